//! HTML pages: lokaleregelgeving.overheid.nl, gemeenteblad pages and municipal sites.
//!
//! A small tolerant tokenizer builds an arena tree (depth capped at [`MAX_DEPTH`]; deeper
//! elements are attached to the deepest open one, so no text is lost and nothing recurses).
//! Site chrome is skipped: `script`, `style`, `nav`, `header`, `footer`, `aside`, forms,
//! elements whose class, id or role names a cookie banner, breadcrumbs ("U bent hier"), a menu
//! or a table of contents, and lists made only of links (a table of contents of anchors). A
//! table of contents without links (a run of headings that all appear again later) is dropped
//! too. Headings, paragraphs, list items (labels from the text, or implied by `ol` order and
//! type) and table rows become one line each, marked with what the markup says they are
//! ([`Mark`]): a heading element, a lid (`p.lid`, `div.lid`), a list item at its depth below
//! the lid or article (lists nested in lists), a paragraph outside list items, a table row.
//! The first line of an element whose class or id names a part after the regulation
//! (`regeling-sluiting`, `ondertekening`, `toelichting`, `bijlage_2`) carries its region.
//! Nothing is ever fetched.

use std::borrow::Cow;

use super::decode::OffsetMap;
use super::lines::{
    CounterStyle, LineIndex, Lines, Origin, as_sub_item, ascii_lower, collapse_ws, cvdr_id,
    format_counter, historical_warning, is_structural_heading, join_cells, leading_label,
    may_start_heading, municipality_name, read_validity_text, row_mark,
};
use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::{InputForm, Metadata, SourceBasis, Warning, WarningKind};
use crate::source::{Mark, MarkedItem, Region, SourceText};

/// Open elements nested deeper than this are flattened into the deepest one.
pub const MAX_DEPTH: usize = 256;

/// Reads an HTML page into lines for the structure builder.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    read_limited(bytes, name, opts, MAX_NODES)
}

/// [`read`] with a node limit of `max_nodes`.
fn read_limited(
    bytes: &[u8],
    name: &str,
    opts: &ParseOptions,
    max_nodes: usize,
) -> Result<SourceText, ParseError> {
    if bytes.len() as u64 > opts.max_file_size {
        return Err(ParseError::new(
            name,
            ErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: opts.max_file_size,
            },
        ));
    }
    let (text, fallback) = decode(bytes);
    // Node offsets are 32-bit. (Only a `--max-file-size` above 4 GiB lets such a page through.)
    if u32::try_from(text.len()).is_err() {
        return Err(ParseError::new(
            name,
            ErrorKind::TooLarge {
                size: text.len() as u64,
                limit: u64::from(u32::MAX),
            },
        ));
    }
    let tree = Tree::parse(&text, max_nodes).map_err(|TooManyNodes(limit)| {
        ParseError::malformed(
            name,
            "HTML",
            format!(
                "more than {limit} elements and text runs (a real APV page of 300 KB has about 11 000); refused so that memory stays bounded"
            ),
        )
    })?;
    let stats = tree.stats();
    let index = LineIndex::new(text.as_bytes());

    let mut metadata = Metadata::default();
    let page_title = read_metadata(&tree, &mut metadata);

    let mut r = Renderer {
        tree: &tree,
        stats: &stats,
        index: &index,
        html_len: text.len(),
        out: Lines::default(),
        buf: String::new(),
        buf_origin: Origin::default(),
        buf_heading: false,
        pending: None,
        pending_implied: false,
        buf_block: Block::Plain,
        buf_cells: Vec::new(),
        lid_lists: 0,
        lists: Vec::new(),
        heading_depth: 0,
        row_depth: 0,
        cells: Vec::new(),
        region: None,
        regions: Vec::new(),
    };
    r.render();
    let mut out = r.out;
    for &(line, region) in &r.regions {
        if let Some(l) = out.lines.get_mut(line) {
            l.mark = Mark::Region(region);
        }
    }
    super::lines::normalise_repeal_notes(&mut out.lines);
    let h1 = tree
        .elements()
        .find(|&i| tree.name(i) == "h1")
        .map(|i| tree.text_of(i, 500))
        .filter(|t| !t.is_empty());
    if metadata.municipality.is_none() {
        metadata.municipality = [page_title.as_deref(), h1.as_deref()]
            .into_iter()
            .flatten()
            .find_map(municipality_in_title);
    }
    if metadata.title.is_none() {
        metadata.title = h1.or(page_title);
    }
    let mut warnings = Vec::new();
    if let Some(encoding) = fallback {
        warnings.push(Warning {
            kind: WarningKind::Encoding,
            line: None,
            span: None,
            source: None,
            message: format!("the page is not UTF-8; it was read as {encoding}"),
        });
    }
    warnings.extend(historical_warning(&metadata));
    let mut lines = out.finish();
    OffsetMap::new(bytes, &text).apply(&mut lines.source_spans);
    Ok(lines.into_source(InputForm::Html, SourceBasis::Input, metadata, warnings))
}

/// UTF-8 (BOM stripped; borrowed), UTF-16 with a BOM, else the encoding the page declares or
/// Windows-1252 (then its name).
fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    let d = super::decode::decode(bytes, super::decode::Fallback::DeclaredOrWindows1252)
        .expect("HTML falls back to Windows-1252");
    (
        d.text,
        d.fallback.map(|(_, enc)| super::decode::display_name(enc)),
    )
}

// ---------------------------------------------------------------------------------------
// The tree

#[derive(Debug)]
enum Kind<'a> {
    /// An element; its attributes are `Tree::attrs[HNode::attrs.0..][..HNode::attrs.1]`.
    Element { name: Cow<'a, str> },
    /// Text, borrowed from the input unless it held character references.
    Text(Cow<'a, str>),
}

/// An attribute: the name in lower case, the value with character references decoded.
type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

/// "No node": the end of a list of children, or the root's parent.
const NONE: u32 = u32::MAX;

/// A node of the tree. Children are a linked list (first child, next sibling), so that a node
/// owns no allocation of its own: hostile pages of millions of tiny elements stay at about
/// 64 bytes per node (see [`MAX_NODES`]).
#[derive(Debug)]
struct HNode<'a> {
    kind: Kind<'a>,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    /// Byte offset of the node in the input.
    offset: u32,
    /// The node's attributes: start in `Tree::attrs` and count.
    attrs: (u32, u8),
}

/// The node a link field names, if any.
fn link(id: u32) -> Option<usize> {
    (id != NONE).then_some(id as usize)
}

/// Pages with more nodes (elements and text runs) than this are refused: a real APV page of
/// 300 KB has about 11 000, so the limit admits over 100 MB of real HTML, and it bounds the
/// memory a hostile page can take (about 100 bytes per node with its statistics).
pub const MAX_NODES: usize = 4_000_000;

struct Tree<'a> {
    nodes: Vec<HNode<'a>>,
    attrs: Vec<Attr<'a>>,
}

/// Why a page cannot be made into a tree.
#[derive(Debug, PartialEq, Eq)]
struct TooManyNodes(usize);

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];
/// Block-level elements: they end a line of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "body"
            | "html"
    )
}

