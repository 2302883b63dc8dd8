//! Body elements: the part of docutils' state machine that decides, from
//! the first line of a block (and sometimes the next), what the block is:
//! sections, paragraphs, lists of every kind, literal and quoted literal
//! blocks, block quotes with attributions, line blocks, doctest blocks,
//! transitions, explicit markup (comments, targets, footnotes, citations,
//! substitution definitions, directives) and tables.
//!
//! A region of lines is read by [`Reader::parse_region`] with a work stack,
//! not by recursion on the input: containers recurse once per nesting
//! level, and only up to [`MAX_NESTING`](notes_doc::MAX_NESTING); deeper
//! containers are flattened by pushing their content back on the stack.

use notes_doc::{Block, Definition, Field, Inline, Line, ListItem, NumberStyle, Ordered, Pos};

use super::inline::push_text;
use super::source::{LineRef, column_width, trim_trailing_blank};
use super::{Reader, TargetDef, normalize_name};

/// What kind of region a run of lines is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
    /// The note's top level (or a file included there): section titles allowed.
    Document,
    /// Inside a container.
    Body,
    /// A list item's body: its first paragraph may hold a folded list.
    ListItem,
}

/// A section title adornment: overline (if any) and underline characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Style {
    over: Option<char>,
    under: char,
}

/// Work left for a region.
pub(super) enum Work {
    Lines { lines: Vec<LineRef>, at: usize, region: Region },
    Block(Block),
}

/// Where a construct puts what it made: blocks go out directly, until a
/// construct hands back lines to read (a flattened container, an include);
/// from then on everything keeps its order through the work stack.
pub(super) struct Sink<'o> {
    pub out: &'o mut Vec<Block>,
    pub more: Vec<Work>,
}

impl Sink<'_> {
    pub fn block(&mut self, block: Block) {
        if self.more.is_empty() {
            self.out.push(block);
        } else {
            self.more.push(Work::Block(block));
        }
    }

    pub fn blocks(&mut self, blocks: Vec<Block>) {
        for b in blocks {
            self.block(b);
        }
    }

    /// Lines to be read in this region, after what is already out.
    pub fn lines(&mut self, lines: Vec<LineRef>, region: Region) {
        if !lines.is_empty() {
            self.more.push(Work::Lines { lines, at: 0, region });
        }
    }
}

/// What the first line of a block looks like (docutils' Body transitions,
/// in their order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    Indented,
    Bullet,
    Enumerator,
    Field,
    Option,
    Doctest,
    LineBlock,
    GridTable,
    SimpleTable,
    Explicit,
    Anonymous,
    Adornment,
    Text,
}

const BULLETS: &[char] = &['-', '+', '*', '\u{2022}', '\u{2023}', '\u{2043}'];

