//! `notes-assemble`: the third step. Reads every note (on all cores, or
//! from the cache of earlier builds) and puts them in the book's order, as
//! the project's layout gives it (see `order`): toctrees and README lists,
//! `SUMMARY.md`, `nav:`, `_toc.yml`, `chapters:`, Jekyll's posts by date
//! and category, Hugo's sections by weight, Obsidian's folder notes, or
//! folders by name. Notes no table of contents reaches follow the listed
//! notes of their folder, with one warning.
//!
//! It builds the book's skeleton (parts and chapters holding what the
//! readers made) and leaves every repair to normalization. It never
//! writes anything.

mod library;
mod order;
mod outline;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use notes_doc::diag::{Diagnostic, Diagnostics, FileDiagnostics};
use notes_doc::paths::{join_relative, parent_of};
use notes_doc::{Book, BookMeta};
use notes_project::Project;
use notes_project::config::Config;
use notes_project::files::{NoteFile, read_text};
use notes_project::layout::Kind;
use notes_read::dialect::Dialect;
use notes_read::{IncludeError, Includes, Note, ReadContext};

/// Reads notes for reST `include` and `literalinclude`, inside the source folder only.
pub struct SourceIncludes<'a> {
    pub source_dir: &'a Path,
}

impl Includes for SourceIncludes<'_> {
    fn include(&self, from: &str, target: &str) -> Result<(String, String), IncludeError> {
        let rel = if let Some(stripped) = target.strip_prefix('/') {
            // Sphinx: an absolute include path is relative to the source folder.
            join_relative("", stripped)
        } else {
            join_relative(parent_of(from), target)
        }
        .ok_or_else(|| IncludeError::Outside(target.to_string()))?;
        let path = notes_doc::paths::resolve_inside(self.source_dir, &rel).map_err(|e| match e {
            notes_doc::paths::PathError::Missing { reason, .. } => IncludeError::Unreadable { target: target.to_string(), reason },
            _ => IncludeError::Outside(target.to_string()),
        })?;
        let bytes = std::fs::read(&path).map_err(|e| IncludeError::Unreadable { target: target.to_string(), reason: e.to_string() })?;
        Ok((rel, notes_doc::text::clean_text(&String::from_utf8_lossy(&bytes)).into_owned()))
    }
}

/// When a file was last changed, as far as a cache needs to know: its
/// modification time and length (`None` when it cannot be read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp(Option<(std::time::SystemTime, u64)>);

impl Stamp {
    fn of(path: &Path) -> Stamp {
        Stamp(std::fs::metadata(path).ok().and_then(|m| Some((m.modified().ok()?, m.len()))))
    }
}

/// Notes read by earlier builds, for `notes watch`: a note is read again
/// only when its file, or a file it includes, changed (by modification
/// time and length), or when it was [forgotten](NoteCache::forget).
#[derive(Default)]
pub struct NoteCache {
    /// The source folder and working folder the entries were read for.
    place: Option<(PathBuf, PathBuf)>,
    entries: std::collections::HashMap<String, CachedNote>,
    /// Notes taken from the cache, and read from disk, by the last build.
    pub reused: usize,
    pub read: usize,
}

struct CachedNote {
    stamp: Stamp,
    /// Files the note included, and their stamps when it was read.
    includes: Vec<(PathBuf, Stamp)>,
    note: Note,
    /// What the reader said about it.
    diagnostics: Diagnostics,
}

impl NoteCache {
    /// Begins a build: counts from zero, and drops everything when the
    /// source folder (or the folder paths are shown from) is not the same.
    fn start(&mut self, source_dir: &Path, cwd: &Path) {
        let place = (source_dir.to_path_buf(), cwd.to_path_buf());
        if self.place.as_ref() != Some(&place) {
            self.entries.clear();
            self.place = Some(place);
        }
        self.reused = 0;
        self.read = 0;
    }

