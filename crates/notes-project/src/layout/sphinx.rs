//! Sphinx projects: `conf.py` (read, never run) or, without one, an
//! `index.rst` whose `toctree` lists the notes. The toctrees give the
//! order (read by the assemble step); `conf.py` gives the metadata (see
//! [`crate::config::sphinx`]), `root_doc`, `exclude_patterns`, and whether
//! Markdown notes are MyST (`myst_parser`, `myst_nb`).

use std::path::Path;

use super::{Exclusion, Kind, Layout};

/// Whether `dir` is a Sphinx source folder: a `conf.py`, or an
/// `index.rst` holding a `toctree`.
pub fn is_project(dir: &Path) -> bool {
    if dir.join("conf.py").is_file() {
        return true;
    }
    std::fs::read_to_string(dir.join("index.rst")).is_ok_and(|t| t.contains(".. toctree::"))
}

/// The layout of the Sphinx project in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Sphinx, root);
    layout.skip_underscore_dirs = true;
    let facts = super::read_config(&root.join("conf.py"), &mut layout.notices).map(|t| crate::config::sphinx::project_facts(&t)).unwrap_or_default();
    for pattern in &facts.exclude_patterns {
        let pattern = pattern.trim_start_matches("./");
        layout.exclusions.extend(Exclusion::new(pattern, "in conf.py's exclude_patterns"));
        layout.exclusions.extend(Exclusion::new(&format!("{}/**", pattern.trim_end_matches('/')), "in conf.py's exclude_patterns"));
    }
    if facts.extensions.iter().any(|e| e == "myst_parser" || e == "myst_nb") {
        layout.variant = Some("MyST Markdown".into());
        layout.notebooks = facts.extensions.iter().any(|e| e == "myst_nb");
    }
    let root_doc = facts.root_doc.unwrap_or_else(|| "index".into());
    layout.toc_note = ["rst", "md", "rest", "markdown", "ipynb"].iter().map(|e| format!("{root_doc}.{e}")).find(|p| root.join(p).is_file());
    if layout.toc_note.as_deref().is_some_and(|p| !p.to_ascii_lowercase().starts_with("readme")) {
        layout.exclusions.extend(Exclusion::new("[Rr][Ee][Aa][Dd][Mm][Ee].*", "the repository's README (another file is the root)"));
    }
    layout
}
