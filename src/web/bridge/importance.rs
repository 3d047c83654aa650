//! Permutation importance: the page's side. It runs in the trainer worker (which a fresh
//! worker replaces after a cancel) from the result's exported model, so it needs nothing that
//! dies with the worker that trained the model.

use super::Bridge;
use crate::core::eval::ImportanceOptions;
use crate::core::protocol::TrainerRequest;
use crate::web::model_json::ModelJson;

impl Bridge {
    /// Starts the permutation importance of result `result_id` (its exported model).
    pub fn permutation_importance(&self, result_id: u64, model: &ModelJson, options: ImportanceOptions) {
        self.change(|p| p.start_importance(result_id));
        self.on_trainer_with(TrainerRequest::Importance { options }, vec![model.copy()]);
    }

    /// Stops the permutation importance at once (terminating the trainer, as Cancel does).
    pub fn cancel_importance(&self) {
        self.cancel_training();
    }
}
