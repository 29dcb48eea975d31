//! The JSON of `apv scan`, `apv compare` and `apv diff`, and the report fixtures, are valid
//! against the committed schema (`schema/report.schema.json`).

mod common;

use common::{apv, code, root, stderr, stdout};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/report.schema.json"))
        .expect("schema/report.schema.json is committed");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn assert_valid(what: &str, json: &str) -> Value {
    let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{what}: {e}"));
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
    value
}

fn run(args: &[&str], expected: i32) -> String {
    let out = apv(args);
    assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn scan_compare_and_diff_write_json_of_the_schema() {
    let scan = run(&["scan", "fixtures/flevoland/Urk", "--format", "json"], 0);
    assert_eq!(assert_valid("scan", &scan)["kind"], "report");
    let compare = run(&["compare", "fixtures/flevoland", "--format", "json"], 0);
    assert_eq!(assert_valid("compare", &compare)["kind"], "report");

    let dir = std::env::temp_dir().join(format!("apv-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("scan.json"), dir.join("compare.json"));
    std::fs::write(&a, &scan).unwrap();
    std::fs::write(&b, &compare).unwrap();
    let diff = apv(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(code(&diff) <= 1, "{}", stderr(&diff));
    assert_eq!(assert_valid("diff", &stdout(&diff))["kind"], "diff");
}

#[test]
fn the_report_fixtures_follow_the_schema() {
    for name in ["nulmeting-2021", "meting-2022", "meting-2024"] {
        let text = std::fs::read_to_string(root().join(format!("fixtures/report/{name}.json")))
            .expect("fixture");
        assert_valid(name, &text);
    }
}

#[test]
fn json_that_breaks_the_schema_is_refused() {
    let compare = run(&["compare", "fixtures/flevoland", "--format", "json"], 0);
    let mut value: Value = serde_json::from_str(&compare).unwrap();
    value["municipalities"][0]["verdicts"][0]["status"] = Value::from("great");
    assert!(
        !validator().is_valid(&value),
        "an unknown status is not valid"
    );
    let mut value: Value = serde_json::from_str(&compare).unwrap();
    value.as_object_mut().unwrap().remove("kind");
    assert!(
        !validator().is_valid(&value),
        "a file without kind is not valid"
    );
}
