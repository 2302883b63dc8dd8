//! Names made from text: slugs (for anchors and file names) and titles made
//! from file names. One slug for the whole project, so that an anchor, an
//! `--only` selector and a file name made from the same title agree.

/// Slugs are cut to this many characters, so that ids stay readable.
pub const SLUG_MAX: usize = 60;

/// A slug: lower case, letters and digits kept (any script), apostrophes
/// dropped (`What's` → `whats`), everything else a single `-`; at most
/// [`SLUG_MAX`] characters.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // "What's" → "whats"
        } else {
            dash = true;
        }
    }
    if out.chars().count() > SLUG_MAX {
        let cut: String = out.chars().take(SLUG_MAX).collect();
        return cut.trim_end_matches('-').to_string();
    }
    out
}

/// The slug of as many of the title's first words as fit in `max`
/// characters, so that no word is cut in two (a file name for a talk).
/// Falls back to the cut [`slug`] when even the first word is too long.
pub fn slug_of_words(title: &str, max: usize) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let mut best = String::new();
    for n in 1..=words.len() {
        let candidate = slug(&words[..n].join(" "));
        if candidate.chars().count() >= max.min(SLUG_MAX) {
            break;
        }
        best = candidate;
    }
    if best.is_empty() { slug(title) } else { best }
}

/// The [`slug`] with only ASCII letters, digits and `-`, at most `max`
/// characters, or `fallback` when nothing is left: a name that every file
/// system and every reading system takes as it is.
pub fn ascii_slug(text: &str, max: usize, fallback: &str) -> String {
    let mut out = String::new();
    for c in slug(text).chars() {
        if out.len() >= max {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() { fallback.to_string() } else { trimmed.to_string() }
}

/// The name of a `/`-separated path's last component without its extension
/// (`a/talk.md` → `talk`).
pub fn file_stem(path: &str) -> &str {
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A title made from a file or folder name: `pycon_2012` → "Pycon 2012".
pub fn title_from_path(path: &str) -> String {
    let stem = file_stem(path);
    let words: Vec<String> = stem
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() { stem.to_string() } else { words.join(" ") }
}

/// Whether a note is an index by its name (`index.md`, `INDEX.rst`).
pub fn is_index_name(path: &str) -> bool {
    file_stem(path).eq_ignore_ascii_case("index")
}

/// Compares two names as people sort them: case-insensitively, and runs of
/// digits by their value (`talk 2` before `talk 10`, `ch2` before `ch10`).
/// Equal names by that rule fall back to plain byte order, so that the
/// order is total and the same on every machine.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    n.push(c);
                    x.next();
                }
                let mut m = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    m.push(d);
                    y.next();
                }
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let by_value = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(c), Some(d)) => {
                let (c, d) = (fold(c), fold(d));
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A letter as sorting sees it: lower case, and without its accent for the
/// common Latin letters (`Café` sorts with `cafe`, `Ärzte` with `arzte`).
fn fold(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// A title made from a folder name, as MkDocs makes one: `-` and `_` become
/// spaces and a name written all in lower case gets a capital first letter
/// (`angular-kc-2019` → "Angular kc 2019", `AWS-SAA` → "AWS SAA").
pub fn folder_title(name: &str) -> String {
    let spaced: String = name.chars().map(|c| if c == '-' || c == '_' { ' ' } else { c }).collect();
    let spaced = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    if spaced.chars().any(char::is_uppercase) {
        return spaced;
    }
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("What's New in Python 3.3?"), "whats-new-in-python-3-3");
        assert_eq!(slug("  Ünïcode — テスト "), "ünïcode-テスト");
        assert_eq!(slug(&"x".repeat(100)).len(), SLUG_MAX);
        assert_eq!(slug_of_words("The Future Is Bright", 60), "the-future-is-bright");
        let long = slug_of_words("The Future of Collaboration in the Python Community and Beyond It All", SLUG_MAX);
        assert_eq!(long, "the-future-of-collaboration-in-the-python-community-and");
        assert_eq!(ascii_slug("Café au lait!", 40, "file"), "caf-au-lait");
        assert_eq!(ascii_slug("テスト", 40, "file"), "file");
    }

    #[test]
    fn natural_order() {
        let mut names = vec!["talk 10.md", "Talk 2.md", "talk 1.md", "ch10", "ch2", "Café", "cafe", "Zeta", "ärzte"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["ärzte", "Café", "cafe", "ch2", "ch10", "talk 1.md", "Talk 2.md", "talk 10.md", "Zeta"]);
        assert_eq!(natural_cmp("a01", "a1"), "a01".cmp("a1"));
        assert_eq!(folder_title("angular-kc-2019"), "Angular kc 2019");
        assert_eq!(folder_title("AWS-SAA"), "AWS SAA");
        assert_eq!(folder_title("ålesund fjord meetup"), "Ålesund fjord meetup");
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_path("pycon_2012"), "Pycon 2012");
        assert_eq!(title_from_path("a/the-big-talk.md"), "The Big Talk");
        assert_eq!(file_stem("a/b/talk.md"), "talk");
        assert!(is_index_name("x/index.md") && is_index_name("INDEX.rst") && !is_index_name("x/indexes.md"));
    }
}
