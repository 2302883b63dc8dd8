//! Inline markup: emphasis, strong, literals, interpreted text and roles,
//! hyperlink and footnote references, substitutions, inline targets,
//! standalone URIs and e-mail addresses, backslash escapes.
//!
//! It follows docutils' recognition rules (start-strings after white space
//! or punctuation, end-strings before it, quoted start-strings ignored)
//! but finds end-strings through tables built once per text, so that a text
//! full of unmatched start-strings is still read in n·log n time. Unlike
//! docutils, markup characters inside a standalone URL do not start markup.
//! It leaves placeholders for references resolved in the second pass.

use notes_doc::Inline;

use super::source::{LineRef, Sources, Spot};
use super::{Placeholder, Reader, SubLink, TargetDef, normalize_name, whitespace_normalize};

/// The text of one inline context (a paragraph, a title, a cell line ...)
/// as characters, lines joined with `\n`, backslash escapes turned into NUL
/// followed by the escaped character (docutils' `escape2null`).
struct Chars {
    c: Vec<char>,
    /// Character index where each line starts, with the line.
    starts: Vec<(usize, LineRef)>,
}

impl Chars {
    fn new(src: &Sources, lines: &[LineRef]) -> Chars {
        let mut c = Vec::new();
        let mut starts = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                c.push('\n');
            }
            starts.push((c.len(), *line));
            c.extend(src.text(*line).chars());
        }
        let mut i = 0;
        while i < c.len() {
            if c[i] == '\\' {
                c[i] = '\0';
                i += 2;
            } else {
                i += 1;
            }
        }
        Chars { c, starts }
    }

    /// The spot of character `i`.
    fn spot(&self, i: usize) -> Spot {
        let line = self.starts.partition_point(|(s, _)| *s <= i).saturating_sub(1);
        match self.starts.get(line) {
            Some((start, r)) => Spot { file: r.file, line: r.line, col: r.col + (i.saturating_sub(*start)) as u32 },
            None => Spot { file: 0, line: 0, col: 0 },
        }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    fn slice(&self, from: usize, to: usize) -> &[char] {
        &self.c[from.min(self.c.len())..to.min(self.c.len()).max(from.min(self.c.len()))]
    }
}

/// Text with escapes removed: an escaped white space disappears with its
/// backslash (docutils' `unescape`).
pub(super) fn unescape(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\0' {
            if matches!(chars.get(i + 1), Some(' ' | '\n')) {
                i += 2;
            } else {
                i += 1;
            }
            continue;
        }
        out.push(if chars[i] == '\n' { ' ' } else { chars[i] });
        i += 1;
    }
    out
}

/// Text with escapes turned back into backslashes (for literals).
pub(super) fn restore(chars: &[char]) -> String {
    chars
        .iter()
        .map(|&c| match c {
            '\0' => '\\',
            '\n' => ' ',
            c => c,
        })
        .collect()
}

const OPENERS: &[char] = &[
    '"', '\'', '(', '<', '[', '{', '\u{f3a}', '\u{f3c}', '\u{169b}', '\u{2045}', '\u{207d}', '\u{208d}', '\u{2329}', '\u{2768}', '\u{276a}', '\u{276c}',
    '\u{276e}', '\u{2770}', '\u{2772}', '\u{2774}', '\u{27c5}', '\u{27e6}', '\u{27e8}', '\u{27ea}', '\u{27ec}', '\u{27ee}', '\u{2983}', '\u{2985}', '\u{2987}',
    '\u{2989}', '\u{298b}', '\u{298d}', '\u{298f}', '\u{2991}', '\u{2993}', '\u{2995}', '\u{2997}', '\u{29d8}', '\u{29da}', '\u{29fc}', '\u{2e22}', '\u{2e24}',
    '\u{2e26}', '\u{2e28}', '\u{3008}', '\u{300a}', '\u{300c}', '\u{300e}', '\u{3010}', '\u{3014}', '\u{3016}', '\u{3018}', '\u{301a}', '\u{301d}', '\u{301d}',
    '\u{fd3e}', '\u{fe17}', '\u{fe35}', '\u{fe37}', '\u{fe39}', '\u{fe3b}', '\u{fe3d}', '\u{fe3f}', '\u{fe41}', '\u{fe43}', '\u{fe47}', '\u{fe59}', '\u{fe5b}',
    '\u{fe5d}', '\u{ff08}', '\u{ff3b}', '\u{ff5b}', '\u{ff5f}', '\u{ff62}', '\u{ab}', '\u{2018}', '\u{201c}', '\u{2039}', '\u{2e02}', '\u{2e04}', '\u{2e09}',
    '\u{2e0c}', '\u{2e1c}', '\u{2e20}', '\u{201a}', '\u{201e}', '\u{bb}', '\u{2019}', '\u{201d}', '\u{203a}', '\u{2e03}', '\u{2e05}', '\u{2e0a}', '\u{2e0d}',
    '\u{2e1d}', '\u{2e21}', '\u{201b}', '\u{201f}',
];

