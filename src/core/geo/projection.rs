//! [`Projection`]: longitude/latitude to pixels, equirectangular.

use super::bounds::Bounds;

/// Maps longitude/latitude into a pixel rectangle, keeping shapes' proportions.
///
/// Longitude is scaled by the cosine of the view's middle latitude (an equirectangular
/// projection, accurate to well under 1% over a city). The view is widened in one direction to
/// match the rectangle's aspect ratio and centred, so the map is never stretched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// The view actually shown (the requested view widened to the rectangle's aspect).
    pub view: Bounds,
    /// Pixel rectangle `(left, top, right, bottom)`.
    pub rect: (i32, i32, i32, i32),
    kx: f64,
    scale: f64,
}

impl Projection {
    /// A projection showing at least `view` inside the pixel rectangle `rect`
    /// (`(left, top, right, bottom)`).
    pub fn fit(view: Bounds, rect: (i32, i32, i32, i32)) -> Projection {
        let kx = view.center().1.to_radians().cos();
        let w_px = (rect.2 - rect.0).max(1) as f64;
        let h_px = (rect.3 - rect.1).max(1) as f64;
        let w_geo = (view.width() * kx).max(1e-12);
        let h_geo = view.height().max(1e-12);
        let scale = (w_px / w_geo).min(h_px / h_geo);
        let (cx, cy) = view.center();
        let half_lon = w_px / scale / kx / 2.0;
        let half_lat = h_px / scale / 2.0;
        Projection {
            view: Bounds {
                lon_min: cx - half_lon,
                lon_max: cx + half_lon,
                lat_min: cy - half_lat,
                lat_max: cy + half_lat,
            },
            rect,
            kx,
            scale,
        }
    }

    /// Pixel position of a point (x to the right, y down), as floats.
    #[inline]
    pub fn to_px(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.rect.0 as f64 + (lon - self.view.lon_min) * self.kx * self.scale,
            self.rect.1 as f64 + (self.view.lat_max - lat) * self.scale,
        )
    }

    /// The point shown at a pixel position (for pan and zoom under the mouse).
    pub fn to_lon_lat(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.view.lon_min + (x - self.rect.0 as f64) / (self.kx * self.scale),
            self.view.lat_max - (y - self.rect.1 as f64) / self.scale,
        )
    }

    /// Pixels per degree of latitude.
    pub fn pixels_per_degree(&self) -> f64 {
        self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::geo::LA_BOUNDS;

    #[test]
    fn round_trips_and_keeps_aspect() {
        let p = Projection::fit(LA_BOUNDS, (10, 20, 610, 380));
        let (x, y) = p.to_px(-118.3, 34.05);
        let (lon, lat) = p.to_lon_lat(x, y);
        assert!((lon + 118.3).abs() < 1e-9 && (lat - 34.05).abs() < 1e-9);
        // The whole requested view is visible.
        let (x0, y0) = p.to_px(LA_BOUNDS.lon_min, LA_BOUNDS.lat_max);
        let (x1, y1) = p.to_px(LA_BOUNDS.lon_max, LA_BOUNDS.lat_min);
        assert!(x0 >= 9.99 && y0 >= 19.99 && x1 <= 610.01 && y1 <= 380.01);
        // One km east and one km north span about the same number of pixels.
        let east = p.to_px(-118.3 + 1.0 / (111.32 * 34.05f64.to_radians().cos()), 34.05).0 - x;
        let north = y - p.to_px(-118.3, 34.05 + 1.0 / 111.32).1;
        assert!((east / north - 1.0).abs() < 0.01, "{east} {north}");
    }
}
