//! Math in notes, as the readers find it: the delimiters pulldown-cmark
//! does not know, labels written after display math, and the equations of
//! a reST `math` directive.
//!
//! pulldown-cmark reads `$…$` and `$$…$$` itself (its math option, with its
//! rules for `$` in prose). MkDocs notes (arithmatex) write `\(…\)` and
//! `\[…\]` instead, which CommonMark reads as escaped brackets. They are
//! math here only under a rule that keeps prose safe:
//!
//! * the closing delimiter is in the same paragraph (the same heading,
//!   table cell…), outside code, HTML and links that the opening one is
//!   not in, and the formula between is not empty;
//! * `\[…\]` needs more, since `\[1\]` and `\[link\]` are common escapes
//!   (converters write them): its content must span lines or hold a sign of
//!   math (`\`, `^`, `_`, `=`, `+`, `<`, `>`, `{`).
//!
//! Such a pair is found by a first parse, then rewritten into a code span
//! that a second parse reads as one unit (so that `*` in `\(a*b*c\)` is not
//! emphasis), and that code span comes back as a math event. Offsets are
//! mapped back to the note as written. Nothing here parses LaTeX: whether a
//! formula is one is for normalization to say.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// A Markdown body with its `\(…\)` and `\[…\]` formulas made into spans
/// pulldown-cmark reads whole, and the way back to the body's offsets.
pub struct Delimited<'a> {
    text: Cow<'a, str>,
    spans: Vec<Span>,
}

/// One rewrite: a formula made a code span, or a line of display math
/// indented.
struct Span {
    /// Where it is in the rewritten text.
    new: Range<usize>,
    /// Where it was in the body (the formula with its delimiters; an empty
    /// range for an indent).
    old: Range<usize>,
    /// For a formula: whether it is display math, and its LaTeX exactly as
    /// written when the note's own lines hold it without container marks
    /// (`> `; otherwise the code span's text, where line breaks became
    /// spaces).
    formula: Option<(bool, Option<String>)>,
}

/// An edit of the body, in its offsets: the range replaced, the text that
/// replaces it, and the formula it is, if one (see [`Span::formula`]).
type Edit = (Range<usize>, String, Option<(bool, Option<String>)>);

/// A `\(`, `\)`, `\[` or `\]` found in prose by the first parse.
#[derive(Clone, Copy)]
struct Mark {
    at: usize,
    open: bool,
    display: bool,
    /// The paragraph (or other leaf) and link it is in: marks pair only
    /// within the same one.
    region: usize,
    /// Whether it is inside a container (list, quote, footnote).
    nested: bool,
}

impl<'a> Delimited<'a> {
    /// Finds the formulas of `body`, parsed with `options` (which must be
    /// those of the real parse).
    pub fn new(body: &'a str, options: Options) -> Self {
        let mut edits: Vec<Edit> = Vec::new();
        if body.contains("\\(") || body.contains("\\[") {
            let marks = marks(body, options);
            let mut i = 0;
            while i < marks.len() {
                let open = marks[i];
                let close = if open.open {
                    (i + 1..marks.len()).find(|&j| !marks[j].open && marks[j].display == open.display && marks[j].region == open.region)
                } else {
                    None
                };
                let Some(j) = close else {
                    i += 1;
                    continue;
                };
                let close = marks[j];
                let content = &body[open.at + 2..close.at];
                match rewritable(body, open.at, close.at + 2, content, open.display) {
                    Some(fence) => {
                        let tex = (!content.contains('\n') || !open.nested).then(|| content.trim().to_string());
                        edits.push((open.at..close.at + 2, format!("{fence} {content} {fence}"), Some((open.display, tex))));
                        i = j + 1;
                    }
                    None => i += 1,
                }
            }
        }
        if body.contains("$$") {
            let protected = protected_lines(body);
            if !protected.is_empty() {
                let mut merged = Vec::with_capacity(edits.len() + protected.len());
                let mut formulas = std::mem::take(&mut edits).into_iter().peekable();
                for at in protected {
                    while let Some(f) = formulas.next_if(|f| f.0.start < at) {
                        merged.push(f);
                    }
                    // A line inside a formula rewritten above needs nothing.
                    if merged.last().is_none_or(|f: &Edit| f.0.end <= at) {
                        merged.push((at..at, "    ".to_string(), None));
                    }
                }
                merged.extend(formulas);
                edits = merged;
            }
        }
        if edits.is_empty() {
            return Delimited { text: Cow::Borrowed(body), spans: Vec::new() };
        }
        let mut text = String::with_capacity(body.len() + 8 * edits.len());
        let mut spans = Vec::with_capacity(edits.len());
        let mut copied = 0;
        for (old, replacement, formula) in edits {
            text.push_str(&body[copied..old.start]);
            let start = text.len();
            text.push_str(&replacement);
            spans.push(Span { new: start..text.len(), old: old.clone(), formula });
            copied = old.end;
        }
        text.push_str(&body[copied..]);
        Delimited { text: Cow::Owned(text), spans }
    }

