//! The one text decoder of the readers, on `encoding_rs`: a byte-order mark decides (UTF-8,
//! UTF-16LE, UTF-16BE); else valid UTF-8 is borrowed as it is; else the encoding the file
//! declares (an XML declaration, an HTML `<meta charset>`), or Windows-1252 when it declares
//! none and the reader accepts a guess. Every reader (text, CVDR XML, HTML, .docx parts) and
//! the form detection decode here.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::model::SourceSpan;

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

/// Maps byte offsets of decoded text back to the bytes it was decoded from.
///
/// Text borrowed from the input (UTF-8, with or without a BOM) is the input: offsets only shift
/// past the BOM. Other text is walked once, character by character, each character's length in
/// the input's encoding (one byte in Windows-1252 and the other single-byte encodings, two or
/// four in UTF-16, the length of the invalid sequence a U+FFFD replaced in UTF-8); a `\n` that
/// stood for `\r\n` or `\r` counts those. A checkpoint every [`CHECKPOINT`] bytes of text keeps
/// each look-up short.
#[derive(Debug)]
pub(crate) struct OffsetMap<'a> {
    shift: usize,
    /// Empty when the text is the input shifted by `shift`.
    checkpoints: Vec<(usize, usize)>,
    text: &'a str,
    bytes: &'a [u8],
    encoding: &'static Encoding,
}

/// How many bytes of decoded text lie at most between two checkpoints of an [`OffsetMap`].
const CHECKPOINT: usize = 256;

impl<'a> OffsetMap<'a> {
    /// The map from offsets of `text` to offsets of `bytes`, which [`decode`] turned into `text`
    /// (and, for plain text, line ends into `\n`).
    pub(crate) fn new(bytes: &'a [u8], text: &'a str) -> Self {
        let base = bytes.as_ptr() as usize;
        let at = text.as_ptr() as usize;
        let mut map = OffsetMap {
            shift: 0,
            checkpoints: Vec::new(),
            text,
            bytes,
            encoding: UTF_8,
        };
        if at >= base && at + text.len() <= base + bytes.len() {
            // Borrowed from the input.
            map.shift = at - base;
            return map;
        }
        map.encoding = match Encoding::for_bom(bytes) {
            Some((enc, bom)) => {
                map.shift = bom;
                enc
            }
            None if std::str::from_utf8(bytes).is_ok() => UTF_8,
            None => declared(bytes).unwrap_or(WINDOWS_1252),
        };
        let mut pos = map.shift;
        let mut next = 0;
        map.checkpoints.reserve(text.len() / CHECKPOINT + 1);
        for (i, c) in text.char_indices() {
            if i >= next {
                map.checkpoints.push((i, pos));
                next = i + CHECKPOINT;
            }
            pos = map.step(c, pos);
        }
        map
    }

    /// `Some(shift)` when the text is the input from byte `shift` on.
    pub(crate) fn shift_only(&self) -> Option<usize> {
        self.checkpoints.is_empty().then_some(self.shift)
    }

    /// The offset in the input of offset `offset` of the text (a character boundary).
    pub(crate) fn map(&self, offset: usize) -> usize {
        if self.checkpoints.is_empty() {
            return offset + self.shift;
        }
        let k = self
            .checkpoints
            .partition_point(|&(t, _)| t <= offset)
            .saturating_sub(1);
        let (from, mut pos) = self.checkpoints[k];
        let to = offset.min(self.text.len());
        if let Some(run) = self.text.get(from..to) {
            for c in run.chars() {
                pos = self.step(c, pos);
            }
        }
        pos.min(self.bytes.len())
    }

    /// Maps spans of the text to spans of the input, in place.
    pub(crate) fn apply(&self, spans: &mut [SourceSpan]) {
        if self.checkpoints.is_empty() && self.shift == 0 {
            return;
        }
        for s in spans {
            *s = SourceSpan::new(self.map(s.start), self.map(s.end));
        }
    }

