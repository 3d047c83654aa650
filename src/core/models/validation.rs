//! Scores of a model on the validation rows, for progress reports and early stopping.

use super::Model;
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::math::DetMath;

/// Mean log-loss and accuracy of `model` on `(x, y)` (probabilities clipped at 1e-15); an
/// error when `x` does not have the model's columns.
pub fn valid_scores(model: &dyn Model, x: &FeatureFrame, y: &[u32]) -> Result<(f64, f64)> {
    let k = model.n_classes();
    let proba = model.predict_proba(x)?;
    Ok(proba_scores(&proba, k, y))
}

/// Mean log-loss and accuracy of row-major probabilities `rows × k` against `y`.
pub fn proba_scores(proba: &[f32], k: usize, y: &[u32]) -> (f64, f64) {
    if y.is_empty() {
        return (0.0, 0.0);
    }
    let mut loss = 0f64;
    let mut correct = 0usize;
    for (row, &c) in proba.chunks_exact(k).zip(y) {
        let p = row[c as usize] as f64;
        loss -= p.clamp(1e-15, 1.0).det_ln();
        let mut best = 0;
        for (i, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = i;
            }
        }
        correct += (best == c as usize) as usize;
    }
    (loss / y.len() as f64, correct as f64 / y.len() as f64)
}
