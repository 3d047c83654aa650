//! The confusion matrix: how often each true class was predicted as each class.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};

/// Counts of (true class, predicted class) pairs.
///
/// `counts[t][p]` is the number of rows of true class `t` predicted as `p`: rows are the truth,
/// columns the prediction (scikit-learn's `confusion_matrix` layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfusionMatrix {
    /// Class names, indexing both rows and columns.
    pub classes: Vec<String>,
    /// `counts[true][predicted]`.
    pub counts: Vec<Vec<u64>>,
}

/// Flat row-major `k × k` counts of `(y_true, y_pred)`; the allocation-light core of
/// [`ConfusionMatrix::from_predictions`], also used in permutation loops.
pub(crate) fn count_pairs(y_true: &[u32], y_pred: &[u32], k: usize, out: &mut Vec<u64>) {
    out.clear();
    out.resize(k * k, 0);
    for (&t, &p) in y_true.iter().zip(y_pred) {
        out[t as usize * k + p as usize] += 1;
    }
}

impl ConfusionMatrix {
    /// Counts true against predicted classes (both `< classes.len()`).
    pub fn from_predictions(y_true: &[u32], y_pred: &[u32], classes: &[String]) -> Result<ConfusionMatrix> {
        let k = classes.len();
        if y_true.len() != y_pred.len() {
            return Err(Error::shape(
                "confusion matrix's labels and predictions",
                format!("{} predictions", y_true.len()),
                y_pred.len(),
            ));
        }
        if let Some(&bad) = y_true.iter().chain(y_pred).find(|&&c| c as usize >= k) {
            return Err(Error::shape(
                "confusion matrix's classes",
                format!("classes below {k}"),
                format!("class {bad}"),
            ));
        }
        let mut flat = Vec::new();
        count_pairs(y_true, y_pred, k, &mut flat);
        Ok(ConfusionMatrix::from_flat(classes.to_vec(), &flat))
    }

    /// A matrix from flat row-major counts.
    pub(crate) fn from_flat(classes: Vec<String>, flat: &[u64]) -> ConfusionMatrix {
        let k = classes.len();
        let counts = flat.chunks_exact(k.max(1)).map(<[u64]>::to_vec).collect();
        ConfusionMatrix { classes, counts }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// Number of rows counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Rows predicted correctly (the diagonal).
    pub fn correct(&self) -> u64 {
        (0..self.n_classes()).map(|c| self.counts[c][c]).sum()
    }

    /// Rows whose true class is `class` (its support).
    pub fn support(&self, class: usize) -> u64 {
        self.counts[class].iter().sum()
    }

    /// Rows predicted as `class`.
    pub fn predicted(&self, class: usize) -> u64 {
        self.counts.iter().map(|row| row[class]).sum()
    }

    /// Each row divided by its sum: `normalized[t][p]` is the share of true class `t` predicted
    /// as `p` (the diagonal is each class's recall). Rows of absent classes are all zero.
    pub fn row_normalized(&self) -> Vec<Vec<f64>> {
        self.counts
            .iter()
            .map(|row| {
                let sum: u64 = row.iter().sum();
                row.iter().map(|&c| if sum == 0 { 0.0 } else { c as f64 / sum as f64 }).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_truth_by_prediction() {
        let classes = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let m = ConfusionMatrix::from_predictions(&[0, 0, 1, 2, 2], &[0, 1, 1, 2, 0], &classes).unwrap();
        assert_eq!(m.counts, vec![vec![1, 1, 0], vec![0, 1, 0], vec![1, 0, 1]]);
        assert_eq!((m.total(), m.correct(), m.support(0), m.predicted(0)), (5, 3, 2, 2));
        assert_eq!(m.row_normalized()[2], vec![0.5, 0.0, 0.5]);
        assert!(ConfusionMatrix::from_predictions(&[0], &[3], &classes).is_err());
    }
}
