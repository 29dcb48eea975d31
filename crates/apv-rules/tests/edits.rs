//! Edited copies of the fixture municipalities: each edit (a clause removed, an article
//! repealed or deleted, all articles renumbered, a title reworded, a trap added) must change
//! exactly the verdicts it implies, and nothing else. This is what shows that the rules match on
//! content, not on article numbers.

use std::collections::BTreeMap;
use std::path::Path;

use apv_rules::{RuleSet, ScanReport, Status, parse_or_plain, scan};

fn read(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/scan")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn lindewaard() -> Vec<(String, String)> {
    [
        "apv-lindewaard.md",
        "bibob-beleid-lindewaard.md",
        "damoclesbeleid-lindewaard.md",
    ]
    .iter()
    .map(|f| (f.to_string(), read(&format!("lindewaard/{f}"))))
    .collect()
}

fn veenhoven() -> Vec<(String, String)> {
    [
        "apv-veenhoven.txt",
        "bibob-beleid-veenhoven.txt",
        "speelautomatenhallenverordening-veenhoven-2020.txt",
    ]
    .iter()
    .map(|f| (f.to_string(), read(&format!("veenhoven/{f}"))))
    .collect()
}

fn run(files: &[(String, String)]) -> ScanReport {
    let docs: Vec<_> = files
        .iter()
        .map(|(n, t)| (n.clone(), parse_or_plain(t, n).expect("fixture parses")))
        .collect();
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    scan(RULES.get_or_init(RuleSet::embedded), None, &docs)
}

fn statuses(r: &ScanReport) -> BTreeMap<String, Status> {
    r.requirements
        .iter()
        .map(|v| (v.id.clone(), v.status))
        .collect()
}

fn verdict<'a>(r: &'a ScanReport, id: &str) -> &'a apv_rules::Verdict {
    r.requirements.iter().find(|v| v.id == id).expect("verdict")
}

/// Applies `edit` to file `file` and checks that exactly the `changes` happen.
fn assert_edit(
    base: Vec<(String, String)>,
    file: &str,
    edit: impl Fn(&str) -> String,
    changes: &[(&str, Status)],
) -> ScanReport {
    let before = run(&base);
    let edited: Vec<(String, String)> = base
        .into_iter()
        .map(|(n, t)| {
            if n == file {
                let e = edit(&t);
                assert_ne!(e, t, "the edit changed nothing in {file}");
                (n, e)
            } else {
                (n, t)
            }
        })
        .collect();
    let after = run(&edited);
    let mut want = statuses(&before);
    for (id, st) in changes {
        assert_ne!(
            want[*id], *st,
            "{id} was already {st:?}: the edit proves nothing"
        );
        want.insert(id.to_string(), *st);
    }
    assert_eq!(statuses(&after), want);
    after
}

/// Removes the article whose heading line contains `heading`, up to the next heading.
fn remove_article(text: &str, heading: &str) -> String {
    let start = text.find(heading).expect("heading present");
    let start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let rest = &text[start + 1..];
    let next = [
        "\n### ",
        "\n## ",
        "\nArtikel ",
        "\nHoofdstuk ",
        "\nAfdeling ",
    ]
    .iter()
    .filter_map(|m| rest.find(m))
    .min()
    .map(|i| start + 1 + i + 1)
    .unwrap_or(text.len());
    format!("{}{}", &text[..start], &text[next..])
}

#[test]
fn removing_the_levensgedrag_article_makes_horeca_partial() {
    let after = assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| remove_article(t, "Artikel 2:21a Eisen exploitant"),
        &[("3.2.2a", Status::Partial)],
    );
    let v = verdict(&after, "3.2.2a");
    assert_eq!(v.articles, vec!["2:21"]);
    assert_eq!(v.missing.len(), 1);
    assert!(v.missing[0].contains("levensgedrag"), "{:?}", v.missing);
}

