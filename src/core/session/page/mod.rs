//! The page's state as plain data, and the one place where worker responses and the user's
//! actions change it. The page wraps each field in a signal and, after each change, sets only
//! the signals of the fields that [`Effects::changed`] names; it carries out the
//! [`Effect`]s (send a request, save a file), and draws.
//!
//! `M` is how the page keeps a binary payload it received (a model's JSON, a copy of the
//! dataset, a CSV): an `ArrayBuffer` handle in the browser, bytes in tests. Its test
//! predictions are decoded through [`Payload`].

mod effects;
mod views;

use std::collections::{BTreeMap, VecDeque};

pub use effects::{Changed, Effect, Effects, Field};
pub use views::{
    BalanceView, ImportanceJob, LoadView, PermutationView, ResultView, SharedPredictions, TrainingView,
    TuneView,
};

use super::payload::Payload;
use crate::core::data::{DatasetCard, LoadProgress, Page};
use crate::core::eda::{Dashboard, Filters, Profile};
use crate::core::eval::TestPredictions;
use crate::core::experiment::{RunEvent, RunResult};
use crate::core::features::FeatureSummary;
use crate::core::models::ModelKind;
use crate::core::protocol::{EngineRequest, EngineResponse, TrainerResponse};
use crate::core::report::{ReportInput, ReportRun};
use crate::core::search::{TuneConfig, TuningRecord};
use crate::core::whatif::{Prediction, WhatIfOptions};
use crate::core::Error;

/// Everything the page shows, and what it remembers between responses.
#[derive(Debug, Clone)]
pub struct PageState<M> {
    /// The current dataset's card (None until a load succeeds).
    pub dataset: Option<DatasetCard>,
    /// The page of rows shown in the data table.
    pub page: Option<Page>,
    /// Progress of the load under way.
    pub progress: Option<LoadView>,
    /// What the workers are doing, for people.
    pub busy: Option<String>,
    /// The error to show, if any.
    pub error: Option<String>,
    /// The exploratory dashboard of the current dataset (None while computing).
    pub dashboard: Option<Dashboard>,
    /// Column profiles of the current dataset (None while computing).
    pub profile: Option<Profile>,
    /// The dashboard's filters.
    pub filters: Filters,
    /// Bumped on every new dataset, so views can reset.
    pub generation: u64,
    /// The training run (or model being applied) under way.
    pub training: Option<TrainingView>,
    /// Finished runs, oldest first.
    pub results: Vec<ResultView<M>>,
    /// Summary of the last training matrix built.
    pub feature_summary: Option<FeatureSummary>,
    /// The last hyper-parameter search.
    pub tuning: Option<TuneView>,
    /// Models loaded from exported JSON files: (name, JSON).
    pub imported: Vec<(String, M)>,
    /// The last what-if predictions.
    pub whatif: Option<Vec<Prediction>>,
    /// What the what-if form offers for the current dataset (None until computed).
    pub whatif_options: Option<WhatIfOptions>,
    /// The class balance of the training form's current choices, before training.
    pub class_balance: Option<BalanceView>,
    /// Permutation importance computed for results, by result id.
    pub permutation: BTreeMap<u64, PermutationView>,
    /// The permutation importance under way.
    pub importance_job: Option<ImportanceJob>,
    /// Whether the HTML report is being made.
    pub reporting: bool,
    /// Set while the dataset is loaded again after the engine was replaced: the filters to
    /// put back once it is.
    pub restoring: Option<Filters>,
    /// Whether the engine has been replaced since the last load finished (a second failure
    /// while restoring gives up rather than loop).
    pub engine_replaced: bool,
    /// While restoring a dataset of several files: how many are still to be added.
    files_to_add: usize,
    /// The models being applied, oldest first (the trainer answers in order).
    applying: VecDeque<(String, M)>,
    /// The load whose progress is shown: its id (which the engine's answer names) and when it
    /// started (ms, the clock `now_ms` arguments use).
    loading: Option<(u64, f64)>,
}

impl<M> Default for PageState<M> {
    fn default() -> Self {
        PageState {
            dataset: None,
            page: None,
            progress: None,
            busy: None,
            error: None,
            dashboard: None,
            profile: None,
            filters: Filters::default(),
            generation: 0,
            training: None,
            results: Vec::new(),
            feature_summary: None,
            tuning: None,
            imported: Vec::new(),
            whatif: None,
            whatif_options: None,
            class_balance: None,
            permutation: BTreeMap::new(),
            importance_job: None,
            reporting: false,
            restoring: None,
            engine_replaced: false,
            files_to_add: 0,
            applying: VecDeque::new(),
            loading: None,
        }
    }
}

