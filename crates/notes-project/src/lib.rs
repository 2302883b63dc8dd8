//! `notes-project`: the first step. Where the notes, the configuration, the
//! styles, the fonts and the output are, and which files are notes.
//!
//! It opens a project ([`Project::open`]): finds `notes.toml` (or reads a
//! Sphinx `conf.py`, never running it), the source folder and the output
//! folder; lists the files that are notes ([`files::list_notes`]) and
//! reads their text ([`files::read_text`]). It knows nothing of markup and
//! never writes anything.

pub mod assets;
pub mod config;
pub mod files;
pub mod images;
pub mod layout;

use std::path::{Path, PathBuf};

use notes_doc::diag::{Diagnostic, Diagnostics, FileDiagnostics};

use crate::config::Config;

/// Where things are, as the command line and `notes.toml` say.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// The folder `notes` runs in.
    pub cwd: PathBuf,
    pub source: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub out: Option<PathBuf>,
}

/// An opened project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Where `notes.toml` is (or would be): styles and fonts are looked up here.
    pub root: PathBuf,
    /// The notes, canonicalized.
    pub source_dir: PathBuf,
    pub out_dir: PathBuf,
    pub config: Config,
    /// The configuration file used, if any.
    pub config_file: Option<PathBuf>,
    /// Settings that came from a Sphinx `conf.py`, if that is where they came from.
    pub from_sphinx: bool,
    /// Remarks made while opening (e.g. ignored `conf.py` settings).
    pub notices: Diagnostics,
    /// The layout of the notes folder, detected or configured.
    pub layout: layout::Layout,
    /// Whether the book's title was given (by `notes.toml`, `conf.py` or the
    /// layout's configuration), so that no index's heading replaces it.
    pub title_given: bool,
}

/// Why a project could not be opened: each names what is wrong in a
/// diagnostic.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OpenError {
    /// `--config` names a file that is not there.
    #[error("{0}")]
    MissingConfig(Box<Diagnostic>),
    /// The configuration file could not be read from disk.
    #[error("{0}")]
    UnreadableConfig(Box<Diagnostic>),
    /// The configuration has a key or value that is not allowed.
    #[error("{0}")]
    BadConfig(Box<Diagnostic>),
    /// There is no folder of notes where the project says.
    #[error("{0}")]
    MissingSources(Box<Diagnostic>),
}

impl OpenError {
    /// What is wrong, for the user.
    pub fn diagnostic(&self) -> &Diagnostic {
        match self {
            OpenError::MissingConfig(d) | OpenError::UnreadableConfig(d) | OpenError::BadConfig(d) | OpenError::MissingSources(d) => d,
        }
    }
}

impl Project {
    /// Opens the project the options describe.
    pub fn open(opts: &ProjectOptions) -> Result<Project, OpenError> {
        let cwd = if opts.cwd.as_os_str().is_empty() { PathBuf::from(".") } else { opts.cwd.clone() };
        let abs = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
        let mut notices = Diagnostics::new();

        // Which configuration, and so which root.
        let (config_file, root): (Option<PathBuf>, PathBuf) = if let Some(c) = &opts.config {
            let c = abs(c);
            if !c.is_file() {
                return Err(OpenError::MissingConfig(Box::new(
                    Diagnostic::error(
                        "missing-config",
                        format!("the configuration file {} does not exist", opts.config.as_ref().map_or(String::new(), |p| p.display().to_string())),
                    )
                    .with_help("pass the path of a notes.toml, or leave out --config"),
                )));
            }
            let root = c.parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.clone());
            (Some(c), root)
        } else if let Some(s) = &opts.source {
            let s = abs(s);
            let candidates = [s.join("notes.toml"), s.join("..").join("notes.toml")];
            match candidates.iter().find(|c| c.is_file()) {
                Some(c) => (Some(c.clone()), c.parent().map(Path::to_path_buf).unwrap_or(s.clone())),
                None => (None, s.clone()),
            }
        } else {
            let c = cwd.join("notes.toml");
            (c.is_file().then_some(c), cwd.clone())
        };

