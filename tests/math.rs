//! Formulas end to end: the lecture notes of `tests/fixtures/lectures`
//! (formulas of every kind, in Markdown and reStructuredText) go through
//! the whole pipeline, and the PDF and EPUB are read back; hostile formulas
//! stay text and read nothing; any string as a formula gives a PDF.

mod common;

use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::OnceLock;

use notes_doc::{Block, Book, Chapter, Format, Inline, Part, Pos, SourceRef, TalkMeta};
use proptest::prelude::*;

fn fixture() -> PathBuf {
    common::repo().join("tests/fixtures/lectures")
}

/// The fixture, loaded once: the book, its diagnostics, the PDF and the EPUB.
struct Built {
    loaded: notes::Loaded,
    pdf: Vec<u8>,
    pdf_warnings: Vec<String>,
    epub: Vec<u8>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let loaded = notes::load(&common::options(&fixture())).unwrap_or_else(|e| panic!("{e}"));
        let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("PDF failed: {e}"));
        let pdf_warnings = pdf.diagnostics.iter().map(|d| d.message.clone()).collect();
        let epub = epub(&loaded);
        Built { pdf: pdf.bytes, pdf_warnings, epub, loaded }
    })
}

fn epub(loaded: &notes::Loaded) -> Vec<u8> {
    let mut assets = loaded.assets.clone();
    let cover = notes_pdf::draw_cover(&loaded.book, &loaded.project.config, &assets, notes_epub::COVER_WIDTH).unwrap_or_else(|e| panic!("{e}"));
    assets.cover = Some(notes_project::assets::CoverImage { name: "the title page".into(), bytes: cover });
    notes_epub::render(&loaded.book, &loaded.project.config, &assets).unwrap_or_else(|e| panic!("EPUB failed: {e}"))
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("an entry");
        let mut text = String::new();
        if file.read_to_string(&mut text).is_ok() {
            out.push((file.name().map(|n| n.to_string()).unwrap_or_default(), text));
        }
    }
    out
}

/// Every formula of the book, as (display, LaTeX).
fn formulas(book: &Book) -> Vec<(bool, String)> {
    fn inlines(seq: &[Inline], out: &mut Vec<(bool, String)>) {
        for i in seq {
            if let Inline::Math { tex, .. } = i {
                out.push((false, tex.clone()));
            }
            if let Some(children) = notes_doc::child_inlines(i) {
                inlines(children, out);
            }
        }
    }
    let mut out = Vec::new();
    for part in &book.parts {
        for chapter in &part.chapters {
            notes_doc::walk_blocks(&chapter.blocks, &mut |b| {
                if let Block::Math { tex, .. } = b {
                    out.push((true, tex.clone()));
                }
                for seq in notes_doc::block_inlines(b) {
                    inlines(seq, &mut out);
                }
            });
        }
    }
    out
}

#[test]
fn every_formula_of_the_lecture_notes_is_typeset() {
    let b = built();
    // One formula is refused on purpose (`\foo`): a warning at its place.
    let warnings: Vec<String> = b.loaded.diagnostics.iter().map(|d| format!("{}:{}:{} {}", d.code, d.line, d.column, d.message)).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("math:34:61 ") && warnings[0].contains("unknown command `\\foo`"), "{warnings:?}");
    // Every other formula reaches Typst, and Typst has nothing to say.
    assert!(b.pdf_warnings.is_empty(), "{:?}", b.pdf_warnings);
    let all = formulas(&b.loaded.book);
    assert!(all.len() > 40, "{}", all.len());
    let (table, refused) = notes_pdf::math::Formulas::of(&b.loaded.book);
    assert!(refused.is_empty(), "{refused:?}");
    drop(table);
    // No LaTeX source in the PDF: fractions, environments and dollars are typeset.
    let text = common::PdfRead::new(&b.pdf).all_text();
    for source in ["\\frac", "\\begin", "\\sum", "\\lim", "\\mathbb", "$$", "\\(", "\\[", "\\eqref", "@eq-", ":math:", "\\label"] {
        assert!(!text.contains(source), "{source} printed in the PDF");
    }
    // The refused formula is printed as its source; dollars that are prices stay.
    assert!(text.contains("\\foo{x}"), "{text}");
    assert!(text.contains("$5 and $10"), "{text}");
    // Math letters and symbols are in the text layer.
    for symbol in ["∑", "∫", "ℝ", "𝜀", "→", "∞"] {
        assert!(text.contains(symbol), "{symbol} missing from the PDF");
    }
}

