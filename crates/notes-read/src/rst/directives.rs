//! Directives: `toctree` (kept aside as a [`Toc`]), code blocks and
//! includes (through [`ReadContext::includes`](crate::ReadContext),
//! guarded against cycles), admonitions and version notes, images and
//! figures, topics, sidebars, rubrics, epigraphs, index entries, tables
//! (`table`, `list-table`, `csv-table`), and the smaller Sphinx directives
//! notes use. `contents` and `sectnum` are dropped with a remark (the book
//! makes its own); `only` and `raw` are dropped with a warning; a directive
//! this reader does not know is kept as a code block, with a warning.

use crate::{Toc, TocEntry};
use notes_doc::{AdmonitionKind, Align, Block, Cell, Definition, Image, Inline, Line, Pos, Row};

use super::blocks::{Region, Sink, field_marker};
use super::roles::index_entries;
use super::source::{LineRef, Spot, trim_trailing_blank};
use super::{Reader, TargetDef, normalize_name};

/// How deep includes may nest.
const MAX_INCLUDE_DEPTH: usize = 8;

/// How much text all the includes of one note may bring in, so that files
/// including each other many times over cannot grow without end.
pub(super) const MAX_INCLUDED_BYTES: usize = 8 << 20;

/// What a directive's block may hold besides content.
#[derive(Clone, Copy)]
struct Spec {
    /// Whether it takes arguments (on its first lines, before a blank line).
    args: bool,
    /// The options it knows (`class` and `name` are always allowed).
    options: &'static [&'static str],
}

const NO_OPTIONS: &[&str] = &[];
/// For directives whose many options are only a look: none is warned about.
const ANY_OPTIONS: &[&str] = &["*"];
const CODE_OPTIONS: &[&str] = &["linenos", "lineno-start", "emphasize-lines", "caption", "dedent", "force", "number-lines"];
const IMAGE_OPTIONS: &[&str] = &["alt", "width", "height", "scale", "align", "target", "loading"];
const FIGURE_OPTIONS: &[&str] = &["alt", "width", "height", "scale", "align", "target", "figwidth", "figclass", "loading"];
const INCLUDE_OPTIONS: &[&str] = &["start-line", "end-line", "start-after", "end-before", "literal", "code", "number-lines", "encoding", "tab-width", "parser"];
const LITERALINCLUDE_OPTIONS: &[&str] = &[
    "language",
    "linenos",
    "lineno-start",
    "lineno-match",
    "lines",
    "start-after",
    "end-before",
    "start-at",
    "end-at",
    "dedent",
    "prepend",
    "append",
    "caption",
    "emphasize-lines",
    "encoding",
    "tab-width",
    "pyobject",
    "diff",
    "force",
];
const TOCTREE_OPTIONS: &[&str] = &["maxdepth", "numbered", "glob", "hidden", "caption", "titlesonly", "reversed", "includehidden"];

/// The directives this reader knows.
fn spec(name: &str) -> Option<Spec> {
    let s = |args: bool, options: &'static [&'static str]| Some(Spec { args, options });
    match name {
        "toctree" => s(false, TOCTREE_OPTIONS),
        "code-block" | "sourcecode" | "code" => s(true, CODE_OPTIONS),
        "literalinclude" => s(true, LITERALINCLUDE_OPTIONS),
        "include" => s(true, INCLUDE_OPTIONS),
        "note" | "warning" | "tip" | "important" | "caution" | "danger" | "hint" | "attention" | "error" | "seealso" | "todo" => s(false, NO_OPTIONS),
        "admonition" | "topic" | "rubric" | "centered" => s(true, NO_OPTIONS),
        "sidebar" => s(true, &["subtitle"]),
        "versionadded" | "versionchanged" | "deprecated" | "versionremoved" => s(true, NO_OPTIONS),
        "image" => s(true, IMAGE_OPTIONS),
        "figure" => s(true, FIGURE_OPTIONS),
        "epigraph" | "highlights" | "pull-quote" | "compound" | "hlist" | "line-block" | "parsed-literal" => s(false, &["columns"]),
        "container" | "class" | "rst-class" | "cssclass" => s(true, NO_OPTIONS),
        "contents" => s(true, &["depth", "local", "backlinks"]),
        "sectnum" | "section-numbering" => s(false, &["depth", "prefix", "suffix", "start"]),
        "index" => s(true, NO_OPTIONS),
        "only" | "ifconfig" => s(true, NO_OPTIONS),
        "raw" => s(true, &["file", "url", "encoding"]),
        "highlight" => s(true, &["linenothreshold", "force"]),
        "default-role" => s(true, NO_OPTIONS),
        "role" => s(true, &["format", "language"]),
        "glossary" => s(false, &["sorted"]),
        "tabularcolumns" => s(true, NO_OPTIONS),
        "math" => s(true, &["label", "nowrap"]),
        // Sphinx-design and Jupyter Book (in reST and MyST alike): a
        // dropdown, tab or card is a titled box; their groups are a look.
        "dropdown" | "tab-item" | "card" | "grid-item-card" => s(true, ANY_OPTIONS),
        "tab-set" | "grid" | "grid-item" | "card-carousel" | "div" => s(true, ANY_OPTIONS),
        "margin" => s(true, NO_OPTIONS),
        "code-cell" => s(true, ANY_OPTIONS),
        "mermaid" | "graphviz" | "plantuml" => s(true, ANY_OPTIONS),
        "bibliography" | "tableofcontents" | "glue" | "glue:figure" => s(true, ANY_OPTIONS),
        "table" => s(true, &["widths", "width", "align"]),
        "list-table" => s(true, &["header-rows", "stub-columns", "widths", "width", "align"]),
        "csv-table" => {
            s(true, &["header", "header-rows", "stub-columns", "widths", "width", "align", "delim", "quote", "keepspace", "escape", "file", "url", "encoding"])
        }
        "title" | "meta" | "header" | "footer" | "target-notes" | "sectionauthor" | "moduleauthor" | "codeauthor" | "module" | "currentmodule"
        | "py:module" | "py:currentmodule" => s(true, &["platform", "synopsis", "deprecated", "no-index", "noindex"]),
        _ => None,
    }
}

