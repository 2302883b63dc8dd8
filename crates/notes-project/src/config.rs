//! The book's settings: `notes.toml`.
//!
//! Every field has a default, so a folder of notes without a `notes.toml`
//! still renders. Loading never panics: a bad file becomes a [`Diagnostic`]
//! that names the key, the line and what is allowed.

pub mod sphinx;

use std::path::Path;

use serde::{Deserialize, Serialize};

use notes_doc::Pos;
use notes_doc::dates::parse_date;
use notes_doc::diag::Diagnostic;
use notes_doc::text::span_pos;

use crate::OpenError;

/// The contents of `notes.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The book's title, on the title page, in the metadata and the header.
    pub title: String,
    pub subtitle: Option<String>,
    /// One author (`author = "..."`) or several (`authors = [...]`).
    pub author: Option<String>,
    pub authors: Vec<String>,
    /// Shown on the title page as "Release 0.1".
    pub release: Option<String>,
    /// The date on the title page and in the metadata, `YYYY-MM-DD`. When
    /// unset: `SOURCE_DATE_EPOCH`, else the newest source file. Written as
    /// a TOML date (`2016-11-12`) or a string.
    #[serde(deserialize_with = "date_as_string")]
    pub date: Option<String>,
    /// A BCP 47 language tag (`en`, `fr`, `pt-BR`).
    pub language: String,
    pub publisher: Option<String>,
    pub description: Option<String>,
    /// Where the notes are, relative to this file.
    pub sources: String,
    /// Where the books are written, relative to this file.
    pub out: String,
    /// The output file name without extension; defaults to the title, made
    /// into a file name.
    pub output: Option<String>,
    /// `a4`, `letter`, `a5` or `ereader`.
    pub paper: Paper,
    /// Mirrored margins and chapters opening on right-hand pages.
    pub two_sided: bool,
    /// How many levels the contents show: 1 events, 2 talks, 3 sections.
    pub contents_depth: u8,
    /// How many levels are numbered: 1 events, 2 talks, 3 sections ...
    pub numbering_depth: u8,
    /// How many levels of the EPUB navigation there are (default: every
    /// level; those deeper than `contents-depth` are hidden on the contents
    /// page but reading systems list them).
    pub nav_depth: Option<u8>,
    /// How many levels the PDF's bookmarks hold: 1 events, 2 talks, 3
    /// sections ... (default: every level).
    pub bookmarks_depth: Option<u8>,
    pub fonts: Fonts,
    /// Which indexes the back of the book has (each only when it has entries).
    pub indexes: Indexes,
    /// The Typst template, relative to this file; the built-in one when the
    /// file does not exist.
    pub style: String,
    /// The EPUB stylesheet, relative to this file; the built-in one when the
    /// file does not exist.
    pub epub_css: String,
    /// A cover image for the EPUB (PNG or JPEG), relative to this file; by
    /// default the title page is rendered as the cover.
    pub cover: Option<String>,
    /// `a-2b` (default), `ua-1`, or `none`.
    pub pdf_standard: PdfStandard,
    /// Highlight code blocks (PDF and EPUB).
    pub highlight: bool,
    /// The layout of the notes folder (`sphinx`, `readme`, `jekyll`, `hugo`,
    /// `mkdocs`, `mdbook`, `jupyter-book`, `quarto`, `obsidian`, `plain`);
    /// detected from marker files when unset.
    pub layout: Option<String>,
    /// What happens to notes that no table of contents lists: `include`
    /// (after the listed notes of their folder, with one warning) or
    /// `leave-out` (follow the table of contents strictly).
    pub orphans: Orphans,
}

