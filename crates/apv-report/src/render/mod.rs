//! One renderer per output format. Every renderer takes a [`Report`] (or, for `text` and
//! `json`, a [`RunDiff`]) and returns a string.

use std::fmt;
use std::str::FromStr;

use apv_rules::{DocumentKind, Status};

use crate::diff::RunDiff;
use crate::model::Report;

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod md;
pub mod notice;
pub mod sarif;
pub mod text;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A table for the terminal.
    Text,
    /// The report model as JSON (the input of `apv diff`).
    Json,
    /// Markdown for a council letter.
    Md,
    /// One row per municipality × requirement, for spreadsheets.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0 for tools that read static-analysis results.
    Sarif,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Md,
        Format::Csv,
        Format::Html,
        Format::Sarif,
    ];

    /// The format's name on the command line (`md`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Sarif => "sarif",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.name().eq_ignore_ascii_case(value))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format {value:?} (one of {})", names.join(", "))
            })
    }
}

/// Options that change how a report is rendered, not what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour in the text table (only when writing to a terminal).
    pub color: bool,
    /// ASCII symbols and borders in the text table instead of Unicode.
    pub ascii: bool,
    /// Field delimiter of the CSV (`;` opens cleanly in Dutch Excel).
    pub csv_delimiter: char,
    /// Columns of the terminal the text table must fit in.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            ascii: false,
            csv_delimiter: ';',
            width: 80,
        }
    }
}

/// A report could not be rendered.
#[derive(Debug)]
#[non_exhaustive]
pub enum RenderError {
    /// JSON serialisation failed.
    Json(serde_json::Error),
    /// The CSV delimiter is a character that cannot separate fields (a quote or a line break).
    BadDelimiter(char),
    /// The report could not be built.
    Report(String),
    /// The format cannot show this kind of output (a diff as HTML).
    Unsupported {
        /// The format asked for.
        format: Format,
        /// What was to be rendered ("een vergelijking van twee runs").
        what: &'static str,
        /// The formats that can.
        supported: Vec<Format>,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Json(err) => write!(f, "JSON kon niet worden geschreven: {err}"),
            RenderError::BadDelimiter(c) => {
                write!(f, "{c:?} kan geen scheidingsteken van een CSV-bestand zijn")
            }
            RenderError::Report(e) => f.write_str(e),
            RenderError::Unsupported {
                format,
                what,
                supported,
            } => {
                let names: Vec<&str> = supported.iter().map(|f| f.name()).collect();
                write!(
                    f,
                    "{what} kan niet als {format} worden geschreven (wel als {})",
                    names.join(" of ")
                )
            }
        }
    }
}

impl std::error::Error for RenderError {}

impl From<serde_json::Error> for RenderError {
    fn from(err: serde_json::Error) -> Self {
        RenderError::Json(err)
    }
}

/// Renders a report in the given format.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
) -> Result<String, RenderError> {
    match format {
        Format::Text => Ok(text::render(report, options)),
        Format::Json => json::render(report),
        Format::Md => Ok(md::render(report)),
        Format::Csv => csv::render(report, options.csv_delimiter),
        Format::Html => Ok(html::render(report)),
        Format::Sarif => sarif::render(report),
    }
}

/// Renders what changed between two runs: `text` or `json`.
pub fn render_diff(
    diff: &RunDiff,
    format: Format,
    options: &RenderOptions,
) -> Result<String, RenderError> {
    match format {
        Format::Text => Ok(diff::render_text(diff, options)),
        Format::Json => json::render_diff(diff),
        other => Err(RenderError::Unsupported {
            format: other,
            what: "een vergelijking van twee runs",
            supported: vec![Format::Text, Format::Json],
        }),
    }
}

/// The symbol for a status: ✔ ◐ ✘ ⊘ ↗ ≈ ?, or an ASCII stand-in (`+ ~ x / > = ?`).
pub fn symbol(status: Status, ascii: bool) -> &'static str {
    match (status, ascii) {
        (Status::Met, false) => "✔",
        (Status::Partial, false) => "◐",
        (Status::Absent, false) => "✘",
        (Status::Repealed, false) => "⊘",
        (Status::OutsideApv, false) => "↗",
        (Status::ReferenceOnly, false) => "≈",
        (Status::NotAssessed, false) => "?",
        (Status::Met, true) => "+",
        (Status::Partial, true) => "~",
        (Status::Absent, true) => "x",
        (Status::Repealed, true) => "/",
        (Status::OutsideApv, true) => ">",
        (Status::ReferenceOnly, true) => "=",
        (Status::NotAssessed, true) => "?",
    }
}

/// The legend line: every symbol with its Dutch label.
pub fn legend(ascii: bool) -> String {
    Status::ALL
        .iter()
        .map(|&s| format!("{} {}", symbol(s, ascii), s.label_nl()))
        .collect::<Vec<_>>()
        .join("  ")
}

/// Shortens `text` to one line of at most `width` characters, marking a cut with "…" (or
/// "..." in ASCII).
pub fn shorten(text: &str, width: usize, ascii: bool) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= width {
        return one;
    }
    let mark = if ascii { "..." } else { "…" };
    let keep = width.saturating_sub(mark.chars().count());
    let cut: String = one.chars().take(keep).collect();
    format!("{}{mark}", cut.trim_end())
}

/// A matrix cell in short form: symbol plus articles ("✔ 2:80").
pub fn cell_text(status: Status, articles: &[String], ascii: bool) -> String {
    if articles.is_empty() {
        symbol(status, ascii).to_string()
    } else {
        format!("{} {}", symbol(status, ascii), articles.join(", "))
    }
}

/// "1 gemeente", "6 gemeenten".
pub(crate) fn municipalities_nl(count: usize) -> String {
    if count == 1 {
        "1 gemeente".to_string()
    } else {
        format!("{count} gemeenten")
    }
}

/// The first 12 hex digits of a hash, for display.
pub(crate) fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The Dutch name of a document kind.
pub fn kind_nl(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Apv => "APV",
        DocumentKind::Amendment => "wijzigingsbesluit",
        DocumentKind::BibobPolicy => "Bibob-beleid",
        DocumentKind::DamoclesPolicy => "Damoclesbeleid",
        DocumentKind::OtherRegulation => "andere verordening",
        DocumentKind::OtherPolicy => "ander beleid",
    }
}
