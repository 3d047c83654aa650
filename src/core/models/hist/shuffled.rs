//! Predictions of a frame with one column replaced, for permutation importance on boosted
//! trees: a row's leaf in a tree can only change when its path passes a split on that
//! column, so only those (tree, row) pairs are walked again from that split, and the change
//! of leaf value is added to the frame's cached scores. Each row's leaf in each tree is
//! cached (one byte each, up to [`MAX_CACHED`] pairs) and a leaf's path is known, so rows
//! whose path does not touch the column cost one lookup. This is many times faster than
//! predicting every shuffled frame in full.
//!
//! The predicted class is the argmax of the scores (the sign of the single score of a
//! logistic model), as the probabilities order them. Scores are updated rather than summed
//! afresh, so a row on an exact tie could differ by float rounding; random forests, whose
//! averaged class shares tie often, keep full predictions.

use super::{BinTree, Binning};
use crate::core::error::{Error, Result};
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
    /// Leaf of each row in each tree (`t × rows + r`), when cached.
    leaves: Option<Vec<u8>>,
    /// Nodes on the path to each leaf, per tree (with the leaf cache).
    paths: Vec<Vec<Vec<i32>>>,
}

const BLOCK: usize = 512;

/// Most (tree, row) leaves cached: one byte each.
pub const MAX_CACHED: usize = 32_000_000;

impl<'a> ShuffledColumns<'a> {
    /// Bins `x` and scores it: `base` (one value per score) plus every tree (validated against
    /// `binning`); an error when `x` does not have the binning's features.
    pub fn new(binning: &'a Binning, trees: &'a [BinTree], base: &[f32], x: &FeatureFrame) -> Result<Self> {
        let xb = binning.bin(x)?;
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
            leaves: None,
            paths: Vec::new(),
        };
        let cache = trees.len() * x.rows <= MAX_CACHED && trees.iter().all(|t| t.n_leaves() <= 256);
        if cache {
            me.leaves = Some(vec![0; trees.len() * x.rows]);
            me.paths = trees.iter().map(BinTree::leaf_paths).collect();
        }
        me.add_all(&mut sums);
        me.sums = sums;
        Ok(me)
    }

    /// Adds every tree's leaf value to `sums` (and fills the leaf cache).
    fn add_all(&mut self, sums: &mut [f32]) {
        let (n_out, stride, rows) = (self.n_out, self.stride, self.rows);
        let mut start = 0;
        while start < rows {
            let end = (start + BLOCK).min(rows);
            for (t, tree) in self.trees.iter().enumerate() {
                for r in start..end {
                    let leaf = tree.leaf(&self.bins[r * stride..(r + 1) * stride]);
                    sums[r * n_out + t % n_out] += tree.values[leaf * tree.width];
                    if let Some(cache) = &mut self.leaves {
                        cache[t * rows + r] = leaf as u8;
                    }
                }
            }
            start = end;
        }
    }

    /// [`shift`](Self::shift) with the leaf cache: rows whose leaf's path has no split on `j`
    /// are skipped at once.
    fn shift_cached(&mut self, sums: &mut [f32], j: usize, new: &[u8]) {
        let (n_out, stride, rows) = (self.n_out, self.stride, self.rows);
        let Some(cache) = &self.leaves else { return };
        for &t in &self.trees_of[j] {
            let tree = &self.trees[t as usize];
            let w = tree.width;
            let first: Vec<i32> = self.paths[t as usize]
                .iter()
                .map(|p| {
                    p.iter().copied().find(|&n| tree.nodes[n as usize].feature == j as u32).unwrap_or(-1)
                })
                .collect();
            for r in 0..rows {
                let old = cache[t as usize * rows + r] as usize;
                let start = first[old];
                if start < 0 {
                    continue;
                }
                let row = &mut self.bins[r * stride..(r + 1) * stride];
                let saved = row[j];
                row[j] = new[r];
                let leaf = tree.leaf_from(start, row);
                row[j] = saved;
                if leaf != old {
                    sums[r * n_out + t as usize % n_out] += tree.values[leaf * w] - tree.values[old * w];
                }
            }
        }
    }

    /// Moves `sums` from the leaves of the frame to the leaves with column `j` read from `new`.
    fn shift(&mut self, sums: &mut [f32], j: usize, new: &[u8]) {
        if self.leaves.is_some() {
            return self.shift_cached(sums, j, new);
        }
        let (n_out, stride) = (self.n_out, self.stride);
        let mut start = 0;
        while start < self.rows {
            let end = (start + BLOCK).min(self.rows);
            for &t in &self.trees_of[j] {
                let tree = &self.trees[t as usize];
                let w = tree.width;
                for r in start..end {
                    let row = &mut self.bins[r * stride..(r + 1) * stride];
                    let (old, first) = tree.leaf_and_first_split_on(row, j as u32);
                    let Some(first) = first else { continue };
                    let saved = row[j];
                    row[j] = new[r];
                    let leaf = tree.leaf_from(first, row);
                    row[j] = saved;
                    if leaf != old {
                        sums[r * n_out + t as usize % n_out] += tree.values[leaf * w] - tree.values[old * w];
                    }
                }
            }
            start = end;
        }
    }
}

impl ColumnPredictor for ShuffledColumns<'_> {
    fn predict_with(&mut self, j: usize, values: &FeatureValues) -> Result<Vec<u32>> {
        let name = self.names.get(j).map_or("", String::as_str);
        let new = self.binning.bin_column(j, name, values)?;
        if new.len() != self.rows {
            return Err(Error::shape("replaced column", self.rows, new.len()));
        }
        let mut sums = self.sums.clone();
        self.shift(&mut sums, j, &new);
        Ok(if self.n_out == 1 {
            sums.iter().map(|&s| (s > 0.0) as u32).collect()
        } else {
            argmax_rows(&sums, self.n_out)
        })
    }
}
