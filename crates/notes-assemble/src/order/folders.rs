//! Folders as the book's order, for layouts without a table of contents
//! (plain folders, README repositories' folders without an index, MkDocs
//! without a `nav:`, Hugo sections, Obsidian vaults): a folder that holds
//! notes is an event; a folder that only holds folders is a group; a
//! folder's index note (when the layout has one) gives its title and
//! introduction.

use notes_doc::Inline;
use notes_doc::names::{folder_title, natural_cmp};

use crate::library::Library;
use crate::outline::{Entry, Item};

/// How a layout treats a folder.
pub(crate) struct Policy<'p> {
    /// The note that introduces a folder (its index), if any.
    pub index: &'p dyn Fn(&Library, &str) -> Option<String>,
    /// Puts a folder's notes and sub-folders in order.
    pub order: &'p dyn Fn(&Library, &str, &mut Vec<String>, &mut Vec<String>),
    /// The title of a folder, given its index note.
    pub title: &'p dyn Fn(&Library, &str, Option<&str>) -> String,
    /// A sub-folder the layout builds its own way (an event index with a
    /// table of contents), or `None` for the folder rule.
    pub special: &'p dyn Fn(&mut Library, &str) -> Option<Vec<Item>>,
    /// The title a note gets from the folder rule (Obsidian: its name).
    pub note_title: &'p dyn Fn(&str) -> Option<String>,
    /// Whether a note of a folder is named by the folder's index (when it
    /// has one): those that are not are counted as orphans.
    pub listed: &'p dyn Fn(&Library, &str, &str) -> bool,
}

/// A policy's defaults for the hooks most layouts do not need.
pub(crate) fn no_special(_: &mut Library, _: &str) -> Option<Vec<Item>> {
    None
}
pub(crate) fn no_title(_: &str) -> Option<String> {
    None
}
pub(crate) fn all_listed(_: &Library, _: &str, _: &str) -> bool {
    true
}

/// The items of `folder` and everything below it. The notes directly in
/// the notes folder itself (`folder == ""`) make a part titled `root_title`.
pub(crate) fn items(lib: &mut Library, folder: &str, policy: &Policy, root_title: &str) -> Vec<Item> {
    if !folder.is_empty()
        && let Some(items) = (policy.special)(lib, folder)
    {
        return items;
    }
    let index = (policy.index)(lib, folder);
    let (mut notes, mut subs) = lib.folder_contents(folder);
    notes.retain(|n| Some(n) != index.as_ref() && !lib.is_taken(n));
    (policy.order)(lib, folder, &mut notes, &mut subs);
    let title = if folder.is_empty() { root_title.to_string() } else { (policy.title)(lib, folder, index.as_deref()) };
    let chapters: Vec<Entry> = notes
        .iter()
        .map(|n| {
            let mut e = Entry::new(n.clone(), (policy.note_title)(n));
            e.orphan = index.is_some() && !(policy.listed)(lib, folder, n);
            e
        })
        .collect();
    let intro = match &index {
        Some(i) => match lib.take(i) {
            Some(note) => {
                let (_, _, blocks, extra) = lib.title_and_blocks(i, Some(title.clone()), note);
                extra.into_iter().chain(blocks).collect()
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut sub_items = Vec::new();
    for sub in &subs {
        sub_items.extend(items(lib, sub, policy, root_title));
    }
    let source = index.as_ref().and_then(|i| lib.file(i)).map(|f| notes_doc::SourceRef { path: f.path.clone(), format: f.format });
    let mut out = Vec::new();
    if folder.is_empty() {
        if !chapters.is_empty() || !intro.is_empty() {
            out.push(Item::Part { title: vec![Inline::text(title)], blocks: intro, source, pos: Default::default(), chapters });
        }
        out.extend(sub_items);
        return out;
    }
    if !chapters.is_empty() {
        out.push(Item::Part { title: vec![Inline::text(title.clone())], blocks: intro, source, pos: Default::default(), chapters });
        if !sub_items.is_empty() {
            out.push(Item::Group { title, blocks: Vec::new(), source: None, items: sub_items });
        }
    } else if !sub_items.is_empty() {
        out.push(Item::Group { title, blocks: intro, source, items: sub_items });
    } else if !intro.is_empty() {
        out.push(Item::Part { title: vec![Inline::text(title)], blocks: intro, source, pos: Default::default(), chapters: Vec::new() });
    }
    out
}

/// Natural, case-insensitive order of names (the last path component).
pub(crate) fn by_name(paths: &mut [String]) {
    paths.sort_by(|a, b| natural_cmp(name_of(a), name_of(b)).then_with(|| a.cmp(b)));
}

/// Date order (a date in front matter or a `YYYY-MM-DD` name prefix), then
/// name order; undated notes after dated ones.
pub(crate) fn by_date_then_name(lib: &Library, paths: &mut [String]) {
    paths.sort_by(|a, b| {
        let (da, db) = (lib.date_of(a), lib.date_of(b));
        match (da, db) {
            (Some(x), Some(y)) => x.get(..10).cmp(&y.get(..10)).then_with(|| natural_cmp(name_of(a), name_of(b))),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => natural_cmp(name_of(a), name_of(b)),
        }
    });
}

fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder title from a folder's name (`angular-kc-2019` → "Angular kc
/// 2019").
pub(crate) fn name_title(folder: &str) -> String {
    folder_title(folder.rsplit('/').next().unwrap_or(folder))
}
