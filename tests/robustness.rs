//! Hostile and broken notes: no panic, no injection, no lost output. Each
//! fixture of the issue has a test here (property tests are in
//! `tests/properties.rs`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{PdfRead, project, squash};
use notes_doc::diag::Severity;

const INDEX: (&str, &str) = ("sources/ev/index.md", "# Event\n\n- [Talk](talk.md)\n");

fn with_talk(talk: &str) -> tempfile::TempDir {
    project(&[INDEX, ("sources/ev/talk.md", talk)])
}

fn codes(loaded: &notes::Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

fn load_any(dir: &Path) -> notes::Loaded {
    notes::load(&common::options(dir)).unwrap_or_else(|e| panic!("load failed: {e}"))
}

fn pdf_of(loaded: &notes::Loaded) -> Vec<u8> {
    notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}")).bytes
}

fn notes_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notes"))
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning_naming_the_offset() {
    let dir = project(&[INDEX]);
    std::fs::write(dir.path().join("sources/ev/talk.md"), b"# Talk\n\nbad \xff\xfe bytes here\n").unwrap();
    let loaded = load_any(dir.path());
    let d = loaded.diagnostics.iter().find(|d| d.code == "invalid-utf8").expect("a warning");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("offset 12"), "{}", d.message);
    assert_eq!((d.line, d.column), (3, 5));
    assert!(d.file.as_ref().unwrap().ends_with("sources/ev/talk.md"));
    let text = squash(&PdfRead::new(&pdf_of(&loaded)).all_text());
    assert!(text.contains("bytes here"), "{text}");
}

