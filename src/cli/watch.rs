//! `notes watch` (and `notes render --watch`): builds once, then rebuilds
//! the chosen outputs whenever a note, the configuration, a style or a font
//! changes.
//!
//! Changes are gathered until 100 ms pass without another (an editor's save
//! is often several events), then the notes that changed are forgotten by
//! the [`Builder`], which reads only those again and keeps its Typst worlds
//! warm. An error is printed and watching goes on; since outputs are only
//! written when a build succeeds, the last good output stays in place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::render::{Outcome, build_once, choice};
use super::{BuildArgs, EXIT_IO, Ui, options};
use crate::build::Builder;
use crate::pipeline::Error;
use notes_project::{Project, ProjectOptions};

/// How long to wait after a change for the next one before rebuilding.
const QUIET: Duration = Duration::from_millis(100);
/// Rebuild after this long even if changes keep coming.
const AT_MOST: Duration = Duration::from_secs(2);

pub fn watch(args: &BuildArgs, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let opts = options(&args.at, args.out.as_ref(), cwd);
    // Watching makes the PDF unless told otherwise: the EPUB is slow to
    // look at after every save.
    let choice = choice(args, false);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            ui.diagnostic(&notes_doc::diag::Diagnostic::error("watch", format!("cannot watch for changes: {e}")));
            return Ok(EXIT_IO);
        }
    };
    let mut watched = Watched::default();
    let mut builder = Builder::with_threads(ui.threads);
    let mut first = true;
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        let places = Places::of(&opts);
        watched.sync(&mut watcher, &places.wanted(), ui);
        if !first {
            let mut shown: Vec<String> = changed.iter().map(|p| ui.shown(p).display().to_string()).collect();
            if shown.len() > 3 {
                let more = shown.len() - 3;
                shown.truncate(3);
                shown.push(format!("and {more} more"));
            }
            ui.note(&format!("changed: {}", shown.join(", ")));
        }
        let started = Instant::now();
        match build_once(&mut builder, &opts, &choice, ui) {
            Ok(Outcome::Written { timings, .. }) => {
                let (read, reused) = builder.notes_read();
                let verb = if first { "built" } else { "rebuilt" };
                let notes = if first { String::new() } else { format!(" ({read} of {} notes read again)", read + reused) };
                ui.say(&format!("{verb} in {:.2} s{notes}", started.elapsed().as_secs_f64()));
                if args.timings || ui.verbose {
                    for (stage, d) in &timings.stages {
                        ui.say(&format!("  {stage:<12} {:>8.3} s", d.as_secs_f64()));
                    }
                }
            }
            Ok(Outcome::NotesHaveErrors) => ui.note("not rebuilt: the notes have errors; the last good output stays"),
            // No project to watch (no notes, no such notes.toml): say so and stop.
            Err(e @ Error::Open(_)) if first => return Err(e),
            Err(e) => {
                ui.fail(&e);
                ui.note("not rebuilt; the last good output stays");
            }
        }
        if first {
            ui.note(&format!("watching {} (Ctrl-C stops)", places.describe(ui)));
            first = false;
        }
        changed = wait_for_changes(&rx, &places, ui);
        for path in &changed {
            builder.forget(path);
        }
    }
}

/// What to watch: the project's folder (for notes.toml, and styles/,
/// fonts/ and the notes appearing), the notes, the styles, the fonts; and
/// what to ignore: the output.
struct Places {
    root: PathBuf,
    config_name: Option<std::ffi::OsString>,
    sources: PathBuf,
    styles: Vec<PathBuf>,
    fonts: PathBuf,
    out: PathBuf,
}

impl Places {
    /// From the project when it opens, else from what the options say.
    fn of(opts: &ProjectOptions) -> Places {
        match Project::open(opts) {
            Ok(project) => {
                let mut styles = vec![project.root.join("styles")];
                for file in [&project.config.style, &project.config.epub_css] {
                    if let Some(dir) = project.root.join(file).parent()
                        && !styles.iter().any(|s| s == dir)
                    {
                        styles.push(dir.to_path_buf());
                    }
                }
                Places {
                    config_name: project.config_file.as_ref().and_then(|c| c.file_name()).map(|n| n.to_os_string()).or_else(|| Some("notes.toml".into())),
                    sources: project.source_dir.clone(),
                    styles,
                    fonts: project.root.join("fonts"),
                    out: project.out_dir.clone(),
                    root: project.root,
                }
            }
            Err(_) => {
                let abs = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { opts.cwd.join(p) };
                let root = match &opts.config {
                    Some(c) => abs(c).parent().map(Path::to_path_buf).unwrap_or_else(|| opts.cwd.clone()),
                    None => opts.cwd.clone(),
                };
                Places {
                    config_name: Some(opts.config.as_ref().and_then(|c| c.file_name()).map(|n| n.to_os_string()).unwrap_or_else(|| "notes.toml".into())),
                    sources: opts.source.as_deref().map(abs).unwrap_or_else(|| root.join("sources")),
                    styles: vec![root.join("styles")],
                    fonts: root.join("fonts"),
                    out: opts.out.as_deref().map(abs).unwrap_or_else(|| root.join("out")),
                    root,
                }
            }
        }
    }

