//! One self-contained HTML page: inline CSS, no scripts, no external assets, readable without
//! JavaScript and printable.
//!
//! The page holds the matrix (each cell links to its evidence section, `#m-<municipality>-<req>`),
//! the waterbed warnings, the unreadable files, the harmonisation scores, per requirement the
//! norm text and the word diffs against the base, and per municipality the evidence: quoted
//! words, document and line.
//!
//! All text comes out of `maud`, which escapes it: a bylaw containing `<script>` shows the
//! words and runs nothing. A Content-Security-Policy that allows no scripts, images or
//! connections backs this up.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::notice::{note_nl, notice_nl};
use super::{cell_text, kind_nl, legend, municipalities_nl, short_hash, symbol};
use crate::harmonise::{DiffKind, Harmonisation};
use apv_rules::Verdict;

use crate::model::{Municipality, Report, RequirementRow, percent};

const CSS: &str = r#"
:root { --met:#1a7f37; --partial:#9a6700; --absent:#cf222e; --repealed:#8250df; --outside:#0969da; --ref:#1b7c83; --na:#6e7781; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-top: 1.8rem; }
nav a { margin-right: 1rem; }
.meta { color: #57606a; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
.scroll { overflow-x: auto; max-width: 100%; }
.matrix td { white-space: nowrap; }
.chart svg { width: 100%; max-width: 48rem; height: auto; }
.matrix td a { text-decoration: none; color: inherit; display: block; }
.matrix td a:hover { text-decoration: underline; }
.num { text-align: right; }
.s-met { background: #dafbe1; color: var(--met); }
.s-partial { background: #fff8c5; color: var(--partial); }
.s-absent { background: #ffebe9; color: var(--absent); }
.s-repealed { background: #fbefff; color: var(--repealed); }
.s-outside_apv { background: #ddf4ff; color: var(--outside); }
.s-reference_only { background: #d8f3f6; color: var(--ref); }
.s-not_assessed { background: #f6f8fa; color: var(--na); }
.badge { padding: 0 .35rem; border-radius: .3rem; font-weight: 600; }
.warnings li { margin: .3rem 0; }
.errors li { color: var(--absent); }
blockquote { margin: .4rem 0; padding: .3rem .8rem; border-left: 4px solid #d0d7de; background: #f6f8fa; white-space: pre-wrap; }
.evidence { border: 1px solid #d0d7de; border-radius: .4rem; padding: .2rem 1rem .6rem; margin: .8rem 0; }
.evidence:target { outline: 3px solid #0969da; }
.where { color: #57606a; font-size: .9em; }
.decision { border-left: 4px solid #8250df; padding-left: .6rem; }
.diff { white-space: pre-wrap; background: #f6f8fa; padding: .5rem .8rem; border-radius: .3rem; }
.diff del { background: #ffebe9; color: #82071e; }
.diff ins { background: #dafbe1; color: #116329; text-decoration: none; }
details { margin: .4rem 0; }
summary { cursor: pointer; }
@media print { nav { display: none; } details { display: block; } .evidence { break-inside: avoid; } }
"#;

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let slugs = municipality_slugs(&report.municipalities);
    let page = html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Nulmeting Flevolandse norm" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Nulmeting Flevolandse norm" }
                    p.meta {
                        (municipalities_nl(report.municipalities.len())) ", regelset " (report.rule_set.id)
                        " versie " (report.rule_set.version) " (hash " code { (short_hash(&report.rule_set.hash)) } "), apv "
                        (report.apv_version) ". Vergelijkingsbasis: "
                        @if report.base == "model" { "Model-APV" } @else { (report.base) } "."
                    }
                    nav {
                        a href="#overzicht" { "Overzicht" }
                        a href="#waterbed" { "Waterbedeffect" }
                        a href="#harmonisatie" { "Harmonisatie" }
                        a href="#eisen" { "Eisen" }
                        a href="#gemeenten" { "Per gemeente" }
                    }
                }
                main {
                    (matrix(report, &slugs))
                    (chart(report))
                    (waterbed(report))
                    (errors(report))
                    (harmonisation_table(report))
                    section #eisen {
                        h2 { "Eisen, normtekst en verschillen" }
                        @for row in &report.requirements { (requirement(row, &report.base)) }
                    }
                    section #gemeenten {
                        h2 { "Per gemeente: oordeel en bewijs" }
                        @for m in &report.municipalities { (municipality(m, &report.requirements, &slugs)) }
                    }
                }
            }
        }
    };
    page.into_string()
}

fn matrix(report: &Report, slugs: &HashMap<&str, String>) -> Markup {
    html! {
        section #overzicht {
            h2 { "Overzicht" }
            div.scroll {
            table.matrix #matrix {
                thead {
                    tr {
                        th scope="col" { "Eis" }
                        @for m in &report.municipalities {
                            th scope="col" data-municipality=(m.name) { (m.name) }
                        }
                        th scope="col" { "Voldoet" }
                    }
                }
                tbody {
                    @for (index, row) in report.requirements.iter().enumerate() {
                        tr data-requirement=(row.id) {
                            th scope="row" {
                                a href={ "#" (requirement_anchor(&row.id)) } { (row.id) } " " (row.title)
                            }
                            @for m in &report.municipalities {
                                @let cell = &m.verdicts[index];
                                td class={ "s-" (cell.status.as_str()) } title=(cell.status.label_nl()) {
                                    a href={ "#" (evidence_anchor(&slugs[m.name.as_str()], &cell.id)) } {
                                        (cell_text(cell.status, &cell.articles, false))
                                    }
                                }
                            }
                            td.num { (row.met) " van " (report.municipalities.len()) }
                        }
                    }
                }
                tfoot {
                    tr {
                        th scope="row" { "Aandeel voldoet" }
                        @for m in &report.municipalities {
                            td.num {
                                (m.met) " van " (m.assessed)
                                @if let Some(share) = m.share_met { " (" (percent(share)) ")" }
                            }
                        }
                        td {}
                    }
                }
            }
            }
            p.meta { "Legenda: " (legend(false)) ". Het aandeel telt alleen de eisen die konden worden beoordeeld." }
        }
    }
}

/// Height of one bar of the chart, in SVG units.
const BAR: usize = 18;
/// Width of the labels left of the bars, in SVG units.
const LABEL: usize = 190;
/// Length of a full (100 %) bar, in SVG units.
const FULL: usize = 400;

/// The visual summary as inline SVG: the share of assessed requirements met per municipality,
/// and the share of assessed municipalities meeting each requirement. Colours are presentation
/// attributes, so the chart needs no style rules and no script.
pub fn chart(report: &Report) -> Markup {
    let municipalities: Vec<(String, Option<f64>)> = report
        .municipalities
        .iter()
        .map(|m| (m.name.clone(), m.share_met))
        .collect();
    let requirements: Vec<(String, Option<f64>)> = report
        .requirements
        .iter()
        .map(|r| {
            let share = (r.assessed > 0).then(|| r.met as f64 / r.assessed as f64);
            (format!("{} {}", r.id, r.title), share)
        })
        .collect();
    html! {
        section.chart #grafiek {
            h2 { "In beeld" }
            (bars("chart-gemeenten", "Aandeel eisen waaraan de gemeente voldoet", &municipalities))
            (bars("chart-eisen", "Aandeel gemeenten dat aan de eis voldoet", &requirements))
        }
    }
}

/// One bar chart: a label and a bar per entry; `None` is drawn as "niet beoordeeld".
fn bars(id: &str, caption: &str, entries: &[(String, Option<f64>)]) -> Markup {
    let height = entries.len() * (BAR + 6) + 6;
    let width = LABEL + FULL + 60;
    html! {
        figure id=(id) {
            figcaption { (caption) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (height) }
                role="img" aria-label=(caption) {
                @for (i, (label, share)) in entries.iter().enumerate() {
                    @let y = 6 + i * (BAR + 6);
                    @let short: String = if label.chars().count() > 30 {
                        label.chars().take(29).collect::<String>() + "…"
                    } else { label.clone() };
                    g.bar data-label=(label) data-share=(share.map(|s| format!("{s:.3}")).unwrap_or_default()) {
                        title { (label) ": " (share.map(percent).unwrap_or_else(|| "niet beoordeeld".into())) }
                        text x=(LABEL - 6) y=(y + BAR - 5) text-anchor="end" font-size="12" fill="#1f2328" { (short) }
                        rect x=(LABEL) y=(y) width=(FULL) height=(BAR) fill="#eaeef2" {}
                        @if let Some(share) = share {
                            rect x=(LABEL) y=(y) width=(format!("{:.1}", share * FULL as f64)) height=(BAR) fill="#1a7f37" {}
                            text x=(LABEL + FULL + 6) y=(y + BAR - 5) font-size="12" fill="#1f2328" { (percent(*share)) }
                        } @else {
                            text x=(LABEL + FULL + 6) y=(y + BAR - 5) font-size="12" fill="#6e7781" { "–" }
                        }
                    }
                }
            }
        }
    }
}

fn waterbed(report: &Report) -> Markup {
    html! {
        section #waterbed {
            h2 { "Waterbedeffect" }
            @if report.waterbed.is_empty() {
                p { "Geen gemeente mist een barrière die de meeste andere gemeenten wel hebben." }
            } @else {
                ul.warnings {
                    @for w in &report.waterbed {
                        li { span class={ "badge s-" (w.status.as_str()) } { (symbol(w.status, false)) } " " (w.message) }
                    }
                }
            }
        }
    }
}

fn errors(report: &Report) -> Markup {
    let any =
        !report.notices.is_empty() || report.municipalities.iter().any(|m| !m.notices.is_empty());
    html! {
        @if any {
            section #fouten {
                h2 { "Niet gelezen of niet gebruikt" }
                ul.errors {
                    @for n in &report.notices { li { (notice_nl(n)) } }
                    @for m in &report.municipalities {
                        @for n in &m.notices { li { strong { (m.name) } ": " (notice_nl(n)) } }
                    }
                }
            }
        }
    }
}

fn harmonisation_table(report: &Report) -> Markup {
    html! {
        section #harmonisatie {
            h2 { "Harmonisatie" }
            p { "Hoe gelijk de artikelen van de gemeenten per eis zijn (100% is woord voor woord gelijk), "
                "vergeleken over de gemeenten met een werkend artikel (voldoet of deels)." }
            table {
                thead { tr { th { "Eis" } th { "Gelijkheid" } th { "Wijkt het meest af" } th { "Vergeleken" } } }
                tbody {
                    @for row in &report.requirements {
                        @let h = &row.harmonisation;
                        tr {
                            td { a href={ "#" (requirement_anchor(&row.id)) } { (row.id) } }
                            td.num { @if let Some(s) = h.score { (percent(s)) } @else { "–" } }
                            td { (h.outlier.as_deref().unwrap_or("–")) }
                            td {
                                @for (i, a) in h.articles.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    (a.municipality) " (" (a.articles.join(", ")) ")"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn requirement(row: &RequirementRow, base: &str) -> Markup {
    let h: &Harmonisation = &row.harmonisation;
    html! {
        section.requirement id=(requirement_anchor(&row.id)) {
            h3 { (row.id) " " (row.title) }
            p { (row.met) " van de " (row.assessed) " beoordeelde gemeenten voldoen." }
            @if !row.norm_text.is_empty() {
                p { strong { "Normtekst" } }
                blockquote.norm { (row.norm_text) }
            }
            @if let Some(model) = &row.model {
                details {
                    summary { "Model-APV " (model.article) }
                    blockquote { (model.text) }
                }
            }
            @if let Some(score) = h.score {
                p {
                    "Gelijkheid van de artikelen: " strong { (percent(score)) }
                    @if let Some(o) = &h.outlier { "; wijkt het meest af: " strong { (o) } }
                    "."
                }
            }
            @if !h.articles.is_empty() {
                table {
                    thead { tr { th { "Gemeente" } th { "Artikelen" } th { "Gelijk aan de anderen" } th { "Gelijk aan de basis" } } }
                    tbody {
                        @for a in &h.articles {
                            tr {
                                td { (a.municipality) }
                                td { (a.articles.join(", ")) }
                                td.num { @if let Some(s) = a.similarity { (percent(s)) } @else { "–" } }
                                td.num { @if let Some(s) = a.similarity_to_base { (percent(s)) } @else { "–" } }
                            }
                        }
                    }
                }
                @match &h.base {
                    Some(label) => {
                        p { "Verschil per gemeente met de basis, " (label) " (" del { "weg" } ", " ins { "erbij" } "):" }
                        @for a in &h.articles {
                            details {
                                summary { (a.municipality) " " (a.articles.join(", ")) }
                                @match &a.diff {
                                    Some(diff) => {
                                        div.diff {
                                            @for (i, seg) in diff.segments.iter().enumerate() {
                                                @if i > 0 { " " }
                                                @match seg.kind {
                                                    DiffKind::Equal => { (seg.text) }
                                                    DiffKind::Added => { ins { (seg.text) } }
                                                    DiffKind::Removed => { del { (seg.text) } }
                                                }
                                            }
                                        }
                                        @if diff.truncated { p.meta { "Alleen het begin van een lang artikel is vergeleken." } }
                                    }
                                    None => { blockquote { (a.text) } p.meta { "Dit is de basis." } }
                                }
                            }
                        }
                    }
                    None => {
                        p.meta {
                            @if base == "model" { "De regelset kent geen Model-APV-tekst voor deze eis; de artikelen staan hieronder." }
                            @else { (base) " heeft geen werkend artikel voor deze eis; de artikelen staan hieronder." }
                        }
                        @for a in &h.articles {
                            details {
                                summary { (a.municipality) " " (a.articles.join(", ")) }
                                blockquote { (a.text) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn municipality(
    m: &Municipality,
    rows: &[RequirementRow],
    slugs: &HashMap<&str, String>,
) -> Markup {
    let slug = &slugs[m.name.as_str()];
    html! {
        section.municipality id={ "g-" (slug) } {
            h3 { (m.name) }
            p {
                "Voldoet aan " (m.met) " van de " (m.assessed) " beoordeelde eisen"
                @if let Some(share) = m.share_met { " (" (percent(share)) ")" } "."
            }
            @if m.documents.is_empty() {
                p { "Geen leesbare documenten." }
            } @else {
                ul {
                    @for d in &m.documents {
                        li {
                            code { (d.path) }
                            @if let Some(t) = &d.title { " — " (t) }
                            " (" (kind_nl(d.kind)) ", " (d.articles) " artikelen)"
                            @for w in &d.notes { br; span.where { "Let op: " (note_nl(w)) } }
                        }
                    }
                }
            }
            @if !m.notices.is_empty() {
                ul.errors { @for n in &m.notices { li { (notice_nl(n)) } } }
            }
            @for (cell, row) in m.verdicts.iter().zip(rows) {
                (evidence(slug, cell, row, m))
            }
        }
    }
}

fn evidence(slug: &str, cell: &Verdict, row: &RequirementRow, m: &Municipality) -> Markup {
    html! {
        section.evidence id=(evidence_anchor(slug, &cell.id)) {
            h4 {
                span class={ "badge s-" (cell.status.as_str()) } { (symbol(cell.status, false)) " " (cell.status.label_nl()) }
                " " (cell.id) " " (cell.title)
            }
            @if !cell.articles.is_empty() { p { "Artikelen: " (cell.articles.join(", ")) } }
            @if !cell.explanation.is_empty() { p { (cell.explanation) } }
            @if !cell.missing.is_empty() { p { "Ontbreekt: " (cell.missing.join(", ")) } }
            @if !cell.qualifiers.is_empty() { p { "Toepassing: " (cell.qualifiers.join(", ")) } }
            @if let Some(reason) = &row.not_counted { p.where { "Telt niet mee in het aandeel: " (reason) } }
            @for d in m.decisions.iter().filter(|d| d.requirement == cell.id) {
                p.decision { strong { "Besluit van de analist: " } (d.summary_nl()) }
            }
            @for e in &cell.evidence {
                blockquote { (e.quote) }
                p.where {
                    (e.document) ", regel " (e.line)
                    @if let Some(a) = &e.article { ", artikel " (a) }
                    // The elements in Dutch; the identifier only for evidence without them.
                    @if !e.proves.is_empty() { " (" (e.proves.join("; ")) ")" }
                    @else if let Some(el) = &e.element { " (" (el) ")" }
                }
            }
            @if !cell.fingerprint.is_empty() { p.where { "Vingerafdruk van het citaat: " code { (cell.fingerprint) } } }
            p.where { a href="#matrix" { "terug naar het overzicht" } " · " a href={ "#" (requirement_anchor(&row.id)) } { "normtekst en verschillen" } }
        }
    }
}

/// The anchor of a municipality's evidence for one requirement: `m-<municipality>-<req>`.
pub fn evidence_anchor(municipality_slug: &str, requirement: &str) -> String {
    format!("m-{municipality_slug}-{}", slug(requirement))
}

/// The anchor of a requirement's section: `r-<req>`.
pub fn requirement_anchor(requirement: &str) -> String {
    format!("r-{}", slug(requirement))
}

/// Lower-case ASCII letters, digits and `.` kept; runs of anything else become one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "x".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A unique slug per municipality name (a number is added when two names slug alike).
fn municipality_slugs(municipalities: &[Municipality]) -> HashMap<&str, String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut out = HashMap::new();
    for m in municipalities {
        let base = slug(&m.name);
        let count = taken.entry(base.clone()).or_insert(0);
        *count += 1;
        let unique = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        out.insert(m.name.as_str(), unique);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe_fragment_ids() {
        assert_eq!(slug("Noordoostpolder"), "noordoostpolder");
        assert_eq!(slug("Súdwest-Fryslân"), "s-dwest-frysl-n");
        assert_eq!(slug("3.2.2a"), "3.2.2a");
        assert_eq!(slug("\"><script>"), "script");
        assert_eq!(slug("!!!"), "x");
    }
}
