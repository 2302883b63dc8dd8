//! `notes-assemble`: the third step. Reads every note (on all cores, or
//! from the cache of earlier builds) and puts them in the book's order, as
//! the project's tables of contents give it: the root index lists the
//! events, each event's index lists its talks; without a root index, every
//! folder is an event and the order is by file name.
//!
//! It builds the book's skeleton (parts and chapters holding what the
//! readers made) and leaves every repair to normalization. It never
//! writes anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use notes_doc::diag::{Diagnostic, Diagnostics, FileDiagnostics};
use notes_doc::names::{is_index_name, title_from_path};
use notes_doc::paths::{join_relative, parent_of};
use notes_doc::{Block, Book, BookMeta, Chapter, Inline, Part, Pos, SourceRef};
use notes_project::Project;
use notes_project::config::Config;
use notes_project::files::{NoteFile, list_notes, read_text};
use notes_read::{IncludeError, Includes, Note, ReadContext, Toc};

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
fn parse_note(source_dir: &Path, shown_dir: &Path, path: &str, file: &NoteFile) -> Parsed {
    let full = source_dir.join(path);
    let stamp = Stamp::of(&full);
    let shown = shown_dir.join(path);
    let mut diags = Diagnostics::new();
    let Some(text) = read_text(&full, &shown, &mut diags) else {
        return Parsed { stamp, note: None, diags, includes: Vec::new() };
    };
    let includes = RecordingIncludes { inner: SourceIncludes { source_dir }, read: Default::default() };
    let cx = ReadContext { path, is_index: is_index_name(path), includes: &includes };
    let mut fd = FileDiagnostics { file: &shown, diagnostics: &mut diags };
    let note = notes_read::read(&text, file.format, &cx, &mut fd);
    Parsed { stamp, note: Some(note), diags, includes: includes.read.into_inner() }
}

/// Reads and parses every note on all cores, for a build that has none
/// of them yet: the book then takes them in its order, so that what is
/// reported comes in the same order as when they are read one by one.
fn prefetch(source_dir: &Path, shown_dir: &Path, files: &[NoteFile]) -> std::collections::HashMap<String, Parsed> {
    use rayon::prelude::*;
    files.par_iter().map(|f| (f.path.clone(), parse_note(source_dir, shown_dir, &f.path, f))).collect()
}

/// A note read, with what it said.
struct ReadNote {
    file: NoteFile,
    note: Note,
}

/// Reads the project's notes and puts them in the book's order.
pub fn assemble(project: &Project, cwd: &Path, diags: &mut Diagnostics) -> Book {
    assemble_with(project, cwd, diags, None)
}

/// [`assemble`], reading again only the notes that changed since they went
/// into `cache` (for `notes watch`). The book is the same as `assemble`'s.
pub fn assemble_cached(project: &Project, cwd: &Path, diags: &mut Diagnostics, cache: &mut NoteCache) -> Book {
    cache.start(&project.source_dir, cwd);
    assemble_with(project, cwd, diags, Some(cache))
}

fn assemble_with(project: &Project, cwd: &Path, diags: &mut Diagnostics, cache: Option<&mut NoteCache>) -> Book {
    let shown_dir = project.shown(cwd, &project.source_dir);
    let files = list_notes(&project.source_dir, diags, &shown_dir);
    let cold = cache.as_ref().is_none_or(|c| c.is_empty());
    let prefetched = if cold && files.len() > 1 { prefetch(&project.source_dir, &shown_dir, &files) } else { Default::default() };
    let mut assembler = Assembler {
        prefetched,
        project,
        shown_dir,
        files: files.iter().map(|f| (f.path.clone(), f.clone())).collect(),
        used: BTreeSet::new(),
        cache_tocs: BTreeMap::new(),
        diags,
        cache,
    };
    let mut book = Book { version: notes_doc::TREE_VERSION, meta: book_meta(&project.config), front: Vec::new(), parts: Vec::new(), indexes: Vec::new() };
    let root_index = ["index.md", "index.rst", "index.markdown", "index.rest"].into_iter().find(|p| assembler.files.contains_key(*p)).map(str::to_string);
    match root_index {
        Some(index) => assembler.from_root_index(&index, &mut book),
        None => assembler.by_file_name(&files, &mut book),
    }
    assembler.report_unused(&files);
    if book.parts.is_empty() {
        let shown = project.shown(cwd, &project.source_dir);
        diags.push(
            Diagnostic::error("no-notes", format!("there are no notes in {} to make a book of", shown.display()))
                .with_help("write one: sources/EVENT/TALK.md, starting with `# Title` (or run `notes new EVENT/TALK \"Title\"`)"),
        );
    }
    book
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

struct Assembler<'a> {
    project: &'a Project,
    shown_dir: PathBuf,
    files: BTreeMap<String, NoteFile>,
    used: BTreeSet<String>,
    /// Tables of contents of notes read as talks, for the index that lists them.
    cache_tocs: BTreeMap<String, Vec<Toc>>,
    diags: &'a mut Diagnostics,
    /// Notes read by earlier builds, when there were any.
    cache: Option<&'a mut NoteCache>,
    /// Notes read ahead, all at once (see [`prefetch`]).
    prefetched: std::collections::HashMap<String, Parsed>,
}

