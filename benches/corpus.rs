//! A deterministic generator of realistic APV text for the benchmarks.
//!
//! It reads the project's own fixtures (`fixtures/**/*.md`, `fixtures/**/*.txt`), keeps the ones
//! numbered in the `H:N` style of the Model-APV, and assembles their chapters, one copy after
//! another with the chapter numbers shifted (in headings and in cross-references alike), until
//! the text reaches the wanted size. The result is rendered in one of two flavours:
//! - [`Flavour::Markdown`]: a Markdown conversion as from a web page or PDF (`#` headings in bold,
//!   blank lines between paragraphs, list dashes before onderdelen, page footers);
//! - [`Flavour::PdfText`]: `pdftotext` output (a table of contents with dot leaders, lines wrapped
//!   at 90 columns with words hyphenated at line ends, running headers and page numbers).
//!
//! The same fixtures always give the same text, byte for byte.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use apv_parser::{Document, NodeKind, WarningKind};

/// How the generated APV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Markdown converted from a web page or PDF.
    Markdown,
    /// Plain text extracted from a PDF.
    PdfText,
}

/// What a line of the assembled regulation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Chapter,
    Section,
    Paragraph,
    Article,
    Body,
}

/// The fixture directories the generator reads: the parser's own fixtures and the APVs of the
/// Flevoland demo set (not the report fixtures, which hold deliberately hostile text).
pub fn fixtures_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    vec![root.join("parser"), root.join("flevoland")]
}

/// Every `.md` and `.txt` file under `dir`, sorted by path.
fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The regulation lines of one parsed fixture (from its first structural heading to the end of
/// its last article), each with its kind, and the highest chapter number it uses.
fn regulation_lines(doc: &Document) -> Option<(Vec<(LineKind, String)>, u32)> {
    let articles: Vec<_> = doc.articles().collect();
    if articles.len() < 3 {
        return None;
    }
    // Only the H:N style can be renumbered by shifting the chapter.
    let two_level = articles.iter().all(|&a| {
        let n = doc.node(a);
        n.number
            .as_deref()
            .is_some_and(|n| n.split(':').count() == 2)
            && n.raw_number.as_deref().is_some_and(|r| r.contains(':'))
    });
    if !two_level {
        return None;
    }
    let start = doc
        .nodes
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::Chapter | NodeKind::Section | NodeKind::Paragraph | NodeKind::Article
            )
        })
        .map(|n| n.span.start)
        .min()?;
    let end = doc.node(*articles.last()?).span.end;
    let mut heading_kind = std::collections::HashMap::new();
    for n in &doc.nodes {
        let kind = match n.kind {
            NodeKind::Chapter => LineKind::Chapter,
            NodeKind::Section => LineKind::Section,
            NodeKind::Paragraph => LineKind::Paragraph,
            NodeKind::Article => LineKind::Article,
            _ => continue,
        };
        if let Some(h) = n.heading {
            heading_kind.insert(h.start, kind);
        }
    }
    let mut lines = Vec::new();
    let mut max_chapter = 0;
    let mut offset = start;
    for line in doc.text[start..end].split_inclusive('\n') {
        let kind = heading_kind.get(&offset).copied().unwrap_or(LineKind::Body);
        offset += line.len();
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if kind == LineKind::Chapter
            && let Some(n) = line
                .split_whitespace()
                .nth(1)
                .and_then(|w| w.trim_end_matches('.').parse::<u32>().ok())
        {
            max_chapter = max_chapter.max(n);
        }
        lines.push((kind, line.to_string()));
    }
    for &a in &articles {
        if let Some(c) = doc
            .node(a)
            .number
            .as_deref()
            .and_then(|n| n.split(':').next()?.parse::<u32>().ok())
        {
            max_chapter = max_chapter.max(c);
        }
    }
    Some((lines, max_chapter.max(1)))
}

