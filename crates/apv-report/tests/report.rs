//! The report model and renderers on scans built by hand.

use apv_report::diff::{self, Direction};
use apv_report::{
    Base, Format, ModelWording, RenderOptions, Report, ReportError, ReportOptions, RequirementInfo,
    render, render_diff,
};
use apv_rules::{
    ArticleText, Evidence, FileProblem, Notice, RuleSetInfo, ScanReport, ScannedDocument, Status,
    Verdict,
};

const CLOSURE: &str = "De burgemeester kan een voor het publiek toegankelijk gebouw en de daarbij \
    behorende erven sluiten indien naar zijn oordeel door een gedraging in het gebouw de openbare \
    orde rond het gebouw wordt verstoord of ernstig gevaar oplevert voor de veiligheid.";

fn rule_set() -> RuleSetInfo {
    RuleSetInfo {
        id: "flevolandse-norm".into(),
        version: "2021.1".into(),
        hash: "0123456789abcdef0123".into(),
    }
}

fn requirements() -> Vec<RequirementInfo> {
    vec![
        RequirementInfo {
            id: "3.2.1".into(),
            title: "Sluiting van voor het publiek toegankelijke gebouwen".into(),
            norm_text: "De APV bevat: sluiting van voor het publiek toegankelijke gebouwen.".into(),
            model: Some(ModelWording {
                article: "2:80".into(),
                text: CLOSURE.into(),
            }),
            not_counted: None,
        },
        RequirementInfo {
            id: "3.7".into(),
            title: "Damoclesbeleid".into(),
            norm_text: "Gemeenten hebben geactualiseerd Damoclesbeleid.".into(),
            model: None,
            not_counted: None,
        },
    ]
}

fn verdict(id: &str, status: Status, article: Option<(&str, &str)>) -> Verdict {
    let (articles, evidence, texts) = match article {
        Some((number, text)) => (
            vec![number.to_string()],
            vec![Evidence {
                document: "apv.md".into(),
                article: Some(number.to_string()),
                element: Some("closure".into()),
                quote: text.chars().take(60).collect(),
                line: 42,
                start: 0,
                end: 60,
                proves: vec![],
                matched: vec![],
            }],
            vec![ArticleText {
                document: "apv.md".into(),
                article: number.to_string(),
                title: Some("Sluiting".into()),
                text: text.to_string(),
            }],
        ),
        None => (vec![], vec![], vec![]),
    };
    Verdict {
        id: id.into(),
        title: if id == "3.7" {
            "Damoclesbeleid"
        } else {
            "Sluiting van voor het publiek toegankelijke gebouwen"
        }
        .into(),
        status,
        articles,
        evidence,
        missing: if status == Status::Partial {
            vec!["gebouwen".into()]
        } else {
            vec![]
        },
        explanation: format!("Oordeel: {}.", status.label_nl()),
        texts,
        qualifiers: vec![],
        review: false,
        reason: (status == Status::NotAssessed).then_some(apv_rules::NotRead::NotSupplied),
        fingerprint: String::new(),
    }
}

fn scan(name: &str, closure: Verdict, damocles: Status) -> ScanReport {
    ScanReport {
        municipality: Some(name.into()),
        rule_set: rule_set(),
        documents: vec![ScannedDocument {
            path: "apv.md".into(),
            kind: apv_rules::DocumentKind::Apv,
            title: Some(format!("APV {name}")),
            articles: 120,
            notes: vec![],
        }],
        notices: vec![],
        requirements: vec![closure, verdict("3.7", damocles, None)],
    }
}

/// Six municipalities: four with the Model wording, one with its own wording, Urk without.
fn six() -> Vec<ScanReport> {
    let own = "Het college kan een openbare inrichting voor bepaalde tijd sluiten wanneer de \
               exploitant handelt in strijd met de vergunning of met de voorschriften.";
    vec![
        scan(
            "Zeewolde",
            verdict("3.2.1", Status::Met, Some(("2:80", CLOSURE))),
            Status::Met,
        ),
        scan(
            "Urk",
            verdict("3.2.1", Status::Absent, None),
            Status::NotAssessed,
        ),
        scan(
            "Almere",
            verdict("3.2.1", Status::Met, Some(("2:80", CLOSURE))),
            Status::Met,
        ),
        scan(
            "Dronten",
            verdict("3.2.1", Status::Met, Some(("2:41a", CLOSURE))),
            Status::Met,
        ),
        scan(
            "Lelystad",
            verdict("3.2.1", Status::Met, Some(("2:79", CLOSURE))),
            Status::Absent,
        ),
        scan(
            "Noordoostpolder",
            verdict("3.2.1", Status::Met, Some(("2.40a", own))),
            Status::Met,
        ),
    ]
}

