//! Edited copies of several municipal wordings of each APV requirement. Every wording is met as
//! written; each edit must change its verdict exactly as the edit implies:
//!
//! | edit | verdict |
//! |---|---|
//! | the key clause removed | partial or absent (given per wording) |
//! | the key article repealed | repealed, citing it |
//! | the key article deleted | absent, or reference_only when the wording keeps a definition |
//! | every article renumbered | unchanged, citing the new number |
//! | the key article's title reworded | unchanged |
//! | deleted, with a definition-only trap added | not met, citing nothing but the definitions |
//!
//! The wordings are written for these tests in the styles municipalities use (Model-APV,
//! passive voice, "is bevoegd … te", a separate requirements article, three-level numbering,
//! relative clauses); none is copied from a real APV.

use apv_rules::{RuleSet, ScanReport, Status, Verdict, parse_or_plain, scan};

/// An article of a wording.
#[derive(Clone)]
struct Art {
    number: &'static str,
    title: &'static str,
    body: &'static str,
}

/// One municipal wording of a requirement.
struct Wording {
    req: &'static str,
    style: &'static str,
    chapter: &'static str,
    /// The key article first, then the articles it needs (definitions, requirements).
    arts: &'static [Art],
    /// Words (of any of its articles) whose removal takes away what the requirement asks.
    clause: &'static str,
    /// The verdict without them.
    without_clause: Status,
    /// The verdict without the key article.
    deleted: Status,
    /// A definitions article that names the subject but regulates nothing.
    trap: Art,
}

#[derive(Debug, Clone, Copy)]
enum Edit {
    RemoveClause,
    Repeal,
    Delete,
    Renumber,
    RewordTitle,
    DefinitionTrap,
}

const EDITS: [Edit; 6] = [
    Edit::RemoveClause,
    Edit::Repeal,
    Edit::Delete,
    Edit::Renumber,
    Edit::RewordTitle,
    Edit::DefinitionTrap,
];

const fn art(number: &'static str, title: &'static str, body: &'static str) -> Art {
    Art {
        number,
        title,
        body,
    }
}

