//! The formula tree shared by the parser and both writers.
//!
//! The tree is deliberately small: it keeps exactly the distinctions the two
//! backends need (e.g. `\bar` vs `\overline`, `\hat` vs `\widehat`) and
//! nothing else. Its depth is bounded by [`crate::MAX_DEPTH`], so the
//! recursive writers cannot overflow the stack.

/// One element of a formula.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Nothing (an empty group `{}` or an empty script base).
    Empty,
    /// A single identifier character: a Latin or Greek letter, or another
    /// alphabetic character taken from the input.
    Ident(char),
    /// A number: ASCII digits with at most one decimal point inside.
    Number(String),
    /// A symbol with a TeX atom class.
    Symbol(Symbol),
    /// A named operator such as `\sin`, `\lim` or `\operatorname{foo}`.
    Func(Func),
    /// Upright text from `\text{…}` and friends, possibly with embedded math.
    Text(Text),
    /// Explicit horizontal space.
    Space(Space),
    /// A braced group `{…}`.
    Group(Vec<Node>),
    /// `\frac`, `\dfrac`, `\tfrac`, `\binom`, …
    Frac(Box<Frac>),
    /// `\sqrt{…}` or `\sqrt[n]{…}`.
    Sqrt {
        /// The root index (`n` in `\sqrt[n]{x}`).
        index: Option<Box<Node>>,
        /// The radicand.
        body: Box<Node>,
    },
    /// A base with sub-/superscripts and primes.
    Scripts(Box<Scripts>),
    /// An accent or over/under decoration.
    Accent {
        /// Which accent.
        kind: AccentKind,
        /// The decorated expression.
        body: Box<Node>,
    },
    /// `\overset`, `\underset`, `\stackrel`.
    OverUnder {
        /// The base.
        base: Box<Node>,
        /// Set above the base.
        over: Option<Box<Node>>,
        /// Set below the base.
        under: Option<Box<Node>>,
    },
    /// A font switch (`\mathbf{…}`, `{\bf …}`).
    Styled {
        /// The font.
        font: Font,
        /// The content.
        body: Vec<Node>,
    },
    /// A math style switch (`\displaystyle …`).
    MathStyle {
        /// The style.
        style: MathStyle,
        /// The content up to the end of the group.
        body: Vec<Node>,
    },
    /// `\left … \middle … \right`.
    Fenced {
        /// Opening delimiter, `None` for `\left.`.
        open: Option<char>,
        /// Closing delimiter, `None` for `\right.`.
        close: Option<char>,
        /// The content; may contain [`Node::Middle`].
        body: Vec<Node>,
    },
    /// `\middle|` inside a [`Node::Fenced`].
    Middle(char),
    /// An explicitly sized delimiter (`\big(`, `\Bigr]`, …).
    SizedDelim {
        /// The delimiter character.
        delim: char,
        /// Size in em.
        size: DelimSize,
        /// Its class.
        class: Class,
    },
    /// A symbol negated with `\not` that has no precomposed negated form.
    Negated(Box<Node>),
    /// An environment or an implicit multi-line formula.
    Env(Box<Env>),
    /// `\phantom{…}`: takes the room of its content, shows nothing.
    Phantom(Box<Node>),
}

/// A symbol with its TeX class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Symbol {
    /// The character.
    pub ch: char,
    /// The class.
    pub class: Class,
    /// True when the character came from the input unchanged and is not in
    /// the command tables (the Typst writer then always escapes it).
    pub raw: bool,
}

/// TeX atom classes (as far as they matter for the output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Ordinary symbol (`\infty`, `\partial`, `/`).
    Ord,
    /// Large operator (`\sum`, `\int`).
    Large(Limits),
    /// Binary operator.
    Bin,
    /// Relation.
    Rel,
    /// Opening delimiter.
    Open,
    /// Closing delimiter.
    Close,
    /// A delimiter that is both (`|`, `\|`).
    Fence,
    /// Punctuation.
    Punct,
}

/// Where a large operator or named function puts its scripts by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limits {
    /// Below/above in display style, to the right inline (`\sum`, `\lim`).
    Movable,
    /// Always to the right (`\int`, `\sin`).
    Never,
}

/// Explicit `\limits` / `\nolimits` after an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitsOverride {
    /// Nothing given.
    Default,
    /// `\limits`.
    Limits,
    /// `\nolimits`.
    NoLimits,
}

/// A named function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Func {
    /// Display name (`sin`, `lim sup`, or the `\operatorname` argument).
    pub name: String,
    /// The Typst identifier for built-in functions (`sin`, `limsup`);
    /// `None` for `\operatorname`, which becomes `op("…")`.
    pub typst: Option<&'static str>,
    /// Default script placement.
    pub limits: Limits,
}

/// Text content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    /// The pieces; adjacent strings are merged.
    pub parts: Vec<TextPart>,
    /// Bold/italic/… variant of the text, if any.
    pub font: Option<Font>,
}

/// A piece of text content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TextPart {
    /// Literal characters, with whitespace runs collapsed to one space.
    Str(String),
    /// Math embedded with `$…$` inside `\text{…}`.
    Math(Vec<Node>),
}