    /// The text to parse.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// An offset of the parsed text as an offset of the body.
    fn offset(&self, at: usize) -> usize {
        let i = self.spans.partition_point(|s| s.new.start <= at);
        let Some(span) = i.checked_sub(1).and_then(|i| self.spans.get(i)) else { return at };
        if at < span.new.end { span.old.start + (at - span.new.start).min(span.old.len()) } else { at - span.new.end + span.old.end }
    }

    /// A range of the parsed text as a range of the body.
    pub fn original(&self, range: &Range<usize>) -> Range<usize> {
        if self.spans.is_empty() {
            return range.clone();
        }
        self.offset(range.start)..self.offset(range.end).max(self.offset(range.start))
    }

    /// The event as the body means it: the code span of a rewritten
    /// formula is that formula.
    pub fn event<'e>(&self, event: Event<'e>, range: &Range<usize>) -> Event<'e> {
        let Event::Code(code) = &event else { return event };
        let Ok(i) = self.spans.binary_search_by_key(&range.start, |s| s.new.start) else { return event };
        let Some((display, tex)) = &self.spans[i].formula else { return event };
        let tex: CowStr<'e> = match tex {
            Some(t) => CowStr::from(t.clone()),
            None => CowStr::from(code.trim().to_string()),
        };
        if *display { Event::DisplayMath(tex) } else { Event::InlineMath(tex) }
    }
}

/// The starts of the lines inside `$$ … $$` display math that Markdown
/// would read as block syntax, cutting the formula: `=` or `-` alone (a
/// heading's underline), `- x`, `+ x`, `* x`, `1. x` (a list), `# x` (a
/// heading), `> x` (a quote). Indented by four spaces, such a line only
/// continues the paragraph (an indented line cannot start code there), and
/// LaTeX does not mind spaces. Only formulas at the top level, outside
/// code, are looked at: lines in lists and quotes carry their own marks.
fn protected_lines(body: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut open = false;
    let mut in_container = false;
    let mut fence: Option<&str> = None;
    let mut indented_code = false;
    let mut blank_before = true;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let content = trimmed.trim_end();
        if let Some(f) = fence {
            if content.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if content.is_empty() {
            (open, in_container) = (false, false);
            blank_before = true;
            continue;
        }
        if indent >= 4 && (blank_before || indented_code) && !open {
            indented_code = true;
            blank_before = false;
            continue;
        }
        indented_code = false;
        blank_before = false;
        if indent < 4 && (content.starts_with("```") || content.starts_with("~~~")) {
            fence = Some(&content[..3]);
            (open, in_container) = (false, false);
            continue;
        }
        if open && indent < 4 && is_block_syntax(content) {
            out.push(start);
        }
        if dollar_pairs_outside_code(content) % 2 == 1 {
            // Only a formula opened at the top level counts; one opened in
            // a container is followed to its end all the same.
            (open, in_container) = match (open, in_container) {
                (false, false) if starts_a_container(content) => (false, true),
                (false, false) => (true, false),
                _ => (false, false),
            };
        }
    }
    out
}

