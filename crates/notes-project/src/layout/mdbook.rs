//! mdBook books: `book.toml` (`[book] src`, falling back to `src/` when the
//! configured folder is missing; `title`, `authors`, `language`,
//! `description`). The order is `SUMMARY.md` in the source folder, which
//! the assemble step reads as a note (prefix chapters, `# Part` titles,
//! nested items, draft chapters).

use std::path::Path;

use super::{Kind, Layout, tomls};

/// The layout of the mdBook in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Mdbook, root);
    let path = root.join("book.toml");
    let mut src = "src".to_string();
    if let Some(text) = super::read_config(&path, &mut layout.notices)
        && let Some(config) = super::parse_toml(&path, &text, &mut layout.notices)
    {
        if let Some(toml::Value::Table(book)) = tomls::get(&config, "book") {
            layout.meta.title = tomls::str_at(book, "title");
            layout.meta.description = tomls::str_at(book, "description");
            layout.meta.language = tomls::str_at(book, "language");
            layout.meta.authors = tomls::get(book, "authors").map(tomls::people).unwrap_or_default();
            if let Some(s) = tomls::str_at(book, "src") {
                src = s.trim_matches('/').to_string();
            }
        }
        if let Some(toml::Value::Table(build)) = tomls::get(&config, "build")
            && let Some(dir) = tomls::str_at(build, "build-dir")
        {
            layout.skip_dirs.push(dir);
        }
    }
    let notes_dir = [src.as_str(), "src"].iter().map(|s| root.join(s)).find(|p| p.is_dir()).unwrap_or_else(|| root.to_path_buf());
    if notes_dir == root {
        layout.skip_dirs.extend(["book".to_string(), "theme".to_string()]);
    }
    layout.toc_note = ["SUMMARY.md", "summary.md"].iter().find(|n| notes_dir.join(n).is_file()).map(|n| n.to_string());
    layout.notes_dir = notes_dir;
    layout
}
