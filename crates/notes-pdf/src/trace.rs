//! Profiling Typst: with `NOTES_TYPST_TRACE=<file>` in the environment, the
//! PDF backend records Typst's own timing scopes (`typst-timing`: the
//! evaluation of the template, each layout iteration until introspection
//! converges, the export and what they call) and writes them to `<file>`
//! in Chrome's trace format (open it in Perfetto or `chrome://tracing`;
//! `bench/profile.py` sums it up). Off by default: the scopes then cost one
//! relaxed atomic load each.

use std::path::PathBuf;

/// The variable that names the trace file.
pub const VAR: &str = "NOTES_TYPST_TRACE";

/// The trace file asked for, if any.
fn path() -> Option<PathBuf> {
    std::env::var_os(VAR).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Starts recording when a trace was asked for; returns whether it did.
pub fn start() -> bool {
    if path().is_none() {
        return false;
    }
    typst_timing::clear();
    typst_timing::enable();
    true
}

/// Stops recording and writes what was recorded to the trace file; each
/// event names the file of the Typst source it timed (the template, the
/// machinery), when it has one. A trace that cannot be written is
/// reported as an error message.
pub fn finish() -> Result<(), String> {
    typst_timing::disable();
    let Some(path) = path() else { return Ok(()) };
    let file = std::fs::File::create(&path).map_err(|e| format!("cannot write the trace {}: {e}", path.display()))?;
    let writer = std::io::BufWriter::new(file);
    typst_timing::export_json(writer, |span| {
        let span = typst::syntax::Span::from_raw(span);
        let file = span.id().map_or_else(String::new, |id| id.vpath().get_with_slash().to_string());
        (file, 0)
    })
}
