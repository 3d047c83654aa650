//! Web Worker glue: decode a message, call the core, post the answer.
//!
//! One worker binary plays two roles, chosen by the messages it receives: a **parse** worker
//! ([`parse`]) parses one byte range of a file, and the **engine** ([`engine`]) holds the
//! current dataset. See [`crate::core::protocol`].

pub mod blob_reader;
pub mod engine;
pub mod parse;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::core::protocol::{from_json, to_json, EngineRequest, EngineResponse, ParseRequest};
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
        } else {
            let response = match from_json::<EngineRequest>(&envelope.json) {
                Ok(request) => engine::handle(request, &envelope),
                Err(err) => EngineResponse::Failed { message: err.to_string() },
            };
            post(&handler_scope, &Envelope::json(to_json(&response)));
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
