//! The engine role: holds the current dataset and answers requests about it.

use std::cell::RefCell;

use crate::core::data::{Dataset, DatasetCard, Loaded};
use crate::core::eval::{predictions_csv as predictions_csv_bytes, TestPredictions};
use crate::core::protocol::{to_json, EngineRequest, EngineResponse};
use crate::web::envelope::{
    buffer_to_bytes, buffer_to_dataset, bytes_to_buffer, dataset_to_buffer, read_buffer, Envelope,
};

thread_local! {
    static DATASET: RefCell<Option<Dataset>> = const { RefCell::new(None) };
    static FILE_NAME: RefCell<String> = const { RefCell::new(String::new()) };
    /// The engine's current dataset card (the trainer's copy of the dataset has none).
    static CARD: RefCell<Option<DatasetCard>> = const { RefCell::new(None) };
}

/// Runs `f` with the current dataset and its file name, if one is loaded.
pub fn with_dataset<R>(f: impl FnOnce(&Dataset, &str) -> R) -> Option<R> {
    DATASET.with(|d| d.borrow().as_ref().map(|ds| FILE_NAME.with(|n| f(ds, &n.borrow()))))
}

/// Makes `dataset` current (the old one is dropped only now).
pub fn set_dataset(dataset: Dataset, file_name: &str) {
    DATASET.with(|d| *d.borrow_mut() = Some(dataset));
    FILE_NAME.with(|n| *n.borrow_mut() = file_name.to_owned());
}

/// Answers [`EngineRequest::ShareDataset`]: the response with the encoded dataset beside it.
fn share_dataset() -> Envelope {
    let shared = with_dataset(|ds, name| {
        let json = to_json(&EngineResponse::DatasetShared { file_name: name.to_owned() });
        Envelope { json, blob: None, buffers: vec![dataset_to_buffer(ds)] }
    });
    shared.unwrap_or_else(|| {
        Envelope::json(to_json(&EngineResponse::Failed { message: "No dataset is loaded.".into() }))
    })
}

/// Answers [`EngineRequest::PredictionsCsv`]: the CSV's bytes beside the response.
fn predictions_csv(file_name: String, envelope: &Envelope) -> Envelope {
    let csv = envelope
        .buffers
        .first()
        .ok_or_else(|| crate::core::Error::other("The predictions did not arrive."))
        .and_then(|b| read_buffer(b, |header, fill| TestPredictions::decode_with(header, fill)))
        .and_then(|p| Ok((p.len(), predictions_csv_bytes(&p)?)));
    match csv {
        Ok((rows, bytes)) => Envelope {
            json: to_json(&EngineResponse::PredictionsCsv { file_name, rows, error: None }),
            blob: None,
            buffers: vec![bytes_to_buffer(&bytes)],
        },
        Err(err) => Envelope::json(to_json(&EngineResponse::PredictionsCsv {
            file_name,
            rows: 0,
            error: Some(err.to_string()),
        })),
    }
}

/// Reads the model file beside the request; sends its bytes back when it is a valid model, so
/// the page never parses a (possibly tens of megabytes) model on its own thread. The page asks
/// this of its sandbox worker, never of the engine that holds the dataset.
fn check_model(file_name: String, envelope: &Envelope) -> Envelope {
    let Some(buffer) = envelope.buffers.first() else {
        return Envelope::json(to_json(&EngineResponse::Failed {
            message: "The model file did not arrive.".into(),
        }));
    };
    let checked = crate::core::eval::ExportedModel::from_slice(&buffer_to_bytes(buffer));
    let (response, buffers) = match checked {
        Ok(m) => {
            let name = format!("{} ({file_name})", m.card.params.kind().label());
            (EngineResponse::ModelChecked { name, error: None }, vec![buffer.clone()])
        }
        Err(err) => (
            EngineResponse::ModelChecked {
                name: file_name.clone(),
                error: Some(format!("{file_name}: {err}")),
            },
            Vec::new(),
        ),
    };
    Envelope { json: to_json(&response), blob: None, buffers }
}

/// Handles one request and returns the envelope to post back (with the dataset attached for
/// [`EngineRequest::ShareDataset`], the CSV for [`EngineRequest::PredictionsCsv`], the model
/// for [`EngineRequest::CheckModel`]).
pub fn handle(request: EngineRequest, envelope: &Envelope) -> Envelope {
    match request {
        EngineRequest::ShareDataset => share_dataset(),
        EngineRequest::PredictionsCsv { file_name } => predictions_csv(file_name, envelope),
        EngineRequest::CheckModel { file_name } => check_model(file_name, envelope),
        request => Envelope::json(to_json(&respond(request, envelope))),
    }
}

