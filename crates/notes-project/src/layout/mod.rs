//! Layouts: the shapes a folder of notes comes in (a Sphinx project, a
//! GitHub repository of READMEs, a Jekyll or Hugo site, an MkDocs or mdBook
//! site, a Jupyter Book, a Quarto book, an Obsidian vault, a plain folder).
//!
//! [`detect`] finds the layout from marker files (in the folder, one level
//! down, or in a folder above it), and each layout's module reads that
//! layout's own configuration, never running it: the book's metadata, the
//! folder the notes are in, what is not a note, and the table of contents
//! when the configuration holds one. Tables of contents written in Markdown
//! (`SUMMARY.md`, README lists) are read by the assemble step, as notes.
//! Nothing here parses markup.

pub mod hugo;
pub mod jekyll;
pub mod jupyter_book;
pub mod mdbook;
pub mod mkdocs;
pub mod obsidian;
pub mod plain;
pub mod quarto;
pub mod readme;
pub mod sphinx;

mod files;

use std::path::{Path, PathBuf};

use notes_doc::diag::{Diagnostic, Diagnostics};

pub use files::{LeftOut, Listing, list};

/// Which tool a folder of notes was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Sphinx,
    Readme,
    Jekyll,
    Hugo,
    Mkdocs,
    Mdbook,
    JupyterBook,
    Quarto,
    Obsidian,
    Plain,
}

impl Kind {
    /// Every layout, in the order detection tries them.
    pub const ALL: &'static [Kind] =
        &[Kind::Mdbook, Kind::Quarto, Kind::JupyterBook, Kind::Mkdocs, Kind::Hugo, Kind::Jekyll, Kind::Sphinx, Kind::Obsidian, Kind::Readme, Kind::Plain];

    /// The name `notes check` prints and `layout = "…"` takes.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sphinx => "sphinx",
            Kind::Readme => "readme",
            Kind::Jekyll => "jekyll",
            Kind::Hugo => "hugo",
            Kind::Mkdocs => "mkdocs",
            Kind::Mdbook => "mdbook",
            Kind::JupyterBook => "jupyter-book",
            Kind::Quarto => "quarto",
            Kind::Obsidian => "obsidian",
            Kind::Plain => "plain",
        }
    }

    /// The layout a name means (`jupyter-book`, `jupyter_book`, any case).
    pub fn parse(name: &str) -> Option<Kind> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Kind::ALL.iter().copied().find(|k| k.name() == wanted)
    }

    /// What the layout's table of contents is called, for messages
    /// ("1 note is in no SUMMARY.md").
    pub fn toc_name(self) -> &'static str {
        match self {
            Kind::Sphinx => "toctree",
            Kind::Readme => "index",
            Kind::Jekyll => "category",
            Kind::Hugo => "section",
            Kind::Mkdocs => "nav",
            Kind::Mdbook => "SUMMARY.md",
            Kind::JupyterBook => "_toc.yml",
            Kind::Quarto => "chapter list",
            Kind::Obsidian => "index note",
            Kind::Plain => "folder",
        }
    }
}

/// The book's metadata as a layout's configuration gives it. `notes.toml`
/// wins over each of these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub release: Option<String>,
}

/// One entry of a table of contents that a configuration file holds
/// (`mkdocs.yml` `nav:`, `_toc.yml`, `_quarto.yml` `chapters:`). Paths are
/// relative to the layout's notes folder, as written (maybe without their
/// extension).
#[derive(Debug, Clone, PartialEq)]
pub enum TocItem {
    /// A note, with the title the toc gives it and the notes nested below it.
    Page { path: String, title: Option<String>, children: Vec<TocItem> },
    /// A titled group of entries (a nav section, a `_toc.yml` part, a
    /// Quarto part). `file` is a note whose title and text introduce it.
    Section { title: Option<String>, file: Option<String>, children: Vec<TocItem> },
    /// Every note whose path matches a pattern, in name order.
    Glob { pattern: String },
}

/// How the table of contents that a configuration holds is laid out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigToc {
    /// A note that opens the book (Jupyter Book's `root`).
    pub root: Option<String>,
    /// The title the toc gives the root note.
    pub root_title: Option<String>,
    pub items: Vec<TocItem>,
    /// Entries printed after the rest (Quarto's `appendices`).
    pub appendices: Vec<TocItem>,
}

