//! The command line: argument definitions (clap) and the commands, thin
//! over the library. Exit codes: 0 ok, 1 errors in the notes or the
//! configuration, 2 usage, 3 I/O or internal errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::{Error, Loaded, load};
use crate::project::ProjectOptions;
use crate::report::Reporter;
use crate::write::atomic_write;

pub const EXIT_OK: i32 = 0;
pub const EXIT_NOTES: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_IO: i32 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "notes",
    version,
    about = "Turn a folder of event notes into books: a paginated PDF and an EPUB 3",
    after_help = "Examples:\n  notes render            write out/<title>.pdf and .epub from sources/\n  notes render --pdf      only the PDF\n  notes ast | jq .parts[0].title\n\nExit codes: 0 ok, 1 errors in the notes or notes.toml, 2 bad usage, 3 I/O or internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every stage and its time.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colours (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug, Clone, Default)]
pub struct Where {
    /// The folder of notes (default: `sources` in the project, as notes.toml says).
    #[arg(long, value_name = "DIR")]
    pub source: Option<PathBuf>,
    /// The configuration file (default: notes.toml in the current folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Render the book: a PDF, an EPUB, or both (the default).
    #[command(after_help = "Examples:\n  notes render\n  notes render --pdf --out build/\n  notes render --source ../talks --epub")]
    Render(RenderArgs),
    /// Print the normalized document tree as JSON.
    #[command(after_help = "Example:\n  notes ast > tree.json")]
    Ast {
        #[command(flatten)]
        at: Where,
    },
}

#[derive(Args, Debug, Clone, Default)]
pub struct RenderArgs {
    /// Write the PDF.
    #[arg(long)]
    pub pdf: bool,
    /// Write the EPUB.
    #[arg(long)]
    pub epub: bool,
    #[command(flatten)]
    pub at: Where,
    /// Where to write (default: `out` in the project).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut ui = Ui::new(&cli.global, &cwd);
    let result = match cli.command {
        Command::Render(args) => render(&args, &cwd, &mut ui),
        Command::Ast { at } => ast(&at, &cwd, &mut ui),
    };
    match result {
        Ok(code) => code,
        Err(e) => ui.fail(&e),
    }
}

/// Where output goes and how it looks.
pub struct Ui {
    pub out: StandardStream,
    pub err: StandardStream,
    pub quiet: bool,
    pub verbose: bool,
    reporter: Reporter,
}

impl Ui {
    pub fn new(global: &Global, cwd: &Path) -> Self {
        let choice = |tty: bool| match global.color {
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
            ColorWhen::Auto if tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) => ColorChoice::Auto,
            ColorWhen::Auto => ColorChoice::Never,
        };
        Ui {
            out: StandardStream::stdout(choice(std::io::stdout().is_terminal())),
            err: StandardStream::stderr(choice(std::io::stderr().is_terminal())),
            quiet: global.quiet,
            verbose: global.verbose,
            reporter: Reporter::new(cwd),
        }
    }

    /// Prints diagnostics (errors always; the rest unless quiet).
    pub fn diagnostics(&mut self, diags: &Diagnostics) {
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
            Error::Open(d) => self.diagnostic(d),
            Error::Notes => {}
            other => self.diagnostic(&Diagnostic::error("failed", other.to_string())),
        }
        e.exit_code()
    }

    pub fn say(&mut self, line: &str) {
        if !self.quiet {
            let _ = writeln!(self.out, "{line}");
        }
    }

    pub fn summary(&mut self, diags: &Diagnostics) {
        let (e, w) = (diags.count(Severity::Error), diags.count(Severity::Warning));
        if e + w > 0 && !self.quiet {
            let _ = self.err.set_color(codespan_reporting::term::termcolor::ColorSpec::new().set_bold(true));
            let _ = writeln!(self.err, "{}", plural_summary(e, w));
            let _ = self.err.reset();
        }
    }
}

fn plural_summary(errors: usize, warnings: usize) -> String {
    let p = |n: usize, w: &str| if n == 1 { format!("1 {w}") } else { format!("{n} {w}s") };
    match (errors, warnings) {
        (0, w) => p(w, "warning"),
        (e, 0) => p(e, "error"),
        (e, w) => format!("{} and {}", p(e, "error"), p(w, "warning")),
    }
}

