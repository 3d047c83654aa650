//! [`Profile`]: one [`ColumnProfile`] per column — type, missing values, distinct values, top
//! values, numeric summary, a sparkline and [`Alert`]s — like a notebook profiling report.
//!
//! Each column is read once (twice for wide integers: extremes, then counts). Dense integer
//! kinds use counting arrays; text uses per-code counts; `DR_NO`-like and float columns are
//! gathered and sorted.

use serde::{Deserialize, Serialize};

use super::alerts::{self, Alert, AlertKind};
use super::selection::Selection;
use super::stats::{self, DenseCounts, NumericSummary};
use crate::core::data::{date, Column, ColumnData, Dataset, Kind, Official, MISSING_INT};
use crate::core::format::thousands;

/// Top values listed per column.
pub const TOP_VALUES: usize = 10;

/// Bins of a numeric sparkline.
pub const SPARK_BINS: usize = 24;

/// Widest integer range profiled with a counting array (wider ones are sorted).
const DENSE_RANGE: i64 = 1 << 21;

/// The profile of every column of a (filtered) dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Rows in the dataset.
    pub rows_total: u64,
    /// Rows selected by the filters (the rows profiled).
    pub rows: u64,
    /// One profile per column, in file order.
    pub columns: Vec<ColumnProfile>,
    /// Alerts across all columns.
    pub alert_count: u64,
}

/// One column's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Column name.
    pub name: String,
    /// Storage kind.
    pub kind: Kind,
    /// Whether it is one of the 28 official columns.
    pub official: bool,
    /// Present values.
    pub count: u64,
    /// Missing values.
    pub missing: u64,
    /// Missing values as a percentage of the rows (0–100).
    pub missing_pct: f64,
    /// Distinct present values (for code lists: distinct codes).
    pub distinct: u64,
    /// Most frequent values with their counts, most frequent first.
    pub top: Vec<ValueCount>,
    /// Numeric summary (integers, floats, dates as day numbers, times as minutes).
    pub numeric: Option<NumericSummary>,
    /// Numeric summary formatted for people (dates as `YYYY-MM-DD`, times as `hh:mm`).
    pub numeric_text: Option<NumericText>,
    /// Sparkline data: a histogram for numbers, the top counts for text.
    pub spark: Spark,
    /// Things to notice.
    pub alerts: Vec<Alert>,
}

/// A value and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    /// The value as display text.
    pub value: String,
    /// Occurrences.
    pub count: u64,
}

/// The main numeric figures as display text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumericText {
    /// Smallest value.
    pub min: String,
    /// Median.
    pub median: String,
    /// Largest value.
    pub max: String,
}

/// Sparkline data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spark {
    /// Bar heights.
    pub counts: Vec<u64>,
    /// For a histogram: the value at the left edge of the first bin.
    pub lo: Option<f64>,
    /// For a histogram: the value at the right edge of the last bin.
    pub hi: Option<f64>,
}

/// Profiles every column over the selected rows.
pub fn profile_rows(ds: &Dataset, sel: &Selection) -> Profile {
    let columns: Vec<ColumnProfile> = ds.columns().iter().map(|c| column(c, sel)).collect();
    Profile {
        rows_total: ds.rows() as u64,
        rows: sel.len() as u64,
        alert_count: columns.iter().map(|c| c.alerts.len() as u64).sum(),
        columns,
    }
}

/// Profiles one column over the selected rows.
pub fn column(col: &Column, sel: &Selection) -> ColumnProfile {
    let rows = sel.len() as u64;
    let mut p = ColumnProfile {
        name: col.name.clone(),
        kind: col.data.kind(),
        official: col.official.is_some(),
        count: 0,
        missing: 0,
        missing_pct: 0.0,
        distinct: 0,
        top: Vec::new(),
        numeric: None,
        numeric_text: None,
        spark: Spark::default(),
        alerts: Vec::new(),
    };
    match &col.data {
        ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => int_column(&mut p, v, sel),
        ColumnData::Float(v) => float_column(&mut p, v, sel),
        ColumnData::Category { codes, dict } => {
            let (counts, missing) = super::counts::code_counts(codes, dict, sel);
            p.missing = missing;
            p.distinct = counts.iter().filter(|&&c| c > 0).count() as u64;
            let top = stats::top_k(&counts, TOP_VALUES);
            p.top = top
                .iter()
                .map(|&i| ValueCount { value: dict.values()[i].clone(), count: counts[i] as u64 })
                .collect();
            p.spark.counts = p.top.iter().map(|t| t.count).collect();
        }
        ColumnData::CodeList { offsets, values } => {
            let mut counts = vec![0u32; 1 << 16];
            let mut missing = 0u64;
            sel.for_each(|r| {
                let (a, b) = (offsets[r] as usize, offsets[r + 1] as usize);
                if a == b {
                    missing += 1;
                }
                for &c in &values[a..b] {
                    counts[c as usize] += 1;
                }
            });
            p.missing = missing;
            p.distinct = counts.iter().filter(|&&c| c > 0).count() as u64;
            p.top = stats::top_k(&counts, TOP_VALUES)
                .iter()
                .map(|&i| ValueCount { value: format!("{i:04}"), count: counts[i] as u64 })
                .collect();
            p.spark.counts = p.top.iter().map(|t| t.count).collect();
        }
    }
    p.count = rows - p.missing;
    p.missing_pct = if rows > 0 { 100.0 * p.missing as f64 / rows as f64 } else { 0.0 };
    if let Some(n) = &p.numeric {
        p.numeric_text = Some(NumericText {
            min: format_value(p.kind, n.min),
            median: format_value(p.kind, n.median),
            max: format_value(p.kind, n.max),
        });
    }
    p.alerts = column_alerts(col, &p, sel);
    p
}

