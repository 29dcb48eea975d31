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
                "{} {}:{} `{}`: {}",
                o.requirement,
                o.file,
                o.line,
                o.name,
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
