//! Regression runs: what changed between two reports (the JSON of `apv compare` or `apv scan`).
//!
//! Both runs are read as the one [`Report`] model. Verdicts are matched on municipality and
//! requirement id; evidence on article and quoted words, never on the document's path or line,
//! so the same documents compared from another folder or under other file names give no
//! change. A verdict changed when its status, its articles, its missing elements or its
//! evidence changed.
//!
//! Whether a change is better or worse follows this order of statuses, best first:
//!
//! | rank | statuses |
//! |---|---|
//! | 5 | `met` |
//! | 4 | `partial` |
//! | 3 | `outside_apv` |
//! | 2 | `reference_only` |
//! | 1 | `repealed`, `absent` |
//! | 0 | `not_assessed`, and a verdict that is not there |
//!
//! Any move down is worse (so a policy that went missing is worse), any move up better; a move
//! between `repealed` and `absent`, or a change of evidence only, is neutral. Besides verdicts,
//! a municipality that disappeared, or a new problem with its input (a file that became
//! unreadable, an APV that is no longer judged), is worse; a problem that went away is better.
//! A recorded decision that no longer fits its verdict (status or cited text changed) is listed
//! as a neutral change.

use std::collections::BTreeSet;

use apv_rules::{Evidence, Notice, RuleSetInfo, Status, Verdict};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decisions::{Decision, DecisionState};
use crate::model::{Municipality, Report, SCHEMA_VERSION};

/// Better, worse or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

/// The rank of a status in the order above (`None`, a verdict that is not there, ranks with
/// `not_assessed`).
pub fn rank(status: Option<Status>) -> u8 {
    match status {
        Some(Status::Met) => 5,
        Some(Status::Partial) => 4,
        Some(Status::OutsideApv) => 3,
        Some(Status::ReferenceOnly) => 2,
        Some(Status::Repealed | Status::Absent) => 1,
        Some(Status::NotAssessed) | None => 0,
    }
}

/// How a move from `old` to `new` counts.
pub fn direction(old: Option<Status>, new: Option<Status>) -> Direction {
    let (a, b) = (rank(old), rank(new));
    if b > a {
        Direction::Better
    } else if b < a {
        Direction::Worse
    } else {
        Direction::Neutral
    }
}

/// One changed verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    pub evidence_added: Vec<Evidence>,
    /// Evidence only in the old run.
    pub evidence_removed: Vec<Evidence>,
}

/// A change at municipality level: it appeared or disappeared, or a problem with its input
/// appeared or went away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MunicipalityChange {
    /// Municipality.
    pub municipality: String,
    /// Better, worse or neutral.
    pub direction: Direction,
    /// What happened.
    pub what: ChangeKind,
}

/// What happened to a municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// The municipality is new in this run.
    Added,
    /// The municipality is not in the new run.
    Removed,
    /// A notice about its input that the old run did not have.
    NoticeAdded {
        /// The notice.
        notice: Notice,
    },
    /// A notice of the old run that is gone.
    NoticeRemoved {
        /// The notice.
        notice: Notice,
    },
    /// A recorded decision of the new run no longer fits its verdict.
    DecisionOutdated {
        /// The decision, with its state.
        decision: Decision,
    },
}

/// The changes of one municipality, counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Municipality.
    pub municipality: String,
    /// Changes for the better.
    pub better: usize,
    /// Changes for the worse.
    pub worse: usize,
    /// Other changes.
    pub neutral: usize,
    /// Verdicts present in both runs and unchanged.
    pub unchanged: usize,
    /// Share met in the old run.
    pub old_share_met: Option<f64>,
    /// Share met in the new run.
    pub new_share_met: Option<f64>,
}

