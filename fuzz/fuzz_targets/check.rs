//! Invariants every parsed document must hold, checked after each fuzz input.
//! A violation panics, which the fuzzer reports as a crash with the input that caused it.

use apv_parser::{Document, RefTarget};

pub fn document(doc: &Document) {
    let len = doc.text.len();
    let in_bounds = |s: apv_parser::Span| {
        s.start <= s.end
            && s.end <= len
            && doc.text.is_char_boundary(s.start)
            && doc.text.is_char_boundary(s.end)
    };
    for (i, node) in doc.nodes.iter().enumerate() {
        assert!(
            in_bounds(node.span),
            "node {i} span {:?} out of bounds",
            node.span
        );
        if let Some(h) = node.heading {
            assert!(
                in_bounds(h) && node.span.contains(h),
                "node {i} heading {h:?} outside {:?}",
                node.span
            );
        }
        let mut prev_end = node.span.start;
        for &c in &node.children {
            let child = doc.node(c);
            assert_eq!(
                child.parent.map(|p| p.index()),
                Some(i),
                "child {c:?} of node {i} has another parent"
            );
            assert!(
                node.span.contains(child.span),
                "child {c:?} {:?} outside node {i} {:?}",
                child.span,
                node.span
            );
            assert!(
                child.span.start >= prev_end,
                "children of node {i} overlap or are out of order"
            );
            prev_end = child.span.end;
        }
    }
    for r in &doc.references {
        assert!(
            in_bounds(r.span),
            "reference span {:?} out of bounds",
            r.span
        );
        assert!(
            doc.node(r.from).span.contains(r.span),
            "reference {:?} outside its node",
            r.raw
        );
        assert_eq!(doc.slice(r.span), r.raw);
        if let RefTarget::Internal { node, .. } = &r.target {
            assert!(node.index() < doc.nodes.len());
        }
    }
    for d in &doc.definitions {
        assert!(
            in_bounds(d.span),
            "definition span {:?} out of bounds",
            d.span
        );
        assert!(
            doc.node(d.article).span.contains(d.span),
            "definition {:?} outside its article",
            d.term
        );
    }
}

/// Runs one form's reader on arbitrary bytes (whatever they look like): it never panics, keeps
/// its promises (one origin per rendered line, no empty line: asserted inside the parser in
/// debug builds, which fuzzing uses), and what it reads builds into a document that holds the
/// invariants.
#[allow(dead_code, reason = "each fuzz target compiles this module; only reader targets call it")]
pub fn reader(form: apv_parser::InputForm, data: &[u8], name: &str) {
    let opts = apv_parser::ParseOptions::default();
    if let Ok(doc) = apv_parser::parse_bytes_as(form, data, name, &opts) {
        document(&doc);
    }
}
