//! Jupyter Books: `_toc.yml` in both of its formats — `format: jb-book`
//! (`root`, `parts` with `caption`, `chapters`, `sections`) or
//! `jb-article` (`sections`), and the older plain list (`- file:`,
//! `- part:`/`chapters:`, `- header:`) — with `file`, `title`, `glob` and
//! `url` entries; `_config.yml` gives `title`, `author`,
//! `exclude_patterns` and `sphinx.config.language`. Notebooks in the toc
//! are notes.

use std::path::Path;

use serde_yaml_ng::Value;

use super::{ConfigToc, Exclusion, Kind, Layout, TocItem, yaml};

/// The layout of the Jupyter Book in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::JupyterBook, root);
    layout.notebooks = true;
    layout.skip_underscore_dirs = true;
    layout.exclusions.extend(Exclusion::new("[Rr][Ee][Aa][Dd][Mm][Ee].*", "the repository's README (the toc's root is the book's start)"));
    let config_path = root.join("_config.yml");
    if let Some(text) = super::read_config(&config_path, &mut layout.notices)
        && let Some(config) = super::parse_yaml(&config_path, &text, &mut layout.notices)
    {
        layout.meta.title = yaml::str_at(&config, "title");
        layout.meta.authors = yaml::get(&config, "author").map(yaml::people).unwrap_or_default();
        layout.meta.language = yaml::get(&config, "sphinx").and_then(|s| yaml::get(s, "config")).and_then(|c| yaml::str_at(c, "language"));
        for pattern in yaml::get(&config, "exclude_patterns").map(yaml::strings).unwrap_or_default() {
            layout.exclusions.extend(Exclusion::new(&pattern, "in _config.yml's exclude_patterns"));
            layout.exclusions.extend(Exclusion::new(&format!("{}/**", pattern.trim_end_matches('/')), "in _config.yml's exclude_patterns"));
        }
    }
    let toc_path = ["_toc.yml", "_toc.yaml"].iter().map(|n| root.join(n)).find(|p| p.is_file()).unwrap_or_else(|| root.join("_toc.yml"));
    if let Some(text) = super::read_config(&toc_path, &mut layout.notices)
        && let Some(toc) = super::parse_yaml(&toc_path, &text, &mut layout.notices)
    {
        let (toc, legacy) = read_toc(&toc);
        if legacy {
            layout.variant = Some("legacy _toc.yml".into());
        }
        layout.toc = Some(toc);
    }
    layout
}

/// A `_toc.yml` as a table of contents, and whether it is the older form.
pub fn read_toc(value: &Value) -> (ConfigToc, bool) {
    match yaml::untag(value) {
        Value::Sequence(items) => (legacy(items), true),
        _ => {
            let root = yaml::str_at(value, "root");
            let mut items = Vec::new();
            if let Some(Value::Sequence(parts)) = yaml::get(value, "parts") {
                for part in parts {
                    let children = entries(yaml::get(part, "chapters").or_else(|| yaml::get(part, "sections")));
                    items.push(TocItem::Section { title: yaml::str_at(part, "caption"), file: None, children });
                }
            }
            items.extend(entries(yaml::get(value, "chapters")));
            items.extend(entries(yaml::get(value, "sections")));
            (ConfigToc { root, items, ..ConfigToc::default() }, false)
        }
    }
}

/// The entries of a `chapters:`/`sections:` list.
fn entries(list: Option<&Value>) -> Vec<TocItem> {
    let Some(Value::Sequence(items)) = list.map(yaml::untag) else { return Vec::new() };
    items.iter().filter_map(entry).collect()
}

/// One `file:`/`glob:` entry with its nested `sections:`.
fn entry(item: &Value) -> Option<TocItem> {
    if let Some(pattern) = yaml::str_at(item, "glob") {
        return Some(TocItem::Glob { pattern });
    }
    let path = yaml::str_at(item, "file")?;
    let mut children = entries(yaml::get(item, "sections"));
    if let Some(Value::Sequence(parts)) = yaml::get(item, "parts") {
        for part in parts {
            children.extend(entries(yaml::get(part, "sections").or_else(|| yaml::get(part, "chapters"))));
        }
    }
    Some(TocItem::Page { path, title: yaml::str_at(item, "title"), children })
}

/// The older plain list: the first `file` is the root; `header:` starts a
/// part of the entries after it; `part:` holds its `chapters:`.
fn legacy(items: &[Value]) -> ConfigToc {
    let mut toc = ConfigToc::default();
    let mut current: Option<(Option<String>, Vec<TocItem>)> = None;
    for item in items {
        if let Some(header) = yaml::str_at(item, "header") {
            if let Some((title, children)) = current.take() {
                toc.items.push(TocItem::Section { title, file: None, children });
            }
            current = Some((Some(header), Vec::new()));
            continue;
        }
        if let Some(part) = yaml::str_at(item, "part") {
            if let Some((title, children)) = current.take() {
                toc.items.push(TocItem::Section { title, file: None, children });
            }
            toc.items.push(TocItem::Section { title: Some(part), file: None, children: entries(yaml::get(item, "chapters")) });
            continue;
        }
        let Some(e) = entry(item) else { continue };
        if toc.root.is_none()
            && toc.items.is_empty()
            && current.is_none()
            && let TocItem::Page { path, children, .. } = &e
            && children.is_empty()
        {
            toc.root = Some(path.clone());
            if let TocItem::Page { title, .. } = &e {
                toc.root_title = title.clone();
            }
            continue;
        }
        match current.as_mut() {
            Some((_, children)) => children.push(e),
            None => toc.items.push(e),
        }
    }
    if let Some((title, children)) = current.take() {
        toc.items.push(TocItem::Section { title, file: None, children });
    }
    toc
}
