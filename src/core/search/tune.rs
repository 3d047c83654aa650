//! Tuning a model on a prepared training matrix: the default search space of each model, and
//! k-fold cross-validation on (a sample of) the training rows, or the time split: fit on (a
//! sample of) the training rows, score on the validation rows (the later dates before the test
//! period). Test rows are never touched.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    sample_rows, search, stratified_kfold, Fold, ParamSpec, SearchData, SearchOptions, SearchProgress,
    SearchResult, SearchSpace, Strategy,
};
use crate::core::error::{Error, Result};
use crate::core::features::Prepared;
use crate::core::models::{ModelKind, ModelParams};

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

/// Searches `config` for `kind` on the training rows of `prepared`, reporting to `progress`
/// (return false to cancel). The caller refits the best params on all training rows.
pub fn tune(
    prepared: &Prepared,
    kind: ModelKind,
    config: &TuneConfig,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<SearchResult<ModelParams>> {
    let base = config.base.clone().unwrap_or_else(|| kind.default_params());
    let space = if config.space.is_empty() { default_space(kind) } else { config.space.clone() };
    let candidates = SearchSpace::new(base, space).candidates(&config.strategy)?;
    let all: Vec<u32> = (0..prepared.train.rows as u32).collect();
    let rows = if config.max_rows == 0 { all } else { sample_rows(&all, config.max_rows, config.seed) };
    let options = SearchOptions { seed: config.seed, ..SearchOptions::default() };
    if !config.time_split {
        let folds = stratified_kfold(&rows, &prepared.y_train, config.folds, config.seed)?;
        let data = SearchData {
            x: &prepared.train,
            y: &prepared.y_train,
            n_classes: prepared.classes.len(),
            weights: prepared.train_weights.as_deref(),
        };
        return search(&candidates, &data, &folds, &options, progress);
    }
    // One holdout: the sampled training rows, then every validation row, in one frame.
    if prepared.valid.rows == 0 {
        return Err(Error::other(
            "Tuning on the time split needs validation rows: choose the time split (later dates) for the test.",
        ));
    }
    let x = prepared.train.take(&rows).append_rows(&prepared.valid);
    let y: Vec<u32> =
        rows.iter().map(|&r| prepared.y_train[r as usize]).chain(prepared.y_valid.iter().copied()).collect();
    let weights: Option<Vec<f32>> = prepared.train_weights.as_ref().map(|w| {
        // Weights only shape the fits; the validation rows are scored, never fitted.
        rows.iter().map(|&r| w[r as usize]).chain(std::iter::repeat_n(1.0, prepared.valid.rows)).collect()
    });
    let n = rows.len() as u32;
    let folds = vec![Fold::holdout((0..n).collect(), (n..n + prepared.valid.rows as u32).collect())];
    let data = SearchData { x: &x, y: &y, n_classes: prepared.classes.len(), weights: weights.as_deref() };
    search(&candidates, &data, &folds, &options, progress)
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
