//! The Markdown reader: CommonMark with tables, footnotes, strikethrough,
//! task lists, definition lists, heading ids (`{#id}`) and GitHub alerts
//! (`> [!NOTE]`), parsed by pulldown-cmark, plus optional front matter.
//!
//! It builds the tree from pulldown-cmark's events with an explicit stack
//! (no recursion, so deep nesting cannot overflow the stack) and flattens
//! containers nested deeper than [`MAX_NESTING`]. It knows nothing of the
//! book's order beyond this: in an index note, a list whose every item is a
//! single link to another note is a [`Toc`].

mod html;
mod myst;
mod obsidian;
mod pandoc;

use std::collections::HashSet;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::{Note, ReadContext, Toc, TocEntry, frontmatter};
use notes_doc::diag::FileDiagnostics;
use notes_doc::{
    AdmonitionKind, Align, Block, Cell, Definition, Footnote, Image, Inline, ListItem, MAX_NESTING, NumberStyle, Ordered, Pending, Pos, Row, Target,
};

/// Line starts of a text, for turning byte offsets into line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Added to every line number (front matter that was cut off).
    line_offset: u32,
}

impl<'a> LineIndex<'a> {
    /// The text the lines are of.
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn new(text: &'a str, line_offset: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts, line_offset }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Pos::new(line as u32 + 1 + self.line_offset, col as u32)
    }
}

/// Reads one Markdown note.
pub fn read(text: &str, cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    let fm = frontmatter::parse(text, diags);
    // Text-level dialects first, each keeping the lines where they are:
    // Obsidian's comments go, MyST's substitutions are made, colon fences
    // become backtick fences.
    let body = obsidian::strip_comments(&text[fm.bytes.min(text.len())..]);
    let body = myst::substitute(&body, &fm.substitutions).into_owned();
    let body = myst::colon_fences(&body);
    let body = body.as_ref();
    let lines = LineIndex::new(body, fm.lines as u32);
    let mut builder = Builder::new(cx, &lines, diags);
    feed(&mut builder, body);
    let directive_tocs = std::mem::take(&mut builder.tocs);
    let (mut blocks, footnotes) = builder.finish();
    let mut tocs = if cx.is_index { take_tocs(&mut blocks) } else { Vec::new() };
    tocs.extend(place_tocs(&mut blocks, directive_tocs));
    tocs.sort_by_key(|t| t.at_block);
    attach_labels(&mut blocks);
    Note { title: fm.title, meta: fm.meta, blocks, footnotes, tocs, title_labels: Vec::new(), facts: fm.facts }
}

/// Reads Markdown found inside another construct (the body of a MyST
/// directive, an included file): its blocks, footnotes and tables of
/// contents. `line` is the note's line (0-based) where the text starts;
/// `depth` the nesting of the containers around it.
pub(crate) fn read_nested(text: &str, cx: &ReadContext, diags: &mut FileDiagnostics, line: u32, depth: usize) -> crate::rst::myst::Made {
    let lines = LineIndex::new(text, line);
    let mut builder = Builder::new(cx, &lines, diags);
    builder.block_depth = depth;
    feed(&mut builder, text);
    let tocs = std::mem::take(&mut builder.tocs);
    let (mut blocks, footnotes) = builder.finish();
    let tocs = place_tocs(&mut blocks, tocs);
    attach_labels(&mut blocks);
    crate::rst::myst::Made { blocks, footnotes, tocs }
}

/// Where a directive's table of contents stood in the note: the block it
/// left as a mark ([`TOC_MARK`]), taken out.
fn place_tocs(blocks: &mut Vec<Block>, tocs: Vec<Toc>) -> Vec<Toc> {
    let mut placed = Vec::with_capacity(tocs.len());
    let mut tocs: Vec<Option<Toc>> = tocs.into_iter().map(Some).collect();
    let mut i = 0;
    while i < blocks.len() {
        if let Block::Raw { format, text, .. } = &blocks[i]
            && format == TOC_MARK
        {
            let n: usize = text.parse().unwrap_or(usize::MAX);
            if let Some(toc) = tocs.get_mut(n).and_then(Option::take) {
                placed.push(Toc { at_block: i, ..toc });
            }
            blocks.remove(i);
            continue;
        }
        i += 1;
    }
    // Tables of contents inside containers: after everything.
    placed.extend(tocs.into_iter().flatten().map(|t| Toc { at_block: usize::MAX, ..t }));
    placed
}

/// Marks where a directive's table of contents stood (a raw block of this
/// format, holding its index), until [`place_tocs`] takes it out.
const TOC_MARK: &str = "notes-toc-mark";

/// A target right before a heading (MyST's `(label)=`, an HTML `id`)
/// names that heading.
fn attach_labels(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i + 1 < blocks.len() {
        if let Block::Anchor { id, .. } = &blocks[i]
            && matches!(blocks[i + 1], Block::Heading { .. })
        {
            let id = id.clone();
            if let Block::Heading { labels, .. } = &mut blocks[i + 1] {
                labels.push(id);
            }
            blocks.remove(i);
            continue;
        }
        i += 1;
    }
}

/// The Markdown extensions notes use.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

/// Feeds a Markdown text's events to the builder: `\(…\)` and `\[…\]`
/// (MkDocs' arithmatex) are found first; events and ranges come back as the
/// text wrote them.
fn feed(builder: &mut Builder, text: &str) {
    let options = markdown_options();
    let delimited = crate::math::Delimited::new(text, options);
    for (event, range) in Parser::new_ext(delimited.text(), options).into_offset_iter() {
        let event = delimited.event(event, &range);
        builder.event(event, delimited.original(&range));
    }
}

