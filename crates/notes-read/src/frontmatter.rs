//! Front matter: an optional block of metadata at the top of a Markdown note,
//! in YAML between `---` lines or TOML between `+++` lines.
//!
//! Known keys (in any case, as Hugo reads them): `title`, `speakers` (or
//! `speaker`, `author`, `authors`; a string or a list), `date`, `tags` (a
//! string or a list); and what site generators use to place a page, which
//! the assemble step reads from [`Facts`]: `draft`, `published`, `publish`,
//! `weight` (`nav_order`, `sidebar_position`), `categories` (`category`),
//! Hugo's `_build`. The keys every site generator uses for its own pages
//! (`layout`, `permalink`, `toc`, `description`, `summary` …) are ignored
//! quietly. Other keys are listed in [`Facts::unknown_keys`], for one
//! warning about the whole book, so that a typo is noticed.

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
    /// What the front matter says about the page's place in a site.
    pub facts: Facts,
    /// MyST substitutions (`myst: substitutions: {name: value}`): text that
    /// `{{ name }}` stands for in the note.
    pub substitutions: Vec<(String, String)>,
}

/// What front matter says about a page's place in its site, for the
/// layouts that order and filter by it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Whether the note has front matter at all.
    pub present: bool,
    /// `draft: true`: left out of the book.
    pub draft: bool,
    /// `published: false` (Jekyll), `publish: false` (Obsidian Publish).
    pub unpublished: bool,
    /// Hugo's `_build: {list: never}` or `render: never`.
    pub unlisted: bool,
    /// MyST's `orphan: true` or reST's `:orphan:`: in no table of contents
    /// on purpose.
    pub orphan: bool,
    /// `weight` (Hugo), `nav_order` (Just the Docs), `sidebar_position`.
    pub weight: Option<i64>,
    /// `categories` or `category`: a list, or words separated by spaces.
    pub categories: Vec<String>,
    /// `summary` or `description`.
    pub summary: Option<String>,
    /// Keys this reader does not know (lower case), in the order written.
    pub unknown_keys: Vec<String>,
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
    draft: Option<Scalar>,
    published: Option<Scalar>,
    publish: Option<Scalar>,
    weight: Option<Scalar>,
    #[serde(rename = "nav_order")]
    nav_order: Option<Scalar>,
    #[serde(rename = "sidebar_position")]
    sidebar_position: Option<Scalar>,
    categories: Option<OneOrMany>,
    category: Option<OneOrMany>,
    summary: Option<Scalar>,
    description: Option<Scalar>,
    orphan: Option<Scalar>,
    #[serde(rename = "_build")]
    build_options: Option<BuildOptions>,
    #[serde(rename = "build")]
    build_options_new: Option<BuildOptions>,
    myst: Option<MystMatter>,
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// Hugo's build options of a page (`_build`, or `build` since 0.145).
#[derive(Deserialize, Default)]
#[serde(default)]
struct BuildOptions {
    list: Option<Scalar>,
    render: Option<Scalar>,
}

/// Keys that site generators, themes and editors put in front matter for
/// their own use: read without a word, printed nowhere.
const QUIET_KEYS: &[&str] = &[
    "layout",
    "permalink",
    "slug",
    "url",
    "aliases",
    "toc",
    "toc_sticky",
    "toc_label",
    "subtitle",
    "excerpt",
    "comments",
    "share",
    "sidebar",
    "menu",
    "lastmod",
    "expirydate",
    "publishdate",
    "keywords",
    "type",
    "cascade",
    "outputs",
    "headless",
    "linktitle",
    "images",
    "image",
    "cover",
    "bigimg",
    "thumbnail",
    "header",
    "hide",
    "search",
    "search_omit",
    "search_exclude",
    "nav_exclude",
    "parent",
    "grand_parent",
    "has_children",
    "redirect_from",
    "redirect_to",
    "lang",
    "language",
    "created",
    "updated",
    "modified",
    "links",
    "cssclasses",
    "cssclass",
    "aliases",
    "jupyter",
    "jupytext",
    "kernelspec",
    "editor",
    "execute",
    "format",
    "engine",
    "code-fold",
    "number-sections",
    "bibliography",
    "toc-title",
    "gh-repo",
    "gh-badge",
    "mathjax",
    "math",
    "katex",
    "collection",
    "author_profile",
    "read_time",
    "related",
    "feature_image",
    "feature_text",
    "show_date",
    "status",
    "id",
    "uid",
    "order",
    "icon",
    "template",
    "source",
    "notes",
    "abstract",
    "location",
    "place",
    "event",
    "venue",
    "video",
    "slides",
    "series",
    "draft_docs",
    "nav_title",
];

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

