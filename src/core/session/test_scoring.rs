//! [`TestScoring`]: the first worker of a split boosted run scores the test rows between
//! rounds, once its answer is on its way and while it would otherwise wait for the others
//! (their classes usually cost more than its own), so that the evaluation after the last round
//! does not have to. The scores count only if they are exactly the finished model's.

use crate::core::frame::FeatureFrame;
use crate::core::models::gbdt::round_scorer::RoundScorer;
use crate::core::models::gbdt::rounds::RoundWorker;
use crate::core::models::gbdt::GbdtModel;
use crate::core::models::hist::BinTree;

/// The test rows' scores of a split boosted run, a round behind the fit.
#[derive(Debug, Default)]
pub struct TestScoring {
    /// The scores of the current run (the first run or the refit), from its first round on.
    scorer: Option<RoundScorer>,
    /// Whether `scorer` follows the refit.
    refit: bool,
    /// The last whole round, and whether it belongs to the refit: added by
    /// [`settle`](Self::settle).
    pending: Option<(Vec<BinTree>, bool)>,
    /// Set when a scorer could not be made (the test rows do not bin): nothing more is tried.
    given_up: bool,
}

impl TestScoring {
    /// Keeps a whole round (`refit`: of the refit) to add at the next [`settle`](Self::settle);
    /// one left over from before is added first.
    pub fn hold(
        &mut self,
        round: &[BinTree],
        refit: bool,
        worker: Option<&RoundWorker>,
        test: &FeatureFrame,
    ) {
        self.settle(worker, test);
        if !self.given_up {
            self.pending = Some((round.to_vec(), refit));
        }
    }

    /// Adds the round held back, starting the scores of a run when its first round comes (from
    /// `worker`'s bins and starting scores; a round of a run the worker has left is dropped).
    pub fn settle(&mut self, worker: Option<&RoundWorker>, test: &FeatureFrame) {
        if self.given_up {
            return;
        }
        let Some((round, refit)) = self.pending.take() else {
            // Before the first whole round: bin the test rows now, while there is time.
            if self.scorer.is_none() {
                self.start(worker, worker.is_some_and(RoundWorker::refitting), test);
            }
            return;
        };
        if self.scorer.is_none() || self.refit != refit {
            // The worker has moved on to the refit: this round's run is over.
            if worker.is_some_and(|w| w.refitting() != refit) {
                self.scorer = None;
                return;
            }
            self.start(worker, refit, test);
        }
        if let Some(scorer) = &mut self.scorer {
            scorer.add(&round);
        }
    }

    fn start(&mut self, worker: Option<&RoundWorker>, refit: bool, test: &FeatureFrame) {
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
    /// scored here (the held-back last round included).
    pub fn proba_of(mut self, model: &GbdtModel, test: &FeatureFrame) -> Option<Vec<f32>> {
        self.settle(None, test);
        let scores = self.scorer?.scores_of(model)?;
        Some(model.proba_of_scores(&scores))
    }
}
