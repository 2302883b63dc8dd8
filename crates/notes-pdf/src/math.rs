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

use typst::syntax::{SyntaxKind, SyntaxNode};

use notes_math::{TYPST_FUNCTIONS, TYPST_IDENTIFIERS, TYPST_NAMED_ARGS};

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
