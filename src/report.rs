//! Showing diagnostics to people (rustc style: severity, code, message,
//! `file:line:column`, the source line with the span underlined, a help
//! line) or to programs (JSON).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use notes_doc::diag::{Diagnostic, Severity};

/// Renders diagnostics with the source lines they point at.
pub struct Reporter {
    cwd: PathBuf,
    files: SimpleFiles<String, String>,
    ids: HashMap<PathBuf, Option<usize>>,
}

impl Reporter {
    pub fn new(cwd: &Path) -> Self {
        Reporter { cwd: cwd.to_path_buf(), files: SimpleFiles::new(), ids: HashMap::new() }
    }

    fn file_id(&mut self, file: &Path) -> Option<usize> {
        if let Some(id) = self.ids.get(file) {
            return *id;
        }
        let path = if file.is_absolute() { file.to_path_buf() } else { self.cwd.join(file) };
        let id = std::fs::read(&path).ok().map(|bytes| {
            let text = notes_doc::text::clean_text(&String::from_utf8_lossy(&bytes)).into_owned();
            self.files.add(file.display().to_string(), printable(&text))
        });
        self.ids.insert(file.to_path_buf(), id);
        id
    }

    /// Writes one diagnostic.
    pub fn emit(&mut self, out: &mut dyn WriteColor, d: &Diagnostic) -> std::io::Result<()> {
        let base = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
            Severity::Info => CsDiagnostic::note(),
        };
        let mut cs = base.with_code(d.code).with_message(&d.message);
        let mut located = false;
        if let Some(file) = &d.file
            && d.line > 0
            && let Some(id) = self.file_id(file)
            && let Some(range) = self.range(id, d.line, d.column, d.length)
        {
            // A line too long to show helps nobody: point at it by number.
            let too_long = self.files.get(id).is_ok_and(|f| line_len(f.source(), range.start) > MAX_SHOWN_LINE);
            if too_long {
                let loc = d.location().unwrap_or_default();
                cs = cs.with_notes(vec![format!("in {loc} (the line is too long to show)")]);
                if let Some(help) = &d.help {
                    cs.notes.push(format!("help: {help}"));
                }
                let config = term::Config::default();
                return term::emit(out, &config, &self.files, &cs).map_err(std::io::Error::other);
            }
            cs = cs.with_labels(vec![Label::primary(id, range)]);
            located = true;
        }
        let mut notes = Vec::new();
        if !located && let Some(loc) = d.location() {
            notes.push(format!("in {loc}"));
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        cs = cs.with_notes(notes);
        let config = term::Config::default();
        term::emit(out, &config, &self.files, &cs).map_err(std::io::Error::other)
    }

    fn range(&self, id: usize, line: u32, col: u32, len: u32) -> Option<std::ops::Range<usize>> {
        let file = self.files.get(id).ok()?;
        let text = file.source();
        let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line as usize - 2).map(|(i, _)| i + 1)? };
        let line_text = &text[line_start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let start = line_text.char_indices().nth(col.saturating_sub(1) as usize).map_or(line_text.len(), |(i, _)| i);
        let end = line_text[start..].char_indices().nth(len.max(1) as usize).map_or(line_text.len(), |(i, _)| start + i);
        Some(line_start + start..line_start + end.max(start))
    }
}

/// Lines longer than this (in bytes) are not printed under a diagnostic.
const MAX_SHOWN_LINE: usize = 400;

fn line_len(text: &str, at: usize) -> usize {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    text[start..].find('\n').unwrap_or(text.len() - start)
}

/// The text with control characters shown as their Unicode pictures
/// (one character for one, so that columns stay right).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Diagnostics as a JSON array, one object per diagnostic.
pub fn write_json(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diagnostics).map_err(std::io::Error::other)?;
    writeln!(out)
}
