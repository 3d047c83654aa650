//! The trainer role: decode a request, let the core's [`TrainerSession`] answer it (posting
//! its progress as it goes), encode the reply, then let the session do what it held back
//! ([`TrainerSession::after_reply`]) and its spare-time work a slice per task
//! ([`TrainerSession::spare_slice`]).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessagePort};

use super::post;
use crate::core::protocol::{to_json, TrainerRequest};
use crate::core::session::TrainerSession;
use crate::web::envelope::{outgoing_to_buffer, Envelope};

thread_local! {
    static SESSION: RefCell<TrainerSession> = RefCell::new(TrainerSession::new());
    static SPARE: RefCell<Option<SpareTime>> = const { RefCell::new(None) };
}

/// Handles one request, posting progress and the result.
pub fn handle(scope: &DedicatedWorkerGlobalScope, request: TrainerRequest, envelope: &Envelope) {
    SESSION.with(|s| {
        let mut session = s.borrow_mut();
        let mut progress = |response| {
            post(scope, &Envelope::json(to_json(&response)));
            true
        };
        if let Some(reply) = session.handle(request, &envelope.buffers, &mut progress) {
            let buffers = reply.payloads.iter().map(|p| outgoing_to_buffer(p, &envelope.buffers)).collect();
            post(scope, &Envelope { json: to_json(&reply.response), blob: None, buffers });
            // While the other workers of a split run work on their part, this one does what it
            // held back for after its answer.
            session.after_reply(&mut progress);
        }
    });
    SpareTime::schedule();
}

/// The session's spare-time work, run a slice per task: each slice ends by posting a message
/// to this worker itself, which queues behind any request that came in meanwhile, so a
/// request waits for one slice at most.
struct SpareTime {
    /// Posts the message that runs the next slice.
    sender: MessagePort,
    /// Receives it (kept alive with its handler).
    _receiver: MessagePort,
    _on_message: Closure<dyn FnMut()>,
    /// Whether a slice is queued.
    queued: bool,
}

impl SpareTime {
    /// Queues a slice unless one is queued.
    fn schedule() {
        SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.is_none() {
                *spare = SpareTime::new();
            }
            if let Some(spare) = spare.as_mut().filter(|s| !s.queued) {
                spare.queued = spare.sender.post_message(&JsValue::NULL).is_ok();
            }
        });
    }

    fn new() -> Option<SpareTime> {
        let channel = MessageChannel::new().ok()?;
        let on_message = Closure::<dyn FnMut()>::new(|| {
            SPARE.with(|spare| {
                if let Some(spare) = spare.borrow_mut().as_mut() {
                    spare.queued = false;
                }
            });
            if SESSION.with(|s| s.borrow_mut().spare_slice()) {
                SpareTime::schedule();
            }
        });
        let receiver = channel.port2();
        receiver.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(SpareTime {
            sender: channel.port1(),
            _receiver: receiver,
            _on_message: on_message,
            queued: false,
        })
    }
}