fn options(base: Base) -> ReportOptions {
    ReportOptions {
        rule_set: rule_set(),
        requirements: requirements(),
        base,
        apv_version: "0.1.0".into(),
    }
}

fn build(scans: Vec<ScanReport>) -> Report {
    Report::build(scans, options(Base::Model)).unwrap()
}

#[test]
fn matrix_is_sorted_and_counted() {
    let report = build(six());
    let names: Vec<&str> = report
        .municipalities
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Almere",
            "Dronten",
            "Lelystad",
            "Noordoostpolder",
            "Urk",
            "Zeewolde"
        ]
    );
    assert_eq!(report.requirements[0].met, 5);
    assert_eq!(report.requirements[0].assessed, 6);
    assert_eq!(report.requirements[1].met, 4);
    assert_eq!(report.requirements[1].assessed, 5);
    let urk = &report.municipalities[4];
    assert_eq!((urk.met, urk.assessed, urk.total), (0, 1, 2));
    assert_eq!(urk.share_met, Some(0.0));
    let lelystad = &report.municipalities[2];
    assert_eq!(lelystad.share_met, Some(0.5));
}

#[test]
fn waterbed_names_the_municipality_plainly() {
    let report = build(six());
    let messages: Vec<&str> = report.waterbed.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Urk mist 3.2.1 (sluiting van voor het publiek toegankelijke gebouwen), terwijl 5 van de 6 gemeenten hier wel aan voldoen.",
            "Lelystad mist 3.7 (Damoclesbeleid), terwijl 4 van de 6 gemeenten hier wel aan voldoen.",
        ]
    );
}

#[test]
fn no_waterbed_warning_without_a_majority_or_for_outside_apv() {
    let scans = vec![
        scan(
            "A",
            verdict("3.2.1", Status::Met, Some(("2:80", CLOSURE))),
            Status::Met,
        ),
        scan("B", verdict("3.2.1", Status::Absent, None), Status::Met),
        scan(
            "C",
            verdict("3.2.1", Status::Absent, None),
            Status::OutsideApv,
        ),
        scan(
            "D",
            verdict("3.2.1", Status::Met, Some(("2:80", CLOSURE))),
            Status::Met,
        ),
    ];
    let report = build(scans);
    // 3.2.1: two of four meet it, not a majority. 3.7: C is outside_apv, not lacking.
    assert!(report.waterbed.is_empty(), "{:?}", report.waterbed);
}

#[test]
fn harmonisation_finds_the_outlier_and_diffs_against_the_model() {
    let report = build(six());
    let h = &report.requirements[0].harmonisation;
    assert_eq!(h.articles.len(), 5, "Urk has no article to compare");
    assert_eq!(h.outlier.as_deref(), Some("Noordoostpolder"));
    assert_eq!(h.base.as_deref(), Some("Model-APV 2:80"));
    let almere = &h.articles[0];
    assert_eq!(almere.similarity_to_base, Some(1.0));
    assert_eq!(almere.diff.as_ref().unwrap().added, 0);
    let nop = h
        .articles
        .iter()
        .find(|a| a.municipality == "Noordoostpolder")
        .unwrap();
    assert!(nop.similarity_to_base.unwrap() < 0.5);
    let diff = nop.diff.as_ref().unwrap();
    assert!(diff.added > 0 && diff.removed > 0);
    assert!(diff.wdiff().contains("{+Het college"), "{}", diff.wdiff());
    let score = h.score.unwrap();
    assert!(score > 0.5 && score < 1.0, "{score}");
    // 3.7 has no articles at all: nothing to compare.
    assert_eq!(report.requirements[1].harmonisation.score, None);
}

#[test]
fn a_municipality_can_be_the_base() {
    let report = Report::build(six(), options(Base::parse("Noordoostpolder"))).unwrap();
    assert_eq!(report.base, "Noordoostpolder");
    let h = &report.requirements[0].harmonisation;
    assert_eq!(h.base.as_deref(), Some("Noordoostpolder 2.40a"));
    let nop = h
        .articles
        .iter()
        .find(|a| a.municipality == "Noordoostpolder")
        .unwrap();
    assert!(nop.diff.is_none(), "the base is not diffed against itself");
    let almere = &h.articles[0];
    assert!(
        almere
            .diff
            .as_ref()
            .unwrap()
            .wdiff()
            .starts_with("[-Het college")
    );

    let lower = Report::build(six(), options(Base::parse("noordoostpolder"))).unwrap();
    assert_eq!(
        lower.base, "Noordoostpolder",
        "the base is found whatever its case"
    );

    let err = Report::build(six(), options(Base::parse("Amsterdam"))).unwrap_err();
    assert!(matches!(err, ReportError::UnknownBase { .. }));
    assert!(err.to_string().contains("Amsterdam"));
}

