//! The report model: the matrix of verdicts, the shares, the harmonisation per requirement and
//! the waterbed warnings, built from one [`ScanReport`] per municipality.
//!
//! `apv scan` (a report of one municipality) and `apv compare` write this model as JSON, and
//! `apv diff` reads it back; `schema/report.schema.json` is its JSON Schema, versioned by
//! [`SCHEMA_VERSION`]. A verdict is the [`Verdict`] of `apv-rules`, never a copy of it.

use apv_rules::{NotRead, Notice, RuleSetInfo, ScanReport, ScannedDocument, Status, Verdict};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decisions::Decision;
use crate::harmonise::{self, Harmonisation};
use crate::waterbed::{self, WaterbedWarning};

/// The version of the report's JSON shape (`schema_version` in the JSON; the schema's `$id`).
/// Raised whenever a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// What the report needs to know about one requirement of the rule set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementInfo {
    /// Requirement id (`3.2.1`, `3.2.2a`, `3.5c`, `3.7`).
    pub id: String,
    /// Short Dutch title.
    pub title: String,
    /// The text of the norm this requirement comes from.
    pub norm_text: String,
    /// The VNG Model-APV article and wording the requirement is measured against, when the rule
    /// set knows one.
    pub model: Option<ModelWording>,
    /// Why the requirement does not count in the share met, when it does not.
    pub not_counted: Option<String>,
}

impl From<&apv_rules::Requirement> for RequirementInfo {
    fn from(requirement: &apv_rules::Requirement) -> RequirementInfo {
        let wording = requirement.model.wording.trim();
        RequirementInfo {
            id: requirement.id.clone(),
            title: requirement.title.clone(),
            norm_text: requirement.norm_text.clone(),
            model: (!wording.is_empty()).then(|| ModelWording {
                article: requirement.model.article.clone(),
                text: wording.to_string(),
            }),
            not_counted: requirement.not_counted.clone(),
        }
    }
}

/// A Model-APV article and its reference wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ModelWording {
    /// The Model-APV article number (`2:80`).
    pub article: String,
    /// The reference wording of that article.
    pub text: String,
}

/// What each municipality's article is compared with in the word diffs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Base {
    /// The Model-APV wording known to the rule set.
    #[default]
    Model,
    /// The article(s) of this municipality.
    Municipality(String),
}

impl Base {
    /// Reads a `--base` value: `model` (any case) or a municipality name.
    pub fn parse(value: &str) -> Base {
        if value.trim().eq_ignore_ascii_case("model") {
            Base::Model
        } else {
            Base::Municipality(value.trim().to_string())
        }
    }

    /// The base as written in the report: `model` or the municipality name.
    pub fn label(&self) -> &str {
        match self {
            Base::Model => "model",
            Base::Municipality(name) => name,
        }
    }
}

/// Everything a report needs besides the scans.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The rule set the scans used.
    pub rule_set: RuleSetInfo,
    /// Requirement metadata in rule-set order. Verdicts for ids not listed here are added after
    /// them, with the title from the verdict.
    pub requirements: Vec<RequirementInfo>,
    /// What the word diffs compare against.
    pub base: Base,
    /// Version of apv that produced the report.
    pub apv_version: String,
}

impl ReportOptions {
    /// Options for a report on scans made with `rules`: its identity and requirement metadata,
    /// the given diff base, and this build's version of apv.
    pub fn for_rules(rules: &apv_rules::RuleSet, base: Base) -> Self {
        Self {
            rule_set: rules.info(),
            requirements: rules
                .requirements()
                .iter()
                .map(RequirementInfo::from)
                .collect(),
            base,
            apv_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Why a report could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportError {
    /// `--base NAME` names no municipality of the report.
    UnknownBase {
        /// The name asked for.
        name: String,
        /// The municipalities that are there.
        known: Vec<String>,
    },
    /// Two scans carry the same municipality name.
    DuplicateMunicipality(String),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::UnknownBase { name, known } => write!(
                f,
                "base municipality {name:?} is not in the report (known: {})",
                known.join(", ")
            ),
            ReportError::DuplicateMunicipality(name) => {
                write!(f, "municipality {name:?} occurs twice")
            }
        }
    }
}

impl std::error::Error for ReportError {}

/// The nulmeting report: requirements × municipalities, with harmonisation and warnings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The version of this JSON shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Version of apv that produced the report.
    pub apv_version: String,
    /// The rule set used.
    pub rule_set: RuleSetInfo,
    /// What the word diffs compare against: `model` or a municipality name.
    pub base: String,
    /// One row per requirement, in rule-set order.
    pub requirements: Vec<RequirementRow>,
    /// One column per municipality, sorted by name.
    pub municipalities: Vec<Municipality>,
    /// Municipalities lacking a barrier most others have.
    pub waterbed: Vec<WaterbedWarning>,
    /// Files outside every municipality (loose files at the top of a compared folder).
    #[serde(default)]
    pub notices: Vec<Notice>,
}

