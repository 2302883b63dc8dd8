//! The Markdown reader: CommonMark with tables, footnotes, strikethrough,
//! task lists, definition lists, heading ids (`{#id}`) and GitHub alerts
//! (`> [!NOTE]`), parsed by pulldown-cmark, plus optional front matter.
//!
//! It builds the tree from pulldown-cmark's events with an explicit stack
//! (no recursion, so deep nesting cannot overflow the stack) and flattens
//! containers nested deeper than [`MAX_NESTING`]. It knows nothing of the
//! book's order beyond this: in an index note, a list whose every item is a
//! single link to another note is a [`Toc`].

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
    let body = &text[fm.bytes.min(text.len())..];
    let lines = LineIndex::new(body, fm.lines as u32);
    let mut builder = Builder::new(cx, &lines, diags);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    // `\(…\)` and `\[…\]` (MkDocs' arithmatex) are found first; events
    // and ranges come back as the note wrote them.
    let delimited = crate::math::Delimited::new(body, options);
    for (event, range) in Parser::new_ext(delimited.text(), options).into_offset_iter() {
        let event = delimited.event(event, &range);
        builder.event(event, delimited.original(&range));
    }
    let (mut blocks, footnotes) = builder.finish();
    let tocs = if cx.is_index { take_tocs(&mut blocks) } else { Vec::new() };
    Note { title: fm.title, meta: fm.meta, blocks, footnotes, tocs, title_labels: Vec::new() }
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
    },
    Html {
        text: String,
        pos: Pos,
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
            display: None,
        }
    }

    fn event(&mut self, event: Event, range: std::ops::Range<usize>) {
        let pos = self.lines.pos(range.start);
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
            Event::Code(text) => self.push_inline(Inline::Code { text: text.into_string() }),
            Event::InlineMath(tex) => {
                let at = self.lines.pos(range.start + crate::math::opening_len(self.lines.text(), range.start));
                self.push_inline(Inline::Math { tex: tex.into_string(), pos: at })
            }
            Event::DisplayMath(tex) => {
                let at = self.lines.pos(range.start + crate::math::opening_len(self.lines.text(), range.start));
                self.display = Some((tex.into_string(), at));
            }
            Event::Html(html) => self.html(&html, pos, true),
            Event::InlineHtml(html) => self.html(&html, pos, false),
            Event::FootnoteReference(label) => self.push_inline(Inline::FootnoteRef { id: label.into_string(), pos }),
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

    /// A MyST directive (```` ```{note} ````), which Markdown notes do not
    /// have: it is kept as code, with a warning that says what to write.
    /// (`{python}` is a language, as in Pandoc and Quarto, and stays quiet.)
    fn myst_directive(&mut self, info: &str, pos: Pos) {
        let Some(word) = info.split_whitespace().next() else { return };
        let Some(name) = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) else { return };
        let help = match name.to_ascii_lowercase().as_str() {
            "note" | "tip" | "important" | "warning" | "caution" | "attention" | "danger" | "error" | "hint" | "admonition" | "seealso" => {
                "write an alert instead: `> [!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION) on the first line of a quote"
            }
            "figure" | "image" => "write an image instead: `![description](file.png)`",
            "toctree" => "list the notes in the index as Markdown links: `- [Title](talk.md)`",
            "code-block" | "code" | "sourcecode" => "write the language after the fence instead: ```python",
            "include" | "literalinclude" | "math" | "list-table" | "csv-table" | "table" | "glossary" | "dropdown" | "tab-set" | "epigraph" | "topic"
            | "sidebar" | "versionadded" | "versionchanged" | "deprecated" | "rubric" | "only" | "raw" => {
                "Markdown notes have no directives; write it in plain Markdown, or make the note a .rst file"
            }
            _ => return,
        };
        self.diags.push(
            notes_doc::diag::Diagnostic::warning(
                "unknown-directive",
                format!("the MyST directive {{{name}}} is not understood in Markdown notes; the block is printed as code"),
            )
            .at(pos, word.chars().count() as u32 + 3)
            .with_help(help),
        );
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
            Tag::Paragraph => Frame::Paragraph { inlines: Vec::new(), pos },
            Tag::Heading { level, id, .. } => Frame::Heading { level: heading_level(level), id: id.map(|s| s.into_string()), inlines: Vec::new(), pos },
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        self.myst_directive(&info, pos);
                        info.split_whitespace().next().map(|l| l.trim_matches(['{', '}', '.']).to_string())
                    }
                    CodeBlockKind::Indented => None,
                };
                Frame::Code { language: language.filter(|l| !l.is_empty()), text: String::new(), pos }
            }
            Tag::HtmlBlock => Frame::Html { text: String::new(), pos },
            Tag::BlockQuote(kind) => self.container(pos, |_| Frame::Quote { kind, blocks: Vec::new(), pos }),
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
            Tag::Image { dest_url, title, .. } => Frame::Image { src: dest_url.into_string(), title: title.into_string(), alt: String::new(), pos },
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
        let Some(frame) = self.stack.pop() else { return };
        if self.stack.is_empty() {
            // Never pop the root.
            self.stack.push(frame);
            return;
        }
        match frame {
            Frame::Root { .. } | Frame::Skip => {}
            Frame::Paragraph { inlines, pos } => {
                // A paragraph event inside an item makes its list loose.
                if let Some(Frame::Item { loose, .. }) = self.stack.last_mut() {
                    *loose = true;
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
            Frame::Code { language, text, pos } => {
                let text = text.strip_suffix('\n').map(str::to_string).unwrap_or(text);
                if language.as_deref() == Some("math") {
                    // A fenced ```math block (GitHub, GitLab): a display formula.
                    let at = Pos::new(pos.line + 1, pos.col);
                    self.push_block(Block::Math { tex: text, label: None, id: String::new(), number: None, pos: at })
                } else {
                    self.push_block(Block::Code { language, text, line_numbers: false, pos })
                }
            }
            Frame::Html { text, pos } => {
                if let Some(block) = self.html_block(text, pos) {
                    self.push_block(block);
                }
            }
            Frame::Quote { kind, blocks, pos } => {
                self.block_depth -= 1;
                let block = match kind {
                    None => Block::Quote { blocks, attribution: None, pos },
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
            Frame::Image { src, title, alt, pos } => {
                if !title.trim().is_empty() {
                    self.image_titles.push((pos, title.trim().to_string()));
                }
                self.push_inline(Inline::Image { image: Image { src, alt, width: None, pos } });
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
            _ => self.push_inline(Inline::text(text)),
        }
    }

    fn html(&mut self, html: &str, pos: Pos, block: bool) {
        if block {
            if let Some(Frame::Html { text, .. }) = self.stack.last_mut() {
                text.push_str(html);
                return;
            }
        }
        if let Some(Frame::Image { alt, .. }) = self.stack.last_mut() {
            alt.push_str(html);
            return;
        }
        let tag = html.trim();
        if tag.starts_with("<!--") {
            return;
        }
        let lower = tag.to_ascii_lowercase();
        if matches!(lower.as_str(), "<br>" | "<br/>" | "<br />") {
            self.push_inline(Inline::LineBreak);
            return;
        }
        self.diags.warn("raw-html", pos, html.chars().count() as u32, format!("HTML is not interpreted; {tag:?} is printed as text"));
        self.push_inline(Inline::text(html));
    }

    fn html_block(&mut self, text: String, pos: Pos) -> Option<Block> {
        let mut rest = text.trim();
        // Comments alone are dropped: they are the author's, not the reader's.
        while let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => {
                    rest = "";
                    break;
                }
            }
        }
        if rest.is_empty() {
            return None;
        }
        self.diags.warn(
            "raw-html",
            pos,
            text.lines().next().map_or(1, |l| l.chars().count() as u32),
            "HTML blocks are not rendered in the PDF or the EPUB; write the content in Markdown",
        );
        Some(Block::Raw { format: "html".into(), text, pos })
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
            | Some(Frame::Flat { inlines, .. }) => inlines,
            Some(Frame::Image { alt, .. }) => {
                alt.push_str(&notes_doc::plain_text(&new));
                return;
            }
            Some(Frame::Code { text, .. }) | Some(Frame::Html { text, .. }) => {
                text.push_str(&notes_doc::plain_text(&new));
                return;
            }
            _ => {
                // Inline content where a block was expected: wrap it.
                let pos = self.last_pos;
                self.push_block(Block::Paragraph { content: new, pos });
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
            Some(Frame::Item { blocks, inlines, .. }) | Some(Frame::DefBody { blocks, inlines, .. }) | Some(Frame::Flat { blocks, inlines }) => {
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

    /// Display math: a block of its own, splitting the paragraph it was
    /// written in; inside a heading, a table cell, emphasis or a link it
    /// stays in the line.
    fn display_math(&mut self, tex: String, pos: Pos, label: Option<String>) {
        let block = Block::Math { tex, label, id: String::new(), number: None, pos };
        match self.stack.last() {
            Some(Frame::Paragraph { .. }) => {
                if let Some(Frame::Paragraph { inlines, pos: start }) = self.stack.pop() {
                    let before = trim_inlines(inlines);
                    if !before.is_empty() {
                        self.push_block(Block::Paragraph { content: before, pos: start });
                    }
                }
                self.push_block(block);
                self.stack.push(Frame::Paragraph { inlines: Vec::new(), pos: self.last_pos });
            }
            Some(Frame::Root { .. } | Frame::Quote { .. } | Frame::Footnote { .. } | Frame::Item { .. } | Frame::DefBody { .. } | Frame::Flat { .. }) => {
                self.push_block(block)
            }
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
mod tests {
    use super::*;
    use crate::NoIncludes;
    use notes_doc::diag::Diagnostics;
    use std::path::Path;

    fn read_md(text: &str, is_index: bool) -> (Note, Diagnostics) {
        let mut d = Diagnostics::new();
        let cx = ReadContext { path: "event/talk.md", is_index, includes: &NoIncludes };
        let note = read(text, &cx, &mut FileDiagnostics { file: Path::new("event/talk.md"), diagnostics: &mut d });
        (note, d)
    }

    fn json(blocks: &[Block]) -> String {
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
    fn myst_directives_are_reported_and_languages_are_not() {
        let (note, d) = read_md("# T\n\n```{note}\nRemember.\n```\n\n```{python}\nx = 1\n```\n", false);
        let d = d.into_vec();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].line, d[0].column), ("unknown-directive", 3, 1));
        assert_eq!(d[0].file.as_deref(), Some(Path::new("event/talk.md")));
        assert!(d[0].help.as_deref().unwrap_or("").contains("[!NOTE]"));
        assert_eq!(note.blocks.iter().filter(|b| matches!(b, Block::Code { .. })).count(), 2);
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
        assert!(j.contains("<b>") && j.contains("line_break"), "{j}");
        assert_eq!(d.iter().filter(|d| d.code == "raw-html").count(), 2);
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
