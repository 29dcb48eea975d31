//! Article-number normalisation: every written style of one number becomes one key.
//!
//! `Artikel 2:28`, `Artikel 2.28`, `Art. 2:28.` → `2:28`; `2:28A` → `2:28a`; `2.3.1.1` keeps its
//! dots; `30` and `33a` stay flat. The raw form is kept elsewhere for display.

use std::cmp::Ordering;

/// Normalises a written article number (without the word "Artikel") to its key.
///
/// Returns `None` when `raw` holds no number. Accepted: digits separated by `:` or `.`
/// (spaces around the separator allowed), an optional letter suffix with or without a space
/// before it, and a trailing period.
///
/// ```
/// use apv_parser::number::normalize_article_number as n;
/// assert_eq!(n("2:28A").as_deref(), Some("2:28a"));
/// assert_eq!(n("2.28").as_deref(), Some("2:28"));
/// assert_eq!(n("2.3.1.1.").as_deref(), Some("2.3.1.1"));
/// assert_eq!(n("30").as_deref(), Some("30"));
/// ```
pub fn normalize_article_number(raw: &str) -> Option<String> {
    plain_article_number(raw).or_else(|| written_article_number(raw))
}

/// [`normalize_article_number`] for a number written without spaces: digit runs joined by
/// single colons or periods, then at most a letter and a period (`2:28`, `2.28a.`, `30`).
/// `None` for any other form.
fn plain_article_number(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(b.len() + 1);
    let mut parts = 0;
    let mut i = 0;
    loop {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        match parts {
            0 => {}
            1 => out.push(':'),
            // a third part: the number is written with periods only
            2 => {
                out = out.replace(':', ".");
                out.push('.');
            }
            _ => out.push('.'),
        }
        out.push_str(&raw[start..i]);
        parts += 1;
        match b.get(i..i + 2) {
            Some([b':' | b'.', d]) if d.is_ascii_digit() => i += 1,
            _ => break,
        }
    }
    match b[i..] {
        [] | [b'.'] => {}
        [c] | [c, b'.'] if c.is_ascii_alphabetic() => out.push(char::from(c.to_ascii_lowercase())),
        _ => return None,
    }
    Some(out)
}

/// [`normalize_article_number`] for any written form.
fn written_article_number(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len() + 1);
    let mut parts = 0;
    let mut colon_at = 0;
    // two parts are written `2:28`, others `2.3.1`: the colon after the first part becomes a
    // period when a third part comes
    let suffix = split_number(raw, |p| {
        match parts {
            0 => {}
            1 => {
                colon_at = out.len();
                out.push(':');
            }
            2 => {
                out.replace_range(colon_at..=colon_at, ".");
                out.push('.');
            }
            _ => out.push('.'),
        }
        out.push_str(p);
        parts += 1;
    })?;
    if let Some(s) = suffix {
        out.push(s.to_ascii_lowercase());
    }
    Some(out)
}

/// Normalises the number of a hoofdstuk, afdeling or paragraaf (`8A` → `8a`, `2.1` stays,
/// `II` stays upper case as a Roman numeral, trailing period dropped).
pub fn normalize_unit_number(raw: &str) -> String {
    let t = raw.trim().trim_end_matches('.');
    if !t.is_empty()
        && t.bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
    {
        return t.to_string();
    }
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Splits a number into its numeric parts, handed to `part` one by one, and returns its
/// letter suffix.
fn split_number<'a>(raw: &'a str, mut part: impl FnMut(&'a str)) -> Option<Option<char>> {
    let s = raw.trim().trim_end_matches('.').trim_end();
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        part(&s[start..i]);
        // separator?
        let mut j = i;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j < b.len() && (b[j] == b':' || b[j] == b'.') {
            let mut k = j + 1;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            if k < b.len() && b[k].is_ascii_digit() {
                i = k;
                continue;
            }
        }
        break;
    }
    let rest = s[i..].trim_start_matches([' ', '.']);
    let mut chars = rest.chars();
    let suffix = match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) if c.is_ascii_alphabetic() => Some(c),
        _ => return None,
    };
    Some(suffix)
}

/// The most numeric parts a [`NumberKey`] holds (`2.3.1.1.4.2`); a number with more is no key.
const MAX_KEY_PARTS: usize = 6;

/// An order key for article numbers, used to spot numbers out of sequence. It lives on the
/// stack: the structure builder makes one for every heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberKey {
    parts: [u32; MAX_KEY_PARTS],
    len: u8,
    suffix: u8,
}

impl NumberKey {
    /// The key of a normalised number (`2:28a`), or `None` when it is not one (or has more
    /// than six parts).
    pub fn of(normalised: &str) -> Option<NumberKey> {
        match Self::of_plain(normalised) {
            Plain::Key(key) => Some(key),
            Plain::TooLong => None,
            Plain::Other => Self::of_written(normalised),
        }
    }

