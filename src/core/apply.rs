//! Using a saved model on new data, the reason people export one: [`apply`] turns every row of
//! a dataset into the model's features with the model's own fitted pipeline, predicts them,
//! and, where the dataset has the model's target, scores the rows whose class is known with the
//! same [`Evaluation`] as a training run. The command line (`crimelab predict`) and the browser
//! both call it.
//!
//! Rows are transformed and predicted in chunks of [`CHUNK_ROWS`], so memory stays bounded by
//! one chunk's features plus every row's probabilities, whatever the size of the file.

use serde::{Deserialize, Serialize};

use crate::core::data::Dataset;
use crate::core::error::Result;
use crate::core::eval::{Evaluation, ExportedModel, TestIncidents, TestPredictions, UNKNOWN_CLASS};
use crate::core::models::Model;

/// Rows transformed and predicted at a time.
pub const CHUNK_ROWS: usize = 1 << 16;

/// What a saved model says about a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplySummary {
    /// Model id (`gbdt`, `logreg`…).
    pub model: String,
    /// Model name for people.
    pub model_label: String,
    /// The target it predicts.
    pub target: String,
    /// Rows predicted.
    pub rows: usize,
    /// Rows whose true class is known (the rows scored).
    pub labelled_rows: usize,
    /// Share of the labelled rows predicted correctly (when there are some).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
    /// Macro-averaged F1 on the labelled rows (when there are some).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macro_f1: Option<f64>,
    /// Every metric on the labelled rows (when there are some).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    /// Why no row could be scored, when none could (the file lacks the target column…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unscored: Option<String>,
    /// Warnings of the model's pipeline (leakage overrides…), to show with the results.
    pub warnings: Vec<String>,
    /// Milliseconds spent transforming and predicting.
    pub predict_ms: f64,
}

/// A saved model's predictions on a dataset, with their summary.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Counts and metrics.
    pub summary: ApplySummary,
    /// Every row's prediction ([`UNKNOWN_CLASS`] as the truth where it is not known).
    pub predictions: TestPredictions,
}

/// Applies `exported` to every row of `dataset`.
pub fn apply(exported: &ExportedModel, dataset: &Dataset) -> Result<Applied> {
    let rows: Vec<u32> = (0..dataset.rows() as u32).collect();
    apply_rows(exported, dataset, &rows)
}

/// Applies `exported` to rows `rows` of `dataset` (see the module docs).
pub fn apply_rows(exported: &ExportedModel, dataset: &Dataset, rows: &[u32]) -> Result<Applied> {
    let started = web_time::Instant::now();
    let pipeline = &exported.pipeline;
    let classes = pipeline.classes.clone();
    let k = classes.len();
    let mut proba = Vec::with_capacity(rows.len() * k);
    let ctx = pipeline.context(dataset);
    for chunk in rows.chunks(CHUNK_ROWS) {
        let x = pipeline.transform_with(dataset, chunk, &ctx)?;
        proba.extend(exported.model.predict_proba(&x)?);
    }
    let predict_ms = started.elapsed().as_secs_f64() * 1e3;
    let (actual, unscored) = match pipeline.labels(dataset, rows) {
        Ok(y) => (y, None),
        Err(err) => (vec![UNKNOWN_CLASS; rows.len()], Some(err.to_string())),
    };
    let known: Vec<usize> = (0..rows.len()).filter(|&i| actual[i] != UNKNOWN_CLASS).collect();
    let evaluation = if known.is_empty() {
        None
    } else {
        let y: Vec<u32> = known.iter().map(|&i| actual[i]).collect();
        let p: Vec<f32> = known.iter().flat_map(|&i| proba[i * k..(i + 1) * k].iter().copied()).collect();
        Some(Evaluation::compute(&y, &p, &classes)?)
    };
    let unscored = match (&evaluation, unscored) {
        (Some(_), _) => None,
        (None, Some(why)) => Some(why),
        (None, None) => Some(format!("no row has a known {}", pipeline.target.label())),
    };
    let kind = exported.model.kind();
    let summary = ApplySummary {
        model: kind.id().to_owned(),
        model_label: kind.label().to_owned(),
        target: pipeline.target.id().to_owned(),
        rows: rows.len(),
        labelled_rows: known.len(),
        accuracy: evaluation.as_ref().map(|e| e.accuracy),
        macro_f1: evaluation.as_ref().map(|e| e.macro_f1),
        evaluation,
        unscored,
        warnings: pipeline.warnings.clone(),
        predict_ms,
    };
    let incidents = TestIncidents::of_rows(dataset, rows);
    let predictions = TestPredictions::new(classes, rows.to_vec(), actual, proba, incidents)?;
    Ok(Applied { summary, predictions })
}
