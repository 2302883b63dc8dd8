//! Lists of links in index notes (a README's, an `index.md`'s, a
//! `SUMMARY.md`'s): the Markdown counterpart of a toctree. A list is a
//! table of contents when every item starts with a link to a local note or
//! folder; the text after the link is the entry's description, and lists
//! nested in an item are its nested entries.

use notes_doc::{Block, Inline, Pending, Pos, Target, plain_text};
use notes_read::Toc;

/// One entry of a list of links.
#[derive(Debug, Clone)]
pub(crate) struct LinkEntry {
    /// The link's destination as written (relative to the listing note).
    pub target: String,
    /// The link's text.
    pub text: String,
    /// Text after the link in the same item ("— two days, one loud
    /// espresso machine").
    pub description: Vec<Inline>,
    pub children: Vec<LinkEntry>,
    pub pos: Pos,
    /// A toctree's explicit title (`Title <doc>`), which replaces the note's.
    pub title: Option<String>,
}

/// The entries of a list, when it is a list of links; `None` otherwise.
pub(crate) fn link_list(block: &Block) -> Option<Vec<LinkEntry>> {
    let Block::List { items, .. } = block else { return None };
    if items.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for item in items {
        let mut blocks = item.blocks.iter();
        let Some(Block::Paragraph { content, .. }) = blocks.next() else { return None };
        let (target, text, pos, description) = first_link(content)?;
        let mut children = Vec::new();
        for rest in blocks {
            if let Some(nested) = link_list(rest) {
                children.extend(nested);
            }
        }
        out.push(LinkEntry { target, text, description, children, pos, title: None });
    }
    Some(out)
}

/// The first inline of a paragraph when it is a link to a local path
/// (inside emphasis too: `***[conferences](conferences)***`), with the
/// text after it.
fn first_link(content: &[Inline]) -> Option<(String, String, Pos, Vec<Inline>)> {
    let mut items = content.iter().skip_while(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()));
    let first = items.next()?;
    let rest: Vec<Inline> = items.cloned().collect();
    match first {
        Inline::Link { target: Target::Pending(Pending::Path { path, .. }), content, pos } => {
            Some((path.clone(), plain_text(content), *pos, trim_description(rest)))
        }
        Inline::Emph { content } | Inline::Strong { content } => {
            let (t, x, p, mut d) = first_link(content)?;
            d.extend(rest);
            Some((t, x, p, trim_description(d)))
        }
        _ => None,
    }
}

/// Drops the separator people put between a link and its description
/// (`-`, `–`, `->`, `:`).
fn trim_description(mut rest: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text { text }) = rest.first_mut() {
        let t = text.trim_start().trim_start_matches(['-', '–', '—', '>', ':', '*', '|']).trim_start();
        *text = t.to_string();
        if text.is_empty() {
            rest.remove(0);
        }
    }
    if plain_text(&rest).trim().is_empty() { Vec::new() } else { rest }
}

/// The entries of a reader's toc (a reST toctree) as link entries.
pub(crate) fn from_toc(toc: &Toc) -> Vec<LinkEntry> {
    toc.entries
        .iter()
        .map(|e| LinkEntry { target: e.target.clone(), text: String::new(), description: Vec::new(), children: Vec::new(), pos: e.pos, title: e.title.clone() })
        .collect()
}

/// A MyST `toctree` directive the Markdown reader kept as a code block
/// (```` ```{toctree} ````): its caption, whether it globs, and its entries.
pub(crate) fn myst_toctree(block: &Block) -> Option<(Option<String>, bool, Vec<LinkEntry>)> {
    let Block::Code { language: Some(lang), text, pos, .. } = block else { return None };
    if lang != "toctree" {
        return None;
    }
    let mut caption = None;
    let mut glob = false;
    let mut entries = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line == "---" {
            continue;
        }
        if let Some(option) = line.strip_prefix(':') {
            let (name, value) = option.split_once(':').unwrap_or((option, ""));
            match name.trim() {
                "caption" => caption = Some(value.trim().to_string()).filter(|c| !c.is_empty()),
                "glob" => glob = true,
                _ => {}
            }
            continue;
        }
        if let Some((key, value)) = line.split_once(": ")
            && key == "caption"
        {
            caption = Some(value.trim().to_string());
            continue;
        }
        // `Title <target>` or `target`.
        let (title, target) = match (line.rfind('<'), line.ends_with('>')) {
            (Some(at), true) => (Some(line[..at].trim().to_string()).filter(|t| !t.is_empty()), line[at + 1..line.len() - 1].trim().to_string()),
            _ => (None, line.to_string()),
        };
        entries.push(LinkEntry { target, text: String::new(), description: Vec::new(), children: Vec::new(), pos: *pos, title });
    }
    Some((caption, glob, entries))
}
