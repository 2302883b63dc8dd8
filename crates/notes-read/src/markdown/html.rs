//! HTML inside Markdown: the subset notes use, read with html5ever's
//! tokenizer (the HTML5 tokenizer of browsers) and mapped onto the tree,
//! as Pandoc reads it into its model.
//!
//! pulldown-cmark decides what is HTML: a block of HTML (`<details>` on a
//! line of its own, up to a blank line) or a tag in running text. Those
//! pieces are tokenized here; elements become frames on the Markdown
//! reader's stack, so that an element may hold Markdown written between
//! its tags (`<details>`, blank line, Markdown, blank line, `</details>`),
//! and text inside HTML blocks is read as Markdown (Pandoc's
//! `markdown_in_html_blocks`; `markdown="1"` asks for the same).
//!
//! What is mapped: `p div span br hr b strong i em u s del ins sub sup kbd
//! code pre small mark abbr a img figure figcaption ul ol li dl dt dd table
//! thead tbody tfoot tr th td caption h1`–`h6 blockquote details summary`,
//! and a few look-only wrappers (`center`, `section` …) whose content reads
//! as if written outside them. Inline `<svg>` becomes an image that carries
//! its own text. What is left out, never run nor fetched: `script style
//! iframe object embed` and the like (with a warning), comments, event
//! handlers and every other attribute but the few read here. Another HTML
//! element keeps its text (one warning per element name per note). A
//! tag-like word that is no HTML element (`Partial<T>`, `<X>By<Y>`,
//! `Hallo <vorname>`) is the note's text and is kept as written.
//!
//! Nothing here recurses on the note's nesting: elements are frames of
//! the reader's explicit stack, bounded by [`notes_doc::MAX_NESTING`] like
//! every other container.

use std::cell::RefCell;

use html5ever::TokenizerResult;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind};

use super::{Builder, Frame, paragraph_or_figure, trim_inlines};
#[cfg(test)]
use notes_doc::Target;
use notes_doc::{AdmonitionKind, Align, Block, Cell, Definition, Image, Inline, ListItem, NumberStyle, Ordered, Pos, Row};

/// One token of HTML.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum HtmlToken {
    /// `<name attr="value">` (names in lower case, entities decoded).
    Start { name: String, attrs: Vec<(String, String)>, self_closing: bool },
    /// `</name>`.
    End { name: String },
    /// Text, entities decoded.
    Text(String),
}

/// Collects the tokenizer's tokens, telling it where raw text starts.
struct Collector {
    tokens: RefCell<Vec<HtmlToken>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut tokens = self.tokens.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let attrs = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                        tokens.push(HtmlToken::Start { name: name.clone(), attrs, self_closing: tag.self_closing });
                        // What a browser's tree builder would tell the
                        // tokenizer: the content of these is text, not tags.
                        return match name.as_str() {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
                            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => tokens.push(HtmlToken::End { name }),
                }
            }
            Token::CharacterTokens(text) => match tokens.last_mut() {
                Some(HtmlToken::Text(t)) => t.push_str(&text),
                _ => tokens.push(HtmlToken::Text(text.to_string())),
            },
            Token::NullCharacterToken => {}
            // Comments, doctypes, errors and the end: nothing to keep.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The tokens of a piece of HTML.
pub(super) fn tokenize(html: &str) -> Vec<HtmlToken> {
    let collector = Collector { tokens: RefCell::new(Vec::new()) };
    let tokenizer = Tokenizer::new(collector, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    // The collector never asks for a script to run, so this ends at once.
    while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.tokens.take()
}

/// What an element is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Mapped onto an inline node (or its content).
    Inline,
    /// A container of blocks, mapped when it closes.
    Block,
    /// `<pre>`: its text is code.
    Pre,
    /// `<br>`, `<hr>`, `<img>`, `<wbr>`.
    Void,
    /// Left out with what it holds: never run, never fetched.
    Dropped,
    /// An HTML element the book has no use for: its text is kept.
    Other,
    /// Not an HTML element at all (`<T>`, `<vorname>`, `<pm-root>`): the
    /// note's own text.
    NotHtml,
}

/// The role of an element name (in lower case).
pub(super) fn role(name: &str) -> Role {
    match name {
        "b" | "strong" | "i" | "em" | "u" | "s" | "strike" | "del" | "ins" | "sub" | "sup" | "kbd" | "code" | "tt" | "samp" | "var" | "small" | "mark"
        | "abbr" | "acronym" | "a" | "span" | "cite" | "dfn" | "q" | "font" | "big" | "time" | "bdi" | "bdo" | "data" | "label" => Role::Inline,
        "p" | "div" | "center" | "section" | "article" | "aside" | "main" | "header" | "footer" | "nav" | "address" | "hgroup" | "body" | "html" | "figure"
        | "figcaption" | "ul" | "ol" | "menu" | "dir" | "li" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "th" | "td" | "caption"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "details" | "summary" | "form" | "fieldset" | "legend" | "search" => Role::Block,
        "pre" | "listing" | "plaintext" => Role::Pre,
        "br" | "hr" | "img" | "wbr" => Role::Void,
        "script" | "style" | "iframe" | "object" | "embed" | "applet" | "noscript" | "template" | "canvas" | "audio" | "video" | "head" | "title"
        | "noembed" | "noframes" | "frameset" | "frame" | "select" | "textarea" | "math" | "dialog" | "portal" | "slot" => Role::Dropped,
        "svg" | "button" | "input" | "meta" | "link" | "base" | "area" | "map" | "col" | "colgroup" | "source" | "track" | "param" | "picture" | "optgroup"
        | "option" | "datalist" | "output" | "progress" | "meter" | "keygen" | "menuitem" | "rp" | "rt" | "ruby" | "rb" | "rtc" | "nobr" | "blink"
        | "marquee" | "xmp" | "image" => Role::Other,
        _ => Role::NotHtml,
    }
}

/// Elements whose content is inline text (their Markdown paragraphs are
/// joined into one run of text).
fn holds_inlines(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" | "dt" | "figcaption" | "caption" | "legend")
}

/// Void elements: they never hold anything, whatever the tag says.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "param" | "source" | "track" | "wbr" | "keygen" | "image"
    )
}

/// The value of an attribute.
pub(super) fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// What a closed element leaves for its parent, besides blocks.
#[derive(Debug, Clone)]
pub(super) enum Part {
    Item(ListItem),
    Term(Vec<Inline>),
    Def(Vec<Block>),
    Summary(Vec<Inline>),
    Caption(Vec<Inline>),
    /// A table row: its cells (each with whether it is a header cell), and
    /// whether it stood in a `<thead>`.
    Row(Vec<(Cell, bool)>, bool),
    Cell(Cell, bool),
}

