//! Assets: what backends may load besides the tree and the configuration:
//! fonts, images under the source folder, and the styles (the project's own
//! in `styles/`, else the built-in ones).
//!
//! Every path a note names is checked here: it must stay inside the source
//! folder once symlinks are followed. Backends never open files themselves.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};

/// The built-in Typst template (a copy of `styles/book.typ`).
pub const BUILTIN_TEMPLATE: &str = include_str!("../styles/book.typ");
/// The built-in EPUB stylesheet (a copy of `styles/epub.css`).
pub const BUILTIN_CSS: &str = include_str!("../styles/epub.css");

/// One font face the book may use.
#[derive(Clone, Debug)]
pub struct FontFace {
    pub font: Font,
    /// Where it came from: `None` for fonts built into `notes`, else the
    /// file under `fonts/` (relative to the project).
    pub file: Option<String>,
}

impl FontFace {
    pub fn info(&self) -> &FontInfo {
        self.font.info()
    }
    /// The bytes of the whole font file (a collection may hold several faces).
    pub fn data(&self) -> &Bytes {
        self.font.data()
    }
}

/// The fonts of a book: the built-in ones, then those in `fonts/`.
#[derive(Clone, Debug, Default)]
pub struct FontSet {
    pub faces: Vec<FontFace>,
}

/// A problem with a file under `fonts/`.
#[derive(Debug, Clone, PartialEq)]
pub struct FontProblem {
    pub file: String,
    pub message: String,
}

fn builtin_faces() -> &'static [FontFace] {
    static FACES: OnceLock<Vec<FontFace>> = OnceLock::new();
    FACES.get_or_init(|| typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).map(|font| FontFace { font, file: None }).collect())
}

impl FontSet {
    /// The built-in fonts plus every `.ttf`, `.otf`, `.ttc` and `.otc` in
    /// `dir` (not recursive; sorted by name so that builds are repeatable).
    /// Unreadable or corrupt files are reported and skipped.
    pub fn load(dir: Option<&Path>, shown_dir: &str) -> (FontSet, Vec<FontProblem>) {
        let mut set = FontSet { faces: builtin_faces().to_vec() };
        let mut problems = Vec::new();
        let Some(dir) = dir else { return (set, problems) };
        let Ok(entries) = std::fs::read_dir(dir) else { return (set, problems) };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc")))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let shown = format!("{shown_dir}/{name}");
            match std::fs::read(&path) {
                Ok(data) => {
                    let before = set.faces.len();
                    set.faces.extend(Font::iter(Bytes::new(data)).map(|font| FontFace { font, file: Some(shown.clone()) }));
                    if set.faces.len() == before {
                        problems.push(FontProblem { file: shown, message: "not a font that can be read (corrupt or unsupported)".into() });
                    }
                }
                Err(e) => problems.push(FontProblem { file: shown, message: format!("cannot read: {e}") }),
            }
        }
        (set, problems)
    }

    /// The names of all families, sorted, without repeats.
    pub fn families(&self) -> Vec<String> {
        let mut all: Vec<String> = self.faces.iter().map(|f| f.info().family.clone()).collect();
        all.sort_by_key(|f| f.to_lowercase());
        all.dedup();
        all
    }

    pub fn has_family(&self, family: &str) -> bool {
        self.faces.iter().any(|f| f.info().family.eq_ignore_ascii_case(family))
    }

    /// The faces of one family.
    pub fn family<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a FontFace> + 'a {
        self.faces.iter().filter(move |f| f.info().family.eq_ignore_ascii_case(family))
    }
}

