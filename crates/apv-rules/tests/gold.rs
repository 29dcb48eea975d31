//! The VNG Model-APV against its gold verdicts (`../shared/gold`). Skips when `../shared` is
//! not there.

// The test says when it skips and prints the verdict per requirement.
#![allow(clippy::print_stderr)]

use std::path::Path;

use apv_rules::{RuleSet, scan};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

#[test]
fn model_apv_matches_the_gold_verdicts() {
    // `$APV_SHARED` stands in for `../shared` in a worktree that does not sit next to it.
    let root = std::env::var_os("APV_SHARED");
    let shared = root.as_deref().map_or(Path::new(SHARED), Path::new);
    let doc_path = shared.join("corpus/raw/vng-model-apv-2023.md");
    let gold_path = shared.join("gold/vng-model-apv-2023.requirements.json");
    if !doc_path.exists() || !gold_path.exists() {
        eprintln!("skipped: ../shared not found");
        return;
    }
    let doc = apv_parser::parse_file(&doc_path, &apv_parser::ParseOptions::default())
        .expect("the Model-APV parses");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold readable"))
            .expect("gold is JSON");
    let rules = RuleSet::embedded();
    let report = scan(
        &rules,
        Some("Model"),
        &[("vng-model-apv-2023.md".into(), doc)],
    );
    assert_eq!(report.documents[0].kind, apv_rules::DocumentKind::Apv);
    let mut failures = Vec::new();
    let reqs = gold["requirements"]
        .as_object()
        .expect("requirements object");
    for (id, want) in reqs {
        let v = report
            .requirements
            .iter()
            .find(|v| &v.id == id)
            .unwrap_or_else(|| panic!("no verdict for {id}"));
        let statuses: Vec<&str> = want["status"]
            .as_array()
            .expect("status list")
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        let primary: Vec<&str> = want["primary"]
            .as_array()
            .expect("primary list")
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        let status_ok = statuses.contains(&v.status.as_str());
        let primary_ok =
            primary.is_empty() || v.articles.iter().any(|a| primary.contains(&a.as_str()));
        eprintln!(
            "{id:7} {:15} [{}] {}",
            v.status.as_str(),
            v.articles.join(", "),
            if status_ok && primary_ok {
                "ok"
            } else {
                "FAIL"
            }
        );
        if !status_ok || !primary_ok {
            failures.push(format!(
                "{id}: got {} [{}], want {:?} with one of {:?}: {}",
                v.status.as_str(),
                v.articles.join(", "),
                statuses,
                primary,
                v.explanation
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
