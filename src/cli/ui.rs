//! What the commands print, and where: results on stdout, diagnostics and
//! summaries on stderr, colours only where they are wanted (`--color`,
//! `NO_COLOR`, a terminal), and a progress bar only on a terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use codespan_reporting::term::termcolor::{Color, ColorChoice, ColorSpec, StandardStream, WriteColor};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{ColorWhen, Global};
use crate::pipeline::Error;
use crate::report::Reporter;
use notes_backend::Progress;
use notes_doc::diag::{Diagnostic, Diagnostics, Severity};

/// Where output goes and how it looks.
pub struct Ui {
    pub out: StandardStream,
    pub err: StandardStream,
    pub quiet: bool,
    pub verbose: bool,
    /// How many threads the work may use (`--jobs`).
    pub threads: usize,
    /// Whether stderr is a terminal (and so may show a progress bar).
    err_is_terminal: bool,
    reporter: Reporter,
    cwd: PathBuf,
}

/// How many warnings of a kind `notes render` prints before it counts the
/// rest in one line.
const FOLD_AFTER: usize = 3;

impl Ui {
    pub fn new(global: &Global, cwd: &Path) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let choice = |tty: bool| match global.color {
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
            ColorWhen::Auto if tty && !no_color => ColorChoice::Auto,
            ColorWhen::Auto => ColorChoice::Never,
        };
        let err_is_terminal = std::io::stderr().is_terminal();
        Ui {
            out: StandardStream::stdout(choice(std::io::stdout().is_terminal())),
            err: StandardStream::stderr(choice(err_is_terminal)),
            quiet: global.quiet,
            verbose: global.verbose,
            threads: global.threads(),
            err_is_terminal,
            reporter: Reporter::new(cwd),
            cwd: cwd.to_path_buf(),
        }
    }

    /// Prints diagnostics (errors always; warnings unless quiet; remarks
    /// when verbose), each cause once: warnings of a kind past the first
    /// few are counted in one line (every one with `--verbose`).
    pub fn diagnostics(&mut self, diags: &Diagnostics) {
        let folded;
        let diags = if self.verbose {
            diags
        } else {
            folded = diags.folded(FOLD_AFTER);
            &folded
        };
        self.all_diagnostics(diags);
    }

    /// Prints every diagnostic, none folded (`notes check`).
    pub fn all_diagnostics(&mut self, diags: &Diagnostics) {
        for d in diags {
            if self.quiet && d.severity != Severity::Error {
                continue;
            }
            if !self.verbose && d.severity == Severity::Info {
                continue;
            }
            let _ = self.reporter.emit(&mut self.err, d);
        }
    }

    pub fn diagnostic(&mut self, d: &Diagnostic) {
        let _ = self.reporter.emit(&mut self.err, d);
    }

    /// Prints an error that ended the command and returns its exit code.
    pub fn fail(&mut self, e: &Error) -> i32 {
        match e {
            Error::Open(open) => self.diagnostic(open.diagnostic()),
            Error::Selection(d) => self.diagnostic(d),
            Error::Notes => {}
            Error::Write { path, source } => {
                let full = self.cwd.join(path);
                let blocked = full.ancestors().skip(1).find(|a| a.exists() && !a.is_dir());
                let reason = match blocked {
                    Some(file) => format!("{} is a file, not a folder", self.shown(file).display()),
                    None => io_reason(source),
                };
                let d = Diagnostic::error("unwritable-output", format!("cannot write {}: {reason}", path.display()))
                    .with_help("make sure the folder can be written (and is a folder), or choose another with --out DIR");
                self.diagnostic(&d);
            }
            Error::Io { path, source } => {
                let d = Diagnostic::error("io", format!("{}: {}", self.shown(path).display(), io_reason(source)));
                self.diagnostic(&d);
            }
            Error::Asset(asset) => {
                let d = Diagnostic::error("io", format!("{}: {}", self.shown(&asset.path).display(), io_reason(&asset.source)));
                self.diagnostic(&d);
            }
            Error::Backend(failed) => self.diagnostic(&Diagnostic::error("failed", format!("the {} could not be made:\n{}", failed.backend, failed.source))),
        }
        e.exit_code()
    }

    /// A result line on stdout (unless quiet).
    pub fn say(&mut self, line: &str) {
        if !self.quiet {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// A result line on stdout whose first word is coloured (`wrote`, `created`).
    pub fn said(&mut self, verb: &str, rest: &str) {
        if !self.quiet {
            let _ = self.out.set_color(ColorSpec::new().set_fg(Some(Color::Green)).set_bold(true));
            let _ = write!(self.out, "{verb}");
            let _ = self.out.reset();
            let _ = writeln!(self.out, " {rest}");
        }
    }

    /// A line about what is going on, on stderr (unless quiet).
    pub fn note(&mut self, line: &str) {
        if !self.quiet {
            let _ = writeln!(self.err, "{line}");
        }
    }

    /// "2 errors and 1 warning", on stderr, when there is anything to count.
    pub fn summary(&mut self, diags: &Diagnostics) {
        let (e, w) = (diags.count(Severity::Error), diags.count(Severity::Warning));
        if e + w > 0 && !(self.quiet && e == 0) {
            let _ = self.err.set_color(ColorSpec::new().set_bold(true));
            let _ = writeln!(self.err, "{}", plural_summary(e, w));
            let _ = self.err.reset();
        }
    }

    /// A path as the user should see it: relative to the current folder
    /// when it is inside it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        let cwd = self.cwd.canonicalize().unwrap_or_else(|_| self.cwd.clone());
        path.strip_prefix(&cwd).or_else(|_| path.strip_prefix(&self.cwd)).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
    }

    /// A progress bar on stderr, only when stderr is a terminal and the
    /// command is not quiet; hidden otherwise.
    pub fn progress(&self) -> ProgressBar {
        if !self.err_is_terminal || self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }
}

