//! The document model: what a parsed APV looks like to every other crate.
//!
//! A [`Document`] owns the normalised text of one regulation and an arena of [`Node`]s that
//! cover it. Every node carries a byte [`Span`] into [`Document::text`] and the 1-based line of
//! the original input it starts on; [`Document::node_source`] gives the bytes of the original
//! input it was read from, a [`SourceSpan`] (what those bytes are per form, [`SourceBasis`]
//! says), so that evidence can always be quoted and located.
//!
//! Invariants the parser guarantees (and tests prove):
//! - spans are in bounds, on `char` boundaries, and a child's span lies inside its parent's;
//! - siblings are in document order and do not overlap;
//! - every byte of the normalised text belongs to exactly one node's *own* text (its span minus
//!   its children's spans): nothing is lost.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

/// A half-open byte range `start..end` into [`Document::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A half-open byte range `start..end` into the original input (never into [`Document::text`]):
/// the bytes a node ([`Document::node_source`]) or a warning was read from. What "the original input" is depends on the
/// form ([`Document::source_basis`]): the file's own bytes for text, Markdown, CVDR XML and HTML
/// (also when they were decoded from UTF-16 or Windows-1252), the `w:p` elements of the main
/// document part for .docx, the text `pdftotext` wrote for PDF.
///
/// The unit is the block a reader hands over (a line of text, a Markdown block or line, an
/// XML element, an HTML element's text, a Word paragraph): a node that starts or ends inside a
/// block (an onderdeel written on its lid's line) covers the whole block.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
pub struct SourceSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl SourceSpan {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The span as a range, to slice the original bytes with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// What the [`SourceSpan`]s of a document count bytes in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceBasis {
    /// The bytes of the input file as given (text, Markdown, CVDR XML, HTML), whatever its
    /// encoding: spans of decoded UTF-16 or Windows-1252 input are mapped back to its bytes.
    #[default]
    Input,
    /// A part of a .docx (a zip): the span of each paragraph is the byte range of its `<w:p>`
    /// element (of the `<w:tr>` for a table row) in the decompressed part, which holds the XML,
    /// not the words alone.
    DocxPart {
        /// The part's path in the zip (`word/document.xml`).
        path: String,
    },
    /// The text `pdftotext -layout` wrote for a PDF (UTF-8): a PDF's own bytes hold no text to
    /// point at.
    PdfText,
}

/// Index of a node in [`Document::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index into [`Document::nodes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is in the legal structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeKind {
    /// Text before the first structural heading of the regulation (title, aanhef, "gelet op").
    Preamble,
    /// A table of contents ("Inhoudsopgave" or a list of headings without bodies).
    Toc,
    /// Hoofdstuk.
    Chapter,
    /// Afdeling.
    Section,
    /// Paragraaf.
    Paragraph,
    /// Artikel.
    Article,
    /// Lid (numbered member of an article). An article without numbered leden has none.
    Member,
    /// Onderdeel ("a.", "b." …) of a lid or article.
    Item,
    /// Sub-onderdeel ("1°", or "1." nested inside an onderdeel), and each level below it
    /// ("i.", "ii." under "2°"), nested inside the sub-onderdeel above.
    SubItem,
    /// Text after the regulation that is none of the parts below (a web page's footer, "terug
    /// naar boven"). Never operative text.
    Closing,
    /// Toelichting (algemene, artikelsgewijze): explanation, never operative text, also where it
    /// repeats the articles' headings ("Artikel 3 Reikwijdte").
    Explanation,
    /// Ondertekening ("Aldus vastgesteld …", "De griffier, De voorzitter"): never operative text.
    Signature,
    /// Bijlage (annex): never operative text.
    Annex,
    /// The operative text of a document without numbered articles (a policy written in
    /// paragraphs); only the `parse_*_any` functions return such documents.
    Body,
}

impl NodeKind {
    /// Whether the node is a part of the document that is not regulation text: explanation,
    /// signature, annex, or other text after the regulation.
    pub fn is_aside(self) -> bool {
        matches!(
            self,
            NodeKind::Closing | NodeKind::Explanation | NodeKind::Signature | NodeKind::Annex
        )
    }
}