    /// Folders to watch, and whether to watch inside their folders too.
    fn wanted(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut wanted = BTreeSet::new();
        for (dir, recursive) in
            std::iter::once((&self.root, false)).chain([(&self.sources, true), (&self.fonts, true)]).chain(self.styles.iter().map(|s| (s, true)))
        {
            if dir.is_dir() {
                let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                wanted.insert((dir, recursive));
            }
        }
        wanted
    }

    fn describe(&self, ui: &Ui) -> String {
        let mut names = Vec::new();
        let show = |p: &Path| {
            let s = ui.shown(p).display().to_string();
            if s.is_empty() { ".".to_string() } else { format!("{s}/") }
        };
        names.push(show(&self.sources));
        if let Some(c) = &self.config_name {
            let file = self.root.join(c);
            if file.is_file() {
                names.push(ui.shown(&file).display().to_string());
            }
        }
        for dir in self.styles.iter().chain([&self.fonts]) {
            if dir.is_dir() && *dir != self.root {
                names.push(show(dir));
            }
        }
        names.join(", ")
    }

    /// Whether a change at `path` may change the book.
    fn matters(&self, path: &Path) -> bool {
        let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let out = canon(&self.out);
        if path.starts_with(&out) || path.starts_with(&self.out) {
            return false;
        }
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return false };
        if is_scratch(&name) {
            return false;
        }
        let root = canon(&self.root);
        let parent = path.parent().map(canon);
        if parent.as_deref() == Some(root.as_path()) || parent.as_deref() == Some(self.root.as_path()) {
            // Directly in the project's folder: only notes.toml, and the folders we watch appearing.
            let top = [&self.sources, &self.fonts].into_iter().chain(self.styles.iter()).any(|d| d.file_name().is_some_and(|n| n == name.as_str()));
            return self.config_name.as_ref().is_some_and(|c| *c == *name) || top;
        }
        true
    }
}

/// Files editors write beside the real one while saving.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name.ends_with(".tmp") || name == "4913"
}

/// The folders being watched now.
#[derive(Default)]
struct Watched {
    now: BTreeSet<(PathBuf, bool)>,
}

impl Watched {
    /// Watches what is wanted and stops watching what is not.
    fn sync(&mut self, watcher: &mut RecommendedWatcher, wanted: &BTreeSet<(PathBuf, bool)>, ui: &mut Ui) {
        for gone in self.now.difference(wanted) {
            let _ = watcher.unwatch(&gone.0);
        }
        for (dir, recursive) in wanted.difference(&self.now) {
            let mode = if *recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            if let Err(e) = watcher.watch(dir, mode) {
                ui.note(&format!("cannot watch {}: {e}", ui.shown(dir).display()));
            }
        }
        self.now = wanted.clone();
    }
}

/// Blocks until something that matters changed, then gathers the changes
/// that follow within [`QUIET`] of each other. Returns the paths changed.
fn wait_for_changes(rx: &Receiver<notify::Result<notify::Event>>, places: &Places, ui: &mut Ui) -> Vec<PathBuf> {
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut since: Option<Instant> = None;
    loop {
        let event = match since {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(start) => {
                if start.elapsed() > AT_MOST {
                    break;
                }
                rx.recv_timeout(QUIET)
            }
        };
        match event {
            Ok(Ok(event)) => {
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for path in event.paths {
                    if places.matters(&path) {
                        changed.insert(path);
                        since.get_or_insert_with(Instant::now);
                    }
                }
            }
            Ok(Err(e)) => ui.note(&format!("watching: {e}")),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => {
                // The watcher is gone: nothing more will come. Wait a little
                // so as not to spin, and rebuild.
                std::thread::sleep(Duration::from_secs(1));
                break;
            }
        }
    }
    changed.into_iter().collect()
}