/// A glob pattern over paths relative to the notes folder, with why the
/// files it matches are left out.
#[derive(Debug, Clone)]
pub struct Exclusion {
    pub pattern: glob::Pattern,
    pub reason: String,
}

impl Exclusion {
    /// A pattern as written; `None` when it is not a valid pattern.
    pub fn new(pattern: &str, reason: impl Into<String>) -> Option<Exclusion> {
        Some(Exclusion { pattern: glob::Pattern::new(pattern).ok()?, reason: reason.into() })
    }

    /// Whether the relative path (of a file or a folder) matches.
    pub fn matches(&self, rel: &str) -> bool {
        let options = glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: false };
        self.pattern.matches_with(rel, options)
    }

    /// Patterns in the format of a `.gitignore` (MkDocs `exclude_docs`,
    /// `not_in_nav`, `draft_docs`): one per line, `#` comments, a leading
    /// `/` anchors at the notes folder, a trailing `/` means a folder,
    /// a pattern without `/` matches a name anywhere.
    pub fn gitignore(lines: &str, reason: &str) -> Vec<Exclusion> {
        let mut out = Vec::new();
        for line in lines.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let folder = line.ends_with('/');
            let body = line.trim_end_matches('/');
            let anchored = body.starts_with('/') || body.contains('/');
            let body = body.trim_start_matches('/');
            let base = if anchored { body.to_string() } else { format!("**/{body}") };
            let mut patterns = vec![base.clone()];
            if !anchored {
                patterns.push(body.to_string());
            }
            let mut more = Vec::new();
            for p in &patterns {
                more.push(format!("{p}/**"));
            }
            if !folder {
                more.extend(patterns);
            }
            out.extend(more.iter().filter_map(|p| Exclusion::new(p, reason)));
        }
        out
    }
}

/// The layout of a project, as [`detect`] found it.
#[derive(Debug, Clone)]
pub struct Layout {
    pub kind: Kind,
    /// The marker file that decided it, relative to the folder given
    /// (`book/book.toml`, `../_config.yml`), or why (`wikilinks`).
    pub marker: Option<String>,
    /// A remark on the variant (`MyST Markdown`, `legacy _toc.yml`).
    pub variant: Option<String>,
    /// The folder holding the marker (canonical).
    pub site_root: PathBuf,
    /// The folder the notes are in (canonical): the project's source folder.
    pub notes_dir: PathBuf,
    /// When the folder given is below `notes_dir`: that folder, relative to
    /// it, `/`-separated. Only the notes under it make the book.
    pub scope: Option<String>,
    pub meta: Meta,
    /// A table of contents held by a configuration file.
    pub toc: Option<ConfigToc>,
    /// The note that is the root of the book's order (Sphinx `root_doc`,
    /// mdBook `SUMMARY.md`), relative to `notes_dir`.
    pub toc_note: Option<String>,
    /// Files and folders that are not notes, or that the layout's tool
    /// leaves out, with why.
    pub exclusions: Vec<Exclusion>,
    /// Notes the author keeps out of the table of contents on purpose
    /// (MkDocs `not_in_nav`): in the book like notes no toc reaches, but
    /// without a warning.
    pub unlisted: Vec<Exclusion>,
    /// Folders (relative to `notes_dir`) that are never read: build output,
    /// themes, tool folders. Left out silently.
    pub skip_dirs: Vec<String>,
    /// Whether folders whose name starts with `_` are left out (Jekyll,
    /// Sphinx), except those in `keep_dirs`.
    pub skip_underscore_dirs: bool,
    pub keep_dirs: Vec<String>,
    /// Whether Jupyter notebooks may be notes (when a toc lists them).
    pub notebooks: bool,
    /// Jekyll collections that are published, in `_config.yml` order.
    pub collections: Vec<String>,
    /// MkDocs' awesome-pages plugin: `.pages` files order and title folders.
    pub awesome_pages: bool,
    /// Remarks made while reading the configuration.
    pub notices: Diagnostics,
}

impl Layout {
    /// A layout of `kind` with nothing read yet, for notes in `dir`.
    pub fn bare(kind: Kind, dir: &Path) -> Layout {
        Layout {
            kind,
            marker: None,
            variant: None,
            site_root: dir.to_path_buf(),
            notes_dir: dir.to_path_buf(),
            scope: None,
            meta: Meta::default(),
            toc: None,
            toc_note: None,
            exclusions: Vec::new(),
            unlisted: Vec::new(),
            skip_dirs: Vec::new(),
            skip_underscore_dirs: false,
            keep_dirs: Vec::new(),
            notebooks: false,
            collections: Vec::new(),
            awesome_pages: false,
            notices: Diagnostics::new(),
        }
    }

