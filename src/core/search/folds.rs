//! Cross-validation folds as plain row-index lists.
//!
//! A [`Fold`] is a pair of disjoint index lists (train, validation) into the rows of the frame
//! a search runs on. [`kfold`] and [`stratified_kfold`] deal the given rows (all rows, or a
//! sample from [`sample_rows`]) into `k` folds; [`Fold::holdout`] wraps a single train/valid
//! split made elsewhere (the time split). [`check_folds`] refuses folds that leak.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::rng::Rng;

/// One train/validation split of row indices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    /// Rows to train on, ascending.
    pub train: Vec<u32>,
    /// Rows to score on, ascending.
    pub valid: Vec<u32>,
}

impl Fold {
    /// A single split given by the caller (for example a time split: train before a date,
    /// validate after).
    pub fn holdout(train: Vec<u32>, valid: Vec<u32>) -> Fold {
        Fold { train, valid }
    }
}

fn check_k(rows: usize, k: usize) -> Result<()> {
    if k < 2 {
        return Err(Error::invalid_param("k-fold", "k", k, "at least 2"));
    }
    if rows < k {
        return Err(Error::too_few_rows(format!("{k}-fold cross-validation"), k, rows));
    }
    Ok(())
}

/// Folds from a validation-fold id per position of `rows`.
fn folds_from_assignment(rows: &[u32], fold_of: &[u32], k: usize) -> Vec<Fold> {
    let mut order: Vec<(u32, u32)> = rows.iter().copied().zip(fold_of.iter().copied()).collect();
    order.sort_unstable();
    (0..k as u32)
        .map(|f| {
            let mut fold = Fold {
                train: Vec::with_capacity(rows.len() - rows.len() / k),
                valid: Vec::with_capacity(rows.len() / k + 1),
            };
            for &(row, g) in &order {
                if g == f {
                    fold.valid.push(row);
                } else {
                    fold.train.push(row);
                }
            }
            fold
        })
        .collect()
}

/// `k` folds of `rows` after a seeded shuffle: each row is validated exactly once, and fold
/// sizes differ by at most one.
pub fn kfold(rows: &[u32], k: usize, seed: u64) -> Result<Vec<Fold>> {
    check_k(rows.len(), k)?;
    let mut positions: Vec<u32> = (0..rows.len() as u32).collect();
    Rng::new(seed).shuffle(&mut positions);
    let mut fold_of = vec![0u32; rows.len()];
    for (i, &p) in positions.iter().enumerate() {
        fold_of[p as usize] = (i * k / rows.len()) as u32;
    }
    Ok(folds_from_assignment(rows, &fold_of, k))
}

/// `k` folds of `rows` that keep each class's share: the rows of each class (`y[row]`) are
/// shuffled and dealt in turn to the folds, continuing from where the previous class stopped,
/// so fold sizes differ by at most one and each class's count per fold by at most one.
pub fn stratified_kfold(rows: &[u32], y: &[u32], k: usize, seed: u64) -> Result<Vec<Fold>> {
    check_k(rows.len(), k)?;
    if let Some(&bad) = rows.iter().find(|&&r| r as usize >= y.len()) {
        return Err(Error::shape(
            "stratified k-fold's labels",
            format!("a label for row {bad}"),
            format!("{} labels", y.len()),
        ));
    }
    let n_classes = rows.iter().map(|&r| y[r as usize] as usize + 1).max().unwrap_or(0);
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); n_classes];
    for (p, &r) in rows.iter().enumerate() {
        by_class[y[r as usize] as usize].push(p as u32);
    }
    let mut rng = Rng::new(seed);
    let mut fold_of = vec![0u32; rows.len()];
    let mut next = 0usize;
    for positions in &mut by_class {
        rng.shuffle(positions);
        for &p in positions.iter() {
            fold_of[p as usize] = next as u32;
            next = (next + 1) % k;
        }
    }
    Ok(folds_from_assignment(rows, &fold_of, k))
}

/// Up to `max` of `rows`, drawn without replacement (seeded), ascending; all rows when
/// `max >= rows.len()`.
pub fn sample_rows(rows: &[u32], max: usize, seed: u64) -> Vec<u32> {
    if max >= rows.len() {
        return rows.to_vec();
    }
    let mut out: Vec<u32> =
        Rng::new(seed).sample_indices(rows.len(), max).into_iter().map(|i| rows[i as usize]).collect();
    out.sort_unstable();
    out
}

/// Checks that every fold has training and validation rows, all below `n_rows`, and that no
/// row is in both the training and the validation list of a fold (nor twice in one list).
pub fn check_folds(folds: &[Fold], n_rows: usize) -> Result<()> {
    if folds.is_empty() {
        return Err(Error::invalid_param("search", "folds", "none", "at least one fold"));
    }
    let mut seen = vec![0u8; n_rows];
    for (f, fold) in folds.iter().enumerate() {
        for (part, rows) in [("training", &fold.train), ("validation", &fold.valid)] {
            if rows.is_empty() {
                return Err(ErrorKind::EmptySplit { part: format!("fold {}'s {part}", f + 1) }.into());
            }
        }
        seen.iter_mut().for_each(|s| *s = 0);
        for (list, mark) in [(&fold.train, 1u8), (&fold.valid, 2u8)] {
            for &r in list.iter() {
                let Some(s) = seen.get_mut(r as usize) else {
                    return Err(Error::shape(
                        format!("rows of fold {}", f + 1),
                        format!("rows below {n_rows}"),
                        format!("row {r}"),
                    ));
                };
                if *s != 0 {
                    let what = if *s == mark { "twice" } else { "in both training and validation" };
                    return Err(Error::internal(format!(
                        "fold {}: row {r} is {what} (the folds leak)",
                        f + 1
                    )));
                }
                *s = mark;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_catches_leaks() {
        let ok = Fold::holdout(vec![0, 1], vec![2]);
        assert!(check_folds(&[ok], 3).is_ok());
        let leak = Fold::holdout(vec![0, 1], vec![1]);
        let err = check_folds(&[leak], 3).unwrap_err();
        assert!(matches!(err.kind(), crate::core::ErrorKind::Internal { .. }), "{err:?}");
        let beyond = Fold::holdout(vec![0, 5], vec![1]);
        assert!(check_folds(&[beyond], 3).is_err());
        assert!(kfold(&[1, 2], 3, 0).is_err());
    }

    #[test]
    fn kfold_sizes_differ_by_at_most_one() {
        let rows: Vec<u32> = (0..103).collect();
        let folds = kfold(&rows, 5, 9).unwrap();
        let sizes: Vec<usize> = folds.iter().map(|f| f.valid.len()).collect();
        assert!(sizes.iter().all(|&s| s == 20 || s == 21), "{sizes:?}");
        assert!(folds.iter().all(|f| f.train.len() + f.valid.len() == 103));
    }
}
