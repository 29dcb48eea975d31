//! Word .docx drafts.
//!
//! A .docx is a zip of XML parts; it is untrusted input. The archive is bounded before anything
//! is decompressed: at most [`MAX_ENTRIES`] entries, declared uncompressed sizes summing to at
//! most four times `ParseOptions::max_file_size`, and each part read through a reader that
//! stops at `max_file_size` whatever its header claims. Encrypted entries and unknown
//! compression methods are refused with a one-line error.
//!
//! `word/document.xml` is read with `roxmltree` (no DTD, no entities): paragraphs in order,
//! each becoming one line; tables one row per line, cells separated by ` | `. A paragraph is
//! a heading by its style (its name or id, "Kop 2", "heading 2", "Artikelkop", or a style it
//! is based on), by an outline level, or, formatted by hand, when it is short, unnumbered and
//! all bold. AUTOMATIC
//! numbering (`w:numPr`, directly or through the paragraph style) is rendered from
//! `word/numbering.xml`: `w:lvlText` such as `%1.` or `Artikel %1` with `w:numFmt` decimal,
//! letters or roman numerals, counters per list (shared by lists of one abstract definition,
//! restarted by `w:startOverride` and by a higher level). Tracked changes are read as the
//! accepted view (insertions and moves in, deletions and moved-away text out) with a
//! [`WarningKind::TrackedChanges`] warning; comments, field codes and tables of contents
//! (TOC styles) are left out. The line origin of each line is the paragraph's 1-based index;
//! its source span is the byte range of its `<w:p>` element (of the `<w:tr>` for a row of a
//! table) in the decompressed main part ([`SourceBasis::DocxPart`]), XML and all: a .docx
//! holds no plain text to point at.
//! A list the document uses at more than one level marks its paragraphs as list items at
//! their level ([`Mark::Item`]), so that the levels, not the labels, decide what nests.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document as XmlDocument, Node};

use super::decode::OffsetMap;
use super::lines::{
    CounterStyle, LabelKind, Lines, Origin, as_sub_item, collapse_ws, format_counter,
    leading_label, row_mark,
};
use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::{InputForm, Metadata, SourceBasis, SourceSpan, Warning, WarningKind};
use crate::source::{Mark, MarkedItem, SourceText};

/// The most entries a .docx may hold (real ones hold a few dozen, a few hundred with images).
pub const MAX_ENTRIES: usize = 5_000;

const FORM: &str = ".docx";

/// Reads a .docx into lines for the structure builder.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    let malformed = |detail: String| ParseError::malformed(name, FORM, detail);
    if bytes.len() as u64 > opts.max_file_size {
        return Err(ParseError::new(
            name,
            ErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: opts.max_file_size,
            },
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
        let what = super::detect::describe_magic(bytes)
            .map(|w| format!(" (it looks like {w})"))
            .unwrap_or_default();
        return Err(malformed(format!(
            "not a zip archive{what}; a .docx is a zip of XML parts"
        )));
    }
    if let Some(n) = declared_entry_count(bytes)
        && n > MAX_ENTRIES
    {
        return Err(malformed(too_many(n)));
    }
    let mut zip = Package::open(bytes, name, opts)?;

    let document_path = zip.main_part()?;
    let document_bytes = zip
        .read_part_bytes(&document_path)?
        .ok_or_else(|| malformed("no word/document.xml: this zip is not a Word document".into()))?;
    let document = super::cvdr::decode_xml(&document_bytes)
        .map_err(|e| malformed(format!("{document_path}: {e}")))?;
    let styles = match zip.read_part("word/styles.xml")? {
        Some(xml) => parse_styles(&xml).map_err(|e| malformed(format!("word/styles.xml: {e}")))?,
        None => HashMap::new(),
    };
    let numbering = match zip.read_part("word/numbering.xml")? {
        Some(xml) => {
            Numbering::parse(&xml).map_err(|e| malformed(format!("word/numbering.xml: {e}")))?
        }
        None => Numbering::default(),
    };
    let mut metadata = Metadata::default();
    if let Some(core) = zip.read_part("docProps/core.xml")?
        && let Ok(doc) = parse_xml(&core)
    {
        metadata.title = doc
            .descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "title")
            .and_then(|n| n.text())
            .map(collapse_ws)
            .filter(|t| !t.is_empty());
    }

    let doc = parse_xml(&document).map_err(|e| malformed(format!("{document_path}: {e}")))?;
    super::cvdr::check_depth(&doc).map_err(|e| malformed(format!("{document_path}: {e}")))?;
    let body = doc
        .descendants()
        .find(|n| is(n, "body"))
        .ok_or_else(|| malformed(format!("{document_path} has no w:body")))?;

    let mut r = Reader {
        styles: &styles,
        numbering: &numbering,
        counters: HashMap::new(),
        used_nums: Vec::new(),
        out: Lines::default(),
        paragraph: 0,
        changes: 0,
        first_change: None,
        skipped_boxes: 0,
        title: None,
        items: Vec::new(),
        level: None,
        numbered_headings: Vec::new(),
    };
    r.container(body);
    r.mark_items();
    r.name_numbered_headings();
    let mut out = r.out;
    super::lines::normalise_repeal_notes(&mut out.lines);
    if metadata.title.is_none() {
        metadata.title = r.title;
    }
    let mut warnings = Vec::new();
    if r.changes > 0 {
        warnings.push(Warning {
            kind: WarningKind::TrackedChanges,
            line: r.first_change,
            span: None,
            source: None,
            message: format!(
                "the document holds {} unaccepted tracked change(s); read as if all were accepted (insertions in, deletions out)",
                r.changes
            ),
        });
    }
    if r.skipped_boxes > 0 {
        warnings.push(Warning {
            kind: WarningKind::Other,
            line: None,
            span: None,
            source: None,
            message: format!(
                "{} text box(es) or drawing(s) with text were left out",
                r.skipped_boxes
            ),
        });
    }
    let mut lines = out.finish();
    OffsetMap::new(&document_bytes, &document).apply(&mut lines.source_spans);
    let basis = SourceBasis::DocxPart {
        path: document_path,
    };
    Ok(lines.into_source(InputForm::Docx, basis, metadata, warnings))
}

