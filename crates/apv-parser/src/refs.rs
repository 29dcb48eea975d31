//! The references layer: cross-references written in article text.
//!
//! [`annotate`] fills [`Document::references`] with every reference found in the text of an
//! article (its own text, its leden, onderdelen and sub-onderdelen), never in a heading, a table
//! of contents, the preamble or the closing text. A reference never runs across a node boundary:
//! each piece of a node's *own* text (its span minus its heading and children) is scanned on its
//! own, so a reference cannot start in one lid and end in the next.
//!
//! Forms understood (case-insensitive):
//! - `artikel 2:28`, `art. 2:28`, `artikel 2:28, eerste lid, onder b`,
//!   `artikel 2:9, eerste lid, aanhef en onder g`, `artikel 2:28 lid 1 sub a`;
//! - lists and ranges: `de artikelen 2:25, 2.28, 2:28a en 2:40i`, `artikelen 2:28 tot en met 2:30`,
//!   `artikel 3:10, derde lid onder a, 3:15, vierde lid onder f`;
//! - the missing "in artikel" of `als bedoeld 2:39 van deze verordening`;
//! - parts of the article the reference is in: `het eerste lid`, `het tweede en derde lid`,
//!   `lid 1`, `leden 2 en 3`, `het vorige lid`, `onder a`, `sub a`, `onderdeel a`, `dit artikel`,
//!   `dit lid`, and chains such as `onder a van het eerste lid` or `het eerste lid van artikel 2:28`;
//! - the law a provision belongs to: `artikel 13b van de Opiumwet`, `artikel 13b Opiumwet`,
//!   `artikel 160, eerste lid, aanhef en onder g, van de Gemeentewet`, `artikel 3 van de Wet Bibob`,
//!   `artikel 29, eerste lid, Reglement verkeersregels en verkeerstekens 1990`, abbreviations
//!   (`artikel 437 Sr`, `art. 174a Gw`, `artikel 5 Wvw 1994`, `artikel 2 WED`, `artikel 4:81 Awb`),
//!   books of a code (`artikel 37 van Boek 5 BW`), the Model (`artikel 2:1 model-APV`),
//!   `… van de Algemene plaatselijke verordening gemeente Lelystad 2015`, a regulation named in
//!   lower case (`van de verordening speelautomatenhallen 2020`) and the term "de wet" (all
//!   external; "de wet" takes the name of the law the definitions give it), `… van deze
//!   verordening`, a lone `… van de verordening` or the document's own title (internal),
//!   `… van die wet` (the law named last in the same text);
//! - a number or a law's name broken over a line (`artikel\n1`, `artikel 2:\n10`, `Wetboek
//!   van\nStrafrecht`); a law's name is kept on one line.
//!
//! Internal references resolve to the deepest node that exists (article, lid, onderdeel); an
//! article number that is not in the document gives [`RefTarget::Unresolved`] and a
//! [`WarningKind::UnresolvedReference`] warning. A phrase that names several targets gives one
//! [`Reference`] per target, each with the span and raw text of the whole phrase.
//!
//! Candidates are found with one substring search per key word over the whole text ("artikel",
//! "lid", "onder", "sub", "bedoeld", "dit …" through its "artikel" or "lid"); the `nom` grammar
//! only runs where a key word stands at the start of a word, and its hottest parts (article
//! numbers, list separators) are written by hand.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use memchr::memmem;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while1};
use nom::character::complete::{digit1, one_of, satisfy};
use nom::combinator::{not, opt, peek, recognize};
use nom::{IResult, Parser};

use crate::model::{Document, NodeId, NodeKind, RefTarget, Reference, Span, Warning, WarningKind};

/// At most this many targets are taken from one phrase (lists × leden × onderdelen).
const MAX_TARGETS_PER_PHRASE: usize = 64;
/// At most this many articles are filled in between the ends of one range.
const MAX_RANGE_ARTICLES: usize = 500;

/// Which lid a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberRef {
    /// A lid by number: `"1"` for "het eerste lid" or "lid 1".
    Number(String),
    /// "het vorige lid" / "het voorgaande lid": the lid before the one the reference is in.
    Previous,
    /// "dit lid": the lid the reference is in.
    Current,
}

/// Which regulation a referenced provision belongs to, as the phrase says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Law {
    /// No law named, or "van deze verordening": the document itself.
    This,
    /// "APV" without a name ("artikel 2:28 APV"): the document itself when it has the article,
    /// otherwise the municipality's APV as an external regulation.
    Apv,
    /// Another regulation or national law, by name as written ("Opiumwet", "Wet Bibob").
    Other(String),
}

/// One target named by a reference phrase, before it is resolved against a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole phrase in the scanned text.
    pub span: Span,
    /// Normalised article number (`2:28a`); `None` when the phrase names a part of the article
    /// it is written in ("het eerste lid", "onder a", "dit artikel").
    pub article: Option<String>,
    /// The lid, when named.
    pub member: Option<MemberRef>,
    /// The onderdeel letter, when named.
    pub item: Option<String>,
    /// The regulation the article belongs to.
    pub law: Law,
    /// This citation closes a range ("2:28 tot en met 2:30"): every article between the
    /// previous citation of the same phrase and this one is cited too.
    pub range_from_previous: bool,
}

/// Find the reference phrases in a piece of plain text, without a document to resolve them in.
///
/// Spans are byte ranges into `text`. This is the grammar [`annotate`] runs on every piece of
/// article text; it is public so that other parts of the project (rule files, reports) can read
/// reference wording the same way.
pub fn scan_text(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    scan_piece(text, &candidates(text), &mut out);
    out.into_iter().map(|(c, _)| c).collect()
}

/// Fill [`Document::references`] (and add warnings for unresolved ones).
///
/// Replaces any references already present. Runs in time linear in the length of the article
/// text plus the number of references.
pub fn annotate(doc: &mut Document) {
    let index = ArticleIndex::new(doc);
    let mut references: Vec<Reference> = Vec::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let mut pieces: Vec<(NodeId, usize, usize)> = Vec::new();
    for article in doc.articles() {
        own_pieces(doc, article, &mut pieces);
    }
    // One pass over the whole text finds the key words; each piece takes its own.
    let all = candidates(&doc.text);
    let mut found: Vec<(Citation, bool)> = Vec::new();
    let mut local: Vec<(usize, Key)> = Vec::new();
    // Pieces and key words are both in text order: walk them together, and touch a piece only
    // when a key word falls in it.
    let mut next = 0usize;
    for &(from, start, end) in &pieces {
        while next < all.len() && all[next].0 < start {
            next += 1;
        }
        if next == all.len() {
            break;
        }
        if all[next].0 >= end {
            continue;
        }
        let Some(text) = doc.text.get(start..end) else {
            continue;
        };
        local.clear();
        local.extend(
            all[next..]
                .iter()
                .take_while(|&&(p, _)| p < end)
                .filter(|&&(p, k)| p + k.len() <= end)
                .map(|&(p, k)| (p - start, k)),
        );
        if local.is_empty() {
            continue;
        }
        found.clear();
        scan_piece(text, &local, &mut found);
        for phrase in found.chunk_by(|a, b| a.0.span == b.0.span) {
            resolve_phrase(
                doc,
                &index,
                from,
                start,
                phrase,
                &mut references,
                &mut warnings,
            );
        }
    }
    doc.references = references;
    merge_warnings(&mut doc.warnings, warnings);
}

/// References whose target is `node` or lies inside it (internal references only).
pub fn references_to(doc: &Document, node: NodeId) -> impl Iterator<Item = &Reference> + '_ {
    let span = doc.node(node).span;
    doc.references.iter().filter(move |r| match &r.target {
        RefTarget::Internal { node: t, .. } => *t == node || span.contains(doc.node(*t).span),
        _ => false,
    })
}

/// Normalise an article number the way the structure builder does: `2.28` → `2:28`,
/// `2:28A` → `2:28a`, `1:1.` → `1:1`; numbers with three or more parts keep their dots.
/// Uses [`crate::number::normalize_article_number`]; numbers it does not take (national-law
/// suffixes such as `417bis`) are lower-cased with the same separator rule.
pub fn normalize_article_number(raw: &str) -> String {
    if let Some(n) = crate::number::normalize_article_number(raw) {
        return n;
    }
    let s = raw.trim().trim_end_matches('.');
    let parts = s.split([':', '.']).count();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '.' | ':' if parts == 2 => out.push(':'),
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Finding candidates

/// The key word found at a candidate position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// "artikel", "Artikel", "artikelen", "art.", "Art." (with the length matched).
    Article(u8),
    /// "lid", "leden".
    Member(u8),
    /// "onder", "onderdeel", "sub".
    Item(u8),
    /// "bedoeld".
    Meant,
}

impl Key {
    /// Length in bytes of the key word as matched.
    fn len(self) -> usize {
        match self {
            Key::Article(n) | Key::Member(n) | Key::Item(n) => n as usize,
            Key::Meant => "bedoeld".len(),
        }
    }
}

/// Needles for the key words, each with the offset of the key word's start before the match
/// and its kind. "rtikel" finds "artikel" and "Artikel" alike; "dit artikel" and "dit lid" are
/// recognised from their "artikel" and "lid". Capitalised "Lid", "Onder" and "Bedoeld" do not
/// start references in practice.
const NEEDLES: &[(&str, usize, Key)] = &[
    ("rtikel", 1, Key::Article(7)),
    ("rt.", 1, Key::Article(4)),
    ("lid", 0, Key::Member(3)),
    ("leden", 0, Key::Member(5)),
    ("onder", 0, Key::Item(5)),
    ("sub", 0, Key::Item(3)),
    ("bedoeld", 0, Key::Meant),
];

/// One vectorised substring searcher per needle (memchr's `memmem`): several passes of a few
/// GB/s each beat one multi-pattern automaton on these short needles.
static FINDERS: LazyLock<Vec<memmem::Finder<'static>>> =
    LazyLock::new(|| NEEDLES.iter().map(|n| memmem::Finder::new(n.0)).collect());

/// Every key word in `text` that starts a word, with its position, in order.
fn candidates(text: &str) -> Vec<(usize, Key)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (finder, &(_, back, key)) in FINDERS.iter().zip(NEEDLES) {
        for m in finder.find_iter(bytes) {
            if m < back {
                continue;
            }
            let start = m - back;
            if back == 1 && !matches!(bytes[start], b'a' | b'A') {
                continue;
            }
            if text[..start].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            out.push((start, key));
        }
    }
    // seven runs in order, one per needle: the stable sort finds them and merges them
    out.sort_by_key(|c| c.0);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Run the grammar at every key word of `text` and push each citation found onto `out`, with
