//! The document tree as XHTML content documents: the cover, the title page,
//! the front matter, one page per event and one per talk, with the talk's
//! footnotes as EPUB 3 notes at its end.
//!
//! Every element is written through the escaping [`Xml`] writer: note text
//! is only ever text or an escaped attribute value. Nothing active comes
//! from the notes: raw blocks are left out, links are `<a href>` only for
//! the schemes normalization allows (checked again here), images only ever
//! point at files packed in the book. This module decides markup, not
//! looks (that is the stylesheet's job) nor which files exist (that is
//! `lib.rs`).

use std::collections::{HashMap, HashSet};

use notes_doc::{
    AdmonitionKind, Align, Block, BookIndex, Chapter, Definition, Footnote, Image, IndexTerm, Inline, ListItem, NumberStyle, Part, Row, TalkMeta, Target,
    plain_text,
};

use super::highlight::Highlighter;
use super::xml::{EPUB_NS, XHTML_NS, Xml};
use super::{BOOK_CSS, FONTS_CSS, Layout, Page, present};

/// Starts an XHTML content document: doctype, `<html>`, the head with the
/// title and the two stylesheets, and an open `<body>`.
pub fn begin(xml: &mut Xml, language: &str, title: &str, body_type: &str) {
    xml.doctype_html();
    xml.open("html", &[("xmlns", XHTML_NS), ("xmlns:epub", EPUB_NS), ("lang", language), ("xml:lang", language)]);
    xml.newline();
    xml.open("head", &[]);
    xml.newline();
    xml.element("title", &[], present(title).unwrap_or("Untitled"));
    xml.newline();
    for css in [FONTS_CSS, BOOK_CSS] {
        xml.void("link", &[("rel", "stylesheet"), ("type", "text/css"), ("href", css)]);
        xml.newline();
    }
    xml.close_line();
    xml.open("body", &[("epub:type", body_type)]);
    xml.newline();
}

/// The plain text of a title, its formulas as one line of Unicode text
/// (`E = mc²`) rather than LaTeX: for the navigation and a page's `<title>`,
/// which hold only text.
pub fn title_text(title: &[Inline]) -> String {
    let mut title = title.to_vec();
    notes_doc::walk_inlines_in(&mut title, &mut |seq| {
        for inline in seq.iter_mut() {
            if let Inline::Math { tex, .. } = inline
                && let Ok(formula) = notes_math::Formula::parse(tex, false)
            {
                *inline = Inline::text(formula.to_text());
            }
        }
    });
    plain_text(&title)
}

/// `text`, or `number text` when there is a number: how titles read in
/// `<title>`, the navigation and the NCX.
pub fn numbered(number: Option<&str>, text: &str) -> String {
    match number {
        Some(n) if !n.is_empty() => format!("{n} {text}"),
        _ => text.to_string(),
    }
}

