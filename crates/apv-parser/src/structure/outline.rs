//! An indented outline of a document for people (what `apv parse --format tree` prints).
//!
//! One line per hoofdstuk, afdeling, paragraaf and artikel (with its title, `[vervallen]`
//! and its line in the input), one per lid and onderdeel with the first words of its text,
//! sub-onderdelen listed by number. Preamble, table of contents, explanation, signature, annex,
//! body and closing text show as one line each with their size. Warnings follow at the end.

use std::fmt::Write;

use crate::model::{Document, NodeId, NodeKind};

/// How many characters of a lid's or onderdeel's text the outline shows.
const PREVIEW: usize = 48;

/// Renders the outline of a document.
pub fn outline(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.nodes.len() * 48);
    for &root in &doc.roots {
        node(doc, root, 0, &mut out);
    }
    if !doc.warnings.is_empty() {
        out.push_str("warnings:\n");
        for w in &doc.warnings {
            match w.line {
                Some(l) => {
                    let _ = writeln!(out, "  line {l}: {}", w.message);
                }
                None => {
                    let _ = writeln!(out, "  {}", w.message);
                }
            }
        }
    }
    out
}

/// The text of a lid or onderdeel without its leading marker, white space collapsed.
pub fn part_text(doc: &Document, id: NodeId) -> String {
    let n = doc.node(id);
    let mut t = doc.node_text(id).trim_start();
    if let Some(raw) = n.raw_number.as_deref() {
        if let Some(rest) = t.strip_prefix(raw) {
            t = rest;
        } else if let Some(rest) = t.strip_prefix("sub ") {
            t = rest.strip_prefix(raw).unwrap_or(rest);
        }
    }
    let mut s = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

fn node(doc: &Document, id: NodeId, depth: usize, out: &mut String) {
    let n = doc.node(id);
    for _ in 0..depth {
        out.push_str("  ");
    }
    let heading = |label: &str, out: &mut String| {
        let _ = write!(out, "{label} {}", n.number.as_deref().unwrap_or("?"));
        if let Some(t) = &n.title {
            out.push(' ');
            out.push_str(t);
        }
        if n.repealed {
            out.push_str(" [vervallen]");
        }
    };
    match n.kind {
        NodeKind::Preamble
        | NodeKind::Toc
        | NodeKind::Closing
        | NodeKind::Explanation
        | NodeKind::Signature
        | NodeKind::Annex
        | NodeKind::Body => {
            let label = match n.kind {
                NodeKind::Preamble => "preamble",
                NodeKind::Toc => "table of contents",
                NodeKind::Explanation => "explanation",
                NodeKind::Signature => "signature",
                NodeKind::Annex => "annex",
                NodeKind::Body => "body",
                _ => "closing",
            };
            let lines = doc.node_text(id).lines().count();
            let _ = writeln!(out, "({label}: line {}, {lines} lines)", n.line);
        }
        NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph => {
            let label = match n.kind {
                NodeKind::Chapter => "Hoofdstuk",
                NodeKind::Section => "Afdeling",
                _ => "Paragraaf",
            };
            heading(label, out);
            out.push('\n');
            for &c in &n.children {
                node(doc, c, depth + 1, out);
            }
        }
        NodeKind::Article => {
            heading("Artikel", out);
            let _ = writeln!(out, "  (line {})", n.line);
            for &c in &n.children {
                node(doc, c, depth + 1, out);
            }
        }
        NodeKind::Member | NodeKind::Item | NodeKind::SubItem => {
            let label = match n.kind {
                NodeKind::Member => "lid",
                NodeKind::Item => "onderdeel",
                _ => "sub",
            };
            let words = part_text(doc, id);
            let mut preview: String = words.chars().take(PREVIEW).collect();
            if words.chars().count() > PREVIEW {
                preview.push('…');
            }
            let _ = writeln!(
                out,
                "{label} {}: {preview}",
                n.number.as_deref().unwrap_or("?")
            );
            for &c in &n.children {
                node(doc, c, depth + 1, out);
            }
        }
    }
}
