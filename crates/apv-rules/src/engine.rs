//! Judging requirements: find candidate articles, look for each element in its places,
//! combine the elements into a status, and write the verdict with its evidence.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use apv_parser::{DefinitionScope, NodeId};

use crate::concept::{ConceptHit, Concepts, Scope};
use crate::context::{DocCtx, UnitPlace, may_hold};
use crate::pattern::PatId;
use crate::rules::{Element, Mode, Place, Requirement, RuleSet};
use crate::title;
use crate::verdict::{
    ArticleText, DocumentKind, Evidence, MatchedWords, NotRead, Notice, ScanReport,
    ScannedDocument, Status, Verdict,
};

/// Where an element was found.
#[derive(Debug, Clone)]
struct Found {
    doc: usize,
    /// Folded range of the match.
    range: Range<usize>,
    /// Folded ranges of the matched words.
    spans: Vec<Range<usize>>,
    /// Folded window the match stands in (for qualifiers).
    window: Range<usize>,
    article: Option<NodeId>,
}

/// A candidate article for a requirement.
#[derive(Debug, Clone)]
struct Cand {
    doc: usize,
    art: NodeId,
    title_score: f64,
    repealed: bool,
}

/// Title similarity at which an article counts as a candidate by its title alone.
const TITLE_THRESHOLD: f64 = 0.75;

/// Title similarity at which a candidate never vanishes: when no element recognises its body,
/// the verdict is `partial` with `review`, not `absent`.
const STRONG_TITLE: f64 = 0.9;

/// The Dutch note of a verdict that needs a person to look.
pub(crate) const REVIEW_NOTE: &str = "Titel komt overeen, inhoud niet herkend: controleer";

/// Longest quote, in folded bytes, before it is narrowed from the sentence to its clauses.
const QUOTE_MAX: usize = 400;

/// `start` moved past a lid or onderdeel marker ("1. ", "a. ", "2° ", "b) ") that opens the
/// quoted text, never past `limit` (the first matched word).
fn skip_marker(t: &[u8], start: usize, limit: usize) -> usize {
    let mut i = start;
    while i < limit && i - start < 3 && t[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let marked = i > start
        && i + 1 < limit
        && matches!(t[i], b'.' | b')' | b'o')
        && t[i + 1] == b' '
        && (t[i] != b'o' || t[start..i].iter().all(u8::is_ascii_digit));
    if marked { i + 2 } else { start.min(limit) }
}

/// The folded range to quote for words at `spans` (from `range`): their sentence, or when that
/// is long, the clauses that hold them; never less than the words themselves. The flags say
/// whether text of the sentence was left out before or after.
fn quote_range(
    ctx: &DocCtx<'_>,
    range: &Range<usize>,
    spans: &[Range<usize>],
) -> (Range<usize>, bool, bool) {
    let first = spans
        .iter()
        .map(|s| s.start)
        .min()
        .unwrap_or(range.start)
        .min(range.start);
    let last = spans
        .iter()
        .map(|s| s.end)
        .max()
        .unwrap_or(range.end)
        .max(range.end);
    let seg = &ctx.seg;
    let (Some(sa), Some(sb)) = (
        seg.sentence_at(first),
        seg.sentence_at(last.saturating_sub(1).max(first)),
    ) else {
        return (first..last, false, false);
    };
    let t = ctx.folded.text.as_bytes();
    let whole = skip_marker(t, sa.start, first)..sb.end.max(last);
    if whole.len() <= QUOTE_MAX {
        return (whole, false, false);
    }
    let (Some(ca), Some(cb)) = (
        seg.clause_at(first),
        seg.clause_at(last.saturating_sub(1).max(first)),
    ) else {
        return (whole, false, false);
    };
    // A clause that ends in ':' ("escortbedrijf:") says nothing without the one it opens.
    let cb = if seg.clauses[cb].opens_list
        && seg
            .clauses
            .get(cb + 1)
            .is_some_and(|c| c.sentence == seg.clauses[cb].sentence)
    {
        cb + 1
    } else {
        cb
    };
    let r = skip_marker(t, seg.clauses[ca].range.start, first)..seg.clauses[cb].range.end.max(last);
    (r.clone(), r.start > whole.start, r.end < whole.end)
}

struct Judge<'r, 'c, 'd> {
    rules: &'r RuleSet,
    req: &'r Requirement,
    ctxs: &'c [DocCtx<'d>],
    /// [`Judge::defs_for`], by element (its address in `req`) and document.
    defs_by_element: RefCell<HashMap<(usize, usize), DefIds>>,
}

/// Indexes into a document's definitions.
type DefIds = Rc<[u32]>;

