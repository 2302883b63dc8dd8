//! The command tables: every LaTeX command the parser accepts.
//!
//! Anything not listed here is an error ([`crate::MathErrorKind::UnknownCommand`]),
//! and the commands in [`is_forbidden`] get a dedicated error kind because
//! they are the usual ways to smuggle code or files into a document.

use crate::ast::{AccentKind, Class, DelimSize, Font, Limits, MathStyle, Space};
use crate::ast::{Limits as Lim, Space as Sp};

/// What a command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmd {
    /// An identifier character (Greek letters).
    Ident(char),
    /// A symbol with a class.
    Symbol(char, Class),
    /// A relation surrounded by thick spaces (`\iff`, `\implies`).
    SpacedRel(char),
    /// A named function: display name, Typst name, limits.
    Func(&'static str, &'static str, Limits),
    /// An explicit space.
    Space(Space),
    /// `\frac` and relatives.
    Frac(Option<MathStyle>, bool),
    /// `\sqrt`.
    Sqrt,
    /// An accent taking one argument.
    Accent(AccentKind),
    /// `\mathbf{…}` etc.
    FontArg(Font),
    /// `\bf` etc. (applies to the rest of the group).
    FontSwitch(Font),
    /// `\text{…}` etc., with an optional font.
    Text(Option<Font>),
    /// `\displaystyle` etc.
    StyleSwitch(MathStyle),
    /// `\operatorname`.
    OperatorName,
    /// `\left`.
    Left,
    /// `\middle`.
    Middle,
    /// `\right`.
    Right,
    /// `\big` … with the class of the delimiter (`None`: from the delimiter).
    Big(DelimSize, Option<Class>),
    /// `\begin`.
    Begin,
    /// `\end`.
    End,
    /// `\label`.
    Label,
    /// `\tag`.
    Tag,
    /// `\nonumber`, `\notag`.
    NoNumber,
    /// `\limits`.
    Limits,
    /// `\nolimits`.
    NoLimits,
    /// `\not`.
    Not,
    /// `\phantom`, `\hphantom`, `\vphantom`: room for an argument not shown.
    Phantom,
    /// `\overset`.
    OverSet,
    /// `\underset`.
    UnderSet,
    /// `\stackrel`.
    StackRel,
    /// `\bmod`.
    Bmod,
    /// `\pmod`.
    Pmod,
    /// `\mod`.
    Mod,
    /// `\hline`.
    Hline,
    /// A command of the `physics` package, written out (no macro is
    /// expanded: each is built here, from its arguments).
    Physics(Physics),
    /// `\textcolor{colour}{…}`: the content, the colour left out.
    TextColor,
    /// `\color{colour}`: left out.
    ColorSwitch,
}

/// The commands of the `physics` package that lecture notes use most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Physics {
    /// `\dd`, `\dd{x}`, `\dd[n]{x}`: an upright differential.
    Dd,
    /// `\dv{f}{x}`, `\dv{x}`, `\dv[n]{f}{x}`: a derivative.
    Dv,
    /// `\pdv{f}{x}`, `\pdv{x}`, `\pdv[n]{f}{x}`: a partial derivative.
    Pdv,
    /// `\curl`: ∇×.
    Curl,
    /// `\divergence`: ∇⋅.
    Divergence,
    /// `\laplacian`: ∇².
    Laplacian,
}

/// Commands refused with [`crate::MathErrorKind::Forbidden`]: macro
/// definition, file access and catcode tricks.
pub(crate) fn is_forbidden(name: &str) -> bool {
    matches!(
        name,
        "def"
            | "edef"
            | "gdef"
            | "xdef"
            | "let"
            | "futurelet"
            | "newcommand"
            | "renewcommand"
            | "providecommand"
            | "DeclareMathOperator"
            | "DeclareRobustCommand"
            | "newenvironment"
            | "renewenvironment"
            | "input"
            | "include"
            | "includeonly"
            | "InputIfFileExists"
            | "IfFileExists"
            | "openin"
            | "openout"
            | "read"
            | "readline"
            | "write"
            | "immediate"
            | "csname"
            | "endcsname"
            | "expandafter"
            | "noexpand"
            | "catcode"
            | "uccode"
            | "lccode"
            | "string"
            | "detokenize"
            | "scantokens"
            | "usepackage"
            | "RequirePackage"
            | "documentclass"
            | "special"
            | "directlua"
            | "luaexec"
            | "write18"
            | "ShellEscape"
            | "url"
            | "href"
            | "includegraphics"
            | "verbatiminput"
            | "lstinputlisting"
    )
}