fn options(at: &Where, out: Option<&PathBuf>, cwd: &Path) -> ProjectOptions {
    ProjectOptions { cwd: cwd.to_path_buf(), source: at.source.clone(), config: at.config.clone(), out: out.cloned() }
}

fn ast(at: &Where, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let loaded = load(&options(at, None, cwd))?;
    ui.diagnostics(&loaded.diagnostics);
    let json = serde_json::to_string_pretty(&loaded.book).map_err(|e| Error::Backend(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}").map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })?;
    Ok(if loaded.diagnostics.has_errors() { EXIT_NOTES } else { EXIT_OK })
}

/// `notes render`.
pub fn render(args: &RenderArgs, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let started = Instant::now();
    let loaded = load(&options(&args.at, args.out.as_ref(), cwd))?;
    ui.diagnostics(&loaded.diagnostics);
    if loaded.diagnostics.has_errors() {
        ui.summary(&loaded.diagnostics);
        ui.say("nothing was written: the notes have errors");
        return Ok(EXIT_NOTES);
    }
    let (pdf, epub) = match (args.pdf, args.epub) {
        (false, false) => (true, true),
        chosen => chosen,
    };
    let mut timings = loaded.timings.clone();
    let mut all = loaded.diagnostics.clone();
    let written = write_outputs(&loaded, pdf, epub, cwd, ui, &mut timings, &mut all)?;
    ui.summary(&all);
    for line in &written {
        ui.say(line);
    }
    if args.timings || ui.verbose {
        for (stage, d) in &timings.stages {
            ui.say(&format!("  {stage:<12} {:>8.3} s", d.as_secs_f64()));
        }
    }
    ui.say(&format!("done in {:.2} s", started.elapsed().as_secs_f64()));
    Ok(EXIT_OK)
}

/// Renders and writes the chosen outputs; returns a line per file written.
pub fn write_outputs(
    loaded: &Loaded,
    pdf: bool,
    epub: bool,
    cwd: &Path,
    ui: &mut Ui,
    timings: &mut crate::pipeline::Timings,
    all: &mut Diagnostics,
) -> Result<Vec<String>, Error> {
    let stem = loaded.project.config.output_stem();
    let out_dir = &loaded.project.out_dir;
    let mut written = Vec::new();
    let shown = |p: &Path| loaded.project.shown(cwd, p).display().to_string();
    if pdf {
        let t = Instant::now();
        let result = crate::write::pdf::render(&loaded.book, &loaded.project.config, &loaded.assets)
            .map_err(|e| Error::Backend(format!("the PDF could not be made:\n{e}")))?;
        let prepare = t.elapsed().saturating_sub(result.timings.iter().map(|(_, d)| *d).sum());
        timings.stages.push(("pdf prepare", prepare));
        timings.stages.extend(result.timings.iter().cloned());
        ui.diagnostics(&result.diagnostics);
        all.extend(result.diagnostics.clone());
        let path = out_dir.join(format!("{stem}.pdf"));
        let t = Instant::now();
        atomic_write(&path, &result.bytes).map_err(|source| Error::Io { path: PathBuf::from(shown(&path)), source })?;
        timings.add("pdf write", t);
        written.push(format!("wrote {} ({}, {} pages)", shown(&path), human_size(result.bytes.len()), result.pages));
    }
    if epub {
        let t = Instant::now();
        let bytes = crate::write::epub::render(&loaded.book, &loaded.project.config, &loaded.assets)
            .map_err(|e| Error::Backend(format!("the EPUB could not be made: {e}")))?;
        timings.add("epub", t);
        let path = out_dir.join(format!("{stem}.epub"));
        let t = Instant::now();
        atomic_write(&path, &bytes).map_err(|source| Error::Io { path: PathBuf::from(shown(&path)), source })?;
        timings.add("epub write", t);
        written.push(format!("wrote {} ({})", shown(&path), human_size(bytes.len())));
    }
    Ok(written)
}

pub fn human_size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.0} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// Exit code for a clap error (usage problems exit 2, help and version 0).
pub fn usage_exit_code(e: &clap::Error) -> i32 {
    match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => EXIT_OK,
        _ => EXIT_USAGE,
    }
}

