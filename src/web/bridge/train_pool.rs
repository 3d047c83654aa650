//! A forest, boosted trees or a logistic regression trained by several trainer workers, or a
//! hyper-parameter search shared out over them: the page's side of a [`SplitRun`] or a
//! [`SplitTune`].
//!
//! Worker 0 is the usual trainer; the others are extra trainer workers started for the run.
//! Each gets the dataset and fits its share: a forest's trees at once; a boosted model's
//! classes round by round (each round's trees go back to every worker before the next); a
//! logistic regression's row blocks evaluation by evaluation (each worker's blocks' sums go to
//! every other worker before the next step). When
//! every share is in, the page hands them all (transferred, not copied) to worker 0, which
//! checks, merges and evaluates them. The core's [`SplitRun`] does the bookkeeping (progress, checks, the merge
//! request); this module only starts workers and moves messages.
//!
//! * **The data**: for a training run, worker 0 builds (or reuses) the training matrix and
//!   sends a copy of its training part to each extra worker ([`TrainerRequest::ShareMatrix`]),
//!   which fits its share from it: copying a matrix costs a fraction of what decoding the
//!   dataset and building the matrix again on every worker did, and the extra workers hold no
//!   dataset. The workers of a search refit the feature pipeline on its folds, so the engine
//!   sends each of them a copy of the dataset instead, one after the other. Either way the
//!   copies are transferred through the page, never copied there (a copy of the full export
//!   on the page would be a long task).
//! * **Extra workers live for one run**: they are terminated as soon as their shares are in
//!   (or on Cancel, a failure or a missed deadline). A worker's memory never shrinks, and each
//!   holds a copy of the data: keeping several idle would keep several copies in memory. The
//!   price is one copy of the matrix (or of the dataset) per extra worker per run.

use std::cell::RefCell;

use js_sys::ArrayBuffer;

use super::spawn::WorkerLink;
use super::watchdog::TRAINER_DEADLINE_MS;
use super::{with, Bridge};
use crate::core::protocol::{from_json, to_json, EngineRequest, TrainerRequest, TrainerResponse};
use crate::core::session::split_run::Step;
use crate::core::session::{SplitRun, SplitTune};
use crate::web::envelope::Envelope;

/// What the extra workers wait on while fitting a share (names the request in deadline messages).
pub const SHARE_TASK: &str = "fitting a share of the model";

/// What the workers of a shared search wait on (names the request in deadline messages).
pub const TUNE_PART_TASK: &str = "tuning their share of the candidates";

/// Work shared out over the trainer workers: a forest's, a boosted model's or a logistic regression's training run, or
/// a hyper-parameter search. The core's bookkeeping decides; this only dispatches.
pub enum SplitWork {
    /// A training run ([`SplitRun`]).
    Train(SplitRun<ArrayBuffer>),
    /// A search ([`SplitTune`]).
    Tune(SplitTune),
}

impl SplitWork {
    fn workers(&self) -> usize {
        match self {
            SplitWork::Train(s) => s.workers(),
            SplitWork::Tune(s) => s.workers(),
        }
    }

    fn request(&self, index: usize) -> TrainerRequest {
        match self {
            SplitWork::Train(s) => s.request(index),
            SplitWork::Tune(s) => s.request(index),
        }
    }

    /// What the extra workers wait on.
    fn task(&self) -> &'static str {
        match self {
            SplitWork::Train(_) => SHARE_TASK,
            SplitWork::Tune(_) => TUNE_PART_TASK,
        }
    }

    fn on_response(
        &mut self,
        index: usize,
        response: TrainerResponse,
        buffers: Vec<ArrayBuffer>,
        now_ms: f64,
    ) -> Step<ArrayBuffer> {
        match self {
            SplitWork::Train(s) => s.on_response(index, response, buffers, now_ms),
            SplitWork::Tune(s) => s.on_response(index, response, now_ms),
        }
    }
}

/// A split run in its share phase (or a shared search).
pub struct SplitPool {
    run: RefCell<SplitWork>,
    /// Workers 1, 2, …: `extras[i - 1]` is worker `i`.
    extras: Vec<WorkerLink>,
    /// The first extra worker still waiting for its copy of the dataset (`extras.len()` once
    /// every one has its copy, or when they take the trainer's matrix instead).
    next_dataset: std::cell::Cell<usize>,
}

impl SplitPool {
    /// Stops the extra workers.
    fn terminate(&self) {
        for link in &self.extras {
            link.terminate();
        }
    }