/// What one page of the book holds.
pub enum PageContent<'a> {
    /// The unnumbered text that opens the book.
    Front(&'a [Block]),
    /// An event: its title and its own text.
    Part(&'a Part),
    /// A talk, with its footnotes.
    Talk(&'a Chapter),
    /// An index at the back of the book.
    Index(&'a BookIndex),
}

/// A page written: its bytes, and whether it holds MathML (its manifest
/// item must then say `properties="mathml"`).
pub struct PageFile {
    pub data: Vec<u8>,
    pub mathml: bool,
}

/// Writes one page of the book's text: `page`, which is `layout.pages[index]`.
pub fn page(layout: &Layout, index: usize, page: &Page, highlighter: &mut Highlighter) -> Result<PageFile, std::io::Error> {
    let mut w = PageWriter::new(layout, index, highlighter);
    let language = layout.language.as_str();
    match &page.content {
        PageContent::Front(blocks) => {
            begin(&mut w.xml, language, &layout.title, "frontmatter");
            w.xml.open("section", &[("class", "front")]);
            w.xml.newline();
            w.blocks(blocks, 1);
            w.xml.close_line();
        }
        PageContent::Part(part) => {
            let title = numbered(part.number.as_deref(), &title_text(&part.title));
            begin(&mut w.xml, language, &title, "bodymatter");
            w.xml.open("section", &[("epub:type", "part"), ("role", "doc-part"), ("class", "part")]);
            w.xml.newline();
            w.title("part-title", &part.id, part.number.as_deref(), &part.title);
            w.blocks(&part.blocks, 1);
            w.xml.close_line();
        }
        PageContent::Talk(chapter) => {
            let title = numbered(chapter.number.as_deref(), &title_text(&chapter.title));
            begin(&mut w.xml, language, &title, "bodymatter");
            w.notes = &chapter.footnotes;
            w.note_index = chapter.footnotes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
            w.first_ref = vec![None; chapter.footnotes.len()];
            w.xml.open("section", &[("epub:type", "chapter"), ("role", "doc-chapter"), ("class", "talk")]);
            w.xml.newline();
            w.title("talk-title", &chapter.id, chapter.number.as_deref(), &chapter.title);
            w.talk_head(&chapter.meta);
            w.blocks(&chapter.blocks, 1);
            w.xml.close_line();
            w.footnotes();
        }
        PageContent::Index(index) => {
            begin(&mut w.xml, language, &index.title, "backmatter");
            w.xml.open("section", &[("epub:type", "index"), ("role", "doc-index"), ("class", "index")]);
            w.xml.newline();
            let id = w.id_here(&index.id);
            w.xml.element("h1", &id.map(|id| vec![("id", id)]).unwrap_or_default(), &index.title);
            w.xml.newline();
            let mut group: Option<&str> = None;
            for entry in &index.entries {
                if group != Some(entry.group.as_str()) && !entry.group.is_empty() {
                    if group.is_some() {
                        w.xml.close_line();
                    }
                    group = Some(&entry.group);
                    w.xml.element("h2", &[("class", "index-group")], &entry.group);
                    w.xml.newline();
                    w.xml.open("ul", &[("class", "index-entries")]);
                    w.xml.newline();
                } else if group.is_none() {
                    group = Some("");
                    w.xml.open("ul", &[("class", "index-entries")]);
                    w.xml.newline();
                }
                w.index_term(entry);
            }
            if group.is_some() {
                w.xml.close_line();
            }
            w.xml.close_line();
        }
    }
    let mathml = w.mathml;
    Ok(PageFile { data: w.xml.finish()?, mathml })
}

/// The cover page: the cover image, full page.
pub fn cover_page(language: &str, title: &str, image_href: &str) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(1024);
    begin(&mut xml, language, title, "cover");
    xml.open("section", &[("epub:type", "cover"), ("class", "cover")]);
    xml.void("img", &[("role", "doc-cover"), ("src", image_href), ("alt", &format!("Cover: {title}"))]);
    xml.close_line();
    xml.finish()
}

/// What the title page shows.
pub struct TitlePage<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub release: Option<&'a str>,
    pub authors: &'a [String],
    /// The date, long form ("November 12, 2016").
    pub date: &'a str,
    /// The word before the release ("Release").
    pub release_word: &'a str,
    pub publisher: Option<&'a str>,
}

/// The title page, like the PDF's: title, subtitle, release, authors, date.
pub fn title_page(language: &str, t: &TitlePage) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(2048);
    begin(&mut xml, language, t.title, "frontmatter");
    xml.open("section", &[("epub:type", "titlepage"), ("class", "title-page")]);
    xml.newline();
    xml.element("h1", &[("class", "title")], t.title);
    xml.newline();
    if let Some(subtitle) = t.subtitle.and_then(present) {
        xml.element("p", &[("class", "subtitle")], subtitle);
        xml.newline();
    }
    if let Some(release) = t.release.and_then(present) {
        xml.element("p", &[("class", "release")], &format!("{} {release}", t.release_word));
        xml.newline();
    }
    let authors: Vec<&str> = t.authors.iter().filter_map(|a| present(a)).collect();
    if !authors.is_empty() {
        xml.element("p", &[("class", "authors")], &authors.join(", "));
        xml.newline();
    }
    if let Some(date) = present(t.date) {
        xml.element("p", &[("class", "date")], date);
        xml.newline();
    }
    if let Some(publisher) = t.publisher.and_then(present) {
        xml.element("p", &[("class", "publisher")], publisher);
        xml.newline();
    }
    xml.close_line();
    xml.finish()
}