/// The name given to the frame that holds the SVG images of a block.
const SVG_PLACEHOLDER: &str = "notes-svg";

/// Cuts each `<svg>…</svg>` out of a block of HTML (the tokenizer would
/// lower-case its names, `viewBox` and `linearGradient` included, which
/// SVG readers then ignore), leaving a placeholder element that names it.
fn cut_svgs(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut svgs = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<svg") {
        let start = at + found;
        let after = lower.as_bytes().get(start + 4).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')) {
            out.push_str(&html[at..start + 4]);
            at = start + 4;
            continue;
        }
        // The matching end tag, counting nested `<svg`.
        let mut depth = 0usize;
        let mut cursor = start;
        let mut end = None;
        while cursor < lower.len() {
            let next_open = lower[cursor + 1..].find("<svg").map(|i| cursor + 1 + i);
            let next_close = lower[cursor..].find("</svg").map(|i| cursor + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    cursor = o;
                }
                (_, Some(c)) => {
                    if depth == 0 {
                        end = lower[c..].find('>').map(|i| c + i + 1);
                        break;
                    }
                    depth -= 1;
                    cursor = c + 1;
                }
                _ => break,
            }
        }
        let end = end.unwrap_or(html.len());
        out.push_str(&html[at..start]);
        out.push_str(&format!("<{SVG_PLACEHOLDER} data-n=\"{}\"></{SVG_PLACEHOLDER}>", svgs.len()));
        svgs.push(html[start..end].to_string());
        at = end;
    }
    out.push_str(&html[at..]);
    (out, svgs)
}

/// An SVG written in a note, made an image file of its own: with the SVG
/// namespace (and XLink's, when it uses it) declared, as a file needs.
fn svg_file(svg: &str) -> String {
    let Some(tag_end) = svg.find('>') else { return svg.to_string() };
    let open = &svg[..tag_end];
    let mut extra = String::new();
    if !open.contains("xmlns=") {
        extra.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    if svg.contains("xlink:") && !open.contains("xmlns:xlink") {
        extra.push_str(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    }
    let split = if open.ends_with('/') { tag_end - 1 } else { tag_end };
    format!("{}{extra}{}", &svg[..split], &svg[split..])
}

/// Text of HTML as Markdown source: what the tokenizer decoded is escaped
/// again, so that the Markdown reader sees text where the HTML had text,
/// and the common indentation of its lines is removed (HTML is indented
/// for looks; Markdown would read four spaces as code).
fn as_markdown_source(text: &str) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
    let mut lines: Vec<&str> = escaped.split('\n').collect();
    let indent = lines.iter().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start_matches([' ', '\t']).len()).min().unwrap_or(0);
    for line in lines.iter_mut().skip(1) {
        let own = line.len() - line.trim_start_matches([' ', '\t']).len();
        *line = &line[own.min(indent)..];
    }
    lines.join("\n")
}

/// Whether `markdown="…"` asks for the text to be read as Markdown; the
/// book reads text in HTML blocks as Markdown anyway, and `markdown="0"`
/// opts out.
fn markdown_off(attrs: &[(String, String)]) -> bool {
    attr(attrs, "markdown").is_some_and(|v| matches!(v.trim(), "0" | "false" | "no"))
}

