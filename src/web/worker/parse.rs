//! The parse role: parse one byte range of a file and send back its encoded columns.

use web_sys::{Blob, DedicatedWorkerGlobalScope};

use super::post;
use crate::core::data::{parse_part, wire};
use crate::core::protocol::{ParseEvent, ParseRequest};
use crate::web::envelope::{bytes_to_buffer, Envelope};
use crate::web::worker::blob_reader::BlobReader;

/// Parses the range of `blob` named by `request`, posting progress, then the result.
pub fn run(scope: &DedicatedWorkerGlobalScope, request: ParseRequest, blob: Blob) {
    let result = BlobReader::new(blob, request.part.read_from())
        .map_err(crate::core::Error::from)
        .and_then(|reader| {
            parse_part(reader, &request.plan, request.part, &mut |p| {
                post(
                    scope,
                    &Envelope::json(crate::core::protocol::to_json(&ParseEvent::Progress(p))),
                );
                true
            })
        });
    match result {
        Ok(part) => {
            let rows = part.rows() as u64;
            let bytes = wire::encode(part);
            let buffer = bytes_to_buffer(&bytes);
            drop(bytes);
            let json = crate::core::protocol::to_json(&ParseEvent::Done { rows });
            post(
                scope,
                &Envelope {
                    json,
                    blob: None,
                    buffers: vec![buffer],
                },
            );
        }
        Err(err) => {
            let json = crate::core::protocol::to_json(&ParseEvent::Failed {
                message: err.to_string(),
            });
            post(scope, &Envelope::json(json));
        }
    }
}
