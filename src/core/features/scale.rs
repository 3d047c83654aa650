//! Scaling of numeric features, fitted on the training rows only.
//!
//! A fitted scaler is an [`Affine`] map `x ↦ (x − shift) × factor`: standard scaling uses
//! the training mean and standard deviation, min-max scaling the training minimum and range.
//! Missing values (`NaN`) stay missing and are ignored when fitting.

use serde::{Deserialize, Serialize};

/// How numeric features are scaled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    /// Values as they are.
    None,
    /// Zero mean, unit variance on the training rows.
    #[default]
    Standard,
    /// Training minimum → 0, maximum → 1.
    MinMax,
}

impl crate::core::listed::Listed for Scaling {
    const SETTING: &'static str = "scaling";
    const VALUES: &'static [(Scaling, &'static str, &'static str)] = &[
        (Scaling::Standard, "standard", "standard"),
        (Scaling::MinMax, "min_max", "min–max"),
        (Scaling::None, "none", "none"),
    ];
}

/// A fitted scaling `x ↦ (x − shift) × factor`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affine {
    /// Subtracted first (training mean or minimum).
    pub shift: f64,
    /// Then multiplied by (1 / standard deviation, or 1 / range).
    pub factor: f64,
}

impl Affine {
    /// Fits a scaling on training values; `None` for [`Scaling::None`].
    pub fn fit(scaling: Scaling, values: &[f32]) -> Option<Affine> {
        let (mut n, mut sum, mut sq, mut lo, mut hi) = (0u64, 0f64, 0f64, f64::MAX, f64::MIN);
        for &v in values {
            if v.is_nan() {
                continue;
            }
            let v = v as f64;
            n += 1;
            sum += v;
            sq += v * v;
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if n == 0 {
            return match scaling {
                Scaling::None => None,
                _ => Some(Affine { shift: 0.0, factor: 1.0 }),
            };
        }
        let inverse = |d: f64| if d > 1e-12 { 1.0 / d } else { 1.0 };
        match scaling {
            Scaling::None => None,
            Scaling::Standard => {
                let mean = sum / n as f64;
                let var = (sq / n as f64 - mean * mean).max(0.0);
                Some(Affine { shift: mean, factor: inverse(var.sqrt()) })
            }
            Scaling::MinMax => Some(Affine { shift: lo, factor: inverse(hi - lo) }),
        }
    }

    /// Applies the scaling in place.
    pub fn apply(&self, values: &mut [f32]) {
        let (shift, factor) = (self.shift as f32, self.factor as f32);
        for v in values {
            *v = (*v - shift) * factor;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_standard_and_minmax() {
        let v = [1.0, 2.0, 3.0, f32::NAN];
        let s = Affine::fit(Scaling::Standard, &v).unwrap();
        assert!((s.shift - 2.0).abs() < 1e-12);
        assert!((s.factor - 1.0 / (2.0f64 / 3.0).sqrt()).abs() < 1e-9);
        let m = Affine::fit(Scaling::MinMax, &v).unwrap();
        let mut w = v;
        m.apply(&mut w);
        assert_eq!(&w[..3], &[0.0, 0.5, 1.0]);
        assert!(w[3].is_nan());
        assert_eq!(Affine::fit(Scaling::None, &v), None);
    }
}
