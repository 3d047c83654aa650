//! Training: the page's side of the trainer worker.
//!
//! The trainer holds its own copy of the dataset (sent by the engine when it has none or an
//! old one), so Cancel terminates it at once and the engine, the dataset and the results
//! already shown stay as they are.

use crate::web::model_json::ModelJson;
use std::cell::Cell;

use super::spawn::WorkerLink;
use super::train_pool::SplitWork;
use super::{with, Bridge};
use crate::core::experiment::{RunConfig, RunResult};
use crate::core::features::FeatureConfig;
use crate::core::protocol::{from_json, to_json, EngineRequest, TrainerRequest, TrainerResponse};
use crate::core::search::TuneJob;
use crate::core::session::payload::Payload;
use crate::core::session::{PageState, SplitRun, SplitTune};
use crate::web::envelope::Envelope;

/// The trainer worker and which dataset generation it holds.
pub struct Trainer {
    link: WorkerLink,
    generation: Cell<Option<u64>>,
}

impl Trainer {
    /// The worker's link (for its deadlines).
    pub(crate) fn link(&self) -> &WorkerLink {
        &self.link
    }
}

/// What the trainer does when asked for copies of its training matrix.
const MATRIX_TASK: &str = "copying the training matrix for the other workers";

/// What the trainer does when asked to warm up.
const WARM_UP_TASK: &str = "warming up";

/// What a trainer request is, for people (and for matching its final answer).
fn trainer_task(request: &TrainerRequest) -> &'static str {
    match request {
        TrainerRequest::SetDataset { .. } => "receiving the dataset",
        TrainerRequest::SetMatrix { .. } => "receiving the training matrix",
        TrainerRequest::ShareMatrix { .. } => MATRIX_TASK,
        TrainerRequest::Prepare { .. } => "preparing features",
        TrainerRequest::Tune { .. } => "tuning",
        TrainerRequest::Train { .. } | TrainerRequest::MergeShares { .. } => "training",
        TrainerRequest::FitShare { .. } | TrainerRequest::BoostNext { .. } | TrainerRequest::LogregNext => {
            super::train_pool::SHARE_TASK
        }
        TrainerRequest::TunePart { .. } => super::train_pool::TUNE_PART_TASK,
        TrainerRequest::Importance { .. } => "permutation importance",
        TrainerRequest::Apply { .. } => "applying a saved model",
        TrainerRequest::WarmUp => WARM_UP_TASK,
    }
}

/// Whether `response` is the final answer to the request `task` ([`trainer_task`]).
fn ends(task: &str, response: &TrainerResponse) -> bool {
    matches!(
        (task, response),
        (_, TrainerResponse::Failed { .. })
            | ("preparing features", TrainerResponse::Prepared { .. })
            | (MATRIX_TASK, TrainerResponse::MatrixShared)
            | ("tuning", TrainerResponse::Tuned { .. })
            | ("training", TrainerResponse::Trained { .. })
            | (
                super::train_pool::SHARE_TASK,
                TrainerResponse::ShareFitted { .. }
                    | TrainerResponse::BoostRound { .. }
                    | TrainerResponse::BlockSums
            )
            | (super::train_pool::TUNE_PART_TASK, TrainerResponse::TunePartDone { .. })
            | ("permutation importance", TrainerResponse::Importance { .. })
            | ("applying a saved model", TrainerResponse::Applied { .. })
            | (WARM_UP_TASK, TrainerResponse::WarmedUp)
    )
}

impl Bridge {
    fn trainer_link(&self) -> Result<(), String> {
        if self.trainer.borrow().is_some() {
            return Ok(());
        }
        let link = WorkerLink::spawn(
            move |envelope| match from_json::<TrainerResponse>(&envelope.json) {
                Ok(response) => with(|b| {
                    let mut warm_up = false;
                    if let Some(t) = &*b.trainer.borrow() {
                        let task = t.link.waiting_for();
                        if task.as_ref().is_some_and(|task| ends(task, &response)) {
                            t.link.answered();
                            warm_up = task.as_deref() == Some(WARM_UP_TASK);
                        }
                    }
                    // The warm-up's answer (even a failure) is nothing the user asked for.
                    if !warm_up {
                        b.on_trainer_response(response, envelope.buffers)
                    }
                }),
                Err(err) => with(|b| b.change(|p| p.show_error(Some(err.to_string())))),
            },
            move |message| {
                with(|b| {
                    b.stop_trainer();
                    b.change(|p| {
                        p.trainer_failed(format!(
                            "Training stopped ({message}). The data may be too large for this browser's \
                             memory; try a smaller sample or fewer features."
                        ))
                    });
                })
            },
        )?;
        *self.trainer.borrow_mut() = Some(Trainer { link, generation: Cell::new(None) });
        Ok(())
    }

    /// Starts the trainer worker `delay` from now, when none runs then and no file is being
    /// parsed, and has it warm up ([`TrainerRequest::WarmUp`]) while the page is idle: the
    /// first run then starts on optimised code. (A run asked for meanwhile waits for the
    /// warm-up, about a second.)
    pub(crate) fn warm_trainer_later(&self, delay: std::time::Duration) {
        leptos::prelude::set_timeout(
            || {
                with(|b| {
                    if b.trainer.borrow().is_none() && b.load.borrow().is_none() && b.trainer_link().is_ok() {
                        b.post_trainer(&TrainerRequest::WarmUp, Vec::new());
                    }
                })
            },
            delay,
        );
    }

