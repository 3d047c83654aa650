//! The feature ranking as CSV: one row per base column, best first, with both scores and
//! whether it was kept — the table behind the training matrix's ranking chart. Written through
//! [`safe_csv`], so a column name from a dropped file stays text.

use super::select::RankEntry;
use crate::core::error::Result;
use crate::core::safe_csv;

/// The header of [`ranking_csv`].
pub const RANKING_HEADER: [&str; 8] =
    ["rank", "column", "feature", "mutual_info", "uncertainty", "chi2", "chi2_dof", "kept"];

/// The ranking (as [`FeatureSummary::ranking`](super::FeatureSummary::ranking) holds it,
/// best first) as CSV bytes.
pub fn ranking_csv(ranking: &[RankEntry]) -> Result<Vec<u8>> {
    let header = std::iter::once(RANKING_HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let rows = ranking.iter().enumerate().map(|(i, e)| {
        vec![
            (i + 1).to_string(),
            e.column.clone(),
            e.feature.clone(),
            format!("{:.6}", e.mutual_info),
            format!("{:.6}", e.uncertainty),
            format!("{:.3}", e.chi2),
            e.chi2_dof.to_string(),
            e.kept.to_string(),
        ]
    });
    safe_csv::to_bytes(header.chain(rows))
}
