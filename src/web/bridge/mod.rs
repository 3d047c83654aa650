//! The page's side of the workers: one engine worker that holds the dataset, a pool of
//! parse workers that a load uses and a cancel terminates, the trainer, and a sandbox worker
//! that reads model files. A worker that crashes or stops answering in time
//! ([`watchdog`]) is replaced; when it was the engine, the dataset is loaded again from the
//! file the page keeps.
//!
//! The [`Bridge`] lives in a thread-local on the page's thread (WebAssembly on the page is
//! single-threaded); UI components call [`with`] and learn results through the signals in
//! [`crate::web::ui::state::AppState`].

pub mod apply;
pub mod importance;
pub mod load;
mod pool;
pub mod predictions;
pub mod report;
pub mod sandbox;
pub mod spawn;
pub mod train;
pub mod watchdog;

use crate::web::model_json::ModelJson;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::{GetUntracked, Set, Update};

use crate::core::protocol::{from_json, to_json, EngineRequest, EngineResponse};
use crate::web::envelope::Envelope;
use crate::web::ui::state::{AppState, BalanceView};
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
    /// The worker that reads model files (it holds no dataset), once one was needed.
    pub(crate) sandbox: RefCell<Option<WorkerLink>>,
    /// The files the current dataset was loaded from (the first, then each one added), to load
    /// it again if the engine dies.
    pub(crate) sources: RefCell<Vec<(web_sys::Blob, String)>>,
    /// While restoring a dataset of several files: the files still to add.
    pub(crate) to_restore: RefCell<std::collections::VecDeque<(web_sys::Blob, String)>>,
    /// Set while the dataset is being loaded again after the engine was replaced: the
    /// dashboard filters to put back once it is.
    pub(crate) restoring: RefCell<Option<crate::core::eda::Filters>>,
    /// Whether the engine has been replaced since the last load finished (a second failure
    /// while restoring gives up rather than loop).
    pub(crate) engine_replaced: Cell<bool>,
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
        sandbox: RefCell::new(None),
        sources: RefCell::new(Vec::new()),
        to_restore: RefCell::new(Default::default()),
        restoring: RefCell::new(None),
        engine_replaced: Cell::new(false),
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
                    Err(err) => state.error.set(Some(err.to_string())),
                }
            },
            move |message| with(|b| b.replace_engine(format!("The analysis worker stopped ({message})"))),
        );
        match link {
            Ok(link) => *self.engine.borrow_mut() = Some(link),
            Err(message) => self.state.error.set(Some(message)),
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
        self.state.busy.set(None);
        self.state.reporting.set(false);
        self.start_engine();
        let interrupted = self.load.borrow().as_ref().map(|l| l.file_name.clone());
        self.cancel_load();
        let why = match interrupted {
            Some(name) if self.restoring.borrow().is_none() => {
                format!("{why} while {name} was loading; it was not loaded")
            }
            _ => why,
        };
        let sources = self.sources.borrow().clone();
        let had_data = self.state.dataset.get_untracked().is_some();
        match sources.split_first() {
            Some(((blob, first), rest)) if had_data && !self.engine_replaced.get() => {
                self.engine_replaced.set(true);
                *self.restoring.borrow_mut() = Some(self.state.filters.get_untracked());
                *self.to_restore.borrow_mut() = rest.iter().cloned().collect();
                let name = self.state.dataset.get_untracked().map_or_else(|| first.clone(), |c| c.file_name);
                self.load_blob(blob.clone(), first.clone(), load::now_ms());
                self.state.error.set(Some(format!(
                    "{why}. The analysis worker was restarted and {name} is being loaded again; your results are kept."
                )));
            }
            _ => {
                self.state.dataset.set(None);
                self.restoring.borrow_mut().take();
                self.to_restore.borrow_mut().clear();
                self.state
                    .error
                    .set(Some(format!("{why}. The analysis worker was restarted; load your file again.")));
            }
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
        let filters = self.state.filters.get_untracked();
        self.state.dashboard.set(None);
        self.ask(&EngineRequest::Dashboard { filters, options: Default::default() }, Vec::new());
    }

    /// Asks the engine for the class balance `features` would train on.
    pub fn request_class_balance(&self, features: crate::core::features::FeatureConfig) {
        self.state.class_balance.set(Some(BalanceView::Computing));
        self.ask(&EngineRequest::ClassBalance { features: Box::new(features) }, Vec::new());
    }

    /// Asks the engine for the column profiles of the whole dataset (unfiltered).
    pub fn request_profile(&self) {
        self.state.profile.set(None);
        self.ask(&EngineRequest::Profile { filters: Default::default() }, Vec::new());
    }

    fn on_engine_response(&self, response: EngineResponse, buffers: Vec<js_sys::ArrayBuffer>) {
        match response {
            EngineResponse::Ready => {}
            EngineResponse::Loaded { card, page } => self.finish_load(*card, page),
            EngineResponse::Page(page) => self.state.page.set(Some(page)),
            EngineResponse::WhatIf { predictions, errors } => {
                self.state.whatif.set(Some(predictions));
                if !errors.is_empty() {
                    self.state.error.set(Some(errors.join(" ")));
                }
            }
            EngineResponse::WhatIfOptions(options) => self.state.whatif_options.set(Some(*options)),
            EngineResponse::ClassBalance { balance, error } => {
                self.state.class_balance.set(Some(match balance {
                    Some(balance) => BalanceView::Ready(*balance),
                    None => BalanceView::Failed(error.unwrap_or_default()),
                }))
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
            EngineResponse::Failed { message }
                if self.restoring.borrow().is_some() && message == "No dataset is loaded." =>
            {
                // Requests made while the dataset is loaded again find none yet: not news.
            }
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
