//! Rule sets: loading the TOML files, checking them, compiling their patterns.
//!
//! A rule set is a directory with a `ruleset.toml` (id, version, title, source, the order of
//! the requirements, shared vocabulary, default explanations) and one TOML file per
//! requirement. `rules/README.md` documents the format for the people who edit it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::concept::{ConceptId, Concepts, ConceptsBuilder, Scope};
use crate::expr::{self, Expr};
use crate::fold::fold_str;
use crate::pattern::{PatId, Patterns, PatternsBuilder};
use crate::scanner::Scanner;
use crate::title::TitleVocab;
use crate::verdict::{DocumentKind, RuleSetInfo, Status};

/// A mistake in a rule file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file (as given, or `embedded:<name>`).
    pub file: String,
    /// 1-based line, 0 when the problem is not at one place (a missing file).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key at fault (`element[2].patterns[0]`), when known.
    pub key: Option<String>,
    /// What is wrong, in one line.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        if let Some(k) = &self.key {
            write!(f, "key `{k}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for RuleError {}

/// 1-based line and column of a byte offset.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// The key written on the line of `offset`, prefixed by the table it is in.
fn key_at(src: &str, offset: usize) -> Option<String> {
    let offset = offset.min(src.len());
    let line_start = src[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = src[line_start..].lines().next().unwrap_or("");
    let mut table = None;
    for l in src[..line_start].lines().rev() {
        let t = l.trim();
        if t.starts_with('[') && !t.starts_with("[\"") && !t.starts_with("['") {
            table = Some(t.trim_matches(|c| c == '[' || c == ']').to_string());
            break;
        }
    }
    let t = line.trim();
    let key = t
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.\"".contains(c))
        });
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

fn toml_error(file: &str, src: &str, e: &toml::de::Error) -> RuleError {
    let message = e.message().trim().replace('\n', " ");
    let (line, column, mut key) = match e.span() {
        Some(span) => {
            let (l, c) = line_col(src, span.start);
            (l, c, key_at(src, span.start))
        }
        None => (0, 0, None),
    };
    // "missing field `x`" and "unknown field `x`" name the key better than the line does.
    for marker in ["missing field `", "unknown field `", "duplicate key `"] {
        if let Some(i) = message.find(marker) {
            let rest = &message[i + marker.len()..];
            if let Some(j) = rest.find('`') {
                let field = &rest[..j];
                key = Some(match key {
                    Some(k) if marker == "missing field `" && !k.ends_with(field) => {
                        format!("{k}.{field}")
                    }
                    Some(k) => k,
                    None => field.to_string(),
                });
            }
        }
    }
    RuleError {
        file: file.to_string(),
        line,
        column,
        key,
        message,
    }
}

// ---------------------------------------------------------------------------------------------
// The file model (what a person writes).

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSetFile {
    id: String,
    version: String,
    title: String,
    source: String,
    requirements: Vec<Spanned<String>>,
    #[serde(default)]
    vocabulary: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    explain: BTreeMap<String, String>,
    #[serde(default)]
    concepts: BTreeMap<String, ConceptFile>,
    #[serde(default)]
    negation: Option<NegationFile>,
    #[serde(default)]
    definitions: Option<DefinitionsFile>,
}

/// What a defined term carries from its definition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefinitionsFile {
    #[serde(default)]
    carry: Vec<String>,
    #[serde(default)]
    terms: Vec<String>,
}

/// A concept: its word forms, or its word forms and the forms that are not it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ConceptFile {
    Words(Vec<String>),
    WithExceptions {
        words: Vec<String>,
        #[serde(default)]
        except: Vec<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NegationFile {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    exclusions: Vec<String>,
    #[serde(default)]
    postposed: Vec<String>,
    #[serde(default)]
    denials: Vec<String>,
    #[serde(default)]
    cancels: Vec<String>,
}

/// Concepts that must occur together: one list, or alternatives (a list of lists).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ConceptSetsFile {
    One(Vec<String>),
    Alternatives(Vec<Vec<String>>),
}

