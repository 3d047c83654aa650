//! Colour legends: a vertical colour bar with labelled ticks.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, INK, MUTED};
use super::ChartResult;
use crate::core::format::thousands;

/// Draws a vertical colour bar in `area`: `color(t)` for `t` from 0 (bottom) to 1 (top),
/// with `ticks` as `(t, label)` and a caption above.
pub fn color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    color: impl Fn(f64) -> RGBColor,
    ticks: &[(f64, String)],
) -> ChartResult<()> {
    let (_, h) = area.dim_in_pixel();
    let (x0, x1) = (8, 22);
    let (top, bottom) = (34, h as i32 - 40);
    if bottom - top < 20 {
        return Ok(());
    }
    for line in caption.split('\n').enumerate() {
        area.draw(&Text::new(
            line.1.to_owned(),
            (4, 4 + 14 * line.0 as i32),
            theme::anchored(12, MUTED, HPos::Left, VPos::Top),
        ))?;
    }
    let steps = 64;
    let span = (bottom - top) as f64;
    for s in 0..steps {
        let t0 = s as f64 / steps as f64;
        let y1 = bottom - (t0 * span).round() as i32;
        let y0 = bottom - ((s + 1) as f64 / steps as f64 * span).round() as i32;
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color(t0 + 0.5 / steps as f64).filled()))?;
    }
    area.draw(&Rectangle::new([(x0, top), (x1, bottom)], MUTED))?;
    for (t, label) in ticks {
        let y = bottom - (t.clamp(0.0, 1.0) * span).round() as i32;
        area.draw(&PathElement::new(vec![(x1, y), (x1 + 4, y)], INK))?;
        area.draw(&Text::new(
            label.clone(),
            (x1 + 7, y),
            theme::anchored(11, INK, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Draws a column of colour swatches with labels in `area` under a caption (lines split on
/// `\n`); labels are shortened to fit the area's width.
pub fn swatches<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    items: &[(RGBColor, String)],
) -> ChartResult<()> {
    let (w, h) = area.dim_in_pixel();
    let lines = caption.split('\n').count() as i32;
    for (i, line) in caption.split('\n').enumerate() {
        area.draw(&Text::new(
            line.to_owned(),
            (4, 4 + 14 * i as i32),
            theme::anchored(12, MUTED, HPos::Left, VPos::Top),
        ))?;
    }
    let max_chars = ((w as f64 - 26.0) / (11.0 * 0.56)) as usize;
    let row_h = 18;
    let top = 10 + 14 * lines;
    for (i, (color, label)) in items.iter().enumerate() {
        let y = top + row_h * i as i32;
        if y + 2 * row_h > h as i32 && i + 1 < items.len() {
            area.draw(&Text::new(
                format!("… {} more", items.len() - i),
                (6, y + 9),
                theme::anchored(11, MUTED, HPos::Left, VPos::Center),
            ))?;
            break;
        }
        area.draw(&Rectangle::new([(6, y + 3), (18, y + 15)], color.filled()))?;
        area.draw(&Text::new(
            theme::truncate(label, max_chars),
            (24, y + 9),
            theme::anchored(11, INK, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Ticks for a linear count scale `0..=max`: 0, the middle and the maximum.
pub fn linear_ticks(max: u64) -> Vec<(f64, String)> {
    if max == 0 {
        return vec![(0.0, "0".into())];
    }
    vec![(0.0, "0".into()), (0.5, theme::number((max as f64 / 2.0).round())), (1.0, thousands(max))]
}

/// Ticks for a logarithmic count scale `t = ln(1 + c) / ln(1 + max)`: powers of ten and the
/// maximum.
pub fn log_ticks(max: u64) -> Vec<(f64, String)> {
    let denom = (1.0 + max as f64).ln();
    if max == 0 || denom <= 0.0 {
        return vec![(0.0, "0".into())];
    }
    let mut out = vec![(1.0f64.ln_1p() / denom, "1".to_owned())];
    let mut p = 10u64;
    while p < max {
        let t = (p as f64).ln_1p() / denom;
        if t < 0.9 && t - out.last().map_or(0.0, |l| l.0) > 0.12 {
            out.push((t, thousands(p)));
        }
        p *= 10;
    }
    if max > 1 {
        out.push((1.0, thousands(max)));
    }
    out
}
