//! MkDocs' order without a `nav:`: each folder's `index.md` (or
//! `README.md`) first, then files and folders by name; the awesome-pages
//! plugin's `.pages` files, where present, order a folder (`nav:` with
//! `...` for the rest), title it, sort it naturally, or hide it (its notes
//! then follow the rest, without a warning).

use notes_project::layout::mkdocs::read_pages;

use super::folders::{self, Policy};
use crate::library::Library;
use crate::outline::{Entry, Outline};

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let mut outline = Outline::default();
    let scope = lib.project.layout.scope.clone().unwrap_or_default();
    if scope.is_empty()
        && let Some(home) = index_of(lib, "")
    {
        lib.reserve(&home);
        outline.front_notes.push(Entry::new(home, None));
    }
    // Folders a `.pages` hides: their notes follow the rest, quietly.
    let folders: std::collections::BTreeSet<String> = lib.files.keys().map(|p| notes_doc::paths::parent_of(p).to_string()).collect();
    for folder in folders {
        if pages(lib, &folder).is_some_and(|p| p.hide) {
            let inside: Vec<String> = lib.files.keys().filter(|p| p.starts_with(&format!("{folder}/"))).cloned().collect();
            lib.quiet.extend(inside);
        }
    }
    let source_dir = lib.project.source_dir.clone();
    let awesome = lib.project.layout.awesome_pages;
    let titled = move |path: &str| -> Option<String> {
        if !awesome {
            return None;
        }
        let folder = notes_doc::paths::parent_of(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        read_pages(&source_dir.join(folder))?.nav?.into_iter().flatten().find(|(target, _)| target == name).and_then(|(_, title)| title)
    };
    let policy = Policy {
        index: &|lib, folder| if folder.is_empty() { None } else { index_of(lib, folder) },
        order: &order,
        title: &|lib, folder, _| pages(lib, folder).and_then(|p| p.title).unwrap_or_else(|| folders::name_title(folder)),
        special: &folders::no_special,
        note_title: &titled,
        listed: &folders::all_listed,
    };
    let title = lib.project.config.title.clone();
    outline.items = folders::items(lib, &scope, &policy, &title);
    outline
}

fn index_of(lib: &Library, folder: &str) -> Option<String> {
    let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    ["index.md", "README.md", "readme.md"].iter().map(|n| format!("{prefix}{n}")).find(|p| lib.file(p).is_some() && !lib.is_taken(p))
}

fn pages(lib: &Library, folder: &str) -> Option<notes_project::layout::mkdocs::Pages> {
    if !lib.project.layout.awesome_pages {
        return None;
    }
    read_pages(&lib.project.source_dir.join(folder))
}

/// MkDocs' order of a folder, as its `.pages` file changes it.
fn order(lib: &Library, folder: &str, notes: &mut Vec<String>, subs: &mut Vec<String>) {
    let p = pages(lib, folder);
    let natural = p.as_ref().is_some_and(|p| p.natural);
    let sort = |v: &mut Vec<String>| {
        if natural {
            folders::by_name(v);
        } else {
            v.sort_by_key(|s| s.to_lowercase());
        }
    };
    sort(notes);
    sort(subs);
    // Hidden folders follow the rest, quietly.
    let hidden: Vec<String> = subs.iter().filter(|s| pages(lib, s).is_some_and(|p| p.hide)).cloned().collect();
    subs.retain(|s| !hidden.contains(s));
    let Some(nav) = p.and_then(|p| p.nav) else { return };
    let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    let mut ordered_notes = Vec::new();
    let mut ordered_subs = Vec::new();
    let rest_at = nav.iter().position(Option::is_none);
    for entry in nav.iter().flatten() {
        let path = format!("{prefix}{}", entry.0.trim_end_matches('/'));
        if let Some(i) = notes.iter().position(|n| *n == path) {
            ordered_notes.push(notes.remove(i));
        } else if let Some(i) = subs.iter().position(|s| *s == path) {
            ordered_subs.push(subs.remove(i));
        }
    }
    if rest_at.is_some() {
        // `...`: the rest, in MkDocs' order, where it stands (after the
        // entries named before it; we put named entries first).
        ordered_notes.append(notes);
        ordered_subs.append(subs);
    } else {
        // Not in the folder's nav: left for the orphan rule.
        notes.clear();
        subs.clear();
    }
    *notes = ordered_notes;
    *subs = ordered_subs;
}
