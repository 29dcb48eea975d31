//! One document prepared for matching: folded text, text units, links between articles.

use std::ops::Range;

use apv_parser::{DefinitionScope, Document, NodeId, NodeKind, RefTarget};

use crate::clause::{Boundary, Segments};
use crate::concept::{Exclusions, Occ};
use crate::fold::{Folded, fold, fold_str};
use crate::kind;
use crate::pattern::Hits;
use crate::rules::RuleSet;
use crate::title::{TitleMatch, TitleMatcher};
use crate::verdict::DocumentKind;

/// Where a text unit stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitPlace {
    /// An article; `definition` when it is a definitions article.
    Article { definition: bool },
    /// Preamble or a "gelet op" paragraph.
    Preamble,
    /// Other operative text (paragraphs of a policy, and the bijlagen of a policy whose
    /// operative text refers to a bijlage).
    Operative,
    /// A bijlage that counts for nothing: of an APV, or of a policy that does not refer to it.
    Annex,
    /// Table of contents: never evidence.
    Toc,
}

/// A piece of text the prefilter and the places work on.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Folded range.
    pub range: Range<usize>,
    /// The article node, for article units.
    pub article: Option<NodeId>,
    pub place: UnitPlace,
    /// Folded start of the lead paragraph of a list item paragraph.
    pub lead: usize,
    /// Folded article title (empty for other units).
    pub title: String,
    /// Number of the title's meaningful words (see [`crate::rules::title_words`]).
    pub title_word_count: usize,
    /// The rule title words they are similar to.
    pub title_matches: Vec<TitleMatch>,
    /// The article reads as vervallen / gereserveerd.
    pub repealed: bool,
    /// Folded range of the article's body (heading left out).
    pub body: Range<usize>,
    /// Folded ranges of the article's lids (the body when it has none).
    pub members: Vec<Range<usize>>,
    /// The concepts that occur in the unit, as bits by concept id (negated occurrences too;
    /// every bit for a concept id of 64 or more): a set of concepts none of whose
    /// co-occurrences can be in the unit is not searched there.
    pub concepts: u64,
}

/// The bits of a set of concepts in [`Unit::concepts`].
pub(crate) fn concept_bits(set: &[crate::concept::ConceptId]) -> u64 {
    set.iter()
        .fold(0, |m, &c| m | 1u64.checked_shl(u32::from(c)).unwrap_or(0))
}

/// Whether every concept of one of `sets` occurs in a unit with concept bits `held`.
pub(crate) fn may_hold(held: u64, sets: &[Vec<crate::concept::ConceptId>]) -> bool {
    sets.iter().any(|s| {
        let want = concept_bits(s);
        held & want == want
    })
}

/// A link from a place in one article to another article.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub from: NodeId,
    /// Folded range of the lid (or article) holding the reference.
    pub window: Range<usize>,
    pub to: NodeId,
}

/// A definition usable as a place.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    /// The defined term, folded.
    pub folded_term: String,
    pub window: Range<usize>,
    pub article: NodeId,
    pub scope: DefinitionScope,
}

/// A row of a table (see [`crate::table`]).
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    /// Folded range of the row.
    pub range: Range<usize>,
    /// Folded ranges of the headers of the columns in which the row holds a mark: what its
    /// "x" says ("Facultatief").
    pub marked_headers: Vec<Range<usize>>,
    /// The row answers whether the test applies: it, not the text around the table, says how.
    pub answered: bool,
}

/// `DocCtx::unit_of_node` for a node that is not an article.
const NO_UNIT: u32 = u32::MAX;