/// `h1` … `h6`: deeper levels stay `h6`.
fn heading_tag(level: usize) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// The class an admonition of `kind` gets besides `admonition`.
fn admonition_class(kind: AdmonitionKind) -> &'static str {
    match kind {
        AdmonitionKind::Note => "admonition note",
        AdmonitionKind::Warning => "admonition warning",
        AdmonitionKind::Tip => "admonition tip",
        AdmonitionKind::Important => "admonition important",
        AdmonitionKind::Caution => "admonition caution",
        AdmonitionKind::Danger => "admonition danger",
        AdmonitionKind::Hint => "admonition hint",
        AdmonitionKind::Attention => "admonition attention",
        AdmonitionKind::Error => "admonition error",
        AdmonitionKind::Generic => "admonition generic",
        AdmonitionKind::SeeAlso => "admonition see-also",
        AdmonitionKind::VersionAdded => "admonition version-added",
        AdmonitionKind::VersionChanged => "admonition version-changed",
        AdmonitionKind::Deprecated => "admonition deprecated",
        AdmonitionKind::Topic => "admonition topic",
        AdmonitionKind::Sidebar => "admonition sidebar",
        AdmonitionKind::Epigraph => "epigraph",
        AdmonitionKind::Abstract => "admonition abstract",
        AdmonitionKind::Info => "admonition info",
        AdmonitionKind::Todo => "admonition todo",
        AdmonitionKind::Success => "admonition success",
        AdmonitionKind::Question => "admonition question",
        AdmonitionKind::Failure => "admonition failure",
        AdmonitionKind::Bug => "admonition bug",
        AdmonitionKind::Example => "admonition example",
        AdmonitionKind::Quote => "admonition quote",
    }
}

fn align_class(align: Align) -> Option<&'static str> {
    match align {
        Align::Default => None,
        Align::Left => Some("left"),
        Align::Center => Some("center"),
        Align::Right => Some("right"),
    }
}

/// The HTML `type` of an ordered list and its class (for CSS).
fn list_type(style: NumberStyle) -> (&'static str, &'static str) {
    match style {
        NumberStyle::Decimal => ("1", "decimal"),
        NumberStyle::LowerAlpha => ("a", "lower-alpha"),
        NumberStyle::UpperAlpha => ("A", "upper-alpha"),
        NumberStyle::LowerRoman => ("i", "lower-roman"),
        NumberStyle::UpperRoman => ("I", "upper-roman"),
    }
}

/// A width written as a percentage (`50%`) as a CSS declaration; other
/// units are left to the stylesheet (a fixed width does not fit a phone).
fn percent_width(width: &str) -> Option<String> {
    let n: f64 = width.trim().strip_suffix('%')?.trim().parse().ok()?;
    (n > 0.0 && n <= 100.0).then(|| format!("width: {n}%"))
}

/// Writes the body of one page.
struct PageWriter<'a, 'h> {
    xml: Xml,
    layout: &'a Layout<'a>,
    /// The index of this page in `layout.pages`.
    page: usize,
    highlighter: &'h mut Highlighter,
    /// The talk's footnotes, and where each id is among them.
    notes: &'a [Footnote],
    note_index: HashMap<&'a str, usize>,
    /// The id of the first reference to each note, for its back link.
    first_ref: Vec<Option<String>>,
    refs: usize,
    /// Ids written on this page (an id is written once, even if the tree
    /// were to hold it twice).
    written_ids: HashSet<&'a str>,
    /// Inside `<a>`: links and note references are written as their text.
    in_link: bool,
    /// Whether a formula was written as MathML.
    mathml: bool,
}

impl<'a, 'h> PageWriter<'a, 'h> {
    fn new(layout: &'a Layout<'a>, page: usize, highlighter: &'h mut Highlighter) -> Self {
        PageWriter {
            xml: Xml::new(16 * 1024),
            layout,
            page,
            highlighter,
            notes: &[],
            note_index: HashMap::new(),
            first_ref: Vec::new(),
            refs: 0,
            written_ids: HashSet::new(),
            in_link: false,
            mathml: false,
        }
    }

