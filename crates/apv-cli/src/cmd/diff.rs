//! `apv diff OLD.json NEW.json [--fail-on worse|any] [--format text|json]`: what changed
//! between two runs of `apv compare` (or `apv scan`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use apv_report::diff::{self, Run};

use crate::Outcome;

/// Largest JSON file `apv diff` reads.
const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// When `apv diff` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// When any verdict got worse (the default).
    Worse,
    /// When anything changed at all.
    Any,
}

/// Output format of `apv diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A list per municipality.
    Text,
    /// The changes as JSON.
    Json,
}

/// Arguments of `apv diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON of the earlier run (`apv compare --format json` or `apv scan --format json`).
    pub old: PathBuf,
    /// JSON of the later run.
    pub new: PathBuf,
    /// Exit 1 when a verdict got worse, or when anything changed. Worse is a move down the order
    /// met > partial > outside_apv, reference_only > repealed, absent; not_assessed (or a
    /// verdict that is missing) is neutral. A municipality that disappeared, or a file that
    /// became unreadable, also counts as worse.
    #[arg(long, value_enum, default_value = "worse")]
    pub fail_on: FailOn,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
}

/// Runs `apv diff`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let old = read_run(&args.old)?;
    let new = read_run(&args.new)?;
    let changes = diff::diff(&old, &new);
    let out = match args.format {
        DiffFormat::Text => diff::render_text(&changes),
        DiffFormat::Json => diff::render_json(&changes).context("writing the diff as JSON")?,
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing the diff")?;
    let fail = match args.fail_on {
        FailOn::Worse => changes.any_worse(),
        FailOn::Any => changes.any_change(),
    };
    Ok(if fail { Outcome::Findings } else { Outcome::Ok })
}

fn read_run(path: &Path) -> anyhow::Result<Run> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if meta.len() > MAX_INPUT {
        anyhow::bail!(
            "{}: too large for a report ({} bytes, at most {MAX_INPUT})",
            path.display(),
            meta.len()
        );
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read as UTF-8 text", path.display()))?;
    Run::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
