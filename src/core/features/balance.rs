//! Class imbalance: resampling of the training rows and balanced class weights.
//!
//! Both only ever look at the training rows; validation and test rows keep their natural
//! class balance so that scores stay honest.

use super::config::{FeatureConfig, Resampling};
use crate::core::frame::FeatureFrame;
use crate::core::rng::Rng;

/// Training rows ready for a learner: resampled and weighted as the feature settings ask.
#[derive(Debug, Clone)]
pub struct BalancedTraining {
    /// Training matrix (rows repeated or dropped by resampling).
    pub x: FeatureFrame,
    /// Class of each row.
    pub y: Vec<u32>,
    /// Dataset row of each row.
    pub rows: Vec<u32>,
    /// Weight of each class (when class weights are on).
    pub class_weight: Option<Vec<f32>>,
    /// Weight of each row (when class weights are on).
    pub weights: Option<Vec<f32>>,
    /// Rows per class after resampling.
    pub counts: Vec<usize>,
}

/// Resamples training rows (matrix `x`, classes `y`, dataset rows `rows`) and computes class
/// weights, as `config` asks, over `k` classes. Validation and test rows are never touched.
pub fn balance_training(
    config: &FeatureConfig,
    k: usize,
    x: FeatureFrame,
    y: Vec<u32>,
    rows: Vec<u32>,
) -> BalancedTraining {
    let (x, y, rows) = if config.resampling == Resampling::None {
        (x, y, rows)
    } else {
        let positions = resample(&y, k, config.resampling, config.seed);
        (
            x.take(&positions),
            positions.iter().map(|&p| y[p as usize]).collect(),
            positions.iter().map(|&p| rows[p as usize]).collect(),
        )
    };
    let mut counts = vec![0usize; k];
    y.iter().for_each(|&c| counts[c as usize] += 1);
    let class_weight = config.class_weights.then(|| balanced_weights(&counts));
    let weights = class_weight.as_ref().map(|w| y.iter().map(|&c| w[c as usize]).collect());
    BalancedTraining { x, y, rows, class_weight, weights, counts }
}

/// Training positions after resampling, sorted.
pub fn resample(y: &[u32], k: usize, how: Resampling, seed: u64) -> Vec<u32> {
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (i, &c) in y.iter().enumerate() {
        by_class[c as usize].push(i as u32);
    }
    let sizes = by_class.iter().map(Vec::len).filter(|&n| n > 0);
    let target = match how {
        Resampling::Undersample => sizes.min().unwrap_or(0),
        _ => sizes.max().unwrap_or(0),
    };
    let mut rng = Rng::new(seed ^ 0x0EE5_A3B1);
    let mut out = Vec::with_capacity(target * k);
    for members in by_class.iter_mut().filter(|m| !m.is_empty()) {
        if members.len() >= target {
            rng.shuffle(members);
            out.extend_from_slice(&members[..target]);
        } else {
            out.extend_from_slice(members);
            for _ in members.len()..target {
                out.push(members[rng.below(members.len() as u64) as usize]);
            }
        }
    }
    out.sort_unstable();
    out
}

/// "Balanced" class weights: class `c` weighs `n / (k · n_c)` per row, where `k` counts the
/// classes present (absent classes weigh 0).
pub fn balanced_weights(counts: &[usize]) -> Vec<f32> {
    let n: usize = counts.iter().sum();
    let present = counts.iter().filter(|&&c| c > 0).count().max(1);
    counts
        .iter()
        .map(|&c| if c == 0 { 0.0 } else { (n as f64 / (present as f64 * c as f64)) as f32 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_classes() {
        let y = [0, 0, 0, 0, 0, 0, 1, 1, 2];
        let over = resample(&y, 3, Resampling::Oversample, 1);
        let count = |p: &[u32], c: u32| p.iter().filter(|&&i| y[i as usize] == c).count();
        assert_eq!((count(&over, 0), count(&over, 1), count(&over, 2)), (6, 6, 6));
        let under = resample(&y, 3, Resampling::Undersample, 1);
        assert_eq!(under.len(), 3);
        let w = balanced_weights(&[6, 2, 1, 0]);
        assert_eq!(w, vec![0.5, 1.5, 3.0, 0.0]);
    }
}