/// Looks up a command by name (without the backslash).
pub(crate) fn lookup(name: &str) -> Option<Cmd> {
    use Class::*;
    use Cmd::*;
    let cmd = match name {
        // Greek, lower case (italic identifiers).
        "alpha" => Ident('α'),
        "beta" => Ident('β'),
        "gamma" => Ident('γ'),
        "delta" => Ident('δ'),
        "epsilon" => Ident('ϵ'),
        "varepsilon" => Ident('ε'),
        "zeta" => Ident('ζ'),
        "eta" => Ident('η'),
        "theta" => Ident('θ'),
        "vartheta" => Ident('ϑ'),
        "iota" => Ident('ι'),
        "kappa" => Ident('κ'),
        "varkappa" => Ident('ϰ'),
        "lambda" => Ident('λ'),
        "mu" => Ident('μ'),
        "nu" => Ident('ν'),
        "xi" => Ident('ξ'),
        "omicron" => Ident('ο'),
        "pi" => Ident('π'),
        "varpi" => Ident('ϖ'),
        "rho" => Ident('ρ'),
        "varrho" => Ident('ϱ'),
        "sigma" => Ident('σ'),
        "varsigma" => Ident('ς'),
        "tau" => Ident('τ'),
        "upsilon" => Ident('υ'),
        "phi" => Ident('ϕ'),
        "varphi" => Ident('φ'),
        "chi" => Ident('χ'),
        "psi" => Ident('ψ'),
        "omega" => Ident('ω'),
        "digamma" => Ident('ϝ'),
        // Greek, upper case (upright identifiers).
        "Alpha" => Ident('Α'),
        "Beta" => Ident('Β'),
        "Gamma" => Ident('Γ'),
        "Delta" => Ident('Δ'),
        "Epsilon" => Ident('Ε'),
        "Zeta" => Ident('Ζ'),
        "Eta" => Ident('Η'),
        "Theta" => Ident('Θ'),
        "Iota" => Ident('Ι'),
        "Kappa" => Ident('Κ'),
        "Lambda" => Ident('Λ'),
        "Mu" => Ident('Μ'),
        "Nu" => Ident('Ν'),
        "Xi" => Ident('Ξ'),
        "Omicron" => Ident('Ο'),
        "Pi" => Ident('Π'),
        "Rho" => Ident('Ρ'),
        "Sigma" => Ident('Σ'),
        "Tau" => Ident('Τ'),
        "Upsilon" => Ident('Υ'),
        "Phi" => Ident('Φ'),
        "Chi" => Ident('Χ'),
        "Psi" => Ident('Ψ'),
        "Omega" => Ident('Ω'),
        // Hebrew and other letter-like identifiers.
        "aleph" => Ident('ℵ'),
        "beth" => Ident('ℶ'),
        "gimel" => Ident('ℷ'),
        "ell" => Ident('ℓ'),
        "hbar" | "hslash" => Ident('ℏ'),
        "imath" => Ident('ı'),
        "jmath" => Ident('ȷ'),
        "wp" => Ident('℘'),
        "Re" => Ident('ℜ'),
        "Im" => Ident('ℑ'),
        "eth" => Ident('ð'),

        // Ordinary symbols.
        "infty" => Symbol('∞', Ord),
        "partial" => Symbol('∂', Ord),
        "nabla" => Symbol('∇', Ord),
        "forall" => Symbol('∀', Ord),
        "exists" => Symbol('∃', Ord),
        "nexists" => Symbol('∄', Ord),
        "emptyset" | "varnothing" => Symbol('∅', Ord),
        "prime" => Symbol('′', Ord),
        "backprime" => Symbol('‵', Ord),
        "neg" | "lnot" => Symbol('¬', Ord),
        "top" => Symbol('⊤', Ord),
        "bot" => Symbol('⊥', Ord),
        "angle" => Symbol('∠', Ord),
        "measuredangle" => Symbol('∡', Ord),
        "triangle" => Symbol('△', Ord),
        "square" | "Box" => Symbol('□', Ord),
        "Diamond" => Symbol('◇', Ord),
        "clubsuit" => Symbol('♣', Ord),
        "diamondsuit" => Symbol('♢', Ord),
        "heartsuit" => Symbol('♡', Ord),
        "spadesuit" => Symbol('♠', Ord),
        "flat" => Symbol('♭', Ord),
        "natural" => Symbol('♮', Ord),
        "sharp" => Symbol('♯', Ord),
        "degree" => Symbol('°', Ord),
        "complement" => Symbol('∁', Ord),
        "mho" => Symbol('℧', Ord),
        "checkmark" => Symbol('✓', Ord),
        "S" => Symbol('§', Ord),
        "P" => Symbol('¶', Ord),
        "backslash" => Symbol('\\', Ord),
        "ldots" | "dots" | "dotsc" | "dotso" | "mathellipsis" => Symbol('…', Ord),
        "cdots" | "dotsb" | "dotsm" | "dotsi" => Symbol('⋯', Ord),
        "vdots" => Symbol('⋮', Ord),
        "ddots" => Symbol('⋱', Ord),
        "colon" => Symbol(':', Punct),
        "cdotp" => Symbol('·', Punct),
        "ldotp" => Symbol('.', Punct),
        "vert" => Symbol('|', Fence),
        "Vert" => Symbol('‖', Fence),
        "lvert" => Symbol('|', Open),
        "rvert" => Symbol('|', Close),
        "lVert" => Symbol('‖', Open),
        "rVert" => Symbol('‖', Close),
        "lbrace" => Symbol('{', Open),
        "rbrace" => Symbol('}', Close),
        "lbrack" => Symbol('[', Open),
        "rbrack" => Symbol(']', Close),
        "langle" => Symbol('⟨', Open),
        "rangle" => Symbol('⟩', Close),
        "lfloor" => Symbol('⌊', Open),
        "rfloor" => Symbol('⌋', Close),
        "lceil" => Symbol('⌈', Open),
        "rceil" => Symbol('⌉', Close),
        "lgroup" => Symbol('⟮', Open),
        "rgroup" => Symbol('⟯', Close),
        "llbracket" => Symbol('⟦', Open),
        "rrbracket" => Symbol('⟧', Close),
        "ulcorner" => Symbol('⌜', Open),
        "urcorner" => Symbol('⌝', Close),
        "llcorner" => Symbol('⌞', Open),
        "lrcorner" => Symbol('⌟', Close),

        // Binary operators.
        "pm" => Symbol('±', Bin),
        "mp" => Symbol('∓', Bin),
        "times" => Symbol('×', Bin),
        // The `physics` package (as MathJax has it) and MathJax's own `\gt`, `\lt`.
        "grad" | "gradient" => Symbol('∇', Ord),
        "curl" => Physics(self::Physics::Curl),
        "divergence" => Physics(self::Physics::Divergence),
        "laplacian" => Physics(self::Physics::Laplacian),
        "dd" => Physics(self::Physics::Dd),
        "dv" | "derivative" => Physics(self::Physics::Dv),
        "pdv" | "partialderivative" => Physics(self::Physics::Pdv),
        "vb" | "vectorbold" => FontArg(Font::Bold),
        "gt" => Symbol('>', Rel),
        "lt" => Symbol('<', Rel),
        "textcolor" => TextColor,
        "color" => ColorSwitch,
        "div" => Symbol('÷', Bin),
        "cdot" | "centerdot" => Symbol('⋅', Bin),
        "ast" => Symbol('∗', Bin),
        "star" => Symbol('⋆', Bin),
        "circ" => Symbol('∘', Bin),
        "bullet" => Symbol('∙', Bin),
        "bigcirc" => Symbol('◯', Bin),
        "oplus" => Symbol('⊕', Bin),
        "ominus" => Symbol('⊖', Bin),
        "otimes" => Symbol('⊗', Bin),
        "oslash" => Symbol('⊘', Bin),
        "odot" => Symbol('⊙', Bin),
        "circledast" => Symbol('⊛', Bin),
        "circledcirc" => Symbol('⊚', Bin),
        "circleddash" => Symbol('⊝', Bin),
        "cup" => Symbol('∪', Bin),
        "cap" => Symbol('∩', Bin),
        "sqcup" => Symbol('⊔', Bin),
        "sqcap" => Symbol('⊓', Bin),
        "uplus" => Symbol('⊎', Bin),
        "vee" | "lor" => Symbol('∨', Bin),
        "wedge" | "land" => Symbol('∧', Bin),
        "setminus" | "smallsetminus" => Symbol('∖', Bin),
        "wr" => Symbol('≀', Bin),
        "amalg" => Symbol('⨿', Bin),
        "dagger" => Symbol('†', Bin),
        "ddagger" => Symbol('‡', Bin),
        "diamond" => Symbol('⋄', Bin),
        "triangleleft" => Symbol('◃', Bin),
        "triangleright" => Symbol('▹', Bin),
        "bigtriangleup" => Symbol('△', Bin),
        "bigtriangledown" => Symbol('▽', Bin),
        "lhd" => Symbol('⊲', Bin),
        "rhd" => Symbol('⊳', Bin),
        "unlhd" => Symbol('⊴', Bin),
        "unrhd" => Symbol('⊵', Bin),
        "ltimes" => Symbol('⋉', Bin),
        "rtimes" => Symbol('⋊', Bin),
        "boxplus" => Symbol('⊞', Bin),
        "boxminus" => Symbol('⊟', Bin),
        "boxtimes" => Symbol('⊠', Bin),
        "boxdot" => Symbol('⊡', Bin),
        "dotplus" => Symbol('∔', Bin),
        "divideontimes" => Symbol('⋇', Bin),
        "intercal" => Symbol('⊺', Bin),
        "veebar" => Symbol('⊻', Bin),
        "barwedge" => Symbol('⌅', Bin),
        "curlyvee" => Symbol('⋎', Bin),
        "curlywedge" => Symbol('⋏', Bin),

        // Relations.
        "le" | "leq" => Symbol('≤', Rel),
        "ge" | "geq" => Symbol('≥', Rel),
        "leqslant" => Symbol('⩽', Rel),
        "geqslant" => Symbol('⩾', Rel),
        "leqq" => Symbol('≦', Rel),
        "geqq" => Symbol('≧', Rel),
        "lneq" => Symbol('⪇', Rel),
        "gneq" => Symbol('⪈', Rel),
        "ne" | "neq" => Symbol('≠', Rel),
        "nless" => Symbol('≮', Rel),
        "ngtr" => Symbol('≯', Rel),
        "nleq" => Symbol('≰', Rel),
        "ngeq" => Symbol('≱', Rel),
        "approx" | "thickapprox" => Symbol('≈', Rel),
        "approxeq" => Symbol('≊', Rel),
        "equiv" => Symbol('≡', Rel),
        "sim" | "thicksim" => Symbol('∼', Rel),
        "nsim" => Symbol('≁', Rel),
        "backsim" => Symbol('∽', Rel),
        "simeq" => Symbol('≃', Rel),
        "eqsim" => Symbol('≂', Rel),
        "cong" => Symbol('≅', Rel),
        "ncong" => Symbol('≇', Rel),
        "propto" | "varpropto" => Symbol('∝', Rel),
        "in" => Symbol('∈', Rel),
        "notin" => Symbol('∉', Rel),
        "ni" | "owns" => Symbol('∋', Rel),
        "subset" => Symbol('⊂', Rel),
        "supset" => Symbol('⊃', Rel),
        "subseteq" => Symbol('⊆', Rel),
        "supseteq" => Symbol('⊇', Rel),
        "subsetneq" => Symbol('⊊', Rel),
        "supsetneq" => Symbol('⊋', Rel),
        "nsubseteq" => Symbol('⊈', Rel),
        "nsupseteq" => Symbol('⊉', Rel),
        "sqsubset" => Symbol('⊏', Rel),
        "sqsupset" => Symbol('⊐', Rel),
        "sqsubseteq" => Symbol('⊑', Rel),
        "sqsupseteq" => Symbol('⊒', Rel),
        "ll" => Symbol('≪', Rel),
        "gg" => Symbol('≫', Rel),
        "lll" => Symbol('⋘', Rel),
        "ggg" => Symbol('⋙', Rel),
        "lesssim" => Symbol('≲', Rel),
        "gtrsim" => Symbol('≳', Rel),
        "lessgtr" => Symbol('≶', Rel),
        "gtrless" => Symbol('≷', Rel),
        "prec" => Symbol('≺', Rel),
        "succ" => Symbol('≻', Rel),
        "preceq" => Symbol('⪯', Rel),
        "succeq" => Symbol('⪰', Rel),
        "perp" => Symbol('⊥', Rel),
        "parallel" => Symbol('∥', Rel),
        "nparallel" => Symbol('∦', Rel),
        "mid" => Symbol('∣', Rel),
        "nmid" => Symbol('∤', Rel),
        "vdash" => Symbol('⊢', Rel),
        "dashv" => Symbol('⊣', Rel),
        "models" | "vDash" => Symbol('⊨', Rel),
        "Vdash" => Symbol('⊩', Rel),
        "asymp" => Symbol('≍', Rel),
        "doteq" => Symbol('≐', Rel),
        "triangleq" => Symbol('≜', Rel),
        "coloneqq" | "coloneq" => Symbol('≔', Rel),
        "eqqcolon" | "eqcolon" => Symbol('≕', Rel),
        "bowtie" | "Join" => Symbol('⋈', Rel),
        "smile" => Symbol('⌣', Rel),
        "frown" => Symbol('⌢', Rel),
        "therefore" => Symbol('∴', Rel),
        "because" => Symbol('∵', Rel),
        // Arrows (relations).
        "to" | "rightarrow" => Symbol('→', Rel),
        "gets" | "leftarrow" => Symbol('←', Rel),
        "leftrightarrow" => Symbol('↔', Rel),
        "Rightarrow" => Symbol('⇒', Rel),
        "Leftarrow" => Symbol('⇐', Rel),
        "Leftrightarrow" => Symbol('⇔', Rel),
        "longrightarrow" => Symbol('⟶', Rel),
        "longleftarrow" => Symbol('⟵', Rel),
        "longleftrightarrow" => Symbol('⟷', Rel),
        "Longrightarrow" => Symbol('⟹', Rel),
        "Longleftarrow" => Symbol('⟸', Rel),
        "Longleftrightarrow" => Symbol('⟺', Rel),
        "iff" => SpacedRel('⟺'),
        "implies" => SpacedRel('⟹'),
        "impliedby" => SpacedRel('⟸'),
        "mapsto" => Symbol('↦', Rel),
        "longmapsto" => Symbol('⟼', Rel),
        "hookrightarrow" => Symbol('↪', Rel),
        "hookleftarrow" => Symbol('↩', Rel),
        "uparrow" => Symbol('↑', Rel),
        "downarrow" => Symbol('↓', Rel),
        "updownarrow" => Symbol('↕', Rel),
        "Uparrow" => Symbol('⇑', Rel),
        "Downarrow" => Symbol('⇓', Rel),
        "Updownarrow" => Symbol('⇕', Rel),
        "nearrow" => Symbol('↗', Rel),
        "searrow" => Symbol('↘', Rel),
        "swarrow" => Symbol('↙', Rel),
        "nwarrow" => Symbol('↖', Rel),
        "rightharpoonup" => Symbol('⇀', Rel),
        "rightharpoondown" => Symbol('⇁', Rel),
        "leftharpoonup" => Symbol('↼', Rel),
        "leftharpoondown" => Symbol('↽', Rel),
        "rightleftharpoons" => Symbol('⇌', Rel),
        "leftrightharpoons" => Symbol('⇋', Rel),
        "leadsto" | "rightsquigarrow" => Symbol('⇝', Rel),
        "twoheadrightarrow" => Symbol('↠', Rel),
        "twoheadleftarrow" => Symbol('↞', Rel),
        "nrightarrow" => Symbol('↛', Rel),
        "nleftarrow" => Symbol('↚', Rel),
        "nRightarrow" => Symbol('⇏', Rel),
        "nLeftarrow" => Symbol('⇍', Rel),
        "nleftrightarrow" => Symbol('↮', Rel),
        "nLeftrightarrow" => Symbol('⇎', Rel),
        "circlearrowleft" => Symbol('↺', Rel),
        "circlearrowright" => Symbol('↻', Rel),
        "curvearrowleft" => Symbol('↶', Rel),
        "curvearrowright" => Symbol('↷', Rel),
        "rightrightarrows" => Symbol('⇉', Rel),
        "leftleftarrows" => Symbol('⇇', Rel),
        "rightleftarrows" => Symbol('⇄', Rel),
        "leftrightarrows" => Symbol('⇆', Rel),
        "Rrightarrow" => Symbol('⇛', Rel),
        "Lleftarrow" => Symbol('⇚', Rel),

        // Large operators.
        "sum" => Symbol('∑', Large(Lim::Movable)),
        "prod" => Symbol('∏', Large(Lim::Movable)),
        "coprod" => Symbol('∐', Large(Lim::Movable)),
        "bigcup" => Symbol('⋃', Large(Lim::Movable)),
        "bigcap" => Symbol('⋂', Large(Lim::Movable)),
        "bigsqcup" => Symbol('⨆', Large(Lim::Movable)),
        "bigvee" => Symbol('⋁', Large(Lim::Movable)),
        "bigwedge" => Symbol('⋀', Large(Lim::Movable)),
        "bigoplus" => Symbol('⨁', Large(Lim::Movable)),
        "bigotimes" => Symbol('⨂', Large(Lim::Movable)),
        "bigodot" => Symbol('⨀', Large(Lim::Movable)),
        "biguplus" => Symbol('⨄', Large(Lim::Movable)),
        "int" | "intop" | "smallint" => Symbol('∫', Large(Lim::Never)),
        "iint" => Symbol('∬', Large(Lim::Never)),
        "iiint" => Symbol('∭', Large(Lim::Never)),
        "iiiint" => Symbol('⨌', Large(Lim::Never)),
        "oint" => Symbol('∮', Large(Lim::Never)),
        "oiint" => Symbol('∯', Large(Lim::Never)),
        "oiiint" => Symbol('∰', Large(Lim::Never)),

        // Named functions: (display name, Typst identifier, limits).
        "arccos" => Func("arccos", "arccos", Lim::Never),
        "arcsin" => Func("arcsin", "arcsin", Lim::Never),
        "arctan" => Func("arctan", "arctan", Lim::Never),
        "arg" => Func("arg", "arg", Lim::Never),
        "cos" => Func("cos", "cos", Lim::Never),
        "cosh" => Func("cosh", "cosh", Lim::Never),
        "cot" => Func("cot", "cot", Lim::Never),
        "coth" => Func("coth", "coth", Lim::Never),
        "csc" => Func("csc", "csc", Lim::Never),
        "deg" => Func("deg", "deg", Lim::Never),
        "dim" => Func("dim", "dim", Lim::Never),
        "exp" => Func("exp", "exp", Lim::Never),
        "hom" => Func("hom", "hom", Lim::Never),
        "ker" => Func("ker", "ker", Lim::Never),
        "lg" => Func("lg", "lg", Lim::Never),
        "ln" => Func("ln", "ln", Lim::Never),
        "log" => Func("log", "log", Lim::Never),
        "sec" => Func("sec", "sec", Lim::Never),
        "sin" => Func("sin", "sin", Lim::Never),
        "sinh" => Func("sinh", "sinh", Lim::Never),
        "tan" => Func("tan", "tan", Lim::Never),
        "tanh" => Func("tanh", "tanh", Lim::Never),
        "det" => Func("det", "det", Lim::Movable),
        "gcd" => Func("gcd", "gcd", Lim::Movable),
        "inf" => Func("inf", "inf", Lim::Movable),
        "lim" => Func("lim", "lim", Lim::Movable),
        "liminf" => Func("lim\u{2006}inf", "liminf", Lim::Movable),
        "limsup" => Func("lim\u{2006}sup", "limsup", Lim::Movable),
        "max" => Func("max", "max", Lim::Movable),
        "min" => Func("min", "min", Lim::Movable),
        "Pr" => Func("Pr", "Pr", Lim::Movable),
        "sup" => Func("sup", "sup", Lim::Movable),
        "bmod" => Bmod,
        "pmod" => Pmod,
        "mod" => Mod,
        "operatorname" => OperatorName,

        // Spaces.
        "thinspace" => Space(Sp::Thin),
        "medspace" => Space(Sp::Medium),
        "thickspace" => Space(Sp::Thick),
        "quad" => Space(Sp::Quad),
        "qquad" => Space(Sp::QQuad),
        "negthinspace" => Space(Sp::NegThin),
        "negmedspace" => Space(Sp::NegMedium),
        "negthickspace" => Space(Sp::NegThick),

        // Structures.
        "frac" | "cfrac" => Frac(None, false),
        "dfrac" => Frac(Some(MathStyle::Display), false),
        "tfrac" => Frac(Some(MathStyle::Text), false),
        "binom" => Frac(None, true),
        "dbinom" => Frac(Some(MathStyle::Display), true),
        "tbinom" => Frac(Some(MathStyle::Text), true),
        "sqrt" => Sqrt,
        "hat" => Accent(AccentKind::Hat),
        "widehat" => Accent(AccentKind::WideHat),
        "tilde" => Accent(AccentKind::Tilde),
        "widetilde" => Accent(AccentKind::WideTilde),
        "bar" => Accent(AccentKind::Bar),
        "vec" => Accent(AccentKind::Vec),
        "overrightarrow" => Accent(AccentKind::OverRightArrow),
        "overleftarrow" => Accent(AccentKind::OverLeftArrow),
        "overleftrightarrow" => Accent(AccentKind::OverLeftRightArrow),
        "dot" => Accent(AccentKind::Dot),
        "ddot" => Accent(AccentKind::DDot),
        "dddot" => Accent(AccentKind::DDDot),
        "acute" => Accent(AccentKind::Acute),
        "grave" => Accent(AccentKind::Grave),
        "breve" => Accent(AccentKind::Breve),
        "check" => Accent(AccentKind::Check),
        "mathring" => Accent(AccentKind::Ring),
        "overline" => Accent(AccentKind::Overline),
        "underline" => Accent(AccentKind::Underline),
        "overbrace" => Accent(AccentKind::Overbrace),
        "underbrace" => Accent(AccentKind::Underbrace),
        "overset" => OverSet,
        "underset" => UnderSet,
        "stackrel" => StackRel,
        "not" => Not,
        "phantom" | "hphantom" | "vphantom" => Phantom,

        // Fonts.
        "mathrm" | "mathup" => FontArg(Font::Roman),
        "mathbf" => FontArg(Font::Bold),
        "mathit" => FontArg(Font::Italic),
        "boldsymbol" | "bm" => FontArg(Font::BoldSymbol),
        "mathbb" => FontArg(Font::DoubleStruck),
        "mathcal" => FontArg(Font::Calligraphic),
        "mathscr" => FontArg(Font::Script),
        "mathfrak" => FontArg(Font::Fraktur),
        "mathsf" => FontArg(Font::SansSerif),
        "mathtt" => FontArg(Font::Monospace),
        "rm" => FontSwitch(Font::Roman),
        "bf" => FontSwitch(Font::Bold),
        "it" => FontSwitch(Font::Italic),
        "cal" => FontSwitch(Font::Calligraphic),
        "sf" => FontSwitch(Font::SansSerif),
        "tt" => FontSwitch(Font::Monospace),
        "text" | "textrm" | "textnormal" | "mbox" | "textup" => Text(None),
        "textbf" => Text(Some(Font::Bold)),
        "textit" | "textsl" => Text(Some(Font::Italic)),
        "textsf" => Text(Some(Font::SansSerif)),
        "texttt" => Text(Some(Font::Monospace)),
        "displaystyle" => StyleSwitch(MathStyle::Display),
        "textstyle" => StyleSwitch(MathStyle::Text),
        "scriptstyle" => StyleSwitch(MathStyle::Script),
        "scriptscriptstyle" => StyleSwitch(MathStyle::ScriptScript),

        // Delimiters and environments.
        "left" => Left,
        "middle" => Middle,
        "right" => Right,
        "big" => Big(DelimSize::Big, None),
        "Big" => Big(DelimSize::Big2, None),
        "bigg" => Big(DelimSize::Big3, None),
        "Bigg" => Big(DelimSize::Big4, None),
        "bigl" => Big(DelimSize::Big, Some(Open)),
        "Bigl" => Big(DelimSize::Big2, Some(Open)),
        "biggl" => Big(DelimSize::Big3, Some(Open)),
        "Biggl" => Big(DelimSize::Big4, Some(Open)),
        "bigr" => Big(DelimSize::Big, Some(Close)),
        "Bigr" => Big(DelimSize::Big2, Some(Close)),
        "biggr" => Big(DelimSize::Big3, Some(Close)),
        "Biggr" => Big(DelimSize::Big4, Some(Close)),
        "bigm" => Big(DelimSize::Big, Some(Rel)),
        "Bigm" => Big(DelimSize::Big2, Some(Rel)),
        "biggm" => Big(DelimSize::Big3, Some(Rel)),
        "Biggm" => Big(DelimSize::Big4, Some(Rel)),
        "begin" => Begin,
        "end" => End,
        "hline" => Hline,
        "label" => Label,
        "tag" => Tag,
        "nonumber" | "notag" => NoNumber,
        "limits" => Limits,
        "nolimits" => NoLimits,
        _ => return None,
    };
    Some(cmd)
}

