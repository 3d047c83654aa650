//! k-nearest neighbours on a stratified sample of the training rows.
//!
//! [`KnnParams`] holds the hyper-parameters, [`KnnModel`] the stored sample. Features are
//! standardised and categoricals compared as one-hot vectors ([`CompactRows`]), so the
//! distance is the Euclidean distance of scikit-learn's `StandardScaler` + `OneHotEncoder`
//! pipeline. Prediction is brute force: each query row is compared with every stored row,
//! O(rows × sample_size × features) time and O(k) extra memory per query (no allocation per
//! row). With the default 5,000-row sample that is about 10⁵ operations per predicted row.
//! Votes are uniform or weighted by `1 / distance`, and multiplied by the row weights of
//! `TrainData::weights`; probabilities are the normalised votes.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::fitted::{ensure, ensure_classes, ensure_finite, ensure_len};
use super::linear_input::{CompactRows, InputOptions, LinearInput};
use super::sampling::stratified_sample;
use super::{InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// How neighbours vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// Every neighbour counts the same.
    Uniform,
    /// A neighbour counts `1 / distance` (an exact match dominates).
    Distance,
}

/// Hyper-parameters of k-NN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnnParams {
    /// Number of neighbours. Default 15; valid 1–200.
    pub k: usize,
    /// Training rows kept (stratified, seeded). Default 5,000; valid 10–200,000.
    pub sample_size: usize,
    /// Vote weighting. Default `distance`.
    pub weighting: Weighting,
    /// Add a "was missing" input per numeric feature with missing values. Default true.
    pub missing_indicator: bool,
}

impl Default for KnnParams {
    fn default() -> Self {
        KnnParams { k: 15, sample_size: 5_000, weighting: Weighting::Distance, missing_indicator: true }
    }
}

/// A fitted k-NN model: the standardised sample and its labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnnModel {
    input: LinearInput,
    rows: CompactRows,
    labels: Vec<u32>,
    row_weights: Option<Vec<f32>>,
    n_classes: usize,
    k: usize,
    weighting: Weighting,
    /// Training rows actually kept (shown with results).
    pub sample_size: usize,
}

impl Learner for KnnParams {
    type Model = KnnModel;

    fn validate(&self) -> Result<()> {
        if !(1..=200).contains(&self.k) {
            return Err(crate::core::Error::invalid_param(
                "knn",
                "k",
                self.k,
                "a whole number from 1 to 200",
            ));
        }
        if !(10..=200_000).contains(&self.sample_size) {
            return Err(crate::core::Error::invalid_param(
                "knn",
                "sample_size",
                self.sample_size,
                "a whole number from 10 to 200,000",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<KnnModel> {
        let input = LinearInput::fit(data.x, InputOptions::of(p.missing_indicator, data))?;
        let sample = stratified_sample(data.y, data.n_classes, p.sample_size, &mut Rng::new(data.seed));
        let rows = input.compact_rows(data.x, &sample);
        let labels = sample.iter().map(|&r| data.y[r as usize]).collect();
        let row_weights = data.weights.map(|w| sample.iter().map(|&r| w[r as usize]).collect());
        if !monitor.report(&TrainProgress { fraction: 1.0, iteration: 1, ..Default::default() }) {
            return Err(ErrorKind::Cancelled.into());
        }
        Ok(KnnModel {
            input,
            rows,
            labels,
            row_weights,
            n_classes: data.n_classes,
            k: p.k,
            weighting: p.weighting,
            sample_size: sample.len(),
        })
    }
}

impl Model for KnnModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.input.inputs())
    }

    fn input_names(&self) -> Option<&[String]> {
        Some(self.input.names())
    }

    /// At least one stored row, each with its class (and weight), in the input's compact form.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        self.input.validate()?;
        let n = self.labels.len();
        ensure(n > 0, || "it stores no training rows".into())?;
        ensure(self.k > 0, || "k is 0".into())?;
        ensure_len("sample_size", self.sample_size, n)?;
        self.rows.validate(&self.input, n)?;
        if let Some(&c) = self.labels.iter().find(|&&c| c as usize >= self.n_classes) {
            return Err(crate::core::Error::invalid_model(format!(
                "labels: class {c} is not one of its {} classes",
                self.n_classes
            )));
        }
        if let Some(w) = &self.row_weights {
            ensure_len("row weights", w.len(), n)?;
            ensure_finite("row weights", w)?;
            ensure(w.iter().all(|&v| v >= 0.0), || "row weights: a weight is negative".into())?;
        }
        Ok(())
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.proba_checked_with(x, Parallelism::ONE)
    }

    /// Query rows in blocks spread over the threads (each row's votes are its own).
    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        Ok(parallelism.row_blocks(x.rows, PREDICT_BLOCK, |rows| self.proba_of_rows(x, rows)))
    }
}

/// Query rows per block of a parallel prediction.
const PREDICT_BLOCK: usize = 256;

impl KnnModel {
    /// The probabilities of `rows` of `x`, row-major.
    fn proba_of_rows(&self, x: &FeatureFrame, rows: Range<usize>) -> Vec<f32> {
        let kc = self.n_classes;
        let k = self.k.min(self.labels.len()).max(1);
        let (mut values, mut codes) = self.input.query_buffer();
        // The k best (distance², index), sorted ascending.
        let mut best: Vec<(f32, u32)> = Vec::with_capacity(k + 1);
        let mut out = vec![0f32; rows.len() * kc];
        for (row, proba) in rows.zip(out.chunks_exact_mut(kc)) {
            self.input.compact_row(x, row, &mut values, &mut codes);
            best.clear();
            let mut bound = f32::INFINITY;
            for i in 0..self.labels.len() {
                let d = self.rows.sq_dist_bounded(i, &values, &codes, bound);
                if d >= bound {
                    continue;
                }
                let pos = best.partition_point(|&(bd, _)| bd <= d);
                if best.len() == k {
                    best.pop();
                }
                best.insert(pos, (d, i as u32));
                if best.len() == k {
                    bound = best[k - 1].0;
                }
            }
            // Every distance may be infinite (a huge value in the query): then no neighbour votes.
            let exact = self.weighting == Weighting::Distance && best.first().is_some_and(|b| b.0 <= 1e-12);
            let mut total = 0f32;
            for &(d, i) in &best {
                let mut vote = match self.weighting {
                    Weighting::Uniform => 1.0,
                    Weighting::Distance if exact => (d <= 1e-12) as u8 as f32,
                    Weighting::Distance => 1.0 / d.sqrt(),
                };
                if let Some(w) = &self.row_weights {
                    vote *= w[i as usize];
                }
                proba[self.labels[i as usize] as usize] += vote;
                total += vote;
            }
            if total > 0.0 {
                for p in proba.iter_mut() {
                    *p /= total;
                }
            } else {
                proba.fill(1.0 / kc as f32);
            }
        }
        out
    }
}
