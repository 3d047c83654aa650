//! Starting a Crime Lab worker and talking to it, and noticing when it stops answering: a
//! request sent with [`WorkerLink::request`] is due within a deadline of the worker's silence
//! ([`Deadlines`], which keeps the clock; [`WorkerLink::overdue`] asks it).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use crate::core::session::Deadlines;
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
    deadlines: Deadlines,
}

/// Milliseconds since the page started (monotonic).
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
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
        let state = Rc::new(RefCell::new(LinkState {
            ready: false,
            queue: Vec::new(),
            deadlines: Deadlines::new(now_ms()),
        }));
        let handler_state = state.clone();
        let handler_worker = worker.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(envelope) = Envelope::from_js(&event.data()) else {
                return;
            };
            handler_state.borrow_mut().deadlines.heard(now_ms());
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

    /// Sends a request whose answer is due within `deadline_ms` of the worker's silence
    /// (`what` names it in messages). Call [`answered`](Self::answered) when its answer comes.
    pub fn request(&self, envelope: Envelope, what: &str, deadline_ms: f64) {
        self.state.borrow_mut().deadlines.request(what, deadline_ms, now_ms());
        self.post(envelope);
    }

    /// The oldest waiting request was answered; the clock of the next starts now.
    pub fn answered(&self) {
        self.state.borrow_mut().deadlines.answered(now_ms());
    }

    /// What the oldest waiting request is, if any.
    pub fn waiting_for(&self) -> Option<String> {
        self.state.borrow().deadlines.waiting_for().map(str::to_owned)
    }

    /// The oldest waiting request and its deadline (ms), when the worker has been silent for
    /// longer than that deadline.
    pub fn overdue(&self) -> Option<(String, f64)> {
        self.state.borrow().deadlines.overdue(now_ms())
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
