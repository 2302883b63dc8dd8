//! A formula as one line of plain Unicode text (`E = mc²`, `(a+b)/2`,
//! `√x`): what a place that holds only text shows for it — an EPUB's
//! navigation, a document's title — instead of its LaTeX source.

use crate::Formula;
use crate::ast::{AccentKind, Class, Env, EnvKind, Font, Node, Space, TextPart};

/// Writes the formula's text.
pub(crate) fn write(formula: &Formula) -> String {
    let mut out = String::new();
    row(&formula.root, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn row(nodes: &[Node], out: &mut String) {
    for node in nodes {
        one(node, out);
    }
}

fn one(node: &Node, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Ident(c) | Node::Middle(c) => out.push(*c),
        Node::Number(n) => out.push_str(n),
        Node::Symbol(s) => match s.class {
            Class::Rel | Class::Bin => {
                out.push(' ');
                out.push(s.ch);
                out.push(' ');
            }
            Class::Punct => {
                out.push(s.ch);
                out.push(' ');
            }
            _ => out.push(s.ch),
        },
        Node::Func(f) => out.push_str(&f.name),
        Node::Text(t) => {
            for part in &t.parts {
                match part {
                    TextPart::Str(s) => out.push_str(s),
                    TextPart::Math(nodes) => row(nodes, out),
                }
            }
        }
        Node::Space(space) => {
            if matches!(space, Space::Word | Space::Quad | Space::QQuad) {
                out.push(' ');
            }
        }
        Node::Group(nodes) | Node::MathStyle { body: nodes, .. } => row(nodes, out),
        Node::Styled { font, body } => {
            let mut inner = String::new();
            row(body, &mut inner);
            if *font == Font::DoubleStruck {
                inner = inner.chars().map(double_struck).collect();
            }
            out.push_str(&inner);
        }
        Node::Frac(frac) => {
            let (num, den) = (wrapped(&frac.num), wrapped(&frac.den));
            if frac.binom {
                out.push_str(&format!("C({}, {})", text_of(&frac.num), text_of(&frac.den)));
            } else {
                out.push_str(&format!("{num}/{den}"));
            }
        }
        Node::Sqrt { index, body } => {
            let index = index.as_deref().map(text_of);
            match index.as_deref() {
                None => out.push('√'),
                Some("3") => out.push('∛'),
                Some("4") => out.push('∜'),
                Some(n) => {
                    out.push_str(&scripted(n, SUPERSCRIPTS, '^'));
                    out.push('√');
                }
            }
            out.push_str(&wrapped(body));
        }
        Node::Scripts(s) => {
            one(&s.base, out);
            for _ in 0..s.primes {
                out.push('′');
            }
            if let Some(sub) = &s.sub {
                out.push_str(&scripted(&text_of(sub), SUBSCRIPTS, '_'));
            }
            if let Some(sup) = &s.sup {
                out.push_str(&scripted(&text_of(sup), SUPERSCRIPTS, '^'));
            }
        }
        Node::Accent { kind, body } => {
            let inner = text_of(body);
            out.push_str(&inner);
            let mark = match kind {
                AccentKind::Hat | AccentKind::WideHat => Some('\u{302}'),
                AccentKind::Tilde | AccentKind::WideTilde => Some('\u{303}'),
                AccentKind::Bar | AccentKind::Overline => Some('\u{305}'),
                AccentKind::Vec | AccentKind::OverRightArrow => Some('\u{20D7}'),
                AccentKind::Dot => Some('\u{307}'),
                AccentKind::DDot => Some('\u{308}'),
                _ => None,
            };
            // A combining mark only fits a single character.
            if let Some(mark) = mark
                && inner.chars().count() == 1
            {
                out.push(mark);
            }
        }
        Node::OverUnder { base, .. } => one(base, out),
        Node::Fenced { open, close, body } => {
            out.extend(*open);
            row(body, out);
            out.extend(*close);
        }
        Node::SizedDelim { delim, .. } => out.push(*delim),
        Node::Negated(inner) => {
            one(inner, out);
            out.push('\u{338}');
        }
        Node::Env(env) => environment(env, out),
        // Room for something not shown: a space at most.
        Node::Phantom(_) => out.push(' '),
    }
}

/// An environment's rows, separated by `; ` (cells by spaces), inside the
/// delimiters of a matrix.
fn environment(env: &Env, out: &mut String) {
    let rows: Vec<String> = env
        .rows
        .iter()
        .map(|cells| {
            cells
                .iter()
                .map(|cell| {
                    let mut s = String::new();
                    row(cell, &mut s);
                    s.trim().to_string()
                })
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|r| !r.is_empty())
        .collect();
    let (open, close) = match &env.kind {
        EnvKind::Matrix { open, close, .. } => (*open, *close),
        EnvKind::Cases => (Some('{'), None),
        _ => (None, None),
    };
    out.extend(open);
    out.push_str(&rows.join("; "));
    out.extend(close);
}

fn text_of(node: &Node) -> String {
    let mut s = String::new();
    one(node, &mut s);
    s
}

/// A node's text, in parentheses unless it is one number or one symbol.
fn wrapped(node: &Node) -> String {
    let s = text_of(node).trim().to_string();
    let simple = s.chars().count() <= 1 || s.chars().all(|c| c.is_ascii_digit() || c == '.') || s.chars().all(char::is_alphabetic);
    if simple { s } else { format!("({s})") }
}

/// Digits, signs and parentheses that have a superscript form, and those
/// forms.
const SUPERSCRIPTS: (&str, &str) = ("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ");
/// The same for subscripts.
const SUBSCRIPTS: (&str, &str) = ("0123456789+-=()aeijknmoprstx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₙₘₒₚᵣₛₜₓ");

/// `text` as superscript or subscript characters when each has one,
/// else `^text` / `_text` (in parentheses when longer than a character).
fn scripted(text: &str, (plain, raised): (&str, &str), mark: char) -> String {
    let map = |c: char| plain.chars().position(|p| p == c).and_then(|i| raised.chars().nth(i));
    let text: String = text.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '−' { '-' } else { c }).collect();
    match text.chars().map(map).collect::<Option<String>>() {
        Some(s) if !s.is_empty() => s,
        _ if text.chars().count() == 1 => format!("{mark}{text}"),
        _ if text.is_empty() => String::new(),
        _ => format!("{mark}({text})"),
    }
}

/// The double-struck form of the letters that have a common one.
fn double_struck(c: char) -> char {
    match c {
        'R' => 'ℝ',
        'N' => 'ℕ',
        'Z' => 'ℤ',
        'Q' => 'ℚ',
        'C' => 'ℂ',
        'P' => 'ℙ',
        'H' => 'ℍ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::Formula;

    fn text(tex: &str) -> String {
        Formula::parse(tex, false).map(|f| f.to_text()).unwrap_or_else(|e| panic!("{tex}: {e}"))
    }

    #[test]
    fn formulas_read_as_one_line_of_text() {
        assert_eq!(text("E = mc^2"), "E = mc²");
        assert_eq!(text(r"\sigma_0"), "σ₀");
        assert_eq!(text(r"\frac{a}{b}"), "a/b");
        assert_eq!(text(r"\frac{a+b}{2}"), "(a + b)/2");
        assert_eq!(text(r"\sqrt{x}"), "√x");
        assert_eq!(text(r"x^{n+1}"), "xⁿ⁺¹");
        assert_eq!(text(r"x_{max}"), "xₘₐₓ");
        assert_eq!(text(r"x_{bc} + y_b"), "x_(bc) + y_b");
        assert_eq!(text(r"\mathbb{R}^3"), "ℝ³");
        assert_eq!(text(r"\text{curl } \mathbf{E}"), "curl E");
        assert_eq!(text(r"z \ge 0"), "z ≥ 0");
        assert_eq!(text(r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}"), "[a b; c d]");
    }
}
