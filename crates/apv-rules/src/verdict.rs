//! The result of checking one municipality: a verdict per requirement, with evidence.
//!
//! These types are part of the report JSON of `apv scan`, `apv compare` and `apv diff` (its
//! schema is `schema/report.schema.json`): field names and codes are a contract with other tools.
//! Reports render the codes in Dutch; the JSON keeps the codes.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How far a requirement is met. The vocabulary is fixed: reports and other tools key on it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// Every element of the requirement this quote proves, in Dutch (the rule's labels): one
    /// quote per sentence, however many elements it shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proves: Vec<String>,
    /// The words that matched, as byte ranges in the document's normalised text (inside
    /// `start..end`), so that a viewer can highlight them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<MatchedWords>,
}

/// Words of a quote that matched a rule, as a byte range in the document's normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MatchedWords {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// The verdict on one requirement for one municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Why the status is `not_assessed`: which document was not read. `None` for other statuses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotRead>,
    /// A fingerprint of the quoted words ([`Verdict::text_fingerprint`]), set by the report: a
    /// recorded decision names it, so that a change of the cited text shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
}

impl Verdict {
    /// A fingerprint of the words this verdict quotes: the first 16 hex digits of the SHA-256
    /// of its quotes (white space folded, one per line), independent of file names and lines.
    pub fn text_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for e in &self.evidence {
            let quote: Vec<&str> = e.quote.split_whitespace().collect();
            hasher.update(quote.join(" ").as_bytes());
            hasher.update(b"\n");
        }
        let digest = hasher.finalize();
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

/// Why a requirement was not assessed: the documents it reads were not read. Reports show the
/// Dutch label ([`NotRead::label_nl`]); the JSON keeps the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotRead {
    /// The policy or regulation the requirement reads was not supplied (no Bibob policy).
    NotSupplied,
    /// No documents at all were supplied for the municipality.
    NoDocuments,
    /// No APV was read, and a file could not be read (unreadable, too large, empty): it may
    /// have been the APV.
    ApvUnreadable,
    /// Documents were read, but none is a consolidated APV.
    NoApv,
    /// Only an amendment decision (wijzigingsbesluit) was supplied, not the consolidated APV.
    AmendmentOnly,
    /// APVs of more than one municipality were supplied, so it is unclear which one to judge.
    SeveralMunicipalities,
    /// The APV names another municipality than the one it was supplied for.
    OtherMunicipality,
    /// The scan gave no verdict on this requirement (a rule set without it).
    NoVerdict,
}

impl NotRead {
    /// The Dutch explanation for reports.
    pub fn label_nl(self) -> &'static str {
        match self {
            NotRead::NotSupplied => "het document waar deze eis om vraagt is niet aangeleverd",
            NotRead::NoDocuments => "er zijn geen documenten aangeleverd",
            NotRead::ApvUnreadable => {
                "er is geen APV gelezen; niet elk aangeleverd bestand kon worden gelezen"
            }
            NotRead::NoApv => "er is geen geconsolideerde APV aangeleverd",
            NotRead::AmendmentOnly => {
                "alleen een wijzigingsbesluit is aangeleverd, geen geconsolideerde APV"
            }
            NotRead::SeveralMunicipalities => "er zijn APV's van meer dan één gemeente aangeleverd",
            NotRead::OtherMunicipality => "de APV is van een andere gemeente",
            NotRead::NoVerdict => "de scan gaf geen oordeel over deze eis",
        }
    }
}

/// The text of one article a verdict relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleSetInfo {
    /// Rule set id (`flevolandse-norm`).
    pub id: String,
    /// Rule set version (`2021.1`).
    pub version: String,
    /// SHA-256 of the rule files' content, hex.
    pub hash: String,
}

/// One document a scan read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScannedDocument {
    /// File name as given.
    pub path: String,
    /// What kind of document it was taken to be.
    pub kind: DocumentKind,
    /// Regulation or policy title, when found.
    pub title: Option<String>,
    /// Number of articles found.
    pub articles: usize,
    /// What a reader of the document should know about how it was read (duplicate articles,
    /// references to articles that are not there, an amendment rather than a consolidated text).
    pub notes: Vec<DocumentNote>,
}

/// The result of scanning one municipality's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScanReport {
    /// Municipality name, when given.
    pub municipality: Option<String>,
    /// The rule set used.
    pub rule_set: RuleSetInfo,
    /// The documents read.
    pub documents: Vec<ScannedDocument>,
    /// Files that were not read or not used, and why.
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// One verdict per requirement, in rule-set order.
    pub requirements: Vec<Verdict>,
}

/// Something about the input a reader of the report must know: a file that was not read, a
/// document that was read but not used, an APV that could not be judged. Reports render it in
/// Dutch from its kind and fields; the JSON keeps both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A file could not be read.
    Unreadable {
        /// The file.
        file: String,
        /// What is wrong with it.
        problem: FileProblem,
    },
    /// A folder holds no documents.
    EmptyFolder {
        /// The folder.
        folder: String,
    },
    /// A folder nested deeper than the limit was not read.
    TooDeep {
        /// The folder.
        folder: String,
        /// The depth limit.
        limit: usize,
    },
    /// A link to a folder above it; not followed.
    FolderLoop {
        /// The link.
        folder: String,
        /// Where it leads.
        target: String,
    },
    /// A file that was read (or seen) but not used for the verdicts.
    Ignored {
        /// The file.
        file: String,
        /// Why it was not used.
        because: Ignored,
    },
    /// Only an amendment decision (wijzigingsbesluit) was supplied, no consolidated APV.
    AmendmentOnly {
        /// The amendment decision.
        file: String,
    },
    /// The APV names another municipality than the one it was supplied for.
    OtherMunicipality {
        /// The APV.
        file: String,
        /// The municipality it names.
        named: String,
    },
    /// APVs of more than one municipality were supplied together.
    SeveralMunicipalities {
        /// The municipalities named by the APVs.
        named: Vec<String>,
    },
    /// The APV requirements were not assessed: no APV was read.
    ApvNotRead {
        /// Why.
        reason: NotRead,
    },
}