/// Explicit spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    /// `\,` (3mu).
    Thin,
    /// `\:` / `\>` (4mu).
    Medium,
    /// `\;` (5mu).
    Thick,
    /// `\ ` and `~` (an interword space).
    Word,
    /// `\quad`.
    Quad,
    /// `\qquad`.
    QQuad,
    /// `\!` (−3mu).
    NegThin,
    /// `\negmedspace` (−4mu).
    NegMedium,
    /// `\negthickspace` (−5mu).
    NegThick,
}

/// Fraction-like constructs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frac {
    /// Numerator (or upper entry of a binomial).
    pub num: Node,
    /// Denominator (or lower entry).
    pub den: Node,
    /// Forced style, if any (`\dfrac` → display, `\tfrac` → text).
    pub style: Option<MathStyle>,
    /// Binomial coefficient instead of a fraction.
    pub binom: bool,
    /// One above the other with no rule and no parentheses (`\atop`).
    pub stacked: bool,
}

/// Base with scripts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scripts {
    /// The base; [`Node::Empty`] for `^2` at the start of a group.
    pub base: Node,
    /// Subscript.
    pub sub: Option<Node>,
    /// Superscript (without the primes).
    pub sup: Option<Node>,
    /// Number of primes (`f''` → 2).
    pub primes: usize,
    /// `\limits` / `\nolimits`.
    pub limits: LimitsOverride,
}

/// Accents and over/under decorations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccentKind {
    /// `\hat`
    Hat,
    /// `\widehat`
    WideHat,
    /// `\tilde`
    Tilde,
    /// `\widetilde`
    WideTilde,
    /// `\bar`
    Bar,
    /// `\vec`
    Vec,
    /// `\overrightarrow`
    OverRightArrow,
    /// `\overleftarrow`
    OverLeftArrow,
    /// `\overleftrightarrow`
    OverLeftRightArrow,
    /// `\dot`
    Dot,
    /// `\ddot`
    DDot,
    /// `\dddot`
    DDDot,
    /// `\acute`
    Acute,
    /// `\grave`
    Grave,
    /// `\breve`
    Breve,
    /// `\check`
    Check,
    /// `\mathring`
    Ring,
    /// `\overline`
    Overline,
    /// `\underline`
    Underline,
    /// `\overbrace`
    Overbrace,
    /// `\underbrace`
    Underbrace,
}

/// Math alphabets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Font {
    /// `\mathrm`, `\rm`
    Roman,
    /// `\mathbf`, `\bf` (bold upright)
    Bold,
    /// `\mathit`, `\it`
    Italic,
    /// `\boldsymbol`, `\bm` (bold, italic where the letter is italic)
    BoldSymbol,
    /// `\mathbb`
    DoubleStruck,
    /// `\mathcal`
    Calligraphic,
    /// `\mathscr`
    Script,
    /// `\mathfrak`
    Fraktur,
    /// `\mathsf`
    SansSerif,
    /// `\mathtt`
    Monospace,
}

/// TeX math styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MathStyle {
    /// `\displaystyle`
    Display,
    /// `\textstyle`
    Text,
    /// `\scriptstyle`
    Script,
    /// `\scriptscriptstyle`
    ScriptScript,
}

/// `\big` … `\Bigg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DelimSize {
    /// `\big`
    Big,
    /// `\Big`
    Big2,
    /// `\bigg`
    Big3,
    /// `\Bigg`
    Big4,
}

impl DelimSize {
    /// The size as a CSS/MathML length.
    pub(crate) fn em(self) -> &'static str {
        match self {
            DelimSize::Big => "1.2em",
            DelimSize::Big2 => "1.623em",
            DelimSize::Big3 => "2.047em",
            DelimSize::Big4 => "2.470em",
        }
    }
}

/// Column alignment in tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// `l`
    Left,
    /// `c`
    Center,
    /// `r`
    Right,
}

/// The kinds of environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EnvKind {
    /// `equation`, `equation*` (one row, no alignment).
    Equation,
    /// `align`, `align*`, `aligned`, `split`, and an implicit top-level
    /// formula that uses `&`.
    Align,
    /// `gather`, `gather*`, `gathered`, `multline`, and an implicit
    /// top-level formula that uses only `\\`.
    Gather,
    /// `cases`.
    Cases,
    /// The matrix family with its delimiters (`None` for `matrix`).
    Matrix {
        /// Left delimiter.
        open: Option<char>,
        /// Right delimiter.
        close: Option<char>,
        /// `smallmatrix`.
        small: bool,
    },
    /// `array{…}` with its column alignments and vertical rules.
    Array {
        /// One entry per column.
        columns: Vec<Align>,
        /// `true` where a vertical rule follows column *i* (length
        /// `columns.len() - 1`, interior rules only).
        rules: Vec<bool>,
    },
}

/// An environment: rows of cells of nodes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Env {
    /// What kind.
    pub kind: EnvKind,
    /// Rows → cells → content.
    pub rows: Vec<Vec<Vec<Node>>>,
    /// `true` for row *i* when `\hline` follows it (interior lines only,
    /// length `rows.len() - 1` or less).
    pub hlines: Vec<bool>,
}

impl Env {
    /// Number of columns (the longest row).
    pub(crate) fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}
