//! Hostile input, round two: every new way in (the layouts' configuration
//! files, tables of contents, front matter of every dialect, HTML, MyST,
//! wikilinks and embeds, formulas, settings) under attack. Each test is a
//! fixture of `docs/guarantees.md`: what is refused (an error naming the
//! file and the line, nothing written), what is repaired (a warning), what
//! is kept as text. The outputs are read back.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{PdfRead, project, squash};
use notes_doc::diag::Severity;

const INDEX: (&str, &str) = ("sources/ev/index.md", "# Event\n\n- [Talk](talk.md)\n");

/// A billion laughs: nine aliases of nine aliases … nine deep.
const LAUGHS: &str = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
";

fn notes_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notes"))
}

fn codes(loaded: &notes::Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

/// Loads the project whose notes are in `source` (relative to `dir`), timed.
fn load_source(dir: &Path, source: &str) -> (notes::Loaded, Duration) {
    let options = notes_project::ProjectOptions { cwd: dir.to_path_buf(), source: Some(dir.join(source)), config: None, out: None };
    let started = Instant::now();
    let loaded = notes::load(&options).unwrap_or_else(|e| panic!("{source}: load failed: {e}"));
    (loaded, started.elapsed())
}

fn pdf_text(loaded: &notes::Loaded) -> String {
    let pdf = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("PDF failed: {e}"));
    squash(&PdfRead::new(&pdf.bytes).all_text().replace('\u{200b}', ""))
}

fn both_texts(loaded: &notes::Loaded) -> (String, String) {
    let choice = notes::build::Choice { pdf: true, epub: true, ..Default::default() };
    let made = notes::build::Builder::new().render(loaded, &choice, &|_| {}).unwrap_or_else(|e| panic!("build failed: {e}"));
    let of = |ext: &str| made.outputs.iter().find(|o| o.path.extension().is_some_and(|e| e == ext)).map(|o| o.bytes.clone()).expect("an output");
    let pdf = squash(&PdfRead::new(&of("pdf")).all_text().replace('\u{200b}', ""));
    (pdf, squash(&common::epub_text(&of("epub"))))
}

/// Every YAML file `notes` reads, with the notes around it: (name, files,
/// folder to run on, what the YAML is added to).
fn yaml_sites(yaml: &str) -> Vec<(&'static str, Vec<(String, String)>, &'static str)> {
    let note = |p: &str| (p.to_string(), "# A note\n\nSome text.\n".to_string());
    vec![
        ("mkdocs.yml", vec![("s/mkdocs.yml".to_string(), format!("{yaml}site_name: X\n")), note("s/docs/index.md"), note("s/docs/a.md")], "s"),
        ("_quarto.yml", vec![("s/_quarto.yml".to_string(), format!("{yaml}project:\n  type: book\n")), note("s/index.qmd")], "s"),
        ("_toc.yml", vec![("s/_toc.yml".to_string(), format!("{yaml}root: intro\n")), note("s/intro.md")], "s"),
        (
            "jupyter _config.yml",
            vec![("s/_toc.yml".into(), "root: intro\n".into()), ("s/_config.yml".to_string(), format!("{yaml}title: X\n")), note("s/intro.md")],
            "s",
        ),
        ("jekyll _config.yml", vec![("s/_config.yml".to_string(), format!("{yaml}title: X\ntheme: minima\n")), note("s/_posts/2020-01-01-a.md")], "s"),
        ("hugo.yaml", vec![("s/hugo.yaml".to_string(), format!("{yaml}title: X\n")), note("s/content/a.md")], "s"),
        ("front matter", vec![note("s/index.md"), ("s/a.md".into(), format!("---\n{yaml}title: T\n---\n\nText.\n"))], "s"),
        ("MyST options", vec![("s/index.md".into(), format!("# Book\n\n```{{note}}\n---\n{yaml}---\nInside.\n```\n\nText.\n"))], "s"),
        (
            "awesome-pages .pages",
            vec![
                ("s/mkdocs.yml".into(), "site_name: X\nplugins:\n  - awesome-pages\n".into()),
                ("s/docs/.pages".to_string(), yaml.to_string()),
                note("s/docs/index.md"),
                note("s/docs/a.md"),
            ],
            "s",
        ),
    ]
}

