//! [`FlatTree`]: a [`BinTree`] laid out for finding the leaves of many rows at once.
//!
//! Walking one row down a tree is a chain of dependent loads and a branch per node that goes
//! either way at random, so the CPU mostly waits: for a mispredicted branch, then for the next
//! node. A `FlatTree` walks [`LANES`] rows side by side without a branch: every node holds
//! the bins that go left as a 256-bit set (numeric thresholds and the missing side included)
//! and its two children in an array indexed by that bit, and every leaf is a node that points
//! to itself, so all lanes step together until the last has reached its leaf. The lanes'
//! chains are independent, so their loads overlap.
//!
//! The leaves found are exactly [`BinTree::leaf`]'s, so predictions built from them (summed in
//! the same order) are the same bit for bit.

use super::binning::BinnedMatrix;
use super::tree::{BinTree, NUMERIC};

/// Rows walked side by side.
pub const LANES: usize = 8;

/// One node: the bins that go left, the feature tested and the two children (flat indices;
/// a leaf has no bins going left and both children itself).
#[derive(Debug, Clone, Copy)]
struct FlatNode {
    left_bins: [u64; 4],
    feature: u32,
    children: [u32; 2],
}

/// A tree's internal nodes followed by its leaves (leaf `l` at `internal + l`); the root is 0.
#[derive(Debug, Clone)]
pub struct FlatTree {
    nodes: Vec<FlatNode>,
    internal: u32,
}

impl FlatTree {
    /// The flat form of a tree (checked already: [`BinTree::validate`], or grown here).
    pub fn new(tree: &BinTree) -> FlatTree {
        let internal = tree.nodes.len() as u32;
        let total = internal as u64 + tree.n_leaves().max(1) as u64;
        // A child out of range (a tree that was not checked) goes to leaf 0, so every index
        // the walk follows is one of `nodes`.
        let flat = |child: i32| {
            let at = if child >= 0 { child as u64 } else { internal as u64 + !child as u64 };
            if at < total {
                at as u32
            } else {
                internal
            }
        };
        let mut nodes = Vec::with_capacity(tree.nodes.len() + tree.n_leaves().max(1));
        for n in &tree.nodes {
            let left_bins = if n.set == NUMERIC {
                let mut bits = [0u64; 4];
                for b in 1..=n.threshold {
                    bits[(b >> 6) as usize] |= 1 << (b & 63);
                }
                bits[0] |= u64::from(n.missing_left);
                bits
            } else {
                tree.sets.get(n.set as usize).map_or([0; 4], |s| s.0)
            };
            nodes.push(FlatNode { left_bins, feature: n.feature, children: [flat(n.right), flat(n.left)] });
        }
        for l in 0..tree.n_leaves().max(1) as u32 {
            let me = internal + l;
            nodes.push(FlatNode { left_bins: [0; 4], feature: 0, children: [me, me] });
        }
        FlatTree { nodes, internal }
    }

    /// The leaf of each of the rows `start..start + out.len()` of `x`, into `out`.
    pub fn leaves_of_range(&self, x: &BinnedMatrix, start: usize, out: &mut [u32]) {
        self.leaves_with(x, out, |i| start + i);
    }

    /// The leaf of each of `rows` of `x`, into `out` (as long as `rows`).
    pub fn leaves_of_rows(&self, x: &BinnedMatrix, rows: &[u32], out: &mut [u32]) {
        assert_eq!(rows.len(), out.len());
        self.leaves_with(x, out, |i| rows[i] as usize);
    }

