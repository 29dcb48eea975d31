//! # apv-parser
//!
//! Turns a Dutch APV (Algemene Plaatselijke Verordening) into its legal structure:
//! hoofdstuk → afdeling → paragraaf → artikel → lid → onderdeel → sub-onderdeel, each node with
//! its number, title, byte span in the normalised text and line in the original input.
//!
//! The pipeline, one module per step:
//! 1. a reader per input form yields a [`SourceText`] (lines plus where they came from);
//! 2. normalisation cleans the lines (Unicode, hyphenation, page furniture, Markdown marks);
//! 3. the structure builder finds headings, leden and onderdelen and builds the [`Document`];
//! 4. the references and definitions layers annotate it.
//!
//! The library never prints: it returns values and [`Warning`]s.

#![deny(missing_docs)]

pub mod defs;
pub mod error;
pub mod model;
pub mod refs;
pub mod source;

pub use error::{ErrorKind, ParseError};
pub use model::*;
pub use source::SourceText;
