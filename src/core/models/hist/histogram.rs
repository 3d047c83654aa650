//! Histograms: per-bin sums over the rows of a node, for every feature end to end (feature
//! `f`'s bins start at [`BinnedMatrix::offsets`]`[f]`).
//!
//! * Gradient histograms (boosting) hold two `f64` per bin: the sums of gradients and
//!   hessians. [`build_gh`] fills one for one output; [`build_gh_multi`] fills those of all
//!   outputs in a single pass over the rows (the root of every class's tree in a round sees
//!   the same rows). [`subtract`] turns a parent's histogram into a child's given its sibling's
//!   (the cheap half of the histogram-subtraction trick).
//! * Class histograms (decision trees, forests) hold `k + 1` `f64` per bin: the weight of each
//!   class and the row count. [`build_class`] fills them for a subset of features.
//!
//! These are the hot loops of tree training: no allocation, rows are visited in ascending
//! order, and each row's bins are one contiguous slice.

use super::binning::BinnedMatrix;
use super::lookahead::{touch, Lookahead};
use crate::core::models::linear_input::{dispatch_k, fixed_or};
use crate::core::models::row_ops::add_pair_row;
use crate::core::parallel::Parallelism;

/// Accumulator type of gradient histograms. `f32` halves their size, so a node's histogram of
/// ~30 features fits in the L1 cache; each bin sums few rows, and the split search adds bins up
/// in `f64`. (Root histograms are summed in `f64` by [`build_gh_multi`].)
pub type GhAcc = f32;

/// Adds the gradient/hessian pairs of `rows` into `hist` (`2 × total_bins` values), over all
/// features or only `features` (sorted, distinct). `gh` holds one output's `(g, h)` per row:
/// `gh[2 * r]` and `gh[2 * r + 1]` (outputs are stored one after the other, so that the rows
/// of a node share cache lines).
///
/// With several threads (and enough rows) the features are cut into consecutive groups, each
/// filling its own part of `hist`: every bin still sums its rows in the same order, so the
/// histogram is the same for any thread count.
pub fn build_gh(
    hist: &mut [GhAcc],
    x: &BinnedMatrix,
    rows: &[u32],
    gh: &[f32],
    features: Option<&[u32]>,
    parallelism: Parallelism,
) {
    let stride = x.n_features();
    assert!(hist.len() >= 2 * x.total_bins());
    assert!(gh.len() >= 2 * x.rows);
    if let Some(features) = features {
        assert!(features.iter().all(|&f| (f as usize) < stride));
        assert!(features.windows(2).all(|w| w[0] < w[1]), "features are sorted");
    }
    let n_feat = features.map_or(stride, <[u32]>::len);
    // Below this many rows a node is not worth a thread.
    const MIN_ROWS: usize = 1 << 13;
    let groups = parallelism.get().min(n_feat);
    if groups <= 1 || rows.len() < MIN_ROWS {
        match features {
            None => add_gh_range(hist, 0, x, rows, gh, 0..stride),
            Some(features) => add_gh_list(hist, 0, x, rows, gh, features),
        }
        return;
    }
    let per = n_feat.div_ceil(groups);
    let offsets = x.offsets();
    // Group g: features first..=last (positions in the list, or feature ids for all).
    let all: Vec<u32>;
    let list = match features {
        Some(f) => f,
        None => {
            all = (0..stride as u32).collect();
            &all
        }
    };
    let mut items = Vec::with_capacity(groups);
    let mut rest = &mut hist[..];
    let mut consumed = 0;
    for group in list.chunks(per) {
        let (fa, fb) = (group[0] as usize, *group.last().expect("non-empty group") as usize + 1);
        let (first, last) = (2 * offsets[fa], 2 * offsets[fb]);
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(first - consumed);
        let (mine, tail) = tail.split_at_mut(last - first);
        rest = tail;
        consumed = last;
        items.push((mine, offsets[fa], group, fa..fb));
    }
    parallelism.map(items, |_, (part, base, group, range)| match features {
        None => add_gh_range(part, base, x, rows, gh, range),
        Some(_) => add_gh_list(part, base, x, rows, gh, group),
    });
}

