//! One pass over a document for every literal of a rule set.
//!
//! The literal prefixes of the rule set's patterns ([`crate::pattern`]) and the word forms and
//! negation cues of its concepts ([`crate::concept`]) go into one Aho-Corasick automaton (the
//! `aho-corasick` crate's DFA: a few hundred short literals, so its table stays small and each
//! byte costs one transition). A document's folded text is scanned with it once, and each side
//! gets its own matches.
//!
//! The scan walks the DFA through the crate's [`Automaton`] trait itself instead of its
//! overlapping-match iterator: the iterator saves and restores its state for every match and
//! checks it for every byte, which made the walk about three times as expensive. The DFA has no
//! prefilter, so only match states are special.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// The automaton of a rule set.
#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    dfa: Option<DFA>,
    /// Literals below this index are pattern literals, the rest concept literals.
    split: usize,
}

/// The matches of one document, overlapping ones included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Matches {
    /// Pattern literals: (literal, start).
    pub patterns: Vec<(u32, u32)>,
    /// Concept literals: (literal, start, end).
    pub concepts: Vec<(u32, u32, u32)>,
}

impl Scanner {
    /// Builds the automaton over the pattern literals followed by the concept literals.
    pub fn new(pattern_literals: &[String], concept_literals: &[String]) -> Scanner {
        let all: Vec<&str> = pattern_literals
            .iter()
            .chain(concept_literals)
            .map(String::as_str)
            .collect();
        let dfa = (!all.is_empty()).then(|| {
            DFA::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Unanchored)
                .prefilter(false)
                .build(&all)
                .expect("literals of bounded size build an automaton")
        });
        Scanner {
            dfa,
            split: pattern_literals.len(),
        }
    }

    /// Every occurrence of every literal in `text`, by end offset, then in literal order (as
    /// the crate's overlapping iterator reports them).
    pub fn scan(&self, text: &str) -> Matches {
        let mut out = Matches::default();
        let Some(dfa) = &self.dfa else {
            return out;
        };
        let Ok(sid) = dfa.start_state(Anchored::No) else {
            return out;
        };
        let bytes = text.as_bytes();
        if bytes.len() >= TWO_LANES_FROM {
            return self.scan_two_lanes(dfa, sid, bytes);
        }
        self.scan_lane(dfa, sid, bytes, 0, 0, &mut out);
        out
    }

    /// Walks `bytes` (which start at offset `base` of the text) from state `sid`, recording
    /// the matches that end after offset `from`. The walk to the next match state keeps only
    /// the state and the position in registers; matches, a few thousand in a document, are
    /// written out of line.
    fn scan_lane(
        &self,
        dfa: &DFA,
        mut sid: StateID,
        bytes: &[u8],
        base: usize,
        from: usize,
        out: &mut Matches,
    ) {
        let mut at = 0;
        while at < bytes.len() {
            let (next, n) = walk(dfa, sid, &bytes[at..]);
            sid = next;
            at += n;
            if dfa.is_special(sid) && base + at > from {
                self.push_matches(dfa, sid, base + at, out);
            }
        }
    }

    /// The walk of a long text in two lanes at once: each transition waits for the one
    /// before it (a load from the table), so two independent walks take little more time than
    /// one. The second lane starts one pattern length (less a byte) before the middle: an
    /// Aho-Corasick state stands for at most that many bytes before it, so from the middle on
    /// the second lane is in the state a single walk would be in, and it reports the matches
    /// that end after the middle. The first lane's matches come first, so the order is that
    /// of a single walk.
    fn scan_two_lanes(&self, dfa: &DFA, start: StateID, bytes: &[u8]) -> Matches {
        let mid = bytes.len() / 2;
        let b0 = mid.saturating_sub(dfa.max_pattern_len().saturating_sub(1));
        let (lane_a, lane_b) = (&bytes[..mid], &bytes[b0..]);
        let mut out = Matches::default();
        let mut out_b = Matches::default();
        let (mut sa, mut sb) = (start, start);
        for (k, (&x, &y)) in lane_a.iter().zip(lane_b).enumerate() {
            sa = dfa.next_state(Anchored::No, sa, x);
            sb = dfa.next_state(Anchored::No, sb, y);
            if dfa.is_special(sa) {
                self.push_matches(dfa, sa, k + 1, &mut out);
            }
            if dfa.is_special(sb) && b0 + k + 1 > mid {
                self.push_matches(dfa, sb, b0 + k + 1, &mut out_b);
            }
        }
        self.scan_lane(dfa, sb, &lane_b[mid..], b0 + mid, mid, &mut out_b);
        out.patterns.extend(out_b.patterns);
        out.concepts.extend(out_b.concepts);
        out
    }

    /// Records the matches of match state `sid` ending at `end`.
    #[inline(never)]
    fn push_matches(&self, dfa: &DFA, sid: StateID, end: usize, out: &mut Matches) {
        if !dfa.is_match(sid) {
            return;
        }
        for k in 0..dfa.match_len(sid) {
            let pid = dfa.match_pattern(sid, k);
            let id = pid.as_usize();
            let start = end - dfa.pattern_len(pid);
            if id < self.split {
                out.patterns.push((id as u32, start as u32));
            } else {
                out.concepts
                    .push(((id - self.split) as u32, start as u32, end as u32));
            }
        }
    }
}

