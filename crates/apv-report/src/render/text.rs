//! The terminal report. Several municipalities: the matrix as a table, then the waterbed
//! warnings, the harmonisation and the notices (files not read or not used). One municipality
//! (`apv scan`): its documents, then each verdict with its articles, key quote and explanation.
//! Symbols carry the status, so it reads without colour.

use std::fmt::Write;

use apv_rules::Status;
use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::notice::{note_nl, notice_nl};
use super::{RenderOptions, cell_text, kind_nl, legend, municipalities_nl, short_hash, shorten};
use crate::model::{Municipality, Report, percent};

/// Longest requirement title shown in the table before it is cut.
const TITLE_WIDTH: usize = 38;

/// Renders the report for the terminal.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let out = if let [municipality] = report.municipalities.as_slice() {
        single(report, municipality, options)
    } else {
        several(report, options)
    };
    if options.ascii { to_ascii(&out) } else { out }
}

/// Several municipalities: the matrix, in the first layout that fits the width.
fn several(report: &Report, options: &RenderOptions) -> String {
    let width = options.width.max(40);
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
    out.push_str(&matrix(report, options, width));
    let legend = legend(options.ascii);
    let items: Vec<&str> = legend.split("  ").collect();
    wrap_items(&mut out, &items, width);
    if report.base != "model" {
        wrap(
            &mut out,
            &format!(
                "Vergelijkingsbasis: {} (gelijkheid met de basis per gemeente staat in md, csv, html en json).",
                report.base
            ),
            "",
            width,
        );
    }

    if !report.waterbed.is_empty() {
        let _ = writeln!(out, "\nWaterbedeffect:");
        for warning in &report.waterbed {
            wrap_item(&mut out, "  ! ", &warning.message, width);
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
            let mut line = format!(
                "{:<7} {:>4}  {} gemeenten vergeleken",
                row.id,
                h.score.map(percent).unwrap_or_default(),
                h.articles.len()
            );
            if let Some(outlier) = &h.outlier {
                let _ = write!(line, "; wijkt het meest af: {outlier}");
            }
            wrap_item(&mut out, "  ", &line, width);
        }
    }

    decisions(&mut out, report, width);
    notices(&mut out, report, width);
    out
}

/// The recorded decisions of every municipality, and the requirements not counted.
fn decisions(out: &mut String, report: &Report, width: usize) {
    let not_counted: Vec<_> = report
        .requirements
        .iter()
        .filter_map(|r| r.not_counted.as_deref().map(|why| (&r.id, why)))
        .collect();
    if !not_counted.is_empty() {
        let _ = writeln!(out, "\nTelt niet mee in het aandeel:");
        for (id, why) in not_counted {
            wrap_item(out, "  ", &format!("{id}: {why}"), width);
        }
    }
    let all: Vec<_> = report
        .municipalities
        .iter()
        .flat_map(|m| m.decisions.iter().map(move |d| (&m.name, d)))
        .collect();
    if all.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nVastgelegde besluiten (naast het berekende oordeel):"
    );
    for (name, d) in all {
        let now = report
            .municipalities
            .iter()
            .find(|m| &m.name == name)
            .and_then(|m| m.verdicts.iter().find(|v| v.id == d.requirement))
            .map(|v| v.status.label_nl())
            .unwrap_or("geen oordeel");
        let line = format!("{name} {} (nu: {now}): {}", d.requirement, d.summary_nl());
        wrap_item(out, "  * ", &line, width);
    }
}