/// One node of the structure tree.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Node {
    /// What this node is.
    pub kind: NodeKind,
    /// Normalised number: `2:28a` for articles, `1` for leden, `a` for onderdelen, `8A` stays
    /// `8a` for afdelingen. `None` for preamble, table of contents, the parts after the regulation
    /// and unnumbered text.
    pub number: Option<String>,
    /// The number as written in the source (`2.28`, `2:28A`, `Art. 2:28.`).
    pub raw_number: Option<String>,
    /// Heading title (articles, chapters, sections, paragraphs), without the number.
    pub title: Option<String>,
    /// The article (or structural unit) is marked vervallen / gereserveerd.
    pub repealed: bool,
    /// The whole node, heading and children included.
    pub span: Span,
    /// The heading line(s), when the node has one.
    pub heading: Option<Span>,
    /// 1-based line in the original input on which the node starts. The bytes it was read
    /// from: [`Document::node_source`].
    pub line: u32,
    /// Parent node; `None` for top-level nodes.
    pub parent: Option<NodeId>,
    /// Children in document order.
    pub children: Vec<NodeId>,
}

/// The form the input arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InputForm {
    /// Plain text, typically copied or extracted from a PDF.
    Text,
    /// Markdown (converted from a web page or PDF).
    Markdown,
    /// CVDR XML from lokaleregelgeving.overheid.nl.
    CvdrXml,
    /// An HTML page.
    Html,
    /// A Word .docx document.
    Docx,
    /// A PDF, read through `pdftotext`.
    Pdf,
}

/// Metadata found in the document (mostly from CVDR XML and HTML headers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Metadata {
    /// Title of the regulation ("Algemene plaatselijke verordening Almere 2011").
    pub title: Option<String>,
    /// Municipality that issued it.
    pub municipality: Option<String>,
    /// CVDR identifier ("CVDR96108").
    pub cvdr_id: Option<String>,
    /// First day the version is valid, as written (ISO date where known).
    pub valid_from: Option<String>,
    /// Last day the version is valid; `None` when it is current ("t/m heden").
    pub valid_until: Option<String>,
    /// The source says this is a historical (no longer valid) version or a repealed regulation.
    pub historical: bool,
}

/// A cross-reference found in the text of a node.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reference {
    /// Where the reference is written.
    pub span: Span,
    /// The innermost node whose own text contains the reference.
    pub from: NodeId,
    /// The reference as written ("artikel 2:28, eerste lid, onder b").
    pub raw: String,
    /// What it points to.
    pub target: RefTarget,
}

/// What a [`Reference`] points to.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RefTarget {
    /// A node of this document: an article, or a lid or onderdeel inside one.
    Internal {
        /// The target node (the deepest one that could be resolved).
        node: NodeId,
        /// Normalised article number of the target.
        article: String,
        /// Lid number, when the reference names one.
        member: Option<String>,
        /// Onderdeel letter, when the reference names one.
        item: Option<String>,
    },
    /// An article number of this regulation that does not exist in the document.
    Unresolved {
        /// Normalised article number as referenced.
        article: String,
    },
    /// A provision of another regulation or national law ("artikel 13b van de Opiumwet").
    External {
        /// Name of the law or regulation as written ("Opiumwet", "Gemeentewet").
        law: String,
        /// Article number in that law, when given.
        article: Option<String>,
    },
}

/// Where a defined term applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", content = "node", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DefinitionScope {
    /// "In deze verordening wordt verstaan onder": the whole regulation.
    Regulation,
    /// "In dit hoofdstuk" / "in deze afdeling" / "in deze paragraaf": that unit.
    Unit(NodeId),
    /// "In dit artikel": that article only.
    Article(NodeId),
}

/// A term defined in a begripsbepalingen/definities article.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Definition {
    /// The defined term, lowercased ("escortbedrijf").
    pub term: String,
    /// The definition text (after the colon).
    pub meaning: String,
    /// Where the definition is written.
    pub span: Span,
    /// The article that holds the definition.
    pub article: NodeId,
    /// Where it applies.
    pub scope: DefinitionScope,
}

