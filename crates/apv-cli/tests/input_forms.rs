//! `apv parse` reads every form: the JSON document names the detected form and the metadata,
//! `--input-format` overrides detection, and damaged input exits 2 with one line.

use std::process::Command;

fn apv(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_apv"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run apv");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn document(file: &str) -> serde_json::Value {
    let (code, out, err) = apv(&["parse", file, "--format", "json"]);
    assert_eq!(code, 0, "{file}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_document_shows_the_detected_form_and_metadata() {
    let d = document("fixtures/forms/lindevoort/apv.xml");
    assert_eq!(d["form"], "cvdr_xml");
    assert_eq!(d["metadata"]["municipality"], "Lindevoort");
    assert_eq!(d["metadata"]["cvdr_id"], "CVDR700101");
    assert_eq!(d["metadata"]["valid_from"], "2024-01-01");

    let d = document("fixtures/forms/bergakker/apv.html");
    assert_eq!(d["form"], "html");
    assert_eq!(d["metadata"]["historical"], true);
    assert_eq!(d["metadata"]["valid_until"], "2023-12-31");
    assert_eq!(d["metadata"]["municipality"], "Bergakker");
    assert_eq!(
        d["metadata"]["title"],
        "Algemene plaatselijke verordening Bergakker"
    );

    assert_eq!(
        document("fixtures/forms/meerzicht/apv.md")["form"],
        "markdown"
    );
}

#[test]
fn input_format_overrides_detection() {
    let (code, _, err) = apv(&[
        "parse",
        "fixtures/forms/lindevoort/apv.html",
        "--input-format",
        "text",
    ]);
    // Read as text, the page's first lines are tags, not articles.
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let (code, out, err) = apv(&[
        "parse",
        "fixtures/forms/lindevoort/apv.xml",
        "--input-format",
        "xml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"cvdr_xml\""));
}

#[test]
fn a_damaged_file_is_one_line_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("apv-input-forms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let docx = dir.join("concept.docx");
    std::fs::write(&docx, "Artikel 1 Titel\n").unwrap();
    let (code, _, err) = apv(&["parse", docx.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("concept.docx") && err.contains("not a zip archive"),
        "{err}"
    );
}
