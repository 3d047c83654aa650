//! The parse role: plan from the file's head, parse one byte range of the file, and send back
//! its encoded columns and where it really began and ended.

use std::io::Read;

use web_sys::{Blob, DedicatedWorkerGlobalScope};

use super::post;
use crate::core::data::{parse_part, ParsePlan, ParsedPart, PartProgress, HEAD_BYTES};
use crate::core::protocol::{to_json, ParseEvent, ParseRequest};
use crate::core::Result;
use crate::web::envelope::{dataset_to_buffer, Envelope};
use crate::web::worker::blob_reader::BlobReader;

/// Parses the range of `blob` named by `request`, posting progress, then the result.
pub fn run(scope: &DedicatedWorkerGlobalScope, request: ParseRequest, blob: Blob) {
    let started = web_time::Instant::now();
    let mut progress = |p: PartProgress| {
        post(scope, &Envelope::json(to_json(&ParseEvent::Progress(p))));
        true
    };
    match parse(&request, &blob, &mut progress) {
        Ok(parsed) => {
            let rows = parsed.dataset.rows() as u64;
            let parse_ms = started.elapsed().as_secs_f64() * 1e3;
            let encoding = web_time::Instant::now();
            let buffer = dataset_to_buffer(&parsed.dataset);
            drop(parsed.dataset);
            let encode_ms = encoding.elapsed().as_secs_f64() * 1e3;
            let json = to_json(&ParseEvent::Done { bounds: parsed.bounds, rows, parse_ms, encode_ms });
            post(scope, &Envelope { json, blob: None, buffers: vec![buffer] });
        }
        Err(err) => {
            let json = to_json(&ParseEvent::Failed { message: err.to_string() });
            post(scope, &Envelope::json(json));
        }
    }
}

/// Plans from the head (every worker of a load makes the same plan), then parses the part.
fn parse(
    request: &ParseRequest,
    blob: &Blob,
    progress: &mut dyn FnMut(PartProgress) -> bool,
) -> Result<ParsedPart> {
    let file_len = blob.size() as u64;
    let mut head = Vec::with_capacity(HEAD_BYTES.min(file_len as usize));
    BlobReader::range(blob.clone(), 0, HEAD_BYTES as u64)?.read_to_end(&mut head)?;
    let plan = ParsePlan::from_head(&head, head.len() as u64 >= file_len)?;
    let part = request.part;
    if part.read_from() == 0 {
        // The first part goes on from the head already read.
        let rest = BlobReader::new(blob.clone(), head.len() as u64)?;
        parse_part(head.as_slice().chain(rest), &plan, part, progress)
    } else {
        drop(head);
        parse_part(BlobReader::new(blob.clone(), part.read_from())?, &plan, part, progress)
    }
}
