//! The definitions layer: terms defined in begripsbepalingen and definitie articles.
//!
//! [`annotate`] fills [`Document::definitions`] from three shapes of definition:
//! - a list after an intro such as "In deze verordening wordt verstaan onder:", one term per
//!   line, each line optionally led by a list mark (`-`, `•`, `a.`, `1.`, `1°`):
//!   "bebouwde kom: de kom …", "a. escortbedrijf: …"; lines without a term continue the meaning
//!   before them (a definition that holds a list of its own stays one definition);
//! - a list of terms without a colon closed by one shared meaning ("- horecabedrijf; - slijtersbedrijf;
//!   dat wat daaronder wordt verstaan in de Alcoholwet");
//! - a sentence "Onder evenement wordt verstaan: …" or "In deze afdeling wordt onder evenement
//!   verstaan …", in any article.
//!
//! The scope comes from the intro: "deze verordening" → [`DefinitionScope::Regulation`];
//! "dit hoofdstuk", "deze afdeling", "deze paragraaf" → [`DefinitionScope::Unit`] with that
//! chapter, section or paragraph; "dit artikel" / "dit lid" → [`DefinitionScope::Article`].
//! Without a scope phrase a definition applies to the whole regulation.
//!
//! A definition given inside another one ("seksbedrijf: …, waaronder in ieder geval wordt
//! verstaan: een seksinrichting, escortbedrijf …") is kept as part of the outer meaning; search
//! the meanings to find it.

use std::sync::LazyLock;

use memchr::memmem;

use crate::model::{Definition, DefinitionScope, Document, NodeId, NodeKind, Span};

/// Searchers built once: building one per article costs more than the search.
static VERSTAAN: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("verstaan"));
static VERSTAAN_ONDER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("verstaan onder"));

/// Fill [`Document::definitions`] (replacing any already present), in document order.
pub fn annotate(doc: &mut Document) {
    let mut out = Vec::new();
    let hits: Vec<usize> = VERSTAAN.find_iter(doc.text.as_bytes()).collect();
    for article in doc.articles() {
        let node = doc.node(article);
        if node.repealed {
            continue;
        }
        let body = body_span(doc, article);
        let first_hit = hits.partition_point(|&h| h < body.start);
        let has_hit = hits.get(first_hit).is_some_and(|&h| h < body.end);
        let titled = node.title.as_deref().is_some_and(is_definitions_title);
        if has_hit || titled {
            definitions_in_article(doc, article, titled, &mut out);
        }
    }
    out.sort_by_key(|d: &Definition| (d.span.start, d.span.end));
    out.dedup_by(|a, b| a.span == b.span && a.term == b.term);
    doc.definitions = out;
}

/// The definition of `term` that applies at node `at`: the one with the narrowest scope that
/// covers `at` (an article's own definitions before its section's, before the regulation's).
/// `term` is matched case-insensitively.
pub fn definition_of<'a>(doc: &'a Document, term: &str, at: NodeId) -> Option<&'a Definition> {
    let term = term.trim().to_lowercase();
    doc.definitions
        .iter()
        .filter(|d| d.term == term && scope_covers(doc, d.scope, at))
        .max_by_key(|d| scope_depth(doc, d.scope))
}

/// Every definition of `term` (case-insensitive), whatever its scope, in document order.
pub fn definitions_of<'a>(
    doc: &'a Document,
    term: &str,
) -> impl Iterator<Item = &'a Definition> + 'a {
    let term = term.trim().to_lowercase();
    doc.definitions.iter().filter(move |d| d.term == term)
}

/// Whether a definition with this scope applies at node `at`.
pub fn scope_covers(doc: &Document, scope: DefinitionScope, at: NodeId) -> bool {
    match scope {
        DefinitionScope::Regulation => true,
        DefinitionScope::Unit(u) | DefinitionScope::Article(u) => {
            at == u || doc.ancestors(at).any(|a| a == u)
        }
    }
}

/// How narrow a scope is: the regulation 0, a unit its depth in the tree, an article deeper
/// than any unit.
fn scope_depth(doc: &Document, scope: DefinitionScope) -> usize {
    match scope {
        DefinitionScope::Regulation => 0,
        DefinitionScope::Unit(u) => 1 + doc.ancestors(u).count(),
        DefinitionScope::Article(_) => usize::MAX,
    }
}

