//! Random forest: bagged classification trees on the shared binned matrix.
//!
//! * [`ForestParams`]: number of trees, bootstrap, features per split (√p by default), depth
//!   and leaf-size limits, Gini or entropy.
//! * [`ForestModel`]: the trees; probabilities are the leaf class shares averaged over trees;
//!   importance is the total impurity decrease per feature, normalised.
//!
//! Each tree draws its bootstrap (and its per-split features) from `Rng::new(seed).fork(t)`,
//! so a forest is the same whatever order its trees are grown in.

use serde::{Deserialize, Serialize};

pub use super::hist::class_trees::MaxFeatures;
use super::hist::class_trees::{
    check_tree_limits, fit_class_trees, predict_class_trees, validate_class_trees, ClassFit,
};
use super::hist::grow_class::ClassRules;
use super::hist::tree::normalize;
use super::hist::{BinTree, Binning, Criterion};
use super::{InputKind, Learner, Model, Monitor, TrainData, Valid};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;

/// Hyper-parameters of a random forest.
///
/// Defaults suit ~800k rows: 50 trees, depth ≤ 20, leaves of ≥ 5 rows, √p features per split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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

impl Learner for ForestParams {
    type Model = ForestModel;

    fn validate(&self) -> Result<()> {
        let m = "random-forest";
        if !(1..=10_000).contains(&self.n_trees) {
            return Err(crate::core::Error::invalid_param(
                m,
                "n_trees",
                self.n_trees,
                "a whole number from 1 to 10,000",
            ));
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
            return Err(crate::core::Error::invalid_param(
                m,
                "max_samples",
                self.max_samples,
                "a number in (0, 1]",
            ));
        }
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<ForestModel> {
        grow_trees(p, data, 0..p.n_trees, monitor)
    }
}

impl ForestParams {
    /// Checks the params (once), then trains only trees `trees` of the forest (a share of it,
    /// for another worker); the shares' models [`merge`](ForestModel::merge) into the forest
    /// `fit` trains, bit for bit.
    pub fn fit_trees(
        &self,
        data: &TrainData,
        trees: std::ops::Range<usize>,
        monitor: &mut dyn Monitor,
    ) -> Result<ForestModel> {
        grow_trees(&self.clone().check()?, data, trees, monitor)
    }
}

/// Trees `trees` of the forest `params` describes.
fn grow_trees(
    params: &Valid<ForestParams>,
    data: &TrainData,
    trees: std::ops::Range<usize>,
    monitor: &mut dyn Monitor,
) -> Result<ForestModel> {
    let p: &ForestParams = params;
    if trees.is_empty() || trees.end > p.n_trees {
        return Err(crate::core::Error::invalid_param(
            "random-forest",
            "trees",
            format!("{}..{}", trees.start, trees.end),
            format!("a non-empty range within 0..{}", p.n_trees),
        ));
    }
    let cfg = ClassFit {
        n_trees: trees.len(),
        first_tree: trees.start,
        rules: ClassRules {
            max_depth: p.max_depth,
            min_samples_leaf: p.min_samples_leaf,
            min_samples_split: p.min_samples_split,
            mtry: 0,
            criterion: p.criterion,
        },
        max_features: p.max_features,
        bootstrap: p.bootstrap,
        max_samples: p.max_samples,
        max_bins: p.max_bins,
        bin_sample_rows: p.bin_sample_rows,
    };
    let (binning, trees, importance) = fit_class_trees(&cfg, data, monitor)?;
    Ok(ForestModel { n_classes: data.n_classes, binning, trees, importance })
}

impl ForestModel {
    /// The forest made of `parts` (shares trained by [`ForestParams::fit_trees`] on the same
    /// data and seed), in tree order; importance is summed over all trees again. An error when
    /// the parts were not binned alike or predict different classes.
    pub fn merge(parts: Vec<ForestModel>) -> Result<ForestModel> {
        let mut parts = parts.into_iter();
        let Some(mut forest) = parts.next() else {
            return Err(crate::core::Error::invalid_model("the forest has no parts to merge"));
        };
        for part in parts {
            if part.binning != forest.binning || part.n_classes != forest.n_classes {
                return Err(crate::core::Error::invalid_model(
                    "the forest's parts were trained on different data; train again",
                ));
            }
            forest.trees.extend(part.trees);
        }
        let mut importance = vec![0.0; forest.binning.n_features()];
        for tree in &forest.trees {
            tree.add_gains(&mut importance);
        }
        forest.importance = normalize(importance);
        Ok(forest)
    }
}

impl Model for ForestModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.binning.inputs())
    }

    fn validate(&self) -> Result<()> {
        validate_class_trees(&self.binning, &self.trees, self.n_classes, &self.importance)
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        predict_class_trees(&self.binning, &self.trees, self.n_classes, x, Parallelism::ONE)
    }

    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        predict_class_trees(&self.binning, &self.trees, self.n_classes, x, parallelism)
    }

    fn importance(&self) -> Option<Vec<f64>> {
        Some(self.importance.clone())
    }
}
