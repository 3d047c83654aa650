//! [`GbdtModel`]: the trained boosted trees and their prediction.

use serde::{Deserialize, Serialize};

use super::loss::probabilities;
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::models::fitted::{ensure, ensure_classes, ensure_finite, ensure_len, product, within};
use crate::core::models::hist::binning::BinnedMatrix;
use crate::core::models::hist::class_trees::validate_importance;
use crate::core::models::hist::flat_tree::FlatTree;
use crate::core::models::hist::shuffled::ShuffledColumns;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::models::{ColumnPredictor, InputKind, Model};
use crate::core::parallel::{blocks_mut, Parallelism};

/// Gradient-boosted trees: bin mappers, a base score per output and the trees of every
/// round (round `i`, output `k` at index `i × n_out + k`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GbdtModel {
    /// Number of classes.
    pub n_classes: usize,
    /// Scores per row: 1 (logistic) for two classes, else one per class (softmax).
    pub n_out: usize,
    /// Starting score of each output (log prior odds).
    pub base: Vec<f32>,
    /// How raw features map to bins.
    pub binning: Binning,
    /// The trees, round-major.
    pub trees: Vec<BinTree>,
    /// Rounds kept (the best round when early stopping ran).
    pub rounds: usize,
    /// Total split gain per feature, normalised to sum 1.
    pub importance: Vec<f64>,
}

impl GbdtModel {
    /// Raw scores (`rows × n_out`) of a frame; an error when the frame does not have the
    /// features the model was trained on.
    pub fn scores(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.scores_with(x, Parallelism::ONE)
    }

    /// [`scores`](Self::scores) with blocks of rows spread over `parallelism`'s threads (each
    /// row's score is summed over the trees in the same order whatever the thread count).
    pub fn scores_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        let xb = self.binning.bin_with(x, parallelism)?;
        let mut scores = starting_scores(&self.base, x.rows);
        add_trees(&xb, &self.trees, 0, self.n_out, &mut scores, parallelism);
        Ok(scores)
    }

    /// The class probabilities of raw scores from [`scores`](Self::scores).
    pub fn proba_of_scores(&self, scores: &[f32]) -> Vec<f32> {
        probabilities(scores, self.n_out, self.n_classes)
    }
}

/// The raw scores (`rows × n_out`, row-major) of `rows` rows before any tree: each output's
/// starting score `base`.
pub fn starting_scores(base: &[f32], rows: usize) -> Vec<f32> {
    base.repeat(rows)
}

/// Adds `trees` (the model's trees from index `first` on, so tree `j` scores output
/// `(first + j) % n_out`) to the raw scores (`rows × n_out`, row-major) of the binned rows `xb`.
/// Each row's score gets the trees in order, so adding a model's trees a few at a time, in
/// order, gives the same bits as adding them all at once.
pub fn add_trees(
    xb: &BinnedMatrix,
    trees: &[BinTree],
    first: usize,
    n_out: usize,
    scores: &mut [f32],
    parallelism: Parallelism,
) {
    add_trees_to_rows(xb, 0, trees, first, n_out, scores, parallelism);
}

/// [`add_trees`] for the rows of `xb` from `row0` on: `scores` holds theirs (a whole number of
/// rows × `n_out`).
pub fn add_trees_to_rows(
    xb: &BinnedMatrix,
    row0: usize,
    trees: &[BinTree],
    first: usize,
    n_out: usize,
    scores: &mut [f32],
    parallelism: Parallelism,
) {
    let flat: Vec<FlatTree> = trees.iter().map(FlatTree::new).collect();
    // Blocks of rows so that each tree's nodes stay in cache across the block.
    const BLOCK: usize = 512;
    parallelism.map(blocks_mut(scores, BLOCK * n_out.max(1)), |b, block| {
        let start = row0 + b * BLOCK;
        let mut leaves = vec![0u32; block.len() / n_out.max(1)];
        for (t, (tree, flat)) in trees.iter().zip(&flat).enumerate() {
            let k = (first + t) % n_out;
            flat.leaves_of_range(xb, start, &mut leaves);
            for (row, &leaf) in block.chunks_exact_mut(n_out).zip(&leaves) {
                row[k] += tree.values[leaf as usize];
            }
        }
    });
}

impl Model for GbdtModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.binning.inputs())
    }

    /// One output for two classes (logistic), else one per class (softmax); a base score per
    /// output; `rounds × n_out` trees of one value per leaf, on the binning's features.
    fn validate(&self) -> Result<()> {
        ensure_classes(self.n_classes)?;
        let n_out = if self.n_classes == 2 { 1 } else { self.n_classes };
        ensure(self.n_out == n_out, || {
            format!("n_out is {} where {} classes need {n_out}", self.n_out, self.n_classes)
        })?;
        ensure_len("base", self.base.len(), n_out)?;
        ensure_finite("base", &self.base)?;
        self.binning.validate()?;
        ensure_len("trees", self.trees.len(), product("trees", self.rounds, n_out)?)?;
        for (t, tree) in self.trees.iter().enumerate() {
            tree.validate(&self.binning.mappers, 1).map_err(within(format!("tree {t}")))?;
        }
        validate_importance(&self.importance, self.binning.n_features())
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        Ok(probabilities(&self.scores(x)?, self.n_out, self.n_classes))
    }

    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        Ok(probabilities(&self.scores_with(x, parallelism)?, self.n_out, self.n_classes))
    }

    fn importance(&self) -> Option<Vec<f64>> {
        Some(self.importance.clone())
    }

    fn column_predictor<'a>(&'a self, base: &FeatureFrame) -> Option<Box<dyn ColumnPredictor + 'a>> {
        Some(Box::new(ShuffledColumns::new(&self.binning, &self.trees, &self.base, base).ok()?))
    }
}
