//! What the EPUB packs besides its pages and images: the fonts of the
//! book's font choice, each cut down to the characters the book uses (a
//! font of 300 KB becomes one of a few tens), and the `@font-face` rules
//! for them.
//!
//! It only ever sees bytes handed over by `Assets`; it never opens files,
//! and decides nothing about pages or markup.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use allsorts::binary::read::ReadScope;
use allsorts::font::read_cmap_subtable;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::FontTableProvider;
use allsorts::tables::cmap::Cmap;
use allsorts::tag;

use notes_project::assets::FontSet;
use notes_project::config::Config;

use super::xml::css_string;

/// A font file to pack.
pub struct FontFile<'a> {
    /// Path inside the EPUB folder (`fonts/…`).
    pub href: String,
    pub media_type: &'static str,
    pub data: Cow<'a, [u8]>,
    family: String,
    style: &'static str,
    weight: u16,
    /// `font-stretch` in percent.
    stretch: u32,
}

/// The media type of a font file from its first bytes; `None` for what an
/// EPUB cannot carry as a core media type (font collections, Type 1).
fn font_media_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match bytes.get(..4)? {
        b"OTTO" => Some(("font/otf", "otf")),
        [0, 1, 0, 0] | b"true" => Some(("font/ttf", "ttf")),
        b"wOFF" => Some(("font/woff", "woff")),
        b"wOF2" => Some(("font/woff2", "woff2")),
        _ => None,
    }
}

