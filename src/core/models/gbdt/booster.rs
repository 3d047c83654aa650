//! [`Booster`]: one boosting run, a round at a time, so that the trees of a round can be grown
//! by several workers that share no memory.
//!
//! The `n_out` trees of a round are independent given the scores at the round's start: each
//! worker keeps its own booster over the same data, grows its outputs' trees
//! ([`Booster::grow`]), and every worker then takes the whole round's trees
//! ([`Booster::finish_round`]), adding the trees it did not grow to its scores through the
//! leaf of every training and validation row their workers recorded
//! ([`row_leaves`](super::row_leaves)), or by predicting them. Every random draw (rows, each
//! output's columns) is made by every worker in the same order, so all boosters stay in step
//! and the trees are exactly those of a single worker, bit for bit. [`GbdtParams::fit`](crate::core::models::Learner::fit) drives one booster over all
//! outputs, with its threads growing them side by side.

use std::ops::Range;

use super::loss::{evaluate, gradients};
use super::row_leaves::RowLeaves;
use super::{GbdtModel, GbdtParams};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::math::DetMath;
use crate::core::models::hist::binning::BinnedMatrix;
use crate::core::models::hist::flat_tree::FlatTree;
use crate::core::models::hist::grow::{BoostGrower, GrowRules};
use crate::core::models::hist::histogram::{build_gh_multi, split_outputs, GhAcc};
use crate::core::models::hist::split::GhRules;
use crate::core::models::hist::tree::normalize;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::models::{baseline, Monitor, TrainData, TrainProgress, Valid};
use crate::core::parallel::{blocks_mut, Parallelism, ROW_BLOCK};
use crate::core::rng::Rng;

/// What one thread needs to grow an output's tree: a grower, its rows, the root histogram.
#[derive(Default)]
struct ClassWorker {
    grower: BoostGrower,
    rows: Vec<u32>,
    root_hist: Vec<GhAcc>,
}

/// Whether a run goes on after a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    /// Grow the next round.
    More,
    /// The run is over (its last round, or early stopping).
    Done,
}

/// One boosting run in progress: the binned data, every row's scores and gradients, the
/// random streams and the trees so far.
pub struct Booster {
    params: GbdtParams,
    n: usize,
    n_classes: usize,
    n_out: usize,
    binning: Binning,
    xb: BinnedMatrix,
    categorical: Vec<bool>,
    y: Vec<u32>,
    weights: Option<Vec<f32>>,
    valid: Option<(BinnedMatrix, Vec<u32>)>,
    base: Vec<f32>,
    /// Training scores, output after output.
    scores: Vec<f32>,
    /// Validation scores, output after output (like the training scores).
    valid_scores: Vec<f32>,
    /// Gradient/hessian pairs, output after output.
    gh: Vec<f32>,
    rules: GrowRules,
    row_rng: Rng,
    col_rng: Rng,
    n_cols: usize,
    parallelism: Parallelism,
    workers: Vec<ClassWorker>,
    trees: Vec<BinTree>,
    root_rows: Vec<u32>,
    out_rows: Vec<u32>,
    multi_hist: Vec<f64>,
    parts: Vec<Vec<f32>>,
    best: (f64, usize),
    rounds: usize,
    /// Progress fractions are mapped to `start + share × fraction`.
    window: (f64, f64),
    /// Whether [`grow`](Self::grow) keeps the leaf of every row of the trees it grows, for
    /// the other workers of a split fit ([`take_leaves`](Self::take_leaves)).
    record_leaves: bool,
    leaves: Vec<Option<RowLeaves>>,
}

