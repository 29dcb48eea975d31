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

fn html(articles: &str) -> Vec<u8> {
    format!(
        r#"<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>APV Proefdorp</title></head>
<body><div role="main"><div class="regeling-tekst">
<section class="section-chapter"><h2 class="docHoofdstuk">Hoofdstuk 2 Openbare orde</h2>
{articles}
</section></div></div></body></html>"#
    )
    .into_bytes()
}

#[test]
fn html_ordered_lists_three_deep_nest_by_their_elements() {
    // A municipal site's page: the leden an `ol`, onderdelen an `ol type="a"`, below them a
    // plain `ol` (rendered "1°") and an `ol type="i"`. As in the CVDR case, the text rules
    // read the "i." after onderdeel h as onderdeel i.
    let letters: String = "abcdefg"
        .chars()
        .map(|c| format!("<li>een plaats van soort {c};</li>"))
        .collect();
    let page = html(&format!(
        r#"<h3>Artikel 2:20 Aanwijzing</h3>
<ol>
<li>Het college wijst aan:
<ol type="a">{letters}
<li>een plaats van soort h, te weten
<ol>
<li>het plein;</li>
<li>de straten die erop uitkomen, voor zover zij liggen
<ol type="i"><li>binnen de bebouwde kom;</li><li>langs het water.</li></ol>
</li>
</ol>
</li>
</ol>
</li>
<li>Het aanwijzingsbesluit wordt bekendgemaakt.</li>
</ol>
<h3>Artikel 2:21 Slot</h3><p>Tekst.</p>"#
    ));
    let doc = parse(&page, "apv.html");
    assert_eq!(shape(&doc, "2:20"), "1(a,b,c,d,e,f,g,h(1,2(i,ii))),2");
}

#[test]
fn html_a_marked_lid_is_a_lid_whatever_its_label() {
    // lokaleregelgeving.overheid.nl: leden as `p.lid` with the number in a span, onderdelen in
    // a nested `ul.list-custom`.
    let lid = |nr: &str, text: &str, list: &str| {
        format!(
            r#"<li class="list-custom__item"><p class="lid labeled"><span class="list-custom__itembullet">{nr}</span> {text}</p>{list}</li>"#
        )
    };
    let item = |nr: &str, text: &str| {
        format!(
            r#"<li class="list-custom__item"><span class="list-custom__itembullet"><!--ins-->{nr} </span><p>{text}</p></li>"#
        )
    };
    let list = format!(
        r#"<ul class="list-custom list-custom--size-xs ">{}{}</ul>"#,
        item("a.", "de aanvraag onvolledig is;"),
        item("b.", "de openbare orde dat vereist.")
    );
    let page = html(&format!(
        r#"<section class="section-chapter" id="a2_10"><div class="artikel"><container>
<h3 class="docArtikel">Artikel 2:10 Standplaats</h3>
<ul class="list-custom list-custom--size-xs whitespace-small">{}{}{}{}</ul>
</container></div></section>
<section class="section-chapter"><h3 class="docArtikel">Artikel 2:11 Slot</h3><p>Tekst.</p></section>"#,
        lid(
            "1.",
            "Het is verboden zonder vergunning een standplaats in te nemen.",
            ""
        ),
        lid("2.", "De vergunning wordt geweigerd als:", &list),
        lid("2a.", "De beslistermijn kan eenmaal worden verlengd.", ""),
        lid("3.", "Het verbod geldt niet op de weekmarkt.", ""),
    ));
    let doc = parse(&page, "apv.html");
    assert_eq!(shape(&doc, "2:10"), "1,2(a,b),2a,3");
    assert!(
        !doc.node_text(node_at(&doc, "2:10", &["2", "b"]))
            .contains("verlengd")
    );
}

use docx::W;

#[path = "common/docx.rs"]
mod docx;

