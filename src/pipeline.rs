//! The pipeline: open the project, read and assemble the notes, normalize
//! the tree, gather the assets. What the commands share; it prints nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use notes_assemble::NoteCache;
use notes_backend::BackendError;
use notes_doc::Book;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_project::assets::{AssetError, Assets, FontProblem, FontSet, read_cover, read_style};
use notes_project::config::Config;
use notes_project::{OpenError, Project, ProjectOptions};

/// Why a command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Before any note was read (missing folder, bad configuration).
    #[error(transparent)]
    Open(#[from] OpenError),
    /// `--only` names nothing in the book.
    #[error("{0}")]
    Selection(Box<Diagnostic>),
    /// The notes have errors; the diagnostics say which.
    #[error("the notes have errors")]
    Notes,
    /// A file of the project (a style, the cover) could not be read.
    #[error(transparent)]
    Asset(#[from] AssetError),
    /// Reading or writing something else failed (`<stdout>`).
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// An output could not be written (`path` as the user should see it).
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    /// A backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
}

impl Error {
    /// The process exit code for this error: 1 errors in the notes or the
    /// configuration, 2 a command line that names what is not there, 3 I/O
    /// or internal problems.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Open(OpenError::MissingConfig(_) | OpenError::BadConfig(_) | OpenError::MissingSources(_)) | Error::Notes => 1,
            Error::Selection(_) => 2,
            Error::Open(OpenError::UnreadableConfig(_)) | Error::Asset(_) | Error::Io { .. } | Error::Write { .. } | Error::Backend(_) => 3,
        }
    }
}

/// Time spent in each stage, for `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Records a stage that started at `since` and ends now.
    pub fn add(&mut self, stage: &'static str, since: Instant) {
        self.stages.push((stage, since.elapsed()));
    }
}

/// A book read and normalized, with what the backends need.
pub struct Loaded {
    pub project: Project,
    pub book: Book,
    pub assets: Assets,
    /// Font families of the system the book uses, for characters its own
    /// fonts lack (`notes check` lists them).
    pub system_fonts: Vec<notes_pdf::fonts::SystemFamily>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
    /// What the layout made of the folder (for `notes check`).
    pub survey: notes_assemble::Survey,
}

/// Opens the project, reads and normalizes every note, and loads the
/// assets. Diagnostics (warnings and errors in the notes) are returned in
/// [`Loaded::diagnostics`]; the caller decides whether errors stop it.
pub fn load(opts: &ProjectOptions) -> Result<Loaded, Error> {
    load_with(opts, None, &mut FontCache::default())
}

/// What a series of builds of one project keeps (`notes watch`): the notes
/// read, and the fonts of `fonts/` while that folder does not change.
#[derive(Default)]
pub struct Cache {
    pub notes: NoteCache,
    fonts: FontCache,
}

/// [`load`], reusing what `cache` holds from earlier builds: only the notes
/// that changed are read again. The result is the same as `load`'s.
pub fn load_cached(opts: &ProjectOptions, cache: &mut Cache) -> Result<Loaded, Error> {
    load_with(opts, Some(&mut cache.notes), &mut cache.fonts)
}

