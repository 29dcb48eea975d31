//! An indented outline of a document for people (what `apv parse --format tree` prints).
//!
//! One line per hoofdstuk, afdeling, paragraaf and artikel (with its title, `[vervallen]`
//! and its line in the input), one per lid and onderdeel with the first words of its text,
//! sub-onderdelen listed by number. Preamble, table of contents, explanation, signature, annex,
//! body and closing text show as one line each with their size. Warnings follow at the end.

use std::fmt::Write;

use crate::model::{Document, NodeId, NodeKind, RefTarget, Warning, WarningKind};

/// How many characters of a lid's or onderdeel's text the outline shows.
const PREVIEW: usize = 48;

/// Renders the outline of a document.
pub fn outline(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.nodes.len() * 48);
    for &root in &doc.roots {
        node(doc, root, 0, &mut out);
    }
    if !doc.warnings.is_empty() {
        out.push_str("waarschuwingen:\n");
        for w in &doc.warnings {
            match w.line {
                Some(l) => {
                    let _ = writeln!(out, "  regel {l}: {}", warning_nl(doc, w));
                }
                None => {
                    let _ = writeln!(out, "  {}", warning_nl(doc, w));
                }
            }
        }
    }
    out
}

/// A warning in Dutch, from its kind and the article it is about (the outline is read by
/// people; the English message stays in the JSON for tools).
fn warning_nl(doc: &Document, w: &Warning) -> String {
    let article_at = |line: u32| {
        doc.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Article && n.line <= line)
            .max_by_key(|n| n.line)
            .and_then(|n| n.number.clone())
    };
    let article = match (w.kind, w.line) {
        (WarningKind::UnresolvedReference, Some(line)) => {
            doc.references.iter().find_map(|r| match &r.target {
                RefTarget::Unresolved { article } if doc.line_of(r.span.start) == line => {
                    Some(article.clone())
                }
                _ => None,
            })
        }
        (_, Some(line)) => article_at(line),
        (_, None) => None,
    };
    let art = |fallback: &str| match &article {
        Some(a) => format!("artikel {a}"),
        None => fallback.to_string(),
    };
    match w.kind {
        WarningKind::DuplicateArticle => {
            format!("{} komt twee keer voor", art("een artikelnummer"))
        }
        WarningKind::OutOfSequence => format!("{} staat niet op volgorde", art("een artikel")),
        WarningKind::MemberGap => {
            format!("de leden van {} slaan een nummer over", art("een artikel"))
        }
        WarningKind::EmptyHeading => "een kop zonder tekst eronder".to_string(),
        WarningKind::Encoding => "geen UTF-8: gelezen als Windows-1252".to_string(),
        WarningKind::TrackedChanges => {
            "niet-geaccepteerde wijzigingen, gelezen alsof ze zijn geaccepteerd".to_string()
        }
        WarningKind::HistoricalVersion => {
            "volgens de bron een historische versie, niet de geldende regeling".to_string()
        }
        WarningKind::UnresolvedReference => {
            format!(
                "verwijst naar {}, dat niet in het document staat",
                art("een artikel")
            )
        }
        _ => "niet alle inhoud kon worden gelezen".to_string(),
    }
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
                NodeKind::Preamble => "aanhef",
                NodeKind::Toc => "inhoudsopgave",
                NodeKind::Explanation => "toelichting",
                NodeKind::Signature => "ondertekening",
                NodeKind::Annex => "bijlage",
                NodeKind::Body => "tekst",
                _ => "slot",
            };
            let lines = doc.node_text(id).lines().count();
            let unit = if lines == 1 { "regel" } else { "regels" };
            let _ = writeln!(out, "({label}: regel {}, {lines} {unit})", n.line);
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
            let _ = writeln!(out, "  (regel {})", n.line);
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
