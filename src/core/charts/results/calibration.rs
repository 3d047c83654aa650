//! The reliability diagram: mean predicted probability against the observed frequency in
//! each bin, dots sized by the rows they hold, with the perfect-calibration diagonal.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::theme::{self, BLUE, MUTED};
use crate::core::eval::{Calibration, CalibrationKind};
use crate::core::Result;

/// Draws the reliability diagram with its expected calibration error.
pub fn draw_calibration<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, c: &Calibration) -> Result<()> {
    let what = match &c.kind {
        CalibrationKind::PositiveClass(class) => format!("probability of {class}"),
        CalibrationKind::TopLabel => "confidence of the predicted class".to_owned(),
    };
    let subtitle = format!("{what} · expected calibration error {:.3}", c.ece);
    let body = theme::header(area, "Calibration", &subtitle)?;
    if c.bins.is_empty() {
        return theme::no_data(&body, "No bins");
    }
    let mut chart = ChartBuilder::on(&body)
        .margin_right(16)
        .margin_left(6)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..1.0, 0f64..1.0)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.1}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .x_desc("mean predicted probability")
        .y_desc("observed frequency")
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (1.0, 1.0)], MUTED.mix(0.6))))?;
    let points: Vec<(f64, f64)> = c.bins.iter().map(|b| (b.mean_predicted, b.observed)).collect();
    chart.draw_series(std::iter::once(PathElement::new(points, BLUE.stroke_width(2))))?;
    let max = c.bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    chart.draw_series(c.bins.iter().map(|b| {
        let r = (3.0 + 6.0 * (b.count as f64 / max).sqrt()).round() as u32;
        Circle::new((b.mean_predicted, b.observed), r, BLUE.mix(0.75).filled())
    }))?;
    Ok(())
}
