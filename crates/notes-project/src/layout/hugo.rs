//! Hugo sites: `hugo.toml` (or `.yaml`/`.json`, the older `config.toml`
//! beside a `content/` folder, or `config/_default/`). The notes are the
//! pages under `contentDir` (default `content/`); sections are folders,
//! `_index.md` a section's title and introduction, and the order Hugo's
//! (weight, then date newest first, then title), which the assemble step
//! makes from the pages' front matter.

use std::path::{Path, PathBuf};

use super::{Kind, Layout, yaml};

/// Whether `dir` is the root of a Hugo site.
pub fn is_site(dir: &Path) -> bool {
    ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"].iter().any(|f| dir.join(f).is_file())
        || (dir.join("content").is_dir() && ["config.toml", "config.yaml", "config.yml"].iter().any(|f| dir.join(f).is_file()))
        || dir.join("config/_default").is_dir()
}

/// The site's configuration file, if there is one.
fn config_file(root: &Path) -> Option<PathBuf> {
    let names = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
    ];
    names.iter().map(|n| root.join(n)).find(|p| p.is_file())
}

/// The layout of the Hugo site in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Hugo, root);
    let mut content = "content".to_string();
    if let Some(path) = config_file(root)
        && let Some(text) = super::read_config(&path, &mut layout.notices)
    {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        // One shape for all three formats: a JSON-like value.
        let value: Option<serde_yaml_ng::Value> = match ext {
            "toml" => super::parse_toml(&path, &text, &mut layout.notices).and_then(|t| serde_yaml_ng::to_value(t).ok()),
            _ => super::parse_yaml(&path, &text, &mut layout.notices),
        };
        if let Some(config) = value {
            layout.meta.title = yaml::str_at(&config, "title");
            layout.meta.language = yaml::str_at(&config, "languageCode").or_else(|| yaml::str_at(&config, "defaultContentLanguage"));
            let params = yaml::get(&config, "params");
            layout.meta.description = params.and_then(|p| yaml::str_at(p, "description")).or_else(|| yaml::str_at(&config, "description"));
            let author = params.and_then(|p| yaml::get(p, "author")).or_else(|| yaml::get(&config, "author"));
            layout.meta.authors = author.map(yaml::people).unwrap_or_default();
            if let Some(dir) = yaml::str_at(&config, "contentDir") {
                content = dir.trim_matches('/').to_string();
            }
        }
    }
    let notes_dir = root.join(&content);
    if notes_dir.is_dir() {
        layout.notes_dir = notes_dir;
    }
    layout
}
