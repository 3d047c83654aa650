//! Splitting rows into training, validation and test sets.
//!
//! * [`random_stratified`]: a seeded random split that keeps each class's share in every set.
//! * [`time_split`]: everything before a split date trains, everything on or after it tests
//!   (validation is the stretch just before the split date), so every test date is later than
//!   every training date — the honest setup for forecasting-style questions.
//! * [`stratified_kfold`]: k stratified folds of a training set, for tuning.
//!
//! Row lists come back sorted by row index, which keeps later column gathers sequential.

use serde::{Deserialize, Serialize};

use crate::core::data::MISSING_INT;
use crate::core::error::{Error, Result};
use crate::core::rng::Rng;

/// How to split the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SplitConfig {
    /// Seeded random split, stratified by class.
    Random {
        /// Share of rows in the test set, in (0, 1).
        test_fraction: f64,
        /// Share of rows in the validation set, in [0, 1).
        valid_fraction: f64,
    },
    /// Train on earlier dates, test on later ones.
    Time {
        /// Share of rows (the latest) in the test set, in (0, 1); ignored with `split_date`.
        test_fraction: f64,
        /// Share of rows in the validation set (just before the test dates), in [0, 1).
        valid_fraction: f64,
        /// First test date (`YYYY-MM-DD`), instead of `test_fraction`.
        #[serde(default)]
        split_date: Option<String>,
    },
}

/// The kinds of split, without their fractions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitKind {
    /// Train on earlier dates, test on later ones ([`SplitConfig::Time`]).
    #[default]
    Time,
    /// Seeded random split, stratified by class ([`SplitConfig::Random`]).
    Random,
}

impl crate::core::listed::Listed for SplitKind {
    const SETTING: &'static str = "split";
    const VALUES: &'static [(SplitKind, &'static str, &'static str)] = &[
        (SplitKind::Time, "time", "Later dates (time split, recommended)"),
        (SplitKind::Random, "random", "A random 20% (stratified)"),
    ];
}

impl Default for SplitConfig {
    fn default() -> SplitConfig {
        SplitConfig::Time { test_fraction: 0.2, valid_fraction: 0.1, split_date: None }
    }
}

impl SplitConfig {
    /// `random` or `time`.
    pub fn kind(&self) -> &'static str {
        match self {
            SplitConfig::Random { .. } => "random",
            SplitConfig::Time { .. } => "time",
        }
    }

    /// The kind of split.
    pub fn split_kind(&self) -> SplitKind {
        match self {
            SplitConfig::Random { .. } => SplitKind::Random,
            SplitConfig::Time { .. } => SplitKind::Time,
        }
    }

    /// The test and validation shares.
    pub fn fractions(&self) -> (f64, f64) {
        match self {
            SplitConfig::Random { test_fraction, valid_fraction }
            | SplitConfig::Time { test_fraction, valid_fraction, .. } => (*test_fraction, *valid_fraction),
        }
    }

    /// Checks the fractions and the split date, naming the setting that is not valid.
    pub fn validate(&self) -> Result<()> {
        let (test, valid) = self.fractions();
        let bad =
            |param: &str, value: f64, range: &str| Err(Error::invalid_param("features", param, value, range));
        if !(test > 0.0 && test < 1.0) {
            return bad("split.test_fraction", test, "a number in (0, 1)");
        }
        if !(0.0..1.0).contains(&valid) {
            return bad("split.valid_fraction", valid, "a number in [0, 1)");
        }
        if test + valid >= 0.95 {
            return bad(
                "split.valid_fraction",
                valid,
                &format!(
                    "below {:.2} so that test + validation stays under 0.95 and rows are left to train on",
                    0.95 - test
                ),
            );
        }
        if let SplitConfig::Time { split_date: Some(date), .. } = self {
            if crate::core::data::date::parse_iso(date.trim()).is_none() {
                return Err(Error::invalid_param(
                    "features",
                    "split.split_date",
                    format!("\"{date}\""),
                    "a date YYYY-MM-DD",
                ));
            }
        }
        Ok(())
    }
}

/// Rows of each set (dataset row indices, sorted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    /// Training rows.
    pub train: Vec<u32>,
    /// Validation rows (may be empty).
    pub valid: Vec<u32>,
    /// Test rows.
    pub test: Vec<u32>,
    /// First test date of a time split (day number).
    pub split_date: Option<i32>,
    /// First validation date of a time split (day number).
    pub valid_date: Option<i32>,
}

/// A seeded stratified split of `rows` by their class `y[row]`.
pub fn random_stratified(
    rows: &[u32],
    y: &[u32],
    n_classes: usize,
    test_fraction: f64,
    valid_fraction: f64,
    seed: u64,
) -> Split {
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); n_classes];
    for &r in rows {
        by_class[y[r as usize] as usize].push(r);
    }
    let rng = Rng::new(seed);
    let mut split = Split::default();
    for (class, members) in by_class.iter_mut().enumerate() {
        rng.fork(class as u64).shuffle(members);
        let n = members.len();
        let n_test = (n as f64 * test_fraction).round() as usize;
        let n_valid = ((n as f64 * valid_fraction).round() as usize).min(n - n_test);
        split.test.extend_from_slice(&members[..n_test]);
        split.valid.extend_from_slice(&members[n_test..n_test + n_valid]);
        split.train.extend_from_slice(&members[n_test + n_valid..]);
    }
    split.train.sort_unstable();
    split.valid.sort_unstable();
    split.test.sort_unstable();
    split
}

