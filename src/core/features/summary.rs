//! [`FeatureSummary`]: what the UI shows before training and the CLI prints as JSON.
//!
//! Target and mapping version, classes with their counts in each set (the class-balance
//! chart), the feature list with kinds and widths, matrix shape, one-hot width, memory
//! estimate, the split (kind, dates), leakage notes, warnings, unknown crime codes and the
//! feature ranking.

use serde::{Deserialize, Serialize};

use super::leakage::LeakageNote;
use super::select::RankEntry;
use super::target::CodeCount;

/// A class and how many rows of each set have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassCount {
    /// Class name.
    pub name: String,
    /// Training rows (after resampling, if any).
    pub train: usize,
    /// Validation rows.
    pub valid: usize,
    /// Test rows.
    pub test: usize,
    /// Weight of each training row of the class (when class weights are on).
    pub weight: Option<f32>,
}

/// One output column of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureInfo {
    /// Column name.
    pub name: String,
    /// Feature id it comes from.
    pub feature: String,
    /// `numeric` or `categorical`.
    pub kind: String,
    /// Encoding (`numeric`, `one_hot`, `ordinal`, `frequency`, `target`).
    pub encoding: String,
    /// Width once one-hot encoded (1 for numeric, levels for categorical).
    pub width: usize,
    /// Level names of a categorical column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
}

/// Rows left out before splitting, by reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DroppedRows {
    /// Left out by the row filters ([`FeatureConfig::filters`](super::FeatureConfig::filters)).
    #[serde(default)]
    pub filtered: usize,
    /// No usable target value.
    pub no_target: usize,
    /// On or after the records-system change.
    pub records_change: usize,
    /// No `DATE OCC` (time split only).
    pub no_date: usize,
}

/// The summary of a prepared training matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureSummary {
    /// Target id.
    pub target: String,
    /// Target name.
    pub target_label: String,
    /// Id of the question asked (`filed-report`, `when-where`).
    #[serde(default)]
    pub question: String,
    /// The question asked, for people ("Forecast from when and where").
    #[serde(default)]
    pub question_label: String,
    /// Crime-group mapping version (crime-group target only).
    pub mapping_version: Option<u32>,
    /// Classes with their counts per set.
    pub classes: Vec<ClassCount>,
    /// Output columns.
    pub features: Vec<FeatureInfo>,
    /// Number of output columns.
    pub n_features: usize,
    /// Width once every categorical column is one-hot encoded.
    pub one_hot_width: usize,
    /// Rows in the dataset.
    pub total_rows: usize,
    /// Rows left out before splitting.
    pub dropped: DroppedRows,
    /// The row filters trained on, for people (`None` when every row is used).
    #[serde(default)]
    pub row_filter: Option<String>,
    /// Training rows (after resampling).
    pub train_rows: usize,
    /// Validation rows.
    pub valid_rows: usize,
    /// Test rows.
    pub test_rows: usize,
    /// `[train_rows, n_features]`.
    pub shape: [usize; 2],
    /// Bytes held by the three matrices, labels and weights.
    pub memory_bytes: usize,
    /// `time` or `random`.
    pub split_kind: String,
    /// Seed of the split and other random choices.
    pub seed: u64,
    /// First test date of a time split (`YYYY-MM-DD`).
    pub split_date: Option<String>,
    /// First validation date of a time split.
    pub valid_date: Option<String>,
    /// First and last `DATE OCC` of the training rows.
    pub train_dates: Option<[String; 2]>,
    /// First and last `DATE OCC` of the test rows.
    pub test_dates: Option<[String; 2]>,
    /// Features flagged by the leakage guard.
    pub leakage: Vec<LeakageNote>,
    /// Whether leaky features were kept by an override (every result must show the warning).
    pub leakage_override: bool,
    /// Things the user must know; shown with every result.
    pub warnings: Vec<String>,
    /// Notes (features skipped for missing columns, pooled classes…).
    pub notes: Vec<String>,
    /// Crime codes not in the mapping table (labelled Other), most frequent first.
    pub unknown_crime_codes: Vec<CodeCount>,
    /// Base columns dropped by the variance threshold.
    pub low_variance: Vec<String>,
    /// Ranking of the base columns on the training rows, best first.
    pub ranking: Vec<RankEntry>,
    /// Time to prepare, in milliseconds.
    pub prepare_ms: f64,
}
