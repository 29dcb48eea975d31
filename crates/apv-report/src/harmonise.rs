//! Harmonisation: how alike the municipalities' articles for one requirement are, which one
//! stands out, and a word-level diff of each against the base.
//!
//! Only municipalities with an operative article (status `met` or `partial`, with article
//! text) are compared. The similarity of two articles is the normalised Levenshtein distance
//! over their normalised words (lower case, punctuation dropped, and tokens with digits or of a
//! single character dropped, so that article and lid numbering do not count), computed over
//! word numbers (equal words, equal numbers): 1.0 is word-for-word the same, 0.0 nothing in common. The
//! requirement's score is the mean over all pairs. The outlier is the municipality whose mean
//! similarity to the others is lowest, named only when at least three are compared and it lies
//! at least [`OUTLIER_MARGIN`] below the mean of the others. The word diffs come from `similar`
//! (Myers) over the same kind of normalised words.

use std::collections::HashMap;

use apv_rules::{Status, Verdict};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::{Base, RequirementInfo, round3};

/// How far (on the 0–1 scale) the outlier's mean similarity must lie below the others' mean.
pub const OUTLIER_MARGIN: f64 = 0.1;

/// At most this many normalised words per article enter the similarity score (the score is
/// quadratic in the length; real articles stay well below this).
const MAX_SCORE_WORDS: usize = 1_000;

/// At most this many words per article enter the word diff.
const MAX_DIFF_WORDS: usize = 3_000;

/// One municipality's verdict on the requirement being harmonised.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Municipality name.
    pub municipality: &'a str,
    /// Its verdict.
    pub verdict: &'a Verdict,
}

/// The harmonisation of one requirement.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Harmonisation {
    /// Mean pairwise similarity (0–1) of the compared articles; `None` with fewer than two.
    pub score: Option<f64>,
    /// The municipality whose article differs most from the others, when one clearly does.
    pub outlier: Option<String>,
    /// What the diffs compare against ("Model-APV 2:80", "Almere 2:41a"); `None` when there
    /// is no base text for this requirement.
    pub base: Option<String>,
    /// The base wording, when there is one.
    #[serde(skip)]
    #[schemars(skip)]
    pub base_text: Option<String>,
    /// One entry per compared municipality, in report order.
    pub articles: Vec<ArticleComparison>,
}

/// One municipality's article(s) for a requirement, compared with the others and the base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ArticleComparison {
    /// Municipality name.
    pub municipality: String,
    /// The articles compared, primary first.
    pub articles: Vec<String>,
    /// Mean similarity (0–1) to the other compared municipalities.
    pub similarity: Option<f64>,
    /// Similarity (0–1) to the base wording.
    pub similarity_to_base: Option<f64>,
    /// Word-level diff from the base to this article; `None` when there is no base, or when
    /// this municipality is the base.
    pub diff: Option<WordDiff>,
    /// The article text as compared (articles joined, primary first).
    #[serde(skip)]
    #[schemars(skip)]
    pub text: String,
}

/// A word-level diff, base → article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WordDiff {
    /// Words added compared with the base.
    pub added: usize,
    /// Words of the base not in the article.
    pub removed: usize,
    /// Whether an article was longer than the diff limit and only its start was compared.
    pub truncated: bool,
    /// The segments, in order ([`WordDiff::wdiff`] writes them in wdiff style).
    pub segments: Vec<DiffSegment>,
}

/// A run of words that are equal, added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DiffSegment {
    /// What happened to the words.
    pub kind: DiffKind,
    /// The words, separated by single spaces.
    pub text: String,
}

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// In both.
    Equal,
    /// Only in the article.
    Added,
    /// Only in the base.
    Removed,
}

