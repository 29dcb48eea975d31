//! `apv compare DIR [--format text|json|md|csv|html|sarif] [--output FILE] [--base NAME|model]
//! [--rules PATH] [--strict] [--csv-delimiter ';'] [--ascii] [--width N]`: the nulmeting,
//! several municipalities side by side.
//!
//! DIR holds one folder per municipality (the folder name is the municipality's name) with any
//! of its documents; `--municipality NAME=PATH` (repeatable) names them one by one instead.
//! Each municipality is scanned exactly as `apv scan` would scan the same files, in parallel;
//! the report lists them sorted by name.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use apv_parser::ParseOptions;
use apv_report::{Base, Report, ReportOptions};
use apv_rules::{Ignored, Notice, RuleSet, ScanReport};
use rayon::prelude::*;

use crate::Outcome;
use crate::cmd::OutputArgs;
use crate::cmd::files::{contains_itself, documents, is_hidden};

/// Arguments of `apv compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder with one sub-folder of documents per municipality (folder name = municipality).
    #[arg(
        required_unless_present = "municipality",
        conflicts_with = "municipality"
    )]
    pub dir: Option<PathBuf>,
    /// A municipality and its documents (a folder or one file), instead of DIR. Repeatable;
    /// the same name twice adds documents to that municipality.
    #[arg(long, value_name = "NAME=PATH", value_parser = parse_municipality)]
    pub municipality: Vec<(String, PathBuf)>,
    /// How and where the report is written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// What the word diffs compare against: `model` (the Model-APV wording) or a municipality.
    #[arg(long, value_name = "NAME|model", default_value = "model")]
    pub base: String,
    /// Rule set to use (a directory or file of rule TOML) instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub rules: Option<PathBuf>,
    /// Exit 2 when part of the input was not read or not judged: a file that could not be
    /// read, a municipality whose APV was not judged, a file outside every municipality's
    /// folder (the report is still written).
    #[arg(long)]
    pub strict: bool,
    /// Refuse files larger than this many bytes (suffixes k, M, G: `64M`); the report names them.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::cmd::size::parse_size)]
    pub max_file_size: u64,
}

fn parse_municipality(value: &str) -> Result<(String, PathBuf), String> {
    let (name, path) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?}: expected NAME=PATH"))?;
    let name = name.trim();
    if name.is_empty() || path.is_empty() {
        return Err(format!("{value:?}: expected NAME=PATH"));
    }
    Ok((name.to_string(), PathBuf::from(path)))
}

/// One municipality to scan: its name, its files, and problems found while listing them.
struct Input {
    name: String,
    files: Vec<PathBuf>,
    notices: Vec<Notice>,
    /// The folders given for it, where a file of recorded decisions may sit.
    folders: Vec<PathBuf>,
}

