//! Hugo's order: the content folder's sections are folders (`_index.md`
//! gives a section its title and introduction, and the home page's text
//! opens the book); a leaf bundle (`x/index.md`) is a page; pages and
//! sections go by weight (unset last), then date, newest first, then
//! title, then path, as Hugo lists them.

use std::cmp::Ordering;

use notes_doc::names::natural_cmp;

use super::folders::{self, Policy};
use super::index::note_title;
use crate::library::Library;
use crate::outline::Outline;

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let mut outline = Outline::default();
    let scope = lib.project.layout.scope.clone().unwrap_or_default();
    if scope.is_empty() {
        let home = lib.folder_contents("").0.into_iter().find(|p| p == "_index.md");
        if let Some(home) = home
            && let Some(note) = lib.take(&home)
        {
            let (_, _, blocks, _) = lib.title_and_blocks(&home, Some(String::new()), note);
            outline.front.extend(blocks);
        }
    }
    let policy = Policy {
        index: &|lib, folder| {
            let p = if folder.is_empty() { "_index.md".to_string() } else { format!("{folder}/_index.md") };
            (lib.file(&p).is_some() && !lib.is_taken(&p)).then_some(p)
        },
        order: &|lib, _, notes, subs| {
            // Leaf bundles are pages.
            let bundles: Vec<String> = subs.iter().filter(|s| lib.file(&format!("{s}/index.md")).is_some()).cloned().collect();
            subs.retain(|s| !bundles.contains(s));
            notes.extend(bundles.into_iter().map(|b| format!("{b}/index.md")));
            notes.retain(|n| !n.ends_with("_index.md"));
            notes.sort_by(|a, b| hugo_order(lib, a, b));
            subs.sort_by(|a, b| section_order(lib, a, b));
        },
        title: &|lib, folder, index| index.and_then(|i| lib.peek(i)).and_then(note_title).unwrap_or_else(|| folders::name_title(folder)),
        special: &folders::no_special,
        note_title: &folders::no_title,
        listed: &folders::all_listed,
    };
    let title = lib.project.config.title.clone();
    outline.items = folders::items(lib, &scope, &policy, &title);
    outline
}

/// Hugo's default order of two pages: weight (0 or unset last), date
/// newest first, title, path.
fn hugo_order(lib: &Library, a: &str, b: &str) -> Ordering {
    let weight = |p: &str| lib.peek(p).and_then(|n| n.facts.weight).filter(|w| *w != 0);
    let by_weight = match (weight(a), weight(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let date = |p: &str| lib.peek(p).and_then(|n| n.meta.date.clone());
    let title = |p: &str| lib.peek(p).and_then(note_title).unwrap_or_default();
    by_weight.then_with(|| date(b).cmp(&date(a))).then_with(|| natural_cmp(&title(a), &title(b))).then_with(|| a.cmp(b))
}

/// Hugo's order of two sections: their `_index.md`'s weight, then the date
/// of their newest page, newest first, then their title and path.
fn section_order(lib: &Library, a: &str, b: &str) -> Ordering {
    let weight = |s: &str| lib.peek(&format!("{s}/_index.md")).and_then(|n| n.facts.weight).filter(|w| *w != 0);
    let by_weight = match (weight(a), weight(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_weight.then_with(|| newest(lib, b).cmp(&newest(lib, a))).then_with(|| natural_cmp(a, b))
}

/// The newest date of the pages in a section.
fn newest(lib: &Library, folder: &str) -> Option<String> {
    let prefix = format!("{folder}/");
    lib.files.keys().filter(|p| p.starts_with(&prefix)).filter_map(|p| lib.peek(p).and_then(|n| n.meta.date.clone())).max()
}
