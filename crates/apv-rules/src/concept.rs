//! Concepts: word families kept as vocabulary in the rule set, found once per document.
//!
//! A concept is a list of word forms (`sluit*`, `gesloten`, `voor het publiek toegankelijk*`,
//! `*gebouw*`): a `*` at the end of a word lets the word go on (inflections, compounds that
//! start with it), a `*` at the start lets it begin earlier (compounds that end with it).
//! Forms listed under `except` are not the concept (`sluitingstijd*` is no closure).
//!
//! An element of a requirement names the concepts that must occur together in one clause,
//! sentence, lid or article, in any order. A concept occurrence does not count when it is
//! negated: right after a negation word ("een niet voor het publiek toegankelijk lokaal"), or
//! after an exclusion cue in its own clause ("met uitzondering van", "is niet van toepassing
//! op", "niet zijnde"; when that clause opens an enumeration, the enumeration too); an
//! exclusion within an exclusion includes again ("met uitzondering van sportwedstrijden, niet
//! zijnde vechtsportwedstrijden"). Negation never reaches another sentence or lid.
//!
//! All word forms and cues go into the rule set's one Aho-Corasick automaton
//! ([`crate::scanner`]); a document's folded text is scanned with it once.

use std::ops::Range;

use crate::clause::Segments;
use crate::fold::fold_str;

/// Index of a concept in a [`Concepts`] table.
pub(crate) type ConceptId = u16;

/// Where concepts must occur together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// One clause (between `;`, `:` and sentence ends).
    Clause,
    /// One sentence (a lid's sentence with its onderdelen).
    #[default]
    Sentence,
    /// One lid.
    Member,
    /// The whole article (or paragraph).
    Article,
}

impl Scope {
    /// Parses a scope name of a rule file.
    pub fn parse(s: &str) -> Option<Scope> {
        Some(match s {
            "clause" => Scope::Clause,
            "sentence" => Scope::Sentence,
            "member" | "lid" => Scope::Member,
            "article" => Scope::Article,
            _ => return None,
        })
    }
}

/// What a literal of the automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// A word form of a concept.
    Form(ConceptId),
    /// A form that is not the concept.
    Except(ConceptId),
    /// An exclusion cue that excludes what follows it ("met uitzondering van"); `true` when
    /// the cue ends in "van", so that "…, en van …" continues what it excludes.
    Exclusion(bool),
    /// An exclusion cue that excludes what stands before it in its clause ("vallen niet
    /// onder", "vallen buiten").
    Postposed,
    /// A cue that denies its clause ("wordt niet toegepast"): it excludes what stands before
    /// it in its clause and its phrase after it.
    Denial,
}

/// One literal with its word-boundary rules.
#[derive(Debug, Clone)]
struct Term {
    role: Role,
    /// The word may begin earlier (`*gebouw`).
    open_start: bool,
    /// The word may go on (`gebouw*`).
    open_end: bool,
}

/// The concepts of a rule set, compiled.
#[derive(Debug, Clone)]
pub struct Concepts {
    names: Vec<String>,
    terms: Vec<Term>,
    literals: Vec<String>,
    negation_words: Vec<String>,
    /// Words that, later in the clause, cancel a negation word ("niet … dan nadat").
    cancels: Vec<String>,
    /// Concepts a defined term carries from its definition.
    carry: Vec<ConceptId>,
    /// Concepts a term must name for its definition to carry anything (a place or a kind of
    /// business: "publiekspand", not "evenement").
    carriers: Vec<ConceptId>,
}

/// Builds a [`Concepts`] table.
#[derive(Debug, Default)]
pub(crate) struct ConceptsBuilder {
    names: Vec<String>,
    literals: Vec<String>,
    terms: Vec<Term>,
    negation_words: Vec<String>,
    cancels: Vec<String>,
    carry: Vec<ConceptId>,
    carriers: Vec<ConceptId>,
}

/// A word form parsed: the literal and its open ends.
fn parse_form(form: &str) -> Result<(String, bool, bool), String> {
    // Folding drops `*` (Markdown emphasis), so the open ends are read first.
    let f = form.trim();
    let open_start = f.starts_with('*');
    let open_end = f.ends_with('*');
    let inner = f.trim_matches('*');
    if inner.contains('*') {
        return Err(format!(
            "`{form}`: a `*` may only stand at the start or the end of a word form"
        ));
    }
    let folded = fold_str(inner);
    let lit = folded.as_str();
    if lit.is_empty() {
        return Err("empty word form".into());
    }
    if !lit
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" -'/.".contains(&b))
    {
        return Err(format!(
            "`{form}`: a word form holds letters, digits, spaces, `-`, `'`, `/` or `.` (no regular expression)"
        ));
    }
    Ok((lit.to_string(), open_start, open_end))
}

