//! [`RoundScorer`]: the raw scores of held-out rows built up round by round while a boosted
//! fit goes on, so that a worker with time to spare between rounds has the test rows scored
//! when the fit ends. The scores are the same bits as [`GbdtModel::scores`] gives for the
//! finished model, and they are only handed out for exactly that model.

use super::model::{add_trees, starting_scores};
use super::GbdtModel;
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::models::hist::binning::BinnedMatrix;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::parallel::Parallelism;

/// Raw scores of a frame's rows under the trees added so far.
#[derive(Debug)]
pub struct RoundScorer {
    binning: Binning,
    base: Vec<f32>,
    xb: BinnedMatrix,
    /// `rows × n_out`, row-major, as [`GbdtModel::scores`] lays them out.
    scores: Vec<f32>,
    trees: Vec<BinTree>,
}

impl RoundScorer {
    /// Scores `x` under a run whose bins are `binning` and whose outputs start at `base`.
    pub fn new(binning: &Binning, base: &[f32], x: &FeatureFrame) -> Result<RoundScorer> {
        let xb = binning.bin_with(x, Parallelism::ONE)?;
        let scores = starting_scores(base, x.rows);
        Ok(RoundScorer { binning: binning.clone(), base: base.to_vec(), xb, scores, trees: Vec::new() })
    }

    /// Adds the next trees of the run (a whole round, in output order).
    pub fn add(&mut self, trees: &[BinTree]) {
        let n_out = self.base.len();
        add_trees(&self.xb, trees, self.trees.len(), n_out, &mut self.scores, Parallelism::ONE);
        self.trees.extend_from_slice(trees);
    }

    /// The scores, when `model` is exactly the run scored here: the same bins, base and trees
    /// (a model cut back to its best round, or refitted, is not).
    pub fn scores_of(self, model: &GbdtModel) -> Option<Vec<f32>> {
        let same = model.base == self.base && model.binning == self.binning && model.trees == self.trees;
        same.then_some(self.scores)
    }
}