/// Moves a progress bar along as a build reports.
pub fn show_progress(bar: &ProgressBar, p: Progress) {
    match p {
        Progress::Stage(stage) => bar.set_message(stage),
        Progress::Pieces { done, total } => {
            if bar.length() != Some(total as u64) {
                bar.set_length(total as u64);
                if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
                    bar.set_style(style.progress_chars("=> "));
                }
            }
            bar.set_position(done as u64);
        }
    }
}

/// "2 errors and 1 warning".
pub fn plural_summary(errors: usize, warnings: usize) -> String {
    let p = |n: usize, w: &str| if n == 1 { format!("1 {w}") } else { format!("{n} {w}s") };
    match (errors, warnings) {
        (0, w) => p(w, "warning"),
        (e, 0) => p(e, "error"),
        (e, w) => format!("{} and {}", p(e, "error"), p(w, "warning")),
    }
}

/// An I/O error said plainly ("permission denied", not "os error 13").
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        PermissionDenied => "permission denied".into(),
        NotFound => "no such file or folder".into(),
        NotADirectory => "a file is in the way where a folder should be".into(),
        AlreadyExists => "a file of that name is in the way".into(),
        ReadOnlyFilesystem => "the file system is read-only".into(),
        StorageFull => "the disk is full".into(),
        _ => e.to_string(),
    }
}

/// `1.0 MB`, `40 KB`, `512 B`.
pub fn human_size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.0} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// `1 page`, `50 pages`.
pub fn pages(n: usize) -> String {
    if n == 1 { "1 page".into() } else { format!("{n} pages") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes() {
        assert_eq!(plural_summary(1, 0), "1 error");
        assert_eq!(plural_summary(2, 1), "2 errors and 1 warning");
        assert_eq!(human_size(1_100_000), "1.0 MB");
        assert_eq!(human_size(41_000), "40 KB");
        assert_eq!(pages(1), "1 page");
    }
}