const WORDINGS: &[Wording] = &[
    // 3.2.1 Sluiting van voor het publiek toegankelijke gebouwen.
    Wording {
        req: "3.2.1",
        style: "Model-APV, active voice with the grounds first",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 11 Bijzondere bevoegdheden",
        arts: &[art(
            "2:80",
            "Sluiting voor publiek openstaand gebouw of bijbehorend erf",
            "1. De burgemeester kan in het belang van de openbare orde of ter voorkoming van overlast een voor het publiek openstaand gebouw of een bij dat gebouw behorend erf geheel of gedeeltelijk sluiten.\n2. De burgemeester maakt een afschrift van het besluit bekend op de toegang van het gebouw.",
        )],
        clause: "1. De burgemeester kan in het belang van de openbare orde of ter voorkoming van overlast een voor het publiek openstaand gebouw of een bij dat gebouw behorend erf geheel of gedeeltelijk sluiten.\n",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:79",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder gebouw: een voor het publiek toegankelijk gebouw of erf.",
        ),
    },
    Wording {
        req: "3.2.1",
        style: "passive voice, the power at the end",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 3 Bestuurlijke maatregelen",
        arts: &[art(
            "2:64c",
            "Sluiting van voor het publiek toegankelijke gebouwen",
            "1. Voor het publiek toegankelijke gebouwen en de daarbij behorende erven kunnen door de burgemeester in het belang van de openbare orde, de veiligheid of de zedelijkheid voor een door hem te bepalen duur geheel of gedeeltelijk worden gesloten.\n2. Het is verboden een gesloten gebouw te betreden.",
        )],
        clause: "1. Voor het publiek toegankelijke gebouwen en de daarbij behorende erven kunnen door de burgemeester in het belang van de openbare orde, de veiligheid of de zedelijkheid voor een door hem te bepalen duur geheel of gedeeltelijk worden gesloten.\n",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:64a",
            "Definities",
            "In deze afdeling wordt onder openbaar gebouw verstaan: een gebouw dat voor het publiek toegankelijk is.",
        ),
    },
    Wording {
        req: "3.2.1",
        style: "'is bevoegd … te sluiten' with a relative clause, three-level number",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 4 Sluiting",
        arts: &[art(
            "2.4.1",
            "Bestuurlijke sluiting gebouwen",
            "1. De burgemeester is bevoegd een gebouw dat voor het publiek toegankelijk is, met het erf dat daarbij hoort, te sluiten indien de openbare orde of de veiligheid dat naar zijn oordeel vereist.\n2. Hij bepaalt de duur van de sluiting.",
        )],
        clause: "indien de openbare orde of de veiligheid dat naar zijn oordeel vereist",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2.4.0",
            "Begripsomschrijvingen",
            "Voor de toepassing van deze afdeling wordt verstaan onder pand: elk voor het publiek toegankelijk gebouw.",
        ),
    },
    // 3.2.2 A horeca.
    Wording {
        req: "3.2.2a",
        style: "Model-APV, permit and refusal ground in one article",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 8 Toezicht op openbare inrichtingen",
        arts: &[
            art(
                "2:28",
                "Exploitatie openbare inrichting",
                "1. Het is verboden een openbare inrichting te exploiteren zonder vergunning van de burgemeester.\n2. De burgemeester weigert de vergunning als de exploitant of de leidinggevende in enig opzicht van slecht levensgedrag is.",
            ),
            art(
                "2:27",
                "Begripsbepalingen",
                "In deze afdeling wordt verstaan onder openbare inrichting: een hotel, restaurant, café of een andere voor het publiek toegankelijke besloten ruimte waar dranken worden geschonken.",
            ),
        ],
        clause: "2. De burgemeester weigert de vergunning als de exploitant of de leidinggevende in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::ReferenceOnly,
        trap: art(
            "2:26",
            "Definities horeca",
            "In deze afdeling wordt verstaan onder horecabedrijf: het bedrijfsmatig verstrekken van dranken voor gebruik ter plaatse.",
        ),
    },
    Wording {
        req: "3.2.2a",
        style: "permit required ('is vereist'), requirements in a separate article",
        chapter: "Hoofdstuk 3 Horeca",
        arts: &[
            art(
                "3.3",
                "Exploitatievergunning horecabedrijf",
                "1. Voor het exploiteren van een horecabedrijf is een vergunning van de burgemeester vereist.\n2. De vergunning wordt verleend voor een bepaalde tijd.",
            ),
            art(
                "3.4",
                "Eisen exploitant en leidinggevende",
                "De exploitant en de leidinggevende van een horecabedrijf zijn niet in enig opzicht van slecht levensgedrag.",
            ),
        ],
        clause: "1. Voor het exploiteren van een horecabedrijf is een vergunning van de burgemeester vereist.\n",
        without_clause: Status::Partial,
        deleted: Status::Partial,
        trap: art(
            "3.1",
            "Begripsbepalingen",
            "In dit hoofdstuk wordt verstaan onder horecabedrijf: een openbare inrichting waar dranken worden verstrekt.",
        ),
    },
    // 3.2.2 B seks- en escortbedrijven.
    Wording {
        req: "3.2.2b",
        style: "Model-APV, permit and refusal grounds in two articles, escort in the definition",
        chapter: "Hoofdstuk 3 Regulering prostitutie en seksbranche",
        arts: &[
            art(
                "3:3",
                "Vergunning seksbedrijf",
                "1. Het is verboden een seksbedrijf uit te oefenen zonder vergunning van de burgemeester.",
            ),
            art(
                "3:7",
                "Weigeringsgronden",
                "1. Een vergunning wordt geweigerd als de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
            ),
            art(
                "3:1",
                "Begripsbepalingen",
                "In dit hoofdstuk wordt verstaan onder seksbedrijf: een bedrijf waarin of van waaruit seksuele handelingen tegen betaling worden verricht, waaronder een seksinrichting en een escortbedrijf.",
            ),
        ],
        clause: "1. Een vergunning wordt geweigerd als de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::ReferenceOnly,
        trap: art(
            "3:2",
            "Definities",
            "In dit hoofdstuk wordt verstaan onder escortbedrijf: een bedrijf dat prostitutie buiten een seksinrichting aanbiedt.",
        ),
    },
    Wording {
        req: "3.2.2b",
        style: "permit 'vereist' for seksinrichtingen and escortbedrijven, grounds in the same article",
        chapter: "Hoofdstuk 3 Seksinrichtingen en escortbedrijven",
        arts: &[art(
            "3.2.2",
            "Exploitatievergunning seksinrichting of escortbedrijf",
            "1. Voor het exploiteren van een seksinrichting of een escortbedrijf is een vergunning van de burgemeester vereist.\n2. De vergunning wordt geweigerd indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        )],
        clause: "2. De vergunning wordt geweigerd indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "3.2.1",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder seksinrichting: een voor het publiek toegankelijke besloten ruimte waar seksuele handelingen worden verricht.",
        ),
    },
    // 3.2.2 C speelautomatenhallen.
    Wording {
        req: "3.2.2c",
        style: "Model-APV speelgelegenheden with a levensgedrag ground",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 7 Toezicht op speelgelegenheden",
        arts: &[art(
            "2:39",
            "Speelgelegenheden",
            "1. Het is verboden zonder vergunning van de burgemeester een speelgelegenheid of speelautomatenhal te exploiteren.\n2. De burgemeester weigert de vergunning als de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        )],
        clause: "2. De burgemeester weigert de vergunning als de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:38a",
            "Definities",
            "In deze afdeling wordt verstaan onder speelautomatenhal: een voor het publiek toegankelijke ruimte waar kansspelautomaten staan.",
        ),
    },
    Wording {
        req: "3.2.2c",
        style: "a separate article for gaming halls, permit 'vereist', grounds in a list",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 6 Speelautomatenhallen",
        arts: &[art(
            "2:38",
            "Exploitatievergunning speelautomatenhal",
            "1. Voor het exploiteren van een speelautomatenhal is een vergunning van de burgemeester vereist.\n2. De burgemeester weigert de vergunning:\na. indien het aantal speelautomatenhallen in de gemeente het maximum bereikt;\nb. indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        )],
        clause: ";\nb. indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:37",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder speelautomatenhal: een ruimte waar speelautomaten voor het publiek opgesteld staan.",
        ),
    },
    // 3.2.3 malafide ondernemersklimaat.
    Wording {
        req: "3.2.3",
        style: "Model-APV, aanwijzing of activities, buildings and areas",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 12 Ondermijning",
        arts: &[art(
            "2:81",
            "Tegengaan onveilig, niet leefbaar en malafide ondernemersklimaat",
            "1. De burgemeester kan in het belang van de leefbaarheid of de openbare orde bedrijfsmatige activiteiten en gebouwen of gebieden aanwijzen waarop het verbod uit het tweede lid van toepassing is.\n2. Het is verboden om zonder vergunning van de burgemeester een aangewezen bedrijfsmatige activiteit uit te oefenen in een aangewezen gebouw of gebied.\n3. De burgemeester kan de vergunning weigeren als de exploitant in enig opzicht van slecht levensgedrag is.",
        )],
        clause: "bedrijfsmatige activiteiten en gebouwen of gebieden aanwijzen waarop het verbod uit het tweede lid van toepassing is.\n2. Het is verboden om zonder vergunning van de burgemeester een aangewezen bedrijfsmatige activiteit uit te oefenen in een aangewezen gebouw of gebied.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:80a",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder bedrijfsmatige activiteit: een activiteit in de uitoefening van een beroep of bedrijf.",
        ),
    },
    Wording {
        req: "3.2.3",
        style: "branches, areas and buildings named in separate leden, permit 'vereist'",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 5 Branches",
        arts: &[art(
            "2:47",
            "Vergunningplicht bedrijfsmatige activiteiten",
            "1. De burgemeester kan categorieën van bedrijven aanwijzen.\n2. De burgemeester kan gebieden en gebouwen aanwijzen waarin het derde lid geldt.\n3. Voor het uitoefenen van een aangewezen bedrijfsmatige activiteit in een aangewezen gebied of gebouw is een vergunning van de burgemeester vereist.",
        )],
        clause: "2. De burgemeester kan gebieden en gebouwen aanwijzen waarin het derde lid geldt.\n",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:46",
            "Definities",
            "In deze afdeling wordt verstaan onder branche: een categorie van bedrijven.",
        ),
    },
    // 3.2.4 evenementen met vechtsport.
    Wording {
        req: "3.2.4",
        style: "Model-APV, fight sports as a designated category of events",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 7 Evenementen",
        arts: &[art(
            "2:25",
            "Evenementenvergunning",
            "1. Het is verboden zonder vergunning van de burgemeester een evenement te organiseren.\n2. De burgemeester kan een categorie vechtsportwedstrijden of -gala's aanwijzen waarvoor nadere regels gelden.",
        )],
        clause: "2. De burgemeester kan een categorie vechtsportwedstrijden of -gala's aanwijzen waarvoor nadere regels gelden.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:24",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder evenement: elke voor publiek toegankelijke verrichting van vermaak.",
        ),
    },
    Wording {
        req: "3.2.4",
        style: "levensgedrag of the organiser of a fight-sports event, grounds article in the afdeling",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 2 Evenementen",
        arts: &[art(
            "2:9",
            "Evenement",
            "1. Het is verboden zonder vergunning van de burgemeester een evenement te organiseren.\n2. De vergunning voor een vechtsportevenement kan worden geweigerd als de organisator in enig opzicht van slecht levensgedrag is.",
        )],
        clause: "\n2. De vergunning voor een vechtsportevenement kan worden geweigerd als de organisator in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:8",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder vechtsportevenement: een wedstrijd of gala waarin full-contact vechtsporten worden beoefend.",
        ),
    },
    // 3.2.5 zichtbare uitingen van verboden organisaties.
    Wording {
        req: "3.2.5",
        style: "colours ban in public places and buildings",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 9 Verboden",
        arts: &[art(
            "2:50a",
            "Verbod op zichtbare uitingen van verboden organisaties",
            "1. Het is verboden op een openbare plaats of in een voor het publiek toegankelijk gebouw goederen zichtbaar te dragen of bij zich te hebben die uiterlijke kenmerken tonen van een organisatie die bij onherroepelijke rechterlijke uitspraak verboden is verklaard.",
        )],
        clause: " die uiterlijke kenmerken tonen van een organisatie die bij onherroepelijke rechterlijke uitspraak verboden is verklaard",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:49",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder organisatie: een vereniging als bedoeld in artikel 2:20 van het Burgerlijk Wetboek.",
        ),
    },
    Wording {
        req: "3.2.5",
        style: "colours ban at events and in public, passive 'is verboden' with a relative clause",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 1 Bestrijding van ongeregeldheden",
        arts: &[art(
            "2:12a",
            "Colorsverbod",
            "1. Op een openbare plaats, bij een evenement of in een voor het publiek toegankelijk gebouw is het verboden kleding of andere voorwerpen zichtbaar te dragen met uiterlijke kenmerken van een organisatie die bij onherroepelijke rechterlijke uitspraak verboden is verklaard.",
        )],
        clause: " met uiterlijke kenmerken van een organisatie die bij onherroepelijke rechterlijke uitspraak verboden is verklaard",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:1",
            "Begripsbepalingen",
            "In deze verordening wordt verstaan onder verboden organisatie: een organisatie die bij onherroepelijke rechterlijke uitspraak verboden is verklaard.",
        ),
    },
    // Third-round wordings: an exclusion between commas, a defined term used by the key
    // article, a business referred to by its definition's onderdeel.
    Wording {
        req: "3.2.1",
        style: "an exclusion between commas, the building as a term defined elsewhere",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 11 Bijzondere bevoegdheden",
        arts: &[
            art(
                "2:79",
                "Sluiting publiekspanden",
                "1. De burgemeester kan, met uitzondering van woningen, een publiekspand in het belang van de openbare orde geheel of gedeeltelijk sluiten.",
            ),
            art(
                "2:78",
                "Begripsbepalingen",
                "In deze verordening wordt verstaan onder publiekspand: een gebouw dat voor het publiek openstaat, met het daarbij behorende erf.",
            ),
        ],
        clause: "in het belang van de openbare orde ",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:77",
            "Definities",
            "In deze afdeling wordt verstaan onder lokaal: een voor het publiek toegankelijke ruimte.",
        ),
    },
    Wording {
        req: "3.2.2a",
        style: "'het is een ieder, met uitzondering van …, verboden'",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 8 Horeca",
        arts: &[art(
            "2:28",
            "Exploitatie openbare inrichting",
            "1. Het is een ieder, met uitzondering van een rechtspersoon die een buurthuis beheert, verboden zonder vergunning van de burgemeester een openbare inrichting te exploiteren.\n2. De burgemeester weigert de vergunning als de exploitant of de leidinggevende in enig opzicht van slecht levensgedrag is.",
        )],
        clause: "2. De burgemeester weigert de vergunning als de exploitant of de leidinggevende in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:27",
            "Begripsbepalingen",
            "In deze afdeling wordt verstaan onder openbare inrichting: een voor het publiek toegankelijke, besloten ruimte waar dranken worden geschonken.",
        ),
    },
    Wording {
        req: "3.2.2c",
        style: "the hall referred to by its definition's onderdeel",
        chapter: "Hoofdstuk 2 Openbare orde\nAfdeling 9 Speelgelegenheden",
        arts: &[
            art(
                "2:39",
                "Exploitatievergunning amusementshal",
                "1. Het is verboden zonder vergunning van de burgemeester een inrichting als bedoeld in artikel 2:38, onder a, te exploiteren.\n2. De vergunning wordt geweigerd indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
            ),
            art(
                "2:38",
                "Begripsbepalingen",
                "In deze afdeling wordt verstaan onder:\na. amusementshal: een voor het publiek toegankelijke besloten ruimte waarin kansspelautomaten worden geëxploiteerd;\nb. exploitant: degene voor wiens rekening een bedrijf wordt uitgeoefend.",
            ),
        ],
        clause: "2. De vergunning wordt geweigerd indien de exploitant of de beheerder in enig opzicht van slecht levensgedrag is.",
        without_clause: Status::Partial,
        deleted: Status::Absent,
        trap: art(
            "2:37",
            "Definities",
            "In deze afdeling wordt verstaan onder speelautomatenhal: een ruimte waarin kansspelautomaten staan.",
        ),
    },
];

