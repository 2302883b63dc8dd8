//! The lines of a reStructuredText note as the parser sees them: tabs
//! expanded to 8-column stops and trailing white space removed (as docutils
//! does), with a way back to the line and character column of the file, and
//! the indentation rules that cut a region of lines into blocks.
//!
//! Nothing here knows what the lines mean; the parser never copies line
//! text, it passes [`LineRef`]s (a slice of one line) around.

use notes_doc::Pos;

/// Columns of a tab stop, as docutils uses.
const TAB_WIDTH: usize = 8;

/// One file's lines: the note itself (file 0) or an included file.
pub struct SourceFile {
    /// Relative to the source folder.
    pub path: String,
    pub lines: Vec<SourceLine>,
    /// Where the `include` directive that brought this file in stands
    /// (the note's own position for nested includes), if it was included.
    pub included_at: Option<Pos>,
    /// The file that included this one (for cycle checks).
    pub parent: Option<u32>,
    /// Lines of the note before this text (a MyST directive's body read
    /// here from a Markdown note): added to every position.
    pub line_offset: u32,
    /// For text written out from a note's (a MyST directive as reST): the
    /// note's line (0-based) of each line, instead of `line_offset`.
    pub line_map: Option<Vec<u32>>,
}

pub struct SourceLine {
    /// Tabs expanded, trailing white space removed.
    pub text: String,
    /// For a line that had tabs: the original column (0-based, in
    /// characters) of each character of `text`.
    pub cols: Option<Vec<u32>>,
    /// Leading spaces of `text` (kept so that indentation costs nothing to
    /// ask for, however deep).
    pub indent: usize,
}

/// The files a note is made of.
#[derive(Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

/// A slice `start..end` (bytes) of one line; `col` is the character column
/// (0-based, tabs expanded) of `start`. Its text never ends in white space.
///
/// A run of blank lines is one blank `LineRef` that stands for `lines` of
/// them: blank lines only ever separate blocks, except in literal text,
/// where [`Reader::join`](super::Reader) gives them all back. So nested
/// regions never walk a run of blank lines more than once per level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef {
    pub file: u32,
    pub line: u32,
    pub start: usize,
    pub end: usize,
    pub col: u32,
    pub lines: u32,
}

/// A place in the sources: file, 0-based line, character column (tabs
/// expanded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

impl Sources {
    /// Adds a file, splitting and cleaning its lines. `text` must already
    /// have `\n` line ends.
    pub fn add(&mut self, path: &str, text: &str, included_at: Option<Pos>, parent: Option<u32>) -> u32 {
        let mut lines: Vec<SourceLine> = text.split('\n').map(clean_line).collect();
        // A final newline does not start another line.
        if text.ends_with('\n') {
            lines.pop();
        }
        self.files.push(SourceFile { path: path.to_string(), lines, included_at, parent, line_offset: 0, line_map: None });
        (self.files.len() - 1) as u32
    }

    /// Every line of a file, whole (runs of blank lines as one).
    pub fn file_lines(&self, file: u32) -> Vec<LineRef> {
        let Some(f) = self.files.get(file as usize) else { return Vec::new() };
        let mut out: Vec<LineRef> = Vec::with_capacity(f.lines.len());
        for (i, l) in f.lines.iter().enumerate() {
            if l.text.is_empty()
                && let Some(last) = out.last_mut()
                && last.start >= last.end
            {
                last.lines += 1;
                continue;
            }
            out.push(LineRef { file, line: i as u32, start: 0, end: l.text.len(), col: 0, lines: 1 });
        }
        out
    }

    /// The text of a line slice.
    pub fn text(&self, r: LineRef) -> &str {
        self.files.get(r.file as usize).and_then(|f| f.lines.get(r.line as usize)).and_then(|l| l.text.get(r.start..r.end)).unwrap_or("")
    }

    /// The spot where a line slice starts.
    pub fn start(&self, r: LineRef) -> Spot {
        Spot { file: r.file, line: r.line, col: r.col }
    }

    /// The position in the note a spot stands for: in an included file,
    /// the position of the `include` directive.
    pub fn pos(&self, spot: Spot) -> Pos {
        let Some(file) = self.files.get(spot.file as usize) else { return Pos::new(1, 1) };
        if let Some(at) = file.included_at {
            return at;
        }
        let col =
            file.lines.get(spot.line as usize).and_then(|l| l.cols.as_ref()).map_or(spot.col, |cols| cols.get(spot.col as usize).copied().unwrap_or(spot.col));
        let line = match &file.line_map {
            Some(map) => map.get(spot.line as usize).or(map.last()).copied().unwrap_or(0),
            None => spot.line + file.line_offset,
        };
        Pos::new(line + 1, col + 1)
    }

