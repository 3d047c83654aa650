//! Exploratory data analysis: the profile and dashboard shown after a dataset loads.
//!
//! * [`Filters`] (date range, divisions, crime types) select rows as a [`Selection`];
//!   every aggregate honours it.
//! * [`profile()`] → [`Profile`]: one [`ColumnProfile`] per column (type, missing, distinct,
//!   top values, quantiles, sparkline, [`Alert`]s).
//! * [`dashboard()`] → [`Dashboard`]: the aggregates behind each chart (missing values, crime
//!   types, premises, weapons, months, hour × weekday, reporting delay, victims, divisions, a
//!   density grid and association matrices), tuned by [`Options`].
//! * [`profile_csv()`]: the profiles as a CSV download.
//!
//! Both are plain serde data, computed in a few passes over the typed columns with counting
//! arrays, so a filter change recomputes everything in a fraction of a second on the full
//! export. Drawing lives in [`crate::core::charts`].
//!
//! ```
//! use crimelab::core::data::load_bytes;
//! use crimelab::core::eda::{dashboard, profile, Filters, Options};
//! let csv = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,Crm Cd Desc,LAT,LON\n\
//!            1,10/15/2020 12:00:00 AM,2000,8,624,BATTERY,34.07,-118.46\n\
//!            2,10/16/2020 12:00:00 AM,0930,7,330,THEFT,0,0\n";
//! let ds = load_bytes(csv.as_bytes(), "tiny.csv").unwrap().dataset;
//! let filters = Filters { divisions: vec![8], ..Filters::default() };
//! let d = dashboard(&ds, &filters, &Options::default()).unwrap();
//! assert_eq!(d.rows, 1);
//! assert_eq!(d.crime_types.unwrap().items[0].label, "BATTERY");
//! let p = profile(&ds, &Filters::default()).unwrap();
//! assert_eq!(p.columns.len(), 8);
//! ```

pub mod alerts;
pub mod associations;
mod columns;
pub mod counts;
pub mod crimes;
pub mod dashboard;
pub mod filters;
pub mod options;
pub mod places;
pub mod profile;
pub mod profile_csv;
pub mod selection;
pub mod stats;
pub mod time;
pub mod victims;

pub use alerts::{Alert, AlertKind};
pub use associations::{Associations, Matrix};
pub use counts::{LabelCount, TopList};
pub use dashboard::{dashboard_rows, Dashboard, MissingCount};
pub use filters::Filters;
pub use options::Options;
pub use profile::{profile_rows, ColumnProfile, Profile};
pub use profile_csv::{profile_csv, PROFILE_HEADER};
pub use selection::Selection;
pub use stats::NumericSummary;

use crate::core::data::Dataset;
use crate::core::Result;

/// Profiles every column of the rows passing `filters`.
pub fn profile(ds: &Dataset, filters: &Filters) -> Result<Profile> {
    Ok(profile_rows(ds, &filters.select(ds)?))
}

/// Recomputes only the density grid, over `bounds` (a zoomed map's view), for the rows
/// passing `filters`: what a pan or zoom needs, without the rest of the dashboard.
pub fn density_grid(
    ds: &Dataset,
    filters: &Filters,
    bounds: crate::core::geo::Bounds,
    cells: usize,
) -> Result<Option<places::DensityGrid>> {
    let opt = Options { density_view: Some(bounds), grid_cells: cells, ..Options::default() };
    opt.validate()?;
    Ok(places::density(ds, &filters.select(ds)?, Some(bounds), cells))
}

/// Computes the dashboard of the rows passing `filters`.
pub fn dashboard(ds: &Dataset, filters: &Filters, options: &Options) -> Result<Dashboard> {
    options.validate()?;
    let start = web_time::Instant::now();
    let sel = filters.select(ds)?;
    let mut d = dashboard_rows(ds, &sel, filters, options);
    d.compute_ms = start.elapsed().as_secs_f64() * 1e3;
    Ok(d)
}
