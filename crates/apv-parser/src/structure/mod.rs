//! The structure builder: finds hoofdstukken, afdelingen, paragrafen, artikelen, leden,
//! onderdelen and sub-onderdelen in normalised text and builds the node tree.
//!
//! Three steps, each a single pass over the lines:
//! 1. classify every line: a heading (with its number, title and repeal flag), a model-variant
//!    label, a table-of-contents marker, or text;
//! 2. find tables of contents (runs of headings without bodies) and the closing text after
//!    the last article;
//! 3. walk the lines with a stack of open nodes, splitting text lines into leden, onderdelen
//!    and sub-onderdelen (also when several run together on one line).
//!
//! Nodes cover the text without gaps: a node runs from its first byte to the first byte of
//! the next node at its level or above, so every byte belongs to exactly one node's own text.

pub mod outline;

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use regex::Regex;

pub use outline::outline;

use crate::model::{Node, NodeId, NodeKind, Span, Warning, WarningKind};
use crate::normalize::{LineInfo, Normalized};
use crate::number::{
    NumberKey, is_next_item_letter, normalize_article_number, normalize_unit_number, roman_value,
};
pub use crate::repeal::is_repeal_marker;
use crate::repeal::repeal_suffix;
use crate::source::{Mark, MarkedItem, MarkedUnit, Region};

/// The nodes and warnings found in a normalised text.
#[derive(Debug, Default)]
pub struct Structure {
    /// All nodes; parents before children, in document order.
    pub nodes: Vec<Node>,
    /// Top-level nodes in order.
    pub roots: Vec<NodeId>,
    /// Warnings about the structure (duplicates, sequence, gaps, empty headings).
    pub warnings: Vec<Warning>,
    /// What was seen, for an error message when no article was found.
    pub seen: String,
}

/// Depth of a structural unit: hoofdstuk 1 … sub-onderdeel 7; preamble, toc, closing 0.
fn level(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::Chapter => 1,
        NodeKind::Section => 2,
        NodeKind::Paragraph => 3,
        NodeKind::Article => 4,
        NodeKind::Member => 5,
        NodeKind::Item => 6,
        NodeKind::SubItem => 7,
        _ => 0,
    }
}

/// A heading line.
#[derive(Debug, Clone)]
struct Heading {
    kind: NodeKind,
    raw_number: String,
    number: String,
    title: Option<String>,
    repealed: bool,
    /// Absolute end of the heading text (the line end, or the end of a bold heading run).
    end: usize,
    /// The title is followed by dot leaders or a page number: a table-of-contents entry.
    toc_entry: bool,
    /// The title was taken from the next line.
    title_line: Option<usize>,
    /// The markup stated this heading (its kind, number and title): no text rule second-guesses
    /// it.
    marked: bool,
}

#[derive(Debug, Clone)]
enum Class {
    Text,
    Heading(Box<Heading>),
    /// "Variant 2 (Vergunningplicht)" or another annotation between model texts.
    Variant,
    /// "Inhoudsopgave".
    TocMarker,
    /// A line already used as the title of the heading above it.
    Title,
    /// A running header of PDF text repeating the heading of the unit the page is in
    /// ("Hoofdstuk 2 Openbare orde" at the top of every page of that chapter).
    Repeat,
}

/// Builds the structure of a normalised text.
pub fn build_structure(norm: &Normalized) -> Structure {
    let lines = &norm.lines;
    let mut classes: Vec<Class> = Vec::with_capacity(lines.len());
    for (i, info) in lines.iter().enumerate() {
        classes.push(classify(norm, i, info));
    }
    join_split_article_words(norm, &mut classes);
    accept_lower_case_titles(norm, &mut classes);
    join_wrapped_toc_entries(norm, &mut classes);
    take_titles_from_next_line(norm, &mut classes);
    let toc = find_tocs(norm, &classes);
    mark_running_headers(&mut classes, &toc);
    let has_articles = classes.iter().enumerate().any(|(i, c)| {
        matches!(c, Class::Heading(h) if h.kind == NodeKind::Article)
            && !toc.iter().any(|&(s, e)| s <= i && i < e)
    });
    let end = regulation_end(norm, &classes, &toc, has_articles);
    let mut b = Builder::new(norm, has_articles);
    let mut toc_iter = toc.iter().peekable();
    let mut i = 0;
    while i < lines.len() {
        if let Some(&&(ts, te)) = toc_iter.peek()
            && ts == i
        {
            b.root_container(NodeKind::Toc, i);
            let end = lines.get(te).map_or(norm.text.len(), |l| l.start);
            b.close_to(0, end);
            i = te;
            toc_iter.next();
            continue;
        }
        if let Some((start, kind)) = end
            && start == i
        {
            b.parts_after(i, kind);
            break;
        }
        match &mut classes[i] {
            Class::Heading(h) => b.heading(i, h),
            Class::Title => {}
            // a running header stays with the open node; after a table of contents, where none
            // is open, it opens the text that follows
            Class::Repeat => b.ensure_container(i, lines[i].start),
            Class::Variant => b.variant(i),
            Class::Text | Class::TocMarker => {
                let l = lines[i];
                b.text(i, l.start, l.end);
            }
        }
        i += 1;
    }
    b.finish(&classes)
}

static DOT_LEADER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s*(?:\.[ ]?){3,}|\s*…+|\s*(?:_{3,}|-{3,}))\s*\d{0,4}\s*$|\s{2,}\d{1,4}$")
        .expect("dot leader pattern")
});

fn classify(norm: &Normalized, i: usize, info: &LineInfo) -> Class {
    let full = norm.line_text(i);
    match norm.mark(i) {
        Mark::Unit(unit) => {
            if let Some(h) = marked_heading(unit, info) {
                return Class::Heading(Box::new(h));
            }
        }
        Mark::Heading => {
            if let Some(h) = parse_heading(full, info.end, true) {
                return Class::Heading(Box::new(h));
            }
        }
        // a line the markup opens as a lid or an item starts with its label, never a heading
        Mark::Lid(Some(_)) | Mark::Item(MarkedItem { label: Some(_), .. }) => return Class::Text,
        Mark::None | Mark::Region(_) | Mark::Lid(None) | Mark::Item(_) => {}
        Mark::Table | Mark::Paragraph | Mark::ListItem | Mark::BoldLead(_) => {}
    }
    let first = full.as_bytes()[0];
    if matches!(first, b'A' | b'H' | b'P' | b'\xC2') {
        // a bold heading run that stops before the line's end: only it can be the heading
        if let Some(be) = info.bold_end {
            let head = &norm.text[info.start..be];
            if let Some(h) = parse_heading(head, be, true) {
                return Class::Heading(Box::new(h));
            }
        }
        if let Some(h) = parse_heading(full, info.end, false)
            && !(h.kind == NodeKind::Article && continues_sentence(norm, i, &h))
        {
            return Class::Heading(Box::new(h));
        }
    }
    if first == b'[' {
        // a facultative unit of a model text in plain text: "[Artikel 2:14 Winkelwagentjes"
        let inner = full[1..].trim_start();
        if inner.starts_with(['A', 'H', 'P'])
            && let Some(h) = parse_heading(inner, info.end, false)
        {
            return Class::Heading(Box::new(h));
        }
    }
    if matches!(first, b'V' | b'v') && is_variant(full) {
        return Class::Variant;
    }
    if matches!(first, b'I' | b'i' | b'T') && is_toc_marker(full) {
        return Class::TocMarker;
    }
    Class::Text
}

/// Whether a plain line that reads as an article heading continues the sentence of the line
/// before: that line ends in a word or comma, not a sentence or heading end, with no blank
/// line between, and the "title" reads as a clause ("… bedoeld in" + "Artikel 35 Alcoholwet
/// blijft van toepassing.").
fn continues_sentence(norm: &Normalized, i: usize, h: &Heading) -> bool {
    if i == 0 || norm.lines[i].blank_before {
        return false;
    }
    let before = norm.line_text(i - 1);
    let open = before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || c == ',')
        && article_prefix(before).is_none()
        && unit_prefix(before).is_none();
    let clause = h.title.as_deref().is_some_and(|t| {
        t.ends_with('.')
            || t.split_whitespace()
                .take(4)
                .skip(1)
                .any(|w| CLAUSE_VERBS.contains(&w))
    });
    open && clause
}

/// Verbs and participles that make "Artikel 35 Alcoholwet blijft …" a clause, not a title.
const CLAUSE_VERBS: [&str; 18] = [
    "is", "zijn", "wordt", "worden", "werd", "geldt", "gelden", "blijft", "blijven", "heeft",
    "hebben", "kan", "mag", "moet", "vindt", "bedoeld", "juncto", "niet",
];

fn is_variant(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 9
        && b[..8].eq_ignore_ascii_case(b"variant ")
        && (b[8].is_ascii_digit() || b[8].is_ascii_uppercase())
        && t.len() < 120
}

fn is_toc_marker(t: &str) -> bool {
    let t = t.trim_end_matches([':', ' ', '.']);
    [
        "inhoudsopgave",
        "inhoud",
        "inhoudsoverzicht",
        "inhoudstafel",
        "table of contents",
    ]
    .iter()
    .any(|w| t.eq_ignore_ascii_case(w))
}

/// The heading the markup states: its kind, number and title as the markup gives them, with
/// the repeal marks of the title read as for any heading. `None` when the number is not one
/// (then the line is classified from its text).
fn marked_heading(unit: &MarkedUnit, info: &LineInfo) -> Option<Heading> {
    let raw_number = unit.number.trim();
    let number = match unit.kind {
        NodeKind::Article => normalize_article_number(raw_number)?,
        _ if raw_number.is_empty() => return None,
        _ => normalize_unit_number(raw_number),
    };
    let mut repealed = unit.repealed;
    let mut title = unit.title.as_deref().map_or("", str::trim);
    if is_repeal_marker(title) {
        repealed = true;
        title = "";
    } else if let Some(at) = repeal_suffix(title) {
        repealed = true;
        title = title[..at].trim_end();
    }
    Some(Heading {
        kind: unit.kind,
        raw_number: raw_number.to_string(),
        number,
        title: clean_title(title),
        repealed,
        end: info.end,
        toc_entry: false,
        title_line: None,
        marked: true,
    })
}

/// Parses a heading line. `strong` says the line is marked as a heading (a bold run); plain
/// lines must look like headings, not like sentences that start with "Artikel 2 …".
fn parse_heading(t: &str, end: usize, strong: bool) -> Option<Heading> {
    let b = t.as_bytes();
    let (kind, raw_number, title_from) = if b.len() > 4 && b[..3].eq_ignore_ascii_case(b"art") {
        let (raw, title_from) = article_prefix(t)?;
        (NodeKind::Article, raw.to_string(), title_from)
    } else {
        let (kind, raw, title_from) = unit_prefix(t)?;
        (kind, raw.to_string(), title_from)
    };
    let number = if kind == NodeKind::Article {
        normalize_article_number(&raw_number)?
    } else {
        normalize_unit_number(&raw_number)
    };
    let mut title = t[title_from..].trim();
    let mut toc_entry = false;
    let mut dotted = false;
    if let Some(m) = may_hold_leader(title).then(|| dot_leader(title)).flatten()
        && (m.start > 0 || title[m.clone()].contains(['.', '…']))
    {
        toc_entry = true;
        dotted = title[m.clone()].contains(['.', '…']);
        title = title[..m.start].trim_end();
    }
    let mut repealed = false;
    if is_repeal_marker(title) {
        repealed = true;
        title = "";
    } else if let Some(at) = repeal_suffix(title) {
        repealed = true;
        title = title[..at].trim_end();
    }
    // a title followed by a dot leader is a table-of-contents entry, whatever its first
    // letter ("Artikel 7 inwerkingtreding ....... 2"): prose has no dot leaders
    let heading_like = strong || dotted;
    if let Some(c) = title.chars().next() {
        let ok_start = c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '(' | '[' | '‘' | '\'' | '"' | '“' | '„' | '«');
        if !ok_start && !heading_like {
            return None;
        }
        if !heading_like && looks_like_sentence(title) {
            return None;
        }
    }
    let title = clean_title(title);
    Some(Heading {
        kind,
        raw_number,
        number,
        title,
        repealed,
        end,
        toc_entry,
        title_line: None,
        marked: false,
    })
}

/// Whether `title` may end in a dot leader or a page number: it ends in a digit, or holds
/// `_`, `..`, `---` or `…` (one pass over its bytes).
fn may_hold_leader(title: &str) -> bool {
    let b = title.as_bytes();
    b.last().is_some_and(u8::is_ascii_digit)
        || b.iter().enumerate().any(|(i, &c)| match c {
            b'_' => true,
            b'.' => b.get(i + 1) == Some(&b'.'),
            b'-' => b[i..].starts_with(b"---"),
            // the first byte of '…'
            0xE2 => b[i..].starts_with("…".as_bytes()),
            _ => false,
        })
}

