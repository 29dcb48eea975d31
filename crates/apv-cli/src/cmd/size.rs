//! `--max-file-size` values: a number of bytes with an optional suffix (`64M`, `512k`, `1G`,
//! `64MiB`, `2mb`). Suffixes are binary: k = 1024 bytes, M = 1024², G = 1024³.

/// Parses a size such as `64M` or `1048576` into bytes.
pub fn parse_size(value: &str) -> Result<u64, String> {
    let v = value.trim();
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!(
            "{value:?}: expected a number of bytes, optionally with k, M or G (e.g. 64M)"
        ));
    }
    let number: u64 = v[..digits]
        .parse()
        .map_err(|_| format!("{value:?}: the number is too large"))?;
    let unit = v[digits..].trim().to_ascii_lowercase();
    let factor: u64 = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "{value:?}: unknown size suffix {:?} (use k, M or G)",
                &v[digits..]
            ));
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("{value:?}: the size is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_with_and_without_suffix() {
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("2 GB"), Ok(2 << 30));
        assert_eq!(parse_size("0"), Ok(0));
    }

    #[test]
    fn bad_sizes_are_refused() {
        assert!(parse_size("").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("12T").is_err());
        assert!(parse_size("-5").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert!(parse_size("18446744073709551615G").is_err());
    }
}
