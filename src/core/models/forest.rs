//! Random forest: bagged classification trees on the shared binned matrix.
//!
//! * [`ForestParams`]: number of trees, bootstrap, features per split (√p by default), depth
//!   and leaf-size limits, Gini or entropy.
//! * [`ForestModel`]: the trees; probabilities are the leaf class shares averaged over trees;
//!   importance is the total impurity decrease per feature, normalised.
//! * [`MaxFeatures`]: how many features each split considers (shared with [`super::tree`]).
//!
//! Each tree draws its bootstrap (and its per-split features) from `Rng::new(seed).fork(t)`,
//! so a forest is the same whatever order its trees are grown in.

use serde::{Deserialize, Serialize};

use super::gbdt::check_data;
use super::hist::grow_class::{ClassData, ClassGrower, ClassRules};
use super::hist::tree::normalize;
use super::hist::{BinTree, Binning, Criterion};
use super::{invalid_params, Learner, Model, Monitor, TrainData, TrainProgress};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::rng::Rng;

/// How many features a split considers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaxFeatures {
    /// Every feature.
    All,
    /// √p (at least 1).
    Sqrt,
    /// log₂ p (at least 1).
    Log2,
    /// A share of the features, in (0, 1].
    Fraction(f64),
}

impl MaxFeatures {
    /// The number of features out of `p`.
    pub fn count(self, p: usize) -> usize {
        let n = match self {
            MaxFeatures::All => p,
            MaxFeatures::Sqrt => (p as f64).sqrt().round() as usize,
            MaxFeatures::Log2 => (p as f64).log2().round() as usize,
            MaxFeatures::Fraction(f) => (p as f64 * f).round() as usize,
        };
        n.clamp(1, p.max(1))
    }

    fn check(self, model: &str) -> Result<()> {
        match self {
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                Err(invalid_params(model, "max_features as a fraction must be in (0, 1]"))
            }
            _ => Ok(()),
        }
    }
}

/// Hyper-parameters of a random forest.
///
/// Defaults suit ~800k rows: 50 trees, depth ≤ 20, leaves of ≥ 5 rows, √p features per split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForestParams {
    /// Number of trees. 1–10,000; default 50.
    pub n_trees: usize,
    /// Deepest a leaf may be; 0 = no limit. 0–64; default 20.
    pub max_depth: usize,
    /// Fewest (bootstrap) rows in a leaf. ≥ 1; default 5.
    pub min_samples_leaf: usize,
    /// Fewest (bootstrap) rows a node needs to be split. ≥ 2; default 10.
    pub min_samples_split: usize,
    /// Features considered per split. Default √p.
    pub max_features: MaxFeatures,
    /// Impurity measure. Default Gini.
    pub criterion: Criterion,
    /// Whether each tree trains on a bootstrap sample (else on every row). Default true.
    pub bootstrap: bool,
    /// Bootstrap size as a share of the rows, in (0, 1]. Default 1.
    pub max_samples: f64,
    /// Value bins per feature (a missing bin comes on top). 2–255; default 255.
    pub max_bins: usize,
    /// Rows sampled (seeded) to place numeric bin edges. ≥ 1,000; default 200,000.
    pub bin_sample_rows: usize,
}

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams {
            n_trees: 50,
            max_depth: 20,
            min_samples_leaf: 5,
            min_samples_split: 10,
            max_features: MaxFeatures::Sqrt,
            criterion: Criterion::Gini,
            bootstrap: true,
            max_samples: 1.0,
            max_bins: 255,
            bin_sample_rows: 200_000,
        }
    }
}

/// A trained random forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForestModel {
    /// Number of classes.
    pub n_classes: usize,
    /// How raw features map to bins.
    pub binning: Binning,
    /// The trees; each leaf holds class shares.
    pub trees: Vec<BinTree>,
    /// Total impurity decrease per feature, normalised to sum 1.
    pub importance: Vec<f64>,
}

impl ForestParams {
    /// Checks every parameter against its documented range.
    pub fn check(&self) -> Result<()> {
        let m = "random-forest";
        if !(1..=10_000).contains(&self.n_trees) {
            return Err(invalid_params(m, "n_trees must be between 1 and 10,000"));
        }
        check_tree_limits(
            m,
            self.max_depth,
            self.min_samples_leaf,
            self.min_samples_split,
            self.max_bins,
            self.bin_sample_rows,
        )?;
        self.max_features.check(m)?;
        if !(self.max_samples > 0.0 && self.max_samples <= 1.0) {
            return Err(invalid_params(m, "max_samples must be in (0, 1]"));
        }
        Ok(())
    }
}

/// Checks the limits shared by trees and forests.
pub(crate) fn check_tree_limits(
    m: &str,
    max_depth: usize,
    min_samples_leaf: usize,
    min_samples_split: usize,
    max_bins: usize,
    bin_sample_rows: usize,
) -> Result<()> {
    if max_depth > 64 {
        return Err(invalid_params(m, "max_depth must be at most 64"));
    }
    if min_samples_leaf < 1 {
        return Err(invalid_params(m, "min_samples_leaf must be at least 1"));
    }
    if min_samples_split < 2 {
        return Err(invalid_params(m, "min_samples_split must be at least 2"));
    }
    if !(2..=255).contains(&max_bins) {
        return Err(invalid_params(m, "max_bins must be between 2 and 255"));
    }
    if bin_sample_rows < 1000 {
        return Err(invalid_params(m, "bin_sample_rows must be at least 1,000"));
    }
    Ok(())
}