        let shown = |p: &Path| p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf());
        let mut from_sphinx = false;
        let mut config = match &config_file {
            Some(file) => Config::load(file, &shown(file))?.unwrap_or_default(),
            None => Config::default(),
        };

        let source = match &opts.source {
            Some(s) => abs(s),
            None => root.join(&config.sources),
        };
        let Some(source) = source.canonicalize().ok().filter(|d| d.is_dir()) else {
            let shown_source = shown(&source);
            return Err(OpenError::MissingSources(Box::new(
                Diagnostic::error("missing-sources", format!("there is no folder of notes at {}", shown_source.display()))
                    .with_help("run `notes init` to start a project here, or pass `--source FOLDER`"),
            )));
        };
        // `sources = "notes"` where `notes` is a symlink out of the project.
        if opts.source.is_none()
            && let Some(file) = &config_file
            && let Ok(real_root) = root.canonicalize()
            && !source.starts_with(&real_root)
        {
            let d = Diagnostic::error("bad-config", format!("`sources` leads outside the project folder (to {}); nothing is read there", source.display()))
                .in_file(&shown(file))
                .with_help("name a folder inside the project, or pass --source to read another");
            return Err(OpenError::BadConfig(Box::new(d)));
        }
        // A cover, template or style sheet that is a symlink out of the
        // project: refused before anything is read.
        if let Some(file) = &config_file
            && let Ok(real_root) = root.canonicalize()
        {
            for (key, value) in [("cover", config.cover.as_deref()), ("style", Some(config.style.as_str())), ("epub-css", Some(config.epub_css.as_str()))] {
                if let Some(value) = value
                    && let Ok(real) = root.join(value).canonicalize()
                    && !real.starts_with(&real_root)
                {
                    let mut d = Diagnostic::error("bad-config", format!("`{key}` ({value}) leads outside the project folder; it is not read"))
                        .in_file(&shown(file))
                        .with_help("name a file inside the project (a copy, not a symlink to elsewhere)");
                    if let Some((line, len)) = layout::setting_line(file, &[key]) {
                        d = d.at(notes_doc::Pos::new(line, 1), len);
                    }
                    return Err(OpenError::BadConfig(Box::new(d)));
                }
            }
        }
        // The keys notes.toml sets win over what a layout's configuration says.
        let set_keys: std::collections::BTreeSet<String> = config_file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| t.parse::<toml::Table>().ok())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        let forced = config.layout.as_deref().and_then(layout::Kind::parse);
        let stop = config_file.as_ref().map(|_| root.canonicalize().unwrap_or_else(|_| root.clone()));
        let layout = layout::detect(&source, forced, stop.as_deref());
        notices.extend(layout.notices.clone());
        if config_file.is_none() {
            // A Sphinx project brings its settings in conf.py.
            let dirs = [layout.site_root.clone(), source.clone(), source.join("..")];
            let conf = if layout.kind == layout::Kind::Sphinx { dirs.iter().map(|d| d.join("conf.py")).find(|c| c.is_file()) } else { None };
            if let Some(conf) = conf
                && let Ok(text) = std::fs::read_to_string(&conf)
            {
                let shown_conf = shown(&conf);
                let mut d = FileDiagnostics { file: &shown_conf, diagnostics: &mut notices };
                config::sphinx::apply(&text, &mut config, &mut d);
                from_sphinx = true;
            }
        }
        let meta = &layout.meta;
        let free = |key: &str| !set_keys.contains(key) && !from_sphinx;
        if free("title")
            && let Some(t) = &meta.title
        {
            config.title = t.clone();
        }
        if free("subtitle") && meta.subtitle.is_some() {
            config.subtitle = meta.subtitle.clone();
        }
        if free("author") && free("authors") && !meta.authors.is_empty() {
            config.author = None;
            config.authors = meta.authors.clone();
        }
        if free("language")
            && let Some(l) = meta.language.as_deref().filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            config.language = l.to_string();
        }
        if free("description") && meta.description.is_some() {
            config.description = meta.description.clone();
        }
        if free("date") && meta.date.is_some() {
            config.date = meta.date.clone();
        }
        if free("release") && meta.release.is_some() {
            config.release = meta.release.clone();
        }
        let title_given = set_keys.contains("title") || from_sphinx || meta.title.is_some();
        let source_dir = layout.notes_dir.clone();
        let out_dir = match &opts.out {
            Some(o) => abs(o),
            None => root.join(&config.out),
        };
        Ok(Project { root, source_dir, out_dir, config, config_file, from_sphinx, notices, layout, title_given })
    }

    /// A path as the user should see it: relative to the folder `notes`
    /// runs in when possible.
    pub fn shown(&self, cwd: &Path, path: &Path) -> PathBuf {
        let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
        path.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
    }
}