/// A container being built.
enum Frame {
    /// Where top-level blocks go.
    Root {
        blocks: Vec<Block>,
    },
    Quote {
        kind: Option<BlockQuoteKind>,
        blocks: Vec<Block>,
        pos: Pos,
        /// Set when the quote's first line made it an Obsidian callout.
        callout: Option<obsidian::Callout>,
    },
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
        tight: bool,
        pos: Pos,
    },
    /// Inline text directly in an item is a tight item's paragraph.
    Item {
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
        checked: Option<bool>,
        loose: bool,
        pos: Pos,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
        pos: Pos,
    },
    DefList {
        items: Vec<Definition>,
        pos: Pos,
    },
    DefTitle {
        inlines: Vec<Inline>,
    },
    DefBody {
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
        pos: Pos,
    },
    Table {
        columns: Vec<Align>,
        header: Vec<Row>,
        rows: Vec<Row>,
        pos: Pos,
    },
    Head {
        cells: Vec<Cell>,
    },
    TableRow {
        cells: Vec<Cell>,
    },
    Cell {
        inlines: Vec<Inline>,
    },
    Paragraph {
        inlines: Vec<Inline>,
        pos: Pos,
        /// The first paragraph of a quote, whose first line may make the
        /// quote an Obsidian callout (`[!tip] Title`).
        head_of_quote: bool,
    },
    Heading {
        level: u8,
        id: Option<String>,
        inlines: Vec<Inline>,
        pos: Pos,
    },
    Code {
        language: Option<String>,
        text: String,
        pos: Pos,
        /// A fenced block's info string, as written (`{note} Title`).
        info: String,
    },
    Html {
        text: String,
        pos: Pos,
        /// Where the block starts in the note's text.
        offset: usize,
    },
    Span {
        kind: SpanKind,
        inlines: Vec<Inline>,
    },
    Link {
        target: Option<Target>,
        inlines: Vec<Inline>,
        pos: Pos,
    },
    Image {
        src: String,
        title: String,
        alt: String,
        pos: Pos,
        /// An Obsidian embed (`![[file|options]]`).
        wiki: bool,
    },
    /// An HTML element holding blocks (`<div>`, `<details>`, `<li>` …),
    /// mapped when its end tag (or its container's end) closes it.
    HtmlBlock {
        name: String,
        attrs: Vec<(String, String)>,
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
        parts: Vec<html::Part>,
        pos: Pos,
    },
    /// An HTML element in running text (`<b>`, `<a href>` …). `counted`
    /// is false for one nested too deep, which keeps only its content.
    HtmlInline {
        name: String,
        attrs: Vec<(String, String)>,
        inlines: Vec<Inline>,
        counted: bool,
    },
    /// `<pre>` (its text kept as code) or a left-out element (`<script>`,
    /// its text dropped), up to its end tag or the end of its HTML block.
    HtmlRaw {
        name: String,
        text: String,
        keep: bool,
        language: Option<String>,
        pos: Pos,
    },
    /// Markdown read from the text of an HTML block, to be placed where
    /// that text stood.
    Fragment {
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
    },
    /// A container nested too deep: its content goes to its parent.
    Flat {
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
    },
    /// Front matter pulldown-cmark recognized itself (never, since we cut
    /// it first) or anything else to skip.
    Skip,
}

#[derive(Clone, Copy)]
enum SpanKind {
    Emph,
    Strong,
    Strike,
    Sup,
    Sub,
}

struct Builder<'a, 'b, 'c> {
    cx: &'a ReadContext<'a>,
    lines: &'a LineIndex<'a>,
    diags: &'b mut FileDiagnostics<'c>,
    stack: Vec<Frame>,
    footnotes: Vec<Footnote>,
    /// How many block containers and inline spans are open.
    block_depth: usize,
    inline_depth: usize,
    warned_depth: bool,
    last_pos: Pos,
    /// Titles of images (`"title"`), by position: captions if the image
    /// turns out to be a figure.
    image_titles: Vec<(Pos, String)>,
    /// HTML element names already warned about in this note.
    warned_elements: HashSet<String>,
    /// How many HTML text fragments are being read as Markdown, one inside
    /// another.
    fragment_depth: usize,
    /// While reading such a fragment: the position of its HTML block, for
    /// every node made from it.
    pos_override: Option<Pos>,
    /// SVG images written in the note so far (to name each one).
    svg_count: usize,
    /// Notes embedded in the paragraph being read (`![[Note]]`), taken
    /// when it ends.
    embeds: Vec<Option<Pending>>,
    /// Tables of contents of MyST `{toctree}` directives; each left a
    /// [`TOC_MARK`] block where it stood.
    tocs: Vec<Toc>,
    /// An `<svg>` being taken from the note's text as it is.
    svg_capture: Option<html::SvgCapture>,
    /// End events to pass over (those of blocks an SVG was taken from).
    ends_to_skip: usize,
    /// Display math just read, held until the next event says whether a
    /// label follows it (`$$ … $$ (label)`, `{#eq-label}`).
    display: Option<(String, Pos)>,
}

impl<'a, 'b, 'c> Builder<'a, 'b, 'c> {
    fn new(cx: &'a ReadContext<'a>, lines: &'a LineIndex<'a>, diags: &'b mut FileDiagnostics<'c>) -> Self {
        Builder {
            cx,
            lines,
            diags,
            stack: vec![Frame::Root { blocks: Vec::new() }],
            footnotes: Vec::new(),
            block_depth: 0,
            inline_depth: 0,
            warned_depth: false,
            last_pos: Pos::new(1, 1),
            image_titles: Vec::new(),
            warned_elements: HashSet::new(),
            fragment_depth: 0,
            pos_override: None,
            svg_count: 0,
            embeds: Vec::new(),
            tocs: Vec::new(),
            svg_capture: None,
            ends_to_skip: 0,
            display: None,
        }
    }

