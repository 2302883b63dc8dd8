//! Explicit markup blocks (`.. ` and `__ `): comments (dropped, as they
//! are the writer's), hyperlink targets (internal labels, external and
//! indirect targets, anonymous targets), footnotes and citations, and
//! substitution definitions; directives are handed to `directives`.

use notes_doc::{Block, Footnote, Inline};

use super::blocks::{Region, Sink};
use super::inline::{is_name_char, is_simplename, unescape, uri_of};
use super::source::LineRef;
use super::{Reader, TargetDef, normalize_name, whitespace_normalize};

/// docutils' `escape2null` on one line.
pub(super) fn escape2null(text: &str) -> Vec<char> {
    let mut c: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' {
            c[i] = '\0';
            i += 2;
        } else {
            i += 1;
        }
    }
    c
}

/// What a target points to.
pub(super) enum Reference {
    /// Nothing: an internal target (the next element).
    Empty,
    /// Another reference name.
    Alias(String),
    Uri(String),
}

/// docutils' `parse_target`: the reference part of a target, from its
/// lines (escapes as NUL).
pub(super) fn reference_of(lines: &[Vec<char>]) -> Reference {
    let trimmed: Vec<String> = lines.iter().map(|l| l.iter().collect::<String>().trim().to_string()).filter(|l| !l.is_empty()).collect();
    if trimmed.is_empty() {
        return Reference::Empty;
    }
    if trimmed.last().is_some_and(|l| l.ends_with('_')) {
        let joined: Vec<char> = whitespace_normalize(&trimmed.join(" ")).chars().collect();
        let n = joined.len();
        // `name_` or `` `phrase`_ ``, and nothing else.
        if n >= 2 && joined[n - 1] == '_' {
            let body = &joined[..n - 1];
            if is_simplename(body) {
                return Reference::Alias(normalize_name(&unescape(body)));
            }
            if body.len() >= 3 && body[0] == '`' && body[body.len() - 1] == '`' && body[1] != ' ' {
                let phrase = &body[1..body.len() - 1];
                if phrase.last().is_some_and(|c| !c.is_whitespace() && *c != '\0') {
                    return Reference::Alias(normalize_name(&unescape(phrase)));
                }
            }
        }
    }
    // A URI: unescaped white space dropped, escaped spaces kept.
    let joined: Vec<char> = trimmed.join(" ").chars().collect();
    Reference::Uri(uri_of(&joined))
}

/// Where a hyperlink target's name ends in `c` (the text after `.. _`):
/// (name, index where the reference starts); the name is `None` for an
/// anonymous target (`.. __:`).
fn target_name(c: &[char]) -> Option<(Option<Vec<char>>, usize)> {
    let colon_ok = |q: usize| c.get(q) == Some(&':') && matches!(c.get(q + 1), None | Some(' '));
    if c.first() == Some(&'_') {
        let q = if c.get(1) == Some(&' ') { 2 } else { 1 };
        return colon_ok(q).then_some((None, q + 1));
    }
    if c.first() == Some(&'`') {
        if matches!(c.get(1), None | Some(' ') | Some('`')) {
            return None;
        }
        for p in 2..c.len() {
            if c[p] == '`' && !c[p - 1].is_whitespace() && c[p - 1] != '\0' {
                let q = if c.get(p + 1) == Some(&' ') { p + 2 } else { p + 1 };
                if colon_ok(q) {
                    return Some((Some(c[1..p].to_vec()), q + 1));
                }
            }
        }
        return None;
    }
    if matches!(c.first(), None | Some(' ')) {
        return None;
    }
    for p in 1..c.len() {
        if !colon_ok(p) {
            continue;
        }
        let name_end = if c[p - 1] == ' ' { p - 1 } else { p };
        if name_end == 0 {
            continue;
        }
        let last = c[name_end - 1];
        if last.is_whitespace() || last == '\0' {
            continue;
        }
        if last == ':' && !(name_end >= 2 && c[name_end - 2] == '\0') {
            continue;
        }
        return Some((Some(c[..name_end].to_vec()), p + 1));
    }
    None
}

/// The label of a footnote (`1`, `#`, `#name`, `*`) or citation (a name)
/// at the start of `text` (after `.. `): (label, is citation, characters
/// up to the body).
fn footnote_label(text: &str) -> Option<(String, bool, usize)> {
    let rest = text.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    let after = &rest[close + 1..];
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    let chars: Vec<char> = label.chars().collect();
    let footnote = (!label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()))
        || label == "#"
        || label == "*"
        || label.strip_prefix('#').is_some_and(|n| is_simplename(&n.chars().collect::<Vec<_>>()));
    let citation = !footnote && is_simplename(&chars);
    if !footnote && !citation {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let used = 1 + label.chars().count() + 1 + spaces;
    Some((label.to_string(), citation, used))
}

