//! The PDF backend: Typst, embedded as a library.
//!
//! The finished tree is serialized to JSON and served to Typst as a file;
//! the template (`styles/book.typ`, which users may copy and edit) reads it
//! with `json(...)` and turns it into content. Note text is therefore only
//! ever data: it is never parsed as Typst markup, and never given to `eval`.
//! The Rust side owns the structure, the template owns the look.

use std::collections::HashMap;

use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard as TypstStandard, PdfStandards, Timestamp};

use crate::assets::Assets;
use crate::config::{Config, PdfStandard};
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Block, Book, Inline, Pos, walk_blocks, walk_blocks_mut};
use crate::typeset::{BookWorld, build_datetime, describe, layout, world_for};

pub mod pieces;

/// A finished PDF.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Time spent laying out and exporting.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Warnings from Typst and the font check.
    pub diagnostics: Diagnostics,
}

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", messages.join("\n"))]
pub struct PdfError {
    pub messages: Vec<String>,
}

/// Renders the book as a PDF.
pub fn render(book: &Book, config: &Config, assets: &Assets) -> Result<Pdf, PdfError> {
    render_kind(book, config, assets, "book")
}

/// Renders one talk as a handout (`book` holds one part with one talk).
pub fn render_handout(book: &Book, config: &Config, assets: &Assets) -> Result<Pdf, PdfError> {
    render_kind(book, config, assets, "handout")
}

fn render_kind(book: &Book, config: &Config, assets: &Assets, kind: &str) -> Result<Pdf, PdfError> {
    WarmWorld::default().render(book, config, assets, kind)
}

/// Renders the book as a PDF, typeset in pieces of about `limit` bytes of
/// text if it holds more (see [`pieces`]); `render` uses
/// [`pieces::piece_bytes`].
pub fn render_with_piece_limit(book: &Book, config: &Config, assets: &Assets, limit: usize) -> Result<Pdf, PdfError> {
    WarmWorld::default().render_limited(book, config, assets, "book", limit)
}

/// A Typst world kept between renders (`notes watch`, handouts): each
/// render swaps in the new data, and Typst's memoization reuses the layout
/// of whatever did not change. A new world is made only when the fonts,
/// the folders or the build's date change.
#[derive(Default)]
pub struct WarmWorld {
    world: Option<(WorldKey, BookWorld)>,
}

/// What a world is made for, beyond its data and template.
#[derive(PartialEq)]
struct WorldKey {
    fonts: Vec<typst::text::Font>,
    source_dir: std::path::PathBuf,
    root: std::path::PathBuf,
    /// Whether the project has a `styles/` folder (the world serves it).
    styles: bool,
    day: i64,
}

impl WarmWorld {
    /// Renders `book` as `kind` (`book` or `handout`).
    pub fn render(&mut self, book: &Book, config: &Config, assets: &Assets, kind: &str) -> Result<Pdf, PdfError> {
        self.render_limited(book, config, assets, kind, pieces::piece_bytes())
    }

    fn render_limited(&mut self, book: &Book, config: &Config, assets: &Assets, kind: &str, piece_limit: usize) -> Result<Pdf, PdfError> {
        let mut timings = Vec::new();
        let t = std::time::Instant::now();
        let (book, mut diagnostics) = prepare(book, assets);
        let book = book.as_ref();
        timings.push(("prepare", t.elapsed()));
        if kind == "book"
            && let Some(ranges) = pieces::plan(book, piece_limit)
        {
            // A big book: typeset in pieces, each in a world of its own.
            let t = std::time::Instant::now();
            let (document, world) = pieces::layout_pieces(book, config, assets, &ranges, &mut diagnostics)?;
            timings.push(("layout", t.elapsed()));
            let (bytes, pages) = export_document(&document, &world, config, book, assets, &mut timings)?;
            return Ok(Pdf { bytes, pages, diagnostics, timings });
        }
        let t = std::time::Instant::now();
        let key = WorldKey {
            fonts: assets.fonts.faces.iter().map(|f| f.font.clone()).collect(),
            source_dir: assets.source_dir.clone(),
            root: assets.root.clone(),
            styles: assets.root.join("styles").is_dir(),
            day: assets.build_time.div_euclid(86_400),
        };
        let world = match &mut self.world {
            Some((old, world)) if *old == key => {
                let data = crate::typeset::serialize(book, config, kind).map_err(|e| PdfError { messages: vec![format!("cannot serialize the book: {e}")] })?;
                world.update(&assets.template.0, data);
                world
            }
            slot => {
                let world = world_for(book, config, assets, kind).map_err(|e| PdfError { messages: vec![e] })?;
                &mut slot.insert((key, world)).1
            }
        };
        timings.push(("data", t.elapsed()));
        let (bytes, pages) = export(world, config, book, assets, &mut diagnostics, &mut timings)?;
        Ok(Pdf { bytes, pages, diagnostics, timings })
    }
}

