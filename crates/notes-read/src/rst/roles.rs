//! Interpreted text roles (`:role:`text``): the docutils roles, the Sphinx
//! roles notes use, and the domain cross-references (`:func:`, `:py:class:`
//! ...), each turned into the inlines Sphinx would show. A role this reader
//! does not know keeps its text, with a warning.

use notes_doc::{IndexEntry, Inline, Pending, Target};

use super::Reader;
use super::inline::{restore, unescape};
use super::source::Spot;

/// How a role is shown.
enum Shown {
    Emphasis,
    Strong,
    Code,
    /// Code with `{variable}` braces dropped (`:file:`, `:samp:`).
    CodeWithVariables,
    /// A formula, backslashes kept (`:math:`).
    Math,
    /// A reference to a numbered equation (`:eq:`), shown as its number.
    EqRef,
    Sub,
    Sup,
    Text,
    /// A cross-reference to an object of a programming language: code,
    /// with `~` and `()` handled as Sphinx does.
    Object {
        callable: bool,
    },
    Ref,
    Doc,
    Pep,
    Rfc,
    Index,
    MenuSelection,
}

/// What a role name means, without a domain prefix.
fn role_kind(name: &str) -> Option<Shown> {
    Some(match name {
        "emphasis" | "title-reference" | "title" | "t" | "term" | "dfn" | "guilabel" | "mailheader" | "newsgroup" | "mimetype" | "manpage" => Shown::Emphasis,
        "strong" | "command" | "program" => Shown::Strong,
        "literal" | "code" | "kbd" | "envvar" | "option" | "makevar" | "regexp" | "token" | "keyword" | "any" | "confval" | "productionlist" => Shown::Code,
        "file" | "samp" => Shown::CodeWithVariables,
        "math" => Shown::Math,
        "eq" => Shown::EqRef,
        "sub" | "subscript" => Shown::Sub,
        "sup" | "superscript" => Shown::Sup,
        "abbr" | "acronym" | "download" => Shown::Text,
        "func" | "meth" | "function" | "method" | "macro" => Shown::Object { callable: true },
        "class" | "mod" | "module" | "attr" | "attribute" | "exc" | "exception" | "data" | "const" | "obj" | "type" | "member" | "var" | "struct" | "union"
        | "enum" | "enumerator" | "expr" | "texpr" | "concept" | "event" | "role" | "directive" | "ref-object" => Shown::Object { callable: false },
        "ref" | "numref" => Shown::Ref,
        "doc" => Shown::Doc,
        "pep" | "pep-reference" => Shown::Pep,
        "rfc" | "rfc-reference" => Shown::Rfc,
        "index" => Shown::Index,
        "menuselection" => Shown::MenuSelection,
        _ => return None,
    })
}

/// Domains whose roles are cross-references (`:py:func:`).
const DOMAINS: &[&str] = &["py", "c", "cpp", "js", "rst", "std", "math"];

/// Splits `title <target>` (Sphinx's explicit title); escapes are NUL
/// before the escaped character.
fn explicit_title(content: &[char]) -> (Option<&[char]>, &[char]) {
    let trimmed_end = content.iter().rposition(|c| !c.is_whitespace()).map_or(0, |i| i + 1);
    let content = &content[..trimmed_end];
    if content.last() != Some(&'>') {
        return (None, content);
    }
    let close = content.len() - 1;
    let Some(open) = content[..close].iter().rposition(|&c| c == '<') else { return (None, content) };
    if open > 0 && content[open - 1] == '\0' {
        return (None, content);
    }
    let title = &content[..open];
    let title_end = title.iter().rposition(|c| !c.is_whitespace()).map_or(0, |i| i + 1);
    if title_end == 0 {
        return (None, content);
    }
    (Some(&title[..title_end]), &content[open + 1..close])
}

