//! Stable partition of a node's rows by a split, keeping each side in ascending row order (so
//! later passes read the binned matrix front to back).

use super::binning::BinnedMatrix;
use super::binset::BinSet;
use super::lookahead::{touch, Lookahead};

/// Moves the rows whose bin of `feature` is in `left` to the front of `rows` (order kept) and
/// returns how many there are. `scratch` is reused memory.
///
/// Each row is written to both sides and only the side it belongs to moves on, so the loop
/// has no branch on the split (which side a row goes to is as good as random, and a
/// mispredicted branch per row would cost more than the extra store).
pub fn partition(
    rows: &mut [u32],
    scratch: &mut Vec<u32>,
    x: &BinnedMatrix,
    feature: usize,
    left: &BinSet,
) -> usize {
    let n = rows.len();
    scratch.clear();
    scratch.resize(n, 0);
    let bins = x.column(feature);
    // One byte per bin says its side: a load where the set would take a load and two shifts.
    let mut side = [0u8; 256];
    for (b, v) in side.iter_mut().enumerate() {
        *v = u8::from(left.contains(b as u8));
    }
    let look = Lookahead::new(rows, 1);
    let (mut l, mut s) = (0, 0);
    for i in 0..n {
        look.ahead(rows, i, |a| touch(&bins[a as usize]));
        let r = rows[i];
        let goes_left = usize::from(side[bins[r as usize] as usize]);
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
