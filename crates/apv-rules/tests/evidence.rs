//! Evidence for `reference_only` and `absent` never cites an article that is not about the
//! requirement. A law is mentioned in many places of an APV: to demarcate ("niet van toepassing
//! op situaties waarin artikel 13b van de Opiumwet voorziet"), to name a competent body ("als
//! bedoeld in artikel 174 van de Gemeentewet"), or in an article about the subject itself ("een
//! krachtens artikel 13b van de Opiumwet gesloten lokaal"). Only the last is a reference for the
//! requirement.

use apv_rules::{RuleSet, ScanReport, Status, Verdict, scan};

fn run(text: &str) -> ScanReport {
    let doc = apv_parser::parse_text(text, "apv.txt").expect("parses");
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    scan(
        RULES.get_or_init(RuleSet::embedded),
        None,
        &[("apv.txt".into(), doc)],
    )
}

fn verdict<'a>(r: &'a ScanReport, id: &str) -> &'a Verdict {
    r.requirements.iter().find(|v| v.id == id).expect("verdict")
}

fn cited(v: &Verdict) -> Vec<String> {
    let mut out = v.articles.clone();
    for e in &v.evidence {
        if let Some(a) = &e.article
            && !out.contains(a)
        {
            out.push(a.clone());
        }
    }
    out
}

/// Articles that mention the Gemeentewet or the Opiumwet without being about closure.
const NOT_ABOUT_CLOSURE: &str = "\
Algemene plaatselijke verordening Brederwijk 2024
Hoofdstuk 2 Openbare orde
Afdeling 2 Voorwerpen op de weg
Artikel 2:10 Voorwerpen op de weg
1. Het is verboden een voorwerp op de weg te plaatsen als dat schade kan toebrengen aan de bruikbaarheid van de weg.
2. In dit artikel is het bevoegd bestuursorgaan het college of, voor zover het voor het publiek openstaande gebouwen betreft als bedoeld in artikel 174 van de Gemeentewet, de burgemeester.
Afdeling 4 Horeca
Artikel 2:27 Begripsbepalingen
In deze afdeling wordt verstaan onder openbare inrichting: een hotel, restaurant, café of andere voor het publiek toegankelijke ruimte waar dranken worden geschonken.
Artikel 2:30 Tijdelijke andere sluitingstijden
1. De burgemeester kan in het belang van de openbare orde voor een of meer openbare inrichtingen tijdelijk andere sluitingstijden vaststellen.
2. Het eerste lid is niet van toepassing op situaties waarin artikel 13b van de Opiumwet voorziet.
Artikel 2:32 Handel in openbare inrichtingen
Het is verboden in een openbare inrichting goederen te verhandelen zonder toestemming van de exploitant.
";

/// An article about closure that refers to the national laws instead of giving its own power.
const BETREDEN: &str = "\
Afdeling 8 Overlast
Artikel 2:41 Betreden van een gesloten pand
1. Het is verboden een woning of lokaal te betreden die de burgemeester op grond van artikel 174a van de Gemeentewet heeft gesloten.
2. Het is verboden een krachtens artikel 13b van de Opiumwet gesloten woning of lokaal te betreden.
";

#[test]
fn a_reference_is_the_article_about_the_subject_not_the_first_mention() {
    let r = run(&format!("{NOT_ABOUT_CLOSURE}{BETREDEN}"));
    for id in ["3.2.1", "3.7"] {
        let v = verdict(&r, id);
        assert_eq!(v.status, Status::ReferenceOnly, "{id}: {}", v.explanation);
        assert_eq!(cited(v), ["2:41"], "{id}: {}", v.explanation);
        assert!(v.explanation.contains("2:41"), "{id}: {}", v.explanation);
    }
}

