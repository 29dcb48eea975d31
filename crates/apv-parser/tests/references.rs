//! References on whole documents: citations of other laws are external and raise no warning,
//! references to this regulation resolve, also when a number is broken over a line.

use std::collections::BTreeSet;
use std::path::Path;

use apv_parser::{Document, NodeKind, ParseOptions, RefTarget, WarningKind, parse_file};

fn parse(name: &str) -> Document {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/refs")).join(name);
    parse_file(&path, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// "article of law" for every external reference.
fn external(doc: &Document) -> BTreeSet<String> {
    doc.references
        .iter()
        .filter_map(|r| match &r.target {
            RefTarget::External { law, article } => {
                Some(format!("{} {law}", article.as_deref().unwrap_or("-")))
            }
            _ => None,
        })
        .collect()
}

/// "raw -> article/lid" for every internal reference that names an article.
fn internal(doc: &Document) -> Vec<String> {
    doc.references
        .iter()
        .filter(|r| r.raw.to_lowercase().starts_with("artikel"))
        .filter_map(|r| match &r.target {
            RefTarget::Internal {
                node,
                article,
                member,
                ..
            } => {
                let kind = doc.node(*node).kind;
                Some(format!(
                    "{} -> {article}/{} ({kind:?})",
                    r.raw.replace('\n', " "),
                    member.as_deref().unwrap_or("-")
                ))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn citations_of_other_laws_raise_no_warning() {
    let doc = parse("citations.txt");
    let unresolved: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::UnresolvedReference)
        .map(|w| w.message.as_str())
        .collect();
    // The one reference to an article the regulation lacks is still reported.
    assert_eq!(
        unresolved,
        ["\"artikel 2:99\" refers to article 2:99, which is not in the document"]
    );
}

#[test]
fn external_citations_keep_the_law_name() {
    let doc = parse("citations.txt");
    let want: BTreeSet<String> = [
        "1 Wegenverkeerswet 1994",
        "1 Reglement verkeersregels en verkeerstekens 1990",
        "20a Wvw 1994",
        "4:14 Algemene wet bestuursrecht",
        "3 Wet Bibob",
        "172 Gemeentewet",
        "174 Gemeentewet",
        "174a Gemeentewet",
        "175 Gemeentewet",
        // "de wet" is defined in artikel 1:1 as the Alcoholwet.
        "3 Alcoholwet",
        "8 Drank- en Horecawet",
        "8 Alcoholwet",
        "1 Alcoholwet",
        "416 Wetboek van Strafrecht",
        "417bis Wetboek van Strafrecht",
        "437 Sr",
        "2 Wet wapens en munitie",
        "1 Wet op de economische delicten",
        "2 WED",
        "30b Wet op de kansspelen",
        "4 verordening Speelautomatenhallen Vlietbergen 2020",
        "13b Opiumwet",
        "5:37 Burgerlijk Wetboek",
        "6:162 BW",
        "37 Boek 5 BW",
        "125 Gemeentewet",
        "5:21 Awb",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(external(&doc), want);
}

#[test]
fn internal_references_next_to_external_ones_resolve() {
    let doc = parse("citations.txt");
    assert_eq!(
        internal(&doc),
        [
            "artikel 1:3 -> 1:3/- (Article)",
            "artikel 1:2, eerste lid -> 1:2/1 (Member)",
            "artikel 2: 4, tweede lid -> 2:4/2 (Member)",
            "artikel 2:1 van deze verordening -> 2:1/- (Article)",
            "artikel 2:2, tweede lid -> 2:2/2 (Member)",
        ]
    );
    // Every reference lies in article text, never in a heading.
    for r in &doc.references {
        assert!(
            doc.ancestor_of_kind(r.from, NodeKind::Article).is_some()
                || doc.node(r.from).kind == NodeKind::Article,
            "{} is outside an article",
            r.raw
        );
    }
}