/// Where the project's files are, and safe access to them.
#[derive(Clone, Debug)]
pub struct Assets {
    /// The source folder, canonicalized.
    pub source_dir: PathBuf,
    /// The source folder as diagnostics show it (relative to where `notes` runs).
    pub shown_dir: PathBuf,
    /// The project root (where `notes.toml` is, or would be).
    pub root: PathBuf,
    pub fonts: FontSet,
    /// The Typst template's text, and the project-relative path it came from
    /// (`None` for the built-in one).
    pub template: (Cow<'static, str>, Option<String>),
    /// The EPUB stylesheet's text, and where it came from.
    pub css: (Cow<'static, str>, Option<String>),
    /// The cover image named in the configuration, if any: its file name and bytes.
    pub cover: Option<(String, Vec<u8>)>,
    /// The fixed time of this build (Unix seconds): `SOURCE_DATE_EPOCH`, or
    /// the configured date, or the newest source file; never the clock.
    pub build_time: i64,
}

impl Assets {
    /// Reads an image named by a note. `src` is relative to the source folder
    /// (as normalization leaves it).
    pub fn image(&self, src: &str) -> Result<Vec<u8>, String> {
        let path = resolve_inside(&self.source_dir, src)?;
        std::fs::read(&path).map_err(|e| format!("cannot read image {src:?}: {e}"))
    }
}

/// Joins `relative` (a `/`-separated path) to `base` and checks that the
/// result, once symlinks are followed, is inside `base` (which must be
/// canonical). Absolute paths and paths leaving `base` are refused.
pub fn resolve_inside(base: &Path, relative: &str) -> Result<PathBuf, String> {
    let rel = Path::new(relative);
    if relative.is_empty() {
        return Err("an empty path".into());
    }
    if rel.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(format!("{relative:?} is an absolute path; paths in notes must stay inside the source folder"));
    }
    let joined = base.join(rel);
    let canonical = joined.canonicalize().map_err(|e| format!("{relative:?} cannot be found ({})", io_reason(&e)))?;
    if !canonical.starts_with(base) {
        return Err(format!("{relative:?} leaves the source folder; paths in notes must stay inside it"));
    }
    Ok(canonical)
}

/// Normalizes a `/`-separated relative path lexically (`a/./b/../c` →
/// `a/c`), relative to the folder of `from`. Returns `None` when it climbs
/// above the root.
pub fn join_relative(from_dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { from_dir.split('/').filter(|p| !p.is_empty()).collect() };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated path (`a/b.md` → `a`).
pub fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a style file of the project, or falls back to the built-in text.
pub fn style_or_builtin(root: &Path, configured: &str, builtin: &'static str) -> std::io::Result<(Cow<'static, str>, Option<String>)> {
    let path = root.join(configured);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((Cow::Owned(text), Some(configured.to_string()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Cow::Borrowed(builtin), None)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joins() {
        assert_eq!(join_relative("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_relative("a", "./x/./y").as_deref(), Some("a/x/y"));
        assert_eq!(join_relative("", "../x"), None);
        assert_eq!(join_relative("a/b", "/top.md").as_deref(), Some("top.md"));
        assert_eq!(parent_of("a/b/c.md"), "a/b");
        assert_eq!(parent_of("c.md"), "");
    }

    #[test]
    fn paths_may_not_leave_the_base() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("in")).unwrap();
        std::fs::write(base.join("in/ok.png"), b"x").unwrap();
        std::fs::write(base.join("secret"), b"x").unwrap();
        let inner = base.join("in");
        assert!(resolve_inside(&inner, "ok.png").is_ok());
        assert!(resolve_inside(&inner, "../secret").unwrap_err().contains("leaves"));
        assert!(resolve_inside(&inner, "/etc/passwd").unwrap_err().contains("absolute"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret"), inner.join("link")).unwrap();
            assert!(resolve_inside(&inner, "link").unwrap_err().contains("leaves"));
        }
    }

    #[test]
    fn builtin_fonts_are_there() {
        let (set, problems) = FontSet::load(None, "fonts");
        assert!(problems.is_empty());
        for family in ["Libertinus Serif", "DejaVu Sans Mono", "New Computer Modern"] {
            assert!(set.has_family(family), "{family} missing from {:?}", set.families());
        }
    }
}
