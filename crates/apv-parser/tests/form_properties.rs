//! A property per structured form: whatever APV the generator makes (article numbers in the
//! styles real APVs use, titles lower-case or with punctuation or missing, repealed articles,
//! leden, onderdelen and sub-onderdelen), once it is written as Markdown, CVDR XML, a
//! lokaleregelgeving HTML page or a Word .docx, apv finds exactly the articles the markup
//! holds: as many, with the same numbers, titles and repealed flags, in order, each with the
//! leden, onderdelen and sub-onderdelen of the markup.
//!
//! The writers live here and share nothing with apv's readers; the expected articles come
//! from the generated model, never from another parse.

use apv_parser::{Document, NodeId, NodeKind, ParseOptions};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The generated APV

#[derive(Debug, Clone)]
struct Apv {
    chapters: Vec<Chapter>,
}

#[derive(Debug, Clone)]
struct Chapter {
    number: u32,
    title: String,
    /// An afdeling and paragraaf around the articles (the deep numbering style has them).
    sections: Option<(String, String)>,
    articles: Vec<Article>,
}

#[derive(Debug, Clone)]
struct Article {
    /// As written: `2:28a`, `2.28`, `53a`, `2.3.1.1`.
    raw: String,
    /// As apv must normalise it.
    key: String,
    title: Option<String>,
    repeal: Option<Repeal>,
    /// Text of an article without leden.
    text: String,
    /// Onderdelen of an article without leden.
    items: Vec<Item>,
    leden: Vec<Lid>,
}

#[derive(Debug, Clone, Copy)]
enum Repeal {
    /// `Artikel 2:5 [Vervallen]`: the marker stands in the heading, the article has no title.
    Heading,
    /// The heading keeps its title; the body is only `Vervallen.`
    Body,
}

#[derive(Debug, Clone)]
struct Lid {
    text: String,
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
struct Item {
    text: String,
    subs: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Colon,
    Dot,
    Flat,
    Deep,
}

const TITLE_WORDS: &[&str] = &[
    "exploitatie",
    "openbare",
    "inrichting",
    "vergunning",
    "evenementen",
    "sluitingstijden",
    "toezicht",
    "verbod",
    "gebruik",
    "lachgas",
    "parkeren",
    "kampeermiddelen",
    "venten",
    "snuffelmarkten",
    "collecteren",
    "bedrijfsmatige",
    "activiteiten",
    "begripsbepalingen",
    "geluidhinder",
    "reclame",
    "ontheffing",
    "weigeringsgronden",
    "seksbedrijf",
    "speelgelegenheden",
    "vervaltermijn",
    "aanwijzing",
    "gebieden",
    "woonoverlast",
];

const SENTENCES: &[&str] = &[
    "Het is verboden zonder vergunning van de burgemeester een openbare inrichting te exploiteren.",
    "De burgemeester kan de vergunning weigeren in het belang van de openbare orde.",
    "Het college kan nadere regels stellen over de plaats en de tijden van de activiteit.",
    "Het verbod geldt niet voor zover de activiteit is toegestaan in het omgevingsplan.",
    "Een vergunning vervalt als daarvan binnen drie maanden geen gebruik is gemaakt.",
    "De ontheffing wordt verleend voor ten hoogste een jaar en kan worden verlengd.",
];

const INTROS: &[&str] = &[
    "De burgemeester weigert de vergunning als:",
    "Het verbod geldt niet voor:",
    "In deze afdeling wordt verstaan onder:",
];

const ITEMS: &[&str] = &[
    "de openbare orde;",
    "de exploitant in enig opzicht van slecht levensgedrag is;",
    "een markt als bedoeld in de Gemeentewet;",
    "de bescherming van het milieu;",
    "een optocht of een herdenkingsplechtigheid;",
];

fn title() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(TITLE_WORDS), 1..5),
        any::<bool>(),
        0..5u8,
        prop::sample::select(TITLE_WORDS),
    )
        .prop_map(|(words, capital, punct, extra)| {
            let mut t = words.join(" ");
            match punct {
                1 => t = format!("{t}; {extra}"),
                2 => t = format!("{t} (of {extra})"),
                3 => t = format!("{t}, {extra} en dergelijke"),
                _ => {}
            }
            if capital {
                let mut c = t.chars();
                let first = c.next().unwrap().to_uppercase().collect::<String>();
                t = first + c.as_str();
            }
            t
        })
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(
        (
            prop::sample::select(ITEMS),
            prop::collection::vec(prop::sample::select(ITEMS), 0..3),
        )
            .prop_map(|(text, subs)| Item {
                text: text.to_string(),
                subs: subs.into_iter().map(String::from).collect(),
            }),
        2..4,
    )
}

