//! Feature selection on the training rows: a variance threshold, then a ranking by mutual
//! information or chi-squared (returned for the UI's chart), then "keep the top K".
//!
//! Both scores come from the feature × class [`Contingency`] of the training rows (numeric
//! features cut into quantile bins), so they rank numeric and categorical features alike.

use serde::{Deserialize, Serialize};

use super::contingency::Contingency;
use crate::core::frame::{FeatureValues, MISSING_LEVEL};

/// What features are ranked by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankMethod {
    /// Mutual information with the target (nats).
    #[default]
    MutualInfo,
    /// Chi-squared statistic of independence from the target.
    Chi2,
}

impl crate::core::listed::Listed for RankMethod {
    const SETTING: &'static str = "rank_by";
    const VALUES: &'static [(RankMethod, &'static str, &'static str)] = &[
        (RankMethod::MutualInfo, "mutual_info", "mutual information"),
        (RankMethod::Chi2, "chi2", "chi-squared"),
    ];
}

/// Feature-selection settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelectionConfig {
    /// Numeric features whose training variance (before scaling) is at or below this are
    /// dropped, as are categorical features with a single observed level. Default 0 (constants).
    pub variance_threshold: f64,
    /// Ranking used by `keep_top_k` (both scores are always reported).
    pub rank_by: RankMethod,
    /// Keep only the best K base features (none = keep all).
    pub keep_top_k: Option<usize>,
}

impl Default for SelectionConfig {
    fn default() -> SelectionConfig {
        SelectionConfig { variance_threshold: 0.0, rank_by: RankMethod::MutualInfo, keep_top_k: None }
    }
}

/// One feature's scores in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankEntry {
    /// Base column name.
    pub column: String,
    /// Feature id it comes from.
    pub feature: String,
    /// Mutual information with the target on the training rows (nats).
    pub mutual_info: f64,
    /// Share of the target's entropy the feature explains on its own, `I(X;Y) / H(Y)`, 0–1.
    pub uncertainty: f64,
    /// Chi-squared statistic on the training rows.
    pub chi2: f64,
    /// Degrees of freedom of the chi-squared statistic.
    pub chi2_dof: usize,
    /// Whether it is kept.
    pub kept: bool,
}

/// Scores of one base column from its training contingency table.
pub fn score(column: &str, feature: &str, table: &Contingency) -> RankEntry {
    let (chi2, chi2_dof) = table.chi2();
    RankEntry {
        column: column.to_owned(),
        feature: feature.to_owned(),
        mutual_info: table.mutual_info(),
        uncertainty: table.uncertainty(),
        chi2,
        chi2_dof,
        kept: true,
    }
}

/// Whether a base column passes the variance threshold on its training values.
pub fn has_variance(values: &FeatureValues, threshold: f64) -> bool {
    match values {
        FeatureValues::Numeric(v) => {
            let (mut n, mut sum, mut sq) = (0u64, 0f64, 0f64);
            for &x in v.iter().filter(|x| !x.is_nan()) {
                n += 1;
                sum += x as f64;
                sq += (x as f64) * (x as f64);
            }
            if n == 0 {
                return false;
            }
            let mean = sum / n as f64;
            (sq / n as f64 - mean * mean) > threshold.max(1e-12)
        }
        FeatureValues::Categorical { codes, .. } => {
            let first = codes.first().copied().unwrap_or(MISSING_LEVEL);
            codes.iter().any(|&c| c != first)
        }
    }
}

/// Sorts a ranking best first by `method`.
pub fn sort_ranking(ranking: &mut [RankEntry], method: RankMethod) {
    let key = |e: &RankEntry| match method {
        RankMethod::MutualInfo => e.mutual_info,
        RankMethod::Chi2 => e.chi2,
    };
    ranking.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.column.cmp(&b.column)));
}
