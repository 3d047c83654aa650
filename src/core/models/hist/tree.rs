//! [`BinTree`]: a trained tree over binned features, and its traversal.
//!
//! Internal nodes of numeric features test `1 <= bin <= threshold` (missing values, bin 0, go
//! to the side learned for them); nodes of categorical features test membership in a
//! [`BinSet`] kept beside the nodes, so a node stays 24 bytes and prediction walks compact
//! memory. A child index `>= 0` is another internal node, a negative one `!leaf` is a leaf.
//! Each leaf holds `width` values (one score for a boosted tree, class shares for a
//! classification tree) in `values`.

use serde::{Deserialize, Serialize};

use super::binning::BinMapper;
use super::binset::BinSet;
use crate::core::error::{Error, Result};
use crate::core::models::fitted::{ensure, ensure_finite, MAX_TREE_DEPTH};

/// `SplitNode::set` of numeric splits.
pub const NUMERIC: u32 = u32::MAX;

/// One internal node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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

impl BinTree {
    /// Checks a tree read from a file against the features it splits (`mappers`) and the
    /// number of values per leaf (`width`): every feature, set, child and leaf index in range,
    /// numeric splits on numeric features and set splits on categorical ones, finite values,
    /// and a proper tree: from the root every node and every leaf is reached exactly once, no
    /// deeper than [`MAX_TREE_DEPTH`]. The walk is iterative, so a hostile tree cannot
    /// overflow the stack, and it stops at the first node reached twice, so it cannot loop.
    pub fn validate(&self, mappers: &[BinMapper], width: usize) -> Result<()> {
        ensure(self.width == width && width > 0, || {
            format!("{} values per leaf where {width} are needed", self.width)
        })?;
        ensure(self.values.len() % width == 0, || {
            format!("{} leaf values is not a multiple of {width} per leaf", self.values.len())
        })?;
        ensure_finite("leaf values", &self.values)?;
        let n_nodes = self.nodes.len();
        let n_leaves = self.values.len() / width;
        ensure(n_nodes < i32::MAX as usize, || format!("{n_nodes} nodes is too many"))?;
        ensure(n_leaves == n_nodes + 1, || {
            format!("{n_leaves} leaves where a tree of {n_nodes} splits has {}", n_nodes + 1)
        })?;
        for (i, n) in self.nodes.iter().enumerate() {
            let node = |reason: String| Error::invalid_model(format!("node {i}: {reason}"));
            let Some(mapper) = mappers.get(n.feature as usize) else {
                return Err(node(format!(
                    "feature {} does not exist (there are {})",
                    n.feature,
                    mappers.len()
                )));
            };
            if n.set == NUMERIC {
                if mapper.is_categorical() {
                    return Err(node(format!("a numeric split on categorical feature {}", n.feature)));
                }
            } else if !mapper.is_categorical() {
                return Err(node(format!("a split by bin set on numeric feature {}", n.feature)));
            } else if n.set as usize >= self.sets.len() {
                return Err(node(format!(
                    "bin set {} does not exist (there are {})",
                    n.set,
                    self.sets.len()
                )));
            }
            if !n.gain.is_finite() {
                return Err(node("the gain is not a finite number".into()));
            }
        }
        if n_nodes == 0 {
            return Ok(());
        }
        // Depth-first from the root; `parent` tells whether a node seen again is an ancestor.
        let mut parent = vec![u32::MAX; n_nodes];
        let mut leaf_seen = vec![false; n_leaves];
        parent[0] = 0;
        let mut stack = vec![(0usize, 1usize)];
        let mut reached = 1;
        while let Some((i, depth)) = stack.pop() {
            ensure(depth <= MAX_TREE_DEPTH, || {
                format!("node {i}: the tree is deeper than {MAX_TREE_DEPTH} levels")
            })?;
            let n = &self.nodes[i];
            for child in [n.left, n.right] {
                if child < 0 {
                    let l = !child as usize;
                    ensure(l < n_leaves, || {
                        format!("node {i}: leaf {l} does not exist (there are {n_leaves})")
                    })?;
                    ensure(!leaf_seen[l], || format!("node {i}: leaf {l} is reached twice"))?;
                    leaf_seen[l] = true;
                    continue;
                }
                let c = child as usize;
                ensure(c < n_nodes, || {
                    format!("node {i}: child {c} does not exist (there are {n_nodes} nodes)")
                })?;
                if parent[c] != u32::MAX {
                    return Err(Error::invalid_model(if is_ancestor(&parent, c, i) {
                        format!("node {i}: child {c} points back up the tree")
                    } else {
                        format!("node {i}: child {c} is reached twice")
                    }));
                }
                parent[c] = i as u32;
                reached += 1;
                stack.push((c, depth + 1));
            }
        }
        ensure(reached == n_nodes, || {
            format!("{} of its {n_nodes} nodes cannot be reached", n_nodes - reached)
        })
    }
}

/// Whether node `a` is `i` or one of its ancestors (`parent` of every reached node; the root
/// is its own parent).
fn is_ancestor(parent: &[u32], a: usize, mut i: usize) -> bool {
    for _ in 0..=parent.len() {
        if i == a {
            return true;
        }
        if i == 0 {
            return false;
        }
        i = parent[i] as usize;
    }
    false
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