impl WordDiff {
    /// The diff in wdiff style: equal words plain, `[-removed-]`, `{+added+}`.
    pub fn wdiff(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            if !out.is_empty() {
                out.push(' ');
            }
            match segment.kind {
                DiffKind::Equal => out.push_str(&segment.text),
                DiffKind::Added => {
                    out.push_str("{+");
                    out.push_str(&segment.text);
                    out.push_str("+}");
                }
                DiffKind::Removed => {
                    out.push_str("[-");
                    out.push_str(&segment.text);
                    out.push_str("-]");
                }
            }
        }
        out
    }
}

/// Harmonises one requirement over the municipalities' verdicts (given in report order).
pub fn harmonise(
    inputs: &[Input<'_>],
    requirement: &RequirementInfo,
    base: &Base,
) -> Harmonisation {
    let compared: Vec<(&str, &Verdict, String)> = inputs
        .iter()
        .filter(|input| matches!(input.verdict.status, Status::Met | Status::Partial))
        .filter_map(|input| {
            let text = article_text(input.verdict)?;
            Some((input.municipality, input.verdict, text))
        })
        .collect();

    let tokens: Vec<Vec<String>> = compared.iter().map(|(_, _, text)| words(text)).collect();
    let n = compared.len();
    let mut vocabulary = Vocabulary::default();
    let ids: Vec<Vec<u32>> = tokens.iter().map(|t| vocabulary.ids(t)).collect();
    let pair = pairwise(&ids);
    let means: Vec<Option<f64>> = (0..n)
        .map(|i| {
            (n > 1).then(|| {
                (0..n).filter(|&j| j != i).map(|j| pair[i][j]).sum::<f64>() / (n - 1) as f64
            })
        })
        .collect();
    let score = (n > 1).then(|| {
        let upper: Vec<f64> = pair
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row[i + 1..].iter().copied())
            .collect();
        round3(upper.iter().sum::<f64>() / upper.len() as f64)
    });
    let outlier = outlier(&compared.iter().map(|c| c.0).collect::<Vec<_>>(), &means);

    let (base_label, base_text, base_name) = match base {
        Base::Model => match &requirement.model {
            Some(model) if !model.text.trim().is_empty() => (
                Some(format!("Model-APV {}", model.article)),
                Some(model.text.clone()),
                None,
            ),
            _ => (None, None, None),
        },
        Base::Municipality(name) => match compared.iter().find(|c| c.0 == name) {
            Some((_, verdict, text)) => (
                Some(format!("{name} {}", verdict.articles.join(", "))),
                Some(text.clone()),
                Some(name.as_str()),
            ),
            None => (None, None, None),
        },
    };
    let base_tokens = base_text.as_deref().map(words);
    let base_ids = base_tokens.as_deref().map(|t| vocabulary.ids(t));
    // Articles with the same text get the same diff against the base.
    let mut diffs: HashMap<&str, WordDiff> = HashMap::new();
    if let Some(base_text) = &base_text {
        let mut distinct: Vec<&str> = compared
            .iter()
            .filter(|c| base_name != Some(c.0))
            .map(|c| c.2.as_str())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        diffs = distinct
            .into_par_iter()
            .map(|text| (text, word_diff(base_text, text)))
            .collect();
    }

    let articles = compared
        .iter()
        .enumerate()
        .map(|(i, (municipality, verdict, text))| {
            let is_base = base_name == Some(*municipality);
            let (similarity_to_base, diff) = match (&base_text, &base_ids) {
                (Some(_), Some(base_ids)) if !is_base => (
                    Some(round3(id_similarity(base_ids, &ids[i]))),
                    diffs.get(text.as_str()).cloned(),
                ),
                _ => (None, None),
            };
            ArticleComparison {
                municipality: municipality.to_string(),
                articles: verdict.articles.clone(),
                similarity: means[i].map(round3),
                similarity_to_base,
                diff,
                text: text.clone(),
            }
        })
        .collect();

    Harmonisation {
        score,
        outlier,
        base: base_label,
        base_text,
        articles,
    }
}

/// The text of the articles a verdict relies on, primary first; `None` when it has none.
fn article_text(verdict: &Verdict) -> Option<String> {
    let text = verdict
        .texts
        .iter()
        .map(|t| t.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.is_empty()).then_some(text)
}

