//! The JavaScript shape of a message: `{ json, blob?, buffers? }`.
//!
//! The protocol itself is serde JSON ([`crate::core::protocol`]); binary payloads travel beside
//! it so they can be transferred between threads without copying.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// A decoded message envelope.
pub struct Envelope {
    /// The serde JSON text of the protocol message.
    pub json: String,
    /// A blob travelling with it (the file to parse).
    pub blob: Option<Blob>,
    /// Array buffers travelling with it (encoded dataset parts).
    pub buffers: Vec<ArrayBuffer>,
}

impl Envelope {
    /// A message with JSON only.
    pub fn json(json: String) -> Envelope {
        Envelope {
            json,
            blob: None,
            buffers: Vec::new(),
        }
    }

    /// Builds the JS object, and the list of buffers to transfer.
    pub fn to_js(&self) -> (JsValue, Array) {
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"json".into(), &JsValue::from_str(&self.json));
        if let Some(blob) = &self.blob {
            let _ = Reflect::set(&obj, &"blob".into(), blob);
        }
        let transfer = Array::new();
        if !self.buffers.is_empty() {
            let list = Array::new();
            for b in &self.buffers {
                list.push(b);
                transfer.push(b);
            }
            let _ = Reflect::set(&obj, &"buffers".into(), &list);
        }
        (obj.into(), transfer)
    }

    /// Reads an envelope from a received JS value.
    pub fn from_js(value: &JsValue) -> Option<Envelope> {
        let json = Reflect::get(value, &"json".into()).ok()?.as_string()?;
        let blob = Reflect::get(value, &"blob".into())
            .ok()
            .and_then(|b| b.dyn_into::<Blob>().ok());
        let buffers = Reflect::get(value, &"buffers".into())
            .ok()
            .and_then(|b| b.dyn_into::<Array>().ok())
            .map(|a| {
                a.iter()
                    .filter_map(|b| b.dyn_into::<ArrayBuffer>().ok())
                    .collect()
            })
            .unwrap_or_default();
        Some(Envelope {
            json,
            blob,
            buffers,
        })
    }
}

/// Copies a byte vector into a fresh `ArrayBuffer` (to be transferred, not copied again).
pub fn bytes_to_buffer(bytes: &[u8]) -> ArrayBuffer {
    let array = Uint8Array::new_with_length(bytes.len() as u32);
    array.copy_from(bytes);
    array.buffer()
}

/// Copies an `ArrayBuffer` into wasm memory.
pub fn buffer_to_bytes(buffer: &ArrayBuffer) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}