    /// Reads Markdown text found inside HTML, in place: returns its blocks,
    /// or, when it is one paragraph, that paragraph's inlines (which join
    /// the text around it).
    fn read_fragment(&mut self, source: &str, pos: Pos) -> (Vec<Block>, Vec<Inline>) {
        let saved = self.pos_override.replace(pos);
        self.fragment_depth += 1;
        let depth = self.stack.len();
        self.stack.push(Frame::Fragment { blocks: Vec::new(), inlines: Vec::new() });
        feed(self, source);
        if let Some((tex, at)) = self.display.take() {
            self.display_math(tex, at, None);
        }
        // Close whatever the fragment left open (never happens with a
        // well-behaved parser), down to the fragment itself.
        while self.stack.len() > depth + 1 {
            self.end(TagEnd::Paragraph);
        }
        self.fragment_depth -= 1;
        self.pos_override = saved;
        match self.stack.pop() {
            Some(Frame::Fragment { mut blocks, inlines }) => {
                flush_inlines(&mut blocks, inlines, pos);
                if let [Block::Paragraph { .. }] = blocks.as_slice()
                    && let Some(Block::Paragraph { content, .. }) = blocks.pop()
                {
                    return (Vec::new(), content);
                }
                (blocks, Vec::new())
            }
            Some(other) => {
                self.stack.push(other);
                (Vec::new(), Vec::new())
            }
            None => (Vec::new(), Vec::new()),
        }
    }

