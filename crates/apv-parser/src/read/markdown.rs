//! The Markdown reader: CommonMark (with pipe tables and a YAML front matter block) read with
//! pulldown-cmark and rendered as the lines the structure builder reads.
//!
//! What the markup states becomes the [`Mark`] of a line: ATX and setext headings are
//! [`Mark::Heading`] (one line each, whatever their emphasis), list items [`Mark::ListItem`]
//! with a numbered item's label as the source writes it ("3.", "2)") before its text, and a
//! paragraph line that opens with a bold run followed by more text [`Mark::BoldLead`], a table
//! row [`Mark::Table`].
//! Everything else is text for the builder's text rules, line by line as in the source: a
//! soft line break stays a line break, so "2. …" on a line of its own inside a paragraph is
//! still a lid to those rules, and "a." written as text stays text.
//!
//! Nothing of the text is dropped: emphasis, links, images, inline HTML and character
//! references lose their marks and keep their text (`<br>` becomes a space); a table row is
//! one line, its cells joined as every markup reader joins them; code blocks, HTML blocks
//! (tags removed) and the front matter keep their text line by line. A blank line of the
//! source before a block stays a blank line, which the builder reads as a paragraph break.
//! Each line remembers the source line it starts on and its bytes (from where its block or
//! line starts to the end of its last text), from the parser's byte offsets.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::lines::{LineIndex, join_cells};
use crate::model::{InputForm, Metadata, SourceBasis, SourceSpan, Warning};
use crate::source::{Mark, SourceText};

/// The extensions read: pipe tables (their cells are text) and a front matter block (whose
/// `---` would otherwise turn the block above into a setext heading). Footnotes,
/// strikethrough, task lists and the rest stay off: their marks are then kept as text, and
/// none of them is worth a pass of the parser.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);

/// Renders decoded Markdown (line ends unified) as the lines of a [`SourceText`].
pub(crate) fn read(text: &str, warnings: Vec<Warning>) -> SourceText {
    let mut r = Renderer::new(text);
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        r.event(event, range);
    }
    r.close_line();
    SourceText {
        form: InputForm::Markdown,
        text: r.out,
        line_origin: r.origin,
        source_spans: r.spans,
        source_basis: SourceBasis::Input,
        text_is_input: None,
        marks: r.marks,
        metadata: Metadata::default(),
        warnings,
    }
}

/// The list a list item belongs to.
#[derive(Debug, Clone, Copy)]
struct List {
    /// Numbered (`1.`, `1)`); its items' labels are taken from the source.
    ordered: bool,
}

/// Whether the open line starts with a bold run, and where it ends.
#[derive(Debug, Default, Clone, Copy)]
struct Lead {
    /// `Some(true)` when a bold run was open at the line's first letter or digit.
    bold_first: Option<bool>,
    /// Where the first bold run ended, in the output.
    end: Option<usize>,
}

/// A table being read: the cells of the row so far and the cell being written.
#[derive(Debug, Default)]
struct Table {
    cells: Vec<String>,
    cell: String,
    row_start: usize,
    /// Where the last cell read ended in the source.
    cell_end: usize,
}

struct Renderer<'a> {
    src: &'a str,
    index: LineIndex,
    /// The line of the source looked up last (see [`LineIndex::line_from`]).
    cursor: usize,
    /// The rendered text, lines separated by `\n`.
    out: String,
    origin: Vec<u32>,
    /// The bytes of the source each line was read from.
    spans: Vec<SourceSpan>,
    marks: Vec<Mark>,
    /// Where the open line starts in `out`; `None` when no line is open.
    line: Option<usize>,
    /// The open line is a list item's, holding only its label so far: the item's first
    /// paragraph goes on it.
    item_waiting: bool,
    /// Byte of the source just past the last text rendered (for blank lines between blocks).
    last_end: usize,
    /// Inside a heading: a line break is a space.
    heading: bool,
    /// Inside a code block, HTML block or front matter: text is taken line by line as it is.
    raw: bool,
    lists: Vec<List>,
    strong: u32,
    lead: Lead,
    table: Option<Table>,
}

