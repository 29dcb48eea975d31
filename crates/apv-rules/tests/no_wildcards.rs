//! No pattern of the Flevolandse-norm rule set bridges words with a quantified wildcard
//! (`.{0,150}`, `[^.]{0,80}`, `\W*`, `(\w+\W+){1,5}` …): co-occurrence is written as concepts
//! plus a scope. A repetition that stays inside a word (`\w*`) or an optional word (`(het )?`)
//! is fine.

use std::path::Path;

use regex_syntax::hir::{Class, Hir, HirKind};

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/flevolandse-norm");

/// Whether `h` can match a byte that is not a word character (a space, punctuation …).
fn crosses_words(h: &Hir) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.iter().any(|&b| !word(b)),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).any(|b| !word(b))),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| {
            (r.start()..=r.end())
                .take(256)
                .any(|ch| ch.is_ascii() && !word(ch as u8))
        }),
        HirKind::Repetition(r) => crosses_words(&r.sub),
        HirKind::Capture(c) => crosses_words(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(crosses_words),
    }
}

/// The quantified wildcards in `h`: repetitions of more than one that can cross a word.
fn wildcards(h: &Hir, out: &mut Vec<String>) {
    match h.kind() {
        HirKind::Repetition(r) => {
            if r.max.is_none_or(|m| m > 1) && crosses_words(&r.sub) {
                out.push(format!("{h}"));
            }
            wildcards(&r.sub, out);
        }
        HirKind::Capture(c) => wildcards(&c.sub, out),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().for_each(|x| wildcards(x, out)),
        _ => {}
    }
}

fn offenders(pattern: &str) -> Vec<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("`{pattern}` does not parse: {e}"));
    let mut out = Vec::new();
    wildcards(&hir, &mut out);
    out
}

/// Every pattern string of a rule file: the values of the keys that hold patterns.
fn patterns(v: &toml::Value, key: &str, out: &mut Vec<(String, String)>) {
    const KEYS: [&str; 6] = [
        "patterns",
        "unless",
        "body",
        "exclude",
        "exclude_titles",
        "vocabulary",
    ];
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                if k == "example" || k == "concepts" || k == "negation" {
                    continue;
                }
                patterns(x, &format!("{key}.{k}"), out);
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                match x {
                    toml::Value::String(s)
                        if KEYS.iter().any(|k| key.contains(k)) && !s.starts_with('@') =>
                    {
                        out.push((format!("{key}[{i}]"), s.clone()))
                    }
                    _ => patterns(x, &format!("{key}[{i}]"), out),
                }
            }
        }
        _ => {}
    }
}

#[test]
fn the_detector_finds_every_kind_of_wildcard() {
    for p in [
        r"kan.{0,150}sluiten",
        r"kan[^.]{0,80}sluiten",
        r"kan\W*sluiten",
        r"kan (\w+\W+){1,6}sluiten",
        r"kan\s+sluiten",
        r"kan[a-z ]*sluiten",
    ] {
        assert!(!offenders(p).is_empty(), "{p}");
    }
    for p in [
        r"\bvechtsport\w*",
        r"voor (het )?publiek",
        r"(seksbedrijf|seksinrichting)",
        r"artikel 174a? (van de )?gemeentewet",
        r"full[- ]?contact",
    ] {
        assert_eq!(offenders(p), Vec::<String>::new(), "{p}");
    }
}

#[test]
fn no_rule_of_the_flevolandse_norm_uses_a_quantified_wildcard() {
    let mut found = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(Path::new(RULES)).expect("rules directory") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        files += 1;
        let src = std::fs::read_to_string(&path).expect("readable");
        let v: toml::Value = toml::from_str(&src).expect("valid TOML");
        let mut pats = Vec::new();
        patterns(&v, "", &mut pats);
        for (key, p) in pats {
            for w in offenders(&p.to_lowercase()) {
                found.push(format!(
                    "{}: {key} `{p}` uses `{w}`",
                    path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
                ));
            }
        }
    }
    assert!(files >= 18, "only {files} rule files");
    assert!(
        found.is_empty(),
        "{} quantified wildcards:\n{}",
        found.len(),
        found.join("\n")
    );
}
