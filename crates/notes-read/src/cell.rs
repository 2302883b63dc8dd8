//! Code cells of Quarto documents and Jupyter notebooks: the `#|` option
//! lines at their top are for the tool that runs them, except the words
//! the book should keep: a figure's or table's caption (`fig-cap`,
//! `tbl-cap`), shown where the output would be, under the cell's `label`
//! so that `@fig-x` reaches it.

use notes_doc::{Block, Inline, Pos};

/// A code cell split into its code and the options the book uses.
#[derive(Debug, Default, PartialEq)]
pub struct Cell {
    /// The code, without its option lines.
    pub code: String,
    /// `#| label: fig-x`.
    pub label: Option<String>,
    /// `#| fig-cap: "…"` or `#| tbl-cap: "…"` (each item of a list form).
    pub captions: Vec<String>,
}

/// Splits a cell's source into code and options.
pub fn split(source: &str) -> Cell {
    let mut cell = Cell::default();
    let mut code = Vec::new();
    // The key a `- item` line belongs to (YAML's list form).
    let mut list_of: Option<String> = None;
    for line in source.lines() {
        let Some(option) = line.trim_start().strip_prefix("#|") else {
            code.push(line);
            continue;
        };
        let option = option.trim();
        if let Some(item) = option.strip_prefix("- ") {
            if list_of.as_deref().is_some_and(is_caption) {
                cell.captions.push(unquote(item));
            }
            continue;
        }
        let Some((key, value)) = option.split_once(':') else { continue };
        let (key, value) = (key.trim(), value.trim());
        list_of = value.is_empty().then(|| key.to_string());
        if value.is_empty() || value == "|" || value == ">" {
            continue;
        }
        if key == "label" {
            cell.label = Some(unquote(value));
        } else if is_caption(key) {
            cell.captions.push(unquote(value));
        }
    }
    cell.code = code.join("\n").trim_matches('\n').to_string();
    cell
}

/// Whether an option holds a caption the book shows.
fn is_caption(key: &str) -> bool {
    matches!(key, "fig-cap" | "tbl-cap" | "fig-subcap" | "tbl-subcap")
}

/// A YAML scalar without its quotes.
fn unquote(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner.replace("\\\"", "\"");
        }
    }
    value.to_string()
}

impl Cell {
    /// The blocks that stand for the cell's output: its captions, in
    /// italics, the first under an anchor named by the label. Empty when
    /// there is no caption.
    pub fn caption_blocks(&self, pos: Pos) -> Vec<Block> {
        let mut blocks = Vec::new();
        if self.captions.is_empty() {
            return blocks;
        }
        if let Some(label) = &self.label {
            blocks.push(Block::Anchor { id: label.clone(), pos });
        }
        for caption in &self.captions {
            blocks.push(Block::Paragraph { content: vec![Inline::Emph { content: vec![Inline::text(caption)] }], pos });
        }
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_split_from_the_code() {
        let cell = split("#| label: fig-waves\n#| echo: false\n#| fig-cap: \"Waves at \\\"sea\\\"\"\nimport x\n\nplot(x)\n");
        assert_eq!(cell.code, "import x\n\nplot(x)");
        assert_eq!(cell.label.as_deref(), Some("fig-waves"));
        assert_eq!(cell.captions, ["Waves at \"sea\""]);
        let list = split("#| fig-cap:\n#|   - 'One'\n#|   - Two\n#| code-fold: true\nx");
        assert_eq!(list.captions, ["One", "Two"]);
        assert_eq!(list.code, "x");
    }

    #[test]
    fn captions_stand_for_the_output() {
        let pos = Pos::new(3, 1);
        assert!(split("#| echo: false\nx").caption_blocks(pos).is_empty());
        let blocks = split("#| label: fig-a\n#| fig-cap: A plot\nx").caption_blocks(pos);
        assert!(matches!(&blocks[0], Block::Anchor { id, .. } if id == "fig-a"));
        assert!(matches!(&blocks[1], Block::Paragraph { .. }));
        assert_eq!(blocks.len(), 2);
    }
}
