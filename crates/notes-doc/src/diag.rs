//! Diagnostics: what the stages have to say about the notes.
//!
//! Readers, project discovery and normalization push [`Diagnostic`]s into a
//! [`Diagnostics`] collection; they never print. The CLI renders them in the
//! rustc style (with the source line and the span underlined) or as JSON.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem (or remark) about the notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem (`broken-link`).
    pub code: &'static str,
    pub message: String,
    /// The file concerned, relative to the project where possible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// 1-based line and column; 0 when unknown.
    pub line: u32,
    pub column: u32,
    /// Length of the span in characters (at least 1 when a position is known).
    pub length: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), file: None, line: 0, column: 0, length: 0, help: None }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points the diagnostic at `pos`, underlining `length` characters.
    pub fn at(mut self, pos: Pos, length: u32) -> Self {
        self.line = pos.line;
        self.column = pos.col;
        self.length = length.max(1);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        })
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form: `warning[code]: file:line:col: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity, self.code)?;
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by file, then position, keeping the order of equal positions;
    /// diagnostics without a file come first.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// A reader's view of diagnostics: one file, positions from that file.
pub struct FileDiagnostics<'a> {
    pub file: &'a Path,
    pub diagnostics: &'a mut Diagnostics,
}

impl FileDiagnostics<'_> {
    pub fn warn(&mut self, code: &'static str, pos: Pos, length: u32, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(code, message).in_file(self.file).at(pos, length));
    }

    pub fn error(&mut self, code: &'static str, pos: Pos, length: u32, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(code, message).in_file(self.file).at(pos, length));
    }

    pub fn info(&mut self, code: &'static str, pos: Pos, length: u32, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::info(code, message).in_file(self.file).at(pos, length));
    }

    /// Adds a diagnostic built by the caller, filling in the file.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic.in_file(self.file));
    }
}
