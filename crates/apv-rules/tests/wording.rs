//! Real wording must get the same verdict whatever the word order, voice or length of the
//! enumeration between the words; a negated or excluded phrase must not count.

use apv_rules::{RuleSet, Status, scan};

fn verdict(id: &str, text: &str) -> apv_rules::Verdict {
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(text, "apv.txt").expect("parses");
    let report = scan(&rules, None, &[("apv.txt".into(), doc)]);
    report
        .requirements
        .into_iter()
        .find(|v| v.id == id)
        .expect("verdict")
}

fn apv(title: &str, body: &str) -> String {
    format!(
        "Algemene plaatselijke verordening Proefstad 2024\nHoofdstuk 2 Openbare orde\nAfdeling 11 Bijzondere bepalingen\nArtikel 2:64c {title}\n{body}\n"
    )
}

/// The sentence of a real APV article 2:64c that an earlier engine called `reference_only`.
const GRONINGEN: &str = "De burgemeester kan een voor het publiek openstaand gebouw of een bij dat gebouw behorend erf, of voor het publiek openstaande gebouwen en/of de daarbij behorende erven, in het belang van de openbare orde, veiligheid, gezondheid of zedelijkheid of als er naar zijn oordeel sprake is van bijzondere omstandigheden voor een bepaalde duur geheel of gedeeltelijk sluiten.";

#[test]
fn the_groningen_sentence_and_its_variants_are_met() {
    let title = "Sluiting van voor het publiek toegankelijke gebouwen";
    let variants = [
        GRONINGEN.to_string(),
        "Voor het publiek toegankelijke gebouwen en de daarbij behorende erven kunnen door de burgemeester in het belang van de openbare orde, de veiligheid of de gezondheid voor een door hem te bepalen duur geheel of gedeeltelijk worden gesloten.".into(),
        "De burgemeester kan in het belang van de openbare orde een gebouw dat voor het publiek toegankelijk is, of een erf dat daarbij hoort, geheel of gedeeltelijk sluiten.".into(),
        "De burgemeester is bevoegd om, indien de openbare orde, de veiligheid of de zedelijkheid dat naar zijn oordeel vereist, een voor het publiek openstaand gebouw met het bijbehorende erf voor een bepaalde duur te sluiten.".into(),
    ];
    for body in &variants {
        let v = verdict("3.2.1", &apv(title, &format!("1. {body}")));
        assert_eq!(v.status, Status::Met, "{body}\n{}", v.explanation);
        assert_eq!(v.articles.first().map(String::as_str), Some("2:64c"));
        // The same sentence under a title that says nothing is still met: content decides.
        let v = verdict(
            "3.2.1",
            &apv("Bijzondere bevoegdheid", &format!("1. {body}")),
        );
        assert_eq!(v.status, Status::Met, "untitled: {body}");
    }
}

#[test]
fn negated_excluded_and_horeca_only_closures_are_not_met() {
    for (title, body) in [
        (
            "Sluiting woningen en lokalen",
            "1. De burgemeester kan een woning, een niet voor het publiek toegankelijk lokaal of een bij die woning of dat lokaal behorend erf sluiten als de openbare orde dat vereist.",
        ),
        (
            "Tijdelijke sluiting",
            "1. De burgemeester kan in het belang van de openbare orde een of meer openbare inrichtingen tijdelijk sluiten.",
        ),
        (
            "Bijzondere bevoegdheid",
            "1. De burgemeester kan in het belang van de openbare orde een pand sluiten, met uitzondering van gebouwen die voor het publiek toegankelijk zijn.",
        ),
    ] {
        let v = verdict("3.2.1", &apv(title, body));
        assert_ne!(v.status, Status::Met, "{body}");
        assert_ne!(v.status, Status::Partial, "{body}");
    }
}

#[test]
fn a_negation_in_another_lid_does_not_reach_the_closure_power() {
    let body = "1. Dit artikel is niet van toepassing op woningen.\n2. De burgemeester kan in het belang van de openbare orde een voor het publiek toegankelijk gebouw sluiten.";
    let v = verdict("3.2.1", &apv("Sluiting gebouwen", body));
    assert_eq!(v.status, Status::Met, "{}", v.explanation);
}

#[test]
fn a_strong_title_with_an_unrecognised_body_is_partial_for_review() {
    let body = "1. De burgemeester regelt dit bij nadere regels over de wijze waarop hij van zijn bevoegdheid gebruikmaakt.";
    let v = verdict(
        "3.2.1",
        &apv("Sluiting van voor het publiek toegankelijke gebouwen", body),
    );
    assert_eq!(v.status, Status::Partial, "{}", v.explanation);
    assert!(v.review);
    assert_eq!(v.articles, ["2:64c"]);
    assert!(
        v.explanation
            .to_lowercase()
            .starts_with("titel komt overeen, inhoud niet herkend: controleer"),
        "{}",
        v.explanation
    );
    assert!(!v.missing.is_empty(), "names what was not recognised");
    let json = serde_json::to_value(&v).expect("serialises");
    assert_eq!(json["review"], serde_json::Value::Bool(true));
    // A verdict that needs no review does not carry the flag.
    let v = verdict("3.2.1", &apv("Sluiting", &format!("1. {GRONINGEN}")));
    assert!(!v.review);
    assert!(
        serde_json::to_value(&v)
            .expect("serialises")
            .get("review")
            .is_none()
    );
}

#[test]
fn one_quote_per_sentence_names_every_element_in_dutch_and_keeps_the_matched_words() {
    let text = apv("Sluiting", &format!("1. {GRONINGEN}"));
    let v = verdict("3.2.1", &text);
    assert_eq!(v.status, Status::Met);
    let mut places: Vec<(usize, usize)> = v.evidence.iter().map(|e| (e.start, e.end)).collect();
    places.dedup();
    assert_eq!(places.len(), v.evidence.len(), "one quote per sentence");
    let e = &v.evidence[0];
    assert!(
        e.proves
            .iter()
            .any(|p| p.contains("bevoegdheid van de burgemeester"))
            && e.proves.iter().any(|p| p.contains("sluitingsgrond")),
        "{:?}",
        e.proves
    );
    // The quote is the whole sentence: it starts at "De burgemeester" and ends with "sluiten.".
    assert!(e.quote.starts_with("De burgemeester kan"), "{}", e.quote);
    assert!(e.quote.ends_with("gedeeltelijk sluiten."), "{}", e.quote);
    // Every matched word lies inside the quote and is quoted whole.
    assert!(e.matched.len() >= 4, "{:?}", e.matched);
    for m in &e.matched {
        assert!(
            e.start <= m.start && m.end <= e.end,
            "{m:?} outside {}..{}",
            e.start,
            e.end
        );
        let words = &text[m.start..m.end];
        assert!(e.quote.contains(words), "{words:?} not in the quote");
    }
    let words: Vec<&str> = e.matched.iter().map(|m| &text[m.start..m.end]).collect();
    assert!(words.contains(&"sluiten"), "{words:?}");
    assert!(words.contains(&"voor het publiek openstaand"), "{words:?}");
}