    fn event(&mut self, event: Event, range: std::ops::Range<usize>) {
        if self.svg_capture.is_some() && self.pos_override.is_none() && self.capture_svg(&event, &range) {
            return;
        }
        if self.ends_to_skip > 0 && matches!(event, Event::End(_)) {
            self.ends_to_skip -= 1;
            return;
        }
        let pos = self.pos_override.unwrap_or_else(|| self.lines.pos(range.start));
        if let Some((tex, at)) = self.display.take() {
            let label = match &event {
                Event::Text(text) => crate::math::label_after(text),
                _ => None,
            };
            let taken = label.as_ref().map_or(0, |(_, n)| *n);
            self.display_math(tex, at, label.map(|(l, _)| l));
            if let Event::Text(text) = &event
                && taken > 0
            {
                self.last_pos = pos;
                let rest = &text[taken.min(text.len())..];
                if !rest.is_empty() {
                    self.text(rest);
                }
                return;
            }
        }
        self.last_pos = pos;
        match event {
            Event::Start(tag) => self.start(tag, pos, &range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => self.code_span(text.into_string(), pos),
            Event::InlineMath(tex) => {
                let at = self.formula_pos(range.start);
                self.push_inline(Inline::Math { tex: tex.into_string(), pos: at })
            }
            Event::DisplayMath(tex) => {
                let at = self.formula_pos(range.start);
                self.display = Some((tex.into_string(), at));
            }
            Event::Html(html) => self.html(&html, pos, true, range.start),
            Event::InlineHtml(html) => self.html(&html, pos, false, range.start),
            Event::FootnoteReference(label) => self.push_inline(Inline::FootnoteRef { id: label.into_string(), pos }),
            Event::SoftBreak | Event::HardBreak if self.at_callout_head() => {
                if let Some(Frame::Paragraph { inlines, head_of_quote, .. }) = self.stack.last_mut() {
                    *head_of_quote = false;
                    let mut line = std::mem::take(inlines);
                    let found = self.callout_head(&mut line);
                    if !found {
                        line.push(if matches!(event, Event::HardBreak) { Inline::LineBreak } else { Inline::text(" ") });
                    }
                    if let Some(Frame::Paragraph { inlines, .. }) = self.stack.last_mut() {
                        *inlines = line;
                    }
                }
            }
            Event::SoftBreak => self.push_inline(Inline::text(" ")),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::Rule { pos }),
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item { checked: c, .. }) = self.stack.last_mut() {
                    *c = Some(checked);
                } else if let Some(Frame::Paragraph { .. }) = self.stack.last() {
                    // A loose item's marker comes inside its first paragraph.
                    for frame in self.stack.iter_mut().rev() {
                        if let Frame::Item { checked: c, .. } = frame {
                            *c = Some(checked);
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Whether the paragraph on top is a quote's first, still on its first
    /// line.
    fn at_callout_head(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Paragraph { head_of_quote: true, .. }))
    }

    /// Makes the quote around the paragraph on top a callout when `line`
    /// (the paragraph's first line) is a callout's head, which it then
    /// empties. Returns whether it was one.
    fn callout_head(&mut self, line: &mut Vec<Inline>) -> bool {
        let Some(callout) = obsidian::callout_head(line) else { return false };
        line.clear();
        let quote = self.stack.iter_mut().rev().find(|f| matches!(f, Frame::Quote { .. }));
        if let Some(Frame::Quote { callout: c, .. }) = quote {
            *c = Some(callout);
        }
        true
    }

    /// An Obsidian embed, `![[target|options]]`.
    fn embed(&mut self, target: &str, options: &str, pos: Pos) {
        match obsidian::embed(target, options, self.cx.path) {
            obsidian::Embed::Image { src, width, alt } => {
                let image = Image::file(src, alt, width, pos);
                self.push_inline(Inline::Image { image });
            }
            obsidian::Embed::Note(pending) => {
                if matches!(self.stack.last(), Some(Frame::Paragraph { .. })) {
                    self.push_inline(Inline::Anchor { id: format!("{}{}", obsidian::EMBED_MARK, self.embeds.len()) });
                    self.embeds.push(Some(pending));
                } else {
                    // Not a paragraph of its own (a heading, a table cell):
                    // a link to the note.
                    self.push_inline(Inline::Link { target: Target::Pending(pending), content: vec![Inline::text(target)], pos });
                }
            }
            obsidian::Embed::Other(file) => {
                self.diags.warn(
                    "embedded-file",
                    pos,
                    file.chars().count() as u32 + 5,
                    format!("the file {file:?} cannot be shown in a book; its name is kept"),
                );
                self.push_inline(Inline::Emph { content: vec![Inline::text(format!("[{file}]"))] });
            }
        }
    }

    fn too_deep(&mut self, inline: bool, pos: Pos) -> bool {
        let depth = if inline { self.inline_depth } else { self.block_depth };
        if depth < MAX_NESTING {
            return false;
        }
        if !self.warned_depth {
            self.warned_depth = true;
            self.diags.warn("nesting-too-deep", pos, 1, format!("content nested more than {MAX_NESTING} levels deep is set at level {MAX_NESTING}"));
        }
        true
    }

    fn start(&mut self, tag: Tag, pos: Pos, range: &std::ops::Range<usize>) {
        let frame = match tag {
            Tag::Paragraph => {
                let head_of_quote = matches!(self.stack.last(), Some(Frame::Quote { kind: None, blocks, callout: None, .. }) if blocks.is_empty());
                Frame::Paragraph { inlines: Vec::new(), pos, head_of_quote }
            }
            Tag::Heading { level, id, .. } => Frame::Heading { level: heading_level(level), id: id.map(|s| s.into_string()), inlines: Vec::new(), pos },
            Tag::CodeBlock(kind) => {
                let (language, info) = match kind {
                    CodeBlockKind::Fenced(info) => {
                        let language = if myst::fence_directive(&info).is_some() {
                            None
                        } else {
                            info.split_whitespace().next().map(|l| l.trim_matches(['{', '}', '.']).to_string())
                        };
                        (language, info.into_string())
                    }
                    CodeBlockKind::Indented => (None, String::new()),
                };
                Frame::Code { language: language.filter(|l| !l.is_empty()), text: String::new(), pos, info }
            }
            Tag::HtmlBlock => Frame::Html { text: String::new(), pos, offset: range.start },
            Tag::BlockQuote(kind) => self.container(pos, |_| Frame::Quote { kind, blocks: Vec::new(), pos, callout: None }),
            Tag::List(start) => self.container(pos, |_| Frame::List { start, items: Vec::new(), tight: true, pos }),
            Tag::Item => self.container(pos, |_| Frame::Item { blocks: Vec::new(), inlines: Vec::new(), checked: None, loose: false, pos }),
            Tag::FootnoteDefinition(label) => {
                // Footnote bodies are kept aside, whatever their depth.
                self.block_depth += 1;
                Frame::Footnote { label: label.into_string(), blocks: Vec::new(), pos }
            }
            Tag::DefinitionList => self.container(pos, |_| Frame::DefList { items: Vec::new(), pos }),
            Tag::DefinitionListTitle => Frame::DefTitle { inlines: Vec::new() },
            Tag::DefinitionListDefinition => self.container(pos, |_| Frame::DefBody { blocks: Vec::new(), inlines: Vec::new(), pos }),
            Tag::Table(aligns) => {
                self.container(pos, |_| Frame::Table { columns: aligns.iter().map(|a| align(*a)).collect(), header: Vec::new(), rows: Vec::new(), pos })
            }
            Tag::TableHead => Frame::Head { cells: Vec::new() },
            Tag::TableRow => Frame::TableRow { cells: Vec::new() },
            Tag::TableCell => Frame::Cell { inlines: Vec::new() },
            Tag::Emphasis => self.span(SpanKind::Emph, pos),
            Tag::Strong => self.span(SpanKind::Strong, pos),
            Tag::Strikethrough => self.span(SpanKind::Strike, pos),
            Tag::Superscript => self.span(SpanKind::Sup, pos),
            Tag::Subscript => self.span(SpanKind::Sub, pos),
            Tag::Link { link_type, dest_url, .. } => {
                if self.too_deep(true, pos) {
                    Frame::Flat { blocks: Vec::new(), inlines: Vec::new() }
                } else {
                    self.inline_depth += 1;
                    let target = self.link_target(link_type, &dest_url, pos, range);
                    Frame::Link { target, inlines: Vec::new(), pos }
                }
            }
            Tag::Image { dest_url, title, link_type, .. } => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                Frame::Image { src: dest_url.into_string(), title: title.into_string(), alt: String::new(), pos, wiki }
            }
            Tag::MetadataBlock(_) => Frame::Skip,
        };
        self.stack.push(frame);
    }

    /// A block container, or a flat stand-in when nested too deep.
    fn container(&mut self, pos: Pos, make: impl FnOnce(&mut Self) -> Frame) -> Frame {
        if self.too_deep(false, pos) {
            Frame::Flat { blocks: Vec::new(), inlines: Vec::new() }
        } else {
            self.block_depth += 1;
            make(self)
        }
    }

    fn span(&mut self, kind: SpanKind, pos: Pos) -> Frame {
        if self.too_deep(true, pos) {
            Frame::Flat { blocks: Vec::new(), inlines: Vec::new() }
        } else {
            self.inline_depth += 1;
            Frame::Span { kind, inlines: Vec::new() }
        }
    }

    fn link_target(&mut self, link_type: LinkType, dest: &str, pos: Pos, range: &std::ops::Range<usize>) -> Option<Target> {
        match link_type {
            LinkType::WikiLink { .. } => return Some(Target::Pending(obsidian::name_target(dest, self.cx.path))),
            LinkType::Email => return Some(Target::Url(format!("mailto:{dest}"))),
            LinkType::Autolink => return Some(Target::Url(dest.to_string())),
            _ => {}
        }
        let dest = dest.trim();
        if dest.is_empty() {
            let len = (range.end - range.start).min(200) as u32;
            self.diags.warn("empty-link", pos, len, "this link has no destination; its text is kept");
            return None;
        }
        Some(notes_doc::urls::classify(dest, self.cx.path))
    }

    fn end(&mut self, end: TagEnd) {
        // HTML elements left open inside a Markdown container end with it.
        while matches!(self.stack.last(), Some(Frame::HtmlBlock { .. } | Frame::HtmlInline { .. } | Frame::HtmlRaw { .. })) {
            self.close_top_html();
        }
        let Some(frame) = self.stack.pop() else { return };
        if self.stack.is_empty() {
            // Never pop the root.
            self.stack.push(frame);
            return;
        }
        match frame {
            Frame::Root { .. } | Frame::Skip => {}
            // HTML frames are closed above; a fragment is taken by
            // `read_fragment`. Neither ever reaches here: put them back.
            frame @ (Frame::HtmlBlock { .. } | Frame::HtmlInline { .. } | Frame::HtmlRaw { .. } | Frame::Fragment { .. }) => self.stack.push(frame),
            Frame::Paragraph { mut inlines, pos, head_of_quote } => {
                // A paragraph event inside an item makes its list loose.
                if let Some(Frame::Item { loose, .. }) = self.stack.last_mut() {
                    *loose = true;
                }
                if head_of_quote && self.callout_head(&mut inlines) && trim_inlines(inlines.clone()).is_empty() {
                    return;
                }
                if let [Inline::Text { text }] = inlines.as_slice()
                    && let Some(label) = myst::target_label(text)
                {
                    let id = label.to_string();
                    self.push_block(Block::Anchor { id, pos });
                    return;
                }
                if self.embeds.iter().any(Option::is_some) {
                    let blocks = obsidian::split_at_embeds(inlines, &mut self.embeds, pos);
                    self.embeds.clear();
                    self.push_blocks(blocks);
                    return;
                }
                // A target before an image alone (`![x](a.png){#fig-a}`):
                // the figure's label, before it.
                let mut inlines = trim_inlines(inlines);
                while matches!(inlines.as_slice(), [Inline::Anchor { .. }, .., Inline::Image { .. }])
                    && inlines.iter().filter(|i| !matches!(i, Inline::Anchor { .. })).count() == 1
                {
                    if let Inline::Anchor { id } = inlines.remove(0) {
                        self.push_block(Block::Anchor { id, pos });
                    }
                }
                let block = paragraph_or_figure(inlines, pos, &mut self.image_titles);
                // What followed display math may be nothing.
                if !matches!(&block, Block::Paragraph { content, .. } if content.is_empty()) {
                    self.push_block(block)
                }
            }
            Frame::Heading { level, id, inlines, pos } => {
                self.push_block(Block::Heading { level, content: trim_inlines(inlines), id: id.unwrap_or_default(), number: None, labels: Vec::new(), pos })
            }
            Frame::Code { language, text, pos, info } if myst::fence_directive(&info).is_some() => {
                let _ = language;
                self.fenced_directive(&info, &text, pos);
            }
            Frame::Code { language, text, pos, .. } => {
                let text = text.strip_suffix('\n').map(str::to_string).unwrap_or(text);
                if language.as_deref() == Some("math") {
                    // A fenced ```math block (GitHub, GitLab): a display formula.
                    let at = Pos::new(pos.line + 1, pos.col);
                    self.push_block(Block::Math { tex: text, label: None, id: String::new(), number: None, pos: at })
                } else {
                    self.push_block(Block::Code { language, text, line_numbers: false, pos })
                }
            }
            Frame::Html { text, pos, offset } => self.html_block(&text, pos, offset),
            Frame::Quote { kind, blocks, pos, callout } => {
                self.block_depth -= 1;
                let block = match kind {
                    None => match callout {
                        Some(c) => Block::Admonition { kind: c.kind, title: c.title, blocks, pos },
                        None => Block::Quote { blocks, attribution: None, pos },
                    },
                    Some(kind) => Block::Admonition {
                        kind: match kind {
                            BlockQuoteKind::Note => AdmonitionKind::Note,
                            BlockQuoteKind::Tip => AdmonitionKind::Tip,
                            BlockQuoteKind::Important => AdmonitionKind::Important,
                            BlockQuoteKind::Warning => AdmonitionKind::Warning,
                            BlockQuoteKind::Caution => AdmonitionKind::Caution,
                        },
                        title: Vec::new(),
                        blocks,
                        pos,
                    },
                };
                self.push_block(block);
            }
            Frame::List { start, items, tight, pos } => {
                self.block_depth -= 1;
                let ordered = start.map(|start| Ordered { start, style: NumberStyle::Decimal });
                self.push_block(Block::List { ordered, items, tight, pos });
            }
            Frame::Item { mut blocks, inlines, checked, loose, pos } => {
                self.block_depth -= 1;
                flush_inlines(&mut blocks, inlines, pos);
                if let Some(Frame::List { items, tight, .. }) = self.stack.last_mut() {
                    if loose {
                        *tight = false;
                    }
                    items.push(ListItem { blocks, checked });
                } else {
                    self.push_blocks(blocks);
                }
            }
            Frame::Footnote { label, blocks, pos } => {
                self.block_depth -= 1;
                self.footnotes.push(Footnote { id: label, label: None, blocks, pos });
            }
            Frame::DefList { items, pos } => {
                self.block_depth -= 1;
                self.push_block(Block::DefinitionList { items, pos });
            }
            Frame::DefTitle { inlines } => {
                if let Some(Frame::DefList { items, .. }) = self.stack.last_mut() {
                    items.push(Definition { term: trim_inlines(inlines), classifiers: Vec::new(), definitions: Vec::new() });
                } else {
                    self.push_inlines(inlines);
                }
            }
            Frame::DefBody { mut blocks, inlines, pos } => {
                self.block_depth -= 1;
                flush_inlines(&mut blocks, inlines, pos);
                match self.stack.last_mut() {
                    Some(Frame::DefList { items, .. }) => {
                        if items.is_empty() {
                            items.push(Definition { term: Vec::new(), classifiers: Vec::new(), definitions: Vec::new() });
                        }
                        if let Some(last) = items.last_mut() {
                            last.definitions.push(blocks);
                        }
                    }
                    _ => self.push_blocks(blocks),
                }
            }
            Frame::Table { columns, header, rows, pos } => {
                self.block_depth -= 1;
                self.push_block(Block::Table { caption: None, columns, header, rows, pos });
            }
            Frame::Head { cells } => {
                if let Some(Frame::Table { header, .. }) = self.stack.last_mut() {
                    header.push(Row { cells });
                }
            }
            Frame::TableRow { cells } => {
                if let Some(Frame::Table { rows, .. }) = self.stack.last_mut() {
                    rows.push(Row { cells });
                }
            }
            Frame::Cell { inlines } => {
                let inlines = trim_inlines(inlines);
                let blocks = if inlines.is_empty() { Vec::new() } else { vec![Block::Paragraph { content: inlines, pos: self.last_pos }] };
                match self.stack.last_mut() {
                    Some(Frame::Head { cells }) | Some(Frame::TableRow { cells }) => cells.push(Cell::new(blocks)),
                    _ => self.push_blocks(blocks),
                }
            }
            Frame::Span { kind, inlines } => {
                self.inline_depth -= 1;
                let content = inlines;
                self.push_inline(match kind {
                    SpanKind::Emph => Inline::Emph { content },
                    SpanKind::Strong => Inline::Strong { content },
                    SpanKind::Strike => Inline::Strike { content },
                    SpanKind::Sup => Inline::Sup { content },
                    SpanKind::Sub => Inline::Sub { content },
                });
            }
            Frame::Link { target, inlines, pos } => {
                self.inline_depth -= 1;
                match target {
                    Some(target) => self.push_inline(Inline::Link { target, content: inlines, pos }),
                    None => self.push_inlines(inlines),
                }
            }
            Frame::Image { src, title, alt, pos, wiki } => {
                if wiki {
                    self.embed(&src, &alt, pos);
                    return;
                }
                if !title.trim().is_empty() {
                    self.image_titles.push((pos, title.trim().to_string()));
                }
                self.push_inline(Inline::Image { image: Image::file(src, alt, None, pos) });
            }
            Frame::Flat { blocks, inlines } => {
                if !matches!(end, TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript) {
                    let pos = self.last_pos;
                    let mut blocks = blocks;
                    flush_inlines(&mut blocks, inlines, pos);
                    self.push_blocks(blocks);
                } else {
                    self.push_inlines(inlines);
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Frame::Code { text: t, .. }) | Some(Frame::Html { text: t, .. }) => t.push_str(text),
            Some(Frame::Image { alt, .. }) => alt.push_str(text),
            _ => {
                let text = self.attributes_after(text);
                let pos = self.last_pos;
                match pandoc::cross_references(text, pos) {
                    Some(inlines) => self.push_inlines(inlines),
                    None => self.push_inline(Inline::text(text)),
                }
            }
        }
    }

    /// Pandoc's attributes right after an image or a link
    /// (`![x](a.png){width=50% #fig-a}`): the width is the image's, the id
    /// a target before it. Returns the text after them.
    fn attributes_after<'t>(&mut self, text: &'t str) -> &'t str {
        if !text.starts_with('{') {
            return text;
        }
        let Some(end) = text.find('}') else { return text };
        let after_image_or_link = match self.stack.last() {
            Some(Frame::Paragraph { inlines, .. }) | Some(Frame::Item { inlines, .. }) | Some(Frame::Cell { inlines }) => {
                matches!(inlines.last(), Some(Inline::Image { .. } | Inline::Link { .. }))
            }
            _ => false,
        };
        if !after_image_or_link || text[1..end].contains(['{', '\n']) {
            return text;
        }
        let attrs = pandoc::attributes(&text[..=end]);
        if let Some(Frame::Paragraph { inlines, .. }) | Some(Frame::Item { inlines, .. }) | Some(Frame::Cell { inlines }) = self.stack.last_mut() {
            if let Some(Inline::Image { image }) = inlines.last_mut()
                && let Some((_, w)) = attrs.pairs.iter().find(|(k, _)| k == "width")
            {
                image.width = Some(w.clone());
            }
            if let Some(id) = attrs.id {
                let at = inlines.len() - 1;
                inlines.insert(at, Inline::Anchor { id });
            }
        }
        &text[end + 1..]
    }

