//! The HTML of every page. All text comes out of `maud`, which escapes it: a document title
//! holding `<script>` is shown as those characters. Pages load one stylesheet and one script
//! from the same origin and carry no inline script or style.
//!
//! Addresses:
//! - `/`: the upload form (and a link to the nulmeting when a folder was given);
//! - `/concept/<id>`: the verdicts on an uploaded draft, `/concept/<id>/document/<n>` its
//!   documents;
//! - `/nulmeting`: the matrix of the folder's municipalities; `/nulmeting/<gemeente>` and
//!   `/nulmeting/<gemeente>/document/<n>` as for a draft.

use std::collections::BTreeMap;

use apv_parser::{Document, NodeId, NodeKind, RefTarget};
use apv_report::diff::{Direction, RunDiff, VerdictChange};
use apv_report::harmonise::DiffKind;
use apv_report::render::html::{chart, slug};
use apv_report::render::notice::notice_nl;
use apv_report::render::{cell_text, kind_nl, legend, symbol};
use apv_report::{Report, RequirementRow};
use apv_rules::{Evidence, Status, Verdict};
use maud::{DOCTYPE, Markup, html};

use crate::analysis::{Analysis, warning_label};
use crate::state::{Draft, Nulmeting};

/// The file inputs' accepted file types.
const ACCEPT: &str = ".docx,.pdf,.xml,.html,.htm,.txt,.md,.markdown";

/// A whole page: head with the same-origin stylesheet and script, a header, the body.
pub fn layout(title: &str, has_nulmeting: bool, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · apv" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "apv" }
                    nav {
                        a href="/" { "Concept controleren" }
                        @if has_nulmeting { a href="/nulmeting" { "Nulmeting" } }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The upload form: a drop zone around a file picker. Without script the picker and the
/// button work alone.
fn upload_form(action: &str, button: &str) -> Markup {
    html! {
        form.upload method="post" action=(action) enctype="multipart/form-data" {
            label.dropzone {
                span.droptext { "Sleep de documenten hierheen, of kies ze" }
                input type="file" name="bestanden" multiple required accept=(ACCEPT);
                span.chosen {}
            }
            label.municipality {
                "Gemeente (leeg laten om haar uit de documenten te halen) "
                input type="text" name="gemeente" maxlength="100";
            }
            button type="submit" { (button) }
        }
    }
}

/// The start page.
pub fn home(nulmeting: Option<&Nulmeting>, max_file_size: u64) -> Markup {
    html! {
        h1 { "Concept-APV controleren" }
        p {
            "Lever de documenten van één gemeente aan: het concept van de APV en eventueel het "
            "Bibob-beleid, het Damoclesbeleid en andere verordeningen. Word (.docx), PDF, CVDR-XML, "
            "HTML, Markdown en tekst worden gelezen. De bestanden blijven op deze computer en worden "
            "alleen in het geheugen gelezen."
        }
        (upload_form("/concept", "Controleren"))
        p.meta { "Per bestand hooguit " (size_nl(max_file_size)) "." }
        @if let Some(n) = nulmeting {
            h2 { "Nulmeting" }
            p {
                a href="/nulmeting" { "Bekijk de nulmeting van " (n.report.municipalities.len()) " gemeenten" }
                " (matrix, grafiek en bewijs per cel)."
            }
        }
    }
}

/// A page that says why an upload could not be checked; the form is there to try again.
pub fn upload_error(errors: &[String]) -> Markup {
    html! {
        h1 { "Deze bestanden konden niet worden gecontroleerd" }
        ul.errors #fouten { @for e in errors { li { (e) } } }
        p { "Probeer het opnieuw met een ander bestand." }
        (upload_form("/concept", "Controleren"))
    }
}

/// A short page for an address that does not exist (any more).
pub fn not_found(what: &str) -> Markup {
    html! {
        h1 { "Niet gevonden" }
        p { (what) }
        p { a href="/" { "Terug naar het begin" } }
    }
}

/// "64 MB", "512 kB".
pub fn size_nl(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} kB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// The verdicts on a draft: what changed since the previous version, the documents, one card
/// per requirement, and a form for the next version.
pub fn draft(draft: &Draft) -> Markup {
    let base = format!("/concept/{}", draft.id);
    html! {
        (analysis_head(&draft.analysis, &base))
        @if let Some(changes) = &draft.changes {
            (changes_section(changes, draft.previous.as_deref()))
        }
        (verdicts(&draft.analysis, &base, draft.changes.as_ref()))
        section #nieuwe-versie {
            h2 { "Nieuwe versie van dit concept" }
            p { "Lever een nieuwere versie aan om per eis te zien wat er is veranderd." }
            (upload_form(&format!("{base}/versie"), "Vergelijken met deze versie"))
        }
    }
}

/// One municipality of the nulmeting, as a draft page without versions.
pub fn municipality(analysis: &Analysis, slug: &str) -> Markup {
    let base = format!("/nulmeting/{slug}");
    html! {
        p.meta { a href="/nulmeting" { "← nulmeting" } }
        (analysis_head(analysis, &base))
        (verdicts(analysis, &base, None))
    }
}

/// Title, counts, documents and unreadable files of an analysis.
fn analysis_head(a: &Analysis, base: &str) -> Markup {
    let counts = count_statuses(&a.scan.requirements);
    html! {
        h1 #titel { (a.name) }
        p.summary {
            @for (status, n) in &counts {
                span class={ "badge s-" (status.as_str()) } { (symbol(*status, false)) " " (n) " " (status.label_nl()) }
                " "
            }
        }
        section #documenten {
            h2 { "Documenten" }
            ul {
                @for (i, (name, doc)) in a.documents.iter().enumerate() {
                    @let scanned = a.scan.documents.iter().find(|d| &d.path == name);
                    li {
                        a href={ (base) "/document/" (i) } { (name) }
                        @if let Some(t) = doc.metadata.title.as_deref().or(scanned.and_then(|d| d.title.as_deref())) {
                            " — " span.doctitle { (t) }
                        }
                        @if let Some(d) = scanned {
                            " (" (kind_nl(d.kind)) ", " (d.articles) " artikelen)"
                        }
                    }
                }
            }
            @if !a.scan.notices.is_empty() {
                ul.errors #fouten { @for n in &a.scan.notices { li { (notice_nl(n)) } } }
            }
        }
    }
}

