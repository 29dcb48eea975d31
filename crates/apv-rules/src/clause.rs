//! Sentences and clauses of a document, worked out once on its folded text.
//!
//! Concepts must co-occur in one clause, one sentence, one lid or one article (see
//! [`crate::concept`]), and quotes are whole sentences; both need the same segmentation.
//!
//! * A **sentence** ends at a full stop followed by white space, unless the word before the
//!   stop is an abbreviation ("art.", "o.a.", "m.u.v.", "jo.", "bijv.") or a list marker ("a.",
//!   "1."). Every structural start that is not an onderdeel (article, heading, lid, paragraph
//!   of a policy) also starts a sentence.
//! * A **clause** ends at a `;` or `:` and at a sentence end. An onderdeel starts a clause; it
//!   continues the sentence of its lid unless the text before it ended with a full stop.
//!
//! Ranges are folded byte ranges (see [`crate::fold`]).

use std::ops::Range;

/// Abbreviations after which a full stop does not end a sentence (folded, without the final
/// stop).
const ABBREVIATIONS: [&str; 34] = [
    "art", "artt", "o.a", "m.u.v", "jo", "j", "bijv", "bv", "e.d", "e.a", "nr", "nrs", "i.v.m",
    "t.a.v", "c.q", "z.s.m", "o.g.v", "i.c", "resp", "ca", "etc", "enz", "zgn", "m.b.t", "t.b.v",
    "a.g.v", "d.w.z", "mr", "drs", "dhr", "mevr", "sr", "stb", "stcrt",
];

/// A place in the text where the structure decides a boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Boundary {
    /// An onderdeel starts here: a new clause, and a new sentence only after a full stop.
    Item,
    /// Anything else starts here (article, heading end, lid, paragraph): a new sentence.
    Hard,
}

/// One clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    /// Folded range, white space at the ends trimmed.
    pub range: Range<usize>,
    /// Index of its sentence in [`Segments::sentences`].
    pub sentence: u32,
    /// The clause ends in a colon: an enumeration follows that belongs to it.
    pub opens_list: bool,
}

/// The sentences and clauses of one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segments {
    /// Sentences in text order (folded ranges, trimmed).
    pub sentences: Vec<Range<usize>>,
    /// Clauses in text order.
    pub clauses: Vec<Clause>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Whether the full stop at `dot` ends a sentence: white space (or the end) follows, and the
/// token before it is no abbreviation, list marker or bare number.
fn stop_ends_sentence(t: &[u8], dot: usize) -> bool {
    if t.get(dot + 1).is_some_and(|&c| c != b' ') {
        return false;
    }
    // The token before the stop: letters, digits and inner stops ("m.u.v").
    let mut s = dot;
    while s > 0 && (is_word(t[s - 1]) || t[s - 1] == b'.') {
        s -= 1;
    }
    let tok = &t[s..dot];
    if tok.is_empty() {
        return true;
    }
    if tok.len() == 1 {
        // "a." or "1.": a list marker or "onder a." inside a sentence.
        return false;
    }
    if tok.iter().all(|c| c.is_ascii_digit()) && tok.len() <= 2 {
        return false;
    }
    !ABBREVIATIONS.iter().any(|a| a.as_bytes() == tok)
}

impl Segments {
    /// Splits folded `text`; `bounds` are structural boundaries (folded offsets, any order).
    pub fn split(text: &str, bounds: &mut Vec<(usize, Boundary)>) -> Segments {
        // At one offset the hard boundary wins.
        // Mostly in text order already: the stable sort finds the runs.
        bounds.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        bounds.dedup_by_key(|b| b.0);
        let t = text.as_bytes();
        let mut seg = Segments::default();
        let mut clause_start = 0usize;
        let mut sentence_start = 0usize;
        let mut bi = 0;
        let mut i = 0;
        let n = t.len();
        // Closes the clause `clause_start..end`; `sentence_end` also closes the sentence.
        let close = |seg: &mut Segments,
                     clause_start: &mut usize,
                     sentence_start: &mut usize,
                     end: usize,
                     sentence_end: bool| {
            let r = trim(t, *clause_start..end);
            if !r.is_empty() {
                let opens_list = t[..r.end].last() == Some(&b':');
                seg.clauses.push(Clause {
                    range: r,
                    sentence: seg.sentences.len() as u32,
                    opens_list,
                });
            }
            *clause_start = end;
            if sentence_end {
                let s = trim(t, *sentence_start..end);
                let has_clause = seg
                    .clauses
                    .last()
                    .is_some_and(|c| c.sentence as usize == seg.sentences.len());
                if has_clause {
                    seg.sentences.push(s);
                }
                *sentence_start = end;
            }
        };
        while i < n {
            if bi < bounds.len() && bounds[bi].0 <= i {
                let (at, kind) = bounds[bi];
                bi += 1;
                if at < clause_start {
                    continue;
                }
                let pending = trim(t, clause_start..at);
                // "…; of c. …": the joining word stays with the onderdeel it introduces.
                let glue = matches!(&t[pending.clone()], b"" | b"of" | b"en" | b"en/of");
                match kind {
                    Boundary::Hard => {
                        close(&mut seg, &mut clause_start, &mut sentence_start, at, true);
                    }
                    Boundary::Item if !glue => {
                        let after_stop = t[..pending.end].last() == Some(&b'.');
                        close(
                            &mut seg,
                            &mut clause_start,
                            &mut sentence_start,
                            at,
                            after_stop,
                        );
                    }
                    Boundary::Item => {}
                }
                continue;
            }
            let next_bound = bounds.get(bi).map_or(n, |b| b.0);
            // Look for the next punctuation before the next boundary.
            let stop = memchr::memchr3(b'.', b';', b':', &t[i..next_bound]).map(|k| i + k);
            let Some(p) = stop else {
                i = next_bound;
                if i >= n {
                    break;
                }
                continue;
            };
            let followed_by_space = t.get(p + 1).is_none_or(|&c| c == b' ');
            match t[p] {
                b';' | b':' if followed_by_space => {
                    close(
                        &mut seg,
                        &mut clause_start,
                        &mut sentence_start,
                        p + 1,
                        false,
                    );
                }
                b'.' if stop_ends_sentence(t, p) => {
                    close(
                        &mut seg,
                        &mut clause_start,
                        &mut sentence_start,
                        p + 1,
                        true,
                    );
                }
                _ => {}
            }
            i = p + 1;
        }
        close(&mut seg, &mut clause_start, &mut sentence_start, n, true);
        seg
    }