/// Where [`DOT_LEADER_RE`] matches `title`. Leaders of plain dots, spaces and digits (nearly
/// all of them) are found by hand, scanning back from the end; anything else goes to the
/// regex.
fn dot_leader(title: &str) -> Option<std::ops::Range<usize>> {
    let b = title.as_bytes();
    let len = b.len();
    // the tail of spaces, dots and digits: a match of the pattern lies within it unless the
    // character before it can be matched too
    let tail = len
        - b.iter()
            .rev()
            .take_while(|&&c| matches!(c, b' ' | b'.' | b'0'..=b'9'))
            .count();
    if title[..tail]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_whitespace() || c.is_numeric() || matches!(c, '…' | '_' | '-'))
    {
        return DOT_LEADER_RE.find(title).map(|m| m.range());
    }
    let spaces_before = |at: usize| b[tail..at].iter().rev().take_while(|&&c| c == b' ').count();
    // `\s{2,}\d{1,4}$`
    let digits = b[tail..]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let by_number = ((1..=4).contains(&digits) && spaces_before(len - digits) >= 2)
        .then(|| len - digits - spaces_before(len - digits));
    // `\s*(?:\.[ ]?){3,}\s*\d{0,4}\s*$`: after the last dot only spaces around at most four
    // digits; before it the dots, at most one space apart, and the spaces in front of them
    let by_dots = memchr::memrchr(b'.', &b[tail..]).and_then(|last| {
        let last = tail + last;
        let after = &b[last + 1..];
        let lead = after.iter().take_while(|&&c| c == b' ').count();
        let number = after[lead..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if number > 4 || after[lead + number..].iter().any(|&c| c != b' ') {
            return None;
        }
        let (mut first, mut dots) = (last, 1);
        loop {
            if first > tail && b[first - 1] == b'.' {
                first -= 1;
            } else if first > tail + 1 && b[first - 1] == b' ' && b[first - 2] == b'.' {
                first -= 2;
            } else {
                break;
            }
            dots += 1;
        }
        (dots >= 3).then(|| first - spaces_before(first))
    });
    let start = match (by_number, by_dots) {
        (Some(n), Some(d)) => n.min(d),
        (n, d) => n.or(d)?,
    };
    Some(start..len)
}

/// The article word and number at the start of a heading line: `Artikel 2:28a`,
/// `Art. 1:1.`, `ARTIKEL 2.3.1`. Returns the raw number (with a trailing period when there
/// is one) and where the title starts (after a separator such as ` - ` or `:`).
fn article_prefix(t: &str) -> Option<(&str, usize)> {
    let b = t.as_bytes();
    let mut i = ["Artikel", "ARTIKEL", "Art.", "ART."]
        .iter()
        .find(|w| t.starts_with(*w))?
        .len();
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let num_start = i;
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let d = digits(i);
    if !(1..=4).contains(&d) {
        return None;
    }
    i += d;
    for _ in 0..3 {
        // [ ]?[:.][ ]?\d{1,4}
        let mut j = i;
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        if !matches!(b.get(j), Some(b':' | b'.')) {
            break;
        }
        j += 1;
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        let d = digits(j);
        if !(1..=4).contains(&d) {
            break;
        }
        i = j + d;
    }
    // a letter suffix that ends the word
    if b.get(i).is_some_and(u8::is_ascii_alphabetic) && !word_char_at(t, i + 1) {
        i += 1;
    }
    let mut num_end = i;
    if b.get(i) == Some(&b'.') {
        i += 1;
        num_end = i;
    }
    Some((&t[num_start..num_end], separator_end(t, i)?))
}

/// The unit word and number at the start of a line: `Hoofdstuk 2`, `AFDELING 8A`,
/// `Paragraaf 3.1`, `§ 2`, `HOOFDSTUK IV`.
fn unit_prefix(t: &str) -> Option<(NodeKind, &str, usize)> {
    let b = t.as_bytes();
    let (kind, word) = [
        (NodeKind::Chapter, "Hoofdstuk"),
        (NodeKind::Chapter, "HOOFDSTUK"),
        (NodeKind::Section, "Afdeling"),
        (NodeKind::Section, "AFDELING"),
        (NodeKind::Paragraph, "Paragraaf"),
        (NodeKind::Paragraph, "PARAGRAAF"),
        (NodeKind::Paragraph, "§"),
    ]
    .into_iter()
    .find(|(_, w)| t.starts_with(w))?;
    let mut i = word.len();
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let num_start = i;
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let d = digits(i);
    if (1..=3).contains(&d) {
        i += d;
        for _ in 0..3 {
            if b.get(i) != Some(&b'.') {
                break;
            }
            let d = digits(i + 1);
            if !(1..=3).contains(&d) {
                break;
            }
            i += 1 + d;
        }
        if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
    } else {
        let r = b[i..]
            .iter()
            .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'L' | b'C'))
            .count();
        if !(1..=6).contains(&r) {
            return None;
        }
        i += r;
    }
    if word_char_at(t, i) {
        return None;
    }
    let num_end = i;
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    Some((kind, &t[num_start..num_end], separator_end(t, i)?))
}