impl ConceptsBuilder {
    /// Adds a concept with its word forms and exceptions; returns its id.
    pub fn add(
        &mut self,
        name: &str,
        forms: &[&str],
        except: &[&str],
    ) -> Result<ConceptId, String> {
        if self.names.iter().any(|n| n == name) {
            return Err(format!("concept `{name}` is defined twice"));
        }
        let id = self.names.len() as ConceptId;
        for (list, role) in [(forms, Role::Form(id)), (except, Role::Except(id))] {
            for f in list {
                let (lit, open_start, open_end) = parse_form(f)?;
                self.literals.push(lit);
                self.terms.push(Term {
                    role,
                    open_start,
                    open_end,
                });
            }
        }
        self.names.push(name.to_string());
        Ok(id)
    }

    /// Sets the negation words, the exclusion cues (before what they exclude), the postposed
    /// cues (after it: "vallen niet onder"), the denials (around it: "wordt niet toegepast")
    /// and the words that cancel a negation word later in its clause ("niet … dan nadat").
    pub fn negation(
        &mut self,
        words: &[&str],
        exclusions: &[&str],
        postposed: &[&str],
        denials: &[&str],
        cancels: &[&str],
    ) -> Result<(), String> {
        self.negation_words = words.iter().map(|w| fold_str(w)).collect();
        self.cancels = cancels
            .iter()
            .map(|w| format!(" {} ", fold_str(w)))
            .collect();
        for (list, kind) in [(exclusions, 0), (postposed, 1), (denials, 2)] {
            for e in list {
                let (lit, _, _) = parse_form(e)?;
                let role = match kind {
                    0 => Role::Exclusion(lit.ends_with(" van")),
                    1 => Role::Postposed,
                    _ => Role::Denial,
                };
                self.literals.push(lit);
                self.terms.push(Term {
                    role,
                    open_start: false,
                    open_end: false,
                });
            }
        }
        Ok(())
    }

    /// Sets the concepts a defined term carries from its definition to where it is used,
    /// and the concepts the term must name for that (`terms`).
    pub fn carry(&mut self, names: &[&str], terms: &[&str]) -> Result<(), String> {
        let ids = |names: &[&str]| {
            names
                .iter()
                .map(|n| self.id(n).ok_or_else(|| format!("unknown concept `{n}`")))
                .collect::<Result<Vec<_>, _>>()
        };
        let (carry, carriers) = (ids(names)?, ids(terms)?);
        self.carry = carry;
        self.carriers = carriers;
        Ok(())
    }

    /// The id of a concept by name.
    pub fn id(&self, name: &str) -> Option<ConceptId> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| i as ConceptId)
    }

    /// Builds the table.
    pub fn build(self) -> Concepts {
        Concepts {
            names: self.names,
            terms: self.terms,
            literals: self.literals,
            negation_words: self.negation_words,
            cancels: self.cancels,
            carry: self.carry,
            carriers: self.carriers,
        }
    }
}

/// One occurrence of a concept in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occ {
    pub concept: ConceptId,
    /// Folded range, widened to whole words.
    pub start: u32,
    pub end: u32,
    /// Negated or excluded: it does not count.
    pub negated: bool,
    /// Index of its clause and sentence in the document's [`Segments`].
    pub clause: u32,
    pub sentence: u32,
}

/// Where exclusion cues reach in a document ("met uitzondering van …", "is niet van toepassing
/// op …"): to the end of their clause, or of their sentence when the clause opens an
/// enumeration. Exact phrases (patterns) inside such a reach do not count either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Exclusions {
    /// Folded ranges, sorted by start.
    reach: Vec<Range<usize>>,
    /// The length of the longest range.
    longest: usize,
    /// Folded ranges that stay excluded whatever else reaches them (the rows and columns a
    /// table's negating answers take out, see [`crate::table`]): sorted, disjoint.
    whole: Vec<Range<usize>>,
}

