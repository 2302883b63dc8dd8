//! The package around the pages: `META-INF/container.xml`, the package
//! document (OPF: metadata, manifest, spine), the EPUB 3 navigation
//! document, the EPUB 2 `toc.ncx`, and the ZIP archive holding them all.
//!
//! These are short templates we control, written with the escaping XML
//! writer (metadata comes from `notes.toml` and is never trusted). The
//! archive is deterministic: files in a fixed order, `mimetype` first and
//! stored, fixed timestamps and permissions, fixed deflate settings. This
//! module does not look at the document tree.

use std::borrow::Cow;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, PreparedZipFile, ZipWriter};

use super::xhtml::begin;
use super::xml::Xml;
use rayon::prelude::*;

use super::{EpubError, present};

/// The media type of an EPUB, and the content of its `mimetype` file.
const MIMETYPE: &str = "application/epub+zip";
/// The folder of the publication inside the archive: the package document
/// and every resource (whose `href`s are relative to it).
const EPUB_DIR: &str = "EPUB";
/// Where the package document is in the archive.
const OPF_PATH: &str = "EPUB/package.opf";

/// One file of the publication (everything but `mimetype`, the container
/// and the package document), in the order of the archive and manifest.
pub struct Resource<'a> {
    /// Path relative to the package document (`talk-1-2.xhtml`, `fonts/…`).
    pub href: String,
    /// Manifest id: an XML name we make up.
    pub id: String,
    pub media_type: &'static str,
    /// Manifest `properties` (`nav`, `cover-image`).
    pub properties: Option<&'static str>,
    /// In the spine, in this order.
    pub in_spine: bool,
    pub data: Cow<'a, [u8]>,
    /// Deflate it (everything but images that are compressed already).
    pub deflate: bool,
}

/// The book's metadata, as the package document states it.
pub struct Metadata<'a> {
    /// `urn:uuid:…`, the same for every build of the same book.
    pub identifier: &'a str,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub authors: &'a [String],
    pub language: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    pub publisher: Option<&'a str>,
    pub description: Option<&'a str>,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub modified: &'a str,
    /// Whether the text has images, and whether every one has a description.
    pub has_images: bool,
    pub all_images_described: bool,
    /// Manifest id of the cover image.
    pub cover_image_id: &'a str,
}

/// `META-INF/container.xml`: where the package document is.
pub fn container() -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(256);
    xml.open("container", &[("version", "1.0"), ("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container")]);
    xml.open("rootfiles", &[]);
    xml.void("rootfile", &[("full-path", OPF_PATH), ("media-type", "application/oebps-package+xml")]);
    xml.close();
    xml.close();
    xml.finish()
}

fn meta(xml: &mut Xml, property: &'static str, value: &str) {
    xml.element("meta", &[("property", property)], value);
    xml.newline();
}

