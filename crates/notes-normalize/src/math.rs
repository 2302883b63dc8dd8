//! Formulas: every formula of the book is parsed once with `notes-math`,
//! labelled display equations are numbered, and references to them become
//! links that show the number.
//!
//! [`check`] runs before anchors: a formula the parser refuses gets a
//! warning at its file, line and column naming what was refused (`\foo`),
//! and becomes code (inline code, or a `latex` code block), so that a bad
//! formula never fails a build and both backends show the same thing. A
//! display formula's `\label{…}` becomes its label. After it, every formula
//! left in the tree parses: the backends convert the LaTeX themselves (to
//! Typst markup, to MathML) with the same parser, as they highlight code
//! themselves; the tree stays plain, backend-neutral data.
//!
//! [`number`] runs after the book's numbering: a labelled (or tagged)
//! display equation gets a number within its talk, `2.3.1` for the first in
//! talk 2.3, as LaTeX's book class numbers equations within chapters (a
//! number then says which talk it is in, and stays the same when another
//! talk changes). Equations of an unnumbered talk (or of a book numbered
//! less deep) are numbered through the book: `1`, `2`. A `\tag{…}` is the
//! equation's number as written.
//!
//! [`references`] runs after the labels are known and before links are
//! resolved: `\eqref{x}` and `\ref{x}` (as a formula, or in prose) and
//! Quarto's `@eq-x` become links to the label, showing `(2.3.1)` (or
//! `2.3.1` for `\ref`). reST's `:eq:` is a link already; the links pass
//! gives it the number as its text.

use std::collections::BTreeMap;

use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::{Block, Book, Inline, Pending, Pos, Target, block_inlines_mut, walk_blocks_mut, walk_inlines_in};
use notes_math::{Formula, MathError};

use crate::Context;

/// Parses every formula; refused ones become code, with a warning.
pub fn check(book: &mut Book, cx: &Context, diags: &mut Diagnostics) {
    let each = |blocks: &mut Vec<Block>, titles: Vec<&mut Vec<Inline>>, file: &str, diags: &mut Diagnostics| {
        for title in titles {
            walk_inlines_in(title, &mut |seq| check_inlines(seq, cx, file, diags));
        }
        check_blocks(blocks, cx, file, diags);
    };
    for part in &mut book.parts {
        let file = part.source.as_ref().map(|s| s.path.clone()).unwrap_or_default();
        each(&mut part.blocks, vec![&mut part.title], &file, diags);
        for chapter in &mut part.chapters {
            let file = chapter.source.path.clone();
            let mut titles = vec![&mut chapter.title];
            titles.extend(chapter.meta.fields.iter_mut().map(|f| &mut f.value));
            each(&mut chapter.blocks, titles, &file, diags);
            for note in &mut chapter.footnotes {
                check_blocks(&mut note.blocks, cx, &file, diags);
            }
        }
    }
    check_blocks(&mut book.front, cx, "", diags);
}

fn check_blocks(blocks: &mut [Block], cx: &Context, file: &str, diags: &mut Diagnostics) {
    walk_blocks_mut(blocks, &mut |block| {
        if let Block::Math { tex, label, number, pos, .. } = block {
            match Formula::parse(tex, true) {
                Ok(formula) => {
                    if label.is_none() {
                        *label = formula.label().map(str::to_string);
                    }
                    if let Some(tag) = formula.tag() {
                        *number = Some(tag.to_string());
                    }
                }
                Err(e) => {
                    refused(&e, tex, *pos, true, cx, file, diags);
                    *block = Block::Code { language: Some("latex".into()), text: std::mem::take(tex), line_numbers: false, pos: *pos };
                }
            }
        }
        for seq in block_inlines_mut(block) {
            walk_inlines_in(seq, &mut |seq| check_inlines(seq, cx, file, diags));
        }
    });
}

fn check_inlines(seq: &mut [Inline], cx: &Context, file: &str, diags: &mut Diagnostics) {
    for inline in seq.iter_mut() {
        let Inline::Math { tex, pos } = inline else { continue };
        // A reference written as a formula is for `references`.
        if reference(tex).is_some() {
            continue;
        }
        if let Err(e) = Formula::parse(tex, false) {
            refused(&e, tex, *pos, false, cx, file, diags);
            *inline = Inline::Code { text: std::mem::take(tex) };
        }
    }
}

