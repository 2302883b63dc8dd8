//! The reStructuredText reader: turns one note written in reST (with the
//! Sphinx directives and roles notes use) into the same [`Note`] the
//! Markdown reader makes, so that nothing after the reader knows which
//! format a note came from.
//!
//! It follows docutils' rules (the state machine of `parsers/rst/states.py`)
//! for where blocks start and end, and differs on purpose in a few places,
//! each reported: a bullet folded into its list item's paragraph is made
//! the nested list its writer meant (`list-slip`); what it does not know
//! (a directive, a role) is kept as text with a warning, never dropped.
//!
//! Reading is two passes. The first parses blocks and inline markup in
//! document order; references whose target may be defined later (`name_`,
//! anonymous references, `|substitutions|`) are left as placeholders. The
//! second resolves the placeholders once every target, substitution and
//! footnote of the note is known, and checks footnote references.
//!
//! It must not: touch files other than through [`ReadContext::includes`],
//! make quotes curly, resolve links between notes or renumber headings
//! (normalization does that), recurse deeper than [`MAX_NESTING`] container
//! levels (deeper content is flattened), or panic on any input.

mod blocks;
mod directives;
mod explicit;
mod inline;
pub(crate) mod myst;
mod resolve;
mod roles;
mod source;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::{Note, ReadContext, Toc};
use notes_doc::diag::{Diagnostic, FileDiagnostics};
use notes_doc::{Block, Footnote, Inline, MAX_NESTING, Pos, TalkMeta};

use source::{LineRef, Sources, Spot};

/// Whether `name` is a directive the reST machinery knows (for MyST: a
/// fence named `{note}` is a directive, one named `{python}` a code cell).
pub(crate) fn is_directive(name: &str) -> bool {
    directives::is_known(name)
}

/// Reads one reStructuredText note.
pub fn read(text: &str, cx: &ReadContext, diags: &mut FileDiagnostics) -> Note {
    let text = notes_doc::text::clean_text(text);
    let mut reader = Reader::new(cx, diags);
    let main = reader.src.add(cx.path, &text, None, None);
    let lines = reader.src.file_lines(main);
    reader.flatten_budget = 16 * lines.len() + 100_000;
    let blocks = reader.parse_region(lines, 0, blocks::Region::Document);
    reader.finish(blocks)
}

/// How many warnings of one kind a note may give before the rest are
/// summed up in one line.
const WARNINGS_PER_KIND: u32 = 50;

/// A name a reference can point to, as the note defined it.
#[derive(Debug, Clone)]
enum TargetDef {
    /// An external target (`.. _name: https://…`, `` `text <url>`_ ``).
    Url(String),
    /// An internal target (`.. _name:` or `` _`name` ``): a book-wide label.
    Label(String),
    /// An indirect target (`.. _a: b_`): another name.
    Alias(String),
    /// A section title (an implicit target); `first` when it is the note's title.
    Section { title: String, first: bool },
}

/// What the first pass could not finish.
#[derive(Debug, Clone)]
enum Placeholder {
    /// `name_`, `` `phrase`_ ``, `` `text <alias_>`_ ``.
    Named { name: String, content: Vec<Inline>, spot: Spot, len: u32 },
    /// `name__`, `` `phrase`__ ``: the n-th anonymous target.
    Anonymous { index: usize, content: Vec<Inline>, spot: Spot, len: u32 },
    /// `|name|`, `|name|_`, `|name|__`.
    Substitution { name: String, link: Option<SubLink>, spot: Spot, len: u32 },
}

#[derive(Debug, Clone)]
enum SubLink {
    Named(String),
    Anonymous(usize),
}

/// Footnote and citation bookkeeping, to give references and bodies
/// matching ids.
#[derive(Default)]
struct Notes {
    /// References to `[#]_` and `[*]_` so far.
    auto_refs: usize,
    symbol_refs: usize,
    /// Bodies `.. [#]` and `.. [*]` so far.
    auto_defs: usize,
    symbol_defs: usize,
}

