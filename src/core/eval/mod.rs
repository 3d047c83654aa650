//! Evaluation of trained classifiers: metrics, curves, importance, run cards and export.
//!
//! Everything here works from three inputs: the true class of each held-out row, the predicted
//! probabilities as [`Model::predict_proba`](crate::core::models::Model::predict_proba)
//! returns them (row-major, `rows × k`, `f32`), and the class names.
//!
//! * [`Evaluation`]: everything the model comparison table and the per-model views show, in one
//!   serde struct (`accuracy`, `macro_f1`, … as snake_case JSON keys). Built by
//!   [`Evaluation::compute`] from the parts below.
//! * [`ConfusionMatrix`]: counts (true class × predicted class) and row-normalised shares.
//! * [`ClassificationReport`]: per-class precision, recall, F1 and support with macro and
//!   weighted averages, following scikit-learn's `classification_report` conventions.
//! * [`log_loss`] and [`top_k_accuracy`]: scores of the probabilities themselves.
//! * [`ClassCurves`]: ROC and precision–recall curves with their areas, one-vs-rest per class.
//! * [`Calibration`]: reliability bins and the expected calibration error.
//! * [`by_group`]: accuracy, macro F1 and class counts per group of rows (division maps).
//! * [`importance`]: permutation importance of each feature on a held-out set.
//! * [`TestPredictions`]: every test row's truth, prediction and probabilities with the facts
//!   about its incident ([`TestIncidents`]), sent to the page as one binary buffer; and the
//!   predictions CSV ([`write_predictions_csv`]) the CLI and the app both write.
//! * [`Coefficients`]: a linear model's largest weights per class, by feature and level.
//! * [`RunCard`] and [`ExportedModel`]: what a run was made from, and a trained model with its
//!   card as a JSON file the app can load back; [`fingerprint()`] identifies a dataset.

pub mod calibration;
pub mod catalogue;
// The scores themselves live one layer down, in `metrics` (search scores candidates with them
// too); they are re-exported here under their old paths.
pub(crate) use crate::core::metrics::check_inputs;
pub use crate::core::metrics::{
    confusion, log_loss, probability, report, top_k_accuracy, Averages, ClassReport, ClassificationReport,
    ConfusionMatrix,
};
pub mod coefficients;
pub mod curves;
pub mod evaluation;
pub mod export;
pub mod fingerprint;
pub mod groups;
pub mod importance;
pub mod incidents;
pub mod predictions;
pub mod predictions_csv;
pub mod run_card;
pub mod run_result;

pub use calibration::{Calibration, CalibrationBin, CalibrationKind};
pub use catalogue::{best_cells, Direction, Metric, METRICS};
pub use coefficients::{coefficients, ClassCoefficients, Coefficient, Coefficients, TOP_COEFFICIENTS};
pub use curves::{ClassCurves, Curve};
pub use evaluation::{EvalOptions, Evaluation, TopK};
pub use export::{model_size_bytes, ExportedModel, EXPORT_FORMAT, EXPORT_VERSION, MAX_MODEL_FILE_BYTES};
pub use fingerprint::{fingerprint, fingerprint_hex};
pub use groups::{by_group, GroupMetrics};
pub use importance::{
    permutation_importance, permutation_importance_with, ImportanceMetric, ImportanceOptions,
    PermutationImportance,
};
pub use incidents::TestIncidents;
pub use predictions::{TestPredictions, UNKNOWN_CLASS};
pub use predictions_csv::{predictions_csv, write_predictions_csv};
pub use run_card::{DatasetInfo, RunCard};
pub use run_result::RunResult;
