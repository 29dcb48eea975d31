//! Hostile and broken input in a batch: every bad file gets one line naming it, the rest of the
//! batch is still compared, and nothing panics.
//!
//! The files are made in a temporary folder: empty, binary, too large (a sparse 200 MB file and
//! a real 3 MB one above `--max-file-size 1M`), a zip bomb named .docx, XML with entity
//! expansion, deeply nested HTML, invalid UTF-8, and folder loops made of symbolic links.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{apv, code, root, stderr, stdout};
use serde_json::Value;

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apv-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A .docx whose document part is 8 MiB of white space: a few kilobytes on disk.
fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Artikel 1 Titel")
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..8 {
        zip.write_all(&spaces).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap().into_inner()
}

/// Nested entity definitions that would expand to 10^9 copies of "lol".
fn billion_laughs() -> Vec<u8> {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE cvdr [\n<!ENTITY lol \"lol\">\n");
    let mut prev = "lol".to_string();
    for i in 1..10 {
        let name = format!("lol{i}");
        xml.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    xml.push_str(&format!(
        "]>\n<cvdr><body><regeling><regeling-tekst><artikel><kop><label>Artikel</label><nr>1</nr></kop><al>&{prev};</al></artikel></regeling-tekst></regeling></body></cvdr>\n"
    ));
    xml.into_bytes()
}

/// 100 000 nested `<div>`s around one article.
fn deep_html() -> Vec<u8> {
    let depth = 100_000;
    let mut html = String::with_capacity(depth * 12);
    html.push_str("<html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str("<h3>Artikel 1 Diep</h3><p>Het is verboden diep te nesten.</p>");
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    html.into_bytes()
}

/// The compare folder: one good municipality, and the bad files spread over others.
fn hostile_set(dir: &Path) {
    // Almere's APV, renamed: an APV naming another municipality than its folder is not judged.
    let almere = std::fs::read_to_string(root().join("fixtures/flevoland/Almere/apv-almere.md"))
        .unwrap()
        .replace("Almere", "Goedstad");
    write(&dir.join("Goedstad/apv-goedstad.md"), almere.as_bytes());
    write(&dir.join("Leegdam/apv.txt"), b"");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0u8; 512]);
    write(&dir.join("Plaatwijk/apv.txt"), &png);
    // 200 MB without using the disk: a sparse file.
    std::fs::create_dir_all(dir.join("Grootveen")).unwrap();
    std::fs::File::create(dir.join("Grootveen/apv-groot.txt"))
        .unwrap()
        .set_len(200_000_000)
        .unwrap();
    // A real 3 MB text, above --max-file-size 1M.
    let line = "Artikel 1 Begrippen\nIn deze verordening wordt verstaan onder weg: een weg.\n";
    write(
        &dir.join("Grootveen/bijlage.txt"),
        line.repeat(3_000_000 / line.len()).as_bytes(),
    );
    write(&dir.join("Bomhaven/apv.docx"), &zip_bomb());
    write(&dir.join("Lachmond/apv.xml"), &billion_laughs());
    write(&dir.join("Diephorst/apv.html"), &deep_html());
    let mut latin = b"Artikel 1 Caf\xe9s\nHet is verboden een caf\xe9 te exploiteren \xff\xfe zonder vergunning.\n"
        .to_vec();
    latin.extend_from_slice(b"\xc3\x28 ongeldige reeks\n");
    write(&dir.join("Kapotburg/apv.txt"), &latin);
    // Hidden and system files are not documents.
    write(&dir.join("Goedstad/.~lock.apv.md#"), b"lock");
    write(&dir.join("Goedstad/Thumbs.db"), b"\0\0\0");
    write(&dir.join("Goedstad/~$apv.docx"), b"\0lock");
    // Folder loops: a link to the municipality's own folder and one to the compare folder.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("Goedstad"), dir.join("Goedstad/rondje")).unwrap();
        std::os::unix::fs::symlink(dir, dir.join("Goedstad/omhoog")).unwrap();
        std::os::unix::fs::symlink(dir, dir.join("Terugweg")).unwrap();
    }
}

fn municipality<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the report"))
}

