//! A small, seeded, portable random number generator.
//!
//! Every random choice in Crime Lab (splits, sampling, bootstraps, initial weights) draws from
//! [`Rng`] with an explicit seed, so a run gives the same result natively and in the browser.
//! The generator is xoshiro256** seeded through SplitMix64: fast, well tested, and with no
//! dependency on the platform's entropy source.

use crate::core::math::DetMath;
use serde::{Deserialize, Serialize};

/// A seeded xoshiro256** generator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// A generator for a sub-task (tree `i`, fold `k`) derived from this seed and `stream`.
    pub fn fork(&self, stream: u64) -> Rng {
        Rng::new(self.s[0] ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform float in `[0, 1)`.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform float in `[0, 1)`.
    pub fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Lemire's multiply-shift with rejection: a draw is kept when the low half of the
        // product is at least `2^64 mod n`. That bound is below `n`, so the division that
        // computes it is only needed when the low half is below `n` (rarely, for small `n`).
        let mut m = (self.next_u64() as u128) * (n as u128);
        if (m as u64) < n {
            let bound = n.wrapping_neg() % n;
            while (m as u64) < bound {
                m = (self.next_u64() as u128) * (n as u128);
            }
        }
        (m >> 64) as u64
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.f64().max(f64::MIN_POSITIVE);
        let u2 = self.f64();
        (-2.0 * u1.det_ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// `k` distinct indices from `0..n`, in random order (`k <= n`).
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Vec<u32> {
        let k = k.min(n);
        if k * 4 >= n {
            let mut all: Vec<u32> = (0..n as u32).collect();
            for i in 0..k {
                let j = i + self.below((n - i) as u64) as usize;
                all.swap(i, j);
            }
            all.truncate(k);
            all
        } else {
            let mut seen = rustc_hash::FxHashSet::default();
            let mut out = Vec::with_capacity(k);
            while out.len() < k {
                let x = self.below(n as u64) as u32;
                if seen.insert(x) {
                    out.push(x);
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic_and_uniformish() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[a.below(10) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (9_000..11_000).contains(&c)), "{counts:?}");
        let mean: f64 = (0..100_000).map(|_| a.normal()).sum::<f64>() / 1e5;
        assert!(mean.abs() < 0.02);
    }

    #[test]
    fn below_draws_what_plain_rejection_sampling_draws() {
        // The textbook form: the bound computed for every draw. Large `n` reject often.
        fn plain(r: &mut Rng, n: u64) -> u64 {
            loop {
                let m = (r.next_u64() as u128) * (n as u128);
                if m as u64 >= n.wrapping_neg() % n {
                    return (m >> 64) as u64;
                }
            }
        }
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for n in [1, 2, 3, 10, 804_000, 1 << 40, (1 << 63) + 1, u64::MAX - 2, u64::MAX] {
            for _ in 0..2_000 {
                assert_eq!(a.below(n), plain(&mut b, n), "n = {n}");
            }
        }
        assert_eq!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn samples_distinct_indices() {
        let mut r = Rng::new(1);
        for (n, k) in [(10, 10), (1000, 10), (1000, 900)] {
            let mut s = r.sample_indices(n, k);
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), k);
        }
    }
}