/// whether its phrase named no law at all: the law of a coordinated phrase may come later in
/// the sentence (see `share_coordinated_law`).
///
/// `cands` are the key words of `text` (positions relative to it, in order).
fn scan_piece(text: &str, cands: &[(usize, Key)], out: &mut Vec<(Citation, bool)>) {
    let first = out.len();
    let mut done = 0usize;
    let mut last_law: Option<String> = None;
    for &(p, key) in cands {
        if p < done {
            continue;
        }
        // "dit artikel", "dit lid".
        let this = p >= done + 4
            && (text[..p].ends_with("dit ") || text[..p].ends_with("Dit "))
            && !text[..p - 4].chars().next_back().is_some_and(is_word_char);
        let found = match key {
            Key::Article(_) | Key::Member(3) if this => {
                this_phrase(&text[p - 4..]).map(|r| (p - 4, r))
            }
            Key::Article(n) => {
                if !number_follows(&text[p + n as usize..]) || looks_like_heading(text, p) {
                    continue;
                }
                article_phrase(&text[p..]).map(|r| (p, r))
            }
            Key::Meant => bare_phrase(&text[p..]).map(|(skip, r)| (p + skip, r)),
            Key::Member(n) => match member_start(text, p, done) {
                Some(s) => member_phrase(&text[s..]).map(|r| (s, r)),
                // "lid 1", "leden 2 en 3": only worth the grammar when a number follows.
                None if text[p + n as usize..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) =>
                {
                    member_phrase(&text[p..]).map(|r| (p, r))
                }
                None => continue,
            },
            Key::Item(_) => {
                if !item_follows(&text[p..]) {
                    continue;
                }
                item_phrase(&text[p..]).map(|r| (p, r))
            }
        };
        let Some((start, parsed)) = found else {
            continue;
        };
        let end = start + parsed.len;
        done = end;
        let span = Span::new(start, end);
        let unnamed = matches!(parsed.law, LawTail::None);
        let law = match parsed.law {
            LawTail::None => Law::This,
            LawTail::This => Law::This,
            LawTail::Apv => Law::Apv,
            LawTail::Named(name) => {
                let name = one_line(name);
                last_law = Some(name.clone());
                Law::Other(name)
            }
            LawTail::Previous(words) => match &last_law {
                Some(name) => Law::Other(name.clone()),
                None => Law::Other(words.to_string()),
            },
        };
        let mut n = 0usize;
        for t in parsed.targets {
            for mi in 0..t.members.len().max(1) {
                for ii in 0..t.items.len().max(1) {
                    if n == MAX_TARGETS_PER_PHRASE {
                        break;
                    }
                    n += 1;
                    out.push((
                        Citation {
                            span,
                            article: t.article.clone(),
                            member: t.members.get(mi).cloned(),
                            item: t.items.get(ii).cloned(),
                            law: law.clone(),
                            range_from_previous: t.range_from_previous && mi == 0 && ii == 0,
                        },
                        unnamed,
                    ));
                }
            }
        }
    }
    share_coordinated_law(text, &mut out[first..]);
}

/// Words that may stand between two coordinated reference phrases: "het in artikel 3, eerste
/// lid, en het in artikel 14, eerste lid, van de Alcoholwet", "de artikelen 8 en 162 alsmede
/// de artikelen 6 en 163 van de Wegenverkeerswet 1994".
const COORDINATORS: [&str; 8] = [
    "en", "of", "alsmede", "juncto", "het", "de", "in", "bedoeld",
];

/// A phrase that names no law, followed (after only coordinating words) by a phrase that names
/// another law, belongs to that law too. Numbers in the APV style (`2:28`) are left alone:
/// "artikel 2:28 en artikel 13b van de Opiumwet" cites the APV and the Opiumwet.
fn share_coordinated_law(text: &str, out: &mut [(Citation, bool)]) {
    let mut later: Option<(usize, Law)> = None;
    for phrase in out.chunk_by_mut(|a, b| a.0.span == b.0.span).rev() {
        let (span, unnamed) = (phrase[0].0.span, phrase[0].1);
        if let Law::Other(_) = phrase[0].0.law {
            later = Some((span.start, phrase[0].0.law.clone()));
            continue;
        }
        let inherit = match &later {
            Some((next_start, law))
                if unnamed
                    && span.end <= *next_start
                    && phrase.iter().all(|(c, _)| {
                        c.law == Law::This && c.article.as_deref().is_some_and(|a| !a.contains(':'))
                    })
                    && text
                        .get(span.end..*next_start)
                        .is_some_and(only_coordinators) =>
            {
                Some(law.clone())
            }
            _ => None,
        };
        later = inherit.map(|law| {
            for (citation, _) in phrase.iter_mut() {
                citation.law = law.clone();
            }
            (span.start, law)
        });
    }
}

/// A name as one line: every run of white space (a line break of the source) becomes a space.
fn one_line(name: &str) -> String {
    // Most names are one line already: words apart by single spaces.
    let mut after_space = true;
    let plain = name.chars().all(|c| {
        let ok = if c == ' ' {
            !after_space
        } else {
            !c.is_whitespace()
        };
        after_space = c == ' ';
        ok
    });
    if plain && !after_space {
        return name.to_string();
    }
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn only_coordinators(gap: &str) -> bool {
    gap.len() <= 40
        && gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| COORDINATORS.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// Quick test before the grammar runs: after "artikel", "artikelen" or "art." comes a number
/// (or a facultative bracket before one).
fn number_follows(after_key: &str) -> bool {
    let rest = after_key.strip_prefix("en").unwrap_or(after_key);
    let rest = rest.trim_start_matches([' ', '\u{a0}', '\n']);
    rest.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'[')
}

/// Quick test before the grammar runs: "onder", "onderdeel", "onderdelen" or "sub" followed by a
/// space and a lone lowercase letter or a number.
fn item_follows(at_key: &str) -> bool {
    let b = at_key.as_bytes();
    let word_len = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let word = &at_key[..word_len];
    if !matches!(
        word,
        "onder" | "onderdeel" | "onderdelen" | "sub" | "Onder" | "Sub"
    ) {
        return false;
    }
    match b.get(word_len..word_len + 3) {
        Some([b' ', c, next]) => {
            (c.is_ascii_lowercase() && !next.is_ascii_alphanumeric()) || c.is_ascii_digit()
        }
        _ => matches!(b.get(word_len..), Some([b' ', c]) if c.is_ascii_lowercase()),
    }
}

/// "Artikel 2:54 Verbod …" at the start of a line (after markup such as `[`, `*`, `_`, `#`) is
/// an article heading the structure did not take as one, not a reference.
fn looks_like_heading(text: &str, p: usize) -> bool {
    if !text[p..].starts_with("Artikel ") {
        return false;
    }
    let line_start = text[..p].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..p]
        .chars()
        .all(|c| matches!(c, '[' | '*' | '_' | '#' | ' ' | '\u{a0}'))
    {
        return false;
    }
    let rest = &text[p + "Artikel ".len()..];
    let Ok((rest, _)) = article_number(rest) else {
        return false;
    };
    let rest = rest.trim_start_matches(['.', ' ', '*', '_']);
    rest.chars().next().is_some_and(char::is_uppercase)
}

/// For a "lid"/"leden" key word at `p`, the start of the ordinals before it ("het tweede en
/// derde lid"), when there are any, not before `floor`.
fn member_start(text: &str, p: usize, floor: usize) -> Option<usize> {
    let mut start = None;
    let mut cursor = p;
    let mut words = 0;
    loop {
        let before = text[floor..cursor].trim_end_matches([' ', '\u{a0}', '\t', '\n', ',']);
        let end = floor + before.len();
        if end == floor {
            break;
        }
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| floor + i);
        let Some(ws) = word_start else { break };
        let word = &text[ws..end];
        if ordinal(word).is_some() || relative_member(word).is_some() {
            start = Some(ws);
        } else if !["en", "of", "tot", "met"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
        {
            if start.is_some()
                && (word.eq_ignore_ascii_case("het") || word.eq_ignore_ascii_case("de"))
            {
                start = Some(ws);
            }
            break;
        }
        cursor = ws;
        words += 1;
        if words > 12 {
            break;
        }
    }
    start
}

// ---------------------------------------------------------------------------------------------
// The grammar

type Res<'a, T> = IResult<&'a str, T>;

/// A phrase the grammar read, before expansion into citations.
#[derive(Debug)]
struct Parsed<'a> {
    len: usize,
    targets: Vec<Target>,
    law: LawTail<'a>,
}

#[derive(Debug)]
enum LawTail<'a> {
    None,
    This,
    Apv,
    Named(&'a str),
    Previous(&'a str),
}

#[derive(Debug, Default)]
struct Target {
    article: Option<String>,
    members: Vec<MemberRef>,
    items: Vec<String>,
    range_from_previous: bool,
}

const ORDINALS: [&str; 20] = [
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
];

fn ordinal(word: &str) -> Option<u32> {
    // Every ordinal ends in "e": most other words are turned away by their last letter.
    if word.as_bytes().last().is_none_or(|b| b | 0x20 != b'e') {
        return None;
    }
    ORDINALS
        .iter()
        .position(|o| o.eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

fn relative_member(word: &str) -> Option<MemberRef> {
    ["vorige", "voorgaande"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
        .then_some(MemberRef::Previous)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\t' | '\n' | '\r')
}

/// One or more spaces (a line break inside one piece of text counts as a space).
fn sp(i: &str) -> Res<'_, &str> {
    take_while1(is_space).parse(i)
}

/// A word that ends here: the next character is not a letter or digit.
fn boundary(i: &str) -> Res<'_, ()> {
    not(peek(satisfy(is_word_char))).parse(i)
}

/// A key word, case-insensitive, standing as a whole word.
fn word<'a>(
    w: &'static str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    debug_assert!(w.bytes().all(|b| b.is_ascii_lowercase()));
    move |i: &'a str| {
        let n = w.len();
        // The key words are lower-case ASCII letters: `| 0x20` folds a capital onto its
        // letter and no other byte onto a letter.
        let matches = i.len() >= n
            && i.as_bytes()[..n]
                .iter()
                .zip(w.as_bytes())
                .all(|(&c, &l)| c | 0x20 == l);
        if !matches || i[n..].chars().next().is_some_and(is_word_char) {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            )));
        }
        Ok((&i[n..], &i[..n]))
    }
}

/// An alphabetic word (letters only), returned as written.
fn alpha_word(i: &str) -> Res<'_, &str> {
    take_while1(char::is_alphabetic).parse(i)
}

/// A separator in a list: ", ", " en ", " of ", ", en ", " juncto ", " tot en met ", " t/m ",
/// " en/of ". Returns whether it opens a range. Hand-written: it runs after every list element.
fn separator(i: &str) -> Res<'_, bool> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag));
    let comma = i.starts_with(',');
    let after_comma = if comma { &i[1..] } else { i };
    let rest = after_comma.trim_start_matches(is_space);
    if rest.len() == after_comma.len() {
        return Err(fail());
    }
    let w = ascii_word(rest);
    let is = |x: &str| w.eq_ignore_ascii_case(x);
    let starts = |x: &str| {
        rest.get(..x.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(x))
    };
    let (len, range) = if is("tot") {
        match (sp, word("en"), sp, word("met")).parse(&rest[3..]) {
            Ok((r, _)) => (rest.len() - r.len(), true),
            Err(_) => return Err(fail()),
        }
    } else if is("t") && starts("t/m") {
        (3, true)
    } else if is("en") && starts("en/of") {
        (5, false)
    } else if is("jo") && starts("jo.") {
        (3, false)
    } else if is("en") || is("of") || is("juncto") {
        (w.len(), false)
    } else if comma {
        return Ok((rest, false));
    } else {
        return Err(fail());
    };
    let after = &rest[len..];
    let r = after.trim_start_matches(is_space);
    if r.len() == after.len() {
        return Err(fail());
    }
    Ok((r, range))
}

/// The ASCII letters at the start of `s` (a key word, for dispatch).
fn ascii_word(s: &str) -> &str {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    &s[..n]
}

