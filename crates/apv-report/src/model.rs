//! The report model: the matrix of verdicts, the shares, the harmonisation per requirement and
//! the waterbed warnings, built from one [`ScanReport`] per municipality.

use apv_rules::{Evidence, RuleSetInfo, ScanReport, ScannedDocument, Status, Verdict};
use rayon::prelude::*;
use serde::Serialize;

use crate::harmonise::{self, Harmonisation};
use crate::waterbed::{self, WaterbedWarning};

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
        }
    }
}

/// A Model-APV article and its reference wording.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct Report {
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
}

/// One requirement across all municipalities.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    /// Requirement id.
    pub id: String,
    /// Short Dutch title.
    pub title: String,
    /// The norm text.
    pub norm_text: String,
    /// The Model-APV reference, when known.
    pub model: Option<ModelWording>,
    /// How many municipalities meet it.
    pub met: usize,
    /// How many municipalities were assessed on it (status other than `not_assessed`).
    pub assessed: usize,
    /// How alike the municipalities' articles are, and how each differs from the base.
    pub harmonisation: Harmonisation,
}

/// One municipality's column.
#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    /// The municipality's name.
    pub name: String,
    /// Requirements met.
    pub met: usize,
    /// Requirements assessed (status other than `not_assessed`).
    pub assessed: usize,
    /// Requirements in the report.
    pub total: usize,
    /// `met / assessed`, rounded to three decimals; `None` when nothing was assessed.
    pub share_met: Option<f64>,
    /// The documents read.
    pub documents: Vec<ScannedDocument>,
    /// Files that could not be read, one line each.
    pub errors: Vec<String>,
    /// One cell per requirement, in the order of [`Report::requirements`].
    pub requirements: Vec<Cell>,
}

/// One cell of the matrix: a municipality's verdict on one requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Requirement id.
    pub id: String,
    /// Requirement title.
    pub title: String,
    /// The status.
    pub status: Status,
    /// Articles relied on, primary first.
    pub articles: Vec<String>,
    /// Quoted words with document and line.
    pub evidence: Vec<Evidence>,
    /// Elements not found (for `partial`).
    pub missing: Vec<String>,
    /// Short Dutch explanation.
    pub explanation: String,
    /// How the provision applies, when the rule records it (`standaard`, `kan-bepaling`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub qualifiers: Vec<String>,
}

impl Cell {
    fn from_verdict(verdict: &Verdict) -> Cell {
        Cell {
            id: verdict.id.clone(),
            title: verdict.title.clone(),
            status: verdict.status,
            articles: verdict.articles.clone(),
            evidence: verdict.evidence.clone(),
            missing: verdict.missing.clone(),
            explanation: verdict.explanation.clone(),
            qualifiers: verdict.qualifiers.clone(),
        }
    }
}

/// The name used for a scan without a municipality.
pub const UNNAMED: &str = "(naamloos)";

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
        let total = requirements.len();

        let municipalities: Vec<Municipality> = scans
            .iter()
            .map(|scan| {
                let cells: Vec<Cell> = requirements
                    .iter()
                    .map(|req| match find_verdict(scan, &req.id) {
                        Some(verdict) => Cell::from_verdict(verdict),
                        None => Cell {
                            id: req.id.clone(),
                            title: req.title.clone(),
                            status: Status::NotAssessed,
                            articles: Vec::new(),
                            evidence: Vec::new(),
                            missing: Vec::new(),
                            explanation: "De scan gaf geen oordeel over deze eis.".to_string(),
                            qualifiers: Vec::new(),
                        },
                    })
                    .collect();
                let met = cells.iter().filter(|c| c.status == Status::Met).count();
                let assessed = cells
                    .iter()
                    .filter(|c| c.status != Status::NotAssessed)
                    .count();
                Municipality {
                    name: scan_name(scan).to_string(),
                    met,
                    assessed,
                    total,
                    share_met: (assessed > 0).then(|| round3(met as f64 / assessed as f64)),
                    documents: scan.documents.clone(),
                    errors: scan.errors.clone(),
                    requirements: cells,
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
                    .filter(|m| m.requirements[index].status == Status::Met)
                    .count();
                let assessed = municipalities
                    .iter()
                    .filter(|m| m.requirements[index].status != Status::NotAssessed)
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
                    met,
                    assessed,
                    harmonisation: harmonise::harmonise(&inputs, req, &options.base),
                }
            })
            .collect();

        let waterbed = waterbed::warnings(&rows, &municipalities);

        Ok(Report {
            apv_version: options.apv_version,
            rule_set: options.rule_set,
            base: options.base.label().to_string(),
            requirements: rows,
            municipalities,
            waterbed,
        })
    }

    /// Whether any municipality had a file that could not be read.
    pub fn has_errors(&self) -> bool {
        self.municipalities.iter().any(|m| !m.errors.is_empty())
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
