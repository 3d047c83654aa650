//! Predictions of a frame with one column replaced, for permutation importance on boosted
//! trees: only the trees that split on that column can change a row's scores, so their old
//! leaf values are taken out of the frame's cached scores and their new ones put in. Most
//! features feed few trees, so this is many times faster than predicting every shuffled
//! frame in full.
//!
//! The predicted class is the argmax of the scores (the sign of the single score of a
//! logistic model), as the probabilities order them. Scores are updated rather than summed
//! afresh, so a row on an exact tie could differ by float rounding; random forests, whose
//! averaged class shares tie often, keep full predictions.

use super::{BinTree, Binning};
use crate::core::frame::{FeatureFrame, FeatureValues};
use crate::core::models::{argmax_rows, ColumnPredictor};

/// A frame's binned rows and cached scores, ready for one replaced column at a time.
pub struct ShuffledColumns<'a> {
    binning: &'a Binning,
    trees: &'a [BinTree],
    /// Scores per row: 1 for a logistic model (class 1 when positive), else one per class;
    /// tree `t` adds to score `t % n_out`.
    n_out: usize,
    /// `rows × features` bins, row after row.
    bins: Vec<u8>,
    stride: usize,
    rows: usize,
    /// Scores of the frame: `base` plus every tree.
    sums: Vec<f32>,
    /// Trees splitting on each feature.
    trees_of: Vec<Vec<u32>>,
    names: Vec<String>,
}

const BLOCK: usize = 512;

impl<'a> ShuffledColumns<'a> {
    /// Bins `x` and scores it: `base` (one value per score) plus every tree.
    pub fn new(binning: &'a Binning, trees: &'a [BinTree], base: &[f32], x: &FeatureFrame) -> Self {
        let xb = binning.bin(x);
        let n_out = base.len().max(1);
        let mut sums = Vec::with_capacity(x.rows * n_out);
        for _ in 0..x.rows {
            sums.extend_from_slice(base);
        }
        let mut trees_of = vec![Vec::new(); binning.n_features()];
        for (t, tree) in trees.iter().enumerate() {
            let mut used: Vec<u32> = tree.nodes.iter().map(|n| n.feature).collect();
            used.sort_unstable();
            used.dedup();
            for f in used {
                trees_of[f as usize].push(t as u32);
            }
        }
        let mut me = ShuffledColumns {
            binning,
            trees,
            n_out,
            bins: xb.bins().to_vec(),
            stride: binning.n_features(),
            rows: x.rows,
            sums: Vec::new(),
            trees_of,
            names: x.names(),
        };
        let all: Vec<u32> = (0..trees.len() as u32).collect();
        me.add(&mut sums, &all, 1.0, None);
        me.sums = sums;
        me
    }

    /// Adds `sign ×` the leaf values of `trees` to `sums`, with column `swap.0` read from
    /// `swap.1` instead of the frame.
    fn add(&mut self, sums: &mut [f32], trees: &[u32], sign: f32, swap: Option<(usize, &[u8])>) {
        let (n_out, stride) = (self.n_out, self.stride);
        let mut start = 0;
        while start < self.rows {
            let end = (start + BLOCK).min(self.rows);
            for &t in trees {
                let tree = &self.trees[t as usize];
                for r in start..end {
                    let row = &mut self.bins[r * stride..(r + 1) * stride];
                    let value = match swap {
                        Some((j, new)) => {
                            let saved = row[j];
                            row[j] = new[r];
                            let value = tree.predict(row)[0];
                            row[j] = saved;
                            value
                        }
                        None => tree.predict(row)[0],
                    };
                    sums[r * n_out + t as usize % n_out] += sign * value;
                }
            }
            start = end;
        }
    }
}

impl ColumnPredictor for ShuffledColumns<'_> {
    fn predict_with(&mut self, j: usize, values: &FeatureValues) -> Vec<u32> {
        let new = self.binning.bin_column(j, &self.names[j], values);
        let mut sums = self.sums.clone();
        let trees = std::mem::take(&mut self.trees_of[j]);
        self.add(&mut sums, &trees, -1.0, None);
        self.add(&mut sums, &trees, 1.0, Some((j, &new)));
        self.trees_of[j] = trees;
        if self.n_out == 1 {
            sums.iter().map(|&s| (s > 0.0) as u32).collect()
        } else {
            argmax_rows(&sums, self.n_out)
        }
    }
}