impl<'a> Tree<'a> {
    /// Parses `text` (at most `u32::MAX` bytes) into a tree of at most `max_nodes` nodes.
    fn parse(text: &'a str, max_nodes: usize) -> Result<Tree<'a>, TooManyNodes> {
        debug_assert!(u32::try_from(text.len()).is_ok());
        // Every node but the root starts at a '<' or at text before one: reserving for that
        // many (up to the limit) saves the copies of a growing vector, which would otherwise
        // hold memory of their own on a page of millions of elements.
        let bound = 2 * memchr::memchr_iter(b'<', text.as_bytes()).count() + 2;
        let mut nodes = Vec::with_capacity(bound.min(max_nodes));
        nodes.push(HNode {
            kind: Kind::Element {
                name: "#root".into(),
            },
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            offset: 0,
            attrs: (0, 0),
        });
        let mut tree = Tree {
            nodes,
            attrs: Vec::new(),
        };
        let mut stack: Vec<usize> = vec![0];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if tree.nodes.len() >= max_nodes {
                return Err(TooManyNodes(max_nodes));
            }
            let parent = *stack.last().unwrap_or(&0);
            let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| p + i) else {
                tree.add_text(parent, decode_entities(&text[i..]), i);
                break;
            };
            if lt > i {
                tree.add_text(parent, decode_entities(&text[i..lt]), i);
                i = lt;
                continue;
            }
            // At '<'.
            let rest = &text[i..];
            if rest.starts_with("<!--") {
                i = rest.find("-->").map_or(b.len(), |p| i + p + 3);
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                i = rest.find('>').map_or(b.len(), |p| i + p + 1);
                continue;
            }
            if let Some(after) = rest.strip_prefix("</") {
                let len = after
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':')
                    .count();
                let name = &after[..len];
                i = rest.find('>').map_or(b.len(), |p| i + p + 1);
                if name.is_empty() {
                    continue;
                }
                // Element names are stored in lower case.
                if let Some(pos) = stack
                    .iter()
                    .rposition(|&id| elem_name(&tree.nodes[id]).eq_ignore_ascii_case(name))
                    .filter(|&p| p > 0)
                {
                    stack.truncate(pos);
                }
                continue;
            }
            let starts_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
            if !starts_tag {
                tree.add_text(parent, "<".into(), i);
                i += 1;
                continue;
            }
            let attrs = tree.attrs.len();
            let (name, self_closing, end) = parse_tag(text, i, &mut tree.attrs);
            let offset = i;
            i = end;
            close_implied(&tree.nodes, &mut stack, &name);
            let parent = *stack.last().unwrap_or(&0);
            if RAW_TEXT.contains(&name.as_ref()) {
                let close = format!("</{name}");
                let body_end = find_ci(&text[i..], &close).map_or(b.len(), |p| i + p);
                let keeps_text = name == "title" || name == "textarea";
                let id = tree.add(parent, Kind::Element { name }, offset, attrs);
                if keeps_text {
                    tree.add_text(id, decode_entities(&text[i..body_end]), i);
                }
                i = text[body_end..]
                    .find('>')
                    .map_or(b.len(), |p| body_end + p + 1);
                continue;
            }
            let void = VOID.contains(&name.as_ref()) || self_closing;
            let id = tree.add(parent, Kind::Element { name }, offset, attrs);
            if !void && stack.len() < MAX_DEPTH {
                stack.push(id);
            }
        }
        Ok(tree)
    }

    /// Appends a node as the last child of `parent`; its attributes are those of `self.attrs`
    /// from `attrs` on. Returns its id.
    fn add(&mut self, parent: usize, kind: Kind<'a>, offset: usize, attrs: usize) -> usize {
        let id = self.nodes.len();
        let id32 = id as u32;
        // At most 64 attributes per element (see `parse_tag`).
        let attrs_range = (attrs as u32, (self.attrs.len() - attrs) as u8);
        self.nodes.push(HNode {
            kind,
            parent: parent as u32,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            offset: offset as u32,
            attrs: attrs_range,
        });
        let p = &mut self.nodes[parent];
        let last = p.last_child;
        p.last_child = id32;
        if last == NONE {
            p.first_child = id32;
        } else {
            self.nodes[last as usize].next_sibling = id32;
        }
        id
    }

    /// Appends a text node as the last child of `parent`.
    fn add_text(&mut self, parent: usize, text: Cow<'a, str>, offset: usize) {
        self.add(parent, Kind::Text(text), offset, self.attrs.len());
    }

    fn parent(&self, id: usize) -> Option<usize> {
        link(self.nodes[id].parent)
    }

    fn has_attrs(&self, id: usize) -> bool {
        self.nodes[id].attrs.1 > 0
    }

    fn first_child(&self, id: usize) -> Option<usize> {
        link(self.nodes[id].first_child)
    }

    fn next_sibling(&self, id: usize) -> Option<usize> {
        link(self.nodes[id].next_sibling)
    }

    /// The node after `id` in document order within the subtree of `top`, when the children
    /// of `id` are skipped (`descend` false) or visited (`descend` true). Calls `close` for
    /// every element left on the way up, `top` included when the walk ends.
    fn next_in(
        &self,
        top: usize,
        id: usize,
        descend: bool,
        mut close: impl FnMut(usize),
    ) -> Option<usize> {
        if descend {
            if let Some(c) = self.first_child(id) {
                return Some(c);
            }
            close(id);
        }
        let mut id = id;
        loop {
            if id == top {
                return None;
            }
            if let Some(s) = self.next_sibling(id) {
                return Some(s);
            }
            id = self.parent(id)?;
            close(id);
        }
    }

    fn name(&self, id: usize) -> &str {
        elem_name(&self.nodes[id])
    }

    fn attr(&self, id: usize, key: &str) -> Option<&str> {
        let (start, len) = self.nodes[id].attrs;
        self.attrs[start as usize..][..usize::from(len)]
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    fn elements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&i| matches!(self.nodes[i].kind, Kind::Element { .. }))
    }

    /// Up to `limit` bytes of the text of a subtree, white space collapsed.
    fn text_of(&self, id: usize, limit: usize) -> String {
        let mut out = String::new();
        let mut at = Some(id);
        while let Some(n) = at {
            if out.len() > limit {
                break;
            }
            let descend = match &self.nodes[n].kind {
                Kind::Text(t) => {
                    out.push_str(t);
                    false
                }
                Kind::Element { name } => {
                    if name == "br" {
                        out.push(' ');
                    }
                    !matches!(name.as_ref(), "script" | "style")
                }
            };
            at = self.next_in(id, n, descend, |_| {});
        }
        collapse_ws(&out)
    }

    /// The first character of [`Tree::text_of`] a subtree (white space skipped), found without
    /// gathering the text.
    fn first_char(&self, id: usize) -> Option<char> {
        let mut at = Some(id);
        while let Some(n) = at {
            let descend = match &self.nodes[n].kind {
                Kind::Text(t) => {
                    if let Some(c) = t
                        .chars()
                        .find(|c| !(c.is_whitespace() || *c == '\u{a0}' || *c == '\u{202f}'))
                    {
                        return Some(c);
                    }
                    false
                }
                Kind::Element { name } => !matches!(name.as_ref(), "script" | "style"),
            };
            at = self.next_in(id, n, descend, |_| {});
        }
        None
    }

    /// Whether the text of a subtree (its first `limit` bytes) is a structural heading.
    fn is_heading_text(&self, id: usize, limit: usize) -> bool {
        self.first_char(id).is_some_and(may_start_heading)
            && is_structural_heading(&self.text_of(id, limit))
    }

    /// Per-node counts, accumulated bottom-up without recursion (children have higher ids).
    fn stats(&self) -> Vec<Stats> {
        let mut s = vec![Stats::default(); self.nodes.len()];
        for id in (0..self.nodes.len()).rev() {
            match &self.nodes[id].kind {
                Kind::Text(t) => {
                    s[id].text = non_space_chars(t);
                }
                Kind::Element { name, .. } => {
                    s[id].size += 1;
                    match name.as_ref() {
                        "a" if self.attr(id, "href").is_some() => {
                            s[id].links += 1;
                            s[id].link_text = s[id].text;
                            if self.attr(id, "href").is_some_and(|h| h.starts_with('#')) {
                                s[id].anchor_links += 1;
                            }
                            if s[id].size < 50 && self.is_heading_text(id, 200) {
                                s[id].heading_links += 1;
                            }
                        }
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            s[id].headings += 1;
                            if s[id].size < 200 && self.is_heading_text(id, 300) {
                                s[id].structural_headings += 1;
                            }
                        }
                        "table" => s[id].tables += 1,
                        _ => {}
                    }
                }
            }
            if let Some(p) = self.parent(id) {
                let c = s[id].clone();
                let ps = &mut s[p];
                ps.text += c.text;
                ps.link_text += c.link_text;
                ps.links += c.links;
                ps.anchor_links += c.anchor_links;
                ps.heading_links += c.heading_links;
                ps.headings += c.headings;
                ps.structural_headings += c.structural_headings;
                ps.tables += c.tables;
                ps.size += c.size;
            }
        }
        s
    }
}

