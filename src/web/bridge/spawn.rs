//! Starting a Crime Lab worker and talking to it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use crate::web::envelope::Envelope;

/// Script that loads the worker's wasm module (written by Trunk's loader shim), when the page does
/// not name its content-hashed copy ([`crate::web::build_info::worker_script`]).
pub const WORKER_SCRIPT: &str = "./worker_loader.js";

/// A started worker: messages posted before it is ready are queued, then sent in order.
pub struct WorkerLink {
    worker: Worker,
    state: Rc<RefCell<LinkState>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

struct LinkState {
    ready: bool,
    queue: Vec<Envelope>,
}

impl WorkerLink {
    /// Starts a worker. `on_message` receives every envelope after the first (the ready
    /// signal); `on_crash` is called if the worker dies (e.g. out of memory).
    pub fn spawn(
        mut on_message: impl FnMut(Envelope) + 'static,
        mut on_crash: impl FnMut(String) + 'static,
    ) -> Result<WorkerLink, String> {
        let script = crate::web::build_info::worker_script().unwrap_or_else(|| WORKER_SCRIPT.to_owned());
        let worker = Worker::new(&script).map_err(|e| format!("could not start a Web Worker: {e:?}"))?;
        let state = Rc::new(RefCell::new(LinkState { ready: false, queue: Vec::new() }));
        let handler_state = state.clone();
        let handler_worker = worker.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(envelope) = Envelope::from_js(&event.data()) else {
                return;
            };
            let was_ready = handler_state.borrow().ready;
            if !was_ready {
                let queued = {
                    let mut s = handler_state.borrow_mut();
                    s.ready = true;
                    std::mem::take(&mut s.queue)
                };
                for e in queued {
                    send(&handler_worker, &e);
                }
                return;
            }
            on_message(envelope);
        });
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            on_crash(if message.is_empty() { "the worker stopped unexpectedly".to_owned() } else { message });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerLink { worker, state, _on_message: on_message, _on_error: on_error })
    }

    /// Sends an envelope now, or once the worker is ready.
    pub fn post(&self, envelope: Envelope) {
        let mut state = self.state.borrow_mut();
        if state.ready {
            drop(state);
            send(&self.worker, &envelope);
        } else {
            state.queue.push(envelope);
        }
    }

    /// Whether the worker has started and said it is ready.
    pub fn is_ready(&self) -> bool {
        self.state.borrow().ready
    }

    /// Stops the worker at once.
    pub fn terminate(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

fn send(worker: &Worker, envelope: &Envelope) {
    let (value, transfer) = envelope.to_js();
    let _ = worker.post_message_with_transfer(&value, &transfer);
}
