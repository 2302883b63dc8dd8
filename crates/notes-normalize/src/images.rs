//! Images: the one place that decides whether an image can be used, for
//! every image node of the book, wherever it stands: a figure, an image in
//! running text, inside a link, in a talk's or an event's title, in a
//! talk's fields, in a footnote, in the book's front text, and images a
//! reader made from HTML (`<img>`, inline `<svg>`).
//!
//! An image is used when it is a file inside the source folder (or SVG text
//! the note held itself) that [`notes_project::images::probe`] accepts;
//! anything else (a remote image, a missing file, an unparsable SVG, a
//! damaged PNG) becomes its description, with a warning. After this pass
//! every image `src` names a file under the source folder, relative to it,
//! that both backends can load, or the image carries its own SVG text: a
//! bad image can never fail a book.

use std::collections::HashMap;

use crate::Context;
use notes_doc::diag::{Diagnostic, Diagnostics};
use notes_doc::paths::{join_relative, parent_of, resolve_inside};
use notes_doc::{Block, Book, Image, Inline, Pos, plain_text, walk_blocks_mut, walk_inlines_in};

/// Checks every image of the book; an image that cannot be used is
/// replaced by its description.
pub fn run(book: &mut Book, cx: &Context, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let by_name = std::sync::OnceLock::new();
    let cx = &Located { cx, by_name };
    let reports: Vec<Diagnostics> = book
        .parts
        .par_iter_mut()
        .map(|part| {
            let mut check = Checker::new(cx);
            let file = part.source.as_ref().map(|s| s.path.clone()).unwrap_or_default();
            check.inlines(&mut part.title, &file);
            check.blocks(&mut part.blocks, &file);
            for chapter in &mut part.chapters {
                let file = chapter.source.path.clone();
                check.inlines(&mut chapter.title, &file);
                for field in &mut chapter.meta.fields {
                    check.inlines(&mut field.value, &file);
                }
                check.blocks(&mut chapter.blocks, &file);
                for note in &mut chapter.footnotes {
                    check.blocks(&mut note.blocks, &file);
                }
            }
            check.diags
        })
        .collect();
    for report in reports {
        diags.extend(report);
    }
    let mut check = Checker::new(cx);
    check.blocks(&mut book.front, "");
    diags.extend(check.diags);
}

/// The context, and the images of the source folder by file name (found
/// once, when an image is first looked for by its name alone).
struct Located<'a> {
    cx: &'a Context<'a>,
    by_name: std::sync::OnceLock<HashMap<String, Vec<String>>>,
}

impl Located<'_> {
    /// The one file under the source folder named `name` (in any case), for
    /// an image named without a folder that is not beside its note (an
    /// Obsidian embed, `![[diagram.png]]`, finds it anywhere in the vault).
    fn find(&self, name: &str) -> Option<&str> {
        let index = self.by_name.get_or_init(|| index_files(self.cx.source_dir));
        let found = index.get(&name.to_lowercase())?;
        // The shortest path wins, as in Obsidian.
        found.iter().min_by_key(|p| (p.len(), p.as_str())).map(String::as_str)
    }
}

/// Every file under `dir` by lower-cased file name: paths relative to it.
fn index_files(dir: &std::path::Path) -> HashMap<String, Vec<String>> {
    let mut index: HashMap<String, Vec<String>> = HashMap::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, rel)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push((entry.path(), path)),
                Ok(t) if t.is_file() => index.entry(name.to_lowercase()).or_default().push(path),
                _ => {}
            }
        }
    }
    index
}

/// Checks images, remembering what it found for each file.
struct Checker<'a> {
    cx: &'a Located<'a>,
    diags: Diagnostics,
    /// Path under the source folder → why it cannot be used, if it cannot.
    probed: HashMap<std::path::PathBuf, Result<(), String>>,
}

impl<'a> Checker<'a> {
    fn new(cx: &'a Located<'a>) -> Self {
        Checker { cx, diags: Diagnostics::new(), probed: HashMap::new() }
    }

    fn blocks(&mut self, blocks: &mut [Block], file: &str) {
        walk_blocks_mut(blocks, &mut |block| {
            if let Block::Figure { image, caption, pos, .. } = block {
                if image.alt.trim().is_empty() && !caption.is_empty() {
                    image.alt = plain_text(caption);
                }
                if let Err(text) = self.image(image, file) {
                    let mut content = vec![text];
                    if !caption.is_empty() {
                        content.push(Inline::text(" "));
                        content.append(caption);
                    }
                    *block = Block::Paragraph { content, pos: *pos };
                }
            }
            for seq in notes_doc::block_inlines_mut(block) {
                self.inlines(seq, file);
            }
        });
    }

    fn inlines(&mut self, seq: &mut Vec<Inline>, file: &str) {
        walk_inlines_in(seq, &mut |seq| {
            for inline in seq.iter_mut() {
                if let Inline::Image { image } = inline
                    && let Err(text) = self.image(image, file)
                {
                    *inline = text;
                }
            }
        });
    }