/// A document ready for matching.
pub(crate) struct DocCtx<'a> {
    pub name: String,
    pub doc: &'a Document,
    pub kind: DocumentKind,
    pub title: Option<String>,
    pub title_window: Range<usize>,
    pub folded: Folded,
    pub units: Vec<Unit>,
    pub hits: Hits,
    /// Sentences and clauses.
    pub seg: Segments,
    /// Every concept occurrence, in text order.
    pub occ: Vec<Occ>,
    /// Where exclusion cues reach: neither concepts nor exact phrases count there.
    pub excluded: Exclusions,
    /// The rows of the document's tables, in text order.
    pub rows: Vec<TableRow>,
    /// The unit of each article, by node index (`NO_UNIT` for other nodes).
    unit_of_node: Vec<u32>,
    pub links: Vec<Link>,
    /// Indexes into `links` by target article, by node index.
    links_to: Vec<Vec<u32>>,
    /// Indexes into `links` by source article, by node index.
    links_from: Vec<Vec<u32>>,
    pub defs: Vec<Def>,
    pub warnings: Vec<crate::verdict::DocumentNote>,
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let b = t.as_bytes();
    if t.starts_with("- ") || t.starts_with("-- ") || t.starts_with("* ") || t.starts_with('•') {
        return true;
    }
    let mut i = 0;
    while i < b.len() && i < 4 && (b[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    if i == 0 || i > 2 {
        return false;
    }
    let rest = &t[i..];
    rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with("° ")
}

/// Whether an article reads as vervallen / gereserveerd: the parser says so, or its title or
/// body is only a repeal marker by the parser's one repeal detector.
pub(crate) fn looks_repealed(flag: bool, title: &str, body: &str) -> bool {
    flag || apv_parser::repeal::title_is_repealed(title)
        || apv_parser::repeal::is_repeal_marker(body)
}

/// The first line that reads like a title: (line start, line length, cleaned title).
fn first_title(text: &str) -> Option<(usize, usize, String)> {
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let t = line
            .trim()
            .trim_matches(|c| c == '#' || c == '*' || c == '_' || c == ' ');
        if t.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            let t: String = t.chars().take(300).collect();
            return Some((off, line.trim_end().len(), t));
        }
        off += line.len();
        if off > 20_000 {
            break;
        }
    }
    None
}