    fn html(&mut self, html: &str, pos: Pos, block: bool, offset: usize) {
        if block && let Some(Frame::Html { text, .. }) = self.stack.last_mut() {
            text.push_str(html);
            return;
        }
        if let Some(Frame::Image { alt, .. }) = self.stack.last_mut() {
            alt.push_str(html);
            return;
        }
        self.inline_html(html, pos, offset);
    }

    fn push_inline(&mut self, inline: Inline) {
        self.push_inlines(vec![inline]);
    }

    fn push_inlines(&mut self, new: Vec<Inline>) {
        if new.is_empty() {
            return;
        }
        let target = match self.stack.last_mut() {
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
            | Some(Frame::Flat { inlines, .. }) => inlines,
            Some(Frame::HtmlRaw { text, keep, .. }) => {
                if *keep {
                    text.push_str(&notes_doc::plain_text(&new));
                }
                return;
            }
            Some(Frame::Image { alt, .. }) => {
                alt.push_str(&notes_doc::plain_text(&new));
                return;
            }
            Some(Frame::Code { text, .. }) | Some(Frame::Html { text, .. }) => {
                text.push_str(&notes_doc::plain_text(&new));
                return;
            }
            _ => {
                // Inline content where a block was expected: wrap it (an
                // image alone is a figure).
                let pos = self.last_pos;
                let block = paragraph_or_figure(new, pos, &mut self.image_titles);
                self.push_block(block);
                return;
            }
        };
        target.extend(new);
    }

