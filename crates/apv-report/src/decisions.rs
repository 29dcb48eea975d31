//! Accepted findings: an analyst's recorded decision on a verdict, kept in a small TOML file
//! with a reserved name ([`FILE_NAME`]) beside a municipality's documents (never read as a
//! document).
//!
//! ```toml
//! [[besluit]]
//! eis = "3.2.2c"
//! status = "outside_apv"          # the status the decision was made on (code or Dutch word)
//! vingerafdruk = "1f0c3a9b7d2e4f6a" # the verdict's `fingerprint` in the JSON report
//! oordeel = "geaccepteerd"        # or "verworpen"
//! reden = "De speelautomatenhallen staan in een aparte verordening die niet is aangeleverd."
//! datum = 2026-12-01
//! ```
//!
//! Reports show a decision next to the computed verdict, never instead of it, and say when it
//! no longer fits: the status changed, or the cited text did (its fingerprint).

use apv_rules::{Status, Verdict};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The reserved file name of the decisions beside a municipality's documents.
pub const FILE_NAME: &str = "apv-besluiten.toml";

/// A recorded decision on one requirement of one municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Decision {
    /// Requirement id.
    pub requirement: String,
    /// The status the decision was made on.
    pub status: Status,
    /// The fingerprint of the cited text the decision was made on.
    pub fingerprint: String,
    /// Accepted or overruled.
    pub decision: DecisionKind,
    /// Why, in the analyst's words.
    pub reason: String,
    /// When, as written (`2026-12-01`).
    pub date: String,
    /// Whether the decision still fits the computed verdict.
    pub state: DecisionState,
}

/// What the analyst decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The verdict is accepted as it is.
    Accepted,
    /// The verdict is overruled by the analyst.
    Overruled,
}

impl DecisionKind {
    /// The Dutch word ("geaccepteerd", "verworpen").
    pub fn label_nl(self) -> &'static str {
        match self {
            DecisionKind::Accepted => "geaccepteerd",
            DecisionKind::Overruled => "verworpen",
        }
    }
}

/// Whether a decision still fits the verdict it was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Same status, same cited text.
    Current,
    /// The status is no longer the one the decision was made on.
    StatusChanged,
    /// Same status, but the cited text changed.
    TextChanged,
    /// The rule set has no such requirement.
    UnknownRequirement,
}

impl DecisionState {
    /// Dutch words for a decision that no longer fits; `None` when it does.
    pub fn warning_nl(self) -> Option<&'static str> {
        match self {
            DecisionState::Current => None,
            DecisionState::StatusChanged => {
                Some("het besluit past niet meer: het oordeel is veranderd")
            }
            DecisionState::TextChanged => {
                Some("het besluit past niet meer: de geciteerde tekst is veranderd")
            }
            DecisionState::UnknownRequirement => Some("de regelset kent deze eis niet"),
        }
    }
}

impl Decision {
    /// The state of this decision against the current verdict on its requirement.
    pub fn check(&mut self, verdict: Option<&Verdict>) {
        self.state = match verdict {
            None => DecisionState::UnknownRequirement,
            Some(v) if v.status != self.status => DecisionState::StatusChanged,
            Some(v) if v.text_fingerprint() != self.fingerprint => DecisionState::TextChanged,
            Some(_) => DecisionState::Current,
        };
    }

    /// The decision in one line of Dutch ("geaccepteerd op 2026-12-01 (bij buiten APV): …").
    pub fn summary_nl(&self) -> String {
        let mut out = format!(
            "{} op {} (bij {}): {}",
            self.decision.label_nl(),
            self.date,
            self.status.label_nl(),
            self.reason
        );
        if let Some(warning) = self.state.warning_nl() {
            out.push_str(" Let op: ");
            out.push_str(warning);
            out.push('.');
        }
        out
    }
}

/// The file as written by the analyst.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    besluit: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    eis: String,
    status: String,
    vingerafdruk: String,
    oordeel: String,
    reden: String,
    datum: toml::Value,
}

/// Reads a decisions file. The error is one line of Dutch.
pub fn parse(text: &str) -> Result<Vec<Decision>, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let message = e.message().replace('\n', " ");
        match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!("regel {line}: {message}")
            }
            None => message,
        }
    })?;
    file.besluit
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let at = |what: String| format!("besluit {} (eis {}): {what}", i + 1, e.eis);
            let status = Status::ALL
                .into_iter()
                .find(|s| {
                    s.as_str() == e.status.trim()
                        || s.label_nl().eq_ignore_ascii_case(e.status.trim())
                })
                .ok_or_else(|| at(format!("onbekende status {:?}", e.status)))?;
            let decision = match e.oordeel.trim().to_lowercase().as_str() {
                "geaccepteerd" | "accepted" => DecisionKind::Accepted,
                "verworpen" | "overruled" => DecisionKind::Overruled,
                other => {
                    return Err(at(format!(
                        "oordeel {other:?} is geen \"geaccepteerd\" of \"verworpen\""
                    )));
                }
            };
            let date = match &e.datum {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => return Err(at(format!("datum {other} is geen datum"))),
            };
            if e.reden.trim().is_empty() {
                return Err(at("de reden is leeg".to_string()));
            }
            Ok(Decision {
                requirement: e.eis.trim().to_string(),
                status,
                fingerprint: e.vingerafdruk.trim().to_string(),
                decision,
                reason: e.reden.trim().to_string(),
                date,
                state: DecisionState::Current,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_with_codes_or_dutch_words() {
        let text = r#"
[[besluit]]
eis = "3.2.5"
status = "vervallen"
vingerafdruk = "abc"
oordeel = "geaccepteerd"
reden = "Hoge Raad 24 december 2021."
datum = 2026-12-01

[[besluit]]
eis = "3.7"
status = "not_assessed"
vingerafdruk = ""
oordeel = "verworpen"
reden = "Het Damoclesbeleid staat in de APV."
datum = "1 december 2026"
"#;
        let d = parse(text).unwrap();
        assert_eq!(d[0].status, Status::Repealed);
        assert_eq!(d[0].date, "2026-12-01");
        assert_eq!(d[1].decision, DecisionKind::Overruled);
        assert!(
            parse("[[besluit]]\neis = \"1\"")
                .unwrap_err()
                .starts_with("regel ")
        );
        let bad = text.replace("verworpen", "misschien");
        assert!(parse(&bad).unwrap_err().contains("misschien"));
    }
}
