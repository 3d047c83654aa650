//! [`TestScoring`]: the first worker of a split boosted run scores the test rows between
//! rounds, in its spare time: once its answer is on its way and while it would otherwise wait
//! for the others. The work comes in short slices (a few thousand rows of one round), so a
//! round that arrives meanwhile waits for one slice at most, and whatever is left when the fit
//! ends is done at the evaluation. The scores count only if they are exactly the finished
//! model's.

use std::collections::VecDeque;

use crate::core::frame::FeatureFrame;
use crate::core::models::gbdt::round_scorer::RoundScorer;
use crate::core::models::gbdt::rounds::RoundWorker;
use crate::core::models::gbdt::GbdtModel;
use crate::core::models::hist::BinTree;

/// Test rows one [`step`](TestScoring::step) adds a round to: about 3 ms of a ten-class
/// round in the browser, a multiple of the scorer's blocks of rows.
pub const SLICE_ROWS: usize = 8192;

/// The test rows' scores of a split boosted run, built up behind the fit.
#[derive(Debug)]
pub struct TestScoring {
    /// Rows a step adds a round to ([`SLICE_ROWS`] unless set).
    slice_rows: usize,
    /// The scores of the current run (the first run or the refit), from its first round on.
    scorer: Option<RoundScorer>,
    /// Whether `scorer` follows the refit.
    refit: bool,
    /// Whole rounds not yet added (each with whether it belongs to the refit), oldest first.
    pending: VecDeque<(Vec<BinTree>, bool)>,
    /// Rows of the oldest pending round already added.
    rows_done: usize,
    /// Set when a scorer could not be made (the test rows do not bin): nothing more is tried.
    given_up: bool,
}

impl Default for TestScoring {
    fn default() -> Self {
        TestScoring::with_slice_rows(SLICE_ROWS)
    }
}

impl TestScoring {
    /// Scoring whose steps add a round to `rows` rows (at least one) at a time.
    pub fn with_slice_rows(rows: usize) -> TestScoring {
        TestScoring {
            slice_rows: rows.max(1),
            scorer: None,
            refit: false,
            pending: VecDeque::new(),
            rows_done: 0,
            given_up: false,
        }
    }

    /// Queues a whole round (`refit`: of the refit) for the next [`step`](Self::step)s.
    pub fn hold(&mut self, round: &[BinTree], refit: bool) {
        if !self.given_up {
            self.pending.push_back((round.to_vec(), refit));
        }
    }

    /// Whether a [`step`](Self::step) has anything to do.
    fn has_work(&self, worker: Option<&RoundWorker>) -> bool {
        !self.given_up && (!self.pending.is_empty() || (self.scorer.is_none() && worker.is_some()))
    }

    /// Does one short slice of the work: bins the test rows before the first whole round
    /// comes, else adds the oldest pending round to the next slice of rows (a round of
    /// a run `worker` has left is dropped). Returns whether work is left.
    pub fn step(&mut self, worker: Option<&RoundWorker>, test: &FeatureFrame) -> bool {
        if self.given_up {
            return false;
        }
        let Some((round, refit)) = self.pending.front() else {
            // Before the first whole round: bin the test rows now, while there is time.
            if self.scorer.is_none() && worker.is_some() {
                self.start(worker, worker.is_some_and(RoundWorker::refitting), test);
            }
            return false;
        };
        let refit = *refit;
        if self.scorer.is_none() || self.refit != refit {
            // The worker has moved on to the refit: this round's run is over.
            if worker.is_some_and(|w| w.refitting() != refit) {
                self.scorer = None;
                self.pending.pop_front();
                self.rows_done = 0;
                return self.has_work(worker);
            }
            self.start(worker, refit, test);
            if self.scorer.is_none() {
                self.pending.clear();
                self.rows_done = 0;
                return false;
            }
            return true;
        }
        let scorer = self.scorer.as_mut().expect("checked above");
        let end = (self.rows_done + self.slice_rows).min(scorer.rows());
        scorer.add_to_rows(round, self.rows_done..end);
        self.rows_done = end;
        if end == scorer.rows() {
            scorer.end_round(round);
            self.pending.pop_front();
            self.rows_done = 0;
        }
        self.has_work(worker)
    }

    /// Does all the work left (see [`step`](Self::step)).
    pub fn settle(&mut self, worker: Option<&RoundWorker>, test: &FeatureFrame) {
        while self.step(worker, test) {}
    }

    fn start(&mut self, worker: Option<&RoundWorker>, refit: bool, test: &FeatureFrame) {
        self.rows_done = 0;
        let Some((binning, base)) = worker.and_then(RoundWorker::basis) else {
            self.scorer = None;
            return;
        };
        match RoundScorer::new(binning, base, test) {
            Ok(scorer) => (self.scorer, self.refit) = (Some(scorer), refit),
            Err(_) => (self.scorer, self.given_up) = (None, true),
        }
    }

    /// The test rows' class probabilities under `model`, when every one of its rounds was
    /// scored here (the rounds still pending are added first).
    pub fn proba_of(mut self, model: &GbdtModel, test: &FeatureFrame) -> Option<Vec<f32>> {
        self.settle(None, test);
        let scores = self.scorer?.scores_of(model)?;
        Some(model.proba_of_scores(&scores))
    }
}
