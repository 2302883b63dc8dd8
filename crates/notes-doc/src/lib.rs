//! `notes-doc`: the document tree, the one contract between the steps of
//! `notes`, with the diagnostics every step reports in and the small shared
//! facts (names, paths, URLs, dates, text) that no step may own alone.
//!
//! Readers build the tree, normalization passes complete and check it,
//! backends read it. It is plain data (serde, no behaviour beyond small
//! helpers), and its JSON form (`notes ast`) is versioned by
//! [`TREE_VERSION`]. Nothing here knows which markup a note was written in,
//! nor how a backend lays it out, and nothing here imports another crate of
//! the project.
//!
//! Levels: a [`Book`] holds [`Part`]s (events), a part holds [`Chapter`]s
//! (talks), a chapter holds [`Block`]s; a [`Block::Heading`] of level 1 is a
//! section of its talk (numbered `1.1.1` in the book), level 2 a subsection,
//! and so on.

pub mod dates;
pub mod diag;
pub mod names;
pub mod paths;
pub mod text;
pub mod urls;
pub mod words;

use serde::{Deserialize, Serialize};

/// Version of the JSON form of the tree; bump it when that form changes.
pub const TREE_VERSION: u32 = 3;

/// A position in a source file: 1-based line and column (in characters).
/// `line == 0` means the node was generated and has no source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// The markup a source file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Rst,
    /// A Jupyter notebook (`.ipynb`): Markdown cells, code cells and their
    /// saved outputs.
    Notebook,
}

impl Format {
    /// The format of a file, from its extension (`md`, `markdown`, `qmd`,
    /// `rst`, `rest`, `ipynb`, in any case); `None` for a file that is not
    /// a note. (Quarto's `.qmd` is Pandoc Markdown: read as Markdown.)
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "qmd" => Some(Format::Markdown),
            "rst" | "rest" => Some(Format::Rst),
            "ipynb" => Some(Format::Notebook),
            _ => None,
        }
    }
}

/// Where a part or chapter came from: a path relative to the source folder
/// (always with `/` separators) and its format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: String,
    pub format: Format,
}

/// The whole book.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Book {
    pub version: u32,
    pub meta: BookMeta,
    /// Unnumbered text that opens the book (the prose of the root index).
    pub front: Vec<Block>,
    pub parts: Vec<Part>,
    /// The indexes at the back of the book (speakers, topics, events), made
    /// by normalization; only those that have entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<BookIndex>,
}

/// An index at the back of the book.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookIndex {
    pub kind: IndexKind,
    /// Its anchor (the contents and the navigation point at it).
    pub id: String,
    /// Its title, in the book's language.
    pub title: String,
    /// Its entries, sorted as a reader looks them up.
    pub entries: Vec<IndexTerm>,
}

/// Which index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexKind {
    /// Every speaker, by family name, with their talks.
    Speakers,
    /// The general index: index entries of the notes and their tags.
    Topics,
    /// The events, by date.
    Events,
}

/// An entry of an index: a term, the places it points at, and sub-entries.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndexTerm {
    /// The term as shown ("Lovelace, Ada").
    pub term: String,
    /// The letter it is grouped under ("L"; "#" for digits and symbols).
    pub group: String,
    /// Anchors in the book, in book order; backends show them as page
    /// numbers or links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<IndexPlace>,
    /// Other terms to look up as well ("see also").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<String>,
    /// Terms to look up instead ("see"): the entry is only a pointer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_instead: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub: Vec<IndexTerm>,
}

/// A place an index entry points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPlace {
    /// An anchor of the book (a talk, a part, an index mark).
    pub anchor: String,
    /// A main entry (reST `!term`), shown in bold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
}

/// Book-level metadata, filled from the configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BookMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The date printed on the title page, as written in the configuration
    /// or derived from the build date (ISO `YYYY-MM-DD`).
    pub date: String,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An event: one folder of notes, or a section of the root document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    /// Unique anchor of the part's title.
    pub id: String,
    pub title: Vec<Inline>,
    /// `"2"` when numbered; set by normalization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// Text of the event's index beside its list of talks.
    pub blocks: Vec<Block>,
    pub chapters: Vec<Chapter>,
    pub pos: Pos,
}

