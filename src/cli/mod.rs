//! The command line: argument definitions (clap) and the commands, one
//! module each, thin over the library (`build`, `scaffold`, `select`,
//! `pipeline`). Nothing here reads or changes notes itself.
//!
//! Exit codes: 0 ok, 1 errors in the notes or the project (`notes check`
//! also fails on warnings with `--deny-warnings`), 2 usage, 3 I/O or
//! internal errors.

mod check;
mod init;
mod man;
mod render;
mod ui;
mod watch;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use notes_normalize::select::Selector;
use notes_project::ProjectOptions;
use notes_project::config::Paper;

pub use ui::{Ui, human_size};

pub const EXIT_OK: i32 = 0;
pub const EXIT_NOTES: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_IO: i32 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "notes",
    version,
    about = "Turn a folder of event notes into books: a paginated PDF and an EPUB 3",
    long_about = "Turn a folder of event notes (Markdown or reStructuredText) into books: a paginated PDF and an EPUB 3.\n\nA project is a folder with a notes.toml and a sources/ folder: one folder per event, one note per talk, and an index.md in each folder whose list of links gives the order.",
    after_help = "Examples:\n  notes init my-notes          start a project in my-notes/\n  notes new pycon/pandas \"pandas in Practice\"\n  notes watch                  rebuild the PDF on every save\n  notes check                  report problems in the notes\n  notes render                 write out/<title>.pdf and .epub\n\nExit codes: 0 ok, 1 errors in the notes, 2 bad usage, 3 I/O or internal error.",
    after_long_help = "Examples:\n  notes init my-notes          start a project in my-notes/\n  notes new pycon/pandas \"pandas in Practice\"\n  notes watch                  rebuild the PDF on every save\n  notes check                  report problems in the notes\n  notes render                 write out/<title>.pdf and .epub\n\nExit codes:\n  0  ok\n  1  errors in the notes or the project (with --deny-warnings, warnings too)\n  2  bad usage: an unknown option, a value that is not allowed, --only naming nothing\n  3  I/O or internal error: a file that cannot be written, a template that fails"
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
    /// Print more: remarks, every stage and its time.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colours (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true, value_name = "WHEN")]
    pub color: ColorWhen,
    /// How many threads the work may use: reading and normalizing the notes, Typst's layout, the PDF and the EPUB side by side, handouts (default: every core).
    #[arg(short, long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

