//! Every fixture under `fixtures/parser/` parses; its outline is a reviewed snapshot.

use apv_parser::{ErrorKind, ParseOptions, WarningKind, outline, parse_file};

#[test]
fn fixture_outlines() {
    insta::glob!("../../../fixtures/parser", "*.{txt,md}", |path| {
        let mut doc = parse_file(path, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        // The snapshot pins the structure; the references layer has its own tests.
        doc.warnings
            .retain(|w| w.kind != WarningKind::UnresolvedReference);
        insta::assert_snapshot!(outline(&doc));
    });
}

#[test]
fn text_without_articles_is_an_error_that_says_what_was_seen() {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/parser/errors/no-structure.txt"
    ));
    let err = parse_file(path, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::NoStructure { seen } if seen.contains("no line starting with 'Artikel'")),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("no-structure.txt: no APV structure found"),
        "{err}"
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/parser"
    ))
    .join(name)
}

#[test]
fn pdf_text_is_cleaned_of_furniture_hyphenation_and_odd_characters() {
    let doc = parse_file(
        &fixture("pdf-hyphenation-furniture.txt"),
        &ParseOptions::default(),
    )
    .unwrap();
    for joined in [
        "te exploiteren zonder",
        "bedrijfsmatig seksuele",
        "de exploitant van slecht",
        "de inrichting in strijd",
        "een vergunning binnen",
        "voor bezoekers geopend",
        "de fietsenstalling bij",
        "openbare orde andere",
    ] {
        assert!(
            doc.text.contains(joined),
            "missing {joined:?} in:\n{}",
            doc.text
        );
    }
    // real hyphens stay
    assert!(doc.text.contains("Drank-\nen Horecawet"), "{}", doc.text);
    assert!(doc.text.contains("seks- of escortbedrijf"));
    for furniture in ["Pagina", "APV Zeewoude 2024", "\u{c}", "\u{ad}", "\u{a0}"] {
        assert!(
            !doc.text.contains(furniture),
            "{furniture:?} left in:\n{}",
            doc.text
        );
    }
    // lines map back to the original
    let art = doc.find_article("2:2").unwrap();
    assert_eq!(doc.node(art).line, 36);
    let lid2 = doc.node(art).children[1];
    assert_eq!(doc.line_of(doc.node(lid2).span.start), 39);
}

/// The numbers of an article's children: `1,2,3` for leden, `a,b` for onderdelen.
fn children_numbers(doc: &apv_parser::Document, article: &str) -> String {
    let id = doc
        .find_article(article)
        .unwrap_or_else(|| panic!("article {article} missing"));
    let numbers: Vec<&str> = doc
        .node(id)
        .children
        .iter()
        .filter_map(|&c| doc.node(c).number.as_deref())
        .collect();
    numbers.join(",")
}

#[test]
fn a_printed_web_page_loses_its_browser_furniture_and_keeps_every_unit() {
    // a browser's print of an APV page read by pdftotext: date and site name at the top of
    // every page, address and "7/10" at the bottom; labels alone on the first line of a
    // page; a lid number left at the end of the line before its text; facultative units in
    // brackets
    let doc = parse_file(
        &fixture("pdf-print-furniture.txt"),
        &ParseOptions::default(),
    )
    .unwrap();
    let articles: Vec<&str> = doc
        .articles()
        .filter_map(|a| doc.node(a).number.as_deref())
        .collect();
    assert_eq!(
        articles,
        [
            "1:1", "1:2", "2:1", "2:2", "2:3", "2:4", "2:5", "3:1", "3:2"
        ]
    );
    assert_eq!(children_numbers(&doc, "1:1"), "a,b,c");
    assert_eq!(children_numbers(&doc, "1:2"), "1,2");
    assert_eq!(children_numbers(&doc, "2:1"), "1,2,3");
    assert_eq!(children_numbers(&doc, "2:3"), "1,2,3");
    assert_eq!(children_numbers(&doc, "2:4"), "1,2");
    let winkelwagens = doc.find_article("2:2").unwrap();
    assert_eq!(
        doc.node(winkelwagens).title.as_deref(),
        Some("Winkelwagens")
    );
    // the header of the first page may stay in the preamble (it names the regulation), but
    // nothing of the furniture is left in the regulation's text
    let body = &doc.text[doc.node(doc.articles().next().unwrap()).span.start..];
    for furniture in ["10:42", "Lokale regelgeving", "https://", "/10", "\u{c}"] {
        assert!(!body.contains(furniture), "{furniture:?} left in:\n{body}");
    }
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn a_typeset_pdf_keeps_its_articles_whole_and_its_explanation_apart() {
    // pdftotext -layout of a municipality's own typeset APV: a table of contents with a
    // wrapped entry and a lower-case title; running headers with the gemeenteblad number and
    // the chapter's heading, the latter also in the middle of a lid; a title wrapped after
    // "van" onto a line starting with a capital; a heading split over two lines; a footnote;
    // a wrapped line starting with "Artikel 35 Alcoholwet is …" that is prose; a numbered
    // artikelsgewijze toelichting repeating some article headings
    let path = fixture("pdf-layout-typeset.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    // the explanation found by its repeated article headings alone
    let bare: String = text
        .lines()
        .filter(|l| {
            !["II. ARTIKELSGEWIJZE", "Aldus", "De griffier"]
                .iter()
                .any(|w| l.starts_with(w))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    for (what, text) in [
        ("as printed", text.as_str()),
        (
            "without signature and the explanation's heading",
            bare.as_str(),
        ),
    ] {
        let doc = apv_parser::parse_bytes(text.as_bytes(), "apv.txt", &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let articles: Vec<(&str, &str)> = doc
            .articles()
            .map(|a| {
                let n = doc.node(a);
                (
                    n.number.as_deref().unwrap_or(""),
                    n.title.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            articles,
            [
                ("1:1", "Begripsbepalingen"),
                (
                    "1:2",
                    "Beslistermijn voor aanvragen om een vergunning of een ontheffing"
                ),
                (
                    "2:1",
                    "Vergunning voor de exploitatie van een openbare inrichting met uitzondering van Paracommerciële rechtspersonen"
                ),
                ("2:2", "Sluitingstijd"),
                ("2:3", "vervaltermijn vergunning"),
                ("3:1", "Citeertitel"),
            ],
            "{what}"
        );
        assert_eq!(children_numbers(&doc, "2:1"), "1,2,3", "{what}");
        assert_eq!(children_numbers(&doc, "2:2"), "1,2,3", "{what}");
        let chapters = doc
            .nodes
            .iter()
            .filter(|n| n.kind == apv_parser::NodeKind::Chapter)
            .count();
        assert_eq!(chapters, 3, "{what}");
        let lid2 = doc.node(doc.find_article("2:1").unwrap()).children[1];
        assert!(
            doc.node_text(lid2).contains("nadelig wordt beïnvloed door"),
            "{what}: {}",
            doc.node_text(lid2)
        );
        let body = &doc.text[doc.node(doc.articles().next().unwrap()).span.start..];
        assert!(!body.contains("Gemeenteblad"), "{what}");
        let explanation = doc
            .roots
            .iter()
            .map(|&r| doc.node(r))
            .find(|n| n.kind == apv_parser::NodeKind::Explanation);
        assert!(explanation.is_some(), "{what}: no explanation");
        assert!(doc.warnings.is_empty(), "{what}: {:?}", doc.warnings);
        // the running header that names the regulation stays on the first page: its title
        assert_eq!(
            doc.metadata.municipality.as_deref(),
            Some("Zuiderhaven"),
            "{what}"
        );
    }
}
