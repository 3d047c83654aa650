//! Division outlines as SVG path data, for small vector maps on the page (the what-if form's
//! location picker): each ring projected into a pixel box, clipped, rounded to whole pixels
//! and with repeated points dropped (an outline of ~19,000 vertices becomes a few hundred).

use std::fmt::Write;

use super::clip::clip_ring;
use super::{Divisions, Projection};

/// One division's outline: its `AREA` code and the SVG path data of all its rings.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlinePath {
    /// The `AREA` code.
    pub area: i32,
    /// `M x y L x y … Z` for each ring (an even-odd fill leaves the holes empty).
    pub d: String,
}

/// The projection of every division into a `width × height` pixel box (a 4-pixel margin).
pub fn fit_divisions(divisions: &Divisions, width: u32, height: u32) -> Projection {
    Projection::fit(divisions.bounds.pad(0.02), (4, 4, width as i32 - 4, height as i32 - 4))
}

/// The outline of every division under `proj`, in `AREA` order (divisions outside the view
/// have an empty path).
pub fn outline_paths(divisions: &Divisions, proj: &Projection) -> Vec<OutlinePath> {
    let r = proj.rect;
    let rect = (r.0 as f64, r.1 as f64, r.2 as f64, r.3 as f64);
    divisions
        .items
        .iter()
        .map(|division| {
            let mut d = String::new();
            for ring in division.polygons.iter().flat_map(|p| &p.rings) {
                let pts: Vec<(f64, f64)> = ring.iter().map(|&(lon, lat)| proj.to_px(lon, lat)).collect();
                let mut px: Vec<(i32, i32)> = clip_ring(&pts, rect)
                    .into_iter()
                    .map(|(x, y)| (x.round() as i32, y.round() as i32))
                    .collect();
                px.dedup();
                if px.len() < 3 {
                    continue;
                }
                for (i, (x, y)) in px.iter().enumerate() {
                    let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
                }
                d.push('Z');
            }
            OutlinePath { area: division.area, d }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_division_has_a_short_closed_outline_inside_the_box() {
        let divisions = Divisions::bundled();
        let proj = fit_divisions(&divisions, 320, 300);
        let paths = outline_paths(&divisions, &proj);
        assert_eq!(paths.len(), 21);
        for p in &paths {
            assert!(p.d.starts_with('M') && p.d.ends_with('Z'), "{}", p.area);
            assert!(p.d.len() < 20_000, "{}: {} bytes", p.area, p.d.len());
            for number in p.d.split(|c: char| c.is_ascii_alphabetic() || c == ' ').filter(|s| !s.is_empty()) {
                let v: i32 = number.parse().unwrap();
                assert!((0..=320).contains(&v), "{v}");
            }
        }
        // The point of a pixel maps back into the division drawn there.
        let (x, y) = proj.to_px(-118.44, 34.05);
        let (lon, lat) = proj.to_lon_lat(x, y);
        assert_eq!(divisions.find(lon, lat), Some(8));
    }
}
