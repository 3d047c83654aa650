//! The boosting loop: [`Learner`] for [`GbdtParams`].

use super::loss::{evaluate, gradients};
use super::{GbdtModel, GbdtParams};
use crate::core::error::{ErrorKind, Result};
use crate::core::math::DetMath;
use crate::core::models::hist::check::check_data;
use crate::core::models::hist::grow::{BoostGrower, GrowRules};
use crate::core::models::hist::histogram::{build_gh_multi, split_outputs, GhAcc};
use crate::core::models::hist::split::GhRules;
use crate::core::models::hist::tree::normalize;
use crate::core::models::hist::{BinTree, Binning};
use crate::core::models::{baseline, Learner, Monitor, TrainData, TrainProgress};
use crate::core::parallel::{blocks_mut, ROW_BLOCK};
use crate::core::rng::Rng;

/// What one thread needs to grow an output's tree: a grower, its rows, the root histogram.
#[derive(Default)]
struct ClassWorker {
    grower: BoostGrower,
    rows: Vec<u32>,
    root_hist: Vec<GhAcc>,
}

impl Learner for GbdtParams {
    type Model = GbdtModel;

    fn validate(&self) -> Result<()> {
        self.check()
    }

    fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<GbdtModel> {
        self.check()?;
        check_data(data)?;
        let refit = data
            .valid
            .filter(|(vx, _)| self.early_stopping_rounds > 0 && data.x.rows + vx.rows <= self.refit_max_rows);
        let Some((vx, vy)) = refit else {
            return self.boost(data, monitor, (0.0, 1.0));
        };
        // Early stopping on the validation rows chooses the round count, …
        let chosen = self.boost(data, monitor, (0.0, 0.5))?;
        // … then every given row trains that many rounds.
        let x = data.x.clone().append_rows(vx);
        let y: Vec<u32> = data.y.iter().chain(vy).copied().collect();
        let weights = data.weights.map(|w| {
            let class_weight = class_weights(data.y, w, data.n_classes);
            w.iter().copied().chain(vy.iter().map(|&c| class_weight[c as usize])).collect::<Vec<f32>>()
        });
        let all = TrainData { x: &x, y: &y, weights: weights.as_deref(), valid: None, ..*data };
        let params = GbdtParams { n_rounds: chosen.rounds.max(1), early_stopping_rounds: 0, ..self.clone() };
        params.boost(&all, monitor, (0.5, 0.5))
    }
}

/// The mean weight of each class's rows (the class weight, when weights are class weights).
fn class_weights(y: &[u32], weights: &[f32], k: usize) -> Vec<f32> {
    let mut sum = vec![(0f64, 0usize); k];
    for (&c, &w) in y.iter().zip(weights) {
        sum[c as usize].0 += w as f64;
        sum[c as usize].1 += 1;
    }
    sum.iter().map(|&(s, n)| if n > 0 { (s / n as f64) as f32 } else { 1.0 }).collect()
}

