//! Fuzz target: the layouts' configuration files. The first byte picks a
//! file (`mkdocs.yml`, `_quarto.yml`, `_toc.yml`, `_config.yml`,
//! `hugo.toml`, `book.toml` and `SUMMARY.md`, `conf.py`, `.pages`), the
//! rest is its text, in a site with a few notes; the project is loaded
//! (layout detection, the configuration read, the table of contents
//! followed). No panic, no hang, and no note from outside the site.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A site folder, made once: a few notes in the places layouts look.
fn site() -> &'static std::path::PathBuf {
    static SITE: OnceLock<std::path::PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("notes-fuzz-site-{}", std::process::id()));
        for note in ["index.md", "intro.md", "docs/index.md", "docs/a.md", "src/a.md", "content/a.md", "a/b.md", "index.qmd"] {
            let path = dir.join(note);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("# {note}\n\nText of {note}.\n")).unwrap();
        }
        dir.canonicalize().unwrap()
    })
}

const FILES: &[&str] = &["mkdocs.yml", "_quarto.yml", "_toc.yml", "_config.yml", "hugo.toml", "book.toml", "src/SUMMARY.md", "conf.py", "docs/.pages"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let dir = site();
    for f in FILES {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let file = FILES[pick as usize % FILES.len()];
    // mdBook needs its book.toml for SUMMARY.md; Sphinx its index.rst.
    if file == "src/SUMMARY.md" {
        std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"B\"\n").unwrap();
    }
    if file == "docs/.pages" {
        std::fs::write(dir.join("mkdocs.yml"), "site_name: X\nplugins:\n  - awesome-pages\n").unwrap();
    }
    std::fs::write(dir.join(file), rest).unwrap();
    let options = notes_project::ProjectOptions { cwd: dir.clone(), source: Some(dir.clone()), config: None, out: None };
    if let Ok(loaded) = notes::load(&options) {
        for part in &loaded.book.parts {
            for chapter in &part.chapters {
                assert!(!chapter.source.path.starts_with(".."), "a note from outside the site: {}", chapter.source.path);
            }
        }
    }
});