fn count_statuses(verdicts: &[Verdict]) -> Vec<(Status, usize)> {
    Status::ALL
        .iter()
        .map(|&s| (s, verdicts.iter().filter(|v| v.status == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// What changed since the previous version, worst first.
fn changes_section(changes: &RunDiff, previous: Option<&str>) -> Markup {
    let mut list: Vec<&VerdictChange> = changes.verdicts.iter().collect();
    list.sort_by_key(|c| match c.direction {
        Direction::Worse => 0,
        Direction::Neutral => 1,
        Direction::Better => 2,
    });
    html! {
        section #wijzigingen {
            h2 { "Wat is er veranderd sinds de vorige versie" }
            p {
                (changes.count(Direction::Worse)) " slechter, " (changes.count(Direction::Better)) " beter, "
                (changes.count(Direction::Neutral)) " anders gewijzigd, " (changes.unchanged) " ongewijzigd."
                @if let Some(p) = previous { " " a href={ "/concept/" (p) } { "Vorige versie bekijken" } }
            }
            @if !list.is_empty() {
                ul.changes {
                    @for c in list {
                        li class={ "change " (direction_class(c.direction)) } data-requirement=(c.requirement) {
                            strong { (c.direction.label_nl()) } ": "
                            a href={ "#eis-" (slug(&c.requirement)) } { (c.requirement) " " (c.title) }
                            " — " (status_nl(c.old_status)) " → " (status_nl(c.new_status))
                            @if c.old_articles != c.new_articles {
                                "; artikelen " (list_nl(&c.old_articles)) " → " (list_nl(&c.new_articles))
                            }
                            @if !c.missing_added.is_empty() { "; ontbreekt nu: " (c.missing_added.join(", ")) }
                            @if !c.missing_removed.is_empty() { "; nu gevonden: " (c.missing_removed.join(", ")) }
                        }
                    }
                }
            }
        }
    }
}

fn direction_class(d: Direction) -> &'static str {
    match d {
        Direction::Better => "better",
        Direction::Worse => "worse",
        Direction::Neutral => "neutral",
    }
}

fn status_nl(s: Option<Status>) -> &'static str {
    s.map(Status::label_nl).unwrap_or("geen oordeel")
}

fn list_nl(items: &[String]) -> String {
    if items.is_empty() {
        "–".to_string()
    } else {
        items.join(", ")
    }
}

/// One card per requirement.
fn verdicts(a: &Analysis, base: &str, changes: Option<&RunDiff>) -> Markup {
    html! {
        section #eisen {
            h2 { "Oordeel per eis" }
            p.meta { "Legenda: " (legend(false)) }
            @for v in &a.scan.requirements {
                @let row = a.report.requirements.iter().find(|r| r.id == v.id);
                @let change = changes.and_then(|c| c.verdicts.iter().find(|c| c.requirement == v.id));
                (verdict_card(a, base, v, row, change))
            }
        }
    }
}

