//! What applying a response asks of the page besides new state: which parts of the state
//! changed (so only their signals notify), and what to send or save.

use crate::core::protocol::EngineRequest;

/// A part of the [`PageState`](super::PageState), one signal on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Field {
    /// `dataset`.
    Dataset,
    /// `page`.
    Page,
    /// `progress`.
    Progress,
    /// `busy`.
    Busy,
    /// `error`.
    Error,
    /// `dashboard`.
    Dashboard,
    /// `profile`.
    Profile,
    /// `filters`.
    Filters,
    /// `generation`.
    Generation,
    /// `training`.
    Training,
    /// `results`.
    Results,
    /// `feature_summary`.
    FeatureSummary,
    /// `tuning`.
    Tuning,
    /// `imported`.
    Imported,
    /// `whatif`.
    WhatIf,
    /// `whatif_options`.
    WhatIfOptions,
    /// `class_balance`.
    ClassBalance,
    /// `permutation`.
    Permutation,
    /// `importance_job`.
    ImportanceJob,
    /// `reporting`.
    Reporting,
}

/// A set of [`Field`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed(u32);

impl Changed {
    /// Adds `field`.
    pub fn insert(&mut self, field: Field) {
        self.0 |= 1 << field as u32;
    }

    /// Whether `field` is in the set.
    pub fn contains(&self, field: Field) -> bool {
        self.0 & (1 << field as u32) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

/// Something the page must do after a state change; `M` is a binary payload it keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<M> {
    /// The engine finished with load `load`: `loaded`, its dataset is the current one (keep its
    /// file, to load it again should the engine be lost); else it was refused.
    LoadEnded {
        /// Which load ([`EngineRequest::Ingest`]'s `load`).
        load: u64,
        /// Whether it succeeded.
        loaded: bool,
    },
    /// Restoring a dataset of several files after the engine was replaced: add the next file.
    AddNextFile,
    /// Send this request to the engine.
    AskEngine(EngineRequest),
    /// Give the trainer this copy of the dataset, then the requests waiting for it.
    GiveTrainer {
        /// Name of the file it was loaded from.
        file_name: String,
        /// The encoded dataset.
        dataset: M,
    },
    /// Save a text file (the HTML report).
    SaveText {
        /// Suggested file name.
        file_name: String,
        /// Its MIME type.
        mime: &'static str,
        /// Its contents.
        text: String,
    },
    /// A predictions CSV is ready (or could not be written): save it and tell who asked.
    PredictionsCsv {
        /// The file name it was asked under.
        file_name: String,
        /// Its bytes and data rows, or why there are none.
        outcome: Result<(M, usize), String>,
    },
}

/// What applying a response or an action changed and asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Effects<M> {
    /// The parts of the state that changed.
    pub changed: Changed,
    /// What to do, in order.
    pub effects: Vec<Effect<M>>,
}

impl<M> Default for Effects<M> {
    fn default() -> Self {
        Effects { changed: Changed::default(), effects: Vec::new() }
    }
}

impl<M> Effects<M> {
    /// Marks `field` changed.
    pub fn touch(&mut self, field: Field) {
        self.changed.insert(field);
    }
}