/// Lets Typst forget memoized work not used by the last few renders, so
/// that a long `notes watch` does not grow without end.
pub fn forget_old_work() {
    typst::comemo::evict(10);
}

fn export(
    world: &BookWorld,
    config: &Config,
    book: &Book,
    assets: &Assets,
    diagnostics: &mut Diagnostics,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
) -> Result<(Vec<u8>, usize), PdfError> {
    let t = std::time::Instant::now();
    let (output, warnings) = layout(world);
    timings.push(("layout", t.elapsed()));
    for w in warnings {
        diagnostics.push(Diagnostic::warning("typst", w));
    }
    let document = output.map_err(|messages| PdfError { messages })?;
    export_document(&document, world, config, book, assets, timings)
}

/// Writes a laid-out document as PDF bytes; `world` names places in errors.
fn export_document(
    document: &typst_layout::PagedDocument,
    world: &BookWorld,
    config: &Config,
    book: &Book,
    assets: &Assets,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
) -> Result<(Vec<u8>, usize), PdfError> {
    let t = std::time::Instant::now();
    let standards = match config.pdf_standard {
        PdfStandard::A2b => PdfStandards::new(&[TypstStandard::A_2b]),
        PdfStandard::Ua1 => PdfStandards::new(&[TypstStandard::Ua_1]),
        PdfStandard::None => Ok(PdfStandards::default()),
    }
    .map_err(|e| PdfError { messages: vec![e.message().to_string()] })?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("notes:{}:{}", book.meta.title, book.meta.authors.join(","))),
        creator: Smart::Custom(Some(format!("notes {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(build_datetime(assets.build_time, true))),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(document, &options).map_err(|errors| PdfError { messages: errors.iter().map(|e| describe(world, e)).collect() })?;
    timings.push(("export", t.elapsed()));
    Ok((bytes, document.pages().len()))
}

/// Warns about every character no font can show, naming the file and the
/// line of the block it is in (once per character and file).
fn check_coverage(book: &Book, assets: &Assets) -> (Diagnostics, Vec<char>) {
    let mut diags = Diagnostics::new();
    let mut missing: Vec<char> = Vec::new();
    let faces: Vec<_> = assets.fonts.faces.iter().map(|f| f.info()).collect();
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut covered = |c: char| *known.entry(c).or_insert_with(|| faces.iter().any(|f| f.coverage.contains(c as u32)));
    let mut check = |text: &str, file: &str, pos: Pos, seen: &mut Vec<char>, diags: &mut Diagnostics| {
        for c in text.chars() {
            if is_unprintable(c) {
                // Control characters were reported when the note was read;
                // they are left out of the PDF.
                if !missing.contains(&c) {
                    missing.push(c);
                }
                continue;
            }
            if c.is_whitespace() || seen.contains(&c) || covered(c) {
                continue;
            }
            // Characters that only shape others need no glyph of their own.
            if matches!(c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{fffd}') {
                continue;
            }
            seen.push(c);
            if !missing.contains(&c) {
                missing.push(c);
            }
            diags.push(
                Diagnostic::warning("missing-glyph", format!("no font has the character {c:?} (U+{:04X}); it is shown as an empty box in the PDF", c as u32))
                    .in_file(assets.shown_dir.join(file))
                    .at(pos, 1)
                    .with_help("put a font that has it (for example a Noto font) in fonts/, or name one in [fonts] fallback"),
            );
        }
    };
    for part in &book.parts {
        let file = part.source.as_ref().map(|s| s.path.as_str()).unwrap_or("");
        let mut seen = Vec::new();
        visit_text(&part.title, part.pos, &mut |t, p| check(t, file, p, &mut seen, &mut diags));
        visit_blocks(&part.blocks, &mut |t, p| check(t, file, p, &mut seen, &mut diags));
        for chapter in &part.chapters {
            let file = chapter.source.path.as_str();
            let mut seen = Vec::new();
            visit_text(&chapter.title, chapter.pos, &mut |t, p| check(t, file, p, &mut seen, &mut diags));
            visit_blocks(&chapter.blocks, &mut |t, p| check(t, file, p, &mut seen, &mut diags));
            for note in &chapter.footnotes {
                visit_blocks(&note.blocks, &mut |t, p| check(t, file, p, &mut seen, &mut diags));
            }
        }
    }
    (diags, missing)
}

/// The book as the PDF can show it, with warnings: characters no font has
/// become a box the fonts do have (a PDF/A file may not use a font's
/// "missing glyph"), unprintable characters are left out, and words too
/// long for a line get places to break, so that they wrap instead of
/// running off the page. The book is copied only when it needs any of this.
pub fn prepare<'a>(book: &'a Book, assets: &Assets) -> (std::borrow::Cow<'a, Book>, Diagnostics) {
    let (diagnostics, missing) = check_coverage(book, assets);
    if missing.is_empty() && !has_long_runs(book) {
        return (std::borrow::Cow::Borrowed(book), diagnostics);
    }
    let mut copy = book.clone();
    let placeholder = ['□', '?'].into_iter().find(|&c| assets.fonts.faces.iter().any(|f| f.info().coverage.contains(c as u32))).unwrap_or(' ');
    substitute(&mut copy, &missing, placeholder);
    (std::borrow::Cow::Owned(copy), diagnostics)
}

/// Runs of this many characters without a break opportunity get some.
const LONG_RUN: usize = 30;

/// Whether any text of the book has a run of characters too long to fit a
/// line without a place to break.
fn has_long_runs(book: &Book) -> bool {
    let mut found = false;
    let mut check = |text: &str, _: Pos| found = found || (text.len() > LONG_RUN && break_long_runs(text).is_some());
    for part in &book.parts {
        visit_text(&part.title, part.pos, &mut check);
        visit_blocks(&part.blocks, &mut check);
        for chapter in &part.chapters {
            visit_text(&chapter.title, chapter.pos, &mut check);
            visit_blocks(&chapter.blocks, &mut check);
            for note in &chapter.footnotes {
                visit_blocks(&note.blocks, &mut check);
            }
        }
    }
    visit_blocks(&book.front, &mut check);
    found
}

/// Inserts zero-width spaces (break opportunities that print nothing) into
/// runs of more than [`LONG_RUN`] characters without one: after `/`, `-`,
/// `_`, `.`, `?`, `&`, `=` and at least every 20 characters. `None` when
/// nothing needs it.
pub fn break_long_runs(s: &str) -> Option<String> {
    let mut run = 0usize;
    let mut needs = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' {
            run = 0;
        } else {
            run += 1;
            if run > LONG_RUN {
                needs = true;
                break;
            }
        }
    }
    if !needs {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut start = 0;
    while start < chars.len() {
        // One run of non-space characters at a time.
        if chars[start].is_whitespace() {
            out.push(chars[start]);
            start += 1;
            continue;
        }
        let end = chars[start..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| start + p);
        let word = &chars[start..end];
        if word.len() <= LONG_RUN {
            out.extend(word);
        } else {
            let mut since = 0;
            for (i, &c) in word.iter().enumerate() {
                out.push(c);
                since += 1;
                let last = i + 1 == word.len();
                if !last && (matches!(c, '/' | '-' | '_' | '.' | '?' | '&' | '=' | ',' | ';') || since >= 20) {
                    out.push('\u{200b}');
                    since = 0;
                }
            }
        }
        start = end;
    }
    Some(out)
}