/// Something odd about the input that did not stop the parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Warning {
    /// Machine-readable kind.
    pub kind: WarningKind,
    /// 1-based line in the original input, when the warning is about a place.
    pub line: Option<u32>,
    /// Where in [`Document::text`] the warning is about: the words it names (an unresolved
    /// reference) or else its whole line. `None` for warnings about the whole input.
    pub span: Option<Span>,
    /// The bytes of the original input the warning is about (see [`SourceSpan`]): the block
    /// that holds `span`. `None` for warnings about the whole input.
    pub source: Option<SourceSpan>,
    /// One-line English description for people.
    pub message: String,
}

/// Kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// Two articles carry the same number.
    DuplicateArticle,
    /// An article number is lower than the one before it.
    OutOfSequence,
    /// Leden are numbered with a gap (1, 2, 4).
    MemberGap,
    /// A heading with no body text.
    EmptyHeading,
    /// The input was not UTF-8 and was decoded as Windows-1252.
    Encoding,
    /// The input holds tracked changes that were not accepted (read as the accepted view).
    TrackedChanges,
    /// The source is a historical version or a repealed regulation.
    HistoricalVersion,
    /// A reference names an article that is not in the document.
    UnresolvedReference,
    /// Anything else a reader wants to say.
    Other,
}

/// A parsed APV (or other regulation): normalised text plus its structure.
#[derive(Debug, Clone)]
pub struct Document {
    /// The form the input arrived in.
    pub form: InputForm,
    /// What the [`SourceSpan`]s of nodes and warnings count bytes in.
    pub source_basis: SourceBasis,
    /// Metadata found in the input.
    pub metadata: Metadata,
    /// The normalised text every span points into.
    pub text: String,
    /// All nodes; [`NodeId`] indexes this.
    pub nodes: Vec<Node>,
    /// Top-level nodes in document order.
    pub roots: Vec<NodeId>,
    /// Cross-references, in document order.
    pub references: Vec<Reference>,
    /// Defined terms, in document order.
    pub definitions: Vec<Definition>,
    /// Warnings, in document order where they have a line.
    pub warnings: Vec<Warning>,
    /// `line_starts[i]` is the byte offset in [`Document::text`] where normalised line `i`
    /// starts; `line_origin[i]` is the 1-based original line it came from.
    pub line_starts: Vec<usize>,
    /// See [`Document::line_starts`].
    pub line_origin: Vec<u32>,
    /// `line_source[i]` is the block of the original input normalised line `i` came from
    /// (empty when the reader gave none); see [`Document::source_of`].
    pub line_source: Vec<SourceSpan>,
}

/// The version of the document's JSON shape: `schema_version` in the JSON and the `$id` of
/// `schema/document.schema.json`. Raise it when a field changes meaning or goes away.
pub const DOCUMENT_SCHEMA_VERSION: u32 = 2;

/// The JSON Schema of a serialised [`Document`], as committed in `schema/document.schema.json`.
pub fn document_json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Document)).unwrap_or_default();
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$id".to_string(),
            serde_json::Value::String(format!("urn:apv:document:{DOCUMENT_SCHEMA_VERSION}")),
        );
    }
    schema
}

/// A document as JSON (what `apv parse --format json` writes): the model itself, each node
/// with its own words, so that no text of the regulation needs the spans to be read.
impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DocumentJson::of(self).serialize(serializer)
    }
}

impl JsonSchema for Document {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Document".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        DocumentJson::json_schema(generator)
    }
}