fn verdict_card(
    a: &Analysis,
    base: &str,
    v: &Verdict,
    row: Option<&RequirementRow>,
    change: Option<&VerdictChange>,
) -> Markup {
    let places = evidence_places(a, v);
    let model = row.and_then(|r| r.model.as_ref());
    let diff = row.and_then(|r| {
        r.harmonisation
            .articles
            .iter()
            .find(|c| c.municipality == a.name)
            .and_then(|c| c.diff.as_ref())
    });
    html! {
        section.verdict id={ "eis-" (slug(&v.id)) } data-status=(v.status.as_str()) data-requirement=(v.id) {
            h3 {
                span class={ "badge s-" (v.status.as_str()) } { (symbol(v.status, false)) " " (v.status.label_nl()) }
                " " (v.id) " " (v.title)
            }
            @if let Some(c) = change {
                p class={ "change " (direction_class(c.direction)) } {
                    "Sinds de vorige versie " (c.direction.label_nl()) ": "
                    (status_nl(c.old_status)) " → " (status_nl(c.new_status))
                }
            }
            @if !v.articles.is_empty() {
                p { "Artikelen: "
                    @for (i, art) in v.articles.iter().enumerate() {
                        @if i > 0 { ", " }
                        @match places.iter().find(|p| p.article.as_deref() == Some(art.as_str())) {
                            Some(p) => { a href={ (base) "/document/" (p.doc) "#n-" (p.node.0) } { (art) } }
                            None => { (art) }
                        }
                    }
                }
            }
            p.explanation { (v.explanation) }
            @if !v.missing.is_empty() { p { strong { "Ontbreekt: " } (v.missing.join(", ")) } }
            @if !v.qualifiers.is_empty() { p { "Toepassing: " (v.qualifiers.join(", ")) } }
            @if !places.is_empty() || model.is_some() {
                div.compare {
                    div.found {
                        h4 { "In het document" }
                        @if places.is_empty() { p.meta { "Geen tekst gevonden." } }
                        @for p in &places {
                            @let (name, doc) = &a.documents[p.doc];
                            @let node = doc.node(p.node);
                            div.place {
                                p.where {
                                    a href={ (base) "/document/" (p.doc) "#n-" (p.node.0) } { (name) ", regel " (node.line) }
                                }
                                div.text { (marked(doc, node.span.start, node.span.end, &p.marks)) }
                            }
                        }
                    }
                    @if let Some(m) = model {
                        div.model {
                            h4 { "Model-APV artikel " (m.article) }
                            div.text { (m.text) }
                        }
                    }
                }
            }
            @if let Some(d) = diff {
                details.worddiff {
                    summary { "Woordverschil met de Model-APV (" del { "weg" } ", " ins { "erbij" } ")" }
                    div.diff {
                        @for (i, seg) in d.segments.iter().enumerate() {
                            @if i > 0 { " " }
                            @match seg.kind {
                                DiffKind::Equal => { (seg.text) }
                                DiffKind::Added => { ins { (seg.text) } }
                                DiffKind::Removed => { del { (seg.text) } }
                            }
                        }
                    }
                    @if d.truncated { p.meta { "Alleen het begin van een lang artikel is vergeleken." } }
                }
            }
        }
    }
}

