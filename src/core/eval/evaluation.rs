//! [`Evaluation`]: every metric of one model on one held-out set, for the UI and the CLI.

use serde::{Deserialize, Serialize};

use super::calibration::Calibration;
use super::check_inputs;
use super::confusion::ConfusionMatrix;
use super::curves::{one_vs_rest, ClassCurves};
use super::probability::{log_loss, top_k_accuracy};
use super::report::{ClassReport, ClassificationReport};
use crate::core::error::{Error, Result};
use crate::core::frame::{FeatureFrame, Labels};
use crate::core::models::fitted::ensure;
use crate::core::models::{argmax_rows, Model};

/// What [`Evaluation::compute_with`] computes beyond the fixed metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvalOptions {
    /// Most points kept per chart curve (default 200, at least 2).
    pub curve_points: usize,
    /// Equal-width calibration bins (default 10).
    pub calibration_bins: usize,
    /// Values of `k` for top-k accuracy (default 2, 3 and 5); those `≥` the number of classes
    /// are skipped (they are always 1).
    pub top_k: Vec<usize>,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions { curve_points: 200, calibration_bins: 10, top_k: vec![2, 3, 5] }
    }
}

/// Top-k accuracy for one `k`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopK {
    /// How many of the most probable classes count as a hit.
    pub k: usize,
    /// Share of rows whose true class is among them.
    pub accuracy: f64,
}

/// Every metric of a model on a held-out set.
///
/// Predictions are the most probable class of each row (the first on ties). Conventions are
/// scikit-learn's; see [`ClassificationReport`], [`log_loss`], [`ClassCurves`] and
/// [`Calibration`]. `train_ms` and `model_size_bytes` are left for the caller to fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Class names, in class-id order.
    pub classes: Vec<String>,
    /// Held-out rows evaluated.
    pub rows: usize,
    /// Share of rows predicted correctly.
    pub accuracy: f64,
    /// Mean recall over the classes present.
    pub balanced_accuracy: f64,
    /// Unweighted mean precision over classes.
    pub macro_precision: f64,
    /// Unweighted mean recall over classes.
    pub macro_recall: f64,
    /// Unweighted mean F1 over classes.
    pub macro_f1: f64,
    /// Support-weighted mean precision.
    pub weighted_precision: f64,
    /// Support-weighted mean recall.
    pub weighted_recall: f64,
    /// Support-weighted mean F1.
    pub weighted_f1: f64,
    /// Mean negative log-probability of the true class (clipped).
    pub log_loss: f64,
    /// ROC AUC: of the positive class for binary targets, else the unweighted mean of the
    /// one-vs-rest AUCs of the classes where it is defined.
    pub roc_auc: Option<f64>,
    /// ROC AUC weighted by support (equal to `roc_auc` for binary targets).
    pub roc_auc_weighted: Option<f64>,
    /// Average precision, averaged like `roc_auc`.
    pub average_precision: Option<f64>,
    /// Top-k accuracies.
    pub top_k: Vec<TopK>,
    /// Per-class precision, recall, F1 and support.
    pub report: Vec<ClassReport>,
    /// True × predicted counts.
    pub confusion: ConfusionMatrix,
    /// ROC and precision–recall curves (positive class only for binary targets).
    pub curves: Vec<ClassCurves>,
    /// Reliability bins.
    pub calibration: Calibration,
    /// Training time in milliseconds (filled by the caller).
    pub train_ms: Option<f64>,
    /// Size of the exported model in bytes (filled by the caller).
    pub model_size_bytes: Option<u64>,
}

impl Evaluation {
    /// Evaluates probabilities (row-major `y_true.len() × classes.len()`) with default
    /// options.
    pub fn compute(y_true: &[u32], proba: &[f32], classes: &[String]) -> Result<Evaluation> {
        Evaluation::compute_with(y_true, proba, classes, &EvalOptions::default())
    }

    /// Predicts `x` with `model` and evaluates against `labels` (default options).
    pub fn of_model(model: &dyn Model, x: &FeatureFrame, labels: &Labels) -> Result<Evaluation> {
        if model.n_classes() != labels.n_classes() {
            return Err(Error::shape(
                "classes of the model and the labels",
                format!("{} classes", labels.n_classes()),
                model.n_classes(),
            ));
        }
        if x.rows != labels.y.len() {
            return Err(Error::shape(
                "evaluation's rows and labels",
                format!("{} labels", x.rows),
                labels.y.len(),
            ));
        }
        Evaluation::compute(&labels.y, &model.predict_proba(x)?, &labels.classes)
    }