impl Builder<'_, '_, '_> {
    /// A block of HTML (pulldown-cmark's HTML block): its elements open and
    /// close frames; its text is read as Markdown.
    pub(super) fn html_block(&mut self, html: &str, pos: Pos, offset: usize) {
        let (html, svgs) = cut_svgs(html);
        // An `<svg>` this block does not close (it has blank lines in it):
        // taken from the note's text up to its end tag, further on.
        if let Some(last) = svgs.last()
            && !last.to_ascii_lowercase().trim_end().ends_with("</svg>")
            && let Some(at) = html_offset_of(self.lines.text, offset, last)
        {
            let n = svgs.len() - 1;
            let placeholder = format!("<{SVG_PLACEHOLDER} data-n=\"{n}\"></{SVG_PLACEHOLDER}>");
            let before = html.rfind(&placeholder).map_or(html.as_str(), |i| &html[..i]).to_string();
            self.html_block_tokens(&before, &svgs[..n], pos);
            let depth = count_svg_tags(last);
            self.svg_capture = Some(SvgCapture { start: at, depth, balance: 0, pos });
            return;
        }
        self.html_block_tokens(&html, &svgs, pos);
    }

    /// Takes the events of an SVG being captured; returns whether it took
    /// this one. The SVG ends at its end tag; a block ending around it
    /// (an end event that opened before it) stops the capture, and the SVG
    /// is left out with a warning.
    pub(super) fn capture_svg(&mut self, event: &pulldown_cmark::Event, range: &std::ops::Range<usize>) -> bool {
        use pulldown_cmark::Event;
        let Some(capture) = self.svg_capture.as_mut() else { return false };
        match event {
            Event::Start(_) => capture.balance += 1,
            Event::End(_) => {
                if capture.balance == 0 {
                    let pos = capture.pos;
                    self.svg_capture = None;
                    self.warn_element("svg", pos, "an <svg> that does not end where it began (in its list, quote or note) is left out".to_string());
                    return false;
                }
                capture.balance -= 1;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let (opens, closes) = svg_tag_counts(h);
                capture.depth += opens;
                if closes >= capture.depth {
                    let end = self.lines.text[..range.end.min(self.lines.text.len())]
                        .to_ascii_lowercase()
                        .rfind("</svg")
                        .and_then(|i| self.lines.text[i..].find('>').map(|j| i + j + 1));
                    let (start, pos, balance) = (capture.start, capture.pos, capture.balance);
                    self.svg_capture = None;
                    self.ends_to_skip += balance;
                    if let Some(svg) = end.and_then(|end| self.lines.text.get(start..end)) {
                        let svg = svg.to_string();
                        self.inline_svg(&svg, pos);
                    }
                    return true;
                }
                capture.depth -= closes;
            }
            _ => {}
        }
        true
    }

    /// The tokens of an HTML block (SVGs already cut out).
    fn html_block_tokens(&mut self, html: &str, svgs: &[String], pos: Pos) {
        let tokens = tokenize(html);
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                HtmlToken::Text(text) => {
                    if self.raw_html_text(text) {
                        i += 1;
                        continue;
                    }
                    let in_plain = self.stack.iter().rev().find_map(|f| match f {
                        Frame::HtmlBlock { attrs, .. } => Some(markdown_off(attrs)),
                        _ => None,
                    });
                    if in_plain == Some(true) {
                        self.html_text(text);
                    } else {
                        self.markdown_text(text, pos);
                    }
                }
                HtmlToken::Start { name, attrs, self_closing } => {
                    if name == SVG_PLACEHOLDER {
                        let n: usize = attr(attrs, "data-n").and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
                        if let Some(svg) = svgs.get(n) {
                            self.inline_svg(svg, pos);
                        }
                        // Skip the placeholder's end tag.
                        if matches!(tokens.get(i + 1), Some(HtmlToken::End { name }) if name == SVG_PLACEHOLDER) {
                            i += 1;
                        }
                    } else {
                        self.html_start(name, attrs, *self_closing, pos, true);
                    }
                }
                HtmlToken::End { name } => self.html_end(name, true),
            }
            i += 1;
        }
        // `<pre>` and left-out elements end with their block: what follows
        // is Markdown again.
        while matches!(self.stack.last(), Some(Frame::HtmlRaw { .. })) {
            self.close_top_html();
        }
    }

    /// A tag in running text (pulldown-cmark's inline HTML).
    pub(super) fn inline_html(&mut self, html: &str, pos: Pos, offset: usize) {
        let trimmed = html.trim();
        if trimmed.starts_with("<!--") || trimmed.starts_with("<?") || trimmed.starts_with("<!") {
            return;
        }
        // `<svg>` in running text: taken from the note's text as it is, up
        // to its end tag.
        let lower = trimmed.to_ascii_lowercase();
        if self.pos_override.is_none() && lower.starts_with("<svg") && lower[4..].starts_with([' ', '\t', '\n', '\r', '>', '/']) {
            if lower.ends_with("/>") {
                self.inline_svg(trimmed, pos);
            } else {
                self.svg_capture = Some(SvgCapture { start: offset, depth: 1, balance: 0, pos });
            }
            return;
        }
        let tokens = tokenize(html);
        for token in tokens {
            match token {
                HtmlToken::Text(text) => {
                    if !self.raw_html_text(&text) {
                        self.push_inline(Inline::text(text));
                    }
                }
                HtmlToken::Start { name, attrs, self_closing } => {
                    if role(&name) == Role::NotHtml {
                        // `Partial<T>`: the note's own words.
                        self.push_inline(Inline::text(html));
                        return;
                    }
                    self.html_start(&name, &attrs, self_closing, pos, false);
                }
                HtmlToken::End { name } => {
                    if role(&name) == Role::NotHtml {
                        self.push_inline(Inline::text(html));
                        return;
                    }
                    self.html_end(&name, false);
                }
            }
        }
    }

    /// Text inside `<pre>` or a left-out element: taken (or dropped) as it
    /// is. Returns whether it was.
    fn raw_html_text(&mut self, text: &str) -> bool {
        match self.stack.last_mut() {
            Some(Frame::HtmlRaw { text: t, keep, .. }) => {
                if *keep {
                    t.push_str(text);
                }
                true
            }
            _ => false,
        }
    }

    /// Text of an element that opted out of Markdown: white space collapsed,
    /// as HTML shows it.
    fn html_text(&mut self, text: &str) {
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            if !text.is_empty() {
                self.push_inline(Inline::text(" "));
            }
            return;
        }
        let lead = if text.starts_with(char::is_whitespace) { " " } else { "" };
        let tail = if text.ends_with(char::is_whitespace) { " " } else { "" };
        self.push_inline(Inline::text(format!("{lead}{collapsed}{tail}")));
    }

    /// Text of an HTML block, read as Markdown where it stands: one
    /// paragraph joins the text around it; more become blocks.
    fn markdown_text(&mut self, text: &str, pos: Pos) {
        if text.trim().is_empty() {
            if !text.is_empty() && self.open_inlines() {
                self.push_inline(Inline::text(" "));
            }
            return;
        }
        if self.fragment_depth >= MAX_FRAGMENT_DEPTH {
            self.html_text(text);
            return;
        }
        let source = as_markdown_source(text.trim_start_matches(['\n', '\r']));
        let (blocks, inlines) = self.read_fragment(&source, pos);
        if !inlines.is_empty() {
            let lead = text.starts_with([' ', '\t']) && self.open_inlines();
            let tail = text.ends_with(char::is_whitespace);
            let mut all = Vec::new();
            if lead {
                all.push(Inline::text(" "));
            }
            all.extend(inlines);
            if tail {
                all.push(Inline::text(" "));
            }
            self.push_inlines(all);
        }
        self.push_blocks(blocks);
    }

    /// Whether the frame on top holds inline text not yet made a paragraph.
    fn open_inlines(&self) -> bool {
        match self.stack.last() {
            Some(Frame::HtmlBlock { inlines, .. }) | Some(Frame::HtmlInline { inlines, .. }) | Some(Frame::Paragraph { inlines, .. }) => !inlines.is_empty(),
            _ => false,
        }
    }

    /// An SVG written in the note: an image carrying its own text.
    fn inline_svg(&mut self, svg: &str, pos: Pos) {
        let stem = self.cx.path.rsplit_once('.').map_or(self.cx.path, |(s, _)| s);
        let src = format!("{stem}-svg-{}-{}-{}.svg", pos.line, pos.col, self.svg_count);
        self.svg_count += 1;
        let alt = svg_title(svg).unwrap_or_default();
        let image = Image { src, alt, width: None, pos, data: Some(svg_file(svg)) };
        self.push_inline(Inline::Image { image });
    }

    /// Warns once per element name per note.
    fn warn_element(&mut self, name: &str, pos: Pos, message: String) {
        if self.warned_elements.insert(name.to_string()) {
            self.diags.warn("html-element", pos, name.chars().count() as u32 + 2, message);
        }
    }

    /// An element's start tag.
    fn html_start(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool, pos: Pos, in_block: bool) {
        let name = name.to_ascii_lowercase();
        if let Some(Frame::HtmlRaw { keep, language, .. }) = self.stack.last_mut() {
            // Inside `<pre>` tags are not elements; a `<code>` names the
            // language.
            if *keep && name == "code" && language.is_none() {
                *language = attr(attrs, "class").and_then(language_of);
            }
            return;
        }
        match role(&name) {
            Role::Void => match name.as_str() {
                "br" => self.push_inline(Inline::LineBreak),
                "wbr" => {}
                "hr" => {
                    if in_block {
                        self.close_paragraph_frames();
                        self.push_block(Block::Rule { pos });
                    }
                }
                _ => self.html_image(attrs, pos),
            },
            Role::Inline => {
                if self_closing {
                    return;
                }
                if self.too_deep(true, pos) {
                    self.stack.push(Frame::HtmlInline { name: name.clone(), attrs: Vec::new(), inlines: Vec::new(), counted: false });
                } else {
                    self.inline_depth += 1;
                    self.stack.push(Frame::HtmlInline { name: name.clone(), attrs: attrs.to_vec(), inlines: Vec::new(), counted: true });
                }
            }
            Role::Block => {
                if self_closing {
                    return;
                }
                if !in_block {
                    // A block element inside running text (`<p>` in a
                    // paragraph): its text stays where it is.
                    return;
                }
                self.implied_ends(&name);
                // Nested too deep: the content goes where it is.
                if self.too_deep(false, pos) {
                    return;
                }
                self.block_depth += 1;
                self.stack.push(Frame::HtmlBlock {
                    name: name.clone(),
                    attrs: attrs.to_vec(),
                    blocks: Vec::new(),
                    inlines: Vec::new(),
                    parts: Vec::new(),
                    pos,
                });
            }
            Role::Pre => {
                if self_closing {
                    return;
                }
                let language = attr(attrs, "class").and_then(language_of);
                self.stack.push(Frame::HtmlRaw { name: name.clone(), text: String::new(), keep: true, language, pos });
            }
            Role::Dropped => {
                self.warn_element(&name, pos, format!("the HTML element <{name}> is left out: a book cannot run or embed it"));
                if !self_closing && !is_void(&name) {
                    self.stack.push(Frame::HtmlRaw { name: name.clone(), text: String::new(), keep: false, language: None, pos });
                }
            }
            Role::Other => self.warn_element(&name, pos, format!("the HTML element <{name}> has no place in a book; its text is kept")),
            Role::NotHtml => {
                let text = reserialize_start(&name, attrs, self_closing);
                self.push_inline(Inline::text(text));
            }
        }
    }

    /// `<img>`: an image (a figure when it stands alone in its paragraph).
    fn html_image(&mut self, attrs: &[(String, String)], pos: Pos) {
        let src = attr(attrs, "src").map(str::trim).unwrap_or("");
        let alt = attr(attrs, "alt").or(attr(attrs, "title")).unwrap_or("").trim().to_string();
        if src.is_empty() {
            self.warn_element("img", pos, "an <img> without a `src` is left out; its description is kept".to_string());
            if !alt.is_empty() {
                self.push_inline(Inline::text(alt));
            }
            return;
        }
        let width = attr(attrs, "width").and_then(html_length).or_else(|| {
            attr(attrs, "style").and_then(|s| {
                s.split(';').find_map(|d| d.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("width")).map(|(_, v)| v.trim().to_string()))
            })
        });
        self.push_inline(Inline::Image { image: Image::file(src, alt, width, pos) });
    }

    /// Start tags that close an open element first (`<li>` after `<li>`,
    /// `<p>` after `<p>`, a block element after `<p>`), as HTML's optional
    /// end tags mean.
    fn implied_ends(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li", "p"],
            "dt" | "dd" => &["dt", "dd", "p"],
            "tr" => &["tr", "td", "th"],
            "td" | "th" => &["td", "th"],
            "thead" | "tbody" | "tfoot" => &["thead", "tbody", "tfoot", "tr", "td", "th"],
            _ => &["p"],
        };
        // Only an element on top of the stack, and only through HTML
        // frames: Markdown's own containers are never closed by HTML.
        while let Some(Frame::HtmlBlock { name: open, .. }) = self.stack.last() {
            if !closes.contains(&open.as_str()) {
                break;
            }
            // `<tr>` closes cells and the row they are in, not the table.
            self.close_top_html();
        }
        while matches!(self.stack.last(), Some(Frame::HtmlInline { .. })) && name != "span" {
            self.close_top_html();
        }
    }

    /// Closes open `<p>` elements (before `<hr>`).
    fn close_paragraph_frames(&mut self) {
        while matches!(self.stack.last(), Some(Frame::HtmlBlock { name, .. }) if name == "p") {
            self.close_top_html();
        }
    }

    /// An element's end tag: closes it, and the HTML elements opened inside
    /// it; never a Markdown container, and nothing at all when no such
    /// element is open.
    fn html_end(&mut self, name: &str, in_block: bool) {
        let name = name.to_ascii_lowercase();
        if matches!(self.stack.last(), Some(Frame::HtmlRaw { name: open, .. }) if *open != name) {
            return;
        }
        match role(&name) {
            Role::NotHtml => {
                self.push_inline(Inline::text(format!("</{name}>")));
                return;
            }
            Role::Void | Role::Other => return,
            _ => {}
        }
        let mut found = None;
        for (i, frame) in self.stack.iter().enumerate().rev() {
            match frame {
                Frame::HtmlBlock { name: open, .. } | Frame::HtmlInline { name: open, .. } | Frame::HtmlRaw { name: open, .. } => {
                    if *open == name {
                        found = Some(i);
                        break;
                    }
                }
                _ => break,
            }
        }
        let Some(at) = found else { return };
        if !in_block && !matches!(self.stack[at], Frame::HtmlInline { .. }) {
            return;
        }
        while self.stack.len() > at {
            self.close_top_html();
        }
    }

    /// Closes the HTML frame on top of the stack and hands what it made to
    /// its parent.
    pub(super) fn close_top_html(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        match frame {
            Frame::HtmlInline { name, attrs, inlines, counted } => {
                if !counted {
                    // Nested too deep: the content, without the element.
                    self.push_inlines(inlines);
                    return;
                }
                self.inline_depth -= 1;
                let made = inline_element(&name, &attrs, inlines, self.cx.path, self.last_pos);
                self.push_inlines(made);
            }
            Frame::HtmlRaw { text, keep, language, pos, .. } => {
                if keep {
                    let text = text.strip_prefix('\n').unwrap_or(&text).trim_end().to_string();
                    if !text.is_empty() {
                        self.close_paragraph_frames();
                        self.push_block(Block::Code { language, text, line_numbers: false, pos });
                    }
                }
            }
            Frame::HtmlBlock { name, attrs, mut blocks, inlines, parts, pos } => {
                self.block_depth -= 1;
                if holds_inlines(&name) {
                    let mut all = Vec::new();
                    for block in blocks {
                        if let Block::Paragraph { content, .. } = block {
                            if !all.is_empty() {
                                all.push(Inline::text(" "));
                            }
                            all.extend(content);
                        }
                    }
                    all.extend(inlines);
                    let content = trim_inlines(all);
                    self.block_element_inlines(&name, &attrs, content, pos);
                } else {
                    if !inlines.is_empty() {
                        let content = trim_inlines(inlines);
                        if !content.is_empty() {
                            blocks.push(paragraph_or_figure(content, pos, &mut self.image_titles));
                        }
                    }
                    self.block_element(&name, &attrs, blocks, parts, pos);
                }
            }
            other => {
                // Not an HTML frame: put it back.
                self.stack.push(other);
            }
        }
    }

    /// A closed element whose content is inline text.
    fn block_element_inlines(&mut self, name: &str, attrs: &[(String, String)], content: Vec<Inline>, pos: Pos) {
        let part = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(1);
                let id = attr(attrs, "id").map(str::trim).unwrap_or("").to_string();
                self.push_block(Block::Heading { level, content, id, number: None, labels: Vec::new(), pos });
                return;
            }
            "summary" => Part::Summary(content),
            "dt" => Part::Term(content),
            _ => Part::Caption(content),
        };
        self.give_part(part, pos);
    }

    /// A closed element holding blocks (and the parts of its children).
    fn block_element(&mut self, name: &str, attrs: &[(String, String)], blocks: Vec<Block>, parts: Vec<Part>, pos: Pos) {
        match name {
            "blockquote" => {
                let blocks = with_parts(blocks, parts, pos);
                if !blocks.is_empty() {
                    self.push_block(Block::Quote { blocks, attribution: None, pos });
                }
            }
            "details" => {
                let mut title = Vec::new();
                let mut rest = Vec::new();
                for part in parts {
                    match part {
                        Part::Summary(s) if title.is_empty() => title = s,
                        other => rest.push(other),
                    }
                }
                let mut content = with_parts(Vec::new(), rest, pos);
                content.extend(blocks);
                if title.is_empty() {
                    title = vec![Inline::text("Details")];
                }
                self.push_block(Block::Admonition { kind: AdmonitionKind::Generic, title, blocks: content, pos });
            }
            "figure" => {
                let mut caption = Vec::new();
                let mut rest = Vec::new();
                for part in parts {
                    match part {
                        Part::Caption(c) if caption.is_empty() => caption = c,
                        other => rest.push(other),
                    }
                }
                let mut blocks = with_parts(blocks, rest, pos);
                let image_at = blocks.iter().position(|b| matches!(b, Block::Figure { .. }));
                match image_at {
                    Some(i) => {
                        if let Block::Figure { caption: c, .. } = &mut blocks[i]
                            && !caption.is_empty()
                        {
                            *c = caption;
                        }
                        self.push_blocks(blocks);
                    }
                    None => {
                        if !caption.is_empty() {
                            blocks.push(Block::Paragraph { content: caption, pos });
                        }
                        self.push_blocks(blocks);
                    }
                }
            }
            "ul" | "ol" | "menu" | "dir" => {
                let mut items = Vec::new();
                let mut loose = Vec::new();
                for part in parts {
                    match part {
                        Part::Item(item) => items.push(item),
                        other => loose.extend(part_blocks(other, pos)),
                    }
                }
                if items.is_empty() {
                    self.push_blocks(blocks);
                    self.push_blocks(loose);
                    return;
                }
                if !blocks.is_empty() {
                    items.push(ListItem { blocks, checked: None });
                }
                let ordered = (name == "ol").then(|| Ordered {
                    start: attr(attrs, "start").and_then(|s| s.trim().parse().ok()).unwrap_or(1),
                    style: match attr(attrs, "type").map(str::trim) {
                        Some("a") => NumberStyle::LowerAlpha,
                        Some("A") => NumberStyle::UpperAlpha,
                        Some("i") => NumberStyle::LowerRoman,
                        Some("I") => NumberStyle::UpperRoman,
                        _ => NumberStyle::Decimal,
                    },
                });
                let tight = items.iter().all(|i| i.blocks.len() <= 1);
                self.push_blocks(loose);
                self.push_block(Block::List { ordered, items, tight, pos });
            }
            "li" => {
                let blocks = with_parts(blocks, parts, pos);
                self.give_part(Part::Item(ListItem { blocks, checked: None }), pos);
            }
            "dd" => {
                let blocks = with_parts(blocks, parts, pos);
                self.give_part(Part::Def(blocks), pos);
            }
            "dl" => {
                let mut items: Vec<Definition> = Vec::new();
                let mut loose = Vec::new();
                for part in parts {
                    match part {
                        Part::Term(term) => items.push(Definition { term, classifiers: Vec::new(), definitions: Vec::new() }),
                        Part::Def(def) => match items.last_mut() {
                            Some(last) => last.definitions.push(def),
                            None => items.push(Definition { term: Vec::new(), classifiers: Vec::new(), definitions: vec![def] }),
                        },
                        other => loose.extend(part_blocks(other, pos)),
                    }
                }
                self.push_blocks(blocks);
                self.push_blocks(loose);
                if !items.is_empty() {
                    self.push_block(Block::DefinitionList { items, pos });
                }
            }
            "td" | "th" => {
                let blocks = with_parts(blocks, parts, pos);
                let span = |key: &str| attr(attrs, key).and_then(|v| v.trim().parse::<u32>().ok()).filter(|n| (1..=1000).contains(n)).unwrap_or(1);
                let cell = Cell { blocks, colspan: span("colspan"), rowspan: span("rowspan") };
                self.give_part(Part::Cell(cell, name == "th"), pos);
            }
            "tr" => {
                let mut cells = Vec::new();
                for part in parts {
                    match part {
                        Part::Cell(cell, head) => cells.push((cell, head)),
                        other => cells.push((Cell::new(part_blocks(other, pos)), false)),
                    }
                }
                if !blocks.is_empty() {
                    cells.push((Cell::new(blocks), false));
                }
                self.give_part(Part::Row(cells, false), pos);
            }
            "thead" | "tbody" | "tfoot" => {
                let head = name == "thead";
                for part in parts {
                    match part {
                        Part::Row(cells, _) => self.give_part(Part::Row(cells, head), pos),
                        other => self.give_part(other, pos),
                    }
                }
                self.push_blocks(blocks);
            }
            "table" => self.html_table(blocks, parts, pos),
            _ => {
                // Look-only wrappers (`div`, `center`, `p`, `section` …):
                // their content, as if written outside them.
                if let Some(id) = attr(attrs, "id").map(str::trim).filter(|id| !id.is_empty() && name != "p") {
                    self.push_block(Block::Anchor { id: id.to_string(), pos });
                }
                let blocks = with_parts(blocks, parts, pos);
                self.push_blocks(blocks);
            }
        }
    }

    /// `<table>`: rows in `<thead>` (or a first row of `<th>` only) are its
    /// header.
    fn html_table(&mut self, blocks: Vec<Block>, parts: Vec<Part>, pos: Pos) {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let mut caption = None;
        let mut loose = Vec::new();
        for part in parts {
            match part {
                Part::Row(cells, head) => {
                    let all_th = !cells.is_empty() && cells.iter().all(|(_, th)| *th);
                    let row = Row { cells: cells.into_iter().map(|(c, _)| c).collect() };
                    if head || (all_th && rows.is_empty() && header.is_empty()) {
                        header.push(row);
                    } else {
                        rows.push(row);
                    }
                }
                Part::Caption(c) if caption.is_none() => caption = Some(c),
                other => loose.extend(part_blocks(other, pos)),
            }
        }
        self.push_blocks(blocks);
        self.push_blocks(loose);
        let columns = header.iter().chain(rows.iter()).map(|r| r.cells.iter().map(|c| c.colspan as usize).sum::<usize>()).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.push_block(Block::Table { caption, columns: vec![Align::Default; columns], header, rows, pos });
    }

    /// Hands a part to the HTML element it belongs to, or, where there is
    /// none, its content as blocks.
    fn give_part(&mut self, part: Part, pos: Pos) {
        if let Some(Frame::HtmlBlock { parts, blocks, inlines, .. }) = self.stack.last_mut() {
            let content = trim_inlines(std::mem::take(inlines));
            if !content.is_empty() {
                blocks.push(paragraph_or_figure(content, pos, &mut self.image_titles));
            }
            parts.push(part);
            return;
        }
        let blocks = part_blocks(part, pos);
        self.push_blocks(blocks);
    }
}