#[test]
fn a_billion_laughs_in_every_yaml_file_is_refused_at_once() {
    for (name, files, source) in yaml_sites(LAUGHS) {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let dir = project(&files);
        let (loaded, took) = load_source(dir.path(), source);
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
        assert!(!loaded.diagnostics.has_errors(), "{name}: {:?}", loaded.diagnostics);
        // The YAML parser stops expanding aliases: the file is skipped, with
        // a warning naming it.
        if name.ends_with(".yml") || name == "hugo.yaml" || name == "front matter" {
            let d = loaded
                .diagnostics
                .iter()
                .find(|d| d.code == "bad-layout-config" || d.code == "bad-front-matter")
                .unwrap_or_else(|| panic!("{name}: a warning in {:?}", codes(&loaded)));
            assert!(d.file.is_some(), "{name}: {d:?}");
        }
        // The book is made from the rest.
        assert!(pdf_text(&loaded).contains("ext."), "{name}");
    }
}

#[test]
fn yaml_nested_100000_deep_is_refused_at_once_with_its_line() {
    let deep = format!("x: {}\n", "[".repeat(100_000));
    for (name, files, source) in yaml_sites(&deep) {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let dir = project(&files);
        let (loaded, took) = load_source(dir.path(), source);
        // The YAML parser alone took a minute on this.
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
        assert!(!loaded.diagnostics.has_errors(), "{name}: {:?}", loaded.diagnostics);
        if name.ends_with(".yml") || name == "hugo.yaml" || name == "front matter" {
            let d = loaded
                .diagnostics
                .iter()
                .find(|d| d.code == "bad-layout-config" || d.code == "bad-front-matter")
                .unwrap_or_else(|| panic!("{name}: a warning"));
            assert!(d.file.is_some() && (d.line > 0 || d.message.contains("line")), "{name}: {d:?}");
        }
    }
    // TOML (book.toml, hugo.toml, TOML front matter) and JSON (notebooks):
    // their parsers stop at a fixed depth, quickly.
    let deep_toml = format!("x = {}\n", "[".repeat(100_000));
    let dir = project(&[
        ("b/book.toml", &format!("[book]\ntitle = \"B\"\n{deep_toml}")),
        ("b/src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
        ("b/src/a.md", &format!("+++\n{deep_toml}+++\n\n# A\n\nText.\n")),
        ("h/hugo.toml", &deep_toml),
        ("h/content/a.md", "# A\n\nText.\n"),
        ("n/index.md", "# Book\n\n- [N](n.ipynb)\n"),
        ("n/n.ipynb", &format!("{{\"cells\": {}}}", "[".repeat(100_000))),
    ]);
    for source in ["b", "h", "n"] {
        let (loaded, took) = load_source(dir.path(), source);
        assert!(took < Duration::from_secs(10), "{source}: {took:?}");
        pdf_text(&loaded);
    }
}

#[cfg(unix)]
#[test]
fn the_notes_folder_a_configuration_names_cannot_lead_out_of_the_site() {
    let outside = project(&[("secret/passwords.md", "# Secret\n\nroot:x:0:0\n")]);
    let secret = outside.path().join("secret");
    let up = "../".repeat(12) + secret.strip_prefix("/").unwrap().to_str().unwrap();
    let dir = project(&[
        ("mk/mkdocs.yml", &format!("site_name: X\ndocs_dir: {up}\n")),
        ("link/mkdocs.yml", "site_name: X\n"),
        ("hugo/hugo.toml", &format!("title = \"X\"\ncontentDir = \"{up}\"\n")),
        ("mdbook/book.toml", &format!("[book]\ntitle = \"X\"\nsrc = \"{up}\"\n")),
        ("mdbook-abs/book.toml", &format!("[book]\ntitle = \"X\"\nsrc = \"{}\"\n", secret.display())),
    ]);
    std::os::unix::fs::symlink(&secret, dir.path().join("link/docs")).unwrap();
    for (source, file, line) in [("mk", "mkdocs.yml", 2), ("link", "mkdocs.yml", 0), ("hugo", "hugo.toml", 2), ("mdbook", "book.toml", 3)] {
        let (loaded, _) = load_source(dir.path(), source);
        let d = loaded.diagnostics.iter().find(|d| d.code == "path-outside-project").unwrap_or_else(|| panic!("{source}: {:?}", codes(&loaded)));
        assert_eq!(d.severity, Severity::Error);
        assert!(d.file.as_ref().unwrap().ends_with(file), "{source}: {d:?}");
        assert_eq!(d.line, line, "{source}");
        let json = serde_json::to_string(&loaded.book).unwrap();
        assert!(!json.contains("root:x") && !json.contains("Secret"), "{source} read the secret");
        // Through the command line: exit code 1, nothing written.
        let out = dir.path().join(format!("out-{source}"));
        let run = notes_bin().args(["render", "--source", source, "--out"]).arg(&out).current_dir(dir.path()).output().unwrap();
        assert_eq!(run.status.code(), Some(1), "{source}: {}", String::from_utf8_lossy(&run.stderr));
        assert!(!out.exists());
    }
    // An absolute `src` is read as relative to the book (it is not there:
    // the book's own folder is used).
    let (loaded, _) = load_source(dir.path(), "mdbook-abs");
    assert!(!serde_json::to_string(&loaded.book).unwrap().contains("root:x"));
}

#[cfg(unix)]
#[test]
fn tables_of_contents_embeds_and_includes_read_nothing_outside_the_project() {
    let outside = project(&[("secret.md", "# Secret\n\nroot:x:0:0 the secret\n")]);
    let secret = outside.path().join("secret.md");
    let up = "../".repeat(12) + secret.strip_prefix("/").unwrap().to_str().unwrap();
    let abs = secret.display().to_string();
    let dir = project(&[
        ("toc/_toc.yml", &format!("root: intro\nchapters:\n- file: {up}\n- file: {abs}\n- file: link\n")),
        ("toc/intro.md", "# Intro\n\nText.\n"),
        ("quarto/_quarto.yml", &format!("project:\n  type: book\nbook:\n  title: Q\n  chapters:\n  - index.qmd\n  - {up}\n  - {abs}\n")),
        ("quarto/index.qmd", &format!("# Q\n\nText.\n\n{{{{< include {abs} >}}}}\n")),
        ("mdbook/book.toml", "[book]\ntitle = \"B\"\n"),
        ("mdbook/src/SUMMARY.md", &format!("# Summary\n\n- [A](a.md)\n- [Up]({up})\n- [Abs]({abs})\n- [Link](link.md)\n")),
        ("mdbook/src/a.md", &format!("# A\n\nText.\n\n```{{include}} {abs}\n```\n\n```{{include}} {up}\n```\n")),
        ("mkdocs/mkdocs.yml", &format!("site_name: X\nnav:\n- A: a.md\n- Up: {up}\n- Abs: {abs}\n")),
        ("mkdocs/docs/a.md", "# A\n\nText.\n"),
        ("vault/.obsidian/app.json", "{}"),
        ("vault/a.md", &format!("# A\n\nText.\n\n![[{abs}]]\n\n![[{up}]]\n\n[[{up}]]\n")),
        ("rst/index.rst", &format!("Book\n====\n\nText.\n\n.. include:: {abs}\n\n.. literalinclude:: {up}\n\n.. toctree::\n\n   {up}\n")),
    ]);
    std::os::unix::fs::symlink(&secret, dir.path().join("mdbook/src/link.md")).unwrap();
    for source in ["toc", "quarto", "mdbook", "mkdocs", "vault", "rst"] {
        let (loaded, _) = load_source(dir.path(), source);
        let json = serde_json::to_string(&loaded.book).unwrap();
        assert!(!json.contains("the secret"), "{source} read the secret: {:?}", codes(&loaded));
        if !loaded.diagnostics.has_errors() {
            let (pdf, epub) = both_texts(&loaded);
            assert!(!pdf.contains("the secret") && !epub.contains("the secret"), "{source}");
            assert!(pdf.contains("Text."), "{source}");
        } else {
            // A symlink out of the notes folder is refused, by name.
            assert!(loaded.diagnostics.iter().any(|d| d.code == "path-outside-project"), "{source}: {:?}", loaded.diagnostics);
        }
    }
}

#[cfg(unix)]
#[test]
fn paths_in_notes_toml_stay_inside_the_project() {
    for (setting, key) in [
        ("sources = \"/etc\"", "sources"),
        ("sources = \"../../..\"", "sources"),
        ("out = \"/tmp/elsewhere\"", "out"),
        ("out = \"a/../../b\"", "out"),
        ("cover = \"/etc/passwd\"", "cover"),
        ("style = \"../book.typ\"", "style"),
        ("epub-css = \"/etc/passwd\"", "epub-css"),
    ] {
        let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n\nText.\n"), ("notes.toml", &format!("title = \"B\"\n{setting}\n"))]);
        let run = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{setting}: {stderr}");
        assert!(stderr.contains(&format!("`{key}`")) && stderr.contains("notes.toml:2:"), "{setting}: {stderr}");
        assert!(!dir.path().join("out").exists());
    }
    // A symlink to a file outside the project, named as the cover, the
    // template or the style sheet, is not read: an error, nothing written.
    for (key, file) in [("cover", "cover.png"), ("style", "my.typ"), ("epub-css", "my.css")] {
        let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n\nText.\n"), ("notes.toml", &format!("title = \"B\"\n{key} = \"{file}\"\n"))]);
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join(file)).unwrap();
        let run = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{key}: {stderr}");
        assert!(stderr.contains(&format!("`{key}`")) && stderr.contains("notes.toml:2:") && stderr.contains("outside the project"), "{stderr}");
        assert!(!stderr.contains("root:"), "{stderr}");
        assert!(!dir.path().join("out").exists());
    }
    // A `sources` folder that is a symlink out of the project.
    let outside = project(&[("ev/index.md", "# Secret\n\n- [T](t.md)\n"), ("ev/t.md", "# T\n\nthe secret\n")]);
    let dir = project(&[("notes.toml", "title = \"B\"\nsources = \"notes\"\n")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("notes")).unwrap();
    let run = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`sources`"));
}