impl Booster {
    /// A run of checked `params` on `data`, reporting progress within `window` (`start`,
    /// `share`): bins the data, starts every score at the class priors.
    pub fn new(params: &Valid<GbdtParams>, data: &TrainData, window: (f64, f64)) -> Result<Booster> {
        let x = data.x;
        let n = x.rows;
        let n_classes = data.n_classes;
        let n_out = if n_classes == 2 { 1 } else { n_classes };
        let binning = Binning::fit(x, params.max_bins, params.bin_sample_rows, data.seed);
        let xb = binning.bin_with(x, data.parallelism)?;
        let categorical: Vec<bool> = binning.mappers.iter().map(|m| m.is_categorical()).collect();
        let valid = match data.valid {
            Some((vx, vy)) => Some((binning.bin(vx)?, vy.to_vec())),
            None => None,
        };
        // Start from the (weighted) class priors.
        let priors = baseline::class_priors(data);
        let base: Vec<f32> = if n_out == 1 {
            let p = priors[1].clamp(1e-6, 1.0 - 1e-6);
            vec![(p / (1.0 - p)).det_ln()]
        } else {
            priors.iter().map(|&p| p.max(1e-6).det_ln()).collect()
        };
        let scores: Vec<f32> = base.iter().flat_map(|&b| std::iter::repeat_n(b, n)).collect();
        let valid_scores: Vec<f32> = match &valid {
            Some((vb, _)) => base.iter().flat_map(|&b| std::iter::repeat_n(b, vb.rows)).collect(),
            None => Vec::new(),
        };
        let rules = GrowRules {
            max_leaves: params.max_leaves,
            max_depth: params.max_depth,
            split: GhRules {
                lambda: params.lambda,
                gamma: params.gamma,
                min_child_weight: params.min_child_weight,
                cat_smooth: params.cat_smooth,
            },
            learning_rate: params.learning_rate,
        };
        let rng = Rng::new(data.seed);
        let p = xb.n_features();
        let n_cols = ((p as f64 * params.colsample_bytree).round() as usize).clamp(1, p.max(1));
        let par = data.parallelism;
        let mut gh = vec![0f32; 2 * n * n_out];
        gradients(&scores, data.y, data.weights, n_out, 0..n_out, &mut gh, par);
        // One tree grower (and its buffers) per thread: a round's trees are grown side by side,
        // each exactly as it would be alone.
        let mut workers: Vec<ClassWorker> =
            (0..par.get().min(n_out)).map(|_| ClassWorker::default()).collect();
        if n_out == 1 {
            // One tree per round: its histograms use the threads instead.
            workers[0].grower.parallelism = par;
        }
        Ok(Booster {
            params: params.get().clone(),
            n,
            n_classes,
            n_out,
            binning,
            xb,
            categorical,
            y: data.y.to_vec(),
            weights: data.weights.map(<[f32]>::to_vec),
            valid,
            base,
            scores,
            valid_scores,
            gh,
            rules,
            row_rng: rng.fork(1),
            col_rng: rng.fork(2),
            n_cols,
            parallelism: par,
            workers,
            trees: Vec::with_capacity(params.n_rounds * n_out),
            root_rows: Vec::with_capacity(n),
            out_rows: Vec::new(),
            multi_hist: Vec::new(),
            parts: Vec::new(),
            best: (f64::INFINITY, 0),
            rounds: 0,
            window,
            record_leaves: false,
            leaves: Vec::new(),
        })
    }

    /// From now on, [`grow`](Self::grow) keeps the leaf of every row for each tree it grows:
    /// a worker of a split fit sends them beside its trees
    /// ([`take_leaves`](Self::take_leaves)), so that the others add the trees to their scores
    /// without predicting every row.
    pub fn record_leaves(&mut self) {
        self.record_leaves = true;
    }

    /// The leaves of every row for the trees of the last [`grow`](Self::grow), in output
    /// order, when recorded (none for a tree of more leaves than a `u16` counts: predict it).
    pub fn take_leaves(&mut self) -> Vec<Option<RowLeaves>> {
        std::mem::take(&mut self.leaves)
    }

    /// How this run bins the features.
    pub fn binning(&self) -> &Binning {
        &self.binning
    }

    /// Each output's starting score.
    pub fn base(&self) -> &[f32] {
        &self.base
    }

    /// Trees per round: one per class, or one for two classes.
    pub fn n_out(&self) -> usize {
        self.n_out
    }

    /// Training rows of this run.
    pub fn rows(&self) -> usize {
        self.n
    }

    /// Validation rows of this run (none without a validation set).
    fn valid_rows(&self) -> usize {
        self.valid.as_ref().map_or(0, |(vb, _)| vb.rows)
    }

    /// Rows a tree's recorded leaves cover: the training rows, then the validation rows.
    pub fn leaf_rows(&self) -> usize {
        self.n + self.valid_rows()
    }

