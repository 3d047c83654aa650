//! The trainer role: decode a request, let the core's [`TrainerSession`] answer it (posting
//! its progress as it goes), encode the reply, then let the session do what it held back
//! ([`TrainerSession::after_reply`]).

use std::cell::RefCell;

use web_sys::DedicatedWorkerGlobalScope;

use super::post;
use crate::core::protocol::{to_json, TrainerRequest};
use crate::core::session::TrainerSession;
use crate::web::envelope::{outgoing_to_buffer, Envelope};

thread_local! {
    static SESSION: RefCell<TrainerSession> = RefCell::new(TrainerSession::new());
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
}