    /// The index of the clause holding folded offset `pos` (the last one starting at or
    /// before it).
    pub fn clause_at(&self, pos: usize) -> Option<usize> {
        self.clauses
            .partition_point(|c| c.range.start <= pos)
            .checked_sub(1)
    }

    /// The sentence around folded offset `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<Range<usize>> {
        let c = self.clause_at(pos)?;
        self.sentences
            .get(self.clauses[c].sentence as usize)
            .cloned()
    }
}

/// `r` without white space at its ends.
fn trim(t: &[u8], r: Range<usize>) -> Range<usize> {
    let (mut s, mut e) = (r.start.min(t.len()), r.end.min(t.len()));
    while s < e && t[s] == b' ' {
        s += 1;
    }
    while e > s && t[e - 1] == b' ' {
        e -= 1;
    }
    s..e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, bounds: &[(&str, Boundary)]) -> (Vec<String>, Vec<String>) {
        let mut b: Vec<(usize, Boundary)> = bounds
            .iter()
            .map(|(w, k)| (text.find(w).expect("bound in text"), *k))
            .collect();
        let s = Segments::split(text, &mut b);
        (
            s.sentences
                .iter()
                .map(|r| text[r.clone()].to_string())
                .collect(),
            s.clauses
                .iter()
                .map(|c| text[c.range.clone()].to_string())
                .collect(),
        )
    }

    #[test]
    fn abbreviations_and_numbers_do_not_end_a_sentence() {
        let (s, _) = split(
            "de burgemeester kan o.a. op grond van art. 2:28 jo. 2:30 m.u.v. horeca sluiten. hij maakt het bekend.",
            &[],
        );
        assert_eq!(
            s,
            [
                "de burgemeester kan o.a. op grond van art. 2:28 jo. 2:30 m.u.v. horeca sluiten.",
                "hij maakt het bekend."
            ]
        );
    }

    #[test]
    fn an_enumeration_is_one_sentence_of_several_clauses() {
        let t = "1. de burgemeester kan sluiten als: a. wapens aanwezig zijn; b. drugs worden verkocht; of c. de orde gevaar loopt. 2. hij trekt het bevel in.";
        let (s, c) = split(
            t,
            &[
                ("1. de", Boundary::Hard),
                ("a. wapens", Boundary::Item),
                ("b. drugs", Boundary::Item),
                ("c. de orde", Boundary::Item),
                ("2. hij", Boundary::Hard),
            ],
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].starts_with("1. de burgemeester") && s[0].ends_with("gevaar loopt."));
        assert_eq!(
            c,
            [
                "1. de burgemeester kan sluiten als:",
                "a. wapens aanwezig zijn;",
                "b. drugs worden verkocht;",
                "of c. de orde gevaar loopt.",
                "2. hij trekt het bevel in."
            ]
        );
    }

    #[test]
    fn an_onderdeel_after_a_full_stop_starts_a_sentence() {
        let t = "de volgende regels gelden. a. het is verboden te roken.";
        let (s, _) = split(t, &[("a. het", Boundary::Item)]);
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn a_lid_always_starts_a_sentence() {
        let t = "het bevel geldt 2. de burgemeester trekt het in.";
        let (s, _) = split(t, &[("2. de", Boundary::Hard)]);
        assert_eq!(s, ["het bevel geldt", "2. de burgemeester trekt het in."]);
    }

    #[test]
    fn clause_lookup_finds_the_enclosing_clause() {
        let t = "een: twee; drie. vier";
        let s = Segments::split(t, &mut Vec::new());
        let c = s.clause_at(t.find("drie").unwrap()).unwrap();
        assert_eq!(&t[s.clauses[c].range.clone()], "drie.");
        assert!(s.clauses[0].opens_list);
        assert_eq!(
            s.sentence_at(t.find("twee").unwrap()).map(|r| &t[r]),
            Some("een: twee; drie.")
        );
    }
}
