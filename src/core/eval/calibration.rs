//! Calibration (reliability) bins: do predicted probabilities match observed frequencies?
//!
//! For a binary target the probability of the positive (second) class is binned and compared
//! with the share of positive rows in each bin, as scikit-learn's `calibration_curve` with the
//! `uniform` strategy does (bins of equal width on [0, 1]; bin `b` holds `b/n < p ≤ (b+1)/n`,
//! bin 0 also holds 0). For more classes the *top-label* confidence (the largest probability
//! of each row) is binned and compared with the accuracy of the predicted class.

use serde::{Deserialize, Serialize};

use super::check_inputs;
use crate::core::error::{Error, Result};

/// What the bins compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationKind {
    /// Probability of this (positive) class against the share of rows of it.
    PositiveClass(String),
    /// Largest probability of each row against the accuracy of the predicted class.
    TopLabel,
}

/// One non-empty bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationBin {
    /// Lower edge (exclusive, except 0).
    pub lower: f64,
    /// Upper edge (inclusive).
    pub upper: f64,
    /// Rows in the bin.
    pub count: u64,
    /// Mean predicted probability of the rows in the bin.
    pub mean_predicted: f64,
    /// Observed frequency: share of positives, or accuracy for top-label bins.
    pub observed: f64,
}

/// Reliability bins and the expected calibration error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// What is compared.
    pub kind: CalibrationKind,
    /// Number of equal-width bins asked for.
    pub n_bins: usize,
    /// The non-empty bins, in increasing probability.
    pub bins: Vec<CalibrationBin>,
    /// Expected calibration error: `Σ count/rows · |observed − mean_predicted|`.
    pub ece: f64,
}

/// Bin of probability `p` among `n_bins` equal-width bins, with scikit-learn's edges
/// (`i · (1/n)`, compared with `<`).
fn bin_of(p: f64, n_bins: usize) -> usize {
    let width = 1.0 / n_bins as f64;
    let edge = |i: usize| i as f64 * width;
    let mut b = ((p * n_bins as f64).floor().max(0.0) as usize).min(n_bins - 1);
    while b > 0 && edge(b) >= p {
        b -= 1;
    }
    while b + 1 < n_bins && edge(b + 1) < p {
        b += 1;
    }
    b
}

impl Calibration {
    /// Reliability bins of row-major `rows × k` probabilities.
    pub fn compute(y_true: &[u32], proba: &[f32], k: usize, n_bins: usize) -> Result<Calibration> {
        check_inputs(y_true, proba, k)?;
        if n_bins == 0 {
            return Err(Error::invalid_param("calibration", "bins", 0, "at least 1"));
        }
        let mut count = vec![0u64; n_bins];
        let mut sum_p = vec![0f64; n_bins];
        let mut hits = vec![0u64; n_bins];
        for (row, &t) in proba.chunks_exact(k).zip(y_true) {
            let (p, hit) = if k == 2 {
                (row[1] as f64, t == 1)
            } else {
                let mut best = 0;
                for (j, &q) in row.iter().enumerate() {
                    if q > row[best] {
                        best = j;
                    }
                }
                (row[best] as f64, best == t as usize)
            };
            let b = bin_of(p, n_bins);
            count[b] += 1;
            sum_p[b] += p;
            hits[b] += hit as u64;
        }
        let rows = y_true.len() as f64;
        let mut bins = Vec::new();
        let mut ece = 0.0;
        for b in 0..n_bins {
            if count[b] == 0 {
                continue;
            }
            let c = count[b] as f64;
            let bin = CalibrationBin {
                lower: b as f64 / n_bins as f64,
                upper: (b + 1) as f64 / n_bins as f64,
                count: count[b],
                mean_predicted: sum_p[b] / c,
                observed: hits[b] as f64 / c,
            };
            ece += c / rows * (bin.observed - bin.mean_predicted).abs();
            bins.push(bin);
        }
        Ok(Calibration { kind: CalibrationKind::TopLabel, n_bins, bins, ece })
    }

    /// Like [`Calibration::compute`], naming the positive class for binary targets.
    pub fn with_classes(
        y_true: &[u32],
        proba: &[f32],
        classes: &[String],
        n_bins: usize,
    ) -> Result<Calibration> {
        let mut c = Calibration::compute(y_true, proba, classes.len(), n_bins)?;
        if classes.len() == 2 {
            c.kind = CalibrationKind::PositiveClass(classes[1].clone());
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_follow_scikit_learn_edges() {
        assert_eq!(bin_of(0.0, 10), 0);
        assert_eq!(bin_of(0.1, 10), 0);
        assert_eq!(bin_of(0.5, 10), 4);
        assert_eq!(bin_of(0.55, 10), 5);
        assert_eq!(bin_of(1.0, 10), 9);
    }

    #[test]
    fn top_label_bins_by_hand() {
        // Confidences 0.9 (right), 0.8 (wrong), 0.4 (right) in 2 bins: (0, .5] and (.5, 1].
        let proba = [0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.4, 0.3, 0.3];
        let c = Calibration::compute(&[0, 0, 0], &proba, 3, 2).unwrap();
        assert_eq!(c.bins.len(), 2);
        assert_eq!((c.bins[0].count, c.bins[0].observed), (1, 1.0));
        assert!((c.bins[1].mean_predicted - 0.85).abs() < 1e-6);
        assert_eq!(c.bins[1].observed, 0.5);
        // ECE = 1/3·|1 − 0.4| + 2/3·|0.5 − 0.85|.
        assert!((c.ece - (0.6 / 3.0 + 2.0 * 0.35 / 3.0)).abs() < 1e-6);
    }
}