impl<M: Payload + Clone> PageState<M> {
    /// Fresh state: nothing loaded.
    pub fn new() -> PageState<M> {
        PageState::default()
    }

    /// Shows `error` (or clears it).
    pub fn show_error(&mut self, error: Option<String>) -> Effects<M> {
        let mut fx = Effects::default();
        self.error = error;
        fx.touch(Field::Error);
        fx
    }

    fn set_error(&mut self, fx: &mut Effects<M>, message: impl Into<String>) {
        self.error = Some(message.into());
        fx.touch(Field::Error);
    }

    fn set_busy(&mut self, fx: &mut Effects<M>, busy: Option<String>) {
        self.busy = busy;
        fx.touch(Field::Busy);
    }

    // ---- The dataset and the engine ----

    /// Asks for the dashboard under the current filters (the old one goes meanwhile).
    pub fn request_dashboard(&mut self) -> Effects<M> {
        let mut fx = Effects::default();
        self.ask_dashboard(&mut fx);
        fx
    }

    fn ask_dashboard(&mut self, fx: &mut Effects<M>) {
        self.dashboard = None;
        fx.touch(Field::Dashboard);
        let request = EngineRequest::Dashboard { filters: self.filters.clone(), options: Default::default() };
        fx.effects.push(Effect::AskEngine(request));
    }

    fn ask_profile(&mut self, fx: &mut Effects<M>) {
        self.profile = None;
        fx.touch(Field::Profile);
        fx.effects.push(Effect::AskEngine(EngineRequest::Profile { filters: Default::default() }));
    }

    /// Asks for the class balance `features` would train on.
    pub fn request_class_balance(&mut self, features: crate::core::features::FeatureConfig) -> Effects<M> {
        let mut fx = Effects::default();
        self.class_balance = Some(BalanceView::Computing);
        fx.touch(Field::ClassBalance);
        fx.effects.push(Effect::AskEngine(EngineRequest::ClassBalance { features: Box::new(features) }));
        fx
    }

    /// The user applied new dashboard filters: clear the error, ask for the dashboard.
    pub fn set_filters(&mut self, filters: Filters) -> Effects<M> {
        let mut fx = Effects::default();
        self.filters = filters;
        fx.touch(Field::Filters);
        self.error = None;
        fx.touch(Field::Error);
        self.ask_dashboard(&mut fx);
        fx
    }

    /// Load `load` started at `started_ms` (the old dataset stays until it succeeds). An
    /// earlier load the engine is still assembling is not cancelled by it: its answer still
    /// makes its dataset the current one, and leaves this load's progress alone.
    pub fn load_started(
        &mut self,
        load: u64,
        file_name: &str,
        progress: LoadProgress,
        started_ms: f64,
    ) -> Effects<M> {
        let mut fx = Effects::default();
        if self.restoring.is_none() {
            // (A load that restores the dataset keeps the message saying why.)
            self.error = None;
            fx.touch(Field::Error);
        }
        self.loading = Some((load, started_ms));
        self.progress = Some(LoadView { file_name: file_name.to_owned(), progress, finishing: false });
        fx.touch(Field::Progress);
        self.set_busy(&mut fx, Some(format!("Parsing {file_name}…")));
        fx
    }

    /// The parse workers reported progress; `finishing` once every part is parsed and the
    /// engine assembles the dataset.
    pub fn load_progress(&mut self, file_name: &str, progress: LoadProgress, finishing: bool) -> Effects<M> {
        let mut fx = Effects::default();
        self.progress = Some(LoadView { file_name: file_name.to_owned(), progress, finishing });
        fx.touch(Field::Progress);
        if finishing {
            self.set_busy(&mut fx, Some(format!("Finishing {file_name}…")));
        }
        fx
    }

    /// The load under way was cancelled (or ended); the current dataset stays.
    pub fn cancel_load(&mut self) -> Effects<M> {
        let mut fx = Effects::default();
        self.end_load(&mut fx);
        fx
    }

    fn end_load(&mut self, fx: &mut Effects<M>) {
        self.loading = None;
        self.progress = None;
        fx.touch(Field::Progress);
        self.set_busy(fx, None);
    }