#[test]
fn configuration_and_templates_are_read_never_run() {
    let marker = std::env::temp_dir().join(format!("notes-hostile-ran-{}", std::process::id()));
    let m = marker.display().to_string();
    let dir = project(&[
        ("sphinx/conf.py", &format!("project = 'P'\nimport os\nos.system('touch {m}')\nopen('{m}', 'w').write('x')\nexec(\"open('{m}','w')\")\n")),
        ("sphinx/index.rst", "P\n=\n\n.. toctree::\n\n   a\n"),
        ("sphinx/a.rst", "A\n=\n\nText of a.\n\n.. raw:: html\n\n   <script>alert(1)</script>\n"),
        ("jekyll/_config.yml", &format!("title: J\ntheme: minima\nplugins: [\"`touch {m}`\"]\n")),
        (
            "jekyll/_posts/2020-01-01-a.md",
            "---\ntitle: A\n---\n\nLiquid {% include /etc/passwd %} and {{ site.title | shell: 'id' }} and {% for i in (1..999999999) %}x{% endfor %}.\n",
        ),
        ("hugo/hugo.toml", "title = \"H\"\n"),
        ("hugo/content/a.md", "---\ntitle: A\n---\n\nShortcodes {{< readfile \"/etc/passwd\" >}} and {{% exec \"id\" %}} stay.\n"),
        ("quarto/_quarto.yml", &format!("project:\n  type: book\n  pre-render: touch {m}\nbook:\n  title: Q\n  chapters: [index.qmd]\n")),
        ("quarto/index.qmd", "# Q\n\n```{python}\nimport os; os.system('id')\n```\n\n`{python} 1+1` inline.\n"),
    ]);
    // Liquid tags and Hugo's shortcodes are removed (with a warning), code
    // cells kept as code: nothing runs, nothing is read.
    for (source, kept, gone) in [
        ("sphinx", vec!["Text of a."], vec!["alert(1)"]),
        ("jekyll", vec!["Liquid and and x."], vec!["include", "shell", "root:x"]),
        ("hugo", vec!["Shortcodes and stay."], vec!["readfile", "exec", "root:x"]),
        ("quarto", vec!["import os; os.system('id')", "inline."], vec![]),
    ] {
        let (loaded, _) = load_source(dir.path(), source);
        assert!(!loaded.diagnostics.has_errors(), "{source}: {:?}", loaded.diagnostics);
        let (pdf, epub) = both_texts(&loaded);
        // Highlighted code comes out of both books one token a piece: spaces
        // do not count.
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        for k in kept {
            assert!(bare(&pdf).contains(&bare(k)) && bare(&epub).contains(&bare(k)), "{source}: {k:?} not kept as text in {pdf} / {epub}");
        }
        for g in gone {
            assert!(!pdf.contains(g) && !epub.contains(g), "{source}: {g:?} printed");
        }
    }
    assert!(!marker.exists(), "something ran");
}

