//! Multinomial logistic regression with an L2 penalty, fitted on the full training matrix.
//!
//! [`LogregParams`] holds the hyper-parameters; [`LogregModel`] the fitted weights. The model
//! minimises the same objective as scikit-learn's `LogisticRegression(solver="lbfgs")`:
//!
//! ```text
//! (1/N) Σᵢ wᵢ · (−log pᵢ(yᵢ))  +  ‖W‖² / (2·C·N)        N = Σᵢ wᵢ
//! ```
//!
//! with softmax probabilities for three or more classes and a single sigmoid output for two
//! (as scikit-learn does), the intercepts unpenalised, and the inputs built by
//! [`LinearInput`] (standardised numerics, implicit one-hot categoricals). The minimiser is our
//! [`lbfgs`](super::lbfgs) on the full-batch loss and gradient, which are computed in chunks of
//! rows with `f32` arithmetic inside a chunk and `f64` sums across chunks. An optional warm
//! start ([`LogregParams::warm_start_rows`]) first solves the problem on a seeded sample.

use crate::core::math::DetMath;
use serde::{Deserialize, Serialize};

use super::fastmath;
use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len};
use super::lbfgs::{minimize_scaled, LbfgsOutcome, LbfgsSettings};
use super::linear_input::{InputOptions, LinearInput};
use super::softmax_loss::{self, SoftmaxScratch};
use super::sparse_levels::SparseLevels;
use super::validation::valid_scores;
use super::{too_few_classes, InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Rows per chunk of the loss/gradient pass (keeps the chunk's outputs in cache).
const CHUNK: usize = 4096;

/// Hyper-parameters of logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogregParams {
    /// Inverse L2 strength, as scikit-learn's `C`. Default 1.0; valid `> 0`.
    pub c: f64,
    /// Most L-BFGS iterations. Default 100 (scikit-learn's default); valid 1–10000.
    pub max_iter: usize,
    /// Stop when the largest gradient component is at most this. Default 1e-4; valid `> 0`.
    pub tol: f64,
    /// Add a "was missing" input per numeric feature with missing values. Default true.
    pub missing_indicator: bool,
    /// Warm start: with more than twice this many training rows, first minimise the same
    /// objective on a seeded random sample of this many rows, then continue on all rows from
    /// that solution (the full-data run then needs far fewer of its costly iterations; the
    /// result still minimises the full-data objective). Worth it only when the fit converges
    /// before `max_iter`. 0 turns it off. Default 0;
    /// valid 0 or 1,000–10,000,000.
    pub warm_start_rows: usize,
}

impl Default for LogregParams {
    fn default() -> Self {
        LogregParams { c: 1.0, max_iter: 100, tol: 1e-4, missing_indicator: true, warm_start_rows: 0 }
    }
}

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogregModel {
    input: LinearInput,
    n_classes: usize,
    /// Outputs: 1 for two classes (sigmoid), else `n_classes` (softmax).
    outputs: usize,
    /// `width × outputs` weights, row-major.
    weights: Vec<f32>,
    /// One intercept per output.
    bias: Vec<f32>,
    /// L-BFGS iterations done.
    pub iterations: usize,
    /// Whether the gradient tolerance was reached within `max_iter`.
    pub converged: bool,
}

impl Learner for LogregParams {
    type Model = LogregModel;

    fn validate(&self) -> Result<()> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(crate::core::Error::invalid_param("logreg", "c", self.c, "a number > 0"));
        }
        if !(1..=10_000).contains(&self.max_iter) {
            return Err(crate::core::Error::invalid_param(
                "logreg",
                "max_iter",
                self.max_iter,
                "a whole number from 1 to 10,000",
            ));
        }
        if !(self.tol > 0.0 && self.tol.is_finite()) {
            return Err(crate::core::Error::invalid_param("logreg", "tol", self.tol, "a number > 0"));
        }
        if self.warm_start_rows != 0 && !(1_000..=10_000_000).contains(&self.warm_start_rows) {
            return Err(crate::core::Error::invalid_param(
                "logreg",
                "warm_start_rows",
                self.warm_start_rows,
                "0 (off) or a whole number from 1,000 to 10,000,000",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<LogregModel> {
        let input = LinearInput::fit(data.x, InputOptions::of(p.missing_indicator, data))?;
        if data.n_classes < 2 {
            return Err(too_few_classes("logreg", data.n_classes));
        }
        if let Some((vx, _)) = data.valid {
            input.check(vx)?;
        }
        let k = data.n_classes;
        let outputs = if k == 2 { 1 } else { k };
        let width = input.width();
        let n_params = width * outputs + outputs;
        let l2 = 1.0 / (p.c * total_weight(data.y, data.weights));

        let mut params = vec![0.0f64; n_params];
        let settings = LbfgsSettings { tol: p.tol, max_iter: p.max_iter, memory: 30 };
        let n = data.y.len();
        let mut done = 0;
        if p.warm_start_rows > 0 && n > 2 * p.warm_start_rows {
            // Stage 1: the same objective (same penalty per unit of loss) on a seeded sample.
            let mut rows = Rng::new(data.seed).sample_indices(n, p.warm_start_rows);
            rows.sort_unstable();
            let sx = data.x.take(&rows);
            let sy: Vec<u32> = rows.iter().map(|&r| data.y[r as usize]).collect();
            let sw: Option<Vec<f32>> = data.weights.map(|w| rows.iter().map(|&r| w[r as usize]).collect());
            let stage = Stage {
                input: &input,
                x: &sx,
                y: &sy,
                weights: sw.as_deref(),
                outputs,
                n_classes: k,
                l2,
                valid: None,
                first_iteration: 0,
                fractions: (0.0, 0.3),
                parallelism: data.parallelism,
            };
            done = stage.run(&mut params, settings, monitor)?.iterations;
        }
        let stage = Stage {
            input: &input,
            x: data.x,
            y: data.y,
            weights: data.weights,
            outputs,
            n_classes: k,
            l2,
            valid: data.valid,
            first_iteration: done,
            fractions: if done > 0 { (0.3, 1.0) } else { (0.0, 1.0) },
            parallelism: data.parallelism,
        };
        let outcome = stage.run(&mut params, settings, monitor)?;
        Ok(LogregModel {
            input,
            n_classes: k,
            outputs,
            weights: params[..width * outputs].iter().map(|&v| v as f32).collect(),
            bias: params[width * outputs..].iter().map(|&v| v as f32).collect(),
            iterations: outcome.iterations,
            converged: outcome.converged,
        })
    }
}

fn total_weight(y: &[u32], weights: Option<&[f32]>) -> f64 {
    let total = match weights {
        Some(w) => w.iter().map(|&v| v as f64).sum(),
        None => y.len() as f64,
    };
    total.max(f64::MIN_POSITIVE)
}

/// One L-BFGS run on a set of rows.
struct Stage<'a> {
    input: &'a LinearInput,
    x: &'a FeatureFrame,
    y: &'a [u32],
    weights: Option<&'a [f32]>,
    outputs: usize,
    n_classes: usize,
    l2: f64,
    valid: Option<(&'a FeatureFrame, &'a [u32])>,
    first_iteration: usize,
    fractions: (f64, f64),
    parallelism: Parallelism,
}

impl Stage<'_> {
    fn run(
        &self,
        params: &mut [f64],
        settings: LbfgsSettings,
        monitor: &mut dyn Monitor,
    ) -> Result<LbfgsOutcome> {
        let width = self.input.width();
        let outputs = self.outputs;
        let total = total_weight(self.y, self.weights);
        let objective = std::cell::RefCell::new(Objective {
            input: self.input,
            x: self.x,
            y: self.y,
            weights: self.weights,
            outputs,
            sparse: SparseLevels::new(self.input, self.x, CHUNK),
            w32: vec![0.0; width * outputs],
            b32: vec![0.0; outputs],
            parallelism: self.parallelism,
            workers: Vec::new(),
        });
        let (lo, hi) = self.fractions;
        // Preconditioner: the curvature along a weight is about (mean square of its input)
        // × p(1 − p) + the L2 strength; intercepts see every row.
        let mut scale = Vec::with_capacity(params.len());
        for ms in self.input.mean_squares(self.x) {
            let s = (0.25 * ms + self.l2).sqrt().max(1e-6);
            scale.extend(std::iter::repeat_n(s, outputs));
        }
        scale.extend(std::iter::repeat_n(0.5, outputs));
        minimize_scaled(
            params,
            settings,
            &scale,
            |p, g| objective.borrow_mut().eval(p, g, self.l2, total),
            |iteration, value, _| {
                let mut progress = TrainProgress {
                    fraction: lo + (hi - lo) * iteration as f64 / settings.max_iter as f64,
                    iteration: self.first_iteration + iteration,
                    train_loss: Some(value),
                    ..Default::default()
                };
                // Validation scores every 10 iterations (a full pass over the validation rows).
                if let (Some((vx, vy)), true) = (self.valid, iteration % 10 == 0) {
                    let model = objective.borrow().snapshot(self.n_classes);
                    if let Ok((loss, acc)) = valid_scores(&model, vx, vy) {
                        progress.valid_loss = Some(loss);
                        progress.valid_accuracy = Some(acc);
                    }
                }
                monitor.report(&progress)
            },
        )
    }
}

/// The full-batch loss and gradient.
struct Objective<'a> {
    input: &'a LinearInput,
    x: &'a FeatureFrame,
    y: &'a [u32],
    weights: Option<&'a [f32]>,
    outputs: usize,
    /// The frame's categorical columns as rows off their usual level.
    sparse: SparseLevels,
    w32: Vec<f32>,
    b32: Vec<f32>,
    /// Threads the chunks of rows are spread over.
    parallelism: Parallelism,
    /// Buffers per thread.
    workers: Vec<ChunkWork>,
}

