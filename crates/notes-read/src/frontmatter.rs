//! Front matter: an optional block of metadata at the top of a Markdown note,
//! in YAML between `---` lines or TOML between `+++` lines.
//!
//! Known keys: `title`, `speakers` (or `speaker`, `author`, `authors`; a
//! string or a list), `date`, `tags` (a string or a list). Other keys are
//! kept out of the book with a warning, so that a typo is noticed.

use serde::Deserialize;

use notes_doc::diag::FileDiagnostics;
use notes_doc::{Pos, TalkMeta};

/// What the front matter said, and how many lines it took.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub meta: TalkMeta,
    /// Lines the front matter used, fences included: the body starts after.
    pub lines: usize,
    /// Byte length of the front matter, fences and final newline included.
    pub bytes: usize,
    /// MyST substitutions (`myst: substitutions: {name: value}`): text that
    /// `{{ name }}` stands for in the note.
    pub substitutions: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct Raw {
    title: Option<String>,
    speakers: Option<OneOrMany>,
    speaker: Option<OneOrMany>,
    author: Option<OneOrMany>,
    authors: Option<OneOrMany>,
    date: Option<Scalar>,
    tags: Option<OneOrMany>,
    myst: Option<MystMatter>,
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// The `myst:` key of a MyST note's front matter.
#[derive(Deserialize, Default)]
#[serde(default)]
struct MystMatter {
    substitutions: std::collections::BTreeMap<String, Scalar>,
    #[serde(flatten)]
    _other: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A string, or a number or date that YAML/TOML typed for us.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    TomlDate(toml::value::Datetime),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(n) => n.to_string(),
            Scalar::Float(n) => n.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::TomlDate(d) => d.to_string(),
        }
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => split_list(&s.into_string()),
            OneOrMany::Many(v) => v.into_iter().map(Scalar::into_string).collect(),
        }
    }
}

/// "Ann, Bob and Cy" → ["Ann", "Bob", "Cy"].
fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';']).flat_map(|p| p.split(" and ")).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Splits front matter off `text`, if the note starts with some.
pub fn parse(text: &str, diags: &mut FileDiagnostics) -> FrontMatter {
    let fence = if text.starts_with("---\n") || text == "---" {
        "---"
    } else if text.starts_with("+++\n") {
        "+++"
    } else {
        return FrontMatter::default();
    };
    // Find the closing fence: a line that is exactly the fence (YAML also
    // allows `...`).
    let mut offset = fence.len() + 1;
    let mut line_no = 1;
    let mut end = None;
    for line in text.get(offset..).unwrap_or("").split_inclusive('\n') {
        line_no += 1;
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            end = Some((offset, offset + line.len(), line_no));
            break;
        }
        offset += line.len();
    }
    let Some((body_end, total, lines)) = end else {
        // An unclosed `---` is a thematic break in Markdown, not metadata.
        return FrontMatter::default();
    };
    let body = &text[fence.len() + 1..body_end];
    let parsed: Result<Raw, String> = if fence == "---" {
        if body.trim().is_empty() {
            Ok(Raw::default())
        } else {
            serde_yaml_ng::from_str(body).map_err(|e| {
                let line = e.location().map_or(0, |l| l.line() as u32);
                format!("{}{}", e.to_string().lines().next().unwrap_or(""), line_hint(line))
            })
        }
    } else {
        toml::from_str(body).map_err(|e| e.message().lines().next().unwrap_or("").to_string())
    };
    let raw = match parsed {
        Ok(raw) => raw,
        Err(message) => {
            diags.warn("bad-front-matter", Pos::new(1, 1), 3, format!("the front matter could not be read and was left out: {message}"));
            return FrontMatter { lines, bytes: total, ..FrontMatter::default() };
        }
    };
    for key in raw.other.keys() {
        let line = key_line(body, key).map_or(2, |l| l + 1);
        diags.warn(
            "unknown-front-matter",
            Pos::new(line, 1),
            key.chars().count() as u32,
            format!("unknown front matter key `{key}` (known: title, speakers, date, tags)"),
        );
    }
    let mut speakers = Vec::new();
    for list in [raw.speakers, raw.speaker, raw.authors, raw.author].into_iter().flatten() {
        speakers.extend(list.into_vec());
    }
    FrontMatter {
        title: raw.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        meta: TalkMeta {
            speakers,
            date: raw.date.map(Scalar::into_string),
            tags: raw.tags.map(OneOrMany::into_vec).unwrap_or_default(),
            ..TalkMeta::default()
        },
        lines,
        bytes: total,
        substitutions: raw.myst.map(|m| m.substitutions.into_iter().map(|(k, v)| (k, v.into_string())).collect()).unwrap_or_default(),
    }
}

fn line_hint(line: u32) -> String {
    if line > 0 { format!(" (front matter line {line})") } else { String::new() }
}

fn key_line(body: &str, key: &str) -> Option<u32> {
    body.lines().position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with([':', '=']))).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::diag::Diagnostics;
    use std::path::Path;

    fn run(text: &str) -> (FrontMatter, Diagnostics) {
        let mut d = Diagnostics::new();
        let fm = parse(text, &mut FileDiagnostics { file: Path::new("t.md"), diagnostics: &mut d });
        (fm, d)
    }

    #[test]
    fn yaml_front_matter() {
        let (fm, d) = run("---\ntitle: The Talk\nspeakers: [Ann Lee, Bob]\ndate: 2012-03-09\ntags: python, web\n---\n# Body\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("The Talk"));
        assert_eq!(fm.meta.speakers, vec!["Ann Lee", "Bob"]);
        assert_eq!(fm.meta.date.as_deref(), Some("2012-03-09"));
        assert_eq!(fm.meta.tags, vec!["python", "web"]);
        assert_eq!(fm.lines, 6);
        assert_eq!(&"---\ntitle: The Talk\nspeakers: [Ann Lee, Bob]\ndate: 2012-03-09\ntags: python, web\n---\n# Body\n"[fm.bytes..], "# Body\n");
    }

    #[test]
    fn toml_front_matter_and_single_speaker() {
        let (fm, d) = run("+++\ntitle = \"T\"\nspeaker = \"Ann and Bob\"\n+++\ntext");
        assert!(d.is_empty());
        assert_eq!(fm.meta.speakers, vec!["Ann", "Bob"]);
        assert_eq!(fm.lines, 4);
    }

    #[test]
    fn unknown_keys_and_bad_yaml_warn() {
        let (fm, d) = run("---\ntitle: T\nspeakr: X\n---\n");
        assert_eq!(fm.title.as_deref(), Some("T"));
        let w: Vec<_> = d.iter().collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "unknown-front-matter");
        assert_eq!(w[0].line, 3);
        let (fm, d) = run("---\ntitle: [unclosed\n---\nbody");
        assert_eq!(fm.title, None);
        assert_eq!(fm.lines, 3);
        assert_eq!(d.iter().next().unwrap().code, "bad-front-matter");
    }

    #[test]
    fn no_front_matter_or_unclosed_fence() {
        for text in ["# Title\n", "---\nnot closed\n"] {
            let fm = run(text).0;
            assert!(fm.title.is_none() && fm.meta.speakers.is_empty() && (fm.lines, fm.bytes) == (0, 0), "{text:?}: {fm:?}");
        }
    }
}
