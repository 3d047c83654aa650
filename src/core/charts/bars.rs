//! Bar charts shared by several dashboard charts: horizontal bars with category labels
//! (top lists, divisions, missing values) and vertical bars over labelled bins.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, INK, MUTED};
use super::ChartResult;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category label (truncated when drawn).
    pub label: String,
    /// Bar length.
    pub value: f64,
    /// Text at the end of the bar (`12,345` or `12.3%`).
    pub note: String,
}

/// Horizontal bars, first bar at the top, on `area` (already below the title).
///
/// Labels are cut to fit 40% of the width; values are written at the bar ends.
pub fn horizontal<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    x_desc: &str,
    color: RGBColor,
) -> ChartResult<()> {
    if bars.is_empty() {
        return theme::no_data(area, "No data for this selection");
    }
    let (w, h) = area.dim_in_pixel();
    let n = bars.len();
    // Font shrinks when rows are tight.
    let row_px = (h.saturating_sub(50)) as f64 / n as f64;
    let font = if row_px >= 16.0 { 12 } else { 11.min(row_px.max(8.0) as u32) };
    let max_label_px = (w as f64 * 0.4) as u32;
    let max_chars = ((max_label_px as f64) / (font as f64 * 0.56)) as usize;
    // Labels are cut to fit as the backend measures them (capital-heavy labels are wider
    // than the average-character estimate), and the label column is as wide as the widest.
    let label_style = theme::text(font, INK);
    let measure = |s: &str| {
        area.estimate_text_size(s, &label_style)
            .map_or_else(|_| theme::text_width(s.chars().count(), font), |m| m.0)
    };
    let labels: Vec<String> = bars
        .iter()
        .map(|b| {
            let mut chars = b.label.chars().count().min(max_chars);
            let mut label = theme::truncate(&b.label, chars);
            while chars > 4 && measure(&label) > max_label_px {
                chars -= 1;
                label = theme::truncate(&b.label, chars);
            }
            label
        })
        .collect();
    let label_px = labels.iter().map(|l| measure(l)).max().unwrap_or(0) + 10;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1e-9);
    let note_chars = bars.iter().map(|b| b.note.chars().count()).max().unwrap_or(0);
    let note_px = theme::text_width(note_chars, 11) as f64 + 8.0;
    let plot_px = (w.saturating_sub(label_px + 20)) as f64;
    // Leave room for the value notes to the right of the longest bar.
    let x_max = max * plot_px / (plot_px - note_px).max(plot_px * 0.5);

    let mut chart = ChartBuilder::on(area)
        .margin_right(14)
        .margin_left(6)
        .margin_bottom(4)
        .x_label_area_size(38)
        .y_label_area_size(label_px)
        .build_cartesian_2d(0f64..x_max, -0.5f64..n as f64 - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        // About one tick label per 70 pixels, so narrow panels do not run labels together.
        .x_labels(((plot_px / 70.0) as usize).clamp(2, 5))
        .y_labels(0)
        .x_label_formatter(&|v| theme::number(*v))
        .x_desc(x_desc)
        .x_label_style(theme::tick())
        .y_label_style(theme::text(font, INK))
        .axis_desc_style(theme::axis())
        .draw()?;
    // Bars fill 70% of their row (at least one pixel of gap).
    let half = (0.35f64).min(0.5 - 0.5 / row_px.max(2.0));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let y = (n - 1 - i) as f64;
        Rectangle::new([(0.0, y - half), (b.value, y + half)], color.filled())
    }))?;
    let (bx, by) = area.get_base_pixel();
    for (i, b) in bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let (x0, py) = chart.backend_coord(&(0.0, y));
        area.draw(&Text::new(
            labels[i].clone(),
            (x0 - bx - 6, py - by),
            theme::anchored(font, INK, HPos::Right, VPos::Center),
        ))?;
        let (px, py) = chart.backend_coord(&(b.value, y));
        area.draw(&Text::new(
            b.note.clone(),
            (px - bx + 4, py - by),
            theme::anchored(font.min(11), MUTED, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Vertical bars over labelled bins (left to right), value notes above the bars when they
/// fit; `y_max` fixes the top of the scale (to share it with a neighbouring panel).
pub fn vertical<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    x_desc: &str,
    y_desc: &str,
    colors: &[RGBColor],
    y_max: Option<f64>,
) -> ChartResult<()> {
    if bars.is_empty() {
        return theme::no_data(area, "No data for this selection");
    }
    let (w, _) = area.dim_in_pixel();
    let n = bars.len();
    let max = y_max.unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max)).max(1e-9);
    // An empty `y_desc` hides the y axis labels (a panel sharing its neighbour's scale); 74 px
    // hold "200,000" and the rotated axis title side by side.
    let y_area = if y_desc.is_empty() { 0 } else { 74 };
    let slot = w.saturating_sub(20 + y_area) as f64 / n as f64;
    let max_chars = (slot / (12.0 * 0.56)).max(3.0) as usize;
    let labels: Vec<String> = bars.iter().map(|b| theme::truncate(&b.label, max_chars)).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_right(14)
        .margin_left(6)
        .margin_top(8)
        .x_label_area_size(40)
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..max * 1.12)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        .y_labels(if y_area == 0 { 0 } else { 5 })
        .x_labels(0)
        .y_label_formatter(&|v| theme::number(*v))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    let half = (0.38f64).min(0.5 - 0.5 / slot.max(2.0));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let x = i as f64;
        Rectangle::new([(x - half, 0.0), (x + half, b.value)], colors[i % colors.len()].filled())
    }))?;
    let (bx, by) = area.get_base_pixel();
    for (i, b) in bars.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64, 0.0));
        area.draw(&PathElement::new(vec![(px - bx, py - by), (px - bx, py - by + 4)], INK))?;
        area.draw(&Text::new(
            labels[i].clone(),
            (px - bx, py - by + 6),
            theme::anchored(12, INK, HPos::Center, VPos::Top),
        ))?;
        if slot >= 34.0 && !b.note.is_empty() {
            let (px, py) = chart.backend_coord(&(i as f64, b.value));
            area.draw(&Text::new(
                b.note.clone(),
                (px - bx, py - by - 2),
                theme::anchored(11, MUTED, HPos::Center, VPos::Bottom),
            ))?;
        }
    }
    Ok(())
}
