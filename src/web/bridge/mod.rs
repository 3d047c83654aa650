//! The page's side of the workers: one engine worker that holds the dataset, and a pool of
//! parse workers that a load uses and a cancel terminates.
//!
//! The [`Bridge`] lives in a thread-local on the page's thread (WebAssembly on the page is
//! single-threaded); UI components call [`with`] and learn results through the signals in
//! [`crate::web::ui::state::AppState`].

pub mod importance;
pub mod load;
mod pool;
pub mod predictions;
pub mod report;
pub mod spawn;
pub mod train;

use crate::web::model_json::ModelJson;
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::{GetUntracked, Set, Update};

use crate::core::protocol::{from_json, to_json, EngineRequest, EngineResponse};
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
    engine: RefCell<Option<WorkerLink>>,
    /// The load in progress, if any.
    pub(crate) load: RefCell<Option<Load>>,
    /// Parse workers started ahead of need.
    pub(crate) pool: pool::Pool,
    /// The trainer worker, once a run has been asked for.
    pub(crate) trainer: RefCell<Option<train::Trainer>>,
    /// Trainer requests (with their buffers) waiting for the engine to share the dataset.
    pub(crate) pending: RefCell<Vec<(crate::core::protocol::TrainerRequest, Vec<js_sys::ArrayBuffer>)>>,
}

/// Creates the bridge and starts the engine worker.
pub fn init(state: AppState) {
    let bridge = Rc::new(Bridge {
        state,
        engine: RefCell::new(None),
        load: RefCell::new(None),
        pool: Default::default(),
        trainer: RefCell::new(None),
        pending: RefCell::new(Vec::new()),
    });
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge.clone()));
    bridge.start_engine();
    bridge.pool.fill(load::max_parse_workers());
}

/// Runs `f` with the bridge (after [`init`]).
pub fn with<R>(f: impl FnOnce(&Rc<Bridge>) -> R) -> R {
    BRIDGE.with(|b| f(b.borrow().as_ref().expect("bridge initialised")))
}

impl Bridge {
    fn start_engine(&self) {
        let state = self.state;
        let link = WorkerLink::spawn(
            move |envelope| match from_json::<EngineResponse>(&envelope.json) {
                Ok(response) => with(|b| b.on_engine_response(response, envelope.buffers)),
                Err(err) => state.error.set(Some(err.to_string())),
            },
            move |message| {
                state.error.set(Some(format!(
                    "The analysis worker stopped ({message}). The page will restart it; reload your file."
                )));
                state.busy.set(None);
                with(|b| b.restart_engine());
            },
        );
        match link {
            Ok(link) => *self.engine.borrow_mut() = Some(link),
            Err(message) => self.state.error.set(Some(message)),
        }
    }

    fn restart_engine(&self) {
        if let Some(old) = self.engine.borrow_mut().take() {
            old.terminate();
        }
        self.state.dataset.set(None);
        self.start_engine();
    }

    /// Sends a request to the engine.
    pub fn ask(&self, request: &EngineRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Some(engine) = &*self.engine.borrow() {
            engine.post(Envelope { json: to_json(request), blob: None, buffers });
        }
    }

    /// Asks the engine for the dashboard under the current filters.
    pub fn request_dashboard(&self) {
        let filters = self.state.filters.get_untracked();
        self.state.dashboard.set(None);
        self.ask(&EngineRequest::Dashboard { filters, options: Default::default() }, Vec::new());
    }

    /// Asks the engine for the column profiles of the whole dataset (unfiltered).
    pub fn request_profile(&self) {
        self.state.profile.set(None);
        self.ask(&EngineRequest::Profile { filters: Default::default() }, Vec::new());
    }

    fn on_engine_response(&self, response: EngineResponse, buffers: Vec<js_sys::ArrayBuffer>) {
        match response {
            EngineResponse::Ready => {}
            EngineResponse::Loaded { card, page } => self.finish_load(card, page),
            EngineResponse::Page(page) => self.state.page.set(Some(page)),
            EngineResponse::WhatIf { predictions, errors } => {
                self.state.whatif.set(Some(predictions));
                if !errors.is_empty() {
                    self.state.error.set(Some(errors.join(" ")));
                }
            }
            EngineResponse::Dashboard(dashboard) => self.state.dashboard.set(Some(*dashboard)),
            EngineResponse::DatasetShared { file_name } => self.on_dataset_shared(file_name, buffers),
            EngineResponse::Profile(profile) => self.state.profile.set(Some(*profile)),
            EngineResponse::PredictionsCsv { file_name, rows, error } => {
                predictions::on_predictions_csv(file_name, rows, error, buffers)
            }
            EngineResponse::Report { html, file_name } => self.on_report(&html, &file_name),
            EngineResponse::ModelChecked { name, error } => match (error, buffers.into_iter().next()) {
                (None, Some(buffer)) => {
                    self.state.imported.update(|list| list.push((name, ModelJson::new(buffer))));
                }
                (error, _) => self
                    .state
                    .error
                    .set(Some(error.unwrap_or_else(|| format!("{name}: the model did not come back")))),
            },
            EngineResponse::Failed { message } => {
                self.state.busy.set(None);
                self.state.reporting.set(false);
                *self.load.borrow_mut() = None;
                self.state.progress.set(None);
                self.state.error.set(Some(message));
            }
        }
    }
}
