//! The notes of a book once read, before they are placed: what the
//! layouts' orderers look at (titles, tables of contents, front matter)
//! and take from as they build the outline, and what is left at the end
//! (the notes no table of contents reached).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::names::{file_stem, natural_cmp, title_from_path};
use notes_doc::paths::{join_relative, parent_of};
use notes_doc::{Block, Chapter, Inline, Pos, SourceRef, plain_text};
use notes_project::Project;
use notes_project::files::NoteFile;
use notes_read::{Note, Toc};

use crate::Survey;
use crate::outline::Entry;

/// The extensions a toc entry written without one may mean.
pub(crate) const EXTENSIONS: &[&str] = &["md", "rst", "markdown", "rest", "qmd", "ipynb"];

/// What a link or toc entry points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A note of the book.
    Note(String),
    /// A folder holding notes (relative to the notes folder, `""` the root).
    Folder(String),
    /// A file that is there but not in the book (left out, out of scope):
    /// nothing to say.
    Elsewhere,
    /// Nothing.
    Missing,
}

pub(crate) struct Library<'a> {
    pub project: &'a Project,
    pub shown_dir: PathBuf,
    pub files: BTreeMap<String, NoteFile>,
    /// Notes read and not yet placed.
    notes: BTreeMap<String, Note>,
    /// Notes placed (as chapters, parts, introductions) or taken.
    taken: BTreeSet<String>,
    /// Notes kept for a later place (see [`Library::reserve`]).
    reserved: BTreeSet<String>,
    /// Notes placed by a rule that no table of contents names.
    pub marked_orphans: Vec<String>,
    pub diags: Diagnostics,
    pub survey: Survey,
    /// A layout's table of contents read as a note (mdBook's `SUMMARY.md`).
    pub toc_note: Option<Note>,
    /// Each folder holding notes (at any depth): its notes and its
    /// sub-folders that hold notes, in path order.
    folders: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Notes the author kept out of the table of contents on purpose: placed
    /// like orphans, without a warning.
    pub quiet: BTreeSet<String>,
    /// Notes taken as site furniture: what their readers said is not
    /// reported.
    pub discarded: BTreeSet<String>,
    /// Diagnostics of a note that an orderer made moot (a MyST toctree the
    /// reader did not know, read here): (path, code).
    pub moot: Vec<(String, &'static str)>,
}

impl<'a> Library<'a> {
    pub fn new(project: &'a Project, shown_dir: PathBuf, files: BTreeMap<String, NoteFile>, notes: BTreeMap<String, Note>, survey: Survey) -> Self {
        let mut folders: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for path in files.keys() {
            let mut folder = parent_of(path).to_string();
            folders.entry(folder.clone()).or_default().0.push(path.clone());
            // Every folder above holds this one.
            while !folder.is_empty() {
                let parent = parent_of(&folder).to_string();
                let subs = &mut folders.entry(parent.clone()).or_default().1;
                if subs.last() != Some(&folder) && !subs.contains(&folder) {
                    subs.push(folder.clone());
                }
                folder = parent;
            }
        }
        for (_, subs) in folders.values_mut() {
            subs.sort();
        }
        Library {
            folders,
            project,
            shown_dir,
            files,
            notes,
            taken: BTreeSet::new(),
            reserved: BTreeSet::new(),
            marked_orphans: Vec::new(),
            diags: Diagnostics::new(),
            survey,
            toc_note: None,
            discarded: BTreeSet::new(),
            quiet: BTreeSet::new(),
            moot: Vec::new(),
        }
    }

    pub fn shown(&self, rel: &str) -> PathBuf {
        self.shown_dir.join(rel)
    }

    /// A note not yet placed.
    pub fn peek(&self, path: &str) -> Option<&Note> {
        self.notes.get(path)
    }

    /// Whether a note has been placed, taken or reserved already.
    pub fn is_taken(&self, path: &str) -> bool {
        self.taken.contains(path) || self.reserved.contains(path)
    }

    /// Keeps a note for a place the outline gives it later (the book's
    /// opening or end): no other rule takes it, and it is not an orphan.
    pub fn reserve(&mut self, path: &str) {
        self.reserved.insert(path.to_string());
    }

    /// Takes a note out of the library, to place it.
    pub fn take(&mut self, path: &str) -> Option<Note> {
        let note = self.notes.remove(path)?;
        self.taken.insert(path.to_string());
        Some(note)
    }

    /// Takes a note as site furniture: not in the book, and not reported.
    pub fn discard(&mut self, path: &str) {
        self.take(path);
        self.discarded.insert(path.to_string());
    }

