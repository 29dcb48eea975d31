//! # apv-parser
//!
//! Turns a Dutch APV (Algemene Plaatselijke Verordening) into its legal structure:
//! hoofdstuk → afdeling → paragraaf → artikel → lid → onderdeel → sub-onderdeel, each node with
//! its number, title, byte span in the normalised text and line in the original input.
//!
//! The pipeline, one module per step (the first three private: the public API is the model,
//! the `parse_*` functions and the annotation layers):
//! 1. a reader per input form yields its text as lines, with where each came from and what the
//!    markup says it is;
//! 2. normalisation cleans the lines (Unicode, hyphenation, page furniture, Markdown marks);
//! 3. the structure builder finds headings, leden and onderdelen and builds the [`Document`];
//! 4. the references and definitions layers annotate it.
//!
//! The library never prints: it returns values and [`Warning`]s. A [`Document`] serialises
//! (serde) to the JSON `apv parse --format json` writes; [`document_json_schema`] is its JSON
//! Schema, committed as `schema/document.schema.json`.
//!
//! ```
//! let text = "Hoofdstuk 2 Openbare orde\n\
//!             Artikel 2:28 Exploitatie openbare inrichting\n\
//!             1. Het is verboden zonder vergunning een openbare inrichting te exploiteren.\n\
//!             2. De burgemeester weigert de vergunning als: a. de exploitant …; b. de ligging …\n";
//! let doc = apv_parser::parse_text(text, "voorbeeld.txt").unwrap();
//! let art = doc.find_article("2:28").unwrap();
//! assert_eq!(doc.node(art).title.as_deref(), Some("Exploitatie openbare inrichting"));
//! assert_eq!(doc.node(art).children.len(), 2); // two leden
//! ```

#![deny(missing_docs)]

pub mod defs;
pub mod error;
pub mod model;
mod normalize;
pub mod number;
mod read;
pub mod refs;
pub mod repeal;
mod source;
mod structure;

use std::path::Path;

pub use error::{ErrorKind, ParseError};
pub use model::*;
pub use read::{detect_form, form_name};
use source::SourceText;
pub use structure::outline;

/// Options for reading input.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Inputs larger than this many bytes are refused (default 64 MiB).
    pub max_file_size: u64,
    /// The input form; `None` detects it from the content and the file name.
    pub form: Option<InputForm>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_file_size: 64 * 1024 * 1024,
            form: None,
        }
    }
}

/// Parses a file from disk: reads it (refusing files above `opts.max_file_size`), detects its
/// form, reads it and builds the document. A file without numbered articles is an error
/// ([`ErrorKind::NoStructure`]); [`parse_file_any`] takes it.
pub fn parse_file(path: &Path, opts: &ParseOptions) -> Result<Document, ParseError> {
    parse_file_with(path, opts, Articles::Required)
}

/// As [`parse_file`], but a file without numbered articles (a policy written in paragraphs) is
/// a document too, read by the same reader as any file of its form: its operative text is a
/// [`NodeKind::Body`] node, its toelichting, ondertekening and bijlagen nodes of their own.
pub fn parse_file_any(path: &Path, opts: &ParseOptions) -> Result<Document, ParseError> {
    parse_file_with(path, opts, Articles::Optional)
}

/// Whether a document must hold numbered articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Articles {
    Required,
    Optional,
}