/// What one thread reuses from chunk to chunk: the chunk's outputs (then their gradient) and
/// the softmax's buffers.
#[derive(Default)]
struct ChunkWork {
    scratch: SoftmaxScratch,
    z: Vec<f32>,
}

impl Objective<'_> {
    fn eval(&mut self, p: &[f64], grad: &mut [f64], l2: f64, total_weight: f64) -> f64 {
        super::linear_input::dispatch_k!(self.outputs, K => self.eval_k::<K>(p, grad, l2, total_weight))
    }

    /// [`eval`](Self::eval) with the output count known at compile time (0 = dynamic).
    #[inline(always)]
    fn eval_k<const K: usize>(&mut self, p: &[f64], grad: &mut [f64], l2: f64, total_weight: f64) -> f64 {
        let k = if K > 0 { K } else { self.outputs };
        let nw = self.w32.len();
        for (a, &b) in self.w32.iter_mut().zip(&p[..nw]) {
            *a = b as f32;
        }
        for (a, &b) in self.b32.iter_mut().zip(&p[nw..]) {
            *a = b as f32;
        }
        // Every row's outputs start at the bias plus the weights of its columns' usual levels.
        let mut start_z = vec![0f32; k];
        self.sparse.prepare(&self.w32, &self.b32, k, &mut start_z);
        grad.fill(0.0);
        let mut loss = 0f64;
        let n = self.y.len();
        // Chunks go side by side, in contiguous groups (one per thread, each with its own
        // buffers); their sums are added here in chunk order, so the gradient is the same for
        // any thread count.
        self.workers.resize_with(self.parallelism.get().max(1), ChunkWork::default);
        let chunks: Vec<usize> = (0..n.div_ceil(CHUNK)).collect();
        let Objective { input, x, y, weights, sparse, w32, workers, parallelism, .. } = self;
        let (input, x, y, weights, sparse, w32) = (*input, *x, *y, *weights, &*sparse, &w32[..]);
        let sums = parallelism.map_with(workers, chunks, |work, _, chunk_index| {
            let start = chunk_index * CHUNK;
            let end = (start + CHUNK).min(n);
            let len = end - start;
            work.z.resize(CHUNK * k, 0.0);
            let z = &mut work.z[..len * k];
            for zr in z.chunks_exact_mut(k) {
                zr.copy_from_slice(&start_z);
            }
            sparse.add_forward(input, x, chunk_index, w32, k, z);
            let mut gb = vec![0f32; k];
            let weights = weights.map(|w| &w[start..end]);
            let loss =
                softmax_loss::loss_and_gradient(z, k, &y[start..end], weights, &mut gb, &mut work.scratch);
            let mut gchunk = vec![0f32; nw];
            sparse.add_backward(input, x, chunk_index, z, &gb, k, &mut gchunk);
            (loss, gb, gchunk)
        });
        for (chunk_loss, gb, gchunk) in sums {
            for (t, &v) in grad[nw..].iter_mut().zip(&gb) {
                *t += v as f64;
            }
            loss += chunk_loss as f64;
            for (t, &v) in grad[..nw].iter_mut().zip(&gchunk) {
                *t += v as f64;
            }
        }
        let inv = 1.0 / total_weight;
        let mut penalty = 0f64;
        for (g, &w) in grad[..nw].iter_mut().zip(&p[..nw]) {
            *g = *g * inv + l2 * w;
            penalty += w * w;
        }
        for g in grad[nw..].iter_mut() {
            *g *= inv;
        }
        loss * inv + 0.5 * l2 * penalty
    }

    /// A model with the current weights (for validation scores during the fit).
    fn snapshot(&self, n_classes: usize) -> LogregModel {
        LogregModel {
            input: self.input.clone(),
            n_classes,
            outputs: self.outputs,
            weights: self.w32.clone(),
            bias: self.b32.clone(),
            iterations: 0,
            converged: false,
        }
    }
}

