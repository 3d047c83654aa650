//! Scores of the predicted probabilities themselves: log-loss and top-k accuracy.

use super::check_inputs;
use crate::core::error::Result;
use crate::core::math::DetMath;

/// Smallest probability [`log_loss`] uses: `f32::EPSILON`, the clip scikit-learn applies to
/// `float32` probabilities (a zero probability for the true class costs `-ln ε ≈ 15.9`).
pub const LOG_LOSS_EPS: f64 = f32::EPSILON as f64;

/// Mean negative log-probability of the true class (natural log), with probabilities clipped to
/// `[ε, 1 − ε]` ([`LOG_LOSS_EPS`]) and not renormalised, as scikit-learn's `log_loss` does.
///
/// `proba` is row-major `y_true.len() × k`.
pub fn log_loss(y_true: &[u32], proba: &[f32], k: usize) -> Result<f64> {
    check_inputs(y_true, proba, k)?;
    let mut sum = 0.0;
    for (row, &t) in proba.chunks_exact(k).zip(y_true) {
        let p = (row[t as usize] as f64).clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS);
        sum -= p.det_ln(); // the same bits natively and in the browser
    }
    Ok(sum / y_true.len() as f64)
}

/// Share of rows whose true class is among the `k_top` most probable classes.
///
/// Ties are broken as scikit-learn's `top_k_accuracy_score` does for multiclass targets (a
/// stable ascending sort, reversed): among equal probabilities the higher class id ranks
/// first. With `k_top >= k` every row is a hit.
pub fn top_k_accuracy(y_true: &[u32], proba: &[f32], k: usize, k_top: usize) -> Result<f64> {
    check_inputs(y_true, proba, k)?;
    let mut hits = 0usize;
    for (row, &t) in proba.chunks_exact(k).zip(y_true) {
        let t = t as usize;
        let p = row[t];
        let ahead = row.iter().enumerate().filter(|&(j, &q)| q > p || (q == p && j > t)).count();
        if ahead < k_top {
            hits += 1;
        }
    }
    Ok(hits as f64 / y_true.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_loss_by_hand() {
        // -(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.65) / 4 (scikit-learn's docstring example: 0.21616).
        let proba = [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65];
        let ll = log_loss(&[1, 0, 0, 1], &proba, 2).unwrap();
        assert!((ll - 0.21616).abs() < 1e-5, "{ll}");
        // A zero probability for the truth is clipped, not infinite.
        let ll = log_loss(&[0], &[0.0, 1.0], 2).unwrap();
        assert!((ll + (f32::EPSILON as f64).ln()).abs() < 1e-9);
        assert!(log_loss(&[0], &[1.0], 2).is_err());
        assert!(log_loss(&[0], &[f32::NAN, 1.0], 2).is_err());
    }

    #[test]
    fn top_k_counts_ties_like_scikit_learn() {
        let proba = [0.5, 0.3, 0.2, 0.4, 0.4, 0.2];
        assert_eq!(top_k_accuracy(&[1, 0], &proba, 3, 1).unwrap(), 0.0);
        assert_eq!(top_k_accuracy(&[1, 1], &proba, 3, 1).unwrap(), 0.5);
        assert_eq!(top_k_accuracy(&[1, 0], &proba, 3, 2).unwrap(), 1.0);
    }
}
