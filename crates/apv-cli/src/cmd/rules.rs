//! `apv rules list [--rules PATH]` and `apv rules test [PATH]`: the requirements of a rule set,
//! and its examples run as tests (exit 1 when one fails).

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::Outcome;
use crate::cmd::scan::load_rules;

/// Arguments of `apv rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do with the rule set.
    #[command(subcommand)]
    pub command: RulesCommand,
}

/// Subcommands of `apv rules`.
#[derive(Debug, clap::Subcommand)]
pub enum RulesCommand {
    /// List the requirements of a rule set.
    List {
        /// A rule set directory (or one rule file); the built-in set when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Run every example of a rule set and report passes and failures per rule.
    Test {
        /// A rule set directory (or one rule file); the built-in set when absent.
        path: Option<PathBuf>,
    },
}

/// Runs `apv rules`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let (out, outcome) = match &args.command {
        RulesCommand::List { rules } => (list(&load_rules(rules.as_ref())?), Outcome::Ok),
        RulesCommand::Test { path } => test(&load_rules(path.as_ref())?),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(outcome)
}

fn list(rules: &apv_rules::RuleSet) -> String {
    let info = rules.info();
    let mut o = String::new();
    let _ = writeln!(o, "{} {} ({})", info.id, info.version, info.hash);
    let _ = writeln!(o, "{}\n", rules.title);
    for r in rules.requirements() {
        let docs: Vec<&str> = r
            .documents
            .iter()
            .map(|&d| apv_report::render::kind_nl(d))
            .collect();
        let _ = writeln!(o, "{:<7} {}", r.id, r.title);
        let _ = writeln!(
            o,
            "        model: {}   leest: {}   voorbeelden: {}",
            r.model.article,
            docs.join(", "),
            r.examples.len()
        );
    }
    o
}

fn test(rules: &apv_rules::RuleSet) -> (String, Outcome) {
    let outcomes = apv_rules::run_examples(rules);
    let mut o = String::new();
    let mut failed = 0;
    for req in rules.requirements() {
        let mine: Vec<_> = outcomes
            .iter()
            .filter(|x| x.requirement == req.id)
            .collect();
        let pass = mine.iter().filter(|x| x.passed()).count();
        let _ = writeln!(
            o,
            "{:<7} {:>2}/{:<2} geslaagd  {}",
            req.id,
            pass,
            mine.len(),
            if pass == mine.len() {
                "goed"
            } else {
                "MISLUKT"
            }
        );
        for x in mine.iter().filter(|x| !x.passed()) {
            failed += 1;
            let _ = writeln!(
                o,
                "        {}:{} `{}` ({}): {}",
                x.file,
                x.line,
                x.name,
                x.form,
                x.failure.as_deref().unwrap_or("")
            );
        }
    }
    // Per input form: an example that passes as text but fails as HTML is a reader problem.
    let mut forms: Vec<&str> = Vec::new();
    for x in &outcomes {
        if !forms.contains(&x.form) {
            forms.push(x.form);
        }
    }
    let per_form: Vec<String> = forms
        .iter()
        .map(|f| {
            let all = outcomes.iter().filter(|x| x.form == *f).count();
            let ok = outcomes
                .iter()
                .filter(|x| x.form == *f && x.passed())
                .count();
            format!("{f} {ok}/{all}")
        })
        .collect();
    let _ = writeln!(
        o,
        "\n{} voorbeeldruns ({} vormen: {}), {} geslaagd, {} mislukt",
        outcomes.len(),
        forms.len(),
        per_form.join(", "),
        outcomes.len() - failed,
        failed
    );
    (
        o,
        if failed == 0 {
            Outcome::Ok
        } else {
            Outcome::Findings
        },
    )
}
