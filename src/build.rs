//! Builds: the outputs a command asks for (the book as PDF and EPUB, or a
//! handout per talk, of the whole book or the part `--only` names), made in
//! memory from a loaded book and only then written, each file atomically,
//! so that a failed build leaves the last good outputs in place.
//!
//! A [`Builder`] keeps between builds what can be kept: the notes read, the
//! fonts, and warm Typst worlds, so that `notes watch` redoes only the work
//! an edit calls for. It prints nothing; progress is reported through a
//! callback.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::config::{Config, Paper};
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline::{Cache, Error, Loaded, Timings, load_cached};
use crate::project::ProjectOptions;
use crate::select::{Selector, handouts, select};
use crate::write::atomic_write;
use crate::write::pdf::{Pdf, WarmWorld};

/// What to make.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The book as a PDF (or, with `handouts`, a PDF per talk).
    pub pdf: bool,
    pub epub: bool,
    /// A PDF per talk instead of the book's PDF.
    pub handouts: bool,
    /// Only these events and talks (all when empty).
    pub only: Vec<Selector>,
    /// Paper that overrides `notes.toml`'s.
    pub paper: Option<Paper>,
}

/// One file made, not yet written.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Pages, for PDFs.
    pub pages: Option<usize>,
}

/// What a build made, and what the backends had to say.
#[derive(Debug, Default)]
pub struct Rendered {
    pub outputs: Vec<Output>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// How far a build is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// A stage begins ("laying out the PDF").
    Stage(&'static str),
    /// `done` of `total` handouts are made.
    Handouts { done: usize, total: usize },
}

/// Keeps what builds of one project can share.
pub struct Builder {
    cache: Cache,
    book_pdf: WarmWorld,
    /// One warm world per thread making handouts.
    handout_pdfs: Vec<WarmWorld>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder that makes handouts on as many threads as there are
    /// processors (at most 4).
    pub fn new() -> Self {
        Builder::with_threads(std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4))
    }

    /// A builder that makes handouts on `threads` threads (at least one).
    pub fn with_threads(threads: usize) -> Self {
        Builder { cache: Cache::default(), book_pdf: WarmWorld::default(), handout_pdfs: (0..threads.max(1)).map(|_| WarmWorld::default()).collect() }
    }

    /// Opens the project and reads the book, reading again only the notes
    /// that changed since the last build.
    pub fn load(&mut self, opts: &ProjectOptions) -> Result<Loaded, Error> {
        load_cached(opts, &mut self.cache)
    }

    /// Forgets a note that changed, so that the next build reads it again
    /// even if its time and length look the same.
    pub fn forget(&mut self, path: &Path) {
        self.cache.notes.forget(path);
    }

    /// How many notes the last load read from disk, and how many it reused.
    pub fn notes_read(&self) -> (usize, usize) {
        (self.cache.notes.read, self.cache.notes.reused)
    }

    /// Makes the chosen outputs of a loaded book (which must have no
    /// errors), in memory.
    pub fn render(&mut self, loaded: &Loaded, choice: &Choice, progress: &(dyn Fn(Progress) + Sync)) -> Result<Rendered, Error> {
        let mut config = loaded.project.config.clone();
        if let Some(paper) = choice.paper {
            config.paper = paper;
        }
        let book = select(&loaded.book, &choice.only)
            .map_err(|e| Error::Open(Box::new(Diagnostic::error("unknown-selection", format!("--only: {}", e.message)).with_help(e.help))))?;
        let stem = format!("{}{}", config.output_stem(&loaded.book.meta.title), selection_suffix(&choice.only));
        let out_dir = &loaded.project.out_dir;
        let mut rendered = Rendered::default();
        // The EPUB is made on a thread of its own while Typst lays out the
        // PDF: the two backends share nothing but the tree.
        let epub = std::thread::scope(|scope| -> Result<_, Error> {
            let epub = choice.epub.then(|| {
                progress(Progress::Stage("making the EPUB"));
                scope.spawn(|| {
                    let t = Instant::now();
                    let bytes = crate::write::epub::render(&book, &config, &loaded.assets);
                    (bytes, t.elapsed())
                })
            });
            if choice.pdf && choice.handouts {
                progress(Progress::Stage("making the handouts"));
                let t = Instant::now();
                let made = self.handouts(&book, &config, loaded, progress)?;
                rendered.timings.add("handouts", t);
                for (name, pdf) in made {
                    rendered.diagnostics.extend(pdf.diagnostics);
                    rendered.outputs.push(Output { path: out_dir.join("handouts").join(format!("{name}.pdf")), bytes: pdf.bytes, pages: Some(pdf.pages) });
                }
            } else if choice.pdf {
                progress(Progress::Stage("laying out the PDF"));
                let t = Instant::now();
                let pdf =
                    self.book_pdf.render(&book, &config, &loaded.assets, "book").map_err(|e| Error::Backend(format!("the PDF could not be made:\n{e}")))?;
                rendered.timings.add("pdf", t);
                for (step, d) in pdf.timings {
                    rendered.timings.stages.push((pdf_step(step), d));
                }
                rendered.diagnostics.extend(pdf.diagnostics);
                rendered.outputs.push(Output { path: out_dir.join(format!("{stem}.pdf")), bytes: pdf.bytes, pages: Some(pdf.pages) });
            }
            Ok(epub.map(|handle| handle.join()))
        })?;
        if let Some(joined) = epub {
            let (bytes, took) = joined.map_err(|_| Error::Backend("the EPUB could not be made: its thread failed".into()))?;
            let bytes = bytes.map_err(|e| Error::Backend(format!("the EPUB could not be made: {e}")))?;
            rendered.timings.stages.push(("epub", took));
            rendered.outputs.push(Output { path: out_dir.join(format!("{stem}.epub")), bytes, pages: None });
        }
        crate::write::pdf::forget_old_work();
        rendered.diagnostics = without_repeats(rendered.diagnostics);
        Ok(rendered)
    }