impl ConceptSetsFile {
    fn sets(&self) -> Vec<Vec<String>> {
        match self {
            ConceptSetsFile::One(v) => vec![v.clone()],
            ConceptSetsFile::Alternatives(v) => v.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceFile {
    ato: String,
    model_apv: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    article: String,
    wording: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CandidateFile {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    body: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_titles: Vec<Spanned<String>>,
    #[serde(default)]
    concepts: Option<ConceptSetsFile>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementFile {
    name: Spanned<String>,
    label: String,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    concepts: Option<ConceptSetsFile>,
    #[serde(default)]
    count_negated: bool,
    #[serde(default)]
    about: Option<ConceptSetsFile>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(rename = "in")]
    places: Vec<Spanned<String>>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    documents: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    supporting: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    met: Spanned<String>,
    #[serde(default)]
    outside_apv: Option<Spanned<String>>,
    #[serde(default)]
    partial: Option<Spanned<String>>,
    #[serde(default)]
    reference_only: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierFile {
    name: String,
    of: Spanned<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    concepts: Option<ConceptSetsFile>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraFile {
    kind: Spanned<String>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFile {
    name: String,
    status: Spanned<String>,
    #[serde(default)]
    articles: Vec<String>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    text: String,
    #[serde(default)]
    extra: Vec<ExtraFile>,
}

/// A file of examples kept apart from the rule files (wordings the rules were not written on).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordingFile {
    requirement: Spanned<String>,
    #[serde(default, rename = "example")]
    examples: Vec<ExampleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    title: String,
    norm: String,
    guidance: GuidanceFile,
    model: ModelFile,
    #[serde(default)]
    documents: Vec<Spanned<String>>,
    #[serde(default)]
    when_missing: Option<Spanned<String>>,
    #[serde(default)]
    mode: Option<Spanned<String>>,
    #[serde(default)]
    candidate: Option<CandidateFile>,
    #[serde(default, rename = "element")]
    elements: Vec<ElementFile>,
    status: StatusFile,
    #[serde(default, rename = "qualifier")]
    qualifiers: Vec<QualifierFile>,
    #[serde(default)]
    traps: Vec<String>,
    #[serde(default)]
    not_counted: Option<String>,
    #[serde(default)]
    explain: BTreeMap<String, String>,
    #[serde(default, rename = "example")]
    examples: Vec<ExampleFile>,
}

// ---------------------------------------------------------------------------------------------
// The compiled model (what the engine uses).

/// Where the guidance for a requirement comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    /// Section of the ATO handreiking APV en ondermijning (2020).
    pub ato: String,
    /// Model-APV article(s) the requirement is modelled on.
    pub model_apv: String,
}

/// The Model-APV article a requirement is harmonised against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    /// Model-APV article number (`2:80`), or a short description when there is none.
    pub article: String,
    /// A short rendering of the operative sentence: the base for harmonisation scores.
    pub wording: String,
}

/// Where an element may be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The article the verdict is about (the candidate).
    Article,
    /// Articles linked to it: those that refer to it, those it refers to, and its
    /// weigeringsgronden/eisen siblings.
    Linked,
    /// Any article of its afdeling (or hoofdstuk).
    Unit,
    /// Definitions that apply to it.
    Definitions,
    /// The preamble ("gelet op") of a document.
    Preamble,
    /// Operative text of a document (articles and paragraphs, not definitions or preamble).
    Operative,
    /// Anywhere in a document except its table of contents.
    Anywhere,
    /// The document's title.
    Title,
}

impl Place {
    fn parse(s: &str) -> Option<Place> {
        Some(match s {
            "article" => Place::Article,
            "linked" => Place::Linked,
            "unit" => Place::Unit,
            "definitions" => Place::Definitions,
            "preamble" => Place::Preamble,
            "operative" => Place::Operative,
            "anywhere" => Place::Anywhere,
            "title" => Place::Title,
            _ => return None,
        })
    }

    /// Whether the place is relative to a candidate article.
    pub fn needs_candidate(self) -> bool {
        matches!(
            self,
            Place::Article | Place::Linked | Place::Unit | Place::Definitions
        )
    }
}

/// One element of a requirement.
#[derive(Debug, Clone)]
pub struct Element {
    /// Name used in status expressions (`levensgedrag`).
    pub name: String,
    /// Dutch label used in `missing` and explanations.
    pub label: String,
    pub(crate) patterns: Vec<PatId>,
    /// Concepts that must occur together (alternatives), in `scope`.
    pub(crate) concepts: Vec<Vec<ConceptId>>,
    /// Negated concept occurrences count too.
    pub(crate) count_negated: bool,
    /// The requirement's subject: words found inside an article count only when these
    /// concepts (one of the sets, not negated) stand in the same sentence. A mention of a law
    /// in a demarcation ("niet van toepassing op situaties waarin artikel 13b van de Opiumwet
    /// voorziet") or in an article about something else is not a reference for the
    /// requirement. Mentions outside articles (the preamble's "gelet op") count as they are.
    pub(crate) about: Vec<Vec<ConceptId>>,
    pub(crate) unless: Vec<PatId>,
    pub(crate) places: Vec<Place>,
    pub(crate) scope: Scope,
    pub(crate) documents: Vec<DocumentKind>,
    /// Supporting evidence only: never decides the status.
    pub supporting: bool,
}

/// How a candidate article is found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidate {
    /// The titles' meaningful words.
    pub titles: Vec<Vec<String>>,
    /// The same words as ids of the rule set's [`TitleVocab`].
    pub title_ids: Vec<Vec<u32>>,
    /// The ids of `title_ids` as a bit set: an article title matching none cannot match.
    title_set: Vec<u64>,
    pub body: Vec<PatId>,
    /// Concepts whose co-occurrence (in `scope`) makes an article a candidate.
    pub concepts: Vec<Vec<ConceptId>>,
    pub scope: Scope,
    pub exclude: Vec<PatId>,
    pub exclude_titles: Vec<PatId>,
}

impl Candidate {
    /// Whether rule word `id` is one of the title words.
    pub fn has_title_word(&self, id: u32) -> bool {
        self.title_set
            .get(id as usize / 64)
            .is_some_and(|b| b & (1 << (id % 64)) != 0)
    }
}

/// Interns the candidate title words of every requirement in one vocabulary.
fn intern_titles(requirements: &mut [Requirement]) -> TitleVocab {
    let mut vocab = TitleVocab::default();
    for req in requirements.iter_mut() {
        let c = &mut req.candidate;
        c.title_ids = c
            .titles
            .iter()
            .map(|t| t.iter().map(|w| vocab.intern(w)).collect())
            .collect();
    }
    for req in requirements.iter_mut() {
        let c = &mut req.candidate;
        c.title_set = vec![0u64; vocab.len().div_ceil(64)];
        for &id in c.title_ids.iter().flatten() {
            c.title_set[id as usize / 64] |= 1 << (id % 64);
        }
    }
    vocab
}

/// Whether a requirement is judged per article or on whole documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Find candidate articles, judge each with its linked articles, keep the best.
    Article,
    /// Judge the documents as a whole (policies).
    Document,
}

/// A qualifier recorded next to an element's evidence (`kan-bepaling`).
#[derive(Debug, Clone)]
pub(crate) struct Qualifier {
    pub name: String,
    pub of: usize,
    pub patterns: Vec<PatId>,
    /// Concepts that must occur together (alternatives), in `scope`.
    pub concepts: Vec<Vec<ConceptId>>,
    pub scope: Scope,
}

/// An example text with the status it must get: a test of the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Short name.
    pub name: String,
    /// The status the example must get.
    pub status: Status,
    /// Articles the verdict must cite; the first must be the primary article.
    pub articles: Vec<String>,
    /// The kind of the main text.
    pub kind: DocumentKind,
    /// The main text.
    pub text: String,
    /// Further documents of the same municipality.
    pub extra: Vec<(DocumentKind, String)>,
    /// 1-based line of the example in its rule file.
    pub line: usize,
}