    /// For a spot in an included file: which file and line, for messages.
    pub fn where_included(&self, spot: Spot) -> Option<String> {
        let file = self.files.get(spot.file as usize)?;
        file.included_at?;
        Some(format!("{} line {}", file.path, spot.line + 1))
    }

    /// A line slice with its first `n` characters removed.
    pub fn skip(&self, r: LineRef, n: usize) -> LineRef {
        let text = self.text(r);
        let (bytes, chars) = match text.char_indices().nth(n) {
            Some((b, _)) => (b, n),
            None => (text.len(), text.chars().count()),
        };
        LineRef { start: r.start + bytes, col: r.col + chars as u32, ..r }
    }

    /// A line slice cut to its first `n` characters, trailing white space
    /// removed.
    pub fn cut(&self, r: LineRef, n: usize) -> LineRef {
        let text = self.text(r);
        let n = text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
        let kept = text[..n].trim_end().len();
        LineRef { end: r.start + kept, ..r }
    }

    /// Leading spaces of a line slice.
    pub fn indent(&self, r: LineRef) -> usize {
        if r.start >= r.end {
            return 0;
        }
        let line = self.files.get(r.file as usize).and_then(|f| f.lines.get(r.line as usize));
        match line {
            // A slice that starts in its line's indentation (spaces, one
            // byte each): the rest of that indentation.
            Some(l) if r.start < l.indent => l.indent - r.start,
            _ => {
                let text = self.text(r);
                text.len() - text.trim_start_matches(' ').len()
            }
        }
    }

    /// A line slice without its first `n` characters, which are spaces.
    pub fn skip_spaces(&self, r: LineRef, n: usize) -> LineRef {
        let n = n.min(r.end.saturating_sub(r.start));
        LineRef { start: r.start + n, col: r.col + n as u32, ..r }
    }

    pub fn is_blank(&self, r: LineRef) -> bool {
        r.start >= r.end
    }

    /// The slice of columns `left..right` (characters) of a line slice,
    /// trailing white space removed (for table cells).
    pub fn columns(&self, r: LineRef, left: usize, right: usize) -> LineRef {
        let text = self.text(r);
        let byte_of = |col: usize| text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
        let start = byte_of(left);
        let end = byte_of(right).max(start);
        let kept = text[start..end].trim_end().len();
        LineRef { start: r.start + start, end: r.start + start + kept, col: r.col + left.min(text.chars().count()) as u32, ..r }
    }
}

/// Expands tabs and drops trailing white space and NUL characters (NUL
/// marks escapes inside the parser).
fn clean_line(line: &str) -> SourceLine {
    let line = line.trim_end();
    let needs_work = line.bytes().any(|b| matches!(b, b'\t' | 0 | 0x0b | 0x0c));
    if !needs_work {
        let indent = line.len() - line.trim_start_matches(' ').len();
        return SourceLine { text: line.to_string(), cols: None, indent };
    }
    let mut text = String::with_capacity(line.len() + 16);
    let mut cols = Vec::with_capacity(line.len() + 16);
    let mut col = 0usize;
    for (orig, c) in line.chars().enumerate() {
        match c {
            '\t' => {
                let next = (col / TAB_WIDTH + 1) * TAB_WIDTH;
                while col < next {
                    text.push(' ');
                    cols.push(orig as u32);
                    col += 1;
                }
            }
            // docutils turns vertical tabs and form feeds into spaces.
            '\u{b}' | '\u{c}' => {
                text.push(' ');
                cols.push(orig as u32);
                col += 1;
            }
            '\0' => {
                text.push('\u{fffd}');
                cols.push(orig as u32);
                col += 1;
            }
            c => {
                text.push(c);
                cols.push(orig as u32);
                col += 1;
            }
        }
    }
    let kept = text.trim_end().len();
    text.truncate(kept);
    let kept_chars = text.chars().count();
    cols.truncate(kept_chars);
    let indent = text.len() - text.trim_start_matches(' ').len();
    SourceLine { text, cols: Some(cols), indent }
}

/// An indented block taken from a region of lines.
pub struct Indented {
    pub lines: Vec<LineRef>,
    /// Index of the first line after the block.
    pub next: usize,
    /// Whether the block ended with a blank line (or the region's end).
    pub blank_finish: bool,
}

