//! The cross-form suite: the same regulation in every form it is published in gives the same
//! articles (number, title, repealed, the text of every lid).
//!
//! Each fixture under `fixtures/forms/<name>/` holds a neutral `source.json` (units and
//! articles as data) and the forms `fixtures/forms/generate.py` wrote from it without any
//! part of apv: Markdown, CVDR XML, the lokaleregelgeving.overheid.nl HTML page, a Word .docx,
//! Chromium's print-to-PDF of that page (read through apv's PDF path, so through `pdftotext`),
//! and the text `pdftotext -layout` gives for a typeset PDF. The expected articles come from
//! `source.json` alone, never from another parse, so a reader and a writer cannot agree on a
//! mistake.
//!
//! Besides number, title and repealed flag, each article's place (hoofdstuk, afdeling,
//! paragraaf) and the numbers of its onderdelen and sub-onderdelen are compared.
//! Lid text is compared after collapsing whitespace and joining words hyphenated at a line
//! end; nothing else is forgiven. Where the parser is known to differ today, the difference is
//! listed in [`KNOWN_GAPS`] and the test asserts it *still* occurs exactly so: a fix makes the
//! test fail until its entry is removed, so the list only shrinks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apv_parser::{Document, InputForm, NodeId, NodeKind, ParseOptions, WarningKind};
use serde_json::Value;

/// The forms of every fixture: form name, file, the form apv must detect.
const FORMS: &[(&str, &str, InputForm)] = &[
    ("markdown", "regeling.md", InputForm::Markdown),
    ("cvdr", "regeling.xml", InputForm::CvdrXml),
    ("html", "regeling.html", InputForm::Html),
    ("docx", "regeling.docx", InputForm::Docx),
    ("pdf", "regeling.pdf", InputForm::Pdf),
    ("pdf-text", "regeling.txt", InputForm::Text),
];

/// Differences the parser still has, each the same in the listed forms of one fixture,
/// written as [`compare`] reports them. A missing article usually shows twice: as `missing`
/// and as the article before it, which swallowed its text (`lid 3 text`, `leden 1,2`).
struct Gap {
    fixture: &'static str,
    forms: &'static [&'static str],
    diffs: &'static [&'static str],
}

const KNOWN_GAPS: &[Gap] = &[];

// ---------------------------------------------------------------------------------------
// What is compared

/// One article as the suite compares it.
#[derive(Debug, Clone, PartialEq)]
struct Article {
    number: String,
    title: Option<String>,
    repealed: bool,
    /// The hoofdstuk, afdeling and paragraaf it stands in: `hoofdstuk 2 / afdeling 8`.
    units: String,
    /// An article without leden has one unnumbered lid holding its text. Repealed articles
    /// carry none (their text is only the marker).
    leden: Vec<Lid>,
}

#[derive(Debug, Clone, PartialEq)]
struct Lid {
    number: Option<String>,
    text: String,
    /// The numbers of its onderdelen, sub-onderdelen in brackets: `a,b(1,2(i,ii)),c`.
    items: String,
}

/// Collapses whitespace and joins a word hyphenated at a line end ("exploi- tatie"); applied
/// to both sides, so a real hyphen ("Drank- en Horecawet") compares equal either way.
fn normalise(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = String::with_capacity(s.len());
    for (i, w) in words.iter().enumerate() {
        let w = w.replace('\u{ad}', "");
        out.push_str(&w);
        let joined = i + 1 < words.len()
            && w.len() > 1
            && w.ends_with('-')
            && w[..w.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_lowercase)
            && words[i + 1].chars().next().is_some_and(char::is_lowercase);
        if joined {
            out.pop();
        } else if i + 1 < words.len() {
            out.push(' ');
        }
    }
    out
}

/// The normalised article number as the formats README defines it, written here without the
/// parser: a trailing period goes, two-level numbers take a colon, letter suffixes are lower
/// case, deeper numbers keep their dots.
fn key(raw: &str) -> String {
    let n = raw.trim_end_matches('.').to_lowercase();
    let digits_then_suffix = |s: &str| {
        let d = s.trim_end_matches(|c: char| c.is_ascii_lowercase());
        !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) && s.len() - d.len() <= 1
    };
    match n.split_once(['.', ':']) {
        Some((h, rest)) if h.chars().all(|c| c.is_ascii_digit()) && digits_then_suffix(rest) => {
            format!("{h}:{rest}")
        }
        _ => n,
    }
}