/// The reader of one note: the state of both passes.
struct Reader<'a, 'd, 'f> {
    cx: &'a ReadContext<'a>,
    diags: &'d mut FileDiagnostics<'f>,
    src: Sources,
    /// Section title styles in order of first appearance.
    title_styles: Vec<blocks::Style>,
    /// Level of the section being read (0 before any).
    section_level: usize,
    seen_heading: bool,
    title_labels: Vec<String>,
    tocs: Vec<Toc>,
    footnotes: Vec<Footnote>,
    meta: TalkMeta,
    targets: HashMap<String, (TargetDef, Spot)>,
    anonymous_targets: Vec<(TargetDef, Spot)>,
    anonymous_refs: usize,
    substitutions: HashMap<String, (Vec<Inline>, Spot)>,
    placeholders: Vec<Placeholder>,
    notes: Notes,
    /// Set by `highlight`: the language of literal blocks.
    default_language: Option<String>,
    /// Set by `default-role`.
    default_role: Option<String>,
    /// Roles defined with the `role` directive: name → base role (if any).
    custom_roles: HashMap<String, Option<String>>,
    warned_depth: bool,
    warning_counts: HashMap<&'static str, u32>,
    /// How many more lines flattened containers may hand back (see
    /// [`Reader::flatten`]).
    flatten_budget: usize,
    /// How many more bytes includes may bring in.
    include_budget: usize,
    /// How many more inlines substitutions may put into the text (so that
    /// substitutions of substitutions cannot grow without end).
    substitution_budget: usize,
    /// Whether the content of directives is Markdown: the reader is running
    /// a MyST directive of a Markdown note.
    myst: bool,
}

impl<'a, 'd, 'f> Reader<'a, 'd, 'f> {
    fn new(cx: &'a ReadContext<'a>, diags: &'d mut FileDiagnostics<'f>) -> Self {
        Reader {
            cx,
            diags,
            src: Sources::default(),
            title_styles: Vec::new(),
            section_level: 0,
            seen_heading: false,
            title_labels: Vec::new(),
            tocs: Vec::new(),
            footnotes: Vec::new(),
            meta: TalkMeta::default(),
            targets: HashMap::new(),
            anonymous_targets: Vec::new(),
            anonymous_refs: 0,
            substitutions: HashMap::new(),
            placeholders: Vec::new(),
            notes: Notes::default(),
            default_language: None,
            default_role: None,
            custom_roles: HashMap::new(),
            warned_depth: false,
            warning_counts: HashMap::new(),
            flatten_budget: 0,
            include_budget: directives::MAX_INCLUDED_BYTES,
            substitution_budget: 1 << 20,
            myst: false,
        }
    }

    /// The position in the note of a spot.
    fn pos(&self, spot: Spot) -> Pos {
        self.src.pos(spot)
    }

    /// The position where a line slice starts.
    fn pos_of(&self, r: LineRef) -> Pos {
        self.src.pos(self.src.start(r))
    }

    /// Builds a diagnostic at a spot (noting the included file it is in).
    fn diagnostic(&mut self, severity: notes_doc::diag::Severity, code: &'static str, spot: Spot, len: u32, message: String) -> Option<Diagnostic> {
        if severity >= notes_doc::diag::Severity::Warning {
            let count = self.warning_counts.entry(code).or_insert(0);
            *count += 1;
            if *count > WARNINGS_PER_KIND {
                return None;
            }
        }
        let message = match self.src.where_included(spot) {
            Some(at) => format!("{message} (in the included file {at})"),
            None => message,
        };
        let len = if self.src.where_included(spot).is_some() { 1 } else { len };
        Some(Diagnostic::new(severity, code, message).at(self.pos(spot), len))
    }

    /// A warning at a position in the note (for nodes that only keep theirs).
    fn warn_at(&mut self, code: &'static str, pos: Pos, len: u32, message: impl Into<String>) {
        let count = self.warning_counts.entry(code).or_insert(0);
        *count += 1;
        if *count <= WARNINGS_PER_KIND {
            self.diags.push(Diagnostic::warning(code, message).at(pos, len));
        }
    }

