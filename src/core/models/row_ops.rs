//! Adding one row of a linear model's outputs to another: `dst += src` and `dst += s · src`
//! over `k` floats, the innermost step of the forward and backward passes (one row of weights
//! into one row's outputs, one row's output gradient into a weight row).
//!
//! With ten classes a row is two vectors of four and a tail of two. Natively LLVM adds the tail
//! as one half vector; for WebAssembly it adds the two floats one by one (wasm has no 64-bit
//! vector type), two loads, two adds and two stores more per row and column. Here, in wasm,
//! the tail of two goes through one 64-bit load (`v128.load64_zero`), one vector operation and
//! one 64-bit store. Each float gets the same single IEEE operation either way (`s · src`
//! rounded, then the add), so the results are the same bits on every target.
//!
//! [`add_pair_row`] does the same for rows of gradient and hessian pairs, and [`RowSum`] for a
//! loop that adds many rows into one (a column's share of the weight gradient): its sums stay
//! in registers, the tail in the low lanes of a vector.

use super::linear_input::fixed_or;

/// `dst[..k] += src[..k]`; `K` is `k` known at compile time (0 = dynamic, as in
/// `dispatch_k`).
#[inline(always)]
pub fn add_row<const K: usize>(dst: &mut [f32], src: &[f32], k: usize) {
    add_span(dst, src, fixed_or::<K>(k), None, K > 0);
}

/// `dst[..2k] += src[..2k]`: `k` pairs (a gradient and a hessian per output); `K` as in
/// [`add_row`].
#[inline(always)]
pub fn add_pair_row<const K: usize>(dst: &mut [f32], src: &[f32], k: usize) {
    add_span(dst, src, 2 * fixed_or::<K>(k), None, K > 0);
}

/// `dst[..k] += s · src[..k]` (each product rounded, then added); `K` as in [`add_row`].
#[inline(always)]
pub fn add_scaled_row<const K: usize>(dst: &mut [f32], src: &[f32], s: f32, k: usize) {
    add_span(dst, src, fixed_or::<K>(k), Some(s), K > 0);
}