/// Everything that changed between two runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunDiff {
    /// The version of this JSON shape.
    pub schema_version: u32,
    /// Rule set of the old run.
    pub old_rule_set: RuleSetInfo,
    /// Rule set of the new run.
    pub new_rule_set: RuleSetInfo,
    /// Per municipality (sorted by name), how many changes went which way.
    pub summary: Vec<Summary>,
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
pub fn diff(old: &Report, new: &Report) -> RunDiff {
    let mut out = RunDiff {
        schema_version: SCHEMA_VERSION,
        old_rule_set: old.rule_set.clone(),
        new_rule_set: new.rule_set.clone(),
        summary: Vec::new(),
        municipalities: Vec::new(),
        verdicts: Vec::new(),
        unchanged: 0,
    };

    let mut names: Vec<&str> = new.municipalities.iter().map(|m| m.name.as_str()).collect();
    for m in &old.municipalities {
        if !names.contains(&m.name.as_str()) {
            names.push(&m.name);
        }
    }

    for name in names {
        let old_m = old.municipalities.iter().find(|m| m.name == name);
        let new_m = new.municipalities.iter().find(|m| m.name == name);
        let (changes_before, verdicts_before, unchanged_before) =
            (out.municipalities.len(), out.verdicts.len(), out.unchanged);
        let mut change = |direction, what| {
            out.municipalities.push(MunicipalityChange {
                municipality: name.to_string(),
                direction,
                what,
            })
        };
        match (old_m, new_m) {
            (None, Some(_)) => change(Direction::Neutral, ChangeKind::Added),
            (Some(_), None) => change(Direction::Worse, ChangeKind::Removed),
            _ => {}
        }
        let notices = |m: Option<&Municipality>| m.map(|m| m.notices.clone()).unwrap_or_default();
        let (old_notices, new_notices) = (notices(old_m), notices(new_m));
        for (notice, added) in notice_changes(&old_notices, &new_notices) {
            let direction = match (notice.is_problem(), added) {
                (false, _) => Direction::Neutral,
                (true, true) => Direction::Worse,
                (true, false) => Direction::Better,
            };
            let what = if added {
                ChangeKind::NoticeAdded { notice }
            } else {
                ChangeKind::NoticeRemoved { notice }
            };
            change(direction, what);
        }

        for d in new_m.iter().flat_map(|m| &m.decisions) {
            if d.state != DecisionState::Current {
                change(
                    Direction::Neutral,
                    ChangeKind::DecisionOutdated {
                        decision: d.clone(),
                    },
                );
            }
        }

        let empty: Vec<Verdict> = Vec::new();
        let old_v = old_m.map(|m| &m.verdicts).unwrap_or(&empty);
        let new_v = new_m.map(|m| &m.verdicts).unwrap_or(&empty);
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
                None if a.is_some() && b.is_some() => out.unchanged += 1,
                None => {}
            }
        }

        let count = |direction| {
            out.municipalities[changes_before..]
                .iter()
                .filter(|c| c.direction == direction)
                .count()
                + out.verdicts[verdicts_before..]
                    .iter()
                    .filter(|c| c.direction == direction)
                    .count()
        };
        out.summary.push(Summary {
            municipality: name.to_string(),
            better: count(Direction::Better),
            worse: count(Direction::Worse),
            neutral: count(Direction::Neutral),
            unchanged: out.unchanged - unchanged_before,
            old_share_met: old_m.and_then(|m| m.share_met),
            new_share_met: new_m.and_then(|m| m.share_met),
        });
    }
    out.summary
        .sort_by_key(|s| (s.municipality.to_lowercase(), s.municipality.clone()));
    out
}

/// The notices only in `new` (`true`) or only in `old` (`false`), compared without the paths
/// of the files they name: a file that is unreadable in both runs under another name is no
/// change.
fn notice_changes(old: &[Notice], new: &[Notice]) -> Vec<(Notice, bool)> {
    let keys = |list: &[Notice]| -> Vec<String> { list.iter().map(notice_key).collect() };
    let (mut old_keys, mut new_keys) = (keys(old), keys(new));
    let mut out = Vec::new();
    for (notice, key) in new.iter().zip(keys(new)) {
        match old_keys.iter().position(|k| *k == key) {
            Some(i) => {
                old_keys.remove(i);
            }
            None => out.push((notice.clone(), true)),
        }
    }
    for (notice, key) in old.iter().zip(keys(old)) {
        match new_keys.iter().position(|k| *k == key) {
            Some(i) => {
                new_keys.remove(i);
            }
            None => out.push((notice.clone(), false)),
        }
    }
    out
}

/// A notice as JSON with the paths of files and folders left out, and only the file name of
/// what is left.
fn notice_key(notice: &Notice) -> String {
    let mut value = serde_json::to_value(notice).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        for key in ["file", "folder", "target"] {
            map.remove(key);
        }
        if let Some(because) = map.get_mut("because").and_then(|b| b.as_object_mut()) {
            because.remove("newer");
        }
    }
    value.to_string()
}

