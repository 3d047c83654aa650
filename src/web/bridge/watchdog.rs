//! Deadlines: no worker can hang the page. Every request to a worker is due within a deadline
//! of that worker's silence ([`crate::core::session::deadline`]: generous, per kind of request;
//! progress messages restart the clock). Once a second the page checks them; a worker that missed one is reported and
//! replaced: the engine with its dataset loaded again, the trainer and the sandbox with nothing
//! lost but the request they were stuck on.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::{with, Bridge};

/// How often the deadlines are checked, in ms.
const CHECK_EVERY_MS: i32 = 1_000;

pub use crate::core::session::deadline::{engine_deadline, SANDBOX_DEADLINE_MS, TRAINER_DEADLINE_MS};

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
        let share = self.split.borrow().as_ref().and_then(|s| s.overdue().map(|o| (o, s.workers())));
        if let Some(((worker, what, ms), workers)) = share {
            self.fail_split(format!(
                "Training worker {worker} of {workers} did not answer within {} ({what}); the run was stopped.",
                seconds(ms)
            ));
        }
        let sandbox = self.sandbox.borrow().as_ref().and_then(|l| l.overdue());
        if let Some((what, ms)) = sandbox {
            self.replace_sandbox(format!("The model worker did not answer within {} ({what})", seconds(ms)));
        }
    }
}
