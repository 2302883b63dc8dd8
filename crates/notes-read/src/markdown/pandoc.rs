//! Pandoc's and Quarto's Markdown: fenced divs (`::: {.callout-note}`,
//! `::: {#id .class}`; made fences by [`super::myst::colon_fences`]),
//! attributes after images and links (`{width=50% #fig-x}`), and
//! cross-references (`@sec-x`, `@fig-x`; `@eq-x` is the math pass's) to labelled targets.
//! Executable cells are code (see `code_cell`); citations (`@key`) stay
//! text, as no bibliography is read.

use notes_doc::{AdmonitionKind, Block, Inline, Pending, Pos, Target};

/// Attributes as Pandoc writes them: `{#id .class key="value" key=value}`,
/// or a bare class (`callout-note`).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Attributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

impl Attributes {
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Reads attributes (with or without their braces).
pub(super) fn attributes(text: &str) -> Attributes {
    let text = text.trim();
    let inner = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(text);
    let mut out = Attributes::default();
    let mut chars = inner.chars().peekable();
    let mut word = String::new();
    let mut words = Vec::new();
    // Words, with quoted values kept whole.
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    for w in words {
        if let Some(id) = w.strip_prefix('#') {
            out.id = Some(id.to_string()).filter(|i| !i.is_empty());
        } else if let Some(class) = w.strip_prefix('.') {
            out.classes.push(class.to_string());
        } else if let Some((k, v)) = w.split_once('=') {
            out.pairs.push((k.to_string(), v.to_string()));
        } else if w == "-" {
            out.classes.push("unnumbered".to_string());
        } else {
            out.classes.push(w);
        }
    }
    out
}

/// The admonition kind of a Quarto callout class (`callout-tip`).
fn callout_kind(class: &str) -> Option<AdmonitionKind> {
    let kind = class.strip_prefix("callout")?;
    Some(match kind.trim_start_matches('-') {
        "" | "note" => AdmonitionKind::Note,
        "tip" => AdmonitionKind::Tip,
        "important" => AdmonitionKind::Important,
        "warning" => AdmonitionKind::Warning,
        "caution" => AdmonitionKind::Caution,
        other => super::obsidian::callout_kind(other)?,
    })
}

/// The prefixes of Quarto's cross-reference labels, and what a reference
/// to one says when its target has no title of its own. `@eq-x` is not
/// here: the math pass makes it a link that shows the equation's number.
const CROSS_REFERENCES: &[(&str, &str)] = &[
    ("sec", ""),
    ("fig", "Figure"),
    ("tbl", "Table"),
    ("lst", "Listing"),
    ("thm", "Theorem"),
    ("lem", "Lemma"),
    ("cor", "Corollary"),
    ("prp", "Proposition"),
    ("def", "Definition"),
    ("exm", "Example"),
    ("exr", "Exercise"),
];

/// Splits text at Quarto cross-references (`@fig-x`), which become links
/// to their label. Other `@words` (citations, handles) stay text.
pub(super) fn cross_references(text: &str, pos: Pos) -> Option<Vec<Inline>> {
    if !text.contains('@') {
        return None;
    }
    let mut out = Vec::new();
    let mut run_start = 0;
    let mut found = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if bytes[i] == b'@' && (i == 0 || matches!(bytes[i - 1], b' ' | b'(' | b'[' | b'\t' | b'\n' | b';' | b',')) {
            let rest = &text[i + 1..];
            let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == ':' || c == '.')).unwrap_or(rest.len());
            let label = rest[..len].trim_end_matches(['.', ':']);
            if let Some((prefix, word)) = label.split_once('-').and_then(|(p, _)| CROSS_REFERENCES.iter().find(|(k, _)| *k == p)).map(|(p, w)| (*p, *w))
                && label.len() > prefix.len() + 1
            {
                if run_start < i {
                    out.push(Inline::text(&text[run_start..i]));
                }
                let content = if word.is_empty() { Vec::new() } else { vec![Inline::text(word)] };
                out.push(Inline::Link { target: Target::Pending(Pending::Label { label: label.to_string() }), content, pos });
                i += 1 + label.len();
                run_start = i;
                found = true;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    if !found {
        return None;
    }
    if run_start < text.len() {
        out.push(Inline::text(&text[run_start..]));
    }
    Some(out)
}

impl super::Builder<'_, '_, '_> {
    /// A Pandoc fenced div: a Quarto callout is an admonition; another div
    /// is its content (with its `#id` as a target).
    pub(super) fn pandoc_div(&mut self, attrs: &str, body: &str, pos: Pos) {
        let attrs = attributes(attrs);
        let made = super::read_nested(body, self.cx, self.diags, pos.line, self.block_depth + 1);
        self.footnotes.extend(made.footnotes);
        let mut blocks = made.blocks;
        if let Some(id) = &attrs.id {
            if id == "refs" && blocks.is_empty() {
                // Pandoc's place for a bibliography: none is read.
                return;
            }
            self.push_block(Block::Anchor { id: id.clone(), pos });
        }
        let Some(kind) = attrs.classes.iter().find_map(|c| callout_kind(c)) else {
            self.push_blocks(blocks);
            return;
        };
        // The title: `title="…"`, or a heading first in the callout.
        let mut title = attrs.get("title").map(|t| vec![Inline::text(t)]).unwrap_or_default();
        if title.is_empty()
            && let Some(Block::Heading { .. }) = blocks.first()
            && let Block::Heading { content, .. } = blocks.remove(0)
        {
            title = content;
        }
        self.push_block(Block::Admonition { kind, title, blocks, pos });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read() {
        let a = attributes("{#fig-x .wide width=\"50%\" height=3cm}");
        assert_eq!(a.id.as_deref(), Some("fig-x"));
        assert_eq!(a.classes, ["wide"]);
        assert_eq!(a.get("width"), Some("50%"));
        assert_eq!(a.get("height"), Some("3cm"));
        assert_eq!(attributes("callout-note").classes, ["callout-note"]);
        assert_eq!(attributes("{.callout-tip title=\"Expressions: a, b\"}").get("title"), Some("Expressions: a, b"));
        assert_eq!(callout_kind("callout-warning"), Some(AdmonitionKind::Warning));
        assert_eq!(callout_kind("callout"), Some(AdmonitionKind::Note));
        assert_eq!(callout_kind("column-margin"), None);
    }

    #[test]
    fn cross_references_and_citations() {
        let out = cross_references("See @sec-intro and @fig-plot, from @ward1988 (mail a@fig-x.org).", Pos::new(1, 1)).expect("references");
        let labels: Vec<String> = out
            .iter()
            .filter_map(|i| match i {
                Inline::Link { target: Target::Pending(Pending::Label { label }), .. } => Some(label.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["sec-intro", "fig-plot"]);
        assert_eq!(notes_doc::plain_text(&out), "See  and Figure, from @ward1988 (mail a@fig-x.org).");
        assert!(cross_references("just @someone", Pos::new(1, 1)).is_none());
    }
}

/// The reader end to end on MyST and Pandoc/Quarto Markdown.
#[cfg(test)]
mod reading {
    use crate::markdown::tests::{json, read_md};
    use notes_doc::{AdmonitionKind, Block, plain_text};

    fn kinds(blocks: &[Block]) -> Vec<String> {
        blocks.iter().map(|b| json(std::slice::from_ref(b)).split('"').nth(3).unwrap_or("").to_string()).collect()
    }

    #[test]
    fn myst_directives_run_through_the_rest_machinery() {
        let text = "# T\n\n```{note}\nRemember **this**.\n```\n\n```{admonition} A *title*\n:class: tip\n\nBody.\n```\n\n:::{warning}\nColon fence.\n\n- a list\n:::\n\n\
                    ```{figure} img.png\n:width: 50%\n:name: fig-a\n\nThe caption.\n```\n\n```{code-block} python\n:linenos:\nprint(1)\n```\n\n\
                    ```{list-table}\n:header-rows: 1\n\n* - A\n  - B\n* - 1\n  - 2\n```\n\n::::{dropdown} More\n:::{tip}\nNested.\n:::\n::::\n\n\
                    ```{python}\n#| echo: false\nx = 1\n```\n";
        let (note, d) = read_md(text, false);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            kinds(&note.blocks),
            ["heading", "admonition", "admonition", "admonition", "anchor", "figure", "code_block", "table", "admonition", "code_block"],
            "{:?}",
            note.blocks
        );
        let j = json(&note.blocks);
        assert!(j.contains(r#""kind":"note","blocks":[{"type":"paragraph","content":[{"type":"text","text":"Remember "},{"type":"strong""#), "{j}");
        assert!(j.contains(r#""title":[{"type":"text","text":"A "},{"type":"emph""#), "{j}");
        assert!(j.contains(r#""width":"50%""#) && j.contains(r#""caption":[{"type":"text","text":"The caption."}]"#), "{j}");
        assert!(j.contains(r#""language":"python","text":"print(1)","line_numbers":true"#), "{j}");
        assert!(j.contains(r#""language":"python","text":"x = 1""#) && !j.contains("echo"), "{j}");
        let Block::Admonition { blocks, .. } = &note.blocks[8] else { panic!() };
        assert!(matches!(&blocks[..], [Block::Admonition { kind: AdmonitionKind::Tip, .. }]), "{blocks:?}");
    }

    #[test]
    fn myst_roles_targets_eval_rst_substitutions_and_toctrees() {
        let text = "---\nmyst:\n  substitutions:\n    project: Notes\n---\n(intro)=\n# Intro\n\nSee {ref}`intro`, {doc}`other`, {term}`word`, {sub}`2` and {{ project }}.\n\n\
                    ```{eval-rst}\n.. note:: From reST with *emphasis*.\n```\n\n```{toctree}\n:hidden:\n\ntalk-one\ntalk-two\n```\n";
        let (note, d) = read_md(text, true);
        assert!(d.is_empty(), "{d:?}");
        let Block::Heading { labels, .. } = &note.blocks[0] else { panic!("{:?}", note.blocks) };
        assert_eq!(labels, &["intro"]);
        let Block::Paragraph { content, .. } = &note.blocks[1] else { panic!() };
        assert_eq!(plain_text(content), "See , , word, 2 and Notes.");
        let j = json(&note.blocks);
        assert!(j.contains(r#""by":"label","label":"intro""#) && j.contains(r#""by":"path","path":"other""#), "{j}");
        assert!(matches!(&note.blocks[2], Block::Admonition { kind: AdmonitionKind::Note, .. }));
        assert_eq!(note.tocs.len(), 1);
        assert!(note.tocs[0].hidden);
        assert_eq!(note.tocs[0].entries.iter().map(|e| e.target.as_str()).collect::<Vec<_>>(), ["talk-one", "talk-two"]);
    }

    /// Directives inside directives (MyST and reST calling each other)
    /// end at the deepest nesting, however deep the note goes.
    #[test]
    fn nested_directives_end() {
        for text in [
            "````````{note}\n".repeat(600) + "x\n",
            "```{admonition} t\n".repeat(600) + "x\n",
            "::: {.callout-note}\n".repeat(600) + "x\n",
            (0..300).rev().map(|i| ":".repeat(3 + i) + "{tip}\n").collect::<String>() + "x\n",
            "```{eval-rst}\n.. note::\n\n   ```{eval-rst}\n".repeat(100),
        ] {
            let (note, _) = read_md(&text, false);
            let j = json(&note.blocks);
            assert!(j.matches(r#""type":"admonition""#).count() <= notes_doc::MAX_NESTING + 1, "{}", &text[..40]);
        }
    }

    #[test]
    fn quarto_divs_attributes_and_cross_references() {
        let text = "# Talk\n\n## Laplace {#sec-laplace}\n\n::: {.callout-tip title=\"Remember\"}\nA tip.\n:::\n\n::: callout-note\n## Own title\nA note.\n:::\n\n\
                    ::: {#fig-plot}\n![A plot](plot.png){width=50%}\n:::\n\n![Other](o.png){#fig-other width=\"30%\"}\n\nAs @sec-laplace and @fig-plot show, and @knuth84 says.\n\n::: {#refs}\n:::\n";
        let (note, d) = read_md(text, false);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            kinds(&note.blocks),
            ["heading", "heading", "admonition", "admonition", "anchor", "figure", "anchor", "figure", "paragraph"],
            "{:?}",
            note.blocks
        );
        let j = json(&note.blocks);
        assert!(j.contains(r#""id":"sec-laplace""#), "{j}");
        assert!(j.contains(r#""kind":"tip","title":[{"type":"text","text":"Remember"}]"#), "{j}");
        assert!(j.contains(r#""kind":"note","title":[{"type":"text","text":"Own title"}]"#), "{j}");
        assert!(j.contains(r#""width":"50%""#) && j.contains(r#""width":"30%""#), "{j}");
        assert!(j.contains(r#"{"type":"anchor","id":"fig-other""#), "{j}");
        assert!(j.contains(r#""by":"label","label":"sec-laplace""#) && j.contains(r#""by":"label","label":"fig-plot""#), "{j}");
        assert!(j.contains("@knuth84 says."), "{j}");
    }
}