    /// Rounds finished so far.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// Grows the next round's trees of `outputs` (a range of `0..n_out`), in output order,
    /// and adds them to this booster's scores. Every booster of a run draws the whole round's
    /// random rows and columns, whatever outputs it grows, so their streams stay in step.
    pub fn grow(&mut self, outputs: Range<usize>) -> Result<Vec<BinTree>> {
        let (n, n_out) = (self.n, self.n_out);
        if outputs.start > outputs.end || outputs.end > n_out {
            let valid = format!("a range within 0..{n_out}");
            return Err(Error::invalid_param("boosting", "outputs", format!("{outputs:?}"), valid));
        }
        self.root_rows.clear();
        self.out_rows.clear();
        if self.params.subsample < 1.0 {
            for r in 0..n as u32 {
                if self.row_rng.f64() < self.params.subsample {
                    self.root_rows.push(r);
                } else {
                    self.out_rows.push(r);
                }
            }
        } else {
            self.root_rows.extend(0..n as u32);
        }
        // Each output's features, drawn in output order from the one column stream.
        let p = self.xb.n_features();
        let mut features: Vec<Vec<u32>> = Vec::with_capacity(n_out);
        for _ in 0..n_out {
            features.push(if self.n_cols < p {
                let mut f = self.col_rng.sample_indices(p, self.n_cols);
                f.sort_unstable();
                f
            } else {
                (0..p as u32).collect()
            });
        }
        // One pass builds the root histograms of the grown outputs' trees (each output's sums
        // are its own, whichever other outputs share the pass).
        let shared_root = n_out > 1;
        let hist_len = 2 * self.xb.total_bins();
        let mine = outputs.len();
        if shared_root && mine > 0 {
            self.multi_hist.clear();
            self.multi_hist.resize(hist_len * mine, 0.0);
            let gh = &self.gh[2 * outputs.start * n..2 * outputs.end * n];
            build_gh_multi(
                &mut self.multi_hist,
                &self.xb,
                &self.root_rows,
                gh,
                mine,
                self.parallelism,
                &mut self.parts,
            );
        }
        let jobs: Vec<(Vec<u32>, &mut [f32])> = features
            .into_iter()
            .zip(self.scores.chunks_mut(n.max(1)))
            .skip(outputs.start)
            .take(mine)
            .collect();
        let (xb, categorical, rules, record) =
            (&self.xb, &self.categorical[..], &self.rules, self.record_leaves);
        let (gh, multi, root_rows, out_rows) =
            (&self.gh[..], &self.multi_hist[..], &self.root_rows[..], &self.out_rows[..]);
        let first = outputs.start;
        let trees = self.parallelism.map_with(&mut self.workers, jobs, |w, j, (features, scores_k)| {
            let k = first + j;
            w.rows.clear();
            w.rows.extend_from_slice(root_rows);
            if shared_root {
                w.root_hist.resize(hist_len, 0.0);
                split_outputs(multi, mine, j, &mut w.root_hist);
            }
            let tree = w.grower.grow(
                xb,
                categorical,
                &mut w.rows,
                &gh[2 * k * n..2 * (k + 1) * n],
                &features,
                shared_root.then_some(&w.root_hist[..]),
                rules,
            );
            // Update the training scores (leaves know their rows) and, when recorded, each
            // row's leaf, in one pass over the rows.
            let mut ids = (record && tree.n_leaves() <= 1 << 16).then(|| vec![0u16; n]);
            for (leaf, &(s, e)) in w.grower.leaf_ranges().iter().enumerate() {
                let v = tree.values[leaf];
                for &r in &w.rows[s..e] {
                    scores_k[r as usize] += v;
                    if let Some(ids) = &mut ids {
                        ids[r as usize] = leaf as u16;
                    }
                }
            }
            // The rows left out of this round's sample: found by walking the tree.
            let mut out_leaves = vec![0u32; out_rows.len()];
            if !out_rows.is_empty() {
                FlatTree::new(&tree).leaves_of_rows(xb, out_rows, &mut out_leaves);
            }
            for (&r, &leaf) in out_rows.iter().zip(&out_leaves) {
                scores_k[r as usize] += tree.values[leaf as usize];
                if let Some(ids) = &mut ids {
                    ids[r as usize] = leaf as u16;
                }
            }
            (tree, ids.map(RowLeaves))
        });
        let (trees, mut leaves): (Vec<BinTree>, Vec<Option<RowLeaves>>) = trees.into_iter().unzip();
        // The grown trees' validation scores (and, when recorded, the validation rows' leaves
        // after the training rows'), so that no worker predicts another's trees there.
        if let Some((vb, _)) = &self.valid {
            let nv = vb.rows;
            for (j, (tree, leaves)) in trees.iter().zip(&mut leaves).enumerate() {
                let k = first + j;
                let record = leaves.is_some();
                let flat = FlatTree::new(tree);
                let ids = self.parallelism.map(
                    blocks_mut(&mut self.valid_scores[k * nv..(k + 1) * nv], ROW_BLOCK),
                    |b, block| {
                        let mut found = vec![0u32; block.len()];
                        flat.leaves_of_range(vb, b * ROW_BLOCK, &mut found);
                        for (s, &leaf) in block.iter_mut().zip(&found) {
                            *s += tree.values[leaf as usize];
                        }
                        if record {
                            found.iter().map(|&leaf| leaf as u16).collect()
                        } else {
                            Vec::new()
                        }
                    },
                );
                if let Some(RowLeaves(all)) = leaves {
                    all.extend(ids.into_iter().flatten());
                }
            }
        }
        self.leaves = leaves;
        Ok(trees)
    }

