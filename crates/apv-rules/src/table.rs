//! Tables of a document: which rows and columns an answer cell takes out of the text.
//!
//! Bibob policies often state their scope as a table: a row per sector or kind of decision,
//! and a column saying whether the Bibob test applies ("ja"/"nee", "x"/"-", "standaard
//! toets"/"geen toets", "van toepassing"/"niet van toepassing", "facultatief", "alleen bij
//! …"). Every reader hands a table row over as one line whose cells are joined by ` | `
//! (Markdown pipe rows written in plain text keep their outer pipes); this module reads those
//! lines back into tables and says:
//!
//! * where each row starts and where the table ends: a row is a clause of its own (like an
//!   onderdeel of the enumeration its table completes), and the text after a table is a new
//!   sentence, so that neither a negation nor a co-occurrence reaches from one row into the
//!   next;
//! * which rows a negating answer excludes: a row whose answers are all negating ("nee",
//!   "niet", "geen", "-", "n.v.t.", "niet van toepassing", "geen toets") and none positive
//!   ("ja", "x", "wel", "standaard", or a partial answer such as "facultatief", "alleen bij
//!   …", "in bepaalde gevallen", "nee, tenzij …"). A mark ("x", "✓") means what the header of
//!   its column says, so an "x" under "Niet van toepassing" negates; a header row of such a
//!   table is no row of answers itself;
//! * which column headers are excluded: in a table whose columns are kinds of decisions
//!   ("Vergunning | Subsidie | Vastgoed") and whose rows are sectors, a column in which every
//!   answer negates takes its header out.
//!
//! Only lines holding a `|` are looked at (found with `memchr`), so a document without tables
//! costs one vectorised search.

use std::ops::Range;

/// What a table says about a document, in byte offsets of the document's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tables {
    /// Where each row starts (a new clause).
    pub row_starts: Vec<usize>,
    /// Where each table ends (a new sentence).
    pub table_ends: Vec<usize>,
    /// Ranges a negating answer excludes (whole rows, column headers), in text order.
    pub excluded: Vec<Range<usize>>,
    /// Every row, in text order: its range and the header cells of the columns in which it
    /// holds a mark (what the mark says).
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// The row's line.
    pub range: Range<usize>,
    /// The header cells of the columns where this row holds a mark ("x" under "Facultatief").
    pub marked_headers: Vec<Range<usize>>,
    /// The row answers whether the test applies (a word or a mark): it, not the text around
    /// the table, says how.
    pub answered: bool,
}

/// What one cell answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// "ja", "wel", "van toepassing", "standaard", "altijd".
    Yes,
    /// "facultatief", "alleen bij …", "in bepaalde gevallen", "nee, tenzij …": applies in
    /// some cases, which the norm accepts (the "kan"-bepaling).
    Partial,
    /// "nee", "niet", "geen", "-", "n.v.t.", "niet van toepassing", "geen toets".
    No,
    /// A mark ("x", "✓", "•"): what its column's header says.
    Mark,
    /// Nothing.
    Empty,
    /// Anything else: a sector, a description, a reference.
    Text,
}

impl Answer {
    fn is_answer(self) -> bool {
        matches!(
            self,
            Answer::Yes | Answer::Partial | Answer::No | Answer::Mark
        )
    }
}

/// Answers that negate, as the whole cell or its head before a comma or bracket.
const NO: [&str; 22] = [
    "nee",
    "neen",
    "niet",
    "geen",
    "nooit",
    "n.v.t.",
    "n.v.t",
    "nvt",
    "n.v.t.:",
    "niet van toepassing",
    "niet toegepast",
    "wordt niet toegepast",
    "niet getoetst",
    "wordt niet getoetst",
    "niet toetsen",
    "geen toets",
    "geen toetsing",
    "geen bibob-toets",
    "geen bibobtoets",
    "geen bibob-onderzoek",
    "geen bibob",
    "uitgezonderd",
];