/// One requirement of the norm.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Fixed id (`3.2.1`, `3.2.2a`, `3.5c`, `3.7`).
    pub id: String,
    /// Dutch title.
    pub title: String,
    /// The norm's text for this requirement.
    pub norm_text: String,
    /// Where the guidance comes from.
    pub guidance: Guidance,
    /// The Model-APV article and its reference wording.
    pub model: ModelRef,
    /// Traps the rule guards against, in words.
    pub traps: Vec<String>,
    /// Why the requirement does not count in a municipality's share, when it does not (3.2.5
    /// since the Hoge Raad ruling of 24 December 2021). Its verdicts are still reported.
    pub not_counted: Option<String>,
    /// Examples that are tests.
    pub examples: Vec<Example>,
    /// The rule file it came from.
    pub file: String,
    /// Document kinds the requirement is judged on.
    pub documents: Vec<DocumentKind>,
    /// Elements, in file order.
    pub elements: Vec<Element>,
    pub(crate) mode: Mode,
    pub(crate) when_missing: Option<Status>,
    pub(crate) candidate: Candidate,
    /// Status expressions in evaluation order.
    pub(crate) statuses: Vec<(Status, Expr)>,
    pub(crate) qualifiers: Vec<Qualifier>,
    pub(crate) explain: BTreeMap<String, String>,
}

/// Shared vocabulary of a rule set (`definition_titles`, `linked_titles`, …).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    pub lists: BTreeMap<String, Vec<PatId>>,
}

impl Vocabulary {
    pub fn get(&self, name: &str) -> &[PatId] {
        self.lists.get(name).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

/// A loaded, checked and compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    info: RuleSetInfo,
    /// Title of the rule set.
    pub title: String,
    /// Where the norm comes from.
    pub source: String,
    requirements: Vec<Requirement>,
    pub(crate) vocabulary: Vocabulary,
    /// Every candidate title word.
    pub(crate) title_vocab: TitleVocab,
    pub(crate) patterns: Patterns,
    pub(crate) concepts: Concepts,
    /// The one automaton over the literals of `patterns` and `concepts`.
    pub(crate) scanner: Scanner,
    pub(crate) explain: BTreeMap<String, String>,
}

/// Vocabulary lists the engine uses; a rule set must define them.
pub const VOCABULARY: [&str; 3] = ["definition_titles", "linked_titles", "explanatory"];

fn kind_parse(s: &str) -> Option<DocumentKind> {
    Some(match s {
        "apv" => DocumentKind::Apv,
        "amendment" => DocumentKind::Amendment,
        "bibob_policy" => DocumentKind::BibobPolicy,
        "damocles_policy" => DocumentKind::DamoclesPolicy,
        "other_regulation" => DocumentKind::OtherRegulation,
        "other_policy" => DocumentKind::OtherPolicy,
        _ => return None,
    })
}

fn status_parse(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.as_str() == s)
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: std::ops::Range<usize>,
        key: impl Into<String>,
        msg: impl Into<String>,
    ) -> RuleError {
        let (line, column) = line_col(self.src, span.start);
        RuleError {
            file: self.file.to_string(),
            line,
            column,
            key: Some(key.into()),
            message: msg.into(),
        }
    }

    fn pattern(
        &self,
        b: &mut PatternsBuilder,
        p: &Spanned<String>,
        key: &str,
    ) -> Result<PatId, RuleError> {
        if p.get_ref().trim().is_empty() {
            return Err(self.err(p.span(), key, "empty pattern"));
        }
        b.add(p.get_ref()).map_err(|m| self.err(p.span(), key, m))
    }

    fn patterns(
        &self,
        b: &mut PatternsBuilder,
        ps: &[Spanned<String>],
        key: &str,
        vocab: Option<&Vocabulary>,
    ) -> Result<Vec<PatId>, RuleError> {
        let mut out = Vec::new();
        for (i, p) in ps.iter().enumerate() {
            let k = format!("{key}[{i}]");
            if let Some(name) = p.get_ref().strip_prefix('@') {
                match vocab.and_then(|v| v.lists.get(name)) {
                    Some(list) => out.extend(list.iter().copied()),
                    None => {
                        return Err(self.err(
                            p.span(),
                            k,
                            format!("`@{name}` is not a vocabulary list of ruleset.toml"),
                        ));
                    }
                }
            } else {
                out.push(self.pattern(b, p, &k)?);
            }
        }
        Ok(out)
    }
}