#[test]
fn labelled_equations_are_numbered_and_references_show_the_number() {
    let b = built();
    let text = common::PdfRead::new(&b.pdf).all_text();
    for number in ["(1.1.1)", "(1.1.2)", "(1.1.3)", "(2.1.1)", "(3.1.1)", "(3.1.2)", "(3.1.3)"] {
        // The number at the equation and in the text that refers to it.
        assert!(text.matches(number).count() >= 1, "{number} missing");
    }
    for reference in ["By (1.1.1)", "references as (1.1.2)", "LaTeX as (1.1.3)", "By (2.1.1)", "Integrating (3.1.1)", "Kinetic energy (3.1.2)"] {
        assert!(common::squash(&text).contains(reference), "{reference:?} missing");
    }
    // Each reference is a link to its equation.
    let mut links = Vec::new();
    for part in &b.loaded.book.parts {
        for chapter in &part.chapters {
            notes_doc::walk_blocks(&chapter.blocks, &mut |bl| {
                for seq in notes_doc::block_inlines(bl) {
                    for i in seq {
                        if let Inline::Link { target: notes_doc::Target::Internal(id), content, .. } = i {
                            links.push((id.clone(), notes_doc::plain_text(content)));
                        }
                    }
                }
            });
        }
    }
    for (id, shown) in [("euler-limit", "(1.1.1)"), ("eq-geometric", "(1.1.2)"), ("newton2", "(3.1.1)"), ("kinetic", "(3.1.2)")] {
        assert!(links.contains(&(id.to_string(), shown.to_string())), "{id}: {links:?}");
    }
}

#[test]
fn the_epub_holds_mathml_and_says_so() {
    let b = built();
    let files = unzip(&b.epub);
    let opf = &files.iter().find(|(n, _)| n.ends_with(".opf")).expect("a package").1;
    let doc = roxmltree::Document::parse(opf).expect("a package document");
    let mut flagged = Vec::new();
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let href = item.attribute("href").unwrap_or_default().to_string();
        let page = files.iter().find(|(n, _)| n.ends_with(&href)).map(|(_, t)| t.as_str()).unwrap_or("");
        let has_math = page.contains("<math ");
        let says = item.attribute("properties").is_some_and(|p| p.split_whitespace().any(|w| w == "mathml"));
        assert_eq!(has_math, says, "{href}");
        if says {
            flagged.push(href);
        }
    }
    assert_eq!(flagged, ["talk-1-1.xhtml", "talk-1-2.xhtml", "talk-2-1.xhtml", "talk-3-1.xhtml"]);
    let talk = &files.iter().find(|(n, _)| n.ends_with("talk-2-1.xhtml")).expect("the matrices").1;
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let page = roxmltree::Document::parse_with_options(talk, options).expect("well-formed XHTML");
    let maths: Vec<_> = page.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/1998/Math/MathML", "math"))).collect();
    assert!(maths.len() > 8, "{}", maths.len());
    for m in &maths {
        assert!(m.attribute("alttext").is_some_and(|a| !a.is_empty()));
        assert!(matches!(m.attribute("display"), Some("block" | "inline")));
    }
    // A bmatrix is a table in brackets; the determinant is numbered and
    // has the anchor its reference points at.
    assert!(talk.contains("<mtable"), "no mtable");
    let det = page
        .descendants()
        .find(|n| n.attribute("id") == Some("matrices-eq-det") || n.attribute("id").is_some_and(|i| i.ends_with("eq-det")))
        .expect("the determinant's anchor");
    assert_eq!(det.attribute("class"), Some("equation"));
    assert!(det.descendants().any(|n| n.attribute("class") == Some("equation-number") && n.text() == Some("(2.1.1)")));
    let display = det.descendants().find(|n| n.has_tag_name(("http://www.w3.org/1998/Math/MathML", "math"))).expect("its MathML");
    assert_eq!(display.attribute("display"), Some("block"));
    // The refused formula is code.
    let integrals = &files.iter().find(|(n, _)| n.ends_with("talk-1-2.xhtml")).expect("integrals").1;
    assert!(integrals.contains("<code>\\foo{x}</code>"), "{integrals}");
}

