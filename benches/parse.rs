//! Parsing throughput of `apv-parser` on a realistic ~300 KB APV, in MB/s.
//!
//! The input is generated from the project's own fixtures (see `corpus.rs`) in two flavours,
//! Markdown and PDF text. When `../shared/corpus/raw/vng-model-apv-2023.md` is present next to
//! the workspace, the real Model-APV is measured as well. The references and definitions layers
//! are also measured on their own, on an already parsed document.
//!
//! Run with `cargo bench -p apv-parser --bench parse`.

use std::sync::LazyLock;

// The allocator of the apv binary, so that the figures are those of the program users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::Bencher;
use divan::counter::BytesCount;

mod corpus;

use corpus::Flavour;

fn main() {
    divan::main();
}

/// Size of the generated APV.
const TARGET: usize = 300 * 1024;

static MARKDOWN: LazyLock<String> = LazyLock::new(|| corpus::apv(Flavour::Markdown, TARGET));
static PDF_TEXT: LazyLock<String> = LazyLock::new(|| corpus::apv(Flavour::PdfText, TARGET));

fn input(flavour: &str) -> &'static str {
    match flavour {
        "markdown" => &MARKDOWN,
        _ => &PDF_TEXT,
    }
}

/// Parse (read, normalise, structure, references, definitions) the generated APV.
#[divan::bench(args = ["markdown", "pdf-text"])]
fn parse(bencher: Bencher, flavour: &str) {
    let text = input(flavour);
    let doc = apv_parser::parse_text(text, flavour).expect("the generated APV parses");
    assert!(
        doc.articles().count() > 100,
        "the generated APV has too few articles"
    );
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| apv_parser::parse_text(divan::black_box(text), "bench"));
}

/// The references layer alone, on the parsed Markdown APV.
#[divan::bench]
fn references(bencher: Bencher) {
    let text = input("markdown");
    let doc = apv_parser::parse_text(text, "bench").expect("the generated APV parses");
    bencher
        .counter(BytesCount::of_str(text))
        .with_inputs(|| doc.clone())
        .bench_local_refs(apv_parser::refs::annotate);
}

/// The definitions layer alone, on the parsed Markdown APV.
#[divan::bench]
fn definitions(bencher: Bencher) {
    let text = input("markdown");
    let doc = apv_parser::parse_text(text, "bench").expect("the generated APV parses");
    bencher
        .counter(BytesCount::of_str(text))
        .with_inputs(|| doc.clone())
        .bench_local_refs(apv_parser::defs::annotate);
}

/// The real VNG Model-APV 2023, when the shared material is present (`../shared`, or
/// `$APV_SHARED`).
fn model_apv() -> Option<String> {
    let root = std::env::var_os("APV_SHARED").map_or_else(
        || std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(root.join("corpus/raw/vng-model-apv-2023.md")).ok();
    if text.is_none() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: ../shared not found (set APV_SHARED)");
        }
    }
    text
}

/// A form's name and the Model-APV's bytes in it.
type Form = (&'static str, Vec<u8>);

/// The Model-APV in each form, written from its parsed structure: its Markdown as it is, and
/// CVDR XML, HTML and PDF text written here (headings in the form's markup, a lid per
/// paragraph, the text of an article without leden line by line).
static MODEL_FORMS: LazyLock<Option<Vec<Form>>> = LazyLock::new(|| {
    let md = model_apv()?;
    let doc = apv_parser::parse_text(&md, "vng-model-apv-2023.md").ok()?;
    Some(vec![
        ("markdown", md.clone().into_bytes()),
        ("cvdr-xml", forms::cvdr(&doc).into_bytes()),
        ("html", forms::html(&doc).into_bytes()),
        ("pdf-text", forms::pdf_text(&doc).into_bytes()),
    ])
});

/// Parse the Model-APV in the form given (skipped without the shared material).
#[divan::bench(args = ["markdown", "pdf-text", "cvdr-xml", "html"])]
fn vng_model_apv(bencher: Bencher, form: &str) {
    let Some(forms) = MODEL_FORMS.as_ref() else {
        return;
    };
    let bytes = &forms.iter().find(|(f, _)| *f == form).expect("a form").1;
    let name = match form {
        "markdown" => "vng-model-apv-2023.md",
        "pdf-text" => "vng-model-apv-2023.txt",
        "cvdr-xml" => "vng-model-apv-2023.xml",
        _ => "vng-model-apv-2023.html",
    };
    let opts = apv_parser::ParseOptions::default();
    let doc = apv_parser::parse_bytes(bytes, name, &opts).expect("the Model-APV parses");
    assert!(
        doc.articles().count() >= 190,
        "{form}: {} articles",
        doc.articles().count()
    );
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| apv_parser::parse_bytes(divan::black_box(bytes), name, &opts));
}

/// Writers of the Model-APV's other forms, from its parsed structure.
mod forms {
    use std::fmt::Write as _;

