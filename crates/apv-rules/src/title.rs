//! Title similarity: how well an article title matches a rule's candidate titles.
//!
//! Titles are compared word by word (the meaningful words of [`crate::rules::title_words`]),
//! tolerating inflection and spelling slips. Every candidate title word of a rule set is
//! interned once in a [`TitleVocab`]; a document's title words are compared with the rule
//! words once, when the document is prepared, and each requirement then scores an article
//! from those [`TitleMatch`]es.

use foldhash::HashMap;
use std::ops::Range;

/// Word similarity from which two words count as the same word.
const WORD_MIN: f64 = 0.8;

/// Similarity of two folded words: 1 for equal, 0.9 for a shared stem, else Levenshtein.
pub(crate) fn word_sim(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let p = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    if p >= 5 && p + 3 >= short {
        return 0.9;
    }
    // Levenshtein can only reach 0.8 with the same first letter and lengths within a fifth.
    if p == 0 || (long - short) * 5 > long {
        return 0.0;
    }
    bounded_levenshtein_sim(a, b)
}

/// `strsim::normalized_levenshtein` for the similarities `word_sim` cares about (0.8 and up),
/// on bytes, without allocating; a pair that cannot reach 0.8 gives 0.
fn bounded_levenshtein_sim(a: &str, b: &str) -> f64 {
    const MAX: usize = 48;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || b.len() > MAX {
        return strsim::normalized_levenshtein(
            std::str::from_utf8(a).unwrap_or(""),
            std::str::from_utf8(b).unwrap_or(""),
        );
    }
    let long = a.len().max(b.len());
    if long == 0 {
        return 1.0;
    }
    // A distance above a fifth of the longer word cannot reach 0.8 (one spare for rounding).
    let bound = long / 5 + 1;
    let mut row = [0usize; MAX + 1];
    for (j, r) in row.iter_mut().enumerate().take(b.len() + 1) {
        *r = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            let cost = usize::from(ca != cb);
            let v = (diag + cost).min(up + 1).min(row[j] + 1);
            diag = up;
            row[j + 1] = v;
            row_min = row_min.min(v);
        }
        if row_min > bound {
            return 0.0;
        }
    }
    1.0 - row[b.len()] as f64 / long as f64
}

/// Every candidate title word of a rule set, interned.
#[derive(Debug, Clone, Default)]
pub(crate) struct TitleVocab {
    words: Vec<String>,
    /// Word ids by first byte (only words with the same first letter can be similar).
    by_first: Vec<Vec<u32>>,
}

/// A document title word similar to a rule word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TitleMatch {
    /// Index of the word in the article's title words.
    pub word: u32,
    /// The rule word, in the [`TitleVocab`].
    pub id: u32,
    /// Their similarity (0.8 and up).
    pub sim: f64,
}

impl TitleVocab {
    /// The id of `word`, added when new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if self.by_first.is_empty() {
            self.by_first = vec![Vec::new(); 256];
        }
        let first = usize::from(word.as_bytes().first().copied().unwrap_or(0));
        if let Some(&id) = self.by_first[first]
            .iter()
            .find(|&&id| self.words[id as usize] == word)
        {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.by_first[first].push(id);
        id
    }

    /// Number of interned words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The rule words `word` is similar to, with their similarity.
    fn similar(&self, word: &str, out: &mut Vec<(u32, f64)>) {
        let first = usize::from(word.as_bytes().first().copied().unwrap_or(0));
        for &id in self.by_first.get(first).map_or(&[][..], |v| v) {
            let sim = word_sim(&self.words[id as usize], word);
            if sim >= WORD_MIN {
                out.push((id, sim));
            }
        }
    }
}

/// Matches the title words of one document with a [`TitleVocab`], comparing each distinct
/// word once (titles repeat their words a lot).
pub(crate) struct TitleMatcher<'v> {
    vocab: &'v TitleVocab,
    /// Per distinct word, its range in `similar`.
    seen: HashMap<String, Range<u32>>,
    similar: Vec<(u32, f64)>,
}

impl<'v> TitleMatcher<'v> {
    /// A matcher for one document.
    pub fn new(vocab: &'v TitleVocab) -> Self {
        TitleMatcher {
            vocab,
            seen: HashMap::with_capacity_and_hasher(256, Default::default()),
            similar: Vec::new(),
        }
    }

    /// The rule words each of `words` is similar to.
    pub fn matches<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) -> Vec<TitleMatch> {
        let mut out = Vec::new();
        for (i, w) in words.into_iter().enumerate() {
            let r = match self.seen.get(w) {
                Some(r) => r.clone(),
                None => {
                    let start = self.similar.len() as u32;
                    self.vocab.similar(w, &mut self.similar);
                    let r = start..self.similar.len() as u32;
                    self.seen.insert(w.to_string(), r.clone());
                    r
                }
            };
            out.extend(
                self.similar[r.start as usize..r.end as usize]
                    .iter()
                    .map(|&(id, sim)| TitleMatch {
                        word: i as u32,
                        id,
                        sim,
                    }),
            );
        }
        out
    }
}

