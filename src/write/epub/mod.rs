//! The EPUB backend (being written).

use crate::assets::Assets;
use crate::config::Config;
use crate::doc::Book;

/// Renders the book as an EPUB 3 file.
pub fn render(_book: &Book, _config: &Config, _assets: &Assets) -> Result<Vec<u8>, String> {
    Err("the EPUB backend is not written yet".into())
}
