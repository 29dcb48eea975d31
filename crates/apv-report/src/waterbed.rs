//! Waterbed warnings: a municipality lacking a barrier that most others have.
//!
//! A warning is raised for a municipality whose status on a requirement is lacking (`partial`,
//! `absent`, `repealed` or `reference_only`, see [`Status::is_lacking`]) while more than half
//! of all municipalities in the report meet it (`met`). `outside_apv` and `not_assessed` never
//! raise one: the barrier may exist elsewhere, or the documents were not supplied.

use apv_rules::Status;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Municipality, RequirementRow};

/// One waterbed warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaterbedWarning {
    /// The municipality lacking the barrier.
    pub municipality: String,
    /// Requirement id.
    pub requirement: String,
    /// Requirement title.
    pub title: String,
    /// The municipality's status.
    pub status: Status,
    /// Municipalities meeting the requirement.
    pub met: usize,
    /// Municipalities in the report.
    pub municipalities: usize,
    /// The warning in plain Dutch.
    pub message: String,
}

/// The warnings for a report, in requirement order, then municipality order.
pub fn warnings(rows: &[RequirementRow], municipalities: &[Municipality]) -> Vec<WaterbedWarning> {
    let total = municipalities.len();
    let mut out = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.met * 2 <= total {
            continue;
        }
        for municipality in municipalities {
            let cell = &municipality.verdicts[index];
            if !cell.status.is_lacking() {
                continue;
            }
            out.push(WaterbedWarning {
                municipality: municipality.name.clone(),
                requirement: row.id.clone(),
                title: row.title.clone(),
                status: cell.status,
                met: row.met,
                municipalities: total,
                message: message(&municipality.name, row, cell.status, total),
            });
        }
    }
    out
}

fn message(name: &str, row: &RequirementRow, status: Status, total: usize) -> String {
    let subject = format!("{} ({})", row.id, lower_first(&row.title));
    let what = match status {
        Status::Partial => format!("{name} voldoet maar deels aan {subject}"),
        Status::Repealed => format!("{name} heeft {subject} laten vervallen"),
        Status::ReferenceOnly => {
            format!("{name} verwijst alleen naar {subject}, zonder eigen regel")
        }
        _ => format!("{name} mist {subject}"),
    };
    format!(
        "{what}, terwijl {} van de {total} gemeenten hier wel aan voldoen.",
        row.met
    )
}

/// Words that keep their capital at the start of a sentence part: names of laws and policies.
const PROPER_NAMES: [&str; 4] = ["Bibob", "Damocles", "Opiumwet", "Alcoholwet"];

/// "Sluiting van …" → "sluiting van …", leaving abbreviations ("APV …") and names
/// ("Bibob-beleid …") alone.
fn lower_first(title: &str) -> String {
    if PROPER_NAMES.iter().any(|name| title.starts_with(name)) {
        return title.to_string();
    }
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_lowered_but_abbreviations_kept() {
        assert_eq!(
            lower_first("Sluiting van gebouwen"),
            "sluiting van gebouwen"
        );
        assert_eq!(
            lower_first("Bibob-beleid: Subsidieaanvragen"),
            "Bibob-beleid: Subsidieaanvragen"
        );
        assert_eq!(lower_first("APV-vergunning"), "APV-vergunning");
        assert_eq!(lower_first(""), "");
    }
}
