//! The EPUB backend, end to end: a small project of Markdown notes (with
//! footnotes, links between talks, an image, a table, code and hostile
//! text) goes through the library pipeline, and the EPUB is read back with
//! the `zip` crate and an XML parser to check the package, the order of the
//! spine and the navigation, links, notes, and that note text stays text.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::Path;

use notes_doc::{Block, Book, plain_text, walk_blocks};
use notes_project::ProjectOptions;

/// The EPUB of a book, with its cover drawn from the title page as the
/// driver draws it.
fn notes_epub_render(book: &Book, config: &notes_project::config::Config, assets: &notes_project::assets::Assets) -> Result<Vec<u8>, notes_epub::EpubError> {
    let mut assets = assets.clone();
    if assets.cover.is_none() {
        let bytes = notes_pdf::draw_cover(book, config, &assets, notes_epub::COVER_WIDTH).unwrap_or_else(|e| panic!("{e}"));
        assets.cover = Some(notes_project::assets::CoverImage { name: "the title page".into(), bytes });
    }
    notes_epub::render(book, config, &assets)
}

const OPS: &str = "http://www.idpf.org/2007/ops";
/// The hostile line of the test note as a reader sees it (the Markdown
/// `&amp;amp;` is the text `&amp;`; typography curls the quotes).
const HOSTILE: &str = "<script>alert(1)</script> &amp; ]]> #read(\u{201c}/etc/passwd\u{201d})";

/// A valid 2×2 PNG (red), written by hand.
fn tiny_png() -> Vec<u8> {
    red_png(2)
}

/// A valid `side`×`side` PNG (red), written by hand.
fn red_png(side: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn adler32(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let row: Vec<u8> = std::iter::once(0u8).chain([200u8, 30, 30].repeat(side as usize)).collect();
    let raw: Vec<u8> = row.repeat(side as usize);
    // zlib, one stored block.
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend((raw.len() as u16).to_le_bytes());
    zlib.extend((!(raw.len() as u16)).to_le_bytes());
    zlib.extend(&raw);
    zlib.extend(adler32(&raw).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(side.to_be_bytes());
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Writes a project with two events and three talks.
fn write_project(root: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "notes.toml",
            "title = \"Notes & <Friends>\"\nauthors = [\"Ada Lovelace\", \"Alan Turing\"]\nrelease = \"0.1\"\ndate = \"2016-11-12\"\nlanguage = \"en\"\npublisher = \"ACME\"\ndescription = \"Event notes.\"\n",
        ),
        ("sources/index.md", "Welcome to the notes.\n\n- [PyCodeConf](pycodeconf/index.md)\n- [PyCon 2012](pycon/index.md)\n"),
        ("sources/pycodeconf/index.md", "# PyCodeConf\n\nHeld in Miami.\n\n- [The Future Is Bright](bright.md)\n- [Embracing The GIL](gil.md)\n"),
        (
            "sources/pycodeconf/bright.md",
            concat!(
                "---\ntitle: The Future Is Bright\nspeakers: [Jesse Noller]\n---\n\n",
                "Intro with a note[^one] and another[^two], a [link to the GIL talk](gil.md#threads), ",
                "[the GIL talk itself](gil.md) and [the web](https://example.com/?a=1&b=2).\n\n",
                "Hostile: &lt;script>alert(1)&lt;/script> &amp;amp; ]]> #read(\"/etc/passwd\") nul:\u{0} vt:\u{b}.\n\n",
                "[^one]: The first note, *emphasised*.\n",
                "[^two]: The second note.\n\n",
                "## Who uses Python\n\n- Everyone\n- [x] done\n- [ ] not done\n\n3. three\n4. four\n\n",
                "### Details\n\n| Left | Right |\n|:-----|------:|\n| a | 1 |\n| `b` | **2** |\n\n",
                "```python\ndef f(x):\n    return \"<b>\" # ]]>\n```\n\n",
                "![A red square](red.png)\n\nInline ![red](red.png) again.\n\n",
                "> [!NOTE]\n> Mind the <gap>.\n\nTerm\n: Its definition.\n\n---\n\n## What is Python\n\nText.\n",
            ),
        ),
        ("sources/pycodeconf/gil.md", "# Embracing The GIL\n\nBy someone.\n\n## Threads {#threads}\n\nBack to [the first talk](bright.md).\n"),
        ("sources/pycon/index.md", "# PyCon 2012\n\n- [Keynote](keynote.md)\n"),
        ("sources/pycon/keynote.md", "# Keynote\n\nJust text[^n].\n\n[^n]: A note with [a link](https://example.org).\n\n## Part one\n\n### Deeper\n"),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(root.join("sources/pycodeconf/red.png"), tiny_png()).unwrap();
}

struct Built {
    book: Book,
    nav_depth: usize,
    contents_depth: usize,
    bytes: Vec<u8>,
}

fn build(root: &Path) -> Built {
    let loaded = notes::load(&ProjectOptions { cwd: root.to_path_buf(), source: None, config: None, out: None }).unwrap();
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.severity == notes_doc::diag::Severity::Error).map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bytes = notes_epub_render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap();
    Built {
        nav_depth: usize::from(loaded.project.config.nav_depth()),
        contents_depth: usize::from(loaded.project.config.contents_depth),
        book: loaded.book,
        bytes,
    }
}

/// The files of an EPUB, by name, in archive order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

fn text(files: &[(String, Vec<u8>)], name: &str) -> String {
    let data = &files.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} is not in the EPUB")).1;
    String::from_utf8(data.clone()).unwrap()
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(xml, options).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"))
}

fn built() -> (tempfile::TempDir, Built, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path());
    let built = build(dir.path());
    let files = unzip(&built.bytes);
    (dir, built, files)
}

