//! The files of a layout that are notes: everything with a note's
//! extension under the notes folder, less the furniture every repository
//! has (licences, changelogs, build output, hidden folders) and what the
//! layout's own tool leaves out (`exclude_patterns`, `exclude_docs`, a
//! Jekyll `exclude:` …), which is listed with its reason.

use std::path::Path;

use notes_doc::Format;
use notes_doc::diag::Diagnostics;

use super::{Kind, Layout};
use crate::files::{Found, NoteFile, walk};

/// A file left out of the book on purpose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Relative to the notes folder.
    pub path: String,
    pub reason: String,
}

/// The notes of a layout, and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub notes: Vec<NoteFile>,
    pub left_out: Vec<LeftOut>,
}

/// Folders that never hold notes: build output, dependencies, tool state.
const NEVER_NOTES: &[&str] = &["node_modules", "_site", "_build", "_book", "_freeze", "__pycache__", "venv", "site-packages"];

/// Files that are furniture wherever they are, by the start of their name
/// (any case): `LICENSE.md`, `license-theme.md`, `404.md`.
const FURNITURE: &[&str] = &["license", "licence", "copying", "404"];

/// Files that are a repository's furniture at its top (deeper, a site may
/// have a page of that name): `CONTRIBUTING.md`, `CHANGELOG.md`.
const TOP_FURNITURE: &[&str] = &["contributing", "code_of_conduct", "code-of-conduct", "changelog"];

/// Whether a file is furniture, by its path relative to the notes folder.
pub fn is_furniture(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
    FURNITURE.iter().any(|f| name.starts_with(f)) || (!rel.contains('/') && TOP_FURNITURE.iter().any(|f| name.starts_with(f)))
}

/// Files that mark a folder as a program (a web app, a Java project), not
/// notes: their folder is left out, README and all.
const PAYLOAD_MARKERS: &[&str] = &["package.json", "pom.xml", "build.gradle", "mvnw", "Cargo.toml", "go.mod", "index.html", "setup.py", "pyproject.toml"];

/// Lists the notes of a layout.
pub fn list(layout: &Layout, diags: &mut Diagnostics, shown_dir: &Path) -> Listing {
    let dir = &layout.notes_dir;
    let (notes, left_out) = walk(dir, diags, shown_dir, &mut |rel, name, is_dir| decide(layout, dir, rel, name, is_dir));
    let notes = notes.into_iter().filter(|n| layout.in_scope(&n.path)).collect();
    let left_out = left_out.into_iter().filter(|(p, _)| layout.in_scope(p)).map(|(path, reason)| LeftOut { path, reason }).collect();
    Listing { notes, left_out }
}

fn decide(layout: &Layout, dir: &Path, rel: &str, name: &str, is_dir: bool) -> Found {
    if name.starts_with('.') {
        return Found::Skip;
    }
    if is_dir {
        if NEVER_NOTES.contains(&name) || layout.skip_dirs.iter().any(|d| d == rel) {
            return Found::Skip;
        }
        if let Some(ex) = layout.exclusions.iter().find(|e| e.matches(rel) || e.matches(&format!("{rel}/"))) {
            return Found::LeftOut(ex.reason.clone());
        }
        if name.starts_with('_') && layout.skip_underscore_dirs && !layout.keep_dirs.iter().any(|k| k == rel) {
            return if name == "_drafts" && layout.kind == Kind::Jekyll { Found::LeftOut("a Jekyll draft".into()) } else { Found::Skip };
        }
        if layout.kind == Kind::Mkdocs && !rel.is_empty() {
            let full = dir.join(rel);
            if let Some(marker) = PAYLOAD_MARKERS.iter().find(|m| full.join(m).is_file()) {
                return Found::LeftOut(format!("a program, not notes ({marker})"));
            }
        }
        return Found::Keep;
    }
    let format = Format::of_path(Path::new(name));
    match format {
        Some(Format::Notebook) if !layout.notebooks => return Found::Skip,
        None => return Found::Skip,
        _ => {}
    }
    if name.to_ascii_lowercase().ends_with(".qmd") && layout.kind != Kind::Quarto {
        return Found::Skip;
    }
    if is_furniture(rel) {
        return Found::Skip;
    }
    if name.eq_ignore_ascii_case("SUMMARY.md") && layout.kind == Kind::Mdbook {
        return Found::Skip;
    }
    if let Some(ex) = layout.exclusions.iter().find(|e| e.matches(rel)) {
        return Found::LeftOut(ex.reason.clone());
    }
    Found::Keep
}
