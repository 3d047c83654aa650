//! Column sparklines: tiny bar charts without axes for the profile table.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::theme::BLUE;
use super::ChartResult;
use crate::core::eda::ColumnProfile;

/// Draws `counts` as bars filling `area` (no axes, no text), in `color`.
pub fn draw_sparkline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &[u64],
    color: RGBColor,
) -> ChartResult<()> {
    let (w, h) = area.dim_in_pixel();
    let n = counts.len();
    let max = counts.iter().copied().max().unwrap_or(0);
    if n == 0 || max == 0 {
        return Ok(());
    }
    let slot = w as f64 / n as f64;
    let gap = if slot >= 4.0 { 1 } else { 0 };
    for (i, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let x0 = (i as f64 * slot).round() as i32;
        let x1 = ((i + 1) as f64 * slot).round() as i32 - gap;
        // At least one pixel for any non-zero count.
        let bar = ((c as f64 / max as f64) * (h as f64 - 1.0)).round().max(1.0) as i32;
        area.draw(&Rectangle::new([(x0, h as i32 - bar), (x1.max(x0 + 1), h as i32)], color.filled()))?;
    }
    Ok(())
}

/// Draws a column profile's sparkline (histogram or top-value bars).
pub fn draw_column_sparkline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    column: &ColumnProfile,
) -> ChartResult<()> {
    draw_sparkline(area, &column.spark.counts, BLUE)
}
