//! Index notes as the book's order: Sphinx toctrees, and the lists of
//! links of README-style repositories and `notes`' own `index.md` files.
//! The root index gives the book's title and introduction; a heading above
//! its lists groups them; each entry is an event (an index, or a folder,
//! whose index or notes are its talks) or a note of its own. An event index
//! that links nothing introduces its folder's notes. Without a root index
//! (the plain layout), every folder holding notes is an event.

use notes_doc::names::{file_stem, natural_cmp};
use notes_doc::paths::parent_of;
use notes_doc::{Block, Format, Inline, Pos, SourceRef, plain_text};
use notes_project::layout::{Kind, readme};

use super::folders::{self, Policy};
use super::links::{LinkEntry, from_toc, link_list, myst_toctree};
use crate::library::{Library, Target, take_title};
use crate::outline::{Entry, Item, Outline};

/// Whether a note is an index by its name: `index.*`, `README.*`.
pub(crate) fn is_index_name(path: &str) -> bool {
    let stem = file_stem(path).to_ascii_lowercase();
    stem == "index" || stem == "readme"
}

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let layout = &lib.project.layout;
    let root = match layout.kind {
        Kind::Plain => None,
        _ => layout.toc_note.clone().filter(|p| lib.file(p).is_some()).or_else(|| {
            let (notes, _) = lib.folder_contents("");
            readme::INDEX_NAMES.iter().find_map(|want| notes.iter().find(|n| n.to_lowercase() == *want).cloned())
        }),
    };
    let scoped = lib.project.layout.scope.is_some();
    match root {
        Some(root) if !scoped => from_root(lib, &root),
        _ => {
            let title = lib.project.config.title.clone();
            let items = folders::items(lib, lib.project.layout.scope.clone().as_deref().unwrap_or(""), &plain_policy(), &title);
            Outline { items, ..Outline::default() }
        }
    }
}

