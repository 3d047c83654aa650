//! [`Divisions`]: the 21 LAPD division polygons from the bundled GeoJSON.

use serde::Deserialize;

use super::bounds::Bounds;
use crate::core::{Error, Result};

/// The file, as messages name it.
const FILE: &str = "the divisions GeoJSON";

/// One polygon: an outer ring then holes, each a closed list of `(lon, lat)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Rings; the first is the outline, the others holes.
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// One police division.
#[derive(Debug, Clone, PartialEq)]
pub struct Division {
    /// The `AREA` code (1–21).
    pub area: i32,
    /// The name as the GeoJSON spells it (`WEST LOS ANGELES`).
    pub name: String,
    /// Its polygons.
    pub polygons: Vec<Polygon>,
    /// Box around the polygons.
    pub bounds: Bounds,
}

/// All divisions of the GeoJSON, ordered by `AREA` code.
#[derive(Debug, Clone, PartialEq)]
pub struct Divisions {
    /// The divisions.
    pub items: Vec<Division>,
    /// Box around all of them.
    pub bounds: Bounds,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: Geometry,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<Vec<f64>>>),
    MultiPolygon(Vec<Vec<Vec<Vec<f64>>>>),
}

impl Divisions {
    /// Parses the divisions GeoJSON (a `FeatureCollection` of `Polygon`/`MultiPolygon`
    /// features with `PREC` = `AREA` code and `APREC` = name).
    pub fn from_geojson(text: &str) -> Result<Divisions> {
        let fc: FeatureCollection =
            serde_json::from_str(text).map_err(|e| Error::invalid_file(FILE, e.to_string()))?;
        let mut items = Vec::with_capacity(fc.features.len());
        let mut all = Bounds::empty();
        for (i, f) in fc.features.into_iter().enumerate() {
            let area = match f.properties.get("PREC") {
                Some(serde_json::Value::Number(n)) => n.as_i64(),
                Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            }
            .ok_or_else(|| Error::invalid_file(FILE, format!("feature {i} has no numeric PREC")))?
                as i32;
            let name = f.properties.get("APREC").and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let raw = match f.geometry {
                Geometry::Polygon(p) => vec![p],
                Geometry::MultiPolygon(m) => m,
            };
            let mut bounds = Bounds::empty();
            let mut polygons = Vec::with_capacity(raw.len());
            for poly in raw {
                let mut rings = Vec::with_capacity(poly.len());
                for ring in poly {
                    let mut pts = Vec::with_capacity(ring.len());
                    for p in ring {
                        if p.len() < 2 || !p[0].is_finite() || !p[1].is_finite() {
                            return Err(Error::invalid_file(
                                FILE,
                                format!("feature {i} has a malformed coordinate"),
                            ));
                        }
                        bounds.include(p[0], p[1]);
                        pts.push((p[0], p[1]));
                    }
                    rings.push(pts);
                }
                polygons.push(Polygon { rings });
            }
            all.union(&bounds);
            items.push(Division { area, name, polygons, bounds });
        }
        items.sort_by_key(|d| d.area);
        Ok(Divisions { items, bounds: all })
    }

    /// The divisions bundled with the app (`static/data/lapd_divisions.geojson`, compiled in:
    /// about 420 kB, linked only where this is called).
    pub fn bundled() -> Divisions {
        Divisions::from_geojson(include_str!("../../../static/data/lapd_divisions.geojson"))
            .expect("the bundled divisions GeoJSON is valid")
    }

    /// The division with an `AREA` code.
    pub fn get(&self, area: i32) -> Option<&Division> {
        self.items.iter().find(|d| d.area == area)
    }

    /// The `AREA` code of the division containing a point.
    pub fn find(&self, lon: f64, lat: f64) -> Option<i32> {
        self.items.iter().find(|d| d.bounds.contains(lon, lat) && d.contains(lon, lat)).map(|d| d.area)
    }
}

impl Division {
    /// Whether the point lies inside the division (even–odd rule over all rings).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.polygons.iter().any(|p| p.contains(lon, lat))
    }

    /// Name in title case (`West Los Angeles`).
    pub fn title(&self) -> String {
        title_case(&self.name)
    }
}

impl Polygon {
    /// Whether the point lies inside (even–odd rule: inside the outline, outside the holes).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let mut inside = false;
        for ring in &self.rings {
            let n = ring.len();
            if n < 3 {
                continue;
            }
            let mut j = n - 1;
            for i in 0..n {
                let (xi, yi) = ring[i];
                let (xj, yj) = ring[j];
                if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }

    /// Area-weighted centre of the outline `(lon, lat)` (for labels).
    pub fn centroid(&self) -> Option<(f64, f64)> {
        let ring = self.rings.first()?;
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for (p, q) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            let cross = p.0 * q.1 - q.0 * p.1;
            a += cross;
            cx += (p.0 + q.0) * cross;
            cy += (p.1 + q.1) * cross;
        }
        if a.abs() < 1e-15 {
            return None;
        }
        Some((cx / (3.0 * a), cy / (3.0 * a)))
    }
}

/// `WEST LOS ANGELES` → `West Los Angeles`; `77TH STREET` → `77th Street`.
pub fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            if start {
                out.extend(ch.to_uppercase());
            } else {
                out.extend(ch.to_lowercase());
            }
            start = false;
        } else {
            out.push(ch);
            start = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_with_hole() {
        let p = Polygon {
            rings: vec![
                vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)],
                vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)],
            ],
        };
        assert!(p.contains(3.0, 3.0));
        assert!(!p.contains(1.5, 1.5));
        assert!(!p.contains(5.0, 1.0));
        let c = p.centroid().unwrap();
        assert!((c.0 - 2.0).abs() < 1e-12 && (c.1 - 2.0).abs() < 1e-12);
        assert_eq!(title_case("77TH STREET"), "77th Street");
    }
}
