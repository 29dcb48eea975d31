//! Normalisation: from the lines a reader produced to the clean text every span points into.
//!
//! One pass over the lines, plus a cheap first pass that finds page furniture:
//! - Unicode NFC; ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ) expanded; non-breaking and other odd spaces made
//!   plain; zero-width characters and soft hyphens dropped; runs of spaces collapsed;
//! - page furniture dropped: lone page numbers, "Pagina 12 van 140", and short lines that
//!   repeat next to page numbers or page breaks (running headers and footers such as
//!   `_VNG,november 2023_`);
//! - words hyphenated at a line end joined ("exploi-" + "tatie"), real hyphens kept
//!   ("Drank-" + "en Horecawet");
//! - bullets (`•`, `▪`, `◦`) and indentation removed, the bullet kept as a [`LineInfo`] flag;
//! - in Markdown, the square brackets of the model text's notation (`[ … ]` = facultative or to
//!   be filled in, which Markdown conversions of the Model-APV carry) removed, markers such as
//!   `[vervallen]` and footnote numbers kept (the Markdown reader has removed the markup);
//! - blank lines dropped (a flag on the next line remembers them).
//!
//! Every kept line remembers the 1-based line of the original input it came from and the
//! bytes of the original input it was read from (two lines joined at a hyphen cover both).

use foldhash::{HashMap, HashMapExt};

use crate::model::{InputForm, SourceSpan};
use crate::source::{Mark, SourceText};

/// The normalised text of one input plus what is known about each of its lines.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text: non-empty lines separated by `\n`, ending in `\n`.
    pub text: String,
    /// One entry per line of `text`, in order.
    pub lines: Vec<LineInfo>,
    /// What the markup said each line is, parallel to `lines`; empty when the input had no
    /// markup.
    pub marks: Vec<Mark>,
}

/// What normalisation learnt about one line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineInfo {
    /// Byte offset of the line's first character in [`Normalized::text`].
    pub start: usize,
    /// Byte offset just past the line's last character (the `\n` is not included).
    pub end: usize,
    /// 1-based line of the original input.
    pub origin: u32,
    /// The bytes of the original input the line was read from ([`SourceText::source_spans`],
    /// [`SourceText::text_is_input`]); empty when the reader gave none.
    pub source: SourceSpan,
    /// The line was a list item: the markup says so ([`Mark::ListItem`]) or it opened with a
    /// bullet (`•`).
    pub list: bool,
    /// When the markup says the line opens with a bold run ([`Mark::BoldLead`]), the absolute
    /// offset where the bold run ends.
    pub bold_end: Option<usize>,
    /// One or more blank (or dropped) lines came before this one.
    pub blank_before: bool,
}

impl Normalized {
    /// The text of a line.
    pub fn line_text(&self, i: usize) -> &str {
        let l = &self.lines[i];
        &self.text[l.start..l.end]
    }

    /// What the markup said line `i` is.
    pub fn mark(&self, i: usize) -> &Mark {
        self.marks.get(i).unwrap_or(&Mark::None)
    }
}

/// Normalises the text of a reader's output.
pub fn normalize(src: &SourceText) -> Normalized {
    let brackets = src.form == InputForm::Markdown;
    let raw = split_lines(&src.text);
    let drop = furniture(&raw, memchr::memchr(0x0C, src.text.as_bytes()).is_some());
    let mut text = String::with_capacity(src.text.len() + 16);
    let mut lines: Vec<LineInfo> = Vec::with_capacity(raw.len() / 2 + 1);
    let mut blank = false;
    let mut blanks_since_last = 0u32;
    // furniture was dropped since the last kept line: a word may go on across the page break
    let mut page_break_since_last = false;
    let mut last_origin = 0u32;
    // The bytes of the input raw line `i` came from; found only for lines that are kept.
    let source_of = |i: usize, line: &str| match (src.source_spans.get(i), src.text_is_input) {
        (Some(&s), _) => s,
        (None, Some(shift)) => {
            let start = line.as_ptr() as usize - src.text.as_ptr() as usize + shift;
            SourceSpan::new(start, start + line.len())
        }
        // missing entries repeat the last one
        (None, None) => src.source_spans.last().copied().unwrap_or_default(),
    };
    let mut scratch = String::new();
    let mut soft_pending = false;
    let mut line_marks: Vec<Mark> = Vec::with_capacity(if src.marks.is_empty() {
        0
    } else {
        lines.capacity()
    });
    for (i, line) in raw.iter().enumerate() {
        let origin = match src.line_origin.get(i) {
            Some(&o) => o,
            None if src.line_origin.is_empty() => i as u32 + 1,
            None => last_origin,
        };
        last_origin = origin;
        if drop[i] {
            blank = true;
            page_break_since_last = true;
            continue;
        }
        let soft_break = std::mem::replace(&mut soft_pending, line.trim_end().ends_with('\u{ad}'));
        let had_line = !lines.is_empty();
        if had_line {
            text.push('\n');
        }
        let start = text.len();
        let mark = src.marks.get(i).unwrap_or(&Mark::None);
        let lead = match mark {
            Mark::BoldLead(n) => Some(*n),
            _ => None,
        };
        let marks = clean_line(line, brackets, lead, &mut text, &mut scratch);
        if text.len() == start {
            // blank line
            if had_line {
                text.pop();
            }
            blank = true;
            blanks_since_last += 1;
            continue;
        }
        if let Some(prev) = lines.last_mut() {
            let (joins, compound) = if soft_break {
                // a soft hyphen at the end of the line before marks a word break
                let lower = text[start..].chars().next().is_some_and(char::is_lowercase);
                (lower, false)
            } else if text.as_bytes()[prev.end - 1] == b'-' {
                let prev_text = &text[prev.start..prev.end];
                let next = continues_word(&text[start..]);
                // "erotisch-" + "pornografische", "APV-" + "bepaling": one word whose hyphen
                // stays
                let compound = next && hyphen_is_written(prev_text, &text[start..]);
                (
                    next && (compound || ends_with_split_word(prev_text)),
                    compound,
                )
            } else {
                (false, false)
            };
            // a line the markup opens (a heading, a lid, an item, a paragraph) starts a block
            // of its own
            let near = blanks_since_last <= 1 || page_break_since_last;
            if near && matches!(mark, Mark::None) && joins {
                // "exploi-" + "tatie": drop the hyphen (if visible) and the line break.
                let from = if soft_break || compound {
                    prev.end
                } else {
                    prev.end - 1
                };
                text.replace_range(from..start, "");
                prev.end = text.len();
                prev.source.end = prev.source.end.max(source_of(i, line).end);
                blank = false;
                blanks_since_last = 0;
                page_break_since_last = false;
                continue;
            }
        }
        if !src.marks.is_empty() {
            line_marks.push(mark.clone());
        }
        lines.push(LineInfo {
            start,
            end: text.len(),
            origin,
            source: source_of(i, line),
            list: marks.list || matches!(mark, Mark::ListItem),
            bold_end: marks.bold_end,
            blank_before: blank,
        });
        blank = false;
        blanks_since_last = 0;
        page_break_since_last = false;
    }
    if !lines.is_empty() {
        text.push('\n');
    }
    Normalized {
        text,
        lines,
        marks: line_marks,
    }
}