/// Answers that apply the test.
const YES: [&str; 18] = [
    "ja",
    "wel",
    "van toepassing",
    "toegepast",
    "standaard",
    "standaardtoets",
    "standaard toets",
    "standaard toetsen",
    "altijd",
    "in alle gevallen",
    "verplicht",
    "toets",
    "toetsen",
    "bibob-toets",
    "bibobtoets",
    "volledig",
    "volledige toets",
    "getoetst",
];

/// Words that, in what follows an answer, make it partial: it applies in some cases ("nee,
/// tenzij …", "ja, alleen bij signalen").
const PARTIAL: [&str; 24] = [
    "alleen",
    "uitsluitend",
    "slechts",
    "facultatief",
    "facultatieve",
    "optioneel",
    "tenzij",
    "behalve",
    "mits",
    "indien",
    "wanneer",
    "kan",
    "kunnen",
    "soms",
    "gevallen",
    "geval",
    "signalen",
    "aanwijzingen",
    "twijfel",
    "indicatie",
    "deels",
    "gedeeltelijk",
    "beperkt",
    "wel",
];

/// Words that open a partial answer by themselves ("facultatief", "alleen bij …").
const PARTIAL_FIRST: [&str; 14] = [
    "alleen",
    "uitsluitend",
    "slechts",
    "facultatief",
    "optioneel",
    "kan",
    "kan-bepaling",
    "kanbepaling",
    "soms",
    "indien",
    "mits",
    "deels",
    "gedeeltelijk",
    "beperkt",
];

/// Words that open a partial answer when cases follow ("in bepaalde gevallen", "bij
/// signalen", "op indicatie", "zo nodig"), unlike a sector that starts with them ("bij
/// evenementen").
const CASES: [&str; 9] = [
    "gevallen",
    "geval",
    "bepaalde",
    "voorkomende",
    "signalen",
    "aanwijzingen",
    "twijfel",
    "indicatie",
    "nodig",
];

/// Characters that stand alone as a mark.
const MARKS: [&str; 10] = ["x", "v", "✓", "✔", "√", "•", "●", "☑", "☒", "■"];

/// Characters that stand alone as a negating answer.
const DASHES: [&str; 6] = ["-", "--", "–", "—", "−", "✗"];

/// The answer of one cell.
fn answer(cell: &str) -> Answer {
    let t = cell.trim().trim_end_matches(['.', ';', ',', ':']).trim();
    if t.is_empty() {
        return Answer::Empty;
    }
    // A long cell is a description, not an answer.
    if t.len() > 120 {
        return Answer::Text;
    }
    if DASHES.contains(&t) {
        return Answer::No;
    }
    let lower = t.to_lowercase();
    if MARKS.contains(&lower.as_str()) {
        return Answer::Mark;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let partial_in = |s: &str| words(s).iter().any(|w| PARTIAL.contains(&w.as_str()));
    // The head of the cell (up to a comma, bracket, colon, semicolon or dash) is the answer;
    // the rest explains it, and makes it partial when it names cases.
    let head_end = lower
        .find([',', '(', ':', ';', '/'])
        .or_else(|| lower.find(" - "))
        .or_else(|| lower.find(" – "))
        .unwrap_or(lower.len());
    let head = lower[..head_end].trim().trim_end_matches('.');
    let tail = &lower[head_end..];
    if NO.contains(&head) {
        return if partial_in(tail) {
            Answer::Partial
        } else {
            Answer::No
        };
    }
    if YES.contains(&head) {
        return if partial_in(tail) {
            Answer::Partial
        } else {
            Answer::Yes
        };
    }
    // "niet standaard", "niet altijd", "alleen bij signalen", "in bepaalde gevallen",
    // "facultatief": the test applies in some cases. "Niet bij subsidies" names what it is
    // not about; it decides nothing about the row.
    let first = words(head);
    let partial = match first.as_slice() {
        [] => false,
        [a, b] if a == "niet" => matches!(b.as_str(), "standaard" | "altijd" | "verplicht"),
        [a, rest @ ..] if PARTIAL_FIRST.contains(&a.as_str()) => rest.len() < 16,
        [a, rest @ ..] if matches!(a.as_str(), "bij" | "in" | "op" | "zo") => {
            rest.len() < 16 && rest.iter().any(|w| CASES.contains(&w.as_str()))
        }
        _ => false,
    };
    if partial {
        return Answer::Partial;
    }
    Answer::Text
}

/// One row read back: its line and its cells.
#[derive(Clone)]
struct Line {
    range: Range<usize>,
    cells: Vec<Range<usize>>,
}

/// The cells of a line holding a `|`: the text between the pipes, trimmed; a leading and a
/// trailing pipe (a Markdown pipe row written as text) open and close no cell. `None` for a
/// line of fewer than two cells or a Markdown separator row (`|---|:--|`), which
/// `separator` then says.
fn cells(text: &str, range: Range<usize>) -> (Option<Vec<Range<usize>>>, bool) {
    let line = &text[range.clone()];
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, _) in line
        .match_indices('|')
        .chain(std::iter::once((line.len(), "")))
    {
        let raw = &line[start..i];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let s = range.start + start + lead;
        out.push(s..s + trimmed.len());
        start = i + 1;
    }
    let trimmed_line = line.trim();
    if trimmed_line.starts_with('|') && out.first().is_some_and(|c| c.is_empty()) {
        out.remove(0);
    }
    if trimmed_line.ends_with('|') && out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    let separator = !out.is_empty()
        && out.iter().all(|c| {
            let t = &text[c.clone()];
            t.bytes().all(|b| matches!(b, b'-' | b':' | b' ')) && t.contains("---")
        });
    if separator || out.len() < 2 {
        return (None, separator);
    }
    (Some(out), false)
}