/// Splits `rows` by their date `dates[row]` (day numbers; rows with a missing date must have
/// been left out): test = on or after the split date, validation = the `valid_fraction` of
/// rows just before it, train = the rest.
pub fn time_split(
    rows: &[u32],
    dates: &[i32],
    test_fraction: f64,
    valid_fraction: f64,
    split_date: Option<i32>,
) -> Result<Split> {
    let (lo, hi) = rows
        .iter()
        .map(|&r| dates[r as usize])
        .filter(|&d| d != MISSING_INT)
        .fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
    if lo >= hi {
        return Err(Error::invalid_param(
            "features",
            "split.kind",
            "time",
            "random here: a time split needs rows on two different dates, and these rows have one",
        ));
    }
    let mut per_day = vec![0u64; (hi - lo + 1) as usize];
    for &r in rows {
        per_day[(dates[r as usize] - lo) as usize] += 1;
    }
    let n = rows.len() as f64;
    // The day boundary (first day of the upper part) that puts closest to `want` rows at or
    // after it, among days in (floor, top].
    let boundary = |top: i32, floor: i32, want: f64| -> i32 {
        let mut cum = 0.0;
        let mut best = top;
        let mut best_gap = f64::INFINITY;
        let mut day = top;
        while day > floor {
            cum += per_day[(day - lo) as usize] as f64;
            let gap = (cum - want).abs();
            if gap < best_gap {
                best_gap = gap;
                best = day;
            }
            if cum > want {
                break;
            }
            day -= 1;
        }
        best
    };
    let test_start = match split_date {
        Some(d) if d <= lo || d > hi => {
            return Err(Error::invalid_param(
                "features",
                "split.split_date",
                crate::core::data::date::format_iso(d),
                format!(
                    "a date after {} and up to {}, the dates of the rows",
                    crate::core::data::date::format_iso(lo),
                    crate::core::data::date::format_iso(hi)
                ),
            ))
        }
        Some(d) => d,
        None => boundary(hi, lo, n * test_fraction),
    };
    let valid_start = if valid_fraction > 0.0 && test_start - 1 > lo {
        Some(boundary(test_start - 1, lo, n * valid_fraction))
    } else {
        None
    };
    let mut split = Split { split_date: Some(test_start), valid_date: valid_start, ..Split::default() };
    let valid_start = valid_start.unwrap_or(test_start);
    for &r in rows {
        let d = dates[r as usize];
        if d >= test_start {
            split.test.push(r);
        } else if d >= valid_start {
            split.valid.push(r);
        } else {
            split.train.push(r);
        }
    }
    Ok(split)
}

/// One fold: positions (into the labels given to [`stratified_kfold`]) to train and to score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    /// Positions to train on.
    pub train: Vec<u32>,
    /// Positions to score.
    pub valid: Vec<u32>,
}

/// `k` stratified folds of the rows with classes `y`, seeded. Each position is scored in
/// exactly one fold.
pub fn stratified_kfold(y: &[u32], n_classes: usize, k: usize, seed: u64) -> Result<Vec<Fold>> {
    if k < 2 || k > y.len() {
        return Err(Error::invalid_param("k-fold", "k", k, format!("from 2 to the {} rows", y.len())));
    }
    let assignment = fold_assignment(y, n_classes, k, seed);
    Ok((0..k)
        .map(|f| {
            let (valid, train): (Vec<u32>, Vec<u32>) =
                (0..y.len() as u32).partition(|&i| assignment[i as usize] as usize == f);
            Fold { train, valid }
        })
        .collect())
}

/// The fold (`0..k`) of each position, stratified by class and seeded.
pub fn fold_assignment(y: &[u32], n_classes: usize, k: usize, seed: u64) -> Vec<u8> {
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); n_classes];
    for (i, &c) in y.iter().enumerate() {
        by_class[c as usize].push(i as u32);
    }
    let mut rng = Rng::new(seed ^ 0x5EED_F01D);
    let mut out = vec![0u8; y.len()];
    let mut next = 0usize;
    for members in &mut by_class {
        rng.shuffle(members);
        for &i in members.iter() {
            out[i as usize] = (next % k) as u8;
            next += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stratified_split_keeps_class_shares() {
        let y: Vec<u32> = (0..1000).map(|i| (i % 10 == 0) as u32).collect();
        let rows: Vec<u32> = (0..1000).collect();
        let s = random_stratified(&rows, &y, 2, 0.2, 0.1, 7);
        assert_eq!((s.train.len(), s.valid.len(), s.test.len()), (700, 100, 200));
        assert_eq!(s.test.iter().filter(|&&r| y[r as usize] == 1).count(), 20);
        let again = random_stratified(&rows, &y, 2, 0.2, 0.1, 7);
        assert_eq!(s, again);
    }

    #[test]
    fn time_split_orders_dates() {
        let dates: Vec<i32> = (0..100).map(|i| i / 2).collect();
        let rows: Vec<u32> = (0..100).collect();
        let s = time_split(&rows, &dates, 0.2, 0.1, None).unwrap();
        assert_eq!(s.split_date, Some(40));
        assert_eq!(s.test.len(), 20);
        assert_eq!(s.valid.len(), 10);
        let max_train = s.train.iter().map(|&r| dates[r as usize]).max().unwrap();
        assert!(max_train < s.valid_date.unwrap());
    }

    #[test]
    fn kfold_covers_every_row_once() {
        let y: Vec<u32> = (0..103).map(|i| (i % 3) as u32).collect();
        let folds = stratified_kfold(&y, 3, 5, 1).unwrap();
        let mut seen = vec![0; 103];
        for f in &folds {
            assert_eq!(f.train.len() + f.valid.len(), 103);
            for &i in &f.valid {
                seen[i as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&s| s == 1));
    }
}
