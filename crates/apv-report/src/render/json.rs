//! The report model as JSON: what other tools and `apv diff` read. Its JSON Schema is
//! `schema/report.schema.json` ([`crate::model::ReportFile`]): an object with `"kind":
//! "report"` or `"kind": "diff"` and the fields of [`Report`] or [`RunDiff`].

use serde::Serialize;

use super::RenderError;
use crate::diff::RunDiff;
use crate::model::Report;

/// The JSON file shape, borrowing what it writes (the owned twin is
/// [`crate::model::ReportFile`]).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum FileRef<'a> {
    Report(&'a Report),
    Diff(&'a RunDiff),
}

/// Renders the report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> Result<String, RenderError> {
    write(&FileRef::Report(report))
}

/// Renders a diff as pretty-printed JSON, ending in a newline.
pub fn render_diff(diff: &RunDiff) -> Result<String, RenderError> {
    write(&FileRef::Diff(diff))
}

fn write(file: &FileRef<'_>) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(file)?;
    out.push('\n');
    Ok(out)
}