/// A project of one talk with the given note text.
fn one_talk(name: &str, text: &str) -> tempfile::TempDir {
    common::project(&[("sources/ev/index.md", &format!("# Ev\n\n- [T]({name})\n")), (&format!("sources/ev/{name}"), text)])
}

#[test]
fn hostile_formulas_are_text_and_read_nothing() {
    let md = "# Hostile\n\n\
              A: $\\text{#read(\"/etc/passwd\")}$\n\n\
              B: $#panic()$\n\n\
              C: $\\input{/etc/passwd}$ and $\\include{/etc/hostname}$\n\n\
              $$\n\\text{\"); #panic(); (\"} + \\mathrm{#sys} \\operatorname{#x}\n$$\n\n\
              $$\n\\def\\x{1} \\newcommand{\\y}{2} \\csname input\\endcsname{/etc/passwd}\n$$\n\n\
              D: \\(#import \"x\"\\) and $x //$ and $\\text{*/ #eval(\"1\") /*}$\n";
    let dir = one_talk("talk.md", md);
    let loaded = common::load(dir.path());
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.diagnostics.is_empty(), "{:?}", pdf.diagnostics);
    let text = common::PdfRead::new(&pdf.bytes).all_text();
    // Highlighted code comes out of the PDF with spaces between tokens.
    let squashed: String = text.split_whitespace().collect();
    // Printed as text (in a formula's string, or as code), never run.
    for shown in ["#read(\"/etc/passwd\")", "#panic()", "\\input{/etc/passwd}", "\\include{/etc/hostname}", "#panic();", "\\newcommand", "#import\"x\""] {
        assert!(squashed.contains(shown), "{shown:?} not printed in {squashed}");
    }
    // Nothing was read.
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    if let Some(line) = passwd.lines().next().filter(|l| l.len() > 8) {
        assert!(!text.contains(line), "the PDF holds /etc/passwd");
    }
    // The refusals are warnings that name the command.
    let messages: Vec<&str> = loaded.diagnostics.iter().map(|d| d.message.as_str()).collect();
    for command in ["`#`", "`\\input`", "`\\include`", "`\\def`"] {
        assert!(messages.iter().any(|m| m.contains(command)), "{command}: {messages:?}");
    }
    // The EPUB: text and code, no foreign markup.
    let epub = epub(&loaded);
    let files = unzip(&epub);
    let talk = &files.iter().find(|(n, _)| n.ends_with("talk-1-1.xhtml")).expect("the talk").1;
    roxmltree::Document::parse_with_options(talk, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() }).expect("well-formed");
    assert!(talk.contains("#read(&quot;/etc/passwd&quot;)") || talk.contains("#read(\"/etc/passwd\")"), "{talk}");
    assert!(!talk.contains("<script"));
}

#[test]
fn hostile_formulas_in_restructuredtext_are_text() {
    let rst = "Hostile\n=======\n\n:math:`\\text{#read(\"/etc/passwd\")}` and :math:`#panic()`.\n\n.. math::\n   :label: bad\n\n   \\input{/etc/passwd}\n\nSee :eq:`bad` and :eq:`nowhere`.\n";
    let dir = one_talk("talk.rst", rst);
    let loaded = notes::load(&common::options(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
    let text: String = common::PdfRead::new(&pdf.bytes).all_text().split_whitespace().collect();
    assert!(text.contains("#read(\"/etc/passwd\")") && text.contains("#panic()") && text.contains("\\input{/etc/passwd}"), "{text}");
    // The refused equation has no number, so a reference to it is broken.
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"math") && codes.contains(&"broken-link"), "{codes:?}");
}

