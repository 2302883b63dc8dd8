//! Assets: what backends may load besides the tree and the configuration:
//! fonts, images under the source folder, the project's own styles (the
//! backends fall back to their built-in ones), the cover, and the fixed
//! time of the build.
//!
//! Every path a note names is checked here: it must stay inside the source
//! folder once symlinks are followed. Backends never open files themselves.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use notes_doc::paths::{PathError, resolve_inside};

use crate::config::Config;

/// The bytes of a font file, shared (a collection may hold several faces).
#[derive(Clone)]
pub struct FontData(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl FontData {
    /// Font bytes built into the program.
    pub fn from_static(bytes: &'static [u8]) -> Self {
        FontData(Arc::new(bytes))
    }

    /// Font bytes read from a file.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        FontData(Arc::new(bytes))
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        (*self.0).as_ref()
    }

    /// Whether both hold the very same bytes (not a copy).
    pub fn same(&self, other: &FontData) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl std::fmt::Debug for FontData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontData({} bytes)", self.as_slice().len())
    }
}

/// The slant of a font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    Normal,
    Italic,
    Oblique,
}

impl FontStyle {
    /// The CSS name of the style.
    pub fn css(self) -> &'static str {
        match self {
            FontStyle::Normal => "normal",
            FontStyle::Italic => "italic",
            FontStyle::Oblique => "oblique",
        }
    }
}

/// One font face the book may use, described as the PDF's typesetter names
/// it (so that a family named in `notes.toml` means the same in every
/// output).
#[derive(Debug, Clone)]
pub struct FontFace {
    pub family: String,
    pub style: FontStyle,
    /// 100 (thin) to 900 (black); 400 is regular.
    pub weight: u16,
    /// Width in percent of normal (50 to 200).
    pub stretch: u16,
    pub data: FontData,
    /// Which face of a collection file.
    pub index: u32,
    /// Where it came from: `None` for fonts built into `notes`, else the
    /// file under `fonts/` (as the user should see it).
    pub file: Option<String>,
}

/// The fonts of a book: the built-in ones, then those in `fonts/`.
#[derive(Debug, Clone, Default)]
pub struct FontSet {
    pub faces: Vec<FontFace>,
}

/// A problem with a file under `fonts/`.
#[derive(Debug, Clone, PartialEq)]
pub struct FontProblem {
    pub file: String,
    pub message: String,
}

impl FontSet {
    /// The names of all families, sorted, without repeats.
    pub fn families(&self) -> Vec<String> {
        let mut all: Vec<String> = self.faces.iter().map(|f| f.family.clone()).collect();
        all.sort_by_key(|f| f.to_lowercase());
        all.dedup();
        all
    }

    /// Whether a family of that name (in any case) is here.
    pub fn has_family(&self, family: &str) -> bool {
        self.faces.iter().any(|f| f.family.eq_ignore_ascii_case(family))
    }

    /// The faces of one family.
    pub fn family<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a FontFace> + 'a {
        self.faces.iter().filter(move |f| f.family.eq_ignore_ascii_case(family))
    }
}

/// A style file of the project (`styles/book.typ`, `styles/epub.css`).
#[derive(Debug, Clone, PartialEq)]
pub struct StyleFile {
    pub text: String,
    /// The path it came from, relative to the project.
    pub path: String,
}

/// An image given in the configuration (the EPUB's cover), or drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverImage {
    /// The file name it came from (`cover.png`), for messages.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Where the project's files are, and safe access to them.
#[derive(Clone, Debug)]
pub struct Assets {
    /// The source folder, canonicalized.
    pub source_dir: PathBuf,
    /// The source folder as diagnostics show it (relative to where `notes` runs).
    pub shown_dir: PathBuf,
    /// The project root (where `notes.toml` is, or would be).
    pub root: PathBuf,
    pub fonts: FontSet,
    /// The project's own Typst template, if it has one.
    pub template: Option<StyleFile>,
    /// The project's own EPUB stylesheet, if it has one.
    pub css: Option<StyleFile>,
    /// The cover image named in the configuration, if any.
    pub cover: Option<CoverImage>,
    /// The fixed time of this build (Unix seconds): `SOURCE_DATE_EPOCH`, or
    /// the configured date, or the newest source file; never the clock.
    pub build_time: i64,
}

