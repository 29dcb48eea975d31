//! A compact Aho-Corasick automaton for the prefilter's literals.
//!
//! The prefilter steps through every byte of every document, so this walk is the hottest loop
//! of a scan. One walk is a chain of dependent table lookups: each step waits for the one
//! before. This automaton is built for the job:
//!
//! - the text is cut into four stretches walked side by side, so that four independent chains
//!   keep the processor busy;
//! - a step that reaches a match state is noted without a branch, and the notes are read in
//!   blocks;
//! - only bytes that occur in some literal get a class of their own; all other bytes share class
//!   0, which always leads back to the start;
//! - transitions are 16-bit state numbers (a rule set with more states falls back to 32 bits),
//!   and the states are numbered breadth first, so the shallow states a walk visits most sit
//!   together in a table of a few hundred kilobytes;
//! - every state where a literal ends comes after all the others, so one comparison tells
//!   whether a step has anything to report; each lists what it reports, already merged over
//!   its suffixes: the literal's number and length (to find where it started).

use std::collections::VecDeque;

/// Number of stretches of a text [`Automaton::for_each_match`] walks side by side.
pub(crate) const LANES: usize = 4;

/// Steps per lane between two readings of the match notes.
const BLOCK: usize = 256;

/// What a match state reports: literal number `literal`, `len` bytes long, ended here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Output {
    pub len: u32,
    pub literal: u32,
}

/// The transition table, in the narrowest integer type that holds every state number.
#[derive(Debug, Clone)]
enum Table {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

/// A deterministic automaton that finds every occurrence of a set of byte strings, overlapping
/// ones included.
#[derive(Debug, Clone)]
pub(crate) struct Automaton {
    /// The class of each byte value.
    classes: [u16; 256],
    /// Number of classes: the width of a row of `table`.
    stride: usize,
    /// `table[state * stride + class]` is the next state.
    table: Table,
    /// States at or above this number report outputs.
    first_match: usize,
    /// For match state `first_match + k`, its outputs are `outputs[ranges[k]..ranges[k + 1]]`.
    ranges: Vec<u32>,
    outputs: Vec<Output>,
    /// Length of the longest literal.
    max_len: usize,
}

const NONE: u32 = u32::MAX;

impl Automaton {
    /// Builds the automaton for `literals`; an occurrence of `literals[i]` reports `i`. Empty
    /// literals are never reported.
    pub fn new(literals: &[&[u8]]) -> Automaton {
        // Byte classes: one per byte that occurs in a literal, 0 for the rest.
        let mut classes = [0u16; 256];
        let mut stride = 1usize;
        for lit in literals {
            for &b in *lit {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = stride as u16;
                    stride += 1;
                }
            }
        }

        // The trie: `goto` rows with NONE for a missing edge; own outputs per state.
        let mut goto: Vec<u32> = vec![NONE; stride];
        let mut own: Vec<Vec<Output>> = vec![Vec::new()];
        for (i, lit) in literals.iter().enumerate() {
            if lit.is_empty() {
                continue;
            }
            let mut s = 0usize;
            for &b in *lit {
                let c = usize::from(classes[usize::from(b)]);
                let next = goto[s * stride + c];
                s = if next == NONE {
                    let n = own.len();
                    goto[s * stride + c] = n as u32;
                    goto.extend(std::iter::repeat_n(NONE, stride));
                    own.push(Vec::new());
                    n
                } else {
                    next as usize
                };
            }
            own[s].push(Output {
                len: lit.len() as u32,
                literal: i as u32,
            });
        }
        let states = own.len();

        // Breadth first: failure links, full transitions and outputs merged over suffixes.
        let mut delta = goto;
        let mut fail = vec![0usize; states];
        let mut outs = own;
        let mut queue = VecDeque::new();
        // The states in breadth-first order: the shallow states, where a walk spends most of
        // its steps, end up next to each other in the table.
        let mut bfs = vec![0usize];
        for next in &mut delta[..stride] {
            match *next {
                NONE => *next = 0,
                child => queue.push_back(child as usize),
            }
        }
        while let Some(s) = queue.pop_front() {
            bfs.push(s);
            let f = fail[s];
            if f != s {
                let inherited = outs[f].clone();
                for o in inherited {
                    if !outs[s].contains(&o) {
                        outs[s].push(o);
                    }
                }
            }
            for c in 0..stride {
                let via_fail = delta[f * stride + c];
                match delta[s * stride + c] {
                    NONE => delta[s * stride + c] = via_fail,
                    child => {
                        fail[child as usize] = via_fail as usize;
                        queue.push_back(child as usize);
                    }
                }
            }
        }