/// The families the book's text uses: body, headings (when set), code, and
/// the fallbacks for characters those lack.
fn families(config: &Config) -> Vec<&str> {
    let mut families = vec![config.fonts.body.as_str()];
    if let Some(heading) = config.fonts.heading.as_deref() {
        families.push(heading);
    }
    families.push(config.fonts.mono.as_str());
    families.extend(config.fonts.fallback.iter().map(String::as_str));
    let mut seen: Vec<String> = Vec::new();
    families.retain(|f| {
        let key = f.to_lowercase();
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    families
}

/// A face cut down to the characters `chars` (and the glyph every font must
/// have first): `Ok(None)` when it has none of them, or holds no outlines
/// (a bitmap emoji font: reading systems have their own).
pub fn subset_face(data: &[u8], index: u32, chars: &BTreeSet<char>) -> Result<Option<Vec<u8>>, String> {
    let file = ReadScope::new(data).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file.table_provider(index as usize).map_err(|e| e.to_string())?;
    if !(provider.has_table(tag::CFF) || provider.has_table(tag::GLYF)) {
        return Ok(None);
    }
    let cmap_data = provider.read_table_data(tag::CMAP).map_err(|e| e.to_string())?;
    let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().map_err(|e| e.to_string())?;
    let (_, table) = read_cmap_subtable(&cmap).map_err(|e| e.to_string())?.ok_or("the font maps no characters")?;
    let mut glyphs = vec![0u16];
    for &c in chars {
        if let Ok(Some(glyph)) = table.map_glyph(c as u32)
            && glyph != 0
        {
            glyphs.push(glyph);
        }
    }
    if glyphs.len() == 1 {
        return Ok(None);
    }
    glyphs.sort_unstable();
    glyphs.dedup();
    subset(&provider, &glyphs, &SubsetProfile::Minimal, CmapTarget::Unicode).map(Some).map_err(|e| e.to_string())
}

/// Every face of the book's families, once each (the first face of a
/// family with a given style, weight and stretch wins, as in Typst), cut
/// down to the characters `chars`. A face that cannot be cut is packed
/// whole, except a fallback's (they are large: the reading system's own
/// fonts serve instead); a face that has none of the characters is left out.
pub fn font_files<'a>(config: &'a Config, fonts: &'a FontSet, chars: &BTreeSet<char>) -> Vec<FontFile<'a>> {
    let mut files: Vec<FontFile<'a>> = Vec::new();
    let own = |family: &str| {
        family.eq_ignore_ascii_case(&config.fonts.body)
            || family.eq_ignore_ascii_case(&config.fonts.mono)
            || config.fonts.heading.as_deref().is_some_and(|h| family.eq_ignore_ascii_case(h))
    };
    for family in families(config) {
        for face in fonts.family(family) {
            let data: Cow<'a, [u8]> = match subset_face(face.data.as_slice(), face.index, chars) {
                Ok(Some(cut)) => Cow::Owned(cut),
                Ok(None) => continue,
                Err(_) if own(family) => Cow::Borrowed(face.data.as_slice()),
                Err(_) => continue,
            };
            let Some((media_type, ext)) = font_media_type(&data) else { continue };
            let style = face.style.css();
            let weight = face.weight;
            let stretch = u32::from(face.stretch).clamp(50, 200);
            let same = |f: &FontFile| f.family.eq_ignore_ascii_case(&face.family) && f.style == style && f.weight == weight && f.stretch == stretch;
            if files.iter().any(same) {
                continue;
            }
            let mut name = format!("{}-{weight}", notes_doc::names::ascii_slug(&face.family, 40, "file"));
            if style != "normal" {
                name.push('-');
                name.push_str(style);
            }
            if stretch != 100 {
                let _ = write!(name, "-{stretch}");
            }
            let href = format!("fonts/{:02}-{name}.{ext}", files.len() + 1);
            files.push(FontFile { href, media_type, data, family: face.family.clone(), style, weight, stretch });
        }
    }
    files
}

/// The `@font-face` rules for the packed fonts (relative to `css/`), and
/// the families of body text, headings and code, with generic fallbacks.
pub fn fonts_css(config: &Config, files: &[FontFile]) -> String {
    let mut css = String::from("/* Fonts of the book, written by notes. */\n");
    for f in files {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: {}; font-style: {}; font-weight: {}; font-stretch: {}%; src: url({}); }}",
            css_string(&f.family),
            f.style,
            f.weight,
            f.stretch,
            css_string(&format!("../{}", f.href)),
        );
    }
    // The fallbacks packed, after each family, for the characters it lacks.
    let fallbacks: String = config
        .fonts
        .fallback
        .iter()
        .filter_map(|f| files.iter().find(|file| file.family.eq_ignore_ascii_case(f)))
        .map(|file| format!("{}, ", css_string(&file.family)))
        .collect::<Vec<_>>()
        .into_iter()
        .fold(String::new(), |mut all, f| {
            if !all.contains(&f) {
                all.push_str(&f);
            }
            all
        });
    // The family as the font names itself, else as configured.
    let family = |configured: &str, generic: &str| {
        let name = files.iter().find(|f| f.family.eq_ignore_ascii_case(configured)).map_or(configured, |f| f.family.as_str());
        format!("{}, {fallbacks}{generic}", css_string(name))
    };
    let _ = writeln!(css, "body {{ font-family: {}; }}", family(&config.fonts.body, "serif"));
    if let Some(heading) = config.fonts.heading.as_deref() {
        let _ = writeln!(css, "h1, h2, h3, h4, h5, h6, .title-page {{ font-family: {}; }}", family(heading, "serif"));
    }
    let _ = writeln!(css, "code, pre, kbd, samp, .task-mark {{ font-family: {}; }}", family(&config.fonts.mono, "monospace"));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fonts_are_packed_with_their_rules() {
        use notes_project::assets::{FontData, FontFace, FontStyle};
        let face = |family: &str, style, weight, bytes: &'static [u8]| FontFace {
            family: family.into(),
            style,
            weight,
            stretch: 100,
            data: FontData::from_static(bytes),
            index: 0,
            file: None,
        };
        let set = FontSet {
            faces: vec![
                face("Libertinus Serif", FontStyle::Normal, 400, b"OTTO regular"),
                face("Libertinus Serif", FontStyle::Italic, 400, b"OTTO italic"),
                face("Libertinus Serif", FontStyle::Normal, 400, b"OTTO the same face again"),
                face("DejaVu Sans Mono", FontStyle::Oblique, 700, b"\0\x01\0\0 bold oblique"),
                face("DejaVu Sans Mono", FontStyle::Normal, 400, b"ttcf a collection"),
                face("Other", FontStyle::Normal, 400, b"OTTO unused"),
            ],
        };
        let config = Config::default();
        let files = font_files(&config, &set, &BTreeSet::new());
        assert!(
            files.iter().any(|f| f.media_type == "font/otf" && f.href.contains("libertinus-serif-400.otf")),
            "{:?}",
            files.iter().map(|f| &f.href).collect::<Vec<_>>()
        );
        assert!(
            files.iter().any(|f| f.media_type == "font/ttf" && f.href.contains("dejavu-sans-mono-700-oblique")),
            "{:?}",
            files.iter().map(|f| &f.href).collect::<Vec<_>>()
        );
        assert_eq!(files.len(), 3, "one face of each kind, no collection, no unused family");
        let css = fonts_css(&config, &files);
        assert!(css.contains("font-family: \"Libertinus Serif\"; font-style: italic; font-weight: 400;"), "{css}");
        assert!(css.contains("body { font-family: \"Libertinus Serif\", serif; }"));
        assert!(css.contains("font-family: \"DejaVu Sans Mono\", monospace;"));
        let mut hrefs: Vec<_> = files.iter().map(|f| f.href.as_str()).collect();
        hrefs.sort();
        hrefs.dedup();
        assert_eq!(hrefs.len(), files.len());
    }
}
