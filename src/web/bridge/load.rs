//! Loading a file: read its head, plan, parse its parts in parallel workers, hand the parts
//! to the engine. Cancelling terminates the parse workers and leaves the engine's current
//! dataset untouched.

use std::rc::Rc;

use leptos::prelude::*;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::pool::ParseWorker;
use super::{with, Bridge};
use crate::core::data::{DatasetCard, LoadProgress, Page, ParsePlan, Part, BROWSER_MAX_BYTES, HEAD_BYTES};
use crate::core::error::{Error, ErrorKind};
use crate::core::protocol::{from_json, to_json, EngineRequest, ParseEvent, ParseRequest};
use crate::web::envelope::Envelope;
use crate::web::ui::state::LoadView;

/// Rows per page of the data table.
pub const PAGE_SIZE: usize = 50;

/// A load in progress.
pub struct Load {
    id: u64,
    /// The file, kept to load it again should the engine have to be replaced.
    blob: Blob,
    started_ms: f64,
    /// The file's name.
    pub(crate) file_name: String,
    file_bytes: u64,
    workers: Vec<ParseWorker>,
    buffers: Vec<Option<ArrayBuffer>>,
    progress: LoadProgress,
    stages_ms: std::collections::BTreeMap<String, f64>,
    parse_started_ms: f64,
}

/// Milliseconds since the page started (monotonic).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// How many parse workers this machine should use for a large file: one per core, 1–4.
pub fn max_parse_workers() -> usize {
    let cores = web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).clamp(1, 4)
}

fn parse_worker_count(file_bytes: u64) -> usize {
    if file_bytes < 8 << 20 {
        1
    } else {
        max_parse_workers()
    }
}

impl Bridge {
    /// Starts loading `blob` (a chosen file or the bundled sample). `started_ms` is when the
    /// user chose it. Any load already in progress is cancelled first.
    pub fn load_blob(self: &Rc<Self>, blob: Blob, file_name: String, started_ms: f64) {
        self.cancel_load();
        self.state.error.set(None);
        let file_bytes = blob.size() as u64;
        if file_bytes > BROWSER_MAX_BYTES {
            let err = Error::new(ErrorKind::TooLarge { bytes: file_bytes, limit: BROWSER_MAX_BYTES });
            self.state.error.set(Some(format!("{file_name}: {err}")));
            return;
        }
        let id = started_ms.to_bits();
        let parts = parse_worker_count(file_bytes);
        *self.load.borrow_mut() = Some(Load {
            id,
            blob: blob.clone(),
            started_ms,
            file_name: file_name.clone(),
            file_bytes,
            workers: Vec::new(),
            buffers: vec![None; parts],
            progress: LoadProgress::new(file_bytes, parts),
            stages_ms: Default::default(),
            parse_started_ms: 0.0,
        });
        self.state.busy.set(Some(format!("Reading {file_name}…")));
        self.state.progress.set(Some(LoadView {
            file_name: file_name.clone(),
            progress: LoadProgress::new(file_bytes, parts),
            finishing: false,
        }));
        wasm_bindgen_futures::spawn_local(async move {
            let head = read_head(&blob).await;
            with(|bridge| bridge.start_parsing(id, blob, head));
        });
    }

    fn start_parsing(self: &Rc<Self>, id: u64, blob: Blob, head: Result<Vec<u8>, String>) {
        let mut guard = self.load.borrow_mut();
        let Some(load) = guard.as_mut().filter(|l| l.id == id) else {
            return;
        };
        let plan = head.map_err(Error::other).and_then(|h| {
            let whole = h.len() as u64 >= load.file_bytes;
            ParsePlan::from_head(&h, whole)
        });
        let plan = match plan {
            Ok(plan) => plan,
            Err(err) => {
                let message = format!("{}: {err}", load.file_name);
                drop(guard);
                self.fail_load(message);
                return;
            }
        };
        load.parse_started_ms = now_ms();
        load.stages_ms.insert("read head and plan".into(), load.parse_started_ms - load.started_ms);
        let parts = Part::split(load.file_bytes, load.buffers.len());
        let workers = match self.pool.take(parts.len()) {
            Ok(workers) => workers,
            Err(message) => {
                drop(guard);
                self.fail_load(message);
                return;
            }
        };
        for (index, (part, worker)) in parts.into_iter().zip(workers).enumerate() {
            worker.assign(id, index);
            let request = ParseRequest { plan: plan.clone(), part };
            worker.link().post(Envelope {
                json: to_json(&request),
                blob: Some(blob.clone()),
                buffers: Vec::new(),
            });
            load.workers.push(worker);
        }
        self.state.busy.set(Some(format!("Parsing {}…", load.file_name)));
    }

