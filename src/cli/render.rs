//! `notes render` (one build) and `notes ast`; the build step `watch`
//! repeats: load, show the diagnostics, stop on errors, render in memory,
//! write, say what was written.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use super::ui::{human_size, pages, show_progress};
use super::{BuildArgs, EXIT_NOTES, EXIT_OK, Ui, Where, options};
use crate::build::{Builder, Choice};
use crate::pipeline::{Error, Timings};
use notes_backend::Output;
use notes_project::ProjectOptions;

/// What one build came to.
pub enum Outcome {
    /// Written: the files, and the time each stage took.
    Written { outputs: Vec<Output>, timings: Timings },
    /// The notes have errors: nothing was written.
    NotesHaveErrors,
}

/// The outputs `args` asks for; `default_epub` says whether no output flag
/// means both (render) or the PDF alone (watch).
pub fn choice(args: &BuildArgs, default_epub: bool) -> Choice {
    let (pdf, epub) = match (args.pdf || args.handouts || args.booklet, args.epub) {
        (false, false) => (true, default_epub),
        chosen => chosen,
    };
    Choice { pdf, epub, handouts: args.handouts, booklet: args.booklet, only: args.only.clone(), paper: args.paper.map(Into::into) }
}

/// Loads, checks, renders and writes once, printing diagnostics and a line
/// per file written.
pub fn build_once(builder: &mut Builder, opts: &ProjectOptions, choice: &Choice, ui: &mut Ui) -> Result<Outcome, Error> {
    let bar = ui.progress();
    bar.set_message("reading the notes");
    let loaded = match builder.load(opts) {
        Ok(loaded) => loaded,
        Err(e) => {
            bar.finish_and_clear();
            return Err(e);
        }
    };
    if loaded.diagnostics.has_errors() {
        bar.finish_and_clear();
        ui.diagnostics(&loaded.diagnostics);
        ui.summary(&loaded.diagnostics);
        return Ok(Outcome::NotesHaveErrors);
    }
    let rendered = builder.render(&loaded, choice, &|p| show_progress(&bar, p));
    bar.finish_and_clear();
    ui.diagnostics(&loaded.diagnostics);
    let rendered = rendered?;
    ui.diagnostics(&rendered.diagnostics);
    let project = &loaded.project;
    let cwd = opts.cwd.clone();
    crate::build::write(&rendered.outputs, &|p| project.shown(&cwd, p))?;
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(rendered.diagnostics);
    ui.summary(&diagnostics);
    for output in &rendered.outputs {
        let size = human_size(output.bytes.len());
        let what = match output.pages {
            Some(n) => format!("{} ({size}, {})", project.shown(&cwd, &output.path).display(), pages(n)),
            None => format!("{} ({size})", project.shown(&cwd, &output.path).display()),
        };
        ui.said("wrote", &what);
    }
    if choice.booklet && choice.pdf {
        ui.note("to make a booklet: print the booklet PDF on both sides, flipping on the short edge, at 100% (no fitting), then fold the stack in the middle and staple it on the fold");
    }
    let mut timings = loaded.timings.clone();
    timings.stages.extend(rendered.timings.stages);
    Ok(Outcome::Written { outputs: rendered.outputs, timings })
}

/// `notes render`.
pub fn render(args: &BuildArgs, cwd: &std::path::Path, ui: &mut Ui) -> Result<i32, Error> {
    let started = Instant::now();
    let opts = options(&args.at, args.out.as_ref(), cwd);
    let mut builder = Builder::with_threads(ui.threads);
    match build_once(&mut builder, &opts, &choice(args, true), ui)? {
        Outcome::NotesHaveErrors => {
            ui.note("nothing was written: the notes have errors");
            Ok(EXIT_NOTES)
        }
        Outcome::Written { outputs, timings, .. } => {
            if args.timings || ui.verbose {
                for (stage, d) in &timings.stages {
                    ui.say(&format!("  {stage:<12} {:>8.3} s", d.as_secs_f64()));
                }
            }
            if outputs.len() > 1 {
                let total: usize = outputs.iter().map(|o| o.bytes.len()).sum();
                let pages_total: usize = outputs.iter().filter_map(|o| o.pages).sum();
                let pages_part = if pages_total > 0 { format!(", {}", pages(pages_total)) } else { String::new() };
                ui.say(&format!("{} files ({}{pages_part}) in {:.2} s", outputs.len(), human_size(total), started.elapsed().as_secs_f64()));
            } else {
                ui.say(&format!("done in {:.2} s", started.elapsed().as_secs_f64()));
            }
            Ok(EXIT_OK)
        }
    }
}

/// `notes ast`.
pub fn ast(at: &Where, cwd: &std::path::Path, ui: &mut Ui) -> Result<i32, Error> {
    let loaded = crate::pipeline::load(&options(at, None, cwd))?;
    ui.diagnostics(&loaded.diagnostics);
    let json = serde_json::to_string_pretty(&loaded.book).map_err(|e| Error::Io { path: PathBuf::from("<stdout>"), source: e.into() })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}").map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })?;
    Ok(if loaded.diagnostics.has_errors() { EXIT_NOTES } else { EXIT_OK })
}
