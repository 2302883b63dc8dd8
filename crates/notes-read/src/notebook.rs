//! The Jupyter notebook reader (`.ipynb`, nbformat 4): Markdown cells go
//! through the Markdown reader, code cells become code blocks (never run;
//! Quarto's `#|` option lines dropped but their captions kept), and the outputs saved with the
//! notebook are kept as text: streams, `text/plain` results and error
//! messages, one representation each, and images (PNG, JPEG, SVG) as
//! images the note holds itself ([`notes_doc::Image::data`]). HTML and
//! JavaScript outputs are never used.

use serde::Deserialize;

use crate::{Note, ReadContext};
use notes_doc::diag::FileDiagnostics;
use notes_doc::{Block, Image, Pos};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Notebook {
    cells: Vec<Cell>,
    metadata: serde_json::Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Cell {
    cell_type: String,
    source: Text,
    outputs: Vec<Output>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Output {
    output_type: String,
    text: Text,
    data: serde_json::Map<String, serde_json::Value>,
    ename: String,
    evalue: String,
}

/// nbformat writes text as one string or as a list of lines.
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    One(String),
    Lines(Vec<String>),
}

impl Default for Text {
    fn default() -> Self {
        Text::One(String::new())
    }
}

impl Text {
    fn joined(&self) -> String {
        match self {
            Text::One(s) => s.clone(),
            Text::Lines(lines) => lines.concat(),
        }
    }
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(lines) => lines.iter().filter_map(|l| l.as_str()).collect(),
        _ => String::new(),
    }
}

/// Reads one notebook.
pub fn read(text: &str, cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    let notebook: Notebook = match serde_json::from_str(text) {
        Ok(nb) => nb,
        Err(e) => {
            diags.warn("bad-notebook", Pos::new(e.line() as u32, e.column() as u32), 1, format!("this notebook could not be read and is left empty: {e}"));
            return Note::default();
        }
    };
    let language = ["kernelspec", "language_info"]
        .iter()
        .find_map(|k| notebook.metadata.get(k).and_then(|m| m.get("language").or_else(|| m.get("name"))).and_then(|l| l.as_str()))
        .map(|l| l.to_ascii_lowercase())
        .filter(|l| !l.is_empty() && !l.starts_with("python3"))
        .or_else(|| Some("python".to_string()));
    let mut note = Note::default();
    for (i, cell) in notebook.cells.iter().enumerate() {
        // Cells have no lines of the file; their number stands in.
        let pos = Pos::new(i as u32 + 1, 1);
        let source = cell.source.joined();
        match cell.cell_type.as_str() {
            "markdown" => {
                let cell_note = crate::markdown::read(&source, cx, diags);
                if note.title.is_none() && cell_note.title.is_some() {
                    note.title = cell_note.title;
                    note.meta = cell_note.meta;
                    note.facts = cell_note.facts;
                }
                note.blocks.extend(cell_note.blocks);
                note.footnotes.extend(cell_note.footnotes);
            }
            "code" => {
                let split = crate::cell::split(&source);
                if !split.code.trim().is_empty() {
                    note.blocks.push(Block::Code { language: language.clone(), text: split.code.clone(), line_numbers: false, pos });
                }
                let alt = split.captions.first().cloned().unwrap_or_else(|| format!("Output of cell {} of the notebook", i + 1));
                for (n, output) in cell.outputs.iter().enumerate() {
                    let name = format!("{}-cell-{}-output-{}", notes_doc::names::ascii_slug(cx.path, 80, "notebook"), i + 1, n + 1);
                    outputs(output, pos, &name, &alt, &mut note.blocks);
                }
                note.blocks.extend(split.caption_blocks(pos));
            }
            _ => {
                // Raw cells are for other tools (LaTeX, reST); their text is kept.
                if !source.trim().is_empty() {
                    note.blocks.push(Block::Code { language: None, text: source.trim_matches('\n').to_string(), line_numbers: false, pos });
                }
            }
        }
    }
    note
}

