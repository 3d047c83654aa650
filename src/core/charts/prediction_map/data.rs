//! [`MapData`]: what the prediction map computes once per run (not per redraw): the located
//! test rows in a fixed random order, and the metrics per division.

use crate::core::eda::places::DIVISION_NAMES;
use crate::core::error::Result;
use crate::core::eval::groups::NO_GROUP;
use crate::core::eval::{by_group, GroupMetrics, TestPredictions};
use crate::core::geo::Bounds;
use crate::core::rng::Rng;

/// Precomputed facts of one run's test predictions for the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    /// Test rows with a location, in a seeded random order: the first `n` of them that lie in
    /// the view are a uniform random sample of the view's points, stable while panning.
    pub order: Vec<u32>,
    /// Test rows without a location (0/0 in the file): never drawn as points.
    pub hidden: usize,
    /// Metrics of each division, index `AREA - 1` (all 21, empty ones with 0 rows).
    pub divisions: Vec<GroupMetrics>,
    /// Test rows with an unknown division (not in the division metrics).
    pub unknown_division: usize,
    /// Box around the located test rows (0.1st to 99.9th percentile, so a few misplaced
    /// coordinates do not shrink the map), padded; `None` when none is located.
    pub data_bounds: Option<Bounds>,
}

impl MapData {
    /// Computes the map's facts of `p`.
    pub fn new(p: &TestPredictions) -> Result<MapData> {
        let mut order: Vec<u32> = (0..p.len() as u32).filter(|&i| p.incidents.located(i as usize)).collect();
        let hidden = p.len() - order.len();
        Rng::new(0x6d61_7073).shuffle(&mut order);
        // Rows of unknown truth (a saved model applied to unlabelled rows) are in no division's
        // metrics.
        let groups: Vec<u32> = (0..p.len())
            .map(|i| match p.incidents.area[i] {
                0 => NO_GROUP,
                _ if !p.is_labelled(i) => NO_GROUP,
                a => a as u32 - 1,
            })
            .collect();
        let unknown_division = p.incidents.area.iter().filter(|&&a| a == 0).count();
        let divisions = by_group(&p.actual, &p.predicted, &groups, DIVISION_NAMES.len(), p.k())?;
        let data_bounds = core_bounds(&order, p);
        Ok(MapData { order, hidden, divisions, unknown_division, data_bounds })
    }

    /// The metrics of the division with `AREA` code `area`.
    pub fn division(&self, area: i32) -> Option<&GroupMetrics> {
        usize::try_from(area - 1).ok().and_then(|i| self.divisions.get(i))
    }

    /// The name of a division by `AREA` code (as the export spells it).
    pub fn division_name(area: i32) -> &'static str {
        usize::try_from(area - 1).ok().and_then(|i| DIVISION_NAMES.get(i)).copied().unwrap_or("unknown")
    }
}

/// The 0.1st–99.9th percentile box of the rows `located`, padded by 4% (at least ~1 km).
fn core_bounds(located: &[u32], p: &TestPredictions) -> Option<Bounds> {
    if located.is_empty() {
        return None;
    }
    let range = |values: &[f32]| {
        let mut v: Vec<f32> = located.iter().map(|&i| values[i as usize]).collect();
        let n = v.len();
        let (lo, hi) = (n / 1000, n - 1 - n / 1000);
        let lo_v = *v.select_nth_unstable_by(lo, f32::total_cmp).1 as f64;
        let hi_v = *v.select_nth_unstable_by(hi, f32::total_cmp).1 as f64;
        (lo_v, hi_v)
    };
    let (lon_min, lon_max) = range(&p.incidents.lon);
    let (lat_min, lat_max) = range(&p.incidents.lat);
    let b = Bounds { lon_min, lon_max, lat_min, lat_max }.pad(0.04);
    let (cx, cy) = b.center();
    let half = 0.005;
    Some(Bounds {
        lon_min: b.lon_min.min(cx - half),
        lon_max: b.lon_max.max(cx + half),
        lat_min: b.lat_min.min(cy - half),
        lat_max: b.lat_max.max(cy + half),
    })
}
