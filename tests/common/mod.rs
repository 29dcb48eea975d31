//! Helpers shared by the command-line tests: run the `apv` binary from the workspace root.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The workspace root (tests run `apv` from there, so paths in reports are stable).
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs `apv` with `args` from the workspace root.
pub fn apv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apv"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("the apv binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The exit code.
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("apv exits with a code")
}

/// Replaces the rule-set hash (full and shortened) with `[hash]`, so that snapshots do not
/// change every time a rule file does.
pub fn redact_hash(text: &str, hash: &str) -> String {
    let short = &hash[..hash.len().min(12)];
    text.replace(hash, "[hash]").replace(short, "[hash]")
}

/// The rule-set hash in a compare JSON report.
pub fn hash_of(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).expect("the report is JSON");
    value["rule_set"]["hash"]
        .as_str()
        .expect("the report names its rule set hash")
        .to_string()
}

/// Replaces the byte offsets of evidence (`"start": 123`, `"end": 456`) in pretty JSON with
/// `"[offset]"`: they move with every change to text normalisation, while lines and quotes,
/// which a reader checks, stay in the snapshot.
pub fn redact_offsets(json: &str) -> String {
    json.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            for key in ["\"start\": ", "\"end\": "] {
                if let Some(rest) = trimmed.strip_prefix(key) {
                    let digits = rest.trim_end_matches(',');
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        let indent = &line[..line.len() - trimmed.len()];
                        let comma = if rest.ends_with(',') { "," } else { "" };
                        return format!("{indent}{key}\"[offset]\"{comma}");
                    }
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if json.ends_with('\n') { "\n" } else { "" }
}