/// The blocks one saved output becomes; `name` names an image output
/// (unique in the book: it holds the note's path), `alt` describes it.
fn outputs(output: &Output, pos: Pos, name: &str, alt: &str, blocks: &mut Vec<Block>) {
    let text_block = |text: String| Block::Code { language: Some("output".into()), text: text.trim_end().to_string(), line_numbers: false, pos };
    match output.output_type.as_str() {
        "stream" => {
            let text = output.text.joined();
            if !text.trim().is_empty() {
                blocks.push(text_block(text));
            }
        }
        "execute_result" | "display_data" => {
            let image = [("image/png", "png"), ("image/jpeg", "jpg"), ("image/svg+xml", "svg")].iter().find(|(k, _)| output.data.contains_key(*k));
            if let Some((kind, ext)) = image {
                let content = text_of(&output.data[*kind]);
                // SVG is text; PNG and JPEG are base64, kept as a data URL.
                let data = if *ext == "svg" { content } else { format!("data:{kind};base64,{}", content.split_whitespace().collect::<String>()) };
                let image = Image { src: format!("{name}.{ext}"), alt: alt.to_string(), width: None, pos, data: Some(data) };
                blocks.push(Block::Figure { image, caption: Vec::new(), legend: Vec::new(), pos });
            } else if let Some(latex) = output.data.get("text/latex") {
                let tex = text_of(latex);
                let tex = tex.trim().trim_start_matches("$$").trim_end_matches("$$").trim_matches('$').trim().to_string();
                if !tex.is_empty() {
                    blocks.push(Block::Math { tex, label: None, id: String::new(), number: None, pos });
                }
            } else if let Some(plain) = output.data.get("text/plain") {
                let text = text_of(plain);
                if !text.trim().is_empty() {
                    blocks.push(text_block(text));
                }
            }
        }
        "error" => blocks.push(text_block(format!("{}: {}", output.ename, output.evalue))),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoIncludes;
    use notes_doc::diag::Diagnostics;
    use std::path::Path;

    fn read_nb(text: &str) -> (Note, Diagnostics) {
        let mut d = Diagnostics::new();
        let cx = ReadContext { path: "w/nb.ipynb", is_index: false, includes: &NoIncludes };
        let note = read(text, &cx, &mut FileDiagnostics { file: Path::new("w/nb.ipynb"), diagnostics: &mut d });
        (note, d)
    }

    #[test]
    fn cells_and_saved_outputs() {
        let nb = r##"{"cells": [
            {"cell_type": "markdown", "source": ["# Kelp\n", "\n", "Counted *kelpmark*.\n"]},
            {"cell_type": "code", "source": "#| echo: false\nprint(38)", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["transect total 38\n"]},
                {"output_type": "execute_result", "data": {"text/plain": ["[12, 19, 7]"], "text/html": ["<b>htmlonlyoutput</b>"]}},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure size 640x480>"]}}
            ]},
            {"cell_type": "raw", "source": ""}
        ], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4}"##;
        let (note, d) = read_nb(nb);
        assert!(d.is_empty(), "{d:?}");
        let json = serde_json::to_string(&note.blocks).unwrap();
        assert!(json.contains("Kelp") && json.contains("kelpmark"), "{json}");
        assert!(json.contains(r#""language":"python","text":"print(38)""#), "{json}");
        assert!(json.contains("transect total 38") && json.contains("[12, 19, 7]"), "{json}");
        assert!(!json.contains("htmlonlyoutput") && !json.contains("#|") && !json.contains("Figure size"), "{json}");
        // The image output is an image the note holds, named after the
        // notebook's path, described by the cell.
        let figure = note.blocks.iter().find_map(|b| match b {
            Block::Figure { image, .. } => Some(image),
            _ => None,
        });
        let image = figure.expect("the PNG output is a figure");
        assert_eq!(image.src, "w-nb-ipynb-cell-2-output-3.png");
        assert_eq!(image.alt, "Output of cell 2 of the notebook");
        assert_eq!(image.data.as_deref(), Some("data:image/png;base64,iVBORw0KGgo="));
        assert_eq!(image.held_bytes().as_deref(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
    }

    #[test]
    fn a_broken_notebook_is_a_warning() {
        let (note, d) = read_nb("{not json");
        assert!(note.blocks.is_empty());
        assert_eq!(d.iter().next().map(|d| d.code), Some("bad-notebook"));
        let (note, d) = read_nb("[1, 2]");
        assert!(note.blocks.is_empty() && !d.is_empty());
    }
}