    /// The key of a number as [`normalize_article_number`] writes it: digit runs joined by
    /// single colons or periods, at most one ASCII letter after them. One pass over the
    /// bytes; anything else is left to [`NumberKey::of_written`].
    fn of_plain(s: &str) -> Plain {
        let b = s.as_bytes();
        let mut parts = [0; MAX_KEY_PARTS];
        let mut len = 0usize;
        let mut i = 0;
        loop {
            let start = i;
            let mut value: Option<u32> = Some(0);
            while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u32::from(d - b'0')));
                i += 1;
            }
            if i == start {
                return Plain::Other;
            }
            if let Some(slot) = parts.get_mut(len) {
                *slot = value.unwrap_or(u32::MAX);
            }
            len += 1;
            match b.get(i) {
                Some(b':' | b'.') => i += 1,
                _ => break,
            }
        }
        let suffix = match b[i..] {
            [] => 0,
            [c] if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => return Plain::Other,
        };
        if len > MAX_KEY_PARTS {
            return Plain::TooLong;
        }
        Plain::Key(NumberKey {
            parts,
            len: len as u8,
            suffix,
        })
    }

    /// The key of a number in any form [`split_number`] reads.
    fn of_written(normalised: &str) -> Option<NumberKey> {
        let mut parts = [0; MAX_KEY_PARTS];
        let mut len = 0usize;
        let suffix = split_number(normalised, |p| {
            if let Some(slot) = parts.get_mut(len) {
                *slot = p.parse::<u32>().unwrap_or(u32::MAX);
            }
            len += 1;
        })?;
        if len > MAX_KEY_PARTS {
            return None;
        }
        Some(NumberKey {
            parts,
            len: len as u8,
            suffix: suffix.map_or(0, |c| c.to_ascii_lowercase() as u8),
        })
    }

    fn parts(&self) -> &[u32] {
        &self.parts[..self.len as usize]
    }
}

/// What [`NumberKey::of_plain`] made of a number.
enum Plain {
    /// The key of a plainly written number.
    Key(NumberKey),
    /// A plainly written number of more parts than a key holds.
    TooLong,
    /// Not written plainly.
    Other,
}

impl PartialOrd for NumberKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NumberKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts()
            .cmp(other.parts())
            .then(self.suffix.cmp(&other.suffix))
    }
}

/// Whether `candidate` is the letter that follows `current` in an onderdelen list (see
/// [`next_item_letter`]), without building the next letter.
pub fn is_next_item_letter(current: &str, candidate: &str) -> bool {
    match (current.as_bytes(), candidate.as_bytes()) {
        ([c], [n]) => *c < b'z' && *n == c + 1,
        ([b'z'], [b'a', b'a']) => true,
        ([c, d], [n, m]) => c == d && *c < b'z' && *n == c + 1 && *m == c + 1,
        _ => false,
    }
}

/// The letter that follows `c` in an onderdelen list (`a` → `b`, `z` → `aa`, `aa` → `bb`).
pub fn next_item_letter(current: &str) -> String {
    let b = current.as_bytes();
    match b {
        [c] if *c < b'z' => ((c + 1) as char).to_string(),
        [b'z'] => "aa".to_string(),
        [c, d] if c == d && *c < b'z' => {
            let n = (c + 1) as char;
            format!("{n}{n}")
        }
        _ => String::new(),
    }
}

