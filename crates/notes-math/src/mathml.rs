//! The MathML writer.
//!
//! Output is presentation MathML that is valid under the MathML 3 schema
//! used by EPUBCheck and renders in MathML Core engines: no `semantics`,
//! alphabets as Unicode mathematical alphanumerics, `mathvariant` only as
//! `normal` on identifiers (and on `mtext` for `\textbf` & co.), table
//! alignment both as MathML 3 `columnalign` and as CSS `text-align` on the
//! cells (MathML Core ignores `columnalign`).

use crate::Formula;
use crate::ast::{AccentKind, Align, Class, Env, EnvKind, Font, Frac, Func, Limits, LimitsOverride, MathStyle, Node, Scripts, Space, Symbol, Text, TextPart};

pub(crate) fn write(f: &Formula) -> String {
    let mut w = Writer { out: String::with_capacity(64 + f.source.len() * 8) };
    w.out.push_str("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"");
    w.out.push_str(if f.display { "block" } else { "inline" });
    w.out.push_str("\" alttext=\"");
    escape_attr(&mut w.out, f.source.trim());
    w.out.push_str("\">");
    w.row(&f.root, None);
    w.out.push_str("</math>");
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape_text(&mut self.out, s);
    }

    fn token(&mut self, tag: &str, attrs: &str, content: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str(attrs);
        self.out.push('>');
        escape_text(&mut self.out, content);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn char_token(&mut self, tag: &str, attrs: &str, c: char) {
        self.token(tag, attrs, c.encode_utf8(&mut [0; 4]));
    }

    /// Writes a sequence of nodes as sibling elements.
    fn row(&mut self, nodes: &[Node], font: Option<Font>) {
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            // `\mathrm{max}`: one upright identifier for a run of letters.
            if font == Some(Font::Roman)
                && let Node::Ident(_) = node
            {
                let run: String = nodes[i..]
                    .iter()
                    .map_while(|n| match n {
                        Node::Ident(c) => Some(*c),
                        _ => None,
                    })
                    .collect();
                let len = run.chars().count();
                if len > 1 {
                    self.token("mi", "", &run);
                } else {
                    self.token("mi", " mathvariant=\"normal\"", &run);
                }
                i += len;
                continue;
            }
            self.node(node, font);
            if is_function(node) {
                self.function_application(nodes.get(i + 1..).unwrap_or(&[]));
            }
            i += 1;
        }
    }

    /// U+2061 after a function name, with a thin space before ordinary
    /// content (`\sin x`) and none before a delimiter (`\sin(x)`).
    fn function_application(&mut self, rest: &[Node]) {
        let Some(next) = rest.iter().find(|n| !matches!(n, Node::Empty)) else {
            return;
        };
        match next {
            Node::Symbol(Symbol { class: Class::Bin | Class::Rel | Class::Punct | Class::Close, .. }) | Node::Space(_) | Node::Env(_) => {}
            Node::Symbol(Symbol { class: Class::Open | Class::Fence, .. }) | Node::Fenced { .. } | Node::SizedDelim { .. } => self.push("<mo>&#x2061;</mo>"),
            _ => self.push("<mo rspace=\"0.1667em\">&#x2061;</mo>"),
        }
    }

    /// Writes exactly one element for a node used as an argument.
    fn arg(&mut self, node: &Node, font: Option<Font>) {
        match node {
            Node::Empty => self.push("<mrow></mrow>"),
            Node::Group(nodes) if nodes.len() == 1 => self.arg(&nodes[0], font),
            Node::Group(nodes) => {
                self.push("<mrow>");
                self.row(nodes, font);
                self.push("</mrow>");
            }
            n => self.node(n, font),
        }
    }

    /// Writes the content of a node that becomes an inferred row
    /// (`msqrt`, `mtd`, …): a group's children without an extra `mrow`.
    fn inner(&mut self, node: &Node, font: Option<Font>) {
        match node {
            Node::Group(nodes) => self.row(nodes, font),
            n => self.row(std::slice::from_ref(n), font),
        }
    }

    /// Writes one node as (at most) one element.
    fn node(&mut self, node: &Node, font: Option<Font>) {
        match node {
            Node::Empty => {}
            Node::Ident(c) => self.ident(*c, font),
            Node::Number(s) => {
                let mapped: String = s.chars().map(|c| map_char(c, font)).collect();
                self.token("mn", "", &mapped);
            }
            Node::Symbol(sym) => self.symbol(sym),
            Node::Func(func) => self.func(func, None),
            Node::Text(text) => self.text_node(text, font),
            Node::Space(space) => self.space(*space),
            Node::Group(nodes) => {
                self.push("<mrow>");
                self.row(nodes, font);
                self.push("</mrow>");
            }
            Node::Frac(frac) => self.frac(frac, font),
            Node::Sqrt { index, body } => match index {
                None => {
                    self.push("<msqrt>");
                    self.inner(body, font);
                    self.push("</msqrt>");
                }
                Some(index) => {
                    self.push("<mroot>");
                    self.arg(body, font);
                    self.arg(index, font);
                    self.push("</mroot>");
                }
            },
            Node::Scripts(s) => self.scripts(s, font),
            Node::Accent { kind, body } => self.accent(*kind, body, font),
            Node::OverUnder { base, over, under } => {
                let tag = match (over, under) {
                    (Some(_), Some(_)) => "munderover",
                    (Some(_), None) => "mover",
                    _ => "munder",
                };
                self.push("<");
                self.push(tag);
                self.push(">");
                self.arg(base, font);
                if let Some(under) = under {
                    self.arg(under, font);
                }
                if let Some(over) = over {
                    self.arg(over, font);
                }
                self.push("</");
                self.push(tag);
                self.push(">");
            }
            Node::Styled { font: f, body } => {
                let one_word = *f == Font::Roman && body.len() > 1 && body.iter().all(|n| matches!(n, Node::Ident(_)));
                if one_word {
                    self.row(body, Some(*f));
                } else if body.len() == 1 && !is_function(&body[0]) {
                    self.node(&body[0], Some(*f));
                } else {
                    self.push("<mrow>");
                    self.row(body, Some(*f));
                    self.push("</mrow>");
                }
            }
            Node::MathStyle { style, body } => {
                self.push(match style {
                    MathStyle::Display => "<mstyle displaystyle=\"true\" scriptlevel=\"0\">",
                    MathStyle::Text => "<mstyle displaystyle=\"false\" scriptlevel=\"0\">",
                    MathStyle::Script => "<mstyle displaystyle=\"false\" scriptlevel=\"1\">",
                    MathStyle::ScriptScript => "<mstyle displaystyle=\"false\" scriptlevel=\"2\">",
                });
                self.row(body, font);
                self.push("</mstyle>");
            }
            Node::Fenced { open, close, body } => {
                self.push("<mrow>");
                if let Some(c) = open {
                    self.fence(*c);
                }
                self.row(body, font);
                if let Some(c) = close {
                    self.fence(*c);
                }
                self.push("</mrow>");
            }
            Node::Middle(c) => self.fence(*c),
            Node::SizedDelim { delim, size, .. } => {
                let attrs = format!(" minsize=\"{0}\" maxsize=\"{0}\" stretchy=\"true\" symmetric=\"true\"", size.em());
                self.char_token("mo", &attrs, *delim);
            }
            Node::Negated(inner) => match &**inner {
                Node::Ident(c) => {
                    let s: String = [*c, '\u{338}'].iter().collect();
                    self.token("mi", "", &s);
                }
                Node::Symbol(sym) => {
                    let s: String = [sym.ch, '\u{338}'].iter().collect();
                    self.token("mo", "", &s);
                }
                other => self.node(other, font),
            },
            Node::Env(env) => self.env(env, font),
            Node::Phantom(inner) => {
                self.push("<mphantom>");
                self.node(inner, font);
                self.push("</mphantom>");
            }
        }
    }

    fn ident(&mut self, c: char, font: Option<Font>) {
        let mapped = map_char(c, font);
        let upright = match font {
            Some(Font::Roman) => true,
            None => is_upper_greek(c),
            _ => false,
        };
        if upright && mapped == c {
            self.char_token("mi", " mathvariant=\"normal\"", c);
        } else {
            self.char_token("mi", "", mapped);
        }
    }

    fn symbol(&mut self, sym: &Symbol) {
        let c = sym.ch;
        match sym.class {
            Class::Ord if !sym.raw && !matches!(c, '/' | '.' | '…' | '⋯' | '⋮' | '⋱' | '\\') => self.char_token("mi", "", c),
            // TeX's `|` and `\|` are ordinary: no operator spacing.
            Class::Fence | Class::Ord if matches!(c, '|' | '‖') => self.char_token("mo", " stretchy=\"false\" lspace=\"0em\" rspace=\"0em\"", c),
            _ if is_delimiter(c) => self.char_token("mo", " stretchy=\"false\"", c),
            _ => self.char_token("mo", "", c),
        }
    }

    fn func(&mut self, func: &Func, movable: Option<bool>) {
        match func.limits {
            Limits::Movable => {
                let attrs = match movable {
                    Some(false) => " lspace=\"0em\" rspace=\"0em\" movablelimits=\"false\"",
                    _ => " lspace=\"0em\" rspace=\"0em\" movablelimits=\"true\"",
                };
                self.token("mo", attrs, &func.name);
            }
            Limits::Never if movable.is_some() => {
                self.token("mo", " lspace=\"0em\" rspace=\"0em\" movablelimits=\"false\"", &func.name);
            }
            Limits::Never => {
                if func.name.chars().count() == 1 {
                    self.token("mi", " mathvariant=\"normal\"", &func.name);
                } else {
                    self.token("mi", "", &func.name);
                }
            }
        }
    }

    fn text_node(&mut self, text: &Text, font: Option<Font>) {
        let attrs = match text.font {
            Some(Font::Bold) => " mathvariant=\"bold\"",
            Some(Font::Italic) => " mathvariant=\"italic\"",
            Some(Font::SansSerif) => " mathvariant=\"sans-serif\"",
            Some(Font::Monospace) => " mathvariant=\"monospace\"",
            _ => "",
        };
        let single = text.parts.len() == 1;
        if !single {
            self.push("<mrow>");
        }
        for part in &text.parts {
            match part {
                TextPart::Str(s) => {
                    self.push("<mtext");
                    self.push(attrs);
                    self.push(">");
                    // Leading and trailing spaces would be trimmed by MathML.
                    let body = s.trim_matches(' ');
                    if s.starts_with(' ') {
                        self.push("&#xA0;");
                    }
                    self.text(body);
                    if s.ends_with(' ') && !body.is_empty() {
                        self.push("&#xA0;");
                    }
                    self.push("</mtext>");
                }
                TextPart::Math(nodes) => self.row(nodes, font),
            }
        }
        if !single {
            self.push("</mrow>");
        }
    }

    fn space(&mut self, space: Space) {
        let width = match space {
            Space::Thin => "0.1667em",
            Space::Medium => "0.2222em",
            Space::Thick => "0.2778em",
            Space::Word => "0.3333em",
            Space::Quad => "1em",
            Space::QQuad => "2em",
            Space::NegThin => "-0.1667em",
            Space::NegMedium => "-0.2222em",
            Space::NegThick => "-0.2778em",
        };
        self.push("<mspace width=\"");
        self.push(width);
        self.push("\"/>");
    }

    fn frac(&mut self, frac: &Frac, font: Option<Font>) {
        let style = match frac.style {
            Some(MathStyle::Display) => Some("<mstyle displaystyle=\"true\" scriptlevel=\"0\">"),
            Some(_) => Some("<mstyle displaystyle=\"false\" scriptlevel=\"0\">"),
            None => None,
        };
        if let Some(s) = style {
            self.push(s);
        }
        if frac.binom {
            self.push("<mrow><mo>(</mo><mfrac linethickness=\"0\">");
        } else if frac.stacked {
            self.push("<mfrac linethickness=\"0\">");
        } else {
            self.push("<mfrac>");
        }
        self.arg(&frac.num, font);
        self.arg(&frac.den, font);
        if frac.binom {
            self.push("</mfrac><mo>)</mo></mrow>");
        } else {
            self.push("</mfrac>");
        }
        if style.is_some() {
            self.push("</mstyle>");
        }
    }

    fn scripts(&mut self, s: &Scripts, font: Option<Font>) {
        // Decide between under/over and sub/sup placement.
        let movable = match s.limits {
            LimitsOverride::Default => true,
            LimitsOverride::Limits => false,
            LimitsOverride::NoLimits => true,
        };
        let limits = match &s.base {
            Node::Symbol(Symbol { class: Class::Large(l), .. }) => match s.limits {
                LimitsOverride::Default => *l == Limits::Movable,
                LimitsOverride::Limits => true,
                LimitsOverride::NoLimits => false,
            },
            Node::Func(f) => match s.limits {
                LimitsOverride::Default => f.limits == Limits::Movable,
                LimitsOverride::Limits => true,
                LimitsOverride::NoLimits => false,
            },
            Node::Accent { kind: AccentKind::Overbrace | AccentKind::Underbrace, .. } => true,
            _ => false,
        };
        let has_sup = s.sup.is_some() || s.primes > 0;
        let tag = match (limits, s.sub.is_some(), has_sup) {
            (true, true, true) => "munderover",
            (true, true, false) => "munder",
            (true, false, _) => "mover",
            (false, true, true) => "msubsup",
            (false, true, false) => "msub",
            (false, false, _) => "msup",
        };
        self.push("<");
        self.push(tag);
        self.push(">");
        // The base.
        match &s.base {
            Node::Symbol(sym @ Symbol { class: Class::Large(_), .. }) if limits => {
                let attrs = if movable { " movablelimits=\"true\"" } else { " movablelimits=\"false\"" };
                self.char_token("mo", attrs, sym.ch);
            }
            Node::Func(f) if limits => self.func(f, Some(movable)),
            base => self.arg(base, font),
        }
        if let Some(sub) = &s.sub {
            self.arg(sub, font);
        }
        if has_sup {
            let primes = primes(s.primes);
            match (&s.sup, primes.is_empty()) {
                (Some(sup), true) => self.arg(sup, font),
                (Some(sup), false) => {
                    self.push("<mrow>");
                    self.token("mo", "", &primes);
                    self.inner(sup, font);
                    self.push("</mrow>");
                }
                (None, _) => self.token("mo", "", &primes),
            }
        }
        self.push("</");
        self.push(tag);
        self.push(">");
    }

    fn accent(&mut self, kind: AccentKind, body: &Node, font: Option<Font>) {
        use AccentKind::*;
        let (ch, stretchy, under) = match kind {
            Hat => ('^', false, false),
            WideHat => ('^', true, false),
            Tilde => ('~', false, false),
            WideTilde => ('~', true, false),
            Bar => ('\u{AF}', false, false),
            Vec => ('→', false, false),
            OverRightArrow => ('→', true, false),
            OverLeftArrow => ('←', true, false),
            OverLeftRightArrow => ('↔', true, false),
            Dot => ('\u{2D9}', false, false),
            DDot => ('\u{A8}', false, false),
            DDDot => ('\u{20DB}', false, false),
            Acute => ('\u{B4}', false, false),
            Grave => ('`', false, false),
            Breve => ('\u{2D8}', false, false),
            Check => ('\u{2C7}', false, false),
            Ring => ('\u{2DA}', false, false),
            Overline => ('\u{203E}', true, false),
            Underline => ('_', true, true),
            Overbrace => ('\u{23DE}', true, false),
            Underbrace => ('\u{23DF}', true, true),
        };
        let brace = matches!(kind, Overbrace | Underbrace);
        let open = match (under, brace) {
            (false, false) => "<mover accent=\"true\">",
            (false, true) => "<mover>",
            (true, false) => "<munder accentunder=\"true\">",
            (true, true) => "<munder>",
        };
        self.push(open);
        self.arg(body, font);
        let attrs = if stretchy { " stretchy=\"true\"" } else { " stretchy=\"false\"" };
        self.char_token("mo", attrs, ch);
        self.push(if under { "</munder>" } else { "</mover>" });
    }

    fn fence(&mut self, c: char) {
        self.char_token("mo", " fence=\"true\" stretchy=\"true\"", c);
    }

    fn env(&mut self, env: &Env, font: Option<Font>) {
        let cols = env.columns();
        match &env.kind {
            EnvKind::Equation => {
                self.push("<mrow>");
                for row in &env.rows {
                    for cell in row {
                        self.row(cell, font);
                    }
                }
                self.push("</mrow>");
            }
            EnvKind::Align => {
                let align: Vec<&str> = (0..cols).map(|i| if i.is_multiple_of(2) { "right" } else { "left" }).collect();
                let spacing: Vec<&str> = (1..cols).map(|i| if !i.is_multiple_of(2) { "0em" } else { "2em" }).collect();
                let mut attrs = format!(" displaystyle=\"true\" columnalign=\"{}\"", align.join(" "));
                if !spacing.is_empty() {
                    attrs.push_str(&format!(" columnspacing=\"{}\"", spacing.join(" ")));
                }
                self.table(env, &attrs, font, CellStyle::Align);
            }
            EnvKind::Gather => self.table(env, " displaystyle=\"true\"", font, CellStyle::None),
            EnvKind::Cases => {
                self.push("<mrow>");
                self.fence('{');
                self.table(env, " columnalign=\"left left\" columnspacing=\"1em\"", font, CellStyle::Left);
                self.push("</mrow>");
            }
            EnvKind::Matrix { open, close, small } => {
                let fenced = open.is_some() || close.is_some();
                if fenced {
                    self.push("<mrow>");
                }
                if let Some(c) = open {
                    self.fence(*c);
                }
                if *small {
                    self.push("<mstyle scriptlevel=\"1\">");
                }
                self.table(env, "", font, CellStyle::None);
                if *small {
                    self.push("</mstyle>");
                }
                if let Some(c) = close {
                    self.fence(*c);
                }
                if fenced {
                    self.push("</mrow>");
                }
            }
            EnvKind::Array { columns, rules } => {
                let align: Vec<&str> = columns
                    .iter()
                    .map(|a| match a {
                        Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                    })
                    .collect();
                let mut attrs = format!(" columnalign=\"{}\"", align.join(" "));
                if rules.iter().any(|r| *r) {
                    let lines: Vec<&str> = rules.iter().map(|r| if *r { "solid" } else { "none" }).collect();
                    attrs.push_str(&format!(" columnlines=\"{}\"", lines.join(" ")));
                }
                if env.hlines.iter().any(|r| *r) {
                    let lines: Vec<&str> = env.hlines.iter().map(|r| if *r { "solid" } else { "none" }).collect();
                    attrs.push_str(&format!(" rowlines=\"{}\"", lines.join(" ")));
                }
                self.table(env, &attrs, font, CellStyle::Columns(columns));
            }
        }
    }

    fn table(&mut self, env: &Env, attrs: &str, font: Option<Font>, style: CellStyle<'_>) {
        self.push("<mtable");
        self.push(attrs);
        self.push(">");
        let align = matches!(style, CellStyle::Align);
        for row in &env.rows {
            self.push("<mtr>");
            for (i, cell) in row.iter().enumerate() {
                self.push(style.mtd(i));
                // `&=`: keep the relation's spacing, like TeX's `{}=`.
                if align && !i.is_multiple_of(2) && starts_with_operator(cell) {
                    self.push("<mi></mi>");
                }
                self.row(cell, font);
                self.push("</mtd>");
            }
            self.push("</mtr>");
        }
        self.push("</mtable>");
    }
}

