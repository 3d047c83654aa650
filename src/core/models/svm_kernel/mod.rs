//! Kernel SVM (RBF) on a stratified sample, one-vs-rest for several classes.
//!
//! [`SvmKernelParams`] holds the hyper-parameters, [`SvmKernelModel`] the support vectors.
//! Kernel SVMs cost O(n²) memory and more than O(n²) time in the number of training rows, so
//! the model trains on a seeded, stratified sample of `sample_size` rows (recorded in the model
//! as [`SvmKernelModel::sample_size`] so results can show it). Inputs are standardised and
//! one-hot as in [`LinearInput`]; the kernel is `exp(−γ‖a − b‖²)` over those vectors, with
//! `γ = 1 / (inputs × variance of all input values)` by default (scikit-learn's
//! `gamma="scale"`). The sample's kernel matrix is computed once (`f32`, n² values: 36 MB at
//! 3,000 rows, the 8,000-row limit needs 256 MB) and shared by the one-vs-rest problems, each
//! solved by our SMO ([`smo`]). Prediction compares each row with the union of the support
//! vectors: O(rows × support vectors × features).
//!
//! Probabilities are `softmax(margins / T)` with the temperature `T` fitted on up to 2,000
//! other training rows ([`margin_proba`](super::margin_proba)).
//!
//! Why not smartcore's `SVC`: the fitted model borrows its training matrix and parameters
//! (lifetime-bound), keeps its support vectors private (so it cannot be exported to JSON
//! without its `serde` feature, which pulls `typetag`), works on a dense `f64` matrix (no
//! implicit one-hot), and allocates vectors for every (row, support vector) pair when
//! predicting. A 250-line SMO avoids all four.

pub mod smo;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use self::smo::{solve, KernelMatrix};
use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len, product};
use super::linear_input::{CompactRows, InputOptions, LinearInput};
use super::margin_proba::{fit_temperature, softmax_in_place};
use super::sampling::stratified_sample;
use super::svm_linear::validate_temperature;
use super::{fastmath, too_few_classes, InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::{FeatureFrame, MISSING_LEVEL};
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Hyper-parameters of the kernel SVM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SvmKernelParams {
    /// Penalty of margin violations (scikit-learn's `C`). Default 1.0; valid (0, 10000].
    pub c: f64,
    /// RBF width γ; `None` for `1 / (inputs × variance)` ("scale"). Valid `> 0`.
    pub gamma: Option<f64>,
    /// Training rows used (stratified, seeded). Default 3,000; valid 20–8,000.
    pub sample_size: usize,
    /// Stop when the largest KKT violation is below this. Default 1e-3; valid (0, 1].
    pub tol: f64,
    /// Most SMO steps per class. Default 1,000,000; valid 1–100,000,000.
    pub max_iter: usize,
    /// Add a "was missing" input per numeric feature with missing values. Default true.
    pub missing_indicator: bool,
}

impl Default for SvmKernelParams {
    fn default() -> Self {
        SvmKernelParams {
            c: 1.0,
            gamma: None,
            sample_size: 3_000,
            tol: 1e-3,
            max_iter: 1_000_000,
            missing_indicator: true,
        }
    }
}

/// A fitted one-vs-rest RBF SVM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SvmKernelModel {
    input: LinearInput,
    /// The support vectors (union over classes).
    support: CompactRows,
    /// `support × n_classes` coefficients `α·y`, row-major.
    coef: Vec<f32>,
    /// Per class, subtracted from the kernel sum.
    rho: Vec<f32>,
    n_classes: usize,
    /// The RBF width used.
    pub gamma: f32,
    /// Softmax temperature for probabilities.
    pub temperature: f32,
    /// Training rows the SVM was fitted on (show it beside the results).
    pub sample_size: usize,
}

/// Rows used to fit the probability temperature.
const CALIBRATION_ROWS: usize = 2_000;

impl Learner for SvmKernelParams {
    type Model = SvmKernelModel;

