//! New projects and new talks: the files `notes init` and `notes new`
//! write, from templates kept here.
//!
//! It never overwrites a file: every file it would create is checked
//! first, and if any exists nothing is written and the error names them
//! all. Adding a talk to an event's index only ever appends a line to the
//! index's list. It prints nothing.

use std::path::{Path, PathBuf};

use notes_doc::names::slug;
use notes_doc::names::title_from_path;

/// Why a project or a talk could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// Files that are there already (paths as given, relative to the folder).
    #[error("{} already exist{}: {}", if .0.len() == 1 { "this file" } else { "these files" }, if .0.len() == 1 { "s" } else { "" }, .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Exists(Vec<PathBuf>),
    /// `EVENT/TALK` was not a name we can make a file of.
    #[error("{0}")]
    BadName(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What `init` and `new` did, path by path (relative to the folder they
/// worked in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created(PathBuf),
    /// A line added to a file that was there.
    Updated(PathBuf),
}

/// What `notes init` asks for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: String,
    pub author: String,
    /// Today's date, `YYYY-MM-DD`, for the example talk.
    pub today: String,
}

/// Starts a project in `dir` (made if missing): `notes.toml`, the example
/// notes under `sources/`, `.gitignore`. Refuses if any of these files
/// exist, except `.gitignore`, to which `/out/` is added when missing.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vec<Change>, ScaffoldError> {
    let files = init_files(opts);
    let existing: Vec<PathBuf> = files.iter().map(|(p, _)| PathBuf::from(p)).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        return Err(ScaffoldError::Exists(existing));
    }
    let mut changes = Vec::new();
    for (rel, text) in &files {
        create(&dir.join(rel), text)?;
        changes.push(Change::Created(PathBuf::from(rel)));
    }
    let gitignore = dir.join(".gitignore");
    match std::fs::read_to_string(&gitignore) {
        Ok(text) => {
            let ignored = text.lines().map(str::trim).any(|l| matches!(l, "out" | "out/" | "/out" | "/out/"));
            if !ignored {
                let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
                append(&gitignore, &format!("{sep}{GITIGNORE}"))?;
                changes.push(Change::Updated(PathBuf::from(".gitignore")));
            }
        }
        Err(_) => {
            create(&gitignore, GITIGNORE)?;
            changes.push(Change::Created(PathBuf::from(".gitignore")));
        }
    }
    Ok(changes)
}

/// The files of a new project: (path relative to the project, text).
fn init_files(opts: &InitOptions) -> Vec<(&'static str, String)> {
    let author = if opts.author.trim().is_empty() { "# author = \"Your Name\"".to_string() } else { format!("author = {}", toml_value(&opts.author)) };
    let config = fill(NOTES_TOML, &[("title", &toml_value(&opts.title)), ("author", &author)]);
    let root_index = fill(ROOT_INDEX, &[("title", &markdown_heading(&opts.title))]);
    let example = TalkFrontMatter {
        title: "Writing Notes That Last".into(),
        speakers: vec!["Ada Example".into(), "Grace Sample".into()],
        date: opts.today.clone(),
        tags: vec!["writing".into(), "example".into()],
    };
    vec![
        ("notes.toml", config),
        ("sources/index.md", root_index),
        ("sources/example-conference/index.md", EVENT_INDEX.to_string()),
        ("sources/example-conference/writing-notes-that-last.md", example.note(EXAMPLE_TALK)),
        ("sources/example-conference/pipeline.svg", EXAMPLE_IMAGE.to_string()),
    ]
}