#[test]
fn deep_nesting_of_every_kind_makes_a_pdf_with_its_text() {
    // Emphasis, subscripts and links nested 16 deep (each reader's cap).
    let mut inline = "core".to_string();
    for i in 0..16 {
        inline = match i % 3 {
            0 => format!("*a {inline} b*"),
            1 => format!("<sub>a {inline}</sub>"),
            _ => format!("[a {inline}](https://example.org)"),
        };
    }
    let admonitions = |body: &str| {
        let open: String = (0..16).map(|i| format!("{}{{note}}\n", ":".repeat(3 + 16 - i))).collect();
        let close: String = (0..16).rev().map(|i| format!("{}\n", ":".repeat(3 + 16 - i))).collect();
        format!("{open}{body}\n{close}")
    };
    let bodies = [
        format!("{}{inline}", "> ".repeat(16)),
        format!("{}{}{inline}", "> ".repeat(16), "- ".repeat(16)),
        admonitions(&inline),
        format!("{}{inline}", (1..=16).map(|i| format!("{} [!note] T\n", ">".repeat(i))).collect::<String>() + &">".repeat(16) + " "),
        format!("{}\n\n{}{inline}\n", "<details><summary>s</summary>\n\n".repeat(16), "> ".repeat(16)),
        format!("{}{inline}{}", "<table><tr><td>".repeat(16), "</td></tr></table>".repeat(16)),
        format!("Ref[^1] {}\n\n[^1]: {}{inline}\n", "*a ".repeat(12) + &" b*".repeat(12), "> ".repeat(16)),
        format!("{}{inline}", "<ul><li><blockquote><ol><li>".repeat(16)),
    ];
    for body in bodies {
        let dir = project(&[INDEX, ("sources/ev/talk.md", &format!("# Talk\n\n{body}\n\nLast words.\n"))]);
        let loaded = common::load(dir.path());
        let (pdf, epub) = both_texts(&loaded);
        for text in [&pdf, &epub] {
            assert!(text.contains("core") && text.contains("Last words."), "{body:.80}: {text:.300}");
        }
    }
}

