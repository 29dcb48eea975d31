//! The markup readers on damaged input never panic: random bytes, and the fixture files cut,
//! spliced and with bytes overwritten, read as their form ([`apv_parser::parse_bytes_as`]).
//! What each reader promises (one origin per rendered line, no empty line) is asserted inside
//! the parser in debug builds, so these tests check it too. (The fuzz targets `read_cvdr`,
//! `read_html` and `read_docx` search much further; this runs on every `cargo test`.)

use std::io::{Cursor, Write};

use apv_parser::{InputForm, ParseOptions, parse_bytes_as};
use proptest::prelude::*;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/forms/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Cuts `bytes` at `cut`, and overwrites a few bytes at the given places.
fn damage(mut bytes: Vec<u8>, cut: usize, edits: &[(usize, u8)]) -> Vec<u8> {
    if !bytes.is_empty() {
        for &(at, b) in edits {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        bytes.truncate(cut % (bytes.len() + 1));
    }
    bytes
}

fn zip_with_document(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(document).unwrap();
    zip.start_file("word/numbering.xml", opts).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let opts = ParseOptions::default();
        for form in [InputForm::CvdrXml, InputForm::Html, InputForm::Docx] {
            let _ = parse_bytes_as(form, &bytes, "x", &opts);
        }
    }

    #[test]
    fn damaged_fixtures(
        cut in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), prop_oneof![Just(b'<'), Just(b'>'), Just(b'&'), Just(b'/'), Just(b'"'), Just(0u8), Just(0xC3u8), any::<u8>()]), 0..8),
        which in 0usize..3,
    ) {
        let opts = ParseOptions::default();
        let name = ["lindevoort", "meerzicht", "bergakker"][which];
        let xml = damage(fixture(&format!("{name}/apv.xml")), cut, &edits);
        let _ = parse_bytes_as(InputForm::CvdrXml, &xml, "x.xml", &opts);
        let page = damage(fixture(&format!("{name}/apv.html")), cut, &edits);
        let _ = parse_bytes_as(InputForm::Html, &page, "x.html", &opts);
        // A damaged document part inside a sound archive.
        let doc = damage(
            format!(
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}</w:body></w:document>",
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:ins><w:r><w:t>Artikel 1 Tekst</w:t></w:r></w:ins><w:del><w:r><w:delText>weg</w:delText></w:r></w:del></w:p>".repeat(4)
            ).into_bytes(),
            cut,
            &edits,
        );
        let _ = parse_bytes_as(InputForm::Docx, &zip_with_document(&doc), "x.docx", &opts);
    }
}
