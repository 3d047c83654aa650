//! One training run, end to end: prepare features, fit a model, evaluate it on held-out rows.
//!
//! [`run`] is the single path both the `crimelab train` command and the browser's trainer
//! worker take, so a [`RunConfig`] (features, model params, seed) on the same data gives the
//! same model and the same metrics in both.

use serde::{Deserialize, Serialize};
use web_time::Instant;

use crate::core::data::Dataset;
use crate::core::error::{ErrorKind, Result};
/// The outcome of a run (defined in [`crate::core::eval`], so that charts and reports can show
/// one without depending on how it was trained).
pub use crate::core::eval::RunResult;
use crate::core::eval::{
    coefficients, model_size_bytes, DatasetInfo, Evaluation, ExportedModel, RunCard, TestIncidents,
    TestPredictions, TOP_COEFFICIENTS,
};
use crate::core::features::{prepare, FeatureConfig, FeatureSummary, Prepared};
use crate::core::listed::Listed;
use crate::core::models::{AnyModel, Model, ModelParams, TrainData, TrainProgress, ValidModelParams};
use crate::core::parallel::Parallelism;
use crate::core::search::TuningRecord;

/// Everything that decides a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Target, features, split.
    pub features: FeatureConfig,
    /// Model and hyper-parameters.
    pub model: ModelParams,
    /// Seed of the model's random choices (the split has its own, in `features`).
    pub seed: u64,
    /// The search `model` was chosen by, when it came from a tuning result: it goes on the
    /// run card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<TuningRecord>,
}

/// What a run reports as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum RunEvent {
    /// The training matrix is ready.
    Prepared {
        /// Its summary.
        summary: Box<FeatureSummary>,
    },
    /// The model finished an iteration.
    Training(TrainProgress),
    /// Predicting and scoring the held-out rows.
    Evaluating,
}

/// A finished run with the artefacts a caller may want to keep.
pub struct RunOutput {
    /// The report.
    pub result: RunResult,
    /// The trained model.
    pub model: AnyModel,
    /// The training matrix (test rows, their dataset rows, the fitted pipeline).
    pub prepared: Prepared,
    /// Test-row probabilities, row-major `test_rows × classes`.
    pub test_proba: Vec<f32>,
    /// Whether `test_proba` are the ones computed while the model was fitted
    /// ([`Fitted::test_proba`]) rather than predicted after it.
    pub scored_while_fitting: bool,
}

impl RunOutput {
    /// The model with its run card and feature pipeline, as the app exports it.
    pub fn export(&self) -> ExportedModel {
        ExportedModel::new(self.result.card.clone(), self.model.clone(), self.prepared.pipeline.clone())
    }
}

// Defined here rather than in `eval`, beside the type it reads, so that `eval` does not depend on
// `experiment`.
impl TestPredictions {
    /// The predictions of a finished run on `dataset` (copies the probabilities).
    pub fn of_run(output: &RunOutput, dataset: &Dataset) -> Result<TestPredictions> {
        let prepared = &output.prepared;
        TestPredictions::new(
            prepared.classes.clone(),
            prepared.test_rows.clone(),
            prepared.y_test.clone(),
            output.test_proba.clone(),
            TestIncidents::of_rows(dataset, &prepared.test_rows),
        )
    }
}

/// Runs `config` on `dataset` on the calling thread ([`run_with`] spreads the fit over threads).
/// `on_event` sees each stage and every training iteration; returning `false` cancels
/// (→ [`ErrorKind::Cancelled`]).
pub fn run(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    run_with(dataset, file_name, config, Parallelism::ONE, on_event)
}

/// [`run`] with the fit spread over `parallelism`'s threads (the model is the same for any
/// thread count). The model's params are checked first, so an out-of-range value is refused
/// by name before the features are prepared.
pub fn run_with(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    parallelism: Parallelism,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    let params = config.model.clone().check()?;
    let prepared = prepare(dataset, &config.features)?;
    if !on_event(&RunEvent::Prepared { summary: Box::new(prepared.summary.clone()) }) {
        return Err(ErrorKind::Cancelled.into());
    }
    fit_checked(dataset, file_name, config, &params, prepared, parallelism, on_event)
}

/// Fits and evaluates on an already prepared matrix (so several models can share one), on
/// the calling thread.
pub fn fit_prepared(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    prepared: Prepared,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    fit_prepared_with(dataset, file_name, config, prepared, Parallelism::ONE, on_event)
}

/// [`fit_prepared`] with the fit spread over `parallelism`'s threads.
pub fn fit_prepared_with(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    prepared: Prepared,
    parallelism: Parallelism,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    let params = config.model.clone().check()?;
    fit_checked(dataset, file_name, config, &params, prepared, parallelism, on_event)
}

