//! Compiled patterns and the one-pass prefilter.
//!
//! Every regular expression of a rule set is compiled once, on folded text (see [`crate::fold`]).
//! From each pattern come its *literal groups*: sets of literals one of which every match must
//! contain (the literals a match starts with, and those that start each later part of the
//! pattern, as `gemeentewet` in `artikel 174a? (van de )?gemeentewet`). All literals go into
//! the rule set's one Aho-Corasick automaton ([`crate::scanner`]); a document is scanned once
//! with it, and a pattern's regex only runs on the text units (articles, paragraphs) that hold
//! a literal of every one of its groups.

use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use crate::fold::fold_pattern;

/// Index of a compiled pattern in a [`Patterns`] table.
pub type PatId = usize;

/// All patterns of a rule set.
#[derive(Debug, Clone)]
pub struct Patterns {
    regexes: Vec<Regex>,
    /// All literals, numbered as in `owners`.
    literals: Vec<String>,
    /// For each literal, the literal groups it belongs to.
    owners: Vec<Vec<GroupId>>,
    /// For each pattern, its literal groups (none: the pattern always runs).
    groups: Vec<Vec<GroupId>>,
    /// Number of literal groups.
    group_count: usize,
}

/// Index of a literal group in a [`Patterns`] table.
type GroupId = usize;

/// Builds a [`Patterns`] table; `add` returns the id or the regex error.
#[derive(Debug, Default)]
pub struct PatternsBuilder {
    regexes: Vec<Regex>,
    /// Literals and the group they belong to.
    literals: Vec<(String, GroupId)>,
    groups: Vec<Vec<GroupId>>,
    group_count: usize,
}

