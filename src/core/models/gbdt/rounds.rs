//! A boosted fit spread over several workers that share no memory, as two small state
//! machines driven by messages:
//!
//! * [`RoundWorker`], on each worker: holds its [`Booster`] across messages, grows its share
//!   of each round's trees, takes the whole round, and moves from the first run to the refit
//!   when the fit plans one (as [`fit`](crate::core::models::Learner::fit) does);
//! * [`RoundCollector`], on the page: gathers each worker's trees of a round and, once all are
//!   in, gives the whole round (in output order) to send to every worker.
//!
//! The model is the one a single fit gives, bit for bit, for any number of workers.

use std::ops::Range;

use super::booster::{Booster, RoundEnd};
use super::row_leaves;
use super::{GbdtModel, GbdtParams, Refit};
use crate::core::error::{Error, Result};
use crate::core::models::hist::check::check_data;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::models::{Monitor, TrainData, Valid};
use crate::core::parallel::even_ranges;

/// The outputs (tree indices within a round) each of `workers` workers grows, for a model of
/// `n_classes` classes: consecutive ranges, as even as possible; workers beyond the number of
/// outputs grow none (they still keep step).
pub fn output_shares(n_classes: usize, workers: usize) -> Vec<Range<usize>> {
    let n_out = if n_classes == 2 { 1 } else { n_classes };
    let workers = workers.max(1);
    let mut shares = even_ranges(n_out, workers.min(n_out.max(1)));
    shares.resize(workers, n_out..n_out);
    shares
}

/// What a worker sends after a message.
#[derive(Debug)]
pub enum WorkerStep {
    /// Its trees of the next round (possibly none), for the collector, and the leaf of every
    /// training row in each ([`row_leaves::encode`]), for the other workers.
    Round(Vec<BinTree>, Vec<u8>),
    /// The fit is over: the model (the same on every worker).
    Finished(Box<GbdtModel>),
}

/// One worker's side of a boosted fit.
pub struct RoundWorker {
    params: Valid<GbdtParams>,
    outputs: Range<usize>,
    /// The current run; none once the model is out.
    booster: Option<Booster>,
    /// Whether the current run is the refit (the last run).
    refitting: bool,
}

impl RoundWorker {
    /// Starts a fit of checked `params` on `data` (checked here) growing `outputs` of each
    /// round, and grows its trees of the first round.
    pub fn start(
        params: &Valid<GbdtParams>,
        data: &TrainData,
        outputs: Range<usize>,
    ) -> Result<(RoundWorker, WorkerStep)> {
        check_data(data)?;
        let mut booster = Booster::new(params, data, params.first_window(data))?;
        booster.record_leaves();
        let step = grow_step(&mut booster, &outputs)?;
        let worker =
            RoundWorker { params: params.clone(), outputs, booster: Some(booster), refitting: false };
        Ok((worker, step))
    }

    /// The current run's bins and starting scores (none once the model is out): what a
    /// [`RoundScorer`](super::round_scorer::RoundScorer) of its rounds starts from.
    pub fn basis(&self) -> Option<(&Binning, &[f32])> {
        self.booster.as_ref().map(|b| (b.binning(), b.base()))
    }

    /// Whether the current run is the refit (on training + validation rows), which follows the
    /// first run when early stopping ends it and the fit plans one.
    pub fn refitting(&self) -> bool {
        self.refitting
    }

    /// Takes the whole last round (`n_out` trees in output order) with the other workers' row
    /// leaves (their buffers, in worker order, without this worker's) and grows its trees of
    /// the next one, starting the refit when the first run is over and the fit plans one; or
    /// ends with the model. `data` is the data the fit started with.
    pub fn next(
        &mut self,
        data: &TrainData,
        round: Vec<BinTree>,
        leaves: &[&[u8]],
        monitor: &mut dyn Monitor,
    ) -> Result<WorkerStep> {
        let Some(booster) = self.booster.as_mut() else {
            return Err(Error::invalid_model("this boosted fit is already over"));
        };
        let leaves = row_leaves::decode_round(leaves, &round, self.outputs.clone(), booster.leaf_rows())?;
        if booster.finish_round(round, self.outputs.clone(), &leaves, monitor)? == RoundEnd::More {
            return grow_step(booster, &self.outputs);
        }
        let model = self.booster.take().expect("checked above").into_model();
        let refit = if self.refitting { None } else { self.params.refit(data, model.rounds)? };
        let Some(refit) = refit else {
            return Ok(WorkerStep::Finished(Box::new(model)));
        };
        let refit_data = refit.train_data(data);
        let mut booster = Booster::new(&refit.params, &refit_data, Refit::WINDOW)?;
        booster.record_leaves();
        let step = grow_step(&mut booster, &self.outputs)?;
        self.booster = Some(booster);
        self.refitting = true;
        Ok(step)
    }
}

/// Grows `outputs`' trees of the next round: the step with the trees and their row leaves.
fn grow_step(booster: &mut Booster, outputs: &Range<usize>) -> Result<WorkerStep> {
    let trees = booster.grow(outputs.clone())?;
    Ok(WorkerStep::Round(trees, row_leaves::encode(&booster.take_leaves())))
}

/// The page's side: each round's trees from every worker, joined in worker order (which is
/// class order: worker `i` grows the `i`-th range of [`output_shares`]), with each worker's
/// row leaves (`P`, opaque here: a transferred buffer in the browser). How many trees each
/// sends, and its leaves, are checked by the workers, which refuse a round that does not fit.
#[derive(Debug)]
pub struct RoundCollector<P> {
    pending: Vec<Option<(Vec<BinTree>, P)>>,
}

/// A whole round: every tree in class order, and every worker's row leaves in worker order.
pub type Round<P> = (Vec<BinTree>, Vec<P>);

impl<P> RoundCollector<P> {
    /// A collector for `workers` workers.
    pub fn new(workers: usize) -> RoundCollector<P> {
        RoundCollector { pending: (0..workers).map(|_| None).collect() }
    }

    /// Takes worker `index`'s trees of the round and their row leaves; once every worker's
    /// are in, the whole round (and the collector is ready for the next round). A worker the
    /// run does not have, or one sending twice in a round, is an error.
    pub fn add(&mut self, index: usize, trees: Vec<BinTree>, leaves: P) -> Result<Option<Round<P>>> {
        let workers = self.pending.len();
        let Some(slot) = self.pending.get_mut(index) else {
            return Err(Error::shape("boosting workers", workers, index + 1));
        };
        if slot.replace((trees, leaves)).is_some() {
            return Err(Error::invalid_model(format!("boosting worker {} sent a round twice", index + 1)));
        }
        if self.pending.iter().any(Option::is_none) {
            return Ok(None);
        }
        let mut all_trees = Vec::new();
        let mut all_leaves = Vec::with_capacity(workers);
        for slot in &mut self.pending {
            let (trees, leaves) = slot.take().expect("every worker's trees are in");
            all_trees.extend(trees);
            all_leaves.push(leaves);
        }
        Ok(Some((all_trees, all_leaves)))
    }
}