#[test]
fn bom_crlf_lone_cr_and_tabs_are_plain_text() {
    let dir = with_talk("\u{feff}# Talk\r\n\r\n## Section\r\n\r\nline one\rline two\r\n\r\n-\titem with a tab\r\n");
    let loaded = load_any(dir.path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let chapter = &loaded.book.parts[0].chapters[0];
    assert_eq!(notes_doc::plain_text(&chapter.title), "Talk");
    let json = serde_json::to_string(&chapter.blocks).unwrap();
    assert!(json.contains("line one") && json.contains("line two") && json.contains("item with a tab"), "{json}");
    assert!(!json.contains('\r') && !json.contains('\u{feff}'));
}

#[test]
fn control_characters_are_reported_and_left_out() {
    let dir = with_talk("# Talk\n\nNUL\u{0} VT\u{b} ESC\u{1b} DEL\u{7f} end\n");
    let loaded = load_any(dir.path());
    let d = loaded.diagnostics.iter().find(|d| d.code == "control-character").expect("a warning");
    assert_eq!((d.line, d.column), (3, 4));
    // The PDF (PDF/A) is made, without them.
    let text = PdfRead::new(&pdf_of(&loaded)).all_text();
    assert!(text.contains("NUL VT ESC DEL end"), "{text}");
}

#[test]
fn a_20_mb_note_and_a_200000_line_note_are_read() {
    let para = "Words of a long note, with *emphasis* and `code`, repeated many times over.\n\n";
    let big = format!("# Big\n\n{}", para.repeat(20 * 1024 * 1024 / para.len()));
    let dir = with_talk(&big);
    let loaded = load_any(dir.path());
    assert!(!loaded.diagnostics.has_errors());
    let blocks = &loaded.book.parts[0].chapters[0].blocks;
    assert!(blocks.len() > 250_000, "{}", blocks.len());
    // The EPUB of it is written (the PDF of 20 MB of text, about 9,000
    // pages, is measured by the benchmark instead of here).
    let lines: String = (0..200_000).map(|i| format!("- line {i}\n")).collect();
    let dir = with_talk(&format!("# Lines\n\n{lines}"));
    let loaded = load_any(dir.path());
    let notes_doc::Block::List { items, .. } = &loaded.book.parts[0].chapters[0].blocks[0] else { panic!("a list") };
    assert_eq!(items.len(), 200_000);
}

#[test]
fn lists_and_quotes_nested_10000_deep_are_capped() {
    let quotes = "> ".repeat(10_000) + "deep quote\n\n";
    let lists: String = (0..10_000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    let dir = with_talk(&format!("# Deep\n\n{quotes}{lists}"));
    let loaded = load_any(dir.path());
    assert!(codes(&loaded).contains(&"nesting-too-deep"));
    let text = squash(&PdfRead::new(&pdf_of(&loaded)).all_text());
    assert!(text.contains("deep quote") && text.contains("level 9999"), "{}", &text[text.len().saturating_sub(300)..]);
}

/// The right edge of every text run of the document, and the page width
/// minus its right margin (the text must stay left of it).
fn text_overflows(loaded: &notes::Loaded) -> Vec<String> {
    use notes_pdf::typst::layout::{Frame, FrameItem, Point};
    let (book, _) = notes_pdf::prepare(&loaded.book, &loaded.assets);
    let world = notes_pdf::world::world_for(&book, &loaded.project.config, &loaded.assets, notes_pdf::world::DocumentKind::Book).unwrap();
    let document = notes_pdf::world::layout(&world).0.unwrap_or_else(|e| panic!("{e:?}"));
    let mut out = Vec::new();
    fn walk(frame: &Frame, origin: Point, limit: f64, page: usize, out: &mut Vec<String>) {
        for (pos, item) in frame.items() {
            let at = origin + *pos;
            match item {
                FrameItem::Group(group) => walk(&group.frame, at + Point::new(group.transform.tx, group.transform.ty), limit, page, out),
                FrameItem::Text(text) => {
                    let right = (at.x + text.width()).to_pt();
                    if right > limit {
                        out.push(format!("page {page}: {:?} ends at {right:.0}pt, past {limit:.0}pt", text.text));
                    }
                }
                _ => {}
            }
        }
    }
    for (i, page) in document.pages().iter().enumerate() {
        // The page's own width: nothing may print in the outer margin's
        // last 10 pt.
        let limit = page.frame.width().to_pt() - 10.0;
        walk(&page.frame, Point::zero(), limit, i + 1, &mut out);
    }
    out
}

#[test]
fn long_words_urls_code_and_wide_tables_stay_on_the_page() {
    let word = "x".repeat(400);
    let url = format!("https://example.org/{}", "abcdefghij/".repeat(40));
    let code = "y".repeat(400);
    let header = (0..5000).map(|i| format!("c{i}")).collect::<Vec<_>>().join("|");
    let rule = vec!["-"; 5000].join("|");
    let row = (0..5000).map(|i| i.to_string()).collect::<Vec<_>>().join("|");
    let dir = with_talk(&format!("# Wide\n\nA {word} word.\n\nA {url} link.\n\n```\n{code}\n```\n\n|{header}|\n|{rule}|\n|{row}|\n"));
    let loaded = load_any(dir.path());
    let overflows = text_overflows(&loaded);
    assert!(overflows.is_empty(), "{}", overflows.join("\n"));
    let text = PdfRead::new(&pdf_of(&loaded)).all_text().replace('\u{200b}', "");
    assert!(text.contains("c4999") && text.contains("4999"), "the last column is missing");
}

#[test]
fn zero_notes_is_an_error_that_says_what_to_do() {
    let dir = project(&[("sources/.keep", "")]);
    let loaded = load_any(dir.path());
    let d = loaded.diagnostics.iter().find(|d| d.code == "no-notes").expect("an error");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.as_ref().unwrap().contains("notes new"));
}

#[test]
fn an_empty_note_is_left_out_with_one_warning_and_the_rest_renders() {
    let dir = project(&[INDEX, ("sources/ev/talk.md", ""), ("sources/ev/other.md", "\n  \n"), ("sources/ev/real.md", "Words without a title.\n")]);
    let loaded = load_any(dir.path());
    let empty: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code == "empty-talk").collect();
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert!(empty[0].message.starts_with("2 notes are empty") && empty[0].message.contains("ev/talk.md"), "{}", empty[0].message);
    let titles: Vec<String> = loaded.book.parts.iter().flat_map(|p| &p.chapters).map(|c| notes_doc::plain_text(&c.title)).collect();
    assert_eq!(titles, ["Real"]);
    assert!(PdfRead::new(&pdf_of(&loaded)).page_count() > 2);
}

