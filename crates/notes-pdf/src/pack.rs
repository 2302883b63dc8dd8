//! Small PDFs: the objects of Typst's PDF packed into compressed object
//! streams, with a compressed cross-reference stream (PDF 1.5; allowed by
//! PDF/A-2 and PDF/UA).
//!
//! Typst (through krilla) writes every object on its own, uncompressed
//! except for its streams, with a classic cross-reference table. A tagged
//! book is mostly small dictionaries (a structure element per paragraph,
//! link and list item: 7,700 of the default book's 8,800 objects), so
//! that its PDF was three times the size of the same objects packed.
//!
//! Only the container changes: each object's bytes are copied as Typst
//! wrote them (a dictionary into an object stream, a stream object as it
//! is), under the same object number, so pages, text, links, bookmarks,
//! tags and metadata are untouched. Streams stay outside object streams
//! (as the standard requires), and so do objects of a generation other
//! than 0. The output depends on the input alone: the same PDF packs to
//! the same bytes on any number of threads.
//!
//! Rewriting was measured against lopdf's `save_modern` (parse every
//! object, serialize it again): on the default book lopdf took 430 million
//! instructions (about 100 ms) and gave 397–410 KB; copying the objects'
//! bytes costs little more than the compression. A file that is not as
//! Typst writes it (no classic cross-reference table, an incremental
//! update, encryption, anything this reader does not follow) is left as it
//! is: [`pack`] returns `None`.

use std::io::Write as _;

use rayon::prelude::*;

/// How many objects go into one object stream: streams are compressed in
/// parallel, and a fixed size keeps the output independent of the number
/// of threads.
const OBJECTS_PER_STREAM: usize = 1000;

/// The zlib level of the object and cross-reference streams: 6 gives
/// about 12% less than 1 on a tagged book, at three times the time.
const LEVEL: u32 = 6;

/// A PDF with its objects packed into compressed object streams and a
/// cross-reference stream, or `None` when `pdf` is not a file this packer
/// understands (it is then best written as it is).
pub fn pack(pdf: &[u8]) -> Option<Vec<u8>> {
    let file = Parsed::read(pdf)?;
    Some(file.write(pdf))
}

/// What is read of the input: its header, objects and trailer.
struct Parsed<'a> {
    /// Everything before the first object (`%PDF-1.7` and the binary comment).
    header: &'a [u8],
    /// The objects, by number: how each is to be written.
    objects: Vec<Object<'a>>,
    /// The trailer's entries but `/Size`, as written: key, value.
    trailer: Vec<(&'a [u8], &'a [u8])>,
}

