//! Regression runs: what changed between two JSON outputs of `apv compare` (or `apv scan`).
//!
//! Verdicts are matched on municipality and requirement id. A verdict changed when its status,
//! its articles, its missing elements or its evidence changed (evidence is compared on document,
//! article and quoted words; a quote that only moved to another line is not a change).
//!
//! Whether a change is better or worse follows this order of statuses, best first:
//!
//! | rank | statuses |
//! |---|---|
//! | 4 | `met` |
//! | 3 | `partial` |
//! | 2 | `outside_apv`, `reference_only` |
//! | 1 | `repealed`, `absent` |
//! | – | `not_assessed` (and a verdict that is not there): neutral |
//!
//! A move to a lower rank is worse, to a higher rank better; a move between statuses of the
//! same rank, or to or from a neutral one, is a neutral change. Besides verdicts, a
//! municipality that disappeared, or a file that became unreadable, is worse; a file that
//! became readable again is better.

use std::collections::BTreeSet;
use std::fmt::Write;

use apv_rules::{RuleSetInfo, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::UNNAMED;

/// One run read from a JSON file: verdicts per municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The rule set, when the file names it.
    pub rule_set: Option<RuleSetInfo>,
    /// Municipalities in file order.
    pub municipalities: Vec<RunMunicipality>,
}

/// One municipality of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RunMunicipality {
    /// Name.
    pub name: String,
    /// Unreadable files, one line each.
    #[serde(default)]
    pub errors: Vec<String>,
    /// Verdicts.
    pub requirements: Vec<RunVerdict>,
}

/// The parts of a verdict a diff looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunVerdict {
    /// Requirement id.
    pub id: String,
    /// Requirement title.
    #[serde(default)]
    pub title: String,
    /// Status.
    pub status: Status,
    /// Articles relied on.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Missing elements.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Evidence.
    #[serde(default)]
    pub evidence: Vec<RunEvidence>,
}

/// The parts of a piece of evidence a diff looks at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RunEvidence {
    /// Document.
    pub document: String,
    /// Article, when inside one.
    #[serde(default)]
    pub article: Option<String>,
    /// Quoted words.
    pub quote: String,
    /// Line.
    #[serde(default)]
    pub line: u32,
}

/// A JSON file could not be read as a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RunError {}

#[derive(Deserialize)]
struct CompareShape {
    #[serde(default)]
    rule_set: Option<RuleSetInfo>,
    municipalities: Vec<RunMunicipality>,
}

#[derive(Deserialize)]
struct ScanShape {
    #[serde(default)]
    rule_set: Option<RuleSetInfo>,
    #[serde(default)]
    municipality: Option<String>,
    #[serde(default)]
    errors: Vec<String>,
    requirements: Vec<RunVerdict>,
}

impl Run {
    /// Reads the JSON of `apv compare` (a `municipalities` array) or of `apv scan` (a
    /// top-level `requirements` array of verdicts).
    pub fn from_json(text: &str) -> Result<Run, RunError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| RunError(format!("not JSON: {e}")))?;
        if value.get("municipalities").is_some() {
            let shape: CompareShape = serde_json::from_value(value)
                .map_err(|e| RunError(format!("not an apv compare report: {e}")))?;
            Ok(Run {
                rule_set: shape.rule_set,
                municipalities: shape.municipalities,
            })
        } else if value.get("requirements").is_some() {
            let shape: ScanShape = serde_json::from_value(value)
                .map_err(|e| RunError(format!("not an apv scan report: {e}")))?;
            Ok(Run {
                rule_set: shape.rule_set,
                municipalities: vec![RunMunicipality {
                    name: shape.municipality.unwrap_or_else(|| UNNAMED.to_string()),
                    errors: shape.errors,
                    requirements: shape.requirements,
                }],
            })
        } else {
            Err(RunError(
                "neither an apv compare report (no \"municipalities\") nor an apv scan report (no \"requirements\")"
                    .to_string(),
            ))
        }
    }
}

/// Better, worse or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Improved.
    Better,
    /// Got worse.
    Worse,
    /// Changed, but neither better nor worse.
    Neutral,
}

impl Direction {
    /// Dutch label ("beter", "slechter", "gewijzigd").
    pub fn label_nl(self) -> &'static str {
        match self {
            Direction::Better => "beter",
            Direction::Worse => "slechter",
            Direction::Neutral => "gewijzigd",
        }
    }
}

