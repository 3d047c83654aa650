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
//! [`lbfgs`](super::lbfgs) on the full-batch loss and gradient ([`objective`]: chunks of rows
//! with `f32` arithmetic inside a chunk, `f64` sums over a fixed layout of row blocks). The fit
//! is a state machine ([`fit`]) that several trainer workers can share, each summing some
//! blocks and sending their sums to the others ([`partials`]); a plain fit is one worker. An
//! optional warm start ([`LogregParams::warm_start_rows`]) first solves the problem on a seeded
//! sample.

pub mod fit;
pub mod objective;
pub mod partials;

use std::ops::Range;

use crate::core::math::DetMath;
use serde::{Deserialize, Serialize};

use super::fastmath;
use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len};
use super::linear_input::LinearInput;
use super::{InputKind, Learner, Model, Monitor, TrainData, Valid};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
use fit::{FitStep, LogregFit};
use objective::CHUNK;

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
        // The one-worker case of the fit the trainer workers share: the same steps, bits and all.
        let (mut fit, _) = LogregFit::start(p, data, 0, 1)?;
        loop {
            if let FitStep::Finished(model) = fit.next(data, &[], monitor)? {
                return Ok(*model);
            }
        }
    }
}

fn total_weight(y: &[u32], weights: Option<&[f32]>) -> f64 {
    let total = match weights {
        Some(w) => w.iter().map(|&v| v as f64).sum(),
        None => y.len() as f64,
    };
    total.max(f64::MIN_POSITIVE)
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

    /// Logits of `rows`, `rows.len() × outputs`.
    fn logits(&self, x: &FeatureFrame, rows: Range<usize>) -> Vec<f32> {
        self.input.linear_outputs(x, rows, (&self.weights, &self.bias), self.outputs, CHUNK)
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
        self.proba_checked_with(x, Parallelism::ONE)
    }

    /// Rows in blocks of whole chunks spread over the threads: each row's logits are its own.
    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        Ok(parallelism.row_blocks(x.rows, 4 * CHUNK, |rows| {
            let mut out = Vec::with_capacity(rows.len() * self.n_classes);
            logits_to_proba(&self.logits(x, rows), self.outputs, &mut out);
            out
        }))
    }
}
