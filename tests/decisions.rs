//! Accepted findings: a decision recorded in `apv-besluiten.toml` beside a municipality's
//! documents shows next to the computed verdict in text, Markdown, CSV, HTML and JSON, survives
//! a rerun, and is flagged (also by `apv diff`) once the status or the cited text changes; a
//! requirement the rule set marks as not counted stays out of the share.

mod common;

use std::path::{Path, PathBuf};

use common::{apv, code, root, stderr, stdout};
use serde_json::Value;

const REASON: &str =
    "Het sluitingsartikel staat in de Gemeentewet; de raad kiest bewust voor artikel 174a.";

/// Urk and Almere of the demo set, copied to a folder of their own.
fn two(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apv-decisions-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for name in ["Urk", "Almere"] {
        std::fs::create_dir_all(dir.join(name)).unwrap();
        for f in std::fs::read_dir(root().join("fixtures/flevoland").join(name)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), dir.join(name).join(f.file_name())).unwrap();
        }
    }
    dir
}

fn compare(dir: &Path, format: &str) -> String {
    let out = apv(&[
        "compare",
        dir.to_str().unwrap(),
        "--format",
        format,
        "--width",
        "200",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

fn verdict<'a>(report: &'a Value, municipality: &str, id: &str) -> &'a Value {
    report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == municipality)
        .unwrap()["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap()
}

fn decisions(report: &Value, municipality: &str) -> Vec<Value> {
    report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == municipality)
        .unwrap()["decisions"]
        .as_array()
        .unwrap()
        .clone()
}

/// Records the analyst's acceptance of Urk's 3.2.1 verdict as the report gives it now.
fn accept(dir: &Path) {
    let report: Value = serde_json::from_str(&compare(dir, "json")).unwrap();
    let v = verdict(&report, "Urk", "3.2.1");
    let toml = format!(
        "# Besluiten van de analist\n[[besluit]]\neis = \"3.2.1\"\nstatus = \"{}\"\nvingerafdruk = \"{}\"\noordeel = \"geaccepteerd\"\nreden = \"{REASON}\"\ndatum = 2026-12-01\n",
        v["status"].as_str().unwrap(),
        v["fingerprint"].as_str().unwrap()
    );
    std::fs::write(dir.join("Urk/apv-besluiten.toml"), toml).unwrap();
}

#[test]
fn a_decision_shows_beside_the_verdict_in_every_format_and_survives_a_rerun() {
    let dir = two("formats");
    accept(&dir);
    let first: Value = serde_json::from_str(&compare(&dir, "json")).unwrap();
    let d = &decisions(&first, "Urk")[0];
    assert_eq!(d["requirement"], "3.2.1");
    assert_eq!(d["decision"], "accepted");
    assert_eq!(d["state"], "current", "{d:#}");
    // Beside, never instead of: the computed verdict is unchanged.
    assert_eq!(verdict(&first, "Urk", "3.2.1")["status"], "reference_only");
    // The decisions file is not a document.
    let docs = first["municipalities"][1]["documents"].to_string();
    assert!(!docs.contains("apv-besluiten"), "{docs}");

    for format in ["text", "md", "csv", "html"] {
        let text = compare(&dir, format)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("geaccepteerd"), "{format}");
        assert!(
            text.contains("de raad kiest bewust voor artikel 174a"),
            "{format}"
        );
        assert!(!text.contains("past niet meer"), "{format}");
    }
    let scan = apv(&["scan", dir.join("Urk").to_str().unwrap(), "--width", "200"]);
    assert!(
        stdout(&scan).contains("besluit: geaccepteerd op 2026-12-01"),
        "{}",
        stdout(&scan)
    );

    // A rerun reads the same file and gives the same report.
    let second: Value = serde_json::from_str(&compare(&dir, "json")).unwrap();
    assert_eq!(decisions(&second, "Urk"), decisions(&first, "Urk"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_decision_that_no_longer_fits_is_flagged_in_reports_and_diff() {
    let dir = two("stale");
    accept(&dir);
    let before = dir.join("before.json");
    std::fs::write(&before, compare(&dir, "json")).unwrap();

    // The cited article gets other words: same status, other text.
    let apv_file = dir.join("Urk/apv-urk.md");
    let text = std::fs::read_to_string(&apv_file).unwrap();
    let quote = {
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&before).unwrap()).unwrap();
        verdict(&report, "Urk", "3.2.1")["evidence"][0]["quote"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first_word = quote.split_whitespace().next().unwrap().to_string();
    let changed = text.replacen(
        &quote,
        &quote.replacen(&first_word, "Voortaan is het", 1),
        1,
    );
    assert_ne!(changed, text, "the quote is in the APV");
    std::fs::write(&apv_file, changed).unwrap();

    let after_text = compare(&dir, "json");
    let after: Value = serde_json::from_str(&after_text).unwrap();
    let d = &decisions(&after, "Urk")[0];
    assert_eq!(d["state"], "text_changed", "{d:#}");
    for format in ["text", "md", "csv", "html"] {
        let words = compare(&dir, format)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains("het besluit past niet meer"), "{format}");
    }
    let after_file = dir.join("after.json");
    std::fs::write(&after_file, after_text).unwrap();
    let out = apv(&[
        "diff",
        before.to_str().unwrap(),
        after_file.to_str().unwrap(),
    ]);
    let diff = stdout(&out);
    assert!(
        diff.contains("besluit bij 3.2.1") && diff.contains("past niet meer"),
        "{diff}"
    );

    // Recorded on another status: flagged as such.
    let toml = std::fs::read_to_string(dir.join("Urk/apv-besluiten.toml")).unwrap();
    std::fs::write(
        dir.join("Urk/apv-besluiten.toml"),
        toml.replace("reference_only", "absent"),
    )
    .unwrap();
    let report: Value = serde_json::from_str(&compare(&dir, "json")).unwrap();
    assert_eq!(decisions(&report, "Urk")[0]["state"], "status_changed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_broken_decisions_file_is_a_one_line_error() {
    let dir = two("broken");
    std::fs::write(
        dir.join("Urk/apv-besluiten.toml"),
        "[[besluit]]\neis = \"3.2.1\"\n",
    )
    .unwrap();
    let out = apv(&["compare", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("apv-besluiten.toml"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_requirement_not_counted_stays_out_of_the_share() {
    let dir = two("share");
    let report: Value = serde_json::from_str(&compare(&dir, "json")).unwrap();
    let row = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "3.2.5")
        .unwrap();
    assert!(
        row["not_counted"]
            .as_str()
            .unwrap()
            .contains("24 december 2021"),
        "{row:#}"
    );
    // Almere repealed its colours ban: shown, but not counted against it.
    assert_eq!(verdict(&report, "Almere", "3.2.5")["status"], "repealed");
    let almere = &report["municipalities"][0];
    assert_eq!(almere["name"], "Almere");
    assert_eq!(almere["total"], 16, "17 requirements, 3.2.5 not counted");
    // 16 counted: 15 met, and 3.2.2c outside the APV.
    assert_eq!(
        (almere["met"].as_u64(), almere["assessed"].as_u64()),
        (Some(15), Some(16))
    );
    let text = compare(&dir, "text");
    assert!(text.contains("Telt niet mee in het aandeel:"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
