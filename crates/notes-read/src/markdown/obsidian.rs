//! Obsidian's Markdown: callouts (`> [!tip] Title`, foldable `> [!faq]-`,
//! every type and alias, in any case) as admonitions; wikilinks
//! (`[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`, `[[path/Note]]`) as
//! links to notes by name; embeds (`![[image.png|400]]` as images with
//! their width, `![[Other note]]` as [`Block::Embed`], which normalization
//! replaces by that note's text); `%% comments %%` left out. `#tags` are
//! words of the text and stay as they are; they are also the note's tags
//! ([`hashtags_in`]).
//!
//! pulldown-cmark finds the wikilinks (its `ENABLE_WIKILINKS`); this module
//! says what they mean.

use std::borrow::Cow;

use notes_doc::{AdmonitionKind, Block, Inline, Pending, Pos};

/// A callout's head: its kind, and the title written after the type.
#[derive(Debug, Clone)]
pub(super) struct Callout {
    pub kind: AdmonitionKind,
    /// The title the note gave; empty for the kind's own name.
    pub title: Vec<Inline>,
}

/// The admonition kind of a callout type (Obsidian's types and aliases,
/// in any case); `None` for a type it does not know.
pub(super) fn callout_kind(kind: &str) -> Option<AdmonitionKind> {
    use AdmonitionKind as K;
    Some(match kind.to_ascii_lowercase().as_str() {
        "note" => K::Note,
        "abstract" | "summary" | "tldr" => K::Abstract,
        "info" => K::Info,
        "todo" => K::Todo,
        "tip" => K::Tip,
        "hint" => K::Hint,
        "important" => K::Important,
        "success" | "check" | "done" => K::Success,
        "question" | "help" | "faq" => K::Question,
        "warning" => K::Warning,
        "caution" => K::Caution,
        "attention" => K::Attention,
        "failure" | "fail" | "missing" => K::Failure,
        "danger" => K::Danger,
        "error" => K::Error,
        "bug" => K::Bug,
        "example" => K::Example,
        "quote" | "cite" => K::Quote,
        "seealso" | "see-also" => K::SeeAlso,
        _ => return None,
    })
}

/// Reads the first line of a quote's first paragraph as a callout's head
/// (`[!type]`, a fold marker `+` or `-`, a title), if it is one.
pub(super) fn callout_head(first_line: &[Inline]) -> Option<Callout> {
    // The head's text is in the leading text nodes (`[!tip]` is not a link).
    let mut prefix = String::new();
    let mut taken = 0;
    for inline in first_line {
        match inline {
            Inline::Text { text } => {
                prefix.push_str(text);
                taken += 1;
                if prefix.contains(']') {
                    break;
                }
            }
            _ => break,
        }
    }
    let rest = prefix.trim_start().strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    if name.is_empty() || name.len() > 40 || !name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let kind = callout_kind(name);
    let mut title = Vec::new();
    if !rest[close + 1..].is_empty() {
        title.push(Inline::text(&rest[close + 1..]));
    }
    title.extend(first_line[taken..].iter().cloned());
    // The fold marker (`[!faq]-`, `[!faq]+`) right after the type.
    if let Some(Inline::Text { text }) = title.first_mut()
        && let Some(after) = text.strip_prefix(['+', '-'])
    {
        *text = after.to_string();
    }
    let mut title = super::trim_inlines(title);
    if title.is_empty() && kind.is_none() {
        // A type of the note's own (`[!recipe]`): its name is the title.
        let mut chars = name.chars();
        let shown: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        title.push(Inline::text(shown.replace(['-', '_'], " ")));
    }
    Some(Callout { kind: kind.unwrap_or(AdmonitionKind::Note), title })
}

/// Collects the `#tags` of an inline sequence (not in code or links):
/// `#` at the start of a word, then letters, digits, `_`, `-` and `/`
/// (nested tags), not digits alone (`#1` is a number). Returns them
/// without the `#`.
pub(crate) fn hashtags_in(seq: &[Inline], found: &mut Vec<String>) {
    for inline in seq {
        match inline {
            Inline::Text { text } => {
                let mut prev: Option<char> = None;
                let mut chars = text.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    if c == '#' && prev.is_none_or(|p| p.is_whitespace() || "([{,;".contains(p)) {
                        let rest = &text[i + 1..];
                        let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))).unwrap_or(rest.len());
                        let tag = rest[..len].trim_end_matches(['-', '/']);
                        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) && !found.iter().any(|t| t == tag) {
                            found.push(tag.to_string());
                        }
                    }
                    prev = Some(c);
                }
            }
            Inline::Code { .. } | Inline::Link { .. } | Inline::Math { .. } => {}
            other => {
                if let Some(children) = notes_doc::child_inlines(other) {
                    hashtags_in(children, found);
                }
            }
        }
    }
}

