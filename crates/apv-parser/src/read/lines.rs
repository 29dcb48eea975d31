//! Helpers shared by the markup readers (CVDR XML, HTML, .docx): the sink of rendered lines
//! with their original line numbers, white-space collapsing, list labels, the table-of-contents
//! filter and the validity period ("Geldend van … t/m …") found in metadata.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::{InputForm, Metadata, SourceBasis, SourceSpan, Warning, WarningKind};
use crate::source::{Mark, SourceText};

/// Where a rendered line came from: its 1-based line in the input and the byte range of the
/// block it was read from, in the text the reader parsed (mapped to the input's bytes by
/// [`super::decode::OffsetMap`] when the two differ).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// 1-based line of the input.
    pub(crate) line: u32,
    /// The block's bytes.
    pub(crate) span: SourceSpan,
}

impl Origin {
    /// The origin of a block that starts where `self` starts and ends where `later` ends.
    pub(crate) fn through(self, later: Origin) -> Origin {
        let end = later.span.end.max(self.span.start);
        Origin {
            line: self.line,
            span: SourceSpan::new(self.span.start, end),
        }
    }

    /// The same origin ending at byte `end` (not before it starts).
    pub(crate) fn until(self, end: usize) -> Origin {
        Origin {
            line: self.line,
            span: SourceSpan::new(self.span.start, end.max(self.span.start)),
        }
    }
}

/// Rendered lines plus, for each, where in the original input it came from.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// Each rendered line (white space collapsed, never empty) with its origin.
    pub(crate) lines: Vec<Line>,
    /// The bytes each line of `lines` was read from (kept apart so that a line stays small).
    spans: Vec<SourceSpan>,
}

/// One rendered line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The text, white space collapsed.
    pub(crate) text: String,
    /// 1-based line in the original input.
    pub(crate) origin: u32,
    /// What the markup says the line is.
    pub(crate) mark: Mark,
}

impl Lines {
    /// Appends a line; white space is collapsed and an empty line is dropped.
    pub(crate) fn push(&mut self, text: &str, origin: Origin, heading: bool) {
        self.push_collapsed(collapse_ws(text), origin, heading);
    }

    /// Appends a line that is collapsed already ([`collapse_ws`]); an empty line is dropped.
    pub(crate) fn push_collapsed(&mut self, text: String, origin: Origin, heading: bool) {
        let mark = if heading { Mark::Heading } else { Mark::None };
        self.push_marked(text, origin, mark);
    }

    /// Appends a line that is collapsed already with what the markup says it is; an empty
    /// line is dropped.
    pub(crate) fn push_marked(&mut self, text: String, origin: Origin, mark: Mark) {
        if !text.is_empty() {
            self.lines.push(Line {
                text,
                origin: origin.line,
                mark,
            });
            self.spans.push(origin.span);
        }
    }

    /// Joins the lines into the text, line origins, source spans (in the text the reader
    /// parsed) and marks of a [`crate::SourceText`].
    pub(crate) fn finish(self) -> Finished {
        let mut out = Finished {
            text: String::new(),
            line_origin: Vec::with_capacity(self.lines.len()),
            source_spans: self.spans,
            marks: Vec::with_capacity(self.lines.len()),
        };
        for line in self.lines {
            if !out.text.is_empty() {
                out.text.push('\n');
            }
            out.text.push_str(&line.text);
            out.line_origin.push(line.origin);
            out.marks.push(line.mark);
        }
        out
    }
}

/// The lines of a reader joined ([`Lines::finish`]), as the fields of a [`crate::SourceText`].
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) text: String,
    pub(crate) line_origin: Vec<u32>,
    pub(crate) source_spans: Vec<SourceSpan>,
    pub(crate) marks: Vec<Mark>,
}

impl Finished {
    /// The [`SourceText`] of a markup reader: these lines, with spans counted in `basis`.
    pub(crate) fn into_source(
        self,
        form: InputForm,
        source_basis: SourceBasis,
        metadata: Metadata,
        warnings: Vec<Warning>,
    ) -> SourceText {
        SourceText {
            form,
            text: self.text,
            line_origin: self.line_origin,
            source_spans: self.source_spans,
            source_basis,
            text_is_input: None,
            marks: self.marks,
            metadata,
            warnings,
        }
    }
}

/// Collapses runs of white space (including no-break spaces) into one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    push_collapsed(&mut out, &mut pending, s);
    out
}