/// One row's `(g, h)`, ready to add into a histogram's pair of a bin.
///
/// In WebAssembly the pair travels as one SIMD vector, so that a bin's update is one 8-byte
/// load, one addition and one 8-byte store instead of two of each (native code gets this from
/// the compiler; wasm's does not). Each lane's sum is the same `f32` addition either way.
#[derive(Clone, Copy)]
struct Pair(
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))] core::arch::wasm32::v128,
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))] [GhAcc; 2],
);

impl Pair {
    #[inline(always)]
    fn new(g: f32, h: f32) -> Pair {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return Pair(core::arch::wasm32::f32x4(g, h, 0.0, 0.0));
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        return Pair([g, h]);
    }

    /// Adds the pair to `hist[i]` and `hist[i + 1]`.
    ///
    /// # Safety
    /// `i + 1 < hist.len()`.
    #[inline(always)]
    unsafe fn add_to(self, hist: &mut [GhAcc], i: usize) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        // SAFETY: the caller guarantees both values are in `hist`; these loads and stores
        // have no alignment requirement.
        unsafe {
            use core::arch::wasm32::{f32x4_add, v128_load64_zero, v128_store64_lane};
            let p = hist.as_mut_ptr().add(i) as *mut u64;
            v128_store64_lane::<0>(f32x4_add(v128_load64_zero(p), self.0), p);
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        // SAFETY: as above.
        unsafe {
            *hist.get_unchecked_mut(i) += self.0[0];
            *hist.get_unchecked_mut(i + 1) += self.0[1];
        }
    }
}

/// Rows from which [`add_gh_range`] pays for its second histogram.
const PAIRED_FROM: usize = 2048;

/// Adds `rows` into `hist`, the part of a gradient histogram that starts at bin `base`, for
/// the consecutive features `range` (whose bins lie in that part).
///
/// From [`PAIRED_FROM`] rows on, rows go in pairs, the first of each into `hist` and the second
/// into a second histogram added into `hist` at the end, so that two rows falling in the same
/// bin (features with few bins) do not wait for each other's addition. Each bin is then the
/// sum of its even-position rows plus the sum of its odd-position ones, whatever the thread
/// count.
fn add_gh_range(
    hist: &mut [GhAcc],
    base: usize,
    x: &BinnedMatrix,
    rows: &[u32],
    gh: &[f32],
    range: std::ops::Range<usize>,
) {
    let stride = x.n_features();
    let offsets = &x.offsets()[range.clone()];
    let bins = x.bins();
    let end = offsets.last().map_or(base, |&o| o) + x.n_bins()[range.end.max(1) - 1];
    let len = 2 * (end - base);
    assert!(range.is_empty() || hist.len() >= len);
    let (first, last) = (range.start, range.end.max(1) - 1);
    let look = Lookahead::new(rows, stride);
    let warm = |a: u32| {
        let a = a as usize;
        touch(&bins[a * stride + first]);
        touch(&bins[a * stride + last]);
        touch(&gh[2 * a]);
    };
    let paired = rows.len() >= PAIRED_FROM && !range.is_empty();
    let mut second = vec![0 as GhAcc; if paired { len } else { 0 }];
    let single = if paired {
        look.pairs(rows, warm, |ra, rb| {
            let a_pair = Pair::new(gh[2 * ra], gh[2 * ra + 1]);
            let b_pair = Pair::new(gh[2 * rb], gh[2 * rb + 1]);
            let row_a = &bins[ra * stride + range.start..ra * stride + range.end];
            let row_b = &bins[rb * stride + range.start..rb * stride + range.end];
            for ((&a, &b), &off) in row_a.iter().zip(row_b).zip(offsets) {
                let (ia, ib) = (2 * (off + a as usize - base), 2 * (off + b as usize - base));
                // SAFETY: as below; `second` holds `len` values like the asserted part of `hist`.
                unsafe {
                    a_pair.add_to(hist, ia);
                    b_pair.add_to(&mut second, ib);
                }
            }
        })
    } else {
        rows
    };
    for (i, &r) in single.iter().enumerate() {
        look.ahead(single, i, warm);
        let r = r as usize;
        let pair = Pair::new(gh[2 * r], gh[2 * r + 1]);
        let row = &bins[r * stride + range.start..r * stride + range.end];
        for (&b, &off) in row.iter().zip(offsets) {
            let i = 2 * (off + b as usize - base);
            // SAFETY: `BinnedMatrix` guarantees every bin of feature `f` is below `n_bins[f]`,
            // so `off + b - base < end - base` and `i + 1 < hist.len()` (asserted above).
            unsafe { pair.add_to(hist, i) }
        }
    }
    for (h, s) in hist.iter_mut().zip(&second) {
        *h += s;
    }
}

