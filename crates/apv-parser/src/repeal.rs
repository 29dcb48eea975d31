//! The one repeal detector of the program: whether a text says only that a unit is repealed
//! (`[Vervallen]`, `(vervallen per 1 januari 2020)`, `Gereserveerd`, `Dit artikel vervalt.`)
//! and whether a heading's title ends in such a marker (`Exploitatie (vervallen)`,
//! `Sluiting VERVALLEN`). The readers, the structure builder and the rules engine all ask here.
//!
//! A word in a sentence is not a marker: "De vergunning vervalt zodra …" is text.

use std::sync::LazyLock;

use regex::Regex;

static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\[(]?\s*(?:(?:dit\s+)?artikel\s+(?:is\s+)?)?(?:vervallen|gereserveerd|ingetrokken|komt te vervallen|vervalt)\s*[\])]?\s*\.?\s*[\])]?$",
    )
    .expect("repeal pattern")
});

static SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[\[(]\s*(?:vervallen|gereserveerd|ingetrokken)\s*[\])]\.?$|\s+(?:VERVALLEN|GERESERVEERD|INGETROKKEN)\.?$")
        .expect("repeal suffix pattern")
});

/// Whether a text says only that the unit is repealed: `(Vervallen)`, `[vervallen]`,
/// `Vervallen.`, `Gereserveerd`, `Komt te vervallen`, `Dit artikel vervalt.`, or a dated note
/// (`Vervallen per 1 januari 2020`, `[vervallen met ingang van 1-7-2021]`).
pub fn is_repeal_marker(text: &str) -> bool {
    let t = text.trim();
    if t.len() >= 80 {
        return false;
    }
    // the pattern's words start with v, g, i, k, d or a (and U+212A, the Kelvin sign, which
    // the case-insensitive pattern matches too): other texts are rejected before it runs
    let word = t.strip_prefix(['[', '(']).unwrap_or(t).trim_start();
    let may_be = word.chars().next().is_some_and(|c| {
        matches!(
            c,
            'v' | 'V' | 'g' | 'G' | 'i' | 'I' | 'k' | 'K' | 'd' | 'D' | 'a' | 'A' | '\u{212a}'
        )
    });
    if !may_be {
        return false;
    }
    (t.len() <= 40 && ends_in_marker_word(t) && MARKER_RE.is_match(t)) || is_dated_note(t)
}

/// Whether `t` ends in a word that ends [`MARKER_RE`] ("vervallen", "gereserveerd",
/// "ingetrokken", "vervalt", in any case), before the brackets, periods and spaces at its
/// end; no other text can match the pattern. A last word that is not ASCII (a case variant
/// such as the Kelvin sign, or a word after a non-ASCII space) is left to the pattern.
fn ends_in_marker_word(t: &str) -> bool {
    let b = t.as_bytes();
    let end = b.len()
        - b.iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace() || matches!(c, b']' | b')' | b'.' | 0x0B))
            .count();
    let start = b[..end]
        .iter()
        .rposition(|c| c.is_ascii_whitespace() || matches!(c, b'[' | b'(' | 0x0B))
        .map_or(0, |p| p + 1);
    let word = &b[start..end];
    !word.is_ascii()
        || ["vervallen", "gereserveerd", "ingetrokken", "vervalt"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// "Vervallen per 1 januari 2020", "vervallen met ingang van …", "vervallen bij besluit …".
fn is_dated_note(t: &str) -> bool {
    let t = t.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | '.' | ' '));
    // the words looked for are ASCII: compared in any case, without a lower-case copy
    let starts = |s: &str, p: &str| {
        s.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    };
    if !starts(t, "vervallen ") {
        return false;
    }
    let rest = &t["vervallen ".len()..];
    [
        "per ",
        "met ingang van ",
        "m.i.v. ",
        "bij ",
        "sinds ",
        "op ",
    ]
    .iter()
    .any(|p| starts(rest, p))
}

