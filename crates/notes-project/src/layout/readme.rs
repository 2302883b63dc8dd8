//! GitHub-style repositories: a `README.md` (or `README.rst`, `index.md`,
//! in any case) in each folder is that folder's index; its lists of links
//! give the order, a link to a folder means that folder's index (or, when
//! it has none, its notes), and headings above the lists group them. The
//! assemble step reads the READMEs; this module only finds the root one.

use std::path::Path;

use super::{Kind, Layout};

/// The names an index file may have, in the order they are preferred.
pub const INDEX_NAMES: &[&str] = &["readme.md", "readme.markdown", "readme.rst", "index.md", "index.markdown", "index.rst"];

/// The index file of a folder (`README.md`, `Readme.md`, `index.md` …),
/// by its real name.
pub fn index_in(dir: &Path) -> Option<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).into_iter().flatten().flatten().filter(|e| e.path().is_file()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    INDEX_NAMES.iter().find_map(|wanted| names.iter().find(|n| n.to_lowercase() == *wanted).cloned())
}

/// The root index of a README-style folder, when there is one.
pub fn root_index(dir: &Path) -> Option<String> {
    index_in(dir)
}

/// The layout of a README-style repository in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Readme, root);
    layout.toc_note = index_in(root);
    layout.skip_dirs = vec!["_templates".into(), "_static".into(), "_includes".into(), "_layouts".into()];
    layout
}
