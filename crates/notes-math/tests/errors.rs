//! Parse errors: kind, byte offset and offending token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use notes_math::{Formula, MathErrorKind as K};

#[track_caller]
fn err(tex: &str, kind: K, offset: usize, token: &str) {
    let e = match Formula::parse(tex, false) {
        Ok(_) => panic!("{tex:?} parsed, expected {kind:?}"),
        Err(e) => e,
    };
    assert_eq!((e.kind(), e.offset(), e.token()), (kind, offset, token), "error for {tex:?}: {e}");
    // The token really is at the offset.
    assert!(tex[e.offset()..].starts_with(e.token()), "{tex:?}: {e}");
}

#[test]
fn unknown_commands_name_the_command_and_offset() {
    err(r"\foo", K::UnknownCommand, 0, r"\foo");
    err(r"x + \bar{y} + \unknown{z}", K::UnknownCommand, 14, r"\unknown");
    err(r"\text{\foo}", K::UnknownCommand, 6, r"\foo");
    err(r"\frac{a}{\sqrt{\nonsense}}", K::UnknownCommand, 15, r"\nonsense");
    err(r"\@", K::UnknownCommand, 0, r"\@");
    err("é + \\ö", K::UnknownCommand, 5, "\\ö");
}

#[test]
fn display_message_is_readable() {
    let e = Formula::parse(r"a + \foo", true).unwrap_err();
    assert_eq!(e.to_string(), r"unknown command `\foo` at byte 4");
    assert_eq!(e.what(), r"unknown command `\foo`");
    let e = Formula::parse(r"\frac{a}", true).unwrap_err();
    assert_eq!(e.what(), r"missing argument after `\frac`");
    let e = Formula::parse("{x", true).unwrap_err();
    assert_eq!(e.to_string(), "unclosed `{` at byte 0");
    let e = Formula::parse(r"\frac", true).unwrap_err();
    assert_eq!(e.to_string(), r"missing argument after `\frac` at byte 0");
    let e = Formula::parse("a\u{1}", true).unwrap_err();
    assert_eq!(e.to_string(), r"unexpected character `\u{1}` at byte 1");
}

#[test]
fn unbalanced_groups() {
    err("{x", K::Unclosed, 0, "{");
    err("x}", K::UnexpectedClosing, 1, "}");
    err(r"\text{abc", K::Unclosed, 5, "{");
    err(r"\sqrt[3{x}", K::Unclosed, 5, "[");
    err(r"\left( x", K::Unclosed, 0, r"\left");
    err(r"\right)", K::UnexpectedClosing, 0, r"\right");
    err(r"\middle|", K::UnexpectedClosing, 0, r"\middle");
    err(r"\begin{matrix} x", K::Unclosed, 0, r"\begin");
    err(r"\end{matrix}", K::UnexpectedClosing, 0, r"\end");
    err(r"\begin{matrix} x \end{pmatrix}", K::MismatchedEnvironment, 17, r"\end{pmatrix}");
}

#[test]
fn arguments() {
    err(r"\frac{a}", K::MissingArgument, 0, r"\frac");
    err(r"\frac", K::MissingArgument, 0, r"\frac");
    err("x^", K::MissingArgument, 1, "^");
    err("x_}", K::MissingArgument, 1, "_");
    err(r"\left\foo x \right)", K::InvalidArgument, 5, r"\foo");
    err(r"\left x \right)", K::InvalidArgument, 6, "x");
    err(r"\operatorname{a+b}", K::InvalidArgument, 15, "+");
    err(r"\not{x}", K::InvalidArgument, 0, r"\not");
    err(r"\label{}", K::InvalidArgument, 0, r"\label");
    err(r"\label{a\b}", K::InvalidArgument, 8, "\\");
    err(r"\begin{array}{lxr} a \end{array}", K::InvalidArgument, 15, "x");
    err(r"\begin{foo} x \end{foo}", K::UnknownEnvironment, 0, r"\begin{foo}");
}

#[test]
fn scripts_and_alignment() {
    err("x^2^3", K::DoubleScript, 3, "^");
    err("x_1_2", K::DoubleScript, 3, "_");
    err("x^2'", K::DoubleScript, 3, "'");
    err(r"x\limits", K::MisplacedLimits, 1, r"\limits");
    err("{a & b}", K::MisplacedAlignment, 3, "&");
    err(r"{a \\ b}", K::MisplacedAlignment, 3, r"\\");
    err(r"\hline", K::MisplacedAlignment, 0, r"\hline");
    err(r"\begin{equation} a \\ b \end{equation}", K::MisplacedAlignment, 19, r"\\");
    err(r"\left( a & b \right)", K::MisplacedAlignment, 9, "&");
}

#[test]
fn labels_and_tags_at_most_once() {
    err(r"\label{a}\label{b}", K::DuplicateLabel, 9, r"\label");
    err(r"\tag{1}\tag{2}", K::DuplicateTag, 7, r"\tag");
}

#[test]
fn characters() {
    err("a $ b", K::UnexpectedCharacter, 2, "$");
    err("#panic()", K::UnexpectedCharacter, 0, "#");
    err("x\u{0}", K::UnexpectedCharacter, 1, "\u{0}");
    err("x\u{1b}[31m", K::UnexpectedCharacter, 1, "\u{1b}");
    err("x\u{FFFF}", K::UnexpectedCharacter, 1, "\u{FFFF}");
    err("x\u{85}", K::UnexpectedCharacter, 1, "\u{85}");
    err("% comment \u{7}\nx", K::UnexpectedCharacter, 10, "\u{7}");
}

#[test]
fn depth_is_bounded() {
    let ok = format!("{}x{}", "{".repeat(notes_math::MAX_DEPTH - 1), "}".repeat(notes_math::MAX_DEPTH - 1));
    assert!(Formula::parse(&ok, false).is_ok());
    let deep = format!("{}x{}", "{".repeat(notes_math::MAX_DEPTH + 1), "}".repeat(notes_math::MAX_DEPTH + 1));
    let e = Formula::parse(&deep, false).unwrap_err();
    assert_eq!(e.kind(), K::TooDeep);
    assert!(e.offset() <= notes_math::MAX_DEPTH + 1);
    // Unbraced arguments and scripts count as well.
    let fracs = r"\frac".repeat(200) + &"1".repeat(401);
    assert_eq!(Formula::parse(&fracs, false).unwrap_err().kind(), K::TooDeep);
    let scripts = "x^{".repeat(200) + "x" + &"}".repeat(200);
    assert_eq!(Formula::parse(&scripts, false).unwrap_err().kind(), K::TooDeep);
    let unbraced = r"x^\sqrt ".to_string() + &r"\sqrt ".repeat(200) + "x";
    assert_eq!(Formula::parse(&unbraced, false).unwrap_err().kind(), K::TooDeep);
    let envs = r"\begin{matrix}".repeat(100) + &r"\end{matrix}".repeat(100);
    assert_eq!(Formula::parse(&envs, false).unwrap_err().kind(), K::TooDeep);
    let lefts = r"\left(".repeat(100) + &r"\right)".repeat(100);
    assert_eq!(Formula::parse(&lefts, false).unwrap_err().kind(), K::TooDeep);
    let styles = r"\displaystyle ".repeat(100) + "x";
    assert_eq!(Formula::parse(&styles, false).unwrap_err().kind(), K::TooDeep);
}
