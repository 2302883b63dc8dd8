//! Indexes: the back of the book. A book of talks is looked up more than it
//! is read, so it gets up to three indexes, each only when it has entries:
//! its *speakers*, by family name, with their talks; its *topics* (the
//! general index), from the notes' index entries (reST `.. index::`,
//! `:index:`) and their tags; and its *events*, by date, when dates are
//! known.
//!
//! This pass gives every index mark of the text an anchor and builds the
//! indexes as data ([`notes_doc::BookIndex`]); backends lay them out and
//! turn their places into page numbers or links.

use std::collections::BTreeMap;

use notes_doc::words::Words;
use notes_doc::{Block, Book, BookIndex, Chapter, IndexEntry, IndexKind, IndexPlace, IndexTerm, Inline, plain_text, walk_blocks_mut, walk_inline_seqs_mut};

use crate::Context;

/// The anchor of the topics index, which links to Sphinx's `genindex` point at.
pub const TOPICS_ID: &str = "idx.topics";

/// Gives the index marks anchors and builds the book's indexes; links to
/// the topics index become their text when the book has none.
pub fn run(book: &mut Book, cx: &Context) {
    let marks = anchor_marks(book);
    let words = Words::of(&cx.config.language);
    let wanted = &cx.config.indexes;
    let mut indexes = Vec::new();
    if wanted.speakers {
        let entries = speakers(book);
        if !entries.is_empty() {
            indexes.push(BookIndex { kind: IndexKind::Speakers, id: "idx.speakers".into(), title: words.speakers.into(), entries });
        }
    }
    if wanted.topics {
        let entries = topics(book, &marks);
        if !entries.is_empty() {
            indexes.push(BookIndex { kind: IndexKind::Topics, id: TOPICS_ID.into(), title: words.index.into(), entries });
        }
    }
    if wanted.events {
        let entries = events(book, words);
        if !entries.is_empty() {
            indexes.push(BookIndex { kind: IndexKind::Events, id: "idx.events".into(), title: words.events.into(), entries });
        }
    }
    if !indexes.iter().any(|i| i.kind == IndexKind::Topics) {
        unlink(book, TOPICS_ID);
    }
    book.indexes = indexes;
}

/// Replaces every link to `anchor` with its text.
fn unlink(book: &mut Book, anchor: &str) {
    crate::select::unlink_where(book, &|id| id == anchor);
}

/// An index mark of the text: its entries and its anchor.
struct Mark {
    entries: Vec<IndexEntry>,
    anchor: String,
}

/// Gives every index mark (reST `.. index::` between blocks, `:index:` in
/// running text) an anchor, `idx.N` in book order: a name no slug can take.
fn anchor_marks(book: &mut Book) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mark = |blocks: &mut Vec<Block>, marks: &mut Vec<Mark>| {
        walk_blocks_mut(blocks, &mut |b| {
            if let Block::Index { entries, id, .. } = b {
                *id = format!("idx.{}", marks.len() + 1);
                marks.push(Mark { entries: entries.clone(), anchor: id.clone() });
            }
        });
        walk_inline_seqs_mut(blocks, &mut |seq| {
            for inline in seq.iter_mut() {
                if let Inline::Index { entry, id } = inline {
                    *id = format!("idx.{}", marks.len() + 1);
                    marks.push(Mark { entries: vec![entry.clone()], anchor: id.clone() });
                }
            }
        });
    };
    mark(&mut book.front, &mut marks);
    for part in &mut book.parts {
        mark(&mut part.blocks, &mut marks);
        for chapter in &mut part.chapters {
            mark(&mut chapter.blocks, &mut marks);
            for note in &mut chapter.footnotes {
                mark(&mut note.blocks, &mut marks);
            }
        }
    }
    marks
}

/// What an index is sorted by: lower case, letters and digits only.
fn sort_key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>().trim().to_string()
}

/// The letter a term is grouped under: its first letter, upper case; `#`
/// for terms that start with a digit or a symbol.
fn group_of(term: &str) -> String {
    match term.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".into(),
    }
}

