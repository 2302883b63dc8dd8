//! Embedded notes: every [`Block::Embed`] (an Obsidian `![[Note]]` or
//! `![[Note#Heading]]`) is replaced by the text of the note it names, or of
//! that note's section, as Obsidian shows it in place.
//!
//! The copy is text, not structure: its headings become rubrics (so that
//! the contents, the numbering and the anchors of the book stay those of
//! the notes themselves), and its anchors and footnote references are left
//! out (they belong to the other note). Embeds inside the embedded text are
//! followed too; an embed that leads back to a note being embedded is cut,
//! with a warning, and so is one nested deeper than [`MAX_EMBED_DEPTH`].
//! What embeds copy in all is bounded ([`EMBED_BUDGET`]).
//! An embed whose note is not in the book becomes a line naming it, with a
//! warning. After this pass no block is an embed.

use std::collections::BTreeMap;

use crate::Context;
use crate::links::NoteNames;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::names::slug;
use notes_doc::{Block, Book, Inline, Pending, Pos, plain_text};

/// How many embeds may lead one into another.
pub const MAX_EMBED_DEPTH: usize = 8;

/// How many blocks embeds may copy into a book, besides a multiple of the
/// book's own: notes that each embed the next ten times, eight deep, would
/// otherwise copy a hundred million. Past it, embeds are their name, with
/// one warning.
pub const EMBED_BUDGET: usize = 20_000;

/// Replaces every embed of the book by the text it names.
pub fn run(book: &mut Book, cx: &Context, diags: &mut Diagnostics) {
    if !has_embeds(book) {
        return;
    }
    // The notes as they are before any embed is replaced: path → blocks.
    let mut notes: BTreeMap<String, Vec<Block>> = BTreeMap::new();
    for part in &book.parts {
        if let Some(src) = &part.source {
            notes.insert(src.path.clone(), part.blocks.clone());
        }
        for chapter in &part.chapters {
            notes.insert(chapter.source.path.clone(), chapter.blocks.clone());
        }
    }
    let names = NoteNames::new(notes.keys().map(String::as_str));
    let own: usize = notes.values().map(|b| count_blocks(b)).sum();
    let embedder = Embedder { notes: &notes, names: &names, cx, budget: std::cell::Cell::new(EMBED_BUDGET + 4 * own), over: std::cell::Cell::new(false) };
    for part in &mut book.parts {
        let file = part.source.as_ref().map(|s| s.path.clone()).unwrap_or_default();
        part.blocks = embedder.expand(std::mem::take(&mut part.blocks), &file, &mut vec![file.clone()], diags);
        for chapter in &mut part.chapters {
            let file = chapter.source.path.clone();
            chapter.blocks = embedder.expand(std::mem::take(&mut chapter.blocks), &file, &mut vec![file.clone()], diags);
            for note in &mut chapter.footnotes {
                note.blocks = embedder.expand(std::mem::take(&mut note.blocks), &file, &mut vec![file.clone()], diags);
            }
        }
    }
    book.front = embedder.expand(std::mem::take(&mut book.front), "", &mut Vec::new(), diags);
}

fn has_embeds(book: &Book) -> bool {
    let mut found = false;
    let mut look = |blocks: &[Block]| {
        notes_doc::walk_blocks(blocks, &mut |b| found |= matches!(b, Block::Embed { .. }));
    };
    look(&book.front);
    for part in &book.parts {
        look(&part.blocks);
        for chapter in &part.chapters {
            look(&chapter.blocks);
            for note in &chapter.footnotes {
                look(&note.blocks);
            }
        }
    }
    found
}

/// Finds and copies embedded text.
struct Embedder<'a> {
    notes: &'a BTreeMap<String, Vec<Block>>,
    /// The notes' paths by the names that reach them.
    names: &'a NoteNames,
    cx: &'a Context<'a>,
    /// Blocks embeds may still copy.
    budget: std::cell::Cell<usize>,
    /// Whether the budget ran out (it is said once).
    over: std::cell::Cell<bool>,
}

/// The blocks in `blocks`, nested ones included.
fn count_blocks(blocks: &[Block]) -> usize {
    let mut n = 0;
    notes_doc::walk_blocks(blocks, &mut |_| n += 1);
    n
}