    /// "mdbook (book/book.toml)", as `notes check` says it.
    pub fn describe(&self) -> String {
        let mut s = self.kind.name().to_string();
        let mut why: Vec<String> = self.marker.iter().cloned().collect();
        why.extend(self.variant.iter().cloned());
        if !why.is_empty() {
            s.push_str(&format!(" ({})", why.join(", ")));
        }
        s
    }

    /// Whether `rel` (relative to the notes folder) is inside the scope the
    /// user asked for.
    pub fn in_scope(&self, rel: &str) -> bool {
        match &self.scope {
            None => true,
            Some(scope) => rel == scope || rel.starts_with(&format!("{scope}/")),
        }
    }
}

/// Finds the layout of the notes in `source` (an existing folder). `forced`
/// is the `layout = "…"` of `notes.toml`; `stop` is the highest folder to
/// look in upward (where `notes.toml` is, when there is one).
pub fn detect(source: &Path, forced: Option<Kind>, stop: Option<&Path>) -> Layout {
    let source = source.canonicalize().unwrap_or_else(|_| source.to_path_buf());
    if let Some(kind) = forced {
        let mut layout = open(kind, &source, &source);
        layout.marker = Some("notes.toml".into());
        return finish(layout, &source);
    }
    // Strong markers here, then one level down, then upward.
    if let Some((kind, root)) = strong_marker(&source) {
        return finish(open(kind, &root, &source), &source);
    }
    let mut subfolders: Vec<PathBuf> = std::fs::read_dir(&source)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    subfolders.sort();
    // Sphinx's and mdBook's usual sub-folders first.
    subfolders.sort_by_key(|p| !matches!(p.file_name().and_then(|n| n.to_str()), Some("source" | "docs" | "doc" | "book")));
    // A folder with its own index is the book; a sub-folder's marker counts
    // only when it is a tool's own configuration (an `index.rst` with a
    // toctree one level down is one chapter of that book, not the book).
    let own_index = readme::root_index(&source).is_some();
    for sub in &subfolders {
        if let Some((kind, root)) = strong_marker(sub)
            && kind != Kind::Obsidian
            && !(kind == Kind::Sphinx && own_index && !sub.join("conf.py").is_file())
        {
            return finish(open(kind, &root, &source), &source);
        }
    }
    let mut dir = source.clone();
    for _ in 0..4 {
        if dir.join(".git").exists() || stop.is_some_and(|s| s == dir) {
            break;
        }
        let Some(up) = dir.parent() else { break };
        dir = up.to_path_buf();
        if let Some((kind, root)) = strong_marker(&dir) {
            let layout = open(kind, &root, &source);
            if source.starts_with(&layout.notes_dir) {
                return finish(layout, &source);
            }
        }
    }
    if obsidian::has_wikilinks(&source) {
        let mut layout = open(Kind::Obsidian, &source, &source);
        layout.marker = Some("wikilinks".into());
        return finish(layout, &source);
    }
    if let Some(index) = readme::root_index(&source) {
        let mut layout = open(Kind::Readme, &source, &source);
        layout.marker = Some(index);
        return finish(layout, &source);
    }
    finish(open(Kind::Plain, &source, &source), &source)
}

/// A strong marker in `dir`: the layout and the folder it roots.
fn strong_marker(dir: &Path) -> Option<(Kind, PathBuf)> {
    let has = |name: &str| dir.join(name).is_file();
    let root = dir.to_path_buf();
    if has("book.toml") {
        return Some((Kind::Mdbook, root));
    }
    if has("_quarto.yml") || has("_quarto.yaml") {
        return Some((Kind::Quarto, root));
    }
    if has("_toc.yml") || has("_toc.yaml") {
        return Some((Kind::JupyterBook, root));
    }
    if has("mkdocs.yml") || has("mkdocs.yaml") {
        return Some((Kind::Mkdocs, root));
    }
    if hugo::is_site(dir) {
        return Some((Kind::Hugo, root));
    }
    if jekyll::is_site(dir) {
        return Some((Kind::Jekyll, root));
    }
    if sphinx::is_project(dir) {
        return Some((Kind::Sphinx, root));
    }
    if dir.join(".obsidian").is_dir() {
        return Some((Kind::Obsidian, root));
    }
    None
}