/// The closer matching each opener of [`OPENERS`], position for position.
const CLOSERS: &[char] = &[
    '"', '\'', ')', '>', ']', '}', '\u{f3b}', '\u{f3d}', '\u{169c}', '\u{2046}', '\u{207e}', '\u{208e}', '\u{232a}', '\u{2769}', '\u{276b}', '\u{276d}',
    '\u{276f}', '\u{2771}', '\u{2773}', '\u{2775}', '\u{27c6}', '\u{27e7}', '\u{27e9}', '\u{27eb}', '\u{27ed}', '\u{27ef}', '\u{2984}', '\u{2986}', '\u{2988}',
    '\u{298a}', '\u{298c}', '\u{298e}', '\u{2990}', '\u{2992}', '\u{2994}', '\u{2996}', '\u{2998}', '\u{29d9}', '\u{29db}', '\u{29fd}', '\u{2e23}', '\u{2e25}',
    '\u{2e27}', '\u{2e29}', '\u{3009}', '\u{300b}', '\u{300d}', '\u{300f}', '\u{3011}', '\u{3015}', '\u{3017}', '\u{3019}', '\u{301b}', '\u{301e}', '\u{301f}',
    '\u{fd3f}', '\u{fe18}', '\u{fe36}', '\u{fe38}', '\u{fe3a}', '\u{fe3c}', '\u{fe3e}', '\u{fe40}', '\u{fe42}', '\u{fe44}', '\u{fe48}', '\u{fe5a}', '\u{fe5c}',
    '\u{fe5e}', '\u{ff09}', '\u{ff3d}', '\u{ff5d}', '\u{ff60}', '\u{ff63}', '\u{bb}', '\u{2019}', '\u{201d}', '\u{203a}', '\u{2e03}', '\u{2e05}', '\u{2e0a}',
    '\u{2e0d}', '\u{2e1d}', '\u{2e21}', '\u{201b}', '\u{201f}', '\u{ab}', '\u{2018}', '\u{201c}', '\u{2039}', '\u{2e02}', '\u{2e04}', '\u{2e09}', '\u{2e0c}',
    '\u{2e1c}', '\u{2e20}', '\u{201a}', '\u{201e}',
];

/// Dashes and other punctuation that may stand before a start-string or
/// after an end-string (docutils' `punctuation_chars.delimiters`).
const DELIMITERS: &[(u32, u32)] = &[
    (0x2d, 0x2d),
    (0x2f, 0x2f),
    (0x3a, 0x3a),
    (0xa1, 0xa1),
    (0xb7, 0xb7),
    (0xbf, 0xbf),
    (0x37e, 0x37e),
    (0x387, 0x387),
    (0x55a, 0x55f),
    (0x589, 0x58a),
    (0x5be, 0x5be),
    (0x5c0, 0x5c0),
    (0x5c3, 0x5c3),
    (0x5c6, 0x5c6),
    (0x5f3, 0x5f4),
    (0x609, 0x60a),
    (0x60c, 0x60d),
    (0x61b, 0x61b),
    (0x61e, 0x61f),
    (0x66a, 0x66d),
    (0x6d4, 0x6d4),
    (0x700, 0x70d),
    (0x7f7, 0x7f9),
    (0x830, 0x83e),
    (0x964, 0x965),
    (0x970, 0x970),
    (0xdf4, 0xdf4),
    (0xe4f, 0xe4f),
    (0xe5a, 0xe5b),
    (0xf04, 0xf12),
    (0xf85, 0xf85),
    (0xfd0, 0xfd4),
    (0x104a, 0x104f),
    (0x10fb, 0x10fb),
    (0x1361, 0x1368),
    (0x1400, 0x1400),
    (0x166d, 0x166e),
    (0x16eb, 0x16ed),
    (0x1735, 0x1736),
    (0x17d4, 0x17d6),
    (0x17d8, 0x17da),
    (0x1800, 0x180a),
    (0x1944, 0x1945),
    (0x19de, 0x19df),
    (0x1a1e, 0x1a1f),
    (0x1aa0, 0x1aa6),
    (0x1aa8, 0x1aad),
    (0x1b5a, 0x1b60),
    (0x1c3b, 0x1c3f),
    (0x1c7e, 0x1c7f),
    (0x1cd3, 0x1cd3),
    (0x2010, 0x2017),
    (0x2020, 0x2027),
    (0x2030, 0x2038),
    (0x203b, 0x203e),
    (0x2041, 0x2043),
    (0x2047, 0x2051),
    (0x2053, 0x2053),
    (0x2055, 0x205e),
    (0x2cf9, 0x2cfc),
    (0x2cfe, 0x2cff),
    (0x2e00, 0x2e01),
    (0x2e06, 0x2e08),
    (0x2e0b, 0x2e0b),
    (0x2e0e, 0x2e1b),
    (0x2e1e, 0x2e1f),
    (0x2e2a, 0x2e2e),
    (0x2e30, 0x2e31),
    (0x3001, 0x3003),
    (0x301c, 0x301c),
    (0x3030, 0x3030),
    (0x303d, 0x303d),
    (0x30a0, 0x30a0),
    (0x30fb, 0x30fb),
    (0xa4fe, 0xa4ff),
    (0xa60d, 0xa60f),
    (0xa673, 0xa673),
    (0xa67e, 0xa67e),
    (0xa6f2, 0xa6f7),
    (0xa874, 0xa877),
    (0xa8ce, 0xa8cf),
    (0xa8f8, 0xa8fa),
    (0xa92e, 0xa92f),
    (0xa95f, 0xa95f),
    (0xa9c1, 0xa9cd),
    (0xa9de, 0xa9df),
    (0xaa5c, 0xaa5f),
    (0xaade, 0xaadf),
    (0xabeb, 0xabeb),
    (0xfe10, 0xfe16),
    (0xfe19, 0xfe19),
    (0xfe30, 0xfe32),
    (0xfe45, 0xfe46),
    (0xfe49, 0xfe4c),
    (0xfe50, 0xfe52),
    (0xfe54, 0xfe58),
    (0xfe5f, 0xfe61),
    (0xfe63, 0xfe63),
    (0xfe68, 0xfe68),
    (0xfe6a, 0xfe6b),
    (0xff01, 0xff03),
    (0xff05, 0xff07),
    (0xff0a, 0xff0a),
    (0xff0c, 0xff0f),
    (0xff1a, 0xff1b),
    (0xff1f, 0xff20),
    (0xff3c, 0xff3c),
    (0xff61, 0xff61),
    (0xff64, 0xff65),
    (0x10100, 0x10101),
    (0x1039f, 0x1039f),
    (0x103d0, 0x103d0),
    (0x10857, 0x10857),
    (0x1091f, 0x1091f),
    (0x1093f, 0x1093f),
    (0x10a50, 0x10a58),
    (0x10a7f, 0x10a7f),
    (0x10b39, 0x10b3f),
    (0x110bb, 0x110bc),
    (0x110be, 0x110c1),
    (0x12470, 0x12473),
];