/// Words that start a family name ("Guido van Rossum" is "Rossum, Guido
/// van"), and name suffixes ("Jr.").
const PARTICLES: &[&str] = &["van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "ter", "ten", "zu"];
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

/// A name as an index lists it, and what it is sorted by: "Ada Lovelace"
/// is "Lovelace, Ada", sorted under L; a one-word name stays as it is.
pub fn index_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (words, suffix) = match words.split_last() {
        Some((last, rest)) if rest.len() >= 2 && SUFFIXES.contains(&last.to_lowercase().as_str()) => (rest, Some(*last)),
        _ => (words.as_slice(), None),
    };
    if words.len() < 2 {
        let shown = words.join(" ");
        return (shown.clone(), sort_key(&shown));
    }
    let family_at = words.len() - 1;
    // Lower-case particles just before the family name go after the given names.
    let mut particles_at = family_at;
    while particles_at > 1 && PARTICLES.contains(&words[particles_at - 1]) {
        particles_at -= 1;
    }
    let family = words[family_at];
    let mut given = words[..particles_at].join(" ");
    if particles_at < family_at {
        given = format!("{given} {}", words[particles_at..family_at].join(" "));
    }
    let mut shown = format!("{family}, {given}");
    if let Some(s) = suffix {
        shown = format!("{shown}, {s}");
    }
    let key = sort_key(&format!("{family} {given}"));
    (shown, key)
}

/// A talk's title as an index names it: its number and title.
fn talk_label(chapter: &Chapter) -> String {
    let title = plain_text(&chapter.title);
    match &chapter.number {
        Some(n) => format!("{n} {title}"),
        None => title,
    }
}

/// Every speaker, by family name, each with their talks as sub-entries.
fn speakers(book: &Book) -> Vec<IndexTerm> {
    let mut by_name: BTreeMap<String, IndexTerm> = BTreeMap::new();
    for part in &book.parts {
        for chapter in &part.chapters {
            for speaker in &chapter.meta.speakers {
                let name = speaker.trim();
                if name.is_empty() {
                    continue;
                }
                let (shown, key) = index_name(name);
                let term =
                    by_name.entry(format!("{key}\u{0}{shown}")).or_insert_with(|| IndexTerm { group: group_of(&key), term: shown, ..Default::default() });
                term.sub.push(IndexTerm {
                    term: talk_label(chapter),
                    group: String::new(),
                    places: vec![IndexPlace { anchor: chapter.id.clone(), main: false }],
                    ..Default::default()
                });
            }
        }
    }
    by_name.into_values().collect()
}

/// The general index: the text's index marks and the talks' tags.
fn topics(book: &Book, marks: &[Mark]) -> Vec<IndexTerm> {
    // term key → (shown term, places, see, sub key → (shown, places))
    #[derive(Default)]
    struct Topic {
        shown: String,
        places: Vec<IndexPlace>,
        see: Vec<String>,
        see_instead: Vec<String>,
        sub: BTreeMap<String, (String, Vec<IndexPlace>)>,
    }
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    let mut add = |term: &str, subterm: Option<&str>, place: IndexPlace| {
        let term = term.trim();
        let key = sort_key(term);
        if key.is_empty() {
            return;
        }
        let topic = topics.entry(key).or_insert_with(|| Topic { shown: term.to_string(), ..Default::default() });
        match subterm.map(str::trim).filter(|s| !s.is_empty()) {
            // reST `see:` and `seealso:` entries: a cross-reference, no page.
            Some(s) if s.starts_with("see also ") || s.starts_with("see ") => {
                let (list, other) = match s.strip_prefix("see also ") {
                    Some(other) => (&mut topic.see, other),
                    None => (&mut topic.see_instead, &s["see ".len()..]),
                };
                let other = other.trim().to_string();
                if !list.contains(&other) {
                    list.push(other);
                }
            }
            Some(s) => {
                let sub = topic.sub.entry(sort_key(s)).or_insert_with(|| (s.to_string(), Vec::new()));
                if !sub.1.contains(&place) {
                    sub.1.push(place);
                }
            }
            None => {
                if !topic.places.contains(&place) {
                    topic.places.push(place);
                }
            }
        }
    };
    for mark in marks {
        for e in &mark.entries {
            add(&e.term, e.subterm.as_deref(), IndexPlace { anchor: mark.anchor.clone(), main: e.main });
        }
    }
    for part in &book.parts {
        for chapter in &part.chapters {
            for tag in &chapter.meta.tags {
                add(tag.trim_start_matches('#'), None, IndexPlace { anchor: chapter.id.clone(), main: false });
            }
        }
    }
    topics
        .into_iter()
        .map(|(key, t)| IndexTerm {
            group: group_of(&key),
            term: t.shown,
            places: t.places,
            see: t.see,
            see_instead: t.see_instead,
            sub: t.sub.into_values().map(|(shown, places)| IndexTerm { term: shown, places, ..Default::default() }).collect(),
        })
        .collect()
}

