//! A multilayer perceptron: ReLU hidden layers, dropout, softmax output, trained with Adam on
//! mini-batches, with early stopping on the validation rows.
//!
//! [`MlpParams`] holds the hyper-parameters and [`MlpModel`] the fitted network. The first
//! layer reads the features through [`LinearInput`]: standardised numerics and an implicit
//! one-hot block per categorical (a row adds the weight row of its level), so its cost per
//! row is proportional to the number of features, not to the one-hot width. Further layers
//! are dense ([`dense::Dense`]). Training minimises the weighted mean cross-entropy of each
//! mini-batch plus scikit-learn's `MLPClassifier` penalty `alpha/2 · ‖W‖² / batch` with Adam
//! (β1 0.9, β2 0.999); rows are visited in a seeded block shuffle
//! ([`super::sampling::block_shuffle`]), weights start He-normal from the seed,
//! and dropout uses inverted scaling. After each epoch the validation log-loss (when
//! `TrainData::valid` is given) is reported; training stops after `patience` epochs without
//! an improvement of at least 1e-4 and the best epoch's weights are kept.

pub mod dense;

use std::ops::Range;

use crate::core::math::DetMath;
use serde::{Deserialize, Serialize};

use self::dense::{Adam, AdamStep, Dense};
use super::fitted::{ensure, ensure_classes, within, MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS};
use super::linear_input::{InputOptions, LinearInput};
use super::sampling::block_shuffle;
use super::validation::proba_scores;
use super::{fastmath, too_few_classes, InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Hyper-parameters of the neural network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpParams {
    /// Sizes of the hidden layers. Default `[64]`; valid 1–4 layers of 1–1024 units.
    pub hidden: Vec<usize>,
    /// Dropout rate after each hidden layer. Default 0 (off: on the full export a network of
    /// this size does not overfit, and dropout slows learning); valid 0–0.9.
    pub dropout: f32,
    /// Adam learning rate. Default 0.001; valid (0, 1].
    pub learning_rate: f32,
    /// Rows per mini-batch. Default 256; valid 1–65536.
    pub batch_size: usize,
    /// Most passes over the training rows. Default 20; valid 1–1000.
    pub max_epochs: usize,
    /// L2 strength (scikit-learn's `alpha`). Default 1e-4; valid 0–10.
    pub alpha: f32,
    /// Epochs without validation improvement before stopping (0 = never stop early).
    /// Default 3; valid 0–100. Needs `TrainData::valid`.
    pub patience: usize,
    /// Add a "was missing" input per numeric feature with missing values. Default true.
    pub missing_indicator: bool,
}

impl Default for MlpParams {
    fn default() -> Self {
        MlpParams {
            hidden: vec![64],
            dropout: 0.0,
            learning_rate: 1e-3,
            batch_size: 256,
            max_epochs: 20,
            alpha: 1e-4,
            patience: 3,
            missing_indicator: true,
        }
    }
}

/// A fitted network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlpModel {
    input: LinearInput,
    /// Layer 0 maps the implicit inputs (`width`) to the first hidden layer; the last layer
    /// outputs one logit per class.
    layers: Vec<Dense>,
    n_classes: usize,
    /// Epochs trained.
    pub epochs: usize,
    /// Epoch whose weights were kept (the best validation loss, else the last).
    pub best_epoch: usize,
}

impl Learner for MlpParams {
    type Model = MlpModel;