/// Reads the tables of `text` (a document's text: lines separated by `\n`).
pub(crate) fn read(text: &str) -> Tables {
    let bytes = text.as_bytes();
    let mut out = Tables::default();
    // The lines holding a pipe, grouped into tables of consecutive lines.
    let mut tables: Vec<Vec<Line>> = Vec::new();
    let mut line_end = 0usize;
    let mut last_row_end: Option<usize> = None;
    for pipe in memchr::memchr_iter(b'|', bytes) {
        if pipe < line_end {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..pipe]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &bytes[pipe..]).map_or(bytes.len(), |i| pipe + i);
        let (cells, separator) = cells(text, start..line_end);
        // The next line after the last row (or separator) continues the table.
        let continues = last_row_end.is_some_and(|e| e + 1 == start);
        if separator {
            if continues {
                last_row_end = Some(line_end);
            }
            continue;
        }
        let Some(cells) = cells else {
            continue;
        };
        if !continues || tables.is_empty() {
            tables.push(Vec::new());
        }
        if let Some(t) = tables.last_mut() {
            t.push(Line {
                range: start..line_end,
                cells,
            });
        }
        last_row_end = Some(line_end);
    }
    // A ticked table interrupted by one line that is no row (a section row spanning the
    // table, "Vergunningen") goes on under the same header.
    let mut header: Option<Line> = None;
    let mut prev_end: Option<usize> = None;
    for rows in &tables {
        let Some(first) = rows.first() else { continue };
        let one_line_apart = prev_end.is_some_and(|e| {
            e < first.range.start
                && memchr::memchr_iter(b'\n', &bytes[e..first.range.start]).count() == 2
        });
        let inherited = header.as_ref().filter(|_| one_line_apart);
        header = judge(text, rows, inherited, &mut out);
        prev_end = rows.last().map(|r| r.range.end);
    }
    out.excluded.sort_by_key(|r| r.start);
    out
}

