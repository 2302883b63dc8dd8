//! Parts of a finished book: the events and talks `--only EVENT` and
//! `--only EVENT/TALK` name, and one book per talk for handouts.
//!
//! It works on the normalized tree and keeps its ids and numbers (talk 2.3
//! stays 2.3 in a subset). Links to anchors left out of a subset become
//! their text, so that backends never meet a link to nowhere. It reads no
//! file and prints nothing.

use std::collections::{BTreeMap, HashSet};

use notes_doc::names::slug;
use notes_doc::{Block, Book, BookIndex, Chapter, IndexPlace, IndexTerm, Inline, Part, Target, plain_text, walk_blocks, walk_inline_seqs_mut, walk_inlines_in};

/// One `--only` value: an event, or one talk of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub event: String,
    pub talk: Option<String>,
}

impl Selector {
    /// Parses `EVENT` or `EVENT/TALK`.
    pub fn parse(s: &str) -> Result<Selector, BadSelector> {
        let s = s.trim().trim_matches('/');
        let (event, talk) = match s.split_once('/') {
            Some((e, t)) => (e.trim(), Some(t.trim())),
            None => (s, None),
        };
        if event.is_empty() || talk.is_some_and(|t| t.is_empty() || t.contains('/')) {
            return Err(BadSelector(s.to_string()));
        }
        Ok(Selector { event: event.to_string(), talk: talk.map(str::to_string) })
    }
}

/// A `--only` value that is not `EVENT` or `EVENT/TALK`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not EVENT or EVENT/TALK (for example: pycon_2012 or pycon_2012/pandas)")]
pub struct BadSelector(pub String);

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.talk {
            Some(t) => write!(f, "{}/{t}", self.event),
            None => f.write_str(&self.event),
        }
    }
}

/// A selector that names nothing in the book.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SelectError {
    pub message: String,
    /// What there is to choose from.
    pub help: String,
}

/// The name an event is chosen by: its folder (`pycon_2012`), else its
/// file's stem, else its anchor.
pub fn event_name(part: &Part) -> String {
    match &part.source {
        Some(src) => {
            let folder = notes_doc::paths::parent_of(&src.path);
            if folder.is_empty() { notes_doc::names::file_stem(&src.path).to_string() } else { folder.to_string() }
        }
        None => part.id.clone(),
    }
}

/// The name a talk is chosen by: its file's stem (`pandas`).
pub fn talk_name(chapter: &Chapter) -> String {
    notes_doc::names::file_stem(&chapter.source.path).to_string()
}

/// Whether `wanted` names this event: its folder, its title or its anchor,
/// compared as slugs (`pycon_2012`, `PyCon 2012` and `pycon-2012` alike).
fn is_event(part: &Part, wanted: &str) -> bool {
    let wanted = slug(wanted);
    !wanted.is_empty() && [event_name(part), plain_text(&part.title), part.id.clone()].iter().any(|n| slug(n) == wanted)
}

fn is_talk(part: &Part, chapter: &Chapter, wanted: &str) -> bool {
    let wanted = slug(wanted);
    let own_id = chapter.id.strip_prefix(&format!("{}-", part.id)).unwrap_or(&chapter.id).to_string();
    !wanted.is_empty() && [talk_name(chapter), plain_text(&chapter.title), chapter.id.clone(), own_id].iter().any(|n| slug(n) == wanted)
}