/// What [`fit_class_trees`] needs beyond the data.
pub(crate) struct ClassFit {
    pub n_trees: usize,
    pub rules: ClassRules,
    pub max_features: MaxFeatures,
    pub bootstrap: bool,
    pub max_samples: f64,
    pub max_bins: usize,
    pub bin_sample_rows: usize,
}

/// Bins the data once and grows `n_trees` classification trees on it.
pub(crate) fn fit_class_trees(
    cfg: &ClassFit,
    data: &TrainData,
    monitor: &mut dyn Monitor,
) -> Result<(Binning, Vec<BinTree>, Vec<f64>)> {
    check_data(data)?;
    let x = data.x;
    let n = x.rows;
    let binning = Binning::fit(x, cfg.max_bins, cfg.bin_sample_rows, data.seed);
    let xb = binning.bin(x);
    let categorical: Vec<bool> = binning.mappers.iter().map(|m| m.is_categorical()).collect();
    let mut rules = cfg.rules;
    rules.mtry = cfg.max_features.count(xb.n_features());
    let master = Rng::new(data.seed);
    let mut grower = ClassGrower::new();
    let mut m = vec![0f32; n];
    let mut w = vec![0f32; n];
    let mut rows: Vec<u32> = Vec::with_capacity(n);
    let mut trees = Vec::with_capacity(cfg.n_trees);
    let mut importance = vec![0.0; xb.n_features()];
    let draws = ((n as f64 * cfg.max_samples).round() as usize).max(1);
    for t in 0..cfg.n_trees {
        let mut rng = master.fork(t as u64);
        if cfg.bootstrap {
            m.fill(0.0);
            for _ in 0..draws {
                m[rng.below(n as u64) as usize] += 1.0;
            }
        } else {
            m.fill(1.0);
        }
        rows.clear();
        for r in 0..n {
            w[r] = m[r] * data.weights.map_or(1.0, |cw| cw[r]);
            if m[r] > 0.0 {
                rows.push(r as u32);
            }
        }
        let class_data = ClassData { y: data.y, w: &w, m: &m, n_classes: data.n_classes };
        let tree = grower.grow(&xb, &categorical, &mut rows, class_data, &rules, &mut rng);
        tree.add_gains(&mut importance);
        trees.push(tree);
        let progress = TrainProgress {
            fraction: (t + 1) as f64 / cfg.n_trees as f64,
            iteration: t + 1,
            ..Default::default()
        };
        if !monitor.report(&progress) {
            return Err(ErrorKind::Cancelled.into());
        }
    }
    Ok((binning, trees, normalize(importance)))
}

/// Mean leaf class shares over `trees` for every row of `x`.
pub(crate) fn predict_class_trees(
    binning: &Binning,
    trees: &[BinTree],
    n_classes: usize,
    x: &FeatureFrame,
) -> Vec<f32> {
    let xb = binning.bin(x);
    let k = n_classes;
    let mut out = vec![0f32; x.rows * k];
    const BLOCK: usize = 512;
    let mut start = 0;
    while start < x.rows {
        let end = (start + BLOCK).min(x.rows);
        for tree in trees {
            for r in start..end {
                let v = tree.predict(xb.row(r));
                for (o, &p) in out[r * k..(r + 1) * k].iter_mut().zip(v) {
                    *o += p;
                }
            }
        }
        start = end;
    }
    let scale = 1.0 / trees.len().max(1) as f32;
    for o in &mut out {
        *o *= scale;
    }
    out
}

impl Learner for ForestParams {
    type Model = ForestModel;

    fn validate(&self) -> Result<()> {
        self.check()
    }

    fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<ForestModel> {
        self.check()?;
        let cfg = ClassFit {
            n_trees: self.n_trees,
            rules: ClassRules {
                max_depth: self.max_depth,
                min_samples_leaf: self.min_samples_leaf,
                min_samples_split: self.min_samples_split,
                mtry: 0,
                criterion: self.criterion,
            },
            max_features: self.max_features,
            bootstrap: self.bootstrap,
            max_samples: self.max_samples,
            max_bins: self.max_bins,
            bin_sample_rows: self.bin_sample_rows,
        };
        let (binning, trees, importance) = fit_class_trees(&cfg, data, monitor)?;
        Ok(ForestModel { n_classes: data.n_classes, binning, trees, importance })
    }
}

impl Model for ForestModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn predict_proba(&self, x: &FeatureFrame) -> Vec<f32> {
        predict_class_trees(&self.binning, &self.trees, self.n_classes, x)
    }

    fn importance(&self) -> Option<Vec<f64>> {
        Some(self.importance.clone())
    }
}