fn lid() -> impl Strategy<Value = Lid> {
    prop_oneof![
        3 => prop::sample::select(SENTENCES).prop_map(|s| Lid { text: s.into(), items: vec![] }),
        1 => (prop::sample::select(INTROS), items())
            .prop_map(|(s, items)| Lid { text: s.into(), items }),
    ]
}

/// An article without its number (numbers are given once the document's order is known).
fn article() -> impl Strategy<Value = Article> {
    (
        prop::option::weighted(0.85, title()),
        prop_oneof![8 => Just(None), 1 => Just(Some(Repeal::Heading)), 1 => Just(Some(Repeal::Body))],
        prop::sample::select(SENTENCES),
        prop_oneof![3 => Just(vec![]), 1 => items()],
        prop_oneof![1 => Just(vec![]), 2 => prop::collection::vec(lid(), 1..5)],
        prop::sample::select(INTROS),
    )
        .prop_map(|(title, repeal, sentence, items, leden, intro)| {
            let title = match repeal {
                Some(Repeal::Heading) => None,
                _ => title,
            };
            let text = if items.is_empty() { sentence } else { intro };
            Article {
                raw: String::new(),
                key: String::new(),
                title,
                repeal,
                text: text.to_string(),
                items: if repeal.is_some() { vec![] } else { items },
                leden: if repeal.is_some() { vec![] } else { leden },
            }
        })
}

fn apv() -> impl Strategy<Value = Apv> {
    (
        prop_oneof![
            Just(Style::Colon),
            Just(Style::Dot),
            Just(Style::Flat),
            Just(Style::Deep)
        ],
        prop::collection::vec(
            (
                title(),
                prop::collection::vec((article(), 0..4u8, 0..3u32), 1..5),
            ),
            1..4,
        ),
    )
        .prop_map(|(style, chapters)| {
            let mut flat = 0;
            let chapters = chapters
                .into_iter()
                .enumerate()
                .map(|(ci, (title, arts))| {
                    let h = ci as u32 + 1;
                    let mut n = 0;
                    let articles = arts
                        .into_iter()
                        .map(|(mut a, suffix, gap)| {
                            // A letter suffix (2:28a) follows the plain number before it.
                            let letter = (suffix == 1 && n > 0).then_some('a');
                            if letter.is_none() {
                                n += 1 + gap;
                                flat += 1 + gap;
                            }
                            let s = letter.map(String::from).unwrap_or_default();
                            (a.raw, a.key) = match style {
                                Style::Colon => (format!("{h}:{n}{s}"), format!("{h}:{n}{s}")),
                                Style::Dot => (format!("{h}.{n}{s}"), format!("{h}:{n}{s}")),
                                Style::Flat => (format!("{flat}{s}"), format!("{flat}{s}")),
                                Style::Deep => {
                                    (format!("{h}.1.1.{n}{s}"), format!("{h}.1.1.{n}{s}"))
                                }
                            };
                            a
                        })
                        .collect();
                    Chapter {
                        number: h,
                        title,
                        sections: matches!(style, Style::Deep)
                            .then(|| ("Algemeen".to_string(), "Toezicht".to_string())),
                        articles,
                    }
                })
                .collect();
            Apv { chapters }
        })
}

impl Article {
    fn heading(&self) -> String {
        let mut h = format!("Artikel {}", self.raw);
        if let Some(t) = &self.title {
            h.push(' ');
            h.push_str(t);
        }
        if let Some(Repeal::Heading) = self.repeal {
            h.push_str(" [Vervallen]");
        }
        h
    }
}

fn sub_label(i: usize) -> String {
    format!("{}°", i + 1)
}

fn letter(i: usize) -> char {
    (b'a' + i as u8) as char
}

