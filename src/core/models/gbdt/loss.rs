//! Losses of boosting: softmax cross-entropy for several classes, logistic loss for two.
//!
//! Scores are raw margins (`n_out` per row: 1 for two classes, else the number of classes).
//! During training they are stored output after output (`scores[k * rows + r]`), like the
//! gradients: [`gradients`] fills `(g, h)` per output and row — first and second derivatives
//! of the loss, times the row's weight — and returns the weighted mean loss, with a softmax
//! that runs down the rows ([`exp_by_class`]). Predictions use row-major scores
//! (`scores[r * n_out + k]`).

use std::ops::Range;

use crate::core::math::DetMath;
use crate::core::models::fastmath;
use crate::core::models::softmax_loss::exp_by_class;
use crate::core::parallel::{Parallelism, ROW_BLOCK};

/// Smallest hessian kept (avoids dividing by ~0 in confident leaves).
const MIN_HESS: f32 = 1e-6;

/// Fills the pairs of `outputs` in `gh` (`n_out × rows` pairs, output after output; the others
/// are left as they are) from output-major `scores` and returns the weighted mean loss (over
/// every output). Rows go in fixed blocks of [`ROW_BLOCK`] spread over `parallelism`'s
/// threads; the blocks' loss sums are added in block order, so the result is the same for any
/// thread count.
pub fn gradients(
    scores: &[f32],
    y: &[u32],
    w: Option<&[f32]>,
    n_out: usize,
    outputs: Range<usize>,
    gh: &mut [f32],
    parallelism: Parallelism,
) -> f64 {
    let n = y.len();
    assert!(outputs.end <= n_out, "outputs within 0..n_out");
    // blocks[b][j]: the pairs of block b's rows for the j-th output of `outputs`.
    let n_blocks = n.div_ceil(ROW_BLOCK);
    let mut blocks: Vec<Vec<&mut [f32]>> = (0..n_blocks).map(|_| Vec::with_capacity(n_out)).collect();
    for out in gh[2 * n * outputs.start..2 * n * outputs.end].chunks_mut((2 * n).max(1)) {
        for (b, chunk) in out.chunks_mut(2 * ROW_BLOCK).enumerate() {
            blocks[b].push(chunk);
        }
    }
    let sums = parallelism.map(blocks, |b, mut gh| {
        let start = b * ROW_BLOCK;
        let rows = start..(start + ROW_BLOCK).min(n);
        gradients_block(scores, y, w, n_out, rows, outputs.clone(), &mut gh)
    });
    let (mut loss, mut total_w) = (0.0f64, 0.0f64);
    for (l, tw) in sums {
        loss += l;
        total_w += tw;
    }
    if total_w > 0.0 {
        loss / total_w
    } else {
        0.0
    }
}

/// One block of [`gradients`]: `rows`, with `gh` holding their pairs for each of `outputs`;
/// returns the block's weighted loss sum and weight sum.
fn gradients_block(
    scores: &[f32],
    y: &[u32],
    w: Option<&[f32]>,
    n_out: usize,
    rows: Range<usize>,
    outputs: Range<usize>,
    gh: &mut [&mut [f32]],
) -> (f64, f64) {
    let n = y.len();
    let (start, len) = (rows.start, rows.len());
    let (y, w) = (&y[start..start + len], w.map(|w| &w[start..start + len]));
    let weight = |i: usize| w.map_or(1.0, |w| w[i]);
    let mut loss = 0.0f64;
    let mut total_w = 0.0f64;
    if n_out == 1 {
        for i in 0..len {
            let (c, wr) = (y[i], weight(i));
            let p = sigmoid(scores[start + i]);
            let t = if c == 1 { 1.0 } else { 0.0 };
            if let Some(gh) = gh.first_mut() {
                gh[2 * i] = (p - t) * wr;
                gh[2 * i + 1] = (p * (1.0 - p)).max(MIN_HESS) * wr;
            }
            let pc = if c == 1 { p } else { 1.0 - p };
            loss += wr as f64 * neg_ln(pc) as f64;
            total_w += wr as f64;
        }
        return (loss, total_w);
    }
    let (ex, mut sum) = block_softmax(scores, n, n_out, rows);
    for (k, out) in outputs.zip(gh.iter_mut()) {
        let ek = &ex[k * len..(k + 1) * len];
        for (i, (pair, (&e, &s))) in out.chunks_exact_mut(2).zip(ek.iter().zip(&sum)).enumerate() {
            let p = e / s;
            let t = if y[i] as usize == k { 1.0 } else { 0.0 };
            let wr = weight(i);
            // Not `f32::max`: WebAssembly's `max` differs on NaN, so it compiles to a call.
            let h = p * (1.0 - p);
            pair[0] = (p - t) * wr;
            pair[1] = (if h > MIN_HESS { h } else { MIN_HESS }) * wr;
        }
    }
    // The rows' losses first (a loop that vectorises), then their sum in row order.
    for (i, s) in sum.iter_mut().enumerate() {
        *s = neg_ln(ex[y[i] as usize * len + i] / *s);
    }
    for (i, &l) in sum.iter().enumerate() {
        let wr = weight(i);
        loss += wr as f64 * l as f64;
        total_w += wr as f64;
    }
    (loss, total_w)
}