/// A place in a document a verdict rests on: the node (article, or the paragraph of a policy)
/// and the evidence spans in it.
struct Place {
    doc: usize,
    node: NodeId,
    article: Option<String>,
    marks: Vec<(usize, usize)>,
}

/// The places of a verdict's evidence, in evidence order, plus the articles it relies on
/// without quoting them.
fn evidence_places(a: &Analysis, v: &Verdict) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    for e in &v.evidence {
        let Some(doc_index) = a.documents.iter().position(|(n, _)| *n == e.document) else {
            continue;
        };
        let doc = &a.documents[doc_index].1;
        let Some(node) = evidence_node(doc, e) else {
            continue;
        };
        // The matched words when the rules name them, else the whole quote.
        let spans: Vec<(usize, usize)> = if e.matched.is_empty() {
            vec![(e.start, e.end)]
        } else {
            e.matched.iter().map(|m| (m.start, m.end)).collect()
        };
        match places
            .iter_mut()
            .find(|p| p.doc == doc_index && p.node == node)
        {
            Some(p) => p.marks.extend(spans),
            None => places.push(Place {
                doc: doc_index,
                node,
                article: doc.node(node).number.clone(),
                marks: spans,
            }),
        }
    }
    for t in &v.texts {
        let Some(doc_index) = a.documents.iter().position(|(n, _)| *n == t.document) else {
            continue;
        };
        let doc = &a.documents[doc_index].1;
        let Some(node) = doc.find_article(&t.article) else {
            continue;
        };
        if !places.iter().any(|p| p.doc == doc_index && p.node == node) {
            places.push(Place {
                doc: doc_index,
                node,
                article: Some(t.article.clone()),
                marks: Vec::new(),
            });
        }
    }
    places
}

/// The node that holds a piece of evidence: its article, or the smallest unit around it.
fn evidence_node(doc: &Document, e: &Evidence) -> Option<NodeId> {
    if let Some(number) = &e.article {
        let found = doc.articles().find(|&id| {
            let n = doc.node(id);
            n.number.as_deref() == Some(number.as_str())
                && n.span.start <= e.start
                && e.start < n.span.end.max(n.span.start + 1)
        });
        if let Some(id) = found.or_else(|| doc.find_article(number)) {
            return Some(id);
        }
    }
    doc.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            !matches!(
                n.kind,
                NodeKind::Member | NodeKind::Item | NodeKind::SubItem
            ) && n.span.start <= e.start
                && e.end <= n.span.end
        })
        .min_by_key(|(_, n)| n.span.len())
        .map(|(i, _)| NodeId(i as u32))
}

/// The text `doc.text[start..end]` with the byte ranges in `marks` as `<mark>` (clipped to the
/// range, overlaps merged).
fn marked(doc: &Document, start: usize, end: usize, marks: &[(usize, usize)]) -> Markup {
    let text = &doc.text;
    let end = end.min(text.len());
    let start = start.min(end);
    let mut ranges: Vec<(usize, usize)> = marks
        .iter()
        .map(|&(a, b)| (a.max(start), b.min(end)))
        .filter(|&(a, b)| a < b && text.is_char_boundary(a) && text.is_char_boundary(b))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = start;
    for (a, b) in merged {
        if at < a {
            pieces.push((&text[at..a], false));
        }
        pieces.push((&text[a..b], true));
        at = b;
    }
    if at < end {
        pieces.push((&text[at..end], false));
    }
    html! {
        @for (piece, hit) in pieces {
            @if hit { mark { (piece) } } @else { (piece) }
        }
    }
}