#[derive(Debug, Clone, Default)]
struct Stats {
    /// Non-white-space characters of text.
    text: u32,
    /// Of which inside `a href` links.
    link_text: u32,
    links: u32,
    anchor_links: u32,
    /// Links whose text is a structural heading ("Artikel 2:28 …"): table-of-contents entries.
    heading_links: u32,
    headings: u32,
    structural_headings: u32,
    tables: u32,
    /// Elements in the subtree, itself included.
    size: u32,
}

/// The number of characters of `t` that are not white space (saturating at `u32::MAX`).
fn non_space_chars(t: &str) -> u32 {
    let n = if t.is_ascii() {
        t.bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != 0x0b)
            .count()
    } else {
        t.chars().filter(|c| !c.is_whitespace()).count()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn elem_name<'n>(n: &'n HNode) -> &'n str {
    match &n.kind {
        Kind::Element { name, .. } => name.as_ref(),
        Kind::Text(_) => "",
    }
}

/// Closes elements that the opening of `name` ends implicitly (`<p>` before a block, `<li>`
/// before the next `<li>`, cells and rows).
fn close_implied(nodes: &[HNode], stack: &mut Vec<usize>, name: &str) {
    let closes: &[&str] = match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "tr" => &["tr", "td", "th"],
        "td" | "th" => &["td", "th"],
        "option" => &["option"],
        _ if is_block(name) => &["p"],
        _ => &[],
    };
    if closes.is_empty() {
        return;
    }
    let boundary: &[&str] = match name {
        "li" => &["ul", "ol", "table"],
        "tr" | "td" | "th" => &["table"],
        _ => &[
            "div",
            "li",
            "td",
            "th",
            "table",
            "section",
            "article",
            "body",
            "blockquote",
        ],
    };
    let mut k = stack.len();
    while k > 1 {
        let n = elem_name(&nodes[stack[k - 1]]);
        if closes.contains(&n) {
            stack.truncate(k - 1);
            return;
        }
        if boundary.contains(&n) {
            return;
        }
        k -= 1;
        if stack.len() - k > 8 {
            return;
        }
    }
}

/// Parses `<name attr="v" …>` at `start`, appending up to 64 attributes to `attrs`; returns the
/// name, whether the tag closes itself, and the end offset.
fn parse_tag<'a>(
    text: &'a str,
    start: usize,
    attrs: &mut Vec<Attr<'a>>,
) -> (Cow<'a, str>, bool, usize) {
    let b = text.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = ascii_lower(&text[name_start..i]);
    let first = attrs.len();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return (name, self_closing, b.len());
        }
        match b[i] {
            b'>' => return (name, self_closing, i + 1),
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = ascii_lower(&text[key_start..i]);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Cow::Borrowed("");
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = text[vs..]
                    .bytes()
                    .position(|c| c == q)
                    .map_or(b.len(), |p| vs + p);
                value = decode_entities(&text[vs..ve]);
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&text[vs..i]);
            }
        }
        if !key.is_empty() && attrs.len() - first < 64 {
            attrs.push((key, value));
        }
        if i == key_start {
            i += 1;
        }
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