impl Assembler<'_> {
    fn shown(&self, rel: &str) -> PathBuf {
        self.shown_dir.join(rel)
    }

    /// Reads a note (once), or takes it from the cache when neither it nor
    /// a file it includes changed since it was read.
    fn read(&mut self, path: &str) -> Option<ReadNote> {
        let file = self.files.get(path)?.clone();
        let full = self.project.source_dir.join(path);
        if let Some(cache) = self.cache.as_deref_mut()
            && let Some(note) = cache.get(path, &full, self.diags)
        {
            return Some(ReadNote { file, note });
        }
        let parsed = match self.prefetched.remove(path) {
            Some(parsed) => parsed,
            None => parse_note(&self.project.source_dir, &self.shown_dir, path, &file),
        };
        let Parsed { stamp, note, diags, includes } = parsed;
        let Some(note) = note else {
            self.diags.extend(diags);
            return None;
        };
        if let Some(cache) = self.cache.as_deref_mut() {
            let source_dir = &self.project.source_dir;
            let deps = includes.into_iter().map(|rel| {
                let dep = source_dir.join(&rel);
                let stamp = Stamp::of(&dep);
                (dep, stamp)
            });
            cache.put(path, stamp, deps.collect(), &note, &diags);
        }
        self.diags.extend(diags);
        Some(ReadNote { file, note })
    }

    /// Finds the note a toc entry names: the path as written, with an
    /// extension added, or a folder's index.
    fn resolve_entry(&self, from: &str, target: &str) -> Option<String> {
        let target = target.trim().trim_end_matches('/');
        let rel = if let Some(abs) = target.strip_prefix('/') { join_relative("", abs)? } else { join_relative(parent_of(from), target)? };
        let mut candidates = vec![rel.clone()];
        for ext in ["md", "rst", "markdown", "rest"] {
            candidates.push(format!("{rel}.{ext}"));
        }
        for ext in ["md", "rst", "markdown", "rest"] {
            candidates.push(if rel.is_empty() { format!("index.{ext}") } else { format!("{rel}/index.{ext}") });
        }
        candidates.into_iter().find(|c| self.files.contains_key(c))
    }

    /// Expands a toc into the paths it lists, reporting entries that point nowhere.
    fn toc_paths(&mut self, from: &str, toc: &Toc) -> Vec<(String, Option<String>, Pos)> {
        let mut out = Vec::new();
        for entry in &toc.entries {
            let target = entry.target.trim();
            if target == "self" || notes_doc::urls::has_scheme(target) {
                continue;
            }
            if toc.glob && target.contains(['*', '?', '[']) {
                let pattern_path = match join_relative(parent_of(from), target) {
                    Some(p) => p,
                    None => continue,
                };
                let Ok(pattern) = glob::Pattern::new(&pattern_path) else {
                    self.diags.push(
                        Diagnostic::warning("bad-toc-entry", format!("{target:?} is not a valid pattern"))
                            .in_file(self.shown(from))
                            .at(entry.pos, target.chars().count() as u32),
                    );
                    continue;
                };
                let mut matched: Vec<String> = self
                    .files
                    .keys()
                    .filter(|p| {
                        let stem = p.rsplit_once('.').map_or(p.as_str(), |(s, _)| s);
                        p.as_str() != from && (pattern.matches(p) || pattern.matches(stem))
                    })
                    .cloned()
                    .collect();
                matched.sort();
                out.extend(matched.into_iter().map(|p| (p, None, entry.pos)));
                continue;
            }
            match self.resolve_entry(from, target) {
                Some(path) => out.push((path, entry.title.clone(), entry.pos)),
                None => self.diags.push(
                    Diagnostic::warning("missing-toc-entry", format!("the index lists {target:?}, but there is no such note"))
                        .in_file(self.shown(from))
                        .at(entry.pos, target.chars().count() as u32)
                        .with_help("check the spelling, or remove the entry"),
                ),
            }
        }
        out
    }

    /// Marks a note as used; false (with a diagnostic) when it already was.
    fn claim(&mut self, path: &str, from: &str, pos: Pos, ancestors: &[String]) -> bool {
        if ancestors.iter().any(|a| a == path) {
            self.diags.push(
                Diagnostic::error("index-cycle", format!("the index lists {path}, which lists this index in turn"))
                    .in_file(self.shown(from))
                    .at(pos, 1)
                    .with_help("an index may not list itself or an index that lists it"),
            );
            return false;
        }
        if !self.used.insert(path.to_string()) {
            self.diags.push(
                Diagnostic::warning("listed-twice", format!("{path} is already in the book; this entry is ignored")).in_file(self.shown(from)).at(pos, 1),
            );
            return false;
        }
        true
    }

    fn from_root_index(&mut self, index: &str, book: &mut Book) {
        self.used.insert(index.to_string());
        let Some(ReadNote { file, note }) = self.read(index) else { return };
        let Note { title, blocks, mut tocs, .. } = note;
        let mut blocks = blocks;
        // The root index's title is the book's title unless notes.toml gives one.
        let heading_title = if title.is_none() { take_title(&mut blocks, &mut tocs) } else { None };
        let index_title = title.or_else(|| heading_title.map(|(t, _)| notes_doc::plain_text(&t)));
        if self.project.config_file.is_none()
            && !self.project.from_sphinx
            && let Some(t) = index_title
        {
            book.meta.title = book_title_from_index(&t);
        }
        // Walk the blocks: text before the first section is the front
        // matter, each top-level section a part, and each toc's entries
        // parts where the toc stood.
        let ancestors = vec![index.to_string()];
        let top = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .min();
        let mut toc_at: BTreeMap<usize, Vec<&Toc>> = BTreeMap::new();
        for toc in &tocs {
            toc_at.entry(toc.at_block).or_default().push(toc);
        }
        let mut current: Option<Part> = None;
        let n = blocks.len();
        let mut blocks = blocks.into_iter();
        for i in 0..=n {
            if let Some(list) = toc_at.get(&i) {
                if let Some(part) = current.take() {
                    book.parts.push(part);
                }
                for toc in list.clone() {
                    for (path, title, pos) in self.toc_paths(index, toc) {
                        if self.claim(&path, index, pos, &ancestors) {
                            self.add_part(&path, title, &ancestors, book);
                        }
                    }
                }
            }
            let Some(block) = blocks.next() else { break };
            let is_section = matches!(&block, Block::Heading { level, .. } if Some(*level) == top);
            if is_section {
                if let Some(part) = current.take() {
                    book.parts.push(part);
                }
                let Block::Heading { content, labels, pos, .. } = block else { unreachable!() };
                let _ = labels;
                current = Some(Part {
                    id: String::new(),
                    title: content,
                    number: None,
                    source: Some(SourceRef { path: file.path.clone(), format: file.format }),
                    blocks: Vec::new(),
                    chapters: Vec::new(),
                    pos,
                });
            } else if let Some(part) = current.as_mut() {
                part.blocks.push(block);
            } else {
                book.front.push(block);
            }
        }
        if let Some(part) = current.take() {
            book.parts.push(part);
        }
    }

    /// Adds the note at `path` (listed by the root index) as a part: an
    /// index becomes an event with its talks; a plain note a part of its own.
    fn add_part(&mut self, path: &str, title_override: Option<String>, ancestors: &[String], book: &mut Book) {
        let Some(ReadNote { file, note }) = self.read(path) else { return };
        let source = SourceRef { path: file.path.clone(), format: file.format };
        let Note { title, blocks, footnotes, mut tocs, title_labels, meta } = note;
        let mut blocks = blocks;
        let (mut part_title, pos) = match title {
            Some(t) => (vec![Inline::text(t)], Pos::new(1, 1)),
            None => take_title(&mut blocks, &mut tocs).unwrap_or_else(|| (vec![Inline::text(title_from_path(path))], Pos::new(1, 1))),
        };
        if let Some(t) = title_override {
            part_title = vec![Inline::text(t)];
        }
        let mut part = Part { id: String::new(), title: part_title, number: None, source: Some(source.clone()), blocks: Vec::new(), chapters: Vec::new(), pos };
        if tocs.is_empty() && is_index_name(path) {
            // An event index without a list: its folder's notes, by name.
            part.blocks = blocks;
            let folder = parent_of(path).to_string();
            let listed: Vec<String> = self.files.keys().filter(|p| parent_of(p) == folder && !is_index_name(p) && !self.used.contains(*p)).cloned().collect();
            for p in listed {
                self.used.insert(p.clone());
                if let Some(ch) = self.chapter(&p, None) {
                    part.chapters.push(ch);
                }
            }
        } else if tocs.is_empty() {
            // A plain note listed by the root index: a part of its own.
            part.blocks = blocks;
            if !footnotes.is_empty() || !meta.speakers.is_empty() || !title_labels.is_empty() {
                // Keep its footnotes by making it a chapter-less part whose
                // single chapter carries them.
                let chapter = Chapter {
                    id: String::new(),
                    title: part.title.clone(),
                    number: None,
                    meta,
                    source,
                    blocks: std::mem::take(&mut part.blocks),
                    footnotes,
                    labels: title_labels,
                    pos,
                };
                part.chapters.push(chapter);
            }
        } else {
            let mut ancestors = ancestors.to_vec();
            ancestors.push(path.to_string());
            let mut rest = blocks;
            // Text before the first toc is the event's introduction; text
            // after is kept too.
            let mut order = Vec::new();
            for toc in &tocs {
                order.extend(self.toc_paths(path, toc));
            }
            part.blocks = std::mem::take(&mut rest);
            for (p, title, pos) in order {
                if self.claim(&p, path, pos, &ancestors) {
                    self.add_chapters(&p, title, &ancestors, &mut part);
                }
            }
        }
        book.parts.push(part);
    }

    /// Adds the note at `path` (listed by an event's index) as a talk; an
    /// index listed there adds its own talks after it.
    fn add_chapters(&mut self, path: &str, title: Option<String>, ancestors: &[String], part: &mut Part) {
        if let Some(chapter) = self.chapter(path, title) {
            let tocs = self.cache_tocs.remove(path).unwrap_or_default();
            let is_empty_index = !tocs.is_empty() && chapter.blocks.is_empty();
            if !is_empty_index {
                part.chapters.push(chapter);
            }
            if !tocs.is_empty() {
                let mut ancestors = ancestors.to_vec();
                ancestors.push(path.to_string());
                let mut order = Vec::new();
                for toc in &tocs {
                    order.extend(self.toc_paths(path, toc));
                }
                for (p, t, pos) in order {
                    if self.claim(&p, path, pos, &ancestors) {
                        self.add_chapters(&p, t, &ancestors, part);
                    }
                }
            }
        }
    }

    /// Reads a talk.
    fn chapter(&mut self, path: &str, title_override: Option<String>) -> Option<Chapter> {
        let ReadNote { file, note } = self.read(path)?;
        let Note { title, meta, blocks, footnotes, mut tocs, title_labels } = note;
        let mut blocks = blocks;
        let taken = if title.is_none() { take_title(&mut blocks, &mut tocs) } else { None };
        if !tocs.is_empty() {
            self.cache_tocs.insert(path.to_string(), tocs);
        }
        let (mut chapter_title, pos) = match title {
            Some(t) => (vec![Inline::text(t)], Pos::new(1, 1)),
            None => match taken {
                Some(t) => t,
                None => {
                    let shown = self.shown(path);
                    self.diags.push(
                        Diagnostic::warning("no-title", "this note has no heading to be its title; its file name is used")
                            .in_file(shown)
                            .with_help("start the note with a `# Title` line, or give it a `title:` in front matter"),
                    );
                    (vec![Inline::text(title_from_path(path))], Pos::new(1, 1))
                }
            },
        };
        if let Some(t) = title_override {
            chapter_title = vec![Inline::text(t)];
        }
        Some(Chapter {
            id: String::new(),
            title: chapter_title,
            number: None,
            meta,
            source: SourceRef { path: file.path, format: file.format },
            blocks,
            footnotes,
            labels: title_labels,
            pos,
        })
    }

    /// No root index: each folder is an event (its index, if any, gives its
    /// title and order), and each note at the top is a part of its own.
    fn by_file_name(&mut self, files: &[NoteFile], book: &mut Book) {
        let mut tops: BTreeSet<String> = BTreeSet::new();
        for f in files {
            match f.path.split_once('/') {
                Some((folder, _)) => tops.insert(format!("{folder}/")),
                None => tops.insert(f.path.clone()),
            };
        }
        for top in tops {
            if let Some(folder) = top.strip_suffix('/') {
                let index = ["md", "rst", "markdown", "rest"].iter().map(|e| format!("{folder}/index.{e}")).find(|p| self.files.contains_key(p));
                match index {
                    Some(index) => {
                        self.used.insert(index.clone());
                        self.add_part(&index, None, &[], book);
                    }
                    None => {
                        let mut part = Part {
                            id: String::new(),
                            title: vec![Inline::text(title_from_path(folder))],
                            number: None,
                            source: None,
                            blocks: Vec::new(),
                            chapters: Vec::new(),
                            pos: Pos::default(),
                        };
                        let listed: Vec<String> = self.files.keys().filter(|p| parent_of(p) == folder).cloned().collect();
                        for p in listed {
                            self.used.insert(p.clone());
                            if let Some(ch) = self.chapter(&p, None) {
                                part.chapters.push(ch);
                            }
                        }
                        if !part.chapters.is_empty() {
                            book.parts.push(part);
                        }
                    }
                }
            } else {
                self.used.insert(top.clone());
                self.add_part(&top, None, &[], book);
            }
        }
    }

    fn report_unused(&mut self, files: &[NoteFile]) {
        for f in files {
            if !self.used.contains(&f.path) && !is_included_only(&f.path) {
                let index = nearest_index(&self.files, &f.path);
                let help = match index {
                    Some(i) => format!("list it in {}, or move it out of the source folder", self.shown(&i).display()),
                    None => "list it in an index, or move it out of the source folder".into(),
                };
                self.diags.push(
                    Diagnostic::warning("not-in-index", "this note is in no index, so it is not in the book")
                        .in_file(self.shown(&f.path))
                        .at(Pos::new(1, 1), 1)
                        .with_help(help),
                );
            }
        }
    }
}

