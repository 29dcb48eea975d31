//! CVDR XML, the consolidated regulations published on lokaleregelgeving.overheid.nl.
//!
//! The XML is parsed with `roxmltree`, which refuses document type declarations: no DTD is
//! fetched and no entity is expanded. A bare `<!DOCTYPE cvdr>` without declarations is
//! tolerated; one with an internal subset (entity declarations, the vehicle of external-entity
//! and "billion laughs" attacks) is rejected with a one-line error. Elements are matched on
//! their local names, so every export version's namespaces work, and the newer STOP names
//! (`nummer`, `opschrift`, `linummer`) are read as well as the CVDR ones (`nr`, `titel`,
//! `li.nr`).
//!
//! The structure is rendered as lines the structure builder understands: `Hoofdstuk 2 Titel`,
//! `Artikel 2:28 Titel`, `1. lid text`, `a. onderdeel text`, `1° sub-onderdeel`, a repealed
//! article as its heading plus `[Vervallen]`; tables one row per line with cells separated by
//! ` | `. Editorial notes (`redactie`) and footnotes (`noot`) are skipped; references
//! (`intref`, `extref`) keep their text for the references layer. Each line carries what its
//! element is ([`Mark`]): a `kop` its unit, a `<lid>` a lid with its `lidnr`, an `<li>` an item
//! at its `<lijst>` depth below the lid (or article), an `<al>` directly in a lid or article a
//! paragraph, a table row a row.

use std::borrow::Cow;

use roxmltree::{Document as XmlDocument, Node, ParsingOptions};

use super::decode::OffsetMap;
use super::lines::{
    LabelKind, LineIndex, Lines, Origin, ascii_lower, collapse_ws, cvdr_id, historical_warning,
    join_cells, leading_label, municipality_name, parse_date, push_collapsed, read_validity_text,
    row_mark,
};
use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::{InputForm, Metadata, NodeKind, SourceBasis, SourceSpan};
use crate::repeal::is_repeal_marker;
use crate::source::{Mark, MarkedItem, MarkedUnit, Region, SourceText};

/// Elements nested deeper than this are refused (real CVDR files stay below 40 levels).
pub const MAX_DEPTH: usize = 256;

/// Documents with more XML nodes (elements, text runs, comments) than this are refused: a real
/// CVDR APV of 300 KB has about 21 000, so the limit admits about 60 MB of real XML (near the
/// default `--max-file-size`), and it bounds the memory a hostile file can take (the parsed
/// tree takes about 100 bytes per node).
pub const MAX_NODES: u32 = 4_000_000;

const FORM: &str = "CVDR XML";

/// Reads CVDR XML into lines for the structure builder.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    read_limited(bytes, name, opts, MAX_NODES)
}

/// [`read`] with a node limit of `max_nodes`.
fn read_limited(
    bytes: &[u8],
    name: &str,
    opts: &ParseOptions,
    max_nodes: u32,
) -> Result<SourceText, ParseError> {
    let err = |kind| ParseError::new(name, kind);
    if bytes.len() as u64 > opts.max_file_size {
        return Err(err(ErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: opts.max_file_size,
        }));
    }
    let decoded = decode_xml(bytes).map_err(|detail| malformed(name, detail))?;
    let text = neutralise_doctype(&decoded).map_err(|detail| malformed(name, detail))?;
    let doc = parse_xml(&text, max_nodes).map_err(|e| malformed(name, xml_error(&e, max_nodes)))?;
    check_depth(&doc).map_err(|detail| malformed(name, detail))?;
    let root = doc.root_element();
    if root.tag_name().name().eq_ignore_ascii_case("html") {
        return Err(malformed(
            name,
            "this is an XHTML page, not CVDR XML (try --input-format html)".into(),
        ));
    }

    let mut metadata = Metadata::default();
    read_metadata(root, &mut metadata);

    let index = LineIndex::new(text.as_bytes());
    let mut r = Renderer {
        index: &index,
        out: Lines::default(),
        pending: None,
        list_depth: 0,
    };
    let body = root
        .descendants()
        .find(|n| n.is_element() && local(n) == "body")
        .unwrap_or(root);
    r.block(body, 0);
    r.flush_pending();

    let mut warnings = Vec::new();
    warnings.extend(historical_warning(&metadata));
    let mut lines = r.out.finish();
    // The doctype was blanked byte for byte: offsets of `text` are offsets of `decoded`.
    OffsetMap::new(bytes, &decoded).apply(&mut lines.source_spans);
    Ok(lines.into_source(InputForm::CvdrXml, SourceBasis::Input, metadata, warnings))
}

/// Parses XML as every XML reader here does: a document type declaration is refused (no DTD
/// fetched, no entity expanded) and so is a document of more than `max_nodes` nodes.
pub(crate) fn parse_xml(text: &str, max_nodes: u32) -> Result<XmlDocument<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: max_nodes,
        ..ParsingOptions::default()
    };
    XmlDocument::parse_with_options(text, options)
}