    fn leaves_with(&self, x: &BinnedMatrix, out: &mut [u32], row: impl Fn(usize) -> usize) {
        let (bins, stride) = (x.bins(), x.n_features());
        if self.internal == 0 || stride == 0 {
            out.fill(0);
            return;
        }
        let nodes = &self.nodes[..];
        // A path never visits a node twice, so no lane needs more steps than there are
        // internal nodes (the bound only matters for a tree that was not checked).
        let max_steps = self.internal as usize;
        for (c, chunk) in out.chunks_mut(LANES).enumerate() {
            let mut base = [0usize; LANES];
            for (l, b) in base.iter_mut().enumerate() {
                // Spare lanes of the last chunk repeat its first row.
                let i = c * LANES + if l < chunk.len() { l } else { 0 };
                *b = row(i) * stride;
                assert!(*b + stride <= bins.len(), "row {} of {}", row(i), x.rows);
            }
            let mut at = [0u32; LANES];
            for _ in 0..max_steps {
                let mut done = true;
                for l in 0..LANES {
                    // SAFETY: every child index is below `nodes.len()` (made so by `new`, and
                    // the walk starts at the root, 0 < internal); `base[l] + stride <=
                    // bins.len()` (asserted above) and the feature is capped below `stride`
                    // (`feature < stride` for a checked tree; `min` keeps an unchecked one in
                    // this row).
                    let (node, b) = unsafe {
                        let node = nodes.get_unchecked(at[l] as usize);
                        (node, *bins.get_unchecked(base[l] + (node.feature as usize).min(stride - 1)))
                    };
                    let bit = (node.left_bins[(b >> 6) as usize] >> (b & 63)) & 1;
                    at[l] = node.children[bit as usize];
                    done &= at[l] >= self.internal;
                }
                if done {
                    break;
                }
            }
            for (o, &a) in chunk.iter_mut().zip(&at) {
                *o = a.saturating_sub(self.internal);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::models::hist::binset::BinSet;
    use crate::core::models::hist::tree::SplitNode;
    use crate::core::rng::Rng;

    /// A random tree of `splits` internal nodes over `p` features (every third categorical),
    /// grown by splitting random leaves, so paths have uneven depths.
    fn random_tree(rng: &mut Rng, splits: usize, p: usize) -> BinTree {
        let mut nodes: Vec<SplitNode> = Vec::new();
        let mut sets = Vec::new();
        // Open slots: (parent, is_left); the root is node 0.
        let mut open: Vec<(usize, bool)> = Vec::new();
        for i in 0..splits {
            let feature = rng.below(p as u64) as u32;
            let categorical = feature % 3 == 0;
            let left = if categorical {
                let mut s = BinSet::EMPTY;
                for b in 0..=255u8 {
                    if rng.below(2) == 0 {
                        s.insert(b);
                    }
                }
                s
            } else {
                let mut s = BinSet::range(1, 1 + rng.below(254) as u8);
                if rng.below(2) == 0 {
                    s.insert(0);
                }
                s
            };
            nodes.push(SplitNode::new(feature, &left, categorical, 1.0, &mut sets));
            if i > 0 {
                let (parent, is_left) = open.swap_remove(rng.below(open.len() as u64) as usize);
                if is_left {
                    nodes[parent].left = i as i32;
                } else {
                    nodes[parent].right = i as i32;
                }
            }
            open.push((i, true));
            open.push((i, false));
        }
        let mut leaves: i32 = 0;
        for (parent, is_left) in open {
            let leaf = !leaves;
            leaves += 1;
            if is_left {
                nodes[parent].left = leaf;
            } else {
                nodes[parent].right = leaf;
            }
        }
        let values = (0..leaves.max(1)).map(|l| l as f32).collect();
        BinTree { nodes, sets, width: 1, values }
    }

    /// `rows` random rows of `p` features of 256 bins.
    fn random_bins(rng: &mut Rng, p: usize, rows: usize) -> BinnedMatrix {
        let bins: Vec<u8> = (0..rows * p).map(|_| rng.below(256) as u8).collect();
        BinnedMatrix::new(bins, rows, vec![256; p])
    }

    #[test]
    fn finds_the_leaves_a_row_by_row_walk_finds() {
        let mut rng = Rng::new(7);
        let (p, rows) = (5, 203);
        let x = random_bins(&mut rng, p, rows);
        for splits in [0, 1, 2, 7, 30, 200] {
            let tree = random_tree(&mut rng, splits, p);
            let flat = FlatTree::new(&tree);
            let mut out = vec![u32::MAX; rows];
            flat.leaves_of_range(&x, 0, &mut out);
            let expected: Vec<u32> = (0..rows).map(|r| tree.leaf(x.row(r)) as u32).collect();
            assert_eq!(out, expected, "{splits} splits");
            let picked: Vec<u32> = (0..rows as u32).rev().step_by(3).collect();
            let mut out = vec![0; picked.len()];
            flat.leaves_of_rows(&x, &picked, &mut out);
            let expected: Vec<u32> = picked.iter().map(|&r| tree.leaf(x.row(r as usize)) as u32).collect();
            assert_eq!(out, expected, "{splits} splits, listed rows");
            let mut out = vec![0; 5];
            flat.leaves_of_range(&x, 100, &mut out);
            assert_eq!(out, expected_range(&tree, &x, 100..105));
        }
    }

    #[test]
    fn a_tree_with_children_out_of_range_walks_to_leaf_0() {
        let mut rng = Rng::new(11);
        let (p, rows) = (3, 40);
        let x = random_bins(&mut rng, p, rows);
        let mut tree = random_tree(&mut rng, 5, p);
        // The root tests a feature past the row's and sends rows past the last node and past
        // the last leaf.
        tree.nodes[0].feature = 99;
        tree.nodes[0].left = 1_000;
        tree.nodes[0].right = i32::MIN;
        let mut out = vec![u32::MAX; rows];
        FlatTree::new(&tree).leaves_of_range(&x, 0, &mut out);
        assert!(out.iter().all(|&leaf| leaf == 0), "{out:?}");
    }

    fn expected_range(tree: &BinTree, x: &BinnedMatrix, rows: std::ops::Range<usize>) -> Vec<u32> {
        rows.map(|r| tree.leaf(x.row(r)) as u32).collect()
    }
}
