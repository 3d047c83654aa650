//! `density-map`: incidents on a longitude/latitude grid (log colour scale) over the division
//! outlines; withheld locations are excluded. Pans and zooms through the view window.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend;
use super::map::{self, LEGEND_PX};
use super::theme::{self, OUTLINE};
use super::ChartResult;
use crate::core::eda::places::DensityGrid;
use crate::core::format::thousands;
use crate::core::geo::{Bounds, Divisions};

/// Draws the density grid. `view` is the window shown (by default the data's extent); the
/// division outlines are drawn when given.
pub fn draw_density_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &DensityGrid,
    divisions: Option<&Divisions>,
    view: Option<Bounds>,
) -> ChartResult<()> {
    let (cw, ch) = grid.cell_size();
    let subtitle = format!(
        "{} located incidents · cells of {:.0} × {:.0} m · {} without location excluded",
        thousands(grid.points),
        cw * 111_320.0 * grid.bounds.center().1.to_radians().cos(),
        ch * 111_320.0,
        thousands(grid.hidden)
    );
    let body = theme::header(area, "Where incidents happen", &subtitle)?;
    let (w, _) = body.dim_in_pixel();
    let (main, key) = body.split_horizontally(w.saturating_sub(LEGEND_PX));
    let fallback = grid.data_bounds.unwrap_or(grid.bounds);
    let proj = map::projection(&main, view, fallback);
    let denom = (1.0 + grid.max as f64).ln().max(1e-9);
    let r = proj.rect;
    let v = proj.view;
    // Only the cells inside the view.
    let ix0 = (((v.lon_min - grid.bounds.lon_min) / cw).floor().max(0.0) as usize).min(grid.nx);
    let ix1 = (((v.lon_max - grid.bounds.lon_min) / cw).ceil().max(0.0) as usize).min(grid.nx);
    let iy0 = (((v.lat_min - grid.bounds.lat_min) / ch).floor().max(0.0) as usize).min(grid.ny);
    let iy1 = (((v.lat_max - grid.bounds.lat_min) / ch).ceil().max(0.0) as usize).min(grid.ny);
    for iy in iy0..iy1 {
        for ix in ix0..ix1 {
            let c = grid.counts[iy * grid.nx + ix];
            if c == 0 {
                continue;
            }
            let lon = grid.bounds.lon_min + ix as f64 * cw;
            let lat = grid.bounds.lat_min + iy as f64 * ch;
            let (x0, y1) = proj.to_px(lon, lat);
            let (x1, y0) = proj.to_px(lon + cw, lat + ch);
            let clamp_x = |x: f64| (x.round() as i32).clamp(r.0, r.2);
            let clamp_y = |y: f64| (y.round() as i32).clamp(r.1, r.3);
            let (a, b) = ((clamp_x(x0), clamp_y(y0)), (clamp_x(x1), clamp_y(y1)));
            if a.0 == b.0 || a.1 == b.1 {
                continue;
            }
            let t = (1.0 + c as f64).ln() / denom;
            main.draw(&Rectangle::new([a, b], theme::sequential(t).filled()))?;
        }
    }
    if let Some(d) = divisions {
        map::draw_divisions(&main, &proj, d, |_| None, OUTLINE.mix(0.8).stroke_width(1))?;
    }
    map::frame(&main, &proj)?;
    legend::color_bar(
        &key,
        "incidents\nper cell (log)",
        theme::sequential,
        &legend::log_ticks(grid.max as u64),
    )
}
