//! Fuzz target: the readers of the dialects and formats round one did not
//! cover. The first byte picks the format and the site generator (Jekyll's
//! Liquid, Hugo's shortcodes, a Jupyter notebook, a note whose front
//! matter is YAML, TOML or JSON); the rest is the note. No panic, no hang,
//! and the tree serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notes_doc::diag::{Diagnostics, FileDiagnostics};
use notes_doc::Format;
use notes_read::dialect::Dialect;
use notes_read::{NoIncludes, ReadContext};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let text = notes_doc::text::clean_text(&text);
    let (format, dialect, prefix) = match pick % 6 {
        0 => (Format::Markdown, Dialect::Jekyll, ""),
        1 => (Format::Markdown, Dialect::Hugo, ""),
        2 => (Format::Notebook, Dialect::Plain, ""),
        3 => (Format::Markdown, Dialect::Plain, "---\n"),
        4 => (Format::Markdown, Dialect::Hugo, "+++\n"),
        _ => (Format::Markdown, Dialect::Plain, "{\n"),
    };
    let text = format!("{prefix}{text}");
    let mut diagnostics = Diagnostics::new();
    let cx = ReadContext { path: "ev/talk.md", is_index: pick & 0x80 != 0, includes: &NoIncludes };
    let mut fd = FileDiagnostics { file: std::path::Path::new("ev/talk.md"), diagnostics: &mut diagnostics };
    let note = notes_read::read_dialect(&text, format, dialect, &cx, &mut fd);
    serde_json::to_string(&note.blocks).expect("the tree serializes");
});
