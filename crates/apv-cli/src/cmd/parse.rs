//! `apv parse FILE [--format tree|json]`.

use std::path::PathBuf;

use crate::Outcome;

/// Arguments of `apv parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The APV to parse.
    pub file: PathBuf,
}

/// Runs `apv parse`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    anyhow::bail!("{}: the structure parser is not wired in yet", args.file.display())
}
