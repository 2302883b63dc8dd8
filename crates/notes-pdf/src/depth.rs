//! How deep the template may go. The template renders the tree with
//! recursive Typst functions, and Typst stops at 80 nested calls
//! ("maximum function call depth exceeded"). Each reader caps the nesting
//! of blocks and of inlines at [`notes_doc::MAX_NESTING`] apiece, but a
//! quote 16 deep holding emphasis 16 deep, or a footnote with nested
//! quotes referenced from deep inside a list, adds the two up. This step
//! counts what each level costs the template and, past [`BUDGET`], sets
//! the deeper content one level up instead: a container's blocks take its
//! place, an emphasis or a link its text. Nothing is left out; only the
//! structure too deep to typeset is.

use std::collections::HashMap;

use notes_doc::{Block, Book, Chapter, Inline};

/// The nested calls the template may spend on the tree's nesting: Typst's
/// 80, less what the template's frame and a leaf (a code block, a formula)
/// take.
pub const BUDGET: usize = 66;

/// What one level of a block costs the template, in nested calls.
fn block_cost(block: &Block) -> usize {
    match block {
        Block::List { .. } | Block::Figure { .. } => 4,
        Block::DefinitionList { .. } => 5,
        Block::Table { .. } => 7,
        _ => 3,
    }
}

/// What an inline that holds inlines costs (`node`, its function, `r`).
const INLINE_COST: usize = 3;

/// What a footnote's text costs on top of its reference.
const FOOTNOTE_COST: usize = 4;

/// The room a footnote reference keeps below it: its note's first
/// paragraph and a little emphasis. (Deeper structure in the note is set
/// one level up like any other.)
const FOOTNOTE_ROOM: usize = FOOTNOTE_COST + 3 + 2 * INLINE_COST;

/// Whether any content of the book is nested deeper than the template may
/// go.
pub fn too_deep(book: &Book) -> bool {
    let mut refs = HashMap::new();
    let mut deep = false;
    for part in &book.parts {
        deep |= blocks_depth(&part.blocks, 0, &mut refs) > BUDGET;
        for chapter in &part.chapters {
            refs.clear();
            deep |= blocks_depth(&chapter.blocks, 0, &mut refs) > BUDGET;
            deep |= refs.values().any(|at| at + FOOTNOTE_ROOM > BUDGET);
            deep |=
                chapter.footnotes.iter().any(|n| refs.get(&n.id).is_some_and(|at| blocks_depth(&n.blocks, at + FOOTNOTE_COST, &mut HashMap::new()) > BUDGET));
        }
    }
    deep || blocks_depth(&book.front, 0, &mut refs) > BUDGET || refs.values().any(|at| at + FOOTNOTE_ROOM > BUDGET)
}

/// The deepest cost reached inside `blocks`, starting at `at`; records
/// where footnotes are referenced.
fn blocks_depth(blocks: &[Block], at: usize, refs: &mut HashMap<String, usize>) -> usize {
    let mut deepest = at;
    for block in blocks {
        let inner = at + block_cost(block);
        deepest = deepest.max(inner);
        for seq in notes_doc::block_inlines(block) {
            deepest = deepest.max(inlines_depth(seq, inner, refs));
        }
        for children in notes_doc::child_blocks(block) {
            deepest = deepest.max(blocks_depth(children, inner, refs));
        }
    }
    deepest
}

/// The deepest cost reached inside inlines, starting at `at`; records
/// where footnotes are referenced.
fn inlines_depth(seq: &[Inline], at: usize, refs: &mut HashMap<String, usize>) -> usize {
    let mut deepest = at;
    for inline in seq {
        match inline {
            Inline::FootnoteRef { id, .. } => {
                let seen = refs.entry(id.clone()).or_insert(0);
                *seen = (*seen).max(at);
            }
            _ => {
                if let Some(content) = inline_content(inline) {
                    deepest = deepest.max(inlines_depth(content, at + INLINE_COST, refs));
                }
            }
        }
    }
    deepest
}

/// The inlines an inline holds.
fn inline_content(inline: &Inline) -> Option<&Vec<Inline>> {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Sub { content }
        | Inline::Sup { content }
        | Inline::Link { content, .. } => Some(content),
        _ => None,
    }
}

/// Sets content nested deeper than [`BUDGET`] one level up, everywhere in
/// the book.
pub fn limit(book: &mut Book) {
    let mut refs = HashMap::new();
    for part in &mut book.parts {
        limit_blocks(&mut part.blocks, 0, &mut refs);
        for chapter in &mut part.chapters {
            limit_chapter(chapter);
        }
    }
    limit_blocks(&mut book.front, 0, &mut refs);
}

/// Limits a chapter's blocks, then its footnotes, each at the depth of
/// its deepest reference.
fn limit_chapter(chapter: &mut Chapter) {
    let mut refs = HashMap::new();
    limit_blocks(&mut chapter.blocks, 0, &mut refs);
    for note in &mut chapter.footnotes {
        let at = refs.get(&note.id).copied().unwrap_or(0) + FOOTNOTE_COST;
        limit_blocks(&mut note.blocks, at, &mut HashMap::new());
    }
}

