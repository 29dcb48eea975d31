//! `apv scan FILE... [--municipality NAME] [--rules PATH] [--format text|json|md|csv|html|sarif]`:
//! the verdict per requirement for one municipality's documents.
//!
//! `text` is a table per requirement (status, articles, the key quote, what to do); `json` is
//! the [`apv_rules::ScanReport`], whose field names are a contract other tools read.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use apv_parser::ParseOptions;
use apv_rules::{DocumentKind, RuleSet, ScanReport};

use crate::Outcome;

/// Output formats of `apv scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table per requirement.
    Text,
    /// The scan report as JSON.
    Json,
    /// Markdown, the report for one municipality.
    Md,
    /// CSV, one row per requirement (UTF-8 with BOM, `;` between fields).
    Csv,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0: one result per requirement not met, at its document and line.
    Sarif,
}

/// Arguments of `apv scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The documents of one municipality: its APV, Bibob and Damocles policies, other
    /// verordeningen.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The municipality's name, for the report.
    #[arg(long)]
    pub municipality: Option<String>,
    /// A rule set directory (or one rule file) to use instead of the built-in Flevolandse norm.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// How to show the verdicts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Refuse files larger than this many bytes (suffixes k, M, G: `64M`).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::cmd::size::parse_size)]
    pub max_file_size: u64,
}

/// Loads the rule set named by `--rules`, or the built-in one.
pub fn load_rules(path: Option<&PathBuf>) -> anyhow::Result<RuleSet> {
    match path {
        Some(p) => Ok(RuleSet::load(p)?),
        None => Ok(RuleSet::embedded()),
    }
}

/// Runs `apv scan`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let rules = load_rules(args.rules.as_ref())?;
    let opts = ParseOptions {
        max_file_size: args.max_file_size,
        form: None,
    };
    let report = apv_rules::scan_files(&rules, args.municipality.as_deref(), &args.files, &opts);
    if report.documents.is_empty() {
        anyhow::bail!("{}", report.errors.join("; "));
    }
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report)
                .context("cannot render the scan report as JSON")?;
            s.push('\n');
            s
        }
        Format::Text => render_text(&report),
        Format::Md | Format::Csv | Format::Html | Format::Sarif => {
            let format = match args.format {
                Format::Md => apv_report::Format::Md,
                Format::Csv => apv_report::Format::Csv,
                Format::Html => apv_report::Format::Html,
                _ => apv_report::Format::Sarif,
            };
            let requirements: Vec<apv_report::RequirementInfo> =
                rules.requirements().iter().map(Into::into).collect();
            apv_report::render_scan(
                &report,
                &requirements,
                format,
                &apv_report::RenderOptions::default(),
                env!("CARGO_PKG_VERSION"),
            )?
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    if !report.errors.is_empty() {
        let mut stderr = std::io::stderr().lock();
        for e in &report.errors {
            writeln!(stderr, "apv: warning: skipped {e}")?;
        }
    }
    Ok(Outcome::Ok)
}

fn kind_nl(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Apv => "APV",
        DocumentKind::Amendment => "wijzigingsbesluit",
        DocumentKind::BibobPolicy => "Bibob-beleid",
        DocumentKind::DamoclesPolicy => "Damoclesbeleid",
        DocumentKind::OtherRegulation => "andere verordening",
        DocumentKind::OtherPolicy => "ander beleid",
    }
}

/// Shortens a quote to one line of at most `max` characters.
fn short(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        one
    } else {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The text table.
pub fn render_text(r: &ScanReport) -> String {
    let mut o = String::new();
    let hash: String = r.rule_set.hash.chars().take(12).collect();
    let _ = writeln!(
        o,
        "Gemeente: {}   regelset: {} {} ({hash})",
        r.municipality.as_deref().unwrap_or("-"),
        r.rule_set.id,
        r.rule_set.version
    );
    let _ = writeln!(o, "\nDocumenten");
    for d in &r.documents {
        let _ = writeln!(
            o,
            "  {}  [{}, {} artikelen]{}",
            d.path,
            kind_nl(d.kind),
            d.articles,
            d.title
                .as_deref()
                .map(|t| format!("  {}", short(t, 70)))
                .unwrap_or_default()
        );
        for w in d.warnings.iter().take(3) {
            let _ = writeln!(o, "      let op: {}", short(w, 110));
        }
        if d.warnings.len() > 3 {
            let _ = writeln!(
                o,
                "      en {} andere waarschuwingen (zie --format json)",
                d.warnings.len() - 3
            );
        }
    }
    for e in &r.errors {
        let _ = writeln!(o, "  niet gelezen: {e}");
    }
    let _ = writeln!(
        o,
        "\n{:<7} {:<18} {:<18} Belangrijkste citaat",
        "Eis", "Status", "Artikelen"
    );
    for v in &r.requirements {
        let arts = if v.articles.is_empty() {
            "-".to_string()
        } else {
            v.articles.join(", ")
        };
        let quote = v
            .evidence
            .first()
            .map(|e| format!("\"{}\" ({}:{})", short(&e.quote, 70), e.document, e.line))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "{:<7} {:<18} {:<18} {}",
            v.id,
            v.status.label_nl(),
            short(&arts, 18),
            quote
        );
        let _ = writeln!(o, "        {}", v.title);
        if !v.missing.is_empty() {
            let _ = writeln!(o, "        mist: {}", v.missing.join("; "));
        }
        if !v.qualifiers.is_empty() {
            let _ = writeln!(o, "        toepassing: {}", v.qualifiers.join(", "));
        }
        let _ = writeln!(o, "        {}", v.explanation);
    }
    o
}
