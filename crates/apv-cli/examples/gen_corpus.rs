//! Writes a deterministic corpus of municipality folders for the scale benchmarks:
//!
//! ```sh
//! cargo run --release -p apv-cli --example gen_corpus -- OUT_DIR N [SEED]
//! ```
//!
//! N folders, each with one APV of about 300 KB (Markdown, PDF-like text, CVDR XML or HTML)
//! and the policies beside it, built from the project's own fixtures; see
//! `benches/municipalities.rs` for what varies. The same N and SEED give the same bytes.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;

#[path = "../../../benches/municipalities.rs"]
mod municipalities;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus OUT_DIR N [SEED]";
    let (Some(out), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => municipalities::DEFAULT_SEED,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match municipalities::generate(Path::new(out), n, seed) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(2)
        }
    }
}
