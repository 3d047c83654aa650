//! `missing`: share of missing values per column (columns with gaps only, worst first).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{self, Bar};
use super::theme::{self, ORANGE};
use super::ChartResult;
use crate::core::eda::MissingCount;
use crate::core::format::thousands;

/// Most columns listed.
pub const MAX_COLUMNS: usize = 16;

/// Draws the missing-values chart.
pub fn draw_missing<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    missing: &[MissingCount],
    rows: u64,
) -> ChartResult<()> {
    let mut gaps: Vec<&MissingCount> = missing.iter().filter(|m| m.missing > 0).collect();
    gaps.sort_by(|a, b| b.missing.cmp(&a.missing).then(a.column.cmp(&b.column)));
    let complete = missing.len() - gaps.len();
    let hidden = gaps.len().saturating_sub(MAX_COLUMNS);
    let mut subtitle = format!(
        "{} of {} columns have gaps, {} complete · {} rows",
        gaps.len(),
        missing.len(),
        complete,
        thousands(rows)
    );
    if hidden > 0 {
        subtitle.push_str(&format!(" · {hidden} more not shown"));
    }
    let body = theme::header(area, "Missing values by column", &subtitle)?;
    if gaps.is_empty() {
        return theme::no_data(&body, "No missing values");
    }
    let list: Vec<Bar> = gaps
        .iter()
        .take(MAX_COLUMNS)
        .map(|m| Bar {
            label: m.column.clone(),
            value: m.pct,
            note: format!("{:.1}% ({})", m.pct, thousands(m.missing)),
        })
        .collect();
    bars::horizontal(&body, &list, "missing values (% of rows)", ORANGE)
}
