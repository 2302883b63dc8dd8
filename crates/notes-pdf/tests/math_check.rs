//! `check_typst_math`: accepts what `notes-math`'s `to_typst` emits,
//! refuses code, imports, bindings, closures and unknown names. (Moved here
//! from `notes-math` with the check itself: only this crate has Typst.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use notes_math::{Formula, TYPST_FUNCTIONS, TYPST_IDENTIFIERS};
use notes_pdf::math::check_typst_math;
use notes_pdf::typst::syntax as typst_syntax;

#[track_caller]
fn accepted(markup: &str) {
    if let Err(e) = check_typst_math(markup) {
        panic!("{markup:?} refused: {e}");
    }
}

#[track_caller]
fn refused(markup: &str) {
    if check_typst_math(markup).is_ok() {
        panic!("{markup:?} was accepted");
    }
}

#[test]
fn accepts_plain_math() {
    accepted("");
    accepted("x + y = z");
    accepted("a b c");
    accepted("x_i^2 + f'' \\( x \\)");
    accepted("frac(a, b) + sqrt(x) + root(3, x)");
    accepted("mat(delim: #none, a, b; c, d)");
    accepted("mat(delim: \"(\", 1, 2; 3, 4)");
    accepted("attach(a + b, b: i, t: 2)");
    accepted("lr(\\( x mid(\\|) y \\))");
    accepted("dot.double(x) + arrow.l(y) + arrow.l.r(z)");
    accepted("\"text with #hash and \\\"quotes\\\"\"");
    accepted("lim_(x → 0) sin x thin quad wide");
    accepted("a & = b \\ c & = d");
    accepted("a/**/mid(\\|)b");
    accepted("class(\"normal\", \\,)");
    // Plain math syntax the writer does not use is still math.
    accepted("a/b + √x + (a + b) + x -> y");
}

#[test]
fn refuses_code_and_markup() {
    refused("#panic()");
    refused("#read(\"/etc/passwd\")");
    refused("x #none");
    refused("frac(#none, a)");
    refused("#let x = 1");
    refused("#set text(red)");
    refused("#show: x => x");
    refused("#import \"@preview/x:0.1.0\": *");
    refused("#include \"chapter.typ\"");
    refused("#{ 1 + 1 }");
    refused("#[content]");
    refused("#(x => x)(1)");
    refused("#true");
    refused("#sys.inputs");
    refused("$x$");
    refused("x // comment");
    refused("x /* comment */");
    refused("frac(a, ..args)");
    refused("mat(delim: #\"(\", a)");
    refused("mat(align: #left, a)");
    refused("frac(a, b, foo: 1)");
}

#[test]
fn refuses_unknown_names() {
    refused("read(\"/etc/passwd\")");
    refused("panic()");
    refused("eval(\"1\")");
    refused("plugin(\"x.wasm\")");
    refused("abc");
    refused("sys.inputs");
    refused("sys");
    refused("dot.foo(x)");
    refused("frac.with(a)(b)");
    refused("arrow.l.r.x(y)");
    refused("sin(x)");
    refused("thin(x)");
    // A function name used as a value is refused too.
    refused("frac");
}

#[test]
fn refuses_syntax_errors() {
    refused("frac(a, b");
    refused("\"unterminated");
    refused("x \\u{zz}");
}

#[test]
fn brackets_in_strings_do_not_count_as_nesting() {
    let f = Formula::parse(&format!(r"\text{{{}}}", "(".repeat(2000)), false).unwrap();
    accepted(&f.to_typst());
}

#[test]
fn refuses_pathological_nesting() {
    refused(&"(".repeat(10_000));
    refused(&format!("{}x{}", "sqrt(".repeat(600), ")".repeat(600)));
}

#[test]
fn allowlists_are_sorted_and_free_of_dangerous_names() {
    for list in [TYPST_FUNCTIONS, TYPST_IDENTIFIERS] {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, list);
        for name in list {
            assert!(
                ![
                    "eval",
                    "read",
                    "include",
                    "import",
                    "plugin",
                    "json",
                    "yaml",
                    "toml",
                    "csv",
                    "xml",
                    "cbor",
                    "image",
                    "panic",
                    "sys",
                    "std",
                    "context",
                    "query",
                    "state",
                    "counter",
                    "metadata",
                    "label",
                    "ref",
                    "link",
                    "bibliography"
                ]
                .contains(name),
                "{name}"
            );
        }
    }
}

