//! The sandbox: a worker that holds no dataset, where model files are read and checked and
//! what-if predictions are made. Whatever a model file does to it, the engine and its dataset
//! are untouched; a sandbox that crashes or misses its deadline is replaced on the next use.

use super::spawn::WorkerLink;
use super::watchdog::engine_deadline;
use super::{with, Bridge};
use crate::core::protocol::{from_json, to_json, EngineRequest, EngineResponse};
use crate::web::envelope::Envelope;

impl Bridge {
    fn sandbox_link(&self) -> Result<(), String> {
        if self.sandbox.borrow().is_some() {
            return Ok(());
        }
        let link = WorkerLink::spawn(
            move |envelope| {
                with(|b| {
                    if let Some(sandbox) = &*b.sandbox.borrow() {
                        sandbox.answered();
                    }
                });
                match from_json::<EngineResponse>(&envelope.json) {
                    // The sandbox holds no dataset: its failures stop nothing else.
                    Ok(EngineResponse::Failed { message }) => {
                        with(|b| b.change(|p| p.show_error(Some(message))))
                    }
                    Ok(response) => with(|b| b.on_engine_response(response, envelope.buffers)),
                    Err(err) => with(|b| b.change(|p| p.show_error(Some(err.to_string())))),
                }
            },
            move |message| with(|b| b.replace_sandbox(format!("The model worker stopped ({message})"))),
        )?;
        *self.sandbox.borrow_mut() = Some(link);
        Ok(())
    }

    /// Sends a model request (read a model file, what-if predictions) to the sandbox.
    pub fn ask_sandbox(&self, request: &EngineRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Err(message) = self.sandbox_link() {
            self.change(|p| p.show_error(Some(message)));
            return;
        }
        if let Some(sandbox) = &*self.sandbox.borrow() {
            let (what, deadline_ms) = engine_deadline(request);
            sandbox.request(Envelope { json: to_json(request), blob: None, buffers }, what, deadline_ms);
        }
    }

    /// Drops the sandbox after it crashed or stalled (`why`); the next request starts another.
    pub(crate) fn replace_sandbox(&self, why: String) {
        if let Some(old) = self.sandbox.borrow_mut().take() {
            old.terminate();
        }
        self.change(|p| {
            p.show_error(Some(format!(
                "{why}. It was stopped; your dataset and results are untouched. The model file may be damaged."
            )))
        });
    }
}
