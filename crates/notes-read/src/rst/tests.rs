//! Tests of the reStructuredText reader: one small fixture per construct,
//! checked on the tree it gives (its JSON form, or a match on the blocks).

use std::collections::HashMap;
use std::path::Path;

use super::read;
use crate::{IncludeError, Includes, NoIncludes, Note, ReadContext};
use notes_doc::diag::{Diagnostics, FileDiagnostics, Severity};
use notes_doc::{AdmonitionKind, Block, Inline, MAX_NESTING, NumberStyle, Pending, Pos, Target, plain_text};

fn read_with(text: &str, includes: &dyn Includes) -> (Note, Diagnostics) {
    let mut d = Diagnostics::new();
    let cx = ReadContext { path: "event/talk.rst", is_index: false, includes };
    let note = read(text, &cx, &mut FileDiagnostics { file: Path::new("event/talk.rst"), diagnostics: &mut d });
    (note, d)
}

fn read_rst(text: &str) -> (Note, Diagnostics) {
    read_with(text, &NoIncludes)
}

fn json(blocks: &[Block]) -> String {
    serde_json::to_string(blocks).unwrap()
}

/// Warnings (and errors) only, as `code line:col`.
fn warnings(d: &Diagnostics) -> Vec<String> {
    d.iter().filter(|x| x.severity >= Severity::Warning).map(|x| format!("{} {}:{}", x.code, x.line, x.column)).collect()
}

fn para_text(block: &Block) -> String {
    match block {
        Block::Paragraph { content, .. } => plain_text(content),
        other => panic!("not a paragraph: {other:?}"),
    }
}

/// The one paragraph of a one-paragraph note.
fn inlines_of(text: &str) -> (Vec<Inline>, Diagnostics) {
    let (note, d) = read_rst(text);
    match note.blocks.into_iter().next() {
        Some(Block::Paragraph { content, .. }) => (content, d),
        other => panic!("{other:?}"),
    }
}

/// Files of a pretend project, for `include`.
struct Files(HashMap<&'static str, &'static str>);

impl Includes for Files {
    fn include(&self, from: &str, target: &str) -> Result<(String, String), IncludeError> {
        let path = notes_doc::paths::join_relative(notes_doc::paths::parent_of(from), target).ok_or_else(|| IncludeError::Outside(target.into()))?;
        self.0
            .get(path.as_str())
            .map(|t| (path.clone(), t.to_string()))
            .ok_or_else(|| IncludeError::Unreadable { target: target.into(), reason: format!("no file {path}") })
    }
}

#[test]
fn section_levels_follow_first_appearance() {
    let text = "=====\nTitle\n=====\n\nSection\n=======\n\nSub\n---\n\nSection 2\n=========\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    let levels: Vec<(u8, String, Pos)> = note
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content, pos, .. } => Some((*level, plain_text(content), *pos)),
            _ => None,
        })
        .collect();
    // Over- and underlined `=` and underlined `=` are two styles.
    assert_eq!(
        levels,
        vec![
            (1, "Title".into(), Pos::new(2, 1)),
            (2, "Section".into(), Pos::new(5, 1)),
            (3, "Sub".into(), Pos::new(8, 1)),
            (2, "Section 2".into(), Pos::new(11, 1))
        ]
    );
}

#[test]
fn inconsistent_title_is_kept_with_a_warning() {
    let (note, d) = read_rst("Title\n=====\n\nA\n-\n\nB\n~\n\nC\n*\n");
    // `*` would be a new level below `~` while at level 3: fine; then ...
    assert!(warnings(&d).is_empty(), "{d:?}");
    let (note2, d2) = read_rst("Title\n=====\n\nA\n-\n\nB\n~\n\nC\n-\n\nD\n^\n");
    assert_eq!(warnings(&d2), ["title-level-inconsistent 13:1"]);
    let last = note2.blocks.iter().rev().find_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None });
    assert_eq!(last, Some(3));
    assert_eq!(note.blocks.len(), 4);
}

#[test]
fn short_underlines() {
    // Too short and under four characters: text. Four or more: a title.
    let (note, _) = read_rst("Title text\n---\n\nLonger title\n----\n");
    assert_eq!(para_text(&note.blocks[0]), "Title text ---");
    assert!(matches!(&note.blocks[1], Block::Heading { content, .. } if plain_text(content) == "Longer title"));
    // A malformed underline (as in the corpus) makes a paragraph.
    let (note, d) = read_rst("PyPI is Down\n------------oG\n  * item\n");
    assert_eq!(para_text(&note.blocks[0]), "PyPI is Down ------------oG");
    assert!(matches!(note.blocks[1], Block::Indent { .. }));
    assert!(warnings(&d).is_empty());
}