/// A book of one talk holding `formulas` as inline and display formulas,
/// normalized as the pipeline does.
fn book_of(formulas: &[String]) -> (Book, notes_doc::diag::Diagnostics) {
    let mut blocks = Vec::new();
    for (i, tex) in formulas.iter().enumerate() {
        let pos = Pos::new(i as u32 + 3, 1);
        blocks.push(Block::Paragraph { content: vec![Inline::text("Inline "), Inline::Math { tex: tex.clone(), pos }, Inline::text(" end.")], pos });
        blocks.push(Block::Math { tex: tex.clone(), label: Some(format!("eq{i}")), id: String::new(), number: None, pos });
    }
    let chapter = Chapter {
        id: String::new(),
        title: vec![Inline::text("Formulas")],
        number: None,
        meta: TalkMeta::default(),
        source: SourceRef { path: "ev/talk.md".into(), format: Format::Markdown },
        blocks,
        footnotes: vec![],
        labels: vec![],
        pos: Pos::new(1, 1),
    };
    let part = Part {
        id: String::new(),
        title: vec![Inline::text("Event")],
        number: None,
        source: None,
        blocks: vec![],
        chapters: vec![chapter],
        pos: Pos::new(1, 1),
    };
    let mut book = Book { version: notes_doc::TREE_VERSION, meta: Default::default(), front: vec![], parts: vec![part], indexes: vec![] };
    book.meta.title = "Formulas".into();
    let config = notes_project::config::Config::default();
    let dir = std::env::temp_dir();
    let cx = notes_normalize::Context { config: &config, source_dir: &dir, shown_dir: &dir };
    let mut diags = notes_doc::diag::Diagnostics::new();
    notes_normalize::run(&mut book, &cx, &mut diags);
    (book, diags)
}

/// A project's configuration and assets, for books made in the tests.
fn assets() -> &'static notes::Loaded {
    static LOADED: OnceLock<(tempfile::TempDir, notes::Loaded)> = OnceLock::new();
    &LOADED
        .get_or_init(|| {
            let dir = one_talk("talk.md", "# T\n\nText.\n");
            let loaded = common::load(dir.path());
            (dir, loaded)
        })
        .1
}

/// Formula-ish strings: LaTeX pieces, Typst syntax and anything.
fn formula() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("x".to_string()),
        Just("\\frac{".to_string()),
        Just("}{".to_string()),
        Just("}".to_string()),
        Just("{".to_string()),
        Just("\\text{".to_string()),
        Just("\\begin{pmatrix}".to_string()),
        Just("\\end{pmatrix}".to_string()),
        Just("&".to_string()),
        Just("\\\\".to_string()),
        Just("^".to_string()),
        Just("_".to_string()),
        Just("\\left(".to_string()),
        Just("\\right)".to_string()),
        Just("#".to_string()),
        Just("$".to_string()),
        Just("\"".to_string()),
        Just("/*".to_string()),
        Just("//".to_string()),
        Just("#read(\"/etc/passwd\")".to_string()),
        Just("\\operatorname{".to_string()),
        Just("\\mathbb{R}".to_string()),
        Just("\\sqrt".to_string()),
        Just("\\sum_{i=0}^n".to_string()),
        Just("\\label{a}".to_string()),
        Just("\\tag{".to_string()),
        Just(" ".to_string()),
        printable().prop_map(|c| c.to_string()),
    ];
    prop_oneof![prop::collection::vec(printable(), 0..24).prop_map(|v| v.into_iter().collect()), prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())]
}

/// Any character but the combining marks of the blocks DejaVu Sans Mono
/// lists and cannot draw alone: inline code holding one fails PDF/A
/// (`` `!\u{1ab0}` `` in a note does, formulas or not; see the report), and a
/// formula the parser refuses is printed as code.
fn printable() -> impl Strategy<Value = char> {
    any::<char>().prop_filter(
        "a combining mark",
        |c| !matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}'),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any string as a formula, inline and display, labelled: the PDF is
    /// made (Typst reports no error), and so is the EPUB.
    #[test]
    fn any_string_as_a_formula_gives_a_pdf(texts in prop::collection::vec(formula(), 1..8)) {
        let (book, _) = book_of(&texts);
        let loaded = assets();
        let pdf = notes_pdf::render(&book, &loaded.project.config, &loaded.assets);
        let pdf = pdf.map_err(|e| TestCaseError::fail(format!("{texts:?}: {e}")))?;
        prop_assert!(common::PdfRead::new(&pdf.bytes).page_count() >= 3);
        let math_warnings: Vec<String> = pdf.diagnostics.iter().filter(|d| d.code == "math").map(|d| d.message.clone()).collect();
        prop_assert!(math_warnings.is_empty(), "{:?}", math_warnings);
        let mut assets = loaded.assets.clone();
        assets.cover = Some(notes_project::assets::CoverImage { name: "x".into(), bytes: tiny_cover() });
        let epub = notes_epub::render(&book, &loaded.project.config, &assets);
        prop_assert!(epub.is_ok(), "{:?}", epub.err());
    }
}

