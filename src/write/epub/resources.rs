//! What the EPUB packs besides its pages: images (named and typed from their
//! bytes, SVG checked to hold nothing active), the fonts of the book's font
//! choice and the `@font-face` rules for them.
//!
//! It only ever sees bytes handed over by `Assets`; it never opens files,
//! and decides nothing about pages or markup.

use std::fmt::Write as _;

use crate::assets::FontSet;
use crate::config::Config;

use super::xml::css_string;

/// The media type of an image, from its first bytes: the formats EPUB
/// reading systems must support (PNG, JPEG, GIF, WebP, SVG).
pub fn image_media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if looks_like_svg(bytes) {
        Some("image/svg+xml")
    } else {
        None
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!--")) && head.contains("<svg")
}

/// The file extension for a media type.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        _ => "bin",
    }
}

/// Whether images of this type are compressed already (so deflating them
/// again gains nothing).
pub fn is_compressed(media_type: &str) -> bool {
    matches!(media_type, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

/// Checks that an SVG image is inert: well-formed, without a DOCTYPE
/// (entities), scripts, `foreignObject`, event attributes (`on…`), or
/// links to anything but its own fragments and embedded `data:image/`.
pub fn check_svg(bytes: &[u8]) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| format!("is not well-formed XML ({e})"))?;
        match event {
            Event::Eof => return Ok(()),
            Event::DocType(_) => return Err("has a DOCTYPE, which is not allowed in an EPUB image".into()),
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let name = String::from_utf8_lossy(name.as_ref()).to_ascii_lowercase();
                if name == "script" || name == "foreignobject" {
                    return Err(format!("holds a <{name}> element"));
                }
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| format!("is not well-formed XML ({e})"))?;
                    let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).to_ascii_lowercase();
                    if key.starts_with("on") {
                        return Err(format!("has an event attribute ({key})"));
                    }
                    let value = String::from_utf8_lossy(&attribute.value).trim().to_ascii_lowercase();
                    if key == "href" && !(value.starts_with('#') || value.starts_with("data:image/")) {
                        return Err("links to another file or to the web".into());
                    }
                    if value.contains("url(") && !value.contains("url(#") {
                        return Err("refers to another file in a style".into());
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

/// An ASCII piece of a file name made from any text: letters and digits
/// kept, anything else one `-`, at most 40 characters.
pub fn file_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() >= 40 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() { "file".to_string() } else { trimmed.to_string() }
}

/// A font file to pack.
pub struct FontFile<'a> {
    /// Path inside the EPUB folder (`fonts/…`).
    pub href: String,
    pub media_type: &'static str,
    pub data: &'a [u8],
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

/// The families the book's text uses: body, headings (when set), code.
fn families(config: &Config) -> Vec<&str> {
    let mut families = vec![config.fonts.body.as_str()];
    if let Some(heading) = config.fonts.heading.as_deref() {
        families.push(heading);
    }
    families.push(config.fonts.mono.as_str());
    let mut seen: Vec<String> = Vec::new();
    families.retain(|f| {
        let key = f.to_lowercase();
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    families
}

/// Every face of the book's families, once each (the first face of a
/// family with a given style, weight and stretch wins, as in Typst).
pub fn font_files<'a>(config: &'a Config, fonts: &'a FontSet) -> Vec<FontFile<'a>> {
    let mut files: Vec<FontFile<'a>> = Vec::new();
    for family in families(config) {
        for face in fonts.family(family) {
            let info = face.info();
            let data: &'a [u8] = face.data().as_slice();
            let Some((media_type, ext)) = font_media_type(data) else { continue };
            let style = match info.variant.style {
                typst::text::FontStyle::Normal => "normal",
                typst::text::FontStyle::Italic => "italic",
                typst::text::FontStyle::Oblique => "oblique",
            };
            let weight = info.variant.weight.to_number();
            let stretch = (info.variant.stretch.to_ratio().get() * 100.0).round().clamp(50.0, 200.0) as u32;
            let same = |f: &FontFile| f.family.eq_ignore_ascii_case(&info.family) && f.style == style && f.weight == weight && f.stretch == stretch;
            if files.iter().any(same) {
                continue;
            }
            let mut name = format!("{}-{weight}", file_stem(&info.family));
            if style != "normal" {
                name.push('-');
                name.push_str(style);
            }
            if stretch != 100 {
                let _ = write!(name, "-{stretch}");
            }
            let href = format!("fonts/{:02}-{name}.{ext}", files.len() + 1);
            files.push(FontFile { href, media_type, data, family: info.family.clone(), style, weight, stretch });
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
    // The family as the font names itself, else as configured.
    let family = |configured: &str, generic: &str| {
        let name = files.iter().find(|f| f.family.eq_ignore_ascii_case(configured)).map_or(configured, |f| f.family.as_str());
        format!("{}, {generic}", css_string(name))
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
    fn image_types_come_from_the_bytes() {
        assert_eq!(image_media_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_media_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_media_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(image_media_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_media_type(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Some("image/svg+xml"));
        assert_eq!(image_media_type(b"<html><script>"), None);
        assert_eq!(image_media_type(b""), None);
    }

    #[test]
    fn active_svg_is_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><g id="a"/></defs><use xlink:href="#a" style="fill:red"/></svg>"##;
        assert_eq!(check_svg(ok), Ok(()));
        for bad in [
            &br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#[..],
            br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="http://evil/x.png"/></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://evil/x)"/></svg>"#,
            br#"<!DOCTYPE svg [<!ENTITY x "y">]><svg/>"#,
            br#"<svg><unclosed></svg>"#,
        ] {
            assert!(check_svg(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn file_stems_are_plain_ascii() {
        assert_eq!(file_stem("Libertinus Serif"), "libertinus-serif");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("été"), "t");
        assert_eq!(file_stem("日本"), "file");
    }

    #[test]
    fn the_default_fonts_are_packed_with_their_rules() {
        let (set, _) = FontSet::load(None, "fonts");
        let config = Config::default();
        let files = font_files(&config, &set);
        assert!(
            files.iter().any(|f| f.media_type == "font/otf" && f.href.contains("libertinus-serif-400.otf")),
            "{:?}",
            files.iter().map(|f| &f.href).collect::<Vec<_>>()
        );
        assert!(
            files.iter().any(|f| f.media_type == "font/ttf" && f.href.contains("dejavu-sans-mono-700-italic")),
            "{:?}",
            files.iter().map(|f| &f.href).collect::<Vec<_>>()
        );
        assert!(files.iter().all(|f| !f.data.is_empty()));
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