/// Control characters and non-characters: nothing to print.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE
}

/// Replaces every character of `missing` in the book's text with `with`,
/// and leaves unprintable ones out.
fn substitute(book: &mut Book, missing: &[char], with: char) {
    let fix = |s: &mut String, breaks: bool| {
        if s.contains(missing) {
            *s = s.chars().filter(|&c| !is_unprintable(c)).map(|c| if missing.contains(&c) { with } else { c }).collect();
        }
        if breaks && let Some(broken) = break_long_runs(s) {
            *s = broken;
        }
    };
    let fix_blocks = |blocks: &mut Vec<Block>| {
        walk_blocks_mut(blocks, &mut |b| {
            match b {
                Block::Code { text, .. } => fix(text, true),
                Block::Figure { image, .. } => fix(&mut image.alt, false),
                _ => {}
            }
            for seq in crate::doc::block_inlines_mut(b) {
                fix_inlines(seq, false, &fix);
            }
        });
    };
    for part in &mut book.parts {
        fix_inlines(&mut part.title, false, &fix);
        fix_blocks(&mut part.blocks);
        for chapter in &mut part.chapters {
            fix_inlines(&mut chapter.title, false, &fix);
            fix_blocks(&mut chapter.blocks);
            for note in &mut chapter.footnotes {
                fix_blocks(&mut note.blocks);
            }
        }
    }
    fix_blocks(&mut book.front);
}

