//! `notes-normalize`: the fourth step. Small passes over the whole book, run in a fixed order,
//! that complete and check the tree the readers built. After them the tree
//! is ready for any backend: titles taken, levels consecutive, metadata
//! found, anchors unique, numbers given, links resolved, typography set.
//!
//! The order matters: formulas are checked before anchors (a display
//! formula's `\label` names its anchor) and numbered after the book's
//! numbering (an equation's number starts with its talk's); anchors before
//! links (links resolve to anchors); bare
//! URLs become links before typography runs (so that `--` in a URL stays);
//! the checks that only report run last, on the finished tree.

pub mod anchors;
pub mod checks;
pub mod embeds;
pub mod headings;
pub mod images;
pub mod indexes;
pub mod links;
pub mod math;
pub mod metadata;
pub mod numbering;
pub mod select;
pub mod typography;

use std::path::{Path, PathBuf};

use notes_doc::Book;
use notes_doc::diag::Diagnostics;
use notes_project::config::Config;

/// What the passes need besides the book.
pub struct Context<'a> {
    pub config: &'a Config,
    /// The source folder (canonical), to check images.
    pub source_dir: &'a Path,
    /// How to show the source folder in diagnostics.
    pub shown_dir: &'a Path,
}

impl Context<'_> {
    /// A note's path as diagnostics show it.
    pub fn shown(&self, rel: &str) -> PathBuf {
        self.shown_dir.join(rel)
    }
}

/// Runs every pass, in order.
pub fn run(book: &mut Book, cx: &Context, diags: &mut Diagnostics) {
    headings::run(book, cx, diags);
    metadata::run(book, cx, diags);
    // Formulas are checked before embeds copy them, so that a refused one
    // is reported once, at its own note.
    math::check(book, cx, diags);
    embeds::run(book, cx, diags);
    let named = anchors::run(book, cx, diags);
    numbering::run(book, cx.config);
    math::number(book);
    let labels = anchors::labels(book, &named, cx, diags);
    math::references(book);
    links::run(book, labels, cx, diags);
    images::run(book, cx, diags);
    typography::run(book, &cx.config.language);
    indexes::run(book, cx);
    checks::run(book, cx, diags);
}