fn malformed(name: &str, detail: String) -> ParseError {
    ParseError::malformed(name, FORM, detail)
}

fn xml_error(e: &roxmltree::Error, max_nodes: u32) -> String {
    match e {
        roxmltree::Error::NodesLimitReached => format!(
            "more than {max_nodes} XML nodes (a real CVDR APV of 300 KB has about 21 000); refused so that memory stays bounded"
        ),
        roxmltree::Error::DtdDetected => {
            "the XML declares a DTD; DTDs and entity declarations are refused".into()
        }
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            format!("the file ends in the middle of the XML (truncated?): {e}")
        }
        roxmltree::Error::UnknownEntityReference(..) => {
            format!("{e} (entities other than the five XML ones need a DTD, which is refused)")
        }
        _ => format!("not well-formed XML: {e}"),
    }
}

/// UTF-8 (with or without BOM), UTF-16 with BOM, or the encoding the XML declaration names
/// (ISO-8859-1, Windows-1252 …); bytes that are not UTF-8 and declare nothing are refused.
pub(crate) fn decode_xml(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    match super::decode::decode(bytes, super::decode::Fallback::DeclaredOnly) {
        Some(d) => Ok(d.text),
        None => Err(format!(
            "invalid UTF-8 at byte {} and no other encoding declared",
            std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to())
        )),
    }
}

/// Blanks out a harmless `<!DOCTYPE name [SYSTEM "…"]>` (keeping byte offsets and lines) and
/// refuses one with an internal subset, where entities are declared.
fn neutralise_doctype(text: &str) -> Result<Cow<'_, str>, String> {
    let head_len = text.len().min(64 * 1024);
    let head = &text.as_bytes()[..head_len];
    let Some(start) = find_ci(head, b"<!doctype") else {
        return Ok(Cow::Borrowed(text));
    };
    // Only a DOCTYPE before the root element counts.
    let before_root = text[..start]
        .match_indices('<')
        .all(|(i, _)| text[i..].starts_with("<?") || text[i..].starts_with("<!--"));
    if !before_root {
        return Ok(Cow::Borrowed(text));
    }
    let mut end = None;
    let mut quote = None;
    for (i, &b) in text.as_bytes()[start..].iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => {
                return Err(
                    "the XML declares entities in a DTD (<!DOCTYPE … [ … ]>); entity declarations are refused so that no external entity is fetched or expanded"
                        .into(),
                );
            }
            (None, b'>') => {
                end = Some(start + i + 1);
                break;
            }
            _ => {}
        }
    }
    let end = end.ok_or_else(|| "unterminated <!DOCTYPE> declaration".to_string())?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(
        text[start..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' }),
    );
    // Keep byte offsets: a multi-byte char in the blanked part became one space; pad.
    let removed = text[start..end].len() - text[start..end].chars().count();
    out.extend(std::iter::repeat_n(' ', removed));
    out.push_str(&text[end..]);
    Ok(Cow::Owned(out))
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

pub(crate) fn check_depth(doc: &XmlDocument) -> Result<(), String> {
    // Depth by node id: parents come before their children in document order.
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for n in doc.descendants() {
        let d = n.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        if d > MAX_DEPTH {
            return Err(format!("elements nested deeper than {MAX_DEPTH} levels"));
        }
        depth[n.id().get_usize()] = d;
    }
    Ok(())
}

/// The lower-cased local name of an element (borrowed when it is lower case already).
fn local<'a>(n: &Node<'a, '_>) -> Cow<'a, str> {
    ascii_lower(n.tag_name().name())
}

/// The text of a node and its descendants, editorial notes left out, `br` as a space.
fn inline_text(node: Node) -> String {
    inline_text_without(node, &[])
}

/// [`inline_text`] leaving out the elements named in `also_skip` too.
fn inline_text_without(node: Node, also_skip: &[&str]) -> String {
    let mut out = Collapsed::default();
    for piece in text_pieces(&[node], also_skip) {
        out.push_str(piece);
    }
    out.text
}

/// The text under `nodes` in document order, piece by piece: editorial notes and the elements
/// named in `also_skip` left out, `br` as a space.
fn text_pieces<'a, 'i: 'a>(
    nodes: &[Node<'a, 'i>],
    also_skip: &'a [&'a str],
) -> impl Iterator<Item = &'a str> + 'a {
    let mut stack: Vec<Node<'a, 'i>> = nodes.iter().rev().copied().collect();
    std::iter::from_fn(move || {
        while let Some(n) = stack.pop() {
            if n.is_text() {
                return Some(n.text().unwrap_or(""));
            }
            if !n.is_element() {
                continue;
            }
            let name = local(&n);
            if SKIPPED.contains(&&*name) || also_skip.contains(&&*name) {
                continue;
            }
            stack.extend(n.children().rev());
            if name == "br" {
                return Some(" ");
            }
        }
        None
    })
}