/// Column alignment written on each `mtd` as CSS, for MathML Core
/// renderers (Chromium) that ignore `columnalign`/`columnspacing`.
#[derive(Clone, Copy)]
enum CellStyle<'a> {
    /// Centered (the default).
    None,
    /// `align`: right/left pairs that touch.
    Align,
    /// `cases`: all left.
    Left,
    /// `array`: as specified.
    Columns(&'a [Align]),
}

impl CellStyle<'_> {
    fn mtd(self, column: usize) -> &'static str {
        const RIGHT: &str = "<mtd style=\"text-align: right\">";
        const LEFT: &str = "<mtd style=\"text-align: left\">";
        match self {
            CellStyle::None => "<mtd>",
            CellStyle::Align if column.is_multiple_of(2) => "<mtd style=\"text-align: right; padding-right: 0\">",
            CellStyle::Align => "<mtd style=\"text-align: left; padding-left: 0\">",
            CellStyle::Left => LEFT,
            CellStyle::Columns(columns) => match columns.get(column) {
                Some(Align::Left) => LEFT,
                Some(Align::Right) => RIGHT,
                _ => "<mtd>",
            },
        }
    }
}

/// Nodes after which U+2061 FUNCTION APPLICATION goes.
fn is_function(node: &Node) -> bool {
    match node {
        Node::Func(_) => true,
        Node::Scripts(s) => matches!(s.base, Node::Func(_)),
        _ => false,
    }
}

