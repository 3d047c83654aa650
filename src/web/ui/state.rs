//! The page's state: the core's [`PageState`] (plain data, changed only by its methods), one
//! signal per field, so that a component re-renders only when what it reads changed.
//!
//! The signals come in four groups, each its own context, so a component asks for the group
//! it needs (`expect_context::<Notices>()`) and never for the whole state: [`Notices`] (errors
//! and work under way), [`DataSignals`] (the dataset and what is computed from it),
//! [`TrainingSignals`], [`ModelSignals`] and [`LinkSignals`]. Only the worker bridge holds them all
//! ([`AppState`]), to set the signals of what a change touched.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::core::data::{DatasetCard, Page};
use crate::core::eda::{Dashboard, Filters, Profile};
use crate::core::features::FeatureSummary;
pub use crate::core::session::page::{
    BalanceView, ImportanceJob, LoadView, PermutationView, SharedPredictions, TrainingView, TuneView,
};
use crate::core::session::page::{Changed, Field, PageState};
use crate::core::whatif::{Prediction, WhatIfOptions};
use crate::web::model_json::ModelJson;

/// A finished run, its model kept as a browser buffer.
pub type ResultView = crate::core::session::page::ResultView<ModelJson>;

/// What the page tells the user: the error, and the work under way.
#[derive(Debug, Clone, Copy)]
pub struct Notices {
    /// The error to show, if any.
    pub error: RwSignal<Option<String>>,
    /// What the workers are doing, for people.
    pub busy: RwSignal<Option<String>>,
    /// Progress of the load under way.
    pub progress: RwSignal<Option<LoadView>>,
    /// Whether the HTML report is being made.
    pub reporting: RwSignal<bool>,
}

/// The current dataset and what the engine computed from it.
#[derive(Debug, Clone, Copy)]
pub struct DataSignals {
    /// The current dataset's card (None until a load succeeds).
    pub dataset: RwSignal<Option<DatasetCard>>,
    /// The page of rows shown in the data table.
    pub page: RwSignal<Option<Page>>,
    /// Bumped on every new dataset, so views can reset.
    pub generation: RwSignal<u64>,
    /// The dashboard's filters.
    pub filters: RwSignal<Filters>,
    /// The exploratory dashboard of the current dataset (None while computing).
    pub dashboard: RwSignal<Option<Dashboard>>,
    /// Column profiles of the current dataset (None while computing).
    pub profile: RwSignal<Option<Profile>>,
}

/// Training: the run under way, the results and their explanations.
#[derive(Debug, Clone, Copy)]
pub struct TrainingSignals {
    /// The training run under way.
    pub training: RwSignal<Option<TrainingView>>,
    /// Finished runs, oldest first.
    pub results: RwSignal<Vec<ResultView>>,
    /// Summary of the last training matrix built.
    pub feature_summary: RwSignal<Option<FeatureSummary>>,
    /// The last hyper-parameter search.
    pub tuning: RwSignal<Option<TuneView>>,
    /// The class balance of the training form's current choices, before training.
    pub class_balance: RwSignal<Option<BalanceView>>,
    /// Permutation importance computed for results, by result id.
    pub permutation: RwSignal<BTreeMap<u64, PermutationView>>,
    /// The permutation importance under way.
    pub importance_job: RwSignal<Option<ImportanceJob>>,
}

/// Imported model files and what-if predictions.
#[derive(Debug, Clone, Copy)]
pub struct ModelSignals {
    /// Models loaded from exported JSON files: (name, JSON).
    pub imported: RwSignal<Vec<(String, ModelJson)>>,
    /// The last what-if predictions.
    pub whatif: RwSignal<Option<Vec<Prediction>>>,
    /// What the what-if form offers for the current dataset (None until computed).
    pub whatif_options: RwSignal<Option<WhatIfOptions>>,
}

/// The view a link restores: the page's side only (no worker changes it).
#[derive(Debug, Clone, Copy)]
pub struct LinkSignals {
    /// The training form's and the what-if form's part of the view a link restores (the
    /// filters and the data come from `filters` and `dataset`).
    pub link: RwSignal<crate::core::share::SharedView>,
    /// A view read from the page's link, waiting for data to be applied to: each part is taken
    /// by the component it belongs to, and the link is written again once all are.
    pub pending_link: RwSignal<Option<crate::core::share::SharedView>>,
    /// What the page says about the link it was opened with (other data, parts left out).
    pub link_note: RwSignal<Option<String>>,
}

/// Every group of signals; held by the worker bridge, which sets them.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// Errors and work under way.
    pub notices: Notices,
    /// The dataset and its analysis.
    pub data: DataSignals,
    /// Training and results.
    pub training: TrainingSignals,
    /// Imported models and what-if.
    pub models: ModelSignals,
    /// The view a link restores.
    pub links: LinkSignals,
}

impl AppState {
    /// Fresh state, nothing loaded: the signals of a fresh [`PageState`].
    pub fn new() -> AppState {
        let p = PageState::<ModelJson>::new();
        AppState {
            notices: Notices {
                error: RwSignal::new(p.error),
                busy: RwSignal::new(p.busy),
                progress: RwSignal::new(p.progress),
                reporting: RwSignal::new(p.reporting),
            },
            data: DataSignals {
                dataset: RwSignal::new(p.dataset),
                page: RwSignal::new(p.page),
                generation: RwSignal::new(p.generation),
                filters: RwSignal::new(p.filters),
                dashboard: RwSignal::new(p.dashboard),
                profile: RwSignal::new(p.profile),
            },
            training: TrainingSignals {
                training: RwSignal::new(p.training),
                results: RwSignal::new(p.results),
                feature_summary: RwSignal::new(p.feature_summary),
                tuning: RwSignal::new(p.tuning),
                class_balance: RwSignal::new(p.class_balance),
                permutation: RwSignal::new(p.permutation),
                importance_job: RwSignal::new(p.importance_job),
            },
            models: ModelSignals {
                imported: RwSignal::new(p.imported),
                whatif: RwSignal::new(p.whatif),
                whatif_options: RwSignal::new(p.whatif_options),
            },
            links: LinkSignals {
                link: RwSignal::new(Default::default()),
                pending_link: RwSignal::new(None),
                link_note: RwSignal::new(None),
            },
        }
    }

    /// Provides each group as its own context.
    pub fn provide(&self) {
        provide_context(self.notices);
        provide_context(self.data);
        provide_context(self.training);
        provide_context(self.models);
        provide_context(self.links);
    }

    /// Sets the signal of each field of `page` that `changed` names (and only those).
    pub fn sync(&self, page: &PageState<ModelJson>, changed: Changed) {
        macro_rules! sync {
            ($($field:ident => $group:ident . $name:ident),* $(,)?) => {
                $(if changed.contains(Field::$field) {
                    self.$group.$name.set(page.$name.clone());
                })*
            };
        }
        sync! {
            Error => notices.error, Busy => notices.busy, Progress => notices.progress,
            Reporting => notices.reporting,
            Dataset => data.dataset, Page => data.page, Generation => data.generation,
            Filters => data.filters, Dashboard => data.dashboard, Profile => data.profile,
            Training => training.training, Results => training.results,
            FeatureSummary => training.feature_summary, Tuning => training.tuning,
            ClassBalance => training.class_balance, Permutation => training.permutation, ImportanceJob => training.importance_job,
            Imported => models.imported, WhatIf => models.whatif, WhatIfOptions => models.whatif_options,
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
