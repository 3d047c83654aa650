//! Deadlines: no worker can hang the page. Every request to a worker is due within a deadline
//! of that worker's silence (generous, per kind of request; progress messages restart the
//! clock). Once a second the page checks them; a worker that missed one is reported and
//! replaced: the engine with its dataset loaded again, the trainer and the sandbox with nothing
//! lost but the request they were stuck on.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::{with, Bridge};
use crate::core::protocol::EngineRequest;

/// How often the deadlines are checked, in ms.
const CHECK_EVERY_MS: i32 = 1_000;

/// Silence allowed to the trainer on any request (preparing the full export's features sends
/// no progress for a while; training, tuning, importance and applying report often).
pub const TRAINER_DEADLINE_MS: f64 = 300_000.0;

/// Silence allowed to the sandbox reading a model file (up to the 256 MB cap) or predicting.
pub const SANDBOX_DEADLINE_MS: f64 = 120_000.0;

/// What an engine request is, for people, and the silence it is allowed (ms).
pub fn engine_deadline(request: &EngineRequest) -> (&'static str, f64) {
    match request {
        EngineRequest::Ingest { .. } => ("assembling the dataset", 300_000.0),
        EngineRequest::Dashboard { .. } => ("the dashboard", 120_000.0),
        EngineRequest::Profile { .. } => ("the column profiles", 120_000.0),
        EngineRequest::Page { .. } => ("a page of rows", 60_000.0),
        EngineRequest::WhatIfOptions => ("the what-if form's lists", 60_000.0),
        EngineRequest::ClassBalance { .. } => ("the class balance", 60_000.0),
        EngineRequest::ShareDataset => ("a copy of the dataset for training", 120_000.0),
        EngineRequest::PredictionsCsv { .. } => ("the predictions CSV", 120_000.0),
        EngineRequest::Report { .. } => ("the report", 300_000.0),
        EngineRequest::CheckModel { .. } => ("reading a model file", SANDBOX_DEADLINE_MS),
        EngineRequest::WhatIf { .. } => ("the what-if predictions", SANDBOX_DEADLINE_MS),
        EngineRequest::Busy { .. } => ("a test of deadlines", 1_000.0),
    }
}

/// Starts checking the deadlines every second.
pub fn start() {
    let check = Closure::<dyn FnMut()>::new(|| with(|b| b.check_deadlines()));
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            CHECK_EVERY_MS,
        );
    }
    check.forget();
}

fn seconds(ms: f64) -> String {
    format!("{:.0} s", ms / 1e3)
}

impl Bridge {
    /// Replaces every worker that missed a deadline, telling the user which request it was.
    pub(crate) fn check_deadlines(self: &Rc<Self>) {
        let engine = self.engine.borrow().as_ref().and_then(|l| l.overdue());
        if let Some((what, ms)) = engine {
            self.replace_engine(format!(
                "The analysis worker did not answer within {} ({what})",
                seconds(ms)
            ));
        }
        let trainer = self.trainer.borrow().as_ref().and_then(|t| t.link().overdue());
        if let Some((what, ms)) = trainer {
            self.stop_trainer();
            self.change(|p| {
                p.trainer_failed(format!(
                    "The training worker did not answer within {} ({what}); it was stopped. Your results are kept.",
                    seconds(ms)
                ))
            });
        }
        let sandbox = self.sandbox.borrow().as_ref().and_then(|l| l.overdue());
        if let Some((what, ms)) = sandbox {
            self.replace_sandbox(format!("The model worker did not answer within {} ({what})", seconds(ms)));
        }
    }
}