/// A talk: one note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chapter {
    /// Unique anchor of the talk's title.
    pub id: String,
    pub title: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub meta: TalkMeta,
    pub source: SourceRef,
    pub blocks: Vec<Block>,
    /// Footnotes and citations, referenced by [`Inline::FootnoteRef`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<Footnote>,
    /// Labels (reST `.. _name:`) naming the talk itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    pub pos: Pos,
}

/// What the note says about its talk (front matter or an "Author" section).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TalkMeta {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Whether the speakers are already named in the note's own text (an
    /// "Author" section), so that a backend need not add a byline.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub speakers_in_text: bool,
    /// Where the talk was given (a room, a city), as the note says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The note's own fields (a reST field list at its top: `:Speaker:`,
    /// `:Date:`), printed under the talk's title as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// A named field of a talk (`:Date: 12 March`): the name as written and
/// its value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub value: Vec<Inline>,
}

/// A footnote or citation body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Footnote {
    /// Unique within the chapter; what [`Inline::FootnoteRef`] points at.
    pub id: String,
    /// The label shown for a citation (`[Knuth84]`); `None` for numbered notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub blocks: Vec<Block>,
    pub pos: Pos,
}

/// Block-level content.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section title inside a talk. `level` 1 is a section of the talk.
    Heading {
        level: u8,
        content: Vec<Inline>,
        /// Unique anchor (set by normalization).
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        /// Extra names this heading is known by (reST labels).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        labels: Vec<String>,
        pos: Pos,
    },
    Paragraph {
        content: Vec<Inline>,
        pos: Pos,
    },
    List {
        /// `None` for a bullet list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ordered: Option<Ordered>,
        items: Vec<ListItem>,
        /// Whether items are single paragraphs set without space between.
        tight: bool,
        pos: Pos,
    },
    DefinitionList {
        items: Vec<Definition>,
        pos: Pos,
    },
    /// A code block (`code_block` in JSON, apart from inline `code`).
    #[serde(rename = "code_block")]
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        line_numbers: bool,
        pos: Pos,
    },
    Quote {
        blocks: Vec<Block>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<Vec<Inline>>,
        pos: Pos,
    },
    /// Blocks set in from the margin without a quotation's look: what
    /// indentation means when it holds only lists (a reST block quote of
    /// nested bullets, as Sphinx shows it).
    Indent {
        blocks: Vec<Block>,
        pos: Pos,
    },
    /// Another note's text in this one (an Obsidian `![[Note]]` or
    /// `![[Note#Heading]]`): a reference as the note wrote it, replaced by
    /// that note's blocks (or the blocks of its section) when links are
    /// resolved. After normalization no block is an embed.
    Embed {
        target: Pending,
        pos: Pos,
    },
    /// Lines kept as written (reST line blocks, poetry, addresses).
    LineBlock {
        lines: Vec<Line>,
        pos: Pos,
    },
    Table {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Vec<Inline>>,
        /// One entry per column.
        columns: Vec<Align>,
        header: Vec<Row>,
        rows: Vec<Row>,
        pos: Pos,
    },
    /// An image on its own, with an optional caption and legend.
    Figure {
        image: Image,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        legend: Vec<Block>,
        pos: Pos,
    },
    /// Notes, warnings, tips, "see also", topics, sidebars, version notes.
    Admonition {
        kind: AdmonitionKind,
        /// The title shown; empty means the kind's own name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        title: Vec<Inline>,
        blocks: Vec<Block>,
        pos: Pos,
    },
    /// An unnumbered heading outside the section structure.
    Rubric {
        content: Vec<Inline>,
        pos: Pos,
    },
    /// A thematic break.
    Rule {
        pos: Pos,
    },
    /// An anchor between blocks (a reST label not followed by a section).
    Anchor {
        id: String,
        pos: Pos,
    },
    /// Index entries attached to this point of the text.
    Index {
        entries: Vec<IndexEntry>,
        /// The anchor the index points at (set by normalization).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        pos: Pos,
    },
    /// A display formula: LaTeX math, set on its own line; numbered when
    /// it has a label (`math_block` in JSON, apart from inline `math`).
    /// After normalization its `tex` is one that `notes-math` parses (a
    /// formula it cannot parse becomes a code block).
    #[serde(rename = "math_block")]
    Math {
        tex: String,
        /// The name references use, as written (`\label{eq:x}`, `:label:`,
        /// MyST `$$ … $$ (x)`, Quarto `{#eq-x}`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// The anchor of a labelled equation (set by normalization), which
        /// links to it point at.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        /// The equation's number without parentheses, `2.3.1` (set by
        /// normalization for labelled ones).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        /// Where the LaTeX starts (after its delimiter), so that a byte
        /// offset into `tex` can be shown as a line and column.
        pos: Pos,
    },
    /// Output-specific content, kept as written; backends that do not know
    /// the format leave it out.
    Raw {
        format: String,
        text: String,
        pos: Pos,
    },
}

