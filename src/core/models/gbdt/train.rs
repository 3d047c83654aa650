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
use crate::core::rng::Rng;

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
        let xb = binning.bin(x)?;
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

        let mut gh = vec![0f32; 2 * n * n_out];
        let mut probs = Vec::new();
        let mut train_loss = gradients(&scores, data.y, data.weights, n_out, &mut gh, &mut probs);
        let mut grower = BoostGrower::new();
        let mut trees: Vec<BinTree> = Vec::with_capacity(self.n_rounds * n_out);
        let mut root_rows: Vec<u32> = Vec::with_capacity(n);
        let mut out_rows: Vec<u32> = Vec::new();
        let mut rows: Vec<u32> = vec![0; n];
        let hist_len = 2 * xb.total_bins();
        let mut multi_hist: Vec<f64> = Vec::new();
        let mut root_hist: Vec<GhAcc> = vec![0.0; hist_len];
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
                build_gh_multi(&mut multi_hist, &xb, &root_rows, &gh, n_out);
            }
            for k in 0..n_out {
                let features: Vec<u32> = if n_cols < p {
                    let mut f = col_rng.sample_indices(p, n_cols);
                    f.sort_unstable();
                    f
                } else {
                    all_features.clone()
                };
                let rows = &mut rows[..root_rows.len()];
                rows.copy_from_slice(&root_rows);
                if shared_root {
                    split_outputs(&multi_hist, n_out, k, &mut root_hist);
                }
                let tree = grower.grow(
                    &xb,
                    &categorical,
                    rows,
                    &gh[2 * k * n..2 * (k + 1) * n],
                    &features,
                    shared_root.then_some(&root_hist[..]),
                    &rules,
                );
                // Update the training scores: leaves know their rows.
                let scores_k = &mut scores[k * n..(k + 1) * n];
                for (leaf, &(s, e)) in grower.leaf_ranges().iter().enumerate() {
                    let v = tree.values[leaf];
                    for &r in &rows[s..e] {
                        scores_k[r as usize] += v;
                    }
                }
                for &r in &out_rows {
                    scores_k[r as usize] += tree.predict(xb.row(r as usize))[0];
                }
                if let Some((vb, _)) = &valid {
                    for r in 0..vb.rows {
                        valid_scores[r * n_out + k] += tree.predict(vb.row(r))[0];
                    }
                }
                trees.push(tree);
            }
            rounds = round + 1;
            train_loss = gradients(&scores, data.y, data.weights, n_out, &mut gh, &mut probs);
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