/// The document view: the tree (hoofdstuk, afdeling, paragraaf, artikel) beside the text, the
/// articles the norm relies on marked with their requirements, the evidence highlighted, and
/// the warnings with links to their place.
pub fn document(a: &Analysis, index: usize, back: &str) -> Option<Markup> {
    let (name, doc) = a.documents.get(index)?;
    // Requirement ids per node, and every evidence span of this document.
    let mut relied: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for v in &a.scan.requirements {
        for p in evidence_places(a, v).into_iter().filter(|p| p.doc == index) {
            let ids = relied.entry(p.node.0).or_default();
            if !ids.contains(&v.id) {
                ids.push(v.id.clone());
            }
            marks.extend(p.marks);
        }
    }
    let ctx = DocCtx {
        doc,
        relied: &relied,
        marks: &marks,
        back,
    };
    let warnings = document_warnings(doc);
    Some(html! {
        p.meta { a href=(back) { "← oordeel per eis" } }
        h1 #titel { (name) }
        @if let Some(t) = &doc.metadata.title { p.doctitle { (t) } }
        p.meta { (doc.articles().count()) " artikelen. Gemarkeerde artikelen gebruikt de norm; de gevonden woorden zijn geel." }
        @if !warnings.is_empty() {
            section #waarschuwingen {
                h2 { "Waarschuwingen" }
                ul.warnings {
                    @for (node, label, detail) in &warnings {
                        li {
                            @match node {
                                Some(id) => { a href={ "#n-" (id.0) } { (label) } }
                                None => { (label) }
                            }
                            @if !detail.is_empty() { ": " (detail) }
                        }
                    }
                }
            }
        }
        div.docview {
            nav.tree aria-label="Inhoud" {
                ul { @for &root in &doc.roots { (tree_item(&ctx, root)) } }
            }
            article.doctext {
                @for &root in &doc.roots { (node_view(&ctx, root)) }
            }
        }
    })
}

struct DocCtx<'a> {
    doc: &'a Document,
    relied: &'a BTreeMap<u32, Vec<String>>,
    marks: &'a [(usize, usize)],
    back: &'a str,
}

fn is_container(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph
    )
}

fn node_label(doc: &Document, id: NodeId) -> String {
    let n = doc.node(id);
    let word = match n.kind {
        NodeKind::Chapter => "Hoofdstuk",
        NodeKind::Section => "Afdeling",
        NodeKind::Paragraph => "Paragraaf",
        NodeKind::Article => "Artikel",
        NodeKind::Preamble => "Aanhef",
        NodeKind::Toc => "Inhoudsopgave",
        NodeKind::Closing => "Slot",
        NodeKind::Explanation => "Toelichting",
        NodeKind::Signature => "Ondertekening",
        NodeKind::Annex => "Bijlage",
        NodeKind::Body => "Tekst",
        _ => "Onderdeel",
    };
    let mut label = word.to_string();
    if let Some(num) = n.raw_number.as_ref().or(n.number.as_ref()) {
        label.push(' ');
        label.push_str(num);
    }
    if let Some(t) = &n.title {
        label.push(' ');
        label.push_str(t);
    }
    label
}

fn tree_item(ctx: &DocCtx<'_>, id: NodeId) -> Markup {
    let n = ctx.doc.node(id);
    let relied = ctx.relied.get(&id.0);
    html! {
        @if is_container(n.kind) || n.kind == NodeKind::Article {
            li class={ "k-" (kind_class(n.kind)) @if relied.is_some() { " relied" } @if n.repealed { " repealed" } } {
                a href={ "#n-" (id.0) } { (node_label(ctx.doc, id)) }
                @if let Some(ids) = relied { " " span.reqs { (ids.join(", ")) } }
                @if is_container(n.kind) {
                    ul { @for &c in &n.children { (tree_item(ctx, c)) } }
                }
            }
        }
    }
}

fn kind_class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Chapter => "chapter",
        NodeKind::Section => "section",
        NodeKind::Paragraph => "paragraph",
        NodeKind::Article => "article",
        _ => "other",
    }
}