#[test]
fn a_hundred_thousand_nested_divs_quotes_brackets_and_fractions() {
    let n = 100_000;
    let cases = [
        format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)),
        format!("{}deep", "> ".repeat(n)),
        "[".repeat(n),
        format!("{}x{}", "[".repeat(n), "]".repeat(n)),
        format!("${}x{}$", "\\frac{".repeat(n), "}".repeat(n)),
        format!("$$\n{}x\n$$", "\\sqrt{".repeat(n)),
        format!("{{math}}`{}`", "\\left(".repeat(n)),
        format!("<math>{}</math>", "<mrow>".repeat(n)),
        format!("<svg>{}</svg>", "<g>".repeat(n)),
        "![[".repeat(n),
        "<!--".repeat(n),
    ];
    for body in cases {
        let dir = project(&[INDEX, ("sources/ev/talk.md", &format!("# Talk\n\nFirst words.\n\n{body}\n\nLast words.\n"))]);
        let started = Instant::now();
        let loaded = common::load(dir.path());
        let pdf = pdf_text(&loaded);
        assert!(started.elapsed() < Duration::from_secs(60), "{:.40}: {:?}", body, started.elapsed());
        assert!(pdf.contains("First words."), "{body:.40}");
        if !body.starts_with("<!--") {
            assert!(pdf.contains("Last words."), "{body:.40}");
        }
    }
}