/// What happens to notes that no table of contents lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Orphans {
    /// In the book, after the listed notes of their folder's event.
    #[default]
    Include,
    /// Left out, as the layout's own tool would.
    LeaveOut,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Notes".into(),
            subtitle: None,
            author: None,
            authors: Vec::new(),
            release: None,
            date: None,
            language: "en".into(),
            publisher: None,
            description: None,
            sources: "sources".into(),
            out: "out".into(),
            output: None,
            paper: Paper::A4,
            two_sided: true,
            contents_depth: 2,
            numbering_depth: 3,
            nav_depth: None,
            bookmarks_depth: None,
            fonts: Fonts::default(),
            indexes: Indexes::default(),
            style: "styles/book.typ".into(),
            epub_css: "styles/epub.css".into(),
            cover: None,
            pdf_standard: PdfStandard::A2b,
            highlight: true,
            layout: None,
            orphans: Orphans::Include,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fonts {
    /// The body font family.
    pub body: String,
    /// The family of headings; the body font when unset.
    pub heading: Option<String>,
    /// The family of code.
    pub mono: String,
    /// Families tried, in order, for characters the main fonts lack (for
    /// example a CJK font put in `fonts/`).
    pub fallback: Vec<String>,
    /// The body size in points.
    pub size: f64,
    /// Whether fonts installed on the system may be used for characters the
    /// others lack (Chinese, Japanese, emoji ...); `false` for a build that
    /// does not depend on the machine.
    pub system: bool,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts { body: "Libertinus Serif".into(), heading: None, mono: "DejaVu Sans Mono".into(), fallback: Vec::new(), size: 10.5, system: true }
    }
}

/// The indexes at the back of the book (`[indexes]` in notes.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Indexes {
    /// Every speaker by family name, with their talks.
    pub speakers: bool,
    /// The general index: the notes' index entries and tags.
    pub topics: bool,
    /// The events by date.
    pub events: bool,
}

impl Default for Indexes {
    fn default() -> Self {
        Indexes { speakers: true, topics: true, events: true }
    }
}

/// The page size of the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    A4,
    Letter,
    A5,
    /// Half a US letter (5.5 × 8.5 in): the pages of a booklet printed on letter.
    HalfLetter,
    /// About 9 × 12 cm, larger type, small margins.
    Ereader,
}

