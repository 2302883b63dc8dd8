//! Helpers shared by the integration tests: small projects in temporary
//! folders, and reading PDFs back (text per page, bookmarks, page labels).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

/// A project in a temporary folder, from `(path, contents)` pairs.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("folders");
        std::fs::write(&p, text).expect("a file");
    }
    dir
}

pub fn options(dir: &Path) -> notes_project::ProjectOptions {
    notes_project::ProjectOptions { cwd: dir.to_path_buf(), ..Default::default() }
}

/// Loads a project with the library, panicking on errors in the notes.
pub fn load(dir: &Path) -> notes::Loaded {
    let loaded = notes::load(&options(dir)).unwrap_or_else(|e| panic!("load failed: {e}"));
    assert!(!loaded.diagnostics.has_errors(), "errors: {:?}", loaded.diagnostics);
    loaded
}

pub fn render_pdf(dir: &Path) -> Vec<u8> {
    let loaded = load(dir);
    notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("PDF failed: {e}")).bytes
}

/// The book's PDF and EPUB, made by the same builder the command line uses.
pub fn render_both(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let loaded = load(dir);
    let choice = notes::build::Choice { pdf: true, epub: true, ..Default::default() };
    let made = notes::build::Builder::new().render(&loaded, &choice, &|_| {}).unwrap_or_else(|e| panic!("build failed: {e}"));
    let of = |ext: &str| made.outputs.iter().find(|o| o.path.extension().is_some_and(|e| e == ext)).map(|o| o.bytes.clone()).expect("an output");
    (of("pdf"), of("epub"))
}

/// The text of every XHTML page of an EPUB, in spine order of file names,
/// tags removed, entities of XML decoded.
pub fn epub_text(epub: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a ZIP");
    let mut names: Vec<String> =
        zip.file_names().filter_map(|n| n.ok().map(|n| n.to_string())).filter(|n| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml")).collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name).expect("a page").read_to_string(&mut xml).expect("UTF-8");
        let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let doc = roxmltree::Document::parse_with_options(&xml, options).expect("well-formed XHTML");
        for node in doc.descendants().filter(|n| n.is_text()) {
            out.push_str(node.text().unwrap_or(""));
            out.push(' ');
        }
    }
    out
}

/// A PDF read back.
pub struct PdfRead {
    pub doc: Document,
}

impl PdfRead {
    pub fn new(bytes: &[u8]) -> Self {
        PdfRead { doc: Document::load_mem(bytes).expect("a PDF lopdf can read") }
    }

    pub fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The text of page `n` (1-based, physical).
    pub fn page_text(&self, n: u32) -> String {
        self.doc.extract_text(&[n]).unwrap_or_default()
    }

    /// The width and height of page `n` (1-based), in points.
    pub fn page_size(&self, n: u32) -> (f64, f64) {
        let id = self.doc.get_pages()[&n];
        let page = self.doc.get_dictionary(id).expect("a page");
        let number = |o: &Object| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap_or(0.0);
        let b = page.get(b"MediaBox").and_then(Object::as_array).expect("a media box");
        (number(&b[2]) - number(&b[0]), number(&b[3]) - number(&b[1]))
    }

    /// The content of every page placed on page `n` as a form (a booklet's
    /// pages), in the order of their names.
    pub fn placed_pages(&self, n: u32) -> Vec<Vec<u8>> {
        let id = self.doc.get_pages()[&n];
        let page = self.doc.get_dictionary(id).expect("a page");
        let resources = match page.get(b"Resources") {
            Ok(Object::Reference(r)) => self.doc.get_dictionary(*r).expect("resources"),
            Ok(Object::Dictionary(d)) => d,
            _ => return Vec::new(),
        };
        let Ok(xobjects) = resources.get(b"XObject").and_then(|o| self.doc.dereference(o)).and_then(|(_, o)| o.as_dict()) else { return Vec::new() };
        let mut names: Vec<&Vec<u8>> = xobjects.iter().map(|(k, _)| k).collect();
        names.sort();
        names
            .into_iter()
            .filter_map(|name| {
                let r = xobjects.get(name).ok()?.as_reference().ok()?;
                let stream = self.doc.get_object(r).ok()?.as_stream().ok()?;
                stream.decompressed_content().ok().or_else(|| Some(stream.content.clone()))
            })
            .collect()
    }

    pub fn all_text(&self) -> String {
        (1..=self.page_count() as u32).map(|n| self.page_text(n)).collect::<Vec<_>>().join("\n")
    }

    /// Bookmarks: (level from 1, title, physical page from 1).
    pub fn bookmarks(&self) -> Vec<(usize, String, u32)> {
        let toc = self.doc.get_toc().expect("the PDF has bookmarks");
        toc.toc.into_iter().map(|t| (t.level, t.title, t.page as u32)).collect()
    }

