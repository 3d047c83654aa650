//! [`Choices`]: what a person chose, in the training form or on the command line, as plain
//! values, and the one function that turns them into a [`RunConfig`] ([`Choices::run`]).
//!
//! Both doors fill the same struct with ids (`"time"`, `"one_hot"`, `"gbdt"`), numbers and
//! switches, so the same mistake gets the same message in the page's error box and on the
//! command line's stderr. A choice left `None` keeps the value of [`Choices::base`] (a
//! `--config` file, or [`FeatureConfig::default`]). Each choice is checked by name: an unknown
//! id lists the valid ones ([`Listed`]), hyper-parameters are read strictly
//! ([`strict`](crate::core::strict)) and every value is checked against its range before any
//! data is touched.
//!
//! ```
//! use crimelab::core::choices::Choices;
//!
//! let choices = Choices {
//!     model: Some("gbdt".into()),
//!     params: Some(r#"{"n_rounds": 50}"#.into()),
//!     split: Some("random".into()),
//!     ..Choices::default()
//! };
//! let run = choices.run().unwrap();
//! assert_eq!(run.model.params_json()["n_rounds"], 50);
//!
//! let typo = Choices { params: Some(r#"{"rounds": 50}"#.into()), ..choices };
//! let message = typo.run().unwrap_err().to_string();
//! assert!(message.starts_with(r#"gbdt: unknown setting "rounds"; valid settings are: n_rounds, "#));
//! ```

use serde::{Deserialize, Serialize};

use crate::core::eda::Filters;
use crate::core::error::{Error, Result};
use crate::core::experiment::RunConfig;
use crate::core::features::{
    Encoding, FeatureConfig, Question, RankMethod, Resampling, Scaling, SplitConfig, SplitKind, Target,
};
use crate::core::listed::Listed;
use crate::core::models::{ModelKind, ModelParams};
use crate::core::search::{Strategy, TuneConfig};

/// Owner of the feature choices in messages.
const FEATURES: &str = "features";
/// Owner of the model choices in messages.
const TRAINING: &str = "training";

/// The model chosen when none is.
pub const DEFAULT_MODEL: ModelKind = ModelKind::Gbdt;

/// The choices of one training run. `None` keeps the base configuration's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    /// The feature configuration the choices start from: a `--config` file, or the default.
    pub base: Option<FeatureConfig>,
    /// Question id ([`Question`]): `filed-report` or `when-where`. It presets the features
    /// when none are chosen.
    pub question: Option<String>,
    /// Target: a preset id (`crime-group`, `part-1-2`, `arrest`, `division`) or a column name.
    pub target: Option<String>,
    /// Split id: `time` or `random` ([`SplitKind`]).
    pub split: Option<String>,
    /// Share of rows in the test set.
    pub test_fraction: Option<f64>,
    /// Share of rows in the validation set.
    pub valid_fraction: Option<f64>,
    /// First test date of a time split, `YYYY-MM-DD`.
    pub split_date: Option<String>,
    /// Seed of the split, folds and resampling (and of the model unless `model_seed` is set).
    pub seed: Option<u64>,
    /// Feature ids (catalog ids or `column:<name>`).
    pub features: Option<Vec<String>>,
    /// Encoding id ([`Encoding`]).
    pub encoding: Option<String>,
    /// Scaling id ([`Scaling`]).
    pub scaling: Option<String>,
    /// Keep only the best K features; `Some(None)` keeps every feature.
    pub keep_top_k: Option<Option<usize>>,
    /// Ranking id ([`RankMethod`]).
    pub rank_by: Option<String>,
    /// Resampling id ([`Resampling`]).
    pub resampling: Option<String>,
    /// Feature ids kept even when the leakage guard flags them.
    pub allow_leaky: Option<Vec<String>>,
    /// Whether the leakage guard excludes flagged features.
    pub leakage_guard: Option<bool>,
    /// Whether rows from the records-system change (2024-03-07) on are left out.
    pub exclude_records_change: Option<bool>,
    /// Train on the rows these dashboard filters keep (date range, divisions, crime types).
    pub filters: Option<Filters>,
    /// Whether training rows are weighted so that every class weighs the same.
    pub class_weights: Option<bool>,
    /// Model id ([`ModelKind`]); default [`DEFAULT_MODEL`].
    pub model: Option<String>,
    /// Hyper-parameters as a JSON object over the model's defaults.
    pub params: Option<String>,
    /// Seed of the model's random choices; default the feature seed.
    pub model_seed: Option<u64>,
}