fn is_delimiter(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return matches!(c, '-' | '/' | ':');
    }
    DELIMITERS
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_opener(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '"' | '\'' | '(' | '<' | '[' | '{');
    }
    OPENERS.contains(&c)
}

fn is_closer(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '"' | '\'' | ')' | '>' | ']' | '}');
    }
    CLOSERS.contains(&c)
}

/// Whether a start-string may begin after `p` (white space, an opening
/// bracket or quote, or a dash or other delimiter).
fn starts_after(p: char) -> bool {
    !p.is_alphanumeric() && (p.is_whitespace() || is_opener(p) || is_delimiter(p))
}

fn is_closing_delimiter(c: char) -> bool {
    matches!(c, '\\' | '.' | ',' | ';' | '!' | '?')
}

/// A word character of a reference name (`\w` but not `_`).
pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether an end-string may stand before `c[i]`: the end of the text,
/// white space, an escape, or closing punctuation (docutils'
/// `end_string_suffix`).
fn ends_markup(c: &[char], i: usize) -> bool {
    match c.get(i) {
        None => true,
        Some(&ch) => ch.is_whitespace() || ch == '\0' || is_closing_delimiter(ch) || is_delimiter(ch) || is_closer(ch),
    }
}

/// Whether `chars` is a reference name (docutils' `simplename`).
pub(super) fn is_simplename(chars: &[char]) -> bool {
    !chars.is_empty() && is_name_char(chars[0]) && name_ends(chars)[0] == chars.len()
}

/// Whether the opener `a` and the closer `b` make a pair (docutils'
/// `match_chars`), so that markup between them is "quoted".
fn match_chars(a: char, b: char) -> bool {
    let Some(i) = OPENERS.iter().position(|&o| o == a) else { return false };
    if CLOSERS.get(i) == Some(&b) {
        return true;
    }
    let extra: &[char] = match a {
        '\u{bb}' => &['\u{bb}'],
        '\u{2018}' => &['\u{201a}'],
        '\u{2019}' => &['\u{2019}'],
        '\u{201a}' => &['\u{2018}', '\u{2019}'],
        '\u{201c}' => &['\u{201e}'],
        '\u{201e}' => &['\u{201c}', '\u{201d}'],
        '\u{201d}' => &['\u{201d}'],
        '\u{203a}' => &['\u{203a}'],
        _ => &[],
    };
    extra.contains(&b)
}

/// End-strings found in one text, for every kind of inline markup, so that
/// the end of any start-string is found by a binary search.
struct Ends {
    emphasis: Vec<usize>,
    strong: Vec<usize>,
    literal: Vec<usize>,
    target: Vec<usize>,
    /// Interpreted text or phrase reference: position of the backquote and
    /// the length of the whole end-string (role suffix and `_` included).
    interpreted: Vec<(usize, usize)>,
    /// `|`, `|_` or `|__`: position and length.
    substitution: Vec<(usize, usize)>,
}

/// For each position, the end of the longest reference name starting there
/// (docutils' `simplename`: words joined by single `-._+:`).
fn name_ends(c: &[char]) -> Vec<usize> {
    let n = c.len();
    let mut end = vec![n; n + 1];
    for i in (0..n).rev() {
        end[i] = if !is_name_char(c[i]) {
            i
        } else if i + 1 < n && is_name_char(c[i + 1]) {
            end[i + 1]
        } else if i + 2 < n && matches!(c[i + 1], '-' | '.' | '_' | '+' | ':') && is_name_char(c[i + 2]) {
            end[i + 2]
        } else {
            i + 1
        };
    }
    end
}

