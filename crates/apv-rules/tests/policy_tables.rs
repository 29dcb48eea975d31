//! A Bibob policy that states its scope as a table: a row per sector, a column saying whether
//! the test applies. A negating answer excludes the row's sector, a partial one does not, and
//! the row (not the table around it) says whether the test is standard or a "kan"-bepaling;
//! in every form a table arrives in.

use apv_rules::forms::{ExampleForm, render};
use apv_rules::{RuleSet, Status, Verdict, scan};

/// The verdicts of the 3.5 requirements for a policy written in `form`.
fn verdicts(text: &str, form: ExampleForm) -> Vec<Verdict> {
    let rules = RuleSet::embedded();
    let name = format!("bibob-beleid.{}", form.extension());
    let doc = apv_parser::parse_bytes(
        &render(text, form),
        &name,
        &apv_parser::ParseOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", form.name()));
    scan(&rules, Some("Ravenwaard"), &[(name, doc)]).requirements
}

fn of<'a>(vs: &'a [Verdict], id: &str) -> &'a Verdict {
    vs.iter().find(|v| v.id == id).expect("verdict")
}

const POLICY: &str = "Beleidsregels Wet Bibob gemeente Ravenwaard 2024
Artikel 2 Toepassingsbereik
1. Het bestuursorgaan past de Wet Bibob toe zoals de tabel aangeeft.
| Beschikking | Toets |
|---|---|
| Exploitatievergunning horecabedrijf (Alcoholwet) | standaard |
| Gedoogbeschikking coffeeshop | facultatief |
| Subsidies | nee |
| Vastgoedtransacties | - |
| Overheidsopdrachten | n.v.t. |
| Omgevingsvergunning bouwactiviteit | alleen bij een bouwsom boven 1 miljoen euro |
Artikel 3 Inwerkingtreding
Deze beleidsregels treden in werking op de dag na bekendmaking.
";

#[test]
fn a_negating_row_excludes_its_sector_in_every_form() {
    for form in ExampleForm::ALL {
        let vs = verdicts(POLICY, form);
        let status = |id: &str| of(&vs, id).status;
        let f = form.name();
        assert_eq!(status("3.5a"), Status::Met, "{f}");
        assert_eq!(status("3.5b"), Status::Met, "{f}");
        assert_eq!(status("3.5d"), Status::Met, "{f}");
        for id in ["3.5g", "3.5h", "3.5i"] {
            assert_eq!(status(id), Status::ReferenceOnly, "{id} {f}");
        }
    }
}

#[test]
fn the_row_says_whether_the_test_is_standard_or_a_kan_bepaling() {
    for form in ExampleForm::ALL {
        let vs = verdicts(POLICY, form);
        let f = form.name();
        assert_eq!(of(&vs, "3.5a").qualifiers, ["standaard"], "{f}");
        assert_eq!(of(&vs, "3.5d").qualifiers, ["kan-bepaling"], "{f}");
        assert_eq!(of(&vs, "3.5b").qualifiers, ["kan-bepaling"], "{f}");
    }
}

#[test]
fn markdown_pipe_rows_in_a_text_file_are_rows_too() {
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(POLICY, "bibob-beleid.txt").expect("parses");
    let vs = scan(&rules, None, &[("bibob-beleid.txt".into(), doc)]).requirements;
    assert_eq!(of(&vs, "3.5d").status, Status::Met);
    assert_eq!(of(&vs, "3.5g").status, Status::ReferenceOnly);
}

#[test]
fn a_padded_pipe_table_in_a_text_file_keeps_its_columns() {
    let text = "Beleidsregels Wet Bibob gemeente Ravenwaard 2024
Artikel 2 Toepassingsbereik
1. Het bestuursorgaan past de Wet Bibob toe zoals de tabel aangeeft.
| Branche                      | Standaard | Niet |
|------------------------------|-----------|------|
| Drank- en horecavergunning   | x         |      |
| Coffeeshops                  |           | x    |
";
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(text, "bibob-beleid.txt").expect("parses");
    let vs = scan(&rules, None, &[("bibob-beleid.txt".into(), doc)]).requirements;
    assert_eq!(of(&vs, "3.5a").status, Status::Met);
    assert_eq!(of(&vs, "3.5d").status, Status::ReferenceOnly);
}

#[test]
fn a_wrapped_cell_of_pdf_text_stays_in_its_row() {
    let text = "Beleidsregels Wet Bibob gemeente Ravenwaard 2024
Artikel 2 Toepassingsbereik
1. Het bestuursorgaan past de Wet Bibob toe zoals de tabel aangeeft.
   Beschikking                          Toets
   Drank- en horecavergunning           ja
   Vergunningen voor een                nee
   coffeeshop
   Subsidies                            ja
Artikel 3 Inwerkingtreding
Deze beleidsregels treden in werking op de dag na bekendmaking.
";
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(text, "bibob-beleid.txt").expect("parses");
    let vs = scan(&rules, None, &[("bibob-beleid.txt".into(), doc)]).requirements;
    assert_eq!(of(&vs, "3.5d").status, Status::ReferenceOnly);
    assert_eq!(of(&vs, "3.5g").status, Status::Met);
    assert_eq!(of(&vs, "3.5a").status, Status::Met);
}