    /// Forgets the note at `path` (any path on disk; notes not under the
    /// source folder are ignored), so that the next build reads it again.
    pub fn forget(&mut self, path: &Path) {
        let Some((source_dir, _)) = &self.place else { return };
        let Ok(rel) = path.strip_prefix(source_dir) else { return };
        let rel = rel.to_string_lossy().replace('\\', "/");
        self.entries.remove(&rel);
        // Notes that include it are read again too.
        self.entries.retain(|_, e| !e.includes.iter().any(|(p, _)| p == path));
    }

    /// How many notes the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn get(&mut self, path: &str, full: &Path, diags: &mut Diagnostics) -> Option<Note> {
        let entry = self.entries.get(path)?;
        let fresh = entry.stamp.0.is_some() && entry.stamp == Stamp::of(full) && entry.includes.iter().all(|(p, stamp)| *stamp == Stamp::of(p));
        if !fresh {
            self.entries.remove(path);
            return None;
        }
        diags.extend(entry.diagnostics.clone());
        self.reused += 1;
        Some(entry.note.clone())
    }

    fn put(&mut self, path: &str, stamp: Stamp, includes: Vec<(PathBuf, Stamp)>, note: &Note, diagnostics: &Diagnostics) {
        self.read += 1;
        self.entries.insert(path.to_string(), CachedNote { stamp, includes, note: note.clone(), diagnostics: diagnostics.clone() });
    }
}

/// [`SourceIncludes`] that remembers what it read, so that the cache knows
/// which files a note depends on.
struct RecordingIncludes<'a> {
    inner: SourceIncludes<'a>,
    read: std::cell::RefCell<Vec<String>>,
}

impl Includes for RecordingIncludes<'_> {
    fn include(&self, from: &str, target: &str) -> Result<(String, String), IncludeError> {
        let result = self.inner.include(from, target);
        if let Ok((rel, _)) = &result {
            self.read.borrow_mut().push(rel.clone());
        }
        result
    }
}

/// A note read from disk and parsed, with what its reader said, before
/// the book takes it.
struct Parsed {
    stamp: Stamp,
    /// `None` when the file could not be read (the diagnostics say why).
    note: Option<Note>,
    diags: Diagnostics,
    /// Files it included, relative to the source folder.
    includes: Vec<String>,
}

/// Reads and parses the note at `path` (relative to `source_dir`).
fn parse_note(source_dir: &Path, shown_dir: &Path, path: &str, file: &NoteFile, dialect: Dialect, stamped: bool) -> Parsed {
    let full = source_dir.join(path);
    // Only a cache needs to know when the file changed.
    let stamp = if stamped { Stamp::of(&full) } else { Stamp(None) };
    let shown = shown_dir.join(path);
    let mut diags = Diagnostics::new();
    let Some(text) = read_text(&full, &shown, &mut diags) else {
        return Parsed { stamp, note: None, diags, includes: Vec::new() };
    };
    let includes = RecordingIncludes { inner: SourceIncludes { source_dir }, read: Default::default() };
    // Markdown lists of links are read by the orderers; reST toctrees by the reader.
    let cx = ReadContext { path, is_index: false, includes: &includes };
    let mut fd = FileDiagnostics { file: &shown, diagnostics: &mut diags };
    let mut note = notes_read::read_dialect(&text, file.format, dialect, &cx, &mut fd);
    if text.trim().is_empty() {
        note.blocks.clear();
    }
    Parsed { stamp, note: Some(note), diags, includes: includes.read.into_inner() }
}

/// The template syntax a layout's notes may hold.
fn dialect_of(project: &Project) -> Dialect {
    match project.layout.kind {
        Kind::Jekyll => Dialect::Jekyll,
        Kind::Hugo => Dialect::Hugo,
        Kind::Obsidian => Dialect::Obsidian,
        _ => Dialect::Plain,
    }
}