/// Text with runs of white space collapsed into one space and trimmed, built piece by piece:
/// the same as [`collapse_ws`] of the pieces joined.
#[derive(Default)]
struct Collapsed {
    text: String,
    pending: bool,
}

impl Collapsed {
    fn push_str(&mut self, s: &str) {
        push_collapsed(&mut self.text, &mut self.pending, s);
    }
}

/// Whether the text of `nodes` (as [`inline_text`] gives it) holds at least `limit` characters
/// other than white space, brackets and full stops; stops counting there.
fn has_long_text(nodes: &[Node], limit: usize) -> bool {
    let mut count = 0;
    for piece in text_pieces(nodes, &[]) {
        count += piece
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '(' | ')' | '.'))
            .take(limit - count)
            .count();
        if count >= limit {
            return true;
        }
    }
    false
}

fn child<'a, 'i>(n: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && names.contains(&&*local(c)))
}

/// Editorial notes, footnotes of the publisher and machine metadata: not regulation text (a
/// `noot` inside an `al` would glue "2Zie artikel 9 van de verordening van 2008." to the
/// sentence it annotates).
const SKIPPED: &[&str] = &["redactie", "meta-data", "opmerkingen-inhoud", "noot"];
/// Elements that start a line of their own when found inside running text.
const BLOCKS: &[&str] = &["lijst", "table", "al", "lid", "tussenkop"];
const LABEL: &[&str] = &["label"];
const NUMBER: &[&str] = &["nr", "nummer"];
const TITLE: &[&str] = &["titel", "opschrift"];
const LID_NUMBER: &[&str] = &["lidnr", "lidnummer"];
const LI_NUMBER: &[&str] = &["li.nr", "linummer"];
const UNITS: &[&str] = &[
    "hoofdstuk",
    "afdeling",
    "paragraaf",
    "subparagraaf",
    "artikel",
    "titeldeel",
    "deel",
    "divisie",
];

struct Renderer<'x> {
    index: &'x LineIndex,
    out: Lines,
    /// A lid or list label waiting for the text that follows it, with the mark of the line it
    /// opens.
    pending: Option<(String, Origin, Mark)>,
    /// How many `lijst` elements enclose the current node inside its lid (or article).
    list_depth: u8,
}