#[test]
fn a_demarcation_or_a_competent_body_is_no_reference() {
    let r = run(NOT_ABOUT_CLOSURE);
    let v = verdict(&r, "3.2.1");
    assert_eq!(v.status, Status::Absent, "{}", v.explanation);
    assert!(cited(v).is_empty(), "3.2.1 cites {:?}", cited(v));
    let v = verdict(&r, "3.7");
    assert_eq!(v.status, Status::NotAssessed, "{}", v.explanation);
    assert!(cited(v).is_empty(), "3.7 cites {:?}", cited(v));
}

#[test]
fn a_preamble_mention_is_a_reference_without_an_article() {
    let text = NOT_ABOUT_CLOSURE.replacen(
        "Hoofdstuk 2",
        "De raad van de gemeente Brederwijk;\ngelet op artikel 13b van de Opiumwet;\nbesluit vast te stellen de volgende verordening.\nHoofdstuk 2",
        1,
    );
    let r = run(&text);
    let v = verdict(&r, "3.7");
    assert_eq!(v.status, Status::ReferenceOnly, "{}", v.explanation);
    assert!(cited(v).is_empty(), "3.7 cites {:?}", cited(v));
    assert!(v.explanation.contains("aanhef"), "{}", v.explanation);
}

#[test]
fn a_definition_alone_cites_the_definition_not_an_unrelated_article() {
    // No exploitation permit: only the definition of openbare inrichting, and an article on
    // trading in one (a candidate by its words, about something else).
    let r = run(NOT_ABOUT_CLOSURE);
    let v = verdict(&r, "3.2.2a");
    assert_eq!(v.status, Status::ReferenceOnly, "{}", v.explanation);
    assert_eq!(cited(v), ["2:27"], "{}", v.explanation);
}

#[test]
fn a_definition_is_quoted_from_the_term_it_defines() {
    let text = "\
Algemene plaatselijke verordening Brederwijk 2024
Hoofdstuk 3 Seksbranche
Artikel 3:1 Begripsbepalingen
In dit hoofdstuk wordt verstaan onder:
a. advertentie: elke openbare aanprijzing waarmee een seksbedrijf of een prostituee diensten aanbiedt;
b. seksbedrijf: een bedrijf waarin of van waaruit een of meer personen seksuele handelingen verrichten tegen betaling, waaronder een escortbedrijf;
Artikel 3:5 Advertenties
Het is verboden een advertentie van een seksbedrijf te plaatsen zonder vermelding van het nummer van de vergunning van het seksbedrijf.
";
    let r = run(text);
    let v = verdict(&r, "3.2.2b");
    assert_eq!(v.status, Status::ReferenceOnly, "{}", v.explanation);
    assert_eq!(cited(v), ["3:1"], "{}", v.explanation);
    let quote = &v.evidence[0].quote;
    assert!(quote.contains("seksbedrijf: een bedrijf"), "{quote}");
    assert!(!quote.contains("advertentie:"), "{quote}");
}

#[test]
fn a_definition_in_a_long_list_is_quoted_with_its_meaning() {
    // A list of definitions longer than a quote: the quote narrows to the definition, and a
    // term that ends in a colon keeps the words that follow it.
    let filler: String = (1..=8)
        .map(|i| {
            format!("- begrip{i}: een omschrijving van het begrip met een aantal woorden erbij;\n")
        })
        .collect();
    let text = format!(
        "\
Algemene plaatselijke verordening Brederwijk 2024
Hoofdstuk 3 Seksbranche
Artikel 3:2 Begripsbepalingen
In dit hoofdstuk wordt verstaan onder:
{filler}- escortbedrijf: het bedrijfsmatig bemiddelen tussen een klant en een prostituee;
- raamprostitutie: prostitutie achter een raam;
"
    );
    let r = run(&text);
    let v = verdict(&r, "3.2.2b");
    assert_eq!(v.status, Status::ReferenceOnly, "{}", v.explanation);
    let quote = &v.evidence[0].quote;
    assert!(
        quote.contains("escortbedrijf: het bedrijfsmatig bemiddelen"),
        "{quote}"
    );
    assert!(!quote.contains("begrip1"), "{quote}");
}
