//! Explanation (toelichting), signature (ondertekening) and annexes (bijlagen) are node kinds of
//! their own, never articles, also where an artikelsgewijze toelichting repeats the articles'
//! headings; a document without numbered articles has a body of its own.

use apv_parser::{Document, NodeKind, ParseOptions, parse_bytes, parse_bytes_any};

fn roots(doc: &Document) -> Vec<NodeKind> {
    doc.roots.iter().map(|&r| doc.node(r).kind).collect()
}

#[test]
fn cvdr_toelichting_with_its_own_articles_is_an_explanation() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr><body><regeling><regeling-tekst>
<artikel><kop><label>Artikel</label><nr>1</nr><titel>Reikwijdte</titel></kop>
<al>De burgemeester past de wet toe bij horecabedrijven.</al></artikel>
<artikel><kop><label>Artikel</label><nr>2</nr><titel>Citeertitel</titel></kop>
<al>Deze beleidsregel heet Beleidsregel Bibob.</al></artikel>
</regeling-tekst>
<regeling-sluiting><al>Aldus besloten op 1 maart 2024.</al><al>De burgemeester,</al></regeling-sluiting>
<toelichting><artikel><kop><label>Artikel</label><nr>1</nr><titel>Reikwijdte</titel></kop>
<al>Ook seksbedrijven vallen eronder.</al></artikel>
<artikel><kop><label>Artikel</label><nr>3</nr><titel>Overgangsrecht</titel></kop>
<al>Er is geen overgangsrecht.</al></artikel></toelichting>
<bijlage><al>Lijst van branches</al></bijlage>
</regeling></body></cvdr>"#;
    let doc = parse_bytes(xml.as_bytes(), "bibob.xml", &ParseOptions::default()).unwrap();
    assert_eq!(doc.articles().count(), 2);
    assert_eq!(
        roots(&doc),
        [
            NodeKind::Article,
            NodeKind::Article,
            NodeKind::Signature,
            NodeKind::Explanation,
            NodeKind::Annex
        ]
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn text_after_the_articles_is_split_into_its_parts() {
    let text = "Artikel 1 Reikwijdte\nDe burgemeester past de wet toe.\n\
                Artikel 2 Citeertitel\nDeze regeling heet Beleidsregel Bibob.\n\
                Aldus besloten op 1 maart 2024.\nDe griffier,\nDe voorzitter,\n\
                Algemene toelichting\nDe wet geldt voor veel branches.\nDe burgemeester,\n\
                Artikelsgewijze toelichting\nArtikel 1 Reikwijdte\nOok seksbedrijven.\n\
                Bijlage 1 Branches\nhoreca, seksbedrijven\n\
                Bijlage 2 Formulier\nnaam, adres\n";
    let doc = parse_bytes(text.as_bytes(), "bibob.txt", &ParseOptions::default()).unwrap();
    assert_eq!(doc.articles().count(), 2);
    assert_eq!(
        roots(&doc)[2..],
        [
            NodeKind::Signature,
            NodeKind::Explanation,
            NodeKind::Explanation,
            NodeKind::Annex,
            NodeKind::Annex
        ]
    );
}

#[test]
fn a_policy_without_articles_has_a_body_and_its_parts() {
    let text = "Beleidsregel Bibob Wolderwijk\n\nDe burgemeester past de wet toe bij horecabedrijven.\n\
                Bijlage 1 bevat de aanvraagformulieren.\n\n\
                Aldus vastgesteld op 1 maart 2024.\n\nToelichting\n\nOok seksbedrijven vallen eronder.\n";
    assert!(parse_bytes(text.as_bytes(), "b.txt", &ParseOptions::default()).is_err());
    let doc = parse_bytes_any(text.as_bytes(), "b.txt", &ParseOptions::default()).unwrap();
    assert_eq!(
        roots(&doc),
        [NodeKind::Body, NodeKind::Signature, NodeKind::Explanation]
    );
    let body = doc.node_text(doc.roots[0]);
    assert!(body.contains("Bijlage 1 bevat"), "{body}");
    assert!(!body.contains("seksbedrijven"), "{body}");
}

/// An artikelsgewijze toelichting that also explains an article the regulation does not have
/// (one a later version dropped, or one of the draft) is still the explanation, in text and in
/// Markdown: its articles are not the regulation's, the dropped one included.
#[test]
fn an_explanation_of_an_article_the_regulation_lacks_is_still_an_explanation() {
    let text = "Artikel 1 Begrippen\nIn deze beleidsregel wordt verstaan onder wet: de Wet Bibob.\n\n\
                Artikel 2 Reikwijdte\nDe burgemeester past de wet toe op horecabedrijven.\n\n\
                Artikel 3 Citeertitel\nDeze beleidsregel heet Beleidsregel Bibob.\n\n\
                Toelichting\n\nArtikelsgewijze toelichting\n\n\
                Artikel 1 Begrippen\nGeen toelichting nodig.\n\n\
                Artikel 2 Reikwijdte\nDe wet wordt op de horeca toegepast.\n\n\
                Artikel 4 Speelautomatenhallen\nDit artikel uit het ontwerp is vervallen.\n";
    let markdown = text
        .replace("Artikel ", "## Artikel ")
        .replace("Toelichting\n", "# Toelichting\n");
    for (name, input) in [("bibob.txt", text.to_string()), ("bibob.md", markdown)] {
        let doc = parse_bytes(input.as_bytes(), name, &ParseOptions::default()).unwrap();
        let numbers: Vec<_> = doc
            .articles()
            .map(|a| doc.node(a).number.clone().unwrap_or_default())
            .collect();
        assert_eq!(numbers, ["1", "2", "3"], "{name}");
        assert!(
            roots(&doc)[3..].iter().all(|&k| k == NodeKind::Explanation),
            "{name}: {:?}",
            roots(&doc)
        );
        assert!(doc.warnings.is_empty(), "{name}: {:?}", doc.warnings);
    }
}

/// A draft whose articles are numbered again in each hoofdstuk, with a line naming a
/// toelichting between two of them, stays one regulation: the hoofdstuk after it is new.
#[test]
fn numbering_that_starts_again_in_a_new_hoofdstuk_is_not_an_explanation() {
    let text = "Hoofdstuk 1 Algemeen\n\
                Artikel 1 Begrippen\nIn deze verordening wordt verstaan onder college: het college.\n\n\
                Artikel 2 Toepassing\nDe burgemeester beslist.\n\n\
                Toelichting\n\n\
                Hoofdstuk 2 Horeca\n\
                Artikel 1 Exploitatievergunning\nHet is verboden zonder vergunning een horecabedrijf te exploiteren.\n\n\
                Artikel 2 Sluiting\nDe burgemeester kan een horecabedrijf sluiten.\n\n\
                Artikel 3 Openingstijden\nEen horecabedrijf is gesloten tussen 02.00 en 06.00 uur.\n";
    let doc = parse_bytes(text.as_bytes(), "apv.txt", &ParseOptions::default()).unwrap();
    assert_eq!(doc.articles().count(), 5, "{:?}", roots(&doc));
}
