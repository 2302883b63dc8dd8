//! Heading levels: a talk's first heading is its title (unless its front
//! matter gave one); the levels below it are renumbered from 1 so that
//! whatever levels the note used fit the book, and a skipped level
//! (`#` then `###`) is closed up, with a warning.

use crate::Context;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::{Block, Book, Pos, plain_text};

/// Shifts the heading levels of every note so that they fit the book.
pub fn run(book: &mut Book, cx: &Context, diags: &mut Diagnostics) {
    let mut skipped = Vec::new();
    shift(&mut book.front, &mut skipped);
    for part in &mut book.parts {
        skipped.clear();
        shift(&mut part.blocks, &mut skipped);
        if let Some(src) = &part.source {
            report(&skipped, &cx.shown(&src.path), diags);
        }
        for chapter in &mut part.chapters {
            skipped.clear();
            shift(&mut chapter.blocks, &mut skipped);
            report(&skipped, &cx.shown(&chapter.source.path), diags);
        }
    }
}

/// A heading whose level was closed up: where, its text, from and to.
struct Skip {
    pos: Pos,
    text: String,
    written: u8,
    parent: u8,
}

fn report(skipped: &[Skip], file: &std::path::Path, diags: &mut Diagnostics) {
    for s in skipped {
        diags.push(
            Diagnostic::warning(
                "heading-level-jump",
                format!(
                    "heading {:?} skips a level: it is written at level {} below a level-{} heading; it is set one level below that heading",
                    s.text, s.written, s.parent
                ),
            )
            .in_file(file)
            .at(s.pos, s.text.chars().count() as u32)
            .with_help("use one more `#` than the heading above it"),
        );
    }
}

/// Renumbers the top-level headings of `blocks`: each heading's new level
/// is its depth among the open headings above it.
fn shift(blocks: &mut [Block], skipped: &mut Vec<Skip>) {
    let mut open: Vec<u8> = Vec::new();
    for block in blocks.iter_mut() {
        let Block::Heading { level, content, pos, .. } = block else { continue };
        let written = *level;
        while open.last().is_some_and(|&top| top >= written) {
            open.pop();
        }
        let parent = open.last().copied();
        open.push(written);
        let new_level = open.len() as u8;
        // The first heading may use any level; below a heading, one more.
        if let Some(parent) = parent
            && written > parent + 1
        {
            skipped.push(Skip { pos: *pos, text: plain_text(content), written, parent });
        }
        *level = new_level;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::Inline;

    fn h(level: u8, text: &str) -> Block {
        Block::Heading { level, content: vec![Inline::text(text)], id: String::new(), number: None, labels: vec![], pos: Pos::new(1, 1) }
    }

    fn levels(blocks: &[Block]) -> Vec<u8> {
        blocks.iter().filter_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None }).collect()
    }

    #[test]
    fn levels_shift_and_close_up() {
        let mut skipped = Vec::new();
        let mut blocks = vec![h(2, "A"), h(3, "B"), h(2, "C"), h(4, "D"), h(3, "E"), h(1, "F")];
        shift(&mut blocks, &mut skipped);
        assert_eq!(levels(&blocks), [1, 2, 1, 2, 2, 1]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].text, "D");
        assert_eq!((skipped[0].written, skipped[0].parent), (4, 2));
    }

    #[test]
    fn rst_style_levels_need_no_repair() {
        // Title removed; sections at 2, one sub-subsection at 3 under one.
        let mut skipped = Vec::new();
        let mut blocks = vec![h(2, "Author"), h(2, "A bit"), h(3, "Why"), h(2, "Indentation")];
        shift(&mut blocks, &mut skipped);
        assert_eq!(levels(&blocks), [1, 1, 2, 1]);
        assert!(skipped.is_empty());
    }
}
