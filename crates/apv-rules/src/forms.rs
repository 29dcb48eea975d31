//! Rule examples in every input form: the plain text of an example written as Markdown, CVDR
//! XML, an HTML page and a Word .docx, the way those forms state structure (headings, `kop`
//! elements, heading styles), so that `apv rules test` checks each rule through every reader.
//!
//! An example text is plain text with one structural line per heading ("Hoofdstuk 2 …",
//! "Afdeling 8 …", "Paragraaf 1 …", "Artikel 2:28 Exploitatie …"), a lid per line ("1. …"),
//! an onderdeel per line ("a. …"), a table as Markdown pipe rows (`| Horeca | ja |`, a
//! `|---|` row after the first makes it the header); other lines are paragraphs. A table
//! becomes what each form makes of one: a Markdown pipe table, an HTML `table`, a CVDR
//! `table` of `row`s and `entry`s, a Word `w:tbl`, and in plain text the columns laid out with
//! spaces the way `pdftotext -layout` prints a table of a PDF.

use std::io::Write;

/// The forms an example is run through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleForm {
    /// The text as written.
    Text,
    /// Markdown with `#` headings.
    Markdown,
    /// CVDR XML (hoofdstuk, afdeling, artikel with `kop`, lid, lijst).
    CvdrXml,
    /// An HTML page with `h1`–`h4` headings and a paragraph per lid.
    Html,
    /// A Word .docx with heading styles.
    Docx,
}

impl ExampleForm {
    /// Every form, plain text first.
    pub const ALL: [ExampleForm; 5] = [
        ExampleForm::Text,
        ExampleForm::Markdown,
        ExampleForm::CvdrXml,
        ExampleForm::Html,
        ExampleForm::Docx,
    ];

    /// Short name for reports (`text`, `markdown`, `cvdr-xml`, `html`, `docx`).
    pub fn name(self) -> &'static str {
        match self {
            ExampleForm::Text => "text",
            ExampleForm::Markdown => "markdown",
            ExampleForm::CvdrXml => "cvdr-xml",
            ExampleForm::Html => "html",
            ExampleForm::Docx => "docx",
        }
    }

    /// The file extension the parser sees.
    pub fn extension(self) -> &'static str {
        match self {
            ExampleForm::Text => "txt",
            ExampleForm::Markdown => "md",
            ExampleForm::CvdrXml => "xml",
            ExampleForm::Html => "html",
            ExampleForm::Docx => "docx",
        }
    }
}

/// One line of an example, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line<'a> {
    /// A heading: depth (1 hoofdstuk, 2 afdeling, 3 paragraaf, 4 artikel), label, number,
    /// title.
    Heading {
        depth: u8,
        label: &'a str,
        nr: &'a str,
        title: &'a str,
    },
    /// A lid: number as written ("1.") and text.
    Member(&'a str, &'a str),
    /// An onderdeel: label as written ("a.") and text.
    Item(&'a str, &'a str),
    /// A row of a table: its cells.
    Row(Vec<&'a str>),
    /// A Markdown separator row (`|---|---|`): the row before it is the header.
    RowSep,
    /// Any other text.
    Para(&'a str),
}

/// The cells of a Markdown pipe row, `None` for any other line.
fn row_cells(t: &str) -> Option<Vec<&str>> {
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
    if let Some(cells) = row_cells(t) {
        let separator = cells
            .iter()
            .all(|c| !c.is_empty() && c.bytes().all(|b| matches!(b, b'-' | b':')));
        return if separator {
            Line::RowSep
        } else {
            Line::Row(cells)
        };
    }
    let (first, rest) = t.split_once(' ').unwrap_or((t, ""));
    let depth = match first.to_ascii_lowercase().as_str() {
        "hoofdstuk" => Some(1),
        "afdeling" => Some(2),
        "paragraaf" | "§" => Some(3),
        "artikel" | "art." => Some(4),
        _ => None,
    };
    if let Some(depth) = depth {
        let (nr, title) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
        if nr.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
            return Line::Heading {
                depth,
                label: first,
                nr,
                title: title.trim(),
            };
        }
    }
    let marker = first.trim_end_matches(['.', ')', '°']);
    if !rest.is_empty() && marker.len() < first.len() && !marker.is_empty() && marker.len() <= 3 {
        if marker.chars().all(|c| c.is_ascii_digit())
            || (marker.len() > 1
                && marker.chars().next().is_some_and(|c| c.is_ascii_digit())
                && marker[1..].chars().all(|c| c.is_ascii_lowercase()))
        {
            return Line::Member(first, rest.trim());
        }
        if marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase()) {
            return Line::Item(first, rest.trim());
        }
    }
    Line::Para(t)
}

fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(classify)
        .collect()
}

/// A line, or a table of consecutive rows.
enum Block<'a> {
    Line(Line<'a>),
    Table(Table<'a>),
}

/// The rows of a table.
struct Table<'a> {
    rows: Vec<Vec<&'a str>>,
    /// The first row is a header (a separator row followed it).
    header: bool,
}

impl Table<'_> {
    /// The number of columns (of the widest row).
    fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cells of row `r`, filled up to the number of columns.
    fn cells(&self, r: usize) -> impl Iterator<Item = &str> {
        let row = &self.rows[r];
        (0..self.columns()).map(move |c| row.get(c).copied().unwrap_or(""))
    }

    /// The text of row `r` when it is one cell spanning the table (a section row:
    /// "| Vergunningen |"), which the markup forms write as one cell across every column.
    fn spanning(&self, r: usize) -> Option<&str> {
        match self.rows[r].as_slice() {
            [one] if self.columns() > 1 && r > 0 => Some(one),
            _ => None,
        }
    }
}

/// The lines of an example with its rows gathered into tables.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block<'_>> = Vec::new();
    for l in lines(text) {
        match (l, out.last_mut()) {
            (Line::Row(cells), Some(Block::Table(t))) => t.rows.push(cells),
            (Line::Row(cells), _) => out.push(Block::Table(Table {
                rows: vec![cells],
                header: false,
            })),
            (Line::RowSep, Some(Block::Table(t))) => t.header |= t.rows.len() == 1,
            (Line::RowSep, _) => {}
            (l, _) => out.push(Block::Line(l)),
        }
    }
    out
}

