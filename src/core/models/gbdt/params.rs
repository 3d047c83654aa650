//! [`GbdtParams`]: hyper-parameters of gradient-boosted trees, with defaults and ranges.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};

/// Hyper-parameters of gradient-boosted trees (XGBoost-style, histogram-based).
///
/// Defaults suit ~800k rows × 20–40 features × ~10 classes: 100 rounds of 31-leaf trees at
/// learning rate 0.1, as LightGBM and scikit-learn's `HistGradientBoostingClassifier` do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GbdtParams {
    /// Boosting rounds (each adds one tree per class, one for two classes). 1–10,000;
    /// default 100.
    pub n_rounds: usize,
    /// Shrinkage of every tree's leaf values. (0, 1]; default 0.1.
    pub learning_rate: f64,
    /// Most leaves per tree (trees grow leaf-wise, best split first); 0 = no limit (then
    /// `max_depth` must be set). 0 or 2–65,536; default 31.
    pub max_leaves: usize,
    /// Deepest a leaf may be; 0 = no limit. 0–64; default 0.
    pub max_depth: usize,
    /// Fewest hessian sum (≈ rows × p(1−p)) in each child of a split. ≥ 0; default 0.001
    /// (as LightGBM and scikit-learn; XGBoost's 1 stops confident leaves from splitting off
    /// small pure groups and cost 0.003 macro-F1 on the full export).
    pub min_child_weight: f64,
    /// L2 penalty on leaf values (XGBoost's `lambda`). ≥ 0; default 1.
    pub lambda: f64,
    /// Least gain a split needs (XGBoost's `gamma`). ≥ 0; default 0.
    pub gamma: f64,
    /// Share of rows drawn (without replacement, seeded) for each round. (0, 1]; default 1.
    pub subsample: f64,
    /// Share of features drawn (seeded) for each tree. (0, 1]; default 1.
    pub colsample_bytree: f64,
    /// Value bins per feature (a missing bin comes on top). 2–255; default 255.
    pub max_bins: usize,
    /// Rows sampled (seeded) to place numeric bin edges. ≥ 1,000; default 200,000.
    pub bin_sample_rows: usize,
    /// Stop when the validation loss has not improved for this many rounds, keeping the best
    /// round; 0 = never stop early. Needs a validation set. 0–10,000; default 20.
    pub early_stopping_rounds: usize,
    /// Smoothing added to the hessian when ordering categories by gradient ratio. ≥ 0;
    /// default 10.
    pub cat_smooth: f64,
    /// After early stopping has chosen the round count on the validation rows, train again on
    /// the training and validation rows together for that many rounds, when they number at
    /// most this many (0 = never). The final model then learns from every row it was given,
    /// as a library without a held-out set would. Default 200,000: on the sample's time split
    /// the validation rows are 10 % more data, while on 600,000+ rows they add little and the
    /// second fit would double the time. 0–100,000,000.
    pub refit_max_rows: usize,
}

impl Default for GbdtParams {
    fn default() -> Self {
        GbdtParams {
            n_rounds: 100,
            learning_rate: 0.1,
            max_leaves: 31,
            max_depth: 0,
            min_child_weight: 1e-3,
            lambda: 1.0,
            gamma: 0.0,
            subsample: 1.0,
            colsample_bytree: 1.0,
            max_bins: 255,
            bin_sample_rows: 200_000,
            early_stopping_rounds: 20,
            cat_smooth: 10.0,
            refit_max_rows: 200_000,
        }
    }
}

impl GbdtParams {
    /// Checks every parameter against its documented range, naming the first that is not
    /// valid and its range.
    pub(super) fn check_ranges(&self) -> Result<()> {
        let bad = |param: &str, value: &dyn std::fmt::Display, valid: &str| {
            Err(Error::invalid_param("gbdt", param, value, valid))
        };
        if !(1..=10_000).contains(&self.n_rounds) {
            return bad("n_rounds", &self.n_rounds, "a whole number from 1 to 10,000");
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return bad("learning_rate", &self.learning_rate, "a number in (0, 1]");
        }
        if self.max_leaves == 1 || self.max_leaves > 65_536 {
            return bad("max_leaves", &self.max_leaves, "0 (no limit) or a whole number from 2 to 65,536");
        }
        if self.max_depth > 64 {
            return bad("max_depth", &self.max_depth, "a whole number from 0 (no limit) to 64");
        }
        if self.max_leaves == 0 && self.max_depth == 0 {
            return bad("max_leaves", &0, "from 2 to 65,536 when max_depth is 0 (else trees are unbounded)");
        }
        for (name, v) in [
            ("min_child_weight", self.min_child_weight),
            ("lambda", self.lambda),
            ("gamma", self.gamma),
            ("cat_smooth", self.cat_smooth),
        ] {
            if !(v >= 0.0 && v.is_finite()) {
                return bad(name, &v, "a number ≥ 0");
            }
        }
        for (name, v) in [("subsample", self.subsample), ("colsample_bytree", self.colsample_bytree)] {
            if !(v > 0.0 && v <= 1.0) {
                return bad(name, &v, "a number in (0, 1]");
            }
        }
        if !(2..=255).contains(&self.max_bins) {
            return bad("max_bins", &self.max_bins, "a whole number from 2 to 255");
        }
        if self.bin_sample_rows < 1000 {
            return bad("bin_sample_rows", &self.bin_sample_rows, "a whole number, 1,000 or more");
        }
        if self.early_stopping_rounds > 10_000 {
            return bad(
                "early_stopping_rounds",
                &self.early_stopping_rounds,
                "a whole number from 0 (off) to 10,000",
            );
        }
        if self.refit_max_rows > 100_000_000 {
            return bad(
                "refit_max_rows",
                &self.refit_max_rows,
                "a whole number from 0 (never) to 100,000,000",
            );
        }
        Ok(())
    }
}
