//! Decision tree: one classification tree on the binned matrix (CART-style, Gini or entropy).
//!
//! * [`TreeParams`]: depth and leaf-size limits, criterion, features per split (all by
//!   default).
//! * [`TreeModel`]: the tree; probabilities are the class shares of the row's leaf; importance
//!   is the impurity decrease per feature, normalised.

use serde::{Deserialize, Serialize};

pub use super::hist::class_trees::MaxFeatures;
use super::hist::class_trees::{
    check_tree_limits, fit_class_trees, predict_class_trees, validate_class_trees, ClassFit,
};
use super::hist::grow_class::ClassRules;
use super::hist::{BinTree, Binning, Criterion};
use super::{InputKind, Learner, Model, Monitor, TrainData, Valid};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;

/// Hyper-parameters of a decision tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TreeParams {
    /// Deepest a leaf may be; 0 = no limit. 0–64; default 20 (on the full export depth 12
    /// gave macro-F1 0.71, depth 20 0.93).
    pub max_depth: usize,
    /// Fewest rows in a leaf. ≥ 1; default 10.
    pub min_samples_leaf: usize,
    /// Fewest rows a node needs to be split. ≥ 2; default 20.
    pub min_samples_split: usize,
    /// Features considered per split. Default all.
    pub max_features: MaxFeatures,
    /// Impurity measure. Default Gini.
    pub criterion: Criterion,
    /// Value bins per feature (a missing bin comes on top). 2–255; default 255.
    pub max_bins: usize,
    /// Rows sampled (seeded) to place numeric bin edges. ≥ 1,000; default 200,000.
    pub bin_sample_rows: usize,
}

impl Default for TreeParams {
    fn default() -> Self {
        TreeParams {
            max_depth: 20,
            min_samples_leaf: 10,
            min_samples_split: 20,
            max_features: MaxFeatures::All,
            criterion: Criterion::Gini,
            max_bins: 255,
            bin_sample_rows: 200_000,
        }
    }
}

/// A trained decision tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeModel {
    /// Number of classes.
    pub n_classes: usize,
    /// How raw features map to bins.
    pub binning: Binning,
    /// The tree; each leaf holds class shares.
    pub tree: BinTree,
    /// Impurity decrease per feature, normalised to sum 1.
    pub importance: Vec<f64>,
}

impl Learner for TreeParams {
    type Model = TreeModel;

    fn validate(&self) -> Result<()> {
        check_tree_limits(
            "tree",
            self.max_depth,
            self.min_samples_leaf,
            self.min_samples_split,
            self.max_bins,
            self.bin_sample_rows,
        )?;
        self.max_features.check("tree")?;
        Ok(())
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<TreeModel> {
        let cfg = ClassFit {
            n_trees: 1,
            first_tree: 0,
            rules: ClassRules {
                max_depth: p.max_depth,
                min_samples_leaf: p.min_samples_leaf,
                min_samples_split: p.min_samples_split,
                mtry: 0,
                criterion: p.criterion,
            },
            max_features: p.max_features,
            bootstrap: false,
            max_samples: 1.0,
            max_bins: p.max_bins,
            bin_sample_rows: p.bin_sample_rows,
        };
        let (binning, mut trees, importance) = fit_class_trees(&cfg, data, monitor)?;
        Ok(TreeModel { n_classes: data.n_classes, binning, tree: trees.pop().expect("one tree"), importance })
    }
}

impl Model for TreeModel {
    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn inputs(&self) -> Option<Vec<InputKind>> {
        Some(self.binning.inputs())
    }

    fn validate(&self) -> Result<()> {
        validate_class_trees(
            &self.binning,
            std::slice::from_ref(&self.tree),
            self.n_classes,
            &self.importance,
        )
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        predict_class_trees(
            &self.binning,
            std::slice::from_ref(&self.tree),
            self.n_classes,
            x,
            Parallelism::ONE,
        )
    }

    fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        predict_class_trees(&self.binning, std::slice::from_ref(&self.tree), self.n_classes, x, parallelism)
    }

    fn importance(&self) -> Option<Vec<f64>> {
        Some(self.importance.clone())
    }
}