fn int_column(p: &mut ColumnProfile, v: &[i32], sel: &Selection) {
    let (mut lo, mut hi, mut missing) = (i64::MAX, i64::MIN, 0u64);
    sel.for_each(|r| {
        let x = v[r];
        if x == MISSING_INT {
            missing += 1;
        } else {
            lo = lo.min(x as i64);
            hi = hi.max(x as i64);
        }
    });
    p.missing = missing;
    if lo > hi {
        return;
    }
    if hi - lo < DENSE_RANGE {
        let mut counts = vec![0u32; (hi - lo + 1) as usize];
        sel.for_each(|r| {
            let x = v[r];
            if x != MISSING_INT {
                counts[(x as i64 - lo) as usize] += 1;
            }
        });
        let total = counts.iter().map(|&c| c as u64).sum();
        dense_column(p, &DenseCounts { min: lo, counts, total }, 1.0);
    } else {
        let mut ints = Vec::with_capacity(sel.len() - missing as usize);
        sel.for_each(|r| {
            if v[r] != MISSING_INT {
                ints.push(v[r]);
            }
        });
        stats::sort_i32(&mut ints);
        let values: Vec<f64> = ints.into_iter().map(f64::from).collect();
        sorted_column(p, &values);
    }
}

/// Fills the numeric profile from counts of `value × scale` (scale 1 for integers, 10ⁿ for
/// decimals with n places).
fn dense_column(p: &mut ColumnProfile, dense: &DenseCounts, scale: f64) {
    let lo = dense.min;
    p.distinct = dense.distinct() as u64;
    p.numeric = dense.summary().map(|mut n| {
        if scale != 1.0 {
            for x in [
                &mut n.min,
                &mut n.max,
                &mut n.mean,
                &mut n.std,
                &mut n.p05,
                &mut n.p25,
                &mut n.median,
                &mut n.p75,
                &mut n.p95,
            ] {
                *x /= scale;
            }
        }
        n
    });
    p.top = stats::top_k(&dense.counts, TOP_VALUES)
        .iter()
        .map(|&i| ValueCount {
            value: format_value(p.kind, (lo + i as i64) as f64 / scale),
            count: dense.counts[i] as u64,
        })
        .collect();
    let (hist, a, b) = dense.histogram(SPARK_BINS);
    p.spark = Spark { counts: hist, lo: Some(a / scale), hi: Some(b / scale) };
}

fn float_column(p: &mut ColumnProfile, v: &[f64], sel: &Selection) {
    let mut values = Vec::with_capacity(sel.len());
    sel.for_each(|r| {
        if !v[r].is_nan() {
            values.push(v[r]);
        }
    });
    p.missing = (sel.len() - values.len()) as u64;
    if values.is_empty() {
        return;
    }
    // Coordinates and amounts have few decimals: count them exactly as scaled integers.
    if let Some((scale, lo, hi)) = decimal_scale(&values) {
        let mut counts = vec![0u32; (hi - lo + 1) as usize];
        for &x in &values {
            counts[((x * scale).round() as i64 - lo) as usize] += 1;
        }
        let total = values.len() as u64;
        dense_column(p, &DenseCounts { min: lo, counts, total }, scale);
        return;
    }
    stats::sort_f64(&mut values);
    sorted_column(p, &values);
}