impl Ends {
    fn new(c: &[char], names: &[usize]) -> Ends {
        let n = c.len();
        let ws = |i: usize| c.get(i).is_some_and(|c| c.is_whitespace());
        let suffix = |i: usize| ends_markup(c, i);
        // Not after white space nor an escape.
        let plain_before = |i: usize| i > 0 && !ws(i - 1) && c[i - 1] != '\0';
        let mut e = Ends { emphasis: vec![], strong: vec![], literal: vec![], target: vec![], interpreted: vec![], substitution: vec![] };
        for i in 0..n {
            match c[i] {
                '*' => {
                    if plain_before(i) && suffix(i + 1) {
                        e.emphasis.push(i);
                    }
                    if c.get(i + 1) == Some(&'*') && plain_before(i) && suffix(i + 2) {
                        e.strong.push(i);
                    }
                }
                '`' => {
                    if c.get(i + 1) == Some(&'`') && i > 0 && !ws(i - 1) && suffix(i + 2) {
                        e.literal.push(i);
                    }
                    if plain_before(i) && suffix(i + 1) {
                        e.target.push(i);
                    }
                    // `(?<!(?<!\x00)[\s\x00])`: not after an unescaped white
                    // space or escape character.
                    let before_ok = i > 0 && !((ws(i - 1) || c[i - 1] == '\0') && !(i >= 2 && c[i - 2] == '\0'));
                    if before_ok && let Some(len) = interpreted_suffix(c, names, i, &suffix) {
                        e.interpreted.push((i, len));
                    }
                }
                '|' => {
                    if plain_before(i) {
                        let unders = c[i + 1..].iter().take(2).take_while(|&&u| u == '_').count();
                        if let Some(k) = (0..=unders).rev().find(|k| suffix(i + 1 + k)) {
                            e.substitution.push((i, 1 + k));
                        }
                    }
                }
                _ => {}
            }
        }
        e
    }
}

/// The length of the end-string of interpreted text at the backquote `i`
/// (backquote, optional `:role:`, optional `_`/`__`), if one fits.
fn interpreted_suffix(c: &[char], names: &[usize], i: usize, suffix: &dyn Fn(usize) -> bool) -> Option<usize> {
    let after = i + 1;
    let mut role_end = None;
    if c.get(after) == Some(&':') && c.get(after + 1).is_some_and(|&ch| is_name_char(ch)) {
        let end = names[after + 1];
        if c.get(end) == Some(&':') {
            role_end = Some(end + 1);
        }
    }
    let refend = |from: usize| -> Option<usize> {
        let unders = c.get(from..).map_or(0, |s| s.iter().take(2).take_while(|&&u| u == '_').count());
        (0..=unders).rev().find(|k| suffix(from + k)).map(|k| from + k)
    };
    if let Some(r) = role_end
        && let Some(end) = refend(r)
    {
        return Some(end - i);
    }
    refend(after).map(|end| end - i)
}

/// First entry of a sorted list at or after `from`.
fn first_at(list: &[usize], from: usize) -> Option<usize> {
    list.get(list.partition_point(|&p| p < from)).copied()
}

fn first_pair_at(list: &[(usize, usize)], from: usize) -> Option<(usize, usize)> {
    list.get(list.partition_point(|&(p, _)| p < from)).copied()
}

/// A start-string that is never closed: text of its own, which (as in
/// docutils) also ends the text before it, so that no URI or e-mail
/// address is found across it.
fn unclosed(c: &Chars, k: usize, after: usize) -> Found {
    Found::Markup { start: k, end: after, inlines: vec![Inline::text(c.slice(k, after).iter().collect::<String>())], footnote: false }
}

/// What was found at a position.
enum Found {
    /// Nothing starts here.
    Nothing,
    /// A start-string that is text after all (it is quoted); go on after it.
    Text(usize),
    /// Markup from `start` to `end`, giving these inlines.
    Markup { start: usize, end: usize, inlines: Vec<Inline>, footnote: bool },
}

/// Schemes of standalone URIs that become links.
fn is_link_scheme(scheme: &str) -> bool {
    notes_doc::urls::is_safe(&format!("{scheme}:"))
}

/// A URI character (RFC 2396, as docutils counts them; `?` and `#` only
/// start a query or a fragment).
fn is_uric(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.!~*'()[];/:@&=+$,%\0".contains(c)
}

/// The last character of a URI.
fn is_urilast(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_~*/=+".contains(c)
}

/// The end of a standalone URI starting at `i` (`scheme:` with a scheme of
/// [`is_link_scheme`]) and ending by `to`, if there is one.
fn uri_at(c: &Chars, i: usize, to: usize) -> Option<usize> {
    let chars = &c.c;
    let first = *chars.get(i)?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut j = i;
    while j < chars.len() && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '.' | '+' | '-')) {
        j += 1;
        if j - i > 32 {
            return None;
        }
    }
    if chars.get(j) != Some(&':') {
        return None;
    }
    let scheme: String = chars[i..j].iter().collect();
    if !is_link_scheme(&scheme.to_ascii_lowercase()) {
        return None;
    }
    // docutils: `uric* uri_end (? uric* uri_end)? (# uric* uri_end)?`, the
    // longest that is followed by what may follow markup.
    let end_ok = |from: usize, e: usize| e > from && (is_urilast(chars[e - 1]) || (is_uric(chars[e - 1]) && chars.get(e) == Some(&'>')));
    let suffix_ok = |e: usize| e == to || ends_markup(chars, e);
    let run = |from: usize| {
        let mut e = from;
        while e < to && is_uric(chars[e]) {
            e += 1;
        }
        e
    };
    // A part after `?` or `#` at `at`: its longest end, if any.
    let part = |at: usize, mark: char| -> Option<usize> {
        if chars.get(at) != Some(&mark) {
            return None;
        }
        (at + 2..=run(at + 1)).rev().find(|&e| end_ok(at + 1, e))
    };
    let body_start = j + 1;
    let max = run(body_start);
    let end = (body_start + 1..=max).rev().filter(|&e| end_ok(body_start, e)).find_map(|e1| {
        let e2 = part(e1, '?').unwrap_or(e1);
        let e3 = part(e2, '#').unwrap_or(e2);
        [e3, e2, e1].into_iter().find(|&e| suffix_ok(e))
    })?;
    Some(end)
}

