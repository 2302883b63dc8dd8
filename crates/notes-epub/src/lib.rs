//! `notes-epub`: the EPUB backend. The finished book as an EPUB 3 file
//! (with an EPUB 2 `toc.ncx` for older reading systems).
//!
//! This file decides what the book's files are: the cover, the title page,
//! the contents (the navigation document), the front matter, one page per
//! event and per talk, the stylesheets, images and fonts; where every
//! anchor of the tree lands (file and XML id); and the navigation, nested
//! like the PDF's contents. `xhtml` writes the pages, `package` the OPF,
//! navigation, NCX and ZIP, `highlight` the code, `resources` images and
//! fonts. It reads the tree only (`&Book`), loads files only through
//! `Assets` (the cover included: when the configuration names none, the
//! driver has the title page drawn for it), never calls another backend, and
//! returns bytes: the same sources give the same bytes.

mod highlight;
mod mathml;
mod package;
mod resources;
mod xhtml;
mod xml;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use notes_backend::{Backend, BackendError, Job, Made, Needs, Output};
use notes_doc::dates::parse_date;
use notes_doc::words::Words;
use notes_doc::{Block, Book, Image, Inline, block_inlines, child_inlines, walk_blocks};
use notes_project::assets::Assets;
use notes_project::config::Config;
use notes_project::images::{ImageFormat, check_svg};
use rayon::prelude::*;

use highlight::Highlighter;
use package::{Landmark, Metadata, NavEntry, Resource};
use xhtml::PageContent;

/// The generated stylesheet with the fonts, relative to the pages.
const FONTS_CSS: &str = "css/fonts.css";
/// The book's stylesheet (`styles/epub.css` or the built-in one).
const BOOK_CSS: &str = "css/book.css";
const XHTML: &str = "application/xhtml+xml";
/// The width of the cover drawn from the title page, in pixels.
pub const COVER_WIDTH: u32 = 1200;
/// The built-in EPUB stylesheet (a copy of `styles/epub.css`), used when
/// the project has none of its own.
pub const BUILTIN_CSS: &str = include_str!("../../../styles/epub.css");

/// Why the EPUB could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("there is no cover image (the driver draws one when the configuration names none)")]
    NoCover,
    #[error("the cover image {name} {reason}")]
    CoverImage { name: String, reason: String },
    #[error("{0}")]
    Image(String),
    #[error("cannot write the EPUB: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the EPUB archive: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Where an anchor of the tree is in the EPUB.
pub(crate) struct Place {
    /// Index in [`Layout::pages`].
    pub page: usize,
    /// Its `id` attribute: an XML name, unique in the book.
    pub id: String,
}

/// One XHTML file of the book's text.
pub(crate) struct Page<'a> {
    /// File name, next to the package document (`talk-1-2.xhtml`).
    pub name: String,
    /// Manifest id (`talk-1-2`).
    pub id: String,
    pub content: PageContent<'a>,
}

/// An image of the text, packed once however often it is used.
pub(crate) struct ImageFile {
    pub href: String,
    pub id: String,
    pub format: ImageFormat,
    pub data: Vec<u8>,
}

/// The book's files and where everything is in them: what the pages need
/// to write links, images and anchors.
pub(crate) struct Layout<'a> {
    pub title: String,
    pub language: String,
    pub words: &'static Words,
    pub highlight: bool,
    /// The text's pages in reading order: front matter, then each event
    /// followed by its talks.
    pub pages: Vec<Page<'a>>,
    /// Anchor of the tree → its place.
    pub anchors: HashMap<&'a str, Place>,
    /// Image `src` → index in `image_files`.
    pub images: HashMap<&'a str, usize>,
    pub image_files: Vec<ImageFile>,
    /// Whether some image of the text has no description.
    pub undescribed_images: bool,
    /// Anchor of an index's place → the numbered title of the talk (or
    /// event) it is in: what an index's link reads.
    pub place_labels: HashMap<&'a str, String>,
}

