//! A deterministic corpus of municipality folders for the scale benchmarks.
//!
//! Used by `crates/apv-cli/examples/gen_corpus.rs` (`cargo run --release -p apv-cli --example
//! gen_corpus -- OUT_DIR N [SEED]`) and by `benches/compare.rs`. [`generate`] writes N folders
//! `OUT_DIR/<municipality>/`, each with one APV of about 300 KB and the policies beside it, built from the project's own fixtures (`fixtures/flevoland`,
//! `fixtures/scan`, `fixtures/forms`, `fixtures/parser`). Every municipality starts from one of
//! the fixture APVs (its key articles, which decide the verdicts) and varies it:
//! - renumbering: the articles of a chapter get new numbers (2:80 → 2:41a), cross-references
//!   follow; numbers are written with a colon or a dot;
//! - reordering of articles within a chapter;
//! - dropped and repealed key articles, and borrowed or missing policies, so that verdicts vary;
//! - padding: extra chapters of ordinary articles taken from all fixtures, renumbered, until
//!   the APV reaches its size;
//! - the form: Markdown (with web chrome), PDF-like text (page furniture, hyphenation, wrapped
//!   lines, a table of contents), CVDR XML or an HTML page with site chrome.
//!
//! The same N and SEED always give the same bytes; the first k folders of a run with N > k are
//! the folders of a run with N = k.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use apv_parser::{Document, NodeId, NodeKind, ParseOptions};

/// The size each generated APV aims at, in bytes.
const APV_SIZE: usize = 300 * 1024;
/// The seed when none is given.
pub const DEFAULT_SEED: u64 = 0x00A9_F1E7_2026;

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (splitmix64).

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with a chance of `percent` in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The regulation model the generator varies and renders.

/// One lid, onderdeel or sub-onderdeel (`level` 1, 2, 3), or running text (`label` None) at a
/// level (0 = the article itself).
#[derive(Debug, Clone)]
struct Unit {
    level: u8,
    label: Option<String>,
    text: String,
}

#[derive(Debug, Clone)]
struct Art {
    /// Normalised number: `2:28a`, or `7` in flat numbering.
    number: String,
    title: Option<String>,
    repealed: bool,
    units: Vec<Unit>,
    /// The article carries a verdict in the fixture it comes from.
    key: bool,
}

#[derive(Debug, Clone)]
enum Entry {
    /// An afdeling or paragraaf heading: label ("Afdeling 8") and title.
    Heading(String, String),
    Art(Art),
}

#[derive(Debug, Clone)]
struct Chap {
    /// Empty for articles that stand outside any chapter.
    number: String,
    title: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Apv {
    title: String,
    preamble: Vec<String>,
    chapters: Vec<Chap>,
    closing: Vec<String>,
}

impl Apv {
    fn arts_mut(&mut self) -> impl Iterator<Item = &mut Art> {
        self.chapters
            .iter_mut()
            .flat_map(|c| c.entries.iter_mut())
            .filter_map(|e| match e {
                Entry::Art(a) => Some(a),
                Entry::Heading(..) => None,
            })
    }

