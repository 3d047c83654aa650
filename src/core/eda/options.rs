//! [`Options`]: the dashboard's adjustable settings.

use serde::{Deserialize, Serialize};

use crate::core::geo::Bounds;
use crate::core::{Error, Result};

/// Settings of the dashboard computation. Every field has a documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Categories listed in the top-N charts (crime types, premises). Default 15, range 1–100.
    pub top_n: usize,
    /// Rows sampled for the association matrices. Default 20,000, range 100–1,000,000.
    pub sample_size: usize,
    /// Seed of the association sample. Default 42.
    pub seed: u64,
    /// Cells along the longer side of the density grid. Default 160, range 10–1,000.
    pub grid_cells: usize,
    /// Levels kept per categorical column in Cramér's V (the rest pooled). Default 30, range 2–200.
    pub max_levels: usize,
    /// Box the density grid covers. Default `None`: the 21 divisions' box
    /// ([`crate::core::geo::LA_BOUNDS`]); a zoomed map passes its view for finer cells.
    pub density_view: Option<Bounds>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            top_n: 15,
            sample_size: 20_000,
            seed: 42,
            grid_cells: 160,
            max_levels: 30,
            density_view: None,
        }
    }
}

impl Options {
    /// Checks every field against its documented range.
    pub fn validate(&self) -> Result<()> {
        let check = |ok: bool, param: &str, value: &dyn std::fmt::Display, valid: &str| {
            if ok {
                Ok(())
            } else {
                Err(Error::invalid_param("dashboard", param, value, valid))
            }
        };
        check((1..=100).contains(&self.top_n), "top_n", &self.top_n, "a whole number from 1 to 100")?;
        let sample = self.sample_size;
        check(
            (100..=1_000_000).contains(&sample),
            "sample_size",
            &sample,
            "a whole number from 100 to 1,000,000",
        )?;
        check(
            (10..=1000).contains(&self.grid_cells),
            "grid_cells",
            &self.grid_cells,
            "a whole number from 10 to 1,000",
        )?;
        check(
            (2..=200).contains(&self.max_levels),
            "max_levels",
            &self.max_levels,
            "a whole number from 2 to 200",
        )?;
        if let Some(b) = self.density_view {
            let ok = [b.lon_min, b.lon_max, b.lat_min, b.lat_max].iter().all(|v| v.is_finite())
                && b.width() > 0.0
                && b.height() > 0.0;
            let value = format!("{:?}", [b.lon_min, b.lon_max, b.lat_min, b.lat_max]);
            check(ok, "density_view", &value, "a non-empty longitude/latitude box")?;
        }
        Ok(())
    }
}
