//! Typst as a library: the world of a book, the only files Typst can see.
//! Used by the PDF backend, and by the EPUB backend to draw its cover.
//!
//! It serves, under a virtual root: `/main.typ` (generated), `/book.json`
//! (the tree as data), `/styles/book.typ` (the template) and other files
//! under the project's `styles/`, and images under `/sources/` (the source
//! folder). Every real path is canonicalized and must stay inside its
//! folder, so a symlink cannot lead out. Package imports are answered
//! "not found"; nothing is downloaded. Dates are the build's fixed date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::assets::resolve_inside;

pub const MAIN: &str = "/main.typ";
pub const DATA: &str = "/book.json";
pub const TEMPLATE: &str = "/styles/book.typ";

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
    data: Bytes,
    /// The source folder (canonical), for images.
    source_dir: PathBuf,
    /// The project's `styles/` folder (canonical), if it exists.
    styles_dir: Option<PathBuf>,
    today: Datetime,
    /// Files read from disk during this compilation.
    cache: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl BookWorld {
    pub fn new(
        fonts: Vec<Font>,
        template: &str,
        data: Vec<u8>,
        source_dir: &Path,
        styles_dir: Option<&Path>,
        today: Datetime,
    ) -> Self {
        let main_text = format!("#import \"{TEMPLATE}\": render\n#render(json(\"{DATA}\"))\n");
        BookWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_infos(fonts.iter().map(|f| f.info().clone()))),
            fonts,
            main: Source::new(file_id(MAIN), main_text),
            template: Source::new(file_id(TEMPLATE), template.to_string()),
            data: Bytes::new(data),
            source_dir: source_dir.to_path_buf(),
            styles_dir: styles_dir.and_then(|d| d.canonicalize().ok()),
            today,
            cache: Mutex::new(HashMap::new()),
        }
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
