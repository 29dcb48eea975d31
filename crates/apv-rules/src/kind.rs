//! What kind of document a file is: an APV, an amendment decision, a Bibob or Damocles
//! policy, another regulation or another policy. Judged on the title first, then on the
//! opening text and a few operative phrases.

use crate::fold::fold_str;
use crate::verdict::DocumentKind;

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Phrases of amendment instructions; a consolidated text rarely holds them.
const AMENDMENT_MARKERS: [&str; 6] = [
    "wordt als volgt gewijzigd",
    "komt te luiden",
    "wordt vervangen door",
    "worden de volgende",
    "wordt een artikel ingevoegd",
    "na artikel",
];

fn is_amendment_title(t: &str) -> bool {
    has_any(
        t,
        &[
            "wijzigingsverordening",
            "wijzigingsbesluit",
            "tot wijziging",
            "wijziging van de algemene plaatselijke verordening",
            "wijziging algemene plaatselijke verordening",
            "wijziging van de apv",
            "wijziging apv",
        ],
    ) || (t.contains("wijziging") && t.contains("verordening") && !t.starts_with("model"))
        && t.find("wijziging") < t.find("verordening")
}

/// Detects the kind of a document from its title, its opening text (folded, a few KB) and its
/// whole folded text.
pub fn detect(title: &str, head: &str, text: &str, articles: usize) -> DocumentKind {
    let t = fold_str(title);
    // Amendment instructions open an amendment decision: the first 64 KB tell.
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let opening = &text[..end];
    // Counted only when they could outnumber a third of the articles (each counts up to 20).
    let markers: usize = if AMENDMENT_MARKERS.len() * 20 * 3 < articles {
        0
    } else {
        AMENDMENT_MARKERS
            .iter()
            .map(|m| {
                memchr::memmem::find_iter(opening.as_bytes(), m.as_bytes())
                    .take(20)
                    .count()
            })
            .sum()
    };
    if has_any(&t, &["damocles"]) || (t.contains("13b") && t.contains("opiumwet")) {
        return DocumentKind::DamoclesPolicy;
    }
    if has_any(&t, &["bibob", "integriteitsbeoordeling"]) {
        return DocumentKind::BibobPolicy;
    }
    if is_amendment_title(&t) || (markers >= 4 && markers * 3 >= articles.max(1)) {
        return DocumentKind::Amendment;
    }
    let apv_title = t.contains("algemene plaatselijke verordening")
        || t.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "apv");
    let policy_title = has_any(
        &t,
        &[
            "beleidsregel",
            "beleidslijn",
            "beleid ",
            "beleid",
            "aanwijzingsbesluit",
            "besluit van de burgemeester",
            "handhavingsstrategie",
            "nota ",
        ],
    );
    if apv_title && !policy_title {
        return DocumentKind::Apv;
    }
    if policy_title {
        // A policy titled after the Opiumwet or drug premises ("Beleidsregel handhaving
        // Opiumwet", "Beleidsregels sluiting drugspanden").
        if has_any(&t, &["opiumwet", "drugspand"]) {
            return DocumentKind::DamoclesPolicy;
        }
        // A policy named after an APV article ("Beleidsregels sluiting artikel 2:80 APV"), or
        // any title, whose opening applies 13b ("artikel 13b, eerste lid, van de Opiumwet").
        if (has_any(head, &["artikel 13b", "damocles"]) && head.contains("opiumwet")
            || head.contains("damocles"))
            && !head.contains("bibob")
        {
            return DocumentKind::DamoclesPolicy;
        }
        return DocumentKind::OtherPolicy;
    }
    if t.contains("verordening") {
        return DocumentKind::OtherRegulation;
    }
    // No telling title: look at the opening text.
    if head.contains("bibob") && has_any(head, &["beleid", "beleidsregel", "beleidslijn"]) {
        return DocumentKind::BibobPolicy;
    }
    // A short document of the burgemeester that applies 13b ("gelet op artikel 13b van de
    // Opiumwet") under a title without "beleid" ("Bestuurlijke aanpak drugs in woningen").
    let applies_13b = head.contains("13b")
        && head.contains("opiumwet")
        && (has_any(head, &["beleid", "beleidsregel"])
            || (head.contains("gelet op")
                && articles < 40
                && !has_any(head, &["bibob", "verordening"])));
    if head.contains("damocles") || applies_13b {
        return DocumentKind::DamoclesPolicy;
    }
    if head.contains("algemene plaatselijke verordening") || articles >= 40 {
        return DocumentKind::Apv;
    }
    if head.contains("verordening") {
        return DocumentKind::OtherRegulation;
    }
    DocumentKind::OtherPolicy
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentKind::*;

    fn k(title: &str) -> DocumentKind {
        detect(title, "", "", 10)
    }

    #[test]
    fn titles_decide_first() {
        assert_eq!(k("Algemene plaatselijke verordening Lindewaard 2024"), Apv);
        assert_eq!(k("APV Lindewaard 2020"), Apv);
        assert_eq!(
            k(
                "Model Algemene plaatselijke verordening per 1 januari 2024 (versie na wijziging Model-APV najaar 2023)"
            ),
            Apv
        );
        assert_eq!(
            k("Beleidsregels Wet Bibob gemeente Lindewaard 2025"),
            BibobPolicy
        );
        assert_eq!(
            k("Beleidsregels integriteitsbeoordelingen door het openbaar bestuur"),
            BibobPolicy
        );
        assert_eq!(k("Damoclesbeleid Lindewaard 2023"), DamoclesPolicy);
        assert_eq!(
            k("Beleidsregels artikel 13b Opiumwet Lindewaard"),
            DamoclesPolicy
        );
        assert_eq!(
            k("Verordening tot wijziging van de Algemene plaatselijke verordening Lindewaard"),
            Amendment
        );
        assert_eq!(
            k("Tweede wijziging Algemene plaatselijke verordening Veenhoven 2021"),
            Amendment
        );
        assert_eq!(
            k("Speelautomatenhallenverordening Veenhoven 2020"),
            OtherRegulation
        );
        assert_eq!(k("Beleidsregels sluiting publieke gebouwen"), OtherPolicy);
        assert_eq!(k("Handhavingsbeleid Opiumwet Lindewaard"), DamoclesPolicy);
        assert_eq!(
            k("Beleidsregels sluiting drugspanden Lindewaard 2022"),
            DamoclesPolicy
        );
    }

    #[test]
    fn a_policy_whose_opening_applies_13b_is_damocles_unless_it_is_about_bibob() {
        let head = "de burgemeester; gelet op artikel 13b, eerste lid, van de opiumwet;";
        assert_eq!(
            detect("Beleidsregels sluitingen panden", head, head, 3),
            DamoclesPolicy
        );
        let bibob = "reikwijdte bibob: een sluiting op grond van artikel 13b van de opiumwet";
        assert_eq!(detect("Beleidsregels", bibob, bibob, 3), OtherPolicy);
        let woonoverlast = "gelet op artikel 174a van de gemeentewet";
        assert_eq!(
            detect("Beleidsregels woonoverlast", woonoverlast, woonoverlast, 3),
            OtherPolicy
        );
    }

    #[test]
    fn amendment_instructions_mark_an_amendment() {
        let text = "a artikel 2:6 komt te luiden: ... b artikel 2:7 wordt als volgt gewijzigd ... c na artikel 2:9 ... d komt te luiden";
        assert_eq!(detect("Besluit van de raad", "", text, 4), Amendment);
    }

    #[test]
    fn opening_text_decides_without_a_title() {
        assert_eq!(
            detect("Lindewaard", "het bibob-beleid van de gemeente", "", 5),
            BibobPolicy
        );
        assert_eq!(detect("", "", "", 120), Apv);
        let head = "bestuurlijke aanpak drugs in woningen; gelet op artikel 13b van de opiumwet;";
        assert_eq!(
            detect("Bestuurlijke aanpak drugs", head, head, 2),
            DamoclesPolicy
        );
        // An untitled APV whose preamble names 13b stays an APV.
        assert_eq!(detect("Proefstad", head, head, 120), Apv);
        let apv =
            "algemene plaatselijke verordening; de raad; gelet op artikel 13b van de opiumwet;";
        assert_eq!(detect("", apv, apv, 3), Apv);
        assert_eq!(detect("", "", "", 3), OtherPolicy);
    }
}