    /// The load failed with `message`. The current dataset stays, unless this was the load
    /// that was to restore it after the engine was replaced.
    pub fn load_failed(&mut self, message: String) -> Effects<M> {
        let mut fx = Effects::default();
        self.fail_load(&mut fx, message);
        fx
    }

    fn fail_load(&mut self, fx: &mut Effects<M>, message: String) {
        self.end_load(fx);
        self.files_to_add = 0;
        if self.restoring.take().is_some() {
            self.dataset = None;
            fx.touch(Field::Dataset);
        }
        self.set_error(fx, message);
    }

    /// The engine crashed or stopped answering (`why`) and a new one was started.
    /// `interrupted`: the files being loaded then (being assembled by the engine, then being
    /// parsed), all given up: one may be what broke the engine; `files`: how many files the current dataset came from that the page still has
    /// (the first, then each one added). Returns whether to load them again (the first now,
    /// each next one on [`Effect::AddNextFile`]; the filters come back once all are);
    /// otherwise the dataset is gone and the user is asked to load a file again.
    pub fn engine_replaced(&mut self, why: &str, interrupted: &[String], files: usize) -> (Effects<M>, bool) {
        let mut fx = Effects::default();
        self.reporting = false;
        fx.touch(Field::Reporting);
        self.end_load(&mut fx);
        let why = match interrupted {
            [name] if self.restoring.is_none() => {
                format!("{why} while {name} was loading; it was not loaded")
            }
            [names @ .., last] if self.restoring.is_none() => {
                format!("{why} while {} and {last} were loading; they were not loaded", names.join(", "))
            }
            _ => why.to_owned(),
        };
        match self.dataset.as_ref().map(|c| c.file_name.clone()) {
            Some(name) if files > 0 && !self.engine_replaced => {
                self.engine_replaced = true;
                self.files_to_add = files - 1;
                self.restoring = Some(self.filters.clone());
                // The new engine has no data until the reload ends: the dashboard (and its
                // filter bar) waits for the dashboard of the reloaded data.
                self.dashboard = None;
                fx.touch(Field::Dashboard);
                self.set_error(
                    &mut fx,
                    format!(
                        "{why}. The analysis worker was restarted and {name} is being loaded again; your \
                         results are kept."
                    ),
                );
                (fx, true)
            }
            _ => {
                self.dataset = None;
                fx.touch(Field::Dataset);
                self.files_to_add = 0;
                self.restoring = None;
                self.set_error(
                    &mut fx,
                    format!("{why}. The analysis worker was restarted; load your file again."),
                );
                (fx, false)
            }
        }
    }

