//! Associations between columns on a seeded sample: Cramér's V for categorical columns and
//! Pearson and Spearman correlation for numeric ones.
//!
//! Cramér's V uses Bergsma's bias correction, so that columns with many levels on a modest
//! sample do not look associated by chance. Categorical columns keep their most frequent
//! levels (the rest pooled as "other"); a missing value is a level of its own (a blank
//! `Weapon Desc` means "no weapon"). Correlations use the rows where both values are present.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::columns;
use super::options::Options;
use super::selection::Selection;
use crate::core::data::{Dataset, Official, MISSING_CODE, MISSING_INT};
use crate::core::rng::Rng;

/// A symmetric matrix of association values with its labels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Row and column labels.
    pub labels: Vec<String>,
    /// `values[i][j]`; `None` where undefined (a constant column, too few rows).
    pub values: Vec<Vec<Option<f64>>>,
}

/// All association matrices and the sample they were computed on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Associations {
    /// Rows in the sample.
    pub sample_size: u64,
    /// Seed of the sample.
    pub seed: u64,
    /// Bias-corrected Cramér's V between categorical columns (0–1).
    pub cramers_v: Matrix,
    /// Pearson correlation between numeric columns (−1–1).
    pub pearson: Matrix,
    /// Spearman rank correlation between numeric columns (−1–1).
    pub spearman: Matrix,
}

const MISSING_KEY: i64 = i64::MIN;

/// Computes the associations on a seeded sample of the selected rows.
pub fn associations(ds: &Dataset, sel: &Selection, opt: &Options) -> Associations {
    let k = opt.sample_size.min(sel.len());
    let mut rows: Vec<usize> = if k == sel.len() {
        (0..k).map(|i| sel.nth(i)).collect()
    } else {
        Rng::new(opt.seed).sample_indices(sel.len(), k).into_iter().map(|i| sel.nth(i as usize)).collect()
    };
    rows.sort_unstable();

    // Categorical columns, each as one key per sampled row.
    let mut cat: Vec<(String, Vec<i64>)> = Vec::new();
    for (label, o) in [("Division", Official::Area), ("Part 1-2", Official::Part12)] {
        if let Some(v) = columns::ints(ds, o) {
            cat.push((label.into(), rows.iter().map(|&r| int_key(v[r])).collect()));
        }
    }
    for (label, o) in [
        ("Crime type", Official::CrmCdDesc),
        ("Premise", Official::PremisDesc),
        ("Weapon", Official::WeaponDesc),
        ("Status", Official::StatusDesc),
        ("Victim sex", Official::VictSex),
        ("Victim descent", Official::VictDescent),
    ] {
        if let Some((codes, _)) = columns::category(ds, o) {
            let keys = rows
                .iter()
                .map(|&r| match codes[r] {
                    MISSING_CODE => MISSING_KEY,
                    c => c as i64,
                })
                .collect();
            cat.push((label.into(), keys));
        }
    }
    if let Some(days) = columns::dates(ds, Official::DateOcc) {
        let keys = rows
            .iter()
            .map(|&r| match days[r] {
                MISSING_INT => MISSING_KEY,
                d => (d as i64 + 3).rem_euclid(7),
            })
            .collect();
        cat.push(("Weekday".into(), keys));
    }
    let levels: Vec<(String, Vec<u16>, usize)> = cat
        .into_iter()
        .map(|(label, keys)| {
            let (codes, n) = to_levels(&keys, opt.max_levels);
            (label, codes, n)
        })
        .collect();
    let n = levels.len();
    let mut cv = vec![vec![None; n]; n];
    for i in 0..n {
        for j in i..n {
            let v = if i == j {
                Some(1.0)
            } else {
                cramers_v(&levels[i].1, levels[i].2, &levels[j].1, levels[j].2)
            };
            cv[i][j] = v;
            cv[j][i] = v;
        }
    }

    // Numeric columns as f64 with NaN for missing.
    let mut num: Vec<(String, Vec<f64>)> = Vec::new();
    if let Some(v) = columns::ints(ds, Official::VictAge) {
        let x = rows
            .iter()
            .map(|&r| if v[r] == MISSING_INT || v[r] <= 0 { f64::NAN } else { v[r] as f64 })
            .collect();
        num.push(("Victim age".into(), x));
    }
    if let Some(v) = columns::times(ds, Official::TimeOcc) {
        num.push(("Time of day".into(), ints_to_f64(v, &rows)));
    }
    let occ = columns::dates(ds, Official::DateOcc);
    if let Some(v) = occ {
        num.push(("Date".into(), ints_to_f64(v, &rows)));
    }
    if let (Some(a), Some(b)) = (occ, columns::dates(ds, Official::DateRptd)) {
        let x = rows
            .iter()
            .map(
                |&r| {
                    if a[r] == MISSING_INT || b[r] == MISSING_INT {
                        f64::NAN
                    } else {
                        (b[r] - a[r]) as f64
                    }
                },
            )
            .collect();
        num.push(("Report delay".into(), x));
    }
    for (label, o) in [("Latitude", Official::Lat), ("Longitude", Official::Lon)] {
        if let Some(v) = columns::floats(ds, o) {
            num.push((label.into(), rows.iter().map(|&r| v[r]).collect()));
        }
    }
    let m = num.len();
    // Ranks over each column's present values, reused for every pair whose complete rows
    // are exactly that column's present rows (re-ranked otherwise).
    let own: Vec<(Vec<f64>, usize)> = num
        .iter()
        .map(|(_, v)| {
            let present: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            let r = ranks(&present);
            let mut full = vec![f64::NAN; v.len()];
            let mut k = 0;
            for (i, x) in v.iter().enumerate() {
                if !x.is_nan() {
                    full[i] = r[k];
                    k += 1;
                }
            }
            (full, present.len())
        })
        .collect();
    let mut pearson = vec![vec![None; m]; m];
    let mut spearman = vec![vec![None; m]; m];
    for i in 0..m {
        for j in i..m {
            let both: Vec<usize> =
                (0..rows.len()).filter(|&r| !num[i].1[r].is_nan() && !num[j].1[r].is_nan()).collect();
            let pick = |v: &[f64]| both.iter().map(|&r| v[r]).collect::<Vec<f64>>();
            let (x, y) = (pick(&num[i].1), pick(&num[j].1));
            let rank_of = |c: usize, vals: &[f64]| {
                if own[c].1 == both.len() {
                    pick(&own[c].0)
                } else {
                    ranks(vals)
                }
            };
            let p = correlation(&x, &y);
            let s = correlation(&rank_of(i, &x), &rank_of(j, &y));
            let (p, s) = if i == j && p.is_some() { (Some(1.0), Some(1.0)) } else { (p, s) };
            pearson[i][j] = p;
            pearson[j][i] = p;
            spearman[i][j] = s;
            spearman[j][i] = s;
        }
    }
    let num_labels: Vec<String> = num.into_iter().map(|(l, _)| l).collect();
    Associations {
        sample_size: rows.len() as u64,
        seed: opt.seed,
        cramers_v: Matrix { labels: levels.into_iter().map(|(l, _, _)| l).collect(), values: cv },
        pearson: Matrix { labels: num_labels.clone(), values: pearson },
        spearman: Matrix { labels: num_labels, values: spearman },
    }
}

