//! Typst as a library: the world of a book, the only files Typst can see,
//! and the data the template reads.
//!
//! It serves, under a virtual root: `/main.typ` (generated), `/book.json`
//! (the tree as data), `/styles/book.typ` (the template) and other files
//! under the project's `styles/`, and images under `/sources/` (the source
//! folder). Every real path is canonicalized and must stay inside its
//! folder, so a symlink cannot lead out. Package imports are answered
//! "not found"; nothing is downloaded. Dates are the build's fixed date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use std::fmt::Write as _;

use serde::Serialize;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst_layout::PagedDocument;

use notes_doc::paths::resolve_inside;
use notes_doc::words::Words;
use notes_project::assets::Assets;
use notes_project::config::{Config, Paper};

use crate::PdfError;
use crate::math::{FormulaData, Formulas};
use notes_doc::Book;

/// The file Typst compiles: it imports the template and calls it on the data.
pub const MAIN: &str = "/main.typ";
/// The tree and the settings, as JSON.
pub const DATA: &str = "/book.json";
/// Where the template is served.
pub const TEMPLATE: &str = "/styles/book.typ";
/// The built-in template (a copy of `styles/book.typ`), used when the
/// project has none of its own.
pub const BUILTIN_TEMPLATE: &str = include_str!("../../../styles/book.typ");
/// Where the machinery every template imports is served.
pub const CORE: &str = "/notes/core.typ";
/// The machinery of templates: links by name, page labels, the contents of
/// a big book. Served by `notes`, never copied by users.
pub const CORE_TEXT: &str = include_str!("../typst/core.typ");

/// What a document of the book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// The whole book: title page, contents, events and talks.
    Book,
    /// One talk on its own, with its event and date at the top.
    Handout,
    /// The title page alone (the EPUB's cover is drawn from it).
    Cover,
}