// ---------------------------------------------------------------------------------------
// The writers

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn markdown(apv: &Apv) -> Vec<u8> {
    let mut o = String::from(
        "# Algemene plaatselijke verordening Proefdorp\n\nDe raad van de gemeente Proefdorp;\n\nbesluit vast te stellen de volgende verordening:\n\n",
    );
    let item_lines = |o: &mut String, items: &[Item]| {
        for (i, it) in items.iter().enumerate() {
            o.push_str(&format!("{}. {}\n\n", letter(i), it.text));
            for (j, s) in it.subs.iter().enumerate() {
                o.push_str(&format!("{} {s}\n\n", sub_label(j)));
            }
        }
    };
    for c in &apv.chapters {
        o.push_str(&format!("## Hoofdstuk {} {}\n\n", c.number, c.title));
        if let Some((afd, par)) = &c.sections {
            o.push_str(&format!("### Afdeling {}.1 {afd}\n\n", c.number));
            o.push_str(&format!("#### Paragraaf {}.1.1 {par}\n\n", c.number));
        }
        for a in &c.articles {
            o.push_str(&format!("##### {}\n\n", a.heading()));
            match a.repeal {
                Some(Repeal::Heading) => continue,
                Some(Repeal::Body) => {
                    o.push_str("Vervallen.\n\n");
                    continue;
                }
                None => {}
            }
            if a.leden.is_empty() {
                o.push_str(&format!("{}\n\n", a.text));
                item_lines(&mut o, &a.items);
            }
            for (i, l) in a.leden.iter().enumerate() {
                o.push_str(&format!("{}. {}\n\n", i + 1, l.text));
                item_lines(&mut o, &l.items);
            }
        }
    }
    o.push_str("Aldus vastgesteld in de openbare vergadering van 1 februari 2024.\n");
    o.into_bytes()
}

fn cvdr(apv: &Apv) -> Vec<u8> {
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cvdr xmlns=\"http://standaarden.overheid.nl/cvdr/terms/\"><meta><owmskern><dcterms:title xmlns:dcterms=\"http://purl.org/dc/terms/\">Algemene plaatselijke verordening Proefdorp</dcterms:title></owmskern></meta><body><regeling><aanhef><al>De raad van de gemeente Proefdorp;</al></aanhef><regeling-tekst>\n",
    );
    let kop = |label: &str, nr: &str, title: Option<&str>| {
        let t = title
            .map(|t| format!("<titel>{}</titel>", esc(t)))
            .unwrap_or_default();
        format!("<kop><label>{label}</label><nr>{nr}</nr>{t}</kop>")
    };
    let lijst = |items: &[Item]| -> String {
        let mut s = String::from("<lijst type=\"expliciet\">");
        for (i, it) in items.iter().enumerate() {
            s.push_str(&format!(
                "<li><li.nr>{}.</li.nr><al>{}</al>",
                letter(i),
                esc(&it.text)
            ));
            if !it.subs.is_empty() {
                s.push_str("<lijst type=\"expliciet\">");
                for (j, sub) in it.subs.iter().enumerate() {
                    s.push_str(&format!(
                        "<li><li.nr>{}</li.nr><al>{}</al></li>",
                        sub_label(j),
                        esc(sub)
                    ));
                }
                s.push_str("</lijst>");
            }
            s.push_str("</li>");
        }
        s.push_str("</lijst>");
        s
    };
    for c in &apv.chapters {
        o.push_str(&format!(
            "<hoofdstuk>{}\n",
            kop("Hoofdstuk", &c.number.to_string(), Some(&c.title))
        ));
        if let Some((afd, par)) = &c.sections {
            o.push_str(&format!(
                "<afdeling>{}<paragraaf>{}\n",
                kop("Afdeling", &format!("{}.1", c.number), Some(afd)),
                kop("Paragraaf", &format!("{}.1.1", c.number), Some(par))
            ));
        }
        for a in &c.articles {
            let title = match a.repeal {
                Some(Repeal::Heading) => Some("[Vervallen]".to_string()),
                _ => a.title.clone(),
            };
            o.push_str(&format!(
                "<artikel>{}",
                kop("Artikel", &a.raw, title.as_deref())
            ));
            match a.repeal {
                Some(Repeal::Body) => o.push_str("<al>Vervallen.</al>"),
                Some(Repeal::Heading) => {}
                None if a.leden.is_empty() => {
                    o.push_str(&format!("<al>{}</al>", esc(&a.text)));
                    if !a.items.is_empty() {
                        o.push_str(&lijst(&a.items));
                    }
                }
                None => {
                    for (i, l) in a.leden.iter().enumerate() {
                        o.push_str(&format!(
                            "<lid><lidnr>{}.</lidnr><al>{}</al>",
                            i + 1,
                            esc(&l.text)
                        ));
                        if !l.items.is_empty() {
                            o.push_str(&lijst(&l.items));
                        }
                        o.push_str("</lid>");
                    }
                }
            }
            o.push_str("</artikel>\n");
        }
        if c.sections.is_some() {
            o.push_str("</paragraaf></afdeling>\n");
        }
        o.push_str("</hoofdstuk>\n");
    }
    o.push_str("</regeling-tekst><regeling-sluiting><slotformulering><al>Aldus vastgesteld op 1 februari 2024.</al></slotformulering></regeling-sluiting></regeling></body></cvdr>\n");
    o.into_bytes()
}