/// Parse `first` then `(separator, item)` as often as it goes; no allocation for an empty tail.
fn list_tail<'a, T>(
    mut i: &'a str,
    mut item: impl FnMut(&'a str) -> Res<'a, T>,
) -> (&'a str, Vec<(bool, T)>) {
    let mut out = Vec::new();
    while let Ok((r, range)) = separator(i) {
        match item(r) {
            Ok((r, t)) => {
                out.push((range, t));
                i = r;
            }
            Err(_) => break,
        }
    }
    (i, out)
}

/// An article number: `2:28`, `2.28`, `2:28a`, `2:28A`, `2.3.1.1`, `30`, optionally in
/// facultative brackets (`[2:30]`). Hand-written: it runs for every number cited.
fn article_number(input: &str) -> Res<'_, String> {
    let fail = || nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit));
    let open = input.starts_with('[');
    let i = if open {
        input[1..].trim_start_matches(is_space)
    } else {
        input
    };
    let b = i.as_bytes();
    let mut end = digits_end(b, 0);
    if end == 0 {
        return Err(fail());
    }
    for _ in 0..3 {
        match number_part_end(b, end) {
            Some(e) => end = e,
            None => break,
        }
    }
    // A letter standing alone ("2:28a") or a Latin suffix ("417bis").
    if b.get(end).is_some_and(u8::is_ascii_alphabetic) {
        if boundary(&i[end + 1..]).is_ok() {
            end += 1;
        } else if let Ok((rest, _)) = latin_suffix(&i[end..]) {
            end = i.len() - rest.len();
        }
    }
    let (raw, mut rest) = i.split_at(end);
    if boundary(rest).is_err() {
        return Err(fail());
    }
    if open && let Some(r) = rest.trim_start_matches(is_space).strip_prefix(']') {
        rest = r;
    }
    if raw.contains('\n') {
        let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        return Ok((rest, normalize_article_number(&joined)));
    }
    Ok((rest, normalize_article_number(raw)))
}

/// The end of the ASCII digits in `b` from `at`.
fn digits_end(b: &[u8], at: usize) -> usize {
    at + b[at..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The end of one more part of an article number at `at`: ":10" or ".28", also when the
/// number is wrapped after its separator ("artikel 2:\n10", "artikel 2.\n28 van deze
/// verordening"). After a period and a line break the digits must not end in a period of
/// their own: "artikel 2.\n3. Het" is the end of a sentence and the next lid.
fn number_part_end(b: &[u8], at: usize) -> Option<usize> {
    let sep = *b.get(at)?;
    if sep != b':' && sep != b'.' {
        return None;
    }
    let blanks = |from: usize| {
        from + b[from..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count()
    };
    let mut from = at + 1;
    let before_break = blanks(from);
    let wrapped = b.get(before_break) == Some(&b'\n');
    if wrapped {
        from = blanks(before_break + 1);
    }
    let end = digits_end(b, from);
    if end == from || sep == b'.' && wrapped && b.get(end) == Some(&b'.') {
        return None;
    }
    Some(end)
}

/// The suffixes of inserted articles in national law: "426bis", "429quater".
fn latin_suffix(i: &str) -> Res<'_, &str> {
    alt((
        word("bis"),
        word("ter"),
        word("quater"),
        word("quinquies"),
        word("sexies"),
        word("septies"),
        word("octies"),
    ))
    .parse(i)
}

/// A sub-onderdeel number: "1°", "3˚", "2º".
fn sub_item(i: &str) -> Res<'_, &str> {
    recognize((digit1, one_of("°˚º"))).parse(i)
}

/// An onderdeel letter: one lowercase letter standing alone ("b", not "bij").
fn item_letter(i: &str) -> Res<'_, char> {
    let (i, c) = satisfy(|c: char| c.is_ascii_lowercase()).parse(i)?;
    let (i, ()) = boundary(i)?;
    Ok((i, c))
}

/// The onderdelen after "z" in long lists of national law: "aa" to "az" ("al" is a word).
fn double_item_letter(i: &str) -> Res<'_, &str> {
    let (rest, letters) =
        recognize((tag("a"), satisfy(|c: char| c.is_ascii_lowercase()))).parse(i)?;
    let (rest, ()) = boundary(rest)?;
    if letters == "al" {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, letters))
}

/// "categorie IV" of the Wet wapens en munitie: read, not kept.
fn category(i: &str) -> Res<'_, &str> {
    recognize((
        word("categorie"),
        sp,
        take_while1(|c| matches!(c, 'I' | 'V' | 'X')),
        boundary,
    ))
    .parse(i)
}

/// "eerste", "tweede en derde", "eerste tot en met derde" followed by "lid"/"leden".
fn members_ordinal(i: &str) -> Res<'_, Vec<MemberRef>> {
    let one = |i| -> Res<'_, MemberRef> {
        let (rest, w) = alpha_word(i)?;
        if let Some(n) = ordinal(w) {
            Ok((rest, MemberRef::Number(n.to_string())))
        } else if let Some(r) = relative_member(w) {
            Ok((rest, r))
        } else {
            Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            )))
        }
    };
    let (i, first) = one(i)?;
    let (i, rest) = list_tail(i, one);
    let (i, _) = (sp, alt((word("leden"), word("lid")))).parse(i)?;
    Ok((i, expand_members(first, rest)))
}

/// "lid 1", "leden 2 en 3", "leden 2 tot en met 4".
fn members_numbered(i: &str) -> Res<'_, Vec<MemberRef>> {
    let num = |i| -> Res<'_, MemberRef> {
        let (rest, d) = digit1(i)?;
        let (rest, ()) = boundary(rest)?;
        Ok((
            rest,
            MemberRef::Number(d.trim_start_matches('0').to_string()),
        ))
    };
    let (i, _) = (alt((word("leden"), word("lid"))), sp).parse(i)?;
    let (i, first) = num(i)?;
    let (i, rest) = list_tail(i, num);
    Ok((i, expand_members(first, rest)))
}

fn expand_members(first: MemberRef, rest: Vec<(bool, MemberRef)>) -> Vec<MemberRef> {
    let mut out = vec![first];
    for (range, m) in rest {
        if range
            && let (Some(MemberRef::Number(a)), MemberRef::Number(b)) = (out.last(), &m)
            && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
            && a < b
            && b - a <= 30
        {
            out.extend((a + 1..b).map(|n| MemberRef::Number(n.to_string())));
        }
        out.push(m);
    }
    out
}

/// "onder b", "sub a", "onderdeel a", "onderdelen a en b", "aanhef en onder g", "onder a tot en met d".
fn items(i: &str) -> Res<'_, Vec<String>> {
    // Every form starts with "aanhef", "onder…" or "sub": a word that cannot is not tried.
    if !i
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b | 0x20, b'a' | b'o' | b's'))
    {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (i, _) = opt((word("aanhef"), sp, word("en"), sp)).parse(i)?;
    let (i, _) = (
        alt((
            word("onderdelen"),
            word("onderdeel"),
            word("onder"),
            word("sub"),
        )),
        sp,
    )
        .parse(i)?;
    // Sub-onderdelen ("onder 1° of 3°") and the double letters of long national lists ("onder
    // ao") are read but not kept: targets go down to onderdelen of this regulation.
    let letter = |i| -> Res<'_, Option<char>> {
        alt((
            item_letter.map(Some),
            double_item_letter.map(|_| None),
            sub_item.map(|_| None),
        ))
        .parse(i)
    };
    let (i, first) = letter(i)?;
    let (i, rest) = list_tail(i, letter);
    let (i, _) = opt((
        opt(tag(",")),
        sp,
        alt((word("onderdeel"), word("onder"), word("sub"))),
        sp,
        alt((sub_item, digit1)),
    ))
    .parse(i)?;
    let mut out: Vec<char> = first.into_iter().collect();
    for (range, c) in rest {
        let Some(c) = c else { continue };
        if range
            && let Some(&a) = out.last()
            && a < c
        {
            out.extend((a as u8 + 1..c as u8).map(char::from));
        }
        out.push(c);
    }
    Ok((i, out.into_iter().map(String::from).collect()))
}

/// Leden and onderdelen after an article number: ", eerste lid, aanhef en onder g".
fn qualifiers(i: &str) -> Res<'_, (Vec<MemberRef>, Vec<String>)> {
    let lead = |i| (opt(tag(",")), sp).parse(i);
    // Most article numbers have no qualifier: look at the next word before trying the grammar.
    let next = i.trim_start_matches(',').trim_start_matches(is_space);
    let w = ascii_word(next);
    let may_qualify = ordinal(w).is_some()
        || relative_member(w).is_some()
        || [
            "lid",
            "leden",
            "aanhef",
            "onder",
            "onderdeel",
            "onderdelen",
            "sub",
            "categorie",
        ]
        .iter()
        .any(|k| w.eq_ignore_ascii_case(k));
    if !may_qualify {
        return Ok((i, (Vec::new(), Vec::new())));
    }
    let (i, members) = opt(|i| {
        let (i, _) = lead(i)?;
        alt((members_ordinal, members_numbered)).parse(i)
    })
    .parse(i)?;
    let (i, _) = opt(|i| {
        let (i, _) = lead(i)?;
        category(i)
    })
    .parse(i)?;
    let (i, its) = opt(|i| {
        let (i, _) = lead(i)?;
        items(i)
    })
    .parse(i)?;
    let i = if its.is_none() && members.is_some() {
        opt((lead, word("aanhef"))).parse(i)?.0
    } else {
        i
    };
    Ok((i, (members.unwrap_or_default(), its.unwrap_or_default())))
}

/// An article number with its leden and onderdelen.
fn cited(i: &str) -> Res<'_, Target> {
    let (i, article) = article_number(i)?;
    let (i, (members, items)) = qualifiers(i)?;
    // The end of a facultative passage: "[artikel 19, tweede lid] van de Alcoholwet".
    let (i, _) = opt((opt(sp), tag("]"))).parse(i)?;
    Ok((
        i,
        Target {
            article: Some(article),
            members,
            items,
            range_from_previous: false,
        },
    ))
}

/// A list of cited articles: "2:25, 2.28, 2:28a en 2:40i", "2:28 tot en met 2:30".
fn cited_list(i: &str) -> Res<'_, Vec<Target>> {
    let (i, first) = cited(i)?;
    // "artikel 18 EN/OF artikel 19 van de Alcoholwet" (a Model choice) is one phrase;
    // "artikel 2:99 en artikel 13b van de Opiumwet" is two.
    let choice_kw = |i| {
        let (i, _) = (opt(tag(",")), sp, tag_no_case("en/of"), sp).parse(i)?;
        (alt((word("artikelen"), word("artikel"))), sp).parse(i)
    };
    // "artikel 172a en b": the letter names the next inserted article of the same number.
    let sibling = |i, previous: &str| -> Res<'_, (bool, Target)> {
        let stem = previous.trim_end_matches(|c: char| c.is_ascii_lowercase());
        if stem.len() + 1 != previous.len() {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Verify,
            )));
        }
        let (i, (range, letter)) = (separator, item_letter).parse(i)?;
        let t = Target {
            article: Some(format!("{stem}{letter}")),
            ..Target::default()
        };
        Ok((i, (range, t)))
    };
    let mut rest: Vec<(bool, Target)> = Vec::new();
    let mut i = i;
    loop {
        let previous = rest.last().map_or(&first, |(_, t)| t).article.as_deref();
        let step = match choice_kw(i) {
            Ok((r, _)) => cited(r).map(|(r, t)| (r, (false, t))),
            Err(e) => Err(e),
        }
        .or_else(|_| (separator, cited).parse(i))
        .or_else(|e| match previous {
            Some(p) => sibling(i, p),
            None => Err(e),
        });
        match step {
            Ok((r, t)) => {
                rest.push(t);
                i = r;
            }
            Err(_) => break,
        }
    }
    let mut out = vec![first];
    for (range, mut t) in rest {
        t.range_from_previous = range;
        out.push(t);
    }
    Ok((i, out))
}

