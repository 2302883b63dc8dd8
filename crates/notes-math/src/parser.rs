//! A recursive-descent parser for the LaTeX math subset in [`crate::symbols`].
//!
//! Every recursive step goes through [`Parser::parse_row`] or
//! [`Parser::parse_arg`], both of which count nesting against
//! [`crate::MAX_DEPTH`]; so no input can overflow the stack, and the parser
//! runs in time linear in the input.

use crate::MAX_DEPTH;
use crate::ast::{Align, Class, Env, EnvKind, Font, Frac, Func, Limits, LimitsOverride, Node, Scripts, Space, Symbol, Text, TextPart};
use crate::error::{MathError, MathErrorKind as K};
use crate::symbols::{self, Cmd};

/// The result of parsing: the root row plus the removed label and tag.
pub(crate) struct Parsed {
    pub root: Vec<Node>,
    pub label: Option<String>,
    pub tag: Option<String>,
}

/// Parses a whole formula.
pub(crate) fn parse(src: &str) -> Result<Parsed, MathError> {
    check_chars(src)?;
    let mut p = Parser { src, pos: 0, depth: 0, left_depth: 0, label: None, tag: None, hline: false, last_sep: (0, 0) };
    let root = p.parse_root()?;
    Ok(Parsed { root, label: p.label, tag: p.tag })
}

/// Refuses characters that cannot appear in XML 1.0 (and so neither in the
/// MathML nor in its `alttext`), and other control characters.
fn check_chars(src: &str) -> Result<(), MathError> {
    for (i, c) in src.char_indices() {
        let bad = match c {
            '\t' | '\n' | '\r' => false,
            c if c.is_control() => true,
            '\u{FFFE}' | '\u{FFFF}' => true,
            _ => false,
        };
        if bad {
            return Err(MathError::new(K::UnexpectedCharacter, i, c.to_string()));
        }
    }
    Ok(())
}

/// A lexical token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    /// End of input.
    Eof,
    /// `{`
    BeginGroup,
    /// `}`
    EndGroup,
    /// `^`
    Sup,
    /// `_`
    Sub,
    /// `'`
    Prime,
    /// `&`
    Amp,
    /// `\name`
    Cmd(&'a str),
    /// `\` followed by one non-letter (`\,`, `\{`, `\\`, …).
    CtrlSym(char),
    /// Any other character.
    Char(char),
}

/// Where a row ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The whole formula: ends at the end of input; `&` and `\\` allowed.
    Root,
    /// `{…}`.
    Group,
    /// `[…]` (optional argument).
    Optional,
    /// `\left … \right`.
    Right,
    /// A cell of an environment: ends at `&`, `\\` or `\end`.
    Cell,
    /// `$…$` inside `\text{…}`.
    TextMath,
}

/// What ended a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The closer of the row's [`Stop`] (consumed).
    Close,
    /// `&` (consumed).
    Amp,
    /// `\\` (consumed).
    NewRow,
    /// `\end` (not consumed).
    EnvClose,
    /// `\right` (not consumed).
    Right,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    left_depth: usize,
    label: Option<String>,
    tag: Option<String>,
    /// Set by `\hline` inside an environment cell.
    hline: bool,
    /// Byte range of the last `&` or `\\` that ended a cell.
    last_sep: (usize, usize),
}

type PResult<T> = Result<T, MathError>;