/// The folder rule of plain and README layouts: a folder's README (or
/// index) introduces it; an index with lists of links is an event index.
fn plain_policy() -> Policy<'static> {
    Policy {
        index: &|lib, folder| {
            let (notes, _) = lib.folder_contents(folder);
            readme::INDEX_NAMES.iter().find_map(|want| notes.iter().find(|n| file_name(n).to_lowercase() == *want).cloned()).filter(|n| !lib.is_taken(n))
        },
        order: &|lib, _, notes, subs| {
            folders::by_date_then_name(lib, notes);
            folders::by_name(subs);
        },
        title: &|lib, folder, index| index.and_then(|i| lib.peek(i)).and_then(note_title).unwrap_or_else(|| folders::name_title(folder)),
        special: &|lib, folder| {
            let (notes, _) = lib.folder_contents(folder);
            let index = readme::INDEX_NAMES.iter().find_map(|want| notes.iter().find(|n| file_name(n).to_lowercase() == *want).cloned())?;
            if lib.is_taken(&index) || lists_of(lib, &index).is_empty() {
                return None;
            }
            Some(event(lib, &index, None))
        },
        note_title: &folders::no_title,
        listed: &folders::all_listed,
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A note's own title: front matter, else its first heading.
pub(crate) fn note_title(note: &notes_read::Note) -> Option<String> {
    note.title.clone().or_else(|| note.blocks.iter().find_map(|b| if let Block::Heading { content, .. } = b { Some(plain_text(content)) } else { None }))
}

/// One list of entries in an index, with its caption and where it stood.
struct List {
    at: usize,
    caption: Option<String>,
    glob: bool,
    entries: Vec<LinkEntry>,
}

/// The lists of links (and toctrees) of an index note not yet placed.
fn lists_of(lib: &Library, path: &str) -> Vec<List> {
    let Some(note) = lib.peek(path) else { return Vec::new() };
    let mut lists = Vec::new();
    for toc in &note.tocs {
        lists.push(List { at: toc.at_block, caption: toc.caption.clone(), glob: toc.glob, entries: from_toc(toc) });
    }
    for (i, block) in note.blocks.iter().enumerate() {
        if let Some(entries) = link_list(block) {
            lists.push(List { at: i, caption: None, glob: false, entries });
        } else if let Some((caption, glob, entries)) = myst_toctree(block) {
            lists.push(List { at: i, caption, glob, entries });
        }
    }
    lists.sort_by_key(|l| l.at);
    lists
}

/// Marks the reader's warning about MyST toctrees moot: they are read here.
fn toctrees_read(lib: &mut Library, path: &str) {
    if lib.peek(path).is_some_and(|n| n.blocks.iter().any(|b| myst_toctree(b).is_some())) {
        lib.moot.push((path.to_string(), "unknown-directive"));
    }
}

/// The root index: the book's title and introduction, and its lists.
fn from_root(lib: &mut Library, root: &str) -> Outline {
    let lists = lists_of(lib, root);
    let captions_group =
        lib.file(root).is_some_and(|f| f.format == Format::Rst) || lists.iter().any(|l| l.caption.is_some() && lib.project.layout.kind == Kind::Sphinx);
    toctrees_read(lib, root);
    let Some(note) = lib.take(root) else { return Outline::default() };
    let mut outline = Outline::default();
    let mut blocks = note.blocks;
    let mut tocs = note.tocs;
    // The lists' positions move when the title is taken.
    let taken_at = blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    let heading = if note.title.is_none() { take_title(&mut blocks, &mut tocs) } else { None };
    outline.title = note.title.or_else(|| heading.map(|(h, _)| plain_text(&h)));
    let shift = |at: usize| if taken_at.is_some_and(|t| at > t) { at - 1 } else { at };
    let lists: Vec<List> = lists
        .into_iter()
        .map(|mut l| {
            l.at = shift(l.at);
            l
        })
        .collect();
    let top = blocks.iter().filter_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None }).min();
    // Segments: the text before the first heading, then one per heading.
    struct Segment {
        heading: Option<Block>,
        blocks: Vec<Block>,
        lists: Vec<List>,
    }
    let mut segments = vec![Segment { heading: None, blocks: Vec::new(), lists: Vec::new() }];
    let list_at: std::collections::BTreeSet<usize> = lists.iter().map(|l| l.at).collect();
    let mut lists = lists.into_iter().peekable();
    for (i, block) in blocks.into_iter().enumerate() {
        while lists.peek().is_some_and(|l| l.at <= i) {
            if let (Some(l), Some(seg)) = (lists.next(), segments.last_mut()) {
                seg.lists.push(l);
            }
        }
        let is_toc_block = list_at.contains(&i) && (link_list(&block).is_some() || myst_toctree(&block).is_some());
        if is_toc_block {
            continue;
        }
        if matches!(&block, Block::Heading { level, .. } if Some(*level) == top) {
            segments.push(Segment { heading: Some(block), blocks: Vec::new(), lists: Vec::new() });
        } else if let Some(seg) = segments.last_mut() {
            seg.blocks.push(block);
        }
    }
    if let Some(seg) = segments.last_mut() {
        seg.lists.extend(lists);
    }
    for seg in segments {
        let heading_text = seg.heading.as_ref().map(|h| if let Block::Heading { content, .. } = h { plain_text(content) } else { String::new() });
        if seg.lists.is_empty() {
            // A section after the toctrees is a part of its own in Sphinx's
            // book (its "Indices and tables" too); elsewhere, prose is part
            // of the book's introduction.
            if lib.project.layout.kind == Kind::Sphinx
                && !outline.items.is_empty()
                && let (Some(title), Some(Block::Heading { pos, .. })) = (heading_text.clone(), seg.heading.as_ref())
            {
                let source = lib.file(root).map(|f| SourceRef { path: f.path.clone(), format: f.format });
                outline.items.push(Item::Part { title: vec![Inline::text(title)], blocks: seg.blocks, source, pos: *pos, chapters: Vec::new() });
                continue;
            }
            outline.front.extend(seg.heading);
            outline.front.extend(seg.blocks);
            continue;
        }
        let mut items = Vec::new();
        let mut captioned = Vec::new();
        for list in seg.lists {
            let list_items = entries_items(lib, root, &list.entries, list.glob);
            match list.caption {
                Some(c) if captions_group => captioned.push(Item::Group { title: c, blocks: Vec::new(), source: None, items: list_items }),
                _ => items.extend(list_items),
            }
        }
        match heading_text {
            Some(title) if !items.is_empty() => outline.items.push(Item::Group { title, blocks: seg.blocks, source: None, items }),
            Some(_) => {
                outline.front.extend(seg.heading);
                outline.front.extend(seg.blocks);
            }
            None => {
                outline.front.extend(seg.blocks);
                outline.items.extend(items);
            }
        }
        outline.items.extend(captioned);
    }
    outline
}