impl Sources {
    /// docutils' `get_indented`: from `lines[at]`, the lines that are
    /// indented (or blank), until a line at column 0. With `first_indent`,
    /// the first line is taken whatever it holds and cut by that many
    /// characters; with `block_indent`, lines must be indented at least
    /// that much and are cut by it; otherwise the smallest indentation is
    /// removed. Leading blank lines are dropped unless `keep_top`.
    #[allow(clippy::too_many_arguments)]
    pub fn indented_block(
        &self,
        lines: &[LineRef],
        at: usize,
        until_blank: bool,
        strip_indent: bool,
        block_indent: Option<usize>,
        first_indent: Option<usize>,
        keep_top: bool,
    ) -> Indented {
        let first_indent = first_indent.or(block_indent);
        let mut indent = block_indent;
        let mut end = at;
        if first_indent.is_some() {
            end += 1;
        }
        let mut blank_finish = true;
        while end < lines.len() {
            let line = lines[end];
            let text = self.text(line);
            if !text.is_empty() {
                let own = self.indent(line);
                let too_little = own == 0 || block_indent.is_some_and(|b| own < b);
                if too_little {
                    blank_finish = end > at && self.is_blank(lines[end - 1]);
                    break;
                }
                if block_indent.is_none() {
                    indent = Some(indent.map_or(own, |i| i.min(own)));
                }
            } else if until_blank {
                blank_finish = true;
                break;
            }
            end += 1;
        }
        let mut block: Vec<LineRef> = lines[at.min(lines.len())..end.min(lines.len())].to_vec();
        let mut rest_from = 0;
        if let (Some(first), Some(line)) = (first_indent, block.first_mut()) {
            *line = self.skip(*line, first);
            rest_from = 1;
        }
        if strip_indent
            && let Some(indent) = indent
            && indent > 0
        {
            for line in block.iter_mut().skip(rest_from) {
                let own = self.indent(*line);
                *line = self.skip_spaces(*line, indent.min(own));
            }
        }
        if !keep_top {
            // Leading blank lines are not part of the block.
            let leading = block.iter().take_while(|l| self.is_blank(**l)).count();
            block.drain(..leading);
        }
        Indented { lines: block, next: end, blank_finish }
    }

    /// docutils' `get_indented` with its usual arguments: the smallest
    /// indentation removed.
    pub fn indented(&self, lines: &[LineRef], at: usize) -> Indented {
        self.indented_block(lines, at, false, true, None, None, false)
    }

    /// The block of a list item, field, footnote or directive: its first
    /// line cut at `first` bytes, then the lines indented under it.
    pub fn first_known_indented(&self, lines: &[LineRef], at: usize, first: usize, until_blank: bool, strip_indent: bool) -> Indented {
        self.indented_block(lines, at, until_blank, strip_indent, None, Some(first), false)
    }

    /// A list item whose text starts on the marker line: the lines indented
    /// at least `indent`.
    pub fn known_indented(&self, lines: &[LineRef], at: usize, indent: usize) -> Indented {
        self.indented_block(lines, at, false, true, Some(indent), None, false)
    }

    /// The first line at or after `at` that is not blank.
    pub fn next_nonblank(&self, lines: &[LineRef], mut at: usize) -> usize {
        while at < lines.len() && self.is_blank(lines[at]) {
            at += 1;
        }
        at
    }

    /// docutils' `get_text_block`: lines from `at` up to a blank line; with
    /// `flush_left`, also up to an indented line.
    pub fn text_block(&self, lines: &[LineRef], at: usize, flush_left: bool) -> usize {
        let mut end = at;
        while end < lines.len() {
            let line = lines[end];
            if self.is_blank(line) || (flush_left && self.indent(line) > 0) {
                break;
            }
            end += 1;
        }
        end
    }
}

/// Lines without trailing blank ones.
pub fn trim_trailing_blank(sources: &Sources, lines: &mut Vec<LineRef>) {
    while lines.last().is_some_and(|l| sources.is_blank(*l)) {
        lines.pop();
    }
}

/// The width of text in columns, East Asian wide characters counting two
/// and combining marks none (docutils' `column_width`), as Unicode's East
/// Asian Width property says.
pub fn column_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_to_eight_columns_and_map_back() {
        let mut s = Sources::default();
        let f = s.add("a.rst", "a\tb\n\tx  \n", None, None);
        let lines = s.file_lines(f);
        assert_eq!(lines.len(), 2);
        assert_eq!(s.text(lines[0]), "a       b");
        assert_eq!(s.text(lines[1]), "        x");
        // `x` is the second character of its line.
        let x = s.skip(lines[1], 8);
        assert_eq!(s.pos(s.start(x)), Pos::new(2, 2));
        let b = s.skip(lines[0], 8);
        assert_eq!(s.pos(s.start(b)), Pos::new(1, 3));
    }

    #[test]
    fn indented_blocks() {
        let mut s = Sources::default();
        let f = s.add("a.rst", "* item\n  more\n\n   deeper\nout\n", None, None);
        let lines = s.file_lines(f);
        let block = s.known_indented(&lines, 0, 2);
        let texts: Vec<&str> = block.lines.iter().map(|l| s.text(*l)).collect();
        assert_eq!(texts, ["item", "more", "", " deeper"]);
        assert_eq!(block.next, 4);
        assert!(!block.blank_finish);
    }

    #[test]
    fn widths() {
        assert_eq!(column_width("abc"), 3);
        assert_eq!(column_width("日本"), 4);
        assert_eq!(column_width("e\u{301}"), 1);
    }
}