/// [`load`] with the notes of earlier builds, when there is a cache to
/// keep them in (a one-off build keeps no copy of its notes).
fn load_with(opts: &ProjectOptions, notes: Option<&mut NoteCache>, fonts: &mut FontCache) -> Result<Loaded, Error> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let mut project = Project::open(opts)?;
    let mut diagnostics = project.notices.clone();
    let cwd = if opts.cwd.as_os_str().is_empty() { PathBuf::from(".") } else { opts.cwd.clone() };
    timings.add("open", t);

    let t = Instant::now();
    let (mut book, survey) = notes_assemble::assemble_surveyed(&project, &cwd, &mut diagnostics, notes);
    timings.add("read", t);

    let t = Instant::now();
    let shown_dir = project.shown(&cwd, &project.source_dir);
    let cx = notes_normalize::Context { config: &project.config, source_dir: &project.source_dir, shown_dir: &shown_dir };
    notes_normalize::run(&mut book, &cx, &mut diagnostics);
    timings.add("normalize", t);

    let t = Instant::now();
    let mut assets = load_assets(&project, &cwd, &mut diagnostics, fonts)?;
    // Characters the book's fonts lack: the system's fonts may have them.
    let mut system_fonts = Vec::new();
    if project.config.fonts.system {
        let missing = notes_pdf::fonts::uncovered(&notes_doc::book_chars(&book), &assets.fonts);
        if !missing.is_empty() {
            system_fonts = notes_pdf::fonts::add_system_fonts(&mut assets.fonts, &missing, &project.config.language, &project.config.fonts.body);
            project.config.fonts.fallback.extend(system_fonts.iter().map(|f| f.family.clone()));
        }
    }
    book.meta.date = match &project.config.date {
        Some(d) => d.clone(),
        None => notes_doc::dates::iso_date(notes_doc::dates::date_of_unix(assets.build_time)),
    };
    timings.add("assets", t);
    diagnostics.sort();
    Ok(Loaded { project, book, assets, system_fonts, diagnostics, timings, survey })
}

type FontCache = Option<(Vec<(PathBuf, Option<SystemTime>, u64)>, FontSet, Vec<FontProblem>)>;

fn load_assets(project: &Project, cwd: &Path, diags: &mut Diagnostics, font_cache: &mut FontCache) -> Result<Assets, Error> {
    let root = &project.root;
    let shown = |p: &Path| project.shown(cwd, p);
    let fonts_dir = root.join("fonts");
    let listing = folder_listing(&fonts_dir);
    let (fonts, problems) = match font_cache {
        Some((cached, fonts, problems)) if *cached == listing => (fonts.clone(), problems.clone()),
        _ => {
            let (fonts, problems) = notes_pdf::fonts::load(fonts_dir.is_dir().then_some(fonts_dir.as_path()), &shown(&fonts_dir).display().to_string());
            *font_cache = Some((listing, fonts.clone(), problems.clone()));
            (fonts, problems)
        }
    };
    for p in problems {
        diags.push(Diagnostic::warning("bad-font", format!("this font is left out: {}", p.message)).in_file(&p.file));
    }
    let config_text = project.config_file.as_deref().and_then(|f| std::fs::read_to_string(f).ok());
    check_font_names(&project.config, &fonts, project.config_file.as_deref().map(shown), config_text.as_deref(), diags);
    Ok(Assets {
        source_dir: project.source_dir.clone(),
        shown_dir: shown(&project.source_dir),
        root: root.clone(),
        fonts,
        template: read_style(root, &project.config.style, &shown)?,
        css: read_style(root, &project.config.epub_css, &shown)?,
        cover: read_cover(root, &project.config, &shown)?,
        build_time: notes_project::assets::build_time(&project.config, &project.source_dir, project.config_file.as_deref()),
    })
}

/// The files of a folder with their modification times and lengths,
/// sorted: what tells that the fonts in it may have changed.
fn folder_listing(dir: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.path(), meta.modified().ok(), meta.len()))
        })
        .collect();
    out.sort();
    out
}

/// Font names in the configuration must name fonts we have.
fn check_font_names(config: &Config, fonts: &FontSet, file: Option<PathBuf>, config_text: Option<&str>, diags: &mut Diagnostics) {
    let names = std::iter::once(("body", &config.fonts.body))
        .chain(config.fonts.heading.as_ref().map(|h| ("heading", h)))
        .chain(std::iter::once(("mono", &config.fonts.mono)))
        .chain(config.fonts.fallback.iter().map(|f| ("fallback", f)));
    for (key, name) in names {
        if !fonts.has_family(name) {
            let mut d = Diagnostic::error("unknown-font", format!("there is no font named {name:?} (fonts.{key})"))
                .with_help(format!("the fonts available are: {}; put other .ttf/.otf files in fonts/", fonts.families().join(", ")));
            if let Some(f) = &file {
                d = d.in_file(f);
                if let Some((pos, len)) = config_text.and_then(|t| notes_project::config::value_pos(t, key)) {
                    d = d.at(pos, len);
                }
            }
            diags.push(d);
        }
    }
}