/// Whether a word character (letter, digit, `_`) starts at byte `i`.
fn word_char_at(t: &str, i: usize) -> bool {
    t.get(i..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// After a heading number: the end of a separator (` - `, `: `, spaces) before the title, or
/// the end of the line. `None` when the number runs straight into other text.
fn separator_end(t: &str, i: usize) -> Option<usize> {
    let rest = &t[i..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let after = &rest[spaces..];
    if let Some(c) = after.chars().next()
        && matches!(c, '-' | '–' | '—' | ':')
    {
        let r = &after[c.len_utf8()..];
        return Some(t.len() - r.trim_start_matches(' ').len());
    }
    if spaces > 0 || rest.is_empty() {
        Some(i + spaces)
    } else {
        None
    }
}

/// A plain line after "Artikel 2" that reads as a sentence, not a title.
fn looks_like_sentence(title: &str) -> bool {
    if !chars_at_most(title, 160) {
        return true;
    }
    let ends =
        title.ends_with(['.', ';', ',']) && !title.ends_with("e.d.") && !title.ends_with("enz.");
    ends && title.split_whitespace().count() > 8
}

/// Whether `t` has at most `n` characters (counted only when it has more than `n` bytes).
fn chars_at_most(t: &str, n: usize) -> bool {
    t.len() <= n || t.chars().count() <= n
}

/// Removes facultative brackets and stray marks from a title.
fn clean_title(title: &str) -> Option<String> {
    // most titles have nothing to remove but at their ends
    let mut prev = b' ';
    let plain = !title.bytes().any(|c| {
        let removed = matches!(c, b'[' | b']') || (c == b' ' && prev == b' ');
        prev = c;
        removed
    });
    if plain {
        let t = title.trim().trim_end_matches([':', ' ']);
        return (!t.is_empty()).then(|| t.to_string());
    }
    let mut out = String::with_capacity(title.len());
    // `[`, `]` and spaces are ASCII: copy the runs between them whole
    let mut run = 0;
    for (i, &c) in title.as_bytes().iter().enumerate() {
        if matches!(c, b'[' | b']' | b' ') {
            out.push_str(&title[run..i]);
            run = i + 1;
            if c == b' ' && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    out.push_str(&title[run..]);
    let trimmed = out.trim();
    let from = out.len() - out.trim_start().len();
    let to = from + trimmed.trim_end_matches([':', ' ']).len();
    if from > 0 {
        out = out[from..to].to_string();
    } else {
        out.truncate(to);
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a line of text ends in the first part of an article number that the next line
/// finishes: "… of artikel 2:" or "… artikel 2." (PDF text breaks lines anywhere).
fn ends_with_article_fragment(t: &str) -> bool {
    let Some(rest) = t.strip_suffix([':', '.']) else {
        return false;
    };
    let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=3).contains(&digits) {
        return false;
    }
    let before = rest[..rest.len() - digits].trim_end();
    before.len() < rest.len() - digits
        && before.rsplit(' ').next().is_some_and(|w| {
            w.eq_ignore_ascii_case("artikel") || w.eq_ignore_ascii_case("artikelen")
        })
}

/// "Artikel" alone on a line of PDF text with its number and title on the next: "Artikel" +
/// "2:3 Betogingen" is one heading; so is "Artikel 2:" + "10 Venten".
fn join_split_article_words(norm: &Normalized, classes: &mut [Class]) {
    for i in 0..classes.len().saturating_sub(1) {
        if !matches!(classes[i + 1], Class::Text) {
            continue;
        }
        let sep = match &classes[i] {
            Class::Text => {
                let line = &norm.lines[i];
                if line.end - line.start > 12 {
                    continue;
                }
                " "
            }
            // "Artikel 2:" + "10 Venten": a number broken after its colon, read as article 2
            Class::Heading(h) if !h.marked && h.kind == NodeKind::Article && h.title.is_none() => {
                ""
            }
            _ => continue,
        };
        let t = norm.line_text(i).trim_end();
        let starts_heading = if sep.is_empty() {
            t.ends_with(':') && t[..t.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        } else {
            matches!(t, "Artikel" | "ARTIKEL" | "Art.")
        };
        if starts_heading {
            join_heading_lines(norm, classes, i, t, sep);
        }
    }
}

/// Reads line `i` (`t`, the start of an article heading) and the next as one heading, joined
/// by `sep`, when the next starts with a digit and the two read as an article heading.
fn join_heading_lines(norm: &Normalized, classes: &mut [Class], i: usize, t: &str, sep: &str) {
    let next = norm.line_text(i + 1);
    let before_ends = i == 0
        || norm.lines[i].blank_before
        || norm.line_text(i - 1).ends_with(['.', ';', ':'])
        || matches!(classes[i - 1], Class::Heading(_) | Class::Title);
    if !before_ends || !next.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let joined = format!("{t}{sep}{next}");
    if let Some(mut h) = parse_heading(&joined, norm.lines[i + 1].end, false)
        && h.kind == NodeKind::Article
        && !h.toc_entry
    {
        h.title_line = Some(i + 1);
        classes[i] = Class::Heading(Box::new(h));
        classes[i + 1] = Class::Title;
    }
}

/// Article headings whose title starts with a lower-case letter ("Artikel 4:12 vervaltermijn
/// vergunning") in text without markup (PDF text). The text rules take such a line for a
/// sentence; it is a heading where the document sets at least three other article headings
/// the same way (number and title alone on their line), the line before it ends a sentence,
/// its title reads as a name rather than a clause, and its number follows on between the
/// articles around it.
fn accept_lower_case_titles(norm: &Normalized, classes: &mut [Class]) {
    let article_key = |c: &Class| match c {
        Class::Heading(h) if h.kind == NodeKind::Article && !h.toc_entry => {
            Some(NumberKey::of(&h.number))
        }
        _ => None,
    };
    let alone = classes
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            matches!(c, Class::Heading(h) if h.kind == NodeKind::Article
                && !h.toc_entry && h.title.is_some() && h.end == norm.lines[*i].end)
        })
        .count();
    if alone < 3 {
        return;
    }
    // The keys of the article headings around a candidate line are made only for a candidate
    // (few lines are): the last article heading before it, and the first after it (a line
    // accepted as a heading changes neither for the lines after it).
    let is_article =
        |c: &Class| matches!(c, Class::Heading(h) if h.kind == NodeKind::Article && !h.toc_entry);
    let mut prev_at: Option<usize> = None;
    let mut next_at = 0;
    for i in 0..classes.len() {
        if is_article(&classes[i]) {
            prev_at = Some(i);
            continue;
        }
        if !matches!(classes[i], Class::Text) {
            continue;
        }
        let full = norm.line_text(i);
        if !full.starts_with("Art") || full.len() > 120 {
            continue;
        }
        let info = &norm.lines[i];
        let Some(h) = parse_heading(full, info.end, true) else {
            continue;
        };
        if h.kind != NodeKind::Article || h.toc_entry {
            continue;
        }
        let Some(title) = h.title.as_deref() else {
            continue;
        };
        let first_word = title.split_whitespace().next().unwrap_or("");
        let name_like = title.chars().next().is_some_and(char::is_lowercase)
            && title.split_whitespace().count() <= 10
            && !title.ends_with(['.', ';', ':', ','])
            && !CLAUSE_WORDS.contains(&first_word);
        // the line before ends a sentence, is a heading, or continues a heading's title
        // ("Hoofdstuk 3 Regulering prostitutie, seksbranche en aanverwante" + "onderwerpen")
        let wrapped_heading_before = i >= 2
            && matches!(classes[i - 2], Class::Heading(_))
            && chars_at_most(norm.line_text(i - 1), 60)
            && norm
                .line_text(i - 1)
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        let before_ends = i == 0
            || info.blank_before
            || wrapped_heading_before
            || matches!(classes[i - 1], Class::Heading(_) | Class::Title)
            || norm.line_text(i - 1).ends_with(['.', ';', ':']);
        let Some(key) = NumberKey::of(&h.number) else {
            continue;
        };
        let prev = prev_at.and_then(|p| article_key(&classes[p]).flatten());
        if next_at <= i {
            next_at = (i + 1..classes.len())
                .find(|&j| is_article(&classes[j]))
                .unwrap_or(classes.len());
        }
        let next = classes.get(next_at).and_then(|c| article_key(c).flatten());
        let follows_on = prev.is_some_and(|p| p < key) && next.is_none_or(|n| key < n);
        if name_like && before_ends && follows_on {
            prev_at = Some(i);
            classes[i] = Class::Heading(Box::new(h));
        }
    }
}

/// Words that start a clause after "Artikel 4:12" in running text ("… is van toepassing",
/// "… eerste lid"), never a title.
const CLAUSE_WORDS: [&str; 30] = [
    "is", "zijn", "wordt", "worden", "werd", "geldt", "gelden", "blijft", "blijven", "heeft",
    "hebben", "kan", "mag", "moet", "vindt", "van", "en", "of", "tot", "met", "in", "op", "onder",
    "sub", "lid", "bedoeld", "juncto", "jo.", "aanhef", "niet",
];

/// Table-of-contents entries whose title wraps (PDF text): "Artikel 1:2 Beslistermijn bij" +
/// "vergunningen en ontheffingen ....... 4". The heading takes the continuation lines (at most
/// three, short, not starting a lid or onderdeel) up to the one that ends in a dot leader and
/// page number, or in a page number alone (at most three digits after a lower-case fragment
/// that does not end a sentence) when the same heading comes back later; it is then a
/// table-of-contents entry, and its continuation is not body text.
fn join_wrapped_toc_entries(norm: &Normalized, classes: &mut [Class]) {
    // the headings' numbers per kind, to see whether one comes back later (made when a
    // continuation first ends in a page number alone)
    let mut last_seen: Option<HashMap<(u8, &str), usize>> = None;
    let mut joins: Vec<(usize, usize, String)> = Vec::new();
    for i in 0..classes.len() {
        let Class::Heading(h) = &classes[i] else {
            continue;
        };
        if h.marked || h.toc_entry || h.end < norm.lines[i].end {
            continue;
        }
        // the continuation lines, trimmed, up to the one that ends the entry
        let mut parts: [&str; 3] = [""; 3];
        let after = classes.iter().enumerate().skip(i + 1).take(3);
        for (k, (j, class)) in after.enumerate() {
            if !matches!(class, Class::Text) || norm.lines[j].list {
                break;
            }
            let t = norm.line_text(j);
            if !chars_at_most(t, 120) || leading_marker(t).is_some() {
                break;
            }
            let leader = dot_leader(t).filter(|m| t[m.clone()].contains(['.', '…', '_']));
            let number = t
                .rsplit_once(' ')
                .filter(|(before, n)| {
                    (1..=3).contains(&n.len())
                        && n.bytes().all(|b| b.is_ascii_digit())
                        && before.chars().next().is_some_and(char::is_lowercase)
                        && !before.ends_with(['.', ';', ':', ','])
                })
                .map(|(before, _)| before.len());
            let end = match (leader, number) {
                (Some(m), _) => Some(m.start),
                (None, Some(at)) => {
                    let last_seen = last_seen.get_or_insert_with(|| {
                        let mut seen = HashMap::new();
                        for (i, c) in classes.iter().enumerate() {
                            if let Class::Heading(h) = c {
                                seen.insert((level(h.kind), h.number.as_str()), i);
                            }
                        }
                        seen
                    });
                    let comes_back = last_seen
                        .get(&(level(h.kind), h.number.as_str()))
                        .is_some_and(|&l| l > i);
                    comes_back.then_some(at)
                }
                _ => None,
            };
            parts[k] = end.map_or(t, |e| &t[..e]).trim();
            if end.is_some() {
                let mut title = h.title.clone().unwrap_or_default();
                for part in &parts[..=k] {
                    if !title.is_empty() && !part.is_empty() {
                        title.push(' ');
                    }
                    title.push_str(part);
                }
                joins.push((i, j, title));
                break;
            }
        }
    }
    for (i, j, title) in joins {
        if let Class::Heading(h) = &mut classes[i] {
            h.title = clean_title(&title);
            h.toc_entry = true;
            h.end = norm.lines[j].end;
            h.title_line = Some(j);
        }
        for c in &mut classes[i + 1..=j] {
            *c = Class::Title;
        }
    }
}

/// Whether the markup made line `i` a heading (a Markdown or HTML heading, a Word heading
/// style): a whole heading, never the rest of the line before, and never a lid.
fn marked_heading_line(norm: &Normalized, i: usize) -> bool {
    matches!(norm.mark(i), Mark::Heading | Mark::Unit(_))
}

/// Words a title does not end in: articles, prepositions and conjunctions.
const TITLE_NEVER_ENDS: [&str; 22] = [
    "de", "het", "een", "van", "voor", "met", "en", "of", "op", "in", "bij", "aan", "door", "over",
    "uit", "om", "te", "tot", "naar", "onder", "tegen", "der",
];

/// "Artikel 2:28" alone on a line with its title on the next line. Where the document sets
/// at least three titles that way in capitals, a title in lower case ("Artikel 2:1" +
/// "samenscholing") is one too.
fn take_titles_from_next_line(norm: &Normalized, classes: &mut [Class]) {
    // counted when a lower-case title first asks for it
    let mut split_titles: Option<usize> = None;
    let count_split_titles = |classes: &[Class]| {
        (0..classes.len().saturating_sub(1))
            .filter(|&i| {
                let Class::Heading(h) = &classes[i] else {
                    return false;
                };
                if h.kind != NodeKind::Article || h.marked || h.repealed || h.toc_entry {
                    return false;
                }
                // taken already, or still to take
                let next = norm.line_text(i + 1);
                let short_capital =
                    chars_at_most(next, 60) && next.chars().next().is_some_and(char::is_uppercase);
                match classes[i + 1] {
                    Class::Title => h.title_line == Some(i + 1) && short_capital,
                    Class::Text => h.title.is_none() && short_capital,
                    _ => false,
                }
            })
            .take(3)
            .count()
    };
    for i in 0..classes.len().saturating_sub(2) {
        let Class::Heading(h) = &classes[i] else {
            continue;
        };
        if h.marked {
            continue;
        }
        if h.title.is_some()
            && !marked_heading_line(norm, i)
            && norm.lines[i].bold_end.is_none()
            && matches!(classes[i + 1], Class::Text)
            && !marked_heading_line(norm, i + 1)
        {
            // a title wrapped onto the next line: "Artikel 2:34b Regulering paracommerciële"
            // + "rechtspersonen"
            let next = norm.line_text(i + 1);
            // the title goes on when the next line starts in lower case, or when the title
            // ends in a word no title ends in ("… met uitzondering van" + "Selwerderhof")
            let open_end = h
                .title
                .as_deref()
                .and_then(|t| t.rsplit(' ').next())
                .is_some_and(|w| TITLE_NEVER_ENDS.contains(&w));
            let wrapped = (open_end || next.chars().next().is_some_and(char::is_lowercase))
                && chars_at_most(next, 60)
                && !next.ends_with(['.', ';', ':', ','])
                && leading_marker(next).is_none()
                && !norm.lines[i + 1].list;
            if wrapped && let Class::Heading(h) = &mut classes[i] {
                if let Some(t) = h.title.as_deref() {
                    // the facultative bracket may close on the continuation: "…bedrijf]"
                    h.title = clean_title(&format!("{t} {next}"));
                }
                h.end = norm.lines[i + 1].end;
                h.title_line = Some(i + 1);
                classes[i + 1] = Class::Title;
            }
            continue;
        }
        if h.title.is_some() || h.repealed || norm.lines[i].bold_end.is_some() {
            continue;
        }
        if !matches!(classes[i + 1], Class::Text) {
            continue;
        }
        let next = norm.line_text(i + 1);
        // a line that the line after it continues (lower case or a number such as a year, no
        // blank line between) is the first line of a sentence wrapped in PDF text, not a title
        let after = norm.line_text(i + 2);
        let continued = matches!(classes[i + 2], Class::Text)
            && !norm.lines[i + 2].blank_before
            && after.chars().next().is_some_and(|c| {
                c.is_lowercase() || (c.is_ascii_digit() && leading_marker(after).is_none())
            });
        // the markup sets both lines apart as headings (a Word draft's "Artikel 2" and
        // "aanwijzing gebieden" in a heading style or in bold): the title may start in lower
        // case
        let marked_title = marked_heading_line(norm, i) && marked_heading_line(norm, i + 1);
        let lower_case_title = h.kind == NodeKind::Article
            && chars_at_most(next, 60)
            && next.chars().next().is_some_and(char::is_lowercase)
            && !CLAUSE_WORDS.contains(&next.split_whitespace().next().unwrap_or(""))
            && (leading_marker(after).is_some()
                || after.chars().next().is_some_and(char::is_uppercase))
            && *split_titles.get_or_insert_with(|| count_split_titles(classes)) >= 3;
        let ok = chars_at_most(next, 100)
            && (marked_title
                || (!continued
                    && (lower_case_title || next.chars().next().is_some_and(char::is_uppercase))))
            && !next.ends_with(['.', ';', ':', ','])
            && !is_repeal_marker(next)
            && leading_marker(next).is_none()
            && !norm.lines[i + 1].list
            && matches!(
                classes[i + 2],
                Class::Text | Class::Heading(_) | Class::Variant
            );
        // a title of two lines under its number: "Vergunning voor het innemen van een
        // standplaats op een" + "markt of andere openbare plaats", then the first lid, where
        // the document sets its titles under their numbers
        let wrapped = continued
            && h.kind == NodeKind::Article
            && i + 3 < classes.len()
            && next.chars().next().is_some_and(char::is_uppercase)
            && !next.ends_with(['.', ';', ':', ','])
            && leading_marker(next).is_none()
            && chars_at_most(after, 60)
            && !after.ends_with(['.', ';', ':', ','])
            && matches!(classes[i + 3], Class::Text | Class::Heading(_))
            && {
                let third = norm.line_text(i + 3);
                leading_marker(third).is_some() || third.starts_with(char::is_uppercase)
            }
            && *split_titles.get_or_insert_with(|| count_split_titles(classes)) >= 3;
        if ok || wrapped {
            let (title, last) = if ok {
                (clean_title(next), i + 1)
            } else {
                (clean_title(&format!("{next} {after}")), i + 2)
            };
            let repealed = title.as_deref().is_some_and(is_repeal_marker);
            if let Class::Heading(h) = &mut classes[i] {
                h.title = if repealed { None } else { title };
                h.repealed = repealed;
                h.end = norm.lines[last].end;
                h.title_line = Some(last);
            }
            for c in &mut classes[i + 1..=last] {
                *c = Class::Title;
            }
        }
    }
}

/// Marks running headers: a hoofdstuk, afdeling or paragraaf heading, outside a table of
/// contents, that repeats the number and title of the unit of its kind still open (PDF text
/// prints the chapter's heading at the top of each of its pages). Left a heading, it would
/// close the article it interrupts, and the leden after it would be lost.
fn mark_running_headers(classes: &mut [Class], tocs: &[(usize, usize)]) {
    // the open unit per level (hoofdstuk, afdeling, paragraaf): the line of its heading
    let mut open: [Option<usize>; 3] = [None; 3];
    for i in 0..classes.len() {
        let Class::Heading(h) = &classes[i] else {
            continue;
        };
        if h.marked || tocs.iter().any(|&(s, e)| s <= i && i < e) {
            continue;
        }
        let lvl = usize::from(level(h.kind));
        if !(1..=3).contains(&lvl) {
            continue;
        }
        // the header may give the number alone ("Hoofdstuk 2"), or the title in capitals
        let repeats = open[lvl - 1].is_some_and(|o| match &classes[o] {
            Class::Heading(o) => {
                o.number == h.number
                    && match (&h.title, &o.title) {
                        (None, _) => true,
                        (Some(t), Some(u)) => same_in_lower_case(t, u),
                        (Some(_), None) => false,
                    }
            }
            _ => false,
        });
        if repeats {
            classes[i] = Class::Repeat;
            continue;
        }
        open[lvl - 1] = Some(i);
        for deeper in &mut open[lvl..] {
            *deeper = None;
        }
    }
}

/// Whether two texts are the same in lower case; ASCII texts are compared without lower-case
/// copies.
fn same_in_lower_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Finds tables of contents: line ranges `[start, end)`.
fn find_tocs(norm: &Normalized, classes: &[Class]) -> Vec<(usize, usize)> {
    // headings in order, with whether body text follows them
    let heads: Vec<usize> = classes
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, Class::Heading(_)))
        .map(|(i, _)| i)
        .collect();
    let heading = |i: usize| match &classes[i] {
        Class::Heading(h) => h,
        _ => unreachable!("index of a heading"),
    };
    let has_body = |k: usize| -> bool {
        let i = heads[k];
        let stop = heads.get(k + 1).copied().unwrap_or(classes.len());
        let h = heading(i);
        if h.end < norm.lines[i].end {
            return true; // body on the heading's own line
        }
        classes[i + 1..stop]
            .iter()
            .any(|c| matches!(c, Class::Text | Class::Variant))
    };
    // the last line on which each article number appears as a heading
    let mut last_seen: HashMap<&str, usize> = HashMap::with_capacity(heads.len());
    for &h in &heads {
        let hd = heading(h);
        if hd.kind == NodeKind::Article {
            last_seen.insert(hd.number.as_str(), h);
        }
    }
    let mut tocs = Vec::new();
    let mut k = 0;
    while k < heads.len() {
        // a run: heads[k..=m] where all but the last are followed directly by the next heading
        let mut m = k;
        while m < heads.len() && !has_body(m) && m + 1 < heads.len() {
            m += 1;
        }
        if m > k {
            // the tail that leads into the body: strictly deeper headings towards `m`
            let mut c = m;
            let last = heading(heads[m]);
            // the last entry of a table of contents is followed by text too (an aanhef), but
            // its article comes back later in the body
            let comes_back = last.kind == NodeKind::Article
                && last_seen
                    .get(last.number.as_str())
                    .is_some_and(|&l| l > heads[m]);
            if last.toc_entry || comes_back || !(has_body(m) || m + 1 == heads.len()) {
                c = m + 1;
            } else {
                while c > k
                    && !heading(heads[c - 1]).toc_entry
                    && level(heading(heads[c - 1]).kind) < level(heading(heads[c]).kind)
                {
                    c -= 1;
                }
            }
            let cands = k..c;
            let mut empty = 0;
            let mut leaders = false;
            for q in cands.clone() {
                let h = heading(heads[q]);
                leaders |= h.toc_entry;
                let next_level = heads.get(q + 1).map_or(0, |&n| level(heading(n).kind));
                if !h.repealed && next_level <= level(h.kind) {
                    empty += 1;
                }
            }
            let start_line = heads[k];
            let marker = (0..start_line)
                .rev()
                .take(3)
                .any(|j| matches!(classes[j], Class::TocMarker));
            if !cands.is_empty() && (empty >= 2 || (empty >= 1 && (leaders || marker))) {
                let mut s = start_line;
                if marker {
                    while s > 0 && !matches!(classes[s], Class::TocMarker) {
                        s -= 1;
                    }
                }
                let e = if c > m {
                    // the table ends with its last entry; text after it is not part of it
                    let h = heads[m];
                    heading(h).title_line.unwrap_or(h) + 1
                } else {
                    heads[c]
                };
                tocs.push((s, e));
            }
        }
        k = m + 1;
    }
    // An "Inhoudsopgave" followed by entries that are not headings.
    for (i, c) in classes.iter().enumerate() {
        if matches!(c, Class::TocMarker) && !tocs.iter().any(|&(s, e)| s <= i && i < e) {
            let next_head = heads
                .iter()
                .copied()
                .find(|&h| h > i)
                .unwrap_or(classes.len());
            let mut e = i + 1;
            for j in i + 1..next_head {
                let t = norm.line_text(j);
                if DOT_LEADER_RE.is_match(t) || t.bytes().last().is_some_and(|b| b.is_ascii_digit())
                {
                    e = j + 1;
                }
            }
            tocs.push((i, e));
        }
    }
    tocs.sort_unstable();
    // merge overlaps
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(tocs.len());
    for (s, e) in tocs {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

static CLOSING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?-i:[IVX]{1,4}|[A-H])[.)]?\s+)?(?:aldus (?:vastgesteld|besloten)|zo (?:vastgesteld|besloten)|vastgesteld (?:in|bij) |ondertekening|de griffier|de voorzitter|de raad (?:voornoemd|van de gemeente .*,$)|(?:algemene |artikelsgewijze )?toelichting\b|bijlage\b|terug naar|naar boven|deel (?:deze|dit|via)|cookie|privacy|volg ons|copyright|©|disclaimer|toegankelijkheid|over deze (?:site|website)|wetstechnische informatie|sluit (?:menu|venster)|contact$)",
    )
    .expect("closing pattern")
});