    fn push_block(&mut self, block: Block) {
        self.push_blocks(vec![block]);
    }

    fn push_blocks(&mut self, new: Vec<Block>) {
        if new.is_empty() {
            return;
        }
        let last_pos = self.last_pos;
        match self.stack.last_mut() {
            Some(Frame::Root { blocks }) | Some(Frame::Quote { blocks, .. }) | Some(Frame::Footnote { blocks, .. }) => blocks.extend(new),
            Some(Frame::Item { blocks, inlines, .. })
            | Some(Frame::DefBody { blocks, inlines, .. })
            | Some(Frame::Flat { blocks, inlines })
            | Some(Frame::HtmlBlock { blocks, inlines, .. })
            | Some(Frame::Fragment { blocks, inlines }) => {
                let at = if let Some(first) = new.first() { first.pos() } else { last_pos };
                flush_inlines(blocks, std::mem::take(inlines), at);
                blocks.extend(new);
            }
            Some(Frame::Cell { inlines }) => {
                // A block inside a table cell (pulldown-cmark gives none, but
                // be safe): keep its text.
                for b in new {
                    if let Block::Paragraph { content, .. } = b {
                        inlines.extend(content);
                    }
                }
            }
            _ => {
                // Blocks inside an inline frame (cannot happen with
                // pulldown-cmark): put them after, at the root.
                if let Some(Frame::Root { blocks }) = self.stack.first_mut() {
                    blocks.extend(new);
                }
            }
        }
    }

    /// Where a formula starting at `start` (its opening delimiter) has its
    /// LaTeX; inside HTML, the HTML's place.
    fn formula_pos(&self, start: usize) -> Pos {
        self.pos_override.unwrap_or_else(|| self.lines.pos(start + crate::math::opening_len(self.lines.text(), start)))
    }