    /// Whether a note has words (not only template leftovers and punctuation).
    pub fn has_words(&self, path: &str) -> bool {
        let Some(note) = self.notes.get(path) else { return false };
        let mut any = false;
        notes_doc::walk_blocks(&note.blocks, &mut |b| {
            if any {
                return;
            }
            if matches!(b, Block::Code { .. } | Block::Figure { .. } | Block::Table { .. }) {
                any = true;
            }
            for seq in notes_doc::block_inlines(b) {
                if plain_text(seq).chars().any(char::is_alphanumeric) {
                    any = true;
                }
            }
        });
        any
    }

    pub fn file(&self, path: &str) -> Option<&NoteFile> {
        self.files.get(path)
    }

    /// Every note read and not placed yet, in path order.
    pub fn unplaced_paths(&self) -> Vec<String> {
        self.notes.keys().cloned().collect()
    }

    /// The notes nothing placed, less those kept out of every toc on
    /// purpose (reST `:orphan:`, which are left out), in natural order,
    /// each with whether it deserves a warning (not when the author kept it
    /// out of the nav on purpose: MkDocs `not_in_nav`).
    pub fn unplaced(&mut self) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let paths: Vec<String> = self.notes.keys().filter(|p| !self.reserved.contains(*p)).cloned().collect();
        for path in paths {
            if self.notes.get(&path).is_some_and(|n| n.facts.orphan) {
                self.notes.remove(&path);
                self.survey.left_out.push((path, "marked as an orphan (in no toctree on purpose)".into()));
                continue;
            }
            if self.files.get(&path).is_some_and(|f| f.format == notes_doc::Format::Notebook) {
                // A notebook is a note only where a table of contents lists it.
                self.notes.remove(&path);
                self.survey.left_out.push((path, "a notebook in no table of contents".into()));
                continue;
            }
            let quiet = self.project.layout.unlisted.iter().any(|e| e.matches(&path)) || self.quiet.contains(&path);
            if quiet {
                self.survey.unlisted.push(path.clone());
            }
            out.push((path, !quiet));
        }
        out.sort_by(|a, b| natural_cmp(&a.0, &b.0));
        out
    }

    /// Resolves a toc entry or link written in `from` (a note's path, or a
    /// folder followed by `/`).
    pub fn resolve(&self, from: &str, target: &str) -> Target {
        let target = notes_doc::urls::percent_decode(target.trim());
        let target = target.split('#').next().unwrap_or("").trim().trim_start_matches("./");
        let target = target.trim_end_matches('/');
        let base = if from.ends_with('/') { from.trim_end_matches('/') } else { parent_of(from) };
        let rel = if let Some(abs) = target.strip_prefix('/') { join_relative("", abs) } else { join_relative(base, target) };
        let Some(rel) = rel else { return Target::Missing };
        if self.files.contains_key(&rel) && !rel.is_empty() {
            return Target::Note(rel);
        }
        for ext in EXTENSIONS {
            let candidate = format!("{rel}.{ext}");
            if self.files.contains_key(&candidate) {
                return Target::Note(candidate);
            }
        }
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        if self.files.keys().any(|p| p.starts_with(&prefix)) {
            return Target::Folder(rel);
        }
        let on_disk = self.project.source_dir.join(&rel);
        if on_disk.exists() || EXTENSIONS.iter().any(|e| self.project.source_dir.join(format!("{rel}.{e}")).exists()) {
            return Target::Elsewhere;
        }
        Target::Missing
    }

    /// Reports a toc entry that names no note.
    pub fn missing_entry(&mut self, from: &str, target: &str, pos: Pos) {
        self.diags.push(
            Diagnostic::warning("missing-toc-entry", format!("the table of contents lists {target:?}, but there is no such note"))
                .in_file(self.shown(from))
                .at(pos, target.chars().count() as u32)
                .with_help("check the spelling, or remove the entry"),
        );
    }

    /// Adds the chapter an entry names, then the chapters nested below it.
    pub fn chapters_of(&mut self, entry: &Entry, out: &mut Vec<Chapter>) {
        if entry.orphan {
            self.marked_orphans.push(entry.path.clone());
        }
        if let Some(chapter) = self.chapter(entry) {
            out.push(chapter);
        }
        for child in &entry.children {
            self.chapters_of(child, out);
        }
    }

    /// The chapter of one note (not its nested ones).
    pub fn chapter(&mut self, entry: &Entry) -> Option<Chapter> {
        let Some(note) = self.take(&entry.path) else {
            if self.files.contains_key(&entry.path) && self.is_taken(&entry.path) {
                self.diags.push(
                    Diagnostic::warning("listed-twice", format!("{} is listed twice; it is in the book once, where it is listed first", entry.path))
                        .in_file(self.shown(&entry.path)),
                );
            }
            return None;
        };
        let file = self.files.get(&entry.path)?.clone();
        let Note { title, meta, blocks, footnotes, tocs, title_labels, .. } = note;
        let bare = Note { title, blocks, tocs, ..Note::default() };
        let (title, pos, blocks, extra) = self.title_and_blocks(&entry.path, entry.title.clone(), bare);
        let mut body = extra;
        body.extend(blocks);
        Some(Chapter {
            id: String::new(),
            title,
            number: None,
            meta,
            source: SourceRef { path: file.path, format: file.format },
            blocks: body,
            footnotes,
            labels: title_labels,
            pos,
        })
    }

    /// A note's title (the toc's, else its front matter's, else its first
    /// heading, else its file name) and its blocks without the heading
    /// that was taken as the title; when the toc's title replaces the
    /// note's own heading, that heading comes back as a subtitle.
    pub fn title_and_blocks(&mut self, path: &str, toc_title: Option<String>, note: Note) -> (Vec<Inline>, Pos, Vec<Block>, Vec<Block>) {
        let Note { title, mut blocks, mut tocs, .. } = note;
        // With a title from the table of contents (or the file's name), a
        // first heading that is one of several at its level, or that
        // comes after text, is a section of the note (Obsidian's `# Overview`
        // … `# Details`), not its title.
        let sectioned = toc_title.is_some() && first_heading_is_a_section(&blocks);
        let heading = if title.is_none() && !sectioned { take_title(&mut blocks, &mut tocs) } else { None };
        let mut extra = Vec::new();
        let (text, pos) = match (toc_title, title, heading) {
            (Some(t), _, Some((h, pos))) => {
                if norm(&plain_text(&h)) != norm(&t) {
                    extra.push(Block::Rubric { content: h, pos });
                }
                (vec![Inline::text(t)], pos)
            }
            (Some(t), _, None) => (vec![Inline::text(t)], Pos::new(1, 1)),
            (None, Some(t), _) => (vec![Inline::text(t)], Pos::new(1, 1)),
            (None, None, Some((h, pos))) => (h, pos),
            (None, None, None) => {
                if !blocks.is_empty() {
                    self.survey.untitled.push(path.to_string());
                }
                (vec![Inline::text(title_from_name(path))], Pos::new(1, 1))
            }
        };
        (text, pos, blocks, extra)
    }

    /// Notes directly in `folder` and the sub-folders of it that hold
    /// notes, each in path order.
    pub fn folder_contents(&self, folder: &str) -> (Vec<String>, Vec<String>) {
        self.folders.get(folder).cloned().unwrap_or_default()
    }

    /// The date a note says it is from (front matter, else a `YYYY-MM-DD`
    /// at the start of its file name), as sortable text.
    pub fn date_of(&self, path: &str) -> Option<String> {
        let from_meta = self.files.get(path).and_then(|_| self.notes.get(path)).and_then(|n| n.meta.date.clone());
        from_meta.map(|d| d.trim().replace('T', " ")).or_else(|| date_prefix(file_stem(path)).map(str::to_string))
    }
}