    /// Applies an engine's (or the sandbox's) response; `payloads` came beside it, `now_ms`
    /// is the page's clock.
    pub fn apply_engine(&mut self, response: EngineResponse, payloads: Vec<M>, now_ms: f64) -> Effects<M> {
        let mut fx = Effects::default();
        let mut payloads = payloads.into_iter();
        match response {
            EngineResponse::Ready => {}
            EngineResponse::Loaded { load, mut card, page } => {
                // An earlier load may finish while this one is parsing: its dataset is the
                // engine's now, so the page shows it, and the progress of this one stays.
                if let Some((_, started)) = self.loading.filter(|&(id, _)| id == load) {
                    // (A file added to the data keeps the card's timing of the first.)
                    if card.sources.len() <= 1 {
                        card.parse_ms = now_ms - started;
                        card.mb_per_s = card.file_bytes as f64 / 1e6 / (card.parse_ms / 1e3);
                    }
                    self.end_load(&mut fx);
                }
                fx.effects.push(Effect::LoadEnded { load, loaded: true });
                if self.files_to_add > 0 {
                    // Restoring a dataset of several files: add the next one before going on.
                    self.files_to_add -= 1;
                    fx.effects.push(Effect::AddNextFile);
                    return fx;
                }
                self.engine_replaced = false;
                self.filters = self.restoring.take().unwrap_or_default();
                fx.touch(Field::Filters);
                self.page = Some(page);
                fx.touch(Field::Page);
                self.dataset = Some(*card);
                fx.touch(Field::Dataset);
                self.generation += 1;
                fx.touch(Field::Generation);
                self.ask_dashboard(&mut fx);
                self.ask_profile(&mut fx);
            }
            EngineResponse::Page(page) => {
                self.page = Some(page);
                fx.touch(Field::Page);
            }
            EngineResponse::WhatIf { predictions, errors } => {
                self.whatif = Some(predictions);
                fx.touch(Field::WhatIf);
                if !errors.is_empty() {
                    self.set_error(&mut fx, errors.join(" "));
                }
            }
            EngineResponse::WhatIfOptions(options) => {
                self.whatif_options = Some(*options);
                fx.touch(Field::WhatIfOptions);
            }
            EngineResponse::ClassBalance { balance, error } => {
                self.class_balance = Some(match balance {
                    Some(balance) => BalanceView::Ready(*balance),
                    None => BalanceView::Failed(error.unwrap_or_default()),
                });
                fx.touch(Field::ClassBalance);
            }
            EngineResponse::Dashboard(dashboard) => {
                self.dashboard = Some(*dashboard);
                fx.touch(Field::Dashboard);
            }
            EngineResponse::Profile(profile) => {
                self.profile = Some(*profile);
                fx.touch(Field::Profile);
            }
            EngineResponse::DatasetShared { file_name } => match payloads.next() {
                Some(dataset) => fx.effects.push(Effect::GiveTrainer { file_name, dataset }),
                None => self.set_error(&mut fx, Error::missing("the dataset for training").to_string()),
            },
            EngineResponse::PredictionsCsv { file_name, rows, error } => {
                let outcome = match (error, payloads.next()) {
                    (Some(message), _) => Err(message),
                    (None, None) => Err("the CSV did not arrive".to_owned()),
                    (None, Some(bytes)) => Ok((bytes, rows)),
                };
                fx.effects.push(Effect::PredictionsCsv { file_name, outcome });
            }
            EngineResponse::Report { html, file_name } => {
                self.reporting = false;
                fx.touch(Field::Reporting);
                fx.effects.push(Effect::SaveText { file_name, mime: "text/html;charset=utf-8", text: html });
            }
            EngineResponse::ModelChecked { name, error } => match (error, payloads.next()) {
                (None, Some(model)) => {
                    self.imported.push((name, model));
                    fx.touch(Field::Imported);
                }
                (error, _) => {
                    let message = error.unwrap_or_else(|| format!("{name}: the model did not come back"));
                    self.set_error(&mut fx, message);
                }
            },
            EngineResponse::Failed { message }
                if self.restoring.is_some() && message == Error::no_dataset().to_string() =>
            {
                // Requests made while the dataset is loaded again find none yet: not news.
            }
            EngineResponse::LoadFailed { load, message } => {
                fx.effects.push(Effect::LoadEnded { load, loaded: false });
                match self.loading {
                    Some((id, _)) if id == load => self.fail_load(&mut fx, message),
                    _ => self.set_error(&mut fx, message),
                }
            }
            EngineResponse::Failed { message } => {
                self.reporting = false;
                fx.touch(Field::Reporting);
                self.set_error(&mut fx, message);
            }
        }
        fx
    }

    /// The input of the HTML report (the session so far), marked as being made.
    pub fn start_report(&mut self, created: String) -> (Effects<M>, ReportInput) {
        let mut fx = Effects::default();
        let runs = self
            .results
            .iter()
            .map(|r| ReportRun {
                id: r.id,
                result: r.result.clone(),
                permutation: self.permutation.get(&r.id).map(|p| p.importance.clone()),
            })
            .collect();
        let input =
            ReportInput { created, dataset: self.dataset.clone(), dashboard: self.dashboard.clone(), runs };
        self.reporting = true;
        fx.touch(Field::Reporting);
        (fx, input)
    }

    // ---- Training ----

    /// A training matrix is being built: its old summary goes.
    pub fn start_prepare(&mut self) -> Effects<M> {
        let mut fx = Effects::default();
        self.feature_summary = None;
        fx.touch(Field::FeatureSummary);
        fx
    }

    /// A hyper-parameter search of `model` starts.
    pub fn start_tuning(&mut self, model: ModelKind, config: TuneConfig) -> Effects<M> {
        let mut fx = self.start_training(&format!("{} (tuning)", model.label()));
        let model_label = model.label().to_owned();
        self.tuning = Some(TuneView { model_label, fraction: 0.0, model, config, record: None });
        fx.touch(Field::Tuning);
        fx
    }

