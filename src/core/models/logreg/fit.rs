//! A logistic-regression fit as a state machine driven by messages ([`LogregFit`]), so that
//! several trainer workers that share no memory can fit one model together: every worker holds
//! the whole training matrix and runs the same [`Lbfgs`]; for each evaluation of the objective
//! it sums its own blocks of rows ([`blocks`](super::objective::blocks), split over the workers
//! by [`even_ranges`]) and sends their sums ([`partials`]); with the other
//! workers' sums it has every block's, adds them in block order ([`combine`]) and takes the
//! same step as every other worker. At the end each worker holds the whole model.
//!
//! A plain fit is the same machine with one worker (its threads share the chunks of rows), so
//! the model is the same bits for any worker or thread count.

use std::ops::Range;

use super::objective::{combine, Objective, Rows};
use super::partials;
use super::{total_weight, LogregModel, LogregParams};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::models::lbfgs::{Lbfgs, LbfgsOutcome, LbfgsSettings, Next};
use crate::core::models::linear_input::{InputOptions, LinearInput};
use crate::core::models::validation::valid_scores;
use crate::core::models::{too_few_classes, Monitor, TrainData, TrainProgress, Valid};
use crate::core::parallel::even_ranges;
use crate::core::rng::Rng;

/// What a worker sends after a message.
#[derive(Debug)]
pub enum FitStep {
    /// Its blocks' sums for the next evaluation ([`partials::encode`]), for the other workers.
    Partials(Vec<u8>),
    /// The fit is over: the model (the same on every worker).
    Finished(Box<LogregModel>),
}

/// An iteration's progress whose validation scores are still to compute, with the parameters
/// they are computed at.
struct Deferred {
    progress: TrainProgress,
    weights: Vec<f32>,
    bias: Vec<f32>,
}

/// The warm start's rows (a seeded sample of the training rows).
struct Sample {
    x: FeatureFrame,
    y: Vec<u32>,
    weights: Option<Vec<f32>>,
}

/// One L-BFGS run on a set of rows: the warm start's sample, or all the training rows.
struct Stage {
    /// The warm start's rows; none for the training rows.
    sample: Option<Sample>,
    objective: Objective,
    lbfgs: Lbfgs,
    /// The rows' total weight.
    total: f64,
    /// Iterations done before this stage.
    first_iteration: usize,
    /// The part of the progress bar this stage covers.
    fractions: (f64, f64),
}

/// The rows of a stage: its sample's, or the training data's.
fn rows_of<'a>(sample: Option<&'a Sample>, data: &'a TrainData) -> Rows<'a> {
    match sample {
        Some(s) => Rows { x: &s.x, y: &s.y, weights: s.weights.as_deref() },
        None => Rows { x: data.x, y: data.y, weights: data.weights },
    }
}

/// One worker's side of a logistic-regression fit (worker 0 of 1 for a plain fit).
pub struct LogregFit {
    input: LinearInput,
    n_classes: usize,
    outputs: usize,
    l2: f64,
    settings: LbfgsSettings,
    /// Training rows the fit started with (every message must bring the same data).
    rows: usize,
    worker: usize,
    workers: usize,
    stage: Stage,
    /// This worker's blocks of the current stage, and their sums at the point being evaluated.
    mine: Range<usize>,
    own: Vec<f64>,
    /// Evaluations started so far (the current one is `evals − 1`).
    evals: u32,
    over: bool,
    /// On the first of several workers: the last iteration's progress, waiting for its
    /// validation scores ([`LogregFit::flush_progress`]).
    deferred: Option<Deferred>,
}

impl LogregFit {
    /// Starts worker `worker` of `workers` on a fit of checked `params` to `data`: fits the
    /// input mapping, and sums its blocks at the start point (the step to send).
    pub fn start(
        params: &Valid<LogregParams>,
        data: &TrainData,
        worker: usize,
        workers: usize,
    ) -> Result<(LogregFit, FitStep)> {
        if worker >= workers {
            let valid = format!("1 to {workers}");
            return Err(Error::invalid_param("training", "worker", worker + 1, valid));
        }
        let input = LinearInput::fit(data.x, InputOptions::of(params.missing_indicator, data))?;
        if data.n_classes < 2 {
            return Err(too_few_classes("logreg", data.n_classes));
        }
        if let Some((vx, _)) = data.valid {
            input.check(vx)?;
        }
        let k = data.n_classes;
        let outputs = if k == 2 { 1 } else { k };
        let n_params = input.width() * outputs + outputs;
        let l2 = 1.0 / (params.c * total_weight(data.y, data.weights));
        let settings = LbfgsSettings { tol: params.tol, max_iter: params.max_iter, memory: 30 };
        let n = data.y.len();
        let warm = params.warm_start_rows;
        let sample = (warm > 0 && n > 2 * warm).then(|| {
            // The same objective (same penalty per unit of loss) on a seeded sample.
            let mut rows = Rng::new(data.seed).sample_indices(n, warm);
            rows.sort_unstable();
            Sample {
                x: data.x.take(&rows),
                y: rows.iter().map(|&r| data.y[r as usize]).collect(),
                weights: data.weights.map(|w| rows.iter().map(|&r| w[r as usize]).collect()),
            }
        });
        let fractions = if sample.is_some() { (0.0, 0.3) } else { (0.0, 1.0) };
        let stage =
            Stage::new(&input, data, sample, outputs, l2, settings, vec![0.0; n_params], 0, fractions);
        let mut fit = LogregFit {
            input,
            n_classes: k,
            outputs,
            l2,
            settings,
            rows: n,
            worker,
            workers,
            stage,
            mine: 0..0,
            own: Vec::new(),
            evals: 0,
            over: false,
            deferred: None,
        };
        let step = fit.evaluate(data);
        Ok((fit, step))
    }