/// Whether a cell starts with a relation or binary operator (including
/// `\iff`, which is a group of space, relation, space).
fn starts_with_operator(cell: &[Node]) -> bool {
    let is_op = |n: Option<&Node>| matches!(n, Some(Node::Symbol(Symbol { class: Class::Rel | Class::Bin, .. })));
    match cell.iter().find(|n| !matches!(n, Node::Empty)) {
        Some(Node::Group(g)) => matches!(g.first(), Some(Node::Space(_))) && is_op(g.get(1)),
        first => is_op(first),
    }
}

fn is_delimiter(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '|'
            | '‖'
            | '⟨'
            | '⟩'
            | '⌊'
            | '⌋'
            | '⌈'
            | '⌉'
            | '⟮'
            | '⟯'
            | '⟦'
            | '⟧'
            | '⌜'
            | '⌝'
            | '⌞'
            | '⌟'
            | '/'
            | '\\'
    )
}

fn is_upper_greek(c: char) -> bool {
    ('\u{391}'..='\u{3A9}').contains(&c)
}

fn primes(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "′".into(),
        2 => "″".into(),
        3 => "‴".into(),
        4 => "⁗".into(),
        n => "′".repeat(n),
    }
}

fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// Maps a character to its Unicode mathematical alphanumeric form.
pub(crate) fn map_char(c: char, font: Option<Font>) -> char {
    let Some(font) = font else { return c };
    let mapped = match font {
        Font::Roman => None,
        Font::Bold => latin(c, 0x1D400, 0x1D41A).or_else(|| digit(c, 0x1D7CE)).or_else(|| greek(c, 0x1D6A8, 0x1D6C2)),
        Font::Italic => latin_italic(c).or_else(|| greek(c, 0x1D6E2, 0x1D6FC)),
        Font::BoldSymbol => {
            if is_upper_greek(c) {
                greek(c, 0x1D6A8, 0x1D6C2)
            } else {
                latin(c, 0x1D468, 0x1D482).or_else(|| digit(c, 0x1D7CE)).or_else(|| greek(c, 0x1D71C, 0x1D736))
            }
        }
        Font::DoubleStruck => match c {
            'C' => Some('ℂ'),
            'H' => Some('ℍ'),
            'N' => Some('ℕ'),
            'P' => Some('ℙ'),
            'Q' => Some('ℚ'),
            'R' => Some('ℝ'),
            'Z' => Some('ℤ'),
            _ => latin(c, 0x1D538, 0x1D552).or_else(|| digit(c, 0x1D7D8)),
        },
        Font::Calligraphic | Font::Script => match c {
            'B' => Some('ℬ'),
            'E' => Some('ℰ'),
            'F' => Some('ℱ'),
            'H' => Some('ℋ'),
            'I' => Some('ℐ'),
            'L' => Some('ℒ'),
            'M' => Some('ℳ'),
            'R' => Some('ℛ'),
            'e' => Some('ℯ'),
            'g' => Some('ℊ'),
            'o' => Some('ℴ'),
            _ => latin(c, 0x1D49C, 0x1D4B6),
        },
        Font::Fraktur => match c {
            'C' => Some('ℭ'),
            'H' => Some('ℌ'),
            'I' => Some('ℑ'),
            'R' => Some('ℜ'),
            'Z' => Some('ℨ'),
            _ => latin(c, 0x1D504, 0x1D51E),
        },
        Font::SansSerif => latin(c, 0x1D5A0, 0x1D5BA).or_else(|| digit(c, 0x1D7E2)),
        Font::Monospace => latin(c, 0x1D670, 0x1D68A).or_else(|| digit(c, 0x1D7F6)),
    };
    mapped.unwrap_or(c)
}