fn is_definitions_title(title: &str) -> bool {
    // ASCII case folding is enough: the only other capitals that lowercase to ASCII are the
    // Kelvin sign (k) and İ (i followed by a combining dot, so never inside these words)
    let b = title.as_bytes();
    let at = |i: usize, word: &[u8]| {
        b[i..]
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    (0..b.len()).any(|i| match b[i] | 0x20 {
        b'b' => at(i, b"begrip"),
        b'd' => at(i, b"definitie"),
        _ => false,
    })
}

/// An article's span without its heading.
fn body_span(doc: &Document, id: NodeId) -> Span {
    let n = doc.node(id);
    match n.heading {
        Some(h) if h.start == n.span.start && h.end <= n.span.end => Span::new(h.end, n.span.end),
        _ => n.span,
    }
}

/// The innermost lid (or else the article) of `article` that contains `offset`.
fn unit_at(doc: &Document, article: NodeId, offset: usize) -> NodeId {
    doc.node(article)
        .children
        .iter()
        .copied()
        .find(|&c| {
            let n = doc.node(c);
            n.kind == NodeKind::Member && n.span.start <= offset && offset < n.span.end
        })
        .unwrap_or(article)
}

/// The scope an intro sentence names, if it names one.
fn scope_of(doc: &Document, article: NodeId, intro: &str) -> Option<DefinitionScope> {
    let unit = |kinds: &[NodeKind]| {
        kinds
            .iter()
            .find_map(|&k| doc.ancestor_of_kind(article, k))
            .or_else(|| {
                doc.ancestors(article).find(|&a| {
                    matches!(
                        doc.node(a).kind,
                        NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph
                    )
                })
            })
            .map_or(DefinitionScope::Regulation, DefinitionScope::Unit)
    };
    // The phrase nearest to "verstaan" wins ("In dit artikel en de daarop …"): walk the
    // "deze …" / "dit …" phrases from the end.
    let phrases: [(&str, u8); 8] = [
        ("deze verordening", 0),
        ("deze regeling", 0),
        ("dit hoofdstuk", 1),
        ("deze afdeling", 2),
        ("deze titel", 2),
        ("deze paragraaf", 3),
        ("dit artikel", 4),
        ("dit lid", 4),
    ];
    let bytes = intro.as_bytes();
    let found = memchr::memrchr2_iter(b'd', b'D', bytes).find_map(|i| {
        let rest = &bytes[i..];
        phrases.iter().find_map(|&(p, k)| {
            (rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
                .then_some((i, k))
        })
    });
    Some(match found? {
        (_, 0) => DefinitionScope::Regulation,
        (_, 1) => unit(&[NodeKind::Chapter]),
        (_, 2) => unit(&[NodeKind::Section, NodeKind::Chapter]),
        (_, 3) => unit(&[NodeKind::Paragraph, NodeKind::Section]),
        _ => DefinitionScope::Article(article),
    })
}

fn definitions_in_article(
    doc: &Document,
    article: NodeId,
    titled: bool,
    out: &mut Vec<Definition>,
) {
    let body = body_span(doc, article);
    let text = &doc.text[body.start..body.end];
    let intros: Vec<usize> = VERSTAAN_ONDER
        .find_iter(text.as_bytes())
        .map(|p| body.start + p)
        .collect();
    // A definition sentence that names no scope ("Onder evenement wordt mede verstaan") takes
    // the scope named earlier in the same article.
    let mut named: Option<DefinitionScope> = None;
    for (k, &q) in intros.iter().enumerate() {
        let line_start = doc.text[..q]
            .rfind('\n')
            .map_or(0, |p| p + 1)
            .max(body.start);
        let scope = scope_of(doc, article, &doc.text[line_start..q]);
        named = named.or(scope);
        let scope = scope.unwrap_or(DefinitionScope::Regulation);
        let unit = unit_at(doc, article, q);
        let mut end = doc.node(unit).span.end.min(body.end);
        if let Some(&next) = intros.get(k + 1) {
            // The list stops where the next intro's line starts (or at the next intro itself
            // when both stand on one line).
            let next_line = doc.text[..next].rfind('\n').map_or(0, |p| p + 1);
            end = end.min(if next_line > q { next_line } else { next });
        }
        let start = q + "verstaan onder".len();
        if start >= end {
            continue;
        }
        let start = start + doc.text[start..end].len()
            - doc.text[start..end].trim_start_matches([':', ' ']).len();
        list_entries(doc, article, scope, start, end, out);
    }
    if intros.is_empty() && titled {
        list_entries(
            doc,
            article,
            DefinitionScope::Regulation,
            body.start,
            body.end,
            out,
        );
    }
    sentence_definitions(doc, article, body, named, out);
}

/// One definition being read: its term and the pieces of its meaning.
struct Entry {
    term: String,
    start: usize,
    parts: Vec<(usize, usize)>,
}

/// Read the definition list in `start..end`.
fn list_entries(
    doc: &Document,
    article: NodeId,
    scope: DefinitionScope,
    start: usize,
    end: usize,
    out: &mut Vec<Definition>,
) {
    let text = &doc.text;
    let mut current: Option<Entry> = None;
    // Marked lines without a colon: terms waiting for a shared meaning, or else the
    // continuation of the current meaning.
    let mut pending: Vec<(String, usize, usize, usize)> = Vec::new();
    let finish = |e: Option<Entry>, out: &mut Vec<Definition>| {
        if let Some(e) = e {
            push_definition(doc, article, scope, e, out);
        }
    };
    for (a, b) in parts_of(text, start, end) {
        let (content_start, marked) = strip_marker(text, a, b);
        let content = &text[content_start..b];
        if content.trim().is_empty() {
            continue;
        }
        if let Some((term, meaning_start)) = term_with_colon(content) {
            if let Some(cur) = current.as_mut() {
                cur.parts.extend(pending.drain(..).map(|p| (p.2, p.3)));
            }
            pending.clear();
            finish(current.take(), out);
            let mut parts = Vec::new();
            if content_start + meaning_start < b {
                parts.push((content_start + meaning_start, b));
            }
            current = Some(Entry {
                term,
                start: content_start,
                parts,
            });
        } else if let Some(term) = marked.then(|| bare_term(content)).flatten() {
            pending.push((term, content_start, a, b));
        } else if !pending.is_empty() && is_shared_meaning(content) {
            finish(current.take(), out);
            for (term, term_start, _, _) in pending.drain(..) {
                let e = Entry {
                    term,
                    start: term_start,
                    parts: vec![(content_start, b)],
                };
                push_definition(doc, article, scope, e, out);
            }
        } else if let Some(cur) = current.as_mut() {
            cur.parts.extend(pending.drain(..).map(|p| (p.2, p.3)));
            cur.parts.push((a, b));
        } else {
            pending.clear();
        }
    }
    if let Some(cur) = current.as_mut() {
        cur.parts.extend(pending.drain(..).map(|p| (p.2, p.3)));
    }
    finish(current, out);
}

/// The lines of `start..end`, each split again after "; - " where two list entries share a
/// line. Ranges are trimmed of white space.
fn parts_of(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = start;
    for line in text[start..end].split_inclusive('\n') {
        let line_end = line_start + line.len();
        let mut a = line_start;
        for p in memchr::memchr_iter(b';', line.as_bytes()) {
            let after = &line[p + 1..];
            if ["; - ", "; • ", "; – "]
                .iter()
                .any(|sep| after.starts_with(&sep[1..]))
            {
                let cut = line_start + p + 1;
                out.push((a, cut));
                a = cut;
            }
        }
        out.push((a, line_end));
        line_start = line_end;
    }
    out.sort_unstable();
    out.into_iter()
        .filter_map(|(a, b)| {
            let s = &text[a..b];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            (a + lead < b - trail).then_some((a + lead, b - trail))
        })
        .collect()
}

/// Skip a list mark at the start of `a..b`: `-`, `–`, `•`, `*`, `a.`, `a)`, `1.`, `1°`, `1)`.
/// Returns where the content starts and whether there was a mark.
fn strip_marker(text: &str, a: usize, b: usize) -> (usize, bool) {
    let s = &text[a..b];
    let skip_space = |i: usize| i + s[i..].len() - s[i..].trim_start().len();
    if let Some(c) = s.chars().next()
        && matches!(c, '-' | '–' | '•' | '*' | '·')
    {
        let i = c.len_utf8();
        if s[i..].starts_with(' ') {
            return (a + skip_space(i), true);
        }
    }
    let lead: usize = s
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_digit() || (i < 2 && c.is_ascii_lowercase()))
        .map(|(_, c)| c.len_utf8())
        .sum();
    if lead > 0 && lead <= 3 {
        let letters = s[..lead].chars().all(|c| c.is_ascii_lowercase());
        let digits = s[..lead].chars().all(|c| c.is_ascii_digit());
        let rest = &s[lead..];
        for mark in [".", ")", "°"] {
            if (letters || digits)
                && let Some(after) = rest.strip_prefix(mark)
                && (after.starts_with(' ') || after.is_empty())
            {
                return (a + skip_space(lead + mark.len()), true);
            }
        }
    }
    (a, false)
}

/// Words that show a line is a sentence, not a defined term.
const NOT_IN_TERM: &[&str] = &[
    "verstaan", "wordt", "worden", "is", "zijn", "kan", "kunnen", "mag", "moet", "die", "dat",
    "deze", "dit", "bedoeld",
];

/// "bebouwde kom: de kom …" → ("bebouwde kom", offset of the meaning). A row of a table of
/// definitions ("college | het college …", as Word drafts lay them out) is a term and its
/// meaning too; its header row ("Begrip | Betekenis") is not.
fn term_with_colon(content: &str) -> Option<(String, usize)> {
    let bar = memchr::memchr(b'|', content.as_bytes())
        .filter(|&b| b > 0 && content[b - 1..].starts_with(" | "))
        .map(|b| b - 1);
    if let Some(bar) = bar {
        let term = clean_term(content[..bar].trim_end().trim_end_matches(':'))?;
        if matches!(term.as_str(), "begrip" | "begrippen" | "term" | "definitie") {
            return None;
        }
        let after = &content[bar + 3..];
        return Some((term, bar + 3 + after.len() - after.trim_start().len()));
    }
    // The colon of "term: meaning", not the one in an article number ("2:24").
    let colon = content
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| !content[i + 1..].starts_with(|c: char| c.is_ascii_digit()))?;
    if colon > 100 {
        return None;
    }
    let term = clean_term(&content[..colon])?;
    let after = &content[colon + 1..];
    let meaning = colon + 1 + after.len() - after.trim_start().len();
    Some((term, meaning))
}