/// One requirement across all municipalities.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RequirementRow {
    /// Requirement id.
    pub id: String,
    /// Short Dutch title.
    pub title: String,
    /// The norm text.
    pub norm_text: String,
    /// The Model-APV reference, when known.
    pub model: Option<ModelWording>,
    /// Why this requirement does not count in a municipality's share met, when it does not.
    /// Its verdicts are still shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_counted: Option<String>,
    /// How many municipalities meet it.
    pub met: usize,
    /// How many municipalities were assessed on it (status other than `not_assessed`).
    pub assessed: usize,
    /// How alike the municipalities' articles are, and how each differs from the base.
    pub harmonisation: Harmonisation,
}

/// One municipality's column.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Municipality {
    /// The municipality's name.
    pub name: String,
    /// Requirements met.
    pub met: usize,
    /// Requirements assessed (status other than `not_assessed`).
    pub assessed: usize,
    /// Requirements counted in the share (those not marked as not counted).
    pub total: usize,
    /// `met / assessed`, rounded to three decimals; `None` when nothing was assessed.
    pub share_met: Option<f64>,
    /// The documents read.
    pub documents: Vec<ScannedDocument>,
    /// Files not read or not used, and why no APV was judged.
    pub notices: Vec<Notice>,
    /// One verdict per requirement, in the order of [`Report::requirements`].
    pub verdicts: Vec<Verdict>,
    /// The analyst's recorded decisions (accepted findings), each with whether it still fits.
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

impl Municipality {
    /// Whether part of this municipality's input was not read or not judged.
    pub fn has_problems(&self) -> bool {
        self.notices.iter().any(Notice::is_problem)
    }
}

/// The name used for a scan without a municipality.
pub const UNNAMED: &str = "onbekende gemeente";

impl Report {
    /// Builds the report from one scan per municipality. Municipalities are sorted by name
    /// (case-insensitive), so the result does not depend on the order of `scans`.
    pub fn build(scans: Vec<ScanReport>, options: ReportOptions) -> Result<Report, ReportError> {
        let mut scans = scans;
        scans.sort_by(|a, b| {
            let (a, b) = (scan_name(a), scan_name(b));
            a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b))
        });
        for pair in scans.windows(2) {
            if scan_name(&pair[0]) == scan_name(&pair[1]) {
                return Err(ReportError::DuplicateMunicipality(
                    scan_name(&pair[0]).to_string(),
                ));
            }
        }
        let mut options = options;
        if let Base::Municipality(name) = &options.base {
            // The name as the report spells it; `--base almere` finds "Almere".
            let found = scans
                .iter()
                .map(scan_name)
                .find(|n| *n == name)
                .or_else(|| {
                    scans
                        .iter()
                        .map(scan_name)
                        .find(|n| n.to_lowercase() == name.to_lowercase())
                });
            match found {
                Some(actual) => options.base = Base::Municipality(actual.to_string()),
                None => {
                    return Err(ReportError::UnknownBase {
                        name: name.clone(),
                        known: scans.iter().map(|s| scan_name(s).to_string()).collect(),
                    });
                }
            }
        }

        let requirements = requirement_list(&options.requirements, &scans);

        let municipalities: Vec<Municipality> = scans
            .iter()
            .map(|scan| {
                let cells: Vec<Verdict> = requirements
                    .iter()
                    .map(|req| match find_verdict(scan, &req.id) {
                        Some(verdict) => verdict.clone(),
                        None => Verdict {
                            id: req.id.clone(),
                            title: req.title.clone(),
                            status: Status::NotAssessed,
                            articles: Vec::new(),
                            evidence: Vec::new(),
                            missing: Vec::new(),
                            explanation: format!(
                                "Niet beoordeeld: {}.",
                                NotRead::NoVerdict.label_nl()
                            ),
                            texts: Vec::new(),
                            qualifiers: Vec::new(),
                            review: false,
                            reason: Some(NotRead::NoVerdict),
                            fingerprint: String::new(),
                        },
                    })
                    .collect();
                let mut cells = cells;
                for cell in &mut cells {
                    cell.fingerprint = cell.text_fingerprint();
                }
                // Requirements marked as not counted stay in the matrix, not in the share.
                let counted: Vec<&Verdict> = cells
                    .iter()
                    .zip(&requirements)
                    .filter(|(_, req)| req.not_counted.is_none())
                    .map(|(c, _)| c)
                    .collect();
                let met = counted.iter().filter(|c| c.status == Status::Met).count();
                let assessed = counted
                    .iter()
                    .filter(|c| c.status != Status::NotAssessed)
                    .count();
                Municipality {
                    name: scan_name(scan).to_string(),
                    met,
                    assessed,
                    total: counted.len(),
                    share_met: (assessed > 0).then(|| round3(met as f64 / assessed as f64)),
                    documents: scan.documents.clone(),
                    notices: scan.notices.clone(),
                    verdicts: cells,
                    decisions: Vec::new(),
                }
            })
            .collect();

        // Harmonisation is quadratic in the number of municipalities: one task per requirement.
        let rows: Vec<RequirementRow> = requirements
            .par_iter()
            .enumerate()
            .map(|(index, req)| {
                let met = municipalities
                    .iter()
                    .filter(|m| m.verdicts[index].status == Status::Met)
                    .count();
                let assessed = municipalities
                    .iter()
                    .filter(|m| m.verdicts[index].status != Status::NotAssessed)
                    .count();
                let inputs: Vec<harmonise::Input<'_>> = scans
                    .iter()
                    .filter_map(|scan| {
                        let verdict = find_verdict(scan, &req.id)?;
                        Some(harmonise::Input {
                            municipality: scan_name(scan),
                            verdict,
                        })
                    })
                    .collect();
                RequirementRow {
                    id: req.id.clone(),
                    title: req.title.clone(),
                    norm_text: req.norm_text.clone(),
                    model: req.model.clone(),
                    not_counted: req.not_counted.clone(),
                    met,
                    assessed,
                    harmonisation: harmonise::harmonise(&inputs, req, &options.base),
                }
            })
            .collect();

        let waterbed = waterbed::warnings(&rows, &municipalities);

        Ok(Report {
            schema_version: SCHEMA_VERSION,
            apv_version: options.apv_version,
            rule_set: options.rule_set,
            base: options.base.label().to_string(),
            requirements: rows,
            municipalities,
            waterbed,
            notices: Vec::new(),
        })
    }

    /// Records a municipality's decisions, checking each against its current verdict. `false`
    /// when the report has no such municipality.
    pub fn record_decisions(&mut self, municipality: &str, decisions: Vec<Decision>) -> bool {
        let Some(m) = self
            .municipalities
            .iter_mut()
            .find(|m| m.name == municipality)
        else {
            return false;
        };
        for mut d in decisions {
            d.check(m.verdicts.iter().find(|v| v.id == d.requirement));
            m.decisions.push(d);
        }
        true
    }

    /// Whether part of the input was not read or not judged: a file that could not be read, an
    /// APV that was not judged, a file outside every municipality.
    pub fn has_problems(&self) -> bool {
        self.notices.iter().any(Notice::is_problem)
            || self.municipalities.iter().any(Municipality::has_problems)
    }
}

