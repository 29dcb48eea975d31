//! The result of checking one municipality: a verdict per requirement, with evidence.
//!
//! These types are the JSON output of `apv scan` and the input of the report: field names are a
//! contract with other tools.

use serde::{Deserialize, Serialize};

/// How far a requirement is met. The vocabulary is fixed: reports and other tools key on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// An operative provision is present, in force, with every element of the requirement.
    Met,
    /// An operative provision is present but misses an element (named in `missing`).
    Partial,
    /// Nothing relevant was found.
    Absent,
    /// The matching article is there but vervallen / gereserveerd.
    Repealed,
    /// The documents hand the subject to another instrument (a separate verordening, national law).
    OutsideApv,
    /// Only a definition, a "gelet op" line or a reference to national law; no rule of its own.
    ReferenceOnly,
    /// The documents needed were not supplied (no Bibob policy, no Damocles policy).
    NotAssessed,
}

impl Status {
    /// All statuses, best first.
    pub const ALL: [Status; 7] = [
        Status::Met,
        Status::Partial,
        Status::OutsideApv,
        Status::ReferenceOnly,
        Status::Repealed,
        Status::Absent,
        Status::NotAssessed,
    ];

    /// The status as written in JSON and rule files (`outside_apv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Absent => "absent",
            Status::Repealed => "repealed",
            Status::OutsideApv => "outside_apv",
            Status::ReferenceOnly => "reference_only",
            Status::NotAssessed => "not_assessed",
        }
    }

    /// The Dutch label for reports ("voldoet", "deels").
    pub fn label_nl(self) -> &'static str {
        match self {
            Status::Met => "voldoet",
            Status::Partial => "deels",
            Status::Absent => "ontbreekt",
            Status::Repealed => "vervallen",
            Status::OutsideApv => "buiten APV",
            Status::ReferenceOnly => "alleen verwijzing",
            Status::NotAssessed => "niet beoordeeld",
        }
    }

    /// Whether the barrier is lacking (absent, repealed, partial, reference only): what a
    /// waterbed warning looks for.
    pub fn is_lacking(self) -> bool {
        matches!(
            self,
            Status::Partial | Status::Absent | Status::Repealed | Status::ReferenceOnly
        )
    }
}

/// Words quoted from a document in support of a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The document (file name as given) the words come from.
    pub document: String,
    /// Normalised number of the article quoted, when the words are inside an article.
    pub article: Option<String>,
    /// The element of the requirement these words show (`permit`, `levensgedrag` …).
    #[serde(default)]
    pub element: Option<String>,
    /// The quoted words, as in the normalised text.
    pub quote: String,
    /// 1-based line in the original document.
    pub line: u32,
    /// Start byte in the document's normalised text.
    pub start: usize,
    /// End byte in the document's normalised text.
    pub end: usize,
}

/// The verdict on one requirement for one municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Requirement id (`3.2.1`, `3.2.2a`, `3.5c`, `3.7`).
    pub id: String,
    /// Requirement title (Dutch, from the rule file).
    pub title: String,
    /// The status.
    pub status: Status,
    /// Normalised numbers of the articles relied on, primary first.
    pub articles: Vec<String>,
    /// Quoted words with their places.
    pub evidence: Vec<Evidence>,
    /// Elements of the requirement not found (for `partial`; names from the rule file).
    pub missing: Vec<String>,
    /// A short Dutch explanation a policy officer can act on.
    pub explanation: String,
    /// The normalised text of the articles relied on (primary first), for harmonisation scores
    /// and diffs in the report. Empty when no article was relied on.
    #[serde(default)]
    pub texts: Vec<ArticleText>,
    /// How the provision applies, when the rule records it: `standaard` (always applied) or
    /// `kan-bepaling` (may be applied) for the Bibob sectors. Names come from the rule file.
    #[serde(default)]
    pub qualifiers: Vec<String>,
    /// A person must look: an article's title matches the requirement strongly, but its text was
    /// not recognised (the explanation starts with "Titel komt overeen, inhoud niet herkend:
    /// controleer"). Written to JSON only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub review: bool,
}

/// The text of one article a verdict relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleText {
    /// The document it comes from.
    pub document: String,
    /// Normalised article number.
    pub article: String,
    /// Article title, when it has one.
    pub title: Option<String>,
    /// The article's normalised text, heading excluded.
    pub text: String,
}

/// What kind of document a file is, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A consolidated Algemene plaatselijke verordening.
    Apv,
    /// An amendment decision (wijzigingsbesluit); not a consolidated APV.
    Amendment,
    /// Bibob beleidsregels / beleidslijn.
    BibobPolicy,
    /// Damocles policy (Opiumwet art. 13b).
    DamoclesPolicy,
    /// A separate verordening (speelautomatenhallen, horeca …).
    OtherRegulation,
    /// Other beleidsregels or aanwijzingsbesluiten.
    OtherPolicy,
}

/// Identity of the rule set a scan used, so that runs can be compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetInfo {
    /// Rule set id (`flevolandse-norm`).
    pub id: String,
    /// Rule set version (`2021.1`).
    pub version: String,
    /// SHA-256 of the rule files' content, hex.
    pub hash: String,
}

/// One document a scan read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScannedDocument {
    /// File name as given.
    pub path: String,
    /// What kind of document it was taken to be.
    pub kind: DocumentKind,
    /// Regulation or policy title, when found.
    pub title: Option<String>,
    /// Number of articles found.
    pub articles: usize,
    /// Parser and scan warnings, one line each.
    pub warnings: Vec<String>,
}

/// The result of scanning one municipality's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Municipality name, when given.
    pub municipality: Option<String>,
    /// The rule set used.
    pub rule_set: RuleSetInfo,
    /// The documents read.
    pub documents: Vec<ScannedDocument>,
    /// Files that could not be read, one line each (file and problem).
    #[serde(default)]
    pub errors: Vec<String>,
    /// One verdict per requirement, in rule-set order.
    pub requirements: Vec<Verdict>,
}
