//! Checks of the finished book that no other pass makes: talks with the
//! same title in one event, talks without notes, events without talks.
//!
//! This pass only reports; it changes nothing in the tree. (Broken links,
//! anchors that do not exist, missing images and skipped heading levels are
//! reported by the passes that repair them; notes in no index and index
//! entries that point nowhere by the project.)

use std::collections::BTreeMap;

use crate::Context;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::{Block, Book, Chapter, plain_text};

pub fn run(book: &Book, cx: &Context, diags: &mut Diagnostics) {
    duplicate_titles(book, cx, diags);
    for part in &book.parts {
        for chapter in &part.chapters {
            if is_empty(chapter) {
                let title = plain_text(&chapter.title);
                diags.push(
                    Diagnostic::warning("empty-talk", format!("the talk {title:?} has no notes yet: nothing follows its title"))
                        .in_file(cx.shown(&chapter.source.path))
                        .at(chapter.pos, title.chars().count() as u32)
                        .with_help("write the notes below the title, or take the talk out of the event's index"),
                );
            }
        }
        if part.chapters.is_empty()
            && !part.blocks.iter().any(has_content)
            && let Some(src) = &part.source
        {
            let title = plain_text(&part.title);
            diags.push(
                Diagnostic::warning("empty-event", format!("the event {title:?} has no talks and no text"))
                    .in_file(cx.shown(&src.path))
                    .at(part.pos, title.chars().count() as u32)
                    .with_help("list its talks in its index (`- [Title](talk.md)`), or `notes new EVENT/TALK \"Title\"`"),
            );
        }
    }
}

/// Two talks of one event with the same title: the contents and the
/// handouts would show two alike. (The same title in two events, such as
/// "Lightning Talks", is fine.)
fn duplicate_titles(book: &Book, cx: &Context, diags: &mut Diagnostics) {
    for part in &book.parts {
        // Title, folded → the first talk with it.
        let mut seen: BTreeMap<String, &Chapter> = BTreeMap::new();
        for chapter in &part.chapters {
            let title = plain_text(&chapter.title);
            let key = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                None => {
                    seen.insert(key, chapter);
                }
                Some(first) => {
                    let other = cx.shown(&first.source.path);
                    diags.push(
                        Diagnostic::warning("duplicate-title", format!("the talk title {title:?} is used twice in this event (also by {})", other.display()))
                            .in_file(cx.shown(&chapter.source.path))
                            .at(chapter.pos, title.chars().count() as u32)
                            .with_help("give the talks different titles: the contents, links and handouts need to tell them apart"),
                    );
                }
            }
        }
    }
}

/// A talk is empty when nothing but headings, anchors and index entries
/// follow its title.
fn is_empty(chapter: &Chapter) -> bool {
    !chapter.blocks.iter().any(has_content)
}

fn has_content(block: &Block) -> bool {
    !matches!(block, Block::Heading { .. } | Block::Anchor { .. } | Block::Index { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Format, Inline, Part, Pos, SourceRef, TalkMeta};
    use notes_project::config::Config;
    use std::path::Path;

    fn talk(path: &str, title: &str, blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: String::new(),
            title: vec![Inline::text(title)],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: path.into(), format: Format::Markdown },
            blocks,
            footnotes: vec![],
            labels: vec![],
            pos: Pos::new(1, 3),
        }
    }

    fn para() -> Block {
        Block::Paragraph { content: vec![Inline::text("words")], pos: Pos::new(3, 1) }
    }

    fn event(path: &str, chapters: Vec<Chapter>) -> Part {
        Part {
            id: String::new(),
            title: vec![Inline::text("Event")],
            number: None,
            source: Some(SourceRef { path: path.into(), format: Format::Markdown }),
            blocks: vec![],
            chapters,
            pos: Pos::new(1, 3),
        }
    }

    fn check(book: &Book) -> Vec<Diagnostic> {
        let config = Config::default();
        let cx = Context { config: &config, source_dir: Path::new("/nowhere"), shown_dir: Path::new("sources") };
        let mut diags = Diagnostics::new();
        run(book, &cx, &mut diags);
        diags.into_vec()
    }

    #[test]
    fn same_title_in_one_event_is_a_warning_in_two_fine() {
        let book = Book {
            parts: vec![
                event("a/index.md", vec![talk("a/x.md", "Lightning Talks", vec![para()]), talk("a/y.md", "lightning  talks", vec![para()])]),
                event("b/index.md", vec![talk("b/x.md", "Lightning Talks", vec![para()])]),
            ],
            ..Book::default()
        };
        let d = check(&book);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].severity), ("duplicate-title", notes_doc::diag::Severity::Warning));
        assert_eq!(d[0].file.as_deref(), Some(Path::new("sources/a/y.md")));
        assert!(d[0].message.contains("sources/a/x.md"), "{}", d[0].message);
        assert_eq!((d[0].line, d[0].column), (1, 3));
    }

    #[test]
    fn talks_with_only_headings_are_empty() {
        let heading = Block::Heading { level: 1, content: vec![Inline::text("Summary")], id: String::new(), number: None, labels: vec![], pos: Pos::new(3, 1) };
        let book = Book {
            parts: vec![event("a/index.md", vec![talk("a/x.md", "X", vec![heading]), talk("a/y.md", "Y", vec![para()])]), event("b/index.md", vec![])],
            ..Book::default()
        };
        let d = check(&book);
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.file.clone())).collect();
        assert_eq!(codes, [("empty-talk", Some("sources/a/x.md".into())), ("empty-event", Some("sources/b/index.md".into()))]);
    }
}
