//! The cross-entropy loss and its gradient for a chunk of rows, vectorised across rows.
//!
//! The logits of a chunk arrive row-major (`rows × k`, as the forward pass writes them). A
//! softmax along a row of ten classes does not vectorise well (ten is not a multiple of the
//! vector width, and the row maximum and sum are serial reductions). So the chunk is
//! transposed to class-major order and every step runs down the rows: the row maxima, the
//! exponentials, the sums (added class by class, the same order as a scalar loop), the
//! normalisation. The result is transposed back as the gradient `w · (p − onehot(y))`.
//!
//! One output (two classes) is a sigmoid, computed row by row.

use crate::core::math::DetMath;

use super::fastmath;

/// Scratch buffers reused across chunks.
#[derive(Debug, Default)]
pub struct SoftmaxScratch {
    t: Vec<f32>,
    max: Vec<f32>,
    sum: Vec<f32>,
}

/// Turns the logits `z` (`rows × k`) of rows with classes `y` and weights `w` (1 when `None`)
/// into the gradient `w · (p − onehot(y))`, adds the column sums of that gradient to `total`
/// (`k` values) and returns the weighted loss `Σ w · −log p(y)`.
pub fn loss_and_gradient(
    z: &mut [f32],
    k: usize,
    y: &[u32],
    w: Option<&[f32]>,
    total: &mut [f32],
    scratch: &mut SoftmaxScratch,
) -> f32 {
    let rows = y.len();
    debug_assert_eq!(z.len(), rows * k);
    if k == 1 {
        let mut loss = 0f32;
        for (i, zr) in z.iter_mut().enumerate() {
            let wr = w.map_or(1.0, |w| w[i]);
            loss += wr * sigmoid_loss_and_gradient(zr, y[i] as usize);
            *zr *= wr;
            total[0] += *zr;
        }
        return loss;
    }
    let SoftmaxScratch { t, max, sum } = scratch;
    // Class `c` at `t[c * ld..][..rows]`. The gap keeps the classes' rows `i` on different
    // cache sets: at a power-of-two stride (chunks of 4,096 rows) the transposes' `k` streams
    // would all share one set of the L1 cache, which holds fewer than ten lines per set.
    let ld = rows + CLASS_GAP;
    t.resize(ld * k, 0.0);
    for (i, zr) in z.chunks_exact(k).enumerate() {
        for (c, &v) in zr.iter().enumerate() {
            t[c * ld + i] = v;
        }
    }
    exp_by_class(t, rows, ld, max, sum);
    // `sum` becomes the per-row factor w / Σ exp.
    let mut loss = 0f32;
    for (i, s) in sum.iter_mut().enumerate() {
        let wr = w.map_or(1.0, |w| w[i]);
        let inv = 1.0 / *s;
        let py = t[y[i] as usize * ld + i] * inv;
        loss += wr * -(py.max(1e-30)).det_ln();
        *s = wr * inv;
    }
    for tc in t.chunks_exact_mut(ld) {
        for (v, &f) in tc.iter_mut().zip(sum.iter()) {
            *v *= f;
        }
    }
    for (i, &c) in y.iter().enumerate() {
        t[c as usize * ld + i] -= w.map_or(1.0, |w| w[i]);
    }
    for (c, tc) in t.chunks_exact(ld).enumerate() {
        total[c] += fastmath::lane_sum(&tc[..rows]);
    }
    for (i, zr) in z.chunks_exact_mut(k).enumerate() {
        for (c, v) in zr.iter_mut().enumerate() {
            *v = t[c * ld + i];
        }
    }
    loss
}

/// Floats between the end of one class's rows and the start of the next in the class-major
/// scratch of [`loss_and_gradient`] (one cache line).
const CLASS_GAP: usize = 16;