#[derive(Clone, Copy)]
enum Object<'a> {
    /// A free or missing object number.
    Free { generation: u16 },
    /// Written as it was, whole (`N G obj ... endobj`): a stream, or an
    /// object of a generation other than 0.
    Whole { bytes: &'a [u8], generation: u16 },
    /// Goes into an object stream: the bytes of its value.
    Packed { value: &'a [u8] },
}

impl<'a> Parsed<'a> {
    fn read(pdf: &'a [u8]) -> Option<Parsed<'a>> {
        // Object streams came with PDF 1.5.
        if !pdf.starts_with(b"%PDF-") || pdf.get(5..8).is_none_or(|v| v < b"1.5".as_slice()) {
            return None;
        }
        let xref_at = start_of_xref(pdf)?;
        let mut lex = Lexer { buf: pdf, pos: xref_at };
        if lex.token()? != b"xref" {
            return None;
        }
        // The table: subsections of `first count`, each entry `offset generation n|f`.
        let mut entries: Vec<(usize, u64, u16, bool)> = Vec::new();
        loop {
            let first = lex.token()?;
            if first == b"trailer" {
                break;
            }
            let first: usize = number(first)?;
            let count: usize = number(lex.token()?)?;
            for n in first..first.checked_add(count)? {
                let offset: u64 = number(lex.token()?)?;
                let generation: u16 = number(lex.token()?)?;
                let used = match lex.token()? {
                    b"n" => true,
                    b"f" => false,
                    _ => return None,
                };
                entries.push((n, offset, generation, used));
            }
        }
        let trailer = lex.dictionary()?;
        if trailer.iter().any(|(k, _)| matches!(*k, b"/Prev" | b"/XRefStm" | b"/Encrypt")) || !trailer.iter().any(|(k, _)| *k == b"/Root") {
            return None;
        }
        let trailer: Vec<_> = trailer.into_iter().filter(|(k, _)| *k != b"/Size").collect();

        let size = entries.iter().map(|e| e.0 + 1).max()?;
        let mut objects = vec![Object::Free { generation: 0 }; size];
        // Each used object extends to the next one (or to the table).
        let mut starts: Vec<usize> = entries.iter().filter(|e| e.3).map(|e| usize::try_from(e.1).ok()).collect::<Option<_>>()?;
        starts.push(xref_at);
        starts.sort_unstable();
        let first_object = *starts.first()?;
        for &(n, offset, generation, used) in &entries {
            if !used {
                objects[n] = Object::Free { generation };
                continue;
            }
            let start = usize::try_from(offset).ok()?;
            let end = starts[starts.partition_point(|&s| s <= start)..].first().copied()?;
            objects[n] = object(pdf, n, generation, start, end)?;
        }
        Some(Parsed { header: pdf.get(..first_object)?, objects, trailer })
    }

    fn write(&self, pdf: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(pdf.len() / 2);
        out.extend_from_slice(self.header);
        let size = self.objects.len();
        // Where each object went: (type, field 2, field 3) of its
        // cross-reference stream entry.
        let mut xref: Vec<(u8, u64, u16)> = self.objects.iter().map(|o| (0, 0, if let Object::Free { generation } = o { *generation } else { 0 })).collect();
        for (n, object) in self.objects.iter().enumerate() {
            if let Object::Whole { bytes, generation } = object {
                xref[n] = (1, out.len() as u64, *generation);
                out.extend_from_slice(bytes);
                if !bytes.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
        }
        let packed: Vec<(usize, &[u8])> =
            self.objects.iter().enumerate().filter_map(|(n, o)| if let Object::Packed { value } = o { Some((n, *value)) } else { None }).collect();
        let streams: Vec<(Vec<u8>, usize, usize)> = packed.par_chunks(OBJECTS_PER_STREAM).map(object_stream).collect();
        let mut number = size;
        for (chunk, (data, count, first)) in packed.chunks(OBJECTS_PER_STREAM).zip(&streams) {
            for (index, (n, _)) in chunk.iter().enumerate() {
                xref[*n] = (2, number as u64, index as u16);
            }
            xref.push((1, out.len() as u64, 0));
            let _ = write!(out, "{number} 0 obj\n<</Type/ObjStm/N {count}/First {first}/Filter/FlateDecode/Length {}>>\nstream\n", data.len());
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream\nendobj\n");
            number += 1;
        }
        // The cross-reference stream, which lists itself.
        let at = out.len() as u64;
        xref.push((1, at, 0));
        let width = bytes_for(xref.iter().map(|e| e.1).max().unwrap_or(0));
        let mut table = Vec::with_capacity(xref.len() * (3 + width));
        for (kind, field, third) in &xref {
            table.push(*kind);
            table.extend_from_slice(&field.to_be_bytes()[8 - width..]);
            table.extend_from_slice(&third.to_be_bytes());
        }
        let table = deflate(&table);
        let _ = write!(out, "{number} 0 obj\n<</Type/XRef/Size {}/W[1 {width} 2]", number + 1);
        for (key, value) in &self.trailer {
            out.extend_from_slice(key);
            out.push(b' ');
            out.extend_from_slice(value);
        }
        let _ = write!(out, "/Filter/FlateDecode/Length {}>>\nstream\n", table.len());
        out.extend_from_slice(&table);
        let _ = write!(out, "\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n");
        out
    }
}

/// The object `n` at `pdf[start..end]`, classified.
fn object(pdf: &[u8], n: usize, generation: u16, start: usize, end: usize) -> Option<Object<'_>> {
    let bytes = pdf.get(start..end)?;
    let mut lex = Lexer { buf: bytes, pos: 0 };
    if number::<usize>(lex.token()?)? != n || number::<u16>(lex.token()?)? != generation || lex.token()? != b"obj" {
        return None;
    }
    let value_start = lex.pos;
    let (keyword, keyword_at) = lex.value_then_keyword()?;
    match keyword {
        b"endobj" if generation == 0 => Some(Object::Packed { value: trim(&bytes[value_start..keyword_at]) }),
        b"endobj" | b"stream" => {
            // Written whole: it must end with `endobj` (a stream's data is
            // not read, only copied).
            let whole = trim_end(bytes);
            whole.ends_with(b"endobj").then_some(Object::Whole { bytes: whole, generation })
        }
        _ => None,
    }
}

/// An object stream of `objects`: its compressed data, the number of
/// objects and the offset of the first.
fn object_stream(objects: &[(usize, &[u8])]) -> (Vec<u8>, usize, usize) {
    let mut head = String::new();
    let mut offset = 0;
    for (n, value) in objects {
        head.push_str(&format!("{n} {offset} "));
        offset += value.len() + 1;
    }
    head.pop();
    head.push('\n');
    let mut data = Vec::with_capacity(head.len() + offset);
    data.extend_from_slice(head.as_bytes());
    for (_, value) in objects {
        data.extend_from_slice(value);
        data.push(b'\n');
    }
    (deflate(&data), objects.len(), head.len())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 4), flate2::Compression::new(LEVEL));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// How many bytes hold `n`, big-endian (at least one).
fn bytes_for(n: u64) -> usize {
    (8 - (n.leading_zeros() as usize) / 8).max(1)
}

/// Where the last `startxref` points.
fn start_of_xref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(64)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let mut lex = Lexer { buf: tail, pos: at + 9 };
    let offset: usize = number(lex.token()?)?;
    (offset < pdf.len()).then_some(offset)
}