    /// A training run of the model named `label` starts.
    pub fn start_training(&mut self, label: &str) -> Effects<M> {
        let mut fx = Effects::default();
        self.error = None;
        fx.touch(Field::Error);
        self.training = Some(TrainingView::new(label));
        fx.touch(Field::Training);
        fx
    }

    /// The imported model `name` (`model`, its JSON) is being applied to the loaded data.
    pub fn start_apply(&mut self, name: &str, model: M) -> Effects<M> {
        let fx = self.start_training(&format!("{name}: applying"));
        if let Some(t) = &mut self.training {
            t.stage = "Predicting every row of the loaded data…".into();
        }
        self.applying.push_back((name.to_owned(), model));
        fx
    }

    /// The permutation importance of result `result_id` starts.
    pub fn start_importance(&mut self, result_id: u64) -> Effects<M> {
        let mut fx = Effects::default();
        self.error = None;
        fx.touch(Field::Error);
        let stage = "Preparing the test rows…".into();
        self.importance_job = Some(ImportanceJob { result_id, fraction: 0.0, stage });
        fx.touch(Field::ImportanceJob);
        fx
    }

    /// Training, tuning, applying or importance stopped (Cancel, or the trainer was lost):
    /// results so far stay.
    pub fn cancel_training(&mut self) -> Effects<M> {
        let mut fx = Effects::default();
        self.stop_training(&mut fx);
        fx
    }

    fn stop_training(&mut self, fx: &mut Effects<M>) {
        self.training = None;
        fx.touch(Field::Training);
        self.importance_job = None;
        fx.touch(Field::ImportanceJob);
        self.applying.clear();
    }

    /// The trainer could not be used (`message`): whatever was under way stops.
    pub fn trainer_failed(&mut self, message: String) -> Effects<M> {
        let mut fx = self.cancel_training();
        self.set_error(&mut fx, message);
        fx
    }

    fn update_training(&mut self, fx: &mut Effects<M>, f: impl FnOnce(&mut TrainingView)) {
        if let Some(t) = &mut self.training {
            f(t);
            fx.touch(Field::Training);
        }
    }

    /// Applies a trainer's response; `payloads` came beside it, `now_ms` is the page's clock.
    pub fn apply_trainer(&mut self, response: TrainerResponse, payloads: Vec<M>, now_ms: f64) -> Effects<M> {
        let mut fx = Effects::default();
        match response {
            TrainerResponse::Prepared { summary } => {
                self.feature_summary = Some(*summary);
                fx.touch(Field::FeatureSummary);
            }
            TrainerResponse::Event { event } => match event {
                RunEvent::Prepared { summary } => {
                    self.feature_summary = Some(*summary);
                    fx.touch(Field::FeatureSummary);
                    self.update_training(&mut fx, |t| t.stage = "Training…".into());
                }
                RunEvent::Training(progress) => self.update_training(&mut fx, |t| {
                    t.advance(progress.fraction, now_ms);
                    t.curve.push(progress);
                }),
                RunEvent::Evaluating => self.update_training(&mut fx, |t| {
                    t.fraction = 1.0;
                    t.stage = "Evaluating on the test rows…".into();
                }),
            },
            TrainerResponse::TuneProgress(p) => {
                if let Some(t) = &mut self.tuning {
                    t.fraction = p.fraction;
                    fx.touch(Field::Tuning);
                }
                self.update_training(&mut fx, |t| {
                    t.advance(p.fraction, now_ms);
                    t.stage = match p.workers {
                        0 | 1 => format!(
                            "Candidate {} of {}, fold {} of {}",
                            p.candidate + 1,
                            p.candidates,
                            p.fold + 1,
                            p.folds
                        ),
                        workers => format!(
                            "{} of {} candidates scored ({} of {} fits done on {workers} workers)",
                            p.finished,
                            p.candidates,
                            p.done,
                            p.candidates * p.folds
                        ),
                    };
                });
            }
            TrainerResponse::Tuned { result } => {
                self.training = None;
                fx.touch(Field::Training);
                if let Some(t) = &mut self.tuning {
                    t.fraction = 1.0;
                    t.record = Some(TuningRecord::new(t.model, &t.config, &result));
                    fx.touch(Field::Tuning);
                }
            }
            TrainerResponse::Trained { result } => {
                let mut payloads = payloads.into_iter();
                let predictions = payloads.next().map(|p| p.to_predictions());
                return self.apply_trained(*result, predictions, payloads.next());
            }
            TrainerResponse::ImportanceProgress(p) => {
                if let Some(j) = &mut self.importance_job {
                    j.fraction = p.done as f64 / p.total.max(1) as f64;
                    j.stage = format!("Shuffling {} ({} of {})", p.feature, p.done, p.total);
                    fx.touch(Field::ImportanceJob);
                }
            }
            TrainerResponse::Importance { importance, ms } => {
                if let Some(job) = self.importance_job.take() {
                    fx.touch(Field::ImportanceJob);
                    self.permutation.insert(job.result_id, PermutationView { importance: *importance, ms });
                    fx.touch(Field::Permutation);
                }
            }
            TrainerResponse::ApplyProgress { done, total } => self.update_training(&mut fx, |t| {
                t.advance(done as f64 / total.max(1) as f64, now_ms);
                t.stage = format!("Predicted {done} of {total} rows…");
            }),
            TrainerResponse::Applied { summary, result } => {
                self.training = None;
                fx.touch(Field::Training);
                let Some((name, model)) = self.applying.pop_front() else { return fx };
                match result {
                    Some(result) => {
                        let predictions = self.decode_predictions(&mut fx, payloads.into_iter().next());
                        self.push_result(&mut fx, *result, model, predictions);
                    }
                    None => {
                        let why = summary.unscored.unwrap_or_else(|| "no row has a known class".into());
                        self.set_error(
                            &mut fx,
                            format!(
                                "{name} predicted the {} rows of the loaded data, but none could be scored: {why}.",
                                summary.rows
                            ),
                        );
                    }
                }
            }
            // A split run's shares go to the page's `SplitRun` (a shared search's parts to its
            // `SplitTune`), never here; nor does a warm-up's answer.
            TrainerResponse::ShareFitted { .. }
            | TrainerResponse::BoostRound { .. }
            | TrainerResponse::BlockSums
            | TrainerResponse::MatrixShared
            | TrainerResponse::WarmedUp
            | TrainerResponse::TunePartDone { .. } => {}
            TrainerResponse::Failed { message } => {
                self.stop_training(&mut fx);
                self.set_error(&mut fx, message);
            }
        }
        fx
    }