/// The lokaleregelgeving.overheid.nl page: chrome, a sidebar table of contents linking every
/// article, `section`/`h2 docHoofdstuk`/`h3 docArtikel`, leden as `p.lid.labeled` with the
/// number in a `span.list-custom__itembullet`, onderdelen as `ul.list-custom`.
fn html(apv: &Apv) -> Vec<u8> {
    let mut o = String::from(
        "<!DOCTYPE HTML>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Algemene plaatselijke verordening Proefdorp | Lokale wet- en regelgeving</title>\
         <meta name=\"DCTERMS.creator\" scheme=\"OVERHEID.Gemeente\" content=\"Proefdorp\"></head><body>\
         <header class=\"header\"><nav class=\"header__nav\"><ul><li><a href=\"/zoeken\">Zoeken</a></li></ul></nav></header>\
         <div class=\"breadcrumb\"><p>U bent hier:</p><ol><li><a href=\"/\">Lokale wet- en regelgeving</a></li><li>Regeling</li></ol></div>\
         <div class=\"columns--sticky-sidebar__sidebar\"><h2>Inhoudsopgave</h2><ul class=\"treeview treeview--foldable\">\n",
    );
    for c in &apv.chapters {
        o.push_str(&format!(
            "<li><a href=\"#h{0}\">Hoofdstuk {0} {1}</a><ul data-name=\"hoofdstuk\" hidden>",
            c.number,
            esc(&c.title)
        ));
        for a in &c.articles {
            o.push_str(&format!(
                "<li><a href=\"#a{}\">{}</a></li>",
                a.raw,
                esc(&a.heading())
            ));
        }
        o.push_str("</ul></li>\n");
    }
    o.push_str("</ul></div><div role=\"main\" id=\"content\"><h1 class=\"h1\">Algemene plaatselijke verordening Proefdorp</h1>\
                <p><span class=\"label label--info label--lg\"><i>Geldend van 01-02-2024 t/m heden</i></span></p>\
                <div class=\"regeling\"><div class=\"aanhef\"><p>De raad van de gemeente Proefdorp;</p></div><div class=\"regeling-tekst\">\n");
    let list = |items: &[Item]| -> String {
        let mut s = String::from("<ul class=\"list-custom list-custom--size-xs \">");
        for (i, it) in items.iter().enumerate() {
            s.push_str(&format!(
                "<li class=\"list-custom__item\"><span class=\"list-custom__itembullet\"><!--ins-->{}. </span><p>{}</p>",
                letter(i),
                esc(&it.text)
            ));
            if !it.subs.is_empty() {
                s.push_str("<ul class=\"list-custom list-custom--size-xs \">");
                for (j, sub) in it.subs.iter().enumerate() {
                    s.push_str(&format!(
                        "<li class=\"list-custom__item\"><span class=\"list-custom__itembullet\"><!--ins-->{} </span><p>{}</p></li>",
                        sub_label(j),
                        esc(sub)
                    ));
                }
                s.push_str("</ul>");
            }
            s.push_str("</li>");
        }
        s.push_str("</ul>");
        s
    };
    for c in &apv.chapters {
        o.push_str(&format!(
            "<section class=\"section-chapter js-scrollSection\" id=\"h{0}\"><h2 class=\"docHoofdstuk\">Hoofdstuk {0} {1}</h2>\n",
            c.number,
            esc(&c.title)
        ));
        let level = if let Some((afd, par)) = &c.sections {
            o.push_str(&format!(
                "<section class=\"section-chapter\"><h3 class=\"docAfdeling\">Afdeling {0}.1 {1}</h3><section class=\"section-chapter\"><h4 class=\"docParagraaf\">Paragraaf {0}.1.1 {2}</h4>\n",
                c.number,
                esc(afd),
                esc(par)
            ));
            5
        } else {
            3
        };
        for a in &c.articles {
            let head = format!(
                "<h{level} class=\"docArtikel\">{}</h{level}>",
                esc(&a.heading())
            );
            o.push_str(&format!(
                "<section class=\"section-chapter js-scrollSection\" id=\"a{}\">",
                a.raw
            ));
            match a.repeal {
                Some(Repeal::Heading) => o.push_str(&head),
                Some(Repeal::Body) => o.push_str(&format!("{head}<p>Vervallen.</p>")),
                None if a.leden.is_empty() => {
                    o.push_str(&format!("{head}<p>{}</p>", esc(&a.text)));
                    if !a.items.is_empty() {
                        o.push_str(&list(&a.items));
                    }
                }
                None => {
                    o.push_str(&format!("<div class=\"artikel\"><container>{head}<ul class=\"list-custom list-custom--size-xs whitespace-small\">"));
                    for (i, l) in a.leden.iter().enumerate() {
                        o.push_str(&format!(
                            "<li class=\"list-custom__item\"><p class=\"lid labeled\"><span class=\"list-custom__itembullet\">{}.</span> {}</p>",
                            i + 1,
                            esc(&l.text)
                        ));
                        if !l.items.is_empty() {
                            o.push_str(&list(&l.items));
                        }
                        o.push_str("</li>");
                    }
                    o.push_str("</ul></container></div>");
                }
            }
            o.push_str("</section>\n");
        }
        if c.sections.is_some() {
            o.push_str("</section></section>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str("</div><section class=\"section-chapter js-scrollSection\" id=\"regeling-sluiting\"><h4 class=\"toc-only\">Ondertekening</h4>\
                <div class=\"cvdr-regeling-sluiting\"><div class=\"slotformulering\"><p>Aldus vastgesteld op 1 februari 2024.</p></div></div></section></div></div>\
                <div class=\"footer row--footer\" role=\"contentinfo\"><ul><li><a href=\"/over\">Over deze website</a></li></ul></div></body></html>\n");
    o.into_bytes()
}

use docx::W;

#[path = "common/docx.rs"]
mod docx;

fn w_para(style: Option<&str>, num: Option<(usize, u8)>, text: &str) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if let Some((id, lvl)) = num {
        ppr.push_str(&format!(
            "<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
        ));
    }
    format!(
        "<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A Word draft: heading styles Kop1–Kop4, leden (`%1.`), onderdelen (`%2.`) and
/// sub-onderdelen (`%3°`) numbered automatically, one list instance per article.
fn docx(apv: &Apv) -> Vec<u8> {
    let mut body = w_para(
        Some("Titel"),
        None,
        "Algemene plaatselijke verordening Proefdorp",
    );
    body.push_str(&w_para(None, None, "De raad van de gemeente Proefdorp;"));
    let mut num = 0;
    let items = |body: &mut String, items: &[Item], num: usize| {
        for it in items {
            body.push_str(&w_para(None, Some((num, 1)), &it.text));
            for s in &it.subs {
                body.push_str(&w_para(None, Some((num, 2)), s));
            }
        }
    };
    for c in &apv.chapters {
        body.push_str(&w_para(
            Some("Kop1"),
            None,
            &format!("Hoofdstuk {} {}", c.number, c.title),
        ));
        let level = if let Some((afd, par)) = &c.sections {
            body.push_str(&w_para(
                Some("Kop2"),
                None,
                &format!("Afdeling {}.1 {afd}", c.number),
            ));
            body.push_str(&w_para(
                Some("Kop3"),
                None,
                &format!("Paragraaf {}.1.1 {par}", c.number),
            ));
            "Kop4"
        } else {
            "Kop2"
        };
        for a in &c.articles {
            num += 1;
            body.push_str(&w_para(Some(level), None, &a.heading()));
            match a.repeal {
                Some(Repeal::Heading) => {}
                Some(Repeal::Body) => body.push_str(&w_para(None, None, "Vervallen.")),
                None if a.leden.is_empty() => {
                    body.push_str(&w_para(None, None, &a.text));
                    items(&mut body, &a.items, num);
                }
                None => {
                    for l in &a.leden {
                        body.push_str(&w_para(None, Some((num, 0)), &l.text));
                        items(&mut body, &l.items, num);
                    }
                }
            }
        }
    }
    body.push_str(&w_para(None, None, "Aldus vastgesteld op 1 februari 2024."));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let instances: String = (1..=num)
        .map(|n| {
            format!(
                "<w:num w:numId=\"{n}\"><w:abstractNumId w:val=\"1\"/>{}</w:num>", (0..3).map(|l| format!("<w:lvlOverride w:ilvl=\"{l}\"><w:startOverride w:val=\"1\"/></w:lvlOverride>")).collect::<String>()
            )
        })
        .collect();
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"1\">\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
         <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2.\"/></w:lvl>\
         <w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%3°\"/></w:lvl>\
         </w:abstractNum>{instances}</w:numbering>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:styleId=\"Titel\"><w:name w:val=\"Title\"/></w:style>{}</w:styles>",
        (1..=4)
            .map(|i| format!("<w:style w:type=\"paragraph\" w:styleId=\"Kop{i}\"><w:name w:val=\"heading {i}\"/></w:style>"))
            .collect::<String>()
    );
    docx::package(&[
        ("word/document.xml", &document),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ])
}

// ---------------------------------------------------------------------------------------
// The property

/// Per article: number, title, repealed, and its leden with their onderdelen and
/// sub-onderdelen as `1[a(1,2),b] 2[]` (`-` for an article without leden).
type Row = (String, Option<String>, bool, String);

fn items_shape(items: &[Item]) -> String {
    let parts: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let subs: Vec<String> = (1..=it.subs.len()).map(|j| j.to_string()).collect();
            match subs.is_empty() {
                true => letter(i).to_string(),
                false => format!("{}({})", letter(i), subs.join(",")),
            }
        })
        .collect();
    parts.join(",")
}

