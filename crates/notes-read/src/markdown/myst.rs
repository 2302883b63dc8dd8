//! MyST and Pandoc's fenced syntax in Markdown notes: directive fences
//! (```` ```{note} ````), colon fences (`:::{note}` … `:::`, and Pandoc's
//! fenced divs `::: {.callout-note}` … `:::`), the options at the top of a
//! directive's body, `(label)=` targets, and front-matter substitutions
//! (`{{ name }}`).
//!
//! The directives and roles themselves are run by the reST machinery
//! ([`crate::rst::myst`]); this module only finds them in Markdown.

use std::borrow::Cow;

/// A directive's name in a fence's info string (`{note}`, `{code-cell}`),
/// and the rest of the line (its arguments). A colon fence made a
/// backtick fence names its directive `{:note}` (see [`colon_fences`]):
/// the name is given without the colon.
pub(super) fn fence_directive(info: &str) -> Option<(&str, &str)> {
    let info = info.trim_start();
    let rest = info.strip_prefix('{')?;
    let close = rest.find('}')?;
    let name = rest[..close].trim();
    let name = name.strip_prefix(':').unwrap_or(name);
    let valid =
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    valid.then(|| (name, rest[close + 1..].trim()))
}

/// Splits a directive's body into its options (`:key: value` lines, or a
/// YAML block between `---` lines, at the top) and its content.
pub(super) fn split_options(body: &str) -> (Vec<(String, String)>, &str) {
    let mut options = Vec::new();
    if let Some(rest) = body.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| rest.strip_suffix("\n---").map(|r| (r.len(), rest.len()))) {
            let yaml = &rest[..end.0];
            if notes_doc::text::yaml_too_deep(yaml).is_none()
                && let Ok(serde_yaml_ng::Value::Mapping(map)) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml)
            {
                for (k, v) in map {
                    let key = scalar(&k);
                    if !key.is_empty() {
                        options.push((key, scalar(&v)));
                    }
                }
            }
            return (options, rest.get(end.1..).unwrap_or(""));
        }
        return (options, body);
    }
    let mut taken = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_end();
        let Some(rest) = t.strip_prefix(':') else { break };
        let Some(close) = rest.find(':') else { break };
        let key = &rest[..close];
        if key.is_empty() || key.contains(char::is_whitespace) || key.starts_with(':') {
            break;
        }
        options.push((key.to_lowercase(), rest[close + 1..].trim().to_string()));
        taken += line.len();
    }
    (options, &body[taken..])
}