    /// The XML id of an anchor on this page, the first time it is written.
    fn id_here(&mut self, anchor: &'a str) -> Option<&'a str> {
        let place = self.layout.anchors.get(anchor)?;
        (place.page == self.page && self.written_ids.insert(anchor)).then_some(place.id.as_str())
    }

    /// An `href` to an anchor of the book, from this page.
    fn internal_href(&self, anchor: &str) -> Option<String> {
        let place = self.layout.anchors.get(anchor)?;
        let page = self.layout.pages.get(place.page)?;
        Some(if place.page == self.page { format!("#{}", place.id) } else { format!("{}#{}", page.name, place.id) })
    }

    /// The title of a part or talk: `<h1>` with its anchor and number.
    fn title(&mut self, class: &'static str, anchor: &'a str, number: Option<&str>, title: &'a [Inline]) {
        let id = self.id_here(anchor);
        let mut attributes = vec![("class", class)];
        if let Some(id) = id {
            attributes.push(("id", id));
        }
        self.xml.open("h1", &attributes);
        self.number(number);
        self.xml.open("span", &[("class", "title")]);
        self.inlines(title);
        self.xml.close();
        self.xml.close_line();
    }

    /// A section number before a title, as the PDF prints it.
    fn number(&mut self, number: Option<&str>) {
        if let Some(number) = number.filter(|n| !n.is_empty()) {
            self.xml.element("span", &[("class", "number")], number);
            self.xml.text(" ");
        }
    }

    fn blocks(&mut self, blocks: &'a [Block], base: usize) {
        for block in blocks {
            self.block(block, base);
        }
    }

    /// The blocks of a list item, table cell or definition: a single
    /// paragraph (or every paragraph of a tight list) without `<p>`.
    fn compact_blocks(&mut self, blocks: &'a [Block], base: usize, tight: bool) {
        match blocks {
            [Block::Paragraph { content, .. }] => self.inlines(content),
            _ if tight => {
                for block in blocks {
                    match block {
                        Block::Paragraph { content, .. } => self.inlines(content),
                        other => self.block(other, base),
                    }
                }
            }
            _ => self.blocks(blocks, base),
        }
    }

    /// One block. `base` is added to heading levels (1: a level-1 section
    /// is an `<h2>` under the page's `<h1>`).
    fn block(&mut self, block: &'a Block, base: usize) {
        match block {
            Block::Heading { level, content, id, number, .. } => {
                let tag = heading_tag(base + *level as usize);
                let xml_id = self.id_here(id);
                match xml_id {
                    Some(xml_id) => self.xml.open(tag, &[("id", xml_id)]),
                    None => self.xml.open(tag, &[]),
                }
                self.number(number.as_deref());
                self.inlines(content);
                self.xml.close_line();
            }
            Block::Paragraph { content, .. } => {
                self.xml.open("p", &[]);
                self.inlines(content);
                self.xml.close_line();
            }
            Block::List { ordered, items, tight, .. } => self.list(ordered.as_ref().map(|o| (o.start, o.style)), items, *tight, base),
            Block::DefinitionList { items, .. } => self.definitions(items, base),
            Block::Code { language, text, line_numbers, .. } => {
                let class = if *line_numbers { "code numbered" } else { "code" };
                match language.as_deref().filter(|l| !l.trim().is_empty()) {
                    Some(lang) => self.xml.open("pre", &[("class", class), ("data-language", lang)]),
                    None => self.xml.open("pre", &[("class", class)]),
                }
                self.xml.open("code", &[]);
                self.highlighter.write(&mut self.xml, text, language.as_deref(), self.layout.highlight, *line_numbers);
                self.xml.close();
                self.xml.close_line();
            }
            Block::Quote { blocks, attribution, .. } => match attribution.as_deref().filter(|a| !a.is_empty()) {
                Some(attribution) => {
                    self.xml.open("figure", &[("class", "quote")]);
                    self.xml.open("blockquote", &[]);
                    self.xml.newline();
                    self.blocks(blocks, base);
                    self.xml.close_line();
                    self.xml.open("figcaption", &[("class", "attribution")]);
                    self.xml.text("— ");
                    self.inlines(attribution);
                    self.xml.close();
                    self.xml.close_line();
                }
                None => {
                    self.xml.open("blockquote", &[]);
                    self.xml.newline();
                    self.blocks(blocks, base);
                    self.xml.close_line();
                }
            },
            Block::Indent { blocks, .. } => {
                self.xml.open("div", &[("class", "indent")]);
                self.xml.newline();
                self.blocks(blocks, base);
                self.xml.close_line();
            }
            // Replaced by normalization; nothing to write if one is left.
            Block::Embed { .. } => {}
            Block::LineBlock { lines, .. } => {
                self.xml.open("div", &[("class", "line-block")]);
                for line in lines {
                    if line.indent > 0 {
                        let style = format!("margin-left: {}em", f64::from(line.indent.min(20)) * 1.5);
                        self.xml.open("div", &[("class", "line"), ("style", &style)]);
                    } else {
                        self.xml.open("div", &[("class", "line")]);
                    }
                    if line.content.is_empty() {
                        self.xml.void("br", &[]);
                    }
                    self.inlines(&line.content);
                    self.xml.close();
                }
                self.xml.close_line();
            }
            Block::Table { caption, columns, header, rows, .. } => self.table(caption.as_deref(), columns, header, rows, base),
            Block::Figure { image, caption, legend, .. } => {
                self.xml.open("figure", &[("class", "figure")]);
                self.image(image, "figure-image", true);
                if !caption.is_empty() || !legend.is_empty() {
                    self.xml.open("figcaption", &[]);
                    if !caption.is_empty() {
                        self.xml.open("p", &[("class", "caption")]);
                        self.inlines(caption);
                        self.xml.close();
                    }
                    if !legend.is_empty() {
                        self.xml.open("div", &[("class", "legend")]);
                        self.blocks(legend, base);
                        self.xml.close();
                    }
                    self.xml.close();
                }
                self.xml.close_line();
            }
            Block::Admonition { kind, title, blocks, .. } => {
                self.xml.open("div", &[("class", admonition_class(*kind))]);
                self.xml.newline();
                if !title.is_empty() {
                    self.xml.open("p", &[("class", "admonition-title")]);
                    self.inlines(title);
                    self.xml.close_line();
                } else if !self.layout.words.admonitions.of(*kind).is_empty() {
                    self.xml.element("p", &[("class", "admonition-title")], self.layout.words.admonitions.of(*kind));
                    self.xml.newline();
                }
                self.blocks(blocks, base);
                self.xml.close_line();
            }
            Block::Rubric { content, .. } => {
                self.xml.open("p", &[("class", "rubric")]);
                self.inlines(content);
                self.xml.close_line();
            }
            Block::Rule { .. } => {
                self.xml.void("hr", &[]);
                self.xml.newline();
            }
            Block::Anchor { id, .. } => {
                if let Some(xml_id) = self.id_here(id) {
                    self.xml.open("div", &[("id", xml_id), ("class", "anchor")]);
                    self.xml.close_line();
                }
            }
            // A display formula: its MathML, centred (scrolling when too
            // wide), and its number at the right.
            Block::Math { tex, id, number, .. } => {
                let mut attributes = vec![("class", "equation")];
                if let Some(xml_id) = self.id_here(id) {
                    attributes.push(("id", xml_id));
                }
                self.xml.open("div", &attributes);
                self.xml.open("div", &[("class", "formula")]);
                self.formula(tex, true);
                self.xml.close();
                if let Some(number) = number {
                    self.xml.element("span", &[("class", "equation-number")], &format!("({number})"));
                }
                self.xml.close_line();
            }
            // Index entries show nothing; raw blocks are never passed through.
            Block::Index { id, .. } => {
                if let Some(xml_id) = self.id_here(id) {
                    self.xml.open("div", &[("id", xml_id), ("class", "anchor")]);
                    self.xml.close_line();
                }
            }
            Block::Raw { .. } => {}
        }
    }

    /// One entry of an index: its term, links to its places (named by the
    /// talk or part they are in), its cross-references and sub-entries.
    fn index_term(&mut self, entry: &'a IndexTerm) {
        self.xml.open("li", &[]);
        self.xml.element("span", &[("class", "index-term")], &entry.term);
        for (n, place) in entry.places.iter().enumerate() {
            let Some(href) = self.internal_href(&place.anchor) else { continue };
            self.xml.text(if n == 0 { " " } else { ", " });
            let label = self.layout.place_labels.get(place.anchor.as_str()).cloned().unwrap_or_else(|| (n + 1).to_string());
            let class = if place.main { "index-locator main" } else { "index-locator" };
            self.xml.element("a", &[("class", class), ("href", &href)], &label);
        }
        if !entry.see_instead.is_empty() {
            self.xml.text(if entry.places.is_empty() { " " } else { "; " });
            self.xml.element("em", &[], self.layout.words.see);
            self.xml.text(&format!(" {}", entry.see_instead.join(", ")));
        }
        if !entry.see.is_empty() {
            self.xml.text("; ");
            self.xml.element("em", &[], self.layout.words.see_also);
            self.xml.text(&format!(" {}", entry.see.join(", ")));
        }
        if !entry.sub.is_empty() {
            self.xml.open("ul", &[]);
            for sub in &entry.sub {
                self.index_term(sub);
            }
            self.xml.close();
        }
        self.xml.close_line();
    }

    /// What a talk's note says of it, under its title: its own fields as
    /// written (a reST field list), or else a line of its speakers, date
    /// and place.
    fn talk_head(&mut self, meta: &'a TalkMeta) {
        if !meta.fields.is_empty() {
            self.xml.open("dl", &[("class", "talk-fields")]);
            self.xml.newline();
            for field in &meta.fields {
                self.xml.element("dt", &[], &field.name);
                self.xml.open("dd", &[]);
                self.inlines(&field.value);
                self.xml.close_line();
            }
            self.xml.close_line();
            return;
        }
        let mut parts: Vec<String> = Vec::new();
        if !meta.speakers.is_empty() && !meta.speakers_in_text {
            parts.push(meta.speakers.join(", "));
        }
        if let Some(date) = &meta.date {
            parts.push(self.layout.words.long_date(date));
        }
        if let Some(place) = &meta.place {
            parts.push(place.clone());
        }
        if !parts.is_empty() {
            self.xml.element("p", &[("class", "speakers")], &parts.join(" · "));
            self.xml.newline();
        }
    }

    fn list(&mut self, ordered: Option<(u64, NumberStyle)>, items: &'a [ListItem], tight: bool, base: usize) {
        let tasks = items.iter().any(|i| i.checked.is_some());
        match ordered {
            Some((start, style)) => {
                let (kind, class) = list_type(style);
                let start = start.to_string();
                let mut attributes = vec![("class", class), ("type", kind)];
                if start != "1" {
                    attributes.push(("start", start.as_str()));
                }
                self.xml.open("ol", &attributes);
            }
            None if tasks => self.xml.open("ul", &[("class", "tasks")]),
            None => self.xml.open("ul", &[]),
        }
        self.xml.newline();
        for item in items {
            match item.checked {
                Some(done) => self.xml.open("li", &[("class", if done { "task done" } else { "task" })]),
                None => self.xml.open("li", &[]),
            }
            let blocks = item.blocks.as_slice();
            match (item.checked, blocks.split_first()) {
                // A loose item's first paragraph holds the mark.
                (Some(done), Some((Block::Paragraph { content, .. }, rest))) if !tight => {
                    self.xml.open("p", &[]);
                    self.task_mark(done);
                    self.inlines(content);
                    self.xml.close_line();
                    self.blocks(rest, base);
                }
                (Some(done), _) => {
                    self.task_mark(done);
                    self.item_blocks(blocks, base, tight);
                }
                (None, _) => self.item_blocks(blocks, base, tight),
            }
            self.xml.close_line();
        }
        self.xml.close_line();
    }

    /// The blocks of a list item: paragraphs without `<p>` in a tight list.
    fn item_blocks(&mut self, blocks: &'a [Block], base: usize, tight: bool) {
        if tight {
            self.compact_blocks(blocks, base, true);
        } else {
            self.blocks(blocks, base);
        }
    }

    /// The box before a task-list item: ticked or not, said in words too.
    fn task_mark(&mut self, done: bool) {
        let (mark, label) = if done { ("☑", "done") } else { ("☐", "not done") };
        self.xml.element("span", &[("class", "task-mark"), ("role", "img"), ("aria-label", label)], mark);
        self.xml.text(" ");
    }

    fn definitions(&mut self, items: &'a [Definition], base: usize) {
        self.xml.open("dl", &[]);
        self.xml.newline();
        for item in items {
            self.xml.open("dt", &[]);
            self.inlines(&item.term);
            for classifier in &item.classifiers {
                self.xml.text(" ");
                self.xml.open("span", &[("class", "classifier")]);
                self.inlines(classifier);
                self.xml.close();
            }
            self.xml.close_line();
            if item.definitions.is_empty() {
                self.xml.open("dd", &[]);
                self.xml.close_line();
            }
            for definition in &item.definitions {
                self.xml.open("dd", &[]);
                self.compact_blocks(definition, base, false);
                self.xml.close_line();
            }
        }
        self.xml.close_line();
    }

    fn table(&mut self, caption: Option<&'a [Inline]>, columns: &[Align], header: &'a [Row], rows: &'a [Row], base: usize) {
        self.xml.open("table", &[]);
        self.xml.newline();
        if let Some(caption) = caption.filter(|c| !c.is_empty()) {
            self.xml.open("caption", &[]);
            self.inlines(caption);
            self.xml.close_line();
        }
        // Rows still covered by a cell spanning rows from above, per column.
        let mut covered: Vec<u32> = Vec::new();
        for (section, rows, head) in [("thead", header, true), ("tbody", rows, false)] {
            if rows.is_empty() {
                continue;
            }
            self.xml.open(section, &[]);
            self.xml.newline();
            for row in rows {
                self.row(row, columns, head, base, &mut covered);
            }
            self.xml.close_line();
        }
        self.xml.close_line();
    }

    fn row(&mut self, row: &'a Row, columns: &[Align], head: bool, base: usize, covered: &mut Vec<u32>) {
        self.xml.open("tr", &[]);
        let mut column = 0usize;
        for cell in &row.cells {
            while covered.get(column).is_some_and(|&rows| rows > 0) {
                column += 1;
            }
            // The limits of HTML.
            let colspan = cell.colspan.clamp(1, 1000);
            let rowspan = cell.rowspan.clamp(1, 65_534);
            let (colspan_text, rowspan_text) = (colspan.to_string(), rowspan.to_string());
            let mut attributes: Vec<(&'static str, &str)> = Vec::with_capacity(4);
            if head {
                attributes.push(("scope", if colspan > 1 { "colgroup" } else { "col" }));
            }
            if let Some(class) = columns.get(column).copied().and_then(align_class) {
                attributes.push(("class", class));
            }
            if colspan > 1 {
                attributes.push(("colspan", &colspan_text));
            }
            if rowspan > 1 {
                attributes.push(("rowspan", &rowspan_text));
                let end = column + colspan as usize;
                if covered.len() < end {
                    covered.resize(end, 0);
                }
                for rows in &mut covered[column..end] {
                    *rows = (*rows).max(rowspan);
                }
            }
            self.xml.open(if head { "th" } else { "td" }, &attributes);
            self.compact_blocks(&cell.blocks, base, false);
            self.xml.close();
            column += colspan as usize;
        }
        for rows in covered.iter_mut() {
            *rows = rows.saturating_sub(1);
        }
        self.xml.close_line();
    }

    /// An image packed in the book; its description when it is not.
    fn image(&mut self, image: &Image, class: &'static str, in_figure: bool) {
        let href = self.layout.images.get(image.src.as_str()).and_then(|&i| self.layout.image_files.get(i)).map(|f| f.href.as_str());
        let Some(href) = href else {
            let text = if image.alt.is_empty() { format!("[{}]", image.src) } else { format!("[{}]", image.alt) };
            self.xml.element("span", &[("class", "missing-image")], &text);
            return;
        };
        let style = if in_figure { image.width.as_deref().and_then(percent_width) } else { None };
        let mut attributes = vec![("class", class), ("src", href), ("alt", image.alt.as_str())];
        if let Some(style) = &style {
            attributes.push(("style", style));
        }
        self.xml.void("img", &attributes);
    }

    fn inlines(&mut self, inlines: &'a [Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn wrapped(&mut self, tag: &'static str, content: &'a [Inline]) {
        self.xml.open(tag, &[]);
        self.inlines(content);
        self.xml.close();
    }

    fn inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text { text } => self.xml.text(text),
            Inline::Emph { content } => self.wrapped("em", content),
            Inline::Strong { content } => self.wrapped("strong", content),
            Inline::Strike { content } => self.wrapped("del", content),
            Inline::Sub { content } => self.wrapped("sub", content),
            Inline::Sup { content } => self.wrapped("sup", content),
            Inline::Code { text } => self.xml.element("code", &[], text),
            Inline::Math { tex, .. } => self.formula(tex, false),
            Inline::Link { target, content, .. } => {
                let href = match target {
                    _ if self.in_link => None,
                    Target::Url(url) => notes_doc::urls::href(url),
                    Target::Internal(anchor) => self.internal_href(anchor),
                    Target::Pending(_) => None,
                };
                match href {
                    Some(href) => {
                        let class = if matches!(target, Target::Url(_)) { "external" } else { "internal" };
                        self.xml.open("a", &[("href", &href), ("class", class)]);
                        self.in_link = true;
                        self.inlines(content);
                        self.in_link = false;
                        self.xml.close();
                    }
                    None => self.inlines(content),
                }
            }
            Inline::Image { image } => self.image(image, "inline-image", false),
            Inline::FootnoteRef { id, .. } => self.note_ref(id),
            Inline::LineBreak => self.xml.void("br", &[]),
            Inline::Anchor { id } => {
                if let Some(xml_id) = self.id_here(id) {
                    self.xml.open("span", &[("id", xml_id), ("class", "anchor")]);
                    self.xml.close();
                }
            }
            Inline::Index { id, .. } => {
                if let Some(xml_id) = self.id_here(id) {
                    self.xml.open("span", &[("id", xml_id), ("class", "anchor")]);
                    self.xml.close();
                }
            }
        }
    }

