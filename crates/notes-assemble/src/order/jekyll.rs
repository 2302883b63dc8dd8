//! Jekyll's order: posts (`_posts/**/YYYY-MM-DD-slug.*`) grouped into
//! events by their first category (titled by the page whose front matter
//! names that category), or by year; events in the order of their first
//! post, posts by date and time (front matter `date:` over the file name);
//! then the published collections, one part each. Pages with prose
//! (`about.md`) open the book; pages that are only front matter and
//! Liquid (category and tag indexes, the home page) are site furniture.

use std::collections::BTreeMap;

use notes_doc::Inline;
use notes_doc::names::{file_stem, folder_title, natural_cmp};

use super::folders;
use crate::library::{Library, date_prefix};
use crate::outline::{Entry, Item, Outline};

pub(crate) fn outline(lib: &mut Library) -> Outline {
    let mut outline = Outline::default();
    let paths = lib.unplaced_paths();
    let collections = lib.project.layout.collections.clone();
    let is_post = |p: &str| p.starts_with("_posts/") || p.contains("/_posts/");
    let collection_of = |p: &str| collections.iter().find(|c| p.starts_with(&format!("_{c}/"))).cloned();
    // Category pages and furniture pages.
    let mut category_titles: BTreeMap<String, String> = BTreeMap::new();
    let mut pages = Vec::new();
    for path in &paths {
        if is_post(path) || collection_of(path).is_some() {
            continue;
        }
        let Some(note) = lib.peek(path) else { continue };
        if !note.facts.present {
            continue; // An orphan, placed by the general rule.
        }
        if !lib.has_words(path) {
            if let (Some(cat), Some(title)) = (note.facts.categories.first(), note.title.clone()) {
                category_titles.insert(cat.to_lowercase(), title);
            }
            lib.discard(path);
            continue;
        }
        pages.push(path.clone());
    }
    folders::by_name(&mut pages);
    outline.front_notes.extend(pages.into_iter().map(|p| Entry::new(p, None)));
    // Posts by date and time.
    let mut posts: Vec<(String, String)> = paths.iter().filter(|p| is_post(p) && lib.peek(p).is_some()).map(|p| (post_date(lib, p), p.clone())).collect();
    posts.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| natural_cmp(&a.1, &b.1)));
    let mut events: Vec<(String, String, Vec<Entry>)> = Vec::new();
    for (date, path) in posts {
        let key = match lib.peek(&path).and_then(|n| n.facts.categories.first().cloned()) {
            Some(c) => c,
            None => date.get(..4).unwrap_or("Posts").to_string(),
        };
        let title = category_titles
            .get(&key.to_lowercase())
            .cloned()
            .unwrap_or_else(|| if key.chars().all(|c| c.is_ascii_digit()) { key.clone() } else { folder_title(&key) });
        match events.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, list)) => list.push(Entry::new(path, None)),
            None => events.push((key, title, vec![Entry::new(path, None)])),
        }
    }
    for (_, title, chapters) in events {
        outline.items.push(Item::Part { title: vec![Inline::text(title)], blocks: Vec::new(), source: None, pos: Default::default(), chapters });
    }
    for c in &collections {
        let mut list: Vec<String> = paths.iter().filter(|p| collection_of(p).as_deref() == Some(c.as_str()) && lib.peek(p).is_some()).cloned().collect();
        folders::by_date_then_name(lib, &mut list);
        let chapters = list.into_iter().map(|p| Entry::new(p, None)).collect();
        outline.items.push(Item::Part { title: vec![Inline::text(folder_title(c))], blocks: Vec::new(), source: None, pos: Default::default(), chapters });
    }
    outline
}

/// A post's date and time, sortable: front matter `date:` over the name.
fn post_date(lib: &Library, path: &str) -> String {
    lib.peek(path)
        .and_then(|n| n.meta.date.clone())
        .map(|d| d.trim().replace('T', " "))
        .or_else(|| date_prefix(file_stem(path)).map(str::to_string))
        .unwrap_or_default()
}
