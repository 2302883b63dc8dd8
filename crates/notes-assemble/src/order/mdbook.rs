//! mdBook's `SUMMARY.md`, read as a note: links before the first list are
//! prefix chapters (the book's opening), `# Part` headings start parts,
//! nested list items are nested chapters, items without a file
//! (`[Draft]()`) are draft chapters (listed, not printed), links after the
//! last list are suffix chapters (the book's end). Entries inside HTML
//! comments were never read, so their files are orphans.

use notes_doc::{Block, Inline, Pending, Target, plain_text};

use crate::library::{Library, Target as Found};
use crate::outline::{Entry, Item, Outline};

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let mut outline = Outline::default();
    let Some(summary) = lib.toc_note.take() else {
        // No SUMMARY.md: the folders are the order.
        return super::index::outline(lib);
    };
    let from = lib.project.layout.toc_note.clone().unwrap_or_else(|| "SUMMARY.md".into());
    let mut part: Option<(String, Vec<Entry>)> = None;
    let mut seen_list = false;
    let mut suffix = Vec::new();
    for (i, block) in summary.blocks.iter().enumerate() {
        match block {
            Block::Heading { content, .. } => {
                if i == 0 && !seen_list && plain_text(content).trim().eq_ignore_ascii_case("summary") {
                    continue;
                }
                if let Some((title, chapters)) = part.take() {
                    outline.items.push(Item::Part { title: vec![Inline::text(title)], blocks: Vec::new(), source: None, pos: Default::default(), chapters });
                }
                part = Some((plain_text(content), Vec::new()));
                seen_list = true;
                outline.back.append(&mut suffix);
            }
            Block::List { .. } => {
                seen_list = true;
                outline.back.append(&mut suffix);
                let entries = list_entries(lib, &from, block);
                match part.as_mut() {
                    Some((_, chapters)) => chapters.extend(entries),
                    None => outline.items.extend(entries.into_iter().map(Item::Note)),
                }
            }
            Block::Paragraph { content, .. } => {
                for (target, text) in links(content) {
                    let Some(path) = resolve(lib, &from, &target) else { continue };
                    let e = Entry::new(path, Some(text));
                    if seen_list { suffix.push(e) } else { outline.front_notes.push(e) }
                }
            }
            _ => {}
        }
    }
    if let Some((title, chapters)) = part.take() {
        outline.items.push(Item::Part { title: vec![Inline::text(title)], blocks: Vec::new(), source: None, pos: Default::default(), chapters });
    }
    outline.back.append(&mut suffix);
    outline
}

/// The chapters of a SUMMARY list; draft items are recorded and skipped.
fn list_entries(lib: &mut Library, from: &str, block: &Block) -> Vec<Entry> {
    let Block::List { items, .. } = block else { return Vec::new() };
    let mut out = Vec::new();
    for item in items {
        let mut entry: Option<Entry> = None;
        let mut children = Vec::new();
        for b in &item.blocks {
            match b {
                Block::Paragraph { content, .. } if entry.is_none() => match links(content).into_iter().next() {
                    Some((target, text)) => entry = resolve(lib, from, &target).map(|p| Entry::new(p, Some(text))),
                    None => lib.survey.left_out.push((format!("{from}: {}", plain_text(content).trim()), "a draft chapter (no file)".into())),
                },
                Block::List { .. } => children.extend(list_entries(lib, from, b)),
                _ => {}
            }
        }
        match entry {
            Some(mut e) => {
                e.children = children;
                out.push(e);
            }
            None => out.extend(children),
        }
    }
    out
}

/// The local links of a paragraph: (destination, text).
fn links(content: &[Inline]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for inline in content {
        match inline {
            Inline::Link { target: Target::Pending(Pending::Path { path, .. }), content, .. } => out.push((path.clone(), plain_text(content))),
            other => {
                if let Some(children) = notes_doc::child_inlines(other) {
                    out.extend(links(children));
                }
            }
        }
    }
    out
}

fn resolve(lib: &mut Library, from: &str, target: &str) -> Option<String> {
    match lib.resolve(from, target) {
        Found::Note(p) if !lib.is_taken(&p) => Some(p),
        Found::Missing => {
            lib.missing_entry(from, target, Default::default());
            None
        }
        _ => None,
    }
}