impl<'a> Layout<'a> {
    /// Lays out the book: pages, anchors and images (read once each).
    pub fn new(book: &'a Book, config: &Config, assets: &Assets) -> Result<Layout<'a>, EpubError> {
        let mut pages = Vec::with_capacity(1 + book.parts.iter().map(|p| 1 + p.chapters.len()).sum::<usize>());
        if !book.front.is_empty() {
            pages.push(Page { name: "front.xhtml".into(), id: "front".into(), content: PageContent::Front(&book.front) });
        }
        for (p, part) in book.parts.iter().enumerate() {
            let id = format!("part-{}", p + 1);
            pages.push(Page { name: format!("{id}.xhtml"), id, content: PageContent::Part(part) });
            for (c, chapter) in part.chapters.iter().enumerate() {
                let id = format!("talk-{}-{}", p + 1, c + 1);
                pages.push(Page { name: format!("{id}.xhtml"), id, content: PageContent::Talk(chapter) });
            }
        }
        for (n, index) in book.indexes.iter().enumerate() {
            let id = format!("index-{}", n + 1);
            pages.push(Page { name: format!("{id}.xhtml"), id, content: PageContent::Index(index) });
        }
        let mut survey = Survey::default();
        for (index, page) in pages.iter().enumerate() {
            match &page.content {
                PageContent::Front(blocks) => survey.blocks(blocks, index),
                PageContent::Part(part) => {
                    survey.anchor(&part.id, index);
                    survey.inlines(&part.title, index);
                    survey.blocks(&part.blocks, index);
                }
                PageContent::Talk(chapter) => {
                    survey.anchor(&chapter.id, index);
                    survey.inlines(&chapter.title, index);
                    survey.blocks(&chapter.blocks, index);
                    for note in &chapter.footnotes {
                        survey.anchor(&note.id, index);
                        survey.blocks(&note.blocks, index);
                    }
                }
                PageContent::Index(book_index) => survey.anchor(&book_index.id, index),
            }
        }
        // What an index's link to a place reads: the talk (or event) it is in.
        let mut place_labels = HashMap::new();
        for (anchor, place) in &survey.anchors {
            let label = match pages.get(place.page).map(|p| &p.content) {
                Some(PageContent::Talk(c)) => xhtml::numbered(c.number.as_deref(), &xhtml::title_text(&c.title)),
                Some(PageContent::Part(p)) => xhtml::numbered(p.number.as_deref(), &xhtml::title_text(&p.title)),
                _ => continue,
            };
            place_labels.insert(*anchor, label);
        }
        let mut image_files = Vec::with_capacity(survey.image_order.len());
        for (n, image) in survey.image_order.iter().enumerate() {
            image_files.push(read_image(assets, image, n + 1)?);
        }
        Ok(Layout {
            title: present(&book.meta.title).unwrap_or(Words::of(&book.meta.language).untitled).to_string(),
            language: language_tag(&book.meta.language),
            words: Words::of(&book.meta.language),
            highlight: config.highlight,
            pages,
            anchors: survey.anchors,
            images: survey.images,
            image_files,
            undescribed_images: survey.undescribed_images,
            place_labels,
        })
    }
}

/// Walks the tree once to place anchors and find images.
#[derive(Default)]
struct Survey<'a> {
    anchors: HashMap<&'a str, Place>,
    used_ids: HashSet<String>,
    images: HashMap<&'a str, usize>,
    /// Each image once: its `src`, and its own bytes when it has them.
    image_order: Vec<&'a Image>,
    undescribed_images: bool,
}

impl<'a> Survey<'a> {
    /// Places an anchor on a page, the first time it is seen.
    fn anchor(&mut self, anchor: &'a str, page: usize) {
        if anchor.is_empty() || self.anchors.contains_key(anchor) {
            return;
        }
        let base = xml::xml_id(anchor);
        let mut id = base.to_string();
        let mut n = 1;
        while self.used_ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used_ids.insert(id.clone());
        self.anchors.insert(anchor, Place { page, id });
    }

    fn image(&mut self, image: &'a Image) {
        if image.alt.trim().is_empty() {
            self.undescribed_images = true;
        }
        if !self.images.contains_key(image.src.as_str()) {
            self.images.insert(&image.src, self.image_order.len());
            self.image_order.push(image);
        }
    }