/// The warning for a formula the parser refused, at the place in the file
/// of what it refused.
fn refused(e: &MathError, tex: &str, pos: Pos, display: bool, cx: &Context, file: &str, diags: &mut Diagnostics) {
    let at = place(tex, e.offset(), pos);
    let what = if display { "display formula" } else { "formula" };
    let d = Diagnostic::warning("math", format!("this {what} cannot be typeset: {}; it is shown as its LaTeX source", e.what()))
        .with_help("see \"Formulas\" in the README for the LaTeX that is supported; \\newcommand and \\def are not, write the command out")
        .at(at, e.token().chars().count().max(1) as u32);
    diags.push(if file.is_empty() { d } else { d.in_file(cx.shown(file)) });
}

/// The position in the file of byte `offset` of a formula whose LaTeX
/// starts at `start`. Exact on the formula's first line; on later lines
/// the column counts from the line's start in the formula (a formula in a
/// list or a quote is indented further in the file).
fn place(tex: &str, offset: usize, start: Pos) -> Pos {
    if !start.is_known() {
        return start;
    }
    let before = tex.get(..offset).unwrap_or(tex);
    match before.rfind('\n') {
        None => Pos::new(start.line, start.col + before.chars().count() as u32),
        Some(nl) => Pos::new(start.line + before.matches('\n').count() as u32, before[nl + 1..].chars().count() as u32 + 1),
    }
}

/// Numbers labelled and tagged display equations: within their talk (or
/// event) when it has a number, else through the book.
pub fn number(book: &mut Book) {
    let mut unnumbered = 0usize;
    let run = |blocks: &mut [Block], prefix: Option<&str>, unnumbered: &mut usize| {
        let mut n = 0usize;
        walk_blocks_mut(blocks, &mut |block| {
            if let Block::Math { label: Some(_), number: number @ None, .. } = block {
                *number = Some(match prefix {
                    Some(p) => {
                        n += 1;
                        format!("{p}.{n}")
                    }
                    None => {
                        *unnumbered += 1;
                        unnumbered.to_string()
                    }
                });
            }
        });
    };
    run(&mut book.front, None, &mut unnumbered);
    for part in &mut book.parts {
        run(&mut part.blocks, part.number.as_deref(), &mut unnumbered);
        for chapter in &mut part.chapters {
            run(&mut chapter.blocks, chapter.number.as_deref(), &mut unnumbered);
            for note in &mut chapter.footnotes {
                run(&mut note.blocks, chapter.number.as_deref(), &mut unnumbered);
            }
        }
    }
}

/// A reference written as a formula, `\eqref{x}` or `\ref{x}`: the label
/// and whether it shows parentheses.
fn reference(tex: &str) -> Option<(&str, bool)> {
    let t = tex.trim();
    let (rest, parens) = if let Some(r) = t.strip_prefix("\\eqref{") { (r, true) } else { (t.strip_prefix("\\ref{")?, false) };
    let label = rest.strip_suffix('}')?.trim();
    (!label.is_empty() && !label.contains(['{', '}'])).then_some((label, parens))
}

/// How a reference to an equation numbered `number` reads.
fn shown(number: &str, parens: bool) -> String {
    if parens { format!("({number})") } else { number.to_string() }
}

/// Equation references in formulas and prose become links.
pub fn references(book: &mut Book) {
    let mut numbers: BTreeMap<String, String> = BTreeMap::new();
    let mut collect = |blocks: &[Block]| {
        notes_doc::walk_blocks(blocks, &mut |b| {
            if let Block::Math { label: Some(label), number: Some(number), .. } = b {
                numbers.entry(label.to_lowercase()).or_insert_with(|| number.clone());
            }
        })
    };
    collect(&book.front);
    for part in &book.parts {
        collect(&part.blocks);
        for chapter in &part.chapters {
            collect(&chapter.blocks);
            for note in &chapter.footnotes {
                collect(&note.blocks);
            }
        }
    }
    let fix = |blocks: &mut Vec<Block>| notes_doc::walk_inline_seqs_mut(blocks, &mut |seq| link_references(seq, &numbers));
    fix(&mut book.front);
    for part in &mut book.parts {
        fix(&mut part.blocks);
        for chapter in &mut part.chapters {
            fix(&mut chapter.blocks);
            for note in &mut chapter.footnotes {
                fix(&mut note.blocks);
            }
        }
    }
}