/// Adds `rows` into `hist`, the part of a gradient histogram that starts at bin `base`, for
/// the listed `features` (whose bins lie in that part).
fn add_gh_list(
    hist: &mut [GhAcc],
    base: usize,
    x: &BinnedMatrix,
    rows: &[u32],
    gh: &[f32],
    features: &[u32],
) {
    let stride = x.n_features();
    let offsets = x.offsets();
    let bins = x.bins();
    if let Some(&last) = features.last() {
        assert!(hist.len() >= 2 * (offsets[last as usize + 1] - base));
        assert!(offsets[features[0] as usize] >= base);
    }
    let look = Lookahead::new(rows, stride);
    for (i, &r) in rows.iter().enumerate() {
        look.ahead(rows, i, |a| {
            let a = a as usize;
            touch(&bins[a * stride]);
            touch(&bins[a * stride + stride - 1]);
            touch(&gh[2 * a]);
        });
        let r = r as usize;
        let pair = Pair::new(gh[2 * r], gh[2 * r + 1]);
        let row = &bins[r * stride..r * stride + stride];
        for &f in features {
            // SAFETY: `f < stride` (checked by the caller), features are sorted so every
            // listed feature's bins lie between `base` and the last one's end (asserted above).
            unsafe {
                let f = f as usize;
                let i = 2 * (offsets.get_unchecked(f) + *row.get_unchecked(f) as usize - base);
                pair.add_to(hist, i);
            }
        }
    }
}

/// Rows per block of [`build_gh_multi`]: each block is summed in `f32`, and the blocks' sums
/// are added into the `f64` histogram in block order (fixed, whatever the thread count).
pub const MULTI_BLOCK: usize = 1 << 14;

/// Adds the pairs of `rows` for all `n_out` outputs at once into `hist`, laid out bin-major:
/// bin `j`, output `k` at `2 * (j * n_out + k)`. [`split_outputs`] then copies out one
/// output's histogram. `gh` holds the outputs one after the other: output `k`, row `r` at
/// `2 * (k * x.rows + r)`.
///
/// Blocks of [`MULTI_BLOCK`] rows are summed in `f32` (half the memory traffic, twice the SIMD
/// width) side by side on `parallelism`'s threads, one `parts` buffer per block (one in all
/// with one thread; kept by the caller between calls), and added into the `f64` histogram in
/// block order, so precision stays that of short sums and the result is the same for any
/// thread count.
pub fn build_gh_multi(
    hist: &mut [f64],
    x: &BinnedMatrix,
    rows: &[u32],
    gh: &[f32],
    n_out: usize,
    parallelism: Parallelism,
    parts: &mut Vec<Vec<f32>>,
) {
    let width = 2 * n_out;
    let len = width * x.total_bins();
    assert!(hist.len() >= len);
    assert!(gh.len() >= width * x.rows);
    let blocks: Vec<&[u32]> = rows.chunks(MULTI_BLOCK).collect();
    // One thread streams the blocks through one buffer; several threads take every block at
    // once, one buffer each (a wave per thread count would wait for the threads once per wave).
    let slots = if parallelism.get() > 1 { blocks.len().max(1) } else { 1 };
    parts.resize_with(slots, Vec::new);
    for part in parts.iter_mut() {
        part.clear();
        part.resize(len, 0.0);
    }
    for wave in blocks.chunks(slots) {
        let items: Vec<(&[u32], &mut Vec<f32>)> = wave.iter().copied().zip(parts.iter_mut()).collect();
        parallelism.map(items, |_, (block, part)| add_block_multi(part, x, block, gh, n_out));
        for part in &mut parts[..wave.len()] {
            for (h, p) in hist[..len].iter_mut().zip(part.iter_mut()) {
                *h += *p as f64;
                *p = 0.0;
            }
        }
    }
}

