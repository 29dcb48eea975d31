//! `apv parse FILE [--format tree|json]`: the structure of one APV.
//!
//! `tree` is an indented outline for people; `json` is the parser's document model itself
//! (`apv_parser::Document`): every node with its own words, references, definitions and
//! warnings. Its JSON Schema is `schema/document.schema.json`, a contract other tools read.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use apv_parser::ParseOptions;

use crate::Outcome;

/// Output formats of `apv parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An indented outline for people.
    Tree,
    /// The document model as JSON (`schema/document.schema.json`).
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
        Format::Tree => apv_parser::outline(&doc),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&doc)
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