/// Whether a line ends in a word broken by a hyphen ("exploi-"), not a dash ("- "); whether
/// the hyphen is a real one the next line decides.
fn ends_with_split_word(prev: &str) -> bool {
    let mut it = prev.chars().rev();
    matches!((it.next(), it.next()), (Some('-'), Some(c)) if c.is_alphabetic())
}

/// Whether the hyphen that ends `prev` is written, joining its last word to the word `next`
/// starts with, where Dutch hyphenation never breaks a word:
/// - after a whole adjective in "-isch" ("erotisch-pornografische", "juridisch-technische"):
///   hyphenation breaks "eroti-sche", never after "isch";
/// - between two vowels that would otherwise be read as one sound ("politie-inzet",
///   "zee-eend", "auto-ongeluk"): a word broken there is spelled with a trema ("be-ëindigen");
/// - after an abbreviation, a word with two or more capitals ("APV-bepaling", "RIEC-partner").
fn hyphen_is_written(prev: &str, next: &str) -> bool {
    let Some(word) = prev.strip_suffix('-') else {
        return false;
    };
    let word = word
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or(word);
    let b = word.as_bytes();
    if b.len() >= 5 && b[b.len() - 4..].eq_ignore_ascii_case(b"isch") {
        return true;
    }
    let digraph = match (b.last(), next.as_bytes().first()) {
        (Some(&x), Some(&y)) => matches!(
            &[x.to_ascii_lowercase(), y],
            b"aa"
                | b"ee"
                | b"oo"
                | b"uu"
                | b"ie"
                | b"ei"
                | b"eu"
                | b"ou"
                | b"ui"
                | b"oe"
                | b"au"
                | b"ai"
        ),
        _ => false,
    };
    digraph || word.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Whether a line continues a hyphenated word: it starts with a lower-case letter, and not
/// with a conjunction ("en", "of", "tot") that shows the hyphen is real, nor with an onderdeel
/// marker ("a. ").
fn continues_word(next: &str) -> bool {
    let Some(first) = next.chars().next() else {
        return false;
    };
    if !first.is_lowercase() {
        return false;
    }
    let word_end = next
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(next.len());
    let word = &next[..word_end];
    if matches!(
        word,
        "en" | "of" | "tot" | "dan" | "noch" | "respectievelijk"
    ) {
        return false;
    }
    let b = next.as_bytes();
    // an onderdeel marker such as "a. " or "b) "
    !(word_end == 1 && matches!(b.get(1), Some(b'.' | b')')))
}

/// What [`clean_line`] learnt about a line.
#[derive(Debug, Default, Clone, Copy)]
struct Marks {
    list: bool,
    bold_end: Option<usize>,
}

/// Cleans one line and appends it to `out`; appends nothing for a blank line. `brackets` drops
/// the model text's square brackets; `lead` is the end of a bold run at the line's start (a
/// byte of `line`), which the cleaned line remembers as [`Marks::bold_end`].
fn clean_line(
    line: &str,
    brackets: bool,
    lead: Option<usize>,
    out: &mut String,
    scratch: &mut String,
) -> Marks {
    let mut marks = Marks::default();
    let line = line.trim_end_matches([' ', '\t', '\r', '\u{c}']);
    let mut rest = line.trim_start_matches([' ', '\t', '\u{c}']);
    for marker in ["• ", "▪ ", "◦ ", "\u{f0b7} ", "· "] {
        if let Some(r) = rest.strip_prefix(marker) {
            marks.list = true;
            rest = r.trim_start();
            break;
        }
    }
    if rest == "•" {
        return marks;
    }
    // where the bold run ends in `rest`
    let split = lead
        .and_then(|n| n.checked_sub(line.len() - rest.len()))
        .filter(|&n| n > 0 && n < rest.len() && rest.is_char_boundary(n));
    // most lines come out as they are: copied whole, without a look at each character
    let plain = is_plain(rest.as_bytes(), brackets);
    // Unicode NFC, only when the line may need it (each side of the bold run's end apart).
    let (rest, split): (&str, Option<usize>) = if plain
        || surely_nfc(rest.as_bytes())
        || unicode_normalization::is_nfc_quick(rest.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        (rest, split)
    } else {
        use unicode_normalization::UnicodeNormalization;
        scratch.clear();
        let (head, tail) = rest.split_at(split.unwrap_or(0));
        scratch.extend(head.nfc());
        let at = scratch.len();
        scratch.extend(tail.nfc());
        (scratch.as_str(), split.map(|_| at))
    };
    let start = out.len();
    let mut st = CleanState {
        out,
        start,
        bold_end: None,
        letters_after_bold: false,
    };
    let special = if brackets {
        &BRACKET_SPECIAL
    } else {
        &TEXT_SPECIAL
    };
    match split {
        Some(at) => {
            st.push_text(&rest[..at], brackets, special);
            let mut end = st.out.len();
            while end > start && st.out.as_bytes()[end - 1] == b' ' {
                end -= 1;
            }
            st.bold_end = Some(end);
            st.push_text(&rest[at..], brackets, special);
        }
        None if plain => st.push_run(rest),
        None => st.push_text(rest, brackets, special),
    }
    let mut bold_end = if st.letters_after_bold {
        st.bold_end
    } else {
        None
    };
    // collapse runs of spaces, then trim trailing ones
    if !plain && DOUBLE_SPACE.find(&out.as_bytes()[start..]).is_some() {
        let mut collapsed = String::with_capacity(out.len() - start);
        for (k, w) in out[start..]
            .split(' ')
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if k > 0 {
                collapsed.push(' ');
            }
            collapsed.push_str(w);
        }
        if let Some(b) = bold_end {
            // keep the end of the bold run after the same word
            let words = out[start..b].split(' ').filter(|w| !w.is_empty());
            let (count, len) = words.fold((0usize, 0usize), |(c, l), w| (c + 1, l + w.len()));
            bold_end = Some(start + len + count.saturating_sub(1));
        }
        out.truncate(start);
        out.push_str(&collapsed);
    }
    while out.len() > start && out.ends_with(' ') {
        out.pop();
    }
    marks.bold_end = bold_end.filter(|&b| b > start && b < out.len());
    marks
}

