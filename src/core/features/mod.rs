//! From the raw export to a leakage-free training matrix: targets, features, honest splits.
//!
//! The entry point is [`prepare()`]: given a [`Dataset`](crate::core::data::Dataset) and a
//! [`FeatureConfig`] it returns a [`Prepared`] set — training, validation and test
//! [`FeatureFrame`](crate::core::frame::FeatureFrame)s with their labels, the dataset row of
//! every test row, a serialisable [`FittedPipeline`] that transforms other rows the same way,
//! and a [`FeatureSummary`] for the UI and the CLI.
//!
//! * [`target`]: the [`Target`] presets (crime group, Part 1-2, arrest, division) or any column.
//! * [`crime_groups`]: the versioned `Crm Cd` → [`CrimeGroup`] table.
//! * [`question`]: the [`Question`] a model answers (classify a filed report, or forecast from
//!   when and where), with its preset features.
//! * [`catalog`]: the features a user can pick, by stable id; [`mod@derive`] computes them,
//!   [`calendar`] knows weekdays and federal holidays, [`levels`] fits top-K levels and
//!   [`columns`] expands feature ids into base columns.
//! * [`split`]: time split, stratified random split, k-fold; [`balance`]: resampling and
//!   class weights (training rows only).
//! * [`leakage`]: the guard against features that give the target away.
//! * [`encode`], [`scale`], [`select`]: encodings, scaling and feature selection, all fitted
//!   on the training rows only; [`contingency`] holds the association measures they use;
//!   [`ranking_csv()`] writes the feature ranking as a CSV download.
//!
//! ```no_run
//! use crimelab::core::data::load_path;
//! use crimelab::core::features::{prepare, FeatureConfig};
//! let ds = load_path("static/data/sample.csv".as_ref(), 2).unwrap().dataset;
//! let prepared = prepare(&ds, &FeatureConfig::default()).unwrap();
//! println!("{} × {}", prepared.train.rows, prepared.train.n_features());
//! ```

pub mod balance;
pub mod calendar;
pub mod catalog;
pub mod class_balance;
pub mod columns;
pub mod config;
pub mod contingency;
pub mod crime_groups;
pub mod derive;
pub mod encode;
pub mod fit;
pub mod leakage;
pub mod levels;
pub mod pipeline;
pub mod prepare;
pub mod question;
pub mod ranking_csv;
pub mod rows;
pub mod scale;
pub mod select;
pub mod split;
pub mod summary;
pub mod target;
pub mod train_matrix;

pub use balance::{balance_training, BalancedTraining};
pub use catalog::FeatureOption;
pub use class_balance::{class_balance, ClassBalance};
pub use config::{FeatureConfig, Resampling, TopK, RECORDS_CHANGE_DATE};
pub use crime_groups::{CrimeGroup, MAPPING_VERSION};
pub use encode::Encoding;
pub use fit::{fit_features, FeatureFit};
pub use leakage::{LeakageConfig, LeakageNote};
pub use pipeline::{FittedColumn, FittedPipeline};
pub use prepare::{prepare, Prepared};
pub use question::Question;
pub use ranking_csv::{ranking_csv, RANKING_HEADER};
pub use rows::{plan_rows, RowPlan};
pub use scale::Scaling;
pub use select::{RankEntry, RankMethod, SelectionConfig};
pub use split::{stratified_kfold, Fold, SplitConfig, SplitKind};
pub use summary::FeatureSummary;
pub use target::Target;
pub use train_matrix::TrainMatrix;