/// Shift every chapter number in a line by `by`: "Hoofdstuk 2" → "Hoofdstuk 5", "2:28" →
/// "5:28" (headings and references alike, so that references stay resolvable).
fn shift_chapters(line: &str, kind: LineKind, by: u32) -> String {
    if by == 0 {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    if kind == LineKind::Chapter {
        let mut words = line.splitn(3, ' ');
        let (w0, w1, rest) = (words.next(), words.next(), words.next());
        if let (Some(w0), Some(w1)) = (w0, w1)
            && let Ok(n) = w1.trim_end_matches('.').parse::<u32>()
        {
            let dot = if w1.ends_with('.') { "." } else { "" };
            let _ = write!(out, "{w0} {}{dot}", n + by);
            if let Some(rest) = rest {
                out.push(' ');
                out.push_str(rest);
            }
            return out;
        }
    }
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b':';
        if at_word_start && b[i].is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < b.len() && b[j] == b':' && b[j + 1].is_ascii_digit() {
                let n: u32 = line[i..j].parse().unwrap_or(0);
                let _ = write!(out, "{}", n + by);
                i = j;
                continue;
            }
            out.push_str(&line[i..j]);
            i = j;
            continue;
        }
        let ch = line[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The assembled regulation body: copies of the fixtures' chapters, renumbered, until at least
/// `target` bytes of plain lines.
fn assemble(target: usize) -> Vec<(LineKind, String)> {
    let mut sources = Vec::new();
    let files: Vec<PathBuf> = fixtures_dirs()
        .iter()
        .flat_map(|d| fixture_files(d))
        .collect();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        // Fixtures written to show messy numbering would make every copy messy: leave them out.
        if let Ok(doc) = apv_parser::parse_text(&text, &name)
            && !doc.warnings.iter().any(|w| {
                matches!(
                    w.kind,
                    WarningKind::DuplicateArticle | WarningKind::OutOfSequence
                )
            })
            && let Some(lines) = regulation_lines(&doc)
        {
            sources.push(lines);
        }
    }
    assert!(
        !sources.is_empty(),
        "no fixture under {:?} parses into H:N-numbered articles",
        fixtures_dirs()
    );
    let mut out = Vec::new();
    let mut size = 0;
    let mut shift = 0;
    while size < target {
        for (lines, chapters) in &sources {
            for (kind, line) in lines {
                let line = shift_chapters(line, *kind, shift);
                size += line.len() + 1;
                out.push((*kind, line));
            }
            shift += chapters;
            if size >= target {
                break;
            }
        }
    }
    out
}

const PREAMBLE: &str = "Algemene plaatselijke verordening Noorderzand 2025\n\
De raad van de gemeente Noorderzand;\n\
gelezen het voorstel van burgemeester en wethouders van 4 februari 2025;\n\
gelet op de artikelen 149, 154 en 154a van de Gemeentewet en artikel 4 van de Alcoholwet;\n\
besluit vast te stellen de volgende verordening:\n";

/// A realistic APV of about `target` bytes in the given flavour, from the project's fixtures.
pub fn apv(flavour: Flavour, target: usize) -> String {
    // Each flavour stops writing once it reaches `target`.
    let body = assemble(target);
    match flavour {
        Flavour::Markdown => markdown(&body, target),
        Flavour::PdfText => pdf_text(&body, target),
    }
}

fn markdown(body: &[(LineKind, String)], target: usize) -> String {
    let mut out = String::with_capacity(target + target / 4);
    for line in PREAMBLE.lines() {
        let _ = write!(out, "{line} \n\n");
    }
    let mut page = 1;
    for (i, (kind, line)) in body.iter().enumerate() {
        match kind {
            LineKind::Chapter => {
                let _ = write!(out, "# **{line}** \n\n");
            }
            LineKind::Section => {
                let _ = write!(out, "## **{line}** \n\n");
            }
            LineKind::Paragraph => {
                let _ = write!(out, "## {line} \n\n");
            }
            LineKind::Article => {
                let _ = write!(out, "### **{line}** \n\n");
            }
            LineKind::Body => {
                let is_item = line.len() > 3
                    && line.as_bytes()[0].is_ascii_lowercase()
                    && line.as_bytes()[1] == b'.';
                if is_item {
                    let _ = write!(out, "- {line} \n\n");
                } else {
                    let _ = write!(out, "{line} \n\n");
                }
            }
        }
        if i % 40 == 39 {
            let _ = write!(out, "_Gemeente Noorderzand, januari 2025_ \n\n{page} \n\n");
            page += 1;
        }
        if out.len() >= target {
            break;
        }
    }
    out
}

/// Wrap `line` at 90 columns, hyphenating a long word at the line end now and then.
fn wrap(line: &str, counter: &mut u32, out: &mut Vec<String>) {
    let mut current = String::new();
    for word in line.split(' ') {
        let width = current.chars().count();
        if width > 0 && width + 1 + word.chars().count() > 90 {
            *counter += 1;
            let chars: Vec<char> = word.chars().collect();
            if chars.len() >= 10
                && chars.iter().all(|c| c.is_alphabetic())
                && (*counter).is_multiple_of(3)
            {
                let cut = chars.len() / 2;
                let head: String = chars[..cut].iter().collect();
                let tail: String = chars[cut..].iter().collect();
                current.push(' ');
                current.push_str(&head);
                current.push('-');
                out.push(std::mem::take(&mut current));
                current = tail;
                continue;
            }
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
}

fn pdf_text(body: &[(LineKind, String)], target: usize) -> String {
    let mut lines: Vec<String> = PREAMBLE.lines().map(String::from).collect();
    let mut counter = 0;
    for (kind, line) in body {
        if *kind == LineKind::Body {
            wrap(line, &mut counter, &mut lines);
        } else {
            lines.push(String::new());
            lines.push(line.clone());
        }
    }
    // Pages of 55 lines with a running header and a page number.
    let pages = lines.len().div_ceil(55);
    let toc_pages = 1 + body.iter().filter(|(k, _)| *k != LineKind::Body).count() / 55;
    let mut out = String::with_capacity(target + target / 4);
    out.push_str("Inhoudsopgave\n");
    let mut page_of_line = toc_pages + 1;
    for (i, (kind, line)) in body.iter().enumerate() {
        if i % 30 == 0 {
            page_of_line += 1;
        }
        if *kind != LineKind::Body {
            let dots = 100usize.saturating_sub(line.chars().count()).max(3);
            let _ = writeln!(out, "{line} {} {page_of_line}", ".".repeat(dots));
        }
    }
    out.push('\u{c}');
    for (p, chunk) in lines.chunks(55).enumerate() {
        out.push_str("Gemeenteblad 2025 nr. 40112\n");
        let _ = writeln!(out, "Algemene plaatselijke verordening Noorderzand 2025");
        for l in chunk {
            out.push_str(l);
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "\nPagina {} van {}\n\u{c}",
            p + 1 + toc_pages,
            pages + toc_pages
        );
        if out.len() >= target {
            break;
        }
    }
    out
}