impl Choices {
    /// Every choice set to the defaults, as the training form starts.
    pub fn defaults() -> Choices {
        let c = FeatureConfig::default();
        Choices {
            base: None,
            question: Some(c.question.id().to_owned()),
            target: Some(c.target.id().to_owned()),
            split: Some(c.split.split_kind().id().to_owned()),
            test_fraction: None,
            valid_fraction: None,
            split_date: None,
            seed: Some(c.seed),
            features: Some(c.feature_ids()),
            encoding: Some(c.encoding.id().to_owned()),
            scaling: Some(c.scaling.id().to_owned()),
            keep_top_k: Some(None),
            rank_by: Some(c.selection.rank_by.id().to_owned()),
            resampling: Some(c.resampling.id().to_owned()),
            allow_leaky: None,
            leakage_guard: Some(c.leakage.guard),
            exclude_records_change: Some(c.exclude_records_change),
            filters: None,
            class_weights: Some(c.class_weights),
            model: Some(DEFAULT_MODEL.id().to_owned()),
            params: None,
            model_seed: None,
        }
    }

    /// The feature configuration: the base with every choice applied, validated.
    pub fn features(&self) -> Result<FeatureConfig> {
        let mut c = self.base.clone().unwrap_or_default();
        if let Some(q) = &self.question {
            c.question = Question::parse(FEATURES, q)?;
        }
        if let Some(t) = &self.target {
            if t.trim().is_empty() {
                return Err(Error::invalid_param(
                    FEATURES,
                    "target",
                    "\"\"",
                    format!("a preset ({}) or a column name", Target::ids().join(", ")),
                ));
            }
            c.target = Target::parse(t);
        }
        c.split = self.split_config(&c.split)?;
        if let Some(seed) = self.seed {
            c.seed = seed;
        }
        if let Some(ids) = &self.features {
            c.features = ids.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
            if c.features.is_empty() {
                return Err(Error::invalid_param(FEATURES, "features", "none", "at least one feature id"));
            }
        }
        if let Some(e) = &self.encoding {
            c.encoding = Encoding::parse(FEATURES, e)?;
        }
        if let Some(s) = &self.scaling {
            c.scaling = Scaling::parse(FEATURES, s)?;
        }
        if let Some(k) = self.keep_top_k {
            c.selection.keep_top_k = k;
        }
        if let Some(r) = &self.rank_by {
            c.selection.rank_by = RankMethod::parse(FEATURES, r)?;
        }
        if let Some(r) = &self.resampling {
            c.resampling = Resampling::parse(FEATURES, r)?;
        }
        if let Some(ids) = &self.allow_leaky {
            c.leakage.allow = ids.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        }
        if let Some(guard) = self.leakage_guard {
            c.leakage.guard = guard;
        }
        if let Some(exclude) = self.exclude_records_change {
            c.exclude_records_change = exclude;
        }
        if let Some(filters) = &self.filters {
            c.filters = filters.clone();
        }
        if let Some(weights) = self.class_weights {
            c.class_weights = weights;
        }
        c.validate()?;
        Ok(c)
    }

    /// The split: the chosen kind with the chosen fractions, else the base's.
    fn split_config(&self, base: &SplitConfig) -> Result<SplitConfig> {
        let (base_test, base_valid) = base.fractions();
        let base_date = match base {
            SplitConfig::Time { split_date, .. } => split_date.clone(),
            SplitConfig::Random { .. } => None,
        };
        let kind = match &self.split {
            Some(id) => SplitKind::parse(FEATURES, id)?,
            None => base.split_kind(),
        };
        let test_fraction = self.test_fraction.unwrap_or(base_test);
        let valid_fraction = self.valid_fraction.unwrap_or(base_valid);
        let split = match kind {
            SplitKind::Time => SplitConfig::Time {
                test_fraction,
                valid_fraction,
                split_date: self.split_date.clone().map(|d| d.trim().to_owned()).or(base_date),
            },
            SplitKind::Random => {
                if let Some(date) = &self.split_date {
                    return Err(Error::invalid_param(
                        FEATURES,
                        "split_date",
                        format!("\"{date}\""),
                        "given with the time split only (split = time)",
                    ));
                }
                SplitConfig::Random { test_fraction, valid_fraction }
            }
        };
        split.validate()?;
        Ok(split)
    }

