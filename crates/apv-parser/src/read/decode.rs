//! The one text decoder of the readers, on `encoding_rs`: a byte-order mark decides (UTF-8,
//! UTF-16LE, UTF-16BE); else valid UTF-8 is borrowed as it is; else the encoding the file
//! declares (an XML declaration, an HTML `<meta charset>`), or Windows-1252 when it declares
//! none and the reader accepts a guess. Every reader (text, CVDR XML, HTML, .docx parts) and
//! the form detection decode here.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decoded text and how it was got.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text.
    pub(crate) text: Cow<'a, str>,
    /// The bytes were not UTF-8 and no BOM said what they are: the byte offset of the first
    /// byte that is not UTF-8, and the encoding used instead.
    pub(crate) fallback: Option<(usize, &'static Encoding)>,
}

/// What to do with bytes that are neither marked by a BOM nor valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fallback {
    /// Use the declared encoding, else Windows-1252 (text and HTML, as browsers do).
    DeclaredOrWindows1252,
    /// Use the declared encoding only; without one the input is refused (XML, whose default
    /// is UTF-8).
    DeclaredOnly,
}

/// Decodes `bytes` (see the module documentation). `None` when the bytes are not UTF-8, no
/// BOM marks them, and `fallback` is [`Fallback::DeclaredOnly`] with nothing declared.
pub(crate) fn decode(bytes: &[u8], fallback: Fallback) -> Option<Decoded<'_>> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let text = if enc == UTF_8 {
            // A UTF-8 body is borrowed; invalid bytes after a UTF-8 BOM are replaced.
            match std::str::from_utf8(body) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => Cow::Owned(String::from_utf8_lossy(body).into_owned()),
            }
        } else {
            enc.decode_without_bom_handling(body).0
        };
        return Some(Decoded {
            text,
            fallback: None,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(Decoded {
            text: Cow::Borrowed(s),
            fallback: None,
        }),
        Err(e) => {
            let enc = match (declared(bytes), fallback) {
                (Some(enc), _) => enc,
                (None, Fallback::DeclaredOrWindows1252) => WINDOWS_1252,
                (None, Fallback::DeclaredOnly) => return None,
            };
            let (text, _) = enc.decode_without_bom_handling(bytes);
            Some(Decoded {
                text,
                fallback: Some((e.valid_up_to(), enc)),
            })
        }
    }
}

/// An encoding's name for messages: "Windows-1252", "ISO-8859-15", "UTF-16LE".
pub(crate) fn display_name(enc: &'static Encoding) -> String {
    if enc == WINDOWS_1252 {
        "Windows-1252".to_string()
    } else {
        enc.name().to_ascii_uppercase()
    }
}

/// The first bytes of an input as text, a BOM removed (UTF-16 decoded), invalid bytes
/// replaced: enough to look for markers.
pub(crate) fn head(bytes: &[u8], len: usize) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let take = if enc == UTF_8 { len } else { len * 2 };
        let body = &body[..body.len().min(take)];
        return enc.decode_without_bom_handling(body).0.into_owned();
    }
    String::from_utf8_lossy(&bytes[..bytes.len().min(len)]).into_owned()
}

/// The character a Windows-1252 byte stands for (numeric character references 128–159 in HTML
/// mean these).
pub(crate) fn windows_1252_char(b: u8) -> char {
    let bytes = [b];
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// The encoding an input declares in its first kilobyte: `<?xml … encoding="…"?>` or an HTML
/// `<meta charset="…">` / `content="…; charset=…"`. UTF-16 and UTF-8 labels do not count (the
/// bytes were already found not to be either).
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let label = ["encoding=", "charset="].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .unwrap_or(rest.len());
        Some(rest[..end].to_string())
    })?;
    Encoding::for_label(label.as_bytes()).filter(|e| *e != UTF_8 && !e.name().starts_with("UTF-16"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_utf8_and_fallbacks() {
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9", Fallback::DeclaredOnly).unwrap();
        assert_eq!(d.text, "café");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le, Fallback::DeclaredOnly).unwrap().text, "café");
        let d = decode(b"caf\xE9 \x80", Fallback::DeclaredOrWindows1252).unwrap();
        assert_eq!(d.text, "café €");
        assert_eq!(d.fallback.map(|f| f.0), Some(3));
        assert!(decode(b"<a>caf\xE9</a>", Fallback::DeclaredOnly).is_none());
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9</a>";
        let d = decode(xml, Fallback::DeclaredOnly).unwrap();
        assert!(d.text.ends_with("<a>café</a>"));
        let html = b"<meta charset=\"iso-8859-15\"><p>\xA4</p>";
        let d = decode(html, Fallback::DeclaredOrWindows1252).unwrap();
        assert!(d.text.contains("<p>€</p>"), "{}", d.text);
        assert_eq!(windows_1252_char(0x80), '€');
        assert_eq!(head(&le, 3), "caf");
    }
}
