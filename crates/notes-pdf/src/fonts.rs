//! Fonts as Typst sees them. Typst names the fonts of the PDF, so it names
//! them for every output: [`load`] makes the project's [`FontSet`] (plain
//! data the other backends read) from the fonts built into `notes` and
//! those in `fonts/`, and [`typst_fonts`] turns a font set back into the
//! Typst fonts a world serves, without parsing the built-in ones again.
//!
//! Characters none of those fonts have (Chinese, Japanese, Arabic, emoji)
//! are looked for in the fonts installed on the system
//! ([`add_system_fonts`]), a family at a time, and what no font has is said
//! once per note, with the packages that would show it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use notes_doc::diag::Diagnostic;
use notes_project::assets::{FontData, FontFace, FontProblem, FontSet, FontStyle};
use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use unicode_script::{Script, UnicodeScript};

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

/// Characters that only shape others (joiners, variation selectors, the
/// soft hyphen): they need no glyph of their own.
pub fn needs_no_glyph(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{fffd}')
        || ('\u{e0100}'..='\u{e01ef}').contains(&c)
}

/// Whether a character is an emoji (drawn by a colour emoji font).
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// What a reader calls the script of a character ("Han", "emoji").
fn script_name(c: char) -> String {
    if is_emoji(c) {
        return "emoji".into();
    }
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => "symbols".into(),
        s => s.full_name().replace('_', " "),
    }
}

/// The Debian package whose fonts show a script (the name of a Noto
/// font elsewhere).
fn package_for(script: &str) -> &'static str {
    match script {
        "Han" | "Hiragana" | "Katakana" | "Hangul" | "Bopomofo" => "fonts-noto-cjk",
        "emoji" => "fonts-noto-color-emoji",
        "symbols" => "fonts-noto-core (or fonts-symbola)",
        _ => "fonts-noto-core",
    }
}

/// The one warning of a note about the characters no font has: them, their
/// scripts, and what would show them.
pub fn missing_glyphs_warning(chars: &[char]) -> Diagnostic {
    let mut by_script: BTreeMap<String, Vec<char>> = BTreeMap::new();
    for &c in chars {
        by_script.entry(script_name(c)).or_default().push(c);
    }
    let listed: Vec<String> = by_script
        .iter()
        .map(|(script, cs)| {
            let shown: String = cs.iter().take(8).collect();
            let more = if cs.len() > 8 { format!(" and {} more", cs.len() - 8) } else { String::new() };
            format!("{script}: {shown}{more}")
        })
        .collect();
    let mut packages: Vec<&str> = by_script.keys().map(|s| package_for(s)).collect();
    packages.dedup();
    let n = chars.len();
    Diagnostic::warning(
        "missing-glyph",
        format!(
            "no font has {} of this note's characters ({}); {} shown as empty boxes in the PDF",
            if n == 1 { "one".to_string() } else { n.to_string() },
            listed.join("; "),
            if n == 1 { "it is" } else { "they are" }
        ),
    )
    .with_help(format!("install a font that has them (on Debian or Ubuntu: {}), put one in fonts/, or name one in [fonts] fallback", packages.join(", ")))
}

/// The characters of `chars` that no face of `set` has.
pub fn uncovered(chars: &BTreeSet<char>, set: &FontSet) -> BTreeSet<char> {
    let fonts = typst_fonts(set);
    chars
        .iter()
        .copied()
        .filter(|&c| !c.is_whitespace() && !needs_no_glyph(c) && !notes_doc::text::is_unprintable(c))
        .filter(|&c| !fonts.iter().any(|f| f.info().coverage.contains(c as u32)))
        .collect()
}

/// The faces installed on the system, found once per process.
fn system_faces() -> &'static [(PathBuf, u32, FontInfo)] {
    static FACES: OnceLock<Vec<(PathBuf, u32, FontInfo)>> = OnceLock::new();
    FACES.get_or_init(|| {
        let mut faces: Vec<(PathBuf, u32, FontInfo)> = typst_kit::fonts::system().map(|(path, info)| (path.path, path.index, info)).collect();
        // The same on every run, whatever order the file system lists them in.
        faces.sort_by(|a, b| (&a.2.family, &a.0, a.1).cmp(&(&b.2.family, &b.0, b.1)));
        faces
    })
}

