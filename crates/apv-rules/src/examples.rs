//! Running a rule set's examples: each example text is scanned in every input form (plain
//! text, Markdown, CVDR XML, HTML, Word .docx; see [`crate::forms`]) and must get its status
//! (and cite its articles, the first one as the primary article) in each.

use crate::forms::{ExampleForm, render};
use crate::rules::{Example, Requirement, RuleSet};
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
    /// The input form the example was run in (`text`, `markdown`, `cvdr-xml`, `html`, `docx`).
    pub form: &'static str,
    /// Line of the example in its rule file.
    pub line: usize,
    /// The expected status.
    pub expected: Status,
    /// The status the engine gave (`None` when the text could not be parsed).
    pub got: Option<Status>,
    /// Articles the verdict cited.
    pub articles: Vec<String>,
    /// Why it failed, in Dutch for the reader of `apv rules test`; `None` when it passed.
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
            "verwacht {} ({}), gekregen {} ({}): {}",
            ex.status.label_nl(),
            ex.status.as_str(),
            v.status.label_nl(),
            v.status.as_str(),
            v.explanation
        ));
    }
    if let Some(first) = ex.articles.first()
        && v.articles.first() != Some(first)
    {
        return Some(format!(
            "verwacht als hoofdartikel {first}, gekregen [{}]",
            v.articles.join(", ")
        ));
    }
    for a in &ex.articles {
        if !v.articles.contains(a) {
            return Some(format!(
                "verwacht dat artikel {a} wordt genoemd, gekregen [{}]",
                v.articles.join(", ")
            ));
        }
    }
    None
}

/// Parses an example text written in `form`. A text in which the reader finds no articles (a
/// policy in paragraphs) is read paragraph by paragraph, as `apv scan` does.
fn parse_in(text: &str, form: ExampleForm, name: &str) -> Result<apv_parser::Document, String> {
    let bytes = render(text, form);
    let file = format!("{name}.{}", form.extension());
    match apv_parser::parse_bytes(&bytes, &file, &apv_parser::ParseOptions::default()) {
        Ok(d) => Ok(d),
        Err(e) if matches!(e.kind, apv_parser::ErrorKind::NoStructure { .. }) => {
            Ok(crate::plain_document(text, &file))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Runs every example of every requirement of `rules`, in every input form.
pub fn run_examples(rules: &RuleSet) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for req in rules.requirements() {
        out.extend(run_example_set(rules, req, &req.examples, Kinds::Stated));
    }
    out
}

/// How the kind of an example's documents is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kinds {
    /// As the example states it (or the requirement's first document kind).
    Stated,
    /// As the engine detects it from title and opening text, the way `apv scan` does.
    Detected,
}

/// Runs `examples` of requirement `req` (its own, or a set kept apart from the rule files,
/// see [`RuleSet::read_examples`]) in every input form.
pub fn run_example_set(
    rules: &RuleSet,
    req: &Requirement,
    examples: &[Example],
    kinds: Kinds,
) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for ex in examples {
        for form in ExampleForm::ALL {
            out.push(run_one(rules, req, ex, form, kinds));
        }
    }
    out
}

fn run_one(
    rules: &RuleSet,
    req: &Requirement,
    ex: &Example,
    form: ExampleForm,
    kinds: Kinds,
) -> ExampleOutcome {
    let mut texts = vec![(ex.kind, ex.text.as_str())];
    texts.extend(ex.extra.iter().map(|(k, t)| (*k, t.as_str())));
    let mut docs = Vec::new();
    let mut parse_error = None;
    for (i, (kind, text)) in texts.into_iter().enumerate() {
        let name = format!("{}#{}-{i}", req.id, ex.name);
        match parse_in(text, form, &name) {
            Ok(d) => docs.push((name, d, kind)),
            Err(e) => parse_error = Some(e),
        }
    }
    let (got, articles, failure) = match parse_error {
        Some(e) => (
            None,
            Vec::new(),
            Some(format!("the example text does not parse: {e}")),
        ),
        None => {
            let report = match kinds {
                Kinds::Stated => crate::scan_with_kinds(rules, &docs),
                Kinds::Detected => {
                    let docs: Vec<(String, apv_parser::Document)> =
                        docs.into_iter().map(|(n, d, _)| (n, d)).collect();
                    crate::scan(rules, None, &docs)
                }
            };
            let v = report
                .requirements
                .into_iter()
                .find(|v| v.id == req.id)
                .expect("every requirement gets a verdict");
            let f = check(ex, &v);
            (Some(v.status), v.articles, f)
        }
    };
    ExampleOutcome {
        requirement: req.id.clone(),
        file: req.file.clone(),
        name: ex.name.clone(),
        form: form.name(),
        line: ex.line,
        expected: ex.status,
        got,
        articles,
        failure,
    }
}