/// `href` relative to the folder of `from` (both archive paths).
fn resolve(from: &str, href: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

struct Package {
    path: String,
    /// id → (archive path, media type, properties)
    items: BTreeMap<String, (String, String, String)>,
    spine: Vec<String>,
}

fn package(files: &[(String, Vec<u8>)]) -> Package {
    let container = text(files, "META-INF/container.xml");
    let doc = parse(&container);
    let rootfile = doc.descendants().find(|n| n.has_tag_name("rootfile")).unwrap();
    assert_eq!(rootfile.attribute("media-type"), Some("application/oebps-package+xml"));
    let path = rootfile.attribute("full-path").unwrap().to_string();
    let opf = text(files, &path);
    let doc = parse(&opf);
    let items = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| {
            let href = resolve(&path, n.attribute("href").unwrap());
            let props = n.attribute("properties").unwrap_or("").to_string();
            (n.attribute("id").unwrap().to_string(), (href, n.attribute("media-type").unwrap().to_string(), props))
        })
        .collect();
    let spine = doc.descendants().filter(|n| n.has_tag_name("itemref")).map(|n| n.attribute("idref").unwrap().to_string()).collect();
    Package { path, items, spine }
}

#[test]
fn mimetype_comes_first_uncompressed() {
    let (_dir, built, files) = built();
    let mut archive = zip::ZipArchive::new(Cursor::new(&built.bytes)).unwrap();
    let first = archive.by_index(0).unwrap();
    assert_eq!(first.name().unwrap(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    assert_eq!(files[0].1, b"application/epub+zip");
    // The local header: no extra field, the content right after the name.
    assert_eq!(&built.bytes[26..30], &[8, 0, 0, 0]);
    assert_eq!(&built.bytes[30..58], b"mimetypeapplication/epub+zip");
}

#[test]
fn the_manifest_lists_exactly_the_files() {
    let (_dir, _built, files) = built();
    let package = package(&files);
    assert_eq!(files[1].0, "META-INF/container.xml");
    let in_zip: BTreeSet<&str> =
        files.iter().map(|(n, _)| n.as_str()).filter(|n| !matches!(*n, "mimetype" | "META-INF/container.xml") && *n != package.path).collect();
    let listed: BTreeSet<&str> = package.items.values().map(|(href, _, _)| href.as_str()).collect();
    assert_eq!(in_zip, listed);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a file is in the archive twice");
    // The image used twice is packed once.
    assert_eq!(names.iter().filter(|n| n.ends_with(".png") && !n.contains("cover")).count(), 1, "{names:?}");
    let properties: Vec<&str> = package.items.values().map(|(_, _, p)| p.as_str()).collect();
    assert!(properties.contains(&"nav") && properties.contains(&"cover-image"));
    for (href, media_type, _) in package.items.values() {
        let expected = match href.rsplit('.').next().unwrap() {
            "xhtml" => "application/xhtml+xml",
            "css" => "text/css",
            "ncx" => "application/x-dtbncx+xml",
            "png" => "image/png",
            "otf" => "font/otf",
            "ttf" => "font/ttf",
            other => panic!("unexpected file type {other}"),
        };
        assert_eq!(media_type, expected, "{href}");
    }
}

/// The plain titles of the book's pages, in book order, as `number title`.
fn book_order(book: &Book) -> Vec<String> {
    let label = |n: &Option<String>, t: &[notes_doc::Inline]| match n {
        Some(n) => format!("{n} {}", plain_text(t)),
        None => plain_text(t),
    };
    let mut out = Vec::new();
    for part in &book.parts {
        out.push(label(&part.number, &part.title));
        for chapter in &part.chapters {
            out.push(label(&chapter.number, &chapter.title));
        }
    }
    // Then the indexes at the back.
    out.extend(book.indexes.iter().map(|i| i.title.clone()));
    out
}

fn element_text(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect()
}

#[test]
fn the_spine_follows_the_book() {
    let (_dir, built, files) = built();
    let package = package(&files);
    let hrefs: Vec<&str> = package.spine.iter().map(|id| package.items[id].0.as_str()).collect();
    assert_eq!(&hrefs[..4], ["EPUB/cover.xhtml", "EPUB/title.xhtml", "EPUB/nav.xhtml", "EPUB/front.xhtml"]);
    // Then every event, each followed by its talks, in the book's order:
    // their first headings read "number title".
    let titles: Vec<String> = hrefs[4..]
        .iter()
        .map(|href| {
            let page = text(&files, href);
            let doc = parse(&page);
            element_text(doc.descendants().find(|n| n.has_tag_name("h1")).unwrap())
        })
        .collect();
    let expected = book_order(&built.book);
    assert_eq!(titles, expected);
    assert_eq!(expected, ["1 PyCodeConf", "1.1 The Future Is Bright", "1.2 Embracing The GIL", "2 PyCon 2012", "2.1 Keynote", "Speakers"]);
    assert!(text(&files, "EPUB/title.xhtml").contains("Notes &amp; &lt;Friends&gt;"));
}

/// `(depth, label, hidden)` of every entry of the contents, in order.
fn nav_entries(nav: &str) -> Vec<(usize, String, bool)> {
    let doc = parse(nav);
    let toc = doc.descendants().find(|n| n.has_tag_name("nav") && n.attribute((OPS, "type")) == Some("toc")).unwrap();
    let mut out = Vec::new();
    for a in toc.descendants().filter(|n| n.has_tag_name("a")) {
        let lists: Vec<_> = a.ancestors().filter(|n| n.has_tag_name("ol")).collect();
        let hidden = lists.iter().any(|ol| ol.attribute("hidden").is_some());
        out.push((lists.len(), element_text(a), hidden));
    }
    out
}

#[test]
fn the_navigation_nests_like_the_contents() {
    let (_dir, built, files) = built();
    let entries = nav_entries(&text(&files, "EPUB/nav.xhtml"));
    // What the contents should hold: events, talks, their sections, to
    // the navigation depth.
    let mut expected = Vec::new();
    let heading = |blocks: &[Block], above: usize, expected: &mut Vec<(usize, String, bool)>| {
        walk_blocks(blocks, &mut |b| {
            if let Block::Heading { level, content, number, .. } = b {
                let depth = above + usize::from(*level);
                if depth <= built.nav_depth {
                    let label = number.as_ref().map_or(plain_text(content), |n| format!("{n} {}", plain_text(content)));
                    expected.push((depth, label, depth > built.contents_depth));
                }
            }
        });
    };
    for part in &built.book.parts {
        expected.push((1, format!("{} {}", part.number.as_deref().unwrap(), plain_text(&part.title)), false));
        heading(&part.blocks, 1, &mut expected);
        for chapter in &part.chapters {
            expected.push((2, format!("{} {}", chapter.number.as_deref().unwrap(), plain_text(&chapter.title)), false));
            heading(&chapter.blocks, 2, &mut expected);
        }
    }
    expected.extend(built.book.indexes.iter().map(|i| (1, i.title.clone(), false)));
    assert_eq!(entries, expected);
    assert!(entries.iter().any(|(d, l, h)| *d == 3 && l == "1.1.1 Who uses Python" && *h));
    // Every level is in the navigation (nav-depth defaults to all), those
    // deeper than the contents hidden on the contents page.
    assert!(entries.iter().any(|(d, l, h)| *d == 4 && l.contains("Details") && *h), "{entries:?}");

    // The NCX has the same entries, and its dtb:depth is their depth.
    let ncx = text(&files, "EPUB/toc.ncx");
    let doc = parse(&ncx);
    let depth = doc.descendants().find(|n| n.attribute("name") == Some("dtb:depth")).unwrap().attribute("content").unwrap();
    assert_eq!(depth, expected.iter().map(|(d, _, _)| *d).max().unwrap().to_string());
    let labels: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("navLabel")).map(element_text).collect();
    assert_eq!(labels, expected.iter().map(|(_, l, _)| l.clone()).collect::<Vec<_>>());
    let orders: Vec<usize> = doc.descendants().filter(|n| n.has_tag_name("navPoint")).map(|n| n.attribute("playOrder").unwrap().parse().unwrap()).collect();
    assert_eq!(orders, (1..=labels.len()).collect::<Vec<_>>());
    let uid = doc.descendants().find(|n| n.attribute("name") == Some("dtb:uid")).unwrap().attribute("content").unwrap().to_string();
    assert!(text(&files, "EPUB/package.opf").contains(&format!(">{uid}</dc:identifier>")));

    // Landmarks: cover, title page, contents, start of the body.
    let nav = text(&files, "EPUB/nav.xhtml");
    let doc = parse(&nav);
    let landmarks = doc.descendants().find(|n| n.attribute((OPS, "type")) == Some("landmarks")).unwrap();
    let kinds: Vec<(&str, &str)> =
        landmarks.descendants().filter(|n| n.has_tag_name("a")).map(|a| (a.attribute((OPS, "type")).unwrap(), a.attribute("href").unwrap())).collect();
    assert_eq!(kinds, [("cover", "cover.xhtml"), ("titlepage", "title.xhtml"), ("toc", "nav.xhtml#toc"), ("bodymatter", "part-1.xhtml")]);
}

#[test]
fn note_text_stays_text() {
    let (_dir, _built, files) = built();
    let mut seen_hostile = false;
    for (name, data) in &files {
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") || name.ends_with(".xml")) {
            continue;
        }
        let xml = String::from_utf8(data.clone()).unwrap();
        let doc = parse(&xml);
        for node in doc.descendants() {
            assert!(!node.has_tag_name("script"), "a script element in {name}");
            assert!(!node.has_tag_name("iframe") && !node.has_tag_name("object") && !node.has_tag_name("embed"));
            for attribute in node.attributes() {
                assert!(!attribute.name().starts_with("on"), "{} in {name}", attribute.name());
                let value = attribute.value().to_ascii_lowercase();
                assert!(!value.starts_with("javascript:"), "{value} in {name}");
            }
            if node.has_tag_name("img") {
                let src = node.attribute("src").unwrap();
                assert!(!src.contains(':'), "{src} in {name}");
            }
            if node.has_tag_name("link") {
                assert!(!node.attribute("href").unwrap().contains(':'));
            }
        }
        let all_text = element_text(doc.root());
        if all_text.contains(HOSTILE) {
            seen_hostile = true;
            // Control characters are left out when the note is read.
            assert!(all_text.contains("nul: vt:."), "{all_text}");
        }
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{b}'));
    }
    assert!(seen_hostile, "the hostile line is not shown as text");
    let talk = text(&files, "EPUB/talk-1-1.xhtml");
    assert!(talk.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ]]&gt;"), "{talk}");
    assert!(talk.contains("Mind the &lt;gap&gt;."));
}

