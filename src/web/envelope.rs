//! The JavaScript shape of a message: `{ json, blob?, buffers? }`.
//!
//! The protocol itself is serde JSON ([`crate::core::protocol`]); binary payloads travel beside
//! it so they can be transferred between threads without copying.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use crate::core::data::{wire, Dataset};
use crate::core::session::{Outgoing, Payload};
use crate::core::{Error, ErrorKind, Result};

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
        Envelope { json, blob: None, buffers: Vec::new() }
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
        let blob = Reflect::get(value, &"blob".into()).ok().and_then(|b| b.dyn_into::<Blob>().ok());
        let buffers = Reflect::get(value, &"buffers".into())
            .ok()
            .and_then(|b| b.dyn_into::<Array>().ok())
            .map(|a| a.iter().filter_map(|b| b.dyn_into::<ArrayBuffer>().ok()).collect())
            .unwrap_or_default();
        Some(Envelope { json, blob, buffers })
    }
}

/// Writes a dataset part into a fresh `ArrayBuffer`, copying each column once.
pub fn dataset_to_buffer(dataset: &Dataset) -> ArrayBuffer {
    layout_to_buffer(&wire::Layout::new(dataset))
}

impl Payload for ArrayBuffer {
    fn to_bytes(&self) -> Vec<u8> {
        buffer_to_bytes(self)
    }

    fn read_framed<T>(
        &self,
        decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
    ) -> Result<T> {
        read_buffer(self, decode)
    }
}

/// The buffer to transfer for a session's outgoing payload (`received`: the request's own
/// buffers, which an [`Outgoing::Echo`] sends back as they came).
pub fn outgoing_to_buffer(out: &Outgoing, received: &[ArrayBuffer]) -> ArrayBuffer {
    match out {
        Outgoing::Dataset(ds) => dataset_to_buffer(ds),
        Outgoing::Predictions(p) => layout_to_buffer(&p.layout()),
        Outgoing::Matrix(p) => layout_to_buffer(&crate::core::features::train_matrix::layout(p)),
        Outgoing::ModelJson(bytes)
        | Outgoing::File(bytes)
        | Outgoing::RowLeaves(bytes)
        | Outgoing::BlockSums(bytes) => bytes_to_buffer(bytes),
        Outgoing::Echo(i) => received.get(*i).cloned().unwrap_or_else(|| ArrayBuffer::new(0)),
    }
}

/// Writes framed blocks ([`wire::Layout`]) into a fresh `ArrayBuffer`, copying each block once.
pub fn layout_to_buffer(layout: &wire::Layout) -> ArrayBuffer {
    let array = Uint8Array::new_with_length(layout.len() as u32);
    let header = layout.header();
    array.subarray(0, header.len() as u32).copy_from(&header);
    let mut at = header.len() as u32;
    for block in layout.blocks() {
        let end = at + block.len() as u32;
        array.subarray(at, end).copy_from(block);
        at = end;
    }
    array.buffer()
}

/// Reads framed blocks from an `ArrayBuffer`: `decode` gets the header JSON and a filler that
/// copies each next block straight into its destination.
pub fn read_buffer<T>(
    buffer: &ArrayBuffer,
    decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
) -> Result<T> {
    let array = Uint8Array::new(buffer);
    let len = array.length();
    let mut first8 = [0u8; 8];
    if len < 8 {
        return Err(truncated());
    }
    array.subarray(0, 8).copy_to(&mut first8);
    let header_len = wire::header_len(&first8)? as u32;
    let header_end = 8u32.checked_add(header_len).filter(|&e| e <= len).ok_or_else(truncated)?;
    let header = array.subarray(8, header_end).to_vec();
    let mut at = header_end;
    decode(&header, &mut |dst: &mut [u8]| {
        let end = at + dst.len() as u32;
        if end > len {
            return Err(truncated());
        }
        array.subarray(at, end).copy_to(dst);
        at = end;
        Ok(())
    })
}

/// The error of a binary message shorter than its header says.
fn truncated() -> Error {
    ErrorKind::Wire("a binary message arrived truncated".into()).into()
}

/// Copies bytes into a fresh `ArrayBuffer` (to transfer them).
pub fn bytes_to_buffer(bytes: &[u8]) -> ArrayBuffer {
    Uint8Array::from(bytes).buffer()
}

/// Copies an `ArrayBuffer`'s bytes into wasm memory (the inverse of [`bytes_to_buffer`]).
pub fn buffer_to_bytes(buffer: &ArrayBuffer) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}
