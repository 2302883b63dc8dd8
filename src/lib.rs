//! `notes`: turns a folder of event notes into books, a paginated PDF and an
//! EPUB 3.
//!
//! Data flows one way: [`project`] finds the notes and their order, [`read`]
//! turns each note into the document tree ([`doc`]), [`normalize`] completes
//! and checks the tree, and each backend in [`write`] turns the finished
//! tree into an output. The binary (`main.rs`) only parses the command line
//! and calls [`cli::run`].

pub mod assets;
pub mod build;
pub mod cli;
pub mod config;
pub mod diag;
pub mod doc;
pub mod normalize;
pub mod pipeline;
pub mod project;
pub mod read;
pub mod report;
pub mod scaffold;
pub mod select;
pub mod typeset;
pub mod write;

pub use pipeline::{Error, Loaded, load};
