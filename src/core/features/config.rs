//! [`FeatureConfig`]: every choice between the raw export and the training matrix.
//!
//! `FeatureConfig::default()` is the honest recommended setup: the crime-group target, the
//! recommended features, a time split (train on earlier dates, test on later ones), rows from
//! the records-system change (2024-03-07) on left out, the leakage guard on, one-hot
//! categoricals and standard scaling fitted on the training rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::encode::Encoding;
use super::leakage::LeakageConfig;
use super::question::Question;
use super::scale::Scaling;
use super::select::SelectionConfig;
use super::split::SplitConfig;
use super::target::Target;
use crate::core::eda::Filters;
use crate::core::error::{short_list, Error, Result};
use crate::core::listed::Listed;

/// First day of LAPD's new records system (NIBRS): later rows are incomplete and coded
/// differently, so they can be left out with [`FeatureConfig::exclude_records_change`].
pub const RECORDS_CHANGE_DATE: &str = "2024-03-07";

/// Whose settings these are, in messages.
const OWNER: &str = "features";

/// Most levels any `top_k` setting may keep (levels are `u16` codes).
pub const MAX_TOP_K: usize = 10_000;

/// Refuses a feature id that is neither a catalog id nor `column:<name>`.
pub fn check_feature_id(id: &str) -> Result<()> {
    let id = id.trim();
    let named_column =
        id.strip_prefix(super::catalog::COLUMN_PREFIX).is_some_and(|name| !name.trim().is_empty());
    if named_column || super::catalog::find(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = super::catalog::DERIVED.iter().map(|d| d.id).collect();
    Err(Error::invalid_param(
        OWNER,
        "features",
        format!("\"{id}\""),
        format!("a feature id ({}) or column:<name>", short_list(&ids, 30)),
    ))
}

/// [`RECORDS_CHANGE_DATE`] as a day number.
pub(crate) fn records_change_day() -> i32 {
    crate::core::data::date::parse_iso(RECORDS_CHANGE_DATE).expect("valid date")
}

/// How many values of high-cardinality features are kept (the rest pooled into Other).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopK {
    /// Premises kept (default 30).
    pub premise: usize,
    /// Weapons kept (default 15).
    pub weapon: usize,
    /// MO codes turned into yes/no features (default 20).
    pub mocodes: usize,
    /// Grid cells kept (default 300).
    pub grid: usize,
    /// Levels kept for any other categorical feature (default 50).
    pub other: usize,
}

impl Default for TopK {
    fn default() -> TopK {
        TopK { premise: 30, weapon: 15, mocodes: 20, grid: 300, other: 50 }
    }
}

/// Resampling of the training rows (never of validation or test rows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resampling {
    /// Rows as they are.
    #[default]
    None,
    /// Randomly drop rows of larger classes down to the smallest class's count.
    Undersample,
    /// Randomly repeat rows of smaller classes up to the largest class's count.
    Oversample,
}

impl crate::core::listed::Listed for Resampling {
    const SETTING: &'static str = "resampling";
    const VALUES: &'static [(Resampling, &'static str, &'static str)] = &[
        (Resampling::None, "none", "none"),
        (Resampling::Undersample, "undersample", "drop rows of larger classes"),
        (Resampling::Oversample, "oversample", "repeat rows of smaller classes"),
    ];
}

/// Everything that decides the training matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeatureConfig {
    /// What to predict.
    pub target: Target,
    /// The question asked: it presets the features (when `features` is empty) and refuses
    /// features it could not know. Default: classify a filed report.
    pub question: Question,
    /// Feature ids (see [`catalog`](super::catalog)); empty = the question's preset.
    pub features: Vec<String>,
    /// How rows are split.
    pub split: SplitConfig,
    /// Seed of every random choice (split, folds, resampling).
    pub seed: u64,
    /// Leave out rows that occurred or were reported on or after [`RECORDS_CHANGE_DATE`].
    pub exclude_records_change: bool,
    /// Train on the filtered rows: only rows passing these dashboard filters (date range,
    /// divisions, crime types) are used, before the split. Empty (the default) keeps every row.
    pub filters: Filters,
    /// Encoding of categorical features.
    pub encoding: Encoding,
    /// Per-feature-id encodings overriding `encoding`.
    pub encoding_overrides: BTreeMap<String, Encoding>,
    /// Scaling of numeric features.
    pub scaling: Scaling,
    /// Levels kept for high-cardinality features.
    pub top_k: TopK,
    /// Values seen on fewer training rows than this are pooled into Other (default 20).
    pub min_level_count: u32,
    /// Grid cell size in degrees (default 0.02 ≈ 2 km).
    pub grid_degrees: f64,
    /// Feature selection.
    pub selection: SelectionConfig,
    /// Leakage guard.
    pub leakage: LeakageConfig,
    /// Weight training rows so every class weighs the same in total ("balanced").
    pub class_weights: bool,
    /// Resampling of the training rows.
    pub resampling: Resampling,
}