/// A parsed APV (or other regulation) as `apv parse --format json` writes it: the normalised
/// text, every node of its structure with its own words, the cross-references, the defined
/// terms and the warnings. A `span` is a byte range of `text`; a `source` span is a byte range
/// of the original input (see `source_basis`).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Document")]
struct DocumentJson<'a> {
    /// Always `"document"`: tells this JSON apart from a report.
    kind: DocumentTag,
    /// The version of this JSON shape ([`DOCUMENT_SCHEMA_VERSION`]).
    schema_version: u32,
    /// The form the input arrived in.
    form: InputForm,
    /// What the `source` spans of nodes and warnings count bytes in: the input file, a part
    /// of a .docx (each paragraph's span is its `<w:p>` element in that XML part), or the text
    /// `pdftotext` wrote for a PDF.
    source_basis: &'a SourceBasis,
    /// Metadata found in the input.
    metadata: &'a Metadata,
    /// The normalised text every span points into (byte offsets).
    text: &'a str,
    /// All nodes, in the order of their `id`; parents and children name each other by `id`.
    nodes: Vec<NodeJson<'a>>,
    /// Top-level nodes in document order.
    roots: &'a [NodeId],
    /// Cross-references, in document order.
    references: Vec<Located<'a, Reference>>,
    /// Defined terms, in document order.
    definitions: Vec<Located<'a, Definition>>,
    /// Warnings, in document order where they have a line.
    warnings: &'a [Warning],
}

/// The `kind` of a serialised [`Document`].
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum DocumentTag {
    /// A parsed document.
    Document,
}

/// One node of the structure (preamble, table of contents, hoofdstuk, afdeling, paragraaf,
/// artikel, lid, onderdeel, sub-onderdeel, body, explanation, signature, annex, closing text),
/// with its id and its own words.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "DocumentNode")]
struct NodeJson<'a> {
    /// Index of the node in `nodes` (what `parent`, `children`, `roots` and references name).
    id: NodeId,
    #[serde(flatten)]
    node: &'a Node,
    /// The bytes of the original input the node was read from, in what `source_basis` names:
    /// from the start of the block its first line came from to the end of the block of its
    /// last line (for .docx, `<w:p>` elements of the part). `null` when the reader could not
    /// say.
    source: Option<SourceSpan>,
    /// The words of this node that none of its children hold (see [`Document::own_text`]): an
    /// article's whole text when it has no leden, its intro ("aanhef") when it has.
    text: String,
}

// A reference or definition with where it is written: its line and the bytes of the original
// input, as nodes and warnings carry them, so that a viewer can show it in the input without
// the document's line tables. (No doc comment: the schema keeps the item's own description.)
#[derive(Serialize, JsonSchema)]
#[schemars(bound = "T: JsonSchema", rename = "{T}")]
struct Located<'a, T> {
    #[serde(flatten)]
    item: &'a T,
    /// 1-based line in the original input on which it starts.
    line: u32,
    /// The bytes of the original input it was read from, in what `source_basis` names (the
    /// block that holds it, as for a node). `null` when the reader could not say.
    source: Option<SourceSpan>,
}

impl<'a, T> Located<'a, T> {
    fn at(doc: &Document, item: &'a T, span: Span) -> Self {
        Located {
            item,
            line: doc.line_of(span.start),
            source: doc.source_of(span),
        }
    }
}

impl<'a> DocumentJson<'a> {
    fn of(doc: &'a Document) -> Self {
        // Every field named: a new field of `Document` does not compile until it is either
        // written here (and so in the schema) or said to stay out.
        let Document {
            form,
            source_basis,
            metadata,
            text,
            nodes,
            roots,
            references,
            definitions,
            warnings,
            // The tables behind `line_of`: nodes and warnings carry their own lines.
            line_starts: _,
            line_origin: _,
            line_source: _,
        } = doc;
        DocumentJson {
            kind: DocumentTag::Document,
            schema_version: DOCUMENT_SCHEMA_VERSION,
            form: *form,
            source_basis,
            metadata,
            text,
            nodes: (0..nodes.len())
                .map(|i| {
                    let id = NodeId(i as u32);
                    NodeJson {
                        id,
                        node: doc.node(id),
                        source: doc.node_source(id),
                        text: doc.own_text(id),
                    }
                })
                .collect(),
            roots,
            references: references
                .iter()
                .map(|r| Located::at(doc, r, r.span))
                .collect(),
            definitions: definitions
                .iter()
                .map(|d| Located::at(doc, d, d.span))
                .collect(),
            warnings,
        }
    }
}

impl Document {
    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The whole text of a node, heading and children included.
    pub fn node_text(&self, id: NodeId) -> &str {
        self.slice(self.node(id).span)
    }

