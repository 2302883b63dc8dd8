//! Links: bare URLs in text become links; links between notes are resolved
//! to anchors (or reported and reduced to their text); links with schemes
//! that could act (`javascript:`, `data:`, `file:`) are refused. (Images
//! are checked by [`crate::images`].)
//!
//! After this pass every link is a [`Target::Url`] with a safe scheme or a
//! [`Target::Internal`] that exists.

use std::collections::{BTreeMap, HashMap};

use crate::Context;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::names::slug;
use notes_doc::paths::{join_relative, parent_of};
use notes_doc::{Block, Book, Inline, Pending, Pos, Target, block_inlines_mut, child_inlines_mut, plain_text, walk_blocks_mut};

use crate::anchors::Labels;

/// What links can point at: every note and the anchors in it.
struct Targets {
    /// Note path → (note anchor, local fragment → anchor).
    notes: BTreeMap<String, (String, BTreeMap<String, String>)>,
    /// The notes' paths by the names that reach them.
    names: NoteNames,
    labels: Labels,
    /// Anchor → the title it heads (parts, talks, headings): the text of a
    /// link that has none of its own (reST `:ref:`label``).
    titles: BTreeMap<String, Vec<Inline>>,
}

pub fn run(book: &mut Book, labels: Labels, cx: &Context, diags: &mut Diagnostics) {
    let notes = note_anchors(book);
    let names = NoteNames::new(notes.keys().map(String::as_str));
    let targets = Targets { notes, names, labels, titles: titles(book) };
    let resolve = |blocks: &mut Vec<Block>, file: &str, diags: &mut Diagnostics| {
        walk_blocks_mut(blocks, &mut |block| {
            for seq in block_inlines_mut(block) {
                process(seq, false, &targets, cx, file, diags);
            }
        });
    };
    // Each event on its own, on all cores; what they report is put
    // together in the book's order.
    use rayon::prelude::*;
    let reports: Vec<Diagnostics> = book
        .parts
        .par_iter_mut()
        .map(|part| {
            let mut diags = Diagnostics::new();
            let file = part.source.as_ref().map(|s| s.path.clone()).unwrap_or_default();
            // Titles and a talk's fields hold links too (`# A [b](b.md) c`).
            process(&mut part.title, false, &targets, cx, &file, &mut diags);
            resolve(&mut part.blocks, &file, &mut diags);
            for chapter in &mut part.chapters {
                let file = chapter.source.path.clone();
                process(&mut chapter.title, false, &targets, cx, &file, &mut diags);
                for field in &mut chapter.meta.fields {
                    process(&mut field.value, false, &targets, cx, &file, &mut diags);
                }
                resolve(&mut chapter.blocks, &file, &mut diags);
                for note in &mut chapter.footnotes {
                    resolve(&mut note.blocks, &file, &mut diags);
                }
            }
            diags
        })
        .collect();
    for report in reports {
        diags.extend(report);
    }
    resolve(&mut book.front, "", diags);
}

fn titles(book: &Book) -> BTreeMap<String, Vec<Inline>> {
    let mut titles = BTreeMap::new();
    let headings = |blocks: &[Block], titles: &mut BTreeMap<String, Vec<Inline>>| {
        notes_doc::walk_blocks(blocks, &mut |b| match b {
            Block::Heading { content, id, .. } => {
                titles.insert(id.clone(), content.clone());
            }
            // A link to an equation shows its number, as `\eqref` does.
            Block::Math { id, number: Some(number), .. } if !id.is_empty() => {
                titles.insert(id.clone(), vec![Inline::text(format!("({number})"))]);
            }
            _ => {}
        });
    };
    for part in &book.parts {
        titles.insert(part.id.clone(), part.title.clone());
        headings(&part.blocks, &mut titles);
        for chapter in &part.chapters {
            titles.insert(chapter.id.clone(), chapter.title.clone());
            headings(&chapter.blocks, &mut titles);
        }
    }
    titles
}