/// Splits a title into the words that carry meaning, folded.
pub(crate) fn title_words(s: &str) -> Vec<String> {
    folded_title_words(&fold_str(s))
        .map(str::to_string)
        .collect()
}

/// The words that carry meaning in an already folded title.
pub(crate) fn folded_title_words(folded: &str) -> impl Iterator<Item = &str> {
    const STOP: [&str; 22] = [
        "van",
        "de",
        "het",
        "een",
        "voor",
        "en",
        "of",
        "op",
        "in",
        "tot",
        "bij",
        "met",
        "te",
        "aan",
        "der",
        "dat",
        "die",
        "artikel",
        "vervallen",
        "gereserveerd",
        "ingetrokken",
        "l",
    ];
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 1 && !STOP.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
}

/// Resolves concept names to ids; an unknown name is reported at `span`.
fn concept_sets(
    ctx: &Ctx<'_>,
    concepts: &ConceptsBuilder,
    sets: &ConceptSetsFile,
    span: std::ops::Range<usize>,
    key: &str,
) -> Result<Vec<Vec<ConceptId>>, RuleError> {
    let mut out = Vec::new();
    for set in sets.sets() {
        let mut ids = Vec::new();
        for name in &set {
            ids.push(concepts.id(name).ok_or_else(|| {
                ctx.err(
                    span.clone(),
                    key,
                    format!("`{name}` is not a concept of ruleset.toml [concepts]"),
                )
            })?);
        }
        if ids.is_empty() || ids.len() > 32 {
            return Err(ctx.err(span.clone(), key, "a set names 1 to 32 concepts"));
        }
        out.push(ids);
    }
    Ok(out)
}

/// Parses a scope; `default` when none is given.
fn scope_of(
    ctx: &Ctx<'_>,
    s: Option<&Spanned<String>>,
    key: &str,
    default: Scope,
) -> Result<Scope, RuleError> {
    match s {
        None => Ok(default),
        Some(w) => Scope::parse(w.get_ref()).ok_or_else(|| {
            ctx.err(
                w.span(),
                key,
                format!(
                    "unknown scope `{}`; use clause, sentence, member or article",
                    w.get_ref()
                ),
            )
        }),
    }
}

