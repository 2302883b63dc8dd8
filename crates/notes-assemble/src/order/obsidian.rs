//! Obsidian's order: folders are events; a folder note (`X/X.md`, or an
//! `index`, `README` or `MOC` note in it) introduces its folder and its
//! `[[links]]` give the order of the notes and sub-folders it names; the
//! rest follow by name (natural order), and, when the folder has such a
//! note, count as orphans. A note's title is its name.

use notes_doc::names::{file_stem, natural_cmp};
use notes_doc::{Inline, Pending, Target, plain_text, walk_blocks};

use super::folders::{self, Policy};
use crate::library::Library;
use crate::outline::Outline;

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let scope = lib.project.layout.scope.clone().unwrap_or_default();
    let policy = Policy {
        index: &|lib, folder| folder_note(lib, folder),
        order: &|lib, folder, notes, subs| {
            folders::by_name(notes);
            folders::by_name(subs);
            let Some(index) = folder_note(lib, folder) else { return };
            let linked = wikilinks(lib, &index);
            let rank = |path: &str| {
                let name = file_stem(path).to_lowercase();
                linked.iter().position(|l| *l == name || path.to_lowercase().ends_with(&format!("{l}.md")))
            };
            notes.sort_by(|a, b| rank(a).unwrap_or(usize::MAX).cmp(&rank(b).unwrap_or(usize::MAX)).then_with(|| natural_cmp(a, b)));
            subs.sort_by(|a, b| rank(a).unwrap_or(usize::MAX).cmp(&rank(b).unwrap_or(usize::MAX)).then_with(|| natural_cmp(a, b)));
        },
        title: &|_, folder, _| folder.rsplit('/').next().unwrap_or(folder).to_string(),
        special: &folders::no_special,
        note_title: &|path| Some(file_stem(path).to_string()),
        listed: &|lib, folder, path| {
            let Some(index) = folder_note(lib, folder) else { return true };
            let name = file_stem(path).to_lowercase();
            wikilinks(lib, &index).iter().any(|l| *l == name || path.to_lowercase().ends_with(&format!("{l}.md")))
        },
    };
    let title = lib.project.config.title.clone();
    let items = folders::items(lib, &scope, &policy, &title);
    Outline { items, ..Outline::default() }
}

/// The note that introduces a folder: named after it, or `index`,
/// `README`, `MOC`.
fn folder_note(lib: &Library, folder: &str) -> Option<String> {
    if folder.is_empty() {
        return None;
    }
    let name = folder.rsplit('/').next().unwrap_or(folder).to_lowercase();
    let (notes, _) = lib.folder_contents(folder);
    notes.into_iter().find(|n| {
        let stem = file_stem(n).to_lowercase();
        stem == name || stem == "index" || stem == "readme" || stem == "moc"
    })
}

/// The names a note links to (`[[Name]]`, `[[Name|alias]]`,
/// `[[path/Name#Heading]]`), lower case, in order; from resolved name
/// links when the reader made them, else from the text.
fn wikilinks(lib: &Library, path: &str) -> Vec<String> {
    let Some(note) = lib.peek(path) else { return Vec::new() };
    let mut out = Vec::new();
    let mut text = String::new();
    walk_blocks(&note.blocks, &mut |b| {
        for seq in notes_doc::block_inlines(b) {
            collect(seq, &mut out, &mut text);
        }
    });
    let mut rest = text.as_str();
    while let Some(start) = rest.find("[[") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("]]") else { break };
        let inner = &after[..end];
        let target = inner.split(['|', '#']).next().unwrap_or("").trim();
        let name = target.rsplit('/').next().unwrap_or(target).trim_end_matches(".md").to_lowercase();
        if !name.is_empty() {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

fn collect(seq: &[Inline], names: &mut Vec<String>, text: &mut String) {
    for inline in seq {
        match inline {
            Inline::Link { target: Target::Pending(Pending::Name { name, .. }), .. } => {
                names.push(name.rsplit('/').next().unwrap_or(name).to_lowercase());
            }
            Inline::Text { text: t } => text.push_str(t),
            other => {
                if let Some(children) = notes_doc::child_inlines(other) {
                    collect(children, names, text);
                } else {
                    text.push_str(&plain_text(std::slice::from_ref(other)));
                }
            }
        }
    }
    text.push('\n');
}
