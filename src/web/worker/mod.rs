//! Web Worker glue: decode a message, call the core's [`session`](crate::core::session), post
//! the answer.
//!
//! One worker binary plays three roles, chosen by the messages it receives: a **parse** worker
//! ([`parse`]) parses one byte range of a file, and the **engine** ([`engine`]) holds the
//! current dataset, and the **trainer** ([`trainer`]) trains on a copy of it. See
//! [`crate::core::protocol`].

pub mod blob_reader;
pub mod engine;
pub mod parse;
pub mod trainer;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::core::protocol::{
    from_json, to_json, EngineRequest, EngineResponse, ParseRequest, TrainerRequest,
};
use crate::web::envelope::Envelope;

/// Installs the message handler and tells the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(envelope) = Envelope::from_js(&event.data()) else {
            return;
        };
        if let Ok(request) = from_json::<ParseRequest>(&envelope.json) {
            let Some(blob) = envelope.blob.clone() else {
                return;
            };
            parse::run(&handler_scope, request, blob);
        } else if let Ok(request) = from_json::<EngineRequest>(&envelope.json) {
            post(&handler_scope, &engine::handle(request, &envelope));
        } else {
            match from_json::<TrainerRequest>(&envelope.json) {
                Ok(request) => trainer::handle(&handler_scope, request, &envelope),
                Err(err) => post(
                    &handler_scope,
                    &Envelope::json(to_json(&EngineResponse::Failed { message: err.to_string() })),
                ),
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Envelope::json(to_json(&EngineResponse::Ready)));
}

/// Posts an envelope to the page, transferring its buffers.
pub fn post(scope: &DedicatedWorkerGlobalScope, envelope: &Envelope) {
    let (value, transfer) = envelope.to_js();
    let _ = scope.post_message_with_transfer(&value, &transfer);
}