impl<'a> DocCtx<'a> {
    /// Prepares `doc`; `kind` forces the document kind (rule examples).
    pub fn new(rules: &RuleSet, name: &str, doc: &'a Document, kind: Option<DocumentKind>) -> Self {
        let folded = fold(&doc.text);
        let ft = &folded.text;
        let vocab = &rules.vocabulary;
        let pats = &rules.patterns;
        let matches_any =
            |ids: &[usize], s: &str| ids.iter().any(|&p| pats.regex(p).is_match(s.as_bytes()));

        let mut units: Vec<Unit> = Vec::new();
        let mut title_matcher = TitleMatcher::new(&rules.title_vocab);
        let mut articles = 0usize;
        for (i, node) in doc.nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            match node.kind {
                NodeKind::Article => {
                    articles += 1;
                    let in_toc = doc.ancestors(id).any(|a| doc.node(a).kind == NodeKind::Toc);
                    let title = node.title.as_deref().map(fold_str).unwrap_or_default();
                    let definition =
                        !title.is_empty() && matches_any(vocab.get("definition_titles"), &title);
                    let range = folded.range(node.span.start, node.span.end);
                    let repealed = looks_repealed(node.repealed, &title, doc.body_text(id));
                    let title_words = || crate::rules::folded_title_words(&title);
                    units.push(Unit {
                        range,
                        article: Some(id),
                        place: if in_toc {
                            UnitPlace::Toc
                        } else {
                            UnitPlace::Article { definition }
                        },
                        lead: 0,
                        title_matches: title_matcher.matches(title_words()),
                        title_word_count: title_words().count(),
                        title,
                        repealed,
                        body: 0..0,
                        members: Vec::new(),
                        concepts: 0,
                    });
                }
                NodeKind::Member | NodeKind::Item | NodeKind::SubItem => {}
                // Explanation, signature and text after the regulation are never read as the
                // document's own rules; a bijlage only when a policy refers to it (below).
                kind if kind.is_aside() && kind != NodeKind::Annex => {}
                _ => {
                    if doc
                        .ancestors(id)
                        .any(|a| doc.node(a).kind == NodeKind::Article)
                    {
                        continue;
                    }
                    // Own text: the span minus the children's spans.
                    let mut segs = Vec::new();
                    let mut at = node.span.start;
                    for &c in &node.children {
                        let cs = doc.node(c).span;
                        if cs.start > at {
                            segs.push(at..cs.start);
                        }
                        at = at.max(cs.end);
                    }
                    if at < node.span.end {
                        segs.push(at..node.span.end);
                    }
                    let base = match node.kind {
                        NodeKind::Preamble => UnitPlace::Preamble,
                        NodeKind::Toc => UnitPlace::Toc,
                        NodeKind::Annex => UnitPlace::Annex,
                        _ => UnitPlace::Operative,
                    };
                    for seg in segs {
                        let text = &doc.text[seg.clone()];
                        let mut para_start: Option<usize> = None;
                        let mut lead = seg.start;
                        let mut off = seg.start;
                        let push = |s: usize, e: usize, lead: usize, units: &mut Vec<Unit>| {
                            let r = folded.range(s, e);
                            if r.is_empty() {
                                return;
                            }
                            let head = &ft[r.start..r.end.min(r.start + 20)];
                            let place = if base == UnitPlace::Operative
                                && head.trim_start().starts_with("gelet op")
                            {
                                UnitPlace::Preamble
                            } else {
                                base
                            };
                            units.push(Unit {
                                range: r,
                                article: None,
                                place,
                                lead: folded.folded_pos(lead),
                                title: String::new(),
                                title_word_count: 0,
                                title_matches: Vec::new(),
                                repealed: false,
                                body: 0..0,
                                members: Vec::new(),
                                concepts: 0,
                            });
                        };
                        for line in text.split_inclusive('\n') {
                            let blank = line.trim().is_empty();
                            if blank {
                                if let Some(s) = para_start.take() {
                                    push(s, off, lead, &mut units);
                                }
                            } else if para_start.is_none() {
                                para_start = Some(off);
                                if !is_list_item(line) {
                                    lead = off;
                                }
                            }
                            off += line.len();
                        }
                        if let Some(s) = para_start {
                            push(s, off, lead, &mut units);
                        }
                    }
                }
            }
        }
        units.sort_by_key(|u| u.range.start);
        let starts: Vec<usize> = units.iter().map(|u| u.range.start).collect();
        let found = rules.scanner.scan(ft);
        let hits = pats.hits_from(&found.patterns, &starts);
        // Structure decides sentence starts: every node and heading end, every paragraph;
        // an onderdeel only starts a clause.
        let mut bounds: Vec<(usize, Boundary)> = Vec::with_capacity(doc.nodes.len() * 2);
        for node in &doc.nodes {
            let kind = match node.kind {
                NodeKind::Item | NodeKind::SubItem => Boundary::Item,
                _ => Boundary::Hard,
            };
            bounds.push((folded.folded_pos(node.span.start), kind));
            if let Some(h) = node.heading {
                bounds.push((folded.folded_pos(h.end), Boundary::Hard));
            }
        }
        bounds.extend(starts.iter().map(|&s| (s, Boundary::Hard)));
        // A table row is a clause of its own, and the text after a table a new sentence.
        let tables = crate::table::read(&doc.text);
        bounds.extend(
            (tables.row_starts.iter())
                .map(|&s| (folded.folded_pos(s), Boundary::Item))
                .chain((tables.table_ends.iter()).map(|&e| (folded.folded_pos(e), Boundary::Hard))),
        );
        let seg = Segments::split(ft, &mut bounds);
        let (mut occ, mut excluded) = rules.concepts.scan_from(ft, &seg, &found.concepts);
        // What a table's negating answers take out counts as excluded, whatever else says.
        excluded.exclude_wholly(
            (tables.excluded.iter())
                .map(|r| folded.range(r.start, r.end))
                .collect(),
            &mut occ,
        );
        let rows: Vec<TableRow> = tables
            .rows
            .iter()
            .map(|r| TableRow {
                range: folded.range(r.range.start, r.range.end),
                marked_headers: (r.marked_headers.iter())
                    .map(|h| folded.range(h.start, h.end))
                    .collect(),
                answered: r.answered,
            })
            .collect();
        let mut ui = 0usize;
        for o in &occ {
            let s = o.start as usize;
            while ui < units.len() && units[ui].range.end <= s {
                ui += 1;
            }
            let Some(u) = units.get_mut(ui) else { break };
            if u.range.start <= s {
                u.concepts |= 1u64.checked_shl(u32::from(o.concept)).unwrap_or(u64::MAX);
            }
        }
        let mut unit_of_node = vec![NO_UNIT; doc.nodes.len()];
        for (i, u) in units.iter().enumerate() {
            if let Some(a) = u.article {
                unit_of_node[a.0 as usize] = i as u32;
            }
        }

