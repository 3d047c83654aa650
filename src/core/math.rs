//! Elementary functions that give the same bits natively and in WebAssembly.
//!
//! `f64::exp`, `ln` and friends call the platform's maths library: glibc natively, a port of
//! musl's libm in wasm32. The two can differ in the last bit, and a model's training magnifies
//! such differences (a near-tie between two splits goes the other way), so the browser and the
//! command line would train different models from the same inputs. Everything that decides a
//! model (losses, split criteria, priors, sampling) uses these instead: the `libm` crate is
//! pure Rust, so both targets run the same code.

/// Deterministic `exp`, `ln` and `ln_1p`, as methods so call sites keep their shape.
pub trait DetMath: Copy {
    /// `e^self`.
    fn det_exp(self) -> Self;
    /// Natural logarithm.
    fn det_ln(self) -> Self;
    /// `ln(1 + self)`, accurate near zero.
    fn det_ln_1p(self) -> Self;
}

impl DetMath for f64 {
    #[inline]
    fn det_exp(self) -> f64 {
        libm::exp(self)
    }
    #[inline]
    fn det_ln(self) -> f64 {
        libm::log(self)
    }
    #[inline]
    fn det_ln_1p(self) -> f64 {
        libm::log1p(self)
    }
}

impl DetMath for f32 {
    #[inline]
    fn det_exp(self) -> f32 {
        libm::expf(self)
    }
    #[inline]
    fn det_ln(self) -> f32 {
        libm::logf(self)
    }
    #[inline]
    fn det_ln_1p(self) -> f32 {
        libm::log1pf(self)
    }
}

#[cfg(test)]
mod tests {
    use super::DetMath;

    #[test]
    fn agrees_with_std_to_an_ulp() {
        for i in -200..200 {
            let x = i as f64 * 0.173;
            assert!((x.det_exp() / x.exp() - 1.0).abs() < 1e-15);
            let y = (i as f64).abs() * 0.37 + 1e-3;
            assert!((y.det_ln() - y.ln()).abs() <= 1e-15 * y.ln().abs().max(1.0));
            assert!(((x as f32).det_exp() / (x as f32).exp() - 1.0).abs() < 1e-6);
        }
        assert!((1e-12f64.det_ln_1p() - 1e-12).abs() < 1e-24);
    }
}
