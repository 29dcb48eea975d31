//! Parsing throughput of `apv-parser` on a realistic ~300 KB APV, in MB/s.
//!
//! The input is generated from the project's own fixtures (see `corpus.rs`) in two flavours,
//! Markdown and PDF text. When `../shared/corpus/raw/vng-model-apv-2023.md` is present next to
//! the workspace, the real Model-APV is measured as well. The references and definitions layers
//! are also measured on their own, on an already parsed document.
//!
//! Run with `cargo bench -p apv-parser --bench parse`.

use std::sync::LazyLock;

// The allocator of the apv binary, so that the figures are those of the program users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::Bencher;
use divan::counter::BytesCount;

mod corpus;

use corpus::Flavour;

fn main() {
    divan::main();
}

/// Size of the generated APV.
const TARGET: usize = 300 * 1024;

static MARKDOWN: LazyLock<String> = LazyLock::new(|| corpus::apv(Flavour::Markdown, TARGET));
static PDF_TEXT: LazyLock<String> = LazyLock::new(|| corpus::apv(Flavour::PdfText, TARGET));

fn input(flavour: &str) -> &'static str {
    match flavour {
        "markdown" => &MARKDOWN,
        _ => &PDF_TEXT,
    }
}

/// Parse (read, normalise, structure, references, definitions) the generated APV.
#[divan::bench(args = ["markdown", "pdf-text"])]
fn parse(bencher: Bencher, flavour: &str) {
    let text = input(flavour);
    let doc = apv_parser::parse_text(text, flavour).expect("the generated APV parses");
    assert!(
        doc.articles().count() > 100,
        "the generated APV has too few articles"
    );
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| apv_parser::parse_text(divan::black_box(text), "bench"));
}

/// The references layer alone, on the parsed Markdown APV.
#[divan::bench]
fn references(bencher: Bencher) {
    let text = input("markdown");
    let doc = apv_parser::parse_text(text, "bench").expect("the generated APV parses");
    bencher
        .counter(BytesCount::of_str(text))
        .with_inputs(|| doc.clone())
        .bench_local_refs(apv_parser::refs::annotate);
}

/// The definitions layer alone, on the parsed Markdown APV.
#[divan::bench]
fn definitions(bencher: Bencher) {
    let text = input("markdown");
    let doc = apv_parser::parse_text(text, "bench").expect("the generated APV parses");
    bencher
        .counter(BytesCount::of_str(text))
        .with_inputs(|| doc.clone())
        .bench_local_refs(apv_parser::defs::annotate);
}

/// The real VNG Model-APV 2023 (Markdown), when `../shared` is present.
#[divan::bench]
fn vng_model_apv(bencher: Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/raw/vng-model-apv-2023.md"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: ../shared not found");
        }
        return;
    };
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| apv_parser::parse_text(divan::black_box(&text), "vng-model-apv-2023.md"));
}