fn note_anchors(book: &Book) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
    let mut notes = BTreeMap::new();
    let local = |blocks: &[Block], map: &mut BTreeMap<String, String>| {
        notes_doc::walk_blocks(blocks, &mut |b| match b {
            Block::Heading { content, id, labels, .. } => {
                map.entry(slug(&plain_text(content))).or_insert_with(|| id.clone());
                map.entry(id.clone()).or_insert_with(|| id.clone());
                for l in labels {
                    map.entry(l.to_lowercase()).or_insert_with(|| id.clone());
                }
            }
            Block::Anchor { id, .. } => {
                map.entry(id.clone()).or_insert_with(|| id.clone());
            }
            Block::Math { label: Some(label), id, .. } if !id.is_empty() => {
                map.entry(id.clone()).or_insert_with(|| id.clone());
                map.entry(label.to_lowercase()).or_insert_with(|| id.clone());
            }
            _ => {}
        });
    };
    for part in &book.parts {
        if let Some(src) = &part.source {
            let mut map = BTreeMap::new();
            local(&part.blocks, &mut map);
            notes.insert(src.path.clone(), (part.id.clone(), map));
        }
        for chapter in &part.chapters {
            let mut map = BTreeMap::new();
            local(&chapter.blocks, &mut map);
            notes.insert(chapter.source.path.clone(), (chapter.id.clone(), map));
        }
    }
    notes
}

impl Targets {
    fn note(&self, path: &str) -> Option<&(String, BTreeMap<String, String>)> {
        let stem = path.trim_end_matches('/');
        let mut candidates = vec![stem.to_string()];
        for ext in ["md", "rst", "markdown", "rest"] {
            candidates.push(format!("{stem}.{ext}"));
        }
        for ext in ["md", "rst"] {
            candidates.push(if stem.is_empty() { format!("index.{ext}") } else { format!("{stem}/index.{ext}") });
        }
        // `talk.html` written for the web means the note.
        if let Some(base) = stem.strip_suffix(".html") {
            candidates.push(format!("{base}.md"));
            candidates.push(format!("{base}.rst"));
        }
        candidates.iter().find_map(|c| self.notes.get(c))
    }

    /// The anchor a pending reference names, or why there is none.
    fn resolve(&self, pending: &Pending) -> Result<String, String> {
        match pending {
            Pending::Path { path, fragment, from } => {
                let rel = join_relative(parent_of(from), path).ok_or_else(|| format!("{path:?} leaves the source folder"))?;
                let (anchor, local) = self.note(&rel).ok_or_else(|| format!("there is no note {path:?}"))?;
                match fragment {
                    None => Ok(anchor.clone()),
                    Some(f) => local
                        .get(f)
                        .or_else(|| local.get(&slug(f)))
                        .or_else(|| local.get(&f.to_lowercase()))
                        .cloned()
                        .ok_or_else(|| format!("{path:?} has no heading or anchor {f:?}")),
                }
            }
            Pending::Fragment { fragment, from } => {
                let (_, local) = self.note(from).ok_or_else(|| format!("there is no anchor {fragment:?}"))?;
                local.get(fragment).or_else(|| local.get(&slug(fragment))).cloned().ok_or_else(|| format!("this note has no heading or anchor {fragment:?}"))
            }
            // A label, or else the id a heading was given (`{#sec-x}`,
            // which Quarto's `@sec-x` and MyST's `{ref}` name).
            Pending::Label { label } => self
                .labels
                .get(&label.to_lowercase())
                .cloned()
                .or_else(|| self.titles.contains_key(label.as_str()).then(|| label.clone()))
                .ok_or_else(|| format!("there is no label {label:?} in the book")),
            Pending::Name { name, fragment, from } => {
                let (anchor, local) = self.named(name, from).ok_or_else(|| format!("there is no note named {name:?}"))?;
                match fragment {
                    None => Ok(anchor.clone()),
                    Some(f) => local.get(f).or_else(|| local.get(&slug(f))).cloned().ok_or_else(|| format!("{name:?} has no heading or anchor {f:?}")),
                }
            }
        }
    }

    /// The note a name means (`Note`, `folder/Note`, in any case): the one
    /// whose path without extension ends with it, the nearest to `from`
    /// when several do.
    fn named(&self, name: &str, from: &str) -> Option<&(String, BTreeMap<String, String>)> {
        self.names.nearest(name, from).and_then(|path| self.notes.get(path))
    }
}

/// The notes' paths by every name that reaches them, made once for a book
/// so that finding the note a name means is a lookup rather than a scan of
/// every note (a vault of 5,000 notes with three links by name each spent
/// seconds lowercasing paths). Links by name and embedded notes find their
/// note through [`NoteNames::nearest`].
pub(crate) struct NoteNames {
    /// A name, lowercase → the paths it reaches, in the order given.
    by_name: HashMap<String, Vec<String>>,
}