/// The municipality name of a scan, or [`UNNAMED`].
pub fn scan_name(scan: &ScanReport) -> &str {
    scan.municipality.as_deref().unwrap_or(UNNAMED)
}

fn find_verdict<'a>(scan: &'a ScanReport, id: &str) -> Option<&'a Verdict> {
    scan.requirements.iter().find(|v| v.id == id)
}

/// The requirements of the report: the rule set's, then any the scans have that it lacks.
fn requirement_list(known: &[RequirementInfo], scans: &[ScanReport]) -> Vec<RequirementInfo> {
    let mut list: Vec<RequirementInfo> = known.to_vec();
    for scan in scans {
        for verdict in &scan.requirements {
            if !list.iter().any(|r| r.id == verdict.id) {
                list.push(RequirementInfo {
                    id: verdict.id.clone(),
                    title: verdict.title.clone(),
                    norm_text: String::new(),
                    model: None,
                    not_counted: None,
                });
            }
        }
    }
    list
}

/// Rounds to three decimals, so that JSON output is stable and readable.
pub(crate) fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// A share as a whole percentage ("63%").
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A JSON file apv writes: a report (`apv scan`, `apv compare`) or a diff (`apv diff`), told
/// apart by `"kind"`. `schema/report.schema.json` is the JSON Schema of this type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(
    title = "apv report",
    description = "The JSON of `apv scan`, `apv compare` and `apv diff`."
)]
pub enum ReportFile {
    /// A report: the verdicts of one or more municipalities.
    Report(Report),
    /// What changed between two reports.
    Diff(crate::diff::RunDiff),
}

/// A JSON file that is not a report apv can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

impl Report {
    /// Reads a report written by `apv scan` or `apv compare` (`--format json`).
    pub fn from_json(text: &str) -> Result<Report, ReadError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ReadError(format!("geen JSON ({e})")))?;
        match value.get("kind").and_then(|k| k.as_str()) {
            Some("report") => {}
            Some("diff") => {
                return Err(ReadError(
                    "een vergelijking (apv diff), geen rapport van apv scan of apv compare".into(),
                ));
            }
            _ => {
                return Err(ReadError(
                    "geen rapport van apv scan of apv compare (\"kind\": \"report\" ontbreekt)"
                        .into(),
                ));
            }
        }
        let version = value.get("schema_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(ReadError(format!(
                "een rapport in schemaversie {}, deze apv leest versie {SCHEMA_VERSION}",
                version.map_or_else(|| "onbekend".to_string(), |v| v.to_string())
            )));
        }
        match serde_json::from_value::<ReportFile>(value) {
            Ok(ReportFile::Report(report)) => Ok(report),
            Ok(ReportFile::Diff(_)) => Err(ReadError("geen rapport".into())),
            Err(e) => Err(ReadError(format!("geen geldig rapport van apv ({e})"))),
        }
    }
}

/// The JSON Schema of [`ReportFile`], as committed in `schema/report.schema.json`; its `$id`
/// names the [`SCHEMA_VERSION`].
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(ReportFile)).unwrap_or_default();
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$id".to_string(),
            serde_json::Value::String(format!("urn:apv:report:{SCHEMA_VERSION}")),
        );
    }
    schema
}