    /// The printed label of every page ("i", "ii", "1" ...), physical order.
    pub fn page_labels(&self) -> Vec<String> {
        let n = self.page_count();
        let mut ranges: Vec<(usize, Option<String>, i64)> = Vec::new();
        if let Ok(catalog) = self.doc.catalog()
            && let Ok(labels) = catalog.get(b"PageLabels")
        {
            let labels = self.resolve(labels).as_dict().expect("a dictionary").clone();
            if let Ok(nums) = labels.get(b"Nums") {
                let nums = self.resolve(nums).as_array().expect("an array").clone();
                for pair in nums.chunks(2) {
                    let index = pair[0].as_i64().expect("an index") as usize;
                    let dict = self.resolve(&pair[1]).as_dict().expect("a label dict").clone();
                    let style = dict.get(b"S").ok().and_then(|s| s.as_name().ok()).map(|s| String::from_utf8_lossy(s).into_owned());
                    let start = dict.get(b"St").ok().and_then(|s| s.as_i64().ok()).unwrap_or(1);
                    ranges.push((index, style, start));
                }
            }
        }
        (0..n)
            .map(|page| {
                let Some((index, style, start)) = ranges.iter().rev().find(|r| r.0 <= page) else {
                    return (page + 1).to_string();
                };
                let value = start + (page - index) as i64;
                match style.as_deref() {
                    Some("D") => value.to_string(),
                    Some("r") => roman(value),
                    Some("R") => roman(value).to_uppercase(),
                    _ => String::new(),
                }
            })
            .collect()
    }

    fn resolve<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).expect("a referenced object"),
            other => other,
        }
    }

    /// Every link to a place in the document: (page it is on, page it
    /// leads to), physical pages from 1, in page order.
    pub fn internal_links(&self) -> Vec<(u32, u32)> {
        let pages = self.doc.get_pages();
        let page_of: std::collections::HashMap<lopdf::ObjectId, u32> = pages.iter().map(|(n, id)| (*id, *n)).collect();
        let mut names = std::collections::HashMap::new();
        if let Ok(catalog) = self.doc.catalog()
            && let Ok(tree) = catalog.get(b"Names")
            && let Ok(dests) = self.resolve(tree).as_dict().and_then(|d| d.get(b"Dests"))
        {
            self.name_tree(self.resolve(dests), &mut names);
        }
        let target = |dest: &Object| -> Option<u32> {
            let dest = match self.resolve(dest) {
                Object::String(name, _) => names.get(name)?.clone(),
                other => other.clone(),
            };
            let array = self.resolve(&dest).as_array().ok()?.clone();
            page_of.get(&array.first()?.as_reference().ok()?).copied()
        };
        let mut out = Vec::new();
        for (n, id) in &pages {
            let Ok(page) = self.doc.get_dictionary(*id) else { continue };
            let Ok(annots) = page.get(b"Annots") else { continue };
            for annot in self.resolve(annots).as_array().cloned().unwrap_or_default() {
                let Ok(annot) = self.resolve(&annot).as_dict() else { continue };
                let dest = annot.get(b"Dest").ok().cloned().or_else(|| {
                    let action = self.resolve(annot.get(b"A").ok()?).as_dict().ok()?;
                    (action.get(b"S").ok()?.as_name().ok()? == b"GoTo").then(|| action.get(b"D").ok().cloned()).flatten()
                });
                if let Some(dest) = dest {
                    out.push((*n, target(&dest).unwrap_or(0)));
                }
            }
        }
        out
    }

    fn name_tree(&self, node: &Object, out: &mut std::collections::HashMap<Vec<u8>, Object>) {
        let Ok(dict) = node.as_dict() else { return };
        if let Ok(names) = dict.get(b"Names").and_then(|n| self.resolve(n).as_array()) {
            for pair in names.chunks(2) {
                if let [Object::String(name, _), value] = pair {
                    out.insert(name.clone(), self.resolve(value).clone());
                }
            }
        }
        if let Ok(kids) = dict.get(b"Kids").and_then(|k| self.resolve(k).as_array()) {
            for kid in kids {
                self.name_tree(self.resolve(kid), out);
            }
        }
    }

    /// The document information dictionary's entry (Title, Author ...).
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let info = self.resolve(info).as_dict().ok()?;
        let value = info.get(key.as_bytes()).ok()?;
        let bytes = value.as_str().ok()?;
        Some(decode_pdf_string(bytes))
    }
}

pub fn decode_pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

