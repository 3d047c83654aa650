//! The engine's session: it holds the current dataset and answers every [`EngineRequest`]
//! about it. The analysis worker and the sandbox worker (which never holds a dataset) are this
//! session behind a message loop; native tests drive it directly.

use web_time::Instant;

use super::payload::{join_parts, Outgoing, Payload, Reply};
use crate::core::data::{Dataset, DatasetCard, Loaded};
use crate::core::eval::{predictions_csv, ExportedModel};
use crate::core::protocol::{EngineRequest, EngineResponse};
use crate::core::{Error, ErrorKind, Result};

/// The longest a [`EngineRequest::Busy`] may keep the engine busy, in milliseconds.
const BUSY_MAX_MS: f64 = 600_000.0;

/// The current dataset, the name of the file it came from, and its card (the files it holds).
#[derive(Default)]
pub struct EngineSession {
    current: Option<(Dataset, String)>,
    card: Option<DatasetCard>,
}

impl EngineSession {
    /// A session with no dataset.
    pub fn new() -> EngineSession {
        EngineSession::default()
    }

    /// The current dataset and its file name, if one is loaded.
    pub fn dataset(&self) -> Option<(&Dataset, &str)> {
        self.current.as_ref().map(|(ds, name)| (ds, name.as_str()))
    }

    /// Makes `dataset` current (the old one is dropped only now).
    pub fn set_dataset(&mut self, dataset: Dataset, file_name: &str) {
        self.current = Some((dataset, file_name.to_owned()));
    }

    fn loaded(&self) -> Result<&Dataset> {
        self.current.as_ref().map(|(ds, _)| ds).ok_or_else(Error::no_dataset)
    }

    /// Answers one request; `received` are the payloads that came beside it. A failure is an
    /// [`EngineResponse::Failed`] (or the request's own error field) and leaves the current
    /// dataset as it was.
    pub fn handle<P: Payload>(
        &mut self,
        request: EngineRequest,
        received: &[P],
    ) -> Reply<'_, EngineResponse> {
        match request {
            EngineRequest::ShareDataset => match &self.current {
                Some((ds, name)) => Reply {
                    response: EngineResponse::DatasetShared { file_name: name.clone() },
                    payloads: vec![Outgoing::Dataset(ds)],
                },
                None => failed(Error::no_dataset()),
            },
            EngineRequest::PredictionsCsv { file_name } => predictions_file(file_name, received),
            EngineRequest::CheckModel { file_name } => check_model(file_name, received),
            request => Reply::bare(
                self.respond(request, received)
                    .unwrap_or_else(|err| EngineResponse::Failed { message: err.to_string() }),
            ),
        }
    }

    /// The requests answered without a payload.
    fn respond<P: Payload>(&mut self, request: EngineRequest, received: &[P]) -> Result<EngineResponse> {
        Ok(match request {
            EngineRequest::Ingest {
                load,
                file_name,
                append,
                file_bytes,
                elapsed_ms,
                page_size,
                stages_ms,
            } => {
                let ingest = Ingest { load, file_name, append, file_bytes, elapsed_ms, page_size, stages_ms };
                self.ingest(ingest, received)
                    .unwrap_or_else(|err| EngineResponse::LoadFailed { load, message: err.to_string() })
            }
            EngineRequest::Dashboard { filters, options } => EngineResponse::Dashboard(Box::new(
                crate::core::eda::dashboard(self.loaded()?, &filters, &options)?,
            )),
            EngineRequest::Profile { filters } => {
                EngineResponse::Profile(Box::new(crate::core::eda::profile(self.loaded()?, &filters)?))
            }
            EngineRequest::WhatIf { names, incident } => {
                let mut predictions = Vec::new();
                let mut errors = Vec::new();
                if names.len() != received.len() {
                    return Err(Error::shape("models sent for the what-if", names.len(), received.len()));
                }
                for (name, model) in names.into_iter().zip(received) {
                    match ExportedModel::from_slice(&model.to_bytes())
                        .and_then(|m| crate::core::whatif::predict(&name, &m, &incident))
                    {
                        Ok(p) => predictions.push(p),
                        Err(err) => errors.push(format!("{name}: {err}")),
                    }
                }
                EngineResponse::WhatIf { predictions, errors }
            }
            EngineRequest::WhatIfOptions => {
                EngineResponse::WhatIfOptions(Box::new(crate::core::whatif::options(self.loaded()?)))
            }
            EngineRequest::ClassBalance { features } => {
                match crate::core::features::class_balance(self.loaded()?, &features) {
                    Ok(balance) => {
                        EngineResponse::ClassBalance { balance: Some(Box::new(balance)), error: None }
                    }
                    Err(err) => EngineResponse::ClassBalance { balance: None, error: Some(err.to_string()) },
                }
            }
            EngineRequest::Page { offset, limit } => EngineResponse::Page(self.loaded()?.page(offset, limit)),
            EngineRequest::Report { input } => match crate::core::report::render_html(&input) {
                Ok(html) => {
                    EngineResponse::Report { html, file_name: crate::core::report::file_name(&input) }
                }
                Err(err) => return Err(err),
            },
            EngineRequest::Busy { ms } => {
                let started = Instant::now();
                let ms = if ms.is_finite() { ms.clamp(0.0, BUSY_MAX_MS) } else { 0.0 };
                while started.elapsed().as_secs_f64() * 1e3 < ms {}
                EngineResponse::Ready
            }
            EngineRequest::ShareDataset
            | EngineRequest::PredictionsCsv { .. }
            | EngineRequest::CheckModel { .. } => unreachable!("answered by `handle` with a payload"),
        })
    }

    /// Joins the parsed parts into the new current dataset (or, with `append`, adds them to the
    /// current one: see [`Loaded::append`]); the old one stays until then, and stays as it was
    /// when the file is refused.
    fn ingest<P: Payload>(&mut self, ingest: Ingest, received: &[P]) -> Result<EngineResponse> {
        let Ingest { load, file_name, append, file_bytes, elapsed_ms, page_size, mut stages_ms } = ingest;
        let started = Instant::now();
        let dataset = join_parts(received)?;
        stages_ms.insert("engine join".into(), started.elapsed().as_secs_f64() * 1e3);
        if dataset.rows() == 0 {
            return Err(no_rows(&dataset, &file_name));
        }
        let ms = elapsed_ms + started.elapsed().as_secs_f64() * 1e3;
        let mut card = DatasetCard::new(&dataset, &file_name, file_bytes, ms);
        card.stages_ms = stages_ms;
        let loaded =
            if append { self.append_to_current(Loaded { dataset, card })? } else { Loaded { dataset, card } };
        let page = loaded.dataset.page(0, page_size);
        // Only now, with the new dataset complete, does the old one go.
        self.set_dataset(loaded.dataset, &loaded.card.file_name);
        self.card = Some(loaded.card.clone());
        Ok(EngineResponse::Loaded { load, card: Box::new(loaded.card), page })
    }

    /// The current dataset with `added` appended; the current one is left as it was when the
    /// file is refused.
    fn append_to_current(&mut self, added: Loaded) -> Result<Loaded> {
        let name = added.card.file_name.clone();
        let (Some((dataset, file_name)), Some(card)) = (self.current.take(), self.card.clone()) else {
            return Err(Error::no_dataset());
        };
        let mut loaded = Loaded { dataset, card };
        match loaded.append(added) {
            Ok(_) => Ok(loaded),
            Err(err) => {
                self.current = Some((loaded.dataset, file_name));
                Err(Error::file_refused(name, "added", err))
            }
        }
    }
}