/// The book cut down to what `only` names, in the book's order. An empty
/// `only` keeps everything.
pub fn select(book: &Book, only: &[Selector]) -> Result<Book, SelectError> {
    if only.is_empty() {
        return Ok(book.clone());
    }
    // Which talks of which event; `None` = the whole event.
    let mut chosen: BTreeMap<usize, Option<HashSet<usize>>> = BTreeMap::new();
    for sel in only {
        let Some(p) = book.parts.iter().position(|part| is_event(part, &sel.event)) else {
            return Err(SelectError {
                message: format!("there is no event {:?} in the book", sel.event),
                help: format!("the events are: {}", book.parts.iter().map(event_name).collect::<Vec<_>>().join(", ")),
            });
        };
        let part = &book.parts[p];
        match &sel.talk {
            None => {
                chosen.insert(p, None);
            }
            Some(talk) => {
                let Some(c) = part.chapters.iter().position(|ch| is_talk(part, ch, talk)) else {
                    return Err(SelectError {
                        message: format!("the event {} has no talk {talk:?}", event_name(part)),
                        help: format!("its talks are: {}", part.chapters.iter().map(talk_name).collect::<Vec<_>>().join(", ")),
                    });
                };
                // (`None`: the whole event is chosen already.)
                if let Some(talks) = chosen.entry(p).or_insert_with(|| Some(HashSet::new())) {
                    talks.insert(c);
                }
            }
        }
    }
    let mut out = Book { version: book.version, meta: book.meta.clone(), front: book.front.clone(), parts: Vec::new(), indexes: Vec::new() };
    for (p, talks) in chosen {
        let part = &book.parts[p];
        let mut kept = Part { chapters: Vec::new(), ..part.clone() };
        for (c, chapter) in part.chapters.iter().enumerate() {
            if talks.as_ref().is_none_or(|t| t.contains(&c)) {
                kept.chapters.push(chapter.clone());
            }
        }
        out.parts.push(kept);
    }
    unlink_missing(&mut out, true);
    out.indexes = indexes_within(&book.indexes, &all_anchors(&out));
    Ok(out)
}

/// Every anchor of a book, those in running text and index marks included.
fn all_anchors(book: &Book) -> HashSet<String> {
    let mut ids = anchors(book, true);
    let mut add = |blocks: &[Block]| {
        walk_blocks(blocks, &mut |b| {
            if let Block::Index { id, .. } | Block::Anchor { id, .. } = b {
                ids.insert(id.clone());
            }
            for seq in notes_doc::block_inlines(b) {
                collect_inline_anchors(seq, &mut ids);
            }
        });
    };
    add(&book.front);
    for part in &book.parts {
        add(&part.blocks);
        for chapter in &part.chapters {
            add(&chapter.blocks);
            for note in &chapter.footnotes {
                add(&note.blocks);
            }
        }
    }
    ids
}

fn collect_inline_anchors(seq: &[Inline], ids: &mut HashSet<String>) {
    for inline in seq {
        if let Inline::Anchor { id } | Inline::Index { id, .. } = inline {
            ids.insert(id.clone());
        }
        if let Some(children) = notes_doc::child_inlines(inline) {
            collect_inline_anchors(children, ids);
        }
    }
}

/// The indexes of a part of the book: only the places within it, and only
/// the entries that keep a place (or a sub-entry that does).
fn indexes_within(indexes: &[BookIndex], anchors: &HashSet<String>) -> Vec<BookIndex> {
    fn terms(list: &[IndexTerm], anchors: &HashSet<String>) -> Vec<IndexTerm> {
        list.iter()
            .filter_map(|t| {
                let places: Vec<IndexPlace> = t.places.iter().filter(|p| anchors.contains(&p.anchor)).cloned().collect();
                let sub = terms(&t.sub, anchors);
                (!places.is_empty() || !sub.is_empty()).then(|| IndexTerm { places, sub, ..t.clone() })
            })
            .collect()
    }
    indexes
        .iter()
        .filter_map(|i| {
            let entries = terms(&i.entries, anchors);
            (!entries.is_empty()).then(|| BookIndex { entries, ..i.clone() })
        })
        .collect()
}

/// One talk as a book of its own, for a handout.
#[derive(Debug, Clone)]
pub struct Handout {
    /// The file name without extension: the slug of the talk's title
    /// (with its event's name in front when two talks share a title).
    pub name: String,
    /// The talk's anchor in the whole book.
    pub talk_id: String,
    /// One part (the talk's event, without its own text) holding one talk.
    pub book: Book,
}

