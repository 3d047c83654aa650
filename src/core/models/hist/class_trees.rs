//! Fitting and predicting with classification trees (decision tree, random forest).
//!
//! * [`MaxFeatures`]: how many features each split considers.
//! * `fit_class_trees`: bins the data once, then grows trees (bootstrap per tree, seeded by
//!   `Rng::fork(tree)`) with [`ClassGrower`].
//! * `predict_class_trees`: averages the trees' leaf class shares.

use serde::{Deserialize, Serialize};

use super::check::check_data;
use super::flat_tree::FlatTree;
use super::grow_class::{ClassData, ClassGrower, ClassRules};
use super::histogram::ClassRow;
use super::tree::normalize;
use super::{BinTree, Binning};
use crate::core::error::{ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::models::fitted::{ensure, ensure_classes, ensure_len, within};
use crate::core::models::{Monitor, TrainData, TrainProgress};
use crate::core::parallel::{blocks_mut, Parallelism};
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

    /// Checks a fraction is in (0, 1].
    pub fn check(self, model: &str) -> Result<()> {
        match self {
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => Err(crate::core::Error::invalid_param(
                model,
                "max_features.fraction",
                f,
                "a number in (0, 1]",
            )),
            _ => Ok(()),
        }
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
        return Err(crate::core::Error::invalid_param(
            m,
            "max_depth",
            max_depth,
            "a whole number from 0 (no limit) to 64",
        ));
    }
    if min_samples_leaf < 1 {
        return Err(crate::core::Error::invalid_param(
            m,
            "min_samples_leaf",
            min_samples_leaf,
            "a whole number, 1 or more",
        ));
    }
    if min_samples_split < 2 {
        return Err(crate::core::Error::invalid_param(
            m,
            "min_samples_split",
            min_samples_split,
            "a whole number, 2 or more",
        ));
    }
    if !(2..=255).contains(&max_bins) {
        return Err(crate::core::Error::invalid_param(
            m,
            "max_bins",
            max_bins,
            "a whole number from 2 to 255",
        ));
    }
    if bin_sample_rows < 1000 {
        return Err(crate::core::Error::invalid_param(
            m,
            "bin_sample_rows",
            bin_sample_rows,
            "a whole number, 1,000 or more",
        ));
    }
    Ok(())
}

/// What [`fit_class_trees`] needs beyond the data.
/// (All fields mirror the params of the same names.)
pub(crate) struct ClassFit {
    pub n_trees: usize,
    /// Index of the first tree (trees `first_tree..first_tree + n_trees` are grown; a share
    /// of a forest trained elsewhere starts past 0).
    pub first_tree: usize,
    pub rules: ClassRules,
    pub max_features: MaxFeatures,
    pub bootstrap: bool,
    pub max_samples: f64,
    pub max_bins: usize,
    pub bin_sample_rows: usize,
}

/// What one thread needs to grow a tree: a grower and the bootstrap's per-row buffers.
#[derive(Default)]
struct TreeWorker {
    grower: ClassGrower,
    m: Vec<f32>,
    info: Vec<ClassRow>,
    rows: Vec<u32>,
}

impl TreeWorker {
    /// Sets each row's multiplicity for the next tree: `draws` bootstrap draws from `rng`, or
    /// every row once (`None`); then the rows drawn at least once, and each row's class, weight
    /// and count.
    fn sample(&mut self, data: &TrainData, draws: Option<usize>, rng: &mut Rng) {
        let n = data.x.rows;
        self.m.resize(n, 0.0);
        self.info.resize(n, ClassRow::default());
        match draws {
            Some(draws) => {
                self.m.fill(0.0);
                for _ in 0..draws {
                    self.m[rng.below(n as u64) as usize] += 1.0;
                }
            }
            None => self.m.fill(1.0),
        }
        self.rows.clear();
        for r in 0..n {
            let m = self.m[r];
            self.info[r] =
                ClassRow { class: data.y[r], weight: m * data.weights.map_or(1.0, |cw| cw[r]), count: m };
            if m > 0.0 {
                self.rows.push(r as u32);
            }
        }
    }
}

