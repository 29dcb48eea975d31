//! `apv serve` as a command: it prints the address to open (with the access token when
//! `--bind` is given) and serves the nulmeting of the folder there.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

mod common;

/// The server process, stopped on drop.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `apv serve ARGS --port 0` and returns it with the lines it printed before serving.
fn serve(args: &[&str]) -> (Serving, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apv"))
        .arg("serve")
        .args(args)
        .args(["--port", "0"])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("apv serve starts");
    let stdout = child.stdout.take().unwrap();
    let serving = Serving(child);
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("stoppen");
        lines.push(line);
        if done {
            break;
        }
    }
    (serving, lines)
}

/// GET `url` (http://host:port/path) with `Connection: close`: status line and body.
fn get(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or("").to_string();
    (status, response)
}

#[test]
fn serve_prints_the_address_and_shows_the_nulmeting() {
    let (_server, lines) = serve(&["fixtures/flevoland"]);
    let url = lines[0]
        .strip_prefix("apv serve: open ")
        .unwrap_or_else(|| panic!("the address first: {lines:?}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.contains("token"), "no token on 127.0.0.1: {url}");
    let (status, body) = get(&format!("{url}nulmeting"));
    assert!(status.contains("200"), "{status}");
    for name in ["Almere", "Zeewolde"] {
        assert!(body.contains(&format!("data-municipality=\"{name}\"")));
    }
}

#[test]
fn serve_with_bind_prints_an_address_with_a_token() {
    let (_server, lines) = serve(&["--bind", "127.0.0.1"]);
    let url = lines[0].strip_prefix("apv serve: open ").unwrap();
    let (_, token) = url.split_once("?token=").expect("the token in the address");
    assert_eq!(token.len(), 32);
    assert_eq!(
        lines.iter().filter(|l| l.contains(token)).count(),
        1,
        "the token is printed once: {lines:?}"
    );
    let base = &url[..url.find('?').unwrap()];
    let (status, _) = get(base);
    assert!(status.contains("403"), "{status}");
    let (status, response) = get(url);
    assert!(status.contains("303"), "{status}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("set-cookie: apv_token=")
    );
}

#[test]
fn serve_on_a_folder_without_municipalities_fails_with_one_line() {
    let out = common::apv(&["serve", "fixtures/flevoland/Urk", "--port", "0"]);
    assert_eq!(common::code(&out), 2);
    let err = common::stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no municipality folders"), "{err}");
}