    /// Ends the round with all its trees (`n_out`, in output order): those of `grown` (the
    /// outputs this booster grew, already in its training and validation scores) are kept as
    /// they are; the others are added to both through `leaves` (by output; each tree's row
    /// leaves as the worker that grew it recorded them) where given, else by prediction. Then
    /// the gradients and early stopping; `monitor` gets the round's progress (and may cancel).
    pub fn finish_round(
        &mut self,
        round: Vec<BinTree>,
        grown: Range<usize>,
        leaves: &[Option<RowLeaves>],
        monitor: &mut dyn Monitor,
    ) -> Result<RoundEnd> {
        let (n, n_out, par) = (self.n, self.n_out, self.parallelism);
        let nv = self.valid_rows();
        if round.len() != n_out {
            return Err(Error::shape("a boosting round's trees", n_out, round.len()));
        }
        for (k, tree) in round.iter().enumerate() {
            if !grown.contains(&k) {
                tree.validate(&self.binning.mappers, 1)?;
                let xb = &self.xb;
                let scores_k = &mut self.scores[k * n..(k + 1) * n];
                let valid_k = &mut self.valid_scores[k * nv..(k + 1) * nv];
                if let Some(Some(ids)) = leaves.get(k) {
                    if ids.0.len() != n + nv {
                        return Err(Error::shape(
                            format!("the row leaves of tree {}", k + 1),
                            n + nv,
                            ids.0.len(),
                        ));
                    }
                    let (train, valid) = ids.0.split_at(n);
                    RowLeaves::add(train, tree, scores_k);
                    RowLeaves::add(valid, tree, valid_k);
                    continue;
                }
                let flat = FlatTree::new(tree);
                let add = |x: &BinnedMatrix, b: usize, block: &mut [f32]| {
                    let mut found = vec![0u32; block.len()];
                    flat.leaves_of_range(x, b * ROW_BLOCK, &mut found);
                    for (s, &leaf) in block.iter_mut().zip(&found) {
                        *s += tree.values[leaf as usize];
                    }
                };
                par.map(blocks_mut(scores_k, ROW_BLOCK), |b, block| add(xb, b, block));
                if let Some((vb, _)) = &self.valid {
                    par.map(blocks_mut(valid_k, ROW_BLOCK), |b, block| add(vb, b, block));
                }
            }
        }
        self.trees.extend(round);
        self.rounds += 1;
        let rounds = self.rounds;
        // Only the outputs this booster grows need their gradients.
        let (y, w) = (&self.y, self.weights.as_deref());
        let train_loss = gradients(&self.scores, y, w, n_out, grown.clone(), &mut self.gh, par);
        let (start, share) = self.window;
        let refitting = start > 0.0;
        let mut progress = TrainProgress {
            fraction: start + share * rounds as f64 / self.params.n_rounds as f64,
            iteration: rounds,
            train_loss: (!refitting).then_some(train_loss),
            ..Default::default()
        };
        let mut stop = rounds >= self.params.n_rounds;
        if let Some((_, vy)) = &self.valid {
            let (loss, acc) = evaluate(&self.valid_scores, vy, n_out, par);
            progress.valid_loss = Some(loss);
            progress.valid_accuracy = Some(acc);
            if loss < self.best.0 {
                self.best = (loss, rounds);
            } else if self.params.early_stopping_rounds > 0
                && rounds - self.best.1 >= self.params.early_stopping_rounds
            {
                stop = true;
            }
        }
        if !monitor.report(&progress) {
            return Err(ErrorKind::Cancelled.into());
        }
        Ok(if stop { RoundEnd::Done } else { RoundEnd::More })
    }

    /// The model: the best round's trees when a validation set scored the rounds.
    pub fn into_model(mut self) -> GbdtModel {
        let mut rounds = self.rounds;
        if self.valid.is_some() && self.params.early_stopping_rounds > 0 && self.best.1 > 0 {
            rounds = self.best.1;
            self.trees.truncate(rounds * self.n_out);
        }
        let mut importance = vec![0.0; self.xb.n_features()];
        for t in &self.trees {
            t.add_gains(&mut importance);
        }
        GbdtModel {
            n_classes: self.n_classes,
            n_out: self.n_out,
            base: self.base,
            binning: self.binning,
            trees: self.trees,
            rounds,
            importance: normalize(importance),
        }
    }
}