// ---------------------------------------------------------------------------------------
// Expected articles, from the neutral source

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// "a. tekst b. tekst 1° tekst" for onderdelen and their sub-onderdelen.
fn items_text(items: Option<&Value>, out: &mut Vec<String>) {
    for it in items.and_then(Value::as_array).into_iter().flatten() {
        let (nr, text, sub) = match it {
            Value::Array(a) => (a[0].as_str().unwrap(), a[1].as_str().unwrap(), None),
            obj => (
                str_of(obj, "nr").unwrap(),
                str_of(obj, "text").unwrap(),
                obj.get("items"),
            ),
        };
        out.push(if nr.ends_with('°') {
            nr.to_string()
        } else {
            format!("{nr}.")
        });
        out.push(text.to_string());
        items_text(sub, out);
    }
}

/// `a,b(1,2(i,ii)),c` for a source list of onderdelen.
fn items_shape(items: Option<&Value>) -> String {
    let parts: Vec<String> = items
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|it| {
            let (nr, sub) = match it {
                Value::Array(a) => (a[0].as_str().unwrap(), None),
                obj => (str_of(obj, "nr").unwrap(), obj.get("items")),
            };
            let nr = nr.trim_end_matches('°');
            match items_shape(sub) {
                s if s.is_empty() => nr.to_string(),
                s => format!("{nr}({s})"),
            }
        })
        .collect();
    parts.join(",")
}

