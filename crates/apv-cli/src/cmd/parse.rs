//! `apv parse FILE [--format tree|json]`: the structure of one APV.
//!
//! `tree` is an indented outline for people; `json` is an object with `"document"`,
//! `"articles"` (a flat list in document order) and `"warnings"`. The JSON field names are a
//! contract other tools read.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use apv_parser::{Document, NodeId, NodeKind, ParseOptions};
use serde::Serialize;

use crate::Outcome;

/// Output formats of `apv parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An indented outline for people.
    Tree,
    /// A JSON object with the document, its articles and the warnings.
    Json,
}

/// Arguments of `apv parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The APV to parse (text, Markdown, or another supported form).
    pub file: PathBuf,
    /// How to show the structure.
    #[arg(long, value_enum, default_value_t = Format::Tree)]
    pub format: Format,
    /// Refuse files larger than this many bytes (suffixes k, M, G: `64M`).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::cmd::size::parse_size)]
    pub max_file_size: u64,
    /// Read the file as this form instead of detecting it from the content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
}

/// Input forms `--input-format` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Plain text (also text copied or extracted from a PDF).
    Text,
    /// Markdown.
    Markdown,
    /// CVDR XML from lokaleregelgeving.overheid.nl.
    #[value(name = "cvdr-xml", alias = "xml")]
    CvdrXml,
    /// An HTML page.
    Html,
    /// A Word .docx document.
    Docx,
    /// A PDF, read through pdftotext.
    Pdf,
}

impl From<InputFormat> for apv_parser::InputForm {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Text => Self::Text,
            InputFormat::Markdown => Self::Markdown,
            InputFormat::CvdrXml => Self::CvdrXml,
            InputFormat::Html => Self::Html,
            InputFormat::Docx => Self::Docx,
            InputFormat::Pdf => Self::Pdf,
        }
    }
}

/// Runs `apv parse`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let opts = ParseOptions {
        max_file_size: args.max_file_size,
        form: args.input_format.map(Into::into),
    };
    let doc = apv_parser::parse_file(&args.file, &opts)?;
    let out = match args.format {
        Format::Tree => apv_parser::structure::outline(&doc),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_view(&doc))
                .context("cannot render the structure as JSON")?;
            s.push('\n');
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Ok)
}

/// The JSON shape of a parsed document.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// Form and metadata.
    pub document: JsonMeta<'a>,
    /// Articles in document order.
    pub articles: Vec<JsonArticle>,
    /// Warnings in document order.
    pub warnings: &'a [apv_parser::Warning],
}

/// Form and metadata of the document.
#[derive(Debug, Serialize)]
pub struct JsonMeta<'a> {
    /// The input form.
    pub form: apv_parser::InputForm,
    /// Metadata found in the input.
    pub metadata: &'a apv_parser::Metadata,
    /// Number of articles.
    pub article_count: usize,
    /// Number of repealed articles.
    pub repealed_count: usize,
}

/// One article.
#[derive(Debug, Serialize)]
pub struct JsonArticle {
    /// Normalised number (`2:28a`).
    pub number: Option<String>,
    /// Number as written.
    pub raw_number: Option<String>,
    /// Title without the number.
    pub title: Option<String>,
    /// Vervallen or gereserveerd.
    pub repealed: bool,
    /// 1-based line in the original input.
    pub line: u32,
    /// Byte span in the normalised text.
    pub start: usize,
    /// End of the byte span.
    pub end: usize,
    /// Normalised number of the enclosing hoofdstuk.
    pub chapter: Option<String>,
    /// Normalised number of the enclosing afdeling.
    pub section: Option<String>,
    /// Leden.
    pub members: Vec<JsonPart>,
    /// Onderdelen directly under the article (articles without leden).
    pub items: Vec<JsonPart>,
}

/// A lid, onderdeel or sub-onderdeel.
#[derive(Debug, Serialize)]
pub struct JsonPart {
    /// Normalised number (`1`, `a`).
    pub number: Option<String>,
    /// The text, marker and surrounding white space removed.
    pub text: String,
    /// 1-based line in the original input.
    pub line: u32,
    /// Byte span in the normalised text.
    pub start: usize,
    /// End of the byte span.
    pub end: usize,
    /// Onderdelen (of a lid) or sub-onderdelen (of an onderdeel).
    pub items: Vec<JsonPart>,
}

/// Builds the JSON view of a document.
pub fn json_view(doc: &Document) -> JsonDocument<'_> {
    let articles: Vec<JsonArticle> = doc.articles().map(|id| json_article(doc, id)).collect();
    JsonDocument {
        document: JsonMeta {
            form: doc.form,
            metadata: &doc.metadata,
            article_count: articles.len(),
            repealed_count: articles.iter().filter(|a| a.repealed).count(),
        },
        articles,
        warnings: &doc.warnings,
    }
}

fn json_article(doc: &Document, id: NodeId) -> JsonArticle {
    let n = doc.node(id);
    let unit = |kind| {
        doc.ancestor_of_kind(id, kind)
            .and_then(|a| doc.node(a).number.clone())
    };
    let parts = |kind| {
        n.children
            .iter()
            .filter(|&&c| doc.node(c).kind == kind)
            .map(|&c| json_part(doc, c))
            .collect()
    };
    JsonArticle {
        number: n.number.clone(),
        raw_number: n.raw_number.clone(),
        title: n.title.clone(),
        repealed: n.repealed,
        line: n.line,
        start: n.span.start,
        end: n.span.end,
        chapter: unit(NodeKind::Chapter),
        section: unit(NodeKind::Section),
        members: parts(NodeKind::Member),
        items: parts(NodeKind::Item),
    }
}

fn json_part(doc: &Document, id: NodeId) -> JsonPart {
    let n = doc.node(id);
    JsonPart {
        number: n.number.clone(),
        text: apv_parser::structure::outline::part_text(doc, id),
        line: n.line,
        start: n.span.start,
        end: n.span.end,
        items: n
            .children
            .iter()
            .filter(|&&c| matches!(doc.node(c).kind, NodeKind::Item | NodeKind::SubItem))
            .map(|&c| json_part(doc, c))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APV: &str = "Hoofdstuk 2 Openbare orde\n\
        Afdeling 8 Horeca\n\
        Artikel 2:28A Exploitatie\n\
        1. Het is verboden zonder vergunning te exploiteren. 2. De burgemeester weigert de vergunning als: a. de exploitant van slecht levensgedrag is; b. de ligging strijdig is.\n\
        Artikel 2:29 (Vervallen)\n";

    #[test]
    fn json_has_the_agreed_field_names_and_values() {
        let doc = apv_parser::parse_text(APV, "t.txt").unwrap();
        let v = serde_json::to_value(json_view(&doc)).unwrap();
        let a = &v["articles"][0];
        assert_eq!(a["number"], "2:28a");
        assert_eq!(a["raw_number"], "2:28A");
        assert_eq!(a["title"], "Exploitatie");
        assert_eq!(a["repealed"], false);
        assert_eq!(a["line"], 3);
        assert_eq!(a["chapter"], "2");
        assert_eq!(a["section"], "8");
        assert!(a["start"].as_u64().unwrap() < a["end"].as_u64().unwrap());
        let lid2 = &a["members"][1];
        assert_eq!(lid2["number"], "2");
        assert_eq!(lid2["items"][1]["number"], "b");
        assert_eq!(lid2["items"][1]["text"], "de ligging strijdig is.");
        assert_eq!(v["articles"][1]["repealed"], true);
        assert_eq!(v["document"]["form"], "text");
        assert!(v["warnings"].as_array().is_some());
    }
}
