//! Site generators' template syntax inside Markdown notes, removed or
//! mapped before the Markdown reader sees the text, so that no template
//! code is printed and nothing is ever run:
//!
//! - Jekyll's Liquid (`{% … %}`, `{{ … }}`): `{% highlight lang %}` becomes
//!   a fenced code block, `{% raw %}` keeps its text, `{% comment %}` goes
//!   with its text, every other tag is removed (one warning per note).
//! - Hugo's shortcodes (`{{< … >}}`, `{{% … %}}`): `figure` becomes an
//!   image, `highlight` a code block, `ref`/`relref` the path they name,
//!   `youtube`/`vimeo`/`x`/`tweet` a link; others are removed (paired ones
//!   keep their inner text), with one warning per note naming them.
//! - kramdown attribute lists (`{: .class}`, `{:toc}`, `{:target="_blank"}`)
//!   and attribute lists after a link or image (`![x](a.png){ width="300" }`),
//!   in every dialect: they style a web page and are never prose.
//!
//! Line breaks are kept where text is removed, so that the reader's line
//! numbers stay those of the file. Fenced code is left as written.

use notes_doc::Pos;
use notes_doc::diag::FileDiagnostics;

/// Which site generator's syntax a note may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Plain Markdown: only attribute lists are removed.
    #[default]
    Plain,
    /// Jekyll: Liquid tags and outputs.
    Jekyll,
    /// Hugo: shortcodes.
    Hugo,
    /// Obsidian: `#tags` in the text are also the note's tags.
    Obsidian,
}

/// The text with the dialect's template syntax removed or mapped; the
/// text itself (borrowed) when there was none.
pub fn clean<'t>(text: &'t str, dialect: Dialect, diags: &mut FileDiagnostics) -> std::borrow::Cow<'t, str> {
    let has_attr = text.contains("{:");
    let has_template = match dialect {
        Dialect::Plain | Dialect::Obsidian => false,
        Dialect::Jekyll => text.contains("{%") || text.contains("{{"),
        Dialect::Hugo => text.contains("{{<") || text.contains("{{%"),
    };
    if !has_attr && !has_template {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cleaner =
        Cleaner { out: String::with_capacity(text.len()), liquid: 0, liquid_line: 0, removed: Vec::new(), removed_line: 0, open_pairs: Vec::new() };
    let mut fence: Option<String> = None;
    let mut rest = text;
    let mut line_no = 0u32;
    while !rest.is_empty() {
        line_no += 1;
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) && trimmed.trim().chars().all(|c| c == f.chars().next().unwrap_or('`')) {
                fence = None;
            }
            cleaner.out.push_str(line);
            rest = &rest[end..];
            continue;
        }
        if let Some(f) = fence_of(trimmed) {
            fence = Some(f);
            cleaner.out.push_str(line);
            rest = &rest[end..];
            continue;
        }
        // Template tags may run over several lines: take the tag whole.
        let consumed = cleaner.line(rest, end, dialect, line_no);
        line_no += rest[..consumed].matches('\n').count().saturating_sub(1) as u32;
        rest = &rest[consumed..];
    }
    if cleaner.liquid > 0 {
        let n = cleaner.liquid;
        diags.warn(
            "liquid",
            Pos::new(cleaner.liquid_line, 1),
            1,
            format!("Liquid removed: {n} tag{} (Jekyll templates are not run)", if n == 1 { "" } else { "s" }),
        );
    }
    if !cleaner.removed.is_empty() {
        let mut names = cleaner.removed.clone();
        names.dedup();
        diags.warn(
            "shortcode",
            Pos::new(cleaner.removed_line, 1),
            1,
            format!("removed shortcode{}: {} (Hugo shortcodes are not run)", if names.len() == 1 { "" } else { "s" }, names.join(", ")),
        );
    }
    std::borrow::Cow::Owned(cleaner.out)
}

/// The fence that opens a fenced code block on this line, if it does.
fn fence_of(trimmed: &str) -> Option<String> {
    for c in ['`', '~'] {
        let n = trimmed.chars().take_while(|&x| x == c).count();
        if n >= 3 {
            return Some(std::iter::repeat_n(c, n).collect());
        }
    }
    None
}

