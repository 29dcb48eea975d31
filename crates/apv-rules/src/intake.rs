//! The intake of one municipality's files: which are read, which consolidated APV is judged,
//! and what the report must say about the rest.
//!
//! A file that cannot be read becomes a [`Notice::Unreadable`]; a file without articles (a
//! policy in paragraphs) is read by the reader of its form and scanned paragraph by paragraph.
//! Of the documents taken for a consolidated APV, the one judged is the newest (by its
//! valid-from date, else the year in its title); older ones are listed as ignored. APVs
//! that name different municipalities, or another municipality than the one scanned, are not
//! judged. When no APV is judged, every requirement that reads the APV and found nothing
//! operative elsewhere is `not_assessed` with the reason: not read is not absent.

use std::path::PathBuf;

use apv_parser::{Document, ParseOptions};

use crate::context::DocCtx;
use crate::engine;
use crate::rules::RuleSet;
use crate::verdict::{
    DocumentKind, DocumentNote, FileProblem, Ignored, NotRead, Notice, ScanNote, ScanReport,
    ScannedDocument, Status,
};

/// Parses and scans the files of one municipality (see the module documentation).
pub fn scan_files(
    rules: &RuleSet,
    municipality: Option<&str>,
    paths: &[PathBuf],
    opts: &ParseOptions,
) -> ScanReport {
    let mut docs: Vec<(String, Document, bool)> = Vec::new();
    let mut notices = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        match read(p, opts) {
            Ok((doc, plain)) => docs.push((name, doc, plain)),
            Err(problem) => notices.push(Notice::Unreadable {
                file: name,
                problem,
            }),
        }
    }
    judge(rules, municipality, &docs, notices, paths.is_empty())
}

/// Scans documents that were read already (name, document, and whether it was read as plain
/// text, without articles), with the notices about the files that were not: the intake of
/// [`scan_files`] after the reading, for documents that never were files on disk (uploads).
pub fn scan_documents(
    rules: &RuleSet,
    municipality: Option<&str>,
    docs: &[(String, Document, bool)],
    notices: Vec<Notice>,
) -> ScanReport {
    let no_files = docs.is_empty() && notices.is_empty();
    judge(rules, municipality, docs, notices, no_files)
}

/// Chooses the APV to judge and scans: the part of the intake after reading.
fn judge(
    rules: &RuleSet,
    municipality: Option<&str>,
    docs: &[(String, Document, bool)],
    mut notices: Vec<Notice>,
    no_files: bool,
) -> ScanReport {
    let ctxs: Vec<DocCtx<'_>> = docs
        .iter()
        .map(|(name, doc, plain)| {
            let mut c = DocCtx::new(rules, name, doc, None);
            if *plain {
                c.warnings.insert(0, DocumentNote::new(ScanNote::PlainText));
            }
            c
        })
        .collect();

    let judged = select_apv(&ctxs, municipality, &mut notices);
    // The APVs not judged are listed among the documents but not scanned.
    let mut order: Vec<(bool, usize)> = Vec::with_capacity(ctxs.len());
    let mut used: Vec<DocCtx<'_>> = Vec::new();
    let mut unused: Vec<ScannedDocument> = Vec::new();
    for (i, c) in ctxs.into_iter().enumerate() {
        if c.kind != DocumentKind::Apv || judged == Some(i) {
            order.push((true, used.len()));
            used.push(c);
        } else {
            order.push((false, unused.len()));
            unused.push(ScannedDocument {
                path: c.name.clone(),
                kind: c.kind,
                title: c.title.clone(),
                articles: c.doc.articles().count(),
                notes: c.warnings.clone(),
            });
        }
    }
    let kinds: Vec<DocumentKind> = used.iter().map(|c| c.kind).collect();
    // Without a name given, the municipality is the one the judged APV names.
    let named = match municipality {
        Some(_) => None,
        None => judged
            .and_then(|_| used.iter().find(|c| c.kind == DocumentKind::Apv))
            .and_then(named_municipality),
    };
    let mut report = engine::scan_ctxs(rules, municipality.or(named.as_deref()), &used, notices);
    let mut scanned: Vec<Option<ScannedDocument>> = std::mem::take(&mut report.documents)
        .into_iter()
        .map(Some)
        .collect();
    let mut unused: Vec<Option<ScannedDocument>> = unused.into_iter().map(Some).collect();
    report.documents = order
        .into_iter()
        .filter_map(|(was_used, i)| {
            if was_used {
                scanned[i].take()
            } else {
                unused[i].take()
            }
        })
        .collect();

    if judged.is_none() {
        not_read(rules, &kinds, no_files, &mut report);
    }
    report
}

