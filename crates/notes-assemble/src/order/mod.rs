//! One orderer per layout: each makes the book's [`Outline`] from the
//! notes read (and the layout's configuration), taking the notes it uses
//! as indexes and introductions out of the [`Library`].

mod config_toc;
mod folders;
mod hugo;
mod index;
mod jekyll;
mod links;
mod mdbook;
mod mkdocs;
mod obsidian;

use notes_project::layout::Kind;

use crate::library::Library;
use crate::outline::Outline;

/// The outline of the book, as the project's layout orders it.
pub(crate) fn outline(lib: &mut Library) -> Outline {
    let layout = &lib.project.layout;
    match layout.kind {
        Kind::Sphinx | Kind::Readme | Kind::Plain => index::outline(lib),
        Kind::Jekyll => jekyll::outline(lib),
        Kind::Hugo => hugo::outline(lib),
        Kind::Mkdocs if layout.toc.is_some() => config_toc::outline(lib),
        Kind::Mkdocs => mkdocs::outline(lib),
        Kind::Mdbook => mdbook::outline(lib),
        Kind::JupyterBook | Kind::Quarto => config_toc::outline(lib),
        Kind::Obsidian => obsidian::outline(lib),
    }
}
