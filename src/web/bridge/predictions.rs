//! The predictions CSV: the page sends a run's test predictions to the engine worker, which
//! writes the CSV off the page's thread and sends the bytes back to be saved as a file.
//!
//! The predictions carry `DR_NO`, so this needs neither the dataset nor the trainer: it keeps
//! working after a Cancel restarted the trainer, or after another file was loaded.

use std::cell::RefCell;

use super::Bridge;
use crate::core::eval::TestPredictions;
use crate::core::protocol::EngineRequest;
use crate::web::envelope::layout_to_buffer;
use crate::web::model_json::ModelJson;

/// Called once the file is saved (`Ok(rows)`) or could not be written.
type Done = Box<dyn FnOnce(Result<usize, String>)>;

thread_local! {
    /// Callbacks of the CSVs being written, by file name.
    static WAITING: RefCell<Vec<(String, Done)>> = const { RefCell::new(Vec::new()) };
}

impl Bridge {
    /// Writes `predictions` as `file_name` in the engine and saves it; `done` learns the outcome.
    pub fn save_predictions_csv(
        &self,
        file_name: &str,
        predictions: &TestPredictions,
        done: impl FnOnce(Result<usize, String>) + 'static,
    ) {
        WAITING.with(|w| w.borrow_mut().push((file_name.to_owned(), Box::new(done))));
        let buffer = layout_to_buffer(&predictions.layout());
        self.ask(&EngineRequest::PredictionsCsv { file_name: file_name.to_owned() }, vec![buffer]);
    }
}

/// The engine's answer: save the bytes and tell whoever asked.
pub(crate) fn on_predictions_csv(file_name: String, outcome: Result<(ModelJson, usize), String>) {
    let outcome = outcome.and_then(|(csv, rows)| {
        crate::web::save::save_buffer(&file_name, csv.buffer(), "text/csv").map(|_| rows)
    });
    let done = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        w.iter().position(|(name, _)| *name == file_name).map(|i| w.remove(i).1)
    });
    if let Some(done) = done {
        done(outcome);
    }
}
