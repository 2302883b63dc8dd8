//! Numbering: events are numbered 1, 2, 3; talks 1.1, 1.2; their sections
//! 1.1.1; deeper levels as far as `numbering-depth` says. Both backends
//! print these numbers, so the PDF and the EPUB always agree.
//!
//! The headings of a part's own text are numbered like talks' sections
//! when the part has no talks (a note listed directly by the root index,
//! or a section of the root index), and not at all otherwise.

use notes_doc::{Block, Book};
use notes_project::config::Config;

pub fn run(book: &mut Book, config: &Config) {
    let depth = config.numbering_depth as usize;
    for (p, part) in book.parts.iter_mut().enumerate() {
        let part_number = (p + 1).to_string();
        part.number = (depth >= 1).then(|| part_number.clone());
        if part.chapters.is_empty() {
            number_headings(&mut part.blocks, &part_number, 1, depth);
        } else {
            clear(&mut part.blocks);
        }
        for (c, chapter) in part.chapters.iter_mut().enumerate() {
            let chapter_number = format!("{part_number}.{}", c + 1);
            chapter.number = (depth >= 2).then(|| chapter_number.clone());
            number_headings(&mut chapter.blocks, &chapter_number, 2, depth);
        }
    }
    clear(&mut book.front);
}

/// Numbers the top-level headings of `blocks`, which sit `base_depth`
/// levels below the book (1 under a part, 2 under a talk).
fn number_headings(blocks: &mut [Block], prefix: &str, base_depth: usize, depth: usize) {
    let mut counters: Vec<usize> = Vec::new();
    for block in blocks.iter_mut() {
        let Block::Heading { level, number, .. } = block else { continue };
        let level = *level as usize;
        counters.resize(level, 0);
        counters[level - 1] += 1;
        *number = (base_depth + level <= depth).then(|| {
            let tail: Vec<String> = counters.iter().map(|n| n.to_string()).collect();
            format!("{prefix}.{}", tail.join("."))
        });
    }
}

fn clear(blocks: &mut [Block]) {
    for block in blocks.iter_mut() {
        if let Block::Heading { number, .. } = block {
            *number = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Chapter, Format, Inline, Part, Pos, SourceRef, TalkMeta};

    fn h(level: u8) -> Block {
        Block::Heading { level, content: vec![Inline::text("x")], id: String::new(), number: None, labels: vec![], pos: Pos::default() }
    }

    fn numbers(blocks: &[Block]) -> Vec<Option<String>> {
        blocks.iter().filter_map(|b| if let Block::Heading { number, .. } = b { Some(number.clone()) } else { None }).collect()
    }

    #[test]
    fn seed_style_numbers() {
        let chapter = |blocks| Chapter {
            id: String::new(),
            title: vec![],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: "a.md".into(), format: Format::Markdown },
            blocks,
            footnotes: vec![],
            labels: vec![],
            pos: Pos::default(),
        };
        let mut book = Book::default();
        book.parts.push(Part {
            id: String::new(),
            title: vec![],
            number: None,
            source: None,
            blocks: vec![h(1)],
            chapters: vec![chapter(vec![]), chapter(vec![]), chapter(vec![h(1), h(1), h(2), h(1)])],
            pos: Pos::default(),
        });
        book.parts.push(Part { id: String::new(), title: vec![], number: None, source: None, blocks: vec![h(1)], chapters: vec![], pos: Pos::default() });
        run(&mut book, &Config::default());
        let p = &book.parts[0];
        assert_eq!(p.number.as_deref(), Some("1"));
        assert_eq!(numbers(&p.blocks), [None]);
        assert_eq!(p.chapters[2].number.as_deref(), Some("1.3"));
        assert_eq!(numbers(&p.chapters[2].blocks), [Some("1.3.1".into()), Some("1.3.2".into()), None, Some("1.3.3".into())]);
        assert_eq!(numbers(&book.parts[1].blocks), [Some("2.1".into())]);
    }
}
