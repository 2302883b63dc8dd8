//! The XML writer every file of the EPUB is written with, and the small
//! helpers that make any string safe to put in it.
//!
//! Element and attribute names are always our own constants (`&'static
//! str`); every text and attribute value goes through quick-xml's escaping
//! and through [`xml_chars`], which replaces the characters XML 1.0 (and
//! XHTML) do not allow. The writer keeps the stack of open elements itself,
//! so what it writes is always well-formed. Nothing here knows the document
//! tree, and nothing here may ever write caller text unescaped.

use std::borrow::Cow;

use notes_doc::text::is_xml_char;
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The namespace of XHTML.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The namespace of `epub:type`.
pub const EPUB_NS: &str = "http://www.idpf.org/2007/ops";

/// An XML document being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
    open: Vec<&'static str>,
    /// The first write error, reported by [`Xml::finish`]. (Writing into a
    /// `Vec` cannot fail today; this keeps it honest if that changes.)
    error: Option<std::io::Error>,
}

impl Xml {
    /// A new document with its XML declaration. `capacity` is a guess of
    /// the final size in bytes.
    pub fn new(capacity: usize) -> Xml {
        let mut xml = Xml { writer: Writer::new(Vec::with_capacity(capacity)), open: Vec::new(), error: None };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml.newline();
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none()
            && let Err(e) = self.writer.write_event(event)
        {
            self.error = Some(e);
        }
    }

    /// `<!DOCTYPE html>`, for XHTML documents.
    pub fn doctype_html(&mut self) {
        self.event(Event::DocType(BytesText::from_escaped("html")));
        self.newline();
    }

    fn start_tag(name: &'static str, attributes: &[(&'static str, &str)]) -> BytesStart<'static> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            // `push_attribute` escapes the value (`<`, `>`, `&`, `'`, `"`).
            start.push_attribute((*key, xml_chars(value).as_ref()));
        }
        start
    }

    /// Opens an element; [`Xml::close`] closes it.
    pub fn open(&mut self, name: &'static str, attributes: &[(&'static str, &str)]) {
        self.event(Event::Start(Self::start_tag(name, attributes)));
        self.open.push(name);
    }

    /// Closes the element opened last.
    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.event(Event::End(BytesEnd::new(name)));
        }
    }

    /// Closes the element opened last, then starts a new line (between
    /// block elements, where white space does not matter).
    pub fn close_line(&mut self) {
        self.close();
        self.newline();
    }

    /// How many elements are open: for closing back to a known depth.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Closes elements until `depth` are left open.
    pub fn close_to(&mut self, depth: usize) {
        while self.open.len() > depth {
            self.close();
        }
    }

    /// A void element (`<br/>`, `<img/>`, `<link/>`). Elements that may
    /// have content are always written open and closed, never `<span/>`,
    /// for reading systems that parse XHTML as HTML.
    pub fn void(&mut self, name: &'static str, attributes: &[(&'static str, &str)]) {
        self.event(Event::Empty(Self::start_tag(name, attributes)));
    }

    /// An element holding only text.
    pub fn element(&mut self, name: &'static str, attributes: &[(&'static str, &str)], text: &str) {
        self.open(name, attributes);
        self.text(text);
        self.close();
    }

    /// Text, escaped, with the characters XML does not allow replaced.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let clean = xml_chars(text);
        self.event(Event::Text(BytesText::from_escaped(partial_escape(clean.as_ref()))));
    }

    /// A line break in the file (not in the text): only between elements
    /// where white space does not matter.
    pub fn newline(&mut self) {
        self.event(Event::Text(BytesText::from_escaped("\n")));
    }

    /// Closes what is still open and returns the bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, std::io::Error> {
        self.close_to(0);
        self.newline();
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// `text` with every character XML does not allow replaced by U+FFFD.
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' }).collect())
}

