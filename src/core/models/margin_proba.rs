//! Probabilities from SVM margins: a softmax with one fitted temperature.
//!
//! One-vs-rest SVMs give a margin per class, not probabilities. We map margins `m` of a row to
//! `softmax(m / T)`, with the single temperature `T` chosen to minimise the log-loss on a set
//! of training rows (a one-parameter, multiclass form of Platt scaling). The ranking of classes
//! is unchanged, so predictions stay the class with the largest margin.

use crate::core::math::DetMath;

/// Softmax of `margins / t`, row by row, in place (`rows × k`).
pub fn softmax_in_place(margins: &mut [f32], k: usize, t: f32) {
    let inv_t = 1.0 / t;
    for row in margins.chunks_exact_mut(k) {
        let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let mut s = 0f32;
        for v in row.iter_mut() {
            *v = super::fastmath::exp((*v - m) * inv_t);
            s += *v;
        }
        let inv = 1.0 / s;
        for v in row.iter_mut() {
            *v *= inv;
        }
    }
}

fn log_loss(margins: &[f32], k: usize, y: &[u32], t: f32) -> f64 {
    let inv_t = 1.0 / t;
    let mut loss = 0f64;
    for (row, &c) in margins.chunks_exact(k).zip(y) {
        let m = row.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let s: f32 = row.iter().map(|&v| ((v - m) * inv_t).det_exp()).sum();
        loss += (s.det_ln() - (row[c as usize] - m) * inv_t) as f64;
    }
    loss
}

/// The temperature in `[0.01, 100]` that minimises the log-loss of `softmax(margins / T)`
/// against `y` (golden-section search on `log T`).
pub fn fit_temperature(margins: &[f32], k: usize, y: &[u32]) -> f32 {
    if y.is_empty() {
        return 1.0;
    }
    let (mut a, mut b) = ((0.01f64).det_ln(), (100f64).det_ln());
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let f = |lt: f64| log_loss(margins, k, y, lt.det_exp() as f32);
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..40 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    ((a + b) / 2.0).det_exp() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_generating_temperature() {
        // Margins whose labels were drawn from softmax(m / 2).
        let mut rng = crate::core::rng::Rng::new(3);
        let (mut m, mut y) = (Vec::new(), Vec::new());
        for _ in 0..20_000 {
            let row = [rng.normal() as f32 * 3.0, rng.normal() as f32 * 3.0, 0.0];
            let mut p = row;
            softmax_in_place(&mut p, 3, 2.0);
            let u = rng.f32();
            y.push(if u < p[0] {
                0
            } else if u < p[0] + p[1] {
                1
            } else {
                2
            });
            m.extend_from_slice(&row);
        }
        let t = fit_temperature(&m, 3, &y);
        assert!((t - 2.0).abs() < 0.15, "{t}");
    }
}
