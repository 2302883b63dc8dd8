//! `notes-read`: the readers, one per input format, each turning the text of one note into the
//! same [`Note`] (blocks of the document tree, plus what the note says about
//! the book's order).
//!
//! Readers report problems as diagnostics with line and column; they never
//! print, never exit, never touch other files (except reST `include`, which
//! asks the caller's [`Includes`]) and never panic on any input.

pub mod cell;
pub mod dialect;
pub mod frontmatter;
pub mod markdown;
pub mod math;
pub mod notebook;
pub mod rst;

use notes_doc::diag::FileDiagnostics;
use notes_doc::{Block, Footnote, Format, Pos, TalkMeta};

/// One note, as its reader understood it. Headings keep the levels the note
/// used (1 = the outermost style it used); normalization picks the title and
/// shifts the rest.
#[derive(Debug, Clone, Default)]
pub struct Note {
    /// A title given outside the body (front matter); otherwise the first
    /// heading of `blocks` is the title.
    pub title: Option<String>,
    pub meta: TalkMeta,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Tables of contents (reST `toctree`, a Markdown index's list of
    /// links), in the order they appear.
    pub tocs: Vec<Toc>,
    /// Labels (reST `.. _name:`) placed before the note's first heading.
    pub title_labels: Vec<String>,
    /// What the note's front matter says about its place in a site (draft,
    /// weight, categories …), for the layouts that order by it.
    pub facts: frontmatter::Facts,
}

/// A list of other notes, giving the book's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Toc {
    pub entries: Vec<TocEntry>,
    /// Where in [`Note::blocks`] the list stood: blocks before it come
    /// before it.
    pub at_block: usize,
    /// reST `:hidden:`: the notes belong to the book but the list is not a
    /// visible table of contents.
    pub hidden: bool,
    /// reST `:glob:`: entries are patterns (`*`, `?`, `[...]`).
    pub glob: bool,
    /// reST `:numbered:`.
    pub numbered: bool,
    /// reST `:maxdepth:`.
    pub max_depth: Option<u32>,
    /// reST `:caption:`, or the Markdown paragraph that introduced the list.
    pub caption: Option<String>,
    pub pos: Pos,
}

/// One entry of a [`Toc`].
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// The path as written, relative to the listing note, `/`-separated,
    /// with or without extension (`pycodeconf/index`, `talk.md`).
    pub target: String,
    /// A title that replaces the note's own (reST `Title <target>`).
    pub title: Option<String>,
    pub pos: Pos,
}

/// What a reader needs to know besides the text.
pub struct ReadContext<'a> {
    /// The note's path relative to the source folder, `/`-separated: links
    /// and images are resolved against it.
    pub path: &'a str,
    /// Whether the project treats this note as an index (its lists of links
    /// to other notes give the book's order).
    pub is_index: bool,
    /// Access to other files of the project (reST `include`).
    pub includes: &'a dyn Includes,
}

/// Reads other files of the project on a reader's behalf, refusing any path
/// that leaves the source folder.
pub trait Includes {
    /// `target` as written in the note whose path is `from` (both relative
    /// to the source folder). Returns the resolved path (relative to the
    /// source folder) and the text.
    fn include(&self, from: &str, target: &str) -> Result<(String, String), IncludeError>;
}

/// Why a file could not be included.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncludeError {
    /// The path leaves the source folder (by `..`, a symlink, or as an
    /// absolute path).
    #[error("{0:?} leaves the source folder; includes must stay inside it")]
    Outside(String),
    /// There is no such file, or it cannot be read.
    #[error("cannot read {target:?}: {reason}")]
    Unreadable { target: String, reason: String },
    /// Nothing may be included here (tests, fuzzing).
    #[error("cannot include {0:?} here")]
    Refused(String),
}

/// An [`Includes`] that refuses everything (for tests and fuzzing).
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn include(&self, _from: &str, target: &str) -> Result<(String, String), IncludeError> {
        Err(IncludeError::Refused(target.to_string()))
    }
}

/// Reads `text` as `format`.
pub fn read(text: &str, format: Format, cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    read_dialect(text, format, dialect::Dialect::Plain, cx, diags)
}

/// Reads `text` as `format`, written for a site generator whose template
/// syntax ([`dialect::Dialect`]) is removed or mapped first.
pub fn read_dialect(text: &str, format: Format, dialect: dialect::Dialect, cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    match format {
        Format::Markdown => markdown::read(&dialect::clean(text, dialect, diags), cx, diags),
        Format::Rst => {
            let mut note = rst::read(text, cx, diags);
            // `:orphan:` at the top: the author keeps it out of every toctree.
            note.facts.orphan = text.lines().take_while(|l| l.trim().is_empty() || l.starts_with(':') || l.starts_with("..")).any(|l| l.trim() == ":orphan:");
            note
        }
        Format::Notebook => notebook::read(text, cx, diags),
    }
}
