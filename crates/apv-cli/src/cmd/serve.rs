//! `apv serve [DIR] [--port N] [--bind ADDR] [--rules PATH] [--max-file-size SIZE]`: a local
//! web view. Prints the address to open (with the access token when `--bind` is given), then
//! serves until stopped.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Context;

use crate::Outcome;
use crate::cmd::scan::load_rules;

/// Arguments of `apv serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder with one sub-folder of documents per municipality: its nulmeting is shown too.
    pub dir: Option<PathBuf>,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1; every request then needs the access token
    /// printed at start.
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<IpAddr>,
    /// A rule set directory (or one rule file) to use instead of the built-in Flevolandse norm.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Refuse uploaded files larger than this many bytes (suffixes k, M, G: `64M`).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::cmd::size::parse_size)]
    pub max_file_size: u64,
}

/// Runs `apv serve`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let mut config = apv_serve::Config::new(load_rules(args.rules.as_ref())?);
    config.dir = args.dir.clone();
    config.port = args.port;
    config.max_file_size = args.max_file_size;
    if let Some(ip) = args.bind {
        config.ip = ip;
        config.require_token = true;
    }
    let server = apv_serve::Server::bind(config)?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "apv serve: open {}", server.url())?;
        if server.token().is_some() {
            writeln!(
                stdout,
                "het adres bevat de toegangscode (alleen nu getoond); wie het opent, krijgt haar als cookie"
            )?;
        }
        writeln!(stdout, "stoppen: Ctrl+C")?;
        stdout.flush()?;
    }
    server.run().context("the server stopped")?;
    Ok(Outcome::Ok)
}