/// How many `$$` a line holds outside code spans (`` `$$` ``) and escapes.
fn dollar_pairs_outside_code(line: &str) -> usize {
    let mut count = 0;
    let mut in_code = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b'\\' => i += 1,
            b'$' if !in_code && bytes.get(i + 1) == Some(&b'$') => {
                count += 1;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    count
}

/// Whether a line (without its indentation) is read as block syntax.
fn is_block_syntax(line: &str) -> bool {
    let marker = |c: char| line.starts_with(c) && line[1..].starts_with([' ', '\t']);
    line.chars().all(|c| c == '=')
        || line.chars().all(|c| c == '-')
        || marker('-')
        || marker('+')
        || marker('*')
        || line.starts_with('#')
        || line.starts_with('>')
        || line.find(['.', ')']).is_some_and(|i| i > 0 && i < 10 && line[..i].bytes().all(|b| b.is_ascii_digit()) && line[i + 1..].starts_with([' ', '\t']))
}

/// Whether a line opens a container (a list item, a quote).
fn starts_a_container(line: &str) -> bool {
    let marker = |c: char| line.starts_with(c) && line[1..].starts_with([' ', '\t']);
    line.starts_with('>')
        || marker('-')
        || marker('+')
        || marker('*')
        || line.find(['.', ')']).is_some_and(|i| i > 0 && i < 10 && line[..i].bytes().all(|b| b.is_ascii_digit()))
}

/// The code-span fence for a formula at `start..end` of `body` (delimiters
/// included), or `None` when it is not to be read as math.
fn rewritable(body: &str, start: usize, end: usize, content: &str, display: bool) -> Option<String> {
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return None;
    }
    if display && !content.contains('\n') && !trimmed.contains(['\\', '^', '_', '=', '+', '<', '>', '{']) {
        return None;
    }
    // A backtick right outside would join the fence and make another span.
    if body[..start].ends_with('`') || body[end..].starts_with('`') {
        return None;
    }
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    // Three backticks at the start of a line would open a code block.
    (longest < 2).then(|| "`".repeat(longest + 1))
}

/// Whether a tag ends the region marks pair in: anything but emphasis and
/// its kin (so that `\(a*b*c\)` pairs, and `\(` in one paragraph never
/// pairs with `\)` in a link or in the next paragraph).
fn is_barrier(tag: &Tag) -> bool {
    !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript)
}

fn is_barrier_end(tag: &TagEnd) -> bool {
    !matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript)
}

/// Whether a tag is a container of blocks.
fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_) | Tag::DefinitionList | Tag::DefinitionListDefinition)
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::DefinitionList | TagEnd::DefinitionListDefinition
    )
}

/// The delimiters in prose: a backslash (itself not escaped) before a
/// bracket that starts a text event, outside code blocks.
fn marks(body: &str, options: Options) -> Vec<Mark> {
    let bytes = body.as_bytes();
    let mut marks = Vec::new();
    let mut region = 0usize;
    let mut containers = 0usize;
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                region += usize::from(is_barrier(&tag));
                containers += usize::from(is_container(&tag));
                in_code |= matches!(tag, Tag::CodeBlock(_));
            }
            Event::End(tag) => {
                region += usize::from(is_barrier_end(&tag));
                containers = containers.saturating_sub(usize::from(is_container_end(&tag)));
                if matches!(tag, TagEnd::CodeBlock) {
                    in_code = false;
                }
            }
            Event::Text(_) if !in_code && range.start > 0 => {
                let at = range.start - 1;
                let kind = match bytes.get(range.start) {
                    Some(b'(') => Some((true, false)),
                    Some(b')') => Some((false, false)),
                    Some(b'[') => Some((true, true)),
                    Some(b']') => Some((false, true)),
                    _ => None,
                };
                let escaping = bytes[..=at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
                if let Some((open, display)) = kind
                    && escaping
                {
                    marks.push(Mark { at, open, display, region, nested: containers > 0 });
                }
            }
            _ => {}
        }
    }
    marks
}

