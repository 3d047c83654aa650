//! `division-map`: choropleth of incidents per division, with a legend; pans and zooms
//! through the view window.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend;
use super::map::{self, LEGEND_PX};
use super::theme::{self, OUTLINE};
use super::ChartResult;
use crate::core::eda::places::DivisionCounts;
use crate::core::format::thousands;
use crate::core::geo::{Bounds, Divisions};

/// Draws the division choropleth. `view` is the longitude/latitude window shown (the whole
/// city when `None`); it is widened to the canvas' aspect ratio.
pub fn draw_division_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &DivisionCounts,
    divisions: &Divisions,
    view: Option<Bounds>,
) -> ChartResult<()> {
    let total: u64 = counts.divisions.iter().map(|d| d.count).sum();
    let max = counts.divisions.iter().map(|d| d.count).max().unwrap_or(0);
    // The colour scale spans the divisions with incidents (min to max), so that differences
    // between busy divisions show; divisions without incidents are light grey.
    let min = counts.divisions.iter().map(|d| d.count).filter(|&c| c > 0).min().unwrap_or(0);
    let scale = move |c: u64| {
        if max > min {
            0.08 + 0.92 * (c - min) as f64 / (max - min) as f64
        } else {
            1.0
        }
    };
    let busiest = counts.divisions.iter().max_by_key(|d| (d.count, -d.area));
    let subtitle = match busiest {
        Some(b) if max > 0 => format!(
            "{} incidents in 21 divisions · most in {} ({})",
            thousands(total),
            b.name,
            thousands(b.count)
        ),
        _ => "No incidents in this selection".to_owned(),
    };
    let body = theme::header(area, "Incidents by police division", &subtitle)?;
    let (w, _) = body.dim_in_pixel();
    let (main, key) = body.split_horizontally(w.saturating_sub(LEGEND_PX));
    let proj = map::projection(&main, view, divisions.bounds);
    let count_of = |a: i32| counts.divisions.iter().find(|d| d.area == a).map_or(0, |d| d.count);
    let fill = |a: i32| {
        let c = count_of(a);
        Some(if c == 0 { RGBColor(242, 242, 242) } else { theme::sequential(scale(c)) })
    };
    map::draw_divisions(&main, &proj, divisions, fill, OUTLINE.stroke_width(1))?;
    // Names where the division is wide enough on screen.
    map::label_divisions(&main, &proj, divisions, 10, |d| {
        let name =
            counts.divisions.iter().find(|c| c.area == d.area).map_or_else(|| d.title(), |c| c.name.clone());
        Some((vec![name], fill(d.area).unwrap_or(WHITE)))
    })?;
    map::frame(&main, &proj)?;
    let ticks = if max > min {
        vec![
            (scale(min), thousands(min)),
            (scale((min + max) / 2), thousands((min + max) / 2)),
            (1.0, thousands(max)),
        ]
    } else {
        vec![(1.0, thousands(max))]
    };
    legend::color_bar(&key, "incidents", theme::sequential, &ticks)
}
