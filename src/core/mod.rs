//! The browser-free core of Crime Lab.
//!
//! * [`apply`]: a saved model's predictions (and metrics, where labels exist) on any dataset.
//! * [`data`]: streaming CSV parsing into a typed, columnar [`data::Dataset`].
//! * [`features`]: targets, derived features, leakage guard and honest splits → training matrix.
//! * [`charts`]: the dashboard's charts, drawn with plotters on any backend.
//! * [`eda`]: column profiles and the exploratory dashboard's aggregates.
//! * [`geo`]: LAPD division polygons, map bounds and projection.
//! * [`frame`]: the compact feature matrix models train on.
//! * `frame_ndarray` (native builds): that matrix as `ndarray` arrays and back.
//! * [`models`]: one trait family ([`models::Learner`], [`models::Model`]) and many models.
//! * [`parallel`]: work spread over threads with results that never depend on how many.
//! * [`train_shares`]: a run split over several trainer workers and merged back, bit for bit.
//! * [`rng`]: the seeded random generator every random choice uses.
//! * [`safe_csv`]: CSV output whose cells a spreadsheet never runs as formulas.
//! * [`protocol`]: the serde messages exchanged by the user interface and its Web Workers.
//! * [`session`]: what each worker does with a request (engine, trainer), as plain Rust.
//! * [`experiment`]: one training run end to end (prepare, fit, evaluate), for the CLI and the worker.
//! * [`explain`]: permutation importance of an exported model on its run's held-out rows.
//! * [`report`]: the one-file HTML report of a session.
//! * [`metrics`]: confusion matrix, per-class report, log-loss: the scores of predictions.
//! * [`eval`]: a run's evaluation, curves, permutation importance, run cards and model export.
//! * [`search`]: grid and random hyper-parameter search over cross-validation folds.
//! * [`whatif`]: single-incident predictions with exported models.
//! * [`choices`]: the training form's and the command line's choices → one validated run config.
//! * [`strict`]: settings read from JSON, refusing unknown keys and values by name.
//! * [`listed`]: settings with a fixed list of values, each with an id and a label.
//! * [`format`](mod@format): numbers, durations and sizes written for people (one way everywhere).
//! * [`error`]: the [`Error`] type every core operation returns.

pub mod apply;
pub mod charts;
pub mod choices;
pub mod data;
pub mod eda;
pub mod error;
pub mod eta;
pub mod eval;
pub mod experiment;
pub mod explain;
pub mod features;
pub mod format;
pub mod frame;
#[cfg(not(target_arch = "wasm32"))]
pub mod frame_ndarray;
pub mod geo;
pub mod listed;
pub mod math;
pub mod metrics;
pub mod models;
pub mod parallel;
pub mod protocol;
pub mod report;
pub mod rng;
pub mod safe_csv;
pub mod search;
pub mod session;
pub mod share;
pub mod strict;
pub mod train_shares;
pub mod whatif;

pub use error::{Error, ErrorKind, Result};
