//! `apv compare` end to end on the fictional Flevoland demo set and on broken input.

mod common;

use std::collections::BTreeSet;

use apv_rules::{RuleSet, Status};
use common::{apv, code, hash_of, redact_hash, redact_offsets, root, stderr, stdout};
use serde_json::Value;

const MUNICIPALITIES: [&str; 6] = [
    "Almere",
    "Dronten",
    "Lelystad",
    "Noordoostpolder",
    "Urk",
    "Zeewolde",
];

fn compare_json(args: &[&str]) -> (String, Value) {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = apv(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let value = serde_json::from_str(&text).expect("compare --format json writes JSON");
    (text, value)
}

fn demo(format: &str) -> String {
    let out = apv(&["compare", "fixtures/flevoland", "--format", format]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn demo_set_json_snapshot() {
    let json = demo("json");
    let hash = hash_of(&json);
    insta::assert_snapshot!("flevoland_json", redact_offsets(&redact_hash(&json, &hash)));
}

#[test]
fn demo_set_markdown_snapshot() {
    let hash = hash_of(&demo("json"));
    insta::assert_snapshot!("flevoland_md", redact_hash(&demo("md"), &hash));
}

#[test]
fn demo_set_csv_snapshot() {
    let csv = demo("csv");
    assert!(
        csv.starts_with('\u{feff}'),
        "UTF-8 byte order mark for Excel"
    );
    assert!(csv.contains("\r\n"), "CRLF line ends");
    let hash = hash_of(&demo("json"));
    insta::assert_snapshot!("flevoland_csv", redact_hash(&csv, &hash));
}

#[test]
fn demo_set_shows_every_status_and_a_waterbed_warning() {
    let (_, report) = compare_json(&["fixtures/flevoland"]);
    let names: Vec<&str> = report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, MUNICIPALITIES);
    let statuses: BTreeSet<String> = report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["verdicts"].as_array().unwrap().iter())
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect();
    for status in Status::ALL {
        assert!(
            statuses.contains(status.as_str()),
            "the demo set shows no {} verdict (it shows {statuses:?})",
            status.as_str()
        );
    }
    let warnings = report["waterbed"].as_array().unwrap();
    // Urk has no closure power of its own (only the betreden-verbod of 2:41), Zeewolde repealed
    // its 2:80, while four of six have one.
    let closure: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|w| w["requirement"] == "3.2.1")
        .map(|w| {
            (
                w["municipality"].as_str().unwrap(),
                w["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        closure,
        [("Urk", "reference_only"), ("Zeewolde", "repealed")]
    );
}

#[test]
fn verdicts_are_exactly_those_of_a_scan() {
    // Absolute paths on both sides, so that document names match too.
    let dir = root().join("fixtures/flevoland").canonicalize().unwrap();
    let (_, report) = compare_json(&[dir.to_str().unwrap()]);
    let rules = RuleSet::embedded();
    for m in report["municipalities"].as_array().unwrap() {
        let name = m["name"].as_str().unwrap();
        let mut files: Vec<_> = std::fs::read_dir(dir.join(name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let scan = apv_rules::scan_files(
            &rules,
            Some(name),
            &files,
            &apv_parser::ParseOptions::default(),
        );
        let cells = m["verdicts"].as_array().unwrap();
        assert_eq!(cells.len(), scan.requirements.len(), "{name}");
        for (cell, verdict) in cells.iter().zip(&scan.requirements) {
            let expected = serde_json::to_value(verdict).unwrap();
            for field in [
                "id",
                "status",
                "articles",
                "evidence",
                "missing",
                "explanation",
            ] {
                assert_eq!(
                    cell[field], expected[field],
                    "{name} {} {field}",
                    verdict.id
                );
            }
        }
    }
}

#[test]
fn municipality_flags_give_the_same_report_as_a_folder() {
    let (from_dir, _) = compare_json(&["fixtures/flevoland"]);
    let mut args: Vec<String> = Vec::new();
    // Given in reverse order: the report is still sorted by name.
    for name in MUNICIPALITIES.iter().rev() {
        args.push("--municipality".into());
        args.push(format!("{name}=fixtures/flevoland/{name}"));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, from_flags) = compare_json(&refs);
    // The folder's own README.md sits outside every municipality: named as not read.
    let mut from_dir: Value = serde_json::from_str(&from_dir).unwrap();
    let loose = from_dir["notices"].as_array_mut().unwrap().remove(0);
    assert_eq!(loose["kind"], "ignored");
    assert_eq!(loose["file"], "fixtures/flevoland/README.md");
    assert_eq!(from_dir, from_flags);
}

#[test]
fn output_is_deterministic_across_runs() {
    assert_eq!(demo("json"), demo("json"));
}

#[test]
fn text_table_reads_without_colour() {
    let text = demo("text");
    assert!(
        !text.contains('\u{1b}'),
        "no escape codes when stdout is not a terminal"
    );
    for name in MUNICIPALITIES {
        assert!(text.contains(name), "{name}");
    }
    assert!(text.contains("✔") && text.contains("Waterbedeffect:"));
    let ascii = stdout(&apv(&[
        "compare",
        "fixtures/flevoland",
        "--ascii",
        "--width",
        "160",
    ]));
    assert!(ascii.contains("+ 2:80"), "{ascii}");
    assert!(!ascii.contains('✔') && !ascii.contains('│'), "{ascii}");
}

#[test]
fn base_can_be_a_municipality_and_must_exist() {
    let (_, report) = compare_json(&["fixtures/flevoland", "--base", "Almere"]);
    assert_eq!(report["base"], "Almere");
    let with_base: Vec<&Value> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["harmonisation"]["base"].is_string())
        .collect();
    assert!(
        !with_base.is_empty(),
        "Almere's articles serve as base somewhere"
    );
    for r in with_base {
        assert!(
            r["harmonisation"]["base"]
                .as_str()
                .unwrap()
                .starts_with("Almere ")
        );
    }

    let out = apv(&["compare", "fixtures/flevoland", "--base", "Amsterdam"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("Amsterdam") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn one_unreadable_file_among_good_ones() {
    let out = apv(&[
        "compare",
        "fixtures/report/bad-among-good",
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&out),
        0,
        "without --strict the report is not an error: {}",
        stderr(&out)
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let munis = report["municipalities"].as_array().unwrap();
    let names: Vec<&str> = munis.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Almere", "Dronten", "Urk"]);
    for m in munis {
        let errors = m["notices"].as_array().unwrap();
        if m["name"] == "Urk" {
            assert_eq!(errors[0]["kind"], "unreadable", "{errors:?}");
            assert!(
                errors[0]["file"].as_str().unwrap().contains("apv-urk.docx"),
                "{errors:?}"
            );
            // Its APV was not read: the APV requirements are not assessed, never absent.
            assert_eq!(errors[1]["kind"], "apv_not_read", "{errors:?}");
            let closure = &m["verdicts"][0];
            assert_eq!(closure["status"], "not_assessed", "{closure:#}");
            assert_eq!(closure["reason"], "apv_unreadable", "{closure:#}");
            // The good policy next to the broken file is still read.
            let damocles = m["verdicts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == "3.7")
                .unwrap();
            assert_eq!(damocles["status"], "met", "{damocles:#}");
        } else {
            assert!(errors.is_empty(), "{errors:?}");
            assert!(m["met"].as_u64().unwrap() > 0, "{} was scanned", m["name"]);
        }
    }

    let text = stdout(&apv(&["compare", "fixtures/report/bad-among-good"]));
    assert!(
        text.contains("Niet gelezen of niet gebruikt:") && text.contains("apv-urk.docx"),
        "{text}"
    );

    let strict = apv(&["compare", "fixtures/report/bad-among-good", "--strict"]);
    assert_eq!(code(&strict), 2);
    assert!(
        stdout(&strict).contains("Almere"),
        "the report is still written"
    );
    let err = stderr(&strict);
    assert!(
        err.contains("apv-urk.docx") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn output_file_and_csv_delimiter() {
    let dir = std::env::temp_dir().join(format!("apv-compare-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("nulmeting.csv");
    let out = apv(&[
        "compare",
        "fixtures/flevoland",
        "--format",
        "csv",
        "--csv-delimiter",
        ",",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "the report goes to the file");
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.starts_with("\u{feff}gemeente,eis,titel,"),
        "{}",
        &csv[..80]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_invocations_are_one_line_errors() {
    for args in [
        vec!["compare", "fixtures/nowhere"],
        vec!["compare", "fixtures/report/xss/Almere"],
        vec!["compare", "--municipality", "Urk=fixtures/nowhere"],
    ] {
        let out = apv(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn scan_renders_one_municipality_in_every_report_format() {
    let files: Vec<String> = ["apv-urk.md", "damoclesbeleid-urk-2020.md"]
        .iter()
        .map(|f| format!("fixtures/flevoland/Urk/{f}"))
        .collect();
    let run = |format: &str| {
        let mut args = vec!["scan", "--municipality", "Urk", "--format", format];
        args.extend(files.iter().map(String::as_str));
        let out = apv(&args);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        stdout(&out)
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let verdicts = json["municipalities"][0]["verdicts"].as_array().unwrap();
    let not_met = verdicts.iter().filter(|v| v["status"] != "met").count();
    assert!(not_met > 0);

    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), not_met, "one result per requirement not met");
    let located = results
        .iter()
        .find(|r| r["ruleId"] == "3.2.1")
        .expect("3.2.1 is not met in Urk");
    let location = &located["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "fixtures/flevoland/Urk/apv-urk.md"
    );
    assert!(location["region"]["startLine"].as_u64().unwrap() > 1);

    let md = run("md");
    assert!(md.contains("Vergelijking van 1 gemeente (Urk)"), "{md}");
    assert!(run("csv").starts_with("\u{feff}gemeente;eis;"));
    let html = run("html");
    assert!(html.contains("data-municipality=\"Urk\"") && html.contains("id=\"m-urk-3.2.1\""));
}

#[test]
fn documents_in_sub_folders_are_read_and_empty_folders_named() {
    let dir = std::env::temp_dir().join(format!("apv-compare-nested-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("Urk/beleid")).unwrap();
    std::fs::create_dir_all(dir.join("Leegstad")).unwrap();
    let src = root().join("fixtures/flevoland/Urk");
    std::fs::copy(src.join("apv-urk.md"), dir.join("Urk/apv-urk.md")).unwrap();
    std::fs::copy(
        src.join("damoclesbeleid-urk-2020.md"),
        dir.join("Urk/beleid/damoclesbeleid-urk-2020.md"),
    )
    .unwrap();
    let (_, report) = compare_json(&[dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let munis = report["municipalities"].as_array().unwrap();
    let leeg = &munis[0];
    assert_eq!(leeg["name"], "Leegstad");
    assert_eq!(leeg["notices"][0]["kind"], "empty_folder");
    assert_eq!(leeg["verdicts"][0]["status"], "not_assessed");
    assert_eq!(leeg["verdicts"][0]["reason"], "no_documents");
    let urk = &munis[1];
    assert_eq!(urk["documents"].as_array().unwrap().len(), 2);
    let damocles = urk["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "3.7")
        .unwrap();
    assert_eq!(damocles["status"], "met", "the policy in beleid/ was read");
}