impl Paper {
    /// The names a configuration may give.
    pub const NAMES: &'static [&'static str] = &["a4", "letter", "a5", "half-letter", "ereader"];

    /// A paper by its name (any case, a few aliases).
    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" | "us-letter" => Some(Paper::Letter),
            "a5" => Some(Paper::A5),
            "half-letter" | "statement" => Some(Paper::HalfLetter),
            "ereader" | "e-reader" => Some(Paper::Ereader),
            _ => None,
        }
    }

    /// The paper's name, as the template knows it.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
            Paper::A5 => "a5",
            Paper::HalfLetter => "half-letter",
            Paper::Ereader => "ereader",
        }
    }

    /// The page of a booklet printed on this paper (two pages to a side of
    /// the sheet): A5 on A4, half-letter on letter.
    pub fn booklet_page(self) -> Paper {
        match self {
            Paper::Letter | Paper::HalfLetter => Paper::HalfLetter,
            Paper::A4 | Paper::A5 | Paper::Ereader => Paper::A5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PdfStandard {
    #[serde(rename = "a-2b")]
    A2b,
    #[serde(rename = "ua-1")]
    Ua1,
    #[serde(rename = "none")]
    None,
}

impl Config {
    /// Reads `path`; a missing file is not an error (defaults apply), an
    /// unreadable or invalid one is.
    pub fn load(path: &Path, shown_as: &Path) -> Result<Option<Config>, OpenError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                let d = Diagnostic::error("unreadable-config", format!("cannot read the configuration: {e}")).in_file(shown_as);
                return Err(OpenError::UnreadableConfig(Box::new(d)));
            }
        };
        Config::parse(&text, shown_as).map(Some).map_err(|d| OpenError::BadConfig(Box::new(d)))
    }

    /// Parses the text of a `notes.toml`, checking every value.
    pub fn parse(text: &str, shown_as: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            // Rust's names of types are not the user's.
            let message = first_line(e.message())
                .replace("expected f64", "expected a number")
                .replace("expected u8", "expected a whole number")
                .replace("expected a boolean", "expected true or false");
            let unknown_key = message.starts_with("unknown field");
            // Name the key whose value is wrong: the text before `=` on its line.
            let key = e.span().and_then(|span| {
                let (pos, _) = span_pos(text, span);
                let line = text.lines().nth(pos.line as usize - 1)?;
                let (key, _) = line.split_once('=')?;
                let key = key.trim();
                (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
            });
            let message = match key {
                Some(k) if !unknown_key => format!("`{k}`: {message}"),
                _ => message,
            };
            let mut d = Diagnostic::error("bad-config", message).in_file(shown_as);
            if let Some(span) = e.span() {
                let (pos, len) = span_pos(text, span);
                d = d.at(pos, len);
            }
            d.with_help(format!("the keys of notes.toml are: {}; `notes init` writes a commented example", KEYS.join(", ")))
        })?;
        config.check(text, shown_as)?;
        Ok(config)
    }

    fn check(&self, text: &str, shown_as: &Path) -> Result<(), Diagnostic> {
        let bad = |key: &str, message: String, help: &str| {
            let mut d = Diagnostic::error("bad-config", message).in_file(shown_as).with_help(help.to_string());
            if let Some((pos, len)) = key_pos(text, key) {
                d = d.at(pos, len);
            }
            d
        };
        if let Some(date) = &self.date
            && parse_date(date).is_none()
        {
            return Err(bad("date", format!("`date` must be a date written YYYY-MM-DD, not {date:?}"), "for example: date = \"2016-11-12\""));
        }
        if !(1..=6).contains(&self.contents_depth) {
            return Err(bad(
                "contents-depth",
                format!("`contents-depth` must be between 1 and 6, not {}", self.contents_depth),
                "1 lists events, 2 events and talks, 3 also their sections",
            ));
        }
        if self.numbering_depth > 6 {
            return Err(bad(
                "numbering-depth",
                format!("`numbering-depth` must be between 0 and 6, not {}", self.numbering_depth),
                "0 numbers nothing, 1 events, 2 talks, 3 their sections (1.1.1)",
            ));
        }
        if let Some(d) = self.nav_depth
            && !(1..=6).contains(&d)
        {
            return Err(bad("nav-depth", format!("`nav-depth` must be between 1 and 6, not {d}"), "for example: nav-depth = 3"));
        }
        if let Some(d) = self.bookmarks_depth
            && !(1..=9).contains(&d)
        {
            return Err(bad("bookmarks-depth", format!("`bookmarks-depth` must be between 1 and 9, not {d}"), "for example: bookmarks-depth = 3"));
        }
        if !(self.fonts.size > 3.0 && self.fonts.size < 72.0) {
            return Err(bad("size", format!("`fonts.size` must be a size in points between 3 and 72, not {}", self.fonts.size), "for example: size = 10.5"));
        }
        if self.language.is_empty() || !self.language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(bad("language", format!("`language` must be a language tag such as \"en\" or \"pt-BR\", not {:?}", self.language), "see BCP 47"));
        }
        if let Some(layout) = &self.layout
            && crate::layout::Kind::parse(layout).is_none()
        {
            let names: Vec<&str> = crate::layout::Kind::ALL.iter().map(|k| k.name()).collect();
            return Err(bad("layout", format!("`layout` must be one of {}, not {layout:?}", names.join(", ")), "leave it out to let notes detect the layout"));
        }
        // Paths are inside the project: a notes folder copied from
        // someone else cannot make `notes` read or write elsewhere (the
        // command line's --source and --out can).
        let paths = [
            ("sources", Some(&self.sources)),
            ("out", Some(&self.out)),
            ("style", Some(&self.style)),
            ("epub-css", Some(&self.epub_css)),
            ("cover", self.cover.as_ref()),
        ];
        for (key, value) in paths {
            if let Some(value) = value
                && !inside_project(value)
            {
                return Err(bad(
                    key,
                    format!("`{key}` must be a path inside the project folder, not {value:?}"),
                    "write it relative to notes.toml, without `..`; pass --source or --out to read or write elsewhere",
                ));
            }
        }
        if let Some(out) = &self.output
            && (out.is_empty() || out.contains(['/', '\\']) || out.starts_with('.'))
        {
            return Err(bad("output", format!("`output` must be a plain file name without folders, not {out:?}"), "for example: output = \"my-book\""));
        }
        Ok(())
    }

    /// All authors, whichever key gave them.
    pub fn all_authors(&self) -> Vec<String> {
        let mut all: Vec<String> = self.author.iter().cloned().collect();
        all.extend(self.authors.iter().cloned());
        all
    }

    /// The output file stem: `output`, else the book's title (which may
    /// come from the root index rather than this file) made into a file name.
    pub fn output_stem(&self, title: &str) -> String {
        match &self.output {
            Some(o) => o.clone(),
            None => {
                let s = notes_doc::names::slug(title);
                if s.is_empty() { "book".into() } else { s }
            }
        }
    }

    /// Depth of the EPUB navigation document.
    pub fn nav_depth(&self) -> u8 {
        self.nav_depth.unwrap_or(6)
    }
}

