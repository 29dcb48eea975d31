//! One pass over a document for every literal of a rule set.
//!
//! The literal prefixes of the rule set's patterns ([`crate::pattern`]) and the word forms and
//! negation cues of its concepts ([`crate::concept`]) go into one Aho-Corasick automaton (the
//! `aho-corasick` crate, built as a DFA: a few hundred short literals, so its table stays small
//! and each byte costs one transition). A document's folded text is scanned with it once, and
//! each side gets its own matches.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// The automaton of a rule set.
#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    ac: Option<AhoCorasick>,
    /// Literals below this index are pattern literals, the rest concept literals.
    split: usize,
}

/// The matches of one document, overlapping ones included.
#[derive(Debug, Clone, Default)]
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
        let ac = (!all.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&all)
                .expect("literals of bounded size build an automaton")
        });
        Scanner {
            ac,
            split: pattern_literals.len(),
        }
    }

    /// Every occurrence of every literal in `text`.
    pub fn scan(&self, text: &str) -> Matches {
        let mut out = Matches::default();
        let Some(ac) = &self.ac else {
            return out;
        };
        for m in ac.find_overlapping_iter(text.as_bytes()) {
            let id = m.pattern().as_usize();
            if id < self.split {
                out.patterns.push((id as u32, m.start() as u32));
            } else {
                out.concepts
                    .push(((id - self.split) as u32, m.start() as u32, m.end() as u32));
            }
        }
        out
    }
}
