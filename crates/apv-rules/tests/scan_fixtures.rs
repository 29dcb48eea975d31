//! Scan output (JSON) of the fixture municipalities in `fixtures/scan/`, pinned by reviewed
//! snapshots.

use std::path::{Path, PathBuf};

use apv_rules::{RuleSet, scan_files};

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/scan")
        .join(name)
}

fn scan_dir(name: &str) -> serde_json::Value {
    let dir = fixture_dir(name);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let report = scan_files(
        &RuleSet::embedded(),
        Some(name),
        &paths,
        &apv_parser::ParseOptions::default(),
    );
    let prefix = format!("{}/", dir.display());
    let json = serde_json::to_string(&report)
        .expect("serialisable")
        .replace(&prefix, "");
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    // The hash changes with every rule edit; the snapshot is about the verdicts.
    v["rule_set"]["hash"] = serde_json::Value::String("[hash]".into());
    v
}

#[test]
fn lindewaard_meets_every_requirement() {
    let v = scan_dir("lindewaard");
    for r in v["requirements"].as_array().expect("list") {
        assert_eq!(r["status"], "met", "{}", r["id"]);
    }
    insta::assert_json_snapshot!("scan-lindewaard", v);
}

#[test]
fn veenhoven_shows_the_shortfalls() {
    let v = scan_dir("veenhoven");
    insta::assert_json_snapshot!("scan-veenhoven", v);
}

#[test]
fn an_amendment_alone_is_recognised_and_warned_about() {
    let v = scan_dir("amendment");
    assert_eq!(v["documents"][0]["kind"], "amendment");
    insta::assert_json_snapshot!("scan-amendment", v);
}

#[test]
fn unreadable_files_are_reported_and_the_rest_is_scanned() {
    let dir = fixture_dir("lindewaard");
    let paths = vec![dir.join("apv-lindewaard.md"), dir.join("does-not-exist.md")];
    let report = scan_files(
        &RuleSet::embedded(),
        None,
        &paths,
        &apv_parser::ParseOptions::default(),
    );
    assert_eq!(report.documents.len(), 1);
    assert_eq!(report.notices.len(), 1);
    assert!(
        matches!(
            &report.notices[0],
            apv_rules::Notice::Unreadable { file, problem: apv_rules::FileProblem::NotFound }
                if file.ends_with("does-not-exist.md")
        ),
        "{:?}",
        report.notices
    );
    assert_eq!(report.requirements[0].status, apv_rules::Status::Met);
}
