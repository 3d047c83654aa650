//! What the page shows of work under way or done: plain data, wrapped in signals by the page.

use std::sync::Arc;

use crate::core::data::LoadProgress;
use crate::core::eta::Eta;
use crate::core::eval::{PermutationImportance, TestPredictions};
use crate::core::experiment::RunResult;
use crate::core::models::{ModelKind, TrainProgress};
use crate::core::search::{TuneConfig, TuningRecord};

/// What the progress bar shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadView {
    /// File being loaded.
    pub file_name: String,
    /// Bytes and rows so far.
    pub progress: LoadProgress,
    /// Parsing is done and the engine is assembling the dataset (cannot be cancelled).
    pub finishing: bool,
}

/// A hyper-parameter search, under way or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneView {
    /// Model name.
    pub model_label: String,
    /// Fraction done.
    pub fraction: f64,
    /// The model tuned.
    pub model: ModelKind,
    /// How the search runs.
    pub config: TuneConfig,
    /// Ranked candidates, once finished (the same record `crimelab tune` prints, and the run
    /// card of a run trained from it keeps).
    pub record: Option<TuningRecord>,
}

/// A training run (or a saved model being applied) under way.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingView {
    /// Model name.
    pub model_label: String,
    /// What is happening, for people.
    pub stage: String,
    /// Fraction done, 0–1.
    pub fraction: f64,
    /// Progress reports so far (the live learning curve).
    pub curve: Vec<TrainProgress>,
    /// Set at the first progress report, for the time left.
    pub eta: Option<Eta>,
}

impl TrainingView {
    /// A run that is starting.
    pub fn new(model_label: &str) -> TrainingView {
        TrainingView {
            model_label: model_label.to_owned(),
            stage: "Preparing features…".into(),
            fraction: 0.0,
            curve: Vec::new(),
            eta: None,
        }
    }

    /// Records progress: `fraction` done at `now_ms` (any clock, the same as
    /// [`remaining_ms`](Self::remaining_ms)'s).
    pub fn advance(&mut self, fraction: f64, now_ms: f64) {
        self.fraction = fraction;
        self.eta.get_or_insert_with(|| Eta::start(now_ms, fraction));
    }

    /// Milliseconds left at `now_ms`, when they can be estimated.
    pub fn remaining_ms(&self, now_ms: f64) -> Option<f64> {
        self.eta.and_then(|eta| eta.remaining_ms(now_ms, self.fraction))
    }
}

/// A finished run; `M` is how the page keeps an exported model's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultView<M> {
    /// Position in the results list (1, 2, …).
    pub id: u64,
    /// Metrics, card, curve.
    pub result: RunResult,
    /// The exported model (model, run card, feature pipeline) as JSON.
    pub model: M,
    /// Every test row's prediction (None if they did not arrive).
    pub predictions: Option<SharedPredictions>,
}

/// A run's test predictions, shared without copying (compared by identity: they are large).
#[derive(Debug, Clone)]
pub struct SharedPredictions(pub Arc<TestPredictions>);

impl PartialEq for SharedPredictions {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the engine answered for the training form's current choices.
#[derive(Debug, Clone, PartialEq)]
pub enum BalanceView {
    /// Asked, not answered yet.
    Computing,
    /// The balance.
    Ready(crate::core::features::ClassBalance),
    /// Why there is none (a target with one class among the usable rows…).
    Failed(String),
}

/// A permutation importance under way (in the trainer worker).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportanceJob {
    /// The result it is for.
    pub result_id: u64,
    /// Fraction done, 0–1.
    pub fraction: f64,
    /// What is happening, for people.
    pub stage: String,
}

/// A finished permutation importance.
#[derive(Debug, Clone, PartialEq)]
pub struct PermutationView {
    /// Features by mean drop, best first.
    pub importance: PermutationImportance,
    /// Milliseconds it took.
    pub ms: f64,
}
