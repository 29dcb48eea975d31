//! The text reader: plain text and Markdown.
//!
//! It refuses what is not text (NUL bytes, images, executables, archives), decodes UTF-8 (with
//! or without a byte-order mark), UTF-16 with a byte-order mark, and anything else as
//! Windows-1252 with an [`WarningKind::Encoding`] warning. Line ends become `\n`. Whether the
//! text is Markdown is decided from its content unless the form was given; Markdown then goes
//! to the Markdown reader ([`super::markdown`]). A table laid out with spaces or tabs (PDF
//! text) is handed over row by row, cells joined by ` | ` ([`super::layout`]).

use std::borrow::Cow;

use super::decode::OffsetMap;
use crate::ParseOptions;
use crate::error::{ErrorKind, ParseError};
use crate::model::{InputForm, Metadata, SourceBasis, SourceSpan, Warning, WarningKind};
use crate::read::extension;
use crate::source::SourceText;

/// Reads plain text or Markdown.
pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> Result<SourceText, ParseError> {
    if let Some(what) = binary_kind(bytes) {
        return Err(ParseError::new(name, ErrorKind::Binary { what }));
    }
    let (decoded, warning) = decode(bytes);
    let text = unify_line_ends(decoded);
    if text.trim().is_empty() {
        return Err(ParseError::new(name, ErrorKind::Empty));
    }
    let form = match opts.form {
        Some(f @ (InputForm::Text | InputForm::Markdown)) => f,
        _ if matches!(extension(name).as_deref(), Some("md" | "markdown")) => InputForm::Markdown,
        _ if looks_like_markdown(&text) => InputForm::Markdown,
        _ => InputForm::Text,
    };
    let warnings = warning.into_iter().collect();
    let map = OffsetMap::new(bytes, &text);
    if form == InputForm::Markdown {
        // The reader renders its own text: the decoded input is only borrowed.
        let mut source = super::markdown::read(&text, warnings);
        map.apply(&mut source.source_spans);
        return Ok(source);
    }
    // A table laid out with spaces (PDF text, a text export of Word) is handed over as the
    // markup readers hand over a table: a row per line, cells joined by ` | `.
    if let Some(lines) = super::layout::rows(&text) {
        let mut source_spans: Vec<SourceSpan> = lines
            .iter()
            .map(|l| SourceSpan::new(l.span.start, l.span.end))
            .collect();
        map.apply(&mut source_spans);
        let mut out = String::with_capacity(text.len());
        let mut line_origin = Vec::with_capacity(lines.len());
        let mut marks = Vec::with_capacity(lines.len());
        for (i, l) in lines.into_iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&l.text);
            line_origin.push(l.line);
            marks.push(l.mark);
        }
        return Ok(SourceText {
            form,
            line_origin,
            source_spans,
            source_basis: SourceBasis::Input,
            text_is_input: None,
            marks,
            text: out,
            metadata: Metadata::default(),
            warnings,
        });
    }
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    // Text borrowed from the input is the input: its lines' bytes need no table.
    let shift = map.shift_only();
    let mut source_spans = Vec::new();
    if shift.is_none() {
        // Each line's bytes, its line end left out.
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
            source_spans.push(SourceSpan::new(start, end));
            start = end + 1;
        }
        source_spans.push(SourceSpan::new(start, text.len()));
        map.apply(&mut source_spans);
    }
    Ok(SourceText {
        form,
        line_origin: (1..=lines as u32).collect(),
        source_spans,
        source_basis: SourceBasis::Input,
        text_is_input: shift,
        marks: Vec::new(),
        text: text.into_owned(),
        metadata: Metadata::default(),
        warnings,
    })
}

/// Decodes bytes as text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or else Windows-1252,
/// in which case a warning says so. Valid UTF-8 without a BOM is borrowed, not copied.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<Warning>) {
    let decoded = super::decode::decode(bytes, super::decode::Fallback::DeclaredOrWindows1252)
        .expect("text falls back to Windows-1252");
    let warning = decoded.fallback.map(|(valid_up_to, enc)| {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..valid_up_to]).count();
        Warning {
            kind: WarningKind::Encoding,
            line: Some(line as u32),
            span: None,
            source: None,
            message: format!(
                "the input is not valid UTF-8 (first bad byte on line {line}); read as {}",
                super::decode::display_name(enc)
            ),
        }
    });
    (decoded.text, warning)
}

