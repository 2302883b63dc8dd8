//! URLs: what a link destination is (a URL or a path to another note), which
//! URL schemes a book may link to, whether a URL is valid (and how a broken
//! one is repaired), and how a URL is written as an `href`. Readers
//! classify, normalization decides what is safe and valid ([`check`]),
//! backends write ([`href`], which applies the same [`check`]): all through
//! this one module.

use std::borrow::Cow;

use crate::{Pending, Target};

/// The schemes a link in a book may have; anything else (`javascript:`,
/// `data:`, `file:`) is kept as text.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp", "ftps", "tel", "irc", "ircs", "news", "xmpp"];

/// Whether `s` starts with a URL scheme (`https:`, `mailto:` ...). One
/// letter before a colon is a Windows drive (`c:x`), not a scheme.
pub fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let scheme = &s[..colon];
    colon >= 2 && scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether a URL's scheme is one a book may link to.
pub fn is_safe(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else { return false };
    SAFE_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme.trim()))
}

/// What a link destination written in the note at `from` points to: a URL,
/// a fragment of the same note, or a path to another note (to be resolved
/// by normalization).
pub fn classify(dest: &str, from: &str) -> Target {
    if has_scheme(dest) {
        return Target::Url(dest.to_string());
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Target::Pending(Pending::Fragment { fragment: percent_decode(fragment), from: from.to_string() });
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    Target::Pending(Pending::Path { path: percent_decode(path), fragment, from: from.to_string() })
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written, and a
/// result that is not UTF-8 leaves the text as it was.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(Cow::Borrowed(b)) => b.to_string(),
        Ok(Cow::Owned(o)) => o,
        Err(_) => s.to_string(),
    }
}

/// What [`check`] says of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlCheck {
    /// Safe and valid as written.
    Valid,
    /// Safe, but written wrong in a way with one clear meaning
    /// (`http:example.com`, `http:/example.com`, `http:\\example.com`):
    /// the URL that was meant, and what was wrong.
    Repaired { url: String, why: String },
    /// Not a link a book may hold: a scheme that could act (`javascript:`),
    /// or no URL at all (`http://`, `https://exa mple.com`).
    Refused { why: String },
}

/// The longest URL a link may have (in bytes). Typst refuses URLs over
/// 8,000 bytes, PDF readers and e-readers struggle well before; a longer
/// one is a paste gone wrong, and is kept as text.
pub const MAX_URL_LEN: usize = 4000;

/// The one judge of external links: whether `url` is safe (its scheme is
/// one of [`SAFE_SCHEMES`]) and valid as the WHATWG URL standard (which
/// EPUBCheck applies) reads it. A URL the standard only accepts by
/// guessing (a missing `//` after `http:`, backslashes) is repaired to
/// what it meant. Characters a URL may not hold (spaces, quotes) are not a
/// fault here: [`href`] encodes them. A URL longer than [`MAX_URL_LEN`] is
/// refused.
pub fn check(url: &str) -> UrlCheck {
    let url = url.trim();
    if !is_safe(url) {
        let scheme = url.split_once(':').map_or(url, |(s, _)| s);
        return UrlCheck::Refused { why: format!("links may not use the scheme {scheme:?}") };
    }
    if url.len() > MAX_URL_LEN {
        return UrlCheck::Refused { why: format!("the URL is {} characters long; a link may be at most {MAX_URL_LEN}", url.len()) };
    }
    let violations = std::cell::RefCell::new(Vec::new());
    let parsed = url::Url::options().syntax_violation_callback(Some(&|v| violations.borrow_mut().push(v))).parse(url);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return UrlCheck::Refused { why: format!("{url:?} is not a valid URL ({e})") },
    };
    let structural = violations
        .borrow()
        .iter()
        .copied()
        .find(|v| matches!(v, url::SyntaxViolation::ExpectedDoubleSlash | url::SyntaxViolation::Backslash | url::SyntaxViolation::ExpectedFileDoubleSlash));
    let hierarchical = matches!(parsed.scheme(), "http" | "https" | "ftp" | "ftps");
    if hierarchical && parsed.host_str().is_none_or(str::is_empty) {
        return UrlCheck::Refused { why: format!("{url:?} names no host") };
    }
    match structural {
        Some(v) => {
            let mut repaired = parsed.to_string();
            // Keep the URL as the note wrote it where it was right: no
            // slash added after a bare host.
            if !url.ends_with('/') && parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none() {
                repaired.pop();
            }
            if repaired.len() > MAX_URL_LEN * 2 {
                return UrlCheck::Refused { why: format!("the URL is {} characters long once repaired; a link may be at most {MAX_URL_LEN}", repaired.len()) };
            }
            UrlCheck::Repaired { url: repaired, why: v.description().to_string() }
        }
        None => UrlCheck::Valid,
    }
}