#[test]
fn builds_are_byte_identical() {
    let (dir, first, files) = built();
    let second = build(dir.path());
    assert!(first.bytes == second.bytes, "two builds of the same sources differ");
    // The identifier is the same in another folder with the same book.
    let other = tempfile::tempdir().unwrap();
    write_project(other.path());
    let third = build(other.path());
    let id = |files: &[(String, Vec<u8>)]| {
        let opf = text(files, "EPUB/package.opf");
        let doc = parse(&opf);
        doc.descendants().find(|n| n.has_tag_name("identifier")).map(element_text).unwrap()
    };
    let first_id = id(&files);
    assert!(first_id.starts_with("urn:uuid:"), "{first_id}");
    assert_eq!(first_id, id(&unzip(&third.bytes)));
    assert_eq!(first.bytes, third.bytes);
}

/// Every id of every XHTML file.
fn ids(files: &[(String, Vec<u8>)]) -> BTreeMap<String, BTreeSet<String>> {
    files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(name, data)| {
            let xml = String::from_utf8(data.clone()).unwrap();
            let doc = parse(&xml);
            let ids: Vec<String> = doc.descendants().filter_map(|n| n.attribute("id")).map(str::to_string).collect();
            let unique: BTreeSet<String> = ids.iter().cloned().collect();
            assert_eq!(unique.len(), ids.len(), "an id twice in {name}");
            (name.clone(), unique)
        })
        .collect()
}