/// [`fit_prepared_with`] with `config`'s model params already checked (`params`).
fn fit_checked(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    params: &ValidModelParams,
    prepared: Prepared,
    parallelism: Parallelism,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    let mut curve = Vec::new();
    let started = Instant::now();
    let model = {
        let mut monitor = |p: &TrainProgress| {
            curve.push(p.clone());
            on_event(&RunEvent::Training(p.clone()))
        };
        params.fit(&TrainData { parallelism, ..prepared.train_data(config.seed) }, &mut monitor)?
    };
    let train_ms = started.elapsed().as_secs_f64() * 1e3;
    evaluate_fitted(
        dataset,
        file_name,
        config,
        prepared,
        Fitted { model, curve, train_ms, test_proba: None },
        parallelism,
        on_event,
    )
}

/// A model fitted on a run's prepared matrix, with its training curve and time.
pub struct Fitted {
    /// The model.
    pub model: AnyModel,
    /// Its progress reports, in order.
    pub curve: Vec<TrainProgress>,
    /// Milliseconds the fit took.
    pub train_ms: f64,
    /// The test rows' class probabilities when they were computed while the model was fitted
    /// (the same bits as predicting them with it); none to predict them here.
    pub test_proba: Option<Vec<f32>>,
}

/// The evaluation half of [`fit_prepared_with`]: predicts and scores the test rows with a
/// model already fitted on `prepared` for `config` (the browser merges a forest trained by
/// several workers, then evaluates it here like any other run), and builds the result.
pub fn evaluate_fitted(
    dataset: &Dataset,
    file_name: Option<&str>,
    config: &RunConfig,
    prepared: Prepared,
    fitted: Fitted,
    parallelism: Parallelism,
    on_event: &mut dyn FnMut(&RunEvent) -> bool,
) -> Result<RunOutput> {
    let Fitted { model, curve, train_ms, test_proba } = fitted;
    if !on_event(&RunEvent::Evaluating) {
        return Err(ErrorKind::Cancelled.into());
    }
    let predicting = Instant::now();
    let (test_proba, scored_while_fitting) = match test_proba {
        Some(proba) if proba.len() == prepared.test.rows * prepared.classes.len() => {
            model.check_frame(&prepared.test)?;
            (proba, true)
        }
        _ => (model.predict_proba_with(&prepared.test, parallelism)?, false),
    };
    let predict_ms = predicting.elapsed().as_secs_f64() * 1e3;
    let mut evaluation = Evaluation::compute(&prepared.y_test, &test_proba, &prepared.classes)?;
    evaluation.train_ms = Some(train_ms);
    evaluation.model_size_bytes = Some(model_size_bytes(&model));
    let names = prepared.train.names();
    let mut importance: Vec<(String, f64)> =
        model.importance().map(|imp| names.iter().cloned().zip(imp).collect()).unwrap_or_default();
    importance.sort_by(|a, b| b.1.total_cmp(&a.1));
    let coefficients = coefficients(&model, &prepared.train, &prepared.classes, TOP_COEFFICIENTS);
    let summary = prepared.summary.clone();
    let mut card = RunCard::new(
        config.seed,
        DatasetInfo::of(dataset, file_name),
        summary.target.clone(),
        summary.mapping_version.map_or_else(|| "none".to_owned(), |v| format!("v{v}")),
        prepared.classes.clone(),
        names,
        config.model.clone(),
    );
    card.split = Some(match &summary.split_date {
        Some(date) => format!("time split: test from {date}"),
        None => format!("{} split, seed {}", summary.split_kind, summary.seed),
    });
    card.metrics = Some(evaluation.clone());
    card.feature_config = Some(config.features.clone());
    card.question = Some(config.features.question.id().to_owned());
    card.tuning = config.tuning.clone().map(|t| t.choosing(&config.model));
    let kind = config.model.kind();
    let notes = match &model {
        AnyModel::SvmKernel(m) => vec![format!(
            "Trained on a stratified sample of {} of the {} training rows ({} support vectors).",
            m.sample_size,
            summary.train_rows,
            m.support_vectors()
        )],
        AnyModel::Knn(m) => {
            vec![format!(
                "Neighbours come from a stratified sample of {} of the {} training rows.",
                m.sample_size, summary.train_rows
            )]
        }
        _ => Vec::new(),
    };
    let result = RunResult {
        notes,
        peak_memory_bytes: None,
        applied_to: None,
        model: kind.id().to_owned(),
        model_label: kind.label().to_owned(),
        accuracy: evaluation.accuracy,
        macro_f1: evaluation.macro_f1,
        train_ms,
        prepare_ms: summary.prepare_ms,
        predict_ms,
        train_rows: summary.train_rows,
        valid_rows: summary.valid_rows,
        test_rows: summary.test_rows,
        split_date: summary.split_date.clone(),
        evaluation,
        curve,
        importance,
        coefficients,
        warnings: summary.warnings.clone(),
        features: summary,
        card,
    };
    Ok(RunOutput { result, model, prepared, test_proba, scored_while_fitting })
}