    /// Evaluates probabilities with explicit options.
    pub fn compute_with(
        y_true: &[u32],
        proba: &[f32],
        classes: &[String],
        options: &EvalOptions,
    ) -> Result<Evaluation> {
        let k = classes.len();
        check_inputs(y_true, proba, k)?;
        if options.calibration_bins == 0 {
            return Err(Error::invalid_param("evaluation", "calibration_bins", 0, "at least 1"));
        }
        let y_pred = argmax_rows(proba, k);
        let confusion = ConfusionMatrix::from_predictions(y_true, &y_pred, classes)?;
        let report = ClassificationReport::from_confusion(&confusion);
        let top_k = options
            .top_k
            .iter()
            .filter(|&&t| t >= 1 && t < k)
            .map(|&t| Ok(TopK { k: t, accuracy: top_k_accuracy(y_true, proba, k, t)? }))
            .collect::<Result<Vec<_>>>()?;
        let curves = one_vs_rest(y_true, proba, classes, options.curve_points);
        let support: Vec<u64> = curves.iter().map(|c| c.positives).collect();
        let roc: Vec<Option<f64>> = curves.iter().map(|c| c.roc_auc).collect();
        let ap: Vec<Option<f64>> = curves.iter().map(|c| c.average_precision).collect();
        Ok(Evaluation {
            classes: classes.to_vec(),
            rows: y_true.len(),
            accuracy: report.accuracy,
            balanced_accuracy: report.balanced_accuracy,
            macro_precision: report.macro_avg.precision,
            macro_recall: report.macro_avg.recall,
            macro_f1: report.macro_avg.f1,
            weighted_precision: report.weighted_avg.precision,
            weighted_recall: report.weighted_avg.recall,
            weighted_f1: report.weighted_avg.f1,
            log_loss: log_loss(y_true, proba, k)?,
            roc_auc: mean_defined(&roc, None),
            roc_auc_weighted: mean_defined(&roc, Some(&support)),
            average_precision: mean_defined(&ap, None),
            top_k,
            report: report.per_class,
            confusion,
            curves,
            calibration: super::Calibration::with_classes(y_true, proba, classes, options.calibration_bins)?,
            train_ms: None,
            model_size_bytes: None,
        })
    }

    /// Checks metrics read from a file against the model's `classes`: the same classes, a
    /// `k × k` confusion matrix, one report line per class, curves whose coordinates pair up.
    pub fn validate(&self, classes: &[String]) -> Result<()> {
        let k = classes.len();
        ensure(self.classes == classes, || "their classes are not the model's".into())?;
        ensure(self.confusion.classes == classes, || {
            "the confusion matrix's classes are not the model's".into()
        })?;
        ensure(
            self.confusion.counts.len() == k && self.confusion.counts.iter().all(|r| r.len() == k),
            || format!("the confusion matrix is not {k} × {k}"),
        )?;
        ensure(self.report.len() == k, || {
            format!("the report has {} classes where {k} are needed", self.report.len())
        })?;
        ensure(self.curves.len() <= k, || format!("{} curves for {k} classes", self.curves.len()))?;
        for c in &self.curves {
            ensure(c.roc.x.len() == c.roc.y.len() && c.pr.x.len() == c.pr.y.len(), || {
                format!("the curves of class '{}' have unpaired points", c.class)
            })?;
        }
        Ok(())
    }

    /// Top-k accuracy for `k`, if it was computed.
    pub fn top_k_accuracy(&self, k: usize) -> Option<f64> {
        self.top_k.iter().find(|t| t.k == k).map(|t| t.accuracy)
    }
}

/// Mean of the defined values, optionally weighted; `None` if none is defined.
fn mean_defined(values: &[Option<f64>], weights: Option<&[u64]>) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let w = weights.map_or(1.0, |w| w[i] as f64);
            sum += w * v;
            total += w;
        }
    }
    (total > 0.0).then(|| sum / total)
}
