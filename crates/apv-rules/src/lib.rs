//! # apv-rules
//!
//! Decides, with evidence, whether a municipality's documents meet each requirement of a norm
//! (the Flevolandse norm by default). Requirements are data files in `rules/`; this crate loads
//! them, matches them on the content of the parsed articles (never on article numbers), and
//! returns a [`Verdict`] per requirement.
//!
//! ```no_run
//! use apv_rules::{RuleSet, scan_files};
//! let rules = RuleSet::embedded();
//! let report = scan_files(
//!     &rules,
//!     Some("Lindewaard"),
//!     &["apv.md".into(), "bibob.md".into()],
//!     &apv_parser::ParseOptions::default(),
//! );
//! for v in &report.requirements {
//!     let _ = (&v.id, v.status, &v.articles, &v.explanation);
//! }
//! ```
//!
//! The library never prints: it returns values.

#![deny(missing_docs)]

mod clause;
mod concept;
mod context;
mod engine;
pub mod examples;
mod expr;
mod fold;
pub mod forms;
mod intake;
mod kind;
mod pattern;
mod rules;
mod scanner;
mod table;
mod title;
pub mod verdict;

use apv_parser::Document;

pub use examples::{ExampleOutcome, Kinds, run_example_set, run_examples};
pub use rules::{Element, Example, Guidance, ModelRef, Requirement, RuleError, RuleSet};
pub use verdict::*;

use context::DocCtx;

/// Scans parsed documents of one municipality.
pub fn scan(
    rules: &RuleSet,
    municipality: Option<&str>,
    docs: &[(String, Document)],
) -> ScanReport {
    let ctxs: Vec<DocCtx<'_>> = docs
        .iter()
        .map(|(name, doc)| DocCtx::new(rules, name, doc, None))
        .collect();
    engine::scan_ctxs(rules, municipality, &ctxs, Vec::new())
}

/// Scans documents whose kind is known beforehand (rule examples).
pub(crate) fn scan_with_kinds(
    rules: &RuleSet,
    docs: &[(String, Document, DocumentKind)],
) -> ScanReport {
    let ctxs: Vec<DocCtx<'_>> = docs
        .iter()
        .map(|(name, doc, kind)| DocCtx::new(rules, name, doc, Some(*kind)))
        .collect();
    engine::scan_ctxs(rules, None, &ctxs, Vec::new())
}

/// A document for text in which the parser found no articles (a policy written in
/// paragraphs): [`apv_parser::parse_text_any`], whose body is operative text and whose
/// toelichting, ondertekening and bijlagen are parts of their own; text that is empty after
/// normalisation gives one empty body.
pub fn plain_document(text: &str, name: &str) -> Document {
    use apv_parser::{InputForm, Metadata, Node, NodeKind, Span};
    if let Ok(doc) = apv_parser::parse_text_any(text, name) {
        return doc;
    }
    Document {
        form: InputForm::Text,
        source_basis: Default::default(),
        metadata: Metadata::default(),
        text: text.to_string(),
        nodes: vec![Node {
            kind: NodeKind::Body,
            number: None,
            raw_number: None,
            title: None,
            repealed: false,
            span: Span::new(0, text.len()),
            heading: None,
            line: 1,
            parent: None,
            children: Vec::new(),
        }],
        roots: vec![apv_parser::NodeId(0)],
        references: Vec::new(),
        definitions: Vec::new(),
        warnings: Vec::new(),
        line_starts: vec![0],
        line_origin: vec![1],
        line_source: Vec::new(),
    }
}

/// Parses text, with or without articles ([`apv_parser::parse_text_any`]).
pub fn parse_or_plain(text: &str, name: &str) -> Result<Document, apv_parser::ParseError> {
    apv_parser::parse_text_any(text, name)
}

pub use intake::{scan_documents, scan_files};
