//! Byte-level parsers for single CSV fields.
//!
//! They work on `&[u8]` straight out of the tokeniser, allocate nothing, and return `None` for
//! text that is not what the column expects (the caller stores a missing value and counts it).

/// Parses a decimal integer, allowing surrounding blanks and a sign. `None` on overflow.
pub fn parse_int(field: &[u8]) -> Option<i64> {
    let field = trim(field);
    let (negative, digits) = match field {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, field),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        value = value * 10 + d as i64;
    }
    Some(if negative { -value } else { value })
}

/// Parses an integer that must fit in `i32`.
pub fn parse_i32(field: &[u8]) -> Option<i32> {
    parse_int(field).and_then(|v| i32::try_from(v).ok())
}

/// Parses a decimal number such as `34.0701` or `-118.4679`.
///
/// Plain decimals of up to 15 significant digits take an exact fast path (integer mantissa
/// divided by an exact power of ten, which IEEE division rounds correctly); anything else
/// (exponents, long mantissas) falls back to the standard library.
pub fn parse_float(field: &[u8]) -> Option<f64> {
    let field = trim(field);
    if field.is_empty() {
        return None;
    }
    let (negative, body) = match field {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, field),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut frac_digits = 0u32;
    let mut seen_dot = false;
    let mut simple = !body.is_empty();
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + (b - b'0') as u64;
                digits += 1;
                if seen_dot {
                    frac_digits += 1;
                }
                if digits > 15 {
                    simple = false;
                    break;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => {
                simple = false;
                break;
            }
        }
    }
    if simple && digits > 0 {
        const POW10: [f64; 16] =
            [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
        let value = mantissa as f64 / POW10[frac_digits as usize];
        return Some(if negative { -value } else { value });
    }
    let text = std::str::from_utf8(field).ok()?;
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses `TIME OCC` (24-hour `HHMM` without leading zeros: `1` is 00:01, `2350` is 23:50)
/// into minutes after midnight. Also accepts `HH:MM`.
pub fn parse_time_of_day(field: &[u8]) -> Option<i32> {
    let field = trim(field);
    let (hours, minutes) = if let Some(colon) = field.iter().position(|&b| b == b':') {
        let rest = &field[colon + 1..];
        (parse_int(&field[..colon])?, parse_int(&rest[..rest.len().min(2)])?)
    } else {
        let v = parse_int(field)?;
        if v < 0 {
            return None;
        }
        (v / 100, v % 100)
    };
    if (0..24).contains(&hours) && (0..60).contains(&minutes) {
        Some((hours * 60 + minutes) as i32)
    } else {
        None
    }
}

/// Parses a space-separated list of numeric codes (`Mocodes`: `0417 0344 1823`), appending
/// them to `out`. Returns false (and appends nothing) when a token is not a code in 0–65535.
pub fn parse_code_list(field: &[u8], out: &mut Vec<u16>) -> bool {
    let start = out.len();
    for token in field.split(|&b| b == b' ').filter(|t| !t.is_empty()) {
        match parse_int(token).and_then(|v| u16::try_from(v).ok()) {
            Some(code) => out.push(code),
            None => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// Copies `field` into `out` with leading/trailing blanks removed and inner runs of blanks
/// collapsed to one space (`100 S  ACARI     DR` → `100 S ACARI DR`).
pub fn collapse_blanks(field: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut pending_space = false;
    for &b in field {
        if b == b' ' || b == b'\t' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(b' ');
                pending_space = false;
            }
            out.push(b);
        }
    }
}

/// Removes leading and trailing blanks.
pub fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r'] = bytes {
        bytes = rest;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_int(b"200815333"), Some(200815333));
        assert_eq!(parse_int(b" -2 "), Some(-2));
        assert_eq!(parse_int(b""), None);
        assert_eq!(parse_int(b"12a"), None);
        assert_eq!(parse_i32(b"99999999999"), None);
    }

    #[test]
    fn floats_match_std() {
        for text in ["34.0701", "-118.4679", "0", "0.0", "-0.5", "1e3", "123456789012345678", ".5", "7."] {
            assert_eq!(parse_float(text.as_bytes()), text.parse::<f64>().ok(), "{text}");
        }
        assert_eq!(parse_float(b"abc"), None);
        assert_eq!(parse_float(b"-"), None);
        assert_eq!(parse_float(b"."), None);
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day(b"1"), Some(1));
        assert_eq!(parse_time_of_day(b"2000"), Some(20 * 60));
        assert_eq!(parse_time_of_day(b"2359"), Some(23 * 60 + 59));
        assert_eq!(parse_time_of_day(b"0930"), Some(9 * 60 + 30));
        assert_eq!(parse_time_of_day(b"14:05"), Some(14 * 60 + 5));
        assert_eq!(parse_time_of_day(b"2460"), None);
        assert_eq!(parse_time_of_day(b"x"), None);
    }

    #[test]
    fn code_lists() {
        let mut out = Vec::new();
        assert!(parse_code_list(b"0417 0344 1823", &mut out));
        assert_eq!(out, vec![417, 344, 1823]);
        assert!(parse_code_list(b"", &mut out));
        assert_eq!(out.len(), 3);
        assert!(!parse_code_list(b"0417 abc", &mut out));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn collapses_blanks() {
        let mut out = Vec::new();
        collapse_blanks(b"100 S  ACARI                        DR", &mut out);
        assert_eq!(out, b"100 S ACARI DR");
        collapse_blanks(b"   ", &mut out);
        assert!(out.is_empty());
    }
}