/// Whether [`CLOSING_RE`] matches `t`. Its first character is a part number (I, V, X, A–H) or
/// the first letter of one of its words: a line that starts with another ASCII character is
/// turned away before the pattern runs (no other character matches those letters in any case).
fn is_closing_line(t: &str) -> bool {
    let may_be = t.as_bytes().first().is_some_and(|&c| {
        !c.is_ascii()
            || matches!(c, b'I' | b'V' | b'X' | b'A'..=b'H')
            || matches!(
                c.to_ascii_lowercase(),
                b'a' | b'b' | b'c' | b'd' | b'n' | b'o' | b'p' | b's' | b't' | b'v' | b'w' | b'z'
            )
    });
    may_be && CLOSING_RE.is_match(t)
}

/// The first line of a part of the document that is not regulation text, and what that part
/// is when its first line does not say: toelichting, ondertekening, bijlagen or a web page's
/// footer after the articles; in a document without articles (a policy in paragraphs), the
/// first line that names such a part. A part the markup marks (a CVDR `toelichting`) ends
/// the regulation where the text rules see nothing.
fn regulation_end(
    norm: &Normalized,
    classes: &[Class],
    tocs: &[(usize, usize)],
    has_articles: bool,
) -> Option<(usize, NodeKind)> {
    let marked = (1..classes.len())
        .find(|&i| matches!(norm.mark(i), Mark::Region(_)))
        .map(|i| (i, NodeKind::Closing));
    let by_text = if has_articles {
        find_closing(norm, classes, tocs)
    } else {
        (1..classes.len())
            .find(|&i| {
                matches!(classes[i], Class::Text | Class::TocMarker)
                    && part_named(norm.line_text(i), None).is_some()
            })
            .map(|i| (i, NodeKind::Closing))
    };
    match (marked, by_text) {
        (Some(m), Some(t)) => Some(if m.0 <= t.0 { m } else { t }),
        (m, t) => m.or(t),
    }
}

static PART_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?-i:[IVX]{1,4}|[A-H])[.)]?\s+)?(?:(?P<expl>(?:algemene |artikelsgewijze |artikelgewijze |nota van |memorie van )?toelichting\b)|(?P<annex>bijlagen?\b)|(?P<sign>ondertekening\b|aldus (?:vastgesteld|besloten)\b|zo (?:vastgesteld|besloten)\b|vastgesteld (?:in|bij) (?:de|het)\b|de raad (?:voornoemd|van de gemeente .*,$))|(?P<role>(?:de )?(?:griffier|voorzitter|burgemeester|secretaris)(?: van [^.;:]{1,40})?,?$|burgemeester en wethouders van [^.;:]{1,40},$)|(?P<footer>terug naar|naar boven|deel (?:deze|dit|via)|cookie|privacy|volg ons|copyright|©|disclaimer|toegankelijkheid|over deze (?:site|website)|wetstechnische informatie|sluit (?:menu|venster)|contact$))",
    )
    .expect("document part pattern")
});

/// The part of a document a line opens, by its words: "Toelichting", "Artikelsgewijze
/// toelichting" (explanation), "Bijlage 2" (annex), "Ondertekening", "Aldus vastgesteld …",
/// "De griffier," (signature), "Terug naar boven" (footer, a closing). Explanation and annex
/// headings are short lines that do not end a sentence; inside an explanation or an annex
/// (`current`) a line naming a role ("De burgemeester,") does not open a signature.
fn part_named(t: &str, current: Option<NodeKind>) -> Option<NodeKind> {
    // a part numbered in capitals: "II. Artikelsgewijze toelichting", "B Bijlagen"
    let numbered = t
        .split_once(' ')
        .is_some_and(|(n, _)| is_part_number(n.strip_suffix(['.', ')']).unwrap_or(n)));
    let words = if numbered {
        t.split_once(' ').map_or(t, |(_, r)| r.trim_start())
    } else {
        t
    };
    let first = words.as_bytes().first()?.to_ascii_lowercase();
    if !matches!(
        first,
        b'a' | b'b'
            | b'c'
            | b'd'
            | b'g'
            | b'm'
            | b'n'
            | b'o'
            | b'p'
            | b's'
            | b't'
            | b'v'
            | b'z'
            | b'\xC2'
    ) || t.len() > 160
    {
        return None;
    }
    let c = PART_RE.captures(t)?;
    let heading = t.len() <= 80 && !t.ends_with(['.', ';', ',']);
    let inside = matches!(current, Some(NodeKind::Explanation | NodeKind::Annex));
    if c.name("expl").is_some() {
        heading.then_some(NodeKind::Explanation)
    } else if c.name("annex").is_some() {
        heading.then_some(NodeKind::Annex)
    } else if c.name("sign").is_some() {
        Some(NodeKind::Signature)
    } else if c.name("role").is_some() {
        (!inside).then_some(NodeKind::Signature)
    } else {
        (t.len() <= 60).then_some(NodeKind::Closing)
    }
}

/// The number of a part of a document: a Roman numeral or a capital A–H.
fn is_part_number(n: &str) -> bool {
    (1..=4).contains(&n.len()) && n.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
        || n.len() == 1 && (b'A'..=b'H').contains(&n.as_bytes()[0])
}

/// The first line of the text after the regulation (ondertekening, toelichting, bijlagen,
/// or the web page's footer), and what it is when the line does not say: an explanation
/// when the articles come again from the first one on, else a closing.
fn find_closing(
    norm: &Normalized,
    classes: &[Class],
    tocs: &[(usize, usize)],
) -> Option<(usize, NodeKind)> {
    let in_toc = |i: usize| tocs.iter().any(|&(s, e)| s <= i && i < e);
    // article headings outside tables of contents, in order
    let arts: Vec<(usize, &str)> = classes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Class::Heading(h) if h.kind == NodeKind::Article && !in_toc(i) => {
                Some((i, h.number.as_str()))
            }
            _ => None,
        })
        .collect();
    let first = arts.first()?.0;
    // occ[j]: index of the first article with the number of article j;
    // later_new[k]: some article from k on has a number not seen before k
    let mut first_occ: HashMap<&str, usize> = HashMap::with_capacity(arts.len());
    let occ: Vec<usize> = arts
        .iter()
        .enumerate()
        .map(|(j, (_, n))| *first_occ.entry(n).or_insert(j))
        .collect();
    let mut later_new = vec![false; arts.len() + 1];
    let mut max_occ = 0usize;
    for k in (0..arts.len()).rev() {
        max_occ = max_occ.max(occ[k]);
        later_new[k] = max_occ >= k;
    }
    // where each hoofdstuk, afdeling and paragraaf number first stands (found when an article
    // number first comes back)
    let first_units = || {
        let mut first: HashMap<(u8, &str), usize> = HashMap::new();
        for (i, c) in classes.iter().enumerate() {
            if let Class::Heading(h) = c
                && h.kind != NodeKind::Article
                && !in_toc(i)
            {
                first.entry((level(h.kind), h.number.as_str())).or_insert(i);
            }
        }
        first
    };
    let mut first_unit: Option<HashMap<(u8, &str), usize>> = None;
    // Whether the article headings from the k-th on mostly come back from before line i, under
    // no hoofdstuk, afdeling or paragraaf not seen before: an explanation that also explains
    // an article the regulation does not have (one it dropped, or a draft's).
    let explains_again = |i: usize, k: usize, first_unit: &HashMap<(u8, &str), usize>| {
        let again = occ[k..].iter().filter(|&&o| o < k).count();
        if again == 0 || again * 2 < arts.len() - k {
            return false;
        }
        !classes.iter().enumerate().skip(i).any(|(j, c)| match c {
            Class::Heading(p) if p.kind != NodeKind::Article && !in_toc(j) => {
                first_unit.get(&(level(p.kind), p.number.as_str())) == Some(&j)
            }
            _ => false,
        })
    };
    let mut body_seen = false;
    let mut k = 0; // index of the first article heading after line i
    for (i, c) in classes.iter().enumerate().skip(first + 1) {
        while k < arts.len() && arts[k].0 <= i {
            k += 1;
        }
        match c {
            Class::Text => {
                let t = norm.line_text(i);
                // After the regulation when no article follows that is new, or when what
                // follows is its explanation or signature (by name) and explains its
                // articles again.
                if body_seen
                    && t.len() <= 160
                    && is_closing_line(t)
                    && (!later_new[k]
                        || matches!(
                            part_named(t, None),
                            Some(NodeKind::Explanation | NodeKind::Signature)
                        ) && explains_again(i, k, first_unit.get_or_insert_with(first_units)))
                {
                    return Some((i, NodeKind::Closing));
                }
                body_seen = true;
            }
            Class::Heading(h) if h.kind == NodeKind::Article => {
                // The same articles again from the first one on: an explanation per
                // article. In text without markup also two or more articles again, the
                // numbering starting back, with no new one after them (an explanation that
                // skips the first articles).
                let a = k - 1;
                let starts_back = || {
                    matches!(norm.mark(i), Mark::None)
                        && arts.len() - a >= 2
                        && NumberKey::of(arts[a].1) < NumberKey::of(arts[a - 1].1)
                };
                if a > 0 && !later_new[a] && (occ[a] == 0 || starts_back()) {
                    let mut start = i;
                    while start > first + 1 {
                        match &classes[start - 1] {
                            Class::Heading(p) if level(p.kind) < level(NodeKind::Article) => {
                                start -= 1
                            }
                            Class::Repeat => start -= 1,
                            Class::Text if is_closing_line(norm.line_text(start - 1)) => start -= 1,
                            _ => break,
                        }
                    }
                    // a unit not seen before opens more regulation, not an explanation: a
                    // draft whose article numbers start again in every hoofdstuk
                    let first_unit = first_unit.get_or_insert_with(first_units);
                    let new_unit = (start..i).any(|j| match &classes[j] {
                        Class::Heading(p) => {
                            first_unit.get(&(level(p.kind), p.number.as_str())) == Some(&j)
                        }
                        _ => false,
                    });
                    if !new_unit {
                        return Some((start, NodeKind::Explanation));
                    }
                }
                body_seen = true;
            }
            Class::Title | Class::Repeat => {}
            _ => body_seen = true,
        }
    }
    None
}

/// The leading marker of a piece of text: lid `1.`, onderdeel `a.`, sub-onderdeel `1°`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker<'a> {
    /// `1.` or `1)`.
    Num(u32),
    /// `1°`.
    Degree(u32),
    /// `a.`, `a)`, `sub a`; `true` when written with a period or parenthesis.
    Letter(&'a str, bool),
}

/// The marker at the start of `t` and the byte length of the marker with its spaces.
#[inline]
fn leading_marker(t: &str) -> Option<(Marker<'_>, usize)> {
    // every marker starts with a digit or a lower-case letter ("sub a" too): most text
    // (after ". " nearly all) is turned away here
    match t.as_bytes().first() {
        Some(c) if c.is_ascii_digit() || c.is_ascii_lowercase() => marker_at_start(t),
        _ => None,
    }
}