/// A YAML scalar as text.
fn scalar(v: &serde_yaml_ng::Value) -> String {
    match v {
        serde_yaml_ng::Value::String(s) => s.clone(),
        serde_yaml_ng::Value::Bool(b) => b.to_string(),
        serde_yaml_ng::Value::Number(n) => n.to_string(),
        serde_yaml_ng::Value::Null => String::new(),
        other => serde_yaml_ng::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

/// One open colon fence while converting.
struct Open {
    /// The line that opened it.
    line: usize,
    colons: usize,
    /// The longest backtick fence inside it (converted ones included).
    inner: usize,
    indent: String,
    /// The opening line's info, after conversion (`{note} args`).
    info: String,
}

/// Colon fences (MyST's `:::{note}` and Pandoc's `::: {.callout-note}`)
/// written as backtick fences (```` ```{note} ````; Pandoc's divs as
/// ```` ```{div} .callout-note ````), long enough to hold what they hold,
/// so that pulldown-cmark hands their body over whole. Lines inside code
/// are left alone; line breaks are kept.
pub(super) fn colon_fences(text: &str) -> Cow<'_, str> {
    if !text.contains(":::") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut replaced: Vec<Option<String>> = vec![None; lines.len()];
    let mut stack: Vec<Open> = Vec::new();
    let mut code: Option<(char, usize)> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        // Code fences: their content is code.
        if let Some(c) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match code {
                    None => {
                        code = Some((c, run));
                        if let Some(top) = stack.last_mut() {
                            top.inner = top.inner.max(run);
                        }
                    }
                    Some((open, n)) if open == c && run >= n && trimmed[run * c.len_utf8()..].trim().is_empty() => code = None,
                    _ => {}
                }
                continue;
            }
        }
        if code.is_some() || indent.len() > 3 + stack.last().map_or(0, |o| o.indent.len()) {
            continue;
        }
        let colons = trimmed.chars().take_while(|c| *c == ':').count();
        if colons < 3 {
            continue;
        }
        let rest = trimmed[colons..].trim();
        if rest.is_empty() {
            // A closing fence: the innermost open fence it can close.
            if let Some(at) = stack.iter().rposition(|o| o.colons <= colons) {
                while stack.len() > at {
                    let Some(open) = stack.pop() else { break };
                    let ticks = (open.inner + 1).max(3);
                    replaced[open.line] = Some(format!("{}{}{}\n", open.indent, "`".repeat(ticks), open.info));
                    if stack.len() == at {
                        replaced[i] = Some(format!("{}{}\n", open.indent, "`".repeat(ticks)));
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.inner = parent.inner.max(ticks);
                    }
                }
            }
            continue;
        }
        let info = if fence_directive(rest).is_some() {
            // Marked as a colon fence: always a directive, never a code cell.
            format!("{{:{}", &rest[1..])
        } else if rest.starts_with('{') || rest.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '#')) {
            // A Pandoc div: `{#id .class key="value"}` or a bare class.
            format!("{{div}} {rest}")
        } else {
            continue;
        };
        stack.push(Open { line: i, colons, inner: 0, indent: indent.to_string(), info });
    }
    // Fences never closed run to the end.
    while let Some(open) = stack.pop() {
        let ticks = (open.inner + 1).max(3);
        replaced[open.line] = Some(format!("{}{}{}\n", open.indent, "`".repeat(ticks), open.info));
        if let Some(parent) = stack.last_mut() {
            parent.inner = parent.inner.max(ticks);
        }
    }
    if replaced.iter().all(Option::is_none) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (i, raw) in lines.iter().enumerate() {
        match &replaced[i] {
            Some(new) => {
                out.push_str(new.trim_end_matches('\n'));
                if raw.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(raw),
        }
    }
    Cow::Owned(out)
}

/// A `(label)=` line: MyST's target for the block after it.
pub(super) fn target_label(text: &str) -> Option<&str> {
    let label = text.trim().strip_prefix('(')?.strip_suffix(")=")?.trim();
    (!label.is_empty() && !label.contains(['(', ')', '\n'])).then_some(label)
}

