//! The engine role: holds the current dataset and answers requests about it.

use std::cell::RefCell;

use crate::core::data::{wire, Dataset, DatasetCard};
use crate::core::protocol::{EngineRequest, EngineResponse};
use crate::web::envelope::{buffer_to_bytes, Envelope};

thread_local! {
    static DATASET: RefCell<Option<Dataset>> = const { RefCell::new(None) };
}

/// Handles one request; the response is posted by the caller.
pub fn handle(request: EngineRequest, envelope: &Envelope) -> EngineResponse {
    match request {
        EngineRequest::Ingest {
            file_name,
            file_bytes,
            elapsed_ms,
            page_size,
        } => {
            let started = js_sys::Date::now();
            let mut parts = Vec::with_capacity(envelope.buffers.len());
            for buffer in &envelope.buffers {
                match wire::decode(&buffer_to_bytes(buffer)) {
                    Ok(part) => parts.push(part),
                    Err(err) => {
                        return EngineResponse::Failed {
                            message: err.to_string(),
                        }
                    }
                }
            }
            let dataset = Dataset::concat(parts);
            if dataset.rows() == 0 {
                let reasons: Vec<String> = dataset
                    .skipped()
                    .reasons
                    .iter()
                    .map(|(r, s)| format!("{} rows: {r}", s.count))
                    .collect();
                let detail = if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", reasons.join("; "))
                };
                return EngineResponse::Failed {
                    message: format!("No data rows could be read from {file_name}{detail}."),
                };
            }
            let ms = elapsed_ms + (js_sys::Date::now() - started);
            let card = DatasetCard::new(&dataset, &file_name, file_bytes, ms);
            let page = dataset.page(0, page_size);
            // Only now, with the new dataset complete, does the old one go.
            DATASET.with(|d| *d.borrow_mut() = Some(dataset));
            EngineResponse::Loaded { card, page }
        }
        EngineRequest::Page { offset, limit } => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => EngineResponse::Page(ds.page(offset, limit)),
            None => EngineResponse::Failed {
                message: "No dataset is loaded.".into(),
            },
        }),
    }
}