impl Reader<'_, '_, '_> {
    /// The inlines of interpreted text with `role` (the default role when
    /// `None`). `spot` and `len` locate the whole construct.
    ///
    /// `content_spot` is where the content starts (after the backquote).
    pub(super) fn role(&mut self, role: Option<&str>, content: &[char], spot: Spot, content_spot: Spot, len: u32) -> Vec<Inline> {
        let written = role.map(str::to_lowercase).or_else(|| self.default_role.clone());
        let Some(written) = written else { return vec![Inline::Emph { content: vec![Inline::text(unescape(content))] }] };
        let mut name = written.clone();
        // Roles made with the `role` directive: their base role, or text.
        let mut hops = 0;
        while let Some(base) = self.custom_roles.get(&name) {
            hops += 1;
            match base {
                Some(base) if hops < 8 => name = base.clone(),
                _ => return vec![Inline::text(unescape(content))],
            }
        }
        let kind = role_kind(&name).or_else(|| {
            let (domain, rest) = name.split_once(':')?;
            if DOMAINS.contains(&domain) { role_kind(rest) } else { None }
        });
        let Some(kind) = kind else {
            self.warn_help(
                "unknown-role",
                spot,
                len,
                format!("the role `:{written}:` is not known; its text is kept as plain text"),
                "known roles include :ref:, :doc:, :code:, :emphasis:, :strong:, :term:, :abbr:, :pep:, :rfc:, :kbd:, :file:, :math:, :sub:, :sup:",
            );
            return vec![Inline::text(unescape(content))];
        };
        let text = || unescape(content);
        match kind {
            Shown::Emphasis => {
                let (title, target) = explicit_title(content);
                vec![Inline::Emph { content: vec![Inline::text(unescape(title.unwrap_or(target)))] }]
            }
            Shown::Strong => vec![Inline::Strong { content: vec![Inline::text(text())] }],
            Shown::Code => vec![Inline::Code { text: text() }],
            Shown::CodeWithVariables => {
                let mut out = String::new();
                let mut i = 0;
                while i < content.len() {
                    match content[i] {
                        '\0' => {
                            if let Some(&c) = content.get(i + 1) {
                                out.push(c);
                            }
                            i += 2;
                            continue;
                        }
                        '{' | '}' => {}
                        '\n' => out.push(' '),
                        c => out.push(c),
                    }
                    i += 1;
                }
                vec![Inline::Code { text: out }]
            }
            Shown::Math => vec![Inline::Math { tex: restore(content), pos: self.pos(content_spot) }],
            Shown::EqRef => {
                let (title, target) = explicit_title(content);
                let label = super::whitespace_normalize(&unescape(target));
                if label.is_empty() {
                    self.warn("bad-role", spot, len, "this reference names no equation; its text is kept");
                    return vec![Inline::text(text())];
                }
                // Without a title of its own, the link shows the equation's number.
                let content = title.map(|t| vec![Inline::text(unescape(t))]).unwrap_or_default();
                vec![Inline::Link { target: Target::Pending(Pending::Label { label }), content, pos: self.pos(spot) }]
            }
            Shown::Sub => vec![Inline::Sub { content: vec![Inline::text(text())] }],
            Shown::Sup => vec![Inline::Sup { content: vec![Inline::text(text())] }],
            Shown::Text => {
                let (title, target) = explicit_title(content);
                vec![Inline::text(unescape(title.unwrap_or(target)))]
            }
            Shown::MenuSelection => {
                let shown = text().replace("-->", "\u{2023}").replace("&&", "\u{1}").replace('&', "").replace('\u{1}', "&");
                vec![Inline::Emph { content: vec![Inline::text(shown)] }]
            }
            Shown::Object { callable } => {
                let (title, target) = explicit_title(content);
                let shown = match title {
                    Some(t) => unescape(t),
                    None => {
                        let mut t = unescape(target);
                        t = t.trim_start_matches('!').to_string();
                        if let Some(rest) = t.strip_prefix('~') {
                            let rest = rest.trim_start_matches('.');
                            t = rest.rsplit('.').next().unwrap_or(rest).to_string();
                        } else {
                            t = t.trim_start_matches('.').to_string();
                        }
                        if callable && !t.ends_with(')') {
                            t.push_str("()");
                        }
                        t
                    }
                };
                vec![Inline::Code { text: shown }]
            }
            Shown::Ref => {
                let (title, target) = explicit_title(content);
                let label = super::whitespace_normalize(&unescape(target));
                let label = label.trim_start_matches('!').to_string();
                if label.is_empty() {
                    self.warn("bad-role", spot, len, "this reference names no label; its text is kept");
                    return vec![Inline::text(text())];
                }
                let content = title.map(|t| vec![Inline::text(unescape(t))]).unwrap_or_default();
                vec![Inline::Link { target: Target::Pending(Pending::Label { label }), content, pos: self.pos(spot) }]
            }
            Shown::Doc => {
                let (title, target) = explicit_title(content);
                let path = unescape(target).trim().trim_start_matches('!').to_string();
                if path.is_empty() {
                    self.warn("bad-role", spot, len, "this reference names no document; its text is kept");
                    return vec![Inline::text(text())];
                }
                let content = title.map(|t| vec![Inline::text(unescape(t))]).unwrap_or_default();
                let target = Target::Pending(Pending::Path { path, fragment: None, from: self.cx.path.to_string() });
                vec![Inline::Link { target, content, pos: self.pos(spot) }]
            }
            Shown::Pep | Shown::Rfc => {
                let is_pep = matches!(kind, Shown::Pep);
                let (title, target) = explicit_title(content);
                let target = unescape(target);
                let target = target.trim();
                let (number, anchor) = match target.split_once('#') {
                    Some((n, a)) => (n.trim(), Some(a)),
                    None => (target, None),
                };
                let Ok(n) = number.parse::<u32>() else {
                    let what = if is_pep { "PEP" } else { "RFC" };
                    self.warn("bad-role", spot, len, format!("{number:?} is not a {what} number; the text is kept"));
                    return vec![Inline::text(text())];
                };
                let mut url =
                    if is_pep { format!("https://peps.python.org/pep-{n:04}/") } else { format!("https://datatracker.ietf.org/doc/html/rfc{n}.html") };
                if let Some(a) = anchor {
                    url.push('#');
                    url.push_str(a);
                }
                let shown = match title {
                    Some(t) => unescape(t),
                    None => format!("{} {target}", if is_pep { "PEP" } else { "RFC" }),
                };
                vec![Inline::Link { target: Target::Url(url), content: vec![Inline::text(shown)], pos: self.pos(spot) }]
            }
            Shown::Index => {
                let (title, target) = explicit_title(content);
                let entries = match title {
                    Some(_) => index_entries(&unescape(target)),
                    None => {
                        let t = unescape(target);
                        let t = t.trim();
                        let (main, t) = match t.strip_prefix('!') {
                            Some(rest) => (true, rest.trim_start()),
                            None => (false, t),
                        };
                        // Sphinx's short form is a `single` entry: `a; b`
                        // is `b` under `a`.
                        let mut entries = index_entries(&format!("single: {t}"));
                        for e in &mut entries {
                            e.main = main;
                        }
                        entries
                    }
                };
                let shown = unescape(title.unwrap_or(target)).trim().trim_start_matches('!').to_string();
                let mut out: Vec<Inline> = entries.into_iter().map(|entry| Inline::Index { entry, id: String::new() }).collect();
                out.push(Inline::text(shown));
                out
            }
        }
    }
}

