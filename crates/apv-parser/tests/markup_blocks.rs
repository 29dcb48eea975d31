//! What the markup states below the headings survives into the tree: a lid is a lid whatever
//! its label (CVDR `<lid>`, an HTML `p.lid`), the nesting of lists decides onderdeel,
//! sub-onderdeel and the level below (CVDR `<lijst>`, HTML `ol`/`ul`, Word numbering levels),
//! a paragraph after a list is the lid's own text again, and a table row is no lid. Each case
//! is one the text rules alone read differently. Plain text, without markup, nests the third
//! level ("i.", "ii." under "2°") by its labels.

use apv_parser::{Document, NodeId, NodeKind, ParseOptions};

fn parse(bytes: &[u8], name: &str) -> Document {
    apv_parser::parse_bytes(bytes, name, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The leden, onderdelen and deeper items of an article: `1,2(a,b(1,2(i,ii))),3`.
fn shape(doc: &Document, number: &str) -> String {
    let art = doc
        .find_article(number)
        .unwrap_or_else(|| panic!("article {number}"));
    below(doc, art)
}

fn below(doc: &Document, id: NodeId) -> String {
    doc.node(id)
        .children
        .iter()
        .filter(|&&c| {
            matches!(
                doc.node(c).kind,
                NodeKind::Member | NodeKind::Item | NodeKind::SubItem
            )
        })
        .map(|&c| {
            let nr = doc.node(c).number.clone().unwrap_or_else(|| "?".into());
            match below(doc, c) {
                s if s.is_empty() => nr,
                s => format!("{nr}({s})"),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The node of an article reached by following numbers down: `["2", "b"]` is onderdeel b of
/// lid 2.
fn node_at(doc: &Document, article: &str, path: &[&str]) -> NodeId {
    let mut id = doc.find_article(article).expect("article");
    for nr in path {
        id = *doc
            .node(id)
            .children
            .iter()
            .find(|&&c| doc.node(c).number.as_deref() == Some(nr))
            .unwrap_or_else(|| panic!("{path:?}: no {nr}"));
    }
    id
}

fn cvdr(articles: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr xmlns="http://standaarden.overheid.nl/cvdr/terms/"><body><regeling><regeling-tekst>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>2</nr><titel>Openbare orde</titel></kop>
{articles}
</hoofdstuk>
</regeling-tekst></regeling></body></cvdr>"#
    )
    .into_bytes()
}

#[test]
fn cvdr_an_inserted_lid_is_a_lid() {
    // "2a." is no label the text rules know: without the `<lid>` its text would be lid 2's.
    let xml = cvdr(
        r#"<artikel><kop><label>Artikel</label><nr>2:10</nr><titel>Standplaats</titel></kop>
<lid><lidnr>1.</lidnr><al>Het is verboden zonder vergunning een standplaats in te nemen.</al></lid>
<lid><lidnr>2.</lidnr><al>De burgemeester beslist binnen acht weken.</al></lid>
<lid><lidnr>2a.</lidnr><al>De beslistermijn kan eenmaal worden verlengd.</al></lid>
<lid><lidnr>3.</lidnr><al>Het verbod geldt niet op de weekmarkt.</al></lid>
</artikel>
<artikel><kop><label>Artikel</label><nr>2:11</nr><titel>Slot</titel></kop><al>Tekst.</al></artikel>"#,
    );
    let doc = parse(&xml, "apv.xml");
    assert_eq!(shape(&doc, "2:10"), "1,2,2a,3");
    assert!(
        doc.node_text(node_at(&doc, "2:10", &["2a"]))
            .contains("verlengd")
    );
    assert!(
        !doc.node_text(node_at(&doc, "2:10", &["2"]))
            .contains("verlengd")
    );
}

#[test]
fn cvdr_lists_nest_to_the_third_level_by_their_elements() {
    // Onderdeel h ends in sub-onderdelen, and its last one has no colon: the text rules take
    // the "i." that follows for onderdeel i. The `<lijst>` inside the `<li>` says it is the
    // level below 2°.
    let letters: String = "abcdefg"
        .chars()
        .map(|c| format!("<li><li.nr>{c}.</li.nr><al>een plaats van soort {c};</al></li>"))
        .collect();
    let xml = cvdr(&format!(
        r#"<artikel><kop><label>Artikel</label><nr>2:20</nr><titel>Aanwijzing</titel></kop>
<lid><lidnr>1.</lidnr><al>Het college wijst aan:</al>
<lijst type="expliciet">{letters}
<li><li.nr>h.</li.nr><al>een plaats van soort h, te weten</al>
<lijst type="expliciet">
<li><li.nr>1°</li.nr><al>het plein;</al></li>
<li><li.nr>2°</li.nr><al>de straten die erop uitkomen, voor zover zij liggen</al>
<lijst type="expliciet">
<li><li.nr>i.</li.nr><al>binnen de bebouwde kom;</al></li>
<li><li.nr>ii.</li.nr><al>langs het water.</al></li>
</lijst></li>
</lijst></li>
</lijst>
</lid>
<lid><lidnr>2.</lidnr><al>Het aanwijzingsbesluit wordt bekendgemaakt.</al></lid>
</artikel>"#
    ));
    let doc = parse(&xml, "apv.xml");
    assert_eq!(shape(&doc, "2:20"), "1(a,b,c,d,e,f,g,h(1,2(i,ii))),2");
}

#[test]
fn cvdr_a_paragraph_after_a_list_is_the_lids_own_text() {
    let xml = cvdr(
        r#"<artikel><kop><label>Artikel</label><nr>2:30</nr><titel>Sluitingstijden</titel></kop>
<lid><lidnr>1.</lidnr><al>Het is verboden een horecabedrijf geopend te hebben:</al>
<lijst type="expliciet">
<li><li.nr>a.</li.nr><al>op maandag tot en met donderdag tussen 01.00 en 06.00 uur;</al></li>
<li><li.nr>b.</li.nr><al>op vrijdag en zaterdag tussen 02.00 en 06.00 uur,</al></li>
</lijst>
<al>behoudens ontheffing van de burgemeester.</al>
</lid>
<lid><lidnr>2.</lidnr><al>De burgemeester kan de tijden voor een bedrijf verlengen.</al></lid>
</artikel>"#,
    );
    let doc = parse(&xml, "apv.xml");
    assert_eq!(shape(&doc, "2:30"), "1(a,b),2");
    let b = doc.node_text(node_at(&doc, "2:30", &["1", "b"]));
    assert!(!b.contains("behoudens"), "{b:?}");
    assert!(
        doc.node_text(node_at(&doc, "2:30", &["1"]))
            .contains("behoudens ontheffing")
    );
}

#[test]
fn cvdr_a_table_row_is_no_lid() {
    // The first cell of a row starts with a number; without `<table>` the row reads as lid 2.
    let xml = cvdr(
        r#"<artikel><kop><label>Artikel</label><nr>2:40</nr><titel>Zones</titel></kop>
<lid><lidnr>1.</lidnr><al>De zones zijn:</al>
<table><tgroup cols="2"><tbody>
<row><entry>2. Centrum</entry><entry>tot 02.00 uur</entry></row>
<row><entry>Zone</entry><entry>Tijd</entry></row>
</tbody></tgroup></table>
</lid>
<lid><lidnr>2.</lidnr><al>De burgemeester kan de zones wijzigen.</al></lid>
</artikel>"#,
    );
    let doc = parse(&xml, "apv.xml");
    assert_eq!(shape(&doc, "2:40"), "1,2");
    assert!(
        doc.node_text(node_at(&doc, "2:40", &["1"]))
            .contains("Centrum")
    );
    assert!(
        doc.node_text(node_at(&doc, "2:40", &["2"]))
            .contains("zones wijzigen")
    );
}

#[test]
fn plain_text_nests_the_third_level_by_its_labels() {
    let text = "Artikel 1 Sluitingstijd\n\
        1. Het eerste lid.\n\
        2. Het verbod geldt niet:\n\
        a. in de nieuwjaarsnacht;\n\
        b. op de dagen die het college aanwijst, namelijk:\n\
        1° de koningsnacht;\n\
        2° de dagen van de kermis, voor zover het bedrijf ligt:\n\
        i. binnen het kermisterrein;\n\
        ii. aan een straat die aan het terrein grenst;\n\
        iii. op het plein;\n\
        3° de dag van de braderie.\n\
        3. Het derde lid.\n\
        Artikel 2 Begrippen\n\
        In deze verordening wordt verstaan onder:\n\
        a. een;\nb. twee;\nc. drie;\nd. vier;\ne. vijf;\nf. zes;\ng. zeven;\nh. acht:\n\
        1° eerste;\n\
        2° tweede;\n\
        i. negen;\n\
        j. tien.\n";
    let doc = apv_parser::parse_text(text, "apv.txt").unwrap();
    assert_eq!(shape(&doc, "1"), "1,2(a,b(1,2(i,ii,iii),3)),3");
    // "i." after "h." and its sub-onderdelen is the letter i: "2°" ends with ";", not ":"
    assert_eq!(shape(&doc, "2"), "a,b,c,d,e,f,g,h(1,2),i,j");
}

#[test]
fn plain_text_a_lid_after_degree_sub_onderdelen_is_a_lid() {
    let text = "Artikel 1 Vergunning\n\
        1. Het is verboden zonder vergunning.\n\
        2. De vergunning wordt geweigerd als:\n\
        a. de aanvraag onvolledig is;\n\
        b. de exploitant:\n\
        1° onder curatele staat;\n\
        2° van slecht levensgedrag is;\n\
        3. De burgemeester beslist binnen acht weken.\n";
    let doc = apv_parser::parse_text(text, "apv.txt").unwrap();
    assert_eq!(shape(&doc, "1"), "1,2(a,b(1,2)),3");
}