/// Appends `s` to `out` with white space collapsed as [`collapse_ws`] does; `pending` carries
/// white space seen at the end of one piece over to the next, so that pushing pieces one by one
/// gives the same text as collapsing them joined.
pub(crate) fn push_collapsed(out: &mut String, pending: &mut bool, s: &str) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b > b' ' && b < 0x80 {
            // Printable ASCII: part of a word.
            i += 1;
            continue;
        }
        let (space, len) = if b < 0x80 {
            (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (
                c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}',
                c.len_utf8(),
            )
        };
        if space {
            if run < i {
                if *pending && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[run..i]);
            }
            *pending = true;
            run = i + len;
        }
        i += len;
    }
    if run < bytes.len() {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[run..]);
        *pending = false;
    }
}

/// Maps byte offsets of an input to 1-based line numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        Self { starts }
    }

    /// The origin of the block at bytes `range`: the line of its first byte and the range.
    pub(crate) fn origin(&self, range: Range<usize>) -> Origin {
        Origin {
            line: self.line(range.start),
            span: SourceSpan::new(range.start, range.end),
        }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    }

    /// The byte offset where 1-based line `line` starts, if the text has that line.
    pub(crate) fn start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    /// As [`LineIndex::line`], for offsets that mostly come in text order: `cursor` (0 at
    /// first) remembers the line found last, and a lookup at or after it walks forward from
    /// there instead of searching the whole index.
    pub(crate) fn line_from(&self, offset: usize, cursor: &mut usize) -> u32 {
        let mut i = *cursor;
        if self.starts.get(i).is_none_or(|&s| s > offset) {
            i = (self.line(offset) - 1) as usize;
        } else {
            while self.starts.get(i + 1).is_some_and(|&s| s <= offset) {
                i += 1;
            }
        }
        *cursor = i;
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    }
}

/// The kind of a leading list label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// "1." or "1"
    Number,
    /// "a." or "a"
    Letter,
    /// "1°"
    Degree,
}

/// The label a line starts with ("1.", "a.", "1°", "2a."), its kind and its byte length.
pub(crate) fn leading_label(s: &str) -> Option<(LabelKind, usize)> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 3 {
        let mut i = digits;
        if b.get(i).is_some_and(|c| c.is_ascii_lowercase())
            && b.get(i + 1).is_some_and(|c| *c == b'.')
        {
            i += 1;
        }
        if b.get(i) == Some(&b'.') && !b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            return Some((LabelKind::Number, i + 1));
        }
        if s[i..].starts_with('°') {
            return Some((LabelKind::Degree, i + '°'.len_utf8()));
        }
        return None;
    }
    let letters = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    if (1..=2).contains(&letters) && b.get(letters) == Some(&b'.') {
        return Some((LabelKind::Letter, letters + 1));
    }
    None
}

/// Rewrites a leading "1." into "1°": a numbered item nested inside an onderdeel is a
/// sub-onderdeel, which the structure builder recognises by the degree sign.
pub(crate) fn as_sub_item(s: &str) -> String {
    match leading_label(s) {
        Some((LabelKind::Number, len)) => {
            let num = s[..len].trim_end_matches('.');
            format!("{num}°{}", &s[len..])
        }
        _ => s.to_string(),
    }
}

/// Formats a list counter the way a list type asks ("1", "a", "A", "i", "I").
pub(crate) fn format_counter(n: u32, style: CounterStyle) -> String {
    match style {
        CounterStyle::Decimal => n.to_string(),
        CounterStyle::LowerLetter => letters(n),
        CounterStyle::UpperLetter => letters(n).to_uppercase(),
        CounterStyle::LowerRoman => roman(n),
        CounterStyle::UpperRoman => roman(n).to_uppercase(),
    }
}

/// How a list counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CounterStyle {
    /// 1, 2, 3
    Decimal,
    /// a, b, c … z, aa
    LowerLetter,
    /// A, B, C
    UpperLetter,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
}

fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    // Word and HTML repeat the letter after z: aa, bb …
    let idx = (n - 1) % 26;
    let times = (n - 1) / 26 + 1;
    let c = char::from(b'a' + idx as u8);
    std::iter::repeat_n(c, times.min(10) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Joins the cells of a table row with ` | `. A row whose first cell holds only a list label
/// ("1.", "a.", "2°") is a list laid out as a table: the label then leads the text.
pub(crate) fn join_cells(cells: &[String]) -> String {
    let mut cells: Vec<String> = cells.iter().map(|c| collapse_ws(c)).collect();
    // Empty cells before the first text only indent (a nested list laid out as a table).
    let leading_empty = cells.iter().take_while(|c| c.is_empty()).count();
    if leading_empty < cells.len() {
        cells.drain(..leading_empty);
    }
    if cells.len() >= 2 {
        let first = cells[0].as_str();
        let only_label =
            leading_label(&format!("{first} x")).is_some_and(|(_, len)| len == first.len());
        if only_label {
            let rest: Vec<&str> = cells[1..]
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            return format!("{first} {}", rest.join(" | "));
        }
    }
    cells.join(" | ")
}

/// What a table row is: a list laid out as a table when its first cell holds only a label
/// (its line is then read as any list line), else a row of a table ([`Mark::Table`]).
pub(crate) fn row_mark(cells: &[String]) -> Mark {
    let first = cells
        .iter()
        .map(|c| collapse_ws(c))
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    let only_label = !first.is_empty()
        && leading_label(&format!("{first} x")).is_some_and(|(_, len)| len == first.len());
    if only_label { Mark::None } else { Mark::Table }
}

/// `s` in ASCII lower case, borrowed when it is already (element and attribute names).
pub(crate) fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether a line is a structural heading ("Artikel 2:28 …", "Hoofdstuk 2 …", "§ 3 …").
pub(crate) fn is_structural_heading(s: &str) -> bool {
    if !s.chars().next().is_some_and(may_start_heading) {
        return false;
    }
    let lower = s.to_lowercase();
    let rest = [
        "artikel ",
        "art. ",
        "hoofdstuk ",
        "afdeling ",
        "paragraaf ",
        "§",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p));
    rest.is_some_and(|r| {
        r.trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
    })
}

/// Whether a structural heading can start with `c`: only "A", "H", "P" and "§" lower-case to
/// the first character of one.
pub(crate) fn may_start_heading(c: char) -> bool {
    matches!(c, 'a' | 'A' | 'h' | 'H' | 'p' | 'P' | '§')
}

/// Writes a repeal note that is an article's whole body ("Vervallen per 1 januari 2020.",
/// "(vervallen)") as the `[Vervallen]` line the structure builder marks repealed articles by.
pub(crate) fn normalise_repeal_notes(lines: &mut [Line]) {
    for i in 1..lines.len() {
        let body_alone = lines
            .get(i + 1)
            .is_none_or(|next| is_structural_heading(&next.text));
        if body_alone
            && is_structural_heading(&lines[i - 1].text)
            && crate::repeal::is_repeal_marker(&lines[i].text)
        {
            lines[i].text = "[Vervallen]".into();
        }
    }
}

/// Reads a validity period written as text ("Geldend van 01-01-2024 t/m heden",
/// "geldend van 1-3-2019 t/m 31-12-2023") into the metadata. Returns whether one was found.
pub(crate) fn read_validity_text(s: &str, meta: &mut Metadata) -> bool {
    let lower = collapse_ws(s).to_lowercase();
    let Some(pos) = lower.find("t/m") else {
        return false;
    };
    let before = &lower[..pos];
    let after = lower[pos + 3..].trim_start();
    let from = before.split_whitespace().last().and_then(parse_date);
    let until_word = after.split_whitespace().next().unwrap_or("");
    if from.is_none() && !before.contains("geldend") {
        return false;
    }
    if let Some(from) = from {
        meta.valid_from.get_or_insert(from);
    }
    if until_word.starts_with("heden") {
        meta.valid_until = None;
    } else if let Some(until) = parse_date(until_word) {
        meta.valid_until = Some(until);
        meta.historical = true;
    }
    true
}