impl Block {
    /// The source position of this block.
    pub fn pos(&self) -> Pos {
        match self {
            Block::Heading { pos, .. }
            | Block::Paragraph { pos, .. }
            | Block::List { pos, .. }
            | Block::DefinitionList { pos, .. }
            | Block::Code { pos, .. }
            | Block::Quote { pos, .. }
            | Block::Indent { pos, .. }
            | Block::Embed { pos, .. }
            | Block::LineBlock { pos, .. }
            | Block::Table { pos, .. }
            | Block::Figure { pos, .. }
            | Block::Admonition { pos, .. }
            | Block::Rubric { pos, .. }
            | Block::Rule { pos }
            | Block::Anchor { pos, .. }
            | Block::Index { pos, .. }
            | Block::Math { pos, .. }
            | Block::Raw { pos, .. } => *pos,
        }
    }
}

/// Numbering of an ordered list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ordered {
    pub start: u64,
    pub style: NumberStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberStyle {
    Decimal,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
    /// `Some` for a task-list item: whether it is ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
}

/// A term with one or more definitions (also used for field and option
/// lists, whose names are the terms).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Definition {
    pub term: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifiers: Vec<Vec<Inline>>,
    pub definitions: Vec<Vec<Block>>,
}

/// One line of a line block, with its indentation in levels.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Line {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub indent: u32,
    pub content: Vec<Inline>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Default,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub blocks: Vec<Block>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: u32,
}

fn one() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Cell {
    pub fn new(blocks: Vec<Block>) -> Self {
        Cell { blocks, colspan: 1, rowspan: 1 }
    }
}

/// An image reference. `src` is relative to the source folder (with `/`
/// separators) once normalization has checked it; backends only ever load
/// images through it, unless the image carries its own `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    /// A width as written (`50%`, `8cm`, `300px`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<String>,
    pub pos: Pos,
    /// The image itself, when the note held it rather than naming a file:
    /// the text of an SVG written inline (HTML `<svg>`), or a `data:` URL
    /// holding a PNG or JPEG in base64 (a notebook's saved output). `src` is
    /// then a name for it, unique in the book (`talk-svg-12-3-0.svg`,
    /// `nb-output-4.png`), never a file; backends take the bytes from here
    /// and never from the source folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Image {
    /// An image naming a file (or a URL, until normalization checks it).
    pub fn file(src: impl Into<String>, alt: impl Into<String>, width: Option<String>, pos: Pos) -> Image {
        Image { src: src.into(), alt: alt.into(), width, pos, data: None }
    }

    /// The bytes of an image the note held itself ([`Image::data`]): an
    /// SVG's text, or a `data:` URL's content decoded. `None` for an image
    /// naming a file, or a `data:` URL that is not base64.
    pub fn held_bytes(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        let data = self.data.as_deref()?;
        match data.strip_prefix("data:") {
            Some(url) => {
                use base64::Engine;
                let (head, body) = url.split_once(',')?;
                if !head.ends_with(";base64") {
                    return None;
                }
                let body: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
                base64::engine::general_purpose::STANDARD.decode(body).ok().map(std::borrow::Cow::Owned)
            }
            None => Some(std::borrow::Cow::Borrowed(data.as_bytes())),
        }
    }

    /// Whether the image's data is a `data:` URL (bytes in base64) rather
    /// than an SVG's text.
    pub fn holds_data_url(&self) -> bool {
        self.data.as_deref().is_some_and(|d| d.starts_with("data:"))
    }
}

/// The kind of an admonition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdmonitionKind {
    Note,
    Warning,
    Tip,
    Important,
    Caution,
    Danger,
    Hint,
    Attention,
    Error,
    /// A titled admonition with no kind of its own.
    Generic,
    SeeAlso,
    VersionAdded,
    VersionChanged,
    Deprecated,
    Topic,
    Sidebar,
    Epigraph,
    /// The kinds of Obsidian's callouts that reST has no name for.
    Abstract,
    Info,
    Todo,
    Success,
    Question,
    Failure,
    Bug,
    Example,
    Quote,
}