    /// The first extra worker that missed its deadline: its number and what it was doing.
    pub(crate) fn overdue(&self) -> Option<(usize, String, f64)> {
        self.extras.iter().enumerate().find_map(|(i, l)| l.overdue().map(|(what, ms)| (i + 1, what, ms)))
    }

    /// How many workers take part.
    pub(crate) fn workers(&self) -> usize {
        self.extras.len() + 1
    }
}

impl Bridge {
    /// Starts a split run: extra workers for shares 1…, share 0 on the trainer.
    pub(crate) fn start_split(&self, split: SplitWork) {
        self.stop_split();
        let workers = split.workers();
        let mut extras = Vec::with_capacity(workers - 1);
        for index in 1..workers {
            let link = WorkerLink::spawn(
                move |envelope| with(|b| b.on_share_message(index, envelope)),
                move |message| {
                    with(|b| {
                        b.fail_split(format!(
                            "Training worker {} of {workers} stopped ({message}). The data may be too large \
                             for this browser's memory with {workers} workers; try fewer.",
                            index + 1
                        ))
                    })
                },
            );
            match link {
                Ok(link) => extras.push(link),
                Err(message) => {
                    extras.iter().for_each(WorkerLink::terminate);
                    self.change(|p| p.trainer_failed(message));
                    return;
                }
            }
        }
        let first = split.request(0);
        // A training run's extra workers take the trainer's matrix; a search's, the dataset.
        let share_matrix = match &split {
            SplitWork::Train(run) => Some(TrainerRequest::ShareMatrix {
                features: run.run().features.clone(),
                copies: workers - 1,
            }),
            SplitWork::Tune(_) => None,
        };
        let next_dataset = std::cell::Cell::new(if share_matrix.is_some() { extras.len() } else { 0 });
        *self.split.borrow_mut() = Some(SplitPool { run: RefCell::new(split), extras, next_dataset });
        let takes_matrix = share_matrix.is_some();
        if let Some(request) = share_matrix {
            self.on_trainer(request);
        }
        self.on_trainer(first);
        if self.trainer.borrow().is_none() {
            return self.stop_split(); // the trainer could not start (reported)
        }
        // The trainer had the dataset already: ask the engine for a copy for the extra workers.
        if !takes_matrix && self.pending.borrow().is_empty() {
            self.ask(&EngineRequest::ShareDataset, Vec::new());
        }
    }

    /// Gives each extra worker of a training run its copy of the trainer's matrix (`buffers`,
    /// one per extra worker, in order), then its share.
    pub(crate) fn give_split_matrix(&self, buffers: Vec<ArrayBuffer>) {
        let refused = {
            let split = self.split.borrow();
            let Some(pool) = split.as_ref() else { return };
            let run = pool.run.borrow();
            let SplitWork::Train(train) = &*run else { return };
            match buffers.len() == pool.extras.len() {
                true => {
                    let json = to_json(&TrainerRequest::SetMatrix { features: train.run().features.clone() });
                    for (i, (link, buffer)) in pool.extras.iter().zip(buffers).enumerate() {
                        link.post(Envelope { json: json.clone(), blob: None, buffers: vec![buffer] });
                        let request = Envelope::json(to_json(&run.request(i + 1)));
                        link.request(request, run.task(), TRAINER_DEADLINE_MS);
                    }
                    None
                }
                false => Some(format!(
                    "The trainer sent {} copies of the training matrix for {} other workers; train again.",
                    buffers.len(),
                    pool.extras.len()
                )),
            }
        };
        if let Some(message) = refused {
            self.fail_split(message);
        }
    }

    /// Gives a copy of the dataset (`buffers`, from the engine) to the next worker of a split
    /// run waiting for one, then its share; returns the buffers when the trainer should take
    /// them (it needs them, or no extra worker waits). Every worker gets a copy of its own from
    /// the engine, one after the other: a copy of the full export made on the page would be a
    /// long task.
    pub(crate) fn give_split_dataset(
        &self,
        file_name: &str,
        buffers: Vec<ArrayBuffer>,
        trainer_needs: bool,
    ) -> Option<Vec<ArrayBuffer>> {
        let split = self.split.borrow();
        let Some(pool) = split.as_ref().filter(|p| p.next_dataset.get() < p.extras.len()) else {
            return Some(buffers);
        };
        if trainer_needs {
            // The trainer takes this one; the extra workers' copies follow.
            self.ask(&EngineRequest::ShareDataset, Vec::new());
            return Some(buffers);
        }
        let i = pool.next_dataset.get();
        pool.next_dataset.set(i + 1);
        let link = &pool.extras[i];
        let json = to_json(&TrainerRequest::SetDataset { file_name: file_name.to_owned() });
        link.post(Envelope { json, blob: None, buffers });
        let run = pool.run.borrow();
        link.request(Envelope::json(to_json(&run.request(i + 1))), run.task(), TRAINER_DEADLINE_MS);
        if i + 1 < pool.extras.len() {
            self.ask(&EngineRequest::ShareDataset, Vec::new());
        }
        None
    }