impl Renderer<'_> {
    /// Where a node is: its line and its bytes, start tag to end tag.
    fn line_of(&self, n: Node) -> Origin {
        self.index.origin(n.range())
    }

    /// Emits a line, putting a waiting label in front of it.
    fn emit(&mut self, text: &str, origin: Origin, heading: bool) {
        let mark = if heading { Mark::Heading } else { Mark::None };
        self.emit_marked(text, origin, mark);
    }

    /// Emits a line with what the markup says it is, putting a waiting label in front of it
    /// (the line then opens what the label's element opens).
    fn emit_marked(&mut self, text: &str, origin: Origin, mark: Mark) {
        let text = collapse_ws(text);
        if text.is_empty() {
            return;
        }
        if let Some((label, at, label_mark)) = self.pending.take() {
            if leading_label(&text).is_some() || mark == Mark::Heading {
                self.out.push_marked(label, at, label_mark);
            } else {
                self.out
                    .push_marked(format!("{label} {text}"), at.through(origin), label_mark);
                return;
            }
        }
        self.out.push_marked(text, origin, mark);
    }

    fn flush_pending(&mut self) {
        if let Some((label, at, mark)) = self.pending.take() {
            self.out.push_marked(label, at, mark);
        }
    }

    /// Renders a block-level node. `letter_depth` counts the enclosing numbered leden and list
    /// items: a numbered list inside one holds sub-onderdelen ("1." becomes "1°"), not leden.
    fn block(&mut self, node: Node, letter_depth: usize) {
        let name = local(&node);
        match &*name {
            "redactie" | "noot" | "meta" | "meta-data" | "opmerkingen-inhoud" | "plaatje"
            | "illustratie" | "afbeelding" => {}
            n if UNITS.contains(&n) => self.unit(node, letter_depth),
            "toelichting" | "bijlage" | "regeling-sluiting" => {
                // Mark where the regulation ends, so that articles discussed in an
                // explanatory note or an annex are not taken for the regulation's own: the
                // first line of the part carries its region.
                let region = match &*name {
                    "toelichting" => Region::Explanation,
                    "bijlage" => Region::Annex,
                    _ => Region::Signature,
                };
                self.flush_pending();
                let first = self.out.lines.len();
                let text = inline_text(node);
                if region != Region::Signature && !text.to_lowercase().starts_with(&*name) {
                    let line = self.line_of(node);
                    self.out.push(&capitalise(&name), line, true);
                }
                for c in node.children().filter(|c| c.is_element()) {
                    self.block(c, letter_depth);
                }
                self.flush_pending();
                if let Some(line) = self.out.lines.get_mut(first) {
                    line.mark = Mark::Region(region);
                }
            }
            "kop" => {
                let line = self.line_of(node);
                let heading = heading_text(node, None);
                self.emit(&heading, line, true);
            }
            "lid" => {
                let line = self.line_of(node);
                if let Some(nr) = child(node, LID_NUMBER) {
                    let label = normalise_label(&inline_text(nr), false);
                    self.flush_pending();
                    let mark = Mark::Lid((!label.is_empty()).then(|| label.clone()));
                    self.pending = Some((label, line, mark));
                }
                let numbered = child(node, LID_NUMBER).is_some();
                let outer_lists = std::mem::replace(&mut self.list_depth, 0);
                for c in node
                    .children()
                    .filter(|c| c.is_element() && !LID_NUMBER.contains(&&*local(c)))
                {
                    self.block(c, letter_depth + usize::from(numbered));
                }
                self.flush_pending();
                self.list_depth = outer_lists;
            }
            "lijst" => {
                let depth = letter_depth + 1;
                self.list_depth = self.list_depth.saturating_add(1);
                for li in node.children().filter(|c| c.is_element()) {
                    if local(&li) == "li" {
                        self.item(li, letter_depth, depth);
                    } else {
                        self.block(li, depth);
                    }
                }
                self.list_depth -= 1;
            }
            "al" | "tussenkop" | "li.nr" | "linummer" => self.running_text(node, letter_depth),
            "table" => self.table(node),
            // Text directly inside an element (context.al, tekst with inline markup …).
            _ if node
                .children()
                .any(|c| c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty())) =>
            {
                self.running_text(node, letter_depth)
            }
            _ => {
                for c in node.children() {
                    if c.is_element() {
                        self.block(c, letter_depth);
                    } else if c.is_text() {
                        let line = self.line_of(c);
                        let text = c.text().unwrap_or("").to_string();
                        self.emit(&text, line, false);
                    }
                }
            }
        }
    }

    /// Running text as one line; a list or table inside it (`<al>… <lijst>…</lijst></al>`)
    /// is rendered as its own lines between the text before and after it.
    fn running_text(&mut self, node: Node, letter_depth: usize) {
        // A paragraph directly in a lid or an article is the lid's or article's own text.
        let own_paragraph = local(&node) == "al"
            && node
                .parent_element()
                .is_some_and(|p| matches!(&*local(&p), "lid" | "artikel"));
        let mut mark = if own_paragraph {
            Mark::Paragraph
        } else {
            Mark::None
        };
        let mut buf = String::new();
        let mut at = self.line_of(node);
        for c in node.children() {
            let is_block = c.is_element() && BLOCKS.contains(&&*local(&c));
            if is_block {
                self.emit_marked(&buf, at.until(c.range().start), std::mem::take(&mut mark));
                buf.clear();
                self.block(c, letter_depth);
                // the text after the block, cited on the block's line
                at = self.line_of(c);
                at.span = SourceSpan::new(c.range().end, node.range().end);
            } else if c.is_element() {
                if !SKIPPED.contains(&&*local(&c)) {
                    buf.push_str(&inline_text(c));
                }
            } else if c.is_text() {
                if buf.trim().is_empty() {
                    at = self.index.origin(c.range().start..node.range().end);
                }
                buf.push_str(c.text().unwrap_or(""));
            }
        }
        self.emit_marked(&buf, at, mark);
    }

    fn item(&mut self, li: Node, outer_letter_depth: usize, depth: usize) {
        let line = self.line_of(li);
        let raw_label = child(li, LI_NUMBER)
            .map(inline_text)
            .or_else(|| li.attribute("nr").map(str::to_string));
        if let Some(raw) = raw_label {
            let label = normalise_label(&raw, outer_letter_depth > 0);
            if !label.is_empty() {
                self.flush_pending();
                let mark = Mark::Item(MarkedItem {
                    depth: self.list_depth,
                    label: Some(label.clone()),
                });
                self.pending = Some((label, line, mark));
            }
        }
        for c in li
            .children()
            .filter(|c| c.is_element() && !LI_NUMBER.contains(&&*local(c)))
        {
            self.block(c, depth);
        }
        // Text directly inside <li> (no <al>).
        let direct: String = li
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        if !direct.trim().is_empty() {
            self.emit(&direct, line, false);
        }
        self.flush_pending();
    }

    fn unit(&mut self, node: Node, letter_depth: usize) {
        let line = self.line_of(node);
        let kop = child(node, &["kop"]);
        let body: Vec<Node> = node
            .children()
            .filter(|c| c.is_element() && local(c) != "kop" && local(c) != "redactie")
            .collect();
        // Only a short body can be a repealed marker ("[Vervallen]"): a marker has fewer than
        // 80 characters once brackets and full stops around it are trimmed.
        let body_text: String = if has_long_text(&body, 80) {
            String::new()
        } else {
            body.iter()
                .map(|c| inline_text(*c))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let title_repealed = kop
            .and_then(|k| child(k, TITLE))
            .is_some_and(|t| is_repeal_marker(&inline_text(t)));
        let status_repealed = node
            .attributes()
            .any(|a| a.value().eq_ignore_ascii_case("vervallen"))
            || child(node, &["vervallen"]).is_some();
        let repealed = title_repealed
            || status_repealed
            || (!body_text.trim().is_empty() && is_repeal_marker(&body_text));
        let unit_name = local(&node);
        let heading = match kop {
            Some(k) => heading_text(k, Some(&unit_name)),
            None => capitalise(&unit_name),
        };
        self.flush_pending();
        let heading_line = kop.map_or(line, |k| self.line_of(k));
        match kop.and_then(|k| marked_unit(k, &unit_name, repealed)) {
            Some(unit) => {
                self.out
                    .push_marked(collapse_ws(&heading), heading_line, Mark::Unit(unit))
            }
            None => self.emit(&heading, heading_line, true),
        }
        if repealed {
            let at = body.first().map_or(heading_line, |b| self.line_of(*b));
            self.out.push("[Vervallen]", at, false);
            return;
        }
        let outer_lists = std::mem::replace(&mut self.list_depth, 0);
        for c in body {
            self.block(c, letter_depth);
        }
        self.flush_pending();
        self.list_depth = outer_lists;
    }

    fn table(&mut self, table: Node) {
        self.flush_pending();
        for n in table.descendants().filter(|n| n.is_element()) {
            match &*local(&n) {
                "row" | "tr" => {
                    let cells: Vec<String> = n
                        .children()
                        .filter(|c| c.is_element() && matches!(&*local(c), "entry" | "td" | "th"))
                        .map(inline_text)
                        .collect();
                    let line = self.line_of(n);
                    self.emit_marked(&join_cells(&cells), line, row_mark(&cells));
                }
                "title" | "caption" => {
                    let line = self.line_of(n);
                    self.emit(&inline_text(n), line, false);
                }
                _ => {}
            }
        }
    }
}

