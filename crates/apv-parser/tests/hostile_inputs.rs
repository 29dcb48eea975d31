//! Untrusted and damaged inputs: zip bombs, external entities and entity expansion, truncated
//! XML, images under a text or .docx name, deeply nested HTML, and PDFs with and without
//! `pdftotext`. Each gives a one-line error naming the file, or is read safely; none panics.

use std::io::{Cursor, Write};

use apv_parser::{ErrorKind, InputForm, ParseError, ParseOptions, WarningKind};

fn parse(bytes: &[u8], name: &str) -> Result<apv_parser::Document, ParseError> {
    apv_parser::parse_bytes(bytes, name, &ParseOptions::default())
}

fn one_line_error(e: &ParseError, name: &str) -> String {
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("{name}: ")), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    msg
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    )
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Offsets of the local header and the central-directory record of an entry.
fn headers(bytes: &[u8], name: &str) -> (usize, usize) {
    let find = |sig: &[u8], name_at: usize| {
        (0..bytes.len() - 4)
            .find(|&i| {
                &bytes[i..i + 4] == sig
                    && bytes.get(i + name_at..i + name_at + name.len()) == Some(name.as_bytes())
            })
            .unwrap()
    };
    (find(b"PK\x03\x04", 30), find(b"PK\x01\x02", 46))
}

#[test]
fn a_docx_with_too_many_entries_is_refused() {
    let doc = document_xml("<w:p><w:r><w:t>Artikel 1 Titel</w:t></w:r></w:p>");
    let names: Vec<String> = (0..5_001).map(|i| format!("word/media/x{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
    entries.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    let e = parse(&zip_of(&entries), "veel.docx").unwrap_err();
    let msg = one_line_error(&e, "veel.docx");
    assert!(
        msg.contains("5002 entries") && msg.contains("zip bomb"),
        "{msg}"
    );
}

#[test]
fn a_docx_that_expands_too_far_is_refused() {
    // 2 MiB of white space inside a paragraph compresses to a few kilobytes.
    let padding = " ".repeat(2 << 20);
    let doc = document_xml(&format!(
        "<w:p><w:r><w:t>Artikel 1{padding}Titel</w:t></w:r></w:p>"
    ));
    let bytes = zip_of(&[("word/document.xml", doc.as_bytes())]);
    assert!(bytes.len() < 64 * 1024);
    let small = ParseOptions {
        max_file_size: 256 * 1024,
        ..ParseOptions::default()
    };
    let e = apv_parser::parse_bytes(&bytes, "bom.docx", &small).unwrap_err();
    let msg = one_line_error(&e, "bom.docx");
    assert!(msg.contains("zip bomb"), "{msg}");

    // The same archive with its size fields lowered to 100 bytes: the header lies, the
    // bounded reader still stops.
    let mut lying = bytes.clone();
    let (local, central) = headers(&lying, "word/document.xml");
    lying[local + 22..local + 26].copy_from_slice(&100u32.to_le_bytes());
    lying[central + 24..central + 28].copy_from_slice(&100u32.to_le_bytes());
    let e = apv_parser::parse_bytes(&lying, "liegt.docx", &small).unwrap_err();
    let msg = one_line_error(&e, "liegt.docx");
    assert!(
        msg.contains("more than its header says") || msg.contains("damaged"),
        "{msg}"
    );

    // A declared size of 4 GiB is refused before anything is decompressed.
    let mut huge = bytes.clone();
    huge[central + 24..central + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = parse(&huge, "groot.docx").unwrap_err();
    let msg = one_line_error(&e, "groot.docx");
    assert!(msg.contains("zip bomb"), "{msg}");
}

#[test]
fn an_encrypted_docx_entry_is_refused() {
    let doc = document_xml("<w:p><w:r><w:t>Artikel 1 Titel</w:t></w:r></w:p>");
    let mut bytes = zip_of(&[("word/document.xml", doc.as_bytes())]);
    let (local, central) = headers(&bytes, "word/document.xml");
    bytes[local + 6] |= 1;
    bytes[central + 8] |= 1;
    let e = parse(&bytes, "geheim.docx").unwrap_err();
    let msg = one_line_error(&e, "geheim.docx");
    assert!(msg.contains("password"), "{msg}");
}

#[test]
fn a_docx_that_is_not_a_zip_is_damaged() {
    let e = parse(b"Artikel 1 Titel\nTekst.\n", "concept.docx").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Malformed { ref form, .. } if form == ".docx"));
    let msg = one_line_error(&e, "concept.docx");
    assert!(msg.contains("not a zip archive"), "{msg}");
}

#[test]
fn external_entities_and_entity_expansion_are_refused() {
    let xxe = b"<?xml version=\"1.0\"?>\n<!DOCTYPE cvdr [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<cvdr><body><artikel><kop><label>Artikel</label><nr>1</nr></kop><al>&xxe;</al></artikel></body></cvdr>";
    let e = parse(xxe, "xxe.xml").unwrap_err();
    let msg = one_line_error(&e, "xxe.xml");
    assert!(msg.contains("entit"), "{msg}");
    assert!(!msg.contains("root:"), "{msg}");

    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<cvdr><body><al>&lol9;</al></body></cvdr>");
    let e = parse(laughs.as_bytes(), "lol.xml").unwrap_err();
    one_line_error(&e, "lol.xml");

    // The same inside a .docx part.
    let doc = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    );
    let e = parse(
        &zip_of(&[("word/document.xml", doc.as_bytes())]),
        "xxe.docx",
    )
    .unwrap_err();
    let msg = one_line_error(&e, "xxe.docx");
    assert!(msg.contains("DTD"), "{msg}");
}