    fn validate(&self) -> Result<()> {
        if self.hidden.is_empty()
            || self.hidden.len() > 4
            || self.hidden.iter().any(|&h| !(1..=1024).contains(&h))
        {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "hidden",
                format!("{:?}", self.hidden),
                "a list of 1 to 4 layer sizes, each from 1 to 1,024",
            ));
        }
        if !(0.0..=0.9).contains(&self.dropout) {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "dropout",
                self.dropout,
                "a number from 0 to 0.9",
            ));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "learning_rate",
                self.learning_rate,
                "a number in (0, 1]",
            ));
        }
        if !(1..=65_536).contains(&self.batch_size) {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "batch_size",
                self.batch_size,
                "a whole number from 1 to 65,536",
            ));
        }
        if !(1..=1000).contains(&self.max_epochs) {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "max_epochs",
                self.max_epochs,
                "a whole number from 1 to 1,000",
            ));
        }
        if !(0.0..=10.0).contains(&self.alpha) {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "alpha",
                self.alpha,
                "a number from 0 to 10",
            ));
        }
        if self.patience > 100 {
            return Err(crate::core::Error::invalid_param(
                "mlp",
                "patience",
                self.patience,
                "a whole number from 0 to 100",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<MlpModel> {
        if data.n_classes < 2 {
            return Err(too_few_classes("mlp", data.n_classes));
        }
        let input = LinearInput::fit(data.x, InputOptions::of(p.missing_indicator, data))?;
        if let Some((vx, _)) = data.valid {
            input.check(vx)?;
        }
        let k = data.n_classes;
        let rng = Rng::new(data.seed);
        let mut init = rng.fork(0);
        let mut sizes = vec![input.width()];
        sizes.extend(&p.hidden);
        sizes.push(k);
        let n_layers = sizes.len() - 1;
        let mut layers: Vec<Dense> = (0..n_layers)
            .map(|l| {
                // Layer 0 sees about one active input per feature column.
                let fan_in = if l == 0 { data.x.n_features() } else { sizes[l] };
                let std = if l + 1 == n_layers {
                    (2.0 / (fan_in + sizes[l + 1]) as f64).sqrt()
                } else {
                    (2.0 / fan_in as f64).sqrt()
                };
                Dense::new(sizes[l], sizes[l + 1], std, &mut init)
            })
            .collect();
        let mut grads: Vec<Dense> = layers.iter().map(Dense::zeros_like).collect();
        let mut adam: Vec<Adam> = layers.iter().map(Adam::new).collect();
        let b = p.batch_size;
        // acts[l]: output of hidden layer l (after ReLU and dropout), b × sizes[l + 1].
        let mut acts: Vec<Vec<f32>> = (0..n_layers).map(|l| vec![0.0; b * sizes[l + 1]]).collect();
        let mut dacts: Vec<Vec<f32>> = acts.clone();
        let mut active: Vec<(u32, f32)> = Vec::new();
        let mut offsets: Vec<usize> = Vec::with_capacity(b + 1);
        let mut order = Vec::with_capacity(data.y.len());
        let keep = 1.0 - p.dropout;
        let scale = 1.0 / keep;
        let n = data.y.len();
        let mut step = 0i32;
        let mut best: Option<(f64, Vec<Dense>, usize)> = None;
        let mut since_best = 0;
        let mut epochs = 0;
        for epoch in 0..p.max_epochs {
            block_shuffle(n, &mut rng.fork(1 + epoch as u64), &mut order);
            let mut drop_rng = rng.fork(1_000_000 + epoch as u64);
            let mut loss_sum = 0f64;
            let mut weight_sum = 0f64;
            for batch in order.chunks(b) {
                let rows = batch.len();
                for g in grads.iter_mut() {
                    g.clear();
                }
                // Layer 0: sparse inputs.
                active.clear();
                offsets.clear();
                offsets.push(0);
                let h1 = sizes[1];
                for &row in batch {
                    input.for_each_input(data.x, row as usize, |i, v| active.push((i as u32, v)));
                    offsets.push(active.len());
                }
                sparse_forward(&layers[0], &active, &offsets, &mut acts[0]);
                relu_dropout(&mut acts[0][..rows * h1], p.dropout, scale, &mut drop_rng);
                for l in 1..n_layers {
                    let (before, after) = acts.split_at_mut(l);
                    let out = &mut after[0][..rows * sizes[l + 1]];
                    layers[l].forward(&before[l - 1][..rows * sizes[l]], rows, out);
                    if l + 1 < n_layers {
                        relu_dropout(out, p.dropout, scale, &mut drop_rng);
                    }
                }
                // Softmax cross-entropy: the gradient goes into dacts[last].
                let last = n_layers - 1;
                let mut bw = 0f32;
                for &row in batch {
                    bw += data.weights.map_or(1.0, |w| w[row as usize]);
                }
                let inv_bw = 1.0 / bw.max(f32::MIN_POSITIVE);
                for (r, &row) in batch.iter().enumerate() {
                    let z = &acts[last][r * k..(r + 1) * k];
                    let d = &mut dacts[last][r * k..(r + 1) * k];
                    let wr = data.weights.map_or(1.0, |w| w[row as usize]);
                    let y = data.y[row as usize] as usize;
                    let m = z.iter().fold(f32::NEG_INFINITY, |a, &v| a.max(v));
                    let mut s = 0f32;
                    for (dc, &zc) in d.iter_mut().zip(z) {
                        *dc = fastmath::exp(zc - m);
                        s += *dc;
                    }
                    loss_sum += (wr * (s.det_ln() - (z[y] - m))) as f64;
                    let f = wr * inv_bw / s;
                    for dc in d.iter_mut() {
                        *dc *= f;
                    }
                    d[y] -= wr * inv_bw;
                }
                weight_sum += bw as f64;
                // Backward through the dense layers.
                for l in (1..n_layers).rev() {
                    let (dbefore, dafter) = dacts.split_at_mut(l);
                    let dz = &dafter[0][..rows * sizes[l + 1]];
                    let h = &acts[l - 1][..rows * sizes[l]];
                    let dh = &mut dbefore[l - 1][..rows * sizes[l]];
                    layers[l].backward(h, dz, rows, &mut grads[l], Some(dh));
                    // Through ReLU and dropout: a > 0 exactly where the unit passed.
                    for (d, &a) in dh.iter_mut().zip(h) {
                        *d = if a > 0.0 { *d * scale } else { 0.0 };
                    }
                }
                // Layer 0: sparse gradient.
                sparse_backward(&mut grads[0], &active, &offsets, &dacts[0][..rows * h1]);
                step += 1;
                let adam_step = AdamStep { lr: p.learning_rate, t: step };
                let l2 = p.alpha / rows as f32;
                for ((layer, grad), state) in layers.iter_mut().zip(&grads).zip(adam.iter_mut()) {
                    state.update(layer, grad, adam_step, l2);
                }
            }
            epochs = epoch + 1;
            let mut progress = TrainProgress {
                fraction: epochs as f64 / p.max_epochs as f64,
                iteration: epochs,
                train_loss: Some(loss_sum / weight_sum.max(f64::MIN_POSITIVE)),
                ..Default::default()
            };
            let mut stop = false;
            if let Some((vx, vy)) = data.valid {
                let model = MlpModel {
                    input: input.clone(),
                    layers: layers.clone(),
                    n_classes: k,
                    epochs,
                    best_epoch: epochs,
                };
                let (loss, acc) = proba_scores(&model.predict_proba(vx)?, k, vy);
                progress.valid_loss = Some(loss);
                progress.valid_accuracy = Some(acc);
                match &best {
                    Some((best_loss, _, _)) if loss > best_loss - 1e-4 => {
                        since_best += 1;
                        stop = p.patience > 0 && since_best >= p.patience;
                    }
                    _ => {
                        best = Some((loss, model.layers, epochs));
                        since_best = 0;
                    }
                }
            }
            if stop {
                progress.fraction = 1.0;
            }
            if !monitor.report(&progress) {
                return Err(ErrorKind::Cancelled.into());
            }
            if stop {
                break;
            }
        }
        let (layers, best_epoch) = match best {
            Some((_, layers, e)) => (layers, e),
            None => (layers, epochs),
        };
        Ok(MlpModel { input, layers, n_classes: k, epochs, best_epoch })
    }
}

/// Layer 0 on sparse rows: `a_r = b + Σ v · W[i]` over the active inputs `(i, v)` of row `r`
/// (`active[offsets[r]..offsets[r + 1]]`).
fn sparse_forward(layer: &Dense, active: &[(u32, f32)], offsets: &[usize], a: &mut [f32]) {
    super::linear_input::dispatch_k!(layer.n_out, K => {
        let h = super::linear_input::fixed_or::<K>(layer.n_out);
        for (r, ar) in a.chunks_exact_mut(h).take(offsets.len() - 1).enumerate() {
            ar.copy_from_slice(&layer.b);
            for &(i, v) in &active[offsets[r]..offsets[r + 1]] {
                for (ac, &wc) in ar.iter_mut().zip(&layer.w[i as usize * h..][..h]) {
                    *ac += v * wc;
                }
            }
        }
    })
}

/// Gradient of layer 0 from the gradient `d` of its outputs (`rows × n_out`).
fn sparse_backward(grad: &mut Dense, active: &[(u32, f32)], offsets: &[usize], d: &[f32]) {
    let n_out = grad.n_out;
    super::linear_input::dispatch_k!(n_out, K => {
        let h = super::linear_input::fixed_or::<K>(n_out);
        for (r, dr) in d.chunks_exact(h).enumerate() {
            for (g, &dv) in grad.b.iter_mut().zip(dr) {
                *g += dv;
            }
            for &(i, v) in &active[offsets[r]..offsets[r + 1]] {
                for (g, &dv) in grad.w[i as usize * h..][..h].iter_mut().zip(dr) {
                    *g += v * dv;
                }
            }
        }
    })
}

/// ReLU then inverted dropout, in place. The drop decision of a unit compares 16 random bits
/// with `rate · 65536`, so one 64-bit draw serves four units (the rate is applied with a
/// resolution of 1/65536).
fn relu_dropout(a: &mut [f32], rate: f32, scale: f32, rng: &mut Rng) {
    if rate > 0.0 {
        let threshold = (rate * 65_536.0).round() as u64;
        for chunk in a.chunks_mut(4) {
            let mut bits = rng.next_u64();
            for v in chunk.iter_mut() {
                let kept = (bits & 0xFFFF) >= threshold;
                bits >>= 16;
                *v = if *v > 0.0 && kept { *v * scale } else { 0.0 };
            }
        }
    } else {
        for v in a.iter_mut() {
            *v = v.max(0.0);
        }
    }
}

/// Rows per chunk at prediction time.
const PREDICT_CHUNK: usize = 512;

impl Model for MlpModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.input.inputs())
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(self.input.names())
    }

    /// 1 to [`MAX_HIDDEN_LAYERS`] + 1 layers chained from the input width to one output per
    /// class, hidden layers of 1 to [`MAX_HIDDEN_UNITS`] units.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        self.input.validate()?;
        let n = self.layers.len();
        ensure((1..=MAX_HIDDEN_LAYERS + 1).contains(&n), || {
            format!("{n} layers where 1 to {} are possible", MAX_HIDDEN_LAYERS + 1)
        })?;
        let mut n_in = self.input.width();
        for (l, layer) in self.layers.iter().enumerate() {
            let last = l + 1 == n;
            let n_out = if last { self.n_classes } else { layer.n_out };
            ensure(layer.n_in == n_in, || {
                format!("layer {l} has {} inputs where {n_in} come in", layer.n_in)
            })?;
            ensure(layer.n_out == n_out && (last || (1..=MAX_HIDDEN_UNITS).contains(&n_out)), || {
                format!("layer {l} has {} units", layer.n_out)
            })?;
            layer.validate().map_err(within(format!("layer {l}")))?;
            n_in = n_out;
        }
        Ok(())
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.proba_checked_with(x, Parallelism::ONE)
    }

    /// Rows in blocks spread over the threads: each row's forward pass is its own.
    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        Ok(parallelism.row_blocks(x.rows, PREDICT_BLOCK, |rows| self.proba_of_rows(x, rows)))
    }
}

