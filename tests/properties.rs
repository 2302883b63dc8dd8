//! Property tests: arbitrary Unicode text and arbitrary mixes of markup
//! characters, fed to each reader and through the whole pipeline to both
//! outputs. No panic, no hang, outputs that open, and the text of every
//! paragraph in the outputs.

mod common;

use proptest::prelude::*;

use notes_doc::Format;
use notes_doc::diag::{Diagnostics, FileDiagnostics};
use notes_read::dialect::Dialect;
use notes_read::{NoIncludes, ReadContext};

/// Text made of markup characters of both formats, words and odd Unicode.
fn markup() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("# ".to_string()),
            Just("## ".to_string()),
            Just("- ".to_string()),
            Just("* ".to_string()),
            Just("1. ".to_string()),
            Just("> ".to_string()),
            Just("    ".to_string()),
            Just("```".to_string()),
            Just("`".to_string()),
            Just("**".to_string()),
            Just("_".to_string()),
            Just("[".to_string()),
            Just("](".to_string()),
            Just(")".to_string()),
            Just("![".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: ".to_string()),
            Just("|".to_string()),
            Just("---".to_string()),
            Just("<".to_string()),
            Just("&".to_string()),
            Just("\\".to_string()),
            Just("::".to_string()),
            Just(".. ".to_string()),
            Just(".. note::".to_string()),
            Just(".. toctree::".to_string()),
            Just("=====".to_string()),
            Just(":ref:`x`".to_string()),
            Just("`a <b>`_".to_string()),
            Just("|s|".to_string()),
            Just("#read(\"/etc/passwd\")".to_string()),
            Just("$x$".to_string()),
            Just("$$".to_string()),
            Just("\\(".to_string()),
            Just("\\)".to_string()),
            Just("\n=\n".to_string()),
            Just(":math:`x`".to_string()),
            Just("\t".to_string()),
            Just("\r".to_string()),
            Just("\u{0}".to_string()),
            Just("\u{feff}".to_string()),
            Just("\u{200b}".to_string()),
            Just("漢字".to_string()),
            Just("😀".to_string()),
            "[a-zA-Z ]{1,12}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    );
    pieces.prop_map(|p| p.concat())
}

/// Text made of the dialects' constructs (HTML in Markdown, MyST,
/// Obsidian, Pandoc/Quarto), cut and mixed at random, with words and
/// Markdown's own markup.
fn dialects() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("<details>".to_string()),
            Just("</details>".to_string()),
            Just("<summary>".to_string()),
            Just("</summary>".to_string()),
            Just("<div markdown=\"1\">".to_string()),
            Just("</div>".to_string()),
            Just("<b>".to_string()),
            Just("</i>".to_string()),
            Just("<table><tr><td>".to_string()),
            Just("<th colspan=99999>".to_string()),
            Just("<ul><li>".to_string()),
            Just("<pre><code>".to_string()),
            Just("<svg width=\"5\" height=\"5\">".to_string()),
            Just("</svg>".to_string()),
            Just("<img src=\"x.png\" width=\"50%/\">".to_string()),
            Just("<script>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<h2 id=x>".to_string()),
            Just("<a href=\"javascript:x\">".to_string()),
            Just("Partial<T>".to_string()),
            Just("```{note}".to_string()),
            Just("```{figure} x.png".to_string()),
            Just("```{eval-rst}".to_string()),
            // A code cell (of a language the highlighter does not know: the
            // PDF's words of highlighted code are cut where colours change).
            Just("```{ojs}".to_string()),
            Just("```".to_string()),
            Just(":::{tip}".to_string()),
            Just("::::{dropdown} T".to_string()),
            Just(":::".to_string()),
            Just("::: {.callout-note title=\"x\"}".to_string()),
            Just(":class: x".to_string()),
            Just("---".to_string()),
            Just("{ref}`a`".to_string()),
            Just("{doc}`b`".to_string()),
            Just("(label)=".to_string()),
            Just("> [!tip] T".to_string()),
            Just("> [!faq]-".to_string()),
            Just("> ".to_string()),
            Just("[[Note|x]]".to_string()),
            Just("![[Note]]".to_string()),
            Just("![[a.png|30]]".to_string()),
            Just("%%".to_string()),
            Just("@sec-x".to_string()),
            Just("{#fig-a width=50%}".to_string()),
            Just("#| echo: false".to_string()),
            Just("http:example.com".to_string()),
            Just("- ".to_string()),
            Just("    ".to_string()),
            "[a-zA-Z ]{1,12}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    );
    pieces.prop_map(|p| p.concat())
}