fn expected(apv: &Apv) -> Vec<Row> {
    apv.chapters
        .iter()
        .flat_map(|c| &c.articles)
        .map(|a| {
            let parts = if a.repeal.is_some() {
                String::new()
            } else if a.leden.is_empty() {
                format!("-[{}]", items_shape(&a.items))
            } else {
                let leden: Vec<String> = a
                    .leden
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{}[{}]", i + 1, items_shape(&l.items)))
                    .collect();
                leden.join(" ")
            };
            (a.key.clone(), a.title.clone(), a.repeal.is_some(), parts)
        })
        .collect()
}

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

fn parsed(doc: &Document) -> Vec<Row> {
    doc.articles()
        .map(|id| {
            let n = doc.node(id);
            let members: Vec<NodeId> = n
                .children
                .iter()
                .copied()
                .filter(|&c| doc.node(c).kind == NodeKind::Member)
                .collect();
            let parts = if n.repealed {
                String::new()
            } else if members.is_empty() {
                format!("-[{}]", parsed_items(doc, id))
            } else {
                let leden: Vec<String> = members
                    .iter()
                    .map(|&m| {
                        format!(
                            "{}[{}]",
                            doc.node(m).number.as_deref().unwrap_or("?"),
                            parsed_items(doc, m)
                        )
                    })
                    .collect();
                leden.join(" ")
            };
            (
                n.number.clone().unwrap_or_default(),
                n.title.clone(),
                n.repealed,
                parts,
            )
        })
        .collect()
}