impl<'a> Renderer<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            index: LineIndex::new(src.as_bytes()),
            cursor: 0,
            out: String::with_capacity(src.len()),
            origin: Vec::with_capacity(src.len() / 40),
            spans: Vec::with_capacity(src.len() / 40),
            marks: Vec::with_capacity(src.len() / 40),
            line: None,
            item_waiting: false,
            last_end: 0,
            heading: false,
            raw: false,
            lists: Vec::new(),
            strong: 0,
            lead: Lead::default(),
            table: None,
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) if self.raw => self.raw_text(&t, range),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t, range);
            }
            Event::Html(t) => self.raw_text(&strip_tags(&t), range),
            Event::InlineHtml(t) => {
                let b = t.as_bytes();
                if b.len() >= 3 && b[1..3].eq_ignore_ascii_case(b"br") {
                    self.text(" ", range);
                }
            }
            Event::FootnoteReference(label) => {
                self.text(&format!("[{label}]"), range);
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.heading || self.table.is_some() {
                    self.text(" ", range);
                } else if self.line.is_some() {
                    // the next line of a paragraph: as in the source, for the text rules
                    self.open_line(range.end, Mark::None);
                }
            }
            Event::Rule => self.close_line(),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if !std::mem::take(&mut self.item_waiting) {
                    self.open_line(range.start, Mark::None);
                }
            }
            Tag::Heading { .. } => {
                self.item_waiting = false;
                self.open_line(range.start, Mark::Heading);
                self.heading = true;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.item_waiting = false;
                self.close_line();
                self.raw = true;
            }
            Tag::List(first) => self.lists.push(List {
                ordered: first.is_some(),
            }),
            Tag::Item => {
                self.open_line(range.start, Mark::ListItem);
                // The label as written, whatever the nesting: in Markdown converted from PDF
                // or Word the indentation (and so the nesting) follows the page, not the
                // structure; the text rules read the label.
                if self.lists.last().is_some_and(|l| l.ordered)
                    && let Some(label) = ordered_label(&self.src[range.start..range.end])
                {
                    self.out.push_str(label);
                    self.out.push(' ');
                }
                self.item_waiting = true;
            }
            Tag::Table(_) => {
                self.close_line();
                self.table = Some(Table::default());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.cells.clear();
                    t.row_start = range.start;
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cell.clear();
                }
            }
            Tag::Strong => self.strong += 1,
            Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => self.close_line(),
            TagEnd::Heading(_) => {
                self.heading = false;
                self.close_line();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.raw = false;
                self.close_line();
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                self.item_waiting = false;
                self.close_line();
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.cells.push(cell);
                    t.cell_end = range.end;
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(mut t) = self.table.take() {
                    // cells past the header's number, which the parser leaves out
                    let row_end = range.end.max(t.cell_end);
                    let excess = self.src[t.cell_end.min(row_end)..row_end].lines().next();
                    t.cells.extend(excess.into_iter().flat_map(excess_cells));
                    // cells the parser added to a short row
                    while t.cells.last().is_some_and(|c| c.trim().is_empty()) {
                        t.cells.pop();
                    }
                    if !t.cells.is_empty() {
                        let row = join_cells(&t.cells);
                        self.open_line(t.row_start, Mark::Table);
                        self.out.push_str(&row);
                        self.last_end = row_end;
                        self.close_line();
                    }
                    self.table = Some(t);
                }
            }
            TagEnd::Table => self.table = None,
            TagEnd::Strong => {
                self.strong = self.strong.saturating_sub(1);
                if self.strong == 0 && self.lead.bold_first == Some(true) && self.lead.end.is_none()
                {
                    self.lead.end = Some(self.out.trim_end_matches(' ').len());
                }
            }
            TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Emphasis
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {}
        }
    }

    /// Appends inline text to the open line (or table cell), opening a line if none is.
    fn text(&mut self, t: &str, range: Range<usize>) {
        if let Some(table) = self.table.as_mut() {
            table.cell.push_str(t);
            return;
        }
        if self.line.is_none() {
            self.open_line(range.start, Mark::None);
        }
        self.item_waiting = false;
        if self.lead.bold_first.is_none() && t.chars().any(char::is_alphanumeric) {
            self.lead.bold_first = Some(self.strong > 0);
        }
        self.out.push_str(t);
        self.last_end = self.last_end.max(range.end);
    }

    /// Appends the text of a code block, HTML block or front matter: a line of output per
    /// line of it.
    fn raw_text(&mut self, t: &str, range: Range<usize>) {
        let first = self.index.line_from(range.start, &mut self.cursor);
        for (k, piece) in t.split_terminator('\n').enumerate() {
            let at = if k == 0 {
                range.start
            } else {
                self.index.start(first + k as u32).unwrap_or(range.start)
            };
            self.open_line(at, Mark::None);
            self.out.push_str(piece.trim());
            self.close_line();
            // the line's bytes: up to the end of its source line
            let line_end = self.index.start(self.index.line(at) + 1);
            let line_end = line_end.map_or(range.end, |s| s - 1).min(range.end);
            if let Some(span) = self.spans.last_mut() {
                span.end = line_end.max(span.start);
            }
        }
        self.last_end = self.last_end.max(range.end);
    }

    /// Closes the open line and opens a new one for the block or line starting at source byte
    /// `at`; a blank source line since the last text becomes an empty line first.
    fn open_line(&mut self, at: usize, mark: Mark) {
        self.close_line();
        if !self.out.is_empty() || !self.origin.is_empty() {
            // from the byte before: a block's range may end just past its line's `\n`
            let from = self.last_end.saturating_sub(1).min(at);
            if blank_line_between(&self.src.as_bytes()[from..at]) {
                self.out.push('\n');
                let line = self.index.line_from(at, &mut self.cursor);
                self.origin.push(line.saturating_sub(1).max(1));
                self.spans.push(SourceSpan::new(at, at));
                self.marks.push(Mark::None);
            }
            self.out.push('\n');
        }
        self.line = Some(self.out.len());
        let line = self.index.line_from(at, &mut self.cursor);
        self.origin.push(line);
        self.spans.push(SourceSpan::new(at, at));
        self.marks.push(mark);
        self.lead = Lead {
            // a bold run that goes on from the line before does not open this one
            bold_first: (self.strong > 0).then_some(false),
            end: None,
        };
        self.last_end = self.last_end.max(at);
    }

    /// Closes the open line; a bold run that ends before other words is remembered.
    fn close_line(&mut self) {
        let Some(start) = self.line.take() else {
            return;
        };
        if let Some(span) = self.spans.last_mut() {
            span.end = self.last_end.max(span.start);
        }
        if let Some(end) = self.lead.end
            && self.out[end..].chars().any(char::is_alphanumeric)
            && let Some(mark @ (Mark::None | Mark::ListItem)) = self.marks.last_mut()
        {
            *mark = Mark::BoldLead(end - start);
        }
    }
}