/// [`leading_marker`] for a text that starts with a digit or a lower-case letter.
fn marker_at_start(t: &str) -> Option<(Marker<'_>, usize)> {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let n = b[..digits]
            .iter()
            .fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
        let rest = &t[digits..];
        // '°' and 'º' start with the byte 0xC2, '˚' with 0xCB
        if matches!(rest.as_bytes().first(), Some(0xC2 | 0xCB)) {
            for deg in ['°', 'º', '˚'] {
                if let Some(r) = rest.strip_prefix(deg) {
                    let r2 = r.strip_prefix(['.', ')']).unwrap_or(r);
                    let len = t.len() - r2.trim_start().len();
                    return Some((Marker::Degree(n), len));
                }
            }
        }
        let c = *b.get(digits)?;
        if c == b'.' || c == b')' {
            let after = b.get(digits + 1).copied();
            let ok = match after {
                None => true,
                Some(b' ') => true,
                Some(x) => x.is_ascii_uppercase() || matches!(x, b'(' | b'[' | b'"'),
            };
            if ok {
                let r = &t[digits + 1..];
                return Some((Marker::Num(n), t.len() - r.trim_start().len()));
            }
        }
        return None;
    }
    let (body, sub) = match t.strip_prefix("sub ") {
        Some(r) => (r, true),
        None => (t, false),
    };
    let bb = body.as_bytes();
    let letters = bb.iter().take_while(|c| c.is_ascii_lowercase()).count();
    let double = letters == 2 && bb[0] == bb[1];
    // "iii.", "iv." number the level below sub-onderdelen
    let roman = (2..=4).contains(&letters)
        && matches!(bb.get(letters), Some(b'.' | b')'))
        && roman_value(&body[..letters]).is_some();
    if letters == 1 || double || roman {
        let letter = &body[..letters];
        match bb.get(letters) {
            Some(b'.' | b')') if matches!(bb.get(letters + 1), None | Some(b' ')) => {
                let r = &body[letters + 1..];
                Some((Marker::Letter(letter, true), t.len() - r.trim_start().len()))
            }
            Some(b' ') if sub => {
                let r = &body[letters..];
                Some((Marker::Letter(letter, true), t.len() - r.trim_start().len()))
            }
            Some(b' ') if letters == 1 => {
                let r = &body[1..];
                let next = r.trim_start().chars().next();
                next.is_some_and(char::is_lowercase).then(|| {
                    (
                        Marker::Letter(letter, false),
                        t.len() - r.trim_start().len(),
                    )
                })
            }
            _ => None,
        }
    } else {
        None
    }
}

/// The number of an item or lid from its label as written: "a." gives `a`, "1°" `1`, "(ii)"
/// `ii`, "2a." `2a`; `None` for a bullet or anything that is not a number or letters.
fn item_number(label: &str) -> Option<String> {
    let l = label
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(['.', ')', ':', '°', 'º', '˚', ' ']);
    let ok = !l.is_empty()
        && l.len() <= 6
        && l.bytes().all(|c| c.is_ascii_alphanumeric())
        && (l.as_bytes()[0].is_ascii_digit() || l.bytes().all(|c| c.is_ascii_alphabetic()));
    ok.then(|| l.to_ascii_lowercase())
}

/// Numbering state of the article being built.
#[derive(Debug, Default)]
struct ArticleCtx {
    id: Option<NodeId>,
    last_member: Option<u32>,
    /// The last onderdeel of the current container (lid, or the article itself); its number
    /// is read from the node.
    last_item: Option<NodeId>,
    last_sub: Option<u32>,
    /// The last sub-onderdeel was labelled with a degree sign ("2°"): a "3." does not continue
    /// it.
    sub_degree: bool,
    /// The value of the last item of the third level ("ii." is 2).
    last_deep: Option<u32>,
    /// Marked items count their depth from this one: the depth of the list item that opened
    /// the current lid (a list used for the leden), or the level above the first item of a
    /// list that starts below its first level.
    item_base: u8,
    /// The markup marked the current lid ([`Mark::Lid`]).
    marked_lid: bool,
    /// An item the markup marked is open: a marked paragraph after it closes it.
    marked_items: bool,
}

struct Builder<'a> {
    norm: &'a Normalized,
    /// What text before the first heading is: a preamble, or, in a document without
    /// articles, its body.
    lead_kind: NodeKind,
    nodes: Vec<Node>,
    /// The depth of each node in `nodes` ([`level`], one more per enclosing sub-onderdeel).
    levels: Vec<u8>,
    roots: Vec<NodeId>,
    stack: Vec<NodeId>,
    art: ArticleCtx,
    warnings: Vec<Warning>,
}

impl<'a> Builder<'a> {
    fn new(norm: &'a Normalized, has_articles: bool) -> Self {
        Builder {
            norm,
            lead_kind: if has_articles {
                NodeKind::Preamble
            } else {
                NodeKind::Body
            },
            // about one node per line (lines opening two onderdelen make up for blank ones)
            nodes: Vec::with_capacity(norm.lines.len() + 8),
            levels: Vec::with_capacity(norm.lines.len() + 8),
            roots: Vec::new(),
            stack: Vec::with_capacity(8),
            art: ArticleCtx::default(),
            warnings: Vec::new(),
        }
    }

    fn top_kind(&self) -> Option<NodeKind> {
        self.stack.last().map(|&id| self.nodes[id.index()].kind)
    }

    /// Closes open nodes until one of a level above `lvl` is on top (root containers always
    /// close).
    fn close_to(&mut self, lvl: u8, at: usize) {
        while let Some(&id) = self.stack.last() {
            let l = self.levels[id.index()];
            if l >= lvl || l == 0 {
                self.nodes[id.index()].span.end = at;
                self.stack.pop();
            } else {
                break;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn open(
        &mut self,
        kind: NodeKind,
        start: usize,
        line: u32,
        number: Option<String>,
        raw_number: Option<String>,
        title: Option<String>,
        heading: Option<Span>,
    ) -> NodeId {
        let lvl = level(kind);
        self.close_to(lvl.max(1), start);
        self.push_node(kind, lvl, start, line, number, raw_number, title, heading)
    }

    /// Adds a node of depth `lvl` under the open node on top (at the root for depth 0) and
    /// opens it; the caller has closed what it must.
    #[allow(clippy::too_many_arguments)]
    fn push_node(
        &mut self,
        kind: NodeKind,
        lvl: u8,
        start: usize,
        line: u32,
        number: Option<String>,
        raw_number: Option<String>,
        title: Option<String>,
        heading: Option<Span>,
    ) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        let parent = if lvl == 0 {
            None
        } else {
            self.stack.last().copied()
        };
        self.nodes.push(Node {
            kind,
            number,
            raw_number,
            title,
            repealed: false,
            span: Span::new(start, start),
            heading,
            line,
            parent,
            children: Vec::new(),
        });
        self.levels.push(lvl);
        // the children are linked when the tree is finished
        if parent.is_none() {
            self.roots.push(id);
        }
        self.stack.push(id);
        id
    }

    fn root_container(&mut self, kind: NodeKind, line: usize) {
        let l = self.norm.lines[line];
        self.close_to(1, l.start);
        self.art = ArticleCtx::default();
        self.open(kind, l.start, l.origin, None, None, None, None);
    }

    /// The parts after the regulation, from line `from` to the end: each line that names a
    /// part (or that the markup marks as one) opens a root node of its kind; the first line
    /// opens one of `first` when it names none. Headings inside (an artikelsgewijze
    /// toelichting repeating "Artikel 3 Reikwijdte") are text of the part.
    fn parts_after(&mut self, from: usize, first: NodeKind) {
        let norm = self.norm;
        let mut current: Option<NodeKind> = None;
        for i in from..norm.lines.len() {
            let named = match norm.mark(i) {
                Mark::Region(r) => Some(match r {
                    Region::Explanation => NodeKind::Explanation,
                    Region::Signature => NodeKind::Signature,
                    Region::Annex => NodeKind::Annex,
                }),
                _ => part_named(norm.line_text(i), current),
            };
            let kind = match named {
                Some(k) => k,
                None if i == from => first,
                None => continue,
            };
            // each explanation or annex heading opens a part of its own; signature and footer
            // lines go on the part they are in
            let reopen =
                current != Some(kind) || matches!(kind, NodeKind::Explanation | NodeKind::Annex);
            if reopen {
                self.root_container(kind, i);
                current = Some(kind);
            }
        }
    }

    /// Opens the node of a heading; its number and title move into the node.
    fn heading(&mut self, i: usize, h: &mut Heading) {
        let l = self.norm.lines[i];
        let id = self.open(
            h.kind,
            l.start,
            l.origin,
            Some(std::mem::take(&mut h.number)),
            Some(std::mem::take(&mut h.raw_number)),
            h.title.take(),
            Some(Span::new(l.start, h.end)),
        );
        self.nodes[id.index()].repealed = h.repealed;
        if h.kind == NodeKind::Article {
            self.art = ArticleCtx {
                id: Some(id),
                ..ArticleCtx::default()
            };
        } else {
            self.art = ArticleCtx::default();
        }
        if h.end < l.end && h.title_line.is_none() {
            // body text after a bold heading on the same line
            let rest = &self.norm.text[h.end..l.end];
            let skip = rest.len() - rest.trim_start().len();
            self.text(i, h.end + skip, l.end);
        }
    }

    fn variant(&mut self, i: usize) {
        let l = self.norm.lines[i];
        if self.art.id.is_some() {
            self.close_to(level(NodeKind::Member), l.start);
            self.art = ArticleCtx {
                id: self.art.id,
                ..ArticleCtx::default()
            };
        } else {
            self.text(i, l.start, l.end);
        }
    }

    /// Text outside any structure goes to a preamble (or, at root level after the regulation
    /// started, stays with the open root container).
    fn ensure_container(&mut self, i: usize, at: usize) {
        if self.stack.is_empty() {
            let any_article = self.nodes.iter().any(|n| n.kind == NodeKind::Article);
            let kind = if !any_article {
                self.lead_kind
            } else {
                NodeKind::Closing
            };
            let origin = self.norm.lines[i].origin;
            self.open(kind, at, origin, None, None, None, None);
        }
    }

    /// A text line (or the rest of one) from `start` to `end`.
    fn text(&mut self, i: usize, start: usize, end: usize) {
        self.ensure_container(i, start);
        // Outside articles text has no leden; a heading of the markup is never a lid or
        // onderdeel ("## 4. Bepalingen uit APV's" in guidance that quotes articles).
        if self.art.id.is_none() || marked_heading_line(self.norm, i) {
            return;
        }
        let norm = self.norm;
        let text = &norm.text;
        let origin = self.norm.lines[i].origin;
        let mark = norm.mark(i);
        if matches!(mark, Mark::Table) {
            // a row of a table is neither a lid nor an onderdeel, whatever its first cell says
            return;
        }
        // a facultative lid or onderdeel of a model text: "[ 2. Bij de aanvraag …"
        let mut seg = match text[start..end].strip_prefix('[') {
            Some(r) if leading_marker(r.trim_start()).is_some() => end - r.trim_start().len(),
            _ => start,
        };
        let mut first = true;
        loop {
            let t = &text[seg..end];
            let by_mark = if first && start == norm.lines[i].start {
                self.marked_block(mark, t, seg, origin)
            } else {
                None
            };
            // "… of artikel 2:" + "1.": the number of a reference broken over a line, no lid
            let broken_number = || {
                seg == norm.lines[i].start
                    && i > 0
                    && ends_with_article_fragment(norm.line_text(i - 1))
            };
            let opened = match by_mark {
                Some(opened) => opened,
                None => match leading_marker(t) {
                    Some((m, len))
                        if if first {
                            !broken_number()
                        } else {
                            self.split_ok(&m)
                        } =>
                    {
                        let raw = t[..len].trim_end();
                        self.marker(m, raw, seg, origin, first)
                    }
                    _ => false,
                },
            };
            let from = if opened { seg + 1 } else { seg };
            first = false;
            match self.find_split(from, end) {
                Some(next) => seg = next,
                None => break,
            }
        }
    }

    /// Opens what the markup says a line `t` at `at` opens ([`Mark::Lid`], [`Mark::Item`]), or
    /// closes marked onderdelen before a marked paragraph. `Some(opened)` when the mark
    /// decided, `None` when the text rules decide.
    fn marked_block(&mut self, mark: &Mark, t: &str, at: usize, origin: u32) -> Option<bool> {
        match mark {
            Mark::Lid(Some(label)) => {
                let number = item_number(label)?;
                let digits = number.bytes().take_while(u8::is_ascii_digit).count();
                let n: u32 = number[..digits].parse().ok()?;
                let expected = self.art.last_member.map_or(1, |l| l + 1);
                if n != expected {
                    self.warnings.push(Warning {
                        kind: WarningKind::MemberGap,
                        line: Some(origin),
                        span: None,
                        source: None,
                        message: format!(
                            "article {}: lid {number} follows lid {}",
                            self.article_number(),
                            expected - 1
                        ),
                    });
                }
                self.open_member(n, number, label.trim(), at, origin);
                self.art.marked_lid = true;
                Some(true)
            }
            Mark::Item(MarkedItem {
                depth,
                label: Some(label),
            }) => {
                let number = item_number(label)?;
                let raw_depth = *depth;
                if self.item_depth() == 0 && raw_depth > self.art.item_base + 1 {
                    // The first item of a list that starts below its first level (a Word list
                    // whose first level numbers the leden, used here for onderdelen of an
                    // article without leden): the levels count from this one.
                    self.art.item_base = raw_depth - 1;
                }
                let depth = raw_depth.saturating_sub(self.art.item_base);
                let numeric = number.bytes().all(|c| c.is_ascii_digit());
                if depth == 0 || (depth == 1 && numeric && !self.art.marked_lid) {
                    // An item of a list at the level of the leden (or above them): a lid or a
                    // numbered onderdeel of the article, as its number says, never a
                    // sub-onderdeel of what went before.
                    self.close_to(level(NodeKind::Item), at);
                    self.art.marked_items = false;
                    let (m, len) = leading_marker(t)?;
                    let opened = self.marker(m, t[..len].trim_end(), at, origin, true);
                    if opened && self.top_kind() == Some(NodeKind::Member) {
                        // the list holds the leden: the items below count from it
                        self.art.item_base = raw_depth;
                    }
                    return Some(opened);
                }
                self.open_item_at(depth, number, label.trim(), at, origin);
                self.art.marked_items = true;
                Some(true)
            }
            Mark::Paragraph | Mark::Lid(None) => {
                if self.art.marked_items && leading_marker(t).is_none() {
                    self.close_to(level(NodeKind::Item), at);
                    self.art.marked_items = false;
                }
                None
            }
            _ => None,
        }
    }

    /// Whether a marker found inside a line starts a new unit (only the expected next
    /// number or letter does).
    fn split_ok(&self, m: &Marker) -> bool {
        match m {
            Marker::Num(n) => {
                self.art.last_member.is_some_and(|l| *n == l + 1)
                    || (self.in_item() && self.art.last_sub.is_some_and(|s| *n == s + 1))
            }
            Marker::Degree(_) => self.in_item(),
            Marker::Letter(l, true) => {
                let continues = match self.last_item() {
                    Some(prev) => is_next_item_letter(prev, l),
                    None => *l == "a",
                };
                continues || self.deep_item_expected(l, continues, || Some(':'))
            }
            Marker::Letter(_, false) => false,
        }
    }

    /// Finds where in `text[from..end]` the next lid, onderdeel or sub-onderdeel starts
    /// when several run together on one line.
    fn find_split(&self, from: usize, end: usize) -> Option<usize> {
        let text = &self.norm.text;
        let b = text.as_bytes();
        let mut p = from;
        while p + 3 < end {
            // only ". ", "; " and ": " can end a unit that the next one follows
            match memchr::memchr3(b'.', b';', b':', &b[p..end - 3]) {
                Some(off) => p += off,
                None => return None,
            }
            let c = b[p];
            if b[p + 1] == b' ' {
                let mut q = p + 1;
                while q < end && b[q] == b' ' {
                    q += 1;
                }
                // "; of c." / "; en d."
                let mut r = q;
                if c == b';' && (text[q..end].starts_with("of ") || text[q..end].starts_with("en "))
                {
                    r = q + 3;
                }
                for cand in [q, r] {
                    if cand >= end {
                        continue;
                    }
                    // what can follow which mark (see `fits`): after a period only a lid
                    // number, after a colon a "1°" or the first onderdeel ("a.", "sub a"),
                    // after a semicolon a "1°" or an onderdeel
                    let first = b[cand];
                    let may_fit = first.is_ascii_digit()
                        || match c {
                            b'.' => false,
                            b':' => matches!(first, b'a' | b's'),
                            _ => first.is_ascii_lowercase(),
                        };
                    if !may_fit {
                        continue;
                    }
                    if let Some((m, _)) = leading_marker(&text[cand..end]) {
                        let fits = match &m {
                            Marker::Num(_) => {
                                // the lid's text follows the number, or, when the number
                                // ends the line ("… burgemeester. 4." in pdftotext's reading
                                // order), starts the next line
                                let after = match text[cand..end].split_once(' ') {
                                    Some((_, r)) => r,
                                    None => text[end..].strip_prefix('\n').unwrap_or(""),
                                };
                                c == b'.'
                                    && cand == q
                                    && self.split_ok(&m)
                                    && after.chars().next().is_some_and(|ch| {
                                        ch.is_uppercase() || ch == '(' || ch == '['
                                    })
                            }
                            Marker::Degree(_) => c != b'.' && self.split_ok(&m),
                            Marker::Letter(l, true) => {
                                (c == b';' || (c == b':' && *l == "a" && cand == q))
                                    && self.split_ok(&m)
                            }
                            Marker::Letter(_, false) => false,
                        };
                        if fits {
                            return Some(cand);
                        }
                    }
                }
                p = q;
                continue;
            }
            p += 1;
        }
        None
    }

    /// The number of the last onderdeel of the current container.
    fn last_item(&self) -> Option<&str> {
        self.art
            .last_item
            .and_then(|id| self.nodes[id.index()].number.as_deref())
    }

    fn in_item(&self) -> bool {
        matches!(self.top_kind(), Some(NodeKind::Item | NodeKind::SubItem))
    }

    /// The last meaningful character of the innermost open node's text so far.
    fn last_char_before(&self, at: usize) -> Option<char> {
        self.norm.text[..at]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '_' | '*' | ']' | '['))
            .chars()
            .next_back()
    }