#[test]
fn duplicate_municipalities_are_refused() {
    let mut scans = six();
    scans.push(scans[0].clone());
    assert!(matches!(
        Report::build(scans, options(Base::Model)),
        Err(ReportError::DuplicateMunicipality(name)) if name == "Zeewolde"
    ));
}

#[test]
fn json_has_the_agreed_shape() {
    let report = build(six());
    let json = render(&report, Format::Json, &RenderOptions::default()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["apv_version"], "0.1.0");
    assert_eq!(value["rule_set"]["id"], "flevolandse-norm");
    assert_eq!(value["rule_set"]["hash"], "0123456789abcdef0123");
    assert_eq!(value["kind"], "report");
    assert_eq!(value["schema_version"], apv_report::SCHEMA_VERSION);
    let first = &value["municipalities"][0];
    assert_eq!(first["name"], "Almere");
    assert_eq!(first["verdicts"][0]["id"], "3.2.1");
    assert_eq!(first["verdicts"][0]["status"], "met");
    assert_eq!(first["verdicts"][0]["articles"][0], "2:80");
    // The JSON reads back as the same report, the input of `apv diff`.
    let back = Report::from_json(&json).unwrap();
    assert_eq!(back.municipalities.len(), 6);
    assert_eq!(
        back.municipalities[0].verdicts,
        report.municipalities[0].verdicts
    );
    assert!(Report::from_json("{\"kind\": \"diff\"}").is_err());
    assert!(Report::from_json("[]").is_err());
}

#[test]
fn html_escapes_document_text_and_links_every_cell() {
    let mut scans = six();
    scans[0].requirements[0].evidence[0].quote =
        "<script>document.title='pwned'</script><img src=x onerror=alert(1)>".into();
    scans[0].requirements[0].explanation = "a & b \"c\"".into();
    let report = build(scans);
    let html = render(&report, Format::Html, &RenderOptions::default()).unwrap();
    assert!(!html.contains("<script"), "no script element may appear");
    assert!(!html.contains("<img"), "no img element may appear");
    assert!(html.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(html.contains("a &amp; b &quot;c&quot;"));
    assert!(html.contains("Content-Security-Policy"));
    for m in [
        "almere",
        "dronten",
        "lelystad",
        "noordoostpolder",
        "urk",
        "zeewolde",
    ] {
        for r in ["3.2.1", "3.7"] {
            let anchor = format!("m-{m}-{r}");
            assert!(
                html.contains(&format!("href=\"#{anchor}\"")),
                "link to {anchor}"
            );
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "section {anchor}"
            );
        }
    }
    assert!(html.contains("<del>"), "the diffs are shown");
}

#[test]
fn csv_opens_in_dutch_excel() {
    let report = build(six());
    let csv = render(&report, Format::Csv, &RenderOptions::default()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines.len(),
        1 + 6 * 2,
        "a header and one row per municipality × requirement"
    );
    assert!(lines[0].ends_with(
        "gemeente;eis;titel;oordeel;code;artikelen;ontbreekt;toelichting;document;regel;citaat;gelijk_aan_basis;besluit;besluit_datum;besluit_reden;besluit_past"
    ));
    assert!(lines[1].starts_with("Almere;3.2.1;Sluiting"));
    assert!(lines[1].contains(";voldoet;met;"), "{}", lines[1]);
    let comma = render(
        &report,
        Format::Csv,
        &RenderOptions {
            csv_delimiter: ',',
            ..RenderOptions::default()
        },
    )
    .unwrap();
    assert!(comma.contains("Almere,3.2.1,"));
    assert!(
        render(
            &report,
            Format::Csv,
            &RenderOptions {
                csv_delimiter: '"',
                ..RenderOptions::default()
            }
        )
        .is_err()
    );
}

