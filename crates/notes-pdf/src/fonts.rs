//! Fonts as Typst sees them. Typst names the fonts of the PDF, so it names
//! them for every output: [`load`] makes the project's [`FontSet`] (plain
//! data the other backends read) from the fonts built into `notes` and
//! those in `fonts/`, and [`typst_fonts`] turns a font set back into the
//! Typst fonts a world serves, without parsing the built-in ones again.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use notes_project::assets::{FontData, FontFace, FontProblem, FontSet, FontStyle};
use typst::foundations::Bytes;
use typst::text::Font;

/// The fonts built into `notes` (from `typst-assets`): each Typst font and
/// its plain description, made once per process.
fn builtin() -> &'static [(Font, FontFace)] {
    static FACES: OnceLock<Vec<(Font, FontFace)>> = OnceLock::new();
    FACES.get_or_init(|| {
        typst_assets::fonts()
            .flat_map(|data| {
                let shared = FontData::from_static(data);
                Font::iter(Bytes::new(data)).map(move |font| {
                    let face = describe(&font, shared.clone(), None);
                    (font, face)
                })
            })
            .collect()
    })
}

/// The plain description of a Typst font.
fn describe(font: &Font, data: FontData, file: Option<String>) -> FontFace {
    let info = font.info();
    FontFace {
        family: info.family.clone(),
        style: match info.variant.style {
            typst::text::FontStyle::Normal => FontStyle::Normal,
            typst::text::FontStyle::Italic => FontStyle::Italic,
            typst::text::FontStyle::Oblique => FontStyle::Oblique,
        },
        weight: info.variant.weight.to_number(),
        stretch: (info.variant.stretch.to_ratio().get() * 100.0).round().clamp(50.0, 200.0) as u16,
        data,
        index: font.index(),
        file,
    }
}

/// The built-in fonts plus every `.ttf`, `.otf`, `.ttc` and `.otc` in
/// `dir` (not recursive; sorted by name so that builds are repeatable).
/// Unreadable or corrupt files are reported and skipped. `shown_dir` is
/// how messages name the folder.
pub fn load(dir: Option<&Path>, shown_dir: &str) -> (FontSet, Vec<FontProblem>) {
    let mut set = FontSet { faces: builtin().iter().map(|(_, face)| face.clone()).collect() };
    let mut problems = Vec::new();
    let Some(dir) = dir else { return (set, problems) };
    let Ok(entries) = std::fs::read_dir(dir) else { return (set, problems) };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc")))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let shown = format!("{shown_dir}/{name}");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let data = FontData::from_vec(bytes);
                let before = set.faces.len();
                set.faces.extend(Font::iter(Bytes::new(data.clone())).map(|font| describe(&font, data.clone(), Some(shown.clone()))));
                if set.faces.len() == before {
                    problems.push(FontProblem { file: shown, message: "not a font that can be read (corrupt or unsupported)".into() });
                }
            }
            Err(e) => problems.push(FontProblem { file: shown, message: format!("cannot read: {e}") }),
        }
    }
    (set, problems)
}

/// The Typst fonts of a font set, in its order: the built-in ones as made
/// once, the others parsed from their bytes.
pub fn typst_fonts(set: &FontSet) -> Vec<Font> {
    let builtin = builtin();
    set.faces
        .iter()
        .filter_map(|face| {
            if face.file.is_none()
                && let Some((font, _)) = builtin.iter().find(|(_, b)| b.data.same(&face.data) && b.index == face.index)
            {
                return Some(font.clone());
            }
            Font::new(Bytes::new(face.data.clone()), face.index)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_fonts_are_there_and_come_back_as_the_same_fonts() {
        let (set, problems) = load(None, "fonts");
        assert!(problems.is_empty());
        for family in ["Libertinus Serif", "DejaVu Sans Mono", "New Computer Modern"] {
            assert!(set.has_family(family), "{family} missing from {:?}", set.families());
        }
        let fonts = typst_fonts(&set);
        assert_eq!(fonts.len(), set.faces.len());
        assert!(fonts.iter().zip(builtin()).all(|(a, (b, _))| a == b));
    }
}
