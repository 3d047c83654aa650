//! Loading the rows a tree loop reads next before it needs them.
//!
//! The hot loops of tree training visit one node's rows, which lie far apart in memory: each
//! row costs cache misses (its bins, its gradients). A CPU works ahead only a row or two on
//! its own, so without help every row waits for memory.
//!
//! * On x86-64, [`ahead`] issues a prefetch instruction for the row [`PREFETCH`] places ahead:
//!   prefetches retire at once, so the loop never waits on them.
//! * WebAssembly has no prefetch instruction. There [`ahead`] works in batches of [`BATCH`]
//!   rows: at the start of each batch it *touches* (loads and discards) the lines of the
//!   batch after it. The touches are independent of each other and of the loop's sums, so the
//!   CPU fetches a whole batch's lines at once and the loop pays one memory latency per batch
//!   instead of one per row. (This is what closes most of the gap between the browser's tree
//!   training and the native one.)
//!
//! Rows closer together than a cache line share lines, which the CPU streams in on its own, so
//! each loop decides once, from where its rows lie, whether to touch ahead at all
//! ([`Lookahead`]).
//!
//! Either way only timing changes: the loops still visit every row in order, so their sums,
//! and the models, are the same bit for bit.

/// How many rows ahead the native loops prefetch.
pub const PREFETCH: usize = 24;

/// Rows per batch of touches where there is no prefetch instruction.
pub const BATCH: usize = 32;

/// Whether this build has a prefetch instruction (x86-64), or touches batches instead.
const HAS_PREFETCH: bool = cfg!(all(target_arch = "x86_64", not(crimelab_touch)));

/// Asks for the cache line holding `x` to be loaded: a prefetch on x86-64, else a load whose
/// value is discarded.
#[inline(always)]
pub fn touch<T: Copy>(x: &T) {
    #[cfg(all(target_arch = "x86_64", not(crimelab_touch)))]
    // SAFETY: prefetching never faults, and `x` is a valid reference anyway.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(x as *const T as *const i8);
    }
    #[cfg(not(all(target_arch = "x86_64", not(crimelab_touch))))]
    // SAFETY: `x` is a valid, aligned reference to a `Copy` value; a volatile read of it is an
    // ordinary load the compiler may not remove.
    unsafe {
        let _ = std::ptr::read_volatile(x);
    }
}

/// How one loop over a node's rows loads ahead, decided once per loop from where its rows lie.
#[derive(Debug, Clone, Copy)]
pub struct Lookahead {
    on: bool,
}

impl Lookahead {
    /// For a loop over `rows` (ascending) whose rows are `bytes_per_row` apart in memory:
    /// always with a prefetch instruction (it costs next to nothing); otherwise only when
    /// [`spread_out`] says touching pays.
    #[inline]
    pub fn new(rows: &[u32], bytes_per_row: usize) -> Lookahead {
        Lookahead { on: HAS_PREFETCH || spread_out(rows, bytes_per_row) }
    }

    /// [`ahead`], when this loop loads ahead at all.
    #[inline(always)]
    pub fn ahead<T: Copy>(self, items: &[T], i: usize, warm: impl FnMut(T)) {
        if self.on {
            ahead(items, i, warm);
        }
    }

    /// Visits `rows` two at a time in order, loading ahead with `warm` as a row-by-row loop
    /// would, and calls `pair` with each pair's rows; returns the last row of an odd count,
    /// left for the caller.
    #[inline(always)]
    pub fn pairs(
        self,
        rows: &[u32],
        mut warm: impl FnMut(u32),
        mut pair: impl FnMut(usize, usize),
    ) -> &[u32] {
        let pairs = rows.chunks_exact(2);
        let odd = pairs.remainder();
        for (i, p) in pairs.enumerate() {
            self.ahead(rows, 2 * i, &mut warm);
            self.ahead(rows, 2 * i + 1, &mut warm);
            pair(p[0] as usize, p[1] as usize);
        }
        odd
    }
}

/// Whether consecutive rows of `rows` (ascending, `bytes_per_row` apart in memory) lie a cache
/// line or more apart on average. Closer rows share lines, which the CPU streams in on its
/// own: touches would only add loads.
pub fn spread_out(rows: &[u32], bytes_per_row: usize) -> bool {
    const LINE: usize = 64;
    match (rows.first(), rows.last()) {
        (Some(&a), Some(&b)) => b.abs_diff(a) as usize * bytes_per_row >= LINE * rows.len(),
        _ => false,
    }
}

/// Called at step `i` of a loop over `items` (a node's rows, usually), before the loop body:
/// runs `warm` (which [`touch`]es the lines an item will need) on the item [`PREFETCH`]
/// places ahead, or, where there is no prefetch, on the whole batch after the current one
/// when `i` starts a batch (and on the first two batches at `i == 0`).
#[inline(always)]
pub fn ahead<T: Copy>(items: &[T], i: usize, mut warm: impl FnMut(T)) {
    if HAS_PREFETCH {
        if let Some(&a) = items.get(i + PREFETCH) {
            warm(a);
        }
    } else if i % BATCH == 0 {
        let from = if i == 0 { 0 } else { i + BATCH };
        let to = (i + 2 * BATCH).min(items.len());
        if from < to {
            for &a in &items[from..to] {
                warm(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_a_line_apart_are_spread_out() {
        let dense: Vec<u32> = (0..1000).collect();
        assert!(!spread_out(&dense, 1));
        assert!(!spread_out(&dense, 40));
        assert!(spread_out(&dense, 100));
        let sparse: Vec<u32> = (0..1000).map(|r| 70 * r).collect();
        assert!(spread_out(&sparse, 1));
        assert!(!spread_out(&[], 64));
        assert!(Lookahead::new(&sparse, 1).on);
        assert_eq!(Lookahead::new(&dense, 1).on, HAS_PREFETCH);
    }

    #[test]
    fn every_item_is_warmed_before_its_step() {
        for len in [0, 1, 5, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH + 7, 200] {
            let items: Vec<usize> = (0..len).collect();
            let mut warmed = vec![false; len];
            for i in 0..len {
                ahead(&items, i, |a| warmed[a] = true);
                if !HAS_PREFETCH {
                    assert!(warmed[i], "item {i} of {len} was not warmed before its step");
                }
            }
            if HAS_PREFETCH {
                assert!(warmed.iter().skip(PREFETCH).all(|&w| w));
            }
        }
    }
}