/// The notices of a municipality, each as one line of compact JSON (kind, file, problem).
fn errors(m: &Value) -> Vec<String> {
    m["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn a_hostile_batch_is_compared_with_one_line_per_bad_file() {
    let dir = temp_dir("compare");
    hostile_set(&dir);
    let d = dir.to_str().unwrap();
    let out = apv(&["compare", d, "--format", "json", "--max-file-size", "1M"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code(&out), 0, "{err}");
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();

    // The good municipality is compared as if alone, its loops named and not followed.
    let good = municipality(&report, "Goedstad");
    assert_eq!(good["documents"].as_array().unwrap().len(), 1, "{good}");
    let sluiting = good["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "3.2.1")
        .unwrap();
    assert_eq!(sluiting["status"], "met");
    #[cfg(unix)]
    {
        let loops = errors(good);
        assert!(
            loops
                .iter()
                .any(|e| e.contains("rondje") && e.contains("folder_loop"))
                && loops
                    .iter()
                    .any(|e| e.contains("omhoog") && e.contains("folder_loop")),
            "{loops:?}"
        );
        assert!(
            !report["municipalities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["name"] == "Terugweg"),
            "a link to the compare folder is not a municipality"
        );
        let loose = report["notices"].to_string();
        assert!(
            loose.contains("Terugweg") && loose.contains("folder_loop"),
            "{loose}"
        );
    }

    // Each bad file: one line that names it and says what is wrong.
    let expect = [
        ("Leegdam", "apv.txt", "\"empty\""),
        ("Plaatwijk", "apv.txt", "\"binary\""),
        ("Grootveen", "apv-groot.txt", "\"too_large\""),
        ("Grootveen", "bijlage.txt", "\"too_large\""),
        ("Bomhaven", "apv.docx", "zip bomb"),
        ("Lachmond", "apv.xml", "entit"),
    ];
    for (name, file, what) in expect {
        let errs = errors(municipality(&report, name));
        assert!(
            errs.iter()
                .any(|e| e.contains(file) && e.contains(what) && !e.contains('\n')),
            "{name}/{file}: expected one line with {what:?}, got {errs:?}"
        );
        // Not read is not absent: its APV requirements are not assessed.
        let m = municipality(&report, name);
        assert_eq!(m["verdicts"][0]["status"], "not_assessed", "{name}");
    }
    // Deep nesting and broken UTF-8 are read or refused with a line; either way nothing else
    // breaks.
    for name in ["Diephorst", "Kapotburg"] {
        let m = municipality(&report, name);
        let read = m["documents"].as_array().unwrap().len();
        let errs = errors(m);
        assert!(
            read == 1 || errs.iter().any(|e| e.contains("apv.")),
            "{name}: {m}"
        );
        assert!(errs.iter().all(|e| !e.contains('\n')), "{errs:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn strict_compare_fails_with_one_line_naming_a_bad_file() {
    let dir = temp_dir("strict");
    hostile_set(&dir);
    let out = apv(&[
        "compare",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--max-file-size",
        "1M",
        "--strict",
    ]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("apv: error: ") && last.contains("niet gelezen"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn max_file_size_takes_suffixes_and_applies_to_parse_and_scan() {
    let dir = temp_dir("limits");
    let line = "Artikel 1 Begrippen\nIn deze verordening wordt verstaan onder weg: een weg.\n";
    let big = dir.join("groot.txt");
    write(&big, line.repeat(300_000 / line.len()).as_bytes());
    let big = big.to_str().unwrap();

    let out = apv(&["parse", big, "--max-file-size", "256k"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("groot.txt") && err.contains("too large") && err.contains("262144"));
    assert_eq!(code(&apv(&["parse", big, "--max-file-size", "1M"])), 0);

    // scan: the too-large file is skipped with a warning, the good one is scanned.
    let good = root().join("fixtures/flevoland/Urk/apv-urk.md");
    let out = apv(&[
        "scan",
        good.to_str().unwrap(),
        big,
        "--max-file-size",
        "256K",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let urk = &report["municipalities"][0];
    assert_eq!(urk["documents"].as_array().unwrap().len(), 1);
    let notice = &urk["notices"][0];
    assert!(
        notice["file"].as_str().unwrap().ends_with("groot.txt")
            && notice["problem"]["problem"] == "too_large",
        "{notice}"
    );

    let out = apv(&["compare", dir.to_str().unwrap(), "--max-file-size", "12T"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("12T"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
