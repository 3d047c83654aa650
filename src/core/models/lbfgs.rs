//! A limited-memory BFGS minimiser for smooth convex objectives (logistic regression).
//!
//! [`Lbfgs`] is the minimiser as an ask/tell state machine (a trainer worker evaluates the
//! objective together with other workers, by message); [`minimize`] and [`minimize_scaled`]
//! drive it in a loop. It keeps the last `memory` steps and gradient changes, builds the quasi-Newton
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
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// [`minimize`] with a diagonal preconditioner (see [`Lbfgs::new`]): a loop over the
/// [`Lbfgs`] state machine, which is the one implementation.
pub fn minimize_scaled(
    x: &mut [f64],
    settings: LbfgsSettings,
    scale: &[f64],
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut on_iter: impl FnMut(usize, f64, f64) -> bool,
) -> Result<LbfgsOutcome> {
    let mut machine = Lbfgs::new(x.to_vec(), settings, scale.to_vec());
    let mut grad = vec![0.0; x.len()];
    let mut next = {
        let value = f(machine.ask(), &mut grad);
        machine.tell(value, &grad)?
    };
    loop {
        next = match next {
            Next::Evaluate => {
                let value = f(machine.ask(), &mut grad);
                machine.tell(value, &grad)?
            }
            Next::Iterated(it) => {
                if !on_iter(it.iteration, it.value, it.grad_max) {
                    return Err(ErrorKind::Cancelled.into());
                }
                machine.proceed()
            }
            Next::Finished(outcome) => {
                x.copy_from_slice(machine.x());
                return Ok(outcome);
            }
        };
    }
}

/// One finished iteration, to report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iteration {
    /// Iterations done so far (from 1).
    pub iteration: usize,
    /// The objective at the current point.
    pub value: f64,
    /// The largest absolute gradient component there.
    pub grad_max: f64,
}

/// What the minimiser wants after [`Lbfgs::tell`] or [`Lbfgs::proceed`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// Evaluate the objective at [`Lbfgs::ask`] and [`tell`](Lbfgs::tell) it.
    Evaluate,
    /// An iteration is done: report it (or cancel), then call [`Lbfgs::proceed`].
    Iterated(Iteration),
    /// The minimisation is over; the solution is [`Lbfgs::x`].
    Finished(LbfgsOutcome),
}

/// Where the machine stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Waiting for the objective at the start point.
    Start,
    /// Waiting for the objective at a trial point of the line search.
    Trial,
    /// An iteration was reported; `stop` says whether the run ends there.
    Reported { stop: bool },
    /// Over.
    Done,
}

/// L-BFGS as a resumable state machine (ask/tell), for callers that cannot block while the
/// objective is evaluated (trainer workers exchanging partial sums by message):
/// [`ask`](Self::ask) gives the point to evaluate, [`tell`](Self::tell) takes the objective
/// and gradient there and says what comes next ([`Next`]).
///
/// It keeps the last `memory` steps and gradient changes, builds the quasi-Newton direction
/// with the two-loop recursion, and takes a backtracking (Armijo) step along it, starting from
/// the unit step. A pair whose curvature `sᵀy` is not positive is skipped, so the implicit
/// Hessian stays positive definite. It stops when the largest gradient component is at most
/// `tol` (the criterion of SciPy's L-BFGS-B `gtol`, which scikit-learn uses), when the
/// objective stops decreasing, or after `max_iter` iterations.
#[derive(Debug, Clone)]
pub struct Lbfgs {
    settings: LbfgsSettings,
    scale: Vec<f64>,
    phase: Phase,
    x: Vec<f64>,
    g: Vec<f64>,
    value: f64,
    grad_max: f64,
    s_hist: Vec<Vec<f64>>,
    y_hist: Vec<Vec<f64>>,
    rho: Vec<f64>,
    alpha: Vec<f64>,
    d: Vec<f64>,
    gu: Vec<f64>,
    x_new: Vec<f64>,
    slope: f64,
    step: f64,
    tries: usize,
    iterations: usize,
}

impl Lbfgs {
    /// A minimisation from `x0`. `scale` is a diagonal preconditioner: the quasi-Newton model
    /// works on the scaled variables `u = x · scale` (so `scale_j` should be about the square
    /// root of the curvature along `x_j`), while the stopping test still uses the unscaled
    /// gradient. With one-hot inputs the curvature along a level's weight is proportional to
    /// the level's frequency, and this scaling removes most of the ill-conditioning that rare
    /// levels cause.
    pub fn new(x0: Vec<f64>, settings: LbfgsSettings, scale: Vec<f64>) -> Lbfgs {
        let n = x0.len();
        assert_eq!(scale.len(), n);
        let m = settings.memory.max(1);
        Lbfgs {
            settings,
            scale,
            phase: Phase::Start,
            x_new: x0.clone(),
            x: x0,
            g: vec![0.0; n],
            value: 0.0,
            grad_max: 0.0,
            s_hist: Vec::with_capacity(m),
            y_hist: Vec::with_capacity(m),
            rho: Vec::with_capacity(m),
            alpha: vec![0.0; m],
            d: vec![0.0; n],
            gu: vec![0.0; n],
            slope: 0.0,
            step: 1.0,
            tries: 0,
            iterations: 0,
        }
    }

