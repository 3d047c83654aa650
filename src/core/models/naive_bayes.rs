//! Naive Bayes with a Gaussian likelihood for numeric features and a Laplace-smoothed
//! categorical likelihood for categorical features, in one model.
//!
//! [`NaiveBayesParams`] holds the smoothing settings, [`NaiveBayesModel`] the per-class
//! statistics. For class `c` the log-score of a row is
//! `log P(c) + Σ_numeric log N(x_j; μ_cj, σ²_cj) + Σ_categorical log P(x_j | c)` where
//! `P(level | c) = (n_c,level + α) / (n_c + α·levels)`. A missing value (or a level unseen in
//! training) leaves its feature out of the sum. Variances get `var_smoothing × the largest
//! feature variance` added, as in scikit-learn's `GaussianNB`. Training is one pass over the
//! columns (weighted by `TrainData::weights`); prediction is one pass per column into a
//! `rows × classes` score matrix.

use crate::core::math::DetMath;
use serde::{Deserialize, Serialize};

use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len, product, within, MAX_FEATURES};
use super::{too_few_classes, InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::MAX_LEVELS;
use crate::core::frame::{FeatureFrame, FeatureValues};

/// Hyper-parameters of naive Bayes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NaiveBayesParams {
    /// Laplace smoothing α for categorical features. Default 1.0; valid 0–100 (0 = none, then
    /// an unseen level/class pair gets probability 1e-10 instead of 0).
    pub alpha: f64,
    /// Share of the largest numeric variance added to every variance. Default 1e-9; valid
    /// 0–1.
    pub var_smoothing: f64,
    /// Use the training class shares as priors (else uniform). Default true.
    pub fit_priors: bool,
}

impl Default for NaiveBayesParams {
    fn default() -> Self {
        NaiveBayesParams { alpha: 1.0, var_smoothing: 1e-9, fit_priors: true }
    }
}

/// Per-feature class statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum FeatureStats {
    /// Per class: mean, and the two terms of the log-density
    /// `-(x-μ)²/(2σ²) - log(σ√(2π))` as `inv_two_var` and `log_norm`.
    Gaussian { mean: Vec<f32>, inv_two_var: Vec<f32>, log_norm: Vec<f32> },
    /// `levels × classes` log-probabilities, row-major.
    Categorical { levels: usize, log_p: Vec<f32> },
}

/// A fitted naive Bayes model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NaiveBayesModel {
    names: Vec<String>,
    log_prior: Vec<f32>,
    features: Vec<FeatureStats>,
}

impl Learner for NaiveBayesParams {
    type Model = NaiveBayesModel;