/// The events by date: each event's earliest talk date (`YYYY-MM-DD`),
/// grouped by year; only when some event has a date.
fn events(book: &Book, words: &Words) -> Vec<IndexTerm> {
    // `YYYY-MM-DD` dates sort as their text does.
    let mut dated: Vec<(String, usize)> = Vec::new();
    for (i, part) in book.parts.iter().enumerate() {
        let first = part.chapters.iter().filter_map(|c| c.meta.date.as_deref().and_then(notes_doc::dates::parse_date)).map(notes_doc::dates::iso_date).min();
        if let Some(date) = first {
            dated.push((date, i));
        }
    }
    dated.sort();
    dated
        .into_iter()
        .map(|(date, i)| {
            let part = &book.parts[i];
            let title = plain_text(&part.title);
            IndexTerm {
                term: format!("{} — {title}", words.long_date(&date)),
                group: date.chars().take(4).collect(),
                places: vec![IndexPlace { anchor: part.id.clone(), main: false }],
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_by_family_name() {
        assert_eq!(index_name("Ada Lovelace"), ("Lovelace, Ada".into(), "lovelace ada".into()));
        assert_eq!(index_name("Guido van Rossum").0, "Rossum, Guido van");
        assert_eq!(index_name("Van Lindberg").0, "Lindberg, Van");
        assert_eq!(index_name("Martin Luther King Jr.").0, "King, Martin Luther, Jr.");
        assert_eq!(index_name("Madonna"), ("Madonna".into(), "madonna".into()));
        assert_eq!(group_of("lovelace"), "L");
        assert_eq!(group_of("3d printing"), "#");
        assert_eq!(group_of("émile"), "É");
    }
}

#[cfg(test)]
mod book_tests {
    use super::*;
    use notes_doc::{Part, Pos, SourceRef, TalkMeta};
    use notes_project::config::Config;

    fn talk(id: &str, title: &str, speakers: &[&str], tags: &[&str], date: Option<&str>, blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: id.into(),
            title: vec![Inline::text(title)],
            number: None,
            meta: TalkMeta {
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                tags: tags.iter().map(|s| s.to_string()).collect(),
                date: date.map(str::to_string),
                ..Default::default()
            },
            source: SourceRef { path: format!("{id}.md"), format: notes_doc::Format::Markdown },
            blocks,
            footnotes: Vec::new(),
            labels: Vec::new(),
            pos: Pos::default(),
        }
    }

    fn entry(term: &str, sub: Option<&str>, main: bool) -> IndexEntry {
        IndexEntry { term: term.into(), subterm: sub.map(str::to_string), main }
    }

    fn book() -> Book {
        let marks = vec![
            Block::Index { entries: vec![entry("Python", None, true), entry("GIL", Some("threads"), false)], id: String::new(), pos: Pos::default() },
            Block::Paragraph {
                content: vec![
                    Inline::text("text "),
                    Inline::Index { entry: entry("GIL", Some("see also locks"), false), id: String::new() },
                    Inline::Index { entry: entry("threads", Some("see GIL"), false), id: String::new() },
                ],
                pos: Pos::default(),
            },
        ];
        let part = |id: &str, title: &str, chapters| Part {
            id: id.into(),
            title: vec![Inline::text(title)],
            number: None,
            source: None,
            blocks: Vec::new(),
            chapters,
            pos: Pos::default(),
        };
        Book {
            version: notes_doc::TREE_VERSION,
            meta: Default::default(),
            front: Vec::new(),
            parts: vec![
                part("later", "Later Conf", vec![talk("t1", "One", &["Ada Lovelace", "Guido van Rossum"], &["python"], Some("2013-05-02"), marks)]),
                part("earlier", "Earlier Conf", vec![talk("t2", "Two", &["Ada Lovelace"], &["#Python", "web"], Some("2012-03-09"), Vec::new())]),
                part("undated", "Undated", vec![talk("t3", "Three", &[], &[], None, Vec::new())]),
            ],
            indexes: Vec::new(),
        }
    }

    fn run_on(book: &mut Book, config: &Config) {
        let cx = Context { config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new(".") };
        run(book, &cx);
    }

    #[test]
    fn the_three_indexes() {
        let mut book = book();
        run_on(&mut book, &Config::default());
        let kinds: Vec<IndexKind> = book.indexes.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IndexKind::Speakers, IndexKind::Topics, IndexKind::Events]);

        let speakers = &book.indexes[0].entries;
        assert_eq!(speakers.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(), ["Lovelace, Ada", "Rossum, Guido van"]);
        assert_eq!(speakers[0].sub.iter().map(|t| (t.term.as_str(), t.places[0].anchor.as_str())).collect::<Vec<_>>(), [("One", "t1"), ("Two", "t2")]);
        assert_eq!(speakers[1].group, "R");

        let topics = &book.indexes[1].entries;
        assert_eq!(topics.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(), ["GIL", "Python", "threads", "web"]);
        let gil = &topics[0];
        assert_eq!(gil.see, ["locks"]);
        assert!(gil.see_instead.is_empty());
        // `see:` points elsewhere instead, `seealso:` as well.
        let threads = topics.iter().find(|t| t.term == "threads").expect("a see entry");
        assert_eq!((threads.see_instead.as_slice(), threads.see.as_slice(), threads.places.len()), (&["GIL".to_string()][..], &[][..], 0));
        assert_eq!(gil.sub[0].term, "threads");
        assert_eq!(gil.sub[0].places[0].anchor, "idx.1");
        // "Python" from a main index mark and two tags ("#Python" too).
        let python = &topics[1];
        assert_eq!(python.places.iter().map(|p| (p.anchor.as_str(), p.main)).collect::<Vec<_>>(), [("idx.1", true), ("t1", false), ("t2", false)]);

        // The marks got their anchors.
        let Block::Index { id, .. } = &book.parts[0].chapters[0].blocks[0] else { panic!() };
        assert_eq!(id, "idx.1");

        let events = &book.indexes[2].entries;
        assert_eq!(
            events.iter().map(|t| (t.term.as_str(), t.group.as_str())).collect::<Vec<_>>(),
            [("March 9, 2012 — Earlier Conf", "2012"), ("May 2, 2013 — Later Conf", "2013")]
        );
    }

    #[test]
    fn links_to_the_general_index_point_at_the_topics_or_become_text() {
        let link = || Inline::Link { target: notes_doc::Target::Internal(TOPICS_ID.into()), content: vec![Inline::text("Index")], pos: Pos::default() };
        let mut with = book();
        with.front.push(Block::Paragraph { content: vec![link()], pos: Pos::default() });
        run_on(&mut with, &Config::default());
        assert!(matches!(&with.front[0], Block::Paragraph { content, .. } if matches!(&content[0], Inline::Link { .. })));
        let mut without = book();
        without.front.push(Block::Paragraph { content: vec![Inline::text("See "), link()], pos: Pos::default() });
        let mut config = Config::default();
        config.indexes.topics = false;
        run_on(&mut without, &config);
        let Block::Paragraph { content, .. } = &without.front[0] else { panic!() };
        assert_eq!(plain_text(content), "See Index");
        assert!(!content.iter().any(|i| matches!(i, Inline::Link { .. })));
    }

    #[test]
    fn indexes_can_be_switched_off_and_follow_the_language() {
        let mut book = book();
        let mut config = Config { language: "de".into(), ..Config::default() };
        config.indexes.topics = false;
        config.indexes.events = false;
        run_on(&mut book, &config);
        assert_eq!(book.indexes.len(), 1);
        assert_eq!(book.indexes[0].title, "Vortragende");
    }
}