    /// The point whose objective and gradient [`tell`](Self::tell) expects.
    pub fn ask(&self) -> &[f64] {
        &self.x_new
    }

    /// The current (best) point.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Takes the objective `value` and its gradient `grad` at [`ask`](Self::ask). An error when
    /// the objective is not finite at the start point, or when nothing is being evaluated.
    pub fn tell(&mut self, value: f64, grad: &[f64]) -> Result<Next> {
        assert_eq!(grad.len(), self.x.len());
        match self.phase {
            Phase::Start => {
                if !value.is_finite() {
                    self.phase = Phase::Done;
                    return Err(Error::internal("the training objective is not finite at the start"));
                }
                self.value = value;
                self.g.copy_from_slice(grad);
                self.grad_max = max_abs(&self.g);
                Ok(self.begin_iteration())
            }
            Phase::Trial => Ok(self.try_step(value, grad)),
            Phase::Reported { .. } | Phase::Done => {
                Err(Error::internal("the minimiser was told an objective it did not ask for"))
            }
        }
    }

    /// After [`Next::Iterated`]: the next evaluation, or the end.
    pub fn proceed(&mut self) -> Next {
        match self.phase {
            Phase::Reported { stop: false } => self.begin_iteration(),
            _ => self.finish(),
        }
    }

    fn finish(&mut self) -> Next {
        self.phase = Phase::Done;
        let grad_max = self.grad_max;
        Next::Finished(LbfgsOutcome {
            iterations: self.iterations,
            value: self.value,
            grad_max,
            converged: grad_max <= self.settings.tol,
        })
    }