    /// Whether a split run is in its share phase (then the trainer's messages go to it).
    pub(crate) fn splitting(&self) -> bool {
        self.split.borrow().is_some()
    }

    /// A message from extra worker `index`.
    fn on_share_message(&self, index: usize, envelope: Envelope) {
        let response = match from_json::<TrainerResponse>(&envelope.json) {
            Ok(response) => response,
            Err(err) => return self.fail_split(err.to_string()),
        };
        if let Some(pool) = &*self.split.borrow() {
            let link = &pool.extras[index - 1];
            if matches!(
                response,
                TrainerResponse::ShareFitted { .. }
                    | TrainerResponse::BoostRound { .. }
                    | TrainerResponse::BlockSums
                    | TrainerResponse::TunePartDone { .. }
                    | TrainerResponse::Failed { .. }
            ) {
                link.answered();
            }
        }
        self.on_share_response(index, response, envelope.buffers);
    }

    /// A share-phase message from worker `index` (0 is the trainer).
    pub(crate) fn on_share_response(
        &self,
        index: usize,
        response: TrainerResponse,
        buffers: Vec<ArrayBuffer>,
    ) {
        let now = super::load::now_ms();
        let step = match &*self.split.borrow() {
            Some(pool) => pool.run.borrow_mut().on_response(index, response, buffers, now),
            None => return,
        };
        match step {
            Step::Wait => {}
            Step::Show(response) => {
                self.change(|p| p.apply_trainer(response, Vec::new(), js_sys::Date::now()))
            }
            Step::Failed(message) => self.fail_split(message),
            Step::Broadcast(request, leaves) => {
                // A boosting round (or a logistic regression's evaluation) is complete: every
                // worker takes it, with the other workers' row leaves (or blocks' sums), and
                // goes on. The extra workers are served first and
                // the trainer last, so a buffer's last recipient takes it and the others a copy.
                let n = leaves.len();
                let mut leaves: Vec<Option<ArrayBuffer>> = leaves.into_iter().map(Some).collect();
                let mut others_of = |me: usize| -> Vec<ArrayBuffer> {
                    let last_recipient = |i: usize| if i == 0 { n - 1 } else { 0 };
                    (0..n)
                        .filter(|&i| i != me)
                        .filter_map(|i| match me == last_recipient(i) {
                            true => leaves[i].take(),
                            false => leaves[i].as_ref().map(|b| b.slice(0)),
                        })
                        .collect()
                };
                if let Some(pool) = &*self.split.borrow() {
                    let json = to_json(&request);
                    for (i, link) in pool.extras.iter().enumerate() {
                        let envelope = Envelope { json: json.clone(), blob: None, buffers: others_of(i + 1) };
                        link.request(envelope, SHARE_TASK, TRAINER_DEADLINE_MS);
                    }
                }
                self.post_trainer(&request, others_of(0));
            }
            Step::Done(response) => {
                // A shared search is joined: the extra workers are done.
                self.stop_split();
                self.change(|p| p.apply_trainer(*response, Vec::new(), js_sys::Date::now()))
            }
            Step::Merge(request, payloads) => {
                // Every share is in: the extra workers are done.
                self.stop_split();
                self.post_trainer(&request, payloads);
            }
        }
    }

    /// Ends a split run with `message`: every worker stops, results already shown stay.
    pub(crate) fn fail_split(&self, message: String) {
        self.stop_trainer();
        self.change(|p| p.trainer_failed(format!("{message} Your results are kept.")));
    }

    /// Terminates the extra workers of a split run, if any.
    pub(crate) fn stop_split(&self) {
        if let Some(pool) = self.split.borrow_mut().take() {
            pool.terminate();
        }
    }
}