    fn blocks(&mut self, blocks: &'a [Block], page: usize) {
        walk_blocks(blocks, &mut |block| {
            match block {
                Block::Heading { id, .. } | Block::Anchor { id, .. } | Block::Index { id, .. } | Block::Math { id, .. } => self.anchor(id, page),
                Block::Figure { image, .. } => self.image(image),
                _ => {}
            }
            for inlines in block_inlines(block) {
                self.inlines(inlines, page);
            }
        });
    }

    fn inlines(&mut self, inlines: &'a [Inline], page: usize) {
        for inline in inlines {
            match inline {
                Inline::Anchor { id } | Inline::Index { id, .. } => self.anchor(id, page),
                Inline::Image { image } => self.image(image),
                _ => {}
            }
            if let Some(children) = child_inlines(inline) {
                self.inlines(children, page);
            }
        }
    }
}

/// Reads an image of the text through the assets (or takes the bytes the
/// note held itself: an SVG's text, a `data:` URL decoded), and types and
/// names it.
fn read_image(assets: &Assets, image: &Image, n: usize) -> Result<ImageFile, EpubError> {
    let src = image.src.as_str();
    let data = match image.held_bytes() {
        Some(held) => held.into_owned(),
        None if image.data.is_some() => return Err(EpubError::Image(format!("the image {src:?} held in the note is not in base64"))),
        None => assets.image(src).map_err(|e| EpubError::Image(e.to_string()))?,
    };
    let format = ImageFormat::of(&data).ok_or_else(|| EpubError::Image(format!("the image {src:?} is not a PNG, JPEG, GIF, WebP or SVG image")))?;
    if format == ImageFormat::Svg {
        check_svg(&data)
            .map_err(|why| EpubError::Image(format!("the SVG image {src:?} {why}; images in an EPUB must hold no scripts and no links to other files")))?;
    }
    let stem = notes_doc::names::file_stem(src);
    Ok(ImageFile {
        href: format!("images/{n:03}-{}.{}", notes_doc::names::ascii_slug(stem, 40, "file"), format.extension()),
        id: format!("image-{n}"),
        format,
        data,
    })
}

