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
use crate::core::error::{ErrorKind, Result};
use crate::core::eval::{Evaluation, ExportedModel, TestIncidents, TestPredictions, UNKNOWN_CLASS};
use crate::core::experiment::RunResult;
use crate::core::features::{FeatureSummary, Question, Target};
use crate::core::listed::Listed;
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
    apply_with_progress(exported, dataset, rows, &mut |_, _| true)
}

/// [`apply_rows`] reporting `(rows done, rows)` after each chunk; returning `false` cancels
/// ([`ErrorKind::Cancelled`]).
pub fn apply_with_progress(
    exported: &ExportedModel,
    dataset: &Dataset,
    rows: &[u32],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Applied> {
    let started = web_time::Instant::now();
    let pipeline = &exported.pipeline;
    let classes = pipeline.classes.clone();
    let k = classes.len();
    let mut proba = Vec::with_capacity(rows.len() * k);
    let ctx = pipeline.context(dataset);
    for chunk in rows.chunks(CHUNK_ROWS) {
        let x = pipeline.transform_with(dataset, chunk, &ctx)?;
        proba.extend(exported.model.predict_proba(&x)?);
        if !progress(proba.len() / k, rows.len()) {
            return Err(ErrorKind::Cancelled.into());
        }
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

impl Applied {
    /// The predictions of the rows of known class only (what the metrics are on).
    pub fn labelled_predictions(&self) -> Result<TestPredictions> {
        let p = &self.predictions;
        let keep: Vec<usize> = (0..p.len()).filter(|&i| p.is_labelled(i)).collect();
        let rows: Vec<u32> = keep.iter().map(|&i| p.rows[i]).collect();
        let proba = keep.iter().flat_map(|&i| p.proba_of(i).iter().copied()).collect();
        let actual = keep.iter().map(|&i| p.actual[i]).collect();
        TestPredictions::new(p.classes.clone(), rows, actual, proba, p.incidents.take(&keep))
    }

    /// The result card of a saved model applied to `data_name`, when rows of known class were
    /// scored: the model's own run card (where it came from), the metrics on those rows, its
    /// built-in importance, and notes that say it was applied, not trained here.
    pub fn run_result(&self, exported: &ExportedModel, data_name: &str) -> Option<RunResult> {
        let s = &self.summary;
        let mut evaluation = s.evaluation.clone()?;
        let trained = exported.card.metrics.as_ref();
        evaluation.train_ms = trained.and_then(|m| m.train_ms);
        evaluation.model_size_bytes = trained.and_then(|m| m.model_size_bytes);
        let names = exported.pipeline.feature_names();
        let mut importance: Vec<(String, f64)> = exported
            .model
            .importance()
            .map(|imp| names.iter().cloned().zip(imp).collect())
            .unwrap_or_default();
        importance.sort_by(|a, b| b.1.total_cmp(&a.1));
        let target = &exported.pipeline.target;
        // The question the model was trained to answer, as its run card names it.
        let question = exported.card.question.as_deref().and_then(Question::from_id);
        let features = FeatureSummary {
            target: target.id().to_owned(),
            target_label: target.label(),
            question: question.map_or_else(String::new, |q| q.id().to_owned()),
            question_label: question.map_or_else(String::new, |q| q.label().to_owned()),
            mapping_version: exported.pipeline.mapping_version,
            n_features: names.len(),
            total_rows: s.rows,
            test_rows: s.labelled_rows,
            split_kind: "none".into(),
            leakage_override: !s.warnings.is_empty(),
            warnings: s.warnings.clone(),
            ..Default::default()
        };
        let mut notes = vec![format!(
            "A saved model applied to {data_name}: scored on the {} of its {} rows whose {} is known.",
            s.labelled_rows,
            s.rows,
            label_of(target)
        )];
        if let Some(m) = trained {
            notes.push(format!(
                "When trained ({}): accuracy {:.4}, macro-F1 {:.4} on {} test rows.",
                exported.card.split.as_deref().unwrap_or("split not recorded"),
                m.accuracy,
                m.macro_f1,
                m.rows
            ));
        }
        Some(RunResult {
            model: s.model.clone(),
            model_label: s.model_label.clone(),
            accuracy: evaluation.accuracy,
            macro_f1: evaluation.macro_f1,
            train_ms: evaluation.train_ms.unwrap_or(0.0),
            prepare_ms: 0.0,
            predict_ms: s.predict_ms,
            train_rows: 0,
            valid_rows: 0,
            test_rows: s.labelled_rows,
            split_date: None,
            evaluation,
            curve: Vec::new(),
            importance,
            // The training matrix that names and scales the weights is not in the model file.
            coefficients: None,
            features,
            card: exported.card.clone(),
            warnings: s.warnings.clone(),
            notes,
            peak_memory_bytes: None,
            applied_to: Some(data_name.to_owned()),
        })
    }
}

/// The target's name in a sentence (`crime group`, `Part 1-2 (UCR seriousness)`).
fn label_of(target: &Target) -> String {
    match target {
        Target::CrimeGroup => "crime group".into(),
        other => other.label(),
    }
}
