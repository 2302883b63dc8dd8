//! Settings from a Sphinx `conf.py`, read without running Python.
//!
//! Only plain top-level assignments are understood: `name = value` where
//! the value is made of string literals (`'…'`, `"…"`, `u'…'`, `r'…'`,
//! triple-quoted), numbers, `True`/`False`/`None`, tuples, lists and
//! dictionaries of those, names assigned earlier, and `+` between strings
//! or lists. From them come the book's title, authors, release, language,
//! publisher and contents depth, as Sphinx's LaTeX builder would choose
//! them. Everything else (imports, functions, `%` formatting, indented
//! code) is skipped, and what was skipped is listed in one remark.
//!
//! It must not run or import anything, and never panics on any input.

use std::collections::HashMap;

use crate::config::Config;
use notes_doc::Pos;
use notes_doc::diag::FileDiagnostics;

/// A Python value this reader understands.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    None,
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
}

impl Value {
    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Str(String),
    /// A string this reader cannot take literally (an f-string).
    Opaque,
    Number(String),
    Op(char),
    /// Any other operator (`==`, `+=`, `**` ...).
    Other,
}

/// One logical line: its tokens, its first line, and whether it starts at
/// the left margin (top level).
struct Statement {
    tokens: Vec<Token>,
    line: u32,
    top_level: bool,
}

/// Splits Python source into logical lines of tokens. Never fails: what it
/// cannot read becomes [`Token::Other`].
fn statements(text: &str) -> Vec<Statement> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut line = 1u32;
    let mut start_line = 1u32;
    let mut at_line_start = true;
    let mut top_level = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if at_line_start && depth == 0 && tokens.is_empty() {
            // Indentation of a new logical line.
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\t' || chars[j] == '\u{c}') {
                j += 1;
            }
            top_level = j == i;
            start_line = line;
            at_line_start = false;
            i = j;
            continue;
        }
        match c {
            '\n' => {
                line += 1;
                i += 1;
                if depth == 0 {
                    if !tokens.is_empty() {
                        out.push(Statement { tokens: std::mem::take(&mut tokens), line: start_line, top_level });
                    }
                    at_line_start = true;
                }
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                line += 1;
                i += 2;
            }
            ' ' | '\t' | '\r' | '\u{c}' => i += 1,
            ';' if depth == 0 => {
                if !tokens.is_empty() {
                    out.push(Statement { tokens: std::mem::take(&mut tokens), line: start_line, top_level });
                }
                i += 1;
            }
            '(' | '[' | '{' => {
                depth += 1;
                tokens.push(Token::Op(c));
                i += 1;
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                tokens.push(Token::Op(c));
                i += 1;
            }
            c if c.is_alphabetic() || c == '_' => {
                let s = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[s..i].iter().collect();
                let prefix = word.to_ascii_lowercase();
                let is_prefix = matches!(prefix.as_str(), "u" | "r" | "b" | "br" | "rb" | "f" | "fr" | "rf");
                if is_prefix && matches!(chars.get(i), Some('\'') | Some('"')) {
                    let (value, next, lines) = string_literal(&chars, i, prefix.contains('r'));
                    line += lines;
                    i = next;
                    tokens.push(if prefix.contains('f') { Token::Opaque } else { Token::Str(value) });
                } else {
                    tokens.push(Token::Name(word));
                }
            }
            '\'' | '"' => {
                let (value, next, lines) = string_literal(&chars, i, false);
                line += lines;
                i = next;
                tokens.push(Token::Str(value));
            }
            c if c.is_ascii_digit() => {
                let s = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Number(chars[s..i].iter().collect()));
            }
            '=' | '+' | ',' | ':' | '%' | '.' | '-' | '*' => {
                // Two-character operators (`==`, `+=`, `**` ...) are not ours.
                let next = chars.get(i + 1).copied();
                let two = matches!((c, next), ('=' | '+' | '-' | '*' | '%' | ':', Some('=')) | ('*', Some('*')));
                if two {
                    tokens.push(Token::Other);
                    i += 2;
                } else {
                    tokens.push(Token::Op(c));
                    i += 1;
                }
            }
            _ => {
                tokens.push(Token::Other);
                i += 1;
            }
        }
    }
    if !tokens.is_empty() {
        out.push(Statement { tokens, line: start_line, top_level });
    }
    out
}