#[test]
fn long_titles_urls_runs_and_descriptions_make_a_pdf() {
    let words = "word ".repeat(8000);
    let dir = project(&[
        ("sources/index.md", &format!("---\ntitle: {words}\nauthor: {words}\ndescription: {words}\n---\n\n- [Ev](ev/index.md)\n")),
        ("sources/ev/index.md", &format!("# {words}\n\n- [Talk](talk.md)\n")),
        (
            "sources/ev/talk.md",
            &format!(
                "# {words}\n\n## {words}\n\n{}\n\n{}\n\n[a link](https://example.org/{})\n\n<https://example.org/{}>\n\n$x{}$\n\nLast words.\n",
                "[".repeat(40_000),
                "a*b*".repeat(10_000),
                "a".repeat(40_000),
                "b".repeat(40_000),
                "+x".repeat(20_000)
            ),
        ),
    ]);
    let loaded = common::load(dir.path());
    assert!(codes(&loaded).contains(&"bad-link"), "{:?}", codes(&loaded));
    let pdf = pdf_text(&loaded);
    assert!(pdf.contains("Last words.") && pdf.contains("[[[[[[[[[["), "{:.300}", &pdf[pdf.len().saturating_sub(300)..]);
}

#[test]
fn huge_numbers_in_settings_and_markup_are_clamped_or_refused() {
    let big = "9".repeat(400);
    let dir = project(&[
        ("sources/index.rst", &format!("Book\n====\n\n.. toctree::\n   :maxdepth: {big}\n\n   ev/index\n")),
        ("sources/ev/index.md", &format!("---\ntitle: Ev\nweight: {big}\ndate: 99999-99-99\n---\n\n- [Talk](talk.md)\n- [R](r.rst)\n")),
        (
            "sources/ev/talk.md",
            &format!(
                "+++\ntitle = \"Talk\"\nweight = {big}\n+++\n\n<img src=\"p.png\" width=\"{big}\" height=\"1e308\">\n\n![a](p.png){{width={big}%}}\n\n![[p.png|{big}x{big}]]\n\n<h9999999999>x</h9999999999>\n\n<table><tr><td colspan={big} rowspan=\"-1\">cell</td></tr></table>\n\n<ol start=\"{big}\"><li>item</li></ol>\n\n{big}. item\n\nLast words.\n"
            ),
        ),
        ("sources/ev/data.txt", &"line\n".repeat(1000)),
        (
            "sources/ev/r.rst",
            &format!(
                "R\n=\n\n.. literalinclude:: data.txt\n   :lines: {}\n\n.. include:: data.txt\n   :literal:\n   :start-line: {big}\n   :end-line: -{big}\n\n.. image:: p.png\n   :width: {big}px\n   :scale: {big}\n\n.. csv-table::\n   :header-rows: {big}\n   :widths: {big}\n\n   a,b\n\nLast words of R.\n",
                "1-,".repeat(20_000)
            ),
        ),
    ]);
    std::fs::write(dir.path().join("sources/ev/p.png"), tiny_png()).unwrap();
    let started = Instant::now();
    let loaded = notes::load(&common::options(dir.path())).unwrap();
    let (pdf, _) = both_texts(&loaded);
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    assert!(pdf.contains("Last words.") && pdf.contains("Last words of R."), "{pdf:.400}");
    // The repeated `:lines:` is refused (it would have made 20 million lines).
    assert!(loaded.diagnostics.iter().any(|d| d.code == "bad-directive" && d.message.contains(":lines:")), "{:?}", codes(&loaded));
}