/// The shared first half of a softmax over class-major scores `t` (`k ≥ 1` classes of `rows`
/// values each, class `c` at `t[c * ld..][..rows]`, `ld ≥ rows`): replaces every score by
/// `exp(score − its row's maximum)` and leaves each row's sum of those in `sum` (added class
/// by class); `max` is scratch. Every step runs down the rows, so it vectorises.
pub fn exp_by_class(t: &mut [f32], rows: usize, ld: usize, max: &mut Vec<f32>, sum: &mut Vec<f32>) {
    assert!(ld >= rows);
    let ld = ld.max(1);
    max.clear();
    max.extend_from_slice(&t[..rows]);
    for tc in t.chunks_exact(ld).skip(1) {
        for (m, &v) in max.iter_mut().zip(&tc[..rows]) {
            *m = if v > *m { v } else { *m };
        }
    }
    sum.clear();
    sum.resize(rows, 0.0);
    for tc in t.chunks_exact_mut(ld) {
        for ((v, &m), s) in tc[..rows].iter_mut().zip(max.iter()).zip(sum.iter_mut()) {
            *v = fastmath::exp(*v - m);
            *s += *v;
        }
    }
}

/// Turns the logit `z` of one row into `p − [y = 1]` for a sigmoid output and returns the loss
/// `−log p(y)`.
#[inline(always)]
fn sigmoid_loss_and_gradient(z: &mut f32, y: usize) -> f32 {
    let t = *z;
    let yf = (y == 1) as u8 as f32;
    // log(1 + exp(-s·t)) with s = ±1, computed stably.
    let m = if yf > 0.5 { -t } else { t };
    let loss = if m > 0.0 { m + (-m).det_exp().det_ln_1p() } else { m.det_exp().det_ln_1p() };
    let p = 1.0 / (1.0 + (-t).det_exp());
    *z = p - yf;
    loss
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_row_by_row_softmax() {
        let (rows, k) = (37, 5);
        let z: Vec<f32> = (0..rows * k).map(|i| ((i * 31 % 23) as f32 - 11.0) / 3.0).collect();
        let y: Vec<u32> = (0..rows).map(|i| (i * 3 % k) as u32).collect();
        let w: Vec<f32> = (0..rows).map(|i| 0.5 + (i % 3) as f32).collect();
        let mut g = z.clone();
        let mut total = vec![0f32; k];
        let loss = loss_and_gradient(&mut g, k, &y, Some(&w), &mut total, &mut SoftmaxScratch::default());
        let mut want_loss = 0f64;
        let mut want_total = vec![0f64; k];
        for i in 0..rows {
            let zr: Vec<f64> = z[i * k..][..k].iter().map(|&v| v as f64).collect();
            let m = zr.iter().cloned().fold(f64::MIN, f64::max);
            let s: f64 = zr.iter().map(|v| (v - m).exp()).sum();
            for c in 0..k {
                let p = (zr[c] - m).exp() / s;
                let want = w[i] as f64 * (p - (c == y[i] as usize) as u8 as f64);
                assert!((g[i * k + c] as f64 - want).abs() < 1e-5);
                want_total[c] += want;
            }
            want_loss -= w[i] as f64 * ((zr[y[i] as usize] - m).exp() / s).ln();
        }
        assert!((loss as f64 - want_loss).abs() < 1e-3 * want_loss);
        for (a, b) in total.iter().zip(&want_total) {
            assert!((*a as f64 - b).abs() < 1e-4);
        }
    }

    #[test]
    fn sigmoid_for_one_output() {
        let mut z = vec![0.0f32, 2.0];
        let mut total = [0f32];
        let loss = loss_and_gradient(&mut z, 1, &[1, 0], None, &mut total, &mut SoftmaxScratch::default());
        let want = (2f32).ln() + (1.0 + 2f32.exp()).ln();
        assert!((loss - want).abs() < 1e-5);
        assert!((z[0] + 0.5).abs() < 1e-6 && (z[1] - 1.0 / (1.0 + (-2f32).exp())).abs() < 1e-6);
        assert!((total[0] - (z[0] + z[1])).abs() < 1e-6);
    }
}
