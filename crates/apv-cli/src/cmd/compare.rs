//! `apv compare DIR [--format text|json|md|csv|html|sarif] [--output FILE] [--base NAME|model]
//! [--rules PATH] [--strict] [--csv-delimiter ';']`: the nulmeting, several municipalities side
//! by side.
//!
//! DIR holds one folder per municipality (the folder name is the municipality's name) with any
//! of its documents; `--municipality NAME=PATH` (repeatable) names them one by one instead.
//! Each municipality is scanned exactly as `apv scan` would scan the same files, in parallel;
//! the report lists them sorted by name.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use apv_parser::ParseOptions;
use apv_report::{Base, Format, RenderOptions, Report, ReportOptions};
use apv_rules::{RuleSet, ScanReport};
use rayon::prelude::*;

use crate::Outcome;

/// Output formats of `apv compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for the terminal.
    Text,
    /// The report model as JSON (what `apv diff` reads).
    Json,
    /// Markdown for a council letter.
    Md,
    /// One row per municipality × requirement (UTF-8 with BOM, for Excel).
    Csv,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0, one run per municipality.
    Sarif,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Md => Format::Md,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Html => Format::Html,
            OutputFormat::Sarif => Format::Sarif,
        }
    }
}

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
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// What the word diffs compare against: `model` (the Model-APV wording) or a municipality.
    #[arg(long, value_name = "NAME|model", default_value = "model")]
    pub base: String,
    /// Rule set to use (a directory or file of rule TOML) instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub rules: Option<PathBuf>,
    /// Exit 2 when any file could not be read (the report is still written).
    #[arg(long)]
    pub strict: bool,
    /// Field delimiter of the CSV output (`;` for Dutch Excel; `tab` for a tab).
    #[arg(long, value_name = "CHAR", default_value = ";", value_parser = parse_delimiter)]
    pub csv_delimiter: char,
    /// ASCII symbols and borders in the text table.
    #[arg(long)]
    pub ascii: bool,
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

fn parse_delimiter(value: &str) -> Result<char, String> {
    let c = match value {
        "tab" | "\\t" => '\t',
        _ => {
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(format!(
                        "{value:?}: a delimiter is one character (or `tab`)"
                    ));
                }
            }
        }
    };
    if matches!(c, '"' | '\n' | '\r') {
        return Err(format!("{c:?} cannot separate CSV fields"));
    }
    Ok(c)
}

/// One municipality to scan: its name, its files, and problems found while listing them.
struct Input {
    name: String,
    files: Vec<PathBuf>,
    errors: Vec<String>,
}

/// Runs `apv compare`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let list = || -> anyhow::Result<Vec<Input>> {
        let mut inputs = match &args.dir {
            Some(dir) => from_dir(dir)?,
            None => from_flags(&args.municipality)?,
        };
        // The largest municipalities first, so that the last tasks on the threads are short
        // ones. The report sorts the municipalities by name: the order of the scans is free.
        inputs.sort_by_cached_key(|input| std::cmp::Reverse(input_size(input)));
        Ok(inputs)
    };
    let (rules, inputs) = match &args.rules {
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
            scan.errors.splice(0..0, input.errors.iter().cloned());
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            scan
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let report = Report::build(
        scans,
        ReportOptions::for_rules(&rules, Base::parse(&args.base)),
    )?;

    let format = Format::from(args.format);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let options = RenderOptions {
        color: format == Format::Text && to_terminal && std::env::var_os("NO_COLOR").is_none(),
        ascii: args.ascii,
        csv_delimiter: args.csv_delimiter,
    };
    let out = apv_report::render(&report, format, &options)?;
    write_output(args.output.as_deref(), &out)?;

    if args.strict {
        let errors: Vec<String> = report
            .municipalities
            .iter()
            .flat_map(|m| m.errors.iter().map(move |e| format!("{}: {e}", m.name)))
            .collect();
        if let Some(first) = errors.first() {
            bail!(
                "{} file(s) could not be read (--strict); first: {first}",
                errors.len()
            );
        }
    }
    Ok(Outcome::Ok)
}

