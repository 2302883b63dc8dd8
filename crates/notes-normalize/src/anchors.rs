//! Anchors: a unique, stable id for every part, talk and heading, and for
//! every labelled equation.
//!
//! Ids are slugs of titles (`what-makes-python-awesome`): a talk's id is
//! its event's slug and its own (`pycodeconf-embracing-the-gil`), a
//! heading's is its talk's id and its own, so that editing one talk never
//! changes the anchors of another. A clash gets `-2`, `-3`. An id a note
//! set itself (`{#id}`) is kept as written when it is free. Labels (reST
//! `.. _name:`) are book-wide names checked for clashes here.

use std::collections::{BTreeMap, HashSet};

use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::names::slug;
use notes_doc::{Block, Book, Inline, plain_text, walk_blocks_mut, walk_inline_seqs_mut};

use crate::Context;

/// Hands out ids, never the same twice.
#[derive(Default)]
pub struct Ids {
    used: HashSet<String>,
}

impl Ids {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        (2..).map(|n| format!("{base}-{n}")).find(|candidate| self.used.insert(candidate.clone())).unwrap_or_default()
    }

    pub fn is_used(&self, id: &str) -> bool {
        self.used.contains(id)
    }
}

/// The book's labels: name → anchor id. Filled by this pass, used by `links`.
pub type Labels = BTreeMap<String, String>;

/// Anchors a note named (reST `.. _name:` between blocks, inline targets):
/// (name as written, the id it got, the note's path).
pub type Named = Vec<(String, String, String)>;

/// Gives ids; returns the anchors that notes named, for [`labels`].
pub fn run(book: &mut Book, cx: &Context, diags: &mut Diagnostics) -> Named {
    let mut ids = Ids::default();
    let mut named = Named::new();
    for part in &mut book.parts {
        let part_slug = slug(&plain_text(&part.title));
        part.id = ids.unique(&part_slug);
        let part_id = part.id.clone();
        let part_file = part.source.as_ref().map(|s| s.path.clone()).unwrap_or_default();
        heading_ids(&mut part.blocks, &part_id, &mut ids, cx, &part_file, &mut named, diags);
        inline_anchors(&mut part.blocks, &part_id, &mut ids, &part_file, &mut named);
        for chapter in &mut part.chapters {
            let own = slug(&plain_text(&chapter.title));
            chapter.id = ids.unique(&format!("{part_slug}-{own}"));
            let chapter_id = chapter.id.clone();
            let path = chapter.source.path.clone();
            heading_ids(&mut chapter.blocks, &chapter_id, &mut ids, cx, &path, &mut named, diags);
            let mut map: BTreeMap<String, String> = BTreeMap::new();
            for note in &mut chapter.footnotes {
                let new = ids.unique(&format!("{chapter_id}-note-{}", slug(&note.id)));
                map.insert(std::mem::replace(&mut note.id, new.clone()), new);
            }
            let mut fix = |seq: &mut Vec<Inline>| {
                for inline in seq.iter_mut() {
                    match inline {
                        Inline::FootnoteRef { id, .. } => {
                            if let Some(new) = map.get(id.as_str()) {
                                *id = new.clone();
                            }
                        }
                        // An inline target (reST `` _`name` ``): like a label.
                        Inline::Anchor { id } => {
                            let new = label_id(id, &chapter_id, &mut ids);
                            named.push((std::mem::replace(id, new.clone()), new, path.clone()));
                        }
                        _ => {}
                    }
                }
            };
            walk_inline_seqs_mut(&mut chapter.blocks, &mut fix);
            // A footnote cannot have footnotes of its own (and one that
            // refers to itself would never end): such references are kept
            // as their text.
            let file = cx.shown(&chapter.source.path);
            for note in &mut chapter.footnotes {
                // Headings and targets inside a footnote need ids like any other.
                heading_ids(&mut note.blocks, &note.id, &mut ids, cx, &path, &mut named, diags);
                inline_anchors(&mut note.blocks, &note.id, &mut ids, &path, &mut named);
                walk_inline_seqs_mut(&mut note.blocks, &mut |seq| {
                    for inline in seq.iter_mut() {
                        if let Inline::FootnoteRef { pos, .. } = inline {
                            diags.push(
                                Diagnostic::warning("footnote-in-footnote", "a footnote cannot refer to a footnote; the reference is kept as text")
                                    .in_file(&file)
                                    .at(*pos, 1),
                            );
                            *inline = Inline::text("[*]");
                        }
                    }
                });
            }
        }
    }
    // The book's front text (the prose of the root index, headings after
    // its list of events included) needs ids like any other (after the parts, whose ids stay as they were): a heading
    // without one would reach the backends.
    heading_ids(&mut book.front, "book", &mut ids, cx, "", &mut named, diags);
    inline_anchors(&mut book.front, "book", &mut ids, "", &mut named);
    named
}

