//! The terminal report. Several municipalities: the matrix as a table, then the waterbed
//! warnings, the harmonisation and the notices (files not read or not used). One municipality
//! (`apv scan`): its documents, then each verdict with its articles, key quote and explanation.
//! Symbols carry the status, so it reads without colour.

use std::fmt::Write;

use apv_rules::Status;
use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::notice::notice_nl;
use super::{RenderOptions, cell_text, kind_nl, legend, municipalities_nl, short_hash, shorten};
use crate::model::{Municipality, Report, percent};

/// Longest requirement title shown in the table before it is cut.
const TITLE_WIDTH: usize = 38;

/// Renders the report for the terminal.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    if let [municipality] = report.municipalities.as_slice() {
        return single(report, municipality, options);
    }
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

    notices(&mut out, report);
    out
}

/// The notices of the report and of each municipality.
fn notices(out: &mut String, report: &Report) {
    let all: Vec<(Option<&str>, String)> = report
        .notices
        .iter()
        .map(|n| (None, notice_nl(n)))
        .chain(report.municipalities.iter().flat_map(|m| {
            m.notices
                .iter()
                .map(move |n| (Some(m.name.as_str()), notice_nl(n)))
        }))
        .collect();
    if all.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nNiet gelezen of niet gebruikt:");
    for (name, text) in all {
        match name {
            Some(name) => {
                let _ = writeln!(out, "  ! {name}: {text}");
            }
            None => {
                let _ = writeln!(out, "  ! {text}");
            }
        }
    }
}

/// One municipality: documents, then a block per requirement.
fn single(report: &Report, m: &Municipality, options: &RenderOptions) -> String {
    let mut o = String::new();
    let width = options.width.max(40);
    let _ = writeln!(
        o,
        "Gemeente: {}   regelset: {} {} ({})",
        m.name,
        report.rule_set.id,
        report.rule_set.version,
        short_hash(&report.rule_set.hash)
    );
    let _ = writeln!(o, "\nDocumenten");
    if m.documents.is_empty() {
        let _ = writeln!(o, "  geen leesbare documenten");
    }
    for d in &m.documents {
        let _ = writeln!(
            o,
            "  {}  [{}, {} artikelen]",
            d.path,
            kind_nl(d.kind),
            d.articles
        );
        if let Some(t) = &d.title {
            let _ = writeln!(o, "      {}", shorten(t, width - 6, options.ascii));
        }
        for w in d.warnings.iter().take(3) {
            let _ = writeln!(o, "      let op: {}", shorten(w, width - 14, options.ascii));
        }
        if d.warnings.len() > 3 {
            let _ = writeln!(
                o,
                "      en {} andere waarschuwingen (zie --format json)",
                d.warnings.len() - 3
            );
        }
    }
    for n in &m.notices {
        let _ = writeln!(o, "  ! {}", notice_nl(n));
    }
    let _ = writeln!(o, "\n{:<7} {:<18} Artikelen", "Eis", "Oordeel");
    for v in &m.verdicts {
        let arts = if v.articles.is_empty() {
            "-".to_string()
        } else {
            v.articles.join(", ")
        };
        let line = format!(
            "{:<7} {:<18} {}",
            v.id,
            v.status.label_nl(),
            shorten(&arts, width.saturating_sub(27), options.ascii),
        );
        let _ = writeln!(o, "{}", line.trim_end());
        let indent = "        ";
        let room = width - indent.len();
        let _ = writeln!(o, "{indent}{}", shorten(&v.title, room, options.ascii));
        if let Some(e) = v.evidence.first() {
            let _ = writeln!(
                o,
                "{indent}\"{}\"",
                shorten(&e.quote, room.saturating_sub(2), options.ascii)
            );
            let _ = writeln!(o, "{indent}{}, regel {}", e.document, e.line);
        }
        if !v.missing.is_empty() {
            wrap(
                &mut o,
                &format!("mist: {}", v.missing.join("; ")),
                indent,
                width,
            );
        }
        if !v.qualifiers.is_empty() {
            wrap(
                &mut o,
                &format!("toepassing: {}", v.qualifiers.join(", ")),
                indent,
                width,
            );
        }
        wrap(&mut o, &v.explanation, indent, width);
    }
    let _ = writeln!(
        o,
        "\nVoldoet aan {} van de {} beoordeelde eisen{}.",
        m.met,
        m.assessed,
        m.share_met
            .map(|s| format!(" ({})", percent(s)))
            .unwrap_or_default()
    );
    o
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
            shorten(&row.title, TITLE_WIDTH, options.ascii)
        ))];
        for municipality in &report.municipalities {
            let cell = &municipality.verdicts[index];
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

/// Writes `text` in lines of at most `width` columns, each starting with `indent` (a word
/// longer than a line gets a line of its own).
fn wrap(out: &mut String, text: &str, indent: &str, width: usize) {
    let room = width.saturating_sub(indent.chars().count()).max(20);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
}
