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
    /// The map back to the original, as runs: from folded offset `seg.folded` on, folded byte
    /// `seg.folded + k` came from original offset `seg.orig + k`, up to the next run. Runs
    /// break where folding drops, collapses or expands bytes, so there are far fewer runs
    /// than bytes.
    segs: Vec<Seg>,
    /// Length of the original text.
    orig_len: usize,
}

/// One run of [`Folded::segs`].
#[derive(Debug, Clone, Copy)]
struct Seg {
    folded: u32,
    orig: u32,
}

impl Folded {
    /// Original byte offset of folded offset `i` (clamped to the end): the offset of the
    /// character folded byte `i` came from; the original length for the end of the text.
    pub fn orig(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.orig_len;
        }
        let k = self.segs.partition_point(|s| s.folded as usize <= i) - 1;
        let seg = self.segs[k];
        seg.orig as usize + (i - seg.folded as usize)
    }

    /// The first folded offset whose original offset is at or after `orig` (the end of the
    /// text for the original length, one past it beyond).
    pub fn folded_pos(&self, orig: usize) -> usize {
        let k = self.segs.partition_point(|s| (s.orig as usize) < orig);
        if let Some(k) = k.checked_sub(1) {
            // `orig` may fall inside the run before the first one at or after it.
            let seg = self.segs[k];
            let len = self.seg_end(k) - seg.folded as usize;
            if orig - (seg.orig as usize) < len {
                return seg.folded as usize + (orig - seg.orig as usize);
            }
        }
        match self.segs.get(k) {
            Some(seg) => seg.folded as usize,
            None if orig <= self.orig_len => self.text.len(),
            None => self.text.len() + 1,
        }
    }

    /// Folded end of run `k`.
    fn seg_end(&self, k: usize) -> usize {
        self.segs
            .get(k + 1)
            .map_or(self.text.len(), |s| s.folded as usize)
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

/// What `fold` does with one ASCII byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Copied as is (lowercase letters, digits, punctuation, control characters).
    Copy,
    /// An uppercase letter: lowercased.
    Upper,
    /// White space: one space for a run.
    Space,
    /// Markdown emphasis (`*`, `_`): dropped.
    Drop,
    /// The first byte of a multi-byte character: see [`fold_char`].
    Wide,
}

/// The class of every byte value.
const CLASS: [Class; 256] = {
    let mut t = [Class::Wide; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::Space,
            b'*' | b'_' => Class::Drop,
            b'A'..=b'Z' => Class::Upper,
            _ => Class::Copy,
        };
        b += 1;
    }
    t
};

/// What a byte of the classes `Copy`, `Upper` and `Space` folds to.
const ONE_TO_ONE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match CLASS[b] {
            Class::Upper => (b as u8) | 0x20,
            Class::Space => b' ',
            _ => b as u8,
        };
        b += 1;
    }
    t
};

/// Folds `s` for matching.
pub fn fold(s: &str) -> Folded {
    let mut segs = Vec::with_capacity(s.len() / 32 + 1);
    let text = fold_impl(s, Some(&mut segs));
    Folded {
        text,
        segs,
        orig_len: s.len(),
    }
}

/// Folds a short string (a title, a pattern's literal part) to a plain `String`.
pub fn fold_str(s: &str) -> String {
    let mut t = fold_impl(s, None);
    let end = t.trim_end().len();
    t.truncate(end);
    if t.starts_with(' ') {
        t.remove(0);
    }
    t
}

/// Every byte 1.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every zero byte of `x` (exact: no carry from one byte into the next).
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGH).wrapping_add(!HIGH)) | x | !HIGH)
}

/// Eight bytes (little-endian) folded at once, when they fold one to one: ASCII, no Markdown
/// emphasis, no control character but white space, and no white space after white space
/// (`after_space`: the byte before them folded to a space). The folded bytes and whether the
/// last one is a space; `None` sends the bytes to the loop that folds one character at a time.
fn fold8(x: u64, after_space: bool) -> Option<(u64, bool)> {
    if x & HIGH != 0 {
        return None;
    }
    // Every byte is below 0x80, so adding at most 0x7f to each never carries into the next:
    // the high bit of a byte of `ge(c)` says whether it is at least `c`.
    let ge = |c: u8| x.wrapping_add(ONES * u64::from(0x80 - c)) & HIGH;
    let control = HIGH & !ge(0x20);
    // `\t`, `\n`, vertical tab, form feed, `\r`.
    let white_control = ge(0x09) & !ge(0x0e);
    let emphasis =
        zero_bytes(x ^ (ONES * u64::from(b'*'))) | zero_bytes(x ^ (ONES * u64::from(b'_')));
    if control & !white_control != 0 || emphasis != 0 {
        return None;
    }
    let space = zero_bytes(x ^ (ONES * u64::from(b' '))) | white_control;
    if space & ((space << 8) | (u64::from(after_space) << 7)) != 0 {
        return None;
    }
    let upper = ge(b'A') & !ge(b'[');
    let lowered = x | (upper >> 2);
    let white_bytes = (white_control >> 7) * 0xff;
    Some((
        (lowered & !white_bytes) | (white_control >> 2),
        space >> 63 != 0,
    ))
}

