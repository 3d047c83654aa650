//! The column profiles as CSV: one row per column with its kind, missing and distinct values,
//! numeric summary, top values and alerts. Written through [`safe_csv`],
//! so a column name or value from a dropped file (`=HYPERLINK(…)`) stays text.

use super::profile::Profile;
use crate::core::data::Kind;
use crate::core::error::Result;
use crate::core::safe_csv;

/// The header of [`profile_csv`].
pub const PROFILE_HEADER: [&str; 15] = [
    "column",
    "kind",
    "official",
    "count",
    "missing",
    "missing_pct",
    "distinct",
    "min",
    "median",
    "max",
    "mean",
    "std",
    "top_value",
    "top_count",
    "alerts",
];

/// The profiles as CSV bytes, one row per column in file order. `min`, `median` and `max` are
/// written as the profile shows them (dates `YYYY-MM-DD`, times `hh:mm`); `mean` and `std` only
/// for number columns.
pub fn profile_csv(profile: &Profile) -> Result<Vec<u8>> {
    let header = std::iter::once(PROFILE_HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let rows = profile.columns.iter().map(|c| {
        let text = c.numeric_text.as_ref();
        let numeric = c.numeric.as_ref().filter(|_| matches!(c.kind, Kind::Int | Kind::Float));
        let top = c.top.first();
        vec![
            c.name.clone(),
            c.kind.label().to_owned(),
            c.official.to_string(),
            c.count.to_string(),
            c.missing.to_string(),
            format!("{:.2}", c.missing_pct),
            c.distinct.to_string(),
            text.map_or(String::new(), |t| t.min.clone()),
            text.map_or(String::new(), |t| t.median.clone()),
            text.map_or(String::new(), |t| t.max.clone()),
            numeric.map_or(String::new(), |n| format!("{:.6}", n.mean)),
            numeric.map_or(String::new(), |n| format!("{:.6}", n.std)),
            top.map_or(String::new(), |t| t.value.clone()),
            top.map_or(String::new(), |t| t.count.to_string()),
            c.alerts.iter().map(|a| a.message.as_str()).collect::<Vec<_>>().join(" | "),
        ]
    });
    safe_csv::to_bytes(header.chain(rows))
}