/// Index entries from one entry of an `index` directive or role, as Sphinx
/// reads them (`single: a; b`, `pair: a; b`, `triple: a; b; c`, `see: a; b`,
/// `seealso: a; b`, `module: x`, or a comma-separated list of terms; `!`
/// marks a main entry).
pub(super) fn index_entries(entry: &str) -> Vec<IndexEntry> {
    let entry = entry.trim();
    let (main, body) = match entry.strip_prefix('!') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, entry),
    };
    let parts = |value: &str| -> Vec<String> { value.split(';').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect() };
    let entry = |term: &str, subterm: Option<String>| IndexEntry { term: term.to_string(), subterm: subterm.filter(|s| !s.is_empty()), main };
    const PAIR_TYPES: &[&str] = &["module", "keyword", "operator", "object", "exception", "statement", "builtin"];
    if let Some((kind, value)) = body.split_once(':') {
        let kind = kind.trim();
        let value = value.trim();
        if PAIR_TYPES.contains(&kind) {
            return vec![entry(kind, Some(value.to_string())), entry(value, Some(kind.to_string()))];
        }
        match kind {
            "single" => {
                let p = parts(value);
                return match p.as_slice() {
                    [] => Vec::new(),
                    [term] => vec![entry(term, None)],
                    [term, rest @ ..] => vec![entry(term, Some(rest.join("; ")))],
                };
            }
            "pair" | "double" => {
                let p = parts(value);
                return match p.as_slice() {
                    [a, b, ..] => vec![entry(a, Some(b.clone())), entry(b, Some(a.clone()))],
                    [a] => vec![entry(a, None)],
                    [] => Vec::new(),
                };
            }
            "triple" => {
                let p = parts(value);
                return match p.as_slice() {
                    [a, b, c, ..] => vec![entry(a, Some(format!("{b} {c}"))), entry(b, Some(format!("{c}, {a}"))), entry(c, Some(format!("{a} {b}")))],
                    other => other.iter().map(|t| entry(t, None)).collect(),
                };
            }
            "see" | "seealso" => {
                let p = parts(value);
                let word = if kind == "see" { "see" } else { "see also" };
                return match p.as_slice() {
                    [a, b, ..] => vec![entry(a, Some(format!("{word} {b}")))],
                    [a] => vec![entry(a, None)],
                    [] => Vec::new(),
                };
            }
            _ => {}
        }
    }
    // Shorthand: a comma-separated list of single entries, each with its own `!`.
    entry_list(body, main)
}

