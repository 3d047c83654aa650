//! Linear SVM: one-vs-rest hinge loss with L2, trained by SGD (Pegasos) on the full matrix.
//!
//! [`SvmLinearParams`] holds the hyper-parameters, [`SvmLinearModel`] the weights. For each
//! class `c` the model has a weight vector `w_c` and intercept `b_c` minimising
//! `λ/2 ‖w_c‖² + mean_i weight_i · max(0, 1 − y_ic (w_c·x_i + b_c))` with `y_ic = ±1`.
//! All classes are updated in one pass per row: the margins of every class are computed once,
//! and only the classes whose hinge is active are updated (sparse updates: a row has one
//! active input per column). The step size is Pegasos' `1 / (λ (t0 + t))` with `t0 = 1/(λ·η0)`
//! so the first step is `η0`; the L2 shrink is a single scale factor shared by all weights,
//! so it costs O(1) per row. Rows are visited in a seeded block shuffle
//! ([`super::sampling::block_shuffle`]) each epoch.
//!
//! Probabilities are `softmax(margins / T)` with `T` fitted on up to 20,000 training rows
//! ([`margin_proba`](super::margin_proba)); the predicted class is the largest margin.

use serde::{Deserialize, Serialize};

use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len};
use super::linear_input::{InputOptions, LinearInput};
use super::margin_proba::{fit_temperature, softmax_in_place};
use super::sampling::{block_shuffle, stratified_sample};
use super::validation::proba_scores;
use super::{too_few_classes, InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Hyper-parameters of the linear SVM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SvmLinearParams {
    /// L2 strength λ (scikit-learn `SGDClassifier`'s `alpha`). Default 1e-4; valid (0, 1].
    pub alpha: f64,
    /// Passes over the training rows. Default 5; valid 1–1000.
    pub epochs: usize,
    /// First step size η0. Default 0.01; valid (0, 10].
    pub eta0: f64,
    /// Add a "was missing" input per numeric feature with missing values. Default true.
    pub missing_indicator: bool,
}

impl Default for SvmLinearParams {
    fn default() -> Self {
        SvmLinearParams { alpha: 1e-4, epochs: 5, eta0: 0.01, missing_indicator: true }
    }
}

/// A fitted one-vs-rest linear SVM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SvmLinearModel {
    input: LinearInput,
    n_classes: usize,
    /// `width × n_classes` weights, row-major.
    weights: Vec<f32>,
    /// One intercept per class.
    bias: Vec<f32>,
    /// Softmax temperature for probabilities.
    pub temperature: f32,
}

/// Rows used to fit the probability temperature.
const CALIBRATION_ROWS: usize = 20_000;

impl Learner for SvmLinearParams {
    type Model = SvmLinearModel;

    fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return Err(crate::core::Error::invalid_param(
                "svm-linear",
                "alpha",
                self.alpha,
                "a number in (0, 1]",
            ));
        }
        if !(1..=1000).contains(&self.epochs) {
            return Err(crate::core::Error::invalid_param(
                "svm-linear",
                "epochs",
                self.epochs,
                "a whole number from 1 to 1,000",
            ));
        }
        if !(self.eta0 > 0.0 && self.eta0 <= 10.0) {
            return Err(crate::core::Error::invalid_param(
                "svm-linear",
                "eta0",
                self.eta0,
                "a number in (0, 10]",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<SvmLinearModel> {
        if data.n_classes < 2 {
            return Err(too_few_classes("svm-linear", data.n_classes));
        }
        let input = LinearInput::fit(data.x, InputOptions::of(p.missing_indicator, data))?;
        if let Some((vx, _)) = data.valid {
            input.check(vx)?;
        }
        let k = data.n_classes;
        let width = input.width();
        let n = data.y.len();
        let lambda = p.alpha as f32;
        let t0 = 1.0 / (p.alpha * p.eta0);
        let mut v = vec![0f32; width * k];
        let mut bias = vec![0f32; k];
        let mut scale = 1f32;
        let mut margins = vec![0f32; k];
        let mut active: Vec<(u32, f32)> = Vec::with_capacity(2 * data.x.n_features());
        let mut order = Vec::with_capacity(n);
        let rng = Rng::new(data.seed);
        let mut t = 0f64;
        for epoch in 0..p.epochs {
            block_shuffle(n, &mut rng.fork(epoch as u64), &mut order);
            let mut hinge = 0f64;
            for &row in &order {
                let row = row as usize;
                active.clear();
                input.for_each_input(data.x, row, |i, val| active.push((i as u32, val)));
                margins.copy_from_slice(&bias);
                for &(i, val) in &active {
                    let w = &v[i as usize * k..][..k];
                    let sv = val * scale;
                    for (m, &wc) in margins.iter_mut().zip(w) {
                        *m += sv * wc;
                    }
                }
                t += 1.0;
                let eta = (1.0 / (p.alpha * (t0 + t))) as f32;
                let rw = data.weights.map_or(1.0, |w| w[row]);
                scale *= 1.0 - eta * lambda;
                let y = data.y[row] as usize;
                let step = eta * rw / scale;
                for (c, &m) in margins.iter().enumerate() {
                    let yc = if c == y { 1.0 } else { -1.0 };
                    let h = 1.0 - yc * m;
                    if h > 0.0 {
                        hinge += (rw * h) as f64;
                        for &(i, val) in &active {
                            v[i as usize * k + c] += step * yc * val;
                        }
                        bias[c] += eta * rw * yc;
                    }
                }
                if scale < 1e-6 {
                    for w in v.iter_mut() {
                        *w *= scale;
                    }
                    scale = 1.0;
                }
            }
            let mut progress = TrainProgress {
                fraction: (epoch + 1) as f64 / p.epochs as f64,
                iteration: epoch + 1,
                train_loss: Some(hinge / n.max(1) as f64),
                ..Default::default()
            };
            if let Some((vx, vy)) = data.valid {
                let snapshot = SvmLinearModel {
                    input: input.clone(),
                    n_classes: k,
                    weights: v.iter().map(|w| w * scale).collect(),
                    bias: bias.clone(),
                    temperature: 1.0,
                };
                let (_, acc) = proba_scores(&snapshot.predict_proba(vx)?, k, vy);
                progress.valid_accuracy = Some(acc);
            }
            if !monitor.report(&progress) {
                return Err(ErrorKind::Cancelled.into());
            }
        }
        for w in v.iter_mut() {
            *w *= scale;
        }
        let mut model = SvmLinearModel { input, n_classes: k, weights: v, bias, temperature: 1.0 };
        let rows = stratified_sample(data.y, k, CALIBRATION_ROWS, &mut rng.fork(u64::MAX));
        let sample = data.x.take(&rows);
        let ys: Vec<u32> = rows.iter().map(|&r| data.y[r as usize]).collect();
        model.temperature = fit_temperature(&model.margins(&sample)?, k, &ys);
        Ok(model)
    }
}

impl SvmLinearModel {
    /// Margins `w_c·x + b_c` of all rows, `rows × n_classes`; an error when `x` does not have
    /// the model's columns.
    pub fn margins(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.margins_with(x, Parallelism::ONE)
    }

    /// [`margins`](Self::margins) with the rows in blocks of whole chunks spread over
    /// `parallelism`'s threads (each row's margins are its own).
    pub fn margins_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        self.input.check(x)?;
        let k = self.n_classes;
        const CHUNK: usize = 4096;
        Ok(parallelism.row_blocks(x.rows, 4 * CHUNK, |rows| {
            self.input.linear_outputs(x, rows, (&self.weights, &self.bias), k, CHUNK)
        }))
    }
}

/// Checks a softmax temperature read from a file: finite and positive.
pub(crate) fn validate_temperature(t: f32) -> Result<()> {
    ensure(t.is_finite() && t > 0.0, || format!("temperature {t} is not a positive number"))
}

impl Model for SvmLinearModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.input.inputs())
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(self.input.names())
    }

    /// `width × n_classes` weights, a bias per class, a positive temperature.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        self.input.validate()?;
        self.input.validate_weights("weights", &self.weights, self.n_classes)?;
        ensure_len("bias", self.bias.len(), self.n_classes)?;
        ensure_finite("bias", &self.bias)?;
        validate_temperature(self.temperature)
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.proba_checked_with(x, Parallelism::ONE)
    }

    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        let mut z = self.margins_with(x, parallelism)?;
        softmax_in_place(&mut z, self.n_classes, self.temperature);
        Ok(z)
    }
}

impl SvmLinearModel {
    /// Weights, `width × n_classes` row-major (input `i`'s weights for every class together).
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// The input mapping (standardisation statistics, one-hot layout).
    pub fn input(&self) -> &LinearInput {
        &self.input
    }
}
