//! A limited-memory BFGS minimiser for smooth convex objectives (logistic regression).
//!
//! [`minimize`] keeps the last `memory` steps and gradient changes, builds the quasi-Newton
//! direction with the two-loop recursion, and takes a backtracking (Armijo) step along it,
//! starting from the unit step. A pair whose curvature `sᵀy` is not positive is skipped, so the
//! implicit Hessian stays positive definite. It stops when the largest gradient component is
//! at most `tol` (the criterion of SciPy's L-BFGS-B `gtol`, which scikit-learn uses), when the
//! objective stops decreasing, after `max_iter` iterations, or when the callback says stop.

use crate::core::error::{Error, ErrorKind, Result};

/// Settings of the minimiser.
#[derive(Debug, Clone, Copy)]
pub struct LbfgsSettings {
    /// Stop when `max |gradient| <= tol`.
    pub tol: f64,
    /// Most iterations.
    pub max_iter: usize,
    /// Number of correction pairs kept.
    pub memory: usize,
}

/// Outcome of a minimisation.
#[derive(Debug, Clone, Copy)]
pub struct LbfgsOutcome {
    /// Iterations done.
    pub iterations: usize,
    /// Final objective value.
    pub value: f64,
    /// Final largest absolute gradient component.
    pub grad_max: f64,
    /// Whether the gradient tolerance was reached.
    pub converged: bool,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// Minimises `f` from `x` (updated in place). `f(x, grad)` returns the objective and writes the
/// gradient; `on_iter(iteration, value, grad_max)` is called after each iteration and returns
/// `false` to cancel (then the result is [`ErrorKind::Cancelled`]).
pub fn minimize(
    x: &mut [f64],
    settings: LbfgsSettings,
    f: impl FnMut(&[f64], &mut [f64]) -> f64,
    on_iter: impl FnMut(usize, f64, f64) -> bool,
) -> Result<LbfgsOutcome> {
    let ones = vec![1.0; x.len()];
    minimize_scaled(x, settings, &ones, f, on_iter)
}

/// [`minimize`] with a diagonal preconditioner: the quasi-Newton model works on the scaled
/// variables `u = x · scale` (so `scale_j` should be about the square root of the curvature
/// along `x_j`), while the stopping test still uses the unscaled gradient. With one-hot inputs
/// the curvature along a level's weight is proportional to the level's frequency, and this
/// scaling removes most of the ill-conditioning that rare levels cause.
pub fn minimize_scaled(
    x: &mut [f64],
    settings: LbfgsSettings,
    scale: &[f64],
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut on_iter: impl FnMut(usize, f64, f64) -> bool,
) -> Result<LbfgsOutcome> {
    let n = x.len();
    assert_eq!(scale.len(), n);
    let m = settings.memory.max(1);
    let mut g = vec![0.0; n];
    let mut value = f(x, &mut g);
    if !value.is_finite() {
        return Err(Error::internal("the training objective is not finite at the start"));
    }
    let mut s_hist: Vec<Vec<f64>> = Vec::with_capacity(m);
    let mut y_hist: Vec<Vec<f64>> = Vec::with_capacity(m);
    let mut rho: Vec<f64> = Vec::with_capacity(m);
    let mut alpha = vec![0.0; m];
    let mut d = vec![0.0; n];
    let mut gu = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut iterations = 0;
    let mut grad_max = max_abs(&g);
    while grad_max > settings.tol && iterations < settings.max_iter {
        // Two-loop recursion in scaled variables: d_u = -H g_u, then d_x = d_u / scale.
        for ((u, gj), sj) in gu.iter_mut().zip(&g).zip(scale) {
            *u = gj / sj;
        }
        d.copy_from_slice(&gu);
        let h = s_hist.len();
        for i in (0..h).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], &d);
            for (dj, yj) in d.iter_mut().zip(&y_hist[i]) {
                *dj -= alpha[i] * yj;
            }
        }
        let gamma = if h > 0 {
            dot(&s_hist[h - 1], &y_hist[h - 1]) / dot(&y_hist[h - 1], &y_hist[h - 1])
        } else {
            1.0 / dot(&gu, &gu).sqrt().max(1e-12)
        };
        for dj in d.iter_mut() {
            *dj *= gamma;
        }
        for i in 0..h {
            let beta = rho[i] * dot(&y_hist[i], &d);
            for (dj, sj) in d.iter_mut().zip(&s_hist[i]) {
                *dj += (alpha[i] - beta) * sj;
            }
        }
        for (dj, sj) in d.iter_mut().zip(scale) {
            *dj = -*dj / sj;
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction (numerical trouble): restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            let norm = 1.0 / dot(&gu, &gu).sqrt().max(1e-12);
            for ((dj, uj), sj) in d.iter_mut().zip(&gu).zip(scale) {
                *dj = -uj * norm / sj;
            }
            slope = dot(&g, &d);
        }
        // Backtracking line search (Armijo).
        let mut step = 1.0;
        let mut new_value;
        let mut tries = 0;
        let mut noisy = false;
        loop {
            for ((xn, xj), dj) in x_new.iter_mut().zip(x.iter()).zip(&d) {
                *xn = xj + step * dj;
            }
            new_value = f(&x_new, &mut g_new);
            if new_value.is_finite() && new_value <= value + 1e-4 * step * slope {
                break;
            }
            // Near the optimum the decrease falls below the rounding noise of an objective
            // summed from `f32` terms: accept a step that keeps the value within that noise
            // and shrinks the gradient.
            if new_value.is_finite()
                && new_value <= value + 1e-6 * value.abs()
                && max_abs(&g_new) < 0.9 * grad_max
            {
                noisy = true;
                break;
            }
            tries += 1;
            if tries >= 30 {
                break;
            }
            step *= 0.5;
        }
        iterations += 1;
        if tries >= 30 {
            // No progress possible along this direction.
            grad_max = max_abs(&g);
            if !on_iter(iterations, value, grad_max) {
                return Err(ErrorKind::Cancelled.into());
            }
            break;
        }
        // Update the history (scaled variables).
        let mut s: Vec<f64> = if s_hist.len() == m { s_hist.remove(0) } else { vec![0.0; n] };
        let mut yv: Vec<f64> = if y_hist.len() == m {
            rho.remove(0);
            y_hist.remove(0)
        } else {
            vec![0.0; n]
        };
        for j in 0..n {
            s[j] = (x_new[j] - x[j]) * scale[j];
            yv[j] = (g_new[j] - g[j]) / scale[j];
        }
        let sy = dot(&s, &yv);
        if sy > 1e-12 * dot(&yv, &yv).max(1e-300) {
            rho.push(1.0 / sy);
            s_hist.push(s);
            y_hist.push(yv);
        }
        let decrease = value - new_value;
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        value = new_value;
        grad_max = max_abs(&g);
        if !on_iter(iterations, value, grad_max) {
            return Err(ErrorKind::Cancelled.into());
        }
        // SciPy's factr criterion: relative decrease below ~64 machine epsilons (for f64 math;
        // our objective is summed from f32 terms, so use a looser 1e-10).
        if !noisy && decrease <= 1e-10 * value.abs().max(1.0) {
            break;
        }
    }
    Ok(LbfgsOutcome { iterations, value, grad_max, converged: grad_max <= settings.tol })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_quadratic_and_rosenbrock() {
        let mut x = vec![3.0, -2.0];
        let out = minimize(
            &mut x,
            LbfgsSettings { tol: 1e-6, max_iter: 100, memory: 5 },
            |x, g| {
                g[0] = 2.0 * (x[0] - 1.0);
                g[1] = 20.0 * (x[1] + 0.5);
                (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 0.5).powi(2)
            },
            |_, _, _| true,
        )
        .unwrap();
        assert!(out.converged, "{out:?}");
        assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] + 0.5).abs() < 1e-6);

        let mut x = vec![-1.2, 1.0];
        minimize(
            &mut x,
            LbfgsSettings { tol: 1e-6, max_iter: 500, memory: 10 },
            |x, g| {
                let (a, b) = (x[0], x[1]);
                g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
                g[1] = 200.0 * (b - a * a);
                (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
            },
            |_, _, _| true,
        )
        .unwrap();
        assert!((x[0] - 1.0).abs() < 1e-4 && (x[1] - 1.0).abs() < 1e-4, "{x:?}");
    }

    #[test]
    fn cancels() {
        let mut x = vec![3.0];
        let r = minimize(
            &mut x,
            LbfgsSettings { tol: 0.0, max_iter: 100, memory: 5 },
            |x, g| {
                g[0] = 2.0 * x[0];
                x[0] * x[0] + 1.0
            },
            |_, _, _| false,
        );
        assert!(matches!(r.unwrap_err().kind(), ErrorKind::Cancelled));
    }
}
