//! The page's side of the workers: one engine worker that holds the dataset, a pool of
//! parse workers that a load uses and a cancel terminates, the trainer, and a sandbox worker
//! that reads model files. A worker that crashes or stops answering in time
//! ([`watchdog`]) is replaced; when it was the engine, the dataset is loaded again from the
//! file the page keeps.
//!
//! The [`Bridge`] lives in a thread-local on the page's thread (WebAssembly on the page is
//! single-threaded); UI components call [`with`] and learn results through the signals in
//! [`crate::web::ui::state::AppState`]. What a response or an action does to the page's state
//! is decided by the core's [`PageState`]; the bridge moves messages, sets the signals of the
//! fields that changed and carries out the effects (send, save).

pub mod apply;
pub mod importance;
pub mod load;
mod pool;
pub mod predictions;
pub mod report;
pub mod sandbox;
pub mod spawn;
pub mod train;
pub mod train_pool;
pub mod watchdog;

use crate::web::model_json::ModelJson;
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::Set;

use crate::core::protocol::{from_json, to_json, EngineRequest, EngineResponse};
use crate::core::session::page::{Effect, Effects, PageState};
use crate::web::envelope::Envelope;
use crate::web::ui::state::AppState;
use spawn::WorkerLink;

pub use load::Load;

thread_local! {
    static BRIDGE: RefCell<Option<Rc<Bridge>>> = const { RefCell::new(None) };
}

/// Workers and the state signals they report to.
pub struct Bridge {
    /// Signals the UI reads.
    pub state: AppState,
    /// What they show: changed only through [`Bridge::change`].
    pub(crate) page: RefCell<PageState<ModelJson>>,
    engine: RefCell<Option<WorkerLink>>,
    /// The load being parsed, if any.
    pub(crate) load: RefCell<Option<Load>>,
    /// Loads whose parts went to the engine, oldest first, until it answers for each (one may
    /// still be assembled there while the user chose the next file).
    pub(crate) ingesting: RefCell<Vec<Load>>,
    /// The id of the last load started (each load's answer from the engine names it).
    pub(crate) loads: std::cell::Cell<u64>,
    /// Parse workers started ahead of need.
    pub(crate) pool: pool::Pool,
    /// The trainer worker, once a run has been asked for.
    pub(crate) trainer: RefCell<Option<train::Trainer>>,
    /// The extra trainer workers of a forest split over several, in its share phase.
    pub(crate) split: RefCell<Option<train_pool::SplitPool>>,
    /// Trainer requests (with their buffers) waiting for the engine to share the dataset.
    pub(crate) pending: RefCell<Vec<(crate::core::protocol::TrainerRequest, Vec<js_sys::ArrayBuffer>)>>,
    /// The worker that reads model files (it holds no dataset), once one was needed.
    pub(crate) sandbox: RefCell<Option<WorkerLink>>,
    /// The files the current dataset was loaded from (the first, then each one added), to load
    /// it again if the engine dies.
    pub(crate) sources: RefCell<Vec<(web_sys::Blob, String)>>,
    /// While restoring a dataset of several files: the files still to add.
    pub(crate) to_restore: RefCell<std::collections::VecDeque<(web_sys::Blob, String)>>,
}

/// Creates the bridge and starts the engine worker.
pub fn init(state: AppState) {
    let bridge = Rc::new(Bridge {
        state,
        page: RefCell::new(PageState::new()),
        engine: RefCell::new(None),
        load: RefCell::new(None),
        ingesting: RefCell::new(Vec::new()),
        loads: Default::default(),
        pool: Default::default(),
        trainer: RefCell::new(None),
        split: RefCell::new(None),
        pending: RefCell::new(Vec::new()),
        sandbox: RefCell::new(None),
        sources: RefCell::new(Vec::new()),
        to_restore: RefCell::new(Default::default()),
    });
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge.clone()));
    bridge.start_engine();
    bridge.pool.fill(load::max_parse_workers());
    watchdog::start();
}

/// Runs `f` with the bridge (after [`init`]).
pub fn with<R>(f: impl FnOnce(&Rc<Bridge>) -> R) -> R {
    BRIDGE.with(|b| f(b.borrow().as_ref().expect("bridge initialised")))
}

impl Bridge {
    fn start_engine(&self) {
        let state = self.state;
        let link = WorkerLink::spawn(
            move |envelope| {
                with(|b| {
                    if let Some(engine) = &*b.engine.borrow() {
                        engine.answered();
                    }
                });
                match from_json::<EngineResponse>(&envelope.json) {
                    Ok(response) => with(|b| b.on_engine_response(response, envelope.buffers)),
                    Err(err) => state.notices.error.set(Some(err.to_string())),
                }
            },
            move |message| with(|b| b.replace_engine(format!("The analysis worker stopped ({message})"))),
        );
        match link {
            Ok(link) => *self.engine.borrow_mut() = Some(link),
            Err(message) => self.state.notices.error.set(Some(message)),
        }
    }