struct Cleaner {
    out: String,
    /// Liquid tags removed, and the line of the first.
    liquid: usize,
    liquid_line: u32,
    /// Names of shortcodes removed, and the line of the first.
    removed: Vec<String>,
    removed_line: u32,
    /// Paired shortcodes open (`notice`), whose closing tag is dropped too.
    open_pairs: Vec<String>,
}

impl Cleaner {
    /// Cleans the text from the start of `rest` to the end of its first
    /// line (`end`), or further when a tag runs on; returns the bytes used.
    fn line(&mut self, rest: &str, end: usize, dialect: Dialect, line_no: u32) -> usize {
        let mut i = 0;
        let bytes = rest.as_bytes();
        while i < end.min(rest.len()) {
            let tail = &rest[i..];
            // Inline code is left alone.
            if tail.starts_with('`') {
                let ticks = tail.chars().take_while(|&c| c == '`').count();
                let marker = &tail[..ticks];
                if let Some(close) = tail[ticks..].find(marker)
                    && !tail[ticks..ticks + close].contains('\n')
                {
                    let len = ticks + close + ticks;
                    self.out.push_str(&tail[..len]);
                    i += len;
                    continue;
                }
            }
            if let Some(len) = attribute_list(tail) {
                i += len;
                continue;
            }
            let template = match dialect {
                Dialect::Jekyll if tail.starts_with("{%") || tail.starts_with("{{") => self.liquid(tail, line_no),
                Dialect::Hugo if tail.starts_with("{{<") || tail.starts_with("{{%") => self.shortcode(tail, line_no),
                _ => None,
            };
            if let Some(len) = template {
                i += len;
                continue;
            }
            let c = tail.chars().next().map_or(1, char::len_utf8);
            self.out.push_str(&tail[..c]);
            i += c;
        }
        let _ = bytes;
        i.max(end.min(rest.len()))
    }

    /// A Liquid tag or output at the start of `tail`: its length.
    fn liquid(&mut self, tail: &str, line_no: u32) -> Option<usize> {
        let (open, close) = if tail.starts_with("{%") { ("{%", "%}") } else { ("{{", "}}") };
        let end = tail.get(..tail.len().min(4000))?.find(close)? + close.len();
        let inner = tail[open.len()..end - close.len()].trim_matches(['-', ' ', '\n', '\t']);
        let word = inner.split_whitespace().next().unwrap_or("");
        let keep_newlines = |s: &str| "\n".repeat(s.matches('\n').count());
        if open == "{%" {
            match word {
                "raw" => {
                    // Everything up to `{% endraw %}` is text, as written.
                    let body = &tail[end..];
                    let Some(at) = body.find("endraw") else {
                        self.out.push_str(&keep_newlines(&tail[..end]));
                        return Some(end);
                    };
                    let open_at = body[..at].rfind("{%").unwrap_or(at);
                    let close = body[at..].find("%}").map_or(body.len(), |e| at + e + 2);
                    self.out.push_str(&keep_newlines(&tail[..end]));
                    self.out.push_str(&body[..open_at]);
                    self.out.push_str(&keep_newlines(&body[open_at..close]));
                    return Some(end + close);
                }
                "endraw" => {
                    self.out.push_str(&keep_newlines(&tail[..end]));
                    return Some(end);
                }
                "highlight" => {
                    let lang = inner.split_whitespace().nth(1).unwrap_or("");
                    self.start_line();
                    self.out.push_str(&format!("```{lang}"));
                    return Some(end);
                }
                "endhighlight" => {
                    self.start_line();
                    self.out.push_str("```");
                    return Some(end);
                }
                "comment" => {
                    // The comment's text goes with it.
                    let stop = tail.find("endcomment").and_then(|at| tail[at..].find("%}").map(|e| at + e + 2)).unwrap_or(end);
                    self.out.push_str(&keep_newlines(&tail[..stop]));
                    self.count_liquid(line_no);
                    return Some(stop);
                }
                _ => {}
            }
        }
        self.out.push_str(&keep_newlines(&tail[..end]));
        self.count_liquid(line_no);
        Some(end)
    }

    fn count_liquid(&mut self, line_no: u32) {
        if self.liquid == 0 {
            self.liquid_line = line_no;
        }
        self.liquid += 1;
    }