/// Non-empty, trimmed.
fn present(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The book's language as a tag, `und` (undetermined) when it is not one.
fn language_tag(language: &str) -> String {
    let tag = language.trim();
    if !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !tag.starts_with('-') { tag.to_string() } else { "und".to_string() }
}

/// The book's identifier: a `urn:uuid:` of a version-5 UUID made from its
/// title, authors and language, so that every build of the same book has
/// the same one.
fn identifier(title: &str, authors: &[String], language: &str) -> String {
    let mut name = Vec::new();
    name.extend_from_slice(title.as_bytes());
    for author in authors {
        name.push(0);
        name.extend_from_slice(author.as_bytes());
    }
    name.push(1);
    name.extend_from_slice(language.as_bytes());
    // The namespace of the identifiers of books made by `notes`.
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://notes.invalid/epub-identifier");
    format!("urn:uuid:{}", uuid::Uuid::new_v5(&namespace, &name))
}

/// The text of a navigation entry: its plain title, or "Untitled" in the
/// book's language (an entry of the navigation must have text).
fn entry_title(title: &[Inline], words: &Words) -> String {
    present(&xhtml::title_text(title)).unwrap_or(words.untitled).to_string()
}

/// The navigation: events, their talks, and the sections of both, to
/// `depth` levels, nested like the PDF's contents.
fn navigation(layout: &Layout, depth: usize) -> Vec<NavEntry> {
    let mut entries: Vec<NavEntry> = Vec::new();
    for page in &layout.pages {
        match &page.content {
            PageContent::Front(_) => {}
            PageContent::Part(part) => {
                let mut entry =
                    NavEntry { number: part.number.clone(), title: entry_title(&part.title, layout.words), href: page.name.clone(), children: Vec::new() };
                section_entries(&part.blocks, 1, depth, page, layout, &mut entry.children);
                entries.push(entry);
            }
            PageContent::Talk(chapter) if depth >= 2 => {
                let mut entry = NavEntry {
                    number: chapter.number.clone(),
                    title: entry_title(&chapter.title, layout.words),
                    href: page.name.clone(),
                    children: Vec::new(),
                };
                section_entries(&chapter.blocks, 2, depth, page, layout, &mut entry.children);
                match entries.last_mut() {
                    Some(part) => part.children.push(entry),
                    None => entries.push(entry),
                }
            }
            PageContent::Talk(_) => {}
            PageContent::Index(index) => {
                entries.push(NavEntry { number: None, title: index.title.clone(), href: page.name.clone(), children: Vec::new() });
            }
        }
    }
    entries
}

/// The headings of a page's blocks, `above` levels below the book, as
/// entries nested by level.
fn section_entries(blocks: &[Block], above: usize, depth: usize, page: &Page, layout: &Layout, out: &mut Vec<NavEntry>) {
    walk_blocks(blocks, &mut |block| {
        let Block::Heading { level, content, id, number, .. } = block else { return };
        let level = usize::from(*level).max(1);
        if above + level > depth {
            return;
        }
        let href = match layout.anchors.get(id.as_str()) {
            Some(place) => format!("{}#{}", page.name, place.id),
            None => page.name.clone(),
        };
        insert_entry(out, level, NavEntry { number: number.clone(), title: entry_title(content, layout.words), href, children: Vec::new() });
    });
}

/// Puts `entry` `level` levels down: under the last entry of each level
/// above it, or as high as there are entries.
fn insert_entry(siblings: &mut Vec<NavEntry>, level: usize, entry: NavEntry) {
    if level > 1
        && let Some(last) = siblings.last_mut()
    {
        return insert_entry(&mut last.children, level - 1, entry);
    }
    siblings.push(entry);
}

/// The cover image: the one named in `notes.toml`, or the title page the
/// driver had drawn.
fn cover_image(assets: &Assets) -> Result<(&[u8], ImageFormat), EpubError> {
    let cover = assets.cover.as_ref().ok_or(EpubError::NoCover)?;
    let bad = |reason: String| EpubError::CoverImage { name: cover.name.clone(), reason };
    let format = ImageFormat::of(&cover.bytes).ok_or_else(|| bad("is not a PNG, JPEG, GIF, WebP or SVG image".into()))?;
    if format == ImageFormat::Svg {
        check_svg(&cover.bytes).map_err(|e| bad(e.0))?;
    }
    Ok((&cover.bytes, format))
}

/// The date of the book for the metadata: the configured one when it is a
/// date, else the day of the build.
fn book_date(book: &Book, build_time: i64) -> String {
    match parse_date(&book.meta.date) {
        Some(date) => notes_doc::dates::iso_date(date),
        None => notes_doc::dates::iso_date(notes_doc::dates::date_of_unix(build_time)),
    }
}

fn xhtml_resource(href: impl Into<String>, id: impl Into<String>, data: Vec<u8>) -> Resource<'static> {
    Resource { href: href.into(), id: id.into(), media_type: XHTML, properties: None, in_spine: true, data: Cow::Owned(data), deflate: true }
}

