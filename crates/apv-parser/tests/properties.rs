//! Properties of every parse: it never panics, and when it gives a document, the nodes cover
//! the normalised text exactly (spans in bounds, on char boundaries, children inside parents,
//! siblings ordered without overlap, the roots end to end), so no text is lost.

use apv_parser::{Document, NodeId, ParseOptions, parse_bytes, parse_text};
use proptest::prelude::*;

/// Checks the structural invariants of a document; returns a description of the first breach.
fn check(doc: &Document) -> Result<(), String> {
    let len = doc.text.len();
    let mut pos = 0;
    for &r in &doc.roots {
        let n = doc.node(r);
        if n.parent.is_some() {
            return Err(format!("root {r:?} has a parent"));
        }
        if n.span.start != pos {
            return Err(format!(
                "gap or overlap before root {r:?}: {} vs {pos}",
                n.span.start
            ));
        }
        pos = n.span.end;
    }
    if pos != len {
        return Err(format!("roots end at {pos}, text is {len} bytes"));
    }
    let mut reached = vec![false; doc.nodes.len()];
    let mut stack: Vec<NodeId> = doc.roots.clone();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut reached[id.index()], true) {
            return Err(format!("node {id:?} reached twice"));
        }
        let n = doc.node(id);
        let s = n.span;
        if s.start > s.end || s.end > len {
            return Err(format!("node {id:?} span {s:?} out of bounds ({len})"));
        }
        if !doc.text.is_char_boundary(s.start) || !doc.text.is_char_boundary(s.end) {
            return Err(format!("node {id:?} span {s:?} not on char boundaries"));
        }
        if let Some(h) = n.heading
            && !s.contains(h)
        {
            return Err(format!("node {id:?} heading {h:?} outside span {s:?}"));
        }
        let mut prev_end = s.start;
        for &c in &n.children {
            let cn = doc.node(c);
            if cn.parent != Some(id) {
                return Err(format!("child {c:?} does not point back to {id:?}"));
            }
            if !s.contains(cn.span) {
                return Err(format!("child {c:?} {:?} outside parent {s:?}", cn.span));
            }
            if cn.span.start < prev_end {
                return Err(format!("child {c:?} overlaps or is out of order"));
            }
            prev_end = cn.span.end;
            stack.push(c);
        }
    }
    if let Some(i) = reached.iter().position(|r| !r) {
        return Err(format!("node {i} is not in the tree"));
    }
    // own text: every byte belongs to exactly one node (the deepest covering it)
    let mut own_total = 0usize;
    for n in &doc.nodes {
        let children: usize = n.children.iter().map(|&c| doc.node(c).span.len()).sum();
        own_total += n.span.len() - children;
    }
    if own_total != len {
        return Err(format!(
            "own text adds up to {own_total} bytes, text is {len}"
        ));
    }
    if doc.line_starts.len() != doc.line_origin.len()
        || doc.line_starts.windows(2).any(|w| w[0] >= w[1])
        || doc.line_origin.windows(2).any(|w| w[0] > w[1])
    {
        return Err("line map is not ordered".to_string());
    }
    for n in &doc.nodes {
        let _ = doc.line_of(n.span.start);
    }
    Ok(())
}

/// Lines an APV is made of, with the usual mess.
fn apv_line() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "het",
        "is",
        "verboden",
        "een",
        "openbare",
        "inrichting",
        "te",
        "exploi-",
        "tatie",
        "burgemeester.",
        "vergunning;",
        "als:",
        "Drank-",
        "en",
        "Horecawet",
        "ﬁets",
        "[",
        "]",
        "**",
        "_",
        "(Vervallen)",
        "vervalt",
        "1.",
        "2.",
        "3.",
        "a.",
        "b.",
        "c.",
        "1°",
        "2°",
        "sub",
        "d",
        "Artikel",
        "2:28",
        "lid",
        "é",
        "e\u{301}",
        "\u{ad}",
        "\u{a0}",
        "\u{200b}",
        "…",
        ".....",
        "12",
        "\t",
        "#",
        "- ",
        ":",
        ";",
        "Pagina 3 van 9",
    ]);
    let text = prop::collection::vec(word, 0..12).prop_map(|w| w.join(" "));
    prop_oneof![
        3 => text.clone(),
        1 => (1u32..6, text.clone()).prop_map(|(n, t)| format!("Hoofdstuk {n} {t}")),
        1 => (1u32..9, prop::sample::select(vec!["", "A", "a"]), text.clone())
            .prop_map(|(n, s, t)| format!("Afdeling {n}{s}. {t}")),
        1 => (1u32..4, 1u32..6, prop::sample::select(vec!["", "a", "B"]), text.clone())
            .prop_map(|(c, n, s, t)| format!("### **Artikel {c}:{n}{s} Titel {t}**")),
        1 => (1u32..40, text.clone()).prop_map(|(n, t)| format!("Artikel {n} {t}")),
        1 => (1u32..3, 1u32..9).prop_map(|(c, n)| format!("Art. {c}.{n}. Titel ........ 4")),
        2 => (1u32..6, text.clone()).prop_map(|(n, t)| format!("{n}. {t}")),
        2 => (prop::sample::select(vec!["a", "b", "c", "d"]), text.clone())
            .prop_map(|(l, t)| format!("   - {l}. {t}")),
        1 => (1u32..4, text.clone()).prop_map(|(n, t)| format!("{n}° {t}")),
        1 => Just("In deze verordening wordt verstaan onder:".to_string()),
        1 => (prop::sample::select(vec!["café", "een café", "de weg", "het ﬁetspad", "één"]), text.clone())
            .prop_map(|(t, d)| format!("- {t}: {d};")),
        1 => (1u32..4, 1u32..9).prop_map(|(c, n)| format!("zie artikel {c}:{n}, eerste lid, onder a, van de Opiumwet")),
        1 => Just("(Vervallen)".to_string()),
        1 => Just("Inhoudsopgave".to_string()),
        1 => Just("_VNG,november 2023_".to_string()),
        1 => (1u32..200).prop_map(|n| n.to_string()),
        1 => Just("### _Variant 2_".to_string()),
        1 => Just(String::new()),
        1 => Just("\u{c}".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC*(\n\\PC*){0,20}") {
        if let Ok(doc) = parse_text(&s, "x.txt") {
            prop_assert_eq!(check(&doc), Ok(()));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(doc) = parse_bytes(&b, "x.txt", &ParseOptions::default()) {
            prop_assert_eq!(check(&doc), Ok(()));
        }
    }

    #[test]
    fn apv_like_text_covers_every_byte(lines in prop::collection::vec(apv_line(), 1..60), md in any::<bool>()) {
        let text = lines.join("\n");
        let name = if md { "x.md" } else { "x.txt" };
        if let Ok(doc) = parse_text(&text, name) {
            prop_assert_eq!(check(&doc), Ok(()));
        }
    }
}

#[test]
fn the_checker_catches_a_gap() {
    let mut doc = parse_text("Artikel 1 Titel\n1. Tekst.\n2. Meer tekst.\n", "x.txt").unwrap();
    assert_eq!(check(&doc), Ok(()));
    let last = doc.nodes.len() - 1;
    let mut broken = doc.clone();
    broken.nodes[last].span.start = broken.nodes[last - 1].span.start; // lid 2 overlaps lid 1
    assert!(check(&broken).is_err());
    doc.nodes[last].span.end += 1; // past the end of the text
    assert!(check(&doc).is_err());
}
