//! Images: what kind an image file is, from its bytes, and whether both
//! backends can use it. The one place that looks inside image files:
//! normalization asks [`probe`] whether a note's image can be used, the
//! EPUB asks [`ImageFormat::of`] for its media type.

/// The image formats every output can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageFormat {
    /// The format of an image from its first bytes, or `None`.
    pub fn of(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else if looks_like_svg(bytes) {
            Some(ImageFormat::Svg)
        } else {
            None
        }
    }

    /// The media type (`image/png`).
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension (`png`).
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    /// Whether files of this format are compressed already (so deflating
    /// them again gains nothing).
    pub fn is_compressed(self) -> bool {
        !matches!(self, ImageFormat::Svg)
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!--")) && head.contains("<svg")
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("is not a PNG, JPEG, GIF, WebP or SVG image")]
    UnknownFormat,
    #[error("is damaged ({0})")]
    Damaged(String),
    #[error(transparent)]
    UnsafeSvg(#[from] UnsafeSvg),
}

/// Why an SVG image may not be used: what active or outside-reaching part
/// it has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UnsafeSvg(pub String);

/// Whether both backends can use an image: a known format whose pixels
/// decode (Typst decodes every raster image of the PDF, and fails the whole
/// book on one it cannot), or an SVG that is well-formed, inert
/// ([`check_svg`]) and readable by `usvg`, the SVG reader Typst uses.
///
/// This is the one test every image of a book passes before a backend sees
/// it; normalization asks it for every image node, whatever its kind.
pub fn probe(bytes: &[u8]) -> Result<ImageFormat, ImageProblem> {
    let format = ImageFormat::of(bytes).ok_or(ImageProblem::UnknownFormat)?;
    if format == ImageFormat::Svg {
        check_svg(bytes)?;
        check_svg_reads(bytes)?;
        return Ok(format);
    }
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| ImageProblem::Damaged(e.to_string()))?;
    reader.decode().map_err(|e| ImageProblem::Damaged(e.to_string()))?;
    Ok(format)
}

/// Whether `usvg` reads an SVG as Typst would (no fonts, no outside files).
fn check_svg_reads(bytes: &[u8]) -> Result<(), ImageProblem> {
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver { resolve_data: usvg::ImageHrefResolver::default_data_resolver(), resolve_string: Box::new(|_, _| None) },
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(bytes, &options).map(|_| ()).map_err(|e| ImageProblem::Damaged(format!("the SVG cannot be read: {e}")))
}

/// Checks that an SVG image is inert: well-formed, without a DOCTYPE
/// (entities), scripts, `foreignObject`, event attributes (`on…`), or
/// links to anything but its own fragments and embedded `data:image/`.
pub fn check_svg(bytes: &[u8]) -> Result<(), UnsafeSvg> {
    check_svg_text(bytes).map_err(UnsafeSvg)
}

fn check_svg_text(bytes: &[u8]) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_bytes() {
        assert_eq!(ImageFormat::of(b"\x89PNG\r\n\x1a\nrest"), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::of(b"GIF89a..."), Some(ImageFormat::Gif));
        assert_eq!(ImageFormat::of(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageFormat::Webp));
        assert_eq!(ImageFormat::of(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Some(ImageFormat::Svg));
        assert_eq!(ImageFormat::of(b"<html><script>"), None);
        assert_eq!(ImageFormat::of(b""), None);
    }

    #[test]
    fn a_damaged_header_is_found_without_decoding() {
        assert!(matches!(probe(b"\x89PNG\r\n\x1a\n this is not a png"), Err(ImageProblem::Damaged(_))));
        assert_eq!(probe(b"plain text"), Err(ImageProblem::UnknownFormat));
    }

    /// A PNG whose header reads but whose pixels do not: Typst fails the
    /// whole PDF on it, so it must not pass.
    #[test]
    fn a_png_with_damaged_pixels_is_refused() {
        fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
            out
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &b in bytes {
                crc ^= b as u32;
                for _ in 0..8 {
                    crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0]));
        png.extend(chunk(b"IDAT", b"not a zlib stream"));
        png.extend(chunk(b"IEND", b""));
        assert!(matches!(probe(&png), Err(ImageProblem::Damaged(_))), "{:?}", probe(&png));
    }

    /// An SVG that is well-formed XML but that `usvg` (Typst's reader)
    /// refuses: no usable size.
    #[test]
    fn an_svg_typst_cannot_read_is_refused() {
        let good = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>"#;
        assert_eq!(probe(good), Ok(ImageFormat::Svg));
        let bad = br#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"><rect width="5" height="5"/></svg>"#;
        assert!(matches!(probe(bad), Err(ImageProblem::Damaged(_))), "{:?}", probe(bad));
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
}
