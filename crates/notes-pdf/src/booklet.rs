//! Booklets: a PDF's pages imposed two to a side of a sheet in the order of
//! a saddle-stitched booklet (printed on both sides, folded in the middle,
//! stapled on the fold), padded with blank pages to a multiple of four.
//!
//! Typst itself does the imposition: the book's PDF is served to a small
//! document of our own that places its pages as images, two to a sheet.
//! The document's text is made here from numbers only; nothing of the notes
//! reaches it but the PDF's bytes.

use std::fmt::Write as _;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use notes_backend::{Backend, BackendError, Job, Made, Output};
use notes_project::config::{Config, Paper};

use crate::PdfError;
use crate::world::file_id;

/// Where the imposition document finds the pages it places.
const SOURCE_PDF: &str = "/pages.pdf";
/// The imposition document.
const MAIN: &str = "/booklet.typ";

/// The pages of a booklet of `pages` pages, sheet side by sheet side: the
/// page on the left and the one on the right of each side (1-based; 0 is
/// a blank page of the padding). Four pages to a sheet: the first side of
/// sheet `i` holds the last page and the first, the second side the second
/// and the one before last, and so on inwards.
pub fn page_order(pages: usize) -> Vec<(usize, usize)> {
    let n = pages.max(1).div_ceil(4) * 4;
    let shown = |p: usize| if p <= pages { p } else { 0 };
    let mut sides = Vec::with_capacity(n / 2);
    for i in 0..n / 4 {
        sides.push((shown(n - 2 * i), shown(2 * i + 1)));
        sides.push((shown(2 * i + 2), shown(n - 2 * i - 1)));
    }
    sides
}

/// The size of the sheet (landscape) that holds two pages of `page`.
fn sheet_of(page: Paper) -> (&'static str, &'static str) {
    match page {
        Paper::HalfLetter | Paper::Letter => ("11in", "8.5in"),
        Paper::A4 | Paper::A5 | Paper::Ereader => ("297mm", "210mm"),
    }
}

/// The Typst text of the imposition: numbers only.
fn imposition_source(pages: usize, page: Paper) -> String {
    let (width, height) = sheet_of(page);
    let mut text = format!(
        "#set page(width: {width}, height: {height}, margin: 0pt)\n\
         #let src = read(\"{SOURCE_PDF}\", encoding: none)\n\
         #let half(p) = box(width: 50%, height: 100%, if p > 0 {{ image(src, format: \"pdf\", page: p, width: 100%, height: 100%, fit: \"contain\") }})\n"
    );
    for (i, (left, right)) in page_order(pages).into_iter().enumerate() {
        if i > 0 {
            text.push_str("#pagebreak()\n");
        }
        let _ = writeln!(text, "#half({left})#half({right})");
    }
    text
}

/// A world that holds the imposition and the PDF it places, and nothing else.
struct BookletWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    main: Source,
    pdf: Bytes,
}

impl World for BookletWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotFound(id.vpath().get_with_slash().into())) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        if id.vpath().get_with_slash() == SOURCE_PDF { Ok(self.pdf.clone()) } else { Err(FileError::NotFound(id.vpath().get_with_slash().into())) }
    }

    fn font(&self, _index: usize) -> Option<Font> {
        None
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// Imposes the `pages` pages of `pdf` (pages of the size `page`) as a
/// booklet: the PDF to print, and its number of sides.
pub fn impose(pdf: Vec<u8>, pages: usize, page: Paper) -> Result<(Vec<u8>, usize), PdfError> {
    let world = BookletWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::new()),
        main: Source::new(file_id(MAIN), imposition_source(pages, page)),
        pdf: Bytes::new(pdf),
    };
    let document = typst::compile::<PagedDocument>(&world).output.map_err(|errors| PdfError::Typst(errors.iter().map(|e| e.message.to_string()).collect()))?;
    // A print artifact: no archival standard, no tags (the book's own PDF
    // has them).
    let options = PdfOptions { tagged: false, ..PdfOptions::default() };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Typst(errors.iter().map(|e| e.message.to_string()).collect()))?;
    Ok((bytes, document.pages().len()))
}

/// Any PDF output as a booklet: the inner backend makes its PDFs with pages
/// half the size of the configured paper (A5 for A4, half-letter for
/// letter), and each is imposed two pages to a side (`x.pdf` becomes
/// `x-booklet.pdf`).
pub struct Booklet<B> {
    inner: B,
}

impl<B: Backend> Booklet<B> {
    /// Booklets of what `inner` makes.
    pub fn new(inner: B) -> Self {
        Booklet { inner }
    }
}

impl<B: Backend> Backend for Booklet<B> {
    fn name(&self) -> &'static str {
        "booklet"
    }

    fn needs(&self) -> notes_backend::Needs {
        self.inner.needs()
    }

    fn render(&mut self, job: &Job) -> Result<Made, BackendError> {
        let started = std::time::Instant::now();
        let page = job.config.paper.booklet_page();
        let config = Config { paper: page, ..job.config.clone() };
        let mut made = self.inner.render(&Job { config: &config, ..*job })?;
        for output in &mut made.outputs {
            let pages = output.pages.unwrap_or(0);
            let (bytes, sides) = impose(std::mem::take(&mut output.bytes), pages, page).map_err(|e| BackendError::new("booklet", e))?;
            let stem = output.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            *output = Output { path: output.path.with_file_name(format!("{stem}-booklet.pdf")), bytes, pages: Some(sides) };
        }
        made.timings.push(("booklet", started.elapsed()));
        Ok(made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saddle_stitch_order() {
        assert_eq!(page_order(4), [(4, 1), (2, 3)]);
        assert_eq!(page_order(8), [(8, 1), (2, 7), (6, 3), (4, 5)]);
        // Padded with blank pages to a multiple of four.
        assert_eq!(page_order(3), [(0, 1), (2, 3)]);
        assert_eq!(page_order(5), [(0, 1), (2, 0), (0, 3), (4, 5)]);
        assert_eq!(page_order(0), [(0, 0), (0, 0)]);
    }
}