/// Row starts, table end and exclusions of one table; `inherited` is the header of the
/// ticked table it continues. Returns the header of a ticked table.
fn judge(text: &str, rows: &[Line], inherited: Option<&Line>, out: &mut Tables) -> Option<Line> {
    let last = rows.last()?;
    let answers_of =
        |l: &Line| -> Vec<Answer> { l.cells.iter().map(|c| answer(&text[c.clone()])).collect() };
    let answers: Vec<Vec<Answer>> = rows.iter().map(answers_of).collect();
    let cell = |r: usize, c: usize| answers.get(r).and_then(|a| a.get(c)).copied();
    // The first row is a header when it holds no mark and a later row holds one: the table
    // is ticked, and a mark means what its column's header says.
    let own_header = !answers[0].contains(&Answer::Mark)
        && answers[1..].iter().any(|a| a.contains(&Answer::Mark));
    let header: Option<&Line> = if own_header {
        Some(&rows[0])
    } else {
        inherited.filter(|_| answers.iter().any(|a| a.contains(&Answer::Mark)))
    };
    let header_answers = header.map(answers_of).unwrap_or_default();
    let header_says = |c: usize| -> Answer {
        match header_answers.get(c) {
            Some(&a @ (Answer::Yes | Answer::Partial | Answer::No)) => a,
            _ => Answer::Yes,
        }
    };
    let meaning = |r: usize, c: usize| -> Answer {
        match cell(r, c) {
            Some(Answer::Mark) => header_says(c),
            Some(a) => a,
            None => Answer::Empty,
        }
    };
    for (r, row) in rows.iter().enumerate() {
        out.row_starts.push(row.range.start);
        let marked_headers = match header {
            Some(h) if !(own_header && r == 0) => (0..row.cells.len())
                .filter(|&c| cell(r, c) == Some(Answer::Mark))
                .filter_map(|c| h.cells.get(c).cloned())
                .collect(),
            _ => Vec::new(),
        };
        out.rows.push(Row {
            range: row.range.clone(),
            marked_headers,
            answered: answers[r].iter().any(|a| a.is_answer()),
        });
        if own_header && r == 0 {
            continue;
        }
        let said: Vec<Answer> = (0..row.cells.len()).map(|c| meaning(r, c)).collect();
        let negates = said.contains(&Answer::No);
        let affirms = said
            .iter()
            .any(|a| matches!(a, Answer::Yes | Answer::Partial));
        if negates && !affirms {
            out.excluded.push(row.range.clone());
        }
    }
    out.table_ends.push(last.range.end);
    // Columns that are kinds of decisions: a header over answers that all negate.
    if rows.len() >= 2 {
        for (c, head) in rows[0].cells.iter().enumerate() {
            if cell(0, c) != Some(Answer::Text) {
                continue;
            }
            let below: Vec<Answer> = (1..rows.len())
                .map(|r| match cell(r, c) {
                    Some(Answer::Mark) => Answer::Yes,
                    Some(a) => a,
                    None => Answer::Empty,
                })
                .filter(|a| a.is_answer())
                .collect();
            if below.contains(&Answer::No)
                && !below
                    .iter()
                    .any(|a| matches!(a, Answer::Yes | Answer::Partial))
            {
                out.excluded.push(head.clone());
            }
        }
    }
    // A lone row without marks may head the ticked rows after a section row.
    let lone_head = rows.len() == 1 && !answers[0].contains(&Answer::Mark);
    header
        .cloned()
        .or_else(|| lone_head.then(|| rows[0].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(text: &str) -> Vec<&str> {
        read(text)
            .excluded
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn answers_are_read_from_their_cells() {
        for no in [
            "nee",
            "Nee.",
            "niet",
            "geen",
            "-",
            "–",
            "n.v.t.",
            "N.v.t.",
            "niet van toepassing",
            "Geen toets",
            "geen Bibob-toets",
            "Nee (de provincie beslist)",
            "Niet van toepassing; zie de Omgevingswet",
        ] {
            assert_eq!(answer(no), Answer::No, "{no}");
        }
        for yes in [
            "ja",
            "Ja",
            "wel",
            "van toepassing",
            "Standaard toets",
            "altijd",
        ] {
            assert_eq!(answer(yes), Answer::Yes, "{yes}");
        }
        for partial in [
            "facultatief",
            "alleen bij signalen",
            "in bepaalde gevallen",
            "in gevallen als bedoeld in artikel 4",
            "Nee, tenzij er aanwijzingen zijn",
            "ja, alleen bij nieuwe aanvragen",
            "niet standaard",
            "kan-bepaling",
            "bij signalen van ondermijning",
            "op indicatie",
        ] {
            assert_eq!(answer(partial), Answer::Partial, "{partial}");
        }
        for mark in ["x", "X", "✓", "•"] {
            assert_eq!(answer(mark), Answer::Mark, "{mark}");
        }
        for text in [
            "Coffeeshops",
            "Niet bij subsidies",
            "Bij evenementen met vechtsport",
            "In- en uitvoer",
            "Drank- en horecavergunning",
            "Sector",
        ] {
            assert_eq!(answer(text), Answer::Text, "{text}");
        }
    }

    #[test]
    fn a_negating_answer_excludes_its_row_only() {
        let t = "Sector | Bibob-toets\nHoreca | ja\nCoffeeshops | nee\nSubsidies | -\nVastgoed | facultatief\nKansspelen | n.v.t.";
        assert_eq!(
            excluded(t),
            ["Coffeeshops | nee", "Subsidies | -", "Kansspelen | n.v.t."]
        );
        let tables = read(t);
        assert_eq!(tables.row_starts.len(), 6);
        assert_eq!(tables.table_ends, [t.len()]);
    }

    #[test]
    fn markdown_rows_written_as_text_keep_their_pipes() {
        let t = "| Sector | Toets |\n|---|:---:|\n| Horeca | ja |\n| Coffeeshops | nee |\nTekst.\n| Subsidies | nee |";
        assert_eq!(
            excluded(t),
            ["| Coffeeshops | nee |", "| Subsidies | nee |"]
        );
        // a line without a pipe ends a table; the separator row is no row
        let tables = read(t);
        assert_eq!(tables.row_starts.len(), 4);
        assert_eq!(tables.table_ends.len(), 2);
    }

    #[test]
    fn a_mark_means_what_its_header_says() {
        let t = "Branche | Van toepassing | Niet van toepassing\nHoreca | x |\nCoffeeshops | | x\nSubsidies | ✓ |";
        assert_eq!(excluded(t), ["Coffeeshops | | x"]);
        let tables = read(t);
        let row = &tables.rows[1];
        assert_eq!(
            row.marked_headers
                .iter()
                .map(|r| &t[r.clone()])
                .collect::<Vec<_>>(),
            ["Van toepassing"]
        );
    }

    #[test]
    fn a_header_that_says_niet_for_another_column_excludes_nothing_by_itself() {
        let t = "Branche | Standaard | Facultatief | Niet\nHoreca | x | |\nCoffeeshops | | x |\nVastgoed | | | x";
        assert_eq!(excluded(t), ["Vastgoed | | | x"]);
        let t = "Soort beschikking | Bibob-toets | Niet bedoeld voor\nHoreca | ja | paracommercie";
        assert!(excluded(t).is_empty());
    }

    #[test]
    fn a_section_row_does_not_end_what_the_header_says() {
        let t = "Beschikking | Van toepassing | Niet van toepassing\nVergunningen\nHoreca | x |\nCoffeeshops | | x\nOverige\nSubsidies | | x\nTekst.\nTekst.\nVastgoed | | x";
        // (the last row stands two lines away: no longer under the header, "x" means yes)
        assert_eq!(excluded(t), ["Coffeeshops | | x", "Subsidies | | x"]);
    }

    #[test]
    fn a_partial_or_mixed_row_is_not_excluded() {
        let t = "Sector | Standaard | Kan-bepaling\nCoffeeshops | nee | ja\nHoreca | ja | nee\nSubsidies | nee | nee";
        assert_eq!(excluded(t), ["Subsidies | nee | nee"]);
    }

    #[test]
    fn a_column_of_negating_answers_excludes_its_header() {
        let t = "Branche | Vergunning | Subsidie | Vastgoedtransactie\nHoreca | ja | nee | nee\nCoffeeshops | nee | nee | nee";
        assert_eq!(
            excluded(t),
            [
                "Subsidie",
                "Vastgoedtransactie",
                "Coffeeshops | nee | nee | nee"
            ]
        );
    }

    #[test]
    fn prose_with_a_pipe_and_single_cells_are_no_tables() {
        assert!(
            read("Artikel 2 Reikwijdte\nDe wet wordt toegepast.")
                .rows
                .is_empty()
        );
        assert!(read("een regel | \n").rows.is_empty());
    }
}
