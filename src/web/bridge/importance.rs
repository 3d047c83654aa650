//! Permutation importance: the page's side. It runs in the trainer worker (which a fresh
//! worker replaces after a cancel) from the result's exported model, so it needs nothing that
//! dies with the worker that trained the model.

use leptos::prelude::*;

use super::Bridge;
use crate::core::eval::importance::ImportanceProgress;
use crate::core::eval::{ImportanceOptions, PermutationImportance};
use crate::core::protocol::TrainerRequest;
use crate::web::model_json::ModelJson;
use crate::web::ui::state::{ImportanceJob, PermutationView};

impl Bridge {
    /// Starts the permutation importance of result `result_id` (its exported model).
    pub fn permutation_importance(&self, result_id: u64, model: &ModelJson, options: ImportanceOptions) {
        self.state.error.set(None);
        self.state.importance_job.set(Some(ImportanceJob {
            result_id,
            fraction: 0.0,
            stage: "Preparing the test rows…".into(),
        }));
        self.on_trainer_with(TrainerRequest::Importance { options }, vec![model.copy()]);
    }

    /// Stops the permutation importance at once (terminating the trainer, as Cancel does).
    pub fn cancel_importance(&self) {
        self.cancel_training();
    }

    pub(crate) fn on_importance_progress(&self, p: ImportanceProgress) {
        self.state.importance_job.update(|j| {
            if let Some(j) = j {
                j.fraction = p.done as f64 / p.total.max(1) as f64;
                j.stage = format!("Shuffling {} ({} of {})", p.feature, p.done, p.total);
            }
        });
    }

    pub(crate) fn on_importance(&self, importance: PermutationImportance, ms: f64) {
        let Some(job) = self.state.importance_job.get_untracked() else { return };
        self.state.importance_job.set(None);
        self.state.permutation.update(|m| {
            m.insert(job.result_id, PermutationView { importance, ms });
        });
    }
}
