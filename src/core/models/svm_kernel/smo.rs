//! Sequential minimal optimisation for one binary soft-margin SVM with a precomputed kernel.
//!
//! Solves `min ½ αᵀQα − Σα` subject to `0 ≤ α_t ≤ C_t`, `Σ y_t α_t = 0`, with
//! `Q_ts = y_t y_s K_ts`, choosing each working pair by the second-order rule of Fan, Chen and
//! Lin (2005) (the rule libsvm uses): `i` maximises the violation `−y_t ∇_t` over the rows that
//! may move up, `j` minimises the second-order decrease of the objective among the rows that
//! may move down. It stops when the maximal violation is below `tol` or after `max_iter`
//! pairs. Gradient in `f64`, kernel in `f32`.

/// The symmetric kernel matrix of the sample, `n × n`, row-major.
pub struct KernelMatrix {
    /// Rows.
    pub n: usize,
    /// Values.
    pub k: Vec<f32>,
}

impl KernelMatrix {
    #[inline]
    fn row(&self, i: usize) -> &[f32] {
        &self.k[i * self.n..(i + 1) * self.n]
    }
}

/// The dual solution of one binary problem.
pub struct SmoSolution {
    /// `α_t · y_t` of every row (0 for non-support vectors).
    pub coef: Vec<f64>,
    /// The decision function is `Σ coef_t K(x_t, x) − rho`.
    pub rho: f64,
    /// Pairs optimised.
    pub iterations: usize,
}

