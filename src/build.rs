//! Builds: the outputs a command asks for (the book as PDF and EPUB, or a
//! handout per talk, of the whole book or the part `--only` names), made in
//! memory from a loaded book by their backends, side by side, and only then
//! written, each file atomically, so that a failed build leaves the last
//! good outputs in place.
//!
//! A [`Builder`] keeps between builds what can be kept: the notes read, the
//! fonts, and the backends with their warm Typst worlds, so that `notes
//! watch` redoes only the work an edit calls for. It prints nothing;
//! progress is reported through a callback.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use notes_backend::{Backend, BackendError, Job, Made, Output, Progress};
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_normalize::select::{Selector, select};
use notes_project::ProjectOptions;
use notes_project::assets::CoverImage;
use notes_project::config::Paper;

use crate::pipeline::{Cache, Error, Loaded, Timings, load_cached};
use crate::write::atomic_write_all;

/// The outputs `notes` makes, each by its backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutputKind {
    /// The book as a PDF.
    Pdf,
    /// A PDF per talk.
    Handouts,
    /// The book as a booklet to print and fold.
    Booklet,
    /// A booklet per talk.
    HandoutBooklets,
    /// The book as an EPUB.
    Epub,
}

impl OutputKind {
    /// The backend that makes this output: where a new output is added.
    fn backend(self) -> Box<dyn Backend> {
        use notes_pdf::booklet::Booklet;
        match self {
            OutputKind::Pdf => Box::new(notes_pdf::PdfBackend::default()),
            OutputKind::Handouts => Box::new(notes_pdf::HandoutsBackend::default()),
            OutputKind::Booklet => Box::new(Booklet::new(notes_pdf::PdfBackend::default())),
            OutputKind::HandoutBooklets => Box::new(Booklet::new(notes_pdf::HandoutsBackend::default())),
            OutputKind::Epub => Box::new(notes_epub::EpubBackend),
        }
    }
}

/// What to make.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The book as a PDF (or, with `handouts`, a PDF per talk).
    pub pdf: bool,
    pub epub: bool,
    /// A PDF per talk instead of the book's PDF.
    pub handouts: bool,
    /// The PDFs as booklets: pages half the paper's size, two to a side of
    /// the sheet, in the order of a folded booklet.
    pub booklet: bool,
    /// Only these events and talks (all when empty).
    pub only: Vec<Selector>,
    /// Paper that overrides `notes.toml`'s.
    pub paper: Option<Paper>,
}

impl Choice {
    /// The outputs chosen, in the order they are reported.
    pub fn outputs(&self) -> Vec<OutputKind> {
        let mut kinds = Vec::new();
        if self.pdf {
            kinds.push(match (self.handouts, self.booklet) {
                (false, false) => OutputKind::Pdf,
                (true, false) => OutputKind::Handouts,
                (false, true) => OutputKind::Booklet,
                (true, true) => OutputKind::HandoutBooklets,
            });
        }
        if self.epub {
            kinds.push(OutputKind::Epub);
        }
        kinds
    }
}

/// What a build made, and what the backends had to say.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The files, with paths inside the output folder.
    pub outputs: Vec<Output>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Every core of the machine (at least one).
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Sets the number of threads of the pool that reading, normalizing, the
/// EPUB and Typst's layout share (rayon's global pool), once per process;
/// later calls change nothing.
pub fn use_threads(threads: usize) {
    let _ = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build_global();
}

/// Keeps what builds of one project can share.
#[derive(Default)]
pub struct Builder {
    cache: Cache,
    /// The backends used so far, kept warm.
    backends: BTreeMap<OutputKind, Box<dyn Backend>>,
    /// At most this many threads (0: no limit of ours): with one, the
    /// backends run one after the other.
    threads: usize,
}

impl Builder {
    /// A builder that keeps nothing yet.
    pub fn new() -> Self {
        Builder::default()
    }

