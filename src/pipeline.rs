//! The pipeline: open the project, assemble and read the notes, normalize
//! the tree, gather the assets. What the commands share; it prints nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::assets::{Assets, BUILTIN_CSS, BUILTIN_TEMPLATE, FontProblem, FontSet, style_or_builtin};
use crate::config::{Config, parse_date};
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Book;
use crate::project::{NoteCache, Project, ProjectOptions, assemble_cached};

/// Why a command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Before any note was read (missing folder, bad configuration).
    #[error("{0}")]
    Open(Box<Diagnostic>),
    /// The notes have errors; the diagnostics say which.
    #[error("the notes have errors")]
    Notes,
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// An output could not be written (`path` as the user should see it).
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    /// A backend failed.
    #[error("{0}")]
    Backend(String),
}

impl Error {
    /// The process exit code for this error: 1 errors in the notes, 2 a
    /// command line that names what is not there, 3 I/O or internal problems.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Open(d) if d.code == "bad-config" || d.code == "missing-sources" || d.code == "missing-config" => 1,
            Error::Open(d) if d.code == "unknown-selection" => 2,
            Error::Notes => 1,
            _ => 3,
        }
    }
}

/// Time spent in each stage, for `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn add(&mut self, stage: &'static str, since: Instant) {
        self.stages.push((stage, since.elapsed()));
    }
}

/// A book read and normalized, with what the backends need.
pub struct Loaded {
    pub project: Project,
    pub book: Book,
    pub assets: Assets,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Opens the project, reads and normalizes every note, and loads the
/// assets. Diagnostics (warnings and errors in the notes) are returned in
/// [`Loaded::diagnostics`]; the caller decides whether errors stop it.
pub fn load(opts: &ProjectOptions) -> Result<Loaded, Error> {
    load_cached(opts, &mut Cache::default())
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
    let mut timings = Timings::default();
    let t = Instant::now();
    let project = Project::open(opts).map_err(|e| Error::Open(e.0))?;
    let mut diagnostics = project.notices.clone();
    let cwd = if opts.cwd.as_os_str().is_empty() { PathBuf::from(".") } else { opts.cwd.clone() };
    timings.add("open", t);

    let t = Instant::now();
    let mut book = assemble_cached(&project, &cwd, &mut diagnostics, &mut cache.notes);
    timings.add("read", t);

    let t = Instant::now();
    let shown_dir = project.shown(&cwd, &project.source_dir);
    let cx = crate::normalize::Context { config: &project.config, source_dir: &project.source_dir, shown_dir: &shown_dir };
    crate::normalize::run(&mut book, &cx, &mut diagnostics);
    timings.add("normalize", t);

    let t = Instant::now();
    let assets = load_assets(&project, &cwd, &mut diagnostics, &mut cache.fonts)?;
    book.meta.date = match &project.config.date {
        Some(d) => d.clone(),
        None => {
            let (y, m, d) = crate::config::date_from_unix(assets.build_time);
            format!("{y:04}-{m:02}-{d:02}")
        }
    };
    timings.add("assets", t);
    diagnostics.sort();
    Ok(Loaded { project, book, assets, diagnostics, timings })
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
            let (fonts, problems) = FontSet::load(fonts_dir.is_dir().then_some(fonts_dir.as_path()), &shown(&fonts_dir).display().to_string());
            *font_cache = Some((listing, fonts.clone(), problems.clone()));
            (fonts, problems)
        }
    };
    for p in problems {
        diags.push(Diagnostic::warning("bad-font", format!("this font is left out: {}", p.message)).in_file(&p.file));
    }
    let config_text = project.config_file.as_deref().and_then(|f| std::fs::read_to_string(f).ok());
    check_font_names(&project.config, &fonts, project.config_file.as_deref().map(shown), config_text.as_deref(), diags);
    let io = |path: PathBuf| move |source| Error::Io { path, source };
    let template = style_or_builtin(root, &project.config.style, BUILTIN_TEMPLATE).map_err(io(root.join(&project.config.style)))?;
    let css = style_or_builtin(root, &project.config.epub_css, BUILTIN_CSS).map_err(io(root.join(&project.config.epub_css)))?;
    let cover = match &project.config.cover {
        Some(c) => {
            let path = root.join(c);
            let bytes = std::fs::read(&path).map_err(io(shown(&path)))?;
            Some((c.clone(), bytes))
        }
        None => None,
    };
    Ok(Assets {
        source_dir: project.source_dir.clone(),
        shown_dir: shown(&project.source_dir),
        root: root.clone(),
        fonts,
        template,
        css,
        cover,
        build_time: build_time(&project.config, &project.source_dir, project.config_file.as_deref()),
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
                if let Some((pos, len)) = config_text.and_then(|t| crate::config::value_pos(t, key)) {
                    d = d.at(pos, len);
                }
            }
            diags.push(d);
        }
    }
}

/// The fixed time of a build: `SOURCE_DATE_EPOCH`, else the configured
/// date, else the newest file among the notes and the configuration.
pub fn build_time(config: &Config, source_dir: &Path, config_file: Option<&Path>) -> i64 {
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH")
        && let Ok(secs) = s.trim().parse::<i64>()
    {
        return secs;
    }
    if let Some((y, m, d)) = config.date.as_deref().and_then(parse_date) {
        return days_from_civil(y, m, d) * 86_400;
    }
    let mut newest = 0i64;
    let mut visit = |p: &Path| {
        if let Ok(meta) = std::fs::metadata(p)
            && let Ok(modified) = meta.modified()
        {
            let secs = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            newest = newest.max(secs);
        }
    };
    if let Some(c) = config_file {
        visit(c);
    }
    let mut stack = vec![source_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else {
                visit(&p);
            }
        }
    }
    if newest == 0 {
        newest = SystemTime::UNIX_EPOCH.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    }
    newest
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2016, 11, 12), (2000, 2, 29), (1999, 12, 31)] {
            let days = days_from_civil(y, m, d);
            assert_eq!(crate::config::date_from_unix(days * 86_400), (y, m, d));
        }
    }
}
