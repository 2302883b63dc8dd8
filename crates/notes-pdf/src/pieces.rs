//! Big books, typeset in pieces.
//!
//! One Typst compile of a whole book keeps everything it computed until the
//! end, and its work grows faster than the book: measured here, a book of
//! about 700 pages takes 5 s and 0.8 GB, one of 7,000 pages 195 s and 16 GB.
//! So a book whose text is over a limit is cut at event boundaries into
//! pieces of about the same size. Each piece is laid out by its own compile,
//! in order, knowing the page and footnote numbers it starts from; Typst's
//! memoized work is dropped between pieces, which bounds memory. The front
//! matter is laid out last, with a contents drawn from the page numbers the
//! pieces measured. The pages are then joined into one document and
//! exported once, so the bookmarks, page labels, links and tags are those of
//! one PDF.
//!
//! Within a piece, and from the contents, links point by name
//! (`notes-xref:<id>`); once all pieces are laid out, each such link is
//! pointed at the place its target was laid out, whichever piece holds it.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use typst::foundations::{NativeElement, Selector};
use typst::introspection::{Introspector, Location, Tag};
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, Document, FootnoteElem, LinkMarker};
use typst_layout::{Page, PagedDocument};

use crate::math::Formulas;
use crate::world::{BookWorld, Chunk, ContentsEntry, DocumentKind, PlacePage, layout, serialize_piece, world_with_data};
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::{Block, Book, Inline, Part, walk_blocks};
use notes_project::assets::Assets;
use notes_project::config::{Config, Paper};

use super::PdfError;

/// The size of text (in bytes) above which a book is typeset in pieces,
/// and about the size of each piece. The default book holds about 60 kB.
pub const PIECE_BYTES: usize = 1_000_000;

/// The limit in force: `NOTES_PIECE_BYTES` overrides it, for measuring.
pub fn piece_bytes() -> usize {
    std::env::var("NOTES_PIECE_BYTES").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(PIECE_BYTES)
}

