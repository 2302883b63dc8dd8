//! The second pass: once the whole note is read, every placeholder the
//! first pass left becomes what it stands for: a named or anonymous
//! reference a link to its target, a substitution its definition. Footnote
//! references are checked against the footnotes. What cannot be resolved
//! keeps its text, with a warning.

use std::collections::{HashMap, HashSet};

use notes_doc::{Block, Footnote, Inline, Pending, Target, walk_inline_seqs_mut};

use super::source::Spot;
use super::{PLACEHOLDER, Placeholder, Reader, SubLink, TargetDef};

/// How many names an alias chain or substitution nesting may go through.
const MAX_HOPS: usize = 16;

impl Reader<'_, '_, '_> {
    pub(super) fn resolve(&mut self, blocks: &mut [Block], footnotes: &mut [Footnote]) {
        // Substitutions first: their definitions may use other substitutions.
        let names: Vec<String> = self.substitutions.keys().cloned().collect();
        let mut done: HashMap<String, Vec<Inline>> = HashMap::new();
        for name in names {
            let mut stack = Vec::new();
            self.expand_substitution(&name, &mut stack, &mut done);
        }
        let ids: HashSet<String> = footnotes.iter().map(|f| f.id.clone()).collect();
        let mut referenced: HashSet<String> = HashSet::new();
        {
            let mut f = |seq: &mut Vec<Inline>| self.resolve_seq(seq, &done, &ids, &mut referenced);
            walk_inline_seqs_mut(blocks, &mut f);
            for note in footnotes.iter_mut() {
                walk_inline_seqs_mut(&mut note.blocks, &mut f);
            }
        }
        for note in footnotes.iter() {
            if !referenced.contains(&note.id) {
                let shown = note.label.clone().unwrap_or_else(|| shown_label(&note.id));
                let message = format!("the footnote or citation [{shown}] is never referenced, so it is not printed");
                self.warn_at("unreferenced-footnote", note.pos, shown.chars().count() as u32 + 2, message);
            }
        }
        let n = blocks.len();
        for toc in &mut self.tocs {
            toc.at_block = toc.at_block.min(n);
        }
    }

    /// The content of substitution `name`, its own substitutions and
    /// references resolved (memoized in `done`).
    fn expand_substitution(&mut self, name: &str, stack: &mut Vec<String>, done: &mut HashMap<String, Vec<Inline>>) -> Option<Vec<Inline>> {
        if let Some(d) = done.get(name) {
            return Some(d.clone());
        }
        let (content, spot) = self.substitutions.get(name).cloned()?;
        if stack.iter().any(|s| s == name) || stack.len() >= MAX_HOPS {
            self.warn("bad-substitution", spot, name.chars().count() as u32 + 2, format!("the substitution |{name}| refers to itself; it is shown as written"));
            return None;
        }
        stack.push(name.to_string());
        let mut out = Vec::new();
        for inline in content {
            match self.placeholder_of(&inline) {
                Some(Placeholder::Substitution { name: inner, link, spot, len }) => {
                    let key = self.substitution_key(&inner);
                    let inner_content = key.and_then(|k| self.expand_substitution(&k, stack, done));
                    let content = match inner_content {
                        Some(c) => c,
                        None => {
                            self.warn("unknown-substitution", spot, len, format!("the substitution |{inner}| is not defined; it is shown as written"));
                            vec![Inline::text(format!("|{inner}|"))]
                        }
                    };
                    let content = self.spend_substitution(content, &inner, spot, len);
                    out.extend(self.link_substitution(content, link, spot, len));
                }
                Some(p) => out.extend(self.resolve_reference(p)),
                None => out.push(inline),
            }
        }
        stack.pop();
        done.insert(name.to_string(), out.clone());
        Some(out)
    }

    /// The definition a substitution reference names: exactly, else
    /// ignoring case (as docutils does).
    fn substitution_key(&self, name: &str) -> Option<String> {
        if self.substitutions.contains_key(name) {
            return Some(name.to_string());
        }
        let lower = name.to_lowercase();
        self.substitutions.keys().find(|k| k.to_lowercase() == lower).cloned()
    }

    fn placeholder_of(&self, inline: &Inline) -> Option<Placeholder> {
        let Inline::Anchor { id } = inline else { return None };
        let index: usize = id.strip_prefix(PLACEHOLDER)?.parse().ok()?;
        self.placeholders.get(index).cloned()
    }

    fn resolve_seq(&mut self, seq: &mut Vec<Inline>, subs: &HashMap<String, Vec<Inline>>, ids: &HashSet<String>, referenced: &mut HashSet<String>) {
        if !seq.iter().any(|i| matches!(i, Inline::Anchor { id } if id.starts_with(PLACEHOLDER)) || matches!(i, Inline::FootnoteRef { .. })) {
            return;
        }
        let old = std::mem::take(seq);
        for inline in old {
            if let Inline::FootnoteRef { id, pos } = &inline {
                if ids.contains(id) {
                    referenced.insert(id.clone());
                    seq.push(inline);
                } else {
                    let shown = shown_label(id);
                    self.warn_at(
                        "unknown-footnote",
                        *pos,
                        shown.chars().count() as u32 + 3,
                        format!("there is no footnote or citation [{shown}]; the reference is kept as text"),
                    );
                    super::inline::push_text(seq, &format!("[{shown}]"));
                }
                continue;
            }
            match self.placeholder_of(&inline) {
                Some(Placeholder::Substitution { name, link, spot, len }) => {
                    let content = match self.substitution_key(&name).and_then(|k| subs.get(&k).cloned()) {
                        Some(c) => c,
                        None => {
                            self.warn("unknown-substitution", spot, len, format!("the substitution |{name}| is not defined; it is shown as written"));
                            vec![Inline::text(format!("|{name}|"))]
                        }
                    };
                    let content = self.spend_substitution(content, &name, spot, len);
                    seq.extend(self.link_substitution(content, link, spot, len));
                }
                Some(p) => seq.extend(self.resolve_reference(p)),
                None => seq.push(inline),
            }
        }
        merge_text(seq);
    }

    /// A substitution's content, if the note's budget for them allows;
    /// else its reference as written.
    fn spend_substitution(&mut self, content: Vec<Inline>, name: &str, spot: Spot, len: u32) -> Vec<Inline> {
        let size = inline_count(&content);
        match self.substitution_budget.checked_sub(size) {
            Some(left) => {
                self.substitution_budget = left;
                content
            }
            None => {
                self.warn("bad-substitution", spot, len, format!("the substitution |{name}| is not replaced: the substitutions of this note grow too large"));
                vec![Inline::text(format!("|{name}|"))]
            }
        }
    }

    /// `|name|_`: the substitution's content as a link.
    fn link_substitution(&mut self, content: Vec<Inline>, link: Option<SubLink>, spot: Spot, len: u32) -> Vec<Inline> {
        match link {
            None => content,
            Some(SubLink::Named(name)) => self.resolve_reference(Placeholder::Named { name, content, spot, len }),
            Some(SubLink::Anonymous(index)) => self.resolve_reference(Placeholder::Anonymous { index, content, spot, len }),
        }
    }

    /// A named or anonymous reference as a link (or its text, when its
    /// target is unknown).
    fn resolve_reference(&mut self, p: Placeholder) -> Vec<Inline> {
        let (def, content, spot, len, what) = match p {
            Placeholder::Named { name, content, spot, len } => {
                let def = self.follow(&name, spot);
                (def, content, spot, len, format!("the target {name:?} is not defined in this note"))
            }
            Placeholder::Anonymous { index, content, spot, len } => {
                let def = match self.anonymous_targets.get(index).cloned() {
                    Some((TargetDef::Alias(a), s)) => self.follow(&a, s),
                    Some((d, _)) => Some(d),
                    None => None,
                };
                (def, content, spot, len, "this anonymous reference (`__`) has no anonymous target to go to".to_string())
            }
            Placeholder::Substitution { name, .. } => return vec![Inline::text(format!("|{name}|"))],
        };
        let target = match def {
            Some(TargetDef::Url(u)) => Some(self.link_target(&u)),
            Some(TargetDef::Label(l)) => Some(Target::Pending(Pending::Label { label: l })),
            Some(TargetDef::Section { title, first }) => Some(if first {
                let stem = self.cx.path.rsplit('/').next().unwrap_or(self.cx.path);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                Target::Pending(Pending::Path { path: stem.to_string(), fragment: None, from: self.cx.path.to_string() })
            } else {
                Target::Pending(Pending::Fragment { fragment: title, from: self.cx.path.to_string() })
            }),
            Some(TargetDef::Alias(_)) | None => None,
        };
        match target {
            Some(target) => vec![Inline::Link { target, content, pos: self.pos(spot) }],
            None => {
                self.warn_help(
                    "unknown-target",
                    spot,
                    len,
                    format!("{what}; its text is kept without a link"),
                    "define it with `.. _name: URL`, or write the link as `` `text <URL>`_ ``",
                );
                content
            }
        }
    }

    /// Follows aliases (`.. _a: b_`) to a target that is not an alias.
    fn follow(&mut self, name: &str, spot: Spot) -> Option<TargetDef> {
        let mut name = name.to_string();
        for _ in 0..MAX_HOPS {
            match self.targets.get(&name).map(|(d, _)| d.clone()) {
                Some(TargetDef::Alias(next)) => name = next,
                other => return other,
            }
        }
        self.warn("unknown-target", spot, 1, format!("the target {name:?} is an alias of an alias ... more than {MAX_HOPS} times (a loop?)"));
        None
    }
}

/// How a footnote id is written in the note.
fn shown_label(id: &str) -> String {
    if id.starts_with("auto-") {
        "#".into()
    } else if id.starts_with("symbol-") {
        "*".into()
    } else {
        id.to_string()
    }
}

/// How many inlines a sequence holds, nested ones included.
fn inline_count(seq: &[Inline]) -> usize {
    seq.iter()
        .map(|i| match i {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Sub { content }
            | Inline::Sup { content }
            | Inline::Link { content, .. } => 1 + inline_count(content),
            _ => 1,
        })
        .sum()
}

/// Joins neighbouring text inlines.
fn merge_text(seq: &mut Vec<Inline>) {
    let old = std::mem::take(seq);
    for inline in old {
        match inline {
            Inline::Text { text } => super::inline::push_text(seq, &text),
            other => seq.push(other),
        }
    }
}
