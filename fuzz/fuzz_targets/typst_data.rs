//! Fuzz target: the tree-to-Typst step. Any Markdown note, read and
//! normalized, is handed to Typst as data through the real template: the
//! layout must succeed (no Typst error, whatever the text), and no note text
//! may ever run as Typst code.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use notes_doc::diag::{Diagnostics, FileDiagnostics};
use notes_doc::{Block, Book, Chapter, Format, Part, Pos, SourceRef, TREE_VERSION};
use notes_project::assets::Assets;
use notes_project::config::Config;
use notes_read::{NoIncludes, ReadContext};

fn assets() -> &'static (Assets, std::path::PathBuf) {
    static ASSETS: OnceLock<(Assets, std::path::PathBuf)> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let dir = std::env::temp_dir().join("notes-fuzz-sources");
        let _ = std::fs::create_dir_all(&dir);
        let dir = dir.canonicalize().expect("a temporary folder");
        let (fonts, _) = notes_pdf::fonts::load(None, "fonts");
        let assets = Assets {
            source_dir: dir.clone(),
            shown_dir: "sources".into(),
            root: dir.clone(),
            fonts,
            template: None,
            css: None,
            cover: None,
            build_time: 1_478_908_800,
        };
        (assets, dir)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = notes_doc::text::clean_text(&text);
    let (assets, dir) = assets();
    let mut diagnostics = Diagnostics::new();
    let cx = ReadContext { path: "ev/talk.md", is_index: false, includes: &NoIncludes };
    let mut fd = FileDiagnostics { file: std::path::Path::new("ev/talk.md"), diagnostics: &mut diagnostics };
    let mut note = notes_read::read(&text, Format::Markdown, &cx, &mut fd);
    let first_heading = note.blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    let title = match first_heading.map(|i| note.blocks.remove(i)) {
        Some(Block::Heading { content, .. }) => content,
        _ => Vec::new(),
    };
    let chapter = Chapter {
        id: String::new(),
        title,
        number: None,
        meta: note.meta,
        source: SourceRef { path: "ev/talk.md".into(), format: Format::Markdown },
        blocks: note.blocks,
        footnotes: note.footnotes,
        labels: note.title_labels,
        pos: Pos::new(1, 1),
    };
    let mut book = Book { version: TREE_VERSION, ..Book::default() };
    book.meta.title = "Fuzz".into();
    book.meta.date = "2016-11-12".into();
    book.parts.push(Part { id: String::new(), title: vec![notes_doc::Inline::text("Event")], number: None, source: None, blocks: vec![], chapters: vec![chapter], pos: Pos::default() });
    let config = Config::default();
    let shown = std::path::PathBuf::from("sources");
    let ncx = notes_normalize::Context { config: &config, source_dir: dir, shown_dir: &shown };
    notes_normalize::run(&mut book, &ncx, &mut diagnostics);
    let (book, _) = notes_pdf::prepare(&book, assets);
    let world = notes_pdf::world::world_for(&book, &config, assets, notes_pdf::world::DocumentKind::Book).expect("a world");
    let (document, _) = notes_pdf::world::layout(&world);
    let document: typst_layout::PagedDocument = document.unwrap_or_else(|e| panic!("Typst failed on note text: {e:?}"));
    assert!(document.pages().len() >= 3);
    // Typst keeps what it memoized; inputs share little of it.
    notes_pdf::forget_old_work();
});