/// The outlier among `names` given each one's mean similarity to the others.
fn outlier(names: &[&str], means: &[Option<f64>]) -> Option<String> {
    if names.len() < 3 {
        return None;
    }
    let values: Vec<f64> = means.iter().map(|m| m.unwrap_or(1.0)).collect();
    let (low, low_value) =
        values.iter().enumerate().fold(
            (0, f64::INFINITY),
            |best, (i, &v)| if v < best.1 { (i, v) } else { best },
        );
    let others: f64 = values
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != low)
        .map(|(_, v)| v)
        .sum::<f64>()
        / (values.len() - 1) as f64;
    (others - low_value >= OUTLIER_MARGIN).then(|| names[low].to_string())
}

/// Normalised words for scoring: lower case, split on anything but letters and digits, tokens
/// with digits or of one character dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1 && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .take(MAX_SCORE_WORDS)
        .collect()
}

/// Normalised Levenshtein similarity over word sequences (1.0 = equal).
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    let mut vocabulary = Vocabulary::default();
    id_similarity(&vocabulary.ids(a), &vocabulary.ids(b))
}

/// Word numbers: equal words get equal numbers, so that word sequences compare as integers.
#[derive(Default)]
struct Vocabulary<'w> {
    numbers: HashMap<&'w str, u32>,
}

impl<'w> Vocabulary<'w> {
    fn ids(&mut self, words: &'w [String]) -> Vec<u32> {
        words
            .iter()
            .map(|w| {
                let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
                *self.numbers.entry(w.as_str()).or_insert(next)
            })
            .collect()
    }
}

/// The similarity matrix of word sequences (1.0 on the diagonal). Equal sequences are scored
/// once; the pairs of distinct sequences are scored in parallel.
fn pairwise(ids: &[Vec<u32>]) -> Vec<Vec<f64>> {
    let n = ids.len();
    let mut distinct: Vec<&[u32]> = Vec::new();
    let mut index: HashMap<&[u32], usize> = HashMap::new();
    let class: Vec<usize> = ids
        .iter()
        .map(|seq| {
            *index.entry(seq.as_slice()).or_insert_with(|| {
                distinct.push(seq);
                distinct.len() - 1
            })
        })
        .collect();
    let m = distinct.len();
    let scores: Vec<Vec<f64>> = (0..m)
        .into_par_iter()
        .map(|i| {
            (0..m)
                .map(|j| match j.cmp(&i) {
                    std::cmp::Ordering::Greater => id_similarity(distinct[i], distinct[j]),
                    _ => 1.0,
                })
                .collect()
        })
        .collect();
    // `scores[i][j]` holds the pair for i < j, and 1.0 for i = j.
    let score = |a: usize, b: usize| scores[a.min(b)][a.max(b)];
    let mut pair = vec![vec![1.0_f64; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            let s = score(class[i], class[j]);
            pair[i][j] = s;
            pair[j][i] = s;
        }
    }
    pair
}

/// Normalised Levenshtein similarity of two sequences of word numbers.
fn id_similarity(a: &[u32], b: &[u32]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / longest as f64
}

/// The Levenshtein distance (insertions, deletions, substitutions) of two sequences.
/// (`strsim::generic_levenshtein` would need each slice copied into an owned collection per
/// pair; this one runs on the slices, after setting their common start and end aside.)
fn levenshtein(a: &[u32], b: &[u32]) -> usize {
    // A common start and end do not change the distance.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let mut row: Vec<usize> = (1..=b.len()).collect();
    let mut last = 0;
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = i;
        last = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j];
            last = (last + 1)
                .min(above + 1)
                .min(diagonal + usize::from(x != y));
            diagonal = above;
            row[j] = last;
        }
    }
    last
}