        // Renumber: states without outputs first (the start state stays 0), then the others.
        let mut order: Vec<usize> = bfs
            .iter()
            .copied()
            .filter(|&s| outs[s].is_empty())
            .collect();
        let first_match = order.len();
        order.extend(bfs.iter().copied().filter(|&s| !outs[s].is_empty()));
        let mut new_id = vec![0u32; states];
        for (n, &s) in order.iter().enumerate() {
            new_id[s] = n as u32;
        }
        let mut table = Vec::with_capacity(states * stride);
        for &s in &order {
            table.extend(
                delta[s * stride..(s + 1) * stride]
                    .iter()
                    .map(|&t| new_id[t as usize]),
            );
        }
        let mut ranges = vec![0u32];
        let mut outputs = Vec::new();
        for &s in &order[first_match..] {
            let mut o = std::mem::take(&mut outs[s]);
            o.sort_by_key(|x| (x.len, x.literal));
            outputs.extend(o);
            ranges.push(outputs.len() as u32);
        }
        let table = if states <= usize::from(u16::MAX) + 1 {
            Table::Narrow(table.into_iter().map(|t| t as u16).collect())
        } else {
            Table::Wide(table)
        };
        Automaton {
            classes,
            stride,
            table,
            first_match,
            ranges,
            outputs,
            max_len: literals.iter().map(|l| l.len()).max().unwrap_or(0),
        }
    }

    /// Calls `report(lane, end, output)` for every occurrence of every literal in `text`
    /// (`end` is one past the literal's last byte), overlapping ones included.
    ///
    /// The text is cut into [`LANES`] consecutive stretches, walked side by side: a single
    /// walk waits for each step's table lookup before it can take the next, and independent
    /// walks fill that wait. Lane `l` reports the occurrences that start in stretch `l`, in
    /// the order of their end offsets; it walks on past the end of its stretch to finish the
    /// literals that start inside it.
    pub fn for_each_match(&self, text: &[u8], mut report: impl FnMut(usize, usize, Output)) {
        match &self.table {
            Table::Narrow(t) => self.walk(t, text, &mut report),
            Table::Wide(t) => self.walk(t, text, &mut report),
        }
    }

    fn walk<T: Copy + Into<u32>>(
        &self,
        table: &[T],
        text: &[u8],
        report: &mut impl FnMut(usize, usize, Output),
    ) {
        let len = text.len();
        let chunk = len.div_ceil(LANES);
        let overlap = self.max_len.saturating_sub(1);
        let start: [usize; LANES] = std::array::from_fn(|l| (l * chunk).min(len));
        let limit: [usize; LANES] = std::array::from_fn(|l| ((l + 1) * chunk).min(len));
        let stop: [usize; LANES] = std::array::from_fn(|l| (limit[l] + overlap).min(len));
        let common = (0..LANES).map(|l| stop[l] - start[l]).min().unwrap_or(0);
        // Four lanes, each state in a register of its own. A step that reaches a match state
        // is noted without a branch (the slot is always written, the count only moves on a
        // match), and the notes are read after each block: a branch per step would be
        // mispredicted at every match.
        let [a0, a1, a2, a3] = start;
        let (mut s0, mut s1, mut s2, mut s3) = (0usize, 0usize, 0usize, 0usize);
        let mut notes = [[0u64; BLOCK]; LANES];
        let first = self.first_match;
        let mut k = 0;
        while k < common {
            let n = BLOCK.min(common - k);
            let (mut n0, mut n1, mut n2, mut n3) = (0usize, 0usize, 0usize, 0usize);
            for j in 0..n {
                let note = (j as u64) << 32;
                // `n0 <= j < BLOCK`: the `%` only spares a bounds check.
                s0 = self.step(table, s0, text[a0 + k + j]);
                s1 = self.step(table, s1, text[a1 + k + j]);
                s2 = self.step(table, s2, text[a2 + k + j]);
                s3 = self.step(table, s3, text[a3 + k + j]);
                notes[0][n0 % BLOCK] = note | s0 as u64;
                notes[1][n1 % BLOCK] = note | s1 as u64;
                notes[2][n2 % BLOCK] = note | s2 as u64;
                notes[3][n3 % BLOCK] = note | s3 as u64;
                n0 += usize::from(s0 >= first);
                n1 += usize::from(s1 >= first);
                n2 += usize::from(s2 >= first);
                n3 += usize::from(s3 >= first);
            }
            for (l, &count) in [n0, n1, n2, n3].iter().enumerate() {
                for &note in &notes[l][..count] {
                    let end = start[l] + k + (note >> 32) as usize + 1;
                    self.emit(note as u32 as usize, l, end, limit[l], report);
                }
            }
            k += n;
        }
        for (l, mut s) in [s0, s1, s2, s3].into_iter().enumerate() {
            let from = start[l] + common;
            for (i, &b) in text[from..stop[l]].iter().enumerate() {
                s = self.step(table, s, b);
                if s >= self.first_match {
                    self.emit(s, l, from + i + 1, limit[l], report);
                }
            }
        }
    }

