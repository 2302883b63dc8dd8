//! MyST (the Markdown of Sphinx and Jupyter Book) through the reST
//! machinery: one reader of directives and roles for both syntaxes.
//!
//! A MyST directive (```` ```{note} ```` or `:::{note}`) is handed here by
//! the Markdown reader as its parts (name, arguments, options, content); it
//! is written out as the reST directive it is and read by the same code
//! that reads `.. note::`, with one difference: the reader is in MyST mode,
//! so that whatever the directive reads as blocks or inline text (an
//! admonition's body, a figure's caption, a title) is read as Markdown, by
//! the Markdown reader. A MyST role (`` {ref}`label` ``) is read by the
//! same code as `` :ref:`label` ``; an `{eval-rst}` block is reST.

use super::Reader;
use super::blocks::{Region, Sink};
use super::source::{LineRef, Spot};
use crate::{ReadContext, Toc};
use notes_doc::diag::FileDiagnostics;
use notes_doc::{Block, Footnote, Inline};

/// A MyST directive as a Markdown note wrote it.
#[derive(Debug, Clone)]
pub(crate) struct MystDirective<'t> {
    pub name: &'t str,
    /// The rest of the opening line (`{figure} img.png`: `img.png`).
    pub args: &'t str,
    /// `:key: value` lines, or a YAML block, at the top of the body.
    pub options: Vec<(String, String)>,
    /// The body after the options.
    pub content: &'t str,
    /// The note's line (0-based) of the directive's first line.
    pub line: u32,
    /// The note's line (0-based) of the content's first line.
    pub content_line: u32,
}

/// What a directive or a reST fragment made.
#[derive(Debug, Default)]
pub(crate) struct Made {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub tocs: Vec<Toc>,
}

/// Runs a MyST directive through the reST directive machinery, its
/// content read as Markdown. `depth` is the nesting of the containers
/// around it.
pub(crate) fn directive(cx: &ReadContext, diags: &mut FileDiagnostics, d: &MystDirective, depth: usize) -> Made {
    // The directive written out as reST, each line mapped to the note's.
    let mut text = format!(".. {}::", d.name);
    let mut map = vec![d.line];
    if !d.args.trim().is_empty() {
        text.push(' ');
        text.push_str(d.args.trim());
    }
    text.push('\n');
    for (k, (key, value)) in d.options.iter().enumerate() {
        let option_line = d.line + 1 + k as u32;
        let mut lines = value.lines();
        text.push_str(&format!("   :{key}: {}\n", lines.next().unwrap_or("").trim()));
        map.push(option_line.min(d.content_line));
        for more in lines {
            text.push_str(&format!("      {}\n", more.trim()));
            map.push(option_line.min(d.content_line));
        }
    }
    text.push('\n');
    map.push(d.content_line.saturating_sub(1).max(d.line));
    for (i, line) in d.content.lines().enumerate() {
        if !line.trim().is_empty() {
            text.push_str("   ");
            text.push_str(line);
        }
        text.push('\n');
        map.push(d.content_line + i as u32);
    }
    read_with(cx, diags, &text, Some(map), 0, depth, true)
}

/// Reads reST text found in a Markdown note (`{eval-rst}`), whose first
/// line is the note's line `line` (0-based).
pub(crate) fn fragment(cx: &ReadContext, diags: &mut FileDiagnostics, text: &str, line: u32, depth: usize) -> Made {
    read_with(cx, diags, text, None, line, depth, false)
}

fn read_with(cx: &ReadContext, diags: &mut FileDiagnostics, text: &str, map: Option<Vec<u32>>, line: u32, depth: usize, myst: bool) -> Made {
    let text = notes_doc::text::clean_text(text);
    let mut reader = Reader::new(cx, diags);
    reader.myst = myst;
    let file = reader.src.add(cx.path, &text, None, None);
    if let Some(f) = reader.src.files.get_mut(file as usize) {
        f.line_offset = line;
        f.line_map = map;
    }
    let lines = reader.src.file_lines(file);
    reader.flatten_budget = 16 * lines.len() + 100_000;
    let blocks = reader.parse_region(lines, depth, Region::Body);
    let note = reader.finish(blocks);
    Made { blocks: note.blocks, footnotes: note.footnotes, tocs: note.tocs }
}

/// A MyST role, `` {name}`content` ``, through the reST role machinery:
/// the inlines `` :name:`content` `` stands for.
pub(crate) fn role(cx: &ReadContext, diags: &mut FileDiagnostics, name: &str, content: &str, pos: notes_doc::Pos) -> Vec<Inline> {
    let mut reader = Reader::new(cx, diags);
    reader.myst = true;
    let file = reader.src.add(cx.path, content, None, None);
    if let Some(f) = reader.src.files.get_mut(file as usize) {
        f.line_offset = pos.line.saturating_sub(1);
    }
    // `pos` is the code span's backquote; the content starts after it.
    let spot = Spot { file, line: 0, col: pos.col.saturating_sub(1) };
    let content_spot = Spot { file, line: 0, col: pos.col };
    let chars: Vec<char> = content.chars().map(|c| if c == '\0' { '\u{fffd}' } else { c }).collect();
    let len = (name.chars().count() + chars.len() + 4) as u32;
    reader.role(Some(name), &chars, spot, content_spot, len)
}

impl Reader<'_, '_, '_> {
    /// A directive's content as blocks: reST, or Markdown in MyST mode.
    pub(super) fn body(&mut self, lines: Vec<LineRef>, depth: usize) -> Vec<Block> {
        if !self.myst {
            return self.parse_region(lines, depth, Region::Body);
        }
        let line = lines.first().map_or(0, |l| self.pos_of(*l).line.saturating_sub(1));
        let text = self.join(&lines);
        self.markdown_body(&text, depth, line)
    }

    /// Markdown text read as blocks where a directive stands (its
    /// footnotes and tables of contents join the note's).
    pub(super) fn markdown_body(&mut self, text: &str, depth: usize, line: u32) -> Vec<Block> {
        let made = crate::markdown::read_nested(text, self.cx, self.diags, line, depth);
        self.footnotes.extend(made.footnotes);
        self.tocs.extend(made.tocs.into_iter().map(|t| Toc { at_block: usize::MAX, ..t }));
        made.blocks
    }

    /// A directive's content read as if written where the directive is
    /// (a look-only container, or one nested too deep).
    pub(super) fn flatten_body(&mut self, sink: &mut Sink, lines: Vec<LineRef>, region: Region, depth: usize) {
        if self.myst {
            // One level deeper even when only a look: Markdown and reST
            // calling each other must end.
            let blocks = self.body(lines, depth + 1);
            sink.blocks(blocks);
        } else {
            self.flatten(sink, lines, region);
        }
    }

    /// A directive's arguments (a title, a caption) as inline text: reST,
    /// or Markdown in MyST mode.
    pub(super) fn arg_inlines(&mut self, lines: &[LineRef]) -> Vec<Inline> {
        if !self.myst {
            return self.inlines(lines);
        }
        let text = lines.iter().map(|l| self.src.text(*l).trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Vec::new();
        }
        let line = lines.first().map_or(0, |l| self.pos_of(*l).line.saturating_sub(1));
        let made = crate::markdown::read_nested(&text, self.cx, self.diags, line, notes_doc::MAX_NESTING - 1);
        match made.blocks.into_iter().next() {
            Some(Block::Paragraph { content, .. }) => content,
            Some(Block::Heading { content, .. }) => content,
            _ => vec![Inline::text(text)],
        }
    }
}