impl Exclusions {
    /// Whether folded offset `pos` is excluded. An exclusion inside an exclusion includes
    /// again: "met uitzondering van sportwedstrijden, niet zijnde vechtsportwedstrijden"
    /// leaves vechtsport in.
    pub fn excludes(&self, pos: usize) -> bool {
        if !self.whole.is_empty() && self.in_whole(pos) {
            return true;
        }
        let k = self.reach.partition_point(|r| r.start <= pos);
        // A range that starts the longest length or more before `pos` ends before it.
        self.reach[..k]
            .iter()
            .rev()
            .take_while(|r| pos < r.start + self.longest)
            .filter(|r| pos < r.end)
            .count()
            % 2
            == 1
    }

    /// Whether folded offset `pos` lies in one of the ranges that always exclude.
    fn in_whole(&self, pos: usize) -> bool {
        let k = self.whole.partition_point(|r| r.start <= pos);
        k > 0 && pos < self.whole[k - 1].end
    }

    /// Adds ranges that always exclude (folded, any order) and negates the occurrences in
    /// them (`occ` sorted by start).
    pub fn exclude_wholly(&mut self, mut ranges: Vec<Range<usize>>, occ: &mut [Occ]) {
        if ranges.is_empty() {
            return;
        }
        ranges.sort_unstable_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        self.whole = merged;
        let mut k = 0;
        for o in occ.iter_mut() {
            let s = o.start as usize;
            while k < self.whole.len() && self.whole[k].end <= s {
                k += 1;
            }
            match self.whole.get(k) {
                Some(r) if r.start <= s => o.negated = true,
                Some(_) => {}
                None => break,
            }
        }
    }
}

/// Concepts that co-occurred: the words that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConceptHit {
    /// From the first to the last word.
    pub range: Range<usize>,
    /// The matched words, in text order.
    pub spans: Vec<Range<usize>>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The word before folded offset `pos`.
