//! Summary statistics from counting arrays and sorted values.
//!
//! Most columns of the export hold small dense integers (dates, times, codes, ages), so their
//! statistics come from one counting pass: quantiles, distinct values and top values all read
//! the [`DenseCounts`] array. Wide columns (`DR_NO`, `LAT`, `LON`) are sorted once instead.
//!
//! Quantiles use the nearest-rank definition: the `q` quantile of `n` values is the smallest
//! value `v` such that at least `⌈q·n⌉` values are `≤ v` (the median of an even count is the
//! lower middle value).

use serde::{Deserialize, Serialize};

/// Location, spread and shape of a numeric column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericSummary {
    /// Values summarised (non-missing).
    pub count: u64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Population standard deviation.
    pub std: f64,
    /// Sample skewness (Fisher–Pearson, `m3 / m2^1.5`); 0 for a constant column.
    pub skewness: f64,
    /// 5th percentile.
    pub p05: f64,
    /// First quartile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// The quantile levels reported, in [`NumericSummary`] order.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// 1-based nearest rank of quantile `q` among `n` values (`n > 0`).
#[inline]
pub fn rank(q: f64, n: u64) -> u64 {
    ((q * n as f64).ceil() as u64).clamp(1, n)
}

/// Counts of integer values `min..min + counts.len()`.
#[derive(Debug, Clone)]
pub struct DenseCounts {
    /// Value of `counts[0]`.
    pub min: i64,
    /// One count per value.
    pub counts: Vec<u32>,
    /// Sum of the counts.
    pub total: u64,
}

impl DenseCounts {
    /// Counts `values` (already without missing ones) known to lie in `min..=max`.
    pub fn count(values: impl Iterator<Item = i64>, min: i64, max: i64) -> DenseCounts {
        let mut counts = vec![0u32; (max - min + 1).max(0) as usize];
        let mut total = 0;
        for v in values {
            counts[(v - min) as usize] += 1;
            total += 1;
        }
        DenseCounts { min, counts, total }
    }

    /// Number of distinct values.
    pub fn distinct(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// The values at the given quantile levels (ascending levels), in one cumulative pass.
    pub fn quantiles(&self, levels: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(levels.len());
        if self.total == 0 {
            return vec![f64::NAN; levels.len()];
        }
        let mut cum = 0u64;
        let mut next = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            cum += c as u64;
            while next < levels.len() && cum >= rank(levels[next], self.total) {
                out.push((self.min + i as i64) as f64);
                next += 1;
            }
            if next == levels.len() {
                break;
            }
        }
        out
    }

    /// Full summary (`None` when empty).
    pub fn summary(&self) -> Option<NumericSummary> {
        if self.total == 0 {
            return None;
        }
        let first = self.counts.iter().position(|&c| c > 0)?;
        let last = self.counts.iter().rposition(|&c| c > 0)?;
        let n = self.total as f64;
        let mut sum = 0.0;
        for (i, &c) in self.counts.iter().enumerate().filter(|(_, &c)| c > 0) {
            sum += c as f64 * (self.min + i as i64) as f64;
        }
        let mean = sum / n;
        let (mut m2, mut m3) = (0.0, 0.0);
        for (i, &c) in self.counts.iter().enumerate().filter(|(_, &c)| c > 0) {
            let d = (self.min + i as i64) as f64 - mean;
            m2 += c as f64 * d * d;
            m3 += c as f64 * d * d * d;
        }
        let q = self.quantiles(&QUANTILES);
        Some(finish(
            self.total,
            (self.min + first as i64) as f64,
            (self.min + last as i64) as f64,
            mean,
            m2 / n,
            m3 / n,
            &q,
        ))
    }

    /// Counts in `bins` equal-width bins from the smallest to the largest present value.
    pub fn histogram(&self, bins: usize) -> (Vec<u64>, f64, f64) {
        let first = self.counts.iter().position(|&c| c > 0);
        let last = self.counts.iter().rposition(|&c| c > 0);
        let (Some(first), Some(last)) = (first, last) else {
            return (Vec::new(), 0.0, 0.0);
        };
        let lo = (self.min + first as i64) as f64;
        let hi = (self.min + last as i64) as f64;
        let mut hist = vec![0u64; bins];
        for (i, &c) in self.counts[first..=last].iter().enumerate() {
            if c > 0 {
                hist[bin_of(lo + i as f64, lo, hi, bins)] += c as u64;
            }
        }
        (hist, lo, hi)
    }
}

/// Summary of values sorted ascending (`None` when empty).
pub fn sorted_summary(sorted: &[f64]) -> Option<NumericSummary> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let mean = sorted.iter().sum::<f64>() / n as f64;
    let (mut m2, mut m3) = (0.0, 0.0);
    for &v in sorted {
        let d = v - mean;
        m2 += d * d;
        m3 += d * d * d;
    }
    let q: Vec<f64> = QUANTILES.iter().map(|&l| sorted[rank(l, n as u64) as usize - 1]).collect();
    Some(finish(n as u64, sorted[0], sorted[n - 1], mean, m2 / n as f64, m3 / n as f64, &q))
}

/// Counts of sorted values in `bins` equal-width bins between the extremes.
pub fn sorted_histogram(sorted: &[f64], bins: usize) -> (Vec<u64>, f64, f64) {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return (Vec::new(), 0.0, 0.0);
    };
    let mut hist = vec![0u64; bins];
    for &v in sorted {
        hist[bin_of(v, lo, hi, bins)] += 1;
    }
    (hist, lo, hi)
}

