//! The quirks of real municipal documents, per form, as the people who publish them produce
//! them: Word drafts (heading styles with Dutch and home-made names, automatic numbering,
//! headings formatted by hand, tracked changes, fields, text boxes, tables of definitions),
//! lokaleregelgeving.overheid.nl publications (CVDR XML and its HTML page, with numbers
//! written with spaces, repealed articles, nested divisions, annexes, explanations and
//! notes after the articles), and the text `pdftotext` gives for printed APVs (a table of
//! contents in two columns, running headers, headings split over two lines, numbers broken
//! over a line, ligatures, real hyphens at a line end). Citations of other laws must never
//! come back as broken internal references.
//!
//! Every document is written here, by hand, in the shape its form has in the wild; the
//! expected articles are written out, never taken from another parse.

use std::io::{Cursor, Write};

use apv_parser::{Document, NodeKind, ParseOptions, RefTarget, WarningKind};

// ---------------------------------------------------------------------------------------
// What is compared

/// Per article, in order: `2:1 "Samenscholing" leden 1,2`, `2:2 vervallen`,
/// `2:10a "Tijden" tekst` (an article without leden).
fn articles(doc: &Document) -> Vec<String> {
    doc.articles()
        .map(|id| {
            let n = doc.node(id);
            let number = n.number.as_deref().unwrap_or("?");
            let title = n
                .title
                .as_deref()
                .map_or(String::new(), |t| format!(" {t:?}"));
            if n.repealed {
                return format!("{number}{title} vervallen");
            }
            let leden: Vec<&str> = n
                .children
                .iter()
                .filter(|&&c| doc.node(c).kind == NodeKind::Member)
                .map(|&c| doc.node(c).number.as_deref().unwrap_or("-"))
                .collect();
            if leden.is_empty() {
                format!("{number}{title} tekst")
            } else {
                format!("{number}{title} leden {}", leden.join(","))
            }
        })
        .collect()
}

/// The text of an article after its heading (its own text and that of its leden,
/// onderdelen …), white space collapsed.
fn article_text(doc: &Document, number: &str) -> String {
    let id = doc
        .find_article(number)
        .unwrap_or_else(|| panic!("article {number} missing: {:?}", articles(doc)));
    let n = doc.node(id);
    let from = n.heading.map_or(n.span.start, |h| h.end);
    doc.text[from..n.span.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Warnings a reader of the document would take for errors in it: broken references and
/// duplicate articles.
fn false_alarms(doc: &Document) -> Vec<String> {
    doc.warnings
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                WarningKind::UnresolvedReference | WarningKind::DuplicateArticle
            )
        })
        .map(|w| w.message.clone())
        .collect()
}

