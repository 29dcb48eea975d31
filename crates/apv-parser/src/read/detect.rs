//! Detection of the input form by content: magic bytes, the XML root element, HTML markers.
//!
//! The file name's extension is only a hint, used when the content is not decisive (plain text
//! versus Markdown) and to name a damaged file after what it claims to be (a `.docx` that is
//! not a zip, a `.pdf` without a PDF header). `ParseOptions::form` overrides detection.
//! Images, executables, archives and legacy Office files are refused here with a one-line error.

use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::InputForm;

/// How many bytes at the start of the input are looked at for markers.
const HEAD: usize = 8 * 1024;

/// Decides which reader gets the input.
pub fn detect(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<InputForm, ParseError> {
    if let Some(form) = opts.form {
        return Ok(form);
    }
    let err = |kind| ParseError::new(name, kind);
    let ext = extension(name);
    let ext = ext.as_str();

    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if contains(bytes, b"word/document.xml") || ext == "docx" || ext == "docm" {
            return Ok(InputForm::Docx);
        }
        let what = if contains(bytes, b"opendocument.text") {
            "an OpenDocument text (.odt); save it as .docx or export it as PDF"
        } else if contains(bytes, b"xl/workbook") {
            "an Excel workbook, not a regulation text"
        } else if contains(bytes, b"ppt/presentation") {
            "a PowerPoint presentation, not a regulation text"
        } else {
            "a zip archive that is not a Word document; unpack it and parse the regulation inside"
        };
        return Err(err(ErrorKind::Unsupported {
            detail: format!("this is {what}"),
        }));
    }
    if ext == "docx" {
        // What it claims to be decides the error: "damaged .docx: not a zip archive".
        return Ok(InputForm::Docx);
    }
    if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
        || ext == "pdf"
    {
        return Ok(InputForm::Pdf);
    }
    if let Some(what) = binary_magic(bytes) {
        return Err(match what {
            "a legacy Word .doc or encrypted Office file" => err(ErrorKind::Unsupported {
                detail: "this is a legacy Word .doc or a password-protected Office file; save it as .docx (without a password) or as PDF".into(),
            }),
            "an RTF document" => err(ErrorKind::Unsupported {
                detail: "this is an RTF document; save it as .docx or as plain text".into(),
            }),
            _ => err(ErrorKind::Binary { what: what.into() }),
        });
    }

    let raw = super::decode::head(bytes, HEAD);
    // Markdown may open with inline HTML (a centred title, a comment); only a whole page
    // makes a .md file HTML. Its first characters decide, so the rest of the head is not
    // lowercased (lowercasing goes character by character, and no character lowercases to
    // white space, so this is the test on the lowercased head).
    if matches!(ext, "md" | "markdown") {
        let start: String = raw.trim_start().chars().take(16).collect();
        let start = start.to_lowercase();
        if !(start.starts_with("<!doctype html") || start.starts_with("<html")) {
            return Ok(InputForm::Markdown);
        }
    }
    let head = raw.to_lowercase();
    let trimmed = head.trim_start();
    if trimmed.starts_with('<') {
        if let Some(form) = markup_form(trimmed, bytes) {
            return Ok(form);
        }
        if trimmed.starts_with("<?xml") {
            // XML, but neither CVDR nor XHTML.
            if matches!(ext, "html" | "htm" | "xhtml") {
                return Ok(InputForm::Html);
            }
            let root = root_element(trimmed).unwrap_or_default();
            return Err(err(ErrorKind::Unsupported {
                detail: format!(
                    "an XML document with root element <{root}> and no articles, not CVDR XML"
                ),
            }));
        }
    }
    match ext {
        "xml" => Ok(InputForm::CvdrXml),
        "html" | "htm" | "xhtml" if has_html_marker(&head) => Ok(InputForm::Html),
        "md" | "markdown" => Ok(InputForm::Markdown),
        _ => Ok(InputForm::Text),
    }
}

/// What well-known content the bytes start with, if any ("a PNG image", "an HTML page").
pub fn describe_magic(bytes: &[u8]) -> Option<&'static str> {
    if let Some(what) = binary_magic(bytes) {
        return Some(what);
    }
    let head = text_head(bytes);
    let t = head.trim_start();
    if t.starts_with('<') {
        if has_html_marker(t) {
            return Some("an HTML page");
        }
        if t.starts_with("<?xml") {
            return Some("an XML document");
        }
    }
    None
}

/// What well-known binary content the bytes start with, if any.
fn binary_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"\0\0\x01\0", "an icon image"),
        (b"\x7FELF", "an executable (ELF)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\0", "an xz archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a legacy Word .doc or encrypted Office file",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"%PDF-", "a PDF"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\0asm", "a WebAssembly module"),
        (b"OggS", "an Ogg media file"),
        (b"ID3", "an MP3 audio file"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("a WebP image");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("a video or HEIC image");
    }
    if bytes.starts_with(b"MZ") && bytes[..bytes.len().min(512)].contains(&0) {
        return Some("a Windows executable");
    }
    if bytes.starts_with(b"BM") && bytes.len() > 14 && bytes[6..10] == [0, 0, 0, 0] {
        return Some("a BMP image");
    }
    None
}

fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The first bytes as lowercase text, a BOM removed (UTF-16 turned into ASCII for markers).
fn text_head(bytes: &[u8]) -> String {
    super::decode::head(bytes, HEAD).to_lowercase()
}

