//! Running a rule set's examples: each example text is scanned and must get its status (and
//! cite its articles, the first one as the primary article).

use crate::rules::{Example, RuleSet};
use crate::verdict::{Status, Verdict};

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// Requirement id.
    pub requirement: String,
    /// Rule file.
    pub file: String,
    /// Example name.
    pub name: String,
    /// Line of the example in its rule file.
    pub line: usize,
    /// The expected status.
    pub expected: Status,
    /// The status the engine gave (`None` when the text could not be parsed).
    pub got: Option<Status>,
    /// Articles the verdict cited.
    pub articles: Vec<String>,
    /// Why it failed, empty when it passed.
    pub failure: Option<String>,
}

impl ExampleOutcome {
    /// Whether the example passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

fn check(ex: &Example, v: &Verdict) -> Option<String> {
    if v.status != ex.status {
        return Some(format!(
            "expected {}, got {} ({})",
            ex.status.as_str(),
            v.status.as_str(),
            v.explanation
        ));
    }
    if let Some(first) = ex.articles.first()
        && v.articles.first() != Some(first)
    {
        return Some(format!(
            "expected primary article {first}, got [{}]",
            v.articles.join(", ")
        ));
    }
    for a in &ex.articles {
        if !v.articles.contains(a) {
            return Some(format!(
                "expected article {a} to be cited, got [{}]",
                v.articles.join(", ")
            ));
        }
    }
    None
}

/// Runs every example of every requirement of `rules`.
pub fn run_examples(rules: &RuleSet) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for req in rules.requirements() {
        for ex in &req.examples {
            let mut texts = vec![(ex.kind, ex.text.as_str())];
            texts.extend(ex.extra.iter().map(|(k, t)| (*k, t.as_str())));
            let mut docs = Vec::new();
            let mut parse_error = None;
            for (i, (kind, text)) in texts.into_iter().enumerate() {
                let name = format!("{}#{}-{i}", req.id, ex.name);
                match crate::parse_or_plain(text, &name) {
                    Ok(d) => docs.push((name, d, kind)),
                    Err(e) => parse_error = Some(e.to_string()),
                }
            }
            let (got, articles, failure) = match parse_error {
                Some(e) => (
                    None,
                    Vec::new(),
                    Some(format!("the example text does not parse: {e}")),
                ),
                None => {
                    let report = crate::scan_with_kinds(rules, &docs);
                    let v = report
                        .requirements
                        .into_iter()
                        .find(|v| v.id == req.id)
                        .expect("every requirement gets a verdict");
                    let f = check(ex, &v);
                    (Some(v.status), v.articles, f)
                }
            };
            out.push(ExampleOutcome {
                requirement: req.id.clone(),
                file: req.file.clone(),
                name: ex.name.clone(),
                line: ex.line,
                expected: ex.status,
                got,
                articles,
                failure,
            });
        }
    }
    out
}