/// Runs of equal values in a sorted slice: `(value, count)` in ascending value order.
pub fn runs(sorted: &[f64]) -> Vec<(f64, u32)> {
    let mut out: Vec<(f64, u32)> = Vec::new();
    for &v in sorted {
        match out.last_mut() {
            Some((last, c)) if *last == v => *c += 1,
            _ => out.push((v, 1)),
        }
    }
    out
}

#[inline]
fn bin_of(v: f64, lo: f64, hi: f64, bins: usize) -> usize {
    if hi <= lo {
        return 0;
    }
    (((v - lo) / (hi - lo) * bins as f64) as usize).min(bins - 1)
}

fn finish(count: u64, min: f64, max: f64, mean: f64, m2: f64, m3: f64, q: &[f64]) -> NumericSummary {
    let skewness = if m2 > 0.0 { m3 / m2.powf(1.5) } else { 0.0 };
    NumericSummary {
        count,
        min,
        max,
        mean,
        std: m2.sqrt(),
        skewness,
        p05: q[0],
        p25: q[1],
        median: q[2],
        p75: q[3],
        p95: q[4],
    }
}

/// Sorts floats ascending (no NaN expected) with an LSD radix sort on order-preserving
/// 64-bit keys: 16-bit digits, passes over digits that every key shares are skipped (so
/// integers in floats and narrow ranges such as latitudes take two or three passes).
pub fn sort_f64(values: &mut [f64]) {
    let mut keys: Vec<u64> = values.iter().map(|v| order_key(*v)).collect();
    radix_sort(&mut keys, 4);
    for (v, k) in values.iter_mut().zip(&keys) {
        *v = from_order_key(*k);
    }
}

#[inline]
fn order_key(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

#[inline]
fn from_order_key(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// Sorts integers ascending (radix sort on 32-bit keys: two passes at most).
pub fn sort_i32(values: &mut [i32]) {
    let mut keys: Vec<u64> = values.iter().map(|&v| (v as u32 ^ 0x8000_0000) as u64).collect();
    radix_sort(&mut keys, 2);
    for (v, k) in values.iter_mut().zip(&keys) {
        *v = (*k as u32 ^ 0x8000_0000) as i32;
    }
}

/// LSD radix sort of the low `DIGITS` 16-bit digits of the keys.
fn radix_sort(keys: &mut Vec<u64>, digits: usize) {
    const BUCKETS: usize = 1 << 16;
    let n = keys.len();
    if n < 2 {
        return;
    }
    let mut hist = vec![0u32; digits * BUCKETS];
    for &k in keys.iter() {
        for d in 0..digits {
            hist[d * BUCKETS + ((k >> (16 * d)) & 0xFFFF) as usize] += 1;
        }
    }
    let mut buf = vec![0u64; n];
    for d in 0..digits {
        let h = &mut hist[d * BUCKETS..(d + 1) * BUCKETS];
        if h.iter().any(|&c| c as usize == n) {
            continue; // every key has the same digit here
        }
        let mut sum = 0u32;
        for c in h.iter_mut() {
            let t = *c;
            *c = sum;
            sum += t;
        }
        for &k in keys.iter() {
            let b = ((k >> (16 * d)) & 0xFFFF) as usize;
            buf[h[b] as usize] = k;
            h[b] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

/// Indices of the `k` largest counts, largest first (ties: lower index first); zero counts
/// are left out.
pub fn top_k<C: Copy + Into<u64>>(counts: &[C], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..counts.len()).filter(|&i| counts[i].into() > 0).collect();
    let key = |i: &usize| (std::cmp::Reverse(counts[*i].into()), *i);
    if idx.len() > k && k > 0 {
        idx.select_nth_unstable_by_key(k - 1, key);
        idx.truncate(k);
    }
    idx.sort_unstable_by_key(key);
    idx.truncate(k);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_quantiles_use_nearest_rank() {
        let d = DenseCounts::count([1i64, 2, 3, 4].into_iter(), 1, 4);
        assert_eq!(d.quantiles(&[0.25, 0.5, 0.75, 1.0]), vec![1.0, 2.0, 3.0, 4.0]);
        let s = d.summary().unwrap();
        assert_eq!(s.mean, 2.5);
        assert_eq!(s.median, 2.0);
        assert_eq!(s.skewness, 0.0);
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(sorted_summary(&sorted).unwrap(), s);
    }

    #[test]
    fn radix_sort_matches_std() {
        let mut rng = crate::core::rng::Rng::new(7);
        let mut v: Vec<f64> = (0..5000)
            .map(|i| match i % 4 {
                0 => rng.normal() * 1e6,
                1 => -118.0 - rng.f64(),
                2 => (rng.below(1000) as f64) - 500.0,
                _ => 0.0,
            })
            .collect();
        v.push(-0.0);
        let mut want = v.clone();
        want.sort_by(f64::total_cmp);
        sort_f64(&mut v);
        assert_eq!(v, want);
        let mut w: Vec<i32> = (0..5000).map(|_| rng.below(1 << 32) as u32 as i32).collect();
        w.push(i32::MIN + 1);
        let mut want = w.clone();
        want.sort();
        sort_i32(&mut w);
        assert_eq!(w, want);
    }

    #[test]
    fn top_k_orders_by_count_then_index() {
        assert_eq!(top_k(&[3u32, 0, 5, 3, 1], 3), vec![2, 0, 3]);
        assert_eq!(top_k(&[0u32, 0], 3), Vec::<usize>::new());
    }

    #[test]
    fn histogram_puts_max_in_last_bin() {
        let d = DenseCounts::count([0i64, 5, 10].into_iter(), 0, 10);
        assert_eq!(d.histogram(2).0, vec![1, 2]);
    }
}
