//! Scores of predictions against the truth: the confusion matrix, the per-class report
//! (precision, recall, F1) and the scores of the probabilities (log-loss, top-k accuracy).
//!
//! The lowest layer of evaluation: [`crate::core::eval`] builds a run's full evaluation from
//! these, and [`crate::core::search`] scores candidates with them.

pub mod confusion;
pub mod probability;
pub mod report;

pub use confusion::ConfusionMatrix;
pub use probability::{log_loss, top_k_accuracy};
pub use report::{Averages, ClassReport, ClassificationReport};

use crate::core::error::{Error, ErrorKind, Result};

/// Checks that `proba` holds `y_true.len() × k` finite values, that there is at least one row
/// and one class, and that every true class is below `k`.
pub(crate) fn check_inputs(y_true: &[u32], proba: &[f32], k: usize) -> Result<()> {
    if k == 0 {
        return Err(ErrorKind::TooFewClasses { what: "The evaluation".into(), found: 0 }.into());
    }
    if y_true.is_empty() {
        return Err(Error::too_few_rows("the evaluation's held-out rows", 1, 0));
    }
    if proba.len() != y_true.len() * k {
        return Err(Error::shape(
            "evaluation's probabilities",
            format!("{} ({} rows × {k} classes)", y_true.len() * k, y_true.len()),
            proba.len(),
        ));
    }
    if let Some(&bad) = y_true.iter().find(|&&c| c as usize >= k) {
        return Err(Error::shape(
            "evaluation's true classes",
            format!("classes below {k}"),
            format!("class {bad}"),
        ));
    }
    if let Some(i) = proba.iter().position(|p| !p.is_finite()) {
        return Err(Error::internal(format!(
            "evaluation: the model gave a non-finite probability ({}) for row {}",
            proba[i],
            i / k
        )));
    }
    Ok(())
}