fn entry_list(body: &str, first_main: bool) -> Vec<IndexEntry> {
    body.split(',')
        .enumerate()
        .filter_map(|(i, v)| {
            let v = v.trim();
            let (main, v) = match v.strip_prefix('!') {
                Some(rest) => (true, rest.trim_start()),
                None => (i == 0 && first_main, v),
            };
            (!v.is_empty()).then(|| IndexEntry { term: v.to_string(), subterm: None, main })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let c: Vec<char> = "Title <label>".chars().collect();
        let (t, l) = explicit_title(&c);
        assert_eq!(t.map(|t| t.iter().collect::<String>()).as_deref(), Some("Title"));
        assert_eq!(l.iter().collect::<String>(), "label");
        let c: Vec<char> = "label".chars().collect();
        assert!(explicit_title(&c).0.is_none());
    }

    #[test]
    fn index_kinds() {
        let e = index_entries("single: a; b");
        assert_eq!(e, vec![IndexEntry { term: "a".into(), subterm: Some("b".into()), main: false }]);
        let e = index_entries("pair: loop; statement");
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].term, "statement");
        let e = index_entries("triple: a; b; c");
        assert_eq!(e[1].subterm.as_deref(), Some("c, a"));
        let e = index_entries("!Python, snake");
        assert!(e[0].main && !e[1].main);
        let e = index_entries("see: tea; coffee");
        assert_eq!(e[0].subterm.as_deref(), Some("see coffee"));
        let e = index_entries("module: hashlib");
        assert_eq!(e[0].term, "module");
        assert_eq!(e[1].term, "hashlib");
    }

    #[test]
    fn the_index_role_short_form_is_a_single_entry() {
        let cx = crate::ReadContext { path: "t.rst", is_index: false, includes: &crate::NoIncludes };
        let mut diags = notes_doc::diag::Diagnostics::new();
        let file = std::path::PathBuf::from("t.rst");
        let mut fd = notes_doc::diag::FileDiagnostics { file: &file, diagnostics: &mut diags };
        let note = crate::rst::read("T\n=\n\nThe :index:`Python; GIL` and :index:`!Rust`.\n", &cx, &mut fd);
        let mut entries = Vec::new();
        notes_doc::walk_blocks(&note.blocks, &mut |b| {
            for seq in notes_doc::block_inlines(b) {
                for i in seq {
                    if let Inline::Index { entry, .. } = i {
                        entries.push(entry.clone());
                    }
                }
            }
        });
        assert_eq!(
            entries,
            [IndexEntry { term: "Python".into(), subterm: Some("GIL".into()), main: false }, IndexEntry { term: "Rust".into(), subterm: None, main: true }]
        );
        // The text shows what was written.
        let text: String = note
            .blocks
            .iter()
            .filter_map(|b| if let notes_doc::Block::Paragraph { content, .. } = b { Some(notes_doc::plain_text(content)) } else { None })
            .collect();
        assert!(text.contains("The Python; GIL and Rust."), "{text}");
    }
}