    /// A rough size of the plain text, in bytes.
    fn plain_size(&self) -> usize {
        let mut size = self.title.len() + self.preamble.iter().map(|l| l.len() + 1).sum::<usize>();
        for c in &self.chapters {
            size += c.title.len() + 16;
            for e in &c.entries {
                size += match e {
                    Entry::Heading(l, t) => l.len() + t.len() + 2,
                    Entry::Art(a) => {
                        20 + a.title.as_ref().map_or(0, String::len)
                            + a.units.iter().map(|u| u.text.len() + 4).sum::<usize>()
                    }
                };
            }
        }
        size
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the fixtures into the model.

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strips the label a lid or onderdeel starts with ("1.", "a.", "1°", "2:").
fn strip_label<'a>(text: &'a str, raw: Option<&str>) -> &'a str {
    let mut t = text.trim_start();
    if let Some(raw) = raw
        && let Some(rest) = t.strip_prefix(raw)
    {
        t = rest;
    } else if let Some(first) = t.split_whitespace().next()
        && first.len() <= 4
        && first
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && first.ends_with(['.', ')', '°'])
    {
        t = &t[first.len()..];
    }
    t.trim_start_matches(['.', ')', '°', ':']).trim_start()
}

fn collect_units(doc: &Document, id: NodeId, level: u8, out: &mut Vec<Unit>) {
    let node = doc.node(id);
    let start = node
        .heading
        .map_or(node.span.start, |h| h.end.max(node.span.start));
    let mut pos = start;
    let mut first = true;
    let push = |seg: &str, first: bool, out: &mut Vec<Unit>| {
        let seg = if first && level > 0 {
            strip_label(seg, node.raw_number.as_deref())
        } else {
            seg
        };
        let text = squash(seg);
        let label = if first && level > 0 {
            node.number.clone()
        } else {
            None
        };
        if text.is_empty() && label.is_none() || text == "[Vervallen]" {
            return;
        }
        out.push(Unit { level, label, text });
    };
    for &c in &node.children {
        let child = doc.node(c);
        if child.span.start > pos {
            push(&doc.text[pos..child.span.start], first, out);
        } else if first && level > 0 {
            push("", true, out);
        }
        first = false;
        let child_level = match child.kind {
            NodeKind::Member => 1,
            NodeKind::Item => level.max(1) + 1,
            NodeKind::SubItem => level.max(2) + 1,
            _ => level,
        };
        collect_units(doc, c, child_level.min(3), out);
        pos = child.span.end;
    }
    if node.span.end > pos {
        push(&doc.text[pos..node.span.end], first, out);
    }
}

fn article(doc: &Document, id: NodeId, keys: &[String]) -> Art {
    let node = doc.node(id);
    let number = node.number.clone().unwrap_or_default();
    let mut units = Vec::new();
    if !node.repealed {
        collect_units(doc, id, 0, &mut units);
    }
    Art {
        key: keys.contains(&number),
        number,
        title: node.title.clone(),
        repealed: node.repealed,
        units,
    }
}

fn heading_label(doc: &Document, id: NodeId) -> String {
    let node = doc.node(id);
    let word = match node.kind {
        NodeKind::Section => "Afdeling",
        NodeKind::Paragraph => "Paragraaf",
        _ => "Hoofdstuk",
    };
    format!("{word} {}", node.raw_number.as_deref().unwrap_or(""))
        .trim_end()
        .to_string()
}

fn walk_unit(doc: &Document, id: NodeId, keys: &[String], entries: &mut Vec<Entry>) {
    for &c in &doc.node(id).children {
        let child = doc.node(c);
        match child.kind {
            NodeKind::Article => entries.push(Entry::Art(article(doc, c, keys))),
            NodeKind::Section | NodeKind::Paragraph => {
                entries.push(Entry::Heading(
                    heading_label(doc, c),
                    child.title.clone().unwrap_or_default(),
                ));
                walk_unit(doc, c, keys, entries);
            }
            _ => {}
        }
    }
}

fn lines_of(doc: &Document, id: NodeId) -> Vec<String> {
    let span = doc.node(id).span;
    doc.text[span.start..span.end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn model(doc: &Document, keys: &[String]) -> Apv {
    let mut apv = Apv {
        title: doc.metadata.title.clone().unwrap_or_default(),
        preamble: Vec::new(),
        chapters: Vec::new(),
        closing: Vec::new(),
    };
    for &r in &doc.roots {
        let node = doc.node(r);
        match node.kind {
            NodeKind::Preamble => apv.preamble = lines_of(doc, r),
            NodeKind::Closing => apv.closing = lines_of(doc, r),
            NodeKind::Chapter => {
                let mut entries = Vec::new();
                walk_unit(doc, r, keys, &mut entries);
                apv.chapters.push(Chap {
                    number: node.number.clone().unwrap_or_default(),
                    title: node.title.clone().unwrap_or_default(),
                    entries,
                });
            }
            NodeKind::Section | NodeKind::Paragraph | NodeKind::Article => {
                let mut entries = Vec::new();
                if node.kind == NodeKind::Article {
                    entries.push(Entry::Art(article(doc, r, keys)));
                } else {
                    entries.push(Entry::Heading(
                        heading_label(doc, r),
                        node.title.clone().unwrap_or_default(),
                    ));
                    walk_unit(doc, r, keys, &mut entries);
                }
                match apv.chapters.last_mut() {
                    Some(c) if c.number.is_empty() => c.entries.extend(entries),
                    _ => apv.chapters.push(Chap {
                        number: String::new(),
                        title: String::new(),
                        entries,
                    }),
                }
            }
            _ => {}
        }
    }
    if apv.title.is_empty() {
        apv.title = apv.preamble.first().cloned().unwrap_or_default();
    }
    apv
}

/// A fixture municipality: its APV as a model, its name, and its other documents.
struct Base {
    name: String,
    apv: Apv,
    /// Other documents: file name and bytes.
    policies: Vec<(String, Vec<u8>)>,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// The article numbers a scan of `doc` relies on.
fn key_articles(rules: &apv_rules::RuleSet, name: &str, doc: &Document) -> Vec<String> {
    let report = apv_rules::scan(rules, None, &[(name.to_string(), doc.clone())]);
    let mut keys: Vec<String> = report
        .requirements
        .iter()
        .flat_map(|v| {
            v.articles
                .iter()
                .cloned()
                .chain(v.evidence.iter().filter_map(|e| e.article.clone()))
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn is_apv_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("apv"))
}

fn load_bases(rules: &apv_rules::RuleSet) -> Result<(Vec<Base>, Vec<Art>), String> {
    let root = fixtures_dir();
    let opts = ParseOptions::default();
    let mut bases = Vec::new();
    let mut pool = Vec::new();
    let mut folders = Vec::new();
    for group in ["flevoland", "scan", "forms"] {
        folders.extend(
            sorted_entries(&root.join(group))
                .into_iter()
                .filter(|p| p.is_dir()),
        );
    }
    for folder in folders {
        let files = sorted_entries(&folder);
        // The forms fixtures hold one APV in several forms: the Markdown one is enough.
        let apv_path = files
            .iter()
            .find(|p| is_apv_file(p) && p.extension().is_some_and(|e| e == "md"))
            .or_else(|| files.iter().find(|p| is_apv_file(p)));
        let Some(apv_path) = apv_path else { continue };
        let doc = apv_parser::parse_file(apv_path, &opts)
            .map_err(|e| format!("fixture does not parse: {e}"))?;
        let keys = key_articles(rules, &apv_path.display().to_string(), &doc);
        let apv = model(&doc, &keys);
        pool.extend(filler_articles(&apv));
        let dir_name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let mut name = dir_name.clone();
        if let Some(first) = name.get(..1) {
            name = first.to_uppercase() + &name[1..];
        }
        let policies = files
            .iter()
            .filter(|p| !is_apv_file(p) && p.is_file())
            .filter_map(|p| {
                let file = p.file_name()?.to_str()?.to_string();
                Some((file, std::fs::read(p).ok()?))
            })
            .collect();
        bases.push(Base {
            name,
            apv,
            policies,
        });
    }
    // The parser fixtures add ordinary articles for the padding.
    for path in sorted_entries(&root.join("parser")) {
        if !path.is_file() {
            continue;
        }
        if let Ok(doc) = apv_parser::parse_file(&path, &opts) {
            let keys = key_articles(rules, &path.display().to_string(), &doc);
            pool.extend(filler_articles(&model(&doc, &keys)));
        }
    }
    pool.retain(|a| neutral(rules, a));
    if bases.is_empty() || pool.is_empty() {
        return Err(format!("no fixture APVs under {}", root.display()));
    }
    Ok((bases, pool))
}

/// Ordinary articles fit for padding: no verdict relies on them, they define nothing, and they
/// are not the closing articles every APV has once.
fn filler_articles(apv: &Apv) -> Vec<Art> {
    apv.chapters
        .iter()
        .flat_map(|c| &c.entries)
        .filter_map(|e| match e {
            Entry::Art(a) => Some(a),
            Entry::Heading(..) => None,
        })
        .filter(|a| !a.key && !a.repealed && !a.units.is_empty())
        .filter(|a| {
            let title = a.title.as_deref().unwrap_or("").to_lowercase();
            ![
                "begrip",
                "citeertitel",
                "inwerkingtreding",
                "intrekking",
                "overgang",
            ]
            .iter()
            .any(|w| title.contains(w))
        })
        .filter(|a| a.units.iter().all(|u| !u.text.contains("verstaan onder")))
        .cloned()
        .collect()
}

/// Whether an article on its own leaves every requirement absent (or not assessed), so that
/// padding with it cannot change a verdict.
fn neutral(rules: &apv_rules::RuleSet, a: &Art) -> bool {
    let mut text = String::from("Hoofdstuk 9 Bijzondere bepalingen\n");
    let _ = writeln!(
        text,
        "{}",
        art_heading(
            &Art {
                number: "9:1".into(),
                ..a.clone()
            },
            false
        )
    );
    for u in &a.units {
        let _ = writeln!(text, "{}", label_text(u));
    }
    let Ok(doc) = apv_parser::parse_text(&text, "padding.txt") else {
        return false;
    };
    apv_rules::scan(rules, None, &[("padding.txt".to_string(), doc)])
        .requirements
        .iter()
        .all(|v| {
            matches!(
                v.status,
                apv_rules::Status::Absent | apv_rules::Status::NotAssessed
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Variation.

const PREFIXES: [&str; 20] = [
    "Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Nieuw", "Oud", "Groot", "Klein", "Ooster",
    "Wester", "Beek", "Berg", "Eiken", "Linde", "Veen", "Meer", "Zand", "Wilgen",
];
const SUFFIXES: [&str; 20] = [
    "dam", "veen", "horst", "wijk", "broek", "hoven", "zand", "dijk", "burg", "rode", "loo",
    "kerk", "woude", "mond", "haven", "stede", "vaart", "wold", "hem", "donk",
];

const CHAPTER_TITLES: [&str; 16] = [
    "Bepalingen ter bescherming van het milieu en het natuurschoon",
    "Venten, standplaatsen en markten",
    "Bepalingen ter voorkoming of beperking van overlast en baldadigheid",
    "Bepalingen over de bescherming van de openbare ruimte",
    "Overige bepalingen ter bescherming van de veiligheid",
    "Bepalingen over wegen en verkeer",
    "Bepalingen over dieren",
    "Bepalingen over vuurwerk en carbid",
    "Bepalingen over parkeren en stallen",
    "Bepalingen over recreatie en toerisme",
    "Bepalingen over water en oevers",
    "Bepalingen over objecten op of aan de weg",
    "Bepalingen over handel en bedrijvigheid",
    "Bepalingen over rust en gezondheid",
    "Toezicht en handhaving",
    "Bijzondere bepalingen",
];

/// The names of all municipalities, in a fixed order that does not depend on N.
fn names(seed: u64, n: usize) -> Vec<String> {
    let mut combos: Vec<(usize, usize)> = (0..PREFIXES.len())
        .flat_map(|p| (0..SUFFIXES.len()).map(move |s| (p, s)))
        .filter(|&(p, s)| !PREFIXES[p].eq_ignore_ascii_case(SUFFIXES[s]))
        .collect();
    Rng::new(seed ^ 0x6E61_6D65).shuffle(&mut combos);
    (0..n)
        .map(|i| {
            let (p, s) = combos[i % combos.len()];
            let round = i / combos.len();
            let base = format!("{}{}", PREFIXES[p], SUFFIXES[s]);
            if round == 0 {
                base
            } else {
                format!("{base}-{}", round + 1)
            }
        })
        .collect()
}

/// Splits a normalised number `2:28a` into chapter `2`, number `28` and suffix `a`.
fn split_number(number: &str) -> Option<(&str, u32, &str)> {
    let (chapter, rest) = number.split_once(':')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    Some((chapter, n, &rest[digits..]))
}

/// Replaces article numbers `H:N[a]` (and `H.N[a]`) in `text` by their new numbers.
fn renumber_refs(text: &str, map: &[(String, String)]) -> String {
    if map.is_empty() {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j + 1 < b.len() && (b[j] == b':' || b[j] == b'.') && b[j + 1].is_ascii_digit() {
            let mut k = j + 1;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            while k < b.len() && b[k].is_ascii_lowercase() && k - j < 6 {
                k += 1;
            }
            if k == b.len() || !b[k].is_ascii_alphanumeric() {
                let key = format!("{}:{}", &text[i..j], &text[j + 1..k]);
                if let Some((_, new)) = map.iter().find(|(old, _)| *old == key) {
                    out.push_str(&text[copied..i]);
                    if b[j] == b'.' {
                        out.push_str(&new.replace(':', "."));
                    } else {
                        out.push_str(new);
                    }
                    copied = k;
                }
            }
            i = k;
        } else {
            i = j;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn rename(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_string();
    }
    text.replace(from, to)
}

/// Gives the articles of a chapter new numbers (`2:80` → `2:41a`); returns old → new.
fn renumber_chapter(chap: &mut Chap, rng: &mut Rng) -> Vec<(String, String)> {
    let mut map = Vec::new();
    let mut n = 1 + rng.below(60) as u32;
    let mut suffix = 0u8;
    let mut first = true;
    for e in &mut chap.entries {
        let Entry::Art(a) = e else { continue };
        let Some((chapter, _, _)) = split_number(&a.number) else {
            continue;
        };
        let chapter = chapter.to_string();
        if first {
            first = false;
        } else if rng.chance(12) && suffix < 3 {
            suffix += 1;
        } else {
            n += 1 + u32::from(rng.chance(15)) * rng.below(4) as u32;
            suffix = 0;
        }
        let new = if suffix == 0 {
            format!("{chapter}:{n}")
        } else {
            format!("{chapter}:{n}{}", (b'a' + suffix - 1) as char)
        };
        if new != a.number {
            map.push((a.number.clone(), new.clone()));
        }
        a.number = new;
    }
    map
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Markdown,
    Text,
    Xml,
    Html,
}

impl Form {
    fn ext(self) -> &'static str {
        match self {
            Form::Markdown => "md",
            Form::Text => "txt",
            Form::Xml => "xml",
            Form::Html => "html",
        }
    }

    /// How much the form's markup and furniture add to the plain text.
    fn overhead(self) -> f64 {
        match self {
            Form::Markdown => 1.08,
            Form::Text => 1.08,
            Form::Xml => 1.85,
            Form::Html => 1.36,
        }
    }
}

/// One municipality's APV: the base varied, padded to size.
fn vary(base: &Base, pool: &[Art], name: &str, form: Form, rng: &mut Rng) -> Apv {
    let mut apv = base.apv.clone();
    // The municipality's own name throughout.
    apv.title = rename(&apv.title, &base.name, name);
    for l in apv.preamble.iter_mut().chain(apv.closing.iter_mut()) {
        *l = rename(l, &base.name, name);
    }
    for a in apv.arts_mut() {
        for u in &mut a.units {
            u.text = rename(&u.text, &base.name, name);
        }
    }
    // Renumbering, with the cross-references following.
    if rng.chance(50) {
        let mut map = Vec::new();
        for c in &mut apv.chapters {
            if rng.chance(60) {
                map.extend(renumber_chapter(c, rng));
            }
        }
        for a in apv.arts_mut() {
            for u in &mut a.units {
                u.text = renumber_refs(&u.text, &map);
            }
        }
    }
    // Reordering within chapters.
    for c in &mut apv.chapters {
        if rng.chance(30) && c.entries.len() > 2 {
            let i = rng.below(c.entries.len() - 1);
            if matches!(
                (&c.entries[i], &c.entries[i + 1]),
                (Entry::Art(_), Entry::Art(_))
            ) {
                c.entries.swap(i, i + 1);
            }
        }
    }
    // A key article dropped or repealed now and then.
    let keys: Vec<(usize, usize)> = apv
        .chapters
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e, Entry::Art(a) if a.key))
                .map(move |(ei, _)| (ci, ei))
        })
        .collect();
    if !keys.is_empty() {
        if rng.chance(15) {
            let (ci, ei) = *rng.pick(&keys);
            if let Entry::Art(a) = &mut apv.chapters[ci].entries[ei] {
                a.repealed = true;
                a.units.clear();
                if rng.chance(50) {
                    a.title = None;
                }
            }
        } else if rng.chance(15) {
            let (ci, ei) = *rng.pick(&keys);
            apv.chapters[ci].entries.remove(ei);
        }
    }
    // Padding: extra chapters of ordinary articles.
    let flat = apv
        .chapters
        .iter()
        .flat_map(|c| &c.entries)
        .all(|e| !matches!(e, Entry::Art(a) if a.number.contains(':')));
    let mut next_chapter = apv
        .chapters
        .iter()
        .filter_map(|c| c.number.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut next_flat = apv
        .chapters
        .iter()
        .flat_map(|c| &c.entries)
        .filter_map(|e| match e {
            Entry::Art(a) => a.number.parse::<u32>().ok(),
            Entry::Heading(..) => None,
        })
        .max()
        .unwrap_or(0)
        + 1;
    let target = (APV_SIZE as f64 / form.overhead()) as usize;
    let mut size = apv.plain_size();
    let closing_chapter = apv
        .chapters
        .last()
        .filter(|c| {
            let t = c.title.to_lowercase();
            t.contains("slot") || t.contains("straf") || t.contains("overgang")
        })
        .is_some();
    let tail = if closing_chapter {
        apv.chapters.pop()
    } else {
        None
    };
    while size < target {
        let count = 30 + rng.below(90);
        let mut chap = Chap {
            number: next_chapter.to_string(),
            title: rng.pick(&CHAPTER_TITLES).to_string(),
            entries: Vec::new(),
        };
        let mut n = 0;
        let mut lettered = false;
        let mut sections = 0;
        for i in 0..count {
            if i > 0 && rng.chance(8) {
                sections += 1;
                chap.entries.push(Entry::Heading(
                    format!("Afdeling {sections}"),
                    rng.pick(&CHAPTER_TITLES).to_string(),
                ));
            }
            let mut a = rng.pick(pool).clone();
            let old_chapter = split_number(&a.number).map(|(c, _, _)| c.to_string());
            let suffix = if i > 0 && !lettered && rng.chance(8) {
                lettered = true;
                "a"
            } else {
                lettered = false;
                n += 1;
                ""
            };
            a.number = if flat {
                next_flat += 1;
                (next_flat - 1).to_string()
            } else {
                format!("{next_chapter}:{n}{suffix}")
            };
            if let Some(old) = old_chapter {
                let prefix = format!("{old}:");
                let new_prefix = format!("{next_chapter}:");
                for u in &mut a.units {
                    if u.text.contains(&prefix) {
                        u.text = u.text.replace(&prefix, &new_prefix);
                    }
                }
            }
            if rng.chance(4) {
                a.repealed = true;
                a.units.clear();
                a.title = None;
            }
            size += 20
                + a.title.as_ref().map_or(0, String::len)
                + a.units.iter().map(|u| u.text.len() + 4).sum::<usize>();
            chap.entries.push(Entry::Art(a));
        }
        size += chap.title.len() + 16;
        apv.chapters.push(chap);
        next_chapter += 1;
    }
    if let Some(mut tail) = tail {
        if !flat && let Ok(old) = tail.number.parse::<u32>() {
            let map: Vec<(String, String)> = tail
                .entries
                .iter()
                .filter_map(|e| match e {
                    Entry::Art(a) => split_number(&a.number)
                        .map(|(_, n, s)| (a.number.clone(), format!("{next_chapter}:{n}{s}"))),
                    Entry::Heading(..) => None,
                })
                .collect();
            let _ = old;
            for e in &mut tail.entries {
                if let Entry::Art(a) = e
                    && let Some((_, new)) = map.iter().find(|(o, _)| *o == a.number)
                {
                    a.number = new.clone();
                }
            }
            tail.number = next_chapter.to_string();
        }
        apv.chapters.push(tail);
    }
    apv
}

// ---------------------------------------------------------------------------------------------
// Rendering.

fn shown(number: &str, dot: bool) -> String {
    if dot {
        number.replace(':', ".")
    } else {
        number.to_string()
    }
}

fn art_heading(a: &Art, dot: bool) -> String {
    match &a.title {
        Some(t) if !t.is_empty() => format!("Artikel {} {t}", shown(&a.number, dot)),
        _ => format!("Artikel {}", shown(&a.number, dot)),
    }
}

fn label_text(u: &Unit) -> String {
    match (&u.label, u.level) {
        (Some(l), 3) => format!("{l}° {}", u.text),
        (Some(l), _) => format!("{l}. {}", u.text),
        (None, _) => u.text.clone(),
    }
}

fn markdown(apv: &Apv, name: &str, dot: bool, rng: &mut Rng) -> String {
    let mut o = String::with_capacity(APV_SIZE + APV_SIZE / 8);
    let chrome = rng.chance(50);
    if chrome {
        let _ = write!(
            o,
            "[Ga naar de inhoud](#main)\n\n* [Home](https://www.example.invalid/)\n\
             * [Regelingen](https://www.example.invalid/regelingen)\n\
             * [Contact](https://www.example.invalid/contact)\n\n\
             U bent hier: [Home](/) > [Regelingen](/regelingen) > APV {name}\n\n\
             Wij gebruiken cookies om deze website te verbeteren. [Lees meer](/cookies)\n\n"
        );
    }
    let _ = write!(o, "# {}\n\n", apv.title);
    for l in &apv.preamble {
        let _ = write!(o, "{l}\n\n");
    }
    let bold = rng.chance(50);
    for c in &apv.chapters {
        if !c.number.is_empty() {
            let _ = write!(o, "## Hoofdstuk {} {}\n\n", c.number, c.title);
        }
        for e in &c.entries {
            match e {
                Entry::Heading(l, t) => {
                    let _ = write!(o, "### {l} {t}\n\n");
                }
                Entry::Art(a) => {
                    if bold {
                        let _ = write!(o, "**{}**\n\n", art_heading(a, dot));
                    } else {
                        let _ = write!(o, "#### {}\n\n", art_heading(a, dot));
                    }
                    if a.repealed {
                        o.push_str("[Vervallen]\n\n");
                        continue;
                    }
                    for u in &a.units {
                        let indent = "    ".repeat(usize::from(u.level.saturating_sub(1)));
                        let _ = writeln!(o, "{indent}{}", label_text(u));
                    }
                    o.push('\n');
                }
            }
        }
    }
    for l in &apv.closing {
        let _ = write!(o, "{l}\n\n");
    }
    if chrome {
        o.push_str("* [Privacyverklaring](/privacy)\n* [Toegankelijkheid](/toegankelijkheid)\n\n");
        let _ = writeln!(o, "© 2026 Gemeente {name}");
    }
    o
}

/// Whether a line starting with `word` would be read as a new unit or heading.
fn starts_unit(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ')', '°', ':']);
    word != w && (w.len() <= 3 && w.chars().all(|c| c.is_ascii_alphanumeric()))
        || [
            "Artikel",
            "Art.",
            "Hoofdstuk",
            "Afdeling",
            "Paragraaf",
            "HOOFDSTUK",
            "[Vervallen]",
        ]
        .contains(&word)
        || word.starts_with('§')
}

/// Wraps `line` at 80 columns the way pdftotext does, hyphenating a long word now and then.
fn wrap(line: &str, rng: &mut Rng, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut width = 0;
    for word in line.split(' ') {
        let wlen = word.chars().count();
        if width > 0 && width + 1 + wlen > 80 && !starts_unit(word) {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() >= 10 && chars.iter().all(|c| c.is_lowercase()) && rng.chance(40) {
                let cut = chars.len() / 2;
                let head: String = chars[..cut].iter().collect();
                let tail: String = chars[cut..].iter().collect();
                current.push(' ');
                current.push_str(&head);
                current.push('-');
                out.push(std::mem::take(&mut current));
                width = tail.chars().count();
                current = tail;
                continue;
            }
            out.push(std::mem::take(&mut current));
            width = 0;
        }
        if width > 0 {
            current.push(' ');
            width += 1;
        }
        current.push_str(word);
        width += wlen;
    }
    if !current.is_empty() {
        out.push(current);
    }
}

fn text(apv: &Apv, name: &str, dot: bool, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = Vec::new();
    let nr = 10_000 + rng.below(90_000);
    let capitals = rng.chance(20);
    lines.push(apv.title.clone());
    lines.push(format!("Gemeenteblad van {name}, nr. {nr}"));
    lines.push(String::new());
    lines.extend(apv.preamble.iter().cloned());
    lines.push(String::new());
    let mut toc = Vec::new();
    for c in &apv.chapters {
        if !c.number.is_empty() {
            let h = format!("Hoofdstuk {} {}", c.number, c.title);
            toc.push((h.clone(), lines.len()));
            lines.push(if capitals { h.to_uppercase() } else { h });
        }
        for e in &c.entries {
            match e {
                Entry::Heading(l, t) => lines.push(format!("{l} {t}")),
                Entry::Art(a) => {
                    let h = art_heading(a, dot);
                    toc.push((h.clone(), lines.len()));
                    lines.push(h);
                    if a.repealed {
                        lines.push("[Vervallen]".to_string());
                    }
                    for u in &a.units {
                        wrap(&label_text(u), rng, &mut lines);
                    }
                }
            }
        }
    }
    lines.extend(apv.closing.iter().cloned());
    const PAGE: usize = 52;
    let pages = lines.len().div_ceil(PAGE);
    let mut o = String::with_capacity(APV_SIZE + APV_SIZE / 8);
    if rng.chance(30) {
        o.push_str("Inhoudsopgave\n");
        for (h, line) in toc.iter().filter(|(h, _)| h.starts_with("Hoofdstuk")) {
            let dots = 90usize.saturating_sub(h.chars().count()).max(3);
            let _ = writeln!(o, "{h} {} {}", ".".repeat(dots), line / PAGE + 2);
        }
        o.push('\u{c}');
    }
    let running = format!("APV {name} 2026");
    for (p, chunk) in lines.chunks(PAGE).enumerate() {
        for l in chunk {
            o.push_str(l);
            o.push('\n');
        }
        let _ = write!(o, "{running}\nPagina {} van {pages}\n\u{c}", p + 1);
        if p + 1 < pages {
            let _ = writeln!(o, "{running}");
        }
    }
    o
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

fn html(apv: &Apv, name: &str, dot: bool, rng: &mut Rng) -> String {
    let mut o = String::with_capacity(APV_SIZE + APV_SIZE / 4);
    let title = esc(&apv.title);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} - Gemeente {name}</title>\n\
         <link rel=\"stylesheet\" href=\"/css/site.css\">\n</head>\n<body>\n\
         <header><nav><a href=\"/\">Home</a> | <a href=\"/regelgeving\">Regelgeving</a> | \
         <a href=\"/contact\">Contact</a></nav>\n\
         <p>U bent hier: Home &gt; Regelgeving &gt; {title}</p></header>\n<main>\n<h1>{title}</h1>\n"
    );
    if rng.chance(50) {
        o.push_str("<nav class=\"inhoud\"><h2>Inhoudsopgave</h2><ul>\n");
        for c in apv.chapters.iter().filter(|c| !c.number.is_empty()) {
            let _ = writeln!(
                o,
                "<li><a href=\"#h{0}\">Hoofdstuk {0} {1}</a></li>",
                c.number,
                esc(&c.title)
            );
        }
        o.push_str("</ul></nav>\n");
    }
    for l in &apv.preamble {
        let _ = writeln!(o, "<p>{}</p>", esc(l));
    }
    for c in &apv.chapters {
        if !c.number.is_empty() {
            let _ = writeln!(
                o,
                "<h2 id=\"h{0}\">Hoofdstuk {0} {1}</h2>",
                c.number,
                esc(&c.title)
            );
        }
        for e in &c.entries {
            match e {
                Entry::Heading(l, t) => {
                    let _ = writeln!(o, "<h3>{} {}</h3>", esc(l), esc(t));
                }
                Entry::Art(a) => {
                    let _ = writeln!(
                        o,
                        "<h4 id=\"art-{}\">{}</h4>",
                        shown(&a.number, true),
                        esc(&art_heading(a, dot))
                    );
                    if a.repealed {
                        o.push_str("<p>[Vervallen]</p>\n");
                    }
                    for u in &a.units {
                        let class =
                            ["tekst", "lid", "onderdeel", "subonderdeel"][usize::from(u.level)];
                        let _ = writeln!(o, "<p class=\"{class}\">{}</p>", esc(&label_text(u)));
                    }
                }
            }
        }
    }
    for l in &apv.closing {
        let _ = writeln!(o, "<p>{}</p>", esc(l));
    }
    let _ = write!(
        o,
        "</main>\n<footer><ul><li><a href=\"/privacy\">Privacyverklaring</a></li>\
         <li><a href=\"/toegankelijkheid\">Toegankelijkheid</a></li></ul>\
         <p>&copy; 2026 Gemeente {name}</p></footer>\n</body>\n</html>\n"
    );
    o
}

fn xml(apv: &Apv, name: &str, dot: bool, rng: &mut Rng) -> String {
    let mut o = String::with_capacity(APV_SIZE + APV_SIZE / 2);
    let id = 100_000 + rng.below(900_000);
    let _ = write!(
        o,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <cvdr xmlns=\"https://standaarden.overheid.nl/cvdr/terms/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">\n\
         \x20 <meta>\n    <dcterms:title>{}</dcterms:title>\n    <dcterms:creator>Gemeente {name}</dcterms:creator>\n\
         \x20   <dcterms:identifier>CVDR{id}</dcterms:identifier>\n    <geldigheid>Geldend van 01-01-2026 t/m heden</geldigheid>\n\
         \x20 </meta>\n  <body>\n    <regeling>\n      <aanhef>\n",
        esc(&apv.title)
    );
    for l in &apv.preamble {
        let _ = writeln!(o, "        <al>{}</al>", esc(l));
    }
    o.push_str("      </aanhef>\n      <regeling-tekst>\n");
    for c in &apv.chapters {
        let chapter = !c.number.is_empty();
        if chapter {
            let _ = writeln!(
                o,
                "        <hoofdstuk><kop><label>Hoofdstuk</label><nr>{}</nr><titel>{}</titel></kop>",
                c.number,
                esc(&c.title)
            );
        }
        let mut in_section = false;
        for e in &c.entries {
            match e {
                Entry::Heading(l, t) => {
                    if in_section {
                        o.push_str("          </afdeling>\n");
                    }
                    let (label, nr) = l.split_once(' ').unwrap_or((l, ""));
                    let _ = writeln!(
                        o,
                        "          <afdeling><kop><label>{}</label><nr>{}</nr><titel>{}</titel></kop>",
                        esc(label),
                        esc(nr),
                        esc(t)
                    );
                    in_section = true;
                }
                Entry::Art(a) => xml_article(&mut o, a, dot),
            }
        }
        if in_section {
            o.push_str("          </afdeling>\n");
        }
        if chapter {
            o.push_str("        </hoofdstuk>\n");
        }
    }
    o.push_str("      </regeling-tekst>\n");
    if !apv.closing.is_empty() {
        o.push_str("      <regeling-sluiting>\n");
        for l in &apv.closing {
            let _ = writeln!(o, "        <al>{}</al>", esc(l));
        }
        o.push_str("      </regeling-sluiting>\n");
    }
    o.push_str("    </regeling>\n  </body>\n</cvdr>\n");
    o
}

fn xml_article(o: &mut String, a: &Art, dot: bool) {
    let _ = write!(
        o,
        "            <artikel>\n              <kop><label>Artikel</label><nr>{}</nr>",
        esc(&shown(&a.number, dot))
    );
    if let Some(t) = a.title.as_deref().filter(|t| !t.is_empty()) {
        let _ = write!(o, "<titel>{}</titel>", esc(t));
    }
    o.push_str("</kop>\n");
    if a.repealed {
        o.push_str("              <al>[Vervallen]</al>\n");
    }
    // Open elements: (name, level).
    let mut open: Vec<(&str, u8)> = Vec::new();
    let close = |o: &mut String, open: &mut Vec<(&str, u8)>, keep: &dyn Fn(&str, u8) -> bool| {
        while let Some(&(tag, level)) = open.last() {
            if keep(tag, level) {
                break;
            }
            let _ = writeln!(o, "</{tag}>");
            open.pop();
        }
    };
    for u in &a.units {
        let l = u.level;
        match &u.label {
            Some(label) if l > 0 => {
                close(o, &mut open, &|tag, level| {
                    if tag == "lijst" {
                        level <= l
                    } else {
                        level < l
                    }
                });
                if l >= 2 && open.last() != Some(&("lijst", l)) {
                    o.push_str("<lijst type=\"expliciet\">\n");
                    open.push(("lijst", l));
                }
                if l == 1 {
                    let _ = write!(o, "<lid><lidnr>{label}.</lidnr><al>{}</al>", esc(&u.text));
                    open.push(("lid", 1));
                } else {
                    let shown = if l == 3 {
                        format!("{label}°")
                    } else {
                        format!("{label}.")
                    };
                    let _ = write!(o, "<li><li.nr>{shown}</li.nr><al>{}</al>", esc(&u.text));
                    open.push(("li", l));
                }
                o.push('\n');
            }
            _ => {
                close(o, &mut open, &|_, level| level <= l);
                let _ = writeln!(o, "<al>{}</al>", esc(&u.text));
            }
        }
    }
    close(o, &mut open, &|_, _| false);
    o.push_str("            </artikel>\n");
}

// ---------------------------------------------------------------------------------------------

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// Writes `n` municipality folders into `out_dir` from seed `seed`; returns a one-line summary.
pub fn generate(out_dir: &Path, n: usize, seed: u64) -> Result<String, String> {
    let rules = apv_rules::RuleSet::embedded();
    let (bases, pool) = load_bases(&rules)?;
    let names = names(seed, n);
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let mut total = 0usize;
    let mut forms = [0usize; 4];
    for (i, name) in names.iter().enumerate() {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let base = &bases[(i + rng.below(3)) % bases.len()];
        let form = match rng.below(10) {
            0..=2 => Form::Markdown,
            3..=5 => Form::Text,
            6..=7 => Form::Xml,
            _ => Form::Html,
        };
        let dot = form != Form::Xml && rng.chance(35);
        let apv = vary(base, &pool, name, form, &mut rng);
        let body = match form {
            Form::Markdown => markdown(&apv, name, dot, &mut rng),
            Form::Text => text(&apv, name, dot, &mut rng),
            Form::Xml => xml(&apv, name, dot, &mut rng),
            Form::Html => html(&apv, name, dot, &mut rng),
        };
        let dir = out_dir.join(name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let file = dir.join(format!("apv-{}.{}", slug(name), form.ext()));
        std::fs::write(&file, &body).map_err(|e| format!("{}: {e}", file.display()))?;
        total += body.len();
        forms[form as usize] += 1;
        // Policies: the base's own, now and then another's, now and then one missing.
        let owner = if rng.chance(25) {
            rng.pick(&bases)
        } else {
            base
        };
        let policies = &owner.policies;
        let skip = if rng.chance(15) && !policies.is_empty() {
            Some(rng.below(policies.len()))
        } else {
            None
        };
        for (k, (file, bytes)) in policies.iter().enumerate() {
            if Some(k) == skip {
                continue;
            }
            let owner = owner.name.as_str();
            let (file, bytes) = match std::str::from_utf8(bytes) {
                Ok(text) => (
                    file.replace(&owner.to_lowercase(), &slug(name)),
                    rename(text, owner, name).into_bytes(),
                ),
                Err(_) => (file.clone(), bytes.clone()),
            };
            let path = dir.join(file);
            std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            total += bytes.len();
        }
    }
    Ok(format!(
        "{n} municipalities in {}: {:.1} MB ({} Markdown, {} text, {} CVDR XML, {} HTML)",
        out_dir.display(),
        total as f64 / 1e6,
        forms[0],
        forms[1],
        forms[2],
        forms[3]
    ))
}
