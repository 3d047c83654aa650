//! Places: incidents per police division and a LAT/LON density grid.
//!
//! Withheld locations (`LAT`/`LON` of 0, loaded as missing) are counted apart and never drawn.

use serde::{Deserialize, Serialize};

use super::columns;
use super::selection::Selection;
use crate::core::data::{Dataset, Official, MISSING_CODE};
use crate::core::geo::{Bounds, LA_BOUNDS};

/// The 21 LAPD divisions by `AREA` code (index 0 is code 1), as `AREA NAME` spells them.
pub const DIVISION_NAMES: [&str; 21] = [
    "Central",
    "Rampart",
    "Southwest",
    "Hollenbeck",
    "Harbor",
    "Hollywood",
    "Wilshire",
    "West LA",
    "Van Nuys",
    "West Valley",
    "Northeast",
    "77th Street",
    "Newton",
    "Pacific",
    "N Hollywood",
    "Foothill",
    "Devonshire",
    "Southeast",
    "Mission",
    "Olympic",
    "Topanga",
];

/// Incidents in one division.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionCount {
    /// `AREA` code, 1–21.
    pub area: i32,
    /// Division name.
    pub name: String,
    /// Selected rows in it.
    pub count: u64,
}

/// Incidents per division, all 21 listed (in `AREA` order) even when zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DivisionCounts {
    /// One entry per division, `AREA` 1 to 21.
    pub divisions: Vec<DivisionCount>,
    /// Rows with a missing or unknown `AREA`.
    pub other: u64,
}

/// Counts of incidents on a longitude/latitude grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DensityGrid {
    /// The box the grid covers (the divisions' box unless a view was asked for).
    pub bounds: Bounds,
    /// Cells from west to east.
    pub nx: usize,
    /// Cells from south to north.
    pub ny: usize,
    /// `counts[iy * nx + ix]`, row 0 the southernmost.
    pub counts: Vec<u32>,
    /// Largest cell count.
    pub max: u32,
    /// Points counted in the grid.
    pub points: u64,
    /// Rows without a location (LAT/LON of 0 or blank).
    pub hidden: u64,
    /// Rows with a location outside `bounds`.
    pub outside: u64,
    /// Box around the points in the grid (`None` when there are none), to fit the view.
    pub data_bounds: Option<Bounds>,
}

impl DensityGrid {
    /// Size of one cell `(degrees longitude, degrees latitude)`.
    pub fn cell_size(&self) -> (f64, f64) {
        (self.bounds.width() / self.nx as f64, self.bounds.height() / self.ny as f64)
    }
}

/// Incidents per division.
pub fn division_counts(ds: &Dataset, sel: &Selection) -> Option<DivisionCounts> {
    let area = columns::ints(ds, Official::Area)?;
    let mut counts = [0u64; 22];
    let mut other = 0u64;
    sel.for_each(|r| {
        let a = area[r];
        if (1..=21).contains(&a) {
            counts[a as usize] += 1;
        } else {
            other += 1;
        }
    });
    let names = names_from_data(ds, area);
    Some(DivisionCounts {
        divisions: (1..=21)
            .map(|a| DivisionCount { area: a as i32, name: names[a - 1].clone(), count: counts[a] })
            .collect(),
        other,
    })
}

/// Division names as the file spells them (`AREA NAME`), falling back to [`DIVISION_NAMES`].
fn names_from_data(ds: &Dataset, area: &[i32]) -> Vec<String> {
    let mut names: Vec<Option<u32>> = vec![None; 21];
    if let Some((codes, dict)) = columns::category(ds, Official::AreaName) {
        let mut missing = 21;
        for (r, &a) in area.iter().enumerate() {
            if (1..=21).contains(&a) && names[a as usize - 1].is_none() && codes[r] != MISSING_CODE {
                names[a as usize - 1] = Some(codes[r]);
                missing -= 1;
                if missing == 0 {
                    break;
                }
            }
        }
        return names
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                Some(c) => dict.values()[*c as usize].clone(),
                None => DIVISION_NAMES[i].to_owned(),
            })
            .collect();
    }
    DIVISION_NAMES.iter().map(|s| s.to_string()).collect()
}

/// The density grid over `bounds` (by default [`LA_BOUNDS`]), `cells` along its longer side
/// (in projected distance, so cells are about square on the ground). A zoomed map asks for
/// its view's bounds to get finer cells there.
pub fn density(ds: &Dataset, sel: &Selection, bounds: Option<Bounds>, cells: usize) -> Option<DensityGrid> {
    let lat = columns::floats(ds, Official::Lat)?;
    let lon = columns::floats(ds, Official::Lon)?;
    let b = bounds.unwrap_or(LA_BOUNDS);
    let kx = b.center().1.to_radians().cos();
    let (w, h) = (b.width() * kx, b.height());
    let (nx, ny) = if w >= h {
        (cells, ((cells as f64 * h / w).round() as usize).max(1))
    } else {
        (((cells as f64 * w / h).round() as usize).max(1), cells)
    };
    let mut counts = vec![0u32; nx * ny];
    let (sx, sy) = (nx as f64 / b.width(), ny as f64 / b.height());
    let (mut hidden, mut outside, mut points) = (0u64, 0u64, 0u64);
    let mut data_bounds = Bounds::empty();
    sel.for_each(|r| {
        let (x, y) = (lon[r], lat[r]);
        if x.is_nan() || y.is_nan() {
            hidden += 1;
        } else if !b.contains(x, y) {
            outside += 1;
        } else {
            let ix = (((x - b.lon_min) * sx) as usize).min(nx - 1);
            let iy = (((y - b.lat_min) * sy) as usize).min(ny - 1);
            counts[iy * nx + ix] += 1;
            points += 1;
            data_bounds.include(x, y);
        }
    });
    Some(DensityGrid {
        bounds: b,
        nx,
        ny,
        max: counts.iter().copied().max().unwrap_or(0),
        counts,
        points,
        hidden,
        outside,
        data_bounds: (!data_bounds.is_empty()).then_some(data_bounds),
    })
}