/// Whether this reader knows a directive.
pub(super) fn is_known(name: &str) -> bool {
    spec(name).is_some()
}

/// A directive's parts, as docutils' `parse_directive_block` cuts them.
struct Directive {
    name: String,
    spot: Spot,
    pos: Pos,
    args: Vec<LineRef>,
    options: Vec<(String, String)>,
    content: Vec<LineRef>,
    /// The whole block as written, for when it is kept as text.
    whole: Vec<LineRef>,
    next: usize,
}

impl Directive {
    fn option(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }
}

/// Python-style slice bounds (negative from the end) over `n` items.
fn py_index(i: i64, n: usize) -> usize {
    if i < 0 { n.saturating_sub(i.unsigned_abs() as usize) } else { (i as usize).min(n) }
}

/// Sphinx's `:lines:` selection (`1,3,5-10,20-`), 1-based. A selection
/// that repeats the file (`1-,1-,1-,…`) may pick each line about twice,
/// never more: a few bytes of spec must not make millions of lines.
fn select_lines(spec: &str, n: usize) -> Option<Vec<usize>> {
    let most = 2 * n + 16;
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => {
                let a = if a.trim().is_empty() { 1 } else { a.trim().parse::<usize>().ok()? };
                let b = if b.trim().is_empty() { n } else { b.trim().parse::<usize>().ok()? };
                (a, b)
            }
            None => {
                let a = part.parse::<usize>().ok()?;
                (a, a)
            }
        };
        if a == 0 || a > b {
            return None;
        }
        if a <= b.min(n) && out.len() + (b.min(n) + 1 - a) > most {
            return None;
        }
        out.extend((a..=b.min(n)).map(|i| i - 1));
    }
    Some(out)
}

/// Removes `n` columns of indentation (all common indentation when `None`).
fn dedent(text: &str, n: Option<usize>) -> String {
    let n = n.unwrap_or_else(|| text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0));
    text.lines()
        .map(|l| {
            let strip = (l.len() - l.trim_start_matches(' ').len()).min(n);
            &l[strip..]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code points of a `unicode::` substitution (`U+00A9`, `0xA9`,
/// `&#169;`, `169`, or text; `..` starts a comment).
fn unicode_text(args: &str) -> Result<String, String> {
    let mut out = String::new();
    for code in args.split_whitespace() {
        if code == ".." {
            break;
        }
        let lower = code.to_ascii_lowercase();
        let hex = ["0x", "\\x", "x", "u+", "\\u", "u"]
            .iter()
            .find_map(|p| lower.strip_prefix(p).filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())));
        let value = if let Some(h) = hex {
            u32::from_str_radix(h, 16).ok()
        } else if let Some(h) = lower.strip_prefix("&#x").and_then(|r| r.strip_suffix(';')) {
            u32::from_str_radix(h, 16).ok()
        } else if let Some(d) = lower.strip_prefix("&#").and_then(|r| r.strip_suffix(';')) {
            d.parse().ok()
        } else if code.chars().all(|c| c.is_ascii_digit()) {
            code.parse().ok()
        } else {
            out.push_str(code);
            continue;
        };
        match value.and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => return Err(format!("{code:?} is not a character code")),
        }
    }
    Ok(out)
}

/// Splits a CSV line (docutils' `csv-table` defaults: `,` and `"`).
/// The rows of a CSV text as docutils reads them: Python's `csv` with
/// `skipinitialspace`, so that a quote after a delimiter and spaces opens
/// a quoted cell (`a, "b, c"` is two cells). The `csv` crate has no such
/// option (it reads `"b` and `c"`), hence this small reader.
fn csv_rows(text: &str, delim: char, quote: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == quote {
                if chars.peek() == Some(&quote) {
                    cell.push(quote);
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == quote && cell.trim().is_empty() {
            cell.clear();
            in_quotes = true;
        } else if c == delim {
            row.push(std::mem::take(&mut cell).trim().to_string());
        } else if c == '\n' {
            row.push(std::mem::take(&mut cell).trim().to_string());
            if !(row.len() == 1 && row[0].is_empty()) {
                rows.push(std::mem::take(&mut row));
            } else {
                row.clear();
            }
        } else {
            cell.push(c);
        }
    }
    if !cell.trim().is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        rows.push(row);
    }
    rows
}

