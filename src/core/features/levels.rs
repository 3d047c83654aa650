//! Choosing the levels of a categorical feature from the training rows, and mapping values
//! to them.
//!
//! [`fit_levels`] keeps, for a nominal feature, the `top_k` values most frequent among the
//! training rows that occur at least `min_count` times, ordered by frequency, plus a final
//! [`OTHER`] level that absorbs the rest and any value first seen later. Features with a
//! natural order (weekday, age band, yes/no) keep all their values in order. [`apply_levels`]
//! maps a [`Raw`](super::derive::Raw) categorical column to `u16` level codes.

use rustc_hash::FxHashMap;

use crate::core::data::MISSING_CODE;
use crate::core::frame::MISSING_LEVEL;

/// Name of the level that pools rare and unseen values.
pub const OTHER: &str = "Other";

pub use crate::core::frame::MAX_LEVELS;

/// The levels of a categorical feature, fitted on the training rows' codes into `names`.
pub fn fit_levels(
    train_codes: &[u32],
    names: &[String],
    ordered: bool,
    top_k: usize,
    min_count: u32,
) -> Vec<String> {
    if ordered {
        return names.to_vec();
    }
    let mut counts = vec![0u32; names.len()];
    for &c in train_codes {
        if c != MISSING_CODE {
            counts[c as usize] += 1;
        }
    }
    let mut order: Vec<usize> =
        (0..names.len()).filter(|&i| counts[i] >= min_count.max(1) && names[i] != OTHER).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(names[a].cmp(&names[b])));
    order.truncate(top_k.clamp(1, MAX_LEVELS - 1));
    let mut levels: Vec<String> = order.into_iter().map(|i| names[i].clone()).collect();
    levels.push(OTHER.to_owned());
    levels
}

/// Maps raw codes (into `names`) to level codes. Values not among `levels` go to the
/// [`OTHER`] level when there is one, else they are missing.
pub fn apply_levels(codes: &[u32], names: &[String], levels: &[String]) -> Vec<u16> {
    let index: FxHashMap<&str, u16> =
        levels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
    let other = index.get(OTHER).copied().unwrap_or(MISSING_LEVEL);
    let remap: Vec<u16> = names.iter().map(|n| index.get(n.as_str()).copied().unwrap_or(other)).collect();
    codes.iter().map(|&c| if c == MISSING_CODE { MISSING_LEVEL } else { remap[c as usize] }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_frequent_values_and_pools_the_rest() {
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let train = [1, 1, 1, 0, 0, 2, MISSING_CODE];
        let levels = fit_levels(&train, &names, false, 2, 1);
        assert_eq!(levels, vec!["b", "a", "Other"]);
        let codes = apply_levels(&[0, 1, 2, 3, MISSING_CODE], &names, &levels);
        assert_eq!(codes, vec![1, 0, 2, 2, MISSING_LEVEL]);
        assert_eq!(fit_levels(&train, &names, true, 2, 1).len(), 4);
    }
}
