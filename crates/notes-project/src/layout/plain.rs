//! Any other folder of notes: every folder that holds notes is an event,
//! in path order; the notes in each by date, then by name (natural order).

use std::path::Path;

use super::{Kind, Layout};

/// The layout of a plain folder of notes.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Plain, root);
    layout.skip_dirs = vec!["_templates".into(), "_static".into(), "_includes".into(), "_layouts".into()];
    layout
}