    fn warn(&mut self, code: &'static str, spot: Spot, len: u32, message: impl Into<String>) {
        if let Some(d) = self.diagnostic(notes_doc::diag::Severity::Warning, code, spot, len, message.into()) {
            self.diags.push(d);
        }
    }

    fn warn_help(&mut self, code: &'static str, spot: Spot, len: u32, message: impl Into<String>, help: impl Into<String>) {
        if let Some(d) = self.diagnostic(notes_doc::diag::Severity::Warning, code, spot, len, message.into()) {
            self.diags.push(d.with_help(help));
        }
    }

    fn info(&mut self, code: &'static str, spot: Spot, len: u32, message: impl Into<String>) {
        if let Some(d) = self.diagnostic(notes_doc::diag::Severity::Info, code, spot, len, message.into()) {
            self.diags.push(d);
        }
    }

    /// Whether a container may open at `depth`; warns once per note when not.
    fn may_nest(&mut self, depth: usize, spot: Spot) -> bool {
        if depth < MAX_NESTING {
            return true;
        }
        if !self.warned_depth {
            self.warned_depth = true;
            self.warn("nesting-too-deep", spot, 1, format!("content nested more than {MAX_NESTING} levels deep is set at level {MAX_NESTING}"));
        }
        false
    }

    /// Records a name a reference can point to. Explicit targets win over
    /// section titles; a name defined twice explicitly is reported.
    fn define_target(&mut self, name: String, def: TargetDef, spot: Spot, explicit: bool) {
        if name.is_empty() {
            return;
        }
        match self.targets.get(&name) {
            Some((TargetDef::Section { .. }, _)) if explicit => {}
            Some(_) if !explicit => return,
            Some((old, _)) => {
                let same = match (old, &def) {
                    (TargetDef::Url(a), TargetDef::Url(b)) | (TargetDef::Label(a), TargetDef::Label(b)) => a == b,
                    _ => false,
                };
                if !same {
                    self.warn(
                        "duplicate-target",
                        spot,
                        name.chars().count() as u32,
                        format!("the target name {name:?} is defined twice; references use the first"),
                    );
                }
                return;
            }
            None => {}
        }
        self.targets.insert(name, (def, spot));
    }

    /// Adds a placeholder and returns the inline that stands for it.
    fn placeholder(&mut self, p: Placeholder) -> Inline {
        self.placeholders.push(p);
        Inline::Anchor { id: format!("{PLACEHOLDER}{}", self.placeholders.len() - 1) }
    }

    fn finish(mut self, blocks: Vec<Block>) -> Note {
        let mut blocks = blocks;
        let mut footnotes = std::mem::take(&mut self.footnotes);
        self.resolve(&mut blocks, &mut footnotes);
        let mut over: Vec<(&'static str, u32)> =
            self.warning_counts.iter().filter(|(_, n)| **n > WARNINGS_PER_KIND).map(|(c, n)| (*c, *n - WARNINGS_PER_KIND)).collect();
        over.sort();
        for (code, more) in over {
            self.diags.info("more-warnings", Pos::new(1, 1), 1, format!("{more} more `{code}` warnings of this note are not shown"));
        }
        Note {
            title: None,
            meta: std::mem::take(&mut self.meta),
            blocks,
            footnotes,
            tocs: std::mem::take(&mut self.tocs),
            title_labels: std::mem::take(&mut self.title_labels),
            facts: Default::default(),
        }
    }
}

/// Marks the id of an [`Inline::Anchor`] that is a placeholder of the first
/// pass (the reader never lets a NUL into an id of its own).
const PLACEHOLDER: char = '\0';

/// docutils' `whitespace_normalize_name` and `normalize_name`: white space
/// squashed, and (for matching) lower case.
fn whitespace_normalize(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn normalize_name(name: &str) -> String {
    whitespace_normalize(name).to_lowercase()
}
