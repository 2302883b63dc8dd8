//! MkDocs sites: `mkdocs.yml`. The notes are under `docs_dir` (default
//! `docs/`); `nav:` gives the order and the titles (nested sections,
//! titled and untitled pages, external links left out). Without a `nav:`,
//! MkDocs' own order applies (the assemble step makes it: by name,
//! `index.md`/`README.md` first, the awesome-pages plugin's `.pages` files
//! where present). `exclude_docs` and `draft_docs` leave files out;
//! `not_in_nav` keeps them out of the nav on purpose.

use std::path::Path;

use serde_yaml_ng::Value;

use super::{ConfigToc, Exclusion, Kind, Layout, TocItem, yaml};

/// The layout of the MkDocs site in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Mkdocs, root);
    let path = ["mkdocs.yml", "mkdocs.yaml"].iter().map(|n| root.join(n)).find(|p| p.is_file()).unwrap_or_else(|| root.join("mkdocs.yml"));
    let mut docs_dir = "docs".to_string();
    if let Some(text) = super::read_config(&path, &mut layout.notices)
        && let Some(config) = super::parse_yaml(&path, &text, &mut layout.notices)
    {
        layout.meta.title = yaml::str_at(&config, "site_name");
        layout.meta.authors = yaml::str_at(&config, "site_author").into_iter().collect();
        layout.meta.description = yaml::str_at(&config, "site_description");
        if let Some(theme) = yaml::get(&config, "theme") {
            layout.meta.language = yaml::str_at(theme, "language").or_else(|| yaml::str_at(theme, "locale")).map(|l| l.replace('_', "-"));
        }
        if let Some(dir) = yaml::str_at(&config, "docs_dir") {
            docs_dir = dir.trim_matches('/').to_string();
        }
        for (key, reason) in [("exclude_docs", "in mkdocs.yml's exclude_docs"), ("draft_docs", "a draft (mkdocs.yml's draft_docs)")] {
            if let Some(lines) = yaml::str_at(&config, key) {
                layout.exclusions.extend(Exclusion::gitignore(&lines, reason));
            }
        }
        if let Some(lines) = yaml::str_at(&config, "not_in_nav") {
            layout.unlisted.extend(Exclusion::gitignore(&lines, "in mkdocs.yml's not_in_nav"));
        }
        if let Some(nav) = yaml::get(&config, "nav") {
            layout.toc = Some(ConfigToc { items: nav_items(nav), ..ConfigToc::default() });
        }
        if let Some(plugins) = yaml::get(&config, "plugins") {
            let names: Vec<String> = match yaml::untag(plugins) {
                Value::Sequence(items) => {
                    items.iter().filter_map(|i| yaml::text(i).or_else(|| i.as_mapping().and_then(|m| m.keys().next()).and_then(yaml::text))).collect()
                }
                Value::Mapping(m) => m.keys().filter_map(yaml::text).collect(),
                _ => Vec::new(),
            };
            layout.awesome_pages = names.iter().any(|n| n == "awesome-pages" || n == "awesome-nav");
            // The tags plugin's page is generated.
            if let Some(Value::Sequence(items)) = Some(yaml::untag(plugins))
                && let Some(tags) = items.iter().find_map(|i| yaml::get(i, "tags"))
                && let Some(file) = yaml::str_at(tags, "tags_file")
            {
                layout.exclusions.extend(Exclusion::new(&file, "the tags plugin's page"));
            }
        }
    }
    let notes_dir = root.join(&docs_dir);
    if notes_dir.is_dir() {
        layout.notes_dir = notes_dir;
    }
    layout
}

/// The entries of a `nav:` list.
pub fn nav_items(nav: &Value) -> Vec<TocItem> {
    let Value::Sequence(items) = yaml::untag(nav) else { return Vec::new() };
    let mut out = Vec::new();
    for item in items {
        match yaml::untag(item) {
            Value::String(path) if !notes_doc::urls::has_scheme(path) => {
                out.push(TocItem::Page { path: path.trim().to_string(), title: None, children: Vec::new() });
            }
            Value::Mapping(map) => {
                for (title, value) in map {
                    let title = yaml::text(title);
                    match yaml::untag(value) {
                        Value::Sequence(_) => out.push(TocItem::Section { title, file: None, children: nav_items(value) }),
                        other => {
                            if let Some(path) = yaml::text(other)
                                && !notes_doc::urls::has_scheme(&path)
                            {
                                out.push(TocItem::Page { path, title, children: Vec::new() });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A folder's `.pages` file (awesome-pages), as far as the order needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pages {
    pub title: Option<String>,
    /// The `nav:` entries: `None` stands for `...` (the rest, by name).
    pub nav: Option<Vec<Option<(String, Option<String>)>>>,
    pub hide: bool,
    pub natural: bool,
    pub reverse: bool,
}

/// Reads `.pages` in `dir` (a folder under the notes folder), if any.
pub fn read_pages(dir: &Path) -> Option<Pages> {
    let text = std::fs::read_to_string(dir.join(".pages")).ok()?;
    if notes_doc::text::yaml_too_deep(&text).is_some() {
        return None;
    }
    let value: Value = serde_yaml_ng::from_str(&text).ok()?;
    let mut pages = Pages {
        title: yaml::str_at(&value, "title"),
        hide: yaml::get(&value, "hide").and_then(Value::as_bool).unwrap_or(false),
        natural: yaml::str_at(&value, "sort_type").is_some_and(|s| s == "natural"),
        reverse: yaml::str_at(&value, "order").is_some_and(|s| s == "desc"),
        nav: None,
    };
    if let Some(Value::Sequence(items)) = yaml::get(&value, "nav").or_else(|| yaml::get(&value, "arrange")) {
        let mut nav = Vec::new();
        for item in items {
            match yaml::untag(item) {
                Value::String(s) if s.trim().starts_with("...") => nav.push(None),
                Value::String(s) => nav.push(Some((s.trim().to_string(), None))),
                Value::Mapping(m) => {
                    for (title, target) in m {
                        if let Some(target) = yaml::text(target).filter(|t| !notes_doc::urls::has_scheme(t)) {
                            nav.push(Some((target, yaml::text(title))));
                        }
                    }
                }
                _ => {}
            }
        }
        pages.nav = Some(nav);
    }
    Some(pages)
}