impl AdmonitionKind {
    /// Every kind.
    pub const ALL: [AdmonitionKind; 17] = [
        AdmonitionKind::Note,
        AdmonitionKind::Warning,
        AdmonitionKind::Tip,
        AdmonitionKind::Important,
        AdmonitionKind::Caution,
        AdmonitionKind::Danger,
        AdmonitionKind::Hint,
        AdmonitionKind::Attention,
        AdmonitionKind::Error,
        AdmonitionKind::Generic,
        AdmonitionKind::SeeAlso,
        AdmonitionKind::VersionAdded,
        AdmonitionKind::VersionChanged,
        AdmonitionKind::Deprecated,
        AdmonitionKind::Topic,
        AdmonitionKind::Sidebar,
        AdmonitionKind::Epigraph,
    ];
}

/// An entry for the book's index: `term`, or `term; subterm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub term: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subterm: Option<String>,
    /// A main entry (reST `!term`), printed in bold in an index.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "to", rename_all = "snake_case")]
pub enum Target {
    /// An absolute URL (`https:`, `mailto:` ...).
    Url(String),
    /// An anchor in this book (a part, chapter, heading or label id).
    Internal(String),
    /// Not yet resolved: written by a reader, resolved by normalization.
    /// After normalization no link holds one.
    Pending(Pending),
}

/// A reference as the note wrote it, before it is resolved to an anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Pending {
    /// A path to another note, relative to the note that links (`../x.md`,
    /// `talk.rst`, reST `:doc:`), with an optional fragment. `from` is the
    /// linking note's path relative to the source folder.
    Path { path: String, fragment: Option<String>, from: String },
    /// A fragment in the same note (`#intro`).
    Fragment { fragment: String, from: String },
    /// A book-wide label (reST `:ref:`).
    Label { label: String },
    /// A note by its name, wherever it is (an Obsidian `[[Note#Heading]]`):
    /// the file name without extension, or a path without one.
    Name { name: String, fragment: Option<String>, from: String },
}

/// Inline content.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strike {
        content: Vec<Inline>,
    },
    Sub {
        content: Vec<Inline>,
    },
    Sup {
        content: Vec<Inline>,
    },
    /// Inline code, shown verbatim.
    Code {
        text: String,
    },
    Link {
        target: Target,
        content: Vec<Inline>,
        pos: Pos,
    },
    Image {
        image: Image,
    },
    FootnoteRef {
        id: String,
        pos: Pos,
    },
    LineBreak,
    /// An anchor inside running text.
    Anchor {
        id: String,
    },
    Index {
        entry: IndexEntry,
        /// The anchor the index points at (set by normalization).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
    },
    /// An inline formula: LaTeX math in running text. After normalization
    /// its `tex` is one that `notes-math` parses (a formula it cannot
    /// parse becomes inline code).
    Math {
        tex: String,
        /// Where the LaTeX starts (after its delimiter, `$` or `\(`).
        pos: Pos,
    },
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// Every character of the book's text: its titles, text, code, formulas,
/// image descriptions, talks' metadata and fields, and index terms. What the
/// fonts of an output must have.
pub fn book_chars(book: &Book) -> std::collections::BTreeSet<char> {
    fn inlines(seq: &[Inline], out: &mut std::collections::BTreeSet<char>) {
        for inline in seq {
            match inline {
                Inline::Text { text } | Inline::Code { text } | Inline::Math { tex: text, .. } => out.extend(text.chars()),
                Inline::Image { image } => out.extend(image.alt.chars()),
                Inline::Index { entry, .. } => {
                    out.extend(entry.term.chars());
                    out.extend(entry.subterm.iter().flat_map(|s| s.chars()));
                }
                other => {
                    if let Some(children) = child_inlines(other) {
                        inlines(children, out);
                    }
                }
            }
        }
    }
    fn blocks(list: &[Block], out: &mut std::collections::BTreeSet<char>) {
        walk_blocks(list, &mut |block| {
            match block {
                Block::Code { text, .. } | Block::Math { tex: text, .. } | Block::Raw { text, .. } => out.extend(text.chars()),
                Block::Figure { image, .. } => out.extend(image.alt.chars()),
                _ => {}
            }
            for seq in block_inlines(block) {
                inlines(seq, out);
            }
        });
    }
    let mut out = std::collections::BTreeSet::new();
    let meta = &book.meta;
    for text in [Some(&meta.title), meta.subtitle.as_ref(), meta.release.as_ref(), meta.description.as_ref(), meta.publisher.as_ref()].into_iter().flatten() {
        out.extend(text.chars());
    }
    out.extend(meta.authors.iter().flat_map(|a| a.chars()));
    let out = std::cell::RefCell::new(out);
    visit_text(book, &mut |list| blocks(list, &mut out.borrow_mut()), &mut |seq| inlines(seq, &mut out.borrow_mut()));
    let mut out = out.into_inner();
    for chapter in book.parts.iter().flat_map(|p| &p.chapters) {
        let m = &chapter.meta;
        out.extend(m.speakers.iter().chain(&m.tags).chain(&m.date).chain(&m.place).flat_map(|t| t.chars()));
        out.extend(m.fields.iter().flat_map(|f| f.name.chars()));
    }
    fn terms(list: &[IndexTerm], out: &mut std::collections::BTreeSet<char>) {
        for t in list {
            out.extend(t.term.chars());
            out.extend(t.group.chars());
            terms(&t.sub, out);
        }
    }
    for index in &book.indexes {
        out.extend(index.title.chars());
        terms(&index.entries, &mut out);
    }
    out
}