    /// The model and its hyper-parameters (the chosen JSON over the model's defaults), validated.
    pub fn model(&self) -> Result<ModelParams> {
        let kind = match &self.model {
            Some(id) => ModelKind::parse(TRAINING, id)?,
            None => DEFAULT_MODEL,
        };
        let params = match self.params.as_deref().map(str::trim) {
            None | Some("") => kind.default_params(),
            Some(text) => {
                let value: serde_json::Value = crate::core::strict::from_str(kind.id(), text)?;
                ModelParams::from_json(kind, value)?
            }
        };
        params.validate()?;
        Ok(params)
    }

    /// The whole run: features, model and seed.
    pub fn run(&self) -> Result<RunConfig> {
        let features = self.features()?;
        let model = self.model()?;
        let seed = self.model_seed.unwrap_or(features.seed);
        Ok(RunConfig { features, model, seed, tuning: None })
    }
}

/// A number typed as text (a form's input), or an [`ErrorKind::InvalidParam`](crate::core::ErrorKind::InvalidParam)
/// naming `param` and saying what is `valid`.
pub fn number<T: std::str::FromStr>(owner: &str, param: &str, text: &str, valid: &str) -> Result<T> {
    text.trim().parse().map_err(|_| Error::invalid_param(owner, param, format!("\"{}\"", text.trim()), valid))
}

/// Like [`number`], with an empty text meaning "not set".
pub fn optional_number<T: std::str::FromStr>(
    owner: &str,
    param: &str,
    text: &str,
    valid: &str,
) -> Result<Option<T>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        number(owner, param, text, valid).map(Some)
    }
}

/// How candidates are drawn: every combination, or a seeded random sample.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    /// Every combination of the search space.
    Grid,
    /// A seeded random sample of candidates.
    #[default]
    Random,
}

impl Listed for StrategyKind {
    const SETTING: &'static str = "strategy";
    const VALUES: &'static [(StrategyKind, &'static str, &'static str)] = &[
        (StrategyKind::Random, "random", "random candidates"),
        (StrategyKind::Grid, "grid", "grid (every combination)"),
    ];
}

/// How tuning scores a candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TuneValidation {
    /// 3-fold cross-validation on the training rows.
    #[default]
    #[serde(rename = "3")]
    Cv3,
    /// 5-fold cross-validation on the training rows.
    #[serde(rename = "5")]
    Cv5,
    /// The validation rows of the split (later dates on a time split).
    #[serde(rename = "time")]
    Time,
}

impl Listed for TuneValidation {
    const SETTING: &'static str = "cv";
    const VALUES: &'static [(TuneValidation, &'static str, &'static str)] = &[
        (TuneValidation::Cv3, "3", "3-fold cross-validation"),
        (TuneValidation::Cv5, "5", "5-fold cross-validation"),
        (TuneValidation::Time, "time", "the validation rows (later dates on a time split)"),
    ];
}

/// Most candidates a random search may ask for.
pub const MAX_CANDIDATES: usize = 1_000;

/// The choices of a hyper-parameter search. `None` keeps [`TuneConfig::default`]'s value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TuneChoices {
    /// Strategy id: `random` or `grid` ([`StrategyKind`]).
    pub strategy: Option<String>,
    /// Candidates of a random search, 1–[`MAX_CANDIDATES`].
    pub candidates: Option<usize>,
    /// Validation id: `3`, `5` or `time` ([`TuneValidation`]).
    pub cv: Option<String>,
    /// Training rows sampled for the search; 0 = every row.
    pub rows: Option<usize>,
}

