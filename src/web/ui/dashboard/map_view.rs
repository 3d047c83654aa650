//! Pan and zoom on the maps: turns pointer positions on a map canvas into longitude/latitude
//! windows ([`Bounds`]) that the map charts take as their view.
//!
//! The layout mirrors the map charts': a title block of [`theme::HEADER`] pixels on top, a
//! legend column of [`LEGEND_PX`] on the right, and the map fitted with a 4-pixel margin, so
//! the point under the cursor stays under it while zooming.

use crate::core::charts::map::LEGEND_PX;
use crate::core::charts::{theme, ChartKind};
use crate::core::eda::Dashboard;
use crate::core::geo::{Bounds, Divisions, Projection};

/// How much one wheel step zooms in (the view shrinks to this fraction).
const ZOOM_STEP: f64 = 0.8;

/// The projection a map chart uses on a canvas of `size` CSS pixels, if it can be known.
pub fn projection(
    kind: ChartKind,
    d: &Dashboard,
    divisions: Option<&Divisions>,
    view: Option<Bounds>,
    size: (u32, u32),
) -> Option<Projection> {
    let view = match view {
        Some(v) => v,
        None => {
            let fallback = match kind {
                ChartKind::DivisionMap => divisions?.bounds,
                ChartKind::DensityMap => d.density.as_ref().map(|g| g.data_bounds.unwrap_or(g.bounds))?,
                _ => return None,
            };
            fallback.pad(0.02)
        }
    };
    let w = size.0.saturating_sub(LEGEND_PX) as i32;
    let h = size.1.saturating_sub(theme::HEADER) as i32;
    Some(Projection::fit(view, (4, 4, w - 4, h - 4)))
}

/// Longitude/latitude under canvas point `(x, y)` (CSS pixels).
pub fn lon_lat(proj: &Projection, x: f64, y: f64) -> (f64, f64) {
    proj.to_lon_lat(x, y - theme::HEADER as f64)
}

/// Whether canvas point `(x, y)` lies on the map itself (not the title or legend).
pub fn on_map(proj: &Projection, x: f64, y: f64) -> bool {
    let r = proj.rect;
    let y = y - theme::HEADER as f64;
    x >= r.0 as f64 && x <= r.2 as f64 && y >= r.1 as f64 && y <= r.3 as f64
}

/// The view after one wheel step at `(x, y)`: `delta_y < 0` zooms in.
pub fn zoomed(proj: &Projection, x: f64, y: f64, delta_y: f64) -> Bounds {
    let (lon, lat) = lon_lat(proj, x, y);
    let factor = if delta_y < 0.0 { ZOOM_STEP } else { 1.0 / ZOOM_STEP };
    proj.view.zoom(factor, lon, lat)
}

/// The view after dragging from `from` to `to` (canvas pixels) with `proj` the projection at
/// the start of the drag.
pub fn panned(proj: &Projection, from: (f64, f64), to: (f64, f64)) -> Bounds {
    let (lon0, lat0) = lon_lat(proj, from.0, from.1);
    let (lon1, lat1) = lon_lat(proj, to.0, to.1);
    let (dlon, dlat) = (lon0 - lon1, lat0 - lat1);
    let v = proj.view;
    Bounds {
        lon_min: v.lon_min + dlon,
        lon_max: v.lon_max + dlon,
        lat_min: v.lat_min + dlat,
        lat_max: v.lat_max + dlat,
    }
}