/// The package document.
pub fn opf(m: &Metadata, resources: &[Resource]) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(4096 + resources.len() * 128);
    xml.open("package", &[("xmlns", "http://www.idpf.org/2007/opf"), ("version", "3.0"), ("unique-identifier", "book-id"), ("xml:lang", m.language)]);
    xml.newline();
    xml.open("metadata", &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")]);
    xml.newline();
    xml.element("dc:identifier", &[("id", "book-id")], m.identifier);
    xml.newline();
    let title = present(m.title).unwrap_or("Untitled");
    xml.element("dc:title", &[("id", "title")], title);
    xml.newline();
    if let Some(subtitle) = m.subtitle.and_then(present) {
        xml.element("meta", &[("refines", "#title"), ("property", "title-type")], "main");
        xml.newline();
        xml.element("dc:title", &[("id", "subtitle")], subtitle);
        xml.newline();
        xml.element("meta", &[("refines", "#subtitle"), ("property", "title-type")], "subtitle");
        xml.newline();
    }
    for (n, author) in m.authors.iter().filter_map(|a| present(a)).enumerate() {
        let id = format!("creator-{}", n + 1);
        xml.element("dc:creator", &[("id", &id)], author);
        xml.newline();
        xml.element("meta", &[("refines", &format!("#{id}")), ("property", "role"), ("scheme", "marc:relators")], "aut");
        xml.newline();
    }
    xml.element("dc:language", &[], m.language);
    xml.newline();
    xml.element("dc:date", &[], m.date);
    xml.newline();
    if let Some(publisher) = m.publisher.and_then(present) {
        xml.element("dc:publisher", &[], publisher);
        xml.newline();
    }
    if let Some(description) = m.description.and_then(present) {
        xml.element("dc:description", &[], description);
        xml.newline();
    }
    meta(&mut xml, "dcterms:modified", m.modified);
    // Accessibility (schema.org, as the EPUB Accessibility spec asks).
    meta(&mut xml, "schema:accessMode", "textual");
    if m.has_images {
        meta(&mut xml, "schema:accessMode", "visual");
    }
    if !m.has_images || m.all_images_described {
        meta(&mut xml, "schema:accessModeSufficient", "textual");
    }
    if m.has_images {
        meta(&mut xml, "schema:accessModeSufficient", "textual,visual");
    }
    for feature in ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"] {
        meta(&mut xml, "schema:accessibilityFeature", feature);
    }
    if m.has_images && m.all_images_described {
        meta(&mut xml, "schema:accessibilityFeature", "alternativeText");
    }
    meta(&mut xml, "schema:accessibilityHazard", "none");
    let summary = if m.has_images && !m.all_images_described {
        "Reflowable text with numbered headings, a table of contents and navigation by event, talk and section. Some images have no text description."
    } else if m.has_images {
        "Reflowable text with numbered headings, a table of contents and navigation by event, talk and section. Every image has a text description."
    } else {
        "Reflowable text with numbered headings, a table of contents and navigation by event, talk and section."
    };
    meta(&mut xml, "schema:accessibilitySummary", summary);
    // For EPUB 2 reading systems.
    xml.void("meta", &[("name", "cover"), ("content", m.cover_image_id)]);
    xml.newline();
    xml.close_line();

    xml.open("manifest", &[]);
    xml.newline();
    for r in resources {
        let mut attributes = vec![("id", r.id.as_str()), ("href", r.href.as_str()), ("media-type", r.media_type)];
        if let Some(properties) = r.properties {
            attributes.push(("properties", properties));
        }
        xml.void("item", &attributes);
        xml.newline();
    }
    xml.close_line();

    xml.open("spine", &[("toc", "ncx")]);
    xml.newline();
    for r in resources.iter().filter(|r| r.in_spine) {
        xml.void("itemref", &[("idref", r.id.as_str())]);
        xml.newline();
    }
    xml.close_line();
    xml.finish()
}

/// An entry of the navigation: a part, talk or section.
pub struct NavEntry {
    /// What the entry reads: `1.3 What Makes Python AWESOME?`.
    pub number: Option<String>,
    pub title: String,
    pub href: String,
    pub children: Vec<NavEntry>,
}

impl NavEntry {
    fn label(&self) -> String {
        super::xhtml::numbered(self.number.as_deref(), &self.title)
    }
}

/// How deep a navigation tree goes (1 for a flat list, 0 for none).
pub fn depth(entries: &[NavEntry]) -> usize {
    entries.iter().map(|e| 1 + depth(&e.children)).max().unwrap_or(0)
}

/// A landmark: an `epub:type`, where it is, and what it reads.
pub struct Landmark<'a> {
    pub kind: &'static str,
    pub href: &'a str,
    pub label: &'static str,
}

/// The navigation document: the contents (nested like the PDF's, every
/// level in the navigation, levels deeper than `shown_depth` hidden on the
/// page) and the landmarks. It is also the book's contents page.
/// `contents` is the title of the contents in the book's language.
pub fn nav(
    language: &str,
    book_title: &str,
    entries: &[NavEntry],
    shown_depth: usize,
    landmarks: &[Landmark],
    contents: &str,
) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(4096 + entries.len() * 256);
    begin(&mut xml, language, &format!("Contents — {book_title}"), "frontmatter");
    xml.open("nav", &[("epub:type", "toc"), ("role", "doc-toc"), ("id", "toc"), ("class", "contents")]);
    xml.newline();
    xml.element("h1", &[], contents);
    xml.newline();
    nav_list(&mut xml, entries, 1, shown_depth);
    xml.close_line();
    if !landmarks.is_empty() {
        xml.open("nav", &[("epub:type", "landmarks"), ("id", "landmarks"), ("hidden", "hidden")]);
        xml.newline();
        xml.element("h2", &[], "Landmarks");
        xml.open("ol", &[]);
        for l in landmarks {
            xml.open("li", &[]);
            xml.element("a", &[("epub:type", l.kind), ("href", l.href)], l.label);
            xml.close_line();
        }
        xml.close_line();
        xml.close_line();
    }
    xml.finish()
}

fn nav_list(xml: &mut Xml, entries: &[NavEntry], depth: usize, shown_depth: usize) {
    let class = if depth == 1 {
        "toc-1"
    } else if depth == 2 {
        "toc-2"
    } else {
        "toc-deep"
    };
    if depth > shown_depth {
        xml.open("ol", &[("class", class), ("hidden", "hidden")]);
    } else {
        xml.open("ol", &[("class", class)]);
    }
    xml.newline();
    for entry in entries {
        xml.open("li", &[]);
        xml.open("a", &[("href", &entry.href)]);
        if let Some(number) = entry.number.as_deref().filter(|n| !n.is_empty()) {
            // The space inside the number's box, so that a long title wraps
            // in line with its first line.
            xml.element("span", &[("class", "number")], &format!("{number} "));
        }
        xml.text(&entry.title);
        xml.close();
        if !entry.children.is_empty() {
            xml.newline();
            nav_list(xml, &entry.children, depth + 1, shown_depth);
        }
        xml.close_line();
    }
    xml.close_line();
}

