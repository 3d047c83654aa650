//! Loading a file: parse its parts in parallel workers (each plans from the file's head
//! itself), check that the parts meet at true record boundaries and have a worker parse again a
//! part that did not, then hand the parts to the engine. The page never parses any of the file.
//! Cancelling terminates the parse workers and leaves the engine's current dataset untouched.

use std::rc::Rc;

use js_sys::ArrayBuffer;
use web_sys::Blob;

use super::pool::ParseWorker;
use super::Bridge;
use crate::core::data::loader::SPLIT_MIN_BYTES;
use crate::core::data::{reconcile, LoadProgress, Part, PartBounds, BROWSER_MAX_BYTES};
use crate::core::error::{Error, ErrorKind};
use crate::core::protocol::{from_json, to_json, EngineRequest, ParseEvent, ParseRequest};
use crate::core::session::PageState;
use crate::web::envelope::Envelope;

/// Rows per page of the data table.
pub const PAGE_SIZE: usize = 50;

/// A load in progress.
pub struct Load {
    id: u64,
    /// The file, kept to load it again should the engine have to be replaced.
    pub(crate) blob: Blob,
    started_ms: f64,
    /// The file's name.
    pub(crate) file_name: String,
    file_bytes: u64,
    /// Whether the file is added to the current dataset rather than replacing it.
    pub(crate) append: bool,
    workers: Vec<ParseWorker>,
    /// The nominal byte range of each worker's part.
    parts: Vec<Part>,
    /// Each part's encoded columns and bounds, once parsed.
    done: Vec<Option<(ArrayBuffer, PartBounds)>>,
    /// Which parts are being parsed again from a true record boundary.
    again: Vec<bool>,
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
    if file_bytes < SPLIT_MIN_BYTES {
        1
    } else {
        max_parse_workers()
    }
}

impl Bridge {
    /// Starts loading `blob` (a chosen file or the bundled sample). `started_ms` is when the
    /// user chose it. Any load already in progress is cancelled first.
    pub fn load_blob(self: &Rc<Self>, blob: Blob, file_name: String, started_ms: f64) {
        self.start_load(blob, file_name, started_ms, false);
    }

    /// Starts adding `blob` (another export with the same columns) to the current dataset: the
    /// incidents already loaded are dropped, and the current dataset stays if it is refused.
    pub fn add_blob(self: &Rc<Self>, blob: Blob, file_name: String, started_ms: f64) {
        self.start_load(blob, file_name, started_ms, true);
    }

    fn start_load(self: &Rc<Self>, blob: Blob, file_name: String, started_ms: f64, append: bool) {
        self.cancel_load();
        let file_bytes = blob.size() as u64;
        let loaded_bytes =
            if append { self.page.borrow().dataset.as_ref().map_or(0, |c| c.file_bytes) } else { 0 };
        if loaded_bytes + file_bytes > BROWSER_MAX_BYTES {
            let err = Error::new(ErrorKind::TooLarge {
                bytes: loaded_bytes + file_bytes,
                limit: BROWSER_MAX_BYTES,
            });
            let with = if append { " with the data already loaded" } else { "" };
            self.change(|p| p.show_error(Some(format!("{file_name}{with}: {err}"))));
            return;
        }
        let id = started_ms.to_bits();
        let parts = Part::split(file_bytes, parse_worker_count(file_bytes));
        let workers = match self.pool.take(parts.len()) {
            Ok(workers) => workers,
            Err(message) => {
                self.change(|p| p.show_error(Some(message)));
                return;
            }
        };
        let mut load = Load {
            id,
            blob: blob.clone(),
            started_ms,
            file_name: file_name.clone(),
            file_bytes,
            append,
            workers: Vec::new(),
            done: vec![None; parts.len()],
            again: vec![false; parts.len()],
            progress: LoadProgress::new(file_bytes, parts.len()),
            parts: parts.clone(),
            stages_ms: Default::default(),
            parse_started_ms: now_ms(),
        };
        load.stages_ms.insert("start parse workers".into(), load.parse_started_ms - started_ms);
        for (index, (part, worker)) in parts.into_iter().zip(workers).enumerate() {
            worker.assign(id, index);
            load.send(&worker, part);
            load.workers.push(worker);
        }
        self.change(|p| p.load_started(&file_name, load.progress.clone(), started_ms));
        *self.load.borrow_mut() = Some(load);
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
                self.change(|page| page.load_progress(&load.file_name, load.progress.clone(), false));
            }
            ParseEvent::Done { bounds, parse_ms, encode_ms, .. } => {
                let Some(buffer) = envelope.buffers.into_iter().next() else {
                    return;
                };
                let part = format!("part {}{}", index + 1, if load.again[index] { " again" } else { "" });
                load.stages_ms.insert(format!("{part} parse"), parse_ms);
                load.stages_ms.insert(format!("{part} encode"), encode_ms);
                load.done[index] = Some((buffer, bounds));
                if load.done.iter().any(Option::is_none) {
                    return;
                }
                let bounds: Vec<PartBounds> = load.done.iter().flatten().map(|(_, b)| *b).collect();
                if let Some((again, exact)) = reconcile(&load.parts, &bounds) {
                    // Its guessed start was not where the part before really ended.
                    load.done[again] = None;
                    load.again[again] = true;
                    load.resend(again, exact);
                    return;
                }
                for w in load.workers.drain(..) {
                    w.terminate();
                }
                self.pool.refill_later(3000);
                let buffers: Vec<ArrayBuffer> =
                    load.done.iter_mut().map(|d| d.take().expect("all parts done").0).collect();
                let request = EngineRequest::Ingest {
                    file_name: load.file_name.clone(),
                    append: load.append,
                    file_bytes: load.file_bytes,
                    elapsed_ms: now_ms() - load.started_ms,
                    page_size: PAGE_SIZE,
                    stages_ms: {
                        let mut s = load.stages_ms.clone();
                        s.insert("parse workers (wall)".into(), now_ms() - load.parse_started_ms);
                        s
                    },
                };
                self.change(|page| page.load_progress(&load.file_name, load.progress.clone(), true));
                drop(guard);
                self.ask(&request, buffers);
            }
            ParseEvent::Failed { message } => {
                let message = format!("{}: {message}", load.file_name);
                drop(guard);
                self.fail_load(message);
            }
        }
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
        self.change(PageState::cancel_load);
    }

    pub(crate) fn fail_load(&self, message: String) {
        self.cancel_load();
        self.to_restore.borrow_mut().clear();
        // (If the engine was replaced and its dataset could not be loaded again, it is gone.)
        self.change(|p| p.load_failed(message));
    }
}

impl Load {
    /// Asks `worker` to parse `part` of the file.
    fn send(&self, worker: &ParseWorker, part: Part) {
        worker.link().post(Envelope {
            json: to_json(&ParseRequest { part }),
            blob: Some(self.blob.clone()),
            buffers: Vec::new(),
        });
    }

    /// Asks the worker of part `index` to parse it again as `exact`.
    fn resend(&mut self, index: usize, exact: Part) {
        self.parts[index] = exact;
        let worker = &self.workers[index];
        self.send(worker, exact);
    }
}