/// One block of [`build_gh_multi`], summed into the zeroed `f32` buffer `part`.
fn add_block_multi(part: &mut [f32], x: &BinnedMatrix, block: &[u32], gh: &[f32], n_out: usize) {
    dispatch_k!(n_out, K => add_block_multi_k::<K>(part, x, block, gh, n_out))
}

/// [`add_block_multi`] with the output count known at compile time (0 = dynamic): each bin's
/// additions are then a few whole SIMD vectors, and a row's cost is its features' loads, not
/// the loop around them (which matters most when a worker sums few outputs).
#[inline(always)]
fn add_block_multi_k<const K: usize>(
    part: &mut [f32],
    x: &BinnedMatrix,
    block: &[u32],
    gh: &[f32],
    n_out: usize,
) {
    let n_out = fixed_or::<K>(n_out);
    let stride = x.n_features();
    let offsets = &x.offsets()[..stride];
    let width = 2 * n_out;
    let n = x.rows;
    let bins = x.bins();
    assert!(part.len() >= width * x.total_bins());
    assert!(gh.len() >= width * n);
    let mut src = vec![0f32; width];
    let look = Lookahead::new(block, stride);
    for (i, &r) in block.iter().enumerate() {
        look.ahead(block, i, |a| {
            let a = a as usize;
            touch(&bins[a * stride]);
            touch(&bins[a * stride + stride - 1]);
        });
        let r = r as usize;
        assert!(r < n, "row {r} of {n}");
        for (k, pair) in src.chunks_exact_mut(2).enumerate() {
            // SAFETY: `r < n` and `k < n_out`, so `2 · (k · n + r) + 1 < 2 · n_out · n <=
            // gh.len()` (asserted above).
            unsafe {
                pair[0] = *gh.get_unchecked(2 * (k * n + r));
                pair[1] = *gh.get_unchecked(2 * (k * n + r) + 1);
            }
        }
        let row = &bins[r * stride..r * stride + stride];
        for (&b, &off) in row.iter().zip(offsets) {
            let at = width * (off + b as usize);
            // SAFETY: `off + b < total_bins`, so `at + width <= part.len()` (asserted above).
            let dst = unsafe { part.get_unchecked_mut(at..at + width) };
            add_pair_row::<K>(dst, &src, n_out);
        }
    }
}

/// Copies output `k`'s histogram out of a bin-major multi-output histogram.
pub fn split_outputs(multi: &[f64], n_out: usize, k: usize, out: &mut [GhAcc]) {
    for (j, pair) in out.chunks_exact_mut(2).enumerate() {
        let at = 2 * (j * n_out + k);
        pair[0] = multi[at] as GhAcc;
        pair[1] = multi[at + 1] as GhAcc;
    }
}

/// `parent -= child`: the parent's histogram becomes the sibling's.
pub fn subtract(parent: &mut [GhAcc], child: &[GhAcc]) {
    for (p, &c) in parent.iter_mut().zip(child) {
        *p -= c;
    }
}

/// What a classification tree needs of one row: its class, its weight (class weight ×
/// multiplicity) and its multiplicity (times drawn by the bootstrap), side by side so that a
/// node's row costs one cache line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(C)]
pub struct ClassRow {
    /// Class id.
    pub class: u32,
    /// Weight of the row.
    pub weight: f32,
    /// Multiplicity of the row.
    pub count: f32,
}