/// The text with front-matter substitutions made: `{{ name }}` becomes
/// the value, outside code (fences and spans).
pub(super) fn substitute<'t>(text: &'t str, substitutions: &[(String, String)]) -> Cow<'t, str> {
    if substitutions.is_empty() || !text.contains("{{") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut code: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(c) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                code = match code {
                    None => Some((c, run)),
                    Some((open, n)) if open == c && run >= n => None,
                    other => other,
                };
                out.push_str(line);
                continue;
            }
        }
        if code.is_some() {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        let mut in_span = false;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('`') {
                in_span = !in_span;
                out.push('`');
                rest = after;
                continue;
            }
            if !in_span
                && let Some(after) = rest.strip_prefix("{{")
                && let Some(end) = after.find("}}")
                && let Some((_, value)) = substitutions.iter().find(|(k, _)| k == after[..end].trim())
            {
                out.push_str(value);
                rest = &after[end + 2..];
                continue;
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Cow::Owned(out)
}

/// A role name before a code span (`` {ref}`label` ``): the text ends with
/// `{name}`; returns the text without it, and the name.
pub(super) fn role_before(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix('}')?;
    let open = body.rfind('{')?;
    let name = &body[open + 1..];
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.'));
    valid.then(|| (&text[..open], name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_names_and_options() {
        assert_eq!(fence_directive("{note}"), Some(("note", "")));
        assert_eq!(fence_directive("{figure} img.png"), Some(("figure", "img.png")));
        assert_eq!(fence_directive("python"), None);
        assert_eq!(fence_directive("{.python}"), None);
        let (options, content) = split_options(":width: 50%\n:name: fig-x\n\nCaption.\n");
        assert_eq!(options, [("width".to_string(), "50%".to_string()), ("name".to_string(), "fig-x".to_string())]);
        assert_eq!(content, "\nCaption.\n");
        let (options, content) = split_options("---\nclass: tip\nopen: true\n---\nBody\n");
        assert_eq!(options, [("class".to_string(), "tip".to_string()), ("open".to_string(), "true".to_string())]);
        assert_eq!(content, "Body\n");
        let (options, content) = split_options(":not an option\ntext");
        assert!(options.is_empty() && content == ":not an option\ntext");
    }

    #[test]
    fn colon_fences_become_backtick_fences() {
        assert_eq!(colon_fences(":::{note}\nText\n:::\n"), "```{:note}\nText\n```\n");
        assert_eq!(
            colon_fences("::::{tab-set}\n:::{tab-item} A\n```python\nx\n```\n:::\n::::\n"),
            "`````{:tab-set}\n````{:tab-item} A\n```python\nx\n```\n````\n`````\n"
        );
        assert_eq!(colon_fences("::: {.callout-note}\nBody\n:::\n"), "```{div} {.callout-note}\nBody\n```\n");
        assert_eq!(colon_fences("::: callout-tip\nBody\n:::\n"), "```{div} callout-tip\nBody\n```\n");
        assert_eq!(colon_fences("```\n:::{note}\n```\n"), "```\n:::{note}\n```\n");
        assert_eq!(colon_fences("Ratio 2:::3 is text\n"), "Ratio 2:::3 is text\n");
        assert_eq!(colon_fences(":::{note}\nnever closed\n"), "```{:note}\nnever closed\n");
        assert_eq!(fence_directive("{:note} x"), Some(("note", "x")));
    }

    #[test]
    fn labels_substitutions_roles() {
        assert_eq!(target_label("(my-label)="), Some("my-label"));
        assert_eq!(target_label("(x) = y"), None);
        let subs = vec![("name".to_string(), "Ada".to_string())];
        assert_eq!(
            substitute("Hi {{ name }} and `{{ name }}` {{other}}\n```\n{{name}}\n```\n", &subs),
            "Hi Ada and `{{ name }}` {{other}}\n```\n{{name}}\n```\n"
        );
        assert_eq!(role_before("see {ref}"), Some(("see ", "ref")));
        assert_eq!(role_before("a {py:func}"), Some(("a ", "py:func")));
        assert_eq!(role_before("set {}"), None);
        assert_eq!(role_before("x {a b}"), None);
    }
}

impl super::Builder<'_, '_, '_> {
    /// A fenced block whose info string names a directive (```` ```{note} ````,
    /// or a colon fence made one): a MyST directive through the reST
    /// machinery, `{eval-rst}` through the reST reader, a Pandoc div, or a
    /// code cell of a language (`{python}`: shown as code, never run, its
    /// `#|` option lines left out).
    pub(super) fn fenced_directive(&mut self, info: &str, body: &str, pos: notes_doc::Pos) {
        let Some((name, args)) = fence_directive(info) else { return };
        let colon = info.trim_start().starts_with("{:");
        // Each directive inside a directive is read one level deeper: past
        // the deepest nesting, a directive is its text.
        if self.too_deep(false, pos) {
            let text = body.trim_end_matches('\n').to_string();
            self.push_block(notes_doc::Block::Code { language: None, text, line_numbers: false, pos });
            return;
        }
        let line = pos.line.saturating_sub(1);
        let made = match name.to_ascii_lowercase().as_str() {
            "div" => {
                self.pandoc_div(args, body, pos);
                return;
            }
            "eval-rst" | "eval_rst" => crate::rst::myst::fragment(self.cx, self.diags, body, line + 1, self.block_depth),
            lower if !colon && !crate::rst::is_directive(lower) => {
                self.code_cell(name, body, pos);
                return;
            }
            _ => {
                let (options, content) = split_options(body);
                // The content's first line: after the fence and the lines the
                // options took.
                let content_line = line + 1 + body[..body.len() - content.len()].matches('\n').count() as u32;
                let directive = crate::rst::myst::MystDirective { name, args, options, content, line, content_line };
                crate::rst::myst::directive(self.cx, self.diags, &directive, self.block_depth)
            }
        };
        self.footnotes.extend(made.footnotes);
        for toc in made.tocs {
            let n = self.tocs.len();
            self.tocs.push(toc);
            self.push_block(notes_doc::Block::Raw { format: super::TOC_MARK.to_string(), text: n.to_string(), pos });
        }
        self.push_blocks(made.blocks);
    }

    /// An executable cell (Quarto's ```` ```{python} ````, Jupyter's): the
    /// code, without its `#|` option lines, then the captions of what it
    /// would draw (see [`crate::cell`]).
    fn code_cell(&mut self, language: &str, body: &str, pos: notes_doc::Pos) {
        let cell = crate::cell::split(body);
        if !cell.code.trim().is_empty() {
            let language = Some(language.trim_start_matches('.').to_string()).filter(|l| !l.is_empty());
            self.push_block(notes_doc::Block::Code { language, text: cell.code.clone(), line_numbers: false, pos });
        }
        self.push_blocks(cell.caption_blocks(pos));
    }

    /// A code span, or, right after `{name}`, a MyST role through the reST
    /// role machinery.
    pub(super) fn code_span(&mut self, text: String, pos: notes_doc::Pos) {
        if let Some(notes_doc::Inline::Text { text: before }) = self.last_inline_mut()
            && let Some((kept, name)) = role_before(before)
        {
            let name = name.to_string();
            let kept = kept.to_string();
            if kept.is_empty() {
                self.pop_last_inline();
            } else if let Some(notes_doc::Inline::Text { text: before }) = self.last_inline_mut() {
                *before = kept;
            }
            let inlines = crate::rst::myst::role(self.cx, self.diags, &name, &text, pos);
            self.push_inlines(inlines);
            return;
        }
        self.push_inline(notes_doc::Inline::Code { text });
    }

    /// The inline sequence being filled, if the frame on top has one.
    fn inline_seq(&mut self) -> Option<&mut Vec<notes_doc::Inline>> {
        use super::Frame;
        match self.stack.last_mut() {
            Some(Frame::Paragraph { inlines, .. })
            | Some(Frame::Heading { inlines, .. })
            | Some(Frame::Span { inlines, .. })
            | Some(Frame::Link { inlines, .. })
            | Some(Frame::Item { inlines, .. })
            | Some(Frame::DefTitle { inlines })
            | Some(Frame::DefBody { inlines, .. })
            | Some(Frame::Cell { inlines })
            | Some(Frame::HtmlBlock { inlines, .. })
            | Some(Frame::HtmlInline { inlines, .. })
            | Some(Frame::Fragment { inlines, .. })
            | Some(Frame::Flat { inlines, .. }) => Some(inlines),
            _ => None,
        }
    }

    fn last_inline_mut(&mut self) -> Option<&mut notes_doc::Inline> {
        self.inline_seq().and_then(|seq| seq.last_mut())
    }

    fn pop_last_inline(&mut self) {
        if let Some(seq) = self.inline_seq() {
            seq.pop();
        }
    }
}