/// Softmax (or sigmoid for one output) of each row of logits, written as `rows × n_classes`
/// probabilities into `out`.
pub(crate) fn logits_to_proba(z: &[f32], outputs: usize, out: &mut Vec<f32>) {
    if outputs == 1 {
        for &t in z {
            let p = 1.0 / (1.0 + (-t).det_exp());
            out.push(1.0 - p);
            out.push(p);
        }
        return;
    }
    for zr in z.chunks_exact(outputs) {
        let m = zr.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let base = out.len();
        let mut s = 0f32;
        for &v in zr {
            let e = fastmath::exp(v - m);
            s += e;
            out.push(e);
        }
        let inv = 1.0 / s;
        for v in &mut out[base..] {
            *v *= inv;
        }
    }
}

impl LogregModel {
    /// Weights, `width × outputs` row-major (one output for two classes).
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// Intercepts, one per output.
    pub fn bias(&self) -> &[f32] {
        &self.bias
    }

    /// The input mapping (standardisation statistics, one-hot layout).
    pub fn input(&self) -> &LinearInput {
        &self.input
    }

    /// Logits of all rows, `rows × outputs`.
    fn logits(&self, x: &FeatureFrame) -> Vec<f32> {
        let k = self.outputs;
        let mut z = vec![0.0; x.rows * k];
        for zr in z.chunks_exact_mut(k) {
            zr.copy_from_slice(&self.bias);
        }
        let mut start = 0;
        while start < x.rows {
            let end = (start + CHUNK).min(x.rows);
            self.input.add_forward(x, start, end, &self.weights, k, &mut z[start * k..end * k]);
            start = end;
        }
        z
    }
}

impl Model for LogregModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.input.inputs())
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(self.input.names())
    }

    /// One output for two classes (sigmoid), else one per class; `width × outputs` weights.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        let outputs = if self.n_classes == 2 { 1 } else { self.n_classes };
        ensure(self.outputs == outputs, || {
            format!("outputs is {} where {} classes need {outputs}", self.outputs, self.n_classes)
        })?;
        self.input.validate()?;
        self.input.validate_weights("weights", &self.weights, outputs)?;
        ensure_len("bias", self.bias.len(), outputs)?;
        ensure_finite("bias", &self.bias)
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        let z = self.logits(x);
        let mut out = Vec::with_capacity(x.rows * self.n_classes);
        logits_to_proba(&z, self.outputs, &mut out);
        Ok(out)
    }
}