impl Default for FeatureConfig {
    fn default() -> FeatureConfig {
        FeatureConfig {
            target: Target::CrimeGroup,
            question: Question::FiledReport,
            features: Vec::new(),
            split: SplitConfig::default(),
            seed: 42,
            exclude_records_change: true,
            filters: Filters::default(),
            encoding: Encoding::OneHot,
            encoding_overrides: BTreeMap::new(),
            scaling: Scaling::Standard,
            top_k: TopK::default(),
            min_level_count: 20,
            grid_degrees: 0.02,
            selection: SelectionConfig::default(),
            leakage: LeakageConfig::default(),
            class_weights: false,
            resampling: Resampling::None,
        }
    }
}

impl FeatureConfig {
    /// Checks every setting against its range, naming the first that is not valid
    /// ([`ErrorKind::InvalidParam`](crate::core::ErrorKind::InvalidParam)), and that every
    /// feature id is a catalog id or `column:<name>`.
    pub fn validate(&self) -> Result<()> {
        let bad = |param: &str, value: &dyn std::fmt::Display, valid: &str| {
            Err(Error::invalid_param(OWNER, param, value, valid))
        };
        if let Target::Column(name) = &self.target {
            if name.trim().is_empty() {
                return bad(
                    "target",
                    &"\"\"",
                    "a preset (crime-group, part-1-2, arrest, division) or a column name",
                );
            }
        }
        self.split.validate()?;
        self.filters.validate()?;
        if !(self.grid_degrees > 0.0 && self.grid_degrees <= 1.0) {
            return bad("grid_degrees", &self.grid_degrees, "a number in (0, 1] (degrees)");
        }
        if !(self.leakage.threshold > 0.0 && self.leakage.threshold <= 1.0) {
            return bad("leakage.threshold", &self.leakage.threshold, "a number in (0, 1]");
        }
        if self.leakage.min_rows == 0 {
            return bad("leakage.min_rows", &0, "at least 1");
        }
        if !(self.selection.variance_threshold >= 0.0 && self.selection.variance_threshold.is_finite()) {
            return bad("selection.variance_threshold", &self.selection.variance_threshold, "a number ≥ 0");
        }
        if self.selection.keep_top_k == Some(0) {
            return bad("selection.keep_top_k", &0, "at least 1 (or unset to keep every feature)");
        }
        if self.min_level_count == 0 {
            return bad("min_level_count", &0, "at least 1");
        }
        for (name, k) in [
            ("top_k.premise", self.top_k.premise),
            ("top_k.weapon", self.top_k.weapon),
            ("top_k.mocodes", self.top_k.mocodes),
            ("top_k.grid", self.top_k.grid),
            ("top_k.other", self.top_k.other),
        ] {
            if !(1..=MAX_TOP_K).contains(&k) {
                return bad(name, &k, &format!("between 1 and {MAX_TOP_K}"));
            }
        }
        let ids = self.feature_ids();
        if ids.is_empty() {
            return bad("features", &"[]", "at least one feature id");
        }
        for id in ids.iter().chain(&self.leakage.allow).chain(self.encoding_overrides.keys()) {
            check_feature_id(id)?;
        }
        if let Some(id) = self.encoding_overrides.keys().find(|id| !ids.contains(id)) {
            let valid = format!("one of the features in use: {}", short_list(&ids, 12));
            return Err(Error::invalid_param(OWNER, "encoding_overrides", format!("\"{id}\""), valid));
        }
        for id in self.feature_ids() {
            if let Some(why) = self.question.refuses(&id) {
                return Err(Error::invalid_param(
                    "features",
                    "features",
                    &id,
                    format!(
                        "known before a report is filed ({why}): \"{}\" uses the time, the place and the premise only; ask \"{}\" to use it",
                        self.question.label(),
                        Question::FiledReport.label()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The feature ids in effect (each once, in the order given).
    pub fn feature_ids(&self) -> Vec<String> {
        if self.features.is_empty() {
            return self.question.feature_ids();
        }
        let mut ids: Vec<String> = Vec::with_capacity(self.features.len());
        for id in &self.features {
            let id = id.trim();
            if !id.is_empty() && !ids.iter().any(|i| i == id) {
                ids.push(id.to_owned());
            }
        }
        ids
    }

    /// The encoding of a feature id.
    pub fn encoding_of(&self, id: &str) -> Encoding {
        self.encoding_overrides.get(id).copied().unwrap_or(self.encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fills_defaults() {
        let c = FeatureConfig::default();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<FeatureConfig>(&json).unwrap(), c);
        let partial: FeatureConfig = serde_json::from_str(
            r#"{"target": "arrest", "split": {"kind": "random", "test_fraction": 0.3, "valid_fraction": 0}}"#,
        )
        .unwrap();
        assert_eq!(partial.target, Target::Arrest);
        assert_eq!(partial.split.kind(), "random");
        assert!(partial.leakage.guard && partial.exclude_records_change);
        assert!(partial.validate().is_ok());
        let bad = FeatureConfig {
            split: SplitConfig::Random { test_fraction: 0.0, valid_fraction: 0.1 },
            ..FeatureConfig::default()
        };
        assert!(bad.validate().is_err());
    }
}
