//! `apv diff OLD.json NEW.json [--fail-on worse|any] [--format text|json] [--output FILE]`:
//! what changed between two reports of `apv compare` (or `apv scan`).

use std::path::{Path, PathBuf};

use anyhow::Context;
use apv_report::Report;
use apv_report::diff;

use crate::Outcome;
use crate::cmd::OutputArgs;

/// Largest JSON file `apv diff` reads.
const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// When `apv diff` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// When any verdict got worse (the default).
    Worse,
    /// When anything changed at all.
    Any,
}

/// Arguments of `apv diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON of the earlier run (`apv compare --format json` or `apv scan --format json`).
    pub old: PathBuf,
    /// JSON of the later run.
    pub new: PathBuf,
    /// Exit 1 when a verdict got worse (`worse`), or when anything changed (`any`). Worse is a
    /// move down the order met > partial > outside_apv > reference_only > repealed = absent >
    /// not_assessed (a verdict that is missing counts as not_assessed); a municipality that
    /// disappeared, or a new problem with its input (a file that became unreadable, an APV no
    /// longer judged), is worse too.
    #[arg(long, value_enum, default_value = "worse")]
    pub fail_on: FailOn,
    /// How and where the diff is written (`text` or `json`).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `apv diff`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let old = read_report(&args.old)?;
    let new = read_report(&args.new)?;
    let changes = diff::diff(&old, &new);
    let out = apv_report::render_diff(&changes, args.output.format, &args.output.render_options())?;
    args.output.write(&out)?;
    let fail = match args.fail_on {
        FailOn::Worse => changes.any_worse(),
        FailOn::Any => changes.any_change(),
    };
    Ok(if fail { Outcome::Findings } else { Outcome::Ok })
}

fn read_report(path: &Path) -> anyhow::Result<Report> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("{}: kan niet worden gelezen", path.display()))?;
    if meta.len() > MAX_INPUT {
        anyhow::bail!(
            "{}: te groot voor een rapport ({} bytes, hooguit {MAX_INPUT})",
            path.display(),
            meta.len()
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: geen UTF-8-tekst", path.display()))?;
    Report::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