/// Reads one file: its document, and whether it holds no articles. A policy without numbered
/// articles is read by the reader of its form like any other file (an HTML page as a page, a
/// .docx as a Word document) and scanned paragraph by paragraph.
fn read(path: &std::path::Path, opts: &ParseOptions) -> Result<(Document, bool), FileProblem> {
    if let Err(err) = std::fs::metadata(path) {
        return Err(FileProblem::from_io(&err));
    }
    match apv_parser::parse_file_any(path, opts) {
        Ok(d) => {
            let plain = d.articles().next().is_none();
            Ok((d, plain))
        }
        Err(e) => Err(e.kind),
    }
}

/// Chooses the consolidated APV to judge (an index into `ctxs`), adding notices for the APVs
/// that are not judged. `None` when there is none to judge.
fn select_apv(
    ctxs: &[DocCtx<'_>],
    municipality: Option<&str>,
    notices: &mut Vec<Notice>,
) -> Option<usize> {
    let apvs: Vec<usize> = (0..ctxs.len())
        .filter(|&i| ctxs[i].kind == DocumentKind::Apv)
        .collect();
    if apvs.is_empty() {
        if let Some(c) = ctxs.iter().find(|c| c.kind == DocumentKind::Amendment) {
            notices.push(Notice::AmendmentOnly {
                file: c.name.clone(),
            });
        }
        return None;
    }
    let named: Vec<Option<String>> = apvs.iter().map(|&i| named_municipality(&ctxs[i])).collect();
    let mut distinct: Vec<String> = Vec::new();
    for name in named.iter().flatten() {
        if !distinct.iter().any(|d| same_name(d, name)) {
            distinct.push(name.clone());
        }
    }
    if distinct.len() > 1 {
        notices.push(Notice::SeveralMunicipalities { named: distinct });
        return None;
    }
    if let (Some(expected), Some(named)) = (municipality, distinct.first())
        && !same_name(expected, named)
    {
        for &i in &apvs {
            notices.push(Notice::OtherMunicipality {
                file: ctxs[i].name.clone(),
                named: named.clone(),
            });
        }
        return None;
    }
    // The newest: the latest valid-from date, else the latest year in the title; on a tie the
    // first in file order.
    let newest = apvs
        .iter()
        .copied()
        .rev()
        .max_by_key(|&i| date_key(&ctxs[i]))
        .unwrap_or(apvs[0]);
    for &i in &apvs {
        if i != newest {
            notices.push(Notice::Ignored {
                file: ctxs[i].name.clone(),
                because: Ignored::OlderApv {
                    newer: ctxs[newest].name.clone(),
                },
            });
        }
    }
    Some(newest)
}

/// Sets `not_assessed` on every requirement that reads the APV and found nothing operative in
/// the other documents, with the reason no APV was judged.
fn not_read(rules: &RuleSet, kinds: &[DocumentKind], no_files: bool, report: &mut ScanReport) {
    let reason = if no_files {
        NotRead::NoDocuments
    } else if report
        .notices
        .iter()
        .any(|n| matches!(n, Notice::SeveralMunicipalities { .. }))
    {
        NotRead::SeveralMunicipalities
    } else if report
        .notices
        .iter()
        .any(|n| matches!(n, Notice::OtherMunicipality { .. }))
    {
        NotRead::OtherMunicipality
    } else if kinds.contains(&DocumentKind::Amendment) {
        NotRead::AmendmentOnly
    } else if report
        .notices
        .iter()
        .any(|n| matches!(n, Notice::Unreadable { .. }))
    {
        NotRead::ApvUnreadable
    } else {
        NotRead::NoApv
    };
    report.notices.push(Notice::ApvNotRead { reason });
    // Words quoted from an amendment are instructions, not the text in force: only a finding
    // in another regulation or policy (a separate verordening) stands without the APV.
    let kinds: Vec<(String, DocumentKind)> = report
        .documents
        .iter()
        .map(|d| (d.path.clone(), d.kind))
        .collect();
    let stands = |verdict: &crate::verdict::Verdict| {
        matches!(
            verdict.status,
            Status::Met | Status::Partial | Status::OutsideApv
        ) && verdict.evidence.iter().any(|e| {
            kinds.iter().any(|(path, kind)| {
                *path == e.document && !matches!(kind, DocumentKind::Apv | DocumentKind::Amendment)
            })
        })
    };
    for (verdict, req) in report.requirements.iter_mut().zip(rules.requirements()) {
        if !req.documents.contains(&DocumentKind::Apv) || stands(verdict) {
            continue;
        }
        if verdict.status == Status::NotAssessed && verdict.reason != Some(NotRead::NotSupplied) {
            continue;
        }
        verdict.status = Status::NotAssessed;
        verdict.articles.clear();
        verdict.evidence.clear();
        verdict.texts.clear();
        verdict.missing.clear();
        verdict.qualifiers.clear();
        verdict.reason = Some(reason);
        verdict.explanation = format!("Niet beoordeeld: {}.", reason.label_nl());
    }
}

/// The municipality an APV names: its metadata, else its title ("Algemene plaatselijke
/// verordening Almere 2024" → "Almere").
fn named_municipality(c: &DocCtx<'_>) -> Option<String> {
    if let Some(m) = &c.doc.metadata.municipality {
        let m = strip_gemeente(m.trim());
        if !m.is_empty() {
            return Some(m.to_string());
        }
    }
    let title = c.title.as_deref()?;
    let lower = title.to_lowercase();
    let start = ["algemene plaatselijke verordening", "apv"]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))?;
    let rest = title.get(start..)?;
    let mut words: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        let w = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '.'));
        if w.chars().any(|c| c.is_ascii_digit()) || w.is_empty() {
            break;
        }
        words.push(w);
    }
    let name = words.join(" ");
    let name = strip_gemeente(&name);
    // Only a name that starts with a capital (or an apostrophe: 's-Hertogenbosch) is taken.
    name.chars()
        .next()
        .filter(|c| c.is_uppercase() || *c == '\'')
        .map(|_| name.to_string())
}

