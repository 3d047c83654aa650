//! [`plan_rows`]: which rows a run uses, their classes, and how they are split (the first two
//! steps of [`prepare`](super::prepare())).
//!
//! 1. read the target of every row; leave out rows the row filters exclude, rows without a
//!    target (and, by default, rows from the records-system change on, and rows without
//!    `DATE OCC` on a time split);
//! 2. keep the classes present among the remaining rows and split them (time or stratified
//!    random, seeded).
//!
//! Nothing here looks at features, so the plan is cheap and can be shared: tuning folds the
//! training rows of the same plan that the final run trains on.

use super::config::{records_change_day, FeatureConfig};
use super::split::{self, Split, SplitConfig};
use super::summary::DroppedRows;
use super::target::{CodeCount, NO_LABEL};
use crate::core::data::date::parse_iso;
use crate::core::data::{ColumnData, Dataset, Official, MISSING_INT};
use crate::core::error::{Error, ErrorKind, Result};

/// The rows of a run and their classes.
#[derive(Debug, Clone, PartialEq)]
pub struct RowPlan {
    /// Class names: the target's classes present among the usable rows, in target order.
    pub classes: Vec<String>,
    /// Class id of every dataset row ([`NO_LABEL`] where the row has no target).
    pub y: Vec<u32>,
    /// Training, validation and test rows (dataset row indices, sorted).
    pub split: Split,
    /// Rows left out before splitting, by reason.
    pub dropped: DroppedRows,
    /// Notes from reading the target (pooled classes…).
    pub notes: Vec<String>,
    /// Crime codes not in the mapping table, most frequent first.
    pub unknown_codes: Vec<CodeCount>,
}

impl RowPlan {
    /// The class id of each of `rows`.
    pub fn labels_of(&self, rows: &[u32]) -> Vec<u32> {
        rows.iter().map(|&r| self.y[r as usize]).collect()
    }
}

/// The day numbers of a date column, when the dataset has it.
pub(crate) fn dates(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match ds.official(o).map(|c| &c.data) {
        Some(ColumnData::Date(v)) => Some(v),
        _ => None,
    }
}

/// Reads the target, leaves out unusable rows and splits the rest. See the module docs.
pub fn plan_rows(ds: &Dataset, config: &FeatureConfig) -> Result<RowPlan> {
    config.validate()?;
    let labels = config.target.labels(ds)?;
    let occ = dates(ds, Official::DateOcc);
    let rptd = dates(ds, Official::DateRptd);
    let is_time = matches!(config.split, SplitConfig::Time { .. });
    if is_time && occ.is_none() {
        return Err(Error::new(ErrorKind::ColumnUnavailable {
            needed_by: "a time split".into(),
            column: Official::DateOcc.name().into(),
            as_type: None,
            hint: Some("use a random split".into()),
        }));
    }
    let cutoff = records_change_day();
    let after = |v: Option<&[i32]>, r: usize| v.is_some_and(|v| v[r] != MISSING_INT && v[r] >= cutoff);

    // 1. Rows the filters keep, with a target; classes present among them.
    let kept = config.filters.select(ds)?.mask();
    let mut dropped = DroppedRows::default();
    let mut rows = Vec::with_capacity(ds.rows());
    let mut class_rows = vec![0usize; labels.classes.len()];
    for (r, &c) in labels.y.iter().enumerate() {
        if kept.as_ref().is_some_and(|k| !k[r]) {
            dropped.filtered += 1;
        } else if c == NO_LABEL {
            dropped.no_target += 1;
        } else if config.exclude_records_change && (after(occ, r) || after(rptd, r)) {
            dropped.records_change += 1;
        } else if is_time && occ.is_some_and(|v| v[r] == MISSING_INT) {
            dropped.no_date += 1;
        } else {
            rows.push(r as u32);
            class_rows[c as usize] += 1;
        }
    }
    let mut remap = vec![NO_LABEL; labels.classes.len()];
    let mut classes = Vec::new();
    for (i, &n) in class_rows.iter().enumerate() {
        if n > 0 {
            remap[i] = classes.len() as u32;
            classes.push(labels.classes[i].clone());
        }
    }
    if classes.len() < 2 {
        return Err(Error::new(ErrorKind::TooFewClasses {
            what: format!("The target {} among the usable rows", config.target.label()),
            found: classes.len(),
        }));
    }
    let k = classes.len();
    let y: Vec<u32> =
        labels.y.iter().map(|&c| if c == NO_LABEL { NO_LABEL } else { remap[c as usize] }).collect();

    // 2. Split.
    let split = match &config.split {
        SplitConfig::Random { test_fraction, valid_fraction } => {
            split::random_stratified(&rows, &y, k, *test_fraction, *valid_fraction, config.seed)
        }
        SplitConfig::Time { test_fraction, valid_fraction, split_date } => {
            let date = match split_date {
                Some(text) => Some(parse_iso(text.trim()).ok_or_else(|| {
                    Error::invalid_param("features", "split.split_date", text, "a date as YYYY-MM-DD")
                })?),
                None => None,
            };
            split::time_split(&rows, occ.unwrap_or(&[]), *test_fraction, *valid_fraction, date)?
        }
    };
    for (part, rows) in [("training", &split.train), ("test", &split.test)] {
        if rows.is_empty() {
            return Err(Error::new(ErrorKind::EmptySplit { part: part.into() }));
        }
    }
    Ok(RowPlan { classes, y, split, dropped, notes: labels.notes, unknown_codes: labels.unknown_codes })
}