/// "horecabedrijf;" → "horecabedrijf" (a term in a list without colons).
fn bare_term(content: &str) -> Option<String> {
    let t = content.trim_end_matches([';', ',', '.', ' ']);
    if t.contains(':') || t.split_whitespace().nth(5).is_some() {
        return None;
    }
    clean_term(t)
}

/// A defined term as written, lowercased: one to eight words of letters, digits, hyphens and
/// apostrophes, not a sentence.
fn clean_term(raw: &str) -> Option<String> {
    let mut t = raw.trim().trim_matches(['[', ']', '_', '*', ' ']);
    for article in ["een ", "de ", "het "] {
        if t.len() > article.len()
            && t.get(..article.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(article))
        {
            t = &t[article.len()..];
        }
    }
    let ok_chars = t.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '’' | '(' | ')' | '/' | '.')
    });
    let starts_ok = t.chars().next().is_some_and(char::is_alphabetic);
    if !ok_chars || !starts_ok {
        return None;
    }
    let mut words = 0;
    for w in t.split_whitespace() {
        words += 1;
        let sentence = NOT_IN_TERM.iter().any(|n| n.eq_ignore_ascii_case(w));
        if words > 8 || sentence {
            return None;
        }
    }
    if words == 0 {
        return None;
    }
    let mut term = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !term.is_empty() {
            term.push(' ');
        }
        term.push_str(w);
    }
    if term.is_ascii() {
        term.make_ascii_lowercase();
        Some(term)
    } else {
        Some(term.to_lowercase())
    }
}