/// `name::` (a directive) at the start of `text`: the name and the
/// characters up to its argument.
pub(super) fn directive_name(text: &str) -> Option<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut end = 0;
    while end < chars.len()
        && (is_name_char(chars[end])
            || (matches!(chars[end], '-' | '.' | '_' | '+' | ':')
                && end > 0
                && chars.get(end + 1).is_some_and(|c| is_name_char(*c))
                && is_name_char(chars[end - 1])))
    {
        end += 1;
    }
    if end == 0 {
        return None;
    }
    let mut i = end;
    if chars.get(i) == Some(&' ') {
        i += 1;
    }
    if chars.get(i) != Some(&':') || chars.get(i + 1) != Some(&':') {
        return None;
    }
    i += 2;
    if !matches!(chars.get(i), None | Some(' ')) {
        return None;
    }
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    Some((chars[..end].iter().collect::<String>().to_lowercase(), i))
}

impl Reader<'_, '_, '_> {
    /// A block starting with `..`.
    pub(super) fn explicit(&mut self, lines: &[LineRef], at: usize, depth: usize, region: Region, sink: &mut Sink) -> usize {
        let text = self.src.text(lines[at]).to_string();
        let spaces = text[2..].len() - text[2..].trim_start_matches(' ').len();
        let start = 2 + spaces;
        let body = &text[start..];
        if body.is_empty() {
            // `..` alone: an empty comment before a blank line, else a
            // comment of the indented block under it.
            if lines.get(at + 1).is_none_or(|l| self.src.is_blank(*l)) {
                return at + 1;
            }
            return self.src.first_known_indented(lines, at, 2, false, true).next;
        }
        if let Some((label, citation, used)) = footnote_label(body) {
            return self.footnote(lines, at, start + used, &label, citation, depth, sink);
        }
        if body.starts_with('_') && !matches!(body.as_bytes().get(1), None | Some(b' ')) {
            return self.target(lines, at, start + 1, sink);
        }
        if body.starts_with('|') && !matches!(body.as_bytes().get(1), None | Some(b' ')) {
            return self.substitution_def(lines, at, start + 1, sink);
        }
        if let Some((name, used)) = directive_name(body) {
            return self.directive(lines, at, start + used, &name, depth, region, sink);
        }
        // Anything else is a comment.
        self.src.first_known_indented(lines, at, start, false, true).next
    }

    #[allow(clippy::too_many_arguments)]
    fn footnote(&mut self, lines: &[LineRef], at: usize, marker: usize, label: &str, citation: bool, depth: usize, sink: &mut Sink) -> usize {
        let block = self.src.first_known_indented(lines, at, marker, false, true);
        let pos = self.pos_of(lines[at]);
        let spot = self.src.start(lines[at]);
        let (mut id, shown) = if citation {
            (normalize_name(label), Some(label.to_string()))
        } else if label == "#" {
            self.notes.auto_defs += 1;
            (format!("auto-{}", self.notes.auto_defs), None)
        } else if label == "*" {
            self.notes.symbol_defs += 1;
            (format!("symbol-{}", self.notes.symbol_defs), None)
        } else if let Some(name) = label.strip_prefix('#') {
            (normalize_name(name), None)
        } else {
            (label.to_string(), None)
        };
        if self.footnotes.iter().any(|f| f.id == id) {
            self.warn(
                "duplicate-footnote",
                spot,
                label.chars().count() as u32 + 2,
                format!("the footnote or citation [{label}] is defined twice; references go to the first"),
            );
            let mut n = 2;
            while self.footnotes.iter().any(|f| f.id == format!("{id}-{n}")) {
                n += 1;
            }
            id = format!("{id}-{n}");
        }
        if !self.may_nest(depth + 1, spot) {
            // Too deep to keep aside: its text stays where it is.
            sink.block(Block::Paragraph { content: vec![Inline::text(format!("[{label}]"))], pos });
            self.flatten(sink, block.lines, Region::Body);
            return block.next;
        }
        let blocks = self.parse_region(block.lines, depth + 1, Region::Body);
        self.footnotes.push(Footnote { id, label: shown, blocks, pos });
        block.next
    }

    /// `.. _name: reference` (or `.. __: reference`).
    fn target(&mut self, lines: &[LineRef], at: usize, after_underscore: usize, sink: &mut Sink) -> usize {
        let block = self.src.first_known_indented(lines, at, after_underscore, true, false);
        let spot = self.src.start(lines[at]);
        let pos = self.pos_of(lines[at]);
        // The name may run over lines (joined as they are).
        let line_chars: Vec<Vec<char>> = block.lines.iter().map(|l| escape2null(self.src.text(*l))).collect();
        let mut joined = Vec::new();
        let mut line_of = Vec::new();
        for (i, l) in line_chars.iter().enumerate() {
            joined.extend_from_slice(l);
            line_of.extend(std::iter::repeat_n(i, l.len()));
        }
        let Some((name, rest_at)) = target_name(&joined) else {
            let text = self.join(&lines[at..block.next]);
            self.warn("bad-target", spot, 3, "this hyperlink target is malformed (a `:` after its name is missing); its text is kept");
            sink.block(Block::Code { language: None, text: text.trim_end().to_string(), line_numbers: false, pos });
            return block.next;
        };
        // The reference: the rest of the line the name ended on, and the lines after.
        let mut reference: Vec<Vec<char>> = Vec::new();
        let rest_line = line_of.get(rest_at.saturating_sub(1)).copied().unwrap_or(0);
        let line_start: usize = line_chars[..rest_line.min(line_chars.len())].iter().map(Vec::len).sum();
        if let Some(l) = line_chars.get(rest_line) {
            reference.push(l[(rest_at - line_start).min(l.len())..].to_vec());
        }
        reference.extend(line_chars.iter().skip(rest_line + 1).cloned());
        let reference = reference_of(&reference);
        let Some(name) = name else {
            let def = match reference {
                Reference::Empty => {
                    let id = format!("anonymous-{}", self.anonymous_targets.len() + 1);
                    sink.block(Block::Anchor { id: id.clone(), pos });
                    TargetDef::Label(id)
                }
                Reference::Alias(a) => TargetDef::Alias(a),
                Reference::Uri(u) => TargetDef::Url(u),
            };
            self.anonymous_targets.push((def, spot));
            return block.next;
        };
        let name = normalize_name(&unescape(&name));
        match reference {
            Reference::Empty => {
                sink.block(Block::Anchor { id: name.clone(), pos });
                self.define_target(name.clone(), TargetDef::Label(name), spot, true);
            }
            Reference::Alias(alias) => self.define_target(name, TargetDef::Alias(alias), spot, true),
            Reference::Uri(uri) => {
                // Internal targets just before an external one are chained to it.
                if sink.more.is_empty() {
                    while let Some(Block::Anchor { id, .. }) = sink.out.last() {
                        let id = id.clone();
                        if !matches!(self.targets.get(&id), Some((TargetDef::Label(l), _)) if *l == id) {
                            break;
                        }
                        sink.out.pop();
                        self.targets.insert(id, (TargetDef::Url(uri.clone()), spot));
                    }
                }
                self.define_target(name, TargetDef::Url(uri), spot, true);
            }
        }
        block.next
    }

    /// What a reference written in an anonymous target points to.
    pub(super) fn target_reference(&self, lines: &[String]) -> TargetDef {
        let chars: Vec<Vec<char>> = lines.iter().map(|l| escape2null(l)).collect();
        match reference_of(&chars) {
            Reference::Empty => TargetDef::Label(format!("anonymous-{}", self.anonymous_targets.len() + 1)),
            Reference::Alias(a) => TargetDef::Alias(a),
            Reference::Uri(u) => TargetDef::Url(u),
        }
    }

    /// `.. |name| directive:: ...`.
    fn substitution_def(&mut self, lines: &[LineRef], at: usize, after_bar: usize, sink: &mut Sink) -> usize {
        let block = self.src.first_known_indented(lines, at, after_bar, false, false);
        let spot = self.src.start(lines[at]);
        let pos = self.pos_of(lines[at]);
        // The name ends at a `|` followed by white space, on the first lines.
        let mut found = None;
        let mut joined: Vec<char> = Vec::new();
        for (k, line) in block.lines.iter().enumerate().take(4) {
            if k > 0 {
                joined.push(' ');
            }
            let offset = joined.len();
            joined.extend(escape2null(self.src.text(*line).trim()));
            let from = 1.max(offset);
            for p in from..joined.len() {
                if joined[p] == '|'
                    && !joined[p - 1].is_whitespace()
                    && joined[p - 1] != '\0'
                    && matches!(joined.get(p + 1), None | Some(' '))
                    && joined[0] != ' '
                {
                    // Where the directive starts in this line.
                    let line_text = self.src.text(*line);
                    let lead = line_text.len() - line_text.trim_start().len();
                    let in_line = p + 1 - offset;
                    found = Some((k, joined[..p].to_vec(), lead + in_line));
                    break;
                }
            }
            if found.is_some() {
                break;
            }
        }
        let Some((k, name, cut)) = found else {
            self.warn("bad-substitution", spot, 3, "this substitution definition is malformed (its closing `|` is missing); its text is kept");
            let text = self.join(&lines[at..block.next]);
            sink.block(Block::Code { language: None, text: text.trim_end().to_string(), line_numbers: false, pos });
            return block.next;
        };
        let name = whitespace_normalize(&unescape(&name));
        let first = self.src.skip(block.lines[k], cut);
        let first_text = self.src.text(first);
        let lead = first_text.len() - first_text.trim_start().len();
        let first = self.src.skip(first, lead);
        let mut sub_lines = vec![first];
        sub_lines.extend(block.lines.iter().skip(k + 1).copied());
        let Some((directive, used)) = directive_name(self.src.text(first)) else {
            self.warn(
                "bad-substitution",
                spot,
                3,
                format!("the substitution |{name}| is not defined by a directive (`replace::`, `image::`, `unicode::`); it is left out"),
            );
            return block.next;
        };
        if let Some(content) = self.substitution_content(&sub_lines, used, &directive, &name, spot) {
            let key = name.clone();
            if self.substitutions.contains_key(&key) {
                self.warn(
                    "duplicate-substitution",
                    spot,
                    name.chars().count() as u32 + 2,
                    format!("the substitution |{name}| is defined twice; the first is used"),
                );
            } else {
                self.substitutions.insert(key, (content, spot));
            }
        }
        block.next
    }
}