fn check(apv: &Apv, bytes: &[u8], name: &str) -> Result<(), TestCaseError> {
    let doc = apv_parser::parse_bytes(bytes, name, &ParseOptions::default())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(parsed(&doc), expected(apv));
    Ok(())
}

proptest! {
    // Every case parses four documents; 64 cases keep the test under a few seconds in a
    // debug build.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn markdown_articles_are_the_articles_of_the_markup(apv in apv()) {
        check(&apv, &markdown(&apv), "apv.md")?;
    }

    #[test]
    fn cvdr_articles_are_the_articles_of_the_markup(apv in apv()) {
        check(&apv, &cvdr(&apv), "apv.xml")?;
    }

    #[test]
    fn html_articles_are_the_articles_of_the_markup(apv in apv()) {
        check(&apv, &html(&apv), "apv.html")?;
    }

    #[test]
    fn docx_articles_are_the_articles_of_the_markup(apv in apv()) {
        check(&apv, &docx(&apv), "apv.docx")?;
    }
}

/// The generator reaches what the property is about: lower-case and capitalised titles,
/// titles with punctuation, title-less and repealed articles (both styles), letter suffixes,
/// every number style, leden, onderdelen and sub-onderdelen.
#[test]
fn the_generator_covers_the_cases_that_matter() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = apv();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let apv = strategy.new_tree(&mut runner).unwrap().current();
        for a in apv.chapters.iter().flat_map(|c| &c.articles) {
            let mut tag = |t: &'static str| {
                seen.insert(t);
            };
            match &a.title {
                Some(t) if t.starts_with(char::is_lowercase) => tag("lower-case title"),
                Some(t) if t.starts_with(char::is_uppercase) => tag("capitalised title"),
                Some(_) => {}
                None => tag("no title"),
            }
            if a.title
                .as_deref()
                .is_some_and(|t| t.contains([';', '(', ',']))
            {
                tag("punctuation");
            }
            match a.repeal {
                Some(Repeal::Heading) => tag("repealed in heading"),
                Some(Repeal::Body) => tag("repealed in body"),
                None => {}
            }
            if a.raw.ends_with('a') {
                tag("suffix");
            }
            tag(match (a.raw.contains(':'), a.raw.matches('.').count()) {
                (true, _) => "2:28",
                (false, 1) => "2.28",
                (false, 0) => "28",
                _ => "2.1.1.28",
            });
            if !a.leden.is_empty() {
                tag("leden");
            }
            let items = a.items.iter().chain(a.leden.iter().flat_map(|l| &l.items));
            for it in items {
                tag("onderdelen");
                if !it.subs.is_empty() {
                    tag("sub-onderdelen");
                }
            }
        }
    }
    let all = [
        "lower-case title",
        "capitalised title",
        "no title",
        "punctuation",
        "repealed in heading",
        "repealed in body",
        "suffix",
        "2:28",
        "2.28",
        "28",
        "2.1.1.28",
        "leden",
        "onderdelen",
        "sub-onderdelen",
    ];
    let missing: Vec<_> = all.iter().filter(|t| !seen.contains(*t)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// The comparison sees a wrong parse: the same document with one title changed differs.
#[test]
fn the_property_fails_on_a_different_article_list() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let apv = apv().new_tree(&mut runner).unwrap().current();
    let mut other = apv.clone();
    let first = &mut other.chapters[0].articles[0];
    first.title = Some(format!(
        "{} anders",
        first.title.clone().unwrap_or_default()
    ));
    first.repeal = None;
    assert!(check(&apv, &markdown(&other), "apv.md").is_err());
    assert!(check(&apv, &cvdr(&apv), "apv.xml").is_ok());
}

