//! Fuzz target: the Markdown reader takes any bytes (read as the project
//! reads files: lossy UTF-8, cleaned line ends) without panicking, and its
//! tree serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notes_doc::diag::{Diagnostics, FileDiagnostics};
use notes_doc::Format;
use notes_read::{NoIncludes, ReadContext};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = notes_doc::text::clean_text(&text);
    let mut diagnostics = Diagnostics::new();
    let cx = ReadContext { path: "ev/talk.md", is_index: data.first() == Some(&b'#'), includes: &NoIncludes };
    let mut fd = FileDiagnostics { file: std::path::Path::new("ev/talk.md"), diagnostics: &mut diagnostics };
    let note = notes_read::read(&text, Format::Markdown, &cx, &mut fd);
    serde_json::to_string(&note.blocks).expect("the tree serializes");
});