/// The id of a file of the world.
pub fn file_id(path: &str) -> FileId {
    // The paths given here are constants or checked joins: valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/invalid").expect("a valid path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

pub struct BookWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    template: Source,
    /// The machinery ([`CORE_TEXT`]).
    core: Source,
    data: Bytes,
    /// The source folder (canonical), for images.
    source_dir: PathBuf,
    /// The project's `styles/` folder (canonical), if it exists.
    styles_dir: Option<PathBuf>,
    today: Datetime,
    /// The images the notes held themselves as `data:` URLs (a notebook's
    /// saved outputs), decoded, by their name in the tree; served under
    /// `/inline/`.
    held: Arc<HashMap<String, Bytes>>,
    /// Files read from disk during this compilation.
    cache: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl BookWorld {
    pub fn new(fonts: Vec<Font>, template: &str, data: Vec<u8>, source_dir: &Path, styles_dir: Option<&Path>, today: Datetime) -> Self {
        let main_text = format!("#import \"{TEMPLATE}\": render\n#render(json(\"{DATA}\"))\n");
        BookWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_infos(fonts.iter().map(|f| f.info().clone()))),
            fonts,
            main: Source::new(file_id(MAIN), main_text),
            template: Source::new(file_id(TEMPLATE), template.to_string()),
            core: Source::new(file_id(CORE), CORE_TEXT.to_string()),
            data: Bytes::new(data),
            source_dir: source_dir.to_path_buf(),
            styles_dir: styles_dir.and_then(|d| d.canonicalize().ok()),
            today,
            held: Arc::default(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The same world serving the images `book` holds as `data:` URLs
    /// under `/inline/<name>`, where the template looks for them.
    pub fn with_held_images(mut self, book: &Book) -> Self {
        self.hold_images(book);
        self
    }

    /// Serves the images `book` holds as `data:` URLs (see
    /// [`BookWorld::with_held_images`]) in place of those it served.
    pub fn hold_images(&mut self, book: &Book) {
        let held: HashMap<String, Bytes> = notes_doc::book_images(book)
            .into_iter()
            .filter(|image| image.holds_data_url())
            .filter_map(|image| Some((image.src.clone(), Bytes::new(image.held_bytes()?.into_owned()))))
            .collect();
        self.held = Arc::new(held);
    }

    /// The same world with its template and machinery served under names
    /// of their own (`/styles/book.piece-NAME.typ`, `/notes/core.piece-NAME.typ`).
    /// A book typeset in pieces gives each piece its own names: Typst derives
    /// the identity of every element from where in the template it was made,
    /// and pieces joined into one document must not share identities.
    pub fn for_piece(mut self, name: &str) -> Self {
        let template_path = format!("/styles/book.piece-{name}.typ");
        let core_path = format!("/notes/core.piece-{name}.typ");
        self.main = Source::new(file_id(MAIN), format!("#import \"{template_path}\": render\n#render(json(\"{DATA}\"))\n"));
        let template = self.template.text().replace(&format!("\"{CORE}\""), &format!("\"{core_path}\""));
        self.template = Source::new(file_id(&template_path), template);
        self.core = Source::new(file_id(&core_path), CORE_TEXT.to_string());
        self
    }

    /// Replaces the data and template of a world kept between builds (watch
    /// mode): Typst's memoization then reuses whatever did not change.
    pub fn update(&mut self, template: &str, data: Vec<u8>) {
        if self.template.text() != template {
            self.template.replace(template);
        }
        self.data = Bytes::new(data);
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    /// The text of a Typst source of this world, for diagnostics.
    pub fn source_text(&self, id: FileId) -> Option<Source> {
        self.source(id).ok()
    }

    fn read_disk(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_without_slash().to_string();
        let not_found = || FileError::NotFound(PathBuf::from(format!("/{path}")));
        if let Some(name) = path.strip_prefix("inline/") {
            return self.held.get(name).cloned().ok_or_else(not_found);
        }
        let real = if let Some(rel) = path.strip_prefix("sources/") {
            resolve_inside(&self.source_dir, rel).map_err(|_| not_found())?
        } else if let Some(rel) = path.strip_prefix("styles/") {
            let dir = self.styles_dir.as_ref().ok_or_else(not_found)?;
            resolve_inside(dir, rel).map_err(|_| not_found())?
        } else {
            return Err(not_found());
        };
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&real).map(Bytes::new).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => FileError::AccessDenied,
            _ => not_found(),
        })
    }
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if id == self.template.id() {
            return Ok(self.template.clone());
        }
        if id == self.core.id() {
            return Ok(self.core.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        if id == self.template.id() {
            return Ok(Bytes::from_string(self.template.clone()));
        }
        if id == self.core.id() {
            return Ok(Bytes::from_string(self.core.clone()));
        }
        if id.vpath().get_with_slash() == DATA {
            return Ok(self.data.clone());
        }
        let mut cache = self.cache.lock().map_err(|_| FileError::Other(None))?;
        cache.entry(id).or_insert_with(|| self.read_disk(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// What the template receives besides the tree: the settings that concern
/// the look.
#[derive(Serialize)]
struct Settings<'a> {
    paper: &'static str,
    two_sided: bool,
    contents_depth: u8,
    /// How many levels the bookmarks hold.
    bookmarks_depth: u8,
    language: &'a str,
    region: Option<&'a str>,
    body_font: &'a str,
    heading_font: &'a str,
    mono_font: &'a str,
    fallback_fonts: &'a [String],
    font_size: f64,
    highlight: bool,
    /// Title page date, long form ("November 12, 2016").
    date_long: String,
    /// What kind of document.
    kind: DocumentKind,
    /// The words of the book in its language (`Contents`, month names).
    words: &'static Words,
    /// Set when the book is typeset in pieces (see `write::pdf::chunks`).
    #[serde(skip_serializing_if = "Option::is_none")]
    chunk: Option<&'a Chunk>,
}

/// One piece of a book typeset in pieces: either some of its parts, or its
/// front matter with a contents drawn from data.
#[derive(Debug, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Chunk {
    /// Parts of the body; the first opens on `first_page`, and the first
    /// footnote is numbered `first_footnote + 1`.
    Body { first_page: u64, first_footnote: u64 },
    /// The title page, the contents and the book's opening text.
    Front { contents: Vec<ContentsEntry> },
    /// The indexes at the back, opening on `first_page`: the places they
    /// point at are in other pieces, so their pages come as data.
    Back { first_page: u64, first_footnote: u64, pages: std::collections::BTreeMap<String, PlacePage> },
}

/// Where an anchor of the book was laid out: its page in the joined
/// document (from 0) and the number printed on it.
#[derive(Debug, Clone, Serialize)]
pub struct PlacePage {
    pub page: usize,
    pub shown: String,
}

/// A line of a contents drawn from data.
#[derive(Debug, Clone, Serialize)]
pub struct ContentsEntry {
    pub level: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: Vec<notes_doc::Inline>,
    pub id: String,
    pub page: String,
}

/// The book as the template sees it: all of it, or some of its parts.
#[derive(Serialize)]
struct BookView<'a> {
    version: u32,
    meta: &'a notes_doc::BookMeta,
    front: &'a [notes_doc::Block],
    parts: &'a [notes_doc::Part],
    /// The indexes at the back: in a book typeset whole, or in the piece
    /// that holds the back matter.
    indexes: &'a [notes_doc::BookIndex],
}

#[derive(Serialize)]
struct Data<'a> {
    settings: Settings<'a>,
    book: BookView<'a>,
    /// The checked Typst markup of the formulas (see [`crate::math`]).
    math: FormulaData<'a>,
}

/// The JSON the template reads.
pub fn serialize(book: &Book, config: &Config, kind: DocumentKind) -> serde_json::Result<Vec<u8>> {
    serialize_with(book, config, kind, &Formulas::of(book).0)
}

/// The JSON the template reads, with the formulas already converted.
pub fn serialize_with(book: &Book, config: &Config, kind: DocumentKind, formulas: &Formulas) -> serde_json::Result<Vec<u8>> {
    serialize_piece(book, config, kind, None, &book.parts, formulas)
}

/// The JSON the template reads for a piece of the book: `parts` (a slice of
/// the book's) and what `chunk` says.
pub fn serialize_piece(
    book: &Book,
    config: &Config,
    kind: DocumentKind,
    chunk: Option<&Chunk>,
    parts: &[notes_doc::Part],
    formulas: &Formulas,
) -> serde_json::Result<Vec<u8>> {
    let words = Words::of(&config.language);
    let (language, region) = match config.language.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (config.language.as_str(), None),
    };
    // A contents drawn from data shows the talks' titles, formulas and all.
    let contents_titles: Vec<&[notes_doc::Inline]> = match chunk {
        Some(Chunk::Front { contents }) => contents.iter().map(|e| e.title.as_slice()).collect(),
        _ => Vec::new(),
    };
    let mut font_size = config.fonts.size;
    if config.paper == Paper::Ereader {
        font_size += 1.0;
    }
    let data = Data {
        settings: Settings {
            paper: config.paper.name(),
            two_sided: config.two_sided,
            contents_depth: config.contents_depth,
            bookmarks_depth: config.bookmarks_depth.unwrap_or(99),
            language,
            region,
            body_font: &config.fonts.body,
            heading_font: config.fonts.heading.as_deref().unwrap_or(&config.fonts.body),
            mono_font: &config.fonts.mono,
            fallback_fonts: &config.fonts.fallback,
            font_size,
            highlight: config.highlight,
            date_long: words.long_date(&book.meta.date),
            kind,
            words,
            chunk,
        },
        book: BookView {
            version: book.version,
            meta: &book.meta,
            front: &book.front,
            parts,
            indexes: if matches!(chunk, None | Some(Chunk::Back { .. })) { &book.indexes } else { &[] },
        },
        math: formulas.data(&book.front, parts, &contents_titles),
    };
    serde_json::to_vec(&data)
}

