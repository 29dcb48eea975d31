//! The same APV in every form it arrives in (text, Markdown, CVDR XML, HTML, .docx, and PDF
//! when `pdftotext` is installed) parses to the same articles: numbers, titles, repealed
//! flags, leden, onderdelen and sub-onderdelen.
//!
//! The fixtures are fictional APVs under `fixtures/forms/<municipality>/`. The .docx form is
//! generated here from the text form: structure labels become AUTOMATIC numbering in
//! `word/numbering.xml` (so they are not in the text at all), and tracked changes, a comment
//! and a Word table of contents are added, which the reader must see through.

use std::path::PathBuf;

use apv_parser::{Document, InputForm, NodeId, NodeKind, ParseOptions, WarningKind};

fn fixture_dir(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/forms")).join(name)
}

fn fixture(name: &str, file: &str) -> Vec<u8> {
    let path = fixture_dir(name).join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(bytes: &[u8], name: &str) -> Document {
    apv_parser::parse_bytes(bytes, name, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// What must be equal across forms: per article its number, title, repealed flag, and the
/// numbers of its leden, onderdelen and sub-onderdelen, nested.
#[derive(Debug, PartialEq)]
struct ArticleShape {
    number: Option<String>,
    title: Option<String>,
    repealed: bool,
    parts: Vec<Part>,
}

#[derive(Debug, PartialEq)]
struct Part {
    kind: &'static str,
    number: Option<String>,
    parts: Vec<Part>,
}

fn parts(doc: &Document, id: NodeId) -> Vec<Part> {
    doc.node(id)
        .children
        .iter()
        .filter_map(|&c| {
            let n = doc.node(c);
            let kind = match n.kind {
                NodeKind::Member => "lid",
                NodeKind::Item => "onderdeel",
                NodeKind::SubItem => "sub-onderdeel",
                _ => return None,
            };
            Some(Part {
                kind,
                number: n.number.clone(),
                parts: parts(doc, c),
            })
        })
        .collect()
}

fn shape(doc: &Document) -> Vec<ArticleShape> {
    doc.articles()
        .map(|id| {
            let n = doc.node(id);
            ArticleShape {
                number: n.number.clone(),
                title: n.title.clone(),
                repealed: n.repealed,
                parts: parts(doc, id),
            }
        })
        .collect()
}

fn count(parts: &[Part], kind: &str) -> usize {
    parts
        .iter()
        .map(|p| usize::from(p.kind == kind) + count(&p.parts, kind))
        .sum()
}

/// Checks every form of one fixture against its text form and against what the fixture is
/// known to hold.
fn check_fixture(
    name: &str,
    articles: &[&str],
    repealed: &[&str],
    leden: usize,
    onderdelen: usize,
    subs: usize,
) {
    let text = parse(&fixture(name, "apv.txt"), "apv.txt");
    assert_eq!(text.form, InputForm::Text);
    let reference = shape(&text);
    let numbers: Vec<&str> = reference
        .iter()
        .filter_map(|a| a.number.as_deref())
        .collect();
    assert_eq!(
        numbers, articles,
        "{name}: article numbers of the text form"
    );
    let rep: Vec<&str> = reference
        .iter()
        .filter(|a| a.repealed)
        .filter_map(|a| a.number.as_deref())
        .collect();
    assert_eq!(rep, repealed, "{name}: repealed articles of the text form");
    let all_parts: Vec<Part> = reference.into_iter().flat_map(|a| a.parts).collect();
    assert_eq!(count(&all_parts, "lid"), leden, "{name}: leden");
    assert_eq!(
        count(&all_parts, "onderdeel"),
        onderdelen,
        "{name}: onderdelen"
    );
    assert_eq!(
        count(&all_parts, "sub-onderdeel"),
        subs,
        "{name}: sub-onderdelen"
    );
    let reference = shape(&text);

    let docx = docx_from_text(&String::from_utf8(fixture(name, "apv.txt")).unwrap(), name);
    let mut forms: Vec<(&str, Vec<u8>, InputForm)> = vec![
        ("apv.md", fixture(name, "apv.md"), InputForm::Markdown),
        ("apv.xml", fixture(name, "apv.xml"), InputForm::CvdrXml),
        ("apv.html", fixture(name, "apv.html"), InputForm::Html),
        ("apv.docx", docx, InputForm::Docx),
    ];
    if pdftotext_installed() {
        let text = String::from_utf8(fixture(name, "apv.txt")).unwrap();
        forms.push(("apv.pdf", pdf_from_text(&text), InputForm::Pdf));
    }
    for (file, bytes, form) in forms {
        // Detection by content: the name carries no extension.
        let doc = parse(&bytes, &format!("{name}-{}", file.replace('.', "-")));
        assert_eq!(doc.form, form, "{name}/{file}: detected form");
        let got = shape(&doc);
        for (want, got) in reference.iter().zip(&got) {
            assert_eq!(got, want, "{name}/{file}: article {:?}", want.number);
        }
        assert_eq!(
            got.len(),
            reference.len(),
            "{name}/{file}: number of articles"
        );
        if form == InputForm::Docx {
            assert!(
                doc.warnings
                    .iter()
                    .any(|w| w.kind == WarningKind::TrackedChanges),
                "{name}/{file}: tracked changes warning"
            );
        }
    }
}

#[test]
fn lindevoort_is_the_same_in_every_form() {
    check_fixture(
        "lindevoort",
        &[
            "1:1", "1:2", "1:3", "2:1", "2:24", "2:25", "2:28", "2:28a", "2:29", "3:1", "3:2",
        ],
        &["1:3", "2:29"],
        13,
        12,
        2,
    );
}

#[test]
fn meerzicht_is_the_same_in_every_form() {
    check_fixture(
        "meerzicht",
        &[
            "1:1", "1:2", "2:1", "2:2", "2:3", "2:10", "2:10a", "3:1", "3:2",
        ],
        &["2:3"],
        9,
        8,
        4,
    );
}

#[test]
fn bergakker_is_the_same_in_every_form() {
    check_fixture(
        "bergakker",
        &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        &["4", "5"],
        7,
        8,
        3,
    );
}

// ---------------------------------------------------------------------------------------
// The PDF generator

#[allow(clippy::print_stdout)] // the skip notice is meant for whoever runs the tests
fn pdftotext_installed() -> bool {
    let found = apv_parser::pdftotext_available();
    if !found {
        println!("skipped the PDF form: pdftotext not installed (apt-get install poppler-utils)");
    }
    found
}

/// A one-page PDF (tall enough for every line) that shows `text` line by line in Helvetica,
/// WinAnsi-encoded.
fn pdf_from_text(text: &str) -> Vec<u8> {
    let lines: Vec<&str> = text.lines().collect();
    let height = 60 + 12 * lines.len();
    let mut content = format!("BT /F1 8 Tf 36 {} Td 12 TL\n", height - 36).into_bytes();
    for line in &lines {
        content.push(b'(');
        for c in line.chars() {
            match c {
                '(' | ')' | '\\' => content.extend_from_slice(&[b'\\', c as u8]),
                ' '..='~' => content.push(c as u8),
                'é' => content.push(0xE9),
                'ë' => content.push(0xEB),
                'ï' => content.push(0xEF),
                '°' => content.push(0xB0),
                other => panic!("no WinAnsi byte for {other:?} in a fixture"),
            }
        }
        content.extend_from_slice(b") Tj T*\n");
    }
    content.extend_from_slice(b"ET");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1400 {height}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(&content);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
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

// ---------------------------------------------------------------------------------------
// The .docx generator

use docx::W;

#[path = "common/docx.rs"]
mod docx;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

fn para(style: Option<&str>, num: Option<(u32, u32)>, body: &str) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if let Some((num_id, ilvl)) = num {
        ppr.push_str(&format!(
            "<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr>"
        ));
    }
    format!("<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>")
}

/// A leading list label of a text line: its numbering level (1 lid, 2 onderdeel, 3
/// sub-onderdeel) and the text after it.
fn split_label(line: &str) -> Option<(u32, &str)> {
    let (label, rest) = line.split_once(' ')?;
    if let Some(n) = label.strip_suffix('°') {
        return n.chars().all(|c| c.is_ascii_digit()).then_some((3, rest));
    }
    let l = label.strip_suffix('.')?;
    if !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()) {
        return Some((1, rest));
    }
    if l.len() == 1 && l.chars().all(|c| c.is_ascii_lowercase()) {
        return Some((2, rest));
    }
    None
}

/// Builds a .docx from a text-form fixture: headings get heading styles; leden, onderdelen
/// and sub-onderdelen lose their typed labels and get automatic numbering instead (a new
/// list instance per article, restarted with `w:startOverride`); the first lid of each
/// article gets a tracked deletion and insertion; one deleted numbered paragraph, a comment
/// and a table of contents are added.
fn docx_from_text(text: &str, name: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut nums = String::new();
    let mut num_id = 0u32;
    let mut first_lid_done = false;
    let mut toc = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        if lower.starts_with("artikel ") {
            toc.push(line.to_string());
            num_id += 1;
            nums.push_str(&format!(
                "<w:num w:numId=\"{num_id}\"><w:abstractNumId w:val=\"1\"/>\
                 <w:lvlOverride w:ilvl=\"1\"><w:startOverride w:val=\"1\"/></w:lvlOverride>\
                 <w:lvlOverride w:ilvl=\"2\"><w:startOverride w:val=\"1\"/></w:lvlOverride>\
                 <w:lvlOverride w:ilvl=\"3\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
            ));
            first_lid_done = false;
            body.push_str(&para(Some("Kop3"), None, &run(line)));
        } else if lower.starts_with("hoofdstuk ") {
            body.push_str(&para(Some("Kop1"), None, &run(line)));
        } else if lower.starts_with("afdeling ") || lower.starts_with("paragraaf ") {
            body.push_str(&para(Some("Kop2"), None, &run(line)));
        } else if let Some((level, rest)) = split_label(line).filter(|_| num_id > 0) {
            let runs = if level == 1 && !first_lid_done {
                first_lid_done = true;
                // Accepted view: the original text. "niet " is deleted, the rest inserted.
                let (head, tail) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
                format!(
                    "{}<w:del w:id=\"{num_id}1\" w:author=\"Beleid\"><w:r><w:delText xml:space=\"preserve\">niet </w:delText></w:r></w:del>\
                     <w:ins w:id=\"{num_id}2\" w:author=\"Beleid\">{}</w:ins>\
                     <w:commentRangeStart w:id=\"{num_id}\"/><w:r><w:commentReference w:id=\"{num_id}\"/></w:r>",
                    run(head),
                    run(tail)
                )
            } else {
                run(rest)
            };
            body.push_str(&para(None, Some((num_id, level)), &runs));
            if level == 1 && num_id == 2 {
                // A whole numbered lid deleted as a tracked change: gone, and not counted.
                body.push_str(&format!(
                    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"{num_id}\"/></w:numPr>\
                     <w:rPr><w:del w:id=\"999\" w:author=\"Beleid\"/></w:rPr></w:pPr>\
                     <w:del w:id=\"998\" w:author=\"Beleid\"><w:r><w:delText>Dit lid is geschrapt.</w:delText></w:r></w:del></w:p>"
                ));
            }
        } else {
            body.push_str(&para(None, None, &run(line)));
        }
    }
    let toc_paras: String = toc
        .iter()
        .enumerate()
        .map(|(i, t)| {
            para(
                Some("Inhopg3"),
                None,
                &format!("{}<w:r><w:tab/><w:t>{}</w:t></w:r>", run(t), i + 2),
            )
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W}\"><w:body>{}{toc_paras}{body}<w:sectPr/></w:body></w:document>",
        para(Some("Kopvaninhoudsopgave"), None, &run("Inhoudsopgave"))
    );
    // Level 3 of fixture "bergakker" is written "%4." (a numbered level under a lettered
    // one); the others write "%4°".
    let sub = if name == "bergakker" { "%4." } else { "%4°" };
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:numbering xmlns:w=\"{W}\">\
         <w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"multilevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"none\"/><w:lvlText w:val=\"\"/></w:lvl>\
         <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%2.\"/></w:lvl>\
         <w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%3.\"/></w:lvl>\
         <w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"{sub}\"/></w:lvl>\
         </w:abstractNum>{nums}</w:numbering>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop2\"><w:name w:val=\"heading 2\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop3\"><w:name w:val=\"heading 3\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Inhopg3\"><w:name w:val=\"toc 3\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Kopvaninhoudsopgave\"><w:name w:val=\"TOC Heading\"/></w:style>\
         </w:styles>"
    );
    let comments = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:comments xmlns:w=\"{W}\"><w:comment w:id=\"1\" w:author=\"Jurist\"><w:p>{}</w:p></w:comment></w:comments>",
        run("Artikel 99 Dit commentaar is geen regelgeving.")
    );
    docx::package(&[
        ("word/document.xml", &document),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
        ("word/comments.xml", &comments),
    ])
}