/// The file extensions of images an embed may show.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];

/// What an embed `![[target|options]]` is.
pub(super) enum Embed {
    /// An image, with the width its options give.
    Image { src: String, width: Option<String>, alt: String },
    /// Another note (or a section of one).
    Note(Pending),
    /// A file the book cannot show (a PDF, a video, a sound).
    Other(String),
}

/// Reads an embed's target and the text after its `|`.
pub(super) fn embed(target: &str, options: &str, from: &str) -> Embed {
    let target = target.trim();
    let extension = target.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some(e) if IMAGE_EXTENSIONS.contains(&e) => {
            // `|400`, `|400x300`: a width in pixels; `|center` and other
            // words: how Obsidian places it; anything else: a description.
            let options = options.trim();
            let width = options.split('x').next().filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())).map(|w| format!("{w}px"));
            let is_word = matches!(options.to_ascii_lowercase().as_str(), "center" | "left" | "right" | "inline" | "small" | "large");
            let alt = if width.is_some() || is_word || options == target { String::new() } else { options.to_string() };
            Embed::Image { src: target.to_string(), width, alt }
        }
        Some("md") | None => Embed::Note(name_target(target, from)),
        Some(e) if !e.chars().all(|c| c.is_ascii_alphanumeric()) || e.len() > 5 => Embed::Note(name_target(target, from)),
        Some(_) => Embed::Other(target.to_string()),
    }
}

/// A link to a note by name: `Note`, `path/Note`, `Note#Heading`,
/// `Note#^block` (a block reference: the note itself).
pub(super) fn name_target(target: &str, from: &str) -> Pending {
    let (name, fragment) = match target.split_once('#') {
        Some((n, f)) => (n, Some(f.trim()).filter(|f| !f.is_empty() && !f.starts_with('^')).map(str::to_string)),
        None => (target, None),
    };
    let name = name.trim().strip_suffix(".md").unwrap_or(name.trim());
    if name.is_empty() {
        // `[[#Heading]]`: a heading of this note.
        return match fragment {
            Some(fragment) => Pending::Fragment { fragment, from: from.to_string() },
            None => Pending::Name { name: notes_doc::names::file_stem(from).to_string(), fragment: None, from: from.to_string() },
        };
    }
    Pending::Name { name: name.to_string(), fragment, from: from.to_string() }
}

/// The text with Obsidian's `%% comments %%` left out (outside code),
/// line breaks kept so that positions stay right.
pub(super) fn strip_comments(text: &str) -> Cow<'_, str> {
    if !text.contains("%%") {
        return Cow::Borrowed(text);
    }
    // A `%%` that nothing closes is text (a comment to the end of the note
    // would hide all of it).
    let (out, markers) = strip_comments_up_to(text, usize::MAX);
    if markers % 2 == 0 {
        return Cow::Owned(out);
    }
    Cow::Owned(strip_comments_up_to(text, markers - 1).0)
}

/// Leaves out the comments of a text, honouring at most `limit` markers;
/// returns the text and how many markers it honoured.
fn strip_comments_up_to(text: &str, limit: usize) -> (String, usize) {
    let mut toggles = 0usize;
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    let mut fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !in_comment {
            // Fenced code is code, whatever it holds.
            let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
            if let Some(c) = marker {
                let run = trimmed.chars().take_while(|x| *x == c).count();
                if run >= 3 {
                    match fence {
                        None => fence = Some((c, run)),
                        Some((open, n)) if open == c && run >= n && trimmed[run..].trim().is_empty() => fence = None,
                        _ => {}
                    }
                    out.push_str(line);
                    continue;
                }
            }
            if fence.is_some() {
                out.push_str(line);
                continue;
            }
        }
        // Outside code: `%%` opens and closes comments; inline code spans
        // keep theirs.
        let mut chars = line.char_indices().peekable();
        let bytes = line.as_bytes();
        let mut code_run = 0usize;
        while let Some((i, c)) = chars.next() {
            if c == '\n' {
                out.push('\n');
                continue;
            }
            if !in_comment && c == '`' {
                let run = line[i..].chars().take_while(|x| *x == '`').count();
                if code_run == 0 {
                    code_run = run;
                } else if code_run == run {
                    code_run = 0;
                }
                out.push_str(&line[i..i + run]);
                for _ in 1..run {
                    chars.next();
                }
                continue;
            }
            if code_run == 0 && c == '%' && bytes.get(i + 1) == Some(&b'%') && toggles < limit {
                chars.next();
                toggles += 1;
                in_comment = !in_comment;
                continue;
            }
            if !in_comment {
                out.push(c);
            }
        }
    }
    (out, toggles)
}

