//! `apv serve` answering one upload of a ~300 KB APV: the server's own work (parse, scan, the
//! one-municipality report with its word diffs) and the whole HTTP round trip on 127.0.0.1
//! (multipart upload in, redirect to the verdicts out).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use apv_serve::analysis::{Upload, analyse};
use divan::counter::BytesCount;

#[path = "corpus.rs"]
#[allow(dead_code)]
mod corpus;

// The allocator of the apv binary, so that the figures are those of the program users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn apv() -> String {
    corpus::apv(corpus::Flavour::Markdown, 300_000)
}

/// Parse, scan and report, as the server does for each upload.
#[divan::bench(sample_count = 30)]
fn analyse_300k(bencher: divan::Bencher) {
    let rules = apv_rules::RuleSet::embedded();
    let upload = Upload {
        name: "apv.md".into(),
        bytes: apv().into_bytes(),
    };
    let files = [upload];
    bencher
        .counter(BytesCount::new(files[0].bytes.len()))
        .bench(|| analyse(&rules, None, &files, Vec::new(), 64 << 20));
}

/// POST the APV to a running server and read its answer (the redirect to the verdicts).
#[divan::bench(sample_count = 30)]
fn upload_300k_http(bencher: divan::Bencher) {
    let mut config = apv_serve::Config::new(apv_rules::RuleSet::embedded());
    config.port = 0;
    let server = apv_serve::Server::bind(config).expect("the server starts");
    let addr = server.local_addr();
    std::thread::spawn(move || server.run());
    let body = multipart(apv().as_bytes());
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| post(addr, &body));
}

const BOUNDARY: &str = "----apvbench";

fn multipart(apv: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"bestanden\"; filename=\"apv.md\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(apv);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn post(addr: SocketAddr, body: &[u8]) -> usize {
    let mut stream = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /concept HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 303"),
        "the upload was accepted"
    );
    answer.len()
}
