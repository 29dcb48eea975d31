//! The committed JSON Schema of the report (`schema/report.schema.json`) is the one the types
//! give: a change to the types without a new schema (and, when it breaks readers, a new
//! `SCHEMA_VERSION`) fails here.

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/report.schema.json"
    ))
}

#[test]
fn the_committed_schema_is_the_schema_of_the_types() {
    let mut generated =
        serde_json::to_string_pretty(&apv_report::json_schema()).expect("the schema is JSON");
    generated.push('\n');
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(committed(), &generated).expect("schema/report.schema.json is written");
        return;
    }
    let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        on_disk == generated,
        "schema/report.schema.json differs from the report types. Review the change, raise \
         SCHEMA_VERSION (crates/apv-report/src/model.rs) when a field changes meaning or goes \
         away, and regenerate with:\n  UPDATE_SCHEMA=1 cargo test -p apv-report --test schema"
    );
}

#[test]
fn the_schema_names_its_version() {
    let schema = apv_report::json_schema();
    assert_eq!(
        schema["$id"],
        format!("urn:apv:report:{}", apv_report::SCHEMA_VERSION)
    );
    assert!(
        schema["oneOf"].as_array().is_some_and(|v| v.len() == 2),
        "{schema:#}"
    );
}
