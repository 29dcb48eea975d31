//! One module per subcommand: arguments, then `run`; and what the report commands share.

pub mod compare;
pub mod diff;
pub mod files;
pub mod parse;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod size;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use apv_report::{Format, RenderOptions};

/// `--format`: the output formats of the report, one list for every command
/// ([`Format::ALL`]).
pub fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| name.parse::<Format>().unwrap_or(Format::Text))
}

/// How the report commands write a report: where, and how it looks.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_parser())]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// ASCII symbols, borders and marks in text output instead of Unicode.
    #[arg(long)]
    pub ascii: bool,
    /// Width of the text output in columns (default: the terminal's, `COLUMNS`, else 80).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,
    /// Field delimiter of the CSV output (`;` for Dutch Excel; `tab` for a tab).
    #[arg(long, value_name = "CHAR", default_value = ";", value_parser = parse_delimiter)]
    pub csv_delimiter: char,
}

impl OutputArgs {
    /// The render options for this output.
    pub fn render_options(&self) -> RenderOptions {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        RenderOptions {
            color: self.format == Format::Text
                && to_terminal
                && std::env::var_os("NO_COLOR").is_none(),
            ascii: self.ascii,
            csv_delimiter: self.csv_delimiter,
            width: self
                .width
                .map(usize::from)
                .or_else(|| terminal_width(to_terminal))
                .unwrap_or(80),
        }
    }

    /// Writes the rendered report to FILE or standard output.
    pub fn write(&self, text: &str) -> anyhow::Result<()> {
        write_output(self.output.as_deref(), text)
    }
}

/// The width of the terminal: `COLUMNS` when set, else the terminal's own when writing to it.
fn terminal_width(to_terminal: bool) -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
    {
        return Some(columns);
    }
    if !to_terminal {
        return None;
    }
    // `stty size` reads the terminal that standard error is attached to.
    let out = std::process::Command::new("stty")
        .arg("size")
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&c| c >= 40)
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

/// Writes text to FILE or standard output.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("{}: het rapport kon niet worden geschreven", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("het rapport kon niet worden geschreven"),
    }
}