/// A cover for the EPUB, drawn once.
fn tiny_cover() -> Vec<u8> {
    static COVER: OnceLock<Vec<u8>> = OnceLock::new();
    COVER
        .get_or_init(|| {
            let loaded = assets();
            notes_pdf::draw_cover(&loaded.book, &loaded.project.config, &loaded.assets, 100).unwrap_or_default()
        })
        .clone()
}

/// Every command `notes-math` knows, each in a formula of its own (with no,
/// one or two arguments, as it takes them): Typst lays all of them out with
/// the built-in fonts, PDF/A and all (a symbol no font has would fail it).
#[test]
fn every_command_is_typeset_with_the_built_in_fonts() {
    let table = include_str!("../crates/notes-math/src/symbols.rs");
    let start = table.find("pub(crate) fn lookup").unwrap_or(0);
    let body = &table[start..];
    let body = &body[..body.find("_ => return None").unwrap_or(body.len())];
    let mut names: Vec<&str> = body.split('"').skip(1).step_by(2).filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())).collect();
    names.sort_unstable();
    names.dedup();
    let formulas: Vec<String> = names
        .iter()
        .filter_map(|name| {
            [format!("a \\{name} b"), format!("a \\{name}{{x}} b"), format!("a \\{name}{{x}}{{y}} b"), format!("a \\{name}( x \\right) b")]
                .into_iter()
                .find(|tex| notes_math::Formula::parse(tex, true).is_ok())
        })
        .collect();
    assert!(formulas.len() > 300, "{}", formulas.len());
    let (book, diags) = book_of(&formulas);
    assert!(diags.is_empty(), "{diags:?}");
    let loaded = assets();
    let pdf = notes_pdf::render(&book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = pdf.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// Typeset in pieces (as a big book is), the formulas, their numbers and
/// the links to them are those of the book typeset whole.
#[test]
fn formulas_cross_the_pieces_of_a_big_book() {
    let b = built();
    let pieces = notes_pdf::render_with_piece_limit(&b.loaded.book, &b.loaded.project.config, &b.loaded.assets, 1).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = pieces.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let whole = common::squash(&common::PdfRead::new(&b.pdf).all_text());
    let split = common::squash(&common::PdfRead::new(&pieces.bytes).all_text());
    for reference in ["By (1.1.1)", "By (2.1.1)", "Integrating (3.1.1)", "(3.1.3)"] {
        assert!(whole.contains(reference) && split.contains(reference), "{reference}");
    }
}

#[test]
fn a_formula_in_a_title_reads_as_text_in_the_navigation_and_bookmarks() {
    let dir = common::project(&[
        ("sources/e/index.md", "# E\n\n- [T](t.md)\n"),
        ("sources/e/t.md", "# Fields $\\sigma$ and $E = mc^2$\n\nText.\n\n## The $\\frac{a}{b}$ ratio\n\nMore.\n"),
    ]);
    let (pdf, epub) = common::render_both(dir.path());
    let files = unzip(&epub);
    let nav = &files.iter().find(|(n, _)| n == "EPUB/nav.xhtml").expect("a navigation").1;
    assert!(nav.contains("Fields σ and E = mc²</a>"), "{nav}");
    assert!(nav.contains("The a/b ratio</a>"), "{nav}");
    assert!(!nav.contains("\\sigma") && !nav.contains("\\frac"), "{nav}");
    let talk = &files.iter().find(|(_, t)| t.contains("<title>1.1 Fields")).expect("the talk's page").1;
    assert!(talk.contains("<title>1.1 Fields σ and E = mc²</title>"), "{talk}");
    // Typst's bookmarks hold the formulas' text, not their LaTeX.
    let bookmarks = common::PdfRead::new(&pdf).bookmarks();
    assert!(bookmarks.iter().any(|(_, t, _)| t.starts_with("1.1 Fields σ and E")), "{bookmarks:?}");
    assert!(!bookmarks.iter().any(|(_, t, _)| t.contains('\\') || t.contains('$')), "{bookmarks:?}");
}
