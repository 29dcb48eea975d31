//! Lines of text got out of an input, before any structure is found.
//!
//! Every reader (text, Markdown, CVDR XML, HTML, .docx, PDF) produces a [`SourceText`]; the one
//! structure builder turns it into a [`crate::Document`]. Readers render structure as plain
//! lines the builder already understands ("Hoofdstuk 2 Titel", "Artikel 2:28 Titel", "1. …",
//! "a. …"), one structural unit per line, record where each line came from and, per line, what
//! the markup said it is ([`Mark`]): the builder trusts a mark and guesses from the text only
//! for lines the markup does not classify.
//!
//! # The contract of a mark
//!
//! A mark states what the markup says, never what the text suggests: a reader that only sees
//! "1. …" in a paragraph leaves it [`Mark::None`] and the text rules decide. The text of a
//! marked line is still the whole line, label included ("3. De burgemeester …"); the mark says
//! what the line opens.
//!
//! - [`Mark::Heading`], [`Mark::Unit`]: a heading (above the article level or the article's
//!   own); [`Mark::Region`]: the first line of a part that is not regulation text.
//! - [`Mark::Lid`]: the line opens a lid (a CVDR `<lid>`, an HTML `p.lid`). The builder opens
//!   a lid whatever its label, also where the text rules would read a sub-onderdeel ("3." after
//!   "2°"). A lid without a number in the markup carries no label; its text is then the
//!   article's own.
//! - [`Mark::Item`]: the line opens an item of a list (a CVDR `<li>`, an HTML `li`, a Word
//!   paragraph with numbering) at a nesting depth counted from the enclosing lid, or from the
//!   article when the markup marks no lid: 1 for an onderdeel, 2 for a sub-onderdeel, 3 for the
//!   level below ("i.", "ii." under "2°"). A list that the document uses for its leden (an
//!   `ol` of numbered paragraphs under an article heading, Word's numbering level of "%1.")
//!   is depth 1 with a number as label: the builder reads such an item as a lid or an onderdeel
//!   by its number, the deeper items then count from it.
//! - [`Mark::Table`]: a row of a table (cells joined by ` | `); never a lid or an onderdeel.
//! - [`Mark::ListItem`]: an item of a Markdown list, its label (a numbered list's "3.", none for
//!   a bullet) as written; what the item is, the text rules decide. Markdown converted from PDF
//!   or Word nests lists by the indentation of the page, not by the structure, so a Markdown
//!   item states no depth.
//! - [`Mark::BoldLead`]: a line that opens with a bold run before more words
//!   (`**Artikel 2:76 Titel** Volgens …`): the run alone may be a heading.
//! - [`Mark::Paragraph`]: a paragraph of running text the markup does not number (a CVDR `<al>`
//!   directly in a lid or article, an HTML `p` outside list items): after a marked list it is
//!   the lid's or article's own text again, not the last onderdeel's. A paragraph that starts
//!   with a label ("2. …") is still read by the text rules, since older publications write
//!   their leden as numbered paragraphs.
//!
//! # Where a line came from
//!
//! Each line carries its line in the input ([`SourceText::line_origin`], what warnings and
//! evidence cite) and the byte range of the block of the original input it was read from
//! ([`SourceText::source_spans`], in the bytes [`SourceText::source_basis`] names): the
//! line of a text or PDF text file; the Markdown block or the line of a paragraph; the CVDR
//! element (`kop`, `al`, `li`, a table row); the HTML element from its start tag to where the
//! node after its last text starts (end tags included); the `<w:p>` element of a Word
//! paragraph. A reader that decoded its input
//! (UTF-16, Windows-1252, a `\r\n` made `\n`) maps the ranges back to the input's bytes.

use crate::model::{InputForm, Metadata, NodeKind, SourceBasis, SourceSpan, Warning};

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
    /// For each line of `text` (in order), the bytes of the original input it came from (see
    /// the module documentation). Empty when the reader cannot say; missing entries repeat the
    /// last known span.
    pub source_spans: Vec<SourceSpan>,
    /// What `source_spans` count bytes in.
    pub source_basis: SourceBasis,
    /// `Some(shift)` when `text` is the input itself from byte `shift` on (plain UTF-8 text
    /// without `\r`): a line's bytes are then its offsets in `text` plus `shift`, and
    /// `source_spans` is left empty.
    pub text_is_input: Option<usize>,
    /// For each line of `text` (in order), what the markup says it is. Empty for forms without
    /// markup (plain text, PDF text); missing entries are [`Mark::None`].
    pub marks: Vec<Mark>,
    /// Metadata the reader found.
    pub metadata: Metadata,
    /// Warnings the reader raised (encoding, tracked changes, historical version …).
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
impl SourceText {
    /// `text` in `form` as a reader without markup hands it over (the tests' input).
    pub(crate) fn plain(form: InputForm, text: &str) -> Self {
        SourceText {
            form,
            text: text.to_string(),
            line_origin: Vec::new(),
            source_spans: Vec::new(),
            source_basis: Default::default(),
            text_is_input: None,
            marks: Vec::new(),
            metadata: Default::default(),
            warnings: Vec::new(),
        }
    }
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
    /// The line opens a lid; the label as written ("1.", "2a"), `None` when the markup numbers
    /// none.
    Lid(Option<String>),
    /// The line opens an item of a list.
    Item(MarkedItem),
    /// The line is a row of a table.
    Table,
    /// The line is a paragraph of running text that the markup does not number.
    Paragraph,
    /// The line opens an item of a list the markup states (a Markdown `-` or `3.` item); a
    /// numbered item's label is in the text as written. What the item is (lid, onderdeel,
    /// definition), its text says.
    ListItem,
    /// The line opens with a bold run that ends before the line does, at this byte of the
    /// line (`**Artikel 2:76 Titel** Volgens …`): the markup sets the run apart, so the run
    /// alone may be a heading.
    BoldLead(usize),
}

/// A list item as the markup states it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedItem {
    /// Nesting depth from the enclosing lid (or article): 1 onderdeel, 2 sub-onderdeel, 3 the
    /// level below.
    pub depth: u8,
    /// The label as written or as the list numbering renders it ("a.", "1°", "ii."); `None`
    /// for a bullet or an unnumbered item.
    pub label: Option<String>,
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
