//! Tables laid out with spaces in plain text: what `pdftotext -layout` prints for a table of a
//! PDF, and what a text export of a Word table gives (cells apart by tabs).
//!
//! A row is a line whose words fall into cells separated by a tab or a run of two or more
//! spaces. Justified prose has such runs too, so a line only counts as a row in a table of at
//! least two rows whose cells start in the same columns (within one character), with at least
//! one gap of three spaces or a tab. A line that opens with a list label ("1.", "a."), a
//! bullet or a structural heading ("Artikel 3 …") is never a row, nor is a line that ends in a
//! page number. A line right under a row that fits inside one of its columns continues that
//! cell (a wrapped cell): between rows always, after the last row only when it starts in lower
//! case or with a bracket (a heading or a new paragraph starts in upper case).
//!
//! Rows are handed over the way the markup readers hand over theirs ([`super::lines`]): the
//! cells joined by ` | `, marked [`Mark::Table`].

use std::ops::Range;

use crate::read::lines::{is_structural_heading, leading_label};
use crate::source::Mark;

/// One line of the text as handed over: its text, the byte range of the input lines it was
/// read from (from the start of its first to the end of its last), its 1-based first line
/// and its mark.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutLine {
    pub text: String,
    pub span: Range<usize>,
    pub line: u32,
    pub mark: Mark,
}

/// A line split into cells: each cell's first column (in characters, tabs to the next
/// multiple of eight) and its byte range in the line.
struct Split {
    cells: Vec<(usize, Range<usize>)>,
    /// A gap of three spaces or more, or a tab.
    wide: bool,
    /// Every gap holds a tab: the cells count by position, not by column (a text export of
    /// a Word table puts one tab between cells, whatever their width).
    tabbed: bool,
    /// The column just past the line's last character.
    end_col: usize,
}

fn split(line: &str) -> Split {
    let mut cells: Vec<(usize, Range<usize>)> = Vec::new();
    let mut col = 0usize;
    let mut wide = false;
    let mut tabbed = true;
    let mut cell: Option<(usize, usize, usize)> = None; // (col, start, end)
    let mut spaces = 0usize;
    let mut tab = false;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' {
            spaces += 1;
            tab |= c == '\t';
            col = if c == '\t' {
                (col / 8 + 1) * 8
            } else {
                col + 1
            };
            continue;
        }
        match cell {
            Some((c0, s, e)) if spaces >= 2 || tab => {
                wide |= spaces >= 3 || tab;
                tabbed &= tab;
                cells.push((c0, s..e));
                cell = Some((col, i, i + c.len_utf8()));
            }
            Some((c0, s, _)) => cell = Some((c0, s, i + c.len_utf8())),
            None => cell = Some((col, i, i + c.len_utf8())),
        }
        spaces = 0;
        tab = false;
        col += 1;
    }
    if let Some((c0, s, e)) = cell {
        cells.push((c0, s..e));
    }
    let end_col = col - spaces;
    Split {
        cells,
        wide,
        tabbed,
        end_col,
    }
}

/// Whether a split line may be a row of a table.
fn may_be_row(line: &str, s: &Split) -> bool {
    if s.cells.len() < 2 {
        return false;
    }
    let first = &line[s.cells[0].1.clone()];
    let last = &line[s.cells[s.cells.len() - 1].1.clone()];
    let bullet = first
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '•' | '▪' | '◦' | '·' | '-' | '–' | '*' | '\u{f0b7}'))
        && first.chars().nth(1).is_none_or(char::is_whitespace);
    let page_number = last.len() <= 4 && last.bytes().all(|b| b.is_ascii_digit());
    let leader = line.contains("....") || line.contains(". . .");
    // a Markdown pipe row padded with spaces is read by its pipes
    let piped = line.trim_start().starts_with('|');
    !(bullet
        || piped
        || page_number
        || leader
        || leading_label(first).is_some()
        || leading_label(&format!("{first} x")).is_some_and(|(_, n)| n == first.len())
        || is_structural_heading(first))
}

/// The columns (beyond the first) shared by the rows `rows` of `splits`: a cell start that
/// another row has within one character.
fn shared_columns(splits: &[Option<Split>], rows: &[usize]) -> Vec<usize> {
    let mut starts: Vec<(usize, usize)> = rows
        .iter()
        .flat_map(|&r| {
            splits[r]
                .iter()
                .flat_map(move |s| s.cells[1..].iter().map(move |c| (c.0, r)))
        })
        .collect();
    starts.sort_unstable();
    let mut cols: Vec<usize> = Vec::new();
    for (k, &(c, r)) in starts.iter().enumerate() {
        let near = |&(c2, r2): &(usize, usize)| r2 != r && c2.abs_diff(c) <= 1;
        let shared =
            starts[..k].iter().rev().take(8).any(near) || starts[k + 1..].iter().take(8).any(near);
        if shared && cols.last().is_none_or(|&l| c > l + 1) {
            cols.push(c);
        }
    }
    cols
}

