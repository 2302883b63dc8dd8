//! The book's outline as a layout orders it, before the notes become parts
//! and chapters: groups (levels of the contents above events), parts with
//! their introductions, chapters with the chapters nested below them, the
//! notes that open and close the book. [`build`] turns an outline into the
//! book, placing the notes no table of contents reaches after the listed
//! notes of their folder's event, with one warning for all of them.

use std::collections::BTreeMap;

use notes_doc::diag::Diagnostic;
use notes_doc::names::{folder_title, natural_cmp};
use notes_doc::paths::parent_of;
use notes_doc::{Block, Book, Chapter, Inline, Part, Pos, SourceRef};
use notes_read::Note;

use crate::library::Library;

/// What a layout says the book is.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// The book's title, from a root index, when no configuration gave one.
    pub title: Option<String>,
    /// Prose that opens the book (a root index's text).
    pub front: Vec<Block>,
    /// Notes printed at the start of the book, each under its title.
    pub front_notes: Vec<Entry>,
    pub items: Vec<Item>,
    /// Notes printed at the end (suffix chapters, appendices), a part each.
    pub back: Vec<Entry>,
}

/// One level of the outline.
#[derive(Debug)]
pub(crate) enum Item {
    /// A titled group of parts (a heading over lists of links, a nav
    /// section holding sections, a folder of folders). Its text, when it
    /// comes from a note of its own (`source`: a folder note, a section's
    /// index), is a part of its own before the group's parts, so that links
    /// to that note reach it and its warnings name it; otherwise (prose
    /// under a heading of the root index) it introduces the first part.
    Group { title: String, blocks: Vec<Block>, source: Option<SourceRef>, items: Vec<Item> },
    /// An event: its title, introduction and talks.
    Part { title: Vec<Inline>, blocks: Vec<Block>, source: Option<SourceRef>, pos: Pos, chapters: Vec<Entry> },
    /// A note on its own at the top: a part of its own (its nested notes
    /// its chapters).
    Note(Entry),
}

/// A note the outline names, with the title its table of contents gives
/// it and the notes nested below it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub path: String,
    pub title: Option<String>,
    pub children: Vec<Entry>,
    /// Placed by a rule but named by no table of contents (an Obsidian note
    /// its folder note does not link): counted with the orphans.
    pub orphan: bool,
}

impl Entry {
    pub fn new(path: impl Into<String>, title: Option<String>) -> Entry {
        Entry { path: path.into(), title, children: Vec::new(), orphan: false }
    }
}