fn render(w: &Wording, arts: &[Art]) -> String {
    let mut t = format!(
        "Algemene plaatselijke verordening Proefstad 2024\n\n{}\n\n",
        w.chapter
    );
    for a in arts {
        t.push_str(&format!("Artikel {} {}\n{}\n\n", a.number, a.title, a.body));
    }
    t
}

fn scan_text(text: &str) -> ScanReport {
    let doc = parse_or_plain(text, "apv.txt").expect("parses");
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    scan(
        RULES.get_or_init(RuleSet::embedded),
        None,
        &[("apv.txt".into(), doc)],
    )
}

/// An article number as the parser writes it ("3.3" and "3:3" are one number).
fn same_number(cited: Option<&String>, number: &str) -> bool {
    cited.is_some_and(|c| c.replace('.', ":") == number.replace('.', ":"))
}

fn verdict_of(r: &ScanReport, id: &str) -> Verdict {
    r.requirements
        .iter()
        .find(|v| v.id == id)
        .cloned()
        .expect("verdict")
}

/// Every article number in `text` raised by 100 in its last part ("2:80" → "2:180",
/// "2.4.1" → "2.4.101").
fn renumber(text: &str) -> String {
    let re = regex::Regex::new(r"\b(\d+(?:[:.]\d+)*[:.])(\d+)([a-z]?)\b").expect("valid");
    re.replace_all(text, |c: &regex::Captures| {
        let n: u32 = c[2].parse().expect("digits");
        format!("{}{}{}", &c[1], n + 100, &c[3])
    })
    .into_owned()
}