impl Embedder<'_> {
    /// `blocks` with their embeds replaced; `chain` holds the notes being
    /// embedded, outermost first (for cycles).
    fn expand(&self, blocks: Vec<Block>, file: &str, chain: &mut Vec<String>, diags: &mut Diagnostics) -> Vec<Block> {
        let mut out = Vec::with_capacity(blocks.len());
        for mut block in blocks {
            match block {
                Block::Embed { target, pos } => out.extend(self.embed(&target, pos, file, chain, diags)),
                _ => {
                    for children in notes_doc::child_blocks_mut(&mut block) {
                        let inner = std::mem::take(children);
                        *children = self.expand(inner, file, chain, diags);
                    }
                    out.push(block);
                }
            }
        }
        out
    }

    /// The blocks an embed stands for.
    fn embed(&self, target: &Pending, pos: Pos, file: &str, chain: &mut Vec<String>, diags: &mut Diagnostics) -> Vec<Block> {
        let (name, fragment) = match target {
            Pending::Name { name, fragment, .. } => (name.as_str(), fragment.as_deref()),
            Pending::Path { path, fragment, .. } => (path.as_str(), fragment.as_deref()),
            Pending::Fragment { fragment, .. } => (file, Some(fragment.as_str())),
            Pending::Label { label } => (label.as_str(), None),
        };
        let from = match target {
            Pending::Name { from, .. } | Pending::Path { from, .. } | Pending::Fragment { from, .. } => from.as_str(),
            Pending::Label { .. } => file,
        };
        let shown = match fragment {
            Some(f) => format!("{name}#{f}"),
            None => name.to_string(),
        };
        let warn = |diags: &mut Diagnostics, code: &'static str, message: String| {
            diags.push(Diagnostic::warning(code, message).in_file(self.cx.shown(file)).at(pos, shown.chars().count() as u32 + 5));
        };
        let stand_in = || vec![Block::Paragraph { content: vec![Inline::Emph { content: vec![Inline::text(format!("[{shown}]"))] }], pos }];
        let Some(path) = self.names.nearest(name, from).map(str::to_string) else {
            warn(diags, "broken-embed", format!("there is no note named {name:?} to embed; its name is shown instead"));
            return stand_in();
        };
        if chain.contains(&path) {
            warn(diags, "embed-cycle", format!("{shown:?} embeds a note that is being embedded ({}); it is not embedded again", chain.join(" → ")));
            return stand_in();
        }
        if chain.len() > MAX_EMBED_DEPTH {
            warn(diags, "embed-cycle", format!("embeds nest more than {MAX_EMBED_DEPTH} deep; {shown:?} is not embedded"));
            return stand_in();
        }
        let Some(blocks) = self.notes.get(&path) else { return stand_in() };
        let blocks = match fragment {
            None => blocks.clone(),
            Some(f) => match section(blocks, f) {
                Some(section) => section,
                None => {
                    warn(diags, "broken-embed", format!("{name:?} has no heading {f:?}; the whole note is embedded"));
                    blocks.clone()
                }
            },
        };
        let size = count_blocks(&blocks);
        if size > self.budget.get() {
            if !self.over.replace(true) {
                warn(
                    diags,
                    "embed-too-large",
                    format!(
                        "embeds copy more text than the book can hold (notes that embed notes that embed notes …); {shown:?} and the embeds after it are shown as their names"
                    ),
                );
            }
            return stand_in();
        }
        self.budget.set(self.budget.get() - size);
        chain.push(path.clone());
        let mut blocks = self.expand(blocks, &path, chain, diags);
        chain.pop();
        as_text(&mut blocks);
        blocks
    }
}

/// The blocks of a note's section: from the heading whose text (or id, or
/// slug) is `fragment` up to the next heading of its level or above.
fn section(blocks: &[Block], fragment: &str) -> Option<Vec<Block>> {
    let wanted = slug(fragment);
    let start = blocks.iter().position(|b| match b {
        Block::Heading { content, id, .. } => {
            let text = plain_text(content);
            text.trim().eq_ignore_ascii_case(fragment.trim()) || slug(&text) == wanted || (!id.is_empty() && id == fragment)
        }
        _ => false,
    })?;
    let level = match &blocks[start] {
        Block::Heading { level, .. } => *level,
        _ => 1,
    };
    let end = blocks[start + 1..].iter().position(|b| matches!(b, Block::Heading { level: l, .. } if *l <= level)).map_or(blocks.len(), |i| start + 1 + i);
    Some(blocks[start..end].to_vec())
}