/// The law a provision belongs to, after the article list.
fn law_tail(i: &str) -> Res<'_, LawTail<'_>> {
    // "van …" is read once; the forms after it are tried in turn.
    let of = (opt(tag(",")), sp, word("van"), sp)
        .parse(i)
        .and_then(|(r, _)| {
            alt((
                |i| {
                    let (i, _) = (alt((word("deze"), word("dit"))), sp, alpha_word).parse(i)?;
                    Ok((i, LawTail::This))
                },
                |i| {
                    let (i, words) = recognize((
                        alt((
                            word("die"),
                            word("dat"),
                            word("dezelfde"),
                            word("genoemde"),
                            word("voornoemde"),
                        )),
                        sp,
                        alt((
                            word("wet"),
                            word("verordening"),
                            word("regeling"),
                            word("besluit"),
                        )),
                    ))
                    .parse(i)?;
                    Ok((i, LawTail::Previous(words)))
                },
                book_of_code,
                |i| {
                    let (i, _) = (alt((word("de"), word("het"))), sp).parse(i)?;
                    let (i, name) = law_name(i, false)?;
                    Ok((i, named(name)))
                },
            ))
            .parse(r)
        });
    if of.is_ok() {
        return of;
    }
    // "artikel 13b Opiumwet", "artikel 29, eerste lid, RVV 1990", "artikel 37 Boek 5 BW".
    let (i, _) = (opt(tag(",")), sp).parse(i)?;
    alt((book_of_code, |i| {
        let (i, name) = law_name(i, true)?;
        Ok((i, named(name)))
    }))
    .parse(i)
}

/// A book of a code: "Boek 5 van het Burgerlijk Wetboek", "Boek 5 BW". The name keeps the book.
fn book_of_code(i: &str) -> Res<'_, LawTail<'_>> {
    let (rest, _) = (word("boek"), sp, digit1, boundary).parse(i)?;
    let (rest, _) = alt((
        |r| {
            let (r, _) = (opt(tag(",")), sp, word("van"), sp).parse(r)?;
            let (r, _) = (alt((word("de"), word("het"))), sp).parse(r)?;
            law_name(r, false)
        },
        |r| {
            let (r, _) = sp(r)?;
            law_name(r, true)
        },
    ))
    .parse(rest)?;
    Ok((rest, LawTail::Named(&i[..i.len() - rest.len()])))
}

/// What a name after "van de" or after the number stands for: "APV" and the plain "algemene
/// plaatselijke verordening" are this regulation when it has the article; a lower-case
/// "verordening" or "regeling" on its own is this regulation; anything else is another law
/// ("de wet" is a term the regulation defines).
fn named(name: &str) -> LawTail<'_> {
    if name.eq_ignore_ascii_case("apv")
        || name.eq_ignore_ascii_case("algemene plaatselijke verordening")
    {
        LawTail::Apv
    } else if name == "verordening" || name == "regeling" {
        LawTail::This
    } else {
        LawTail::Named(name)
    }
}

/// Words that end a law's name: the sentence goes on after them.
const NAME_STOP: &[&str] = &[
    "aan",
    "als",
    "artikel",
    "artikelen",
    "bij",
    "dan",
    "dat",
    "de",
    "die",
    "door",
    "een",
    "en",
    "geldt",
    "gelden",
    "had",
    "heeft",
    "hebben",
    "het",
    "in",
    "indien",
    "is",
    "kan",
    "kunnen",
    "lid",
    "leden",
    "mag",
    "met",
    "moet",
    "moeten",
    "mogen",
    "niet",
    "of",
    "om",
    "onder",
    "te",
    "tenzij",
    "ter",
    "van",
    "voor",
    "waarbij",
    "waarin",
    "wanneer",
    "werd",
    "wordt",
    "worden",
    "zijn",
    "zoals",
    "gestelde",
    "bedoelde",
    "genoemde",
    "bepaalde",
    "vastgestelde",
    "opgenomen",
    "gegeven",
    "juncto",
    "alsmede",
    "respectievelijk",
    "onderscheidenlijk",
    "jo",
];

/// First words of names that go on over lowercase words ("Wet op de kansspelen",
/// "Algemene plaatselijke verordening gemeente Lelystad 2015").
fn is_generic_head(w: &str) -> bool {
    const HEADS: &[&str] = &[
        "wet",
        "algemene",
        "reglement",
        "besluit",
        "verordening",
        "regeling",
        "wetboek",
        "beleidsregel",
        "beleidsregels",
        "uitvoeringsbesluit",
        "uitvoeringsregeling",
        "model",
        "gemeentelijke",
        "provinciale",
        "europees",
        "europese",
    ];
    HEADS.iter().any(|h| h.eq_ignore_ascii_case(w))
}

/// Short names of laws as they are cited after a number ("artikel 437 Sr", "artikel 5 Wvw
/// 1994", "art. 174a Gw"); names in capitals only ("BW", "WED", "RVV") need no entry.
const LAW_ABBREVIATIONS: &[&str] = &[
    "Awb", "Bal", "Bbl", "Bkl", "Bor", "Gw", "Ow", "Sr", "Sv", "Wabo", "Wbp", "Wgr", "Wm", "Wmo",
    "Wob", "Wok", "Wom", "Woo", "Wpg", "Wro", "Wvw", "WvSr", "WvSv", "Wwm",
];

/// A word that names a law on its own: "Opiumwet", "Bouwbesluit", "Wetboek", an abbreviation
/// ("Awb", "BW", "RVV"), or a compound ending in one ("model-APV").
fn law_like(w: &str) -> bool {
    // the suffixes are ASCII: compared as bytes, in any case, without a lower-case copy
    let ends = |suffix: &str| {
        w.len() > suffix.len()
            && w.as_bytes()[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    let capitals = w.chars().count() > 1
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && w.chars().next().is_some_and(char::is_uppercase)
        && !["OF", "EN"].contains(&w);
    ends("wet")
        || ends("besluit")
        || w.eq_ignore_ascii_case("wetboek")
        || ends("wetboek")
        || capitals
        || LAW_ABBREVIATIONS.contains(&w)
        || w.rsplit_once('-')
            .is_some_and(|(head, last)| !head.is_empty() && !last.is_empty() && law_like(last))
}

/// The name of a law or regulation, as written.
///
/// After "van de" (`bare` false) the name starts with a capital ("Gemeentewet", "Wet Bibob",
/// "Burgerlijk Wetboek") or is a lower-case generic word ("wet", "verordening speelautomaten").
/// Right after the number (`bare` true) it must name a law: its first word is a law's name or
/// the head of one ("Opiumwet", "Awb", "Wet …", "Reglement …"), or its last word is
/// ("Drank- en horecawet").
fn law_name(input: &str, bare: bool) -> Res<'_, &str> {
    let fail = || nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Verify));
    let word_of = |s: &str| -> usize {
        s.char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '/')))
            .map_or(s.len(), |(i, _)| i)
    };
    let first_len = word_of(input);
    let first = &input[..first_len];
    let Some(initial) = first.chars().next() else {
        return Err(fail());
    };
    let generic = is_generic_head(first);
    let single = law_like(first);
    // A lower-case generic word is a term of the regulation ("de wet") or the start of a name
    // written in lower case ("de verordening speelautomatenhallen"); "wet" stays one word.
    let lower_generic = initial.is_lowercase() && generic;
    if initial.is_lowercase() && !(lower_generic && !bare || single) {
        return Err(fail());
    }
    // ASCII endings compared in any case: only their own capitals lower-case to these letters
    let ends = |tail: &str| {
        first.len() >= tail.len()
            && first.as_bytes()[first.len() - tail.len()..].eq_ignore_ascii_case(tail.as_bytes())
    };
    let mut end = first_len;
    // The last word of the name that is not a number.
    let mut last_word = first;
    // "Drank- en Horecawet", "Drank-en horecawet": the word after a hanging hyphen and its "en".
    let mut prev_joiner = first.ends_with('-') || ends("-en") || ends("-of");
    // The word before was "van" or "en" inside the name: the next word was seen to go on.
    let mut named_next = false;
    let mut words = 1;
    let lone_wet = lower_generic && first.eq_ignore_ascii_case("wet");
    while words < 14 && !lone_wet {
        let mut took_link = false;
        let rest = &input[end..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\n']).len();
        let crosses_line = rest[..gap].contains('\n');
        if gap == 0 {
            break;
        }
        let next = &rest[gap..];
        let len = word_of(next);
        if len == 0 {
            break;
        }
        let w = &next[..len];
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        // The Wet Bibob by its full name.
        const BIBOB_TAIL: &str = "door het openbaar bestuur";
        if generic && next.starts_with(BIBOB_TAIL) {
            end += gap + BIBOB_TAIL.len();
            break;
        }
        let digits = w.chars().all(|c| c.is_ascii_digit());
        let take = if crosses_line
            && !named_next
            && !(generic
                && (!upper || lower_generic || law_like(w) || w.eq_ignore_ascii_case("bibob")))
        {
            // A name goes on over a line break only within a long name: a lowercase word, a
            // law's name ("Wet\nBibob"), or any word after a lowercase head ("verordening\n
            // Speelautomatenhallen").
            false
        } else if digits || prev_joiner || named_next {
            true
        } else if upper {
            // "… van de verordening De burgemeester …": a capitalised ordinary word starts the
            // next sentence.
            let stop = NAME_STOP.iter().any(|s| s.eq_ignore_ascii_case(w));
            !stop && generic
                || is_generic_head(w)
                || law_like(w)
                || w.eq_ignore_ascii_case("bibob")
                || single && w.len() <= 4
        } else if !generic {
            false
        } else if w == "op"
            || w == "inzake"
            || w == "tot"
            || (w == "de" || w == "het") && input[..end].ends_with(" op")
        {
            true
        } else if w == "van" || w == "en" {
            // "Wetboek van Strafrecht", "verkeersregels en verkeerstekens".
            let after = next[len..].trim_start_matches([' ', '\u{a0}', '\n']);
            let nl = word_of(after);
            let nw = &after[..nl];
            // "… van de Wet geluidhinder en verblijfsruimten als bedoeld in …": a second
            // object of the sentence, not part of the name.
            let then = after[nl..].trim_start_matches([' ', '\u{a0}', '\n']);
            let goes_on = nl > 0
                && (w == "van" && nw.chars().next().is_some_and(char::is_uppercase)
                    || w == "en"
                        && nw.chars().next().is_some_and(char::is_lowercase)
                        && !NAME_STOP.contains(&nw)
                        && !then.starts_with("als "));
            took_link = goes_on;
            goes_on
        } else {
            !NAME_STOP.contains(&w)
        };
        if !take {
            break;
        }
        prev_joiner = w.ends_with('-') || (prev_joiner && (w == "en" || w == "of"));
        named_next = took_link;
        end += gap + len;
        if !digits {
            last_word = w;
        }
        words += 1;
        if digits {
            break;
        }
    }
    let name = input[..end].trim_end_matches(['-', '/', '\'']);
    if bare && !(single || generic || law_like(last_word)) {
        return Err(fail());
    }
    Ok((&input[name.len()..], name))
}