fn compile_rule(
    ctx: &Ctx<'_>,
    f: RuleFile,
    b: &mut PatternsBuilder,
    vocab: &Vocabulary,
    concepts: &ConceptsBuilder,
) -> Result<Requirement, RuleError> {
    let at0 = 0..0;
    let mut documents = Vec::new();
    for (i, d) in f.documents.iter().enumerate() {
        documents.push(kind_parse(d.get_ref()).ok_or_else(|| {
            ctx.err(
                d.span(),
                format!("documents[{i}]"),
                format!(
                    "unknown document kind `{}`; use apv, amendment, bibob_policy, damocles_policy, other_regulation or other_policy",
                    d.get_ref()
                ),
            )
        })?);
    }
    if documents.is_empty() {
        documents.push(DocumentKind::Apv);
    }
    let mode = match &f.mode {
        None => Mode::Article,
        Some(m) => match m.get_ref().as_str() {
            "article" => Mode::Article,
            "document" => Mode::Document,
            other => {
                return Err(ctx.err(
                    m.span(),
                    "mode",
                    format!("unknown mode `{other}`; use article or document"),
                ));
            }
        },
    };
    let when_missing = match &f.when_missing {
        None => None,
        Some(s) => Some(status_parse(s.get_ref()).ok_or_else(|| {
            ctx.err(
                s.span(),
                "when_missing",
                format!("unknown status `{}`", s.get_ref()),
            )
        })?),
    };
    let candidate = match &f.candidate {
        None => {
            if mode == Mode::Article {
                return Err(ctx.err(
                    at0.clone(),
                    "candidate",
                    "a rule in article mode needs a [candidate] table (titles or body patterns)",
                ));
            }
            Candidate::default()
        }
        Some(c) => Candidate {
            titles: c
                .titles
                .iter()
                .map(|t| title_words(t))
                .filter(|w| !w.is_empty())
                .collect(),
            // Filled in once every requirement is read (see `intern_titles`).
            title_ids: Vec::new(),
            title_set: Vec::new(),
            body: ctx.patterns(b, &c.body, "candidate.body", Some(vocab))?,
            concepts: match &c.concepts {
                Some(sets) => concept_sets(ctx, concepts, sets, at0.clone(), "candidate.concepts")?,
                None => Vec::new(),
            },
            scope: scope_of(ctx, c.scope.as_ref(), "candidate.scope", Scope::Sentence)?,
            exclude: ctx.patterns(b, &c.exclude, "candidate.exclude", Some(vocab))?,
            exclude_titles: ctx.patterns(
                b,
                &c.exclude_titles,
                "candidate.exclude_titles",
                Some(vocab),
            )?,
        },
    };
    let mut elements: Vec<Element> = Vec::new();
    for (i, e) in f.elements.iter().enumerate() {
        let key = format!("element[{i}]");
        let name = e.name.get_ref().trim().to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || ["and", "or", "not", "en", "of", "niet"].contains(&name.as_str())
        {
            return Err(ctx.err(
                e.name.span(),
                format!("{key}.name"),
                "an element name is one word of letters, digits, _ or - (not and/or/not)",
            ));
        }
        if elements.iter().any(|x| x.name == name) {
            return Err(ctx.err(
                e.name.span(),
                format!("{key}.name"),
                format!("element `{name}` is defined twice"),
            ));
        }
        if e.patterns.is_empty() && e.concepts.is_none() {
            return Err(ctx.err(
                e.name.span(),
                format!("{key}.patterns"),
                "an element needs concepts or at least one pattern",
            ));
        }
        let mut places = Vec::new();
        for (j, p) in e.places.iter().enumerate() {
            let place = Place::parse(p.get_ref()).ok_or_else(|| {
                ctx.err(
                    p.span(),
                    format!("{key}.in[{j}]"),
                    format!(
                        "unknown place `{}`; use article, linked, unit, definitions, preamble, operative, anywhere or title",
                        p.get_ref()
                    ),
                )
            })?;
            if place.needs_candidate() && place != Place::Definitions && mode == Mode::Document {
                return Err(ctx.err(
                    p.span(),
                    format!("{key}.in[{j}]"),
                    format!("place `{}` needs a candidate article; a rule in document mode can use preamble, operative, anywhere or title", p.get_ref()),
                ));
            }
            places.push(place);
        }
        if places.is_empty() {
            return Err(ctx.err(
                e.name.span(),
                format!("{key}.in"),
                "say where the element may be found (in = [...])",
            ));
        }
        let scope = scope_of(
            ctx,
            e.scope.as_ref(),
            &format!("{key}.scope"),
            Scope::Article,
        )?;
        let element_concepts = match &e.concepts {
            Some(sets) => concept_sets(
                ctx,
                concepts,
                sets,
                e.name.span(),
                &format!("{key}.concepts"),
            )?,
            None => Vec::new(),
        };
        let about = match &e.about {
            Some(sets) => {
                concept_sets(ctx, concepts, sets, e.name.span(), &format!("{key}.about"))?
            }
            None => Vec::new(),
        };
        let docs = match &e.documents {
            None => documents.clone(),
            Some(ds) => {
                let mut v = Vec::new();
                for (j, d) in ds.iter().enumerate() {
                    v.push(kind_parse(d.get_ref()).ok_or_else(|| {
                        ctx.err(
                            d.span(),
                            format!("{key}.documents[{j}]"),
                            format!("unknown document kind `{}`", d.get_ref()),
                        )
                    })?);
                }
                v
            }
        };
        elements.push(Element {
            name,
            label: e.label.clone(),
            patterns: ctx.patterns(b, &e.patterns, &format!("{key}.patterns"), Some(vocab))?,
            unless: ctx.patterns(b, &e.unless, &format!("{key}.unless"), Some(vocab))?,
            places,
            scope,
            concepts: element_concepts,
            count_negated: e.count_negated,
            about,
            documents: docs,
            supporting: e.supporting,
        });
    }
    let lookup = |n: &str| elements.iter().position(|e| e.name == n);
    let mut statuses = Vec::new();
    let exprs = [
        (Status::Met, Some(&f.status.met), "status.met"),
        (
            Status::OutsideApv,
            f.status.outside_apv.as_ref(),
            "status.outside_apv",
        ),
        (Status::Partial, f.status.partial.as_ref(), "status.partial"),
        (
            Status::ReferenceOnly,
            f.status.reference_only.as_ref(),
            "status.reference_only",
        ),
    ];
    for (st, src, key) in exprs {
        let Some(src) = src else { continue };
        let e = expr::parse(src.get_ref(), &lookup).map_err(|e| {
            let span = src.span();
            // +1: skip the opening quote of the TOML string.
            let at = (span.start + 1 + e.offset).min(span.end);
            ctx.err(at..at, key, e.message)
        })?;
        statuses.push((st, e));
    }
    let mut qualifiers = Vec::new();
    for (i, q) in f.qualifiers.iter().enumerate() {
        let key = format!("qualifier[{i}]");
        let of = lookup(q.of.get_ref()).ok_or_else(|| {
            ctx.err(
                q.of.span(),
                format!("{key}.of"),
                format!("`{}` is not an element of this rule", q.of.get_ref()),
            )
        })?;
        qualifiers.push(Qualifier {
            name: q.name.clone(),
            of,
            patterns: ctx.patterns(b, &q.patterns, &format!("{key}.patterns"), Some(vocab))?,
            concepts: match &q.concepts {
                Some(sets) => {
                    concept_sets(ctx, concepts, sets, q.of.span(), &format!("{key}.concepts"))?
                }
                None => Vec::new(),
            },
            scope: scope_of(
                ctx,
                q.scope.as_ref(),
                &format!("{key}.scope"),
                Scope::Sentence,
            )?,
        });
    }
    for k in f.explain.keys() {
        if status_parse(k).is_none() {
            return Err(RuleError {
                file: ctx.file.to_string(),
                line: 0,
                column: 0,
                key: Some(format!("explain.{k}")),
                message: format!("`{k}` is not a status"),
            });
        }
    }
    let examples = compile_examples(ctx, &f.examples, documents[0])?;
    Ok(Requirement {
        id: f.id,
        title: f.title,
        norm_text: f.norm.trim().to_string(),
        guidance: Guidance {
            ato: f.guidance.ato,
            model_apv: f.guidance.model_apv,
        },
        model: ModelRef {
            article: f.model.article,
            wording: f.model.wording.trim().to_string(),
        },
        traps: f.traps,
        not_counted: f
            .not_counted
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        examples,
        file: ctx.file.to_string(),
        documents,
        elements,
        mode,
        when_missing,
        candidate,
        statuses,
        qualifiers,
        explain: f.explain,
    })
}