fn int_key(v: i32) -> i64 {
    if v == MISSING_INT {
        MISSING_KEY
    } else {
        v as i64
    }
}

fn ints_to_f64(v: &[i32], rows: &[usize]) -> Vec<f64> {
    rows.iter().map(|&r| if v[r] == MISSING_INT { f64::NAN } else { v[r] as f64 }).collect()
}

/// Dense level codes: the `max_levels − 1` most frequent keys keep their own level, the rest
/// share one. Returns the codes and the number of levels.
fn to_levels(keys: &[i64], max_levels: usize) -> (Vec<u16>, usize) {
    let mut counts: FxHashMap<i64, u32> = FxHashMap::default();
    for &k in keys {
        *counts.entry(k).or_insert(0) += 1;
    }
    let mut by_count: Vec<(i64, u32)> = counts.into_iter().collect();
    by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let keep = if by_count.len() <= max_levels { by_count.len() } else { max_levels - 1 };
    let map: FxHashMap<i64, u16> =
        by_count[..keep].iter().enumerate().map(|(i, &(k, _))| (k, i as u16)).collect();
    let other = keep as u16;
    let codes = keys.iter().map(|k| map.get(k).copied().unwrap_or(other)).collect();
    (codes, if keep < by_count.len() { keep + 1 } else { keep })
}

/// Bias-corrected Cramér's V of two level codings (Bergsma 2013).
pub fn cramers_v(a: &[u16], ra: usize, b: &[u16], rb: usize) -> Option<f64> {
    let n = a.len();
    if n < 2 || ra < 2 || rb < 2 {
        return None;
    }
    let mut table = vec![0u32; ra * rb];
    let mut row = vec![0u32; ra];
    let mut col = vec![0u32; rb];
    for (&x, &y) in a.iter().zip(b) {
        table[x as usize * rb + y as usize] += 1;
        row[x as usize] += 1;
        col[y as usize] += 1;
    }
    let nf = n as f64;
    let mut sum = 0.0;
    for i in 0..ra {
        for j in 0..rb {
            let o = table[i * rb + j];
            if o > 0 {
                sum += (o as f64).powi(2) / (row[i] as f64 * col[j] as f64);
            }
        }
    }
    let chi2 = nf * (sum - 1.0);
    let r = row.iter().filter(|&&c| c > 0).count() as f64;
    let k = col.iter().filter(|&&c| c > 0).count() as f64;
    let phi2 = (chi2 / nf - (k - 1.0) * (r - 1.0) / (nf - 1.0)).max(0.0);
    let rc = r - (r - 1.0).powi(2) / (nf - 1.0);
    let kc = k - (k - 1.0).powi(2) / (nf - 1.0);
    let denom = (rc - 1.0).min(kc - 1.0);
    if denom <= 0.0 {
        return None;
    }
    Some((phi2 / denom).sqrt().min(1.0))
}

/// Pearson correlation (`None` with fewer than 3 pairs or a constant side).
pub fn correlation(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Ranks (1-based), ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut out = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            out[k] = avg;
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_null_associations() {
        let a: Vec<u16> = (0..1000).map(|i| (i % 4) as u16).collect();
        let v = cramers_v(&a, 4, &a, 4).unwrap();
        assert!((v - 1.0).abs() < 1e-9, "{v}");
        let b: Vec<u16> = (0..1000).map(|i| ((i / 4) % 3) as u16).collect();
        assert!(cramers_v(&a, 4, &b, 3).unwrap() < 0.05);
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        let x = [1.0, 2.0, 3.0, 4.0];
        assert!((correlation(&x, &[2.0, 4.0, 6.0, 8.0]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(correlation(&x, &[1.0; 4]), None);
    }
}