    /// A PDF per talk of `chosen` (a part of the loaded book), made on as
    /// many threads as there are warm worlds. Names come from the whole
    /// book, so that a talk's handout has the same name with `--only` or not.
    fn handouts(
        &mut self,
        chosen: &crate::doc::Book,
        config: &Config,
        loaded: &Loaded,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<(String, Pdf)>, Error> {
        let wanted: std::collections::HashSet<&str> = chosen.parts.iter().flat_map(|p| p.chapters.iter().map(|c| c.id.as_str())).collect();
        let all: Vec<_> = handouts(&loaded.book).into_iter().filter(|h| wanted.contains(h.talk_id.as_str())).collect();
        let total = all.len();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<Pdf, String>>>> = Mutex::new((0..total).map(|_| None).collect());
        progress(Progress::Handouts { done: 0, total });
        let threads = self.handout_pdfs.len().min(total).max(1);
        std::thread::scope(|scope| {
            for warm in self.handout_pdfs.iter_mut().take(threads) {
                let (all, next, done, results) = (&all, &next, &done, &results);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(handout) = all.get(i) else { break };
                        let result = warm
                            .render(&handout.book, config, &loaded.assets, "handout")
                            .map_err(|e| format!("the handout {:?} could not be made:\n{e}", handout.name));
                        if let Ok(mut slots) = results.lock() {
                            slots[i] = Some(result);
                        }
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        progress(Progress::Handouts { done: n, total });
                    }
                });
            }
        });
        let slots = results.into_inner().map_err(|_| Error::Backend("a thread making handouts failed".into()))?;
        let mut made = Vec::with_capacity(total);
        for (handout, slot) in all.into_iter().zip(slots) {
            match slot {
                Some(Ok(pdf)) => made.push((handout.name, pdf)),
                Some(Err(e)) => return Err(Error::Backend(e)),
                None => return Err(Error::Backend(format!("the handout {:?} was not made", handout.name))),
            }
        }
        Ok(made)
    }
}

/// The name a step of the PDF backend is shown by in `--timings`.
fn pdf_step(step: &'static str) -> &'static str {
    match step {
        "prepare" => "  prepare",
        "data" => "  data",
        "layout" => "  layout",
        "export" => "  export",
        other => other,
    }
}

/// `-pycon-2012` for `--only pycon_2012`, so that a part of the book does
/// not overwrite the whole.
fn selection_suffix(only: &[Selector]) -> String {
    only.iter().map(|s| format!("-{}", crate::normalize::anchors::slug(&s.to_string()))).collect()
}

/// The same diagnostic said twice (a template warning for every handout)
/// is said once.
fn without_repeats(diags: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::new();
    let mut seen: Vec<Diagnostic> = Vec::new();
    for d in diags {
        if !seen.contains(&d) {
            seen.push(d.clone());
            out.push(d);
        }
    }
    out
}

/// Writes the outputs, each atomically. `shown` makes a path as the user
/// should see it, for errors.
pub fn write(outputs: &[Output], shown: &dyn Fn(&Path) -> PathBuf) -> Result<(), Error> {
    for output in outputs {
        atomic_write(&output.path, &output.bytes).map_err(|source| Error::Write { path: shown(&output.path), source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_get_their_own_file_names() {
        let only = [Selector::parse("pycon_2012").unwrap(), Selector::parse("pycodeconf/the_future_is_bright").unwrap()];
        assert_eq!(selection_suffix(&only), "-pycon-2012-pycodeconf-the-future-is-bright");
        assert_eq!(selection_suffix(&[]), "");
    }
}