/// Adds `rows` into a class histogram for the given features (sorted, distinct): per bin,
/// `k` class weights and the row count (`k + 1` values). With several threads the features
/// are cut into consecutive groups, each filling its own part of `hist`: every bin still sums
/// its rows in row order, so the histogram is the same for any thread count.
///
/// `weights_are_counts` says every row's weight equals its count (no class weights): then a
/// large node sums only the weights, and each bin's count is the sum of its class weights
/// afterwards, which is the same number exactly (sums of whole numbers far below 2⁵³).
#[allow(clippy::too_many_arguments)] // the matrix, the node's rows and their labels, each distinct
pub fn build_class(
    hist: &mut [f64],
    x: &BinnedMatrix,
    rows: &[u32],
    info: &[ClassRow],
    k: usize,
    features: &[u32],
    weights_are_counts: bool,
    parallelism: Parallelism,
) {
    let width = k + 1;
    let offsets = x.offsets();
    assert!(features.iter().all(|&f| (f as usize) < x.n_features()));
    assert!(features.windows(2).all(|w| w[0] < w[1]), "features are sorted");
    // Summing the counts afterwards costs `k` additions per bin instead of one per row and
    // feature.
    let bins: usize = features.iter().map(|&f| x.n_bins()[f as usize]).sum();
    let counts_after = weights_are_counts && rows.len() * features.len() > bins * k;
    // Below this many rows a node is not worth a thread.
    const MIN_ROWS: usize = 1 << 13;
    let groups = parallelism.get().min(features.len());
    if groups <= 1 || rows.len() < MIN_ROWS {
        add_class_rows(hist, 0, x, rows, info, k, features, !counts_after);
    } else {
        let per = features.len().div_ceil(groups);
        let mut items = Vec::with_capacity(groups);
        let mut rest = &mut hist[..];
        let mut consumed = 0;
        for group in features.chunks(per) {
            let first = width * offsets[group[0] as usize];
            let last = width * offsets[*group.last().expect("non-empty group") as usize + 1];
            let (_, tail) = std::mem::take(&mut rest).split_at_mut(first - consumed);
            let (mine, tail) = tail.split_at_mut(last - first);
            rest = tail;
            consumed = last;
            items.push((mine, first / width, group));
        }
        parallelism.map(items, |_, (part, base, group)| {
            add_class_rows(part, base, x, rows, info, k, group, !counts_after)
        });
    }
    if counts_after {
        for &f in features {
            let (a, b) = (offsets[f as usize], offsets[f as usize + 1]);
            for bin in hist[width * a..width * b].chunks_exact_mut(width) {
                bin[k] = bin[..k].iter().sum();
            }
        }
    }
}

