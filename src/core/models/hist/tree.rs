//! [`BinTree`]: a trained tree over binned features, and its traversal.
//!
//! Internal nodes test `bin(feature) ∈ left_bins`; a child index `>= 0` is another internal
//! node, a negative one `!leaf` is a leaf. Each leaf holds `width` values (one score for a
//! boosted tree, class shares for a classification tree) in `values`.

use serde::{Deserialize, Serialize};

use super::binset::BinSet;

/// One internal node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitNode {
    /// Feature tested.
    pub feature: u32,
    /// Bins that go left (the missing bin included when missing values go left).
    pub left_bins: BinSet,
    /// Left child: node index, or `!leaf` when negative.
    pub left: i32,
    /// Right child: node index, or `!leaf` when negative.
    pub right: i32,
    /// Gain of the split (for importances and inspection).
    pub gain: f32,
}

/// A tree over binned features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinTree {
    /// Internal nodes; node 0 is the root. Empty when the tree is a single leaf.
    pub nodes: Vec<SplitNode>,
    /// Values per leaf.
    pub width: usize,
    /// Leaf values, `width` per leaf.
    pub values: Vec<f32>,
}

impl BinTree {
    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.values.len() / self.width.max(1)
    }

    /// The leaf a binned row falls into.
    #[inline]
    pub fn leaf(&self, row: &[u8]) -> usize {
        if self.nodes.is_empty() {
            return 0;
        }
        let mut i = 0i32;
        loop {
            let n = &self.nodes[i as usize];
            i = if n.left_bins.contains(row[n.feature as usize]) { n.left } else { n.right };
            if i < 0 {
                return !i as usize;
            }
        }
    }

    /// The values of the leaf a binned row falls into.
    #[inline]
    pub fn predict(&self, row: &[u8]) -> &[f32] {
        let l = self.leaf(row);
        &self.values[l * self.width..(l + 1) * self.width]
    }

    /// Adds each split's gain to its feature's entry.
    pub fn add_gains(&self, importance: &mut [f64]) {
        for n in &self.nodes {
            importance[n.feature as usize] += n.gain as f64;
        }
    }
}

/// Normalises importances to sum 1 (all zeros stay zeros).
pub fn normalize(mut importance: Vec<f64>) -> Vec<f64> {
    let total: f64 = importance.iter().sum();
    if total > 0.0 {
        for v in &mut importance {
            *v /= total;
        }
    }
    importance
}