/// The text of the cells of a table row that come after the header's number of cells (GFM
/// leaves them out of the table): the rest of the row's source, split at unescaped `|`, each
/// piece read as Markdown for its text.
fn excess_cells(rest: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut from = 0;
    let b = rest.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'|' && (i == 0 || b[i - 1] != b'\\') {
            cells.push(&rest[from..i]);
            from = i + 1;
        }
    }
    cells.push(&rest[from..]);
    cells
        .into_iter()
        .map(|cell| {
            let mut text = String::new();
            for event in Parser::new_ext(cell.trim(), Options::empty()) {
                match event {
                    Event::Text(t) | Event::Code(t) => text.push_str(&t),
                    Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            text
        })
        .filter(|c| !c.trim().is_empty())
        .collect()
}

/// Whether `gap` (the source between two pieces of text) holds a line of white space only.
fn blank_line_between(gap: &[u8]) -> bool {
    let mut newlines = memchr::memchr_iter(b'\n', gap);
    let Some(mut prev) = newlines.next() else {
        return false;
    };
    for nl in newlines {
        if gap[prev + 1..nl]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'>'))
        {
            return true;
        }
        prev = nl;
    }
    false
}

/// The label of a numbered list item as the source writes it ("3.", "12)"), from the item's
/// source.
fn ordered_label(item: &str) -> Option<&str> {
    let s = item.trim_start_matches([' ', '\t']);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.' | b')'))).then(|| &s[..=digits])
}

