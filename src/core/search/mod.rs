//! Hyper-parameter search: grid and random search with cross-validation or a time split.
//!
//! * [`SearchSpace`] (in [`space`]): base params plus the hyper-parameters to vary, on the
//!   params' JSON form; [`Strategy`] draws a grid or seeded random [`Candidate`]s from it.
//! * [`Fold`] (in [`folds`]): train/validation row-index lists — [`kfold`],
//!   [`stratified_kfold`], or a caller's time split via [`Fold::holdout`] — over all rows or a
//!   [`sample_rows`] sample; [`check_folds`] refuses leaking folds.
//! * [`tune()`] (in [`tune`](mod@tune)): the model's default space, folds of the training rows,
//!   and the whole feature pipeline refitted on each fold; [`TuningRecord`] (in [`record`]) is
//!   its result as the run card keeps it and `crimelab tune` prints it.
//! * [`search`] (in [`run`]): fits every candidate on every fold with progress and cancel, and
//!   returns a [`SearchResult`] table sorted by mean [`Score`] with the best params, which the
//!   caller refits on all training rows. It works for [`ModelParams`](crate::core::models::ModelParams)
//!   and any other [`Searchable`] params type.
//! * [`search_pieces`] and [`join_pieces`] (in [`pieces`]): the same search shared out over
//!   workers that share no memory, candidate × fold fits in consecutive ranges, joined into
//!   the same table ([`tune_pieces`] for [`tune()`]'s search).
//! * [`tuning_csv()`]: the ranked table as a CSV download.
//!
//! ```
//! use crimelab::core::frame::{Feature, FeatureFrame};
//! use crimelab::core::models::{ModelKind, ModelParams};
//! use crimelab::core::search::*;
//!
//! let x = FeatureFrame::new(vec![Feature::numeric("f", vec![0.0; 40])]);
//! let y: Vec<u32> = (0..40).map(|i| (i % 4 == 0) as u32).collect();
//! let rows: Vec<u32> = (0..40).collect();
//! let folds = stratified_kfold(&rows, &y, 5, 7).unwrap();
//! let space: SearchSpace<ModelParams> =
//!     SearchSpace::new(ModelKind::Majority.default_params(), vec![]);
//! let candidates = space.candidates(&Strategy::Grid).unwrap();
//! let data = SearchData { x: &x, y: &y, n_classes: 2, weights: None };
//! let result = search(&candidates, &data, &folds, &SearchOptions::default(), &mut |_| true).unwrap();
//! assert_eq!(result.candidates.len(), 1);
//! assert!(result.best.is_some());
//! ```

pub mod folds;
pub mod pieces;
pub mod record;
pub mod run;
pub mod score;
pub mod space;
pub mod tune;
pub mod tune_part;
pub mod tuning_csv;

pub use folds::{check_folds, kfold, sample_rows, stratified_kfold, Fold};
pub use pieces::{check_outcomes, join_pieces, parts, piece, search_pieces, FitOutcome};
pub use record::{TunedCandidate, TuningRecord};
pub use run::{
    search, search_folds, CandidateResult, FoldFrames, FoldSource, ModelParamsSpace, SearchData,
    SearchOptions, SearchProgress, SearchResult, Searchable,
};
pub use score::Score;
pub use space::{Candidate, ParamRange, ParamSpec, ParamsJson, SearchSpace, Strategy, MAX_GRID};
pub use tune::{candidates_of, default_space, fold_count, tune, tune_pieces, tune_with, TuneConfig};
pub use tune_part::{TuneJob, TunePart};
pub use tuning_csv::tuning_csv;
