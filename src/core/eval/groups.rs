//! Metrics per group of rows (LAPD division, month…): the data behind the accuracy choropleth
//! and the "actual vs predicted share of a class" map.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};

/// Group id of a row that belongs to no group (skipped).
pub const NO_GROUP: u32 = u32::MAX;

/// How the predictions did on one group of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMetrics {
    /// Group id (index into the caller's group names).
    pub group: u32,
    /// Rows in the group.
    pub rows: u64,
    /// Share of its rows predicted correctly (0 for an empty group).
    pub accuracy: f64,
    /// Macro F1 over the classes present in the group's truth or predictions (scikit-learn's
    /// conventions, as in [`ClassificationReport`](super::ClassificationReport)).
    pub macro_f1: f64,
    /// Rows of each class in the truth.
    pub actual: Vec<u64>,
    /// Rows predicted as each class.
    pub predicted: Vec<u64>,
}

/// Metrics of each group `0..n_groups`; `groups[row]` is the row's group ([`NO_GROUP`] to skip
/// it), and classes are `0..k`. Memory is `n_groups × k × 3` counters, so fine-grained groups
/// (reporting districts) are cheap too.
pub fn by_group(
    y_true: &[u32],
    y_pred: &[u32],
    groups: &[u32],
    n_groups: usize,
    k: usize,
) -> Result<Vec<GroupMetrics>> {
    if y_true.len() != y_pred.len() || y_true.len() != groups.len() {
        return Err(Error::shape(
            "group metrics' labels, predictions and group ids",
            format!("{} of each", y_true.len()),
            format!("{}, {} and {}", y_true.len(), y_pred.len(), groups.len()),
        ));
    }
    let mut actual = vec![0u64; n_groups * k];
    let mut predicted = vec![0u64; n_groups * k];
    let mut hits = vec![0u64; n_groups * k];
    for ((&t, &p), &g) in y_true.iter().zip(y_pred).zip(groups) {
        if g == NO_GROUP {
            continue;
        }
        if g as usize >= n_groups || t as usize >= k || p as usize >= k {
            return Err(Error::shape(
                "group metrics' groups and classes",
                format!("groups below {n_groups} and classes below {k}"),
                format!("group {g}, classes {t} and {p}"),
            ));
        }
        let base = g as usize * k;
        actual[base + t as usize] += 1;
        predicted[base + p as usize] += 1;
        if t == p {
            hits[base + t as usize] += 1;
        }
    }
    Ok((0..n_groups)
        .map(|g| {
            let range = g * k..(g + 1) * k;
            let (a, p, h) = (&actual[range.clone()], &predicted[range.clone()], &hits[range]);
            let rows: u64 = a.iter().sum();
            let correct: u64 = h.iter().sum();
            let (mut f1_sum, mut present) = (0.0, 0usize);
            for c in 0..k {
                if a[c] + p[c] > 0 {
                    f1_sum += 2.0 * h[c] as f64 / (a[c] + p[c]) as f64;
                    present += 1;
                }
            }
            GroupMetrics {
                group: g as u32,
                rows,
                accuracy: if rows == 0 { 0.0 } else { correct as f64 / rows as f64 },
                macro_f1: if present == 0 { 0.0 } else { f1_sum / present as f64 },
                actual: a.to_vec(),
                predicted: p.to_vec(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_group_by_hand() {
        // Group 0: truth a a b, predicted a b b. Group 1: truth b, predicted b. One row skipped.
        let m = by_group(&[0, 0, 1, 1, 0], &[0, 1, 1, 1, 1], &[0, 0, 0, 1, NO_GROUP], 3, 2).unwrap();
        assert_eq!(m[0].rows, 3);
        assert!((m[0].accuracy - 2.0 / 3.0).abs() < 1e-12);
        // a: tp 1, support 2, predicted 1 → 2/3; b: tp 1, support 1, predicted 2 → 2/3.
        assert!((m[0].macro_f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!((m[0].actual.clone(), m[0].predicted.clone()), (vec![2, 1], vec![1, 2]));
        assert_eq!((m[1].rows, m[1].accuracy, m[1].macro_f1), (1, 1.0, 1.0));
        assert_eq!((m[2].rows, m[2].accuracy), (0, 0.0));
        assert!(by_group(&[0], &[0], &[3], 3, 2).is_err());
    }
}
