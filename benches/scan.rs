//! Throughput of `apv scan` on a ~300 KB APV: parse plus every rule, single-threaded.
//!
//! The APV is built from the fictional fixture APVs, repeated with renumbered articles until it
//! is about 300 KB, so that it has the size of a real consolidated APV.

use apv_rules::{RuleSet, scan};
use divan::counter::BytesCount;

fn main() {
    divan::main();
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
    let text = big_apv();
    let rules = RuleSet::embedded();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let doc = apv_parser::parse_text(divan::black_box(&text), "bench.md").expect("parses");
        scan(&rules, None, &[("bench.md".to_string(), doc)])
    });
}

#[divan::bench]
fn scan_only_300kb(bencher: divan::Bencher) {
    let text = big_apv();
    let rules = RuleSet::embedded();
    let doc = apv_parser::parse_text(&text, "bench.md").expect("parses");
    let docs = vec![("bench.md".to_string(), doc)];
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| scan(&rules, None, divan::black_box(&docs)));
}

#[divan::bench]
fn parse_only_300kb(bencher: divan::Bencher) {
    let text = big_apv();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| apv_parser::parse_text(divan::black_box(&text), "bench.md").expect("parses"));
}

#[divan::bench]
fn load_embedded_rule_set() -> RuleSet {
    RuleSet::embedded()
}