fn too_many(n: usize) -> String {
    format!(
        "the archive holds {n} entries (the limit is {MAX_ENTRIES}); refusing a possible zip bomb"
    )
}

/// The entry count the end-of-central-directory record declares, read before the archive is
/// opened, so that a huge directory is refused cheaply.
fn declared_entry_count(bytes: &[u8]) -> Option<usize> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    let pos = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let rec = tail.get(pos..pos + 22)?;
    let total = u16::from_le_bytes([rec[10], rec[11]]);
    Some(usize::from(total))
}

struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    name: &'a str,
    part_limit: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], name: &'a str, opts: &ParseOptions) -> Result<Self, ParseError> {
        let malformed = |detail: String| ParseError::malformed(name, FORM, detail);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| malformed(format!("damaged zip archive: {e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(malformed(too_many(zip.len())));
        }
        let total_limit = opts.max_file_size.saturating_mul(4);
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| malformed(format!("damaged zip entry {i}: {e}")))?;
            total = total.saturating_add(entry.size());
            if total > total_limit {
                return Err(malformed(format!(
                    "the entries declare more than {total_limit} bytes uncompressed; refusing a possible zip bomb"
                )));
            }
        }
        Ok(Self {
            zip,
            name,
            part_limit: opts.max_file_size,
        })
    }

    /// The main document part: `word/document.xml`, or what `_rels/.rels` names.
    fn main_part(&mut self) -> Result<String, ParseError> {
        if self.zip.index_for_name("word/document.xml").is_some() {
            return Ok("word/document.xml".into());
        }
        if let Some(rels) = self.read_part("_rels/.rels")?
            && let Ok(doc) = parse_xml(&rels)
        {
            let target = doc.descendants().find_map(|n| {
                (n.is_element()
                    && n.attribute("Type")
                        .is_some_and(|t| t.ends_with("/officeDocument")))
                .then(|| n.attribute("Target"))
                .flatten()
            });
            if let Some(t) = target {
                return Ok(t.trim_start_matches('/').to_string());
            }
        }
        Err(ParseError::malformed(
            self.name,
            FORM,
            "no word/document.xml: this zip is not a Word document",
        ))
    }

    /// Reads one part as text, bounded; `None` when the archive has no such part.
    fn read_part(&mut self, path: &str) -> Result<Option<String>, ParseError> {
        let Some(data) = self.read_part_bytes(path)? else {
            return Ok(None);
        };
        super::cvdr::decode_xml(&data)
            .map(|text| Some(text.into_owned()))
            .map_err(|e| ParseError::malformed(self.name, FORM, format!("{path}: {e}")))
    }

    /// Reads one part's bytes, bounded; `None` when the archive has no such part.
    fn read_part_bytes(&mut self, path: &str) -> Result<Option<Vec<u8>>, ParseError> {
        let name = self.name;
        let malformed = |detail: String| ParseError::malformed(name, FORM, detail);
        let Some(index) = self.zip.index_for_name(path) else {
            return Ok(None);
        };
        {
            let raw = self
                .zip
                .by_index_raw(index)
                .map_err(|e| malformed(format!("{path}: {e}")))?;
            if raw.encrypted() {
                return Err(ParseError::new(
                    name,
                    ErrorKind::Unsupported {
                        detail: format!(
                            "{path} in this .docx is password-protected; save the document without a password"
                        ),
                    },
                ));
            }
            let method = raw.compression();
            if method != zip::CompressionMethod::Stored
                && method != zip::CompressionMethod::Deflated
            {
                return Err(ParseError::new(
                    name,
                    ErrorKind::Unsupported {
                        detail: format!(
                            "{path} in this .docx uses an unsupported compression method ({method:?}); save it again from Word"
                        ),
                    },
                ));
            }
            if raw.size() > self.part_limit {
                return Err(malformed(format!(
                    "{path} declares {} bytes uncompressed (the limit is {}); refusing a possible zip bomb",
                    raw.size(),
                    self.part_limit
                )));
            }
        }
        let limit = self.part_limit;
        let entry = self
            .zip
            .by_index(index)
            .map_err(|e| malformed(format!("{path}: {e}")))?;
        let mut data = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| malformed(format!("{path}: cannot decompress: {e}")))?;
        if data.len() as u64 > limit {
            return Err(malformed(format!(
                "{path} expands beyond {limit} bytes, more than its header says; refusing a possible zip bomb"
            )));
        }
        Ok(Some(data))
    }
}

fn parse_xml(text: &str) -> Result<XmlDocument<'_>, String> {
    parse_xml_limited(text, super::cvdr::MAX_NODES)
}

/// [`parse_xml`] refusing parts of more than `max_nodes` nodes (the same bound on memory as
/// for CVDR XML).
fn parse_xml_limited(text: &str, max_nodes: u32) -> Result<XmlDocument<'_>, String> {
    super::cvdr::parse_xml(text, max_nodes).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "declares a DTD, which is refused".to_string(),
        roxmltree::Error::NodesLimitReached => {
            format!("more than {max_nodes} XML nodes; refused so that memory stays bounded")
        }
        e => format!("not well-formed XML: {e}"),
    })
}

