//! Every node and warning carries the bytes of the original input it was read from
//! (`source`): sliced out of the input, an article's bytes hold its number and title and a
//! lid's bytes its words, in every form; spans lie inside the input and follow the document's
//! order; decoded input (Windows-1252, UTF-16, `\r\n`) maps back to its own bytes.

use std::io::Read;
use std::path::{Path, PathBuf};

use apv_parser::{Document, InputForm, NodeId, NodeKind, ParseOptions, SourceBasis, SourceSpan};

fn forms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/forms")
}

/// The bytes a document's source spans count in: the file itself, or the main part of a
/// .docx. `None` for a PDF (its spans count in the text `pdftotext` wrote).
fn basis_bytes(doc: &Document, file: &[u8]) -> Option<Vec<u8>> {
    match &doc.source_basis {
        SourceBasis::Input => Some(file.to_vec()),
        SourceBasis::DocxPart { path } => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(file)).expect("a zip");
            let mut part = zip.by_name(path).expect("the main part");
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).expect("the part decompresses");
            Some(bytes)
        }
        _ => None,
    }
}

/// The words of a slice of the input as a reader sees them: tags removed, the common
/// character references decoded, Markdown emphasis and escapes dropped, white space collapsed.
fn visible_words(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '*' | '_' | '\\' | '#' => {}
            _ => out.push(c),
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace(['\u{a0}', '\u{ad}'], " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `n` words of a string.
fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn slice<'b>(bytes: &'b [u8], span: SourceSpan, what: &str) -> &'b [u8] {
    assert!(
        span.start <= span.end && span.end <= bytes.len(),
        "{what}: source span {span:?} outside the input of {} bytes",
        bytes.len()
    );
    &bytes[span.range()]
}

/// Checks that each article's bytes hold its number as written and its title, and each lid's
/// bytes its number and its first words. Returns how many nodes were checked.
fn check_words(doc: &Document, bytes: &[u8], what: &str) -> usize {
    let mut checked = 0;
    for id in doc.articles() {
        let node = doc.node(id);
        let what = format!("{what} article {:?}", node.number);
        let source = doc
            .node_source(id)
            .unwrap_or_else(|| panic!("{what}: no source span"));
        let words = visible_words(slice(bytes, source, &what));
        let number = node.raw_number.as_deref().expect("an article's number");
        assert!(
            words.contains(number),
            "{what}: {number:?} not in {words:?}"
        );
        if let Some(title) = &node.title {
            let title = first_words(title, 2);
            assert!(words.contains(&title), "{what}: {title:?} not in {words:?}");
        }
        checked += 1;
        for &child in &node.children {
            checked += check_member(doc, child, bytes, &what);
        }
    }
    checked
}

fn check_member(doc: &Document, id: NodeId, bytes: &[u8], article: &str) -> usize {
    let node = doc.node(id);
    if node.kind != NodeKind::Member {
        return 0;
    }
    let what = format!("{article} lid {:?}", node.number);
    let source = doc
        .node_source(id)
        .unwrap_or_else(|| panic!("{what}: no source span"));
    let words = visible_words(slice(bytes, source, &what));
    let own = first_words(&doc.own_text(id), 3);
    assert!(words.contains(&own), "{what}: {own:?} not in {words:?}");
    // Word's automatic numbering is not in the paragraph: its number is in numbering.xml.
    if let Some(number) = node.number.as_ref().filter(|_| doc.form != InputForm::Docx) {
        assert!(
            words.contains(number.as_str()),
            "{what}: {number} not in {words:?}"
        );
    }
    let parent = doc.node_source(node.parent.expect("a lid's article"));
    assert!(
        parent.is_some_and(|p| p.start <= source.start && source.end <= p.end),
        "{what}: {source:?} outside its article's {parent:?}"
    );
    1
}