/// A word-level diff from `base` to `text`. Words are split on white space and compared
/// without case and surrounding punctuation ("kan," equals "kan"); the article's own spelling is
/// shown for words both have.
pub fn word_diff(base: &str, text: &str) -> WordDiff {
    let old: Vec<&str> = base.split_whitespace().collect();
    let new: Vec<&str> = text.split_whitespace().collect();
    let truncated = old.len() > MAX_DIFF_WORDS || new.len() > MAX_DIFF_WORDS;
    let old = &old[..old.len().min(MAX_DIFF_WORDS)];
    let new = &new[..new.len().min(MAX_DIFF_WORDS)];
    let key = |w: &&str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();

    let mut segments: Vec<DiffSegment> = Vec::new();
    let (mut added, mut removed) = (0, 0);
    let mut push = |kind: DiffKind, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        let joined = words.join(" ");
        match segments.last_mut() {
            Some(last) if last.kind == kind => {
                last.text.push(' ');
                last.text.push_str(&joined);
            }
            _ => segments.push(DiffSegment { kind, text: joined }),
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        let (_, old_range, new_range) = op.as_tag_tuple();
        match op {
            DiffOp::Equal { .. } => push(DiffKind::Equal, &new[new_range]),
            _ => {
                removed += old_range.len();
                added += new_range.len();
                push(DiffKind::Removed, &old[old_range]);
                push(DiffKind::Added, &new[new_range]);
            }
        }
    }
    WordDiff {
        added,
        removed,
        truncated,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_does_not_count_in_similarity() {
        let a = words("Artikel 2:80 1. De burgemeester kan een gebouw sluiten.");
        let b = words("Artikel 2.41a 1 de burgemeester kan een gebouw sluiten");
        assert_eq!(similarity(&a, &b), 1.0);
    }

    #[test]
    fn similarity_falls_with_differing_words() {
        let a = words("de burgemeester kan een voor het publiek toegankelijk gebouw sluiten");
        let b = words("de burgemeester kan een openbare inrichting sluiten");
        let s = similarity(&a, &b);
        assert!(s > 0.3 && s < 0.8, "{s}");
        assert_eq!(similarity(&a, &[]), 0.0);
    }

    #[test]
    fn word_diff_marks_added_and_removed_runs() {
        let d = word_diff(
            "De burgemeester kan een gebouw sluiten.",
            "De burgemeester kan een openbare inrichting sluiten.",
        );
        assert_eq!(
            d.wdiff(),
            "De burgemeester kan een [-gebouw-] {+openbare inrichting+} sluiten."
        );
        assert_eq!((d.added, d.removed, d.truncated), (2, 1, false));
    }

    #[test]
    fn word_diff_ignores_case_and_punctuation() {
        let d = word_diff(
            "De burgemeester kan, in het belang",
            "de Burgemeester kan in het belang.",
        );
        assert_eq!((d.added, d.removed), (0, 0));
        assert_eq!(d.wdiff(), "de Burgemeester kan in het belang.");
    }

    #[test]
    fn scores_of_long_texts_are_bounded() {
        let long = "woord ander ".repeat(MAX_SCORE_WORDS);
        assert_eq!(words(&long).len(), MAX_SCORE_WORDS);
    }

    #[test]
    fn word_diff_of_long_articles_is_bounded() {
        let long = "woord ".repeat(MAX_DIFF_WORDS + 10);
        let d = word_diff(&long, "woord");
        assert!(d.truncated);
        assert_eq!(d.removed, MAX_DIFF_WORDS - 1);
    }

    #[test]
    fn outlier_needs_three_and_a_clear_margin() {
        assert_eq!(outlier(&["A", "B"], &[Some(0.2), Some(0.2)]), None);
        assert_eq!(
            outlier(&["A", "B", "C"], &[Some(0.8), Some(0.5), Some(0.8)]),
            Some("B".to_string())
        );
        assert_eq!(
            outlier(&["A", "B", "C"], &[Some(0.8), Some(0.75), Some(0.8)]),
            None
        );
    }
}
