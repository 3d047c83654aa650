//! ROC and precision–recall curves, one line per class (one class against the rest), with
//! the area of each in the legend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::theme::{self, INK, MUTED};
use crate::core::charts::palette::class_color;
use crate::core::eval::{ClassCurves, Curve};
use crate::core::Result;

/// Draws the ROC curve of every class, with its AUC, and the chance diagonal.
pub fn draw_roc<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, curves: &[ClassCurves]) -> Result<()> {
    draw_curves(
        area,
        "ROC curves",
        "each class against the rest · legend: area under the curve",
        curves,
        |c| (&c.roc, c.roc_auc, "AUC"),
        ("false-positive rate", "true-positive rate"),
        true,
    )
}

/// Draws the precision–recall curve of every class, with its average precision.
pub fn draw_precision_recall<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[ClassCurves],
) -> Result<()> {
    draw_curves(
        area,
        "Precision–recall curves",
        "each class against the rest · legend: average precision",
        curves,
        |c| (&c.pr, c.average_precision, "AP"),
        ("recall", "precision"),
        false,
    )
}

type Pick = fn(&ClassCurves) -> (&Curve, Option<f64>, &'static str);

fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    curves: &[ClassCurves],
    pick: Pick,
    (x_desc, y_desc): (&str, &str),
    diagonal: bool,
) -> Result<()> {
    let body = theme::header(area, title, subtitle)?;
    if curves.is_empty() {
        return theme::no_data(&body, "No curves");
    }
    let (w, h) = body.dim_in_pixel();
    let plot_w = (h + 40).min(w.saturating_sub(190)).max(200);
    let (plot, key) = body.split_horizontally(plot_w);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(10)
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
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    if diagonal {
        chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (1.0, 1.0)], MUTED.mix(0.6))))?;
    }
    for (i, c) in curves.iter().enumerate() {
        let (curve, _, _) = pick(c);
        chart.draw_series(std::iter::once(PathElement::new(
            curve.x.iter().zip(&curve.y).map(|(&x, &y)| (x as f64, y as f64)).collect::<Vec<_>>(),
            class_color(i).stroke_width(2),
        )))?;
    }
    let line = 15.min((h.saturating_sub(10) / curves.len().max(1) as u32).max(9)) as i32;
    let font = if line >= 14 { 12 } else { 10 };
    let max_chars = (key.dim_in_pixel().0.saturating_sub(30) as f64 / (font as f64 * 0.56)) as usize;
    for (i, c) in curves.iter().enumerate() {
        let (_, area_value, name) = pick(c);
        let y = 10 + i as i32 * line;
        key.draw(&Rectangle::new([(4, y - 2), (18, y + 2)], class_color(i).filled()))?;
        let value = area_value.map_or("–".to_owned(), |a| format!("{a:.3}"));
        let text = format!("{name} {value} · {}", c.class);
        key.draw(&Text::new(
            theme::truncate(&text, max_chars.max(8)),
            (24, y),
            theme::anchored(font, INK, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}