/// Whether cleaning leaves a line as it is: printable ASCII only (no tab, no character to
/// drop or replace, no square bracket when `brackets`), no space doubled or before
/// punctuation, no punctuation first. Most lines are such.
///
/// The bytes are looked at 16 at a time, each with the byte before it, without a branch per
/// byte (the compiler makes each step a few vector instructions); the last 16 overlap the
/// ones before, a short line is padded with letters.
fn is_plain(b: &[u8], brackets: bool) -> bool {
    let odd = |c: u8| !(0x20..0x7f).contains(&c) | (brackets & ((c == b'[') | (c == b']')));
    let punct = |c: u8| (c == b'.') | (c == b',') | (c == b';');
    let plain16 = |before: &[u8; 16], bytes: &[u8; 16]| {
        let mut any = false;
        for k in 0..16 {
            let (p, c) = (before[k], bytes[k]);
            any |= odd(c) | ((p == b' ') & ((c == b' ') | punct(c)));
        }
        !any
    };
    let Some(&first) = b.first() else {
        return true;
    };
    if odd(first) | punct(first) {
        return false;
    }
    let mut padded = [b'a'; 17];
    let b = match b.get(16) {
        Some(_) => b,
        None => {
            padded[..b.len()].copy_from_slice(b);
            &padded
        }
    };
    let n = b.len();
    let (bytes, _) = b[1..].as_chunks::<16>();
    let (before, _) = b[..n - 1].as_chunks::<16>();
    let last = (b[n - 17..n - 1].try_into(), b[n - 16..].try_into());
    before.iter().zip(bytes).all(|(p, c)| plain16(p, c))
        && matches!(last, (Ok(p), Ok(c)) if plain16(p, c))
}

/// Bytes that need a look of their own in plain text: tabs, punctuation that may lose a
/// space before it, control characters and the start of any non-ASCII character. Runs of
/// spaces are collapsed once the line is written.
static TEXT_SPECIAL: [bool; 256] = special_bytes(b"\t.,;");

/// As [`TEXT_SPECIAL`], plus the square brackets of the model text's notation.
static BRACKET_SPECIAL: [bool; 256] = special_bytes(b"\t.,;[]");

