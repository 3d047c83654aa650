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
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
