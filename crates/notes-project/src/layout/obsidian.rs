//! Obsidian vaults: a `.obsidian/` folder (or, with no marker at all,
//! notes full of `[[wikilinks]]`). Folders are events; a folder note
//! (`X/X.md`, or `index`/`README`/`MOC` in it) introduces its folder and
//! its links give the order (read by the assemble step). The templates
//! folder (`.obsidian/templates.json`) and `.trash/` are not notes; the
//! vault's name is the book's title.

use std::path::Path;

use super::{Exclusion, Kind, Layout};

/// Whether most Markdown notes directly in `dir` or one level below hold
/// wikilinks: a vault without its `.obsidian/` folder.
pub fn has_wikilinks(dir: &Path) -> bool {
    let mut files = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() && depth < 2 {
                stack.push((path, depth + 1));
            } else if name.to_ascii_lowercase().ends_with(".md") && files.len() < 200 {
                files.push(path);
            }
        }
    }
    if files.len() < 3 {
        return false;
    }
    let linked = files.iter().filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("[[") && t.contains("]]"))).count();
    linked * 2 > files.len()
}

/// The layout of the Obsidian vault in `root`.
pub fn open(root: &Path) -> Layout {
    let mut layout = Layout::bare(Kind::Obsidian, root);
    layout.meta.title = root.file_name().map(|n| n.to_string_lossy().into_owned());
    let templates = std::fs::read_to_string(root.join(".obsidian/templates.json"))
        .ok()
        .filter(|t| notes_doc::text::yaml_too_deep(t).is_none())
        .and_then(|t| serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&t).ok())
        .and_then(|v| super::yaml::str_at(&v, "folder"));
    if let Some(folder) = templates {
        let folder = folder.trim_matches('/');
        layout.exclusions.extend(Exclusion::new(folder, "Obsidian's templates folder"));
        layout.exclusions.extend(Exclusion::new(&format!("{folder}/**"), "Obsidian's templates folder"));
    }
    layout
}