/// The rank of a status in the order above; `None` for `not_assessed`.
pub fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Met => Some(4),
        Status::Partial => Some(3),
        Status::OutsideApv | Status::ReferenceOnly => Some(2),
        Status::Repealed | Status::Absent => Some(1),
        Status::NotAssessed => None,
    }
}

/// How a move from `old` to `new` counts.
pub fn direction(old: Option<Status>, new: Option<Status>) -> Direction {
    match (old.and_then(rank), new.and_then(rank)) {
        (Some(a), Some(b)) if b > a => Direction::Better,
        (Some(a), Some(b)) if b < a => Direction::Worse,
        _ => Direction::Neutral,
    }
}

/// One changed verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictChange {
    /// Municipality.
    pub municipality: String,
    /// Requirement id.
    pub requirement: String,
    /// Requirement title (new run first).
    pub title: String,
    /// Better, worse or neutral.
    pub direction: Direction,
    /// Old status; `None` when the verdict was not in the old run.
    pub old_status: Option<Status>,
    /// New status; `None` when the verdict is not in the new run.
    pub new_status: Option<Status>,
    /// Old articles.
    pub old_articles: Vec<String>,
    /// New articles.
    pub new_articles: Vec<String>,
    /// Missing elements that are new.
    pub missing_added: Vec<String>,
    /// Missing elements that were found now.
    pub missing_removed: Vec<String>,
    /// Evidence only in the new run.
    pub evidence_added: Vec<RunEvidence>,
    /// Evidence only in the old run.
    pub evidence_removed: Vec<RunEvidence>,
}

/// A change at municipality level: it appeared or disappeared, or a file became (un)readable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MunicipalityChange {
    /// Municipality.
    pub municipality: String,
    /// Better, worse or neutral.
    pub direction: Direction,
    /// What happened, in Dutch.
    pub what: String,
}

/// Everything that changed between two runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDiff {
    /// Rule set of the old run.
    pub old_rule_set: Option<RuleSetInfo>,
    /// Rule set of the new run.
    pub new_rule_set: Option<RuleSetInfo>,
    /// Municipality-level changes.
    pub municipalities: Vec<MunicipalityChange>,
    /// Changed verdicts, by municipality (new run order, then gone ones) and requirement.
    pub verdicts: Vec<VerdictChange>,
    /// Verdicts present in both runs and unchanged.
    pub unchanged: usize,
}

impl RunDiff {
    /// Whether anything got worse.
    pub fn any_worse(&self) -> bool {
        self.count(Direction::Worse) > 0
    }

    /// Whether anything changed at all.
    pub fn any_change(&self) -> bool {
        !self.verdicts.is_empty() || !self.municipalities.is_empty()
    }

    /// How many changes (verdicts and municipality-level) go in `direction`.
    pub fn count(&self, direction: Direction) -> usize {
        self.verdicts
            .iter()
            .filter(|c| c.direction == direction)
            .count()
            + self
                .municipalities
                .iter()
                .filter(|c| c.direction == direction)
                .count()
    }
}

/// Compares two runs.
pub fn diff(old: &Run, new: &Run) -> RunDiff {
    let mut out = RunDiff {
        old_rule_set: old.rule_set.clone(),
        new_rule_set: new.rule_set.clone(),
        municipalities: Vec::new(),
        verdicts: Vec::new(),
        unchanged: 0,
    };
    let empty: Vec<RunVerdict> = Vec::new();

    let mut names: Vec<&str> = new.municipalities.iter().map(|m| m.name.as_str()).collect();
    for m in &old.municipalities {
        if !names.contains(&m.name.as_str()) {
            names.push(&m.name);
        }
    }

    for name in names {
        let old_m = old.municipalities.iter().find(|m| m.name == name);
        let new_m = new.municipalities.iter().find(|m| m.name == name);
        match (old_m, new_m) {
            (None, Some(_)) => out.municipalities.push(MunicipalityChange {
                municipality: name.to_string(),
                direction: Direction::Neutral,
                what: "nieuw in deze run".to_string(),
            }),
            (Some(_), None) => out.municipalities.push(MunicipalityChange {
                municipality: name.to_string(),
                direction: Direction::Worse,
                what: "ontbreekt in de nieuwe run".to_string(),
            }),
            _ => {}
        }
        let old_errors: &[String] = old_m.map(|m| m.errors.as_slice()).unwrap_or(&[]);
        let new_errors: &[String] = new_m.map(|m| m.errors.as_slice()).unwrap_or(&[]);
        for e in new_errors.iter().filter(|e| !old_errors.contains(e)) {
            out.municipalities.push(MunicipalityChange {
                municipality: name.to_string(),
                direction: Direction::Worse,
                what: format!("niet leesbaar: {e}"),
            });
        }
        for e in old_errors.iter().filter(|e| !new_errors.contains(e)) {
            out.municipalities.push(MunicipalityChange {
                municipality: name.to_string(),
                direction: Direction::Better,
                what: format!("weer leesbaar (was: {e})"),
            });
        }

        let old_v = old_m.map(|m| &m.requirements).unwrap_or(&empty);
        let new_v = new_m.map(|m| &m.requirements).unwrap_or(&empty);
        let mut ids: Vec<&str> = new_v.iter().map(|v| v.id.as_str()).collect();
        for v in old_v {
            if !ids.contains(&v.id.as_str()) {
                ids.push(&v.id);
            }
        }
        for id in ids {
            let a = old_v.iter().find(|v| v.id == id);
            let b = new_v.iter().find(|v| v.id == id);
            match verdict_change(name, id, a, b) {
                Some(change) => out.verdicts.push(change),
                None => out.unchanged += 1,
            }
        }
    }
    out
}

