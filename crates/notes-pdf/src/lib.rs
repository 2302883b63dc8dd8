//! `notes-pdf`: the PDF backend. Typst, embedded as a library; the only
//! crate of `notes` that knows Typst.
//!
//! The finished tree is serialized to JSON and served to Typst as a file;
//! the template (`styles/book.typ`, which users may copy and edit) reads it
//! with `json(...)` and turns it into content. Note text is therefore only
//! ever data: it is never parsed as Typst markup, and never given to `eval`.
//! The Rust side owns the structure, the template owns the look. Besides
//! the book, it makes handouts (a PDF per talk) and draws the title page as
//! an image for the EPUB's cover.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard as TypstStandard, PdfStandards, Timestamp};

use notes_backend::{Backend, BackendError, Job, Made, Output, Progress};
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::text::is_unprintable;
use notes_doc::{Block, Book, Inline, Pos, walk_blocks, walk_blocks_mut};
use notes_project::assets::Assets;
use notes_project::config::{Config, PdfStandard};

use crate::world::{BookWorld, DocumentKind, build_datetime, describe, layout};

pub mod booklet;
pub mod depth;
pub mod fonts;
pub mod math;
pub mod pack;
pub mod pieces;
pub mod trace;
pub mod world;

/// Typst itself, for tests and tools that read a laid-out document.
pub use typst;

