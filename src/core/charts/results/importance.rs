//! Feature importance charts: the model's built-in importance (gain share for trees) and
//! permutation importance (mean drop of the held-out score, ± one standard deviation).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::bars::{self, Bar};
use super::super::theme::{self, BLUE, INK, MUTED, VERMILLION};
use crate::core::eval::{ImportanceMetric, PermutationImportance};
use crate::core::format::thousands;
use crate::core::Result;

/// Most features drawn.
pub const TOP: usize = 20;

/// Draws the built-in importance (best first) as shares of the total.
pub fn draw_gain_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, f64)],
) -> Result<()> {
    let total: f64 = items.iter().map(|(_, v)| v.max(0.0)).sum::<f64>().max(f64::MIN_POSITIVE);
    let shown = items.len().min(TOP);
    let subtitle = format!("share of the total split gain · top {shown} of {} features", items.len());
    let body = theme::header(area, "Feature importance (built-in)", &subtitle)?;
    let list: Vec<Bar> = items
        .iter()
        .take(TOP)
        .map(|(name, v)| {
            let share = v.max(0.0) / total;
            Bar { label: name.clone(), value: share * 100.0, note: format!("{:.1}%", share * 100.0) }
        })
        .collect();
    bars::horizontal(&body, &list, "% of total gain", BLUE)
}

/// One bar of the permutation chart.
struct Row<'a> {
    label: &'a str,
    mean: f64,
    std: Option<f64>,
}

/// Draws permutation importance, best first: the mean drop of the score with a ±1 std whisker,
/// or, with `class`, the mean drop of that class's recall (features re-ranked by it).
pub fn draw_permutation_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &PermutationImportance,
    classes: &[String],
    class: Option<usize>,
) -> Result<()> {
    let metric = match p.metric {
        ImportanceMetric::Accuracy => "accuracy",
        ImportanceMetric::MacroF1 => "macro F1",
    };
    let class =
        class.filter(|&c| c < classes.len() && p.features.iter().all(|f| f.per_class_recall.is_some()));
    let mut rows: Vec<Row> = p
        .features
        .iter()
        .map(|f| match class {
            Some(c) => {
                Row { label: &f.feature, mean: f.per_class_recall.as_ref().map_or(0.0, |r| r[c]), std: None }
            }
            None => Row { label: &f.feature, mean: f.mean, std: Some(f.std) },
        })
        .collect();
    if class.is_some() {
        rows.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    }
    rows.truncate(TOP);
    let (title, subtitle, x_desc) = match class {
        Some(c) => (
            format!("Permutation importance for {}", theme::truncate(&classes[c], 40)),
            format!(
                "drop in this class's recall when a feature is shuffled · {} repeats · {} test rows",
                p.repeats,
                thousands(p.rows as u64)
            ),
            "recall drop".to_owned(),
        ),
        None => (
            "Permutation importance".to_owned(),
            format!(
                "drop in {metric} (baseline {:.3}) · mean ± std of {} repeats · {} test rows",
                p.baseline,
                p.repeats,
                thousands(p.rows as u64)
            ),
            format!("{metric} drop"),
        ),
    };
    let body = theme::header(area, &title, &subtitle)?;
    if rows.is_empty() {
        return theme::no_data(&body, "No features");
    }
    let lo = rows.iter().map(|r| r.mean - r.std.unwrap_or(0.0)).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.mean + r.std.unwrap_or(0.0)).fold(0.0, f64::max).max(1e-6);
    let pad = (hi - lo) * 0.16;
    let (lo, hi) = (if lo < 0.0 { lo - pad * 0.3 } else { 0.0 }, hi + pad);
    let (w, h) = body.dim_in_pixel();
    let n = rows.len();
    let font = if (h.saturating_sub(50)) as usize / n >= 16 { 12 } else { 10 };
    let label_style = theme::text(font, INK);
    let max_label = (w as f64 * 0.38) as u32;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut chars = r.label.chars().count();
            let mut label = r.label.to_owned();
            while chars > 4 && body.estimate_text_size(&label, &label_style).map_or(0, |m| m.0) > max_label {
                chars -= 1;
                label = theme::truncate(r.label, chars);
            }
            label
        })
        .collect();
    let label_px =
        labels.iter().map(|l| body.estimate_text_size(l, &label_style).map_or(0, |m| m.0)).max().unwrap_or(0)
            + 10;
    let mut chart = ChartBuilder::on(&body)
        .margin_right(16)
        .margin_left(6)
        .margin_bottom(4)
        .x_label_area_size(38)
        .y_label_area_size(label_px)
        .build_cartesian_2d(lo..hi, -0.5f64..n as f64 - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        .x_labels(5)
        .y_labels(0)
        .x_label_formatter(&|v| format!("{v:.3}"))
        .x_desc(x_desc)
        .x_label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, -0.5), (0.0, n as f64 - 0.5)], MUTED)))?;
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let y = (n - 1 - i) as f64;
        let color = if r.mean >= 0.0 { BLUE } else { VERMILLION };
        Rectangle::new([(0.0, y - 0.32), (r.mean, y + 0.32)], color.filled())
    }))?;
    for (i, r) in rows.iter().enumerate() {
        let Some(std) = r.std.filter(|s| *s > 0.0) else { continue };
        let y = (n - 1 - i) as f64;
        let (a, b) = (r.mean - std, r.mean + std);
        chart.draw_series(std::iter::once(PathElement::new(vec![(a, y), (b, y)], INK.stroke_width(1))))?;
        for x in [a, b] {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, y - 0.18), (x, y + 0.18)],
                INK.stroke_width(1),
            )))?;
        }
    }
    let (bx, by) = body.get_base_pixel();
    for (i, r) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let (x0, py) = chart.backend_coord(&(lo, y));
        body.draw(&Text::new(
            labels[i].clone(),
            (x0 - bx - 6, py - by),
            theme::anchored(font, INK, HPos::Right, VPos::Center),
        ))?;
        let end = r.mean.max(0.0) + r.std.unwrap_or(0.0);
        let (px, py) = chart.backend_coord(&(end, y));
        body.draw(&Text::new(
            format!("{:.3}", r.mean),
            (px - bx + 4, py - by),
            theme::anchored(font.min(11), MUTED, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}