const HTML_MARKERS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<meta ",
    "<title",
    "<div",
    "<p>",
    "<p ",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<table",
    "<ul",
    "<ol",
    "<span",
    "<br",
    "<section",
    "<article",
    "<main",
];

fn has_html_marker(head: &str) -> bool {
    HTML_MARKERS.iter().any(|m| head.contains(m))
}

/// The form of a markup document from its root element and markers.
fn markup_form(head: &str, bytes: &[u8]) -> Option<InputForm> {
    if head.contains("<!doctype html") {
        return Some(InputForm::Html);
    }
    let Some(root) = root_element(head) else {
        // XML whose start cannot be read (an unterminated DOCTYPE or declaration): the CVDR
        // reader says what is wrong with it.
        return head.starts_with("<?xml").then_some(InputForm::CvdrXml);
    };
    let local = root.rsplit(':').next().unwrap_or(&root).to_string();
    match local.as_str() {
        "html" => Some(InputForm::Html),
        "cvdr" | "regeling" | "regeling-tekst" | "officiele-publicatie" | "gemeenteblad" => {
            Some(InputForm::CvdrXml)
        }
        _ if contains_ci(bytes, b"<artikel") || contains_ci(bytes, b":artikel") => {
            Some(InputForm::CvdrXml)
        }
        _ if !head.starts_with("<?xml") && has_html_marker(head) => Some(InputForm::Html),
        _ => None,
    }
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The name of the first element, skipping the declaration, comments and a DOCTYPE.
fn root_element(head: &str) -> Option<String> {
    let mut rest = head;
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") {
            rest = &rest[rest.find("?>")? + 2..];
        } else if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            // A DOCTYPE may hold an internal subset in brackets, with '>' inside.
            let close = rest.find('>')?;
            let end = match rest.find('[') {
                Some(open) if open < close => {
                    let sub_end = open + rest[open..].find(']')?;
                    sub_end + rest[sub_end..].find('>')?
                }
                _ => close,
            };
            rest = &rest[end + 1..];
        } else if let Some(tag) = rest.strip_prefix('<') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
                .collect();
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(bytes: &[u8], name: &str) -> Result<InputForm, ParseError> {
        detect(bytes, name, &ParseOptions::default())
    }

    #[test]
    fn detects_by_content_not_extension() {
        let cvdr = b"<?xml version=\"1.0\"?>\n<cvdr xmlns=\"x\"><body/></cvdr>";
        assert_eq!(form(cvdr, "apv.txt").unwrap(), InputForm::CvdrXml);
        let ns = b"<?xml version=\"1.0\"?><c:regeling xmlns:c=\"x\"/>";
        assert_eq!(form(ns, "apv").unwrap(), InputForm::CvdrXml);
        let html = b"\xEF\xBB\xBF<!DOCTYPE html><html><body><p>x</p></body></html>";
        assert_eq!(form(html, "apv.txt").unwrap(), InputForm::Html);
        assert_eq!(
            form(b"  <div><h3>Artikel 1</h3></div>", "apv.xml").unwrap(),
            InputForm::Html
        );
        assert_eq!(form(b"%PDF-1.7\n...", "apv.txt").unwrap(), InputForm::Pdf);
        assert_eq!(
            form(b"Artikel 1 Begrippen\n", "apv.md").unwrap(),
            InputForm::Markdown
        );
        assert_eq!(
            form(b"Artikel 1 Begrippen\n", "apv.html").unwrap(),
            InputForm::Text
        );
        assert_eq!(
            form(b"Artikel 1 Begrippen\n", "apv").unwrap(),
            InputForm::Text
        );
    }

    #[test]
    fn markdown_may_open_with_inline_html() {
        let md_with_html = b"<div align=\"center\"><b>APV</b></div>\n\n## Artikel 1\n";
        assert_eq!(form(md_with_html, "apv.md").unwrap(), InputForm::Markdown);
        assert_eq!(form(md_with_html, "apv.txt").unwrap(), InputForm::Html);
        let page = b"<!DOCTYPE html><html><body><p>x</p></body></html>";
        assert_eq!(form(page, "apv.md").unwrap(), InputForm::Html);
    }

    #[test]
    fn the_override_wins() {
        let opts = ParseOptions {
            form: Some(InputForm::Html),
            ..ParseOptions::default()
        };
        assert_eq!(
            detect(b"Artikel 1", "a.txt", &opts).unwrap(),
            InputForm::Html
        );
    }

    #[test]
    fn refuses_binaries_with_a_one_line_error() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let e = form(png, "apv.txt").unwrap_err();
        assert_eq!(e.to_string(), "apv.txt: not a text document (a PNG image)");
        let e = form(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", "apv.doc").unwrap_err();
        assert!(e.to_string().contains("save it as .docx"), "{e}");
        // A renamed image keeps the name it claims: the .docx reader reports it.
        assert_eq!(form(png, "apv.docx").unwrap(), InputForm::Docx);
    }

    #[test]
    fn other_xml_and_zips_are_not_taken_for_an_apv() {
        let e = form(b"<?xml version=\"1.0\"?><svg xmlns=\"x\"/>", "a.xml").unwrap_err();
        assert!(e.to_string().contains("<svg>"), "{e}");
        let e = form(b"PK\x03\x04....xl/workbook.xml", "a.zip").unwrap_err();
        assert!(e.to_string().contains("Excel"), "{e}");
        assert_eq!(
            form(b"PK\x03\x04....word/document.xml", "a.bin").unwrap(),
            InputForm::Docx
        );
    }
}