/// A finished PDF.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Time spent laying out and exporting.
    pub timings: Vec<(&'static str, Duration)>,
    /// Warnings from Typst and the font check.
    pub diagnostics: Diagnostics,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The tree could not be written as the template's data.
    #[error("cannot serialize the book: {0}")]
    Data(#[from] serde_json::Error),
    /// Typst refused the document: its messages, with project-relative places.
    #[error("{}", .0.join("\n"))]
    Typst(Vec<String>),
    /// The PDF standard asked for cannot be used.
    #[error("{0}")]
    Standard(String),
    #[error("the cover has no page")]
    EmptyCover,
    #[error("cannot encode the cover: {0}")]
    CoverImage(String),
}

/// Renders the book as a PDF.
pub fn render(book: &Book, config: &Config, assets: &Assets) -> Result<Pdf, PdfError> {
    WarmWorld::default().render(book, config, assets, DocumentKind::Book)
}

/// Renders one talk as a handout (`book` holds one part with one talk).
pub fn render_handout(book: &Book, config: &Config, assets: &Assets) -> Result<Pdf, PdfError> {
    WarmWorld::default().render(book, config, assets, DocumentKind::Handout)
}

/// Renders the book as a PDF, typeset in pieces of about `limit` bytes of
/// text if it holds more (see [`pieces`]); `render` uses
/// [`pieces::piece_bytes`].
pub fn render_with_piece_limit(book: &Book, config: &Config, assets: &Assets, limit: usize) -> Result<Pdf, PdfError> {
    WarmWorld::default().render_limited(book, config, assets, DocumentKind::Book, limit)
}

/// Renders the book as a PDF as Typst writes it, its objects not packed
/// into object streams (see [`pack`]): for comparing and measuring.
pub fn render_unpacked(book: &Book, config: &Config, assets: &Assets) -> Result<Pdf, PdfError> {
    WarmWorld { unpacked: true, ..WarmWorld::default() }.render(book, config, assets, DocumentKind::Book)
}

/// The book's title page as a PNG image, `width` pixels wide: the EPUB's
/// cover when no cover image is configured. Typst is given the book's
/// metadata only, not its text.
pub fn draw_cover(book: &Book, config: &Config, assets: &Assets, width: u32) -> Result<Vec<u8>, PdfError> {
    let title_only = Book { version: book.version, meta: book.meta.clone(), front: Vec::new(), parts: Vec::new(), indexes: Vec::new() };
    world::cover_png(&title_only, config, assets, width)
}

/// A Typst world kept between renders (`notes watch`, handouts): each
/// render swaps in the new data, and Typst's memoization reuses the layout
/// of whatever did not change. A new world is made only when the fonts,
/// the folders or the build's date change.
#[derive(Default)]
pub struct WarmWorld {
    world: Option<(WorldKey, BookWorld)>,
    /// Whether the PDF is left as Typst wrote it (see [`pack`]).
    unpacked: bool,
}

/// What a world is made for, beyond its data and template.
struct WorldKey {
    fonts: Vec<(notes_project::assets::FontData, u32)>,
    source_dir: std::path::PathBuf,
    root: std::path::PathBuf,
    /// Whether the project has a `styles/` folder (the world serves it).
    styles: bool,
    day: i64,
}

impl WorldKey {
    fn of(assets: &Assets) -> WorldKey {
        WorldKey {
            fonts: assets.fonts.faces.iter().map(|f| (f.data.clone(), f.index)).collect(),
            source_dir: assets.source_dir.clone(),
            root: assets.root.clone(),
            styles: assets.styles_dir().is_some(),
            day: assets.build_time.div_euclid(86_400),
        }
    }
}

impl PartialEq for WorldKey {
    fn eq(&self, other: &Self) -> bool {
        self.fonts.len() == other.fonts.len()
            && self.fonts.iter().zip(&other.fonts).all(|((a, i), (b, j))| i == j && a.same(b))
            && (&self.source_dir, &self.root, self.styles, self.day) == (&other.source_dir, &other.root, other.styles, other.day)
    }
}

impl WarmWorld {
    /// Renders `book` as a book or a handout.
    pub fn render(&mut self, book: &Book, config: &Config, assets: &Assets, kind: DocumentKind) -> Result<Pdf, PdfError> {
        self.render_limited(book, config, assets, kind, pieces::piece_bytes())
    }

    fn render_limited(&mut self, book: &Book, config: &Config, assets: &Assets, kind: DocumentKind, piece_limit: usize) -> Result<Pdf, PdfError> {
        let mut timings = Vec::new();
        let t = Instant::now();
        let (book, mut diagnostics) = prepare(book, assets);
        let book = book.as_ref();
        let formulas = formulas(book, assets, &mut diagnostics);
        timings.push(("prepare", t.elapsed()));
        if kind == DocumentKind::Book
            && let Some(ranges) = pieces::plan(book, piece_limit)
        {
            // A big book: typeset in pieces, each in a world of its own.
            let t = Instant::now();
            let (document, world) = pieces::layout_pieces(book, config, assets, &ranges, &formulas, &mut diagnostics)?;
            timings.push(("layout", t.elapsed()));
            let (bytes, pages) = export_document(&document, &world, config, book, assets, !self.unpacked, &mut timings)?;
            return Ok(Pdf { bytes, pages, diagnostics, timings });
        }
        let t = Instant::now();
        let key = WorldKey::of(assets);
        let world = match &mut self.world {
            Some((old, world)) if *old == key => {
                let data = crate::world::serialize_with(book, config, kind, &formulas)?;
                world.update(crate::world::template_text(assets), data);
                world.hold_images(book);
                world
            }
            slot => {
                let world = crate::world::world_with(book, config, assets, kind, &formulas)?;
                &mut slot.insert((key, world)).1
            }
        };
        timings.push(("data", t.elapsed()));
        let packed = !self.unpacked;
        let (bytes, pages) = export(world, config, book, assets, packed, &mut diagnostics, &mut timings)?;
        Ok(Pdf { bytes, pages, diagnostics, timings })
    }
}

/// The checked Typst markup of the book's formulas, with a warning for
/// each formula the check refused (it is printed as its LaTeX source).
fn formulas(book: &Book, assets: &Assets, diagnostics: &mut Diagnostics) -> math::Formulas {
    let (formulas, refused) = math::Formulas::of(book);
    for r in refused {
        let mut d =
            Diagnostic::warning("math", format!("the formula {:?} is printed as its LaTeX source in the PDF: its Typst form was refused ({})", r.tex, r.why));
        if !r.file.is_empty() {
            d = d.in_file(assets.shown_dir.join(&r.file)).at(r.pos, 1);
        }
        diagnostics.push(d);
    }
    formulas
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
    packed: bool,
    diagnostics: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<(Vec<u8>, usize), PdfError> {
    let t = Instant::now();
    let (output, warnings) = layout(world);
    timings.push(("layout", t.elapsed()));
    for w in warnings {
        diagnostics.push(Diagnostic::warning("typst", w));
    }
    let document = output.map_err(PdfError::Typst)?;
    export_document(&document, world, config, book, assets, packed, timings)
}

/// Writes a laid-out document as PDF bytes, `packed` into object streams
/// or as Typst wrote it; `world` names places in errors.
fn export_document(
    document: &typst_layout::PagedDocument,
    world: &BookWorld,
    config: &Config,
    book: &Book,
    assets: &Assets,
    packed: bool,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<(Vec<u8>, usize), PdfError> {
    let t = Instant::now();
    let standards = match config.pdf_standard {
        PdfStandard::A2b => PdfStandards::new(&[TypstStandard::A_2b]),
        PdfStandard::Ua1 => PdfStandards::new(&[TypstStandard::Ua_1]),
        PdfStandard::None => Ok(PdfStandards::default()),
    }
    .map_err(|e| PdfError::Standard(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("notes:{}:{}", book.meta.title, book.meta.authors.join(","))),
        creator: Smart::Custom(Some(format!("notes {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(build_datetime(assets.build_time, true))),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(document, &options).map_err(|errors| PdfError::Typst(errors.iter().map(|e| describe(world, e)).collect()))?;
    timings.push(("export", t.elapsed()));
    if packed {
        let t = Instant::now();
        let bytes = pack::pack(&bytes).unwrap_or(bytes);
        timings.push(("pack", t.elapsed()));
        return Ok((bytes, document.pages().len()));
    }
    Ok((bytes, document.pages().len()))
}

/// Warns once per note about the characters no font can show, naming
/// them, their scripts and the packages whose fonts would show them, at the
/// place of the first; returns every such character.
fn check_coverage(book: &Book, assets: &Assets) -> (Diagnostics, Vec<char>) {
    let mut diags = Diagnostics::new();
    let mut missing: Vec<char> = Vec::new();
    let fonts = fonts::typst_fonts(&assets.fonts);
    let faces: Vec<_> = fonts.iter().map(|f| f.info()).collect();
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut covered = |c: char| *known.entry(c).or_insert_with(|| faces.iter().any(|f| f.coverage.contains(c as u32)));
    // One note's characters no font has, in order, with the first's place.
    let mut check = |file: &str, visit: &mut dyn FnMut(&mut dyn FnMut(&str, Pos))| {
        let mut lacking: Vec<char> = Vec::new();
        let mut first: Option<Pos> = None;
        visit(&mut |text: &str, pos: Pos| {
            for c in text.chars() {
                if is_unprintable(c) {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                    continue;
                }
                if c.is_whitespace() || lacking.contains(&c) || fonts::needs_no_glyph(c) || covered(c) {
                    continue;
                }
                first.get_or_insert(pos);
                lacking.push(c);
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
        });
        if let Some(pos) = first {
            diags.push(fonts::missing_glyphs_warning(&lacking).in_file(assets.shown_dir.join(file)).at(pos, 1));
        }
    };
    for part in &book.parts {
        let file = part.source.as_ref().map(|s| s.path.as_str()).unwrap_or("");
        check(file, &mut |f| {
            visit_text(&part.title, part.pos, f);
            visit_blocks(&part.blocks, f);
            math::each_formula(&part.blocks, &[&part.title], &mut |t, _, p| f(t, p));
        });
        for chapter in &part.chapters {
            check(&chapter.source.path, &mut |f| {
                visit_text(&chapter.title, chapter.pos, f);
                visit_blocks(&chapter.blocks, f);
                // Formulas: `\text{…}` may hold any character.
                math::each_formula(&chapter.blocks, &[&chapter.title], &mut |t, _, p| f(t, p));
                for note in &chapter.footnotes {
                    visit_blocks(&note.blocks, f);
                    math::each_formula(&note.blocks, &[], &mut |t, _, p| f(t, p));
                }
            });
        }
    }
    (diags, missing)
}

/// The book as the PDF can show it, with warnings: characters no font has
/// become a box the fonts do have (a PDF/A file may not use a font's
/// "missing glyph"), unprintable characters are left out, words too
/// long for a line get places to break, so that they wrap instead of
/// running off the page, and structure nested deeper than the template can
/// go is set one level up ([`depth`]). The book is copied only when it needs any of this.
pub fn prepare<'a>(book: &'a Book, assets: &Assets) -> (std::borrow::Cow<'a, Book>, Diagnostics) {
    let (mut diagnostics, missing) = check_coverage(book, assets);
    if let Some(template) = &assets.template
        && !template.text.lines().any(|line| line.split("//").next().is_some_and(|code| code.contains("foot-mark(")))
    {
        // Copied from a notes before the running heads used the page marks:
        // it still builds, but blank pages before parts get folios again.
        diagnostics.push(
            Diagnostic::warning(
                "template-outdated",
                "this copy of the template is older than notes: it never calls `foot-mark()`, so blank pages before parts are numbered",
            )
            .in_file(&template.path)
            .with_help("copy styles/book.typ of this version of notes and make your changes to it again"),
        );
    }
    let too_deep = depth::too_deep(book);
    if missing.is_empty() && !too_deep && !has_long_runs(book) {
        return (std::borrow::Cow::Borrowed(book), diagnostics);
    }
    let mut copy = book.clone();
    if too_deep {
        depth::limit(&mut copy);
    }
    let fonts = fonts::typst_fonts(&assets.fonts);
    let placeholder = ['□', '?'].into_iter().find(|&c| fonts.iter().any(|f| f.info().coverage.contains(c as u32))).unwrap_or(' ');
    substitute(&mut copy, &missing, placeholder);
    (std::borrow::Cow::Owned(copy), diagnostics)
}

/// Runs of this many characters without a break opportunity get some.
const LONG_RUN: usize = 30;

/// Whether any text of the book has a run of characters too long to fit a
/// line without a place to break, in one piece of text or across pieces
/// (`[[[…` is one piece per bracket; `a*b*c*d*…` alternates emphasis).
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
    if found {
        return true;
    }
    let mut across = |seq: &[Inline]| {
        let mut runs = Runs::default();
        found = found || runs.needs_breaks(seq, false);
    };
    let blocks_across = |blocks: &[Block], across: &mut dyn FnMut(&[Inline])| {
        walk_blocks(blocks, &mut |b| notes_doc::block_inlines(b).into_iter().for_each(&mut *across));
    };
    for part in &book.parts {
        across(&part.title);
        blocks_across(&part.blocks, &mut across);
        for chapter in &part.chapters {
            across(&chapter.title);
            blocks_across(&chapter.blocks, &mut across);
            for note in &chapter.footnotes {
                blocks_across(&note.blocks, &mut across);
            }
        }
    }
    blocks_across(&book.front, &mut across);
    found
}

/// The characters since the last place to break, carried from one piece of
/// text of a paragraph to the next: a run made of many short pieces gets a
/// place to break between two pieces once it is [`CARRIED_RUN`] long (runs
/// inside one piece are broken by [`break_long_runs`]).
#[derive(Default)]
struct Runs {
    run: usize,
}

/// A run this long, made of several pieces of text, gets a place to break
/// where a piece starts.
const CARRIED_RUN: usize = 20;

impl Runs {
    /// Whether a piece starting here needs a break before it.
    fn break_before(&self, text: &str) -> bool {
        self.run >= CARRIED_RUN && text.chars().next().is_some_and(|c| !c.is_whitespace() && c != '\u{200b}')
    }

    /// Counts the characters of `text` into the run.
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' {
                self.run = 0;
            } else {
                self.run += 1;
            }
        }
    }

    /// Whether a sequence has a run across pieces that needs a break.
    fn needs_breaks(&mut self, seq: &[Inline], in_url: bool) -> bool {
        for inline in seq {
            match inline {
                Inline::Text { text } | Inline::Code { text } => {
                    if !in_url && self.break_before(text) {
                        return true;
                    }
                    if in_url { self.run = 0 } else { self.feed(text) }
                }
                Inline::Link { target, content, .. } => {
                    let url = in_url || matches!(target, notes_doc::Target::Url(_));
                    if self.needs_breaks(content, url) {
                        return true;
                    }
                }
                Inline::Emph { content } | Inline::Strong { content } | Inline::Strike { content } | Inline::Sub { content } | Inline::Sup { content } => {
                    if self.needs_breaks(content, in_url) {
                        return true;
                    }
                }
                Inline::Anchor { .. } | Inline::Index { .. } => {}
                _ => self.run = 0,
            }
        }
        false
    }

    /// Inserts the breaks [`Runs::needs_breaks`] finds.
    fn insert_breaks(&mut self, seq: &mut [Inline], in_url: bool) {
        for inline in seq.iter_mut() {
            match inline {
                Inline::Text { text } | Inline::Code { text } => {
                    if in_url {
                        self.run = 0;
                        continue;
                    }
                    if self.break_before(text) {
                        text.insert(0, '\u{200b}');
                    }
                    self.feed(text);
                }
                Inline::Link { target, content, .. } => {
                    let url = in_url || matches!(target, notes_doc::Target::Url(_));
                    self.insert_breaks(content, url);
                }
                Inline::Emph { content } | Inline::Strong { content } | Inline::Strike { content } | Inline::Sub { content } | Inline::Sup { content } => {
                    self.insert_breaks(content, in_url)
                }
                Inline::Anchor { .. } | Inline::Index { .. } => {}
                _ => self.run = 0,
            }
        }
    }
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
                Block::Math { tex, .. } => fix(tex, false),
                _ => {}
            }
            for seq in notes_doc::block_inlines_mut(b) {
                fix_inlines(seq, false, &fix);
                Runs::default().insert_breaks(seq, false);
            }
        });
    };
    for part in &mut book.parts {
        fix_inlines(&mut part.title, false, &fix);
        Runs::default().insert_breaks(&mut part.title, false);
        fix_blocks(&mut part.blocks);
        for chapter in &mut part.chapters {
            fix_inlines(&mut chapter.title, false, &fix);
            Runs::default().insert_breaks(&mut chapter.title, false);
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
            // A formula's characters too (`\text{…}` may hold any).
            Inline::Math { tex, .. } => fix(tex, false),
            Inline::Link { target, content, .. } => {
                let url = matches!(target, notes_doc::Target::Url(_));
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

pub(crate) fn visit_text(inlines: &[Inline], pos: Pos, f: &mut dyn FnMut(&str, Pos)) {
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

/// The book as a PDF: `<stem>.pdf`. Keeps a warm world between builds.
#[derive(Default)]
pub struct PdfBackend {
    warm: WarmWorld,
}

impl Backend for PdfBackend {
    fn name(&self) -> &'static str {
        "PDF"
    }

    fn render(&mut self, job: &Job) -> Result<Made, BackendError> {
        (job.progress)(Progress::Stage("laying out the PDF"));
        let started = Instant::now();
        let tracing = trace::start();
        let pdf = self.warm.render(job.book, job.config, job.assets, DocumentKind::Book);
        let mut diagnostics = Diagnostics::new();
        if tracing && let Err(e) = trace::finish() {
            diagnostics.push(Diagnostic::warning("trace", e));
        }
        let mut pdf = pdf.map_err(|e| BackendError::new("PDF", e))?;
        pdf.diagnostics.extend(diagnostics);
        let mut timings = vec![("pdf", started.elapsed())];
        timings.extend(pdf.timings.into_iter().map(|(step, took)| (step_name(step), took)));
        forget_old_work();
        Ok(Made {
            outputs: vec![Output { path: format!("{}.pdf", job.stem).into(), bytes: pdf.bytes, pages: Some(pdf.pages) }],
            diagnostics: pdf.diagnostics,
            timings,
        })
    }
}

/// The name a step of the PDF is shown by in `--timings`, under "pdf".
fn step_name(step: &'static str) -> &'static str {
    match step {
        "prepare" => "  prepare",
        "data" => "  data",
        "layout" => "  layout",
        "export" => "  export",
        "pack" => "  pack",
        other => other,
    }
}

/// A PDF per talk: `handouts/<talk>.pdf`, made on several threads, each
/// with a warm world of its own.
pub struct HandoutsBackend {
    warm: Vec<WarmWorld>,
}

impl HandoutsBackend {
    /// Handouts made on `threads` threads (at least one).
    pub fn with_threads(threads: usize) -> Self {
        HandoutsBackend { warm: (0..threads.max(1)).map(|_| WarmWorld::default()).collect() }
    }
}

impl Default for HandoutsBackend {
    /// As many threads as there are processors, at most 4.
    fn default() -> Self {
        HandoutsBackend::with_threads(std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4))
    }
}

impl Backend for HandoutsBackend {
    fn name(&self) -> &'static str {
        "handouts"
    }

    /// The handouts of the talks of `job.book`, named as in the whole book,
    /// so that a talk's handout has the same name with `--only` or not.
    fn render(&mut self, job: &Job) -> Result<Made, BackendError> {
        (job.progress)(Progress::Stage("making the handouts"));
        let started = Instant::now();
        let wanted: std::collections::HashSet<&str> = job.book.parts.iter().flat_map(|p| p.chapters.iter().map(|c| c.id.as_str())).collect();
        let all: Vec<_> = notes_normalize::select::handouts(job.whole).into_iter().filter(|h| wanted.contains(h.talk_id.as_str())).collect();
        let total = all.len();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<Pdf, PdfError>>>> = Mutex::new((0..total).map(|_| None).collect());
        (job.progress)(Progress::Pieces { done: 0, total });
        let threads = self.warm.len().min(total).max(1);
        std::thread::scope(|scope| {
            for warm in self.warm.iter_mut().take(threads) {
                let (all, next, done, results) = (&all, &next, &done, &results);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(handout) = all.get(i) else { break };
                        let result = warm.render(&handout.book, job.config, job.assets, DocumentKind::Handout);
                        if let Ok(mut slots) = results.lock() {
                            slots[i] = Some(result);
                        }
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        (job.progress)(Progress::Pieces { done: n, total });
                    }
                });
            }
        });
        let slots = results.into_inner().map_err(|_| BackendError::new("handouts", "a thread making handouts failed"))?;
        let mut made = Made::default();
        for (handout, slot) in all.into_iter().zip(slots) {
            match slot {
                Some(Ok(pdf)) => {
                    made.diagnostics.extend(pdf.diagnostics);
                    made.outputs.push(Output { path: format!("handouts/{}.pdf", handout.name).into(), bytes: pdf.bytes, pages: Some(pdf.pages) });
                }
                Some(Err(e)) => return Err(BackendError::new("handouts", format!("the handout {:?} could not be made:\n{e}", handout.name))),
                None => return Err(BackendError::new("handouts", format!("the handout {:?} was not made", handout.name))),
            }
        }
        forget_old_work();
        made.timings.push(("handouts", started.elapsed()));
        Ok(made)
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
}