const fn special_bytes(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b >= 0x7f;
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// The end of the run of ordinary bytes starting at `i`.
fn plain_run(b: &[u8], i: usize, special: &[bool; 256]) -> usize {
    let mut j = i;
    // eight bytes at a time, without a branch per byte, while none of them is special
    while let Some(chunk) = b.get(j..j + 8) {
        if chunk
            .iter()
            .fold(false, |any, &c| any | special[c as usize])
        {
            break;
        }
        j += 8;
    }
    while j < b.len() && !special[b[j] as usize] {
        j += 1;
    }
    j
}

/// Finds two spaces in a row (built once: a searcher per line would cost more than the search).
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Whether text is certainly in NFC without looking it up: every character is ASCII, from
/// U+0080–U+027F (Latin-1 and Latin Extended letters, all precomposed), general punctuation
/// (U+2000–U+207F: quotes, dashes, spaces) or a ligature or byte-order mark (U+FB00–U+FB4F,
/// U+FEFF). None of these is a combining mark, so no two of them compose.
fn surely_nfc(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            // eight ASCII bytes at a time
            while let Some(chunk) = b.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
                if word & 0x8080_8080_8080_8080 != 0 {
                    break;
                }
                i += 8;
            }
        } else if (0xC2..=0xC9).contains(&c) {
            i += 2;
        } else if c == 0xE2 && matches!(b.get(i + 1), Some(0x80 | 0x81))
            || c == 0xEF && matches!(b.get(i + 1), Some(0xAC | 0xBB))
        {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

struct CleanState<'a> {
    out: &'a mut String,
    start: usize,
    bold_end: Option<usize>,
    letters_after_bold: bool,
}

impl CleanState<'_> {
    /// Appends one character, normalising spaces and odd characters.
    fn push_char(&mut self, c: char) {
        match c {
            ' '
            | '\t'
            | '\u{a0}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}' => {
                if self.out.len() > self.start && !self.out.ends_with(' ') {
                    self.out.push(' ');
                }
            }
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{fb00}' => self.push_str("ff"),
            '\u{fb01}' => self.push_str("fi"),
            '\u{fb02}' => self.push_str("fl"),
            '\u{fb03}' => self.push_str("ffi"),
            '\u{fb04}' => self.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => self.push_str("st"),
            c if c.is_control() => {}
            '.' | ',' | ';' => {
                // "Strafrecht ." left by removed marks → "Strafrecht."
                if self.out.ends_with(' ') {
                    let trimmed = self.out.trim_end_matches(' ').len();
                    if trimmed > self.start {
                        let before = self.out[..trimmed].chars().next_back();
                        if before.is_some_and(|b| b.is_alphanumeric() || b == ')') {
                            self.out.truncate(trimmed);
                        }
                    }
                }
                self.out.push(c);
            }
            c => {
                if c.is_alphanumeric() {
                    self.letter();
                }
                self.out.push(c);
            }
        }
    }

    /// Appends a run of ASCII characters that cleaning leaves as they are (no marks, no
    /// punctuation that [`CleanState::push_char`] treats specially), without the spaces that
    /// would start the line or double one.
    fn push_run(&mut self, mut run: &str) {
        if self.out.len() == self.start || self.out.ends_with(' ') {
            run = run.trim_start_matches(' ');
            if run.is_empty() {
                return;
            }
        }
        // only a bold run's end asks whether letters follow it
        if self.bold_end.is_some()
            && !self.letters_after_bold
            && run.bytes().any(|c| c.is_ascii_alphanumeric())
        {
            self.letter();
        }
        self.out.push_str(run);
    }

    /// After a `.`, the dots that follow it (a dot leader) as they are: `push_char` would
    /// only append them one by one. Returns where the text goes on.
    fn push_more_dots(&mut self, s: &str, i: usize) -> usize {
        if !self.out.ends_with('.') {
            return i;
        }
        let dots = s.as_bytes()[i..].iter().take_while(|&&c| c == b'.').count();
        self.out.push_str(&s[i..i + dots]);
        i + dots
    }

    fn push_str(&mut self, s: &str) {
        self.letter();
        self.out.push_str(s);
    }

    /// Book-keeping for a letter or digit about to be written.
    fn letter(&mut self) {
        if self.bold_end.is_some() {
            self.letters_after_bold = true;
        }
    }

    /// Appends a piece of a line: runs of ordinary bytes whole, the rest character by
    /// character; with `brackets`, the model text's square brackets are dropped.
    fn push_text(&mut self, s: &str, brackets: bool, special: &[bool; 256]) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let mut run = plain_run(b, i, special);
            // punctuation straight after a written byte other than a space stays as it is
            // (`push_char` would only append it), so the run goes on past it
            while run > i && b[run - 1] != b' ' && matches!(b.get(run), Some(b'.' | b',' | b';')) {
                run = plain_run(b, run + 1, special);
            }
            if run > i {
                self.push_run(&s[i..run]);
                i = run;
                continue;
            }
            match b[i] {
                b'[' if brackets => {
                    if let Some(len) = kept_bracket(&s[i..]) {
                        for ch in s[i..i + len].chars() {
                            self.push_char(ch);
                        }
                        i += len;
                    } else {
                        i += 1;
                    }
                }
                b']' if brackets => i += 1,
                _ => {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    self.push_char(ch);
                    i += ch.len_utf8();
                    if ch == '.' {
                        i = self.push_more_dots(s, i);
                    }
                }
            }
        }
    }
}

/// Length of a bracketed marker that stays text: `[vervallen]`, `[gereserveerd]`,
/// `[ingetrokken]`, a footnote `[7]`.
fn kept_bracket(s: &str) -> Option<usize> {
    let close = s.as_bytes().iter().take(20).position(|&b| b == b']')?;
    let inner = s[1..close].trim_matches(|c: char| c == ' ' || c == '*' || c == '_');
    let keep = (!inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()))
        || ["vervallen", "gereserveerd", "ingetrokken"]
            .iter()
            .any(|w| inner.eq_ignore_ascii_case(w));
    keep.then_some(close + 1)
}

