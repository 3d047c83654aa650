//! Tuning a model: the default search space of each model, and k-fold cross-validation on (a
//! sample of) the training rows, or the time split: fit on (a sample of) the training rows,
//! score on the validation rows (the later dates before the test period). Test rows are never
//! touched.
//!
//! Every fold refits the whole feature pipeline — levels and top-K pooling, the leakage guard,
//! feature selection, encoders (target encoding out of fold) and scalers — on its own training
//! part, and transforms its validation part with that fit: a matrix prepared once on all
//! training rows would let the validation labels choose the features and shape the encodings,
//! and the scores would be optimistic.

use serde::{Deserialize, Serialize};
use serde_json::json;

use std::ops::Range;

use super::pieces::{search_pieces, FitOutcome};
use super::run::{search_folds, FoldFrames, FoldSource};
use super::{
    sample_rows, stratified_kfold, Candidate, Fold, ParamSpec, SearchOptions, SearchProgress, SearchResult,
    SearchSpace, Strategy,
};
use crate::core::data::Dataset;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::features::{balance_training, fit_features, plan_rows, FeatureConfig, RowPlan};
use crate::core::models::{ModelKind, ModelParams};
use crate::core::parallel::Parallelism;

/// What to tune and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TuneConfig {
    /// Params every candidate starts from (the model's defaults or the user's edit).
    pub base: Option<ModelParams>,
    /// Hyper-parameters to vary; empty = [`default_space`] of the model.
    pub space: Vec<ParamSpec>,
    /// Grid or random search.
    pub strategy: Strategy,
    /// Cross-validation folds (≥ 2); unused with `time_split`.
    pub folds: usize,
    /// Score on the validation rows (the time split's later dates) instead of k-fold CV.
    pub time_split: bool,
    /// Training rows the folds are drawn from (a seeded stratified-by-fold sample; 0 = all).
    pub max_rows: usize,
    /// Seed of the sample, the folds and the fits.
    pub seed: u64,
}

impl Default for TuneConfig {
    fn default() -> TuneConfig {
        TuneConfig {
            base: None,
            space: Vec::new(),
            strategy: Strategy::Random { n: 8, seed: 42 },
            folds: 3,
            time_split: false,
            max_rows: 20_000,
            seed: 42,
        }
    }
}

/// The hyper-parameters worth varying first for each model, with sensible ranges.
pub fn default_space(kind: ModelKind) -> Vec<ParamSpec> {
    let specs = match kind {
        ModelKind::Gbdt => json!([
            {"name": "learning_rate", "kind": "float", "low": 0.03, "high": 0.3, "log": true, "steps": 4},
            {"name": "max_leaves", "kind": "values", "values": [15, 31, 63]},
            {"name": "min_child_weight", "kind": "values", "values": [1.0, 5.0, 20.0]},
            {"name": "lambda", "kind": "values", "values": [0.0, 1.0, 5.0]}
        ]),
        ModelKind::RandomForest => json!([
            {"name": "max_depth", "kind": "values", "values": [8, 12, 16, 0]},
            {"name": "min_samples_leaf", "kind": "values", "values": [1, 5, 20]}
        ]),
        ModelKind::Tree => json!([
            {"name": "max_depth", "kind": "int", "low": 4, "high": 16, "step": 4},
            {"name": "min_samples_leaf", "kind": "values", "values": [1, 5, 20, 50]}
        ]),
        ModelKind::Logreg => {
            json!([{"name": "c", "kind": "float", "low": 0.01, "high": 100.0, "log": true, "steps": 5}])
        }
        ModelKind::SvmLinear => {
            json!([{"name": "alpha", "kind": "float", "low": 1e-6, "high": 1e-2, "log": true, "steps": 5}])
        }
        ModelKind::SvmKernel => json!([
            {"name": "c", "kind": "float", "low": 0.1, "high": 100.0, "log": true, "steps": 4}
        ]),
        ModelKind::Knn => json!([{"name": "k", "kind": "values", "values": [5, 15, 31, 63]}]),
        ModelKind::NaiveBayes => {
            json!([{"name": "alpha", "kind": "float", "low": 0.01, "high": 10.0, "log": true, "steps": 4}])
        }
        ModelKind::Mlp => json!([
            {"name": "hidden", "kind": "values", "values": [[32], [64], [64, 32]]},
            {"name": "alpha", "kind": "float", "low": 1e-5, "high": 1e-2, "log": true, "steps": 4}
        ]),
        ModelKind::Majority | ModelKind::Stratified => json!([]),
    };
    serde_json::from_value(specs).expect("default search spaces are valid")
}

/// The folds of a search in dataset rows, each fitted with the whole feature pipeline.
struct RefitFolds<'a> {
    ds: &'a Dataset,
    features: &'a FeatureConfig,
    plan: &'a RowPlan,
    folds: Vec<Fold>,
}

impl FoldSource for RefitFolds<'_> {
    fn n_folds(&self) -> usize {
        self.folds.len()
    }

    fn n_classes(&self) -> usize {
        self.plan.classes.len()
    }

    fn prescaled(&self) -> bool {
        true
    }

    /// Fits levels, the leakage guard, selection, encoders (target encoding out of fold) and
    /// scalers on the fold's training rows only, transforms its validation rows with that fit,
    /// then resamples and weights the training rows as the feature settings ask.
    fn frames(&self, f: usize) -> Result<FoldFrames> {
        let fold = &self.folds[f];
        let y = self.plan.labels_of(&fold.train);
        let fit = fit_features(self.ds, self.features, &fold.train, &y, &self.plan.classes)?;
        let valid_x = fit.transform(self.ds, &fold.valid)?;
        let k = self.plan.classes.len();
        let balanced = balance_training(self.features, k, fit.train, y, fold.train.clone());
        Ok(FoldFrames {
            x: balanced.x,
            y: balanced.y,
            weights: balanced.weights,
            valid_x,
            valid_y: self.plan.labels_of(&fold.valid),
        })
    }
}