/// The identity of a piece of evidence across runs: article and quoted words (white space
/// folded), not document path or line.
fn evidence_key(e: &Evidence) -> (Option<String>, String) {
    (
        e.article.clone(),
        e.quote.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

fn verdict_change(
    municipality: &str,
    id: &str,
    old: Option<&Verdict>,
    new: Option<&Verdict>,
) -> Option<VerdictChange> {
    let articles = |v: Option<&Verdict>| v.map(|v| v.articles.clone()).unwrap_or_default();
    let missing = |v: Option<&Verdict>| -> BTreeSet<String> {
        v.map(|v| v.missing.iter().cloned().collect())
            .unwrap_or_default()
    };
    let evidence = |v: Option<&Verdict>| -> Vec<Evidence> {
        v.map(|v| v.evidence.clone()).unwrap_or_default()
    };

    let (old_missing, new_missing) = (missing(old), missing(new));
    let (old_evidence, new_evidence) = (evidence(old), evidence(new));
    let old_keys: BTreeSet<_> = old_evidence.iter().map(evidence_key).collect();
    let new_keys: BTreeSet<_> = new_evidence.iter().map(evidence_key).collect();
    // Each quote once, even when it supports several elements.
    let only_in = |list: &[Evidence], other: &BTreeSet<(Option<String>, String)>| {
        let mut seen = BTreeSet::new();
        list.iter()
            .filter(|e| !other.contains(&evidence_key(e)) && seen.insert(evidence_key(e)))
            .cloned()
            .collect::<Vec<Evidence>>()
    };
    let evidence_added = only_in(&new_evidence, &old_keys);
    let evidence_removed = only_in(&old_evidence, &new_keys);

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
            Direction::Worse
        );
        assert_eq!(direction(Some(Absent), Some(Repealed)), Direction::Neutral);
        assert_eq!(direction(Some(Met), Some(NotAssessed)), Direction::Worse);
        assert_eq!(direction(Some(Absent), Some(NotAssessed)), Direction::Worse);
        assert_eq!(direction(Some(Met), None), Direction::Worse);
        assert_eq!(direction(None, Some(Absent)), Direction::Better);
        assert_eq!(
            direction(Some(NotAssessed), None),
            Direction::Neutral,
            "a verdict that is not there ranks with not_assessed"
        );
    }

    fn verdict(document: &str, line: u32) -> Verdict {
        Verdict {
            id: "3.2.1".into(),
            title: "t".into(),
            status: Status::Met,
            articles: vec!["2:80".into()],
            evidence: vec![Evidence {
                document: document.into(),
                article: Some("2:80".into()),
                element: None,
                quote: "kan het  gebouw sluiten".into(),
                line,
                start: 0,
                end: 10,
                proves: vec![],
                matched: vec![],
            }],
            missing: vec![],
            explanation: String::new(),
            texts: vec![],
            qualifiers: vec![],
            review: false,
            reason: None,
            fingerprint: String::new(),
        }
    }

    #[test]
    fn evidence_that_moved_or_sits_in_another_file_is_not_a_change() {
        let old = verdict("2021/Almere/apv.md", 10);
        assert!(
            verdict_change(
                "A",
                "3.2.1",
                Some(&old),
                Some(&verdict("2021/Almere/apv.md", 12))
            )
            .is_none()
        );
        assert!(
            verdict_change(
                "A",
                "3.2.1",
                Some(&old),
                Some(&verdict("elders/apv-2024.docx", 10))
            )
            .is_none()
        );
        let mut other = verdict("apv.md", 10);
        other.evidence[0].quote = "kan het gebouw niet sluiten".into();
        assert!(verdict_change("A", "3.2.1", Some(&old), Some(&other)).is_some());
    }

    #[test]
    fn a_renamed_unreadable_file_is_not_a_change() {
        let unreadable = |file: &str| Notice::Unreadable {
            file: file.into(),
            problem: apv_rules::FileProblem::Empty,
        };
        assert!(notice_changes(&[unreadable("a/apv.md")], &[unreadable("b/apv-2.md")]).is_empty());
        let changes = notice_changes(&[], &[unreadable("b/apv.md")]);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].1);
    }
}
