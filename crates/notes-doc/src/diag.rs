//! Diagnostics: what the stages have to say about the notes.
//!
//! Readers, project discovery and normalization push [`Diagnostic`]s into a
//! [`Diagnostics`] collection; they never print. The CLI renders them in the
//! rustc style (with the source line and the span underlined) or as JSON.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Pos;

/// How much a diagnostic matters.
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

    /// The same diagnostics with every cause said once: warnings and remarks
    /// of a kind (their `code`) beyond the first `keep` are folded into one
    /// line that counts them and names their first files ("41 more like
    /// this, in a.md, b.md, c.md and 38 others"). Errors are never folded.
    /// `notes render` prints these; `notes check` prints every one.
    pub fn folded(&self, keep: usize) -> Diagnostics {
        use std::collections::HashMap;
        let mut total: HashMap<(&'static str, Severity), usize> = HashMap::new();
        for d in &self.list {
            *total.entry((d.code, d.severity)).or_default() += 1;
        }
        let mut seen: HashMap<(&'static str, Severity), usize> = HashMap::new();
        let mut out = Diagnostics::new();
        for d in &self.list {
            let key = (d.code, d.severity);
            let n = total[&key];
            let at = seen.entry(key).or_default();
            *at += 1;
            if d.severity == Severity::Error || n <= keep + 1 || *at <= keep {
                out.push(d.clone());
                continue;
            }
            if *at == keep + 1 {
                let rest: Vec<&Diagnostic> = self.list.iter().filter(|o| (o.code, o.severity) == key).skip(keep).collect();
                let mut files: Vec<String> = Vec::new();
                for o in &rest {
                    let name = o.file.as_ref().map_or_else(|| "the project".to_string(), |f| f.display().to_string());
                    if !files.contains(&name) {
                        files.push(name);
                    }
                }
                let shown = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                let others = files.len().saturating_sub(3);
                let places = if others > 0 { format!("{shown} and {others} other file{}", if others == 1 { "" } else { "s" }) } else { shown };
                out.push(Diagnostic::new(d.severity, d.code, format!("{} more like this, in {places}", rest.len())).with_help("`notes check` lists every one"));
            }
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_warnings_of_a_kind_are_said_once_with_a_count() {
        let mut diags = Diagnostics::new();
        for i in 0..10 {
            diags.push(Diagnostic::warning("not-in-index", "this note is in no index").in_file(format!("e/n{i}.md")));
        }
        diags.push(Diagnostic::warning("broken-link", "a link").in_file("x.md"));
        for i in 0..4 {
            diags.push(Diagnostic::error("bad", "an error").in_file(format!("b{i}.md")));
        }
        let folded: Vec<String> = diags.folded(2).iter().map(|d| d.to_string()).collect();
        assert_eq!(folded.iter().filter(|d| d.starts_with("warning[not-in-index]")).count(), 3);
        assert!(folded.contains(&"warning[not-in-index]: 8 more like this, in e/n2.md, e/n3.md, e/n4.md and 5 other files".to_string()), "{folded:?}");
        assert_eq!(folded.iter().filter(|d| d.starts_with("error[bad]")).count(), 4, "errors are all said");
        assert!(folded.iter().any(|d| d.starts_with("warning[broken-link]")));
        // Three of a kind with `keep` 2: folding one into a summary line
        // would save nothing.
        let mut three = Diagnostics::new();
        for i in 0..3 {
            three.push(Diagnostic::warning("w", "x").in_file(format!("{i}.md")));
        }
        assert_eq!(three.folded(2).len(), 3);
    }
}
