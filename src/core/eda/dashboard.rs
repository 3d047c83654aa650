//! [`Dashboard`]: every aggregate the exploratory dashboard draws, for one filter setting.
//!
//! Compact by design (a few hundred kilobytes of JSON at most, dominated by the density
//! grid): only aggregates cross from the worker to the page, never rows.

use serde::{Deserialize, Serialize};
use web_time::Instant;

use super::associations::{associations, Associations};
use super::counts::TopList;
use super::crimes::{top_of, weapon_use, WeaponUse};
use super::filters::Filters;
use super::options::Options;
use super::places::{density, division_counts, DensityGrid, DivisionCounts};
use super::selection::Selection;
use super::time::{day_counts, hour_weekday, monthly, reporting_delay};
use super::time::{HourWeekday, Monthly, ReportingDelay};
use super::victims::{ages, sex_descent, AgeHistogram, SexDescent};
use crate::core::data::{date, ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};

/// The dashboard's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Rows in the dataset.
    pub rows_total: u64,
    /// Rows passing the filters: every figure below is about these.
    pub rows: u64,
    /// The filters applied.
    pub filters: Filters,
    /// The options used.
    pub options: Options,
    /// First `DATE OCC` among the selected rows.
    pub date_min: Option<String>,
    /// Last `DATE OCC` among the selected rows.
    pub date_max: Option<String>,
    /// Missing values per column, in file order.
    pub missing: Vec<MissingCount>,
    /// Most frequent crime descriptions.
    pub crime_types: Option<TopList>,
    /// Most frequent premises.
    pub premises: Option<TopList>,
    /// Weapon use.
    pub weapons: Option<WeaponUse>,
    /// Incidents per month.
    pub monthly: Option<Monthly>,
    /// Incidents by weekday and hour.
    pub hour_weekday: Option<HourWeekday>,
    /// Reporting delay distribution.
    pub reporting_delay: Option<ReportingDelay>,
    /// Victim ages.
    pub victim_age: Option<AgeHistogram>,
    /// Victim sex and descent.
    pub victims: SexDescent,
    /// Incidents per division.
    pub divisions: Option<DivisionCounts>,
    /// LAT/LON density grid.
    pub density: Option<DensityGrid>,
    /// Associations on a sample.
    pub associations: Associations,
    /// Time to compute this dashboard, in milliseconds.
    pub compute_ms: f64,
}

/// Missing values in one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingCount {
    /// Column name.
    pub column: String,
    /// Missing values among the selected rows.
    pub missing: u64,
    /// As a percentage of the selected rows (0–100).
    pub pct: f64,
}

/// Computes the dashboard over already selected rows (`filters` is only echoed back).
pub fn dashboard_rows(ds: &Dataset, sel: &Selection, filters: &Filters, opt: &Options) -> Dashboard {
    let start = Instant::now();
    let days = day_counts(ds, sel);
    let range = days.as_ref().and_then(|d| {
        let first = d.counts.iter().position(|&c| c > 0)?;
        let last = d.counts.iter().rposition(|&c| c > 0)?;
        Some((d.min as i32 + first as i32, d.min as i32 + last as i32))
    });
    let mut out = Dashboard {
        rows_total: ds.rows() as u64,
        rows: sel.len() as u64,
        filters: filters.clone(),
        options: opt.clone(),
        date_min: range.map(|r| date::format_iso(r.0)),
        date_max: range.map(|r| date::format_iso(r.1)),
        missing: missing_counts(ds, sel),
        crime_types: top_of(ds, sel, Official::CrmCdDesc, opt.top_n),
        premises: top_of(ds, sel, Official::PremisDesc, opt.top_n),
        weapons: weapon_use(ds, sel, opt.top_n),
        monthly: days.as_ref().map(monthly),
        hour_weekday: hour_weekday(ds, sel),
        reporting_delay: reporting_delay(ds, sel),
        victim_age: ages(ds, sel),
        victims: sex_descent(ds, sel),
        divisions: division_counts(ds, sel),
        density: density(ds, sel, opt.density_view, opt.grid_cells),
        associations: associations(ds, sel, opt),
        compute_ms: 0.0,
    };
    out.compute_ms = start.elapsed().as_secs_f64() * 1e3;
    out
}

/// Missing values per column over the selected rows.
pub fn missing_counts(ds: &Dataset, sel: &Selection) -> Vec<MissingCount> {
    let n = sel.len() as u64;
    ds.columns()
        .iter()
        .map(|c| {
            let mut k = 0u64;
            match &c.data {
                ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => {
                    sel.for_each(|r| k += (v[r] == MISSING_INT) as u64)
                }
                ColumnData::Float(v) => sel.for_each(|r| k += v[r].is_nan() as u64),
                ColumnData::Category { codes, .. } => {
                    sel.for_each(|r| k += (codes[r] == MISSING_CODE) as u64)
                }
                ColumnData::CodeList { offsets, .. } => {
                    sel.for_each(|r| k += (offsets[r] == offsets[r + 1]) as u64)
                }
            }
            MissingCount {
                column: c.name.clone(),
                missing: k,
                pct: if n > 0 { 100.0 * k as f64 / n as f64 } else { 0.0 },
            }
        })
        .collect()
}