    /// Shows a finished run: `result` as the trainer sent it ([`TrainerResponse::Trained`]),
    /// its test predictions as decoded from the first buffer beside it (the page decodes them
    /// in a task of their own), and the exported model, the second buffer.
    pub fn apply_trained(
        &mut self,
        mut result: RunResult,
        predictions: Option<Result<TestPredictions, Error>>,
        model: Option<M>,
    ) -> Effects<M> {
        let mut fx = Effects::default();
        self.training = None;
        fx.touch(Field::Training);
        // A fresh run's card metrics are its evaluation (sent once).
        result.card.metrics = Some(result.evaluation.clone());
        let predictions = self.keep_predictions(&mut fx, predictions);
        match model {
            Some(model) => self.push_result(&mut fx, result, model, predictions),
            None => self.set_error(&mut fx, "The trained model did not arrive from the trainer."),
        }
        fx
    }

    /// The test predictions that came beside a result, if any (a damaged buffer is reported
    /// and the result kept without them).
    fn decode_predictions(&mut self, fx: &mut Effects<M>, payload: Option<M>) -> Option<SharedPredictions> {
        let decoded = payload.map(|p| p.to_predictions());
        self.keep_predictions(fx, decoded)
    }

    /// Decoded test predictions, shared; a decoding error is reported and none kept.
    fn keep_predictions(
        &mut self,
        fx: &mut Effects<M>,
        decoded: Option<Result<TestPredictions, Error>>,
    ) -> Option<SharedPredictions> {
        match decoded? {
            Ok(p) => Some(SharedPredictions(std::sync::Arc::new(p))),
            Err(err) => {
                self.set_error(
                    fx,
                    format!(
                        "The test predictions could not be read ({err}); the map and CSV are unavailable."
                    ),
                );
                None
            }
        }
    }

    fn push_result(
        &mut self,
        fx: &mut Effects<M>,
        result: RunResult,
        model: M,
        predictions: Option<SharedPredictions>,
    ) {
        let id = self.results.iter().map(|v| v.id).max().map_or(1, |m| m + 1);
        self.results.push(ResultView { id, result, model, predictions });
        fx.touch(Field::Results);
    }
}
