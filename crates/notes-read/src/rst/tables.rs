//! Grid and simple tables, ported from docutils' `tableparser.py`: a grid
//! table is traced cell by cell from its corners (so cells may span rows
//! and columns), a simple table is cut into columns by its top border and
//! into rows by its first column. A table that cannot be read is kept as a
//! code block, with a warning. Tracing has a work budget, so no input can
//! make it slow.

use std::collections::BTreeSet;

use notes_doc::{Align, Block, Cell, Row};

use super::Reader;
use super::blocks::{Region, Sink, is_grid_border};
use super::source::LineRef;

/// A cell found in a table: its corners (rows and columns of the text
/// grid) and its content lines.
struct TableCell {
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
    lines: Vec<LineRef>,
}

/// A table's structure: header and body rows of cells (with spans).
struct Parsed {
    columns: usize,
    /// (row, column, rows spanned, columns spanned, lines), rows numbered from 0.
    cells: Vec<(usize, usize, u32, u32, Vec<LineRef>)>,
    header_rows: usize,
}

struct GridParser<'g> {
    grid: &'g [Vec<char>],
    bottom: usize,
    right: usize,
    budget: usize,
}

impl GridParser<'_> {
    fn at(&self, row: usize, col: usize) -> char {
        self.grid.get(row).and_then(|l| l.get(col)).copied().unwrap_or(' ')
    }

    fn spend(&mut self) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        Some(())
    }

    fn scan_right(&mut self, top: usize, left: usize, rows: &mut Vec<usize>, cols: &mut Vec<usize>) -> Option<(usize, usize)> {
        for i in left + 1..=self.right {
            self.spend()?;
            match self.at(top, i) {
                '+' => {
                    let (mut r, mut c) = (Vec::new(), vec![i]);
                    if let Some(bottom) = self.scan_down(top, left, i, &mut r, &mut c) {
                        rows.extend(r);
                        cols.extend(c);
                        return Some((bottom, i));
                    }
                }
                '-' => {}
                _ => return None,
            }
        }
        None
    }

    fn scan_down(&mut self, top: usize, left: usize, right: usize, rows: &mut Vec<usize>, cols: &mut Vec<usize>) -> Option<usize> {
        for i in top + 1..=self.bottom {
            self.spend()?;
            match self.at(i, right) {
                '+' => {
                    let (mut r, mut c) = (vec![i], Vec::new());
                    if self.scan_left(top, left, i, right, &mut r, &mut c).is_some() {
                        rows.extend(r);
                        cols.extend(c);
                        return Some(i);
                    }
                }
                '|' => {}
                _ => return None,
            }
        }
        None
    }

    fn scan_left(&mut self, top: usize, left: usize, bottom: usize, right: usize, rows: &mut Vec<usize>, cols: &mut Vec<usize>) -> Option<()> {
        for i in (left + 1..right).rev() {
            self.spend()?;
            match self.at(bottom, i) {
                '+' => cols.push(i),
                '-' => {}
                _ => return None,
            }
        }
        if self.at(bottom, left) != '+' {
            return None;
        }
        for i in (top + 1..bottom).rev() {
            self.spend()?;
            match self.at(i, left) {
                '+' => rows.push(i),
                '|' => {}
                _ => return None,
            }
        }
        Some(())
    }
}