/// The items the entries of a root list make.
fn entries_items(lib: &mut Library, from: &str, entries: &[LinkEntry], glob: bool) -> Vec<Item> {
    let mut out = Vec::new();
    for e in entries {
        if glob && e.target.contains(['*', '?', '[']) {
            for path in expand_glob(lib, from, &e.target) {
                out.push(Item::Note(Entry::new(path, None)));
            }
            continue;
        }
        match lib.resolve(from, &e.target) {
            Target::Note(path) if lib.is_taken(&path) => {}
            Target::Note(path) => {
                if is_index_name(&path) || !lists_of(lib, &path).is_empty() {
                    out.extend(event(lib, &path, Some(e)));
                } else {
                    let mut entry = Entry::new(path.clone(), e.title.clone());
                    entry.children = chapter_entries(lib, &path, &e.children);
                    out.push(Item::Note(entry));
                }
            }
            Target::Folder(folder) => {
                let (notes, _) = lib.folder_contents(&folder);
                let index = readme::INDEX_NAMES.iter().find_map(|want| notes.iter().find(|n| file_name(n).to_lowercase() == *want).cloned());
                match index {
                    Some(index) if !lib.is_taken(&index) => out.extend(event(lib, &index, Some(e))),
                    _ => {
                        let title =
                            e.title.clone().or_else(|| Some(e.text.clone()).filter(|t| !t.trim().is_empty())).unwrap_or_else(|| folders::name_title(&folder));
                        let mut items = folders::items(lib, &folder, &plain_policy(), &title);
                        retitle_first(&mut items, &folder, &title, &e.description);
                        out.extend(items);
                    }
                }
            }
            Target::Elsewhere => {}
            Target::Missing => lib.missing_entry(from, &e.target, e.pos),
        }
    }
    out
}

/// Gives the first item made from a linked folder the link's title, and
/// the link's description as its first words.
fn retitle_first(items: &mut [Item], _folder: &str, title: &str, description: &[Inline]) {
    match items.first_mut() {
        Some(Item::Part { title: t, blocks, pos, .. }) => {
            *t = vec![Inline::text(title)];
            if !description.is_empty() {
                blocks.insert(0, Block::Paragraph { content: description.to_vec(), pos: *pos });
            }
        }
        Some(Item::Group { title: t, blocks, .. }) => {
            *t = title.to_string();
            if !description.is_empty() {
                blocks.insert(0, Block::Paragraph { content: description.to_vec(), pos: Pos::default() });
            }
        }
        _ => {}
    }
}

/// Notes matching a toctree's glob pattern, in name order.
fn expand_glob(lib: &Library, from: &str, pattern: &str) -> Vec<String> {
    let Some(full) = notes_doc::paths::join_relative(parent_of(from), pattern) else { return Vec::new() };
    let Ok(pattern) = glob::Pattern::new(&full) else { return Vec::new() };
    let mut matched: Vec<String> = lib
        .files
        .keys()
        .filter(|p| p.as_str() != from && !lib.is_taken(p))
        .filter(|p| pattern.matches(p) || pattern.matches(p.rsplit_once('.').map_or(p.as_str(), |(s, _)| s)))
        .cloned()
        .collect();
    matched.sort_by(|a, b| natural_cmp(a, b));
    matched
}

