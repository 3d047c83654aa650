//! The page's state: plain data from the core, wrapped in signals.

use leptos::prelude::*;

use crate::core::data::{DatasetCard, LoadProgress, Page};

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

/// Every signal the page shares; `Copy`, so components and the worker bridge take it by value.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The current dataset's card (None until a load succeeds).
    pub dataset: RwSignal<Option<DatasetCard>>,
    /// The page of rows shown in the data table.
    pub page: RwSignal<Option<Page>>,
    /// Progress of the load under way.
    pub progress: RwSignal<Option<LoadView>>,
    /// What the workers are doing, for people.
    pub busy: RwSignal<Option<String>>,
    /// The error to show, if any.
    pub error: RwSignal<Option<String>>,
    /// The exploratory dashboard of the current dataset (None while computing).
    pub dashboard: RwSignal<Option<crate::core::eda::Dashboard>>,
    /// Column profiles of the current dataset (None while computing).
    pub profile: RwSignal<Option<crate::core::eda::Profile>>,
    /// The dashboard's filters.
    pub filters: RwSignal<crate::core::eda::Filters>,
    /// Bumped on every new dataset, so views can reset.
    pub generation: RwSignal<u64>,
    /// The training run under way.
    pub training: RwSignal<Option<TrainingView>>,
    /// Finished runs, oldest first.
    pub results: RwSignal<Vec<ResultView>>,
    /// Summary of the last training matrix built.
    pub feature_summary: RwSignal<Option<crate::core::features::FeatureSummary>>,
    /// The last hyper-parameter search.
    pub tuning: RwSignal<Option<TuneView>>,
    /// Models loaded from exported JSON files: (name, JSON).
    pub imported: RwSignal<Vec<(String, crate::web::model_json::ModelJson)>>,
    /// The last what-if predictions.
    pub whatif: RwSignal<Option<Vec<crate::core::whatif::Prediction>>>,
    /// What the what-if form offers for the current dataset (None until computed).
    pub whatif_options: RwSignal<Option<crate::core::whatif::WhatIfOptions>>,
    /// The class balance of the training form's current choices, before training.
    pub class_balance: RwSignal<Option<BalanceView>>,
    /// Permutation importance computed for results, by result id.
    pub permutation: RwSignal<std::collections::BTreeMap<u64, PermutationView>>,
    /// The permutation importance under way.
    pub importance_job: RwSignal<Option<ImportanceJob>>,
    /// Whether the HTML report is being made.
    pub reporting: RwSignal<bool>,
    /// The training form's and the what-if form's part of the view a link restores (the
    /// filters and the data come from `filters` and `dataset`).
    pub link: RwSignal<crate::core::share::SharedView>,
    /// A view read from the page's link, waiting for data to be applied to: each part is taken
    /// by the component it belongs to, and the link is written again once all are.
    pub pending_link: RwSignal<Option<crate::core::share::SharedView>>,
    /// What the page says about the link it was opened with (other data, parts left out).
    pub link_note: RwSignal<Option<String>>,
}

/// What the engine answered for the form's current choices.
#[derive(Debug, Clone, PartialEq)]
pub enum BalanceView {
    /// Asked, not answered yet.
    Computing,
    /// The balance.
    Ready(crate::core::features::ClassBalance),
    /// Why there is none (a target with one class among the usable rows…).
    Failed(String),
}

/// A hyper-parameter search, under way or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneView {
    /// Model name.
    pub model_label: String,
    /// Fraction done.
    pub fraction: f64,
    /// The model tuned.
    pub model: crate::core::models::ModelKind,
    /// How the search runs.
    pub config: crate::core::search::TuneConfig,
    /// Ranked candidates, once finished (the same record `crimelab tune` prints, and the run
    /// card of a run trained from it keeps).
    pub record: Option<crate::core::search::TuningRecord>,
}

/// A training run under way.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingView {
    /// Model name.
    pub model_label: String,
    /// What is happening, for people.
    pub stage: String,
    /// Fraction done, 0–1.
    pub fraction: f64,
    /// Progress reports so far (the live learning curve).
    pub curve: Vec<crate::core::models::TrainProgress>,
    /// Set at the first progress report, for the time left.
    pub eta: Option<crate::core::eta::Eta>,
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

    /// Records progress: `fraction` done now.
    pub fn advance(&mut self, fraction: f64) {
        self.fraction = fraction;
        self.eta.get_or_insert_with(|| crate::core::eta::Eta::start(js_sys::Date::now(), fraction));
    }

    /// Milliseconds left, when they can be estimated.
    pub fn remaining_ms(&self) -> Option<f64> {
        self.eta.and_then(|eta| eta.remaining_ms(js_sys::Date::now(), self.fraction))
    }
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultView {
    /// Position in the results list (1, 2, …).
    pub id: u64,
    /// Metrics, card, curve.
    pub result: crate::core::experiment::RunResult,
    /// The exported model (model, run card, feature pipeline) as JSON.
    pub model: crate::web::model_json::ModelJson,
    /// Every test row's prediction (None if they did not arrive).
    pub predictions: Option<SharedPredictions>,
}

/// A run's test predictions, shared without copying (compared by identity: they are large).
#[derive(Debug, Clone)]
pub struct SharedPredictions(pub std::sync::Arc<crate::core::eval::TestPredictions>);

impl PartialEq for SharedPredictions {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
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
    pub importance: crate::core::eval::PermutationImportance,
    /// Milliseconds it took.
    pub ms: f64,
}

impl AppState {
    /// Fresh state: nothing loaded.
    pub fn new() -> AppState {
        AppState {
            dataset: RwSignal::new(None),
            page: RwSignal::new(None),
            progress: RwSignal::new(None),
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
            dashboard: RwSignal::new(None),
            profile: RwSignal::new(None),
            filters: RwSignal::new(Default::default()),
            generation: RwSignal::new(0),
            training: RwSignal::new(None),
            results: RwSignal::new(Vec::new()),
            feature_summary: RwSignal::new(None),
            tuning: RwSignal::new(None),
            imported: RwSignal::new(Vec::new()),
            whatif: RwSignal::new(None),
            whatif_options: RwSignal::new(None),
            class_balance: RwSignal::new(None),
            permutation: RwSignal::new(Default::default()),
            importance_job: RwSignal::new(None),
            reporting: RwSignal::new(false),
            link: RwSignal::new(Default::default()),
            pending_link: RwSignal::new(None),
            link_note: RwSignal::new(None),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