/// How to cut the book: ranges of parts, or `None` for one compile.
pub fn plan(book: &Book, limit: usize) -> Option<Vec<Range<usize>>> {
    let weights: Vec<usize> = book.parts.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    if total <= limit || book.parts.len() < 2 {
        return None;
    }
    let target = total / total.div_ceil(limit.max(1));
    let mut ranges = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        size += w;
        if size >= target && i + 1 < weights.len() {
            ranges.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    ranges.push(start..weights.len());
    (ranges.len() > 1).then_some(ranges)
}

/// The size of a part: the bytes of its text.
fn weight(part: &Part) -> usize {
    let mut n = 0;
    let mut count = |blocks: &[Block]| super::visit_blocks(blocks, &mut |text, _| n += text.len() + 1);
    count(&part.blocks);
    for chapter in &part.chapters {
        count(&chapter.blocks);
        for note in &chapter.footnotes {
            count(&note.blocks);
        }
    }
    n
}

/// A line of the contents, and the part it belongs to.
struct Entry {
    part: usize,
    entry: ContentsEntry,
}

/// Every heading of the book in order: events (level 1), talks (level 2)
/// and the headings inside them, with the index of their event.
fn for_each_heading<'a>(book: &'a Book, f: &mut dyn FnMut(usize, u8, &'a Option<String>, &'a [Inline], &'a str)) {
    for (i, part) in book.parts.iter().enumerate() {
        f(i, 1, &part.number, &part.title, &part.id);
        walk_blocks(&part.blocks, &mut |b| {
            if let Block::Heading { level, content, id, number, .. } = b {
                f(i, 1 + level, number, content, id);
            }
        });
        for chapter in &part.chapters {
            f(i, 2, &chapter.number, &chapter.title, &chapter.id);
            walk_blocks(&chapter.blocks, &mut |b| {
                if let Block::Heading { level, content, id, number, .. } = b {
                    f(i, 2 + level, number, content, id);
                }
            });
        }
    }
}

/// The contents as the template's `outline` would list it: events, talks
/// and their headings down to `depth`.
fn contents_entries(book: &Book, depth: u8) -> Vec<Entry> {
    let mut out = Vec::new();
    for_each_heading(book, &mut |part, level, number, title, id| {
        if level <= depth {
            let entry = ContentsEntry { level, number: number.clone(), title: title.to_vec(), id: id.to_string(), page: String::new() };
            out.push(Entry { part, entry });
        }
    });
    out
}

/// Lays out the book in the pieces `ranges` gives, and joins them into one
/// document. Also returns a world of the book, for naming places in errors.
pub fn layout_pieces(
    book: &Book,
    config: &Config,
    assets: &Assets,
    ranges: &[Range<usize>],
    formulas: &Formulas,
    diagnostics: &mut Diagnostics,
) -> Result<(PagedDocument, BookWorld), PdfError> {
    let two_sided = config.two_sided && config.paper != Paper::Ereader;
    let mut contents = contents_entries(book, config.contents_depth);
    // Every label laid out: the page it is on (in the joined document) and
    // where.
    let mut targets: HashMap<String, (usize, Location)> = HashMap::new();

    // The body, piece by piece, in order.
    let mut body: Vec<Page> = Vec::new();
    let (mut first_page, mut first_footnote) = (1u64, 0u64);
    for (n, range) in ranges.iter().enumerate() {
        let chunk = Chunk::Body { first_page, first_footnote };
        let (doc, _) = piece(book, config, assets, &chunk, &book.parts[range.clone()], &n.to_string(), formulas, diagnostics)?;
        let start = body.len();
        body.extend(doc.pages().iter().cloned());
        collect_targets(&doc, start, &mut targets);
        for e in contents.iter_mut().filter(|e| range.contains(&e.part)) {
            if let Some(page) = targets.get(&e.entry.id).and_then(|(i, _)| body.get(*i)) {
                e.entry.page = page.number.to_string();
            }
        }
        first_footnote += doc.introspector().query(&Selector::Elem(FootnoteElem::ELEM, None)).len() as u64;
        let odd = doc.pages().len() % 2 == 1;
        first_page = body.last().map_or(first_page, |p| p.number + 1);
        // The next piece opens an event: on a right-hand page.
        if two_sided && odd && n + 1 < ranges.len() {
            if let Some(blank) = body.last().map(|last| blank_like(last, first_page)) {
                body.push(blank);
                first_page += 1;
            }
        }
        // What Typst memoized for this piece serves no other: let it go.
        drop(doc);
        typst::comemo::evict(0);
    }

    // The indexes, after the last event, with the pages of their places.
    let mut index_pages = Vec::new();
    if !book.indexes.is_empty() {
        if two_sided && body.len() % 2 == 1 {
            if let Some(blank) = body.last().map(|last| blank_like(last, first_page)) {
                body.push(blank);
                first_page += 1;
            }
        }
        let mut pages = std::collections::BTreeMap::new();
        for index in &book.indexes {
            for_each_place(&index.entries, &mut |anchor| {
                if let Some((i, _)) = targets.get(anchor)
                    && let Some(page) = body.get(*i)
                {
                    pages.insert(anchor.to_string(), PlacePage { page: *i, shown: page.number.to_string() });
                }
            });
        }
        let chunk = Chunk::Back { first_page, first_footnote, pages };
        let (doc, _) = piece(book, config, assets, &chunk, &[], "back", formulas, diagnostics)?;
        let start = body.len();
        body.extend(doc.pages().iter().cloned());
        collect_targets(&doc, start, &mut targets);
        index_pages = book.indexes.iter().map(|i| targets.get(&i.id).and_then(|(p, _)| body.get(*p)).map_or(String::new(), |p| p.number.to_string())).collect();
        drop(doc);
        typst::comemo::evict(0);
    }
    for (index, page) in book.indexes.iter().zip(index_pages) {
        contents.push(Entry {
            part: usize::MAX,
            entry: ContentsEntry { level: 1, number: None, title: vec![notes_doc::Inline::text(index.title.clone())], id: index.id.clone(), page },
        });
    }

    // The front matter, with the contents the pieces measured.
    let chunk = Chunk::Front { contents: contents.into_iter().map(|e| e.entry).collect() };
    let (front, world) = piece(book, config, assets, &chunk, &[], "front", formulas, diagnostics)?;
    let mut pages: Vec<Page> = front.pages().to_vec();
    if two_sided && pages.len() % 2 == 1 {
        if let Some(blank) = pages.last().map(|last| blank_like(last, last.number + 1)) {
            pages.push(blank);
        }
    }
    for (_, (page, _)) in targets.iter_mut() {
        *page += pages.len();
    }
    collect_targets(&front, 0, &mut targets);
    let info = front.info().clone();
    drop(front);
    pages.extend(body);

    // Links by name, pointed at their targets, and described as Typst
    // describes a link to a place ("Section 1.2", else "Page 7") for
    // readers that speak the links.
    let numbers = heading_numbers(book);
    let targets: HashMap<&str, Target> = targets
        .iter()
        .map(|(id, (page, location))| {
            let alt = match numbers.get(id.as_str()) {
                Some(number) => format!("Section {number}"),
                None => format!("Page {}", pages.get(*page).map_or(0, |p| p.number)),
            };
            (id.as_str(), Target { location: *location, alt: alt.into() })
        })
        .collect();
    let mut unresolved = BTreeSet::new();
    for page in &mut pages {
        if has_named_link(&page.frame) {
            point_links(&mut page.frame, &targets, &mut unresolved);
        }
    }
    for id in unresolved {
        diagnostics.push(Diagnostic::warning("typst", format!("a link to {id:?} found no target when the pieces of the book were joined; it goes nowhere")));
    }
    Ok((PagedDocument::new(pages.into_iter().collect(), info), world))
}

/// Lays out one piece: `parts`, as `chunk` says.
fn piece(
    book: &Book,
    config: &Config,
    assets: &Assets,
    chunk: &Chunk,
    parts: &[Part],
    name: &str,
    formulas: &Formulas,
    diagnostics: &mut Diagnostics,
) -> Result<(PagedDocument, BookWorld), PdfError> {
    let data = serialize_piece(book, config, DocumentKind::Book, Some(chunk), parts, formulas)?;
    let world = world_with_data(data, assets).with_held_images(book).for_piece(name);
    let (output, warnings) = layout(&world);
    for w in warnings {
        diagnostics.push(Diagnostic::warning("typst", w));
    }
    Ok((output.map_err(PdfError::Typst)?, world))
}

/// Calls `f` on the anchor of every place of index entries, sub-entries included.
fn for_each_place(terms: &[notes_doc::IndexTerm], f: &mut dyn FnMut(&str)) {
    for term in terms {
        for place in &term.places {
            f(&place.anchor);
        }
        for_each_place(&term.sub, f);
    }
}

/// Records where every label of `doc` is, its pages counted from `offset`.
fn collect_targets(doc: &PagedDocument, offset: usize, targets: &mut HashMap<String, (usize, Location)>) {
    let intro = doc.introspector();
    for content in intro.query_labelled() {
        let (Some(label), Some(loc)) = (content.label(), content.location()) else { continue };
        let Some(page) = intro.page(loc) else { continue };
        targets.entry(label.resolve().to_string()).or_insert((offset + page.get() - 1, loc));
    }
}

/// An empty page after `last`, numbered `number`: the left-hand page left
/// blank before an event that opens on a right-hand page.
fn blank_like(last: &Page, number: u64) -> Page {
    Page { frame: Frame::hard(last.frame.size()), number, ..last.clone() }
}

/// The numbers of the book's numbered headings, by id.
fn heading_numbers(book: &Book) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for_each_heading(book, &mut |_, _, number, _, id| {
        if let Some(number) = number {
            out.insert(id, number.as_str());
        }
    });
    out
}

