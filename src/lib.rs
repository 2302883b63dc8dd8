//! `notes`: turns a folder of event notes into books, a paginated PDF and an
//! EPUB 3. This crate is the driver: the command line, and the pipeline
//! that runs the steps, each a crate of its own.
//!
//! Data flows one way: `notes-project` finds the notes and their settings,
//! `notes-read` turns each note into the document tree (`notes-doc`),
//! `notes-assemble` puts the notes in the book's order, `notes-normalize`
//! completes and checks the tree, and each backend (`notes-pdf`,
//! `notes-epub`, behind `notes-backend`'s trait) turns the finished tree
//! into an output. The binary (`main.rs`) only parses the command line and
//! calls [`cli::run`].

pub mod build;
pub mod cli;
pub mod pipeline;
pub mod report;
pub mod scaffold;
pub mod write;

pub use pipeline::{Error, Loaded, load};