/// Rows per block of a parallel prediction (whole chunks).
const PREDICT_BLOCK: usize = 8 * PREDICT_CHUNK;

impl MlpModel {
    /// The probabilities of the rows `span` of `x`, row-major, a chunk of rows at a time.
    fn proba_of_rows(&self, x: &FeatureFrame, span: Range<usize>) -> Vec<f32> {
        let k = self.n_classes;
        let n_layers = self.layers.len();
        let mut bufs: Vec<Vec<f32>> =
            self.layers.iter().map(|l| vec![0.0; PREDICT_CHUNK * l.n_out]).collect();
        let mut out = Vec::with_capacity(span.len() * k);
        let mut start = span.start;
        while start < span.end {
            let end = (start + PREDICT_CHUNK).min(span.end);
            let rows = end - start;
            let first = &self.layers[0];
            let h1 = first.n_out;
            let a = &mut bufs[0][..rows * h1];
            for ar in a.chunks_exact_mut(h1) {
                ar.copy_from_slice(&first.b);
            }
            self.input.add_forward(x, start, end, &first.w, h1, a);
            if n_layers > 1 {
                for v in a.iter_mut() {
                    *v = v.max(0.0);
                }
            }
            for l in 1..n_layers {
                let (before, after) = bufs.split_at_mut(l);
                let n_out = self.layers[l].n_out;
                let o = &mut after[0][..rows * n_out];
                self.layers[l].forward(&before[l - 1][..rows * self.layers[l].n_in], rows, o);
                if l + 1 < n_layers {
                    for v in o.iter_mut() {
                        *v = v.max(0.0);
                    }
                }
            }
            super::logreg::logits_to_proba(&bufs[n_layers - 1][..rows * k], k, &mut out);
            start = end;
        }
        out
    }
}