fn word_before(t: &[u8], pos: usize) -> &[u8] {
    let mut e = pos;
    while e > 0 && t[e - 1] == b' ' {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && is_word(t[s - 1]) {
        s -= 1;
    }
    &t[s..e]
}

/// Words that, right after a comma, go on with what an exclusion names: an apposition, a
/// relative clause or an example ("met uitzondering van sportwedstrijden, waaronder …").
const CONTINUES: [&str; 12] = [
    "waaronder",
    "zoals",
    "inclusief",
    "met inbegrip van",
    "behalve",
    "die",
    "dat",
    "welke",
    "waarvoor",
    "waarin",
    "waarop",
    "waar",
];

/// Where an exclusion cue ending at folded offset `x` stops reaching, in a clause that ends at
/// `end`. Without a comma it reaches the end of the clause. Otherwise it reaches the end of
/// its own comma-delimited phrase ("De burgemeester kan, met uitzondering van woningen, een
/// … gebouw sluiten"), and on over the phrases that continue it: an enumeration of short
/// items closed by "en" or "of" ("met uitzondering van markten, kermissen en circussen"), an
/// apposition or relative clause (`CONTINUES`), a nested cue ("…, niet zijnde …"), or "en van
/// …" after a cue that ends in "van". A phrase that starts with "en" or "of" after the comma
/// is a new member of the sentence, not of the exclusion. An `inserted` cue (right after the
/// clause's first words and a comma: "De burgemeester kan, met uitzondering van …,") stands
/// inside a sentence that goes on after it, so an enumeration that runs to the end of the
/// clause is that sentence, not the exclusion.
fn phrase_end(
    t: &[u8],
    x: usize,
    end: usize,
    van: bool,
    cue_starts: &[usize],
    inserted: bool,
) -> usize {
    let mut segs: Vec<Range<usize>> = Vec::new();
    let mut s = x;
    for i in x..end {
        if t[i] == b',' && t.get(i + 1) == Some(&b' ') {
            segs.push(s..i);
            s = i + 1;
        }
    }
    segs.push(s..end);
    if segs.len() == 1 {
        return end;
    }
    let words = |r: &Range<usize>| {
        t[r.clone()]
            .split(|&b| b == b' ')
            .filter(|w| !w.is_empty())
            .count()
    };
    let has_conj = |r: &Range<usize>| {
        t[r.clone()]
            .split(|&b| b == b' ')
            .any(|w| matches!(w, b"en" | b"of" | b"en/of" | b"alsmede"))
    };
    let start_of = |r: &Range<usize>| {
        let mut st = r.start;
        while st < r.end && t[st] == b' ' {
            st += 1;
        }
        st
    };
    let starts_with = |r: &Range<usize>, w: &str| {
        let st = start_of(r);
        let rest = &t[st..r.end];
        rest.starts_with(w.as_bytes()) && rest.get(w.len()).is_none_or(|&b| !is_word(b))
    };
    let mut reach = segs[0].end;
    let mut closed = has_conj(&segs[0]);
    let mut k = 1;
    while k < segs.len() {
        let seg = &segs[k];
        let nested = cue_starts.contains(&start_of(seg));
        // After an inserted exclusion a relative clause belongs to the noun before the
        // insertion ("Een gebouw, met uitzondering van een woning, dat … openstaat, …").
        if nested
            || (!inserted && CONTINUES.iter().any(|w| starts_with(seg, w)))
            || (van && (starts_with(seg, "en van") || starts_with(seg, "of van")))
        {
            reach = seg.end;
            k += 1;
            continue;
        }
        if closed || starts_with(seg, "en") || starts_with(seg, "of") {
            break;
        }
        // An enumeration: short items up to the one with the conjunction.
        let mut j = k;
        let mut last = None;
        while j < segs.len() && words(&segs[j]) <= 8 {
            if has_conj(&segs[j]) {
                last = Some(j);
                break;
            }
            j += 1;
        }
        let Some(j) = last else { break };
        // An inserted exclusion's enumeration is closed by a comma before the sentence goes
        // on: "kan, met uitzondering van woningen, een pand geheel of gedeeltelijk sluiten"
        // ends its exclusion at "woningen".
        if inserted && j + 1 == segs.len() {
            break;
        }
        reach = segs[j].end;
        closed = true;
        k = j + 1;
    }
    reach
}

/// Whether an exclusion cue starting at `cue` is inserted right after the first words of its
/// clause (which starts at `start`), behind a comma: "De burgemeester kan, met uitzondering
/// van …", "Het is een ieder, met uitzondering van …".
fn inserted_after(t: &[u8], start: usize, cue: usize) -> bool {
    let before = &t[start.min(cue)..cue];
    let before = before.strip_suffix(b" ").unwrap_or(before);
    let Some(head) = before.strip_suffix(b",") else {
        return false;
    };
    head.split(|&b| b == b' ')
        .filter(|w| w.iter().any(|b| b.is_ascii_alphabetic()))
        .count()
        <= 4
}

impl Concepts {
    /// The literals of the word forms and cues, for the rule set's automaton.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Finds every concept in folded `text` with an automaton of these concepts alone (tests).
    #[cfg(test)]
    pub fn scan(&self, text: &str, seg: &Segments) -> Vec<Occ> {
        let scanner = crate::scanner::Scanner::new(&[], &self.literals);
        self.scan_from(text, seg, &scanner.scan(text).concepts).0
    }

    /// Every concept in folded `text`, with negation, clause and sentence, from the literal
    /// occurrences of the document (`(literal, start, end)`); and where the exclusion cues
    /// reach.
    pub fn scan_from(
        &self,
        text: &str,
        seg: &Segments,
        matches: &[(u32, u32, u32)],
    ) -> (Vec<Occ>, Exclusions) {
        let t = text.as_bytes();
        let mut occ: Vec<Occ> = Vec::new();
        let mut excepts: Vec<(ConceptId, usize, usize)> = Vec::new();
        // Exclusion cues: where each ends and whether it ends in "van"; postposed cues: where
        // each starts.
        let mut exclusions: Vec<(usize, usize, bool)> = Vec::new();
        let mut postposed: Vec<usize> = Vec::new();
        let mut cues: Vec<(usize, usize, Role)> = Vec::new();
        for &(lit, start, end) in matches {
            let term = &self.terms[lit as usize];
            let (mut s, mut e) = (start as usize, end as usize);
            if term.open_start {
                while s > 0 && is_word(t[s - 1]) {
                    s -= 1;
                }
            } else if s > 0 && is_word(t[s - 1]) {
                continue;
            }
            if term.open_end {
                while e < t.len() && is_word(t[e]) {
                    e += 1;
                }
            } else if e < t.len() && is_word(t[e]) {
                continue;
            }
            match term.role {
                Role::Form(c) => occ.push(Occ {
                    concept: c,
                    start: s as u32,
                    end: e as u32,
                    negated: false,
                    clause: 0,
                    sentence: 0,
                }),
                Role::Except(c) => excepts.push((c, s, e)),
                Role::Exclusion(_) | Role::Postposed | Role::Denial => {
                    cues.push((s, e, term.role));
                }
            }
        }
        // A cue inside a longer one ("niet toegepast" in "wordt niet toegepast") is the same
        // cue: counted twice, it would include again what it excludes.
        cues.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut reach_end = 0usize;
        for &(s, e, role) in &cues {
            if e <= reach_end {
                continue;
            }
            reach_end = e;
            match role {
                Role::Exclusion(van) => exclusions.push((s, e, van)),
                Role::Postposed => postposed.push(s),
                _ => {
                    postposed.push(s);
                    exclusions.push((s, e, false));
                }
            }
        }
        // The automaton reports by end offset, so the occurrences are nearly in order of start:
        // the stable sort finds the runs (equal keys are equal occurrences).
        occ.sort_by_key(|o| (o.start, o.concept, std::cmp::Reverse(o.end)));
        occ.dedup_by_key(|o| (o.start, o.concept));
        // A form inside a longer form of the same concept ("publiek toegankelijk" inside "voor
        // het publiek toegankelijk") is the same occurrence.
        let mut reach_of = vec![0u32; self.names.len()];
        occ.retain(|o| {
            let r = &mut reach_of[o.concept as usize];
            if o.end <= *r {
                return false;
            }
            *r = o.end;
            true
        });
        if !excepts.is_empty() {
            occ.retain(|o| {
                !excepts.iter().any(|&(c, s, e)| {
                    c == o.concept && s <= o.start as usize && o.end as usize <= e
                })
            });
        }
        // An exclusion reaches to the end of its phrase (see `phrase_end`); when that is the
        // end of a clause that opens an enumeration, to the end of the sentence. A postposed
        // cue reaches back to the start of its clause.
        let cue_starts: Vec<usize> = exclusions.iter().map(|&(s, _, _)| s).collect();
        let mut reach: Vec<Range<usize>> = exclusions
            .iter()
            .filter_map(|&(cue, x, van)| {
                let c = seg.clause_at(x)?;
                let clause = &seg.clauses[c];
                let inserted = inserted_after(t, clause.range.start, cue);
                let end = phrase_end(t, x, clause.range.end.max(x), van, &cue_starts, inserted);
                let end = if end == clause.range.end.max(x) && clause.opens_list {
                    seg.sentences
                        .get(clause.sentence as usize)
                        .map_or(end, |s| s.end)
                } else {
                    end
                };
                Some(x..end)
            })
            // A cue that ends its clause ("… zijn van deze beleidsregels uitgezonderd.")
            // excludes what stands before it.
            .chain(exclusions.iter().filter_map(|&(cue, x, _)| {
                // (a denial reaches back already)
                if postposed.contains(&cue) {
                    return None;
                }
                let c = seg.clause_at(x)?;
                let clause = &seg.clauses[c];
                let rest = &t[x.min(clause.range.end)..clause.range.end];
                rest.iter()
                    .all(|b| !b.is_ascii_alphanumeric())
                    .then_some(clause.range.start..cue)
            }))
            .chain(postposed.iter().filter_map(|&p| {
                let c = seg.clause_at(p)?;
                Some(seg.clauses[c].range.start..p)
            }))
            .collect();
        reach.sort_unstable_by_key(|r| r.start);
        let longest = reach.iter().map(|r| r.len()).max().unwrap_or(0);
        let exclusions = Exclusions {
            reach,
            longest,
            whole: Vec::new(),
        };
        let mut ci = 0usize;
        for o in &mut occ {
            let s = o.start as usize;
            while ci + 1 < seg.clauses.len() && seg.clauses[ci + 1].range.start <= s {
                ci += 1;
            }
            if let Some(c) = seg.clauses.get(ci) {
                o.clause = ci as u32;
                o.sentence = c.sentence;
            }
            o.negated = self.negated_at(text, seg, &exclusions, ci, s);
        }
        (occ, exclusions)
    }

    /// Whether words at folded offset `pos` (in clause `ci`) are negated: right after a
    /// negation word that nothing later in the clause cancels, or inside an exclusion's reach.
    fn negated_at(
        &self,
        text: &str,
        seg: &Segments,
        exclusions: &Exclusions,
        ci: usize,
        pos: usize,
    ) -> bool {
        let before = word_before(text.as_bytes(), pos);
        let negated_word = !before.is_empty()
            && self.negation_words.iter().any(|w| w.as_bytes() == before)
            && !seg.clauses.get(ci).is_some_and(|c| {
                let rest = &text[pos..c.range.end.max(pos)];
                self.cancels.iter().any(|w| rest.contains(w.as_str()))
            });
        negated_word || exclusions.excludes(pos)
    }

    /// Occurrences of `concept` at folded `range` that a defined term carries from its
    /// definition (see [`Concepts::carried`]), with clause, sentence and negation of that place.
    pub fn carried_occ(
        &self,
        text: &str,
        seg: &Segments,
        exclusions: &Exclusions,
        range: Range<usize>,
        concept: ConceptId,
    ) -> Occ {
        let ci = seg.clause_at(range.start).unwrap_or(0);
        Occ {
            concept,
            start: range.start as u32,
            end: range.end as u32,
            negated: self.negated_at(text, seg, exclusions, ci, range.start),
            clause: ci as u32,
            sentence: seg.clauses.get(ci).map_or(0, |c| c.sentence),
        }
    }

    /// Whether a defined term carries `concept` from its definition to where the term is used
    /// (the rule set's `[definitions] carry`).
    pub fn carried(&self, concept: ConceptId) -> bool {
        self.carry.contains(&concept)
    }

    /// Whether a term that names `concept` lets its definition carry (the rule set's
    /// `[definitions] terms`).
    pub fn carrier(&self, concept: ConceptId) -> bool {
        self.carriers.contains(&concept)
    }

    /// The first place in `window` where every concept of one of `sets` occurs in one
    /// `scope` (clause, sentence; a lid or article scope is the window itself). Negated
    /// occurrences count only with `keep_negated`.
    pub fn find(
        occ: &[Occ],
        sets: &[Vec<ConceptId>],
        scope: Scope,
        window: Range<usize>,
        keep_negated: bool,
    ) -> Option<ConceptHit> {
        let first = occ.partition_point(|o| (o.start as usize) < window.start);
        let inside = occ[first..]
            .iter()
            .take_while(|o| (o.start as usize) < window.end)
            .filter(|o| (o.end as usize) <= window.end && (keep_negated || !o.negated));
        let key = |o: &Occ| match scope {
            Scope::Clause => o.clause,
            Scope::Sentence => o.sentence,
            Scope::Member | Scope::Article => 0,
        };
        let mut best: Option<ConceptHit> = None;
        for set in sets {
            if set.is_empty() || set.len() > 32 {
                continue;
            }
            let full = if set.len() == 32 {
                u32::MAX
            } else {
                (1u32 << set.len()) - 1
            };
            let mut group = u32::MAX;
            let mut mask = 0u32;
            let mut spans: Vec<Range<usize>> = vec![0..0; set.len()];
            for o in inside.clone() {
                let Some(bit) = set.iter().position(|&c| c == o.concept) else {
                    continue;
                };
                if key(o) != group {
                    group = key(o);
                    mask = 0;
                }
                if mask & (1 << bit) == 0 {
                    mask |= 1 << bit;
                    spans[bit] = o.start as usize..o.end as usize;
                }
                if mask == full {
                    let mut spans = spans.clone();
                    spans.sort_by_key(|r| r.start);
                    let range = spans[0].start..spans.iter().map(|r| r.end).max().unwrap_or(0);
                    if best.as_ref().is_none_or(|b| range.start < b.range.start) {
                        best = Some(ConceptHit { range, spans });
                    }
                    break;
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clause::Segments;
    use crate::fold::fold;

    fn table() -> (Concepts, Vec<ConceptId>) {
        let mut b = ConceptsBuilder::default();
        let ids = vec![
            b.add("kan", &["kan", "kunnen", "bevoegd*"], &[]).unwrap(),
            b.add(
                "sluiten",
                &["sluit*", "gesloten*", "sluiting*"],
                &["sluitingstijd*"],
            )
            .unwrap(),
            b.add(
                "publiek",
                &[
                    "voor het publiek toegankelijk*",
                    "voor het publiek openstaand*",
                ],
                &[],
            )
            .unwrap(),
            b.add(
                "gebouw",
                &["gebouw*", "*gebouw*", "pand*", "lokaal", "lokalen"],
                &[],
            )
            .unwrap(),
        ];
        b.negation(
            &["niet", "geen"],
            &[
                "met uitzondering van",
                "niet zijnde",
                "is niet van toepassing op",
            ],
            &["vallen niet onder"],
            &["wordt niet toegepast"],
            &["dan nadat"],
        )
        .unwrap();
        (b.build(), ids)
    }

    fn hit(text: &str, scope: Scope) -> Option<String> {
        let (c, ids) = table();
        let f = fold(text);
        let seg = Segments::split(&f.text, &mut Vec::new());
        let occ = c.scan(&f.text, &seg);
        Concepts::find(&occ, &[ids], scope, 0..f.text.len(), false)
            .map(|h| f.text[h.range].to_string())
    }

    #[test]
    fn concepts_meet_in_any_order_and_voice() {
        for t in [
            "De burgemeester kan een voor het publiek openstaand gebouw of erf, in het belang van de openbare orde, veiligheid, gezondheid of zedelijkheid, geheel of gedeeltelijk sluiten.",
            "Voor het publiek toegankelijke gebouwen kunnen door de burgemeester worden gesloten.",
            "De burgemeester kan een gebouw dat voor het publiek toegankelijk is sluiten.",
            "De burgemeester is bevoegd een voor het publiek toegankelijk bedrijfsgebouw te sluiten.",
        ] {
            assert!(hit(t, Scope::Clause).is_some(), "{t}");
        }
    }

    #[test]
    fn a_negated_or_excluded_concept_does_not_count() {
        for t in [
            "De burgemeester kan een woning of een niet voor het publiek toegankelijk lokaal sluiten.",
            "De burgemeester kan een pand sluiten, met uitzondering van gebouwen die voor het publiek toegankelijk zijn.",
            "De burgemeester kan de sluitingstijden van een voor het publiek toegankelijk gebouw bepalen.",
        ] {
            assert_eq!(hit(t, Scope::Clause), None, "{t}");
        }
    }

    #[test]
    fn negation_stays_in_its_clause() {
        let t = "Dit is niet van toepassing op markten; de burgemeester kan een voor het publiek toegankelijk gebouw sluiten.";
        assert!(hit(t, Scope::Clause).is_some());
        let t = "Een woning wordt niet gesloten. De burgemeester kan een voor het publiek toegankelijk gebouw sluiten.";
        assert!(hit(t, Scope::Clause).is_some());
    }

    #[test]
    fn an_exclusion_between_commas_reaches_only_its_own_phrase() {
        // The excluded phrase ends at its comma: what follows is the main clause again.
        for t in [
            "De burgemeester kan, met uitzondering van woningen, een voor het publiek openstaand gebouw in het belang van de openbare orde sluiten.",
            "De burgemeester kan, met uitzondering van woningen, kerken en scholen, een voor het publiek toegankelijk pand sluiten.",
            "De burgemeester kan, met uitzondering van bedrijven, die al een vergunning hebben, een voor het publiek toegankelijk pand sluiten.",
            // "geheel of gedeeltelijk" closes no enumeration of the inserted exclusion.
            "De burgemeester kan, met uitzondering van woningen, een voor het publiek toegankelijk pand geheel of gedeeltelijk sluiten.",
        ] {
            assert!(hit(t, Scope::Clause).is_some(), "{t}");
        }
        // An inserted exclusion's enumeration, closed by a comma, stays excluded.
        let t = "De burgemeester kan, met uitzondering van woningen, kerken en voor het publiek toegankelijke gebouwen, een pand sluiten.";
        assert_eq!(hit(t, Scope::Clause), None, "{t}");
        // An enumeration of short items closed by "en", and a relative clause, stay excluded.
        for t in [
            "De burgemeester kan panden sluiten, met uitzondering van woningen, voor het publiek toegankelijke gebouwen en scholen.",
            "De burgemeester kan panden sluiten, met uitzondering van woningen, die voor het publiek toegankelijk zijn.",
        ] {
            assert_eq!(hit(t, Scope::Clause), None, "{t}");
        }
    }

    #[test]
    fn an_exclusion_cue_that_ends_its_clause_reaches_back() {
        let mut b = ConceptsBuilder::default();
        b.add("publiek", &["voor het publiek toegankelijk*"], &[])
            .unwrap();
        b.negation(&[], &["uitgezonderd"], &[], &[], &[]).unwrap();
        let c = b.build();
        let text = "voor het publiek toegankelijke gebouwen zijn van deze regel uitgezonderd. voor het publiek toegankelijke lokalen niet.";
        let seg = Segments::split(text, &mut Vec::new());
        let negated: Vec<bool> = c.scan(text, &seg).iter().map(|o| o.negated).collect();
        assert_eq!(negated, [true, false]);
    }

    #[test]
    fn a_relative_clause_after_an_inserted_exclusion_is_the_subjects() {
        let t = "Een gebouw, met uitzondering van een woning, dat voor het publiek toegankelijk is, kan door de burgemeester worden gesloten.";
        assert!(hit(t, Scope::Clause).is_some(), "{t}");
    }

    #[test]
    fn a_postposed_cue_excludes_what_stands_before_it_in_its_clause() {
        let t = "Voor het publiek toegankelijke gebouwen vallen niet onder deze bevoegdheid; de burgemeester kan een pand sluiten.";
        assert_eq!(hit(t, Scope::Sentence), None);
        let t = "Woningen vallen niet onder deze regel. De burgemeester kan een voor het publiek toegankelijk gebouw sluiten.";
        assert!(hit(t, Scope::Clause).is_some());
    }

    #[test]
    fn a_denial_excludes_its_clause_on_both_sides() {
        for t in [
            "Bij voor het publiek toegankelijke gebouwen wordt niet toegepast dat de burgemeester kan sluiten.",
            "Sluiten wordt niet toegepast bij voor het publiek toegankelijke gebouwen, ook niet als de burgemeester dat kan.",
        ] {
            assert_eq!(hit(t, Scope::Clause), None, "{t}");
        }
    }

    #[test]
    fn niet_dan_nadat_is_no_negation() {
        let t = "Een voor het publiek toegankelijk gebouw kan niet gesloten worden dan nadat de eigenaar is gehoord.";
        assert!(hit(t, Scope::Clause).is_some());
        let t = "Een voor het publiek toegankelijk gebouw kan niet gesloten worden.";
        assert_eq!(hit(t, Scope::Clause), None);
    }

    #[test]
    fn an_exclusion_that_opens_a_list_reaches_its_items_only() {
        let mut b = ConceptsBuilder::default();
        let sport = b.add("sport", &["vechtsport*"], &[]).unwrap();
        b.negation(&[], &["met uitzondering van"], &[], &[], &[])
            .unwrap();
        let c = b.build();
        let text = "onder evenement wordt verstaan elke verrichting, met uitzondering van: a. vechtsportgala's; b. markten. de burgemeester wijst vechtsportwedstrijden aan.";
        let mut bounds = vec![
            (
                text.find("a. vecht").unwrap(),
                crate::clause::Boundary::Item,
            ),
            (text.find("b. mark").unwrap(), crate::clause::Boundary::Item),
        ];
        let seg = Segments::split(text, &mut bounds);
        let occ = c.scan(text, &seg);
        let negated: Vec<bool> = occ.iter().map(|o| o.negated).collect();
        assert_eq!(negated, [true, false]);
        let _ = sport;
    }

    #[test]
    fn an_exclusion_within_an_exclusion_includes_again() {
        let mut b = ConceptsBuilder::default();
        b.add("sport", &["vechtsport*"], &[]).unwrap();
        b.add("markt", &["markt*"], &[]).unwrap();
        b.negation(&[], &["met uitzondering van", "niet zijnde"], &[], &[], &[])
            .unwrap();
        let c = b.build();
        let text = "elke verrichting, met uitzondering van markten en sportwedstrijden, niet zijnde vechtsportwedstrijden.";
        let seg = Segments::split(text, &mut Vec::new());
        let occ = c.scan(text, &seg);
        let negated: Vec<bool> = occ.iter().map(|o| o.negated).collect();
        assert_eq!(negated, [true, false]);
    }

    #[test]
    fn word_forms_are_words_not_regular_expressions() {
        let mut b = ConceptsBuilder::default();
        assert!(b.add("x", &["sl.{0,9}uit"], &[]).is_err());
        assert!(b.add("y", &["sl*uit"], &[]).is_err());
        assert!(b.add("z", &["*gebouw*"], &[]).is_ok());
    }

    #[test]
    fn besluit_is_not_sluit() {
        assert_eq!(
            hit(
                "De burgemeester kan besluiten een voor het publiek toegankelijk gebouw aan te wijzen.",
                Scope::Clause
            ),
            None
        );
    }
}
