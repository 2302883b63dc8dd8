//! Code blocks as XHTML: the text in `<span class="hl-…">` elements named
//! after syntect's scopes (the syntax set Typst uses, from `two-face`), so
//! that the colours live in the stylesheet, and line numbers when asked.
//!
//! Spans are written through the escaping [`Xml`] writer, never as HTML
//! text; each line opens and closes its own spans, so numbered lines and
//! lines that fail to parse stay well-formed. It knows nothing of the rest
//! of the tree and must not colour anything itself (no inline styles).

use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::xml::Xml;

/// The syntaxes, loaded on first use (a few tens of milliseconds).
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Scope atoms that colour nothing in our stylesheet: their spans are left
/// out to keep the files small.
const SILENT_ATOMS: &[&str] = &["meta", "source", "text", "punctuation"];

/// At most this many atoms of a scope become classes (`keyword.control.flow`
/// gives `hl-keyword hl-control hl-flow`).
const MAX_ATOMS: usize = 3;

/// Writes code blocks; keeps the classes of the scopes it has seen.
#[derive(Default)]
pub struct Highlighter {
    /// Scope → its classes, or `None` when it gets no span.
    classes: HashMap<Scope, Option<String>>,
}

impl Highlighter {
    /// Writes the content of a `<code>` element: `text`, highlighted as
    /// `language` when `highlight` is set and the language is known, with
    /// a number before each line when `line_numbers` is set.
    pub fn write(&mut self, xml: &mut Xml, text: &str, language: Option<&str>, highlight: bool, line_numbers: bool) {
        let syntax = match language {
            Some(lang) if highlight && !lang.trim().is_empty() => find_syntax(lang),
            _ => None,
        };
        let mut lines = LinesWithEndings::from(text).enumerate();
        if let Some(syntax) = syntax {
            let mut state = ParseState::new(syntax);
            let mut stack = ScopeStack::new();
            let mut spans = Spans::default();
            let language_atom = syntax.scope.build_string().rsplit('.').next().unwrap_or_default().to_string();
            for (n, line) in lines.by_ref() {
                open_line(xml, line);
                if line_numbers {
                    line_number(xml, n + 1);
                }
                let Ok(ops) = state.parse_line(line, syntaxes()) else {
                    // Write this line and the rest as plain text.
                    xml.text(line);
                    xml.close();
                    break;
                };
                let depth = xml.depth();
                let mut at = 0;
                let mut failed = false;
                for (index, op) in &ops {
                    let index = (*index).min(line.len());
                    if index > at {
                        if let Some(piece) = line.get(at..index) {
                            spans.materialize(xml, &self.classes);
                            xml.text(piece);
                        }
                        at = index;
                    }
                    let classes = &mut self.classes;
                    let applied = stack.apply_with_hook(op, |basic, _| match basic {
                        BasicScopeStackOp::Push(scope) => {
                            classes.entry(scope).or_insert_with(|| classes_of(scope, &language_atom));
                            spans.wanted.push(scope);
                        }
                        BasicScopeStackOp::Pop => spans.pop(xml, classes),
                    });
                    if applied.is_err() {
                        failed = true;
                        break;
                    }
                }
                if let Some(rest) = line.get(at..).filter(|r| !r.is_empty()) {
                    spans.materialize(xml, &self.classes);
                    xml.text(rest);
                }
                // Each line closes its spans; the next opens them again.
                xml.close_to(depth);
                xml.close();
                spans.opened = 0;
                if failed {
                    break;
                }
            }
        }
        for (n, line) in lines {
            open_line(xml, line);
            if line_numbers {
                line_number(xml, n + 1);
            }
            xml.text(line);
            xml.close();
        }
    }
}

/// Opens the block that holds one line of code (with its line end, so
/// that a reader without CSS still sees lines): a line too long for the
/// screen wraps under its own indentation plus two columns (a hanging
/// indent, as in the PDF).
fn open_line(xml: &mut Xml, line: &str) {
    let lead: usize = line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let hang = lead + 2;
    let style = format!("padding-left:{hang}ch;text-indent:-{hang}ch");
    xml.open("span", &[("class", "line"), ("style", &style)]);
}

/// The syntax for a language name or file extension, as Typst finds it.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let lang = language.trim();
    set.find_syntax_by_token(lang).or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))
}

/// The scopes open on the current line, and how many of them have their
/// span written (spans are written only when text comes, so that scopes
/// holding nothing leave no empty span).
#[derive(Default)]
struct Spans {
    wanted: Vec<Scope>,
    /// `wanted[..opened]` have been written.
    opened: usize,
}

