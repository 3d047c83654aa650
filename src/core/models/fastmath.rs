//! A fast `f32` exponential for the softmax loops of the models.
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
    let k = (x * LOG2E + ROUND) - ROUND;
    let r = x - k * LN2_HI - k * LN2_LO;
    let p = 1.0
        + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    let bits = ((k as i32 + 127) as u32) << 23;
    f32::from_bits(bits) * p
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
}
