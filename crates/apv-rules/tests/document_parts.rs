//! Explanation, signature and annexes are never operative text: a sector that a Bibob policy
//! names only in its toelichting is not in its scope, in a policy with numbered articles and
//! in one written in paragraphs, whatever the form (Markdown, HTML, .docx). A policy without
//! articles is read by the reader of its form: an HTML page is not scanned as HTML source, a
//! .docx is not refused as "not UTF-8 text".

use std::path::{Path, PathBuf};

use apv_rules::{RuleSet, ScanReport, Status, scan_files};

#[path = "../../apv-parser/tests/common/docx.rs"]
mod docx;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/parts")
        .join(name)
}

fn scan(path: &Path) -> ScanReport {
    scan_files(
        &RuleSet::embedded(),
        Some("Wolderwijk"),
        &[path.to_path_buf()],
        &apv_parser::ParseOptions::default(),
    )
}

fn status(report: &ScanReport, id: &str) -> Status {
    report
        .requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("requirement {id}"))
        .status
}

/// Horeca (3.5a) is in the operative text; seks- en escortbedrijven (3.5e), speelautomaten
/// (3.5c) and coffeeshops (3.5d, only in a script) are not.
fn check(report: &ScanReport) {
    assert!(
        !report
            .notices
            .iter()
            .any(|n| matches!(n, apv_rules::Notice::Unreadable { .. })),
        "{:?}",
        report.notices
    );
    assert_eq!(report.documents.len(), 1);
    assert_eq!(status(report, "3.5a"), Status::Met);
    for id in ["3.5c", "3.5d", "3.5e"] {
        assert_ne!(status(report, id), Status::Met, "{id}");
    }
}

#[test]
fn a_toelichting_after_the_articles_is_not_the_policys_scope() {
    check(&scan(&fixture("bibob-wolderwijk.md")));
}

#[test]
fn an_html_policy_without_articles_is_read_as_a_page_not_as_source() {
    let report = scan(&fixture("bibob-wolderwijk-zonder-artikelen.html"));
    check(&report);
    let doc = &report.documents[0];
    assert!(
        doc.notes
            .iter()
            .any(|n| n.kind == apv_rules::ScanNote::PlainText.into()),
        "{:?}",
        doc.notes
    );
}

#[test]
fn a_docx_policy_without_articles_is_read_by_the_docx_reader() {
    use docx::W;
    let para = |style: Option<&str>, text: &str| {
        let ppr = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        format!("<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    };
    let body = [
        para(Some("Titel"), "Beleidsregel Bibob gemeente Wolderwijk 2024"),
        para(None, "De burgemeester van Wolderwijk;"),
        para(Some("Kop1"), "Reikwijdte"),
        para(
            None,
            "De burgemeester past de Wet Bibob toe bij iedere aanvraag om een exploitatievergunning voor een horecabedrijf of een alcoholvergunning.",
        ),
        para(None, "Aldus vastgesteld op 1 maart 2024."),
        para(Some("Kop1"), "Toelichting"),
        para(
            None,
            "De burgemeester past de Wet Bibob toe bij iedere aanvraag om een vergunning voor een seksbedrijf of een escortbedrijf, en bij iedere aanvraag om een vergunning voor een speelautomatenhal.",
        ),
    ]
    .concat();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:styleId=\"Titel\"><w:name w:val=\"Title\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style>\
         </w:styles>"
    );
    let bytes = docx::package(&[
        ("word/document.xml", &document),
        ("word/styles.xml", &styles),
    ]);
    let dir = std::env::temp_dir().join(format!("apv-parts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bibob-wolderwijk.docx");
    std::fs::write(&path, bytes).unwrap();
    let report = scan(&path);
    std::fs::remove_dir_all(&dir).unwrap();
    check(&report);
}
