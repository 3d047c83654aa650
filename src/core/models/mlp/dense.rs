//! A fully connected layer on a row-major batch, with its Adam state.

use serde::{Deserialize, Serialize};

use crate::core::error::Result;
use crate::core::models::fitted::{ensure_finite, ensure_len, product};
use crate::core::rng::Rng;

/// Weights `n_in × n_out` (row-major: the outputs of input `i` are contiguous) and biases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dense {
    /// Inputs.
    pub n_in: usize,
    /// Outputs.
    pub n_out: usize,
    /// `n_in × n_out` weights.
    pub w: Vec<f32>,
    /// `n_out` biases.
    pub b: Vec<f32>,
}

impl Dense {
    /// A layer with normal weights of standard deviation `std` and zero biases.
    pub fn new(n_in: usize, n_out: usize, std: f64, rng: &mut Rng) -> Dense {
        Dense {
            n_in,
            n_out,
            w: (0..n_in * n_out).map(|_| (rng.normal() * std) as f32).collect(),
            b: vec![0.0; n_out],
        }
    }

    /// `z = h · W + b` for `rows` rows (`h`: `rows × n_in`, `z`: `rows × n_out`). Zero inputs
    /// (ReLU outputs, dropped units) are skipped.
    pub fn forward(&self, h: &[f32], rows: usize, z: &mut [f32]) {
        crate::core::models::linear_input::dispatch_k!(self.n_out, K => self.forward_k::<K>(h, rows, z))
    }

    /// [`forward`](Self::forward) with `n_out` known at compile time (0 = dynamic).
    #[inline(always)]
    fn forward_k<const K: usize>(&self, h: &[f32], rows: usize, z: &mut [f32]) {
        let ni = self.n_in;
        let no = if K > 0 { K } else { self.n_out };
        for r in 0..rows {
            let zr = &mut z[r * no..(r + 1) * no];
            zr.copy_from_slice(&self.b);
            for (i, &a) in h[r * ni..(r + 1) * ni].iter().enumerate() {
                if a != 0.0 {
                    for (zc, &wc) in zr.iter_mut().zip(&self.w[i * no..(i + 1) * no]) {
                        *zc += a * wc;
                    }
                }
            }
        }
    }

    /// Accumulates `dW += hᵀ · dz`, `db += Σ dz`, and (when `dh` is given) writes
    /// `dh = dz · Wᵀ`.
    pub fn backward(&self, h: &[f32], dz: &[f32], rows: usize, grad: &mut Dense, dh: Option<&mut [f32]>) {
        crate::core::models::linear_input::dispatch_k!(
            self.n_out,
            K => self.backward_k::<K>(h, dz, rows, grad, dh)
        )
    }

    /// [`backward`](Self::backward) with `n_out` known at compile time (0 = dynamic).
    #[inline(always)]
    fn backward_k<const K: usize>(
        &self,
        h: &[f32],
        dz: &[f32],
        rows: usize,
        grad: &mut Dense,
        dh: Option<&mut [f32]>,
    ) {
        let ni = self.n_in;
        let no = if K > 0 { K } else { self.n_out };
        for r in 0..rows {
            let dzr = &dz[r * no..(r + 1) * no];
            for (g, &d) in grad.b.iter_mut().zip(dzr) {
                *g += d;
            }
            for (i, &a) in h[r * ni..(r + 1) * ni].iter().enumerate() {
                if a != 0.0 {
                    for (g, &d) in grad.w[i * no..(i + 1) * no].iter_mut().zip(dzr) {
                        *g += a * d;
                    }
                }
            }
        }
        if let Some(dh) = dh {
            for r in 0..rows {
                let dzr = &dz[r * no..(r + 1) * no];
                for i in 0..ni {
                    dh[r * ni + i] = dot(dzr, &self.w[i * no..(i + 1) * no]);
                }
            }
        }
    }

    /// Checks a layer read from a file: `n_in × n_out` finite weights and `n_out` biases.
    pub fn validate(&self) -> Result<()> {
        ensure_len("weights", self.w.len(), product("weights", self.n_in, self.n_out)?)?;
        ensure_len("biases", self.b.len(), self.n_out)?;
        ensure_finite("weights", &self.w)?;
        ensure_finite("biases", &self.b)
    }

    /// A zeroed layer of the same shape (gradient / moment buffers).
    pub fn zeros_like(&self) -> Dense {
        Dense { n_in: self.n_in, n_out: self.n_out, w: vec![0.0; self.w.len()], b: vec![0.0; self.b.len()] }
    }

    /// Sets every value to zero.
    pub fn clear(&mut self) {
        self.w.fill(0.0);
        self.b.fill(0.0);
    }
}

/// Dot product with eight independent accumulators (vectorises without fast-math).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = a.len() / 8;
    for c in 0..chunks {
        let (x, y) = (&a[c * 8..c * 8 + 8], &b[c * 8..c * 8 + 8]);
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for i in chunks * 8..a.len() {
        s += a[i] * b[i];
    }
    s
}

/// Adam moments of one layer.
#[derive(Debug, Clone)]
pub struct Adam {
    m: Dense,
    v: Dense,
}

/// Adam settings and step counter.
#[derive(Debug, Clone, Copy)]
pub struct AdamStep {
    /// Learning rate.
    pub lr: f32,
    /// Step number, from 1.
    pub t: i32,
}

impl Adam {
    /// Zero moments for a layer.
    pub fn new(layer: &Dense) -> Adam {
        Adam { m: layer.zeros_like(), v: layer.zeros_like() }
    }

    /// One Adam update of `layer` from `grad` (β1 0.9, β2 0.999, ε 1e-8), with `l2 · W`
    /// added to the weight gradient.
    pub fn update(&mut self, layer: &mut Dense, grad: &Dense, step: AdamStep, l2: f32) {
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let c1 = 1.0 - b1.powi(step.t);
        let c2 = 1.0 - b2.powi(step.t);
        let lr = step.lr * c2.sqrt() / c1;
        let upd = |w: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32], l2: f32| {
            for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                let g = g + l2 * *w;
                *m = b1 * *m + (1.0 - b1) * g;
                *v = b2 * *v + (1.0 - b2) * g * g;
                *w -= lr * *m / (v.sqrt() + eps);
            }
        };
        upd(&mut layer.w, &grad.w, &mut self.m.w, &mut self.v.w, l2);
        upd(&mut layer.b, &grad.b, &mut self.m.b, &mut self.v.b, 0.0);
    }
}