/// The bytes of a font file of the system, read once per process.
fn system_file(path: &Path) -> Option<FontData> {
    static FILES: OnceLock<Mutex<HashMap<PathBuf, FontData>>> = OnceLock::new();
    let files = FILES.get_or_init(Default::default);
    let mut files = files.lock().ok()?;
    if let Some(data) = files.get(path) {
        return Some(data.clone());
    }
    let data = FontData::from_vec(std::fs::read(path).ok()?);
    files.insert(path.to_path_buf(), data.clone());
    Some(data)
}

/// A family the system gave the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemFamily {
    pub family: String,
    /// The file of its first face.
    pub file: PathBuf,
}

/// Adds to `set` the system's font families that have characters of
/// `missing`, a family at a time: the one that has most of what is still
/// missing; among equals, the variant of the book's `language` for Chinese,
/// Japanese and Korean, a serif face for a serif body, then by name. Returns
/// the families added, in order, for `[fonts] fallback`.
pub fn add_system_fonts(set: &mut FontSet, missing: &BTreeSet<char>, language: &str, body_family: &str) -> Vec<SystemFamily> {
    let mut remaining: BTreeSet<char> = missing.clone();
    let mut added = Vec::new();
    if remaining.is_empty() {
        return added;
    }
    let faces = system_faces();
    let have: BTreeSet<String> = set.faces.iter().map(|f| f.family.to_lowercase()).collect();
    let mut families: BTreeMap<&str, Vec<&(PathBuf, u32, FontInfo)>> = BTreeMap::new();
    for face in faces {
        if !have.contains(&face.2.family.to_lowercase()) {
            families.entry(face.2.family.as_str()).or_default().push(face);
        }
    }
    let lang = language.to_ascii_lowercase();
    let cjk_variant = match lang.split('-').next().unwrap_or("") {
        "ja" => "JP",
        "ko" => "KR",
        "zh" if lang.contains("tw") || lang.contains("hant") => "TC",
        "zh" if lang.contains("hk") => "HK",
        _ => "SC",
    };
    let serif = body_family.to_lowercase().contains("serif") && !body_family.to_lowercase().contains("sans");
    let preference = |family: &str| -> (bool, bool) {
        let name = family.to_lowercase();
        let cjk = family.contains(" CJK ") && family.ends_with(cjk_variant) || family.contains("Emoji");
        let style = if serif { name.contains("serif") && !name.contains("sans") } else { !name.contains("serif") || name.contains("sans") };
        (cjk, style)
    };
    while !remaining.is_empty() {
        let best = families
            .iter()
            .filter(|(family, _)| !added.iter().any(|a: &SystemFamily| a.family == **family))
            .map(|(family, faces)| {
                let count = remaining.iter().filter(|c| faces.iter().any(|f| f.2.coverage.contains(**c as u32))).count();
                (count, preference(family), std::cmp::Reverse(*family), faces)
            })
            .filter(|(count, ..)| *count > 0)
            .max_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        let Some((_, _, std::cmp::Reverse(family), family_faces)) = best else { break };
        for (path, index, info) in family_faces.iter().map(|f| (&f.0, f.1, &f.2)) {
            let Some(data) = system_file(path) else { continue };
            set.faces.push(describe_info(info, data, index, path));
            remaining.retain(|c| !info.coverage.contains(*c as u32));
        }
        added.push(SystemFamily { family: family.to_string(), file: family_faces[0].0.clone() });
    }
    added
}

/// The plain description of a system font from Typst's information about it.
fn describe_info(info: &FontInfo, data: FontData, index: u32, path: &Path) -> FontFace {
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
        index,
        file: Some(path.display().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_characters_are_named_with_their_scripts_and_packages() {
        let d = missing_glyphs_warning(&['日', '本', 'ア', '😀']);
        assert!(d.message.starts_with("no font has 4 of this note's characters (Han: 日本; Katakana: ア; emoji: 😀)"), "{}", d.message);
        let help = d.help.unwrap();
        assert!(help.contains("fonts-noto-cjk") && help.contains("fonts-noto-color-emoji"), "{help}");
        assert!(needs_no_glyph('\u{fe0f}') && !needs_no_glyph('a'));
    }

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