/// An `<svg>` being taken from the note's text.
pub(super) struct SvgCapture {
    /// Where it starts in the note's text.
    start: usize,
    /// How many `<svg>` elements are open.
    depth: usize,
    /// Start events taken minus end events taken.
    balance: usize,
    pos: Pos,
}

/// `<svg` start tags and `</svg` end tags in a piece of HTML.
fn svg_tag_counts(html: &str) -> (usize, usize) {
    let lower = html.to_ascii_lowercase();
    let opens = lower
        .match_indices("<svg")
        .filter(|(i, _)| lower.as_bytes().get(i + 4).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')))
        .count();
    (opens, lower.matches("</svg").count())
}

/// How many `<svg>` elements a piece of an SVG leaves open.
fn count_svg_tags(svg: &str) -> usize {
    let (opens, closes) = svg_tag_counts(svg);
    opens.saturating_sub(closes).max(1)
}

/// Where `piece` (the end of an HTML block's text) starts in the note's
/// text, when the block is the note's text as it is (not inside a quote,
/// whose markers the block's text leaves out).
fn html_offset_of(text: &str, block_offset: usize, piece: &str) -> Option<usize> {
    let from = text.get(block_offset..)?;
    let at = from.find(piece.get(..piece.len().min(40))?)?;
    let start = block_offset + at;
    text.get(start..start + piece.len()).filter(|t| *t == piece).map(|_| start)
}

/// How deep text of HTML may be read as Markdown inside HTML inside
/// Markdown: beyond it, text is text.
pub(super) const MAX_FRAGMENT_DEPTH: usize = 4;

/// A part's content as blocks, for a parent that does not take parts.
fn part_blocks(part: Part, pos: Pos) -> Vec<Block> {
    match part {
        Part::Item(item) => item.blocks,
        Part::Def(blocks) | Part::Cell(Cell { blocks, .. }, _) => blocks,
        Part::Term(inlines) | Part::Summary(inlines) => {
            if inlines.is_empty() {
                Vec::new()
            } else {
                vec![Block::Paragraph { content: vec![Inline::Strong { content: inlines }], pos }]
            }
        }
        Part::Caption(inlines) => {
            if inlines.is_empty() {
                Vec::new()
            } else {
                vec![Block::Paragraph { content: inlines, pos }]
            }
        }
        Part::Row(cells, _) => cells.into_iter().flat_map(|(c, _)| c.blocks).collect(),
    }
}

/// Blocks of an element followed by the content of parts it does not use.
fn with_parts(mut blocks: Vec<Block>, parts: Vec<Part>, pos: Pos) -> Vec<Block> {
    for part in parts {
        blocks.extend(part_blocks(part, pos));
    }
    blocks
}

/// A length as a browser reads an HTML `width`: leading digits, then `%`
/// or pixels, whatever follows (`60%/` is 60%).
fn html_length(value: &str) -> Option<String> {
    let v = value.trim();
    let digits = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    let number = &v[..digits];
    if number.is_empty() || number.parse::<f64>().is_err() {
        return None;
    }
    let unit = if v[digits..].starts_with('%') { "%" } else { "px" };
    Some(format!("{number}{unit}"))
}

/// The language of a code block from a class (`language-python`,
/// `lang-rust`, `python`).
fn language_of(class: &str) -> Option<String> {
    class.split_whitespace().find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")).map(str::to_string)).filter(|l| !l.is_empty())
}

/// The `<title>` of an SVG, as its description.
fn svg_title(svg: &str) -> Option<String> {
    let start = svg.find("<title>")? + 7;
    let end = svg[start..].find("</title>")? + start;
    let title = svg[start..end].trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// A start tag as the note wrote it, near enough (for words in angle
/// brackets that are no HTML: `<T>`, `<pm-star [rating]='x'>`).
fn reserialize_start(name: &str, attrs: &[(String, String)], self_closing: bool) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        if v.is_empty() {
            out.push_str(&format!(" {k}"));
        } else {
            out.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    out.push_str(if self_closing { "/>" } else { ">" });
    out
}

/// The inline node an element stands for.
fn inline_element(name: &str, attrs: &[(String, String)], content: Vec<Inline>, note: &str, pos: Pos) -> Vec<Inline> {
    let wrap = |f: fn(Vec<Inline>) -> Inline, content: Vec<Inline>| if content.is_empty() { Vec::new() } else { vec![f(content)] };
    match name {
        "b" | "strong" => wrap(|content| Inline::Strong { content }, content),
        "i" | "em" | "cite" | "dfn" | "var" | "u" | "ins" => wrap(|content| Inline::Emph { content }, content),
        "s" | "strike" | "del" => wrap(|content| Inline::Strike { content }, content),
        "sub" => wrap(|content| Inline::Sub { content }, content),
        "sup" => wrap(|content| Inline::Sup { content }, content),
        "code" | "kbd" | "tt" | "samp" => {
            let text = notes_doc::plain_text(&content);
            if text.is_empty() { Vec::new() } else { vec![Inline::Code { text }] }
        }
        "q" => {
            let mut out = vec![Inline::text("\u{201c}")];
            out.extend(content);
            out.push(Inline::text("\u{201d}"));
            out
        }
        "a" => {
            let mut out = Vec::new();
            if let Some(id) = attr(attrs, "id").or(attr(attrs, "name")).map(str::trim).filter(|i| !i.is_empty()) {
                out.push(Inline::Anchor { id: id.to_string() });
            }
            match attr(attrs, "href").map(str::trim).filter(|h| !h.is_empty()) {
                Some(href) => out.push(Inline::Link { target: notes_doc::urls::classify(href, note), content, pos }),
                None => out.extend(content),
            }
            out
        }
        _ => {
            let mut out = Vec::new();
            if name == "span"
                && let Some(id) = attr(attrs, "id").map(str::trim).filter(|i| !i.is_empty())
            {
                out.push(Inline::Anchor { id: id.to_string() });
            }
            out.extend(content);
            out
        }
    }
}

/// Targets of HTML links, for tests.
#[cfg(test)]
fn link_targets(inlines: &[Inline]) -> Vec<Target> {
    inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Link { target, .. } => Some(target.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tokenizer_decodes_and_keeps_raw_text_raw() {
        let tokens = tokenize("<p class=x>a &amp; b<script>if (a < b) {}</script><br/>");
        assert_eq!(
            tokens,
            vec![
                HtmlToken::Start { name: "p".into(), attrs: vec![("class".into(), "x".into())], self_closing: false },
                HtmlToken::Text("a & b".into()),
                HtmlToken::Start { name: "script".into(), attrs: vec![], self_closing: false },
                HtmlToken::Text("if (a < b) {}".into()),
                HtmlToken::End { name: "script".into() },
                HtmlToken::Start { name: "br".into(), attrs: vec![], self_closing: true },
            ]
        );
    }

    #[test]
    fn svgs_are_cut_out_whole() {
        let (html, svgs) = cut_svgs("<div><svg viewBox=\"0 0 1 1\"><svg></svg><linearGradient/></svg> after <svgx></div>");
        assert_eq!(svgs, ["<svg viewBox=\"0 0 1 1\"><svg></svg><linearGradient/></svg>"]);
        assert_eq!(html, "<div><notes-svg data-n=\"0\"></notes-svg> after <svgx></div>");
        assert_eq!(svg_file("<svg width=\"1\">x</svg>"), "<svg width=\"1\" xmlns=\"http://www.w3.org/2000/svg\">x</svg>");
    }

    #[test]
    fn roles() {
        assert_eq!(role("details"), Role::Block);
        assert_eq!(role("t"), Role::NotHtml);
        assert_eq!(role("pm-root"), Role::NotHtml);
        assert_eq!(role("iframe"), Role::Dropped);
        assert_eq!(role("button"), Role::Other);
        assert!(link_targets(&[]).is_empty());
    }

    #[test]
    fn html_widths() {
        assert_eq!(html_length("60%/").as_deref(), Some("60%"));
        assert_eq!(html_length(" 300 ").as_deref(), Some("300px"));
        assert_eq!(html_length("auto"), None);
    }

    #[test]
    fn markdown_source_is_escaped_and_dedented() {
        assert_eq!(as_markdown_source("a <T> & b\n    c\n      d"), "a &lt;T> &amp; b\nc\n  d");
    }
}

/// The reader end to end on HTML in notes.
#[cfg(test)]
mod reading {
    use crate::markdown::tests::{json, read_md};
    use notes_doc::{Block, plain_text};

    fn blocks(text: &str) -> (Vec<Block>, Vec<&'static str>) {
        let (note, d) = read_md(text, false);
        (note.blocks, d.iter().map(|d| d.code).collect())
    }

    #[test]
    fn inline_elements() {
        let (b, codes) = blocks(
            "H<sub>2</sub>O, E=mc<sup>2</sup>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, <s>old</s> <del>gone</del>, <em>em</em> <i>i</i> <u>u</u>, <small>small</small>, <mark>m</mark>, <abbr title=\"x\">HTML</abbr>, <code>a &lt; b</code>\n",
        );
        let j = json(&b);
        for want in [
            r#"{"type":"sub","content":[{"type":"text","text":"2"}]}"#,
            r#"{"type":"sup","content":[{"type":"text","text":"2"}]}"#,
            r#"{"type":"code","text":"Ctrl"}"#,
            r#"{"type":"strike","content":[{"type":"text","text":"old"}]}"#,
            r#"{"type":"emph","content":[{"type":"text","text":"u"}]}"#,
            r#"{"type":"code","text":"a < b"}"#,
        ] {
            assert!(j.contains(want), "{want} in {j}");
        }
        assert_eq!(
            plain_text(match &b[0] {
                Block::Paragraph { content, .. } => content,
                _ => panic!(),
            }),
            "H2O, E=mc2, Ctrl+C, old gone, em i u, small, m, HTML, a < b"
        );
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn words_in_angle_brackets_are_text() {
        let (b, codes) = blocks("Use Partial<T> and find<X>By<Y>OrderBy<Z>, EventEmitter<string>; Hallo <vorname>! <pm-root></pm-root>\n");
        let Block::Paragraph { content, .. } = &b[0] else { panic!("{b:?}") };
        assert_eq!(plain_text(content), "Use Partial<T> and find<X>By<Y>OrderBy<Z>, EventEmitter<string>; Hallo <vorname>! <pm-root></pm-root>");
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn details_with_markdown_inside() {
        let (b, codes) = blocks("<details>\n<summary>Think, then <b>click</b>!</summary>\n\n**Spoiler** text.\n\n- a\n- b\n\n</details>\n\nAfter.\n");
        match &b[..] {
            [Block::Admonition { title, blocks, .. }, Block::Paragraph { .. }] => {
                assert_eq!(plain_text(title), "Think, then click!");
                assert!(matches!(&blocks[..], [Block::Paragraph { .. }, Block::List { .. }]), "{blocks:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(codes.is_empty(), "{codes:?}");
        // Text right inside the HTML block is Markdown too.
        let (b, _) = blocks("<details>\nNo. The state _is_ reachable.\n    \nMore text.\n</details>\n");
        let [Block::Admonition { blocks, title, .. }] = &b[..] else { panic!("{b:?}") };
        assert_eq!(plain_text(title), "Details");
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert!(json(blocks).contains(r#""type":"emph""#));
    }

    #[test]
    fn divs_with_markdown() {
        let (b, codes) = blocks(
            "<div class=\"definition\" markdown=\"1\">\n**Term**: a *definition*\nwith two lines.\n</div>\n\n<div markdown=\"1\">\n\n# Heading inside\n\nText.\n\n</div>\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        match &b[..] {
            [Block::Paragraph { content, .. }, Block::Heading { .. }, Block::Paragraph { .. }] => {
                assert_eq!(plain_text(content), "Term: a definition with two lines.")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_tables_headings_quotes_rules() {
        let (b, codes) = blocks(
            "<ul>\n  <li>one</li>\n  <li>two <b>bold</b>\n</ul>\n\n<ol start=\"3\"><li>three</ol>\n\n<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tr><td>1</td><td colspan=2>2</td></tr>\n</table>\n\n<h2 id=\"x\">Title</h2>\n\n<blockquote>Quoted</blockquote>\n\n<hr>\n\n<dl><dt>T</dt><dd>D</dd></dl>\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        let kinds: Vec<String> = b.iter().map(|b| json(std::slice::from_ref(b)).split('"').nth(3).unwrap_or("").to_string()).collect();
        assert_eq!(kinds, ["list", "list", "table", "heading", "quote", "rule", "definition_list"], "{b:?}");
        let Block::List { items, .. } = &b[0] else { panic!() };
        assert_eq!(items.len(), 2);
        let Block::List { ordered: Some(o), .. } = &b[1] else { panic!() };
        assert_eq!(o.start, 3);
        let Block::Table { header, rows, columns, .. } = &b[2] else { panic!() };
        assert_eq!((header.len(), rows.len(), columns.len()), (1, 1, 3));
        let Block::Heading { id, level: 2, .. } = &b[3] else { panic!() };
        assert_eq!(id, "x");
    }

    #[test]
    fn images_links_and_figures() {
        let (b, codes) = blocks(
            "<center><img width=\"50%\" src=\"./a.svg\" style=\"x\"/></center>\n\n<figure><img src=\"b.png\" alt=\"B\"><figcaption>The caption</figcaption></figure>\n\nSee <a href=\"https://e.org\" onclick=\"evil()\">here</a> and <a href=\"other.md#s\">there</a>.\n",
        );
        assert!(codes.is_empty(), "{codes:?}");
        let j = json(&b);
        assert!(j.contains(r#""type":"figure","image":{"src":"./a.svg","alt":"","width":"50%""#), "{j}");
        assert!(j.contains(r#""caption":[{"type":"text","text":"The caption"}]"#), "{j}");
        assert!(j.contains(r#""kind":"url","to":"https://e.org""#) && j.contains(r#""by":"path","path":"other.md""#), "{j}");
        assert!(!j.contains("evil"));
    }

    #[test]
    fn scripts_styles_iframes_and_comments_are_left_out() {
        let (b, codes) = blocks(
            "<script>alert('x')</script>\n\n<style>p { color: red }</style>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\nText <!-- hidden --> here <script>bad()</script>.\n\n<button onclick=\"x()\">Press</button>\n",
        );
        let j = json(&b);
        assert!(!j.contains("alert") && !j.contains("color") && !j.contains("youtube") && !j.contains("hidden") && !j.contains("bad()"), "{j}");
        assert!(j.contains("Press") && j.contains("Text") && j.contains("here"), "{j}");
        let mut codes = codes;
        codes.dedup();
        assert_eq!(codes, ["html-element"]);
    }

    #[test]
    fn inline_svg_becomes_an_image() {
        let (b, codes) = blocks("<svg viewBox=\"0 0 10 10\" width=\"10\"><title>A box</title><rect width=\"10\" height=\"10\"/></svg>\n");
        assert!(codes.is_empty(), "{codes:?}");
        let [Block::Figure { image, .. }] = &b[..] else { panic!("{b:?}") };
        let data = image.data.as_deref().unwrap_or("");
        assert!(data.starts_with("<svg viewBox=\"0 0 10 10\" width=\"10\" xmlns=\"http://www.w3.org/2000/svg\">"), "{data}");
        assert_eq!(image.alt, "A box");
        assert!(image.src.ends_with(".svg") && image.src.starts_with("event/talk-svg-"), "{}", image.src);
    }

    #[test]
    fn svgs_with_blank_lines_or_in_text() {
        let (b, codes) = blocks("Before.\n\n<svg width=\"4\" height=\"4\">\n<g>\n\n<rect width=\"4\" height=\"4\"/>\n\n</g>\n</svg>\n\nAfter.\n");
        assert!(codes.is_empty(), "{codes:?}");
        let j = json(&b);
        assert!(j.contains("Before.") && j.contains("After.") && !j.contains("rect width=\\\"4\\\" height=\\\"4\\\"/>\"}"), "{j}");
        let data: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Block::Figure { image, .. } => image.data.as_deref(),
                _ => None,
            })
            .collect();
        assert_eq!(data.len(), 1, "{b:?}");
        assert!(data[0].contains("<rect") && data[0].ends_with("</svg>"), "{}", data[0]);
        let (b, _) = blocks("A box <svg width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\"/></svg> in text.\n");
        let Block::Paragraph { content, .. } = &b[0] else { panic!("{b:?}") };
        assert!(matches!(&content[1], notes_doc::Inline::Image { image } if image.data.is_some()), "{content:?}");
        assert_eq!(plain_text(content), "A box  in text.");
        // An SVG that never ends is left out; the text after it stays.
        let (b, _) = blocks("> <svg>\n> <rect/>\n\nafter\n");
        assert!(json(&b).contains("after"));
    }

    #[test]
    fn pre_blocks_are_code() {
        let (b, _) = blocks("<pre><code class=\"language-python\">if a &lt; b:\n    <b>pass</b>\n</code></pre>\n");
        let [Block::Code { language, text, .. }] = &b[..] else { panic!("{b:?}") };
        assert_eq!(language.as_deref(), Some("python"));
        assert_eq!(text, "if a < b:\n    pass");
    }

    #[test]
    fn unclosed_and_stray_tags_never_break_the_tree() {
        for text in [
            "</div></details>\n\ntext\n",
            "<div>\n\n- a\n\n  <details>\n\n  b\n\n- c\n",
            "<b>bold *and* <i>it</b> x</i>\n",
            "<table><tr><td>a<td>b<tr><td>c</table>\n",
            "<li>loose item</li>\n",
            "> <details>\n> quoted\n\nafter\n",
            "<ul><li><ul><li><ul><li>deep</li></ul></li></ul></li></ul>\n",
        ] {
            let (b, _) = blocks(text);
            assert!(!b.is_empty(), "{text:?}");
        }
        let deep = "<div>\n".repeat(500) + "x\n";
        let (b, _) = blocks(&deep);
        assert!(json(&b).contains('x'));
        let deep_inline = "<b>".repeat(500) + "y";
        let (b, _) = blocks(&deep_inline);
        assert!(json(&b).contains('y'));
    }
}