/// `cargo test` tries the same cases on every run, so that a green `main`
/// stays green; `PROPTEST_RNG_SEED=<n>` (or `random`) explores others, and
/// an input found that way is kept in `known_failures_make_pdfs` or beside
/// the reader's tests. `HOSTILE_CASES=<n>` raises the count (for longer
/// runs, `tools/hostile.sh`): the cheap properties (readers, configuration)
/// try `n` cases, the ones that load a project from disk or render a book
/// `n / 8`; never fewer than
/// the defaults.
fn config(cases: u32) -> ProptestConfig {
    // Not PROPTEST_CASES: proptest reads that itself and gives every
    // property the same count.
    let cases = match std::env::var("HOSTILE_CASES").ok().and_then(|n| n.parse::<u32>().ok()) {
        Some(n) if cases >= 100 => cases.max(n),
        Some(n) => cases.max(n / 8),
        None => cases,
    };
    let mut config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    match std::env::var("PROPTEST_RNG_SEED").as_deref() {
        Ok("random") => config.rng_seed = proptest::test_runner::RngSeed::Random,
        Ok(_) => {}
        Err(_) => config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6e6f746573),
    }
    config
}

fn read(text: &str, format: Format) -> (notes_read::Note, Diagnostics) {
    read_as(text, format, Dialect::Plain)
}

fn read_as(text: &str, format: Format, dialect: Dialect) -> (notes_read::Note, Diagnostics) {
    let mut d = Diagnostics::new();
    let cx = ReadContext { path: "ev/talk.md", is_index: false, includes: &NoIncludes };
    let path = std::path::Path::new("ev/talk.md");
    let note = notes_read::read_dialect(text, format, dialect, &cx, &mut FileDiagnostics { file: path, diagnostics: &mut d });
    (note, d)
}

