//! Calendar dates as day numbers.
//!
//! Dates are stored as `i32` days since 1970-01-01 (the Unix epoch), which makes ranges,
//! differences and sorting plain integer operations. The conversions use Howard Hinnant's
//! proleptic Gregorian algorithms.

/// Days since 1970-01-01 for a civil date. `month` is 1–12, `day` 1–31.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The civil date `(year, month, day)` of a day number.
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(days: i32) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((days as i64 + 3).rem_euclid(7)) as u32
}

/// Formats a day number as ISO `YYYY-MM-DD`.
pub fn format_iso(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses an ISO `YYYY-MM-DD` date (as used by filters and the command line).
pub fn parse_iso(text: &str) -> Option<i32> {
    parse_date(text.as_bytes())
}

/// Parses the date part of the forms found in LA crime exports:
///
/// * `MM/DD/YYYY hh:mm:ss AM` (official export) and `M/D/YYYY H:MM` (re-saved by spreadsheets),
/// * `YYYY-MM-DD` with an optional `THH:MM:SS…` or ` HH:MM…` suffix (the open-data API).
///
/// The time of day is ignored: in the export it is always midnight. Returns `None` for anything
/// else, including impossible dates such as `02/30/2021`.
pub fn parse_date(field: &[u8]) -> Option<i32> {
    let field = trim(field);
    // Fast path for the official export's fixed-width `MM/DD/YYYY …`.
    if let [m1, m2, b'/', d1, d2, b'/', y1, y2, y3, y4, rest @ ..] = field {
        if rest.is_empty() || rest[0] == b' ' {
            let digit = |b: u8| b.wrapping_sub(b'0') as u32;
            let all = [*m1, *m2, *d1, *d2, *y1, *y2, *y3, *y4];
            if all.iter().all(|&b| digit(b) <= 9) {
                let (month, day) = (digit(*m1) * 10 + digit(*m2), digit(*d1) * 10 + digit(*d2));
                let year = digit(*y1) * 1000 + digit(*y2) * 100 + digit(*y3) * 10 + digit(*y4);
                if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year as i32, month) {
                    return Some(days_from_civil(year as i32, month, day));
                }
                return None;
            }
        }
    }
    let (year, month, day) = if field.len() >= 10 && field[4] == b'-' && field[7] == b'-' {
        (digits(&field[0..4])?, digits(&field[5..7])?, digits(&field[8..10])?)
    } else {
        let mut parts = [0u32; 3];
        let mut part = 0;
        let mut len = 0;
        let mut end = field.len();
        for (i, &b) in field.iter().enumerate() {
            match b {
                b'0'..=b'9' => {
                    parts[part] = parts[part] * 10 + (b - b'0') as u32;
                    len += 1;
                    if len > 4 {
                        return None;
                    }
                }
                b'/' if part < 2 && len > 0 => {
                    part += 1;
                    len = 0;
                }
                b' ' | b'T' if part == 2 => {
                    end = i;
                    break;
                }
                _ => return None,
            }
        }
        if part != 2 || len != 4 || end == 0 {
            return None;
        }
        (parts[2], parts[0], parts[1])
    };
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month) {
        return None;
    }
    Some(days_from_civil(year as i32, month, day))
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(bytes: &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + (b - b'0') as u32;
    }
    Some(value)
}

fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_civil_dates() {
        for days in -800_000..800_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format_iso(days_from_civil(2024, 3, 7)), "2024-03-07");
    }

    #[test]
    fn parses_export_forms() {
        let d = days_from_civil(2020, 10, 15);
        assert_eq!(parse_date(b"10/15/2020 12:00:00 AM"), Some(d));
        assert_eq!(parse_date(b"10/15/2020 0:00"), Some(d));
        assert_eq!(parse_date(b"10/15/2020"), Some(d));
        assert_eq!(parse_date(b"2020-10-15T00:00:00.000"), Some(d));
        assert_eq!(parse_date(b"2020-10-15"), Some(d));
        assert_eq!(parse_date(b"1/2/2021 0:00"), Some(days_from_civil(2021, 1, 2)));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_date(b"02/30/2021"), None);
        assert_eq!(parse_date(b"13/01/2021"), None);
        assert_eq!(parse_date(b"hello"), None);
        assert_eq!(parse_date(b""), None);
        assert_eq!(parse_date(b"1/2/21"), None);
        assert_eq!(parse_date(b"12345"), None);
    }

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(weekday(0), 3); // Thursday
        assert_eq!(weekday(days_from_civil(2024, 3, 7)), 3); // Thursday
        assert_eq!(weekday(days_from_civil(2020, 10, 18)), 6); // Sunday
    }
}
