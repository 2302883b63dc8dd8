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
use crate::doc::{Block, Book, Inline, Pos, walk_blocks};
use crate::typeset::{BookWorld, build_datetime, describe, layout, world_for};

/// A finished PDF.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Warnings from Typst and the font check.
    pub diagnostics: Diagnostics,
    /// Time spent in each step (`--timings`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
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
        let mut timings = Vec::new();
        let t = std::time::Instant::now();
        let mut diagnostics = check_coverage(book, assets);
        timings.push(("glyphs", t.elapsed()));
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
    let t = std::time::Instant::now();
    for w in warnings {
        diagnostics.push(Diagnostic::warning("typst", w));
    }
    let document = output.map_err(|messages| PdfError { messages })?;
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
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| PdfError { messages: errors.iter().map(|e| describe(world, e)).collect() })?;
    timings.push(("export", t.elapsed()));
    Ok((bytes, document.pages().len()))
}

/// Warns about every character no font can show, naming the file and the
/// line of the block it is in (once per character and file).
fn check_coverage(book: &Book, assets: &Assets) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let faces: Vec<_> = assets.fonts.faces.iter().map(|f| f.info()).collect();
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut covered = |c: char| *known.entry(c).or_insert_with(|| faces.iter().any(|f| f.coverage.contains(c as u32)));
    let mut check = |text: &str, file: &str, pos: Pos, seen: &mut Vec<char>, diags: &mut Diagnostics| {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || seen.contains(&c) || covered(c) {
                continue;
            }
            // Characters that only shape others need no glyph of their own.
            if matches!(c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{fffd}') {
                continue;
            }
            seen.push(c);
            diags.push(
                Diagnostic::warning("missing-glyph", format!("no font has the character {c:?} (U+{:04X}); it will show as an empty box in the PDF", c as u32))
                    .in_file(file)
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
    diags
}

/// Calls `f` with every piece of text in `blocks` and the position of the
/// block it is in.
fn visit_blocks(blocks: &[Block], f: &mut dyn FnMut(&str, Pos)) {
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
    #[test]
    fn long_dates() {
        use crate::typeset::long_date;
        assert_eq!(long_date("2016-11-12"), "November 12, 2016");
        assert_eq!(long_date("2012-03-09"), "March 9, 2012");
        assert_eq!(long_date("soon"), "soon");
    }
}