/// YAML, TOML and JSON pieces, with the keys the layouts read, paths that
/// lead out, aliases, tags, deep brackets and numbers too big for any type.
fn settings() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("  ".to_string()),
            Just("- ".to_string()),
            Just(": ".to_string()),
            Just(" = ".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(", ".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("<<: *a".to_string()),
            Just("!!python/name:os.system ".to_string()),
            Just("!include ".to_string()),
            Just("? ".to_string()),
            Just("|\n".to_string()),
            Just("---\n".to_string()),
            Just("[book]\n".to_string()),
            Just("[[x]]\n".to_string()),
            Just("# ".to_string()),
            Just("docs_dir".to_string()),
            Just("contentDir".to_string()),
            Just("src".to_string()),
            Just("nav".to_string()),
            Just("chapters".to_string()),
            Just("parts".to_string()),
            Just("file".to_string()),
            Just("root".to_string()),
            Just("title".to_string()),
            Just("date".to_string()),
            Just("weight".to_string()),
            Just("site_name".to_string()),
            Just("sections".to_string()),
            Just("glob".to_string()),
            Just("../../../etc/passwd".to_string()),
            Just("/etc/hostname".to_string()),
            Just("a.md".to_string()),
            Just("docs".to_string()),
            Just("index".to_string()),
            Just("99999999999999999999999999".to_string()),
            Just("-1".to_string()),
            Just("1e999".to_string()),
            Just("2016-11-12".to_string()),
            Just("{% include x %}".to_string()),
            Just("{{< x >}}".to_string()),
            Just("__import__('os').system('x')".to_string()),
            "[a-z]{1,8}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn markdown_reader_takes_anything(text in markup()) {
        let (note, diags) = read(&text, Format::Markdown);
        // The tree serializes, and every diagnostic points inside the text.
        serde_json::to_string(&note.blocks).unwrap();
        let lines = text.split('\n').count() as u32 + 1;
        for d in diags.iter() {
            prop_assert!(d.line <= lines, "{d:?} is past the end");
        }
    }

    #[test]
    fn rst_reader_takes_anything(text in markup()) {
        let (note, _) = read(&text, Format::Rst);
        serde_json::to_string(&note.blocks).unwrap();
    }

    #[test]
    fn markdown_reader_takes_any_dialect(text in dialects()) {
        let (note, diags) = read(&text, Format::Markdown);
        serde_json::to_string(&note.blocks).unwrap();
        let lines = text.split('\n').count() as u32 + 1;
        for d in diags.iter() {
            prop_assert!(d.line <= lines, "{d:?} is past the end");
        }
    }

    #[test]
    fn readers_take_any_unicode(text in "\\PC{0,200}") {
        read(&text, Format::Markdown);
        read(&text, Format::Rst);
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn front_matter_of_every_dialect_takes_anything(text in settings(), fence in 0..4usize, dialect in 0..3usize) {
        let fence = ["---\n", "+++\n", "{\n", ""][fence];
        let dialect = [Dialect::Plain, Dialect::Jekyll, Dialect::Hugo][dialect];
        let closing = match fence { "---\n" => "\n---\n", "+++\n" => "\n+++\n", "{\n" => "\n}\n", _ => "" };
        let note = format!("{fence}{text}{closing}\n# Title\n\nWords.\n");
        let (parsed, _) = read_as(&note, Format::Markdown, dialect);
        serde_json::to_string(&parsed.blocks).unwrap();
    }

    #[test]
    fn notebooks_take_anything(text in settings(), body in markup()) {
        let notebook = format!("{{\"cells\": [{{\"cell_type\": \"markdown\", \"source\": {}}}, {text}]}}", serde_json::to_string(&body).unwrap());
        let (parsed, _) = read(&notebook, Format::Notebook);
        serde_json::to_string(&parsed.blocks).unwrap();
        read(&text, Format::Notebook);
    }
}

/// The configuration files of the layouts, and what the project around
/// them needs so that the layout is detected.
const CONFIG_FILES: &[(&str, &[(&str, &str)])] = &[
    ("mkdocs.yml", &[]),
    ("_quarto.yml", &[]),
    ("_toc.yml", &[]),
    ("_config.yml", &[("_toc.yml", "root: intro\n")]),
    ("_config.yml", &[("_posts/2020-01-01-a.md", "---\ntitle: A\n---\nText.\n")]),
    ("hugo.toml", &[]),
    ("hugo.yaml", &[]),
    ("book.toml", &[]),
    ("src/SUMMARY.md", &[("book.toml", "[book]\ntitle = \"B\"\n")]),
    ("conf.py", &[("index.rst", "I\n=\n\n.. toctree::\n\n   intro\n")]),
    ("docs/.pages", &[("mkdocs.yml", "site_name: X\nplugins:\n  - awesome-pages\n")]),
    ("notes.toml", &[]),
];

proptest! {
    // Each case loads a project from files on disk.
    #![proptest_config(config(96))]

    #[test]
    fn any_layout_configuration_loads_or_is_refused_by_name(text in settings(), which in 0..CONFIG_FILES.len()) {
        let (file, more) = CONFIG_FILES[which];
        let mut files: Vec<(&str, &str)> = vec![
            ("site/intro.md", "# Intro\n\nText.\n"),
            ("site/index.md", "# Index\n\n- [Intro](intro.md)\n"),
            ("site/docs/a.md", "# A\n\nText.\n"),
            ("site/src/a.md", "# A\n\nText.\n"),
            ("site/content/a.md", "# A\n\nText.\n"),
            ("secret/passwd.md", "# Secret\n\nroot:x:0:0\n"),
        ];
        let path = format!("site/{file}");
        files.push((&path, &text));
        let extra: Vec<(String, &str)> = more.iter().map(|(p, t)| (format!("site/{p}"), *t)).collect();
        files.extend(extra.iter().map(|(p, t)| (p.as_str(), *t)));
        let dir = common::project(&files);
        let options = notes_project::ProjectOptions { cwd: dir.path().join("site"), source: None, config: None, out: None };
        let options = if file == "notes.toml" { options } else { notes_project::ProjectOptions { source: Some(dir.path().join("site")), ..options } };
        match notes::load(&options) {
            Ok(loaded) => {
                let json = serde_json::to_string(&loaded.book).unwrap();
                prop_assert!(!json.contains("root:x"), "a note outside the site was read");
                for d in loaded.diagnostics.iter() {
                    prop_assert!(d.file.is_some() || !d.code.starts_with("bad-"), "{d:?} names no file");
                }
            }
            Err(e) => {
                // Refused: by name, with the file.
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}

proptest! {
    // Each case renders a book: fewer cases.
    #![proptest_config(config(64))]

    #[test]
    fn any_note_makes_a_pdf_with_its_paragraphs(body in markup(), words in prop::collection::vec("[a-z]{3,10}", 1..20)) {
        note_makes_a_pdf_with_its_paragraphs(&body, &words)?;
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_dialect_makes_a_pdf_with_its_paragraphs(body in dialects(), words in prop::collection::vec("[a-z]{3,10}", 1..20)) {
        note_makes_a_pdf_with_its_paragraphs(&body, &words)?;
    }
}

/// Inputs the property above once failed on, kept so that they are tried on
/// every run whatever the seed.
#[test]
fn known_failures_make_pdfs() {
    let words = ["aaa".to_string()];
    for body in [
        // A footnote holding an empty heading: the heading had no id.
        "::[^1]\n[^1]: # ",
        "x[^1]\n\n[^1]: ## Heading in a note\n",
        // A link refused (an HTML `<a href="javascript:…">`) around a
        // wikilink: the wikilink was left unresolved.
        "<a href=\"javascript:x\">[[Note|x]]",
        // An SVG in a table cell: drawn, its description not written.
        "<table><tr><td><svg width=\"5\" height=\"5\"></svg>",
        // A definition list of two items: the words of the second term
        // come after the first definition (the test's own reading of the
        // tree had every term first).
        "<\r:::ref:`x`\n\n.. note::\r::",
    ] {
        note_makes_a_pdf_with_its_paragraphs(body, &words).unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
}

fn note_makes_a_pdf_with_its_paragraphs(body: &str, words: &[String]) -> Result<(), TestCaseError> {
    // A known paragraph among arbitrary markup: it must reach the PDF.
    let sentence = words.join(" ");
    // Bidirectional overrides (U+202D, U+202E …) reverse the text that a
    // PDF's text gives back, as they should: words are then not in order.
    prop_assume!(!body.contains(['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}']));
    let note = format!("# Talk\n\n{body}\n\n{sentence}\n");
    let dir = common::project(&[("sources/ev/index.md", "# Ev\n\n- [T](talk.md)\n"), ("sources/ev/talk.md", &note)]);
    let loaded = notes::load(&common::options(dir.path())).unwrap();
    prop_assume!(!loaded.diagnostics.has_errors());
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets);
    let pdf = pdf.map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let read = common::PdfRead::new(&pdf.bytes);
    prop_assert!(read.page_count() >= 3);
    // Every word of the tree's text is in the PDF, in order, as the
    // PDF backend documents it: characters no font has become a box.
    let (prepared, _) = notes_pdf::prepare(&loaded.book, &loaded.assets);
    let expected: Vec<String> = common::tree_words(&prepared).into_iter().map(|w| w.replace('\u{200b}', "")).collect();
    let got = common::pdf_body_words(&read);
    if let Some((i, w)) = common::missing_in_order(&expected, &got) {
        return Err(TestCaseError::fail(format!("word {i} {w:?} missing from the PDF of {note:?}")));
    }
    Ok(())
}
