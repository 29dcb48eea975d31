//! A .docx package written for a test (`#[path = "common/docx.rs"] mod docx;`): the parts a
//! test gives, plus the content types and the package relationship that names
//! `word/document.xml` as the main part, as Word writes them.

use std::io::{Cursor, Write};

/// The WordprocessingML namespace, for the parts a test writes.
#[allow(dead_code)]
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/// The bytes of a .docx holding `parts` (path in the package, XML).
pub fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let fixed = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
    ];
    for (path, content) in fixed.iter().chain(parts) {
        zip.start_file(*path, opts).expect("a zip entry");
        zip.write_all(content.as_bytes())
            .expect("written to memory");
    }
    zip.finish().expect("a finished zip").into_inner()
}