/// The EPUB 2 table of contents, for older reading systems.
pub fn ncx(identifier: &str, title: &str, entries: &[NavEntry]) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = Xml::new(4096 + entries.len() * 256);
    xml.open("ncx", &[("xmlns", "http://www.daisy.org/z3986/2005/ncx/"), ("version", "2005-1")]);
    xml.newline();
    xml.open("head", &[]);
    xml.newline();
    let depth = depth(entries).max(1).to_string();
    for (name, content) in [("dtb:uid", identifier), ("dtb:depth", &depth), ("dtb:totalPageCount", "0"), ("dtb:maxPageNumber", "0")] {
        xml.void("meta", &[("name", name), ("content", content)]);
        xml.newline();
    }
    xml.close_line();
    xml.open("docTitle", &[]);
    xml.element("text", &[], title);
    xml.close_line();
    xml.open("navMap", &[]);
    xml.newline();
    let mut order = 0;
    nav_points(&mut xml, entries, &mut order);
    xml.close_line();
    xml.close();
    xml.finish()
}

fn nav_points(xml: &mut Xml, entries: &[NavEntry], order: &mut usize) {
    for entry in entries {
        *order += 1;
        let (id, play_order) = (format!("nav-{order}"), order.to_string());
        xml.open("navPoint", &[("id", &id), ("playOrder", &play_order)]);
        xml.open("navLabel", &[]);
        xml.element("text", &[], &entry.label());
        xml.close();
        xml.void("content", &[("src", &entry.href)]);
        xml.newline();
        nav_points(xml, &entry.children, order);
        xml.close_line();
    }
}

/// The ZIP timestamp of every file: the build time, within what ZIP can
/// hold (1980–2107).
fn zip_time(unix: i64) -> DateTime {
    let unix = unix.clamp(315_532_800, 4_354_819_199);
    let date = notes_doc::dates::date_of_unix(unix);
    let (h, m, s) = notes_doc::dates::time_of_unix(unix);
    let year = u16::try_from(date.year()).unwrap_or(1980);
    DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, h, m, s).unwrap_or_default()
}

/// The archive: `mimetype` first, stored; the container; the package
/// document; then every resource in order (compressed on every core).
pub fn archive(container: &[u8], opf: &[u8], resources: &[Resource], build_time: i64) -> Result<Vec<u8>, EpubError> {
    let size = resources.iter().map(|r| r.data.len()).sum::<usize>() / 2 + 4096;
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    let base = SimpleFileOptions::default().last_modified_time(zip_time(build_time)).unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base.compression_method(CompressionMethod::Deflated).compression_level(Some(6));
    let prepared: Vec<_> = resources
        .par_iter()
        .map(|r| PreparedZipFile::from_data(format!("{EPUB_DIR}/{}", r.href), if r.deflate { deflated } else { stored }, &r.data))
        .collect();
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(container)?;
    zip.start_file(OPF_PATH, deflated)?;
    zip.write_all(opf)?;
    for file in prepared {
        zip.add_prepared_file(file?)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(zip_time(0), DateTime::default());
    }

    #[test]
    fn nav_depth_counts_levels() {
        let leaf = |t: &str| NavEntry { number: None, title: t.into(), href: "a.xhtml".into(), children: vec![] };
        assert_eq!(depth(&[]), 0);
        assert_eq!(depth(&[leaf("a")]), 1);
        let nested = NavEntry { number: Some("1".into()), title: "p".into(), href: "p.xhtml".into(), children: vec![leaf("t")] };
        assert_eq!(depth(&[leaf("a"), nested]), 2);
    }

    #[test]
    fn mimetype_is_first_and_stored_without_extra_field() {
        let resources = [Resource {
            href: "a.xhtml".into(),
            id: "a".into(),
            media_type: "application/xhtml+xml",
            properties: None,
            in_spine: true,
            data: Cow::Borrowed(b"<html/>"),
            deflate: true,
        }];
        let bytes = archive(b"<container/>", b"<package/>", &resources, 1_478_908_800).unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8, "name length");
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "extra field length");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], MIMETYPE.as_bytes());
        assert_eq!(archive(b"<container/>", b"<package/>", &resources, 1_478_908_800).unwrap(), bytes);
    }
}
