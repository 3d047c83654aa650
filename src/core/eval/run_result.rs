//! The outcome of a training run, as the page shows it, the CLI prints it and the report draws it.

use serde::{Deserialize, Serialize};

use super::{Coefficients, Evaluation, RunCard};
use crate::core::features::FeatureSummary;
use crate::core::models::TrainProgress;

/// The outcome of a run, as the UI shows it and the CLI prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Model id (`gbdt`, `logreg`…).
    pub model: String,
    /// Model name for people.
    pub model_label: String,
    /// Accuracy on the test rows.
    pub accuracy: f64,
    /// Macro-averaged F1 on the test rows.
    pub macro_f1: f64,
    /// Milliseconds spent fitting.
    pub train_ms: f64,
    /// Milliseconds spent preparing features.
    pub prepare_ms: f64,
    /// Milliseconds spent predicting the test rows.
    pub predict_ms: f64,
    /// Training rows.
    pub train_rows: usize,
    /// Validation rows (early stopping).
    pub valid_rows: usize,
    /// Test rows.
    pub test_rows: usize,
    /// First test date of a time split.
    pub split_date: Option<String>,
    /// Every metric on the test rows.
    pub evaluation: Evaluation,
    /// Progress reports of the fit (the learning curve).
    pub curve: Vec<TrainProgress>,
    /// Built-in importance per feature (gain for trees), best first.
    pub importance: Vec<(String, f64)>,
    /// A linear model's largest weights per class (logistic regression, linear SVM).
    #[serde(default)]
    pub coefficients: Option<Coefficients>,
    /// The feature summary (classes, leakage notes, warnings).
    pub features: FeatureSummary,
    /// Seed, data fingerprint, mapping version, features, params, metrics.
    pub card: RunCard,
    /// Warnings that must be shown with the result (leakage override…).
    pub warnings: Vec<String>,
    /// Facts about the fit to show beside the metrics (e.g. the sample a kernel SVM used).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Peak memory of the process that trained, in bytes, when known: the trainer worker's wasm
    /// memory in the browser (linear memory only grows, so its size is its peak), the peak
    /// resident set natively. Includes the dataset copy and the training matrix.
    #[serde(default)]
    pub peak_memory_bytes: Option<u64>,
    /// For a saved model applied to loaded data (not trained in this run): the name of the data
    /// it was applied to; its metrics are on that data's rows of known class.
    #[serde(default)]
    pub applied_to: Option<String>,
}