/// A handout for every talk of `book`, in the book's order.
pub fn handouts(book: &Book) -> Vec<Handout> {
    let mut out = Vec::new();
    for part in &book.parts {
        for chapter in &part.chapters {
            let mut talk = chapter.clone();
            standalone_numbers(&mut talk);
            let one = Part { blocks: Vec::new(), chapters: vec![talk], ..part.clone() };
            let mut b = Book { version: book.version, meta: book.meta.clone(), front: Vec::new(), parts: vec![one], indexes: Vec::new() };
            unlink_missing(&mut b, false);
            let own = notes_doc::names::slug_of_words(&plain_text(&chapter.title), notes_doc::names::SLUG_MAX);
            let name = if own.is_empty() { slug(&talk_name(chapter)) } else { own };
            let name = if name.is_empty() { "talk".to_string() } else { name };
            out.push((slug(&event_name(part)), name, chapter.id.clone(), b));
        }
    }
    // Talks that share a name get their event's name in front, then a number.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, name, _, _) in &out {
        *count.entry(name.clone()).or_default() += 1;
    }
    let mut used = HashSet::new();
    out.into_iter()
        .map(|(event, name, talk_id, book)| {
            let base = if count.get(&name).copied().unwrap_or(0) > 1 && !event.is_empty() { format!("{event}-{name}") } else { name };
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            Handout { name: unique, talk_id, book }
        })
        .collect()
}

/// A talk's section numbers without the talk's own number in front
/// (`2.13.1` → `1`): a handout stands alone.
fn standalone_numbers(chapter: &mut Chapter) {
    let Some(prefix) = chapter.number.take().map(|n| format!("{n}.")) else { return };
    notes_doc::walk_blocks_mut(&mut chapter.blocks, &mut |block| {
        if let Block::Heading { number: Some(number), .. } = block
            && let Some(rest) = number.strip_prefix(&prefix)
        {
            *number = rest.to_string();
        }
    });
}

/// Every anchor a book's titles and blocks define (those inside running
/// text are added by [`unlink_missing`]). `with_parts`: whether the parts'
/// titles are anchors (not in a handout, whose event is only a line of
/// text above the talk).
fn anchors(book: &Book, with_parts: bool) -> HashSet<String> {
    let mut ids = HashSet::new();
    let from_blocks = |blocks: &[Block], ids: &mut HashSet<String>| {
        walk_blocks(blocks, &mut |b| match b {
            Block::Heading { id, .. } | Block::Anchor { id, .. } => {
                ids.insert(id.clone());
            }
            _ => {}
        });
    };
    from_blocks(&book.front, &mut ids);
    for part in &book.parts {
        if with_parts {
            ids.insert(part.id.clone());
        }
        from_blocks(&part.blocks, &mut ids);
        for chapter in &part.chapters {
            ids.insert(chapter.id.clone());
            from_blocks(&chapter.blocks, &mut ids);
            for note in &chapter.footnotes {
                from_blocks(&note.blocks, &mut ids);
            }
        }
    }
    ids
}

/// Calls `f` on every inline sequence of the book, titles included.
fn each_seq(book: &mut Book, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    walk_inline_seqs_mut(&mut book.front, f);
    for part in &mut book.parts {
        walk_inlines_in(&mut part.title, f);
        walk_inline_seqs_mut(&mut part.blocks, f);
        for chapter in &mut part.chapters {
            walk_inlines_in(&mut chapter.title, f);
            walk_inline_seqs_mut(&mut chapter.blocks, f);
            for note in &mut chapter.footnotes {
                walk_inline_seqs_mut(&mut note.blocks, f);
            }
        }
    }
}

/// Links to anchors the book no longer has become their text.
fn unlink_missing(book: &mut Book, with_parts: bool) {
    let mut ids = anchors(book, with_parts);
    each_seq(book, &mut |seq| {
        for inline in seq.iter() {
            if let Inline::Anchor { id } = inline {
                ids.insert(id.clone());
            }
        }
    });
    unlink_where(book, &|id| !ids.contains(id));
}