    use apv_parser::{Document, NodeId, NodeKind};

    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    fn label(kind: NodeKind) -> &'static str {
        match kind {
            NodeKind::Chapter => "Hoofdstuk",
            NodeKind::Section => "Afdeling",
            NodeKind::Paragraph => "Paragraaf",
            _ => "Artikel",
        }
    }

    /// The text of a node without its heading, one line per normalised line.
    fn body_lines(doc: &Document, id: NodeId) -> Vec<String> {
        doc.body_text(id)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The units in document order: (depth, node).
    fn units(doc: &Document) -> Vec<NodeId> {
        (0..doc.nodes.len() as u32)
            .map(NodeId)
            .filter(|&id| {
                matches!(
                    doc.node(id).kind,
                    NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph | NodeKind::Article
                )
            })
            .collect()
    }

    fn heading(doc: &Document, id: NodeId) -> String {
        let n = doc.node(id);
        let mut h = format!(
            "{} {}",
            label(n.kind),
            n.raw_number.as_deref().unwrap_or("")
        );
        if let Some(t) = &n.title {
            h.push(' ');
            h.push_str(t);
        }
        if n.repealed {
            h.push_str(" [Vervallen]");
        }
        h
    }

    /// Own text of a non-article unit (between its heading and its first child).
    fn own_lines(doc: &Document, id: NodeId) -> Vec<String> {
        let n = doc.node(id);
        let from = n.heading.map_or(n.span.start, |h| h.end);
        let to = n
            .children
            .first()
            .map_or(n.span.end, |&c| doc.node(c).span.start);
        doc.text[from.min(to)..to]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The lines a unit prints under its heading: an article's leden (none when repealed),
    /// another unit's own text.
    fn unit_lines(doc: &Document, id: NodeId) -> Vec<String> {
        let n = doc.node(id);
        match n.kind {
            NodeKind::Article if n.repealed => Vec::new(),
            NodeKind::Article => body_lines(doc, id),
            _ => own_lines(doc, id),
        }
    }

    pub fn cvdr(doc: &Document) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cvdr><body><regeling><regeling-tekst>\n",
        );
        let mut open: Vec<NodeId> = Vec::new();
        for id in units(doc) {
            let n = doc.node(id);
            while let Some(&top) = open.last() {
                if doc.ancestors(id).any(|a| a == top) {
                    break;
                }
                let _ = writeln!(out, "</{}>", label(doc.node(top).kind).to_lowercase());
                open.pop();
            }
            let tag = label(n.kind).to_lowercase();
            let _ = write!(
                out,
                "<{tag}><kop><label>{}</label><nr>{}</nr>",
                label(n.kind),
                esc(n.raw_number.as_deref().unwrap_or(""))
            );
            if let Some(t) = &n.title {
                let _ = write!(out, "<titel>{}</titel>", esc(t));
            }
            out.push_str("</kop>\n");
            if n.kind == NodeKind::Article {
                if n.repealed {
                    out.push_str("<al>[Vervallen]</al>\n");
                }
                let members: Vec<NodeId> = n
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| doc.node(c).kind == NodeKind::Member)
                    .collect();
                if members.is_empty() {
                    if !n.repealed {
                        for l in body_lines(doc, id) {
                            let _ = writeln!(out, "<al>{}</al>", esc(&l));
                        }
                    }
                } else {
                    for m in members {
                        let text = doc.node_text(m);
                        let raw = doc.node(m).raw_number.as_deref().unwrap_or("");
                        let rest = text.trim_start().strip_prefix(raw).unwrap_or(text);
                        let _ = writeln!(
                            out,
                            "<lid><lidnr>{}</lidnr><al>{}</al></lid>",
                            esc(raw),
                            esc(rest.trim())
                        );
                    }
                }
                let _ = writeln!(out, "</{tag}>");
            } else {
                for l in own_lines(doc, id) {
                    let _ = writeln!(out, "<al>{}</al>", esc(&l));
                }
                open.push(id);
            }
        }
        while let Some(top) = open.pop() {
            let _ = writeln!(out, "</{}>", label(doc.node(top).kind).to_lowercase());
        }
        out.push_str("</regeling-tekst></regeling></body></cvdr>\n");
        out
    }

    pub fn html(doc: &Document) -> String {
        let mut out = String::from(
            "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Model-APV</title></head>\n<body><nav><a href=\"/\">Home</a></nav><main>\n",
        );
        for id in units(doc) {
            let n = doc.node(id);
            let h = match n.kind {
                NodeKind::Chapter => 2,
                NodeKind::Section => 3,
                _ => 4,
            };
            let _ = writeln!(out, "<h{h}>{}</h{h}>", esc(&heading(doc, id)));
            for l in unit_lines(doc, id) {
                let _ = writeln!(out, "<p>{}</p>", esc(&l));
            }
        }
        out.push_str("</main><footer><p>Terug naar boven</p></footer></body></html>\n");
        out
    }

    pub fn pdf_text(doc: &Document) -> String {
        let mut out = String::new();
        let mut lines = 0usize;
        let mut page = 1;
        let mut push = |out: &mut String, l: &str| {
            out.push_str(l);
            out.push('\n');
            lines += 1;
            if lines.is_multiple_of(55) {
                let _ = write!(out, "\n{page}\n\u{c}");
                page += 1;
            }
        };
        for id in units(doc) {
            push(&mut out, "");
            push(&mut out, &heading(doc, id));
            for l in unit_lines(doc, id) {
                push(&mut out, &l);
            }
        }
        out
    }
}
