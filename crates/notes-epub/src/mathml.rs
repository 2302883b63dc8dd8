//! Formulas as MathML: the `<math>` element `notes-math` writes for a
//! formula, written into a page through the escaping [`Xml`] writer.
//!
//! `notes-math` returns MathML as text. It is not pasted into the page: it
//! is read back with quick-xml and every element, attribute and text is
//! written again through [`Xml`], so that the page stays well-formed and
//! escaped by construction, and only presentation MathML from a fixed list
//! gets in (no `href`, no `maction`, no `annotation-xml`, no foreign
//! namespaces). MathML that does not pass is not written at all, and the
//! caller shows the formula's LaTeX as code instead.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use notes_math::Formula;

use crate::xml::Xml;

/// The presentation-MathML elements a formula may hold.
const ELEMENTS: &[&str] = &[
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
];

/// The attributes an element of a formula may have.
const ATTRIBUTES: &[&str] = &[
    "accent",
    "accentunder",
    "align",
    "alttext",
    "columnalign",
    "columnlines",
    "columnspacing",
    "depth",
    "display",
    "displaystyle",
    "fence",
    "form",
    "frame",
    "height",
    "largeop",
    "linethickness",
    "lspace",
    "mathsize",
    "mathvariant",
    "maxsize",
    "minsize",
    "movablelimits",
    "notation",
    "rowalign",
    "rowlines",
    "rowspacing",
    "rspace",
    "scriptlevel",
    "separator",
    "stretchy",
    "style",
    "symmetric",
    "voffset",
    "width",
    "xmlns",
];

/// The MathML namespace, the only value `xmlns` may have.
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// One piece of a formula's MathML, checked.
enum Piece {
    Open(&'static str, Vec<(&'static str, String)>),
    Empty(&'static str, Vec<(&'static str, String)>),
    Close,
    Text(String),
}

/// Writes the formula `tex` as a MathML `<math>` element (`display` for
/// display math). Returns false, having written nothing, when the formula
/// does not parse or its MathML is not what this module lets in.
pub fn write(xml: &mut Xml, tex: &str, display: bool) -> bool {
    let Ok(formula) = Formula::parse(tex, display) else { return false };
    let Some(pieces) = read(&formula.to_mathml()) else { return false };
    for piece in &pieces {
        match piece {
            Piece::Open(name, attributes) => xml.open(name, &borrowed(attributes)),
            Piece::Empty(name, attributes) => {
                // Written open and closed, like every element that may have
                // content (see `Xml::void`).
                xml.open(name, &borrowed(attributes));
                xml.close();
            }
            Piece::Close => xml.close(),
            Piece::Text(text) => xml.text(text),
        }
    }
    true
}

fn borrowed<'a>(attributes: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    attributes.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The pieces of one `<math>` element, or `None` when it is anything else.
fn read(mathml: &str) -> Option<Vec<Piece>> {
    let mut reader = Reader::from_str(mathml);
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(e) => {
                let (name, attributes) = element(&e, depth == 0)?;
                depth += 1;
                pieces.push(Piece::Open(name, attributes));
            }
            Event::Empty(e) => {
                let (name, attributes) = element(&e, depth == 0)?;
                if depth == 0 {
                    return None;
                }
                pieces.push(Piece::Empty(name, attributes));
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                pieces.push(Piece::Close);
            }
            Event::Text(t) if depth > 0 => pieces.push(Piece::Text(t.decode().ok()?.into_owned())),
            Event::GeneralRef(r) if depth > 0 => {
                let c = match r.resolve_char_ref().ok()? {
                    Some(c) => c,
                    None => match r.decode().ok()?.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => return None,
                    },
                };
                pieces.push(Piece::Text(c.to_string()));
            }
            Event::Eof => break,
            _ => return None,
        }
        if depth == 0 && !pieces.is_empty() {
            // One element, nothing after it.
            return matches!(reader.read_event(), Ok(Event::Eof)).then_some(pieces);
        }
    }
    None
}

/// An element's name and attributes, if all are on the lists; the root
/// must be `math` and nothing else may be.
fn element(e: &BytesStart, root: bool) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let qname = e.name();
    let name = std::str::from_utf8(qname.as_ref()).ok()?;
    let name = *ELEMENTS.iter().find(|n| **n == name)?;
    if (name == "math") != root {
        return None;
    }
    let mut attributes = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        let key = std::str::from_utf8(attribute.key.as_ref()).ok()?;
        let key = *ATTRIBUTES.iter().find(|k| **k == key)?;
        let value = attribute.unescape_value().ok()?.into_owned();
        if key == "xmlns" && value != MATHML_NS {
            return None;
        }
        attributes.push((key, value));
    }
    Some((name, attributes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(tex: &str, display: bool) -> Option<String> {
        let mut xml = Xml::new(64);
        let ok = write(&mut xml, tex, display);
        let text = String::from_utf8(xml.finish().ok()?).ok()?;
        ok.then_some(text)
    }

    #[test]
    fn formulas_are_written_as_mathml() {
        let shown = written("\\frac{a}{b} < c \\text{ & } \"q\"", true).unwrap_or_default();
        assert!(shown.contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\""), "{shown}");
        assert!(shown.contains("<mfrac><mi>a</mi><mi>b</mi></mfrac>"), "{shown}");
        assert!(shown.contains("<mo>&lt;</mo>"), "{shown}");
        assert!(shown.contains("alttext=\"\\frac{a}{b} &lt; c \\text{ &amp; } &quot;q&quot;\""), "{shown}");
        assert!(roxmltree::Document::parse(&shown).is_ok(), "{shown}");
        assert_eq!(written("\\foo", false), None);
    }

    #[test]
    fn only_listed_presentation_mathml_gets_in() {
        let ns = "xmlns=\"http://www.w3.org/1998/Math/MathML\"";
        assert!(read(&format!("<math {ns}><mi>x</mi><mspace width=\"1em\"/></math>")).is_some());
        for bad in [
            format!("<math {ns}><mi href=\"javascript:x\">x</mi></math>"),
            format!("<math {ns}><maction><mi>x</mi></maction></math>"),
            format!("<math {ns}><script>x</script></math>"),
            "<math xmlns=\"http://www.w3.org/1999/xhtml\"><mi>x</mi></math>".to_string(),
            format!("<math {ns}><mi>x</mi></math><math {ns}/>"),
            format!("<math {ns}><mi>&foo;</mi></math>"),
            format!("<math {ns}><!-- c --></math>"),
            format!("<math {ns}><math {ns}/></math>"),
            "<mi>x</mi>".to_string(),
            format!("<math {ns}><mi>x</mi>"),
        ] {
            assert!(read(&bad).is_none(), "{bad}");
        }
    }
}