/// What the layout made of the folder, for `notes check`: the layout, the
/// files left out and why, and the notes no table of contents reached.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// "mdbook (book/book.toml)".
    pub layout: String,
    /// Files left out on purpose, with why (relative to the notes folder).
    pub left_out: Vec<(String, String)>,
    /// Notes no table of contents reached (in the book unless `orphans =
    /// "leave-out"`).
    pub orphans: Vec<String>,
    /// Notes kept out of the table of contents on purpose (MkDocs
    /// `not_in_nav`, hidden `.pages` folders), in the book without a warning.
    pub unlisted: Vec<String>,
    /// Notes with no title of their own (their file name is used).
    pub untitled: Vec<String>,
}

/// Reads the project's notes and puts them in the book's order.
pub fn assemble(project: &Project, cwd: &Path, diags: &mut Diagnostics) -> Book {
    assemble_with(project, cwd, diags, None).0
}

/// [`assemble`], reading again only the notes that changed since they went
/// into `cache` (for `notes watch`). The book is the same as `assemble`'s.
pub fn assemble_cached(project: &Project, cwd: &Path, diags: &mut Diagnostics, cache: &mut NoteCache) -> Book {
    cache.start(&project.source_dir, cwd);
    assemble_with(project, cwd, diags, Some(cache)).0
}

/// [`assemble`], with what the layout made of the folder; with a cache,
/// as [`assemble_cached`].
pub fn assemble_surveyed(project: &Project, cwd: &Path, diags: &mut Diagnostics, cache: Option<&mut NoteCache>) -> (Book, Survey) {
    let cache = cache.map(|c| {
        c.start(&project.source_dir, cwd);
        c
    });
    assemble_with(project, cwd, diags, cache)
}

fn assemble_with(project: &Project, cwd: &Path, diags: &mut Diagnostics, cache: Option<&mut NoteCache>) -> (Book, Survey) {
    let shown_dir = project.shown(cwd, &project.source_dir);
    let listing = notes_project::layout::list(&project.layout, diags, &shown_dir);
    let mut survey =
        Survey { layout: project.layout.describe(), left_out: listing.left_out.into_iter().map(|l| (l.path, l.reason)).collect(), ..Survey::default() };
    let files = listing.notes;
    let dialect = dialect_of(project);
    let (notes, mut note_diags) = read_all(project, &shown_dir, &files, dialect, diags, cache);
    let mut book = Book { version: notes_doc::TREE_VERSION, meta: book_meta(&project.config), front: Vec::new(), parts: Vec::new(), indexes: Vec::new() };
    // Drafts and unpublished pages are left out; empty notes too, with one warning.
    let mut kept = BTreeMap::new();
    let mut empty = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown_notes = 0;
    for (path, note) in notes {
        let f = &note.facts;
        if !f.unknown_keys.is_empty() {
            unknown_notes += 1;
            for k in &f.unknown_keys {
                *unknown.entry(k.clone()).or_default() += 1;
            }
        }
        let reason = if f.draft {
            Some("a draft (draft: true)")
        } else if f.unpublished {
            Some("not published (published: false)")
        } else if f.unlisted {
            Some("never listed (_build: list: never)")
        } else {
            None
        };
        if let Some(reason) = reason {
            survey.left_out.push((path, reason.into()));
        } else if note.blocks.is_empty() && note.title.is_none() && !note.facts.present && note.tocs.is_empty() {
            empty.push(path);
        } else {
            kept.insert(path, note);
        }
    }
    if !empty.is_empty() {
        let n = empty.len();
        let shown: Vec<&str> = empty.iter().take(4).map(String::as_str).collect();
        let more = if n > 4 { format!(" and {} more", n - 4) } else { String::new() };
        diags.push(
            Diagnostic::warning("empty-talk", format!("{n} note{} empty and left out: {}{more}", if n == 1 { " is" } else { "s are" }, shown.join(", ")))
                .with_help("write the notes, or delete the empty files"),
        );
        for p in &empty {
            survey.left_out.push((p.clone(), "empty".into()));
        }
    }
    if !unknown.is_empty() {
        let mut keys: Vec<(String, usize)> = unknown.into_iter().collect();
        keys.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let names: Vec<String> = keys.iter().take(6).map(|(k, _)| k.clone()).collect();
        let more = if keys.len() > 6 { " …" } else { "" };
        diags.push(
            Diagnostic::warning(
                "unknown-front-matter",
                format!(
                    "{unknown_notes} note{} front-matter keys that notes does not use: {}{more}",
                    if unknown_notes == 1 { " has" } else { "s have" },
                    names.join(", ")
                ),
            )
            .with_help(
                "they are left out of the book; the keys notes reads are title, speakers, date, tags (and a site generator's draft, weight, categories)",
            ),
        );
    }
    let toc_note = read_toc_note(project, &shown_dir, dialect);
    let mut lib = library::Library::new(
        project,
        shown_dir,
        files.iter().filter(|f| kept.contains_key(&f.path)).map(|f| (f.path.clone(), f.clone())).collect(),
        kept,
        survey,
    );
    lib.toc_note = toc_note;
    let outline = order::outline(&mut lib);
    outline::build(outline, &mut lib, &mut book);
    let library::Library { diags: lib_diags, survey, discarded, moot, .. } = lib;
    // What the readers said, but not about site furniture, nor what an
    // orderer made moot.
    for (path, d) in std::mem::take(&mut note_diags) {
        if discarded.contains(&path) {
            continue;
        }
        let moot: Vec<&str> = moot.iter().filter(|(p, _)| *p == path).map(|(_, c)| *c).collect();
        for d in d.into_vec() {
            if !(moot.contains(&d.code) && d.message.contains("{toctree}")) {
                diags.push(d);
            }
        }
    }
    diags.extend(lib_diags);
    let mut survey = survey;
    survey.left_out.sort();
    if book.parts.is_empty() && book.front.is_empty() {
        let shown = project.shown(cwd, &project.source_dir);
        diags.push(
            Diagnostic::error("no-notes", format!("there are no notes in {} to make a book of", shown.display()))
                .with_help("write one: sources/EVENT/TALK.md, starting with `# Title` (or run `notes new EVENT/TALK \"Title\"`)"),
        );
    }
    (book, survey)
}

