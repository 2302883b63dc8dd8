//! Detection and configuration of each layout, on small folders.

use super::*;

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // A repository boundary, so that detection never looks above it.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn markers_decide_the_layout_in_order() {
    let cases: &[(&[(&str, &str)], Kind)] = &[
        (&[("book.toml", "[book]\n"), ("src/SUMMARY.md", "# Summary\n")], Kind::Mdbook),
        (&[("_quarto.yml", "project:\n  type: book\n")], Kind::Quarto),
        (&[("_toc.yml", "format: jb-book\nroot: intro\n"), ("_config.yml", "title: x\n")], Kind::JupyterBook),
        (&[("mkdocs.yml", "site_name: x\n"), ("docs/index.md", "# x\n")], Kind::Mkdocs),
        (&[("hugo.toml", "title = \"x\"\n"), ("content/a.md", "x")], Kind::Hugo),
        (&[("_config.yml", "title: x\n"), ("_posts/2031-01-01-a.md", "x")], Kind::Jekyll),
        (&[("conf.py", "project = 'x'\n"), ("index.rst", "x\n=\n")], Kind::Sphinx),
        (&[(".obsidian/app.json", "{}"), ("a.md", "x")], Kind::Obsidian),
        (&[("README.md", "# Notes\n\n- [A](a/)\n"), ("a/t.md", "# T\n")], Kind::Readme),
        (&[("a/t.md", "# T\n")], Kind::Plain),
    ];
    for (files, kind) in cases {
        let dir = folder(files);
        let layout = detect(dir.path(), None, None);
        assert_eq!(layout.kind, *kind, "{files:?}");
    }
}

#[test]
fn a_marker_one_level_down_roots_the_book_there() {
    let dir = folder(&[("README.md", "# Repo\n"), ("book/book.toml", "[book]\ntitle = \"Logic\"\nsrc = \"src\"\n"), ("book/src/SUMMARY.md", "# Summary\n")]);
    let layout = detect(dir.path(), None, None);
    assert_eq!(layout.kind, Kind::Mdbook);
    assert_eq!(layout.describe(), "mdbook (book/book.toml)");
    assert_eq!(layout.meta.title.as_deref(), Some("Logic"));
    assert!(layout.notes_dir.ends_with("book/src"));
    assert_eq!(layout.toc_note.as_deref(), Some("SUMMARY.md"));
}

#[test]
fn a_chapter_with_a_toctree_does_not_take_over_the_book() {
    // An index that links its folders, one of them reST with a toctree:
    // the index is the book; with a `conf.py`, the sub-folder would be.
    let files =
        [("index.md", "# Notes\n\n- [Mechanics](mechanics/index.rst)\n"), ("mechanics/index.rst", "Mechanics\n=========\n\n.. toctree::\n\n   newton\n")];
    let dir = folder(&files);
    assert_eq!(detect(dir.path(), None, None).kind, Kind::Readme);
    let mut with_conf = files.to_vec();
    with_conf.push(("mechanics/conf.py", "project = 'Mechanics'\n"));
    let dir = folder(&with_conf);
    assert_eq!(detect(dir.path(), None, None).kind, Kind::Sphinx);
}

#[test]
fn a_sub_folder_keeps_its_site_and_narrows_the_book() {
    let dir = folder(&[("_config.yml", "title: Journal\n"), ("_posts/2031/03/2031-03-14-a.md", "x")]);
    let layout = detect(&dir.path().join("_posts/2031"), None, None);
    assert_eq!(layout.kind, Kind::Jekyll);
    assert_eq!(layout.scope.as_deref(), Some("_posts/2031"));
    assert!(layout.in_scope("_posts/2031/03/2031-03-14-a.md") && !layout.in_scope("_posts/2030/x.md"));
    assert_eq!(layout.marker.as_deref(), Some("../../_config.yml"));
}

#[test]
fn notes_toml_forces_a_layout() {
    let dir = folder(&[("mkdocs.yml", "site_name: x\n")]);
    assert_eq!(detect(dir.path(), Some(Kind::Plain), None).kind, Kind::Plain);
    assert_eq!(Kind::parse("Jupyter_Book"), Some(Kind::JupyterBook));
    assert_eq!(Kind::parse("word"), None);
}

