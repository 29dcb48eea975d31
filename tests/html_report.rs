//! The HTML report in a real browser: headless Chromium loads the page written by
//! `apv compare --format html` for bylaws that carry `<script>` and `<img onerror>`, and the
//! rendered DOM is checked: the matrix is complete, its cells link to evidence that exists,
//! and nothing from the documents ran.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{apv, code, stderr};

const CHROMIUM: &str = "/usr/bin/chromium";
const TITLE: &str = "<title>Nulmeting Flevolandse norm</title>";

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("apv-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The DOM after Chromium loaded `page`, or `None` when Chromium is not installed.
fn rendered_dom(page: &Path, profile: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return None;
    }
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("waiting for chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("chromium output");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Values of `attr="…"` in `html`.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn html_report_renders_in_chromium_and_runs_no_document_script() {
    let tmp = TempDir::new("html");
    let page = tmp.0.join("nulmeting.html");
    let json = tmp.0.join("nulmeting.json");
    for (format, file) in [("html", &page), ("json", &json)] {
        let out = apv(&[
            "compare",
            "fixtures/report/xss",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script"),
        "no script element in the written page"
    );
    assert!(!html.contains("<img"), "no img element in the written page");

    let Some(dom) = rendered_dom(&page, &tmp.0.join("profile")) else {
        #[allow(clippy::print_stdout, reason = "a test saying why it checked nothing")]
        {
            println!("skipped: chromium not installed");
        }
        return;
    };
    assert!(
        dom.contains("id=\"matrix\""),
        "Chromium rendered the page: {dom:.300}"
    );

    // The injected code did not run: the title is ours, no element was injected.
    assert!(dom.contains(TITLE), "the page title changed");
    assert!(!dom.contains("pwned</title>"));
    assert!(!dom.contains("data-pwned=\"1\""), "an onerror handler ran");
    assert!(
        !dom.contains("<script"),
        "a script element appeared in the DOM"
    );
    assert!(!dom.contains("<img"), "an img element appeared in the DOM");
    // …and the words are there, as text.
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "the bylaw text is shown escaped"
    );

    // The matrix has every municipality and every requirement.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let municipalities = attribute_values(&dom, "data-municipality");
    assert_eq!(municipalities, ["Almere", "Lelystad"]);
    let rows = attribute_values(&dom, "data-requirement");
    let ids: Vec<String> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!ids.is_empty());
    assert_eq!(rows, ids);

    // Every matrix cell links to an evidence section that exists.
    let matrix = &dom[dom.find("id=\"matrix\"").unwrap()..dom.find("</table>").unwrap()];
    let links: Vec<String> = attribute_values(matrix, "href")
        .into_iter()
        .filter(|h| h.starts_with("#m-"))
        .collect();
    assert_eq!(links.len(), 2 * ids.len(), "one link per cell");
    let anchors = attribute_values(&dom, "id");
    for link in &links {
        assert!(
            anchors.contains(&link[1..].to_string()),
            "{link} has no target"
        );
    }
    let closure = links
        .iter()
        .find(|l| l.starts_with("#m-almere-3.2.1"))
        .expect("Almere's 3.2.1 cell links to its evidence");
    let section = &dom[dom.find(&format!("id=\"{}\"", &closure[1..])).unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("<blockquote>"),
        "the evidence quotes words: {section}"
    );
    assert!(
        section.contains("regel "),
        "the evidence names the line: {section}"
    );
    assert!(
        section.contains("apv-almere.txt"),
        "the evidence names the document"
    );

    // The page is self-contained: nothing is loaded from elsewhere.
    for attr in ["src", "srcset"] {
        assert!(
            attribute_values(&html, attr).is_empty(),
            "{attr} in the page"
        );
    }
    assert!(!html.contains("<link"), "no external stylesheet");
}