/// Bins the data once and grows `n_trees` classification trees on it, side by side on the
/// data's threads (tree `t` draws from `Rng::fork(t)`, so the trees do not depend on which
/// thread grows them or when).
pub(crate) fn fit_class_trees(
    cfg: &ClassFit,
    data: &TrainData,
    monitor: &mut dyn Monitor,
) -> Result<(Binning, Vec<BinTree>, Vec<f64>)> {
    check_data(data)?;
    let x = data.x;
    let n = x.rows;
    let binning = Binning::fit(x, cfg.max_bins, cfg.bin_sample_rows, data.seed);
    let xb = binning.bin_with(x, data.parallelism)?;
    let categorical: Vec<bool> = binning.mappers.iter().map(|m| m.is_categorical()).collect();
    let mut rules = cfg.rules;
    rules.mtry = cfg.max_features.count(xb.n_features());
    let master = Rng::new(data.seed);
    let draws = ((n as f64 * cfg.max_samples).round() as usize).max(1);
    let par = data.parallelism;
    // One tree alone spreads its histograms over the threads; several trees are grown side
    // by side, each on one thread exactly as it would be alone.
    let per_tree = if cfg.n_trees == 1 { par } else { Parallelism::ONE };
    let (xb, categorical, rules) = (&xb, &categorical[..], &rules);
    let grow_tree = |w: &mut TreeWorker, t: usize| {
        let mut rng = master.fork((cfg.first_tree + t) as u64);
        w.sample(data, cfg.bootstrap.then_some(draws), &mut rng);
        let weights_are_counts = data.weights.is_none();
        let class_data = ClassData { info: &w.info, n_classes: data.n_classes, weights_are_counts };
        w.grower.grow(xb, categorical, &mut w.rows, class_data, rules, &mut rng, per_tree)
    };
    let trees = par
        .run_tasks(cfg.n_trees, TreeWorker::default, grow_tree, |done, _| {
            let progress = TrainProgress {
                fraction: done as f64 / cfg.n_trees as f64,
                iteration: done,
                ..Default::default()
            };
            monitor.report(&progress)
        })
        .ok_or(ErrorKind::Cancelled)?;
    let mut importance = vec![0.0; xb.n_features()];
    for tree in &trees {
        tree.add_gains(&mut importance);
    }
    Ok((binning, trees, normalize(importance)))
}

/// Checks classification trees read from a file: the binning, at least one tree, each with
/// `n_classes` class shares per leaf, and one importance per feature.
pub(crate) fn validate_class_trees(
    binning: &Binning,
    trees: &[BinTree],
    n_classes: usize,
    importance: &[f64],
) -> Result<()> {
    ensure_classes(n_classes)?;
    binning.validate()?;
    ensure(!trees.is_empty(), || "it has no trees".into())?;
    for (t, tree) in trees.iter().enumerate() {
        tree.validate(&binning.mappers, n_classes).map_err(within(format!("tree {t}")))?;
    }
    validate_importance(importance, binning.n_features())
}

/// Checks built-in importances read from a file: one finite value per feature.
pub(crate) fn validate_importance(importance: &[f64], n_features: usize) -> Result<()> {
    ensure_len("importance", importance.len(), n_features)?;
    ensure(importance.iter().all(|v| v.is_finite()), || "importance: a value is not a finite number".into())
}

/// Rows per block when classification trees score `rows` rows: one block per thread, from
/// 4,096 to 65,536 rows. A tree walks a whole block before the next tree, and a forest's trees
/// are deep (tens of thousands of nodes): the more rows walk a tree in one go, the more of its
/// lower nodes are still in the cache for the next row (scoring 180,000 rows with a 50-tree
/// forest takes a quarter of the time it took in blocks of 512). Each row's sum over the trees
/// is the same whatever the blocks.
fn predict_block_rows(rows: usize, parallelism: Parallelism) -> usize {
    rows.div_ceil(parallelism.get().max(1)).clamp(4096, 65_536)
}

/// Mean leaf class shares over `trees` for every row of `x` (a frame checked against the
/// binning's inputs, and trees validated against the binning), blocks of rows spread over
/// `parallelism`'s threads (each row's shares are summed over the trees in the same order
/// whatever the thread count).
pub(crate) fn predict_class_trees(
    binning: &Binning,
    trees: &[BinTree],
    n_classes: usize,
    x: &FeatureFrame,
    parallelism: Parallelism,
) -> Result<Vec<f32>> {
    let k = n_classes;
    let xb = binning.bin_with(x, parallelism)?;
    let mut out = vec![0f32; x.rows * k];
    let block_rows = predict_block_rows(x.rows, parallelism);
    let scale = 1.0 / trees.len().max(1) as f32;
    let flat: Vec<FlatTree> = trees.iter().map(FlatTree::new).collect();
    parallelism.map(blocks_mut(&mut out, block_rows * k.max(1)), |b, block| {
        let start = b * block_rows;
        let mut leaves = vec![0u32; block.len() / k.max(1)];
        for (tree, flat) in trees.iter().zip(&flat) {
            flat.leaves_of_range(&xb, start, &mut leaves);
            for (o, &leaf) in block.chunks_exact_mut(k).zip(&leaves) {
                let v = &tree.values[leaf as usize * k..(leaf as usize + 1) * k];
                for (o, &p) in o.iter_mut().zip(v) {
                    *o += p;
                }
            }
        }
        for o in block.iter_mut() {
            *o *= scale;
        }
    });
    Ok(out)
}
