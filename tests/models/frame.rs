//! A simple feature set built straight from the loaded export, shared by the model tests
//! (`tests/models`) and the tree tests (`tests/trees.rs`).
//!
//! Features: hour (numeric), weekday (categorical), premise code (categorical), victim age
//! (numeric, 0 or less = missing), victim sex and descent (categorical), weapon code
//! (categorical), LAT and LON (numeric). Targets: `Part 1-2` (two classes) and the crime code
//! grouped as its six most frequent values plus "other" (seven classes).

use crimelab::core::data::{ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};
use crimelab::core::frame::{Feature, FeatureFrame, MISSING_LEVEL};
use crimelab::core::rng::Rng;

/// Features and two targets of every row.
pub struct Problem {
    /// The features.
    pub x: FeatureFrame,
    /// `Part 1-2` as class 0 (part 1) or 1 (part 2).
    pub part12: Vec<u32>,
    /// Crime code: 0–5 the six most frequent codes, 6 the rest.
    pub crime: Vec<u32>,
}

/// Number of classes of [`Problem::crime`].
pub const CRIME_CLASSES: usize = 7;

fn ints(ds: &Dataset, o: Official) -> &[i32] {
    match &ds.official(o).expect("column present").data {
        ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v,
        _ => panic!("{o:?} is not an integer column"),
    }
}

fn floats(ds: &Dataset, o: Official) -> Vec<f32> {
    match &ds.official(o).expect("column present").data {
        ColumnData::Float(v) => v.iter().map(|&a| a as f32).collect(),
        _ => panic!("{o:?} is not a float column"),
    }
}

/// Integer values as categorical codes (levels in order of first appearance).
fn int_levels(v: &[i32]) -> (Vec<u16>, Vec<String>) {
    let mut map = std::collections::HashMap::new();
    let mut levels = Vec::new();
    let codes = v
        .iter()
        .map(|&a| {
            if a == MISSING_INT {
                return MISSING_LEVEL;
            }
            *map.entry(a).or_insert_with(|| {
                levels.push(a.to_string());
                (levels.len() - 1) as u16
            })
        })
        .collect();
    (codes, levels)
}

fn category(ds: &Dataset, o: Official) -> (Vec<u16>, Vec<String>) {
    match &ds.official(o).expect("column present").data {
        ColumnData::Category { codes, dict } => (
            codes.iter().map(|&c| if c == MISSING_CODE { MISSING_LEVEL } else { c as u16 }).collect(),
            dict.values().to_vec(),
        ),
        _ => panic!("{o:?} is not a category column"),
    }
}

/// Builds the features and targets of every row of `ds`.
pub fn build(ds: &Dataset) -> Problem {
    let time = ints(ds, Official::TimeOcc);
    let hour: Vec<f32> =
        time.iter().map(|&t| if t == MISSING_INT { f32::NAN } else { (t / 60) as f32 }).collect();
    let day = ints(ds, Official::DateOcc);
    let weekday: Vec<u16> = day
        .iter()
        .map(|&d| if d == MISSING_INT { MISSING_LEVEL } else { (d + 3).rem_euclid(7) as u16 })
        .collect();
    let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from).to_vec();
    let age: Vec<f32> = ints(ds, Official::VictAge)
        .iter()
        .map(|&a| if a == MISSING_INT || a <= 0 { f32::NAN } else { a as f32 })
        .collect();
    let (premise, premise_levels) = int_levels(ints(ds, Official::PremisCd));
    let (weapon, weapon_levels) = int_levels(ints(ds, Official::WeaponUsedCd));
    let (sex, sex_levels) = category(ds, Official::VictSex);
    let (descent, descent_levels) = category(ds, Official::VictDescent);
    let x = FeatureFrame::new(vec![
        Feature::numeric("hour", hour),
        Feature::categorical("weekday", weekday, weekdays),
        Feature::categorical("premise", premise, premise_levels),
        Feature::numeric("vict_age", age),
        Feature::categorical("vict_sex", sex, sex_levels),
        Feature::categorical("vict_descent", descent, descent_levels),
        Feature::categorical("weapon", weapon, weapon_levels),
        Feature::numeric("lat", floats(ds, Official::Lat)),
        Feature::numeric("lon", floats(ds, Official::Lon)),
    ]);
    let part12 = ints(ds, Official::Part12).iter().map(|&p| (p == 2) as u32).collect();
    let crm = ints(ds, Official::CrmCd);
    let mut counts = std::collections::HashMap::new();
    for &c in crm {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let mut by_count: Vec<(i32, usize)> = counts.into_iter().collect();
    by_count.sort_by_key(|&(code, n)| (std::cmp::Reverse(n), code));
    let top: Vec<i32> = by_count.iter().take(CRIME_CLASSES - 1).map(|&(c, _)| c).collect();
    let crime =
        crm.iter().map(|c| top.iter().position(|t| t == c).unwrap_or(CRIME_CLASSES - 1) as u32).collect();
    Problem { x, part12, crime }
}

/// A seeded random split of `0..n` into training and test rows (`test_share` of them).
pub fn split(n: usize, test_share: f64, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let mut rows: Vec<u32> = (0..n as u32).collect();
    Rng::new(seed).shuffle(&mut rows);
    let n_test = (n as f64 * test_share).round() as usize;
    let test = rows[..n_test].to_vec();
    let train = rows[n_test..].to_vec();
    (train, test)
}

/// Picks the given rows of a label vector.
pub fn take(y: &[u32], rows: &[u32]) -> Vec<u32> {
    rows.iter().map(|&r| y[r as usize]).collect()
}

/// Accuracy of predictions.
pub fn accuracy(pred: &[u32], y: &[u32]) -> f64 {
    pred.iter().zip(y).filter(|(a, b)| a == b).count() as f64 / y.len() as f64
}

/// Macro-averaged F1 over the classes `0..k` (a class never predicted nor present counts 0).
pub fn macro_f1(pred: &[u32], y: &[u32], k: usize) -> f64 {
    let mut tp = vec![0f64; k];
    let mut fp = vec![0f64; k];
    let mut fn_ = vec![0f64; k];
    for (&p, &t) in pred.iter().zip(y) {
        if p == t {
            tp[t as usize] += 1.0;
        } else {
            fp[p as usize] += 1.0;
            fn_[t as usize] += 1.0;
        }
    }
    (0..k)
        .map(|c| {
            let d = 2.0 * tp[c] + fp[c] + fn_[c];
            if d > 0.0 {
                2.0 * tp[c] / d
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / k as f64
}

/// Share of the most frequent class of `y` among `test` labels, when predicting the most
/// frequent class of `train`.
pub fn majority_accuracy(train: &[u32], test: &[u32], k: usize) -> f64 {
    let mut counts = vec![0usize; k];
    for &c in train {
        counts[c as usize] += 1;
    }
    let best = (0..k).max_by_key(|&c| counts[c]).unwrap() as u32;
    test.iter().filter(|&&c| c == best).count() as f64 / test.len() as f64
}