impl TuneChoices {
    /// The search of `run`'s model (its params are the base of every candidate), seeded with
    /// `run`'s seed.
    pub fn tune(&self, run: &RunConfig) -> Result<TuneConfig> {
        let defaults = TuneConfig::default();
        let strategy = match &self.strategy {
            Some(id) => StrategyKind::parse("tune", id)?,
            None => StrategyKind::Random,
        };
        let candidates = match (&defaults.strategy, self.candidates) {
            (_, Some(n)) => n,
            (Strategy::Random { n, .. }, None) => *n,
            (Strategy::Grid, None) => 8,
        };
        if !(1..=MAX_CANDIDATES).contains(&candidates) {
            return Err(Error::invalid_param(
                "tune",
                "candidates",
                candidates,
                format!("between 1 and {MAX_CANDIDATES}"),
            ));
        }
        if strategy == StrategyKind::Grid && self.candidates.is_some() {
            return Err(Error::invalid_param(
                "tune",
                "candidates",
                candidates,
                "given with the random strategy only (a grid tries every combination)",
            ));
        }
        let validation = match &self.cv {
            Some(id) => TuneValidation::parse("tune", id)?,
            None => TuneValidation::Cv3,
        };
        Ok(TuneConfig {
            base: Some(run.model.clone()),
            seed: run.seed,
            strategy: match strategy {
                StrategyKind::Grid => Strategy::Grid,
                StrategyKind::Random => Strategy::Random { n: candidates, seed: run.seed },
            },
            folds: if validation == TuneValidation::Cv5 { 5 } else { 3 },
            time_split: validation == TuneValidation::Time,
            max_rows: self.rows.unwrap_or(defaults.max_rows),
            ..defaults
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn invalid(choices: &Choices) -> (String, String, String, String) {
        match choices.run().unwrap_err().into_kind() {
            ErrorKind::InvalidParam { owner, param, value, valid } => (owner, param, value, valid),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults_build_the_default_run() {
        let run = Choices::defaults().run().unwrap();
        assert_eq!(
            run.features,
            FeatureConfig { features: FeatureConfig::default().feature_ids(), ..Default::default() }
        );
        assert_eq!(run.model, ModelKind::Gbdt.default_params());
        assert_eq!(run.seed, 42);
        // Nothing chosen: the base as it is.
        assert_eq!(Choices::default().features().unwrap(), FeatureConfig::default());
    }

    #[test]
    fn each_choice_reaches_the_config() {
        let choices = Choices {
            target: Some("arrest".into()),
            split: Some("random".into()),
            test_fraction: Some(0.3),
            seed: Some(7),
            encoding: Some("target".into()),
            scaling: Some("min_max".into()),
            keep_top_k: Some(Some(5)),
            rank_by: Some("chi2".into()),
            resampling: Some("undersample".into()),
            allow_leaky: Some(vec!["area".into()]),
            leakage_guard: Some(false),
            exclude_records_change: Some(false),
            class_weights: Some(true),
            model: Some("logreg".into()),
            params: Some(r#"{"c": 0.5}"#.into()),
            model_seed: Some(9),
            ..Choices::default()
        };
        let run = choices.run().unwrap();
        let f = &run.features;
        assert_eq!(f.target, Target::Arrest);
        assert_eq!(f.split, SplitConfig::Random { test_fraction: 0.3, valid_fraction: 0.1 });
        assert_eq!((f.seed, run.seed), (7, 9));
        assert_eq!((f.encoding, f.scaling), (Encoding::Target, Scaling::MinMax));
        assert_eq!((f.selection.keep_top_k, f.selection.rank_by), (Some(5), RankMethod::Chi2));
        assert_eq!(f.resampling, Resampling::Undersample);
        assert_eq!(f.leakage.allow, ["area"]);
        assert!(!f.leakage.guard && !f.exclude_records_change && f.class_weights);
        assert_eq!(run.model.params_json()["c"], 0.5);
        assert_eq!(run.model.kind(), ModelKind::Logreg);
    }

    #[test]
    fn a_base_config_keeps_what_is_not_chosen() {
        let base = FeatureConfig {
            split: SplitConfig::Time { test_fraction: 0.25, valid_fraction: 0.05, split_date: None },
            seed: 3,
            ..FeatureConfig::default()
        };
        let c =
            Choices { base: Some(base.clone()), split_date: Some("2021-01-01".into()), ..Choices::default() };
        let f = c.features().unwrap();
        assert_eq!(
            f.split,
            SplitConfig::Time {
                test_fraction: 0.25,
                valid_fraction: 0.05,
                split_date: Some("2021-01-01".into())
            }
        );
        assert_eq!(f.seed, 3);
    }

    #[test]
    fn each_bad_choice_is_refused_by_name() {
        let base = Choices::defaults();
        let cases: Vec<(Choices, &str, &str)> = vec![
            (Choices { split: Some("later".into()), ..base.clone() }, "split", "one of: time, random"),
            (Choices { encoding: Some("one-hot".into()), ..base.clone() }, "encoding", "one of: one_hot"),
            (
                Choices { scaling: Some("robust".into()), ..base.clone() },
                "scaling",
                "one of: standard, min_max, none",
            ),
            (Choices { rank_by: Some("gini".into()), ..base.clone() }, "rank_by", "mutual_info"),
            (Choices { resampling: Some("smote".into()), ..base.clone() }, "resampling", "undersample"),
            (Choices { model: Some("xgboost".into()), ..base.clone() }, "model", "gbdt"),
            (Choices { keep_top_k: Some(Some(0)), ..base.clone() }, "selection.keep_top_k", "at least 1"),
            (Choices { test_fraction: Some(1.5), ..base.clone() }, "split.test_fraction", "(0, 1)"),
            (Choices { valid_fraction: Some(0.9), ..base.clone() }, "split.valid_fraction", "0.95"),
            (
                Choices { split_date: Some("2021-13-01".into()), ..base.clone() },
                "split.split_date",
                "YYYY-MM-DD",
            ),
            (
                Choices {
                    split: Some("random".into()),
                    split_date: Some("2021-01-01".into()),
                    ..base.clone()
                },
                "split_date",
                "time split only",
            ),
            (Choices { features: Some(vec!["hours".into()]), ..base.clone() }, "features", "hour"),
            (Choices { features: Some(vec![" ".into()]), ..base.clone() }, "features", "at least one"),
            (Choices { allow_leaky: Some(vec!["crm".into()]), ..base.clone() }, "features", "column:<name>"),
            (Choices { target: Some(" ".into()), ..base.clone() }, "target", "crime-group"),
            (Choices { params: Some(r#"{"n_rounds": 0}"#.into()), ..base.clone() }, "n_rounds", "10,000"),
            (
                Choices { params: Some(r#"{"n_rounds": "many"}"#.into()), ..base.clone() },
                "n_rounds",
                "whole number",
            ),
            (Choices { params: Some("{n_rounds: 5}".into()), ..base.clone() }, "JSON", "valid JSON"),
        ];
        for (choices, param, valid) in cases {
            let (_, p, _, v) = invalid(&choices);
            assert_eq!(p, param, "{choices:?}");
            assert!(v.contains(valid), "{param}: {v}");
        }
    }

    #[test]
    fn a_misspelt_hyper_parameter_names_the_model_and_the_valid_names() {
        let c = Choices { params: Some(r#"{"rounds": 50}"#.into()), ..Choices::defaults() };
        match c.run().unwrap_err().into_kind() {
            ErrorKind::UnknownKey { owner, key, valid } => {
                assert_eq!((owner.as_str(), key.as_str()), ("gbdt", "rounds"));
                assert!(valid.contains(&"n_rounds".to_owned()), "{valid:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tune_choices_build_the_search_and_refuse_bad_values() {
        let run = Choices::defaults().run().unwrap();
        let t = TuneChoices::default().tune(&run).unwrap();
        assert_eq!(t.strategy, Strategy::Random { n: 8, seed: 42 });
        assert_eq!((t.folds, t.time_split, t.max_rows), (3, false, 20_000));
        assert_eq!(t.base.as_ref(), Some(&run.model));
        let grid = TuneChoices {
            strategy: Some("grid".into()),
            cv: Some("time".into()),
            rows: Some(0),
            ..Default::default()
        };
        let t = grid.tune(&run).unwrap();
        assert_eq!((t.strategy, t.time_split, t.max_rows), (Strategy::Grid, true, 0));
        let five = TuneChoices { candidates: Some(20), cv: Some("5".into()), ..Default::default() };
        let t = five.tune(&run).unwrap();
        assert_eq!((t.strategy, t.folds), (Strategy::Random { n: 20, seed: 42 }, 5));
        for bad in [
            TuneChoices { strategy: Some("bayes".into()), ..Default::default() },
            TuneChoices { cv: Some("10".into()), ..Default::default() },
            TuneChoices { candidates: Some(0), ..Default::default() },
            TuneChoices { strategy: Some("grid".into()), candidates: Some(5), ..Default::default() },
        ] {
            let err = bad.tune(&run).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::InvalidParam { .. }), "{err}");
        }
    }
}
