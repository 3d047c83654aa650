//! `associations`: Cramér's V between categorical columns (left) and Spearman correlation
//! between numeric columns (right), as labelled matrix heatmaps.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, INK, MUTED};
use super::ChartResult;
use crate::core::eda::{Associations, Matrix};
use crate::core::format::thousands;

/// Draws both association matrices.
pub fn draw_associations<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: &Associations,
) -> ChartResult<()> {
    let subtitle =
        format!("Seeded sample of {} rows (seed {}) · grey: undefined", thousands(a.sample_size), a.seed);
    let body = theme::header(area, "Associations between columns", &subtitle)?;
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w * 11 / 20);
    matrix(&left, "Cramér's V (categorical, 0–1)", &a.cramers_v, theme::sequential)?;
    matrix(&right, "Spearman ρ (numeric, −1–1)", &a.spearman, theme::diverging)
}

fn matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    m: &Matrix,
    color: impl Fn(f64) -> RGBColor,
) -> ChartResult<()> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(caption.to_owned(), (8, 0), theme::anchored(13, INK, HPos::Left, VPos::Top)))?;
    let n = m.labels.len();
    if n == 0 {
        return theme::no_data(area, "No columns");
    }
    let font = 11;
    let labels: Vec<String> =
        m.labels.iter().enumerate().map(|(i, l)| format!("{} {}", i + 1, theme::truncate(l, 14))).collect();
    let label_px =
        theme::text_width(labels.iter().map(|l| l.chars().count()).max().unwrap_or(1), font) as i32 + 8;
    let top = 20 + 14;
    let cell = ((w as i32 - label_px - 12) / n as i32).min((h as i32 - top - 6) / n as i32).max(4);
    let x0 = label_px;
    for (j, _) in m.labels.iter().enumerate() {
        area.draw(&Text::new(
            format!("{}", j + 1),
            (x0 + j as i32 * cell + cell / 2, top - 3),
            theme::anchored(font, MUTED, HPos::Center, VPos::Bottom),
        ))?;
    }
    for (i, row) in m.values.iter().enumerate() {
        let y = top + i as i32 * cell;
        area.draw(&Text::new(
            labels[i].clone(),
            (x0 - 6, y + cell / 2),
            theme::anchored(font, INK, HPos::Right, VPos::Center),
        ))?;
        for (j, v) in row.iter().enumerate() {
            let x = x0 + j as i32 * cell;
            let bg = v.map_or(RGBColor(235, 235, 235), &color);
            area.draw(&Rectangle::new([(x + 1, y + 1), (x + cell - 1, y + cell - 1)], bg.filled()))?;
            if cell >= 20 {
                let text = match v {
                    Some(v) if i == j => format!("{v:.0}"),
                    Some(v) if v.abs() < 0.005 => ".00".into(),
                    Some(v) => format!("{v:.2}").replace("0.", ".").replace("-.", "−."),
                    None => "–".into(),
                };
                area.draw(&Text::new(
                    text,
                    (x + cell / 2, y + cell / 2),
                    theme::anchored(10, theme::text_on(bg), HPos::Center, VPos::Center),
                ))?;
            }
        }
    }
    Ok(())
}