    /// A formula as MathML; if it cannot be (normalization lets no such
    /// formula through), its LaTeX source as code.
    fn formula(&mut self, tex: &str, display: bool) {
        if super::mathml::write(&mut self.xml, tex, display) {
            self.mathml = true;
        } else if display {
            self.xml.open("pre", &[("class", "math")]);
            self.xml.element("code", &[], tex);
            self.xml.close();
        } else {
            self.xml.element("code", &[("class", "math")], tex);
        }
    }

    /// The mark a note is shown with: its number, or a citation's label.
    fn note_mark(&self, index: usize) -> String {
        match self.notes.get(index).and_then(|n| n.label.as_deref()) {
            Some(label) => format!("[{label}]"),
            None => (index + 1).to_string(),
        }
    }

    fn note_ref(&mut self, id: &str) {
        let Some(&index) = self.note_index.get(id) else { return };
        let mark = self.note_mark(index);
        let target = self.layout.anchors.get(id).filter(|p| p.page == self.page);
        let Some(target) = target.filter(|_| !self.in_link) else {
            self.xml.element("sup", &[("class", "noteref")], &mark);
            return;
        };
        self.refs += 1;
        let ref_id = format!("_ref-{}", self.refs);
        let href = format!("#{}", target.id);
        self.xml.open("sup", &[]);
        self.xml.element("a", &[("epub:type", "noteref"), ("role", "doc-noteref"), ("id", &ref_id), ("href", &href), ("class", "noteref")], &mark);
        self.xml.close();
        if let Some(first) = self.first_ref.get_mut(index)
            && first.is_none()
        {
            *first = Some(ref_id);
        }
    }