/// The note that is a layout's table of contents and not a note of the
/// book (mdBook's `SUMMARY.md`), read quietly.
fn read_toc_note(project: &Project, shown_dir: &Path, dialect: Dialect) -> Option<Note> {
    if project.layout.kind != Kind::Mdbook {
        return None;
    }
    let path = project.layout.toc_note.clone()?;
    let file = NoteFile { path: path.clone(), format: notes_doc::Format::Markdown };
    parse_note(&project.source_dir, shown_dir, &path, &file, dialect, false).note
}

/// Reads every note, on all cores, from the cache when it is fresh; what
/// the readers said is reported in path order.
#[allow(clippy::type_complexity)]
fn read_all(
    project: &Project,
    shown_dir: &Path,
    files: &[NoteFile],
    dialect: Dialect,
    diags: &mut Diagnostics,
    mut cache: Option<&mut NoteCache>,
) -> (BTreeMap<String, Note>, Vec<(String, Diagnostics)>) {
    use rayon::prelude::*;
    let source_dir = &project.source_dir;
    let mut out = BTreeMap::new();
    let mut said = Vec::new();
    let mut cached: std::collections::HashMap<String, (Note, Diagnostics)> = Default::default();
    let mut to_read = Vec::new();
    let stamped = cache.is_some();
    for f in files {
        let full = source_dir.join(&f.path);
        let mut d = Diagnostics::new();
        match cache.as_deref_mut().and_then(|c| c.get(&f.path, &full, &mut d)) {
            Some(note) => {
                cached.insert(f.path.clone(), (note, d));
            }
            None => to_read.push(f.clone()),
        }
    }
    let parsed: std::collections::HashMap<String, Parsed> =
        to_read.par_iter().map(|f| (f.path.clone(), parse_note(source_dir, shown_dir, &f.path, f, dialect, stamped))).collect();
    let mut parsed = parsed;
    for f in files {
        if let Some((note, d)) = cached.remove(&f.path) {
            said.push((f.path.clone(), d));
            out.insert(f.path.clone(), note);
            continue;
        }
        let Some(Parsed { stamp, note, diags: d, includes }) = parsed.remove(&f.path) else { continue };
        let Some(note) = note else {
            diags.extend(d);
            continue;
        };
        if let Some(cache) = cache.as_deref_mut() {
            let deps = includes.into_iter().map(|rel| {
                let dep = source_dir.join(&rel);
                let stamp = Stamp::of(&dep);
                (dep, stamp)
            });
            cache.put(&f.path, stamp, deps.collect(), &note, &d);
        }
        said.push((f.path.clone(), d));
        out.insert(f.path.clone(), note);
    }
    (out, said)
}