    /// Makes sure what follows starts a line (a code fence must).
    fn start_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// A Hugo shortcode at the start of `tail`: its length.
    fn shortcode(&mut self, tail: &str, line_no: u32) -> Option<usize> {
        let close = if tail.starts_with("{{<") { ">}}" } else { "%}}" };
        let end = tail.get(..tail.len().min(4000))?.find(close)? + close.len();
        let inner = tail[3..end - 3].trim();
        let keep_newlines = "\n".repeat(tail[..end].matches('\n').count());
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim().to_string();
            if name == "highlight" {
                self.start_line();
                self.out.push_str("```");
            } else {
                self.open_pairs.retain(|n| *n != name);
                self.out.push_str(&keep_newlines);
            }
            return Some(end);
        }
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = Args::parse(args);
        let mapped = match name {
            "figure" => args.get("src").map(|src| {
                let caption = args.get("caption").or_else(|| args.get("title")).unwrap_or_default();
                let alt = args.get("alt").unwrap_or_else(|| caption.clone());
                let title = if caption.is_empty() { String::new() } else { format!(" \"{}\"", caption.replace('"', "'")) };
                format!("![{alt}](<{src}>{title})")
            }),
            "highlight" => {
                self.start_line();
                Some(format!("```{}", args.positional(0).unwrap_or_default()))
            }
            "ref" | "relref" => args
                .positional(0)
                .map(|p| p.trim_start_matches('/').to_string())
                .map(|p| if args.positional(0).is_some_and(|a| a.starts_with('/')) { format!("/{p}") } else { p }),
            "youtube" => args.get("id").or_else(|| args.positional(0)).map(|id| format!("[YouTube video {id}](https://www.youtube.com/watch?v={id})")),
            "vimeo" => args.get("id").or_else(|| args.positional(0)).map(|id| format!("[Vimeo video {id}](https://vimeo.com/{id})")),
            "x" | "tweet" | "twitter" => {
                let user = args.get("user").or_else(|| args.positional(0)).unwrap_or_default();
                args.get("id").or_else(|| args.positional(1)).map(|id| format!("[post {id} by {user}](https://x.com/{user}/status/{id})"))
            }
            "param" => Some(String::new()),
            _ => None,
        };
        match mapped {
            Some(text) => self.out.push_str(&text),
            None => {
                if self.removed.is_empty() {
                    self.removed_line = line_no;
                }
                // A paired shortcode keeps its inner text: only its tags go.
                let paired = tail[end..].contains(&format!("/{name}"));
                self.removed.push(if paired { format!("{name} (its text is kept)") } else { name.to_string() });
                if paired {
                    self.open_pairs.push(name.to_string());
                }
                self.out.push_str(&keep_newlines);
            }
        }
        Some(end)
    }
}

/// Arguments of a shortcode: `key="value"` pairs and positional values.
struct Args(Vec<(Option<String>, String)>);

impl Args {
    fn parse(text: &str) -> Args {
        let mut out = Vec::new();
        let mut chars = text.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            let Some(&first) = chars.peek() else { break };
            let mut word = String::new();
            if first == '"' || first == '`' {
                chars.next();
                for c in chars.by_ref() {
                    if c == first {
                        break;
                    }
                    word.push(c);
                }
                out.push((None, word));
                continue;
            }
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '=' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            if chars.peek() == Some(&'=') {
                chars.next();
                let mut value = String::new();
                match chars.peek().copied() {
                    Some(q @ ('"' | '`' | '\'')) => {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == q {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    _ => {
                        while let Some(&c) = chars.peek() {
                            if c.is_whitespace() {
                                break;
                            }
                            value.push(c);
                            chars.next();
                        }
                    }
                }
                out.push((Some(word), value));
            } else if !word.is_empty() {
                out.push((None, word));
            } else {
                chars.next();
            }
        }
        Args(out)
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k.as_deref() == Some(key)).map(|(_, v)| v.clone())
    }

    fn positional(&self, n: usize) -> Option<String> {
        self.0.iter().filter(|(k, _)| k.is_none()).nth(n).map(|(_, v)| v.clone())
    }
}