    /// A builder that uses at most `threads` threads (at least one): that
    /// many for handouts; with one, the backends run one after the other.
    /// (The pool that reading and layout share is set by [`use_threads`].)
    pub fn with_threads(threads: usize) -> Self {
        let threads = threads.max(1);
        let mut builder = Builder { threads, ..Builder::default() };
        builder.backends.insert(OutputKind::Handouts, Box::new(notes_pdf::HandoutsBackend::with_threads(threads)));
        builder.backends.insert(OutputKind::HandoutBooklets, Box::new(notes_pdf::booklet::Booklet::new(notes_pdf::HandoutsBackend::with_threads(threads))));
        builder
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
    /// errors), in memory, each backend on a thread of its own.
    pub fn render(&mut self, loaded: &Loaded, choice: &Choice, progress: &(dyn Fn(Progress) + Sync)) -> Result<Rendered, Error> {
        let mut config = loaded.project.config.clone();
        if let Some(paper) = choice.paper {
            config.paper = paper;
        }
        let book = select(&loaded.book, &choice.only)
            .map_err(|e| Error::Selection(Box::new(Diagnostic::error("unknown-selection", format!("--only: {}", e.message)).with_help(e.help))))?;
        let stem = format!("{}{}", config.output_stem(&loaded.book.meta.title), selection_suffix(&choice.only));
        let kinds = choice.outputs();
        for &kind in &kinds {
            self.backends.entry(kind).or_insert_with(|| kind.backend());
        }
        let job = Job { book: &book, whole: &loaded.book, config: &config, assets: &loaded.assets, stem: &stem, progress };
        let chosen: Vec<&mut Box<dyn Backend>> = self.backends.iter_mut().filter(|(k, _)| kinds.contains(k)).map(|(_, b)| b).collect();
        // The backends share nothing but the tree: each runs on its own
        // thread (the EPUB is written while Typst lays out the PDF).
        // With one thread allowed, one after the other.
        let made: Vec<Result<Made, BackendError>> = if self.threads == 1 {
            chosen.into_iter().map(|backend| run(backend.as_mut(), &job)).collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = chosen.into_iter().map(|backend| scope.spawn(|| run(backend.as_mut(), &job))).collect();
                handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(BackendError::new("book", "a backend's thread failed")))).collect()
            })
        };
        let mut rendered = Rendered::default();
        for result in made {
            let made = result?;
            rendered.diagnostics.extend(made.diagnostics);
            rendered.timings.stages.extend(made.timings);
            rendered.outputs.extend(made.outputs.into_iter().map(|o| Output { path: loaded.project.out_dir.join(&o.path), ..o }));
        }
        rendered.diagnostics = without_repeats(rendered.diagnostics);
        Ok(rendered)
    }
}

/// Runs one backend, drawing the title page as a cover image first when it
/// needs one and the configuration names none.
fn run(backend: &mut dyn Backend, job: &Job) -> Result<Made, BackendError> {
    if backend.needs().cover && job.assets.cover.is_none() {
        (job.progress)(Progress::Stage("drawing the cover"));
        let bytes = notes_pdf::draw_cover(job.book, job.config, job.assets, notes_epub::COVER_WIDTH).map_err(|e| BackendError::new("cover", e))?;
        let mut assets = job.assets.clone();
        assets.cover = Some(CoverImage { name: "the title page".into(), bytes });
        return backend.render(&Job { assets: &assets, ..*job });
    }
    backend.render(job)
}

/// `-pycon-2012` for `--only pycon_2012`, so that a part of the book does
/// not overwrite the whole.
fn selection_suffix(only: &[Selector]) -> String {
    only.iter().map(|s| format!("-{}", notes_doc::names::slug(&s.to_string()))).collect()
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

/// Writes the outputs atomically, all or none: an output that cannot be
/// written leaves every earlier one as it was. `shown` makes a path as the
/// user should see it, for errors.
pub fn write(outputs: &[Output], shown: &dyn Fn(&Path) -> PathBuf) -> Result<(), Error> {
    let all: Vec<(&Path, &[u8])> = outputs.iter().map(|o| (o.path.as_path(), o.bytes.as_slice())).collect();
    atomic_write_all(&all).map_err(|(path, source)| Error::Write { path: shown(&path), source })
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

    #[test]
    fn the_choice_names_the_backends() {
        let both = Choice { pdf: true, epub: true, ..Default::default() };
        assert_eq!(both.outputs(), [OutputKind::Pdf, OutputKind::Epub]);
        let handouts = Choice { pdf: true, handouts: true, ..Default::default() };
        assert_eq!(handouts.outputs(), [OutputKind::Handouts]);
        let booklets = Choice { pdf: true, handouts: true, booklet: true, ..Default::default() };
        assert_eq!(booklets.outputs(), [OutputKind::HandoutBooklets]);
    }
}
