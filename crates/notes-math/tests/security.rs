//! Hostile LaTeX: every input is either refused by `parse` or comes out of
//! `to_typst` as plain text/symbols (no code, no markup), and the MathML
//! stays well-formed with everything escaped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::typst_is_inert;
use notes_math::{Formula, MathErrorKind as K};

#[track_caller]
fn refused(tex: &str, kind: K) {
    match Formula::parse(tex, true) {
        Ok(f) => panic!("{tex:?} was accepted: {}", f.to_typst()),
        Err(e) => assert_eq!(e.kind(), kind, "{tex:?}: {e}"),
    }
}

#[track_caller]
fn harmless(tex: &str, typst: &str) {
    let f = Formula::parse(tex, true).unwrap_or_else(|e| panic!("{tex:?}: {e}"));
    let markup = f.to_typst();
    assert_eq!(markup, typst, "{tex:?}");
    assert!(typst_is_inert(&markup), "{tex:?} -> {markup}");
    assert!(common::well_formed(&f.to_mathml()), "{tex:?}");
}

#[test]
fn typst_code_in_math_is_refused() {
    refused("#panic()", K::UnexpectedCharacter);
    refused("$#panic()$", K::UnexpectedCharacter);
    refused(r#"x + #read("/etc/passwd")"#, K::UnexpectedCharacter);
    refused(r"\text{$#panic()$}", K::UnexpectedCharacter);
    refused(r"\mathrm{#x}", K::UnexpectedCharacter);
}

#[test]
fn file_access_and_macros_are_refused() {
    refused(r"\input{/etc/passwd}", K::Forbidden);
    refused(r"\include{x}", K::Forbidden);
    refused(r"\def\x{1} \x", K::Forbidden);
    refused(r"\newcommand{\x}{1}", K::Forbidden);
    refused(r"\renewcommand\sin{x}", K::Forbidden);
    refused(r"\csname input\endcsname{x}", K::Forbidden);
    refused(r"\expandafter\x", K::Forbidden);
    refused(r"\catcode`\#=12", K::Forbidden);
    refused(r"\usepackage{x}", K::Forbidden);
    refused(r"\write18{rm -rf /}", K::Forbidden);
    refused(r"\immediate\write18{id}", K::Forbidden);
    refused(r"\DeclareMathOperator{\x}{x}", K::Forbidden);
    refused(r"\text{\input{x}}", K::Forbidden);
    refused(r"\href{javascript:alert(1)}{x}", K::Forbidden);
}

#[test]
fn text_is_a_string_literal() {
    harmless(r#"\text{#read("/etc/passwd")}"#, r##""#read(\"/etc/passwd\")""##);
    harmless(r#"\text{"); #panic(); ("}"#, r##""\"); #panic(); (\"""##);
    harmless(r"\text{\textbackslash}", r#""\\""#);
    harmless(r#"\text{\textbackslash "}"#, r#""\\\"""#);
    harmless(r"\text{$x$ #let y = 1}", r##"x" #let y = 1""##);
    harmless(r"\textbf{#import}", r##"bold("#import")"##);
    harmless(r"\text{\# \$ \% \& \_ \{ \}}", r##""# $ % & _ { }""##);
    harmless(r"\text{a // b /* c */}", r#""a // b /* c */""#);
}

#[test]
fn typst_syntax_characters_are_escaped() {
    harmless(r"\# \$ \% \& \_", r"\# \$ \% \& \_");
    harmless(r"a / b // c", r"a \/ b \/ \/ c");
    harmless(r"f(x)[y]\{z\}", r"f \( x \) \[ y \] \{ z \}");
    harmless(r"a, b; c: d. e! f", r"a \, b \; c \: d \. e \! f");
    harmless(r#"x " y"#, r#"x \" y"#);
    harmless(r"a * b - c", r"a ∗ b − c");
    harmless(r"a <- b -> c <= d", r"a < − b − > c < = d");
    harmless(r"a @ b ` c", r"a \@ b ‘ c");
    harmless(r"\backslash n", r"\\ n");
    harmless("√x ∛y", r"\√ x \∛ y");
    harmless("⟨a⟩ ⦃b⦄", r"\⟨ a \⟩ \⦃ b \⦄");
}

#[test]
fn adjacent_letters_never_form_identifiers() {
    harmless("sys", "s y s");
    harmless("panic", "p a n i c");
    harmless(r"read\,x", "r e a d thin x");
    harmless(r"\mathrm{eval}", "upright(e v a l)");
    harmless(r"\text{a}bc", r#""a"b c"#);
    harmless(r"\lvert x \rvert y", r"\|x\|y");
}

#[test]
fn labels_and_tags_are_returned_raw_not_rendered() {
    let f = Formula::parse(r#"x \label{"); #panic(); (} \tag{#read("x")}"#, true).unwrap();
    assert_eq!(f.label(), Some(r#""); #panic(); ("#));
    assert_eq!(f.tag(), Some(r#"#read("x")"#));
    assert_eq!(f.to_typst(), "x");
    assert!(!f.to_mathml().contains("panic</"));
}

#[test]
fn mathml_escapes_everything() {
    let tex = r#"a < b > c \text{<script>alert("&")</script>} \& "#;
    let f = Formula::parse(tex, false).unwrap();
    let m = f.to_mathml();
    assert!(common::well_formed(&m), "{m}");
    assert!(!m.contains("<script"), "{m}");
    assert!(m.contains("&lt;script&gt;alert(\"&amp;\")&lt;/script&gt;"), "{m}");
    assert!(m.contains(r#"alttext="a &lt; b &gt; c \text{&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;} \&amp;""#), "{m}");
    let f = Formula::parse("a\n\t% \"quoted\" comment\r\n+ b", true).unwrap();
    assert!(f.to_mathml().contains(r#"alttext="a&#10;&#9;% &quot;quoted&quot; comment&#13;&#10;+ b""#));
}