    /// The text of a node without its heading.
    pub fn body_text(&self, id: NodeId) -> &str {
        let node = self.node(id);
        match node.heading {
            Some(h) if h.end <= node.span.end => &self.text[h.end..node.span.end],
            _ => self.node_text(id),
        }
    }

    /// All article nodes in document order.
    pub fn articles(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::Article)
            .map(|(i, _)| NodeId(i as u32))
    }

    /// The first article with this normalised number (`2:28a`).
    pub fn find_article(&self, number: &str) -> Option<NodeId> {
        self.articles()
            .find(|&id| self.node(id).number.as_deref() == Some(number))
    }

    /// Ancestors of a node, nearest first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).parent, move |&p| self.node(p).parent)
    }

    /// The nearest ancestor of the given kind.
    pub fn ancestor_of_kind(&self, id: NodeId, kind: NodeKind) -> Option<NodeId> {
        self.ancestors(id).find(|&a| self.node(a).kind == kind)
    }

    /// The original 1-based line of a byte offset in the normalised text.
    pub fn line_of(&self, offset: usize) -> u32 {
        if self.line_starts.is_empty() {
            return 1;
        }
        let i = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.line_origin.get(i).copied().unwrap_or(1)
    }

    /// The bytes of the original input that a span of [`Document::text`] was read from: from
    /// the start of the block its first line came from to the end of the block its last line
    /// came from (see [`SourceSpan`]). `None` when the reader gave no source spans.
    pub fn source_of(&self, span: Span) -> Option<SourceSpan> {
        if self.line_source.is_empty() || self.line_starts.is_empty() {
            return None;
        }
        let line = |offset: usize| {
            self.line_starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
                .min(self.line_source.len() - 1)
        };
        let first = self.line_source[line(span.start)];
        let last = self.line_source[line(span.end.max(span.start + 1) - 1)];
        let start = first.start.min(last.start);
        Some(SourceSpan::new(start, last.end.max(first.end).max(start)))
    }

    /// The bytes of the original input a node was read from ([`Document::source_of`] of its
    /// span): from the start of the block its first line came from to the end of the block of
    /// its last line. `None` when the reader gave no source spans.
    pub fn node_source(&self, id: NodeId) -> Option<SourceSpan> {
        self.source_of(self.node(id).span)
    }

    /// The words of a node that none of its children hold: its span without its heading and
    /// its children's spans, the number of a lid or onderdeel ("1.", "a.") removed, white space
    /// collapsed to single spaces. For an article without leden this is its whole text; for an
    /// article with leden, its intro.
    pub fn own_text(&self, id: NodeId) -> String {
        let node = self.node(id);
        let mut out = String::new();
        let piece = |from: usize, to: usize, out: &mut String| {
            let (from, to) = (from.max(node.span.start), to.min(node.span.end));
            let mut cut = |a: usize, b: usize| {
                if a < b {
                    for word in self.text[a..b].split_whitespace() {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        out.push_str(word);
                    }
                }
            };
            match node.heading {
                Some(h) if h.start < to && from < h.end => {
                    cut(from, h.start);
                    cut(h.end, to);
                }
                _ => cut(from, to),
            }
        };
        let mut cursor = node.span.start;
        for &child in &node.children {
            let c = self.node(child).span;
            piece(cursor, c.start, &mut out);
            cursor = cursor.max(c.end);
        }
        piece(cursor, node.span.end, &mut out);
        if matches!(
            node.kind,
            NodeKind::Member | NodeKind::Item | NodeKind::SubItem
        ) && let Some(raw) = node.raw_number.as_deref()
        {
            let rest = out.strip_prefix("sub ").unwrap_or(&out);
            if let Some(rest) = rest.strip_prefix(raw) {
                out = rest.trim_start().to_string();
            }
        }
        out
    }

    /// References written inside a node (its own text or its descendants').
    pub fn references_in(&self, id: NodeId) -> impl Iterator<Item = &Reference> + '_ {
        let span = self.node(id).span;
        self.references
            .iter()
            .filter(move |r| span.contains(r.span))
    }
}