fn parsed<'a>(whole: &str, rest: &str, targets: Vec<Target>, law: LawTail<'a>) -> Parsed<'a> {
    Parsed {
        len: whole.len() - rest.len(),
        targets,
        law,
    }
}

/// "artikel 2:28, eerste lid, onder b van de Gemeentewet", "de artikelen 2:30 en 2:41a".
fn article_phrase(i: &str) -> Option<Parsed<'_>> {
    let run = |i| -> Res<'_, Parsed<'_>> {
        let (r, _) = (
            alt((word("artikelen"), word("artikel"), tag_no_case("art."))),
            sp,
        )
            .parse(i)?;
        let (r, targets) = cited_list(r)?;
        let (r, law) = opt(law_tail).parse(r)?;
        Ok((r, parsed(i, r, targets, law.unwrap_or(LawTail::None))))
    };
    run(i).ok().map(|(_, p)| p)
}

/// "bedoeld 2:39 van deze verordening", "bedoeld in 2:39": an article number without "artikel".
/// Only dotted numbers count here. Returns the offset of the number and the phrase from it.
fn bare_phrase(i: &str) -> Option<(usize, Parsed<'_>)> {
    let (r, _) = (word("bedoeld"), sp, opt((word("in"), sp))).parse(i).ok()?;
    let skip = i.len() - r.len();
    let digits_end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
    if digits_end == 0 || !matches!(r[digits_end..].chars().next(), Some(':' | '.')) {
        return None;
    }
    let run = |i| -> Res<'_, Parsed<'_>> {
        let (r, targets) = cited_list(i)?;
        let (r, law) = opt(law_tail).parse(r)?;
        Ok((r, parsed(i, r, targets, law.unwrap_or(LawTail::None))))
    };
    let (_, p) = run(r).ok()?;
    // "bedoeld 2.5 meter" is no reference: a dotted number needs a law or "van deze …" tail
    // unless it has the colon form of an APV article.
    let has_colon = r[..p.len].contains(':');
    (has_colon || !matches!(p.law, LawTail::None)).then_some((skip, p))
}

/// "van artikel 2:28" / "van dit artikel" after a lid or onderdeel.
fn of_article(i: &str) -> Res<'_, (Option<Target>, LawTail<'_>)> {
    let (i, _) = (opt(tag(",")), sp, word("van"), sp).parse(i)?;
    alt((
        |i| {
            let (i, _) = (word("dit"), sp, word("artikel")).parse(i)?;
            Ok((i, (None, LawTail::None)))
        },
        |i| {
            let (i, _) = (alt((word("artikel"), tag_no_case("art."))), sp).parse(i)?;
            let (i, article) = article_number(i)?;
            let (i, law) = opt(law_tail).parse(i)?;
            let t = Target {
                article: Some(article),
                ..Target::default()
            };
            Ok((i, (Some(t), law.unwrap_or(LawTail::None))))
        },
    ))
    .parse(i)
}

/// "het eerste lid", "het tweede en derde lid, onder a", "lid 1", "het eerste lid van artikel 2:28".
fn member_phrase(i: &str) -> Option<Parsed<'_>> {
    let run = |i| -> Res<'_, Parsed<'_>> {
        let (r, _) = opt((alt((word("het"), word("de"))), sp)).parse(i)?;
        let (r, members) = alt((members_ordinal, members_numbered)).parse(r)?;
        let (r, its) = opt(|i| {
            let (i, _) = (opt(tag(",")), sp).parse(i)?;
            items(i)
        })
        .parse(r)?;
        let (r, of) = opt(of_article).parse(r)?;
        let (article, law) = match of {
            Some((Some(t), law)) => (t.article, law),
            Some((None, law)) => (None, law),
            None => (None, LawTail::None),
        };
        let t = Target {
            article,
            members,
            items: its.unwrap_or_default(),
            range_from_previous: false,
        };
        Ok((r, parsed(i, r, vec![t], law)))
    };
    run(i).ok().map(|(_, p)| p)
}

/// "onder a", "sub b", "onderdeel c", "onder a van het eerste lid", "onderdeel b van artikel 2:28".
fn item_phrase(i: &str) -> Option<Parsed<'_>> {
    let run = |i| -> Res<'_, Parsed<'_>> {
        let (r, its) = items(i)?;
        if its.is_empty() {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Verify,
            )));
        }
        let (r, members) = opt(|i| {
            let (i, _) = (opt(tag(",")), sp, word("van"), sp).parse(i)?;
            let (i, _) = opt((alt((word("het"), word("de"))), sp)).parse(i)?;
            alt((members_ordinal, members_numbered)).parse(i)
        })
        .parse(r)?;
        let (r, of) = opt(of_article).parse(r)?;
        let (article, law) = match of {
            Some((Some(t), law)) => (t.article, law),
            Some((None, law)) => (None, law),
            None => (None, LawTail::None),
        };
        let t = Target {
            article,
            members: members.unwrap_or_default(),
            items: its,
            range_from_previous: false,
        };
        Ok((r, parsed(i, r, vec![t], law)))
    };
    run(i).ok().map(|(_, p)| p)
}

/// "dit artikel", "dit lid".
fn this_phrase(i: &str) -> Option<Parsed<'_>> {
    let (r, w) = (word("dit"), sp, alt((word("artikel"), word("lid"))))
        .parse(i)
        .ok()?;
    let member =
        w.2.eq_ignore_ascii_case("lid")
            .then_some(MemberRef::Current);
    let t = Target {
        members: member.into_iter().collect(),
        ..Target::default()
    };
    Some(parsed(i, r, vec![t], LawTail::None))
}

// ---------------------------------------------------------------------------------------------
// Resolving against a document

/// Articles by normalised number (first occurrence) and their order.
struct ArticleIndex<'d> {
    by_number: HashMap<&'d str, (NodeId, usize)>,
    order: Vec<NodeId>,
}

impl<'d> ArticleIndex<'d> {
    fn new(doc: &'d Document) -> Self {
        let order: Vec<NodeId> = doc.articles().collect();
        let mut by_number = HashMap::with_capacity(order.len());
        for (pos, &id) in order.iter().enumerate() {
            if let Some(n) = &doc.node(id).number {
                by_number.entry(n.as_str()).or_insert((id, pos));
            }
        }
        Self { by_number, order }
    }
}

/// Push the pieces of `id`'s own text (span minus heading minus children), then recurse into
/// the children, in document order.
fn own_pieces(doc: &Document, id: NodeId, out: &mut Vec<(NodeId, usize, usize)>) {
    let node = doc.node(id);
    let emit = |a: usize, b: usize, out: &mut Vec<(NodeId, usize, usize)>| {
        let (a, b) = (a.max(node.span.start), b.min(node.span.end));
        if a >= b {
            return;
        }
        match node.heading {
            Some(h) if h.start < b && a < h.end => {
                if a < h.start {
                    out.push((id, a, h.start));
                }
                if h.end < b {
                    out.push((id, h.end, b));
                }
            }
            _ => out.push((id, a, b)),
        }
    };
    let mut cursor = node.span.start;
    for &child in &node.children {
        let c = doc.node(child).span;
        if c.start > cursor {
            emit(cursor, c.start, out);
        }
        own_pieces(doc, child, out);
        cursor = cursor.max(c.end);
    }
    emit(cursor, node.span.end, out);
}

/// The child of `parent` of the given kind and number.
fn child_numbered(doc: &Document, parent: NodeId, kind: NodeKind, number: &str) -> Option<NodeId> {
    doc.node(parent)
        .children
        .iter()
        .copied()
        .find(|&c| doc.node(c).kind == kind && doc.node(c).number.as_deref() == Some(number))
}

