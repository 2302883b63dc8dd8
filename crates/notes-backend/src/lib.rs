//! `notes-backend`: the contract of the last step. Every output of `notes`
//! (the book as a PDF, the book as an EPUB, a PDF per talk) is a
//! [`Backend`]: it takes the finished book, read-only, with the
//! configuration and the assets, and returns files as bytes. Backends never
//! look at source files or at each other, and never write to disk: the
//! driver writes what they return, each file atomically. A new output is a
//! new crate implementing this trait and one line where the driver lists
//! the backends.

use std::path::PathBuf;
use std::time::Duration;

use notes_doc::Book;
use notes_doc::diag::Diagnostics;
use notes_project::assets::Assets;
use notes_project::config::Config;

/// What a backend is asked to make: the book (or the part of it `--only`
/// chose), and what it is made with.
pub struct Job<'a> {
    /// The finished book to make, maybe a part of the whole.
    pub book: &'a Book,
    /// The whole book, of which `book` is a part (the same when nothing
    /// was chosen): names that must not change with the choice come from it.
    pub whole: &'a Book,
    pub config: &'a Config,
    pub assets: &'a Assets,
    /// The file name (without extension) of the book's outputs.
    pub stem: &'a str,
    /// Told how far the backend is, for a progress bar.
    pub progress: &'a (dyn Fn(Progress) + Sync),
}

/// How far a backend is.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// A stage begins ("laying out the PDF").
    Stage(&'static str),
    /// `done` of `total` pieces (handouts) are made.
    Pieces { done: usize, total: usize },
}

/// What a backend needs from the driver besides the book.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// A cover image: the one the configuration names, else the title page
    /// drawn by the PDF's typesetter (see `Assets::cover`).
    pub cover: bool,
}

/// One file a backend made, not yet written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Where it goes, relative to the output folder (`book.pdf`,
    /// `handouts/talk.pdf`).
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Pages, for paged outputs.
    pub pages: Option<usize>,
}

/// What a backend made, and what it had to say about the book.
#[derive(Debug, Default)]
pub struct Made {
    pub outputs: Vec<Output>,
    /// Warnings (a character no font has, a template warning).
    pub diagnostics: Diagnostics,
    /// Time spent in each of the backend's stages, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a backend could not make its output.
#[derive(Debug, thiserror::Error)]
#[error("the {backend} could not be made: {source}")]
pub struct BackendError {
    /// What was being made ("PDF", "EPUB", "handouts").
    pub backend: &'static str,
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl BackendError {
    /// Wraps a backend's own error.
    pub fn new(backend: &'static str, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        BackendError { backend, source: source.into() }
    }
}

/// An output of `notes`.
pub trait Backend: Send {
    /// What it makes, for messages ("PDF", "EPUB").
    fn name(&self) -> &'static str;

    /// What it needs besides the book.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// Makes the outputs of `job`. A backend may keep work between calls
    /// (`notes watch` calls it again after each edit).
    fn render(&mut self, job: &Job) -> Result<Made, BackendError>;
}