/// Whether `n` is an element with this local name.
fn is(n: &Node, local: &str) -> bool {
    n.is_element() && n.tag_name().name() == local
}

fn child<'a, 'i>(n: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, local))
}

/// `w:val` (or any attribute with local name `val`).
fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == "val")
        .map(|a| a.value())
}

fn attr<'a>(n: Node<'a, '_>, local: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

// ---------------------------------------------------------------------------------------
// Styles

#[derive(Debug, Default)]
struct Style {
    /// Lowercased name without spaces ("heading1", "kop2", "toc1", "title").
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// `w:outlineLvl` 0–8: Word shows the paragraph in the navigation pane, a heading whatever
    /// the style is called (9 is body text).
    outline: Option<u8>,
    /// `w:b` in the style's run properties: `Some(false)` when it switches bold off.
    bold: Option<bool>,
}

/// Whether a style name (lower case, no spaces) names a heading: Word's built-in "heading 2"
/// (whose id is "Kop2" in a Dutch Word), a Dutch name typed by hand ("Kop 2") or a
/// municipality's own ("Artikelkop", "Hoofdstukkop", "Artikeltitel"). Page headers
/// ("Koptekst") are no headings.
fn heading_name(name: &str) -> bool {
    name.starts_with("heading")
        || (name.contains("kop") && !name.starts_with("koptekst") && !name.contains("char"))
        || matches!(name, "title" | "titel" | "subtitle" | "ondertitel")
        || name.ends_with("titel") && (name.starts_with("artikel") || name.starts_with("hoofdstuk"))
}

/// Whether a `w:b` (or any on/off property) element switches the property on.
fn on(n: Node) -> bool {
    !matches!(val(n), Some("0" | "false" | "off"))
}

fn parse_styles(xml: &str) -> Result<HashMap<String, Style>, String> {
    let doc = parse_xml(xml)?;
    let mut map = HashMap::new();
    for s in doc.descendants().filter(|n| is(n, "style")) {
        let Some(id) = attr(s, "styleId") else {
            continue;
        };
        let mut style = Style {
            name: child(s, "name")
                .and_then(val)
                .unwrap_or(id)
                .to_lowercase()
                .replace(' ', ""),
            based_on: child(s, "basedOn").and_then(val).map(str::to_string),
            outline: child(s, "pPr")
                .and_then(|p| child(p, "outlineLvl"))
                .and_then(val)
                .and_then(|v| v.parse().ok()),
            bold: child(s, "rPr").and_then(|r| child(r, "b")).map(on),
            ..Style::default()
        };
        if let Some(num_pr) = child(s, "pPr").and_then(|p| child(p, "numPr")) {
            style.num_id = child(num_pr, "numId").and_then(val).map(str::to_string);
            style.ilvl = child(num_pr, "ilvl")
                .and_then(val)
                .and_then(|v| v.parse().ok());
        }
        map.insert(id.to_string(), style);
    }
    Ok(map)
}