/// A string literal starting at `chars[i]` (its quote): its value, the
/// index after it, and how many newlines it spans.
fn string_literal(chars: &[char], i: usize, raw: bool) -> (String, usize, u32) {
    let q = chars[i];
    let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    let mut out = String::new();
    let mut lines = 0;
    while j < chars.len() {
        let c = chars[j];
        if c == q && (!triple || (chars.get(j + 1) == Some(&q) && chars.get(j + 2) == Some(&q))) {
            return (out, if triple { j + 3 } else { j + 1 }, lines);
        }
        if c == '\n' {
            lines += 1;
            if !triple {
                // An unclosed string ends at the line's end.
                return (out, j, lines - 1);
            }
        }
        if c == '\\' && j + 1 < chars.len() {
            let n = chars[j + 1];
            if raw {
                out.push('\\');
                out.push(n);
                if n == '\n' {
                    lines += 1;
                }
                j += 2;
                continue;
            }
            j += 2;
            match n {
                '\n' => lines += 1,
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' | '\'' | '"' => out.push(n),
                'x' | 'u' | 'U' => {
                    let len = match n {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = chars[j..(j + len).min(chars.len())].iter().collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) if hex.len() == len => {
                            out.push(ch);
                            j += len;
                        }
                        _ => {
                            out.push('\\');
                            out.push(n);
                        }
                    }
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
            continue;
        }
        out.push(c);
        j += 1;
    }
    (out, j, lines)
}

/// Parses one expression of `tokens` from `*i`, with the names assigned so far.
struct Parser<'t> {
    tokens: &'t [Token],
    i: usize,
    vars: &'t HashMap<String, Value>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn eat(&mut self, op: char) -> bool {
        if self.peek() == Some(&Token::Op(op)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// `atom (+ atom)*`, with a depth limit on nesting.
    fn expr(&mut self, depth: usize) -> Option<Value> {
        if depth > 32 {
            return None;
        }
        let mut value = self.atom(depth)?;
        while self.eat('+') {
            let right = self.atom(depth)?;
            value = match (value, right) {
                (Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
                (Value::List(mut a), Value::List(b)) => {
                    a.extend(b);
                    Value::List(a)
                }
                (Value::Int(a), Value::Int(b)) => Value::Int(a.checked_add(b)?),
                _ => return None,
            };
        }
        Some(value)
    }

    fn atom(&mut self, depth: usize) -> Option<Value> {
        let token = self.peek()?.clone();
        self.i += 1;
        match token {
            Token::Str(s) => {
                // Adjacent literals join.
                let mut s = s;
                while let Some(Token::Str(more)) = self.peek() {
                    s.push_str(more);
                    self.i += 1;
                }
                Some(Value::Str(s))
            }
            Token::Number(n) => n.replace('_', "").parse().ok().map(Value::Int),
            Token::Op('-') => match self.atom(depth + 1)? {
                Value::Int(n) => Some(Value::Int(n.checked_neg()?)),
                _ => None,
            },
            Token::Name(name) => match name.as_str() {
                "True" => Some(Value::Bool(true)),
                "False" => Some(Value::Bool(false)),
                "None" => Some(Value::None),
                _ => {
                    // A plain earlier name, not an attribute or a call.
                    if matches!(self.peek(), Some(Token::Op('.')) | Some(Token::Op('(')) | Some(Token::Op('['))) {
                        return None;
                    }
                    self.vars.get(&name).cloned()
                }
            },
            Token::Op('(') => {
                if self.eat(')') {
                    return Some(Value::List(Vec::new()));
                }
                let first = self.expr(depth + 1)?;
                if self.eat(')') {
                    return Some(first);
                }
                let mut items = vec![first];
                while self.eat(',') {
                    if self.eat(')') {
                        return Some(Value::List(items));
                    }
                    items.push(self.expr(depth + 1)?);
                }
                self.eat(')').then_some(Value::List(items))
            }
            Token::Op('[') => {
                let mut items = Vec::new();
                loop {
                    if self.eat(']') {
                        return Some(Value::List(items));
                    }
                    items.push(self.expr(depth + 1)?);
                    if !self.eat(',') {
                        return self.eat(']').then_some(Value::List(items));
                    }
                }
            }
            Token::Op('{') => {
                let mut items = Vec::new();
                loop {
                    if self.eat('}') {
                        return Some(Value::Dict(items));
                    }
                    let key = self.expr(depth + 1)?;
                    if !self.eat(':') {
                        return None;
                    }
                    let value = self.expr(depth + 1)?;
                    items.push((key, value));
                    if !self.eat(',') {
                        return self.eat('}').then_some(Value::Dict(items));
                    }
                }
            }
            _ => None,
        }
    }
}

/// The plain assignments of a `conf.py`, in order (later ones win), and
/// what was skipped: names whose value could not be read, and how many
/// other statements there were.
fn assignments(text: &str) -> (HashMap<String, Value>, Vec<(String, u32)>, usize) {
    let mut vars = HashMap::new();
    let mut skipped = Vec::new();
    let mut other = 0;
    for st in statements(text) {
        let t = &st.tokens;
        let simple = st.top_level && t.len() >= 3 && matches!(t[0], Token::Name(_)) && t[1] == Token::Op('=');
        let Token::Name(name) = &t[0] else {
            other += 1;
            continue;
        };
        if !simple {
            other += 1;
            continue;
        }
        let mut p = Parser { tokens: &t[2..], i: 0, vars: &vars };
        match p.expr(0) {
            Some(value) if p.i == t.len() - 2 => {
                vars.insert(name.clone(), value);
            }
            _ => {
                vars.remove(name);
                skipped.push((name.clone(), st.line));
            }
        }
    }
    (vars, skipped, other)
}

/// The names of the settings this reader uses.
const USED: &[&str] = &[
    "project",
    "author",
    "copyright",
    "release",
    "version",
    "language",
    "latex_documents",
    "latex_elements",
    "epub_title",
    "epub_author",
    "epub_publisher",
    "epub_copyright",
    "epub_tocdepth",
    "exclude_patterns",
    "root_doc",
    "master_doc",
    "extensions",
    "source_suffix",
];

/// What a `conf.py` says about which files are notes: read by the Sphinx
/// layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectFacts {
    /// `exclude_patterns`, as written (globs relative to the source folder).
    pub exclude_patterns: Vec<String>,
    /// `root_doc` (or the older `master_doc`), without extension.
    pub root_doc: Option<String>,
    /// `extensions`.
    pub extensions: Vec<String>,
}

/// Reads the facts about files from a `conf.py`, never running it.
pub fn project_facts(text: &str) -> ProjectFacts {
    let (vars, _, _) = assignments(text);
    let strings = |name: &str| match vars.get(name) {
        Some(Value::List(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::Str(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let root_doc = ["root_doc", "master_doc"].iter().find_map(|n| vars.get(*n).and_then(Value::as_str)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    ProjectFacts { exclude_patterns: strings("exclude_patterns"), root_doc, extensions: strings("extensions") }
}

/// "2011, Josh Bohde" or "2010-2012 Ann" → the names after the years.
fn holder_of_copyright(copyright: &str) -> Option<String> {
    let rest = copyright.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '–' || c == ',' || c == ' ');
    let rest = rest.trim().trim_end_matches('.').trim();
    (!rest.is_empty() && rest.len() < copyright.len()).then(|| rest.to_string())
}

/// `\setcounter{tocdepth}{N}` in a LaTeX preamble.
fn latex_tocdepth(preamble: &str) -> Option<i64> {
    let at = preamble.find("\\setcounter{tocdepth}{")?;
    let rest = &preamble[at + "\\setcounter{tocdepth}{".len()..];
    rest[..rest.find('}')?].trim().parse().ok()
}

/// Takes the plain assignments of a `conf.py` into `config`.
pub fn apply(text: &str, config: &mut Config, diags: &mut FileDiagnostics) {
    let (vars, skipped, other) = assignments(text);
    let get = |name: &str| vars.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    // Sphinx's LaTeX builder: the first of `latex_documents` is the book.
    let latex = match vars.get("latex_documents") {
        Some(Value::List(docs)) => match docs.first() {
            Some(Value::List(doc)) => Some(doc.clone()),
            _ => None,
        },
        _ => None,
    };
    let latex_field = |i: usize| latex.as_ref().and_then(|d| d.get(i)).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let title =
        latex_field(2).map(str::to_string).or_else(|| get("epub_title").map(str::to_string)).or_else(|| get("project").map(|p| format!("{p} Documentation")));
    if let Some(title) = title {
        config.title = title;
    }
    let authors: Vec<String> = match latex_field(3) {
        Some(a) => a.split("\\and").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        None => get("author")
            .or_else(|| get("epub_author"))
            .map(str::to_string)
            .or_else(|| get("copyright").or_else(|| get("epub_copyright")).and_then(holder_of_copyright))
            .into_iter()
            .collect(),
    };
    if !authors.is_empty() {
        config.author = None;
        config.authors = authors;
    }
    if let Some(release) = get("release").or_else(|| get("version")) {
        config.release = Some(release.to_string());
    }
    if let Some(language) = get("language") {
        let tag = language.replace('_', "-");
        if tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            config.language = tag;
        }
    }
    if let Some(publisher) = get("epub_publisher") {
        config.publisher = Some(publisher.to_string());
    }
    // Contents depth: LaTeX's tocdepth counts from chapters (0), the book's
    // contents from events (1).
    if let Some(Value::Dict(elements)) = vars.get("latex_elements")
        && let Some(depth) = elements.iter().find(|(k, _)| k.as_str() == Some("preamble")).and_then(|(_, v)| v.as_str()).and_then(latex_tocdepth)
    {
        config.contents_depth = (depth + 1).clamp(1, 6) as u8;
    }
    if let Some(Value::Int(depth)) = vars.get("epub_tocdepth") {
        config.nav_depth = Some((*depth).clamp(1, 6) as u8);
    }
    // One remark for everything else.
    let mut unused: Vec<String> = vars.keys().filter(|k| !USED.contains(&k.as_str())).cloned().collect();
    unused.sort();
    let unread: Vec<String> = skipped.iter().map(|(n, _)| n.clone()).collect();
    if !unused.is_empty() || !unread.is_empty() || other > 0 {
        let mut parts = Vec::new();
        if !unread.is_empty() {
            parts.push(format!("values that are not plain literals: {}", unread.join(", ")));
        }
        if !unused.is_empty() {
            parts.push(format!("settings the book does not use: {}", unused.join(", ")));
        }
        if other > 0 {
            parts.push(format!("{other} other statement{}", if other == 1 { "" } else { "s" }));
        }
        let line = skipped.first().map_or(1, |(_, l)| *l);
        diags.info(
            "sphinx-config",
            Pos::new(line, 1),
            1,
            format!("from conf.py only the title, authors, release, language, publisher and contents depth are taken; ignored: {}", parts.join("; ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notes_doc::diag::{Diagnostics, Severity};
    use std::path::Path;

    /// What sphinx-quickstart wrote in 2011 (Sphinx 1.0), trimmed a little.
    const QUICKSTART_2011: &str = r#"# -*- coding: utf-8 -*-
#
# josbohde-event-notes documentation build configuration file, created by
# sphinx-quickstart on Wed Oct  5 08:33:37 2011.
#
# This file is execfile()d with the current directory set to its containing dir.

import sys, os

# If extensions (or modules to document with autodoc) are in another directory,
# add these directories to sys.path here.
#sys.path.insert(0, os.path.abspath('.'))

# -- General configuration -----------------------------------------------------

# Add any Sphinx extension module names here, as strings.
extensions = []

# Add any paths that contain templates here, relative to this directory.
templates_path = ['_templates']

# The suffix of source filenames.
source_suffix = '.rst'

# The master toctree document.
master_doc = 'index'

# General information about the project.
project = u'josbohde-event-notes'
copyright = u'2011, Josh Bohde'

# The short X.Y version.
version = '0.1'
# The full version, including alpha/beta/rc tags.
release = '0.1'

# The language for content autogenerated by Sphinx.
#language = None

exclude_patterns = ['_build']

pygments_style = 'sphinx'

# -- Options for HTML output ---------------------------------------------------

html_theme = 'default'
html_static_path = ['_static']
htmlhelp_basename = 'josbohde-event-notesdoc'

# -- Options for LaTeX output --------------------------------------------------

latex_elements = {
# The paper size ('letterpaper' or 'a4paper').
#'papersize': 'letterpaper',

# Additional stuff for the LaTeX preamble.
#'preamble': '',
}

# Grouping the document tree into LaTeX files. List of tuples
# (source start file, target name, title, author, documentclass [howto/manual]).
latex_documents = [
  ('index', 'josbohde-event-notes.tex', u'josbohde-event-notes Documentation',
   u'Josh Bohde', 'manual'),
]

# -- Options for manual page output --------------------------------------------

man_pages = [
    ('index', 'josbohde-event-notes', u'josbohde-event-notes Documentation',
     [u'Josh Bohde'], 1)
]

# -- Options for Epub output ---------------------------------------------------

epub_title = u'josbohde-event-notes'
epub_author = u'Josh Bohde'
epub_publisher = u'Josh Bohde'
epub_copyright = u'2011, Josh Bohde'

def setup(app):
    app.add_stylesheet('custom.css')
"#;

    /// What sphinx-quickstart writes today.
    const QUICKSTART_NOW: &str = r#"# Configuration file for the Sphinx documentation builder.
#
# For the full list of built-in configuration values, see the documentation:
# https://www.sphinx-doc.org/en/master/usage/configuration.html

# -- Project information -----------------------------------------------------

project = 'Conference Notes'
copyright = '2024, Ann Lee'
author = 'Ann Lee'
release = '2.1'

# -- General configuration ---------------------------------------------------

extensions = []

templates_path = ['_templates']
exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']

language = 'pt_BR'

# -- Options for HTML output -------------------------------------------------

html_theme = 'alabaster'
html_static_path = ['_static']
"#;

    fn apply_to_default(text: &str) -> (Config, Diagnostics) {
        let mut config = Config::default();
        let mut d = Diagnostics::new();
        apply(text, &mut config, &mut FileDiagnostics { file: Path::new("conf.py"), diagnostics: &mut d });
        (config, d)
    }

    #[test]
    fn quickstart_2011() {
        let (c, d) = apply_to_default(QUICKSTART_2011);
        assert_eq!(c.title, "josbohde-event-notes Documentation");
        assert_eq!(c.all_authors(), ["Josh Bohde"]);
        assert_eq!(c.release.as_deref(), Some("0.1"));
        assert_eq!(c.language, "en");
        assert_eq!(c.publisher.as_deref(), Some("Josh Bohde"));
        // One remark, no warning.
        assert_eq!(d.len(), 1);
        let remark = d.iter().next().unwrap();
        assert_eq!(remark.severity, Severity::Info);
        assert!(remark.message.contains("html_theme") && remark.message.contains("other statements"), "{}", remark.message);
        assert!(!remark.message.contains("epub_title") && !remark.message.contains("latex_documents"), "{}", remark.message);
    }

    #[test]
    fn quickstart_now() {
        let (c, _) = apply_to_default(QUICKSTART_NOW);
        assert_eq!(c.title, "Conference Notes Documentation");
        assert_eq!(c.all_authors(), ["Ann Lee"]);
        assert_eq!(c.release.as_deref(), Some("2.1"));
        assert_eq!(c.language, "pt-BR");
    }

    #[test]
    fn precedence_and_expressions() {
        let text = "project = 'P'\nversion = '1.0'\nname = u'A' + \" B\" 'C'\nauthor = name\nepub_title = 'From \\\n epub'\nlatex_documents = [('index', 'x.tex', r'The \\Book', 'Ann \\\\and Bo', 'manual')]\nlatex_elements = {'preamble': r'\\setcounter{tocdepth}{2}'}\nepub_tocdepth = 2\n";
        let (c, _) = apply_to_default(text);
        assert_eq!(c.title, "The \\Book");
        assert_eq!(c.all_authors(), ["Ann", "Bo"]);
        assert_eq!(c.release.as_deref(), Some("1.0"));
        assert_eq!(c.contents_depth, 3);
        assert_eq!(c.nav_depth, Some(2));
        let (c, _) = apply_to_default("project = 'P'\nepub_title = 'E'\nauthor = 'A' + 'B'\n");
        assert_eq!(c.title, "E");
        assert_eq!(c.all_authors(), ["AB"]);
        let (c, _) = apply_to_default("copyright = '2010-2012, Cy Dee'\nproject = 'P'\n");
        assert_eq!(c.all_authors(), ["Cy Dee"]);
    }

    #[test]
    fn what_is_not_plain_is_skipped() {
        let text = "import os\nproject = u'%s notes' % 'x'\nrelease = os.environ['R']\nif True:\n    author = 'Nope'\nversion = '2'\nlanguage = f'{x}'\n";
        let (c, d) = apply_to_default(text);
        assert_eq!(c.title, Config::default().title);
        assert!(c.all_authors().is_empty());
        assert_eq!(c.release.as_deref(), Some("2"));
        assert_eq!(c.language, "en");
        let remark = d.iter().next().unwrap();
        assert!(remark.message.contains("project, release, language"), "{}", remark.message);
        assert_eq!(remark.line, 2);
    }

    #[test]
    fn any_input_is_safe() {
        for text in [
            "",
            "=",
            "x = (",
            "x = '''unclosed",
            "x = [1, 2",
            "\\",
            "x = {'a': }",
            "x = '\\x4'",
            "a = b = 'c'",
            "x = -",
            "x=((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))",
        ] {
            let _ = apply_to_default(text);
        }
        let deep = "x = ".to_string() + &"[".repeat(100_000);
        let _ = apply_to_default(&deep);
    }
}