/// The folds `config` asks for, in dataset rows: k stratified folds of (a sample of) the
/// training rows, or one holdout (a sample of) the training rows → the validation rows.
fn folds_of(plan: &RowPlan, config: &TuneConfig) -> Result<Vec<Fold>> {
    let train = &plan.split.train;
    let all: Vec<u32> = (0..train.len() as u32).collect();
    let positions = if config.max_rows == 0 { all } else { sample_rows(&all, config.max_rows, config.seed) };
    let to_rows = |p: &[u32]| -> Vec<u32> { p.iter().map(|&p| train[p as usize]).collect() };
    if config.time_split {
        if plan.split.valid.is_empty() {
            return Err(Error::invalid_param(
                "tune",
                "validation",
                "time",
                "k-fold cross-validation unless the split has validation rows (the time split's later dates)",
            ));
        }
        return Ok(vec![Fold::holdout(to_rows(&positions), plan.split.valid.clone())]);
    }
    fold_count(config)?;
    if positions.len() < 2 * config.folds {
        return Err(Error::new(ErrorKind::TooFewRows {
            what: format!("{}-fold cross-validation", config.folds),
            needed: 2 * config.folds,
            found: positions.len(),
        }));
    }
    let y = plan.labels_of(train);
    let folds = stratified_kfold(&positions, &y, config.folds, config.seed)?;
    Ok(folds.iter().map(|f| Fold::holdout(to_rows(&f.train), to_rows(&f.valid))).collect())
}

/// Searches `config` for `kind` with the features of `features` on the training rows of `ds`,
/// reporting to `progress` (return false to cancel). Each fold refits the whole feature
/// pipeline on its training part ([`fit_features`]), so no validation label shapes the
/// features it is scored with; test rows are never touched. The caller refits the best params
/// on all training rows.
pub fn tune(
    ds: &Dataset,
    features: &FeatureConfig,
    kind: ModelKind,
    config: &TuneConfig,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<SearchResult<ModelParams>> {
    tune_with(ds, features, kind, config, Parallelism::ONE, progress)
}

/// [`tune`] with every fit spread over `parallelism`'s threads (the same result for any count).
pub fn tune_with(
    ds: &Dataset,
    features: &FeatureConfig,
    kind: ModelKind,
    config: &TuneConfig,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<SearchResult<ModelParams>> {
    let candidates = candidates_of(kind, config)?;
    let plan = plan_rows(ds, features)?;
    let folds = folds_of(&plan, config)?;
    let source = RefitFolds { ds, features, plan: &plan, folds };
    let options = SearchOptions { seed: config.seed, parallelism, ..SearchOptions::default() };
    search_folds(&candidates, &source, &options, progress)
}

/// The candidates `config` draws for `kind` (from its base params, or the model's defaults,
/// and its space, or the model's [`default_space`]), in the order the search fits them.
pub fn candidates_of(kind: ModelKind, config: &TuneConfig) -> Result<Vec<Candidate<ModelParams>>> {
    let base = config.base.clone().unwrap_or_else(|| kind.default_params());
    if base.kind() != kind {
        return Err(Error::invalid_param(
            "tune",
            "base",
            base.kind().id(),
            format!("params of the tuned model, {}", kind.id()),
        ));
    }
    let space = if config.space.is_empty() { default_space(kind) } else { config.space.clone() };
    SearchSpace::new(base, space).candidates(&config.strategy)
}

/// How many folds each candidate is scored on: one with the time split, else `folds` (at
/// least 2).
pub fn fold_count(config: &TuneConfig) -> Result<usize> {
    match (config.time_split, config.folds) {
        (true, _) => Ok(1),
        (false, k) if k >= 2 => Ok(k),
        (false, k) => Err(Error::invalid_param("tune", "folds", k, "at least 2")),
    }
}

/// The pieces `range` of [`tune`]'s search ([`search_pieces`]: fit `p` is candidate
/// `p % candidates` on fold `p / candidates`), on one thread, for a worker sharing the search
/// with others; [`join_pieces`](super::join_pieces) joins every worker's outcomes into the
/// table [`tune`] returns.
pub fn tune_pieces(
    ds: &Dataset,
    features: &FeatureConfig,
    kind: ModelKind,
    config: &TuneConfig,
    range: Range<usize>,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<Vec<FitOutcome>> {
    let candidates = candidates_of(kind, config)?;
    let plan = plan_rows(ds, features)?;
    let folds = folds_of(&plan, config)?;
    let source = RefitFolds { ds, features, plan: &plan, folds };
    let options = SearchOptions { seed: config.seed, ..SearchOptions::default() };
    search_pieces(&candidates, &source, &options, range, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_has_a_valid_default_space() {
        for &kind in ModelKind::ALL {
            let space = SearchSpace::new(kind.default_params(), default_space(kind));
            let candidates = space.candidates(&Strategy::Random { n: 4, seed: 1 }).unwrap();
            assert!(!candidates.is_empty(), "{kind:?}");
        }
    }
}
