//! `divisions`: incidents per police division, most first.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{self, Bar};
use super::theme::{self, BLUE};
use super::ChartResult;
use crate::core::eda::places::{DivisionCount, DivisionCounts};
use crate::core::format::thousands;

/// The divisions the bars show, in their order: those with incidents, most first (ties by
/// AREA code).
pub fn bar_order(divisions: &[DivisionCount]) -> Vec<&DivisionCount> {
    let mut list: Vec<_> = divisions.iter().filter(|d| d.count > 0).collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.area.cmp(&b.area)));
    list
}

/// Draws incidents per division (divisions without incidents are left out).
pub fn draw_divisions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &DivisionCounts,
) -> ChartResult<()> {
    let list = bar_order(&counts.divisions);
    let total: u64 = list.iter().map(|d| d.count).sum();
    let mut subtitle = format!("{} of 21 divisions · {} incidents", list.len(), thousands(total));
    if counts.other > 0 {
        subtitle.push_str(&format!(" · {} without a division", thousands(counts.other)));
    }
    let body = theme::header(area, "Incidents per police division", &subtitle)?;
    let bars: Vec<Bar> = list
        .iter()
        .map(|d| Bar { label: d.name.clone(), value: d.count as f64, note: thousands(d.count) })
        .collect();
    bars::horizontal(&body, &bars, "incidents", BLUE)
}
