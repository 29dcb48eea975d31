//! Everything a report reader sees is Dutch, and the terminal report fits the terminal: the
//! rendered reports of the fixtures hold no English word in a label, message or heading (codes,
//! JSON keys and markup aside), the text matrix fits 80 and 120 columns, and `--ascii` is pure
//! ASCII.

mod common;

use common::{apv, code, stderr, stdout};
use serde_json::Value;

/// English words that are not also Dutch words.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "file",
    "files",
    "found",
    "line",
    "lines",
    "refers",
    "article",
    "articles",
    "which",
    "warning",
    "warnings",
    "error",
    "errors",
    "passed",
    "failed",
    "examples",
    "plain",
    "large",
    "unknown",
    "skipped",
    "reads",
    "not",
    "none",
    "missing",
    "read",
    "too",
    "cannot",
    "could",
    "unreadable",
    "damaged",
    "empty",
    "folder",
    "municipality",
    "municipalities",
    "requirement",
    "requirements",
    "evidence",
    "preamble",
    "closing",
    "contents",
    "this",
    "that",
    "was",
    "has",
    "have",
    "from",
    "are",
    "yes",
    "no",
    "amendment",
    "decision",
    "used",
    "supplied",
    "ignored",
    "older",
    "newer",
    "outside",
    "because",
    "about",
    "only",
    "reference",
    "assessed",
    "partial",
    "absent",
    "repealed",
];

fn run(args: &[&str]) -> String {
    let out = apv(args);
    assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The English words in `text`: words split on anything but letters, codes with `_` and file
/// paths (with a `/`) skipped.
fn english_words(text: &str) -> Vec<String> {
    let text: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ';' || c == '|')
        .filter(|chunk| !chunk.contains('/'))
        .collect();
    text.join(" ")
        .split(|c: char| !(c.is_alphabetic() || c == '_'))
        .filter(|w| !w.is_empty() && !w.contains('_'))
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect::<Vec<_>>()
}

/// Markdown without its code spans (the status codes beside the Dutch words).
fn without_code(md: &str) -> String {
    md.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// CSV without its `code` column (the stable status codes beside the Dutch words).
fn without_code_column(csv: &str) -> String {
    let mut out = csv.to_string();
    for code in [
        "met",
        "partial",
        "absent",
        "repealed",
        "outside_apv",
        "reference_only",
        "not_assessed",
    ] {
        out = out.replace(&format!(";{code};"), ";;");
    }
    out
}

/// The text of an HTML page a reader sees: no head (title aside), no tags, no attributes.
fn visible_html(html: &str) -> String {
    let body = html.split("</head>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The messages and descriptions of a SARIF log.
fn sarif_texts(sarif: &str) -> String {
    fn walk(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("text", Value::String(s)) => {
                            out.push_str(s);
                            out.push('\n');
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(
        &serde_json::from_str(sarif).expect("SARIF is JSON"),
        &mut out,
    );
    out
}

#[test]
fn the_reports_of_the_fixtures_are_dutch() {
    let demo = "fixtures/flevoland";
    let bad = "fixtures/report/bad-among-good";
    let mut reports: Vec<(String, String)> = Vec::new();
    for dir in [demo, bad] {
        for format in ["text", "md", "csv"] {
            let text = run(&["compare", dir, "--format", format]);
            let text = match format {
                "md" => without_code(&text),
                "csv" => without_code_column(&text),
                _ => text,
            };
            reports.push((format!("compare {dir} {format}"), text));
        }
        let html = run(&["compare", dir, "--format", "html"]);
        reports.push((format!("compare {dir} html"), visible_html(&html)));
        let sarif = run(&["compare", dir, "--format", "sarif"]);
        reports.push((format!("compare {dir} sarif"), sarif_texts(&sarif)));
    }
    for folder in [
        "fixtures/flevoland/Urk",
        "fixtures/scan/veenhoven",
        "fixtures/scan/amendment",
        "fixtures/report/bad-among-good/Urk",
    ] {
        for format in ["text", "md"] {
            let text = without_code(&run(&["scan", folder, "--format", format]));
            reports.push((format!("scan {folder} {format}"), text));
        }
    }
    reports.push((
        "diff".into(),
        run(&[
            "diff",
            "fixtures/report/nulmeting-2021.json",
            "fixtures/report/meting-2024.json",
        ]),
    ));
    for file in [
        "fixtures/flevoland/Urk/apv-urk.md",
        "fixtures/parser/messy-warnings.txt",
    ] {
        reports.push((format!("parse {file}"), run(&["parse", file])));
    }
    reports.push(("rules list".into(), run(&["rules", "list"])));
    reports.push(("rules test".into(), run(&["rules", "test"])));

    for (what, text) in &reports {
        // Quoted document text is the municipality's own (Dutch) wording.
        let found = english_words(text);
        assert!(
            found.is_empty(),
            "{what}: English words {found:?} in:\n{text}"
        );
    }
}

#[test]
fn the_english_word_check_finds_english() {
    assert_eq!(
        english_words("regel 3: refers to article 4:24"),
        ["refers", "article"]
    );
    assert!(english_words("status not_assessed, code reference_only").is_empty());
    assert!(english_words("De burgemeester kan het gebouw sluiten.").is_empty());
}

#[test]
fn the_matrix_fits_80_and_120_columns() {
    for width in ["80", "120"] {
        let text = run(&["compare", "fixtures/flevoland", "--width", width]);
        let limit: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(
                line.chars().count() <= limit,
                "wider than {width}: {line}\n{text}"
            );
        }
        for name in [
            "Almere",
            "Dronten",
            "Lelystad",
            "Noordoostpolder",
            "Urk",
            "Zeewolde",
        ] {
            assert!(text.contains(name), "{width}: {name} is named in full");
        }
    }
    // COLUMNS is read when there is no --width.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_apv"))
        .args(["compare", "fixtures/flevoland"])
        .current_dir(common::root())
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(
        text.contains("gemeente "),
        "municipalities as rows at 80 columns: {text}"
    );
}

#[test]
fn many_municipalities_are_rows() {
    let mut args: Vec<String> = vec!["compare".into()];
    for i in 0..40 {
        args.push("--municipality".into());
        args.push(format!("Gemeente{i:02}=fixtures/flevoland/Urk"));
    }
    args.extend(["--width".into(), "120".into()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = run(&refs);
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    assert!(text.contains("Gemeente39"), "{text}");
}

#[test]
fn ascii_is_pure_ascii() {
    for args in [
        vec!["compare", "fixtures/flevoland", "--ascii"],
        vec!["compare", "fixtures/flevoland", "--ascii", "--width", "200"],
        vec!["scan", "fixtures/flevoland/Urk", "--ascii"],
        vec![
            "diff",
            "fixtures/report/nulmeting-2021.json",
            "fixtures/report/meting-2024.json",
            "--ascii",
        ],
    ] {
        let text = run(&args);
        let odd: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(odd.is_empty(), "{args:?}: {odd:?}");
    }
}
