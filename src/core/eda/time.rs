//! When crimes happen and how late they are reported: incidents per month, hour of day ×
//! weekday, and the reporting delay (`Date Rptd − DATE OCC`).
//!
//! Months come from a per-day counting array (one pass over `DATE OCC`), so the calendar
//! arithmetic runs once per day, not once per row.

use serde::{Deserialize, Serialize};

use super::columns;
use super::counts::LabelCount;
use super::selection::Selection;
use super::stats::DenseCounts;
use crate::core::data::date;
use crate::core::data::{Dataset, Official, MISSING_INT};

/// The LAPD moved to a new records system (NIBRS) on this day; counts after it are not
/// comparable with earlier ones.
pub const RECORDS_CHANGE: &str = "2024-03-07";

/// Incidents per calendar month of `DATE OCC`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Monthly {
    /// Months `YYYY-MM`, consecutive.
    pub months: Vec<String>,
    /// Incidents in each month.
    pub counts: Vec<u64>,
    /// First day with data (`YYYY-MM-DD`): the first month may be partial.
    pub first_day: String,
    /// Last day with data: the last month may be partial (and recent months are still filling).
    pub last_day: String,
    /// Marks inside the range, such as the 2024-03-07 records-system change.
    pub markers: Vec<Marker>,
}

/// A dated event on the monthly chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Position in month units: `i + (day − 1) / days_in_month` for month `i` of `months`.
    pub position: f64,
    /// What happened.
    pub label: String,
}

/// Incidents by weekday and hour of `TIME OCC`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourWeekday {
    /// `counts[weekday][hour]`, weekday 0 = Monday, hour 0–23.
    pub counts: Vec<Vec<u64>>,
    /// Weekday names, Monday first.
    pub weekdays: Vec<String>,
    /// Largest cell.
    pub max: u64,
    /// Rows with a date and time.
    pub total: u64,
}

/// Days from occurrence to report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportingDelay {
    /// Rows per delay bin: same day, 1 day, 2–7, 8–30, 31–90, 91–365, over a year.
    pub bins: Vec<LabelCount>,
    /// Median delay in days.
    pub median_days: f64,
    /// Mean delay in days.
    pub mean_days: f64,
    /// 90th percentile in days.
    pub p90_days: f64,
    /// Longest delay in days.
    pub max_days: f64,
    /// Rows reported before they occurred (data errors, left out of the bins).
    pub negative: u64,
    /// Rows with either date missing.
    pub missing: u64,
}

/// Upper day limits of the delay bins (inclusive), and their labels.
pub const DELAY_BINS: [(i32, &str); 7] = [
    (0, "same day"),
    (1, "1 day"),
    (7, "2–7 days"),
    (30, "8–30 days"),
    (90, "31–90 days"),
    (365, "91–365 days"),
    (i32::MAX, "> 1 year"),
];

/// Per-day counts of `DATE OCC` over the selected rows.
pub fn day_counts(ds: &Dataset, sel: &Selection) -> Option<DenseCounts> {
    let days = columns::dates(ds, Official::DateOcc)?;
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    sel.for_each(|r| {
        let d = days[r];
        if d != MISSING_INT {
            lo = lo.min(d);
            hi = hi.max(d);
        }
    });
    if lo > hi {
        return None;
    }
    let mut counts = vec![0u32; (hi - lo + 1) as usize];
    let mut total = 0;
    sel.for_each(|r| {
        let d = days[r];
        if d != MISSING_INT {
            counts[(d - lo) as usize] += 1;
            total += 1;
        }
    });
    Some(DenseCounts { min: lo as i64, counts, total })
}