/// The notices of the report and of each municipality.
fn notices(out: &mut String, report: &Report, width: usize) {
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
        let line = match name {
            Some(name) => format!("{name}: {text}"),
            None => text,
        };
        wrap_item(out, "  ! ", &line, width);
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
        for note in d.notes.iter().take(3) {
            let text = format!("let op: {}", note_nl(note));
            let _ = writeln!(o, "      {}", shorten(&text, width - 6, options.ascii));
        }
        if d.notes.len() > 3 {
            let _ = writeln!(
                o,
                "      en nog {} opmerkingen (zie --format md of html)",
                d.notes.len() - 3
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
        for d in m.decisions.iter().filter(|d| d.requirement == v.id) {
            wrap(
                &mut o,
                &format!("besluit: {}", d.summary_nl()),
                indent,
                width,
            );
        }
        if let Some(reason) = report
            .requirements
            .iter()
            .find(|r| r.id == v.id)
            .and_then(|r| r.not_counted.as_deref())
        {
            wrap(
                &mut o,
                &format!("telt niet mee in het aandeel: {reason}"),
                indent,
                width,
            );
        }
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

/// The matrix in the first layout that fits `width` columns: requirements as rows with titles
/// and articles, then shorter titles, then ids and symbols only with shortened names, and at
/// last municipalities as rows with numbered requirement columns.
fn matrix(report: &Report, options: &RenderOptions, width: usize) -> String {
    let whole_names = [
        Layout {
            title: Some(TITLE_WIDTH),
            articles: true,
            name: None,
        },
        Layout {
            title: Some(20),
            articles: true,
            name: None,
        },
        Layout {
            title: Some(20),
            articles: false,
            name: None,
        },
        Layout {
            title: None,
            articles: false,
            name: None,
        },
    ];
    for layout in whole_names {
        let table = by_requirement(report, options, layout).to_string();
        if widest(&table) <= width {
            return table + "\n";
        }
    }
    let rows = by_municipality(report, options, width);
    if widest(&rows) <= width {
        return rows;
    }
    for name in [10, 6] {
        let layout = Layout {
            title: None,
            articles: false,
            name: Some(name),
        };
        let table = by_requirement(report, options, layout).to_string();
        if widest(&table) <= width {
            return table + "\n";
        }
    }
    rows
}

/// How much a requirement-per-row table shows.
#[derive(Clone, Copy)]
struct Layout {
    /// Longest title shown after the id (`None`: the id alone).
    title: Option<usize>,
    /// Article numbers beside the symbols.
    articles: bool,
    /// Longest municipality name in the header (`None`: whole names).
    name: Option<usize>,
}

/// The widest line of `text` in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn by_requirement(report: &Report, options: &RenderOptions, layout: Layout) -> Table {
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
    let name = |n: &str| match layout.name {
        Some(w) => shorten(n, w, options.ascii),
        None => n.to_string(),
    };

    let mut header = vec![Cell::new("eis")];
    header.extend(
        report
            .municipalities
            .iter()
            .map(|m| Cell::new(name(&m.name))),
    );
    header.push(Cell::new("voldoet"));
    table.set_header(header);

    for (index, row) in report.requirements.iter().enumerate() {
        let label = match layout.title {
            Some(w) => format!("{} {}", row.id, shorten(&row.title, w, options.ascii)),
            None => row.id.clone(),
        };
        let mut cells = vec![Cell::new(label)];
        for municipality in &report.municipalities {
            let cell = &municipality.verdicts[index];
            let text = if layout.articles {
                cell_text(cell.status, &cell.articles, options.ascii)
            } else {
                super::symbol(cell.status, options.ascii).to_string()
            };
            let mut c = Cell::new(text);
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

    let mut footer = vec![Cell::new(if layout.title.is_some() {
        "aandeel voldoet"
    } else {
        "aandeel"
    })];
    for municipality in &report.municipalities {
        let share = municipality
            .share_met
            .map(percent)
            .unwrap_or_else(|| "-".to_string());
        let text = if layout.articles {
            format!("{}/{} {share}", municipality.met, municipality.assessed)
        } else {
            share
        };
        let mut c = Cell::new(text);
        if options.color {
            c = c.add_attribute(Attribute::Bold);
        }
        footer.push(c);
    }
    footer.push(Cell::new(""));
    table.add_row(footer);
    table
}

/// Municipalities as rows, one narrow column per requirement (numbered, with a key below):
/// the layout for many municipalities.
fn by_municipality(report: &Report, options: &RenderOptions, width: usize) -> String {
    let count = report.requirements.len();
    let share = |m: &Municipality| {
        let share = m.share_met.map(percent).unwrap_or_else(|| "-".to_string());
        format!("  {}/{} {share}", m.met, m.assessed)
    };
    let share_width = report
        .municipalities
        .iter()
        .map(|m| share(m).chars().count())
        .max()
        .unwrap_or(0)
        .max("  voldoet".len());
    let name_width = width
        .saturating_sub(3 * count + share_width)
        .clamp(6, 20)
        .min(
            report
                .municipalities
                .iter()
                .map(|m| m.name.chars().count())
                .max()
                .unwrap_or(6)
                .max(8),
        );
    let mut out = String::new();
    let mut header = format!("{:<name_width$}", "gemeente");
    for i in 1..=count {
        let _ = write!(header, "{i:>3}");
    }
    let _ = writeln!(out, "{}  voldoet", header);
    for m in &report.municipalities {
        let mut line = format!(
            "{:<name_width$}",
            shorten(&m.name, name_width, options.ascii)
        );
        for v in &m.verdicts {
            let symbol = super::symbol(v.status, options.ascii);
            if options.color {
                let _ = write!(line, "  {}", paint(symbol, colour(v.status)));
            } else {
                let _ = write!(line, "  {symbol}");
            }
        }
        let _ = writeln!(line, "{}", share(m));
        out.push_str(&line);
    }
    let mut totals = format!("{:<name_width$}", "voldoet");
    for row in &report.requirements {
        let _ = write!(totals, "{:>3}", row.met);
    }
    let _ = writeln!(out, "{totals}");
    out.push('\n');
    let _ = writeln!(out, "Eisen:");
    for (i, row) in report.requirements.iter().enumerate() {
        let entry = format!("{} {}", row.id, row.title);
        let _ = writeln!(
            out,
            "{:>3} {}",
            i + 1,
            shorten(&entry, width - 4, options.ascii)
        );
    }
    out
}

/// A symbol in a terminal colour.
fn paint(text: &str, colour: Color) -> String {
    let code = match colour {
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Red => 31,
        Color::Magenta => 35,
        Color::Blue => 34,
        Color::Cyan => 36,
        _ => 90,
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
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

/// `wrap` for a list item: the first line starts with `marker`, the next ones line up under
/// its text.
fn wrap_item(out: &mut String, marker: &str, text: &str, width: usize) {
    if marker.chars().count() + text.chars().count() <= width && !text.contains('\n') {
        let _ = writeln!(out, "{marker}{text}");
        return;
    }
    let mut lines = String::new();
    let pad = " ".repeat(marker.chars().count());
    wrap(&mut lines, text, &pad, width);
    out.push_str(&lines.replacen(&pad, marker, 1));
}

/// The text in pure ASCII: accents dropped (é → e), typographic marks replaced (… → ...,
/// ’ → ', – → -), anything else that has no ASCII form becomes `?`.
pub fn to_ascii(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            c if c.is_ascii() => out.push(c),
            '\u{300}'..='\u{36f}' => {}
            '…' => out.push_str("..."),
            '‘' | '’' | '‚' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '–' | '—' | '‐' | '‑' | '−' => out.push('-'),
            '→' => out.push_str("->"),
            '×' => out.push('x'),
            '\u{a0}' | '\u{2009}' | '\u{202f}' => out.push(' '),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'ĳ' => out.push_str("ij"),
            '€' => out.push_str("EUR"),
            '§' => out.push_str("par."),
            _ => out.push('?'),
        }
    }
    out
}

/// Items separated by two spaces, in lines of at most `width` columns; an item is never split.
fn wrap_items(out: &mut String, items: &[&str], width: usize) {
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && line.chars().count() + 2 + item.chars().count() > width {
            let _ = writeln!(out, "{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{line}");
    }
}
