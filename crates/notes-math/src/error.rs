//! The error returned by [`crate::Formula::parse`].

use std::fmt;

/// What went wrong while parsing a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MathErrorKind {
    /// A command that is not supported (e.g. `\foo`).
    UnknownCommand,
    /// A command that is refused on purpose because it defines macros or
    /// reaches outside the formula (`\def`, `\newcommand`, `\input`,
    /// `\include`, `\csname`, …).
    Forbidden,
    /// `\begin{…}` with an environment that is not supported.
    UnknownEnvironment,
    /// A character that cannot appear in math mode (`#`, `$`, control
    /// characters, …).
    UnexpectedCharacter,
    /// A `{` (or `\begin`, `\left`, `[`, `$`) that is never closed.
    Unclosed,
    /// A `}`, `\right` or `\end` without a matching opener.
    UnexpectedClosing,
    /// A command or script without its argument.
    MissingArgument,
    /// An argument of the wrong form (a bad delimiter after `\left`, a bad
    /// `array` column specification, an empty `\label`, …).
    InvalidArgument,
    /// `\end{x}` closing a different environment.
    MismatchedEnvironment,
    /// `&`, `\\` or `\hline` where no environment allows it.
    MisplacedAlignment,
    /// Two superscripts or two subscripts on the same base.
    DoubleScript,
    /// `\limits` / `\nolimits` not after an operator.
    MisplacedLimits,
    /// Nesting deeper than [`crate::MAX_DEPTH`].
    TooDeep,
    /// A second `\label` in one formula.
    DuplicateLabel,
    /// A second `\tag` in one formula.
    DuplicateTag,
}

impl MathErrorKind {
    fn describe(self) -> &'static str {
        match self {
            MathErrorKind::UnknownCommand => "unknown command",
            MathErrorKind::Forbidden => "command not allowed",
            MathErrorKind::UnknownEnvironment => "unknown environment",
            MathErrorKind::UnexpectedCharacter => "unexpected character",
            MathErrorKind::Unclosed => "unclosed",
            MathErrorKind::UnexpectedClosing => "unexpected closing",
            MathErrorKind::MissingArgument => "missing argument after",
            MathErrorKind::InvalidArgument => "invalid argument",
            MathErrorKind::MismatchedEnvironment => "mismatched environment end",
            MathErrorKind::MisplacedAlignment => "misplaced alignment",
            MathErrorKind::DoubleScript => "double script",
            MathErrorKind::MisplacedLimits => "limit controls must follow an operator",
            MathErrorKind::TooDeep => "nesting too deep at",
            MathErrorKind::DuplicateLabel => "more than one label",
            MathErrorKind::DuplicateTag => "more than one tag",
        }
    }
}

/// A parse error: what, where (byte offset into the parsed string) and the
/// offending token as written (e.g. `\foo`, `#`, `}`, `\begin{foo}`).
///
/// The caller adds the offset to the position of the formula in its file to
/// report `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    kind: MathErrorKind,
    offset: usize,
    token: String,
}

impl MathError {
    pub(crate) fn new(kind: MathErrorKind, offset: usize, token: impl Into<String>) -> Self {
        MathError { kind, offset, token: token.into() }
    }

    /// The kind of error.
    pub fn kind(&self) -> MathErrorKind {
        self.kind
    }

    /// Byte offset of the offending token in the string given to
    /// [`crate::Formula::parse`] (the string's length for "unexpected end").
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The offending token as written, e.g. `\foo`; empty at the end of
    /// input.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl MathError {
    /// What went wrong, without the offset: ``unknown command `\foo` ``,
    /// for messages that show the place themselves.
    pub fn what(&self) -> String {
        if self.token.is_empty() {
            format!("{} at the end of the formula", self.kind.describe())
        } else {
            format!("{} `{}`", self.kind.describe(), printable(&self.token))
        }
    }
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.token.is_empty() {
            write!(f, "{} at end of formula (byte {})", self.kind.describe(), self.offset)
        } else {
            write!(f, "{} `{}` at byte {}", self.kind.describe(), printable(&self.token), self.offset)
        }
    }
}

impl std::error::Error for MathError {}

/// The token with control characters (a newline after `\\`) made visible.
fn printable(token: &str) -> String {
    token.chars().map(|c| if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}