/// The column of `cols` a cell starting at `col` falls in.
fn column_of(cols: &[usize], col: usize) -> Option<usize> {
    cols.iter().position(|&c| col.abs_diff(c) <= 1)
}

/// The lines of plain `text` with its tables' rows joined as cells, or `None` when the text
/// holds no table laid out with spaces.
pub(crate) fn rows(text: &str) -> Option<Vec<OutLine>> {
    let bytes = text.as_bytes();
    // Lines with a gap inside them (two spaces or a tab after their first word) that may be
    // rows, found from the gaps: text without such gaps costs one vectorised search for each.
    let mut gaps: Vec<usize> = memchr::memmem::find_iter(bytes, b"  ").collect();
    gaps.extend(memchr::memchr_iter(b'\t', bytes));
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mut candidates: Vec<(usize, Split)> = Vec::new();
    let mut line_end = 0usize;
    for p in gaps {
        if p < line_end {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |i| p + i);
        let l = &text[start..line_end];
        // a gap after the first word, not only indentation or trailing spaces
        let body = l.trim_matches([' ', '\t']).as_bytes();
        if !(body.contains(&b'\t') || body.windows(2).any(|w| w == b"  ")) {
            continue;
        }
        let s = split(l);
        if may_be_row(l, &s) {
            candidates.push((start, s));
        }
    }
    if candidates.is_empty() {
        return None;
    }
    // Lines: byte ranges without the line end; the candidates by line.
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        lines.push(start..end);
        start = end + 1;
    }
    lines.push(start..text.len());
    let mut splits: Vec<Option<Split>> = Vec::with_capacity(lines.len());
    splits.resize_with(lines.len(), || None);
    for (start, s) in candidates {
        let i = lines.partition_point(|l| l.start < start);
        splits[i] = Some(s);
    }
    // Blocks of candidate rows, blank lines and one-line continuations between them.
    let blank = |i: usize| text[lines[i].clone()].trim().is_empty();
    // (rows, the columns their cells start in; `None` when cells count by position)
    let mut tables: Vec<(Vec<usize>, Option<Vec<usize>>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if splits[i].is_none() {
            i += 1;
            continue;
        }
        let mut block = vec![i];
        let mut j = i + 1;
        while j < lines.len() {
            if splits[j].is_some() {
                block.push(j);
                j += 1;
            } else if blank(j) || j + 1 < lines.len() && splits[j + 1].is_some() {
                // a blank line, or one line (a wrapped cell) before the next row
                j += 1;
            } else {
                break;
            }
        }
        // Cells apart by tabs count by position.
        if block.len() >= 2
            && block
                .iter()
                .all(|&r| splits[r].as_ref().is_some_and(|s| s.tabbed))
        {
            tables.push((block, None));
            i = j;
            continue;
        }
        // Rows whose cells do not line up with another row's are no rows.
        loop {
            let cols = shared_columns(&splits, &block);
            let keep: Vec<usize> = block
                .iter()
                .copied()
                .filter(|&r| {
                    splits[r].as_ref().is_some_and(|s| {
                        s.cells[1..].iter().all(|c| column_of(&cols, c.0).is_some())
                    })
                })
                .collect();
            if keep.len() == block.len() {
                let wide = block
                    .iter()
                    .any(|&r| splits[r].as_ref().is_some_and(|s| s.wide));
                if block.len() >= 2 && wide {
                    tables.push((block, Some(cols)));
                }
                break;
            }
            block = keep;
        }
        i = j.max(i + 1);
    }
    if tables.is_empty() {
        return None;
    }
    // Hand the lines over, rows joined.
    let line_no = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    let mut out: Vec<OutLine> = Vec::with_capacity(lines.len());
    let mut row_of: Vec<Option<usize>> = vec![None; lines.len()];
    for (t, (rows, _)) in tables.iter().enumerate() {
        for &r in rows {
            row_of[r] = Some(t);
        }
    }
    let mut k = 0;
    while k < lines.len() {
        let r = lines[k].clone();
        let Some(t) = row_of[k] else {
            out.push(OutLine {
                text: text[r.clone()].to_string(),
                span: r,
                line: line_no(k),
                mark: Mark::None,
            });
            k += 1;
            continue;
        };
        let line = &text[r.clone()];
        let s = splits[k].as_ref().expect("a row is split");
        let cols: &[usize] = tables[t].1.as_deref().unwrap_or(&[]);
        let mut cells: Vec<String> = match &tables[t].1 {
            None => s
                .cells
                .iter()
                .map(|c| line[c.1.clone()].to_string())
                .collect(),
            Some(cols) => {
                let mut cells = vec![String::new(); cols.len() + 1];
                cells[0] = line[s.cells[0].1.clone()].to_string();
                for c in &s.cells[1..] {
                    if let Some(n) = column_of(cols, c.0) {
                        let cell = &mut cells[n + 1];
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&line[c.1.clone()]);
                    }
                }
                cells
            }
        };
        let mut span = r.clone();
        let first_line = line_no(k);
        k += 1;
        // Wrapped cells: lines right under the row that fit in one of its columns.
        while k < lines.len() && row_of[k].is_none() {
            let l = &text[lines[k].clone()];
            if l.trim().is_empty() {
                break;
            }
            let next_is_row = row_of.get(k + 1).is_some_and(|n| n == &Some(t));
            let c = split(l);
            let first = &l[c.cells[0].1.clone()];
            let lower = first
                .chars()
                .next()
                .is_some_and(|ch| ch.is_lowercase() || ch == '(');
            let place = if c.cells.len() == 1 && !is_structural_heading(first) {
                let at = c.cells[0].0;
                let n = if at.abs_diff(s.cells[0].0) <= 1 {
                    Some(0)
                } else {
                    column_of(cols, at).map(|n| n + 1)
                };
                // it ends before the next column starts
                n.filter(|&n| cols.get(n).is_none_or(|&next| c.end_col < next))
            } else {
                None
            };
            match place {
                Some(n) if next_is_row || lower => {
                    let cell = &mut cells[n];
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(first);
                    span.end = lines[k].end;
                    k += 1;
                }
                _ => break,
            }
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        out.push(OutLine {
            text: cells.join(" | "),
            span: span.clone(),
            line: first_line,
            mark: Mark::Table,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> Vec<(String, bool)> {
        rows(text)
            .unwrap_or_default()
            .into_iter()
            .map(|l| (l.text, l.mark == Mark::Table))
            .collect()
    }

    #[test]
    fn a_table_laid_out_with_spaces_becomes_rows() {
        let t = "Artikel 2 Reikwijdte\n\
                 De wet wordt toegepast volgens de tabel.\n\
                 Sector                          Bibob-toets\n\
                 Horeca (Alcoholwet)             ja\n\
                 Coffeeshops                     nee\n\
                 Subsidies                       in gevallen als bedoeld in artikel 4\n\
                 Artikel 3 Slot";
        let rows: Vec<String> = joined(t)
            .into_iter()
            .filter(|(_, row)| *row)
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            rows,
            [
                "Sector | Bibob-toets",
                "Horeca (Alcoholwet) | ja",
                "Coffeeshops | nee",
                "Subsidies | in gevallen als bedoeld in artikel 4"
            ]
        );
    }

    #[test]
    fn empty_cells_keep_their_column_and_tabs_separate_cells() {
        let t = "Branche        Standaard    Facultatief\n\
                 Horeca         x\n\
                 Coffeeshops                 x\n";
        let rows: Vec<String> = joined(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            rows[..3],
            [
                "Branche | Standaard | Facultatief",
                "Horeca | x",
                "Coffeeshops |  | x"
            ]
        );
        let t = "Sector\tToets\nHoreca\tja\nCoffeeshops\tnee";
        let rows: Vec<String> = joined(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(rows, ["Sector | Toets", "Horeca | ja", "Coffeeshops | nee"]);
    }

    #[test]
    fn wrapped_cells_join_their_row() {
        let t = "Sector                      Toets\n\
                 Drank- en horeca-           ja\n\
                 vergunningen\n\
                 Coffeeshops                 nee\n\
                 (gedoogbeschikking)\n\
                 \n\
                 Toelichting";
        let rows: Vec<String> = joined(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            rows,
            [
                "Sector | Toets",
                "Drank- en horeca- vergunningen | ja",
                "Coffeeshops (gedoogbeschikking) | nee",
                "",
                "Toelichting"
            ]
        );
    }

    #[test]
    fn justified_prose_lists_and_headings_are_no_tables() {
        for t in [
            // justified prose: gaps of two spaces that do not line up
            "De  burgemeester  kan een vergunning weigeren als\nhet  belang van de openbare  orde dat vereist.",
            // leden and onderdelen laid out with a gap after the label
            "1.    De burgemeester kan de wet toepassen bij:\na.    horeca;\nb.    coffeeshops.",
            // a table of contents with page numbers
            "Artikel 1     Begripsbepalingen     3\nArtikel 2     Reikwijdte            4",
            "Inleiding      3\nReikwijdte     4",
            // a single row is no table
            "Coffeeshops       nee",
            // a Markdown pipe table padded with spaces keeps its pipes
            "| Sector        | Toets |\n| Horeca        | ja    |\n| Coffeeshops   | nee   |",
        ] {
            assert_eq!(rows(t), None, "{t}");
        }
    }
}
