//! [`TuningRecord`]: what a search tried and how every candidate scored, in the form the run
//! card keeps and `crimelab tune` prints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Score, SearchResult, Strategy, TuneConfig};
use crate::core::models::{ModelKind, ModelParams};

/// One candidate of a search and its scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TunedCandidate {
    /// 1-based rank (failed candidates come last).
    pub rank: usize,
    /// The complete hyper-parameters, as `--params` and the page's JSON box take them.
    pub params: Value,
    /// The hyper-parameters the search varied.
    pub values: BTreeMap<String, Value>,
    /// Mean validation score over the folds (`None` when the fit failed).
    pub score: Option<f64>,
    /// Standard deviation of the fold scores (population, as scikit-learn's `std_test_score`).
    pub std: Option<f64>,
    /// The score of each fold.
    pub fold_scores: Vec<f64>,
    /// Mean fit time per fold, milliseconds.
    pub fit_ms: f64,
    /// Why the fit failed.
    pub error: Option<String>,
}

/// A hyper-parameter search: how it was run and every candidate, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuningRecord {
    /// Model id (`gbdt`, `logreg`…).
    pub model: String,
    /// Grid or random (with its count and seed).
    pub strategy: Strategy,
    /// `3-fold`, `5-fold`… cross-validation, or `time` (fit on the training rows, score on the
    /// validation rows of the time split).
    pub validation: String,
    /// Folds per candidate (1 for the time split).
    pub folds: usize,
    /// Training rows the folds were drawn from (a seeded sample of this many; 0 = all).
    pub max_rows: usize,
    /// Seed of the sample, the folds and the fits.
    pub seed: u64,
    /// Score the candidates are ranked by.
    pub score: Score,
    /// Whether the search was cancelled (then only the candidates finished before are here).
    pub cancelled: bool,
    /// Wall time of the search, milliseconds.
    pub elapsed_ms: f64,
    /// Rank of the candidate a run trained with (on a run card); `None` when its params are
    /// none of the candidates' (edited after the search).
    #[serde(default)]
    pub chosen: Option<usize>,
    /// Every candidate, best first.
    pub candidates: Vec<TunedCandidate>,
}

impl TuningRecord {
    /// The record of `result`, a search of `kind` run with `config`.
    pub fn new(kind: ModelKind, config: &TuneConfig, result: &SearchResult<ModelParams>) -> TuningRecord {
        TuningRecord {
            model: kind.id().to_owned(),
            strategy: config.strategy.clone(),
            validation: if config.time_split { "time".into() } else { format!("{}-fold", config.folds) },
            folds: result.folds,
            max_rows: config.max_rows,
            seed: config.seed,
            score: result.score,
            cancelled: result.cancelled,
            elapsed_ms: result.elapsed_ms,
            chosen: None,
            candidates: result
                .candidates
                .iter()
                .map(|c| TunedCandidate {
                    rank: c.rank,
                    params: params_value(&c.params),
                    values: c.values.clone(),
                    score: c.mean,
                    std: c.std,
                    fold_scores: c.fold_scores.clone(),
                    fit_ms: c.fit_ms,
                    error: c.error.clone(),
                })
                .collect(),
        }
    }

    /// One line for people: the chosen candidate, how it scored, how the search ran.
    pub fn summary(&self) -> String {
        let how = match self.validation.as_str() {
            "time" => "on the time split's validation rows".to_owned(),
            v => format!("by {v} cross-validation"),
        };
        let rows = match self.max_rows {
            0 => "every training row".to_owned(),
            n => format!("a sample of up to {n} training rows"),
        };
        let chosen = self.chosen.and_then(|rank| self.candidates.iter().find(|c| c.rank == rank));
        let head = match chosen.and_then(|c| Some((c, c.score?))) {
            Some((c, score)) => {
                let spread = c.std.filter(|_| self.folds > 1).map_or(String::new(), |s| format!(" ± {s:.4}"));
                format!(
                    "Tuned: candidate {} of {}, {} {score:.4}{spread}",
                    c.rank,
                    self.candidates.len(),
                    self.score.label()
                )
            }
            None => format!("Params edited after a search of {} candidates", self.candidates.len()),
        };
        format!("{head} ({how}, {rows}, seed {}).", self.seed)
    }

    /// The record with [`chosen`](Self::chosen) set to the candidate whose params are `params`.
    pub fn choosing(mut self, params: &ModelParams) -> TuningRecord {
        let value = params_value(params);
        self.chosen = (self.model == params.kind().id())
            .then(|| self.candidates.iter().find(|c| c.params == value).map(|c| c.rank))
            .flatten();
        self
    }
}

/// The hyper-parameters of `params` without the model tag, as `--params` takes them.
fn params_value(params: &ModelParams) -> Value {
    serde_json::to_value(params)
        .ok()
        .and_then(|mut v| v.get_mut("params").map(Value::take))
        .unwrap_or_default()
}