#[test]
fn links_point_at_files_and_ids_that_exist() {
    let (_dir, _built, files) = built();
    let ids = ids(&files);
    let names: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut internal = 0;
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let xml = String::from_utf8(data.clone()).unwrap();
        let doc = parse(&xml);
        for node in doc.descendants() {
            let reference = match node.tag_name().name() {
                "a" => node.attribute("href"),
                "img" => node.attribute("src"),
                "link" => node.attribute("href"),
                _ => None,
            };
            let Some(reference) = reference else { continue };
            if reference.starts_with("https:") || reference.starts_with("http:") || reference.starts_with("mailto:") {
                continue;
            }
            internal += 1;
            let (file, fragment) = reference.split_once('#').map_or((reference, None), |(f, x)| (f, Some(x)));
            let target = if file.is_empty() { name.clone() } else { resolve(name, file) };
            assert!(names.contains(target.as_str()), "{reference} in {name}: no {target}");
            if let Some(fragment) = fragment {
                assert!(ids[&target].contains(fragment), "{reference} in {name}: no id {fragment} in {target}");
            }
        }
    }
    assert!(internal > 20, "{internal}");
    let talk = text(&files, "EPUB/talk-1-1.xhtml");
    let doc = parse(&talk);
    let hrefs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("a")).filter_map(|n| n.attribute("href")).collect();
    assert!(hrefs.contains(&"talk-1-2.xhtml#threads"), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.starts_with("talk-1-2.xhtml#")));
    assert!(hrefs.contains(&"https://example.com/?a=1&b=2"));
}

#[test]
fn footnotes_are_epub_notes() {
    let (_dir, _built, files) = built();
    let talk = text(&files, "EPUB/talk-1-1.xhtml");
    let doc = parse(&talk);
    let refs: Vec<_> = doc.descendants().filter(|n| n.attribute((OPS, "type")) == Some("noteref")).collect();
    assert_eq!(refs.len(), 2);
    for r in &refs {
        assert!(r.has_tag_name("a"));
        let id = r.attribute("href").unwrap().strip_prefix('#').unwrap();
        let note = doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap();
        assert!(note.has_tag_name("aside"));
        assert_eq!(note.attribute((OPS, "type")), Some("footnote"));
        // And back to the reference.
        let back = note.descendants().find(|n| n.has_tag_name("a")).unwrap().attribute("href").unwrap();
        assert_eq!(back, format!("#{}", r.attribute("id").unwrap()));
    }
    assert_eq!(refs.iter().map(|r| element_text(*r)).collect::<Vec<_>>(), ["1", "2"]);
    assert!(talk.contains("The first note, <em>emphasised</em>."));
}

#[test]
fn the_tree_renders_as_xhtml() {
    let (_dir, _built, files) = built();
    let talk = text(&files, "EPUB/talk-1-1.xhtml");
    for expected in [
        "<h2 id=\"pycodeconf-the-future-is-bright-who-uses-python\"><span class=\"number\">1.1.1</span> Who uses Python</h2>",
        "<p class=\"speakers\">Jesse Noller</p>",
        "<ol class=\"decimal\" type=\"1\" start=\"3\">",
        "<li class=\"task done\"><span class=\"task-mark\" role=\"img\" aria-label=\"done\">☑</span> done</li>",
        "<th scope=\"col\" class=\"right\">Right</th>",
        "<td class=\"left\"><code>b</code></td>",
        "<pre class=\"code\" data-language=\"python\"><code>",
        "<span class=\"hl-comment",
        "&lt;b&gt;",
        "<img class=\"figure-image\" src=\"images/001-red.png\" alt=\"A red square\"/>",
        "<img class=\"inline-image\" src=\"images/001-red.png\" alt=\"red\"/>",
        "<div class=\"admonition note\">",
        "<dt>Term</dt>",
        "<dd>Its definition.</dd>",
        "<hr/>",
    ] {
        assert!(talk.contains(expected), "{expected} missing from\n{talk}");
    }
    let part = text(&files, "EPUB/part-1.xhtml");
    assert!(part.contains("<span class=\"number\">1</span> <span class=\"title\">PyCodeConf</span></h1>"), "{part}");
    assert!(part.contains("<p>Held in Miami.</p>"));
    assert!(text(&files, "EPUB/front.xhtml").contains("Welcome to the notes."));
}