/// The text of raw HTML: tags removed (a tag that breaks text, such as `<td>` or `<br>`,
/// leaves a space), comments dropped, character references decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
        } else if rest.starts_with('<') {
            match rest.find('>') {
                Some(e) => {
                    let name = rest[1..e].trim_start_matches('/');
                    let name_len = name
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .unwrap_or(name.len());
                    if !INLINE_TAGS
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(&name[..name_len]))
                    {
                        out.push(' ');
                    }
                    rest = &rest[e + 1..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            match character_reference(rest) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tags inside a word or sentence: removing them leaves no space.
const INLINE_TAGS: [&str; 14] = [
    "a", "b", "i", "u", "s", "em", "strong", "sup", "sub", "span", "font", "small", "mark", "abbr",
];

/// A character reference at the start of `s` (`&amp;`, `&#233;`, `&#x2019;`): the character
/// and the reference's length.
fn character_reference(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..end];
    let ch = match name.strip_prefix('#') {
        Some(num) => {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\u{a0}')?
        }
        None => super::html::named_entity(name)?,
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines and marks of rendered Markdown, a mark shown before its line.
    fn render(md: &str) -> Vec<String> {
        let src = read(md, Vec::new());
        assert_eq!(src.line_origin.len(), src.marks.len());
        assert_eq!(src.text.split('\n').count(), src.marks.len());
        src.text
            .split('\n')
            .zip(&src.marks)
            .map(|(l, m)| match m {
                Mark::None => l.to_string(),
                Mark::Heading => format!("H {l}"),
                Mark::ListItem => format!("LI {l}"),
                Mark::BoldLead(n) => format!("B[{}]{}", &l[..*n], &l[*n..]),
                Mark::Table => format!("T {l}"),
                other => format!("{other:?} {l}"),
            })
            .collect()
    }

    fn origins(md: &str) -> Vec<u32> {
        read(md, Vec::new()).line_origin
    }

    #[test]
    fn headings_atx_and_setext_are_marked_without_their_marks() {
        assert_eq!(
            render("# **Hoofdstuk 1** #\n\nArtikel 1 *Begrippen*\n---------\nTekst.\n"),
            vec!["H Hoofdstuk 1", "", "H Artikel 1 Begrippen", "Tekst."]
        );
    }

    #[test]
    fn ordered_items_keep_their_number_and_letters_stay_text() {
        assert_eq!(
            render("3. Derde lid:\na. een;\n4) Vierde lid.\n\n- b. twee\n"),
            vec![
                "LI 3. Derde lid:",
                "a. een;",
                "LI 4) Vierde lid.",
                "",
                "LI b. twee"
            ]
        );
    }

    #[test]
    fn nested_items_keep_their_labels_as_written() {
        assert_eq!(
            render("- a. weg:\n  1. de rijbaan;\n  2. de berm;\n- b. water.\n"),
            vec![
                "LI a. weg:",
                "LI 1. de rijbaan;",
                "LI 2. de berm;",
                "LI b. water."
            ]
        );
    }

    #[test]
    fn table_cells_past_the_header_are_kept() {
        assert_eq!(
            render("| a | b |\n|---|---|\n| 1 | **2** | 3<br>4 | `5` \\| 6 |\n||||\n| x |\n"),
            vec!["T a | b", "T 1 | 2 | 3 4 | 5 | 6", "T x"]
        );
    }

    #[test]
    fn paragraphs_keep_their_lines_and_blank_lines() {
        assert_eq!(
            render("Een\ntwee\n\n\ndrie  \nvier\n"),
            vec!["Een", "twee", "", "drie", "vier"]
        );
        assert_eq!(
            origins("Een\ntwee\n\n\ndrie  \nvier\n"),
            vec![1, 2, 4, 5, 6]
        );
    }

    #[test]
    fn a_bold_run_before_more_words_is_a_lead() {
        assert_eq!(
            render("**Artikel 2:76 Titel** Volgens dit artikel.\n\n**Alleen vet**\n"),
            vec![
                "B[Artikel 2:76 Titel] Volgens dit artikel.",
                "",
                "Alleen vet"
            ]
        );
        // a bold run that spans a line break opens neither line
        assert_eq!(
            render("**Artikel 2\nTitel** tekst\n"),
            vec!["Artikel 2", "Titel tekst"]
        );
    }

    #[test]
    fn inline_marks_go_and_their_text_stays() {
        assert_eq!(
            render(
                "Zie [artikel 2](#a2), ![kaart](k.png), `code`, 1<sup>o</sup>, a<br>b &amp; caf&eacute; &rArr;\n"
            ),
            vec!["Zie artikel 2, kaart, code, 1o, a b & café ⇒"]
        );
    }

    #[test]
    fn tables_code_html_and_front_matter_keep_their_text() {
        let md = "---\ntitle: Een\n---\n\n| a | b |\n|---|---|\n| 1. | c |\n\n```\nx  y\n```\n\n<div>\n<p>Tekst &amp; meer</p>\n</div>\n";
        assert_eq!(
            render(md),
            vec![
                "title: Een",
                "",
                "T a | b",
                "T 1. c",
                "",
                "x  y",
                "",
                "",
                "Tekst & meer",
                ""
            ]
        );
        assert_eq!(origins(md), vec![2, 4, 5, 7, 9, 10, 12, 13, 14, 15]);
    }
}
