//! Jekyll sites: `_config.yml` with `_posts/` (or `_layouts/`, or a
//! `Gemfile` naming Jekyll). Posts (`_posts/**/YYYY-MM-DD-slug.md`) are the
//! talks; the assemble step groups them by their first category (or year)
//! and orders them by date. Here: the metadata (`title`, `author`, `lang`,
//! `description`), the published collections, and what Jekyll leaves out
//! (`exclude:`, `_drafts/`, folders starting with `_`, site furniture).

use std::path::Path;

use super::{Exclusion, Kind, Layout, yaml};

/// Whether `dir` is the root of a Jekyll site.
pub fn is_site(dir: &Path) -> bool {
    if !dir.join("_config.yml").is_file() && !dir.join("_config.yaml").is_file() {
        return false;
    }
    dir.join("_posts").is_dir()
        || dir.join("_layouts").is_dir()
        || std::fs::read_to_string(dir.join("Gemfile")).is_ok_and(|g| g.contains("jekyll"))
        || std::fs::read_to_string(dir.join("_config.yml")).is_ok_and(|c| c.lines().any(|l| l.starts_with("theme:") || l.starts_with("remote_theme:")))
}

/// The layout of the Jekyll site in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Jekyll, root);
    layout.skip_underscore_dirs = true;
    layout.keep_dirs.push("_posts".into());
    for dir in ["assets", "vendor", "css", "js", "img", "images", "fonts"] {
        layout.skip_dirs.push(dir.into());
    }
    layout.exclusions.extend(Exclusion::new("[Rr][Ee][Aa][Dd][Mm][Ee].*", "the repository's README"));
    let path = root.join("_config.yml");
    let Some(text) = super::read_config(&path, &mut layout.notices) else { return layout };
    let Some(config) = super::parse_yaml(&path, &text, &mut layout.notices) else { return layout };
    layout.meta.title = yaml::str_at(&config, "title");
    layout.meta.description = yaml::str_at(&config, "description");
    layout.meta.authors = yaml::get(&config, "author").map(yaml::people).unwrap_or_default();
    layout.meta.language = yaml::str_at(&config, "lang").or_else(|| yaml::str_at(&config, "locale")).map(|l| l.replace('_', "-"));
    if let Some(exclude) = yaml::get(&config, "exclude") {
        for entry in yaml::strings(exclude) {
            let entry = entry.trim_start_matches('/').trim_end_matches('/');
            layout.exclusions.extend(Exclusion::new(entry, "in _config.yml's exclude"));
            layout.exclusions.extend(Exclusion::new(&format!("{entry}/**"), "in _config.yml's exclude"));
        }
    }
    // Collections: a list of names, or a map of name → settings; only those
    // Jekyll writes out (`output: true`) are pages of the site.
    match yaml::get(&config, "collections").map(yaml::untag) {
        Some(serde_yaml_ng::Value::Sequence(items)) => layout.collections.extend(items.iter().filter_map(yaml::text)),
        Some(serde_yaml_ng::Value::Mapping(map)) => {
            for (name, settings) in map {
                let Some(name) = yaml::text(name) else { continue };
                let output = yaml::get(settings, "output").and_then(|v| v.as_bool()).unwrap_or(false);
                if output && name != "posts" {
                    layout.collections.push(name);
                }
            }
        }
        _ => {}
    }
    for c in &layout.collections {
        layout.keep_dirs.push(format!("_{c}"));
    }
    layout
}