/// A character of an e-mail address (an escape too, as in docutils).
fn is_emailc(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "-_!~*'{|}/#?^`&=+$%\0".contains(ch)
}

/// The e-mail address around the `@` at `at`, within `from..to`: its start
/// and end. Its name starts where a start-string may start.
fn email_around(c: &[char], from: usize, at: usize, to: usize, boundary: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut start = at;
    while start > from && (is_emailc(c[start - 1]) || c[start - 1] == '.') {
        start -= 1;
    }
    // The name: emailc+ (. emailc+)*, starting at a boundary.
    while start < at && (!boundary(start) || !is_emailc(c[start])) {
        start += 1;
    }
    if start >= at || c[at - 1] == '.' || c[start..at].windows(2).any(|w| w == ['.', '.']) {
        return None;
    }
    // The host: at least one character, then more or dots, ending with a
    // character a URI may end with, and followed by what may follow markup.
    if !c.get(at + 1).is_some_and(|ch| is_emailc(*ch)) {
        return None;
    }
    let mut max = at + 1;
    while max < to && (is_emailc(c[max]) || c[max] == '.') {
        max += 1;
    }
    // (The last character may also be any URI character before `>`.)
    let last = if max < to && is_uric(c[max]) { max + 1 } else { max };
    let end = (at + 3..=last).rev().find(|&e| (is_urilast(c[e - 1]) || (is_uric(c[e - 1]) && c.get(e) == Some(&'>'))) && (e == to || ends_markup(c, e)))?;
    Some((start, end))
}

/// Trailing white space of the inlines before a footnote reference (Sphinx
/// trims it).
fn trim_end_inlines(out: &mut Vec<Inline>) {
    while let Some(Inline::Text { text }) = out.last_mut() {
        let t = text.trim_end().len();
        if t == 0 {
            out.pop();
        } else {
            text.truncate(t);
            break;
        }
    }
}

/// Appends text, merging with text before it.
pub(super) fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::text(text));
    }
}