/// Turns the outline into the book's parts, then adds the notes it did not
/// reach.
pub(crate) fn build(outline: Outline, lib: &mut Library, book: &mut Book) {
    if let Some(t) = outline.title
        && !lib.project.title_given
    {
        book.meta.title = crate::book_title_from_index(&t);
    }
    let mut prose = outline.front;
    for (n, b) in prose.iter_mut().enumerate() {
        if let Block::Heading { id, content, .. } = b
            && id.is_empty()
        {
            *id = format!("front-{}-{n}", notes_doc::names::slug(&notes_doc::plain_text(content)));
        }
    }
    book.front.extend(prose);
    for e in outline.front_notes.iter().chain(&outline.back) {
        lib.reserve(&e.path);
    }
    let mut early_parts = Vec::new();
    for entry in outline.front_notes {
        if let Some(part) = front_note(&entry, lib, &mut book.front) {
            early_parts.push(part);
        }
    }
    book.parts.extend(early_parts);
    let mut pending_intro = Vec::new();
    for item in outline.items {
        add_item(item, &[], &mut pending_intro, lib, book);
    }
    // Orphans: after the listed notes of their folder's event, else in a
    // part of their own per folder, before the back matter.
    let orphans = lib.unplaced();
    let leave_out = lib.project.config.orphans == notes_project::config::Orphans::LeaveOut;
    let mut orphan_parts: BTreeMap<String, Part> = BTreeMap::new();
    for (path, _) in &orphans {
        if leave_out {
            continue;
        }
        let folder = parent_of(path).to_string();
        let home = book.parts.iter().rposition(|p| p.chapters.iter().any(|c| parent_of(&c.source.path) == folder));
        let Some(chapter) = lib.chapter(&Entry::new(path.clone(), None)) else { continue };
        match home {
            Some(i) => book.parts[i].chapters.push(chapter),
            None => {
                let part = orphan_parts.entry(folder.clone()).or_insert_with(|| Part {
                    id: String::new(),
                    title: vec![Inline::text(path_title(&folder))],
                    number: None,
                    source: None,
                    blocks: Vec::new(),
                    chapters: Vec::new(),
                    pos: Pos::default(),
                });
                part.chapters.push(chapter);
            }
        }
    }
    let mut orphan_parts: Vec<(String, Part)> = orphan_parts.into_iter().collect();
    orphan_parts.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    book.parts.extend(orphan_parts.into_iter().map(|(_, p)| p));
    for entry in outline.back {
        if let Some(part) = note_part(&entry, lib) {
            book.parts.push(part);
        }
    }
    let mut warned: Vec<String> = lib.marked_orphans.clone();
    warned.extend(orphans.iter().filter(|(_, warn)| *warn).map(|(p, _)| p.clone()));
    warned.sort_by(|a, b| natural_cmp(a, b));
    warned.dedup();
    lib.survey.orphans = warned.clone();
    if !warned.is_empty() {
        let n = warned.len();
        let toc = lib.project.layout.kind.toc_name();
        let shown: Vec<String> = warned.iter().take(4).cloned().collect();
        let more = if n > 4 { format!(" and {} more", n - 4) } else { String::new() };
        let (message, help) = if leave_out {
            (
                format!("{n} note{} in no {toc} left out (orphans = \"leave-out\"): {}{more}", if n == 1 { " is" } else { "s are" }, shown.join(", ")),
                "`notes check` lists them all".to_string(),
            )
        } else {
            (
                format!(
                    "{n} note{} in no {toc}: {}{more}; {} added after the listed notes of {} folder",
                    if n == 1 { " is" } else { "s are" },
                    shown.join(", "),
                    if n == 1 { "it is" } else { "they are" },
                    if n == 1 { "its" } else { "their" }
                ),
                format!(
                    "list {} in the {toc}, or set orphans = \"leave-out\" in notes.toml to follow the {toc} strictly; `notes check` lists them all",
                    if n == 1 { "it" } else { "them" }
                ),
            )
        };
        let severity = if leave_out { Diagnostic::info("not-in-index", message) } else { Diagnostic::warning("not-in-index", message) };
        lib.diags.push(severity.with_help(help));
    }
}

/// A folder's path as a title: "2032 / Ålesund fjord meetup"; the notes
/// folder itself is "Other notes".
pub(crate) fn path_title(folder: &str) -> String {
    if folder.is_empty() {
        return "Other notes".into();
    }
    folder.split('/').map(folder_title).collect::<Vec<_>>().join(" / ")
}

fn add_item(item: Item, prefix: &[String], pending_intro: &mut Vec<Block>, lib: &mut Library, book: &mut Book) {
    let titled = |title: Vec<Inline>, prefix: &[String]| -> Vec<Inline> {
        if prefix.is_empty() {
            return title;
        }
        let mut t = vec![Inline::text(format!("{} / ", prefix.join(" / ")))];
        t.extend(title);
        t
    };
    match item {
        Item::Group { title, blocks, source, items } => {
            match source {
                Some(source) if blocks.iter().any(has_text) => {
                    let pos = blocks.first().map(Block::pos).unwrap_or_default();
                    let mut intro = std::mem::take(pending_intro);
                    intro.extend(blocks);
                    book.parts.push(Part {
                        id: String::new(),
                        title: titled(vec![Inline::text(title.clone())], prefix),
                        number: None,
                        source: Some(source),
                        blocks: intro,
                        chapters: Vec::new(),
                        pos,
                    });
                }
                _ => pending_intro.extend(blocks),
            }
            let mut prefix = prefix.to_vec();
            prefix.push(title);
            for item in items {
                add_item(item, &prefix, pending_intro, lib, book);
            }
        }
        Item::Part { title, mut blocks, source, pos, chapters } => {
            let mut list = Vec::new();
            for entry in &chapters {
                lib.chapters_of(entry, &mut list);
            }
            if list.is_empty() && !blocks.iter().any(has_text) {
                return;
            }
            if !pending_intro.is_empty() {
                let mut intro = std::mem::take(pending_intro);
                intro.append(&mut blocks);
                blocks = intro;
            }
            book.parts.push(Part { id: String::new(), title: titled(title, prefix), number: None, source, blocks, chapters: list, pos });
        }
        Item::Note(entry) => {
            if let Some(mut part) = note_part(&entry, lib) {
                part.title = titled(part.title, prefix);
                if !pending_intro.is_empty() {
                    let mut intro = std::mem::take(pending_intro);
                    intro.append(&mut part.blocks);
                    part.blocks = intro;
                }
                book.parts.push(part);
            }
        }
    }
}