/// `YYYY-MM-DD` at the start of a name.
pub(crate) fn date_prefix(name: &str) -> Option<&str> {
    let head = name.get(..10)?;
    let b = head.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    ok.then_some(head)
}

/// A title from a file name, without a leading date: `2031-03-14-warm-up`
/// → "Warm Up".
pub(crate) fn title_from_name(path: &str) -> String {
    let stem = file_stem(path);
    let rest = match date_prefix(stem) {
        Some(d) => stem[d.len()..].trim_start_matches(['-', '_', ' ']),
        None => stem,
    };
    if rest.is_empty() { title_from_path(path) } else { title_from_path(rest) }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether a note's first heading is a section rather than its title:
/// text comes before it, or another heading of its level follows.
fn first_heading_is_a_section(blocks: &[Block]) -> bool {
    let Some(at) = blocks.iter().position(|b| matches!(b, Block::Heading { .. })) else { return false };
    let Block::Heading { level, .. } = &blocks[at] else { return false };
    let text_before = blocks[..at].iter().any(|b| !matches!(b, Block::Anchor { .. } | Block::Index { .. } | Block::Raw { .. }));
    text_before || blocks[at + 1..].iter().any(|b| matches!(b, Block::Heading { level: l, .. } if l == level))
}

/// Takes a note's title (its first heading) out of its blocks, keeping the
/// tables of contents where they stood.
pub(crate) fn take_title(blocks: &mut Vec<Block>, tocs: &mut [Toc]) -> Option<(Vec<Inline>, Pos)> {
    let at = blocks.iter().position(|b| matches!(b, Block::Heading { .. }))?;
    for toc in tocs.iter_mut() {
        if toc.at_block > at {
            toc.at_block -= 1;
        }
    }
    match blocks.remove(at) {
        Block::Heading { content, pos, .. } => Some((content, pos)),
        _ => None,
    }
}
