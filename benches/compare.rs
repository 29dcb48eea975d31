//! `apv compare` throughput on 1, 10 and 100 generated municipalities, in MB/s, and that of
//! parsing alone on the same corpora.
//!
//! The corpus comes from `municipalities.rs` (the generator behind
//! `cargo run --release -p apv-cli --example gen_corpus`), written once per size into the
//! temporary folder. Each iteration does what `apv compare DIR --format json` does: list the
//! folders, scan every municipality's files in parallel, build the report and render it.
//! Whole-program figures for 342 municipalities next to a grep pass are in `benches/scale.sh`.
//!
//! Run with `cargo bench -p apv-cli --bench compare`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

// The allocator of the apv binary, so that the figures are those of the program users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use apv_parser::ParseOptions;
use apv_report::{Base, Format, RenderOptions, Report, ReportOptions};
use apv_rules::{RuleSet, ScanReport};
use divan::Bencher;
use divan::counter::BytesCount;
use rayon::prelude::*;

#[allow(dead_code, clippy::print_stdout, clippy::print_stderr)]
mod municipalities;

fn main() {
    divan::main();
    let corpora = CORPORA.lock().map(|c| c.clone()).unwrap_or_default();
    for (_, dir, _) in corpora {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The corpora written so far: (N, folder, bytes).
static CORPORA: Mutex<Vec<(usize, PathBuf, u64)>> = Mutex::new(Vec::new());

/// The folder with `n` generated municipalities and its size in bytes.
fn corpus(n: usize) -> (PathBuf, u64) {
    let mut corpora = CORPORA
        .lock()
        .expect("no bench panicked while holding the lock");
    if let Some((_, dir, bytes)) = corpora.iter().find(|(k, _, _)| *k == n) {
        return (dir.clone(), *bytes);
    }
    let dir = std::env::temp_dir().join(format!("apv-bench-compare-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    municipalities::generate(&dir, n, municipalities::DEFAULT_SEED)
        .expect("the corpus is generated from the fixtures");
    let bytes = folders(&dir)
        .iter()
        .flat_map(|(_, files)| files)
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    corpora.push((n, dir.clone(), bytes));
    (dir, bytes)
}

/// The municipality folders of `dir` and their files, sorted.
fn folders(dir: &Path) -> Vec<(String, Vec<PathBuf>)> {
    let mut out: Vec<(String, Vec<PathBuf>)> = std::fs::read_dir(dir)
        .expect("the corpus folder exists")
        .flatten()
        .map(|e| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(e.path())
                .expect("a municipality folder")
                .flatten()
                .map(|f| f.path())
                .collect();
            files.sort();
            (e.file_name().to_string_lossy().into_owned(), files)
        })
        .collect();
    out.sort();
    out
}

/// What `apv compare DIR --format json` does, without writing the output.
fn compare(rules: &RuleSet, dir: &Path) -> String {
    let opts = ParseOptions::default();
    let scans: Vec<ScanReport> = folders(dir)
        .par_iter()
        .map(|(name, files)| apv_rules::scan_files(rules, Some(name), files, &opts))
        .collect();
    let report = Report::build(scans, ReportOptions::for_rules(rules, Base::parse("model")))
        .expect("the report builds");
    apv_report::render(&report, Format::Json, &RenderOptions::default()).expect("JSON renders")
}

/// Compare 1, 10 and 100 generated municipalities (~300 KB APV each, mixed forms).
#[divan::bench(args = [1, 10, 100], sample_count = 5, sample_size = 1)]
fn compare_municipalities(bencher: Bencher, n: usize) {
    let rules = RuleSet::embedded();
    let (dir, bytes) = corpus(n);
    let json = compare(&rules, &dir);
    assert!(
        json.contains("\"municipalities\""),
        "the report lists municipalities"
    );
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| compare(&rules, divan::black_box(&dir)));
}

/// Only the parsing of the same corpora (readers, structure, references, definitions; no rule,
/// no report): the part of `compare` that any rule engine would sit on top of.
#[divan::bench(args = [1, 10, 100], sample_count = 5, sample_size = 1)]
fn parse_municipalities(bencher: Bencher, n: usize) {
    let (dir, bytes) = corpus(n);
    let opts = ParseOptions::default();
    let parse_all = |dir: &Path| -> usize {
        folders(dir)
            .par_iter()
            .flat_map(|(_, files)| files.par_iter())
            .map(|f| apv_parser::parse_file(f, &opts).map_or(0, |doc| doc.nodes.len()))
            .sum()
    };
    assert!(parse_all(&dir) > 0, "the corpus parses into nodes");
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| parse_all(divan::black_box(&dir)));
}
