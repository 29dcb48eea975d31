//! Markdown read with a Markdown parser: what the markup states (headings of either style, list
//! items with their labels, table cells, HTML and code blocks) and the artefacts of Markdown
//! converted from PDF or Word give the right articles, leden and onderdelen, with the source
//! line of each article. The fixtures are in `fixtures/markdown/` (see its README).

use std::fmt::Write;

use apv_parser::{Document, NodeId, NodeKind, ParseOptions};

fn parse(name: &str) -> Document {
    let path = format!(
        "{}/../../fixtures/markdown/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    apv_parser::parse_bytes(&bytes, name, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every article as `Artikel number title @line [vervallen]`, then its own text (after `:`)
/// and its leden, onderdelen and sub-onderdelen with their own text, indented by depth.
fn shape(doc: &Document) -> String {
    fn below(doc: &Document, id: NodeId, depth: usize, out: &mut String) {
        for &c in &doc.node(id).children {
            let n = doc.node(c);
            let word = match n.kind {
                NodeKind::Member => "lid",
                NodeKind::Item => "onderdeel",
                NodeKind::SubItem => "sub",
                _ => continue,
            };
            let number = n.number.as_deref().unwrap_or("-");
            let _ = writeln!(out, "{:depth$}{word} {number}: {}", "", doc.own_text(c));
            below(doc, c, depth + 2, out);
        }
    }
    let mut out = String::new();
    for id in doc.articles() {
        let n = doc.node(id);
        let _ = write!(
            out,
            "Artikel {} {} @{}",
            n.number.as_deref().unwrap_or("?"),
            n.title.as_deref().unwrap_or("-"),
            n.line
        );
        out.push_str(if n.repealed { " [vervallen]\n" } else { "\n" });
        let own = doc.own_text(id);
        if !own.is_empty() && !n.repealed {
            let _ = writeln!(out, "  : {own}");
        }
        below(doc, id, 2, &mut out);
    }
    out
}

fn check(name: &str, want: &str) {
    let doc = parse(name);
    assert_eq!(shape(&doc), want, "{name}");
}

#[test]
fn setext_headings_are_headings_also_with_a_lower_case_title() {
    // the text rules alone take "Artikel 2 vervaltermijn standplaats" for a sentence
    check(
        "setext-headings.md",
        "Artikel 1 Markt @7
  lid 1: Het college wijst de marktdagen aan.
  lid 2: Het college kan een marktmeester aanwijzen.
Artikel 2 vervaltermijn standplaats @13
  : Een standplaats vervalt na zes maanden zonder gebruik.
Artikel 3 Toezicht op de markt @18
  : De marktmeester ziet toe op de naleving van deze verordening.
",
    );
}

#[test]
fn inline_marks_in_headings_leave_their_text() {
    // a code span loses its backticks; a bold number before a link is still the heading's
    // number, the link text its title; `&amp;` and `&shy;` are characters
    check(
        "heading-inline-marks.md",
        "Artikel 1 Parkeren van voertuigen en aanhangers @5
  lid 1: Het is verboden een aanhanger langer dan drie dagen te parkeren.
  lid 2: Het college kan ontheffing verlenen.
Artikel 2 Fietsen in het centrum @10
  : Het is verboden fietsen te plaatsen buiten de rekken & stallingen.
Artikel 3 Rustverstoring @14
  : Het is verboden de rust te verstoren.
",
    );
}

#[test]
fn list_items_keep_their_labels_and_run_on_over_lines() {
    check(
        "lists.md",
        "Artikel 1 Begrippen @3
  : In deze verordening wordt verstaan onder:
  onderdeel a: standplaats: een plaats op de weg om goederen te koop aan te bieden;
  onderdeel b: venten: het rondgaan met goederen om die te koop aan te bieden;
  onderdeel c: markt: een markt als bedoeld in de Gemeentewet.
Artikel 2 Vergunning @12
  lid 1: Het is verboden zonder vergunning van het college een standplaats in te nemen.
  lid 2: Het college weigert de vergunning als:
    onderdeel a: de standplaats de doorgang belemmert; of
    onderdeel b: de standplaats in strijd is met het bestemmingsplan.
  lid 3: Het college kan de vergunning intrekken als de houder de voorschriften niet naleeft.
  lid 4: Dit artikel is niet van toepassing op de markt.
Artikel 3 Venten @24
  lid 1: Het is verboden te venten op zondag.
  lid 2: Het verbod geldt niet voor kranten.
",
    );
}

#[test]
fn html_and_code_blocks_keep_their_text_without_tags_fences_or_comments() {
    check(
        "html-and-code-blocks.md",
        "Artikel 1 Reclame @3
  lid 1: Het is verboden reclame te maken op gebouwen & bruggen.
  lid 2: Het college kan ontheffing verlenen.
Artikel 2 Aanplakken @12
  lid 1: Het is verboden aan te plakken buiten de aanplakborden.
  lid 2: Het college wijst de aanplakborden aan.
Artikel 3 Slot @20
  : Deze verordening heet Reclameverordening.
",
    );
}

#[test]
fn table_rows_are_text_never_leden_and_no_cell_is_dropped() {
    check(
        "table.md",
        "Artikel 1 Geluid @3
  lid 1: Het is verboden geluid te maken boven de waarden van deze tabel: nr | periode | waarde 1. dag | 50 dB(A) 2. nacht | 40 dB(A) | zie ook artikel 2
  lid 2: Het college kan hogere waarden toestaan.
Artikel 2 Tijden @14
  : dag | van | tot maandag | 07.00 uur | 19.00 uur Het college kan andere tijden vaststellen.
",
    );
}

#[test]
fn artefacts_of_conversion_are_read_as_the_old_clean_up_read_them() {
    // bold and bracketed headings, an italic facultative article in brackets, a facultative
    // lid in brackets, a bold-paragraph heading, a bold heading run before the text, bullet
    // items holding onderdelen, page footers and numbers, a front matter block
    check(
        "converted.md",
        "Artikel 1:1 Definities @9
  : wagen: een voertuig als bedoeld in de Wegenverkeerswet 1994; kar: een wagen zonder motor.
Artikel 1:2 Standplaats @15
  lid 1: Het college beslist binnen aantal weken.
  lid 2: Het college kan de termijn eenmaal verdagen.
Artikel 1:3 Kamperen @25
  : Het is verboden te kamperen op openbare plaatsen.
Artikel 1:4 Nachtrust @29
  lid 1: Het is verboden de nachtrust te verstoren.
    onderdeel a: door geluid; of
    onderdeel b: door licht.
Artikel 1:5 Overgang @37
  : Deze verordening geldt vanaf datum.
Artikel 1:6 - @43 [vervallen]
",
    );
    let doc = parse("converted.md");
    assert!(!doc.text.contains("november 2025"), "page footers dropped");
    assert!(
        doc.text.contains("title: \"Model verordening"),
        "front matter kept"
    );
}