#[test]
fn text_reads_without_colour_and_in_ascii() {
    let report = build(six());
    let wide = RenderOptions {
        width: 160,
        ..RenderOptions::default()
    };
    let plain = render(&report, Format::Text, &wide).unwrap();
    assert!(plain.contains("✔ 2:80") && plain.contains("✘"));
    assert!(!plain.contains('\u{1b}'), "no escape codes without colour");
    assert!(plain.contains("Urk mist 3.2.1"));
    let ascii = render(
        &report,
        Format::Text,
        &RenderOptions {
            ascii: true,
            ..wide.clone()
        },
    )
    .unwrap();
    assert!(ascii.contains("+ 2:80"));
    assert!(ascii.is_ascii(), "{ascii}");
    let colour = render(
        &report,
        Format::Text,
        &RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    assert!(colour.contains('\u{1b}'), "colour when asked");
}

#[test]
fn markdown_has_dutch_headings() {
    let report = build(six());
    let md = render(&report, Format::Md, &RenderOptions::default()).unwrap();
    for heading in [
        "# Nulmeting",
        "## Overzicht",
        "## Waterbedeffect",
        "## Harmonisatie",
        "## Per gemeente",
        "### Urk",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert!(md.contains("| 3.2.1 Sluiting van voor het publiek toegankelijke gebouwen | ✔ 2:80 |"));
}

/// A report of one municipality, as `apv scan` makes it.
fn single(scan: &ScanReport) -> Report {
    Report::build(vec![scan.clone()], options(Base::Model)).unwrap()
}

#[test]
fn sarif_has_one_result_per_requirement_not_met() {
    let urk = single(&six()[1]);
    let sarif = render(&urk, Format::Sarif, &RenderOptions::default()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let results = value["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "3.2.1");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "apv.md"
    );
    let dronten = single(&six()[3]);
    let sarif = render(&dronten, Format::Sarif, &RenderOptions::default()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        value["runs"][0]["results"].as_array().unwrap().len(),
        0,
        "all met"
    );
}

#[test]
fn a_single_municipality_reads_as_a_list_of_verdicts() {
    let urk = single(&six()[1]);
    let text = render(&urk, Format::Text, &RenderOptions::default()).unwrap();
    assert!(text.starts_with("Gemeente: Urk"), "{text}");
    assert!(text.contains("3.2.1   ontbreekt"), "{text}");
    assert!(text.contains("3.7     niet beoordeeld"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
}

#[test]
fn diff_sorts_changes_into_better_worse_and_neutral() {
    let old_report = build(six());
    let mut new_scans = six();
    new_scans[1].requirements[0] = verdict("3.2.1", Status::Met, Some(("2:80", CLOSURE))); // Urk better
    new_scans[0].requirements[1].status = Status::Repealed; // Zeewolde worse
    new_scans[4].requirements[1].status = Status::NotAssessed; // Lelystad: a policy gone, worse
    new_scans[5].requirements[0].evidence[0].document = "elders/apv-2024.md".into(); // NOP: renamed, no change
    new_scans[3].requirements[0].evidence[0].quote = "kan een gebouw sluiten".into(); // Dronten neutral
    new_scans[2].notices.push(Notice::Unreadable {
        file: "damocles.docx".into(),
        problem: FileProblem::Malformed {
            form: ".docx".into(),
            detail: "not a zip archive".into(),
        },
    }); // Almere worse
    let new_report = build(new_scans);
    let json = |r: &Report| render(r, Format::Json, &RenderOptions::default()).unwrap();
    let old = Report::from_json(&json(&old_report)).unwrap();
    let new = Report::from_json(&json(&new_report)).unwrap();
    let d = diff::diff(&old, &new);
    assert_eq!(d.count(Direction::Better), 1);
    assert_eq!(d.count(Direction::Worse), 3);
    assert_eq!(d.count(Direction::Neutral), 1);
    assert_eq!(d.unchanged, 12 - 4);
    assert!(d.any_worse());
    let text = render_diff(&d, Format::Text, &RenderOptions::default()).unwrap();
    assert!(text.contains("[beter] 3.2.1 Sluiting van voor het publiek toegankelijke gebouwen: ontbreekt → voldoet"), "{text}");
    assert!(text.contains("artikelen: - → 2:80"), "{text}");
    assert!(
        text.contains("[slechter] 3.7 Damoclesbeleid: ontbreekt → niet beoordeeld"),
        "{text}"
    );
    assert!(
        text.contains(
            "[slechter] nieuw: damocles.docx: niet gelezen, het bestand is beschadigd (.docx)"
        ),
        "{text}"
    );
    assert!(text.contains("Noordoostpolder: geen wijzigingen"), "{text}");
    assert!(
        text.contains("Urk: 1 beter, 0 slechter, 0 anders gewijzigd"),
        "{text}"
    );
    assert!(
        text.contains("1 beter, 3 slechter, 1 anders gewijzigd, 8 ongewijzigd."),
        "{text}"
    );
    assert!(render_diff(&d, Format::Html, &RenderOptions::default()).is_err());

    let same = diff::diff(&old, &old);
    assert!(!same.any_change());
}