/// Every symbol and command in the tables is written so that Typst reads it
/// as a plain symbol: no delimiter pairing, root, fraction or shorthand.
#[test]
fn every_command_is_inert_typst() {
    let table = include_str!("../../notes-math/src/symbols.rs");
    let body = &table[table.find("pub(crate) fn lookup").unwrap()..];
    let body = &body[..body.find("_ => return None").unwrap()];
    let mut names: Vec<&str> = body.split('"').skip(1).step_by(2).filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())).collect();
    names.sort_unstable();
    names.dedup();
    assert!(names.len() > 300, "{}", names.len());
    let mut parsed = 0;
    for name in names {
        // Try the command with no, one and two arguments.
        let forms = [
            format!("a \\{name} b"),
            format!("a \\{name}{{x}} b"),
            format!("a \\{name}{{x}}{{y}} b"),
            format!("a \\{name}( x \\right) b"),
            format!("a \\{name}{{x}} b \\end{{{name}}}"),
        ];
        for tex in forms {
            let Ok(f) = Formula::parse(&tex, true) else {
                continue;
            };
            parsed += 1;
            let markup = f.to_typst();
            accepted(&markup);
            let tree = typst_syntax::parse_math(&markup);
            let mut stack = vec![&tree];
            while let Some(node) = stack.pop() {
                use typst_syntax::SyntaxKind as S;
                assert!(!matches!(node.kind(), S::MathDelimited | S::MathRoot | S::MathFrac | S::MathShorthand), "{tex} -> {markup}: {:?}", node.kind());
                stack.extend(node.children());
            }
            break;
        }
    }
    assert!(parsed > 300, "{parsed}");
}

#[test]
fn corpus_markup_passes() {
    for line in include_str!("../../notes-math/tests/data/corpus.txt").lines() {
        let (display, tex) = match line.split_once(' ') {
            Some(("i", tex)) => (false, tex),
            Some(("d", tex)) => (true, tex),
            _ => continue,
        };
        let f = Formula::parse(tex, display).unwrap();
        accepted(&f.to_typst());
    }
}

/// Every printable ASCII character and a wide range of other characters
/// typed directly into a formula come out as plain symbols in Typst.
#[test]
fn every_input_character_is_inert_typst() {
    let chars = (' '..='~').chain('\u{A0}'..='\u{2FFF}').chain('\u{FB00}'..='\u{FFFD}').chain('\u{1D400}'..='\u{1D7FF}');
    let mut parsed = 0;
    for c in chars {
        let tex = format!("a {c} b");
        let Ok(f) = Formula::parse(&tex, false) else {
            continue;
        };
        parsed += 1;
        let markup = f.to_typst();
        accepted(&markup);
        let tree = typst_syntax::parse_math(&markup);
        let mut stack = vec![&tree];
        while let Some(node) = stack.pop() {
            use typst_syntax::SyntaxKind as S;
            assert!(
                !matches!(node.kind(), S::MathDelimited | S::MathRoot | S::MathFrac | S::MathShorthand),
                "{c:?} (U+{:04X}) -> {markup}: {:?}",
                c as u32,
                node.kind()
            );
            stack.extend(node.children());
        }
    }
    assert!(parsed > 10_000, "{parsed}");
}

/// The markup of `tex`, if it parses, passes the check and holds no
/// accidental delimiter group, fraction, root or shorthand.
fn markup_is_checked_math(tex: &str, display: bool) {
    let Ok(f) = Formula::parse(tex, display) else { return };
    let markup = f.to_typst();
    if let Err(e) = check_typst_math(&markup) {
        panic!("{tex:?} -> {markup}: {e}");
    }
    let tree = typst_syntax::parse_math(&markup);
    let mut stack = vec![&tree];
    while let Some(node) = stack.pop() {
        use typst_syntax::SyntaxKind as S;
        assert!(
            !matches!(node.kind(), S::MathDelimited | S::MathFrac | S::MathRoot | S::MathShorthand),
            "{tex:?} -> {markup}: unexpected {:?} `{}`",
            node.kind(),
            node.full_text()
        );
        stack.extend(node.children());
    }
}

/// LaTeX fragments, valid and hostile, to build token soup from.
const VOCAB: &[&str] = &[
    "x",
    "2",
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
    "'",
    "/",
    "*",
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
    "$",
    "#",
    "#panic()",
    r"\text{",
    r"\text{#read(",
    r"\mathrm{",
    r"\operatorname{",
    r"\frac",
    r"\sqrt",
    r"\sqrt[3]",
    r"\sum",
    r"\int",
    r"\lim",
    r"\left(",
    r"\right)",
    r"\left.",
    r"\middle|",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\begin{cases}",
    r"\end{cases}",
    r"\begin{aligned}",
    r"\end{aligned}",
    r"\begin{array}{cc}",
    r"\end{array}",
    r"\hat",
    r"\bar",
    r"\vec",
    r"\overbrace",
    r"\underbrace",
    r"\mathbb",
    r"\mathcal",
    r"\alpha",
    r"\to",
    r"\label{a}",
    r"\tag{1}",
    r"\input{x}",
    "//",
    "/*",
    "*/",
    "@",
    "`",
    "\\",
];

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_refused_or_checked_math(tex in any::<String>(), display in any::<bool>()) {
        markup_is_checked_math(&tex, display);
    }

    #[test]
    fn token_soup_is_refused_or_checked_math(parts in prop::collection::vec(prop::sample::select(VOCAB), 0..40), display in any::<bool>()) {
        markup_is_checked_math(&parts.concat(), display);
    }
}