/// A Unix time as a Typst date, with or without its time of day.
pub fn build_datetime(unix: i64, with_time: bool) -> Datetime {
    let date = notes_doc::dates::date_of_unix(unix);
    let (y, m, d) = (i32::from(date.year()), date.month() as u8, date.day() as u8);
    let (hour, minute, second) = notes_doc::dates::time_of_unix(unix);
    let date = if with_time { Datetime::from_ymd_hms(y, m, d, hour, minute, second) } else { Datetime::from_ymd(y, m, d) };
    // Every date `date_of_unix` gives is a valid calendar date.
    date.or_else(|| Datetime::from_ymd(1970, 1, 1)).expect("1970-01-01 is a valid date")
}

/// A Typst diagnostic as a line of text, with a project-relative
/// `path:line:column` (never a path on disk).
pub fn describe(world: &BookWorld, d: &SourceDiagnostic) -> String {
    let mut out = String::new();
    let severity = match d.severity {
        TypstSeverity::Error => "error",
        TypstSeverity::Warning => "warning",
    };
    let _ = write!(out, "typst {severity}: {}", d.message);
    if let Some(id) = d.span.id() {
        let place = id.vpath().get_with_slash().to_string();
        let shown = if place == TEMPLATE || (place.starts_with("/styles/book.piece-") && place.ends_with(".typ")) {
            "styles/book.typ (the template)".to_string()
        } else if place.starts_with("/notes/core") {
            "notes/core.typ (built into notes)".to_string()
        } else {
            place.trim_start_matches('/').to_string()
        };
        match world.range(d.span).and_then(|r| world.source_text(id).map(|s| (r, s))) {
            Some((range, source)) => {
                let line = source.lines().byte_to_line(range.start).map_or(0, |l| l + 1);
                let col = source.lines().byte_to_column(range.start).map_or(0, |c| c + 1);
                let _ = write!(out, " (at {shown}:{line}:{col})");
            }
            None => {
                let _ = write!(out, " (in {shown})");
            }
        }
    }
    for hint in &d.hints {
        let _ = write!(out, "\n  hint: {}", hint.v);
    }
    out
}