/// The fields of [`EngineRequest::Ingest`].
struct Ingest {
    load: u64,
    file_name: String,
    append: bool,
    file_bytes: u64,
    elapsed_ms: f64,
    page_size: usize,
    stages_ms: std::collections::BTreeMap<String, f64>,
}

fn failed<'a>(err: Error) -> Reply<'a, EngineResponse> {
    Reply::bare(EngineResponse::Failed { message: err.to_string() })
}

/// Answers [`EngineRequest::PredictionsCsv`]: the CSV's bytes beside the response.
fn predictions_file<'a, P: Payload>(file_name: String, received: &[P]) -> Reply<'a, EngineResponse> {
    let csv = received
        .first()
        .ok_or_else(|| Error::missing("the predictions"))
        .and_then(Payload::to_predictions)
        .and_then(|p| Ok((p.len(), predictions_csv(&p)?)));
    match csv {
        Ok((rows, bytes)) => Reply {
            response: EngineResponse::PredictionsCsv { file_name, rows, error: None },
            payloads: vec![Outgoing::File(bytes)],
        },
        Err(err) => {
            Reply::bare(EngineResponse::PredictionsCsv { file_name, rows: 0, error: Some(err.to_string()) })
        }
    }
}

/// Reads the model file beside the request; sends its bytes back when it is a valid model, so
/// the page never parses a (possibly tens of megabytes) model on its own thread.
fn check_model<'a, P: Payload>(file_name: String, received: &[P]) -> Reply<'a, EngineResponse> {
    let Some(model) = received.first() else {
        return failed(Error::missing("the model file"));
    };
    match ExportedModel::from_slice(&model.to_bytes()) {
        Ok(m) => Reply {
            response: EngineResponse::ModelChecked {
                name: format!("{} ({file_name})", m.card.params.kind().label()),
                error: None,
            },
            payloads: vec![Outgoing::Echo(0)],
        },
        Err(err) => Reply::bare(EngineResponse::ModelChecked {
            error: Some(format!("{file_name}: {err}")),
            name: file_name,
        }),
    }
}

fn no_rows(dataset: &Dataset, file_name: &str) -> Error {
    let skipped = dataset.skipped().reasons.iter().map(|(r, s)| format!("{} rows: {r}", s.count)).collect();
    Error::new(ErrorKind::NoRows { file: file_name.to_owned(), skipped })
}