fn number<T: std::str::FromStr>(token: &[u8]) -> Option<T> {
    std::str::from_utf8(token).ok()?.parse().ok()
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| !is_space(c)).map_or(0, |p| p + 1);
    &b[..end]
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| !is_space(c)).unwrap_or(b.len());
    trim_end(&b[start..])
}

/// The tokens of PDF syntax, enough to find where values end: strings and
/// comments are skipped whole, so that a `>>` or `endobj` inside them is
/// not taken for one.
struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn skip_space(&mut self) {
        while let Some(&b) = self.buf.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.buf.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token: `<<`, `>>`, `[`, `]`, `{`, `}`, a literal string
    /// `(...)`, a hex string `<...>`, a name, or a run of regular
    /// characters (a number or a keyword).
    fn token(&mut self) -> Option<&'a [u8]> {
        self.skip_space();
        let start = self.pos;
        let first = *self.buf.get(start)?;
        let next = self.buf.get(start + 1).copied();
        self.pos += 1;
        match first {
            b'<' if next == Some(b'<') => self.pos += 1,
            b'>' if next == Some(b'>') => self.pos += 1,
            b'[' | b']' | b'{' | b'}' => {}
            b'(' => {
                let mut depth = 1usize;
                while depth > 0 {
                    match *self.buf.get(self.pos)? {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            b'<' => {
                while *self.buf.get(self.pos)? != b'>' {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            b'>' | b')' => return None,
            _ => {
                // A name (`/` and regular characters) or a regular token.
                while self.buf.get(self.pos).is_some_and(|&c| !is_space(c) && !is_delimiter(c)) {
                    self.pos += 1;
                }
            }
        }
        self.buf.get(start..self.pos)
    }

    /// Skips one value (nested dictionaries and arrays whole) and returns
    /// the keyword that follows it at depth 0 (`endobj`, `stream`) and
    /// where that keyword starts.
    fn value_then_keyword(&mut self) -> Option<(&'a [u8], usize)> {
        let mut depth = 0usize;
        loop {
            self.skip_space();
            let at = self.pos;
            let token = self.token()?;
            match token {
                b"<<" | b"[" | b"{" => depth += 1,
                b">>" | b"]" | b"}" => depth = depth.checked_sub(1)?,
                b"endobj" | b"stream" if depth == 0 => return Some((token, at)),
                _ => {}
            }
        }
    }

    /// A dictionary's entries: each key (a name) and its value's bytes.
    fn dictionary(&mut self) -> Option<Vec<(&'a [u8], &'a [u8])>> {
        if self.token()? != b"<<" {
            return None;
        }
        let mut entries = Vec::new();
        loop {
            let key = self.token()?;
            if key == b">>" {
                return Some(entries);
            }
            if !key.starts_with(b"/") {
                return None;
            }
            self.skip_space();
            let start = self.pos;
            self.skip_value()?;
            // An indirect reference is three tokens: `12 0 R`.
            let save = self.pos;
            if number::<u64>(&self.buf[start..self.pos]).is_some() {
                match (self.token(), self.token()) {
                    (Some(g), Some(b"R")) if number::<u16>(g).is_some() => {}
                    _ => self.pos = save,
                }
            }
            entries.push((key, &self.buf[start..self.pos]));
        }
    }

    /// Skips one value, nested dictionaries and arrays whole.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.token()? {
                b"<<" | b"[" | b"{" => depth += 1,
                b">>" | b"]" | b"}" => depth = depth.checked_sub(1)?,
                _ => {}
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF as Typst writes one: classic table, no streams packed.
    fn classic(objects: &[&str], root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n\n", i + 1).as_bytes());
        }
        let at = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(format!("trailer\n<</Size {}/Root {root} 0 R/ID[(a)(b)]>>\nstartxref\n{at}\n%%EOF", objects.len() + 1).as_bytes());
        out
    }

    #[test]
    fn dictionaries_are_packed_and_streams_kept_whole() {
        let pdf = classic(
            &[
                r"<</Type/Catalog/Pages 2 0 R/Title (a \) endobj >> (in) a string)>>",
                "<</Type/Pages/Kids[3 0 R]/Count 1>>",
                "<</Type/Page/Parent 2 0 R/Contents 4 0 R>>",
                "<</Length 12>>\nstream\nendobj >> ()\nendstream",
                "[1 2 <414243> %comment >>\n 3]",
            ],
            1,
        );
        let packed = pack(&pdf).unwrap();
        assert!(packed.starts_with(b"%PDF-1.7\n%\x80\x80\x80\x80\n"));
        let text = String::from_utf8_lossy(&packed);
        assert!(text.contains("/Type/ObjStm/N 4/"), "{text}");
        assert!(text.contains("4 0 obj\n<</Length 12>>\nstream\nendobj >> ()\nendstream\nendobj"), "{text}");
        assert!(text.contains("/Type/XRef/Size 8/W[1 2 2]/Root 1 0 R/ID [(a)(b)]"), "{text}");
        // The object stream, read back: the values as written.
        let start = text.find("/Type/ObjStm").unwrap();
        let data_at = packed[start..].windows(7).position(|w| w == b"stream\n").unwrap() + start + 7;
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&packed[data_at..]), &mut data).unwrap();
        let data = String::from_utf8(data).unwrap();
        assert!(data.starts_with("1 0 2 67 3 103 5 146\n"), "{data}");
        assert!(data.contains(r"<</Type/Catalog/Pages 2 0 R/Title (a \) endobj >> (in) a string)>>"));
        assert!(data.ends_with("[1 2 <414243> %comment >>\n 3]\n"));
        assert_eq!(pack(&pdf).unwrap(), packed, "packing is deterministic");
    }

    #[test]
    fn what_it_does_not_understand_is_left_alone() {
        let ok = classic(&["<</Type/Catalog>>"], 1);
        assert!(pack(&ok).is_some());
        assert!(pack(b"not a pdf").is_none());
        let old = String::from_utf8_lossy(&ok).replace("%PDF-1.7", "%PDF-1.4");
        assert!(pack(old.as_bytes()).is_none(), "object streams need PDF 1.5");
        let updated = String::from_utf8_lossy(&ok).replace("/Root 1 0 R", "/Root 1 0 R/Prev 9");
        assert!(pack(updated.as_bytes()).is_none(), "an incremental update");
        let moved = String::from_utf8_lossy(&ok).replace("0000000016 00000 n", "0000000017 00000 n");
        assert!(pack(moved.as_bytes()).is_none(), "an offset that misses its object");
    }

    #[test]
    fn widths_fit_the_largest_offset() {
        assert_eq!(bytes_for(0), 1);
        assert_eq!(bytes_for(255), 1);
        assert_eq!(bytes_for(256), 2);
        assert_eq!(bytes_for(1 << 24), 4);
    }
}