fn heading_ids(blocks: &mut [Block], prefix: &str, ids: &mut Ids, cx: &Context, file: &str, named: &mut Named, diags: &mut Diagnostics) {
    walk_blocks_mut(blocks, &mut |block| match block {
        Block::Heading { content, id, pos, .. } => {
            if !id.is_empty() {
                // Set by the note (`{#intro}`): keep it if free.
                let wanted = id.clone();
                if ids.is_used(&wanted) {
                    diags.push(
                        Diagnostic::warning("duplicate-anchor", format!("the id {wanted:?} is used twice; this one becomes another"))
                            .in_file(cx.shown(file))
                            .at(*pos, wanted.chars().count() as u32),
                    );
                    *id = ids.unique(&format!("{prefix}-{}", slug(&wanted)));
                } else {
                    *id = ids.unique(&wanted);
                }
            } else {
                *id = ids.unique(&format!("{prefix}-{}", slug(&plain_text(content))));
            }
        }
        Block::Anchor { id, .. } => {
            // A label the note set (reST `.. _name:`): kept as written when
            // it is free and fit to be an id, so that `labels` finds it.
            let new = label_id(id, prefix, ids);
            named.push((std::mem::replace(id, new.clone()), new, file.to_string()));
        }
        // A labelled equation is an anchor named by its label.
        Block::Math { label: Some(label), id, .. } => {
            *id = label_id(label, prefix, ids);
            named.push((label.clone(), id.clone(), file.to_string()));
        }
        _ => {}
    });
}

/// Inline targets (reST `` _`name` ``) in blocks that hold no footnote
/// references of their own: named like labels.
fn inline_anchors(blocks: &mut [Block], prefix: &str, ids: &mut Ids, file: &str, named: &mut Named) {
    walk_inline_seqs_mut(blocks, &mut |seq| {
        for inline in seq.iter_mut() {
            if let Inline::Anchor { id } = inline {
                let new = label_id(id, prefix, ids);
                named.push((std::mem::replace(id, new.clone()), new, file.to_string()));
            }
        }
    });
}

/// The id of a label the note set: its own name when free and fit to be an
/// id, else a unique one made from it.
fn label_id(name: &str, prefix: &str, ids: &mut Ids) -> String {
    if is_plain_id(name) && !ids.is_used(name) { ids.unique(name) } else { ids.unique(&format!("{prefix}-{}", slug(name))) }
}

