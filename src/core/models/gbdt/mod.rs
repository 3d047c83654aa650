//! Gradient-boosted trees, XGBoost-style, on histograms of binned features.
//!
//! * [`GbdtParams`] (params.rs): hyper-parameters with documented defaults and ranges.
//! * [`GbdtModel`] (model.rs): the trained trees; predicts raw frames by applying the stored
//!   bin edges.
//! * loss.rs: softmax (several classes, one tree per class and round) and logistic (two
//!   classes, one tree per round) gradients and hessians.
//! * [`booster`]: one boosting run a round at a time, whose rounds' trees several workers can
//!   grow between them, bit for bit as one would.
//! * [`rounds`]: a fit over several workers driven by messages (each worker's side, and the
//!   page's collector of each round's trees).
//! * [`row_leaves`]: the leaf of every training row of a tree, sent beside it so that the other
//!   workers add it to their scores without predicting every row.
//! * [`round_scorer`]: the test rows' scores built up between a split fit's rounds, the same
//!   bits as predicting them with the finished model.
//! * train.rs: the boosting loop — second-order leaf-wise trees with shrinkage, L2 leaf
//!   penalty, `gamma`, `min_child_weight`, seeded row and column subsampling, early stopping on
//!   the validation set (keeping the best round), per-round progress and cancellation.
//!
//! All trees of a fit share one binned matrix (built once). In a round, the root histograms of
//! every class's tree are built together in one pass over the rows.

pub mod booster;
mod loss;
mod model;
mod params;
pub mod round_scorer;
pub mod rounds;
pub mod row_leaves;
mod train;

pub use model::GbdtModel;
pub use params::GbdtParams;
pub use train::Refit;