/// How well an article title (`nwords` words, with their `matches`) matches one of a rule's
/// titles (word ids): the best Dice coefficient over the words matched one to one.
pub(crate) fn score(rule_titles: &[Vec<u32>], nwords: usize, matches: &[TitleMatch]) -> f64 {
    if nwords == 0 || matches.is_empty() {
        return 0.0;
    }
    let mut best: f64 = 0.0;
    // The article words already matched: a bit set (titles are short; a longer one only ever
    // matches through its first 128 words, which no real title reaches).
    for rt in rule_titles {
        let mut used: u128 = 0;
        let mut matched = 0usize;
        for &w in rt {
            // The most similar unused article word, the first of equals (`matches` is in
            // word order).
            let mut pick = None;
            let mut pick_sim = 0.0;
            for m in matches.iter().filter(|m| m.id == w) {
                let i = m.word as usize;
                if i < nwords.min(128) && used & (1 << i) == 0 && m.sim > pick_sim {
                    pick = Some(i);
                    pick_sim = m.sim;
                }
            }
            if let Some(i) = pick {
                used |= 1 << i;
                matched += 1;
            }
        }
        let dice = 2.0 * matched as f64 / (rt.len() + nwords) as f64;
        best = best.max(dice);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::title_words;

    #[test]
    fn bounded_levenshtein_agrees_with_strsim_where_it_counts() {
        let words = [
            "exploitatie",
            "exploitant",
            "exploitaite",
            "openbare",
            "openbaar",
            "inrichting",
            "inrichtingen",
            "speelautomaten",
            "speelautomaat",
            "seksinrichting",
            "seksbedrijf",
            "vergunning",
            "vergunningen",
            "vergunnig",
            "a",
            "",
            "damocles",
            "damoclesbeleid",
        ];
        for a in words {
            for b in words {
                let want = strsim::normalized_levenshtein(a, b);
                let got = bounded_levenshtein_sim(a, b);
                if want >= 0.8 {
                    assert_eq!(got, want, "{a} / {b}");
                } else {
                    assert!(got < 0.8, "{a} / {b}: {got} for {want}");
                }
            }
        }
    }

    /// Scores `title` against rule titles, through the vocabulary.
    fn score_of(rule_titles: &[&str], title: &str) -> f64 {
        let mut vocab = TitleVocab::default();
        let ids: Vec<Vec<u32>> = rule_titles
            .iter()
            .map(|t| title_words(t).iter().map(|w| vocab.intern(w)).collect())
            .collect();
        let words = title_words(title);
        score(
            &ids,
            words.len(),
            &TitleMatcher::new(&vocab).matches(words.iter().map(String::as_str)),
        )
    }

    #[test]
    fn score_tolerates_inflection_and_spelling() {
        let rt = ["Exploitatie openbare inrichting"];
        assert!(score_of(&rt, "Exploitatie openbare inrichtingen") >= 0.75);
        assert!(score_of(&rt, "Exploitatie openbare inrigting") >= 0.75);
        assert!(score_of(&rt, "Sluitingstijd") < 0.75);
        assert!(score_of(&rt, "Exploitatie") < 0.75);
    }

    #[test]
    fn score_is_the_best_dice_over_the_rule_titles() {
        let rt = ["Speelautomatenhal", "Exploitatie speelautomatenhal"];
        assert_eq!(score_of(&rt, "Speelautomatenhal"), 1.0);
        assert_eq!(score_of(&rt, "Exploitatie van een speelautomatenhal"), 1.0);
        // One of two words: Dice 2·1/(2+1).
        let s = score_of(&["Exploitatie speelautomatenhal"], "Speelautomatenhallen");
        assert!((s - 2.0 / 3.0).abs() < 1e-9, "{s}");
        // Each article word matches one rule word at most.
        let s = score_of(&["Exploitatie exploitatie"], "Exploitatie");
        assert!((s - 2.0 / 3.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn repeated_words_match_alike() {
        let mut vocab = TitleVocab::default();
        vocab.intern("vergunning");
        vocab.intern("exploitatie");
        let mut m = TitleMatcher::new(&vocab);
        let words: Vec<String> = ["vergunningen", "exploitatie", "vergunningen"]
            .map(String::from)
            .to_vec();
        let got = m.matches(words.iter().map(String::as_str));
        assert_eq!(got.len(), 3);
        assert_eq!((got[0].id, got[0].sim), (got[2].id, got[2].sim));
        assert_eq!((got[0].word, got[2].word), (0, 2));
        assert_eq!(m.matches(words[..1].iter().map(String::as_str)), got[..1]);
    }

    #[test]
    fn interning_gives_one_id_per_word() {
        let mut v = TitleVocab::default();
        let a = v.intern("vergunning");
        assert_eq!(v.intern("verbod"), a + 1);
        assert_eq!(v.intern("vergunning"), a);
        assert_eq!(v.len(), 2);
    }
}