        let title = doc
            .metadata
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| first_title(&doc.text).map(|(_, _, t)| t));
        let title_window = match first_title(&doc.text) {
            Some((off, len, _)) => folded.range(off, off + len),
            None => 0..0,
        };
        let head_end = ft.len().min(4000);
        let mut head_end_ok = head_end;
        while !ft.is_char_boundary(head_end_ok) {
            head_end_ok -= 1;
        }
        let kind = kind.unwrap_or_else(|| {
            kind::detect(
                title.as_deref().unwrap_or(""),
                &ft[..head_end_ok],
                ft,
                articles,
            )
        });

        // A policy that lists its sectors or cases in a bijlage ("de beschikkingen genoemd in
        // de bijlage") makes that bijlage part of its rules.
        let policy = matches!(
            kind,
            DocumentKind::BibobPolicy | DocumentKind::DamoclesPolicy | DocumentKind::OtherPolicy
        );
        if policy
            && units.iter().any(|u| {
                matches!(
                    u.place,
                    UnitPlace::Operative | UnitPlace::Article { definition: false }
                ) && ft[u.range.clone()].contains("bijlage")
            })
        {
            for u in &mut units {
                if u.place == UnitPlace::Annex {
                    u.place = UnitPlace::Operative;
                }
            }
        }

        let mut ctx = DocCtx {
            name: name.to_string(),
            doc,
            kind,
            title,
            title_window,
            folded,
            units,
            hits,
            seg,
            occ,
            excluded,
            rows,
            unit_of_node,
            links: Vec::new(),
            links_to: vec![Vec::new(); doc.nodes.len()],
            links_from: vec![Vec::new(); doc.nodes.len()],
            defs: Vec::new(),
            warnings: crate::verdict::DocumentNote::of_document(doc),
        };
        for u in 0..ctx.units.len() {
            if let Some(a) = ctx.units[u].article {
                let body = ctx.compute_body(a);
                let members = ctx.compute_members(a, &body);
                ctx.units[u].body = body;
                ctx.units[u].members = members;
            }
        }
        ctx.links = ctx.build_links();
        for (i, l) in ctx.links.iter().enumerate() {
            ctx.links_to[l.to.0 as usize].push(i as u32);
            ctx.links_from[l.from.0 as usize].push(i as u32);
        }
        ctx.defs = doc
            .definitions
            .iter()
            .map(|d| Def {
                folded_term: fold_str(&d.term),
                window: ctx.folded.range(d.span.start, d.span.end),
                article: d.article,
                scope: d.scope,
            })
            .collect();
        ctx.carry_definitions(&rules.concepts);
        if ctx.kind == DocumentKind::Amendment {
            ctx.warnings.push(crate::verdict::DocumentNote::new(
                crate::verdict::ScanNote::AmendmentText,
            ));
        }
        ctx
    }

    /// A defined term carries the meaning of its definition: where the regulation uses the
    /// term ("een publiekspand", defined in 1:1 as "een gebouw … dat voor het publiek
    /// openstaat"), or refers to the definition by its onderdeel ("een inrichting als bedoeld
    /// in artikel 1:1, onder a"), the concepts the rule set lets definitions carry occur there
    /// too. A use inside a definition carries nothing (a definition that uses another term is
    /// no use of it).
    fn carry_definitions(&mut self, concepts: &crate::concept::Concepts) {
        if self.defs.is_empty() {
            return;
        }
        let ft = self.folded.text.as_bytes();
        let carried: Vec<Vec<crate::concept::ConceptId>> = self
            .defs
            .iter()
            .map(|d| {
                let first = self
                    .occ
                    .partition_point(|o| (o.start as usize) < d.window.start);
                let inside = || {
                    self.occ[first..]
                        .iter()
                        .take_while(|o| (o.start as usize) < d.window.end)
                };
                // Only a term that names a place or a kind of business carries: the words
                // of the term where the definition names it.
                let ft = &self.folded.text;
                let term = ft[d.window.clone()]
                    .find(d.folded_term.as_str())
                    .filter(|_| !d.folded_term.is_empty())
                    .map(|k| d.window.start + k..d.window.start + k + d.folded_term.len());
                let carrier = term.is_some_and(|t| {
                    inside().any(|o| {
                        t.start <= o.start as usize
                            && o.start as usize <= t.end
                            && concepts.carrier(o.concept)
                    })
                });
                if !carrier {
                    return Vec::new();
                }
                let mut v: Vec<_> = inside()
                    .filter(|o| !o.negated && concepts.carried(o.concept))
                    .map(|o| o.concept)
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        if carried.iter().all(Vec::is_empty) {
            return;
        }
        let in_def = |p: usize| self.defs.iter().any(|d| d.window.contains(&p));
        let is_word = |b: u8| b.is_ascii_alphanumeric();
        let mut at: Vec<(Range<usize>, crate::concept::ConceptId)> = Vec::new();
        // The terms of the definitions that carry something, found in one pass.
        let mut terms: Vec<&str> = Vec::new();
        let mut defs_of_term: Vec<Vec<usize>> = Vec::new();
        for (i, (d, cs)) in self.defs.iter().zip(&carried).enumerate() {
            if cs.is_empty() || d.folded_term.len() < 4 {
                continue;
            }
            match terms.iter().position(|t| *t == d.folded_term) {
                Some(k) => defs_of_term[k].push(i),
                None => {
                    terms.push(&d.folded_term);
                    defs_of_term.push(vec![i]);
                }
            }
        }
        let finder = (!terms.is_empty())
            .then(|| {
                // A handful of terms searched once: an NFA builds in a fraction of the time
                // of a DFA and its prefilter skips to the candidates.
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                    .build(&terms)
                    .ok()
            })
            .flatten();
        for m in finder.iter().flat_map(|f| f.find_iter(ft)) {
            let (s, mut e) = (m.start(), m.end());
            // The term as a word of its own, or with a plural or genitive ending.
            let term_end = e;
            while e < ft.len() && is_word(ft[e]) {
                e += 1;
            }
            if (s > 0 && is_word(ft[s - 1])) || e - term_end > 2 || in_def(s) {
                continue;
            }
            for &i in &defs_of_term[m.pattern().as_usize()] {
                let in_scope = match self.defs[i].scope {
                    DefinitionScope::Regulation => true,
                    DefinitionScope::Unit(n) | DefinitionScope::Article(n) => {
                        self.node_range(n).contains(&s)
                    }
                    _ => false,
                };
                if in_scope {
                    at.extend(carried[i].iter().map(|&c| (s..e, c)));
                }
            }
        }
        // "als bedoeld in artikel 1:1, onder a": the definitions in that onderdeel.
        for r in &self.doc.references {
            let RefTarget::Internal {
                node,
                item: Some(_),
                ..
            } = &r.target
            else {
                continue;
            };
            let target = self.node_range(*node);
            let here = self.folded.range(r.span.start, r.span.end);
            for (d, cs) in self.defs.iter().zip(&carried) {
                if target.start <= d.window.start && d.window.end <= target.end {
                    at.extend(cs.iter().map(|&c| (here.clone(), c)));
                }
            }
        }
        if at.is_empty() {
            return;
        }
        let text = &self.folded.text;
        let key = |o: &Occ| (o.start, o.concept, std::cmp::Reverse(o.end));
        let mut extra: Vec<_> = at
            .into_iter()
            .map(|(r, c)| concepts.carried_occ(text, &self.seg, &self.excluded, r, c))
            .collect();
        extra.sort_unstable_by_key(key);
        let mut ui = 0usize;
        for o in &extra {
            let s = o.start as usize;
            while ui < self.units.len() && self.units[ui].range.end <= s {
                ui += 1;
            }
            let Some(u) = self.units.get_mut(ui) else {
                break;
            };
            if u.range.start <= s {
                u.concepts |= 1u64.checked_shl(u32::from(o.concept)).unwrap_or(u64::MAX);
            }
        }
        // Two sorted runs: the stable sort merges them. Occurrences with equal keys are equal
        // (clause, sentence and negation follow from the place).
        self.occ.extend(extra);
        self.occ.sort_by_key(key);
        self.occ.dedup_by_key(|o| (o.start, o.concept));
    }

    /// The unit of an article (`None` for a node that is not an article).
    pub fn unit_of_article(&self, article: NodeId) -> Option<usize> {
        match self.unit_of_node.get(article.0 as usize) {
            Some(&u) if u != NO_UNIT => Some(u as usize),
            _ => None,
        }
    }

    /// The links that point at `article`.
    pub fn links_to(&self, article: NodeId) -> impl Iterator<Item = &Link> {
        let ids = self.links_to.get(article.0 as usize).map_or(&[][..], |v| v);
        ids.iter().map(|&i| &self.links[i as usize])
    }

    /// The links that leave `article`.
    pub fn links_from(&self, article: NodeId) -> impl Iterator<Item = &Link> {
        let ids = self
            .links_from
            .get(article.0 as usize)
            .map_or(&[][..], |v| v);
        ids.iter().map(|&i| &self.links[i as usize])
    }

    /// The article a node belongs to (itself when it is one).
    pub fn article_of(&self, id: NodeId) -> Option<NodeId> {
        if self.doc.node(id).kind == NodeKind::Article {
            return Some(id);
        }
        self.doc.ancestor_of_kind(id, NodeKind::Article)
    }

    /// The folded range of a node.
    pub fn node_range(&self, id: NodeId) -> Range<usize> {
        let s = self.doc.node(id).span;
        self.folded.range(s.start, s.end)
    }

    /// The lid of `article` holding folded offset `pos`, else the article.
    pub fn member_window(&self, article: NodeId, pos: usize) -> Range<usize> {
        for &c in &self.doc.node(article).children {
            if self.doc.node(c).kind == NodeKind::Member {
                let r = self.node_range(c);
                if r.start <= pos && pos < r.end {
                    return r;
                }
            }
        }
        self.body_range(article)
    }

    /// The folded range of an article's body (its heading left out).
    pub fn body_range(&self, article: NodeId) -> Range<usize> {
        match self.unit_of_article(article) {
            Some(u) => self.units[u].body.clone(),
            None => self.compute_body(article),
        }
    }

    /// The windows of an article's body: each lid, or the whole body when it has none.
    pub fn member_windows(&self, article: NodeId) -> std::borrow::Cow<'_, [Range<usize>]> {
        match self.unit_of_article(article) {
            Some(u) => std::borrow::Cow::Borrowed(&self.units[u].members),
            None => {
                std::borrow::Cow::Owned(self.compute_members(article, &self.compute_body(article)))
            }
        }
    }

    fn compute_body(&self, article: NodeId) -> Range<usize> {
        let node = self.doc.node(article);
        let whole = self.node_range(article);
        match node.heading {
            Some(h) if h.end <= node.span.end => {
                let start = self.folded.folded_pos(h.end).clamp(whole.start, whole.end);
                if start < whole.end {
                    start..whole.end
                } else {
                    whole
                }
            }
            _ => whole,
        }
    }

    fn compute_members(&self, article: NodeId, body: &Range<usize>) -> Vec<Range<usize>> {
        let node = self.doc.node(article);
        let body = body.clone();
        let members: Vec<Range<usize>> = node
            .children
            .iter()
            .filter(|&&c| self.doc.node(c).kind == NodeKind::Member)
            .map(|&c| self.node_range(c))
            .collect();
        if members.is_empty() {
            vec![body]
        } else {
            // An unnumbered opening before the first lid belongs to the first.
            let mut m = members;
            m[0].start = m[0].start.min(body.start);
            m
        }
    }

    /// The unit holding folded offset `pos`.
    pub fn unit_at(&self, pos: usize) -> Option<usize> {
        let i = self
            .units
            .partition_point(|u| u.range.start <= pos)
            .checked_sub(1)?;
        (pos < self.units[i].range.end).then_some(i)
    }

    /// The row of a table holding folded offset `pos`.
    pub fn row_at(&self, pos: usize) -> Option<&TableRow> {
        let i = self
            .rows
            .partition_point(|r| r.range.start <= pos)
            .checked_sub(1)?;
        let row = &self.rows[i];
        (pos < row.range.end).then_some(row)
    }

    /// The window `unless` patterns look at around a match.
    pub fn context_window(&self, pos: usize) -> Range<usize> {
        match self.unit_at(pos) {
            Some(u) => {
                let unit = &self.units[u];
                match unit.article {
                    Some(a) => self.member_window(a, pos),
                    None => unit.lead.min(unit.range.start)..unit.range.end,
                }
            }
            None => pos..pos,
        }
    }

    /// Nearest chapter of a node.
    pub fn chapter_of(&self, id: NodeId) -> Option<NodeId> {
        self.doc.ancestor_of_kind(id, NodeKind::Chapter)
    }

    /// Nearest afdeling or paragraaf, else chapter.
    pub fn unit_node_of(&self, id: NodeId) -> Option<NodeId> {
        self.doc.ancestors(id).find(|&a| {
            matches!(
                self.doc.node(a).kind,
                NodeKind::Section | NodeKind::Paragraph | NodeKind::Chapter
            )
        })
    }

    /// Links from the parser's references layer: the engine keeps no reference parser of its
    /// own. References to another law ("artikel 174a van de Gemeentewet") are external there
    /// and never become links.
    fn build_links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        for r in &self.doc.references {
            let RefTarget::Internal { node, .. } = &r.target else {
                continue;
            };
            let (Some(from), Some(to)) = (self.article_of(r.from), self.article_of(*node)) else {
                continue;
            };
            if from == to {
                continue;
            }
            let pos = self.folded.folded_pos(r.span.start);
            links.push(Link {
                from,
                window: self.member_window(from, pos),
                to,
            });
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_recognised() {
        assert!(is_list_item("- subsidies;"));
        assert!(is_list_item("a. de Alcoholwet;"));
        assert!(is_list_item("1° bouwen"));
        assert!(is_list_item("12. twaalf"));
        assert!(!is_list_item("De burgemeester past de wet toe."));
        assert!(!is_list_item("Artikel 3. Reikwijdte"));
    }
}
