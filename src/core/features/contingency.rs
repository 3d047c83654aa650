//! Feature × class count tables and the association measures read from them.
//!
//! A [`Contingency`] counts training rows per (feature value, class). Categorical features use
//! their levels; numeric ones are cut into up to [`NUMERIC_BINS`] quantile bins (cut points
//! from an evenly spaced sample of the training values); missing values get a row of their own.
//! From the table come the measures the leakage guard and feature ranking use:
//! mutual information, the uncertainty coefficient `U = I(X;Y) / H(Y)` (the share of the
//! target's entropy the feature explains: 0 = independent, 1 = the feature determines the
//! target), the chi-squared statistic, and purity (accuracy of predicting the majority class
//! of each value).

use crate::core::frame::{FeatureValues, MISSING_LEVEL};
use crate::core::math::DetMath;

/// Quantile bins used for numeric features.
pub const NUMERIC_BINS: usize = 16;

/// Counts of rows per (value, class).
#[derive(Debug, Clone, PartialEq)]
pub struct Contingency {
    /// Number of classes (columns).
    pub k: usize,
    /// `values × k` counts, row-major.
    pub counts: Vec<u64>,
}

/// Cut points splitting finite `values` into up to `bins` quantile bins.
pub fn quantile_cuts(values: &[f32], bins: usize) -> Vec<f32> {
    let step = (values.len() / 20_000).max(1);
    let mut sample: Vec<f32> = values.iter().step_by(step).copied().filter(|v| v.is_finite()).collect();
    if sample.is_empty() {
        return Vec::new();
    }
    sample.sort_unstable_by(f32::total_cmp);
    let mut cuts: Vec<f32> = (1..bins).map(|i| sample[i * sample.len() / bins]).collect();
    cuts.dedup();
    // A cut equal to the minimum would leave an empty first bin.
    cuts.retain(|&c| c > sample[0]);
    cuts
}

impl Contingency {
    /// Counts `values` against classes `y` (same length).
    pub fn new(values: &FeatureValues, y: &[u32], k: usize) -> Contingency {
        match values {
            FeatureValues::Categorical { codes, levels } => {
                let n = levels.len();
                let mut counts = vec![0u64; (n + 1) * k];
                for (&c, &class) in codes.iter().zip(y) {
                    let row = if c == MISSING_LEVEL { n } else { c as usize };
                    counts[row * k + class as usize] += 1;
                }
                Contingency { k, counts }
            }
            FeatureValues::Numeric(v) => {
                let cuts = quantile_cuts(v, NUMERIC_BINS);
                let n = cuts.len() + 1;
                // Padded to a fixed width so the count below unrolls into vector compares.
                let mut padded = [f32::INFINITY; NUMERIC_BINS];
                padded[..cuts.len()].copy_from_slice(&cuts);
                let mut counts = vec![0u64; (n + 1) * k];
                for (&x, &class) in v.iter().zip(y) {
                    // At most 15 cuts: a branch-free count beats a binary search.
                    let row = if x.is_nan() {
                        n
                    } else {
                        padded.iter().map(|&c| (c <= x) as usize).sum::<usize>().min(n - 1)
                    };
                    counts[row * k + class as usize] += 1;
                }
                Contingency { k, counts }
            }
        }
    }

    /// Number of value rows.
    pub fn n_values(&self) -> usize {
        self.counts.len() / self.k.max(1)
    }

    /// A copy where values seen fewer than `min_rows` times are pooled into one row, so that
    /// identifiers (one row per value) do not look like perfect predictors.
    pub fn pooled(&self, min_rows: u64) -> Contingency {
        let k = self.k;
        let mut counts = Vec::with_capacity(self.counts.len());
        let mut rare = vec![0u64; k];
        for row in self.counts.chunks_exact(k) {
            if row.iter().sum::<u64>() >= min_rows {
                counts.extend_from_slice(row);
            } else {
                rare.iter_mut().zip(row).for_each(|(a, b)| *a += b);
            }
        }
        counts.extend_from_slice(&rare);
        Contingency { k, counts }
    }