/// Files of a rule set: (name, content), `ruleset.toml` among them.
pub(crate) fn compile(files: &[(String, String)], origin: &str) -> Result<RuleSet, RuleError> {
    let set_file = files
        .iter()
        .find(|(n, _)| n == "ruleset.toml")
        .ok_or_else(|| RuleError {
            file: origin.to_string(),
            line: 0,
            column: 0,
            key: None,
            message: "no ruleset.toml found".into(),
        })?;
    let set_name = format!("{origin}/ruleset.toml");
    let set: RuleSetFile =
        toml::from_str(&set_file.1).map_err(|e| toml_error(&set_name, &set_file.1, &e))?;
    let set_ctx = Ctx {
        file: &set_name,
        src: &set_file.1,
    };
    let mut b = PatternsBuilder::default();
    let mut vocab = Vocabulary::default();
    for (name, list) in &set.vocabulary {
        let ids = set_ctx.patterns(&mut b, list, &format!("vocabulary.{name}"), None)?;
        vocab.lists.insert(name.clone(), ids);
    }
    for v in VOCABULARY {
        if !vocab.lists.contains_key(v) {
            return Err(RuleError {
                file: set_name.clone(),
                line: 0,
                column: 0,
                key: Some(format!("vocabulary.{v}")),
                message: "missing vocabulary list".into(),
            });
        }
    }
    let mut concepts = ConceptsBuilder::default();
    for (name, c) in &set.concepts {
        let (words, except) = match c {
            ConceptFile::Words(w) => (w, &Vec::new()),
            ConceptFile::WithExceptions { words, except } => (words, except),
        };
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let except: Vec<&str> = except.iter().map(String::as_str).collect();
        concepts.add(name, &words, &except).map_err(|m| RuleError {
            file: set_name.clone(),
            line: 0,
            column: 0,
            key: Some(format!("concepts.{name}")),
            message: m,
        })?;
    }
    if let Some(n) = &set.negation {
        let words: Vec<&str> = n.words.iter().map(String::as_str).collect();
        let excl: Vec<&str> = n.exclusions.iter().map(String::as_str).collect();
        let post: Vec<&str> = n.postposed.iter().map(String::as_str).collect();
        let denials: Vec<&str> = n.denials.iter().map(String::as_str).collect();
        let cancels: Vec<&str> = n.cancels.iter().map(String::as_str).collect();
        concepts
            .negation(&words, &excl, &post, &denials, &cancels)
            .map_err(|m| RuleError {
                file: set_name.clone(),
                line: 0,
                column: 0,
                key: Some("negation".into()),
                message: m,
            })?;
    }
    if let Some(d) = &set.definitions {
        let carry: Vec<&str> = d.carry.iter().map(String::as_str).collect();
        let terms: Vec<&str> = d.terms.iter().map(String::as_str).collect();
        concepts.carry(&carry, &terms).map_err(|m| RuleError {
            file: set_name.clone(),
            line: 0,
            column: 0,
            key: Some("definitions.carry".into()),
            message: m,
        })?;
    }
    let mut by_id: BTreeMap<String, Requirement> = BTreeMap::new();
    for (name, src) in files.iter().filter(|(n, _)| n != "ruleset.toml") {
        let file = format!("{origin}/{name}");
        let rf: RuleFile = toml::from_str(src).map_err(|e| toml_error(&file, src, &e))?;
        let ctx = Ctx { file: &file, src };
        let id = rf.id.clone();
        let expected = name.trim_end_matches(".toml");
        if id != expected {
            return Err(RuleError {
                file: file.clone(),
                line: 1,
                column: 1,
                key: Some("id".into()),
                message: format!(
                    "the id `{id}` does not match the file name (expected `{expected}`)"
                ),
            });
        }
        let req = compile_rule(&ctx, rf, &mut b, &vocab, &concepts)?;
        by_id.insert(id, req);
    }
    let mut requirements = Vec::new();
    for r in &set.requirements {
        match by_id.remove(r.get_ref()) {
            Some(req) => requirements.push(req),
            None => {
                return Err(set_ctx.err(
                    r.span(),
                    "requirements",
                    format!(
                        "no rule file `{}.toml` for requirement `{}`",
                        r.get_ref(),
                        r.get_ref()
                    ),
                ));
            }
        }
    }
    if let Some(id) = by_id.keys().next() {
        return Err(RuleError {
            file: format!("{origin}/{id}.toml"),
            line: 0,
            column: 0,
            key: Some("id".into()),
            message: format!("requirement `{id}` is not listed in ruleset.toml `requirements`"),
        });
    }
    let mut hasher = Sha256::new();
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, content) in sorted {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(content.as_bytes());
        hasher.update([0]);
    }
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let title_vocab = intern_titles(&mut requirements);
    let patterns = b.build();
    let concepts = concepts.build();
    Ok(RuleSet {
        info: RuleSetInfo {
            id: set.id,
            version: set.version,
            hash,
        },
        title: set.title,
        source: set.source,
        requirements,
        vocabulary: vocab,
        title_vocab,
        scanner: Scanner::new(patterns.literals(), concepts.literals()),
        patterns,
        concepts,
        explain: set.explain,
    })
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// Largest rule file accepted, in bytes.
const MAX_RULE_FILE: u64 = 4 << 20;