/// Applies `fix` to the text of inlines; text inside a link to a URL gets
/// no break points (Typst breaks URLs itself, and a copied URL must work).
fn fix_inlines(seq: &mut [Inline], in_url: bool, fix: &dyn Fn(&mut String, bool)) {
    for inline in seq.iter_mut() {
        match inline {
            Inline::Text { text } | Inline::Code { text } => fix(text, !in_url),
            Inline::Image { image } => fix(&mut image.alt, false),
            Inline::Link { target, content, .. } => {
                let url = matches!(target, crate::doc::Target::Url(_));
                fix_inlines(content, in_url || url, fix);
            }
            Inline::Emph { content } | Inline::Strong { content } | Inline::Strike { content } | Inline::Sub { content } | Inline::Sup { content } => {
                fix_inlines(content, in_url, fix)
            }
            _ => {}
        }
    }
}

/// Calls `f` with every piece of text in `blocks` and the position of the
/// block it is in.
pub(crate) fn visit_blocks(blocks: &[Block], f: &mut dyn FnMut(&str, Pos)) {
    walk_blocks(blocks, &mut |block| {
        let pos = block.pos();
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } | Block::Rubric { content, .. } => visit_text(content, pos, f),
            Block::Code { text, .. } => f(text, pos),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    visit_text(&item.term, pos, f);
                }
            }
            Block::LineBlock { lines, .. } => {
                for line in lines {
                    visit_text(&line.content, pos, f);
                }
            }
            Block::Figure { caption, image, .. } => {
                visit_text(caption, pos, f);
                f(&image.alt, pos);
            }
            Block::Admonition { title, .. } => visit_text(title, pos, f),
            Block::Quote { attribution: Some(a), .. } => visit_text(a, pos, f),
            Block::Table { caption: Some(c), .. } => visit_text(c, pos, f),
            _ => {}
        }
    });
}

fn visit_text(inlines: &[Inline], pos: Pos, f: &mut dyn FnMut(&str, Pos)) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => f(text, pos),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Sub { content }
            | Inline::Sup { content }
            | Inline::Link { content, .. } => visit_text(content, pos, f),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_get_break_opportunities() {
        assert_eq!(break_long_runs("short words only"), None);
        let long = "x".repeat(45);
        let broken = break_long_runs(&format!("a {long} b")).unwrap();
        assert_eq!(broken.replace('\u{200b}', ""), format!("a {long} b"));
        assert_eq!(broken.matches('\u{200b}').count(), 2);
        let url = "https://example.org/aaaa/bbbb/cccc/dddd/eeee";
        assert!(break_long_runs(url).unwrap().contains("org/\u{200b}aaaa/\u{200b}"));
    }

    #[test]
    fn long_dates() {
        use crate::typeset::long_date;
        assert_eq!(long_date("2016-11-12"), "November 12, 2016");
        assert_eq!(long_date("2012-03-09"), "March 9, 2012");
        assert_eq!(long_date("soon"), "soon");
    }
}