    fn totals(&self) -> (Vec<u64>, Vec<u64>, u64) {
        let k = self.k;
        let mut by_class = vec![0u64; k];
        let by_value: Vec<u64> = self
            .counts
            .chunks_exact(k)
            .map(|row| {
                by_class.iter_mut().zip(row).for_each(|(a, b)| *a += b);
                row.iter().sum()
            })
            .collect();
        let n = by_value.iter().sum();
        (by_value, by_class, n)
    }

    /// Entropy of the class distribution, in nats.
    pub fn class_entropy(&self) -> f64 {
        let (_, by_class, n) = self.totals();
        entropy(&by_class, n)
    }

    /// Mutual information between value and class, in nats.
    pub fn mutual_info(&self) -> f64 {
        let (by_value, by_class, n) = self.totals();
        if n == 0 {
            return 0.0;
        }
        let n = n as f64;
        let mut mi = 0.0;
        for (row, &nv) in self.counts.chunks_exact(self.k).zip(&by_value) {
            for (&nvc, &nc) in row.iter().zip(&by_class) {
                if nvc > 0 {
                    let p = nvc as f64 / n;
                    mi += p * (nvc as f64 * n / (nv as f64 * nc as f64)).det_ln();
                }
            }
        }
        mi.max(0.0)
    }

    /// Uncertainty coefficient `I(X;Y) / H(Y)` in [0, 1] (0 when the target is constant).
    pub fn uncertainty(&self) -> f64 {
        let h = self.class_entropy();
        if h <= 1e-12 {
            0.0
        } else {
            (self.mutual_info() / h).clamp(0.0, 1.0)
        }
    }

    /// Chi-squared statistic of independence and its degrees of freedom.
    pub fn chi2(&self) -> (f64, usize) {
        let (by_value, by_class, n) = self.totals();
        if n == 0 {
            return (0.0, 0);
        }
        let n = n as f64;
        let mut stat = 0.0;
        for (row, &nv) in self.counts.chunks_exact(self.k).zip(&by_value) {
            if nv == 0 {
                continue;
            }
            for (&o, &nc) in row.iter().zip(&by_class) {
                if nc == 0 {
                    continue;
                }
                let e = nv as f64 * nc as f64 / n;
                stat += (o as f64 - e).powi(2) / e;
            }
        }
        let values = by_value.iter().filter(|&&v| v > 0).count();
        let classes = by_class.iter().filter(|&&c| c > 0).count();
        (stat, values.saturating_sub(1) * classes.saturating_sub(1))
    }

    /// Share of rows whose class is the majority class of their value.
    pub fn purity(&self) -> f64 {
        let (_, _, n) = self.totals();
        if n == 0 {
            return 0.0;
        }
        let hits: u64 =
            self.counts.chunks_exact(self.k).map(|row| row.iter().copied().max().unwrap_or(0)).sum();
        hits as f64 / n as f64
    }
}

fn entropy(counts: &[u64], n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.det_ln()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn determining_and_independent_features() {
        let y: Vec<u32> = (0..400).map(|i| (i % 4) as u32).collect();
        let levels: Vec<String> = (0..4).map(|i| i.to_string()).collect();
        let same = FeatureValues::Categorical {
            codes: y.iter().map(|&c| c as u16).collect(),
            levels: levels.clone(),
        };
        let t = Contingency::new(&same, &y, 4);
        assert!((t.uncertainty() - 1.0).abs() < 1e-9);
        assert!((t.purity() - 1.0).abs() < 1e-12);
        let noise =
            FeatureValues::Categorical { codes: (0..400).map(|i| ((i / 4) % 2) as u16).collect(), levels };
        let t = Contingency::new(&noise, &y, 4);
        assert!(t.uncertainty() < 1e-9);
        assert!(t.chi2().0 < 1e-9);
        let num = FeatureValues::Numeric(y.iter().map(|&c| c as f32 * 10.0).collect());
        assert!((Contingency::new(&num, &y, 4).uncertainty() - 1.0).abs() < 1e-9);
    }
}