#[test]
fn truncated_xml_is_damaged() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/forms/lindevoort/apv.xml"
    );
    let xml = std::fs::read(path).unwrap();
    let e = parse(&xml[..xml.len() * 2 / 3], "afgebroken.xml").unwrap_err();
    assert!(matches!(
        e.kind,
        ErrorKind::Malformed { ref form, .. } if form == "CVDR XML"
    ));
    let msg = one_line_error(&e, "afgebroken.xml");
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn images_under_another_name_are_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let e = parse(png, "apv.txt").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Binary { .. }));
    assert_eq!(
        one_line_error(&e, "apv.txt"),
        "apv.txt: not a text document (a PNG image)"
    );

    let e = parse(png, "apv.docx").unwrap_err();
    let msg = one_line_error(&e, "apv.docx");
    assert!(
        msg.contains("not a zip archive") && msg.contains("PNG"),
        "{msg}"
    );

    let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0";
    let e = parse(jpeg, "apv.html").unwrap_err();
    assert!(one_line_error(&e, "apv.html").contains("JPEG"));
}

#[test]
fn deeply_nested_html_does_not_crash() {
    let mut html = String::from("<html><body>");
    for _ in 0..100_000 {
        html.push_str("<div>");
    }
    html.push_str("<h3>Artikel 1 Diep genest</h3><p>1. Het is verboden te graven.</p>");
    for _ in 0..100_000 {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let doc = parse(html.as_bytes(), "diep.html").unwrap();
    assert_eq!(doc.form, InputForm::Html);
    let art = doc.find_article("1").unwrap();
    assert_eq!(doc.node(art).title.as_deref(), Some("Diep genest"));

    // Unclosed and stray tags, 100 000 of them, without any closing tag.
    let html = "<p><b><i><span>".repeat(25_000) + "Artikel 1 Open\n1. Tekst.";
    assert!(parse(html.as_bytes(), "open.html").is_ok());
}

#[test]
fn deeply_nested_xml_is_refused_without_crashing() {
    let xml = format!(
        "<cvdr><body>{}{}</body></cvdr>",
        "<al>".repeat(100_000),
        "</al>".repeat(100_000)
    );
    let e = parse(xml.as_bytes(), "diep.xml").unwrap_err();
    assert!(one_line_error(&e, "diep.xml").contains("nested deeper"));
}

/// A one-page PDF with the given lines in Helvetica.
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 72 760 Td 14 TL\n");
    for l in lines {
        content.push_str(&format!("({l}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
#[allow(clippy::print_stdout)] // the skip notice is meant for whoever runs the tests
fn a_pdf_is_read_through_pdftotext_when_installed() {
    let bytes = pdf(&[
        "Artikel 1 Begripsbepalingen",
        "In deze verordening wordt verstaan onder:",
        "a. college: het college van burgemeester en wethouders;",
        "Artikel 2 Vergunning",
        "1. Het is verboden zonder vergunning te venten.",
        "2. De burgemeester beslist binnen acht weken.",
    ]);
    if !apv_parser::pdftotext_available() {
        println!("skipped: pdftotext not installed (apt-get install poppler-utils)");
        return;
    }
    let doc = parse(&bytes, "apv.pdf").unwrap();
    assert_eq!(doc.form, InputForm::Pdf);
    let numbers: Vec<_> = doc
        .articles()
        .filter_map(|a| doc.node(a).number.clone())
        .collect();
    assert_eq!(numbers, ["1", "2"]);
    let art2 = doc.find_article("2").unwrap();
    assert_eq!(doc.node(art2).children.len(), 2);
}

#[test]
fn the_input_format_override_wins_over_detection() {
    let html = b"<div>\nArtikel 1 Titel\n1. Tekst.\n</div>\n";
    let as_text = ParseOptions {
        form: Some(InputForm::Text),
        ..ParseOptions::default()
    };
    let doc = apv_parser::parse_bytes(html, "apv.html", &as_text).unwrap();
    assert_eq!(doc.form, InputForm::Text);
    assert!(doc.text.contains("<div>"));
    let doc = parse(html, "apv.html").unwrap();
    assert_eq!(doc.form, InputForm::Html);
    assert!(!doc.text.contains("<div>"));
}

#[test]
fn metadata_and_historical_versions_reach_the_document() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/forms/");
    let read = |f: &str| std::fs::read(format!("{dir}{f}")).unwrap();

    let doc = parse(&read("lindevoort/apv.xml"), "apv.xml").unwrap();
    let m = &doc.metadata;
    assert_eq!(
        m.title.as_deref(),
        Some("Algemene plaatselijke verordening Lindevoort 2024")
    );
    assert_eq!(m.municipality.as_deref(), Some("Lindevoort"));
    assert_eq!(m.cvdr_id.as_deref(), Some("CVDR700101"));
    assert_eq!(m.valid_from.as_deref(), Some("2024-01-01"));
    assert!(!m.historical);
    assert!(
        !doc.warnings
            .iter()
            .any(|w| w.kind == WarningKind::HistoricalVersion)
    );

    let doc = parse(&read("lindevoort/apv.html"), "apv.html").unwrap();
    assert_eq!(doc.metadata.cvdr_id.as_deref(), Some("CVDR700101"));
    assert_eq!(doc.metadata.municipality.as_deref(), Some("Lindevoort"));
    assert_eq!(doc.metadata.valid_from.as_deref(), Some("2024-01-01"));

    for f in ["bergakker/apv.xml", "bergakker/apv.html"] {
        let doc = parse(&read(f), f).unwrap();
        assert!(doc.metadata.historical, "{f}");
        assert_eq!(
            doc.metadata.valid_until.as_deref(),
            Some("2023-12-31"),
            "{f}"
        );
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.kind == WarningKind::HistoricalVersion),
            "{f}"
        );
    }
}

#[test]
fn nodes_point_at_their_line_in_the_original_file() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/forms/meerzicht/"
    );
    for f in ["apv.xml", "apv.html"] {
        let bytes = std::fs::read(format!("{dir}{f}")).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let doc = parse(&bytes, f).unwrap();
        let art = doc.find_article("2:10a").unwrap();
        let line = doc.node(art).line as usize;
        let source_line = text.lines().nth(line - 1).unwrap();
        assert!(
            source_line.contains("2.10A"),
            "{f}: line {line} is {source_line:?}"
        );
    }
}