impl NoteNames {
    /// The names of the notes at `paths`: each path without its extension,
    /// lowercase, and every tail of it that follows a `/`.
    pub(crate) fn new<'a>(paths: impl Iterator<Item = &'a str>) -> Self {
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for path in paths {
            let stem = path.rsplit_once('.').map_or(path, |(s, _)| s).to_lowercase();
            for (at, _) in stem.match_indices('/') {
                by_name.entry(stem[at + 1..].to_string()).or_default().push(path.to_string());
            }
            by_name.entry(stem).or_default().push(path.to_string());
        }
        NoteNames { by_name }
    }

    /// The note a name means (`Note`, `folder/Note`, in any case): the one
    /// whose path without extension is the name or ends with `/` and the
    /// name, the nearest to `from` (the linking note) when several do, and
    /// of those the shortest path, then the first given.
    pub(crate) fn nearest(&self, name: &str, from: &str) -> Option<&str> {
        let wanted = name.trim().trim_start_matches('/').to_lowercase();
        let here = parent_of(from);
        self.by_name.get(&wanted)?.iter().map(String::as_str).min_by_key(|path| (parent_of(path) != here, path.len()))
    }
}

/// Sphinx's generated pages, which a notes book has no use for: references
/// to them become plain words instead of broken links.
fn sphinx_page(pending: &Pending) -> Option<&'static str> {
    match pending {
        Pending::Label { label } => match label.as_str() {
            "genindex" => Some("Index"),
            "modindex" | "py-modindex" => Some("Module Index"),
            "search" => Some("Search Page"),
            _ => None,
        },
        _ => None,
    }
}

/// Links, then resolves, a sequence and those nested in it; text inside a
/// link is not linked again.
fn process(seq: &mut Vec<Inline>, in_link: bool, targets: &Targets, cx: &Context, file: &str, diags: &mut Diagnostics) {
    if !in_link {
        autolink(seq);
    }
    resolve_seq(seq, targets, cx, file, diags);
    for inline in seq.iter_mut() {
        let is_link = matches!(inline, Inline::Link { .. });
        if let Some(children) = child_inlines_mut(inline) {
            process(children, in_link || is_link, targets, cx, file, diags);
        }
    }
}

fn resolve_seq(seq: &mut Vec<Inline>, targets: &Targets, cx: &Context, file: &str, diags: &mut Diagnostics) {
    let mut i = 0;
    while i < seq.len() {
        if let Inline::Link { target, content, pos } = &mut seq[i] {
            let pos = *pos;
            let replacement = match target {
                Target::Pending(pending) => {
                    if matches!(pending, Pending::Label { label } if label == "genindex") {
                        // Sphinx's general index is the book's topics
                        // index (the indexes pass unlinks it when the book
                        // has none).
                        if content.is_empty() || plain_text(content) == pending_text(pending) {
                            *content = vec![Inline::text("Index")];
                        }
                        *target = Target::Internal(crate::indexes::TOPICS_ID.to_string());
                        None
                    } else if let Some(word) = sphinx_page(pending) {
                        let text =
                            if content.is_empty() || plain_text(content) == pending_text(pending) { vec![Inline::text(word)] } else { std::mem::take(content) };
                        Some(text)
                    } else {
                        match targets.resolve(pending) {
                            Ok(anchor) => {
                                if content.is_empty() {
                                    *content = match targets.titles.get(&anchor) {
                                        Some(title) => strip_links(title),
                                        None => vec![Inline::text(pending_text(pending))],
                                    };
                                }
                                *target = Target::Internal(anchor);
                                None
                            }
                            Err(why) => {
                                diags.push(
                                    Diagnostic::warning("broken-link", format!("broken link: {why}"))
                                        .in_file(cx.shown(file))
                                        .at(pos, pending_text(pending).chars().count() as u32)
                                        .with_help("the link's text is kept without a link"),
                                );
                                Some(if content.is_empty() { vec![Inline::text(pending_text(pending))] } else { std::mem::take(content) })
                            }
                        }
                    }
                }
                Target::Url(url) => match notes_doc::urls::check(url) {
                    notes_doc::urls::UrlCheck::Valid => None,
                    notes_doc::urls::UrlCheck::Repaired { url: repaired, why } => {
                        diags.push(
                            Diagnostic::warning(
                                "repaired-link",
                                format!("the link {:?} is not a valid URL ({why}); it points to {repaired:?}", truncate(url, 60)),
                            )
                            .in_file(cx.shown(file))
                            .at(pos, 1)
                            .with_help(format!("write it as {repaired}")),
                        );
                        *url = repaired;
                        None
                    }
                    notes_doc::urls::UrlCheck::Refused { why } => {
                        let unsafe_scheme = !notes_doc::urls::is_safe(url);
                        let (code, help) = if unsafe_scheme {
                            ("unsafe-link", format!("allowed schemes: {}", notes_doc::urls::SAFE_SCHEMES.join(", ")))
                        } else {
                            ("bad-link", "write a whole URL, such as https://example.com/page".to_string())
                        };
                        diags.push(
                            Diagnostic::warning(code, format!("{why}; the text {:?} is kept without a link", truncate(&plain_text(content), 40)))
                                .in_file(cx.shown(file))
                                .at(pos, 1)
                                .with_help(help),
                        );
                        Some(if content.is_empty() { vec![Inline::text(url.clone())] } else { std::mem::take(content) })
                    }
                },
                Target::Internal(_) => None,
            };
            if let Some(inlines) = replacement {
                // The link's text takes its place, and is looked at in
                // turn: it may hold a link of its own (an HTML `<a>`
                // around a wikilink), which must be resolved too.
                seq.splice(i..=i, inlines);
                continue;
            }
        }
        i += 1;
    }
}