fn read_rule_file(path: &Path) -> Result<String, RuleError> {
    let err = |m: String| RuleError {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        key: None,
        message: m,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if meta.len() > MAX_RULE_FILE {
        return Err(err(format!("rule file too large ({} bytes)", meta.len())));
    }
    std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))
}

/// Compiles the examples of a rule file (or of a held-apart wording file): `default_kind` is
/// the kind of an example's main text when it names none.
fn compile_examples(
    ctx: &Ctx<'_>,
    files: &[ExampleFile],
    default_kind: DocumentKind,
) -> Result<Vec<Example>, RuleError> {
    let mut examples = Vec::new();
    for (i, ex) in files.iter().enumerate() {
        let key = format!("example[{i}]");
        let status = status_parse(ex.status.get_ref()).ok_or_else(|| {
            ctx.err(
                ex.status.span(),
                format!("{key}.status"),
                format!("unknown status `{}`", ex.status.get_ref()),
            )
        })?;
        let kind = match &ex.kind {
            None => default_kind,
            Some(k) => kind_parse(k.get_ref()).ok_or_else(|| {
                ctx.err(
                    k.span(),
                    format!("{key}.kind"),
                    format!("unknown document kind `{}`", k.get_ref()),
                )
            })?,
        };
        let mut extra = Vec::new();
        for (j, x) in ex.extra.iter().enumerate() {
            extra.push((
                kind_parse(x.kind.get_ref()).ok_or_else(|| {
                    ctx.err(
                        x.kind.span(),
                        format!("{key}.extra[{j}].kind"),
                        format!("unknown document kind `{}`", x.kind.get_ref()),
                    )
                })?,
                x.text.clone(),
            ));
        }
        examples.push(Example {
            name: ex.name.clone(),
            status,
            articles: ex.articles.clone(),
            kind,
            text: ex.text.clone(),
            extra,
            line: line_col(ctx.src, ex.status.span().start).0,
        });
    }
    Ok(examples)
}

impl RuleSet {
    /// The default Flevolandse-norm rule set, compiled into the binary.
    pub fn embedded() -> RuleSet {
        let files: Vec<(String, String)> = embedded::FILES
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        compile(&files, "embedded:flevolandse-norm")
            .unwrap_or_else(|e| panic!("the embedded rule set is invalid: {e}"))
    }

    /// Loads a rule set from a directory (a `ruleset.toml` plus one file per requirement), or a
    /// single requirement file (with the embedded rule set's `ruleset.toml` vocabulary).
    pub fn load(path: &Path) -> Result<RuleSet, RuleError> {
        let display = path.display().to_string();
        if path.is_dir() {
            let rd = std::fs::read_dir(path).map_err(|e| RuleError {
                file: display.clone(),
                line: 0,
                column: 0,
                key: None,
                message: format!("cannot read directory: {e}"),
            })?;
            let mut files = Vec::new();
            for entry in rd.flatten() {
                let p = entry.path();
                if p.extension().and_then(|e| e.to_str()) == Some("toml") && p.is_file() {
                    let name = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("")
                        .to_string();
                    files.push((name, read_rule_file(&p)?));
                }
            }
            files.sort();
            compile(&files, display.trim_end_matches('/'))
        } else {
            let content = read_rule_file(path)?;
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("rule.toml")
                .to_string();
            let origin = path
                .parent()
                .map(|p| p.display().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| ".".into());
            if name == "ruleset.toml" {
                return compile(&[(name, content)], &origin);
            }
            let id = name.trim_end_matches(".toml").to_string();
            let base = embedded::FILES
                .iter()
                .find(|(n, _)| *n == "ruleset.toml")
                .map(|(_, c)| *c)
                .unwrap_or("");
            // Keep the embedded vocabulary and defaults, list only this requirement.
            let mut set: toml::Table =
                toml::from_str(base).map_err(|e| toml_error("embedded:ruleset.toml", base, &e))?;
            set.insert(
                "requirements".into(),
                toml::Value::Array(vec![toml::Value::String(id.clone())]),
            );
            let set_src = toml::to_string(&set).map_err(|e| RuleError {
                file: display.clone(),
                line: 0,
                column: 0,
                key: None,
                message: e.to_string(),
            })?;
            compile(
                &[("ruleset.toml".into(), set_src), (name, content)],
                &origin,
            )
        }
    }

    /// Id, version and hash of the rule set.
    pub fn info(&self) -> RuleSetInfo {
        self.info.clone()
    }