/// An asset that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct AssetError {
    /// The file, as the user should see it.
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl Assets {
    /// Reads an image named by a note. `src` is relative to the source folder
    /// (as normalization leaves it).
    pub fn image(&self, src: &str) -> Result<Vec<u8>, ImageError> {
        let path = resolve_inside(&self.source_dir, src)?;
        std::fs::read(&path).map_err(|e| ImageError::Unreadable { src: src.to_string(), reason: e.to_string() })
    }

    /// The styles folder of the project (`styles/`), if there is one.
    pub fn styles_dir(&self) -> Option<PathBuf> {
        let dir = self.root.join("styles");
        dir.is_dir().then_some(dir)
    }
}

/// Why an image cannot be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImageError {
    #[error(transparent)]
    Path(#[from] PathError),
    #[error("cannot read image {src:?}: {reason}")]
    Unreadable { src: String, reason: String },
}

/// `configured` under `root`, once symlinks are followed: a file the
/// configuration names that leads outside the project (a symlink to
/// `/etc/passwd`) is an error, never read. A missing file is returned as
/// its path (the caller says what it means).
fn inside_root(root: &Path, configured: &str) -> std::io::Result<PathBuf> {
    let path = root.join(configured);
    let Ok(real) = path.canonicalize() else { return Ok(path) };
    let root = root.canonicalize()?;
    if real.starts_with(&root) { Ok(real) } else { Err(std::io::Error::other("it leads outside the project folder (a symlink?); it is not read")) }
}

/// Reads a style file of the project: `None` when there is no such file.
pub fn read_style(root: &Path, configured: &str, shown: &dyn Fn(&Path) -> PathBuf) -> Result<Option<StyleFile>, AssetError> {
    let path = inside_root(root, configured).map_err(|source| AssetError { path: shown(&root.join(configured)), source })?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(StyleFile { text, path: configured.to_string() })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(AssetError { path: shown(&path), source }),
    }
}

/// Reads the cover image the configuration names, if it names one.
pub fn read_cover(root: &Path, config: &Config, shown: &dyn Fn(&Path) -> PathBuf) -> Result<Option<CoverImage>, AssetError> {
    let Some(name) = &config.cover else { return Ok(None) };
    let path = inside_root(root, name).map_err(|source| AssetError { path: shown(&root.join(name)), source })?;
    let bytes = std::fs::read(&path).map_err(|source| AssetError { path: shown(&path), source })?;
    Ok(Some(CoverImage { name: name.clone(), bytes }))
}

/// The fixed time of a build: `SOURCE_DATE_EPOCH`, else the configured
/// date, else the newest file among the notes and the configuration.
pub fn build_time(config: &Config, source_dir: &Path, config_file: Option<&Path>) -> i64 {
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH")
        && let Ok(secs) = s.trim().parse::<i64>()
    {
        return secs;
    }
    if let Some(date) = config.date.as_deref().and_then(notes_doc::dates::parse_date) {
        return notes_doc::dates::unix_of_date(date);
    }
    let mut newest = 0i64;
    let mut visit = |p: &Path| {
        if let Ok(meta) = std::fs::metadata(p)
            && let Ok(modified) = meta.modified()
        {
            let secs = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            newest = newest.max(secs);
        }
    };
    if let Some(c) = config_file {
        visit(c);
    }
    let mut stack = vec![source_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else {
                visit(&p);
            }
        }
    }
    if newest == 0 {
        newest = SystemTime::UNIX_EPOCH.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    }
    newest
}