/// What a `kop` with a number states about its unit: kind, number and title.
fn marked_unit(kop: Node, unit: &str, repealed: bool) -> Option<Box<MarkedUnit>> {
    let kind = match unit {
        "hoofdstuk" => NodeKind::Chapter,
        "afdeling" => NodeKind::Section,
        "paragraaf" | "subparagraaf" => NodeKind::Paragraph,
        "artikel" => NodeKind::Article,
        _ => return None,
    };
    let text_of = |n: Node| collapse_ws(&inline_text_without(n, &["noot"]));
    let number = child(kop, NUMBER)
        .map(|n| without_unit_word(&text_of(n)).to_string())
        .filter(|n| !n.is_empty())?;
    let title = child(kop, TITLE).map(text_of).filter(|t| !t.is_empty());
    Some(Box::new(MarkedUnit {
        kind,
        number,
        title,
        repealed,
    }))
}

/// "Artikel 2:28 Titel" from a `kop`; a repealed marker as title is left out (the caller adds
/// `[Vervallen]`).
fn heading_text(kop: Node, unit: Option<&str>) -> String {
    // Footnotes in a heading are not part of its title.
    let text_of = |n: Node| inline_text_without(n, &["noot"]);
    let label = child(kop, LABEL).map(text_of);
    let nr = child(kop, NUMBER).map(|n| without_unit_word(&text_of(n)).to_string());
    let title = child(kop, TITLE)
        .map(text_of)
        .filter(|t| !is_repeal_marker(t));
    if label.is_none() && nr.is_none() && child(kop, TITLE).is_none() {
        // A kop with plain text.
        let text = text_of(kop);
        return match unit {
            Some(u)
                if !text.to_lowercase().starts_with(u)
                    && text.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                format!("{} {text}", capitalise(u))
            }
            _ => text,
        };
    }
    let label = label
        .filter(|l| !l.is_empty())
        .or_else(|| unit.filter(|_| nr.is_some()).map(capitalise));
    [label, nr, title]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number with its unit's word written into the `nr` element ("Artikel 1:1", "Hoofdstuk