/// Reads the configuration of a layout rooted at `root`.
fn open(kind: Kind, root: &Path, source: &Path) -> Layout {
    let mut layout = match kind {
        Kind::Sphinx => sphinx::open(root),
        Kind::Readme => readme::open(root),
        Kind::Jekyll => jekyll::open(root),
        Kind::Hugo => hugo::open(root),
        Kind::Mkdocs => mkdocs::open(root),
        Kind::Mdbook => mdbook::open(root),
        Kind::JupyterBook => jupyter_book::open(root),
        Kind::Quarto => quarto::open(root),
        Kind::Obsidian => obsidian::open(root),
        Kind::Plain => plain::open(root),
    };
    if layout.marker.is_none() {
        layout.marker = marker_name(kind, root).map(|m| shown_from(source, &root.join(m)));
    }
    layout
}

/// Keeps the notes folder inside the site, and sets the scope when the
/// folder given is below the notes folder.
fn finish(mut layout: Layout, source: &Path) -> Layout {
    layout.notes_dir = layout.notes_dir.canonicalize().unwrap_or(layout.notes_dir);
    let site_root = layout.site_root.canonicalize().unwrap_or_else(|_| layout.site_root.clone());
    if !layout.notes_dir.starts_with(&site_root) {
        // `docs_dir: ../../..`, `src = "/etc"` (made relative) or a `docs`
        // symlink to elsewhere: nothing outside the site is read.
        let marker = marker_name(layout.kind, &site_root).map(|m| site_root.join(m));
        let mut d = Diagnostic::error(
            "path-outside-project",
            format!(
                "the notes folder this configuration names leads outside the site's folder (to {}); nothing is read from there",
                layout.notes_dir.display()
            ),
        )
        .with_help("name a folder inside the site, or run notes on the folder of notes itself with --source");
        if let Some(marker) = &marker {
            d = d.in_file(marker);
            if let Some((line, len)) = setting_line(marker, NOTES_DIR_KEYS) {
                d = d.at(notes_doc::Pos::new(line, 1), len);
            }
        }
        layout.notices.push(d);
        layout.notes_dir = site_root;
    }
    if source != layout.notes_dir
        && let Ok(rel) = source.strip_prefix(&layout.notes_dir)
    {
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.is_empty() {
            layout.scope = Some(rel);
        }
    }
    layout
}

/// The marker file of a layout, for `notes check`.
fn marker_name(kind: Kind, root: &Path) -> Option<&'static str> {
    let candidates: &[&str] = match kind {
        Kind::Mdbook => &["book.toml"],
        Kind::Quarto => &["_quarto.yml", "_quarto.yaml"],
        Kind::JupyterBook => &["_toc.yml", "_toc.yaml"],
        Kind::Mkdocs => &["mkdocs.yml", "mkdocs.yaml"],
        Kind::Hugo => &["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config/_default"],
        Kind::Jekyll => &["_config.yml"],
        Kind::Sphinx => &["conf.py", "index.rst"],
        Kind::Obsidian => &[".obsidian"],
        Kind::Readme | Kind::Plain => &[],
    };
    candidates.iter().copied().find(|c| root.join(c).exists())
}

/// `path` relative to `from` for messages: `book/book.toml`, `../_config.yml`.
fn shown_from(from: &Path, path: &Path) -> String {
    if let Ok(rel) = path.strip_prefix(from) {
        return rel.to_string_lossy().replace('\\', "/");
    }
    let mut up = String::new();
    let mut dir = from;
    while let Some(parent) = dir.parent() {
        up.push_str("../");
        if let Ok(rel) = path.strip_prefix(parent) {
            return format!("{up}{}", rel.to_string_lossy().replace('\\', "/"));
        }
        dir = parent;
    }
    path.display().to_string()
}

/// The settings of the layouts' configuration files that name the notes
/// folder (MkDocs, Hugo, mdBook).
const NOTES_DIR_KEYS: &[&str] = &["docs_dir", "contentDir", "src"];