fn parse(bytes: &[u8], name: &str) -> Document {
    apv_parser::parse_bytes(bytes, name, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

// ---------------------------------------------------------------------------------------
// Word drafts

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A .docx of these parts (`document.xml` holds the body only; `styles.xml`,
/// `numbering.xml` and `comments.xml` their elements; `None` leaves the part out).
fn docx(
    body: &str,
    styles: Option<&str>,
    numbering: Option<&str>,
    comments: Option<&str>,
) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    let mut part = |path: &str, xml: String| {
        zip.start_file(path, o).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    };
    part(
        "[Content_Types].xml",
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".into(),
    );
    part(
        "word/document.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\" \
             xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
             xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
             xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>{body}<w:sectPr/></w:body></w:document>"
        ),
    );
    if let Some(s) = styles {
        part(
            "word/styles.xml",
            format!("<w:styles xmlns:w=\"{W}\">{s}</w:styles>"),
        );
    }
    if let Some(n) = numbering {
        part(
            "word/numbering.xml",
            format!("<w:numbering xmlns:w=\"{W}\">{n}</w:numbering>"),
        );
    }
    if let Some(c) = comments {
        part(
            "word/comments.xml",
            format!("<w:comments xmlns:w=\"{W}\">{c}</w:comments>"),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// A run of text, with run properties (`<w:b/>`) when given.
fn run(text: &str, rpr: &str) -> String {
    format!("<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

const TAB: &str = "<w:r><w:tab/></w:r>";
const BREAK: &str = "<w:r><w:br/></w:r>";

/// A paragraph of runs with paragraph properties (style, numbering).
fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

fn styled(style: &str, runs: &str) -> String {
    para(&format!("<w:pStyle w:val=\"{style}\"/>"), runs)
}

fn plain(text: &str) -> String {
    para("", &run(text, ""))
}

fn numbered(num: u32, ilvl: u32, style: Option<&str>, text: &str) -> String {
    let style = style.map_or(String::new(), |s| format!("<w:pStyle w:val=\"{s}\"/>"));
    para(
        &format!("{style}<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr>"),
        &run(text, ""),
    )
}

/// A paragraph style; `extra` goes into its `w:pPr` (outline level, numbering).
fn style(id: &str, name: &str, based_on: Option<&str>, ppr: &str, rpr: &str) -> String {
    let based = based_on.map_or(String::new(), |b| format!("<w:basedOn w:val=\"{b}\"/>"));
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

fn level(ilvl: u32, format: &str, text: &str, pstyle: Option<&str>) -> String {
    let pstyle = pstyle.map_or(String::new(), |s| format!("<w:pStyle w:val=\"{s}\"/>"));
    format!(
        "<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/>{pstyle}</w:lvl>"
    )
}

#[test]
fn word_heading_styles_by_id_dutch_name_inheritance_and_outline_level() {
    // A municipality's template: "Kop 2" by its Dutch name, an "Artikelkop" based on it, an
    // "Artikel kop" that is a heading only by its outline level, and "Standaard" text.
    let styles = [
        style("Standaard", "Normal", None, "", ""),
        style("Kop2", "Kop 2", Some("Standaard"), "", ""),
        style("Artikelkop", "Artikelkop", Some("Kop2"), "", ""),
        style(
            "Artikel",
            "Artikel kop",
            Some("Standaard"),
            "<w:outlineLvl w:val=\"2\"/>",
            "",
        ),
        style("Koptekst", "header", Some("Standaard"), "", ""),
    ]
    .concat();
    let body = [
        styled("Koptekst", &run("Concept APV Voorbeeld", "")),
        styled("Kop2", &(run("Artikel 1:1", "") + TAB + &run("Begripsbepalingen", ""))),
        plain("In deze verordening wordt verstaan onder college: het college van burgemeester en wethouders."),
        // a soft line break between the number and a title in lower case
        styled("Artikelkop", &(run("Artikel 1:2", "") + BREAK + &run("bevoegdheid burgemeester", ""))),
        plain("De burgemeester is bevoegd tot het geven van bevelen."),
        // the number and the title as two headings
        styled("Artikel", &run("Artikel 1:3", "")),
        styled("Artikel", &run("toezicht", "")),
        plain("Met het toezicht zijn belast de door het college aangewezen personen."),
        styled("Kop2", &(run("Artikel 1:4", "") + TAB + &run("Termijnen", ""))),
        plain("De beslistermijn is acht weken."),
    ]
    .concat();
    let want = [
        "1:1 \"Begripsbepalingen\" tekst",
        "1:2 \"bevoegdheid burgemeester\" tekst",
        "1:3 \"toezicht\" tekst",
        "1:4 \"Termijnen\" tekst",
    ];
    let doc = parse(&docx(&body, Some(&styles), None, None), "concept.docx");
    assert_eq!(articles(&doc), want);
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    assert_eq!(
        article_text(&doc, "1:2"),
        "De burgemeester is bevoegd tot het geven van bevelen."
    );

    // A draft saved without styles.xml: the style ids still say which paragraphs are
    // headings.
    let bare = body
        .replace("Artikelkop", "Kop2")
        .replace("\"Artikel\"", "\"Kop3\"");
    let doc = parse(&docx(&bare, None, None, None), "zonder-stijlen.docx");
    assert_eq!(articles(&doc), want);
}

#[test]
fn word_headings_formatted_by_hand_in_bold() {
    // No heading style at all: bold runs, the number and the title on separate lines, the
    // title sometimes in lower case, bold sometimes from a character style.
    let b = "<w:b/>";
    let styles = "<w:style w:type=\"character\" w:styleId=\"Zwaar\"><w:name w:val=\"Strong\"/><w:rPr><w:b/></w:rPr></w:style>";
    let strong = "<w:rStyle w:val=\"Zwaar\"/>";
    let body = [
        para("", &run("HOOFDSTUK 1 ALGEMENE BEPALINGEN", b)),
        para("", &run("Artikel 1", b)),
        para("", &run("Begripsbepalingen", b)),
        plain("In deze verordening wordt verstaan onder college: het college."),
        para("", &run("Artikel 2", b)),
        para("", &run("aanwijzing gebieden", strong)),
        plain("1. De burgemeester kan gebieden aanwijzen."),
        plain("2. Het aanwijzingsbesluit wordt bekendgemaakt."),
        para("", &(run("Artikel 3", b) + TAB + &run("Citeertitel", b))),
        plain("Deze verordening wordt aangehaald als APV Voorbeeld."),
        // a bold sentence is no heading
        para("", &run("Let op: dit artikel is facultatief.", b)),
        para("", &run("Artikel 4 ", b)),
        para("", &(run("inwerking", b) + &run("treding", b))),
        plain("Deze verordening treedt in werking op 1 januari 2025."),
    ]
    .concat();
    let doc = parse(&docx(&body, Some(styles), None, None), "vet.docx");
    assert_eq!(
        articles(&doc),
        [
            "1 \"Begripsbepalingen\" tekst",
            "2 \"aanwijzing gebieden\" leden 1,2",
            "3 \"Citeertitel\" tekst",
            "4 \"inwerkingtreding\" tekst",
        ]
    );
    assert!(article_text(&doc, "3").ends_with("Let op: dit artikel is facultatief."));
}

#[test]
fn word_automatic_numbering_of_chapters_articles_and_leden() {
    // One multilevel list numbers the headings: "Hoofdstuk %1" and "Artikel %1:%2", linked to
    // the heading styles (the article level restarts with each chapter). Each article's
    // leden are a list instance of their own that starts again at 1.
    let numbering = format!(
        "<w:abstractNum w:abstractNumId=\"10\">{}{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"20\">{}{}</w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>{}",
        level(0, "decimal", "Hoofdstuk %1", Some("Kop1")),
        level(1, "decimal", "Artikel %1:%2", Some("Artikelkop")),
        level(0, "decimal", "%1.", None),
        level(1, "lowerLetter", "%2.", None),
        (2..=5)
            .map(|n| format!("<w:num w:numId=\"{n}\"><w:abstractNumId w:val=\"20\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"))
            .collect::<String>()
    );
    let styles = [
        style(
            "Kop1",
            "heading 1",
            None,
            "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"0\"/>",
            "",
        ),
        style(
            "Kop2",
            "heading 2",
            Some("Kop1"),
            "<w:outlineLvl w:val=\"1\"/>",
            "",
        ),
        style(
            "Artikelkop",
            "Artikelkop",
            Some("Kop2"),
            "<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>",
            "",
        ),
    ]
    .concat();
    let body = [
        styled("Kop1", &run("Algemene bepalingen", "")),
        styled("Artikelkop", &run("Begripsbepalingen", "")),
        numbered(2, 0, None, "In deze verordening wordt verstaan onder:"),
        numbered(2, 1, None, "weg: de openbare weg;"),
        numbered(2, 1, None, "college: het college."),
        numbered(2, 0, None, "Het college kan nadere regels stellen."),
        styled("Artikelkop", &run("vervaltermijn vergunning", "")),
        numbered(3, 0, None, "Een vergunning vervalt na een jaar."),
        numbered(3, 0, None, "De burgemeester kan de termijn verlengen."),
        styled("Kop1", &run("Openbare orde", "")),
        styled("Artikelkop", &run("Samenscholing", "")),
        numbered(
            4,
            0,
            None,
            "Het is verboden deel te nemen aan een samenscholing.",
        ),
        numbered(4, 0, None, "Het verbod geldt niet voor een betoging."),
        styled("Artikelkop", &run("Evenementen", "")),
        plain("Het is verboden zonder vergunning een evenement te organiseren."),
    ]
    .concat();
    // The second draft's article level numbers "%1.%2" without the word: under a level
    // named "Hoofdstuk %1" it numbers articles ("Artikel 1.2") all the same.
    let point = numbering.replace("Artikel %1:%2", "%1.%2");
    for (numbering, name) in [(&numbering, "nummering.docx"), (&point, "punt.docx")] {
        let doc = parse(&docx(&body, Some(&styles), Some(numbering), None), name);
        assert_eq!(
            articles(&doc),
            [
                "1:1 \"Begripsbepalingen\" leden 1,2",
                "1:2 \"vervaltermijn vergunning\" leden 1,2",
                "2:1 \"Samenscholing\" leden 1,2",
                "2:2 \"Evenementen\" tekst",
            ],
            "{name}"
        );
    }
}

#[test]
fn word_article_numbering_continued_or_restarted_per_chapter() {
    // "Artikel %1" as a list of its own under typed chapter headings. Chapter 2's list
    // instance continues the count (set by "Doorgaan met nummeren" as a start override);
    // in the second draft every chapter starts again at Artikel 1.
    let lists = |second: &str, third: &str| {
        format!(
            "<w:abstractNum w:abstractNumId=\"1\">{}</w:abstractNum>\
             <w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>\
             <w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{second}\"/></w:lvlOverride></w:num>\
             <w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{third}\"/></w:lvlOverride></w:num>",
            level(0, "decimal", "Artikel %1", None)
        )
    };
    let styles = [
        style("Kop1", "heading 1", None, "<w:outlineLvl w:val=\"0\"/>", ""),
        style("Kop2", "heading 2", None, "<w:outlineLvl w:val=\"1\"/>", ""),
    ]
    .concat();
    let body = [
        styled("Kop1", &run("Hoofdstuk 1 Algemeen", "")),
        numbered(1, 0, Some("Kop2"), "Begripsbepalingen"),
        plain("In deze verordening wordt verstaan onder college: het college."),
        numbered(1, 0, Some("Kop2"), "Bevoegdheid"),
        plain("De burgemeester is bevoegd."),
        styled("Kop1", &run("Hoofdstuk 2 Openbare orde", "")),
        numbered(2, 0, Some("Kop2"), "Samenscholing"),
        plain("Het is verboden deel te nemen aan een samenscholing."),
        styled("Kop1", &run("Hoofdstuk 3 Slotbepalingen", "")),
        numbered(3, 0, Some("Kop2"), "Citeertitel"),
        plain("Deze verordening wordt aangehaald als APV Voorbeeld."),
    ]
    .concat();
    let doc = parse(
        &docx(&body, Some(&styles), Some(&lists("3", "4")), None),
        "door.docx",
    );
    assert_eq!(
        articles(&doc),
        [
            "1 \"Begripsbepalingen\" tekst",
            "2 \"Bevoegdheid\" tekst",
            "3 \"Samenscholing\" tekst",
            "4 \"Citeertitel\" tekst",
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));

    // Restarted: the articles of chapters 2 and 3 are the regulation's, not an explanation
    // that repeats articles 1 and 2.
    let doc = parse(
        &docx(&body, Some(&styles), Some(&lists("1", "1")), None),
        "opnieuw.docx",
    );
    assert_eq!(
        articles(&doc),
        [
            "1 \"Begripsbepalingen\" tekst",
            "2 \"Bevoegdheid\" tekst",
            "1 \"Samenscholing\" tekst",
            "1 \"Citeertitel\" tekst",
        ]
    );
    let chapters: Vec<Option<&str>> = doc
        .articles()
        .map(|a| {
            doc.ancestors(a)
                .find(|&p| doc.node(p).kind == NodeKind::Chapter)
                .and_then(|p| doc.node(p).number.as_deref())
        })
        .collect();
    assert_eq!(chapters, [Some("1"), Some("1"), Some("2"), Some("3")]);
}

#[test]
fn word_tracked_changes_comments_fields_text_boxes_and_a_toc_field() {
    let ins = |x: &str| format!("<w:ins w:id=\"9\" w:author=\"griffie\">{x}</w:ins>");
    let del = |t: &str| {
        format!(
            "<w:del w:id=\"8\" w:author=\"griffie\"><w:r><w:delText xml:space=\"preserve\">{t}</w:delText></w:r></w:del>"
        )
    };
    let inserted_mark = "<w:rPr><w:ins w:id=\"7\" w:author=\"griffie\"/></w:rPr>";
    let deleted_mark = "<w:rPr><w:del w:id=\"6\" w:author=\"griffie\"/></w:rPr>";
    let toc_line = |text: &str, page: &str| {
        format!(
            "<w:hyperlink w:anchor=\"_Toc1\">{}{TAB}{}</w:hyperlink>",
            run(text, ""),
            run(page, "")
        )
    };
    // a table of contents field whose entries are plain paragraphs (no TOC style)
    let toc = format!(
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}</w:p>\
         <w:p>{}</w:p><w:p>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        toc_line("Artikel 1 Begripsbepalingen", "1"),
        toc_line("Artikel 2 Vergunning", "2"),
        toc_line("Artikel 3 Citeertitel", "2"),
    );
    let note = run("Let op: artikel 9 moet nog worden besproken", "");
    let text_box = format!(
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p>{note}</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>{note}</w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    );
    let styles = style("Kop2", "heading 2", None, "<w:outlineLvl w:val=\"1\"/>", "");
    let body = [
        toc,
        styled("Kop2", &(run("Artikel 1", "") + TAB + &run("Begripsbepalingen", "") + &text_box)),
        plain("In deze verordening wordt verstaan onder college: het college van burgemeester en wethouders."),
        // an article deleted whole
        para(&format!("<w:pStyle w:val=\"Kop2\"/>{deleted_mark}"), &del("Artikel 2 Bedelarij")),
        para(deleted_mark, &del("Het is verboden te bedelen.")),
        // an article inserted whole, with a change inside it and a comment on it
        para(
            &format!("<w:pStyle w:val=\"Kop2\"/>{inserted_mark}"),
            &ins(&(run("Artikel 2", "") + TAB + &run("Vergunning", ""))),
        ),
        para(
            inserted_mark,
            &(ins(&run("Het is verboden zonder vergunning ", ""))
                + &del("te venten")
                + &ins(&run("een evenement te organiseren", ""))
                + &run(".", "")
                + "<w:commentRangeStart w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r>"),
        ),
        // the article number and the regulation's name come from fields
        styled(
            "Kop2",
            &(run("Artikel ", "")
                + "<w:fldSimple w:instr=\" SEQ artikel \\* ARABIC \"><w:r><w:t>3</w:t></w:r></w:fldSimple>"
                + TAB
                + &run("Citeertitel", "")),
        ),
        para(
            "",
            &(run("Deze verordening wordt aangehaald als APV ", "")
                + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> DOCPROPERTY Gemeente </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                + &run("Voorbeeld", "")
                + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                + &run(".", "")),
        ),
    ]
    .concat();
    let comments = format!(
        "<w:comment w:id=\"1\" w:author=\"jurist\"><w:p>{}</w:p></w:comment>",
        run("Artikel 7 moet hier ook genoemd worden", "")
    );
    let doc = parse(
        &docx(&body, Some(&styles), None, Some(&comments)),
        "wijzigingen.docx",
    );
    assert_eq!(
        articles(&doc),
        [
            "1 \"Begripsbepalingen\" tekst",
            "2 \"Vergunning\" tekst",
            "3 \"Citeertitel\" tekst",
        ]
    );
    assert_eq!(
        article_text(&doc, "2"),
        "Het is verboden zonder vergunning een evenement te organiseren."
    );
    assert_eq!(
        article_text(&doc, "3"),
        "Deze verordening wordt aangehaald als APV Voorbeeld."
    );
    for gone in [
        "bedelen",
        "Bedelarij",
        "te venten",
        "DOCPROPERTY",
        "SEQ",
        "Artikel 7",
        "artikel 9",
    ] {
        assert!(!doc.text.contains(gone), "{gone:?} in {:?}", doc.text);
    }
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    let kinds: Vec<WarningKind> = doc.warnings.iter().map(|w| w.kind).collect();
    assert!(kinds.contains(&WarningKind::TrackedChanges), "{kinds:?}");
}

#[test]
fn word_definitions_in_a_table() {
    let cell = |t: &str| format!("<w:tc><w:p>{}</w:p></w:tc>", run(t, ""));
    let row = |a: &str, b: &str| format!("<w:tr>{}{}</w:tr>", cell(a), cell(b));
    let body = [
        plain("Artikel 1 Begripsbepalingen"),
        plain("In deze verordening wordt verstaan onder:"),
        format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row("Begrip", "Betekenis"),
            row("college", "het college van burgemeester en wethouders;"),
            row(
                "weg:",
                "de weg als bedoeld in artikel 1 van de Wegenverkeerswet 1994."
            ),
        ),
        plain("Artikel 2 Vergunning"),
        plain("Het is verboden zonder vergunning van het college op de weg te venten."),
    ]
    .concat();
    let doc = parse(&docx(&body, None, None, None), "tabel.docx");
    let terms: Vec<(&str, &str)> = doc
        .definitions
        .iter()
        .map(|d| (d.term.as_str(), d.meaning.as_str()))
        .collect();
    assert_eq!(
        terms,
        [
            ("college", "het college van burgemeester en wethouders"),
            (
                "weg",
                "de weg als bedoeld in artikel 1 van de Wegenverkeerswet 1994"
            ),
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
}

// ---------------------------------------------------------------------------------------
// lokaleregelgeving.overheid.nl: CVDR XML and its HTML page

#[test]
fn cvdr_xml_as_published() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr xmlns="https://standaarden.overheid.nl/cvdr/terms/">
<body><regeling><regeling-tekst>
<hoofdstuk><kop><label>Hoofdstuk</label><nr>2</nr><titel>Openbare orde</titel></kop>
<divisie><kop><label>Afdeling</label><nr>1</nr><titel>Bestrijding van ongeregeldheden</titel></kop>
<divisie><kop><label>Paragraaf</label><nr>1</nr><titel>Samenscholing</titel></kop>
<artikel><kop><label>Artikel</label><nr>2: 1</nr><titel>Samenscholing en ongeregeldheden</titel></kop>
<al>Het is verboden op een openbare plaats deel te nemen aan een samenscholing.<noot><noot.nr>1</noot.nr><noot.al>Zie artikel 9 van de verordening van 2008.</noot.al></noot></al>
<al>Het verbod geldt niet voor een optocht als bedoeld in <intref doc="artikel_2.3">artikel 2:3</intref> of een markt als bedoeld in <extref doc="Gemeentewet">artikel 160 van de Gemeentewet</extref>.</al>
</artikel>
<artikel><kop><label>Artikel</label><nr>2 :2</nr><titel>[Vervallen]</titel></kop></artikel>
<artikel><kop><label>Artikel</label><nr>2:3</nr><titel>Voorwerpen op de weg</titel></kop>
<al>Vervallen</al>
</artikel>
<artikel><kop><label>Artikel</label><nr>2:10a</nr><titel>vervaltermijn ontheffing</titel></kop>
<lid><al>Een ontheffing vervalt na een jaar.</al></lid>
<lid><al>De burgemeester kan de termijn verlengen.</al></lid>
</artikel>
<artikel><kop><label>Artikel</label><nr>2&#160;:&#160;10b</nr><titel>Tijden</titel></kop>
<lid><lidnr>1</lidnr><al>De tijden zijn:</al>
<table><tgroup cols="2"><tbody><row><entry>Zone</entry><entry>Tijd</entry></row><row><entry>a. binnenstad</entry><entry>01.00 uur</entry></row></tbody></tgroup></table>
</lid>
<lid><lidnr>2</lidnr><al>Het college kan andere tijden vaststellen.</al></lid>
</artikel>
</divisie>
</divisie>
<divisie><kop><label>Afdeling</label><nr>2</nr><titel>Evenementen</titel></kop>
<artikel><kop><label>Artikel</label><nr>2.3.1</nr><titel>Begripsbepaling</titel></kop>
<al>In deze afdeling wordt verstaan onder evenement: elke voor publiek toegankelijke verrichting.</al>
</artikel>
<artikel><kop><label>Artikel</label><nr>2.3.2</nr></kop>
<al>Het is verboden zonder vergunning van de burgemeester een evenement te organiseren.</al>
</artikel>
</divisie>
</hoofdstuk>
</regeling-tekst>
<bijlage><kop><titel>Bijlage 1 Kaart binnenstad</titel></kop><al>Artikel 2:10b geldt in het gebied op de kaart.</al></bijlage>
<toelichting><kop><titel>Toelichting</titel></kop>
<al>Artikelsgewijze toelichting</al>
<al>Artikel 2:1 Samenscholing</al>
<al>Dit artikel verbiedt samenscholing.</al>
<al>Artikel 2:99 Straatartiesten</al>
<al>Dit artikel wordt bij een volgende wijziging ingevoegd.</al>
</toelichting>
</regeling></body></cvdr>"#;
    let doc = parse(xml.as_bytes(), "apv.xml");
    assert_eq!(
        articles(&doc),
        [
            "2:1 \"Samenscholing en ongeregeldheden\" tekst",
            "2:2 vervallen",
            "2:3 \"Voorwerpen op de weg\" vervallen",
            "2:10a \"vervaltermijn ontheffing\" tekst",
            "2:10b \"Tijden\" leden 1,2",
            "2.3.1 \"Begripsbepaling\" tekst",
            "2.3.2 tekst",
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    assert_eq!(
        article_text(&doc, "2:10a"),
        "Een ontheffing vervalt na een jaar. De burgemeester kan de termijn verlengen."
    );
    // the publisher's footnote is no part of the sentence it annotates
    assert_eq!(
        article_text(&doc, "2:1"),
        "Het is verboden op een openbare plaats deel te nemen aan een samenscholing. \
         Het verbod geldt niet voor een optocht als bedoeld in artikel 2:3 of een markt als \
         bedoeld in artikel 160 van de Gemeentewet."
    );
}

/// A lokaleregelgeving.overheid.nl page: site chrome, a table of contents of links, the
/// regulation in sections, then the signature, an annex, the explanation (which repeats
/// article headings) and the notes.
const PAGE: &str = r##"<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Algemene plaatselijke verordening Voorbeeld 2024</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/zoeken">Zoeken</a></li></ul></nav><p>U bent hier: Home &gt; Regelgeving</p></header>
<div id="PaginaContainer"><div class="inhoud"><div id="inhoud">
<h1 class="h1">Algemene plaatselijke verordening Voorbeeld 2024</h1>
<p><span class="label label--info label--lg"><i>Geldend van 01-01-2024 t/m heden</i></span></p>
<div class="treeview"><ul class="list list--linked">
<li class="list__item"><a href="#h2">Hoofdstuk 2 Openbare orde</a><ul>
<li class="list__item"><a href="#a1">Artikel 2:1 Samenscholing</a></li>
<li class="list__item"><a href="#a2">Artikel 2:2 [Vervallen]</a></li>
<li class="list__item"><a href="#a3">Artikel 2:10a vervaltermijn</a></li>
<li class="list__item"><a href="#a4">Artikel 2: 11 Tijden</a></li>
</ul></li>
<li class="list__item"><a href="#regeling-sluiting">Ondertekening</a></li>
<li class="list__item"><a href="#toelichting">Toelichting</a></li></ul></div>
<div class="regeling">
<div class="aanhef"><p>De raad van de gemeente Voorbeeld,</p><p>gelet op artikel 149 van de Gemeentewet;</p><p>besluit vast te stellen de volgende verordening:</p></div>
<div class="regeling-tekst">
<section class="section-chapter js-scrollSection" id="h2"><h2 class="docHoofdstuk">Hoofdstuk 2 Openbare orde</h2>
<section class="section-chapter js-scrollSection"><h3 class="docAfdeling">Afdeling 1 Bestrijding van ongeregeldheden</h3>
<section class="section-chapter js-scrollSection" id="a1"><div class="artikel"><container><h4 class="docArtikel">Artikel 2:1 Samenscholing</h4>
<p>Het is verboden op een openbare plaats deel te nemen aan een samenscholing.</p>
<p>Het verbod geldt niet voor een optocht.</p>
</container></div></section>
<section class="section-chapter js-scrollSection" id="a2"><h4 class="docArtikel">Artikel 2:2 [Vervallen]</h4></section>
<section class="section-chapter js-scrollSection"><h4 class="docArtikel">Artikel 2:3 Voorwerpen op de weg</h4><p>Vervallen</p></section>
<section class="section-chapter js-scrollSection" id="a3"><div class="artikel"><container><h4 class="docArtikel">Artikel 2:10a vervaltermijn</h4>
<ul class="list-custom list-custom--size-xs whitespace-small">
<li class="list-custom__item"><p class="lid labeled"><span class="list-custom__itembullet">1.</span> Een ontheffing vervalt na een jaar.</p></li>
<li class="list-custom__item"><p class="lid labeled"><span class="list-custom__itembullet">2.</span> De burgemeester kan:</p>
<ul class="list-custom list-custom--size-xs "><li class="list-custom__item"><span class="list-custom__itembullet"><!--ins-->a. </span><p>de termijn verlengen;</p></li>
<li class="list-custom__item"><span class="list-custom__itembullet"><!--ins-->b. </span><p>de ontheffing intrekken.</p></li></ul></li>
</ul></container></div></section>
<section class="section-chapter js-scrollSection" id="a4"><div class="artikel"><container><h4 class="docArtikel">Artikel 2&nbsp;:&nbsp;11 Tijden</h4>
<ul class="list-custom list-custom--size-xs whitespace-small">
<li class="list-custom__item"><p class="lid labeled"><span class="list-custom__itembullet">1.</span> De tijden staan in de tabel:</p>
<table class="table "><tbody><tr><td><p><strong class="vet">Zone</strong></p></td><td><p><strong class="vet">Tijd</strong></p></td></tr>
<tr><td><p>a. binnenstad</p></td><td><p>01.00 uur</p></td></tr><tr><td><p>b. buitengebied</p></td><td><p>02.00 uur</p></td></tr></tbody></table></li>
<li class="list-custom__item"><p class="lid labeled"><span class="list-custom__itembullet">2.</span> Het college kan andere tijden vaststellen.</p></li>
</ul></container></div></section>
<section class="section-chapter js-scrollSection"><h4 class="docArtikel">Artikel 2 :12 Toezicht</h4><p>De toezichthouder ziet toe.<sup><a href="#noot1">1</a></sup></p></section>
</section></section>
</div>
<section class="section-chapter js-scrollSection" id="regeling-sluiting"><h4 class="toc-only">Ondertekening</h4>
<div class="cvdr-regeling-sluiting"><div class="ondertekening"><p class="functie">Aldus vastgesteld in de raadsvergadering van 12 december 2023.</p></div>
<div class="ondertekening"><p class="functie">De griffier,</p></div></div></section>
<section class="section-chapter js-scrollSection" id="bijlage_1"><h4>Kaart binnenstad</h4><p>Artikel 2:11 geldt in het gebied op de kaart.</p></section>
<section class="section-chapter js-scrollSection" id="toelichting"><h4 class="toc-only">Toelichting</h4><div class="toelichting">
<p>Hoofdstuk 2 Openbare orde</p><h5>Artikel 2:1 Samenscholing</h5><p>Dit artikel verbiedt samenscholing.</p>
<h5>Artikel 2:13 Straatartiesten</h5><p>Dit artikel wordt bij een volgende wijziging ingevoegd, zie artikel 2:14.</p></div></section>
<div class="noten"><p id="noot1"><sup>1</sup> Zie ook artikel 2:50 van de verordening van 2008.</p></div>
</div></div></div></div>
<footer><p>Ziet u een fout in deze regeling?</p></footer>
</body></html>"##;

#[test]
fn html_page_as_published() {
    let doc = parse(PAGE.as_bytes(), "apv.html");
    assert_eq!(
        articles(&doc),
        [
            "2:1 \"Samenscholing\" tekst",
            "2:2 vervallen",
            "2:3 \"Voorwerpen op de weg\" vervallen",
            "2:10a \"vervaltermijn\" leden 1,2",
            "2:11 \"Tijden\" leden 1,2",
            "2:12 \"Toezicht\" tekst",
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    assert_eq!(article_text(&doc, "2:12"), "De toezichthouder ziet toe.");
    let parts: Vec<NodeKind> = doc.roots.iter().map(|&r| doc.node(r).kind).collect();
    for kind in [NodeKind::Signature, NodeKind::Annex, NodeKind::Explanation] {
        assert!(parts.contains(&kind), "{kind:?} not in {parts:?}");
    }
    // nothing after the articles is lost
    for words in [
        "De griffier,",
        "geldt in het gebied op de kaart",
        "Dit artikel verbiedt",
    ] {
        assert!(doc.text.contains(words), "{words:?} lost");
    }
}

// ---------------------------------------------------------------------------------------
// PDF text

/// What `pdftotext` gives for a printed APV: a two-column table of contents, running
/// headers (the regulation's name and the chapter) and page numbers, article numbers alone
/// on their line with the title under them (once in lower case), a heading broken after
/// "Artikel", references broken over a line, ligatures and a real hyphen at a line end.
const PRINTED: &str = "Algemene plaatselijke verordening Voorbeeld 2024

Inhoudsopgave

Hoofdstuk 1 Algemene bepalingen ........ 3      Artikel 2:10 Venten ................... 6
Artikel 1:1 Begripsbepalingen ........... 3      Artikel 2:11 Standplaatsen ............ 7
Artikel 1:2 Bevoegdheid ................. 4      Hoofdstuk 3 Prostitutie ............... 8
Hoofdstuk 2 Openbare orde ............... 5      Artikel 3:1 Begripsbepalingen ......... 8
Artikel 2:1 Samenscholing ............... 5      Artikel 3:2 Vergunning seksbedrijf .... 9

Hoofdstuk 1 Algemene bepalingen

Artikel 1:1
Begripsbepalingen
In deze verordening wordt verstaan onder:
a. bebouwde kom: de kom zoals vastgesteld op grond van de Wegenverkeerswet
1994;
b. wet: de Gemeentewet.

Artikel 1:2
Bevoegdheid
1. Het college is bevoegd tot het verlenen van een vergunning als bedoeld in artikel
1:1.
2. De burgemeester is bevoegd als bedoeld in artikel 174 van de wet.
                                                                        3
\u{c}Algemene plaatselijke verordening Voorbeeld 2024
Hoofdstuk 1 Algemene bepalingen
3. Het college kan de beslissing op de aanvraag ver-
dagen met ten hoogste vier weken.

Hoofdstuk 2 Openbare orde

Artikel 2:1
samenscholing
1. Het is verboden op een openbare plaats deel te nemen aan een samenscholing.
2. Het verbod geldt niet voor een betoging als bedoeld in de Wet openbare manifestaties.

Artikel
2:10 Venten
1. Het is verboden te venten met goederen op een door het college aangewezen
plaats.
2. Het eerste lid is niet van toepassing op de verkoop van erotisch-
pornograﬁsche goederen in een seksinrichting als bedoeld in artikel 3:1.
3. Met een geldboete wordt gestraft overtreding van artikel 2:10, eerste lid, of
artikel 2:
11.
                                                                        6
\u{c}Algemene plaatselijke verordening Voorbeeld 2024
Hoofdstuk 2 Openbare orde
Artikel 2:11 Standplaatsen
1. Het is verboden zonder vergunning een standplaats in te nemen.
2. De vergunning wordt geweigerd in het belang van de openbare orde of als de
aanvrager is veroordeeld wegens overtreding van artikel 2:10 of van artikel 427 van
het Wetboek van Strafrecht.

Hoofdstuk 3 Prostitutie

Artikel 3:1
Begripsbepalingen
In dit hoofdstuk wordt verstaan onder seksinrichting: een ruimte waarin seksuele
handelingen worden verricht, niet zijnde een ruimte als bedoeld in artikel 273f van het
Wetboek van Strafrecht of artikel 1:1 Awb.

Artikel 3:2
Vergunning seksbedrijf
1. Het is verboden zonder vergunning van de burgemeester een seksbedrijf te exploiteren.
2. De vergunning wordt geweigerd als de exploitant in enig opzicht van slecht
levensgedrag is, als bedoeld in artikel 13b Opiumwet, artikel 3 Wet Bibob, artikel 8
Alcoholwet, artikel 29, eerste lid, RVV 1990 of artikel 2, eerste lid, van het
Reglement verkeersregels en verkeerstekens 1990, of artikel 5:3 van de Algemene wet
bestuursrecht.
3. De aanvraag wordt ﬁnancieel getoetst; de eﬀecten worden beoordeeld.
                                                                        9
";

#[test]
fn pdf_text_of_a_printed_apv() {
    let doc = parse(PRINTED.as_bytes(), "apv.txt");
    assert_eq!(
        articles(&doc),
        [
            "1:1 \"Begripsbepalingen\" tekst",
            "1:2 \"Bevoegdheid\" leden 1,2,3",
            "2:1 \"samenscholing\" leden 1,2",
            "2:10 \"Venten\" leden 1,2,3",
            "2:11 \"Standplaatsen\" leden 1,2",
            "3:1 \"Begripsbepalingen\" tekst",
            "3:2 \"Vergunning seksbedrijf\" leden 1,2,3",
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    // the running header is not part of the lid it interrupts
    assert!(
        article_text(&doc, "1:2").ends_with(
            "2. De burgemeester is bevoegd als bedoeld in artikel 174 van de wet. 3. Het college kan de beslissing op de aanvraag verdagen met ten hoogste vier weken."
        ),
        "{}",
        article_text(&doc, "1:2")
    );
    let venten = article_text(&doc, "2:10");
    assert!(
        venten.contains("van erotisch-pornografische goederen"),
        "{venten}"
    );
    assert!(venten.ends_with("of artikel 2: 11."), "{venten}");
    assert!(
        article_text(&doc, "3:2")
            .ends_with("De aanvraag wordt financieel getoetst; de effecten worden beoordeeld.")
    );
}

#[test]
fn citations_of_other_laws_are_external() {
    let doc = parse(PRINTED.as_bytes(), "apv.txt");
    let external: Vec<(&str, &str)> = doc
        .references
        .iter()
        .filter_map(|r| match &r.target {
            RefTarget::External { law, article } => Some((law.as_str(), article.as_deref()?)),
            _ => None,
        })
        .collect();
    for want in [
        ("Gemeentewet", "174"),
        ("Wetboek van Strafrecht", "427"),
        ("Wetboek van Strafrecht", "273f"),
        ("Awb", "1:1"),
        ("Opiumwet", "13b"),
        ("Wet Bibob", "3"),
        ("Alcoholwet", "8"),
        ("RVV 1990", "29"),
        ("Reglement verkeersregels en verkeerstekens 1990", "2"),
        ("Algemene wet bestuursrecht", "5:3"),
    ] {
        assert!(external.contains(&want), "{want:?} not in {external:?}");
    }
    // the internal ones, a number broken over a line among them, find their article
    let internal: Vec<&str> = doc
        .references
        .iter()
        .filter_map(|r| match &r.target {
            RefTarget::Internal { article, .. } => Some(article.as_str()),
            _ => None,
        })
        .collect();
    for want in ["1:1", "3:1", "2:10", "2:11"] {
        assert!(internal.contains(&want), "{want} not in {internal:?}");
    }
}

#[test]
fn pdf_text_headings_and_numbers_broken_over_lines() {
    // Titles under their numbers; a number broken after "Artikel" or after its colon; a title
    // of two lines; a reference whose number ends on the next line, where "1." must not open
    // a lid.
    let text = "Hoofdstuk 2 Openbare orde

Artikel 2:1
Samenscholing
1. Het is verboden op een openbare plaats deel te nemen aan een samenscholing.

Artikel 2:2
Optochten
Het is verboden zonder kennisgeving een optocht te houden, behoudens het bepaald in
artikel
2:1.

Artikel
2:3 Betogingen
Een betoging is geen optocht als bedoeld in artikel 2:
2.

Artikel 2:
10 Venten
Het is verboden te venten.

Artikel 2:11
Vergunning voor het innemen van een standplaats op een
markt of andere openbare plaats
1. Het is verboden zonder vergunning een standplaats in te nemen.
2. De vergunning wordt geweigerd als artikel 2:
10 wordt overtreden.

Artikel 2:12
Ontheffing
Het college kan ontheffing verlenen van het verbod van artikel 2:
1.
";
    let doc = parse(text.as_bytes(), "afdruk.txt");
    assert_eq!(
        articles(&doc),
        [
            "2:1 \"Samenscholing\" leden 1",
            "2:2 \"Optochten\" tekst",
            "2:3 \"Betogingen\" tekst",
            "2:10 \"Venten\" tekst",
            "2:11 \"Vergunning voor het innemen van een standplaats op een markt of andere openbare plaats\" leden 1,2",
            "2:12 \"Ontheffing\" tekst",
        ]
    );
    assert!(false_alarms(&doc).is_empty(), "{:?}", false_alarms(&doc));
    assert_eq!(
        article_text(&doc, "2:12"),
        "Het college kan ontheffing verlenen van het verbod van artikel 2: 1."
    );
}

#[test]
fn cvdr_xml_numbers_written_with_their_unit_word() {
    // Exports that put the unit's word in `nr` ("Artikel 1:1", "Hoofdstuk 1"), a number with
    // a trailing period, a label "Art.", an empty title, and repeals by title and by status.
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr><body><regeling><regeling-tekst>
<hoofdstuk><kop><nr>Hoofdstuk 1</nr><titel>Algemeen</titel></kop>
<artikel><kop><nr>Artikel 1:1</nr><titel>Begripsbepalingen</titel></kop><al>In deze verordening wordt verstaan onder college: het college.</al></artikel>
<artikel><kop><label>Artikel</label><nr>1:2.</nr><titel>Bevoegdheid</titel></kop><lid><lidnr>1</lidnr><al>Het college is bevoegd.</al></lid><lid><lidnr>2</lidnr><al>De burgemeester is bevoegd.</al></lid></artikel>
<artikel><kop><label>Artikel</label><nr>1:3</nr><titel/></kop><al>Een artikel zonder titel.</al></artikel>
<artikel><kop><label>Artikel</label><nr>1:4</nr><titel>Vervallen</titel></kop></artikel>
<artikel status="vervallen"><kop><label>Artikel</label><nr>1:5</nr><titel>Oud</titel></kop><al>Vervallen per 1 januari 2020.</al></artikel>
<artikel><kop><label>Art.</label><nr>1:6</nr><titel>Citeertitel</titel></kop><al>Deze verordening heet APV Voorbeeld.</al></artikel>
</hoofdstuk>
</regeling-tekst></regeling></body></cvdr>"#;
    let doc = parse(xml.as_bytes(), "export.xml");
    assert_eq!(
        articles(&doc),
        [
            "1:1 \"Begripsbepalingen\" tekst",
            "1:2 \"Bevoegdheid\" leden 1,2",
            "1:3 tekst",
            "1:4 vervallen",
            "1:5 \"Oud\" vervallen",
            "1:6 \"Citeertitel\" tekst",
        ]
    );
    let chapter = doc.node(doc.roots[0]);
    assert_eq!(
        (chapter.kind, chapter.number.as_deref()),
        (NodeKind::Chapter, Some("1"))
    );
}