/// Links to the anchors `unwanted` picks become their text, in titles,
/// text and footnotes.
pub(crate) fn unlink_where(book: &mut Book, unwanted: &dyn Fn(&str) -> bool) {
    each_seq(book, &mut |seq| {
        let mut i = 0;
        while i < seq.len() {
            if let Inline::Link { target: Target::Internal(id), content, .. } = &mut seq[i]
                && unwanted(id)
            {
                let content = std::mem::take(content);
                let n = content.len();
                seq.splice(i..=i, content);
                i += n;
                continue;
            }
            i += 1;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Format, Pos, SourceRef, TalkMeta};

    fn link(to: &str) -> Inline {
        Inline::Link { target: Target::Internal(to.into()), content: vec![Inline::text("see")], pos: Pos::default() }
    }

    fn talk(event: &str, stem: &str, title: &str, content: Vec<Inline>) -> Chapter {
        Chapter {
            id: format!("{}-{}", slug(event), slug(title)),
            title: vec![Inline::text(title)],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: format!("{event}/{stem}.md"), format: Format::Markdown },
            blocks: vec![Block::Paragraph { content, pos: Pos::default() }],
            footnotes: vec![],
            labels: vec![],
            pos: Pos::default(),
        }
    }

    fn book() -> Book {
        let part = |event: &str, title: &str, chapters| Part {
            id: slug(title),
            title: vec![Inline::text(title)],
            number: None,
            source: Some(SourceRef { path: format!("{event}/index.md"), format: Format::Markdown }),
            blocks: vec![],
            chapters,
            pos: Pos::default(),
        };
        Book {
            parts: vec![
                part(
                    "pycon_2012",
                    "PyCon 2012",
                    vec![
                        talk("pycon_2012", "pandas", "Pandas", vec![link("pycodeconf-lightning-talks"), link("pycon-2012")]),
                        talk("pycon_2012", "lightning_talks", "Lightning Talks", vec![link("pycon-2012-pandas")]),
                    ],
                ),
                part("pycodeconf", "PyCodeConf", vec![talk("pycodeconf", "lightning", "Lightning Talks", vec![])]),
            ],
            ..Book::default()
        }
    }

    fn titles(b: &Book) -> Vec<String> {
        b.parts.iter().flat_map(|p| p.chapters.iter().map(|c| plain_text(&c.title))).collect()
    }

    fn has_link(b: &Book) -> bool {
        let mut b = b.clone();
        let mut found = false;
        each_seq(&mut b, &mut |seq| found |= seq.iter().any(|i| matches!(i, Inline::Link { .. })));
        found
    }

    #[test]
    fn events_and_talks_by_folder_title_or_slug() {
        let b = book();
        for only in ["pycon_2012", "PyCon 2012", "pycon-2012"] {
            let s = select(&b, &[Selector::parse(only).unwrap()]).unwrap();
            assert_eq!(titles(&s), ["Pandas", "Lightning Talks"], "{only}");
        }
        let s = select(&b, &[Selector::parse("pycon_2012/lightning_talks").unwrap()]).unwrap();
        assert_eq!(titles(&s), ["Lightning Talks"]);
        assert!(!has_link(&s), "the link to a talk left out is now text");
        let s = select(&b, &[Selector::parse("pycon_2012/pandas").unwrap(), Selector::parse("pycon_2012/lightning-talks").unwrap()]).unwrap();
        assert!(has_link(&s), "the links between chosen talks stay");
    }

    #[test]
    fn unknown_names_list_what_there_is() {
        let b = book();
        let e = select(&b, &[Selector::parse("pycon2013").unwrap()]).unwrap_err();
        assert!(e.help.contains("pycon_2012, pycodeconf"), "{}", e.help);
        let e = select(&b, &[Selector::parse("pycon_2012/nope").unwrap()]).unwrap_err();
        assert!(e.help.contains("pandas, lightning_talks"), "{}", e.help);
        assert!(Selector::parse("a/b/c").is_err() && Selector::parse("/").is_err());
    }

    #[test]
    fn handouts_are_named_after_their_talks() {
        let names: Vec<_> = handouts(&book()).into_iter().map(|h| h.name).collect();
        assert_eq!(names, ["pandas", "pycon-2012-lightning-talks", "pycodeconf-lightning-talks"]);
        assert!(handouts(&book()).iter().all(|h| !has_link(&h.book)));
    }
}