/// A Word paragraph: a heading style, or automatic numbering (list 1) at a level.
fn w_para(style: Option<&str>, ilvl: Option<u8>, text: &str) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if let Some(l) = ilvl {
        ppr.push_str(&format!(
            "<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"1\"/></w:numPr>"
        ));
    }
    format!("<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn docx(body: &str, levels: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let lvls: String = levels
        .iter()
        .enumerate()
        .map(|(i, (fmt, text))| {
            format!("<w:lvl w:ilvl=\"{i}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/></w:lvl>")
        })
        .collect();
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"1\">{lvls}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"{W}\"><w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Kop2\"><w:name w:val=\"heading 2\"/></w:style></w:styles>"
    );
    docx::package(&[
        ("word/document.xml", &document),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ])
}

#[test]
fn docx_numbering_levels_nest_to_the_third_level() {
    // One multi-level list: leden "%1.", onderdelen "%2." in letters, sub-onderdelen "%3°",
    // and the level below them "%4." in roman numerals (ilvl 3 under ilvl 2).
    let mut body = w_para(Some("Kop1"), None, "Hoofdstuk 2 Openbare orde");
    body.push_str(&w_para(Some("Kop2"), None, "Artikel 2:20 Aanwijzing"));
    body.push_str(&w_para(None, Some(0), "Het college wijst aan:"));
    for c in "abcdefg".chars() {
        body.push_str(&w_para(
            None,
            Some(1),
            &format!("een plaats van soort {c};"),
        ));
    }
    body.push_str(&w_para(None, Some(1), "een plaats van soort h, te weten"));
    body.push_str(&w_para(None, Some(2), "het plein;"));
    body.push_str(&w_para(
        None,
        Some(2),
        "de straten die erop uitkomen, voor zover zij liggen",
    ));
    body.push_str(&w_para(None, Some(3), "binnen de bebouwde kom;"));
    body.push_str(&w_para(None, Some(3), "langs het water."));
    body.push_str(&w_para(
        None,
        Some(0),
        "Het aanwijzingsbesluit wordt bekendgemaakt.",
    ));
    body.push_str(&w_para(Some("Kop2"), None, "Artikel 2:21 Slot"));
    body.push_str(&w_para(None, None, "Tekst."));
    let levels = [
        ("decimal", "%1."),
        ("lowerLetter", "%2."),
        ("decimal", "%3°"),
        ("lowerRoman", "%4."),
    ];
    let doc = parse(&docx(&body, &levels), "apv.docx");
    assert_eq!(shape(&doc, "2:20"), "1(a,b,c,d,e,f,g,h(1,2(i,ii))),2");
}

#[test]
fn docx_onderdelen_at_the_second_level_of_a_list_of_leden() {
    // An article without leden uses the list's second level for its onderdelen; the next
    // article numbers its leden with the first level and puts a sub-onderdeel at ilvl 2.
    let mut body = w_para(Some("Kop1"), None, "Hoofdstuk 1 Algemeen");
    body.push_str(&w_para(Some("Kop2"), None, "Artikel 1:1 Begrippen"));
    body.push_str(&w_para(
        None,
        None,
        "In deze verordening wordt verstaan onder:",
    ));
    body.push_str(&w_para(None, Some(1), "weg: de openbare weg;"));
    body.push_str(&w_para(
        None,
        Some(1),
        "college: het college van burgemeester en wethouders.",
    ));
    body.push_str(&w_para(Some("Kop2"), None, "Artikel 1:2 Beslistermijn"));
    body.push_str(&w_para(
        None,
        Some(0),
        "Het bestuursorgaan beslist binnen acht weken.",
    ));
    body.push_str(&w_para(None, Some(0), "De termijn kan worden verlengd:"));
    body.push_str(&w_para(
        None,
        Some(1),
        "eenmaal, met ten hoogste acht weken, voor:",
    ));
    body.push_str(&w_para(None, Some(2), "een evenement;"));
    body.push_str(&w_para(None, Some(2), "een standplaats;"));
    body.push_str(&w_para(None, Some(0), "Het derde lid."));
    let levels = [
        ("decimal", "%1."),
        ("lowerLetter", "%2."),
        ("decimal", "%3."),
    ];
    let doc = parse(&docx(&body, &levels), "apv.docx");
    assert_eq!(shape(&doc, "1:1"), "a,b");
    assert_eq!(shape(&doc, "1:2"), "1,2(a(1,2)),3");
}
