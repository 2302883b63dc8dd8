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
    fn titles_from_names() {
        assert_eq!(title_from_path("pycon_2012"), "Pycon 2012");
        assert_eq!(title_from_path("a/the-big-talk.md"), "The Big Talk");
        assert_eq!(file_stem("a/b/talk.md"), "talk");
        assert!(is_index_name("x/index.md") && is_index_name("INDEX.rst") && !is_index_name("x/indexes.md"));
    }
}