/// An id that every backend can use as it is: an ASCII letter, then ASCII
/// letters, digits, `-`, `_` or `.`.
fn is_plain_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The label map of a normalized book: every label and the anchor it names.
/// Clashing labels are reported; the first wins.
pub fn labels(book: &Book, named: &Named, cx: &Context, diags: &mut Diagnostics) -> Labels {
    let mut map = Labels::new();
    let mut add = |label: &str, id: &str, file: Option<&str>, diags: &mut Diagnostics| {
        let key = label.to_lowercase();
        if let Some(existing) = map.get(&key) {
            if existing != id
                && let Some(f) = file
            {
                diags.push(Diagnostic::warning("duplicate-label", format!("the label {label:?} is defined twice; links go to the first")).in_file(cx.shown(f)));
            }
        } else {
            map.insert(key, id.to_string());
        }
    };
    for part in &book.parts {
        let file = part.source.as_ref().map(|s| s.path.as_str());
        for chapter in &part.chapters {
            let f = Some(chapter.source.path.as_str());
            for label in &chapter.labels {
                add(label, &chapter.id, f, diags);
            }
            notes_doc::walk_blocks(&chapter.blocks, &mut |b| {
                if let Block::Heading { labels, id, .. } = b {
                    for label in labels {
                        add(label, id, f, diags);
                    }
                }
            });
        }
        notes_doc::walk_blocks(&part.blocks, &mut |b| {
            if let Block::Heading { labels, id, .. } = b {
                for label in labels {
                    add(label, id, file, diags);
                }
            }
        });
    }
    // Labels between blocks and inline targets are their own anchors.
    for (name, id, file) in named {
        add(name, id, Some(file), diags);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("What's the Future?"), "whats-the-future");
        assert_eq!(slug("  Backbone.js and Django  "), "backbone-js-and-django");
        assert_eq!(slug("Café für Ärzte"), "café-für-ärzte");
        assert_eq!(slug("#{1+1}"), "1-1");
        assert_eq!(slug("???"), "");
    }

    #[test]
    fn labels_between_blocks_keep_their_name() {
        use notes_doc::{Chapter, Format, Part, Pos, SourceRef, TalkMeta};
        use notes_project::config::Config;
        let chapter = |path: &str, id: &str| Chapter {
            id: String::new(),
            title: vec![Inline::text("Talk")],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: path.into(), format: Format::Rst },
            blocks: vec![Block::Anchor { id: id.into(), pos: Pos::new(3, 1) }],
            footnotes: vec![],
            labels: vec![],
            pos: Pos::new(1, 1),
        };
        let part = Part {
            id: String::new(),
            title: vec![Inline::text("Event")],
            number: None,
            source: None,
            blocks: vec![],
            chapters: vec![chapter("e/a.rst", "fig-1"), chapter("e/b.rst", "fig-1"), chapter("e/c.rst", "odd label")],
            pos: Pos::new(1, 1),
        };
        let mut book = Book { version: 1, meta: Default::default(), front: vec![], parts: vec![part], indexes: vec![] };
        let config = Config::default();
        let cx = Context { config: &config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new(".") };
        let mut diags = Diagnostics::new();
        let named = run(&mut book, &cx, &mut diags);
        let ids: Vec<String> = book.parts[0]
            .chapters
            .iter()
            .map(|c| match &c.blocks[0] {
                Block::Anchor { id, .. } => id.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(ids, ["fig-1", "event-talk-2-fig-1", "event-talk-3-odd-label"]);
        let map = labels(&book, &named, &cx, &mut diags);
        assert_eq!(map.get("fig-1").map(String::as_str), Some("fig-1"));
        assert_eq!(map.get("odd label").map(String::as_str), Some("event-talk-3-odd-label"));
    }

    /// Regression: a heading of the root index after its list of events
    /// (`# Book / ## Conferences / - [E](e/index.md) / ### Meetups`) is
    /// front text, and went to the PDF without an id (Typst: "label name
    /// must not be empty").
    #[test]
    fn front_headings_get_ids() {
        use notes_doc::Pos;
        use notes_project::config::Config;
        let heading = Block::Heading { level: 2, content: vec![Inline::text("Meetups")], id: String::new(), number: None, labels: vec![], pos: Pos::new(7, 1) };
        let anchor = Block::Anchor { id: "here".into(), pos: Pos::new(8, 1) };
        let mut book = Book { version: 1, meta: Default::default(), front: vec![heading, anchor], parts: vec![], indexes: vec![] };
        let config = Config::default();
        let cx = Context { config: &config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new(".") };
        run(&mut book, &cx, &mut Diagnostics::new());
        let mut ids = Vec::new();
        notes_doc::walk_blocks(&book.front, &mut |b| match b {
            Block::Heading { id, .. } | Block::Anchor { id, .. } => ids.push(id.clone()),
            _ => {}
        });
        assert_eq!(ids, ["book-meetups", "here"]);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a"), "a-3");
        assert_eq!(ids.unique(""), "section");
    }
}