    fn validate(&self) -> Result<()> {
        if !(self.c > 0.0 && self.c <= 10_000.0) {
            return Err(crate::core::Error::invalid_param(
                "svm-kernel",
                "c",
                self.c,
                "a number in (0, 10,000]",
            ));
        }
        if let Some(g) = self.gamma {
            if !(g > 0.0 && g.is_finite()) {
                return Err(crate::core::Error::invalid_param(
                    "svm-kernel",
                    "gamma",
                    g,
                    "a number > 0, or null for 1 / (features × variance)",
                ));
            }
        }
        if !(20..=8_000).contains(&self.sample_size) {
            return Err(crate::core::Error::invalid_param(
                "svm-kernel",
                "sample_size",
                self.sample_size,
                "a whole number from 20 to 8,000",
            ));
        }
        if !(self.tol > 0.0 && self.tol <= 1.0) {
            return Err(crate::core::Error::invalid_param(
                "svm-kernel",
                "tol",
                self.tol,
                "a number in (0, 1]",
            ));
        }
        if !(1..=100_000_000).contains(&self.max_iter) {
            return Err(crate::core::Error::invalid_param(
                "svm-kernel",
                "max_iter",
                self.max_iter,
                "a whole number from 1 to 100,000,000",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<SvmKernelModel> {
        let k = data.n_classes;
        if k < 2 {
            return Err(too_few_classes("svm-kernel", k));
        }
        let input = LinearInput::fit(data.x, InputOptions::of(p.missing_indicator, data))?;
        let rng = Rng::new(data.seed);
        let sample = stratified_sample(data.y, k, p.sample_size, &mut rng.fork(1));
        let rows = input.compact_rows(data.x, &sample);
        let n = sample.len();
        let gamma = p.gamma.map_or_else(|| scale_gamma(&rows, input.width()), |g| g as f32);
        // Kernel matrix: the lower triangle row by row over the threads, then mirrored.
        let mut kmat = vec![0f32; n * n];
        data.parallelism.map(kmat.chunks_mut(n.max(1)).collect(), |i, row: &mut [f32]| {
            row[i] = 1.0;
            for (j, v) in row[..i].iter_mut().enumerate() {
                *v = fastmath::exp(-gamma * rows.sq_dist_rows(i, j));
            }
        });
        for i in 0..n {
            for j in 0..i {
                kmat[j * n + i] = kmat[i * n + j];
            }
        }
        let kernel = KernelMatrix { n, k: kmat };
        let c: Vec<f64> =
            sample.iter().map(|&r| p.c * data.weights.map_or(1.0, |w| w[r as usize] as f64)).collect();
        let labels: Vec<u32> = sample.iter().map(|&r| data.y[r as usize]).collect();
        // One solve per class (one against the rest), independent given the kernel matrix:
        // spread over the threads, kept in class order.
        let solve_class = |y: &mut Vec<f64>, class: usize| {
            y.clear();
            y.extend(labels.iter().map(|&l| if l as usize == class { 1.0 } else { -1.0 }));
            solve(&kernel, y, &c, p.tol, p.max_iter)
        };
        let report = |done: usize, _: &_| {
            monitor.report(&TrainProgress {
                fraction: done as f64 / k as f64,
                iteration: done,
                ..Default::default()
            })
        };
        let Some(solutions) = data.parallelism.run_tasks(k, || Vec::with_capacity(n), solve_class, report)
        else {
            return Err(ErrorKind::Cancelled.into());
        };
        let (coefs, rho): (Vec<Vec<f64>>, Vec<f32>) =
            solutions.into_iter().map(|sol| (sol.coef, sol.rho as f32)).unzip();
        drop(kernel);
        // Keep the union of support vectors.
        let keep: Vec<usize> = (0..n).filter(|&t| coefs.iter().any(|cf| cf[t] != 0.0)).collect();
        let mut support = CompactRows {
            n_values: rows.n_values,
            n_codes: rows.n_codes,
            values: Vec::with_capacity(keep.len() * rows.n_values),
            codes: Vec::with_capacity(keep.len() * rows.n_codes),
        };
        let mut coef = Vec::with_capacity(keep.len() * k);
        for &t in &keep {
            support.values.extend_from_slice(&rows.values[t * rows.n_values..(t + 1) * rows.n_values]);
            support.codes.extend_from_slice(&rows.codes[t * rows.n_codes..(t + 1) * rows.n_codes]);
            coef.extend(coefs.iter().map(|cf| cf[t] as f32));
        }
        let mut model = SvmKernelModel {
            input,
            support,
            coef,
            rho,
            n_classes: k,
            gamma,
            temperature: 1.0,
            sample_size: n,
        };
        // Temperature from training rows outside the SVM sample.
        let calib: Vec<u32> = stratified_sample(data.y, k, CALIBRATION_ROWS, &mut rng.fork(2))
            .into_iter()
            .filter(|r| sample.binary_search(r).is_err())
            .collect();
        let (calib, ys) = if calib.is_empty() {
            (sample.clone(), labels)
        } else {
            let ys = calib.iter().map(|&r| data.y[r as usize]).collect();
            (calib, ys)
        };
        let margins = model.margins_with(&data.x.take(&calib), data.parallelism)?;
        model.temperature = fit_temperature(&margins, k, &ys);
        Ok(model)
    }
}

/// scikit-learn's `gamma="scale"`: `1 / (inputs × variance of all input values)` over the
/// implicit one-hot matrix of the sample.
fn scale_gamma(rows: &CompactRows, width: usize) -> f32 {
    let n = rows.len();
    let (mut s1, mut s2) = (0f64, 0f64);
    for &v in &rows.values {
        s1 += v as f64;
        s2 += (v as f64) * (v as f64);
    }
    let present = rows.codes.iter().filter(|&&c| c != MISSING_LEVEL).count() as f64;
    s1 += present;
    s2 += present;
    let count = (n * width).max(1) as f64;
    let mean = s1 / count;
    let var = (s2 / count - mean * mean).max(1e-12);
    (1.0 / (width as f64 * var)) as f32
}

impl SvmKernelModel {
    /// Number of support vectors kept.
    pub fn support_vectors(&self) -> usize {
        self.support.len()
    }

    /// Decision values of all rows, `rows × n_classes`; an error when `x` does not have the
    /// model's columns.
    pub fn margins(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.margins_with(x, Parallelism::ONE)
    }

    /// [`margins`](Self::margins) with the rows in blocks spread over `parallelism`'s threads
    /// (each row's margins are its own, so they do not depend on the thread count).
    pub fn margins_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        self.input.check(x)?;
        Ok(parallelism.row_blocks(x.rows, PREDICT_BLOCK, |rows| self.margins_of_rows(x, rows)))
    }

    fn margins_of_rows(&self, x: &FeatureFrame, rows: Range<usize>) -> Vec<f32> {
        let k = self.n_classes;
        let (mut values, mut codes) = self.input.query_buffer();
        let mut out = vec![0f32; rows.len() * k];
        for (row, m) in rows.zip(out.chunks_exact_mut(k)) {
            self.input.compact_row(x, row, &mut values, &mut codes);
            for (mc, &r) in m.iter_mut().zip(&self.rho) {
                *mc = -r;
            }
            for s in 0..self.support.len() {
                let kv = fastmath::exp(-self.gamma * self.support.sq_dist(s, &values, &codes));
                for (mc, &cf) in m.iter_mut().zip(&self.coef[s * k..(s + 1) * k]) {
                    *mc += kv * cf;
                }
            }
        }
        out
    }
}

/// Query rows per block of a parallel prediction.
const PREDICT_BLOCK: usize = 256;

impl Model for SvmKernelModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.input.inputs())
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(self.input.names())
    }

    /// Support vectors in the input's compact form with a coefficient per class, a `rho` per
    /// class, a finite `gamma` and a positive temperature.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        let k = self.n_classes;
        self.input.validate()?;
        let n = match (self.support.n_values, self.support.n_codes) {
            (0, 0) => 0,
            (0, c) => self.support.codes.len() / c,
            (v, _) => self.support.values.len() / v,
        };
        self.support.validate(&self.input, n)?;
        ensure_len("coef", self.coef.len(), product("coef", n, k)?)?;
        ensure_finite("coef", &self.coef)?;
        ensure_len("rho", self.rho.len(), k)?;
        ensure_finite("rho", &self.rho)?;
        ensure(self.gamma.is_finite() && self.gamma >= 0.0, || {
            format!("gamma {} is not a number ≥ 0", self.gamma)
        })?;
        validate_temperature(self.temperature)
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.proba_checked_with(x, Parallelism::ONE)
    }

    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        let mut m = self.margins_with(x, parallelism)?;
        softmax_in_place(&mut m, self.n_classes, self.temperature);
        Ok(m)
    }
}