pub fn roman(mut n: i64) -> String {
    let table =
        [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Collapses white space, for comparing extracted text.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Titles compared as a reader would: typographic quotes and dashes as
/// their ASCII forms, white space squashed.
pub fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        // Invisible characters (zero-width spaces and joiners, soft
        // hyphens) are not text a reader sees.
        .filter(|c| !matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
        .collect();
    squash(&s.replace('\\', ""))
}

/// Words of a text, punctuation trimmed, quotes and dashes made ASCII;
/// tokens without a letter or digit are left out.
pub fn words(text: &str) -> Vec<String> {
    norm(text).split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()).filter(|w| !w.is_empty()).collect()
}

/// The PDF's body text (from the page labelled 1), hyphenation undone.
pub fn pdf_body_words(pdf: &PdfRead) -> Vec<String> {
    let labels = pdf.page_labels();
    let first = labels.iter().position(|l| l == "1").expect("a page 1");
    let mut text = String::new();
    for page in first..pdf.page_count() {
        // Break points added to long words print nothing.
        let page_text = pdf.page_text(page as u32 + 1).replace('\u{200b}', "");
        // Drop the folio: the page's number, as the first or last line of
        // the page (a number of the text, `0` on a line of its own, stays).
        let folio = labels.get(page).map(String::as_str).unwrap_or("");
        let lines: Vec<&str> = page_text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let last = lines.len().saturating_sub(1);
        for (i, &t) in lines.iter().enumerate() {
            if t == folio && (i == 0 || i == last) {
                continue;
            }
            if let Some(stem) = text.strip_suffix("\u{ad}\n") {
                // Typst marks its own hyphenation with a soft hyphen.
                text = stem.to_string();
            } else if let Some(stem) = text.strip_suffix("-\n")
                && t.starts_with(|c: char| c.is_lowercase())
            {
                // A word hyphenated at the end of a line.
                text = stem.to_string();
            } else if text.ends_with("/\n") && t.starts_with(|c: char| c.is_lowercase()) {
                // A URL broken after a slash.
                text.pop();
            }
            text.push_str(t);
            text.push('\n');
        }
    }
    words(&text)
}

pub fn lcs_len(a: &[String], b: &[String]) -> usize {
    similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

/// Checks that `expected` words appear in `actual` in order (each after the
/// one before); returns the first word that does not, with its index.
/// Words are compared by their letters and digits only, and found inside
/// the running text, so that spaces a PDF text extraction adds or drops
/// around punctuation and zero-width characters do not matter.
pub fn missing_in_order<'a>(expected: &'a [String], actual: &[String]) -> Option<(usize, &'a str)> {
    let key = |w: &str| w.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let haystack: String = actual.iter().map(|w| key(w)).collect();
    let mut at = 0;
    for (i, w) in expected.iter().enumerate() {
        let k = key(w);
        if k.is_empty() {
            continue;
        }
        match haystack[at..].find(&k) {
            Some(p) => at += p + k.len(),
            None => return Some((i, w)),
        }
    }
    None
}

/// The words of the book's text in reading order, as a reader sees them:
/// titles and every block (footnote bodies left out: they are printed at
/// the foot of the page, out of the text's order).
pub fn tree_words(book: &notes_doc::Book) -> Vec<String> {
    use notes_doc::Block;
    // Inline code is set in a box of its own: a separate word in the PDF.
    fn plain_text(inlines: &[notes_doc::Inline]) -> String {
        use notes_doc::Inline;
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Code { text } => {
                    out.push(' ');
                    out.push_str(text);
                    out.push(' ');
                }
                Inline::Text { text } => out.push_str(text),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Sub { content }
                | Inline::Sup { content }
                | Inline::Link { content, .. } => out.push_str(&plain_text(content)),
                // An image that reached the book is drawn, not written (one
                // that did not is its description, as text).
                Inline::Image { .. } => out.push(' '),
                // A formula is set in math letters, not words: it only
                // separates the words around it.
                Inline::LineBreak | Inline::Math { .. } => out.push(' '),
                _ => {}
            }
        }
        out
    }
    let mut text = String::new();
    // Each term before its own definitions, in reading order (a walk
    // visits every term of a list before any definition).
    fn add_blocks(blocks: &[Block], text: &mut String) {
        for b in blocks {
            let mut push = |s: &str| {
                text.push_str(s);
                text.push('\n');
            };
            match b {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } | Block::Rubric { content, .. } => push(&plain_text(content)),
                Block::Code { text: code, .. } => push(code),
                Block::DefinitionList { items, .. } => {
                    for item in items {
                        text.push_str(&plain_text(&item.term));
                        text.push('\n');
                        for definition in &item.definitions {
                            add_blocks(definition, text);
                        }
                    }
                    continue;
                }
                Block::LineBlock { lines, .. } => lines.iter().for_each(|l| push(&plain_text(&l.content))),
                Block::Admonition { title, .. } => push(&plain_text(title)),
                _ => {}
            }
            for children in notes_doc::child_blocks(b) {
                add_blocks(children, text);
            }
        }
    }
    for part in &book.parts {
        text.push_str(&plain_text(&part.title));
        text.push('\n');
        add_blocks(&part.blocks, &mut text);
        for chapter in &part.chapters {
            text.push_str(&plain_text(&chapter.title));
            text.push('\n');
            add_blocks(&chapter.blocks, &mut text);
        }
    }
    words(&text)
}
