//! Training: the page's side of the trainer worker.
//!
//! The trainer holds its own copy of the dataset (sent by the engine when it has none or an
//! old one), so Cancel terminates it at once and the engine, the dataset and the results
//! already shown stay as they are.

use crate::web::model_json::ModelJson;
use std::cell::Cell;

use leptos::prelude::*;

use super::spawn::WorkerLink;
use super::{with, Bridge};
use crate::core::eval::TestPredictions;
use crate::core::experiment::{RunConfig, RunEvent};
use crate::core::features::FeatureConfig;
use crate::core::protocol::{from_json, to_json, EngineRequest, TrainerRequest, TrainerResponse};
use crate::core::search::TuningRecord;
use crate::web::envelope::{read_buffer, Envelope};
use crate::web::ui::state::{ResultView, SharedPredictions, TrainingView, TuneView};

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

/// What a trainer request is, for people (and for matching its final answer).
fn trainer_task(request: &TrainerRequest) -> &'static str {
    match request {
        TrainerRequest::SetDataset { .. } => "receiving the dataset",
        TrainerRequest::Prepare { .. } => "preparing features",
        TrainerRequest::Tune { .. } => "tuning",
        TrainerRequest::Train { .. } => "training",
        TrainerRequest::Importance { .. } => "permutation importance",
        TrainerRequest::Apply { .. } => "applying a saved model",
    }
}

/// Whether `response` is the final answer to the request `task` ([`trainer_task`]).
fn ends(task: &str, response: &TrainerResponse) -> bool {
    matches!(
        (task, response),
        (_, TrainerResponse::Failed { .. })
            | ("preparing features", TrainerResponse::Prepared { .. })
            | ("tuning", TrainerResponse::Tuned { .. })
            | ("training", TrainerResponse::Trained { .. })
            | ("permutation importance", TrainerResponse::Importance { .. })
            | ("applying a saved model", TrainerResponse::Applied { .. })
    )
}

impl Bridge {
    fn trainer_link(&self) -> Result<(), String> {
        if self.trainer.borrow().is_some() {
            return Ok(());
        }
        let state = self.state;
        let link = WorkerLink::spawn(
            move |envelope| match from_json::<TrainerResponse>(&envelope.json) {
                Ok(response) => with(|b| {
                    if let Some(t) = &*b.trainer.borrow() {
                        if t.link.waiting_for().is_some_and(|task| ends(&task, &response)) {
                            t.link.answered();
                        }
                    }
                    b.on_trainer_response(response, envelope.buffers)
                }),
                Err(err) => state.error.set(Some(err.to_string())),
            },
            move |message| {
                with(|b| {
                    b.cancel_training();
                    b.state.error.set(Some(format!(
                        "Training stopped ({message}). The data may be too large for this browser's memory; \
                         try a smaller sample or fewer features."
                    )));
                })
            },
        )?;
        *self.trainer.borrow_mut() = Some(Trainer { link, generation: Cell::new(None) });
        Ok(())
    }

