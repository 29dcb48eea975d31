//! `apv scan` and `apv rules` from the command line: output, exit codes, error lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn apv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apv"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("apv runs")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rules_dir() -> PathBuf {
    root().join("rules/flevolandse-norm")
}

/// A scratch copy of the rule set, with `edit` applied to file `name`.
fn edited_rules(tag: &str, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apv-rules-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for e in std::fs::read_dir(rules_dir()).expect("rules dir").flatten() {
        let p = e.path();
        let n = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read_to_string(&p).expect("rule file");
        let text = if n == name { edit(&text) } else { text };
        std::fs::write(dir.join(&n), text).expect("write");
    }
    dir
}

#[test]
fn scan_json_has_a_verdict_per_requirement() {
    let out = apv(&[
        "scan",
        "fixtures/scan/lindewaard/apv-lindewaard.md",
        "fixtures/scan/lindewaard/bibob-beleid-lindewaard.md",
        "fixtures/scan/lindewaard/damoclesbeleid-lindewaard.md",
        "--municipality",
        "Lindewaard",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["kind"], "report");
    assert_eq!(v["municipalities"][0]["name"], "Lindewaard");
    assert_eq!(v["rule_set"]["id"], "flevolandse-norm");
    assert_eq!(v["rule_set"]["hash"].as_str().map(str::len), Some(64));
    let reqs = v["municipalities"][0]["verdicts"].as_array().expect("list");
    assert_eq!(reqs.len(), 17);
    for r in reqs {
        assert_eq!(r["status"], "met", "{}", r["id"]);
        let e = &r["evidence"][0];
        for key in ["document", "article", "quote", "line", "start", "end"] {
            assert!(e.get(key).is_some(), "{} evidence lacks {key}", r["id"]);
        }
    }
}

#[test]
fn scan_text_is_a_table_with_quotes() {
    let out = apv(&["scan", "fixtures/scan/veenhoven/apv-veenhoven.txt"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("3.2.2a  deels"), "{s}");
    // Long lines wrap at the width of the terminal (80 columns when it is not one).
    assert!(s.lines().all(|l| l.chars().count() <= 80), "{s}");
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("mist: de eis of weigeringsgrond 'in enig opzicht van slecht levensgedrag'"),
        "{s}"
    );
    assert!(s.contains("3.2.5   vervallen"), "{s}");
    assert!(words.contains("Hoge Raad van 24 december 2021"), "{s}");
}

#[test]
fn an_unreadable_file_is_one_error_line_and_exit_2() {
    let out = apv(&["scan", "fixtures/scan/nothing-here.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nothing-here.md"), "{err}");
}

#[test]
fn rules_test_passes_on_the_built_in_set_and_list_names_every_requirement() {
    let out = apv(&["rules", "test"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 mislukt"));
    let out = apv(&["rules", "list"]);
    let s = String::from_utf8_lossy(&out.stdout);
    for id in [
        "3.2.1", "3.2.2a", "3.2.2b", "3.2.2c", "3.2.3", "3.2.4", "3.2.5", "3.5a", "3.5i", "3.7",
    ] {
        assert!(s.contains(&format!("\n{id} ")), "{id} missing from:\n{s}");
    }
}

#[test]
fn a_failing_example_exits_1_and_names_the_example() {
    let dir = edited_rules("fail", "3.2.1.toml", |t| {
        t.replacen(
            "name = \"horeca-only-closure-is-not-3.2.1\"\nstatus = \"absent\"",
            "name = \"horeca-only-closure-is-not-3.2.1\"\nstatus = \"met\"",
            1,
        )
    });
    let out = apv(&["rules", "test", dir.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("horeca-only-closure-is-not-3.2.1"), "{s}");
    assert!(
        s.contains("verwacht voldoet (met), gekregen ontbreekt (absent)"),
        "{s}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_broken_rule_file_names_file_line_column_and_key() {
    let dir = edited_rules("broken", "3.2.4.toml", |t| {
        t.replacen("scope = \"member\"", "scope = \"lidje\"", 1)
    });
    let out = apv(&["rules", "test", dir.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("3.2.4.toml:"), "{err}");
    assert!(err.contains("key `element[0].scope`"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn rules_option_replaces_the_built_in_set() {
    let out = apv(&[
        "scan",
        "fixtures/scan/lindewaard/apv-lindewaard.md",
        "--rules",
        "rules/flevolandse-norm/3.2.1.toml",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reqs = v["municipalities"][0]["verdicts"].as_array().expect("list");
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["id"], "3.2.1");
}
