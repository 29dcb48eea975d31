//! One municipality's documents, parsed and checked: what every page of the server shows.
//!
//! Uploads and the files of a municipality folder take the same path: bytes in, parsed
//! [`Document`]s, one [`ScanReport`] and a one-column [`Report`] (for the word diffs against the
//! Model-APV) out. Files that cannot be read become Dutch one-line errors; the others are still
//! checked.

use apv_parser::{Document, ErrorKind, ParseError, ParseOptions, WarningKind};
use apv_report::diff::{Run, RunEvidence, RunMunicipality, RunVerdict};
use apv_report::{Base, Report, ReportOptions};
use apv_rules::{RuleSet, ScanReport};

/// A file as it arrived: its name (as the user's computer named it) and its bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    /// File name, without any folder.
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// One municipality's documents and verdicts.
#[derive(Debug)]
pub struct Analysis {
    /// The municipality's name (given, found in the documents, or "Concept").
    pub name: String,
    /// The documents that could be read, in upload order; names as in the evidence.
    pub documents: Vec<(String, Document)>,
    /// The verdicts.
    pub scan: ScanReport,
    /// The scan as a report of one municipality: Model-APV wording and word diffs.
    pub report: Report,
}

/// The name of a draft whose documents name no municipality.
pub const DRAFT_NAME: &str = "Concept";

/// Parses and checks the files of one municipality. `name` is the municipality's name when the
/// user gave one; otherwise the first document that names its municipality decides.
pub fn analyse(
    rules: &RuleSet,
    name: Option<&str>,
    files: &[Upload],
    max_file_size: u64,
) -> Analysis {
    let opts = ParseOptions {
        max_file_size,
        form: None,
    };
    let mut documents: Vec<(String, Document)> = Vec::new();
    let mut plain: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for file in files {
        let doc_name = unique_name(&file.name, &documents);
        match read(file, &doc_name, &opts) {
            Ok((doc, as_plain)) => {
                if as_plain {
                    plain.push(doc_name.clone());
                }
                documents.push((doc_name, doc));
            }
            Err(e) => errors.push(error_nl(&file.name, &e)),
        }
    }
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .or_else(|| {
            documents
                .iter()
                .find_map(|(_, d)| d.metadata.municipality.clone())
        })
        .unwrap_or_else(|| DRAFT_NAME.to_string());
    let mut scan = apv_rules::scan(rules, Some(&name), &documents);
    scan.errors = errors;
    for d in &mut scan.documents {
        if plain.contains(&d.path) {
            d.warnings.insert(
                0,
                "no articles found: read as plain text, paragraph by paragraph".into(),
            );
        }
    }
    let report = Report::build(
        vec![scan.clone()],
        ReportOptions::for_rules(rules, Base::Model),
    )
    .expect("one municipality cannot clash with itself, and the base is the model");
    Analysis {
        name,
        documents,
        scan,
        report,
    }
}

/// Reads one file; a text without articles is read as plain text (a policy in paragraphs),
/// which the second value says.
fn read(file: &Upload, name: &str, opts: &ParseOptions) -> Result<(Document, bool), ParseError> {
    match apv_parser::parse_bytes(&file.bytes, name, opts) {
        Ok(doc) => Ok((doc, false)),
        Err(e) if matches!(e.kind, ErrorKind::NoStructure { .. }) => {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => Ok((apv_rules::plain_document(text, name), true)),
                Err(_) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// The file name, with a number added when an earlier document of the upload has it already.
fn unique_name(name: &str, taken: &[(String, Document)]) -> String {
    let base = if name.trim().is_empty() {
        "document"
    } else {
        name.trim()
    };
    let mut candidate = base.to_string();
    let mut n = 1;
    while taken.iter().any(|(t, _)| *t == candidate) {
        n += 1;
        candidate = format!("{base} ({n})");
    }
    candidate
}

/// A parse error as one Dutch line that names the file.
pub fn error_nl(file: &str, error: &ParseError) -> String {
    let what = match &error.kind {
        ErrorKind::Io(e) => format!("het bestand kon niet worden gelezen ({e})"),
        ErrorKind::Empty => "het bestand is leeg".to_string(),
        ErrorKind::Binary { what } => {
            format!(
                "dit is geen tekstdocument ({what}); lever Word, PDF, XML, HTML, Markdown of tekst aan"
            )
        }
        ErrorKind::TooLarge { size, limit } => format!(
            "het bestand is te groot ({} bytes; de grens is {} bytes)",
            size, limit
        ),
        ErrorKind::Malformed { form, detail } => {
            format!("het bestand is beschadigd of te groot om veilig te lezen ({form}: {detail})")
        }
        ErrorKind::Unsupported { detail } => {
            format!("deze vorm kan hier niet worden gelezen ({detail})")
        }
        ErrorKind::NoStructure { .. } => {
            "geen artikelen gevonden; is dit een verordening of beleidsregel?".to_string()
        }
        _ => format!("het bestand kon niet worden gelezen ({})", error.kind),
    };
    format!("{file}: {what}")
}

/// A Dutch label for a parser warning.
pub fn warning_label(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::DuplicateArticle => "Twee artikelen met hetzelfde nummer",
        WarningKind::OutOfSequence => "Artikelnummer lager dan het vorige",
        WarningKind::MemberGap => "Leden overgeslagen in de nummering",
        WarningKind::EmptyHeading => "Kop zonder tekst",
        WarningKind::Encoding => "Tekencodering: gelezen als Windows-1252",
        WarningKind::TrackedChanges => "Niet-geaccepteerde wijzigingen (gelezen als geaccepteerd)",
        WarningKind::HistoricalVersion => "Historische of ingetrokken versie",
        WarningKind::UnresolvedReference => "Verwijzing naar een artikel dat niet bestaat",
        _ => "Opmerking bij het lezen",
    }
}

/// The verdicts of an analysis as a run for [`apv_report::diff`]. Evidence is keyed on the
/// article and the quoted words only: a newer version of a draft usually has another file name.
pub fn as_run(analysis: &Analysis) -> Run {
    Run {
        rule_set: Some(analysis.scan.rule_set.clone()),
        municipalities: vec![RunMunicipality {
            name: analysis.name.clone(),
            errors: Vec::new(),
            requirements: analysis
                .scan
                .requirements
                .iter()
                .map(|v| RunVerdict {
                    id: v.id.clone(),
                    title: v.title.clone(),
                    status: v.status,
                    articles: v.articles.clone(),
                    missing: v.missing.clone(),
                    evidence: v
                        .evidence
                        .iter()
                        .map(|e| RunEvidence {
                            document: String::new(),
                            article: e.article.clone(),
                            quote: e.quote.clone(),
                            line: e.line,
                        })
                        .collect(),
                })
                .collect(),
        }],
    }
}
