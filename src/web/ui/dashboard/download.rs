//! Saving a dashboard chart's canvas as a PNG file.

use super::canvas::chart_canvas;
use crate::core::charts::ChartKind;
use crate::web::save::save_canvas_png;

/// Downloads the chart as `crimelab-<name>.png`.
pub fn download_png(kind: ChartKind) -> Result<(), String> {
    let canvas = chart_canvas(kind).ok_or("The chart is not on the page.")?;
    save_canvas_png(&canvas, &format!("crimelab-{}.png", kind.name()))
}