impl<'a> Parser<'a> {
    // ----- lexing -------------------------------------------------------

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skips whitespace and `%` comments.
    fn skip_ws(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with('%') {
                match trimmed.find('\n') {
                    Some(n) => self.pos += n + 1,
                    None => self.pos = self.src.len(),
                }
            } else {
                return;
            }
        }
    }

    /// Returns the next token and its byte range without consuming it.
    fn peek(&mut self) -> (Tok<'a>, usize, usize) {
        self.skip_ws();
        let start = self.pos;
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return (Tok::Eof, start, start);
        };
        let one = start + c.len_utf8();
        let tok = match c {
            '{' => Tok::BeginGroup,
            '}' => Tok::EndGroup,
            '^' => Tok::Sup,
            '_' => Tok::Sub,
            '\'' => Tok::Prime,
            '&' => Tok::Amp,
            '\\' => {
                let after = &rest[1..];
                let letters = after.bytes().take_while(u8::is_ascii_alphabetic).count();
                if letters > 0 {
                    return (Tok::Cmd(&after[..letters]), start, start + 1 + letters);
                }
                match after.chars().next() {
                    Some(s) => return (Tok::CtrlSym(s), start, start + 1 + s.len_utf8()),
                    // A lone backslash at the very end.
                    None => return (Tok::CtrlSym('\\'), start, one),
                }
            }
            c => Tok::Char(c),
        };
        (tok, start, one)
    }

    fn token_text(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or("")
    }

    fn err(&self, kind: K, start: usize, end: usize) -> MathError {
        MathError::new(kind, start, self.token_text(start, end))
    }

    fn enter(&mut self, start: usize, end: usize) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(K::TooDeep, start, end));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ----- rows ---------------------------------------------------------

    fn parse_root(&mut self) -> PResult<Vec<Node>> {
        let (mut rows, hlines, _) = self.parse_rows(Stop::Root, 0)?;
        if rows.len() == 1 && rows[0].len() == 1 {
            let mut row = rows.pop().unwrap_or_default();
            return Ok(row.pop().unwrap_or_default());
        }
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let kind = if rows.iter().any(|r| r.len() > 1) { EnvKind::Align } else { EnvKind::Gather };
        Ok(vec![Node::Env(Box::new(Env { kind, rows, hlines }))])
    }

    /// Parses rows and cells until the end of input ([`Stop::Root`]) or
    /// `\end` ([`Stop::Cell`]). Returns rows, interior `\hline` flags and the
    /// offset of the first `&` or `\\` (if any).
    #[allow(clippy::type_complexity)]
    fn parse_rows(&mut self, stop: Stop, open_at: usize) -> PResult<(Vec<Vec<Vec<Node>>>, Vec<bool>, Option<(usize, usize)>)> {
        let mut rows: Vec<Vec<Vec<Node>>> = Vec::new();
        let mut row: Vec<Vec<Node>> = Vec::new();
        let mut lines_before: Vec<usize> = Vec::new();
        let mut first_sep = None;
        let saved_hline = self.hline;
        loop {
            self.hline = false;
            let (cell, end) = self.parse_row(stop, open_at)?;
            if self.hline {
                lines_before.push(rows.len());
            }
            row.push(cell);
            match end {
                End::Amp => {
                    if first_sep.is_none() {
                        first_sep = Some(self.last_sep);
                    }
                }
                End::NewRow => {
                    if first_sep.is_none() {
                        first_sep = Some(self.last_sep);
                    }
                    rows.push(std::mem::take(&mut row));
                    self.skip_row_spacing();
                }
                End::Close | End::EnvClose | End::Right => {
                    rows.push(std::mem::take(&mut row));
                    break;
                }
            }
        }
        // A trailing `\\` leaves an empty last row: drop it.
        if rows.len() > 1 && rows.last().is_some_and(|r| r.len() == 1 && r.iter().all(|c| c.iter().all(is_empty))) {
            rows.pop();
        }
        if rows.len() == 1 && rows[0].len() == 1 && rows[0][0].iter().all(is_empty) {
            rows.clear();
        }
        let n = rows.len();
        let mut hlines = vec![false; n.saturating_sub(1)];
        for r in lines_before {
            if r >= 1 && r < n {
                hlines[r - 1] = true;
            }
        }
        self.hline = saved_hline;
        Ok((rows, hlines, first_sep))
    }

    /// Skips the optional `[<dimension>]` after `\\`.
    fn skip_row_spacing(&mut self) {
        let save = self.pos;
        self.skip_ws();
        if self.peek_char() == Some('[') {
            let rest = &self.rest()[1..];
            // A dimension is short: never scan far (keeps parsing linear).
            let window = rest.get(..rest.len().min(32)).unwrap_or(rest);
            if let Some(close) = window.find(']') {
                let inner = rest[..close].trim();
                if is_dimension(inner) {
                    self.pos += 1 + close + 1;
                    return;
                }
            }
        }
        self.pos = save;
    }

    /// Parses a sequence of atoms until the row's stop.
    fn parse_row(&mut self, stop: Stop, open_at: usize) -> PResult<(Vec<Node>, End)> {
        let (_, s, e) = self.peek();
        self.enter(s, e)?;
        let r = self.parse_row_inner(stop, open_at);
        self.leave();
        r
    }

    fn parse_row_inner(&mut self, stop: Stop, open_at: usize) -> PResult<(Vec<Node>, End)> {
        let mut row = Vec::new();
        loop {
            let (tok, start, end) = self.peek();
            match tok {
                Tok::Eof => {
                    if stop == Stop::Root {
                        return Ok((row, End::Close));
                    }
                    let open_end = self.src[open_at..].chars().next().map_or(open_at, |c| open_at + c.len_utf8());
                    let mut err = self.err(K::Unclosed, open_at, open_end);
                    if stop == Stop::Cell || stop == Stop::Right {
                        // Report the whole `\begin` / `\left` token.
                        let word =
                            self.src[open_at..].char_indices().skip(1).find(|(_, c)| !c.is_ascii_alphabetic()).map_or(self.src.len(), |(i, _)| open_at + i);
                        err = self.err(K::Unclosed, open_at, word);
                    }
                    return Err(err);
                }
                Tok::EndGroup => {
                    if stop == Stop::Group {
                        self.pos = end;
                        return Ok((row, End::Close));
                    }
                    return Err(self.err(K::UnexpectedClosing, start, end));
                }
                Tok::Char(']') if stop == Stop::Optional => {
                    self.pos = end;
                    return Ok((row, End::Close));
                }
                Tok::Char('$') if stop == Stop::TextMath => {
                    self.pos = end;
                    return Ok((row, End::Close));
                }
                Tok::Amp => {
                    if matches!(stop, Stop::Root | Stop::Cell) {
                        self.pos = end;
                        self.last_sep = (start, end);
                        return Ok((row, End::Amp));
                    }
                    return Err(self.err(K::MisplacedAlignment, start, end));
                }
                Tok::CtrlSym('\\') if end - start == 2 => {
                    if matches!(stop, Stop::Root | Stop::Cell) {
                        self.pos = end;
                        self.last_sep = (start, end);
                        return Ok((row, End::NewRow));
                    }
                    return Err(self.err(K::MisplacedAlignment, start, end));
                }
                Tok::Cmd("end") => {
                    if stop == Stop::Cell {
                        return Ok((row, End::EnvClose));
                    }
                    return Err(self.err(K::UnexpectedClosing, start, end));
                }
                Tok::Cmd("right") => {
                    if stop == Stop::Right {
                        return Ok((row, End::Right));
                    }
                    return Err(self.err(K::UnexpectedClosing, start, end));
                }
                Tok::Cmd("hline") => {
                    if stop == Stop::Cell {
                        self.pos = end;
                        self.hline = true;
                        continue;
                    }
                    return Err(self.err(K::MisplacedAlignment, start, end));
                }
                // TeX's infix fractions: what came before in the group over
                // what comes after.
                Tok::Cmd(infix @ ("over" | "atop" | "choose")) => {
                    self.pos = end;
                    let (den, how) = self.parse_row(stop, open_at)?;
                    let num = Node::Group(std::mem::take(&mut row));
                    let (binom, stacked) = (infix == "choose", infix == "atop");
                    row.push(Node::Frac(Box::new(Frac { num, den: Node::Group(den), style: None, binom, stacked })));
                    return Ok((row, how));
                }
                Tok::Cmd(name) => match symbols::lookup(name) {
                    Some(Cmd::StyleSwitch(style)) => {
                        self.pos = end;
                        let (body, how) = self.parse_row(stop, open_at)?;
                        row.push(Node::MathStyle { style, body });
                        return Ok((row, how));
                    }
                    Some(Cmd::FontSwitch(font)) => {
                        self.pos = end;
                        let (body, how) = self.parse_row(stop, open_at)?;
                        row.push(Node::Styled { font, body });
                        return Ok((row, how));
                    }
                    Some(Cmd::Label | Cmd::Tag | Cmd::NoNumber) => {
                        self.parse_atom()?;
                    }
                    _ => row.push(self.parse_scripted()?),
                },
                _ => row.push(self.parse_scripted()?),
            }
        }
    }

    // ----- atoms and scripts ---------------------------------------------

    /// Parses an atom followed by any scripts, primes and limit controls.
    fn parse_scripted(&mut self) -> PResult<Node> {
        let (tok, _, _) = self.peek();
        let base = match tok {
            Tok::Sup | Tok::Sub | Tok::Prime => Node::Empty,
            _ => self.parse_atom()?,
        };
        let mut sub: Option<Node> = None;
        let mut sup: Option<Node> = None;
        let mut primes = 0usize;
        let mut limits = LimitsOverride::Default;
        let mut any = false;
        loop {
            let (tok, start, end) = self.peek();
            match tok {
                Tok::Sup => {
                    if sup.is_some() {
                        return Err(self.err(K::DoubleScript, start, end));
                    }
                    self.pos = end;
                    sup = Some(self.parse_arg(start, end)?);
                }
                Tok::Sub => {
                    if sub.is_some() {
                        return Err(self.err(K::DoubleScript, start, end));
                    }
                    self.pos = end;
                    sub = Some(self.parse_arg(start, end)?);
                }
                Tok::Prime => {
                    if sup.is_some() {
                        return Err(self.err(K::DoubleScript, start, end));
                    }
                    self.pos = end;
                    primes += 1;
                }
                Tok::Cmd(name @ ("limits" | "nolimits")) => {
                    let operator = matches!(base, Node::Func(_) | Node::Symbol(Symbol { class: Class::Large(_), .. }));
                    if !operator {
                        return Err(self.err(K::MisplacedLimits, start, end));
                    }
                    self.pos = end;
                    limits = if name == "limits" { LimitsOverride::Limits } else { LimitsOverride::NoLimits };
                }
                _ => break,
            }
            any = true;
        }
        if !any {
            return Ok(base);
        }
        if sub.is_none() && sup.is_none() && primes == 0 {
            // Only `\limits` / `\nolimits`: keep the override for nothing.
            return Ok(base);
        }
        Ok(Node::Scripts(Box::new(Scripts { base, sub, sup, primes, limits })))
    }

    /// Parses a macro argument or script: a braced group or one token.
    /// `cmd_start..cmd_end` is the command the argument belongs to.
    fn parse_arg(&mut self, cmd_start: usize, cmd_end: usize) -> PResult<Node> {
        let (tok, start, end) = self.peek();
        match tok {
            Tok::BeginGroup => {
                self.pos = end;
                let (row, _) = self.parse_row(Stop::Group, start)?;
                Ok(row_to_node(row))
            }
            Tok::Eof | Tok::EndGroup | Tok::Sup | Tok::Sub | Tok::Amp => Err(self.err(K::MissingArgument, cmd_start, cmd_end)),
            Tok::CtrlSym('\\') => Err(self.err(K::MissingArgument, cmd_start, cmd_end)),
            Tok::Char(c) if c.is_ascii_digit() => {
                self.pos = end;
                Ok(Node::Number(c.to_string()))
            }
            Tok::Cmd(name)
                if matches!(
                    symbols::lookup(name),
                    Some(
                        Cmd::StyleSwitch(_)
                            | Cmd::FontSwitch(_)
                            | Cmd::Label
                            | Cmd::Tag
                            | Cmd::NoNumber
                            | Cmd::End
                            | Cmd::Right
                            | Cmd::Hline
                            | Cmd::Limits
                            | Cmd::NoLimits
                    )
                ) =>
            {
                Err(self.err(K::MissingArgument, cmd_start, cmd_end))
            }
            _ => {
                self.enter(start, end)?;
                let r = self.parse_atom();
                self.leave();
                r
            }
        }
    }

    /// Parses one atom (no scripts).
    fn parse_atom(&mut self) -> PResult<Node> {
        let (tok, start, end) = self.peek();
        match tok {
            Tok::Eof => Err(MathError::new(K::MissingArgument, start, "")),
            Tok::BeginGroup => {
                self.pos = end;
                let (row, _) = self.parse_row(Stop::Group, start)?;
                Ok(Node::Group(row))
            }
            Tok::EndGroup => Err(self.err(K::UnexpectedClosing, start, end)),
            Tok::Sup | Tok::Sub | Tok::Prime => Err(self.err(K::MissingArgument, start, end)),
            Tok::Amp => Err(self.err(K::MisplacedAlignment, start, end)),
            Tok::Char(c) => self.parse_char(c, start, end),
            Tok::CtrlSym(c) => {
                self.pos = end;
                ctrl_symbol(c).ok_or_else(|| {
                    let kind = if c == '\\' { K::MisplacedAlignment } else { K::UnknownCommand };
                    self.err(kind, start, end)
                })
            }
            Tok::Cmd(name) => {
                self.pos = end;
                self.parse_command(name, start, end)
            }
        }
    }

    fn parse_char(&mut self, c: char, start: usize, end: usize) -> PResult<Node> {
        self.pos = end;
        if c.is_ascii_digit() || (c == '.' && self.peek_char().is_some_and(|d| d.is_ascii_digit())) {
            let rest = &self.src[start..];
            let int = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut len = int;
            let frac_part = rest[int..].strip_prefix('.').map(|r| r.bytes().take_while(u8::is_ascii_digit).count());
            if let Some(f) = frac_part
                && f > 0
            {
                len += 1 + f;
            }
            self.pos = start + len;
            return Ok(Node::Number(rest[..len].to_string()));
        }
        if c.is_ascii_alphabetic() {
            return Ok(Node::Ident(c));
        }
        match c {
            '#' | '$' | '\\' => Err(self.err(K::UnexpectedCharacter, start, end)),
            '~' => Ok(Node::Space(Space::Word)),
            c if c.is_ascii() => Ok(Node::Symbol(Symbol { ch: symbols::ascii_char(c), class: symbols::ascii_class(c), raw: false })),
            c if c.is_alphabetic() => Ok(Node::Ident(c)),
            c => Ok(Node::Symbol(Symbol { ch: c, class: Class::Ord, raw: true })),
        }
    }

    fn parse_command(&mut self, name: &'a str, start: usize, end: usize) -> PResult<Node> {
        let Some(cmd) = symbols::lookup(name) else {
            let kind = if symbols::is_forbidden(name) { K::Forbidden } else { K::UnknownCommand };
            return Err(self.err(kind, start, end));
        };
        let node = match cmd {
            Cmd::Ident(c) => Node::Ident(c),
            Cmd::Symbol(ch, class) => Node::Symbol(Symbol { ch, class, raw: false }),
            Cmd::SpacedRel(ch) => {
                Node::Group(vec![Node::Space(Space::Thick), Node::Symbol(Symbol { ch, class: Class::Rel, raw: false }), Node::Space(Space::Thick)])
            }
            Cmd::Func(display, typst, limits) => Node::Func(Func { name: display.to_string(), typst: Some(typst), limits }),
            Cmd::Space(s) => Node::Space(s),
            Cmd::Frac(style, binom) => {
                let num = self.parse_arg(start, end)?;
                let den = self.parse_arg(start, end)?;
                Node::Frac(Box::new(Frac { num, den, style, binom, stacked: false }))
            }
            Cmd::Sqrt => {
                self.skip_ws();
                let index = if self.peek_char() == Some('[') {
                    let open = self.pos;
                    self.pos += 1;
                    let (row, _) = self.parse_row(Stop::Optional, open)?;
                    Some(Box::new(row_to_node(row)))
                } else {
                    None
                };
                let body = Box::new(self.parse_arg(start, end)?);
                Node::Sqrt { index, body }
            }
            Cmd::Accent(kind) => Node::Accent { kind, body: Box::new(self.parse_arg(start, end)?) },
            Cmd::FontArg(font) => {
                let body = match self.parse_arg(start, end)? {
                    Node::Group(nodes) => nodes,
                    Node::Empty => Vec::new(),
                    n => vec![n],
                };
                Node::Styled { font, body }
            }
            Cmd::Text(font) => self.parse_text(font, start, end)?,
            Cmd::OperatorName => self.parse_operatorname(start, end)?,
            Cmd::Left => self.parse_left(start, end)?,
            Cmd::Middle => {
                if self.left_depth == 0 {
                    return Err(self.err(K::UnexpectedClosing, start, end));
                }
                match self.parse_delimiter(start, end)? {
                    Some(c) => Node::Middle(c),
                    None => Node::Empty,
                }
            }
            Cmd::Big(size, class) => match self.parse_delimiter(start, end)? {
                Some(delim) => Node::SizedDelim { delim, size, class: class.unwrap_or_else(|| symbols::delimiter_class(delim)) },
                None => Node::Empty,
            },
            Cmd::Begin => self.parse_env(start)?,
            Cmd::Label => {
                let label = self.parse_raw_arg(start, end, false)?;
                if label.is_empty() {
                    return Err(self.err(K::InvalidArgument, start, end));
                }
                if self.label.is_some() {
                    return Err(self.err(K::DuplicateLabel, start, end));
                }
                self.label = Some(label);
                Node::Empty
            }
            Cmd::Tag => {
                if self.peek_char() == Some('*') {
                    self.pos += 1;
                }
                let tag = self.parse_raw_arg(start, end, true)?;
                if self.tag.is_some() {
                    return Err(self.err(K::DuplicateTag, start, end));
                }
                self.tag = Some(tag);
                Node::Empty
            }
            Cmd::NoNumber => Node::Empty,
            Cmd::Not => self.parse_not(start, end)?,
            Cmd::Phantom => Node::Phantom(Box::new(self.parse_arg(start, end)?)),
            Cmd::OverSet | Cmd::UnderSet | Cmd::StackRel => {
                let decoration = self.parse_arg(start, end)?;
                let base = Box::new(self.parse_arg(start, end)?);
                let decoration = Some(Box::new(decoration));
                if cmd == Cmd::UnderSet {
                    Node::OverUnder { base, over: None, under: decoration }
                } else {
                    Node::OverUnder { base, over: decoration, under: None }
                }
            }
            Cmd::Bmod => Node::Group(vec![Node::Space(Space::Medium), mod_func(), Node::Space(Space::Medium)]),
            Cmd::Pmod => {
                let arg = self.parse_arg(start, end)?;
                Node::Group(vec![
                    Node::Space(Space::Quad),
                    Node::Symbol(Symbol { ch: '(', class: Class::Open, raw: false }),
                    mod_func(),
                    Node::Space(Space::Word),
                    arg,
                    Node::Symbol(Symbol { ch: ')', class: Class::Close, raw: false }),
                ])
            }
            Cmd::Mod => Node::Group(vec![Node::Space(Space::Quad), mod_func(), Node::Space(Space::Word)]),
            Cmd::Physics(p) => self.parse_physics(p, start, end)?,
            Cmd::TextColor => {
                self.parse_raw_arg(start, end, false)?;
                self.parse_arg(start, end)?
            }
            Cmd::ColorSwitch => {
                self.parse_raw_arg(start, end, false)?;
                Node::Empty
            }
            Cmd::StyleSwitch(_) | Cmd::FontSwitch(_) | Cmd::Limits | Cmd::NoLimits | Cmd::Hline => {
                // Only reachable where an argument was expected.
                return Err(self.err(K::MissingArgument, start, end));
            }
            Cmd::Right | Cmd::End => return Err(self.err(K::UnexpectedClosing, start, end)),
        };
        Ok(node)
    }

    /// A command of the `physics` package, built from its arguments:
    /// `\dd[n]{x}` → d^n x, `\dv[n]{f}{x}` → d^n f / d x^n (`\pdv` with ∂;
    /// one argument: the operator alone, d/dx), `\curl`, `\divergence`,
    /// `\laplacian` → ∇×, ∇⋅, ∇².
    fn parse_physics(&mut self, p: symbols::Physics, start: usize, end: usize) -> PResult<Node> {
        use symbols::Physics as P;
        let sym = |ch: char, class: Class| Node::Symbol(Symbol { ch, class, raw: false });
        let power = |base: Node, order: &Option<Node>| match order {
            Some(n) => Node::Scripts(Box::new(Scripts { base, sub: None, sup: Some(n.clone()), primes: 0, limits: LimitsOverride::Default })),
            None => base,
        };
        let d = |partial: bool| if partial { sym('∂', Class::Ord) } else { Node::Styled { font: Font::Roman, body: vec![Node::Ident('d')] } };
        Ok(match p {
            P::Curl => Node::Group(vec![sym('∇', Class::Ord), sym('×', Class::Bin)]),
            P::Divergence => Node::Group(vec![sym('∇', Class::Ord), sym('⋅', Class::Bin)]),
            P::Laplacian => power(sym('∇', Class::Ord), &Some(Node::Number("2".into()))),
            P::Dd => {
                let order = self.parse_optional()?;
                let mut nodes = vec![Node::Space(Space::Thin), power(d(false), &order)];
                self.skip_ws();
                if self.peek_char() == Some('{') {
                    nodes.push(self.parse_arg(start, end)?);
                }
                Node::Group(nodes)
            }
            P::Dv | P::Pdv => {
                let partial = p == P::Pdv;
                let order = self.parse_optional()?;
                let first = self.parse_arg(start, end)?;
                self.skip_ws();
                let (f, x) = if self.peek_char() == Some('{') { (first, self.parse_arg(start, end)?) } else { (Node::Empty, first) };
                let num = match f {
                    Node::Empty => power(d(partial), &order),
                    f => Node::Group(vec![power(d(partial), &order), f]),
                };
                let den = Node::Group(vec![d(partial), power(x, &order)]);
                Node::Frac(Box::new(Frac { num, den, style: None, binom: false, stacked: false }))
            }
        })
    }

    /// An optional argument `[…]`, if one follows.
    fn parse_optional(&mut self) -> PResult<Option<Node>> {
        self.skip_ws();
        if self.peek_char() != Some('[') {
            return Ok(None);
        }
        let open = self.pos;
        self.pos += 1;
        let (row, _) = self.parse_row(Stop::Optional, open)?;
        Ok(Some(row_to_node(row)))
    }

    /// `\not X`: a precomposed negation where one exists.
    fn parse_not(&mut self, start: usize, end: usize) -> PResult<Node> {
        let (tok, _, _) = self.peek();
        if matches!(tok, Tok::BeginGroup) {
            return Err(self.err(K::InvalidArgument, start, end));
        }
        let node = self.parse_arg(start, end)?;
        Ok(match node {
            Node::Symbol(sym) => match symbols::negate(sym.ch) {
                Some(ch) => Node::Symbol(Symbol { ch, class: Class::Rel, raw: false }),
                None => Node::Negated(Box::new(Node::Symbol(sym))),
            },
            Node::Ident(c) => Node::Negated(Box::new(Node::Ident(c))),
            _ => return Err(self.err(K::InvalidArgument, start, end)),
        })
    }

    /// Reads the delimiter after `\left`, `\middle`, `\right`, `\big`, ….
    /// `None` is the empty delimiter `.`.
    fn parse_delimiter(&mut self, start: usize, end: usize) -> PResult<Option<char>> {
        let (tok, s, e) = self.peek();
        let found = match tok {
            Tok::Char('.') => Some(None),
            Tok::Char(c) => symbols::delimiter_char(c).map(Some),
            Tok::Cmd(name) => symbols::delimiter_command(name).map(Some),
            Tok::CtrlSym(c @ ('{' | '}' | '|')) => symbols::delimiter_command(c.encode_utf8(&mut [0; 4])).map(Some),
            _ => None,
        };
        match found {
            Some(d) => {
                self.pos = e;
                Ok(d)
            }
            None if matches!(tok, Tok::Eof) => Err(self.err(K::MissingArgument, start, end)),
            None => Err(self.err(K::InvalidArgument, s, e)),
        }
    }

    fn parse_left(&mut self, start: usize, end: usize) -> PResult<Node> {
        let open = self.parse_delimiter(start, end)?;
        self.left_depth += 1;
        let result = self.parse_row(Stop::Right, start);
        self.left_depth -= 1;
        let (body, _) = result?;
        // parse_row stopped at `\right` without consuming it.
        let (tok, rs, re) = self.peek();
        if tok != Tok::Cmd("right") {
            return Err(self.err(K::Unclosed, start, end));
        }
        self.pos = re;
        let close = self.parse_delimiter(rs, re)?;
        Ok(Node::Fenced { open, close, body })
    }

    /// Reads `{raw text}` for `\label` (no braces, no backslash) and `\tag`
    /// (`nested`: balanced braces and backslashes are kept as written).
    fn parse_raw_arg(&mut self, start: usize, end: usize, nested: bool) -> PResult<String> {
        let (tok, s, e) = self.peek();
        if tok != Tok::BeginGroup {
            return Err(self.err(K::MissingArgument, start, end));
        }
        let body_start = e;
        let mut level = 0usize;
        let mut escaped = false;
        for (i, c) in self.src[body_start..].char_indices() {
            let at = body_start + i;
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '{' if nested => level += 1,
                '}' if level > 0 => level -= 1,
                '}' => {
                    self.pos = at + 1;
                    let text = collapse_ws(&self.src[body_start..at]);
                    return Ok(text.trim().to_string());
                }
                '{' => return Err(self.err(K::InvalidArgument, at, at + 1)),
                '\\' if !nested => return Err(self.err(K::InvalidArgument, at, at + 1)),
                // `\{` and `\}` inside a tag do not count as braces.
                '\\' => escaped = true,
                _ => {}
            }
        }
        Err(self.err(K::Unclosed, s, e))
    }

    /// `\operatorname{…}` / `\operatorname*{…}`.
    fn parse_operatorname(&mut self, start: usize, end: usize) -> PResult<Node> {
        let limits = if self.peek_char() == Some('*') {
            self.pos += 1;
            Limits::Movable
        } else {
            Limits::Never
        };
        let (tok, s, e) = self.peek();
        if tok != Tok::BeginGroup {
            return Err(self.err(K::MissingArgument, start, end));
        }
        self.pos = e;
        let mut name = String::new();
        loop {
            let (tok, ts, te) = self.peek();
            match tok {
                Tok::EndGroup => {
                    self.pos = te;
                    break;
                }
                Tok::Eof => return Err(self.err(K::Unclosed, s, e)),
                Tok::Char(c) if c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '*') => {
                    self.pos = te;
                    name.push(if c == '-' { '‐' } else { c });
                }
                Tok::CtrlSym(',' | ';' | ':' | '>' | ' ') | Tok::Char('~') => {
                    self.pos = te;
                    name.push('\u{2009}');
                }
                Tok::CtrlSym('!') => self.pos = te,
                _ => return Err(self.err(K::InvalidArgument, ts, te)),
            }
        }
        let name = name.trim_matches('\u{2009}').to_string();
        if name.is_empty() {
            return Err(self.err(K::InvalidArgument, start, end));
        }
        Ok(Node::Func(Func { name, typst: None, limits }))
    }

    /// `\text{…}` and friends: text mode with `$…$` for embedded math.
    fn parse_text(&mut self, font: Option<Font>, start: usize, end: usize) -> PResult<Node> {
        let (tok, s, e) = self.peek();
        let mut parts: Vec<TextPart> = Vec::new();
        let mut buf = String::new();
        match tok {
            Tok::BeginGroup => {}
            Tok::Char(c) if c != '$' && c != '#' => {
                // A single character argument: `\text x`.
                self.pos = e;
                buf.push(c);
                return Ok(Node::Text(Text { parts: vec![TextPart::Str(buf)], font }));
            }
            _ => return Err(self.err(K::MissingArgument, start, end)),
        }
        self.pos = e;
        let mut level = 0usize;
        loop {
            let Some(c) = self.peek_char() else {
                return Err(self.err(K::Unclosed, s, e));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '}' if level == 0 => break,
                '}' => level -= 1,
                '{' => level += 1,
                '%' => {
                    let rest = self.rest();
                    self.pos += rest.find('\n').map_or(rest.len(), |n| n + 1);
                }
                '~' => buf.push('\u{A0}'),
                c if c.is_whitespace() => {
                    if !buf.ends_with(' ') {
                        buf.push(' ');
                    }
                }
                '$' => {
                    if !buf.is_empty() {
                        parts.push(TextPart::Str(std::mem::take(&mut buf)));
                    }
                    let (row, _) = self.parse_row(Stop::TextMath, at)?;
                    parts.push(TextPart::Math(row));
                }
                '\\' => {
                    let rest = self.rest();
                    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                    if letters > 0 {
                        let name = &rest[..letters];
                        self.pos += letters;
                        let text = match name {
                            "textbackslash" => "\\",
                            "ldots" | "dots" | "textellipsis" => "…",
                            "quad" => "\u{2003}",
                            "qquad" => "\u{2003}\u{2003}",
                            "textendash" => "–",
                            "textemdash" => "—",
                            "textasciitilde" => "~",
                            "textasciicircum" => "^",
                            "textunderscore" => "_",
                            "S" => "§",
                            _ => {
                                let kind = if symbols::is_forbidden(name) { K::Forbidden } else { K::UnknownCommand };
                                return Err(self.err(kind, at, self.pos));
                            }
                        };
                        buf.push_str(text);
                        // Like TeX, a control word swallows the spaces after it.
                        let rest = self.rest();
                        let trimmed = rest.trim_start();
                        self.pos += rest.len() - trimmed.len();
                    } else {
                        let Some(sym) = self.peek_char() else {
                            return Err(self.err(K::Unclosed, s, e));
                        };
                        self.pos += sym.len_utf8();
                        match sym {
                            '{' | '}' | '$' | '%' | '&' | '#' | '_' => buf.push(sym),
                            ' ' | '\\' | '\n' | '\t' => {
                                if !buf.ends_with(' ') {
                                    buf.push(' ');
                                }
                            }
                            ',' => buf.push('\u{2009}'),
                            ';' | ':' | '>' => buf.push('\u{2005}'),
                            '!' => {}
                            _ => return Err(self.err(K::UnknownCommand, at, self.pos)),
                        }
                    }
                }
                c => buf.push(c),
            }
        }
        if !buf.is_empty() || parts.is_empty() {
            parts.push(TextPart::Str(buf));
        }
        Ok(Node::Text(Text { parts, font }))
    }

    /// Reads `{name}` after `\begin` / `\end`.
    fn parse_env_name(&mut self, start: usize, end: usize) -> PResult<&'a str> {
        let (tok, _, e) = self.peek();
        if tok != Tok::BeginGroup {
            return Err(self.err(K::MissingArgument, start, end));
        }
        let rest = &self.src[e..];
        let len = rest.bytes().take_while(|b| b.is_ascii_alphabetic() || *b == b'*').count();
        if rest.as_bytes().get(len) != Some(&b'}') {
            let stop = rest[len..].find('}').map_or(self.src.len(), |n| e + len + n + 1);
            return Err(self.err(K::InvalidArgument, start, stop));
        }
        self.pos = e + len + 1;
        Ok(&rest[..len])
    }

    fn parse_env(&mut self, start: usize) -> PResult<Node> {
        let begin_end = self.pos;
        let name = self.parse_env_name(start, begin_end)?;
        let token_end = self.pos;
        let kind = match name {
            "equation" | "equation*" => EnvKind::Equation,
            "align" | "align*" | "aligned" | "split" | "flalign" | "flalign*" => EnvKind::Align,
            "gather" | "gather*" | "gathered" | "multline" | "multline*" => EnvKind::Gather,
            "cases" | "dcases" => EnvKind::Cases,
            "matrix" => matrix(None, None),
            "pmatrix" => matrix(Some('('), Some(')')),
            "bmatrix" => matrix(Some('['), Some(']')),
            "Bmatrix" => matrix(Some('{'), Some('}')),
            "vmatrix" => matrix(Some('|'), Some('|')),
            "Vmatrix" => matrix(Some('‖'), Some('‖')),
            "smallmatrix" => EnvKind::Matrix { open: None, close: None, small: true },
            "array" => self.parse_array_spec(start, token_end)?,
            _ => return Err(self.err(K::UnknownEnvironment, start, token_end)),
        };
        let (rows, hlines, first_sep) = self.parse_rows(Stop::Cell, start)?;
        // parse_rows stopped at `\end`.
        let (tok, es, ee) = self.peek();
        if tok != Tok::Cmd("end") {
            return Err(self.err(K::Unclosed, start, token_end));
        }
        self.pos = ee;
        let end_name = self.parse_env_name(es, ee)?;
        if end_name != name {
            return Err(self.err(K::MismatchedEnvironment, es, self.pos));
        }
        if kind == EnvKind::Equation
            && let Some((s, e)) = first_sep
            && (rows.len() > 1 || rows.iter().any(|r| r.len() > 1))
        {
            return Err(self.err(K::MisplacedAlignment, s, e));
        }
        Ok(Node::Env(Box::new(Env { kind, rows, hlines })))
    }

    fn parse_array_spec(&mut self, start: usize, end: usize) -> PResult<EnvKind> {
        // Optional vertical position `[t]`, `[b]`, `[c]`.
        self.skip_ws();
        if self.peek_char() == Some('[') {
            let rest = self.rest();
            match rest.find(']') {
                Some(n) if rest[1..n].trim().len() <= 1 => self.pos += n + 1,
                _ => return Err(self.err(K::InvalidArgument, start, end)),
            }
        }
        let (tok, s, e) = self.peek();
        if tok != Tok::BeginGroup {
            return Err(self.err(K::MissingArgument, start, end));
        }
        let mut columns = Vec::new();
        let mut rules = Vec::new();
        let mut rule_pending = false;
        for (i, c) in self.src[e..].char_indices() {
            let at = e + i;
            match c {
                'l' | 'c' | 'r' => {
                    if !columns.is_empty() {
                        rules.push(rule_pending);
                    }
                    rule_pending = false;
                    columns.push(match c {
                        'l' => Align::Left,
                        'c' => Align::Center,
                        _ => Align::Right,
                    });
                }
                '|' => rule_pending = true,
                c if c.is_whitespace() => {}
                '}' if !columns.is_empty() => {
                    self.pos = at + 1;
                    return Ok(EnvKind::Array { columns, rules });
                }
                _ => return Err(self.err(K::InvalidArgument, at, at + c.len_utf8())),
            }
        }
        Err(self.err(K::Unclosed, s, e))
    }
}

