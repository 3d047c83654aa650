//! Stable partition of a node's rows by a split, keeping each side in ascending row order (so
//! later passes read the binned matrix front to back).

use super::binning::BinnedMatrix;
use super::binset::BinSet;
use super::histogram::{prefetch, PREFETCH};

/// Moves the rows whose bin of `feature` is in `left` to the front of `rows` (order kept) and
/// returns how many there are. `scratch` is reused memory.
pub fn partition(
    rows: &mut [u32],
    scratch: &mut Vec<u32>,
    x: &BinnedMatrix,
    feature: usize,
    left: &BinSet,
) -> usize {
    scratch.clear();
    let bins = x.column(feature);
    let mut l = 0;
    for i in 0..rows.len() {
        if let Some(&ahead) = rows.get(i + PREFETCH) {
            prefetch(bins.as_ptr().wrapping_add(ahead as usize));
        }
        let r = rows[i];
        if left.contains(bins[r as usize]) {
            rows[l] = r;
            l += 1;
        } else {
            scratch.push(r);
        }
    }
    rows[l..].copy_from_slice(scratch);
    l
}
