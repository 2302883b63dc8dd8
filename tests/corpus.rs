//! The reStructuredText corpus of `../shared` against the seed book (the
//! text of the PDF Sphinx built from it). These tests need `../shared`, so
//! they are `#[ignore]`d in `cargo test` and run by `.ci/run` with
//! `NOTES_SHARED` set; when it is set, a missing corpus is a failure.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::{PdfRead, lcs_len, norm, pdf_body_words, words};
use notes_doc::{Block, plain_text, walk_blocks};

fn shared() -> PathBuf {
    let dir = std::env::var_os("NOTES_SHARED").map(PathBuf::from).unwrap_or_else(|| common::repo().join("../shared"));
    assert!(dir.join("seed").is_dir(), "{} has no seed/: set NOTES_SHARED to the shared folder", dir.display());
    dir
}

fn seed() -> String {
    std::fs::read_to_string(shared().join("seed/000_9753eb82d09cd800.txt")).expect("the seed")
}

struct Corpus {
    loaded: notes::Loaded,
    pdf: Vec<u8>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let source = shared().join("corpora/joshbohde-event-notes/source");
        let options = notes_project::ProjectOptions { cwd: common::repo(), source: Some(source), config: None, out: None };
        let loaded = notes::load(&options).unwrap_or_else(|e| panic!("{e}"));
        let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}")).bytes;
        Corpus { loaded, pdf }
    })
}

/// The seed's contents entries: (number, title) for events and talks.
fn seed_contents(seed: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in seed.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<String> = line.split('|').map(|c| c.replace("<br>", "").replace("<b>", "").replace("</b>", "").trim().to_string()).collect();
        if cells.len() < 4 || cells[1].is_empty() || !cells[1].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let title = cells[2].trim_end_matches(['.', ' ']).to_string();
        out.push((cells[1].clone(), norm(&title)));
    }
    out
}

/// The seed's numbered section headings below talks: (number, title).
fn seed_sections(seed: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in seed.lines() {
        let Some(rest) = line.strip_prefix('#') else { continue };
        let rest = rest.trim_start_matches('#').trim();
        let Some((number, title)) = rest.split_once(' ') else { continue };
        if number.matches('.').count() == 2 && number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push((number.to_string(), norm(title)));
        }
    }
    out
}

#[test]
#[ignore = "needs ../shared; run by .ci/run"]
fn contents_match_the_seed() {
    let seed = seed();
    let expected = seed_contents(&seed);
    assert_eq!(expected.len(), 34, "the seed's contents: {expected:?}");
    let book = &corpus().loaded.book;
    let mut got = Vec::new();
    for part in &book.parts {
        got.push((part.number.clone().unwrap_or_default(), norm(&plain_text(&part.title))));
        for chapter in &part.chapters {
            got.push((chapter.number.clone().unwrap_or_default(), norm(&plain_text(&chapter.title))));
        }
    }
    assert_eq!(got, expected);
}

#[test]
#[ignore = "needs ../shared; run by .ci/run"]
fn sections_match_the_seed() {
    let expected = seed_sections(&seed());
    let book = &corpus().loaded.book;
    let mut got = Vec::new();
    for part in &book.parts {
        for chapter in &part.chapters {
            walk_blocks(&chapter.blocks, &mut |b| {
                if let Block::Heading { number: Some(n), content, .. } = b {
                    got.push((n.clone(), norm(&plain_text(content))));
                }
            });
        }
    }
    assert!(expected.len() > 300, "{}", expected.len());
    // The seed's text has the corpus's later spelling fixes in a few titles;
    // numbers must agree everywhere, titles in all but a handful.
    let numbers: Vec<&String> = got.iter().map(|(n, _)| n).collect();
    let expected_numbers: Vec<&String> = expected.iter().map(|(n, _)| n).collect();
    assert_eq!(numbers, expected_numbers);
    let differing: Vec<_> = got.iter().zip(&expected).filter(|(a, b)| a.1 != b.1).collect();
    assert!(differing.len() <= 5, "titles differ: {differing:?}");
}

/// The seed's body (after its contents page) without the extraction's
/// Markdown: link targets, emphasis marks, escapes, section numbers.
fn seed_body_words(seed: &str) -> Vec<String> {
    let body = &seed[seed.find("Contents:").expect("the seed's body") + "Contents:".len()..];
    let mut text = String::new();
    for line in body.lines() {
        let mut line = line.trim_start_matches(['#', ' ', '-']).to_string();
        // [text](url) → text; <url> → url
        while let Some(start) = line.find("](") {
            let Some(end) = line[start..].find(')') else { break };
            line.replace_range(start..start + end + 1, "");
        }
        let line = line.replace(['[', '<', '>', '*', '`'], " ").replace('\\', "");
        // Section numbers are printed by the book, not part of the notes.
        let line = line.split_whitespace().filter(|w| !(w.contains('.') && w.chars().all(|c| c.is_ascii_digit() || c == '.'))).collect::<Vec<_>>().join(" ");
        text.push_str(&line);
        text.push('\n');
    }
    words(&text)
}

#[test]
#[ignore = "needs ../shared; run by .ci/run"]
fn pdf_text_holds_the_seed_words_in_order() {
    let seed_words = seed_body_words(&seed());
    let pdf = PdfRead::new(&corpus().pdf);
    let ours = pdf_body_words(&pdf);
    let common_words = lcs_len(&seed_words, &ours);
    let ratio = common_words as f64 / seed_words.len() as f64;
    eprintln!("seed words: {}, ours: {}, in common in order: {} ({:.2}%)", seed_words.len(), ours.len(), common_words, ratio * 100.0);
    assert!(ratio >= 0.99, "only {:.2}% of the seed's words are in the PDF in order", ratio * 100.0);
}

#[test]
#[ignore = "needs ../shared; run by .ci/run"]
fn no_warning_but_list_repairs() {
    let diagnostics = &corpus().loaded.diagnostics;
    let others: Vec<_> =
        diagnostics.iter().filter(|d| d.severity >= notes_doc::diag::Severity::Warning && d.code != "list-slip").map(|d| d.to_string()).collect();
    assert!(others.is_empty(), "unexpected diagnostics:\n{}", others.join("\n"));
    assert!(diagnostics.iter().any(|d| d.code == "list-slip"), "the list slips of the corpus were not repaired");
}