impl Spans {
    fn materialize(&mut self, xml: &mut Xml, classes: &HashMap<Scope, Option<String>>) {
        for scope in &self.wanted[self.opened.min(self.wanted.len())..] {
            if let Some(Some(class)) = classes.get(scope) {
                xml.open("span", &[("class", class)]);
            }
        }
        self.opened = self.wanted.len();
    }

    fn pop(&mut self, xml: &mut Xml, classes: &HashMap<Scope, Option<String>>) {
        let Some(scope) = self.wanted.pop() else { return };
        if self.opened > self.wanted.len() {
            self.opened = self.wanted.len();
            if let Some(Some(_)) = classes.get(&scope) {
                xml.close();
            }
        }
    }
}

/// `keyword.control.flow.python` → `hl-keyword hl-control hl-flow` (the
/// language's own atom left out); `None` for scopes that colour nothing.
fn classes_of(scope: Scope, language_atom: &str) -> Option<String> {
    let name = scope.build_string();
    let mut atoms = name.split('.').filter(|a| !a.is_empty() && *a != language_atom);
    let first = atoms.next()?;
    if SILENT_ATOMS.contains(&first) {
        return None;
    }
    let mut classes = format!("hl-{first}");
    for atom in atoms.take(MAX_ATOMS - 1) {
        if atom.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            classes.push_str(" hl-");
            classes.push_str(atom);
        }
    }
    Some(classes)
}

fn line_number(xml: &mut Xml, n: usize) {
    xml.element("span", &[("class", "ln"), ("aria-hidden", "true")], &n.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str, language: Option<&str>, highlight: bool, numbers: bool) -> String {
        let mut xml = Xml::new(256);
        xml.open("code", &[]);
        Highlighter::default().write(&mut xml, text, language, highlight, numbers);
        xml.close();
        let out = String::from_utf8(xml.finish().unwrap()).unwrap();
        well_formed(&out);
        out.split_once("<code>").unwrap().1.trim_end().to_string()
    }

    fn well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e}: {xml}"),
            }
        }
    }

    #[test]
    fn python_gets_classed_spans_and_escaped_text() {
        let out = code("def f(x):\n    return \"<b>&\" # ]]>\n", Some("python"), true, false);
        assert!(out.contains("hl-keyword hl-declaration hl-function\">def</span>"), "{out}");
        assert!(out.contains("hl-string"), "{out}");
        assert!(out.contains("hl-comment"), "{out}");
        assert!(out.contains("&lt;b&gt;&amp;") && out.contains("]]&gt;"), "{out}");
        assert!(!out.contains("<span class=\"\"") && !out.contains("></span><span class=\"hl-comment\"></span>"));
    }

    #[test]
    fn unknown_languages_and_no_highlight_are_plain_text() {
        let out = code("a < b", Some("no-such-language"), true, false);
        assert_eq!(out, "<span class=\"line\" style=\"padding-left:2ch;text-indent:-2ch\">a &lt; b</span></code>");
        let out = code("x = 1", Some("python"), false, false);
        assert_eq!(out, "<span class=\"line\" style=\"padding-left:2ch;text-indent:-2ch\">x = 1</span></code>");
    }

    #[test]
    fn long_lines_hang_under_their_indentation() {
        let out = code("def f():\n    return 1\n\n\tpass", None, false, false);
        assert!(out.contains("<span class=\"line\" style=\"padding-left:6ch;text-indent:-6ch\">    return 1\n</span>"), "{out}");
        assert!(out.contains("<span class=\"line\" style=\"padding-left:2ch;text-indent:-2ch\">\n</span>"), "{out}");
        assert!(out.contains("padding-left:6ch;text-indent:-6ch\">\tpass</span>"), "{out}");
    }

    #[test]
    fn line_numbers_open_each_line() {
        let out = code("/* one\ntwo */\nthree", Some("c"), true, true);
        for n in 1..=3 {
            assert!(out.contains(&format!("<span class=\"ln\" aria-hidden=\"true\">{n}</span>")), "{out}");
        }
        // The comment spans two lines: each line has its own span.
        assert_eq!(out.matches("hl-comment").count(), 2, "{out}");
        let plain = code("a\nb", None, true, true);
        assert_eq!(
            plain,
            "<span class=\"line\" style=\"padding-left:2ch;text-indent:-2ch\"><span class=\"ln\" aria-hidden=\"true\">1</span>a\n</span><span class=\"line\" style=\"padding-left:2ch;text-indent:-2ch\"><span class=\"ln\" aria-hidden=\"true\">2</span>b</span></code>"
        );
    }

    #[test]
    fn languages_are_found_by_name_or_extension() {
        assert!(find_syntax("Python").is_some());
        assert!(find_syntax("rs").is_some());
        assert!(find_syntax("JavaScript").is_some() && find_syntax("toml").is_some());
        assert!(find_syntax("nonsense-lang").is_none());
    }
}