impl Global {
    /// The number of threads `--jobs` allows: its value, else every core.
    pub fn threads(&self) -> usize {
        self.jobs.map_or_else(crate::build::all_cores, usize::from)
    }
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
    /// Start a notes project: notes.toml, an example event and talk, .gitignore.
    #[command(
        after_help = "Examples:\n  notes init                   in the current folder\n  notes init my-notes --title \"Conference Notes\" --author \"Ada Lovelace\"\n\nNothing is overwritten: if a file to be written exists, nothing is written."
    )]
    Init(InitArgs),
    /// Add a talk to an event from a template, and list it in the event's index.
    #[command(
        after_help = "Examples:\n  notes new pycon_2012/pandas \"pandas: Data Analysis in Python\"\n  notes new pycon_2012 \"Stop Writing Classes\" --speaker \"Jack Diederich\"\n\nThe talk is written to sources/EVENT/TALK.md and added at the end of the list in\nsources/EVENT/index.md; a new event gets a folder and an index, listed in the root index."
    )]
    New(NewArgs),
    /// Read and check the whole book without writing anything; report every problem.
    #[command(
        after_help = "Examples:\n  notes check\n  notes check --deny-warnings        fail on warnings too (for CI)\n  notes check --format json | jq '.[] | select(.severity == \"error\")'\n\nExit codes: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 bad usage, 3 I/O error."
    )]
    Check(CheckArgs),
    /// Render the book: a PDF, an EPUB, or both (the default).
    #[command(
        after_help = "Examples:\n  notes render                       the PDF and the EPUB\n  notes render --pdf --paper a5      only the PDF, on A5\n  notes render --pdf --handouts      a PDF per talk, in out/handouts/\n  notes render --booklet             the book as a booklet to print and fold\n  notes render --only pycon_2012     one event (out/<title>-pycon-2012.pdf, .epub)\n  notes render --only pycon_2012/pandas --pdf\n  notes render --watch --pdf         rebuild on every change (as `notes watch`)\n\nWarnings do not stop a build; errors in the notes do, and then nothing is written."
    )]
    Render(RenderArgs),
    /// Rebuild the chosen outputs whenever a note, notes.toml, a style or a font changes.
    #[command(
        after_help = "Examples:\n  notes watch                        the PDF (the default for watch)\n  notes watch --pdf --epub\n  notes watch --only pycon_2012/pandas --paper ereader\n\nOnly the notes that changed are read again, and Typst reuses the layout of what did\nnot change. An error is printed and watching goes on; the last good output stays.\nCtrl-C stops."
    )]
    Watch(BuildArgs),
    /// Print the normalized document tree as JSON.
    #[command(after_help = "Example:\n  notes ast | jq '.parts[0].chapters[].title'")]
    Ast {
        #[command(flatten)]
        at: Where,
    },
    /// Print a completion script for a shell.
    #[command(
        after_help = "Examples:\n  notes completions bash > ~/.local/share/bash-completion/completions/notes\n  notes completions zsh > ~/.zfunc/_notes\n  notes completions fish > ~/.config/fish/completions/notes.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page, or write one per command into a folder.
    #[command(after_help = "Examples:\n  notes man | man -l -\n  notes man --out ~/.local/share/man/man1")]
    Man {
        /// Write notes.1 and a page per command (notes-render.1 ...) into DIR.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone, Default)]
pub struct InitArgs {
    /// The folder of the new project (made if missing; default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The book's title (default: the folder's name, as a title).
    #[arg(long)]
    pub title: Option<String>,
    /// The book's author.
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct NewArgs {
    /// Where the talk goes: EVENT/TALK (sources/EVENT/TALK.md), or EVENT alone to name the file after the title.
    #[arg(value_name = "EVENT/TALK")]
    pub path: String,
    /// The talk's title.
    pub title: String,
    /// A speaker (repeat for several).
    #[arg(long = "speaker", value_name = "NAME")]
    pub speakers: Vec<String>,
    /// The talk's date, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<String>,
    #[command(flatten)]
    pub at: Where,
}

#[derive(Args, Debug, Clone, Default)]
pub struct CheckArgs {
    #[command(flatten)]
    pub at: Where,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// How to print the diagnostics: for people, or as a JSON array on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

/// What to build, for `render` and `watch`.
#[derive(Args, Debug, Clone, Default)]
pub struct BuildArgs {
    /// Write the PDF (of the book, or with --handouts one per talk).
    #[arg(long)]
    pub pdf: bool,
    /// Write the EPUB.
    #[arg(long)]
    pub epub: bool,
    /// Write a PDF per talk (title, speakers, event and date at the top) into OUT/handouts/, instead of the book's PDF.
    #[arg(long)]
    pub handouts: bool,
    /// Write the PDF (or with --handouts each talk's) as a booklet: A5 pages two to a side of A4 (half-letter on letter), in the order to print on both sides and fold.
    #[arg(long)]
    pub booklet: bool,
    /// Only this event, or this talk of an event (repeat for several).
    #[arg(long, value_name = "EVENT[/TALK]", value_parser = Selector::parse)]
    pub only: Vec<Selector>,
    /// The paper of the PDF, instead of notes.toml's `paper`.
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    #[command(flatten)]
    pub at: Where,
    /// Where to write (default: `out` in the project).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct RenderArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Keep watching and rebuild on every change (as `notes watch`).
    #[arg(long)]
    pub watch: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperArg {
    A4,
    Letter,
    A5,
    /// 5.5 × 8.5 in.
    HalfLetter,
    /// About 9 × 12 cm, larger type, small margins.
    Ereader,
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Paper {
        match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
            PaperArg::A5 => Paper::A5,
            PaperArg::HalfLetter => Paper::HalfLetter,
            PaperArg::Ereader => Paper::Ereader,
        }
    }
}

fn parse_date_arg(s: &str) -> Result<String, String> {
    match notes_doc::dates::parse_date(s) {
        Some(date) => Ok(notes_doc::dates::iso_date(date)),
        None => Err(format!("{s:?} is not a date written YYYY-MM-DD")),
    }
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut ui = Ui::new(&cli.global, &cwd);
    crate::build::use_threads(cli.global.threads());
    let result = match cli.command {
        Command::Init(args) => init::init(&args, &cwd, &mut ui),
        Command::New(args) => init::new(&args, &cwd, &mut ui),
        Command::Check(args) => check::check(&args, &cwd, &mut ui),
        Command::Render(args) if args.watch => watch::watch(&args.build, &cwd, &mut ui),
        Command::Render(args) => render::render(&args.build, &cwd, &mut ui),
        Command::Watch(args) => watch::watch(&args, &cwd, &mut ui),
        Command::Ast { at } => render::ast(&at, &cwd, &mut ui),
        Command::Completions { shell } => man::completions(shell),
        Command::Man { out } => man::man(out.as_deref(), &cwd, &mut ui),
    };
    match result {
        Ok(code) => code,
        Err(e) => ui.fail(&e),
    }
}

/// Where the project is, as the command line says.
fn options(at: &Where, out: Option<&PathBuf>, cwd: &Path) -> ProjectOptions {
    ProjectOptions { cwd: cwd.to_path_buf(), source: at.source.clone(), config: at.config.clone(), out: out.cloned() }
}

/// Exit code for a clap error (usage problems exit 2, help and version 0).
pub fn usage_exit_code(e: &clap::Error) -> i32 {
    match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => EXIT_OK,
        _ => EXIT_USAGE,
    }
}

/// The clap definition of the command line (for completions and the manual).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example() {
        for sub in command().get_subcommands() {
            let after = sub.get_after_help().map(|s| s.to_string()).unwrap_or_default();
            assert!(after.contains("notes "), "`notes {}` has no example", sub.get_name());
        }
    }
}