/// Sets containers that would go past [`BUDGET`] one level up, starting at
/// `at`; records where footnotes are referenced.
fn limit_blocks(blocks: &mut Vec<Block>, at: usize, refs: &mut HashMap<String, usize>) {
    let mut i = 0;
    while i < blocks.len() {
        let inner = at + block_cost(&blocks[i]);
        let container = !notes_doc::child_blocks(&blocks[i]).is_empty();
        if container && (inner + 3 > BUDGET || (inner + 3 + FOOTNOTE_ROOM > BUDGET && block_has_ref(&blocks[i]))) {
            // Its blocks (and its own text, as paragraphs) take its place.
            // Looked at again: they may hold containers of their own.
            let flat = unwrap(blocks.remove(i));
            blocks.splice(i..i, flat);
            continue;
        }
        let block = &mut blocks[i];
        for seq in notes_doc::block_inlines_mut(block) {
            limit_inlines(seq, inner, refs);
        }
        for children in notes_doc::child_blocks_mut(block) {
            limit_blocks(children, inner, refs);
        }
        i += 1;
    }
}

/// Sets inlines that would go past [`BUDGET`] one level up (an emphasis
/// or a link becomes its text).
fn limit_inlines(seq: &mut Vec<Inline>, at: usize, refs: &mut HashMap<String, usize>) {
    let mut i = 0;
    while i < seq.len() {
        if let Inline::FootnoteRef { id, .. } = &seq[i] {
            let seen = refs.entry(id.clone()).or_insert(0);
            *seen = (*seen).max(at);
        }
        let deeper = at + INLINE_COST;
        let too_deep = |content: &Vec<Inline>| deeper > BUDGET || (deeper + FOOTNOTE_ROOM > BUDGET && has_ref(content));
        if inline_content(&seq[i]).is_some_and(too_deep) {
            let content = match seq.remove(i) {
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Sub { content }
                | Inline::Sup { content }
                | Inline::Link { content, .. } => content,
                _ => unreachable!("an inline with content"),
            };
            seq.splice(i..i, content);
            continue;
        }
        if let Some(content) = inline_content_mut(&mut seq[i]) {
            limit_inlines(content, deeper, refs);
        }
        i += 1;
    }
}

/// Whether inlines hold a footnote reference, at any depth.
fn has_ref(seq: &[Inline]) -> bool {
    seq.iter().any(|i| matches!(i, Inline::FootnoteRef { .. }) || inline_content(i).is_some_and(|c| has_ref(c)))
}

/// Whether a block holds a footnote reference, at any depth.
fn block_has_ref(block: &Block) -> bool {
    notes_doc::block_inlines(block).into_iter().any(has_ref) || notes_doc::child_blocks(block).into_iter().any(|c| c.iter().any(block_has_ref))
}

/// The inlines an inline holds, mutably.
fn inline_content_mut(inline: &mut Inline) -> Option<&mut Vec<Inline>> {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Sub { content }
        | Inline::Sup { content }
        | Inline::Link { content, .. } => Some(content),
        _ => None,
    }
}

/// A container's content as blocks of the level above: its own text as
/// paragraphs (a title, an attribution, a caption, a term), then its blocks.
fn unwrap(block: Block) -> Vec<Block> {
    let para = |content: Vec<Inline>, pos| Block::Paragraph { content, pos };
    match block {
        Block::List { items, .. } => items.into_iter().flat_map(|i| i.blocks).collect(),
        Block::DefinitionList { items, pos } => {
            items.into_iter().flat_map(|d| std::iter::once(para(d.term, pos)).chain(d.definitions.into_iter().flatten())).collect()
        }
        Block::Quote { blocks, attribution, pos } => blocks.into_iter().chain(attribution.map(|a| para(a, pos))).collect(),
        Block::Indent { blocks, .. } => blocks,
        Block::Admonition { title, blocks, pos, .. } => {
            let head = (!title.is_empty()).then(|| para(title, pos));
            head.into_iter().chain(blocks).collect()
        }
        Block::Table { caption, header, rows, pos, .. } => {
            caption.map(|c| para(c, pos)).into_iter().chain(header.into_iter().chain(rows).flat_map(|r| r.cells).flat_map(|c| c.blocks)).collect()
        }
        Block::Figure { image, caption, legend, pos } => {
            let figure = Block::Figure { image, caption, legend: Vec::new(), pos };
            std::iter::once(figure).chain(legend).collect()
        }
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Part, Pos};

    fn quote(blocks: Vec<Block>) -> Block {
        Block::Quote { blocks, attribution: None, pos: Pos::default() }
    }

    fn emph(content: Vec<Inline>) -> Inline {
        Inline::Emph { content }
    }

    #[test]
    fn deep_quotes_holding_deep_emphasis_are_set_one_level_up_keeping_every_word() {
        let mut inline = vec![Inline::text("deep")];
        for _ in 0..16 {
            inline = vec![emph(inline)];
        }
        let mut block = Block::Paragraph { content: inline, pos: Pos::default() };
        for _ in 0..16 {
            block = quote(vec![block]);
        }
        let mut book = Book::default();
        book.parts.push(Part {
            id: String::new(),
            title: Vec::new(),
            number: None,
            source: None,
            blocks: vec![block],
            chapters: Vec::new(),
            pos: Pos::default(),
        });
        assert!(too_deep(&book));
        limit(&mut book);
        assert!(!too_deep(&book));
        let mut refs = HashMap::new();
        assert!(blocks_depth(&book.parts[0].blocks, 0, &mut refs) <= BUDGET);
        let json = serde_json::to_string(&book.parts[0].blocks).unwrap();
        assert!(json.contains("deep"));
        // Some structure is kept: quotes and emphasis up to the budget.
        assert!(json.matches("\"quote\"").count() >= 10, "{json}");
    }
}