/// Says what the bytes are when they are clearly not text, or `None` for text.
pub fn binary_kind(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\x7FELF", "an ELF executable"),
        (b"MZ", "a Windows executable"),
        (b"PK\x03\x04", "a zip archive"),
        (b"PK\x05\x06", "an empty zip archive"),
        (b"%PDF-", "a PDF file"),
        (b"\x1F\x8B", "a gzip archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Word or Excel document",
        ),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"\x00asm", "a WebAssembly module"),
    ];
    for (magic, what) in MAGIC {
        // "MZ" is only an executable when binary bytes follow; text may start with "MZ".
        if bytes.starts_with(magic)
            && (*magic != b"MZ" || bytes[..bytes.len().min(64)].contains(&0))
        {
            return Some((*what).to_string());
        }
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image".to_string());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None; // UTF-16 text: NUL bytes are expected
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(pos) = memchr::memchr(0, head) {
        return Some(format!("NUL bytes, the first at offset {pos}"));
    }
    // Counted per chunk of at most 255 bytes in a `u8`, which the compiler vectorises.
    let controls: usize = head
        .chunks(255)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&b| u8::from(b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
                .sum::<u8>() as usize
        })
        .sum();
    if head.len() >= 64 && controls * 10 > head.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        ));
    }
    None
}

/// Turns `\r\n` and lone `\r` into `\n`.
fn unify_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether decoded text reads as Markdown: headings with `#`, bold `**` marks or links, on at
/// least a few lines.
pub fn looks_like_markdown(text: &str) -> bool {
    let mut signals = 0;
    for line in text.lines().take(2000) {
        let t = line.trim_start();
        let b = t.as_bytes();
        let heading = {
            let hashes = b.iter().take_while(|&&c| c == b'#').count();
            (1..=6).contains(&hashes) && b.get(hashes) == Some(&b' ')
        };
        if heading || t.starts_with("**") || t.contains("](") {
            signals += 1;
            if signals >= 3 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ParseOptions {
        ParseOptions::default()
    }

    #[test]
    fn refuses_binary_input() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let err = read(png, "kaart.png", &opts()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "kaart.png: not a text document (a PNG image)"
        );
        let err = read(b"Artikel 1\0\0", "x.txt", &opts()).unwrap_err();
        assert!(
            err.to_string().contains("NUL bytes, the first at offset 9"),
            "{err}"
        );
        assert!(binary_kind(b"\x7FELF\x02\x01").is_some());
        assert!(binary_kind(b"MZ is geen programma").is_none());
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = read(b" \n\t\n", "leeg.txt", &opts()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Empty);
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let src = read(b"Artikel 1\nDe caf\xe9houder\n", "x.txt", &opts()).unwrap();
        assert_eq!(src.text, "Artikel 1\nDe caféhouder\n");
        assert_eq!(src.warnings.len(), 1);
        assert_eq!(src.warnings[0].kind, WarningKind::Encoding);
        assert_eq!(src.warnings[0].line, Some(2));
    }

    #[test]
    fn utf16_and_bom_are_decoded() {
        let src = read(b"\xEF\xBB\xBFArtikel 1", "x.txt", &opts()).unwrap();
        assert_eq!(src.text, "Artikel 1");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Artikel 1".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let src = read(&utf16, "x.txt", &opts()).unwrap();
        assert_eq!(src.text, "Artikel 1");
        assert!(src.warnings.is_empty());
    }

    #[test]
    fn line_ends_are_unified_and_mapped() {
        let src = read(b"a\r\nb\rc\n", "x.txt", &opts()).unwrap();
        assert_eq!(src.text, "a\nb\nc\n");
        assert_eq!(src.line_origin, vec![1, 2, 3, 4]);
    }

    #[test]
    fn markdown_is_detected_from_content() {
        let md = "# **Hoofdstuk 1**\n\n### **Artikel 1:1 Begrippen**\n\n**Artikel 1:2**\n";
        assert_eq!(
            read(md.as_bytes(), "apv.txt", &opts()).unwrap().form,
            InputForm::Markdown
        );
        let txt = "Hoofdstuk 1\nArtikel 1:1 Begrippen\n";
        assert_eq!(
            read(txt.as_bytes(), "apv.txt", &opts()).unwrap().form,
            InputForm::Text
        );
        assert_eq!(
            read(txt.as_bytes(), "apv.md", &opts()).unwrap().form,
            InputForm::Markdown
        );
    }
}