/// Every image of the book, in reading order (front matter, then each
/// part's and talk's text, footnotes and fields), repeats included.
pub fn book_images(book: &Book) -> Vec<&Image> {
    fn inlines<'a>(seq: &'a [Inline], out: &mut Vec<&'a Image>) {
        for inline in seq {
            match inline {
                Inline::Image { image } => out.push(image),
                other => {
                    if let Some(children) = child_inlines(other) {
                        inlines(children, out);
                    }
                }
            }
        }
    }
    fn blocks<'a>(list: &'a [Block], out: &mut Vec<&'a Image>) {
        walk_blocks(list, &mut |block| {
            if let Block::Figure { image, .. } = block {
                out.push(image);
            }
            for seq in block_inlines(block) {
                inlines(seq, out);
            }
        });
    }
    let out = std::cell::RefCell::new(Vec::new());
    visit_text(book, &mut |list| blocks(list, &mut out.borrow_mut()), &mut |seq| inlines(seq, &mut out.borrow_mut()));
    out.into_inner()
}

/// Calls `on_blocks` with every sequence of blocks of the book's text
/// (front matter, each part's and talk's text, footnotes) and `on_inlines`
/// with every title and field value, in reading order.
fn visit_text<'a>(book: &'a Book, on_blocks: &mut dyn FnMut(&'a [Block]), on_inlines: &mut dyn FnMut(&'a [Inline])) {
    on_blocks(&book.front);
    for part in &book.parts {
        on_inlines(&part.title);
        on_blocks(&part.blocks);
        for chapter in &part.chapters {
            on_inlines(&chapter.title);
            on_blocks(&chapter.blocks);
            for note in &chapter.footnotes {
                on_blocks(&note.blocks);
            }
            for field in &chapter.meta.fields {
                on_inlines(&field.value);
            }
        }
    }
}

/// The plain text of inlines, as a contents entry or a file name would show it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } | Inline::Math { tex: text, .. } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Sub { content }
            | Inline::Sup { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::Image { image } => out.push_str(&image.alt),
            Inline::LineBreak => out.push(' '),
            Inline::FootnoteRef { .. } | Inline::Anchor { .. } | Inline::Index { .. } => {}
        }
    }
}

/// The deepest nesting of container blocks (lists, quotes, admonitions,
/// table cells) a reader may build. Readers flatten anything deeper, with a
/// diagnostic, so that every later stage may recurse without fear.
pub const MAX_NESTING: usize = 16;

/// Calls `f` on every block of `blocks` and their descendants, parents first.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        for children in child_blocks(block) {
            walk_blocks(children, f);
        }
    }
}

/// The block lists directly inside a block, in reading order.
pub fn child_blocks(block: &Block) -> Vec<&[Block]> {
    match block {
        Block::List { items, .. } => items.iter().map(|i| i.blocks.as_slice()).collect(),
        Block::DefinitionList { items, .. } => items.iter().flat_map(|d| d.definitions.iter().map(|b| b.as_slice())).collect(),
        Block::Quote { blocks, .. } | Block::Indent { blocks, .. } | Block::Admonition { blocks, .. } => vec![blocks.as_slice()],
        Block::Table { header, rows, .. } => header.iter().chain(rows.iter()).flat_map(|r| r.cells.iter().map(|c| c.blocks.as_slice())).collect(),
        Block::Figure { legend, .. } => vec![legend.as_slice()],
        _ => Vec::new(),
    }
}