    /// Display math: a block of its own, splitting the paragraph it was
    /// written in; inside a heading, a table cell, emphasis or a link it
    /// stays in the line.
    fn display_math(&mut self, tex: String, pos: Pos, label: Option<String>) {
        let block = Block::Math { tex, label, id: String::new(), number: None, pos };
        match self.stack.last() {
            Some(Frame::Paragraph { .. }) => {
                if let Some(Frame::Paragraph { inlines, pos: start, .. }) = self.stack.pop() {
                    let before = trim_inlines(inlines);
                    if !before.is_empty() {
                        self.push_block(Block::Paragraph { content: before, pos: start });
                    }
                }
                self.push_block(block);
                self.stack.push(Frame::Paragraph { inlines: Vec::new(), pos: self.last_pos, head_of_quote: false });
            }
            Some(
                Frame::Root { .. }
                | Frame::Quote { .. }
                | Frame::Footnote { .. }
                | Frame::Item { .. }
                | Frame::DefBody { .. }
                | Frame::Flat { .. }
                | Frame::HtmlBlock { .. }
                | Frame::Fragment { .. },
            ) => self.push_block(block),
            _ => {
                if let Block::Math { tex, pos, .. } = block {
                    self.push_inline(Inline::Math { tex, pos });
                }
            }
        }
    }

    fn finish(mut self) -> (Vec<Block>, Vec<Footnote>) {
        if let Some((tex, pos)) = self.display.take() {
            self.display_math(tex, pos, None);
        }
        // Close anything left open (cannot happen with a well-behaved parser).
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let blocks = match self.stack.pop() {
            Some(Frame::Root { blocks }) => blocks,
            _ => Vec::new(),
        };
        (blocks, self.footnotes)
    }
}

fn flush_inlines(blocks: &mut Vec<Block>, inlines: Vec<Inline>, pos: Pos) {
    let inlines = trim_inlines(inlines);
    if !inlines.is_empty() {
        blocks.push(Block::Paragraph { content: inlines, pos });
    }
}

/// Drops leading and trailing white space of an inline sequence.
pub fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while let Some(Inline::Text { text }) = inlines.first_mut() {
        let t = text.trim_start();
        if t.is_empty() {
            inlines.remove(0);
        } else {
            if t.len() != text.len() {
                *text = t.to_string();
            }
            break;
        }
    }
    while let Some(Inline::Text { text }) = inlines.last_mut() {
        let t = text.trim_end();
        if t.is_empty() {
            inlines.pop();
        } else {
            if t.len() != text.len() {
                *text = t.to_string();
            }
            break;
        }
    }
    inlines
}

/// A paragraph that holds nothing but an image is a figure; the image's
/// title (`![alt](src "title")`) is its caption.
fn paragraph_or_figure(inlines: Vec<Inline>, pos: Pos, titles: &mut Vec<(Pos, String)>) -> Block {
    let mut inlines = trim_inlines(inlines);
    if let [Inline::Image { .. }] = inlines.as_slice()
        && let Some(Inline::Image { image }) = inlines.pop()
    {
        let caption = match titles.iter().position(|(p, _)| *p == image.pos) {
            Some(i) => vec![Inline::text(titles.remove(i).1)],
            None => Vec::new(),
        };
        return Block::Figure { image, caption, legend: Vec::new(), pos };
    }
    Block::Paragraph { content: inlines, pos }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::Default,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// In an index note: every list whose items are each one link to another
/// note becomes a table of contents, and leaves the blocks.
fn take_tocs(blocks: &mut Vec<Block>) -> Vec<Toc> {
    let mut tocs = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let Some(entries) = toc_entries(&blocks[i]) else {
            i += 1;
            continue;
        };
        let pos = blocks[i].pos();
        blocks.remove(i);
        // A short paragraph ending with a colon just before the list
        // ("Contents:", "Talks:") is its caption.
        let mut caption = None;
        if i > 0
            && let Block::Paragraph { content, .. } = &blocks[i - 1]
        {
            let text = notes_doc::plain_text(content);
            let text = text.trim();
            if text.ends_with(':') && text.chars().count() <= 60 {
                caption = Some(text.trim_end_matches(':').trim().to_string());
                blocks.remove(i - 1);
                i -= 1;
            }
        }
        tocs.push(Toc { entries, at_block: i, caption, pos, ..Toc::default() });
    }
    tocs
}

