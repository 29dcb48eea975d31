//! Markdown for a council letter (raadsinformatiebrief): Dutch headings, the matrix, the
//! waterbed warnings, the harmonisation and a section per municipality.
//!
//! Text from documents is escaped so that it renders as text: Markdown punctuation gets a
//! backslash and `<`, `>`, `&` become entities (Markdown viewers pass HTML through).

use std::fmt::Write;

use super::notice::{note_nl, notice_nl};
use super::{cell_text, kind_nl, legend, municipalities_nl, short_hash, symbol};
use crate::model::{Report, percent};

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let names: Vec<&str> = report
        .municipalities
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    let _ = writeln!(out, "# Nulmeting Flevolandse norm\n");
    let _ = writeln!(
        out,
        "Vergelijking van {} ({}) met regelset {} versie {} (hash `{}`), gemaakt met apv {}.\n",
        municipalities_nl(names.len()),
        esc(&names.join(", ")),
        esc(&report.rule_set.id),
        esc(&report.rule_set.version),
        short_hash(&report.rule_set.hash),
        esc(&report.apv_version),
    );

    let _ = writeln!(out, "## Overzicht\n");
    let _ = write!(out, "| Eis |");
    for name in &names {
        let _ = write!(out, " {} |", esc(name));
    }
    let _ = writeln!(out, " Voldoet |");
    let _ = writeln!(out, "|---|{}---:|", "---|".repeat(names.len()));
    for (index, row) in report.requirements.iter().enumerate() {
        let _ = write!(out, "| {} {} |", esc(&row.id), esc(&row.title));
        for municipality in &report.municipalities {
            let cell = &municipality.verdicts[index];
            let _ = write!(
                out,
                " {} |",
                esc(&cell_text(cell.status, &cell.articles, false))
            );
        }
        let _ = writeln!(out, " {} van {} |", row.met, names.len());
    }
    let _ = write!(out, "| **Aandeel voldoet** |");
    for municipality in &report.municipalities {
        let share = municipality
            .share_met
            .map(percent)
            .unwrap_or_else(|| "-".into());
        let _ = write!(
            out,
            " {} van {} ({share}) |",
            municipality.met, municipality.assessed
        );
    }
    let _ = writeln!(out, " |\n");
    let _ = writeln!(
        out,
        "Legenda: {}. Het aandeel telt alleen de eisen die konden worden beoordeeld.\n",
        legend(false)
    );

    if !report.notices.is_empty() {
        let _ = writeln!(out, "## Niet gelezen\n");
        for notice in &report.notices {
            let _ = writeln!(out, "- {}", esc(&notice_nl(notice)));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Waterbedeffect\n");
    if report.waterbed.is_empty() {
        let _ = writeln!(
            out,
            "Geen gemeente mist een barrière die de meeste andere gemeenten wel hebben.\n"
        );
    } else {
        for warning in &report.waterbed {
            let _ = writeln!(out, "- {}", esc(&warning.message));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Harmonisatie\n");
    let _ = writeln!(
        out,
        "Gelijkheid van de artikelen per eis (100% is woord voor woord gelijk), vergeleken over \
         de gemeenten die een werkend artikel hebben. Vergelijkingsbasis: {}.\n",
        if report.base == "model" {
            "de Model-APV".to_string()
        } else {
            esc(&report.base)
        }
    );
    let _ = writeln!(
        out,
        "| Eis | Gelijkheid | Wijkt het meest af | Vergeleken |"
    );
    let _ = writeln!(out, "|---|---:|---|---|");
    for row in &report.requirements {
        let h = &row.harmonisation;
        let compared: Vec<String> = h
            .articles
            .iter()
            .map(|a| match a.similarity_to_base {
                Some(s) => format!(
                    "{} ({}; {} gelijk aan de basis)",
                    a.municipality,
                    a.articles.join(", "),
                    percent(s)
                ),
                None => format!("{} ({})", a.municipality, a.articles.join(", ")),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            esc(&row.id),
            h.score.map(percent).unwrap_or_else(|| "-".into()),
            esc(h.outlier.as_deref().unwrap_or("-")),
            if compared.is_empty() {
                "-".to_string()
            } else {
                esc(&compared.join(", "))
            }
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Per gemeente\n");
    for municipality in &report.municipalities {
        let _ = writeln!(out, "### {}\n", esc(&municipality.name));
        if municipality.documents.is_empty() {
            let _ = writeln!(out, "Geen leesbare documenten.\n");
        } else {
            let _ = writeln!(out, "Documenten:\n");
            for doc in &municipality.documents {
                let title = doc
                    .title
                    .as_deref()
                    .map(|t| format!(" — {}", esc(t)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- {}{title} ({}, {} artikelen)",
                    esc(&doc.path),
                    kind_nl(doc.kind),
                    doc.articles
                );
                for note in &doc.notes {
                    let _ = writeln!(out, "  - Let op: {}", esc(&note_nl(note)));
                }
            }
            out.push('\n');
        }
        if !municipality.notices.is_empty() {
            let _ = writeln!(out, "Niet gelezen of niet gebruikt:\n");
            for notice in &municipality.notices {
                let _ = writeln!(out, "- {}", esc(&notice_nl(notice)));
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "| Eis | Oordeel | Code | Artikelen | Toelichting | Besluit van de analist |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for cell in &municipality.verdicts {
            let mut explanation = esc(&cell.explanation);
            if !cell.missing.is_empty() {
                let _ = write!(
                    explanation,
                    " Ontbreekt: {}.",
                    esc(&cell.missing.join(", "))
                );
            }
            if let Some(reason) = report
                .requirements
                .iter()
                .find(|r| r.id == cell.id)
                .and_then(|r| r.not_counted.as_deref())
            {
                let _ = write!(
                    explanation,
                    " Telt niet mee in het aandeel: {}",
                    esc(reason)
                );
            }
            let decision: Vec<String> = municipality
                .decisions
                .iter()
                .filter(|d| d.requirement == cell.id)
                .map(|d| esc(&d.summary_nl()))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} {} | `{}` | {} | {} | {} |",
                esc(&cell.id),
                symbol(cell.status, false),
                cell.status.label_nl(),
                cell.status.as_str(),
                esc(&cell.articles.join(", ")),
                explanation,
                if decision.is_empty() {
                    "-".to_string()
                } else {
                    decision.join(" ")
                }
            );
        }
        out.push('\n');
    }
    out
}

/// Escapes text for a Markdown table cell or list item.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_in_document_text_is_neutralised() {
        assert_eq!(
            esc("<script>a|b</script> *x* [l](u)\nnext"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\* \\[l\\](u) next"
        );
    }
}