    /// The state after `byte` in state `s`.
    #[inline(always)]
    fn step<T: Copy + Into<u32>>(&self, table: &[T], s: usize, byte: u8) -> usize {
        let c = usize::from(self.classes[usize::from(byte)]);
        table
            .get(s * self.stride + c)
            .map_or(0, |&t| t.into() as usize)
    }

    /// Reports the outputs of match state `s` reached at `end` whose literal starts before
    /// `limit`.
    #[inline(always)]
    fn emit(
        &self,
        s: usize,
        lane: usize,
        end: usize,
        limit: usize,
        report: &mut impl FnMut(usize, usize, Output),
    ) {
        let k = s - self.first_match;
        let (from, to) = (self.ranges[k] as usize, self.ranges[k + 1] as usize);
        for &o in &self.outputs[from..to] {
            if end - (o.len as usize) < limit {
                report(lane, end, o);
            }
        }
    }

    /// Bytes held by the transition table.
    #[cfg(test)]
    pub fn table_bytes(&self) -> usize {
        match &self.table {
            Table::Narrow(t) => t.len() * 2,
            Table::Wide(t) => t.len() * 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (end, len, literal) a plain search finds.
    fn naive(lits: &[&[u8]], text: &[u8]) -> Vec<(usize, u32, u32)> {
        let mut out = Vec::new();
        for end in 1..=text.len() {
            for (i, lit) in lits.iter().enumerate() {
                if !lit.is_empty() && text[..end].ends_with(lit) {
                    out.push((end, lit.len() as u32, i as u32));
                }
            }
        }
        out.sort();
        out
    }

    fn found(a: &Automaton, text: &[u8]) -> Vec<(usize, u32, u32)> {
        let mut out = Vec::new();
        let mut last = [0usize; LANES];
        a.for_each_match(text, |lane, end, o| {
            assert!(end >= last[lane], "lane {lane} reports in end order");
            last[lane] = end;
            out.push((end, o.len, o.literal));
        });
        out.sort();
        out
    }

    #[test]
    fn finds_overlapping_and_nested_literals() {
        let lits: [&[u8]; 4] = [b"sluit", b"sluitingstijd", b"tijd", b"ijdst"];
        let a = Automaton::new(&lits);
        let text = b"de sluitingstijden; ijdstip sluit";
        assert_eq!(found(&a, text), naive(&lits, text));
        assert!(found(&a, text).contains(&(16, 4, 2)));
    }

    #[test]
    fn agrees_with_a_plain_search_on_random_text() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        // Texts up to several blocks per lane, so that literals cross lane and block edges.
        for round in 0..300 {
            // Small alphabets make overlaps, repeats and shared prefixes common.
            let alphabet = b"abc d";
            let lits: Vec<Vec<u8>> = (0..1 + next(12))
                .map(|_| {
                    (0..next(6))
                        .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                        .collect()
                })
                .collect();
            let refs: Vec<&[u8]> = lits.iter().map(|l| l.as_slice()).collect();
            let a = Automaton::new(&refs);
            let len = if round % 10 == 0 {
                1000 + next(3000)
            } else {
                next(60)
            };
            let text: Vec<u8> = (0..len).map(|_| b"abc dxy"[next(7) as usize]).collect();
            assert_eq!(
                found(&a, &text),
                naive(&refs, &text),
                "{lits:?} in {text:?}"
            );
        }
    }

    #[test]
    fn many_states_use_wide_transitions() {
        // 70,000 distinct three-byte literals over a 42-byte alphabet need more than 65,536
        // states.
        let alphabet: Vec<u8> = (b'0'..=b'z').take(42).collect();
        let mut lits: Vec<Vec<u8>> = Vec::new();
        'outer: for &x in &alphabet {
            for &y in &alphabet {
                for &z in &alphabet {
                    lits.push(vec![x, y, z]);
                    if lits.len() == 70_000 {
                        break 'outer;
                    }
                }
            }
        }
        let refs: Vec<&[u8]> = lits.iter().map(|l| l.as_slice()).collect();
        let a = Automaton::new(&refs);
        assert!(matches!(a.table, Table::Wide(_)));
        let text = b"a0b1zzz0";
        assert_eq!(found(&a, text), naive(&refs, text));
    }

    #[test]
    fn every_byte_value_gets_a_class() {
        let all: Vec<u8> = (0..=255).collect();
        let lits: [&[u8]; 2] = [&all, b"\xff\x00"];
        let a = Automaton::new(&lits);
        assert_eq!(a.stride, 257);
        let mut text = all.clone();
        text.extend_from_slice(&all);
        assert_eq!(found(&a, &text), naive(&lits, &text));
    }

    #[test]
    fn bytes_outside_the_literals_lead_back_to_the_start() {
        let lits: [&[u8]; 1] = [b"ab"];
        let a = Automaton::new(&lits);
        assert_eq!(found(&a, b"a\xffb ab"), vec![(6, 2, 0)]);
        assert_eq!(a.stride, 3);
        assert_eq!(a.table_bytes(), 3 * 3 * 2);
    }
}
