//! [`Bounds`]: a longitude/latitude box.

use serde::{Deserialize, Serialize};

/// A longitude/latitude box (degrees, WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Western edge.
    pub lon_min: f64,
    /// Eastern edge.
    pub lon_max: f64,
    /// Southern edge.
    pub lat_min: f64,
    /// Northern edge.
    pub lat_max: f64,
}

/// The box around the 21 LAPD divisions (from `lapd_divisions.geojson`).
pub const LA_BOUNDS: Bounds =
    Bounds { lon_min: -118.66819, lon_max: -118.15537, lat_min: 33.70366, lat_max: 34.33731 };

impl Bounds {
    /// An empty box that [`Bounds::include`] grows.
    pub fn empty() -> Bounds {
        Bounds {
            lon_min: f64::INFINITY,
            lon_max: f64::NEG_INFINITY,
            lat_min: f64::INFINITY,
            lat_max: f64::NEG_INFINITY,
        }
    }

    /// Whether no point was included.
    pub fn is_empty(&self) -> bool {
        self.lon_min > self.lon_max || self.lat_min > self.lat_max
    }

    /// Grows the box to hold a point.
    pub fn include(&mut self, lon: f64, lat: f64) {
        self.lon_min = self.lon_min.min(lon);
        self.lon_max = self.lon_max.max(lon);
        self.lat_min = self.lat_min.min(lat);
        self.lat_max = self.lat_max.max(lat);
    }

    /// Grows the box to hold another box.
    pub fn union(&mut self, other: &Bounds) {
        if !other.is_empty() {
            self.include(other.lon_min, other.lat_min);
            self.include(other.lon_max, other.lat_max);
        }
    }

    /// Whether the point lies inside (edges included).
    #[inline]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        lon >= self.lon_min && lon <= self.lon_max && lat >= self.lat_min && lat <= self.lat_max
    }

    /// Whether two boxes overlap.
    pub fn intersects(&self, other: &Bounds) -> bool {
        self.lon_min <= other.lon_max
            && other.lon_min <= self.lon_max
            && self.lat_min <= other.lat_max
            && other.lat_min <= self.lat_max
    }

    /// Width in degrees of longitude.
    pub fn width(&self) -> f64 {
        self.lon_max - self.lon_min
    }

    /// Height in degrees of latitude.
    pub fn height(&self) -> f64 {
        self.lat_max - self.lat_min
    }

    /// The centre `(lon, lat)`.
    pub fn center(&self) -> (f64, f64) {
        ((self.lon_min + self.lon_max) / 2.0, (self.lat_min + self.lat_max) / 2.0)
    }

    /// The box scaled by `factor` around `(lon, lat)`: `factor < 1` zooms in (the point stays
    /// where it is on screen, as a mouse-wheel zoom expects).
    pub fn zoom(&self, factor: f64, lon: f64, lat: f64) -> Bounds {
        Bounds {
            lon_min: lon + (self.lon_min - lon) * factor,
            lon_max: lon + (self.lon_max - lon) * factor,
            lat_min: lat + (self.lat_min - lat) * factor,
            lat_max: lat + (self.lat_max - lat) * factor,
        }
    }

    /// The box moved by fractions of its size (`dx = 0.1` moves the view a tenth east).
    pub fn pan(&self, dx: f64, dy: f64) -> Bounds {
        let (w, h) = (self.width() * dx, self.height() * dy);
        Bounds {
            lon_min: self.lon_min + w,
            lon_max: self.lon_max + w,
            lat_min: self.lat_min + h,
            lat_max: self.lat_max + h,
        }
    }

    /// The box widened by a fraction of its size on every side.
    pub fn pad(&self, fraction: f64) -> Bounds {
        let (w, h) = (self.width() * fraction, self.height() * fraction);
        Bounds {
            lon_min: self.lon_min - w,
            lon_max: self.lon_max + w,
            lat_min: self.lat_min - h,
            lat_max: self.lat_max + h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_anchor() {
        let b = LA_BOUNDS;
        let (lon, lat) = (-118.4, 34.0);
        let z = b.zoom(0.5, lon, lat);
        let fx = (lon - b.lon_min) / b.width();
        let fz = (lon - z.lon_min) / z.width();
        assert!((fx - fz).abs() < 1e-12);
        assert!((z.height() - b.height() / 2.0).abs() < 1e-12);
        assert!(z.contains(lon, lat));
    }
}