#[test]
fn notes_with_the_same_title_get_distinct_anchors() {
    let dir = project(&[
        ("sources/ev/index.md", "# Event\n\n- [A](a.md)\n- [B](b.md)\n"),
        ("sources/ev/a.md", "# Same\n\n## Intro\n\n[to b](b.md#intro)\n"),
        ("sources/ev/b.md", "# Same\n\n## Intro\n\nText.\n"),
    ]);
    let loaded = load_any(dir.path());
    let chapters = &loaded.book.parts[0].chapters;
    assert_ne!(chapters[0].id, chapters[1].id);
    let json = serde_json::to_string(&chapters[0].blocks).unwrap();
    let notes_doc::Block::Heading { id: b_intro, .. } = &chapters[1].blocks[0] else { panic!() };
    assert!(json.contains(&format!("\"internal\",\"to\":\"{b_intro}\"")), "{json}");
    pdf_of(&loaded);
}

#[test]
fn index_entries_that_point_nowhere_and_cycles() {
    let dir = project(&[
        ("sources/index.md", "# Book\n\n- [Ev](ev/index.md)\n- [Gone](gone/index.md)\n"),
        ("sources/ev/index.md", "# Event\n\n- [Talk](talk.md)\n- [Missing](missing.md)\n- [Up](../index.md)\n"),
        ("sources/ev/talk.md", "# Talk\n\nText.\n"),
    ]);
    let loaded = load_any(dir.path());
    let c = codes(&loaded);
    assert_eq!(c.iter().filter(|c| **c == "missing-toc-entry").count(), 2, "{c:?}");
    assert!(c.contains(&"index-cycle"), "{c:?}");
    let d = loaded.diagnostics.iter().find(|d| d.code == "missing-toc-entry").unwrap();
    assert!(d.line > 0 && d.column > 0);
}

#[test]
fn images_outside_the_project_are_refused() {
    let dir = project(&[
        INDEX,
        ("sources/ev/talk.md", "# Talk\n\n![up](../../secret.png)\n\n![abs](/etc/passwd)\n\n![link](link.png)\n"),
        ("secret.png", "not really"),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("sources/ev/link.png")).unwrap();
    let loaded = load_any(dir.path());
    let refused: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code == "path-outside-project").collect();
    assert_eq!(refused.len(), if cfg!(unix) { 3 } else { 2 }, "{:?}", loaded.diagnostics);
    assert!(refused.iter().all(|d| d.severity == Severity::Error && d.line > 0));
}

#[test]
fn missing_and_corrupt_images_become_their_description() {
    let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n\n![The missing one](nope.png)\n\n![The broken one](broken.png)\n")]);
    std::fs::write(dir.path().join("sources/ev/broken.png"), b"\x89PNG\r\n\x1a\n this is not a png").unwrap();
    let loaded = load_any(dir.path());
    let c = codes(&loaded);
    assert!(c.contains(&"missing-image") && c.contains(&"bad-image"), "{c:?}");
    let text = squash(&PdfRead::new(&pdf_of(&loaded)).all_text());
    assert!(text.contains("[The missing one]") && text.contains("[The broken one]"), "{text}");
}

#[test]
fn a_corrupt_font_is_left_out_with_a_warning() {
    let dir = with_talk("# Talk\n\nText.\n");
    std::fs::create_dir(dir.path().join("fonts")).unwrap();
    std::fs::write(dir.path().join("fonts/Broken.ttf"), b"not a font at all").unwrap();
    let loaded = load_any(dir.path());
    let d = loaded.diagnostics.iter().find(|d| d.code == "bad-font").expect("a warning");
    assert!(d.file.as_ref().unwrap().ends_with("fonts/Broken.ttf"));
    pdf_of(&loaded);
}

