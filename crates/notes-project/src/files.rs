//! The files of a project that are notes, and their text as the readers
//! get it. Symlinks that lead outside the source folder are refused; text
//! that is not UTF-8 or holds control characters is repaired, with a
//! warning naming the file and the line.

use std::path::Path;

use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::{Format, Pos};

/// One note file found under the source folder.
#[derive(Debug, Clone)]
pub struct NoteFile {
    /// Relative to the source folder, `/`-separated.
    pub path: String,
    pub format: Format,
}

/// What a walk of the source folder does with a file or folder it meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A note (a file) or a folder to look into.
    Keep,
    /// Not a note, and not worth a word (build output, hidden files).
    Skip,
    /// Left out on purpose, for this reason (listed by `notes check`).
    LeftOut(String),
}

/// Lists every note under `dir` (recursively, sorted, hidden files and
/// folders and those starting with `_` skipped). Symlinks that lead
/// outside the folder are refused.
pub fn list_notes(dir: &Path, diags: &mut Diagnostics, shown_dir: &Path) -> Vec<NoteFile> {
    walk(dir, diags, shown_dir, &mut |rel, name, is_dir| {
        if name.starts_with('.') || name.starts_with('_') {
            Found::Skip
        } else if is_dir || matches!(Format::of_path(Path::new(rel)), Some(Format::Markdown | Format::Rst)) {
            Found::Keep
        } else {
            Found::Skip
        }
    })
    .0
}

/// Walks `dir` (to a depth of 32), asking `decide(relative path, name,
/// is a folder)` about every entry: returns the notes kept (sorted by
/// path) and what was left out, with why. Files kept must have a note's
/// extension ([`Format::of_path`]). Symlinks that lead outside the folder
/// are refused with an error.
pub fn walk(
    dir: &Path,
    diags: &mut Diagnostics,
    shown_dir: &Path,
    decide: &mut dyn FnMut(&str, &str, bool) -> Found,
) -> (Vec<NoteFile>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0usize)];
    while let Some((path, rel, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            diags.push(Diagnostic::error("unreadable-folder", format!("cannot read the folder {}", shown_dir.join(&rel).display())));
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries.into_iter().rev() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let child = entry.path();
            let Ok(file_type) = entry.file_type() else { continue };
            // The entry's own type costs no system call; a link's is its target's.
            let is_dir = if file_type.is_symlink() { child.is_dir() } else { file_type.is_dir() };
            if !is_dir && Format::of_path(&child).is_none() {
                // Not a note: images are checked where they are used.
                continue;
            }
            match decide(&child_rel, &name, is_dir) {
                Found::Keep => {}
                Found::Skip => continue,
                Found::LeftOut(reason) => {
                    left_out.push((child_rel, reason));
                    continue;
                }
            }
            if file_type.is_symlink() {
                match child.canonicalize() {
                    Ok(target) if target.starts_with(dir) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        diags.push(
                            Diagnostic::error("unreadable-file", format!("{child_rel} is a link to a file that does not exist"))
                                .in_file(shown_dir.join(&child_rel))
                                .with_help("point the link at an existing note, or remove it"),
                        );
                        continue;
                    }
                    _ => {
                        diags.push(
                            Diagnostic::error("path-outside-project", format!("{child_rel} is a link to a place outside the source folder; it is left out"))
                                .in_file(shown_dir.join(&child_rel)),
                        );
                        continue;
                    }
                }
            }
            if is_dir {
                if depth < 32 {
                    stack.push((child, child_rel, depth + 1));
                }
            } else if let Some(format) = Format::of_path(&child) {
                out.push(NoteFile { path: child_rel, format });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    left_out.sort();
    (out, left_out)
}

/// Reads one file as text: a BOM is dropped, line ends made `\n`, and bytes
/// that are not UTF-8 replaced (with a warning naming the first one).
pub fn read_text(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error("unreadable-file", format!("cannot read this file: {e}")).in_file(shown));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let col =
                String::from_utf8_lossy(&bytes[bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..offset]).chars().count() as u32 + 1;
            diags.push(
                Diagnostic::warning(
                    "invalid-utf8",
                    format!("this file is not valid UTF-8 (first bad byte at offset {offset}); bad bytes are shown as \u{FFFD}"),
                )
                .in_file(shown)
                .at(Pos::new(line, col), 1)
                .with_help("save the file as UTF-8"),
            );
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    report_unprintable(&text, shown, diags);
    let text = notes_doc::text::clean_text(&text).into_owned();
    Some(text)
}

/// Warns about control characters and non-characters in a note: they are
/// left out of the books.
fn report_unprintable(text: &str, shown: &Path, diags: &mut Diagnostics) {
    // Carriage returns end lines; `clean_text` makes them `\n`.
    let unprintable = |c: char| c != '\r' && notes_doc::text::is_unprintable(c);
    let Some(first) = text.char_indices().find(|&(_, c)| unprintable(c)) else { return };
    let count = text.chars().filter(|&c| unprintable(c)).count();
    let (pos, _) = notes_doc::text::span_pos(text, first.0..first.0 + first.1.len_utf8());
    diags.push(
        Diagnostic::warning(
            "control-character",
            format!(
                "this note holds {count} control character{} (the first is U+{:04X}); {} left out of the book",
                if count == 1 { "" } else { "s" },
                first.1 as u32,
                if count == 1 { "it is" } else { "they are" }
            ),
        )
        .in_file(shown)
        .at(pos, 1)
        .with_help("control characters often come from pasting; delete them"),
    );
}