// ---------------------------------------------------------------------------------------
// Numbering

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:lvlRestart w:val="0"`: never restarted by a higher level.
    no_restart: bool,
    is_legal: bool,
    style: Option<String>,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → its levels by ilvl.
    abstract_nums: HashMap<String, Vec<Option<Level>>>,
    /// numId → (abstractNumId, start overrides by ilvl).
    nums: HashMap<String, (String, Vec<(u8, u32)>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Self, String> {
        let doc = parse_xml(xml)?;
        let mut n = Numbering::default();
        for a in doc.descendants().filter(|x| is(x, "abstractNum")) {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            let mut levels: Vec<Option<Level>> = vec![None; 9];
            for l in a.children().filter(|x| is(x, "lvl")) {
                let Some(ilvl) = attr(l, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if ilvl >= 9 {
                    continue;
                }
                levels[ilvl] = Some(Level {
                    start: child(l, "start")
                        .and_then(val)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1),
                    format: child(l, "numFmt")
                        .and_then(val)
                        .unwrap_or("decimal")
                        .to_string(),
                    text: child(l, "lvlText").and_then(val).unwrap_or("").to_string(),
                    no_restart: child(l, "lvlRestart").and_then(val) == Some("0"),
                    is_legal: child(l, "isLgl")
                        .is_some_and(|x| val(x) != Some("0") && val(x) != Some("false")),
                    style: child(l, "pStyle").and_then(val).map(str::to_string),
                });
            }
            n.abstract_nums.insert(id.to_string(), levels);
        }
        for num in doc.descendants().filter(|x| is(x, "num")) {
            let (Some(id), Some(abs)) = (
                attr(num, "numId"),
                child(num, "abstractNumId").and_then(val),
            ) else {
                continue;
            };
            let overrides = num
                .children()
                .filter(|x| is(x, "lvlOverride"))
                .filter_map(|o| {
                    let ilvl = attr(o, "ilvl")?.parse().ok()?;
                    let start = child(o, "startOverride").and_then(val)?.parse().ok()?;
                    Some((ilvl, start))
                })
                .collect();
            n.nums.insert(id.to_string(), (abs.to_string(), overrides));
        }
        Ok(n)
    }
}

fn counter_style(format: &str) -> Option<CounterStyle> {
    Some(match format {
        "decimal" | "decimalZero" | "ordinal" | "cardinalText" | "ordinalText" => {
            CounterStyle::Decimal
        }
        "lowerLetter" => CounterStyle::LowerLetter,
        "upperLetter" => CounterStyle::UpperLetter,
        "lowerRoman" => CounterStyle::LowerRoman,
        "upperRoman" => CounterStyle::UpperRoman,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// The document

struct Reader<'s> {
    styles: &'s HashMap<String, Style>,
    numbering: &'s Numbering,
    /// abstractNumId → current counter per level.
    counters: HashMap<String, [Option<u32>; 9]>,
    /// numIds seen so far (their start overrides apply once, at first use).
    used_nums: Vec<String>,
    out: Lines,
    /// 1-based index of the current paragraph.
    paragraph: u32,
    changes: usize,
    first_change: Option<u32>,
    skipped_boxes: usize,
    title: Option<String>,
    /// The numbered paragraphs rendered so far: the index of their line and their place in
    /// the numbering.
    items: Vec<(usize, ListPlace)>,
    /// The list (abstract numbering) and level of the paragraph rendered last, when that
    /// level is linked to a heading style.
    level: Option<(String, usize)>,
    /// Heading paragraphs whose numbering renders a bare number ("1.2"): the index of their
    /// line, their list and their level.
    numbered_headings: Vec<(usize, String, usize)>,
}

/// A paragraph of a table cell: its line, heading flag, index and place in a list.
type CellParagraph = (String, bool, Origin, Option<ListPlace>);

/// Where automatic numbering puts a paragraph.
#[derive(Debug, Clone)]
struct ListPlace {
    /// The abstract numbering definition (one list, whatever its instances).
    list: String,
    /// The depth in the list, levels that number headings ("Artikel %1") left out: 1 for the
    /// first list level.
    depth: u8,
    /// The rendered label; `None` for a bullet.
    label: Option<String>,
}

/// Subtrees whose text is not part of the accepted text.
const SKIP: &[&str] = &[
    "del",
    "moveFrom",
    "pPr",
    "rPr",
    "instrText",
    "delText",
    "delInstrText",
    "commentReference",
    "footnoteReference",
    "endnoteReference",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
];

impl Reader<'_> {
    /// Body, cell contents, structured document tags: paragraphs and tables in order.
    fn container(&mut self, node: Node) {
        for c in node.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "p" => self.paragraph(c),
                "tbl" => self.table(c),
                "sectPr" => {}
                "del" | "moveFrom" => {
                    // Whole paragraphs inside a deletion: counted, not read.
                    self.count_changes(c);
                    self.paragraph += c.descendants().filter(|d| is(d, "p")).count() as u32;
                }
                _ => {
                    self.count_changes_shallow(c);
                    self.container(c);
                }
            }
        }
    }

    fn count_changes_shallow(&mut self, n: Node) {
        if is_change(&n) {
            self.note_change();
        }
    }

    fn count_changes(&mut self, n: Node) {
        let k = n.descendants().filter(is_change).count();
        for _ in 0..k {
            self.note_change();
        }
    }

    fn note_change(&mut self) {
        self.changes += 1;
        if self.first_change.is_none() {
            self.first_change = Some(self.paragraph.max(1));
        }
    }

    /// The accepted text of a paragraph (or of any run container).
    fn text(&mut self, p: Node) -> String {
        let mut out = String::new();
        let mut stack: Vec<Node> = p.children().collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            if n.is_text() {
                continue; // white space between elements
            }
            if !n.is_element() {
                continue;
            }
            let name = n.tag_name().name();
            if is_change(&n) {
                self.note_change();
            }
            if SKIP.contains(&name) {
                if matches!(name, "drawing" | "pict" | "AlternateContent" | "object")
                    && n.descendants()
                        .any(|d| is(&d, "t") && d.text().is_some_and(|t| !t.trim().is_empty()))
                {
                    self.skipped_boxes += 1;
                }
                if matches!(name, "del" | "moveFrom" | "pPr" | "rPr") {
                    // Changes recorded inside (paragraph-mark revisions) still count.
                    for _ in n.descendants().skip(1).filter(is_change) {
                        self.note_change();
                    }
                }
                continue;
            }
            match name {
                "t" => out.push_str(n.text().unwrap_or("")),
                "tab" | "br" | "cr" | "ptab" => out.push(' '),
                "noBreakHyphen" => out.push('-'),
                "p" => {
                    // A paragraph nested in a run container (rare): keep its text.
                    out.push(' ');
                    let children: Vec<Node> = n.children().collect();
                    stack.extend(children.into_iter().rev());
                }
                _ if name.ends_with("Change") => {}
                _ => {
                    let children: Vec<Node> = n.children().collect();
                    stack.extend(children.into_iter().rev());
                }
            }
        }
        out
    }

    fn paragraph(&mut self, p: Node) {
        self.paragraph += 1;
        let origin = paragraph_origin(self.paragraph, p);
        if let Some((line, heading, place)) = self.render_paragraph(p) {
            self.push(&line, origin, heading, place);
        }
    }

    /// Appends a paragraph's line, noting its place in a list.
    fn push(&mut self, line: &str, origin: Origin, heading: bool, place: Option<ListPlace>) {
        let before = self.out.lines.len();
        self.out.push(line, origin, heading);
        if heading
            && self.out.lines.len() > before
            && let Some((list, level)) = self.level.take()
            && line.starts_with(|c: char| c.is_ascii_digit())
        {
            self.numbered_headings.push((before, list, level));
        }
        if let Some(place) = place.filter(|_| !heading && self.out.lines.len() > before) {
            self.items.push((before, place));
        }
    }

    /// Names the articles of a list that numbers the document's headings: where one level
    /// names its unit ("Hoofdstuk %1") and the deepest level used for headings renders a bare
    /// number ("%1.%2" under a heading style), that level numbers the articles: "1.2
    /// Begripsbepalingen" is "Artikel 1.2 Begripsbepalingen". Without a named level the
    /// numbers are left to the text rules (a policy's "1. Inleiding" is no article).
    fn name_numbered_headings(&mut self) {
        let named = |list: &str| {
            self.numbering
                .abstract_nums
                .get(list)
                .is_some_and(|levels| {
                    levels.iter().flatten().any(|l| {
                        let t = l.text.to_lowercase();
                        ["hoofdstuk", "afdeling", "paragraaf"]
                            .iter()
                            .any(|w| t.contains(w))
                    })
                })
        };
        let mut deepest: HashMap<&str, usize> = HashMap::new();
        for (_, list, level) in &self.numbered_headings {
            let d = deepest.entry(list.as_str()).or_insert(*level);
            *d = (*d).max(*level);
        }
        for (line, list, level) in &self.numbered_headings {
            if deepest.get(list.as_str()) == Some(level) && named(list) {
                let text = &mut self.out.lines[*line].text;
                text.insert_str(0, "Artikel ");
            }
        }
    }

    /// Marks the lines of numbered paragraphs as list items at their depth ([`Mark::Item`]),
    /// for lists that the document uses at more than one level: there the levels are the
    /// nesting of leden, onderdelen and sub-onderdelen. A list used at one level only says
    /// nothing about nesting (drafts often number each level with a list of its own), so its
    /// paragraphs are left to the text rules.
    fn mark_items(&mut self) {
        let mut nested: Vec<&str> = self
            .items
            .iter()
            .filter(|(_, p)| p.depth >= 2)
            .map(|(_, p)| p.list.as_str())
            .collect();
        nested.sort_unstable();
        nested.dedup();
        for (line, place) in &self.items {
            if nested.binary_search(&place.list.as_str()).is_ok() {
                self.out.lines[*line].mark = Mark::Item(MarkedItem {
                    depth: place.depth,
                    label: place.label.clone(),
                });
            }
        }
    }

    /// The line of a paragraph (numbering label and accepted text), whether it has a heading
    /// style and its place in a list; `None` for a deleted paragraph or a table-of-contents
    /// entry. Advances the list counters.
    fn render_paragraph(&mut self, p: Node) -> Option<(String, bool, Option<ListPlace>)> {
        self.level = None;
        let ppr = child(p, "pPr");
        let style_id = ppr.and_then(|x| child(x, "pStyle")).and_then(val);
        let mark_deleted = ppr
            .and_then(|x| child(x, "rPr"))
            .is_some_and(|r| child(r, "del").is_some() || child(r, "moveFrom").is_some());
        let text = collapse_ws(&self.text(p));
        if mark_deleted && text.is_empty() {
            return None;
        }
        // A style the document does not define (a draft without styles.xml): its id is its
        // name.
        let style_name: Cow<str> = match style_id {
            Some(id) => match self.styles.get(id) {
                Some(s) => Cow::Borrowed(s.name.as_str()),
                None => Cow::Owned(id.to_lowercase().replace(' ', "")),
            },
            None => Cow::Borrowed(""),
        };
        let is_toc = style_name.starts_with("toc")
            || style_name.starts_with("inhopg")
            || style_name.starts_with("inhoudsopgave")
            || style_name.starts_with("kopvaninhoudsopgave");
        if is_toc {
            return None;
        }
        let outline = ppr
            .and_then(|x| child(x, "outlineLvl"))
            .and_then(val)
            .and_then(|v| v.parse::<u8>().ok());
        let mut heading = match outline {
            Some(level) => level < 9,
            None => self.heading_style(style_id),
        };
        if matches!(&*style_name, "title" | "titel") && self.title.is_none() && !text.is_empty() {
            self.title = Some(text.clone());
        }
        // Direct numbering; what it leaves out (often the numId) comes from the style.
        let from_style = self.style_numbering(style_id);
        let num = match ppr.and_then(|x| child(x, "numPr")) {
            Some(n) => {
                let num_id = child(n, "numId").and_then(val).map(str::to_string);
                let ilvl = child(n, "ilvl")
                    .and_then(val)
                    .and_then(|v| v.parse::<u8>().ok());
                let (style_num, style_ilvl) = from_style.unwrap_or((None, None));
                Some((num_id.or(style_num), ilvl.or(style_ilvl)))
            }
            None => from_style,
        };
        let numbered = num.and_then(|(num_id, ilvl)| self.label(num_id?, ilvl, style_id));
        let (label, place) = match numbered {
            Some((label, place)) => (Some(label), place),
            None => (None, None),
        };
        // A heading formatted by hand: a short paragraph, not numbered, all of it bold.
        if !heading
            && label.is_none()
            && !text.is_empty()
            && text.len() <= 160
            && leading_label(&text).is_none()
            && (super::lines::is_structural_heading(&text) || !text.ends_with(['.', ';', ':', ',']))
            && self.all_bold(p, style_id)
        {
            heading = true;
        }
        let line = match label {
            Some(label) if !label.is_empty() => {
                let duplicate = text.starts_with(&label) && text[label.len()..].starts_with(' ');
                if duplicate || text.is_empty() {
                    if text.is_empty() { label } else { text }
                } else {
                    format!("{label} {text}")
                }
            }
            _ => text,
        };
        Some((line, heading, place))
    }

    /// Whether a paragraph style, or a style it is based on, is a heading: by its name, or by
    /// an outline level (the nearest style that states one decides).
    fn heading_style(&self, style_id: Option<&str>) -> bool {
        let Some(mut id) = style_id else {
            return false;
        };
        for _ in 0..20 {
            let Some(s) = self.styles.get(id) else {
                return heading_name(&id.to_lowercase().replace(' ', ""));
            };
            if let Some(level) = s.outline {
                return level < 9;
            }
            if heading_name(&s.name) {
                return true;
            }
            match s.based_on.as_deref() {
                Some(b) => id = b,
                None => return false,
            }
        }
        false
    }

    /// Whether a style (or one it is based on) sets bold; `None` when none says.
    fn style_bold(&self, style_id: Option<&str>) -> Option<bool> {
        let mut id = style_id?;
        for _ in 0..20 {
            let s = self.styles.get(id)?;
            if s.bold.is_some() {
                return s.bold;
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// Whether every run of a paragraph's accepted text that holds more than white space is
    /// bold: by its own properties, its character style or the paragraph's style.
    fn all_bold(&self, p: Node, style_id: Option<&str>) -> bool {
        let paragraph_bold = self.style_bold(style_id).unwrap_or(false);
        let mut runs = 0;
        let mut stack: Vec<Node> = p.children().filter(Node::is_element).collect();
        while let Some(n) = stack.pop() {
            let name = n.tag_name().name();
            if SKIP.contains(&name) {
                continue;
            }
            if name != "r" {
                stack.extend(n.children().filter(Node::is_element));
                continue;
            }
            let has_text = n
                .children()
                .any(|t| is(&t, "t") && t.text().is_some_and(|t| !t.trim().is_empty()));
            if !has_text {
                continue;
            }
            runs += 1;
            let rpr = child(n, "rPr");
            let bold = rpr
                .and_then(|r| child(r, "b"))
                .map(on)
                .or_else(|| {
                    let style = rpr.and_then(|r| child(r, "rStyle")).and_then(val);
                    self.style_bold(style)
                })
                .unwrap_or(paragraph_bold);
            if !bold {
                return false;
            }
        }
        runs > 0
    }

    /// The numbering a paragraph gets from its style (or a style it is based on).
    fn style_numbering(&self, style_id: Option<&str>) -> Option<(Option<String>, Option<u8>)> {
        let mut id = style_id?;
        for _ in 0..20 {
            let s = self.styles.get(id)?;
            if s.num_id.is_some() {
                return Some((s.num_id.clone(), s.ilvl));
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// Advances the list counters and renders the label of a numbered paragraph, with its
    /// place in the list (`None` at a level that numbers headings).
    fn label(
        &mut self,
        num_id: String,
        ilvl: Option<u8>,
        style_id: Option<&str>,
    ) -> Option<(String, Option<ListPlace>)> {
        if num_id == "0" {
            return None;
        }
        let (abs_id, overrides) = self.numbering.nums.get(&num_id)?;
        let levels = self.numbering.abstract_nums.get(abs_id)?;
        let ilvl = ilvl
            .map(usize::from)
            .or_else(|| {
                style_id.and_then(|sid| {
                    levels
                        .iter()
                        .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(sid))
                })
            })
            .unwrap_or(0)
            .min(8);
        let level = levels[ilvl].as_ref()?;
        let counters = self.counters.entry(abs_id.clone()).or_insert([None; 9]);
        if !self.used_nums.contains(&num_id) {
            self.used_nums.push(num_id.clone());
            for &(l, start) in overrides {
                if let Some(c) = counters.get_mut(usize::from(l)) {
                    *c = Some(start.saturating_sub(1));
                }
            }
        }
        // a level linked to a heading style numbers headings
        self.level = level.style.is_some().then(|| (abs_id.clone(), ilvl));
        let value = counters[ilvl].map_or(level.start, |v| v.saturating_add(1));
        counters[ilvl] = Some(value);
        for deeper in ilvl + 1..9 {
            if levels[deeper].as_ref().is_none_or(|l| !l.no_restart) {
                counters[deeper] = None;
            }
        }
        // Levels that number headings ("Artikel %1", a level linked to a heading style) are
        // no list levels.
        let heading_level = |l: &Level| {
            l.style.is_some()
                || l.text.split('%').enumerate().any(|(k, part)| {
                    part.chars()
                        .skip(usize::from(k > 0))
                        .any(char::is_alphabetic)
                })
        };
        let place = |label: &str| {
            let above = levels[..ilvl]
                .iter()
                .flatten()
                .filter(|l| heading_level(l))
                .count();
            (!heading_level(level)).then(|| ListPlace {
                list: abs_id.clone(),
                depth: u8::try_from(ilvl - above + 1).unwrap_or(u8::MAX),
                label: (!label.is_empty()).then(|| label.to_string()),
            })
        };
        if level.format == "bullet" {
            return Some((String::new(), place("")));
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (d as usize).saturating_sub(1).min(8);
                let Some(lv) = levels[l].as_ref() else {
                    continue;
                };
                let n = counters[l].unwrap_or(lv.start);
                let style = if level.is_legal && l != ilvl {
                    Some(CounterStyle::Decimal)
                } else {
                    counter_style(&lv.format)
                };
                if let Some(style) = style {
                    label.push_str(&format_counter(n, style));
                }
                continue;
            }
            label.push(c);
        }
        let label = collapse_ws(&label);
        // A numbered level below another list level ("%2." leden, "%3." onderdelen) holds
        // sub-onderdelen: its "1." is a "1°". Below heading levels ("Artikel %1") it is a lid.
        let below_list = levels[..ilvl].iter().enumerate().any(|(i, l)| {
            l.as_ref().is_some_and(|l| {
                let t = l.text.trim();
                let own = format!("%{}", i + 1);
                matches!(l.format.as_str(), "decimal" | "lowerLetter" | "upperLetter")
                    && (t == format!("{own}.") || t == format!("{own})"))
            })
        });
        let label =
            if below_list && leading_label(&label).is_some_and(|(k, _)| k == LabelKind::Number) {
                as_sub_item(&label)
            } else {
                label
            };
        let place = place(&label);
        Some((label, place))
    }

    /// A table: one line per row, cells joined by ` | `. A row whose cells hold headings or
    /// more than three paragraphs lays out the document itself: its paragraphs become lines.
    fn table(&mut self, tbl: Node) {
        for tr in tbl.children().filter(|c| is(c, "tr")) {
            let deleted = child(tr, "trPr").is_some_and(|p| child(p, "del").is_some());
            let row = paragraph_origin(self.paragraph + 1, tr);
            let mut cells: Vec<Vec<CellParagraph>> = Vec::new();
            for tc in tr.children().filter(|c| is(c, "tc")) {
                let mut parts = Vec::new();
                for p in tc.descendants().filter(|d| is(d, "p")) {
                    self.paragraph += 1;
                    if let Some((line, heading, place)) = self.render_paragraph(p)
                        && !line.is_empty()
                    {
                        parts.push((line, heading, paragraph_origin(self.paragraph, p), place));
                    }
                }
                cells.push(parts);
            }
            if deleted {
                self.note_change();
                continue;
            }
            let layout = cells.iter().any(|c| {
                c.len() > 3
                    || c.iter()
                        .any(|(l, h, _, _)| *h || super::lines::is_structural_heading(l))
            });
            if layout {
                for (line, heading, origin, place) in cells.into_iter().flatten() {
                    self.level = None;
                    self.push(&line, origin, heading, place);
                }
                continue;
            }
            let joined: Vec<String> = cells
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|(l, _, _, _)| l.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            if joined.iter().any(|c| !c.is_empty()) {
                let line = collapse_ws(&super::lines::join_cells(&joined));
                self.out.push_marked(line, row, row_mark(&joined));
            }
        }
    }
}

/// The origin of the paragraph (or table row) `xml` with 1-based index `index`: the index and the
/// element's bytes in the part.
fn paragraph_origin(index: u32, xml: Node) -> Origin {
    let range = xml.range();
    Origin {
        line: index,
        span: SourceSpan::new(range.start, range.end),
    }
}

fn is_change(n: &Node) -> bool {
    n.is_element()
        && matches!(
            n.tag_name().name(),
            "ins"
                | "del"
                | "moveFrom"
                | "moveTo"
                | "pPrChange"
                | "rPrChange"
                | "tblPrChange"
                | "trPrChange"
                | "tcPrChange"
                | "sectPrChange"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    #[test]
    fn parts_with_too_many_nodes_are_refused() {
        let xml = format!(r#"<w:document xmlns:w="{W}"><w:p/><w:p/><w:p/></w:document>"#);
        assert!(parse_xml_limited(&xml, 10).is_ok());
        let e = parse_xml_limited(&xml, 3).err().unwrap();
        assert_eq!(
            e,
            "more than 3 XML nodes; refused so that memory stays bounded"
        );
    }

    fn docx(document_body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", o).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
        zip.start_file("word/document.xml", o).unwrap();
        write!(zip, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\"><w:body>{document_body}</w:body></w:document>").unwrap();
        if let Some(n) = numbering {
            zip.start_file("word/numbering.xml", o).unwrap();
            write!(zip, "<w:numbering xmlns:w=\"{W}\">{n}</w:numbering>").unwrap();
        }
        if let Some(s) = styles {
            zip.start_file("word/styles.xml", o).unwrap();
            write!(zip, "<w:styles xmlns:w=\"{W}\">{s}</w:styles>").unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn np(num: u32, ilvl: u32, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    }

    const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Artikel %1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%4."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;

    fn read_ok(bytes: &[u8]) -> SourceText {
        read(bytes, "draft.docx", &ParseOptions::default()).unwrap()
    }

    #[test]
    fn automatic_numbering_is_rendered() {
        let body = [
            p("Hoofdstuk 1 Algemeen"),
            np(1, 0, "Begripsbepalingen"),
            np(1, 1, "In deze verordening wordt verstaan onder:"),
            np(1, 2, "college: het college;"),
            np(1, 2, "weg: de weg, waaronder:"),
            np(1, 3, "het trottoir;"),
            np(1, 3, "de berm."),
            np(1, 1, "Het college kan nadere regels stellen."),
            np(1, 0, "Vergunning"),
            np(1, 1, "Het is verboden."),
            np(2, 0, "een opsomming zonder nummer"),
        ]
        .concat();
        let src = read_ok(&docx(&body, Some(NUMBERING), None));
        assert_eq!(
            src.text.lines().collect::<Vec<_>>(),
            [
                "Hoofdstuk 1 Algemeen",
                "Artikel 1 Begripsbepalingen",
                "1. In deze verordening wordt verstaan onder:",
                "a. college: het college;",
                "b. weg: de weg, waaronder:",
                "1° het trottoir;",
                "2° de berm.",
                "2. Het college kan nadere regels stellen.",
                "Artikel 2 Vergunning",
                "1. Het is verboden.",
                "een opsomming zonder nummer",
            ]
        );
        assert_eq!(src.line_origin, (1..=11).collect::<Vec<u32>>());
        assert!(src.warnings.is_empty());
    }

    #[test]
    fn start_overrides_restart_a_list_and_styles_carry_numbering() {
        let numbering = r#"<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>
<w:num w:numId="8"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:styleId="Lid"><w:name w:val="Lid"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Inhopg1"><w:name w:val="toc 1"/></w:style>"#;
        let styled = |style: &str, text: &str| {
            format!(
                "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let body = [
            styled("Inhopg1", "Artikel 1 Eerste\t3"),
            styled("Kop2", "Artikel 1 Eerste"),
            styled("Lid", "Een."),
            styled("Lid", "Twee."),
            styled("Kop2", "Artikel 2 Tweede"),
            np(8, 0, "Weer een."),
            np(8, 0, "Weer twee."),
        ]
        .concat();
        let src = read_ok(&docx(&body, Some(numbering), Some(styles)));
        assert_eq!(
            src.text,
            "Artikel 1 Eerste\n1. Een.\n2. Twee.\nArtikel 2 Tweede\n1. Weer een.\n2. Weer twee."
        );
    }

    #[test]
    fn heading_styles_linked_to_a_multilevel_list() {
        let numbering = r#"<w:abstractNum w:abstractNumId="3">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Hoofdstuk %1"/><w:pStyle w:val="Kop1"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="Artikel %1:%2"/><w:pStyle w:val="Kop2"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/><w:basedOn w:val="Kop1"/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>"#;
        let styled = |style: &str, text: &str| {
            format!(
                "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let lid = |text: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"2\"/></w:numPr><w:pStyle w:val=\"Kop1\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let body = [
            styled("Titel", "Verordening Voorbeeld"),
            styled("Kop1", "Algemeen"),
            styled("Kop2", "Begrippen"),
            styled("Kop2", "Toepassing"),
            lid("Eerste lid."),
            lid("Tweede lid."),
            styled("Kop1", "Slot"),
            styled("Kop2", "Citeertitel"),
        ]
        .concat();
        let src = read_ok(&docx(&body, Some(numbering), Some(styles)));
        assert_eq!(
            src.text.lines().collect::<Vec<_>>(),
            [
                "Verordening Voorbeeld",
                "Hoofdstuk I Algemeen",
                "Artikel 1:1 Begrippen",
                "Artikel 1:2 Toepassing",
                "1. Eerste lid.",
                "2. Tweede lid.",
                "Hoofdstuk II Slot",
                "Artikel 2:1 Citeertitel",
            ]
        );
        assert_eq!(src.metadata.title.as_deref(), Some("Verordening Voorbeeld"));
    }

    #[test]
    fn a_numbered_level_below_leden_holds_sub_onderdelen() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
        let body = [
            p("Artikel 4 Venten"),
            np(1, 0, "Verboden is:"),
            np(1, 1, "venten;"),
            np(1, 1, "colporteren."),
            np(1, 0, "Slot."),
        ]
        .concat();
        let src = read_ok(&docx(&body, Some(numbering), None));
        assert_eq!(
            src.text,
            "Artikel 4 Venten\n1. Verboden is:\n1° venten;\n2° colporteren.\n2. Slot."
        );
    }

    #[test]
    fn tracked_changes_are_read_as_accepted_with_a_warning() {
        let body = format!(
            "{}<w:p><w:r><w:t xml:space=\"preserve\">Het is verboden </w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>zonder toestemming </w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t xml:space=\"preserve\">zonder vergunning </w:t></w:r></w:ins><w:r><w:t>te venten.</w:t></w:r><w:commentRangeStart w:id=\"3\"/><w:r><w:commentReference w:id=\"3\"/></w:r></w:p>\
             <w:p><w:pPr><w:rPr><w:del w:id=\"4\" w:author=\"a\"/></w:rPr></w:pPr><w:del w:id=\"5\" w:author=\"a\"><w:r><w:delText>Een geschrapt lid.</w:delText></w:r></w:del></w:p>\
             <w:p><w:moveFrom w:id=\"6\"><w:r><w:t>weg</w:t></w:r></w:moveFrom><w:moveTo w:id=\"7\"><w:r><w:t>Hier.</w:t></w:r></w:moveTo><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
            p("Artikel 4 Venten")
        );
        let src = read_ok(&docx(&body, None, None));
        assert_eq!(
            src.text,
            "Artikel 4 Venten\nHet is verboden zonder vergunning te venten.\nHier."
        );
        let w = &src.warnings[0];
        assert_eq!(w.kind, WarningKind::TrackedChanges);
        assert_eq!(w.line, Some(2));
        assert_eq!(src.line_origin, vec![1, 2, 4]);
    }

    #[test]
    fn tables_render_one_row_per_line() {
        let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Zone</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tijd</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>01.00</w:t></w:r></w:p><w:p><w:r><w:t>uur</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let src = read_ok(&docx(body, None, None));
        assert_eq!(src.text, "Zone | Tijd\nA | 01.00 uur");
        assert_eq!(src.line_origin, vec![1, 3]);
    }

    #[test]
    fn a_layout_table_holding_the_regulation_gives_its_paragraphs() {
        let cell = [
            p("Artikel 1 Begrippen"),
            np(1, 1, "Eerste lid."),
            np(1, 1, "Tweede lid."),
        ]
        .concat();
        let body = format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{cell}</w:tc></w:tr></w:tbl>",
            p("")
        );
        let src = read_ok(&docx(&body, Some(NUMBERING), None));
        assert_eq!(
            src.text,
            "Artikel 1 Begrippen\n1. Eerste lid.\n2. Tweede lid."
        );
        assert_eq!(src.line_origin, vec![2, 3, 4]);
        // A numbered paragraph in a data table keeps its number.
        let body = format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            np(1, 1, "Zone A"),
            p("01.00 uur")
        );
        let src = read_ok(&docx(&body, Some(NUMBERING), None));
        assert_eq!(src.text, "1. Zone A | 01.00 uur");
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_malformed() {
        let e = read(b"%PDF-1.7 nope", "x.docx", &ParseOptions::default()).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Malformed { ref form, .. } if form == ".docx"));
        let msg = e.to_string();
        assert!(
            msg.starts_with("x.docx: damaged .docx: not a zip archive"),
            "{msg}"
        );
        assert!(msg.contains("PDF"), "{msg}");

        // A zip that is not a Word document.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hallo").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let e = read(&bytes, "x.docx", &ParseOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not a Word document"), "{e}");

        // A truncated archive.
        let good = docx(&p("x"), None, None);
        let e = read(&good[..good.len() - 30], "x.docx", &ParseOptions::default()).unwrap_err();
        assert!(e.to_string().contains("damaged"), "{e}");
    }
}