    fn validate(&self) -> Result<()> {
        if !(0.0..=100.0).contains(&self.alpha) {
            return Err(crate::core::Error::invalid_param(
                "naive-bayes",
                "alpha",
                self.alpha,
                "a number from 0 to 100",
            ));
        }
        if !(0.0..=1.0).contains(&self.var_smoothing) {
            return Err(crate::core::Error::invalid_param(
                "naive-bayes",
                "var_smoothing",
                self.var_smoothing,
                "a number from 0 to 1",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<NaiveBayesModel> {
        let k = data.n_classes;
        if k < 2 {
            return Err(too_few_classes("naive-bayes", k));
        }
        if data.x.columns.is_empty() {
            return Err(Error::no_features("naive Bayes"));
        }
        if data.y.is_empty() {
            return Err(Error::too_few_rows("the training of naive Bayes", 1, 0));
        }
        let w = |i: usize| data.weights.map_or(1.0, |w| w[i] as f64);
        let mut class_w = vec![0f64; k];
        for (i, &c) in data.y.iter().enumerate() {
            class_w[c as usize] += w(i);
        }
        let total: f64 = class_w.iter().sum();
        let log_prior =
            class_w
                .iter()
                .map(|&cw| {
                    if p.fit_priors {
                        ((cw.max(1e-10)) / total).det_ln() as f32
                    } else {
                        -(k as f32).det_ln()
                    }
                })
                .collect();
        // First pass: numeric moments per class.
        let mut features = Vec::with_capacity(data.x.columns.len());
        let mut max_var = 0f64;
        let mut raw_vars: Vec<Option<(Vec<f64>, Vec<f64>)>> = Vec::new();
        for col in &data.x.columns {
            match &col.values {
                FeatureValues::Numeric(v) => {
                    let (mut sw, mut s1) = (vec![0f64; k], vec![0f64; k]);
                    for (i, (&a, &c)) in v.iter().zip(data.y).enumerate() {
                        if !a.is_nan() {
                            sw[c as usize] += w(i);
                            s1[c as usize] += w(i) * a as f64;
                        }
                    }
                    let mean: Vec<f64> =
                        (0..k).map(|c| if sw[c] > 0.0 { s1[c] / sw[c] } else { 0.0 }).collect();
                    let mut s2 = vec![0f64; k];
                    let (mut all_w, mut all_1, mut all_2) = (0f64, 0f64, 0f64);
                    for (i, (&a, &c)) in v.iter().zip(data.y).enumerate() {
                        if !a.is_nan() {
                            let d = a as f64 - mean[c as usize];
                            s2[c as usize] += w(i) * d * d;
                            all_w += w(i);
                            all_1 += w(i) * a as f64;
                            all_2 += w(i) * (a as f64) * (a as f64);
                        }
                    }
                    if all_w > 0.0 {
                        let m = all_1 / all_w;
                        max_var = max_var.max(all_2 / all_w - m * m);
                    }
                    let var: Vec<f64> =
                        (0..k).map(|c| if sw[c] > 0.0 { s2[c] / sw[c] } else { 0.0 }).collect();
                    raw_vars.push(Some((mean, var)));
                }
                FeatureValues::Categorical { codes, levels } => {
                    let l = levels.len();
                    let mut counts = vec![0f64; l * k];
                    let mut per_class = vec![0f64; k];
                    for (i, (&code, &c)) in codes.iter().zip(data.y).enumerate() {
                        if (code as usize) < l {
                            counts[code as usize * k + c as usize] += w(i);
                            per_class[c as usize] += w(i);
                        }
                    }
                    let alpha = p.alpha;
                    let log_p = counts
                        .iter()
                        .enumerate()
                        .map(|(j, &n)| {
                            let c = j % k;
                            let p = (n + alpha) / (per_class[c] + alpha * l as f64);
                            p.max(1e-10).det_ln() as f32
                        })
                        .collect();
                    raw_vars.push(None);
                    features.push(Some(FeatureStats::Categorical { levels: l, log_p }));
                    continue;
                }
            }
            features.push(None);
        }
        let eps = p.var_smoothing * max_var.max(1e-12);
        let features = features
            .into_iter()
            .zip(raw_vars)
            .map(|(f, raw)| match (f, raw) {
                (Some(f), _) => f,
                (None, Some((mean, var))) => {
                    let var: Vec<f64> = var.iter().map(|v| v + eps).collect();
                    FeatureStats::Gaussian {
                        mean: mean.iter().map(|&m| m as f32).collect(),
                        inv_two_var: var.iter().map(|&v| (0.5 / v) as f32).collect(),
                        log_norm: var
                            .iter()
                            .map(|&v| (-0.5 * (std::f64::consts::TAU * v).det_ln()) as f32)
                            .collect(),
                    }
                }
                (None, None) => unreachable!(),
            })
            .collect();
        if !monitor.report(&TrainProgress { fraction: 1.0, iteration: 1, ..Default::default() }) {
            return Err(ErrorKind::Cancelled.into());
        }
        Ok(NaiveBayesModel { names: data.x.names(), log_prior, features })
    }
}

impl FeatureStats {
    /// Checks one feature's statistics read from a file, for `k` classes.
    fn validate(&self, k: usize) -> Result<()> {
        match self {
            FeatureStats::Gaussian { mean, inv_two_var, log_norm } => {
                for (what, v) in [("mean", mean), ("inv_two_var", inv_two_var), ("log_norm", log_norm)] {
                    ensure_len(what, v.len(), k)?;
                    ensure_finite(what, v)?;
                }
                Ok(())
            }
            FeatureStats::Categorical { levels, log_p } => {
                ensure(*levels <= MAX_LEVELS, || {
                    format!("{levels} levels where at most {MAX_LEVELS} are possible")
                })?;
                ensure_len("log_p", log_p.len(), product("log_p", *levels, k)?)?;
                ensure_finite("log_p", log_p)
            }
        }
    }
}

impl NaiveBayesModel {
    /// Joint log-likelihoods `log P(c) + Σ log P(x_j | c)`, `rows × classes`; an error when
    /// `x` does not have the model's columns.
    pub fn joint_log_likelihood(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.check_frame(x)?;
        let k = self.log_prior.len();
        let mut out = Vec::with_capacity(x.rows * k);
        for _ in 0..x.rows {
            out.extend_from_slice(&self.log_prior);
        }
        for (col, stats) in x.columns.iter().zip(&self.features) {
            match (&col.values, stats) {
                (FeatureValues::Numeric(v), FeatureStats::Gaussian { mean, inv_two_var, log_norm }) => {
                    for (row, &a) in out.chunks_exact_mut(k).zip(v) {
                        if a.is_nan() {
                            continue;
                        }
                        for c in 0..k {
                            let d = a - mean[c];
                            row[c] += log_norm[c] - d * d * inv_two_var[c];
                        }
                    }
                }
                (FeatureValues::Categorical { codes, .. }, FeatureStats::Categorical { levels, log_p }) => {
                    for (row, &code) in out.chunks_exact_mut(k).zip(codes) {
                        if (code as usize) < *levels {
                            for (r, &lp) in row.iter_mut().zip(&log_p[code as usize * k..][..k]) {
                                *r += lp;
                            }
                        }
                    }
                }
                _ => {
                    return Err(Error::shape(
                        format!("kind of feature '{}'", col.name),
                        "the kind it had in training",
                        "another",
                    ))
                }
            }
        }
        Ok(out)
    }
}

impl Model for NaiveBayesModel {
    fn n_classes(&self) -> usize {
        self.log_prior.len()
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(
            self.features
                .iter()
                .map(|f| match f {
                    FeatureStats::Gaussian { .. } => InputKind::Numeric,
                    FeatureStats::Categorical { levels, .. } => InputKind::Categorical { levels: *levels },
                })
                .collect(),
        )
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(&self.names)
    }

    /// A prior per class, and per feature (one name each) finite statistics per class.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.log_prior.len())?;
        ensure_finite("log_prior", &self.log_prior)?;
        ensure((1..=MAX_FEATURES).contains(&self.features.len()), || {
            format!("{} features where 1 to {MAX_FEATURES} are possible", self.features.len())
        })?;
        ensure_len("names", self.names.len(), self.features.len())?;
        for (j, f) in self.features.iter().enumerate() {
            f.validate(self.log_prior.len()).map_err(within(format!("feature {j}")))?;
        }
        Ok(())
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        let mut z = self.joint_log_likelihood(x)?;
        super::margin_proba::softmax_in_place(&mut z, self.log_prior.len(), 1.0);
        Ok(z)
    }
}