    /// Takes the other workers' sums of the current evaluation (their messages, in worker
    /// order, without this worker's), steps the minimiser, and sums this worker's blocks at
    /// the next point, or ends with the model. Progress goes to `monitor` after each
    /// iteration (with validation scores every 10 iterations on worker 0 only); `false`
    /// cancels. `data` is the data the fit started with.
    ///
    /// With several workers, an iteration that needs validation scores is held back until
    /// [`flush_progress`](Self::flush_progress): the worker sends its sums first and scores
    /// the validation rows while the others sum theirs. A held-back iteration not yet flushed
    /// is reported at the start of the next call (or before the model), so the progress and
    /// the curve are the same either way.
    pub fn next(&mut self, data: &TrainData, others: &[&[u8]], monitor: &mut dyn Monitor) -> Result<FitStep> {
        if self.over {
            return Err(Error::invalid_model("this logistic regression fit is already over"));
        }
        self.flush_progress(data, monitor)?;
        if data.y.len() != self.rows {
            return Err(Error::shape(
                "training rows of the logistic regression fit",
                self.rows,
                data.y.len(),
            ));
        }
        if others.len() + 1 != self.workers {
            return Err(Error::shape(
                "partial sums from the other logistic-regression workers",
                self.workers - 1,
                others.len(),
            ));
        }
        let stride = self.stage.objective.stride();
        let ranges = even_ranges(self.stage.objective.n_blocks(), self.workers);
        let mut sums = Vec::with_capacity(self.stage.objective.n_blocks() * stride);
        let mut others = others.iter();
        for (j, range) in ranges.into_iter().enumerate() {
            if j == self.worker {
                sums.extend_from_slice(&self.own);
            } else {
                let bytes = others.next().expect("counted above");
                sums.extend(partials::decode(bytes, j, self.evals - 1, range, stride)?);
            }
        }
        let nw = self.input.width() * self.outputs;
        let lbfgs = &mut self.stage.lbfgs;
        let mut grad = vec![0.0; lbfgs.len()];
        let value = combine(&sums, lbfgs.ask(), nw, &mut grad, self.l2, self.stage.total);
        let mut next = lbfgs.tell(value, &grad)?;
        loop {
            next = match next {
                Next::Evaluate => return Ok(self.evaluate(data)),
                Next::Iterated(it) => {
                    self.flush_progress(data, monitor)?;
                    let progress = self.progress(data, it.iteration, it.value);
                    if self.validates(it.iteration) && self.workers > 1 {
                        let (w, b) = self.stage.objective.last_params();
                        self.deferred = Some(Deferred { progress, weights: w.to_vec(), bias: b.to_vec() });
                    } else {
                        self.report(progress, monitor)?;
                    }
                    self.stage.lbfgs.proceed()
                }
                Next::Finished(_) if self.deferred.is_some() => {
                    self.flush_progress(data, monitor)?;
                    next
                }
                Next::Finished(outcome) if self.stage.sample.is_some() => {
                    // The warm start is over: continue on every row from its solution.
                    let x0 = self.stage.lbfgs.x().to_vec();
                    let (first, fractions) = (outcome.iterations, (0.3, 1.0));
                    self.stage = Stage::new(
                        &self.input,
                        data,
                        None,
                        self.outputs,
                        self.l2,
                        self.settings,
                        x0,
                        first,
                        fractions,
                    );
                    return Ok(self.evaluate(data));
                }
                Next::Finished(outcome) => {
                    self.over = true;
                    let x = self.stage.lbfgs.x();
                    let narrow = |v: &[f64]| v.iter().map(|&v| v as f32).collect();
                    let model = self.model(narrow(&x[..nw]), narrow(&x[nw..]), Some(outcome));
                    return Ok(FitStep::Finished(Box::new(model)));
                }
            };
        }
    }

