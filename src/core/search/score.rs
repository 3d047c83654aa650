//! The score a search ranks candidates by (higher is better).

use serde::{Deserialize, Serialize};

use crate::core::error::Result;
use crate::core::metrics::log_loss;
use crate::core::metrics::ClassificationReport;
use crate::core::metrics::ConfusionMatrix;
use crate::core::models::argmax_rows;

/// A validation score; every variant is "higher is better".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Score {
    /// Share of rows predicted correctly.
    Accuracy,
    /// Mean recall over the classes present.
    BalancedAccuracy,
    /// Unweighted mean F1 over classes (the default: classes are imbalanced).
    #[default]
    MacroF1,
    /// Support-weighted mean F1.
    WeightedF1,
    /// Minus the log-loss.
    NegLogLoss,
}

impl Score {
    /// A name for people (`macro-F1`).
    pub fn label(self) -> &'static str {
        match self {
            Score::Accuracy => "accuracy",
            Score::BalancedAccuracy => "balanced accuracy",
            Score::MacroF1 => "macro-F1",
            Score::WeightedF1 => "weighted F1",
            Score::NegLogLoss => "minus log-loss",
        }
    }

    /// The score of row-major `y.len() × k` probabilities.
    pub fn of(self, y: &[u32], proba: &[f32], k: usize) -> Result<f64> {
        if self == Score::NegLogLoss {
            return Ok(-log_loss(y, proba, k)?);
        }
        crate::core::metrics::check_inputs(y, proba, k)?;
        let pred = argmax_rows(proba, k);
        let names = vec![String::new(); k];
        let report =
            ClassificationReport::from_confusion(&ConfusionMatrix::from_predictions(y, &pred, &names)?);
        Ok(match self {
            Score::Accuracy => report.accuracy,
            Score::BalancedAccuracy => report.balanced_accuracy,
            Score::MacroF1 => report.macro_avg.f1,
            Score::WeightedF1 => report.weighted_avg.f1,
            Score::NegLogLoss => unreachable!(),
        })
    }
}