#[test]
fn removing_a_clause_from_the_seks_permit_makes_it_partial() {
    assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| {
            t.replace(
                "2. De burgemeester weigert de vergunning als de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.\n\n## Hoofdstuk 6",
                "## Hoofdstuk 6",
            )
        },
        &[("3.2.2b", Status::Partial)],
    );
}

#[test]
fn repealing_the_closure_article_gives_repealed() {
    let after = assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| {
            let cut = remove_article(t, "Artikel 2:41 Sluiting publiek");
            cut.replace(
                "### Artikel 2:42 Vergunningplicht",
                "### Artikel 2:41 Sluiting publiek toegankelijke gebouwen (vervallen)\n\n[Vervallen]\n\n### Artikel 2:42 Vergunningplicht",
            )
        },
        &[("3.2.1", Status::Repealed)],
    );
    assert_eq!(verdict(&after, "3.2.1").articles, vec!["2:41"]);
}

#[test]
fn deleting_the_closure_article_leaves_only_the_reference_to_the_gemeentewet() {
    // 2:40 (entering a closed dwelling) still names artikel 174a Gemeentewet.
    assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| remove_article(t, "Artikel 2:41 Sluiting publiek"),
        &[("3.2.1", Status::ReferenceOnly)],
    );
    // Without that article too, nothing is left.
    assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| {
            remove_article(
                &remove_article(t, "Artikel 2:41 Sluiting publiek"),
                "Artikel 2:40 Betreden",
            )
        },
        &[("3.2.1", Status::Absent)],
    );
}

#[test]
fn renumbering_every_article_changes_no_status() {
    let renumber = |t: &str| {
        let re = regex::Regex::new(r"(?i)\b(artikel(?:en)?) ([23]):(\d+)([a-z]?)").expect("valid");
        re.replace_all(t, |c: &regex::Captures| {
            let n: u32 = c[3].parse().expect("digits");
            format!("{} {}.{}{}", &c[1], &c[2], n + 100, &c[4])
        })
        .into_owned()
    };
    let before = run(&lindewaard());
    let after = assert_edit(lindewaard(), "apv-lindewaard.md", renumber, &[]);
    for (b, a) in before.requirements.iter().zip(&after.requirements) {
        let moved: Vec<String> = b
            .articles
            .iter()
            .map(|n| match n.split_once(':') {
                Some((h, rest)) if h == "2" || h == "3" => {
                    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                    let suffix = &rest[digits.len()..];
                    format!(
                        "{h}:{}{suffix}",
                        digits.parse::<u32>().expect("digits") + 100
                    )
                }
                _ => n.clone(),
            })
            .collect();
        assert_eq!(a.articles, moved, "{}", a.id);
    }
}

#[test]
fn rewording_titles_changes_no_status() {
    assert_edit(
        lindewaard(),
        "apv-lindewaard.md",
        |t| {
            t.replace(
                "Artikel 2:41 Sluiting publiek toegankelijke gebouwen",
                "Artikel 2:41 Bevoegdheid burgemeester",
            )
            .replace(
                "Artikel 2:21 Exploitatievergunning horecabedrijf",
                "Artikel 2:21 Vergunning",
            )
            .replace(
                "Artikel 2:42 Vergunningplicht aangewezen bedrijvigheid",
                "Artikel 2:42 Ondermijning",
            )
            .replace(
                "Artikel 2:15 Vergunning evenement",
                "Artikel 2:15 Toestemming",
            )
            .replace(
                "Artikel 2:21a Eisen exploitant en leidinggevende",
                "Artikel 2:21a Eisen exploitant en leidinggevende horeca",
            )
        },
        &[],
    );
}

#[test]
fn a_fight_ban_does_not_count_as_combat_sport() {
    assert_edit(
        veenhoven(),
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "Artikel 2.27 Begripsbepalingen",
                "Artikel 2.26 Vechtpartijen bij evenementen\n1. Het is verboden bij een evenement te vechten of een vechtpartij uit te lokken.\n2. De burgemeester kan voorschriften geven.\n\nArtikel 2.27 Begripsbepalingen",
            )
        },
        &[],
    );
}