    pub(crate) fn post_trainer(&self, request: &TrainerRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Some(t) = &*self.trainer.borrow() {
            let envelope = Envelope { json: to_json(request), blob: None, buffers };
            match request {
                // Taking the dataset (or a matrix) sends no answer.
                TrainerRequest::SetDataset { .. } | TrainerRequest::SetMatrix { .. } => t.link.post(envelope),
                _ => t.link.request(envelope, trainer_task(request), super::watchdog::TRAINER_DEADLINE_MS),
            }
        }
    }

    /// Runs `request` on the trainer, first giving it the current dataset if it lacks it.
    pub(crate) fn on_trainer(&self, request: TrainerRequest) {
        self.on_trainer_with(request, Vec::new());
    }

    /// [`on_trainer`](Self::on_trainer) with buffers to transfer beside the request.
    pub(crate) fn on_trainer_with(&self, request: TrainerRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Err(message) = self.trainer_link() {
            self.change(|p| p.trainer_failed(message));
            return;
        }
        let current = self.page.borrow().generation;
        let has = self.trainer.borrow().as_ref().and_then(|t| t.generation.get());
        if has == Some(current) {
            self.post_trainer(&request, buffers);
        } else {
            self.pending.borrow_mut().push((request, buffers));
            if self.pending.borrow().len() == 1 {
                self.ask(&EngineRequest::ShareDataset, Vec::new());
            }
        }
    }

    /// Builds the training matrix for `features` and shows its summary.
    pub fn prepare_features(&self, features: FeatureConfig) {
        self.change(PageState::start_prepare);
        self.on_trainer(TrainerRequest::Prepare { features });
    }

    /// Starts a hyper-parameter search on `workers` trainer workers (its candidate × fold fits
    /// shared out over them; the table is the same for any count).
    pub fn tune(
        &self,
        features: FeatureConfig,
        model: crate::core::models::ModelKind,
        tune: crate::core::search::TuneConfig,
        workers: usize,
    ) {
        self.change(|p| p.start_tuning(model, tune.clone()));
        let job = TuneJob { features, model, tune };
        match SplitTune::new(job.clone(), workers, super::load::now_ms()) {
            Ok(Some(split)) => self.start_split(SplitWork::Tune(split)),
            Ok(None) => {
                let TuneJob { features, model, tune } = job;
                self.on_trainer(TrainerRequest::Tune { features, model, tune })
            }
            Err(err) => self.change(|p| p.trainer_failed(err.to_string())),
        }
    }

    /// Starts a training run on `workers` trainer workers (a forest's trees are split over
    /// them; every other model trains on one).
    pub fn train(&self, run: RunConfig, workers: usize) {
        self.change(|p| p.start_training(run.model.kind().label()));
        match SplitRun::new(run.clone(), workers) {
            Ok(Some(split)) => self.start_split(SplitWork::Train(split)),
            Ok(None) => self.on_trainer(TrainerRequest::Train { run }),
            Err(err) => self.change(|p| p.trainer_failed(err.to_string())),
        }
    }

    /// The engine sent a copy of the dataset: hand it to the trainer, then the waiting requests.
    pub(crate) fn on_dataset_shared(&self, file_name: String, buffers: Vec<js_sys::ArrayBuffer>) {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        let current = self.page.borrow().generation;
        let has = self.trainer.borrow().as_ref().and_then(|t| t.generation.get());
        let trainer_needs = self.trainer.borrow().is_some() && !(pending.is_empty() && has == Some(current));
        let Some(buffers) = self.give_split_dataset(&file_name, buffers, trainer_needs) else {
            return; // the copy was for a split run's extra workers only
        };
        if !trainer_needs {
            return; // cancelled meanwhile, or the copy was for the extra workers only
        }
        self.post_trainer(&TrainerRequest::SetDataset { file_name }, buffers);
        if let Some(t) = &*self.trainer.borrow() {
            t.generation.set(Some(self.page.borrow().generation));
        }
        for (request, buffers) in pending {
            self.post_trainer(&request, buffers);
        }
    }

    /// Stops the run at once (terminating the trainer); results so far stay.
    /// A fresh trainer warms up again a few seconds later, as after a load.
    pub fn cancel_training(&self) {
        self.stop_trainer();
        self.change(PageState::cancel_training);
        self.warm_trainer_later(std::time::Duration::from_secs(3));
    }

    /// Terminates the trainer (and a split run's extra workers) and forgets the requests
    /// waiting for it.
    pub(crate) fn stop_trainer(&self) {
        self.stop_split();
        if let Some(t) = self.trainer.borrow_mut().take() {
            t.link.terminate();
        }
        self.pending.borrow_mut().clear();
    }

    fn on_trainer_response(&self, response: TrainerResponse, buffers: Vec<js_sys::ArrayBuffer>) {
        if self.splitting() {
            return match response {
                TrainerResponse::MatrixShared => self.give_split_matrix(buffers),
                response => self.on_share_response(0, response, buffers),
            };
        }
        let payloads: Vec<ModelJson> = buffers.into_iter().map(ModelJson::new).collect();
        match response {
            TrainerResponse::Trained { result } => show_trained(*result, payloads),
            response => self.change(|p| p.apply_trainer(response, payloads, js_sys::Date::now())),
        }
    }
}

/// Shows a finished run in three tasks rather than one long one: this one parsed the message,
/// the next decodes the test predictions (megabytes), the one after renders the result.
fn show_trained(result: RunResult, payloads: Vec<ModelJson>) {
    let task = |f: Box<dyn FnOnce()>| leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
    task(Box::new(move || {
        let mut payloads = payloads.into_iter();
        let predictions = payloads.next().map(|p| p.to_predictions());
        let model = payloads.next();
        task(Box::new(move || {
            with(|b| b.change(|p| p.apply_trained(result, predictions, model)));
        }));
    }));
}