    /// Checks one image; on failure returns the inline that replaces it.
    fn image(&mut self, image: &mut Image, file: &str) -> Result<(), Inline> {
        let located = self.cx;
        let cx = located.cx;
        let at = |d: Diagnostic, pos: Pos, len: usize| d.in_file(cx.shown(file)).at(pos, len as u32);
        let alt = |image: &Image| Inline::Emph {
            content: vec![Inline::text(if image.alt.is_empty() { format!("[image: {}]", image.src) } else { format!("[{}]", image.alt) })],
        };
        if let Some(width) = image.width.take() {
            image.width = usable_width(&width);
            if image.width.is_none() {
                self.diags.push(at(
                    Diagnostic::warning("bad-width", format!("the width {width:?} is not a length (such as 50%, 300px, 8cm); the image keeps its own")),
                    image.pos,
                    1,
                ));
            }
        }
        let src = image.src.trim().to_string();
        if image.data.is_some() {
            // An image the note held itself (HTML `<svg>`, a notebook's
            // saved output): checked like a file.
            let what = if image.holds_data_url() { "an image saved in the note" } else { "an SVG image in the note" };
            let checked = match image.held_bytes() {
                Some(bytes) => notes_project::images::probe(&bytes).map(|_| ()).map_err(|why| why.to_string()),
                None => Err("is not in base64".to_string()),
            };
            if let Err(why) = checked {
                self.diags.push(at(Diagnostic::warning("bad-image", format!("{what} {why}; it is shown as its description")), image.pos, 4));
                return Err(alt(image));
            }
            if image.alt.trim().is_empty() {
                image.alt = if image.holds_data_url() { "Image".to_string() } else { "SVG image".to_string() };
            }
            return Ok(());
        }
        if notes_doc::urls::has_scheme(&src) || src.starts_with("//") {
            self.diags.push(
                at(
                    Diagnostic::warning("remote-image", format!("images are not fetched from the web; {src:?} is shown as its description")),
                    image.pos,
                    src.chars().count(),
                )
                .with_help("download the image into the notes folder and link to the file"),
            );
            return Err(alt(image));
        }
        let rel = if src.starts_with('/') { None } else { join_relative(parent_of(file), &notes_doc::urls::percent_decode(&src)) };
        let Some(rel) = rel else {
            self.diags.push(
                at(Diagnostic::error("path-outside-project", format!("the image {src:?} is outside the source folder")), image.pos, src.chars().count())
                    .with_help("images must be files inside the source folder"),
            );
            return Err(alt(image));
        };
        let mut found = resolve_inside(cx.source_dir, &rel).map(|path| (path, rel.clone()));
        if matches!(found, Err(notes_doc::paths::PathError::Missing { .. }))
            && !src.contains('/')
            && let Some(elsewhere) = located.find(&notes_doc::urls::percent_decode(&src))
            && let Ok(path) = resolve_inside(cx.source_dir, elsewhere)
        {
            found = Ok((path, elsewhere.to_string()));
        }
        match found {
            Ok((path, rel)) => {
                let verdict = self.probed.entry(path.clone()).or_insert_with(|| probe_file(&path)).clone();
                if let Err(why) = verdict {
                    self.diags.push(at(
                        Diagnostic::warning("bad-image", format!("the image {src:?} {why}; it is shown as its description")),
                        image.pos,
                        src.chars().count(),
                    ));
                    return Err(alt(image));
                }
                if image.alt.trim().is_empty() {
                    // Every image needs a text alternative (PDF/UA, EPUB
                    // accessibility): its file name is better than nothing.
                    image.alt = notes_doc::names::title_from_path(&rel);
                }
                image.src = rel;
                Ok(())
            }
            Err(why) => {
                let missing = matches!(why, notes_doc::paths::PathError::Missing { .. });
                let d = if missing {
                    Diagnostic::warning("missing-image", format!("the image {src:?} does not exist; it is shown as its description"))
                } else {
                    Diagnostic::error("path-outside-project", format!("the image {why}"))
                };
                self.diags.push(at(d, image.pos, src.chars().count()));
                Err(alt(image))
            }
        }
    }
}

/// Whether a file is an image both backends can use.
fn probe_file(path: &std::path::Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
    notes_project::images::probe(&bytes).map(|_| ()).map_err(|e| e.to_string())
}

/// A width both backends understand: a positive number with a unit of
/// `%`, `px`, `pt`, `mm`, `cm`, `in` or `em`, or none (pixels); `None` for
/// anything else. Percentages above 100 are cut to 100.
pub fn usable_width(width: &str) -> Option<String> {
    let w = width.trim().to_ascii_lowercase();
    let unit = ["%", "px", "pt", "mm", "cm", "in", "em"].into_iter().find(|u| w.ends_with(u)).unwrap_or("");
    let number = w[..w.len() - unit.len()].trim();
    let value: f64 = number.parse().ok()?;
    if !value.is_finite() || value <= 0.0 || value > 100_000.0 || number.starts_with(['+', '.']) || number.contains(['e', 'E']) {
        return None;
    }
    let value = if unit == "%" { value.min(100.0) } else { value };
    Some(format!("{value}{unit}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_lengths_or_nothing() {
        assert_eq!(usable_width("50%").as_deref(), Some("50%"));
        assert_eq!(usable_width(" 300 ").as_deref(), Some("300"));
        assert_eq!(usable_width("8cm").as_deref(), Some("8cm"));
        assert_eq!(usable_width("400PX").as_deref(), Some("400px"));
        assert_eq!(usable_width("150%").as_deref(), Some("100%"));
        for bad in ["", "abc", "-5px", "0", "1e400", "inf", "NaN", "50%%", "3 4"] {
            assert_eq!(usable_width(bad), None, "{bad}");
        }
    }
}