/// Takes a note's title (its first heading) out of its blocks, keeping the
/// tables of contents where they stood.
fn take_title(blocks: &mut Vec<Block>, tocs: &mut [Toc]) -> Option<(Vec<Inline>, Pos)> {
    let at = blocks.iter().position(|b| matches!(b, Block::Heading { .. }))?;
    for toc in tocs.iter_mut() {
        if toc.at_block > at {
            toc.at_block -= 1;
        }
    }
    let i = blocks.iter().position(|b| matches!(b, Block::Heading { .. }))?;
    match blocks.remove(i) {
        Block::Heading { content, pos, .. } => Some((content, pos)),
        _ => None,
    }
}

/// Files meant only to be included by others (Sphinx's `.inc.rst` habit).
fn is_included_only(path: &str) -> bool {
    path.ends_with(".inc.rst") || path.ends_with(".inc.md")
}

fn nearest_index(files: &BTreeMap<String, NoteFile>, path: &str) -> Option<String> {
    let mut dir = parent_of(path).to_string();
    loop {
        for ext in ["md", "rst"] {
            let candidate = if dir.is_empty() { format!("index.{ext}") } else { format!("{dir}/index.{ext}") };
            if files.contains_key(&candidate) && candidate != path {
                return Some(candidate);
            }
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent_of(&dir).to_string();
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
    fn a_title_is_the_first_heading_and_tocs_keep_their_place() {
        let heading =
            |t: &str| Block::Heading { level: 1, content: vec![Inline::text(t)], id: String::new(), number: None, labels: Vec::new(), pos: Pos::default() };
        let mut blocks = vec![Block::Rule { pos: Pos::default() }, heading("Title"), heading("A")];
        let mut tocs = vec![Toc { at_block: 3, ..Default::default() }];
        let (title, _) = take_title(&mut blocks, &mut tocs).unwrap();
        assert_eq!(notes_doc::plain_text(&title), "Title");
        assert_eq!(blocks.len(), 2);
        assert_eq!(tocs[0].at_block, 2);
    }

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