/// Finds lines of page furniture: page numbers and the short lines that repeat next to them.
fn furniture(raw: &[&str], form_feeds: bool) -> Vec<bool> {
    let mut drop = vec![false; raw.len()];
    let mut page_breaks: Vec<usize> = Vec::new();
    for (i, line) in raw.iter().enumerate() {
        if is_page_number(line) {
            drop[i] = true;
            page_breaks.push(i);
        } else if form_feeds && line.contains('\u{c}') {
            page_breaks.push(i);
        }
    }
    if page_breaks.is_empty() {
        return drop;
    }
    if form_feeds {
        // the bottom of the last page: its footer stands at the end of the text
        page_breaks.push(raw.len());
    }
    // Short lines next to a page break, counted by their shape (digits masked): the nearest
    // line on each side of a break, and the one after it (a running header or footer of two
    // lines: the regulation's name above the chapter, a date under the page number).
    let mut counts: HashMap<String, Vec<(usize, u8)>> = HashMap::new();
    // unit headings next to page breaks, by their words: a running header repeating the
    // chapter's heading on each of its pages
    let mut headings: HashMap<String, Vec<usize>> = HashMap::new();
    let mut consider = |j: usize, depth: u8, counts: &mut HashMap<String, Vec<(usize, u8)>>| {
        let t = strip_marks(raw[j]);
        if t.is_empty() {
            return;
        }
        if is_protected(t) {
            if is_unit_heading(t) {
                let v = headings.entry(words(t)).or_default();
                if !v.contains(&j) {
                    v.push(j);
                }
            }
            return;
        }
        // a line whose shape is longer than 160 bytes is no furniture: its ASCII bytes other
        // than digits and spaces, each a byte of the shape, may tell without the shape
        let shaped = t
            .bytes()
            .filter(|&c| c.is_ascii() && !c.is_ascii_digit() && !matches!(c, b'\t'..=b'\r' | b' '))
            .count();
        if shaped > 160 {
            return;
        }
        // a run of digits counts as one: "7/19" and "10/19" have the same shape
        let mut key = String::with_capacity(t.len());
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            if !c.is_ascii_digit() {
                key.push(c.to_ascii_lowercase());
            } else if !key.ends_with('#') {
                key.push('#');
            }
            if key.len() > 160 {
                return;
            }
        }
        let v = counts.entry(key).or_default();
        if !v.iter().any(|&(k, _)| k == j) {
            v.push((j, depth));
        }
    };
    let is_text = |j: usize, drop: &[bool]| !raw[j].trim().is_empty() && !drop[j];
    if form_feeds {
        // the top of the first page: its header stands at the start of the text; a line
        // naming the regulation stays there even when the header repeats it, as the
        // document's title
        let first = (0..raw.len()).filter(|&j| is_text(j, &drop)).take(2);
        for (depth, j) in first.enumerate() {
            let names = raw[j].to_ascii_lowercase();
            if !names.contains("verordening") && !names.contains("apv") {
                consider(j, depth as u8 + 1, &mut counts);
            }
        }
    }
    for &p in &page_breaks {
        // the nearest non-blank lines before and after (page numbers do not count)
        let before = (0..p).rev().filter(|&j| is_text(j, &drop)).take(2);
        for (depth, j) in before.enumerate() {
            consider(j, depth as u8 + 1, &mut counts);
        }
        let first_after = if raw.get(p).is_some_and(|l| l.contains('\u{c}')) && !drop[p] {
            p
        } else {
            p + 1
        };
        let after = (first_after..raw.len())
            .filter(|&j| is_text(j, &drop))
            .take(2);
        for (depth, j) in after.enumerate() {
            consider(j, depth as u8 + 1, &mut counts);
        }
    }
    // pages: the form feeds, or else the page numbers
    let pages = if form_feeds {
        raw.iter().filter(|l| l.contains('\u{c}')).count() + 1
    } else {
        page_breaks.len() + 1
    };
    for found in counts.values() {
        // the nearest line repeating twice is furniture; one further from the break must
        // repeat on at least half the pages (and three times)
        let nearest = found.iter().all(|&(_, depth)| depth == 1);
        let often = found.len() >= 3.max(pages / 2);
        if found.len() >= 2 && (nearest || often) {
            for &(j, _) in found {
                drop[j] = true;
            }
        }
    }
    // footnotes: the lines at the bottom of a page from one starting with a superscript
    // number ("¹ Zie ook …") on; left in, they would split the sentence they interrupt
    for &p in &page_breaks {
        let bottom: Vec<usize> = (0..p.min(raw.len()))
            .rev()
            .filter(|&j| is_text(j, &drop))
            .take(6)
            .collect();
        let note = bottom.iter().rposition(|&j| {
            raw[j]
                .trim_start()
                .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
        });
        if let Some(k) = note {
            for &j in &bottom[..=k] {
                drop[j] = true;
            }
        }
    }
    // a unit heading at page edges after its first appearance: the first is the heading, the
    // others are running headers. Where each of those headings first stands is found in one
    // pass over the lines that can be one (a unit heading, marks stripped).
    let mut firsts: HashMap<&str, usize> = HashMap::with_capacity(headings.len());
    let mut scratch = String::new();
    if !headings.is_empty() {
        for (j, line) in raw.iter().enumerate() {
            // the first letters of "hoofdstuk", "afdeling", "paragraaf", "titel", "§" or a mark
            let b = line.as_bytes();
            let lead = b
                .iter()
                .take_while(|&&c| matches!(c, b' ' | b'\t' | b'\x0c'))
                .count();
            let maybe = b.get(lead..lead + 2).is_some_and(|two| {
                matches!(
                    (two[0].to_ascii_lowercase(), two[1].to_ascii_lowercase()),
                    (b'h', b'o')
                        | (b'a', b'f')
                        | (b'p', b'a')
                        | (b't', b'i')
                        | (b'\xC2' | b'*' | b'_' | b'#', _)
                )
            });
            if !maybe {
                continue;
            }
            let t = strip_marks(line);
            if !is_unit_heading(t) {
                continue;
            }
            scratch.clear();
            for w in t.split_whitespace() {
                if !scratch.is_empty() {
                    scratch.push(' ');
                }
                scratch.push_str(w);
            }
            if let Some((text, _)) = headings.get_key_value(scratch.as_str()) {
                firsts.entry(text.as_str()).or_insert(j);
            }
        }
    }
    for (text, found) in &headings {
        let last = found.iter().copied().max().unwrap_or(0);
        let Some(first) = firsts.get(text.as_str()).copied().filter(|&f| f < last) else {
            continue;
        };
        let word = text.split(' ').next().unwrap_or("");
        let repeats: Vec<usize> = found.iter().copied().filter(|&j| j != first).collect();
        if repeats.len() >= 2 {
            for j in repeats {
                drop[j] = true;
            }
        } else {
            // a chapter of two pages repeats its heading once: a running header where regulation
            // text stands between the heading and its repeat (the first was no entry of a table
            // of contents), or where the text goes on after it (a lid, a sentence) rather than a
            // chapter starting
            // (a table of contents lists the other units between its entry and the heading,
            // a chapter only its own articles)
            let starts =
                |t: &str, w: &str| t.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w));
            let kind = format!("{word} ");
            for j in repeats {
                let mut article = false;
                let mut other_unit = false;
                for line in &raw[first + 1..j] {
                    let t = strip_marks(line);
                    article |= starts(t, "artikel ");
                    other_unit |= starts(t, &kind);
                    if other_unit {
                        break;
                    }
                }
                if other_unit || !article {
                    continue;
                }
                let body_between = (first + 1..j).any(|k| {
                    let t = strip_marks(raw[k]);
                    is_text(k, &drop) && t.ends_with(['.', ';', ':']) && !t.contains("..")
                });
                let next = (j + 1..raw.len()).find(|&k| is_text(k, &drop));
                let goes_on = next.is_some_and(|k| {
                    let t = strip_marks(raw[k]);
                    !is_unit_heading(t) && !starts(t, "artikel")
                });
                if body_between || goes_on {
                    drop[j] = true;
                }
            }
        }
    }
    drop
}

