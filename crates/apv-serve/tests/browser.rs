//! `apv serve` in a real browser: headless Chromium, driven through the DevTools protocol,
//! uploads documents through the page, reads the verdicts, sorts and filters the nulmeting and
//! follows its links; every request it makes must stay on 127.0.0.1.

mod common;

use std::path::PathBuf;

use common::cdp::Browser;
use common::{TempDir, edit_docx, fixture, root, start};
use serde_json::json;

const ZEEWOLDE: &str = "fixtures/flevoland/Zeewolde/apv-zeewolde.docx";

/// The 2:28 lid with the levensgedrag ground, and what the newer version says instead.
const GROUND: &str = "2. De burgemeester weigert de vergunning indien de exploitant of de leidinggevende in enig opzicht van slecht levensgedrag is.";
const WITHOUT_GROUND: &str =
    "2. De burgemeester weigert de vergunning indien de exploitant jonger is dan 21 jaar.";

/// Chooses files with the picker of the first upload form whose action ends in `action`, and
/// submits it.
fn upload_with_picker(browser: &mut Browser, action: &str, files: &[PathBuf]) {
    let form = format!("form.upload[action$='{action}']");
    browser.set_files(&format!("{form} input[type=file]"), files);
    browser.eval(&format!(
        "document.querySelector({}).requestSubmit(), true",
        json!(form)
    ));
}