/// The smallest power of ten (up to 10⁶) turning every value into an integer, with the
/// scaled extremes, when their range is narrow enough for a counting array.
fn decimal_scale(values: &[f64]) -> Option<(f64, i64, i64)> {
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let mut scale = 1.0;
    for _ in 0..=6 {
        if (hi - lo) * scale >= DENSE_RANGE as f64 || hi.abs().max(lo.abs()) * scale > 1e15 {
            return None;
        }
        let exact = values.iter().all(|&x| {
            let s = x * scale;
            (s - s.round()).abs() <= 1e-7 + s.abs() * 4.0 * f64::EPSILON
        });
        if exact {
            return Some((scale, (lo * scale).round() as i64, (hi * scale).round() as i64));
        }
        scale *= 10.0;
    }
    None
}

fn sorted_column(p: &mut ColumnProfile, values: &[f64]) {
    let runs = stats::runs(values);
    p.distinct = runs.len() as u64;
    let counts: Vec<u32> = runs.iter().map(|r| r.1).collect();
    p.top = stats::top_k(&counts, TOP_VALUES)
        .iter()
        .map(|&i| ValueCount { value: format_value(p.kind, runs[i].0), count: runs[i].1 as u64 })
        .collect();
    p.numeric = stats::sorted_summary(values);
    let (hist, a, b) = stats::sorted_histogram(values, SPARK_BINS);
    p.spark = Spark { counts: hist, lo: Some(a), hi: Some(b) };
}

/// Formats a numeric value of a column kind for people.
pub fn format_value(kind: Kind, v: f64) -> String {
    match kind {
        Kind::Date => date::format_iso(v as i32),
        Kind::Time => format!("{:02}:{:02}", v as i32 / 60, v as i32 % 60),
        Kind::Int => format!("{}", v as i64),
        _ => {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        }
    }
}

fn column_alerts(col: &Column, p: &ColumnProfile, sel: &Selection) -> Vec<Alert> {
    let mut out = Vec::new();
    let official = col.official;
    if official.is_some_and(alerts::leaks_crime_type) {
        out.push(Alert::new(
            AlertKind::Leakage,
            format!("{} encodes the crime type: leave it out when predicting crime type.", p.name),
        ));
    }
    if official.is_some_and(Official::zero_is_missing) && p.missing > 0 {
        out.push(Alert::rows(
            AlertKind::HiddenLocation,
            p.missing,
            format!(
                "{} rows ({:.1}%) have no location (given as 0 or blank: withheld).",
                thousands(p.missing),
                p.missing_pct
            ),
        ));
    } else if p.missing_pct > 50.0 {
        out.push(Alert::rows(
            AlertKind::MostlyMissing,
            p.missing,
            format!("{:.1}% of the values are missing.", p.missing_pct),
        ));
    }
    match col.data.kind() {
        Kind::Category if p.distinct as usize > alerts::HIGH_CARDINALITY_TEXT => out.push(Alert::new(
            AlertKind::HighCardinality,
            format!("{} distinct values: free text, not usable as a one-hot feature.", thousands(p.distinct)),
        )),
        Kind::CodeList if p.distinct as usize > alerts::HIGH_CARDINALITY_CODES => out.push(Alert::new(
            AlertKind::HighCardinality,
            format!("{} distinct codes in lists of several codes per row.", thousands(p.distinct)),
        )),
        _ => {}
    }
    if p.distinct == 1 {
        out.push(Alert::new(AlertKind::Constant, format!("Only one value ({}).", p.top[0].value)));
    } else if p.distinct > 1 && p.distinct == p.count && matches!(col.data.kind(), Kind::Int | Kind::Category)
    {
        out.push(Alert::new(AlertKind::Unique, "Every value is different: an identifier."));
    }
    if let Some(n) = &p.numeric {
        let id_like = p.distinct == p.count;
        if n.skewness.abs() > alerts::SKEW_LIMIT && !id_like {
            out.push(Alert::new(
                AlertKind::Skewed,
                format!("Skewed distribution (skewness {:.1}).", n.skewness),
            ));
        }
    }
    if official == Some(Official::VictAge) {
        if let ColumnData::Int(v) = &col.data {
            let mut bad = 0u64;
            sel.for_each(|r| bad += (v[r] != MISSING_INT && v[r] <= 0) as u64);
            if bad > 0 {
                out.push(Alert::rows(
                    AlertKind::InvalidValues,
                    bad,
                    format!(
                        "{} ages are 0 or negative (unknown victim age or no person victim).",
                        thousands(bad)
                    ),
                ));
            }
        }
    }
    if col.invalid > 0 {
        out.push(Alert::rows(
            AlertKind::InvalidValues,
            col.invalid,
            format!(
                "{} values in the file were not valid {} (read as missing).",
                thousands(col.invalid),
                col.data.kind().label()
            ),
        ));
    }
    out
}
