//! The run card: everything needed to reproduce, and judge, one trained model.

use serde::{Deserialize, Serialize};

use super::evaluation::Evaluation;
use super::fingerprint::fingerprint_hex;
use crate::core::data::Dataset;
use crate::core::models::ModelParams;

/// Which data a run was trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    /// [`fingerprint_hex`] of the loaded dataset (`v1:0123…`).
    pub fingerprint: String,
    /// Rows of the dataset.
    pub rows: usize,
    /// File name, when known.
    pub file_name: Option<String>,
}

impl DatasetInfo {
    /// Fingerprints a dataset.
    pub fn of(dataset: &Dataset, file_name: Option<&str>) -> DatasetInfo {
        DatasetInfo {
            fingerprint: fingerprint_hex(dataset),
            rows: dataset.rows(),
            file_name: file_name.map(str::to_owned),
        }
    }
}

/// What a run was made from and how it scored: seed, data, target, features, params, metrics.
///
/// The same card (data fingerprint, target mapping version, features, params and seed) should
/// give the same model natively and in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunCard {
    /// `crimelab <version>` of the build that trained the model.
    pub created_by: String,
    /// Seed of every random choice of the run.
    pub seed: u64,
    /// The dataset.
    pub dataset: DatasetInfo,
    /// Target name (for example `crime-group`).
    pub target: String,
    /// The question the model answers (`filed-report`: classify a filed report, with its
    /// details; `when-where`: forecast from time, place and premise). Absent in files written
    /// before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Version of the mapping from raw codes to target classes.
    pub target_mapping_version: String,
    /// Class names, in class-id order.
    pub classes: Vec<String>,
    /// Feature names, in frame order.
    pub features: Vec<String>,
    /// How the held-out rows were chosen (for example `time split at 2024-07-01`).
    pub split: Option<String>,
    /// Hyper-parameters of the model.
    pub params: ModelParams,
    /// Metrics on the held-out rows, once evaluated.
    pub metrics: Option<Evaluation>,
    /// The feature settings that built the training matrix, so the same held-out rows can be
    /// rebuilt from the data later (permutation importance after a restart). Absent in files
    /// written before it was recorded.
    #[serde(default)]
    pub feature_config: Option<crate::core::features::FeatureConfig>,
    /// The hyper-parameter search the params were chosen by, with every candidate's scores
    /// (mean, std, per fold) and the chosen one's rank; absent when the params were not tuned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<crate::core::search::TuningRecord>,
}

/// `crimelab <version>` of this build.
pub fn created_by() -> String {
    format!("crimelab {}", env!("CARGO_PKG_VERSION"))
}

impl RunCard {
    /// A card for a run with no metrics yet; `created_by` is this build.
    pub fn new(
        seed: u64,
        dataset: DatasetInfo,
        target: impl Into<String>,
        target_mapping_version: impl Into<String>,
        classes: Vec<String>,
        features: Vec<String>,
        params: ModelParams,
    ) -> RunCard {
        RunCard {
            created_by: created_by(),
            seed,
            dataset,
            target: target.into(),
            question: None,
            target_mapping_version: target_mapping_version.into(),
            classes,
            features,
            split: None,
            params,
            metrics: None,
            feature_config: None,
            tuning: None,
        }
    }
}
