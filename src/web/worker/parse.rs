//! The parse role: parse one byte range of a file and send back its encoded columns.

use web_sys::{Blob, DedicatedWorkerGlobalScope};

use super::post;
use crate::core::data::parse_part;
use crate::core::protocol::{ParseEvent, ParseRequest};
use crate::web::envelope::{dataset_to_buffer, Envelope};
use crate::web::worker::blob_reader::BlobReader;

/// Parses the range of `blob` named by `request`, posting progress, then the result.
pub fn run(scope: &DedicatedWorkerGlobalScope, request: ParseRequest, blob: Blob) {
    let started = web_time::Instant::now();
    let result = BlobReader::new(blob, request.part.read_from()).map_err(crate::core::Error::from).and_then(
        |reader| {
            parse_part(reader, &request.plan, request.part, &mut |p| {
                post(scope, &Envelope::json(crate::core::protocol::to_json(&ParseEvent::Progress(p))));
                true
            })
        },
    );
    match result {
        Ok(part) => {
            let rows = part.rows() as u64;
            let parse_ms = started.elapsed().as_secs_f64() * 1e3;
            let encoding = web_time::Instant::now();
            let buffer = dataset_to_buffer(&part);
            drop(part);
            let encode_ms = encoding.elapsed().as_secs_f64() * 1e3;
            let json = crate::core::protocol::to_json(&ParseEvent::Done { rows, parse_ms, encode_ms });
            post(scope, &Envelope { json, blob: None, buffers: vec![buffer] });
        }
        Err(err) => {
            let json = crate::core::protocol::to_json(&ParseEvent::Failed { message: err.to_string() });
            post(scope, &Envelope::json(json));
        }
    }
}