/// Whether a block holds something to read (not only an anchor).
pub(crate) fn has_text(block: &Block) -> bool {
    !matches!(block, Block::Anchor { .. } | Block::Index { .. })
}

/// A note on its own as a part: its text the part's text, its nested notes
/// the part's chapters (a note with footnotes is the part's one chapter).
pub(crate) fn note_part(entry: &Entry, lib: &mut Library) -> Option<Part> {
    let note = lib.take(&entry.path)?;
    let file = lib.file(&entry.path)?;
    let source = SourceRef { path: file.path.clone(), format: file.format };
    let Note { title, meta, blocks, footnotes, tocs, title_labels, .. } = note;
    let bare = Note { title, blocks, tocs, ..Note::default() };
    let (chapter_title, pos, blocks, extra) = lib.title_and_blocks(&entry.path, entry.title.clone(), bare);
    let mut part =
        Part { id: String::new(), title: chapter_title.clone(), number: None, source: Some(source.clone()), blocks: Vec::new(), chapters: Vec::new(), pos };
    let mut body = extra;
    body.extend(blocks);
    if footnotes.is_empty() && meta.speakers.is_empty() && title_labels.is_empty() {
        part.blocks = body;
    } else {
        part.chapters.push(Chapter { id: String::new(), title: chapter_title, number: None, meta, source, blocks: body, footnotes, labels: title_labels, pos });
    }
    for child in &entry.children {
        lib.chapters_of(child, &mut part.chapters);
    }
    if part.chapters.is_empty() && !part.blocks.iter().any(has_text) {
        return None;
    }
    Some(part)
}

/// A note that opens the book: its title a heading of the front matter,
/// its headings one level below. A note with footnotes is a part instead.
fn front_note(entry: &Entry, lib: &mut Library, front: &mut Vec<Block>) -> Option<Part> {
    let has_footnotes = lib.peek(&entry.path).is_some_and(|n| !n.footnotes.is_empty());
    if has_footnotes {
        return note_part(entry, lib);
    }
    let note = lib.take(&entry.path)?;
    let (title, pos, blocks, extra) = lib.title_and_blocks(&entry.path, entry.title.clone(), note);
    if !blocks.iter().any(has_text) && entry.title.is_none() {
        return None;
    }
    // Front matter is not given anchors by normalization: ours are unique.
    let id = format!("front-{}-{}", notes_doc::names::slug(&notes_doc::plain_text(&title)), front.len());
    front.push(Block::Heading { level: 1, content: title, id, number: None, labels: Vec::new(), pos });
    let mut blocks: Vec<Block> = extra.into_iter().chain(blocks).collect();
    let at = front.len();
    for (n, b) in blocks.iter_mut().enumerate() {
        if let Block::Heading { level, id, content, .. } = b {
            *level = (*level + 1).min(6);
            if id.is_empty() {
                *id = format!("front-{}-{}", notes_doc::names::slug(&notes_doc::plain_text(content)), at + n);
            }
        }
    }
    front.extend(blocks);
    None
}