/// The line closing a list of terms without colons: "dat wat daaronder wordt verstaan in …".
fn is_shared_meaning(content: &str) -> bool {
    // ASCII prefixes compared in any case: no other character lower-cases to their letters
    let t = content.trim_start().as_bytes();
    ["dat wat ", "hetgeen ", "datgene ", "wat daaronder "]
        .iter()
        .any(|p| {
            t.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        })
}

fn push_definition(
    doc: &Document,
    article: NodeId,
    scope: DefinitionScope,
    e: Entry,
    out: &mut Vec<Definition>,
) {
    let mut meaning = String::with_capacity(e.parts.iter().map(|&(a, b)| b - a + 1).sum());
    let mut end = e.start;
    for &(a, b) in &e.parts {
        let piece = doc.text[a..b].trim();
        if piece.is_empty() {
            continue;
        }
        if !meaning.is_empty() {
            meaning.push(' ');
        }
        if has_loose_space(piece) {
            meaning.extend(piece.split_whitespace().flat_map(|w| [w, " "]));
            meaning.pop();
        } else {
            meaning.push_str(piece);
        }
        end = end.max(b);
    }
    tidy_meaning(&mut meaning);
    if end <= e.start {
        end = e.start + doc.text[e.start..].find([':', ';', '\n']).unwrap_or(0);
    }
    out.push(Definition {
        term: e.term,
        meaning,
        span: Span::new(e.start, end),
        article,
        scope,
    });
}