/// An event from its index note: the index's title (or the toc's), its
/// text the introduction, its lists the talks. An index that lists
/// nothing introduces the notes of its folder.
fn event(lib: &mut Library, index: &str, link: Option<&LinkEntry>) -> Vec<Item> {
    let lists = lists_of(lib, index);
    let folder = parent_of(index).to_string();
    toctrees_read(lib, index);
    let Some(note) = lib.take(index) else { return Vec::new() };
    let link_text = link.map(|l| l.text.clone()).filter(|t| !t.trim().is_empty());
    let own = note_title(&note);
    let toc_title = link.and_then(|l| l.title.clone());
    let title = toc_title.clone().or(own.clone()).or(link_text).unwrap_or_else(|| folders::name_title(&folder));
    let file = lib.file(index).cloned();
    let source = file.map(|f| SourceRef { path: f.path, format: f.format });
    let (title_inlines, pos, blocks, extra) = lib.title_and_blocks(index, Some(title.clone()), note);
    let mut intro: Vec<Block> = Vec::new();
    if let Some(d) = link.map(|l| &l.description).filter(|d| !d.is_empty()) {
        intro.push(Block::Paragraph { content: d.clone(), pos });
    }
    intro.extend(extra);
    if lists.is_empty() {
        // An index that links nothing: the introduction of its folder.
        intro.extend(blocks);
        let policy = plain_policy();
        let mut items = folders::items(lib, &folder, &Policy { special: &|_, _| None, ..policy }, &title);
        match items.first_mut() {
            Some(Item::Part { title: t, blocks: b, source: s, pos: p, .. }) => {
                *t = title_inlines;
                intro.append(b);
                *b = intro;
                *s = source;
                *p = pos;
            }
            _ => items.insert(0, Item::Part { title: title_inlines, blocks: intro, source, pos, chapters: Vec::new() }),
        }
        return items;
    }
    // The lists are the talks; the headings over them only group them.
    intro.extend(blocks.into_iter().filter(|b| link_list(b).is_none() && myst_toctree(b).is_none()));
    let mut chapters = Vec::new();
    for list in lists {
        if list.glob {
            chapters.extend(list.entries.iter().flat_map(|e| expand_glob(lib, index, &e.target)).map(|p| Entry::new(p, None)));
            continue;
        }
        chapters.extend(chapter_entries(lib, index, &list.entries));
    }
    drop_grouping_headings(&mut intro);
    vec![Item::Part { title: title_inlines, blocks: intro, source, pos, chapters }]
}

/// Whether `index` is the index of a folder that holds `from`.
fn is_ancestor_index(from: &str, index: &str) -> bool {
    let folder = parent_of(index);
    folder.is_empty() || from.starts_with(&format!("{folder}/"))
}

/// Headings left with nothing under them (they grouped the lists that
/// became talks) are not printed.
fn drop_grouping_headings(blocks: &mut Vec<Block>) {
    let mut keep = vec![true; blocks.len()];
    for i in 0..blocks.len() {
        if let Block::Heading { .. } = &blocks[i] {
            let empty = matches!(blocks.get(i + 1), None | Some(Block::Heading { .. }));
            if empty {
                keep[i] = false;
            }
        }
    }
    let mut k = keep.into_iter();
    blocks.retain(|_| k.next().unwrap_or(true));
}

/// The chapters a list of links names: notes (with their nested entries),
/// indexes listed inside an event (their talks follow them), folders
/// (their notes).
fn chapter_entries(lib: &mut Library, from: &str, entries: &[LinkEntry]) -> Vec<Entry> {
    let mut out = Vec::new();
    for e in entries {
        match lib.resolve(from, &e.target) {
            Target::Note(path) if path == from || (is_index_name(&path) && lib.is_taken(&path) && is_ancestor_index(from, &path)) => lib.diags.push(
                notes_doc::diag::Diagnostic::error("index-cycle", format!("the index lists {path}, which is this index itself"))
                    .in_file(lib.shown(from))
                    .at(e.pos, 1)
                    .with_help("an index may not list itself or an index that lists it"),
            ),
            Target::Note(path) if lib.is_taken(&path) || out.iter().any(|x: &Entry| x.path == path) => {}
            Target::Note(path) => {
                let nested = lists_of(lib, &path);
                let mut entry = Entry::new(path.clone(), e.title.clone());
                entry.children = chapter_entries(lib, &path, &e.children);
                if !nested.is_empty() {
                    // An index inside an event: its own text is a talk when it
                    // has any; its talks follow.
                    let has_text = lib.peek(&path).is_some_and(|n| {
                        n.blocks.iter().any(|b| !matches!(b, Block::Heading { .. }) && link_list(b).is_none() && myst_toctree(b).is_none())
                            || !n.tocs.is_empty() && n.blocks.len() > 1
                    });
                    let mut children = Vec::new();
                    for list in nested {
                        children.extend(chapter_entries(lib, &path, &list.entries));
                    }
                    if has_text {
                        entry.children.extend(children);
                        out.push(entry);
                    } else {
                        lib.take(&path);
                        out.extend(children);
                    }
                    continue;
                }
                out.push(entry);
            }
            Target::Folder(folder) => {
                let (mut notes, _) = lib.folder_contents(&folder);
                notes.retain(|n| !lib.is_taken(n) && !is_index_name(n));
                folders::by_date_then_name(lib, &mut notes);
                out.extend(notes.into_iter().map(|n| Entry::new(n, None)));
            }
            Target::Elsewhere => {}
            Target::Missing => lib.missing_entry(from, &e.target, e.pos),
        }
    }
    out
}