/// Texts from this length on are walked in two lanes ([`Scanner::scan_two_lanes`]).
const TWO_LANES_FROM: usize = 4096;

/// Walks the DFA from `sid` over `bytes` up to and including the first byte that leads to a
/// special state: that state and the number of bytes read (the last state and all of them when
/// none does). Without a prefilter only dead and match states are special, and an unanchored
/// Aho-Corasick automaton never dies.
/// Four bytes a round, so that the end of the text is checked once for four transitions.
#[inline(always)]
fn walk(dfa: &DFA, mut sid: StateID, bytes: &[u8]) -> (StateID, usize) {
    let mut chunks = bytes.chunks_exact(4);
    let mut at = 0;
    for chunk in &mut chunks {
        for (k, &b) in chunk.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) {
                return (sid, at + k + 1);
            }
        }
        at += 4;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b);
        if dfa.is_special(sid) {
            return (sid, at + k + 1);
        }
    }
    (sid, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The matches of the crate's own overlapping iterator, split as [`Matches`] splits them
    /// (the first `patterns` ids are patterns, the rest concepts).
    fn expected(ac: &AhoCorasick, patterns: usize, text: &str) -> Matches {
        let mut want = Matches::default();
        for m in ac.find_overlapping_iter(text) {
            let id = m.pattern().as_usize();
            if id < patterns {
                want.patterns.push((id as u32, m.start() as u32));
            } else {
                let concept = (id - patterns) as u32;
                want.concepts
                    .push((concept, m.start() as u32, m.end() as u32));
            }
        }
        want
    }

    /// The walk reports what the crate's own overlapping iterator reports, in the same order.
    #[test]
    fn the_walk_agrees_with_the_overlapping_iterator() {
        let pats: Vec<String> = ["sluit", "gesloten", "art", "artikel", "kel 2", "e"]
            .map(String::from)
            .to_vec();
        let concepts: Vec<String> = ["sluiting", "luit", "ten", "voor het publiek", "publiek"]
            .map(String::from)
            .to_vec();
        let text = "de burgemeester sluit op grond van artikel 2:30 een voor het publiek \
                    toegankelijk gebouw; de sluiting en het gesloten pand. e";
        let scanner = Scanner::new(&pats, &concepts);
        let all: Vec<&String> = pats.iter().chain(&concepts).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&all)
            .unwrap();
        // Every suffix, so that matches end at every place of the four-byte rounds.
        for cut in 0..text.len() {
            let text = &text[cut..];
            let want = expected(&ac, pats.len(), text);
            if cut == 0 {
                assert!(!want.concepts.is_empty() && !want.patterns.is_empty());
            }
            assert_eq!(scanner.scan(text), want, "{text}");
        }
        assert_eq!(Scanner::new(&[], &[]).scan(text), Matches::default());
        // A long text goes in two lanes: the same matches in the same order, wherever the
        // middle falls.
        let long = text.repeat(TWO_LANES_FROM / text.len() + 2);
        for cut in 0..40 {
            let text = &long[cut..];
            let want = expected(&ac, pats.len(), text);
            assert!(text.len() >= TWO_LANES_FROM);
            assert_eq!(scanner.scan(text), want, "cut {cut}");
        }
    }
}