/// A string as a TOML value (quoted and escaped by the TOML serializer).
fn toml_value(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `template` with each `{key}` replaced by its value, in one pass: a value
/// is never searched for keys, so a title holding `{date}` stays as written.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match values.iter().find(|(key, _)| after.starts_with(key) && after[key.len()..].starts_with('}')) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &after[key.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The front matter of a talk note, written by the YAML serializer so that
/// any title or name (quotes, colons, braces, new lines) stays itself.
#[derive(serde::Serialize)]
struct TalkFrontMatter {
    title: String,
    speakers: Vec<String>,
    date: String,
    tags: Vec<String>,
}

impl TalkFrontMatter {
    /// The note: this front matter between `---` lines, then `body`.
    fn note(&self, body: &str) -> String {
        let yaml = serde_yaml_ng::to_string(self).unwrap_or_default();
        format!("---\n{yaml}---\n{body}")
    }
}

/// What `notes new` asks for.
#[derive(Debug, Clone)]
pub struct NewTalk {
    /// `EVENT/TALK`: the event's folder and the talk's file name (without
    /// `.md`, or with it); or `EVENT` alone, and the file is named after
    /// the title.
    pub path: String,
    pub title: String,
    pub speakers: Vec<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// Adds a talk: `source_dir/EVENT/TALK.md` from the talk template, listed
/// at the end of the event's index. A new event gets a folder and an index,
/// and is listed in the root index when there is one. `shown_dir` is how
/// the source folder is shown in the changes returned.
pub fn new_talk(source_dir: &Path, shown_dir: &Path, talk: &NewTalk) -> Result<Vec<Change>, ScaffoldError> {
    let (event, file) = split_talk_path(&talk.path, &talk.title)?;
    let event_dir = source_dir.join(&event);
    let talk_path = event_dir.join(&file);
    let shown = |rel: &str| shown_dir.join(rel);
    if talk_path.exists() {
        return Err(ScaffoldError::Exists(vec![shown(&format!("{event}/{file}"))]));
    }
    let mut changes = Vec::new();
    let event_index = ["index.md", "index.markdown", "index.rst", "index.rest"].into_iter().map(|n| event_dir.join(n)).find(|p| p.is_file());
    let entry = TocLine { title: talk.title.clone(), target: file.clone() };
    match event_index {
        Some(index) => {
            let name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            create(&talk_path, &talk_note(talk))?;
            changes.push(Change::Created(shown(&format!("{event}/{file}"))));
            add_to_index(&index, &entry)?;
            changes.push(Change::Updated(shown(&format!("{event}/{name}"))));
        }
        None if event_dir.is_dir() => {
            // An event without an index takes its notes in file-name order.
            create(&talk_path, &talk_note(talk))?;
            changes.push(Change::Created(shown(&format!("{event}/{file}"))));
        }
        None => {
            let index = event_dir.join("index.md");
            let event_title = title_from_path(&event);
            create(&talk_path, &talk_note(talk))?;
            changes.push(Change::Created(shown(&format!("{event}/{file}"))));
            create(&index, &format!("# {}\n\n{}\n", markdown_heading(&event_title), entry.markdown()))?;
            changes.push(Change::Created(shown(&format!("{event}/index.md"))));
            let root = ["index.md", "index.markdown", "index.rst", "index.rest"].into_iter().map(|n| source_dir.join(n)).find(|p| p.is_file());
            if let Some(root) = root {
                let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                add_to_index(&root, &TocLine { title: event_title, target: format!("{event}/index.md") })?;
                changes.push(Change::Updated(shown(&name)));
            }
        }
    }
    Ok(changes)
}

/// `EVENT/TALK` → (`EVENT`, `TALK.md`), or `EVENT` → (`EVENT`, the title
/// as a file name), refusing what would leave the source folder or hide
/// the file.
fn split_talk_path(path: &str, title: &str) -> Result<(String, String), ScaffoldError> {
    let bad = |why: &str| ScaffoldError::BadName(format!("{path:?} {why}; write EVENT/TALK, for example pycon_2012/pandas, or EVENT alone"));
    let path = path.trim().trim_end_matches('/');
    let (event, talk) = match path.split_once('/') {
        Some((event, talk)) => (event, talk.to_string()),
        None => (path, file_name_for(title)),
    };
    let talk = talk.as_str();
    for part in [event, talk] {
        if part.is_empty() || part.contains(['/', '\\']) {
            return Err(bad("is not one folder and one file"));
        }
        if part.starts_with('.') || part.starts_with('_') {
            return Err(bad("names a hidden file or folder, which notes leaves out"));
        }
    }
    let file = match talk.rsplit_once('.') {
        Some((_, ext)) if matches!(ext.to_ascii_lowercase().as_str(), "md" | "markdown") => talk.to_string(),
        Some((_, ext)) if matches!(ext.to_ascii_lowercase().as_str(), "rst" | "rest") => {
            return Err(bad("is a reStructuredText file; `notes new` writes Markdown notes"));
        }
        _ => format!("{talk}.md"),
    };
    if notes_doc::names::is_index_name(&file) {
        return Err(bad("is the event's index, not a talk"));
    }
    Ok((event.to_string(), file))
}

/// A line of an index: a talk's title and the file it is in.
struct TocLine {
    title: String,
    /// Relative to the index.
    target: String,
}

impl TocLine {
    fn markdown(&self) -> String {
        let target = if self.target.contains([' ', '(', ')', '<', '>']) { format!("<{}>", self.target) } else { self.target.clone() };
        format!("- [{}]({target})", escape_link_text(&self.title))
    }

    fn rst(&self) -> String {
        let target = self.target.strip_suffix(".md").unwrap_or(&self.target);
        let title = self.title.replace(['<', '>'], "");
        format!("{title} <{target}>")
    }
}

/// Adds a line to an index: after the last line of its last list of links
/// (Markdown) or the last entry of its last `toctree` (reST); at the end
/// when it has none.
fn add_to_index(index: &Path, line: &TocLine) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io { path: index.to_path_buf(), source };
    let text = std::fs::read_to_string(index).map_err(io)?;
    let is_rst = index.extension().is_some_and(|e| e == "rst" || e == "rest");
    let new = if is_rst { insert_rst(&text, &line.rst()) } else { insert_markdown(&text, &line.markdown()) };
    crate::write::atomic_write(index, new.as_bytes()).map_err(io)
}

fn insert_markdown(text: &str, entry: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_link_item = |l: &str| {
        let t = l.trim_start();
        (t.starts_with("- [") || t.starts_with("* [") || t.starts_with("+ [")) && t.contains("](")
    };
    match lines.iter().rposition(|l| is_link_item(l)) {
        Some(last) => {
            let indent = &lines[last][..lines[last].len() - lines[last].trim_start().len()];
            let marker = lines[last].trim_start().chars().next().unwrap_or('-');
            let entry = format!("{indent}{marker}{}", &entry[1..]);
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out.insert(last + 1, entry);
            out.join("\n") + "\n"
        }
        None => {
            let trimmed = text.trim_end();
            if trimmed.is_empty() { format!("{entry}\n") } else { format!("{trimmed}\n\n{entry}\n") }
        }
    }
}

fn insert_rst(text: &str, entry: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().rposition(|l| l.trim_start().starts_with(".. toctree::")) else {
        let trimmed = text.trim_end();
        return format!("{trimmed}\n\n.. toctree::\n\n   {entry}\n");
    };
    // The directive's body: the indented lines after it.
    let mut last = start;
    let mut indent = "   ".to_string();
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        if l.trim().is_empty() {
            continue;
        }
        if l.starts_with([' ', '\t']) {
            last = i;
            if !l.trim_start().starts_with(':') {
                indent = l[..l.len() - l.trim_start().len()].to_string();
            }
        } else {
            break;
        }
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    if last == start {
        out.insert(start + 1, String::new());
        out.insert(start + 2, format!("{indent}{entry}"));
    } else {
        out.insert(last + 1, format!("{indent}{entry}"));
    }
    out.join("\n") + "\n"
}

/// The text of a new talk.
pub fn talk_note(talk: &NewTalk) -> String {
    TalkFrontMatter { title: talk.title.clone(), speakers: talk.speakers.clone(), date: talk.date.clone(), tags: Vec::new() }.note(TALK_BODY)
}

/// Text made safe inside `[...]` of a Markdown link.
fn escape_link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text made safe as a Markdown heading's text.
fn markdown_heading(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_link_text(&one_line).replace('#', "\\#")
}

fn create(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // `create_new`: never overwrite, even a file made since we looked.
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
}

fn append(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::OpenOptions::new().append(true).open(path).map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
}

/// A file name made from a title, for `notes new` when only the event is
/// named: `"The Future Is Bright"` → `the-future-is-bright`.
pub fn file_name_for(title: &str) -> String {
    let s = slug(title);
    if s.is_empty() { "talk".into() } else { s }
}

const GITIGNORE: &str = "# What `notes render` writes\n/out/\n";

const NOTES_TOML: &str = r##"# The settings of this book. Every setting is here with its default value;
# lines starting with `#` are comments (remove the `#` to use a setting).
# `notes check` tells you when something here is wrong.

# ------------------------------------------------------------------ the book

# The title, on the title page, in the running heads and in the metadata.
title = {title}
# A line under the title.
# subtitle = "Talks I went to"
# One author (`author`), or several (`authors = ["Ada", "Grace"]`).
{author}
authors = []
# Printed on the title page as "Release 0.1".
# release = "0.1"
# The date on the title page, YYYY-MM-DD. When unset: the date of the newest
# note (or SOURCE_DATE_EPOCH), so that the same notes make the same book.
# date = 2025-01-31
# The language of the notes, as a BCP 47 tag ("en", "fr", "pt-BR"):
# hyphenation and quotes follow it.
language = "en"
# For the EPUB's metadata.
# publisher = ""
# description = ""

# --------------------------------------------------------------------- files

# Where the notes are, relative to this file.
sources = "sources"
# Where the books are written, relative to this file.
out = "out"
# The output file name without extension (default: the title as a file name).
# output = "my-notes"
# The Typst template of the PDF; the built-in one while this file does not
# exist. Copy it from the notes repository to change the look.
style = "styles/book.typ"
# The stylesheet of the EPUB; the built-in one while this file does not exist.
epub-css = "styles/epub.css"
# A cover image for the EPUB (PNG or JPEG). By default the title page is
# drawn as the cover.
# cover = "cover.png"

# ---------------------------------------------------------------------- look

# The page size of the PDF: "a4", "letter", "a5", or "ereader" (9 × 12 cm,
# larger type, small margins, for reading on a small screen).
# `notes render --paper a5` overrides it for one build.
paper = "a4"
# Mirrored margins (wider on the inside) and events opening on right-hand
# pages, for printing on both sides. Not used on the "ereader" paper.
two-sided = true
# How many levels the contents show: 1 events, 2 talks, 3 their sections.
contents-depth = 2
# How many levels are numbered: 0 none, 1 events, 2 talks, 3 sections (1.2.3).
numbering-depth = 3
# How many levels the EPUB's navigation has (default: all; those deeper than
# contents-depth are hidden on its contents page).
# nav-depth = 3
# How many levels the PDF's bookmarks hold (default: all).
# bookmarks-depth = 3
# Highlight the code in code blocks (PDF and EPUB).
highlight = true
# PDF standard: "a-2b" (archival, the default), "ua-1" (accessible), "none".
pdf-standard = "a-2b"

# ------------------------------------------------------------------ layout

# The layout of the notes folder: "sphinx", "readme", "jekyll", "hugo",
# "mkdocs", "mdbook", "jupyter-book", "quarto", "obsidian" or "plain".
# Detected from marker files when unset (`notes check` says which).
# layout = "readme"
# Notes that no table of contents lists: "include" (after the listed notes
# of their folder, with one warning) or "leave-out".
orphans = "include"

[indexes]
# The indexes at the back of the book, each only when it has entries: the
# speakers by family name with their talks, the topics (index entries and
# tags of the notes), the events by date.
speakers = true
topics = true
events = true

[fonts]
# Font families. Built in: Libertinus Serif, New Computer Modern,
# DejaVu Sans Mono and a few more (`notes check` lists them when a name is
# wrong). Put other .ttf/.otf files in a `fonts/` folder beside this file.
body = "Libertinus Serif"
# The family of headings (default: the body's).
# heading = "Libertinus Serif"
mono = "DejaVu Sans Mono"
# Families tried in order for characters the others lack (e.g. a CJK font).
fallback = []
# The body text size in points.
size = 10.5
# Use fonts installed on this machine for characters the fonts above lack
# (Chinese, Japanese, Arabic, emoji ...); false for a build that is the same
# on every machine.
system = true
"##;

const ROOT_INDEX: &str = r#"# {title}

These are my notes from the talks I went to. This text opens the book,
before the first event. The list below gives the events, in order: each
links to the event's own index.

- [Example Conference](example-conference/index.md)
"#;

const EVENT_INDEX: &str = r#"# Example Conference

A few words about the event: where and when it was, who was there. This text
opens the event's chapter; the list below gives its talks, in order. Add a
talk with `notes new example-conference/my-talk "My Talk"`.

- [Writing Notes That Last](writing-notes-that-last.md)
"#;

const EXAMPLE_TALK: &str = r#"
The front matter above (between the `---` lines) gives the talk's title,
its speakers, its date and tags: they are printed at the top of the talk and
of its handout. Without front matter, the first `# Heading` is the title.
This talk shows what notes can hold; delete it when you have your own.

## Text

Paragraphs are separated by a blank line. *Emphasis*, **strong**,
~~struck~~, `code`, and links: to [the web](https://example.com), to
[another section of this talk](#lists-and-tables), or to
[another note](index.md). Quotes "like these" become curly, `--` an en
dash, and `...` an ellipsis.[^typography]

[^typography]: Footnotes go at the bottom of the page in the PDF.

> The best notes are the ones you can find again.
>
> — A speaker, probably

## Lists and tables

- Points, as the speaker made them;
  - with sub-points.

To do after the talk:

- [x] tasks done
- [ ] and tasks still to do.

1. Numbered steps
2. keep their numbers.

| Tool     | What for               |
|----------|------------------------|
| notes    | turning notes to books |
| an editor| writing them           |

Term
: A definition list: a term, then its definition.

## Code

```python
def greet(name: str) -> str:
    return f"Hello, {name}!"
```

> [!TIP]
> Alerts like this one (NOTE, TIP, IMPORTANT, WARNING, CAUTION) become
> boxes.

## Images

Images live beside the notes; the text in brackets describes them.

![A notes pipeline: sources, read, normalize, write](pipeline.svg)
"#;

const TALK_BODY: &str = r#"
What the talk was about, in a sentence or two.

## Notes

- The first point made.

## Links

- [Slides](https://example.com/slides)
"#;

const EXAMPLE_IMAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="90" viewBox="0 0 480 90">
  <g font-family="sans-serif" font-size="15" text-anchor="middle">
    <rect x="5" y="25" width="90" height="40" rx="6" fill="#dbe7f3" stroke="#1f4e79"/>
    <text x="50" y="50">sources</text>
    <rect x="130" y="25" width="90" height="40" rx="6" fill="#dbe7f3" stroke="#1f4e79"/>
    <text x="175" y="50">read</text>
    <rect x="255" y="25" width="90" height="40" rx="6" fill="#dbe7f3" stroke="#1f4e79"/>
    <text x="300" y="50">normalize</text>
    <rect x="380" y="25" width="90" height="40" rx="6" fill="#dbe7f3" stroke="#1f4e79"/>
    <text x="425" y="50">write</text>
  </g>
  <g stroke="#1f4e79" stroke-width="2">
    <line x1="95" y1="45" x2="128" y2="45"/>
    <line x1="220" y1="45" x2="253" y2="45"/>
    <line x1="345" y1="45" x2="378" y2="45"/>
  </g>
</svg>
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use notes_project::config::Config;

    fn opts() -> InitOptions {
        InitOptions { title: "My \"Notes\"".into(), author: "Ada".into(), today: "2025-01-31".into() }
    }

    #[test]
    fn the_config_has_every_key_and_the_defaults() {
        let files = init_files(&opts());
        let toml = &files[0].1;
        let config = Config::parse(toml, Path::new("notes.toml")).unwrap();
        assert_eq!(config.title, "My \"Notes\"");
        assert_eq!(config.author.as_deref(), Some("Ada"));
        let anonymous = init_files(&InitOptions { author: String::new(), ..opts() });
        assert_eq!(Config::parse(&anonymous[0].1, Path::new("notes.toml")).unwrap().author, None);
        assert_eq!(Config { title: Config::default().title, author: None, ..config }, Config::default());
        for key in notes_project::config::KEYS {
            let key = key.split(' ').next().unwrap_or(key);
            let key = key.trim_start_matches('[').trim_end_matches(']');
            assert!(toml.contains(&format!("{key} =")) || toml.contains(&format!("[{key}]")), "notes.toml lacks {key}");
        }
        for key in ["body", "heading", "mono", "fallback", "size"] {
            assert!(toml.contains(&format!("{key} =")), "notes.toml lacks fonts.{key}");
        }
    }

    #[test]
    fn index_entries_are_appended_to_the_list() {
        let md = "# PyCon\n\nIntro.\n\n- [A](a.md)\n* [B](b.md)\n\nAfter.\n";
        assert_eq!(insert_markdown(md, "- [C \\[1\\]](c.md)"), "# PyCon\n\nIntro.\n\n- [A](a.md)\n* [B](b.md)\n* [C \\[1\\]](c.md)\n\nAfter.\n");
        assert_eq!(insert_markdown("# E\n", "- [C](c.md)"), "# E\n\n- [C](c.md)\n");
        let rst = "PyCon\n=====\n\n.. toctree::\n   :maxdepth: 2\n\n   a\n   b\n\nAfter.\n";
        assert_eq!(insert_rst(rst, "C <c>"), "PyCon\n=====\n\n.. toctree::\n   :maxdepth: 2\n\n   a\n   b\n   C <c>\n\nAfter.\n");
        assert_eq!(insert_rst("E\n=\n", "C <c>"), "E\n=\n\n.. toctree::\n\n   C <c>\n");
    }

    #[test]
    fn talk_paths_stay_inside() {
        assert_eq!(split_talk_path("pycon/pandas", "X").unwrap(), ("pycon".into(), "pandas.md".into()));
        assert_eq!(split_talk_path("pycon/pandas.md", "X").unwrap().1, "pandas.md");
        assert_eq!(split_talk_path("pycon", "Stop Writing Classes!").unwrap().1, "stop-writing-classes.md");
        for bad in ["../x/y", "a/b/c", "a/.hidden", "/a", "a/index", "a/x.rst", ".git"] {
            assert!(split_talk_path(bad, "X").is_err(), "{bad}");
        }
    }

    #[test]
    fn talk_titles_are_data() {
        let t = NewTalk { path: "e/t".into(), title: "Quotes \" and: colons".into(), speakers: vec!["A \"B\"".into()], date: "2025-01-31".into() };
        let text = talk_note(&t);
        let (fm, _) = text.trim_start_matches("---\n").split_once("\n---\n").unwrap();
        let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(fm).unwrap();
        assert_eq!(v["title"].as_str(), Some("Quotes \" and: colons"));
        assert_eq!(v["speakers"][0].as_str(), Some("A \"B\""));
    }

    #[test]
    fn titles_full_of_braces_quotes_colons_and_new_lines_stay_themselves() {
        use notes_doc::Format;
        use notes_doc::diag::{Diagnostics, FileDiagnostics};
        for title in ["{date}", "{speakers} and {title}", "a: b", "\"quoted\" 'single'", "two\nlines", "#[x]{y}", "- list? {author}"] {
            let talk = NewTalk { path: "e/t".into(), title: title.into(), speakers: vec!["{date}".into(), "x: y".into()], date: "2025-01-31".into() };
            let text = talk_note(&talk);
            let mut diagnostics = Diagnostics::new();
            let cx = notes_read::ReadContext { path: "e/t.md", is_index: false, includes: &notes_read::NoIncludes };
            let note = notes_read::read(&text, Format::Markdown, &cx, &mut FileDiagnostics { file: Path::new("e/t.md"), diagnostics: &mut diagnostics });
            assert_eq!(note.title.as_deref(), Some(title), "{text}");
            assert_eq!(note.meta.speakers, ["{date}", "x: y"], "{text}");
            assert_eq!(note.meta.date.as_deref(), Some("2025-01-31"), "{text}");
            assert!(!diagnostics.has_errors(), "{text}");

            let files = init_files(&InitOptions { title: title.into(), author: "{title}".into(), today: "{title}".into() });
            let config = Config::parse(&files[0].1, Path::new("notes.toml")).unwrap_or_else(|d| panic!("{d}\n{}", files[0].1));
            assert_eq!(config.title, title);
            assert_eq!(config.author.as_deref(), Some("{title}"));
            assert!(files[1].1.starts_with("# "), "{}", files[1].1);
        }
    }

    #[test]
    fn filling_is_one_pass() {
        assert_eq!(fill("{a} {b} {c}", &[("a", "{b}"), ("b", "2")]), "{b} 2 {c}");
        assert_eq!(fill("{", &[("a", "1")]), "{");
    }
}