/// A title as link text: without links of its own, anchors or footnotes.
fn strip_links(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Link { content, .. } => Some(Inline::text(plain_text(content))),
            Inline::FootnoteRef { .. } | Inline::Anchor { .. } | Inline::Index { .. } => None,
            other => Some(other.clone()),
        })
        .collect()
}

fn pending_text(p: &Pending) -> String {
    match p {
        Pending::Path { path, fragment: Some(f), .. } => format!("{path}#{f}"),
        Pending::Path { path, .. } => path.clone(),
        Pending::Fragment { fragment, .. } => format!("#{fragment}"),
        Pending::Label { label } => label.clone(),
        Pending::Name { name, fragment: Some(f), .. } => format!("{name}#{f}"),
        Pending::Name { name, .. } => name.clone(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n).collect::<String>() + "…" }
}

/// Turns bare URLs in text (`https://…`, `http://…`, `www.…`) into links,
/// leaving trailing punctuation outside, as GitHub does.
fn autolink(seq: &mut Vec<Inline>) {
    let mut i = 0;
    while i < seq.len() {
        let Inline::Text { text } = &seq[i] else {
            i += 1;
            continue;
        };
        let Some((start, end)) = find_url(text) else {
            i += 1;
            continue;
        };
        let text = text.clone();
        let url = &text[start..end];
        let href = if url.starts_with("www.") { format!("http://{url}") } else { url.to_string() };
        let mut parts = Vec::new();
        if start > 0 {
            parts.push(Inline::text(&text[..start]));
        }
        parts.push(Inline::Link { target: Target::Url(href), content: vec![Inline::text(url)], pos: Pos::default() });
        let rest = &text[end..];
        let has_rest = !rest.is_empty();
        if has_rest {
            parts.push(Inline::text(rest));
        }
        let n = parts.len();
        seq.splice(i..=i, parts);
        // Continue with the rest of the text, which may hold more URLs.
        i += if has_rest { n - 1 } else { n };
    }
}

