//! `apv diff` on report versions in fixtures/report/ and on the demo set's own output.

mod common;

use common::{apv, code, stderr, stdout};
use serde_json::Value;

const OLD: &str = "fixtures/report/nulmeting-2021.json";
const ONLY_BETTER: &str = "fixtures/report/meting-2022.json";
const MIXED: &str = "fixtures/report/meting-2024.json";

#[test]
fn regressions_exit_1_and_are_listed() {
    let out = apv(&["diff", OLD, MIXED]);
    assert_eq!(code(&out), 1, "something got worse: {}", stderr(&out));
    insta::assert_snapshot!("diff_2021_2024", stdout(&out));
}

#[test]
fn the_json_diff_counts_every_kind_of_change() {
    let out = apv(&["diff", OLD, MIXED, "--format", "json"]);
    assert_eq!(code(&out), 1);
    let diff: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let verdicts = diff["verdicts"].as_array().unwrap();
    let find = |m: &str, r: &str| {
        verdicts
            .iter()
            .find(|c| c["municipality"] == m && c["requirement"] == r)
            .unwrap_or_else(|| panic!("{m} {r} changed"))
    };
    assert_eq!(find("Urk", "3.2.1")["direction"], "better");
    assert_eq!(find("Almere", "3.7")["direction"], "better");
    assert_eq!(find("Almere", "3.7")["missing_removed"][0], "lokalen");
    assert_eq!(find("Almere", "3.2.5")["direction"], "worse");
    assert_eq!(find("Zeewolde", "3.2.1")["direction"], "worse");
    assert_eq!(find("Zeewolde", "3.2.5")["direction"], "neutral");
    assert_eq!(
        find("Urk", "3.7")["direction"],
        "better",
        "not_assessed → met: a policy that was supplied"
    );
    let evidence = find("Urk", "3.2.2a");
    assert_eq!(evidence["direction"], "neutral");
    assert_eq!(evidence["old_status"], evidence["new_status"]);
    assert_eq!(
        evidence["evidence_added"][0]["quote"],
        "in enig opzicht van slecht levensgedrag"
    );
    assert!(
        !verdicts
            .iter()
            .any(|c| c["municipality"] == "Zeewolde" && c["requirement"] == "3.2.2a"),
        "a quote that only moved to another line is not a change"
    );
    assert_eq!(diff["unchanged"], 5);
    assert_eq!(diff["municipalities"][0]["direction"], "worse");
    assert_eq!(diff["municipalities"][0]["what"]["change"], "notice_added");
    let zeewolde = diff["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["municipality"] == "Zeewolde")
        .unwrap();
    assert_eq!(
        (zeewolde["worse"].as_u64(), zeewolde["neutral"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn improvements_only_pass_unless_any_change_fails() {
    let out = apv(&["diff", OLD, ONLY_BETTER]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("[beter] 3.2.1"), "{}", stdout(&out));
    let out = apv(&["diff", OLD, ONLY_BETTER, "--fail-on", "any"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn identical_runs_have_no_changes() {
    let out = apv(&["diff", OLD, OLD, "--fail-on", "any"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "Almere: geen wijzigingen (aandeel voldoet 75% → 75%)\n\
         Urk: geen wijzigingen (aandeel voldoet 67% → 67%)\n\
         Zeewolde: geen wijzigingen (aandeel voldoet 67% → 67%)\n\n\
         0 beter, 0 slechter, 0 anders gewijzigd, 12 ongewijzigd.\n"
    );
}

#[test]
fn the_demo_sets_own_report_round_trips() {
    let dir = std::env::temp_dir().join(format!("apv-diff-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("run.json");
    let out = apv(&[
        "compare",
        "fixtures/flevoland",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = file.to_str().unwrap();
    let out = apv(&["diff", path, path, "--fail-on", "any"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("\n0 beter, 0 slechter, 0 anders gewijzigd,"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_input_is_a_one_line_error() {
    for (args, needle) in [
        (vec!["diff", OLD, "fixtures/report/none.json"], "none.json"),
        (vec!["diff", "fixtures/report/README.md", OLD], "README.md"),
        (
            vec!["diff", OLD, "fixtures/flevoland/Almere/apv-almere.md"],
            "apv-almere.md",
        ),
    ] {
        let out = apv(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(needle) && err.lines().count() == 1, "{err}");
    }
}

#[test]
fn two_scan_outputs_can_be_compared() {
    let dir = std::env::temp_dir().join(format!("apv-diff-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let apv_only = dir.join("apv-only.json");
    let with_policy = dir.join("with-policy.json");
    let urk = "fixtures/flevoland/Urk";
    for (file, docs) in [
        (&apv_only, vec![format!("{urk}/apv-urk.md")]),
        (
            &with_policy,
            vec![
                format!("{urk}/apv-urk.md"),
                format!("{urk}/damoclesbeleid-urk-2020.md"),
            ],
        ),
    ] {
        let mut args = vec!["scan", "--municipality", "Urk", "--format", "json"];
        args.extend(docs.iter().map(String::as_str));
        let out = apv(&args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        std::fs::write(file, &out.stdout).unwrap();
    }
    let (old, new) = (apv_only.to_str().unwrap(), with_policy.to_str().unwrap());
    let out = apv(&["diff", old, new]);
    let text = stdout(&out);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        code(&out),
        0,
        "supplying a policy makes nothing worse: {text}"
    );
    assert!(text.starts_with("Urk: 1 beter, 0 slechter"), "{text}");
    assert!(
        text.contains("3.7 ") && text.contains("→ voldoet"),
        "{text}"
    );
}

/// Copies the demo set to `dir`, every file under another name.
fn renamed_copy(dir: &std::path::Path) {
    let src = common::root().join("fixtures/flevoland");
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let to = dir.join(entry.file_name());
        std::fs::create_dir_all(&to).unwrap();
        for file in std::fs::read_dir(&path).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            std::fs::copy(file.path(), to.join(format!("kopie-{name}"))).unwrap();
        }
    }
}

#[test]
fn the_same_documents_elsewhere_and_renamed_are_no_change() {
    let dir = std::env::temp_dir().join(format!("apv-diff-moved-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let copy = dir.join("elders");
    renamed_copy(&copy);
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    for (from, to) in [("fixtures/flevoland", &old), (copy.to_str().unwrap(), &new)] {
        let out = apv(&[
            "compare",
            from,
            "--format",
            "json",
            "--output",
            to.to_str().unwrap(),
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let out = apv(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--fail-on",
        "any",
    ]);
    let text = stdout(&out);
    // The demo folder's README.md is a loose file the copy lacks; it is left aside, no change.
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains("\n0 beter, 0 slechter, 0 anders gewijzigd, 102 ongewijzigd."),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_policy_that_went_missing_is_worse_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("apv-diff-missing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let urk = "fixtures/flevoland/Urk";
    let (with, without) = (dir.join("with.json"), dir.join("without.json"));
    for (file, docs) in [
        (
            &with,
            vec![
                format!("{urk}/apv-urk.md"),
                format!("{urk}/damoclesbeleid-urk-2020.md"),
            ],
        ),
        (&without, vec![format!("{urk}/apv-urk.md")]),
    ] {
        let mut args = vec![
            "scan",
            "--municipality",
            "Urk",
            "--format",
            "json",
            "--output",
        ];
        args.push(file.to_str().unwrap());
        args.extend(docs.iter().map(String::as_str));
        let out = apv(&args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let out = apv(&["diff", with.to_str().unwrap(), without.to_str().unwrap()]);
    let text = stdout(&out);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("[slechter] 3.7 "), "{text}");
}
