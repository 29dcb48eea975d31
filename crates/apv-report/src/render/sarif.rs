//! SARIF 2.1.0: one result per requirement that is not met, located at the document and line
//! of its first evidence (or at the municipality's first document when there is none).
//!
//! One run per municipality. Levels: `absent` and `repealed` are errors; `partial` and
//! `reference_only` warnings; `outside_apv` and `not_assessed` notes.

use apv_rules::Status;
use serde_json::{Value, json};

use super::RenderError;
use crate::model::Report;

/// The SARIF schema the output follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the report as a SARIF 2.1.0 log.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let rules: Vec<Value> = report
        .requirements
        .iter()
        .map(|row| {
            let mut rule = json!({
                "id": row.id,
                "name": rule_name(&row.id),
                "shortDescription": { "text": row.title },
            });
            if !row.norm_text.is_empty() {
                rule["fullDescription"] = json!({ "text": row.norm_text });
            }
            rule
        })
        .collect();

    let runs: Vec<Value> = report
        .municipalities
        .iter()
        .map(|m| {
            let results: Vec<Value> = m
                .verdicts
                .iter()
                .enumerate()
                .filter(|(_, cell)| cell.status != Status::Met)
                .map(|(index, cell)| {
                    let mut text = format!("{} {}: {}.", cell.id, cell.title, cell.status.label_nl());
                    if !cell.explanation.is_empty() {
                        text.push(' ');
                        text.push_str(&cell.explanation);
                    }
                    if !cell.missing.is_empty() {
                        text.push_str(&format!(" Ontbreekt: {}.", cell.missing.join(", ")));
                    }
                    let location = match cell.evidence.first() {
                        Some(e) => Some(json!({
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&e.document) },
                                "region": { "startLine": e.line.max(1) }
                            }
                        })),
                        None => m.documents.first().map(|d| {
                            json!({ "physicalLocation": { "artifactLocation": { "uri": uri(&d.path) } } })
                        }),
                    };
                    json!({
                        "ruleId": cell.id,
                        "ruleIndex": index,
                        "level": level(cell.status),
                        "message": { "text": text },
                        "locations": location.into_iter().collect::<Vec<_>>(),
                        "properties": {
                            "municipality": m.name,
                            "status": cell.status.as_str(),
                            "articles": cell.articles,
                        }
                    })
                })
                .collect();
            json!({
                "tool": {
                    "driver": {
                        "name": "apv",
                        "version": report.apv_version,
                        "rules": rules,
                        "properties": {
                            "ruleSet": report.rule_set.id,
                            "ruleSetVersion": report.rule_set.version,
                            "ruleSetHash": report.rule_set.hash,
                        }
                    }
                },
                "automationDetails": { "id": format!("apv/{}/", m.name) },
                "results": results,
            })
        })
        .collect();

    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": runs,
    });
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}

fn level(status: Status) -> &'static str {
    match status {
        Status::Absent | Status::Repealed => "error",
        Status::Partial | Status::ReferenceOnly => "warning",
        Status::Met | Status::OutsideApv | Status::NotAssessed => "note",
    }
}

/// A rule name in SARIF style ("Requirement3_2_2a").
fn rule_name(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("Requirement{cleaned}")
}

/// A relative URI reference for a file name: unreserved characters and `/` kept, the rest
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("Urk/apv urk.md"), "Urk/apv%20urk.md");
        assert_eq!(uri("é.txt"), "%C3%A9.txt");
    }
}