/// Decodes named and numeric character references; unknown ones stay as written.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| {
            let ent = &after[..e];
            let c = if let Some(num) = ent.strip_prefix('#') {
                let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse().ok()
                };
                v.map(|v| match v {
                    0x80..=0x9F => super::decode::windows_1252_char(v as u8),
                    _ => char::from_u32(v)
                        .filter(|c| *c != '\0')
                        .unwrap_or('\u{FFFD}'),
                })
            } else {
                named_entity(ent)
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

pub(crate) fn named_entity(name: &str) -> Option<char> {
    const SIMPLE: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("shy", '\u{ad}'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("sect", '§'),
        ("para", '¶'),
        ("middot", '·'),
        ("bull", '•'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("deg", '°'),
        ("ordm", 'º'),
        ("ordf", 'ª'),
        ("plusmn", '±'),
        ("sup1", '¹'),
        ("sup2", '²'),
        ("sup3", '³'),
        ("frac12", '½'),
        ("frac14", '¼'),
        ("frac34", '¾'),
        ("times", '×'),
        ("divide", '÷'),
        ("euro", '€'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("hellip", '…'),
        ("szlig", 'ß'),
        ("ccedil", 'ç'),
        ("Ccedil", 'Ç'),
        ("aelig", 'æ'),
        ("AElig", 'Æ'),
        ("oslash", 'ø'),
        ("Oslash", 'Ø'),
        ("aring", 'å'),
        ("Aring", 'Å'),
        ("ntilde", 'ñ'),
        ("Ntilde", 'Ñ'),
        ("zwj", '\u{200d}'),
        ("zwnj", '\u{200c}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
        ("thinsp", '\u{2009}'),
        ("lrm", '\u{200e}'),
        ("rlm", '\u{200f}'),
        ("iexcl", '¡'),
        ("iquest", '¿'),
        ("cent", '¢'),
        ("pound", '£'),
        ("yen", '¥'),
        ("micro", 'µ'),
        // arrows, checks and marks that policy pages use in lists and tables
        ("larr", '←'),
        ("rarr", '→'),
        ("uarr", '↑'),
        ("darr", '↓'),
        ("harr", '↔'),
        ("lArr", '⇐'),
        ("rArr", '⇒'),
        ("uArr", '⇑'),
        ("dArr", '⇓'),
        ("hArr", '⇔'),
        ("check", '✓'),
        ("checkmark", '✓'),
        ("cross", '✗'),
        ("star", '☆'),
        ("starf", '★'),
        ("loz", '◊'),
        ("dagger", '†'),
        ("Dagger", '‡'),
        ("permil", '‰'),
        ("prime", '′'),
        ("Prime", '″'),
        ("lsaquo", '‹'),
        ("rsaquo", '›'),
        ("minus", '−'),
        ("le", '≤'),
        ("ge", '≥'),
        ("ne", '≠'),
        ("asymp", '≈'),
        ("infin", '∞'),
        ("hyphen", '‐'),
        ("dash", '‐'),
        ("num", '#'),
        ("percnt", '%'),
        ("commat", '@'),
        ("dollar", '$'),
        ("ast", '*'),
        ("excl", '!'),
        ("quest", '?'),
        ("lpar", '('),
        ("rpar", ')'),
        ("lsqb", '['),
        ("rsqb", ']'),
        ("lcub", '{'),
        ("rcub", '}'),
        ("comma", ','),
        ("period", '.'),
        ("colon", ':'),
        ("semi", ';'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("verbar", '|'),
        ("vert", '|'),
        ("equals", '='),
        ("plus", '+'),
        ("lowbar", '_'),
        ("grave", '`'),
        ("Hat", '^'),
        ("QUOT", '"'),
        ("AMP", '&'),
        ("LT", '<'),
        ("GT", '>'),
        ("NewLine", '\n'),
        ("Tab", '\t'),
    ];
    if let Some((_, c)) = SIMPLE.iter().find(|(n, _)| *n == name) {
        return Some(*c);
    }
    // Accented vowels: agrave, Eacute, ouml, …
    const ACCENTS: &[(&str, &str, &str)] = &[
        ("grave", "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ("acute", "aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ"),
        ("circ", "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ("uml", "aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"),
        ("tilde", "aoAO", "ãõÃÕ"),
    ];
    let mut chars = name.chars();
    let base = chars.next()?;
    let suffix = chars.as_str();
    ACCENTS
        .iter()
        .find(|(s, _, _)| *s == suffix)
        .and_then(|(_, from, to)| {
            from.chars()
                .position(|c| c == base)
                .and_then(|i| to.chars().nth(i))
        })
}

// ---------------------------------------------------------------------------------------
// Metadata

/// The municipality named in a page title ("Gemeente Bergakker - APV", "Gemeenteblad van
/// Meerzicht").
fn municipality_in_title(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let start = ["gemeenteblad van ", "gemeente "]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))?;
    let rest = &title[start..];
    let end = rest
        .find(['-', '|', '–', '—', ',', ':', '(', '/'])
        .unwrap_or(rest.len());
    let name = collapse_ws(&rest[..end]);
    let first_upper = name.chars().next().is_some_and(char::is_uppercase);
    (first_upper && name.split_whitespace().count() <= 4).then_some(name)
}

/// Reads metadata from `meta` elements and page text; returns the page `<title>`.
fn read_metadata(tree: &Tree, meta: &mut Metadata) -> Option<String> {
    let mut page_title = None;
    for id in tree.elements() {
        match tree.name(id) {
            "meta" => {
                let key = tree
                    .attr(id, "name")
                    .or_else(|| tree.attr(id, "property"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = tree.attr(id, "content").map(collapse_ws) else {
                    continue;
                };
                if content.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "dcterms.title" | "dc.title" | "dcterms:title" | "og:title" => {
                        meta.title.get_or_insert(content);
                    }
                    "dcterms.creator" | "dc.creator" | "dcterms:creator" | "overheid.authority"
                    | "overheid:authority"
                        if meta.municipality.is_none() =>
                    {
                        meta.municipality = municipality_name(&content);
                    }
                    "dcterms.identifier" | "dc.identifier" | "dcterms:identifier"
                        if meta.cvdr_id.is_none() =>
                    {
                        meta.cvdr_id = cvdr_id(&content);
                    }
                    _ => {}
                }
            }
            "title" if page_title.is_none() => {
                page_title = Some(tree.text_of(id, 500)).filter(|t| !t.is_empty());
            }
            "link" if meta.cvdr_id.is_none() => {
                if let Some(href) = tree.attr(id, "href") {
                    meta.cvdr_id = cvdr_id(href);
                }
            }
            _ => {}
        }
    }
    // "Geldend van … t/m …" anywhere on the page, chrome included.
    for node in &tree.nodes {
        if let Kind::Text(t) = &node.kind
            && t.contains("t/m")
            && t.len() < 400
            && t.to_lowercase().contains("geldend")
        {
            read_validity_text(t, meta);
            break;
        }
    }
    if meta.cvdr_id.is_none() {
        meta.cvdr_id = tree.nodes.iter().find_map(|n| match &n.kind {
            Kind::Text(t) if t.contains("CVDR") => cvdr_id(t),
            _ => None,
        });
    }
    page_title
}

// ---------------------------------------------------------------------------------------
// Rendering

struct ListCtx {
    ordered: bool,
    style: CounterStyle,
    next: u32,
    /// Its items hold headings: an outline of the regulation, not a list in it.
    outline: bool,
}

struct Renderer<'t> {
    tree: &'t Tree<'t>,
    stats: &'t [Stats],
    index: &'t LineIndex,
    /// The length of the decoded page the tree points into.
    html_len: usize,
    out: Lines,
    buf: String,
    /// Where the buffered text comes from: from the element or text that opened it to the end
    /// of its last text.
    buf_origin: Origin,
    buf_heading: bool,
    /// A list label waiting for its text, whether it is a sub-onderdeel, and the block it
    /// opens.
    pending: Option<(String, Origin, bool, Block)>,
    /// The waiting label was implied by an `ol`, not written in the page.
    pending_implied: bool,
    /// What the element the buffered text comes from is.
    buf_block: Block,
    /// The cells of a table row being flushed.
    buf_cells: Vec<String>,
    /// The number of lists (not outlines) open around the current lid (`p.lid`): the lists
    /// of its onderdelen count their depth from there. 0 outside a lid.
    lid_lists: usize,
    lists: Vec<ListCtx>,
    heading_depth: usize,
    row_depth: usize,
    cells: Vec<usize>,
    /// The element of a part that is not regulation text (`section#regeling-sluiting`,
    /// `div.toelichting`, `div.bijlage`) being rendered, and the index of its first line.
    region: Option<(usize, usize)>,
    /// Where each such part starts: the index of its first line and what it is.
    regions: Vec<(usize, Region)>,
}

/// What the markup says a block of text is: the first line of a lid (`p.lid`, `div.lid`), of a
/// list item at a depth below the lid or article, a paragraph (`p`) outside list items, or
/// nothing the markup states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Plain,
    Lid,
    Item(u8),
    Paragraph,
}

impl Block {
    /// The mark of a rendered line of this block.
    fn mark(self, line: &str) -> Mark {
        let label = || line_label(line).map(str::to_string);
        match self {
            Block::Plain => Mark::None,
            Block::Lid => Mark::Lid(label()),
            Block::Item(depth) => Mark::Item(MarkedItem {
                depth,
                label: label(),
            }),
            Block::Paragraph => Mark::Paragraph,
        }
    }
}

/// The label a rendered line starts with ("1.", "a.", "2°", "iii.").
fn line_label(line: &str) -> Option<&str> {
    if let Some((_, len)) = leading_label(line) {
        return Some(&line[..len]);
    }
    let roman = line
        .bytes()
        .take_while(|c| matches!(c, b'i' | b'v' | b'x'))
        .count();
    ((1..=5).contains(&roman) && line[roman..].starts_with('.')).then(|| &line[..=roman])
}

/// Whether a line is only a label ("1.", "a.", "2°"): as `leading_label` of the line followed
/// by a word takes the whole line.
fn is_only_label(line: &str) -> bool {
    // Labels are short; a long line cannot be one.
    line.len() <= 16 && leading_label(&format!("{line} x")).is_some_and(|(_, n)| n == line.len())
}

/// Separates table cells in the line buffer until the row is complete.
const CELL: char = '\u{1f}';

/// Elements of site chrome and scripting, skipped unless they hold the regulation.
fn is_chrome_element(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "svg"
            | "button"
            | "form"
            | "select"
            | "iframe"
            | "object"
            | "canvas"
            | "head"
            | "title"
            | "textarea"
            | "menu"
    )
}
const SKIP_TOKENS_SUB: &[&str] = &[
    "cookie",
    "breadcrumb",
    "kruimelpad",
    "skiplink",
    "skip-link",
    "skip-to",
    "inhoudsopgave",
    "sr-only",
    "visually-hidden",
];
const SKIP_TOKENS_EXACT: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "mainmenu",
    "main-menu",
    "sidebar",
    "toc",
    "site-header",
    "site-footer",
    "page-header",
    "page-footer",
    "header",
    "footer",
    "banner",
    "share",
    "social",
];

impl Renderer<'_> {
    fn render(&mut self) {
        let tree = self.tree;
        let mut at = Some(0);
        while let Some(id) = at {
            let descend = match &tree.nodes[id].kind {
                Kind::Text(t) => {
                    let offset = tree.nodes[id].offset as usize;
                    if self.buf.trim().is_empty() {
                        self.buf_origin = self.index.origin(offset..offset);
                    }
                    self.push_text(t);
                    // The text's bytes go on to where the next node starts (end tags
                    // included).
                    let end = tree
                        .nodes
                        .get(id + 1)
                        .map_or(self.html_len, |n| n.offset as usize);
                    self.buf_origin = self.buf_origin.until(end);
                    false
                }
                Kind::Element { .. } => {
                    let shown = id == 0 || !self.skip(id);
                    if shown {
                        self.open(id);
                    }
                    shown
                }
            };
            at = tree.next_in(0, id, descend, |closed| self.close(closed));
        }
        self.flush();
        self.flush_label();
    }

    fn push_text(&mut self, t: &str) {
        if self.buf.is_empty() && t.trim().is_empty() {
            return;
        }
        self.buf.push_str(t);
    }

    fn skip(&self, id: usize) -> bool {
        let tree = self.tree;
        let name = tree.name(id);
        let st = &self.stats[id];
        let holds_regulation = st.structural_headings > 0;
        if matches!(
            name,
            "script" | "style" | "head" | "title" | "template" | "noscript" | "svg"
        ) {
            return true;
        }
        if is_chrome_element(name) && !holds_regulation {
            return true;
        }
        if tree.has_attrs(id) && self.hidden_or_chrome(id, holds_regulation) {
            return true;
        }
        // A footnote reference ("Titel<sup><a href="#noot1">1</a></sup>").
        if name == "sup" && st.anchor_links > 0 && st.text <= 4 {
            return true;
        }
        // A list or block of links only: a menu or a table of contents.
        // Only anchors within the page or links named after articles and chapters count, so
        // that a list of links to laws in the regulation itself stays.
        if matches!(name, "ul" | "ol" | "div" | "p" | "table" | "dl" | "section")
            && st.links >= 3
            && u64::from(st.link_text) * 10 >= u64::from(st.text) * 9
            && (st.anchor_links * 2 >= st.links || st.heading_links * 2 >= st.links)
            && !holds_regulation
        {
            return true;
        }
        // Breadcrumbs written as text.
        if st.text < 400
            && st.size < 200
            && is_block(name)
            && tree.first_char(id).is_some_and(|c| c == 'u' || c == 'U')
        {
            let t = tree.text_of(id, 60).to_lowercase();
            if t.starts_with("u bent hier") || t.starts_with("u bevindt zich hier") {
                return true;
            }
        }
        false
    }

    /// Whether an element's attributes hide it, or name it as site chrome (a cookie bar, a
    /// breadcrumb trail, a navigation menu unless it holds the regulation).
    fn hidden_or_chrome(&self, id: usize, holds_regulation: bool) -> bool {
        let tree = self.tree;
        if tree.attr(id, "hidden").is_some()
            || tree.attr(id, "aria-hidden") == Some("true")
            || tree.attr(id, "style").is_some_and(|s| {
                s.replace(' ', "")
                    .to_ascii_lowercase()
                    .contains("display:none")
            })
        {
            return true;
        }
        let (mut chrome_part, mut chrome_word) = (false, false);
        let tokens = ["class", "id", "role", "aria-label"]
            .iter()
            .filter_map(|a| tree.attr(id, a))
            .flat_map(str::split_whitespace);
        for token in tokens {
            let token = ascii_lower(token);
            chrome_part |= SKIP_TOKENS_SUB.iter().any(|s| token.contains(s));
            chrome_word |= SKIP_TOKENS_EXACT.contains(&&*token);
        }
        if chrome_part {
            return true;
        }
        let role = tree.attr(id, "role").unwrap_or("");
        !holds_regulation
            && (chrome_word
                || [
                    "navigation",
                    "banner",
                    "contentinfo",
                    "search",
                    "complementary",
                ]
                .iter()
                .any(|r| role.eq_ignore_ascii_case(r)))
    }

    fn is_layout_table(&self, id: usize) -> bool {
        let st = &self.stats[id];
        st.headings > 0 || st.tables > 1
    }

    /// The part of a document an element holds by its class or id, as lokaleregelgeving
    /// pages and gemeenteblad pages name them: `regeling-sluiting`, `ondertekening`
    /// (signature), `toelichting` (explanation), `bijlage` (annex, also `id="bijlage_2"`).
    fn region_of(&self, id: usize) -> Option<Region> {
        let tree = self.tree;
        let tokens = ["class", "id"]
            .iter()
            .filter_map(|a| tree.attr(id, a))
            .flat_map(str::split_whitespace);
        for token in tokens {
            let t = ascii_lower(token);
            let t = t.strip_prefix("cvdr-").unwrap_or(&t);
            if matches!(t, "regeling-sluiting" | "slotformulering" | "ondertekening") {
                return Some(Region::Signature);
            }
            let word = |w: &str| {
                t.strip_prefix(w)
                    .is_some_and(|r| r.is_empty() || r.starts_with(['_', '-']))
            };
            if word("toelichting")
                || word("algemene-toelichting")
                || word("artikelsgewijze-toelichting")
            {
                return Some(Region::Explanation);
            }
            if word("bijlage") || word("bijlagen") {
                return Some(Region::Annex);
            }
        }
        None
    }

    fn open(&mut self, id: usize) {
        let tree = self.tree;
        let name = tree.name(id);
        let offset = self.tree.nodes[id].offset as usize;
        let origin = self.index.origin(offset..offset);
        if self.region.is_none()
            && self.row_depth == 0
            && tree.has_attrs(id)
            && let Some(region) = self.region_of(id)
        {
            self.flush();
            self.flush_label();
            self.region = Some((id, self.out.lines.len()));
            self.regions.push((self.out.lines.len(), region));
        }
        if self.row_depth > 0 {
            match name {
                "td" | "th" => {
                    if let Some(c) = self.cells.last_mut() {
                        if *c > 0 {
                            self.buf.push(CELL);
                        }
                        *c += 1;
                    }
                }
                "br" => self.buf.push(' '),
                n if is_block(n) => self.buf.push(' '),
                _ => {}
            }
            if name == "tr" {
                self.row_depth += 1;
                self.cells.push(0);
            }
            return;
        }
        match name {
            "br" => {
                if self.heading_depth > 0 {
                    self.buf.push(' ');
                } else {
                    self.flush();
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                if let Some(list) = self.lists.last_mut() {
                    // An outline list around the headings: its numbers are not text, and
                    // lists inside it are leden, not sub-onderdelen.
                    list.outline = true;
                    if self.pending_implied {
                        self.pending = None;
                    }
                }
                self.flush_label();
                self.heading_depth += 1;
                self.buf_heading = true;
                self.buf_origin = origin;
                self.lid_lists = 0;
            }
            "tr" if !self.in_layout_table(id) => {
                self.flush();
                self.row_depth += 1;
                self.cells.push(0);
                self.buf_origin = origin;
            }
            "ol" | "ul" => {
                self.flush();
                let ctx = self.list_ctx(id);
                self.lists.push(ctx);
            }
            "li" => {
                self.flush();
                self.flush_label();
                // Any list inside another holds sub-onderdelen: a "1." there is a "1°", not a lid.
                let sub = self.lists.len() > 1
                    && self.lists[..self.lists.len() - 1]
                        .iter()
                        .any(|l| !l.outline);
                let value = self
                    .tree
                    .attr(id, "value")
                    .and_then(|v| v.trim().parse().ok());
                let block = match self.item_depth() {
                    0 => Block::Plain,
                    d => Block::Item(d),
                };
                self.buf_block = block;
                if let Some(list) = self.lists.last_mut() {
                    if let Some(v) = value {
                        list.next = v;
                    }
                    if list.ordered {
                        let label = format!("{}.", format_counter(list.next, list.style));
                        self.pending = Some((label, origin, sub, block));
                        self.pending_implied = true;
                    } else if sub {
                        self.pending = Some((String::new(), origin, true, block));
                    }
                    list.next += 1;
                }
            }
            n if is_block(n) => {
                self.flush();
                if self.has_class(id, "lid") {
                    self.buf_block = Block::Lid;
                    self.lid_lists = self.open_lists();
                } else if n == "p" && self.item_depth() == 0 {
                    self.buf_block = Block::Paragraph;
                }
            }
            _ => {}
        }
        if self.buf.trim().is_empty() {
            self.buf_origin = origin;
        }
    }

    fn close(&mut self, id: usize) {
        let tree = self.tree;
        let name = tree.name(id);
        if let Some((region, first)) = self.region
            && region == id
        {
            self.flush();
            self.flush_label();
            self.region = None;
            if self.out.lines.len() == first {
                // nothing in it: no part starts here
                self.regions.pop();
            }
        }
        if self.row_depth > 0 {
            if name == "tr" {
                self.row_depth -= 1;
                self.cells.pop();
                if self.row_depth == 0 {
                    self.flush();
                }
            } else if self.is_label_span(id) {
                self.buf.push(' ');
            }
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading_depth = self.heading_depth.saturating_sub(1);
                self.buf_heading = self.heading_depth > 0;
            }
            "ol" | "ul" => {
                self.flush();
                self.flush_label();
                self.lists.pop();
                if self.open_lists() < self.lid_lists {
                    self.lid_lists = 0;
                }
            }
            "li" => {
                self.flush();
                self.flush_label();
            }
            n if is_block(n) => {
                // <div class="lidnr">1</div>: a bare number in a label element is a label.
                if self.has_label_class(id) && {
                    let text = collapse_ws(&self.buf);
                    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
                } {
                    self.buf.push('.');
                }
                self.flush()
            }
            _ => {
                if self.is_label_span(id) {
                    let label = self.tree.text_of(id, 20);
                    if self.heading_depth == 0
                        && label.chars().all(|c| c.is_ascii_digit())
                        && !label.is_empty()
                    {
                        self.buf.push('.');
                    }
                    self.buf.push(' ');
                } else if self.heading_depth > 0 && self.is_heading_part(id) {
                    // <span class="nr">2:28</span><span class="titel">…</span>
                    self.buf.push(' ');
                }
            }
        }
    }

    /// The lists open around the current node, outlines of headings left out.
    fn open_lists(&self) -> usize {
        self.lists.iter().filter(|l| !l.outline).count()
    }

    /// The depth of a list item opened now below its lid (or article): 0 when the list is
    /// the one that holds the lid.
    fn item_depth(&self) -> u8 {
        let depth = self.open_lists().saturating_sub(self.lid_lists);
        u8::try_from(depth).unwrap_or(u8::MAX)
    }

    /// Whether an element's class list holds `token`.
    fn has_class(&self, id: usize, token: &str) -> bool {
        self.tree
            .attr(id, "class")
            .is_some_and(|c| c.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
    }

    /// An inline element of a heading that holds its label, number or title.
    fn is_heading_part(&self, id: usize) -> bool {
        let class = ascii_lower(self.tree.attr(id, "class").unwrap_or(""));
        class.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| {
            [
                "label",
                "nr",
                "nummer",
                "number",
                "titel",
                "title",
                "opschrift",
            ]
            .iter()
            .any(|k| t.ends_with(k))
        })
    }

    fn in_layout_table(&self, tr: usize) -> bool {
        let mut p = self.tree.parent(tr);
        while let Some(id) = p {
            if self.tree.name(id) == "table" {
                return self.is_layout_table(id);
            }
            p = self.tree.parent(id);
        }
        false
    }

    /// An inline element that holds a lid or list number (`<span class="lidnr">1</span>`).
    fn is_label_span(&self, id: usize) -> bool {
        if !matches!(
            self.tree.name(id),
            "span" | "b" | "strong" | "em" | "i" | "sup"
        ) {
            return false;
        }
        self.has_label_class(id) && self.stats[id].text <= 6
    }

    /// Whether an element's class names a number or label ("lidnr", "li-nummer", "label").
    fn has_label_class(&self, id: usize) -> bool {
        let class = ascii_lower(self.tree.attr(id, "class").unwrap_or(""));
        self.stats[id].text <= 6
            && ["nr", "nummer", "label", "marker"].iter().any(|k| {
                class
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t.ends_with(k))
            })
    }

    fn list_ctx(&self, id: usize) -> ListCtx {
        let tree = self.tree;
        let ordered = tree.name(id) == "ol";
        let ty = tree.attr(id, "type").unwrap_or("1");
        let style_attr = tree.attr(id, "style").unwrap_or("").to_ascii_lowercase();
        let style = if style_attr.contains("lower-alpha") || style_attr.contains("lower-latin") {
            CounterStyle::LowerLetter
        } else if style_attr.contains("upper-alpha") || style_attr.contains("upper-latin") {
            CounterStyle::UpperLetter
        } else if style_attr.contains("lower-roman") {
            CounterStyle::LowerRoman
        } else if style_attr.contains("upper-roman") {
            CounterStyle::UpperRoman
        } else {
            match ty {
                "a" => CounterStyle::LowerLetter,
                "A" => CounterStyle::UpperLetter,
                "i" => CounterStyle::LowerRoman,
                "I" => CounterStyle::UpperRoman,
                _ => CounterStyle::Decimal,
            }
        };
        let no_marker = style_attr.contains("list-style:none")
            || style_attr.contains("list-style-type:none")
            || style_attr.replace(' ', "").contains("list-style-type:none")
            || style_attr.replace(' ', "").contains("list-style:none");
        let start = tree
            .attr(id, "start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let ordered = ordered && !no_marker;
        ListCtx {
            ordered,
            style,
            next: start,
            outline: false,
        }
    }

    fn flush(&mut self) {
        let cells = self.buf.contains(CELL);
        let text = if cells {
            let cells: Vec<String> = self.buf.split(CELL).map(str::to_string).collect();
            let joined = join_cells(&cells);
            self.buf_cells = cells;
            joined
        } else {
            collapse_ws(&self.buf)
        };
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let heading = self.buf_heading;
        let block = std::mem::replace(&mut self.buf_block, Block::Plain);
        let mut line = text;
        // A block holding only a label ("1.", "a.", "2°"): it leads the next line.
        let only_label = is_only_label(&line);
        if only_label && !heading && self.pending.is_none() {
            self.pending = Some((line, self.buf_origin, false, block));
            self.pending_implied = false;
            return;
        }
        let mark_of = |line: &str, block: Block| {
            if heading {
                Mark::Heading
            } else {
                block.mark(line)
            }
        };
        if let Some((label, origin, sub, label_block)) = self.pending.take() {
            let has_label = leading_label(&line).is_some();
            if !has_label && !label.is_empty() {
                line = format!("{label} {line}");
            }
            if sub {
                line = as_sub_item(&line);
            }
            let block = if label_block == Block::Plain {
                block
            } else {
                label_block
            };
            let mark = mark_of(&collapse_ws(&line), block);
            self.out
                .push_marked(collapse_ws(&line), origin.through(self.buf_origin), mark);
        } else if cells {
            let cells: Vec<String> = self.buf_cells.drain(..).collect();
            let mark = if heading {
                Mark::Heading
            } else {
                row_mark(&cells)
            };
            self.out
                .push_marked(collapse_ws(&line), self.buf_origin, mark);
        } else {
            let mark = mark_of(&line, block);
            self.out.push_marked(line, self.buf_origin, mark);
        }
    }

    /// A label whose item had no text of its own (the item holds only a nested list).
    fn flush_label(&mut self) {
        if let Some((label, origin, sub, block)) = self.pending.take()
            && !label.is_empty()
        {
            let label = if sub { as_sub_item(&label) } else { label };
            let mark = block.mark(&label);
            self.out.push_marked(collapse_ws(&label), origin, mark);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(html: &str) -> SourceText {
        read(html.as_bytes(), "test.html", &ParseOptions::default()).unwrap()
    }

    #[test]
    fn decodes_utf16_and_windows_1252_pages() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>Caf\u{e9}</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            read(&utf16, "a.html", &ParseOptions::default())
                .unwrap()
                .text,
            "Café"
        );
        let latin = read(
            b"<p>Caf\xE9 \x93x\x94</p>",
            "a.html",
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(latin.text, "Café “x”");
        assert_eq!(latin.warnings[0].kind, WarningKind::Encoding);
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("caf&eacute; &amp; &#233;&#xE9; &euro;5 &bogus; a&b"),
            "café & éé €5 &bogus; a&b"
        );
        assert_eq!(decode_entities("&#150;"), "–");
        assert_eq!(
            decode_entities("a &rArr; b &check; c &larr; d &minus;1 &le; 2"),
            "a ⇒ b ✓ c ← d −1 ≤ 2"
        );
    }

    #[test]
    fn skips_chrome_and_table_of_contents() {
        let html = r##"<!DOCTYPE html>
<html><head><title>APV Voorbeeldam</title>
<meta name="DCTERMS.creator" content="Gemeente Voorbeeldam">
<script>var x = "<p>Artikel 9 Script</p>";</script>
<style>p { color: red }</style></head>
<body>
<div id="cookie-banner"><p>Wij gebruiken cookies. Artikel 1 accepteren?</p></div>
<header><a href="/">Home</a> <a href="/zoek">Zoeken</a></header>
<nav class="menu"><ul><li><a href="/a">A</a></li></ul></nav>
<p class="crumbs">U bent hier: Home &gt; Regelgeving</p>
<p>Geldend van 01-01-2024 t/m heden</p>
<ul class="overzicht">
 <li><a href="#art1">Artikel 1 Begripsbepalingen</a></li>
 <li><a href="#art2">Artikel 2 Vergunning</a></li>
 <li><a href="#art3">Artikel 3 Vervallen</a></li>
</ul>
<h1>Algemene plaatselijke verordening Voorbeeldam</h1>
<h2>Hoofdstuk 1 Algemene bepalingen</h2>
<h3 id="art1">Artikel 1 Begripsbepalingen</h3>
<p>In deze verordening wordt verstaan onder:</p>
<ol type="a"><li>college: het college van burgemeester en wethouders;</li>
<li>weg: de openbare weg, waaronder:<ol><li>het trottoir;</li><li>de berm.</li></ol></li></ol>
<h3 id="art2">Artikel 2<br>Vergunning</h3>
<p><span class="lidnr">1</span>Het is verboden zonder vergunning een evenement te organiseren.</p>
<p>2. De burgemeester beslist binnen acht weken.</p>
<h3 id="art3">Artikel 3</h3><p>[Vervallen]</p>
<table><tr><th>Zone</th><th>Tijd</th></tr><tr><td>A</td><td>01.00 uur</td></tr></table>
<footer><p>Artikel 99 Colofon</p></footer>
</body></html>"##;
        let src = render(html);
        let lines: Vec<&str> = src.text.lines().collect();
        assert_eq!(
            lines,
            [
                "Geldend van 01-01-2024 t/m heden",
                "Algemene plaatselijke verordening Voorbeeldam",
                "Hoofdstuk 1 Algemene bepalingen",
                "Artikel 1 Begripsbepalingen",
                "In deze verordening wordt verstaan onder:",
                "a. college: het college van burgemeester en wethouders;",
                "b. weg: de openbare weg, waaronder:",
                "1° het trottoir;",
                "2° de berm.",
                "Artikel 2 Vergunning",
                "1. Het is verboden zonder vergunning een evenement te organiseren.",
                "2. De burgemeester beslist binnen acht weken.",
                "Artikel 3",
                "[Vervallen]",
                "Zone | Tijd",
                "A | 01.00 uur",
            ]
        );
        assert_eq!(src.metadata.municipality.as_deref(), Some("Voorbeeldam"));
        assert_eq!(src.metadata.valid_from.as_deref(), Some("2024-01-01"));
        assert_eq!(
            src.metadata.title.as_deref(),
            Some("Algemene plaatselijke verordening Voorbeeldam")
        );
        assert_eq!(
            municipality_in_title("Gemeente Bergakker - APV").as_deref(),
            Some("Bergakker")
        );
        assert_eq!(
            municipality_in_title("Gemeenteblad van Meerzicht | 2023").as_deref(),
            Some("Meerzicht")
        );
        assert_eq!(
            municipality_in_title("De gemeente is bevoegd om veel te doen"),
            None
        );
        // "Artikel 1 Begripsbepalingen" (the heading) is on line 19 of the page.
        let i = lines
            .iter()
            .position(|l| *l == "Artikel 1 Begripsbepalingen")
            .unwrap();
        assert_eq!(src.line_origin[i], 19);
    }

    #[test]
    fn a_list_of_links_to_laws_is_regulation_text() {
        let src = render(
            "<h3>Artikel 1 Grondslag</h3><p>Deze verordening berust op:</p><ol type=\"a\">\
             <li><a href=\"https://wetten.example/gw\">de Gemeentewet</a></li>\
             <li><a href=\"https://wetten.example/ak\">de Alcoholwet</a></li>\
             <li><a href=\"https://wetten.example/ow\">de Opiumwet</a></li></ol>",
        );
        assert!(
            src.text
                .ends_with("a. de Gemeentewet\nb. de Alcoholwet\nc. de Opiumwet"),
            "{}",
            src.text
        );
    }

    #[test]
    fn a_table_of_contents_without_links_is_a_table_of_contents() {
        // The reader keeps the lines; the one table-of-contents detector (the structure
        // builder's) finds them.
        let html = "<p>Inhoud</p><p>Artikel 1 Begrippen</p><p>Artikel 2 Vergunning</p><p>Artikel 3 Slot</p>\
            <h3>Artikel 1 Begrippen</h3><p>Tekst een.</p><h3>Artikel 2 Vergunning</h3><p>Tekst twee.</p>\
            <h3>Artikel 3 Slot</h3><p>Tekst drie.</p>";
        let doc = crate::parse_bytes(html.as_bytes(), "toc.html", &ParseOptions::default())
            .expect("parses");
        assert_eq!(doc.articles().count(), 3);
        assert_eq!(doc.node(doc.roots[0]).kind, crate::NodeKind::Toc);
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn ordered_lists_imply_labels_with_start_and_value() {
        let src = render(
            "<ol start=\"3\"><li>drie</li><li value=\"7\">zeven</li><li>acht</li></ol><ol type=\"A\"><li>x</li></ol>",
        );
        assert_eq!(src.text, "3. drie\n7. zeven\n8. acht\nA. x");
    }

    #[test]
    fn deeply_nested_html_does_not_crash() {
        let mut html = String::new();
        for _ in 0..100_000 {
            html.push_str("<div>");
        }
        html.push_str("<p>Artikel 1 Diep</p>");
        for _ in 0..100_000 {
            html.push_str("</div>");
        }
        let src = render(&html);
        assert_eq!(src.text, "Artikel 1 Diep");
        // Unclosed tags and stray brackets are tolerated too.
        let src = render("<p>a < b & c<p>tweede <b>vet");
        assert_eq!(src.text, "a < b & c\ntweede vet");
    }

    #[test]
    fn size_is_bounded() {
        let opts = ParseOptions {
            max_file_size: 10,
            ..ParseOptions::default()
        };
        let e = read(b"<p>Artikel 1 lang genoeg</p>", "x.html", &opts).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TooLarge { .. }));
    }

    #[test]
    fn lists_laid_out_as_tables_and_footnote_references() {
        let src = render(
            "<h3>Artikel 5 Titel<sup><a href=\"#n1\">1</a></sup></h3>\
             <table><tr><td>1.</td><td><p>Het is verboden.</p></td></tr>\
             <tr><td>2.</td><td>De burgemeester:</td></tr><tr><td></td><td>a.</td><td>beslist.</td></tr></table>",
        );
        assert_eq!(
            src.text,
            "Artikel 5 Titel\n1. Het is verboden.\n2. De burgemeester:\na. beslist."
        );
    }

    #[test]
    fn only_label_agrees_with_leading_label_on_the_whole_line() {
        for line in [
            "1.",
            "12.",
            "123.",
            "1234.",
            "1a.",
            "3°",
            "a.",
            "bb.",
            "abc.",
            "1.2",
            "a. de",
            "2° x",
            "Artikel",
            "",
            "1234567890123456.",
            "aa.aa.aa.aa.aa.aa.",
        ] {
            let full = leading_label(&format!("{line} x")).is_some_and(|(_, n)| n == line.len());
            assert_eq!(is_only_label(line), full, "{line:?}");
        }
    }

    #[test]
    fn a_label_in_a_block_of_its_own_leads_the_next_line() {
        let src = render(
            "<h3>Artikel 2 Titel</h3><div class=\"lid\"><div class=\"lidnr\">1</div><p>Het is verboden.</p></div>\
             <p>2.</p><p>De burgemeester beslist:</p><dl><dt>a.</dt><dd>binnen acht weken;</dd></dl>\
             <p>b.</p><h3>Artikel 3</h3>",
        );
        assert_eq!(
            src.text,
            "Artikel 2 Titel\n1. Het is verboden.\n2. De burgemeester beslist:\na. binnen acht weken;\nb.\nArtikel 3"
        );
    }

    #[test]
    fn headings_split_into_spans() {
        let src = render(
            "<h4><span class=\"label\">Artikel</span><span class=\"nr\">30</span><span class=\"titel\">Slot</span></h4>",
        );
        assert_eq!(src.text, "Artikel 30 Slot");
    }

    #[test]
    fn a_numbered_list_inside_a_numbered_list_holds_sub_onderdelen() {
        let src = render(
            "<ol><li>Verboden is:<ol><li>venten;</li><li>colporteren.</li></ol></li><li>Slot.</li></ol>",
        );
        assert_eq!(
            src.text,
            "1. Verboden is:\n1° venten;\n2° colporteren.\n2. Slot."
        );
    }

    #[test]
    fn an_outline_list_around_headings_adds_no_numbers() {
        let src = render(
            "<ol><li><h3>Artikel 1 Een</h3><ol><li>Eerste lid.</li><li>Tweede lid.</li></ol></li>\
            <li><h3>Artikel 2 Twee</h3><p>Tekst.</p></li></ol>",
        );
        assert_eq!(
            src.text,
            "Artikel 1 Een\n1. Eerste lid.\n2. Tweede lid.\nArtikel 2 Twee\nTekst."
        );
    }

    #[test]
    fn layout_tables_are_read_as_blocks() {
        let src = render(
            "<table><tr><td><h3>Artikel 1 Titel</h3><p>1. Eerste lid.</p></td></tr></table>",
        );
        assert_eq!(src.text, "Artikel 1 Titel\n1. Eerste lid.");
    }

    #[test]
    fn a_node_owns_no_allocation_and_stays_small() {
        // Hostile pages of millions of tiny elements: memory per node is what bounds them.
        assert!(std::mem::size_of::<HNode>() <= 64);
        assert!(std::mem::size_of::<Stats>() <= 36);
    }

    #[test]
    fn each_element_keeps_its_own_attributes_up_to_64() {
        let many: String = (0..100).map(|k| format!(" a{k}=\"{k}\"")).collect();
        let page = format!("<p{many}>x</p><div class=\"lid\" id=d>y</div><title lang=nl>T</title>");
        let tree = Tree::parse(&page, MAX_NODES).unwrap();
        let id = |name: &str| tree.elements().find(|&i| tree.name(i) == name).unwrap();
        let (p, div, title) = (id("p"), id("div"), id("title"));
        assert_eq!(tree.attr(p, "a0"), Some("0"));
        assert_eq!(tree.attr(p, "a63"), Some("63"));
        assert_eq!(tree.attr(p, "a64"), None);
        assert_eq!(tree.attr(p, "class"), None);
        assert_eq!(tree.attr(div, "class"), Some("lid"));
        assert_eq!(tree.attr(div, "id"), Some("d"));
        assert_eq!(tree.attr(div, "a0"), None);
        assert_eq!(tree.attr(title, "lang"), Some("nl"));
        assert!(!tree.has_attrs(tree.first_child(p).unwrap()));
    }

    #[test]
    fn pages_with_too_many_nodes_are_refused_in_one_line() {
        let page = format!("<html><body>{}</body></html>", "<p>Tekst.</p>".repeat(60));
        // 3 + 60 × 2 = 123 nodes (the root, html, body, each p and its text).
        assert!(Tree::parse(&page, 200).is_ok());
        assert_eq!(Tree::parse(&page, 100).err(), Some(TooManyNodes(100)));
        let e =
            read_limited(page.as_bytes(), "groot.html", &ParseOptions::default(), 100).unwrap_err();
        let message = e.to_string();
        assert!(message.starts_with("groot.html: damaged HTML: more than 100 elements"));
        assert!(!message.contains('\n'));
    }

    #[test]
    fn the_tree_walk_visits_every_node_in_document_order() {
        let page = "<div><p>a<b>b</b>c</p><ul><li>d<li>e</ul><br>f</div><p>g";
        let tree = Tree::parse(page, MAX_NODES).unwrap();
        // Text of the whole tree and of a subtree, as a recursive walk would give it.
        fn recursive(tree: &Tree, id: usize, out: &mut String) {
            match &tree.nodes[id].kind {
                Kind::Text(t) => out.push_str(t),
                Kind::Element { name } => {
                    out.push_str(&format!("<{name}>"));
                    let mut c = tree.first_child(id);
                    while let Some(child) = c {
                        recursive(tree, child, out);
                        c = tree.next_sibling(child);
                    }
                    out.push_str(&format!("</{name}>"));
                }
            }
        }
        for top in 0..tree.nodes.len() {
            let mut expected = String::new();
            recursive(&tree, top, &mut expected);
            let mut walked = String::new();
            let mut at = Some(top);
            while let Some(id) = at {
                let descend = match &tree.nodes[id].kind {
                    Kind::Text(t) => {
                        walked.push_str(t);
                        false
                    }
                    Kind::Element { name } => {
                        walked.push_str(&format!("<{name}>"));
                        true
                    }
                };
                at = tree.next_in(top, id, descend, |closed| {
                    walked.push_str(&format!("</{}>", tree.name(closed)));
                });
            }
            assert_eq!(walked, expected, "subtree of node {top}");
        }
    }

    #[test]
    fn non_space_chars_counts_as_char_is_whitespace_does() {
        let ascii: String = (0u8..128).map(char::from).collect();
        for t in [
            ascii.as_str(),
            "a\u{b}b\u{c}c\u{1c}d",
            "geen\u{a0}spatie\u{2003}hier\u{3000}",
            "Artikel 2:28 \t Exploitatievergunning\r\n",
        ] {
            let expected = t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(non_space_chars(t) as usize, expected, "{t:?}");
        }
    }
}