#[test]
fn an_unknown_font_name_lists_the_fonts_there_are() {
    let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n"), ("notes.toml", "[fonts]\nbody = \"Comic Sans\"\n")]);
    let loaded = load_any(dir.path());
    let d = loaded.diagnostics.iter().find(|d| d.code == "unknown-font").expect("an error");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.as_ref().unwrap().contains("Libertinus Serif"));
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_intact() {
    let dir = with_talk("# Talk\n\nGood text.\n");
    let out = dir.path().join("out");
    let ok = notes_bin().args(["render", "--pdf"]).current_dir(dir.path()).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let pdf = out.join("notes.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // Break the notes: an image outside the project is an error.
    std::fs::write(dir.path().join("sources/ev/talk.md"), "# Talk\n\n![x](/etc/passwd)\n").unwrap();
    let failed = notes_bin().args(["render", "--pdf"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["notes.pdf"]);
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let talk: String = (0..3000).map(|i| format!("## Section {i}\n\n- point {i}\n\n")).collect();
    let dir = with_talk(&format!("# Long\n\n{talk}"));
    let ok = notes_bin().args(["render", "--pdf"]).current_dir(dir.path()).output().unwrap();
    assert!(ok.status.success());
    let pdf = dir.path().join("out/notes.pdf");
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(dir.path().join("sources/ev/talk.md"), format!("# Long, changed\n\n{talk}")).unwrap();
    for delay in [50, 300, 1000] {
        let mut child = notes_bin().args(["render", "--pdf"]).current_dir(dir.path()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&pdf).unwrap();
        // Either the old book or, if the build finished first, a whole new one.
        assert!(now == before || PdfRead::new(&now).page_count() > 10, "a broken PDF after a kill at {delay} ms");
    }
}

#[test]
fn rendering_never_writes_inside_the_sources() {
    let dir = with_talk("# Talk\n\nText.\n");
    let snapshot = |root: &Path| {
        let mut all: Vec<(String, std::time::SystemTime)> = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                } else {
                    all.push((e.path().display().to_string(), e.metadata().unwrap().modified().unwrap()));
                }
            }
        }
        all.sort();
        all
    };
    let before = snapshot(&dir.path().join("sources"));
    let run = notes_bin().args(["render", "--pdf"]).current_dir(dir.path()).output().unwrap();
    assert!(run.status.success());
    assert_eq!(snapshot(&dir.path().join("sources")), before);
}

#[test]
fn source_date_epoch_makes_builds_identical_across_machines() {
    let files = [INDEX, ("sources/ev/talk.md", "# Talk\n\nText.\n")];
    let a = project(&files);
    let b = project(&files);
    // Different modification times, as on two machines.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(b.path().join("sources/ev/talk.md")).unwrap().set_modified(old).unwrap();
    for dir in [&a, &b] {
        let run = notes_bin().args(["render", "--pdf"]).env("SOURCE_DATE_EPOCH", "1478908800").current_dir(dir.path()).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
    let pa = std::fs::read(a.path().join("out/notes.pdf")).unwrap();
    let pb = std::fs::read(b.path().join("out/notes.pdf")).unwrap();
    assert!(pa == pb, "the PDFs differ");
    assert!(squash(&PdfRead::new(&pa).page_text(1)).contains("November 12, 2016"));
}

/// Found by the `typst_data` fuzz target (`# [](.)`): a link in a talk's
/// title was never resolved and failed the whole PDF.
#[test]
fn links_in_titles_and_fields_are_resolved() {
    let dir = project(&[
        ("sources/e/index.md", "# E\n\n- [T](t.md)\n- [U](u.rst)\n- [V](v.md)\n"),
        ("sources/e/t.md", "# A [see u](u.rst) and [](.) title\n\nText.\n"),
        ("sources/e/u.rst", "U talk\n======\n\n:Slides: `the talk <t.md>`_\n\nText.\n"),
        ("sources/e/v.md", "# [](.)\n\nText.\n"),
    ]);
    let (pdf, epub) = common::render_both(dir.path());
    let text = squash(&PdfRead::new(&pdf).all_text());
    // An empty link shows the title of what it links to (the event).
    assert!(text.contains("1.1 A see u and E title") && text.contains("Slides: the talk"), "{text}");
    let xhtml = common::epub_text(&epub);
    assert!(xhtml.contains("A see u and E title"), "{xhtml}");
    let loaded = common::load(dir.path());
    let json = serde_json::to_string(&loaded.book).unwrap();
    assert!(!json.contains("\"pending\""), "a link left unresolved: {json}");
}