/// Parses "01-01-2024", "1-3-2019" or "2024-01-01" into an ISO date; returns `None` for
/// anything else.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(['.', ',', ';', ')']);
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].len() == 4 {
        (nums[2], nums[1], nums[0])
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The warning for a historical version, when the metadata says it is one.
pub(crate) fn historical_warning(meta: &Metadata) -> Option<Warning> {
    if !meta.historical {
        return None;
    }
    let message = match &meta.valid_until {
        Some(until) => format!(
            "this is a historical version (valid until {until}), not the regulation in force"
        ),
        None => "this regulation is marked as repealed or historical, not in force".to_string(),
    };
    Some(Warning {
        kind: WarningKind::HistoricalVersion,
        line: None,
        span: None,
        source: None,
        message,
    })
}

/// Strips "Gemeente " from a municipality name as written in metadata.
pub(crate) fn municipality_name(s: &str) -> Option<String> {
    let s = collapse_ws(s);
    let lower = s.to_lowercase();
    let name = if lower.starts_with("gemeente ") {
        s["gemeente ".len()..].trim().to_string()
    } else {
        s
    };
    (!name.is_empty()).then_some(name)
}

/// Finds "CVDR" followed by digits ("CVDR96108_5" gives "CVDR96108").
pub(crate) fn cvdr_id(s: &str) -> Option<String> {
    let pos = s.find("CVDR")?;
    let digits: String = s[pos + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!digits.is_empty()).then(|| format!("CVDR{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_found_from_a_cursor_is_the_line_searched() {
        let text = b"een\n\ntwee\ndrie\n\n\nvier";
        let index = LineIndex::new(text);
        // in order, backwards, jumping, and past the end
        let order: Vec<usize> = (0..=text.len())
            .chain((0..=text.len()).rev())
            .chain([3, 20, 0, 11, 12, 4, 99])
            .collect();
        let mut cursor = 0;
        for offset in order {
            assert_eq!(
                index.line_from(offset, &mut cursor),
                index.line(offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn collapses_white_space_across_pieces() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [
            "",
            "  ",
            " a  b\t\nc ",
            "a\u{a0}\u{202f}b\u{3000}c\u{85}",
            "één\u{2009} twee  ",
            "\r\n\x0b\x0cx",
        ] {
            assert_eq!(collapse_ws(s), reference(s), "{s:?}");
            for cut in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                let (mut out, mut pending) = (String::new(), false);
                push_collapsed(&mut out, &mut pending, &s[..cut]);
                push_collapsed(&mut out, &mut pending, &s[cut..]);
                assert_eq!(out, reference(s), "{s:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn collapses_white_space_and_no_break_spaces() {
        assert_eq!(
            collapse_ws("  Artikel\u{a0}2:28\n\t Exploitatie  "),
            "Artikel 2:28 Exploitatie"
        );
    }

    #[test]
    fn finds_leading_labels() {
        assert_eq!(leading_label("1. Het is"), Some((LabelKind::Number, 2)));
        assert_eq!(leading_label("2a. Het is"), Some((LabelKind::Number, 3)));
        assert_eq!(leading_label("b. de"), Some((LabelKind::Letter, 2)));
        assert_eq!(leading_label("3° een"), Some((LabelKind::Degree, 3)));
        assert_eq!(leading_label("2.28 iets"), None);
        assert_eq!(leading_label("Het"), None);
        assert_eq!(as_sub_item("2. een"), "2° een");
        assert_eq!(as_sub_item("b. een"), "b. een");
    }

    #[test]
    fn joins_cells_and_lists_laid_out_as_tables() {
        let row = |c: &[&str]| join_cells(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(row(&["Zone", "Tijd"]), "Zone | Tijd");
        assert_eq!(row(&["1.", "Het is verboden."]), "1. Het is verboden.");
        assert_eq!(row(&["b.", " de weg;"]), "b. de weg;");
        assert_eq!(row(&["2°", "een optocht."]), "2° een optocht.");
        assert_eq!(row(&["1", "Zone A"]), "1 | Zone A");
        assert_eq!(row(&["", "a.", "de berm."]), "a. de berm.");
    }

    #[test]
    fn formats_counters() {
        assert_eq!(format_counter(3, CounterStyle::LowerLetter), "c");
        assert_eq!(format_counter(27, CounterStyle::LowerLetter), "aa");
        assert_eq!(format_counter(4, CounterStyle::UpperRoman), "IV");
        assert_eq!(format_counter(12, CounterStyle::Decimal), "12");
    }

    #[test]
    fn reads_validity_periods() {
        let mut m = Metadata::default();
        assert!(read_validity_text(
            "Geldend van 01-01-2024 t/m heden",
            &mut m
        ));
        assert_eq!(m.valid_from.as_deref(), Some("2024-01-01"));
        assert!(!m.historical);
        let mut m = Metadata::default();
        assert!(read_validity_text(
            "Geldend van 1-3-2019 t/m 31-12-2023",
            &mut m
        ));
        assert_eq!(m.valid_until.as_deref(), Some("2023-12-31"));
        assert!(m.historical);
        assert!(historical_warning(&m).is_some());
        assert!(!read_validity_text("Het college", &mut Metadata::default()));
    }

    #[test]
    fn repeal_notes_become_markers() {
        let mk = |t: &str| Line {
            text: t.into(),
            origin: 1,
            mark: Mark::None,
        };
        let mut lines = vec![
            mk("Artikel 3"),
            mk("Vervallen per 1 januari 2020."),
            mk("Artikel 4 Slot"),
            mk("Vervallen is de vergunning als de houder overlijdt."),
        ];
        normalise_repeal_notes(&mut lines);
        assert_eq!(lines[1].text, "[Vervallen]");
        assert_eq!(
            lines[3].text,
            "Vervallen is de vergunning als de houder overlijdt."
        );
    }

    #[test]
    fn maps_offsets_to_lines() {
        let idx = LineIndex::new(b"ab\ncd\n\nef");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(6), 3);
        assert_eq!(idx.line(7), 4);
    }
}