/// A world for `book` drawn by the project's template, as `kind`
/// (`book`, `handout`, or `cover`: the title page alone).
pub fn world_for(book: &Book, config: &Config, assets: &Assets, kind: DocumentKind) -> Result<BookWorld, PdfError> {
    let data = serialize(book, config, kind)?;
    Ok(world_with_data(data, assets).with_held_images(book))
}

/// [`world_for`], with the formulas already converted.
pub fn world_with(book: &Book, config: &Config, assets: &Assets, kind: DocumentKind, formulas: &Formulas) -> Result<BookWorld, PdfError> {
    let data = serialize_with(book, config, kind, formulas)?;
    Ok(world_with_data(data, assets).with_held_images(book))
}

/// The text of the project's template, else of the built-in one.
pub fn template_text(assets: &Assets) -> &str {
    assets.template.as_ref().map_or(BUILTIN_TEMPLATE, |t| t.text.as_str())
}

/// A world that serves `data` (made by [`serialize`] or [`serialize_piece`])
/// to the project's template.
pub fn world_with_data(data: Vec<u8>, assets: &Assets) -> BookWorld {
    let fonts = crate::fonts::typst_fonts(&assets.fonts);
    let styles_dir = assets.root.join("styles");
    BookWorld::new(
        fonts,
        template_text(assets),
        data,
        &assets.source_dir,
        styles_dir.is_dir().then_some(styles_dir.as_path()),
        build_datetime(assets.build_time, false),
    )
}

/// Lays out the world's document. Errors and warnings come as text with
/// project-relative places.
pub fn layout(world: &BookWorld) -> (Result<PagedDocument, Vec<String>>, Vec<String>) {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let warnings = warnings.iter().map(|w| describe(world, w)).collect();
    (output.map_err(|errors| errors.iter().map(|e| describe(world, e)).collect()), warnings)
}

/// The book's title page as a PNG image, `width` pixels wide: the EPUB's
/// cover when no cover image is configured.
pub fn cover_png(book: &Book, config: &Config, assets: &Assets, width: u32) -> Result<Vec<u8>, PdfError> {
    let world = world_for(book, config, assets, DocumentKind::Cover)?;
    let document = layout(&world).0.map_err(PdfError::Typst)?;
    let page = document.pages().first().ok_or(PdfError::EmptyCover)?;
    let page_width = page.frame.width().to_pt();
    let options = typst_render::RenderOptions { pixel_per_pt: typst::utils::Scalar::new(f64::from(width) / page_width.max(1.0)), ..Default::default() };
    let pixmap = typst_render::render(page, &options);
    pixmap.encode_png().map_err(|e| PdfError::CoverImage(e.to_string()))
}