const NAMED: &str = "notes-xref:";

/// Where a link by name goes.
struct Target {
    location: Location,
    alt: ecow::EcoString,
}

/// The id a link by name points at, from its URL or its description.
fn named(url: &str) -> Option<&str> {
    url.strip_prefix(NAMED)
}

fn named_marker(item: &FrameItem) -> bool {
    match item {
        FrameItem::Link(Destination::Url(url), _) => named(url).is_some(),
        FrameItem::Tag(Tag::Start(content, _)) => content.to_packed::<LinkMarker>().is_some_and(|m| m.alt.as_deref().and_then(named).is_some()),
        FrameItem::Group(group) => has_named_link(&group.frame),
        _ => false,
    }
}

fn has_named_link(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| named_marker(item))
}

fn point_links(frame: &mut Frame, targets: &HashMap<&str, Target>, unresolved: &mut BTreeSet<String>) {
    frame.retain(|item| {
        match item {
            FrameItem::Link(dest, _) => {
                if let Destination::Url(url) = dest
                    && let Some(id) = named(url)
                {
                    match targets.get(id) {
                        Some(target) => *dest = Destination::Location(target.location),
                        None => {
                            unresolved.insert(id.to_string());
                            return false;
                        }
                    }
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(marker) = content.to_packed_mut::<LinkMarker>()
                    && let Some(id) = marker.alt.as_deref().and_then(named)
                {
                    marker.alt = targets.get(id).map(|t| t.alt.clone());
                }
            }
            FrameItem::Group(group) if has_named_link(&group.frame) => point_links(&mut group.frame, targets, unresolved),
            _ => {}
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text_bytes: usize) -> Part {
        let text = "x".repeat(text_bytes);
        Part {
            id: String::new(),
            title: vec![],
            number: None,
            source: None,
            blocks: vec![Block::Paragraph { content: vec![Inline::text(&text)], pos: Default::default() }],
            chapters: vec![],
            pos: Default::default(),
        }
    }

    #[test]
    fn small_books_are_one_piece() {
        let book = Book { parts: vec![part(100), part(100)], ..Default::default() };
        assert_eq!(plan(&book, 1000), None);
        let one = Book { parts: vec![part(5000)], ..Default::default() };
        assert_eq!(plan(&one, 1000), None, "a single event is never cut");
    }

    #[test]
    fn big_books_are_cut_at_events_into_even_pieces() {
        let book = Book { parts: (0..10).map(|_| part(999)).collect(), ..Default::default() };
        let ranges = plan(&book, 3000).unwrap();
        // 10,000 bytes in pieces of at most about 3,000: four pieces.
        assert_eq!(ranges, vec![0..3, 3..6, 6..9, 9..10]);
        let covered: Vec<usize> = ranges.iter().flat_map(|r| r.clone()).collect();
        assert_eq!(covered, (0..10).collect::<Vec<_>>());
    }
}