/// The nearest node of `kind` at or above `id`.
fn self_or_ancestor(doc: &Document, id: NodeId, kind: NodeKind) -> Option<NodeId> {
    if doc.node(id).kind == kind {
        Some(id)
    } else {
        doc.ancestor_of_kind(id, kind)
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_phrase(
    doc: &Document,
    index: &ArticleIndex,
    from: NodeId,
    offset: usize,
    phrase: &[(Citation, bool)],
    references: &mut Vec<Reference>,
    warnings: &mut Vec<Warning>,
) {
    let Some((first, _)) = phrase.first() else {
        return;
    };
    let span = Span::new(first.span.start + offset, first.span.end + offset);
    let raw = doc.text[span.start..span.end].to_string();
    let context_article = self_or_ancestor(doc, from, NodeKind::Article);
    let mut previous_pos: Option<usize> = None;
    for (c, _) in phrase {
        // "artikel 2:30 van de Algemene plaatselijke verordening Lelystad 2015" inside that
        // regulation is a reference to its own article.
        let law = match &c.law {
            Law::Other(name) if names_this_regulation(doc, name) => &Law::This,
            law => law,
        };
        let target = match law {
            Law::Other(name) => RefTarget::External {
                law: defined_law(doc, name, from).unwrap_or_else(|| name.clone()),
                article: c.article.clone(),
            },
            Law::Apv | Law::This => {
                let article = match &c.article {
                    Some(n) => match index.by_number.get(n.as_str()) {
                        Some(&(id, pos)) => {
                            if c.range_from_previous
                                && let Some(prev) = previous_pos
                                && prev < pos
                                && pos - prev <= MAX_RANGE_ARTICLES
                            {
                                for &mid in &index.order[prev + 1..pos] {
                                    references.push(Reference {
                                        span,
                                        from,
                                        raw: raw.clone(),
                                        target: RefTarget::Internal {
                                            node: mid,
                                            article: doc
                                                .node(mid)
                                                .number
                                                .clone()
                                                .unwrap_or_default(),
                                            member: None,
                                            item: None,
                                        },
                                    });
                                }
                            }
                            previous_pos = Some(pos);
                            Some(id)
                        }
                        None => {
                            previous_pos = None;
                            None
                        }
                    },
                    None => context_article,
                };
                match article {
                    Some(a) => internal_target(doc, a, from, c),
                    None if *law == Law::Apv => RefTarget::External {
                        law: "APV".to_string(),
                        article: c.article.clone(),
                    },
                    None => {
                        let number = c.article.clone().unwrap_or_default();
                        warnings.push(Warning {
                            kind: WarningKind::UnresolvedReference,
                            line: Some(doc.line_of(span.start)),
                            span: Some(span),
                            source: doc.source_of(span),
                            message: format!(
                                "\"{}\" refers to article {number}, which is not in the document",
                                raw.trim()
                            ),
                        });
                        RefTarget::Unresolved { article: number }
                    }
                }
            }
        };
        references.push(Reference {
            span,
            from,
            raw: raw.clone(),
            target,
        });
    }
}

/// Whether a law's name is the title of the document itself.
fn names_this_regulation(doc: &Document, name: &str) -> bool {
    // word by word, in any case; ASCII words (nearly all) without a lower-case copy
    let same = |a: &str, b: &str| {
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    doc.metadata.title.as_deref().is_some_and(|title| {
        let mut title = title.split_whitespace();
        let mut name = name.split_whitespace();
        loop {
            match (title.next(), name.next()) {
                (None, None) => return true,
                (Some(t), Some(n)) if same(t, n) => {}
                _ => return false,
            }
        }
    })
}

/// The law a term of the regulation stands for: "de wet" (or "de Wet") where the definitions
/// say "wet: de Alcoholwet". Only a generic word on its own ("wet", "besluit") is looked up.
fn defined_law(doc: &Document, term: &str, at: NodeId) -> Option<String> {
    if !is_generic_head(term) {
        return None;
    }
    let meaning = crate::defs::definition_of(doc, term, at)?
        .meaning
        .trim_start();
    let meaning = ["de ", "het "]
        .iter()
        .find_map(|a| meaning.strip_prefix(a))
        .unwrap_or(meaning);
    let (_, name) = law_name(meaning, false).ok()?;
    (!is_generic_head(name)).then(|| name.to_string())
}

/// Resolve the lid and onderdeel of a citation inside article `a`.
fn internal_target(doc: &Document, a: NodeId, from: NodeId, c: &Citation) -> RefTarget {
    let article = doc.node(a).number.clone().unwrap_or_default();
    let relative = c.article.is_none();
    let current_member = self_or_ancestor(doc, from, NodeKind::Member);
    let (member_name, member_node) = match &c.member {
        None => (None, None),
        Some(MemberRef::Number(n)) => {
            (Some(n.clone()), child_numbered(doc, a, NodeKind::Member, n))
        }
        Some(MemberRef::Current) => match current_member {
            Some(m) => (doc.node(m).number.clone(), Some(m)),
            None => (None, None),
        },
        Some(MemberRef::Previous) => {
            let prev = current_member
                .and_then(|m| doc.node(m).number.as_deref()?.parse::<u32>().ok())
                .filter(|&n| n > 1)
                .map(|n| (n - 1).to_string());
            match prev {
                Some(n) => {
                    let node = child_numbered(doc, a, NodeKind::Member, &n);
                    (Some(n), node)
                }
                None => (None, None),
            }
        }
    };
    let mut node = member_node.unwrap_or(a);
    if let Some(letter) = &c.item {
        let container = if c.member.is_some() {
            member_node
        } else if relative {
            // "onder a" in a lid: an onderdeel of that lid; in an article without leden: of the
            // article.
            Some(current_member.unwrap_or(a))
        } else {
            Some(a)
        };
        let found = container
            .and_then(|m| child_numbered(doc, m, NodeKind::Item, letter))
            .or_else(|| {
                (c.member.is_none())
                    .then(|| child_numbered(doc, a, NodeKind::Item, letter))
                    .flatten()
            });
        if let Some(item) = found {
            node = item;
        }
    }
    RefTarget::Internal {
        node,
        article,
        member: member_name,
        item: c.item.clone(),
    }
}

/// Insert `new` (in document order) into `existing`, keeping the order of the warnings already
/// there: each new warning goes before the first existing one with a later line.
fn merge_warnings(existing: &mut Vec<Warning>, new: Vec<Warning>) {
    if new.is_empty() {
        return;
    }
    let old = std::mem::take(existing);
    existing.reserve(old.len() + new.len());
    let mut new = new.into_iter().peekable();
    for w in old {
        if let Some(line) = w.line {
            while new.peek().is_some_and(|n| n.line.unwrap_or(0) < line) {
                existing.extend(new.next());
            }
        }
        existing.push(w);
    }
    existing.extend(new);
}

#[cfg(test)]
pub(crate) mod test_doc;

#[cfg(test)]
mod tests {
    use super::*;

    /// (article, member, item, law) of a citation.
    type Cite = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    /// (article, member, item, law) of every citation in `text`.
    fn cites(text: &str) -> Vec<Cite> {
        scan_text(text)
            .into_iter()
            .map(|c| {
                let member = c.member.map(|m| match m {
                    MemberRef::Number(n) => n,
                    MemberRef::Previous => "<previous>".into(),
                    MemberRef::Current => "<current>".into(),
                });
                let law = match c.law {
                    Law::This => None,
                    Law::Apv => Some("APV".into()),
                    Law::Other(l) => Some(l),
                };
                (c.article, member, c.item, law)
            })
            .collect()
    }

    fn one(a: Option<&str>, m: Option<&str>, i: Option<&str>, l: Option<&str>) -> Cite {
        (
            a.map(Into::into),
            m.map(Into::into),
            i.map(Into::into),
            l.map(Into::into),
        )
    }

    fn raws(text: &str) -> Vec<String> {
        let mut out: Vec<String> = scan_text(text)
            .into_iter()
            .map(|c| text[c.span.start..c.span.end].to_string())
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn coordinated_phrases_share_the_law_named_last() {
        let text = "vrijgesteld van het in artikel 3, eerste lid, en het in artikel 14, eerste lid, \
                    van de Alcoholwet vervatte verbod";
        let laws: Vec<Law> = scan_text(text).into_iter().map(|c| c.law).collect();
        assert_eq!(laws, vec![Law::Other("Alcoholwet".into()); 2]);

        let text = "de artikelen 8 en 162, derde lid, alsmede de artikelen 6 juncto 8 en 163 van \
                    de Wegenverkeerswet 1994";
        let cites = scan_text(text);
        assert!(cites.len() >= 4, "{cites:?}");
        assert!(
            cites
                .iter()
                .all(|c| c.law == Law::Other("Wegenverkeerswet 1994".into())),
            "{cites:?}"
        );
    }

    #[test]
    fn an_apv_number_before_a_national_law_stays_internal() {
        let cites = scan_text("artikel 2:28 en artikel 13b van de Opiumwet");
        let laws: Vec<(Option<String>, Law)> =
            cites.into_iter().map(|c| (c.article, c.law)).collect();
        assert_eq!(
            laws,
            vec![
                (Some("2:28".into()), Law::This),
                (Some("13b".into()), Law::Other("Opiumwet".into()))
            ]
        );
        // A phrase that names its own article's lid is never handed to the next law.
        let cites = scan_text("het eerste lid en artikel 3 van de Wet op de kansspelen");
        assert_eq!(cites[0].law, Law::This, "{cites:?}");
    }

    #[test]
    fn plain_article() {
        assert_eq!(
            cites("bedoeld in artikel 2:28."),
            vec![one(Some("2:28"), None, None, None)]
        );
        assert_eq!(raws("bedoeld in artikel 2:28."), vec!["artikel 2:28"]);
    }

    #[test]
    fn article_with_member_and_item() {
        let t = "een vergunning als bedoeld in artikel 2:28, eerste lid, onder b, is vereist";
        assert_eq!(
            cites(t),
            vec![one(Some("2:28"), Some("1"), Some("b"), None)]
        );
        assert_eq!(raws(t), vec!["artikel 2:28, eerste lid, onder b"]);
    }

    #[test]
    fn aanhef_en_onder() {
        let t = "artikel 2:9, eerste lid, aanhef en onder g";
        assert_eq!(cites(t), vec![one(Some("2:9"), Some("1"), Some("g"), None)]);
        assert_eq!(raws(t), vec![t]);
    }

    #[test]
    fn article_list_with_mixed_number_styles() {
        let t = "op grond van de artikelen 2:25, 2.28, 2:28a en 2:40i APV";
        let got: Vec<_> = cites(t).into_iter().map(|c| c.0.unwrap()).collect();
        assert_eq!(got, ["2:25", "2:28", "2:28a", "2:40i"]);
        assert!(scan_text(t).iter().all(|c| c.law == Law::Apv));
        let t = "de artikelen 2:30 en 2:41a";
        let got: Vec<_> = cites(t).into_iter().map(|c| c.0.unwrap()).collect();
        assert_eq!(got, ["2:30", "2:41a"]);
    }

    #[test]
    fn list_with_own_qualifiers() {
        let t = "artikel 3:10, derde lid onder a, 3:15, vierde lid onder f, van de verordening";
        assert_eq!(
            cites(t),
            vec![
                one(Some("3:10"), Some("3"), Some("a"), None),
                one(Some("3:15"), Some("4"), Some("f"), None)
            ]
        );
    }

    #[test]
    fn als_bedoeld_without_artikel() {
        let t = "een activiteit als bedoeld 2:39 van deze verordening";
        assert_eq!(cites(t), vec![one(Some("2:39"), None, None, None)]);
        assert_eq!(raws(t), vec!["2:39 van deze verordening"]);
        // A measure is no reference.
        assert!(scan_text("een afstand als bedoeld 2.5 meter").is_empty());
    }

    #[test]
    fn external_laws() {
        assert_eq!(
            cites("artikel 13b van de Opiumwet is van toepassing"),
            vec![one(Some("13b"), None, None, Some("Opiumwet"))]
        );
        assert_eq!(
            cites("artikel 13b Opiumwet"),
            vec![one(Some("13b"), None, None, Some("Opiumwet"))]
        );
        assert_eq!(
            cites("op grond van artikel 174 van de Gemeentewet; de burgemeester"),
            vec![one(Some("174"), None, None, Some("Gemeentewet"))]
        );
        assert_eq!(
            cites("artikel 160, eerste lid, aanhef en onder g, van de Gemeentewet"),
            vec![one(Some("160"), Some("1"), Some("g"), Some("Gemeentewet"))]
        );
        assert_eq!(
            cites("artikel 3 van de Wet Bibob en de burgemeester"),
            vec![one(Some("3"), None, None, Some("Wet Bibob"))]
        );
        assert_eq!(
            cites(
                "artikel 30c, tweede lid, van de Wet op de kansspelen, artikel 3 van de Winkeltijdenwet"
            ),
            vec![
                one(Some("30c"), Some("2"), None, Some("Wet op de kansspelen")),
                one(Some("3"), None, None, Some("Winkeltijdenwet"))
            ]
        );
        assert_eq!(
            cites(
                "artikel 1 van het Reglement verkeersregels en verkeerstekens 1990, met uitzondering"
            ),
            vec![one(
                Some("1"),
                None,
                None,
                Some("Reglement verkeersregels en verkeerstekens 1990")
            )]
        );
        assert_eq!(
            cites("artikel 20a van de Wegenverkeerswet 1994;"),
            vec![one(Some("20a"), None, None, Some("Wegenverkeerswet 1994"))]
        );
        assert_eq!(
            cites("artikel 4 van de Drank- en Horecawet wordt"),
            vec![one(Some("4"), None, None, Some("Drank- en Horecawet"))]
        );
    }

    #[test]
    fn national_law_numbering_and_choices() {
        let laws = |t: &str| -> Vec<(String, String)> {
            scan_text(t)
                .into_iter()
                .map(|c| match c.law {
                    Law::Other(l) => (c.article.unwrap_or_default(), l),
                    other => (c.article.unwrap_or_default(), format!("{other:?}")),
                })
                .collect()
        };
        let w = |a: &str, l: &str| (a.to_string(), l.to_string());
        assert_eq!(
            laws("door artikel 427, aanhef en onder 1° of 3°, van het Wetboek van Strafrecht."),
            [w("427", "Wetboek van Strafrecht")]
        );
        assert_eq!(
            laws("de artikelen 416, 417bis en 429quater van het Wetboek van Strafrecht;"),
            [
                w("416", "Wetboek van Strafrecht"),
                w("417bis", "Wetboek van Strafrecht"),
                w("429quater", "Wetboek van Strafrecht")
            ]
        );
        assert_eq!(
            laws("artikel 10 juncto 148 van de Wegenverkeerswet 1994."),
            [
                w("10", "Wegenverkeerswet 1994"),
                w("148", "Wegenverkeerswet 1994")
            ]
        );
        assert_eq!(
            laws(
                "als bedoeld in [artikel 18, tweede lid, EN/OF artikel 19, tweede lid, onder a, onderdeel 1] van de Alcoholwet:"
            ),
            [w("18", "Alcoholwet"), w("19", "Alcoholwet")]
        );
        // A Model choice mark is no law.
        assert_eq!(
            laws("artikel 2:59, eerste lid OF de burgemeester"),
            [w("2:59", "This")]
        );
        assert_eq!(
            laws(
                "bij of krachtens de Wet veiligheidsregio's gestelde regels: artikel 3 van de Wet veiligheidsregio's gestelde regels"
            ),
            [w("3", "Wet veiligheidsregio's")]
        );
    }

    /// (article, law) of every citation in `text`; `-` for a citation of this regulation.
    fn laws(text: &str) -> Vec<(String, String)> {
        scan_text(text)
            .into_iter()
            .map(|c| {
                let law = match c.law {
                    Law::Other(l) => l,
                    Law::Apv => "APV".to_string(),
                    Law::This => "-".to_string(),
                };
                (c.article.unwrap_or_default(), law)
            })
            .collect()
    }

    #[test]
    fn external_citations_in_every_style() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            // Abbreviations right after the number.
            ("strafbaar op grond van artikel 437 Sr.", &[("437", "Sr")]),
            ("zie art. 149a Gw;", &[("149a", "Gw")]),
            ("op grond van artikel 5 Wvw 1994 en", &[("5", "Wvw 1994")]),
            (
                "artikel 2 WED en artikel 461 WvSr",
                &[("2", "WED"), ("461", "WvSr")],
            ),
            ("artikel 6 Wom geldt", &[("6", "Wom")]),
            (
                "artikel 1 van de Wet geluidhinder en verblijfsruimten als bedoeld in",
                &[("1", "Wet geluidhinder")],
            ),
            ("artikel 4:81 Awb", &[("4:81", "Awb")]),
            ("artikel 6:162 BW", &[("6:162", "BW")]),
            // A name after qualifiers, with or without a comma, and without "van de".
            (
                "artikel 29, eerste lid, Reglement verkeersregels en verkeerstekens 1990 is",
                &[("29", "Reglement verkeersregels en verkeerstekens 1990")],
            ),
            ("artikel 29, eerste lid, RVV 1990 is", &[("29", "RVV 1990")]),
            ("artikel 3, tweede lid, Wet Bibob", &[("3", "Wet Bibob")]),
            ("artikel 2.1, eerste lid, onder c, Wabo", &[("2:1", "Wabo")]),
            // The lower-case and hyphenated styles of one law.
            (
                "art. 8 Drank-en horecawet, en",
                &[("8", "Drank-en horecawet")],
            ),
            (
                "art. 27 Drank- en horecawet;",
                &[("27", "Drank- en horecawet")],
            ),
            // Full names after "van de" / "van het".
            (
                "artikel 5:37 van het Burgerlijk Wetboek",
                &[("5:37", "Burgerlijk Wetboek")],
            ),
            (
                "artikel 37 van Boek 5 van het Burgerlijk Wetboek",
                &[("37", "Boek 5 van het Burgerlijk Wetboek")],
            ),
            ("artikel 37 Boek 5 BW", &[("37", "Boek 5 BW")]),
            (
                "artikel 3 van de Wet bevordering integriteitsbeoordelingen door het openbaar \
                 bestuur is",
                &[(
                    "3",
                    "Wet bevordering integriteitsbeoordelingen door het openbaar bestuur",
                )],
            ),
            (
                "artikel 2, eerste lid, categorie IV, van de Wet wapens en munitie",
                &[("2", "Wet wapens en munitie")],
            ),
            (
                "artikel 1, eerste lid, onder ao, van het Reglement verkeersregels en \
                 verkeerstekens 1990",
                &[("1", "Reglement verkeersregels en verkeerstekens 1990")],
            ),
            // A term of the regulation and a regulation named in lower case.
            (
                "als bedoeld in artikel 1, eerste lid, van de wet;",
                &[("1", "wet")],
            ),
            (
                "krachtens artikel 8, eerste lid van de wet, kan",
                &[("8", "wet")],
            ),
            ("artikel 3 van het besluit", &[("3", "besluit")]),
            (
                "artikel 4 van de verordening Speelautomatenhallen Almere 2020",
                &[("4", "verordening Speelautomatenhallen Almere 2020")],
            ),
            ("artikel 1 van de Wet is van toepassing", &[("1", "Wet")]),
            // Another regulation's Model, and letters of inserted articles.
            (
                "de artikelen 2:1 en 2:79 model-APV",
                &[("2:1", "model-APV"), ("2:79", "model-APV")],
            ),
            (
                "art. 172a en b Gemeentewet",
                &[("172a", "Gemeentewet"), ("172b", "Gemeentewet")],
            ),
            // "van de verordening" on its own and "algemene plaatselijke verordening" are this one.
            ("artikel 2:5 van de verordening is", &[("2:5", "-")]),
            (
                "artikel 2:5 van de algemene plaatselijke verordening",
                &[("2:5", "APV")],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, l)| (a.to_string(), l.to_string()))
                .collect();
            assert_eq!(laws(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_name_broken_over_lines_is_one_line() {
        assert_eq!(
            laws("artikel 416 van het Wetboek van\nStrafrecht;"),
            [("416".to_string(), "Wetboek van Strafrecht".to_string())]
        );
        assert_eq!(
            laws("artikel 4 van de verordening\nSpeelautomatenhallen 2020 en"),
            [(
                "4".to_string(),
                "verordening Speelautomatenhallen 2020".to_string()
            )]
        );
        // A capitalised word on the next line after a complete name starts a new sentence.
        assert_eq!(
            laws("artikel 13b van de Opiumwet\nDe burgemeester"),
            [("13b".to_string(), "Opiumwet".to_string())]
        );
        assert_eq!(
            laws("artikel 4 van de Verordening\nDe burgemeester"),
            [("4".to_string(), "Verordening".to_string())]
        );
        assert_eq!(
            laws("artikel 4 van de verordening\nHet college"),
            [("4".to_string(), "-".to_string())]
        );
        assert_eq!(
            laws("artikel 4 van de Verordening De burgemeester"),
            [("4".to_string(), "Verordening".to_string())]
        );
    }

    #[test]
    fn a_number_broken_over_a_line_is_one_number() {
        assert_eq!(
            laws("als bedoeld in artikel\n1:2, eerste lid"),
            [("1:2".to_string(), "-".to_string())]
        );
        assert_eq!(
            laws("als bedoeld in artikel 2:\n10, tweede lid"),
            [("2:10".to_string(), "-".to_string())]
        );
        assert_eq!(
            laws("als bedoeld in artikel 2.\n28 van deze verordening"),
            [("2:28".to_string(), "-".to_string())]
        );
        // A period at the end of a line before a numbered lid ends the number.
        assert_eq!(
            laws("als bedoeld in artikel 2.\n3. Het college"),
            [("2".to_string(), "-".to_string())]
        );
    }

    #[test]
    fn an_unrecognised_heading_is_no_reference() {
        assert!(scan_text("[ Artikel 2:54 Verbod gebruik openbare plaats").is_empty());
        assert_eq!(cites("Artikel 2:54 is van toepassing.").len(), 1);
    }

    #[test]
    fn another_regulation_by_name() {
        let t = "de artikelen 2:30 en 2:41a van de Algemene plaatselijke verordening gemeente Lelystad 2015 zijn";
        let law = Some("Algemene plaatselijke verordening gemeente Lelystad 2015");
        assert_eq!(
            cites(t),
            vec![
                one(Some("2:30"), None, None, law),
                one(Some("2:41a"), None, None, law)
            ]
        );
    }

    #[test]
    fn die_wet_is_the_law_named_before() {
        let t = "artikel 1 van de Alcoholwet en artikel 8 van die wet";
        let got = cites(t);
        assert_eq!(got[1], one(Some("8"), None, None, Some("Alcoholwet")));
    }

    #[test]
    fn members_of_this_article() {
        assert_eq!(
            cites("het eerste lid is niet van toepassing"),
            vec![one(None, Some("1"), None, None)]
        );
        assert_eq!(raws("Het eerste lid is niet"), vec!["Het eerste lid"]);
        assert_eq!(
            cites("het tweede en derde lid"),
            vec![
                one(None, Some("2"), None, None),
                one(None, Some("3"), None, None)
            ]
        );
        assert_eq!(
            cites("het eerste tot en met derde lid"),
            vec![
                one(None, Some("1"), None, None),
                one(None, Some("2"), None, None),
                one(None, Some("3"), None, None)
            ]
        );
        assert_eq!(
            cites("bedoeld in lid 1"),
            vec![one(None, Some("1"), None, None)]
        );
        assert_eq!(
            cites("het vorige lid"),
            vec![one(None, Some("<previous>"), None, None)]
        );
        assert_eq!(
            cites("dit lid"),
            vec![one(None, Some("<current>"), None, None)]
        );
        assert_eq!(cites("dit artikel"), vec![one(None, None, None, None)]);
    }

    #[test]
    fn items_and_chains() {
        assert_eq!(
            cites("bedoeld onder a"),
            vec![one(None, None, Some("a"), None)]
        );
        assert_eq!(cites("sub a"), vec![one(None, None, Some("a"), None)]);
        assert_eq!(cites("onderdeel a"), vec![one(None, None, Some("a"), None)]);
        assert_eq!(
            cites("onder a van het eerste lid"),
            vec![one(None, Some("1"), Some("a"), None)]
        );
        assert_eq!(
            cites("het eerste lid van artikel 2:28"),
            vec![one(Some("2:28"), Some("1"), None, None)]
        );
        assert_eq!(
            cites("onder a tot en met c"),
            vec![
                one(None, None, Some("a"), None),
                one(None, None, Some("b"), None),
                one(None, None, Some("c"), None)
            ]
        );
    }

    #[test]
    fn ordinary_words_are_no_references() {
        for t in [
            "een lid van het college",
            "onder meer de burgemeester",
            "onder voorwaarden",
            "de subsidie",
            "het artikel over horeca",
            "onderneming",
            "de leden van de raad",
            "de eerste keer",
            "Artikelsgewijs",
            "bedoeld voor publiek",
        ] {
            assert!(scan_text(t).is_empty(), "{t:?} gave {:?}", scan_text(t));
        }
    }

    #[test]
    fn article_ranges_are_marked() {
        let c = scan_text("de artikelen 2:28 tot en met 2:30");
        assert_eq!(c.len(), 2);
        assert!(!c[0].range_from_previous);
        assert!(c[1].range_from_previous);
    }

    #[test]
    fn numbers_normalise_like_headings() {
        assert_eq!(normalize_article_number("2.28"), "2:28");
        assert_eq!(normalize_article_number("2:28A"), "2:28a");
        assert_eq!(normalize_article_number("1:1."), "1:1");
        assert_eq!(normalize_article_number("2.3.1.1"), "2.3.1.1");
        assert_eq!(normalize_article_number("30"), "30");
    }

    const APV: &str = "\
Hoofdstuk 2 Openbare orde
Artikel 2:27 Begripsbepalingen
In deze afdeling wordt verstaan onder openbare inrichting: een horecabedrijf.
Artikel 2:28 Exploitatie openbare inrichting
1. Het is verboden een openbare inrichting te exploiteren zonder vergunning van de burgemeester.
2. De burgemeester weigert de vergunning als bedoeld in het eerste lid:
a. als de exploitant van slecht levensgedrag is;
b. in de gevallen bedoeld onder a en in artikel 2:30, tweede lid, onder b;
3. Dit artikel is niet van toepassing op artikel 2:99 en artikel 13b van de Opiumwet.
4. Het vorige lid geldt niet voor de artikelen 2:27 tot en met 2:30.
Artikel 2:29 Sluitingstijden
De burgemeester kan, gelet op artikel 2:28, tweede lid, onder a, sluiten.
Artikel 2:30 Afwijking sluitingstijd
1. De burgemeester kan afwijken.
2. Hij kan sluiten:
a. bij gevaar;
b. bij overlast.
";

    fn target_desc(doc: &Document, r: &Reference) -> String {
        match &r.target {
            RefTarget::Internal {
                node,
                article,
                member,
                item,
            } => {
                let n = doc.node(*node);
                format!(
                    "{:?} {} -> {:?}:{} {article}/{}/{}",
                    r.raw,
                    doc.node(r.from).number.as_deref().unwrap_or("-"),
                    n.kind,
                    n.number.as_deref().unwrap_or("-"),
                    member.as_deref().unwrap_or("-"),
                    item.as_deref().unwrap_or("-")
                )
            }
            RefTarget::Unresolved { article } => format!("{:?} unresolved {article}", r.raw),
            RefTarget::External { law, article } => {
                format!(
                    "{:?} external {law} {}",
                    r.raw,
                    article.as_deref().unwrap_or("-")
                )
            }
        }
    }

    #[test]
    fn resolves_against_the_document() {
        let mut doc = test_doc::outline(APV);
        annotate(&mut doc);
        let got: Vec<String> = doc
            .references
            .iter()
            .map(|r| target_desc(&doc, r))
            .collect();
        let want = [
            "\"het eerste lid\" 2 -> Member:1 2:28/1/-",
            "\"onder a\" b -> Item:a 2:28/-/a",
            "\"artikel 2:30, tweede lid, onder b\" b -> Item:b 2:30/2/b",
            "\"Dit artikel\" 3 -> Article:2:28 2:28/-/-",
            "\"artikel 2:99\" unresolved 2:99",
            "\"artikel 13b van de Opiumwet\" external Opiumwet 13b",
            "\"Het vorige lid\" 4 -> Member:3 2:28/3/-",
            "\"artikelen 2:27 tot en met 2:30\" 4 -> Article:2:27 2:27/-/-",
            "\"artikelen 2:27 tot en met 2:30\" 4 -> Article:2:28 2:28/-/-",
            "\"artikelen 2:27 tot en met 2:30\" 4 -> Article:2:29 2:29/-/-",
            "\"artikelen 2:27 tot en met 2:30\" 4 -> Article:2:30 2:30/-/-",
            "\"artikel 2:28, tweede lid, onder a\" 2:29 -> Item:a 2:28/2/a",
        ];
        assert_eq!(got, want);
        // Spans point at the raw text and lie inside the node they come from.
        for r in &doc.references {
            assert_eq!(doc.slice(r.span), r.raw);
            assert!(doc.node(r.from).span.contains(r.span));
        }
        let w: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::UnresolvedReference)
            .collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(9));
        assert!(w[0].message.contains("2:99"), "{}", w[0].message);
    }

    #[test]
    fn headings_are_never_scanned() {
        let mut doc = test_doc::outline(
            "Artikel 2:1 Verbod bedoeld in artikel 2:2\nHet is verboden.\nArtikel 2:2 Ontheffing artikel 2:1\nDe burgemeester kan ontheffing verlenen van het verbod in artikel 2:1.\n",
        );
        annotate(&mut doc);
        assert_eq!(doc.references.len(), 1);
        assert_eq!(doc.references[0].raw, "artikel 2:1");
        assert_eq!(
            doc.node(doc.references[0].from).number.as_deref(),
            Some("2:2")
        );
    }

    #[test]
    fn a_reference_never_spans_a_lid_boundary() {
        // "artikel" ends lid 1 and "2:5" starts nothing: joined text would read "artikel 2. …".
        let mut doc = test_doc::outline(
            "Artikel 2:5 Toezicht\n1. De burgemeester handhaaft dit als bedoeld in het artikel\n2. 2:6 is het volgende artikel.\nArtikel 2:6 Slot\nTekst.\n",
        );
        annotate(&mut doc);
        assert!(doc.references.is_empty(), "{:?}", doc.references);
    }

    #[test]
    fn references_to_finds_incoming_links() {
        let mut doc = test_doc::outline(APV);
        annotate(&mut doc);
        let a230 = doc.find_article("2:30").unwrap();
        let froms: Vec<_> = references_to(&doc, a230).map(|r| r.raw.as_str()).collect();
        assert_eq!(
            froms,
            [
                "artikel 2:30, tweede lid, onder b",
                "artikelen 2:27 tot en met 2:30"
            ]
        );
    }

    /// Targets of a parsed document's references as "raw -> kind number" lines.
    fn resolved(doc: &Document) -> Vec<String> {
        doc.references
            .iter()
            .map(|r| match &r.target {
                RefTarget::Internal { node, .. } => {
                    let n = doc.node(*node);
                    let article = doc
                        .ancestor_of_kind(*node, NodeKind::Article)
                        .or((n.kind == NodeKind::Article).then_some(*node))
                        .and_then(|a| doc.node(a).number.clone())
                        .unwrap_or_default();
                    format!(
                        "{} -> {:?} {} in {article}",
                        r.raw,
                        n.kind,
                        n.number.as_deref().unwrap_or("-")
                    )
                }
                RefTarget::Unresolved { article } => format!("{} -> unresolved {article}", r.raw),
                RefTarget::External { law, article } => {
                    format!("{} -> {law} {}", r.raw, article.as_deref().unwrap_or("-"))
                }
            })
            .collect()
    }

    #[test]
    fn markdown_apv_through_the_parser() {
        let md = "\
# **Hoofdstuk 2. Openbare orde**

## **Afdeling 8. Horeca**

### **Artikel 2:27 Begripsbepalingen**

In deze afdeling wordt verstaan onder:

- exploitant: de natuurlijke persoon die een horecabedrijf exploiteert;

- horecabedrijf: een voor het publiek toegankelijke besloten ruimte.

### **Artikel 2:28 Exploitatie horecabedrijf**

1. Het is verboden een horecabedrijf te exploiteren zonder vergunning van de burgemeester.

2. De burgemeester weigert de vergunning als bedoeld in het eerste lid, als:

- a. de exploitant in enig opzicht van slecht levensgedrag is;

- b. de vestiging in strijd is met artikel 2:30, tweede lid, onder a.

3. Artikel 13b van de Opiumwet en artikel 2:99 blijven van toepassing.

### **Artikel 2:30 Sluiting**

1. De burgemeester kan een horecabedrijf sluiten.

2. Hij kan dat doen:

a. bij gevaar voor de openbare orde;

b. bij overlast.
";
        let doc = crate::parse_text(md, "apv.md").expect("the test APV parses");
        assert_eq!(
            resolved(&doc),
            [
                "het eerste lid -> Member 1 in 2:28",
                "artikel 2:30, tweede lid, onder a -> Item a in 2:30",
                "Artikel 13b van de Opiumwet -> Opiumwet 13b",
                "artikel 2:99 -> unresolved 2:99",
            ]
        );
        for r in &doc.references {
            assert!(doc.node(r.from).span.contains(r.span));
            assert!(
                !doc.nodes
                    .iter()
                    .any(|n| n.heading.is_some_and(|h| h.contains(r.span))),
                "{} was taken from a heading",
                r.raw
            );
        }
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.kind == WarningKind::UnresolvedReference && w.message.contains("2:99"))
        );
    }

    #[test]
    fn pdf_text_with_a_table_of_contents_and_a_wrapped_reference() {
        let txt = "\
Inhoudsopgave
Artikel 1:1 Begripsbepalingen ........................ 2
Artikel 1:2 Vergunning ............................... 2
Artikel 1:3 Weigering ................................ 3

Hoofdstuk 1 Algemene bepalingen
Artikel 1:1 Begripsbepalingen
In deze verordening wordt verstaan onder college: het college van burgemeester en wethouders.
Artikel 1:2 Vergunning
1. Het is verboden zonder vergunning van het college een seksbedrijf te exploiteren.
2. Het college beslist binnen acht weken op een aanvraag om een vergunning als bedoeld in
het eerste lid.
Artikel 1:3 Weigering
Het college weigert een vergunning als bedoeld in artikel 1:2, eerste lid, als de
exploitant van slecht levensgedrag is.
";
        let doc = crate::parse_text(txt, "apv.txt").expect("the test APV parses");
        assert_eq!(
            resolved(&doc),
            [
                "het eerste lid -> Member 1 in 1:2",
                "artikel 1:2, eerste lid -> Member 1 in 1:2",
            ]
        );
    }

    #[test]
    fn de_wet_takes_the_name_the_definitions_give_it() {
        let txt = "\
Hoofdstuk 2 Openbare orde
Afdeling 1 Speelgelegenheden
Artikel 2:38 Begripsbepalingen
In deze afdeling wordt verstaan onder:
a. Wet: de Wet op de kansspelen;
b. speelgelegenheid: een gelegenheid om kansspelen te beoefenen.
Artikel 2:39 Vergunning
Het is verboden zonder vergunning een speelgelegenheid te exploiteren, tenzij artikel 30b
van de Wet van toepassing is.
Afdeling 2 Horeca
Artikel 2:40 Exploitatie
Dit artikel geldt naast artikel 3 van de wet.
";
        let doc = crate::parse_text(txt, "apv.txt").expect("the test APV parses");
        assert_eq!(
            resolved(&doc),
            [
                // The definition applies in afdeling 1 only; elsewhere "de wet" keeps its word.
                "artikel 30b\nvan de Wet -> Wet op de kansspelen 30b",
                "Dit artikel -> Article 2:40 in 2:40",
                "artikel 3 van de wet -> wet 3",
            ]
        );
    }

    #[test]
    fn the_regulation_cited_by_its_own_title_is_this_one() {
        let txt = "\
Algemene plaatselijke verordening Vlietbergen 2024
Hoofdstuk 2 Openbare orde
Artikel 2:30 Sluiting
De burgemeester kan een inrichting sluiten.
Artikel 2:31 Betreden
Het is verboden een inrichting te betreden die gesloten is op grond van artikel 2:30 van
de Algemene plaatselijke verordening Vlietbergen 2024 of artikel 2:41 van de Algemene
plaatselijke verordening Vlietbergen 2024 of artikel 2:30 van de Algemene plaatselijke
verordening Meerdorp 2020.
";
        let doc = crate::parse_text(txt, "apv.txt").expect("the test APV parses");
        assert_eq!(
            doc.metadata.title.as_deref(),
            Some("Algemene plaatselijke verordening Vlietbergen 2024")
        );
        let got: Vec<String> = resolved(&doc)
            .into_iter()
            .map(|r| r.split(" -> ").nth(1).unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            got,
            [
                "Article 2:30 in 2:30",
                // Its own article that it lacks is a broken reference like any other.
                "unresolved 2:41",
                "Algemene plaatselijke verordening Meerdorp 2020 2:30",
            ]
        );
        let unresolved: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::UnresolvedReference)
            .collect();
        assert_eq!(unresolved.len(), 1, "{unresolved:?}");
    }

    #[test]
    fn warnings_merge_in_line_order() {
        let w = |line: Option<u32>, m: &str| Warning {
            kind: WarningKind::Other,
            line,
            span: None,
            source: None,
            message: m.into(),
        };
        let mut existing = vec![w(None, "enc"), w(Some(3), "a"), w(Some(10), "b")];
        merge_warnings(&mut existing, vec![w(Some(5), "x"), w(Some(12), "y")]);
        let order: Vec<_> = existing.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(order, ["enc", "a", "x", "b", "y"]);
    }
}