/// The delimiter named by a command after `\left`, `\right`, `\big`, ….
pub(crate) fn delimiter_command(name: &str) -> Option<char> {
    let c = match name {
        "lbrace" | "{" => '{',
        "rbrace" | "}" => '}',
        "lbrack" => '[',
        "rbrack" => ']',
        "langle" => '⟨',
        "rangle" => '⟩',
        "lvert" | "rvert" | "vert" => '|',
        "lVert" | "rVert" | "Vert" | "|" => '‖',
        "lfloor" => '⌊',
        "rfloor" => '⌋',
        "lceil" => '⌈',
        "rceil" => '⌉',
        "lgroup" => '⟮',
        "rgroup" => '⟯',
        "llbracket" => '⟦',
        "rrbracket" => '⟧',
        "ulcorner" => '⌜',
        "urcorner" => '⌝',
        "llcorner" => '⌞',
        "lrcorner" => '⌟',
        "backslash" => '\\',
        "uparrow" => '↑',
        "downarrow" => '↓',
        "updownarrow" => '↕',
        "Uparrow" => '⇑',
        "Downarrow" => '⇓',
        "Updownarrow" => '⇕',
        _ => return None,
    };
    Some(c)
}

/// The delimiter meant by a plain character after `\left`, `\right`, ….
pub(crate) fn delimiter_char(c: char) -> Option<char> {
    match c {
        '(' | ')' | '[' | ']' | '|' | '/' => Some(c),
        '<' => Some('⟨'),
        '>' => Some('⟩'),
        _ => None,
    }
}