/// Makes copied blocks text only: headings become rubrics, anchors and
/// footnote references go.
fn as_text(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !matches!(b, Block::Anchor { .. }));
    for block in blocks.iter_mut() {
        if let Block::Heading { content, pos, .. } = block {
            *block = Block::Rubric { content: std::mem::take(content), pos: *pos };
        }
        for seq in notes_doc::block_inlines_mut(block) {
            notes_doc::walk_inlines_in(seq, &mut |seq| seq.retain(|i| !matches!(i, Inline::Anchor { .. } | Inline::FootnoteRef { .. })));
        }
        for children in notes_doc::child_blocks_mut(block) {
            as_text(children);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Chapter, Format, Part, SourceRef, TalkMeta};
    use notes_project::config::Config;

    fn chapter(path: &str, blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: String::new(),
            title: vec![Inline::text(path)],
            number: None,
            meta: TalkMeta::default(),
            source: SourceRef { path: path.into(), format: Format::Markdown },
            blocks,
            footnotes: vec![],
            labels: vec![],
            pos: Pos::new(1, 1),
        }
    }

    fn para(text: &str) -> Block {
        Block::Paragraph { content: vec![Inline::text(text)], pos: Pos::new(1, 1) }
    }

    fn embed(name: &str, fragment: Option<&str>, from: &str) -> Block {
        Block::Embed { target: Pending::Name { name: name.into(), fragment: fragment.map(str::to_string), from: from.into() }, pos: Pos::new(2, 1) }
    }

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading { level, content: vec![Inline::text(text)], id: String::new(), number: None, labels: vec![], pos: Pos::new(1, 1) }
    }

    #[test]
    fn embeds_are_replaced_sections_cut_and_cycles_stopped() {
        let part = Part {
            id: String::new(),
            title: vec![Inline::text("E")],
            number: None,
            source: None,
            blocks: vec![],
            chapters: vec![
                chapter("e/a.md", vec![para("A says"), embed("B", None, "e/a.md"), embed("c", Some("Two"), "e/a.md"), embed("Nowhere", None, "e/a.md")]),
                chapter("e/b.md", vec![para("B text"), heading(1, "In B"), embed("A", None, "e/b.md")]),
                chapter(
                    "e/sub/c.md",
                    vec![heading(1, "One"), para("c1"), heading(1, "Two"), para("c2"), heading(2, "Two and a half"), para("c3"), heading(1, "Three")],
                ),
            ],
            pos: Pos::new(1, 1),
        };
        let mut book = Book { version: 3, meta: Default::default(), front: vec![], parts: vec![part], indexes: vec![] };
        let config = Config::default();
        let cx = Context { config: &config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new(".") };
        let mut diags = Diagnostics::new();
        run(&mut book, &cx, &mut diags);
        let texts = |blocks: &[Block]| -> Vec<String> {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph { content, .. } => plain_text(content),
                    Block::Rubric { content, .. } => format!("rubric {}", plain_text(content)),
                    other => format!("{other:?}"),
                })
                .collect()
        };
        let a = &book.parts[0].chapters[0].blocks;
        assert_eq!(texts(a), ["A says", "B text", "rubric In B", "[A]", "rubric Two", "c2", "rubric Two and a half", "c3", "[Nowhere]"]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["embed-cycle", "broken-embed", "embed-cycle", "broken-embed"]);
        let mut any = false;
        notes_doc::walk_blocks(&book.parts[0].chapters[1].blocks, &mut |b| any |= matches!(b, Block::Embed { .. }));
        assert!(!any);
    }

    #[test]
    fn embeds_that_multiply_text_stop_at_the_budget_with_one_warning() {
        // n0 embeds n1 ten times, n1 embeds n2 ten times … eight deep: 10^8
        // copies of n8's paragraph without the budget.
        let chapters: Vec<Chapter> = (0..9)
            .map(|i| {
                let path = format!("e/n{i}.md");
                let mut blocks = vec![para(&format!("note {i}"))];
                if i < 8 {
                    blocks.extend((0..10).map(|_| embed(&format!("n{}", i + 1), None, &path)));
                }
                chapter(&path, blocks)
            })
            .collect();
        let part = Part { id: String::new(), title: vec![Inline::text("E")], number: None, source: None, blocks: vec![], chapters, pos: Pos::new(1, 1) };
        let mut book = Book { version: 3, meta: Default::default(), front: vec![], parts: vec![part], indexes: vec![] };
        let config = Config::default();
        let cx = Context { config: &config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new(".") };
        let mut diags = Diagnostics::new();
        let started = std::time::Instant::now();
        run(&mut book, &cx, &mut diags);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let total: usize = book.parts[0].chapters.iter().map(|c| count_blocks(&c.blocks)).sum();
        // What was copied, and the names of the embeds not followed.
        assert!(total <= 2 * (EMBED_BUDGET + 4 * 91) + 91, "{total} blocks");
        let over: Vec<_> = diags.iter().filter(|d| d.code == "embed-too-large").collect();
        assert_eq!(over.len(), 1, "{:?}", diags.iter().map(|d| d.code).collect::<Vec<_>>());
    }
}