#[test]
fn adding_vechtsport_rules_makes_the_event_permit_met() {
    assert_edit(
        veenhoven(),
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "2. De burgemeester kan aan de vergunning voorschriften verbinden in het belang van de openbare orde.",
                "2. De burgemeester kan aan de vergunning voorschriften verbinden in het belang van de openbare orde.\n3. De burgemeester kan de vergunning voor een door hem aangewezen vechtsportwedstrijd weigeren als de organisator in enig opzicht van slecht levensgedrag is.",
            )
        },
        &[("3.2.4", Status::Met)],
    );
}

#[test]
fn a_gelet_op_line_alone_is_only_a_reference() {
    // Veenhoven's preamble names artikel 174 Gemeentewet; without it and without 2.41 the
    // closure requirement is absent, with either it is only a reference.
    let strip = |t: &str| {
        remove_article(
            &t.replace(" en artikel 174 van de Gemeentewet", ""),
            "Artikel 2.41 Betreden",
        )
    };
    let base: Vec<(String, String)> = veenhoven()
        .into_iter()
        .map(|(n, t)| {
            if n == "apv-veenhoven.txt" {
                (n, strip(&t))
            } else {
                (n, t)
            }
        })
        .collect();
    assert_eq!(verdict(&run(&base), "3.2.1").status, Status::Absent);
    assert_edit(
        base,
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "gelet op artikel 149 van de Gemeentewet",
                "gelet op artikel 149 en artikel 174 van de Gemeentewet",
            )
        },
        &[("3.2.1", Status::ReferenceOnly)],
    );
}

#[test]
fn a_horeca_only_closure_is_not_a_closure_of_public_buildings() {
    // Veenhoven already has the horeca-only 2.30; giving it more triggers changes nothing.
    assert_edit(
        veenhoven(),
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "voor een of meer openbare inrichtingen tijdelijk sluiting bevelen.",
                "voor een of meer openbare inrichtingen tijdelijk sluiting bevelen, ook ter voorkoming van overlast en in het belang van de veiligheid.",
            )
        },
        &[],
    );
}

#[test]
fn describing_the_law_does_not_put_a_sector_in_scope() {
    assert_edit(
        veenhoven(),
        "bibob-beleid-veenhoven.txt",
        |t| {
            t.replace(
                "d. vastgoedtransacties.",
                "d. vastgoedtransacties;\ne. gedoogbeschikkingen voor coffeeshops.",
            )
        },
        &[("3.5d", Status::ReferenceOnly)],
    );
    assert_edit(
        veenhoven(),
        "bibob-beleid-veenhoven.txt",
        |t| {
            t.replace(
                "2. De burgemeester kan de Wet Bibob toepassen",
                "2. Het college past de Wet Bibob ook toe bij gedoogbeschikkingen voor coffeeshops.\n3. De burgemeester kan de Wet Bibob toepassen",
            )
        },
        &[("3.5d", Status::Met)],
    );
}

#[test]
fn an_escort_definition_elsewhere_does_not_cover_a_seksinrichting_permit() {
    // A regulation-wide definition the permit does not use changes nothing ...
    assert_edit(
        veenhoven(),
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "In deze verordening wordt verstaan onder openbare plaats: een plaats die voor het publiek toegankelijk is.",
                "In deze verordening wordt verstaan onder:\na. openbare plaats: een plaats die voor het publiek toegankelijk is;\nb. escortbedrijf: het bedrijfsmatig bemiddelen tussen klant en prostituee.",
            )
        },
        &[],
    );
    // ... bringing escort under the permit itself does.
    assert_edit(
        veenhoven(),
        "apv-veenhoven.txt",
        |t| {
            t.replace(
                "een seksinrichting te exploiteren",
                "een seksinrichting of escortbedrijf te exploiteren",
            )
        },
        &[("3.2.2b", Status::Met)],
    );
}

