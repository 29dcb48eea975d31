//! CSV: one row per municipality × requirement, for spreadsheets.
//!
//! Written for Dutch Excel: a UTF-8 byte order mark, `;` as the default delimiter, CRLF line
//! ends, and RFC 4180 quoting (a field with the delimiter, a quote or a line break is quoted,
//! quotes doubled). A field starting with `=`, `+`, `-` or `@` gets a leading `'` so that a
//! spreadsheet never runs quoted bylaw text as a formula. Quotes are put on one line.
//!
//! `besluit`, `besluit_datum`, `besluit_reden` and `besluit_past` give the analyst's recorded
//! decision beside the computed verdict (`besluit_past`: "ja", or why it no longer fits).
//! `gelijk_aan_basis` is how alike the article is to the base of the comparison (`--base`).
//! The `oordeel` column holds the Dutch status word a reader sees; `code` the stable status
//! code (`not_assessed`) for filters and formulas.

use super::RenderError;
use crate::model::{Report, percent};

/// The column names, in order.
pub const COLUMNS: [&str; 16] = [
    "gemeente",
    "eis",
    "titel",
    "oordeel",
    "code",
    "artikelen",
    "ontbreekt",
    "toelichting",
    "document",
    "regel",
    "citaat",
    "gelijk_aan_basis",
    "besluit",
    "besluit_datum",
    "besluit_reden",
    "besluit_past",
];

/// Renders the report as CSV with the given delimiter.
pub fn render(report: &Report, delimiter: char) -> Result<String, RenderError> {
    if matches!(delimiter, '"' | '\n' | '\r') {
        return Err(RenderError::BadDelimiter(delimiter));
    }
    let mut out = String::from('\u{feff}');
    write_row(&mut out, delimiter, COLUMNS.iter().map(|c| c.to_string()));
    for municipality in &report.municipalities {
        for (cell, row) in municipality.verdicts.iter().zip(&report.requirements) {
            // How alike this article is to the base (`--base`), when it was compared.
            let to_base = row
                .harmonisation
                .articles
                .iter()
                .find(|a| a.municipality == municipality.name)
                .and_then(|a| a.similarity_to_base)
                .map(percent)
                .unwrap_or_default();
            // The analyst's decision on this verdict, shown beside it.
            let decision = municipality
                .decisions
                .iter()
                .find(|d| d.requirement == cell.id);
            let first = cell.evidence.first();
            let quotes: Vec<String> = cell
                .evidence
                .iter()
                .map(|e| e.quote.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            write_row(
                &mut out,
                delimiter,
                [
                    municipality.name.clone(),
                    cell.id.clone(),
                    cell.title.clone(),
                    cell.status.label_nl().to_string(),
                    cell.status.as_str().to_string(),
                    cell.articles.join(", "),
                    cell.missing.join(", "),
                    cell.explanation.clone(),
                    first.map(|e| e.document.clone()).unwrap_or_default(),
                    first.map(|e| e.line.to_string()).unwrap_or_default(),
                    quotes.join(" … "),
                    to_base,
                    decision
                        .map(|d| d.decision.label_nl().to_string())
                        .unwrap_or_default(),
                    decision.map(|d| d.date.clone()).unwrap_or_default(),
                    decision.map(|d| d.reason.clone()).unwrap_or_default(),
                    decision
                        .map(|d| d.state.warning_nl().unwrap_or("ja").to_string())
                        .unwrap_or_default(),
                ]
                .into_iter(),
            );
        }
    }
    Ok(out)
}

fn write_row(out: &mut String, delimiter: char, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.push_str(&field_text(&field, delimiter));
    }
    out.push_str("\r\n");
}

/// One field, guarded against formulas and quoted when needed.
fn field_text(field: &str, delimiter: char) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if guarded.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::field_text;

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(field_text("a;b", ';'), "\"a;b\"");
        assert_eq!(field_text("a;b", ','), "a;b");
        assert_eq!(field_text("zei \"ja\"", ';'), "\"zei \"\"ja\"\"\"");
        assert_eq!(field_text("regel 1\nregel 2", ';'), "\"regel 1\nregel 2\"");
        assert_eq!(
            field_text("=HYPERLINK(\"x\")", ';'),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(field_text("-5", ';'), "'-5");
    }
}