/// The response to every request that carries no binary payload back.
fn respond(request: EngineRequest, envelope: &Envelope) -> EngineResponse {
    match request {
        EngineRequest::Ingest { file_name, append, file_bytes, elapsed_ms, page_size, mut stages_ms } => {
            let started = js_sys::Date::now();
            let mut parts = Vec::with_capacity(envelope.buffers.len());
            for buffer in &envelope.buffers {
                match buffer_to_dataset(buffer) {
                    Ok(part) => parts.push(part),
                    Err(err) => return EngineResponse::Failed { message: err.to_string() },
                }
            }
            let decoded = js_sys::Date::now();
            stages_ms.insert("engine decode".into(), decoded - started);
            let dataset = Dataset::concat(parts);
            stages_ms.insert("engine concat".into(), js_sys::Date::now() - decoded);
            if dataset.rows() == 0 {
                return EngineResponse::Failed { message: no_rows_message(&dataset, &file_name) };
            }
            let ms = elapsed_ms + (js_sys::Date::now() - started);
            let mut card = DatasetCard::new(&dataset, &file_name, file_bytes, ms);
            card.stages_ms = stages_ms;
            let loaded = if append {
                match append_to_current(Loaded { dataset, card }) {
                    Ok(loaded) => loaded,
                    Err(message) => return EngineResponse::Failed { message },
                }
            } else {
                Loaded { dataset, card }
            };
            let page = loaded.dataset.page(0, page_size);
            // Only now, with the new dataset complete, does the old one go.
            set_dataset(loaded.dataset, &loaded.card.file_name);
            CARD.with(|c| *c.borrow_mut() = Some(loaded.card.clone()));
            EngineResponse::Loaded { card: Box::new(loaded.card), page }
        }
        EngineRequest::Dashboard { filters, options } => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => match crate::core::eda::dashboard(ds, &filters, &options) {
                Ok(dashboard) => EngineResponse::Dashboard(Box::new(dashboard)),
                Err(err) => EngineResponse::Failed { message: err.to_string() },
            },
            None => EngineResponse::Failed { message: "No dataset is loaded.".into() },
        }),
        EngineRequest::ShareDataset
        | EngineRequest::PredictionsCsv { .. }
        | EngineRequest::CheckModel { .. } => {
            unreachable!("answered by `handle` with a buffer attached")
        }
        EngineRequest::Profile { filters } => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => match crate::core::eda::profile(ds, &filters) {
                Ok(profile) => EngineResponse::Profile(Box::new(profile)),
                Err(err) => EngineResponse::Failed { message: err.to_string() },
            },
            None => EngineResponse::Failed { message: "No dataset is loaded.".into() },
        }),
        EngineRequest::WhatIf { names, incident } => {
            let mut predictions = Vec::new();
            let mut errors = Vec::new();
            for (name, buffer) in names.into_iter().zip(&envelope.buffers) {
                match crate::core::eval::ExportedModel::from_slice(&buffer_to_bytes(buffer))
                    .and_then(|m| crate::core::whatif::predict(&name, &m, &incident))
                {
                    Ok(p) => predictions.push(p),
                    Err(err) => errors.push(format!("{name}: {err}")),
                }
            }
            EngineResponse::WhatIf { predictions, errors }
        }
        EngineRequest::WhatIfOptions => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => EngineResponse::WhatIfOptions(Box::new(crate::core::whatif::options(ds))),
            None => EngineResponse::Failed { message: "No dataset is loaded.".into() },
        }),
        EngineRequest::ClassBalance { features } => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => match crate::core::features::class_balance(ds, &features) {
                Ok(balance) => EngineResponse::ClassBalance { balance: Some(Box::new(balance)), error: None },
                Err(err) => EngineResponse::ClassBalance { balance: None, error: Some(err.to_string()) },
            },
            None => EngineResponse::Failed { message: "No dataset is loaded.".into() },
        }),
        EngineRequest::Report { input } => match crate::core::report::render_html(&input) {
            Ok(html) => EngineResponse::Report { html, file_name: crate::core::report::file_name(&input) },
            Err(err) => EngineResponse::Failed { message: format!("The report could not be made: {err}") },
        },
        EngineRequest::Busy { ms } => {
            let until = js_sys::Date::now() + ms.clamp(0.0, 600_000.0);
            while js_sys::Date::now() < until {}
            EngineResponse::Ready
        }
        EngineRequest::Page { offset, limit } => DATASET.with(|d| match &*d.borrow() {
            Some(ds) => EngineResponse::Page(ds.page(offset, limit)),
            None => EngineResponse::Failed { message: "No dataset is loaded.".into() },
        }),
    }
}

/// The current dataset with `added` appended (see [`Loaded::append`]); the current one is
/// left as it was when the file is refused.
fn append_to_current(added: Loaded) -> Result<Loaded, String> {
    let name = added.card.file_name.clone();
    let current = DATASET.with(|d| d.borrow_mut().take());
    let card = CARD.with(|c| c.borrow().clone());
    let (Some(dataset), Some(card)) = (current, card) else {
        return Err("Load a file first, then add another one to it.".into());
    };
    let mut loaded = Loaded { dataset, card };
    match loaded.append(added) {
        Ok(_) => Ok(loaded),
        Err(err) => {
            DATASET.with(|d| *d.borrow_mut() = Some(loaded.dataset));
            Err(format!("{name} was not added: {err}"))
        }
    }
}

fn no_rows_message(dataset: &Dataset, file_name: &str) -> String {
    let reasons: Vec<String> =
        dataset.skipped().reasons.iter().map(|(r, s)| format!("{} rows: {r}", s.count)).collect();
    let detail = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join("; ")) };
    format!("No data rows could be read from {file_name}{detail}.")
}