/// Renders the book as an EPUB 3 file.
pub fn render(book: &Book, config: &Config, assets: &Assets) -> Result<Vec<u8>, EpubError> {
    let mut layout = Layout::new(book, config, assets)?;
    let (cover, cover_format) = cover_image(assets)?;
    // The characters the book shows, its own words included: what its fonts
    // are cut down to.
    let mut chars = notes_doc::book_chars(book);
    let words = layout.words;
    for word in [
        words.contents,
        words.chapter,
        words.release,
        words.cover,
        words.title_page,
        words.start,
        words.untitled,
        words.speakers,
        words.index,
        words.events,
        words.see_also,
        words.see,
    ]
    .into_iter()
    .chain(words.months)
    {
        chars.extend(word.chars());
    }
    chars.extend(notes_doc::AdmonitionKind::ALL.iter().flat_map(|k| words.admonitions.of(*k).chars()));
    chars.extend(" 0123456789.,:;·—–-()[]".chars());
    let fonts = resources::font_files(config, &assets.fonts, &chars);
    let meta = &book.meta;
    let language = layout.language.clone();
    let title = layout.title.clone();

    let mut files: Vec<Resource> = Vec::with_capacity(layout.pages.len() + layout.image_files.len() + fonts.len() + 8);
    let cover_href = format!("images/cover.{}", cover_format.extension());
    files.push(xhtml_resource("cover.xhtml", "cover", xhtml::cover_page(&language, &title, &cover_href)?));
    let title_page = xhtml::TitlePage {
        title: &title,
        subtitle: meta.subtitle.as_deref(),
        release: meta.release.as_deref(),
        authors: &meta.authors,
        date: &layout.words.long_date(&meta.date),
        release_word: layout.words.release,
        publisher: meta.publisher.as_deref(),
    };
    files.push(xhtml_resource("title.xhtml", "title-page", xhtml::title_page(&language, &title_page)?));

    let mut entries = navigation(&layout, usize::from(config.nav_depth()));
    if entries.is_empty() {
        entries.push(NavEntry { number: None, title: title.clone(), href: "title.xhtml".into(), children: Vec::new() });
    }
    let body_start = layout.pages.iter().find(|p| !matches!(p.content, PageContent::Front(_))).or(layout.pages.first());
    let mut landmarks = vec![
        Landmark { kind: "cover", href: "cover.xhtml", label: layout.words.cover },
        Landmark { kind: "titlepage", href: "title.xhtml", label: layout.words.title_page },
        Landmark { kind: "toc", href: "nav.xhtml#toc", label: layout.words.contents },
    ];
    if let Some(page) = body_start {
        landmarks.push(Landmark { kind: "bodymatter", href: &page.name, label: layout.words.start });
    }
    // The general index is the book's "index" landmark.
    if let Some(page) = layout.pages.iter().find(|p| matches!(p.content, PageContent::Index(i) if i.kind == notes_doc::IndexKind::Topics)) {
        landmarks.push(Landmark { kind: "index", href: &page.name, label: layout.words.index });
    }
    let nav = package::nav(&language, &title, &entries, usize::from(config.contents_depth), &landmarks, layout.words.contents)?;
    files.push(Resource { properties: Some("nav"), ..xhtml_resource("nav.xhtml", "nav", nav) });

    // Pages are written on every core (highlighting code is the slow part).
    let written: Vec<_> = layout
        .pages
        .par_iter()
        .enumerate()
        .map_init(Highlighter::default, |highlighter, (index, page)| xhtml::page(&layout, index, page, highlighter))
        .collect();
    for (page, written) in layout.pages.iter().zip(written) {
        let written = written?;
        let properties = written.mathml.then_some("mathml");
        files.push(Resource { properties, ..xhtml_resource(page.name.clone(), page.id.clone(), written.data) });
    }

    let identifier = identifier(&title, &meta.authors, &language);
    let ncx = package::ncx(&identifier, &title, &entries)?;
    files.push(Resource { media_type: "application/x-dtbncx+xml", in_spine: false, ..xhtml_resource("toc.ncx", "ncx", ncx) });
    let css = |href: &str, id: &str, text: Vec<u8>| Resource { media_type: "text/css", in_spine: false, ..xhtml_resource(href, id, text) };
    files.push(css(FONTS_CSS, "css-fonts", resources::fonts_css(config, &fonts).into_bytes()));
    let book_css = assets.css.as_ref().map_or(BUILTIN_CSS, |c| c.text.as_str());
    files.push(css(BOOK_CSS, "css-book", book_css.as_bytes().to_vec()));
    files.push(Resource {
        href: cover_href,
        id: "cover-image".into(),
        media_type: cover_format.media_type(),
        properties: Some("cover-image"),
        in_spine: false,
        deflate: !cover_format.is_compressed(),
        data: Cow::Borrowed(cover),
    });
    let has_images = !layout.image_files.is_empty();
    for image in std::mem::take(&mut layout.image_files) {
        let deflate = !image.format.is_compressed();
        files.push(Resource {
            href: image.href,
            id: image.id,
            media_type: image.format.media_type(),
            properties: None,
            in_spine: false,
            data: Cow::Owned(image.data),
            deflate,
        });
    }
    for (n, font) in fonts.iter().enumerate() {
        files.push(Resource {
            href: font.href.clone(),
            id: format!("font-{}", n + 1),
            media_type: font.media_type,
            properties: None,
            in_spine: false,
            data: Cow::Borrowed(&font.data),
            deflate: true,
        });
    }

    let date = book_date(book, assets.build_time);
    let modified = notes_doc::dates::iso_timestamp(assets.build_time);
    let metadata = Metadata {
        identifier: &identifier,
        title: &title,
        subtitle: meta.subtitle.as_deref(),
        authors: &meta.authors,
        language: &language,
        date: &date,
        publisher: meta.publisher.as_deref(),
        description: meta.description.as_deref(),
        modified: &modified,
        has_images,
        all_images_described: !layout.undescribed_images,
        cover_image_id: "cover-image",
    };
    let opf = package::opf(&metadata, &files)?;
    package::archive(&package::container()?, &opf, &files, assets.build_time)
}