fn parse_file_with(
    path: &Path,
    opts: &ParseOptions,
    articles: Articles,
) -> Result<Document, ParseError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| ParseError::new(name.clone(), ErrorKind::from_io(&e));
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ParseError::new(
            name,
            ErrorKind::Io {
                detail: "it is a directory".to_string(),
            },
        ));
    }
    if meta.len() > opts.max_file_size {
        return Err(ParseError::new(
            name,
            ErrorKind::TooLarge {
                size: meta.len(),
                limit: opts.max_file_size,
            },
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let source = read::read(&bytes, &name, opts)?;
    build_with(source, &name, articles)
}

/// Parses bytes; `name` is used in errors and as a hint for the form (its extension).
pub fn parse_bytes(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<Document, ParseError> {
    let source = read::read(bytes, name, opts)?;
    build(source, name)
}

/// As [`parse_bytes`], but bytes without numbered articles are a document too (see
/// [`parse_file_any`]).
pub fn parse_bytes_any(
    bytes: &[u8],
    name: &str,
    opts: &ParseOptions,
) -> Result<Document, ParseError> {
    let source = read::read(bytes, name, opts)?;
    build_with(source, name, Articles::Optional)
}

/// Parses text (plain text or Markdown, detected from the content).
pub fn parse_text(text: &str, name: &str) -> Result<Document, ParseError> {
    parse_bytes(text.as_bytes(), name, &ParseOptions::default())
}

/// As [`parse_text`], but text without numbered articles is a document too (see
/// [`parse_file_any`]).
pub fn parse_text_any(text: &str, name: &str) -> Result<Document, ParseError> {
    parse_bytes_any(text.as_bytes(), name, &ParseOptions::default())
}

/// Parses bytes in the form given, whatever their content looks like: the reader of that form
/// and the one structure builder, as [`parse_bytes`] does once it has detected the form. A
/// form's reader can be reached this way on any bytes (the fuzz targets do).
pub fn parse_bytes_as(
    form: InputForm,
    bytes: &[u8],
    name: &str,
    opts: &ParseOptions,
) -> Result<Document, ParseError> {
    let opts = ParseOptions {
        form: Some(form),
        ..opts.clone()
    };
    parse_bytes(bytes, name, &opts)
}

/// Whether `pdftotext` (Debian package poppler-utils), which reads PDF files, is on `PATH`.
pub fn pdftotext_available() -> bool {
    let path = std::env::var_os("PATH");
    read::pdf::find_program(path.as_deref(), "pdftotext").is_some()
}

/// The one structure builder every reader feeds: normalises the text, finds the structure
/// and annotates references and definitions.
///
/// Fails with [`ErrorKind::Empty`] when nothing is left after normalisation and with
/// [`ErrorKind::NoStructure`] when no article is found.
fn build(source: SourceText, name: &str) -> Result<Document, ParseError> {
    build_with(source, name, Articles::Required)
}

fn build_with(source: SourceText, name: &str, articles: Articles) -> Result<Document, ParseError> {
    // What every reader promises: one origin per rendered line, no empty rendered line (the
    // fuzz targets run with these assertions on).
    debug_assert!(
        source.text.is_empty()
            || source.line_origin.len()
                == memchr::memchr_iter(b'\n', source.text.as_bytes()).count() + 1,
        "one origin per rendered line"
    );
    debug_assert!(
        source.marks.is_empty() || source.marks.len() == source.line_origin.len(),
        "one mark per rendered line"
    );
    debug_assert!(
        !matches!(
            source.form,
            InputForm::CvdrXml | InputForm::Html | InputForm::Docx
        ) || source
            .text
            .split('\n')
            .all(|l| source.text.is_empty() || !l.trim().is_empty()),
        "no empty rendered line from a markup reader"
    );
    let norm = normalize::normalize(&source);
    if norm.lines.is_empty() {
        return Err(ParseError::new(name, ErrorKind::Empty));
    }
    let structure = structure::build_structure(&norm);
    if articles == Articles::Required
        && !structure.nodes.iter().any(|n| n.kind == NodeKind::Article)
    {
        return Err(ParseError::new(
            name,
            ErrorKind::NoStructure {
                seen: structure.seen,
            },
        ));
    }
    let mut metadata = source.metadata;
    if (metadata.title.is_none() || metadata.municipality.is_none())
        && let Some((title, municipality)) = structure::find_title(&norm)
    {
        metadata.title.get_or_insert(title);
        if metadata.municipality.is_none() {
            metadata.municipality = municipality;
        }
    }
    let mut warnings = source.warnings;
    warnings.extend(structure.warnings);
    let mut doc = Document {
        form: source.form,
        source_basis: source.source_basis,
        metadata,
        line_starts: norm.lines.iter().map(|l| l.start).collect(),
        line_origin: norm.lines.iter().map(|l| l.origin).collect(),
        line_source: if source.source_spans.is_empty() && source.text_is_input.is_none() {
            Vec::new()
        } else {
            norm.lines.iter().map(|l| l.source).collect()
        },
        text: norm.text,
        nodes: structure.nodes,
        roots: structure.roots,
        references: Vec::new(),
        definitions: Vec::new(),
        warnings,
    };
    place_warnings(&mut doc);
    place_sources(&mut doc);
    // Definitions first: a reference to "de wet" is named by the law the definitions give.
    defs::annotate(&mut doc);
    refs::annotate(&mut doc);
    Ok(doc)
}

/// Give every warning about a place the bytes of the original input it was read from
/// ([`Document::source_of`]). (A node's are looked up when asked for,
/// [`Document::node_source`]: the parse does not pay for them.)
fn place_sources(doc: &mut Document) {
    if doc.line_source.is_empty() {
        return;
    }
    for i in 0..doc.warnings.len() {
        if let Some(span) = doc.warnings[i].span {
            doc.warnings[i].source = doc.source_of(span);
        }
    }
}

/// Give every warning that names a line but no span the span of that line in the normalised
/// text (the first normalised line that comes from it).
fn place_warnings(doc: &mut Document) {
    let Document {
        warnings,
        line_starts,
        line_origin,
        text,
        ..
    } = doc;
    for w in warnings.iter_mut().filter(|w| w.span.is_none()) {
        let Some(line) = w.line else { continue };
        // Normalised lines keep the order of the input.
        let i = line_origin.partition_point(|&o| o < line);
        if line_origin.get(i) != Some(&line) {
            continue;
        }
        let start = line_starts[i];
        let end = line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(text.len())
            .max(start);
        let end = start + text[start..end].trim_end_matches(['\n', '\r']).len();
        w.span = Some(Span::new(start, end));
    }
}
