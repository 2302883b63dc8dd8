//! Text as every step sees it: how a file's text is cleaned before any
//! reader sees it, which characters are never printed, and where a byte
//! offset is as a line and column.

use std::borrow::Cow;

use crate::Pos;

/// Control characters (but newline and tab) and Unicode non-characters:
/// nothing to print. They are taken out of a note's text when it is read
/// ([`clean_text`]), so that no backend ever meets one.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE
}

/// Text of a file as the readers want it: without a byte-order mark, with
/// `\r\n` and lone `\r` line ends made `\n`, and without unprintable
/// characters ([`is_unprintable`]). Columns count characters.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let has_cr = text.contains('\r');
    let has_unprintable = text.chars().any(|c| c != '\r' && is_unprintable(c));
    if !has_cr && !has_unprintable {
        return Cow::Borrowed(text);
    }
    let text = if has_cr { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    if has_unprintable { Cow::Owned(text.chars().filter(|&c| !is_unprintable(c)).collect()) } else { Cow::Owned(text) }
}

/// Whether XML 1.0 and XHTML allow `c` in text: not the C0 controls but
/// tab, line feed and carriage return; not DEL and the C1 controls; not
/// the noncharacters (U+FDD0–U+FDEF, and U+xFFFE, U+xFFFF in every plane).
/// (Surrogates cannot occur in a Rust string.)
pub fn is_xml_char(c: char) -> bool {
    let n = c as u32;
    match n {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F | 0x7F..=0x9F => false,
        0xFDD0..=0xFDEF => false,
        _ => n & 0xFFFE != 0xFFFE,
    }
}

/// Line/column and length (in characters, within its first line) of a
/// byte span of `text`. Offsets inside a character are moved to its start.
pub fn span_pos(text: &str, span: std::ops::Range<usize>) -> (Pos, u32) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    let before = &text[..start];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..start].chars().count() as u32 + 1;
    let len = text[start..end].lines().next().unwrap_or("").chars().count() as u32;
    (Pos::new(line, col), len.max(1))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How deep YAML's flow collections (`[`, `{`) may nest before a YAML text
/// is refused unread. The YAML parser stops at 128 levels anyway, but only
/// after a time that grows with the square of the depth (100,000 `[` took
/// a minute); this check is linear. Brackets inside quoted strings and
/// comments do not count; brackets inside a plain scalar (`a[[[`) do,
/// which is why the bound is well above the parser's.
pub const MAX_YAML_FLOW_DEPTH: usize = 512;

/// The line (1-based) where the flow collections of a YAML text nest
/// deeper than [`MAX_YAML_FLOW_DEPTH`], if they do.
pub fn yaml_too_deep(text: &str) -> Option<u32> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for c in line.chars() {
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '"' | '\'' if depth > 0 || prev == ' ' || prev == ':' => quote = Some(c),
                    '#' if prev == ' ' || prev == '\t' => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_YAML_FLOW_DEPTH {
                            return Some(i as u32 + 1);
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean_text("\u{feff}a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean_text("a\u{0}b\u{7}\tc\u{FFFE}"), "ab\tc");
        assert!(matches!(clean_text("plain\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn spans() {
        assert_eq!(span_pos("ab\ncdé", 5..7), (Pos::new(2, 3), 1));
        assert_eq!(span_pos("x", 10..12), (Pos::new(1, 2), 1));
    }

    #[test]
    fn deep_flow_collections_are_found_and_quoted_brackets_do_not_count() {
        assert_eq!(yaml_too_deep(&format!("title: x\na: {}\n", "[".repeat(100_000))), Some(2));
        assert_eq!(yaml_too_deep(&format!("a: {}1{}\n", "[".repeat(500), "]".repeat(500))), None);
        assert_eq!(yaml_too_deep(&format!("a: \"{}\"\nb: '{}'\n# {}\n", "[".repeat(600), "{".repeat(600), "[".repeat(600))), None);
        assert_eq!(yaml_too_deep(&"- [a, b]\n".repeat(10_000)), None);
    }
}