/// A label written after display math, at the start of the text that
/// follows it: MyST's `$$ … $$ (label)` or Pandoc's and Quarto's
/// `$$ … $$ {#eq-label}`. MyST's is alone up to the end of the line (so
/// that `$$ … $$ (see below)` stays text); Pandoc's attributes may be
/// followed by prose on the same line (`$$ {#eq-h} where $$ …`, as Quarto
/// books write them). Returns the label and how many bytes of `text` it
/// takes (with the spaces after Pandoc's).
pub fn label_after(text: &str) -> Option<(String, usize)> {
    let trimmed = text.trim_start_matches([' ', '\t']);
    let lead = text.len() - trimmed.len();
    let fits = |label: &str| !label.is_empty() && label.len() <= 100 && label.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    if let Some(rest) = trimmed.strip_prefix('(') {
        let end = rest.find(')')?;
        let label = &rest[..end];
        (fits(label) && rest[end + 1..].trim().is_empty()).then(|| (label.to_string(), text.len()))
    } else if let Some(rest) = trimmed.strip_prefix('{') {
        let end = rest.find('}')?;
        let label = rest[..end].split_whitespace().find_map(|w| w.strip_prefix('#'))?;
        let after = &rest[end + 1..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        fits(label).then(|| (label.to_string(), lead + end + 2 + spaces))
    } else {
        None
    }
}

/// How many bytes the delimiter that opens the formula at `at` takes:
/// `$$`, `\(` and `\[` two, `$` one.
pub fn opening_len(body: &str, at: usize) -> usize {
    let rest = body.get(at..).unwrap_or("");
    if rest.starts_with("$$") || rest.starts_with("\\(") || rest.starts_with("\\[") { 2 } else { usize::from(rest.starts_with('$')) }
}

/// The equations of a reST `math` directive (argument and content, as
/// lines): Sphinx's rule is that equations are separated by blank lines.
/// Each comes with the index of its first line.
pub fn equations(lines: &[&str]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        match &mut current {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(line);
            }
            None => current = Some((i, line.to_string())),
        }
    }
    out.extend(current);
    out
}