/// One fixture in each form with its words in place, including the .docx `w:p` XML.
#[test]
fn article_and_lid_bytes_hold_their_words_in_every_form() {
    let dir = forms_dir().join("eemhoven");
    for (file, form) in [
        ("regeling.md", InputForm::Markdown),
        ("regeling.xml", InputForm::CvdrXml),
        ("regeling.html", InputForm::Html),
        ("regeling.docx", InputForm::Docx),
        ("regeling.txt", InputForm::Text),
    ] {
        let input = std::fs::read(dir.join(file)).expect("the fixture");
        let doc = apv_parser::parse_bytes(&input, file, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(doc.form, form, "{file}");
        let bytes = basis_bytes(&doc, &input).expect("spans into the input or a part");
        if form == InputForm::Docx {
            // The span of a paragraph is its w:p element in word/document.xml.
            let first = doc.articles().next().expect("an article");
            let span = doc.node_source(first).expect("a source span");
            let xml = String::from_utf8_lossy(&bytes[span.range()]).into_owned();
            assert!(xml.starts_with("<w:p") && xml.ends_with("</w:p>"), "{xml}");
            assert_eq!(
                doc.source_basis,
                SourceBasis::DocxPart {
                    path: "word/document.xml".into()
                }
            );
        }
        let checked = check_words(&doc, &bytes, file);
        assert!(checked >= 10, "{file}: only {checked} nodes checked");
    }
}

/// The PDF form: spans count in the text `pdftotext` wrote, and say so.
#[test]
fn pdf_spans_count_in_the_text_pdftotext_wrote() {
    if !apv_parser::pdftotext_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is not installed; .ci/run installs poppler-utils"
        );
        return;
    }
    let path = forms_dir().join("eemhoven/regeling.pdf");
    let doc = apv_parser::parse_file(&path, &ParseOptions::default()).expect("the PDF parses");
    assert_eq!(doc.source_basis, SourceBasis::PdfText);
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs")
        .stdout;
    assert!(check_words(&doc, &text, "regeling.pdf") >= 10);
}

/// Over every cross-form fixture and form: each article has a source span inside the bytes
/// it counts in, and the articles' spans follow one another without overlap.
#[test]
fn article_spans_lie_inside_the_input_in_document_order() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(forms_dir())
        .expect("fixtures/forms")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.json").is_file())
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= 8,
        "{} cross-form fixtures",
        fixtures.len()
    );
    let mut articles = 0;
    for dir in &fixtures {
        for file in [
            "regeling.md",
            "regeling.xml",
            "regeling.html",
            "regeling.docx",
            "regeling.txt",
        ] {
            let what = format!("{}/{file}", dir.display());
            let input = std::fs::read(dir.join(file)).expect("the fixture");
            let doc = apv_parser::parse_bytes_any(&input, file, &ParseOptions::default())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let bytes = basis_bytes(&doc, &input).expect("spans into the input or a part");
            let mut before: Option<SourceSpan> = None;
            for id in doc.articles() {
                let node = doc.node(id);
                let span = doc
                    .node_source(id)
                    .unwrap_or_else(|| panic!("{what}: no span"));
                assert!(
                    span.start < span.end && span.end <= bytes.len(),
                    "{what} {:?}: {span:?} of {} bytes",
                    node.number,
                    bytes.len()
                );
                if let Some(b) = before {
                    assert!(
                        b.end <= span.start,
                        "{what} {:?}: {span:?} does not follow {b:?}",
                        node.number
                    );
                }
                before = Some(span);
                articles += 1;
            }
            for w in &doc.warnings {
                if let Some(s) = w.source {
                    assert!(s.start <= s.end && s.end <= bytes.len(), "{what}: {w:?}");
                }
            }
        }
    }
    assert!(articles >= 200, "{articles} articles checked");
}

