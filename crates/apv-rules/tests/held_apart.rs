//! Wordings kept apart from the rule files (`fixtures/wordings/<requirement>.toml`): the same
//! provisions in the styles of real APVs and policies, and traps, none of which the rules were
//! written on. Each runs in every input form; policies also with their kind detected from the
//! title, the way `apv scan` reads them.

use std::path::PathBuf;

use apv_rules::{DocumentKind, Kinds, RuleSet, Status, run_example_set};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/wordings")
}

fn files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir())
        .expect("fixtures/wordings")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let src = std::fs::read_to_string(&p).expect("readable");
            (p.file_name().unwrap().to_string_lossy().into_owned(), src)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_held_apart_wording_gets_its_verdict_in_every_form() {
    let rules = RuleSet::embedded();
    let mut failures = Vec::new();
    let mut runs = 0;
    for (name, src) in files() {
        let (req, examples) = rules
            .read_examples(&name, &src)
            .unwrap_or_else(|e| panic!("{e}"));
        let policy = !req.documents.contains(&DocumentKind::Apv);
        let mut kinds = vec![Kinds::Stated];
        if policy {
            kinds.push(Kinds::Detected);
        }
        for k in kinds {
            for o in run_example_set(&rules, req, &examples, k) {
                runs += 1;
                if let Some(f) = &o.failure {
                    failures.push(format!(
                        "{} {name}:{} `{}` ({}, {k:?}): {f}",
                        o.requirement, o.line, o.name, o.form
                    ));
                }
            }
        }
    }
    assert!(runs > 0);
    assert!(
        failures.is_empty(),
        "{} of {runs} runs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_requirement_has_eight_met_wordings_and_four_traps_held_apart() {
    let rules = RuleSet::embedded();
    let files = files();
    for req in rules.requirements() {
        let file = format!("{}.toml", req.id);
        let (_, src) = files
            .iter()
            .find(|(n, _)| *n == file)
            .unwrap_or_else(|| panic!("no fixtures/wordings/{file}"));
        let (_, examples) = rules.read_examples(&file, src).expect("valid");
        let met = examples.iter().filter(|e| e.status == Status::Met).count();
        let traps = examples.len() - met;
        assert!(
            met >= 8 && traps >= 4,
            "{}: {met} met wordings, {traps} traps",
            req.id
        );
        // None of them is one of the rule file's own examples.
        for e in &examples {
            assert!(
                req.examples.iter().all(|r| r.text.trim() != e.text.trim()),
                "{} `{}` repeats a rule example",
                req.id,
                e.name
            );
        }
    }
}

#[test]
fn a_wording_file_for_an_unknown_requirement_is_refused_with_its_place() {
    let rules = RuleSet::embedded();
    let e = rules
        .read_examples("x.toml", "requirement = \"9.9\"\n")
        .expect_err("refused");
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("9.9"), "{e}");
}