fn node_view(ctx: &DocCtx<'_>, id: NodeId) -> Markup {
    let doc = ctx.doc;
    let n = doc.node(id);
    let relied = ctx.relied.get(&id.0);
    if is_container(n.kind) {
        let heading_end = n.heading.map(|h| h.end).unwrap_or(n.span.start);
        let first_child = n
            .children
            .first()
            .map(|&c| doc.node(c).span.start)
            .unwrap_or(n.span.end);
        html! {
            div class={ "unit k-" (kind_class(n.kind)) } id={ "n-" (id.0) } {
                @match n.heading {
                    Some(h) => { h2.unithead { (doc.slice(h)) } }
                    None => { h2.unithead { (node_label(doc, id)) } }
                }
                @if heading_end < first_child {
                    div.text { (marked(doc, heading_end, first_child, ctx.marks)) }
                }
                @for &c in &n.children { (node_view(ctx, c)) }
            }
        }
    } else {
        let heading_end = n
            .heading
            .map(|h| h.end.min(n.span.end))
            .unwrap_or(n.span.start);
        html! {
            section id={ "n-" (id.0) } class={ "node k-" (kind_class(n.kind)) @if relied.is_some() { " relied" } @if n.repealed { " repealed" } } {
                @if let Some(h) = n.heading { h3.nodehead { (doc.slice(h)) } }
                @if let Some(ids) = relied {
                    p.reqs {
                        "Gebruikt voor eis "
                        @for (i, r) in ids.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ (ctx.back) "#eis-" (slug(r)) } { (r) }
                        }
                    }
                }
                @if n.repealed { p.repealed-note { "Dit artikel is vervallen." } }
                div.text { (marked(doc, heading_end, n.span.end, ctx.marks)) }
            }
        }
    }
}

/// Warnings of a document as (node to link to, Dutch label, detail): parser warnings placed
/// at the unit around their line, unresolved references at their article, repealed articles.
fn document_warnings(doc: &Document) -> Vec<(Option<NodeId>, String, String)> {
    let mut out = Vec::new();
    for w in &doc.warnings {
        if w.kind == apv_parser::WarningKind::UnresolvedReference {
            continue;
        }
        let node = w.line.and_then(|line| node_at_line(doc, line));
        let label = match w.line {
            Some(line) => format!("{} (regel {line})", warning_label(w.kind)),
            None => warning_label(w.kind).to_string(),
        };
        out.push((node, label, String::new()));
    }
    for r in &doc.references {
        if let RefTarget::Unresolved { article } = &r.target {
            let at = unit_of(doc, r.from);
            out.push((
                Some(at),
                format!(
                    "{} (regel {})",
                    warning_label(apv_parser::WarningKind::UnresolvedReference),
                    doc.line_of(r.span.start)
                ),
                format!("“{}” noemt artikel {article}", r.raw),
            ));
        }
    }
    for id in doc.articles() {
        let n = doc.node(id);
        if n.repealed {
            out.push((
                Some(id),
                format!("Vervallen artikel (regel {})", n.line),
                node_label(doc, id),
            ));
        }
    }
    out
}

/// The article (or other unit with its own section in the view) a node belongs to.
fn unit_of(doc: &Document, id: NodeId) -> NodeId {
    let n = doc.node(id);
    if matches!(
        n.kind,
        NodeKind::Member | NodeKind::Item | NodeKind::SubItem
    ) {
        doc.ancestors(id)
            .find(|&a| {
                !matches!(
                    doc.node(a).kind,
                    NodeKind::Member | NodeKind::Item | NodeKind::SubItem
                )
            })
            .unwrap_or(id)
    } else {
        id
    }
}

/// The last article or other unit that starts on or before `line`.
fn node_at_line(doc: &Document, line: u32) -> Option<NodeId> {
    doc.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            !matches!(
                n.kind,
                NodeKind::Member | NodeKind::Item | NodeKind::SubItem
            ) && n.line <= line
        })
        .max_by_key(|(i, n)| (n.line, *i))
        .map(|(i, _)| NodeId(i as u32))
}