fn link_to(label: &str, text: String, pos: Pos) -> Inline {
    Inline::Link { target: Target::Pending(Pending::Label { label: label.to_string() }), content: vec![Inline::text(text)], pos }
}

fn link_references(seq: &mut Vec<Inline>, numbers: &BTreeMap<String, String>) {
    let mut i = 0;
    while i < seq.len() {
        match &seq[i] {
            Inline::Math { tex, pos } => {
                if let Some((label, parens)) = reference(tex) {
                    // An unknown label: the links pass reports it and keeps the text.
                    let text = numbers.get(&label.to_lowercase()).map_or_else(|| shown(label, parens), |n| shown(n, parens));
                    seq[i] = link_to(label, text, *pos);
                }
                i += 1;
            }
            Inline::Text { text } if text.contains("ref{") || text.contains("@eq-") => {
                let parts = split_references(text, numbers);
                let n = parts.len();
                seq.splice(i..=i, parts);
                i += n.max(1);
            }
            _ => i += 1,
        }
    }
}

/// Text with `\eqref{x}`, `\ref{x}` and `@eq-x` of known equations made
/// into links; anything else stays text.
fn split_references(text: &str, numbers: &BTreeMap<String, String>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let found = ["\\eqref{", "\\ref{", "@eq-"].iter().filter_map(|m| rest.find(m).map(|at| (at, *m))).min();
        let Some((at, marker)) = found else { break };
        let (label, len, parens) = if marker == "@eq-" {
            // Quarto: `@eq-name`, not inside a word or an e-mail address.
            let before_ok = rest[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '.');
            let name_len = rest[at + 1..].find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))).unwrap_or(rest.len() - at - 1);
            let name = rest[at + 1..at + 1 + name_len].trim_end_matches(['.', ':']);
            (before_ok.then_some(name), 1 + name.len(), true)
        } else {
            let open = at + marker.len();
            match rest[open..].find('}') {
                Some(close) => (Some(rest[open..open + close].trim()), marker.len() + close + 1, marker == "\\eqref{"),
                None => (None, marker.len(), false),
            }
        };
        match label.and_then(|l| numbers.get(&l.to_lowercase()).map(|n| (l, n))) {
            Some((label, number)) => {
                plain.push_str(&rest[..at]);
                if !plain.is_empty() {
                    out.push(Inline::text(std::mem::take(&mut plain)));
                }
                out.push(link_to(label, shown(number, parens), Pos::default()));
            }
            None => plain.push_str(&rest[..at + len]),
        }
        rest = &rest[at + len..];
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Inline::text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::{Chapter, Format, Part, SourceRef, TalkMeta, plain_text};
    use notes_project::config::Config;

    fn math(tex: &str, label: Option<&str>, line: u32) -> Block {
        Block::Math { tex: tex.into(), label: label.map(str::to_string), id: String::new(), number: None, pos: Pos::new(line, 3) }
    }

    fn book(blocks: Vec<Block>) -> Book {
        let chapter = Chapter {
            id: "t".into(),
            title: vec![Inline::text("Talk")],
            number: Some("2.3".into()),
            meta: TalkMeta::default(),
            source: SourceRef { path: "e/t.md".into(), format: Format::Markdown },
            blocks,
            footnotes: vec![],
            labels: vec![],
            pos: Pos::new(1, 1),
        };
        Book {
            version: 2,
            meta: Default::default(),
            front: vec![],
            parts: vec![Part {
                id: "e".into(),
                title: vec![],
                number: Some("2".into()),
                source: None,
                blocks: vec![],
                chapters: vec![chapter],
                pos: Pos::new(1, 1),
            }],
            indexes: vec![],
        }
    }

    fn run_all(book: &mut Book) -> Diagnostics {
        let config = Config::default();
        let cx = Context { config: &config, source_dir: std::path::Path::new("."), shown_dir: std::path::Path::new("src") };
        let mut d = Diagnostics::new();
        check(book, &cx, &mut d);
        number(book);
        references(book);
        d
    }

    #[test]
    fn refused_formulas_become_code_with_a_warning_at_the_command() {
        let para =
            Block::Paragraph { content: vec![Inline::text("a "), Inline::Math { tex: "x + \\foo y".into(), pos: Pos::new(4, 10) }], pos: Pos::new(4, 1) };
        let mut b = book(vec![para, math("a = b\n+ \\input{x}", None, 6), math("\\frac{1}{2}", None, 9)]);
        let d = run_all(&mut b).into_vec();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("math", 4, 14));
        assert!(d[0].message.contains("\\foo"), "{}", d[0].message);
        assert_eq!(d[0].file.as_deref(), Some(std::path::Path::new("src/e/t.md")));
        assert_eq!((d[1].line, d[1].column), (7, 3));
        assert!(d[1].message.contains("\\input"), "{}", d[1].message);
        let blocks = &b.parts[0].chapters[0].blocks;
        assert!(matches!(&blocks[0], Block::Paragraph { content, .. } if matches!(&content[1], Inline::Code { text } if text == "x + \\foo y")));
        assert!(matches!(&blocks[1], Block::Code { language: Some(l), text, .. } if l == "latex" && text.contains("\\input")));
        assert!(matches!(&blocks[2], Block::Math { .. }));
    }

    #[test]
    fn labelled_equations_are_numbered_within_their_talk() {
        let mut b = book(vec![
            math("a \\label{eq:a}", None, 1),
            math("b", None, 2),
            math("c", Some("c"), 3),
            math("d \\tag{$*$}", None, 4),
            Block::Quote { blocks: vec![math("e", Some("e"), 5)], attribution: None, pos: Pos::new(5, 1) },
        ]);
        assert!(run_all(&mut b).is_empty());
        let mut seen = Vec::new();
        notes_doc::walk_blocks(&b.parts[0].chapters[0].blocks, &mut |bl| {
            if let Block::Math { label, number, .. } = bl {
                seen.push((label.clone(), number.clone()));
            }
        });
        let s = |x: &str| Some(x.to_string());
        assert_eq!(seen, [(s("eq:a"), s("2.3.1")), (None, None), (s("c"), s("2.3.2")), (None, s("$*$")), (s("e"), s("2.3.3"))]);
        // An unnumbered talk: through the book.
        let mut b = book(vec![math("a", Some("a"), 1)]);
        b.parts[0].chapters[0].number = None;
        run_all(&mut b);
        assert!(matches!(&b.parts[0].chapters[0].blocks[0], Block::Math { number: Some(n), .. } if n == "1"));
    }

    #[test]
    fn references_become_links_showing_the_number() {
        let para = Block::Paragraph {
            content: vec![
                Inline::text("By \\eqref{eq:a}, \\ref{EQ:A} and @eq-b. Not \\ref{other}, me@eq-b.org or @eq-c;"),
                Inline::Math { tex: "\\eqref{eq:a}".into(), pos: Pos::new(2, 1) },
                Inline::Math { tex: "\\ref{nowhere}".into(), pos: Pos::new(2, 5) },
            ],
            pos: Pos::new(2, 1),
        };
        let mut b = book(vec![math("a", Some("eq:a"), 1), math("b", Some("eq-b"), 1), para]);
        assert!(run_all(&mut b).is_empty());
        let Block::Paragraph { content, .. } = &b.parts[0].chapters[0].blocks[2] else { panic!() };
        let shown: Vec<String> = content
            .iter()
            .map(|i| match i {
                Inline::Link { target: Target::Pending(Pending::Label { label }), content, .. } => format!("<{label}|{}>", plain_text(content)),
                other => plain_text(std::slice::from_ref(other)),
            })
            .collect();
        assert_eq!(
            shown.concat(),
            "By <eq:a|(2.3.1)>, <EQ:A|2.3.1> and <eq-b|(2.3.2)>. Not \\ref{other}, me@eq-b.org or @eq-c;<eq:a|(2.3.1)><nowhere|nowhere>"
        );
    }

    #[test]
    fn places_in_the_file() {
        assert_eq!(place("ab \\x", 3, Pos::new(5, 10)), Pos::new(5, 13));
        assert_eq!(place("a\nbé \\x", 6, Pos::new(5, 10)), Pos::new(6, 4));
        assert_eq!(place("a", 99, Pos::new(5, 10)), Pos::new(5, 11));
        assert_eq!(place("a", 0, Pos::default()), Pos::default());
    }
}
