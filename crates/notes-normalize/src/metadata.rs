//! Talk metadata: the speakers of a talk, from its front matter or, failing
//! that, from an "Author" / "Speaker" section (`Talk by Jesse Noller`,
//! `* David Beazley (@dabeaz)`). The section stays in the text; only the
//! names are taken.

use crate::Context;
use notes_doc::diag::Diagnostics;
use notes_doc::{Block, Book, Chapter, plain_text};

pub fn run(book: &mut Book, _cx: &Context, _diags: &mut Diagnostics) {
    for part in &mut book.parts {
        for chapter in &mut part.chapters {
            if chapter.meta.speakers.is_empty() {
                let found = speakers_from_section(chapter);
                if !found.is_empty() {
                    chapter.meta.speakers = found;
                    chapter.meta.speakers_in_text = true;
                }
            }
        }
    }
}

/// The names in the talk's first "Author(s)" / "Speaker(s)" section.
fn speakers_from_section(chapter: &Chapter) -> Vec<String> {
    let mut blocks = chapter.blocks.iter();
    let plural = loop {
        match blocks.next() {
            None => return Vec::new(),
            Some(Block::Heading { level: 1, content, .. }) => {
                let title = plain_text(content).trim().trim_end_matches(':').trim().to_lowercase();
                match title.as_str() {
                    "author" | "speaker" | "presenter" | "talk by" => break false,
                    "authors" | "speakers" | "presenters" => break true,
                    _ => {}
                }
            }
            Some(_) => {}
        }
    };
    let mut names = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { .. } => break,
            Block::Paragraph { content, .. } => names.extend(name_of(&plain_text(content))),
            Block::List { items, .. } => {
                for item in items {
                    if let Some(Block::Paragraph { content, .. }) = item.blocks.first() {
                        names.extend(name_of(&plain_text(content)));
                    }
                    if !plural && !names.is_empty() {
                        break;
                    }
                }
            }
            _ => {}
        }
        if !plural && !names.is_empty() {
            break;
        }
    }
    names
}

/// A person's name out of a line such as "Talk by Jesse Noller",
/// "David Beazley (@dabeaz)" or "Ask Solem, VMware".
fn name_of(line: &str) -> Option<String> {
    let mut s = line.trim();
    for prefix in ["talk by ", "talk given by ", "presented by ", "by ", "speaker: ", "author: "] {
        if s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) {
            s = s[prefix.len()..].trim_start();
        }
    }
    let end = s
        .find(['(', ',', ';', ':', '<', '['])
        .into_iter()
        .chain([" - ", " – ", " — ", " of ", " from ", " at ", " works ", " Works "].iter().filter_map(|sep| s.find(sep)))
        .min()
        .unwrap_or(s.len());
    let name = s[..end].trim().trim_end_matches('.').trim();
    let words = name.split_whitespace().count();
    let looks_like_name = (1..=5).contains(&words) && name.split_whitespace().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()));
    looks_like_name.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Format, Inline, ListItem, Pos, SourceRef, TalkMeta};

    fn para(t: &str) -> Block {
        Block::Paragraph { content: vec![Inline::text(t)], pos: Pos::default() }
    }
    fn heading(t: &str) -> Block {
        Block::Heading { level: 1, content: vec![Inline::text(t)], id: String::new(), number: None, labels: vec![], pos: Pos::default() }
    }
    fn list(items: &[&str]) -> Block {
        Block::List {
            ordered: None,
            items: items.iter().map(|t| ListItem { blocks: vec![para(t)], checked: None }).collect(),
            tight: true,
            pos: Pos::default(),
        }
    }
    fn chapter(blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: String::new(),
            title: vec![],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: "t.md".into(), format: Format::Markdown },
            blocks,
            footnotes: vec![],
            labels: vec![],
            pos: Pos::default(),
        }
    }

    #[test]
    fn names_from_author_sections() {
        let c = chapter(vec![heading("Author"), para("Talk by Jesse Noller"), list(&["PSF Member"]), heading("Intro")]);
        assert_eq!(speakers_from_section(&c), ["Jesse Noller"]);
        let c = chapter(vec![heading("Author"), list(&["Leah Culver (http://twitter.com/leahculver)", "Cofounder of Pownce, one of the first"])]);
        assert_eq!(speakers_from_section(&c), ["Leah Culver"]);
        let c = chapter(vec![heading("Authors"), list(&["Maciej Fijalkowski", "Alex Gaynor", "Armin Rigo"])]);
        assert_eq!(speakers_from_section(&c), ["Maciej Fijalkowski", "Alex Gaynor", "Armin Rigo"]);
        let c = chapter(vec![heading("Author"), para("Craig Kerstiens (<http://twitter.com/craigkerstiens>) Works at Heroku")]);
        assert_eq!(speakers_from_section(&c), ["Craig Kerstiens"]);
        let c = chapter(vec![heading("Intro"), list(&["Nobody"])]);
        assert!(speakers_from_section(&c).is_empty());
    }

    #[test]
    fn sentences_are_not_names() {
        assert_eq!(name_of("the speaker was late and talked about things"), None);
        assert_eq!(name_of("Ask Solem, VMware").as_deref(), Some("Ask Solem"));
        assert_eq!(name_of("David Beazley (@dabeaz)").as_deref(), Some("David Beazley"));
    }
}
