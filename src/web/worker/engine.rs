//! The engine role (and the sandbox's): decode a request, let the core's
//! [`EngineSession`] answer it, encode the reply.

use std::cell::RefCell;

use crate::core::protocol::{to_json, EngineRequest};
use crate::core::session::EngineSession;
use crate::web::envelope::{outgoing_to_buffer, Envelope};

thread_local! {
    static SESSION: RefCell<EngineSession> = RefCell::new(EngineSession::new());
}

/// Handles one request and returns the envelope to post back, its payloads as buffers.
pub fn handle(request: EngineRequest, envelope: &Envelope) -> Envelope {
    SESSION.with(|s| {
        let mut session = s.borrow_mut();
        let reply = session.handle(request, &envelope.buffers);
        let buffers = reply.payloads.iter().map(|p| outgoing_to_buffer(p, &envelope.buffers)).collect();
        Envelope { json: to_json(&reply.response), blob: None, buffers }
    })
}