/// Where a repeal marker at the end of a title starts ("Exploitatie (vervallen)" gives the
/// offset of " (vervallen)"); `None` when the title does not end in one. A marker without
/// brackets counts only in capitals ("Sluiting VERVALLEN"): "Grafrechten vervallen" is a title.
pub fn repeal_suffix(title: &str) -> Option<usize> {
    let last = *title.as_bytes().last()?;
    if !(matches!(last, b')' | b']' | b'.') || last.is_ascii_uppercase()) {
        return None;
    }
    let m = SUFFIX_RE.find(title)?;
    let bare = !title[m.start()..].contains(['(', '[']);
    if bare && title[m.start()..].chars().any(char::is_lowercase) {
        return None;
    }
    Some(m.start())
}

/// Whether a heading's title says the unit is repealed: the whole title is a marker, or it
/// ends in one.
pub fn title_is_repealed(title: &str) -> bool {
    is_repeal_marker(title) || repeal_suffix(title).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        for t in [
            "[Vervallen]",
            "(vervallen)",
            "Vervallen.",
            "Gereserveerd",
            "komt te vervallen",
            "Dit artikel vervalt.",
            "Artikel is vervallen",
            "[Vervallen.]",
            "(vervallen per 1 januari 2020)",
            "Vervallen met ingang van 1 juli 2021.",
            "\u{212a}omt te vervallen",
        ] {
            assert!(is_repeal_marker(t), "{t}");
        }
        for t in [
            "De vergunning vervalt zodra de houder overlijdt.",
            "Vervallen is de vergunning als de houder overlijdt.",
            "De vergunning is vervallen als de houder overlijdt en de erven niets doen.",
            "Vervallen en vervallen verklaren van grafrechten",
            "",
        ] {
            assert!(!is_repeal_marker(t), "{t}");
        }
    }

    #[test]
    fn repeal_markers_are_rejected_early_only_when_the_pattern_fails() {
        for t in [
            "Vervallen",
            "[vervallen]",
            "( Gereserveerd ).",
            "INGETROKKEN",
            "komt te vervallen",
            "\u{212a}omt te vervallen",
            "vervalt",
            "[\u{a0}vervallen]",
            "vervallen\u{2003}) .\u{3000}]",
            "Dit artikel is vervallen.)",
            "Gereserveerd verklaard",
            "VERVALT",
            "vervallen\u{a0}",
            "vervallen\u{b}",
            "(\u{b}Vervallen\u{b})",
            "ingetro\u{212a}\u{212a}en",
            "Afwijking van de sluitingstijd",
            "Artikel vervallen verklaard",
            "Begripsbepalingen",
            "(Artikel)",
            "",
            "[",
        ] {
            let trimmed = t.trim();
            assert_eq!(
                is_repeal_marker(t),
                trimmed.len() <= 40 && (MARKER_RE.is_match(trimmed) || is_dated_note(trimmed)),
                "{t:?}"
            );
        }
        assert!(is_repeal_marker("\u{212a}omt te vervallen"));
    }

    #[test]
    fn more_repeal_markers() {
        for t in [
            "(Vervallen)",
            "[vervallen]",
            "VERVALLEN",
            "Vervallen.",
            "(Gereserveerd)",
            "Ingetrokken",
        ] {
            assert!(is_repeal_marker(t), "{t}");
        }
        for t in [
            "De vergunning vervalt.",
            "vervallen verklaard door de raad",
            "",
        ] {
            assert!(!is_repeal_marker(t), "{t}");
        }
    }

    #[test]
    fn suffixes() {
        assert_eq!(repeal_suffix("Exploitatie (vervallen)"), Some(11));
        assert_eq!(repeal_suffix("Sluiting [Gereserveerd]."), Some(8));
        assert_eq!(repeal_suffix("Sluiting VERVALLEN"), Some(8));
        assert_eq!(repeal_suffix("Grafrechten vervallen"), None);
        assert_eq!(repeal_suffix("Exploitatie"), None);
        assert!(title_is_repealed("vervallen"));
        assert!(title_is_repealed("sluiting van gebouwen (vervallen)"));
    }
}
