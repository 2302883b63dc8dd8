//! The reStructuredText reader (being written).

use crate::diag::FileDiagnostics;
use crate::read::{Note, ReadContext};

/// Reads one reStructuredText note.
pub fn read(text: &str, _cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    diags.warn("unsupported-format", crate::doc::Pos::new(1, 1), 1, "reStructuredText is not read yet");
    let _ = text;
    Note::default()
}