/// Adds `rows` into `hist`, the part of a class histogram that starts at bin `base`, for
/// `features` (whose bins lie in that part); their counts too when `counts`.
///
/// Without counts (the rows' weights are their counts: [`build_class`]), from
/// [`PAIRED_FROM`] rows on, rows go in pairs as in [`add_gh_range`], the second of each into a
/// second histogram added in at the end: two rows of one class in one bin (frequent deep in a
/// tree, where nodes are nearly pure) then do not wait for each other's addition. The weights
/// are whole numbers, so every sum is exact and the histogram is the same as row by row.
#[allow(clippy::too_many_arguments)] // the node's rows and labels, and where they go
fn add_class_rows(
    hist: &mut [f64],
    base: usize,
    x: &BinnedMatrix,
    rows: &[u32],
    info: &[ClassRow],
    k: usize,
    features: &[u32],
    counts: bool,
) {
    let stride = x.n_features();
    let offsets = x.offsets();
    let width = k + 1;
    let bins = x.bins();
    if let Some(&last) = features.last() {
        assert!(hist.len() >= width * (offsets[last as usize + 1] - base));
        assert!(offsets[features[0] as usize] >= base);
    }
    let look = Lookahead::new(rows, stride);
    let warm = |a: u32| {
        let a = a as usize;
        touch(&bins[a * stride]);
        touch(&bins[a * stride + stride - 1]);
        touch(&info[a]);
    };
    let paired = !counts && rows.len() >= PAIRED_FROM && !features.is_empty();
    let single = if paired {
        let first = offsets[features[0] as usize];
        let end = offsets[*features.last().expect("non-empty") as usize + 1];
        let mut second = vec![0f64; width * (end - first)];
        let odd = look.pairs(rows, warm, |ra, rb| {
            let (ia, ib) = (info[ra], info[rb]);
            let (ca, wa) = ((ia.class as usize).min(k - 1), ia.weight as f64);
            let (cb, wb) = ((ib.class as usize).min(k - 1), ib.weight as f64);
            let row_a = &bins[ra * stride..ra * stride + stride];
            let row_b = &bins[rb * stride..rb * stride + stride];
            for &f in features {
                // SAFETY: as in the loop below; `second` holds the bins from the first
                // feature's to the last one's end, `width` values each, and `c < k`.
                unsafe {
                    let f = f as usize;
                    let off = *offsets.get_unchecked(f);
                    let at_a = width * (off + *row_a.get_unchecked(f) as usize - base);
                    let at_b = width * (off + *row_b.get_unchecked(f) as usize - first);
                    *hist.get_unchecked_mut(at_a + ca) += wa;
                    *second.get_unchecked_mut(at_b + cb) += wb;
                }
            }
        });
        let shift = width * (first - base);
        for &f in features {
            let (a, b) = (width * (offsets[f as usize] - first), width * (offsets[f as usize + 1] - first));
            for (h, s) in hist[shift + a..shift + b].iter_mut().zip(&second[a..b]) {
                *h += s;
            }
        }
        odd
    } else {
        rows
    };
    for (i, &r) in single.iter().enumerate() {
        look.ahead(single, i, warm);
        let r = r as usize;
        let row_info = info[r];
        let (c, wr, mr) =
            ((row_info.class as usize).min(k - 1), row_info.weight as f64, row_info.count as f64);
        let row = &bins[r * stride..r * stride + stride];
        for &f in features {
            // SAFETY: `f < stride` (checked by the caller, so `f` indexes `row` and `offsets`),
            // features are sorted and every listed feature's bins lie between `base` and the
            // last one's end (asserted above), and `c < k`, so `at + k < hist.len()`.
            unsafe {
                let f = f as usize;
                let at = width * (offsets.get_unchecked(f) + *row.get_unchecked(f) as usize - base);
                *hist.get_unchecked_mut(at + c) += wr;
                if counts {
                    *hist.get_unchecked_mut(at + k) += mr;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Rng;

    #[test]
    fn class_counts_summed_afterwards_are_the_counts_summed_row_by_row() {
        let mut rng = Rng::new(3);
        let (rows, n_bins) = (30_000, vec![3, 40, 255, 7]);
        let p = n_bins.len();
        let bins: Vec<u8> = (0..rows * p).map(|i| rng.below(n_bins[i % p] as u64) as u8).collect();
        let x = BinnedMatrix::new(bins, rows, n_bins);
        let k = 4;
        let info: Vec<ClassRow> = (0..rows)
            .map(|_| {
                let m = rng.below(4) as f32;
                ClassRow { class: rng.below(k as u64) as u32, weight: m, count: m }
            })
            .collect();
        let node: Vec<u32> = (0..rows as u32).filter(|r| r % 3 != 1).collect();
        let features = [0, 2, 3];
        for parallelism in [Parallelism::ONE, Parallelism::threads(3)] {
            let mut by_row = vec![0.0; (k + 1) * x.total_bins()];
            build_class(&mut by_row, &x, &node, &info, k, &features, false, parallelism);
            let mut after = vec![0.0; (k + 1) * x.total_bins()];
            build_class(&mut after, &x, &node, &info, k, &features, true, parallelism);
            assert_eq!(by_row, after);
            assert!(by_row.iter().sum::<f64>() > 0.0);
        }
    }
}