    /// The talk's notes, as EPUB 3 footnotes after its text.
    fn footnotes(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        self.xml.open("section", &[("class", "footnotes")]);
        self.xml.newline();
        self.xml.void("hr", &[("class", "footnotes-rule")]);
        self.xml.newline();
        let notes = self.notes;
        for (index, note) in notes.iter().enumerate() {
            let Some(xml_id) = self.id_here(&note.id) else { continue };
            self.xml.open("aside", &[("epub:type", "footnote"), ("role", "doc-footnote"), ("id", xml_id), ("class", "footnote")]);
            self.xml.newline();
            let mark = self.note_mark(index);
            let back = self.first_ref.get(index).cloned().flatten();
            let write_mark = |w: &mut Self| {
                match &back {
                    Some(ref_id) => w.xml.element("a", &[("class", "note-mark"), ("href", &format!("#{ref_id}"))], &mark),
                    None => w.xml.element("span", &[("class", "note-mark")], &mark),
                }
                w.xml.text(" ");
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph { content, .. }, rest)) => {
                    self.xml.open("p", &[]);
                    write_mark(self);
                    self.inlines(content);
                    self.xml.close_line();
                    self.blocks(rest, 1);
                }
                _ => {
                    self.xml.open("p", &[]);
                    write_mark(self);
                    self.xml.close_line();
                    self.blocks(&note.blocks, 1);
                }
            }
            self.xml.close_line();
        }
        self.xml.close_line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_in_percent_only() {
        assert_eq!(percent_width("50%").as_deref(), Some("width: 50%"));
        assert_eq!(percent_width(" 12.5 % ").as_deref(), Some("width: 12.5%"));
        assert_eq!(percent_width("300px"), None);
        assert_eq!(percent_width("0%"), None);
        assert_eq!(percent_width("500%"), None);
        assert_eq!(percent_width("NaN%"), None);
        assert_eq!(percent_width("1e2%").as_deref(), Some("width: 100%"));
    }

    #[test]
    fn numbered_titles() {
        assert_eq!(numbered(Some("1.3"), "Title"), "1.3 Title");
        assert_eq!(numbered(None, "Title"), "Title");
        assert_eq!(numbered(Some(""), "Title"), "Title");
    }
}