fn expected_articles(body: &Value, units: &[String], out: &mut Vec<Article>) {
    for node in body.as_array().unwrap() {
        if let Some(unit) = str_of(node, "unit") {
            let mut units = units.to_vec();
            units.push(format!(
                "{unit} {}",
                str_of(node, "nr").unwrap().to_lowercase()
            ));
            expected_articles(&node["body"], &units, out);
            continue;
        }
        let repealed = node.get("repealed").is_some();
        let mut leden = Vec::new();
        if !repealed {
            let lids = node.get("leden").and_then(Value::as_array);
            for (i, lid) in lids.into_iter().flatten().enumerate() {
                let mut parts = Vec::new();
                let items = match lid {
                    Value::String(s) => {
                        parts.push(s.clone());
                        None
                    }
                    obj => {
                        parts.push(str_of(obj, "text").unwrap().to_string());
                        items_text(obj.get("items"), &mut parts);
                        obj.get("items")
                    }
                };
                leden.push(Lid {
                    number: Some((i + 1).to_string()),
                    text: normalise(&parts.join(" ")),
                    items: items_shape(items),
                });
            }
            if leden.is_empty() {
                let mut parts: Vec<String> =
                    str_of(node, "text").map(String::from).into_iter().collect();
                items_text(node.get("items"), &mut parts);
                leden.push(Lid {
                    number: None,
                    text: normalise(&parts.join(" ")),
                    items: items_shape(node.get("items")),
                });
            }
        }
        out.push(Article {
            number: key(str_of(node, "nr").unwrap()),
            title: str_of(node, "title").map(normalise),
            repealed,
            units: units.join(" / "),
            leden,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Articles as parsed

/// A lid's text without its leading number ("1." or "1").
fn strip_lid_number(text: &str) -> &str {
    let t = text.trim_start();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == t.len() {
        return t;
    }
    rest.strip_prefix('.').unwrap_or(rest)
}

/// `a,b(1,2),c` for the onderdelen and sub-onderdelen under a node.
fn parsed_items(doc: &Document, id: NodeId) -> String {
    let parts: Vec<String> = doc
        .node(id)
        .children
        .iter()
        .filter(|&&c| matches!(doc.node(c).kind, NodeKind::Item | NodeKind::SubItem))
        .map(|&c| {
            let nr = doc.node(c).number.clone().unwrap_or_else(|| "?".into());
            match parsed_items(doc, c) {
                s if s.is_empty() => nr,
                s => format!("{nr}({s})"),
            }
        })
        .collect();
    parts.join(",")
}

/// `hoofdstuk 2 / afdeling 8` for the units above a node.
fn parsed_units(doc: &Document, id: NodeId) -> String {
    let mut units: Vec<String> = doc
        .ancestors(id)
        .filter_map(|a| {
            let n = doc.node(a);
            let kind = match n.kind {
                NodeKind::Chapter => "hoofdstuk",
                NodeKind::Section => "afdeling",
                NodeKind::Paragraph => "paragraaf",
                _ => return None,
            };
            Some(format!(
                "{kind} {}",
                n.number.as_deref().unwrap_or("?").to_lowercase()
            ))
        })
        .collect();
    units.reverse();
    units.join(" / ")
}

fn parsed_articles(doc: &Document) -> Vec<Article> {
    doc.articles()
        .map(|id| {
            let n = doc.node(id);
            let members: Vec<NodeId> = n
                .children
                .iter()
                .copied()
                .filter(|&c| doc.node(c).kind == NodeKind::Member)
                .collect();
            let leden = if n.repealed {
                Vec::new()
            } else if members.is_empty() {
                vec![Lid {
                    number: None,
                    text: normalise(doc.body_text(id)),
                    items: parsed_items(doc, id),
                }]
            } else {
                members
                    .iter()
                    .map(|&m| Lid {
                        number: doc.node(m).number.clone(),
                        text: normalise(strip_lid_number(doc.node_text(m))),
                        items: parsed_items(doc, m),
                    })
                    .collect()
            };
            Article {
                number: n.number.clone().unwrap_or_default(),
                title: n.title.as_deref().map(normalise),
                repealed: n.repealed,
                units: parsed_units(doc, id),
                leden,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The comparison

/// Every difference between the parsed and the expected articles, one short line each:
/// `4:12 missing`, `extra 3 "Horeca"`, `2:28 title "…"`, `2:28 no title`,
/// `2:28 repealed false`, `2:28 in hoofdstuk 2`, `2:28 leden 1,2`, `2:28 lid 2 text`,
/// `2:28 lid 2 onderdelen a,b`, `2:28 text`, `2:28 onderdelen a,b`, `order`.
fn compare(got: &[Article], want: &[Article]) -> BTreeSet<String> {
    let mut diffs = BTreeSet::new();
    let mut used = vec![false; got.len()];
    for w in want {
        let Some(i) = (0..got.len()).find(|&i| !used[i] && got[i].number == w.number) else {
            diffs.insert(format!("{} missing", w.number));
            continue;
        };
        used[i] = true;
        let g = &got[i];
        let nr = &w.number;
        if g.title != w.title {
            diffs.insert(match &g.title {
                Some(t) => format!("{nr} title {t:?}"),
                None => format!("{nr} no title"),
            });
        }
        if g.repealed != w.repealed {
            diffs.insert(format!("{nr} repealed {}", g.repealed));
        }
        if g.units != w.units {
            diffs.insert(format!("{nr} in {}", g.units));
        }
        let numbers = |a: &Article| -> Vec<String> {
            a.leden
                .iter()
                .map(|l| l.number.clone().unwrap_or_else(|| "-".into()))
                .collect()
        };
        if numbers(g) != numbers(w) {
            diffs.insert(format!("{nr} leden {}", numbers(g).join(",")));
            continue;
        }
        for (gl, wl) in g.leden.iter().zip(&w.leden) {
            let which = gl
                .number
                .as_deref()
                .map_or(String::new(), |n| format!(" lid {n}"));
            if gl.text != wl.text {
                diffs.insert(format!("{nr}{which} text"));
            }
            if gl.items != wl.items {
                diffs.insert(format!("{nr}{which} onderdelen {}", gl.items));
            }
        }
    }
    for (g, _) in got.iter().zip(&used).filter(|(_, u)| !**u) {
        diffs.insert(format!(
            "extra {} {:?}",
            g.number,
            g.title.as_deref().unwrap_or("")
        ));
    }
    let order = |a: &[Article]| a.iter().map(|a| a.number.clone()).collect::<Vec<_>>();
    if diffs.is_empty() && order(got) != order(want) {
        diffs.insert("order".to_string());
    }
    diffs
}

/// The closing and toelichting paragraphs of the source that are not in the document's text:
/// `lost "Aldus vastgesteld in …"` (a reader must not drop text, even when it is no article).
fn lost_text(doc: &Document, source: &Value) -> BTreeSet<String> {
    let text = normalise(&doc.text);
    let closing = source["closing"].as_array().into_iter().flatten();
    let toelichting = source["toelichting"].as_array().into_iter().flatten();
    closing
        .filter_map(Value::as_str)
        .chain(toelichting.filter_map(|p| str_of(p, "p").or_else(|| str_of(p, "heading"))))
        .filter(|p| !text.contains(&normalise(p)))
        .map(|p| format!("lost {:?}", p.chars().take(40).collect::<String>()))
        .collect()
}

/// Warnings that the fixtures give no cause for: every article a fixture cites exists, and
/// citations of laws are external. `warning: refers to article 4:12, …`.
fn reference_warnings(doc: &Document) -> BTreeSet<String> {
    doc.warnings
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                WarningKind::UnresolvedReference | WarningKind::DuplicateArticle
            )
        })
        .map(|w| format!("warning: {}", w.message))
        .collect()
}

/// A readable account of one text difference, for the failure message.
fn explain(d: &str, got: &[Article], want: &[Article]) -> String {
    let number = d.split(' ').next().unwrap_or("");
    let g = got.iter().find(|a| a.number == number);
    let w = want.iter().find(|a| a.number == number);
    match (g, w) {
        (Some(g), Some(w)) if d.ends_with(" text") => {
            let mut s = String::new();
            for (gl, wl) in g.leden.iter().zip(&w.leden) {
                if gl.text != wl.text {
                    s.push_str(&format!(
                        "\n      lid {:?}\n        got:  {}\n        want: {}",
                        gl.number, gl.text, wl.text
                    ));
                }
            }
            s
        }
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Running a fixture

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/forms")
        .join(name)
}

/// Whether `pdftotext` is on `PATH`. In CI (`CI` set) it must be: `.ci/run` installs it.
#[allow(clippy::print_stdout)] // the skip notice is for whoever runs the tests
fn pdftotext_installed() -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("pdftotext").is_file()));
    assert!(
        found || std::env::var_os("CI").is_none(),
        "pdftotext is not installed; .ci/run installs poppler-utils"
    );
    if !found {
        println!("skipped the PDF form: pdftotext not installed (apt-get install poppler-utils)");
    }
    found
}

fn check(name: &str) {
    let source: Value = serde_json::from_str(
        &std::fs::read_to_string(dir(name).join("source.json")).expect("source.json"),
    )
    .expect("source.json is JSON");
    let mut want = Vec::new();
    expected_articles(&source["body"], &[], &mut want);
    assert!(
        want.len() >= 5,
        "{name}: a fixture of at least five articles"
    );

    let mut failures = Vec::new();
    for &(form, file, detected) in FORMS {
        if form == "pdf" && !pdftotext_installed() {
            continue;
        }
        let path = dir(name).join(file);
        let doc = match apv_parser::parse_file(&path, &ParseOptions::default()) {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{name}/{form}: {e}"));
                continue;
            }
        };
        if doc.form != detected {
            failures.push(format!("{name}/{form}: detected as {:?}", doc.form));
        }
        let got = parsed_articles(&doc);
        let mut diffs = compare(&got, &want);
        diffs.extend(lost_text(&doc, &source));
        diffs.extend(reference_warnings(&doc));
        let known: BTreeSet<String> = KNOWN_GAPS
            .iter()
            .filter(|g| g.fixture == name && g.forms.contains(&form))
            .flat_map(|g| g.diffs.iter().map(|d| d.to_string()))
            .collect();
        for d in diffs.difference(&known) {
            failures.push(format!("{name}/{form}: {d}{}", explain(d, &got, &want)));
        }
        for d in known.difference(&diffs) {
            failures.push(format!(
                "{name}/{form}: known gap {d:?} no longer occurs: remove it from KNOWN_GAPS"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        /// The fixture directories in the suite (`hessingen_bibob` is `hessingen-bibob`).
        fn fixtures() -> Vec<String> {
            vec![$(stringify!($name).replace('_', "-")),*]
        }
        $(
            #[test]
            fn $name() {
                check(&stringify!($name).replace('_', "-"));
            }
        )*
    };
}

fixtures!(
    eemhoven,
    dijkwerven,
    korenwolde,
    zandmere,
    lemmerhorst,
    hessingen_bibob,
    marsbergen_damocles,
    oudervaart_speelautomatenhallen,
);

#[test]
fn known_gaps_name_real_fixtures_and_forms() {
    for gap in KNOWN_GAPS {
        assert!(
            fixtures().iter().any(|f| f == gap.fixture),
            "unknown fixture {}",
            gap.fixture
        );
        for form in gap.forms {
            assert!(FORMS.iter().any(|(f, ..)| f == form), "unknown form {form}");
        }
        assert!(!gap.diffs.is_empty());
    }
}

#[test]
fn every_fixture_directory_is_in_the_suite() {
    let root = dir("");
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.join("source.json").is_file() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            assert!(fixtures().contains(&name), "{name} is not in fixtures!()");
        }
    }
}

#[test]
fn the_comparison_sees_differences() {
    let art = |n: &str, t: Option<&str>, leden: &[(&str, &str)]| Article {
        number: n.into(),
        title: t.map(String::from),
        repealed: false,
        units: "hoofdstuk 1".into(),
        leden: leden
            .iter()
            .map(|(n, t)| Lid {
                number: Some(n.to_string()),
                text: normalise(t),
                items: String::new(),
            })
            .collect(),
    };
    let want = vec![
        art(
            "1:1",
            Some("Begrippen"),
            &[("1", "De exploi- tatie van een Drank- en Horecawet.")],
        ),
        art(
            "4:12",
            Some("vervaltermijn vergunning"),
            &[("1", "Een vergunning vervalt.")],
        ),
    ];
    let same = vec![
        art(
            "1:1",
            Some("Begrippen"),
            &[("1", "De exploitatie van een  Drank-\nen Horecawet.")],
        ),
        art(
            "4:12",
            Some("vervaltermijn vergunning"),
            &[("1", "Een vergunning\nvervalt.")],
        ),
    ];
    assert!(compare(&same, &want).is_empty());
    let glued = vec![art(
        "1:1",
        Some("Begrippen"),
        &[(
            "1",
            "De exploitatie van een Drank- en Horecawet. Artikel 4:12 vervaltermijn",
        )],
    )];
    assert_eq!(
        compare(&glued, &want),
        BTreeSet::from(["1:1 lid 1 text".to_string(), "4:12 missing".to_string()])
    );
    let mut toc = want.clone();
    toc.push(art("1:1", Some("Begrippen"), &[]));
    assert_eq!(
        compare(&toc, &want),
        BTreeSet::from(["extra 1:1 \"Begrippen\"".to_string()])
    );
    let mut moved = want.clone();
    moved[1].units = "hoofdstuk 1 / afdeling 2".into();
    moved[1].leden[0].items = "a,b(1,2)".into();
    assert_eq!(
        compare(&moved, &want),
        BTreeSet::from([
            "4:12 in hoofdstuk 1 / afdeling 2".to_string(),
            "4:12 lid 1 onderdelen a,b(1,2)".to_string()
        ])
    );
    assert_eq!(key("2.28"), "2:28");
    assert_eq!(key("2:34B"), "2:34b");
    assert_eq!(key("2.3.1.1"), "2.3.1.1");
    assert_eq!(key("53a"), "53a");
    assert_eq!(key("1:1."), "1:1");
}

#[test]
fn lost_text_sees_a_paragraph_that_is_not_there() {
    let doc = apv_parser::parse_text(
        "Artikel 1 Citeertitel\nDeze verordening heet Proef.\n\nAldus vastgesteld op 1 mei 2024.\n",
        "t.txt",
    )
    .unwrap();
    let source = serde_json::json!({
        "closing": ["Aldus vastgesteld op 1 mei 2024.", "De griffier,"],
        "toelichting": [{"heading": "Toelichting"}]
    });
    assert_eq!(
        lost_text(&doc, &source),
        BTreeSet::from([
            "lost \"De griffier,\"".to_string(),
            "lost \"Toelichting\"".to_string()
        ])
    );
}

#[test]
fn reference_warnings_see_a_broken_reference() {
    let doc = apv_parser::parse_text(
        "Artikel 1 Verbod\nHet is verboden te venten.\n\nArtikel 2 Strafbepaling\nOvertreding van artikel 9 wordt gestraft.\n",
        "t.txt",
    )
    .unwrap();
    let w = reference_warnings(&doc);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w.iter().all(|w| w.contains('9')), "{w:?}");
}