/// `(mark)( +|$)`: the marker is followed by spaces or ends the line.
fn marker_then_space(text: &str, mark: &str) -> bool {
    text.strip_prefix(mark).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The bullet of a bullet list item, and where its text starts (characters).
pub(super) fn bullet(text: &str) -> Option<(char, usize)> {
    let first = text.chars().next()?;
    if !BULLETS.contains(&first) {
        return None;
    }
    let rest = &text[first.len_utf8()..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((first, 1 + rest.len() - rest.trim_start_matches(' ').len()))
}

/// A line of one punctuation character repeated (a title adornment or a
/// transition).
pub(super) fn adornment(text: &str) -> Option<char> {
    let first = text.chars().next()?;
    if !first.is_ascii_punctuation() {
        return None;
    }
    let body = text.trim_end_matches(' ');
    body.chars().all(|c| c == first).then_some(first)
}

/// `:field name: body`: the name's range and where the body starts.
pub(super) fn field_marker(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let b = text.as_bytes();
    if b.first() != Some(&b':') || matches!(b.get(1), None | Some(b':') | Some(b' ')) {
        return None;
    }
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b':' => {
                let next = b.get(i + 1);
                if matches!(next, None | Some(b' ') | Some(b'`')) {
                    if next == Some(&b'`') || b[i - 1] == b' ' {
                        return None;
                    }
                    let mut end = i + 1;
                    while b.get(end) == Some(&b' ') {
                        end += 1;
                    }
                    let chars = text[..end.min(text.len())].chars().count();
                    return Some((1..i, chars));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The enumerator of an enumerated list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Enumerator {
    /// `(1)`, `1)` or `1.`.
    format: u8,
    text: String,
    /// Characters up to the item's text.
    end: usize,
}

pub(super) fn enumerator(text: &str) -> Option<Enumerator> {
    let (format, body) = if let Some(rest) = text.strip_prefix('(') { (b'(', rest) } else { (b'.', text) };
    // The longest run that could be an enumerator.
    let run: String = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
    let candidates: Vec<String> = {
        let mut v = Vec::new();
        if run == "#" {
            v.push(run.clone());
        } else if !run.is_empty() && run.chars().all(|c| c.is_ascii_digit()) {
            v.push(run.clone());
        } else if !run.is_empty() && (run.chars().all(|c| "ivxlcdm".contains(c)) || run.chars().all(|c| "IVXLCDM".contains(c))) {
            v.push(run.clone());
            if run.len() > 1 {
                v.push(run[..1].to_string());
            }
        } else if let Some(c) = run.chars().next().filter(|c| c.is_ascii_alphabetic()) {
            v.push(c.to_string());
        }
        v
    };
    for cand in candidates {
        let after = &body[cand.len()..];
        let (fmt, rest) = match (format, after.chars().next()) {
            (b'(', Some(')')) => (b'(', &after[1..]),
            (b'(', _) => continue,
            (_, Some(')')) => (b')', &after[1..]),
            (_, Some('.')) => (b'.', &after[1..]),
            _ => continue,
        };
        if !rest.is_empty() && !rest.starts_with(' ') {
            continue;
        }
        let marker_chars = text.len() - rest.len();
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        return Some(Enumerator { format: fmt, text: cand, end: marker_chars + spaces });
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sequence {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    Auto,
}

fn sequence_matches(seq: Sequence, text: &str) -> bool {
    match seq {
        Sequence::Arabic => !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()),
        Sequence::LowerAlpha => text.len() == 1 && text.chars().all(|c| c.is_ascii_lowercase()),
        Sequence::UpperAlpha => text.len() == 1 && text.chars().all(|c| c.is_ascii_uppercase()),
        Sequence::LowerRoman => !text.is_empty() && text.chars().all(|c| "ivxlcdm".contains(c)),
        Sequence::UpperRoman => !text.is_empty() && text.chars().all(|c| "IVXLCDM".contains(c)),
        Sequence::Auto => text == "#",
    }
}

/// Which sequence an enumerator belongs to and its ordinal (docutils'
/// `parse_enumerator`); `None` as ordinal when it is not a valid number.
fn parse_enumerator(text: &str, expected: Option<Sequence>) -> (Sequence, Option<u64>) {
    let seq = if text == "#" {
        Sequence::Auto
    } else if let Some(e) = expected.filter(|e| sequence_matches(*e, text)) {
        e
    } else if text == "i" {
        Sequence::LowerRoman
    } else if text == "I" {
        Sequence::UpperRoman
    } else {
        [Sequence::Arabic, Sequence::LowerAlpha, Sequence::UpperAlpha, Sequence::LowerRoman, Sequence::UpperRoman]
            .into_iter()
            .find(|s| sequence_matches(*s, text))
            .unwrap_or(Sequence::Arabic)
    };
    let ordinal = match seq {
        Sequence::Auto => Some(1),
        Sequence::Arabic => text.parse().ok(),
        Sequence::LowerAlpha | Sequence::UpperAlpha => text.chars().next().map(|c| (c.to_ascii_lowercase() as u64) - ('a' as u64) + 1),
        Sequence::LowerRoman | Sequence::UpperRoman => roman_value(text),
    };
    (seq, ordinal)
}

/// The value of a Roman numeral written canonically (1 to 4999).
fn roman_value(text: &str) -> Option<u64> {
    let upper = text.to_ascii_uppercase();
    if upper.is_empty() || upper.len() > 16 {
        return None;
    }
    let digits = upper
        .chars()
        .map(|c| match c {
            'I' => Some(1i64),
            'V' => Some(5),
            'X' => Some(10),
            'L' => Some(50),
            'C' => Some(100),
            'D' => Some(500),
            'M' => Some(1000),
            _ => None,
        })
        .collect::<Option<Vec<i64>>>()?;
    let mut total = 0i64;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= d;
        } else {
            total += d;
        }
    }
    if total <= 0 || total >= 5000 || to_roman(total as u64) != upper {
        return None;
    }
    Some(total as u64)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: &[(u64, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The enumerator that would follow `ordinal` in `seq`, in `format`.
fn next_enumerator(ordinal: u64, seq: Sequence, format: u8, text_case_upper: bool) -> Option<String> {
    let n = ordinal.checked_add(1)?;
    let body = match seq {
        Sequence::Auto => "#".to_string(),
        Sequence::Arabic => n.to_string(),
        Sequence::LowerAlpha | Sequence::UpperAlpha => {
            if n > 26 {
                return None;
            }
            let c = (b'a' + (n as u8) - 1) as char;
            if text_case_upper { c.to_ascii_uppercase().to_string() } else { c.to_string() }
        }
        Sequence::LowerRoman => to_roman(n).to_lowercase(),
        Sequence::UpperRoman => to_roman(n),
    };
    Some(match format {
        b'(' => format!("({body}) "),
        b')' => format!("{body}) "),
        _ => format!("{body}. "),
    })
}

fn auto_enumerator(format: u8) -> &'static str {
    match format {
        b'(' => "(#) ",
        b')' => "#) ",
        _ => "#. ",
    }
}

/// docutils' option list marker: `-a`, `-a FILE`, `--long=ARG`, `/V`,
/// joined by `, `, then two spaces or the end of the line. Returns the
/// characters it takes (spaces included) and the options text.
pub(super) fn option_marker(text: &str) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let alnum = |c: u8| c.is_ascii_alphanumeric();
    let alnum_plus = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    // An option argument at `i`: its possible ends.
    let optarg = |i: usize| -> Vec<usize> {
        let mut ends = Vec::new();
        if b.get(i) == Some(&b'<') {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'<' && b[j] != b'>' {
                j += 1;
            }
            if j > i + 1 && b.get(j) == Some(&b'>') {
                ends.push(j + 1);
            }
        } else if b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut j = i + 1;
            while j < b.len() && alnum_plus(b[j]) {
                j += 1;
            }
            // Greedy first, then shorter (regex backtracking).
            ends.extend((i + 1..=j).rev());
        }
        ends
    };
    // One option at `i`: its possible ends, longest first.
    let option = |i: usize| -> Vec<usize> {
        let mut ends = Vec::new();
        if b.get(i) == Some(&b'-') && b.get(i + 1) == Some(&b'-') || b.get(i) == Some(&b'/') {
            let start = if b.get(i) == Some(&b'/') { i + 1 } else { i + 2 };
            if !b.get(start).is_some_and(|&c| alnum(c)) {
                return ends;
            }
            let mut j = start + 1;
            while j < b.len() && alnum_plus(b[j]) {
                j += 1;
            }
            for name_end in (start + 1..=j).rev() {
                if matches!(b.get(name_end), Some(b' ') | Some(b'=')) {
                    ends.extend(optarg(name_end + 1));
                }
                ends.push(name_end);
            }
        } else if matches!(b.get(i), Some(b'-') | Some(b'+')) && b.get(i + 1).is_some_and(|&c| alnum(c)) {
            let name_end = i + 2;
            if b.get(name_end) == Some(&b' ') {
                ends.extend(optarg(name_end + 1));
            }
            ends.extend(optarg(name_end));
            ends.push(name_end);
        }
        ends
    };
    // Options joined by ", ", then "  +" or " ?$". Depth-first with a
    // bounded search (markers are short).
    let mut stack = vec![0usize];
    let mut tries = 0;
    while let Some(start) = stack.pop() {
        tries += 1;
        if tries > 256 {
            return None;
        }
        for end in option(start) {
            let rest = &b[end..];
            if rest.is_empty() || rest == b" " || rest.starts_with(b"  ") {
                let spaces = rest.iter().take_while(|&&c| c == b' ').count();
                let marker = text[..end].to_string();
                return Some((end + spaces, marker));
            }
            if rest.starts_with(b", ") {
                stack.push(end + 2);
            }
        }
    }
    None
}

/// Classifies the first line of a block.
pub(super) fn line_kind(text: &str) -> LineKind {
    if text.starts_with(' ') {
        return LineKind::Indented;
    }
    if bullet(text).is_some() {
        return LineKind::Bullet;
    }
    if enumerator(text).is_some() {
        return LineKind::Enumerator;
    }
    if field_marker(text).is_some() {
        return LineKind::Field;
    }
    if option_marker(text).is_some() {
        return LineKind::Option;
    }
    if marker_then_space(text, ">>>") {
        return LineKind::Doctest;
    }
    if marker_then_space(text, "|") {
        return LineKind::LineBlock;
    }
    if is_grid_border(text) {
        return LineKind::GridTable;
    }
    if is_simple_table_top(text) {
        return LineKind::SimpleTable;
    }
    if marker_then_space(text, "..") {
        return LineKind::Explicit;
    }
    if marker_then_space(text, "__") {
        return LineKind::Anonymous;
    }
    if adornment(text).is_some() {
        return LineKind::Adornment;
    }
    LineKind::Text
}

/// `+-----+---+` (a grid table's top or bottom).
pub(super) fn is_grid_border(text: &str) -> bool {
    let t = text.trim_end_matches(' ');
    t.len() >= 4 && t.starts_with("+-") && t.ends_with("-+") && t.bytes().all(|c| c == b'-' || c == b'+')
}

/// `=====  =====` (a simple table's top: at least two columns).
pub(super) fn is_simple_table_top(text: &str) -> bool {
    let t = text.trim_end_matches(' ');
    t.starts_with('=') && t.contains(' ') && t.bytes().all(|c| c == b'=' || c == b' ') && t.split(' ').filter(|p| !p.is_empty()).count() >= 2
}

/// `(---?(?!-)|—) *(?=[^ \n])`: where an attribution's text starts.
fn attribution_start(text: &str) -> Option<usize> {
    let rest = if let Some(r) = text.strip_prefix("---") {
        r
    } else if let Some(r) = text.strip_prefix("--") {
        r
    } else if let Some(r) = text.strip_prefix('\u{2014}') {
        r
    } else {
        return None;
    };
    if rest.starts_with('-') {
        return None;
    }
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.is_empty() {
        return None;
    }
    Some(text[..text.len() - trimmed.len()].chars().count())
}

impl Reader<'_, '_, '_> {
    /// Reads a region of lines into blocks. `depth` is the number of
    /// containers around the region.
    pub(super) fn parse_region(&mut self, lines: Vec<LineRef>, depth: usize, region: Region) -> Vec<Block> {
        let mut out = Vec::new();
        let mut work = vec![Work::Lines { lines, at: 0, region }];
        while let Some(item) = work.pop() {
            let (lines, mut at, region) = match item {
                Work::Block(b) => {
                    out.push(b);
                    continue;
                }
                Work::Lines { lines, at, region } => (lines, at, region),
            };
            at = self.src.next_nonblank(&lines, at);
            if at >= lines.len() {
                continue;
            }
            let first = region == Region::ListItem && lines[..at].iter().all(|l| self.src.is_blank(*l));
            let mut sink = Sink { out: &mut out, more: Vec::new() };
            let next = self.step(&lines, at, depth, region, first, &mut sink);
            let more = sink.more;
            let next = next.max(at + 1);
            let region = if region == Region::ListItem { Region::Body } else { region };
            work.push(Work::Lines { lines, at: next, region });
            work.extend(more.into_iter().rev());
        }
        out
    }

    /// Reads one construct starting at `lines[at]` (not blank); returns the
    /// index of the line after it.
    fn step(&mut self, lines: &[LineRef], at: usize, depth: usize, region: Region, first_of_item: bool, sink: &mut Sink) -> usize {
        let text = self.src.text(lines[at]).to_string();
        match line_kind(&text) {
            LineKind::Indented => self.block_quote(lines, at, depth, sink),
            LineKind::Bullet => self.bullet_list(lines, at, depth, sink),
            LineKind::Enumerator => match self.enumerated_list(lines, at, depth, sink) {
                Some(next) => next,
                None => self.text_block(lines, at, depth, region, first_of_item, sink),
            },
            LineKind::Field => self.field_list(lines, at, depth, region, sink),
            LineKind::Option => match self.option_list(lines, at, depth, sink) {
                Some(next) => next,
                None => self.text_block(lines, at, depth, region, first_of_item, sink),
            },
            LineKind::Doctest => {
                let end = self.src.text_block(lines, at, false);
                let text = self.join(&lines[at..end]);
                sink.block(Block::Code { language: Some("pycon".into()), text, line_numbers: false, pos: self.pos_of(lines[at]) });
                end
            }
            LineKind::LineBlock => self.line_block(lines, at, sink),
            LineKind::GridTable => self.grid_table(lines, at, depth, sink),
            LineKind::SimpleTable => self.simple_table(lines, at, depth, sink),
            LineKind::Explicit => self.explicit(lines, at, depth, region, sink),
            LineKind::Anonymous => self.anonymous_target(lines, at, sink),
            LineKind::Adornment => match self.adornment_line(lines, at, region, sink) {
                Some(next) => next,
                None => self.text_block(lines, at, depth, region, first_of_item, sink),
            },
            LineKind::Text => self.text_block(lines, at, depth, region, first_of_item, sink),
        }
    }

    /// Lines joined as they are (for literal text), every blank line back.
    pub(super) fn join(&self, lines: &[LineRef]) -> String {
        let mut s = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            if self.src.is_blank(*l) {
                for _ in 1..l.lines {
                    s.push('\n');
                }
            } else {
                s.push_str(self.src.text(*l));
            }
        }
        s
    }

    /// Hands a container's lines back to be read at this level (when it is
    /// nested too deep, or is only a look like `container`). Each line read
    /// again costs: past a budget (an input built to nest without end), the
    /// lines lose their indentation, so that reading them stays linear.
    pub(super) fn flatten(&mut self, sink: &mut Sink, lines: Vec<LineRef>, region: Region) {
        match self.flatten_budget.checked_sub(lines.len()) {
            Some(left) => {
                self.flatten_budget = left;
                sink.lines(lines, region);
            }
            None => {
                self.flatten_budget = 0;
                let flat = lines.into_iter().map(|l| self.src.skip_spaces(l, self.src.indent(l))).collect();
                sink.lines(flat, region);
            }
        }
    }

    /// Parses a container's content at `depth + 1`, or, when that is too
    /// deep, hands its lines back to be read at this level.
    pub(super) fn nested(&mut self, lines: Vec<LineRef>, depth: usize, region: Region, sink: &mut Sink) -> Option<Vec<Block>> {
        let spot = lines.first().map(|l| self.src.start(*l));
        if let Some(spot) = spot
            && !self.may_nest(depth + 1, spot)
        {
            self.flatten(sink, lines, if region == Region::Document { Region::Body } else { region });
            return None;
        }
        Some(self.parse_region(lines, depth + 1, region))
    }

    /// An indented block: one or more block quotes (split by attributions).
    fn block_quote(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> usize {
        let ind = self.src.indented(lines, at);
        self.quote_lines(ind.lines, depth, sink);
        ind.next
    }

    /// Block quotes of (already dedented) lines.
    pub(super) fn quote_lines(&mut self, lines: Vec<LineRef>, depth: usize, sink: &mut Sink) {
        let mut rest = lines;
        while !rest.is_empty() {
            let (content, attribution, remaining) = self.split_attribution(rest);
            let pos = content.first().map_or(Pos::new(1, 1), |l| self.pos_of(*l));
            let attribution = attribution.map(|a| self.inlines(&a));
            let after_list = sink.more.is_empty() && matches!(sink.out.last(), Some(Block::List { .. }));
            match self.nested(content, depth, Region::Body, sink) {
                Some(blocks) if attribution.is_none() && is_indentation(&blocks, after_list) => sink.block(Block::Indent { blocks, pos }),
                Some(blocks) => sink.block(Block::Quote { blocks, attribution, pos }),
                None => {
                    if let Some(a) = attribution {
                        let mut content = vec![Inline::text("\u{2014} ")];
                        content.extend(a);
                        sink.block(Block::Paragraph { content, pos });
                    }
                }
            }
            rest = remaining;
            let blank = rest.iter().take_while(|l| self.src.is_blank(**l)).count();
            rest.drain(..blank);
        }
    }

    /// docutils' `split_attribution`: (quote lines, attribution lines,
    /// lines after the attribution).
    fn split_attribution(&self, lines: Vec<LineRef>) -> (Vec<LineRef>, Option<Vec<LineRef>>, Vec<LineRef>) {
        let mut blank: Option<usize> = None;
        let mut nonblank_seen = false;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if self.src.is_blank(line) {
                blank = Some(i);
                i += 1;
                continue;
            }
            if nonblank_seen
                && blank == Some(i.wrapping_sub(1))
                && let Some(text_start) = attribution_start(self.src.text(line))
            {
                // The lines after it must share one indentation.
                let mut indent = None;
                let mut end = i + 1;
                let mut ok = true;
                while end < lines.len() && !self.src.is_blank(lines[end]) {
                    let own = self.src.indent(lines[end]);
                    if *indent.get_or_insert(own) != own {
                        ok = false;
                        break;
                    }
                    end += 1;
                }
                if ok {
                    let mut a = vec![self.src.skip(line, text_start)];
                    let indent = indent.unwrap_or(0);
                    a.extend(lines[i + 1..end].iter().map(|l| self.src.skip_spaces(*l, indent)));
                    let rest = lines[end..].to_vec();
                    let mut content = lines;
                    content.truncate(i);
                    return (content, Some(a), rest);
                }
                // Not an attribution (its lines are not aligned): quote text.
            }
            nonblank_seen = true;
            i += 1;
        }
        (lines, None, Vec::new())
    }

    /// A list item's lines, from its marker line; the item's body starts
    /// `marker` characters in.
    fn list_item_lines(&self, lines: &[LineRef], at: usize, marker: usize) -> super::source::Indented {
        let text_after = self.src.text(self.src.skip(lines[at], marker));
        if text_after.is_empty() { self.src.first_known_indented(lines, at, marker, false, true) } else { self.src.known_indented(lines, at, marker) }
    }

    /// Parses list items' bodies, or flattens them when too deep; `None`
    /// when flattened.
    fn items(&mut self, bodies: Vec<Vec<LineRef>>, depth: usize, sink: &mut Sink) -> Option<Vec<ListItem>> {
        let spot = bodies.iter().flatten().next().map(|l| self.src.start(*l));
        if let Some(spot) = spot
            && !self.may_nest(depth + 1, spot)
        {
            for body in bodies {
                self.flatten(sink, body, Region::ListItem);
            }
            return None;
        }
        Some(bodies.into_iter().map(|body| ListItem { blocks: self.parse_region(body, depth + 1, Region::ListItem), checked: None }).collect())
    }

    fn bullet_list(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> usize {
        let pos = self.pos_of(lines[at]);
        let Some((mark, _)) = bullet(self.src.text(lines[at])) else { return at + 1 };
        let mut bodies = Vec::new();
        let mut i = at;
        let next = loop {
            let Some((m, marker)) = bullet(self.src.text(lines[i])) else { break i };
            if m != mark {
                break i;
            }
            let item = self.list_item_lines(lines, i, marker);
            bodies.push(item.lines);
            let j = self.src.next_nonblank(lines, item.next);
            if j < lines.len() && bullet(self.src.text(lines[j])).is_some_and(|(m, _)| m == mark) {
                i = j;
            } else {
                break item.next;
            }
        };
        if let Some(items) = self.items(bodies, depth, sink) {
            let tight = is_tight(&items);
            sink.block(Block::List { ordered: None, items, tight, pos });
        }
        next
    }

    /// docutils' `is_enumerated_list_item`: the ordinal is valid and the
    /// next line is blank, indented, or the next item.
    fn enum_item_ok(&self, lines: &[LineRef], at: usize, ordinal: Option<u64>, seq: Sequence, e: &Enumerator) -> bool {
        let Some(ordinal) = ordinal else { return false };
        let Some(next) = lines.get(at + 1) else { return true };
        let next = self.src.text(*next);
        if next.is_empty() || next.starts_with(' ') {
            return true;
        }
        let upper = e.text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        match next_enumerator(ordinal, seq, e.format, upper) {
            Some(n) => {
                next.starts_with(&n) || next.starts_with(auto_enumerator(e.format)) || next == n.trim_end() || next == auto_enumerator(e.format).trim_end()
            }
            None => next.starts_with(auto_enumerator(e.format)),
        }
    }

    fn enumerated_list(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> Option<usize> {
        let first = enumerator(self.src.text(lines[at]))?;
        let (seq, ordinal) = parse_enumerator(&first.text, None);
        if !self.enum_item_ok(lines, at, ordinal, seq, &first) {
            return None;
        }
        let start = ordinal.unwrap_or(1);
        let list_seq = if seq == Sequence::Auto { Sequence::Arabic } else { seq };
        let mut auto = seq == Sequence::Auto;
        let mut last = start;
        let pos = self.pos_of(lines[at]);
        let mut bodies = Vec::new();
        let mut i = at;
        let mut e = first.clone();
        let next = loop {
            let item = self.list_item_lines(lines, i, e.end);
            bodies.push(item.lines);
            let j = self.src.next_nonblank(lines, item.next);
            let Some(n) = lines.get(j).and_then(|l| enumerator(self.src.text(*l))) else { break item.next };
            let (nseq, nord) = parse_enumerator(&n.text, Some(list_seq));
            let fits = n.format == first.format
                && (nseq == Sequence::Auto || (nseq == list_seq && !auto && nord == last.checked_add(1)))
                && self.enum_item_ok(lines, j, nord, nseq, &n);
            if !fits {
                break item.next;
            }
            if nseq == Sequence::Auto {
                auto = true;
            }
            last = nord.unwrap_or(last);
            i = j;
            e = n;
        };
        if let Some(items) = self.items(bodies, depth, sink) {
            let style = match list_seq {
                Sequence::LowerAlpha => NumberStyle::LowerAlpha,
                Sequence::UpperAlpha => NumberStyle::UpperAlpha,
                Sequence::LowerRoman => NumberStyle::LowerRoman,
                Sequence::UpperRoman => NumberStyle::UpperRoman,
                Sequence::Arabic | Sequence::Auto => NumberStyle::Decimal,
            };
            let tight = is_tight(&items);
            sink.block(Block::List { ordered: Some(Ordered { start, style }), items, tight, pos });
        }
        Some(next)
    }

    /// Field lists (and, at the top of a note, its metadata).
    fn field_list(&mut self, lines: &[LineRef], at: usize, depth: usize, region: Region, sink: &mut Sink) -> usize {
        let pos = self.pos_of(lines[at]);
        // A field list that opens the note (before or just after its title)
        // holds the talk's metadata, as Sphinx's file-wide metadata does.
        let docinfo = region == Region::Document
            && sink.more.is_empty()
            && (sink.out.iter().all(|b| matches!(b, Block::Anchor { .. }))
                || (sink.out.len() == 1 && matches!(sink.out[0], Block::Heading { .. }) && self.section_level <= 1));
        let mut fields: Vec<(Vec<Inline>, String, Vec<LineRef>)> = Vec::new();
        let mut i = at;
        let next = loop {
            let line = lines[i];
            let text = self.src.text(line);
            let Some((name_range, body_start)) = field_marker(text) else { break i };
            let name_chars = text[..name_range.start].chars().count();
            let name_len = text[name_range.clone()].chars().count();
            let name_ref = self.src.cut(self.src.skip(line, name_chars), name_len);
            let raw_name = self.src.text(name_ref).to_string();
            let name = self.inline_line(name_ref);
            let body = self.src.first_known_indented(lines, i, body_start, false, true);
            fields.push((name, raw_name, body.lines));
            let j = self.src.next_nonblank(lines, body.next);
            if j < lines.len() && field_marker(self.src.text(lines[j])).is_some() {
                i = j;
            } else {
                break body.next;
            }
        };
        if docinfo {
            // The note's fields: printed under its title, as Sphinx prints
            // a document's field list; the ones that are talk metadata
            // (speakers, date, place, tags) also fill the talk's metadata.
            for (_, raw, body) in fields {
                if self.take_metadata(&raw, &body) == Metadata::Setting {
                    continue;
                }
                let value = self.field_value(body, depth);
                self.meta.fields.push(Field { name: raw.trim().to_string(), value });
            }
            return next;
        }
        let bodies: Vec<Vec<LineRef>> = fields.iter().map(|f| f.2.clone()).collect();
        let spot = bodies.iter().flatten().next().map(|l| self.src.start(*l));
        if let Some(spot) = spot
            && !self.may_nest(depth + 1, spot)
        {
            for (name, _, body) in fields {
                sink.block(Block::Paragraph { content: vec![Inline::Strong { content: name }], pos });
                self.flatten(sink, body, Region::Body);
            }
            return next;
        }
        let items = fields
            .into_iter()
            .map(|(term, _, body)| Definition { term, classifiers: Vec::new(), definitions: vec![self.parse_region(body, depth + 1, Region::Body)] })
            .collect();
        sink.block(Block::DefinitionList { items, pos });
        next
    }

    /// The value of a field of the note's opening field list, as inlines (its
    /// paragraphs joined by spaces).
    fn field_value(&mut self, body: Vec<LineRef>, depth: usize) -> Vec<Inline> {
        let blocks = self.parse_region(body, depth + 1, Region::Body);
        let mut value = Vec::new();
        notes_doc::walk_blocks(&blocks, &mut |b| {
            if let Block::Paragraph { content, .. } = b {
                if !value.is_empty() {
                    value.push(Inline::text(" "));
                }
                value.extend(content.iter().cloned());
            }
        });
        value
    }

    /// Takes a field of the note's opening field list into its metadata, and
    /// says what kind of field it is.
    fn take_metadata(&mut self, name: &str, body: &[LineRef]) -> Metadata {
        let value = body.iter().map(|l| self.src.text(*l).trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
        let split =
            |v: &str| -> Vec<String> { v.split([',', ';']).flat_map(|p| p.split(" and ")).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect() };
        match name.trim().to_lowercase().as_str() {
            "author" | "authors" | "speaker" | "speakers" | "presenter" | "presenters" => {
                self.meta.speakers.extend(split(&value));
                Metadata::Talk
            }
            "date" => {
                self.meta.date = Some(value);
                Metadata::Talk
            }
            "tags" | "keywords" => {
                self.meta.tags.extend(split(&value));
                Metadata::Talk
            }
            "place" | "location" | "venue" | "room" | "where" => {
                self.meta.place = Some(value);
                Metadata::Talk
            }
            // Sphinx's own file-wide settings: not text of the note.
            "orphan" | "nocomments" | "nosearch" | "tocdepth" | "hide-toc" | "no-search" | "html_theme.sidebar_secondary.remove" => Metadata::Setting,
            _ => Metadata::Other,
        }
    }

    fn option_list(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> Option<usize> {
        let pos = self.pos_of(lines[at]);
        let mut items: Vec<(String, Vec<LineRef>)> = Vec::new();
        let mut i = at;
        let next = loop {
            let Some((end, marker)) = option_marker(self.src.text(lines[i])) else { break i };
            let body = self.src.first_known_indented(lines, i, end, false, true);
            if body.lines.iter().all(|l| self.src.is_blank(*l)) {
                if items.is_empty() {
                    return None;
                }
                break i;
            }
            items.push((marker, body.lines));
            let j = self.src.next_nonblank(lines, body.next);
            if j < lines.len() && option_marker(self.src.text(lines[j])).is_some() {
                i = j;
            } else {
                break body.next;
            }
        };
        let spot = items.iter().flat_map(|i| i.1.iter()).next().map(|l| self.src.start(*l));
        if let Some(spot) = spot
            && !self.may_nest(depth + 1, spot)
        {
            for (marker, body) in items {
                sink.block(Block::Paragraph { content: vec![Inline::Code { text: marker }], pos });
                self.flatten(sink, body, Region::Body);
            }
            return Some(next);
        }
        let items = items
            .into_iter()
            .map(|(marker, body)| Definition {
                term: vec![Inline::Code { text: marker }],
                classifiers: Vec::new(),
                definitions: vec![self.parse_region(body, depth + 1, Region::Body)],
            })
            .collect();
        sink.block(Block::DefinitionList { items, pos });
        Some(next)
    }

    /// Line blocks: `| ` lines, continuation lines indented, nesting by
    /// indentation.
    fn line_block(&mut self, lines: &[LineRef], at: usize, sink: &mut Sink) -> usize {
        let pos = self.pos_of(lines[at]);
        let mut items: Vec<(Option<usize>, Vec<Inline>)> = Vec::new();
        let mut i = at;
        let next = loop {
            let text = self.src.text(lines[i]);
            if !marker_then_space(text, "|") {
                break i;
            }
            let spaces = text[1..].len() - text[1..].trim_start_matches(' ').len();
            let indent = if text.trim_end() == "|" { None } else { Some(spaces.saturating_sub(1)) };
            let body = self.src.first_known_indented(lines, i, 1 + spaces, true, true);
            let mut body_lines = body.lines;
            trim_trailing_blank(&self.src, &mut body_lines);
            let content = self.inlines(&body_lines);
            items.push((indent, content));
            if body.blank_finish || body.next >= lines.len() {
                break body.next;
            }
            i = body.next;
        };
        // Missing indents follow the line before; the first is 0.
        let mut indents = Vec::with_capacity(items.len());
        let mut last = 0;
        for (indent, _) in &items {
            last = indent.unwrap_or(last);
            indents.push(last);
        }
        let levels = line_block_levels(&indents);
        let lines_out = items.into_iter().zip(levels).map(|((_, content), level)| Line { indent: level, content }).collect();
        sink.block(Block::LineBlock { lines: lines_out, pos });
        next
    }

    /// `__ url`: an anonymous target.
    fn anonymous_target(&mut self, lines: &[LineRef], at: usize, _sink: &mut Sink) -> usize {
        let text = self.src.text(lines[at]);
        let marker = 2 + text[2..].len() - text[2..].trim_start_matches(' ').len();
        let block = self.src.first_known_indented(lines, at, marker, true, true);
        let spot = self.src.start(lines[at]);
        let reference: Vec<String> = block.lines.iter().map(|l| self.src.text(*l).trim().to_string()).collect();
        let def = self.target_reference(&reference);
        self.anonymous_targets.push((def, spot));
        block.next
    }

    /// An adornment line at the start of a block: a transition or the
    /// overline of a title. `None` when it is text after all.
    fn adornment_line(&mut self, lines: &[LineRef], at: usize, region: Region, sink: &mut Sink) -> Option<usize> {
        let over = self.src.text(lines[at]).trim_end().to_string();
        let over_len = over.chars().count();
        let ch = adornment(&over)?;
        let next = lines.get(at + 1).map(|l| self.src.text(*l).to_string());
        let next_blank = next.as_deref().is_none_or(str::is_empty);
        if region != Region::Document && over == "::" {
            return None;
        }
        if next_blank {
            if over_len < 4 {
                return None;
            }
            sink.block(Block::Rule { pos: self.pos_of(lines[at]) });
            return Some(at + 1);
        }
        let next = next.unwrap_or_default();
        if adornment(&next).is_some() {
            if over_len < 4 {
                return None;
            }
            self.warn(
                "bad-title",
                self.src.start(lines[at]),
                over_len as u32,
                "two adornment lines in a row are neither a title nor a transition; they are kept as text",
            );
            return None;
        }
        // Over- and underlined title.
        let under = lines.get(at + 2).map(|l| self.src.text(*l).trim_end().to_string());
        let title_line = lines[at + 1];
        let title_indent = self.src.indent(title_line);
        let title_ref = self.src.skip_spaces(title_line, title_indent);
        let title_text = self.src.text(title_ref).to_string();
        match under {
            Some(u) if u == over => {}
            _ => {
                if over_len < 4 {
                    return None;
                }
                self.warn(
                    "bad-title",
                    self.src.start(lines[at]),
                    over_len as u32,
                    "this title's overline has no matching underline; the lines are kept as text",
                );
                return None;
            }
        }
        if column_width(&title_text) > over_len && over_len < 4 {
            return None;
        }
        let style = Style { over: Some(ch), under: ch };
        self.title(title_ref, style, region, sink);
        Some(at + 3)
    }

    /// A section title (or, inside a container, a rubric with a warning).
    fn title(&mut self, title: LineRef, style: Style, region: Region, sink: &mut Sink) {
        let pos = self.pos_of(title);
        let spot = self.src.start(title);
        let content = self.inline_line(title);
        let text_len = self.src.text(title).chars().count() as u32;
        if region != Region::Document {
            self.warn_help(
                "section-in-container",
                spot,
                text_len,
                "a section title cannot stand inside a list, quote or directive; it is set as an unnumbered heading",
                "move the title out to the left margin, with a blank line before and after",
            );
            sink.block(Block::Rubric { content, pos });
            return;
        }
        let known = self.title_styles.iter().position(|s| *s == style).map(|i| i + 1);
        let level = match known {
            Some(level) if level <= self.section_level + 1 => level,
            None if self.title_styles.len() == self.section_level => {
                self.title_styles.push(style);
                self.title_styles.len()
            }
            _ => {
                let level = self.section_level + 1;
                self.warn_help(
                    "title-level-inconsistent",
                    spot,
                    text_len,
                    format!("this title's adornment belongs to another level; it is set one level below the section it is in (level {level})"),
                    "give each level of titles its own adornment, used the same way throughout the note",
                );
                level
            }
        };
        self.section_level = level;
        // Labels just before the title name it.
        let mut labels = Vec::new();
        if sink.more.is_empty() {
            while let Some(Block::Anchor { .. }) = sink.out.last() {
                if let Some(Block::Anchor { id, .. }) = sink.out.pop() {
                    labels.push(id);
                }
            }
            labels.reverse();
        }
        let first = !self.seen_heading;
        self.seen_heading = true;
        let plain = notes_doc::plain_text(&content);
        self.define_target(normalize_name(&plain), TargetDef::Section { title: plain.trim().to_string(), first }, spot, false);
        if first {
            self.title_labels.extend(labels);
            labels = Vec::new();
        }
        sink.block(Block::Heading { level: level.min(u8::MAX as usize) as u8, content, id: String::new(), number: None, labels, pos });
    }

    /// A text line: a paragraph, a definition list, or an underlined title.
    fn text_block(&mut self, lines: &[LineRef], at: usize, depth: usize, region: Region, first_of_item: bool, sink: &mut Sink) -> usize {
        let next = lines.get(at + 1).copied();
        match next {
            None => return self.paragraph(lines, at, at + 1, sink),
            Some(n) if self.src.is_blank(n) => return self.paragraph(lines, at, at + 1, sink),
            Some(n) if self.src.indent(n) > 0 => return self.definition_list(lines, at, depth, sink),
            Some(n) => {
                let under_text = self.src.text(n).trim_end().to_string();
                if let Some(ch) = adornment(&under_text) {
                    let title = self.src.text(lines[at]).trim_end().to_string();
                    let short = column_width(&title) > under_text.chars().count() && under_text.chars().count() < 4;
                    if !short {
                        self.title(lines[at], Style { over: None, under: ch }, region, sink);
                        return at + 2;
                    }
                }
            }
        }
        let mut end = self.src.text_block(lines, at + 1, true);
        if first_of_item {
            // The common slip: a nested bullet written without a blank line
            // folds into its item's paragraph. Read it as the list it is.
            if let Some(k) = (at + 1..end).find(|&k| {
                let t = self.src.text(lines[k]);
                t.chars().next().is_some_and(|c| BULLETS.contains(&c)) && t.chars().nth(1) == Some(' ')
            }) {
                let spot = self.src.start(lines[k]);
                self.warn_help(
                    "list-slip",
                    spot,
                    1,
                    "this bullet follows its list item's text without a blank line; docutils would print it as part of the text, it is read as a nested list",
                    "put a blank line between the item's text and the nested list, so that Sphinx reads it the same way",
                );
                end = k;
            }
        }
        self.paragraph(lines, at, end, sink)
    }

    /// A paragraph of `lines[from..to]`, and the literal block its `::`
    /// announces. Returns the index after both.
    fn paragraph(&mut self, lines: &[LineRef], from: usize, to: usize, sink: &mut Sink) -> usize {
        let mut para: Vec<LineRef> = lines[from..to].to_vec();
        let pos = self.pos_of(lines[from]);
        let mut literal = false;
        if let Some(last) = para.last().copied() {
            let text = self.src.text(last);
            let backslashes = text.strip_suffix("::").map(|t| t.len() - t.trim_end_matches('\\').len());
            if backslashes.is_some_and(|n| n % 2 == 0) {
                literal = true;
                let chars = text.chars().count();
                let cut = if text == "::" {
                    None
                } else if text.ends_with(" ::") {
                    Some(self.src.cut(last, chars - 3))
                } else {
                    Some(self.src.cut(last, chars - 1))
                };
                para.pop();
                para.extend(cut);
            }
        }
        if !para.is_empty() {
            let content = self.inlines(&para);
            sink.block(Block::Paragraph { content, pos });
        }
        if !literal {
            return to;
        }
        self.literal_block(lines, to, sink)
    }

    /// The literal block after a `::` paragraph, from `at`: indented, or
    /// quoted (every line starting with the same punctuation).
    fn literal_block(&mut self, lines: &[LineRef], at: usize, sink: &mut Sink) -> usize {
        let start = self.src.next_nonblank(lines, at);
        if start < lines.len() && self.src.indent(lines[start]) > 0 {
            let ind = self.src.indented(lines, start);
            let mut block = ind.lines;
            trim_trailing_blank(&self.src, &mut block);
            if let Some(first) = block.first() {
                let pos = self.pos_of(*first);
                let text = self.join(&block);
                sink.block(Block::Code { language: self.default_language.clone(), text, line_numbers: false, pos });
            }
            return ind.next;
        }
        // A quoted literal block.
        if let Some(first) = lines.get(start)
            && let Some(q) = self.src.text(*first).chars().next().filter(|c| c.is_ascii_punctuation())
        {
            let mut end = start;
            while end < lines.len() && !self.src.is_blank(lines[end]) && self.src.text(lines[end]).starts_with(q) {
                end += 1;
            }
            let pos = self.pos_of(*first);
            let text = self.join(&lines[start..end]);
            sink.block(Block::Code { language: None, text, line_numbers: false, pos });
            return end;
        }
        let spot = lines.get(at.saturating_sub(1)).map_or(super::source::Spot { file: 0, line: 0, col: 0 }, |l| self.src.start(*l));
        self.warn_help(
            "no-literal-block",
            spot,
            2,
            "`::` announces a literal block, but no indented block follows",
            "indent the literal block under the paragraph, after a blank line",
        );
        at
    }

    fn definition_list(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> usize {
        let pos = self.pos_of(lines[at]);
        let mut items: Vec<(LineRef, Vec<LineRef>)> = Vec::new();
        let mut i = at;
        let next = loop {
            let term = lines[i];
            let def = self.src.indented(lines, i + 1);
            items.push((term, def.lines));
            let j = self.src.next_nonblank(lines, def.next);
            let continues = j + 1 < lines.len()
                && line_kind(self.src.text(lines[j])) == LineKind::Text
                && !self.src.is_blank(lines[j + 1])
                && self.src.indent(lines[j + 1]) > 0;
            if continues {
                i = j;
            } else {
                break def.next;
            }
        };
        let spot = items.first().map(|(t, _)| self.src.start(*t));
        if let Some(spot) = spot
            && !self.may_nest(depth + 1, spot)
        {
            for (term, body) in items {
                let content = self.inline_line(term);
                sink.block(Block::Paragraph { content, pos: self.pos_of(term) });
                self.flatten(sink, body, Region::Body);
            }
            return next;
        }
        let mut out = Vec::new();
        for (term, body) in items {
            let inlines = self.inline_line(term);
            let (term, classifiers) = split_classifiers(inlines);
            let blocks = self.parse_region(body, depth + 1, Region::Body);
            out.push(Definition { term, classifiers, definitions: vec![blocks] });
        }
        sink.block(Block::DefinitionList { items: out, pos });
        next
    }
}

/// A term's classifiers: text after ` : ` (outside markup).
fn split_classifiers(inlines: Vec<Inline>) -> (Vec<Inline>, Vec<Vec<Inline>>) {
    let mut parts: Vec<Vec<Inline>> = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                let mut rest = text.as_str();
                loop {
                    match find_classifier_delimiter(rest) {
                        Some((a, b)) => {
                            push_text(parts.last_mut().unwrap_or(&mut Vec::new()), rest[..a].trim_end());
                            parts.push(Vec::new());
                            rest = &rest[b..];
                        }
                        None => {
                            if let Some(last) = parts.last_mut() {
                                push_text(last, rest);
                            }
                            break;
                        }
                    }
                }
            }
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other);
                }
            }
        }
    }
    let mut parts = parts.into_iter();
    let term = parts.next().unwrap_or_default();
    (term, parts.collect())
}

/// ` +: +` in a text: its byte range.
fn find_classifier_delimiter(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find(" :") {
        let colon = i + off + 1;
        if b.get(colon + 1) == Some(&b' ') {
            let mut start = colon - 1;
            while start > 0 && b[start - 1] == b' ' {
                start -= 1;
            }
            let mut end = colon + 1;
            while b.get(end) == Some(&b' ') {
                end += 1;
            }
            return Some((start, end));
        }
        i = colon;
    }
    None
}

/// docutils' line block nesting: each line's level among the nested runs
/// of deeper-indented lines (levels past the nesting limit are merged).
fn line_block_levels(indents: &[usize]) -> Vec<u32> {
    let mut levels = vec![0u32; indents.len()];
    // (range, level): a segment whose least indentation is at `level`.
    let mut stack = vec![(0usize, indents.len(), 0u32)];
    while let Some((from, to, level)) = stack.pop() {
        if from >= to {
            continue;
        }
        let least = indents[from..to].iter().copied().min().unwrap_or(0);
        let mut i = from;
        while i < to {
            if indents[i] <= least || level as usize >= notes_doc::MAX_NESTING {
                levels[i] = level;
                i += 1;
                continue;
            }
            let start = i;
            while i < to && indents[i] > least {
                i += 1;
            }
            stack.push((start, i, level + 1));
        }
    }
    levels
}

/// docutils' compact lists: every item a single paragraph, maybe followed
/// by a nested list.
fn is_tight(items: &[ListItem]) -> bool {
    items.iter().all(|item| match item.blocks.as_slice() {
        [] | [Block::Paragraph { .. }] => true,
        [Block::Paragraph { .. }, rest @ ..] => rest.iter().all(|b| matches!(b, Block::List { .. })),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(bullet("* x"), Some(('*', 2)));
        assert_eq!(bullet("-"), Some(('-', 1)));
        assert_eq!(bullet("*x"), None);
        assert_eq!(bullet("\u{2022}  x"), Some(('\u{2022}', 3)));
        assert_eq!(enumerator("1. x").map(|e| (e.format, e.text, e.end)), Some((b'.', "1".into(), 3)));
        assert_eq!(enumerator("(iv) x").map(|e| (e.format, e.text)), Some((b'(', "iv".into())));
        assert_eq!(enumerator("A) x").map(|e| (e.format, e.text)), Some((b')', "A".into())));
        assert_eq!(enumerator("#. x").map(|e| e.text), Some("#".into()));
        assert!(enumerator("1.5 x").is_none());
        assert!(enumerator("ab. x").is_none());
        assert_eq!(parse_enumerator("v", None), (Sequence::LowerAlpha, Some(22)));
        assert_eq!(parse_enumerator("v", Some(Sequence::LowerRoman)), (Sequence::LowerRoman, Some(5)));
        assert_eq!(parse_enumerator("xiv", None), (Sequence::LowerRoman, Some(14)));
        assert_eq!(parse_enumerator("iiii", None).1, None);
        assert_eq!(field_marker(":name: body"), Some((1..5, 7)));
        assert_eq!(field_marker(":a:b: c"), Some((1..4, 6)));
        assert_eq!(field_marker(":role:`x`"), None);
        assert_eq!(field_marker("::"), None);
        assert_eq!(option_marker("-a  desc").map(|o| o.1), Some("-a".into()));
        assert_eq!(option_marker("-a FILE, --all=FILE  desc").map(|o| o.1), Some("-a FILE, --all=FILE".into()));
        assert_eq!(option_marker("--long"), Some((6, "--long".into())));
        // A marker alone (no description) is not an option list; the reader
        // then reads the line as text.
        assert_eq!(option_marker("-a desc"), Some((7, "-a desc".into())));
        assert_eq!(option_marker("-x"), Some((2, "-x".into())));
        assert_eq!(adornment("-----"), Some('-'));
        assert_eq!(adornment("--=--"), None);
        assert!(is_grid_border("+---+---+"));
        assert!(is_simple_table_top("===  ==="));
        assert!(!is_simple_table_top("======"));
    }

    #[test]
    fn line_block_nesting_follows_docutils() {
        assert_eq!(line_block_levels(&[0, 4, 2]), [0, 2, 1]);
        assert_eq!(line_block_levels(&[0, 2, 2, 0]), [0, 1, 1, 0]);
    }

    #[test]
    fn roman() {
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("MCMXC"), Some(1990));
        assert_eq!(roman_value("IC"), None);
        assert_eq!(to_roman(4), "IV");
    }
}

/// What a field of a note's opening field list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metadata {
    /// The talk's speakers, date, place or tags.
    Talk,
    /// A Sphinx setting for the page (`:orphan:`, `:tocdepth:`): not text.
    Setting,
    /// Any other field: printed as written.
    Other,
}

/// Whether a block quote's content is indentation rather than a quotation
/// (as Sphinx shows it): only lists and paragraphs, with a list first, or
/// right after a list (text and lists indented under a list's item).
fn is_indentation(blocks: &[Block], after_list: bool) -> bool {
    let lists = blocks.iter().filter(|b| matches!(b, Block::List { .. })).count();
    let only_lists_and_text = blocks.iter().all(|b| matches!(b, Block::List { .. } | Block::Paragraph { .. }));
    let list_first = matches!(blocks.first(), Some(Block::List { .. }));
    lists > 0 && only_lists_and_text && (list_first || after_list)
}