impl Notice {
    /// Whether the notice means part of a municipality's input was not read or not judged
    /// (what `--strict` refuses), as opposed to a file deliberately left aside (an older APV, a
    /// file outside every municipality's folder).
    pub fn is_problem(&self) -> bool {
        !matches!(self, Notice::Ignored { .. })
    }
}

/// Why a file was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Ignored {
    /// A consolidated APV older than another one of the same municipality.
    OlderApv {
        /// The newer APV that was judged instead.
        newer: String,
    },
    /// A file at the top of a compared folder, outside every municipality's folder.
    OutsideMunicipality,
}

/// Why a file could not be read: the parser's [`apv_parser::ErrorKind`], one list for the
/// parser's errors and the report's notices.
pub use apv_parser::ErrorKind as FileProblem;

/// The parser's warnings, which a [`NoteKind`] wraps.
pub use apv_parser::WarningKind;

/// A remark on how a document was read. Reports render it in Dutch from its kind and fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentNote {
    /// What the remark is about.
    pub kind: NoteKind,
    /// 1-based line in the document, when the remark is about a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The article concerned: the one at that line, or, for a reference that cannot be
    /// resolved, the article referred to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// Kinds of [`DocumentNote`]: a remark of the parser on how it read the document, or one of the
/// scan on how it used it. The JSON is the remark's name either way (`"member_gap"`,
/// `"plain_text"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum NoteKind {
    /// The parser's warning.
    Reading(WarningKind),
    /// A remark of the scan.
    Scan(ScanNote),
}

/// Remarks of the scan on how it used a document (see [`NoteKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanNote {
    /// No articles were found: the text was read paragraph by paragraph.
    PlainText,
    /// An amendment decision: its articles are instructions, not the text in force.
    AmendmentText,
    /// An amendment decision not used, because a consolidated APV was supplied.
    AmendmentNotUsed,
}

impl From<WarningKind> for NoteKind {
    fn from(w: WarningKind) -> NoteKind {
        NoteKind::Reading(w)
    }
}

impl From<ScanNote> for NoteKind {
    fn from(n: ScanNote) -> NoteKind {
        NoteKind::Scan(n)
    }
}

impl DocumentNote {
    /// A note without a place.
    pub fn new(kind: impl Into<NoteKind>) -> DocumentNote {
        DocumentNote {
            kind: kind.into(),
            line: None,
            article: None,
        }
    }

    /// The notes of the parser's warnings on `doc`, with the article each is about.
    pub fn of_document(doc: &apv_parser::Document) -> Vec<DocumentNote> {
        use apv_parser::{NodeKind, RefTarget, WarningKind as W};
        // Looked up once, not per warning: a long APV with many warnings would otherwise walk
        // every node (and every reference) for each of them.
        let mut articles: Vec<(u32, Option<&String>)> = doc
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Article)
            .map(|n| (n.line, n.number.as_ref()))
            .collect();
        // Stable: of articles on one line, the last in the document wins, as before.
        articles.sort_by_key(|a| a.0);
        let mut unresolved: HashMap<u32, &String> = HashMap::new();
        for r in &doc.references {
            if let RefTarget::Unresolved { article } = &r.target {
                unresolved
                    .entry(doc.line_of(r.span.start))
                    .or_insert(article);
            }
        }
        let mut notes: Vec<DocumentNote> = doc
            .warnings
            .iter()
            .map(|w| {
                let kind = NoteKind::Reading(w.kind);
                let article = match (kind, w.line) {
                    (NoteKind::Reading(W::UnresolvedReference), Some(line)) => {
                        unresolved.get(&line).map(|a| a.to_string())
                    }
                    (_, Some(line)) => {
                        let i = articles.partition_point(|a| a.0 <= line);
                        i.checked_sub(1)
                            .and_then(|i| articles[i].1)
                            .map(|n| n.to_string())
                    }
                    (_, None) => None,
                };
                DocumentNote {
                    kind,
                    line: w.line,
                    article,
                }
            })
            .collect();
        let historical = NoteKind::Reading(W::HistoricalVersion);
        if doc.metadata.historical && !notes.iter().any(|n| n.kind == historical) {
            notes.push(DocumentNote::new(historical));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_kinds_are_the_parsers_warnings_and_the_scans_remarks_by_name() {
        let cases = [
            (NoteKind::Reading(WarningKind::MemberGap), "\"member_gap\""),
            (NoteKind::Reading(WarningKind::Other), "\"other\""),
            (ScanNote::PlainText.into(), "\"plain_text\""),
            (ScanNote::AmendmentNotUsed.into(), "\"amendment_not_used\""),
        ];
        for (kind, json) in cases {
            assert_eq!(serde_json::to_string(&kind).unwrap(), json);
            assert_eq!(serde_json::from_str::<NoteKind>(json).unwrap(), kind);
        }
        assert!(serde_json::from_str::<NoteKind>("\"no_such_note\"").is_err());
    }

    #[test]
    fn a_file_problem_is_the_parsers_error_kind() {
        let err = apv_parser::parse_text("", "leeg.txt").unwrap_err();
        let notice = Notice::Unreadable {
            file: "leeg.txt".into(),
            problem: err.kind,
        };
        let json = serde_json::to_value(&notice).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "unreadable", "file": "leeg.txt", "problem": {"problem": "empty"}})
        );
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), notice);
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(FileProblem::from_io(&missing), FileProblem::NotFound);
    }
}
