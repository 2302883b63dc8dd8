//! Tests of the reStructuredText reader: one small fixture per construct,
//! checked on the tree it gives (its JSON form, or a match on the blocks).

use std::path::Path;

use super::read;
use crate::diag::{Diagnostics, FileDiagnostics};
use crate::doc::{Block, Inline};
use crate::read::{NoIncludes, Note, ReadContext};

pub(super) fn read_rst(text: &str) -> (Note, Diagnostics) {
    let mut d = Diagnostics::new();
    let cx = ReadContext { path: "event/talk.rst", is_index: false, includes: &NoIncludes };
    let note = read(text, &cx, &mut FileDiagnostics { file: Path::new("event/talk.rst"), diagnostics: &mut d });
    (note, d)
}

pub(super) fn json(blocks: &[Block]) -> String {
    serde_json::to_string(blocks).unwrap()
}

#[test]
fn scratch() {
    let text = std::env::var("RST_SCRATCH").unwrap_or_default();
    if text.is_empty() {
        return;
    }
    let text = std::fs::read_to_string(text).unwrap();
    let (note, d) = read_rst(&text);
    if std::env::var("RST_JSON").is_ok() {
        let out = serde_json::json!({"blocks": note.blocks, "footnotes": note.footnotes, "diags": d.iter().map(|x| x.to_string()).collect::<Vec<_>>()});
        std::fs::write(std::env::var("RST_JSON").unwrap(), out.to_string()).unwrap();
        return;
    }
    println!("{}", serde_json::to_string_pretty(&note.blocks).unwrap());
    println!("footnotes: {}", serde_json::to_string_pretty(&note.footnotes).unwrap());
    println!("tocs: {:?}\ntitle_labels: {:?}\nmeta: {:?}", note.tocs, note.title_labels, note.meta);
    for x in d.iter() {
        println!("{x}");
    }
    let _ = Inline::text("");
}