    /// Opens the node a marker starts, if it starts one. Returns whether a node was opened.
    fn marker(&mut self, m: Marker, raw: &str, at: usize, origin: u32, line_start: bool) -> bool {
        // the character before the marker is looked up only where it decides
        match m {
            Marker::Num(n) => {
                let expected = self.art.last_member.map_or(1, |l| l + 1);
                // Sub-onderdelen labelled "1°", "2°" are not continued by a "3.": that is the
                // next lid (or a numbered onderdeel).
                if self.in_item() && !(self.art.sub_degree && self.art.last_sub.is_some()) {
                    let sub_expected = self.art.last_sub.map_or(1, |s| s + 1);
                    let prev = self.last_char_before(at);
                    let list_goes_on = match prev {
                        Some(':') => n == 1,
                        Some('.') => false,
                        _ => n > 1,
                    };
                    if n == sub_expected && list_goes_on && !(n == expected && prev == Some('.')) {
                        self.open_sub(n, raw, at, origin);
                        return true;
                    }
                }
                if n == expected || (n > expected && n <= expected + 5 && line_start) {
                    if n != expected {
                        self.warnings.push(Warning {
                            kind: WarningKind::MemberGap,
                            line: Some(origin),
                            span: None,
                            source: None,
                            message: format!(
                                "article {}: lid {n} follows lid {}",
                                self.article_number(),
                                expected - 1
                            ),
                        });
                    }
                    self.open_member(n, n.to_string(), raw, at, origin);
                    return true;
                }
                if n == 1 && line_start && self.last_char_before(at) == Some(':') {
                    // a numbered list under a lid or article: onderdelen numbered 1, 2, 3
                    self.open_item(n.to_string(), raw, at, origin);
                    return true;
                }
                if line_start
                    && n > 1
                    && self.last_item().and_then(|l| l.parse::<u32>().ok()) == Some(n - 1)
                {
                    self.open_item(n.to_string(), raw, at, origin);
                    return true;
                }
                false
            }
            Marker::Degree(n) => {
                if self.in_item() {
                    self.open_sub(n, raw, at, origin);
                } else {
                    self.open_item(n.to_string(), raw, at, origin);
                }
                true
            }
            Marker::Letter(l, explicit) => {
                let expected = match self.last_item() {
                    Some(prev) => is_next_item_letter(prev, l),
                    None => l == "a",
                };
                if explicit && self.deep_item_expected(l, expected, || self.last_char_before(at)) {
                    self.open_item_at(3, l.to_string(), raw, at, origin);
                    return true;
                }
                if explicit || expected {
                    self.open_item(l.to_string(), raw, at, origin);
                    true
                } else {
                    false
                }
            }
        }
    }

    /// Whether a roman label ("i.", "ii.") inside a sub-onderdeel opens the level below it:
    /// it continues that level's numbering, or starts it ("i.") after a colon or where it
    /// cannot be the next onderdeel ("i." after "h." is the letter i). `prev` gives the
    /// character before the label.
    fn deep_item_expected(
        &self,
        label: &str,
        letter_continues: bool,
        prev: impl FnOnce() -> Option<char>,
    ) -> bool {
        let Some(value) = roman_value(label) else {
            return false;
        };
        if self.item_depth() < 2 {
            return false;
        }
        match self.art.last_deep {
            Some(last) => value == last + 1,
            None => value == 1 && (!letter_continues || prev() == Some(':')),
        }
    }

    /// Opens lid `n` (numbered `number`, written `raw`) and resets the numbering below it.
    fn open_member(&mut self, n: u32, number: String, raw: &str, at: usize, origin: u32) {
        self.close_to(level(NodeKind::Member), at);
        self.open(
            NodeKind::Member,
            at,
            origin,
            Some(number),
            Some(raw.to_string()),
            None,
            None,
        );
        self.art.last_member = Some(n);
        self.art.last_item = None;
        self.art.last_sub = None;
        self.art.sub_degree = false;
        self.art.last_deep = None;
        self.art.item_base = 0;
        self.art.marked_lid = false;
        self.art.marked_items = false;
    }

    fn article_number(&self) -> String {
        self.art
            .id
            .and_then(|id| self.nodes[id.index()].number.clone())
            .unwrap_or_default()
    }

    fn open_item(&mut self, number: String, raw: &str, at: usize, origin: u32) {
        self.open_item_at(1, number, raw, at, origin);
    }

    fn open_sub(&mut self, n: u32, raw: &str, at: usize, origin: u32) {
        self.open_item_at(2, n.to_string(), raw, at, origin);
    }

    /// How many onderdelen and sub-onderdelen are open, one inside the other.
    fn item_depth(&self) -> u8 {
        self.stack
            .iter()
            .rev()
            .take_while(|id| {
                matches!(
                    self.nodes[id.index()].kind,
                    NodeKind::Item | NodeKind::SubItem
                )
            })
            .count() as u8
    }

    /// Opens an item at `depth` below the lid or article: 1 an onderdeel, 2 a sub-onderdeel,
    /// 3 and deeper a sub-onderdeel inside the one above. An item can only be one level deeper
    /// than the items open: a depth beyond that is taken as the next level.
    fn open_item_at(&mut self, depth: u8, number: String, raw: &str, at: usize, origin: u32) {
        let depth = depth.clamp(1, self.item_depth() + 1);
        let lvl = level(NodeKind::Item) + depth - 1;
        self.close_to(lvl, at);
        let kind = if depth == 1 {
            NodeKind::Item
        } else {
            NodeKind::SubItem
        };
        let id = self.push_node(
            kind,
            lvl,
            at,
            origin,
            Some(number),
            Some(raw.to_string()),
            None,
            None,
        );
        let number = || self.nodes[id.index()].number.as_deref().unwrap_or_default();
        let deep_value = if depth >= 3 {
            roman_value(number())
        } else {
            None
        };
        match depth {
            1 => {
                self.art.last_item = Some(id);
                self.art.last_sub = None;
            }
            2 => {
                self.art.last_sub = number().parse::<u32>().ok();
                self.art.sub_degree = raw.contains(['°', 'º', '˚']);
            }
            _ => {}
        }
        self.art.last_deep = deep_value;
    }

    fn finish(mut self, classes: &[Class]) -> Structure {
        let end = self.norm.text.len();
        self.close_to(0, end);
        link_children(&mut self.nodes);
        // a node that opened inside a line ends where its parent ends
        for i in 0..self.nodes.len() {
            let n = &self.nodes[i];
            if n.span.end < n.span.start {
                self.nodes[i].span.end = n.span.start;
            }
        }
        // repealed by body, empty headings
        let text = &self.norm.text;
        let mut warnings = Vec::new();
        for i in 0..self.nodes.len() {
            let n = &self.nodes[i];
            if matches!(
                n.kind,
                NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph
            ) && n.children.is_empty()
                && !n.repealed
            {
                let body_start = n.heading.map_or(n.span.start, |h| h.end.min(n.span.end));
                if text[body_start..n.span.end].trim().is_empty() {
                    let unit = match n.kind {
                        NodeKind::Chapter => "hoofdstuk",
                        NodeKind::Section => "afdeling",
                        _ => "paragraaf",
                    };
                    warnings.push(Warning {
                        kind: WarningKind::EmptyHeading,
                        line: Some(n.line),
                        span: Some(n.heading.unwrap_or(n.span)),
                        source: None,
                        message: format!(
                            "{unit} {} has a heading but nothing under it",
                            n.number.as_deref().unwrap_or("?")
                        ),
                    });
                }
                continue;
            }
            if n.kind != NodeKind::Article {
                continue;
            }
            let body_start = n.heading.map_or(n.span.start, |h| h.end.min(n.span.end));
            let body = text[body_start..n.span.end].trim();
            if !n.repealed && is_repeal_marker(body) {
                self.nodes[i].repealed = true;
            } else if body.is_empty() && !n.repealed {
                warnings.push(Warning {
                    kind: WarningKind::EmptyHeading,
                    line: Some(n.line),
                    span: Some(n.heading.unwrap_or(n.span)),
                    source: None,
                    message: format!(
                        "article {} has a heading but no text",
                        n.number.as_deref().unwrap_or("?")
                    ),
                });
            }
        }
        // duplicates and sequence
        let mut seen: HashMap<&str, u32> = HashMap::with_capacity(self.nodes.len() / 4);
        let mut prev: Option<(NumberKey, &str)> = None;
        for n in self.nodes.iter().filter(|n| n.kind == NodeKind::Article) {
            let Some(num) = n.number.as_deref() else {
                continue;
            };
            if let Some(first) = seen.insert(num, n.line) {
                warnings.push(Warning {
                    kind: WarningKind::DuplicateArticle,
                    line: Some(n.line),
                    span: Some(n.heading.unwrap_or(n.span)),
                    source: None,
                    message: format!("article {num} appears twice (first on line {first})"),
                });
                seen.insert(num, first);
            }
            if let Some(key) = NumberKey::of(num) {
                if let Some((pk, pnum)) = &prev
                    && key < *pk
                {
                    warnings.push(Warning {
                        kind: WarningKind::OutOfSequence,
                        line: Some(n.line),
                        span: Some(n.heading.unwrap_or(n.span)),
                        source: None,
                        message: format!("article {num} follows article {pnum}"),
                    });
                }
                prev = Some((key, num));
            }
        }
        let mut all = self.warnings;
        all.extend(warnings);
        all.sort_by_key(|w| w.line.unwrap_or(0));
        let articles = self
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Article)
            .count();
        let seen = if articles == 0 {
            describe(self.norm, classes)
        } else {
            String::new()
        };
        Structure {
            nodes: self.nodes,
            roots: self.roots,
            warnings: all,
            seen,
        }
    }
}

