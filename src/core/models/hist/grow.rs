//! [`BoostGrower`]: grows one boosting tree, leaf-wise (best-first), on gradient histograms.
//!
//! Growth always splits the open leaf with the largest gain, until `max_leaves` leaves exist
//! or no split gains anything; `max_depth` (when set) stops leaves from splitting further
//! down. With no leaf limit and a depth limit this ends in the same tree as depth-wise growth.
//!
//! Each split partitions the leaf's row range in place, builds the histogram of the smaller
//! child only and derives the larger child's by subtraction from the parent's histogram
//! (whose memory it takes over). Histogram buffers come from a pool that lives as long as the
//! grower, so growing a tree allocates nothing once the pool is warm.

use super::binning::BinnedMatrix;
use super::histogram::{build_gh, subtract, GhAcc};
use super::partition::{partition, BinSource};
use super::split::{best_gh_split, GhRules, GhSplit, SplitScratch};
use super::tree::{BinTree, SplitNode};
use crate::core::parallel::Parallelism;

/// Limits and regularisation of one boosting tree.
#[derive(Debug, Clone, Copy)]
pub struct GrowRules {
    /// Largest number of leaves (0 = no limit).
    pub max_leaves: usize,
    /// Largest depth (0 = no limit).
    pub max_depth: usize,
    /// Split regularisation.
    pub split: GhRules,
    /// Shrinkage applied to leaf values.
    pub learning_rate: f64,
}

#[derive(Debug, Clone)]
struct OpenLeaf {
    start: usize,
    end: usize,
    depth: usize,
    hist: Option<usize>,
    sum: [f64; 2],
    split: Option<GhSplit>,
    /// Where the leaf hangs: `(node, is_left)`, or `None` for the root.
    parent: Option<(usize, bool)>,
}

/// Grows boosting trees, reusing its memory from tree to tree.
#[derive(Debug, Default)]
pub struct BoostGrower {
    pool: Vec<Vec<GhAcc>>,
    free: Vec<usize>,
    scratch: Vec<u32>,
    split_scratch: SplitScratch,
    leaves: Vec<OpenLeaf>,
    ranges: Vec<(usize, usize)>,
    /// Threads that build a node's histogram (features split among them); one by default.
    /// The tree is the same for any count.
    pub parallelism: Parallelism,
}

impl BoostGrower {
    /// A grower with an empty pool.
    pub fn new() -> BoostGrower {
        BoostGrower::default()
    }

    fn take_hist(&mut self, len: usize) -> usize {
        match self.free.pop() {
            Some(i) => {
                self.pool[i].fill(0.0);
                i
            }
            None => {
                self.pool.push(vec![0.0; len]);
                self.pool.len() - 1
            }
        }
    }

    /// The row range (into the `rows` given to [`grow`](Self::grow)) of each leaf of the last
    /// tree grown, by leaf index.
    pub fn leaf_ranges(&self) -> &[(usize, usize)] {
        &self.ranges
    }

