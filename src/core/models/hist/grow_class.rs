//! [`ClassGrower`]: grows one classification tree (decision tree, forest member) depth-first
//! on class histograms.
//!
//! Every node draws its candidate features (`mtry` of them, seeded), builds the class
//! histogram of its rows for those features only, and splits on the best impurity decrease.
//! With few candidate features (√p for forests) building both children directly costs less
//! than histogram subtraction over all features, and needs no histogram pool: one buffer
//! serves the whole tree. Leaves hold the weighted class shares of their rows.

use super::binning::BinnedMatrix;
use super::histogram::{build_class, ClassRow};
use super::partition::{partition, BinSource};
use super::split::{best_class_split, Criterion, SplitScratch};
use super::tree::{BinTree, SplitNode};
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Limits of one classification tree.
#[derive(Debug, Clone, Copy)]
pub struct ClassRules {
    /// Largest depth (0 = no limit).
    pub max_depth: usize,
    /// Fewest rows (bootstrap draws) in a leaf.
    pub min_samples_leaf: usize,
    /// Fewest rows (bootstrap draws) a node needs to be split.
    pub min_samples_split: usize,
    /// Candidate features per split.
    pub mtry: usize,
    /// Impurity measure.
    pub criterion: Criterion,
}

/// The labelled rows a tree is grown on.
#[derive(Debug, Clone, Copy)]
pub struct ClassData<'a> {
    /// Class, weight and multiplicity of each row (classes `< n_classes`).
    pub info: &'a [ClassRow],
    /// Number of classes.
    pub n_classes: usize,
    /// Whether every row's weight is its count (no class weights), which lets histograms
    /// skip summing the counts row by row.
    pub weights_are_counts: bool,
}

/// Grows classification trees, reusing its memory from tree to tree.
#[derive(Debug, Default)]
pub struct ClassGrower {
    hist: Vec<f64>,
    total: Vec<f64>,
    best_left: Vec<f64>,
    /// Class totals of the pending nodes, `k + 1` values each, in stack order.
    totals: Vec<f64>,
    scratch: Vec<u32>,
    split_scratch: SplitScratch,
    features: Vec<u32>,
    stack: Vec<Pending>,
}

/// A node waiting to be grown: its row range, depth, and where it hangs (`(node, is_left)`).
type Pending = (usize, usize, usize, Option<(usize, bool)>);

impl ClassGrower {
    /// A grower with no memory yet.
    pub fn new() -> ClassGrower {
        ClassGrower::default()
    }

    /// Grows one tree on `rows` (reordered in place), building large nodes' histograms on
    /// `parallelism`'s threads (the tree is the same for any thread count). Returns the tree;
    /// its nodes keep each split's impurity decrease.
    ///
    /// Never inlined: inlined into the forest's per-tree step, which V8 then compiled as one
    /// large WebAssembly function, the bare wasm forest fit took 7–10 % longer.
    #[allow(clippy::too_many_arguments)] // the matrix, its rows and the per-tree settings, each distinct
    #[inline(never)]
    pub fn grow(
        &mut self,
        x: &BinnedMatrix,
        categorical: &[bool],
        rows: &mut [u32],
        data: ClassData,
        rules: &ClassRules,
        rng: &mut Rng,
        parallelism: Parallelism,
    ) -> BinTree {
        let k = data.n_classes;
        let width = k + 1;
        let p = x.n_features();
        self.hist.resize(width * x.total_bins(), 0.0);
        self.total.resize(width, 0.0);
        self.best_left.resize(width, 0.0);
        self.features.clear();
        self.features.extend(0..p as u32);
        let mtry = rules.mtry.clamp(1, p.max(1));
        let mut nodes: Vec<SplitNode> = Vec::new();
        let mut sets = Vec::new();
        let mut values: Vec<f32> = Vec::new();
        self.stack.clear();
        self.stack.push((0, rows.len(), 0, None));
        // Root totals; children get theirs from the split search.
        self.totals.clear();
        self.totals.resize(width, 0.0);
        for &r in rows.iter() {
            let info = data.info[r as usize];
            self.totals[(info.class as usize).min(k - 1)] += info.weight as f64;
            self.totals[k] += info.count as f64;
        }
        while let Some((start, end, depth, parent)) = self.stack.pop() {
            let node_rows = &mut rows[start..end];
            let at = self.totals.len() - width;
            self.total.copy_from_slice(&self.totals[at..]);
            self.totals.truncate(at);
            let count = self.total[k];
            // Totals come from subtractions: treat rounding dust as zero.
            let tiny = 1e-9 * self.total[..k].iter().sum::<f64>();
            let pure = self.total[..k].iter().filter(|&&v| v > tiny).count() <= 1;
            let mut split = None;
            if !pure
                && (rules.max_depth == 0 || depth < rules.max_depth)
                && count >= rules.min_samples_split.max(2) as f64
                && count >= 2.0 * rules.min_samples_leaf as f64
                && p > 0
            {
                // Draw mtry features (partial Fisher–Yates).
                for i in 0..mtry {
                    let j = i + rng.below((p - i) as u64) as usize;
                    self.features.swap(i, j);
                }
                let feats = &mut self.features[..mtry];
                feats.sort_unstable();
                for &f in feats.iter() {
                    let (a, b) = (x.offsets()[f as usize], x.offsets()[f as usize + 1]);
                    self.hist[width * a..width * b].fill(0.0);
                }
                build_class(
                    &mut self.hist,
                    x,
                    node_rows,
                    data.info,
                    k,
                    feats,
                    data.weights_are_counts,
                    parallelism,
                );
                split = best_class_split(
                    &self.hist,
                    x.offsets(),
                    x.n_bins(),
                    categorical,
                    feats,
                    &self.total,
                    rules.criterion,
                    rules.min_samples_leaf as f64,
                    &mut self.split_scratch,
                    &mut self.best_left,
                );
            }
            let me = match split {
                Some(s) => {
                    let id = nodes.len();
                    nodes.push(SplitNode::new(
                        s.feature,
                        &s.left,
                        categorical[s.feature as usize],
                        s.gain,
                        &mut sets,
                    ));
                    // The histogram pass just read these rows' bins: small nodes find them in cache.
                    let source = BinSource::after_pass(node_rows.len());
                    let mid = start
                        + partition(node_rows, &mut self.scratch, x, s.feature as usize, &s.left, source);
                    // Right first so the left subtree is grown (and numbered) first.
                    self.stack.push((mid, end, depth + 1, Some((id, false))));
                    self.stack.push((start, mid, depth + 1, Some((id, true))));
                    for j in 0..width {
                        self.totals.push(self.total[j] - self.best_left[j]);
                    }
                    self.totals.extend_from_slice(&self.best_left);
                    id as i32
                }
                None => {
                    let leaf = values.len() / k.max(1);
                    let w: f64 = self.total[..k].iter().sum();
                    for c in 0..k {
                        values.push(if w > 0.0 { (self.total[c] / w) as f32 } else { 1.0 / k as f32 });
                    }
                    !(leaf as i32)
                }
            };
            if let Some((pn, is_left)) = parent {
                if is_left {
                    nodes[pn].left = me;
                } else {
                    nodes[pn].right = me;
                }
            }
        }
        BinTree { nodes, sets, width: k, values }
    }
}
