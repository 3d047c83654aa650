//! The classification report: precision, recall, F1 and support per class, with averages.
//!
//! Conventions follow scikit-learn's `classification_report` with `zero_division=0`:
//!
//! * precision `tp / (tp + fp)`, recall `tp / (tp + fn)`, F1 `2·tp / (2·tp + fp + fn)`; a ratio
//!   whose denominator is zero is 0.
//! * Macro averages are the plain mean over the classes that occur in the truth or in the
//!   predictions (scikit-learn's default `labels=None`); a class absent from both is listed
//!   with support 0 but does not drag the averages down.
//! * Weighted averages weight each class by its support.
//! * Balanced accuracy is the mean recall over the classes present in the truth.

use serde::{Deserialize, Serialize};

use super::confusion::ConfusionMatrix;

/// Scores of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassReport {
    /// Class name.
    pub class: String,
    /// Share of the rows predicted as this class that truly are.
    pub precision: f64,
    /// Share of the rows of this class that were predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Rows of this class in the truth.
    pub support: u64,
}

/// Precision, recall and F1 averaged over classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Averages {
    /// Averaged precision.
    pub precision: f64,
    /// Averaged recall.
    pub recall: f64,
    /// Averaged F1.
    pub f1: f64,
}

/// Per-class scores and their averages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    /// One entry per class, in class order.
    pub per_class: Vec<ClassReport>,
    /// Share of rows predicted correctly.
    pub accuracy: f64,
    /// Mean recall over the classes present in the truth.
    pub balanced_accuracy: f64,
    /// Unweighted mean over the classes present in the truth or the predictions.
    pub macro_avg: Averages,
    /// Mean weighted by support.
    pub weighted_avg: Averages,
    /// Rows counted.
    pub support: u64,
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl ClassificationReport {
    /// The report of a confusion matrix.
    pub fn from_confusion(m: &ConfusionMatrix) -> ClassificationReport {
        let k = m.n_classes();
        let total = m.total();
        let mut per_class = Vec::with_capacity(k);
        let (mut macro_sum, mut macro_n) = (Averages::default(), 0usize);
        let mut weighted = Averages::default();
        let (mut recall_sum, mut recall_n) = (0.0, 0usize);
        for c in 0..k {
            let tp = m.counts[c][c];
            let support = m.support(c);
            let predicted = m.predicted(c);
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = ratio(2 * tp, support + predicted);
            if support > 0 || predicted > 0 {
                macro_sum.precision += precision;
                macro_sum.recall += recall;
                macro_sum.f1 += f1;
                macro_n += 1;
            }
            if support > 0 {
                recall_sum += recall;
                recall_n += 1;
            }
            let w = support as f64;
            weighted.precision += w * precision;
            weighted.recall += w * recall;
            weighted.f1 += w * f1;
            per_class.push(ClassReport { class: m.classes[c].clone(), precision, recall, f1, support });
        }
        let scale = |a: Averages, by: f64| {
            if by == 0.0 {
                Averages::default()
            } else {
                Averages { precision: a.precision / by, recall: a.recall / by, f1: a.f1 / by }
            }
        };
        ClassificationReport {
            per_class,
            accuracy: ratio(m.correct(), total),
            balanced_accuracy: if recall_n == 0 { 0.0 } else { recall_sum / recall_n as f64 },
            macro_avg: scale(macro_sum, macro_n as f64),
            weighted_avg: scale(weighted, total as f64),
            support: total,
        }
    }
}

/// Accuracy and macro F1 from flat row-major `k × k` counts, without building a report (used
/// in permutation loops).
pub(crate) fn accuracy_and_macro_f1(flat: &[u64], k: usize) -> (f64, f64) {
    let mut total = 0;
    let mut correct = 0;
    let mut f1_sum = 0.0;
    let mut present = 0;
    for c in 0..k {
        let tp = flat[c * k + c];
        let support: u64 = flat[c * k..(c + 1) * k].iter().sum();
        let predicted: u64 = (0..k).map(|t| flat[t * k + c]).sum();
        total += support;
        correct += tp;
        if support > 0 || predicted > 0 {
            f1_sum += ratio(2 * tp, support + predicted);
            present += 1;
        }
    }
    let macro_f1 = if present == 0 { 0.0 } else { f1_sum / present as f64 };
    (ratio(correct, total), macro_f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_division_gives_zero_and_absent_classes_are_skipped() {
        // Class 1 is never predicted, class 2 never occurs at all.
        let classes: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let m = ConfusionMatrix::from_predictions(&[0, 0, 1], &[0, 0, 0], &classes).unwrap();
        let r = ClassificationReport::from_confusion(&m);
        assert_eq!(r.per_class[1].precision, 0.0);
        assert_eq!(r.per_class[1].f1, 0.0);
        assert_eq!(r.per_class[2].support, 0);
        // a: p = 2/3, r = 1, f1 = 0.8; b: all 0. Macro over {a, b} only.
        assert!((r.macro_avg.f1 - 0.4).abs() < 1e-12);
        assert!((r.balanced_accuracy - 0.5).abs() < 1e-12);
        let flat: Vec<u64> = m.counts.iter().flatten().copied().collect();
        let (acc, f1) = accuracy_and_macro_f1(&flat, 3);
        assert!((acc - 2.0 / 3.0).abs() < 1e-12 && (f1 - 0.4).abs() < 1e-12);
    }
}