/// The EPUB as an output of `notes`: `<stem>.epub`.
#[derive(Debug, Default)]
pub struct EpubBackend;

impl Backend for EpubBackend {
    fn name(&self) -> &'static str {
        "EPUB"
    }

    fn needs(&self) -> Needs {
        Needs { cover: true }
    }

    fn render(&mut self, job: &Job) -> Result<Made, BackendError> {
        (job.progress)(notes_backend::Progress::Stage("making the EPUB"));
        let started = std::time::Instant::now();
        let bytes = render(job.book, job.config, job.assets).map_err(|e| BackendError::new("EPUB", e))?;
        Ok(Made {
            outputs: vec![Output { path: format!("{}.epub", job.stem).into(), bytes, pages: None }],
            diagnostics: Default::default(),
            timings: vec![("epub", started.elapsed())],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_uuids() {
        let a = identifier("Book", &["Ada".into()], "en");
        assert_eq!(a, identifier("Book", &["Ada".into()], "en"));
        assert_ne!(a, identifier("Book", &["Ada".into()], "fr"));
        assert_ne!(a, identifier("Book", &["Ad".into(), "a".into()], "en"));
        assert_ne!(identifier("ab", &["c".into()], "en"), identifier("a", &["bc".into()], "en"));
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<&str> = uuid.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(groups[2].starts_with('5'), "{uuid}");
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{uuid}");
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn languages_are_tags() {
        assert_eq!(language_tag("pt-BR"), "pt-BR");
        assert_eq!(language_tag(" en "), "en");
        assert_eq!(language_tag(""), "und");
        assert_eq!(language_tag("e\"n"), "und");
    }

    #[test]
    fn anchors_get_unique_xml_ids() {
        let mut survey = Survey::default();
        survey.anchor("intro", 0);
        survey.anchor("1-intro", 0);
        survey.anchor("id-1-intro", 1);
        survey.anchor("intro", 2);
        survey.anchor("", 2);
        assert_eq!(survey.anchors["intro"].id, "intro");
        assert_eq!(survey.anchors["intro"].page, 0);
        assert_eq!(survey.anchors["1-intro"].id, "id-1-intro");
        assert_eq!(survey.anchors["id-1-intro"].id, "id-1-intro-2");
        assert_eq!(survey.anchors.len(), 3);
    }

    #[test]
    fn entries_nest_by_level() {
        let entry = |t: &str| NavEntry { number: None, title: t.into(), href: String::new(), children: Vec::new() };
        let mut out = Vec::new();
        insert_entry(&mut out, 2, entry("orphan"));
        insert_entry(&mut out, 1, entry("a"));
        insert_entry(&mut out, 2, entry("a.1"));
        insert_entry(&mut out, 3, entry("a.1.1"));
        insert_entry(&mut out, 1, entry("b"));
        let titles: Vec<&str> = out.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["orphan", "a", "b"]);
        assert_eq!(out[1].children[0].title, "a.1");
        assert_eq!(out[1].children[0].children[0].title, "a.1.1");
    }
}