    pub(crate) fn on_parse_event(&self, id: u64, index: usize, envelope: Envelope) {
        let event = match from_json::<ParseEvent>(&envelope.json) {
            Ok(event) => event,
            Err(_) => return, // the ready signal of an engine-style message; ignore
        };
        let mut guard = self.load.borrow_mut();
        let Some(load) = guard.as_mut().filter(|l| l.id == id) else {
            return;
        };
        match event {
            ParseEvent::Progress(p) => {
                load.progress.update(index, p, now_ms() - load.started_ms);
                self.state.progress.set(Some(LoadView {
                    file_name: load.file_name.clone(),
                    progress: load.progress.clone(),
                    finishing: false,
                }));
            }
            ParseEvent::Done { parse_ms, encode_ms, .. } => {
                load.stages_ms.insert(format!("part {} parse", index + 1), parse_ms);
                load.stages_ms.insert(format!("part {} encode", index + 1), encode_ms);
                load.buffers[index] = envelope.buffers.into_iter().next();
                if load.buffers.iter().all(Option::is_some) {
                    for w in load.workers.drain(..) {
                        w.terminate();
                    }
                    self.pool.refill_later(3000);
                    let buffers: Vec<ArrayBuffer> =
                        load.buffers.iter_mut().map(|b| b.take().expect("all parts done")).collect();
                    let request = EngineRequest::Ingest {
                        file_name: load.file_name.clone(),
                        file_bytes: load.file_bytes,
                        elapsed_ms: now_ms() - load.started_ms,
                        page_size: PAGE_SIZE,
                        stages_ms: {
                            let mut s = load.stages_ms.clone();
                            s.insert("parse workers (wall)".into(), now_ms() - load.parse_started_ms);
                            s
                        },
                    };
                    self.state.progress.set(Some(LoadView {
                        file_name: load.file_name.clone(),
                        progress: load.progress.clone(),
                        finishing: true,
                    }));
                    self.state.busy.set(Some(format!("Finishing {}…", load.file_name)));
                    drop(guard);
                    self.ask(&request, buffers);
                }
            }
            ParseEvent::Failed { message } => {
                let message = format!("{}: {message}", load.file_name);
                drop(guard);
                self.fail_load(message);
            }
        }
    }

    /// Called when the engine has the new dataset.
    pub(crate) fn finish_load(&self, mut card: DatasetCard, page: Page) {
        let load = self.load.borrow_mut().take();
        if let Some(load) = load {
            card.parse_ms = now_ms() - load.started_ms;
            card.mb_per_s = card.file_bytes as f64 / 1e6 / (card.parse_ms / 1e3);
            *self.source.borrow_mut() = Some((load.blob, load.file_name));
        }
        self.engine_replaced.set(false);
        let filters = self.restoring.borrow_mut().take().unwrap_or_default();
        self.state.progress.set(None);
        self.state.busy.set(None);
        self.state.page.set(Some(page));
        self.state.filters.set(filters);
        self.state.dataset.set(Some(card));
        self.state.generation.update(|g| *g += 1);
        self.request_dashboard();
        self.request_profile();
    }

    /// Cancels the load in progress (if it is still parsing); the current dataset stays.
    pub fn cancel_load(&self) {
        let load = self.load.borrow_mut().take();
        if let Some(load) = load {
            for w in &load.workers {
                w.terminate();
            }
            self.pool.refill_later(1500);
        }
        self.state.progress.set(None);
        self.state.busy.set(None);
    }

    pub(crate) fn fail_load(&self, message: String) {
        self.cancel_load();
        if self.restoring.borrow_mut().take().is_some() {
            // The engine was replaced and its dataset could not be loaded again.
            self.state.dataset.set(None);
        }
        self.state.error.set(Some(message));
    }
}

async fn read_head(blob: &Blob) -> Result<Vec<u8>, String> {
    let end = (HEAD_BYTES as f64).min(blob.size());
    let slice = blob.slice_with_f64_and_f64(0.0, end).map_err(|e| format!("{e:?}"))?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|e| format!("the browser could not read the file: {e:?}"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