impl Judge<'_, '_, '_> {
    /// Documents of the given kinds (an amendment stands in for a missing APV).
    fn docs_of(&self, kinds: &[DocumentKind]) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.ctxs.len())
            .filter(|&i| kinds.contains(&self.ctxs[i].kind))
            .collect();
        if kinds.contains(&DocumentKind::Apv)
            && !self.ctxs.iter().any(|c| c.kind == DocumentKind::Apv)
        {
            out.extend(
                (0..self.ctxs.len()).filter(|&i| self.ctxs[i].kind == DocumentKind::Amendment),
            );
            out.sort();
            out.dedup();
        }
        out
    }

    fn is_match(&self, d: usize, p: PatId, window: Range<usize>) -> bool {
        let ft = self.ctxs[d].folded.text.as_bytes();
        self.rules.patterns.regex(p).is_match(&ft[window])
    }

    /// Whether an element may match in unit `u` (the prefilter): a literal of one of its
    /// patterns, or every concept of one of its sets, occurs there.
    fn may(&self, el: &Element, d: usize, u: usize) -> bool {
        let ctx = &self.ctxs[d];
        ctx.hits.may_any(&el.patterns, u)
            || (!el.concepts.is_empty() && may_hold(ctx.units[u].concepts, &el.concepts))
    }

    /// The first match of an element's patterns or concepts in `window` (of unit `unit`, for
    /// the prefilter) that no `unless` pattern vetoes.
    fn find_in(
        &self,
        el: &Element,
        d: usize,
        unit: Option<usize>,
        window: Range<usize>,
        unless_window: Option<Range<usize>>,
    ) -> Option<ConceptHit> {
        let ctx = &self.ctxs[d];
        let vetoed = |m: &Range<usize>| {
            if !self.about_subject(el, d, m) {
                return true;
            }
            if el.unless.is_empty() {
                return false;
            }
            let uw = unless_window
                .clone()
                .unwrap_or_else(|| ctx.context_window(m.start));
            el.unless.iter().any(|&q| self.is_match(d, q, uw.clone()))
        };
        for &p in &el.patterns {
            if let Some(u) = unit
                && !ctx.hits.may(p, u)
            {
                continue;
            }
            let hay = &ctx.folded.text.as_bytes()[window.clone()];
            for m in self.rules.patterns.regex(p).find_iter(hay) {
                let m = window.start + m.start()..window.start + m.end();
                if (el.count_negated || !ctx.excluded.excludes(m.start)) && !vetoed(&m) {
                    return Some(ConceptHit {
                        range: m.clone(),
                        spans: vec![m],
                    });
                }
            }
        }
        if el.concepts.is_empty() {
            return None;
        }
        let mut from = window.start;
        while from < window.end {
            let h = Concepts::find(
                &ctx.occ,
                &el.concepts,
                el.scope,
                from..window.end,
                el.count_negated,
            )?;
            if !vetoed(&h.range) {
                return Some(h);
            }
            // Try again after the sentence of the vetoed words.
            from = ctx
                .seg
                .sentence_at(h.range.start)
                .map_or(h.range.start + 1, |s| s.end.max(h.range.start + 1));
        }
        None
    }

    /// Whether definition `def` defines a term the element's patterns name.
    fn defines(&self, el: &Element, def: &crate::context::Def) -> bool {
        let term = def.folded_term.as_bytes();
        !term.is_empty()
            && el
                .patterns
                .iter()
                .any(|&p| self.rules.patterns.regex(p).is_match(term))
    }

    /// Whether words at `m` in document `d` are about the requirement's subject (the
    /// element's `about`): outside an article always; inside one, only when the subject's
    /// concepts stand, not negated, in the same sentence.
    fn about_subject(&self, el: &Element, d: usize, m: &Range<usize>) -> bool {
        if el.about.is_empty() {
            return true;
        }
        let ctx = &self.ctxs[d];
        let in_article = ctx
            .unit_at(m.start)
            .is_some_and(|u| matches!(ctx.units[u].place, UnitPlace::Article { .. }));
        if !in_article {
            return true;
        }
        let Some(sentence) = ctx.seg.sentence_at(m.start) else {
            return false;
        };
        Concepts::find(&ctx.occ, &el.about, Scope::Sentence, sentence, false).is_some()
    }

    /// The definitions of document `d` whose article may hold one of the element's patterns
    /// (the same for every candidate, so worked out once per element and document).
    fn defs_for(&self, el: &Element, d: usize) -> DefIds {
        let key = (el as *const Element as usize, d);
        if let Some(ids) = self.defs_by_element.borrow().get(&key) {
            return ids.clone();
        }
        let ctx = &self.ctxs[d];
        let ids: DefIds = (0..ctx.defs.len() as u32)
            .filter(
                |&i| match ctx.unit_of_article(ctx.defs[i as usize].article) {
                    Some(u) => self.may(el, d, u),
                    None => true,
                },
            )
            .collect();
        self.defs_by_element.borrow_mut().insert(key, ids.clone());
        ids
    }

    /// Looks for an element in one article (its lids or the whole article).
    fn find_in_article(&self, el: &Element, d: usize, art: NodeId) -> Option<Found> {
        let ctx = &self.ctxs[d];
        let unit = ctx.unit_of_article(art);
        if let Some(u) = unit
            && !self.may(el, d, u)
        {
            return None;
        }
        let body = [ctx.body_range(art)];
        let members = ctx.member_windows(art);
        let windows: &[Range<usize>] = match el.scope {
            Scope::Article => &body,
            Scope::Member | Scope::Sentence | Scope::Clause => &members,
        };
        for w in windows {
            if let Some(h) = self.find_in(el, d, unit, w.clone(), None) {
                return Some(Found {
                    doc: d,
                    window: ctx.member_window(art, h.range.start),
                    range: h.range,
                    spans: h.spans,
                    article: Some(art),
                });
            }
        }
        None
    }

    /// Looks for an element in a place relative to candidate `c`.
    fn find_candidate_place(&self, el: &Element, place: Place, c: &Cand) -> Option<Found> {
        let d = c.doc;
        let ctx = &self.ctxs[d];
        match place {
            Place::Article => self.find_in_article(el, d, c.art),
            Place::Linked => {
                let chapter = ctx.chapter_of(c.art);
                // Articles that refer to the candidate: the words must stand in the lid that
                // holds the reference.
                for l in ctx.links_to(c.art).filter(|l| l.from != c.art) {
                    if ctx.chapter_of(l.from) != chapter || ctx.doc.node(l.from).repealed {
                        continue;
                    }
                    let unit = ctx.unit_of_article(l.from);
                    if let Some(m) = self.find_in(el, d, unit, l.window.clone(), None) {
                        return Some(Found {
                            doc: d,
                            range: m.range,
                            spans: m.spans,
                            window: l.window.clone(),
                            article: Some(l.from),
                        });
                    }
                }
                // Articles the candidate refers to, in the same chapter.
                for l in ctx.links_from(c.art).filter(|l| l.to != c.art) {
                    if ctx.chapter_of(l.to) != chapter {
                        continue;
                    }
                    if let Some(f) = self.find_in_article(el, d, l.to) {
                        return Some(f);
                    }
                }
                // Weigeringsgronden / eisen siblings in the same afdeling.
                let parent = ctx.unit_node_of(c.art)?;
                let linked_titles = self.rules.vocabulary.get("linked_titles");
                for &sib in &ctx.doc.node(parent).children {
                    if sib == c.art || ctx.doc.node(sib).kind != apv_parser::NodeKind::Article {
                        continue;
                    }
                    let Some(su) = ctx.unit_of_article(sib) else {
                        continue;
                    };
                    let t = &ctx.units[su].title;
                    if t.is_empty()
                        || !linked_titles
                            .iter()
                            .any(|&p| self.rules.patterns.regex(p).is_match(t.as_bytes()))
                    {
                        continue;
                    }
                    if let Some(f) = self.find_in_article(el, d, sib) {
                        return Some(f);
                    }
                }
                None
            }
            Place::Unit => {
                let parent = ctx.unit_node_of(c.art)?;
                let range = ctx.node_range(parent);
                let first = ctx.units.partition_point(|u| u.range.start < range.start);
                for unit in ctx.units[first..]
                    .iter()
                    .take_while(|u| u.range.start < range.end)
                {
                    let Some(a) = unit.article else { continue };
                    if a == c.art || unit.range.end > range.end {
                        continue;
                    }
                    if !matches!(unit.place, UnitPlace::Article { .. }) {
                        continue;
                    }
                    if let Some(f) = self.find_in_article(el, d, a) {
                        return Some(f);
                    }
                }
                None
            }
            Place::Definitions => {
                // A definition of the article's own hoofdstuk or afdeling speaks for it; a
                // regulation-wide one only when the article (or an article linked to it) uses
                // the defined term.
                let mut texts: Vec<&str> = vec![&ctx.folded.text[ctx.node_range(c.art)]];
                for l in ctx.links_to(c.art) {
                    texts.push(&ctx.folded.text[l.window.clone()]);
                }
                for l in ctx.links_from(c.art) {
                    texts.push(&ctx.folded.text[ctx.node_range(l.to)]);
                }
                // The definition of the term itself ("seksbedrijf: ...") before one that only
                // uses it ("advertentie: ... een seksbedrijf ...").
                let ids = self.defs_for(el, d);
                let (own, using): (Vec<u32>, Vec<u32>) = ids
                    .iter()
                    .partition(|&&i| self.defines(el, &ctx.defs[i as usize]));
                for def in own.iter().chain(&using).map(|&i| &ctx.defs[i as usize]) {
                    let unit = ctx.unit_of_article(def.article);
                    let applies = match def.scope {
                        DefinitionScope::Regulation => true,
                        DefinitionScope::Unit(n) => ctx.doc.ancestors(c.art).any(|a| a == n),
                        DefinitionScope::Article(a) => a == c.art,
                        _ => false,
                    };
                    let term = &def.folded_term;
                    let unit_scoped = matches!(def.scope, DefinitionScope::Unit(_));
                    if !applies
                        || (!unit_scoped
                            && (term.is_empty()
                                || !texts.iter().any(|t| t.contains(term.as_str()))))
                    {
                        continue;
                    }
                    if let Some(m) =
                        self.find_in(el, d, unit, def.window.clone(), Some(def.window.clone()))
                    {
                        return Some(Found {
                            doc: d,
                            range: m.range,
                            spans: m.spans,
                            window: def.window.clone(),
                            article: Some(def.article),
                        });
                    }
                }
                if !ctx.defs.is_empty() {
                    return None;
                }
                // Without a definitions layer: definitions articles of the same chapter, and
                // regulation-wide ones.
                let chapter = ctx.chapter_of(c.art);
                for unit in &ctx.units {
                    let (Some(a), UnitPlace::Article { definition: true }) =
                        (unit.article, unit.place)
                    else {
                        continue;
                    };
                    let wide = ctx.folded.text[unit.range.clone()].contains("in deze verordening");
                    if ctx.chapter_of(a) != chapter && !wide {
                        continue;
                    }
                    if let Some(f) = self.find_in_article(el, d, a) {
                        return Some(f);
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// Looks for an element in the document-level places (preamble, operative, anywhere,
    /// title) of the documents it reads.
    fn find_doc_level(&self, el: &Element) -> Option<Found> {
        let places: Vec<Place> = el
            .places
            .iter()
            .copied()
            .filter(|p| !p.needs_candidate() || *p == Place::Definitions)
            .collect();
        if places.is_empty() {
            return None;
        }
        for d in self.docs_of(&el.documents) {
            let ctx = &self.ctxs[d];
            for &place in &places {
                if place == Place::Title {
                    let w = ctx.title_window.clone();
                    if let Some(m) = self.find_in(el, d, None, w.clone(), Some(w.clone())) {
                        return Some(Found {
                            doc: d,
                            range: m.range,
                            spans: m.spans,
                            window: w,
                            article: None,
                        });
                    }
                    continue;
                }
                if place == Place::Definitions {
                    let (own, using): (Vec<_>, Vec<_>) =
                        ctx.defs.iter().partition(|def| self.defines(el, def));
                    for def in own.into_iter().chain(using) {
                        let unit = ctx.unit_of_article(def.article);
                        if let Some(m) =
                            self.find_in(el, d, unit, def.window.clone(), Some(def.window.clone()))
                        {
                            return Some(Found {
                                doc: d,
                                range: m.range,
                                spans: m.spans,
                                window: def.window.clone(),
                                article: Some(def.article),
                            });
                        }
                    }
                }
                let units = if el.concepts.is_empty() {
                    ctx.hits.units_of(&el.patterns)
                } else {
                    (0..ctx.units.len())
                        .filter(|&u| self.may(el, d, u))
                        .collect()
                };
                for u in units {
                    let Some(unit) = ctx.units.get(u) else {
                        continue;
                    };
                    let ok = match (place, unit.place) {
                        (Place::Definitions, p) => p == UnitPlace::Article { definition: true },
                        (_, UnitPlace::Toc | UnitPlace::Annex) => false,
                        (Place::Preamble, p) => p == UnitPlace::Preamble,
                        (Place::Operative, p) => {
                            matches!(
                                p,
                                UnitPlace::Operative | UnitPlace::Article { definition: false }
                            )
                        }
                        (Place::Anywhere, _) => true,
                        _ => false,
                    };
                    if !ok {
                        continue;
                    }
                    match unit.article {
                        Some(a) => {
                            if let Some(f) = self.find_in_article(el, d, a) {
                                return Some(f);
                            }
                        }
                        None => {
                            if let Some(m) = self.find_in(el, d, Some(u), unit.range.clone(), None)
                            {
                                return Some(Found {
                                    doc: d,
                                    window: unit.lead.min(unit.range.start)..unit.range.end,
                                    range: m.range,
                                    spans: m.spans,
                                    article: None,
                                });
                            }
                        }
                    }
                }
            }
        }
        None
    }

    fn candidates(&self) -> Vec<Cand> {
        let cand = &self.req.candidate;
        let mut out = Vec::new();
        for d in self.docs_of(&self.req.documents) {
            let ctx = &self.ctxs[d];
            for (u, unit) in ctx.units.iter().enumerate() {
                let (Some(a), UnitPlace::Article { definition: false }) =
                    (unit.article, unit.place)
                else {
                    continue;
                };
                let ts = if unit.title_matches.iter().any(|m| cand.has_title_word(m.id)) {
                    title::score(&cand.title_ids, unit.title_word_count, &unit.title_matches)
                } else {
                    0.0
                };
                let repealed = unit.repealed;
                let body_hit =
                    !repealed
                        && (cand.body.iter().any(|&p| {
                            ctx.hits.may(p, u) && self.is_match(d, p, unit.range.clone())
                        }) || (!cand.concepts.is_empty()
                            && may_hold(unit.concepts, &cand.concepts)
                            && Concepts::find(
                                &ctx.occ,
                                &cand.concepts,
                                cand.scope,
                                unit.body.clone(),
                                false,
                            )
                            .is_some()));
                // A repealed article has no body to read: its heading may still name the
                // subject in the rule's concepts ("Sluiting publiekspanden (vervallen)", with
                // the term defined elsewhere).
                let heading_hit = repealed
                    && !cand.concepts.is_empty()
                    && may_hold(unit.concepts, &cand.concepts)
                    && Concepts::find(
                        &ctx.occ,
                        &cand.concepts,
                        Scope::Article,
                        unit.range.start..unit.body.start.max(unit.range.start),
                        false,
                    )
                    .is_some();
                if ts < TITLE_THRESHOLD && !body_hit && !heading_hit {
                    continue;
                }
                let ftitle = &unit.title;
                if !ftitle.is_empty()
                    && cand
                        .exclude_titles
                        .iter()
                        .any(|&p| self.rules.patterns.regex(p).is_match(ftitle.as_bytes()))
                {
                    continue;
                }
                if !repealed
                    && cand
                        .exclude
                        .iter()
                        .any(|&p| ctx.hits.may(p, u) && self.is_match(d, p, unit.range.clone()))
                {
                    continue;
                }
                out.push(Cand {
                    doc: d,
                    art: a,
                    title_score: ts,
                    repealed,
                });
            }
        }
        out
    }

    fn status_of(&self, found: &[Option<Found>]) -> Option<Status> {
        let present: Vec<bool> = found.iter().map(|f| f.is_some()).collect();
        self.req
            .statuses
            .iter()
            .find(|(_, e)| e.eval(&present))
            .map(|(s, _)| *s)
    }

    /// Judges the requirement; when the APV requirements can only be read from amendment
    /// decisions, a missing provision is not assessed rather than absent.
    fn judge(&self) -> Verdict {
        let mut v = self.judge_docs();
        let amendment_only = self.req.documents.contains(&DocumentKind::Apv)
            && !self.ctxs.iter().any(|c| c.kind == DocumentKind::Apv)
            && self.ctxs.iter().any(|c| c.kind == DocumentKind::Amendment);
        if amendment_only {
            if matches!(v.status, Status::Absent | Status::ReferenceOnly) {
                v.status = Status::NotAssessed;
                v.articles.clear();
                v.evidence.clear();
                v.texts.clear();
                v.reason = Some(NotRead::AmendmentOnly);
                v.explanation = "Niet beoordeeld: alleen een wijzigingsbesluit aangeleverd, geen geconsolideerde APV.".into();
            } else {
                v.explanation.push_str(
                    " (Gelezen uit een wijzigingsbesluit; lever de geconsolideerde APV aan.)",
                );
            }
        }
        v
    }

    fn judge_docs(&self) -> Verdict {
        let req = self.req;
        let primary_docs = self.docs_of(&req.documents);
        // Without the documents the requirement reads, supporting evidence is not looked for.
        let doc_level: Vec<Option<Found>> = req
            .elements
            .iter()
            .map(|e| {
                if primary_docs.is_empty() && e.supporting {
                    None
                } else {
                    self.find_doc_level(e)
                }
            })
            .collect();

        if primary_docs.is_empty() {
            let status = self.status_of(&doc_level).filter(|s| *s != Status::Met);
            return match status {
                Some(s) => self.verdict(s, None, &doc_level),
                None => self.verdict(req.when_missing.unwrap_or(Status::Absent), None, &[]),
            };
        }
        if req.mode == Mode::Document {
            let status = self.status_of(&doc_level).unwrap_or(Status::Absent);
            let found = if status == Status::Absent {
                vec![]
            } else {
                doc_level
            };
            return self.verdict(status, None, &found);
        }

        let cands = self.candidates();
        let rank = |s: Status| match s {
            Status::Met => 0,
            Status::OutsideApv => 1,
            Status::Partial => 2,
            Status::ReferenceOnly => 3,
            _ => 9,
        };
        // The best candidate has the best status, then the most elements of its own, then the
        // best title (the first in document order on a tie). Candidates are tried best title
        // first, so the search can stop at one that is met with every element of its own: no
        // later candidate can beat it.
        let title_key = |c: &Cand| std::cmp::Reverse((c.title_score * 100.0) as i64);
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by_key(|&i| title_key(&cands[i]));
        let all_own = req.elements.iter().filter(|e| !e.supporting).count();
        let mut best: Option<(usize, Status, usize, Vec<Option<Found>>)> = None;
        for ci in order {
            let c = &cands[ci];
            if c.repealed {
                continue;
            }
            let mut found: Vec<Option<Found>> = Vec::with_capacity(req.elements.len());
            let mut own = 0;
            for (ei, el) in req.elements.iter().enumerate() {
                let mut f = None;
                for &place in &el.places {
                    if place.needs_candidate() {
                        f = self.find_candidate_place(el, place, c);
                        if f.is_some() {
                            if !el.supporting {
                                own += 1;
                            }
                            break;
                        }
                    } else if doc_level[ei].is_some() {
                        f = doc_level[ei].clone();
                        break;
                    }
                }
                found.push(f);
            }
            if own == 0 {
                continue;
            }
            let Some(status) = self.status_of(&found) else {
                continue;
            };
            let key = (rank(status), std::cmp::Reverse(own), title_key(c), ci);
            let better = match &best {
                None => true,
                Some((bi, bs, bown, _)) => {
                    key < (
                        rank(*bs),
                        std::cmp::Reverse(*bown),
                        title_key(&cands[*bi]),
                        *bi,
                    )
                }
            };
            if better {
                best = Some((ci, status, own, found));
            }
            if status == Status::Met && own == all_own {
                break;
            }
        }
        // The article titled as the requirement was repealed: what is left of it elsewhere
        // (requirements for the exploitant in an article of their own) is only partial and
        // does not hide the repeal.
        let repealed = cands
            .iter()
            .filter(|c| c.repealed && c.title_score >= TITLE_THRESHOLD)
            .max_by(|a, b| a.title_score.total_cmp(&b.title_score));
        if let Some((ci, status, _, found)) = &best
            && *status != Status::ReferenceOnly
            && !(*status == Status::Partial
                && repealed.is_some_and(|r| r.title_score > cands[*ci].title_score))
        {
            return self.verdict(*status, Some(&cands[*ci]), found);
        }
        // A strong title match never vanishes: the body was not recognised, so a person must
        // look. The best title wins; on a tie the first in the document.
        if let Some(c) = cands
            .iter()
            .filter(|c| !c.repealed && c.title_score >= STRONG_TITLE)
            .fold(None::<&Cand>, |best, c| match best {
                Some(b) if b.title_score >= c.title_score => Some(b),
                _ => Some(c),
            })
        {
            let none = vec![None; req.elements.len()];
            let mut v = self.verdict(Status::Partial, Some(c), &none);
            v.review = true;
            let doc = &self.ctxs[c.doc].name;
            let art = self.number(c.doc, c.art);
            v.explanation = format!(
                "{REVIEW_NOTE} artikel {art} ({doc}): de titel past bij deze eis, maar de tekst is niet herkend. Niet herkend: {}.",
                if v.missing.is_empty() {
                    "-".to_string()
                } else {
                    v.missing.join("; ")
                }
            );
            return v;
        }
        if let Some(c) = cands
            .iter()
            .filter(|c| c.repealed)
            .max_by(|a, b| a.title_score.total_cmp(&b.title_score))
        {
            return self.verdict(Status::Repealed, Some(c), &[]);
        }
        if let Some((ci, status, _, found)) = &best {
            return self.verdict(*status, Some(&cands[*ci]), found);
        }
        let status = self
            .status_of(&doc_level)
            .filter(|s| !matches!(s, Status::Met | Status::Partial));
        match status {
            Some(s) => self.verdict(s, None, &doc_level),
            None => self.verdict(Status::Absent, None, &[]),
        }
    }

    fn number(&self, d: usize, a: NodeId) -> String {
        let n = self.ctxs[d].doc.node(a);
        n.number
            .clone()
            .or_else(|| n.raw_number.clone())
            .unwrap_or_else(|| "?".into())
    }

    fn evidence(&self, f: &Found, element: &Element) -> Evidence {
        let ctx = &self.ctxs[f.doc];
        let (mut fr, before, after) = quote_range(ctx, &f.range, &f.spans);
        // Words found in one item of an enumeration (one definition of a list of definitions)
        // are quoted from that item: the items before it are left out (only when a list opener
        // ':' or ';' stands before it, so that "In deze afdeling wordt onder ... verstaan"
        // stays), the items after it too (only when the part holds words after the match).
        let w = &f.window;
        if w.start <= f.range.start && f.range.end <= w.end {
            let t = ctx.folded.text.as_bytes();
            if fr.start < w.start && t[fr.start..w.start].iter().any(|&b| b == b':' || b == b';') {
                fr.start = skip_marker(t, w.start, f.range.start);
            }
            let words_after = t[f.range.end..w.end]
                .iter()
                .filter(|b| b.is_ascii_alphanumeric())
                .count();
            if words_after >= 2 {
                fr.end = fr.end.min(w.end);
            }
        }
        let r = ctx.folded.orig_range(fr);
        let text = ctx.doc.text[r.clone()].trim_end();
        let mut quote = String::with_capacity(text.len() + 8);
        if before {
            quote.push_str("… ");
        }
        quote.push_str(text);
        if after {
            quote.push_str(" …");
        }
        Evidence {
            document: ctx.name.clone(),
            article: f.article.map(|a| self.number(f.doc, a)),
            element: Some(element.name.clone()),
            quote,
            line: ctx.doc.line_of(r.start),
            start: r.start,
            end: r.start + text.len(),
            proves: vec![element.label.clone()],
            matched: f
                .spans
                .iter()
                .map(|s| {
                    let o = ctx.folded.orig_range(s.clone());
                    MatchedWords {
                        start: o.start,
                        end: o.end,
                    }
                })
                .collect(),
        }
    }

    fn verdict(&self, status: Status, cand: Option<&Cand>, found: &[Option<Found>]) -> Verdict {
        let req = self.req;
        let mut evidence = Vec::new();
        let mut arts: Vec<(usize, NodeId)> = Vec::new();
        // A candidate found by its words alone is not cited for a mere reference: the
        // reference (a definition) is the evidence, and the candidate may be about something
        // else ("Handel binnen openbare inrichtingen" for the horeca permit).
        let cite_cand = cand.filter(|c| {
            status != Status::ReferenceOnly || c.repealed || c.title_score >= TITLE_THRESHOLD
        });
        if let Some(c) = cite_cand {
            arts.push((c.doc, c.art));
            if c.repealed {
                let ctx = &self.ctxs[c.doc];
                let node = ctx.doc.node(c.art);
                let span = node.heading.unwrap_or(node.span);
                let end = span.end.min(span.start + 300);
                let mut end_ok = end;
                while !ctx.doc.text.is_char_boundary(end_ok) {
                    end_ok -= 1;
                }
                let quote = ctx.doc.text[span.start..end_ok].trim_end();
                evidence.push(Evidence {
                    document: ctx.name.clone(),
                    article: Some(self.number(c.doc, c.art)),
                    element: Some("vervallen".into()),
                    quote: quote.to_string(),
                    line: ctx.doc.line_of(span.start),
                    start: span.start,
                    end: span.start + quote.len(),
                    proves: vec!["het artikel is vervallen".into()],
                    matched: Vec::new(),
                });
            }
        }
        // The elements the status rests on (for partial also those of `met` that were found),
        // in file order, then supporting ones.
        let mut relevant = Vec::new();
        for (s, e) in &req.statuses {
            if *s == status || (status == Status::Partial && *s == Status::Met) {
                e.positive_elements(&mut relevant);
            }
        }
        let order: Vec<usize> = (0..req.elements.len())
            .filter(|&i| !req.elements[i].supporting && relevant.contains(&i))
            .chain((0..req.elements.len()).filter(|&i| req.elements[i].supporting))
            .collect();
        for i in order {
            if let Some(Some(f)) = found.get(i) {
                // One quote per sentence: a sentence that proves several elements is quoted
                // once, naming them all.
                let e = self.evidence(f, &req.elements[i]);
                match evidence
                    .iter_mut()
                    .find(|x| x.document == e.document && x.start == e.start && x.end == e.end)
                {
                    Some(x) => {
                        for p in e.proves {
                            if !x.proves.contains(&p) {
                                x.proves.push(p);
                            }
                        }
                        for m in e.matched {
                            if !x.matched.contains(&m) {
                                x.matched.push(m);
                            }
                        }
                        x.matched.sort_by_key(|m| m.start);
                    }
                    None => evidence.push(e),
                }
                if let Some(a) = f.article
                    && !req.elements[i].supporting
                    && !arts.contains(&(f.doc, a))
                {
                    arts.push((f.doc, a));
                }
            }
        }
        let missing: Vec<String> = if status == Status::Partial {
            let mut names = Vec::new();
            if let Some((_, e)) = req.statuses.iter().find(|(s, _)| *s == Status::Met) {
                e.positive_elements(&mut names);
            }
            names
                .into_iter()
                .filter(|&i| found.get(i).is_none_or(|f| f.is_none()))
                .map(|i| req.elements[i].label.clone())
                .collect()
        } else {
            Vec::new()
        };
        let mut qualifiers = Vec::new();
        for q in &req.qualifiers {
            let Some(Some(f)) = found.get(q.of) else {
                continue;
            };
            // In a table whose rows answer, the row says how the test applies (and the header
            // of the column it ticks), not its neighbours.
            let windows = match self.ctxs[f.doc].row_at(f.range.start) {
                Some(row) if row.answered => std::iter::once(row.range.clone())
                    .chain(row.marked_headers.iter().cloned())
                    .collect(),
                _ => vec![f.window.clone()],
            };
            let holds = windows.iter().any(|w| {
                q.patterns
                    .iter()
                    .any(|&p| self.is_match(f.doc, p, w.clone()))
                    || Concepts::find(
                        &self.ctxs[f.doc].occ,
                        &q.concepts,
                        q.scope,
                        w.clone(),
                        false,
                    )
                    .is_some()
            });
            if holds && !qualifiers.contains(&q.name) {
                qualifiers.push(q.name.clone());
            }
        }
        let texts: Vec<ArticleText> = arts
            .iter()
            .map(|&(d, a)| {
                let ctx = &self.ctxs[d];
                ArticleText {
                    document: ctx.name.clone(),
                    article: self.number(d, a),
                    title: ctx.doc.node(a).title.clone(),
                    text: ctx.doc.body_text(a).trim().to_string(),
                }
            })
            .collect();
        let articles: Vec<String> = arts.iter().map(|&(d, a)| self.number(d, a)).collect();
        let cand_doc = cand.map(|c| self.ctxs[c.doc].name.clone());
        let document = if status == Status::OutsideApv {
            // The other instrument, when one was supplied.
            evidence
                .iter()
                .map(|e| e.document.clone())
                .find(|d| Some(d) != cand_doc.as_ref())
                .or(cand_doc)
        } else {
            cand_doc.or_else(|| evidence.first().map(|e| e.document.clone()))
        }
        .unwrap_or_default();
        let place = match evidence.first() {
            Some(e) => match &e.article {
                Some(a) => format!("artikel {a} van {}", e.document),
                None => format!("de aanhef of inleiding van {}", e.document),
            },
            None => "-".to_string(),
        };
        let fill = |t: &str| {
            let list = |v: &[String]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join(", ")
                }
            };
            t.replace("{articles}", &list(&articles))
                .replace(
                    "{primary}",
                    articles.first().map(|s| s.as_str()).unwrap_or("-"),
                )
                .replace(
                    "{missing}",
                    &if missing.is_empty() {
                        "-".to_string()
                    } else {
                        missing.join("; ")
                    },
                )
                .replace("{model}", &req.model.article)
                .replace("{ato}", &req.guidance.ato)
                .replace(
                    "{document}",
                    if document.is_empty() { "-" } else { &document },
                )
                .replace("{qualifiers}", &list(&qualifiers))
                .replace("{title}", &req.title)
                .replace("{where}", &place)
                .trim()
                .to_string()
        };
        let explanation = fill(self.rules.template(req, status));
        Verdict {
            id: req.id.clone(),
            title: req.title.clone(),
            status,
            articles,
            evidence,
            missing,
            explanation,
            texts,
            qualifiers,
            review: false,
            // A requirement whose documents were not supplied; `judge` and the intake of a
            // municipality's files name other reasons.
            reason: (status == Status::NotAssessed).then_some(NotRead::NotSupplied),
            fingerprint: String::new(),
        }
    }
}

/// Scans prepared documents.
pub(crate) fn scan_ctxs(
    rules: &RuleSet,
    municipality: Option<&str>,
    ctxs: &[DocCtx<'_>],
    notices: Vec<Notice>,
) -> ScanReport {
    let requirements = rules
        .requirements()
        .iter()
        .map(|req| {
            Judge {
                rules,
                req,
                ctxs,
                defs_by_element: RefCell::default(),
            }
            .judge()
        })
        .collect();
    let mut documents: Vec<ScannedDocument> = ctxs
        .iter()
        .map(|c| ScannedDocument {
            path: c.name.clone(),
            kind: c.kind,
            title: c.title.clone(),
            articles: c.doc.articles().count(),
            notes: c.warnings.clone(),
        })
        .collect();
    let has_apv = ctxs.iter().any(|c| c.kind == DocumentKind::Apv);
    for d in &mut documents {
        if d.kind == DocumentKind::Amendment && has_apv {
            d.notes.push(crate::verdict::DocumentNote::new(
                crate::verdict::ScanNote::AmendmentNotUsed,
            ));
        }
    }
    ScanReport {
        municipality: municipality.map(str::to_string),
        rule_set: rules.info(),
        documents,
        notices,
        requirements,
    }
}