/// A table laid out with spaces, as `pdftotext -layout` prints one: each column as wide as
/// its widest cell, columns three spaces apart.
fn layout_table(t: &Table<'_>) -> String {
    let n = t.columns();
    let width: Vec<usize> = (0..n)
        .map(|c| {
            (t.rows.iter())
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in 0..t.rows.len() {
        let mut line = String::new();
        for (c, cell) in t.cells(r).enumerate() {
            line.push_str(cell);
            if c + 1 < n {
                let pad = width[c] - cell.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn heading_text(label: &str, nr: &str, title: &str) -> String {
    if title.is_empty() {
        format!("{label} {nr}")
    } else {
        format!("{label} {nr} {title}")
    }
}

/// Writes an example text in `form`.
pub fn render(text: &str, form: ExampleForm) -> Vec<u8> {
    match form {
        ExampleForm::Text => plain(text).into_bytes(),
        ExampleForm::Markdown => markdown(text).into_bytes(),
        ExampleForm::CvdrXml => cvdr(text).into_bytes(),
        ExampleForm::Html => html(text).into_bytes(),
        ExampleForm::Docx => docx(text),
    }
}

/// The text as written, its tables laid out with spaces.
fn plain(text: &str) -> String {
    if !text.lines().any(|l| row_cells(l.trim()).is_some()) {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rows: Vec<&str> = Vec::new();
    let flush = |out: &mut String, rows: &mut Vec<&str>| {
        if !rows.is_empty() {
            let joined = rows.join("\n");
            for b in blocks(&joined) {
                if let Block::Table(t) = b {
                    out.push_str(&layout_table(&t));
                }
            }
            rows.clear();
        }
    };
    for line in text.lines() {
        if row_cells(line.trim()).is_some() {
            rows.push(line);
            continue;
        }
        flush(&mut out, &mut rows);
        out.push_str(line);
        out.push('\n');
    }
    flush(&mut out, &mut rows);
    out
}

fn markdown(text: &str) -> String {
    let mut out = String::new();
    for b in blocks(text) {
        let l = match b {
            Block::Line(l) => l,
            Block::Table(t) => {
                for r in 0..t.rows.len() {
                    out.push_str("| ");
                    out.push_str(&t.cells(r).collect::<Vec<_>>().join(" | "));
                    out.push_str(" |\n");
                    if r == 0 {
                        out.push_str(&"|---".repeat(t.columns()));
                        out.push_str("|\n");
                    }
                }
                out.push('\n');
                continue;
            }
        };
        match l {
            Line::Heading {
                depth,
                label,
                nr,
                title,
            } => {
                out.push_str(&"#".repeat(depth as usize + 1));
                out.push(' ');
                out.push_str(&heading_text(label, nr, title));
            }
            Line::Member(n, t) => out.push_str(&format!("{n} {t}")),
            Line::Item(n, t) => out.push_str(&format!("   {n} {t}")),
            Line::Para(t) => out.push_str(t),
            Line::Row(_) | Line::RowSep => {}
        }
        out.push_str("\n\n");
    }
    out
}

fn html(text: &str) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Regeling</title></head><body><main>\n",
    );
    for b in blocks(text) {
        let l = match b {
            Block::Line(l) => l,
            Block::Table(t) => {
                out.push_str("<table>\n");
                for r in 0..t.rows.len() {
                    let cell = if t.header && r == 0 { "th" } else { "td" };
                    if t.header && r == 0 {
                        out.push_str("<thead>");
                    } else if r == usize::from(t.header) {
                        out.push_str("<tbody>");
                    }
                    out.push_str("<tr>");
                    if let Some(text) = t.spanning(r) {
                        out.push_str(&format!(
                            "<td colspan=\"{}\">{}</td>",
                            t.columns(),
                            esc(text)
                        ));
                    }
                    for c in t.cells(r).filter(|_| t.spanning(r).is_none()) {
                        out.push_str(&format!("<{cell}>{}</{cell}>", esc(c)));
                    }
                    out.push_str("</tr>");
                    if t.header && r == 0 {
                        out.push_str("</thead>");
                    }
                    out.push('\n');
                }
                if t.rows.len() > usize::from(t.header) {
                    out.push_str("</tbody>");
                }
                out.push_str("</table>\n");
                continue;
            }
        };
        match l {
            Line::Heading {
                depth,
                label,
                nr,
                title,
            } => {
                let h = depth + 1;
                out.push_str(&format!(
                    "<h{h}>{}</h{h}>\n",
                    esc(&heading_text(label, nr, title))
                ));
            }
            Line::Member(n, t) | Line::Item(n, t) => {
                out.push_str(&format!("<p>{} {}</p>\n", esc(n), esc(t)));
            }
            Line::Para(t) => out.push_str(&format!("<p>{}</p>\n", esc(t))),
            Line::Row(_) | Line::RowSep => {}
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

fn cvdr(text: &str) -> String {
    const UNITS: [&str; 4] = ["hoofdstuk", "afdeling", "paragraaf", "artikel"];
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cvdr xmlns=\"https://standaarden.overheid.nl/cvdr/terms/\"><body><regeling><regeling-tekst>\n",
    );
    // Open structural elements, by depth; and whether a lid or list is open.
    let mut open: Vec<u8> = Vec::new();
    let mut lid_open = false;
    let mut list_open = false;
    let close_list = |out: &mut String, list_open: &mut bool| {
        if *list_open {
            out.push_str("</lijst>\n");
            *list_open = false;
        }
    };
    let close_lid = |out: &mut String, lid_open: &mut bool, list_open: &mut bool| {
        close_list(out, list_open);
        if *lid_open {
            out.push_str("</lid>\n");
            *lid_open = false;
        }
    };
    for b in blocks(text) {
        let l = match b {
            Block::Line(l) => l,
            Block::Table(t) => {
                close_list(&mut out, &mut list_open);
                out.push_str(&format!("<table><tgroup cols=\"{}\">", t.columns()));
                for r in 0..t.rows.len() {
                    if t.header && r == 0 {
                        out.push_str("<thead>");
                    } else if r == usize::from(t.header) {
                        out.push_str("<tbody>");
                    }
                    out.push_str("<row>");
                    if let Some(text) = t.spanning(r) {
                        out.push_str(&format!(
                            "<entry namest=\"c1\" nameend=\"c{}\">{}</entry>",
                            t.columns(),
                            esc(text)
                        ));
                    }
                    for c in t.cells(r).filter(|_| t.spanning(r).is_none()) {
                        out.push_str(&format!("<entry>{}</entry>", esc(c)));
                    }
                    out.push_str("</row>");
                    if t.header && r == 0 {
                        out.push_str("</thead>");
                    }
                }
                if t.rows.len() > usize::from(t.header) {
                    out.push_str("</tbody>");
                }
                out.push_str("</tgroup></table>\n");
                continue;
            }
        };
        match l {
            Line::Heading {
                depth,
                label,
                nr,
                title,
            } => {
                close_lid(&mut out, &mut lid_open, &mut list_open);
                while open.last().is_some_and(|&d| d >= depth) {
                    let d = open.pop().unwrap_or(1);
                    out.push_str(&format!("</{}>\n", UNITS[d as usize - 1]));
                }
                out.push_str(&format!(
                    "<{}><kop><label>{}</label><nr>{}</nr>{}</kop>\n",
                    UNITS[depth as usize - 1],
                    esc(label),
                    esc(nr),
                    if title.is_empty() {
                        String::new()
                    } else {
                        format!("<titel>{}</titel>", esc(title))
                    }
                ));
                open.push(depth);
            }
            Line::Member(n, t) if open.last() == Some(&4) => {
                close_lid(&mut out, &mut lid_open, &mut list_open);
                out.push_str(&format!(
                    "<lid><lidnr>{}</lidnr><al>{}</al>\n",
                    esc(n),
                    esc(t)
                ));
                lid_open = true;
            }
            Line::Item(n, t) => {
                if !list_open {
                    out.push_str("<lijst type=\"expliciet\">\n");
                    list_open = true;
                }
                out.push_str(&format!(
                    "<li><li.nr>{}</li.nr><al>{}</al></li>\n",
                    esc(n),
                    esc(t)
                ));
            }
            Line::Member(n, t) => {
                close_list(&mut out, &mut list_open);
                out.push_str(&format!("<al>{} {}</al>\n", esc(n), esc(t)));
            }
            Line::Para(t) => {
                close_list(&mut out, &mut list_open);
                out.push_str(&format!("<al>{}</al>\n", esc(t)));
            }
            Line::Row(_) | Line::RowSep => {}
        }
    }
    close_lid(&mut out, &mut lid_open, &mut list_open);
    while let Some(d) = open.pop() {
        out.push_str(&format!("</{}>\n", UNITS[d as usize - 1]));
    }
    out.push_str("</regeling-tekst></regeling></body></cvdr>\n");
    out
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx(text: &str) -> Vec<u8> {
    let para = |style: Option<String>, t: &str| {
        let ppr = style
            .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
            .unwrap_or_default();
        format!(
            "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(t)
        )
    };
    let mut body = String::new();
    for b in blocks(text) {
        let l = match b {
            Block::Line(l) => l,
            Block::Table(t) => {
                body.push_str("<w:tbl>");
                for r in 0..t.rows.len() {
                    body.push_str("<w:tr>");
                    if let Some(text) = t.spanning(r) {
                        body.push_str(&format!(
                            "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/></w:tcPr>{}</w:tc>",
                            t.columns(),
                            para(None, text)
                        ));
                    }
                    for c in t.cells(r).filter(|_| t.spanning(r).is_none()) {
                        body.push_str("<w:tc>");
                        body.push_str(&para(None, c));
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
                continue;
            }
        };
        body.push_str(&match l {
            Line::Heading {
                depth,
                label,
                nr,
                title,
            } => para(Some(format!("Kop{depth}")), &heading_text(label, nr, title)),
            Line::Member(n, t) | Line::Item(n, t) => para(None, &format!("{n} {t}")),
            Line::Para(t) => para(None, t),
            Line::Row(_) | Line::RowSep => String::new(),
        });
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\">{}</w:styles>",
        (1..=4)
            .map(|i| format!(
                "<w:style w:type=\"paragraph\" w:styleId=\"Kop{i}\"><w:name w:val=\"heading {i}\"/></w:style>"
            ))
            .collect::<String>()
    );
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>".into(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".into(),
        ),
        ("word/document.xml", document),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>".into(),
        ),
        ("word/styles.xml", styles),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        // Writing to memory cannot fail.
        let _ = zip.start_file(name, opts);
        let _ = zip.write_all(content.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Hoofdstuk 2 Openbare orde\nAfdeling 12 Bijzondere maatregelen\nArtikel 2:80 Sluiting gebouwen\n1. De burgemeester kan sluiten als:\na. wapens aanwezig zijn;\nb. drugs worden verkocht.\n2. Hij maakt het bekend.\n";

    #[test]
    fn lines_are_classified() {
        assert_eq!(
            classify("Artikel 2:80 Sluiting gebouwen"),
            Line::Heading {
                depth: 4,
                label: "Artikel",
                nr: "2:80",
                title: "Sluiting gebouwen"
            }
        );
        assert_eq!(
            classify("1. De burgemeester"),
            Line::Member("1.", "De burgemeester")
        );
        assert_eq!(classify("2a. Nieuw lid"), Line::Member("2a.", "Nieuw lid"));
        assert_eq!(classify("b. drugs"), Line::Item("b.", "drugs"));
        assert_eq!(classify("De tekst."), Line::Para("De tekst."));
    }

    #[test]
    fn a_table_is_a_table_in_every_form() {
        const TABLE: &str = "Artikel 2 Reikwijdte\n1. De wet wordt toegepast volgens de tabel.\n| Branche | Standaard | Facultatief |\n|---|---|---|\n| Horecabedrijven | x | |\n| Coffeeshops | | x |\nArtikel 3 Slot\n1. Dit treedt in werking.\n";
        for form in ExampleForm::ALL {
            let bytes = render(TABLE, form);
            let name = format!("voorbeeld.{}", form.extension());
            let doc = apv_parser::parse_bytes(&bytes, &name, &apv_parser::ParseOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", form.name()));
            // (a reader may keep an empty last cell: "Horecabedrijven | x |")
            let lines: Vec<&str> = doc
                .text
                .lines()
                .map(|l| l.trim_end_matches(['|', ' ']))
                .collect();
            for row in [
                "Branche | Standaard | Facultatief",
                "Horecabedrijven | x",
                "Coffeeshops | | x",
            ] {
                assert!(
                    lines.contains(&row),
                    "{}: {row:?} in {lines:?}",
                    form.name()
                );
            }
            // the rows are neither leden nor onderdelen of article 2
            let art = doc.articles().next().expect("article 2");
            let parts = doc.node(art).children.len();
            assert_eq!(parts, 1, "{}", form.name());
        }
    }

    #[test]
    fn every_form_parses_to_the_same_articles_and_leden() {
        for form in ExampleForm::ALL {
            let bytes = render(TEXT, form);
            let name = format!("voorbeeld.{}", form.extension());
            let doc = apv_parser::parse_bytes(&bytes, &name, &apv_parser::ParseOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", form.name()));
            let arts: Vec<_> = doc.articles().collect();
            assert_eq!(arts.len(), 1, "{}", form.name());
            let a = doc.node(arts[0]);
            assert_eq!(a.number.as_deref(), Some("2:80"), "{}", form.name());
            assert_eq!(
                a.title.as_deref(),
                Some("Sluiting gebouwen"),
                "{}",
                form.name()
            );
            let leden = a
                .children
                .iter()
                .filter(|&&c| doc.node(c).kind == apv_parser::NodeKind::Member)
                .count();
            assert_eq!(leden, 2, "{}", form.name());
        }
    }
}
