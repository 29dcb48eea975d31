//! Rule examples in every input form: the plain text of an example written as Markdown, CVDR
//! XML, an HTML page and a Word .docx, the way those forms state structure (headings, `kop`
//! elements, heading styles), so that `apv rules test` checks each rule through every reader.
//!
//! An example text is plain text with one structural line per heading ("Hoofdstuk 2 …",
//! "Afdeling 8 …", "Paragraaf 1 …", "Artikel 2:28 Exploitatie …"), a lid per line ("1. …"),
//! an onderdeel per line ("a. …"); other lines are paragraphs.

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
    /// Any other text.
    Para(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
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
        ExampleForm::Text => text.as_bytes().to_vec(),
        ExampleForm::Markdown => markdown(text).into_bytes(),
        ExampleForm::CvdrXml => cvdr(text).into_bytes(),
        ExampleForm::Html => html(text).into_bytes(),
        ExampleForm::Docx => docx(text),
    }
}

fn markdown(text: &str) -> String {
    let mut out = String::new();
    for l in lines(text) {
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
        }
        out.push_str("\n\n");
    }
    out
}

fn html(text: &str) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Regeling</title></head><body><main>\n",
    );
    for l in lines(text) {
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
    for l in lines(text) {
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
    for l in lines(text) {
        body.push_str(&match l {
            Line::Heading {
                depth,
                label,
                nr,
                title,
            } => para(Some(format!("Kop{depth}")), &heading_text(label, nr, title)),
            Line::Member(n, t) | Line::Item(n, t) => para(None, &format!("{n} {t}")),
            Line::Para(t) => para(None, t),
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