/// Runs `apv compare`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let list = || -> anyhow::Result<(Vec<Input>, Vec<Notice>)> {
        let (mut inputs, loose) = match &args.dir {
            Some(dir) => from_dir(dir)?,
            None => (from_flags(&args.municipality)?, Vec::new()),
        };
        // The largest municipalities first, so that the last tasks on the threads are short
        // ones. The report sorts the municipalities by name: the order of the scans is free.
        inputs.sort_by_cached_key(|input| std::cmp::Reverse(input_size(input)));
        Ok((inputs, loose))
    };
    let (rules, (inputs, loose)) = match &args.rules {
        Some(path) => {
            let rules = RuleSet::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
            (rules, list()?)
        }
        // The built-in rule set cannot fail to load: compile it while the folders are listed.
        None => {
            let (rules, inputs) = rayon::join(RuleSet::embedded, list);
            (rules, inputs?)
        }
    };

    let progress = progress_bar(inputs.len());
    let opts = ParseOptions {
        max_file_size: args.max_file_size,
        ..ParseOptions::default()
    };
    let scans: Vec<ScanReport> = inputs
        .par_iter()
        .with_max_len(1)
        .map(|input| {
            let mut scan = apv_rules::scan_files(&rules, Some(&input.name), &input.files, &opts);
            scan.notices.splice(0..0, input.notices.iter().cloned());
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            scan
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut report = Report::build(
        scans,
        ReportOptions::for_rules(&rules, Base::parse(&args.base)),
    )?;
    report.notices = loose;
    for input in &inputs {
        for folder in &input.folders {
            let decisions = crate::cmd::files::decisions(folder)?;
            report.record_decisions(&input.name, decisions);
        }
    }

    let out = apv_report::render(&report, args.output.format, &args.output.render_options())?;
    args.output.write(&out)?;
    if report.base != "model" && args.output.format == apv_report::Format::Sarif {
        let _ = writeln!(
            std::io::stderr(),
            "apv: let op: --base heeft geen effect op --format sarif (wel op text, md, csv, html en json)"
        );
    }
    if args.strict {
        strict(&report)?;
    }
    Ok(Outcome::Ok)
}

/// `--strict`: an error naming the first part of the input that was not read or not judged.
pub fn strict(report: &Report) -> anyhow::Result<()> {
    let problems: Vec<String> = report
        .notices
        .iter()
        .filter(|n| n.is_problem())
        .map(apv_report::render::notice::notice_nl)
        .chain(report.municipalities.iter().flat_map(|m| {
            m.notices
                .iter()
                .filter(|n| n.is_problem())
                .map(move |n| format!("{}: {}", m.name, apv_report::render::notice::notice_nl(n)))
        }))
        .collect();
    if let Some(first) = problems.first() {
        bail!(
            "{} keer is invoer niet gelezen of niet beoordeeld (--strict); eerst: {first}",
            problems.len()
        );
    }
    Ok(())
}

/// The total size in bytes of a municipality's files (0 for a file that cannot be read).
fn input_size(input: &Input) -> u64 {
    input
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum()
}

/// The municipalities of DIR (its sub-folders, sorted, hidden ones skipped), and a notice for
/// each file at the top of DIR, which belongs to no municipality and is not read.
fn from_dir(dir: &Path) -> anyhow::Result<(Vec<Input>, Vec<Notice>)> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the folder", dir.display()))?;
    let mut inputs = Vec::new();
    let mut loose = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot read the folder", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) {
            continue;
        }
        if !path.is_dir() {
            loose.push(Notice::Ignored {
                file: path.display().to_string(),
                because: Ignored::OutsideMunicipality,
            });
            continue;
        }
        if contains_itself(dir, &path) {
            loose.push(Notice::FolderLoop {
                folder: path.display().to_string(),
                target: dir.display().to_string(),
            });
            continue;
        }
        let mut notices = Vec::new();
        let files = documents(&path, &mut notices);
        inputs.push(Input {
            name,
            files,
            notices,
            folders: vec![path],
        });
    }
    if inputs.is_empty() {
        bail!(
            "{}: no municipality folders (expected one folder of documents per municipality)",
            dir.display()
        );
    }
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    loose.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    Ok((inputs, loose))
}

/// The municipalities named with `--municipality NAME=PATH`.
fn from_flags(flags: &[(String, PathBuf)]) -> anyhow::Result<Vec<Input>> {
    let mut inputs: Vec<Input> = Vec::new();
    for (name, path) in flags {
        if !path.exists() {
            bail!(
                "{}: no such file or folder (--municipality {name})",
                path.display()
            );
        }
        let index = match inputs.iter().position(|i| &i.name == name) {
            Some(index) => index,
            None => {
                inputs.push(Input {
                    name: name.clone(),
                    files: Vec::new(),
                    notices: Vec::new(),
                    folders: Vec::new(),
                });
                inputs.len() - 1
            }
        };
        let input = &mut inputs[index];
        let files = documents(path, &mut input.notices);
        input.files.extend(files);
        if path.is_dir() {
            input.folders.push(path.clone());
        }
    }
    Ok(inputs)
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} gemeenten") {
        bar.set_style(style);
    }
    Some(bar)
}