/// Checks a verdict; `Err` says what is wrong.
type Check = Box<dyn Fn(&Verdict) -> Result<(), String>>;

/// The edited text and the check of the verdict it must give.
fn apply(w: &Wording, edit: Edit) -> (String, Check) {
    let key = &w.arts[0];
    let mut arts: Vec<Art> = w.arts.to_vec();
    let is = |want: Status| -> Check {
        Box::new(move |v: &Verdict| {
            if v.status == want {
                Ok(())
            } else {
                Err(format!("want {want:?}, got {:?}", v.status))
            }
        })
    };
    match edit {
        Edit::RemoveClause => {
            let a = arts
                .iter_mut()
                .find(|a| a.body.contains(w.clause))
                .unwrap_or_else(|| panic!("{} [{}]: clause not in the text", w.req, w.style));
            a.body = Box::leak(a.body.replace(w.clause, "").into_boxed_str());
            (render(w, &arts), is(w.without_clause))
        }
        Edit::Repeal => {
            arts[0].title = Box::leak(format!("{} (vervallen)", key.title).into_boxed_str());
            arts[0].body = "[Vervallen]";
            let number = key.number;
            let check = move |v: &Verdict| {
                if v.status != Status::Repealed {
                    return Err(format!("want Repealed, got {:?}", v.status));
                }
                if !same_number(v.articles.first(), number) {
                    return Err(format!("want {number} cited, got {:?}", v.articles));
                }
                Ok(())
            };
            (render(w, &arts), Box::new(check))
        }
        Edit::Delete | Edit::DefinitionTrap => {
            arts.remove(0);
            if matches!(edit, Edit::DefinitionTrap) {
                arts.insert(0, w.trap.clone());
            }
            let kept: Vec<String> = arts.iter().map(|a| a.number.to_string()).collect();
            let want = w.deleted;
            let trap = matches!(edit, Edit::DefinitionTrap);
            let check = move |v: &Verdict| {
                let ok = if trap {
                    v.status != Status::Met
                } else {
                    v.status == want
                };
                if !ok {
                    return Err(format!(
                        "want {}, got {:?}",
                        if trap {
                            "not Met".to_string()
                        } else {
                            format!("{want:?}")
                        },
                        v.status
                    ));
                }
                // Evidence never cites what is not there, nor an article about something else.
                let cited: Vec<&String> = v
                    .articles
                    .iter()
                    .chain(v.evidence.iter().filter_map(|e| e.article.as_ref()))
                    .collect();
                if v.status == Status::Absent && !cited.is_empty() {
                    return Err(format!("absent cites {cited:?}"));
                }
                if let Some(a) = cited
                    .iter()
                    .find(|a| !kept.iter().any(|k| same_number(Some(a), k)))
                {
                    return Err(format!("cites {a}, not one of the articles left {kept:?}"));
                }
                Ok(())
            };
            (render(w, &arts), Box::new(check))
        }
        Edit::Renumber => {
            let text = renumber(&render(w, &arts));
            let new = renumber(key.number);
            let check = move |v: &Verdict| {
                if v.status != Status::Met {
                    return Err(format!("want Met, got {:?}", v.status));
                }
                if !same_number(v.articles.first(), &new) {
                    return Err(format!("want {new} cited first, got {:?}", v.articles));
                }
                Ok(())
            };
            (text, Box::new(check))
        }
        Edit::RewordTitle => {
            arts[0].title = "Bijzondere bepaling";
            (render(w, &arts), is(Status::Met))
        }
    }
}

#[test]
fn every_wording_is_met_as_written() {
    let mut failures = Vec::new();
    for w in WORDINGS {
        let v = verdict_of(&scan_text(&render(w, w.arts)), w.req);
        if v.status != Status::Met || !same_number(v.articles.first(), w.arts[0].number) {
            failures.push(format!(
                "{} [{}]: {:?} citing {:?}: {}",
                w.req, w.style, v.status, v.articles, v.explanation
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_edit_changes_the_verdict_as_it_implies() {
    let mut failures = Vec::new();
    for w in WORDINGS {
        for edit in EDITS {
            let (text, check) = apply(w, edit);
            let v = verdict_of(&scan_text(&text), w.req);
            if let Err(e) = check(&v) {
                failures.push(format!(
                    "{} [{}] after {edit:?}: {e} ({})",
                    w.req, w.style, v.explanation
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_requirement_has_several_wordings() {
    for req in [
        "3.2.1", "3.2.2a", "3.2.2b", "3.2.2c", "3.2.3", "3.2.4", "3.2.5",
    ] {
        let n = WORDINGS.iter().filter(|w| w.req == req).count();
        assert!(n >= 2, "{req} has {n} wordings");
    }
}