/// Folds the chunks of eight bytes at the start of `bytes` that fold one to one (see
/// [`fold8`]) onto `out`, up to the first chunk that does not; returns the number of bytes
/// folded. `out` is where they go, at least as long as `bytes`; `last_space` says whether the
/// byte before folded to a space, and is kept up to date.
fn fold_chunks(bytes: &[u8], out: &mut [u8], last_space: &mut bool) -> usize {
    let mut n = 0;
    for (chunk, to) in bytes.chunks_exact(8).zip(out.chunks_exact_mut(8)) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let Some((folded, space)) = fold8(x, *last_space) else {
            break;
        };
        to.copy_from_slice(&folded.to_le_bytes());
        *last_space = space;
        n += 8;
    }
    n
}

/// The folding loop; records the runs of the map back to `s` in `segs` when asked.
fn fold_impl(s: &str, mut segs: Option<&mut Vec<Seg>>) -> String {
    let bytes = s.as_bytes();
    // Every folded character is at most as long as the original one, so the folded text
    // fits in `out` and `o`, its length so far, never passes `i`.
    let mut out = vec![0u8; s.len()];
    let mut o = 0;
    // `orig - folded` of the current run; a byte with another difference starts a run.
    let mut delta = usize::MAX;
    let mut mark = |folded: usize, orig: usize| {
        if let Some(segs) = segs.as_deref_mut()
            && orig.wrapping_sub(folded) != delta
        {
            delta = orig.wrapping_sub(folded);
            segs.push(Seg {
                folded: folded as u32,
                orig: orig as u32,
            });
        }
    };
    let mut last_space = true;
    let mut i = 0;
    while i < bytes.len() {
        // Chunks of eight bytes that fold one to one go a chunk at a time, in one run of the
        // map.
        let n = fold_chunks(&bytes[i..], &mut out[o..], &mut last_space);
        if n > 0 {
            mark(o, i);
            i += n;
            o += n;
            continue;
        }
        // Otherwise one character at a time up to the end of these eight bytes.
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            let b = bytes[i];
            match CLASS[usize::from(b)] {
                Class::Copy | Class::Upper => {
                    mark(o, i);
                    out[o] = ONE_TO_ONE[usize::from(b)];
                    o += 1;
                    last_space = false;
                }
                Class::Space => {
                    if !last_space {
                        mark(o, i);
                        out[o] = b' ';
                        o += 1;
                        last_space = true;
                    }
                }
                Class::Drop => {}
                Class::Wide => {
                    let c = s[i..].chars().next().unwrap_or(' ');
                    match fold_char(c) {
                        None => {}
                        Some(" ") if last_space => {}
                        Some(" ") => {
                            mark(o, i);
                            out[o] = b' ';
                            o += 1;
                            last_space = true;
                        }
                        Some(f) => {
                            for fb in f.bytes() {
                                mark(o, i);
                                out[o] = fb;
                                o += 1;
                            }
                            last_space = false;
                        }
                    }
                    i += c.len_utf8();
                    continue;
                }
            }
            i += 1;
        }
    }
    out.truncate(o);
    // Every byte written is ASCII.
    String::from_utf8(out).unwrap_or_default()
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

    /// The folded text and its map as one original offset per folded byte (the definition
    /// `Folded` compresses), character by character.
    fn dense_map(s: &str) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut map = Vec::new();
        let mut last_space = true;
        for (i, c) in s.char_indices() {
            let lower = c.to_ascii_lowercase().to_string();
            let f: &str = match c {
                '*' | '_' => "",
                c if c.is_ascii_whitespace() || c == '\u{b}' => " ",
                c if c.is_ascii() => &lower,
                c => fold_char(c).unwrap_or(""),
            };
            if f == " " {
                if !last_space {
                    map.push(i);
                    text.push(' ');
                }
                last_space = true;
            } else if !f.is_empty() {
                map.extend(std::iter::repeat_n(i, f.len()));
                text.push_str(f);
                last_space = false;
            }
        }
        map.push(s.len());
        (text, map)
    }

    #[test]
    fn run_map_agrees_with_the_byte_map() {
        // Long plain pieces make runs that cross the eight-byte chunks of the fast path.
        const PIECES: [&str; 23] = [
            "a",
            "B",
            " ",
            "  ",
            "\n",
            "**",
            "_",
            "é",
            "…",
            "ĳ",
            "€",
            "\u{ad}",
            "Ë",
            "x9",
            "°",
            "\u{a0}",
            "\t\r",
            "De Burgemeester, ",
            "vergunning (artikel 2:30) ",
            "Z@[`{",
            "\u{1}x\u{b}y\u{c}",
            "_Emphasis_ and *more*",
            "AZaz@[`{09:;",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..800 {
            let mut s = String::new();
            let pieces = if round % 4 == 0 { 200 } else { 40 };
            for _ in 0..(seed % pieces) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let f = fold(&s);
            let (text, map) = dense_map(&s);
            assert_eq!(f.text, text, "{s:?}");
            assert_eq!(map.len(), f.text.len() + 1, "{s:?}");
            for (i, &m) in map.iter().enumerate() {
                assert_eq!(f.orig(i), m, "orig({i}) of {s:?}");
            }
            for o in 0..=s.len() + 1 {
                let want = map.partition_point(|&m| m < o);
                assert_eq!(f.folded_pos(o), want, "folded_pos({o}) of {s:?}");
            }
        }
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
