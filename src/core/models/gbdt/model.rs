//! [`GbdtModel`]: the trained boosted trees and their prediction.

use serde::{Deserialize, Serialize};

use super::loss::probabilities;
use crate::core::frame::FeatureFrame;
use crate::core::models::hist::shuffled::ShuffledColumns;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::models::{ColumnPredictor, Model};

/// Gradient-boosted trees: bin mappers, a base score per output and the trees of every
/// round (round `i`, output `k` at index `i × n_out + k`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Raw scores (`rows × n_out`) of a frame.
    pub fn scores(&self, x: &FeatureFrame) -> Vec<f32> {
        let xb = self.binning.bin(x);
        let n_out = self.n_out;
        let mut scores = Vec::with_capacity(x.rows * n_out);
        for _ in 0..x.rows {
            scores.extend_from_slice(&self.base);
        }
        // Blocks of rows so that each tree's nodes stay in cache across the block.
        const BLOCK: usize = 512;
        let mut start = 0;
        while start < x.rows {
            let end = (start + BLOCK).min(x.rows);
            for (t, tree) in self.trees.iter().enumerate() {
                let k = t % n_out;
                for r in start..end {
                    scores[r * n_out + k] += tree.predict(xb.row(r))[0];
                }
            }
            start = end;
        }
        scores
    }
}

impl Model for GbdtModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn predict_proba(&self, x: &FeatureFrame) -> Vec<f32> {
        probabilities(&self.scores(x), self.n_out, self.n_classes)
    }

    fn importance(&self) -> Option<Vec<f64>> {
        Some(self.importance.clone())
    }

    fn column_predictor<'a>(&'a self, base: &FeatureFrame) -> Option<Box<dyn ColumnPredictor + 'a>> {
        Some(Box::new(ShuffledColumns::new(&self.binning, &self.trees, &self.base, base)))
    }
}