impl Reader<'_, '_, '_> {
    /// Parses the inline markup of some lines.
    pub(super) fn inlines(&mut self, lines: &[LineRef]) -> Vec<Inline> {
        let chars = Chars::new(&self.src, lines);
        self.parse_inlines(&chars)
    }

    /// Parses the inline markup of one line slice.
    pub(super) fn inline_line(&mut self, line: LineRef) -> Vec<Inline> {
        self.inlines(&[line])
    }

    fn parse_inlines(&mut self, c: &Chars) -> Vec<Inline> {
        let n = c.c.len();
        let names = name_ends(&c.c);
        let mut ends: Option<Ends> = None;
        let mut out = Vec::new();
        // Start of text not yet turned into inlines; start of the text that
        // docutils would see as "remaining" (where any start-string may start).
        let mut pending = 0;
        let mut fresh = 0;
        let mut k = 0;
        while k < n {
            let ch = c.c[k];
            let may_start = ch.is_alphanumeric() || matches!(ch, '*' | '`' | '_' | '|' | '[' | ':');
            if !may_start || !(k == fresh || starts_after(c.c[k - 1])) {
                k += 1;
                continue;
            }
            if let Some(end) = uri_at(c, k, n) {
                k = end;
                continue;
            }
            let ends = ends.get_or_insert_with(|| Ends::new(&c.c, &names));
            match self.markup_at(c, &names, ends, k, fresh) {
                Found::Nothing => k += 1,
                Found::Text(next) => {
                    k = next;
                    fresh = next;
                }
                Found::Markup { start, end, inlines, footnote } => {
                    self.implicit(c, pending, start, &mut out);
                    if footnote {
                        trim_end_inlines(&mut out);
                    }
                    out.extend(inlines);
                    pending = end;
                    k = end;
                    fresh = end;
                }
            }
        }
        self.implicit(c, pending, n, &mut out);
        out
    }

    /// Text between markup: standalone URIs and e-mail addresses become
    /// links, the rest text.
    fn implicit(&mut self, c: &Chars, from: usize, to: usize, out: &mut Vec<Inline>) {
        let boundary = |i: usize| i == from || starts_after(c.c[i - 1]);
        let mut text_from = from;
        let mut i = from;
        while i < to {
            let ch = c.c[i];
            if ch.is_ascii_alphabetic()
                && boundary(i)
                && let Some(end) = uri_at(c, i, to)
            {
                push_text(out, &unescape(c.slice(text_from, i)));
                let uri = unescape(c.slice(i, end));
                out.push(Inline::Link { target: notes_doc::Target::Url(uri.clone()), content: vec![Inline::text(uri)], pos: self.pos(c.spot(i)) });
                i = end;
                text_from = end;
                continue;
            }
            if ch == '@'
                && i > text_from
                && c.c[i - 1] != '\0'
                && let Some((start, end)) = email_around(&c.c, text_from, i, to, &boundary)
            {
                push_text(out, &unescape(c.slice(text_from, start)));
                let address = unescape(c.slice(start, end));
                out.push(Inline::Link {
                    target: notes_doc::Target::Url(format!("mailto:{address}")),
                    content: vec![Inline::text(address)],
                    pos: self.pos(c.spot(start)),
                });
                i = end;
                text_from = end;
                continue;
            }
            i += 1;
        }
        push_text(out, &unescape(c.slice(text_from, to)));
    }

    /// Tries every kind of markup at `k` (where a start-string may start).
    fn markup_at(&mut self, c: &Chars, names: &[usize], ends: &Ends, k: usize, fresh: usize) -> Found {
        let ch = c.c[k];
        let next = c.get(k + 1);
        let not_ws = |i: usize| c.get(i).is_some_and(|ch| !ch.is_whitespace());
        match ch {
            '*' if next == Some('*') && not_ws(k + 2) => self.simple(c, k, 2, fresh, &ends.strong, Simple::Strong),
            '*' if next != Some('*') && not_ws(k + 1) => self.simple(c, k, 1, fresh, &ends.emphasis, Simple::Emphasis),
            '`' if next == Some('`') && not_ws(k + 2) => self.simple(c, k, 2, fresh, &ends.literal, Simple::Literal),
            '_' if next == Some('`') && not_ws(k + 2) => self.simple(c, k, 2, fresh, &ends.target, Simple::Target),
            '|' if next != Some('|') && not_ws(k + 1) => self.substitution(c, k, fresh, ends),
            '[' => self.footnote_ref(c, k),
            '`' if next != Some('`') && not_ws(k + 1) => self.interpreted(c, k, k, None, fresh, ends),
            ':' => {
                // `:role:`text``
                if !c.get(k + 1).is_some_and(is_name_char) {
                    return Found::Nothing;
                }
                let end = names[k + 1];
                if c.get(end) == Some(':') && c.get(end + 1) == Some('`') && c.get(end + 2) != Some('`') && not_ws(end + 2) {
                    let role: String = c.slice(k + 1, end).iter().collect();
                    self.interpreted(c, k, end + 1, Some(role), fresh, ends)
                } else {
                    Found::Nothing
                }
            }
            ch if is_name_char(ch) => self.reference(c, names, k),
            _ => Found::Nothing,
        }
    }

    /// Emphasis, strong, literal, inline target.
    fn simple(&mut self, c: &Chars, k: usize, len: usize, fresh: usize, list: &[usize], kind: Simple) -> Found {
        let after = k + len;
        if k != fresh && k > 0 && c.get(after).is_some_and(|p| match_chars(c.c[k - 1], p)) {
            return Found::Text(after);
        }
        let end_len = if matches!(kind, Simple::Strong | Simple::Literal) { 2 } else { 1 };
        match first_at(list, after) {
            Some(j) if j > after => {
                let content = c.slice(after, j);
                let inlines = match kind {
                    Simple::Emphasis => vec![Inline::Emph { content: vec![Inline::text(unescape(content))] }],
                    Simple::Strong => vec![Inline::Strong { content: vec![Inline::text(unescape(content))] }],
                    Simple::Literal => vec![Inline::Code { text: restore(content) }],
                    Simple::Target => {
                        let text = unescape(content);
                        let name = normalize_name(&text);
                        self.define_target(name.clone(), TargetDef::Label(name.clone()), c.spot(k), true);
                        vec![Inline::Anchor { id: name }, Inline::text(text)]
                    }
                };
                Found::Markup { start: k, end: j + end_len, inlines, footnote: false }
            }
            _ => {
                let what = match kind {
                    Simple::Emphasis => "emphasis `*`",
                    Simple::Strong => "strong emphasis `**`",
                    Simple::Literal => "inline literal ``` `` ```",
                    Simple::Target => "inline target ``_` ``",
                };
                self.warn_help(
                    "unclosed-markup",
                    c.spot(k),
                    len as u32,
                    format!("the {what} that starts here is never closed; it is kept as text"),
                    "close it, or write the character with a backslash before it",
                );
                unclosed(c, k, after)
            }
        }
    }

    fn substitution(&mut self, c: &Chars, k: usize, fresh: usize, ends: &Ends) -> Found {
        let after = k + 1;
        if k != fresh && k > 0 && c.get(after).is_some_and(|p| match_chars(c.c[k - 1], p)) {
            return Found::Text(after);
        }
        match first_pair_at(&ends.substitution, after) {
            Some((j, len)) if j > after => {
                let name = whitespace_normalize(&unescape(c.slice(after, j)));
                let link = match len {
                    3 => {
                        self.anonymous_refs += 1;
                        Some(SubLink::Anonymous(self.anonymous_refs - 1))
                    }
                    2 => Some(SubLink::Named(normalize_name(&name))),
                    _ => None,
                };
                let total = (j + len - k) as u32;
                let p = self.placeholder(Placeholder::Substitution { name, link, spot: c.spot(k), len: total });
                Found::Markup { start: k, end: j + len, inlines: vec![p], footnote: false }
            }
            _ => {
                self.warn_help(
                    "unclosed-markup",
                    c.spot(k),
                    1,
                    "the substitution reference `|` that starts here is never closed; it is kept as text",
                    "close it, or write `\\|` for a bar",
                );
                unclosed(c, k, after)
            }
        }
    }

    /// `[1]_`, `[#]_`, `[#name]_`, `[*]_`, `[CITATION]_`.
    fn footnote_ref(&mut self, c: &Chars, k: usize) -> Found {
        let mut j = k + 1;
        while j < c.c.len() && j - k <= 128 && c.c[j] != ']' && !c.c[j].is_whitespace() {
            j += 1;
        }
        if c.get(j) != Some(']') || c.get(j + 1) != Some('_') {
            return Found::Nothing;
        }
        let end = j + 2;
        if !ends_markup(&c.c, end) {
            return Found::Nothing;
        }
        let label: String = c.slice(k + 1, j).iter().collect();
        let is_name = |s: &str| is_simplename(&s.chars().collect::<Vec<_>>());
        let id = if !label.is_empty() && label.chars().all(|ch| ch.is_ascii_digit()) {
            label.clone()
        } else if label == "#" {
            self.notes.auto_refs += 1;
            format!("auto-{}", self.notes.auto_refs)
        } else if let Some(name) = label.strip_prefix('#').filter(|n| is_name(n)) {
            normalize_name(name)
        } else if label == "*" {
            self.notes.symbol_refs += 1;
            format!("symbol-{}", self.notes.symbol_refs)
        } else if is_name(&label) {
            normalize_name(&label)
        } else {
            return Found::Nothing;
        };
        Found::Markup { start: k, end, inlines: vec![Inline::FootnoteRef { id, pos: self.pos(c.spot(k)) }], footnote: true }
    }

    /// `name_` and `name__`.
    fn reference(&mut self, c: &Chars, names: &[usize], k: usize) -> Found {
        let e = names[k];
        if c.get(e) != Some('_') {
            return Found::Nothing;
        }
        let suffix = |i: usize| ends_markup(&c.c, i);
        let refend = if c.get(e + 1) == Some('_') && suffix(e + 2) {
            2
        } else if suffix(e + 1) {
            1
        } else {
            return Found::Nothing;
        };
        let text: String = c.slice(k, e).iter().collect();
        let content = vec![Inline::text(text.clone())];
        let len = (e + refend - k) as u32;
        let p = if refend == 2 {
            self.anonymous_refs += 1;
            Placeholder::Anonymous { index: self.anonymous_refs - 1, content, spot: c.spot(k), len }
        } else {
            Placeholder::Named { name: normalize_name(&text), content, spot: c.spot(k), len }
        };
        let p = self.placeholder(p);
        Found::Markup { start: k, end: e + refend, inlines: vec![p], footnote: false }
    }

    /// Interpreted text and phrase references: `role_start` is where the
    /// markup starts (the role prefix, if any), `k` the opening backquote.
    fn interpreted(&mut self, c: &Chars, role_start: usize, k: usize, prefix_role: Option<String>, fresh: usize, ends: &Ends) -> Found {
        let after = k + 1;
        if prefix_role.is_none() && k != fresh && k > 0 && c.get(after).is_some_and(|p| match_chars(c.c[k - 1], p)) {
            return Found::Text(after);
        }
        let Some((j, len)) = first_pair_at(&ends.interpreted, after).filter(|(j, _)| *j > after) else {
            self.warn_help(
                "unclosed-markup",
                c.spot(k),
                1,
                "the interpreted text or link that starts with this backquote is never closed; it is kept as text",
                "close it with another backquote, or write ``` `` ``` for code",
            );
            return unclosed(c, k, after);
        };
        let end = j + len;
        let suffix: String = c.slice(j + 1, end).iter().collect();
        let refend = suffix.len() - suffix.trim_end_matches('_').len();
        let suffix_role = suffix.trim_end_matches('_').strip_prefix(':').and_then(|s| s.strip_suffix(':')).map(str::to_string);
        let content = c.slice(after, j).to_vec();
        let raw_len = (end - role_start) as u32;
        let spot = c.spot(role_start);
        if prefix_role.is_some() && suffix_role.is_some() {
            self.warn("bad-role", spot, raw_len, "interpreted text may have a role before or after it, not both; it is kept as text");
            return Found::Markup { start: role_start, end, inlines: vec![Inline::text(unescape(c.slice(role_start, end)))], footnote: false };
        }
        let role = prefix_role.or(suffix_role);
        if refend > 0 {
            if role.is_some() {
                self.warn("bad-role", spot, raw_len, "interpreted text cannot both have a role and be a link; it is kept as text");
                return Found::Markup { start: role_start, end, inlines: vec![Inline::text(unescape(c.slice(role_start, end)))], footnote: false };
            }
            let inlines = self.phrase_ref(c, &content, after, refend == 2, spot, raw_len);
            return Found::Markup { start: role_start, end, inlines, footnote: false };
        }
        let inlines = self.role(role.as_deref(), &content, spot, c.spot(after), raw_len);
        Found::Markup { start: role_start, end, inlines, footnote: false }
    }

    /// `` `text`_ ``, `` `text <url>`_ ``, `` `text <alias_>`__ ``.
    fn phrase_ref(&mut self, c: &Chars, content: &[char], content_start: usize, anonymous: bool, spot: Spot, len: u32) -> Vec<Inline> {
        let embedded = embedded_target(content);
        let (text_chars, alias) = match embedded {
            Some((text_end, lt, gt)) => (&content[..text_end], Some(&content[lt + 1..gt])),
            None => (content, None),
        };
        let _ = content_start;
        let _ = c;
        let text = whitespace_normalize(&unescape(text_chars));
        match alias {
            Some(alias) => {
                let raw: String = alias.iter().collect();
                let escaped_underscore = alias.len() >= 2 && alias[alias.len() - 1] == '_' && alias[alias.len() - 2] == '\0';
                let is_uri = {
                    let probe = Chars { c: alias.to_vec(), starts: vec![] };
                    uri_at(&probe, 0, alias.len()) == Some(alias.len())
                };
                if raw.ends_with('_') && !escaped_underscore && !is_uri {
                    // An alias: another reference name.
                    let target = normalize_name(&unescape(&alias[..alias.len() - 1]));
                    let shown = if text.is_empty() { whitespace_normalize(&unescape(&alias[..alias.len() - 1])) } else { text.clone() };
                    if !anonymous && !text.is_empty() {
                        self.define_target(normalize_name(&text), TargetDef::Alias(target.clone()), spot, true);
                    }
                    let p = self.placeholder(Placeholder::Named { name: target, content: vec![Inline::text(shown)], spot, len });
                    vec![p]
                } else {
                    let uri = uri_of(alias);
                    let shown = if text.is_empty() { uri.clone() } else { text.clone() };
                    if !anonymous && !text.is_empty() {
                        self.define_target(normalize_name(&text), TargetDef::Url(uri.clone()), spot, true);
                    }
                    let target = self.link_target(&uri);
                    vec![Inline::Link { target, content: vec![Inline::text(shown)], pos: self.pos(spot) }]
                }
            }
            None => {
                let content = vec![Inline::text(text.clone())];
                let p = if anonymous {
                    self.anonymous_refs += 1;
                    Placeholder::Anonymous { index: self.anonymous_refs - 1, content, spot, len }
                } else {
                    Placeholder::Named { name: normalize_name(&text), content, spot, len }
                };
                vec![self.placeholder(p)]
            }
        }
    }

    /// Where a URI written in the note goes: a URL, or a path relative to
    /// the note.
    pub(super) fn link_target(&self, uri: &str) -> notes_doc::Target {
        notes_doc::urls::classify(uri, self.cx.path)
    }
}

