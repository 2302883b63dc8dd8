//! LaTeX formulas for the `notes` tool: one parse, two outputs.
//!
//! Course notes carry formulas as LaTeX (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`,
//! reST `:math:` and `.. math::`). The readers put the raw LaTeX into the
//! document tree; this crate turns one formula into what the two backends
//! need:
//!
//! * [`Formula::to_mathml`] — a presentation-MathML `<math>` element for the
//!   EPUB 3 backend: valid XHTML, every character escaped, the original
//!   LaTeX kept in `alttext`, only MathML 3 presentation elements and
//!   attributes (no `semantics`/`annotation-xml`, no CSS classes; a
//!   `style="text-align: …"` on table cells is the only CSS), alphabets such
//!   as `\mathbb` written as Unicode mathematical alphanumerics so that
//!   MathML Core renderers show them too.
//! * [`Formula::to_typst`] — Typst 0.15 *math-mode markup* (the text that
//!   goes between `$ … $`) for the PDF backend. It uses only math syntax,
//!   symbols as Unicode characters, and the functions and identifiers listed
//!   in [`TYPST_FUNCTIONS`] and [`TYPST_IDENTIFIERS`]; text from `\text{…}`
//!   becomes a string literal. The PDF backend (`notes-pdf`, the only
//!   crate of `notes` with Typst) checks exactly that on any markup, with
//!   Typst's own parser, before it is evaluated.
//!
//! ```
//! use notes_math::Formula;
//!
//! let f = Formula::parse(r"E = mc^2 \label{eq:e}", true)?;
//! assert_eq!(f.to_typst(), "E = m c^2");
//! assert_eq!(
//!     f.to_mathml(),
//!     "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\" \
//!      alttext=\"E = mc^2 \\label{eq:e}\"><mi>E</mi><mo>=</mo><mi>m</mi>\
//!      <msup><mi>c</mi><mn>2</mn></msup></math>"
//! );
//! assert_eq!(f.label(), Some("eq:e"));
//!
//! let e = Formula::parse(r"x + \foo", false).unwrap_err();
//! assert_eq!((e.offset(), e.token()), (4, r"\foo"));
//! # Ok::<(), notes_math::MathError>(())
//! ```
//!
//! The PDF backend evaluates the markup with `eval(markup, mode: "math")`
//! in Typst's default scope (all names used are in the `math` module).
//!
//! # What this crate must not do
//!
//! It must not execute, expand or pass through anything from the input:
//! there is no macro expansion (`\def`, `\newcommand`, … are refused with
//! [`MathErrorKind::Forbidden`]), no file access (`\input`, `\include`), and
//! no path by which input characters become Typst code: every character
//! that is syntax in Typst math is escaped, and text becomes a string
//! literal. It must not panic or overflow the stack on any input: unknown
//! commands are errors, nesting is limited to [`MAX_DEPTH`], and parsing is
//! linear in the input. It must not depend on a Typst crate: only the PDF
//! backend may.
//!
//! # Why a hand-written parser
//!
//! Two maintained crates were evaluated and not used:
//!
//! * `pulldown-latex` 0.8.0 (MIT; an event parser with a MathML writer).
//!   Its event stream is lossy for Typst: `\bar` and `\overline` produce the
//!   same event (`‾` over the base), `\hat`/`\widehat` differ only by a
//!   stretchy flag, and `\operatorname{arg\,max}` arrives as the raw string
//!   `arg\,max` (its MathML then contains the backslash). Its `ParserError`
//!   exposes no byte offset (only a pre-formatted context string), it
//!   implements `\def`/`\newcommand` expansion that would have to be
//!   filtered out beforehand, it has no `\label`/`\tag`, and its MathML
//!   relies on its own CSS classes for `align` columns and omits `xmlns`
//!   and `alttext`. Wrapping it would have meant a pre-scanner for offsets
//!   and forbidden commands plus a post-processor for MathML — more code
//!   than the parser itself.
//! * `mitex` 0.2.4 (Apache-2.0; LaTeX → Typst). Its output is meant for
//!   `eval(…, scope: mitex-scope)` with the definitions of the `mitex`
//!   Typst package (`mitexsqrt`, `mitexarray`, `xarrow`, …), may contain
//!   `#` code, implements `\newcommand`, and reports errors as plain
//!   strings. That contradicts the allowlist approach of the PDF backend.
//!
//! So the crate has its own small recursive-descent parser over a fixed
//! command table, one tree, and two writers. Byte offsets, the depth bound,
//! the refusal list and the exact MathML/Typst forms are all under our
//! control and covered by tests.

mod ast;
mod error;
mod mathml;
mod parser;
mod symbols;
mod text;
mod typst;

pub use error::{MathError, MathErrorKind};
pub use typst::{TYPST_FUNCTIONS, TYPST_IDENTIFIERS, TYPST_NAMED_ARGS};

/// Maximum nesting depth of groups, arguments, scripts, environments and
/// `\left…\right` pairs. Deeper input is refused with
/// [`MathErrorKind::TooDeep`].
pub const MAX_DEPTH: usize = 64;

/// One parsed formula, ready to be written as MathML or Typst markup.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    source: String,
    display: bool,
    root: Vec<ast::Node>,
    label: Option<String>,
    tag: Option<String>,
}

impl Formula {
    /// Parses one formula. `tex` is the LaTeX between the math delimiters
    /// (without `$`, `\[`, …); `display` is true for display math.
    ///
    /// A `\label{…}` or `\tag{…}` is removed from the formula and available
    /// from [`Formula::label`] / [`Formula::tag`]; `\nonumber` and `\notag`
    /// are dropped.
    ///
    /// # Errors
    ///
    /// A [`MathError`] naming the offending token and its byte offset in
    /// `tex` for unknown or forbidden commands, unbalanced groups, bad
    /// arguments and nesting deeper than [`MAX_DEPTH`].
    pub fn parse(tex: &str, display: bool) -> Result<Formula, MathError> {
        let parsed = parser::parse(tex)?;
        Ok(Formula { source: tex.to_string(), display, root: parsed.root, label: parsed.label, tag: parsed.tag })
    }

    /// The presentation-MathML `<math>` element (XHTML-safe, with `xmlns`,
    /// `display="block|inline"` and the original LaTeX in `alttext`).
    pub fn to_mathml(&self) -> String {
        mathml::write(self)
    }

    /// Typst 0.15 math-mode markup: the text that goes between `$ … $`,
    /// meant for `eval(markup, mode: "math")`. It passes the allowlist
    /// check of `notes-pdf` (`notes_pdf::math::check_typst_math`).
    pub fn to_typst(&self) -> String {
        typst::write(self)
    }

    /// The formula as one line of plain Unicode text (`E = mc²`, `a/b`,
    /// `√x`), for places that hold only text: navigation, titles.
    pub fn to_text(&self) -> String {
        text::write(self)
    }

    /// The `\label{…}` found in the formula, if any.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The `\tag{…}` (or `\tag*{…}`) found in the formula, if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Whether the formula was parsed as display math.
    pub fn is_display(&self) -> bool {
        self.display
    }

    /// The LaTeX source as given to [`Formula::parse`].
    pub fn source(&self) -> &str {
        &self.source
    }
}