    /// Where the input goes on after character `c`, which starts at byte `pos` of it.
    fn step(&self, c: char, pos: usize) -> usize {
        let wide = self.encoding == UTF_16LE || self.encoding == UTF_16BE;
        let unit = if wide { 2 } else { 1 };
        if c == '\n' && self.is_cr(pos, wide) {
            // `\r\n` or a lone `\r` written as `\n`
            return if self.is_lf(pos + unit, wide) {
                pos + 2 * unit
            } else {
                pos + unit
            };
        }
        if wide {
            return pos + 2 * c.len_utf16();
        }
        if self.encoding == UTF_8 {
            let rest = &self.bytes[pos.min(self.bytes.len())..];
            if c == '\u{FFFD}' && !rest.starts_with("\u{FFFD}".as_bytes()) {
                // an invalid sequence the decoder replaced
                let head = &rest[..rest.len().min(4)];
                let bad = match std::str::from_utf8(head) {
                    Err(e) if e.valid_up_to() == 0 => e.error_len().unwrap_or(head.len()),
                    _ => 1,
                };
                return pos + bad.max(1);
            }
            return pos + c.len_utf8();
        }
        if self.encoding.is_single_byte() {
            return pos + 1;
        }
        let mut buf = [0u8; 4];
        let (encoded, _, _) = self.encoding.encode(c.encode_utf8(&mut buf));
        pos + encoded.len().max(1)
    }

    fn is_cr(&self, pos: usize, wide: bool) -> bool {
        self.unit_is(pos, wide, b'\r')
    }

    fn is_lf(&self, pos: usize, wide: bool) -> bool {
        self.unit_is(pos, wide, b'\n')
    }

    /// Whether the code unit at `pos` is the ASCII byte `b`.
    fn unit_is(&self, pos: usize, wide: bool, b: u8) -> bool {
        let bytes = self.bytes;
        if !wide {
            return bytes.get(pos) == Some(&b);
        }
        let unit = [bytes.get(pos).copied(), bytes.get(pos + 1).copied()];
        if self.encoding == UTF_16LE {
            unit == [Some(b), Some(0)]
        } else {
            unit == [Some(0), Some(b)]
        }
    }
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

    /// Every character of the decoded text maps to where it is written in the input.
    #[test]
    fn offsets_map_back_to_the_input() {
        fn check(bytes: &[u8], text: &str, expect: &[(usize, usize)]) {
            let map = OffsetMap::new(bytes, text);
            for &(t, b) in expect {
                assert_eq!(map.map(t), b, "text offset {t} of {text:?}");
            }
        }
        let utf8 = "café\nb".as_bytes();
        check(
            utf8,
            std::str::from_utf8(utf8).unwrap(),
            &[(0, 0), (5, 5), (7, 7)],
        );
        let bom = b"\xEF\xBB\xBFab";
        check(
            bom,
            std::str::from_utf8(&bom[3..]).unwrap(),
            &[(0, 3), (2, 5)],
        );
        // Windows-1252 with \r\n: "é" is one byte, each line end two.
        check(
            b"caf\xE9\r\nx\ry",
            "café\nx\ny",
            &[(3, 3), (5, 4), (6, 6), (7, 7), (8, 8), (9, 9)],
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é\r\n𝄞z".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        check(&le, "é\n𝄞z", &[(0, 2), (2, 4), (3, 8), (7, 12), (8, 14)]);
        // An invalid UTF-8 byte after a BOM is one U+FFFD.
        check(
            b"\xEF\xBB\xBFa\xFFb\r\nc",
            "a\u{FFFD}b\nc",
            &[(1, 4), (4, 5), (5, 6), (6, 8)],
        );
        // Long text: the checkpoints agree with a walk from the start.
        let long: Vec<u8> = (0..2000)
            .map(|i| if i % 7 == 0 { 0xE9 } else { b'a' })
            .collect();
        let text = WINDOWS_1252.decode_without_bom_handling(&long).0;
        let map = OffsetMap::new(&long, &text);
        for (k, (i, _)) in text.char_indices().enumerate() {
            assert_eq!(map.map(i), k);
        }
    }
}
