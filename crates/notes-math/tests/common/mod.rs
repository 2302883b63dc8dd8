//! Shared helpers for the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use notes_math::Formula;

/// The `<math>` start tag the writer produces for `tex`.
pub fn math_open(tex: &str, display: bool) -> String {
    let mut alt = String::new();
    for c in tex.trim().chars() {
        match c {
            '&' => alt.push_str("&amp;"),
            '<' => alt.push_str("&lt;"),
            '>' => alt.push_str("&gt;"),
            '"' => alt.push_str("&quot;"),
            '\n' => alt.push_str("&#10;"),
            '\r' => alt.push_str("&#13;"),
            '\t' => alt.push_str("&#9;"),
            c => alt.push(c),
        }
    }
    format!("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"{}\" alttext=\"{}\">", if display { "block" } else { "inline" }, alt)
}

/// Parses `tex` and asserts the exact Typst markup and the exact MathML
/// (`mathml` is the content of the `<math>` element). (`notes-pdf`'s
/// tests check that all of this crate's markup passes its allowlist.)
pub fn case_with(display: bool, tex: &str, typst: &str, mathml: &str) -> Formula {
    let f = Formula::parse(tex, display).unwrap_or_else(|e| panic!("{tex}: {e}"));
    assert_eq!(f.to_typst(), typst, "Typst markup for {tex}");
    let expected = format!("{}{}</math>", math_open(tex, display), mathml);
    assert_eq!(f.to_mathml(), expected, "MathML for {tex}");
    assert!(well_formed(&f.to_mathml()), "MathML not well-formed for {tex}");
    f
}

/// Like [`case_with`] for formulas without label or tag.
pub fn case(display: bool, tex: &str, typst: &str, mathml: &str) {
    let f = case_with(display, tex, typst, mathml);
    assert_eq!(f.label(), None, "{tex}");
    assert_eq!(f.tag(), None, "{tex}");
}

/// A small XML well-formedness check for the writer's output: balanced
/// tags, quoted attributes, only the five predefined entities and numeric
/// character references, no raw `<` or `&` in text or attributes.
pub fn well_formed(xml: &str) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let bytes = xml.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let Some(end) = xml[i..].find('>') else {
                    return false;
                };
                let tag = &xml[i + 1..i + end];
                if let Some(name) = tag.strip_prefix('/') {
                    if stack.pop() != Some(name) {
                        return false;
                    }
                } else {
                    let self_closing = tag.ends_with('/');
                    let tag = tag.trim_end_matches('/');
                    let name = tag.split(' ').next().unwrap_or("");
                    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return false;
                    }
                    if !attributes_ok(&tag[name.len()..]) {
                        return false;
                    }
                    if !self_closing {
                        stack.push(name);
                    }
                }
                i += end + 1;
            }
            b'&' => {
                let Some(end) = xml[i..].find(';') else {
                    return false;
                };
                if !entity_ok(&xml[i + 1..i + end]) {
                    return false;
                }
                i += end + 1;
            }
            b'>' => return false,
            _ => i += 1,
        }
    }
    stack.is_empty()
}

fn entity_ok(e: &str) -> bool {
    matches!(e, "amp" | "lt" | "gt" | "quot" | "apos")
        || e.strip_prefix("#x").is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
        || e.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

fn attributes_ok(mut s: &str) -> bool {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return true;
        }
        let Some(eq) = s.find("=\"") else {
            return false;
        };
        let name = &s[..eq];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':') {
            return false;
        }
        let rest = &s[eq + 2..];
        let Some(close) = rest.find('"') else {
            return false;
        };
        let value = &rest[..close];
        if value.contains('<') {
            return false;
        }
        let mut v = value;
        while let Some(amp) = v.find('&') {
            let Some(semi) = v[amp..].find(';') else {
                return false;
            };
            if !entity_ok(&v[amp + 1..amp + semi]) {
                return false;
            }
            v = &v[amp + semi + 1..];
        }
        s = &rest[close + 1..];
    }
}

/// Outside string literals, `#` may only start `#none`, and there is no
/// `$`, no comment other than `/**/` and no unescaped `"`.
pub fn typst_is_inert(markup: &str) -> bool {
    let mut chars = markup.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => loop {
                match chars.next() {
                    Some((_, '\\')) => {
                        chars.next();
                    }
                    Some((_, '"')) => break,
                    Some(_) => {}
                    None => return false,
                }
            },
            '#' if !markup[i..].starts_with("#none") => return false,
            '$' => return false,
            '/' if !markup[i..].starts_with("/**/") => return false,
            '/' => {
                chars.next();
                chars.next();
                chars.next();
            }
            _ => {}
        }
    }
    true
}
