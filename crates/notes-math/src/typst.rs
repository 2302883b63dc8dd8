//! The Typst writer: Typst 0.15 math-mode markup.
//!
//! Rules that keep the output safe and unambiguous:
//!
//! * Atoms are separated by one space, so adjacent letters never form an
//!   identifier (`ab` → `a b`) and no shorthand (`<=`, `->`, `...`) forms by
//!   accident.
//! * Symbols are written as Unicode characters. Every ASCII punctuation
//!   character except `+ = < > ?`, every delimiter and every character taken
//!   unchanged from the input is escaped with a backslash, so parentheses
//!   never group or call, `/` never makes a fraction, `#` never starts
//!   code, `"` never starts a string, `,` and `;` never split arguments.
//! * Text becomes a string literal with `\` and `"` escaped.
//! * Only the functions in [`TYPST_FUNCTIONS`], the identifiers in
//!   [`TYPST_IDENTIFIERS`], the named arguments in [`TYPST_NAMED_ARGS`],
//!   the literal `#none` (for `mat(delim: #none, …)`) and the empty comment
//!   `/**/` (a token separator where a space would be visible) appear.

use std::fmt::Write as _;

use crate::Formula;
use crate::ast::{AccentKind, Class, Env, EnvKind, Font, Func, Limits, LimitsOverride, MathStyle, Node, Scripts, Space, Symbol, Text, TextPart};

/// Every function the Typst writer may call (the callee of a math call;
/// dotted names are accent variants).
pub const TYPST_FUNCTIONS: &[&str] = &[
    "acute",
    "arrow",
    "arrow.l",
    "arrow.l.r",
    "attach",
    "bb",
    "binom",
    "bold",
    "breve",
    "cal",
    "cancel",
    "caron",
    "cases",
    "circle",
    "class",
    "display",
    "dot",
    "dot.double",
    "dot.triple",
    "frac",
    "frak",
    "grave",
    "hat",
    "inline",
    "italic",
    "limits",
    "lr",
    "macron",
    "mat",
    "mid",
    "mono",
    "op",
    "overbrace",
    "overline",
    "root",
    "sans",
    "scr",
    "script",
    "scripts",
    "sqrt",
    "sscript",
    // `hide` is not in math's scope; the standard library's is.
    "std.hide",
    "tilde",
    "underbrace",
    "underline",
    "upright",
    "vec",
];

/// Every identifier the Typst writer may use as a value: spacing and the
/// predefined text operators of Typst's math module.
pub const TYPST_IDENTIFIERS: &[&str] = &[
    "Pr", "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det", "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim",
    "liminf", "limsup", "ln", "log", "max", "med", "min", "mod", "quad", "sec", "sin", "sinh", "sup", "tan", "tanh", "thick", "thin", "wide",
];

/// Every named argument the Typst writer may pass (`mat(delim: …)`,
/// `attach(b: …, t: …)`).
pub const TYPST_NAMED_ARGS: &[&str] = &["b", "delim", "t"];

pub(crate) fn write(f: &Formula) -> String {
    let mut w = Writer { out: String::with_capacity(16 + f.source.len() * 2), sep: false, glue: false, display: f.display };
    match top_level_lines(&f.root) {
        Some(env) if f.display => w.lines(env),
        _ => w.row(&f.root),
    }
    w.out
}