fn verdict_change(
    municipality: &str,
    id: &str,
    old: Option<&RunVerdict>,
    new: Option<&RunVerdict>,
) -> Option<VerdictChange> {
    let articles = |v: Option<&RunVerdict>| v.map(|v| v.articles.clone()).unwrap_or_default();
    let missing = |v: Option<&RunVerdict>| -> BTreeSet<String> {
        v.map(|v| v.missing.iter().cloned().collect())
            .unwrap_or_default()
    };
    let evidence = |v: Option<&RunVerdict>| -> Vec<RunEvidence> {
        v.map(|v| v.evidence.clone()).unwrap_or_default()
    };
    let key = |e: &RunEvidence| (e.document.clone(), e.article.clone(), e.quote.clone());

    let (old_missing, new_missing) = (missing(old), missing(new));
    let (old_evidence, new_evidence) = (evidence(old), evidence(new));
    let old_keys: BTreeSet<_> = old_evidence.iter().map(key).collect();
    let new_keys: BTreeSet<_> = new_evidence.iter().map(key).collect();
    let evidence_added: Vec<RunEvidence> = new_evidence
        .iter()
        .filter(|e| !old_keys.contains(&key(e)))
        .cloned()
        .collect();
    let evidence_removed: Vec<RunEvidence> = old_evidence
        .iter()
        .filter(|e| !new_keys.contains(&key(e)))
        .cloned()
        .collect();

    let change = VerdictChange {
        municipality: municipality.to_string(),
        requirement: id.to_string(),
        title: new.or(old).map(|v| v.title.clone()).unwrap_or_default(),
        direction: direction(old.map(|v| v.status), new.map(|v| v.status)),
        old_status: old.map(|v| v.status),
        new_status: new.map(|v| v.status),
        old_articles: articles(old),
        new_articles: articles(new),
        missing_added: new_missing.difference(&old_missing).cloned().collect(),
        missing_removed: old_missing.difference(&new_missing).cloned().collect(),
        evidence_added,
        evidence_removed,
    };
    let same = change.old_status == change.new_status
        && change.old_articles == change.new_articles
        && change.missing_added.is_empty()
        && change.missing_removed.is_empty()
        && change.evidence_added.is_empty()
        && change.evidence_removed.is_empty();
    (!same).then_some(change)
}

