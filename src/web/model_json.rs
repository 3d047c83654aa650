//! An exported model's JSON, kept by the browser as an `ArrayBuffer`.
//!
//! A random forest on the full export is about 46 MB of JSON. Embedding that in a message
//! (escaped inside the message's own JSON), parsing it on the page and cloning it into every
//! component that needs it cost the main thread hundreds of milliseconds. Instead the trainer
//! sends the model as its own transferred buffer; the page never copies it into wasm memory.
//! It hands a copy to a worker ([`ModelJson::copy`]) or to a download, and compares by identity.
//! The page keeps every buffer a worker sends it (a dataset copy, a CSV) in this handle.

use std::sync::Arc;

use js_sys::ArrayBuffer;
use send_wrapper::SendWrapper;

/// The bytes of an exported model's JSON (shared, compared by identity).
#[derive(Debug, Clone)]
pub struct ModelJson(Arc<SendWrapper<ArrayBuffer>>);

impl ModelJson {
    /// Wraps a buffer of UTF-8 JSON.
    pub fn new(buffer: ArrayBuffer) -> ModelJson {
        ModelJson(Arc::new(SendWrapper::new(buffer)))
    }

    /// The buffer (for a download).
    pub fn buffer(&self) -> &ArrayBuffer {
        &self.0
    }

    /// A copy of the bytes, to transfer to a worker.
    pub fn copy(&self) -> ArrayBuffer {
        self.0.slice(0)
    }
}

impl crate::core::session::Payload for ModelJson {
    fn to_bytes(&self) -> Vec<u8> {
        self.buffer().to_bytes()
    }

    fn read_framed<T>(
        &self,
        decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> crate::core::Result<()>) -> crate::core::Result<T>,
    ) -> crate::core::Result<T> {
        self.buffer().read_framed(decode)
    }
}

impl PartialEq for ModelJson {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
