//! [`RoundScorer`]: the raw scores of held-out rows built up round by round while a boosted
//! fit goes on, so that a worker with time to spare between rounds has the test rows scored
//! when the fit ends. The scores are the same bits as [`GbdtModel::scores`] gives for the
//! finished model, and they are only handed out for exactly that model.

use std::ops::Range;

use super::model::{add_trees_to_rows, starting_scores};
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

    /// The number of rows scored.
    pub fn rows(&self) -> usize {
        self.xb.rows
    }

    /// Adds the next trees of the run (a whole round, in output order) to `rows` only, so
    /// that a round can be added a slice of rows at a time; once every row has them,
    /// [`end_round`](Self::end_round) counts the round. Each row still gets the trees in the
    /// model's order, so the scores are the same bits.
    pub fn add_to_rows(&mut self, trees: &[BinTree], rows: Range<usize>) {
        let n_out = self.base.len();
        let first = self.trees.len();
        let scores = &mut self.scores[rows.start * n_out..rows.end * n_out];
        add_trees_to_rows(&self.xb, rows.start, trees, first, n_out, scores, Parallelism::ONE);
    }

    /// Counts a round whose trees every row now has (see [`add_to_rows`](Self::add_to_rows)).
    pub fn end_round(&mut self, trees: &[BinTree]) {
        self.trees.extend_from_slice(trees);
    }

    /// The scores, when `model` is exactly the run scored here: the same bins, base and trees
    /// (a model cut back to its best round, or refitted, is not).
    pub fn scores_of(self, model: &GbdtModel) -> Option<Vec<f32>> {
        let same = model.base == self.base && model.binning == self.binning && model.trees == self.trees;
        same.then_some(self.scores)
    }
}