#[test]
fn a_dropped_draft_shows_its_verdicts_and_highlighted_words_and_a_new_version_its_changes() {
    let Some(mut browser) = Browser::start() else {
        return;
    };
    let server = start(None, |_| {});
    browser.open(&server.at("/"));

    // Drop the Word draft on the zone, as from the file manager.
    browser.drop_files(
        ".dropzone",
        ".dropzone input[type=file]",
        &[root().join(ZEEWOLDE)],
    );
    browser.wait_for("location.pathname.startsWith('/concept/')");
    browser.wait_for("document.querySelectorAll('section.verdict').length > 0");
    let draft_url = browser.eval("location.href");

    // The 17 verdicts of the norm, each with a status.
    assert_eq!(
        browser.eval("document.querySelectorAll('section.verdict').length"),
        json!(17)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('section.verdict h3 .badge').length"),
        json!(17)
    );
    // 2:28 meets 3.2.2a: status, article, Dutch explanation, and the quoted words highlighted
    // inside the article text, the Model-APV wording beside it.
    let card = "document.querySelector('section.verdict[data-requirement=\"3.2.2a\"]')";
    assert_eq!(
        browser.eval(&format!("{card}.dataset.status")),
        json!("met")
    );
    let card_text = browser.eval(&format!("{card}.innerText"));
    let card_text = card_text.as_str().unwrap();
    assert!(card_text.contains("voldoet"), "{card_text}");
    assert!(card_text.contains("2:28"), "{card_text}");
    assert!(card_text.contains("Model-APV artikel"), "{card_text}");
    let marks = browser.eval(&format!(
        "Array.from({card}.querySelectorAll('.found mark')).map(m => m.textContent)"
    ));
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(!marks.is_empty(), "no highlighted words in 3.2.2a");
    assert!(
        marks
            .iter()
            .any(|m| m.contains("horecabedrijf") || m.contains("levensgedrag")),
        "the highlighted words are the quote: {marks:?}"
    );
    let quotes_in_article = browser.eval(&format!(
        "Array.from({card}.querySelectorAll('.found mark')).every(m => m.closest('.text').textContent.includes('Artikel 2:28'))"
    ));
    assert_eq!(
        quotes_in_article,
        json!(true),
        "marks sit in the article text"
    );

    // The article link leads to the document view: the tree, the article marked as relied on,
    // the words highlighted there too.
    let href = browser.eval(&format!("{card}.querySelector('.where a').href"));
    browser.open(href.as_str().unwrap());
    browser.wait_for("document.querySelector('nav.tree')");
    assert_eq!(
        browser.eval("document.querySelector(location.hash).classList.contains('relied')"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.querySelector(location.hash).querySelectorAll('mark').length > 0"),
        json!(true)
    );
    let tree = browser.eval("document.querySelector('nav.tree').innerText");
    let tree = tree.as_str().unwrap();
    for unit in ["Hoofdstuk 2", "Afdeling 8", "Artikel 2:28"] {
        assert!(tree.contains(unit), "{unit} in the tree: {tree}");
    }
    assert_eq!(
        browser.eval("!!document.querySelector('nav.tree li.relied a[href]')"),
        json!(true)
    );
    // The vervallen articles are listed as warnings with a link to their article.
    let warning = browser.eval(
        "Array.from(document.querySelectorAll('#waarschuwingen a')).map(a => a.textContent).join(' | ')",
    );
    assert!(
        warning.as_str().unwrap().contains("Vervallen artikel"),
        "{warning}"
    );

    // A newer version drops the levensgedrag ground from 2:28: the page says 3.2.2a got worse.
    let tmp = TempDir::new("version");
    let newer = tmp.path().join("apv-zeewolde-v2.docx");
    std::fs::write(
        &newer,
        edit_docx(&fixture(ZEEWOLDE), |xml| {
            xml.replace(GROUND, WITHOUT_GROUND)
        }),
    )
    .unwrap();
    browser.open(draft_url.as_str().unwrap());
    upload_with_picker(&mut browser, "/versie", &[newer]);
    browser.wait_for(&format!("location.href !== {draft_url}"));
    browser.wait_for("document.querySelector('#wijzigingen')");
    let change = browser
        .eval("document.querySelector('#wijzigingen li[data-requirement=\"3.2.2a\"]').innerText");
    let change = change.as_str().unwrap();
    assert!(change.starts_with("slechter"), "{change}");
    assert!(change.contains("voldoet →"), "{change}");
    assert_eq!(
        browser.eval(
            "document.querySelector('section.verdict[data-requirement=\"3.2.2a\"] .change.worse') !== null"
        ),
        json!(true)
    );
    // Requirements the edit did not touch are not listed as changed.
    assert_eq!(
        browser.eval("document.querySelector('#wijzigingen li[data-requirement=\"3.2.2b\"]')"),
        json!(null)
    );

    browser.assert_only_requests_to(&format!("http://{}", server.addr));
}

#[test]
fn the_nulmeting_sorts_filters_and_leads_from_a_cell_to_its_evidence() {
    let Some(mut browser) = Browser::start() else {
        return;
    };
    let server = start(Some("fixtures/flevoland"), |_| {});
    browser.open(&server.at("/nulmeting"));
    browser.wait_for("document.querySelector('#matrix')");

    let municipalities = browser.eval(
        "Array.from(document.querySelectorAll('#matrix thead th[data-municipality]')).map(th => th.dataset.municipality)",
    );
    assert_eq!(
        municipalities,
        json!([
            "Almere",
            "Dronten",
            "Lelystad",
            "Noordoostpolder",
            "Urk",
            "Zeewolde"
        ])
    );
    let order = "Array.from(document.querySelectorAll('#matrix tbody tr')).map(tr => tr.dataset.requirement)";
    let original: Vec<String> = serde_json::from_value(browser.eval(order)).unwrap();
    assert_eq!(original.len(), 17);
    // The chart: one bar per municipality and per requirement.
    assert_eq!(
        browser.eval("document.querySelectorAll('#chart-gemeenten g.bar').length"),
        json!(6)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#chart-eisen g.bar').length"),
        json!(17)
    );

    // Sorting on "Voldoet" puts the requirements most municipalities meet first; again, last.
    browser.eval("document.querySelector('button.sort[data-sort=\"met\"]').click(), true");
    let met: Vec<i64> = serde_json::from_value(browser.eval(
        "Array.from(document.querySelectorAll('#matrix tbody tr')).map(tr => Number(tr.dataset.met))",
    ))
    .unwrap();
    assert!(met.windows(2).all(|w| w[0] >= w[1]), "descending: {met:?}");
    assert!(
        met.first() > met.last(),
        "the fixtures differ per requirement"
    );
    browser.eval("document.querySelector('button.sort[data-sort=\"met\"]').click(), true");
    let met: Vec<i64> = serde_json::from_value(browser.eval(
        "Array.from(document.querySelectorAll('#matrix tbody tr')).map(tr => Number(tr.dataset.met))",
    ))
    .unwrap();
    assert!(met.windows(2).all(|w| w[0] <= w[1]), "ascending: {met:?}");
    // Sorting on a municipality orders its column by status, met first.
    browser.eval("document.querySelector('button.sort[data-sort=\"m0\"]').click(), true");
    let ranks: Vec<String> = serde_json::from_value(browser.eval(
        "Array.from(document.querySelectorAll('#matrix tbody tr')).map(tr => tr.cells[1].dataset.rank)",
    ))
    .unwrap();
    let ranks: Vec<u32> = ranks.iter().map(|r| r.parse().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // Back to the norm's order.
    browser.eval("document.querySelector('button.sort[data-sort=\"eis\"]').click(), true");
    let again: Vec<String> = serde_json::from_value(browser.eval(order)).unwrap();
    assert_eq!(again, original);

    // Filter on status: every row left has a cell with that status, the other cells dimmed.
    let select = |browser: &mut Browser, id: &str, value: &str| {
        browser.eval(&format!(
            "(() => {{ const s = document.getElementById('{id}'); s.value = {}; \
             s.dispatchEvent(new Event('change')); return true; }})()",
            json!(value)
        ));
    };
    select(&mut browser, "f-status", "absent");
    let rows = browser.eval(
        "Array.from(document.querySelectorAll('#matrix tbody tr')).filter(tr => !tr.classList.contains('hidden')).map(tr => Array.from(tr.querySelectorAll('td[data-status]')).filter(td => !td.classList.contains('dim')).map(td => td.dataset.status))",
    );
    let rows: Vec<Vec<String>> = serde_json::from_value(rows).unwrap();
    assert!(!rows.is_empty() && rows.len() < 17, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| !r.is_empty() && r.iter().all(|s| s == "absent"))
    );
    // Filter on a municipality: only its column shows.
    select(&mut browser, "f-status", "");
    select(&mut browser, "f-gemeente", "Lelystad");
    let visible = browser.eval(
        "Array.from(document.querySelectorAll('#matrix thead th[data-municipality]')).filter(th => getComputedStyle(th).display !== 'none').map(th => th.dataset.municipality)",
    );
    assert_eq!(visible, json!(["Lelystad"]));
    // Filter on a requirement: only its row.
    select(&mut browser, "f-gemeente", "");
    select(&mut browser, "f-eis", "3.2.2a");
    let shown = browser.eval(
        "Array.from(document.querySelectorAll('#matrix tbody tr')).filter(tr => getComputedStyle(tr).display !== 'none').map(tr => tr.dataset.requirement)",
    );
    assert_eq!(shown, json!(["3.2.2a"]));

    // Every cell links somewhere; Almere's 3.2.2a cell leads to its article in the document
    // view, the quoted words highlighted.
    assert_eq!(
        browser.eval("Array.from(document.querySelectorAll('#matrix td[data-status]')).every(td => td.querySelector('a[href^=\"/nulmeting/\"]'))"),
        json!(true)
    );
    browser.eval(
        "document.querySelector('#matrix tr[data-requirement=\"3.2.2a\"] td[data-municipality=\"Almere\"] a').click(), true",
    );
    browser.wait_for("location.pathname.startsWith('/nulmeting/almere/document/')");
    browser.wait_for("document.readyState === 'complete' && location.hash.startsWith('#n-')");
    let target = browser.eval(
        "(() => { const t = document.querySelector(location.hash); return [t.classList.contains('relied'), t.querySelectorAll('mark').length, t.innerText]; })()",
    );
    assert_eq!(target[0], json!(true), "{target}");
    assert!(target[1].as_u64().unwrap() > 0, "{target}");
    assert!(
        target[2].as_str().unwrap().contains("3.2.2a"),
        "the article says which requirement relies on it: {target}"
    );

    browser.assert_only_requests_to(&format!("http://{}", server.addr));
}

#[test]
fn a_hostile_file_shows_a_dutch_error_and_a_script_in_a_title_shows_as_text() {
    let Some(mut browser) = Browser::start() else {
        return;
    };
    let server = start(None, |_| {});
    let tmp = TempDir::new("hostile");

    // Binary bytes named as a Word file.
    let binary = tmp.path().join("concept.docx");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&binary, bytes).unwrap();
    browser.open(&server.at("/"));
    upload_with_picker(&mut browser, "/concept", &[binary]);
    browser.wait_for("document.querySelector('#fouten')");
    let error = browser.eval("document.querySelector('#fouten').innerText");
    let error = error.as_str().unwrap();
    assert!(error.contains("concept.docx"), "{error}");
    assert!(
        error.contains("beschadigd") || error.contains("geen tekstdocument"),
        "a Dutch error: {error}"
    );

    // The server still answers, and a bylaw whose title holds a script shows the characters.
    let script = root().join("fixtures/report/xss/Almere/apv-almere.txt");
    browser.open(&server.at("/"));
    upload_with_picker(&mut browser, "/concept", &[script]);
    browser.wait_for("document.querySelectorAll('section.verdict').length === 17");
    browser.eval("document.querySelector('#documenten a').click(), true");
    browser.wait_for("document.querySelector('nav.tree')");
    assert_eq!(
        browser.eval("document.title.includes('pwned')"),
        json!(false)
    );
    assert_eq!(browser.eval("document.body.dataset.pwned"), json!(null));
    assert_eq!(
        browser.eval("document.querySelectorAll('script').length"),
        json!(1),
        "only the page's own script"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('img').length"),
        json!(0)
    );
    let text = browser.eval("document.body.innerText");
    assert!(
        text.as_str()
            .unwrap()
            .contains("<script>document.title='pwned'</script>"),
        "the title shows as text"
    );

    browser.assert_only_requests_to(&format!("http://{}", server.addr));
}