/// 2"), as some exports do: the number alone.
fn without_unit_word(nr: &str) -> &str {
    let t = nr.trim();
    for word in ["artikel", "art.", "hoofdstuk", "afdeling", "paragraaf", "§"] {
        if let Some(head) = t.get(..word.len())
            && head.eq_ignore_ascii_case(word)
        {
            let rest = t[word.len()..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                return rest;
            }
        }
    }
    t
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "1" → "1.", "a" → "a.", bullets → "", and, inside a lettered list, "1." → "1°".
fn normalise_label(raw: &str, inside_letters: bool) -> String {
    let l = raw.trim();
    if l.is_empty() || matches!(l, "-" | "–" | "—" | "•" | "*" | "·" | "o") {
        return String::new();
    }
    let mut label = l
        .strip_suffix("°.")
        .map_or_else(|| l.to_string(), |n| format!("{n}°"));
    let bare_number = l.chars().all(|c| c.is_ascii_digit());
    let bare_letter = l.len() <= 2 && l.chars().all(|c| c.is_ascii_lowercase());
    if bare_number || bare_letter {
        label.push('.');
    }
    let closing_paren = l.strip_suffix(')').filter(|s| {
        !s.is_empty()
            && (s.chars().all(|c| c.is_ascii_digit()) || s.chars().all(|c| c.is_ascii_lowercase()))
    });
    if let Some(s) = closing_paren {
        label = format!("{s}.");
    }
    if inside_letters && leading_label(&label).is_some_and(|(k, _)| k == LabelKind::Number) {
        label = super::lines::as_sub_item(&label);
    }
    label
}

fn read_metadata(root: Node, meta: &mut Metadata) {
    for attr in root.attributes() {
        if meta.cvdr_id.is_none() {
            meta.cvdr_id = cvdr_id(attr.value());
        }
    }
    // The elements outside `body`, in document order.
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if !n.is_element() || local(&n) == "body" {
            continue;
        }
        stack.extend(n.children().rev());
        let name = local(&n);
        let has_element_children = n.children().any(|c| c.is_element());
        if has_element_children {
            continue;
        }
        let text = inline_text(n);
        match &*name {
            "title" if meta.title.is_none() && !text.is_empty() => meta.title = Some(text),
            "creator" | "authority" if meta.municipality.is_none() => {
                meta.municipality = municipality_name(&text);
            }
            "identifier" if meta.cvdr_id.is_none() => meta.cvdr_id = cvdr_id(&text),
            "inwerkingtredingdatum"
            | "geldigheidsperiode_startdatum"
            | "startdatum"
            | "geldigvan"
            | "datum_inwerkingtreding" => {
                if let Some(d) = parse_date(&text) {
                    meta.valid_from.get_or_insert(d);
                }
            }
            "uitwerkingtredingdatum"
            | "geldigheidsperiode_einddatum"
            | "einddatum"
            | "geldigtot"
            | "datum_uitwerkingtreding" => {
                if let Some(d) = parse_date(&text) {
                    meta.valid_until = Some(d);
                    meta.historical = true;
                }
            }
            _ => {
                let lower = text.to_lowercase();
                if name.contains("status")
                    && (lower.contains("vervallen")
                        || lower.contains("ingetrokken")
                        || lower.contains("historisch"))
                {
                    meta.historical = true;
                } else if lower.contains("t/m") {
                    read_validity_text(&text, meta);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(xml: &str) -> Result<SourceText, ParseError> {
        read(xml.as_bytes(), "test.xml", &ParseOptions::default())
    }

    #[test]
    fn files_with_too_many_nodes_are_refused_in_one_line() {
        let opts = ParseOptions::default();
        assert!(read_limited(SAMPLE.as_bytes(), "apv.xml", &opts, 1_000).is_ok());
        let e = read_limited(SAMPLE.as_bytes(), "apv.xml", &opts, 50).unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("apv.xml: damaged CVDR XML: more than 50 XML nodes"),
            "{message}"
        );
        assert!(!message.contains('\n'));
    }

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<cvdr xmlns="http://standaarden.overheid.nl/cvdr/terms/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:overheidrg="http://standaarden.overheid.nl/cvdr/terms/">
  <meta>
    <owmskern>
      <dcterms:identifier>CVDR712345_2</dcterms:identifier>
      <dcterms:title>Algemene plaatselijke verordening Voorbeeldam 2024</dcterms:title>
      <dcterms:creator scheme="overheid:Gemeente">Gemeente Voorbeeldam</dcterms:creator>
    </owmskern>
    <cvdripm>
      <overheidrg:inwerkingtredingDatum>2024-01-01</overheidrg:inwerkingtredingDatum>
      <overheidrg:uitwerkingtredingDatum/>
    </cvdripm>
  </meta>
  <body><regeling><regeling-tekst>
    <hoofdstuk><kop><label>Hoofdstuk</label><nr>2</nr><titel>Openbare orde</titel></kop>
      <afdeling><kop><label>Afdeling</label><nr>8</nr><titel>Horeca &amp; terrassen</titel></kop>
        <artikel><kop><label>Artikel</label><nr>2:28</nr><titel>Exploitatie openbare inrichting</titel></kop>
          <lid><lidnr>1.</lidnr><al>Het is verboden een openbare inrichting te exploiteren zonder vergunning van de burgemeester, zie <intref doc="x">artikel 2:27</intref>.</al>
            <lijst type="expliciet">
              <li><li.nr>a.</li.nr><al>de caf&#233;s;</al></li>
              <li><li.nr>b.</li.nr><al>de terrassen, waaronder:</al>
                <lijst><li><li.nr>1.</li.nr><al>zomerterrassen;</al></li></lijst></li>
            </lijst>
          </lid>
          <redactie>Gewijzigd bij besluit van 1 januari 2024.</redactie>
          <lid><lidnr>2</lidnr><al>De burgemeester weigert de vergunning.</al></lid>
        </artikel>
        <artikel><kop><label>Artikel</label><nr>2:29</nr><titel>Sluitingstijden</titel></kop>
          <al>[Vervallen]</al>
        </artikel>
      </afdeling>
    </hoofdstuk>
    <table><tgroup cols="2"><tbody><row><entry>Zone</entry><entry>Tijd</entry></row><row><entry>A</entry><entry>01.00 uur</entry></row></tbody></tgroup></table>
  </regeling-tekst></regeling></body>
</cvdr>"#;

    #[test]
    fn renders_structure_as_builder_lines() {
        let src = render(SAMPLE).unwrap();
        let lines: Vec<&str> = src.text.lines().collect();
        assert_eq!(
            lines,
            [
                "Hoofdstuk 2 Openbare orde",
                "Afdeling 8 Horeca & terrassen",
                "Artikel 2:28 Exploitatie openbare inrichting",
                "1. Het is verboden een openbare inrichting te exploiteren zonder vergunning van de burgemeester, zie artikel 2:27.",
                "a. de cafés;",
                "b. de terrassen, waaronder:",
                "1° zomerterrassen;",
                "2. De burgemeester weigert de vergunning.",
                "Artikel 2:29 Sluitingstijden",
                "[Vervallen]",
                "Zone | Tijd",
                "A | 01.00 uur",
            ]
        );
        assert_eq!(src.form, InputForm::CvdrXml);
        assert_eq!(src.line_origin.len(), lines.len());
        // "Hoofdstuk 2" is on line 15 of the sample, lid 2 on line 26.
        assert_eq!(src.line_origin[0], 15);
        assert_eq!(src.line_origin[7], 26);
        assert!(!src.text.contains("Gewijzigd bij besluit"));
    }

    #[test]
    fn reads_metadata() {
        let src = render(SAMPLE).unwrap();
        let m = &src.metadata;
        assert_eq!(
            m.title.as_deref(),
            Some("Algemene plaatselijke verordening Voorbeeldam 2024")
        );
        assert_eq!(m.municipality.as_deref(), Some("Voorbeeldam"));
        assert_eq!(m.cvdr_id.as_deref(), Some("CVDR712345"));
        assert_eq!(m.valid_from.as_deref(), Some("2024-01-01"));
        assert!(!m.historical);
        assert!(src.warnings.is_empty());
    }

    #[test]
    fn a_historical_version_is_reported() {
        let xml = SAMPLE.replace(
            "<overheidrg:uitwerkingtredingDatum/>",
            "<overheidrg:uitwerkingtredingDatum>2024-06-30</overheidrg:uitwerkingtredingDatum>",
        );
        let src = render(&xml).unwrap();
        assert!(src.metadata.historical);
        assert_eq!(src.metadata.valid_until.as_deref(), Some("2024-06-30"));
        assert!(
            src.warnings
                .iter()
                .any(|w| w.kind == crate::model::WarningKind::HistoricalVersion)
        );

        let xml = SAMPLE.replace(
            "<overheidrg:uitwerkingtredingDatum/>",
            "<geldigheid>Geldend van 01-01-2020 t/m 31-12-2023</geldigheid>",
        );
        let src = render(&xml).unwrap();
        assert!(src.metadata.historical);
        assert_eq!(src.metadata.valid_until.as_deref(), Some("2023-12-31"));
    }

    #[test]
    fn matches_local_names_of_any_namespace_and_stop_names() {
        let xml = r#"<x:regeling xmlns:x="urn:other"><x:body><x:Artikel><x:Kop><x:Label>Artikel</x:Label><x:Nummer>3</x:Nummer><x:Opschrift>Toezicht</x:Opschrift></x:Kop><x:Lid><x:LidNummer>1</x:LidNummer><x:Al>Met het toezicht zijn belast:</x:Al><x:Lijst><x:Li><x:LiNummer>a</x:LiNummer><x:Al>de boa's.</x:Al></x:Li></x:Lijst></x:Lid></x:Artikel></x:body></x:regeling>"#;
        let src = render(xml).unwrap();
        assert_eq!(
            src.text,
            "Artikel 3 Toezicht\n1. Met het toezicht zijn belast:\na. de boa's."
        );
    }

    #[test]
    fn reads_real_world_variants() {
        // Labels as attributes, a list inside an <al>, inline markup in running text, "1°."
        // labels, a STOP-style repeal marker and a footnote in a heading.
        let xml = r#"<cvdr><body>
<artikel><kop><nr>2</nr><titel>Vrijstellingen<noot>Zie ook de toelichting.</noot></titel></kop>
<al>De belasting wordt niet <vet>geheven</vet> voor:<lijst><li nr="a."><al>het verblijf in een instelling;</al>
<lijst><li><li.nr>1°.</li.nr><al>een zorginstelling;</al></li></lijst></li></lijst>na afloop van de termijn.</al></artikel>
<Artikel><Kop><Label>Artikel</Label><Nummer>3</Nummer></Kop><Vervallen/></Artikel>
<aanhef><context.al>Gelet op <nadruk>artikel 149</nadruk> van de Gemeentewet;</context.al></aanhef>
</body></cvdr>"#;
        let src = render(xml).unwrap();
        assert_eq!(
            src.text.lines().collect::<Vec<_>>(),
            [
                "Artikel 2 Vrijstellingen",
                "De belasting wordt niet geheven voor:",
                "a. het verblijf in een instelling;",
                "1° een zorginstelling;",
                "na afloop van de termijn.",
                "Artikel 3",
                "[Vervallen]",
                "Gelet op artikel 149 van de Gemeentewet;",
            ]
        );
    }

    #[test]
    fn a_numbered_list_inside_a_lid_holds_sub_onderdelen() {
        let xml = "<cvdr><body><artikel><kop><label>Artikel</label><nr>4</nr></kop>\
            <lid><lidnr>1</lidnr><al>Verboden is:</al><lijst><li><li.nr>1.</li.nr><al>venten;</al></li><li><li.nr>2.</li.nr><al>colporteren.</al></li></lijst></lid>\
            <lid><lidnr>2</lidnr><al>Slot.</al></lid></artikel>\
            <artikel><kop><label>Artikel</label><nr>5</nr></kop><lijst><li><li.nr>1.</li.nr><al>Een.</al></li></lijst></artikel></body></cvdr>";
        let src = render(xml).unwrap();
        assert_eq!(
            src.text,
            "Artikel 4\n1. Verboden is:\n1° venten;\n2° colporteren.\n2. Slot.\nArtikel 5\n1. Een."
        );
    }

    #[test]
    fn an_explanatory_note_is_marked_as_such() {
        let xml = "<cvdr><body><regeling><regeling-tekst><artikel><kop><label>Artikel</label><nr>1</nr></kop><al>Tekst.</al></artikel></regeling-tekst></regeling>\
            <toelichting><tussenkop>Artikel 1</tussenkop><al>Dit artikel regelt iets.</al></toelichting></body></cvdr>";
        let src = render(xml).unwrap();
        assert_eq!(
            src.text,
            "Artikel 1\nTekst.\nToelichting\nArtikel 1\nDit artikel regelt iets."
        );
        let doc = crate::build(src, "t.xml").unwrap();
        assert_eq!(doc.articles().count(), 1);
    }

    #[test]
    fn refuses_external_entities_and_entity_expansion() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE cvdr [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<cvdr><body><al>&xxe;</al></body></cvdr>"#;
        let e = render(xxe).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("test.xml: damaged CVDR XML:"), "{msg}");
        assert!(msg.contains("entity"), "{msg}");
        assert!(!msg.contains('\n'));

        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<cvdr><body><al>&lol3;</al></body></cvdr>"#;
        assert!(render(laughs).is_err());

        // An undeclared entity is an error, not an empty string.
        let undeclared = "<cvdr><body><al>&nbsp;x</al></body></cvdr>";
        assert!(
            render(undeclared)
                .unwrap_err()
                .to_string()
                .contains("entity")
        );

        // A bare DOCTYPE without declarations is harmless and tolerated.
        let bare = "<?xml version=\"1.0\"?>\n<!DOCTYPE cvdr SYSTEM \"cvdr.dtd\">\n<cvdr><body><artikel><kop><label>Artikel</label><nr>1</nr></kop><al>Tekst.</al></artikel></body></cvdr>";
        let src = render(bare).unwrap();
        assert_eq!(src.text, "Artikel 1\nTekst.");
        assert_eq!(src.line_origin, vec![3, 3]);
    }

    #[test]
    fn truncated_xml_is_a_one_line_error() {
        let cut = &SAMPLE[..SAMPLE.len() / 2];
        let e = render(cut).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("test.xml: damaged CVDR XML:"), "{msg}");
        assert!(msg.contains("truncated"), "{msg}");
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn deep_nesting_is_refused_without_crashing() {
        let mut xml = String::from("<cvdr><body>");
        for _ in 0..100_000 {
            xml.push_str("<x>");
        }
        for _ in 0..100_000 {
            xml.push_str("</x>");
        }
        xml.push_str("</body></cvdr>");
        let e = render(&xml).unwrap_err();
        assert!(e.to_string().contains("nested deeper"), "{e}");
    }

    #[test]
    fn size_is_bounded() {
        let opts = ParseOptions {
            max_file_size: 100,
            ..ParseOptions::default()
        };
        let e = read(SAMPLE.as_bytes(), "big.xml", &opts).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TooLarge { .. }));
    }

    #[test]
    fn latin1_declared_files_are_decoded() {
        let mut bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><cvdr><body><al>caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"</al></body></cvdr>");
        let src = read(&bytes, "l.xml", &ParseOptions::default()).unwrap();
        assert_eq!(src.text, "café");
    }
}
