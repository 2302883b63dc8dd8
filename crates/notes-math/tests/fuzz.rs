//! Property tests: no input makes the crate panic or overflow the stack,
//! errors point into the input, and every accepted formula produces
//! well-formed MathML and inert Typst markup. (That the markup also passes
//! the allowlist check, parsed by Typst itself, is tested in `notes-pdf`,
//! the only crate with Typst.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use notes_math::{Formula, MAX_DEPTH, MathErrorKind};
use proptest::prelude::*;

/// LaTeX fragments, valid and invalid, to build token soup from.
const VOCAB: &[&str] = &[
    "x",
    "y",
    "ab",
    "2",
    "3.5",
    ".",
    "+",
    "-",
    "=",
    "<",
    ">",
    "(",
    ")",
    "[",
    "]",
    "|",
    ",",
    ";",
    ":",
    "!",
    "?",
    "'",
    "/",
    "*",
    "@",
    "\"",
    "{",
    "}",
    "^",
    "_",
    "&",
    r"\\",
    " ",
    "~",
    "%c\n",
    "\n",
    "$",
    "#",
    r"\alpha",
    r"\Gamma",
    r"\varepsilon",
    r"\frac",
    r"\dfrac",
    r"\tfrac",
    r"\binom",
    r"\sqrt",
    r"\sqrt[3]",
    r"\sum",
    r"\int",
    r"\oint",
    r"\lim",
    r"\limsup",
    r"\limits",
    r"\nolimits",
    r"\sin",
    r"\max",
    r"\operatorname{foo}",
    r"\operatorname*{bar}",
    r"\left(",
    r"\right)",
    r"\left.",
    r"\right|",
    r"\left\langle",
    r"\right\rangle",
    r"\middle|",
    r"\langle",
    r"\rangle",
    r"\lvert",
    r"\rvert",
    r"\|",
    r"\{",
    r"\}",
    r"\#",
    r"\text{",
    r"\text{a b}",
    r"\text{$x$}",
    "\\text{\"#\\\\}",
    r"\textbf{z}",
    r"\mathbf",
    r"\mathbb",
    r"\mathrm",
    r"\mathcal",
    r"\boldsymbol",
    r"\hat",
    r"\bar",
    r"\vec",
    r"\widetilde",
    r"\overbrace",
    r"\underbrace",
    r"\overline",
    r"\le",
    r"\neq",
    r"\in",
    r"\to",
    r"\iff",
    r"\infty",
    r"\ldots",
    r"\cdots",
    r"\,",
    r"\;",
    r"\quad",
    r"\!",
    r"\ ",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\begin{cases}",
    r"\end{cases}",
    r"\begin{align}",
    r"\end{align}",
    r"\begin{aligned}",
    r"\end{aligned}",
    r"\begin{array}{l|c}",
    r"\end{array}",
    r"\begin{equation}",
    r"\end{equation}",
    r"\hline",
    r"\label{a}",
    r"\tag{1}",
    r"\displaystyle",
    r"\bf",
    r"\not",
    r"\overset",
    r"\stackrel",
    r"\pmod",
    r"\bmod",
    r"\big(",
    r"\Bigr]",
    r"\foo",
    r"\def",
    r"\input",
    "é",
    "√",
    "⟨",
    "\u{301}",
    "ℝ",
    r"\\[2pt]",
];

/// Checks one input; returns whether it parsed.
fn check(tex: &str, display: bool) -> bool {
    match Formula::parse(tex, display) {
        Ok(f) => {
            let mathml = f.to_mathml();
            assert!(common::well_formed(&mathml), "{tex:?} -> {mathml}");
            assert!(mathml.starts_with(&common::math_open(tex, display)), "{tex:?}");
            let typst = f.to_typst();
            assert!(common::typst_is_inert(&typst), "{tex:?} -> {typst}");
            // Deterministic.
            let again = Formula::parse(tex, display).unwrap();
            assert_eq!(again.to_mathml(), mathml);
            assert_eq!(again.to_typst(), typst);
            true
        }
        Err(e) => {
            assert!(e.offset() <= tex.len(), "{tex:?}: {e}");
            assert!(tex.is_char_boundary(e.offset()), "{tex:?}: {e}");
            assert!(tex[e.offset()..].starts_with(e.token()), "{tex:?}: {e}");
            assert!(!e.to_string().is_empty());
            false
        }
    }
}

fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..max).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(tex in any::<String>(), display in any::<bool>()) {
        check(&tex, display);
    }

    #[test]
    fn token_soup_never_panics(tex in soup(40), display in any::<bool>()) {
        check(&tex, display);
    }

    #[test]
    fn mostly_valid_soup(parts in prop::collection::vec(prop::sample::select(&[
        "x", "y_1", "2", "+", "=", r"\alpha ", r"\frac{a}{b}", r"\sqrt{x}", r"\sum_{i=0}^n",
        r"\int_0^1", r"\left( x \right)", r"\text{ if }", r"\mathbb{R}", r"\hat{x}", "f'",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\le ", r"\,", r"\lim_{x\to 0}",
        r"\begin{cases} 1 & x \\ 0 & y \end{cases}", r"\overbrace{a}^{b}", r"\{ x \}",
        r"\lvert x \rvert ", r"\operatorname{rk}", "{,}", "|", r"\|", "(", ")",
    ][..]), 1..30), display in any::<bool>()) {
        let tex = parts.concat();
        prop_assert!(check(&tex, display), "{tex:?} should parse");
    }

    #[test]
    fn nesting_is_bounded(kinds in prop::collection::vec(0usize..10, 0..(MAX_DEPTH + 40))) {
        const OPEN: [&str; 10] = ["{", r"\frac{", r"\sqrt{", r"\left(", r"\begin{pmatrix}",
            "x^{", r"\text{$", r"\mathbf{", r"\overbrace{", r"\begin{aligned}a&="];
        const CLOSE: [&str; 10] = ["}", "}{y}", "}", r"\right)", r"\end{pmatrix}", "}", "$}",
            "}", "}^{n}", r"\end{aligned}"];
        let mut tex: String = kinds.iter().map(|&k| OPEN[k]).collect();
        tex.push('z');
        tex.extend(kinds.iter().rev().map(|&k| CLOSE[k]));
        let parsed = Formula::parse(&tex, true);
        if kinds.len() < MAX_DEPTH {
            prop_assert!(check(&tex, true), "{tex:?}: {:?}", parsed.err());
        } else {
            prop_assert_eq!(parsed.unwrap_err().kind(), MathErrorKind::TooDeep);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn hundred_thousand_char_inputs(seed in soup(200), valid in any::<bool>()) {
        let unit = if valid { r"x_{i}^{2} + \frac{a}{b} - \sqrt{y} \cdot " } else { seed.as_str() };
        let mut tex = String::new();
        while tex.len() < 100_000 && !unit.is_empty() {
            tex.push_str(unit);
        }
        let ok = check(&tex, false);
        if valid {
            prop_assert!(ok);
        }
    }
}

#[test]
fn pathological_inputs() {
    let n = 100_000;
    for tex in [
        "{".repeat(n),
        "}".repeat(n),
        r"\left(".repeat(n / 6),
        r"\right)".repeat(n / 7),
        r"\\".repeat(n / 2),
        "&".repeat(n),
        "\\".repeat(n),
        "x^".repeat(n / 2),
        "'".repeat(n),
        r"\frac".repeat(n / 5),
        r"\text{".repeat(n / 6),
        r"\text{$".repeat(n / 7),
        r"\begin{matrix}".repeat(n / 14),
        r"\displaystyle".repeat(n / 13),
        r"\not".repeat(n / 4),
        "%".repeat(n),
        "é".repeat(n),
        " ".repeat(n),
        r"\[".repeat(n / 3),
        r"a\[2pt".repeat(n / 7),
        r"egin{array}[".repeat(n / 14),
        r"\label{".repeat(n / 7),
        r"	ag{".repeat(n / 5),
        r"\operatorname{".repeat(n / 14),
        r"\left.".repeat(n / 6),
        r"egin{".repeat(n / 7),
    ] {
        check(&tex, true);
    }
    // Long but valid: linear time, no recursion per element.
    let flat = "x+".repeat(n / 2) + "x";
    assert!(check(&flat, true));
    let rows = r"a&=b\\".repeat(n / 7);
    assert!(check(&rows, true));
}