/// The byte range of the first bare URL in `text`.
pub fn find_url(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // Most text holds no URL: say so without searching for each prefix.
    let maybe_www = bytes.windows(4).any(|w| w[3] == b'.' && w[..3].eq_ignore_ascii_case(b"www"));
    if !maybe_www && !text.contains("://") {
        return None;
    }
    let mut search = 0;
    while search < text.len() {
        let rest = &text[search..];
        let found = ["https://", "http://", "ftp://", "www."]
            .iter()
            .filter_map(|p| {
                let lower_rest = rest;
                find_ascii_ci(lower_rest, p).map(|i| (i, *p))
            })
            .min_by_key(|(i, _)| *i)?;
        let start = search + found.0;
        // The URL must start a word.
        let at_word_start = start == 0 || {
            let prev = text[..start].chars().next_back().unwrap_or(' ');
            prev.is_whitespace() || matches!(prev, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | '*' | '_' | '~')
        };
        let mut end = start;
        while end < text.len() {
            let c = text[end..].chars().next().unwrap_or(' ');
            if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”' | '`') {
                break;
            }
            end += c.len_utf8();
        }
        // Trailing punctuation is the sentence's, not the URL's; a closing
        // parenthesis is the URL's only when it opened one.
        loop {
            let Some(last) = text[start..end].chars().next_back() else { break };
            let strip = match last {
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
                ')' => text[start..end].matches('(').count() < text[start..end].matches(')').count(),
                ']' => text[start..end].matches('[').count() < text[start..end].matches(']').count(),
                _ => false,
            };
            if !strip {
                break;
            }
            end -= last.len_utf8();
        }
        let url = &text[start..end];
        let prefix_len = found.1.len();
        let has_host = url.len() > prefix_len && url[prefix_len..].chars().next().is_some_and(|c| c.is_alphanumeric());
        if at_word_start && has_host && (found.1 != "www." || url[4..].contains('.')) {
            let _ = bytes;
            return Some((start, end));
        }
        search = start + found.1.len();
    }
    None
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n) && haystack.is_char_boundary(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_reaches_the_nearest_note_whose_path_ends_with_it() {
        let paths = ["Talks/Note.md", "Event/Note.md", "Event/Sub/Note.md", "Other/Notes.md", "Event/Index.md", "Event/Talk.v2.md"];
        let names = NoteNames::new(paths.iter().copied());
        // The linking note's own folder first, then the shortest path.
        assert_eq!(names.nearest("Note", "Event/Index.md"), Some("Event/Note.md"));
        assert_eq!(names.nearest("note", "Other/Notes.md"), Some("Talks/Note.md"));
        assert_eq!(names.nearest("Note", "Event/Sub/x.md"), Some("Event/Sub/Note.md"));
        // A folder in the name, any case, a leading slash, spaces around.
        assert_eq!(names.nearest(" /SUB/note ", "Talks/Note.md"), Some("Event/Sub/Note.md"));
        assert_eq!(names.nearest("event/note", "Talks/Note.md"), Some("Event/Note.md"));
        // Whole names only: not a part of a file's or a folder's name.
        assert_eq!(names.nearest("ote", "Event/Index.md"), None);
        assert_eq!(names.nearest("vent/Note", "Event/Index.md"), None);
        assert_eq!(names.nearest("Notes", "Event/Index.md"), Some("Other/Notes.md"));
        // The extension is not part of the name; a dot before it is.
        assert_eq!(names.nearest("Note.md", "Event/Index.md"), None);
        assert_eq!(names.nearest("talk.V2", "Talks/Note.md"), Some("Event/Talk.v2.md"));
        assert_eq!(names.nearest("Missing", "Event/Index.md"), None);
    }

    fn urls(text: &str) -> Vec<String> {
        let mut seq = vec![Inline::text(text)];
        autolink(&mut seq);
        seq.iter()
            .filter_map(|i| match i {
                Inline::Link { target: Target::Url(u), .. } => Some(u.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            urls("see http://blog.heroku.com/archives/2011/9/28/python_and_django/ now"),
            ["http://blog.heroku.com/archives/2011/9/28/python_and_django/"]
        );
        assert_eq!(urls("Monocle (https://github.com/saucelabs/monocle), Twisted"), ["https://github.com/saucelabs/monocle"]);
        assert_eq!(urls("at https://a.org. And www.b.com!"), ["https://a.org", "http://www.b.com"]);
        assert_eq!(urls("(see https://en.wikipedia.org/wiki/Foo_(bar))"), ["https://en.wikipedia.org/wiki/Foo_(bar)"]);
        assert!(urls("nothing here, not even http:// or www.").is_empty());
        assert!(urls("pandas.pydata.org").is_empty());
    }

    #[test]
    fn text_around_urls_is_kept() {
        let mut seq = vec![Inline::text("a http://x.org b https://y.org c")];
        autolink(&mut seq);
        assert_eq!(plain_text(&seq), "a http://x.org b https://y.org c");
        assert_eq!(seq.len(), 5);
    }

    #[test]
    fn unsafe_schemes() {}
}
