//! The page's state: the core's [`PageState`] (plain data, changed only by its methods),
//! one signal per field, so that a component re-renders only when what it reads changed.

use leptos::prelude::*;

use crate::core::data::{DatasetCard, Page};
pub use crate::core::session::page::{
    BalanceView, ImportanceJob, LoadView, PermutationView, SharedPredictions, TrainingView, TuneView,
};
use crate::core::session::page::{Field, PageState};
use crate::web::model_json::ModelJson;

/// A finished run, its model kept as a browser buffer.
pub type ResultView = crate::core::session::page::ResultView<ModelJson>;

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

impl AppState {
    /// Sets the signal of each field of `page` that `changed` names (and only those).
    pub fn sync(&self, page: &PageState<ModelJson>, changed: crate::core::session::page::Changed) {
        macro_rules! sync {
            ($($field:ident => $signal:ident),* $(,)?) => {
                $(if changed.contains(Field::$field) {
                    self.$signal.set(page.$signal.clone());
                })*
            };
        }
        sync! {
            Dataset => dataset, Page => page, Progress => progress, Busy => busy, Error => error,
            Dashboard => dashboard, Profile => profile, Filters => filters, Generation => generation,
            Training => training, Results => results, FeatureSummary => feature_summary,
            Tuning => tuning, Imported => imported, WhatIf => whatif, WhatIfOptions => whatif_options,
            ClassBalance => class_balance, Permutation => permutation, ImportanceJob => importance_job, Reporting => reporting,
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
