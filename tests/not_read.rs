//! Not read is not absent: a municipality whose APV was not read (missing, empty folder,
//! unreadable, too large, not an APV, only an amendment, APVs of several municipalities or of
//! another one) gets `not_assessed` on its APV requirements with a Dutch reason in every
//! format, `--strict` exits 2, and of several APVs of one municipality the newest is judged.

mod common;

use std::path::{Path, PathBuf};

use common::{apv, code, root, stderr, stdout};
use serde_json::Value;

/// Writes `bytes` to `path`, making its folder.
fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// A compare folder with one municipality per way of not reading an APV, one good one, and a
/// loose file at the top.
fn not_read_set(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apv-not-read-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let urk = fixture("fixtures/flevoland/Urk/apv-urk.md");
    let almere = fixture("fixtures/flevoland/Almere/apv-almere.md");
    let bibob = fixture("fixtures/flevoland/Almere/bibob-beleid-almere-2023.md");
    // Good: Urk's APV, and an older version of it that must be left aside.
    write(
        &dir.join("Urk/apv-urk-2023.md"),
        urk.replace("Urk 2019", "Urk 2023").as_bytes(),
    );
    write(&dir.join("Urk/apv-urk-2019.md"), urk.as_bytes());
    // Missing: only a Bibob policy.
    write(
        &dir.join("Beleidsdorp/bibob.md"),
        bibob.replace("Almere", "Beleidsdorp").as_bytes(),
    );
    // Empty folder.
    std::fs::create_dir_all(dir.join("Leegstad")).unwrap();
    // Unreadable: a .docx that is not a zip.
    write(
        &dir.join("Kapotstad/apv-kapotstad.docx"),
        b"this is not a zip archive",
    );
    // Too large for --max-file-size 64k.
    let big = urk.replace("Urk", "Grootstad").repeat(40);
    write(&dir.join("Grootstad/apv-grootstad.md"), big.as_bytes());
    // Not an APV: a letter in paragraphs.
    write(
        &dir.join("Briefdorp/brief.txt"),
        "Geachte raad,\n\nHierbij zenden wij u de stukken voor de vergadering.\n\nMet vriendelijke groet,\nhet college\n"
            .as_bytes(),
    );
    // Only an amendment decision.
    write(
        &dir.join("Wijzigstad/wijziging.txt"),
        fixture("fixtures/scan/amendment/wijziging-apv-veenhoven-2023.txt")
            .replace("Veenhoven", "Wijzigstad")
            .as_bytes(),
    );
    // APVs of two municipalities.
    write(&dir.join("Tweestad/apv-urk.md"), urk.as_bytes());
    write(&dir.join("Tweestad/apv-almere.md"), almere.as_bytes());
    // An APV of another municipality.
    write(&dir.join("Vreemdstad/apv.md"), almere.as_bytes());
    // A loose file beside the municipality folders.
    write(&dir.join("overzicht.txt"), b"notities\n");
    dir
}

const CASES: [(&str, &str, &str); 8] = [
    (
        "Beleidsdorp",
        "no_apv",
        "er is geen geconsolideerde APV aangeleverd",
    ),
    (
        "Leegstad",
        "no_documents",
        "er zijn geen documenten aangeleverd",
    ),
    ("Kapotstad", "apv_unreadable", "er is geen APV gelezen"),
    ("Grootstad", "apv_unreadable", "er is geen APV gelezen"),
    (
        "Briefdorp",
        "no_apv",
        "er is geen geconsolideerde APV aangeleverd",
    ),
    (
        "Wijzigstad",
        "amendment_only",
        "alleen een wijzigingsbesluit",
    ),
    (
        "Tweestad",
        "several_municipalities",
        "APV's van meer dan één gemeente",
    ),
    (
        "Vreemdstad",
        "other_municipality",
        "de APV is van een andere gemeente",
    ),
];

fn compare(dir: &Path, format: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "compare",
        dir.to_str().unwrap(),
        "--format",
        format,
        "--max-file-size",
        "64k",
    ];
    args.extend_from_slice(extra);
    apv(&args)
}