/// The total size in bytes of a municipality's files (0 for a file that cannot be read).
fn input_size(input: &Input) -> u64 {
    input
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum()
}

/// The municipalities of DIR: its sub-folders, sorted, hidden ones skipped.
fn from_dir(dir: &Path) -> anyhow::Result<Vec<Input>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the folder", dir.display()))?;
    let mut inputs = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot read the folder", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) || !path.is_dir() {
            continue;
        }
        if contains_itself(dir, &path) {
            let _ = writeln!(
                std::io::stderr(),
                "apv: warning: {}: a link to a folder that contains it; not read",
                path.display()
            );
            continue;
        }
        let mut input = Input {
            name,
            files: Vec::new(),
            errors: Vec::new(),
        };
        add_documents(&mut input, &path);
        inputs.push(input);
    }
    if inputs.is_empty() {
        bail!(
            "{}: no municipality folders (expected one folder of documents per municipality)",
            dir.display()
        );
    }
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(inputs)
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
                    errors: Vec::new(),
                });
                inputs.len() - 1
            }
        };
        add_documents(&mut inputs[index], path);
    }
    Ok(inputs)
}

/// Folders nested deeper than this inside a municipality's folder are not read (a guard against
/// symbolic-link loops); the report says so.
const MAX_DEPTH: usize = 8;

/// Adds a file, or the files of a folder and its sub-folders (sorted by path, hidden ones
/// skipped).
fn add_documents(input: &mut Input, path: &Path) {
    if !path.is_dir() {
        input.files.push(path.to_path_buf());
        return;
    }
    let mut files = Vec::new();
    // Folders already read, and the folders above: a link to one of them is a loop.
    let mut seen: Vec<PathBuf> = std::fs::canonicalize(path)
        .map(|p| p.ancestors().map(Path::to_path_buf).collect())
        .unwrap_or_default();
    collect_files(path, 0, &mut files, &mut input.errors, &mut seen);
    files.sort();
    if files.is_empty() {
        input
            .errors
            .push(format!("{}: no documents in this folder", path.display()));
    }
    input.files.extend(files);
}

fn collect_files(
    dir: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<String>,
    seen: &mut Vec<PathBuf>,
) {
    if depth > MAX_DEPTH {
        errors.push(format!(
            "{}: folders nested more than {MAX_DEPTH} deep are not read",
            dir.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            errors.push(format!("{}: cannot read the folder: {err}", dir.display()));
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) if is_hidden(&entry.file_name().to_string_lossy()) => {}
            Ok(entry) => {
                let path = entry.path();
                if path.is_dir() {
                    match std::fs::canonicalize(&path) {
                        Ok(real) if seen.contains(&real) => errors.push(format!(
                            "{}: a folder loop (a link to {}); not followed",
                            path.display(),
                            real.display()
                        )),
                        Ok(real) => {
                            seen.push(real);
                            collect_files(&path, depth + 1, files, errors, seen);
                        }
                        Err(err) => {
                            errors
                                .push(format!("{}: cannot read the folder: {err}", path.display()));
                        }
                    }
                } else if path.is_file() {
                    files.push(path);
                }
            }
            Err(err) => errors.push(format!("{}: cannot read the folder: {err}", dir.display())),
        }
    }
}

/// Hidden and system files that are never documents: dot files, Office lock files (`~$…`),
/// `Thumbs.db`, `desktop.ini`.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Whether `path` (an entry of `dir`) leads back to `dir` or a folder above it.
fn contains_itself(dir: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(dir), std::fs::canonicalize(path)) {
        (Ok(dir), Ok(real)) => dir.starts_with(&real),
        _ => false,
    }
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

/// Writes the report to FILE or standard output.
fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("{}: cannot write the report", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing the report"),
    }
}