#[test]
fn configurations_give_metadata_and_tocs() {
    let dir = folder(&[
        (
            "mkdocs.yml",
            "site_name: Ember\nsite_author: Piet\ndocs_dir: notes\ntheme:\n  name: material\n  language: nl\n  icon: !!python/name:material.x\nnav:\n  - Home: index.md\n  - 'Summit':\n      - 'Keynote': a/k.md\n      - a/u.md\n  - 'Tracker': https://example.invalid/\nexclude_docs: |\n  scratch/\nnot_in_nav: |\n  a/appendix.md\n",
        ),
        ("notes/index.md", "# x\n"),
    ]);
    let layout = detect(dir.path(), None, None);
    assert_eq!((layout.meta.title.as_deref(), layout.meta.language.as_deref()), (Some("Ember"), Some("nl")));
    assert!(layout.notes_dir.ends_with("notes"));
    let toc = layout.toc.unwrap();
    assert_eq!(toc.items.len(), 2, "{toc:?}");
    assert!(matches!(&toc.items[1], TocItem::Section { title: Some(t), children, .. } if t == "Summit" && children.len() == 2));
    assert!(layout.exclusions.iter().any(|e| e.matches("scratch/todo.md")));
    assert!(layout.exclusions.iter().any(|e| e.matches("deep/scratch/x.md")));
    assert!(layout.unlisted.iter().any(|e| e.matches("a/appendix.md")));

    let dir = folder(&[(
        "_toc.yml",
        "- file: index\n  title: Welcome\n- header: Autumn\n- file: a/x\n  sections:\n  - file: a/y\n- glob: b/*\n- url: https://e.invalid\n",
    )]);
    let layout = detect(dir.path(), None, None);
    assert_eq!(layout.variant.as_deref(), Some("legacy _toc.yml"));
    let toc = layout.toc.unwrap();
    assert_eq!((toc.root.as_deref(), toc.root_title.as_deref()), (Some("index"), Some("Welcome")));
    assert!(matches!(&toc.items[..], [TocItem::Section { title: Some(t), children, .. }] if t == "Autumn" && children.len() == 2));

    let dir = folder(&[(
        "_quarto.yml",
        "project:\n  type: book\n  output-dir: docs\nbook:\n  title: Waves\n  author:\n    - name: Ada\n  date: today\n  chapters:\n    - index.qmd\n    - part: Intro\n      chapters: [a.qmd]\n    - part: p/index.qmd\n      chapters: [p/b.ipynb]\n  appendices: [g.qmd]\n",
    )]);
    let layout = detect(dir.path(), None, None);
    assert_eq!(layout.meta.authors, ["Ada"]);
    assert_eq!(layout.meta.date, None, "`today` is not a date");
    assert!(layout.skip_dirs.contains(&"docs".to_string()));
    let toc = layout.toc.unwrap();
    assert_eq!((toc.items.len(), toc.appendices.len()), (3, 1));
    assert!(matches!(&toc.items[2], TocItem::Section { title: None, file: Some(f), .. } if f == "p/index.qmd"));
}

#[test]
fn broken_configuration_is_a_warning_not_a_failure() {
    let dir = folder(&[("mkdocs.yml", "site_name: [unclosed\n"), ("docs/a.md", "# A\n")]);
    let layout = detect(dir.path(), None, None);
    assert_eq!(layout.kind, Kind::Mkdocs);
    assert!(layout.notices.iter().any(|d| d.code == "bad-layout-config"));
}

#[test]
fn listing_leaves_out_furniture_and_excluded_files() {
    let dir = folder(&[
        ("_config.yml", "title: J\nexclude: [private.md]\ncollections:\n  workshops:\n    output: true\n"),
        ("_posts/2031-01-01-a.md", "x"),
        ("_drafts/d.md", "x"),
        ("_includes/i.md", "x"),
        ("_workshops/w.md", "x"),
        ("LICENSE.md", "x"),
        ("license-theme.md", "x"),
        ("README.md", "x"),
        ("private.md", "x"),
        ("about.md", "x"),
    ]);
    let layout = detect(dir.path(), None, None);
    let mut diags = Diagnostics::new();
    let listing = list(&layout, &mut diags, Path::new("."));
    let notes: Vec<&str> = listing.notes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(notes, ["_posts/2031-01-01-a.md", "_workshops/w.md", "about.md"]);
    let left: Vec<&str> = listing.left_out.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(left, ["README.md", "_drafts", "private.md"]);
}