    /// Grows one tree on `rows` (reordered in place so that each leaf's rows are contiguous,
    /// see [`leaf_ranges`](Self::leaf_ranges)) using `features`; `gh` holds `(g, h)` per row
    /// (see [`build_gh`]). `root_hist`, when given, is
    /// the histogram of all `rows` for this output (saves the root pass).
    #[allow(clippy::too_many_arguments)]
    pub fn grow(
        &mut self,
        x: &BinnedMatrix,
        categorical: &[bool],
        rows: &mut [u32],
        gh: &[f32],
        features: &[u32],
        root_hist: Option<&[GhAcc]>,
        rules: &GrowRules,
    ) -> BinTree {
        let hist_len = 2 * x.total_bins();
        let all_features = features.len() == x.n_features();
        let subset = if all_features { None } else { Some(features) };
        self.leaves.clear();
        // Root.
        let root = self.take_hist(hist_len);
        match root_hist {
            Some(h) => self.pool[root].copy_from_slice(&h[..hist_len]),
            None => build_gh(&mut self.pool[root], x, rows, gh, subset, self.parallelism),
        }
        // Node totals: the sum over the bins of any one feature (every row has one bin).
        let mut sum = [0.0f64; 2];
        if let Some(&f) = features.first() {
            let (a, b) = (x.offsets()[f as usize], x.offsets()[f as usize + 1]);
            for pair in self.pool[root][2 * a..2 * b].chunks_exact(2) {
                sum[0] += pair[0] as f64;
                sum[1] += pair[1] as f64;
            }
        }
        let can_split = |depth: usize, sum: [f64; 2], n: usize| {
            n >= 2
                && (rules.max_depth == 0 || depth < rules.max_depth)
                && sum[1] >= 2.0 * rules.split.min_child_weight
        };
        let mut root_leaf = OpenLeaf {
            start: 0,
            end: rows.len(),
            depth: 0,
            hist: Some(root),
            sum,
            split: None,
            parent: None,
        };
        if can_split(0, sum, rows.len()) {
            root_leaf.split = self.find(x, categorical, root, features, sum, rules);
        }
        self.leaves.push(root_leaf);
        let mut nodes: Vec<SplitNode> = Vec::new();
        let mut sets = Vec::new();
        let max_leaves = if rules.max_leaves == 0 { usize::MAX } else { rules.max_leaves };
        while self.leaves.len() < max_leaves {
            // The open leaf with the best split.
            let mut pick = None;
            let mut best = 0.0;
            for (i, l) in self.leaves.iter().enumerate() {
                if let Some(s) = &l.split {
                    if s.gain > best {
                        best = s.gain;
                        pick = Some(i);
                    }
                }
            }
            let Some(i) = pick else { break };
            let leaf = self.leaves[i].clone();
            let split = leaf.split.expect("picked leaf has a split");
            let node = nodes.len();
            nodes.push(SplitNode::new(
                split.feature,
                &split.left,
                categorical[split.feature as usize],
                split.gain,
                &mut sets,
            ));
            if let Some((p, is_left)) = leaf.parent {
                if is_left {
                    nodes[p].left = node as i32;
                } else {
                    nodes[p].right = node as i32;
                }
            }
            let mid = leaf.start
                + partition(
                    &mut rows[leaf.start..leaf.end],
                    &mut self.scratch,
                    x,
                    split.feature as usize,
                    &split.left,
                    BinSource::Column,
                );
            let depth = leaf.depth + 1;
            let (nl, nr) = (mid - leaf.start, leaf.end - mid);
            let left_ok = can_split(depth, split.left_sum, nl);
            let right_ok = can_split(depth, split.right_sum, nr);
            let parent_hist = leaf.hist.expect("splittable leaf has a histogram");
            let (mut lh, mut rh) = (None, None);
            if left_ok || right_ok {
                let small_is_left = nl <= nr;
                let (s0, s1) = if small_is_left { (leaf.start, mid) } else { (mid, leaf.end) };
                let small = self.take_hist(hist_len);
                build_gh(&mut self.pool[small], x, &rows[s0..s1], gh, subset, self.parallelism);
                let large_ok = if small_is_left { right_ok } else { left_ok };
                let large = if large_ok {
                    let (p, s) = two_mut(&mut self.pool, parent_hist, small);
                    subtract(p, s);
                    Some(parent_hist)
                } else {
                    self.free.push(parent_hist);
                    None
                };
                let small_ok = if small_is_left { left_ok } else { right_ok };
                let small = if small_ok {
                    Some(small)
                } else {
                    self.free.push(small);
                    None
                };
                if small_is_left {
                    (lh, rh) = (small, large);
                } else {
                    (lh, rh) = (large, small);
                }
            } else {
                self.free.push(parent_hist);
            }
            let mut children = [
                OpenLeaf {
                    start: leaf.start,
                    end: mid,
                    depth,
                    hist: lh,
                    sum: split.left_sum,
                    split: None,
                    parent: Some((node, true)),
                },
                OpenLeaf {
                    start: mid,
                    end: leaf.end,
                    depth,
                    hist: rh,
                    sum: split.right_sum,
                    split: None,
                    parent: Some((node, false)),
                },
            ];
            for c in &mut children {
                if let Some(h) = c.hist {
                    c.split = self.find(x, categorical, h, features, c.sum, rules);
                    if c.split.is_none() {
                        self.free.push(h);
                        c.hist = None;
                    }
                }
            }
            let [a, b] = children;
            self.leaves[i] = a;
            self.leaves.push(b);
        }
        // Close the open leaves.
        let mut values = Vec::with_capacity(self.leaves.len());
        self.ranges.clear();
        for (j, l) in self.leaves.iter().enumerate() {
            let denom = l.sum[1] + rules.split.lambda;
            let v = if denom > 0.0 { -l.sum[0] / denom * rules.learning_rate } else { 0.0 };
            values.push(v as f32);
            self.ranges.push((l.start, l.end));
            if let Some((p, is_left)) = l.parent {
                if is_left {
                    nodes[p].left = !(j as i32);
                } else {
                    nodes[p].right = !(j as i32);
                }
            }
            if let Some(h) = l.hist {
                self.free.push(h);
            }
        }
        BinTree { nodes, sets, width: 1, values }
    }

    fn find(
        &mut self,
        x: &BinnedMatrix,
        categorical: &[bool],
        hist: usize,
        features: &[u32],
        sum: [f64; 2],
        rules: &GrowRules,
    ) -> Option<GhSplit> {
        best_gh_split(
            &self.pool[hist],
            x.offsets(),
            x.n_bins(),
            categorical,
            features,
            sum,
            &rules.split,
            &mut self.split_scratch,
        )
    }
}

/// Two distinct elements of a slice, mutably.
fn two_mut<T>(v: &mut [T], a: usize, b: usize) -> (&mut T, &mut T) {
    assert_ne!(a, b);
    if a < b {
        let (x, y) = v.split_at_mut(b);
        (&mut x[a], &mut y[0])
    } else {
        let (x, y) = v.split_at_mut(a);
        (&mut y[0], &mut x[b])
    }
}