/// The nulmeting: downloads, filters, the sortable matrix (every cell a link to its
/// evidence), the chart and the waterbed warnings.
pub fn nulmeting(n: &Nulmeting) -> Markup {
    let r: &Report = &n.report;
    html! {
        h1 { "Nulmeting Flevolandse norm" }
        p.meta {
            (r.municipalities.len()) " gemeenten, regelset " (r.rule_set.id) " versie " (r.rule_set.version)
            ". Vergeleken met de Model-APV."
        }
        p.downloads {
            "Downloaden: "
            a href="/nulmeting/download/nulmeting.html" download { "HTML-rapport" } " · "
            a href="/nulmeting/download/nulmeting.csv" download { "CSV" } " · "
            a href="/nulmeting/download/nulmeting.md" download { "Markdown" } " · "
            a href="/nulmeting/download/nulmeting.json" download { "JSON" }
        }
        form.filters #filters {
            label { "Status "
                select #f-status {
                    option value="" { "alle" }
                    @for s in Status::ALL { option value=(s.as_str()) { (s.label_nl()) } }
                }
            }
            label { "Eis "
                select #f-eis {
                    option value="" { "alle" }
                    @for row in &r.requirements { option value=(row.id) { (row.id) " " (row.title) } }
                }
            }
            label { "Gemeente "
                select #f-gemeente {
                    option value="" { "alle" }
                    @for m in &r.municipalities { option value=(m.name) { (m.name) } }
                }
            }
        }
        div.scroll {
            table.matrix #matrix {
                thead {
                    tr {
                        th scope="col" { button.sort type="button" data-sort="eis" { "Eis" } }
                        @for (i, m) in r.municipalities.iter().enumerate() {
                            th scope="col" data-municipality=(m.name) {
                                button.sort type="button" data-sort={ "m" (i) } { (m.name) }
                            }
                        }
                        th scope="col" { button.sort type="button" data-sort="met" { "Voldoet" } }
                    }
                }
                tbody {
                    @for (index, row) in r.requirements.iter().enumerate() {
                        tr data-requirement=(row.id) data-order=(index) data-met=(row.met) {
                            th scope="row" { (row.id) " " span.reqtitle { (row.title) } }
                            @for m in &r.municipalities {
                                @let cell = &m.verdicts[index];
                                td class={ "s-" (cell.status.as_str()) } data-status=(cell.status.as_str())
                                    data-rank=(rank(cell.status)) data-municipality=(m.name) title=(cell.status.label_nl()) {
                                    a href=(cell_link(n, &m.name, &cell.id, &cell.evidence)) {
                                        (cell_text(cell.status, &cell.articles, false))
                                    }
                                }
                            }
                            td.num { (row.met) " van " (r.municipalities.len()) }
                        }
                    }
                }
                tfoot {
                    tr {
                        th scope="row" { "Aandeel voldoet" }
                        @for m in &r.municipalities {
                            td.num data-municipality=(m.name) {
                                (m.met) " van " (m.assessed)
                                @if let Some(s) = m.share_met { " (" (apv_report::model::percent(s)) ")" }
                            }
                        }
                        td {}
                    }
                }
            }
        }
        p.meta #geen-resultaat hidden { "Geen cellen voor dit filter." }
        p.meta { "Legenda: " (legend(false)) ". Klik op een kop om te sorteren, op een cel voor het bewijs." }
        (chart(r))
        section #waterbed {
            h2 { "Waterbedeffect" }
            @if r.waterbed.is_empty() {
                p { "Geen gemeente mist een barrière die de meeste andere gemeenten wel hebben." }
            } @else {
                ul.warnings { @for w in &r.waterbed { li { (w.message) } } }
            }
        }
    }
}

/// Sort rank of a status in the matrix: met first.
fn rank(status: Status) -> usize {
    Status::ALL.iter().position(|&s| s == status).unwrap_or(0)
}

/// Where a matrix cell leads: the first piece of evidence in the document view, or the verdict
/// card when the verdict quotes nothing.
fn cell_link(
    n: &Nulmeting,
    municipality: &str,
    requirement: &str,
    evidence: &[Evidence],
) -> String {
    let Some(slug_m) = n.slug_of(municipality) else {
        return "/nulmeting".to_string();
    };
    let Some(a) = n.municipality(slug_m) else {
        return "/nulmeting".to_string();
    };
    for e in evidence {
        if let Some(doc_index) = a.documents.iter().position(|(name, _)| *name == e.document)
            && let Some(node) = evidence_node(&a.documents[doc_index].1, e)
        {
            return format!("/nulmeting/{slug_m}/document/{doc_index}#n-{}", node.0);
        }
    }
    format!("/nulmeting/{slug_m}#eis-{}", slug(requirement))
}