/// `dst[..len] += src[..len]`, each `src` value first multiplied by `scale` when given; through
/// whole vectors and one tail in wasm when `len` is a compile-time constant (`fixed`).
#[inline(always)]
fn add_span(dst: &mut [f32], src: &[f32], len: usize, scale: Option<f32>, fixed: bool) {
    let (dst, src) = (&mut dst[..len], &src[..len]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if fixed {
        // SAFETY: both slices hold `len` floats (sliced above).
        unsafe { wasm::apply(dst.as_mut_ptr(), src.as_ptr(), len, scale) };
        return;
    }
    let _ = fixed; // read by the wasm path only
    for (d, &v) in dst.iter_mut().zip(src) {
        *d += scale.map_or(v, |s| s * v);
    }
}

/// Running sums of rows of `k ≤ 64` floats (`K` as in [`add_row`]), for a loop that adds many
/// rows into one: with `K` known they stay in registers (in wasm as vectors of four, the tail
/// in the low lanes of one more), and each float gets the same operations as a plain loop's.
#[derive(Clone, Copy)]
pub struct RowSum<const K: usize> {
    lanes: [Lanes; 16],
    k: usize,
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Lanes = core::arch::wasm32::v128;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Lanes = [f32; 4];

impl<const K: usize> RowSum<K> {
    /// Sums of width `k` (at most 64), all zero.
    #[inline(always)]
    pub fn new(k: usize) -> RowSum<K> {
        let k = fixed_or::<K>(k);
        assert!(k <= 64, "at most 64 floats per row");
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let zero = core::arch::wasm32::f32x4_splat(0.0);
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let zero = [0.0; 4];
        RowSum { lanes: [zero; 16], k }
    }

    /// Adds `src[..k]`.
    #[inline(always)]
    pub fn add(&mut self, src: &[f32]) {
        self.add_term(src, None);
    }

    /// Adds `s · src[..k]` (each product rounded, then added).
    #[inline(always)]
    pub fn add_scaled(&mut self, src: &[f32], s: f32) {
        self.add_term(src, Some(s));
    }

    #[inline(always)]
    fn add_term(&mut self, src: &[f32], scale: Option<f32>) {
        let k = fixed_or::<K>(self.k);
        let src = &src[..k];
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if K > 0 {
            // SAFETY: `src` holds `K` floats (sliced above).
            unsafe { wasm::accumulate::<K>(&mut self.lanes, src.as_ptr(), scale) };
            return;
        }
        for (t, &v) in self.floats()[..k].iter_mut().zip(src) {
            *t += scale.map_or(v, |s| s * v);
        }
    }

    /// Adds the sums to `dst[..k]`.
    #[inline(always)]
    pub fn add_to(&self, dst: &mut [f32]) {
        add_row::<0>(dst, self.floats_ref(), fixed_or::<K>(self.k));
    }

    /// The sums as floats (the first `k` count).
    #[inline(always)]
    fn floats_ref(&self) -> &[f32] {
        // SAFETY: `Lanes` is 16 bytes of four `f32`s with no padding or invalid bit patterns,
        // so the array is 64 floats.
        unsafe { std::slice::from_raw_parts(self.lanes.as_ptr() as *const f32, 64) }
    }

    /// The sums as floats, to change (the first `k` count).
    #[inline(always)]
    fn floats(&mut self) -> &mut [f32] {
        // SAFETY: as in `floats_ref`.
        unsafe { std::slice::from_raw_parts_mut(self.lanes.as_mut_ptr() as *mut f32, 64) }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use core::arch::wasm32::*;

    /// `dst[..len] += src[..len]`, each `src` value first multiplied by `scale` when given:
    /// fours, then a pair, then a single float. `len` is a constant once inlined, so the loop
    /// unrolls into whole vectors and one tail.
    ///
    /// # Safety
    /// `dst` and `src` must each point to `len` valid floats (any alignment), not overlapping.
    #[inline(always)]
    pub unsafe fn apply(dst: *mut f32, src: *const f32, len: usize, scale: Option<f32>) {
        let term = |v| term(v, scale);
        let mut i = 0;
        while i + 4 <= len {
            // SAFETY: `i + 4 <= len`; wasm loads and stores need no alignment.
            unsafe {
                let (d, s) = (dst.add(i) as *mut v128, src.add(i) as *const v128);
                v128_store(d, f32x4_add(v128_load(d), term(v128_load(s))));
            }
            i += 4;
        }
        if i + 2 <= len {
            // SAFETY: `i + 2 <= len`: the 64-bit load and store touch floats `i` and `i + 1`.
            unsafe {
                let (d, s) = (dst.add(i) as *mut u64, src.add(i) as *const u64);
                let sum = f32x4_add(v128_load64_zero(d), term(v128_load64_zero(s)));
                v128_store64_lane::<0>(sum, d);
            }
            i += 2;
        }
        if i < len {
            // SAFETY: `i < len`.
            unsafe {
                let v = *src.add(i);
                *dst.add(i) += scale.map_or(v, |s| s * v);
            }
        }
    }

    /// `v`, times `scale` when given: the term a row adds.
    #[inline(always)]
    fn term(v: v128, scale: Option<f32>) -> v128 {
        match scale {
            Some(s) => f32x4_mul(v, f32x4_splat(s)),
            None => v,
        }
    }

    /// Floats `i..K` of `src` (one to three) in the low lanes of a vector, zeros above.
    ///
    /// # Safety
    /// `src` must point to `K` valid floats, and `K - 4 < i < K`.
    #[inline(always)]
    unsafe fn tail<const K: usize>(src: *const f32, i: usize) -> v128 {
        // SAFETY: each load reads floats below `K` only.
        unsafe {
            match K - i {
                1 => v128_load32_zero(src.add(i) as *const u32),
                2 => v128_load64_zero(src.add(i) as *const u64),
                _ => f32x4_replace_lane::<2>(v128_load64_zero(src.add(i) as *const u64), *src.add(i + 2)),
            }
        }
    }

    /// `lanes += src[..K]` (times `scale` when given), four floats per vector, the last vector
    /// holding the tail in its low lanes (its other lanes add zeros, never read).
    ///
    /// # Safety
    /// `src` must point to `K ≤ 64` valid floats (any alignment).
    #[inline(always)]
    pub unsafe fn accumulate<const K: usize>(lanes: &mut [v128; 16], src: *const f32, scale: Option<f32>) {
        let term = |v| term(v, scale);
        let mut i = 0;
        while i + 4 <= K {
            // SAFETY: `i + 4 <= K`.
            lanes[i / 4] = f32x4_add(lanes[i / 4], term(unsafe { v128_load(src.add(i) as *const v128) }));
            i += 4;
        }
        if i < K {
            // SAFETY: floats `i..K` are valid.
            lanes[i / 4] = f32x4_add(lanes[i / 4], term(unsafe { tail::<K>(src, i) }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_adds_each_float_once() {
        for k in 1..=13usize {
            let src: Vec<f32> = (0..k).map(|i| i as f32 * 0.37 - 1.1).collect();
            let start: Vec<f32> = (0..k + 2).map(|i| 10.0 + i as f32).collect();
            let (mut plain, mut scaled) = (start.clone(), start.clone());
            add_row::<0>(&mut plain, &src, k);
            add_scaled_row::<0>(&mut scaled, &src, 0.3, k);
            for i in 0..k {
                assert_eq!(plain[i], start[i] + src[i]);
                assert_eq!(scaled[i], start[i] + 0.3 * src[i]);
            }
            assert_eq!(plain[k..], start[k..], "nothing past k");
            assert_eq!(scaled[k..], start[k..], "nothing past k");
        }
    }

    #[test]
    fn fixed_widths_match_the_dynamic_one() {
        fn check<const K: usize>() {
            let src: Vec<f32> = (0..K).map(|i| (i as f32).sin()).collect();
            let start: Vec<f32> = (0..K + 1).map(|i| (i as f32).cos() * 3.0).collect();
            let (mut a, mut b) = (start.clone(), start.clone());
            add_scaled_row::<K>(&mut a, &src, -0.7, K);
            add_scaled_row::<0>(&mut b, &src, -0.7, K);
            assert_eq!(a, b);
            add_row::<K>(&mut a, &src, K);
            add_row::<0>(&mut b, &src, K);
            assert_eq!(a, b);
            let pairs: Vec<f32> = (0..2 * K).map(|i| (i as f32).sqrt()).collect();
            let (mut c, mut d) = (vec![1f32; 2 * K + 1], vec![1f32; 2 * K + 1]);
            add_pair_row::<K>(&mut c, &pairs, K);
            add_pair_row::<0>(&mut d, &pairs, K);
            assert_eq!(c, d);
            assert!(c[..2 * K].iter().zip(&pairs).all(|(&x, &p)| x == 1.0 + p) && c[2 * K] == 1.0);
            // Running sums: the same additions as a plain loop, in the same order.
            let (mut sums, mut plain) = (RowSum::<K>::new(K), vec![0f32; K]);
            for (i, s) in [0.5f32, -1.25, 3.0].into_iter().enumerate() {
                let row: Vec<f32> = (0..K).map(|j| ((i * 7 + j) as f32).sin()).collect();
                sums.add_scaled(&row, s);
                sums.add(&row);
                for (t, &v) in plain.iter_mut().zip(&row) {
                    *t += s * v;
                    *t += v;
                }
            }
            let mut out = start.clone();
            sums.add_to(&mut out);
            for j in 0..K {
                assert_eq!(out[j], start[j] + plain[j]);
            }
            assert_eq!(out[K], start[K], "nothing past k");
        }
        check::<1>();
        check::<2>();
        check::<3>();
        check::<4>();
        check::<6>();
        check::<10>();
        check::<11>();
    }
}