/// Input decoded from Windows-1252 or UTF-16, with `\r\n` line ends: spans are bytes of the
/// input as given, not of the decoded text.
#[test]
fn decoded_input_maps_back_to_its_own_bytes() {
    let text = "Hoofdstuk 1 Algemene bepalingen\r\n\r\nArtikel 1:1 Begripsbepalingen café\r\n\
                1. In deze verordening wordt verstaan onder terras: een buitenruimte.\r\n\
                \r\nArtikel 1:2 Bevoegdheid tot wijziging\r\n\
                1. Het college kan de vergunning wijzigen, ook na één jaar.\r\n";
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for (name, bytes) in [("cp1252.txt", cp1252.to_vec()), ("utf16.txt", utf16)] {
        let doc = apv_parser::parse_bytes(&bytes, name, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let decode = |span: SourceSpan| {
            let raw = &bytes[span.range()];
            if name.starts_with("utf16") {
                encoding_rs::UTF_16LE
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned()
            } else {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned()
            }
        };
        let art = doc.find_article("1:1").expect("article 1:1");
        let span = doc.node_source(art).expect("a source span");
        let got = decode(span);
        assert!(
            got.starts_with("Artikel 1:1 Begripsbepalingen café"),
            "{name}: {got:?}"
        );
        assert!(got.ends_with("een buitenruimte."), "{name}: {got:?}");
        let lid = doc.node(doc.find_article("1:2").unwrap()).children[0];
        let got = decode(doc.node_source(lid).expect("a source span"));
        assert_eq!(
            got,
            "1. Het college kan de vergunning wijzigen, ook na één jaar."
        );
    }
}

/// The JSON of a document carries each node's and warning's source span and what they count.
#[test]
fn json_carries_source_spans() {
    let text = "Artikel 1 Begrippen\n1. Zie artikel 9.\nArtikel 2 Slot\nDeze verordening.\n";
    let doc = apv_parser::parse_text(text, "a.txt").expect("parses");
    let json = serde_json::to_value(&doc).expect("serialises");
    assert_eq!(json["source_basis"]["kind"], "input");
    let article = &json["nodes"][0];
    assert_eq!(article["kind"], "article");
    assert_eq!(article["source"]["start"], 0);
    assert_eq!(article["source"]["end"], 37);
    let warning = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "unresolved_reference")
        .expect("a warning about article 9");
    let (start, end) = (
        warning["source"]["start"].as_u64().unwrap() as usize,
        warning["source"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "1. Zie artikel 9.");
}

/// In the JSON, every reference and definition says where it is written in the input: the
/// line it starts on, and bytes that hold its words, in every form.
#[test]
fn json_references_and_definitions_carry_line_and_source() {
    let dir = forms_dir().join("eemhoven");
    for file in [
        "regeling.md",
        "regeling.xml",
        "regeling.html",
        "regeling.docx",
        "regeling.txt",
    ] {
        let input = std::fs::read(dir.join(file)).expect("the fixture");
        let doc = apv_parser::parse_bytes(&input, file, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let bytes = basis_bytes(&doc, &input).expect("spans into the input or a part");
        let json = serde_json::to_value(&doc).expect("serialises");
        let located = |item: &serde_json::Value, what: &str| -> (u64, String) {
            let line = item["line"]
                .as_u64()
                .unwrap_or_else(|| panic!("{what}: no line"));
            let span = SourceSpan::new(
                item["source"]["start"].as_u64().expect("a source start") as usize,
                item["source"]["end"].as_u64().expect("a source end") as usize,
            );
            (line, visible_words(slice(&bytes, span, what)))
        };
        let references = json["references"].as_array().expect("references");
        assert!(
            references.len() >= 3,
            "{file}: {} references",
            references.len()
        );
        for r in references {
            let raw = r["raw"].as_str().expect("raw");
            let what = format!("{file} reference {raw:?}");
            let (line, words) = located(r, &what);
            let from = &json["nodes"][r["from"].as_u64().expect("from") as usize];
            assert!(
                line >= from["line"].as_u64().expect("a line"),
                "{what}: line {line}"
            );
            let head = first_words(raw, 2);
            assert!(words.contains(&head), "{what}: {head:?} not in {words:?}");
        }
        let definitions = json["definitions"].as_array().expect("definitions");
        assert!(!definitions.is_empty(), "{file}: no definitions");
        for d in definitions {
            let term = d["term"].as_str().expect("a term");
            let what = format!("{file} definition {term:?}");
            let (line, words) = located(d, &what);
            let article = &json["nodes"][d["article"].as_u64().expect("article") as usize];
            assert!(
                line >= article["line"].as_u64().expect("a line"),
                "{what}: line {line}"
            );
            assert!(
                words.to_lowercase().contains(term),
                "{what}: not in {words:?}"
            );
        }
    }
}
