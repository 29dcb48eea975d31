//! The Model-APV 2023 and a real lokaleregelgeving page (HTML) must yield exactly the articles
//! of their gold lists, and the ATO handreiking (guidance that quotes articles) must parse
//! without a panic. They read `../shared` (or `$APV_SHARED`); without it the tests say they
//! were skipped and pass.

// Saying that a test was skipped is the one thing these tests print.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use apv_parser::{NodeKind, ParseOptions, parse_file};

/// A file of the shared material: `$APV_SHARED/<rel>` when the variable is set (a worktree
/// that does not sit next to `shared`), else `../shared/<rel>` beside the repository.
fn shared(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("APV_SHARED").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        PathBuf::from,
    );
    let p = root.join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: ../shared not found ({})", p.display());
        None
    }
}

/// `number<TAB>state<TAB>title` per article of a parsed document.
fn article_lines(src: &std::path::Path) -> (Vec<String>, usize) {
    let doc = parse_file(src, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{} parses: {e}", src.display()));
    let got = doc
        .articles()
        .map(|id| {
            let n = doc.node(id);
            format!(
                "{}\t{}\t{}",
                n.number.as_deref().unwrap_or(""),
                if n.repealed { "repealed" } else { "in_force" },
                n.title.as_deref().unwrap_or("")
            )
        })
        .collect();
    let repealed = doc.articles().filter(|&id| doc.node(id).repealed).count();
    (got, repealed)
}

/// Compares parsed articles with a gold list (a header line, then one article per line).
fn assert_gold(got: &[String], gold: &std::path::Path) {
    let want: Vec<String> = std::fs::read_to_string(gold)
        .expect("gold list readable")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let mismatches: Vec<String> = got
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|(_, (g, w))| g != w)
        .map(|(i, (g, w))| format!("#{i}: got [{g}] want [{w}]"))
        .take(20)
        .collect();
    assert!(
        mismatches.is_empty() && got.len() == want.len(),
        "{} articles parsed, {} expected; first mismatches:\n{}",
        got.len(),
        want.len(),
        mismatches.join("\n")
    );
}

#[test]
fn model_apv_2023_matches_the_gold_article_list() {
    let (Some(src), Some(gold)) = (
        shared("corpus/raw/vng-model-apv-2023.md"),
        shared("gold/vng-model-apv-2023.articles.tsv"),
    ) else {
        return;
    };
    let (got, repealed) = article_lines(&src);
    assert_gold(&got, &gold);
    assert_eq!(repealed, 28);
}

#[test]
fn groningen_begraafplaatsen_page_matches_the_gold_article_list() {
    let (Some(src), Some(gold)) = (
        shared("corpus/raw/cvdr690817-groningen-begraafplaatsen-2023.html"),
        shared("gold/cvdr690817-begraafplaatsen.articles.tsv"),
    ) else {
        return;
    };
    let (got, repealed) = article_lines(&src);
    assert_gold(&got, &gold);
    assert_eq!(repealed, 0);
}

#[test]
fn ato_handreiking_parses_without_panic() {
    let Some(src) = shared("corpus/raw/ato-handreiking-apv-en-ondermijning-2020.md") else {
        return;
    };
    let doc = parse_file(&src, &ParseOptions::default()).expect("the handreiking quotes articles");
    assert!(doc.articles().count() > 0);
    assert!(doc.nodes.iter().any(|n| n.kind == NodeKind::Preamble));
}