fn date_as_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(Some(s)),
        toml::Value::Datetime(dt) => Ok(Some(dt.to_string())),
        other => Err(serde::de::Error::custom(format!("`date` must be a date written YYYY-MM-DD, not a {}", other.type_str()))),
    }
}

/// Whether a path of `notes.toml` stays inside the project folder, as
/// written: relative, and never climbing above its start with `..`.
/// (Symlinks are followed where the files are read.)
pub fn inside_project(path: &str) -> bool {
    let p = Path::new(path);
    !(p.is_absolute() || path.starts_with(['/', '\\']) || p.components().any(|c| matches!(c, std::path::Component::Prefix(_))))
        && notes_doc::paths::join_relative("", &path.replace('\\', "/")).is_some()
}

/// Every top-level key, for help messages.
pub const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "authors",
    "release",
    "date",
    "language",
    "publisher",
    "description",
    "sources",
    "out",
    "output",
    "paper",
    "two-sided",
    "contents-depth",
    "numbering-depth",
    "nav-depth",
    "bookmarks-depth",
    "[fonts] body/heading/mono/fallback/size/system",
    "[indexes] speakers/topics/events",
    "style",
    "epub-css",
    "cover",
    "pdf-standard",
    "highlight",
    "layout",
    "orphans",
];

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// Where the value of `key = value` is written in a TOML text (the first
/// such line), for pointing at a value that is wrong in some other way
/// than its syntax (a font that is not there).
pub fn value_pos(text: &str, key: &str) -> Option<(Pos, u32)> {
    let (pos, _) = key_pos(text, key)?;
    let line = text.lines().nth(pos.line as usize - 1)?;
    let eq = line.find('=')?;
    let value = line[eq + 1..].trim_start();
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    let col = line[..line.len() - line[eq + 1..].trim_start().len()].chars().count() as u32 + 1;
    Some((Pos::new(pos.line, col), value.chars().count().max(1) as u32))
}

/// Where `key = ...` is written in a TOML text, for pointing at a bad value.
fn key_pos(text: &str, key: &str) -> Option<(Pos, u32)> {
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let col = (line.len() - trimmed.len()) as u32 + 1;
            return Some((Pos::new(n as u32 + 1, col), key.chars().count() as u32));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let c = Config::parse("", Path::new("notes.toml")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn unknown_key_names_the_key_and_the_line() {
        let d = Config::parse("title = \"x\"\n\npaper-size = \"a4\"\n", Path::new("notes.toml")).unwrap_err();
        assert!(d.message.contains("paper-size"), "{}", d.message);
        assert_eq!(d.line, 3);
        assert!(d.help.unwrap().contains("paper"));
    }

    #[test]
    fn bad_paper_lists_what_is_allowed() {
        let d = Config::parse("paper = \"b5\"\n", Path::new("notes.toml")).unwrap_err();
        assert!(d.message.contains("a4") && d.message.contains("ereader"), "{}", d.message);
        assert!(d.message.starts_with("`paper`: "), "{}", d.message);
        assert_eq!(d.line, 1);
    }

    #[test]
    fn bad_date_is_refused_with_its_line() {
        let d = Config::parse("title = \"x\"\ndate = \"12/11/2016\"\n", Path::new("n.toml")).unwrap_err();
        assert!(d.message.contains("YYYY-MM-DD"));
        assert_eq!((d.line, d.column), (2, 1));
        assert!(Config::parse("date = \"2016-02-30\"", Path::new("n.toml")).is_err());
        assert!(Config::parse("date = \"2016-02-29\"", Path::new("n.toml")).is_ok());
        let c = Config::parse("date = 2016-11-12", Path::new("n.toml")).unwrap();
        assert_eq!(c.date.as_deref(), Some("2016-11-12"));
    }

    #[test]
    fn values_are_found_by_key() {
        let text = "title = \"x\"\n[fonts]\n  body = \"Comic Sans\" # nice\n";
        assert_eq!(value_pos(text, "body"), Some((Pos::new(3, 10), 12)));
        assert_eq!(value_pos(text, "mono"), None);
    }
}