/// Whether `c` may start an XML name (without the colon: an NCName).
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` may be in an XML name (without the colon).
fn is_name_char(c: char) -> bool {
    is_name_start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `id` is an XML name without colons, usable as an `id`.
pub fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// An anchor of the tree made into an `id` attribute: kept when it is
/// already an XML name that does not start with `_` (ids starting with `_`
/// are kept for the ones the backend makes up, such as `_ref-1`); else
/// `id-` and the anchor with every character a name may not hold replaced
/// by `-`. Callers make the result unique.
pub fn xml_id(anchor: &str) -> Cow<'_, str> {
    if is_ncname(anchor) && !anchor.starts_with('_') {
        return Cow::Borrowed(anchor);
    }
    let mut id = String::with_capacity(anchor.len() + 3);
    id.push_str("id-");
    id.extend(anchor.chars().map(|c| if is_name_char(c) { c } else { '-' }));
    Cow::Owned(id)
}

/// A string as a CSS string literal, in double quotes: quotes, backslashes
/// and every control or line-ending character escaped as `\HEX `.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || !is_xml_char(c) => {
                out.push_str(&format!("\\{:x} ", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Xml)) -> String {
        let mut xml = Xml::new(64);
        f(&mut xml);
        String::from_utf8(xml.finish().unwrap()).unwrap()
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let out = written(|x| {
            x.open("p", &[("title", "a \"b\" <c> & 'd'")]);
            x.text("<script>alert(1)</script> &amp; ]]>");
            x.close();
        });
        assert!(out.contains(r#"<p title="a &quot;b&quot; &lt;c&gt; &amp; &apos;d&apos;">"#), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ]]&gt;</p>"), "{out}");
        assert!(!out.contains("<script"));
    }

    #[test]
    fn characters_xml_does_not_allow_become_replacement_characters() {
        let out = written(|x| x.element("p", &[("title", "a\u{0}b")], "nul\u{0} vt\u{b} ff\u{c} esc\u{1b} fffe\u{fffe} ffff\u{ffff} c1\u{85} ok\t\n"));
        assert!(out.contains("title=\"a\u{fffd}b\""), "{out}");
        assert!(out.contains("nul\u{fffd} vt\u{fffd} ff\u{fffd} esc\u{fffd} fffe\u{fffd} ffff\u{fffd} c1\u{fffd} ok\t\n"), "{out}");
        assert!(!out.chars().any(|c| !is_xml_char(c)));
        assert_eq!(xml_chars("plain"), Cow::Borrowed("plain"));
        assert!(is_xml_char('\u{10000}') && !is_xml_char('\u{1FFFF}') && !is_xml_char('\u{FDD0}'));
    }

    #[test]
    fn elements_are_always_closed_in_order() {
        let out = written(|x| {
            x.open("div", &[]);
            x.open("p", &[]);
            x.void("br", &[]);
            x.open("span", &[]);
            // left open: finish closes span, p and div
        });
        assert!(out.ends_with("<div><p><br/><span></span></p></div>\n"), "{out}");
        let out = written(|x| {
            x.close(); // nothing open: nothing written
            x.open("a", &[]);
            let depth = x.depth();
            x.open("b", &[]);
            x.open("c", &[]);
            x.close_to(depth);
            x.text("after");
        });
        assert!(out.ends_with("<a><b><c></c></b>after</a>\n"), "{out}");
    }

    #[test]
    fn ids_are_xml_names() {
        assert_eq!(xml_id("pycon-2012-talk"), "pycon-2012-talk");
        assert_eq!(xml_id("été"), "été");
        assert_eq!(xml_id("2012-pycon"), "id-2012-pycon");
        assert_eq!(xml_id("a b:c\"d<e"), "id-a-b-c-d-e");
        assert_eq!(xml_id("_ref-1"), "id-_ref-1");
        assert_eq!(xml_id(""), "id-");
        for id in ["2012", "a b", "_x", "x:y", "\u{0}", "½", "-a", ".a", "a\u{300}"] {
            assert!(is_ncname(&xml_id(id)), "{id:?} -> {:?}", xml_id(id));
        }
        assert!(!is_ncname("") && !is_ncname("1a") && !is_ncname("a:b") && is_ncname("a.b-c_d"));
    }

    #[test]
    fn css_strings_are_quoted_and_escaped() {
        assert_eq!(css_string("Libertinus Serif"), "\"Libertinus Serif\"");
        assert_eq!(css_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(css_string("x\ny}</style>"), "\"x\\a y}</style>\"");
    }
}
