//! Lines of text got out of an input, before any structure is found.
//!
//! Every reader (text, Markdown, CVDR XML, HTML, .docx, PDF) produces a [`SourceText`]; the one
//! structure builder turns it into a [`crate::Document`]. Readers render structure as plain
//! lines the builder already understands ("Hoofdstuk 2 Titel", "Artikel 2:28 Titel", "1. …",
//! "a. …"), one structural unit per line, record where each line came from and, per line, what
//! the markup said it is ([`Mark`]): the builder trusts a mark and guesses from the text only
//! for lines the markup does not classify.

use crate::model::{InputForm, Metadata, NodeKind, Warning};

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
    /// For each line of `text` (in order), what the markup says it is. Empty for forms without
    /// markup (plain text, PDF text); missing entries are [`Mark::None`].
    pub marks: Vec<Mark>,
    /// Metadata the reader found.
    pub metadata: Metadata,
    /// Warnings the reader raised (encoding, tracked changes, historical version …).
    pub warnings: Vec<Warning>,
}

/// What the markup of an input says one line is.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Mark {
    /// Nothing: the line is classified from its text.
    #[default]
    None,
    /// The line comes from an element that marks a heading (`h1`–`h6`, a Word heading style, a
    /// CVDR `kop` of plain text); what kind of heading it is, its text says.
    Heading,
    /// A structural heading whose parts the markup names (a CVDR `kop` with `nr` and `titel`
    /// inside an `artikel`, `hoofdstuk` …).
    Unit(Box<MarkedUnit>),
    /// The line opens a part of the document that is not regulation text (a CVDR
    /// `toelichting`, `bijlage` or `regeling-sluiting`).
    Region(Region),
    /// The line opens an item of a list the markup states (a Markdown `-` or `3.` item); a
    /// numbered item's label is in the text as written. What the item is (lid, onderdeel,
    /// definition), its text says.
    ListItem,
    /// The line opens with a bold run that ends before the line does, at this byte of the
    /// line (`**Artikel 2:76 Titel** Volgens …`): the markup sets the run apart, so the run
    /// alone may be a heading.
    BoldLead(usize),
}

/// A structural heading as the markup states it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedUnit {
    /// Hoofdstuk, afdeling, paragraaf or artikel.
    pub kind: NodeKind,
    /// The number as written (`4:12`, `2.28`, `8A`).
    pub number: String,
    /// The title as written; `None` when the markup has none.
    pub title: Option<String>,
    /// The markup marks the unit repealed (status attribute, `<Vervallen/>`, a title or body
    /// that only says "vervallen").
    pub repealed: bool,
}

/// A part of a document that is not regulation text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// Toelichting (algemene, artikelsgewijze).
    Explanation,
    /// Ondertekening ("Aldus vastgesteld …").
    Signature,
    /// Bijlage.
    Annex,
}
