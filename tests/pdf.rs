//! The PDF backend, read back: title page, contents with the right page
//! numbers, bookmarks mirroring the headings, hostile text printed as text,
//! byte-identical rebuilds.

mod common;

use std::sync::OnceLock;

use common::{PdfRead, squash};
use notes_doc::plain_text;

/// The default book (the repository's `sources/` and `notes.toml`),
/// rendered once for all the tests here.
fn default_book() -> &'static (notes::Loaded, Vec<u8>) {
    static BOOK: OnceLock<(notes::Loaded, Vec<u8>)> = OnceLock::new();
    BOOK.get_or_init(|| {
        let loaded = common::load(&common::repo());
        let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
        (loaded, pdf.bytes)
    })
}

#[test]
fn title_page_matches_the_seed() {
    let (_, bytes) = default_book();
    let pdf = PdfRead::new(bytes);
    let first = squash(&pdf.page_text(1));
    for expected in ["josbohde-event-notes Documentation", "Release 0.1", "Josh Bohde", "November 12, 2016"] {
        assert!(first.contains(expected), "title page lacks {expected:?}: {first}");
    }
    assert_eq!(pdf.info("Title").as_deref(), Some("josbohde-event-notes Documentation"));
    assert_eq!(pdf.info("Author").as_deref(), Some("Josh Bohde"));
    // Language, PDF/A-2b identification and tagging.
    let catalog = pdf.doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "the PDF is not tagged");
    let raw = String::from_utf8_lossy(bytes);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>") || raw.contains("pdfaid:part=\"2\""), "no PDF/A-2 identification");
}

#[test]
fn default_book_has_the_seed_events_and_talks() {
    let (loaded, _) = default_book();
    let book = &loaded.book;
    let events: Vec<String> = book.parts.iter().map(|p| plain_text(&p.title)).collect();
    assert_eq!(events, ["PyCodeConf", "PyCon 2012"]);
    assert_eq!(book.parts[0].chapters.len(), 17);
    assert_eq!(book.parts[1].chapters.len(), 14);
    let c = &book.parts[0].chapters[2];
    assert_eq!(c.number.as_deref(), Some("1.3"));
    assert_eq!(plain_text(&c.title), "What Makes Python AWESOME?");
    assert_eq!(plain_text(&book.parts[1].chapters[13].title), "Advanced Celery");
    assert!(loaded.diagnostics.is_empty(), "the default book gives diagnostics: {:?}", loaded.diagnostics);
}

#[test]
fn bookmarks_hold_every_heading_of_the_book() {
    let (loaded, bytes) = default_book();
    let pdf = PdfRead::new(bytes);
    let got: Vec<(usize, String)> = pdf.bookmarks().into_iter().map(|(level, title, _)| (level, title)).collect();
    let mut expected = Vec::new();
    let numbered = |number: &Option<String>, title: String| match number {
        Some(n) => format!("{n} {title}"),
        None => title,
    };
    let sections = |blocks: &[notes_doc::Block], above: usize, expected: &mut Vec<(usize, String)>| {
        notes_doc::walk_blocks(blocks, &mut |b| {
            if let notes_doc::Block::Heading { level, content, number, .. } = b {
                expected.push((above + usize::from(*level), numbered(number, plain_text(content))));
            }
        });
    };
    for part in &loaded.book.parts {
        expected.push((1, numbered(&part.number, plain_text(&part.title))));
        sections(&part.blocks, 1, &mut expected);
        for chapter in &part.chapters {
            expected.push((2, numbered(&chapter.number, plain_text(&chapter.title))));
            sections(&chapter.blocks, 2, &mut expected);
        }
    }
    expected.extend(loaded.book.indexes.iter().map(|i| (1, i.title.clone())));
    assert!(expected.iter().any(|(level, _)| *level >= 3), "the test needs sections");
    assert_eq!(got, expected);
}

#[test]
fn bookmarks_depth_limits_the_bookmarks() {
    let mut files = THREE_EVENTS.to_vec();
    files.push(("notes.toml", "title = \"B\"\nbookmarks-depth = 2\n"));
    let dir = common::project(&files);
    let pdf = PdfRead::new(&common::render_pdf(dir.path()));
    let levels: Vec<usize> = pdf.bookmarks().into_iter().map(|(level, _, _)| level).collect();
    assert_eq!(levels, [1, 2, 1, 2, 1, 2]);
}