fn matrix(open: Option<char>, close: Option<char>) -> EnvKind {
    EnvKind::Matrix { open, close, small: false }
}

fn mod_func() -> Node {
    Node::Func(Func { name: "mod".to_string(), typst: Some("mod"), limits: Limits::Never })
}

/// Control symbols (`\` + one non-letter) other than `\\`.
fn ctrl_symbol(c: char) -> Option<Node> {
    let sym = |ch, class| Node::Symbol(Symbol { ch, class, raw: false });
    Some(match c {
        ',' => Node::Space(Space::Thin),
        ':' | '>' => Node::Space(Space::Medium),
        ';' => Node::Space(Space::Thick),
        '!' => Node::Space(Space::NegThin),
        ' ' | '\t' | '\n' | '\r' => Node::Space(Space::Word),
        '{' => sym('{', Class::Open),
        '}' => sym('}', Class::Close),
        '|' => sym('‖', Class::Fence),
        '%' | '&' | '#' | '$' | '_' => sym(c, Class::Ord),
        _ => return None,
    })
}

fn row_to_node(mut row: Vec<Node>) -> Node {
    match row.len() {
        0 => Node::Empty,
        1 => row.pop().unwrap_or(Node::Empty),
        _ => Node::Group(row),
    }
}

fn is_empty(n: &Node) -> bool {
    matches!(n, Node::Empty)
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `2pt`, `-0.5ex`, `1.2em`, ….
fn is_dimension(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s).trim_start();
    let num = s.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if num == 0 {
        return false;
    }
    matches!(s[num..].trim(), "pt" | "em" | "ex" | "mm" | "cm" | "in" | "mu" | "bp" | "pc" | "dd" | "cc" | "sp")
}

#[cfg(test)]
mod tests {
    use super::is_dimension;

    #[test]
    fn dimensions_after_line_breaks() {
        for d in ["2pt", "-0.5ex", "1.2 em", "3mu", "0.1in"] {
            assert!(is_dimension(d), "{d}");
        }
        for d in ["", "pt", "a,b", "2", "2px", "x"] {
            assert!(!is_dimension(d), "{d}");
        }
    }
}
