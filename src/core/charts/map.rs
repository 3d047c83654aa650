//! Shared map drawing: the view, projection and division outlines of both maps.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::theme;
use super::ChartResult;
use crate::core::geo::clip::clip_ring;
use crate::core::geo::{Bounds, Divisions, Projection};

/// Width of the legend column to the right of a map, in pixels.
pub const LEGEND_PX: u32 = 92;

/// The projection of `view` (or, by default, `fallback` padded by 2%) into `area`.
pub fn projection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: Option<Bounds>,
    fallback: Bounds,
) -> Projection {
    let (w, h) = area.dim_in_pixel();
    fit(view, fallback, (0, 0), (w, h))
}

/// The projection into a map area of size `(w, h)` whose top-left corner is at `origin`.
pub fn fit(view: Option<Bounds>, fallback: Bounds, origin: (i32, i32), (w, h): (u32, u32)) -> Projection {
    let view = view.unwrap_or_else(|| fallback.pad(0.02));
    let (x, y) = origin;
    Projection::fit(view, (x + 4, y + 4, x + w as i32 - 4, y + h as i32 - 4))
}

/// The projection a map chart of a canvas of `size` pixels uses, in canvas pixels: the UI
/// converts mouse positions with [`Projection::to_lon_lat`] to pan and zoom, and reads the
/// view actually shown from [`Projection::view`].
pub fn canvas_projection(view: Option<Bounds>, fallback: Bounds, (w, h): (u32, u32)) -> Projection {
    let body_h = h.saturating_sub(theme::HEADER);
    let map_w = w.saturating_sub(LEGEND_PX);
    fit(view, fallback, (0, theme::HEADER as i32), (map_w, body_h))
}

/// A ring projected and clipped to the map frame, as integer pixels.
pub fn ring_px(proj: &Projection, ring: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let pts: Vec<(f64, f64)> = ring.iter().map(|&(x, y)| proj.to_px(x, y)).collect();
    let r = proj.rect;
    let mut px: Vec<(i32, i32)> = clip_ring(&pts, (r.0 as f64, r.1 as f64, r.2 as f64, r.3 as f64))
        .into_iter()
        .map(|(x, y)| (x.round() as i32, y.round() as i32))
        .collect();
    // Outlines have ~19,000 vertices; at map scale most fall on the pixel of the one before.
    // Each vertex is a canvas call in the browser, so drop the repeats (the picture is the same).
    px.dedup();
    px
}

/// Fills each division with `fill(area_code)` (when `Some`) and outlines it.
pub fn draw_divisions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
    divisions: &Divisions,
    fill: impl Fn(i32) -> Option<RGBColor>,
    outline: ShapeStyle,
) -> ChartResult<()> {
    for d in &divisions.items {
        if !d.bounds.intersects(&proj.view) {
            continue;
        }
        let color = fill(d.area);
        for poly in &d.polygons {
            for (k, ring) in poly.rings.iter().enumerate() {
                let px = ring_px(proj, ring);
                if px.len() < 3 {
                    continue;
                }
                if let Some(c) = color {
                    let c = if k == 0 { c } else { WHITE };
                    area.draw(&Polygon::new(px.clone(), c.filled()))?;
                }
                let mut closed = px;
                closed.push(closed[0]);
                area.draw(&PathElement::new(closed, outline))?;
            }
        }
    }
    Ok(())
}

/// Writes `label(division)` (lines of text, on a fill colour) at each division's centre in
/// `size`-pixel text, where the division is wide enough on screen for the longest line.
pub fn label_divisions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
    divisions: &Divisions,
    size: u32,
    label: impl Fn(&crate::core::geo::Division) -> Option<(Vec<String>, RGBColor)>,
) -> ChartResult<()> {
    for d in &divisions.items {
        let Some(poly) = d.polygons.iter().max_by_key(|p| p.rings.first().map_or(0, |r| r.len())) else {
            continue;
        };
        let Some((lon, lat)) = poly.centroid() else {
            continue;
        };
        if !proj.view.contains(lon, lat) {
            continue;
        }
        let Some((lines, bg)) = label(d) else {
            continue;
        };
        let a = proj.to_px(d.bounds.lon_min, d.bounds.lat_min);
        let b = proj.to_px(d.bounds.lon_max, d.bounds.lat_max);
        let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        if (b.0 - a.0) < theme::text_width(widest, size) as f64 + 6.0 {
            continue;
        }
        let (x, y) = proj.to_px(lon, lat);
        let line_h = size as f64 * 1.25;
        let top = y - line_h * (lines.len() as f64 - 1.0) / 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            area.draw(&Text::new(
                line,
                (x.round() as i32, (top + i as f64 * line_h).round() as i32),
                theme::anchored(
                    size,
                    theme::text_on(bg),
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ),
            ))?;
        }
    }
    Ok(())
}

/// Draws a thin frame around the map and a scale note in its lower left corner.
pub fn frame<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, proj: &Projection) -> ChartResult<()> {
    let r = proj.rect;
    area.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], theme::GRID))?;
    // A 5 km (or 1 km when zoomed in) scale bar.
    let km_px = proj.pixels_per_degree() / 111.32;
    let km = if km_px * 5.0 > (r.2 - r.0) as f64 / 3.0 { 1.0 } else { 5.0 };
    let len = (km * km_px).round() as i32;
    let (x, y) = (r.0 + 10, r.3 - 10);
    area.draw(&Rectangle::new([(x - 6, y - 12), (x + len + 48, y + 7)], WHITE.mix(0.85).filled()))?;
    area.draw(&PathElement::new(
        vec![(x, y - 4), (x, y), (x + len, y), (x + len, y - 4)],
        theme::INK.stroke_width(2),
    ))?;
    area.draw(&Text::new(
        format!("{km} km"),
        (x + len + 6, y),
        theme::anchored(
            11,
            theme::INK,
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ),
    ))?;
    Ok(())
}
