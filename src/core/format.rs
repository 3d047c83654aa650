//! Numbers, durations and sizes written for people, the same on the page, in the HTML report,
//! in charts and in messages. Machine-readable values (`data-value`, JSON) are never formatted.

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A ratio as a percentage with two decimals: `0.7431` → `74.31%`.
pub fn pct(ratio: f64) -> String {
    format!("{:.2}%", ratio * 100.0)
}

/// Milliseconds as `850 ms`, `12.3 s` or `2 min 05 s`.
pub fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

/// A byte count as `512 bytes`, `3.5 MB`, `1.2 GB` (powers of 1000).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "kB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_005_000), "1,005,000");
    }

    #[test]
    fn durations_pick_their_unit() {
        assert_eq!(duration(850.4), "850 ms");
        assert_eq!(duration(12_340.0), "12.3 s");
        assert_eq!(duration(125_000.0), "2 min 05 s");
    }

    #[test]
    fn sizes_pick_their_unit() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(3_500_000), "3.5 MB");
        assert_eq!(bytes(1_200_000_000), "1.2 GB");
        assert_eq!(pct(0.7431), "74.31%");
    }
}
