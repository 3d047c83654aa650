//! Histogram-based tree learning shared by boosting, random forests and decision trees.
//!
//! * [`binning`]: [`Binning`] learns per-feature [`BinMapper`]s (quantile edges, category
//!   codes, a missing bin) and turns a frame into a row-major `u8` [`BinnedMatrix`], once per
//!   fit; models store the `Binning` and apply it to raw frames at prediction.
//! * [`histogram`]: per-node gradient or class histograms (the hot loops).
//! * [`split`]: the best split of a node from its histogram (numeric thresholds with a
//!   learned missing direction, LightGBM-style ordered categorical partitions).
//! * [`partition`]: a node's rows, split in place.
//! * [`lookahead`]: loading the rows a loop reads next (prefetch, or batched touches in wasm).
//! * [`grow`]: leaf-wise growth of boosting trees with histogram subtraction.
//! * [`grow_class`]: depth-first growth of classification trees with per-split feature sampling.
//! * [`tree`]: [`BinTree`], the trained tree, and [`binset`]: the bin sets that route rows;
//!   [`flat_tree`]: the same tree laid out to find many rows' leaves at once (prediction).
//! * [`class_trees`]: fitting and predicting with classification-tree ensembles (shared by
//!   the decision tree and the random forest); [`check`]: training-data checks.
//! * [`shuffled`]: boosted-tree predictions with one column replaced (permutation importance).

pub mod binning;
pub mod binset;
pub mod check;
pub mod class_trees;
pub mod flat_tree;
pub mod grow;
pub mod grow_class;
pub mod histogram;
pub mod lookahead;
pub mod partition;
pub mod shuffled;
pub mod split;
pub mod tree;

pub use binning::{BinMapper, BinnedMatrix, Binning, MISSING_BIN};
pub use binset::BinSet;
pub use split::Criterion;
pub use tree::BinTree;