impl Scalar {
    /// A YAML/TOML boolean, or the words `true`/`false`/`yes`/`no`.
    fn truth(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            Scalar::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" => Some(true),
                "false" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Float(f) => Some(*f as i64),
            Scalar::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl OneOrMany {
    /// Words separated by spaces (Jekyll's `categories: a b`) or a list.
    fn into_words(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => s.into_string().split_whitespace().map(str::to_string).collect(),
            OneOrMany::Many(v) => v.into_iter().map(Scalar::into_string).collect(),
        }
    }

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
            let message = |e: serde_yaml_ng::Error| {
                let line = e.location().map_or(0, |l| l.line() as u32);
                format!("{}{}", e.to_string().lines().next().unwrap_or(""), line_hint(line))
            };
            // Keys in any case (`Title:`), as Hugo reads them.
            let deep = notes_doc::text::yaml_too_deep(body)
                .map(|line| format!("lists or maps nested more than {} deep{}", notes_doc::text::MAX_YAML_FLOW_DEPTH, line_hint(line)));
            deep.map_or(Ok(()), Err).and_then(|()| {
                serde_yaml_ng::from_str::<serde_yaml_ng::Value>(body).map_err(message).and_then(|value| match value {
                    serde_yaml_ng::Value::Mapping(map) => {
                        let lowered: serde_yaml_ng::Mapping = map
                            .into_iter()
                            .map(|(k, v)| match k {
                                serde_yaml_ng::Value::String(k) => (serde_yaml_ng::Value::String(k.to_lowercase()), v),
                                other => (other, v),
                            })
                            .collect();
                        serde_yaml_ng::from_value(serde_yaml_ng::Value::Mapping(lowered)).map_err(message)
                    }
                    serde_yaml_ng::Value::Null => Ok(Raw::default()),
                    _ => Err("the front matter is not a list of `key: value` lines".to_string()),
                })
            })
        }
    } else {
        toml::from_str::<toml::Table>(body)
            .and_then(|table| table.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect::<toml::Table>().try_into())
            .map_err(|e| e.message().lines().next().unwrap_or("").to_string())
    };
    let raw = match parsed {
        Ok(raw) => raw,
        Err(message) => {
            diags.warn("bad-front-matter", Pos::new(1, 1), 3, format!("the front matter could not be read and was left out: {message}"));
            return FrontMatter { lines, bytes: total, facts: Facts { present: true, ..Facts::default() }, ..FrontMatter::default() };
        }
    };
    let unknown_keys: Vec<String> = raw.other.keys().filter(|k| !QUIET_KEYS.contains(&k.as_str())).cloned().collect();
    let build = raw.build_options.or(raw.build_options_new).unwrap_or_default();
    let never = |s: &Option<Scalar>| s.as_ref().is_some_and(|v| matches!(v, Scalar::Text(t) if t.eq_ignore_ascii_case("never")) || v.truth() == Some(false));
    let facts = Facts {
        present: true,
        draft: raw.draft.as_ref().and_then(Scalar::truth).unwrap_or(false),
        unpublished: [&raw.published, &raw.publish].iter().any(|p| p.as_ref().and_then(Scalar::truth) == Some(false)),
        unlisted: never(&build.list) || never(&build.render),
        orphan: raw.orphan.as_ref().and_then(Scalar::truth).unwrap_or(false),
        weight: [raw.weight, raw.nav_order, raw.sidebar_position].into_iter().flatten().find_map(|w| w.number()),
        categories: raw.categories.or(raw.category).map(OneOrMany::into_words).unwrap_or_default(),
        summary: raw.summary.or(raw.description).map(Scalar::into_string).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        unknown_keys,
    };
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
        facts,
        substitutions: raw.myst.map(|m| m.substitutions.into_iter().map(|(k, v)| (k, v.into_string())).collect()).unwrap_or_default(),
    }
}

fn line_hint(line: u32) -> String {
    if line > 0 { format!(" (front matter line {line})") } else { String::new() }
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
    fn unknown_keys_are_collected_and_bad_yaml_warns() {
        let (fm, d) = run("---\ntitle: T\nspeakr: X\nlayout: post\n---\n");
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert!(d.is_empty(), "one warning for the whole book, by the assemble step");
        assert_eq!(fm.facts.unknown_keys, ["speakr"]);
        let (fm, d) = run("---\ntitle: [unclosed\n---\nbody");
        assert_eq!(fm.title, None);
        assert_eq!(fm.lines, 3);
        assert_eq!(d.iter().next().unwrap().code, "bad-front-matter");
    }

    #[test]
    fn site_generators_keys_place_the_page() {
        let (fm, d) = run(
            "---\nTitle: Nov\nDate: 2030-11-01\nweight: -2030\ncategories: saltmarsh march\ndraft: true\n_build:\n  list: never\npublished: false\nsummary: Short\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("Nov"));
        assert_eq!(fm.meta.date.as_deref(), Some("2030-11-01"));
        let f = &fm.facts;
        assert!(f.present && f.draft && f.unlisted && f.unpublished);
        assert_eq!((f.weight, f.categories.clone(), f.summary.as_deref()), (Some(-2030), vec!["saltmarsh".to_string(), "march".to_string()], Some("Short")));
        let (fm, _) = run("+++\nTitle = \"T\"\nweight = 2\ndate = 2031-01-05\n+++\n");
        assert_eq!((fm.title.as_deref(), fm.facts.weight, fm.meta.date.as_deref()), (Some("T"), Some(2), Some("2031-01-05")));
        let (fm, _) = run("---\ncategory: [Conf]\npublish: no\n---\n");
        assert_eq!(fm.facts.categories, ["Conf"]);
        assert!(fm.facts.unpublished && !fm.facts.draft);
    }

    #[test]
    fn no_front_matter_or_unclosed_fence() {
        for text in ["# Title\n", "---\nnot closed\n"] {
            let fm = run(text).0;
            assert!(fm.title.is_none() && fm.meta.speakers.is_empty() && (fm.lines, fm.bytes) == (0, 0), "{text:?}: {fm:?}");
        }
    }
}
