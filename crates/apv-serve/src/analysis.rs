//! One municipality's documents, parsed and checked: what every page of the server shows.
//!
//! Uploads and the files of a municipality folder take the same path: bytes in, parsed
//! [`Document`]s, one [`ScanReport`] and a one-column [`Report`] (for the word diffs against the
//! Model-APV) out. Files that cannot be read become notices (shown in Dutch); the others are
//! still checked.

use apv_parser::{Document, ParseOptions, WarningKind};
use apv_report::{Base, Report, ReportOptions};
use apv_rules::{FileProblem, Notice, RuleSet, ScanReport};

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

/// Parses and checks the files of one municipality, with the intake of `apv scan` (which APV is
/// judged, what is not read). `name` is the municipality's name when the user gave one;
/// otherwise the judged APV names it, or the draft is called [`DRAFT_NAME`]. `notices` are
/// problems found before parsing (a file refused while it arrived).
pub fn analyse(
    rules: &RuleSet,
    name: Option<&str>,
    files: &[Upload],
    notices: Vec<Notice>,
    max_file_size: u64,
) -> Analysis {
    let opts = ParseOptions {
        max_file_size,
        form: None,
    };
    let mut read_docs: Vec<(String, Document, bool)> = Vec::new();
    let mut notices = notices;
    for file in files {
        let taken: Vec<&str> = read_docs.iter().map(|(n, _, _)| n.as_str()).collect();
        let doc_name = unique_name(&file.name, &taken);
        match read(file, &doc_name, &opts) {
            Ok(doc) => {
                let plain = doc.articles().next().is_none();
                read_docs.push((doc_name, doc, plain));
            }
            Err(problem) => notices.push(Notice::Unreadable {
                file: doc_name,
                problem,
            }),
        }
    }
    let given = name.map(str::trim).filter(|n| !n.is_empty());
    let mut scan = apv_rules::scan_documents(rules, given, &read_docs, notices);
    let name = scan
        .municipality
        .clone()
        .unwrap_or_else(|| DRAFT_NAME.to_string());
    scan.municipality = Some(name.clone());
    let report = Report::build(
        vec![scan.clone()],
        ReportOptions::for_rules(rules, Base::Model),
    )
    .expect("one municipality cannot clash with itself, and the base is the model");
    Analysis {
        name,
        documents: read_docs.into_iter().map(|(n, d, _)| (n, d)).collect(),
        scan,
        report,
    }
}

/// Reads one file as `apv scan` does: a document without numbered articles (a policy written in
/// paragraphs) is read too.
fn read(file: &Upload, name: &str, opts: &ParseOptions) -> Result<Document, FileProblem> {
    apv_parser::parse_bytes_any(&file.bytes, name, opts).map_err(|e| e.kind)
}

/// The file name, with a number added when an earlier document of the upload has it already.
fn unique_name(name: &str, taken: &[&str]) -> String {
    let base = if name.trim().is_empty() {
        "document"
    } else {
        name.trim()
    };
    let mut candidate = base.to_string();
    let mut n = 1;
    while taken.contains(&candidate.as_str()) {
        n += 1;
        candidate = format!("{base} ({n})");
    }
    candidate
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