#[derive(Clone, Copy)]
enum Simple {
    Emphasis,
    Strong,
    Literal,
    Target,
}

/// The URI written in `chars` (escapes as NULs, see `escape2null`): white
/// space that is not escaped is dropped, escaped characters are kept.
pub(super) fn uri_of(chars: &[char]) -> String {
    let mut uri = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\0' => {
                if let Some(&c) = chars.get(i + 1) {
                    uri.push(c);
                }
                i += 2;
                continue;
            }
            c if c.is_whitespace() => {}
            c => uri.push(c),
        }
        i += 1;
    }
    adjust_uri(&uri)
}

/// An e-mail address given as a link target becomes a `mailto:` URI.
pub(super) fn adjust_uri(uri: &str) -> String {
    let chars: Vec<char> = uri.chars().collect();
    let at = chars.iter().position(|&c| c == '@');
    if !uri.contains(':') && at.is_some_and(|at| email_around(&chars, 0, at, chars.len(), &|i| i == 0) == Some((0, chars.len()))) {
        format!("mailto:{uri}")
    } else {
        uri.to_string()
    }
}

/// In the text of a phrase reference, an embedded `<target>` at its end:
/// (end of the text before it, index of `<`, index of `>`).
fn embedded_target(content: &[char]) -> Option<(usize, usize, usize)> {
    let gt = content.len().checked_sub(1)?;
    if content[gt] != '>' || gt == 0 || content[gt - 1].is_whitespace() || content[gt - 1] == '\0' {
        return None;
    }
    let mut i = gt;
    let lt = loop {
        if i == 0 {
            return None;
        }
        i -= 1;
        let escaped = i > 0 && content[i - 1] == '\0';
        match content[i] {
            '<' if !escaped => break i,
            '>' if !escaped => return None,
            _ => {}
        }
    };
    if lt + 1 >= gt || content[lt + 1].is_whitespace() {
        return None;
    }
    // `<` must open the text or follow white space.
    let mut text_end = lt;
    while text_end > 0 && matches!(content[text_end - 1], ' ' | '\n') {
        text_end -= 1;
    }
    if text_end == lt && lt != 0 {
        return None;
    }
    Some((text_end, lt, gt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let c: Vec<char> = "a.b_c-d:e x".chars().collect();
        let ends = name_ends(&c);
        assert_eq!(ends[0], 9);
        let c: Vec<char> = "foo__ bar".chars().collect();
        assert_eq!(name_ends(&c)[0], 3);
    }

    #[test]
    fn embedded() {
        let c: Vec<char> = "Python <http://python.org>".chars().collect();
        assert_eq!(embedded_target(&c), Some((6, 7, 25)));
        let c: Vec<char> = "<http://python.org>".chars().collect();
        assert_eq!(embedded_target(&c), Some((0, 0, 18)));
        let c: Vec<char> = "a<b>".chars().collect();
        assert_eq!(embedded_target(&c), None);
    }
}
