//! `apv scan FILE|DIR... [--municipality NAME] [--rules PATH] [--format text|json|md|csv|html|sarif]
//! [--output FILE] [--strict]`: the verdict per requirement for one municipality's documents.
//!
//! The report is the same model `apv compare` writes, with one municipality; every format is
//! rendered by `apv-report`. A folder stands for the documents in it (and its sub-folders).

use std::path::PathBuf;

use apv_parser::ParseOptions;
use apv_report::{Base, Report, ReportOptions};
use apv_rules::{Notice, RuleSet};

use crate::Outcome;
use crate::cmd::OutputArgs;
use crate::cmd::files::documents;

/// Arguments of `apv scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The documents of one municipality (files, or folders of them): its APV, Bibob and
    /// Damocles policies, other verordeningen.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The municipality's name, for the report.
    #[arg(long)]
    pub municipality: Option<String>,
    /// A rule set directory (or one rule file) to use instead of the built-in Flevolandse norm.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// How and where the report is written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 2 when part of the input was not read or not judged (the report is still written).
    #[arg(long)]
    pub strict: bool,
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
    let mut notices: Vec<Notice> = Vec::new();
    let mut files = Vec::new();
    for path in &args.files {
        files.extend(documents(path, &mut notices));
    }
    let mut scan = apv_rules::scan_files(&rules, args.municipality.as_deref(), &files, &opts);
    scan.notices.splice(0..0, notices);
    if scan.documents.is_empty() {
        let lines: Vec<String> = scan
            .notices
            .iter()
            .filter(|n| !matches!(n, Notice::ApvNotRead { .. }))
            .map(apv_report::render::notice::notice_nl)
            .collect();
        anyhow::bail!("{}", lines.join("; "));
    }
    let mut report = Report::build(vec![scan], ReportOptions::for_rules(&rules, Base::Model))?;
    // Recorded decisions beside the documents, once per folder.
    let mut folders: Vec<PathBuf> = Vec::new();
    for path in &args.files {
        let folder = if path.is_dir() {
            path.clone()
        } else {
            path.parent().map(PathBuf::from).unwrap_or_default()
        };
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    let name = report.municipalities[0].name.clone();
    for folder in &folders {
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder.clone()
        };
        report.record_decisions(&name, crate::cmd::files::decisions(&folder)?);
    }
    let out = apv_report::render(&report, args.output.format, &args.output.render_options())?;
    args.output.write(&out)?;
    if args.strict {
        crate::cmd::compare::strict(&report)?;
    }
    Ok(Outcome::Ok)
}