/// The value of a lower-case roman numeral as onderdelen of the third level are numbered
/// ("i" 1, "iv" 4, "xii" 12), up to 39; `None` for anything else, also for a spelling that is
/// not the usual one ("iiii", "vx").
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|c| matches!(c, b'i' | b'v' | b'x')) {
        return None;
    }
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let tens = s.bytes().take_while(|&c| c == b'x').count();
    let ones = ONES.iter().position(|o| *o == &s[tens..])?;
    let value = (tens * 10 + ones) as u32;
    (tens <= 3 && value > 0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_values() {
        let v: Vec<Option<u32>> = [
            "i", "ii", "iv", "ix", "xii", "xxxix", "iiii", "vx", "v", "a", "",
        ]
        .iter()
        .map(|s| roman_value(s))
        .collect();
        assert_eq!(
            v,
            [
                Some(1),
                Some(2),
                Some(4),
                Some(9),
                Some(12),
                Some(39),
                None,
                None,
                Some(5),
                None,
                None
            ]
        );
    }

    #[test]
    fn number_styles_normalise_to_one_key() {
        for raw in ["2:28", "2.28", "2:28.", " 2 : 28 ", "2. 28"] {
            assert_eq!(
                normalize_article_number(raw).as_deref(),
                Some("2:28"),
                "{raw}"
            );
        }
        for raw in ["2:28a", "2:28A", "2.28a", "2:28 a", "2:28a."] {
            assert_eq!(
                normalize_article_number(raw).as_deref(),
                Some("2:28a"),
                "{raw}"
            );
        }
        assert_eq!(
            normalize_article_number("2.3.1.1").as_deref(),
            Some("2.3.1.1")
        );
        assert_eq!(normalize_article_number("3.1.3.").as_deref(), Some("3.1.3"));
        assert_eq!(normalize_article_number("2:3:1").as_deref(), Some("2.3.1"));
        assert_eq!(normalize_article_number("30").as_deref(), Some("30"));
        assert_eq!(normalize_article_number("33a").as_deref(), Some("33a"));
        assert_eq!(normalize_article_number("8A").as_deref(), Some("8a"));
        assert_eq!(normalize_article_number("0").as_deref(), Some("0"));
        assert_eq!(normalize_article_number("a"), None);
        assert_eq!(normalize_article_number("2:28ab"), None);
        assert_eq!(normalize_article_number(""), None);
    }

    #[test]
    fn plain_numbers_normalise_as_written_ones() {
        for raw in [
            "2:28", "2.28", "2:28.", "2:28a", "2:28A.", "2.3.1.1", "2:3:1", "3.1.3.", "30", "33a",
            "8A", "0", "007:01", "2:28ab", "2:", "2.", "2..", "2.a", "2:28a..", "a", "",
        ] {
            let plain = plain_article_number(raw);
            if plain.is_some() {
                assert_eq!(plain, written_article_number(raw), "{raw}");
            }
        }
        assert_eq!(plain_article_number("2.3.1").as_deref(), Some("2.3.1"));
        assert_eq!(plain_article_number("2 : 28"), None);
        assert_eq!(plain_article_number("2.a"), None);
    }

    #[test]
    fn unit_numbers() {
        assert_eq!(normalize_unit_number("8A"), "8a");
        assert_eq!(normalize_unit_number("2.1."), "2.1");
        assert_eq!(normalize_unit_number("IV"), "IV");
    }

    #[test]
    fn keys_order_numbers() {
        let k = |s| NumberKey::of(s).unwrap();
        assert!(k("2:28") < k("2:28a"));
        assert!(k("2:28a") < k("2:29"));
        assert!(k("2:9") < k("2:10"));
        assert!(k("1:8") < k("2:1"));
        assert!(k("9") < k("10"));
        // a number with more parts comes after its stem, whatever the parts left over
        assert!(k("2.3") < k("2.3.1"));
        assert!(k("2.3.1") < k("2.4"));
        assert_eq!(k("2.3.1.1.4.2"), k("2.3.1.1.4.2"));
        assert!(NumberKey::of("1.2.3.4.5.6.7").is_none());
    }

    #[test]
    fn plain_numbers_key_as_written_ones() {
        // the one-pass reading of a plainly written number gives the key the general reading
        // gives; other forms are left to the general reading
        for s in [
            "2:28",
            "2:28a",
            "2:28A",
            "30",
            "33a",
            "0",
            "007",
            "2.3.1.1.4.2",
            "1.2.3.4.5.6.7",
            "4294967295",
            "4294967296",
            "99999999999:1",
        ] {
            let Plain::Key(key) = NumberKey::of_plain(s) else {
                assert!(
                    matches!(NumberKey::of_plain(s), Plain::TooLong),
                    "{s} is plain"
                );
                assert_eq!(NumberKey::of_written(s), None, "{s}");
                continue;
            };
            assert_eq!(Some(key), NumberKey::of_written(s), "{s}");
        }
        for s in [
            "", "2.", "2:", "2 a", "2:28ab", "2.a", " 2", "2)", "2é", "a",
        ] {
            assert!(matches!(NumberKey::of_plain(s), Plain::Other), "{s}");
        }
        assert_eq!(NumberKey::of("2:28."), NumberKey::of("2:28"));
        assert_eq!(NumberKey::of("2 : 28 A"), NumberKey::of("2:28a"));
    }

    #[test]
    fn item_letters_follow() {
        assert_eq!(next_item_letter("a"), "b");
        assert_eq!(next_item_letter("z"), "aa");
        assert_eq!(next_item_letter("aa"), "bb");
        for current in ["a", "b", "y", "z", "aa", "yy", "zz", "ab", "A", ""] {
            for candidate in ["a", "b", "c", "z", "aa", "bb", "zz", ""] {
                assert_eq!(
                    is_next_item_letter(current, candidate),
                    !candidate.is_empty() && next_item_letter(current) == candidate,
                    "{current} {candidate}"
                );
            }
        }
    }
}
