//! [`BinSet`]: a set of bins of one feature (256 bits), the left side of a split.

use serde::{Deserialize, Serialize};

/// A set of bin numbers `0..=255`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinSet(pub [u64; 4]);

impl BinSet {
    /// The empty set.
    pub const EMPTY: BinSet = BinSet([0; 4]);

    /// Whether `bin` is in the set.
    #[inline(always)]
    pub fn contains(&self, bin: u8) -> bool {
        (self.0[(bin >> 6) as usize] >> (bin & 63)) & 1 == 1
    }

    /// Adds `bin`.
    #[inline]
    pub fn insert(&mut self, bin: u8) {
        self.0[(bin >> 6) as usize] |= 1 << (bin & 63);
    }

    /// The bins `lo..=hi`.
    pub fn range(lo: u8, hi: u8) -> BinSet {
        let mut s = BinSet::EMPTY;
        for b in lo..=hi {
            s.insert(b);
        }
        s
    }

    /// Number of bins in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_bins_across_words() {
        let mut s = BinSet::range(1, 3);
        s.insert(200);
        assert!(s.contains(1) && s.contains(3) && s.contains(200));
        assert!(!s.contains(0) && !s.contains(4) && !s.contains(255));
        assert_eq!(s.len(), 4);
    }
}
