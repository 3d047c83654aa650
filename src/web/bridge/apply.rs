//! Applying an imported model to the loaded dataset: the page's side. It runs in the trainer
//! (which holds a copy of the dataset and which the page can replace without losing anything),
//! never in the engine; the result is a result card like a trained model's, its metrics on the
//! rows whose class is known.

use super::Bridge;
use crate::core::protocol::TrainerRequest;
use crate::web::model_json::ModelJson;

impl Bridge {
    /// Applies the imported model `name` to the loaded dataset.
    pub fn apply_model(&self, name: &str, model: &ModelJson) {
        self.change(|p| p.start_apply(name, model.clone()));
        self.on_trainer_with(TrainerRequest::Apply { model_name: name.to_owned() }, vec![model.copy()]);
    }
}
