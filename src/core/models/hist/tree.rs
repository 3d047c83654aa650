//! [`BinTree`]: a trained tree over binned features, and its traversal.
//!
//! Internal nodes of numeric features test `1 <= bin <= threshold` (missing values, bin 0, go
//! to the side learned for them); nodes of categorical features test membership in a
//! [`BinSet`] kept beside the nodes, so a node stays 24 bytes and prediction walks compact
//! memory. A child index `>= 0` is another internal node, a negative one `!leaf` is a leaf.
//! Each leaf holds `width` values (one score for a boosted tree, class shares for a
//! classification tree) in `values`.

use serde::{Deserialize, Serialize};

use super::binset::BinSet;

/// `SplitNode::set` of numeric splits.
pub const NUMERIC: u32 = u32::MAX;

/// One internal node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitNode {
    /// Feature tested.
    pub feature: u32,
    /// Numeric split: value bins `1..=threshold` go left.
    pub threshold: u8,
    /// Numeric split: whether missing values go left.
    pub missing_left: bool,
    /// Categorical split: index in [`BinTree::sets`] of the bins going left; [`NUMERIC`] for
    /// numeric splits.
    pub set: u32,
    /// Left child: node index, or `!leaf` when negative.
    pub left: i32,
    /// Right child: node index, or `!leaf` when negative.
    pub right: i32,
    /// Gain of the split (for importances and inspection).
    pub gain: f32,
}

impl SplitNode {
    /// A node sending the bins of `left` left; numeric features' sets (always `1..=t`, plus
    /// the missing bin or not) become a threshold, categorical ones are stored in `sets`.
    pub fn new(
        feature: u32,
        left: &BinSet,
        categorical: bool,
        gain: f64,
        sets: &mut Vec<BinSet>,
    ) -> SplitNode {
        let (threshold, missing_left, set) = if categorical {
            sets.push(*left);
            (0, false, (sets.len() - 1) as u32)
        } else {
            let top = (1..=255u8).rev().find(|&b| left.contains(b)).unwrap_or(0);
            debug_assert!((1..=top).all(|b| left.contains(b)), "numeric split is a range");
            (top, left.contains(0), NUMERIC)
        };
        SplitNode { feature, threshold, missing_left, set, left: 0, right: 0, gain: gain as f32 }
    }
}

/// A tree over binned features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinTree {
    /// Internal nodes; node 0 is the root. Empty when the tree is a single leaf.
    pub nodes: Vec<SplitNode>,
    /// Left bin sets of the categorical splits.
    pub sets: Vec<BinSet>,
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
        self.leaf_from(0, row)
    }

    /// The leaf a binned row reaches from internal node `start`.
    #[inline]
    pub fn leaf_from(&self, start: i32, row: &[u8]) -> usize {
        let mut i = start;
        loop {
            i = self.next(i, row);
            if i < 0 {
                return !i as usize;
            }
        }
    }

    /// The child of internal node `i` a row goes to (a leaf `l` as `!l`).
    #[inline]
    fn next(&self, i: i32, row: &[u8]) -> i32 {
        let n = &self.nodes[i as usize];
        let b = row[n.feature as usize];
        let go_left = if n.set == NUMERIC {
            if b == 0 {
                n.missing_left
            } else {
                b <= n.threshold
            }
        } else {
            self.sets[n.set as usize].contains(b)
        };
        if go_left {
            n.left
        } else {
            n.right
        }
    }

    /// The internal nodes on the path from the root to each leaf, by leaf.
    pub fn leaf_paths(&self) -> Vec<Vec<i32>> {
        let mut paths = vec![Vec::new(); self.n_leaves()];
        if self.nodes.is_empty() {
            return paths;
        }
        let mut stack = vec![(0i32, Vec::new())];
        while let Some((i, mut path)) = stack.pop() {
            path.push(i);
            let n = &self.nodes[i as usize];
            for child in [n.left, n.right] {
                if child < 0 {
                    paths[!child as usize] = path.clone();
                } else {
                    stack.push((child, path.clone()));
                }
            }
        }
        paths
    }

    /// The leaf of a row, and the first node on its path that splits on `feature` (a row
    /// whose path has none reaches the same leaf whatever its value of `feature`).
    #[inline]
    pub fn leaf_and_first_split_on(&self, row: &[u8], feature: u32) -> (usize, Option<i32>) {
        if self.nodes.is_empty() {
            return (0, None);
        }
        let mut first = None;
        let mut i = 0i32;
        loop {
            if first.is_none() && self.nodes[i as usize].feature == feature {
                first = Some(i);
            }
            i = self.next(i, row);
            if i < 0 {
                return (!i as usize, first);
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
