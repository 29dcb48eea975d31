//! `apv parse --format json` writes the parser's document model, valid against the committed
//! schema (`schema/document.schema.json`) in every input form, with the words of every article
//! (also one without leden), its references and definitions, and warnings placed by line and
//! byte span.

// A skipped PDF check says so on stderr.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/document.schema.json"))
        .expect("schema/document.schema.json is committed");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

/// `apv parse FILE --format json`, checked against the schema.
fn parse_json(file: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_apv"))
        .args(["parse", "--format", "json"])
        .arg(file)
        .current_dir(root())
        .output()
        .expect("run apv");
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).expect("apv parse writes JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not match the schema:\n{}",
        file.display(),
        errors.join("\n")
    );
    value
}

fn has_pdftotext() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

#[test]
fn every_input_form_gives_json_of_the_schema() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir(root().join("fixtures/forms")).expect("fixtures/forms") {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            files.extend(std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()));
        }
    }
    files.push(root().join("fixtures/flevoland/Zeewolde/apv-zeewolde.docx"));
    files.push(root().join("fixtures/refs/citations.txt"));
    files.push(root().join("fixtures/parser/messy-warnings.txt"));
    files.push(root().join("fixtures/parser/toc-dot-leaders.txt"));
    files.push(root().join("fixtures/parser/toelichting-after.txt"));
    files.sort();
    let pdf = has_pdftotext();
    let mut forms = std::collections::BTreeSet::new();
    for file in &files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "md" | "txt" | "xml" | "html" | "docx" | "pdf") {
            continue;
        }
        if ext == "pdf" && !pdf {
            eprintln!("pdftotext is not installed: {} not checked", file.display());
            continue;
        }
        let doc = parse_json(file);
        assert_eq!(doc["kind"], "document");
        forms.insert(doc["form"].as_str().unwrap_or_default().to_string());
    }
    for form in ["markdown", "text", "cvdr_xml", "html", "docx"] {
        assert!(forms.contains(form), "no fixture in form {form}: {forms:?}");
    }
}

/// The node of the article with this number.
fn article<'a>(doc: &'a Value, number: &str) -> &'a Value {
    doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "article" && n["number"] == number)
        .unwrap_or_else(|| panic!("article {number}"))
}

fn node(doc: &Value, id: &Value) -> Value {
    doc["nodes"][id.as_u64().unwrap() as usize].clone()
}

#[test]
fn every_article_has_its_words_intro_and_leden() {
    let doc = parse_json(&root().join("fixtures/forms/lindevoort/apv.md"));
    // An article without leden: its whole text.
    let a = article(&doc, "2:28a");
    assert_eq!(
        a["text"],
        "De burgemeester kan bij de beslissing op de aanvraag rekening houden met de invloed \
         van de openbare inrichting op het woon- en leefklimaat in de omgeving."
    );
    assert_eq!(a["title"], "Leefbaarheid");
    // A definitions article: its intro, and each onderdeel with its words.
    let a = article(&doc, "1:1");
    assert_eq!(a["text"], "In deze verordening wordt verstaan onder:");
    let first = node(&doc, &a["children"][0]);
    assert_eq!(first["kind"], "item");
    assert_eq!(
        first["text"],
        "bebouwde kom: het gebied binnen de grenzen die door het college zijn vastgesteld;"
    );
    // An article with leden: no intro, the leden hold the words, onderdelen theirs.
    let a = article(&doc, "2:28");
    assert_eq!(a["text"], "");
    let lid2 = node(&doc, &a["children"][1]);
    assert_eq!(lid2["number"], "2");
    assert_eq!(
        lid2["text"],
        "De burgemeester weigert de vergunning indien:"
    );
    let b = node(&doc, &lid2["children"][1]);
    assert_eq!(
        b["text"],
        "de exploitant of leidinggevende in enig opzicht van slecht levensgedrag is."
    );
    // Every span points into the text.
    let len = doc["text"].as_str().unwrap().len() as u64;
    for n in doc["nodes"].as_array().unwrap() {
        assert!(n["span"]["end"].as_u64().unwrap() <= len);
    }
}

#[test]
fn references_definitions_and_warnings_are_in_the_json() {
    let doc = parse_json(&root().join("fixtures/refs/citations.txt"));
    let refs = doc["references"].as_array().unwrap();
    let internal = refs
        .iter()
        .find(|r| r["raw"] == "artikel 2:1 van deze verordening")
        .expect("an internal reference");
    assert_eq!(internal["target"]["kind"], "internal");
    assert_eq!(internal["target"]["article"], "2:1");
    assert_eq!(node(&doc, &internal["target"]["node"])["number"], "2:1");
    let external = refs
        .iter()
        .find(|r| r["raw"] == "artikel 13b Opiumwet")
        .expect("an external reference");
    assert_eq!(external["target"]["kind"], "external");
    assert_eq!(external["target"]["law"], "Opiumwet");
    assert_eq!(external["target"]["article"], "13b");

    let wet = doc["definitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["term"] == "wet")
        .expect("the definition of wet");
    assert_eq!(wet["meaning"], "de Alcoholwet");
    assert_eq!(wet["scope"]["kind"], "regulation");

    let text = doc["text"].as_str().unwrap();
    let w = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "unresolved_reference")
        .expect("the unresolved reference");
    assert_eq!(w["line"], 67);
    let (start, end) = (
        w["span"]["start"].as_u64().unwrap() as usize,
        w["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "artikel 2:99");
}

#[test]
fn a_warning_about_a_line_carries_the_span_of_that_line() {
    let doc = parse_json(&root().join("fixtures/parser/messy-warnings.txt"));
    let text = doc["text"].as_str().unwrap();
    let placed: Vec<&Value> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| !w["line"].is_null())
        .collect();
    assert!(!placed.is_empty());
    for w in placed {
        let span = &w["span"];
        assert!(!span.is_null(), "{w}");
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= text.len(), "{w}");
    }
}

#[test]
fn the_parts_after_the_regulation_are_nodes_of_their_own() {
    let doc = parse_json(&root().join("fixtures/parts/bibob-wolderwijk.md"));
    let kinds: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    for kind in ["preamble", "article", "explanation", "signature"] {
        assert!(kinds.contains(&kind), "no {kind} node: {kinds:?}");
    }
    // An explanation that repeats an article's heading holds words, not articles.
    let explanation = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "explanation")
        .unwrap();
    assert!(!explanation["text"].as_str().unwrap().is_empty());
    assert!(
        explanation["children"].as_array().unwrap().is_empty(),
        "{explanation}"
    );
}

#[test]
fn json_that_breaks_the_schema_is_refused() {
    let doc = parse_json(&root().join("fixtures/forms/meerzicht/apv.md"));
    let v = validator();
    let mut broken = doc.clone();
    broken["nodes"][1]["kind"] = Value::from("great");
    assert!(!v.is_valid(&broken), "an unknown node kind is not valid");
    let mut broken = doc.clone();
    broken["nodes"][1].as_object_mut().unwrap().remove("text");
    assert!(
        !v.is_valid(&broken),
        "a node without its words is not valid"
    );
    let mut broken = doc;
    broken["references"] = serde_json::json!([{ "raw": "artikel 1" }]);
    assert!(
        !v.is_valid(&broken),
        "a reference without target is not valid"
    );
}
