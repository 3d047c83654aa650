//! A fast `f32` exponential and logarithm for the softmax and loss loops of the models.
//!
//! `exp(x) = 2^k · e^r` with `k = round(x / ln 2)` and `|r| ≤ ln 2 / 2`, `e^r` by its degree-6
//! Taylor polynomial: relative error below 2e-7 (about one `f32` ulp), no table, no branch,
//! so loops over it vectorise. Inputs are clamped to `[-87, 88]` (no infinities or
//! denormals); softmax code subtracts the row maximum first, so only the lower clamp matters.

/// `e^x` for `f32`, accurate to about one ulp over `[-87, 88]`.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    const ROUND: f32 = 12_582_912.0; // 1.5 · 2^23: adding it rounds to an integer.
    let x = x.clamp(-87.0, 88.0);
    let shifted = x * LOG2E + ROUND;
    let k = shifted - ROUND;
    let r = x - k * LN2_HI - k * LN2_LO;
    let p = 1.0
        + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // `shifted`'s low mantissa bits hold k (two's complement around ROUND's bits): integer
    // arithmetic gives the bits of 2^k without a float-to-int conversion, so loops vectorise.
    let bits = shifted.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(127) << 23;
    f32::from_bits(bits) * p
}

/// `ln x` for a positive, finite, normal `f32` (callers clamp probabilities away from 0),
/// accurate to about one ulp.
///
/// `x = 2^e · m` with `m` in `[√½, √2)`; `ln m = 2 atanh(s)` with `s = (m − 1) / (m + 1)`,
/// `|s| ≤ 0.172`, by its odd series to `s⁹` (truncation below 1e-9). Only IEEE arithmetic and
/// bit operations, no table, no branch: the same bits on every target, and loops over it
/// vectorise (the platform's `logf` is a call per value).
#[inline(always)]
pub fn ln(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Bits of √½: mantissas from there up are in [√½, 1) once the exponent is raised by one.
    const SQRT_HALF_BITS: u32 = 0x3f35_04f3;
    let bits = x.to_bits();
    // Shift so that the exponent field is that of `m` in [√½, √2): subtracting √½'s bits
    // moves the exponent boundary to √½.
    let shifted = bits.wrapping_sub(SQRT_HALF_BITS);
    let e = (shifted as i32 >> 23) as f32;
    let m = f32::from_bits((shifted & 0x007f_ffff).wrapping_add(SQRT_HALF_BITS));
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    let series = 1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0))));
    e * LN2_HI + (2.0 * s * series + e * LN2_LO)
}

/// Sum of `v` in a fixed order that vectorises: four running lanes, then `(l0 + l1) + (l2 + l3)`.
#[inline(always)]
pub fn lane_sum(v: &[f32]) -> f32 {
    let mut acc = [0f32; 4];
    let mut chunks = v.chunks_exact(4);
    for c in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    for (a, &x) in acc.iter_mut().zip(chunks.remainder()) {
        *a += x;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Largest value of `v` (ignoring NaN), in four lanes like [`lane_sum`]; `-inf` when empty.
#[inline(always)]
pub fn lane_max(v: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; 4];
    let mut chunks = v.chunks_exact(4);
    for c in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a = if x > *a { x } else { *a };
        }
    }
    for (a, &x) in acc.iter_mut().zip(chunks.remainder()) {
        *a = if x > *a { x } else { *a };
    }
    let m01 = if acc[1] > acc[0] { acc[1] } else { acc[0] };
    let m23 = if acc[3] > acc[2] { acc[3] } else { acc[2] };
    if m23 > m01 {
        m23
    } else {
        m01
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_std_exp() {
        let mut x = -87.0f32;
        while x < 88.0 {
            let (a, b) = (super::exp(x), x.exp());
            assert!(((a - b) / b).abs() < 3e-7, "{x}: {a} vs {b}");
            x += 0.0137;
        }
    }

    #[test]
    fn matches_std_ln() {
        let mut x = 1.0e-30f32;
        while x < 1.0e30 {
            // Around the ends of the mantissa's range [√½, √2): the bits of √½, one below.
            let below_sqrt_half = f32::from_bits(std::f32::consts::FRAC_1_SQRT_2.to_bits() - 1);
            for y in [
                x,
                x * 1.000_123,
                x * std::f32::consts::FRAC_1_SQRT_2,
                x * below_sqrt_half,
                x * std::f32::consts::SQRT_2,
            ] {
                let (a, b) = (super::ln(y) as f64, (y as f64).ln());
                assert!((a - b).abs() <= 2.5e-7 * b.abs().max(1.0), "{y}: {a} vs {b}");
            }
            x *= 1.37;
        }
        assert_eq!(super::ln(1.0), 0.0);
        for y in [1e-15f32, 0.1, 0.5, 0.999_999_9, 1.000_000_1, 2.0, 10.0] {
            let (a, b) = (super::ln(y) as f64, (y as f64).ln());
            assert!((a - b).abs() <= 2.5e-7 * b.abs().max(1e-7), "{y}: {a} vs {b}");
        }
    }

    #[test]
    fn lanes_sum_and_max() {
        let v: Vec<f32> = (0..11).map(|i| (i as f32 * 1.7).sin()).collect();
        let plain: f32 = v.iter().sum();
        assert!((super::lane_sum(&v) - plain).abs() < 1e-6);
        assert_eq!(super::lane_max(&v), v.iter().copied().fold(f32::NEG_INFINITY, f32::max));
        assert_eq!(super::lane_max(&[]), f32::NEG_INFINITY);
        assert_eq!(super::lane_sum(&[2.0]), 2.0);
    }
}