impl GbdtParams {
    /// One boosting run. Progress fractions are mapped to `start + share × fraction`; a
    /// run without a validation set (the refit) reports no losses, so learning curves show
    /// the run that chose the round count.
    fn boost(
        &self,
        data: &TrainData,
        monitor: &mut dyn Monitor,
        (start, share): (f64, f64),
    ) -> Result<GbdtModel> {
        let x = data.x;
        let n = x.rows;
        let n_classes = data.n_classes;
        let n_out = if n_classes == 2 { 1 } else { n_classes };
        let binning = Binning::fit(x, self.max_bins, self.bin_sample_rows, data.seed);
        let xb = binning.bin_with(x, data.parallelism)?;
        let categorical: Vec<bool> = binning.mappers.iter().map(|m| m.is_categorical()).collect();
        let valid = match data.valid {
            Some((vx, vy)) => Some((binning.bin(vx)?, vy)),
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
        // Training scores and gradients are stored output after output.
        let mut scores: Vec<f32> = base.iter().flat_map(|&b| std::iter::repeat_n(b, n)).collect();
        let mut valid_scores: Vec<f32> = match &valid {
            Some((vb, _)) => base.iter().copied().cycle().take(vb.rows * n_out).collect(),
            None => Vec::new(),
        };

        let rules = GrowRules {
            max_leaves: self.max_leaves,
            max_depth: self.max_depth,
            split: GhRules {
                lambda: self.lambda,
                gamma: self.gamma,
                min_child_weight: self.min_child_weight,
                cat_smooth: self.cat_smooth,
            },
            learning_rate: self.learning_rate,
        };
        let rng = Rng::new(data.seed);
        let mut row_rng = rng.fork(1);
        let mut col_rng = rng.fork(2);
        let p = xb.n_features();
        let n_cols = ((p as f64 * self.colsample_bytree).round() as usize).clamp(1, p.max(1));
        let all_features: Vec<u32> = (0..p as u32).collect();

        let par = data.parallelism;
        let mut gh = vec![0f32; 2 * n * n_out];
        let mut train_loss = gradients(&scores, data.y, data.weights, n_out, &mut gh, par);
        // One tree grower (and its buffers) per thread: a round's `n_out` trees are grown side by
        // side, each exactly as it would be alone.
        let mut workers: Vec<ClassWorker> =
            (0..par.get().min(n_out)).map(|_| ClassWorker::default()).collect();
        if n_out == 1 {
            // One tree per round: its histograms use the threads instead.
            workers[0].grower.parallelism = par;
        }
        let mut trees: Vec<BinTree> = Vec::with_capacity(self.n_rounds * n_out);
        let mut root_rows: Vec<u32> = Vec::with_capacity(n);
        let mut out_rows: Vec<u32> = Vec::new();
        let hist_len = 2 * xb.total_bins();
        let mut multi_hist: Vec<f64> = Vec::new();
        let mut parts: Vec<Vec<f32>> = Vec::new();
        let mut best = (f64::INFINITY, 0usize);
        let mut rounds = 0;
        for round in 0..self.n_rounds {
            root_rows.clear();
            out_rows.clear();
            if self.subsample < 1.0 {
                for r in 0..n as u32 {
                    if row_rng.f64() < self.subsample {
                        root_rows.push(r);
                    } else {
                        out_rows.push(r);
                    }
                }
            } else {
                root_rows.extend(0..n as u32);
            }
            // One pass builds the root histograms of every output's tree.
            let shared_root = n_out > 1;
            if shared_root {
                multi_hist.clear();
                multi_hist.resize(hist_len * n_out, 0.0);
                build_gh_multi(&mut multi_hist, &xb, &root_rows, &gh, n_out, par, &mut parts);
            }
            // Each output's features, drawn in output order from the one column stream.
            let mut jobs = Vec::with_capacity(n_out);
            for scores_k in scores.chunks_mut(n.max(1)).take(n_out) {
                let features: Vec<u32> = if n_cols < p {
                    let mut f = col_rng.sample_indices(p, n_cols);
                    f.sort_unstable();
                    f
                } else {
                    all_features.clone()
                };
                jobs.push((features, scores_k));
            }
            let (xb_ref, categorical, gh_ref, multi_ref) = (&xb, &categorical[..], &gh[..], &multi_hist[..]);
            let (root_rows, out_rows, rules) = (&root_rows[..], &out_rows[..], &rules);
            let round_trees = par.map_with(&mut workers, jobs, |w, k, (features, scores_k)| {
                w.rows.clear();
                w.rows.extend_from_slice(root_rows);
                if shared_root {
                    w.root_hist.resize(hist_len, 0.0);
                    split_outputs(multi_ref, n_out, k, &mut w.root_hist);
                }
                let tree = w.grower.grow(
                    xb_ref,
                    categorical,
                    &mut w.rows,
                    &gh_ref[2 * k * n..2 * (k + 1) * n],
                    &features,
                    shared_root.then_some(&w.root_hist[..]),
                    rules,
                );
                // Update the training scores: leaves know their rows.
                for (leaf, &(s, e)) in w.grower.leaf_ranges().iter().enumerate() {
                    let v = tree.values[leaf];
                    for &r in &w.rows[s..e] {
                        scores_k[r as usize] += v;
                    }
                }
                for &r in out_rows {
                    scores_k[r as usize] += tree.predict(xb_ref.row(r as usize))[0];
                }
                tree
            });
            if let Some((vb, _)) = &valid {
                let new_trees = &round_trees[..];
                let blocks = blocks_mut(&mut valid_scores, ROW_BLOCK * n_out);
                par.map(blocks, |b, block| {
                    let start = b * ROW_BLOCK;
                    for (k, tree) in new_trees.iter().enumerate() {
                        for (i, row) in block.chunks_exact_mut(n_out).enumerate() {
                            row[k] += tree.predict(vb.row(start + i))[0];
                        }
                    }
                });
            }
            trees.extend(round_trees);
            rounds = round + 1;
            train_loss = gradients(&scores, data.y, data.weights, n_out, &mut gh, par);
            let refitting = start > 0.0;
            let mut progress = TrainProgress {
                fraction: start + share * rounds as f64 / self.n_rounds as f64,
                iteration: rounds,
                train_loss: (!refitting).then_some(train_loss),
                ..Default::default()
            };
            let mut stop = false;
            if let Some((_, vy)) = &valid {
                let (loss, acc) = evaluate(&valid_scores, vy, n_out);
                progress.valid_loss = Some(loss);
                progress.valid_accuracy = Some(acc);
                if loss < best.0 {
                    best = (loss, rounds);
                } else if self.early_stopping_rounds > 0 && rounds - best.1 >= self.early_stopping_rounds {
                    stop = true;
                }
            }
            if !monitor.report(&progress) {
                return Err(ErrorKind::Cancelled.into());
            }
            if stop {
                break;
            }
        }
        let _ = train_loss;
        // Keep the best round when a validation set scored the rounds.
        if valid.is_some() && self.early_stopping_rounds > 0 && best.1 > 0 {
            rounds = best.1;
            trees.truncate(rounds * n_out);
        }
        let mut importance = vec![0.0; p];
        for t in &trees {
            t.add_gains(&mut importance);
        }
        Ok(GbdtModel { n_classes, n_out, base, binning, trees, rounds, importance: normalize(importance) })
    }
}
