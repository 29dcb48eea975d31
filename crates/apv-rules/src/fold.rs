//! Folding text for matching: lowercase, accents stripped, white space collapsed, ASCII only.
//!
//! Rules are matched on the folded text, so that "Beïnvloed", "beinvloed" and "BEÏNVLOED" are
//! one word, and a phrase broken over two lines still matches. Every folded byte keeps the
//! offset of the character it came from, so a match can be quoted from the original text.

/// Text folded for matching, with a map back to the original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text: ASCII, lowercase, single spaces.
    pub text: String,
    /// `map[i]` is the original byte offset of the character folded byte `i` came from;
    /// `map[text.len()]` is the original length.
    map: Vec<u32>,
}

impl Folded {
    /// Original byte offset of folded offset `i` (clamped to the end).
    pub fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }

    /// The first folded offset whose original offset is at or after `orig`.
    pub fn folded_pos(&self, orig: usize) -> usize {
        self.map.partition_point(|&m| (m as usize) < orig)
    }

    /// Folded range for an original byte range.
    pub fn range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let s = self.folded_pos(start);
        let e = self.folded_pos(end).max(s);
        s.min(self.text.len())..e.min(self.text.len())
    }

    /// Original byte range of a folded range.
    pub fn orig_range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.orig(r.start)..self.orig(r.end)
    }
}

/// Folds one character; `None` drops it, `Some(" ")` is white space.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ĳ' | 'Ĳ' => "ij",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        '‘' | '’' | '‚' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '″' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '−' => "-",
        '…' => "...",
        '°' | 'º' => "o",
        '€' => "eur",
        '•' | '·' | '▪' | '●' => "-",
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => return None,
        c if c.is_whitespace() => " ",
        _ => "?",
    })
}

/// Folds `s` for matching.
pub fn fold(s: &str) -> Folded {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut map: Vec<u32> = Vec::with_capacity(s.len() + 1);
    let mut last_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A run of plain lowercase letters, digits and punctuation: copy it in one go.
        let run = bytes[i..]
            .iter()
            .take_while(|&&c| {
                c.is_ascii_graphic() && !c.is_ascii_uppercase() && c != b'*' && c != b'_'
            })
            .count();
        if run > 0 {
            out.extend_from_slice(&bytes[i..i + run]);
            map.extend(i as u32..(i + run) as u32);
            last_space = false;
            i += run;
            continue;
        }
        if b.is_ascii() {
            match b {
                b'*' | b'_' => {}
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    if !last_space {
                        out.push(b' ');
                        map.push(i as u32);
                        last_space = true;
                    }
                }
                _ => {
                    out.push(b.to_ascii_lowercase());
                    map.push(i as u32);
                    last_space = false;
                }
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        match fold_char(c) {
            None => {}
            Some(" ") if last_space => {}
            Some(" ") => {
                out.push(b' ');
                map.push(i as u32);
                last_space = true;
            }
            Some(f) => {
                for fb in f.bytes() {
                    out.push(fb);
                    map.push(i as u32);
                }
                last_space = false;
            }
        }
        i += c.len_utf8();
    }
    map.push(s.len() as u32);
    // Every byte pushed is ASCII.
    let text = String::from_utf8(out).unwrap_or_default();
    Folded { text, map }
}

/// Folds a short string (a title, a pattern's literal part) to a plain `String`.
pub fn fold_str(s: &str) -> String {
    fold(s).text.trim().to_string()
}

/// Folds a regular expression: literal characters are lowercased and stripped of accents,
/// escapes (`\b`, `\S`, `\d`) and their character are kept as written.
pub fn fold_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut escaped = false;
    for c in p.chars() {
        if escaped {
            out.push(c);
            escaped = false;
            continue;
        }
        if c == '\\' {
            out.push(c);
            escaped = true;
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            match fold_char(c) {
                Some(" ") => out.push(' '),
                Some(s) => out.push_str(s),
                None => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_white_space() {
        let f = fold("De  burgemeester\nBeïnvloedt het **woon-** of leefklimaat");
        assert_eq!(
            f.text,
            "de burgemeester beinvloedt het woon- of leefklimaat"
        );
    }

    #[test]
    fn maps_folded_offsets_back_to_the_original() {
        let src = "Één  keer\nBEÏNVLOED";
        let f = fold(src);
        let at = f.text.find("beinvloed").unwrap();
        let r = f.orig_range(at..at + "beinvloed".len());
        assert_eq!(&src[r], "BEÏNVLOED");
        assert_eq!(
            f.folded_pos(src.find("keer").unwrap()),
            f.text.find("keer").unwrap()
        );
    }

    #[test]
    fn folded_text_is_ascii() {
        let f = fold("ĳs € 5 – “citaat” 1° ☃");
        assert!(f.text.is_ascii());
        assert_eq!(f.text, "ijs eur 5 - \"citaat\" 1o ?");
    }

    #[test]
    fn pattern_escapes_survive_folding() {
        assert_eq!(fold_pattern(r"\bVechtsport\S* Één"), r"\bvechtsport\S* een");
    }
}