#[test]
fn contents_page_numbers_point_at_the_talks() {
    let (loaded, bytes) = default_book();
    let pdf = PdfRead::new(bytes);
    let labels = pdf.page_labels();
    // The contents pages are the ones numbered in roman.
    let contents: String = (0..pdf.page_count())
        .filter(|&i| labels[i].chars().all(|c| "ivxlc".contains(c)) && !labels[i].is_empty())
        .map(|i| pdf.page_text(i as u32 + 1))
        .collect::<Vec<_>>()
        .join("\n");
    let contents = squash(&contents.replace('\u{2060}', "").lines().filter(|l| l.trim() != ".").collect::<Vec<_>>().join("\n"));
    assert!(contents.starts_with("Contents"), "{contents}");
    let bookmarks = pdf.bookmarks();
    let mut checked = 0;
    for part in &loaded.book.parts {
        for chapter in &part.chapters {
            let number = chapter.number.clone().unwrap_or_default();
            let title = plain_text(&chapter.title);
            let entry = format!("{number} {title} ");
            let at = contents.find(&entry).unwrap_or_else(|| panic!("{entry:?} is not in the contents: {contents}"));
            let printed: String = contents[at + entry.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
            // The page the talk's bookmark leads to, and its printed number.
            let (_, _, page) = bookmarks.iter().find(|(_, t, _)| *t == format!("{number} {title}")).unwrap_or_else(|| panic!("no bookmark for {title}"));
            assert_eq!(printed, labels[*page as usize - 1], "contents says {title} is on page {printed}");
            let text = squash(&pdf.page_text(*page));
            assert!(text.contains(&number) && text.contains(title.split(' ').next().unwrap_or("")), "{title} is not on page {printed}: {text}");
            checked += 1;
        }
    }
    assert_eq!(checked, 31);
}

#[test]
fn sections_are_numbered_like_the_seed() {
    let (_, bytes) = default_book();
    let pdf = PdfRead::new(bytes);
    let text = squash(&pdf.all_text());
    for heading in ["1.1.1 Author", "1.1.13 Community", "1.3.5 Indentation", "1.8.9 Whats Missing", "2.5.9 Game of Life", "2.14.6 Cyme"] {
        assert!(text.contains(heading), "{heading:?} missing");
    }
    // Unnumbered sub-sections keep the numbering of the sections after them.
    assert!(text.contains("Why is Python Awesome? 1.3.5 Indentation"));
}

#[test]
fn every_word_of_the_default_book_is_in_the_pdf_in_order() {
    let (loaded, bytes) = default_book();
    let expected = common::tree_words(&loaded.book);
    let got = common::pdf_body_words(&PdfRead::new(bytes));
    assert!(expected.len() > 8000, "{}", expected.len());
    if let Some((i, word)) = common::missing_in_order(&expected, &got) {
        panic!("word {i} {word:?} is missing from the PDF (after {:?})", &expected[i.saturating_sub(8)..i]);
    }
}

/// A note that uses every construct of the tree.
const FEATURES: &str = r#"---
title: Everything Markdown Can Do
speakers: [Grace Hopper, Alan Kay]
---

Intro paragraph with *emphasis*, **strong**, ~~strike~~, `code`, a [link](https://example.org) and a footnote.[^fn]

[^fn]: The footnote text, with `code`.

## Lists

1. First item
2. Second item
   - nested bullet
   - another one
3. Third item

- [x] done task
- [ ] open task

Term
: Its definition, in words.

## Code

```rust
fn main() {
    let answer = compute(); // a comment
}
```

## Quotes

> Simple is better than complex.

> [!WARNING]
> Mind the gap between the train and the platform.

## Table

| Name | Value |
|:-----|------:|
| alpha | one |
| beta | two |

## Image

![A diagram of the system](diagram.png "The system at a glance")

## Links

See [the second talk](second.md), its [details](second.md#details), and [lists](#lists).

---

A very long URL https://example.org/a/very/long/path/that/should/wrap/properly/because/it/is/much/longer/than/a/line/index.html ends here.
"#;

/// A tiny valid PNG (8×8, blue).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02,
    0x00, 0x00, 0x00, 0x4B, 0x6D, 0x29, 0xDC, 0x00, 0x00, 0x00, 0x14, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x8C, 0xAA, 0x38, 0xC1, 0x80, 0x0D, 0x30, 0x61,
    0x15, 0x1D, 0xB4, 0x12, 0x00, 0x43, 0xC5, 0x01, 0xAA, 0xDB, 0x63, 0x8E, 0x27, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn every_construct_is_printed() {
    let dir = common::project(&[
        ("sources/ev/index.md", "# The Event\n\nAn introduction to the event.\n\n- [F](features.md)\n- [S](second.md)\n"),
        ("sources/ev/features.md", FEATURES),
        ("sources/ev/second.md", "# Second Talk\n\n## Details\n\nPlain words here.\n"),
    ]);
    std::fs::write(dir.path().join("sources/ev/diagram.png"), PNG).unwrap();
    let loaded = common::load(dir.path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
    let read = PdfRead::new(&pdf.bytes);
    let expected = common::tree_words(&loaded.book);
    let got = common::pdf_body_words(&read);
    if let Some((i, word)) = common::missing_in_order(&expected, &got) {
        panic!("word {i} {word:?} is missing from the PDF (after {:?}):\n{got:?}", &expected[i.saturating_sub(8)..i]);
    }
    let text = squash(&read.all_text());
    for s in ["The footnote text, with code", "Grace Hopper, Alan Kay", "Figure 1: The system at a glance", "Warning", "An introduction to the event."] {
        assert!(text.contains(s), "{s:?} is not in {text}");
    }
    // The image is in the PDF.
    let images = read
        .doc
        .objects
        .values()
        .filter(|o| o.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))))
        .count();
    assert!(images >= 1, "no image in the PDF");
}

#[test]
fn hostile_text_is_printed_as_text() {
    let note = r#"# Hostile

`#read("/etc/passwd")` `#{1+1}` `$x$` `<label>` `@ref` `\` `*` `_` `//` `/*` `~` `]]>`

Plain: #read("/etc/passwd") and #{1+1} and $x$ and @ref and \\ and \* and \_ and \` and // and /* and ~ and #set text(red)

= equals at a line start

\- minus at a line start

\+ plus at a line start

/ slash at a line start
"#;
    let dir = common::project(&[("sources/ev/index.md", "# Ev\n\n- [Hostile](hostile.md)\n"), ("sources/ev/hostile.md", note)]);
    let pdf = PdfRead::new(&common::render_pdf(dir.path()));
    // Lines joined: where a line breaks is not what this test is about
    // (`$x$` in the plain line is a formula, set in math letters).
    let text = common::squash(&pdf.all_text());
    for literal in [
        "#read(\"/etc/passwd\")",
        "#{1+1}",
        "$x$",
        "<label>",
        "@ref",
        "//",
        "/*",
        "~",
        "]]>",
        "#read(“/etc/passwd”)",
        "#set text(red)",
        "= equals at a line start",
        "- minus at a line start",
        "+ plus at a line start",
        "/ slash at a line start",
        "\\ and * and _ and ` and",
    ] {
        assert!(text.contains(literal), "{literal:?} is not in the PDF text:\n{text}");
    }
    assert!(!text.contains("root:"), "a file was read");
}

#[test]
fn rebuilds_are_byte_identical_even_in_another_folder() {
    let files = [
        ("notes.toml", "title = \"Same\"\nauthor = \"A\"\ndate = 2016-11-12\n"),
        ("sources/ev/index.md", "# Ev\n\n- [One](one.md)\n"),
        ("sources/ev/one.md", "# One\n\n## Part\n\nText with a footnote.[^1]\n\n[^1]: Here.\n"),
    ];
    let a = common::project(&files);
    let b = common::project(&files);
    let first = common::render_pdf(a.path());
    let second = common::render_pdf(a.path());
    let elsewhere = common::render_pdf(b.path());
    assert!(first == second, "two renders differ");
    assert!(first == elsewhere, "a render in another folder differs");
}

/// Two renders of one book, page by page: the same pages, labels,
/// bookmarks, links and text (the contents compared by its words: its
/// leaders are drawn differently).
fn assert_same_book(whole: &[u8], pieces: &[u8]) {
    let (a, b) = (PdfRead::new(whole), PdfRead::new(pieces));
    assert_eq!(a.page_count(), b.page_count(), "page counts differ");
    assert_eq!(a.page_labels(), b.page_labels());
    assert_eq!(a.bookmarks(), b.bookmarks());
    let links = a.internal_links();
    assert!(!links.is_empty() && links.iter().all(|(_, to)| *to > 0), "links that lead nowhere: {links:?}");
    assert_eq!(links, b.internal_links());
    let words = |t: String| squash(&t.replace('\u{2060}', "")).split(' ').filter(|w| !w.chars().all(|c| c == '.')).map(str::to_string).collect::<Vec<_>>();
    for n in 1..=a.page_count() as u32 {
        assert_eq!(words(a.page_text(n)), words(b.page_text(n)), "page {n} differs");
    }
}

#[test]
fn the_default_book_typeset_in_pieces_is_the_book_typeset_whole() {
    let (loaded, whole) = default_book();
    let (book, config, assets) = (&loaded.book, &loaded.project.config, &loaded.assets);
    assert_eq!(notes_pdf::pieces::plan(book, 20_000).map(|r| r.len()), Some(2), "the test needs two pieces");
    let pieces = notes_pdf::render_with_piece_limit(book, config, assets, 20_000).unwrap_or_else(|e| panic!("{e}"));
    assert_same_book(whole, &pieces.bytes);
}

#[test]
fn links_footnotes_and_blank_pages_cross_the_pieces() {
    // Three events, one piece each: links forward and back across pieces,
    // footnotes numbered on from piece to piece, events of odd length.
    let dir = common::project(&[
        ("sources/index.md", "# Book\n\n- [A](a/index.md)\n- [B](b/index.md)\n- [C](c/index.md)\n"),
        ("sources/a/index.md", "# Event A\n\n- [One](one.md)\n"),
        ("sources/a/one.md", "# One\n\nSee [the details of three](../c/three.md#details) and a note.[^n]\n\n[^n]: Note one.\n"),
        ("sources/b/index.md", "# Event B\n\n- [Two](two.md)\n"),
        ("sources/b/two.md", "# Two\n\nA note here.[^m] And [back to one](../a/one.md).\n\n[^m]: Note two.\n"),
        ("sources/c/index.md", "# Event C\n\n- [Three](three.md)\n"),
        ("sources/c/three.md", "# Three\n\n## Details\n\nThe details, with a note.[^k]\n\n[^k]: Note three.\n"),
    ]);
    let loaded = common::load(dir.path());
    assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
    let (book, config, assets) = (&loaded.book, &loaded.project.config, &loaded.assets);
    assert_eq!(notes_pdf::pieces::plan(book, 1).map(|r| r.len()), Some(3));
    let whole = notes_pdf::render(book, config, assets).unwrap_or_else(|e| panic!("{e}"));
    let pieces = notes_pdf::render_with_piece_limit(book, config, assets, 1).unwrap_or_else(|e| panic!("{e}"));
    assert_same_book(&whole.bytes, &pieces.bytes);
    // The footnotes are numbered 1, 2, 3 through the book.
    let text = squash(&PdfRead::new(&pieces.bytes).all_text());
    for note in ["1 Note one.", "2 Note two.", "3 Note three."] {
        assert!(text.contains(note), "{note:?} is not in {text}");
    }
    // Two renders in pieces are the same bytes.
    let again = notes_pdf::render_with_piece_limit(book, config, assets, 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(pieces.bytes == again.bytes, "two renders in pieces differ");
}

/// Three events with links, footnotes and blank pages across them.
const THREE_EVENTS: &[(&str, &str)] = &[
    ("sources/index.md", "# Book\n\n- [A](a/index.md)\n- [B](b/index.md)\n- [C](c/index.md)\n"),
    ("sources/a/index.md", "# Event A\n\n- [One](one.md)\n"),
    ("sources/a/one.md", "# One\n\nSee [the details of three](../c/three.md#details) and a note.[^n]\n\n[^n]: Note one.\n"),
    ("sources/b/index.md", "# Event B\n\n- [Two](two.md)\n"),
    ("sources/b/two.md", "# Two\n\nA note here.[^m] And [back to one](../a/one.md).\n\n[^m]: Note two.\n"),
    ("sources/c/index.md", "# Event C\n\n- [Three](three.md)\n"),
    ("sources/c/three.md", "# Three\n\n## Details\n\nThe details, with a note.[^k]\n\n[^k]: Note three.\n"),
];

#[test]
fn a_copy_of_the_template_that_changes_only_its_theme_keeps_every_feature() {
    let template = notes_pdf::world::BUILTIN_TEMPLATE
        .replace("accent: rgb(\"#1f4e79\")", "accent: rgb(\"#7a1f1f\")")
        .replace("part-title-size: 24pt", "part-title-size: 30pt")
        .replace("talk-size: 16pt", "talk-size: 18pt");
    assert_ne!(template, notes_pdf::world::BUILTIN_TEMPLATE, "the theme changed");
    let mut files = THREE_EVENTS.to_vec();
    files.push(("styles/book.typ", template.as_str()));
    let themed = common::project(&files);
    let plain = common::project(THREE_EVENTS);
    let loaded = common::load(themed.path());
    let (book, config, assets) = (&loaded.book, &loaded.project.config, &loaded.assets);
    assert!(assets.template.is_some(), "the project's own template is used");
    let whole = notes_pdf::render(book, config, assets).unwrap_or_else(|e| panic!("{e}"));
    let pieces = notes_pdf::render_with_piece_limit(book, config, assets, 1).unwrap_or_else(|e| panic!("{e}"));
    // Links, bookmarks, page labels (blank pages included) and footnotes
    // work whole and in pieces, as with the built-in template.
    assert_same_book(&whole.bytes, &pieces.bytes);
    let builtin = common::render_pdf(plain.path());
    let (a, b) = (PdfRead::new(&builtin), PdfRead::new(&whole.bytes));
    assert_eq!(a.page_labels(), b.page_labels());
    assert_eq!(a.bookmarks(), b.bookmarks());
    assert!(builtin != whole.bytes, "the theme made no difference");
    assert!(!whole.diagnostics.iter().any(|d| d.code == "template-outdated"), "{:?}", whole.diagnostics);
}

#[test]
fn an_older_copy_of_the_template_builds_with_one_warning() {
    // A copy made before the running heads used the page marks.
    let template = notes_pdf::world::BUILTIN_TEMPLATE.replace("  foot-mark()\n", "");
    assert_ne!(template, notes_pdf::world::BUILTIN_TEMPLATE);
    let mut files = THREE_EVENTS.to_vec();
    files.push(("styles/book.typ", template.as_str()));
    let dir = common::project(&files);
    let loaded = common::load(dir.path());
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<_> = pdf.diagnostics.iter().filter(|d| d.code == "template-outdated").collect();
    assert_eq!(warnings.len(), 1, "{:?}", pdf.diagnostics);
    assert!(warnings[0].file.as_ref().is_some_and(|f| f.ends_with("styles/book.typ")), "{:?}", warnings[0]);
    assert!(PdfRead::new(&pdf.bytes).page_count() > 3, "the book is made");
}

#[test]
fn a_german_book_speaks_german() {
    let mut files = THREE_EVENTS.to_vec();
    files.push(("notes.toml", "title = \"Buch\"\nlanguage = \"de\"\nrelease = \"1.0\"\ndate = 2016-03-09\n"));
    files.push(("sources/b/two.md", "# Zwei\n\nSie sagte \"Guten Tag\" und 'bitte'.\n\n> [!NOTE]\n> Ein Hinweis.\n"));
    let dir = common::project(&files);
    let text = squash(&PdfRead::new(&common::render_pdf(dir.path())).all_text());
    for word in ["Inhalt", "KAPITEL 1", "Version 1.0", "9. März 2016", "„Guten Tag“", "‚bitte‘", "Bemerkung"] {
        assert!(text.contains(word), "{word:?} is not in {text}");
    }
    assert!(!text.contains("Contents") && !text.contains("CHAPTER"), "{text}");
}

#[test]
fn a_talks_fields_and_metadata_are_printed_under_its_title() {
    let dir = common::project(&[
        ("sources/index.md", "# Book\n\n- [E](e/index.md)\n"),
        ("sources/e/index.md", "# Event\n\n- [R](fields.rst)\n- [M](meta.md)\n"),
        (
            "sources/e/fields.rst",
            "The Talk With Fields\n====================\n\n:Speaker: Ada Quillfeather\n:Location: Room Zephyrine\n:Slides: https://example.com/zephyr\n:orphan:\n\nText of the talk.\n",
        ),
        ("sources/e/meta.md", "---\ntitle: Front Matter Talk\nspeakers: [Grace Marrowby]\ndate: 2012-03-09\n---\n\nMore text.\n"),
    ]);
    let loaded = common::load(dir.path());
    let fields = &loaded.book.parts[0].chapters[0].meta;
    assert_eq!(fields.speakers, ["Ada Quillfeather"]);
    assert_eq!(fields.place.as_deref(), Some("Room Zephyrine"));
    assert_eq!(fields.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["Speaker", "Location", "Slides"]);
    let (pdf, epub) = common::render_both(dir.path());
    let text = squash(&PdfRead::new(&pdf).all_text());
    for expected in ["Speaker: Ada Quillfeather", "Location: Room Zephyrine", "Slides: https://example.com/zephyr", "Grace Marrowby · March 9, 2012"] {
        assert!(text.contains(expected), "{expected:?} is not in the PDF: {text}");
    }
    assert!(!text.contains("orphan"), "a Sphinx setting was printed");
    let text = squash(&common::epub_text(&epub));
    for expected in ["Speaker", "Ada Quillfeather", "Room Zephyrine", "Grace Marrowby · March 9, 2012"] {
        assert!(text.contains(expected), "{expected:?} is not in the EPUB: {text}");
    }
}

#[test]
fn the_book_ends_with_an_index_of_its_speakers_whose_page_numbers_are_right() {
    let (loaded, bytes) = default_book();
    let pdf = PdfRead::new(bytes);
    let bookmarks = pdf.bookmarks();
    let labels = pdf.page_labels();
    let (_, _, index_page) = bookmarks.iter().find(|(_, title, _)| title == "Speakers").expect("a Speakers bookmark").clone();
    assert_eq!(bookmarks.last().map(|b| b.1.as_str()), Some("Speakers"), "the index is at the back");
    let index_text = squash(&(index_page..=pdf.page_count() as u32).map(|n| pdf.page_text(n)).collect::<Vec<_>>().join(" "));
    let mut checked = 0;
    for part in &loaded.book.parts {
        for chapter in &part.chapters {
            if chapter.meta.speakers.is_empty() {
                continue;
            }
            let title = format!("{} {}", chapter.number.as_deref().unwrap(), plain_text(&chapter.title));
            let page = bookmarks.iter().find(|(level, t, _)| *level == 2 && *t == title).map(|b| b.2).expect("the talk's bookmark");
            let label = &labels[page as usize - 1];
            assert!(index_text.contains(&format!("{}, {label}", squash(&title))), "{title:?} on page {label} is not in the index: {index_text}");
            checked += 1;
        }
    }
    assert!(checked >= 25, "{checked} talks checked");
    for name in ["Noller, Jesse", "Beazley, David", "Fijalkowski, Maciej"] {
        assert!(index_text.contains(name), "{name} is not in the index");
    }
}

/// A note in Japanese with emoji, Greek and Russian.
const MANY_SCRIPTS: &str = "# 日本語のトーク 🎉\n\n今日は「東京」で話しました。絵文字も使えます 😀👍。\n\nΕλληνικά και русский текст.\n";

#[test]
fn without_system_fonts_a_note_in_other_scripts_gets_one_clear_warning() {
    let dir = common::project(&[
        ("notes.toml", "title = \"Scripts\"\n[fonts]\nsystem = false\n"),
        ("sources/e/index.md", "# E\n\n- [T](talk.md)\n"),
        ("sources/e/talk.md", MANY_SCRIPTS),
    ]);
    let loaded = common::load(dir.path());
    assert!(loaded.system_fonts.is_empty(), "system = false uses no system font");
    let choice = notes::build::Choice { pdf: true, ..Default::default() };
    let made = notes::build::Builder::new().render(&loaded, &choice, &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<_> = made.diagnostics.iter().filter(|d| d.code == "missing-glyph").collect();
    assert_eq!(warnings.len(), 1, "one warning for the note: {warnings:?}");
    let w = warnings[0];
    assert!(w.file.as_ref().unwrap().ends_with("sources/e/talk.md"), "{w:?}");
    for script in ["Han", "Hiragana", "emoji"] {
        assert!(w.message.contains(script), "{}", w.message);
    }
    assert!(!w.message.contains("Greek") && !w.message.contains("Cyrillic"), "the built-in fonts have Greek and Cyrillic: {}", w.message);
    let help = w.help.as_deref().unwrap_or("");
    assert!(help.contains("fonts-noto-cjk") && help.contains("fonts-noto-color-emoji"), "{help}");
}

/// Needs fonts-noto-cjk and fonts-noto-color-emoji (`.ci/run` installs them).
#[test]
#[ignore]
fn with_system_fonts_a_note_in_japanese_with_emoji_has_real_glyphs() {
    let dir = common::project(&[
        ("notes.toml", "title = \"Scripts\"\nlanguage = \"ja\"\n"),
        ("sources/e/index.md", "# E\n\n- [T](talk.md)\n"),
        ("sources/e/talk.md", MANY_SCRIPTS),
    ]);
    let loaded = common::load(dir.path());
    let families: Vec<&str> = loaded.system_fonts.iter().map(|f| f.family.as_str()).collect();
    assert!(families.iter().any(|f| f.contains("CJK") && f.ends_with("JP")), "the Japanese variant for a Japanese book: {families:?}");
    assert!(families.iter().any(|f| f.contains("Emoji")), "{families:?}");
    let choice = notes::build::Choice { pdf: true, ..Default::default() };
    let made = notes::build::Builder::new().render(&loaded, &choice, &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(!made.diagnostics.iter().any(|d| d.code == "missing-glyph"), "{:?}", made.diagnostics);
    let pdf = PdfRead::new(&made.outputs[0].bytes);
    let fonts: Vec<String> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").ok().and_then(|f| f.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()))
        .collect();
    assert!(fonts.iter().any(|f| f.contains("CJKjp")), "{fonts:?}");
    assert!(squash(&pdf.all_text()).contains("Ελληνικά και русский"), "the note was laid out");
}

#[test]
fn the_pdf_packs_its_objects_into_object_streams_and_keeps_every_one() {
    let (loaded, packed) = default_book();
    let (book, config, assets) = (&loaded.book, &loaded.project.config, &loaded.assets);
    let unpacked = notes_pdf::render_unpacked(book, config, assets).unwrap_or_else(|e| panic!("{e}")).bytes;
    // Typst's file: a classic cross-reference table. Ours: object streams
    // and a compressed cross-reference stream, and no table.
    let raw = |b: &[u8], s: &str| b.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(raw(&unpacked, "\nxref\n") && !raw(&unpacked, "/Type/ObjStm"));
    assert!(raw(packed, "/Type/ObjStm") && raw(packed, "/Type/XRef") && !raw(packed, "\nxref\n") && !raw(packed, "\ntrailer"));
    assert!(packed.len() * 2 < unpacked.len(), "packed {} bytes, unpacked {}", packed.len(), unpacked.len());
    assert!(packed.len() < 400_000, "the default book's PDF is {} bytes", packed.len());

    // Every object Typst wrote is there, the same, under its number; the
    // only others are the object streams and the cross-reference stream.
    let (a, b) = (PdfRead::new(&unpacked).doc, PdfRead::new(packed).doc);
    let in_streams = b.objects.keys().filter(|id| !raw(packed, &format!("\n{} {} obj\n", id.0, id.1))).count();
    assert!(in_streams > a.objects.len() * 9 / 10, "only {in_streams} of {} objects are in object streams", a.objects.len());
    for (id, object) in &a.objects {
        assert!(b.objects.get(id) == Some(object), "object {id:?} differs or is missing");
    }
    for (id, object) in &b.objects {
        if !a.objects.contains_key(id) {
            let kind = object.as_stream().ok().and_then(|s| s.dict.get(b"Type").ok()).and_then(|t| t.as_name().ok());
            assert!(matches!(kind, Some(b"ObjStm" | b"XRef")), "object {id:?} was added: {kind:?}");
        }
    }
    assert_eq!(a.trailer.get(b"Root").ok(), b.trailer.get(b"Root").ok());
    assert_eq!(a.trailer.get(b"ID").ok(), b.trailer.get(b"ID").ok());
    assert_eq!(a.trailer.get(b"Info").ok(), b.trailer.get(b"Info").ok());
    // Read as a reader does: the same pages, labels, bookmarks, links, text.
    assert_same_book(&unpacked, packed);

    // qpdf, where it is installed, finds nothing to say.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, packed).expect("a file");
    if let Ok(out) = std::process::Command::new("qpdf").arg("--check").arg(&path).output() {
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success() && !said.to_lowercase().contains("warning"), "qpdf --check: {said}");
        assert!(said.contains("No syntax or stream encoding errors"), "qpdf --check: {said}");
    }
}