#[test]
fn metadata_comes_from_the_configuration() {
    let (_dir, _built, files) = built();
    let opf = text(&files, "EPUB/package.opf");
    let doc = parse(&opf);
    let package = doc.root_element();
    assert_eq!(package.attribute("version"), Some("3.0"));
    let dc =
        |name: &str| -> Vec<String> { doc.descendants().filter(|n| n.has_tag_name(("http://purl.org/dc/elements/1.1/", name))).map(element_text).collect() };
    assert_eq!(dc("title")[0], "Notes & <Friends>");
    assert_eq!(dc("creator"), ["Ada Lovelace", "Alan Turing"]);
    assert_eq!(dc("language"), ["en"]);
    assert_eq!(dc("date"), ["2016-11-12"]);
    assert_eq!(dc("publisher"), ["ACME"]);
    assert_eq!(dc("description"), ["Event notes."]);
    let creator_ids: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("creator")).map(|n| n.attribute("id").unwrap()).collect();
    assert_eq!(creator_ids.len(), 2);
    assert_ne!(creator_ids[0], creator_ids[1]);
    let all_ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    assert_eq!(all_ids.iter().collect::<BTreeSet<_>>().len(), all_ids.len(), "ids in the OPF are not unique");
    let meta = |property: &str| -> Vec<String> { doc.descendants().filter(|n| n.attribute("property") == Some(property)).map(element_text).collect() };
    assert_eq!(meta("dcterms:modified"), ["2016-11-12T00:00:00Z"]);
    assert_eq!(meta("schema:accessMode"), ["textual", "visual"]);
    assert!(meta("schema:accessibilityFeature").contains(&"alternativeText".to_string()));
    assert!(meta("schema:accessibilityFeature").contains(&"tableOfContents".to_string()));
    assert_eq!(meta("schema:accessibilityHazard"), ["none"]);
    assert_eq!(meta("schema:accessibilitySummary").len(), 1);
}