/// The multi-line environment that makes up the whole formula, if any
/// (possibly inside `equation`): written with `&` and `\` at top level.
fn top_level_lines(root: &[Node]) -> Option<&Env> {
    let mut nodes = root.iter().filter(|n| !matches!(n, Node::Empty));
    let only = nodes.next()?;
    if nodes.next().is_some() {
        return None;
    }
    let Node::Env(env) = only else { return None };
    match env.kind {
        EnvKind::Align | EnvKind::Gather => Some(env),
        EnvKind::Equation => match env.rows.as_slice() {
            [row] => match row.as_slice() {
                [cell] => top_level_lines(cell),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

struct Writer {
    out: String,
    /// Whether the next atom needs a separating space.
    sep: bool,
    /// Suppresses that space once: Typst keeps source spaces next to
    /// string literals, fence characters (`|`, `‖`) and `mid` as visible
    /// space, so those are written without spaces around them. Where the
    /// neighbours would then merge into one identifier or number, an empty
    /// comment `/**/` separates them instead.
    glue: bool,
    display: bool,
}

impl Writer {
    /// Starts an atom: a space after the previous one.
    fn atom(&mut self) {
        self.atom_before('a');
    }

    /// Starts an atom whose first character is `first`.
    fn atom_before(&mut self, first: char) {
        if self.sep {
            if !self.glue {
                self.out.push(' ');
            } else if self.out.chars().next_back().is_some_and(word_char) && word_char(first) {
                self.out.push_str("/**/");
            }
        }
        self.sep = true;
        self.glue = false;
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Opens a call: `name(`; the next atom needs no space.
    fn open(&mut self, name: &str) {
        self.atom_before(name.chars().next().unwrap_or('a'));
        self.out.push_str(name);
        self.out.push('(');
        self.sep = false;
    }

    /// Separates two arguments.
    fn comma(&mut self) {
        self.out.push_str(", ");
        self.sep = false;
    }

    /// Closes a call.
    fn close(&mut self) {
        self.out.push(')');
        self.sep = true;
    }

    fn row(&mut self, nodes: &[Node]) {
        for n in nodes {
            self.node(n);
        }
    }

    /// Writes a node as a call argument (never empty).
    fn arg(&mut self, node: &Node) {
        match node {
            Node::Group(nodes) => self.arg_row(nodes),
            n => self.arg_row(std::slice::from_ref(n)),
        }
    }

    /// Writes nodes as one call argument (never empty).
    fn arg_row(&mut self, nodes: &[Node]) {
        let before = self.out.len();
        self.row(nodes);
        if self.out.len() == before {
            self.atom();
            self.push("\"\"");
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Empty => {}
            Node::Ident(c) if !stands_alone(*c) => {
                self.atom();
                self.string(&c.to_string());
            }
            Node::Ident(c) => {
                self.atom();
                self.out.push(*c);
            }
            Node::Number(s) => {
                self.atom();
                self.push(s);
            }
            Node::Symbol(sym) => self.symbol(sym),
            Node::Func(func) => self.func(func),
            Node::Text(text) => self.text(text),
            Node::Space(space) => {
                let name = match space {
                    Space::Thin => "thin",
                    Space::Medium => "med",
                    Space::Thick | Space::Word => "thick",
                    Space::Quad => "quad",
                    Space::QQuad => "wide",
                    // Typst math has no negative space without code.
                    Space::NegThin | Space::NegMedium | Space::NegThick => return,
                };
                self.atom();
                self.push(name);
            }
            // `1{,}000`, `{=}`: braces make an ordinary symbol in TeX.
            Node::Group(nodes) => match nodes.as_slice() {
                [Node::Symbol(sym)] if !matches!(sym.class, Class::Ord) => {
                    self.open("class");
                    self.atom();
                    self.string("normal");
                    self.comma();
                    self.symbol(sym);
                    self.close();
                }
                _ => self.row(nodes),
            },
            Node::Frac(frac) => {
                let style = frac.style.map(style_fn);
                if let Some(s) = style {
                    self.open(s);
                }
                if frac.stacked {
                    self.open("vec");
                    self.push("delim: #none");
                    self.comma();
                } else {
                    self.open(if frac.binom { "binom" } else { "frac" });
                }
                self.arg(&frac.num);
                self.comma();
                self.arg(&frac.den);
                self.close();
                if style.is_some() {
                    self.close();
                }
            }
            Node::Sqrt { index, body } => match index {
                None => {
                    self.open("sqrt");
                    self.arg(body);
                    self.close();
                }
                Some(index) => {
                    self.open("root");
                    self.arg(index);
                    self.comma();
                    self.arg(body);
                    self.close();
                }
            },
            Node::Scripts(s) => self.scripts(s),
            Node::Accent { kind, body } => {
                self.open(accent_fn(*kind));
                self.arg(body);
                self.close();
            }
            Node::OverUnder { base, over, under } => {
                self.open("limits");
                self.arg(base);
                self.close();
                if let Some(under) = under {
                    self.script("_", under);
                }
                if let Some(over) = over {
                    self.script("^", over);
                }
            }
            Node::Styled { font, body } => {
                let (outer, inner) = font_fns(*font);
                self.open(outer);
                if let Some(inner) = inner {
                    self.open(inner);
                }
                self.arg_row(body);
                if inner.is_some() {
                    self.close();
                }
                self.close();
            }
            Node::MathStyle { style, body } => {
                self.open(style_fn(*style));
                self.arg_row(body);
                self.close();
            }
            Node::Fenced { open, close, body } => {
                self.open("lr");
                if let Some(c) = open {
                    self.escaped(*c);
                }
                self.row(body);
                if let Some(c) = close {
                    self.escaped(*c);
                }
                if open.is_none() && close.is_none() && body.is_empty() {
                    self.atom();
                    self.push("\"\"");
                }
                self.close();
            }
            Node::Middle(c) => {
                self.glue = true;
                self.open("mid");
                self.escaped(*c);
                self.close();
                self.glue = true;
            }
            Node::SizedDelim { delim, .. } => self.escaped(*delim),
            Node::Negated(inner) => {
                self.open("cancel");
                self.arg(inner);
                self.close();
            }
            Node::Env(env) => self.env(env),
            Node::Phantom(inner) => {
                self.open("std.hide");
                self.arg(inner);
                self.close();
            }
        }
    }

    fn escaped(&mut self, c: char) {
        if !stands_alone(c) {
            self.atom();
            self.string(&c.to_string());
            return;
        }
        let fence = matches!(c, '|' | '‖');
        if fence {
            self.glue = true;
        }
        self.atom_before('\\');
        self.out.push('\\');
        self.out.push(c);
        if fence {
            self.glue = true;
        }
    }

    fn symbol(&mut self, sym: &Symbol) {
        if sym.raw || needs_escape(sym.ch) || !stands_alone(sym.ch) {
            self.escaped(sym.ch);
        } else {
            self.atom();
            self.out.push(sym.ch);
        }
    }

    fn func(&mut self, func: &Func) {
        match func.typst {
            Some(name) => {
                self.atom();
                self.push(name);
            }
            None => {
                let limits = func.limits == Limits::Movable && self.display;
                if limits {
                    self.open("limits");
                }
                self.open("op");
                self.atom();
                self.string(&func.name);
                self.close();
                if limits {
                    self.close();
                }
            }
        }
    }

    /// A string literal.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '\\' => self.out.push_str("\\\\"),
                '"' => self.out.push_str("\\\""),
                c if !stands_alone(c) => {
                    let _ = write!(self.out, "\\u{{{:x}}}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn text(&mut self, text: &Text) {
        let wrapper = match text.font {
            Some(Font::Bold) => Some("bold"),
            Some(Font::Italic) => Some("italic"),
            Some(Font::SansSerif) => Some("sans"),
            Some(Font::Monospace) => Some("mono"),
            _ => None,
        };
        for part in &text.parts {
            match part {
                TextPart::Str(s) => {
                    self.glue = true;
                    if let Some(w) = wrapper {
                        self.open(w);
                    }
                    self.atom_before('"');
                    self.string(s);
                    if wrapper.is_some() {
                        self.close();
                    }
                    self.glue = true;
                }
                TextPart::Math(nodes) => self.row(nodes),
            }
        }
    }

    /// `_x`, `^2` for a single letter or number; `_(…)` otherwise.
    fn script(&mut self, op: &str, node: &Node) {
        self.push(op);
        match node {
            Node::Ident(c) if stands_alone(*c) => {
                self.out.push(*c);
                self.sep = true;
            }
            Node::Number(n) => {
                self.push(n);
                self.sep = true;
            }
            _ => {
                self.push("(");
                self.sep = false;
                self.arg(node);
                self.close();
            }
        }
    }

    fn scripts(&mut self, s: &Scripts) {
        let primes = "′".repeat(s.primes);
        // `\overbrace{…}^{…}` and `\underbrace{…}_{…}`: the annotation is
        // an argument in Typst.
        if let Node::Accent { kind, body } = &s.base {
            let annotation = match kind {
                AccentKind::Overbrace if s.primes == 0 => s.sup.as_ref().map(|a| (a, true)),
                AccentKind::Underbrace => s.sub.as_ref().map(|a| (a, false)),
                _ => None,
            };
            if let Some((annotation, over)) = annotation {
                self.open(accent_fn(*kind));
                self.arg(body);
                self.comma();
                self.arg(annotation);
                self.close();
                if over {
                    if let Some(sub) = &s.sub {
                        self.script("_", sub);
                    }
                } else {
                    if s.primes > 0 {
                        self.push(&"'".repeat(s.primes));
                    }
                    if let Some(sup) = &s.sup {
                        self.script("^", sup);
                    }
                }
                return;
            }
        }
        let wrap = match (&s.base, s.limits) {
            (_, LimitsOverride::Default) => None,
            (Node::Symbol(Symbol { class: Class::Large(_), .. }) | Node::Func(_), LimitsOverride::Limits) => Some("limits"),
            (Node::Symbol(Symbol { class: Class::Large(_), .. }) | Node::Func(_), LimitsOverride::NoLimits) => Some("scripts"),
            _ => None,
        };
        if let Some(wrap) = wrap {
            self.open(wrap);
            self.arg(&s.base);
            self.close();
        } else if is_simple(&s.base) {
            self.node(&s.base);
        } else {
            // A base that is not one Typst expression: use `attach`.
            self.open("attach");
            self.arg(&s.base);
            if let Some(sub) = &s.sub {
                self.comma();
                self.push("b: ");
                self.arg(sub);
            }
            if s.sup.is_some() || s.primes > 0 {
                self.comma();
                self.push("t: ");
                if s.primes > 0 {
                    self.atom();
                    self.push(&primes);
                }
                if let Some(sup) = &s.sup {
                    self.arg(sup);
                }
            }
            self.close();
            return;
        }
        if s.primes > 0 {
            self.push(&"'".repeat(s.primes));
        }
        if let Some(sub) = &s.sub {
            self.script("_", sub);
        }
        if let Some(sup) = &s.sup {
            self.script("^", sup);
        }
    }

    /// A top-level multi-line environment: `a &= b \ c &= d`.
    fn lines(&mut self, env: &Env) {
        for (r, row) in env.rows.iter().enumerate() {
            if r > 0 {
                // A line break is a backslash followed by whitespace.
                self.glue = false;
                self.atom();
                self.push("\\ ");
                self.sep = false;
            }
            self.cells(row, true);
        }
    }

    /// Cells separated by alignment points; `gap` puts `wide` between
    /// column pairs, like the space between `align` columns in LaTeX.
    fn cells(&mut self, row: &[Vec<Node>], gap: bool) {
        for (c, cell) in row.iter().enumerate() {
            if gap && c > 0 && c.is_multiple_of(2) {
                self.atom();
                self.push("wide");
            }
            if c > 0 {
                self.atom();
                self.push("&");
            }
            self.row(cell);
        }
    }

    fn env(&mut self, env: &Env) {
        match &env.kind {
            EnvKind::Equation => {
                for row in &env.rows {
                    for cell in row {
                        self.row(cell);
                    }
                }
            }
            EnvKind::Align | EnvKind::Gather => {
                // Nested or inline: a column vector keeps `&` alignment.
                self.open("vec");
                self.push("delim: #none");
                for row in &env.rows {
                    self.comma();
                    self.cells(row, true);
                    if row.iter().all(|c| c.is_empty()) {
                        self.atom();
                        self.push("\"\"");
                    }
                }
                self.close();
            }
            EnvKind::Cases => {
                self.open("cases");
                for (r, row) in env.rows.iter().enumerate() {
                    if r > 0 {
                        self.comma();
                    }
                    self.cells(row, false);
                    if row.iter().all(|c| c.is_empty()) {
                        self.atom();
                        self.push("\"\"");
                    }
                }
                self.close();
            }
            EnvKind::Matrix { open, small, .. } => {
                if *small {
                    self.open("script");
                }
                self.matrix(env, *open);
                if *small {
                    self.close();
                }
            }
            EnvKind::Array { .. } => self.matrix(env, None),
        }
    }

    fn matrix(&mut self, env: &Env, open: Option<char>) {
        self.open("mat");
        self.push("delim: ");
        match open {
            None => self.push("#none"),
            Some(c) => {
                let mut buf = [0; 4];
                self.string(c.encode_utf8(&mut buf));
            }
        }
        let cols = env.columns();
        for (r, row) in env.rows.iter().enumerate() {
            self.push(if r == 0 { ", " } else { "; " });
            self.sep = false;
            for c in 0..cols {
                if c > 0 {
                    self.comma();
                }
                match row.get(c) {
                    Some(cell) => self.arg_row(cell),
                    None => {
                        self.atom();
                        self.push("\"\"");
                    }
                }
            }
        }
        self.close();
    }
}

/// Characters that can continue an identifier or a number in Typst math.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '\''
}

/// Whether a node is one Typst expression that `_`/`^` can attach to.
fn is_simple(node: &Node) -> bool {
    match node {
        Node::Ident(_)
        | Node::Number(_)
        | Node::Symbol(_)
        | Node::Func(_)
        | Node::Frac(_)
        | Node::Sqrt { .. }
        | Node::Accent { .. }
        | Node::OverUnder { .. }
        | Node::Styled { .. }
        | Node::MathStyle { .. }
        | Node::Fenced { .. }
        | Node::SizedDelim { .. }
        | Node::Negated(_)
        | Node::Phantom(_) => true,
        Node::Env(env) => !matches!(env.kind, EnvKind::Equation),
        Node::Text(t) => matches!(t.parts.as_slice(), [TextPart::Str(_)]),
        Node::Group(nodes) => matches!(nodes.as_slice(), [n] if is_simple(n)),
        Node::Empty | Node::Space(_) | Node::Scripts(_) | Node::Middle(_) => false,
    }
}

/// Characters that must be escaped to stay plain symbols in Typst math.
/// Whether `c` is a grapheme of its own beside the ASCII of Typst's syntax.
/// A combining mark joins the character before it, a prepended sign (Kawi
/// repha, Devanagari prefixed signs) the one after, so written bare they
/// would swallow a closing parenthesis or quote; such characters are
/// written as `\u{…}` escapes in a string.
fn stands_alone(c: char) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    if c.is_ascii() {
        return true;
    }
    let mut buf = [0u8; 8];
    buf[0] = b'(';
    let len = c.encode_utf8(&mut buf[1..7]).len();
    buf[len + 1] = b')';
    std::str::from_utf8(&buf[..len + 2]).is_ok_and(|s| s.graphemes(true).count() == 3)
}

pub(crate) fn needs_escape(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !matches!(c, '+' | '=' | '<' | '>' | '?');
    }
    matches!(
        c,
        // Delimiters (opening/closing class: Typst would pair them).
        '‖' | '⟨' | '⟩' | '⌊' | '⌋' | '⌈' | '⌉' | '⟮' | '⟯' | '⟦' | '⟧' | '⌜' | '⌝' | '⌞' | '⌟'
        // Root signs are syntax.
        | '√' | '∛' | '∜'
        // Arrows used as delimiters.
        | '↑' | '↓' | '↕' | '⇑' | '⇓' | '⇕'
    )
}

fn style_fn(style: MathStyle) -> &'static str {
    match style {
        MathStyle::Display => "display",
        MathStyle::Text => "inline",
        MathStyle::Script => "script",
        MathStyle::ScriptScript => "sscript",
    }
}

fn font_fns(font: Font) -> (&'static str, Option<&'static str>) {
    match font {
        Font::Roman => ("upright", None),
        Font::Bold => ("upright", Some("bold")),
        Font::Italic => ("italic", None),
        Font::BoldSymbol => ("bold", None),
        Font::DoubleStruck => ("bb", None),
        Font::Calligraphic => ("cal", None),
        Font::Script => ("scr", None),
        Font::Fraktur => ("frak", None),
        Font::SansSerif => ("upright", Some("sans")),
        Font::Monospace => ("mono", None),
    }
}

fn accent_fn(kind: AccentKind) -> &'static str {
    match kind {
        AccentKind::Hat | AccentKind::WideHat => "hat",
        AccentKind::Tilde | AccentKind::WideTilde => "tilde",
        AccentKind::Bar => "macron",
        AccentKind::Vec | AccentKind::OverRightArrow => "arrow",
        AccentKind::OverLeftArrow => "arrow.l",
        AccentKind::OverLeftRightArrow => "arrow.l.r",
        AccentKind::Dot => "dot",
        AccentKind::DDot => "dot.double",
        AccentKind::DDDot => "dot.triple",
        AccentKind::Acute => "acute",
        AccentKind::Grave => "grave",
        AccentKind::Breve => "breve",
        AccentKind::Check => "caron",
        AccentKind::Ring => "circle",
        AccentKind::Overline => "overline",
        AccentKind::Underline => "underline",
        AccentKind::Overbrace => "overbrace",
        AccentKind::Underbrace => "underbrace",
    }
}

#[cfg(test)]
mod tests {
    use super::{needs_escape, stands_alone, word_char};

    #[test]
    fn escapes_typst_syntax_characters() {
        for c in "()[]{},;:./\\\"#$&_^'*-~|!@%`".chars() {
            assert!(needs_escape(c), "{c}");
        }
        for c in "+=<>?abcXYZ019αℝ∑≤→∞".chars() {
            assert!(!needs_escape(c), "{c}");
        }
        for c in "√∛∜⟨⟩⌊⌋⌈⌉‖".chars() {
            assert!(needs_escape(c), "{c}");
        }
    }

    #[test]
    fn characters_that_join_their_neighbours_are_escaped_in_strings() {
        // U+11F02 KAWI SIGN REPHA joins the character after it, U+0301
        // COMBINING ACUTE the one before: bare, either would swallow a `)`.
        assert!(!stands_alone('\u{11F02}') && !stands_alone('\u{301}'));
        assert!(stands_alone('α') && stands_alone('ℝ') && stands_alone('x'));
        let markup = crate::Formula::parse("x_\u{11F02} + \u{301}", false).map(|f| f.to_typst()).unwrap_or_default();
        assert!(!markup.contains('\u{11F02}') && !markup.contains('\u{301}'), "{markup}");
        assert!(markup.contains("\\u{11f02}") && markup.contains("\\u{301}"), "{markup}");
    }

    #[test]
    fn word_characters() {
        assert!(word_char('a') && word_char('7') && word_char('.') && word_char('α'));
        assert!(!word_char('"') && !word_char(')') && !word_char('|') && !word_char(' '));
    }
}