#[test]
fn supplying_the_separate_regulation_is_what_makes_gaming_halls_outside_the_apv() {
    let mut without = veenhoven();
    without.retain(|(n, _)| !n.starts_with("speelautomaten"));
    // The APV still hands the subject to the regulation by name.
    assert_eq!(verdict(&run(&without), "3.2.2c").status, Status::OutsideApv);
    let with_permit: Vec<(String, String)> = without
        .into_iter()
        .map(|(n, t)| {
            if n == "apv-veenhoven.txt" {
                let t = t.replace(
                    "Voor het exploiteren van een speelautomatenhal geldt de Speelautomatenhallenverordening Veenhoven 2020.",
                    "1. Het is verboden zonder vergunning van de burgemeester een speelautomatenhal te exploiteren.",
                );
                (n, t)
            } else {
                (n, t)
            }
        })
        .collect();
    assert_eq!(
        verdict(&run(&with_permit), "3.2.2c").status,
        Status::Partial
    );
}

/// Article `number` of the Lindewaard APV copied under `heading`, placed before article 2:40.
fn copy_before_2_40(t: &str, number: &str, heading: &str) -> String {
    let start = t
        .find(&format!("### Artikel {number} "))
        .expect("the article");
    let end = t[start + 4..]
        .find("\n### ")
        .map_or(t.len(), |e| start + 4 + e + 1);
    let article = &t[start..end];
    let first_line = article.lines().next().expect("heading line");
    let copy = article.replacen(first_line, heading, 1);
    let at = t.find("### Artikel 2:40 ").expect("2:40");
    format!("{}{}{}", &t[..at], copy, &t[at..])
}

/// Scans Lindewaard with its APV edited.
fn lindewaard_with_apv(edit: impl Fn(&str) -> String) -> ScanReport {
    let files: Vec<(String, String)> = lindewaard()
        .into_iter()
        .map(|(n, t)| {
            let t = if n == "apv-lindewaard.md" {
                edit(&t)
            } else {
                t
            };
            (n, t)
        })
        .collect();
    run(&files)
}

#[test]
fn of_two_equal_candidates_the_first_in_the_document_is_cited() {
    assert_eq!(verdict(&run(&lindewaard()), "3.2.5").articles, vec!["2:43"]);
    // An identical article earlier in the document: same status, same elements, same title.
    let heading = "### Artikel 2:39a Verbod op zichtbare uitingen van verboden organisaties";
    let after = lindewaard_with_apv(|t| copy_before_2_40(t, "2:43", heading));
    assert_eq!(verdict(&after, "3.2.5").status, Status::Met);
    assert_eq!(verdict(&after, "3.2.5").articles, vec!["2:39a"]);
}

#[test]
fn a_better_title_later_in_the_document_beats_an_earlier_one() {
    // The same rule earlier, under a title that matches less well but still makes it a
    // candidate: 2:43 keeps the verdict.
    let heading = "### Artikel 2:39a Zichtbare uitingen organisaties";
    let after = lindewaard_with_apv(|t| copy_before_2_40(t, "2:43", heading));
    assert_eq!(verdict(&after, "3.2.5").status, Status::Met);
    assert_eq!(verdict(&after, "3.2.5").articles, vec!["2:43"]);
    // With the better title on the earlier copy, the earlier copy is cited.
    let heading = "### Artikel 2:39a Verbod op zichtbare uitingen van verboden organisaties";
    let renamed = |t: &str| {
        copy_before_2_40(t, "2:43", heading).replace(
            "### Artikel 2:43 Verbod op zichtbare uitingen van verboden organisaties",
            "### Artikel 2:43 Zichtbare uitingen organisaties",
        )
    };
    let after = lindewaard_with_apv(renamed);
    assert_eq!(verdict(&after, "3.2.5").articles, vec!["2:39a"]);
}