/// The diff as text for the terminal (Dutch).
pub fn render_text(diff: &RunDiff) -> String {
    let mut out = String::new();
    let info = |r: &Option<RuleSetInfo>| match r {
        Some(r) => format!(
            "{} {} ({})",
            r.id,
            r.version,
            crate::render::short_hash(&r.hash)
        ),
        None => "onbekend".to_string(),
    };
    if diff.old_rule_set != diff.new_rule_set {
        let _ = writeln!(
            out,
            "Regelset: {} → {}\n",
            info(&diff.old_rule_set),
            info(&diff.new_rule_set)
        );
    }

    let mut names: Vec<&str> = Vec::new();
    for name in diff
        .municipalities
        .iter()
        .map(|c| c.municipality.as_str())
        .chain(diff.verdicts.iter().map(|c| c.municipality.as_str()))
    {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.sort_by_key(|n| (n.to_lowercase(), n.to_string()));
    for name in names {
        let _ = writeln!(out, "{name}");
        for c in diff
            .municipalities
            .iter()
            .filter(|c| c.municipality == name)
        {
            let _ = writeln!(out, "  [{}] {}", c.direction.label_nl(), c.what);
        }
        for c in diff.verdicts.iter().filter(|c| c.municipality == name) {
            let status = |s: Option<Status>| s.map(|s| s.label_nl()).unwrap_or("geen oordeel");
            let _ = writeln!(
                out,
                "  [{}] {} {}: {} → {}",
                c.direction.label_nl(),
                c.requirement,
                c.title,
                status(c.old_status),
                status(c.new_status)
            );
            if c.old_articles != c.new_articles {
                let list = |a: &[String]| {
                    if a.is_empty() {
                        "–".to_string()
                    } else {
                        a.join(", ")
                    }
                };
                let _ = writeln!(
                    out,
                    "      artikelen: {} → {}",
                    list(&c.old_articles),
                    list(&c.new_articles)
                );
            }
            if !c.missing_added.is_empty() {
                let _ = writeln!(out, "      ontbreekt nu: {}", c.missing_added.join(", "));
            }
            if !c.missing_removed.is_empty() {
                let _ = writeln!(out, "      nu gevonden: {}", c.missing_removed.join(", "));
            }
            for e in &c.evidence_added {
                let _ = writeln!(out, "      + {}", evidence_line(e));
            }
            for e in &c.evidence_removed {
                let _ = writeln!(out, "      - {}", evidence_line(e));
            }
        }
    }
    if diff.any_change() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} beter, {} slechter, {} anders gewijzigd, {} ongewijzigd.",
        diff.count(Direction::Better),
        diff.count(Direction::Worse),
        diff.count(Direction::Neutral),
        diff.unchanged
    );
    out
}

/// The diff as JSON.
pub fn render_json(diff: &RunDiff) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(diff)?;
    out.push('\n');
    Ok(out)
}

fn evidence_line(e: &RunEvidence) -> String {
    let mut quote: String = e.quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() > 120 {
        quote = quote.chars().take(119).collect::<String>() + "…";
    }
    match &e.article {
        Some(a) => format!("{} r. {} (art. {a}): \"{quote}\"", e.document, e.line),
        None => format!("{} r. {}: \"{quote}\"", e.document, e.line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_order_decides_direction() {
        use Status::*;
        assert_eq!(direction(Some(Absent), Some(Met)), Direction::Better);
        assert_eq!(direction(Some(Met), Some(Partial)), Direction::Worse);
        assert_eq!(
            direction(Some(OutsideApv), Some(Repealed)),
            Direction::Worse
        );
        assert_eq!(
            direction(Some(OutsideApv), Some(ReferenceOnly)),
            Direction::Neutral
        );
        assert_eq!(direction(Some(Absent), Some(Repealed)), Direction::Neutral);
        assert_eq!(direction(Some(Met), Some(NotAssessed)), Direction::Neutral);
        assert_eq!(direction(None, Some(Absent)), Direction::Neutral);
    }

    #[test]
    fn a_scan_report_reads_as_a_run_of_one() {
        let run = Run::from_json(
            r#"{"municipality":"Urk","rule_set":{"id":"n","version":"1","hash":"ab"},
                "documents":[],"errors":[],"requirements":[{"id":"3.2.1","title":"t",
                "status":"absent","articles":[],"evidence":[],"missing":[],"explanation":"",
                "texts":[]}]}"#,
        )
        .unwrap();
        assert_eq!(run.municipalities.len(), 1);
        assert_eq!(run.municipalities[0].name, "Urk");
        assert_eq!(run.municipalities[0].requirements[0].status, Status::Absent);
    }

    #[test]
    fn unknown_shapes_and_statuses_are_refused() {
        assert!(Run::from_json("[]").is_err());
        assert!(Run::from_json("{\"x\":1}").is_err());
        let bad =
            r#"{"municipalities":[{"name":"A","requirements":[{"id":"1","status":"great"}]}]}"#;
        let err = Run::from_json(bad).unwrap_err();
        assert!(err.0.contains("great"), "{err}");
    }

    #[test]
    fn moved_evidence_is_not_a_change() {
        let verdict = |line| RunVerdict {
            id: "3.2.1".into(),
            title: "t".into(),
            status: Status::Met,
            articles: vec!["2:80".into()],
            missing: vec![],
            evidence: vec![RunEvidence {
                document: "apv.md".into(),
                article: Some("2:80".into()),
                quote: "sluiten".into(),
                line,
            }],
        };
        assert!(verdict_change("A", "3.2.1", Some(&verdict(10)), Some(&verdict(12))).is_none());
    }
}