/// Fills in the children of every node from the parents, in document order: one allocation
/// of the right size per node with children.
fn link_children(nodes: &mut [Node]) {
    let mut counts = vec![0u32; nodes.len()];
    for n in nodes.iter() {
        if let Some(p) = n.parent {
            counts[p.index()] += 1;
        }
    }
    for (n, &count) in nodes.iter_mut().zip(&counts) {
        if count > 0 {
            n.children = Vec::with_capacity(count as usize);
        }
    }
    for i in 0..nodes.len() {
        if let Some(p) = nodes[i].parent {
            nodes[p.index()].children.push(NodeId(i as u32));
        }
    }
}

/// The title of the regulation ("Algemene plaatselijke verordening Zeewoude 2024") and the
/// municipality named in it, looked for in the first lines of the text.
pub fn find_title(norm: &Normalized) -> Option<(String, Option<String>)> {
    const APV: &str = "algemene plaatselijke verordening";
    let line = (0..norm.lines.len().min(80))
        .map(|i| norm.line_text(i))
        .find(|t| {
            t.len() <= 160
                && t.get(..APV.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(APV))
        })?;
    let title = line.trim_end_matches(['.', ':', ';', ' ']).to_string();
    Some((title.clone(), municipality_in(&title[APV.len()..])))
}

/// The municipality in what follows "Algemene plaatselijke verordening": "Zeewoude 2024",
/// "van de gemeente Lelystad 2015", "Alphen aan den Rijn", "BERGERVEEN 2006".
fn municipality_in(rest: &str) -> Option<String> {
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    for lead in [
        &["van", "de", "gemeente"][..],
        &["der", "gemeente"],
        &["gemeente"],
        &["van"],
    ] {
        if words.len() > lead.len()
            && words[..lead.len()]
                .iter()
                .zip(lead)
                .all(|(w, l)| w.eq_ignore_ascii_case(l))
        {
            words.drain(..lead.len());
            break;
        }
    }
    let capital = |w: &str| {
        let w = w.trim_start_matches("'s-").trim_start_matches("\u{2019}s-");
        w.chars().next().is_some_and(char::is_uppercase)
    };
    let connector = |w: &str| {
        matches!(
            w,
            "aan" | "den" | "op" | "de" | "en" | "in" | "ter" | "bij" | "van"
        )
    };
    let mut name: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        if capital(w) && !w.chars().any(|c| c.is_ascii_digit()) {
            name.push(w);
        } else if !name.is_empty() && connector(w) {
            // "aan den" in "Alphen aan den Rijn": kept when a name follows
            let j = (k..words.len())
                .find(|&j| !connector(words[j]))
                .unwrap_or(words.len());
            if !words.get(j).is_some_and(|n| capital(n)) {
                break;
            }
            name.extend(&words[k..j]);
            k = j;
            continue;
        } else {
            break;
        }
        k += 1;
    }
    if name.is_empty() {
        return None;
    }
    let joined = name.join(" ");
    let joined = joined.trim_end_matches([',', '.', ';', ':']);
    if joined
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        // "BERGERVEEN" → "Bergerveen"
        let mut out = String::with_capacity(joined.len());
        let mut start = true;
        for c in joined.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = c == ' ' || c == '-';
        }
        return Some(out);
    }
    Some(joined.to_string())
}

