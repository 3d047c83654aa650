//! The division layers: accuracy or macro-F1 per division, and the actual vs predicted share
//! of one class per division.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::MapData;
use super::MapMode;
use crate::core::charts::theme::{self, OUTLINE};
use crate::core::charts::{legend, map, ChartResult};
use crate::core::eval::GroupMetrics;
use crate::core::geo::{Divisions, Projection};

/// Fill of a division without test rows.
const EMPTY: RGBColor = RGBColor(242, 242, 242);

/// Share of a class among a division's rows: (actual, predicted).
pub fn class_shares(m: &GroupMetrics, class: usize) -> (f64, f64) {
    let rows = m.rows.max(1) as f64;
    let get = |v: &[u64]| v.get(class).copied().unwrap_or(0) as f64 / rows;
    (get(&m.actual), get(&m.predicted))
}

/// A share as a label: one decimal below 10%, whole percents above.
pub fn share(v: f64) -> String {
    if v < 0.1 {
        format!("{:.1}%", 100.0 * v)
    } else {
        format!("{:.0}%", 100.0 * v)
    }
}

/// The value a metric mode shows for a division.
pub fn metric_value(mode: MapMode, m: &GroupMetrics) -> f64 {
    if mode == MapMode::MacroF1 {
        m.macro_f1
    } else {
        m.accuracy
    }
}

/// Fills the divisions by accuracy or macro-F1 and labels them; draws the legend in `key`.
pub(super) fn draw_metric<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    key: &DrawingArea<DB, Shift>,
    proj: &Projection,
    divisions: &Divisions,
    data: &MapData,
    mode: MapMode,
) -> ChartResult<()> {
    let values: Vec<f64> =
        data.divisions.iter().filter(|m| m.rows > 0).map(|m| metric_value(mode, m)).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // The scale spans the divisions' range, so differences between them show.
    let scale = move |v: f64| if hi > lo { 0.08 + 0.92 * (v - lo) / (hi - lo) } else { 1.0 };
    let fill = |area: i32| match data.division(area) {
        Some(m) if m.rows > 0 => theme::sequential(scale(metric_value(mode, m))),
        _ => EMPTY,
    };
    map::draw_divisions(main, proj, divisions, |a| Some(fill(a)), OUTLINE.stroke_width(1))?;
    map::label_divisions(main, proj, divisions, 12, |d| {
        let m = data.division(d.area).filter(|m| m.rows > 0)?;
        let value = format!("{:.1}%", 100.0 * metric_value(mode, m));
        Some((vec![MapData::division_name(d.area).to_owned(), value], fill(d.area)))
    })?;
    map::frame(main, proj)?;
    if values.is_empty() {
        return Ok(());
    }
    let pct = |v: f64| format!("{:.0}%", 100.0 * v);
    let ticks = if hi > lo {
        vec![(scale(lo), pct(lo)), (scale((lo + hi) / 2.0), pct((lo + hi) / 2.0)), (1.0, pct(hi))]
    } else {
        vec![(1.0, pct(hi))]
    };
    legend::color_bar(key, &format!("{}\nper division", mode.metric_name()), theme::sequential, &ticks)
}

/// Fills the divisions by how much the model over- or under-predicts `class` there
/// (predicted share − actual share) and labels them "actual → predicted".
pub(super) fn draw_share<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    key: &DrawingArea<DB, Shift>,
    proj: &Projection,
    divisions: &Divisions,
    data: &MapData,
    class: usize,
) -> ChartResult<()> {
    let diffs: Vec<f64> = data
        .divisions
        .iter()
        .filter(|m| m.rows > 0)
        .map(|m| {
            let (a, p) = class_shares(m, class);
            p - a
        })
        .collect();
    // Symmetric around 0, at least ±2 points so noise is not painted as bias.
    let span = diffs.iter().fold(0.02f64, |s, d| s.max(d.abs()));
    let fill = |area: i32| match data.division(area) {
        Some(m) if m.rows > 0 => {
            let (a, p) = class_shares(m, class);
            theme::diverging((p - a) / span)
        }
        _ => EMPTY,
    };
    map::draw_divisions(main, proj, divisions, |a| Some(fill(a)), OUTLINE.stroke_width(1))?;
    map::label_divisions(main, proj, divisions, 12, |d| {
        let m = data.division(d.area).filter(|m| m.rows > 0)?;
        let (a, p) = class_shares(m, class);
        let text = format!("{} → {}", share(a), share(p));
        Some((vec![MapData::division_name(d.area).to_owned(), text], fill(d.area)))
    })?;
    map::frame(main, proj)?;
    let pts = |v: f64| format!("{:+.0} pts", 100.0 * v);
    let ticks = vec![(0.0, pts(-span)), (0.5, "0".to_owned()), (1.0, pts(span))];
    legend::color_bar(key, "predicted minus\nactual share", |t| theme::diverging(2.0 * t - 1.0), &ticks)
}