fn book_meta(config: &Config) -> BookMeta {
    BookMeta {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        authors: config.all_authors(),
        release: config.release.clone(),
        date: String::new(),
        language: config.language.clone(),
        publisher: config.publisher.clone(),
        description: config.description.clone(),
    }
}

/// The book's title from its root index's title. A Sphinx project's root
/// page says "Welcome to Foo's documentation!" (sphinx-quickstart writes
/// it); Sphinx titles that book "Foo Documentation", and so do we.
pub fn book_title_from_index(title: &str) -> String {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix("Welcome to ")
        && let Some(project) = rest.strip_suffix("'s documentation!").or_else(|| rest.strip_suffix("’s documentation!"))
        && !project.trim().is_empty()
    {
        return format!("{} Documentation", project.trim());
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_project::ProjectOptions;

    #[test]
    fn sphinx_welcome_titles() {
        assert_eq!(book_title_from_index("Welcome to Event Notes's documentation!"), "Event Notes Documentation");
        assert_eq!(book_title_from_index("My Conference Notes"), "My Conference Notes");
    }

    #[test]
    fn the_cache_reads_only_what_changed_and_gives_the_same_book() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sources/e")).unwrap();
        std::fs::write(root.join("sources/index.md"), "# B\n\n- [E](e/index.md)\n").unwrap();
        std::fs::write(root.join("sources/e/index.md"), "# E\n\n- [A](a.md)\n- [B](b.md)\n").unwrap();
        std::fs::write(root.join("sources/e/a.md"), "# A\n\nSee [b](b.md) and [nothing](c.md).\n").unwrap();
        std::fs::write(root.join("sources/e/b.md"), "# B\n\nText.\n").unwrap();
        let project = Project::open(&ProjectOptions { cwd: root.to_path_buf(), ..Default::default() }).unwrap();
        let json = |b: &Book| serde_json::to_string(b).unwrap();
        let mut cache = NoteCache::default();
        let (mut d1, mut d2) = (Diagnostics::new(), Diagnostics::new());
        let first = assemble_cached(&project, root, &mut d1, &mut cache);
        assert_eq!((cache.read, cache.reused), (4, 0));
        let again = assemble_cached(&project, root, &mut d2, &mut cache);
        assert_eq!((cache.read, cache.reused), (0, 4));
        assert_eq!(json(&first), json(&again));
        assert_eq!(d1.into_vec(), d2.into_vec(), "what the readers said is said again");

        std::fs::write(root.join("sources/e/b.md"), "# B\n\nOther text, longer.\n").unwrap();
        let mut d3 = Diagnostics::new();
        let edited = assemble_cached(&project, root, &mut d3, &mut cache);
        assert_eq!((cache.read, cache.reused), (1, 3));
        assert_eq!(json(&edited), json(&assemble(&project, root, &mut Diagnostics::new())));
        // Forgotten notes are read again even when they look the same.
        cache.forget(&project.source_dir.join("e/a.md"));
        assemble_cached(&project, root, &mut Diagnostics::new(), &mut cache);
        assert_eq!((cache.read, cache.reused), (1, 3));
    }
}