/// A kramdown attribute list (`{: .x}`, `{:toc}`, `{:target="_blank"}`) at
/// the start of `tail`: its length. (Pandoc's attributes right after a link
/// or an image, `{ width="300" }`, are the Markdown reader's: it applies
/// the width and the id.)
fn attribute_list(tail: &str) -> Option<usize> {
    if !tail.starts_with('{') {
        return None;
    }
    let end = tail.find('}')?;
    let inner = &tail[1..end];
    if inner.contains(['\n', '{']) {
        return None;
    }
    if let Some(rest) = inner.strip_prefix(':') {
        // `{:` followed by nothing that looks like prose.
        if rest.trim().is_empty()
            || rest.trim_start().starts_with(['.', '#'])
            || rest.contains('=')
            || rest.trim() == "toc"
            || rest.trim().chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Some(end + 1);
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::diag::Diagnostics;
    use std::path::Path;

    fn run(text: &str, dialect: Dialect) -> (String, Vec<(String, String)>) {
        let mut d = Diagnostics::new();
        let out = clean(text, dialect, &mut FileDiagnostics { file: Path::new("t.md"), diagnostics: &mut d }).into_owned();
        (out, d.iter().map(|d| (d.code.to_string(), d.message.clone())).collect())
    }

    #[test]
    fn liquid_is_removed_with_one_warning() {
        let (out, d) = run(
            "Posted on {{ page.date | date: \"%B\" }} by {{ site.author }}.\n\n{% highlight rust %}\nfn main() {}\n{% endhighlight %}\n\n{% raw %}{{ kept }}{% endraw %}\n",
            Dialect::Jekyll,
        );
        assert!(out.starts_with("Posted on  by .\n"), "{out}");
        assert!(out.contains("```rust\nfn main() {}\n```"), "{out}");
        assert!(out.contains("{{ kept }}"), "{out}");
        assert_eq!(out.lines().count(), "Posted\n\n{%\nfn\n{%\n\n{%\n".lines().count());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].1.contains("2 tags"), "{d:?}");
    }

    #[test]
    fn code_is_left_alone() {
        let text = "```\n{{ x }} {: .y}\n```\n\nUse `{{ y }}`.\n";
        assert_eq!(run(text, Dialect::Jekyll).0, text);
        assert_eq!(run("Angular's {{title}} stays in MkDocs.\n", Dialect::Plain).0, "Angular's {{title}} stays in MkDocs.\n");
    }

    #[test]
    fn attribute_lists_go_everywhere() {
        let (out, d) = run("{: .notice--info}\nA [link](x.md){:target=\"_blank\"} and ![p](p.png){ width=\"300\" }.\n\n{:toc}\n", Dialect::Plain);
        assert_eq!(out, "\nA [link](x.md) and ![p](p.png){ width=\"300\" }.\n\n\n", "Pandoc's attributes are the reader's");
        assert!(d.is_empty());
        // Braces in prose are kept.
        assert_eq!(run("A set {1, 2} and {: not prose here}.\n", Dialect::Plain).0, "A set {1, 2} and {: not prose here}.\n");
    }

    #[test]
    fn hugo_shortcodes_are_mapped_or_removed() {
        let text = "{{< figure src=\"board.png\" caption=\"The board\" >}}\n\n{{< highlight python >}}\nprint(1)\n{{< /highlight >}}\n\nSee [Jan]({{< relref \"january.md\" >}}) and {{< youtube abc123 >}}.\n\n{{% notice tip %}}\nInner kept.\n{{% /notice %}}\n\n{{< recent-meetings n=\"3\" >}}\n";
        let (out, d) = run(text, Dialect::Hugo);
        assert!(out.contains("![The board](<board.png> \"The board\")"), "{out}");
        assert!(out.contains("```python\nprint(1)\n```"), "{out}");
        assert!(out.contains("[Jan](january.md)"), "{out}");
        assert!(out.contains("https://www.youtube.com/watch?v=abc123"), "{out}");
        assert!(out.contains("Inner kept.") && !out.contains("{{"), "{out}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].1.contains("notice (its text is kept)") && d[0].1.contains("recent-meetings"), "{d:?}");
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn unclosed_tags_are_text() {
        let (out, _) = run("An {% unclosed tag and {{ another\n", Dialect::Jekyll);
        assert_eq!(out, "An {% unclosed tag and {{ another\n");
    }
}