/// "voor de gemeente Almere" → "Almere".
fn strip_gemeente(name: &str) -> &str {
    let mut rest = name;
    for prefix in ["van de ", "voor de ", "der ", "gemeente ", "Gemeente "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
    }
    rest.trim()
}

/// Whether two municipality names are the same, ignoring case, punctuation and spaces.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// The sort key of an APV's date: its valid-from date (ISO), else the last year in its title.
fn date_key(c: &DocCtx<'_>) -> (String, u32) {
    let from = c
        .doc
        .metadata
        .valid_from
        .clone()
        .filter(|d| d.len() >= 4 && d[..4].bytes().all(|b| b.is_ascii_digit()));
    let year = c
        .title
        .as_deref()
        .map(|t| {
            t.split(|ch: char| !ch.is_ascii_digit())
                .filter(|w| w.len() == 4)
                .filter_map(|w| w.parse::<u32>().ok())
                .rfind(|y| (1900..2200).contains(y))
                .unwrap_or(0)
        })
        .unwrap_or(0);
    match from {
        Some(d) => (d, year),
        None => (year.to_string(), year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_and_punctuation() {
        assert!(same_name("Súdwest-Fryslân", "súdwest fryslân"));
        assert!(!same_name("Urk", "Almere"));
        assert_eq!(strip_gemeente("voor de gemeente Urk"), "Urk");
    }
}