    fn post_trainer(&self, request: &TrainerRequest, buffers: Vec<js_sys::ArrayBuffer>) {
        if let Some(t) = &*self.trainer.borrow() {
            let envelope = Envelope { json: to_json(request), blob: None, buffers };
            match request {
                // Taking the dataset sends no answer.
                TrainerRequest::SetDataset { .. } => t.link.post(envelope),
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
            self.state.error.set(Some(message));
            self.state.training.set(None);
            return;
        }
        let current = self.state.generation.get_untracked();
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
        self.state.feature_summary.set(None);
        self.on_trainer(TrainerRequest::Prepare { features });
    }

    /// Starts a hyper-parameter search.
    pub fn tune(
        &self,
        features: FeatureConfig,
        model: crate::core::models::ModelKind,
        tune: crate::core::search::TuneConfig,
    ) {
        self.state.error.set(None);
        self.state.tuning.set(Some(TuneView {
            model_label: model.label().to_owned(),
            fraction: 0.0,
            model,
            config: tune.clone(),
            record: None,
        }));
        self.state.training.set(Some(TrainingView::new(&format!("{} (tuning)", model.label()))));
        self.on_trainer(TrainerRequest::Tune { features, model, tune });
    }

    /// Starts a training run.
    pub fn train(&self, run: RunConfig) {
        self.state.error.set(None);
        self.state.training.set(Some(TrainingView::new(run.model.kind().label())));
        self.on_trainer(TrainerRequest::Train { run });
    }

    /// The engine sent a copy of the dataset: hand it to the trainer, then the waiting requests.
    pub(crate) fn on_dataset_shared(&self, file_name: String, buffers: Vec<js_sys::ArrayBuffer>) {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        if self.trainer.borrow().is_none() {
            return; // cancelled meanwhile
        }
        self.post_trainer(&TrainerRequest::SetDataset { file_name }, buffers);
        if let Some(t) = &*self.trainer.borrow() {
            t.generation.set(Some(self.state.generation.get_untracked()));
        }
        for (request, buffers) in pending {
            self.post_trainer(&request, buffers);
        }
    }

    /// Stops the run at once (terminating the trainer); results so far stay.
    pub fn cancel_training(&self) {
        if let Some(t) = self.trainer.borrow_mut().take() {
            t.link.terminate();
        }
        self.pending.borrow_mut().clear();
        self.state.training.set(None);
        self.state.importance_job.set(None);
        super::apply::forget_pending();
    }

    fn on_trainer_response(&self, response: TrainerResponse, buffers: Vec<js_sys::ArrayBuffer>) {
        let state = self.state;
        match response {
            TrainerResponse::Prepared { summary } => state.feature_summary.set(Some(*summary)),
            TrainerResponse::Event { event } => match event {
                RunEvent::Prepared { summary } => {
                    state.feature_summary.set(Some(*summary));
                    state.training.update(|t| {
                        if let Some(t) = t {
                            t.stage = "Training…".into();
                        }
                    });
                }
                RunEvent::Training(progress) => state.training.update(|t| {
                    if let Some(t) = t {
                        t.advance(progress.fraction);
                        t.curve.push(progress);
                    }
                }),
                RunEvent::Evaluating => state.training.update(|t| {
                    if let Some(t) = t {
                        t.fraction = 1.0;
                        t.stage = "Evaluating on the test rows…".into();
                    }
                }),
            },
            TrainerResponse::TuneProgress(p) => {
                state.tuning.update(|t| {
                    if let Some(t) = t {
                        t.fraction = p.fraction;
                    }
                });
                state.training.update(|t| {
                    if let Some(t) = t {
                        t.advance(p.fraction);
                        t.stage = format!(
                            "Candidate {} of {}, fold {} of {}",
                            p.candidate + 1,
                            p.candidates,
                            p.fold + 1,
                            p.folds
                        );
                    }
                });
            }
            TrainerResponse::Tuned { result } => {
                state.training.set(None);
                state.tuning.update(|t| {
                    if let Some(t) = t {
                        t.fraction = 1.0;
                        t.record = Some(TuningRecord::new(t.model, &t.config, &result));
                    }
                });
            }
            TrainerResponse::Trained { result } => {
                state.training.set(None);
                let predictions = decode_predictions(&buffers).unwrap_or_else(|message| {
                    state.error.set(Some(message));
                    None
                });
                let Some(model) = buffers.get(1).cloned().map(ModelJson::new) else {
                    state.error.set(Some("The trained model did not arrive from the trainer.".into()));
                    return;
                };
                state.results.update(|r| {
                    let id = r.iter().map(|v| v.id).max().map_or(1, |m| m + 1);
                    r.push(ResultView { id, result: *result, model, predictions });
                });
            }
            TrainerResponse::ImportanceProgress(p) => self.on_importance_progress(p),
            TrainerResponse::ApplyProgress { done, total } => self.on_apply_progress(done, total),
            TrainerResponse::Applied { summary, result } => self.on_applied(*summary, result, buffers),
            TrainerResponse::Importance { importance, ms } => self.on_importance(*importance, ms),
            TrainerResponse::Failed { message } => {
                state.training.set(None);
                state.importance_job.set(None);
                super::apply::forget_pending();
                state.error.set(Some(message));
            }
        }
    }
}

/// The test predictions sent beside a `Trained` (or `Applied`) message, if any.
pub(crate) fn decode_predictions(
    buffers: &[js_sys::ArrayBuffer],
) -> Result<Option<SharedPredictions>, String> {
    let Some(buffer) = buffers.first() else { return Ok(None) };
    read_buffer(buffer, |header, fill| TestPredictions::decode_with(header, fill))
        .map(|p| Some(SharedPredictions(std::sync::Arc::new(p))))
        .map_err(|err| {
            format!("The test predictions could not be read ({err}); the map and CSV are unavailable.")
        })
}