/// An external URL as an `href`, or `None` when it is not one a link may
/// have ([`check`]; a URL it repairs is written repaired). Characters a URL may not hold (spaces, quotes, control
/// characters, a second `#`) are percent-encoded; escapes already there are
/// kept.
pub fn href(url: &str) -> Option<String> {
    let repaired;
    let url = match check(url) {
        UrlCheck::Valid => url.trim(),
        UrlCheck::Repaired { url, .. } => {
            repaired = url;
            repaired.as_str()
        }
        UrlCheck::Refused { .. } => return None,
    };
    let (scheme, _) = url.split_once(':')?;
    let valid_scheme =
        scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme || !SAFE_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    let mut seen_hash = false;
    let bytes = url.as_bytes();
    for (i, c) in url.char_indices() {
        let hex_follows = || bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        match c {
            '%' if hex_follows() => out.push('%'),
            '#' if !seen_hash => {
                seen_hash = true;
                out.push('#');
            }
            '%' | '#' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() || !crate::text::is_xml_char(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_escapes() {
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
        assert_eq!(percent_decode("%ff"), "%ff");
        assert!(has_scheme("https://x") && has_scheme("mailto:a@b") && !has_scheme("c:x") && !has_scheme("a.md"));
        assert!(is_safe("https://x") && is_safe("MAILTO:a@b"));
        assert!(!is_safe("javascript:alert(1)") && !is_safe("data:text/html,x") && !is_safe("file:///etc/passwd"));
    }

    #[test]
    fn destinations() {
        assert_eq!(classify("https://x.org", "a.md"), Target::Url("https://x.org".into()));
        assert_eq!(classify("#a%20b", "a.md"), Target::Pending(Pending::Fragment { fragment: "a b".into(), from: "a.md".into() }));
        assert_eq!(
            classify("../b.md#s", "e/a.md"),
            Target::Pending(Pending::Path { path: "../b.md".into(), fragment: Some("s".into()), from: "e/a.md".into() })
        );
    }

    #[test]
    fn hrefs() {
        assert_eq!(href("https://example.com/a?b=1&c=2").as_deref(), Some("https://example.com/a?b=1&c=2"));
        assert_eq!(href("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
        assert_eq!(href("javascript:alert(1)"), None);
        assert_eq!(href("JavaScript:alert(1)"), None);
        assert_eq!(href("data:text/html,x"), None);
        assert_eq!(href("no scheme"), None);
        assert_eq!(href("http://x/a b\"<>%zz%41#f#g").as_deref(), Some("http://x/a%20b%22%3C%3E%25zz%41#f%23g"));
        assert_eq!(href("http://x/\u{0}").as_deref(), Some("http://x/%00"));
        assert_eq!(href("https://ex.com/été").as_deref(), Some("https://ex.com/été"));
    }

    /// Regression: `http:example.com` (which reST makes a link, as docutils
    /// does, and Markdown writes as `<http:example.org>`) reached the EPUB
    /// as written, which EPUBCheck rejects (RSC-020).
    #[test]
    fn urls_written_wrong_are_repaired_or_refused() {
        let repaired = |u: &str| match check(u) {
            UrlCheck::Repaired { url, .. } => url,
            other => panic!("{u}: {other:?}"),
        };
        assert_eq!(repaired("http:example.com"), "http://example.com");
        assert_eq!(repaired("http:/example.com/a?b"), "http://example.com/a?b");
        assert_eq!(repaired("HTTPS:example.net/"), "https://example.net/");
        assert_eq!(repaired("http:\\\\example.com\\x"), "http://example.com/x");
        assert_eq!(href("http:example.com").as_deref(), Some("http://example.com"));
        for ok in ["https://example.com", "http://x.org/a b", "mailto:a@b.c", "https://ex.com/été", "ftp://host/file", "tel:+123"] {
            assert_eq!(check(ok), UrlCheck::Valid, "{ok}");
        }
        for bad in ["http://", "http:", "https://exa mple.com", "javascript:alert(1)", "http://[::1"] {
            assert!(matches!(check(bad), UrlCheck::Refused { .. }), "{bad}: {:?}", check(bad));
            assert_eq!(href(bad), None, "{bad}");
        }
    }
}