/// The literal groups of a folded pattern: each a set of literals (at least three bytes each,
/// so the prefilter pays off) one of which every match contains. The first, when there is one,
/// holds the literals every match starts with; the others come from the parts of a pattern
/// that is a sequence (`a.{0,9}b`: the literals that every match of `b` starts with).
fn literal_groups(folded: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(folded)
    else {
        return Vec::new();
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut add = |h: &Hir| {
        let Some(g) = prefix_set(h) else { return };
        // A group is implied by one whose every literal starts with one of its literals.
        let implied = |e: &Vec<String>| e.iter().all(|l| g.iter().any(|x| l.starts_with(x)));
        if !out.iter().any(implied) {
            out.push(g);
        }
    };
    add(&hir);
    let mut top = &hir;
    while let HirKind::Capture(c) = top.kind() {
        top = &c.sub;
    }
    if let HirKind::Concat(parts) = top.kind() {
        for part in parts {
            add(part);
        }
    }
    out
}

/// The literals every match of `hir` starts with, when there are such (each at least three
/// bytes long).
fn prefix_set(hir: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().len() < 3) {
        return None;
    }
    let mut out: Vec<String> = lits
        .iter()
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

impl PatternsBuilder {
    /// Compiles a pattern (folded first) and registers its prefixes.
    pub fn add(&mut self, pattern: &str) -> Result<PatId, String> {
        let folded = fold_pattern(pattern);
        let re = RegexBuilder::new(&folded)
            .unicode(false)
            .dot_matches_new_line(true)
            .size_limit(50 << 20)
            .build()
            .map_err(|e| {
                // The regex error spans several lines; keep the last, most specific one.
                let msg = e.to_string();
                let detail = msg
                    .lines()
                    .rev()
                    .find(|l| l.trim_start().starts_with("error:"))
                    .map(|l| l.trim().trim_start_matches("error:").trim().to_string())
                    .unwrap_or_else(|| msg.lines().last().unwrap_or("").trim().to_string());
                format!("invalid regular expression: {detail}")
            })?;
        let id = self.regexes.len();
        self.regexes.push(re);
        let groups = literal_groups(&folded);
        let mut ids = Vec::new();
        for lits in groups {
            let g = self.group_count;
            self.group_count += 1;
            ids.push(g);
            self.literals.extend(lits.into_iter().map(|l| (l, g)));
        }
        self.groups.push(ids);
        Ok(id)
    }

    /// Builds the table and the automaton.
    pub fn build(self) -> Patterns {
        let mut lits: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<GroupId>> = Vec::new();
        for (lit, id) in self.literals {
            match lits.iter().position(|l| *l == lit) {
                Some(i) => owners[i].push(id),
                None => {
                    lits.push(lit);
                    owners.push(vec![id]);
                }
            }
        }
        Patterns {
            regexes: self.regexes,
            literals: lits,
            owners,
            groups: self.groups,
            group_count: self.group_count,
        }
    }
}

/// Which patterns may match in which unit of one document.
#[derive(Debug, Clone)]
pub struct Hits {
    words: usize,
    bits: Vec<u64>,
}

impl Hits {
    /// The units where any of `pats` may match, in order.
    pub fn units_of(&self, pats: &[PatId]) -> Vec<usize> {
        let mut acc = vec![0u64; self.words];
        for &p in pats {
            if let Some(row) = self.bits.get(p * self.words..(p + 1) * self.words) {
                for (a, b) in acc.iter_mut().zip(row) {
                    *a |= b;
                }
            }
        }
        let mut out = Vec::new();
        for (w, &bits) in acc.iter().enumerate() {
            let mut b = bits;
            while b != 0 {
                let t = b.trailing_zeros() as usize;
                out.push(w * 64 + t);
                b &= b - 1;
            }
        }
        out
    }

    /// Whether any of `pats` may match inside unit `u`.
    pub fn may_any(&self, pats: &[PatId], u: usize) -> bool {
        pats.iter().any(|&p| self.may(p, u))
    }

    /// Whether pattern `p` may match inside unit `u`.
    pub fn may(&self, p: PatId, u: usize) -> bool {
        let w = p * self.words + u / 64;
        self.bits
            .get(w)
            .is_some_and(|b| b & (1u64 << (u % 64)) != 0)
    }
}

impl Patterns {
    /// The compiled regex of a pattern.
    pub fn regex(&self, p: PatId) -> &Regex {
        &self.regexes[p]
    }

    /// The literals of the prefilter, for the rule set's automaton.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Scans folded `text` with an automaton of these patterns alone (tests).
    #[cfg(test)]
    pub fn hits(&self, text: &str, unit_starts: &[usize]) -> Hits {
        let scanner = crate::scanner::Scanner::new(&self.literals, &[]);
        self.hits_from(&scanner.scan(text).patterns, unit_starts)
    }

    /// Which patterns may match in which unit, from the literal occurrences of a document
    /// (`(literal, start)`); `unit_starts` are the sorted folded start offsets of the units
    /// (each unit runs to the next start, or to the end).
    pub fn hits_from(&self, matches: &[(u32, u32)], unit_starts: &[usize]) -> Hits {
        let units = unit_starts.len().max(1);
        let words = units.div_ceil(64);
        // First which literal groups occur in which units, then the patterns: those whose
        // groups all occur in a unit (or that have none).
        let mut group_bits = vec![0u64; words * self.group_count];
        // Every occurrence of every literal, overlapping ones included, marks its groups in
        // the unit it starts in. The unit each literal was last marked in:
        let mut marked_in = vec![u32::MAX; self.owners.len()];
        let mut u = 0usize;
        for &(lit, pos) in matches {
            let pos = pos as usize;
            // Occurrences come in order of their end, so nearly in order of their start: walk
            // the unit along, and search when it must go back.
            if unit_starts.get(u).is_some_and(|&s| s > pos) {
                u = unit_starts.partition_point(|&s| s <= pos).saturating_sub(1);
            }
            while unit_starts.get(u + 1).is_some_and(|&s| s <= pos) {
                u += 1;
            }
            let lit = lit as usize;
            if marked_in[lit] == u as u32 {
                continue;
            }
            marked_in[lit] = u as u32;
            for &g in &self.owners[lit] {
                group_bits[g * words + u / 64] |= 1 << (u % 64);
            }
        }
        self.pattern_hits(units, words, &group_bits)
    }

    /// The pattern rows of [`Hits`] from the rows of the literal groups.
    fn pattern_hits(&self, units: usize, words: usize, group_bits: &[u64]) -> Hits {
        let mut bits = vec![0u64; words * self.regexes.len()];
        for (p, groups) in self.groups.iter().enumerate() {
            let row = &mut bits[p * words..(p + 1) * words];
            let Some((&first, rest)) = groups.split_first() else {
                // No literal to look for: the pattern may match anywhere.
                for u in 0..units {
                    row[u / 64] |= 1 << (u % 64);
                }
                continue;
            };
            row.copy_from_slice(&group_bits[first * words..(first + 1) * words]);
            for &g in rest {
                for (a, b) in row.iter_mut().zip(&group_bits[g * words..(g + 1) * words]) {
                    *a &= b;
                }
            }
        }
        Hits { words, bits }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_groups_hold_the_prefixes_and_the_later_parts() {
        let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            literal_groups("(sluiting|sluiten) .{0,40}gebouw"),
            vec![strs(&["sluiten ", "sluiting "]), strs(&["gebouw"])]
        );
        assert_eq!(literal_groups(".{0,20}gebouw"), vec![strs(&["gebouw"])]);
        assert_eq!(literal_groups("(a|bcd)x"), Vec::<Vec<String>>::new());
        assert_eq!(
            literal_groups(r"\bverboden\b.{0,150}\bevenement\w*.{0,60}\b(organiseren|houden)\b"),
            vec![
                strs(&["verboden"]),
                strs(&["evenement"]),
                strs(&["houden", "organiseren"])
            ]
        );
        // An optional part or a short literal is no requirement.
        assert_eq!(
            literal_groups(r"vergunning\w* (is )?(ab|vereist)"),
            vec![strs(&["vergunning"])]
        );
        assert_eq!(
            literal_groups("verbod|verboden"),
            vec![strs(&["verbod", "verboden"])]
        );
    }

    #[test]
    fn a_pattern_may_match_only_where_all_its_groups_occur() {
        let mut b = PatternsBuilder::default();
        let p = b.add("verboden.{0,40}evenement").unwrap();
        let pats = b.build();
        let text = "een verboden terrein. evenementen zijn leuk. verboden evenement.";
        let starts = [
            0,
            text.find("evenementen").unwrap(),
            text.find("verboden ev").unwrap(),
        ];
        let h = pats.hits(text, &starts);
        assert!(!h.may(p, 0), "verboden without evenement");
        assert!(!h.may(p, 1), "evenement without verboden");
        assert!(h.may(p, 2));
        assert_eq!(h.units_of(&[p]), vec![2]);
    }

    #[test]
    fn hits_mark_only_units_holding_a_prefix() {
        let mut b = PatternsBuilder::default();
        let p = b.add("Vechtsport\\w*").unwrap();
        let q = b.add(".{0,3}x").unwrap();
        let pats = b.build();
        let text = "artikel een vechten. artikel twee vechtsportgala.";
        let starts = [0, text.find("artikel twee").unwrap()];
        let h = pats.hits(text, &starts);
        assert!(!h.may(p, 0));
        assert!(h.may(p, 1));
        assert!(h.may(q, 0) && h.may(q, 1));
    }

    #[test]
    fn hits_see_overlapping_and_nested_prefixes() {
        let mut b = PatternsBuilder::default();
        let long = b.add("sluitingstijd").unwrap();
        let inner = b.add("tijden?").unwrap();
        let short = b.add("sluit").unwrap();
        let other = b.add("vergunning").unwrap();
        let pats = b.build();
        let text = "eerste deel. de sluitingstijden gelden.";
        let starts = [0, text.find("de sluit").unwrap()];
        let h = pats.hits(text, &starts);
        for p in [long, inner, short] {
            assert!(!h.may(p, 0) && h.may(p, 1), "pattern {p}");
        }
        assert!(!h.may(other, 0) && !h.may(other, 1));
    }

    #[test]
    fn hits_agree_with_a_plain_search_for_every_literal() {
        const LITS: [&str; 7] = [
            "sluit",
            "sluiting",
            "tijd",
            "ijdst",
            "vergunning",
            "gunning",
            "aan",
        ];
        const WORDS: [&str; 9] = [
            "sluitingstijd",
            "vergunning",
            "de",
            "aanvraag",
            "gunningen",
            "x",
            "tijden",
            "sluit",
            "naam",
        ];
        let mut b = PatternsBuilder::default();
        let ids: Vec<PatId> = LITS.iter().map(|l| b.add(l).unwrap()).collect();
        let pats = b.build();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..300 {
            let mut text = String::new();
            for _ in 0..round % 40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(WORDS[(seed % 9) as usize]);
                text.push(if seed.is_multiple_of(3) { ' ' } else { '.' });
            }
            let starts: Vec<usize> = (0..text.len()).step_by(7 + round % 5).collect();
            let h = pats.hits(&text, &starts);
            for (lit, &p) in LITS.iter().zip(&ids) {
                for (u, &s) in starts.iter().enumerate() {
                    let e = starts.get(u + 1).copied().unwrap_or(text.len());
                    let want = (s..e).any(|pos| text[pos..].starts_with(lit));
                    assert_eq!(h.may(p, u), want, "{lit} in unit {u} of {text:?}");
                }
            }
        }
    }

    #[test]
    fn bad_regex_gives_a_short_message() {
        let mut b = PatternsBuilder::default();
        let e = b.add("(open").unwrap_err();
        assert!(e.starts_with("invalid regular expression"), "{e}");
        assert!(!e.contains('\n'));
    }
}