/// Splits a paragraph at the notes it embeds: the text before, the embed,
/// the text after.
pub(super) fn split_at_embeds(content: Vec<Inline>, embeds: &mut [Option<Pending>], pos: Pos) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut run = Vec::new();
    for inline in content {
        let embed = match &inline {
            Inline::Anchor { id } => id.strip_prefix(EMBED_MARK).and_then(|n| n.parse::<usize>().ok()).and_then(|n| embeds.get_mut(n)).and_then(Option::take),
            _ => None,
        };
        match embed {
            Some(target) => {
                let text = super::trim_inlines(std::mem::take(&mut run));
                if !text.is_empty() {
                    blocks.push(Block::Paragraph { content: text, pos });
                }
                blocks.push(Block::Embed { target, pos });
            }
            None => run.push(inline),
        }
    }
    let text = super::trim_inlines(run);
    if !text.is_empty() {
        blocks.push(Block::Paragraph { content: text, pos });
    }
    blocks
}

/// Marks the anchor that stands for an embedded note while a paragraph is
/// read (a NUL never reaches an id of the reader's own).
pub(super) const EMBED_MARK: &str = "\0embed:";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callout_heads() {
        let head = callout_head(&[Inline::text("[!faq]- Why "), Inline::Emph { content: vec![Inline::text("this")] }]).expect("a callout");
        assert_eq!(head.kind, AdmonitionKind::Question);
        assert_eq!(notes_doc::plain_text(&head.title), "Why this");
        let head = callout_head(&[Inline::text("[!INFO]")]).expect("a callout");
        assert_eq!(head.kind, AdmonitionKind::Info);
        assert!(head.title.is_empty());
        let head = callout_head(&[Inline::text("[!recipe-card]")]).expect("a callout");
        assert_eq!((head.kind, notes_doc::plain_text(&head.title)), (AdmonitionKind::Note, "Recipe card".to_string()));
        assert!(callout_head(&[Inline::text("[not a callout]")]).is_none());
        assert!(callout_head(&[Inline::text("[!has space]")]).is_none());
        for (name, kind) in
            [("tldr", AdmonitionKind::Abstract), ("check", AdmonitionKind::Success), ("cite", AdmonitionKind::Quote), ("fail", AdmonitionKind::Failure)]
        {
            assert_eq!(callout_kind(name), Some(kind));
        }
    }

    #[test]
    fn embeds_and_names() {
        assert!(matches!(embed("IMG 1.png", "400", "a/b.md"), Embed::Image { width: Some(w), .. } if w == "400px"));
        assert!(matches!(embed("x.PNG", "300x200", "a/b.md"), Embed::Image { width: Some(w), .. } if w == "300px"));
        assert!(matches!(embed("x.png", "center", "a/b.md"), Embed::Image { width: None, alt, .. } if alt.is_empty()));
        assert!(matches!(embed("Other note", "", "a/b.md"), Embed::Note(Pending::Name { name, .. }) if name == "Other note"));
        assert!(matches!(embed("v1.2 notes", "", "a/b.md"), Embed::Note(_)));
        assert!(matches!(embed("slides.pdf", "", "a/b.md"), Embed::Other(_)));
        assert_eq!(
            name_target("tools/Note#Heading", "a/b.md"),
            Pending::Name { name: "tools/Note".into(), fragment: Some("Heading".into()), from: "a/b.md".into() }
        );
        assert_eq!(name_target("Note#^abc123", "a/b.md"), Pending::Name { name: "Note".into(), fragment: None, from: "a/b.md".into() });
        assert_eq!(name_target("#Intro", "a/b.md"), Pending::Fragment { fragment: "Intro".into(), from: "a/b.md".into() });
    }

    #[test]
    fn comments_are_left_out_but_not_in_code() {
        assert_eq!(strip_comments("a %% hidden %% b\n"), "a  b\n");
        assert_eq!(strip_comments("%%\nline one\nline two\n%%\nafter\n"), "\n\n\n\nafter\n");
        assert_eq!(strip_comments("```\n%% code %%\n```\n`%%` kept %%x%%\n"), "```\n%% code %%\n```\n`%%` kept \n");
        assert_eq!(strip_comments("100%% sure"), "100%% sure");
        assert_eq!(strip_comments("a %%x%% b %% c"), "a  b %% c");
        assert!(matches!(strip_comments("no comments"), Cow::Borrowed(_)));
    }
}

/// The reader end to end on Obsidian's Markdown.
#[cfg(test)]
mod reading {
    use crate::markdown::tests::{json, read_md};
    use notes_doc::{AdmonitionKind, Block, Inline, Pending, Target, plain_text};