    /// Reports the iteration held back for its validation scores, if any, with them (see
    /// [`next`](Self::next)); `Cancelled` when `monitor` says so.
    pub fn flush_progress(&mut self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<()> {
        let Some(Deferred { mut progress, weights, bias }) = self.deferred.take() else { return Ok(()) };
        self.score_validation(&mut progress, data, weights, bias);
        self.report(progress, monitor)
    }

    /// Puts the validation rows' loss and accuracy at these weights and intercepts into
    /// `progress` (nothing without validation rows).
    fn score_validation(
        &self,
        progress: &mut TrainProgress,
        data: &TrainData,
        weights: Vec<f32>,
        bias: Vec<f32>,
    ) {
        if let Some((vx, vy)) = data.valid {
            let model = self.model(weights, bias, None);
            if let Ok((loss, acc)) = valid_scores(&model, vx, vy) {
                progress.valid_loss = Some(loss);
                progress.valid_accuracy = Some(acc);
            }
        }
    }

    /// Sends `progress` to `monitor`; `Cancelled` (and the fit over) when it says so.
    fn report(&mut self, progress: TrainProgress, monitor: &mut dyn Monitor) -> Result<()> {
        match monitor.report(&progress) {
            true => Ok(()),
            false => {
                self.over = true;
                Err(ErrorKind::Cancelled.into())
            }
        }
    }

    /// Whether stage iteration `iteration`'s progress has validation scores: every 10
    /// iterations of the full-data stage, on the first worker, when there are validation rows.
    fn validates(&self, iteration: usize) -> bool {
        self.stage.sample.is_none() && self.worker == 0 && iteration % 10 == 0
    }

    /// Sums this worker's blocks at the minimiser's next point: the message for the others.
    fn evaluate(&mut self, data: &TrainData) -> FitStep {
        let Stage { sample, objective, lbfgs, .. } = &mut self.stage;
        self.mine = even_ranges(objective.n_blocks(), self.workers)[self.worker].clone();
        let rows = rows_of(sample.as_ref(), data);
        self.own = objective.block_sums(&self.input, rows, lbfgs.ask(), self.mine.clone());
        let eval = self.evals;
        self.evals += 1;
        FitStep::Partials(partials::encode(eval, self.mine.clone(), objective.stride(), &self.own))
    }

    /// A model of this fit with these weights and intercepts, and the minimiser's `outcome`
    /// once it has one (none mid-fit: no iterations, not converged).
    fn model(&self, weights: Vec<f32>, bias: Vec<f32>, outcome: Option<LbfgsOutcome>) -> LogregModel {
        LogregModel {
            input: self.input.clone(),
            n_classes: self.n_classes,
            outputs: self.outputs,
            weights,
            bias,
            iterations: outcome.map_or(0, |o| o.iterations),
            converged: outcome.is_some_and(|o| o.converged),
        }
    }

    /// The progress after stage iteration `iteration` (objective `value`).
    fn progress(&self, data: &TrainData, iteration: usize, value: f64) -> TrainProgress {
        let stage = &self.stage;
        let (lo, hi) = stage.fractions;
        let mut progress = TrainProgress {
            fraction: lo + (hi - lo) * iteration as f64 / self.settings.max_iter as f64,
            iteration: stage.first_iteration + iteration,
            train_loss: Some(value),
            ..Default::default()
        };
        // Validation scores every 10 iterations of the full-data stage (a pass over the
        // validation rows), by one worker; held back with several (see `next`).
        if self.validates(iteration) && self.workers == 1 {
            let (w, b) = stage.objective.last_params();
            self.score_validation(&mut progress, data, w.to_vec(), b.to_vec());
        }
        progress
    }
}

impl Stage {
    /// A stage on the sample (or, without one, the training rows) from `x0`.
    #[allow(clippy::too_many_arguments)]
    fn new(
        input: &LinearInput,
        data: &TrainData,
        sample: Option<Sample>,
        outputs: usize,
        l2: f64,
        settings: LbfgsSettings,
        x0: Vec<f64>,
        first_iteration: usize,
        fractions: (f64, f64),
    ) -> Stage {
        let rows = rows_of(sample.as_ref(), data);
        let objective = Objective::new(input, rows, outputs, data.parallelism);
        // Preconditioner: the curvature along a weight is about (mean square of its input)
        // × p(1 − p) + the L2 strength; intercepts see every row.
        let mut scale = Vec::with_capacity(x0.len());
        for ms in input.mean_squares(rows.x) {
            let s = (0.25 * ms + l2).sqrt().max(1e-6);
            scale.extend(std::iter::repeat_n(s, outputs));
        }
        scale.extend(std::iter::repeat_n(0.5, outputs));
        let total = total_weight(rows.y, rows.weights);
        let lbfgs = Lbfgs::new(x0, settings, scale);
        Stage { sample, objective, lbfgs, total, first_iteration, fractions }
    }
}