/// The block lists directly inside a block, mutably, in reading order.
pub fn child_blocks_mut(block: &mut Block) -> Vec<&mut Vec<Block>> {
    match block {
        Block::List { items, .. } => items.iter_mut().map(|i| &mut i.blocks).collect(),
        Block::DefinitionList { items, .. } => items.iter_mut().flat_map(|d| d.definitions.iter_mut()).collect(),
        Block::Quote { blocks, .. } | Block::Indent { blocks, .. } | Block::Admonition { blocks, .. } => vec![blocks],
        Block::Table { header, rows, .. } => header.iter_mut().chain(rows.iter_mut()).flat_map(|r| r.cells.iter_mut().map(|c| &mut c.blocks)).collect(),
        Block::Figure { legend, .. } => vec![legend],
        _ => Vec::new(),
    }
}

/// The inline sequences directly held by a block (not by its child blocks).
pub fn block_inlines_mut(block: &mut Block) -> Vec<&mut Vec<Inline>> {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } | Block::Rubric { content, .. } => vec![content],
        Block::DefinitionList { items, .. } => items.iter_mut().flat_map(|d| std::iter::once(&mut d.term).chain(d.classifiers.iter_mut())).collect(),
        Block::Quote { attribution, .. } => attribution.iter_mut().collect(),
        Block::LineBlock { lines, .. } => lines.iter_mut().map(|l| &mut l.content).collect(),
        Block::Table { caption, .. } => caption.iter_mut().collect(),
        Block::Figure { caption, .. } => vec![caption],
        Block::Admonition { title, .. } => vec![title],
        _ => Vec::new(),
    }
}

/// The inline sequences directly held by a block (not by its child blocks),
/// read-only: the twin of [`block_inlines_mut`].
pub fn block_inlines(block: &Block) -> Vec<&[Inline]> {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } | Block::Rubric { content, .. } => vec![content],
        Block::DefinitionList { items, .. } => {
            items.iter().flat_map(|d| std::iter::once(d.term.as_slice()).chain(d.classifiers.iter().map(Vec::as_slice))).collect()
        }
        Block::Quote { attribution, .. } => attribution.iter().map(Vec::as_slice).collect(),
        Block::LineBlock { lines, .. } => lines.iter().map(|l| l.content.as_slice()).collect(),
        Block::Table { caption, .. } => caption.iter().map(Vec::as_slice).collect(),
        Block::Figure { caption, .. } => vec![caption],
        Block::Admonition { title, .. } => vec![title],
        _ => Vec::new(),
    }
}

/// The inline sequence directly inside an inline, read-only: the twin of
/// [`child_inlines_mut`].
pub fn child_inlines(inline: &Inline) -> Option<&[Inline]> {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Sub { content }
        | Inline::Sup { content }
        | Inline::Link { content, .. } => Some(content),
        _ => None,
    }
}

/// The inline sequences directly inside an inline.
pub fn child_inlines_mut(inline: &mut Inline) -> Option<&mut Vec<Inline>> {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Sub { content }
        | Inline::Sup { content }
        | Inline::Link { content, .. } => Some(content),
        _ => None,
    }
}

/// Calls `f` on every block in `blocks` and their descendants, mutably,
/// parents before children.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for block in blocks.iter_mut() {
        f(block);
        for children in child_blocks_mut(block) {
            walk_blocks_mut(children, f);
        }
    }
}

/// Calls `f` on every inline sequence of `blocks` (and their descendants'),
/// outermost first, so that a pass can rewrite a sequence in place.
pub fn walk_inline_seqs_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    walk_blocks_mut(blocks, &mut |block| {
        for seq in block_inlines_mut(block) {
            walk_inlines_in(seq, f);
        }
    });
}

/// Calls `f` on `seq` and then on every inline sequence nested in it.
pub fn walk_inlines_in(seq: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    f(seq);
    for inline in seq.iter_mut() {
        if let Some(children) = child_inlines_mut(inline) {
            walk_inlines_in(children, f);
        }
    }
}