/// The formula Sphinx's MathJax output makes of a `math` directive's
/// equations: one is set as it is (a `split` when it has `\\`), several
/// are set one under the other (an `aligned` of them).
pub fn sphinx_display(parts: &[String]) -> String {
    let wrapped: Vec<String> = parts.iter().map(|p| if p.contains("\\\\") { format!("\\begin{{split}}{p}\\end{{split}}") } else { p.clone() }).collect();
    match wrapped.as_slice() {
        [one] => one.clone(),
        many => format!("\\begin{{aligned}}{}\\end{{aligned}}", many.join("\\\\\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(body: &str) -> Vec<String> {
        let options = Options::ENABLE_MATH | Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
        let d = Delimited::new(body, options);
        Parser::new_ext(d.text(), options)
            .into_offset_iter()
            .filter_map(|(e, r)| {
                let r = d.original(&r);
                match d.event(e, &(r.start..r.end)) {
                    Event::InlineMath(t) => Some(format!("i[{t}]")),
                    Event::DisplayMath(t) => Some(format!("d[{t}]")),
                    Event::Text(t) => Some(t.to_string()),
                    Event::Code(t) => Some(format!("`{t}`")),
                    _ => None,
                }
            })
            .collect()
    }

    /// The events of `body`, with each event's range mapped back.
    fn mapped(body: &str) -> Vec<(String, String)> {
        let options = Options::ENABLE_MATH;
        let d = Delimited::new(body, options);
        Parser::new_ext(d.text(), options)
            .into_offset_iter()
            .filter(|(e, _)| matches!(e, Event::Text(_) | Event::Code(_)))
            .map(|(e, r)| {
                let shown = match d.event(e.clone(), &r) {
                    Event::InlineMath(t) => format!("i[{t}]"),
                    Event::DisplayMath(t) => format!("d[{t}]"),
                    Event::Text(t) => t.to_string(),
                    _ => String::new(),
                };
                (shown, body[d.original(&r)].to_string())
            })
            .collect()
    }

    #[test]
    fn arithmatex_delimiters_become_math() {
        assert_eq!(events(r"a \(x+y\) b"), ["a ", "i[x+y]", " b"]);
        assert_eq!(events(r"\(a*b*c\) and \(d_1 * e_2\)"), ["i[a*b*c]", " and ", "i[d_1 * e_2]"]);
        assert_eq!(events("\\[\na = b\n\\]"), ["d[a = b]"]);
        assert_eq!(events(r"see \[a^2 + b^2\] here"), ["see ", "d[a^2 + b^2]", " here"]);
        assert_eq!(events(r"\( x \)"), ["i[x]"]);
        assert_eq!(events(r"a \(x`y\) b"), ["a ", "i[x`y]", " b"]);
    }

    #[test]
    fn escaped_brackets_in_prose_stay_text() {
        // No closing delimiter, or in another paragraph.
        assert_eq!(events(r"a \( b").concat(), "a ( b");
        assert_eq!(events("a \\( b\n\nc \\) d").concat(), "a ( bc ) d");
        // Citations and escaped links are not math.
        assert_eq!(events(r"see \[1\] and \[link\]").concat(), "see [1] and [link]");
        // An escaped backslash does not escape the bracket.
        assert_eq!(events(r"a \\(x\\) b").concat(), r"a \(x\) b");
        // Empty.
        assert_eq!(events(r"\(\) and \( \)").concat(), "() and ( )");
        // In code, code blocks and HTML.
        assert_eq!(events(r"`\(x\)`"), [r"`\(x\)`"]);
        assert_eq!(events("```\n\\(x\\)\n```\n").concat(), "\\(x\\)\n");
        // Across a link's edge.
        assert!(!events(r"\(a [b\) c](u)").iter().any(|e| e.starts_with("i[")));
        // Windows paths and regular expressions written with escapes.
        assert_eq!(events(r"C:\\Users\\me and \(regex").concat(), r"C:\Users\me and (regex");
    }

    #[test]
    fn math_inside_containers_and_dollars() {
        assert_eq!(events("> quote \\(x\\) end"), ["quote ", "i[x]", " end"]);
        assert_eq!(events("- \\[\n  a \\\\ b\n  \\]"), ["d[a \\\\ b]"]);
        assert_eq!(events(r"$\(x\)$"), [r"i[\(x\)]"]);
        assert_eq!(events("costs $5 and $10"), ["costs ", "$", "5 and ", "$", "10"]);
    }

    #[test]
    fn ranges_map_back_to_the_note() {
        let m = mapped("ab \\(x\\) cd `e` \\(yy\\) f");
        assert_eq!(
            m,
            [
                ("ab ".to_string(), "ab ".to_string()),
                ("i[x]".into(), "\\(x\\)".into()),
                (" cd ".into(), " cd ".into()),
                ("".into(), "`e`".into()),
                (" ".into(), " ".into()),
                ("i[yy]".into(), "\\(yy\\)".into()),
                (" f".into(), " f".into()),
            ]
        );
        // A backtick in the formula makes the code span longer than it.
        let m = mapped("\\(a`b\\) c \\(d\\)");
        assert_eq!(m[0], ("i[a`b]".to_string(), "\\(a`b\\)".to_string()));
        assert_eq!(m[1], (" c ".to_string(), " c ".to_string()));
        assert_eq!(m[2], ("i[d]".to_string(), "\\(d\\)".to_string()));
        // Two backticks in a row would need a fence that could open a code block.
        assert_eq!(events("\\(a``b\\)").concat(), "(a``b)");
    }

    #[test]
    fn lines_of_display_math_that_look_like_blocks_stay_in_the_formula() {
        let body = "$$\na\n=\nb\n- c\n+ d\n1. e\n# f\n> g\n$$\n";
        assert_eq!(events(body), ["d[\na\n    =\nb\n    - c\n    + d\n    1. e\n    # f\n    > g\n]"]);
        // Outside formulas, in code, after a blank line, in containers: untouched.
        for body in [
            "Text\n=\n",
            "Use `$$` for display math:\n- first\n",
            "```\n$$\n- x\n```\n",
            "$$\na\n\n- list\n",
            "- item $$\n  - sub\n",
            "> $$\n> - x\n> $$\n",
            "    $$ code\n    - x\n",
        ] {
            assert!(protected_lines(body).is_empty(), "{body:?}");
        }
        // Offsets after the indented lines are the note's.
        let m = mapped("$$\nx\n=\ny\n$$ and text\n");
        assert_eq!(m[0], (" and text".to_string(), " and text".to_string()));
    }

    #[test]
    fn labels_after_display_math() {
        assert_eq!(label_after(" (eqn)"), Some(("eqn".into(), 6)));
        assert_eq!(label_after(" {#eq-black}"), Some(("eq-black".into(), 12)));
        assert_eq!(label_after(" {#eq-black .x}  "), Some(("eq-black".into(), 17)));
        // Pandoc's attributes may be followed by prose (a Quarto book's
        // `$$ {#eq-h} where $$`); the prose is not taken.
        assert_eq!(label_after(" {#eq-h} where "), Some(("eq-h".into(), 9)));
        assert_eq!(label_after(" (eqn) where"), None);
        assert_eq!(label_after(" (see below) and more"), None);
        assert_eq!(label_after(" (a b)"), None);
        assert_eq!(label_after(" ()"), None);
        assert_eq!(label_after("text"), None);
    }

    #[test]
    fn directive_equations_are_set_as_sphinx_sets_them() {
        assert_eq!(sphinx_display(&["a = b".into()]), "a = b");
        assert_eq!(sphinx_display(&["a &= b \\\\ &= c".into()]), "\\begin{split}a &= b \\\\ &= c\\end{split}");
        assert_eq!(sphinx_display(&["a".into(), "b".into()]), "\\begin{aligned}a\\\\\nb\\end{aligned}");
    }

    #[test]
    fn directive_equations_split_at_blank_lines() {
        assert_eq!(equations(&["a = b", "", "", "c = d", "  + e", ""]), [(0, "a = b".to_string()), (3, "c = d\n  + e".to_string())]);
        assert!(equations(&["", " "]).is_empty());
    }
}

/// The readers with math: what the tree gets from each way of writing it.
#[cfg(test)]
mod readers {
    use crate::{NoIncludes, ReadContext};
    use notes_doc::diag::{Diagnostics, FileDiagnostics};
    use notes_doc::{Block, Inline, Pos};
    use std::path::Path;

    fn read(text: &str, rst: bool) -> Vec<Block> {
        let mut d = Diagnostics::new();
        let path = if rst { "e/talk.rst" } else { "e/talk.md" };
        let cx = ReadContext { path, is_index: false, includes: &NoIncludes };
        let mut fd = FileDiagnostics { file: Path::new(path), diagnostics: &mut d };
        let note = if rst { crate::rst::read(text, &cx, &mut fd) } else { crate::markdown::read(text, &cx, &mut fd) };
        assert!(d.is_empty(), "{d:?}");
        note.blocks
    }

    /// Blocks in short: `p[…]` paragraphs with `$tex$@line:col` formulas,
    /// `m(label)[tex]@line:col` display formulas.
    fn shown(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => {
                    let inner: Vec<String> = content
                        .iter()
                        .map(|i| match i {
                            Inline::Math { tex, pos } => format!("${tex}$@{}:{}", pos.line, pos.col),
                            Inline::Text { text } => text.clone(),
                            Inline::Code { text } => format!("`{text}`"),
                            other => notes_doc::plain_text(std::slice::from_ref(other)),
                        })
                        .collect();
                    format!("p[{}]", inner.concat())
                }
                Block::Math { tex, label, pos, .. } => format!("m({})[{tex}]@{}:{}", label.as_deref().unwrap_or(""), pos.line, pos.col),
                Block::List { items, .. } => format!("list{:?}", items.iter().map(|i| shown(&i.blocks)).collect::<Vec<_>>()),
                Block::Quote { blocks, .. } => format!("quote{:?}", shown(blocks)),
                Block::Code { language, text, .. } => format!("code({})[{text}]", language.as_deref().unwrap_or("")),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn markdown_dollars() {
        assert_eq!(shown(&read("Energy $E = mc^2$ and costs $5 and $10.\n", false)), ["p[Energy $E = mc^2$@1:9 and costs $5 and $10.]"]);
        assert_eq!(shown(&read("Before\n$$\n\\int_0^1 x\\,dx\n$$\nafter.\n", false)), ["p[Before]", "m()[\n\\int_0^1 x\\,dx\n]@2:3", "p[after.]"]);
        assert_eq!(shown(&read("Text $$a$$ more\n", false)), ["p[Text]", "m()[a]@1:8", "p[more]"]);
        assert_eq!(
            shown(&read("# Title $x$\n", false)),
            [
                "Heading { level: 1, content: [Text { text: \"Title \" }, Math { tex: \"x\", pos: Pos { line: 1, col: 10 } }], id: \"\", number: None, labels: [], pos: Pos { line: 1, col: 1 } }"
            ]
        );
    }

    #[test]
    fn markdown_labels_fences_and_arithmatex() {
        assert_eq!(shown(&read("$$\ne = mc^2\n$$ (eqn)\n\nSee it.\n", false)), ["m(eqn)[\ne = mc^2\n]@1:3", "p[See it.]"]);
        assert_eq!(shown(&read("$$x$$ {#eq-one}\n", false)), ["m(eq-one)[x]@1:3"]);
        assert_eq!(shown(&read("$$x$$ (not a label) here\n", false)), ["m()[x]@1:3", "p[(not a label) here]"]);
        assert_eq!(shown(&read("```math\na^2\n```\n\n```latex\n\\x\n```\n", false)), ["m()[a^2]@2:1", "code(latex)[\\x]"]);
        assert_eq!(shown(&read("where \\(x_i\\) is\n\n\\[\n\\sum_i x_i\n\\]\n", false)), ["p[where $x_i$@1:9 is]", "m()[\\sum_i x_i]@3:3"]);
        assert_eq!(shown(&read("- a $$\n  y\n  $$\n- b\n", false)), ["list[[\"p[a]\", \"m()[\\ny\\n]@1:7\"], [\"p[b]\"]]"]);
        assert_eq!(shown(&read("> $$\n> a\n> $$\n", false)), ["quote[\"m()[\\na\\n]@1:5\"]"]);
    }

    #[test]
    fn rst_roles_and_directives() {
        assert_eq!(shown(&read("Euler :math:`e^{i\\pi} + 1 = 0` holds, see :eq:`euler`.\n", true)), ["p[Euler $e^{i\\pi} + 1 = 0$@1:14 holds, see .]"]);
        assert_eq!(shown(&read("Text.\n\n.. math::\n   :label: euler\n\n   e^{i\\pi} + 1 = 0\n", true)), ["p[Text.]", "m(euler)[e^{i\\pi} + 1 = 0]@6:4"]);
        assert_eq!(
            shown(&read(".. math:: a = b\n\n   c &= d \\\\\n     &= e\n\n   f = g\n", true)),
            ["m()[\\begin{aligned}a = b\\\\\n\\begin{split}c &= d \\\\\n  &= e\\end{split}\\\\\nf = g\\end{aligned}]@1:11"]
        );
        assert_eq!(
            shown(&read(".. math::\n   :nowrap:\n\n   \\begin{eqnarray}\n   a\n   \\end{eqnarray}\n", true)),
            ["m()[\\begin{eqnarray}\na\n\\end{eqnarray}]@4:4"]
        );
        let (warned, _) = {
            let mut d = Diagnostics::new();
            let cx = ReadContext { path: "t.rst", is_index: false, includes: &NoIncludes };
            let note = crate::rst::read(".. math::\n\nText.\n", &cx, &mut FileDiagnostics { file: Path::new("t.rst"), diagnostics: &mut d });
            (d.iter().any(|x| x.code == "empty-directive"), note)
        };
        assert!(warned);
        let _ = Pos::default();
    }
}

/// MyST's math, through the reST machinery: the `{math}` role and
/// directive, `{eq}` references.
#[cfg(test)]
mod myst {
    use crate::{NoIncludes, ReadContext};
    use notes_doc::diag::{Diagnostics, FileDiagnostics};
    use notes_doc::{Block, Inline, Pending, Pos, Target};
    use std::path::Path;

    #[test]
    fn myst_roles_and_directives_make_formulas() {
        let text = "An inline {math}`x^2` role.\n\n```{math}\n:label: my-eq\na = b\n```\n\nSee {eq}`my-eq`.\n";
        let mut d = Diagnostics::new();
        let cx = ReadContext { path: "e/t.md", is_index: false, includes: &NoIncludes };
        let note = crate::markdown::read(text, &cx, &mut FileDiagnostics { file: Path::new("e/t.md"), diagnostics: &mut d });
        assert!(d.is_empty(), "{d:?}");
        match note.blocks.as_slice() {
            [Block::Paragraph { content: p1, .. }, Block::Math { tex, label: Some(label), .. }, Block::Paragraph { content: p2, .. }] => {
                assert!(matches!(&p1[1], Inline::Math { tex, pos } if tex == "x^2" && *pos == Pos::new(1, 18)), "{p1:?}");
                assert_eq!((tex.as_str(), label.as_str()), ("a = b", "my-eq"));
                assert!(
                    matches!(&p2[1], Inline::Link { target: Target::Pending(Pending::Label { label }), content, .. } if label == "my-eq" && content.is_empty()),
                    "{p2:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