impl Reader<'_, '_, '_> {
    /// Cuts a directive's block into arguments, options and content.
    fn directive_parts(&self, lines: &[LineRef], at: usize, marker: usize, name: &str, spec: Spec) -> Result<Directive, (String, usize)> {
        let ind = self.src.indented_block(lines, at, false, true, None, Some(marker), true);
        let mut whole = lines[at..ind.next.min(lines.len())].to_vec();
        trim_trailing_blank(&self.src, &mut whole);
        let mut block = ind.lines;
        if block.first().is_some_and(|l| self.src.is_blank(*l)) {
            block.remove(0);
        }
        trim_trailing_blank(&self.src, &mut block);
        // Every directive takes options (`class` and `name` at least), so the
        // lines before the first blank one are arguments and options.
        let blank_at = block.iter().position(|l| self.src.is_blank(*l)).unwrap_or(block.len());
        let mut args = block[..blank_at].to_vec();
        let mut content = block.get(blank_at + 1..).map(<[LineRef]>::to_vec).unwrap_or_default();
        let mut options = Vec::new();
        if let Some(first_opt) = args.iter().position(|l| field_marker(self.src.text(*l)).is_some()) {
            for line in args.split_off(first_opt) {
                let text = self.src.text(line);
                if let Some((range, body)) = field_marker(text) {
                    let value: String = text.chars().skip(body).collect();
                    options.push((text[range].trim().to_lowercase(), value.trim().to_string()));
                } else if self.src.indent(line) > 0
                    && let Some(last) = options.last_mut()
                {
                    if !last.1.is_empty() {
                        last.1.push('\n');
                    }
                    last.1.push_str(text.trim());
                } else {
                    return Err(("its options are not a field list".into(), ind.next));
                }
            }
        }
        if !args.is_empty() && !spec.args {
            let mut c = args;
            c.extend(block.get(blank_at..).unwrap_or(&[]).iter().copied());
            content = c;
            args = Vec::new();
        }
        let leading = content.iter().take_while(|l| self.src.is_blank(**l)).count();
        content.drain(..leading);
        Ok(Directive { name: name.to_string(), spot: self.src.start(lines[at]), pos: self.pos_of(lines[at]), args, options, content, whole, next: ind.next })
    }

    /// The arguments as one line of text.
    fn arg_text(&self, d: &Directive) -> String {
        d.args.iter().map(|l| self.src.text(*l).trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ")
    }

    /// `.. math::`: one display formula, as Sphinx sets it (equations
    /// separated by blank lines are set one under the other; see
    /// [`crate::math::sphinx_display`]), numbered when it has a `:label:`.
    fn math_directive(&mut self, d: &Directive, sink: &mut Sink) {
        let mut lines: Vec<(Pos, &str)> = d.args.iter().map(|l| (self.pos_of(*l), self.src.text(*l))).collect();
        if !lines.is_empty() {
            // Sphinx: the argument is an equation of its own.
            lines.push((d.pos, ""));
        }
        lines.extend(d.content.iter().map(|l| (self.pos_of(*l), if self.src.is_blank(*l) { "" } else { self.src.text(*l) })));
        let texts: Vec<&str> = lines.iter().map(|(_, t)| *t).collect();
        let parts = crate::math::equations(&texts);
        let Some(&(first, _)) = parts.first() else {
            self.warn("empty-directive", d.spot, 11, "the `math` directive has no formula; it is left out");
            return;
        };
        let pos = lines.get(first).map_or(d.pos, |(p, _)| *p);
        let parts: Vec<String> = parts.into_iter().map(|(_, t)| t).collect();
        let tex = if d.flag("nowrap") { parts.join("\n\n") } else { crate::math::sphinx_display(&parts) };
        let label = d.option("label").map(str::trim).filter(|l| !l.is_empty()).map(str::to_string);
        sink.block(Block::Math { tex, label, id: String::new(), number: None, pos });
    }

    /// A directive's block kept as text.
    fn keep_as_code(&mut self, d: &Directive, sink: &mut Sink) {
        let text = self.join(&d.whole);
        sink.block(Block::Code { language: None, text, line_numbers: false, pos: d.pos });
    }

    /// `lines[at..next]` kept as written, in a code block; returns `next`.
    fn keep_lines_as_code(&mut self, lines: &[LineRef], at: usize, next: usize, sink: &mut Sink) -> usize {
        let mut whole = lines[at..next.min(lines.len())].to_vec();
        trim_trailing_blank(&self.src, &mut whole);
        let text = self.join(&whole);
        sink.block(Block::Code { language: None, text, line_numbers: false, pos: self.pos_of(lines[at]) });
        next
    }

    /// A block starting with `.. name::`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn directive(&mut self, lines: &[LineRef], at: usize, marker: usize, name: &str, depth: usize, region: Region, sink: &mut Sink) -> usize {
        let spot = self.src.start(lines[at]);
        let len = name.chars().count() as u32 + 5;
        let Some(spec) = spec(name) else {
            let next = match self.directive_parts(lines, at, marker, name, Spec { args: false, options: NO_OPTIONS }) {
                Ok(d) => d.next,
                Err((_, next)) => next,
            };
            self.warn_help(
                "unknown-directive",
                spot,
                len,
                format!("the directive `{name}` is not known; its text is kept as a code block"),
                "known directives include toctree, code-block, literalinclude, include, note, warning, admonition, image, figure, topic, sidebar, rubric, index, table, list-table",
            );
            return self.keep_lines_as_code(lines, at, next, sink);
        };
        let d = match self.directive_parts(lines, at, marker, name, spec) {
            Ok(d) => d,
            Err((why, next)) => {
                self.warn("bad-directive", spot, len, format!("the `{name}` directive cannot be read: {why}; its text is kept as a code block"));
                return self.keep_lines_as_code(lines, at, next, sink);
            }
        };
        for (option, _) in &d.options {
            if !spec.options.contains(&option.as_str()) && spec.options != ANY_OPTIONS && option != "class" && option != "name" {
                let o = option.clone();
                self.warn("unknown-option", spot, len, format!("the `{name}` directive has no option `:{o}:`; it is ignored"));
            }
        }
        if let Some(label) = d.option("name").map(normalize_name).filter(|l| !l.is_empty()) {
            sink.block(Block::Anchor { id: label.clone(), pos: d.pos });
            self.define_target(label.clone(), TargetDef::Label(label), spot, true);
        }
        self.run_directive(d, depth, region, sink)
    }

    fn run_directive(&mut self, d: Directive, depth: usize, region: Region, sink: &mut Sink) -> usize {
        let next = d.next;
        let name = d.name.clone();
        match name.as_str() {
            "toctree" => self.toctree(&d, depth, sink),
            "code-block" | "sourcecode" | "code" => self.code_block(&d, sink),
            "literalinclude" => self.literalinclude(&d, sink),
            "include" => self.include(&d, region, sink),
            "note" | "warning" | "tip" | "important" | "caution" | "danger" | "hint" | "attention" | "error" | "seealso" | "todo" => {
                let kind = match name.as_str() {
                    "note" => AdmonitionKind::Note,
                    "warning" => AdmonitionKind::Warning,
                    "tip" => AdmonitionKind::Tip,
                    "important" => AdmonitionKind::Important,
                    "caution" => AdmonitionKind::Caution,
                    "danger" => AdmonitionKind::Danger,
                    "hint" => AdmonitionKind::Hint,
                    "attention" => AdmonitionKind::Attention,
                    "error" => AdmonitionKind::Error,
                    "seealso" => AdmonitionKind::SeeAlso,
                    _ => AdmonitionKind::Generic,
                };
                let title = if name == "todo" { vec![Inline::text("Todo")] } else { Vec::new() };
                self.admonition(&d, kind, title, Vec::new(), depth, sink);
            }
            "admonition" | "topic" | "sidebar" => {
                let kind = match name.as_str() {
                    "topic" => AdmonitionKind::Topic,
                    "sidebar" => AdmonitionKind::Sidebar,
                    _ => AdmonitionKind::Generic,
                };
                let mut title = self.arg_inlines(&d.args);
                if let Some(sub) = d.option("subtitle").filter(|s| !s.is_empty()) {
                    if !title.is_empty() {
                        title.push(Inline::text(": "));
                    }
                    title.push(Inline::text(sub));
                }
                if title.is_empty() && name == "admonition" {
                    self.warn("bad-directive", d.spot, 14, "the `admonition` directive needs a title; it is shown without one");
                }
                self.admonition(&d, kind, title, Vec::new(), depth, sink);
            }
            "versionadded" | "versionchanged" | "deprecated" | "versionremoved" => self.version_note(&d, depth, sink),
            "dropdown" | "tab-item" | "card" | "grid-item-card" => {
                let title = self.arg_inlines(&d.args);
                self.admonition(&d, AdmonitionKind::Generic, title, Vec::new(), depth, sink);
            }
            "margin" => {
                let title = self.arg_inlines(&d.args);
                self.admonition(&d, AdmonitionKind::Sidebar, title, Vec::new(), depth, sink);
            }
            "tab-set" | "grid" | "grid-item" | "card-carousel" | "div" => {
                let region = if region == Region::Document { Region::Body } else { region };
                self.flatten_body(sink, d.content.clone(), region, depth);
            }
            "code-cell" | "mermaid" | "graphviz" | "plantuml" => {
                let language = if name == "code-cell" { self.arg_text(&d) } else { name.clone() };
                let language = language.split_whitespace().next().map(str::to_string).filter(|l| !l.is_empty());
                let text = self.join(&d.content);
                let text: String = text.lines().filter(|l| !l.trim_start().starts_with("#|")).collect::<Vec<_>>().join("\n");
                if !text.trim().is_empty() {
                    sink.block(Block::Code { language, text, line_numbers: false, pos: d.pos });
                }
            }
            "bibliography" | "tableofcontents" | "glue" | "glue:figure" => {
                self.info(
                    "skipped-directive",
                    d.spot,
                    name.chars().count() as u32 + 5,
                    format!("the `{name}` directive is left out: the book has no use for it"),
                );
            }
            "image" => {
                if let Some(image) = self.image(&d, None) {
                    sink.block(Block::Figure { image, caption: Vec::new(), legend: Vec::new(), pos: d.pos });
                }
            }
            "figure" => self.figure(&d, depth, sink),
            "rubric" => {
                let content = self.arg_inlines(&d.args);
                sink.block(Block::Rubric { content, pos: d.pos });
            }
            "centered" => {
                let content = self.arg_inlines(&d.args);
                sink.block(Block::Paragraph { content: vec![Inline::Strong { content }], pos: d.pos });
            }
            "epigraph" | "highlights" | "pull-quote" => self.quote_directive(&d, depth, sink),
            "compound" | "container" | "class" | "rst-class" | "cssclass" | "hlist" => {
                // Only a look: the content reads as if written here.
                let region = if region == Region::Document { Region::Body } else { region };
                self.flatten_body(sink, d.content.clone(), region, depth);
            }
            "contents" | "sectnum" | "section-numbering" | "title" | "meta" | "header" | "footer" | "target-notes" | "sectionauthor" | "moduleauthor"
            | "codeauthor" | "module" | "currentmodule" | "py:module" | "py:currentmodule" => {
                let why = match name.as_str() {
                    "contents" => "the book has its own table of contents",
                    "sectnum" | "section-numbering" => "the book numbers its own sections",
                    _ => "it is not shown in the book",
                };
                self.info("skipped-directive", d.spot, name.chars().count() as u32 + 5, format!("the `{name}` directive is left out: {why}"));
            }
            "index" => {
                // Sphinx: one entry per line, of the argument and of the content.
                let mut entries = Vec::new();
                let texts: Vec<String> =
                    d.args.iter().chain(d.content.iter()).map(|l| self.src.text(*l).trim().to_string()).filter(|t| !t.is_empty()).collect();
                for t in texts {
                    entries.extend(index_entries(&t));
                }
                if !entries.is_empty() {
                    sink.block(Block::Index { entries, id: String::new(), pos: d.pos });
                }
            }
            "only" | "ifconfig" => {
                let cond = self.arg_text(&d);
                self.warn_help(
                    "skipped-directive",
                    d.spot,
                    name.chars().count() as u32 + 5,
                    format!("the content of `{name}:: {cond}` is left out: the book is not built for one output only"),
                    "write the content without the directive to keep it",
                );
            }
            "raw" => {
                let format = self.arg_text(&d);
                self.warn_help(
                    "skipped-directive",
                    d.spot,
                    8,
                    format!("the `raw` directive ({format}) is left out: raw output is not carried into the book"),
                    "write the content in reStructuredText instead",
                );
            }
            "highlight" => {
                let lang = self.arg_text(&d);
                self.default_language = lang.split_whitespace().next().filter(|l| *l != "none" && *l != "default").map(str::to_string);
            }
            "default-role" => {
                let role = self.arg_text(&d).to_lowercase();
                self.default_role = (!role.is_empty()).then_some(role);
            }
            "role" => {
                let arg = self.arg_text(&d);
                let (new, base) = match arg.split_once('(') {
                    Some((n, b)) => (n.trim().to_lowercase(), Some(b.trim_end_matches(')').trim().to_lowercase())),
                    None => (arg.trim().to_lowercase(), None),
                };
                if !new.is_empty() {
                    self.custom_roles.insert(new, base.filter(|b| b != "raw"));
                }
            }
            "glossary" => self.glossary(&d, depth, sink),
            "tabularcolumns" => {}
            "line-block" => {
                let lines_out = d
                    .content
                    .iter()
                    .map(|l| {
                        let indent = self.src.indent(*l);
                        let content = self.inline_line(self.src.skip_spaces(*l, indent));
                        Line { indent: indent as u32, content }
                    })
                    .collect();
                sink.block(Block::LineBlock { lines: lines_out, pos: d.pos });
            }
            "parsed-literal" => {
                let mut text = String::new();
                for (i, l) in d.content.iter().enumerate() {
                    if i > 0 {
                        text.push('\n');
                    }
                    let indent = self.src.indent(*l);
                    text.push_str(&" ".repeat(indent));
                    let inlines = self.inline_line(self.src.skip_spaces(*l, indent));
                    text.push_str(&notes_doc::plain_text(&inlines));
                }
                sink.block(Block::Code { language: None, text, line_numbers: false, pos: d.pos });
            }
            "math" => self.math_directive(&d, sink),
            "table" => self.table_directive(&d, depth, sink),
            "list-table" => self.list_table(&d, depth, sink),
            "csv-table" => self.csv_table(&d, sink),
            _ => self.keep_as_code(&d, sink),
        }
        next
    }

    /// An admonition-like container: `title` (may be empty) and `lead`
    /// blocks before the content.
    fn admonition(&mut self, d: &Directive, kind: AdmonitionKind, title: Vec<Inline>, lead: Vec<Block>, depth: usize, sink: &mut Sink) {
        if d.content.is_empty() && lead.is_empty() {
            self.warn("empty-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive has no content; it is left out", d.name));
            return;
        }
        if !self.may_nest(depth + 1, d.spot) {
            let shown = if title.is_empty() { vec![Inline::text(notes_doc::words::Words::of("en").admonitions.of(kind))] } else { title };
            sink.block(Block::Paragraph { content: vec![Inline::Strong { content: shown }], pos: d.pos });
            sink.blocks(lead);
            self.flatten_body(sink, d.content.clone(), Region::Body, depth);
            return;
        }
        let mut blocks = lead;
        blocks.extend(self.body(d.content.clone(), depth + 1));
        sink.block(Block::Admonition { kind, title, blocks, pos: d.pos });
    }

    /// `versionadded:: 1.2 explanation`.
    fn version_note(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        let (kind, words) = match d.name.as_str() {
            "versionadded" => (AdmonitionKind::VersionAdded, "New in version"),
            "versionchanged" => (AdmonitionKind::VersionChanged, "Changed in version"),
            "versionremoved" => (AdmonitionKind::Deprecated, "Removed in version"),
            _ => (AdmonitionKind::Deprecated, "Deprecated since version"),
        };
        let Some(first) = d.args.first().copied() else {
            self.warn("bad-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive needs a version; it is left out", d.name));
            return;
        };
        let first_text = self.src.text(first);
        let version: String = first_text.split(' ').find(|w| !w.is_empty()).unwrap_or("").to_string();
        let after_version = first_text.find(&version).map_or(0, |i| i + version.len());
        let rest_first = self.src.skip(first, first_text[..after_version].chars().count());
        let rest_first = self.src.skip_spaces(rest_first, self.src.indent(rest_first));
        let mut explanation = vec![rest_first];
        explanation.extend(d.args.iter().skip(1).copied());
        explanation.retain(|l| !self.src.is_blank(*l));
        let mut lead = Vec::new();
        if !explanation.is_empty() {
            let content = self.arg_inlines(&explanation);
            lead.push(Block::Paragraph { content, pos: self.pos_of(explanation[0]) });
        }
        let title = vec![Inline::text(format!("{words} {version}"))];
        if d.content.is_empty() && lead.is_empty() {
            // A version note may have nothing but its title.
            sink.block(Block::Admonition { kind, title, blocks: Vec::new(), pos: d.pos });
            return;
        }
        self.admonition(d, kind, title, lead, depth, sink);
    }

    fn toctree(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        let mut entries = Vec::new();
        for line in &d.content {
            let text = self.src.text(*line).trim();
            if text.is_empty() || text.starts_with(".. ") || text == ".." {
                continue;
            }
            let (title, target) = match text.strip_suffix('>').and_then(|t| t.rfind('<').map(|i| (t, i))) {
                Some((t, i)) if !t[..i].trim().is_empty() && !t[..i].ends_with('\\') => (Some(t[..i].trim().to_string()), t[i + 1..].trim().to_string()),
                _ => (None, text.to_string()),
            };
            if target.is_empty() {
                continue;
            }
            entries.push(TocEntry { target, title, pos: self.pos_of(*line) });
        }
        if d.flag("reversed") {
            entries.reverse();
        }
        let max_depth = d.option("maxdepth").and_then(|v| v.trim().parse::<i64>().ok()).filter(|v| *v > 0).map(|v| v.min(u32::MAX as i64) as u32);
        let at_block = if depth == 0 && sink.more.is_empty() { sink.out.len() } else { usize::MAX };
        self.tocs.push(Toc {
            entries,
            at_block,
            hidden: d.flag("hidden"),
            glob: d.flag("glob"),
            numbered: d.flag("numbered") && d.option("numbered").is_none_or(|v| v.trim() != "0"),
            max_depth,
            caption: d.option("caption").map(str::to_string).filter(|c| !c.is_empty()),
            pos: d.pos,
        });
    }

    /// A caption before a code block (Sphinx's `:caption:`).
    fn code_caption(&mut self, d: &Directive, sink: &mut Sink) {
        if let Some(caption) = d.option("caption").filter(|c| !c.is_empty()) {
            sink.block(Block::Paragraph { content: vec![Inline::Emph { content: vec![Inline::text(caption)] }], pos: d.pos });
        }
    }

    fn code_block(&mut self, d: &Directive, sink: &mut Sink) {
        let arg = self.arg_text(d);
        let language = arg.split_whitespace().next().map(str::to_string).or_else(|| self.default_language.clone()).filter(|l| l != "none" && l != "text");
        let mut text = self.join(&d.content);
        if d.content.is_empty() {
            self.warn("empty-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive has no code; it is left out", d.name));
            return;
        }
        if let Some(n) = d.option("dedent") {
            text = dedent(&text, n.trim().parse().ok());
        }
        self.code_caption(d, sink);
        let line_numbers = d.flag("linenos") || d.flag("lineno-start") || d.flag("number-lines");
        sink.block(Block::Code { language, text, line_numbers, pos: d.pos });
    }

    /// Reads a file of the project for `include` or `literalinclude`.
    fn read_included(&mut self, d: &Directive) -> Option<(String, String)> {
        let target = self.arg_text(d);
        if target.is_empty() {
            self.warn("bad-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive needs a file name", d.name));
            return None;
        }
        if target.starts_with('<') && target.ends_with('>') {
            self.warn(
                "include-failed",
                d.spot,
                d.name.chars().count() as u32 + 5,
                format!("docutils' standard file {target} is not available; it is not included"),
            );
            return None;
        }
        let from = self.src.files.get(d.spot.file as usize).map(|f| f.path.clone()).unwrap_or_default();
        match self.cx.includes.include(&from, &target) {
            Ok(found) if found.1.len() > self.include_budget => {
                self.warn(
                    "include-failed",
                    d.spot,
                    d.name.chars().count() as u32 + 5,
                    format!("{target:?} is not included: the includes of this note would bring in more than {} MB", MAX_INCLUDED_BYTES >> 20),
                );
                None
            }
            Ok(found) => {
                self.include_budget -= found.1.len();
                Some(found)
            }
            Err(why) => {
                self.warn("include-failed", d.spot, d.name.chars().count() as u32 + 5, format!("cannot include {target:?}: {why}"));
                None
            }
        }
    }

    fn include(&mut self, d: &Directive, region: Region, sink: &mut Sink) {
        let Some((path, text)) = self.read_included(d) else { return };
        // No file may include itself, directly or not, and includes stay shallow.
        let mut chain = Vec::new();
        let mut file = Some(d.spot.file);
        while let Some(f) = file {
            let Some(sf) = self.src.files.get(f as usize) else { break };
            chain.push(sf.path.clone());
            file = sf.parent;
        }
        if chain.contains(&path) {
            self.warn("include-cycle", d.spot, 12, format!("{path} includes itself (through {}); it is not included again", chain.join(" ← ")));
            return;
        }
        if chain.len() > MAX_INCLUDE_DEPTH {
            self.warn("include-cycle", d.spot, 12, format!("includes nest more than {MAX_INCLUDE_DEPTH} deep; {path} is not included"));
            return;
        }
        let text = notes_doc::text::clean_text(&text).into_owned();
        let mut lines: Vec<&str> = text.split('\n').collect();
        if text.ends_with('\n') {
            lines.pop();
        }
        let n = lines.len();
        let start = d.option("start-line").and_then(|v| v.trim().parse::<i64>().ok()).map_or(0, |v| py_index(v, n));
        let end = d.option("end-line").and_then(|v| v.trim().parse::<i64>().ok()).map_or(n, |v| py_index(v, n));
        let mut text = lines[start.min(end)..end.max(start.min(end))].join("\n");
        if let Some(after) = d.option("start-after") {
            match text.find(after) {
                Some(i) => text = text[i + after.len()..].to_string(),
                None => self.warn("include-failed", d.spot, 12, format!("the text {after:?} of `:start-after:` is not in {path}")),
            }
        }
        if let Some(before) = d.option("end-before") {
            match text.find(before) {
                Some(i) => text.truncate(i),
                None => self.warn("include-failed", d.spot, 12, format!("the text {before:?} of `:end-before:` is not in {path}")),
            }
        }
        if d.flag("literal") || d.flag("code") {
            let language = d.option("code").map(str::trim).filter(|l| !l.is_empty()).map(str::to_string);
            let text = text.trim_end_matches('\n').to_string();
            sink.block(Block::Code { language, text, line_numbers: d.flag("number-lines"), pos: d.pos });
            return;
        }
        if self.myst {
            // MyST includes Markdown.
            let blocks = self.markdown_body(&text, 0, d.pos.line.saturating_sub(1));
            sink.blocks(blocks);
            return;
        }
        let at = self.pos(d.spot);
        let file = self.src.add(&path, &text, Some(at), Some(d.spot.file));
        let lines = self.src.file_lines(file);
        sink.lines(lines, region);
    }

    fn literalinclude(&mut self, d: &Directive, sink: &mut Sink) {
        let Some((path, text)) = self.read_included(d) else { return };
        let text = notes_doc::text::clean_text(&text).into_owned();
        if d.flag("pyobject") || d.flag("diff") {
            let which = if d.flag("pyobject") { ":pyobject:" } else { ":diff:" };
            self.warn("unknown-option", d.spot, 18, format!("`{which}` is not supported; the whole of {path} is shown"));
        }
        let mut lines: Vec<&str> = text.split('\n').collect();
        if text.ends_with('\n') {
            lines.pop();
        }
        // Sphinx's order: start, end, lines, dedent, prepend, append.
        if let Some(s) = d.option("start-at").or(d.option("start-after")) {
            let after = d.option("start-at").is_none();
            match lines.iter().position(|l| l.contains(s)) {
                Some(i) => lines = lines.split_off(if after { i + 1 } else { i }),
                None => self.warn("include-failed", d.spot, 18, format!("the text {s:?} is not in {path}")),
            }
        }
        if let Some(s) = d.option("end-at").or(d.option("end-before")) {
            let at = d.option("end-at").is_some();
            match lines.iter().position(|l| l.contains(s)) {
                Some(i) => lines.truncate(if at { i + 1 } else { i }),
                None => self.warn("include-failed", d.spot, 18, format!("the text {s:?} is not in {path}")),
            }
        }
        if let Some(spec) = d.option("lines") {
            match select_lines(spec, lines.len()) {
                Some(picked) => lines = picked.into_iter().filter_map(|i| lines.get(i).copied()).collect(),
                None => self.warn("bad-directive", d.spot, 18, format!("`:lines: {spec}` is not a list of line numbers; every line is shown")),
            }
        }
        let mut text = lines.join("\n");
        if let Some(n) = d.option("dedent") {
            text = dedent(&text, n.trim().parse().ok());
        }
        if let Some(p) = d.option("prepend") {
            text = format!("{p}\n{text}");
        }
        if let Some(a) = d.option("append") {
            text = format!("{text}\n{a}");
        }
        let language = d.option("language").map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).or_else(|| self.default_language.clone());
        self.code_caption(d, sink);
        let line_numbers = d.flag("linenos") || d.flag("lineno-start") || d.flag("lineno-match");
        sink.block(Block::Code { language, text, line_numbers, pos: d.pos });
    }

    /// The image of an `image` or `figure` directive (or a substitution).
    fn image(&mut self, d: &Directive, default_alt: Option<&str>) -> Option<Image> {
        let uri: String = self.arg_text(d).split_whitespace().collect();
        if uri.is_empty() {
            self.warn("bad-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive needs an image file", d.name));
            return None;
        }
        // Sphinx reads `/x.png` from the source folder; the tree wants
        // paths relative to the note.
        let src = match uri.strip_prefix('/') {
            Some(rest) => {
                let up = notes_doc::paths::parent_of(self.cx.path).split('/').filter(|p| !p.is_empty()).count();
                format!("{}{rest}", "../".repeat(up))
            }
            None => uri,
        };
        let alt = d.option("alt").map(str::to_string).or_else(|| default_alt.map(str::to_string)).unwrap_or_default();
        let width = d.option("width").map(str::trim).filter(|w| !w.is_empty()).map(str::to_string);
        Some(Image::file(src, alt, width, d.pos))
    }

    fn figure(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        let Some(image) = self.image(d, None) else { return };
        if d.content.is_empty() {
            sink.block(Block::Figure { image, caption: Vec::new(), legend: Vec::new(), pos: d.pos });
            return;
        }
        if !self.may_nest(depth + 1, d.spot) {
            sink.block(Block::Figure { image, caption: Vec::new(), legend: Vec::new(), pos: d.pos });
            self.flatten_body(sink, d.content.clone(), Region::Body, depth);
            return;
        }
        // An empty comment (`..`) first means "no caption".
        let no_caption = d.content.first().is_some_and(|l| self.src.text(*l).trim_end() == "..");
        let mut blocks = self.body(d.content.clone(), depth + 1);
        let caption = match blocks.first() {
            Some(Block::Paragraph { .. }) if !no_caption => match blocks.remove(0) {
                Block::Paragraph { content, .. } => content,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        sink.block(Block::Figure { image, caption, legend: blocks, pos: d.pos });
    }

    /// `epigraph`, `highlights`, `pull-quote`: a block quote, with its
    /// attribution.
    fn quote_directive(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        if d.content.is_empty() {
            self.warn("empty-directive", d.spot, d.name.chars().count() as u32 + 5, format!("the `{}` directive has no content; it is left out", d.name));
            return;
        }
        if !self.may_nest(depth + 2, d.spot) {
            self.flatten_body(sink, d.content.clone(), Region::Body, depth);
            return;
        }
        let mut quote = Vec::new();
        let mut sub = Sink { out: &mut quote, more: Vec::new() };
        let epigraph = d.name == "epigraph";
        if self.myst {
            let blocks = self.body(d.content.clone(), depth + 1);
            sub.blocks(blocks);
        } else {
            self.quote_lines(d.content.clone(), if epigraph { depth + 1 } else { depth }, &mut sub);
        }
        if epigraph {
            sink.block(Block::Admonition { kind: AdmonitionKind::Epigraph, title: Vec::new(), blocks: quote, pos: d.pos });
        } else {
            sink.blocks(quote);
        }
    }

    /// Sphinx's glossary: terms at the left (several may share a
    /// definition), definitions indented under them.
    fn glossary(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        let lines = &d.content;
        let mut entries: Vec<(Vec<LineRef>, Vec<LineRef>)> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            if self.src.is_blank(lines[i]) || self.src.indent(lines[i]) > 0 {
                i += 1;
                continue;
            }
            let mut terms = Vec::new();
            while i < lines.len() && !self.src.is_blank(lines[i]) && self.src.indent(lines[i]) == 0 {
                terms.push(lines[i]);
                i += 1;
            }
            let def = self.src.indented(lines, i);
            i = def.next.max(i);
            entries.push((terms, def.lines));
        }
        if d.flag("sorted") {
            entries.sort_by_key(|(t, _)| t.first().map(|l| self.src.text(*l).to_lowercase()));
        }
        if !self.may_nest(depth + 1, d.spot) {
            for (terms, def) in entries {
                for t in terms {
                    let content = self.inline_line(t);
                    sink.block(Block::Paragraph { content: vec![Inline::Strong { content }], pos: self.pos_of(t) });
                }
                self.flatten_body(sink, def, Region::Body, depth);
            }
            return;
        }
        let mut items = Vec::new();
        for (terms, def) in entries {
            let n = terms.len();
            let blocks = self.body(def, depth + 1);
            let mut blocks = Some(blocks);
            for (k, t) in terms.into_iter().enumerate() {
                let term = self.inline_line(t);
                let definitions = if k + 1 == n { blocks.take().into_iter().collect() } else { Vec::new() };
                items.push(Definition { term, classifiers: Vec::new(), definitions });
            }
        }
        sink.block(Block::DefinitionList { items, pos: d.pos });
    }

    /// `.. table:: caption` around a table.
    fn table_directive(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        let caption = self.arg_inlines(&d.args);
        if !self.may_nest(depth + 1, d.spot) {
            self.flatten_body(sink, d.content.clone(), Region::Body, depth);
            return;
        }
        let mut blocks = self.body(d.content.clone(), depth);
        match blocks.first_mut() {
            Some(Block::Table { caption: c, .. }) if !caption.is_empty() => *c = Some(caption),
            Some(Block::Table { .. }) => {}
            _ => self.warn("bad-directive", d.spot, 10, "the `table` directive holds no table; its content is kept as it is"),
        }
        sink.blocks(blocks);
    }

    /// `list-table`: a bullet list of rows, each a bullet list of cells.
    fn list_table(&mut self, d: &Directive, depth: usize, sink: &mut Sink) {
        if !self.may_nest(depth + 2, d.spot) {
            self.flatten_body(sink, d.content.clone(), Region::Body, depth);
            return;
        }
        let blocks = self.body(d.content.clone(), depth);
        let rows: Option<Vec<Row>> = match blocks.as_slice() {
            [Block::List { ordered: None, items, .. }] => items
                .iter()
                .map(|row| match row.blocks.as_slice() {
                    [Block::List { ordered: None, items: cells, .. }] => Some(Row { cells: cells.iter().map(|c| Cell::new(c.blocks.clone())).collect() }),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let Some(mut rows) = rows else {
            self.warn(
                "bad-directive",
                d.spot,
                15,
                "a `list-table` must hold one bullet list of rows, each a bullet list of cells; its content is kept as it is",
            );
            sink.blocks(blocks);
            return;
        };
        let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for r in &mut rows {
            while r.cells.len() < columns {
                r.cells.push(Cell::new(Vec::new()));
            }
        }
        let header_rows = d.option("header-rows").and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0).min(rows.len());
        let body = rows.split_off(header_rows);
        let caption = Some(self.arg_inlines(&d.args)).filter(|c| !c.is_empty());
        sink.block(Block::Table { caption, columns: vec![Align::Default; columns], header: rows, rows: body, pos: d.pos });
    }

    /// `csv-table`: rows of comma-separated values, each cell text.
    fn csv_table(&mut self, d: &Directive, sink: &mut Sink) {
        let text = if d.flag("file") {
            let path = d.option("file").unwrap_or("").to_string();
            let from = self.src.files.get(d.spot.file as usize).map(|f| f.path.clone()).unwrap_or_default();
            match self.cx.includes.include(&from, &path) {
                Ok((_, text)) => text,
                Err(why) => {
                    self.warn("include-failed", d.spot, 14, format!("cannot read the table {path:?}: {why}"));
                    return;
                }
            }
        } else {
            self.join(&d.content)
        };
        let delim = match d.option("delim").map(str::trim) {
            Some("tab") => '\t',
            Some("space") => ' ',
            Some(s) => s.chars().next().unwrap_or(','),
            None => ',',
        };
        let quote = d.option("quote").and_then(|q| q.trim().chars().next()).unwrap_or('"');
        let cell = |t: String| Cell::new(if t.is_empty() { Vec::new() } else { vec![Block::Paragraph { content: vec![Inline::text(t)], pos: d.pos }] });
        let mut header: Vec<Row> = d
            .option("header")
            .map(|h| csv_rows(h, delim, quote))
            .unwrap_or_default()
            .into_iter()
            .map(|r| Row { cells: r.into_iter().map(cell).collect() })
            .collect();
        let mut rows: Vec<Row> = csv_rows(&text, delim, quote).into_iter().map(|r| Row { cells: r.into_iter().map(cell).collect() }).collect();
        let header_rows = d.option("header-rows").and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0).min(rows.len());
        let body = rows.split_off(header_rows);
        header.extend(rows);
        let columns = header.iter().chain(body.iter()).map(|r| r.cells.len()).max().unwrap_or(0);
        let pad = |rows: Vec<Row>| -> Vec<Row> {
            rows.into_iter()
                .map(|mut r| {
                    while r.cells.len() < columns {
                        r.cells.push(Cell::new(Vec::new()));
                    }
                    r
                })
                .collect()
        };
        let caption = Some(self.arg_inlines(&d.args)).filter(|c| !c.is_empty());
        sink.block(Block::Table { caption, columns: vec![Align::Default; columns], header: pad(header), rows: pad(body), pos: d.pos });
    }

    /// The inlines a substitution definition stands for (`replace`,
    /// `image`, `unicode`); `None`, with a warning, otherwise.
    pub(super) fn substitution_content(&mut self, lines: &[LineRef], marker: usize, directive: &str, name: &str, spot: Spot) -> Option<Vec<Inline>> {
        let spec = match directive {
            "replace" => Spec { args: false, options: NO_OPTIONS },
            "unicode" => Spec { args: true, options: &["ltrim", "rtrim", "trim"] },
            "image" => Spec { args: true, options: IMAGE_OPTIONS },
            _ => {
                self.warn(
                    "bad-substitution",
                    spot,
                    name.chars().count() as u32 + 2,
                    format!("the substitution |{name}| uses `{directive}::`, which is not supported here (use replace, image or unicode); it is left out"),
                );
                return None;
            }
        };
        let d = match self.directive_parts(lines, 0, marker, directive, spec) {
            Ok(d) => d,
            Err((why, _)) => {
                self.warn("bad-substitution", spot, name.chars().count() as u32 + 2, format!("the substitution |{name}| cannot be read: {why}"));
                return None;
            }
        };
        let d = Directive { spot, ..d };
        let out = match directive {
            "replace" => self.inlines(&d.content),
            "unicode" => match unicode_text(&self.arg_text(&d)) {
                Ok(t) => vec![Inline::text(t)],
                Err(why) => {
                    self.warn("bad-substitution", spot, name.chars().count() as u32 + 2, format!("the substitution |{name}|: {why}"));
                    return None;
                }
            },
            _ => vec![Inline::Image { image: self.image(&d, Some(name))? }],
        };
        if out.is_empty() {
            self.warn("bad-substitution", spot, name.chars().count() as u32 + 2, format!("the substitution |{name}| is empty"));
            return None;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_codes() {
        assert_eq!(select_lines("1,3-4,6-", 7), Some(vec![0, 2, 3, 5, 6]));
        assert_eq!(select_lines("x", 3), None);
        // Repeating the file is refused past twice its length.
        assert_eq!(select_lines(&"1-,".repeat(20_000), 1000), None);
        assert_eq!(select_lines("1-,1-", 1000).map(|l| l.len()), Some(2000));
        assert_eq!(unicode_text("U+00A9 0x2122 &#169; .. comment").as_deref(), Ok("©™©"));
        assert_eq!(csv_rows("a, \"b, c\"\n1,2\n", ',', '"'), vec![vec!["a".to_string(), "b, c".to_string()], vec!["1".to_string(), "2".to_string()]]);
        assert_eq!(dedent("  a\n    b", None), "a\n  b");
        assert_eq!(py_index(-1, 5), 4);
    }
}
