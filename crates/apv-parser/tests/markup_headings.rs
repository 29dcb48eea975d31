//! What the markup states about a heading survives into the tree: an article whose title
//! starts with a lower-case letter ("Artikel 4:12 vervaltermijn vergunning") is an article in
//! every form that marks it as a heading (CVDR `kop`, an HTML heading element, a Word heading
//! style), and in PDF text when the document sets its other article headings the same way.

use apv_parser::{Document, ParseOptions, WarningKind};

#[path = "common/docx.rs"]
mod docx;

fn parse(bytes: &[u8], name: &str) -> Document {
    apv_parser::parse_bytes(bytes, name, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// `number title` per article, in order.
fn articles(doc: &Document) -> Vec<String> {
    doc.articles()
        .map(|id| {
            let n = doc.node(id);
            format!(
                "{} {}",
                n.number.as_deref().unwrap_or("?"),
                n.title.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

const WANT: [&str; 3] = [
    "4:11 Vergunning",
    "4:12 vervaltermijn vergunning",
    "4:13 Intrekking",
];

fn no_broken_reference_to_4_12(doc: &Document) {
    assert!(
        !doc.warnings
            .iter()
            .any(|w| w.kind == WarningKind::UnresolvedReference && w.message.contains("4:12")),
        "{:?}",
        doc.warnings
    );
}

fn check(doc: &Document) {
    assert_eq!(articles(doc), WANT);
    let art = doc.find_article("4:12").expect("4:12 is an article");
    assert!(doc.body_text(art).contains("vervalt na een jaar"));
    let prev = doc.find_article("4:11").unwrap();
    assert!(!doc.node_text(prev).contains("vervalt na een jaar"));
    no_broken_reference_to_4_12(doc);
}

#[test]
fn cvdr_xml_kop_with_a_lower_case_title_is_an_article() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr><body><regeling><regeling-tekst>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>4</nr><titel>Vergunningen</titel></kop>
<artikel><kop><label>Artikel</label><nr>4:11</nr><titel>Vergunning</titel></kop>
<lid><lidnr>1.</lidnr><al>Het is verboden zonder vergunning een standplaats in te nemen.</al></lid>
<lid><lidnr>2.</lidnr><al>Artikel 4:12 is van toepassing.</al></lid>
</artikel>
<artikel><kop><label>Artikel</label><nr>4:12</nr><titel>vervaltermijn vergunning</titel></kop>
<al>De vergunning vervalt na een jaar als er geen gebruik van is gemaakt.</al>
</artikel>
<artikel><kop><label>Artikel</label><nr>4:13</nr><titel>Intrekking</titel></kop>
<al>De burgemeester kan de vergunning intrekken.</al>
</artikel>
</hoofdstuk>
</regeling-tekst></regeling></body></cvdr>"#;
    check(&parse(xml.as_bytes(), "apv.xml"));
}

#[test]
fn html_heading_element_with_a_lower_case_title_is_an_article() {
    let html = r#"<!DOCTYPE html><html><head><title>APV</title></head><body>
<h2>Hoofdstuk 4 Vergunningen</h2>
<h3>Artikel 4:11 Vergunning</h3>
<p>1. Het is verboden zonder vergunning een standplaats in te nemen.</p>
<p>2. Artikel 4:12 is van toepassing.</p>
<h3>Artikel 4:12 vervaltermijn vergunning</h3>
<p>De vergunning vervalt na een jaar als er geen gebruik van is gemaakt.</p>
<h3>Artikel 4:13 Intrekking</h3>
<p>De burgemeester kan de vergunning intrekken.</p>
</body></html>"#;
    check(&parse(html.as_bytes(), "apv.html"));
}

#[test]
fn word_heading_style_with_a_lower_case_title_is_an_article() {
    let para = |style: Option<&str>, text: &str| {
        let ppr = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        format!("<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    };
    let body = [
        para(Some("Kop1"), "Hoofdstuk 4 Vergunningen"),
        para(Some("Kop3"), "Artikel 4:11 Vergunning"),
        para(
            None,
            "1. Het is verboden zonder vergunning een standplaats in te nemen.",
        ),
        para(None, "2. Artikel 4:12 is van toepassing."),
        para(Some("Kop3"), "Artikel 4:12 vervaltermijn vergunning"),
        para(
            None,
            "De vergunning vervalt na een jaar als er geen gebruik van is gemaakt.",
        ),
        para(Some("Kop3"), "Artikel 4:13 Intrekking"),
        para(None, "De burgemeester kan de vergunning intrekken."),
    ]
    .concat();
    use docx::W;
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Kop3\"><w:name w:val=\"heading 3\"/></w:style>\
         </w:styles>"
    );
    let bytes = docx::package(&[
        ("word/document.xml", &document),
        ("word/styles.xml", &styles),
    ]);
    check(&parse(&bytes, "apv.docx"));
}

/// PDF text has no markup: a lower-case title is taken where the document sets its other
/// article headings alone on their line the same way, and the number follows on.
#[test]
fn pdf_text_lower_case_title_in_a_document_of_such_headings_is_an_article() {
    let text = "Hoofdstuk 4 Vergunningen\n\n\
                Artikel 4:10 Begrippen\n\
                In dit hoofdstuk wordt verstaan onder standplaats: een plaats op de weg.\n\n\
                Artikel 4:11 Vergunning\n\
                1. Het is verboden zonder vergunning een standplaats in te nemen.\n\
                2. Artikel 4:12 is van toepassing.\n\n\
                Artikel 4:12 vervaltermijn vergunning\n\
                De vergunning vervalt na een jaar als er geen gebruik van is gemaakt.\n\n\
                Artikel 4:13 Intrekking\n\
                De burgemeester kan de vergunning intrekken.\n";
    let doc = parse(text.as_bytes(), "apv.txt");
    assert_eq!(articles(&doc)[1..], WANT);
    no_broken_reference_to_4_12(&doc);
}

/// A sentence that starts with "Artikel 4:12" in running text stays text: it ends like a
/// sentence, or its number does not follow on.
#[test]
fn pdf_text_sentences_starting_with_artikel_stay_text() {
    let text = "Artikel 4:10 Begrippen\n\
                In dit hoofdstuk wordt verstaan onder standplaats: een plaats op de weg.\n\n\
                Artikel 4:11 Vergunning\n\
                1. Het is verboden zonder vergunning een standplaats in te nemen. De aanvraag\n\
                Artikel 2:10 is van overeenkomstige toepassing op de aanvraag\n\
                wordt ingediend bij de burgemeester.\n\n\
                Artikel 4:12 Intrekking\n\
                De burgemeester kan de vergunning intrekken.\n\
                Artikel 4:11 is van toepassing.\n";
    let doc = parse(text.as_bytes(), "apv.txt");
    assert_eq!(
        articles(&doc),
        ["4:10 Begrippen", "4:11 Vergunning", "4:12 Intrekking"]
    );
}

/// The line before the heading may be the wrapped end of a chapter title (PDF printed from a
/// web page): "Hoofdstuk 3 Regulering prostitutie, seksbranche en aanverwante" + "onderwerpen".
#[test]
fn pdf_text_lower_case_title_after_a_wrapped_chapter_title_is_an_article() {
    let text = "Artikel 3:5 Begrippen\nTekst.\n\nArtikel 3:6 Vergunning\nTekst.\n\n\
                Artikel 3:6a Melding\nTekst.\n\n\
                Hoofdstuk 4 Regulering prostitutie, seksbranche en aanverwante\nonderwerpen\n\
                Artikel 4:1 weigeringsgronden vergunning seksbedrijf\n\n\
                1. De burgemeester weigert de vergunning als de exploitant van slecht levensgedrag is.\n";
    let doc = parse(text.as_bytes(), "apv.txt");
    assert_eq!(
        articles(&doc)[3..],
        ["4:1 weigeringsgronden vergunning seksbedrijf"]
    );
}