/// A lid whose number follows sub-onderdelen ("2. … b. … 1° … 2°" and then "3. …") is the
/// next lid, not sub-onderdeel 3, in every form.
#[test]
fn a_lid_after_sub_onderdelen_is_a_lid() {
    let items = vec![
        Item {
            text: ITEMS[0].into(),
            subs: vec![],
        },
        Item {
            text: ITEMS[1].into(),
            subs: vec![ITEMS[2].into(), ITEMS[3].into()],
        },
    ];
    let apv = Apv {
        chapters: vec![Chapter {
            number: 2,
            title: "Openbare orde".into(),
            sections: None,
            articles: vec![Article {
                raw: "2:28".into(),
                key: "2:28".into(),
                title: Some("Exploitatie openbare inrichting".into()),
                repeal: None,
                text: String::new(),
                items: vec![],
                leden: vec![
                    Lid {
                        text: SENTENCES[0].into(),
                        items: vec![],
                    },
                    Lid {
                        text: INTROS[0].into(),
                        items,
                    },
                    Lid {
                        text: SENTENCES[1].into(),
                        items: vec![],
                    },
                ],
            }],
        }],
    };
    type Writer = fn(&Apv) -> Vec<u8>;
    let writers: [(&str, Writer, &str); 4] = [
        ("markdown", markdown, "apv.md"),
        ("cvdr", cvdr, "apv.xml"),
        ("html", html, "apv.html"),
        ("docx", docx, "apv.docx"),
    ];
    for (form, write, name) in writers {
        let result = check(&apv, &write(&apv), name);
        assert!(result.is_ok(), "{form}: {result:?}");
    }
}