/// Whether `s` has white space other than single spaces: two spaces, a tab, a line break or a
/// no-break space (bytes C2 A0 in UTF-8).
fn has_loose_space(s: &str) -> bool {
    let b = s.as_bytes();
    s.contains("  ")
        || memchr::memchr3_iter(b'\t', b'\n', 0xC2, b)
            .any(|i| b[i] != 0xC2 || b.get(i + 1) == Some(&0xA0))
}

/// Drop the list punctuation a meaning ends with ("…;", "…; en", "….").
fn tidy_meaning(m: &mut String) {
    let mut t = m.trim();
    for tail in ["; en", "; of", ", en", ", of"] {
        if let Some(s) = t.strip_suffix(tail) {
            t = s;
        }
    }
    let start = m.len() - m.trim_start().len();
    let end = start + t.trim_end_matches([';', ',', '.', ' ']).len();
    m.truncate(end);
    m.drain(..start);
}

/// "Onder evenement wordt verstaan: …" and "In deze afdeling wordt onder evenement verstaan …".
fn sentence_definitions(
    doc: &Document,
    article: NodeId,
    body: Span,
    mut named: Option<DefinitionScope>,
    out: &mut Vec<Definition>,
) {
    let text = &doc.text;
    for p in VERSTAAN.find_iter(&text.as_bytes()[body.start..body.end]) {
        let q = body.start + p;
        let line_start = text[..q].rfind('\n').map_or(0, |i| i + 1).max(body.start);
        let before = &text[line_start..q];
        // ASCII lower case keeps byte offsets: `lower` and `before` share them.
        let lower = before.to_ascii_lowercase();
        // Where the term starts and the sentence's scope phrase.
        let term = if let Some(i) = find_word(&lower, "onder") {
            let after = &before[i + "onder ".len()..];
            let verb = ["wordt ", "worden "]
                .iter()
                .find_map(|v| after.find(v).map(|j| (j, v.len())));
            match verb {
                // "Onder evenement wordt [in deze afdeling] verstaan"
                Some((j, _)) => Some((line_start + i + 6, line_start + i + 6 + j)),
                // "wordt onder evenement verstaan"
                None if lower[..i].trim_end().ends_with("wordt")
                    || lower[..i].trim_end().ends_with("worden") =>
                {
                    Some((line_start + i + 6, q))
                }
                None => None,
            }
        } else {
            None
        };
        let Some((ts, te)) = term else { continue };
        // "Onder venten wordt niet verstaan: …" excludes; it defines nothing.
        if find_word(&text[te..q].to_lowercase(), "niet").is_some()
            || text[..q].trim_end().ends_with(" niet")
        {
            continue;
        }
        // "onder vellen mede verstaan", "onder verhuren als bedoeld in dit artikel".
        let mut raw_term = text[ts..te].trim();
        if let Some(i) = raw_term.find(" als bedoeld") {
            raw_term = &raw_term[..i];
        }
        for tail in [" mede", " ook", " tevens", " eveneens", " in ieder geval"] {
            raw_term = raw_term.strip_suffix(tail).unwrap_or(raw_term);
        }
        let Some(term) = clean_term(raw_term) else {
            continue;
        };
        let scope = match scope_of(doc, article, before) {
            Some(s) => {
                named = named.or(Some(s));
                s
            }
            None => named.unwrap_or(DefinitionScope::Regulation),
        };
        let unit = unit_at(doc, article, q);
        let unit_end = doc.node(unit).span.end.min(body.end);
        let mut m = (q + "verstaan".len()).min(unit_end);
        m += text[m..unit_end].len() - text[m..unit_end].trim_start_matches([':', ' ']).len();
        let line_end = text[m..unit_end].find('\n').map_or(unit_end, |i| m + i);
        // A meaning that introduces a list runs to the end of its lid.
        let end = if text[q..line_end].trim_end().ends_with(':') {
            unit_end
        } else {
            line_end
        };
        let e = Entry {
            term,
            start: ts,
            parts: parts_of(text, m, end),
        };
        push_definition(doc, article, scope, e, out);
    }
}

