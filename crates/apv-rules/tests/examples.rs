//! Every example of the embedded rule set gets the status it states.

use apv_rules::{RuleSet, run_examples};

#[test]
fn every_example_of_the_embedded_rule_set_passes() {
    let rules = RuleSet::embedded();
    let outcomes = run_examples(&rules);
    assert!(outcomes.len() >= 60, "only {} examples", outcomes.len());
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| {
            format!(
                "{} {}:{} `{}` ({}): {}",
                o.requirement,
                o.file,
                o.line,
                o.name,
                o.form,
                o.failure.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_requirement_has_positive_and_negative_examples() {
    let rules = RuleSet::embedded();
    for req in rules.requirements() {
        let best = req.examples.iter().map(|e| e.status).min();
        let has_negative = req
            .examples
            .iter()
            .any(|e| e.status != apv_rules::Status::Met);
        assert!(best.is_some() && has_negative, "{} lacks examples", req.id);
        assert!(
            req.examples
                .iter()
                .any(|e| e.status == apv_rules::Status::Met),
            "{} has no example that is met",
            req.id
        );
    }
}

#[test]
fn every_example_runs_in_every_input_form() {
    let rules = RuleSet::embedded();
    let outcomes = run_examples(&rules);
    let forms = ["text", "markdown", "cvdr-xml", "html", "docx"];
    for req in rules.requirements() {
        for ex in &req.examples {
            for f in forms {
                assert!(
                    outcomes
                        .iter()
                        .any(|o| o.requirement == req.id && o.name == ex.name && o.form == f),
                    "{} `{}` was not run as {f}",
                    req.id,
                    ex.name
                );
            }
        }
    }
}

#[test]
fn every_apv_requirement_has_ten_examples_five_met_wordings_and_three_traps() {
    let rules = RuleSet::embedded();
    for req in rules
        .requirements()
        .iter()
        .filter(|r| r.documents.contains(&apv_rules::DocumentKind::Apv))
    {
        let met = req
            .examples
            .iter()
            .filter(|e| e.status == apv_rules::Status::Met)
            .count();
        let other = req.examples.len() - met;
        assert!(
            req.examples.len() >= 10 && met >= 5 && other >= 3,
            "{}: {} examples, {met} met, {other} not met",
            req.id,
            req.examples.len()
        );
    }
}