impl Reader<'_, '_, '_> {
    /// A grid table starting at `lines[at]`.
    pub(super) fn grid_table(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> usize {
        let end = self.src.text_block(lines, at, true);
        let mut block: Vec<LineRef> = lines[at..end].to_vec();
        // The left edge: every line starts with `+` or `|`.
        if let Some(i) = block.iter().position(|l| !self.src.text(*l).starts_with(['+', '|'])) {
            block.truncate(i);
        }
        // The bottom border: the last line, or the last border line.
        if block.last().is_none_or(|l| !is_grid_border(self.src.text(*l))) {
            match (2..block.len().saturating_sub(1)).rev().find(|&i| is_grid_border(self.src.text(block[i]))) {
                Some(i) => block.truncate(i + 1),
                None => return self.malformed_table(&block, at, "its bottom border is missing", sink),
            }
        }
        let next = at + block.len();
        if block.len() < 3 {
            return self.malformed_table(&block, at, "it has no row between its borders", sink);
        }
        let width = self.src.text(block[0]).chars().count();
        let grid: Vec<Vec<char>> = block.iter().map(|l| self.src.text(*l).chars().collect()).collect();
        if grid.iter().any(|l| l.len() != width || !matches!(l.last(), Some('+') | Some('|'))) {
            return self.malformed_table(&block, at, "its lines are not all as wide as its top border", sink);
        }
        match self.parse_grid(&block, grid) {
            Ok(parsed) => self.build_table(parsed, lines[at], depth, sink),
            Err(why) => return self.malformed_table(&block, at, why, sink),
        }
        next
    }

    fn parse_grid(&self, block: &[LineRef], mut grid: Vec<Vec<char>>) -> Result<Parsed, &'static str> {
        // The head/body separator `+===+`.
        let mut head_sep = None;
        for (i, line) in grid.iter_mut().enumerate() {
            let text: String = line.iter().collect();
            let t = text.trim_end();
            if t.starts_with("+=") && t.ends_with("=+") && t.len() >= 4 && t.bytes().all(|c| c == b'=' || c == b'+') {
                if head_sep.is_some() {
                    return Err("it has more than one header separator");
                }
                head_sep = Some(i);
                for c in line.iter_mut() {
                    if *c == '=' {
                        *c = '-';
                    }
                }
            }
        }
        if head_sep == Some(0) || head_sep == Some(grid.len() - 1) {
            return Err("its header separator is its first or last line");
        }
        let bottom = grid.len() - 1;
        let right = grid[0].len() - 1;
        let budget = 64 * grid.len() * grid[0].len() + 100_000;
        let mut p = GridParser { grid: &grid, bottom, right, budget };
        let mut done: Vec<Option<usize>> = vec![None; right + 1];
        let mut cells = Vec::new();
        let mut rowseps: BTreeSet<usize> = BTreeSet::from([0]);
        let mut colseps: BTreeSet<usize> = BTreeSet::from([0]);
        let mut corners: BTreeSet<(usize, usize)> = BTreeSet::from([(0, 0)]);
        while let Some((top, left)) = corners.pop_first() {
            if top == bottom || left == right || done[left].is_some_and(|d| top <= d) {
                continue;
            }
            if p.at(top, left) != '+' {
                continue;
            }
            let (mut rs, mut cs) = (Vec::new(), Vec::new());
            let Some((cell_bottom, cell_right)) = p.scan_right(top, left, &mut rs, &mut cs) else {
                if p.budget == 0 {
                    return Err("it is too large to trace");
                }
                continue;
            };
            rowseps.extend(rs);
            colseps.extend(cs);
            for d in done.iter_mut().take(cell_right).skip(left) {
                *d = Some(cell_bottom - 1);
            }
            let cell_lines = block[top + 1..cell_bottom].iter().map(|l| self.src.columns(*l, left + 1, cell_right)).collect();
            cells.push(TableCell { top, left, bottom: cell_bottom, right: cell_right, lines: cell_lines });
            corners.insert((top, cell_right));
            corners.insert((cell_bottom, left));
        }
        if done.iter().take(right).any(|d| *d != Some(bottom - 1)) {
            return Err("its cells do not fit together");
        }
        let rows: Vec<usize> = rowseps.into_iter().collect();
        let cols: Vec<usize> = colseps.into_iter().collect();
        let row_of = |r: usize| rows.binary_search(&r).ok();
        let col_of = |c: usize| cols.binary_search(&c).ok();
        let mut out = Vec::new();
        for c in cells {
            let (Some(r0), Some(r1), Some(c0), Some(c1)) = (row_of(c.top), row_of(c.bottom), col_of(c.left), col_of(c.right)) else {
                return Err("its cells do not fit together");
            };
            out.push((r0, c0, (r1 - r0) as u32, (c1 - c0) as u32, self.dedent_cell(c.lines)));
        }
        let header_rows = head_sep.and_then(row_of).unwrap_or(0);
        Ok(Parsed { columns: cols.len().saturating_sub(1), cells: out, header_rows })
    }

    /// A cell's lines without their common indentation.
    fn dedent_cell(&self, lines: Vec<LineRef>) -> Vec<LineRef> {
        let indent = lines.iter().filter(|l| !self.src.is_blank(**l)).map(|l| self.src.indent(*l)).min().unwrap_or(0);
        let mut lines: Vec<LineRef> = lines.into_iter().map(|l| self.src.skip_spaces(l, indent.min(self.src.indent(l)))).collect();
        let leading = lines.iter().take_while(|l| self.src.is_blank(**l)).count();
        lines.drain(..leading);
        super::source::trim_trailing_blank(&self.src, &mut lines);
        lines
    }

    /// A simple table starting at `lines[at]`.
    pub(super) fn simple_table(&mut self, lines: &[LineRef], at: usize, depth: usize, sink: &mut Sink) -> usize {
        let top_len = self.src.text(lines[at]).trim().chars().count();
        let is_border = |t: &str| t.starts_with('=') && t.bytes().all(|c| c == b'=' || c == b' ');
        let mut found = 0;
        let mut found_at = None;
        let mut end = None;
        let mut i = at + 1;
        while i < lines.len() {
            let t = self.src.text(lines[i]);
            if is_border(t) {
                if t.trim().chars().count() != top_len {
                    return self.malformed_table(&lines[at..=i], at, "a border does not match its top border", sink);
                }
                found += 1;
                found_at = Some(i);
                if found == 2 || i + 1 == lines.len() || self.src.is_blank(lines[i + 1]) {
                    end = Some(i);
                    break;
                }
            }
            i += 1;
        }
        let Some(end) = end else {
            // As docutils: the table ends at the last border found, if any.
            return match found_at {
                Some(last) => self.malformed_table(&lines[at..=last], at, "no blank line follows its bottom border", sink),
                None => self.malformed_table(&lines[at..], at, "its bottom border is missing", sink),
            };
        };
        let block = &lines[at..=end];
        match self.parse_simple(block) {
            Ok(parsed) => self.build_table(parsed, lines[at], depth, sink),
            Err(why) => return self.malformed_table(block, at, why, sink),
        }
        end + 1
    }

    fn parse_simple(&self, block: &[LineRef]) -> Result<Parsed, &'static str> {
        let texts: Vec<Vec<char>> = block.iter().map(|l| self.src.text(*l).chars().collect()).collect();
        let n = texts.len();
        let is_sep = |t: &[char]| !t.is_empty() && t[0] == '=' && t.iter().all(|c| *c == '=' || *c == ' ');
        let mut head_sep = None;
        for (i, t) in texts.iter().enumerate().take(n - 1).skip(1) {
            if is_sep(t) {
                if head_sep.is_some() {
                    return Err("it has more than one header separator");
                }
                head_sep = Some(i);
            }
        }
        let spans = |t: &[char]| -> Vec<(usize, usize)> {
            let mut cols = Vec::new();
            let mut i = 0;
            while i < t.len() {
                if t[i] == '-' || t[i] == '=' {
                    let start = i;
                    while i < t.len() && (t[i] == '-' || t[i] == '=') {
                        i += 1;
                    }
                    cols.push((start, i));
                } else {
                    i += 1;
                }
            }
            cols
        };
        let mut columns = spans(&texts[0]);
        if columns.is_empty() {
            return Err("its top border has no columns");
        }
        let border_end = columns[columns.len() - 1].1;
        let is_span = |t: &[char]| !t.is_empty() && (t[0] == '-' || t[0] == '=') && t.iter().all(|c| matches!(c, '-' | '=' | ' '));
        let (first_start, first_end) = columns[0];
        // Rows: (first line index, end line index exclusive, span line index).
        let mut rows: Vec<(usize, usize, Option<usize>)> = Vec::new();
        let mut start = 1;
        let mut text_found = false;
        for offset in 1..n {
            let t = &texts[offset];
            if is_span(t) {
                if offset > start {
                    rows.push((start, offset, Some(offset)));
                }
                start = offset + 1;
                text_found = false;
            } else if t.get(first_start..first_end.min(t.len())).is_some_and(|s| s.iter().any(|c| !c.is_whitespace())) {
                if text_found && offset != start {
                    rows.push((start, offset, None));
                }
                start = offset;
                text_found = true;
            } else if !text_found {
                start = offset + 1;
            }
        }
        let mut cells = Vec::new();
        let mut header_rows = 0;
        for (r, (from, to, span)) in rows.iter().enumerate() {
            if *from >= *to {
                continue;
            }
            let mut cols = match span {
                Some(s) if *s != n - 1 && Some(*s) != head_sep => {
                    let mut c = spans(&texts[*s]);
                    if c.last().map(|l| l.1) != Some(border_end) {
                        return Err("a column span line is incomplete");
                    }
                    if let (Some(last), Some(main)) = (c.last_mut(), columns.last()) {
                        last.1 = main.1;
                    }
                    c
                }
                _ => columns.clone(),
            };
            // Text past the last column widens it; text in a margin is an error.
            let last = cols.len() - 1;
            for line in &texts[*from..*to] {
                for (i, &(_, end)) in cols.clone().iter().enumerate() {
                    let next_start = cols.get(i + 1).map_or(usize::MAX, |c| c.0);
                    if i == last {
                        let beyond = line.get(end..).is_some_and(|s| s.iter().any(|c| !c.is_whitespace()));
                        if beyond {
                            let text_end = line.iter().rposition(|c| !c.is_whitespace()).map_or(end, |p| p + 1);
                            cols[i].1 = cols[i].1.max(text_end);
                            if let Some(main) = columns.last_mut() {
                                main.1 = main.1.max(text_end);
                            }
                        }
                    } else if line.get(end..next_start.min(line.len())).is_some_and(|s| s.iter().any(|c| !c.is_whitespace())) {
                        return Err("there is text between its columns");
                    }
                }
            }
            // Which main columns each cell spans.
            let mut ci = 0;
            for &(cstart, cend) in &cols {
                let Some(&(mstart, _)) = columns.get(ci) else { return Err("its column spans do not line up") };
                if cstart != mstart {
                    return Err("its column spans do not line up");
                }
                let first_col = ci;
                while columns.get(ci).is_some_and(|m| m.1 < cend) {
                    ci += 1;
                }
                if columns.get(ci).is_none() {
                    return Err("its column spans do not line up");
                }
                let cell_lines = block[*from..*to].iter().map(|l| self.src.columns(*l, cstart, cend.max(cstart))).collect();
                cells.push((r, first_col, 1, (ci - first_col + 1) as u32, self.dedent_cell(cell_lines)));
                ci += 1;
            }
            if head_sep.is_some_and(|h| *from < h) {
                header_rows = r + 1;
            }
        }
        // Renumber rows without gaps (skipped empty rows).
        let mut used: Vec<usize> = cells.iter().map(|c| c.0).collect();
        used.sort_unstable();
        used.dedup();
        for c in &mut cells {
            c.0 = used.binary_search(&c.0).unwrap_or(0);
        }
        let header_rows = used.iter().filter(|r| **r < header_rows).count();
        Ok(Parsed { columns: columns.len(), cells, header_rows })
    }

    /// Turns a parsed table into a block, its cells read at `depth + 1`.
    fn build_table(&mut self, parsed: Parsed, first: LineRef, depth: usize, sink: &mut Sink) {
        let pos = self.pos_of(first);
        if !self.may_nest(depth + 1, self.src.start(first)) {
            for (_, _, _, _, lines) in parsed.cells {
                self.flatten(sink, lines, Region::Body);
            }
            return;
        }
        let nrows = parsed.cells.iter().map(|c| c.0 + 1).max().unwrap_or(0);
        let mut rows: Vec<Row> = (0..nrows).map(|_| Row { cells: Vec::new() }).collect();
        for (r, _c, rowspan, colspan, lines) in parsed.cells {
            let blocks = self.parse_region(lines, depth + 1, Region::Body);
            if let Some(row) = rows.get_mut(r) {
                row.cells.push(Cell { blocks, colspan: colspan.max(1), rowspan: rowspan.max(1) });
            }
        }
        let body = rows.split_off(parsed.header_rows.min(rows.len()));
        sink.block(Block::Table { caption: None, columns: vec![Align::Default; parsed.columns], header: rows, rows: body, pos });
    }

    fn malformed_table(&mut self, block: &[LineRef], at: usize, why: &str, sink: &mut Sink) -> usize {
        let Some(first) = block.first() else { return at + 1 };
        self.warn_help(
            "malformed-table",
            self.src.start(*first),
            1,
            format!("this table cannot be read: {why}; it is kept as written, in a code block"),
            "check that every row and column line meets the others at `+` and that all lines have the same width",
        );
        let text = self.join(block);
        sink.block(Block::Code { language: None, text, line_numbers: false, pos: self.pos_of(*first) });
        at + block.len()
    }
}