/// Solves one binary problem; `y` is ±1, `c` the box bound of each row.
pub fn solve(kernel: &KernelMatrix, y: &[f64], c: &[f64], tol: f64, max_iter: usize) -> SmoSolution {
    let n = kernel.n;
    let mut alpha = vec![0f64; n];
    let mut g = vec![-1f64; n];
    let diag: Vec<f64> = (0..n).map(|t| kernel.k[t * n + t] as f64).collect();
    let tau = 1e-12;
    let mut iterations = 0;
    let up = |t: usize, alpha: &[f64]| (y[t] > 0.0 && alpha[t] < c[t]) || (y[t] < 0.0 && alpha[t] > 0.0);
    let low = |t: usize, alpha: &[f64]| (y[t] > 0.0 && alpha[t] > 0.0) || (y[t] < 0.0 && alpha[t] < c[t]);
    while iterations < max_iter {
        // Select i.
        let mut gmax = f64::NEG_INFINITY;
        let mut i = usize::MAX;
        for t in 0..n {
            if up(t, &alpha) {
                let v = -y[t] * g[t];
                if v >= gmax {
                    gmax = v;
                    i = t;
                }
            }
        }
        if i == usize::MAX {
            break;
        }
        let ki = kernel.row(i);
        // Select j.
        let mut gmax2 = f64::NEG_INFINITY;
        let mut j = usize::MAX;
        let mut best = f64::INFINITY;
        for t in 0..n {
            if low(t, &alpha) {
                let v = y[t] * g[t];
                if v >= gmax2 {
                    gmax2 = v;
                }
                let grad_diff = gmax + v;
                if grad_diff > 0.0 {
                    let quad = diag[i] + diag[t] - 2.0 * ki[t] as f64;
                    let obj = -(grad_diff * grad_diff) / quad.max(tau);
                    if obj <= best {
                        best = obj;
                        j = t;
                    }
                }
            }
        }
        if gmax + gmax2 < tol || j == usize::MAX {
            break;
        }
        iterations += 1;
        let kj = kernel.row(j);
        let (ci, cj) = (c[i], c[j]);
        let (old_i, old_j) = (alpha[i], alpha[j]);
        let quad = (diag[i] + diag[j] - 2.0 * ki[j] as f64).max(tau);
        if y[i] != y[j] {
            let delta = (-g[i] - g[j]) / quad;
            let diff = alpha[i] - alpha[j];
            alpha[i] += delta;
            alpha[j] += delta;
            if diff > 0.0 {
                if alpha[j] < 0.0 {
                    alpha[j] = 0.0;
                    alpha[i] = diff;
                }
            } else if alpha[i] < 0.0 {
                alpha[i] = 0.0;
                alpha[j] = -diff;
            }
            if diff > ci - cj {
                if alpha[i] > ci {
                    alpha[i] = ci;
                    alpha[j] = ci - diff;
                }
            } else if alpha[j] > cj {
                alpha[j] = cj;
                alpha[i] = cj + diff;
            }
        } else {
            let delta = (g[i] - g[j]) / quad;
            let sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            if sum > ci {
                if alpha[i] > ci {
                    alpha[i] = ci;
                    alpha[j] = sum - ci;
                }
            } else if alpha[j] < 0.0 {
                alpha[j] = 0.0;
                alpha[i] = sum;
            }
            if sum > cj {
                if alpha[j] > cj {
                    alpha[j] = cj;
                    alpha[i] = sum - cj;
                }
            } else if alpha[i] < 0.0 {
                alpha[i] = 0.0;
                alpha[j] = sum;
            }
        }
        // Gradient update: ∇_t += Q_ti Δα_i + Q_tj Δα_j.
        let di = (alpha[i] - old_i) * y[i];
        let dj = (alpha[j] - old_j) * y[j];
        for t in 0..n {
            g[t] += y[t] * (ki[t] as f64 * di + kj[t] as f64 * dj);
        }
    }
    // rho: mean of y_t ∇_t over free rows, else the middle of the feasible interval.
    let (mut sum, mut free) = (0f64, 0usize);
    let (mut ub, mut lb) = (f64::INFINITY, f64::NEG_INFINITY);
    for t in 0..n {
        let yg = y[t] * g[t];
        if alpha[t] > 0.0 && alpha[t] < c[t] {
            sum += yg;
            free += 1;
        } else if (y[t] > 0.0 && alpha[t] >= c[t]) || (y[t] < 0.0 && alpha[t] <= 0.0) {
            lb = lb.max(yg);
        } else {
            ub = ub.min(yg);
        }
    }
    let rho = if free > 0 {
        sum / free as f64
    } else if ub.is_finite() && lb.is_finite() {
        (ub + lb) / 2.0
    } else if lb.is_finite() {
        // One class only (e.g. a class absent from the sample): every row on one side.
        lb
    } else if ub.is_finite() {
        ub
    } else {
        0.0
    };
    SmoSolution { coef: alpha.iter().zip(y).map(|(a, y)| a * y).collect(), rho, iterations }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two points per class on a line with a linear kernel: the hard-margin solution puts the
    /// boundary midway between the closest points (x = 2) with margin 1 at x = 1 and x = 3.
    #[test]
    fn finds_the_maximum_margin_on_a_line() {
        let xs = [0.0f32, 1.0, 3.0, 4.0];
        let y = [-1.0, -1.0, 1.0, 1.0];
        let n = xs.len();
        let k = (0..n * n).map(|p| xs[p / n] * xs[p % n]).collect();
        let kernel = KernelMatrix { n, k };
        let sol = solve(&kernel, &y, &[1e6; 4], 1e-9, 1000);
        let f = |x: f64| -> f64 {
            sol.coef.iter().zip(xs).map(|(c, xt)| c * xt as f64 * x).sum::<f64>() - sol.rho
        };
        assert!((f(2.0)).abs() < 1e-6, "boundary at 2: {}", f(2.0));
        assert!((f(3.0) - 1.0).abs() < 1e-6 && (f(1.0) + 1.0).abs() < 1e-6);
        assert_eq!(sol.coef[0], 0.0);
    }

    /// A class with no rows gives a finite, always-negative decision function.
    #[test]
    fn handles_a_single_class() {
        let kernel = KernelMatrix { n: 2, k: vec![1.0, 0.5, 0.5, 1.0] };
        let sol = solve(&kernel, &[-1.0, -1.0], &[1.0, 1.0], 1e-3, 100);
        assert!(sol.rho.is_finite() && sol.rho > 0.0);
        assert!(sol.coef.iter().all(|&c| c == 0.0));
    }
}
