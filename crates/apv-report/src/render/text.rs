//! The terminal report: the matrix as a table, then the waterbed warnings, the harmonisation
//! and the files that could not be read. Symbols carry the status, so it reads without colour.

use std::fmt::Write;

use apv_rules::Status;
use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{RenderOptions, cell_text, legend, municipalities_nl, short_hash};
use crate::model::{Report, percent};

/// Longest requirement title shown in the table before it is cut.
const TITLE_WIDTH: usize = 38;

/// Renders the report for the terminal.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Nulmeting {} {} ({}), {}",
        report.rule_set.id,
        report.rule_set.version,
        short_hash(&report.rule_set.hash),
        municipalities_nl(report.municipalities.len())
    );
    out.push('\n');
    out.push_str(&matrix(report, options).to_string());
    out.push('\n');
    let _ = writeln!(out, "{}", legend(options.ascii));

    if !report.waterbed.is_empty() {
        let _ = writeln!(out, "\nWaterbedeffect:");
        for warning in &report.waterbed {
            let _ = writeln!(out, "  ! {}", warning.message);
        }
    }

    let harmonised: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| r.harmonisation.score.is_some())
        .collect();
    if !harmonised.is_empty() {
        let _ = writeln!(out, "\nHarmonisatie (gelijkheid van de artikelen):");
        for row in harmonised {
            let h = &row.harmonisation;
            let _ = write!(
                out,
                "  {:<8} {:>4}  {} gemeenten vergeleken",
                row.id,
                h.score.map(percent).unwrap_or_default(),
                h.articles.len()
            );
            if let Some(outlier) = &h.outlier {
                let _ = write!(out, "; wijkt het meest af: {outlier}");
            }
            out.push('\n');
        }
    }

    let errors: Vec<_> = report
        .municipalities
        .iter()
        .flat_map(|m| m.errors.iter().map(move |e| (&m.name, e)))
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\nNiet leesbare bestanden:");
        for (name, error) in errors {
            let _ = writeln!(out, "  {name}: {error}");
        }
    }
    out
}

fn matrix(report: &Report, options: &RenderOptions) -> Table {
    let mut table = Table::new();
    table.load_style(if options.ascii {
        ASCII_FULL_CONDENSED
    } else {
        UTF8_FULL_CONDENSED
    });
    table.set_content_arrangement(ContentArrangement::Disabled);
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }

    let mut header = vec![Cell::new("eis")];
    header.extend(report.municipalities.iter().map(|m| Cell::new(&m.name)));
    header.push(Cell::new("voldoet"));
    table.set_header(header);

    for (index, row) in report.requirements.iter().enumerate() {
        let mut cells = vec![Cell::new(format!(
            "{} {}",
            row.id,
            cut(&row.title, TITLE_WIDTH)
        ))];
        for municipality in &report.municipalities {
            let cell = &municipality.requirements[index];
            let mut c = Cell::new(cell_text(cell.status, &cell.articles, options.ascii));
            if options.color {
                c = c.fg(colour(cell.status));
            }
            cells.push(c);
        }
        cells.push(
            Cell::new(format!("{}/{}", row.met, report.municipalities.len()))
                .set_alignment(CellAlignment::Right),
        );
        table.add_row(cells);
    }

    let mut footer = vec![Cell::new("aandeel voldoet")];
    for municipality in &report.municipalities {
        let share = municipality
            .share_met
            .map(percent)
            .unwrap_or_else(|| "-".to_string());
        let mut c = Cell::new(format!(
            "{}/{} {share}",
            municipality.met, municipality.assessed
        ));
        if options.color {
            c = c.add_attribute(Attribute::Bold);
        }
        footer.push(c);
    }
    footer.push(Cell::new(""));
    table.add_row(footer);
    table
}

fn colour(status: Status) -> Color {
    match status {
        Status::Met => Color::Green,
        Status::Partial => Color::Yellow,
        Status::Absent => Color::Red,
        Status::Repealed => Color::Magenta,
        Status::OutsideApv => Color::Blue,
        Status::ReferenceOnly => Color::Cyan,
        Status::NotAssessed => Color::DarkGrey,
    }
}

/// Cuts `text` to at most `width` characters, marking the cut with "…".
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}
