//! Quarto books (and websites): `_quarto.yml`. `book: chapters:` gives the
//! order — file names, and `part:` maps whose `part` is a title or a `.qmd`
//! that introduces the part — then `appendices:`; `title`, `subtitle`,
//! `author`, `date` (`today`/`last-modified` are keywords, not dates) and
//! `lang` the metadata; `output-dir` and `_extensions/` are not notes.
//! Notebooks (`.ipynb`) listed as chapters are notes.

use std::path::Path;

use serde_yaml_ng::Value;

use super::{ConfigToc, Exclusion, Kind, Layout, TocItem, yaml};

/// The layout of the Quarto project in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Quarto, root);
    layout.notebooks = true;
    layout.skip_dirs.extend(["_extensions".to_string(), "_freeze".to_string(), "_book".to_string(), "_site".to_string()]);
    layout.exclusions.extend(Exclusion::new("[Rr][Ee][Aa][Dd][Mm][Ee].*", "the repository's README"));
    let path = ["_quarto.yml", "_quarto.yaml"].iter().map(|n| root.join(n)).find(|p| p.is_file()).unwrap_or_else(|| root.join("_quarto.yml"));
    let Some(text) = super::read_config(&path, &mut layout.notices) else { return layout };
    let Some(config) = super::parse_yaml(&path, &text, &mut layout.notices) else { return layout };
    if let Some(project) = yaml::get(&config, "project")
        && let Some(dir) = yaml::str_at(project, "output-dir")
    {
        layout.skip_dirs.push(dir.trim_matches('/').to_string());
    }
    let book = yaml::get(&config, "book").or_else(|| yaml::get(&config, "website"));
    let at = |key: &str| book.and_then(|b| yaml::get(b, key)).or_else(|| yaml::get(&config, key));
    layout.meta.title = at("title").and_then(yaml::text);
    layout.meta.subtitle = at("subtitle").and_then(yaml::text);
    layout.meta.authors = at("author").map(yaml::people).unwrap_or_default();
    layout.meta.description = at("description").and_then(yaml::text);
    layout.meta.date = at("date").and_then(yaml::text).filter(|d| notes_doc::dates::parse_date(d).is_some());
    layout.meta.language = yaml::str_at(&config, "lang");
    if let Some(book) = yaml::get(&config, "book") {
        let chapters = chapters(yaml::get(book, "chapters"));
        let appendices = chapters_of(yaml::get(book, "appendices"));
        layout.toc = Some(ConfigToc { items: chapters, appendices, ..ConfigToc::default() });
    }
    layout
}

/// The `chapters:` list: files and `part:` maps.
fn chapters(list: Option<&Value>) -> Vec<TocItem> {
    let Some(Value::Sequence(items)) = list.map(yaml::untag) else { return Vec::new() };
    let mut out = Vec::new();
    for item in items {
        if let Some(part) = yaml::str_at(item, "part") {
            let is_file = [".qmd", ".md", ".ipynb", ".rmd"].iter().any(|e| part.to_ascii_lowercase().ends_with(e));
            let (title, file) = if is_file { (None, Some(part)) } else { (Some(part), None) };
            out.push(TocItem::Section { title, file, children: chapters_of(yaml::get(item, "chapters")) });
        } else if let Some(path) = yaml::text(item).or_else(|| yaml::str_at(item, "href"))
            && !notes_doc::urls::has_scheme(&path)
        {
            out.push(TocItem::Page { path, title: yaml::str_at(item, "text"), children: Vec::new() });
        }
    }
    out
}

/// A list of chapters inside a part or the appendices.
fn chapters_of(list: Option<&Value>) -> Vec<TocItem> {
    chapters(list)
}
