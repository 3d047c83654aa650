//! `std::io::Read` over a `Blob` (a `File`) inside a Web Worker.
//!
//! Workers may read files synchronously with `FileReaderSync`; reading 16 MB slices keeps
//! memory flat however large the file is, and lets the core parser, which only knows
//! `io::Read`, stream it exactly as the CLI streams a file from disk.

use std::io;

use js_sys::Uint8Array;
use web_sys::{Blob, FileReaderSync};

/// Bytes fetched per slice.
const SLICE: f64 = 16.0 * 1024.0 * 1024.0;

/// Reads a blob from `start` to its end, one slice at a time.
pub struct BlobReader {
    blob: Blob,
    reader: FileReaderSync,
    next: f64,
    end: f64,
    buf: Vec<u8>,
    at: usize,
}

impl BlobReader {
    /// A reader from byte `start` to the end of the blob.
    pub fn new(blob: Blob, start: u64) -> io::Result<BlobReader> {
        let end = blob.size() as u64;
        BlobReader::range(blob, start, end)
    }

    /// A reader of bytes `start..end` of the blob (slices never go past `end`).
    pub fn range(blob: Blob, start: u64, end: u64) -> io::Result<BlobReader> {
        let reader = FileReaderSync::new().map_err(|e| io::Error::other(format!("{e:?}")))?;
        let end = (end as f64).min(blob.size());
        Ok(BlobReader { blob, reader, next: start as f64, end, buf: Vec::new(), at: 0 })
    }

    fn refill(&mut self) -> io::Result<()> {
        let stop = (self.next + SLICE).min(self.end);
        let slice = self.blob.slice_with_f64_and_f64(self.next, stop).map_err(js_err)?;
        let array = self.reader.read_as_array_buffer(&slice).map_err(js_err)?;
        let view = Uint8Array::new(&array);
        self.buf.resize(view.length() as usize, 0);
        view.copy_to(&mut self.buf);
        self.at = 0;
        self.next = stop;
        Ok(())
    }
}

impl io::Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.buf.len() {
            if self.next >= self.end {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn js_err(e: wasm_bindgen::JsValue) -> io::Error {
    io::Error::other(format!("the browser could not read the file: {e:?}"))
}