/// The words of a line, single-spaced.
fn words(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hoofdstuk, afdeling or paragraaf heading (not an article: a running header names the
/// chapter).
fn is_unit_heading(t: &str) -> bool {
    let b = t.as_bytes();
    ["hoofdstuk ", "afdeling ", "paragraaf ", "titel "]
        .iter()
        .any(|w| b.len() > w.len() && b[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
        || t.starts_with("§")
}

/// The lines of `text`, as `text.split('\n')` gives them.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut from = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[from..nl]);
        from = nl + 1;
    }
    lines.push(&text[from..]);
    lines
}

/// A line holding only a page number: `12`, `- 12 -`, `Pagina 12 van 140`, `12/140`.
fn is_page_number(line: &str) -> bool {
    // most lines are told apart by their first character, before their end is looked at
    let t = line.trim_start_matches(is_mark);
    let Some(&first) = t.as_bytes().first() else {
        return false;
    };
    let may_be = first.is_ascii_digit()
        || matches!(first, b'-' | 0xE2)
        || (t.len() >= 3
            && ["pag", "blz"]
                .iter()
                .any(|p| t.as_bytes()[..3].eq_ignore_ascii_case(p.as_bytes())));
    if !may_be {
        return false;
    }
    let t = t.trim_end_matches(is_mark);
    if t.len() > 40 {
        return false;
    }
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("pagina")
        .or_else(|| lower.strip_prefix("page"))
        .or_else(|| lower.strip_prefix("blz."))
        .unwrap_or(&lower);
    let words: Vec<&str> = rest.split([' ', '/']).filter(|w| !w.is_empty()).collect();
    let num = |w: &str| !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [a] => rest.len() < lower.len() && num(a),
        [a, b] => num(a) && num(b) && t.contains('/'),
        [a, "van" | "of", b] => num(a) && num(b),
        _ => false,
    }
}

/// A line with Markdown emphasis and heading marks stripped from both ends.
fn strip_marks(line: &str) -> &str {
    line.trim_matches(is_mark)
}

/// What [`strip_marks`] strips: spaces and Markdown emphasis and heading marks.
fn is_mark(c: char) -> bool {
    c.is_whitespace() || matches!(c, '*' | '_' | '#' | '\u{c}' | '\u{a0}')
}

/// Lines that are never furniture even when they repeat: structure and repeal markers.
fn is_protected(t: &str) -> bool {
    // the words are ASCII (and "§"): compared without lowercasing the line
    let start = t.trim_start_matches(['[', '(', ' ']).as_bytes();
    [
        "artikel",
        "art.",
        "hoofdstuk",
        "afdeling",
        "paragraaf",
        "§",
        "vervallen",
        "gereserveerd",
        "ingetrokken",
        "variant",
        "titel",
    ]
    .iter()
    .any(|w| {
        start
            .get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w.as_bytes()))
    }) || t.bytes().next().is_some_and(|b| b.is_ascii_digit()) && t.contains(". ")
        || starts_with_label(t)
}