fn offset(base: u32, delta: u32) -> Option<char> {
    char::from_u32(base + delta)
}

fn latin(c: char, upper: u32, lower: u32) -> Option<char> {
    match c {
        'A'..='Z' => offset(upper, c as u32 - 'A' as u32),
        'a'..='z' => offset(lower, c as u32 - 'a' as u32),
        _ => None,
    }
}

fn latin_italic(c: char) -> Option<char> {
    if c == 'h' {
        return Some('ℎ');
    }
    latin(c, 0x1D434, 0x1D44E)
}

fn digit(c: char, zero: u32) -> Option<char> {
    match c {
        '0'..='9' => offset(zero, c as u32 - '0' as u32),
        _ => None,
    }
}

/// Greek capitals U+0391–U+03A9 (without the hole at U+03A2) and small
/// letters U+03B1–U+03C9, plus the variant forms that have bold/italic
/// counterparts.
fn greek(c: char, upper: u32, lower: u32) -> Option<char> {
    match c {
        '\u{391}'..='\u{3A1}' | '\u{3A3}'..='\u{3A9}' => offset(upper, c as u32 - 0x391),
        '\u{3B1}'..='\u{3C9}' => offset(lower, c as u32 - 0x3B1),
        // Variants follow the small omega in each block: ∂ ϵ ϑ ϰ ϕ ϱ ϖ.
        '∂' => offset(lower, 25),
        'ϵ' => offset(lower, 26),
        'ϑ' => offset(lower, 27),
        'ϰ' => offset(lower, 28),
        'ϕ' => offset(lower, 29),
        'ϱ' => offset(lower, 30),
        'ϖ' => offset(lower, 31),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::map_char;
    use crate::ast::Font;

    #[test]
    fn alphabets_map_to_mathematical_alphanumerics() {
        let map = |s: &str, f| s.chars().map(|c| map_char(c, Some(f))).collect::<String>();
        assert_eq!(map("ABCHNPQRZ", Font::DoubleStruck), "𝔸𝔹ℂℍℕℙℚℝℤ");
        assert_eq!(map("k019", Font::DoubleStruck), "𝕜𝟘𝟙𝟡");
        assert_eq!(map("BEFHILMRAego", Font::Calligraphic), "ℬℰℱℋℐℒℳℛ𝒜ℯℊℴ");
        assert_eq!(map("CHIRZAg", Font::Fraktur), "ℭℌℑℜℨ𝔄𝔤");
        assert_eq!(map("hx", Font::Italic), "ℎ𝑥");
        assert_eq!(map("Ax1αΓ∂ϕ", Font::Bold), "𝐀𝐱𝟏𝛂𝚪𝛛𝛟");
        assert_eq!(map("xαΓ1", Font::BoldSymbol), "𝒙𝜶𝚪𝟏");
        assert_eq!(map("Tx2", Font::SansSerif), "𝖳𝗑𝟤");
        assert_eq!(map("x2", Font::Monospace), "𝚡𝟸");
        assert_eq!(map("x+", Font::Roman), "x+");
        assert_eq!(map_char('x', None), 'x');
    }
}