/// The byte offset of `word` standing as a whole word in `s` (lowercase).
fn find_word(s: &str, word: &str) -> Option<usize> {
    s.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && after == Some(' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_titles_are_found_in_any_case() {
        for title in [
            "Begripsbepalingen",
            "BEGRIPSBEPALINGEN",
            "Definities",
            "Enkele DEFINITIES en begrippen",
            "Beslistermijn",
            "BEGRİP",
            "Definİtie",
            "",
            "b",
            "Toepassingsbereik",
        ] {
            let lower = title.to_lowercase();
            assert_eq!(
                is_definitions_title(title),
                lower.contains("begrip") || lower.contains("definitie"),
                "{title}"
            );
        }
    }
    use crate::refs::test_doc::outline;

    fn terms(doc: &Document) -> Vec<(&str, &str)> {
        doc.definitions
            .iter()
            .map(|d| (d.term.as_str(), d.meaning.as_str()))
            .collect()
    }

    #[test]
    fn dash_list_for_the_whole_regulation() {
        let mut doc = outline(
            "Hoofdstuk 1 Algemene bepalingen\n\
             Artikel 1:1 Begripsbepalingen\n\
             In deze verordening wordt verstaan onder:\n\
             - bebouwde kom: de kom zoals aangegeven op de kaart in bijlage 1;\n\
             - college: het college van burgemeester en wethouders;\n\
             - openbaar water: wateren die voor het publiek bevaarbaar zijn; - openbare plaats: hetgeen daaronder wordt verstaan in artikel 1 van de Wet openbare manifestaties;\n\
             - weg: de weg als bedoeld in de Wegenverkeerswet 1994.\n\
             Artikel 1:2 Beslistermijn\n\
             Het college beslist binnen acht weken.\n",
        );
        annotate(&mut doc);
        assert_eq!(
            terms(&doc),
            [
                (
                    "bebouwde kom",
                    "de kom zoals aangegeven op de kaart in bijlage 1"
                ),
                ("college", "het college van burgemeester en wethouders"),
                (
                    "openbaar water",
                    "wateren die voor het publiek bevaarbaar zijn"
                ),
                (
                    "openbare plaats",
                    "hetgeen daaronder wordt verstaan in artikel 1 van de Wet openbare manifestaties"
                ),
                ("weg", "de weg als bedoeld in de Wegenverkeerswet 1994"),
            ]
        );
        assert!(
            doc.definitions
                .iter()
                .all(|d| d.scope == DefinitionScope::Regulation)
        );
        let art = doc.find_article("1:1").unwrap();
        assert!(doc.definitions.iter().all(|d| d.article == art));
        assert_eq!(
            doc.slice(doc.definitions[1].span),
            "college: het college van burgemeester en wethouders;"
        );
    }

    #[test]
    fn lettered_list_for_a_chapter_with_a_definition_inside_a_definition() {
        let mut doc = outline(
            "Hoofdstuk 3 Seksbranche\n\
             Afdeling 1 Algemene bepalingen\n\
             Artikel 3:1 Definities\n\
             In dit hoofdstuk wordt verstaan onder:\n\
             a. escortbedrijf: de activiteit, bestaande uit het bemiddelen tussen klant en prostituee;\n\
             b. seksbedrijf: de activiteit, bestaande uit het bedrijfsmatig gelegenheid geven tot prostitutie,\n\
             waaronder in ieder geval wordt verstaan: een seksinrichting, escortbedrijf of sekswinkel;\n\
             c. sekswerker: degene die seksuele handelingen verricht.\n\
             Afdeling 2 Vergunning\n\
             Artikel 3:3 Vergunning\n\
             Het is verboden een seksbedrijf uit te oefenen zonder vergunning.\n",
        );
        annotate(&mut doc);
        let t = terms(&doc);
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[1].0, "seksbedrijf");
        assert_eq!(
            t[1].1,
            "de activiteit, bestaande uit het bedrijfsmatig gelegenheid geven tot prostitutie, waaronder in ieder geval wordt verstaan: een seksinrichting, escortbedrijf of sekswinkel"
        );
        let chapter = doc.roots[0];
        assert!(
            doc.definitions
                .iter()
                .all(|d| d.scope == DefinitionScope::Unit(chapter))
        );
        // The chapter's definition applies in article 3:3 …
        let a33 = doc.find_article("3:3").unwrap();
        assert_eq!(
            definition_of(&doc, "Seksbedrijf", a33).map(|d| d.term.as_str()),
            Some("seksbedrijf")
        );
    }

    #[test]
    fn scope_limits_lookup_and_narrowest_wins() {
        let mut doc = outline(
            "Hoofdstuk 1 Algemeen\n\
             Artikel 1:1 Begripsbepalingen\n\
             In deze verordening wordt verstaan onder:\n\
             - exploitant: degene die een bedrijf drijft;\n\
             Hoofdstuk 2 Openbare orde\n\
             Afdeling 8 Horeca\n\
             Artikel 2:27 Begripsbepalingen\n\
             In deze afdeling wordt verstaan onder:\n\
             a. exploitant: de natuurlijke persoon die een openbare inrichting exploiteert;\n\
             b. openbare inrichting: een horecabedrijf.\n\
             Artikel 2:28 Exploitatie\n\
             Het is verboden een openbare inrichting te exploiteren.\n\
             Afdeling 9 Overig\n\
             Artikel 2:81 Ondernemersklimaat\n\
             1. In dit artikel wordt verstaan onder:\n\
             a. exploitant: natuurlijk persoon voor wiens rekening de activiteit wordt uitgeoefend;\n\
             2. De burgemeester kan gebieden aanwijzen.\n\
             Artikel 2:82 Slot\n\
             Tekst.\n",
        );
        annotate(&mut doc);
        let at = |n: &str| doc.find_article(n).unwrap();
        let meaning =
            |n: &str, term: &str| definition_of(&doc, term, at(n)).map(|d| d.meaning.as_str());
        assert_eq!(
            meaning("2:28", "exploitant"),
            Some("de natuurlijke persoon die een openbare inrichting exploiteert")
        );
        assert_eq!(
            meaning("2:81", "exploitant"),
            Some("natuurlijk persoon voor wiens rekening de activiteit wordt uitgeoefend")
        );
        assert_eq!(
            meaning("2:82", "exploitant"),
            Some("degene die een bedrijf drijft")
        );
        assert_eq!(meaning("2:82", "openbare inrichting"), None);
        assert_eq!(
            meaning("2:28", "openbare inrichting"),
            Some("een horecabedrijf")
        );
        // The definitions of 2:81 stop at the end of lid 1.
        assert_eq!(definitions_of(&doc, "exploitant").count(), 3);
        assert_eq!(doc.definitions.len(), 4);
        let d = definitions_of(&doc, "exploitant").last().unwrap();
        assert_eq!(d.scope, DefinitionScope::Article(at("2:81")));
    }

    #[test]
    fn terms_sharing_one_meaning() {
        let mut doc = outline(
            "Afdeling 5 Alcoholwet\n\
             Artikel 2:34a Definities\n\
             In deze afdeling wordt verstaan onder:\n\
             - alcoholhoudende drank;\n\
             - horecabedrijf;\n\
             - paracommerciële rechtspersoon;\n\
             dat wat daaronder wordt verstaan in de Alcoholwet.\n",
        );
        annotate(&mut doc);
        assert_eq!(
            terms(&doc),
            [
                (
                    "alcoholhoudende drank",
                    "dat wat daaronder wordt verstaan in de Alcoholwet"
                ),
                (
                    "horecabedrijf",
                    "dat wat daaronder wordt verstaan in de Alcoholwet"
                ),
                (
                    "paracommerciële rechtspersoon",
                    "dat wat daaronder wordt verstaan in de Alcoholwet"
                ),
            ]
        );
        assert_eq!(
            doc.definitions[0].scope,
            DefinitionScope::Unit(doc.roots[0])
        );
    }

    #[test]
    fn onder_x_wordt_verstaan_sentences() {
        let mut doc = outline(
            "Afdeling 7 Evenementen\n\
             Artikel 2:24 Begripsbepalingen\n\
             1. Onder evenement wordt verstaan: elke voor publiek toegankelijke verrichting van vermaak, met uitzondering van:\n\
             a. bioscoopvoorstellingen;\n\
             b. markten.\n\
             2. In deze afdeling wordt onder klein evenement verstaan een evenement met minder dan 200 bezoekers.\n\
             3. Het college kan regels stellen.\n",
        );
        annotate(&mut doc);
        let t = terms(&doc);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(
            t[0],
            (
                "evenement",
                "elke voor publiek toegankelijke verrichting van vermaak, met uitzondering van: a. bioscoopvoorstellingen; b. markten"
            )
        );
        assert_eq!(
            t[1],
            (
                "klein evenement",
                "een evenement met minder dan 200 bezoekers"
            )
        );
        assert_eq!(doc.definitions[0].scope, DefinitionScope::Regulation);
        assert_eq!(
            doc.definitions[1].scope,
            DefinitionScope::Unit(doc.roots[0])
        );
    }

    #[test]
    fn ordinary_articles_define_nothing() {
        let mut doc = outline(
            "Artikel 2:28 Exploitatie\n\
             1. Het is verboden zonder vergunning: een inrichting te exploiteren.\n\
             2. De burgemeester weigert: a. als het belang dat vereist.\n\
             3. Hetgeen daaronder wordt verstaan in de wet geldt.\n",
        );
        annotate(&mut doc);
        assert!(doc.definitions.is_empty(), "{:?}", doc.definitions);
    }

    #[test]
    fn markdown_definitions_through_the_parser() {
        let md = "\
# **Hoofdstuk 1. Algemene bepalingen**

### **Artikel 1:1 Definities**

In deze verordening wordt verstaan onder:

- bebouwde kom: de bebouwde kom zoals vastgesteld door de raad;

- college: het college van burgemeester en wethouders; - weg: de weg als bedoeld in de Wegenverkeerswet 1994.

# **Hoofdstuk 3. Seksbranche**

### **Artikel 3:1 Begripsbepalingen**

In dit hoofdstuk wordt verstaan onder:

a. escortbedrijf: het bedrijfsmatig bemiddelen tussen klant en sekswerker;

b. seksbedrijf: een bedrijf gericht op seksuele handelingen, waaronder in ieder geval wordt verstaan: een seksinrichting of escortbedrijf.

### **Artikel 3:2 Vergunning**

Het is verboden een seksbedrijf te exploiteren zonder vergunning van de burgemeester.
";
        let doc = crate::parse_text(md, "apv.md").expect("the test APV parses");
        let t = terms(&doc);
        assert_eq!(
            t.iter().map(|d| d.0).collect::<Vec<_>>(),
            [
                "bebouwde kom",
                "college",
                "weg",
                "escortbedrijf",
                "seksbedrijf"
            ]
        );
        assert_eq!(
            t[4].1,
            "een bedrijf gericht op seksuele handelingen, waaronder in ieder geval wordt verstaan: een seksinrichting of escortbedrijf"
        );
        let a32 = doc.find_article("3:2").unwrap();
        let a11 = doc.find_article("1:1").unwrap();
        assert!(definition_of(&doc, "escortbedrijf", a32).is_some());
        assert!(definition_of(&doc, "escortbedrijf", a11).is_none());
        assert_eq!(
            definition_of(&doc, "college", a32).map(|d| d.meaning.as_str()),
            Some("het college van burgemeester en wethouders")
        );
        for d in &doc.definitions {
            assert!(doc.node(d.article).span.contains(d.span));
            assert!(doc.slice(d.span).to_lowercase().starts_with(&d.term));
        }
    }

    /// Found by fuzzing `parse_text`: two intros on one line made the first list end before
    /// it started, and slicing the text panicked.
    #[test]
    fn two_intros_on_one_line_do_not_panic() {
        let mut doc = outline(
            "Artikel 1 Begripsbepalingen\nIn deze verordening wordt verstaan onder verstaan onder: weg: de weg.\n",
        );
        annotate(&mut doc);
        assert_eq!(terms(&doc), [("weg", "de weg")]);
    }

    #[test]
    fn letters_that_grow_in_lower_case_do_not_shift_offsets() {
        let mut doc =
            outline("Artikel 1 Begripsbepalingen\nİİİİ onder weg wordt verstaan: de weg.\n");
        annotate(&mut doc);
        assert_eq!(terms(&doc), [("weg", "de weg")]);
    }

    #[test]
    fn repealed_articles_are_skipped() {
        let mut doc = outline(
            "Artikel 1:1 Begripsbepalingen\nIn deze verordening wordt verstaan onder:\n- weg: de weg.\n",
        );
        doc.nodes[0].repealed = true;
        annotate(&mut doc);
        assert!(doc.definitions.is_empty());
    }
}
