//! Throughput of `apv scan` on a ~300 KB APV: parse plus every rule, single-threaded.
//!
//! The APV is built from the fictional fixture APVs, repeated with renumbered articles until it
//! is about 300 KB, so that it has the size of a real consolidated APV. `APV_BENCH_FILE=path`
//! measures another APV instead (the bench names keep their `_300kb` suffix).

// A benchmark reports its figures on stdout.
#![allow(clippy::print_stdout)]

use apv_rules::{RuleSet, scan};
use divan::counter::BytesCount;

// The allocator of the apv binary, so that the figures are those of the program users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // On a shared machine wall-clock figures swing with the load; APV_BENCH_CPU=1 measures the
    // CPU time this thread spends instead (Linux, /proc/thread-self/schedstat), on the 300 KB
    // APV or on the file named by APV_BENCH_FILE.
    if std::env::var_os("APV_BENCH_CPU").is_some() {
        cpu_figures();
        return;
    }
    divan::main();
}

/// CPU time of this thread in nanoseconds.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The APV the benches measure: the file named by APV_BENCH_FILE (plain text or Markdown),
/// else the ~300 KB APV built from the fixtures.
fn bench_text() -> String {
    match std::env::var_os("APV_BENCH_FILE") {
        Some(p) => std::fs::read_to_string(&p).expect("APV_BENCH_FILE is readable text"),
        None => big_apv(),
    }
}

fn cpu_figures() {
    let text = bench_text();
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(&text, "bench.md").expect("parses");
    let docs = vec![("bench.md".to_string(), doc)];
    let mb = text.len() as f64 / 1e6;
    let runs = 30;
    let measure = |name: &str, f: &dyn Fn()| {
        f();
        let (Some(a), w) = (cpu_ns(), std::time::Instant::now()) else {
            println!("{name}: no CPU clock on this system");
            return;
        };
        for _ in 0..runs {
            f();
        }
        let cpu = (cpu_ns().unwrap_or(a) - a) as f64 / 1e9 / runs as f64;
        let wall = w.elapsed().as_secs_f64() / runs as f64;
        println!(
            "{name:<22} {:>7.2} ms CPU  {:>7.1} MB/s CPU   ({:>7.2} ms wall)",
            cpu * 1e3,
            mb / cpu,
            wall * 1e3
        );
    };
    println!("input: {} bytes, {} runs each", text.len(), runs);
    measure("parse_and_scan_300kb", &|| {
        let d = apv_parser::parse_text(&text, "bench.md").expect("parses");
        divan::black_box(scan(&rules, None, &[("bench.md".to_string(), d)]));
    });
    measure("parse_only_300kb", &|| {
        divan::black_box(apv_parser::parse_text(&text, "bench.md").expect("parses"));
    });
    measure("scan_only_300kb", &|| {
        divan::black_box(scan(&rules, None, &docs));
    });
}

const TARGET: usize = 300 * 1024;

fn sources() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out = Vec::new();
    for rel in [
        "scan/lindewaard/apv-lindewaard.md",
        "scan/veenhoven/apv-veenhoven.txt",
        "flevoland/Almere/apv-almere.md",
        "flevoland/Urk/apv-urk.md",
    ] {
        if let Ok(t) = std::fs::read_to_string(root.join(rel)) {
            out.push(t);
        }
    }
    assert!(
        !out.is_empty(),
        "no fixture APVs found under {}",
        root.display()
    );
    out
}

/// A ~300 KB APV: the fixture APVs' chapters repeated, articles renumbered per copy.
fn big_apv() -> String {
    let art = regex::Regex::new(r"(?m)^(#* ?Artikel \d+[:.])(\d+)").expect("valid");
    let srcs = sources();
    let mut text = String::from("# Algemene plaatselijke verordening Benchmark\n\n");
    let mut copy = 0u32;
    while text.len() < TARGET {
        for s in &srcs {
            let body = art.replace_all(s, |c: &regex::Captures| {
                let n: u32 = c[2].parse().unwrap_or(0);
                format!("{}{}", &c[1], n + 1000 * (copy + 1))
            });
            text.push_str(&body);
            text.push('\n');
        }
        copy += 1;
    }
    text
}

#[divan::bench]
fn parse_and_scan_300kb(bencher: divan::Bencher) {
    let text = bench_text();
    let rules = RuleSet::embedded();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let doc = apv_parser::parse_text(divan::black_box(&text), "bench.md").expect("parses");
        scan(&rules, None, &[("bench.md".to_string(), doc)])
    });
}

#[divan::bench]
fn scan_only_300kb(bencher: divan::Bencher) {
    let text = bench_text();
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(&text, "bench.md").expect("parses");
    let docs = vec![("bench.md".to_string(), doc)];
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| scan(&rules, None, divan::black_box(&docs)));
}

#[divan::bench]
fn parse_only_300kb(bencher: divan::Bencher) {
    let text = bench_text();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| apv_parser::parse_text(divan::black_box(&text), "bench.md").expect("parses"));
}

#[divan::bench]
fn load_embedded_rule_set() -> RuleSet {
    RuleSet::embedded()
}