/// Incidents per month from per-day counts.
pub fn monthly(days: &DenseCounts) -> Monthly {
    let first = days.counts.iter().position(|&c| c > 0).unwrap_or(0);
    let last = days.counts.iter().rposition(|&c| c > 0).unwrap_or(0);
    let d0 = days.min as i32 + first as i32;
    let d1 = days.min as i32 + last as i32;
    let (y0, m0, _) = date::civil_from_days(d0);
    let (y1, m1, _) = date::civil_from_days(d1);
    let n = ((y1 - y0) * 12 + m1 as i32 - m0 as i32 + 1) as usize;
    let mut counts = vec![0u64; n];
    let mut months = Vec::with_capacity(n);
    for i in 0..n {
        let (y, m) = (y0 + (m0 as i32 - 1 + i as i32) / 12, (m0 as i32 - 1 + i as i32) % 12 + 1);
        months.push(format!("{y:04}-{m:02}"));
    }
    // Walk the days, advancing the month index at each first-of-month.
    let mut month = 0usize;
    for (i, &c) in days.counts[first..=last].iter().enumerate() {
        let d = d0 + i as i32;
        if i > 0 && date::civil_from_days(d).2 == 1 {
            month += 1;
        }
        counts[month] += c as u64;
    }
    let mut markers = Vec::new();
    if let Some(change) = date::parse_iso(RECORDS_CHANGE) {
        if (d0..=d1).contains(&change) {
            let (y, m, d) = date::civil_from_days(change);
            let idx = (y - y0) * 12 + m as i32 - m0 as i32;
            markers.push(Marker {
                date: RECORDS_CHANGE.to_owned(),
                position: idx as f64 + (d - 1) as f64 / date::days_in_month(y, m) as f64,
                label: "LAPD records system change".to_owned(),
            });
        }
    }
    Monthly { months, counts, first_day: date::format_iso(d0), last_day: date::format_iso(d1), markers }
}

/// Incidents by weekday and hour.
pub fn hour_weekday(ds: &Dataset, sel: &Selection) -> Option<HourWeekday> {
    let days = columns::dates(ds, Official::DateOcc)?;
    let times = columns::times(ds, Official::TimeOcc)?;
    let mut cells = [0u64; 7 * 24];
    sel.for_each(|r| {
        let (d, t) = (days[r], times[r]);
        if d != MISSING_INT && (0..1440).contains(&t) {
            let w = (d as i64 + 3).rem_euclid(7) as usize;
            cells[w * 24 + (t / 60) as usize] += 1;
        }
    });
    let counts: Vec<Vec<u64>> = cells.chunks(24).map(<[u64]>::to_vec).collect();
    Some(HourWeekday {
        max: cells.iter().copied().max().unwrap_or(0),
        total: cells.iter().sum(),
        counts,
        weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            .map(String::from)
            .to_vec(),
    })
}

/// Widest delay counted exactly (longer delays are clamped for the quantiles).
const MAX_DELAY: i32 = 1 << 16;

/// The reporting delay distribution.
pub fn reporting_delay(ds: &Dataset, sel: &Selection) -> Option<ReportingDelay> {
    let occ = columns::dates(ds, Official::DateOcc)?;
    let rptd = columns::dates(ds, Official::DateRptd)?;
    let mut counts: Vec<u32> = vec![0; 4096];
    let (mut missing, mut negative, mut sum, mut max) = (0u64, 0u64, 0f64, 0i32);
    sel.for_each(|r| {
        let (a, b) = (occ[r], rptd[r]);
        if a == MISSING_INT || b == MISSING_INT {
            missing += 1;
            return;
        }
        let delay = b - a;
        if delay < 0 {
            negative += 1;
            return;
        }
        let delay = delay.min(MAX_DELAY);
        if delay as usize >= counts.len() {
            counts.resize(delay as usize + 1, 0);
        }
        counts[delay as usize] += 1;
        sum += delay as f64;
        max = max.max(delay);
    });
    let total: u64 = counts.iter().map(|&c| c as u64).sum();
    let dense = DenseCounts { min: 0, counts, total };
    let q = if total > 0 { dense.quantiles(&[0.5, 0.9]) } else { vec![0.0, 0.0] };
    let mut bins = Vec::with_capacity(DELAY_BINS.len());
    let mut start = 0usize;
    for (hi, label) in DELAY_BINS {
        let end = (hi as usize).min(dense.counts.len() - 1);
        let c = if start <= end { dense.counts[start..=end].iter().map(|&c| c as u64).sum() } else { 0 };
        bins.push(LabelCount::new(label, c));
        start = hi.saturating_add(1) as usize;
    }
    Some(ReportingDelay {
        bins,
        median_days: q[0],
        mean_days: if total > 0 { sum / total as f64 } else { 0.0 },
        p90_days: q[1],
        max_days: max as f64,
        negative,
        missing,
    })
}
