//! Lines of text got out of an input, before any structure is found.
//!
//! Every reader (text, Markdown, CVDR XML, HTML, .docx, PDF) produces a [`SourceText`]; the one
//! structure builder turns it into a [`crate::Document`]. Readers render structure as plain
//! lines the builder already understands ("Hoofdstuk 2 Titel", "Artikel 2:28 Titel", "1. …",
//! "a. …"), one structural unit per line, and record where each line came from.

use crate::model::{InputForm, Metadata, Warning};

/// The text of one input, line by line, with a map back to the original.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    /// The form the input arrived in.
    pub form: InputForm,
    /// The text, lines separated by `\n`.
    pub text: String,
    /// For each line of `text` (in order), the 1-based line of the original input it came from.
    /// May be shorter than the number of lines; missing entries repeat the last known line.
    pub line_origin: Vec<u32>,
    /// Metadata the reader found.
    pub metadata: Metadata,
    /// Warnings the reader raised (encoding, tracked changes, historical version …).
    pub warnings: Vec<Warning>,
}
