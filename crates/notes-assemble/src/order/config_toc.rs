//! Tables of contents held by configuration files: MkDocs' `nav:`,
//! Jupyter Book's `_toc.yml`, Quarto's `chapters:`. A section holding
//! sections is a group; a section holding notes an event (its `file`, or
//! its first note when it has none, introduces it); a note at the top is
//! a part of its own, or, before the first section, the book's opening
//! (`index.md`, Quarto's `index.qmd`, Jupyter Book's `root`); after the
//! last section (Quarto's `references.qmd`) and the appendices, its end.

use notes_doc::Inline;
use notes_project::layout::{Kind, TocItem};

use crate::library::{Library, Target};
use crate::outline::{Entry, Item, Outline};

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let layout = &lib.project.layout;
    let kind = layout.kind;
    let toc = layout.toc.clone().unwrap_or_default();
    let mut outline = Outline::default();
    if let Some(root) = &toc.root
        && let Some(path) = note_at(lib, root)
    {
        outline.front_notes.push(Entry::new(path, toc.root_title.clone()));
    }
    let sections_at: Vec<usize> = toc.items.iter().enumerate().filter(|(_, i)| matches!(i, TocItem::Section { .. })).map(|(n, _)| n).collect();
    let (first, last) = (sections_at.first().copied(), sections_at.last().copied());
    for (n, item) in toc.items.iter().enumerate() {
        if let TocItem::Page { path, title, children } = item
            && children.is_empty()
            && kind != Kind::JupyterBook
        {
            let before = first.is_none_or(|f| n < f) && (kind == Kind::Quarto || n == 0);
            let after = last.is_some_and(|l| n > l) && kind == Kind::Quarto;
            if before || after {
                if let Some(p) = note_at(lib, path) {
                    let e = Entry::new(p, title.clone());
                    if before { outline.front_notes.push(e) } else { outline.back.push(e) }
                }
                continue;
            }
        }
        outline.items.extend(items(lib, item));
    }
    for item in &toc.appendices {
        for e in entries(lib, std::slice::from_ref(item)) {
            outline.back.push(e);
        }
    }
    outline
}

/// The note a toc path names (relative to the notes folder, with or
/// without its extension); a missing one is reported.
fn note_at(lib: &mut Library, path: &str) -> Option<String> {
    match lib.resolve("", path) {
        Target::Note(p) if !lib.is_taken(&p) => Some(p),
        Target::Note(_) | Target::Elsewhere => None,
        Target::Folder(f) => {
            // A folder in a nav: its index.
            ["index.md", "README.md", "index.qmd"].iter().map(|n| format!("{f}/{n}")).find(|p| lib.file(p).is_some() && !lib.is_taken(p))
        }
        Target::Missing => {
            let toc = config_name(lib);
            lib.missing_entry(&toc, path, Default::default());
            None
        }
    }
}

fn config_name(lib: &Library) -> String {
    match lib.project.layout.kind {
        Kind::Mkdocs => "../mkdocs.yml".into(),
        Kind::JupyterBook => "_toc.yml".into(),
        _ => "_quarto.yml".into(),
    }
}

/// The outline items of one toc item.
fn items(lib: &mut Library, item: &TocItem) -> Vec<Item> {
    match item {
        TocItem::Page { path, title, children } => {
            let Some(p) = note_at(lib, path) else { return Vec::new() };
            let mut e = Entry::new(p, title.clone());
            e.children = entries(lib, children);
            vec![Item::Note(e)]
        }
        TocItem::Glob { pattern } => glob(lib, pattern).into_iter().map(|p| Item::Note(Entry::new(p, None))).collect(),
        TocItem::Section { title, file, children } => {
            let intro_path = file.as_deref().and_then(|f| note_at(lib, f));
            let has_sections = children.iter().any(|c| matches!(c, TocItem::Section { .. }));
            let (title_text, intro) = match &intro_path {
                Some(p) => match lib.take(p) {
                    Some(note) => {
                        let (t, _, blocks, extra) = lib.title_and_blocks(p, title.clone(), note);
                        (notes_doc::plain_text(&t), extra.into_iter().chain(blocks).collect())
                    }
                    None => (title.clone().unwrap_or_default(), Vec::new()),
                },
                None => (title.clone().unwrap_or_default(), Vec::new()),
            };
            let source = intro_path.as_ref().and_then(|p| lib.file(p)).map(|f| notes_doc::SourceRef { path: f.path.clone(), format: f.format });
            if has_sections {
                let mut inner = Vec::new();
                let mut loose = Vec::new();
                for child in children {
                    match child {
                        TocItem::Section { .. } => {
                            if !loose.is_empty() {
                                inner.push(Item::Part {
                                    title: vec![Inline::text(title_text.clone())],
                                    blocks: Vec::new(),
                                    source: None,
                                    pos: Default::default(),
                                    chapters: std::mem::take(&mut loose),
                                });
                            }
                            inner.extend(items(lib, child));
                        }
                        other => loose.extend(entries(lib, std::slice::from_ref(other))),
                    }
                }
                if !loose.is_empty() {
                    inner.push(Item::Part {
                        title: vec![Inline::text(title_text.clone())],
                        blocks: Vec::new(),
                        source: None,
                        pos: Default::default(),
                        chapters: loose,
                    });
                }
                vec![Item::Group { title: title_text, blocks: intro, source, items: inner }]
            } else {
                let chapters = entries(lib, children);
                vec![Item::Part { title: vec![Inline::text(title_text)], blocks: intro, source, pos: Default::default(), chapters }]
            }
        }
    }
}

/// The chapters a list of toc items names (sections inside are flattened).
fn entries(lib: &mut Library, list: &[TocItem]) -> Vec<Entry> {
    let mut out = Vec::new();
    for item in list {
        match item {
            TocItem::Page { path, title, children } => {
                if let Some(p) = note_at(lib, path) {
                    let mut e = Entry::new(p, title.clone());
                    e.children = entries(lib, children);
                    out.push(e);
                }
            }
            TocItem::Glob { pattern } => out.extend(glob(lib, pattern).into_iter().map(|p| Entry::new(p, None))),
            TocItem::Section { children, .. } => out.extend(entries(lib, children)),
        }
    }
    out
}

/// Notes matching a toc's glob, in natural name order.
fn glob(lib: &Library, pattern: &str) -> Vec<String> {
    let Ok(pat) = glob::Pattern::new(pattern) else { return Vec::new() };
    let mut out: Vec<String> =
        lib.files.keys().filter(|p| !lib.is_taken(p) && (pat.matches(p) || pat.matches(p.rsplit_once('.').map_or(p.as_str(), |(s, _)| s)))).cloned().collect();
    out.sort_by(|a, b| notes_doc::names::natural_cmp(a, b));
    out
}