fn municipality<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the report"))
}

#[test]
fn a_municipality_whose_apv_was_not_read_is_not_assessed() {
    let dir = not_read_set("json");
    let out = compare(&dir, "json", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for (name, reason, _) in CASES {
        let m = municipality(&report, name);
        let verdicts = m["verdicts"].as_array().unwrap();
        // The seven APV requirements (3.2.x) are not assessed, never absent.
        let apv: Vec<&Value> = verdicts
            .iter()
            .filter(|v| v["id"].as_str().unwrap().starts_with("3.2."))
            .collect();
        assert_eq!(apv.len(), 7, "{name}");
        for v in apv {
            assert_eq!(v["status"], "not_assessed", "{name} {}: {v:#}", v["id"]);
            assert_eq!(v["reason"], reason, "{name} {}", v["id"]);
        }
        let notices = m["notices"].to_string();
        assert!(notices.contains("apv_not_read"), "{name}: {notices}");
    }
    assert!(
        municipality(&report, "Vreemdstad")["notices"]
            .to_string()
            .contains("\"named\":\"Almere\"")
    );
    assert!(
        municipality(&report, "Grootstad")["notices"]
            .to_string()
            .contains("too_large")
    );
    let loose = report["notices"].to_string();
    assert!(
        loose.contains("overzicht.txt") && loose.contains("outside_municipality"),
        "{loose}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn of_several_apvs_of_one_municipality_the_newest_is_judged() {
    let dir = not_read_set("newest");
    let out = compare(&dir, "json", &[]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let urk = municipality(&report, "Urk");
    assert_eq!(
        urk["documents"].as_array().unwrap().len(),
        2,
        "both are listed"
    );
    let notice = &urk["notices"][0];
    assert_eq!(notice["kind"], "ignored", "{urk:#}");
    assert!(
        notice["file"]
            .as_str()
            .unwrap()
            .ends_with("apv-urk-2019.md")
    );
    assert!(
        notice["because"]["newer"]
            .as_str()
            .unwrap()
            .ends_with("apv-urk-2023.md")
    );
    let evidence = urk["verdicts"].to_string();
    assert!(evidence.contains("apv-urk-2023.md") && !evidence.contains("apv-urk-2019.md"));
    assert!(urk["met"].as_u64().unwrap() > 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_format_gives_the_reason_in_dutch() {
    let dir = not_read_set("formats");
    for format in ["text", "md", "html", "csv", "sarif"] {
        let out = compare(&dir, format, &["--width", "200"]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        let text = stdout(&out);
        for (name, _, reason) in CASES {
            assert!(text.contains(name), "{format}: {name}");
            assert!(text.contains(reason), "{format}: no {reason:?} for {name}");
        }
        assert!(!text.contains("ontbreekt: er"), "{format}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn strict_exits_2_on_an_apv_not_read() {
    let dir = not_read_set("strict");
    let out = compare(&dir, "json", &["--strict"]);
    assert_eq!(code(&out), 2);
    assert!(!out.stdout.is_empty(), "the report is still written");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("niet gelezen of niet beoordeeld"), "{err}");

    // Only the good municipality and the loose file: a file left aside is not an error.
    let good = std::env::temp_dir().join(format!("apv-not-read-good-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&good);
    std::fs::create_dir_all(good.join("Urk")).unwrap();
    for f in ["apv-urk-2023.md", "apv-urk-2019.md"] {
        std::fs::copy(dir.join("Urk").join(f), good.join("Urk").join(f)).unwrap();
    }
    std::fs::copy(dir.join("overzicht.txt"), good.join("overzicht.txt")).unwrap();
    let out = compare(&good, "json", &["--strict"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // scan --strict on a folder without an APV.
    let beleid = dir.join("Beleidsdorp");
    let out = apv(&["scan", beleid.to_str().unwrap(), "--strict"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stdout(&out).contains("er is geen geconsolideerde APV aangeleverd"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&good);
}
