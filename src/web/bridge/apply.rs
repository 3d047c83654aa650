//! Applying an imported model to the loaded dataset: the page's side. It runs in the trainer
//! (which holds a copy of the dataset and which the page can replace without losing anything),
//! never in the engine; the result is a result card like a trained model's, its metrics on the
//! rows whose class is known.

use std::cell::RefCell;
use std::collections::VecDeque;

use leptos::prelude::*;

use super::train::decode_predictions;
use super::Bridge;
use crate::core::apply::ApplySummary;
use crate::core::experiment::RunResult;
use crate::core::protocol::TrainerRequest;
use crate::web::model_json::ModelJson;
use crate::web::ui::state::{ResultView, TrainingView};

thread_local! {
    /// The models being applied, oldest first (the trainer answers in order).
    static PENDING: RefCell<VecDeque<(String, ModelJson)>> = const { RefCell::new(VecDeque::new()) };
}

/// Forgets the models being applied (the trainer was stopped or failed).
pub(crate) fn forget_pending() {
    PENDING.with(|p| p.borrow_mut().clear());
}

impl Bridge {
    /// Applies the imported model `name` to the loaded dataset.
    pub fn apply_model(&self, name: &str, model: &ModelJson) {
        self.state.error.set(None);
        let mut view = TrainingView::new(&format!("{name}: applying"));
        view.stage = "Predicting every row of the loaded data…".into();
        self.state.training.set(Some(view));
        PENDING.with(|p| p.borrow_mut().push_back((name.to_owned(), model.clone())));
        self.on_trainer_with(TrainerRequest::Apply { model_name: name.to_owned() }, vec![model.copy()]);
    }

    pub(crate) fn on_apply_progress(&self, done: usize, total: usize) {
        self.state.training.update(|t| {
            if let Some(t) = t {
                t.advance(done as f64 / total.max(1) as f64);
                t.stage = format!("Predicted {done} of {total} rows…");
            }
        });
    }

    pub(crate) fn on_applied(
        &self,
        summary: ApplySummary,
        result: Option<Box<RunResult>>,
        buffers: Vec<js_sys::ArrayBuffer>,
    ) {
        let state = self.state;
        state.training.set(None);
        let Some((name, model)) = PENDING.with(|p| p.borrow_mut().pop_front()) else { return };
        let Some(result) = result else {
            let why = summary.unscored.unwrap_or_else(|| "no row has a known class".into());
            state.error.set(Some(format!(
                "{name} predicted the {} rows of the loaded data, but none could be scored: {why}.",
                summary.rows
            )));
            return;
        };
        let predictions = decode_predictions(&buffers).unwrap_or_else(|message| {
            state.error.set(Some(message));
            None
        });
        state.results.update(|r| {
            let id = r.iter().map(|v| v.id).max().map_or(1, |m| m + 1);
            r.push(ResultView { id, result: *result, model, predictions });
        });
    }
}