    /// Starts an iteration (a direction and the first trial step), or ends the run.
    fn begin_iteration(&mut self) -> Next {
        if !(self.grad_max > self.settings.tol && self.iterations < self.settings.max_iter) {
            return self.finish();
        }
        let Lbfgs { scale, g, gu, d, s_hist, y_hist, rho, alpha, .. } = self;
        // Two-loop recursion in scaled variables: d_u = -H g_u, then d_x = d_u / scale.
        for ((u, gj), sj) in gu.iter_mut().zip(g.iter()).zip(scale.iter()) {
            *u = gj / sj;
        }
        d.copy_from_slice(gu);
        let h = s_hist.len();
        for i in (0..h).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], d);
            for (dj, yj) in d.iter_mut().zip(&y_hist[i]) {
                *dj -= alpha[i] * yj;
            }
        }
        let gamma = if h > 0 {
            dot(&s_hist[h - 1], &y_hist[h - 1]) / dot(&y_hist[h - 1], &y_hist[h - 1])
        } else {
            1.0 / dot(gu, gu).sqrt().max(1e-12)
        };
        for dj in d.iter_mut() {
            *dj *= gamma;
        }
        for i in 0..h {
            let beta = rho[i] * dot(&y_hist[i], d);
            for (dj, sj) in d.iter_mut().zip(&s_hist[i]) {
                *dj += (alpha[i] - beta) * sj;
            }
        }
        for (dj, sj) in d.iter_mut().zip(scale.iter()) {
            *dj = -*dj / sj;
        }
        let mut slope = dot(g, d);
        if slope >= 0.0 {
            // Not a descent direction (numerical trouble): restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            let norm = 1.0 / dot(gu, gu).sqrt().max(1e-12);
            for ((dj, uj), sj) in d.iter_mut().zip(gu.iter()).zip(scale.iter()) {
                *dj = -uj * norm / sj;
            }
            slope = dot(g, d);
        }
        self.slope = slope;
        // Backtracking line search (Armijo), from the unit step.
        self.step = 1.0;
        self.tries = 0;
        self.trial_point()
    }

    fn trial_point(&mut self) -> Next {
        let step = self.step;
        for ((xn, xj), dj) in self.x_new.iter_mut().zip(&self.x).zip(&self.d) {
            *xn = xj + step * dj;
        }
        self.phase = Phase::Trial;
        Next::Evaluate
    }

    /// Takes the objective at a trial point: accepts the step, halves it, or gives up.
    fn try_step(&mut self, new_value: f64, g_new: &[f64]) -> Next {
        let accepted = new_value.is_finite() && new_value <= self.value + 1e-4 * self.step * self.slope;
        // Near the optimum the decrease falls below the rounding noise of an objective
        // summed from `f32` terms: accept a step that keeps the value within that noise
        // and shrinks the gradient.
        let noisy = !accepted
            && new_value.is_finite()
            && new_value <= self.value + 1e-6 * self.value.abs()
            && max_abs(g_new) < 0.9 * self.grad_max;
        if !accepted && !noisy {
            self.tries += 1;
            if self.tries < 30 {
                self.step *= 0.5;
                return self.trial_point();
            }
            // No progress possible along this direction.
            self.iterations += 1;
            self.grad_max = max_abs(&self.g);
            return self.reported(true);
        }
        self.iterations += 1;
        let m = self.settings.memory.max(1);
        let n = self.x.len();
        // Update the history (scaled variables).
        let mut s: Vec<f64> = if self.s_hist.len() == m { self.s_hist.remove(0) } else { vec![0.0; n] };
        let mut yv: Vec<f64> = if self.y_hist.len() == m {
            self.rho.remove(0);
            self.y_hist.remove(0)
        } else {
            vec![0.0; n]
        };
        for j in 0..n {
            s[j] = (self.x_new[j] - self.x[j]) * self.scale[j];
            yv[j] = (g_new[j] - self.g[j]) / self.scale[j];
        }
        let sy = dot(&s, &yv);
        if sy > 1e-12 * dot(&yv, &yv).max(1e-300) {
            self.rho.push(1.0 / sy);
            self.s_hist.push(s);
            self.y_hist.push(yv);
        }
        let decrease = self.value - new_value;
        self.x.copy_from_slice(&self.x_new);
        self.g.copy_from_slice(g_new);
        self.value = new_value;
        self.grad_max = max_abs(&self.g);
        // SciPy's factr criterion: relative decrease below ~64 machine epsilons (for f64 math;
        // our objective is summed from f32 terms, so use a looser 1e-10).
        let stalled = !noisy && decrease <= 1e-10 * self.value.abs().max(1.0);
        self.reported(stalled)
    }

    fn reported(&mut self, stop: bool) -> Next {
        self.phase = Phase::Reported { stop };
        Next::Iterated(Iteration { iteration: self.iterations, value: self.value, grad_max: self.grad_max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimiser as it was before it became a state machine (a plain loop), kept to check
    /// that the machine takes exactly the same steps.
    fn reference_loop(
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

    fn quadratic(x: &[f64], g: &mut [f64]) -> f64 {
        g[0] = 2.0 * (x[0] - 1.0);
        g[1] = 20.0 * (x[1] + 0.5);
        (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 0.5).powi(2)
    }

    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    #[test]
    fn the_state_machine_takes_the_steps_of_the_plain_loop() {
        type Objective = fn(&[f64], &mut [f64]) -> f64;
        let cases: [(Objective, Vec<f64>, Vec<f64>, usize); 4] = [
            (quadratic, vec![3.0, -2.0], vec![1.0, 1.0], 100),
            (quadratic, vec![3.0, -2.0], vec![0.5, 3.0], 2),
            (rosenbrock, vec![-1.2, 1.0], vec![1.0, 1.0], 500),
            (rosenbrock, vec![-1.2, 1.0], vec![2.0, 0.3], 7),
        ];
        for (f, x0, scale, max_iter) in cases {
            let settings = LbfgsSettings { tol: 1e-9, max_iter, memory: 4 };
            let (mut a, mut b) = (x0.clone(), x0);
            let (mut seen_a, mut seen_b) = (Vec::new(), Vec::new());
            let out_a = reference_loop(&mut a, settings, &scale, f, |i, v, g| {
                seen_a.push((i, v.to_bits(), g.to_bits()));
                true
            })
            .unwrap();
            let out_b = minimize_scaled(&mut b, settings, &scale, f, |i, v, g| {
                seen_b.push((i, v.to_bits(), g.to_bits()));
                true
            })
            .unwrap();
            assert_eq!(seen_a, seen_b, "the same iterations");
            assert_eq!(
                a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            );
            assert_eq!(
                (out_a.iterations, out_a.value.to_bits(), out_a.converged),
                (out_b.iterations, out_b.value.to_bits(), out_b.converged)
            );
        }
    }

    #[test]
    fn telling_what_was_not_asked_is_refused() {
        let settings = LbfgsSettings { tol: 1e-6, max_iter: 10, memory: 3 };
        let mut machine = Lbfgs::new(vec![3.0, -2.0], settings, vec![1.0, 1.0]);
        let mut g = vec![0.0; 2];
        let v = quadratic(machine.ask(), &mut g);
        assert_eq!(machine.tell(v, &g).unwrap(), Next::Evaluate);
        let v = quadratic(machine.ask(), &mut g);
        assert!(matches!(machine.tell(v, &g).unwrap(), Next::Iterated(Iteration { iteration: 1, .. })));
        assert!(machine.tell(v, &g).is_err(), "an iteration waits to be reported");
        let mut start = Lbfgs::new(vec![1.0], settings, vec![1.0]);
        assert!(start.tell(f64::NAN, &[0.0]).is_err(), "a start that is not finite");
    }

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
