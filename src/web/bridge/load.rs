//! Loading a file: the parse workers of [`LoadSession`] parse its parts in parallel (each plans
//! from the file's head itself), a part that did not begin at a true record boundary is parsed
//! again, and the parts go to the engine. The page never parses any of the file; it only posts
//! the parts the session names and hands it the workers' messages. Cancelling terminates the
//! parse workers and leaves the engine's current dataset untouched.

use std::rc::Rc;

use js_sys::ArrayBuffer;
use web_sys::Blob;

use super::pool::ParseWorker;
use super::Bridge;
use crate::core::data::Part;
use crate::core::protocol::{from_json, to_json, EngineRequest, ParseEvent, ParseRequest};
use crate::core::session::load::{self, check_browser_size, parse_workers};
use crate::core::session::{LoadSession, LoadStep, PageState};
use crate::web::envelope::Envelope;

/// Rows per page of the data table.
pub const PAGE_SIZE: usize = 50;

/// A load in progress.
pub struct Load {
    /// Which load of the page this is (counted from 1).
    pub(crate) id: u64,
    /// The file, kept to load it again should the engine have to be replaced.
    pub(crate) blob: Blob,
    started_ms: f64,
    /// The file's name.
    pub(crate) file_name: String,
    file_bytes: u64,
    /// Whether the file is added to the current dataset rather than replacing it.
    pub(crate) append: bool,
    workers: Vec<ParseWorker>,
    session: LoadSession<ArrayBuffer>,
    parse_started_ms: f64,
}

/// Milliseconds since the page started (monotonic).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// This machine's cores, as the browser reports them.
fn cores() -> usize {
    web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency()) as usize
}

/// How many parse workers this machine should use for a large file.
pub fn max_parse_workers() -> usize {
    load::max_parse_workers(cores())
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
        if let Err(err) = check_browser_size(loaded_bytes, file_bytes) {
            let with = if append { " with the data already loaded" } else { "" };
            self.change(|p| p.show_error(Some(format!("{file_name}{with}: {err}"))));
            return;
        }
        let parts = Part::split(file_bytes, parse_workers(file_bytes, cores()));
        let workers = match self.pool.take(parts.len()) {
            Ok(workers) => workers,
            Err(message) => {
                self.change(|p| p.show_error(Some(message)));
                return;
            }
        };
        let id = self.loads.get() + 1;
        self.loads.set(id);
        let mut session = LoadSession::new(&file_name, file_bytes, parts);
        let parse_started_ms = now_ms();
        session.record_stage("start parse workers", parse_started_ms - started_ms);
        let mut load = Load {
            id,
            blob,
            started_ms,
            file_name: file_name.clone(),
            file_bytes,
            append,
            workers: Vec::new(),
            session,
            parse_started_ms,
        };
        for (index, worker) in workers.into_iter().enumerate() {
            worker.assign(id, index);
            load.send(&worker, load.session.parts()[index]);
            load.workers.push(worker);
        }
        self.change(|p| p.load_started(id, &file_name, load.session.progress().clone(), started_ms));
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
        let buffer = envelope.buffers.into_iter().next();
        match load.session.on_event(index, event, buffer, now_ms() - load.started_ms) {
            LoadStep::Nothing | LoadStep::Waiting => {}
            LoadStep::Progress => {
                let progress = load.session.progress().clone();
                self.change(|page| page.load_progress(&load.file_name, progress, false));
            }
            LoadStep::Again { index, part } => load.send(&load.workers[index], part),
            LoadStep::Complete { parts, mut stages_ms } => {
                for w in load.workers.drain(..) {
                    w.terminate();
                }
                self.pool.refill_later(3000);
                self.warm_trainer_later(std::time::Duration::from_secs(3));
                stages_ms.insert("parse workers (wall)".into(), now_ms() - load.parse_started_ms);
                let request = EngineRequest::Ingest {
                    load: load.id,
                    file_name: load.file_name.clone(),
                    append: load.append,
                    file_bytes: load.file_bytes,
                    elapsed_ms: now_ms() - load.started_ms,
                    page_size: PAGE_SIZE,
                    stages_ms,
                };
                let progress = load.session.progress().clone();
                self.change(|page| page.load_progress(&load.file_name, progress, true));
                // The engine has it now: choosing another file no longer cancels it.
                let load = guard.take().expect("the load being parsed");
                drop(guard);
                self.ingesting.borrow_mut().push(load);
                self.ask(&request, parts);
            }
            LoadStep::Failed(message) => {
                drop(guard);
                self.fail_load(message);
            }
        }
    }

    /// Cancels the load being parsed, if any; the current dataset stays. (A load whose parts
    /// went to the engine cannot be called back: the engine's answer still applies.)
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
}
