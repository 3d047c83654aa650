//! What a trainer worker is asked when a Tune is shared out over several workers: the search
//! ([`TuneJob`], echoed in its answer so that an answer to another search is refused) and the
//! worker's range of fits ([`TunePart`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::TuneConfig;
use crate::core::features::FeatureConfig;
use crate::core::models::ModelKind;

/// What is tuned: the same on every worker, and echoed in each answer so that an answer to
/// another search is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuneJob {
    /// Target, features, split.
    pub features: FeatureConfig,
    /// The model to tune.
    pub model: ModelKind,
    /// Space, strategy, folds, sample size, seed.
    pub tune: TuneConfig,
}

/// One worker's part of a shared search: fits `start..end` (fit `p` is candidate
/// `p % candidates` on fold `p / candidates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TunePart {
    /// This worker (0-based; worker 0 is the page's usual trainer).
    pub worker: usize,
    /// Workers sharing the search.
    pub workers: usize,
    /// First fit.
    pub start: usize,
    /// One past the last fit.
    pub end: usize,
}

impl TunePart {
    /// Its fits.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// What it holds, for people: "fits 1 to 12".
    pub fn describe(&self) -> String {
        format!("fits {} to {}", self.start + 1, self.end)
    }
}
