//! The learning curve: training and validation loss per iteration of the fit.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::theme::{self, BLUE, ORANGE};
use crate::core::models::TrainProgress;
use crate::core::Result;

/// Whether the fit reported at least two losses (else there is no curve to draw).
pub fn has_losses(points: &[TrainProgress]) -> bool {
    points.iter().map(|p| p.train_loss.is_some() as usize + p.valid_loss.is_some() as usize).sum::<usize>()
        >= 2
}

/// Draws training (orange) and validation (blue) loss against the iteration.
pub fn draw_learning_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[TrainProgress],
) -> Result<()> {
    let train: Vec<(f64, f64)> =
        points.iter().filter_map(|p| p.train_loss.map(|l| (p.iteration as f64, l))).collect();
    let valid: Vec<(f64, f64)> =
        points.iter().filter_map(|p| p.valid_loss.map(|l| (p.iteration as f64, l))).collect();
    let best = valid.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let subtitle = match best {
        Some((i, l)) => format!("loss per iteration · lowest validation loss {l:.4} at iteration {i:.0}"),
        None => "loss per iteration".to_owned(),
    };
    let body = theme::header(area, "Learning curve", &subtitle)?;
    if !has_losses(points) {
        return theme::no_data(&body, "This model reports no loss");
    }
    let all = train.iter().chain(&valid);
    let (lo, hi) = all.clone().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let x_max = all.map(|p| p.0).fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&body)
        .margin_right(18)
        .margin_left(6)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(58)
        .build_cartesian_2d(0f64..x_max, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .x_desc("iteration")
        .y_desc("loss")
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    let keys = [(&train, ORANGE, "training loss"), (&valid, BLUE, "validation loss")];
    let (w, _) = body.dim_in_pixel();
    let mut key_y = 14;
    for (points, color, label) in keys {
        if points.is_empty() {
            continue;
        }
        chart.draw_series(std::iter::once(PathElement::new(points.clone(), color.stroke_width(2))))?;
        let x = w as i32 - 150;
        body.draw(&PathElement::new(vec![(x, key_y), (x + 18, key_y)], color.stroke_width(2)))?;
        body.draw(&Text::new(
            label,
            (x + 24, key_y),
            theme::anchored(12, theme::INK, HPos::Left, VPos::Center),
        ))?;
        key_y += 16;
    }
    Ok(())
}