#[test]
fn labels_name_titles_headings_or_points() {
    let text = ".. _intro:\n\nTitle\n=====\n\n.. _sec:\n.. _sec-alias:\n\nSection\n-------\n\nText.\n\n.. _point:\n\nMore text.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(note.title_labels, ["intro"]);
    match &note.blocks[1] {
        Block::Heading { labels, .. } => assert_eq!(labels, &["sec", "sec-alias"]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(&note.blocks[3], Block::Anchor { id, pos } if id == "point" && *pos == Pos::new(14, 1)));
}

#[test]
fn paragraphs_keep_positions_and_join_lines() {
    let (note, _) = read_rst("First line\nsecond line.\n\n   Quoted.\n");
    assert_eq!(para_text(&note.blocks[0]), "First line second line.");
    assert_eq!(note.blocks[0].pos(), Pos::new(1, 1));
    match &note.blocks[1] {
        Block::Quote { blocks, pos, .. } => {
            assert_eq!(*pos, Pos::new(4, 4));
            assert_eq!(blocks[0].pos(), Pos::new(4, 4));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bullet_lists_nest_and_are_tight() {
    let (note, _) = read_rst("* one\n\n  * nested\n\n* two\n- other list\n");
    let j = json(&note.blocks);
    match &note.blocks[..] {
        [Block::List { ordered: None, items, tight: true, .. }, Block::List { items: other, .. }] => {
            assert_eq!(items.len(), 2);
            assert!(matches!(items[0].blocks[1], Block::List { .. }), "{j}");
            assert_eq!(other.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    let (note, _) = read_rst("* a\n\n  second para\n* b\n");
    assert!(matches!(note.blocks[0], Block::List { tight: false, .. }));
}

#[test]
fn enumerated_lists_of_every_style() {
    let cases = [
        ("1. a\n2. b\n", NumberStyle::Decimal, 1),
        ("3) a\n4) b\n", NumberStyle::Decimal, 3),
        ("(1) a\n(2) b\n", NumberStyle::Decimal, 1),
        ("a. a\nb. b\n", NumberStyle::LowerAlpha, 1),
        ("C. a\nD. b\n", NumberStyle::UpperAlpha, 3),
        ("i. a\nii. b\niii. c\n", NumberStyle::LowerRoman, 1),
        ("IV) a\nV) b\n", NumberStyle::UpperRoman, 4),
        ("#. a\n#. b\n", NumberStyle::Decimal, 1),
        ("1. a\n#. b\n", NumberStyle::Decimal, 1),
    ];
    for (text, style, start) in cases {
        let (note, _) = read_rst(text);
        match &note.blocks[..] {
            [Block::List { ordered: Some(o), items, .. }] => {
                assert_eq!((o.style, o.start), (style, start), "{text}");
                assert!(items.len() >= 2, "{text}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    // A wrong sequence ends the list; a non-list line after an enumerator is text.
    let (note, _) = read_rst("1. a\n3. b\n");
    assert!(matches!(note.blocks[0], Block::Paragraph { .. }));
    let (note, _) = read_rst("1. a\n\n3. b\n");
    assert_eq!(note.blocks.len(), 2);
    let (note, _) = read_rst("2012. A year\nwas good.\n");
    assert_eq!(para_text(&note.blocks[0]), "2012. A year was good.");
}

#[test]
fn definition_field_and_option_lists() {
    let (note, d) =
        read_rst("Term : class\n   Its definition.\nOther\n   Two.\n\n:Name: value\n:Long field: more\n   text\n\n-a         all\n--out=FILE  output\n");
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [Block::DefinitionList { items: defs, .. }, Block::DefinitionList { items: fields, .. }, Block::DefinitionList { items: options, .. }] => {
            assert_eq!(plain_text(&defs[0].term), "Term");
            assert_eq!(plain_text(&defs[0].classifiers[0]), "class");
            assert_eq!(defs.len(), 2);
            assert_eq!(plain_text(&fields[1].term), "Long field");
            assert_eq!(para_text(&fields[1].definitions[0][0]), "more text");
            assert!(matches!(&options[1].term[..], [Inline::Code { text }] if text == "--out=FILE"));
            assert_eq!(para_text(&options[0].definitions[0][0]), "all");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn opening_field_list_is_metadata() {
    let (note, _) = read_rst(":author: Ann Lee and Bo Chan\n:date: 2012-03-09\n:tags: python, web\n:orphan:\n\nTitle\n=====\n\n:Speaker: Cy\n");
    assert_eq!(note.meta.speakers, ["Ann Lee", "Bo Chan", "Cy"]);
    assert_eq!(note.meta.date.as_deref(), Some("2012-03-09"));
    assert_eq!(note.meta.tags, ["python", "web"]);
    assert_eq!(note.blocks.len(), 1, "{:?}", note.blocks);
    // Further down, a field list is text.
    let (note, _) = read_rst("Title\n=====\n\nText.\n\n:author: Not metadata\n");
    assert!(matches!(note.blocks[2], Block::DefinitionList { .. }));
}

#[test]
fn block_quotes_and_attributions() {
    let (note, _) = read_rst("Para.\n\n   Quoted words.\n\n   -- Ann Author, *Book*\n\n   Another quote.\n");
    match &note.blocks[..] {
        [_, Block::Quote { blocks, attribution: Some(a), .. }, Block::Quote { attribution: None, .. }] => {
            assert_eq!(para_text(&blocks[0]), "Quoted words.");
            assert_eq!(plain_text(a), "Ann Author, Book");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn literal_blocks_in_every_form() {
    let (note, d) =
        read_rst("Ends with::\n\n   code\n     indented\n\nExpanded:\n\n::\n\n   two\n\nPartial: ::\n\n   three\n\nQuoted::\n\n> q1\n> q2\n\nEscaped\\::\n");
    assert!(d.is_empty(), "{d:?}");
    let texts: Vec<String> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => format!("P:{}", plain_text(content)),
            Block::Code { text, language: None, .. } => format!("C:{text}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["P:Ends with:", "C:code\n  indented", "P:Expanded:", "C:two", "P:Partial:", "C:three", "P:Quoted:", "C:> q1\n> q2", "P:Escaped::"]);
}

#[test]
fn highlight_sets_the_language_of_literal_blocks() {
    let (note, _) = read_rst(".. highlight:: python\n\nCode::\n\n   x = 1\n\n.. code-block::\n\n   y = 2\n");
    let langs: Vec<Option<String>> =
        note.blocks.iter().filter_map(|b| if let Block::Code { language, .. } = b { Some(language.clone()) } else { None }).collect();
    assert_eq!(langs, [Some("python".to_string()), Some("python".to_string())]);
}

#[test]
fn line_blocks_nest_by_indentation() {
    let (note, _) = read_rst("| Roses are red,\n|     Violets\n  continued.\n|   Sugar\n| Back\n");
    match &note.blocks[..] {
        [Block::LineBlock { lines, .. }] => {
            let shown: Vec<(u32, String)> = lines.iter().map(|l| (l.indent, plain_text(&l.content))).collect();
            assert_eq!(shown, [(0, "Roses are red,".into()), (2, "Violets continued.".into()), (1, "Sugar".into()), (0, "Back".into())]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn doctest_transition_and_comments() {
    let (note, _) = read_rst(".. a comment\n   over lines\n\n>>> 1 + 1\n2\n\nAbove.\n\n--------\n\nBelow.\n\n..\n\n   Not a comment: a quote.\n");
    let kinds: Vec<&str> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Code { language: Some(l), .. } if l == "pycon" => "doctest",
            Block::Paragraph { .. } => "para",
            Block::Rule { .. } => "rule",
            Block::Quote { .. } => "quote",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["doctest", "para", "rule", "para", "quote"]);
}

#[test]
fn grid_tables_with_spans() {
    let text = "\
+-----+-----+-----+
| H1  | H2  | H3  |
+=====+=====+=====+
| a   | b         |
+-----+-----+-----+
| c   | d   | e   |
+-----+     +-----+
| f   |     | g   |
+-----+-----+-----+
";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [Block::Table { columns, header, rows, pos, .. }] => {
            assert_eq!(columns.len(), 3);
            assert_eq!(*pos, Pos::new(1, 1));
            assert_eq!(header.len(), 1);
            assert_eq!(rows.len(), 3);
            assert_eq!(rows[0].cells[1].colspan, 2);
            assert_eq!(rows[1].cells[1].rowspan, 2);
            assert_eq!(para_text(&rows[1].cells[1].blocks[0]), "d");
            assert_eq!(rows[2].cells.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn simple_tables_with_spans() {
    let text = "\
=====  =====  ======
   Inputs     Output
------------  ------
  A      B    A or B
=====  =====  ======
False  False  False
True   False  True
=====  =====  ======
";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [Block::Table { columns, header, rows, .. }] => {
            assert_eq!(columns.len(), 3);
            assert_eq!(header.len(), 2);
            assert_eq!(header[0].cells[0].colspan, 2);
            assert_eq!(para_text(&header[0].cells[0].blocks[0]), "Inputs");
            assert_eq!(rows.len(), 2);
            assert_eq!(para_text(&rows[1].cells[2].blocks[0]), "True");
        }
        other => panic!("{other:?}"),
    }
    let (note, d) = read_rst("+----+\n| x  |\n+----\n");
    assert!(matches!(note.blocks[0], Block::Code { .. }));
    assert_eq!(warnings(&d), ["malformed-table 1:1"]);
}

#[test]
fn toctree_with_every_option() {
    let text = "Index\n=====\n\nIntro.\n\n.. toctree::\n   :maxdepth: 2\n   :numbered:\n   :glob:\n   :hidden:\n   :caption: The talks\n   :titlesonly:\n\n   first\n   The Second <second/index>\n   talks/*\n\nAfter.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(note.blocks.len(), 3, "a toctree is not a block");
    let toc = &note.tocs[0];
    assert_eq!(toc.at_block, 2);
    assert_eq!((toc.max_depth, toc.numbered, toc.glob, toc.hidden), (Some(2), true, true, true));
    assert_eq!(toc.caption.as_deref(), Some("The talks"));
    let entries: Vec<(&str, Option<&str>)> = toc.entries.iter().map(|e| (e.target.as_str(), e.title.as_deref())).collect();
    assert_eq!(entries, [("first", None), ("second/index", Some("The Second")), ("talks/*", None)]);
    assert_eq!(toc.entries[1].pos, Pos::new(15, 4));
    assert_eq!(toc.pos, Pos::new(6, 1));
    let (note, _) = read_rst(".. toctree::\n   :reversed:\n\n   a\n   b\n");
    assert_eq!(note.tocs[0].entries[0].target, "b");
    assert!(!note.tocs[0].numbered);
}

#[test]
fn code_blocks() {
    let (note, d) = read_rst(
        ".. code-block:: rust\n   :linenos:\n   :caption: A program\n   :emphasize-lines: 1\n\n   fn main() {\n       println!();\n   }\n\n.. sourcecode:: c\n\n   x;\n\n.. code:: sh\n   :number-lines:\n\n   ls\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let shown: Vec<String> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Code { language, text, line_numbers, .. } => format!("{}|{text}|{line_numbers}", language.as_deref().unwrap_or("")),
            Block::Paragraph { content, .. } if matches!(&content[..], [Inline::Emph { .. }]) => format!("caption:{}", plain_text(content)),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(shown, ["caption:A program", "rust|fn main() {\n    println!();\n}|true", "c|x;|false", "sh|ls|true"]);
}

#[test]
fn includes_read_project_files_and_refuse_cycles() {
    let files = Files(HashMap::from([
        ("event/part.inc.rst", "Included *text*.\n\n.. include:: part.inc.rst\n"),
        ("event/code.py", "import os\n\ndef main():\n    pass\n# end\n"),
        ("event/deep/a.rst", "From a.\n\n.. include:: ../b.rst\n"),
        ("event/b.rst", "From b.\n"),
    ]));
    let text = "Before.\n\n.. include:: part.inc.rst\n\n.. literalinclude:: code.py\n   :language: python\n   :lines: 3-4\n   :linenos:\n\n.. include:: deep/a.rst\n\n.. include:: code.py\n   :literal:\n   :start-line: 4\n\n.. include:: missing.rst\n\n.. include:: ../../outside.rst\n";
    let (note, d) = read_with(text, &files);
    let texts: Vec<String> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => plain_text(content),
            Block::Code { text, .. } => format!("code:{text}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["Before.", "Included text.", "code:def main():\n    pass", "From a.", "From b.", "code:# end"]);
    // Blocks from an included file point at the include directive.
    assert_eq!(note.blocks[1].pos(), Pos::new(3, 1));
    let j = json(&note.blocks);
    assert!(j.contains(r#""language":"python""#) && j.contains(r#""line_numbers":true"#), "{j}");
    assert_eq!(warnings(&d), ["include-cycle 3:1", "include-failed 16:1", "include-failed 18:1"]);
    assert!(d.iter().any(|x| x.message.contains("part.inc.rst line 3")), "{d:?}");
}

#[test]
fn admonitions_and_version_notes() {
    let text = ".. note:: First line\n   and more.\n\n   Second.\n\n.. warning::\n\n   Careful.\n\n.. admonition:: Custom *title*\n\n   Body.\n\n.. seealso:: Other.\n\n.. tip:: t\n.. important:: i\n.. caution:: c\n.. danger:: d\n.. hint:: h\n.. attention:: a\n.. error:: e\n\n.. versionadded:: 1.2\n   What was added.\n\n.. versionchanged:: 2.0\n\n.. deprecated:: 3.1 Use other.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    let kinds: Vec<(AdmonitionKind, String, usize)> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Admonition { kind, title, blocks, .. } => (*kind, plain_text(title), blocks.len()),
            other => panic!("{other:?}"),
        })
        .collect();
    use AdmonitionKind::*;
    assert_eq!(
        kinds,
        [
            (Note, "".into(), 2),
            (Warning, "".into(), 1),
            (Generic, "Custom title".into(), 1),
            (SeeAlso, "".into(), 1),
            (Tip, "".into(), 1),
            (Important, "".into(), 1),
            (Caution, "".into(), 1),
            (Danger, "".into(), 1),
            (Hint, "".into(), 1),
            (Attention, "".into(), 1),
            (Error, "".into(), 1),
            (VersionAdded, "New in version 1.2".into(), 1),
            (VersionChanged, "Changed in version 2.0".into(), 0),
            (Deprecated, "Deprecated since version 3.1".into(), 1),
        ]
    );
    match &note.blocks[0] {
        Block::Admonition { blocks, .. } => assert_eq!(para_text(&blocks[0]), "First line and more."),
        _ => unreachable!(),
    }
}

#[test]
fn images_and_figures() {
    let text =
        ".. image:: pics/a.png\n   :alt: A cat\n   :width: 50%\n   :target: http://x.org\n\n.. figure:: /img/b.png\n\n   The *caption*.\n\n   The legend.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [Block::Figure { image: a, caption: c1, .. }, Block::Figure { image: b, caption, legend, .. }] => {
            assert_eq!((a.src.as_str(), a.alt.as_str(), a.width.as_deref()), ("pics/a.png", "A cat", Some("50%")));
            assert!(c1.is_empty());
            // A Sphinx absolute path is made relative to the note.
            assert_eq!(b.src, "../img/b.png");
            assert_eq!(plain_text(caption), "The caption.");
            assert_eq!(para_text(&legend[0]), "The legend.");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn topics_sidebars_rubrics_epigraphs() {
    let text = ".. topic:: On topic\n\n   Body.\n\n.. sidebar:: Aside\n   :subtitle: more\n\n   Side.\n\n.. rubric:: Not numbered\n\n.. epigraph::\n\n   Words.\n\n   -- Someone\n\n.. pull-quote::\n\n   Pulled.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [
            Block::Admonition { kind: AdmonitionKind::Topic, title: t1, .. },
            Block::Admonition { kind: AdmonitionKind::Sidebar, title: t2, .. },
            Block::Rubric { content, .. },
            Block::Admonition { kind: AdmonitionKind::Epigraph, blocks, .. },
            Block::Quote { .. },
        ] => {
            assert_eq!(plain_text(t1), "On topic");
            assert_eq!(plain_text(t2), "Aside: more");
            assert_eq!(plain_text(content), "Not numbered");
            assert!(matches!(&blocks[..], [Block::Quote { attribution: Some(a), .. }] if plain_text(a) == "Someone"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn contents_only_raw_and_index() {
    let text = ".. contents::\n   :depth: 2\n\n.. only:: html\n\n   Web only.\n\n.. raw:: html\n\n   <b>x</b>\n\n.. index::\n   single: tea; green\n   pair: loop; statement\n   see: brew; tea\n   !Coffee, milk\n\n.. rst-class:: fancy\n\nText :index:`cake` and :index:`pie <single: pie; apple>`.\n";
    let (note, d) = read_rst(text);
    assert_eq!(warnings(&d), ["skipped-directive 4:1", "skipped-directive 8:1"]);
    assert_eq!(d.iter().filter(|x| x.severity == Severity::Info && x.code == "skipped-directive").count(), 1);
    match &note.blocks[..] {
        [Block::Index { entries, .. }, Block::Paragraph { content, .. }] => {
            let shown: Vec<String> = entries
                .iter()
                .map(|e| format!("{}{}{}", if e.main { "!" } else { "" }, e.term, e.subterm.as_deref().map(|s| format!("; {s}")).unwrap_or_default()))
                .collect();
            assert_eq!(shown, ["tea; green", "loop; statement", "statement; loop", "brew; see tea", "!Coffee", "milk"]);
            assert_eq!(plain_text(content), "Text cake and pie.");
            assert!(content.iter().any(|i| matches!(i, Inline::Index { entry, .. } if entry.term == "pie" && entry.subterm.as_deref() == Some("apple"))));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn smaller_sphinx_directives() {
    let text = ".. centered:: Middle\n\n.. hlist::\n   :columns: 2\n\n   * a\n   * b\n\n.. glossary::\n   :sorted:\n\n   zebra\n   stripes\n      An animal.\n\n   apple\n      A fruit.\n\n.. math::\n\n   e^{i\\pi} = -1\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    match &note.blocks[..] {
        [
            Block::Paragraph { content, .. },
            Block::List { items, .. },
            Block::DefinitionList { items: terms, .. },
            Block::Math { tex, label: None, pos, .. },
        ] => {
            assert!(matches!(&content[..], [Inline::Strong { .. }]));
            assert_eq!(items.len(), 2);
            let shown: Vec<(String, usize)> = terms.iter().map(|t| (plain_text(&t.term), t.definitions.len())).collect();
            assert_eq!(shown, [("apple".into(), 1), ("zebra".into(), 0), ("stripes".into(), 1)]);
            assert_eq!(tex, "e^{i\\pi} = -1");
            assert_eq!(*pos, Pos::new(21, 4));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_directive_is_kept_with_a_warning() {
    let (note, d) = read_rst("Text.\n\n  .. mystery:: arg\n     :opt: 1\n\n     Mystery *content*.\n\nAfter.\n");
    let w: Vec<_> = d.iter().filter(|x| x.code == "unknown-directive").collect();
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].column), (3, 3));
    assert!(w[0].message.contains("mystery"));
    // Indented, the directive is in a block quote.
    let Block::Quote { blocks, .. } = &note.blocks[1] else { panic!("{:?}", note.blocks) };
    match &blocks[0] {
        Block::Code { language: None, text, pos, .. } => {
            assert_eq!(text, ".. mystery:: arg\n   :opt: 1\n\n   Mystery *content*.");
            assert_eq!(*pos, Pos::new(3, 3));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(para_text(&note.blocks[2]), "After.");
}

#[test]
fn unknown_role_is_kept_with_a_warning() {
    let (content, d) = inlines_of("Some :mystery:`kept text` here.\n");
    assert_eq!(plain_text(&content), "Some kept text here.");
    let w: Vec<_> = d.iter().filter(|x| x.code == "unknown-role").collect();
    assert_eq!((w.len(), w[0].line, w[0].column, w[0].length), (1, 1, 6, 20));
}

#[test]
fn emphasis_strong_literal_and_default_role() {
    let (content, d) = inlines_of("*em* **strong** ``lit *x*`` `pip install` `t`:strong: and 2*3*4.\n");
    assert!(d.is_empty(), "{d:?}");
    let j = serde_json::to_string(&content).unwrap();
    assert!(j.contains(r#"{"type":"emph","content":[{"type":"text","text":"em"}]}"#), "{j}");
    assert!(j.contains(r#"{"type":"strong","content":[{"type":"text","text":"strong"}]}"#), "{j}");
    assert!(j.contains(r#"{"type":"code","text":"lit *x*"}"#), "{j}");
    assert!(j.contains(r#"{"type":"emph","content":[{"type":"text","text":"pip install"}]}"#), "{j}");
    assert!(j.contains(r#"{"type":"strong","content":[{"type":"text","text":"t"}]}"#), "{j}");
    assert!(j.ends_with(r#"{"type":"text","text":" and 2*3*4."}]"#), "{j}");
    // Quoted start-strings are text; a backslash escapes.
    let (content, d) = inlines_of("a '*' b (*) \\*not\\* c\\ *d*\\ e \\\\ f\n");
    assert!(d.is_empty(), "{d:?}");
    // An escaped space disappears: it only separates markup from text.
    assert_eq!(plain_text(&content), "a '*' b (*) *not* cde \\ f");
    assert!(matches!(content[1], Inline::Emph { .. }));
}

#[test]
fn unbalanced_markup_is_text_with_a_warning() {
    let (content, d) = inlines_of("An *open and **open and ``open and `open.\n");
    assert_eq!(plain_text(&content), "An *open and **open and ``open and `open.");
    assert_eq!(warnings(&d), ["unclosed-markup 1:4", "unclosed-markup 1:14", "unclosed-markup 1:25", "unclosed-markup 1:36"]);
}

#[test]
fn hyperlink_references_of_every_kind() {
    let text = "See foo_, `the phrase`_, `Anon`__, `Python <https://python.org>`_, `Again <https://again.org>`__, `<https://bare.org>`_, `alias <foo_>`_, Python_, `ind`_, `Section Two`_, `Title`_, mail_ and `lbl`_.\n\n\
.. _foo: https://foo.org\n.. _the phrase: https://phrase.org\n__ https://anon.org\n.. _ind: foo_\n.. _mail: someone@example.org\n.. _lbl:\n\n\
Title\n=====\n\nSection Two\n-----------\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    let Block::Paragraph { content, .. } = &note.blocks[0] else { panic!() };
    let links: Vec<(String, Target)> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { target, content, .. } => Some((plain_text(content), target.clone())),
            _ => None,
        })
        .collect();
    let url = |u: &str| Target::Url(u.to_string());
    let pending = |p: Pending| Target::Pending(p);
    assert_eq!(
        links,
        vec![
            ("foo".into(), url("https://foo.org")),
            ("the phrase".into(), url("https://phrase.org")),
            ("Anon".into(), url("https://anon.org")),
            ("Python".into(), url("https://python.org")),
            ("Again".into(), url("https://again.org")),
            ("https://bare.org".into(), url("https://bare.org")),
            ("alias".into(), url("https://foo.org")),
            ("Python".into(), url("https://python.org")),
            ("ind".into(), url("https://foo.org")),
            ("Section Two".into(), pending(Pending::Fragment { fragment: "Section Two".into(), from: "event/talk.rst".into() })),
            ("Title".into(), pending(Pending::Path { path: "talk".into(), fragment: None, from: "event/talk.rst".into() })),
            ("mail".into(), url("mailto:someone@example.org")),
            ("lbl".into(), pending(Pending::Label { label: "lbl".into() })),
        ]
    );
    let link_pos = content.iter().find_map(|i| if let Inline::Link { pos, .. } = i { Some(*pos) } else { None });
    assert_eq!(link_pos, Some(Pos::new(1, 5)));
}

#[test]
fn warnings_of_one_kind_are_capped() {
    let (_, d) = read_rst(&"x *y\n\n".repeat(80));
    assert_eq!(d.iter().filter(|x| x.code == "unclosed-markup").count(), 50);
    let more: Vec<_> = d.iter().filter(|x| x.code == "more-warnings").collect();
    assert_eq!(more.len(), 1);
    assert!(more[0].message.starts_with("30 more `unclosed-markup`"), "{}", more[0].message);
}

#[test]
fn unknown_targets_keep_their_text() {
    let (content, d) = inlines_of("See nowhere_ and `anon`__.\n");
    assert_eq!(plain_text(&content), "See nowhere and anon.");
    assert!(content.iter().all(|i| matches!(i, Inline::Text { .. })));
    assert_eq!(warnings(&d), ["unknown-target 1:5", "unknown-target 1:18"]);
}

#[test]
fn chained_targets_share_the_url() {
    let (note, d) = read_rst("A_ and B_.\n\n.. _A:\n.. _B: https://b.org\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(note.blocks.len(), 1, "the chained label is no anchor: {:?}", note.blocks);
    let j = json(&note.blocks);
    assert_eq!(j.matches("https://b.org").count(), 2, "{j}");
}

#[test]
fn inline_targets_urls_and_emails() {
    let (content, d) = inlines_of("An _`inline target`, http://example.com/a_b_/c*d*, (https://x.org/y). Mail ann@example.org.\n");
    assert!(d.is_empty(), "{d:?}");
    let j = serde_json::to_string(&content).unwrap();
    assert!(j.contains(r#"{"type":"anchor","id":"inline target"},{"type":"text","text":"inline target, "}"#), "{j}");
    assert!(j.contains(r#""to":"http://example.com/a_b_/c*d*"}"#), "{j}");
    assert!(j.contains(r#""to":"https://x.org/y"}"#), "{j}");
    assert!(j.contains(r#""to":"mailto:ann@example.org"},"content":[{"type":"text","text":"ann@example.org"}]"#), "{j}");
    assert_eq!(plain_text(&content), "An inline target, http://example.com/a_b_/c*d*, (https://x.org/y). Mail ann@example.org.");
}

#[test]
fn footnotes_of_every_kind_and_citations() {
    let text = "Manual [1]_, auto [#]_, named [#note]_, again [#note]_, symbol [*]_, auto [#]_ and cite [CIT2002]_.\n\n\
.. [1] One.\n.. [#] First auto.\n.. [#note] Named.\n.. [*] Symbol.\n.. [#] Second auto.\n.. [CIT2002] A citation.\n";
    let (note, d) = read_rst(text);
    assert!(d.is_empty(), "{d:?}");
    let Block::Paragraph { content, .. } = &note.blocks[0] else { panic!() };
    let refs: Vec<&str> = content.iter().filter_map(|i| if let Inline::FootnoteRef { id, .. } = i { Some(id.as_str()) } else { None }).collect();
    assert_eq!(refs, ["1", "auto-1", "note", "note", "symbol-1", "auto-2", "cit2002"]);
    // Sphinx trims the space before a footnote reference.
    assert!(matches!(&content[0], Inline::Text { text } if text == "Manual"));
    let bodies: Vec<(&str, Option<&str>, String)> = note.footnotes.iter().map(|f| (f.id.as_str(), f.label.as_deref(), para_text(&f.blocks[0]))).collect();
    assert_eq!(
        bodies,
        [
            ("1", None, "One.".into()),
            ("auto-1", None, "First auto.".into()),
            ("note", None, "Named.".into()),
            ("symbol-1", None, "Symbol.".into()),
            ("auto-2", None, "Second auto.".into()),
            ("cit2002", Some("CIT2002"), "A citation.".into()),
        ]
    );
    let pos = content.iter().find_map(|i| if let Inline::FootnoteRef { pos, .. } = i { Some(*pos) } else { None });
    assert_eq!(pos, Some(Pos::new(1, 8)));
    let (_, d) = read_rst("Missing [2]_.\n\n.. [3] Unused.\n");
    assert_eq!(warnings(&d), ["unknown-footnote 1:9", "unreferenced-footnote 3:1"]);
}

#[test]
fn substitutions() {
    let text = "A |name| and |logo| and |copy| and |link|_ and |nested| and |NAME| and |missing|.\n\n\
.. |name| replace:: *replaced* text\n.. |logo| image:: logo.png\n   :width: 2em\n.. |copy| unicode:: U+00A9 .. copyright\n.. |link| replace:: Python\n.. _link: https://python.org\n.. |nested| replace:: [|name|]\n";
    let (note, d) = read_rst(text);
    assert_eq!(warnings(&d), ["unknown-substitution 1:72"]);
    let Block::Paragraph { content, .. } = &note.blocks[0] else { panic!() };
    assert_eq!(plain_text(content), "A replaced text and logo and © and Python and [replaced text] and replaced text and |missing|.");
    let j = serde_json::to_string(content).unwrap();
    assert!(j.contains(r#"{"type":"emph","content":[{"type":"text","text":"replaced"}]}"#), "{j}");
    assert!(j.contains(r#"{"type":"image","image":{"src":"logo.png","alt":"logo","width":"2em""#), "{j}");
    assert!(j.contains(r#""target":{"kind":"url","to":"https://python.org"},"content":[{"type":"text","text":"Python"}]"#), "{j}");
    assert!(!j.contains('\0'), "no placeholder is left: {j}");
}

#[test]
fn substitution_cycles_are_reported() {
    let (content, d) = inlines_of("|a|\n\n.. |a| replace:: x |b|\n.. |b| replace:: y |a|\n");
    assert!(plain_text(&content).contains('|'), "{content:?}");
    assert!(d.iter().any(|x| x.code == "bad-substitution"), "{d:?}");
}

#[test]
fn substitutions_cannot_explode() {
    // Each level doubles the one below: 2^40 copies if nothing stopped it.
    let mut text = String::from("|s0|\n\n.. |s40| replace:: x\n");
    for i in 0..40 {
        text.push_str(&format!(".. |s{i}| replace:: |s{n}| |s{n}|\n", n = i + 1));
    }
    let started = std::time::Instant::now();
    let (note, d) = read_rst(&text);
    assert!(started.elapsed().as_secs() < 20);
    assert!(d.iter().any(|x| x.code == "bad-substitution"), "{d:?}");
    assert!(json(&note.blocks).len() < 100_000_000);
}

#[test]
fn includes_cannot_explode() {
    // Files that include each other many times over (no cycle).
    let a = ".. include:: b.rst\n\n".repeat(64);
    let b = ".. include:: c.rst\n\n".repeat(64);
    let c = "word ".repeat(2_000) + "\n";
    let files = Files(HashMap::from([("event/a.rst", &*a.leak()), ("event/b.rst", &*b.leak()), ("event/c.rst", &*c.leak())]));
    let started = std::time::Instant::now();
    let (_, d) = read_with(".. include:: a.rst\n", &files);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert!(d.iter().any(|x| x.code == "include-failed" && x.message.contains("MB")), "{d:?}");
}

#[test]
fn every_role() {
    let alpha = format!("math:\\alpha@1:{}", ":ref:`intro` :ref:`The intro <intro>` :ref:`genindex` :doc:`other` :doc:`Other <../x/y>` :code:`a = 1` :literal:`b` :emphasis:`e` :strong:`s` :term:`glossary` :abbr:`LIFO (last-in, first-out)` :pep:`8` :rfc:`2822` :kbd:`Ctrl-C` :file:`/etc/{name}.conf` :command:`ls` :math:`".chars().count() + 1);
    let text = ":ref:`intro` :ref:`The intro <intro>` :ref:`genindex` :doc:`other` :doc:`Other <../x/y>` :code:`a = 1` :literal:`b` :emphasis:`e` :strong:`s` :term:`glossary` :abbr:`LIFO (last-in, first-out)` :pep:`8` :rfc:`2822` :kbd:`Ctrl-C` :file:`/etc/{name}.conf` :command:`ls` :math:`\\alpha` :eq:`euler` :sub:`2` :sup:`3` :title-reference:`Book` :func:`~os.path.join` :py:class:`Thing`\n";
    let (content, d) = inlines_of(text);
    assert!(d.is_empty(), "{d:?}");
    let shown: Vec<String> = content
        .iter()
        .filter(|i| !matches!(i, Inline::Text { text } if text.trim().is_empty()))
        .map(|i| match i {
            Inline::Link { target: Target::Pending(Pending::Label { label }), content, .. } => format!("ref:{label}:{}", plain_text(content)),
            Inline::Link { target: Target::Pending(Pending::Path { path, .. }), content, .. } => format!("doc:{path}:{}", plain_text(content)),
            Inline::Link { target: Target::Url(u), content, .. } => format!("url:{u}:{}", plain_text(content)),
            Inline::Code { text } => format!("code:{text}"),
            Inline::Emph { content } => format!("em:{}", plain_text(content)),
            Inline::Strong { content } => format!("strong:{}", plain_text(content)),
            Inline::Sub { content } => format!("sub:{}", plain_text(content)),
            Inline::Sup { content } => format!("sup:{}", plain_text(content)),
            Inline::Text { text } => format!("text:{}", text.trim()),
            Inline::Math { tex, pos } => format!("math:{tex}@{}:{}", pos.line, pos.col),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "ref:intro:",
            "ref:intro:The intro",
            "ref:genindex:",
            "doc:other:",
            "doc:../x/y:Other",
            "code:a = 1",
            "code:b",
            "em:e",
            "strong:s",
            "em:glossary",
            "text:LIFO (last-in, first-out)",
            "url:https://peps.python.org/pep-0008/:PEP 8",
            "url:https://datatracker.ietf.org/doc/html/rfc2822.html:RFC 2822",
            "code:Ctrl-C",
            "code:/etc/name.conf",
            "strong:ls",
            alpha.as_str(),
            "ref:euler:",
            "sub:2",
            "sup:3",
            "em:Book",
            "code:join()",
            "code:Thing",
        ]
    );
}

#[test]
fn default_role_and_custom_roles() {
    let (note, d) = read_rst(".. default-role:: code\n\n`x`\n\n.. role:: red\n.. role:: bold(strong)\n\n:red:`r` :bold:`b`\n");
    assert!(d.is_empty(), "{d:?}");
    let j = json(&note.blocks);
    assert!(j.contains(r#"[{"type":"code","text":"x"}]"#), "{j}");
    assert!(j.contains(r#"{"type":"text","text":"r "},{"type":"strong","content":[{"type":"text","text":"b"}]}"#), "{j}");
}

#[test]
fn list_slip_is_repaired_with_a_warning() {
    let text = "Graphs\n------\n  * Centrality\n    * Intuitively, the more central\n    * Dict to map\n\n  * Topics\n";
    let (note, d) = read_rst(text);
    let slips: Vec<_> = d.iter().filter(|x| x.code == "list-slip").collect();
    assert_eq!(slips.len(), 1);
    assert_eq!((slips[0].line, slips[0].column), (4, 5));
    assert!(slips[0].help.is_some());
    let Block::Indent { blocks, .. } = &note.blocks[1] else { panic!("{:?}", note.blocks) };
    let Block::List { items, .. } = &blocks[0] else { panic!() };
    assert_eq!(items.len(), 2);
    match &items[0].blocks[..] {
        [Block::Paragraph { content, .. }, Block::List { items: nested, .. }] => {
            assert_eq!(plain_text(content), "Centrality");
            assert_eq!(nested.len(), 2);
            assert_eq!(para_text(&nested[0].blocks[0]), "Intuitively, the more central");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn list_slip_repair_is_careful() {
    // `*emphasis*` and a `-` without a space are text, not bullets; outside
    // a list item nothing is repaired.
    let (note, d) = read_rst("* An item that says\n  *this* and then\n  -5 degrees\n\nA paragraph\n* with a star line\n");
    assert!(d.iter().all(|x| x.code != "list-slip"), "{d:?}");
    let Block::List { items, .. } = &note.blocks[0] else { panic!() };
    assert_eq!(para_text(&items[0].blocks[0]), "An item that says this and then -5 degrees");
    assert_eq!(para_text(&note.blocks[1]), "A paragraph * with a star line");
    // Enumerated items are repaired too, and the continuation belongs to the nested item.
    let (note, d) = read_rst("1. Step\n   - detail\n     more\n");
    assert_eq!(d.iter().filter(|x| x.code == "list-slip").count(), 1);
    let Block::List { items, .. } = &note.blocks[0] else { panic!() };
    let Block::List { items: nested, .. } = &items[0].blocks[1] else { panic!() };
    assert_eq!(para_text(&nested[0].blocks[0]), "detail more");
}

#[test]
fn tabs_crlf_bom_and_wide_text() {
    // A tab is 8 columns: the quote's text is indented, the column points
    // at the character after the tab.
    let (note, d) = read_rst("\u{feff}Títle ünder\r\n===========\r\n\r\nPara\r\n\r\n\tQuoted \u{e9}*x*.\r\n");
    assert!(d.is_empty(), "{d:?}");
    assert!(matches!(&note.blocks[0], Block::Heading { content, .. } if plain_text(content) == "Títle ünder"));
    match &note.blocks[2] {
        Block::Quote { blocks, pos, .. } => {
            assert_eq!(*pos, Pos::new(6, 2));
            assert_eq!(para_text(&blocks[0]), "Quoted é*x*.");
        }
        other => panic!("{other:?}"),
    }
    // Columns count characters: the unknown role is found after two wide ones.
    let (_, d) = read_rst("日本 :what:`x`\n");
    assert_eq!(warnings(&d), ["unknown-role 1:4"]);
    // A tab inside a list item body lines up at 8 columns.
    let (note, _) = read_rst("*\tfirst\n\tsecond\n");
    let Block::List { items, .. } = &note.blocks[0] else { panic!() };
    assert_eq!(para_text(&items[0].blocks[0]), "first second");
}

fn max_depth(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| 1 + notes_doc::child_blocks(b).iter().map(|c| max_depth(c)).max().unwrap_or(0)).max().unwrap_or(0)
}

#[test]
fn deep_nesting_is_flattened_once_warned() {
    // Quotes: each line indented one more.
    let text: String = (0..600).map(|i| format!("{}q{i}\n\n", " ".repeat(i))).collect();
    let (note, d) = read_rst(&text);
    assert_eq!(d.iter().filter(|x| x.code == "nesting-too-deep").count(), 1);
    assert!(max_depth(&note.blocks) <= MAX_NESTING + 1, "{}", max_depth(&note.blocks));
    let j = json(&note.blocks);
    assert!(j.contains("q0") && j.contains("q599"));
    // Lists on one line.
    let text = "- ".repeat(20_000) + "x\n";
    let (note, d) = read_rst(&text);
    assert_eq!(d.iter().filter(|x| x.code == "nesting-too-deep").count(), 1);
    assert!(max_depth(&note.blocks) <= MAX_NESTING + 1);
    assert!(json(&note.blocks).contains(r#""text":"x""#));
    // Mixed containers.
    let mut text = String::new();
    for i in 0..200 {
        let pad = " ".repeat(i * 3);
        text.push_str(&format!("{pad}.. note::\n\n{pad}   * Term\n\n"));
    }
    let (note, d) = read_rst(&text);
    assert_eq!(d.iter().filter(|x| x.code == "nesting-too-deep").count(), 1);
    assert!(max_depth(&note.blocks) <= MAX_NESTING + 1);
}

#[test]
fn large_and_hostile_input_stays_fast() {
    let started = std::time::Instant::now();
    // A paragraph full of start-strings that never close.
    let text = "*a `b ``c |d _`e [f ".repeat(20_000) + "\n";
    let (note, _) = read_rst(&text);
    assert_eq!(note.blocks.len(), 1);
    // 200,000 short lines of list items and paragraphs.
    let text: String = (0..50_000).map(|i| format!("* item {i}\n  text\n\nPara {i}.\n\n")).collect();
    let (note, d) = read_rst(&text);
    assert!(d.is_empty());
    assert_eq!(note.blocks.len(), 100_000);
    // A long run of names joined by colons (a quadratic trap for references).
    let text = "a:".repeat(100_000) + "b_\n";
    let (note, _) = read_rst(&text);
    assert_eq!(note.blocks.len(), 1);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn arbitrary_input_gives_a_tree() {
    use proptest::prelude::*;
    let alphabet = prop::sample::select(vec![
        "*",
        "**",
        "`",
        "``",
        "_",
        "__",
        "|",
        "[",
        "]",
        ":",
        "::",
        ".. ",
        "\n",
        "\n\n",
        " ",
        "  ",
        "   ",
        "\t",
        "-",
        "=",
        "+",
        "#",
        "1.",
        "(a)",
        ">>>",
        "<",
        ">",
        "\\",
        "x",
        "word",
        "é",
        "日",
        "\r\n",
        "+--+",
        "| a |",
        "=== ===",
        ".. _t:",
        ".. |s| replace:: x",
        ".. note::",
        ".. [1]",
        "[1]_",
        "|s|",
        "`t <u_>`_",
        ":ref:`x`",
        "http://a.b/c",
        "a@b.c",
        "\u{feff}",
        "\0",
    ]);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 400, ..Default::default() });
    runner
        .run(&prop::collection::vec(alphabet, 0..120), |parts| {
            let text: String = parts.concat();
            let (note, _) = read_rst(&text);
            let j = json(&note.blocks);
            prop_assert!(!j.contains("\\u0000"), "placeholder left in {text:?}: {j}");
            Ok(())
        })
        .unwrap();
}

#[test]
fn dump_for_comparison_with_docutils() {
    // Prints what the reader makes of the file named by RST_SCRATCH, or
    // writes `x.json` beside every `x.rst` of the folder RST_SCRATCH_DIR (a
    // development aid, to compare with docutils; does nothing otherwise).
    if let Ok(dir) = std::env::var("RST_SCRATCH_DIR") {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rst") {
                let (note, d) = read_rst(&std::fs::read_to_string(&path).unwrap());
                let value =
                    serde_json::json!({"blocks": note.blocks, "footnotes": note.footnotes, "diags": d.iter().map(|x| x.to_string()).collect::<Vec<_>>()});
                std::fs::write(path.with_extension("json"), value.to_string()).unwrap();
            }
        }
        return;
    }
    let Ok(path) = std::env::var("RST_SCRATCH") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let (note, d) = read_rst(&text);
    if let Ok(out) = std::env::var("RST_JSON") {
        let value = serde_json::json!({"blocks": note.blocks, "footnotes": note.footnotes, "diags": d.iter().map(|x| x.to_string()).collect::<Vec<_>>()});
        std::fs::write(out, value.to_string()).unwrap();
        return;
    }
    println!("{}", serde_json::to_string_pretty(&note.blocks).unwrap());
    println!("footnotes: {}", serde_json::to_string_pretty(&note.footnotes).unwrap());
    println!("tocs: {:?}\ntitle_labels: {:?}\nmeta: {:?}", note.tocs, note.title_labels, note.meta);
    for x in d.iter() {
        println!("{x}");
    }
}

/// Regression: nested bullets indented past their parent's text are, for
/// docutils, a block quote holding a list; Sphinx indents them, and so must
/// the book (it drew a quotation bar). A real quotation stays one.
#[test]
fn block_quotes_of_lists_are_indentation() {
    let (note, _) = read_rst("Title\n=====\n\n  * one\n  * two\n\n    * deeper\n\nAfter.\n\n    A quotation.\n\n    -- Someone\n\n    Just indented text.\n");
    let kinds: Vec<&str> = note
        .blocks
        .iter()
        .map(|b| match b {
            Block::Indent { .. } => "indent",
            Block::Quote { .. } => "quote",
            Block::List { .. } => "list",
            Block::Paragraph { .. } => "paragraph",
            Block::Heading { .. } => "heading",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["heading", "indent", "paragraph", "quote", "quote"]);
    // Lists and paragraphs indented under a list item: indentation too.
    let (note, _) = read_rst("* item\n\n    * deeper\n\n    text under the item\n");
    let Block::List { items, .. } = &note.blocks[0] else { panic!("{:?}", note.blocks) };
    assert!(matches!(items[0].blocks[..], [Block::Paragraph { .. }, Block::Indent { .. }]), "{:?}", items[0].blocks);
}
