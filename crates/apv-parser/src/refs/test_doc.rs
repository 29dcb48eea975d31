//! A tiny outline reader for unit tests of the annotation layers: it builds a [`Document`]
//! from lines such as `Hoofdstuk 2 Titel`, `Afdeling 1 Titel`, `Artikel 2:28 Titel`, `1. lid`,
//! `a. onderdeel`, independently of the real structure builder, so these layers can be tested
//! on exactly the tree they are given.

use crate::model::{Document, InputForm, Metadata, Node, NodeId, NodeKind, Span};

fn kind_rank(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::Chapter => 1,
        NodeKind::Section => 2,
        NodeKind::Paragraph => 3,
        NodeKind::Article => 4,
        NodeKind::Member => 5,
        NodeKind::Item => 6,
        _ => 7,
    }
}

/// Build a document from outline lines (see the module docs). Every line ends with `\n`.
pub(crate) fn outline(src: &str) -> Document {
    let mut text = String::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots = Vec::new();
    let mut stack: Vec<NodeId> = Vec::new();
    let mut line_starts = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let start = text.len();
        line_starts.push(start);
        text.push_str(line);
        text.push('\n');
        let end = text.len();
        let heading = |prefix: &str, kind| {
            let rest = line.strip_prefix(prefix)?;
            let (num, title) = rest.split_once(' ').unwrap_or((rest, ""));
            Some((kind, num.to_string(), Some(title.to_string()), true))
        };
        let numbered = || {
            let (num, _) = line.split_once(". ")?;
            if num.chars().all(|c| c.is_ascii_digit()) && !num.is_empty() {
                Some((NodeKind::Member, num.to_string(), None, false))
            } else if num.len() == 1 && num.chars().all(|c| c.is_ascii_lowercase()) {
                Some((NodeKind::Item, num.to_string(), None, false))
            } else {
                None
            }
        };
        let found = heading("Hoofdstuk ", NodeKind::Chapter)
            .or_else(|| heading("Afdeling ", NodeKind::Section))
            .or_else(|| heading("Paragraaf ", NodeKind::Paragraph))
            .or_else(|| heading("Artikel ", NodeKind::Article))
            .or_else(numbered);
        let Some((kind, number, title, is_heading)) = found else {
            // Body text of the node on top of the stack.
            for &id in &stack {
                nodes[id.index()].span.end = end;
            }
            continue;
        };
        while let Some(&top) = stack.last() {
            if kind_rank(nodes[top.index()].kind) >= kind_rank(kind) {
                stack.pop();
            } else {
                break;
            }
        }
        let id = NodeId(nodes.len() as u32);
        let parent = stack.last().copied();
        let number = if kind == NodeKind::Article {
            crate::refs::normalize_article_number(&number)
        } else {
            number
        };
        nodes.push(Node {
            kind,
            number: Some(number.clone()),
            raw_number: Some(number),
            title: title.filter(|t| !t.is_empty()),
            repealed: false,
            span: Span::new(start, end),
            heading: is_heading.then(|| Span::new(start, end)),
            line: n as u32 + 1,
            parent,
            children: Vec::new(),
        });
        match parent {
            Some(p) => nodes[p.index()].children.push(id),
            None => roots.push(id),
        }
        for &a in &stack {
            nodes[a.index()].span.end = end;
        }
        stack.push(id);
    }
    let line_origin = (1..=line_starts.len() as u32).collect();
    Document {
        form: InputForm::Text,
        source_basis: Default::default(),
        metadata: Metadata::default(),
        text,
        nodes,
        roots,
        references: Vec::new(),
        definitions: Vec::new(),
        warnings: Vec::new(),
        line_starts,
        line_origin,
        line_source: Vec::new(),
    }
}
