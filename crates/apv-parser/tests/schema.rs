//! The committed JSON Schema of the document (`schema/document.schema.json`) is the one the
//! model's types give: a change to the types without a new schema (and, when it breaks readers,
//! a new `DOCUMENT_SCHEMA_VERSION`) fails here.

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/document.schema.json"
    ))
}

#[test]
fn the_committed_schema_is_the_schema_of_the_types() {
    let mut generated = serde_json::to_string_pretty(&apv_parser::document_json_schema())
        .expect("the schema is JSON");
    generated.push('\n');
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(committed(), &generated).expect("schema/document.schema.json is written");
        return;
    }
    let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        on_disk == generated,
        "schema/document.schema.json differs from the document model. Review the change, raise \
         DOCUMENT_SCHEMA_VERSION (crates/apv-parser/src/model.rs) when a field changes meaning or \
         goes away, and regenerate with:\n  UPDATE_SCHEMA=1 cargo test -p apv-parser --test schema"
    );
}

#[test]
fn the_schema_names_its_version_and_the_model() {
    let schema = apv_parser::document_json_schema();
    assert_eq!(
        schema["$id"],
        format!("urn:apv:document:{}", apv_parser::DOCUMENT_SCHEMA_VERSION)
    );
    assert_eq!(schema["title"], "Document");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required fields")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for field in [
        "kind",
        "schema_version",
        "form",
        "text",
        "nodes",
        "references",
        "definitions",
        "warnings",
    ] {
        assert!(
            required.contains(&field),
            "{field} is not required: {required:?}"
        );
    }
}