/// Whether a line starts with a lid or onderdeel label (`a.`, `b)`, `(c)`, `1.`, `2°`, `iv.`)
/// followed by a space or nothing: a label printed alone on its line, or with its text, is
/// regulation text even where it stands next to a page break on several pages.
fn starts_with_label(t: &str) -> bool {
    let b = t.as_bytes();
    let open = usize::from(b.first() == Some(&b'('));
    let lower = b[open..]
        .iter()
        .take_while(|c| c.is_ascii_lowercase())
        .count();
    let digits = b[open..].iter().take_while(|c| c.is_ascii_digit()).count();
    let roman = b[open..lower + open]
        .iter()
        .all(|c| matches!(c, b'i' | b'v' | b'x'));
    let len = match (lower, digits) {
        (1..=2, 0) => lower,
        (3..=5, 0) if roman => lower,
        (0, 1..=3) => digits,
        _ => return false,
    };
    t[open + len..]
        .strip_prefix(['.', ')', '°'])
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_surely_in_nfc_is_in_nfc_and_a_combining_mark_is_looked_up() {
        use unicode_normalization::UnicodeNormalization;
        let long_ascii = "Het is verboden zonder vergunning van de burgemeester ";
        for (text, sure) in [
            ("", true),
            (long_ascii, true),
            ("café en één exploitatie – “vergunning” ﬁets", true),
            ("e\u{301}", false),
            (
                "een heel lange regel zonder bijzondere tekens e\u{301}",
                false,
            ),
            (
                "een heel lange regel zonder bijzondere tekens\u{2603}",
                false,
            ),
            ("twaalf bytes é", true),
        ] {
            let text = format!("{text}{}", if sure { long_ascii } else { "" });
            assert_eq!(surely_nfc(text.as_bytes()), sure, "{text:?}");
            if sure {
                assert_eq!(text.nfc().collect::<String>(), text);
            }
        }
    }

    fn norm(text: &str, form: InputForm) -> Normalized {
        normalize(&SourceText::plain(form, text))
    }

    /// Markdown through its reader, then normalised.
    fn md(text: &str) -> Normalized {
        normalize(&crate::read::markdown::read(text, Vec::new()))
    }

    #[test]
    fn punctuation_loses_the_space_before_it_only() {
        let n = norm(
            "Strafrecht . en a.b,c;d ... e ( x ) . f  , g ;h\n1.1...... 5, . ,",
            InputForm::Text,
        );
        assert_eq!(
            n.text,
            "Strafrecht. en a.b,c;d... e ( x ). f, g;h\n1.1...... 5, . ,\n"
        );
    }

    #[test]
    fn markdown_character_references_are_decoded() {
        let n = md("a &rArr; b &check; &larr; &eacute;&#233; &bogus;\n\n\
             Drank-&nbsp;en Horecawet &amp; caf&eacute; &#x2019; R&D");
        assert_eq!(
            n.text,
            "a ⇒ b ✓ ← éé &bogus;\nDrank- en Horecawet & café ’ R&D\n"
        );
        let n = norm("caf&eacute;", InputForm::Text);
        assert_eq!(n.text, "caf&eacute;\n");
    }

    #[test]
    fn unicode_is_cleaned() {
        let n = norm(
            "De ﬁets\u{a0}en de\u{200b} vlag\u{ad}gen  staan e\u{301}en",
            InputForm::Text,
        );
        assert_eq!(
            n.text,
            "De fiets en de vlaggen staan één\n".replace("één", "éen")
        );
    }

    #[test]
    fn hyphenation_is_joined_but_real_hyphens_stay() {
        let n = norm(
            "voor de exploi-\ntatie van een\nDrank-\nen Horecawet en seks-\nof escortbedrijf",
            InputForm::Text,
        );
        assert_eq!(
            n.text,
            "voor de exploitatie van een\nDrank-\nen Horecawet en seks-\nof escortbedrijf\n"
        );
        assert_eq!(n.lines[0].origin, 1);
        assert_eq!(n.lines[1].origin, 3);
    }

    /// A hyphen that Dutch writes stays where a line breaks at it: between vowels that would
    /// read as one sound, after an abbreviation, after an adjective in "-isch"; a word broken
    /// between other letters is joined.
    #[test]
    fn written_hyphens_at_a_line_end_stay() {
        for (text, want) in [
            ("de politie-\ninzet bij", "de politie-inzet bij"),
            ("een auto-\nongeluk", "een auto-ongeluk"),
            ("de zee-\neend", "de zee-eend"),
            ("elke APV-\nbepaling", "elke APV-bepaling"),
            ("de RIEC-\npartners", "de RIEC-partners"),
            (
                "een erotisch-\npornografische",
                "een erotisch-pornografische",
            ),
            ("de Gemeen-\ntewet", "de Gemeentewet"),
            ("de re-\nalisatie", "de realisatie"),
            ("de speelautomaten-\nhal", "de speelautomatenhal"),
            ("een Bibob-\nonderzoek", "een Bibobonderzoek"),
        ] {
            assert_eq!(
                norm(text, InputForm::Text).text,
                format!("{want}\n"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn page_furniture_is_dropped() {
        let text = "Artikel 1 Begrippen\nHet is\n_VNG,november 2023_\n\n7\n\nverboden.\n\
                    Artikel 2\nTekst\n_VNG,november 2023_\n\n8\nMeer tekst\nPagina 3 van 9\nslot";
        let n = norm(text, InputForm::Text);
        assert_eq!(
            n.text,
            "Artikel 1 Begrippen\nHet is\nverboden.\nArtikel 2\nTekst\nMeer tekst\nslot\n"
        );
        assert_eq!(n.lines[2].origin, 7);
        assert!(n.lines[2].blank_before);
    }

    #[test]
    fn repeal_markers_next_to_page_numbers_stay() {
        let text = "Artikel 1\n(Vervallen)\n3\nArtikel 2\n(Vervallen)\n4\nArtikel 3\n";
        let n = norm(text, InputForm::Text);
        assert_eq!(
            n.text,
            "Artikel 1\n(Vervallen)\nArtikel 2\n(Vervallen)\nArtikel 3\n"
        );
    }

    #[test]
    fn markdown_marks_are_read_not_kept() {
        let n = md(
            "### **[Artikel 2:14 Winkelwagentjes**\n\n   - a. te voorzien van [ **naam** ] en _iets_ ]\n\n\
             **Artikel 2:76 Veiligheid** Volgens dit artikel\n### _Variant 2_\n[Vervallen]",
        );
        assert_eq!(
            n.text,
            "Artikel 2:14 Winkelwagentjes\na. te voorzien van naam en iets\n\
             Artikel 2:76 Veiligheid Volgens dit artikel\nVariant 2\n[Vervallen]\n"
        );
        assert_eq!(n.mark(0), &Mark::Heading);
        assert!(n.lines[1].list);
        assert!(n.lines[2].blank_before);
        let l2 = n.lines[2];
        assert_eq!(
            &n.text[l2.start..l2.bold_end.unwrap()],
            "Artikel 2:76 Veiligheid"
        );
        assert_eq!(
            n.lines.iter().map(|l| l.origin).collect::<Vec<_>>(),
            vec![1, 3, 5, 6, 7]
        );
    }

    #[test]
    fn the_end_of_a_bold_lead_survives_cleaning() {
        // NFC, a ligature and doubled spaces before the end of the bold run
        let src = SourceText {
            line_origin: vec![7],
            marks: vec![Mark::BoldLead(
                "Artikel 2:76 Veilig  e\u{301}  ﬁets [ A ]".len(),
            )],
            ..SourceText::plain(
                InputForm::Markdown,
                "Artikel 2:76 Veilig  e\u{301}  ﬁets [ A ]  Volgens",
            )
        };
        let n = normalize(&src);
        assert_eq!(n.text, "Artikel 2:76 Veilig é fiets A Volgens\n");
        let l = n.lines[0];
        assert_eq!(
            &n.text[l.start..l.bold_end.unwrap()],
            "Artikel 2:76 Veilig é fiets A"
        );
    }

    #[test]
    fn links_and_tags_keep_their_text() {
        let n = md("* [Artikel 1 Begrippen](#art1)<br>zie ![logo](x.png) en [7]");
        assert_eq!(n.text, "Artikel 1 Begrippen zie logo en [7]\n");
    }

    #[test]
    fn space_before_punctuation_left_by_marks_is_removed() {
        let n = md("_2_  _. het woon- of leefklimaat_ .]");
        assert_eq!(n.text, "2. het woon- of leefklimaat.\n");
    }

    #[test]
    fn nfc_shortcut_only_for_text_without_combining_marks() {
        assert!(surely_nfc("café ‘terras’ – ﬁets".as_bytes()));
        assert!(!surely_nfc("cafe\u{301}".as_bytes()));
        assert!(!surely_nfc("\u{212b}ngström".as_bytes())); // Angstrom sign: not NFC
        let n = norm("cafe\u{301} \u{212b}", InputForm::Text);
        assert_eq!(n.text, "café Å\n");
    }

    #[test]
    fn labels_next_to_page_breaks_are_text() {
        // an onderdeel label alone on the first line of two pages (Chromium's print-to-PDF
        // sets the label in a column of its own)
        let text = "verstaan onder:\n\u{c}   a.\n\nbebouwde kom: de kom;\nb.\nbouwwerk: iets.\n1\n\
                    weigert als:\n\u{c}   a.\n\nhet zo is;\n2\n\u{c}(b)\nslot\n3\n\u{c}(b)\nmeer\n";
        let n = norm(text, InputForm::Text);
        assert_eq!(
            n.text,
            "verstaan onder:\na.\nbebouwde kom: de kom;\nb.\nbouwwerk: iets.\nweigert als:\n\
             a.\nhet zo is;\n(b)\nslot\n(b)\nmeer\n"
        );
        for t in [
            "a.",
            "b)",
            "(c)",
            "aa.",
            "iv.",
            "1.",
            "12)",
            "2°",
            "a. de vergunning",
        ] {
            assert!(starts_with_label(t), "{t}");
        }
        for t in ["a", "Ab.", "abc.", "1234.", "ab", "a.b.", "iii", "(1"] {
            assert!(!starts_with_label(t), "{t}");
        }
    }

    #[test]
    fn page_numbers() {
        for t in [
            "12",
            " 7 ",
            "- 12 -",
            "Pagina 12 van 140",
            "pagina 3",
            "12/140",
            "_12_",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["1.", "12345", "Artikel 12", "a", "2 van de wet"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
