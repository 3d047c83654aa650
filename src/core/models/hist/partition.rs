//! Stable partition of a node's rows by a split, keeping each side in ascending row order (so
//! later passes read the binned matrix front to back).

use super::binning::BinnedMatrix;
use super::binset::BinSet;
use super::lookahead::{touch, Lookahead};

/// Where [`partition`] reads each row's bin of the split feature. Both hold the same bins, so
/// the partition is the same either way; only the cache lines read differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinSource {
    /// The feature's column: a byte per row, so a large node's rows share lines.
    Column,
    /// Each row's own bins (row after row): the lines a pass over the node's rows (its
    /// histogram) has just read, still in cache when the node is small, where the column's
    /// lines are not.
    Rows,
}

impl BinSource {
    /// Nodes of at most this many rows read [`BinSource::Rows`] right after a pass over them:
    /// a line per row, 1 MiB, stays in a core's L2 cache.
    pub const CACHED_ROWS: usize = 1 << 14;

    /// The source for a node of `rows` rows whose row bins were just read by a pass over them.
    pub fn after_pass(rows: usize) -> BinSource {
        if rows <= Self::CACHED_ROWS {
            BinSource::Rows
        } else {
            BinSource::Column
        }
    }
}

/// Moves the rows whose bin of `feature` is in `left` to the front of `rows` (order kept) and
/// returns how many there are, reading the bins from `source`. `scratch` is reused memory.
pub fn partition(
    rows: &mut [u32],
    scratch: &mut Vec<u32>,
    x: &BinnedMatrix,
    feature: usize,
    left: &BinSet,
    source: BinSource,
) -> usize {
    match source {
        BinSource::Column => partition_by(rows, scratch, x.column(feature), 1, 0, left),
        BinSource::Rows => partition_by(rows, scratch, x.bins(), x.n_features(), feature, left),
    }
}

/// [`partition`] with row `r`'s bin at `bins[r · stride + at]`.
///
/// Each row is written to both sides and only the side it belongs to moves on, so the loop
/// has no branch on the split (which side a row goes to is as good as random, and a
/// mispredicted branch per row would cost more than the extra store).
#[inline(always)]
fn partition_by(
    rows: &mut [u32],
    scratch: &mut Vec<u32>,
    bins: &[u8],
    stride: usize,
    at: usize,
    left: &BinSet,
) -> usize {
    let n = rows.len();
    scratch.clear();
    scratch.resize(n, 0);
    // One byte per bin says its side: a load where the set would take a load and two shifts.
    let mut side = [0u8; 256];
    for (b, v) in side.iter_mut().enumerate() {
        *v = u8::from(left.contains(b as u8));
    }
    let look = Lookahead::new(rows, stride);
    let (mut l, mut s) = (0, 0);
    for i in 0..n {
        look.ahead(rows, i, |a| touch(&bins[a as usize * stride + at]));
        let r = rows[i];
        let goes_left = usize::from(side[bins[r as usize * stride + at] as usize]);
        // `l <= i` and `s <= i`: both writes land on places already read.
        // SAFETY: `l + s == i < n == rows.len() == scratch.len()`.
        unsafe {
            *rows.get_unchecked_mut(l) = r;
            *scratch.get_unchecked_mut(s) = r;
        }
        l += goes_left;
        s += 1 - goes_left;
    }
    rows[l..].copy_from_slice(&scratch[..s]);
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Rng;

    #[test]
    fn rows_and_column_give_the_same_stable_partition() {
        let (rows, p) = (5000, 7);
        let mut rng = Rng::new(3);
        let bins: Vec<u8> = (0..rows * p).map(|_| rng.below(256) as u8).collect();
        let x = BinnedMatrix::new(bins, rows, vec![256; p]);
        let mut left = BinSet::EMPTY;
        for b in (0..=255u8).filter(|_| rng.below(2) == 0) {
            left.insert(b);
        }
        let goes_left = |r: &u32| left.contains(x.row(*r as usize)[4]);
        // A spread-out node (every third row) and a dense one.
        for step in [3, 1] {
            let node: Vec<u32> = (0..rows as u32).step_by(step).collect();
            let (on_left, on_right): (Vec<u32>, Vec<u32>) = node.iter().copied().partition(goes_left);
            let n_left = on_left.len();
            let expected = [on_left, on_right].concat();
            for source in [BinSource::Column, BinSource::Rows] {
                let mut got = node.clone();
                let mid = partition(&mut got, &mut Vec::new(), &x, 4, &left, source);
                assert_eq!((mid, &got), (n_left, &expected), "{source:?}");
            }
        }
    }
}