/// A book built by hand (as JSON) with every kind of node, including those
/// the Markdown reader does not make, and some a normalized tree should
/// never hold (a pending link, a `javascript:` URL, a link in a link).
fn every_node_book() -> Book {
    let p = r#""pos":{"line":1,"col":1}"#;
    let t = |s: &str| format!(r#"{{"type":"text","text":{}}}"#, serde_json::to_string(s).unwrap());
    let para = |inlines: &str| format!(r#"{{"type":"paragraph","content":[{inlines}],{p}}}"#);
    let kinds = [
        "note",
        "warning",
        "tip",
        "important",
        "caution",
        "danger",
        "hint",
        "attention",
        "error",
        "generic",
        "see-also",
        "version-added",
        "version-changed",
        "deprecated",
        "topic",
        "sidebar",
        "epigraph",
    ];
    let admonitions: Vec<String> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let title = if i % 2 == 0 { String::new() } else { format!(r#""title":[{}],"#, t(&format!("Title of {k}"))) };
            format!(r#"{{"type":"admonition","kind":"{k}",{title}"blocks":[{}],{p}}}"#, para(&t(&format!("A {k}."))))
        })
        .collect();
    let blocks = [
        format!(r#"{{"type":"heading","level":1,"content":[{}],"id":"2012-intro","number":"1.1.1",{p}}}"#, t("Intro")),
        para(&[
            t("Inline: "),
            format!(r#"{{"type":"emph","content":[{}]}}"#, t("emph")),
            format!(r#"{{"type":"strong","content":[{}]}}"#, t("strong")),
            format!(r#"{{"type":"strike","content":[{}]}}"#, t("strike")),
            format!(r#"{{"type":"sub","content":[{}]}}"#, t("2")),
            format!(r#"{{"type":"sup","content":[{}]}}"#, t("3")),
            r#"{"type":"code","text":"a < b && c"}"#.to_string(),
            r#"{"type":"line_break"}"#.to_string(),
            r#"{"type":"anchor","id":"here"}"#.to_string(),
            r#"{"type":"index","entry":{"term":"Python","subterm":"speed"}}"#.to_string(),
            format!(r#"{{"type":"link","target":{{"kind":"internal","to":"here"}},"content":[{}],{p}}}"#, t("to here")),
            format!(r#"{{"type":"link","target":{{"kind":"internal","to":"2012-intro"}},"content":[{}],{p}}}"#, t("to intro")),
            format!(r#"{{"type":"link","target":{{"kind":"internal","to":"no-such-anchor"}},"content":[{}],{p}}}"#, t("dangling")),
            format!(r#"{{"type":"link","target":{{"kind":"url","to":"javascript:alert(1)"}},"content":[{}],{p}}}"#, t("js")),
            format!(r#"{{"type":"link","target":{{"kind":"pending","to":{{"by":"label","label":"x"}}}},"content":[{}],{p}}}"#, t("pending")),
            format!(
                r#"{{"type":"link","target":{{"kind":"url","to":"https://a.org/x y"}},"content":[{}, {{"type":"link","target":{{"kind":"url","to":"https://b.org"}},"content":[{}],{p}}}, {{"type":"footnote_ref","id":"cite",{p}}}],{p}}}"#,
                t("outer "),
                t("inner")
            ),
            r#"{"type":"footnote_ref","id":"cite","pos":{"line":1,"col":1}}"#.to_string(),
            r#"{"type":"footnote_ref","id":"missing","pos":{"line":1,"col":1}}"#.to_string(),
            r#"{"type":"image","image":{"src":"red.png","alt":"","pos":{"line":1,"col":1}}}"#.to_string(),
        ]
        .join(",")),
        format!(r#"{{"type":"list","ordered":{{"start":4,"style":"lower-roman"}},"items":[{{"blocks":[{}]}},{{"blocks":[{}, {}]}}],"tight":false,{p}}}"#, para(&t("four")), para(&t("five")), para(&t("five more"))),
        format!(r#"{{"type":"list","items":[{{"blocks":[{}, {}],"checked":true}}],"tight":false,{p}}}"#, para(&t("loose task")), para(&t("second paragraph"))),
        format!(r#"{{"type":"list","ordered":{{"start":1,"style":"upper-alpha"}},"items":[],"tight":true,{p}}}"#),
        format!(
            r#"{{"type":"definition_list","items":[{{"term":[{}],"classifiers":[[{}]],"definitions":[[{}],[{}]]}},{{"term":[{}],"definitions":[]}}],{p}}}"#,
            t("term"), t("class"), para(&t("one")), para(&t("two")), t("bare term")
        ),
        format!(r#"{{"type":"quote","blocks":[{}],"attribution":[{}],{p}}}"#, para(&t("Quoted.")), t("Someone")),
        format!(r#"{{"type":"line_block","lines":[{{"content":[{}]}},{{"indent":2,"content":[{}]}},{{"content":[]}}],{p}}}"#, t("line one"), t("indented")),
        format!(
            r#"{{"type":"table","caption":[{}],"columns":["left","center","right"],"header":[{{"cells":[{{"blocks":[{}],"colspan":2}},{{"blocks":[{}]}}]}}],"rows":[{{"cells":[{{"blocks":[{}],"rowspan":2}},{{"blocks":[{}]}},{{"blocks":[{}]}}]}},{{"cells":[{{"blocks":[{}]}},{{"blocks":[{}, {}]}}]}}],{p}}}"#,
            t("A caption"), para(&t("AB")), para(&t("C")), para(&t("tall")), para(&t("b1")), para(&t("c1")), para(&t("b2")), para(&t("c2")), para(&t("c2 more"))
        ),
        format!(
            r#"{{"type":"figure","image":{{"src":"red.png","alt":"A red square","width":"50%",{p}}},"caption":[{}],"legend":[{}],{p}}}"#,
            t("Figure caption"), para(&t("The legend."))
        ),
        format!(r#"{{"type":"figure","image":{{"src":"red.png","alt":"sized","width":"300px",{p}}},{p}}}"#),
        format!(r#"{{"type":"rubric","content":[{}],{p}}}"#, t("A rubric")),
        format!(r#"{{"type":"rule",{p}}}"#),
        format!(r#"{{"type":"anchor","id":"block-anchor",{p}}}"#),
        format!(r#"{{"type":"index","entries":[{{"term":"GIL","main":true}}],{p}}}"#),
        format!(r#"{{"type":"raw","format":"html","text":"<script>alert('raw')</script>",{p}}}"#),
        format!(r#"{{"type":"heading","level":2,"content":[{}],"id":"deeper","number":"1.1.1.1",{p}}}"#, t("Deeper")),
        format!(r#"{{"type":"heading","level":7,"content":[],"id":"deepest",{p}}}"#),
    ];
    let mut all: Vec<String> = blocks.to_vec();
    all.extend(admonitions);
    let json = format!(
        r#"{{"version":1,"meta":{{"title":"Every node","authors":["A","B"],"date":"2016-11-12","language":"en"}},"front":[],"parts":[
            {{"id":"1-part","title":[{}],"number":"1","blocks":[],"chapters":[
                {{"id":"talk","title":[{}],"number":"1.1","meta":{{}},"source":{{"path":"a.md","format":"markdown"}},"blocks":[{}],
                  "footnotes":[{{"id":"cite","label":"Knuth84","blocks":[{}],{p}}},{{"id":"unused","blocks":[],{p}}}],{p}}}
            ],{p}}}]}}"#,
        t("Part"),
        t("Talk"),
        all.join(","),
        para(&t("The art."))
    );
    let mut book: Book = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    // Code blocks, after the definition list (built here rather than in
    // JSON, whose name for them is not the tree's contract).
    let code = |language: Option<&str>, text: &str, line_numbers: bool| Block::Code {
        language: language.map(str::to_string),
        text: text.to_string(),
        line_numbers,
        pos: notes_doc::Pos::new(1, 1),
    };
    let blocks = &mut book.parts[0].chapters[0].blocks;
    blocks.insert(6, code(None, "no language <here>", false));
    blocks.insert(6, code(Some("rust"), "fn main() {\n    /* multi\n       line */\n    let s = \"]]>\";\n}", true));
    book
}

#[test]
fn every_kind_of_node_renders_as_well_formed_xhtml() {
    // The assets of a real (small) project: its source folder holds the image.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("notes.toml"), "title = \"Every node\"\ndate = \"2016-11-12\"\n").unwrap();
    std::fs::write(dir.path().join("sources/talk.md"), "# Talk\n\nText.\n").unwrap();
    std::fs::write(dir.path().join("sources/red.png"), tiny_png()).unwrap();
    let loaded = notes::load(&ProjectOptions { cwd: dir.path().to_path_buf(), source: None, config: None, out: None }).unwrap();
    let assets = loaded.assets;
    let book = every_node_book();
    let config = notes_project::config::Config { contents_depth: 3, nav_depth: Some(6), ..Default::default() };
    let bytes = notes_epub_render(&book, &config, &assets).unwrap();
    // For a look with EPUBCheck: EPUB_TEST_OUT=/tmp/every.epub cargo test --test epub every_kind
    if let Some(path) = std::env::var_os("EPUB_TEST_OUT") {
        std::fs::write(path, &bytes).unwrap();
    }
    let files = unzip(&bytes);
    ids(&files);
    let talk = text(&files, "EPUB/talk-1-1.xhtml");
    let doc = parse(&talk);
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    assert!(!talk.contains("javascript") && !talk.contains("alert('raw')"), "{talk}");
    // Ids that are not XML names are made into ones, and links follow.
    assert!(talk.contains(r##"<h2 id="id-2012-intro"><span class="number">1.1.1</span> Intro</h2>"##), "{talk}");
    assert!(talk.contains(r##"<a href="#id-2012-intro" class="internal">to intro</a>"##));
    assert!(talk.contains(r##"<a href="#here" class="internal">to here</a>"##));
    assert!(talk.contains("dangling") && !talk.contains("no-such-anchor"));
    // No link inside a link; the URL's space is encoded.
    assert!(talk.contains(r##"<a href="https://a.org/x%20y" class="external">outer inner<sup class="noteref">[Knuth84]</sup></a>"##), "{talk}");
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        assert!(!a.ancestors().skip(1).any(|n| n.has_tag_name("a")), "a link in a link");
    }
    for expected in [
        r#"<ol class="lower-roman" type="i" start="4">"#,
        "<li class=\"task done\"><p><span class=\"task-mark\" role=\"img\" aria-label=\"done\">☑</span> loose task</p>\n<p>second paragraph</p>",
        "<li><p>four</p>\n</li>",
        r#"<ol class="upper-alpha" type="A">"#,
        r#"<dt>term <span class="classifier">class</span></dt>"#,
        "<dd>one</dd>",
        "<dd>two</dd>",
        "<dt>bare term</dt>\n<dd></dd>",
        r#"<pre class="code numbered" data-language="rust"><code><span class="line" style="padding-left:2ch;text-indent:-2ch"><span class="ln" aria-hidden="true">1</span>"#,
        "]]&gt;",
        r#"<pre class="code"><code><span class="line" style="padding-left:2ch;text-indent:-2ch">no language &lt;here&gt;</span></code></pre>"#,
        r#"<figcaption class="attribution">— Someone</figcaption>"#,
        r#"<div class="line" style="margin-left: 3em">indented</div>"#,
        "<caption>A caption</caption>",
        r#"<th scope="colgroup" class="left" colspan="2">AB</th><th scope="col" class="right">C</th>"#,
        r#"<td class="left" rowspan="2">tall</td><td class="center">b1</td><td class="right">c1</td>"#,
        r#"<tr><td class="center">b2</td><td class="right"><p>c2</p>"#,
        r#"<img class="figure-image" src="images/001-red.png" alt="A red square" style="width: 50%"/>"#,
        r#"<img class="figure-image" src="images/001-red.png" alt="sized"/>"#,
        r#"<p class="caption">Figure caption</p><div class="legend"><p>The legend.</p>"#,
        r#"<p class="rubric">A rubric</p>"#,
        "<hr/>",
        r#"<div id="block-anchor" class="anchor"></div>"#,
        r#"<span id="here" class="anchor"></span>"#,
        r#"<img class="inline-image" src="images/001-red.png" alt=""/>"#,
        "<h3 id=\"deeper\">",
        "<h6 id=\"deepest\"></h6>",
        r#"<div class="admonition note">"#,
        r#"<p class="admonition-title">Note</p>"#,
        r#"<p class="admonition-title">Title of warning</p>"#,
        r#"<div class="admonition see-also">"#,
        r#"<div class="epigraph">"#,
        "<sub>2</sub>",
        "<sup>3</sup>",
        "<del>strike</del>",
        "<code>a &lt; b &amp;&amp; c</code>",
        r##"<a class="note-mark" href="#_ref-1">[Knuth84]</a> The art."##,
    ] {
        assert!(talk.contains(expected), "{expected} missing from\n{talk}");
    }
    // Every admonition kind is there, titled by its kind or its title.
    for kind in [
        "warning",
        "tip",
        "important",
        "caution",
        "danger",
        "hint",
        "attention",
        "error",
        "generic",
        "topic",
        "sidebar",
        "version-added",
        "version-changed",
        "deprecated",
    ] {
        assert!(talk.contains(&format!("admonition {kind}")), "{kind}");
    }
    // A footnote reference to no footnote writes nothing; an unused note
    // is still listed, without a link back.
    assert_eq!(doc.descendants().filter(|n| n.attribute((OPS, "type")) == Some("noteref")).count(), 1);
    assert_eq!(doc.descendants().filter(|n| n.attribute((OPS, "type")) == Some("footnote")).count(), 2);
    // An image without a description is said to be one.
    let opf = text(&files, "EPUB/package.opf");
    assert!(!opf.contains("alternativeText") && opf.contains("Some images have no text description"), "{opf}");
    // The navigation goes to the configured depth (the level-7 heading is
    // beyond what the book numbers, and beyond six levels).
    let entries = nav_entries(&text(&files, "EPUB/nav.xhtml"));
    let labels: Vec<(usize, &str)> = entries.iter().map(|(d, l, _)| (*d, l.as_str())).collect();
    assert_eq!(labels, [(1, "1 Part"), (2, "1.1 Talk"), (3, "1.1.1 Intro"), (4, "1.1.1.1 Deeper")]);
    let hidden: Vec<bool> = entries.iter().map(|(_, _, h)| *h).collect();
    assert_eq!(hidden, [false, false, false, true]);
}

#[test]
fn the_speakers_index_links_land_on_the_talks() {
    let (_dir, built, files) = built();
    let index = text(&files, "EPUB/index-1.xhtml");
    let doc = parse(&index);
    assert!(doc.descendants().any(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("index")), "an index section");
    let mut landed = 0;
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        let href = a.attribute("href").unwrap();
        let (file, id) = href.split_once('#').expect("a link to a place");
        let target = text(&files, &format!("EPUB/{file}"));
        let target = parse(&target);
        let heading = target.descendants().find(|n| n.attribute("id") == Some(id)).unwrap_or_else(|| panic!("{href} lands nowhere"));
        assert!(heading.has_tag_name("h1"), "{href} lands on a <{}>", heading.tag_name().name());
        assert_eq!(element_text(heading).trim(), element_text(a).trim(), "the link names the talk it lands on");
        landed += 1;
    }
    let talks_with_speakers: usize = built.book.parts.iter().flat_map(|p| &p.chapters).map(|c| c.meta.speakers.len()).sum();
    assert_eq!(landed, talks_with_speakers);
    let opf = text(&files, "EPUB/package.opf");
    assert!(opf.contains("index-1.xhtml"), "the index is in the package");
}

#[test]
fn the_fonts_are_cut_down_to_the_characters_of_the_book() {
    let dir = common::project(&[("sources/e/index.md", "# E\n\n- [T](t.md)\n"), ("sources/e/t.md", "# Talk\n\nPlain *words* and `code`.\n")]);
    let (_, epub) = common::render_both(dir.path());
    let mut zip = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    let mut total = 0;
    let mut fonts = 0;
    for i in 0..zip.len() {
        let file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        if name.starts_with("EPUB/fonts/") {
            fonts += 1;
            total += file.size();
            assert!(file.size() < 80_000, "{name} is {} bytes: not a subset", file.size());
        }
    }
    assert!(fonts >= 4, "the body and code fonts are packed");
    assert!(total < 400_000, "{total} bytes of fonts");
    assert!(epub.len() < 500_000, "the EPUB is {} bytes", epub.len());
}

/// A Jupyter Book whose one notebook saved `png` as a cell's output.
fn notebook_project(png: &[u8]) -> tempfile::TempDir {
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD.encode(png);
    let notebook = format!(
        r##"{{"cells": [
            {{"cell_type": "markdown", "source": ["# Plots\n", "\n", "A red plot.\n"]}},
            {{"cell_type": "code", "source": "#| fig-cap: The red plot\nplot()", "outputs": [
                {{"output_type": "display_data", "data": {{"image/png": "{png}", "text/plain": ["<Figure>"]}}}}
            ]}}
        ], "metadata": {{"kernelspec": {{"language": "python"}}}}, "nbformat": 4}}"##
    );
    // A Jupyter Book: the notebook is a chapter of its table of contents.
    common::project(&[
        ("_toc.yml", "format: jb-book\nroot: intro\nchapters:\n- file: plots\n"),
        ("intro.md", "# Plots\n\nThe book.\n"),
        ("plots.ipynb", &notebook),
    ])
}

/// The sizes of the images a PDF holds.
fn pdf_image_sizes(pdf: &[u8]) -> Vec<(i64, i64)> {
    common::PdfRead::new(pdf)
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image"))
        .filter_map(|s| Some((s.dict.get(b"Width").ok()?.as_i64().ok()?, s.dict.get(b"Height").ok()?.as_i64().ok()?)))
        .collect()
}

/// Loads a site-like project (its folder is the notes folder).
fn load_site(dir: &Path) -> notes::Loaded {
    let options = ProjectOptions { cwd: dir.to_path_buf(), source: Some(dir.to_path_buf()), config: None, out: None };
    let loaded = notes::load(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
    loaded
}

#[test]
fn a_notebooks_saved_image_output_is_in_both_books() {
    let dir = notebook_project(&tiny_png());
    let loaded = load_site(dir.path());
    let choice = notes::build::Choice { pdf: true, epub: true, ..Default::default() };
    let made = notes::build::Builder::new().render(&loaded, &choice, &|_| {}).unwrap_or_else(|e| panic!("{e}"));
    let of = |ext: &str| made.outputs.iter().find(|o| o.path.extension().is_some_and(|e| e == ext)).map(|o| o.bytes.clone()).expect("an output");
    let (pdf, epub) = (of("pdf"), of("epub"));
    // The EPUB holds the PNG itself, byte for byte, described by the caption.
    let files = unzip(&epub);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let image = files
        .iter()
        .find(|(name, _)| name.starts_with("EPUB/images/") && name.contains("cell-2-output-1"))
        .unwrap_or_else(|| panic!("no output image in {names:?}"));
    assert!(image.1 == tiny_png(), "the image is not the notebook's PNG");
    let talk = files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, d)| String::from_utf8_lossy(d).to_string())
        .find(|t| t.contains("A red plot"))
        .expect("the notebook's page");
    let img = format!(r#"src="{}" alt="The red plot""#, image.0.trim_start_matches("EPUB/"));
    assert!(talk.contains(&img), "{talk}");
    assert!(!talk.contains("base64"), "{talk}");
    // The PDF draws it: a 2×2 image.
    let sizes = pdf_image_sizes(&pdf);
    assert!(sizes.contains(&(2, 2)), "{sizes:?}");
}

#[test]
fn a_kept_world_draws_a_notebooks_new_output() {
    // `notes watch` keeps its Typst world between builds: a notebook saved
    // again with a new plot shows the new plot.
    let dir = notebook_project(&tiny_png());
    let mut warm = notes_pdf::WarmWorld::default();
    let kind = notes_pdf::world::DocumentKind::Book;
    let first = load_site(dir.path());
    let before = warm.render(&first.book, &first.project.config, &first.assets, kind).unwrap_or_else(|e| panic!("{e}"));
    let again = notebook_project(&red_png(3));
    std::fs::copy(again.path().join("plots.ipynb"), dir.path().join("plots.ipynb")).unwrap();
    let second = load_site(dir.path());
    let after = warm.render(&second.book, &second.project.config, &second.assets, kind).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf_image_sizes(&before.bytes).contains(&(2, 2)));
    let sizes = pdf_image_sizes(&after.bytes);
    assert!(sizes.contains(&(3, 3)) && !sizes.contains(&(2, 2)), "{sizes:?}");
}

#[test]
fn an_index_entry_says_see_or_see_also_as_written() {
    let dir = common::project(&[
        ("sources/e/index.md", "# E\n\n- [T](t.rst)\n"),
        ("sources/e/t.rst", "Talk\n====\n\n.. index::\n   single: kettles\n   see: teapots; kettles\n   seealso: kettles; urns\n\nText about kettles.\n"),
    ]);
    let (pdf, epub) = common::render_both(dir.path());
    let files = unzip(&epub);
    let index = files.iter().filter(|(n, _)| n.starts_with("EPUB/index-")).map(|(_, d)| String::from_utf8_lossy(d).to_string()).collect::<String>();
    let words = element_text(parse(&index).root_element());
    let words = common::squash(&words);
    assert!(words.contains("teapots see kettles"), "{words}");
    assert!(words.contains("see also urns") && !words.contains("teapots see also"), "{words}");
    let text = common::squash(&common::PdfRead::new(&pdf).all_text());
    assert!(text.contains("teapots see kettles"), "{text}");
    assert!(text.contains("see also urns") && !text.contains("teapots see also"), "{text}");
}