    /// Changes the page's state with `f`, then sets the signals of what changed and carries
    /// out the effects.
    pub(crate) fn change(&self, f: impl FnOnce(&mut PageState<ModelJson>) -> Effects<ModelJson>) {
        let fx = f(&mut self.page.borrow_mut());
        self.settle(fx);
    }

    /// Sets the signals of what `fx` changed and carries out its effects (not generic, so a
    /// change made while carrying them out does not instantiate [`change`](Self::change) anew).
    fn settle(&self, fx: Effects<ModelJson>) {
        self.state.sync(&self.page.borrow(), fx.changed);
        for effect in fx.effects {
            match effect {
                Effect::LoadEnded { load, loaded } => {
                    let mut ingesting = self.ingesting.borrow_mut();
                    let ended = ingesting.iter().position(|l| l.id == load).map(|i| ingesting.remove(i));
                    drop(ingesting);
                    if let (true, Some(load)) = (loaded, ended) {
                        let mut sources = self.sources.borrow_mut();
                        if !load.append {
                            sources.clear();
                        }
                        sources.push((load.blob, load.file_name));
                    }
                }
                Effect::AddNextFile => {
                    let next = self.to_restore.borrow_mut().pop_front();
                    if let Some((blob, name)) = next {
                        with(|b| b.add_blob(blob, name, load::now_ms()));
                    }
                }
                Effect::AskEngine(request) => self.ask(&request, Vec::new()),
                Effect::GiveTrainer { file_name, dataset } => {
                    self.on_dataset_shared(file_name, vec![dataset.buffer().clone()])
                }
                Effect::SaveText { file_name, mime, text } => {
                    if let Err(message) = crate::web::save::save_text(&file_name, mime, &text) {
                        let fx = self
                            .page
                            .borrow_mut()
                            .show_error(Some(format!("Could not save {file_name}: {message}")));
                        self.settle(fx);
                    }
                }
                Effect::PredictionsCsv { file_name, outcome } => {
                    predictions::on_predictions_csv(file_name, outcome)
                }
            }
        }
    }

    /// Replaces the engine after it crashed or stopped answering (`why`), and loads the
    /// current dataset again from its file (the filters are kept). A file being loaded when it
    /// happened is given up (it may be what broke the engine); a second failure while restoring
    /// is reported instead of retried.
    pub(crate) fn replace_engine(self: &Rc<Self>, why: String) {
        if let Some(old) = self.engine.borrow_mut().take() {
            old.terminate();
        }
        self.start_engine();
        // (The files the lost engine was assembling are lost with it, and the one being parsed
        // is cancelled below.)
        let assembling = std::mem::take(&mut *self.ingesting.borrow_mut());
        let parsing = self.load.borrow().as_ref().map(|l| l.file_name.clone());
        let interrupted: Vec<String> = assembling.into_iter().map(|l| l.file_name).chain(parsing).collect();
        self.cancel_load();
        let sources = self.sources.borrow().clone();
        let mut reload = false;
        self.change(|p| {
            let (fx, again) = p.engine_replaced(&why, &interrupted, sources.len());
            reload = again;
            fx
        });
        match sources.split_first() {
            Some(((blob, first), rest)) if reload => {
                *self.to_restore.borrow_mut() = rest.iter().cloned().collect();
                self.load_blob(blob.clone(), first.clone(), load::now_ms());
            }
            _ => self.to_restore.borrow_mut().clear(),
        }
    }

    /// Sends a request to the engine, due within the deadline of its kind.
    pub fn ask(&self, request: &EngineRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Some(engine) = &*self.engine.borrow() {
            let (what, deadline_ms) = watchdog::engine_deadline(request);
            engine.request(Envelope { json: to_json(request), blob: None, buffers }, what, deadline_ms);
        }
    }

    /// Asks the engine for the dashboard under the current filters.
    pub fn request_dashboard(&self) {
        self.change(PageState::request_dashboard);
    }

    /// Asks the engine for the class balance `features` would train on.
    pub fn request_class_balance(&self, features: crate::core::features::FeatureConfig) {
        self.change(|p| p.request_class_balance(features));
    }

    /// Applies new dashboard filters and asks for the dashboard under them.
    pub fn set_filters(&self, filters: crate::core::eda::Filters) {
        self.change(|p| p.set_filters(filters));
    }

    fn on_engine_response(&self, response: EngineResponse, buffers: Vec<js_sys::ArrayBuffer>) {
        let payloads = buffers.into_iter().map(ModelJson::new).collect();
        self.change(|p| p.apply_engine(response, payloads, load::now_ms()));
    }
}
