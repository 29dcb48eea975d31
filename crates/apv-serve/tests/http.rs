//! The server over plain HTTP: hostile uploads give a Dutch error and the server keeps
//! serving, the access token, host and origin checks, the security headers, the downloads, and
//! 20 concurrent uploads of a 300 KB APV.

mod common;

#[path = "../../../benches/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::io::{Cursor, Write};

use common::{get, request, start, upload, upload_and_follow};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The hostile files of the issue: a zip bomb, billion laughs, binary bytes, 200 000 nested
/// elements (XML and HTML).
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    // 16 MiB of white space inside one paragraph compresses to well under a megabyte.
    let padding = " ".repeat(16 << 20);
    let bomb = zip_of(&[(
        "word/document.xml",
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>Artikel 1{padding}Titel</w:t></w:r></w:p></w:body></w:document>"
        )
        .as_bytes(),
    )]);
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<cvdr><body><al>&lol9;</al></body></cvdr>");
    let mut binary = b"\x7fELF\x02\x01\x01\0".to_vec();
    binary.extend((0..65_536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let nested_xml = format!(
        "<cvdr><body>{}{}</body></cvdr>",
        "<al>".repeat(200_000),
        "</al>".repeat(200_000)
    );
    let nested_html = format!(
        "<html><body>{}<h3>Artikel 1 Diep</h3><p>1. Het is verboden te graven.</p>{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    vec![
        ("bom.docx", bomb),
        ("lol.xml", laughs.into_bytes()),
        ("programma.txt", binary),
        ("diep.xml", nested_xml.into_bytes()),
        ("diep.html", nested_html.into_bytes()),
    ]
}

#[test]
fn hostile_uploads_give_a_dutch_error_and_the_server_keeps_serving() {
    let server = start(None, |c| c.max_file_size = 8 << 20);
    for (name, bytes) in hostile_files() {
        let response = upload(server.addr, "/concept", &[(name, &bytes)], None);
        if name == "diep.html" {
            // Deep nesting in HTML is read (the tree is bounded); it must not bring the
            // server down.
            assert!(
                response.status == 303 || response.status == 422,
                "{name}: {}",
                response.status
            );
        } else {
            assert_eq!(response.status, 422, "{name}: {}", response.body);
            assert!(
                response
                    .body
                    .contains("Deze bestanden konden niet worden gecontroleerd"),
                "{name}: {}",
                response.body
            );
            let errors = &response.body[response.body.find("id=\"fouten\"").unwrap()..];
            let line = &errors[..errors.find("</li>").unwrap()];
            assert!(line.contains(name), "{name}: {line}");
            assert!(
                [
                    "beschadigd",
                    "geen tekstdocument",
                    "te groot",
                    "geen artikelen"
                ]
                .iter()
                .any(|w| line.contains(w)),
                "a Dutch reason for {name}: {line}"
            );
        }
        assert_eq!(
            get(server.addr, "/").status,
            200,
            "still serving after {name}"
        );
    }
}

#[test]
fn a_file_over_the_limit_is_refused_and_a_bad_file_does_not_sink_the_good_one() {
    let server = start(None, |c| c.max_file_size = 64 << 10);
    let big = "Artikel 1 Groot\n1. Tekst.\n".repeat(5_000);
    let response = upload(
        server.addr,
        "/concept",
        &[("groot.txt", big.as_bytes())],
        None,
    );
    assert_eq!(response.status, 422);
    assert!(
        response
            .body
            .contains("groot.txt: niet gelezen, het bestand is te groot"),
        "{}",
        response.body
    );

    let good = common::fixture("fixtures/flevoland/Urk/apv-urk.md");
    let bad = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (_, page) = upload_and_follow(
        server.addr,
        "/concept",
        &[("apv-urk.md", &good), ("plaatje.md", &bad)],
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("plaatje.md: niet gelezen"),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("<section class=\"verdict\"").count(), 17);
}

#[test]
fn pages_are_self_contained_under_a_strict_policy() {
    let server = start(Some("fixtures/flevoland"), |_| {});
    let urk = common::fixture("fixtures/flevoland/Urk/apv-urk.md");
    let (draft, _) = upload_and_follow(server.addr, "/concept", &[("apv-urk.md", &urk)]);
    for path in [
        "/".to_string(),
        "/nulmeting".to_string(),
        "/nulmeting/almere".to_string(),
        "/nulmeting/almere/document/0".to_string(),
        draft.clone(),
        format!("{draft}/document/0"),
        "/bestaat-niet".to_string(),
    ] {
        let r = get(server.addr, &path);
        assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
        assert_eq!(
            r.header("content-security-policy")
                .map(|c| c.starts_with("default-src 'self'")),
            Some(true),
            "{path}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        // Scripts and styles only as same-origin files: no inline script, no style attribute,
        // nothing from another host.
        for (i, _) in r.body.match_indices("<script") {
            let tag = &r.body[i..i + r.body[i..].find('>').unwrap()];
            assert!(
                tag.contains("src=\"/static/"),
                "{path}: inline script {tag}"
            );
        }
        assert!(!r.body.contains("<style"), "{path}");
        assert!(!r.body.contains(" style=\""), "{path}");
        for attr in ["src=\"", "href=\""] {
            for (i, _) in r.body.match_indices(attr) {
                let value = &r.body[i + attr.len()..];
                assert!(
                    value.starts_with('/') && !value.starts_with("//") || value.starts_with('#'),
                    "{path}: {attr}{}",
                    &value[..value.find('"').unwrap()]
                );
            }
        }
    }
    let css = get(server.addr, "/static/app.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(!css.body.contains("@import") && !css.body.contains("url("));
    let js = get(server.addr, "/static/app.js");
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(!js.body.contains("fetch(") && !js.body.contains("http"));
}

#[test]
fn requests_for_another_host_or_from_another_origin_are_refused() {
    let server = start(None, |_| {});
    // A name that a page elsewhere made resolve to 127.0.0.1 (DNS rebinding).
    let r = request(server.addr, "GET", "/", &[("Host", "apv.example:80")], &[]);
    assert_eq!(r.status, 421);
    let r = request(
        server.addr,
        "GET",
        "/",
        &[("Host", &format!("localhost:{}", server.addr.port()))],
        &[],
    );
    assert_eq!(r.status, 200);
    let urk = common::fixture("fixtures/flevoland/Urk/apv-urk.md");
    let boundary = "b";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"bestanden\"; filename=\"a.md\"\r\n\r\n{}\r\n--{boundary}--\r\n",
        String::from_utf8_lossy(&urk)
    );
    let r = request(
        server.addr,
        "POST",
        "/concept",
        &[
            ("Content-Type", "multipart/form-data; boundary=b"),
            ("Origin", "http://apv.example"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = request(
        server.addr,
        "POST",
        "/concept",
        &[
            ("Content-Type", "multipart/form-data; boundary=b"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn with_a_token_only_the_printed_address_lets_a_browser_in() {
    let server = start(None, |c| c.require_token = true);
    let token = server
        .url
        .split_once("?token=")
        .map(|(_, t)| t.to_string())
        .expect("the address carries the token");
    assert_eq!(token.len(), 32);
    assert_eq!(get(server.addr, "/").status, 403);
    assert_eq!(get(server.addr, "/?token=0123").status, 403);
    assert_eq!(get(server.addr, "/static/app.css").status, 403);
    let opened = get(server.addr, &format!("/?token={token}"));
    assert_eq!(opened.status, 303);
    let cookie = opened.header("set-cookie").expect("the token as a cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap();
    let r = request(server.addr, "GET", "/", &[("Cookie", pair)], &[]);
    assert_eq!(r.status, 200);
    let r = request(
        server.addr,
        "GET",
        "/",
        &[("Cookie", "apv_token=wrong")],
        &[],
    );
    assert_eq!(r.status, 403);
    // Two servers never share a token.
    let other = start(None, |c| c.require_token = true);
    assert_ne!(other.url, server.url);
}

#[test]
fn the_nulmeting_downloads_are_the_reports_of_apv_compare() {
    let server = start(Some("fixtures/flevoland"), |_| {});
    let json = get(server.addr, "/nulmeting/download/nulmeting.json");
    assert_eq!(json.status, 200);
    assert!(
        json.header("content-disposition")
            .unwrap()
            .contains("nulmeting.json")
    );
    let report: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let names: Vec<&str> = report["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Almere",
            "Dronten",
            "Lelystad",
            "Noordoostpolder",
            "Urk",
            "Zeewolde"
        ]
    );
    let html = get(server.addr, "/nulmeting/download/nulmeting.html");
    assert!(html.body.contains("id=\"matrix\"") && html.body.contains("<svg"));
    let csv = get(server.addr, "/nulmeting/download/nulmeting.csv");
    assert!(csv.body.contains("Almere"));
    let md = get(server.addr, "/nulmeting/download/nulmeting.md");
    assert!(md.body.contains("| "));
    assert_eq!(
        get(server.addr, "/nulmeting/download/geheim.txt").status,
        404
    );
}

#[test]
fn twenty_concurrent_uploads_of_a_300_kb_apv_are_all_answered() {
    let server = start(None, |_| {});
    let apv = corpus::apv(corpus::Flavour::Markdown, 300_000);
    assert!(apv.len() >= 290_000, "{}", apv.len());
    let addr = server.addr;
    let pages: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..20)
            .map(|i| {
                let apv = &apv;
                scope.spawn(move || {
                    let name = format!("apv-{i}.md");
                    let (_, page) = upload_and_follow(addr, "/concept", &[(&name, apv.as_bytes())]);
                    (page.status, page.body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let first = &pages[0].1;
    let statuses = |body: &str| -> Vec<String> {
        body.match_indices("data-status=\"")
            .map(|(i, _)| {
                let rest = &body[i + 13..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let expected = statuses(first);
    assert_eq!(expected.len(), 17);
    assert!(expected.iter().any(|s| s == "met"), "{expected:?}");
    for (status, body) in &pages {
        assert_eq!(*status, 200);
        assert_eq!(
            statuses(body),
            expected,
            "every upload gets the same verdicts"
        );
    }
}