fn toc_entries(block: &Block) -> Option<Vec<TocEntry>> {
    let Block::List { items, .. } = block else { return None };
    if items.is_empty() {
        return None;
    }
    let mut entries = Vec::new();
    for item in items {
        let [Block::Paragraph { content, .. }] = item.blocks.as_slice() else { return None };
        let content = trim_inlines(content.clone());
        let [Inline::Link { target: Target::Pending(Pending::Path { path, fragment: None, .. }), content: text, pos }] = content.as_slice() else {
            return None;
        };
        // The link text is for people reading the index; the note's own
        // title is the one the book prints.
        let _ = text;
        entries.push(TocEntry { target: path.clone(), title: None, pos: *pos });
    }
    Some(entries)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::NoIncludes;
    use notes_doc::diag::Diagnostics;
    use std::path::Path;

    pub(crate) fn read_md(text: &str, is_index: bool) -> (Note, Diagnostics) {
        let mut d = Diagnostics::new();
        let cx = ReadContext { path: "event/talk.md", is_index, includes: &NoIncludes };
        let note = read(text, &cx, &mut FileDiagnostics { file: Path::new("event/talk.md"), diagnostics: &mut d });
        (note, d)
    }

    pub(crate) fn json(blocks: &[Block]) -> String {
        serde_json::to_string(blocks).unwrap()
    }

    #[test]
    fn headings_paragraphs_and_positions() {
        let (note, d) = read_md("# Title\n\nSome *text* here.\n\n## Section {#sec}\n", false);
        assert!(d.is_empty());
        match &note.blocks[..] {
            [Block::Heading { level: 1, content, pos, .. }, Block::Paragraph { content: p, pos: ppos }, Block::Heading { level: 2, id, pos: hpos, .. }] => {
                assert_eq!(notes_doc::plain_text(content), "Title");
                assert_eq!(*pos, Pos::new(1, 1));
                assert_eq!(notes_doc::plain_text(p), "Some text here.");
                assert!(matches!(p[1], Inline::Emph { .. }));
                assert_eq!(*ppos, Pos::new(3, 1));
                assert_eq!(id, "sec");
                assert_eq!(*hpos, Pos::new(5, 1));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_paragraphs_keep_their_text() {
        let (note, _) = read_md("Just text.\n\n![img](a.png)\n\nText ![inline](b.png) too.\n", false);
        let j = json(&note.blocks);
        assert!(j.contains("Just text.") && j.contains("Text ") && j.contains(" too."), "{j}");
        assert!(matches!(note.blocks[1], Block::Figure { .. }));
        assert!(matches!(note.blocks[2], Block::Paragraph { .. }));
    }

    #[test]
    fn positions_count_front_matter_lines() {
        let (note, _) = read_md("---\ntitle: T\n---\n\nBody\n", false);
        assert_eq!(note.title.as_deref(), Some("T"));
        assert_eq!(note.blocks[0].pos(), Pos::new(5, 1));
    }

    #[test]
    fn tight_and_loose_nested_lists() {
        let (note, _) = read_md("* **Pypy**\n   * It's fast.\n   * Magic.\n* CPython\n", false);
        let Block::List { items, tight, ordered: None, .. } = &note.blocks[0] else { panic!() };
        assert!(*tight);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0].blocks[..], [Block::Paragraph { .. }, Block::List { .. }]));
        let (note, _) = read_md("1. one\n\n2. two\n", false);
        let Block::List { tight, ordered: Some(o), .. } = &note.blocks[0] else { panic!() };
        assert!(!*tight);
        assert_eq!(o.start, 1);
    }

    #[test]
    fn myst_directives_are_read_and_languages_are_code() {
        let (note, d) = read_md("# T\n\n```{note}\nRemember.\n```\n\n```{python}\nx = 1\n```\n", false);
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(note.blocks[1], Block::Admonition { kind: AdmonitionKind::Note, .. }));
        assert!(matches!(&note.blocks[2], Block::Code { language: Some(l), .. } if l == "python"));
    }

    #[test]
    fn code_links_images_footnotes_tables_tasks() {
        let text = "Use `x()` and [doc](other.md#part), [web](https://e.org) <https://a.b>.[^n]\n\n\
                    [^n]: The note.\n\n\
                    ![alt text](img/p.png \"A caption\")\n\n\
                    | a | b |\n|:--|--:|\n| 1 | 2 |\n\n\
                    - [x] done\n- [ ] todo\n\n\
                    ```python\nprint(1)\n```\n";
        let (note, d) = read_md(text, false);
        assert!(d.is_empty(), "{d:?}");
        let j = json(&note.blocks);
        assert!(j.contains(r#""type":"code","text":"x()""#), "{j}");
        assert!(j.contains(r#""type":"code_block","language":"python""#), "{j}");
        assert!(j.contains(r#""by":"path","path":"other.md","fragment":"part","from":"event/talk.md""#), "{j}");
        assert!(j.contains(r#""kind":"url","to":"https://e.org""#));
        assert!(j.contains(r#""kind":"url","to":"https://a.b""#));
        assert!(j.contains(r#""type":"footnote_ref","id":"n""#));
        assert_eq!(note.footnotes.len(), 1);
        assert!(j.contains(r#""type":"figure","image":{"src":"img/p.png","alt":"alt text""#), "{j}");
        assert!(j.contains(r#""caption":[{"type":"text","text":"A caption"}]"#), "{j}");
        assert!(j.contains(r#""columns":["left","right"]"#));
        assert!(j.contains(r#""checked":true"#) && j.contains(r#""checked":false"#));
        assert!(j.contains(r#""language":"python","text":"print(1)""#));
    }

    #[test]
    fn alerts_and_html() {
        let (note, d) = read_md("> [!WARNING]\n> Careful.\n\n<!-- hidden -->\n\nA <b>bold</b> move<br>here.\n", false);
        assert!(matches!(note.blocks[0], Block::Admonition { kind: AdmonitionKind::Warning, .. }));
        assert_eq!(note.blocks.len(), 2, "{:?}", note.blocks);
        let j = json(&note.blocks);
        assert!(j.contains(r#"{"type":"strong","content":[{"type":"text","text":"bold"}]}"#) && j.contains("line_break"), "{j}");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn deep_nesting_is_flattened_not_overflowed() {
        let text = "> ".repeat(10_000) + "deep\n";
        let (note, d) = read_md(&text, false);
        assert!(d.iter().any(|d| d.code == "nesting-too-deep"));
        let j = json(&note.blocks);
        assert!(j.contains("deep"));
        let depth = j.matches(r#""type":"quote""#).count();
        assert!(depth <= MAX_NESTING, "{depth}");
        let text = "- ".repeat(5_000) + "x\n";
        let (note, _) = read_md(&text, false);
        assert!(json(&note.blocks).contains('x'));
    }

    #[test]
    fn index_lists_become_tocs() {
        let (note, _) = read_md("# PyCodeConf\n\nTalks:\n\n- [The Future](the_future.md)\n- [GIL](gil.md)\n\nAfter.\n", true);
        assert_eq!(note.tocs.len(), 1);
        let toc = &note.tocs[0];
        assert_eq!(toc.caption.as_deref(), Some("Talks"));
        assert_eq!(toc.at_block, 1);
        assert_eq!(toc.entries.iter().map(|e| e.target.as_str()).collect::<Vec<_>>(), ["the_future.md", "gil.md"]);
        assert_eq!(toc.entries[0].pos, Pos::new(5, 3));
        assert_eq!(note.blocks.len(), 2);
        // Not an index: the list stays.
        let (note, _) = read_md("- [a](a.md)\n", false);
        assert!(note.tocs.is_empty());
        assert_eq!(note.blocks.len(), 1);
    }
}
