//! Formulas in the PDF: the Typst math markup `notes-math` writes for each
//! formula, checked before it reaches Typst.
//!
//! A formula is data, never code. The template evaluates a formula's markup
//! with `eval(markup, mode: "math")`, so that Typst lays it out as real
//! math; before that, [`check_typst_math`] parses the markup with Typst's
//! own parser and refuses anything but math syntax, the functions and
//! identifiers `notes-math` lists, and the named arguments it uses. What
//! the check refuses (or `notes-math` cannot parse) is printed as its LaTeX
//! source, as code. This module must not let any other text of a note reach
//! `eval`, and must not trust that `notes-math` is right: the check is the
//! last word.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use typst::syntax::{SyntaxKind, SyntaxNode};

use notes_doc::{Block, Book, Inline, Part, Pos, block_inlines, child_inlines, walk_blocks};
use notes_math::{Formula, TYPST_FUNCTIONS, TYPST_IDENTIFIERS, TYPST_NAMED_ARGS};

/// Maximum bracket nesting accepted before parsing (Typst's own parser
/// stops at 256 expression levels; this keeps the walk small as well).
const MAX_BRACKETS: usize = 512;

/// Why [`check_typst_math`] refused a piece of markup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkupRefused {
    /// More brackets open at once than [`MAX_BRACKETS`].
    #[error("markup nested too deeply")]
    TooDeep,
    /// Typst's parser reported an error.
    #[error("invalid Typst math: {0}")]
    Syntax(String),
    /// `#` before anything but the literal `none`.
    #[error("embedded code is not allowed (byte {0})")]
    Code(usize),
    /// A construct outside the allowlist: `what` it is, its text (shortened)
    /// and its byte offset.
    #[error("{what} `{shown}` is not allowed (byte {offset})")]
    NotAllowed { what: &'static str, shown: String, offset: usize },
}

/// Checks that `markup` is pure Typst math built only from allowlisted
/// parts, so that `eval(markup, mode: "math")` cannot run code, read files
/// or reach anything outside math.
///
/// The markup is parsed with Typst's math parser and every node of the
/// syntax tree is checked. Allowed: math text, numbers, escapes, string
/// literals, shorthands, primes, `_`/`^` attachments, `/` fractions,
/// delimited groups, alignment points `&`, line breaks, the identifiers in
/// [`TYPST_IDENTIFIERS`], calls of the functions in [`TYPST_FUNCTIONS`]
/// with positional arguments and the named arguments in
/// [`TYPST_NAMED_ARGS`], the embedded-code literal `#none` as the value of a
/// named argument, and the empty comment `/**/`.
///
/// Refused: syntax errors, any other embedded code (`#` expressions,
/// `#let`, `#set`, `#show`, `#import`, `#include`, closures, blocks), any
/// other identifier, field access or callee, spread arguments, nested
/// equations (`$`), other comments and markup.
///
/// # Errors
///
/// The first refused construct, with its byte offset where it has one.
pub fn check_typst_math(markup: &str) -> Result<(), MarkupRefused> {
    // Cheap guard against pathological nesting before the real parse
    // (escapes and string literals do not count).
    let mut depth = 0usize;
    let mut escaped = false;
    let mut in_string = false;
    for c in markup.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Err(MarkupRefused::TooDeep);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }

    let root = typst::syntax::parse_math(markup);
    if root.diagnosis().errors {
        let (errors, _) = root.errors_and_warnings();
        let message = errors.first().map(|e| e.message.to_string()).unwrap_or_else(|| "syntax error".to_string());
        return Err(MarkupRefused::Syntax(message));
    }

    // Iterative walk: (node, byte offset, parent kind).
    let mut stack: Vec<(&SyntaxNode, usize, SyntaxKind)> = vec![(&root, 0, SyntaxKind::End)];
    while let Some((node, offset, parent)) = stack.pop() {
        check_node(node, offset, parent)?;
        if node.kind() == SyntaxKind::MathFieldAccess {
            // Approved as a whole by `check_node`.
            continue;
        }
        let children: Vec<&SyntaxNode> = node.children().collect();
        let mut child_offset = offset;
        let mut entries = Vec::with_capacity(children.len());
        for (i, child) in children.iter().enumerate() {
            if child.kind() == SyntaxKind::Hash {
                check_hash(&children[i + 1..], child_offset)?;
            }
            entries.push((*child, child_offset, node.kind()));
            child_offset += child.len();
        }
        // Push in reverse so that the first error in source order wins.
        stack.extend(entries.into_iter().rev());
    }
    Ok(())
}