/// A 1×1 PNG.
fn tiny_png() -> Vec<u8> {
    // Made by hand: signature, IHDR, IDAT (zlib, stored), IEND.
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn adler(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    let raw = [0u8, 0xff, 0x00, 0x00];
    let mut z = vec![0x78, 0x01, 0x01, raw.len() as u8, 0, !(raw.len() as u8), 0xff];
    z.extend_from_slice(&raw);
    z.extend_from_slice(&adler(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn embeds_that_multiply_text_are_cut_with_one_warning() {
    // Each note embeds the next ten times, eight deep.
    let mut files: Vec<(String, String)> = vec![("v/.obsidian/app.json".into(), "{}".into())];
    for i in 0..9 {
        let embeds: String = if i < 8 { (0..10).map(|_| format!("![[n{}]]\n\n", i + 1)).collect() } else { String::new() };
        files.push((format!("v/n{i}.md"), format!("# N{i}\n\nWords of n{i}.\n\n{embeds}")));
    }
    files.push(("v/a.md".into(), "# A\n\n![[a]]\n\n![[b]]\n\nEnd of a.\n".into()));
    files.push(("v/b.md".into(), "# B\n\n![[a]]\n".into()));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = project(&files);
    let (loaded, took) = load_source(dir.path(), "v");
    assert!(took < Duration::from_secs(20), "{took:?}");
    let c = codes(&loaded);
    assert_eq!(c.iter().filter(|c| **c == "embed-too-large").count(), 1, "{c:?}");
    assert!(c.contains(&"embed-cycle"), "{c:?}");
    let pdf = pdf_text(&loaded);
    assert!(pdf.contains("End of a."));
}

#[test]
fn a_bad_construct_costs_that_construct_only() {
    let dir = project(&[
        ("sources/ev/index.md", "# Event\n\n- [Talk](talk.md)\n- [Gone](gone.md)\n- [Other](other.rst)\n"),
        (
            "sources/ev/talk.md",
            "# Talk\n\nBefore.\n\n![broken](broken.png)\n\n![svg](bad.svg)\n\n<svg><g><text>unclosed\n\n$\\frac{1}{$ and $\\newcommand{\\x}{y}\\x$\n\n<video src=\"x.mp4\"><object data=\"y\"></object></video><iframe src=\"https://example.org\"></iframe>\n\n| a | b |\n|---|\n| 1 | 2 | 3 |\n\n[^nope] and [[Missing note]] and ![[Missing embed]]\n\nAfter all of it.\n",
        ),
        (
            "sources/ev/other.rst",
            "Other\n=====\n\n.. figure:: missing.png\n\n   Caption.\n\n.. math::\n\n   \\begin{nope}\n\n.. unknown-directive:: x\n\nOther text.\n",
        ),
    ]);
    std::fs::write(dir.path().join("sources/ev/broken.png"), b"\x89PNG\r\n\x1a\nnot a png").unwrap();
    std::fs::write(dir.path().join("sources/ev/bad.svg"), b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g><unclosed").unwrap();
    let loaded = common::load(dir.path());
    let c = codes(&loaded);
    for code in ["bad-image", "missing-image", "math", "missing-toc-entry"] {
        assert!(c.contains(&code), "{code}: {c:?}");
    }
    let (pdf, epub) = both_texts(&loaded);
    for text in [&pdf, &epub] {
        assert!(text.contains("Before.") && text.contains("After all of it.") && text.contains("Other text."), "{text:.500}");
    }
}

#[test]
fn a_failed_write_exits_3_and_leaves_the_earlier_books_byte_identical() {
    let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n\nGood text.\n"), ("notes.toml", "title = \"Book\"\n")]);
    let ok = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let pdf = dir.path().join("out/book.pdf");
    let epub = dir.path().join("out/book.epub");
    let (pdf_before, epub_before) = (std::fs::read(&pdf).unwrap(), std::fs::read(&epub).unwrap());
    std::fs::write(dir.path().join("sources/ev/talk.md"), "# Talk\n\nNew text.\n").unwrap();
    // The EPUB's place is taken by a folder: the PDF, written first, is
    // not replaced either.
    std::fs::remove_file(&epub).unwrap();
    std::fs::create_dir(&epub).unwrap();
    let failed = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("book.epub"), "{stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), pdf_before);
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    std::fs::remove_dir(&epub).unwrap();
    std::fs::write(&epub, &epub_before).unwrap();
    // The output folder is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"keep me").unwrap();
    let failed = notes_bin().args(["render", "--out"]).arg(&file).current_dir(dir.path()).output().unwrap();
    assert_eq!(failed.status.code(), Some(3), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("a-file"));
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    // A folder that cannot be written (unless running as root, whom
    // permissions do not stop).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let out = dir.path().join("out");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = out.join(".probe");
        let root = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(&probe);
        if !root {
            let failed = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
            assert_eq!(failed.status.code(), Some(3), "{}", String::from_utf8_lossy(&failed.stderr));
            assert_eq!(std::fs::read(&pdf).unwrap(), pdf_before);
            assert_eq!(std::fs::read(&epub).unwrap(), epub_before);
        }
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Typst code, a reference, XML's end of CDATA and an ampersand: printed as
/// written wherever a note or a site's configuration puts them.
const P: &str = "#{1+1} #sys.version @ref ]]> &";

#[test]
fn text_from_every_new_input_is_printed_as_written() {
    let dir = project(&[
        ("mk/mkdocs.yml", &format!("site_name: '{P} site A'\nnav:\n- '{P} nav B': a.md\n")),
        (
            "mk/docs/a.md",
            &format!(
                "---\ntitle: '{P} front C'\n---\n\n# Heading\n\n<span>{P} html D</span>\n\n<details><summary>{P} summary E</summary>\n\nBody.\n\n</details>\n\nFormula $\\text{{#{{1+1}}}}$ end.\n"
            ),
        ),
        ("v/.obsidian/app.json", "{}"),
        // A wikilink's text ends at the first `]]`: its alias has no `]]>`.
        ("v/a.md", "# A\n\nSee [[b|#{1+1} #sys.version @ref & alias F]].\n\n![[b]]\n"),
        ("v/b.md", &format!("# B\n\n{P} embedded G\n")),
        ("j/_toc.yml", "root: intro\n"),
        ("j/intro.md", &format!("# Intro\n\n```{{note}} {P} myst H\nInside.\n```\n\n{{index}}`{P} myst index I`\n")),
        ("r/conf.py", "project = 'R'\n"),
        ("r/index.rst", "R\n=\n\n.. toctree::\n\n   a\n"),
        ("r/a.rst", &format!("A\n=\n\n.. index:: {P} rst index J\n\nText :index:`{P} role K` here.\n")),
    ]);
    for (source, marks) in [
        ("mk", &["site A", "nav B", "html D", "summary E"][..]),
        ("v", &["alias F", "embedded G"][..]),
        ("j", &["myst H"][..]),
        ("r", &["rst index J", "role K"][..]),
    ] {
        let (loaded, _) = load_source(dir.path(), source);
        assert!(!loaded.diagnostics.has_errors(), "{source}: {:?}", loaded.diagnostics);
        let (pdf, epub) = both_texts(&loaded);
        for mark in marks {
            let want = if *mark == "alias F" { format!("#{{1+1}} #sys.version @ref & {mark}") } else { format!("{P} {mark}") };
            assert!(pdf.contains(&want), "{source}: {want:?} not in the PDF: {pdf}");
            assert!(epub.contains(&want), "{source}: {want:?} not in the EPUB: {epub}");
        }
        // `#{1+1}` was never evaluated.
        assert!(!pdf.contains("2 #sys") && !epub.contains("2 #sys"), "{source}");
        if source == "mk" {
            // Typst code in a formula's text is text: `#1+1`, never `2`.
            assert!(pdf.contains("Formula #1+1 end.") && epub.contains("#1+1"), "{pdf} / {epub}");
        }
        if source == "r" {
            // Index entries reach the index at the back of the book.
            assert!(pdf.matches("rst index J").count() >= 2 || pdf.matches("role K").count() >= 2, "{pdf}");
        }
    }
}

#[test]
fn huge_and_impossible_numbers_in_notes_toml_are_refused_by_key() {
    for (setting, key) in [
        ("contents-depth = 99999999999999999999999", "contents-depth"),
        ("contents-depth = 300", "contents-depth"),
        ("bookmarks-depth = -1", "bookmarks-depth"),
        ("numbering-depth = 1e308", "numbering-depth"),
        ("[fonts]\nsize = 1e308", "size"),
        ("[fonts]\nsize = nan", "size"),
        ("[fonts]\nsize = -inf", "size"),
    ] {
        let dir = project(&[INDEX, ("sources/ev/talk.md", "# Talk\n\nText.\n"), ("notes.toml", &format!("title = \"B\"\n{setting}\n"))]);
        let started = Instant::now();
        let run = notes_bin().args(["render"]).current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(started.elapsed() < Duration::from_secs(30), "{setting}");
        assert_eq!(run.status.code(), Some(1), "{setting}: {stderr}");
        assert!(stderr.contains(key) && stderr.contains("notes.toml:"), "{setting}: {stderr}");
        assert!(!dir.path().join("out").exists(), "{setting}");
    }
}