/// The default class of a delimiter character used on its own.
pub(crate) fn delimiter_class(c: char) -> Class {
    match c {
        '(' | '[' | '{' | '⟨' | '⌊' | '⌈' | '⟮' | '⟦' | '⌜' | '⌞' => Class::Open,
        ')' | ']' | '}' | '⟩' | '⌋' | '⌉' | '⟯' | '⟧' | '⌝' | '⌟' => Class::Close,
        '|' | '‖' => Class::Fence,
        '↑' | '↓' | '↕' | '⇑' | '⇓' | '⇕' => Class::Rel,
        _ => Class::Ord,
    }
}

/// The precomposed negation of a symbol (for `\not`).
pub(crate) fn negate(c: char) -> Option<char> {
    let n = match c {
        '=' => '≠',
        '<' => '≮',
        '>' => '≯',
        '∈' => '∉',
        '∋' => '∌',
        '⊂' => '⊄',
        '⊃' => '⊅',
        '⊆' => '⊈',
        '⊇' => '⊉',
        '≡' => '≢',
        '∼' => '≁',
        '≃' => '≄',
        '≈' => '≉',
        '≅' => '≇',
        '≤' => '≰',
        '≥' => '≱',
        '∣' => '∤',
        '∥' => '∦',
        '∃' => '∄',
        '≺' => '⊀',
        '≻' => '⊁',
        '⊢' => '⊬',
        '⊨' => '⊭',
        '←' => '↚',
        '→' => '↛',
        '⇐' => '⇍',
        '⇒' => '⇏',
        '↔' => '↮',
        '⇔' => '⇎',
        '≍' => '≭',
        '⊑' => '⋢',
        '⊒' => '⋣',
        _ => return None,
    };
    Some(n)
}

/// The class of a plain ASCII character in math mode (letters and digits
/// are handled by the parser).
pub(crate) fn ascii_class(c: char) -> Class {
    match c {
        '+' | '-' | '*' => Class::Bin,
        '=' | '<' | '>' | ':' => Class::Rel,
        '(' | '[' => Class::Open,
        ')' | ']' | '!' | '?' => Class::Close,
        ',' | ';' => Class::Punct,
        '|' => Class::Fence,
        _ => Class::Ord,
    }
}

/// The character a plain ASCII character stands for in math mode.
pub(crate) fn ascii_char(c: char) -> char {
    match c {
        '-' => '−',
        '*' => '∗',
        '`' => '‘',
        _ => c,
    }
}