/// `#` is only allowed directly before the literal `none`.
fn check_hash(rest: &[&SyntaxNode], offset: usize) -> Result<(), MarkupRefused> {
    match rest.first() {
        Some(next) if next.kind() == SyntaxKind::None => Ok(()),
        _ => Err(MarkupRefused::Code(offset)),
    }
}

fn refuse(what: &'static str, node: &SyntaxNode, offset: usize) -> Result<(), MarkupRefused> {
    let text = node.full_text();
    let mut shown: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        shown.push('…');
    }
    Err(MarkupRefused::NotAllowed { what, shown, offset })
}

fn check_node(node: &SyntaxNode, offset: usize, parent: SyntaxKind) -> Result<(), MarkupRefused> {
    use SyntaxKind as S;
    match node.kind() {
        // Containers and plain math syntax.
        S::Math
        | S::MathText
        | S::MathShorthand
        | S::MathAlignPoint
        | S::MathDelimited
        | S::MathAttach
        | S::MathPrimes
        | S::MathFrac
        | S::MathRoot
        | S::MathArgs
        | S::Escape
        | S::Str
        | S::Space
        | S::Linebreak
        | S::LeftParen
        | S::RightParen
        | S::LeftBrace
        | S::RightBrace
        | S::Comma
        | S::Semicolon
        | S::Colon
        | S::Underscore
        | S::Hat
        | S::Slash
        | S::Dot
        | S::Root
        | S::Bang => Ok(()),
        // `#` only as `#none`, the value of a named argument (`delim`);
        // its successor is checked by `check_hash`.
        S::Hash | S::None if parent == S::Named => Ok(()),
        S::MathIdent => {
            let name = node.leaf_text();
            let allowed = if parent == S::MathCall { TYPST_FUNCTIONS.contains(&name.as_str()) } else { TYPST_IDENTIFIERS.contains(&name.as_str()) };
            if allowed { Ok(()) } else { refuse("identifier", node, offset) }
        }
        S::MathFieldAccess => {
            let path = node.full_text();
            if parent == S::MathCall && TYPST_FUNCTIONS.contains(&path.as_str()) {
                // The children (identifiers and dots) need no further check.
                Ok(())
            } else {
                refuse("field access", node, offset)
            }
        }
        S::MathCall => {
            let callee = node.children().next().map(SyntaxNode::full_text);
            match callee {
                Some(name) if TYPST_FUNCTIONS.contains(&name.as_str()) => Ok(()),
                _ => refuse("call", node, offset),
            }
        }
        S::Named => {
            let name = node.children().next().map(|c| c.leaf_text().to_string());
            match name {
                Some(name) if TYPST_NAMED_ARGS.contains(&name.as_str()) => Ok(()),
                _ => refuse("named argument", node, offset),
            }
        }
        S::Ident if parent == S::Named => Ok(()),
        // The writer separates tokens with an empty comment where a space
        // would be visible; no other comment is allowed.
        S::BlockComment if node.leaf_text() == "/**/" => Ok(()),
        _ => refuse("syntax", node, offset),
    }
}

/// The checked Typst markup of formulas, by their LaTeX source: what the
/// template evaluates. A formula that is not here (its markup was refused,
/// or it does not parse) is printed as its source.
#[derive(Debug, Default)]
pub struct Formulas {
    inline: HashMap<String, String>,
    display: HashMap<String, String>,
}

/// A formula the check refused: its LaTeX source, where it is, and why.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The LaTeX source.
    pub tex: String,
    /// The note's path (relative to the source folder; empty for the
    /// book's opening text) and the formula's position.
    pub file: String,
    pub pos: Pos,
    pub why: MarkupRefused,
}