/// The numerators and denominators of the softmax of `rows` (of `n`) from output-major
/// `scores`: `exp(score − the row's maximum)` output after output (`n_out × rows.len()`), and
/// each row's sum of those. It runs down the rows, output by output (scores are stored that
/// way), as the linear models' does, so that every step vectorises.
fn block_softmax(scores: &[f32], n: usize, n_out: usize, rows: Range<usize>) -> (Vec<f32>, Vec<f32>) {
    let mut ex = Vec::with_capacity(rows.len() * n_out);
    for k in 0..n_out {
        ex.extend_from_slice(&scores[k * n + rows.start..k * n + rows.end]);
    }
    let (mut max, mut sum) = (Vec::new(), Vec::new());
    exp_by_class(&mut ex, rows.len(), rows.len(), &mut max, &mut sum);
    (ex, sum)
}

/// The loss `−ln p` of a row whose class has probability `p`, with `p` kept from 1e-15 (a
/// sure miss costs about 34.5, not infinity).
#[inline(always)]
fn neg_ln(p: f32) -> f32 {
    // Not `f32::max`: WebAssembly's `max` differs on NaN, so it compiles to a call.
    -fastmath::ln(if p > 1e-15 { p } else { 1e-15 })
}

/// The logistic function.
#[inline]
pub fn sigmoid(s: f32) -> f32 {
    1.0 / (1.0 + (-s).det_exp())
}

/// Softmax of `s` into `out[..s.len()]`.
#[inline]
pub fn softmax(s: &[f32], out: &mut [f32]) {
    let m = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (o, &v) in out.iter_mut().zip(s) {
        *o = (v - m).det_exp();
        sum += *o;
    }
    for o in &mut out[..s.len()] {
        *o /= sum;
    }
}

/// Class probabilities (`rows × n_classes`) from scores (`rows × n_out`).
pub fn probabilities(scores: &[f32], n_out: usize, n_classes: usize) -> Vec<f32> {
    let rows = scores.len() / n_out.max(1);
    let mut out = vec![0.0; rows * n_classes];
    for r in 0..rows {
        let s = &scores[r * n_out..(r + 1) * n_out];
        let o = &mut out[r * n_classes..(r + 1) * n_classes];
        if n_out == 1 {
            let p = sigmoid(s[0]);
            o[0] = 1.0 - p;
            o[1] = p;
        } else {
            softmax(s, o);
        }
    }
    out
}

/// Mean log-loss and accuracy of the output-major `scores` (`n_out × y.len()`, as in
/// training) against the labels `y`. Rows go in fixed blocks of [`ROW_BLOCK`] spread over
/// `parallelism`'s threads, with the softmax of [`gradients`]; the blocks' sums are added in
/// block order, so the result is the same for any thread count.
pub fn evaluate(scores: &[f32], y: &[u32], n_out: usize, parallelism: Parallelism) -> (f64, f64) {
    let n = y.len();
    assert_eq!(scores.len(), n * n_out, "scores are n_out × rows");
    let blocks: Vec<Range<usize>> =
        (0..n.div_ceil(ROW_BLOCK)).map(|b| b * ROW_BLOCK..((b + 1) * ROW_BLOCK).min(n)).collect();
    let sums = parallelism.map(blocks, |_, rows| evaluate_block(scores, y, n_out, rows));
    let (mut loss, mut correct) = (0.0f64, 0usize);
    for (l, c) in sums {
        loss += l;
        correct += c;
    }
    let n = n.max(1) as f64;
    (loss / n, correct as f64 / n)
}

/// One block of [`evaluate`]: the loss sum and the count of rows whose most probable class
/// is theirs (the first of equals).
fn evaluate_block(scores: &[f32], y: &[u32], n_out: usize, rows: Range<usize>) -> (f64, usize) {
    let n = y.len();
    let (start, len) = (rows.start, rows.len());
    let y = &y[rows.clone()];
    let mut losses = Vec::with_capacity(len);
    let mut correct = 0usize;
    if n_out == 1 {
        for (&s, &c) in scores[start..start + len].iter().zip(y) {
            let p = sigmoid(s);
            losses.push(neg_ln(if c == 1 { p } else { 1.0 - p }));
            correct += usize::from(u32::from(p > 0.5) == c);
        }
    } else {
        let (ex, sum) = block_softmax(scores, n, n_out, rows);
        losses
            .extend(y.iter().zip(&sum).enumerate().map(|(i, (&c, &s))| neg_ln(ex[c as usize * len + i] / s)));
        // The most probable class of each row: the largest exponential (all share the row's sum).
        let mut best = vec![0u32; len];
        for k in 1..n_out {
            let (ek, e) = (&ex[k * len..(k + 1) * len], &ex[..]);
            for (i, (b, &v)) in best.iter_mut().zip(ek).enumerate() {
                if v > e[*b as usize * len + i] {
                    *b = k as u32;
                }
            }
        }
        correct = best.iter().zip(y).filter(|(b, c)| b == c).count();
    }
    (losses.iter().map(|&l| l as f64).sum(), correct)
}