    /// The requirements, in order.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// Reads a file of examples kept apart from the rule files: `requirement = "3.2.1"` and
    /// `[[example]]` tables written as in a rule file. Returns the requirement and its examples
    /// (run them with [`crate::run_example_set`]).
    pub fn read_examples(
        &self,
        file: &str,
        src: &str,
    ) -> Result<(&Requirement, Vec<Example>), RuleError> {
        let wf: WordingFile = toml::from_str(src).map_err(|e| toml_error(file, src, &e))?;
        let ctx = Ctx { file, src };
        let id = wf.requirement.get_ref();
        let req = self
            .requirements
            .iter()
            .find(|r| &r.id == id)
            .ok_or_else(|| {
                ctx.err(
                    wf.requirement.span(),
                    "requirement",
                    format!("no requirement `{id}` in the rule set"),
                )
            })?;
        let examples = compile_examples(&ctx, &wf.examples, req.documents[0])?;
        Ok((req, examples))
    }

    /// The explanation template for a status: the rule's own, else the rule set's default.
    pub(crate) fn template<'a>(&'a self, req: &'a Requirement, status: Status) -> &'a str {
        req.explain
            .get(status.as_str())
            .or_else(|| self.explain.get(status.as_str()))
            .map(|s| s.as_str())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> String {
        embedded::FILES
            .iter()
            .find(|(n, _)| *n == "ruleset.toml")
            .map(|(_, c)| c.to_string())
            .unwrap()
    }

    fn one(rule: &str) -> Result<RuleSet, RuleError> {
        let mut set: toml::Table = toml::from_str(&base()).unwrap();
        set.insert(
            "requirements".into(),
            toml::Value::Array(vec!["9.9".into()]),
        );
        compile(
            &[
                ("ruleset.toml".into(), toml::to_string(&set).unwrap()),
                ("9.9.toml".into(), rule.into()),
            ],
            "test",
        )
    }

    const GOOD: &str = r#"id = "9.9"
title = "Proef"
norm = "Tekst"
[guidance]
ato = "4.2"
model_apv = "2:80"
[model]
article = "2:80"
wording = "De burgemeester kan sluiten."
[candidate]
titles = ["Sluiting"]
[[element]]
name = "sluiten"
label = "sluitingsbevoegdheid"
patterns = ['kan .{0,40}sluit']
in = ["article"]
[status]
met = "sluiten"
"#;

    #[test]
    fn embedded_rule_set_loads() {
        let rs = RuleSet::embedded();
        assert_eq!(rs.info().id, "flevolandse-norm");
        assert_eq!(rs.info().hash.len(), 64);
        assert!(rs.requirements().len() >= 17);
    }

    #[test]
    fn a_good_rule_loads() {
        let rs = one(GOOD).unwrap();
        assert_eq!(rs.requirements()[0].id, "9.9");
    }

    #[test]
    fn a_bad_regex_names_file_line_column_and_key() {
        let bad = GOOD.replace("'kan .{0,40}sluit'", "'kan (sluit'");
        let e = one(&bad).unwrap_err();
        assert_eq!(e.file, "test/9.9.toml");
        assert_eq!(e.line, 15);
        assert_eq!(e.column, 13);
        assert_eq!(e.key.as_deref(), Some("element[0].patterns[0]"));
        assert!(e.message.contains("regular expression"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line() {
        let bad = GOOD.replace("label = ", "lable = ");
        let e = one(&bad).unwrap_err();
        assert_eq!(e.line, 14, "{e}");
        assert_eq!(e.key.as_deref(), Some("element.lable"), "{e}");
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn a_missing_key_is_named() {
        let bad = GOOD.replace("label = \"sluitingsbevoegdheid\"\n", "");
        let e = one(&bad).unwrap_err();
        assert!(e.key.as_deref().unwrap_or("").ends_with("label"), "{e}");
    }

    #[test]
    fn a_wrong_type_is_located() {
        let bad = GOOD.replace("in = [\"article\"]", "in = 3");
        let e = one(&bad).unwrap_err();
        assert_eq!(e.line, 16, "{e}");
        assert_eq!(e.key.as_deref(), Some("element.in"), "{e}");
    }

    #[test]
    fn an_unknown_element_in_a_status_expression_is_located() {
        let bad = GOOD.replace("met = \"sluiten\"", "met = \"sluiten and grond\"");
        let e = one(&bad).unwrap_err();
        assert_eq!((e.line, e.column), (18, 20), "{e}");
        assert_eq!(e.key.as_deref(), Some("status.met"));
    }

    #[test]
    fn an_unknown_place_is_refused() {
        let bad = GOOD.replace("in = [\"article\"]", "in = [\"artikel\"]");
        let e = one(&bad).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("element[0].in[0]"));
        assert_eq!(e.line, 16);
    }

    #[test]
    fn the_hash_covers_content() {
        let a = one(GOOD).unwrap().info().hash;
        let b = one(&GOOD.replace("Proef", "Proef 2")).unwrap().info().hash;
        assert_ne!(a, b);
    }

    #[test]
    fn title_words_drop_stop_words_and_markers() {
        assert_eq!(
            title_words("Sluiting van voor het publiek toegankelijke gebouwen (vervallen)"),
            vec!["sluiting", "publiek", "toegankelijke", "gebouwen"]
        );
    }
}