/// The first line (1-based) of a configuration file that sets one of
/// `keys` (`key:` in YAML, `key =` in TOML, `"key":` in JSON), with its
/// length: where a diagnostic about the setting points.
pub(crate) fn setting_line(path: &Path, keys: &[&str]) -> Option<(u32, u32)> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim_start().trim_start_matches('"');
        let hit = keys.iter().any(|k| {
            t.get(..k.len()).is_some_and(|head| head.eq_ignore_ascii_case(k)) && t[k.len()..].trim_start_matches('"').trim_start().starts_with([':', '='])
        });
        hit.then(|| (i as u32 + 1, line.chars().count().max(1) as u32))
    })
}

/// Reads a configuration file as text, with a remark when it cannot be.
pub(crate) fn read_config(path: &Path, notices: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            notices.push(Diagnostic::warning("unreadable-config", format!("cannot read {}: {e}", path.display())).in_file(path));
            None
        }
    }
}

/// Parses YAML configuration, with a warning naming the file and line when
/// it is not YAML (the layout then goes on with what it has).
pub(crate) fn parse_yaml(path: &Path, text: &str, notices: &mut Diagnostics) -> Option<serde_yaml_ng::Value> {
    if let Some(line) = notes_doc::text::yaml_too_deep(text) {
        let message = format!("this file nests lists or maps more than {} deep and is ignored", notes_doc::text::MAX_YAML_FLOW_DEPTH);
        notices.push(Diagnostic::warning("bad-layout-config", message).in_file(path).at(notes_doc::Pos::new(line, 1), 1));
        return None;
    }
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut d = Diagnostic::warning("bad-layout-config", format!("this file could not be read as YAML and is ignored: {e}")).in_file(path);
            if let Some(loc) = e.location() {
                d = d.at(notes_doc::Pos::new(loc.line() as u32, loc.column() as u32), 1);
            }
            notices.push(d);
            None
        }
    }
}

/// Parses TOML configuration, with a warning when it is not TOML.
pub(crate) fn parse_toml(path: &Path, text: &str, notices: &mut Diagnostics) -> Option<toml::Table> {
    match text.parse::<toml::Table>() {
        Ok(t) => Some(t),
        Err(e) => {
            notices
                .push(Diagnostic::warning("bad-layout-config", format!("this file could not be read as TOML and is ignored: {}", e.message())).in_file(path));
            None
        }
    }
}

/// Small accessors for YAML values read from configuration files.
pub(crate) mod yaml {
    use serde_yaml_ng::Value;

    /// `value[key]` of a mapping, by a key compared without case.
    pub fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
        let map = value.as_mapping()?;
        map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key))).map(|(_, v)| untag(v))
    }

    /// A tagged value (`!!python/name:…`) as its content.
    pub fn untag(value: &Value) -> &Value {
        match value {
            Value::Tagged(t) => &t.value,
            other => other,
        }
    }

    /// A scalar as text (strings, numbers, booleans).
    pub fn text(value: &Value) -> Option<String> {
        match untag(value) {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// `value[key]` as text.
    pub fn str_at(value: &Value, key: &str) -> Option<String> {
        get(value, key).and_then(text)
    }

    /// Names of people: a string, a list of strings, or maps with `name`.
    pub fn people(value: &Value) -> Vec<String> {
        match untag(value) {
            Value::Sequence(items) => items.iter().flat_map(people).collect(),
            Value::Mapping(_) => str_at(value, "name").into_iter().collect(),
            other => text(other).into_iter().collect(),
        }
    }

    /// A list of strings (a single string counts as a list of one).
    pub fn strings(value: &Value) -> Vec<String> {
        match untag(value) {
            Value::Sequence(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect(),
        }
    }
}

/// Small accessors for TOML tables read from configuration files.
pub(crate) mod tomls {
    /// `table[key]` by a key compared without case.
    pub fn get<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
        table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
    }

    /// `table[key]` as text.
    pub fn str_at(table: &toml::Table, key: &str) -> Option<String> {
        match get(table, key)? {
            toml::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            toml::Value::Integer(n) => Some(n.to_string()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            _ => None,
        }
    }

    /// Names of people: a string, a list, or a table with `name`.
    pub fn people(value: &toml::Value) -> Vec<String> {
        match value {
            toml::Value::String(s) => vec![s.trim().to_string()],
            toml::Value::Array(items) => items.iter().flat_map(people).collect(),
            toml::Value::Table(t) => str_at(t, "name").into_iter().collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