impl Formulas {
    /// The markup of every formula of `book`, each converted and checked
    /// once; and the formulas the check refused.
    pub fn of(book: &Book) -> (Formulas, Vec<Refused>) {
        let mut formulas = Formulas::default();
        let mut refused = Vec::new();
        let mut add = |tex: &str, display: bool, file: &str, pos: Pos| {
            let table = if display { &mut formulas.display } else { &mut formulas.inline };
            if table.contains_key(tex) {
                return;
            }
            // Normalization turned formulas that do not parse into code; a
            // tree made otherwise may still hold one: it prints as source.
            let Ok(formula) = Formula::parse(tex, display) else { return };
            let markup = formula.to_typst();
            match check_typst_math(&markup) {
                Ok(()) => {
                    table.insert(tex.to_string(), markup);
                }
                Err(why) => refused.push(Refused { tex: tex.to_string(), file: file.to_string(), pos, why }),
            }
        };
        each_formula(&book.front, &[], &mut |tex, display, pos| add(tex, display, "", pos));
        for part in &book.parts {
            let file = part.source.as_ref().map_or("", |s| s.path.as_str());
            each_formula(&part.blocks, &[&part.title], &mut |tex, display, pos| add(tex, display, file, pos));
            for chapter in &part.chapters {
                let file = chapter.source.path.as_str();
                let mut titles = vec![chapter.title.as_slice()];
                titles.extend(chapter.meta.fields.iter().map(|f| f.value.as_slice()));
                each_formula(&chapter.blocks, &titles, &mut |tex, display, pos| add(tex, display, file, pos));
                for note in &chapter.footnotes {
                    each_formula(&note.blocks, &[], &mut |tex, display, pos| add(tex, display, file, pos));
                }
            }
        }
        (formulas, refused)
    }

    /// The formulas of some blocks and parts (and of some more inlines: the
    /// titles of a contents drawn from data), as the template reads them.
    pub fn data<'a>(&'a self, front: &[Block], parts: &[Part], more: &[&[Inline]]) -> FormulaData<'a> {
        let mut data = FormulaData::default();
        let mut pick = |tex: &str, display: bool, _: Pos| {
            let (table, out) = if display { (&self.display, &mut data.display) } else { (&self.inline, &mut data.inline) };
            if let Some((tex, markup)) = table.get_key_value(tex) {
                out.insert(tex.as_str(), markup.as_str());
            }
        };
        each_formula(front, more, &mut pick);
        for part in parts {
            each_formula(&part.blocks, &[&part.title], &mut pick);
            for chapter in &part.chapters {
                let mut titles = vec![chapter.title.as_slice()];
                titles.extend(chapter.meta.fields.iter().map(|f| f.value.as_slice()));
                each_formula(&chapter.blocks, &titles, &mut pick);
                for note in &chapter.footnotes {
                    each_formula(&note.blocks, &[], &mut pick);
                }
            }
        }
        data
    }
}

/// The formulas of a piece of the book as the template reads them
/// (`data.math.inline`, `data.math.display`): LaTeX source → checked Typst
/// markup, in a fixed order.
#[derive(Debug, Default, Serialize)]
pub struct FormulaData<'a> {
    inline: BTreeMap<&'a str, &'a str>,
    display: BTreeMap<&'a str, &'a str>,
}

/// Calls `f` with every formula (LaTeX, whether display, position) in
/// `blocks` and `inlines`.
pub(crate) fn each_formula(blocks: &[Block], inlines: &[&[Inline]], f: &mut dyn FnMut(&str, bool, Pos)) {
    for seq in inlines {
        each_inline_formula(seq, f);
    }
    walk_blocks(blocks, &mut |block| {
        if let Block::Math { tex, pos, .. } = block {
            f(tex, true, *pos);
        }
        for seq in block_inlines(block) {
            each_inline_formula(seq, f);
        }
    });
}

fn each_inline_formula(inlines: &[Inline], f: &mut dyn FnMut(&str, bool, Pos)) {
    for inline in inlines {
        if let Inline::Math { tex, pos } = inline {
            f(tex, false, *pos);
        }
        if let Some(children) = child_inlines(inline) {
            each_inline_formula(children, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_converted_once_and_picked_per_piece() {
        let para = |tex: &str| Block::Paragraph { content: vec![Inline::Math { tex: tex.into(), pos: Pos::new(1, 1) }], pos: Pos::new(1, 1) };
        let display = Block::Math { tex: "\\frac{a}{b}".into(), label: None, id: String::new(), number: None, pos: Pos::new(2, 1) };
        let book = Book { version: 2, meta: Default::default(), front: vec![para("x^2"), display, para("x^2"), para("\\foo")], parts: vec![], indexes: vec![] };
        let (formulas, refused) = Formulas::of(&book);
        assert!(refused.is_empty());
        assert_eq!(formulas.inline.len(), 1);
        assert_eq!(formulas.display.get("\\frac{a}{b}").map(String::as_str), Some("frac(a, b)"));
        let data = serde_json::to_string(&formulas.data(&book.front[..1], &[], &[])).unwrap_or_default();
        assert_eq!(data, r#"{"inline":{"x^2":"x^2"},"display":{}}"#);
    }
}