/// What a text without articles looked like, for the error message.
fn describe(norm: &Normalized, classes: &[Class]) -> String {
    let n = norm.lines.len();
    let headings = classes
        .iter()
        .filter(|c| matches!(c, Class::Heading(h) if h.kind == NodeKind::Article))
        .count();
    let article_lines = (0..n)
        .filter(|&i| {
            let t = norm.line_text(i).as_bytes();
            t.len() >= 7 && t[..7].eq_ignore_ascii_case(b"artikel")
        })
        .count();
    if headings > 0 {
        format!("{n} lines; the {headings} article headings are all in a table of contents")
    } else if article_lines > 0 {
        format!("{n} lines; {article_lines} start with 'artikel' but none is an article heading")
    } else {
        format!("{n} lines, no line starting with 'Artikel'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InputForm;
    use crate::normalize::normalize;
    use crate::source::SourceText;

    #[test]
    fn closing_lines_are_turned_away_only_where_the_pattern_fails() {
        for t in [
            "Aldus vastgesteld in de openbare raadsvergadering",
            "II. Artikelsgewijze toelichting",
            "B Bijlage",
            "ſluit menu",
            "© Gemeente",
            "De griffier,",
            "Zo besloten",
            "1. De burgemeester",
            "Hoofdstuk 2",
            "[Toelichting]",
            "",
        ] {
            assert_eq!(is_closing_line(t), CLOSING_RE.is_match(t), "{t:?}");
        }
        for t in [
            "ſluit menu",
            "Toelichting",
            "© Gemeente",
            "Contact",
            "II. Artikelsgewijze toelichting",
        ] {
            assert!(is_closing_line(t), "{t:?}");
        }
        for t in ["1. De burgemeester", "Hoofdstuk 2", "[Toelichting]"] {
            assert!(!is_closing_line(t), "{t:?}");
        }
    }

    fn build(text: &str, form: InputForm) -> (Normalized, Structure) {
        let src = if form == InputForm::Markdown {
            crate::read::markdown::read(text, Vec::new())
        } else {
            SourceText::plain(form, text)
        };
        let norm = normalize(&src);
        let s = build_structure(&norm);
        (norm, s)
    }

    /// `number title [R]` per article, in order.
    fn articles(s: &Structure) -> Vec<String> {
        s.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Article)
            .map(|n| {
                let mut t = n.number.clone().unwrap_or_default();
                if let Some(title) = &n.title {
                    t.push(' ');
                    t.push_str(title);
                }
                if n.repealed {
                    t.push_str(" [R]");
                }
                t
            })
            .collect()
    }

    /// The numbers of the children of the first article, nested as `1(a,b)`.
    fn members(s: &Structure, article: &str) -> String {
        fn walk(s: &Structure, id: NodeId, out: &mut String) {
            let n = &s.nodes[id.index()];
            out.push_str(n.number.as_deref().unwrap_or("?"));
            if !n.children.is_empty() {
                out.push('(');
                for (k, &c) in n.children.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    walk(s, c, out);
                }
                out.push(')');
            }
        }
        let (i, _) = s
            .nodes
            .iter()
            .enumerate()
            .find(|(_, n)| n.kind == NodeKind::Article && n.number.as_deref() == Some(article))
            .expect("article present");
        let mut out = String::new();
        walk(s, NodeId(i as u32), &mut out);
        out
    }

    #[test]
    fn dot_leaders_are_found_as_the_pattern_finds_them() {
        let alphabet = [" ", ".", "1", "a", "…", "_", "-", "\u{a0}", "12345"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let mut longer = Vec::new();
            for t in &texts {
                for a in alphabet {
                    longer.push(format!("{t}{a}"));
                }
            }
            texts.extend(longer.into_iter().filter(|t| t.len() <= 12));
            texts.sort();
            texts.dedup();
        }
        texts.push("Begripsbepalingen ............................ 36".to_string());
        texts.push("Begripsbepalingen . . . . . . . . 3".to_string());
        texts.push("Artikel 2 .. . ... 12 ".to_string());
        for t in &texts {
            assert_eq!(
                dot_leader(t),
                DOT_LEADER_RE.find(t).map(|m| m.range()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn article_prefixes() {
        let p = |t| article_prefix(t).map(|(raw, from)| (raw, &t[from..]));
        assert_eq!(p("Artikel 2:28 Exploitatie"), Some(("2:28", "Exploitatie")));
        assert_eq!(p("Artikel 2:28a Eisen"), Some(("2:28a", "Eisen")));
        assert_eq!(p("Art. 1:1. Begrippen"), Some(("1:1.", "Begrippen")));
        assert_eq!(
            p("ARTIKEL 2.3: INWERKINGTREDING"),
            Some(("2.3", "INWERKINGTREDING"))
        );
        assert_eq!(
            p("Artikel 2.2 – Uitzonderingen"),
            Some(("2.2", "Uitzonderingen"))
        );
        assert_eq!(p("Artikel 2.3.1.1 Titel"), Some(("2.3.1.1", "Titel")));
        assert_eq!(p("Artikel 30"), Some(("30", "")));
        assert_eq!(p("Artikel 2:28bis"), None);
        assert_eq!(p("Artikelen 2 en 3"), None);
        assert_eq!(p("Artillerie"), None);
    }

    #[test]
    fn unit_prefixes() {
        let p = |t| unit_prefix(t).map(|(k, raw, from)| (k, raw, &t[from..]));
        assert_eq!(
            p("Hoofdstuk 2. Openbare orde"),
            Some((NodeKind::Chapter, "2", "Openbare orde"))
        );
        assert_eq!(
            p("AFDELING 8A Speelgelegenheden"),
            Some((NodeKind::Section, "8A", "Speelgelegenheden"))
        );
        assert_eq!(
            p("Paragraaf 3.1 Regels"),
            Some((NodeKind::Paragraph, "3.1", "Regels"))
        );
        assert_eq!(p("HOOFDSTUK IV"), Some((NodeKind::Chapter, "IV", "")));
        assert_eq!(p("Hoofdstuk Inleiding"), None);
        assert_eq!(p("Hoofdstukken"), None);
    }

    #[test]
    fn sentences_starting_with_artikel_are_not_headings() {
        let (_, s) = build(
            "Artikel 1 Begrippen\nIn deze verordening.\nArtikel 2:36 bevat een aanvullende bevoegdheid.\n\
             Artikel 3 De burgemeester kan in het belang van de openbare orde nadere regels stellen, zoals die.\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1 Begrippen"]);
    }

    #[test]
    fn markers() {
        assert_eq!(leading_marker("1. Het"), Some((Marker::Num(1), 3)));
        assert_eq!(leading_marker("12) Het"), Some((Marker::Num(12), 4)));
        assert_eq!(leading_marker("1.Het"), Some((Marker::Num(1), 2)));
        assert_eq!(leading_marker("2.28 is"), None);
        assert_eq!(
            leading_marker("1° tussen"),
            Some((Marker::Degree(1), "1° ".len()))
        );
        assert_eq!(
            leading_marker("a. de"),
            Some((Marker::Letter("a", true), 3))
        );
        assert_eq!(
            leading_marker("bb. de"),
            Some((Marker::Letter("bb", true), 4))
        );
        assert_eq!(
            leading_marker("sub c de"),
            Some((Marker::Letter("c", true), 6))
        );
        assert_eq!(
            leading_marker("b de weg"),
            Some((Marker::Letter("b", false), 2))
        );
        assert_eq!(leading_marker("i.v.m. de"), None);
        assert_eq!(leading_marker("De"), None);
    }

    #[test]
    fn merged_leden_and_onderdelen_are_split() {
        let (_, s) = build(
            "Artikel 1 Vergunning\n1. Het is verboden. 2. De burgemeester weigert als: a. de exploitant; b. de ligging; c. het woon- en leefklimaat. 3. Slot.\n",
            InputForm::Text,
        );
        assert_eq!(members(&s, "1"), "1(1,2(a,b,c),3)");
    }

    #[test]
    fn numbers_inside_text_do_not_split() {
        let (_, s) = build(
            "Artikel 1 Tijden\n1. Geopend tot 02.00 uur. 3. Dit is geen lid, want lid 2 ontbreekt.\n2. Tweede lid.\n",
            InputForm::Text,
        );
        assert_eq!(members(&s, "1"), "1(1,2)");
    }

    #[test]
    fn sub_onderdelen_nest_in_onderdelen() {
        let (_, s) = build(
            "Artikel 1 Sluitingstijd\n1. Verboden op:\na. maandag:\n1° van 01.00 uur;\n2° tot 07.00 uur;\nb. zondag.\n2. Het tweede lid.\n",
            InputForm::Text,
        );
        assert_eq!(members(&s, "1"), "1(1(a(1,2),b),2)");
        let (_, s) = build(
            "Artikel 1 Weg\n1. Onder weg wordt verstaan:\na. weg:\n1. de rijbaan;\n2. het fietspad;\nb. berm.\n2. Slot.\n",
            InputForm::Text,
        );
        assert_eq!(members(&s, "1"), "1(1(a(1,2),b),2)");
    }

    #[test]
    fn variants_restart_the_leden() {
        let (_, s) = build(
            "### **Artikel 2:10 Voorwerpen**\n\n_Variant 1_\n\n1. Een.\n\n2. Twee.\n\n### _Variant 2_\n\n1. Een.\n\n### **Artikel 2:11 Volgende**\n\nTekst.\n",
            InputForm::Markdown,
        );
        assert_eq!(members(&s, "2:10"), "2:10(1,2,1)");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    #[test]
    fn an_italic_facultative_article_among_plain_ones_is_an_article() {
        let (_, s) = build(
            "### **Artikel 1 Een**\n\nTekst.\n\n### [ **_Artikel 2 Facultatief_** \n\n_Tekst._ ]\n\n### **Artikel 3 Drie**\n\nTekst.\n",
            InputForm::Markdown,
        );
        assert_eq!(articles(&s), vec!["1 Een", "2 Facultatief", "3 Drie"]);
    }

    #[test]
    fn a_run_of_headings_without_bodies_is_a_table_of_contents() {
        let (_, s) = build(
            "Hoofdstuk 1 Algemeen\nArtikel 1 Begrippen\nArtikel 2 Termijn\nArtikel 3 Slot\n\
             Hoofdstuk 1 Algemeen\nArtikel 1 Begrippen\nTekst een.\nArtikel 2 Termijn\nTekst twee.\nArtikel 3 Slot\nTekst drie.\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1 Begrippen", "2 Termijn", "3 Slot"]);
        assert_eq!(s.nodes[s.roots[0].index()].kind, NodeKind::Toc);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    #[test]
    fn a_table_of_contents_entry_with_a_lower_case_title_is_an_entry() {
        // a table of articles only; its entries' titles start with either case, and the last
        // entry stands right before the title page
        for entry in ["inwerkingtreding", "Citeertitel"] {
            let text = format!(
                "Inhoudsopgave\nArtikel 1 Begrippen ........ 2\nArtikel 2 slotbepaling ....... 2\n\
                 Artikel 3 {entry} ....... 3\nVerordening op de havens\nDe raad van de gemeente;\n\
                 besluit:\nArtikel 1 Begrippen\nTekst een.\nArtikel 2 Slot\nTekst twee.\n\
                 Artikel 3 Slot\nTekst drie.\n"
            );
            let (_, s) = build(&text, InputForm::Text);
            assert_eq!(
                articles(&s),
                vec!["1 Begrippen", "2 Slot", "3 Slot"],
                "{entry}"
            );
            let kinds: Vec<NodeKind> = s.roots.iter().map(|r| s.nodes[r.index()].kind).collect();
            assert_eq!(kinds[..2], [NodeKind::Toc, NodeKind::Preamble], "{entry}");
            assert!(s.warnings.is_empty(), "{entry}: {:?}", s.warnings);
        }
        // prose starting with a lower-case word after an article number stays prose
        let (_, s) = build(
            "Artikel 1 Begrippen\nTekst een, bedoeld in\nArtikel 2 van de wet.\nArtikel 2 Slot\nTekst.\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1 Begrippen", "2 Slot"]);
    }

    #[test]
    fn a_running_header_repeating_the_chapter_does_not_cut_the_article() {
        for header in [
            "Hoofdstuk 2 Openbare orde",
            "Hoofdstuk 2",
            "HOOFDSTUK 2 OPENBARE ORDE",
        ] {
            let text = format!(
                "Hoofdstuk 2 Openbare orde\nArtikel 2:1 Samenscholing\n1. Het is verboden op de weg\n\
                 {header}\nsamen te scholen.\n2. De burgemeester kan ontheffing verlenen.\n\
                 {header}\nArtikel 2:2 Slot\nTekst.\nHoofdstuk 3 Slot\nArtikel 3:1 Citeertitel\nTekst.\n"
            );
            let (_, s) = build(&text, InputForm::Text);
            assert_eq!(
                articles(&s),
                vec!["2:1 Samenscholing", "2:2 Slot", "3:1 Citeertitel"],
                "{header}"
            );
            assert_eq!(members(&s, "2:1"), "2:1(1,2)", "{header}");
            let chapters = s
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Chapter)
                .count();
            assert_eq!(chapters, 2, "{header}");
        }
    }

    #[test]
    fn wrapped_table_of_contents_entries_are_not_articles() {
        // pdftotext of a table of contents whose titles wrap: the dot leaders and the page
        // number stand on the continuation line.
        // Entries that follow one another wrap, the first one too, and one over three lines.
        let text = "Inhoudsopgave\n\
             Artikel 1:1 Begripsbepalingen en\n\
             afkortingen ................................... 3\n\
             Artikel 1:2 Beslistermijn bij vergunningen en ontheffingen voor\n\
             evenementen en standplaatsen ........................................ 4\n\
             Artikel 1:3 Indiening aanvraag .................................. 4\n\
             Artikel 1:4 Voorschriften en beperkingen bij\n\
             vergunningen en ontheffingen\n\
             die langer zijn ................................................... 5\n\
             Artikel 1:5 Slot ................................................ 5\n\
             \n\
             Hoofdstuk 1 Algemene bepalingen\n\
             Artikel 1:1 Begripsbepalingen en afkortingen\n\
             In deze verordening wordt verstaan onder weg: de openbare weg.\n\
             Artikel 1:2 Beslistermijn bij vergunningen en ontheffingen voor\n\
             evenementen en standplaatsen\n\
             Het bestuursorgaan beslist binnen acht weken.\n\
             Artikel 1:3 Indiening aanvraag\n\
             De aanvraag wordt schriftelijk ingediend.\n\
             Artikel 1:4 Voorschriften en beperkingen bij vergunningen en ontheffingen\n\
             Aan een vergunning kunnen voorschriften worden verbonden.\n\
             Artikel 1:5 Slot\n\
             Deze verordening treedt in werking op 1 januari.\n";
        let (_, s) = build(text, InputForm::Text);
        assert_eq!(
            articles(&s),
            vec![
                "1:1 Begripsbepalingen en afkortingen",
                "1:2 Beslistermijn bij vergunningen en ontheffingen voor evenementen en standplaatsen",
                "1:3 Indiening aanvraag",
                "1:4 Voorschriften en beperkingen bij vergunningen en ontheffingen",
                "1:5 Slot",
            ]
        );
        assert!(
            !s.warnings
                .iter()
                .any(|w| w.kind == WarningKind::DuplicateArticle),
            "{:?}",
            s.warnings
        );
        assert_eq!(s.nodes[s.roots[0].index()].kind, NodeKind::Toc);
        assert_eq!(s.nodes[s.roots[1].index()].kind, NodeKind::Chapter);

        // No "Inhoudsopgave" above it, and every entry wraps with a long leader.
        let leader = ".".repeat(60);
        let text = format!(
            "Artikel 1:1 Begripsbepalingen en\nafkortingen {leader} 3\n\
             Artikel 1:2 Beslistermijn bij vergunningen en\nontheffingen {leader} 4\n\
             Artikel 1:3 Indiening aanvraag en\nafkortingen {leader} 4\n\n\
             Artikel 1:1 Begripsbepalingen en afkortingen\nHier staat tekst.\n\
             Artikel 1:2 Beslistermijn bij vergunningen en ontheffingen\nTermijn.\n\
             Artikel 1:3 Indiening aanvraag en afkortingen\nDe aanvraag.\n"
        );
        let (_, s) = build(&text, InputForm::Text);
        assert_eq!(
            articles(&s),
            vec![
                "1:1 Begripsbepalingen en afkortingen",
                "1:2 Beslistermijn bij vergunningen en ontheffingen",
                "1:3 Indiening aanvraag en afkortingen",
            ]
        );
        assert_eq!(s.nodes[s.roots[0].index()].kind, NodeKind::Toc);

        // pdftotext -layout without dot leaders: only the page number ends the entry.
        let text = "Inhoudsopgave\n\
             Artikel 1:1 Begripsbepalingen en                  3\n\
             Artikel 1:2 Beslistermijn bij vergunningen en\n\
             ontheffingen                                      4\n\
             Artikel 1:3 Indiening aanvraag en\n\
             afkortingen                                       4\n\
             \n\
             Artikel 1:1 Begripsbepalingen en\n\
             Hier staat tekst.\n\
             Artikel 1:2 Beslistermijn bij vergunningen en ontheffingen\n\
             Het bestuursorgaan beslist binnen acht weken.\n\
             Artikel 1:3 Indiening aanvraag en afkortingen\n\
             De aanvraag wordt schriftelijk ingediend.\n";
        let (_, s) = build(text, InputForm::Text);
        assert_eq!(
            articles(&s),
            vec![
                "1:1 Begripsbepalingen en",
                "1:2 Beslistermijn bij vergunningen en ontheffingen",
                "1:3 Indiening aanvraag en afkortingen",
            ]
        );
        assert_eq!(s.nodes[s.roots[0].index()].kind, NodeKind::Toc);
    }

    #[test]
    fn consecutive_repealed_articles_are_not_a_table_of_contents() {
        let (_, s) = build(
            "Artikel 1 (Vervallen)\nArtikel 2 [vervallen]\nArtikel 3 Gereserveerd\nArtikel 4 Slot\nTekst.\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1 [R]", "2 [R]", "3 [R]", "4 Slot"]);
    }

    #[test]
    fn the_first_line_of_a_wrapped_sentence_is_not_a_title() {
        let (_, s) = build(
            "Artikel 1 Begrippen\nTekst.\n\nArtikel 2\n\
             Deze verordening is niet van toepassing voor zover in het onderwerp wordt voorzien door\n\
             de Wet op de kansspelen.\n\nArtikel 3 Slot\nTekst.\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1 Begrippen", "2", "3 Slot"]);
    }

    #[test]
    fn a_title_on_the_next_line_is_taken() {
        let (_, s) = build(
            "Artikel 1:1\nBegripsbepalingen\nIn deze verordening wordt verstaan onder weg: de weg.\nArtikel 1:2\nVervallen\n",
            InputForm::Text,
        );
        assert_eq!(articles(&s), vec!["1:1 Begripsbepalingen", "1:2 [R]"]);
    }

    #[test]
    fn the_title_names_the_municipality() {
        let m = |t: &str| {
            let (n, _) = build(&format!("{t}\nArtikel 1 Een\nTekst.\n"), InputForm::Text);
            find_title(&n).and_then(|(_, m)| m)
        };
        assert_eq!(
            m("Algemene plaatselijke verordening Zeewoude 2024").as_deref(),
            Some("Zeewoude")
        );
        assert_eq!(
            m("Algemene Plaatselijke Verordening van de gemeente Alphen aan den Rijn 2019")
                .as_deref(),
            Some("Alphen aan den Rijn")
        );
        assert_eq!(
            m("ALGEMENE PLAATSELIJKE VERORDENING BERGERVEEN 2006").as_deref(),
            Some("Bergerveen")
        );
        assert_eq!(
            m("Algemene plaatselijke verordening 's-Hertogenbosch").as_deref(),
            Some("'s-Hertogenbosch")
        );
        assert_eq!(
            m("Algemene plaatselijke verordening naam gemeente en jaartal"),
            None
        );
        assert_eq!(m("Algemene plaatselijke verordening 2020"), None);
        let (n, _) = build(
            "Verordening op de heffing\nArtikel 1 Een\nTekst.\n",
            InputForm::Text,
        );
        assert_eq!(find_title(&n), None);
    }

    #[test]
    fn a_title_wrapped_onto_the_next_line_is_joined() {
        let (_, s) = build(
            "Artikel 2:34b Regulering paracommerciële\nrechtspersonen\n1. Een rechtspersoon.\nArtikel 2:35 Definitie\nhet is verboden.\n",
            InputForm::Text,
        );
        assert_eq!(
            articles(&s),
            vec![
                "2:34b Regulering paracommerciële rechtspersonen",
                "2:35 Definitie"
            ]
        );
        assert_eq!(members(&s, "2:34b"), "2:34b(1)");
    }

    #[test]
    fn empty_headings_are_warned_about() {
        let (_, s) = build(
            "Hoofdstuk 1 Leeg\nHoofdstuk 2 Vol\nArtikel 2:1 Titel\nTekst.\nArtikel 2:2 Leeg\n\
             Hoofdstuk 3 (Vervallen)\nHoofdstuk 4 Slot\nArtikel 4:1 Slot\nTekst.\n",
            InputForm::Text,
        );
        let empty: Vec<&str> = s
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::EmptyHeading)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(
            empty,
            vec![
                "hoofdstuk 1 has a heading but nothing under it",
                "article 2:2 has a heading but no text"
            ]
        );
    }

    #[test]
    fn what_was_seen_is_described() {
        let (_, s) = build("Notulen\n1. Opening\n", InputForm::Text);
        assert_eq!(s.seen, "2 lines, no line starting with 'Artikel'");
        let (_, s) = build("Notulen\nartikel 3 is besproken\n", InputForm::Text);
        assert!(
            s.seen
                .contains("1 start with 'artikel' but none is an article heading"),
            "{}",
            s.seen
        );
    }
}