    #[test]
    fn callouts_of_every_type_and_case() {
        let (note, d) = read_md(
            "> [!tip] A *custom* title\n> Body text.\n\n> [!faq]- Folded?\n> Answer.\n\n> [!Info]\n> Plain.\n\n> [!example]+\n> - item\n\n> [!NOTE]\n> GitHub alert.\n\n> [!quote] Goodhart's Law\n\n> Just a quote.\n",
            false,
        );
        assert!(d.is_empty(), "{d:?}");
        let heads: Vec<(AdmonitionKind, String, String)> = note
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Admonition { kind, title, blocks, .. } => Some((*kind, plain_text(title), json(blocks))),
                _ => None,
            })
            .collect();
        assert_eq!(heads.len(), 6, "{:?}", note.blocks);
        assert_eq!((heads[0].0, heads[0].1.as_str()), (AdmonitionKind::Tip, "A custom title"));
        assert!(heads[0].2.contains("Body text.") && !heads[0].2.contains("[!tip]"), "{}", heads[0].2);
        assert_eq!((heads[1].0, heads[1].1.as_str()), (AdmonitionKind::Question, "Folded?"));
        assert_eq!((heads[2].0, heads[2].1.as_str()), (AdmonitionKind::Info, ""));
        assert!(heads[3].2.contains(r#""type":"list""#));
        assert_eq!(heads[4].0, AdmonitionKind::Note);
        assert_eq!((heads[5].0, heads[5].1.as_str(), heads[5].2.as_str()), (AdmonitionKind::Quote, "Goodhart's Law", "[]"));
        assert!(matches!(note.blocks.last(), Some(Block::Quote { .. })));
    }

    #[test]
    fn wikilinks() {
        let (note, _) = read_md("See [[Note]], [[Other Note|the other]], [[Note#Part Two]] and [[tools/testing/Property Based Testing]].\n", false);
        let Block::Paragraph { content, .. } = &note.blocks[0] else { panic!() };
        let links: Vec<(Pending, String)> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { target: Target::Pending(p), content, .. } => Some((p.clone(), plain_text(content))),
                _ => None,
            })
            .collect();
        let from = "event/talk.md".to_string();
        assert_eq!(
            links,
            [
                (Pending::Name { name: "Note".into(), fragment: None, from: from.clone() }, "Note".to_string()),
                (Pending::Name { name: "Other Note".into(), fragment: None, from: from.clone() }, "the other".to_string()),
                (Pending::Name { name: "Note".into(), fragment: Some("Part Two".into()), from: from.clone() }, "Note#Part Two".to_string()),
                (
                    Pending::Name { name: "tools/testing/Property Based Testing".into(), fragment: None, from },
                    "tools/testing/Property Based Testing".to_string()
                ),
            ]
        );
    }

    #[test]
    fn embeds_comments_and_tags() {
        let (note, d) = read_md(
            "Intro. %% a hidden comment %%\n\n![[IMG 2024.png|400]]\n\nBefore ![[Other note]] after.\n\n![[slides.pdf]]\n\n%%\nBegin Waypoint\n%%\n\n#rust #tips are tags.\n",
            false,
        );
        let j = json(&note.blocks);
        assert!(!j.contains("hidden") && !j.contains("Waypoint"), "{j}");
        assert!(j.contains(r#""type":"figure","image":{"src":"IMG 2024.png","alt":"","width":"400px""#), "{j}");
        assert!(j.contains(r#"{"type":"embed","target":{"by":"name","name":"Other note","fragment":null,"from":"event/talk.md"}"#), "{j}");
        let kinds: Vec<&str> = note
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { .. } => "p",
                Block::Figure { .. } => "figure",
                Block::Embed { .. } => "embed",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["p", "figure", "p", "embed", "p", "p", "p"]);
        assert!(j.contains("#rust #tips are tags."));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["embedded-file"]);
    }

    #[test]
    fn hashtags_are_tags() {
        let cx = crate::ReadContext { path: "t.md", is_index: false, includes: &crate::NoIncludes };
        let text =
            "---\ntags: [talk]\n---\n# T\n\nAbout #rust and #async/tokio, not C# or #1 or `#code`.\n\n- #Talk again, #rust again\n\n```\n#comment\n```\n";
        let mut diags = notes_doc::diag::Diagnostics::new();
        let file = std::path::PathBuf::from("t.md");
        let mut fd = notes_doc::diag::FileDiagnostics { file: &file, diagnostics: &mut diags };
        let note = crate::read_dialect(text, notes_doc::Format::Markdown, crate::dialect::Dialect::Obsidian, &cx, &mut fd);
        assert_eq!(note.meta.tags, ["talk", "rust", "async/tokio"]);
        // The words stay in the text.
        assert!(json(&note.blocks).contains("#rust"));
        let plain = crate::read_dialect(text, notes_doc::Format::Markdown, crate::dialect::Dialect::Plain, &cx, &mut fd);
        assert_eq!(plain.meta.tags, ["talk"]);
    }
}
