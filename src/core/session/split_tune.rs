//! A hyper-parameter search shared out over several trainer workers, as the page drives it.
//!
//! The search's fits (every candidate on every fold) are numbered fold by fold and cut into
//! one consecutive range per worker ([`parts`]); each worker refits the feature pipeline of
//! the folds its range touches, evaluates its fits on one thread ([`TrainerRequest::TunePart`])
//! and answers [`TrainerResponse::TunePartDone`] with one outcome per fit. [`SplitTune`] is the
//! page's bookkeeping: it joins the workers' progress (fits finished, candidates whose every
//! fold is in), checks each answer as untrusted (the same search, the planned range, one
//! outcome per planned fit, finite scores) and, once every range is in, joins them
//! ([`join_pieces`]) into the table one worker's search gives, bit for bit.

use super::split_run::Step;
use crate::core::error::{Error, Result};
use crate::core::models::ModelParams;
use crate::core::protocol::{TrainerRequest, TrainerResponse};
use crate::core::search::{
    candidates_of, check_outcomes, fold_count, join_pieces, parts, piece, Candidate, FitOutcome,
    SearchOptions, SearchProgress, TuneJob, TunePart,
};
use crate::core::train_shares::MAX_WORKERS;

/// The page's side of a search shared out over workers.
#[derive(Debug)]
pub struct SplitTune {
    job: TuneJob,
    candidates: Vec<Candidate<ModelParams>>,
    folds: usize,
    parts: Vec<TunePart>,
    /// Fits each worker has finished.
    done: Vec<usize>,
    /// The share of its current fit each worker has done.
    current: Vec<f64>,
    /// The largest fraction shown so far: the shares are summed in floating point, so one
    /// worker finishing a fit can round the sum a hair below what the page already showed.
    shown: f64,
    outcomes: Vec<Option<Vec<FitOutcome>>>,
    started_ms: f64,
}

impl SplitTune {
    /// The search of `job` shared out over `workers` workers, started at `now_ms` on the page's
    /// clock (the search's time goes from then to the last answer), or none when it is one
    /// range (one worker, or a single fit): then it is a plain [`TrainerRequest::Tune`].
    /// A worker count outside 1 to [`MAX_WORKERS`] is refused.
    pub fn new(job: TuneJob, workers: usize, now_ms: f64) -> Result<Option<SplitTune>> {
        if !(1..=MAX_WORKERS).contains(&workers) {
            let valid = format!("a whole number from 1 to {MAX_WORKERS}");
            return Err(Error::invalid_param("tune", "workers", workers, valid));
        }
        let candidates = candidates_of(job.model, &job.tune)?;
        let folds = fold_count(&job.tune)?;
        let ranges = parts(candidates.len(), folds, workers);
        if ranges.len() < 2 {
            return Ok(None);
        }
        let workers = ranges.len();
        let parts = ranges
            .into_iter()
            .enumerate()
            .map(|(worker, r)| TunePart { worker, workers, start: r.start, end: r.end })
            .collect();
        Ok(Some(SplitTune {
            job,
            candidates,
            folds,
            parts,
            done: vec![0; workers],
            current: vec![0.0; workers],
            shown: 0.0,
            outcomes: vec![None; workers],
            started_ms: now_ms,
        }))
    }

    /// How many workers take part.
    pub fn workers(&self) -> usize {
        self.parts.len()
    }

    /// The request for worker `index`.
    pub fn request(&self, index: usize) -> TrainerRequest {
        TrainerRequest::TunePart { job: self.job.clone(), part: self.parts[index].clone() }
    }

    /// Worker `index` sent `response` at `now_ms` on the page's clock.
    pub fn on_response<P>(&mut self, index: usize, response: TrainerResponse, now_ms: f64) -> Step<P> {
        let workers = self.workers();
        if index >= workers {
            return Step::Wait;
        }
        let worker = |message: String| format!("Tuning worker {} of {workers}: {message}", index + 1);
        match response {
            // Only the first worker builds the whole training matrix, for its summary.
            TrainerResponse::Prepared { summary } if index == 0 => {
                Step::Show(TrainerResponse::Prepared { summary })
            }
            TrainerResponse::TuneProgress(p) => {
                let len = self.parts[index].range().len();
                self.done[index] = p.done.min(len);
                self.current[index] = match p.done < len {
                    true => ((p.fraction * len as f64) - p.done as f64).clamp(0.0, 1.0),
                    false => 0.0,
                };
                let progress = self.progress();
                self.shown = progress.fraction;
                Step::Show(TrainerResponse::TuneProgress(progress))
            }
            TrainerResponse::TunePartDone { job, part, outcomes } => {
                if *job != self.job {
                    return Step::Failed(worker("it answered for another search; tune again.".into()));
                }
                if part != self.parts[index] {
                    return Step::Failed(worker(format!(
                        "it evaluated {} instead of {}; tune again.",
                        part.describe(),
                        self.parts[index].describe()
                    )));
                }
                if let Err(err) = check_outcomes(&outcomes, &part.range(), self.candidates.len()) {
                    return Step::Failed(worker(err.to_string()));
                }
                self.done[index] = part.range().len();
                self.current[index] = 0.0;
                self.outcomes[index] = Some(outcomes);
                self.join_when_complete(now_ms)
            }
            TrainerResponse::Failed { message } => match index {
                0 => Step::Failed(message),
                _ => Step::Failed(worker(message)),
            },
            _ => Step::Wait,
        }
    }

    /// The whole search's progress: fits finished over all workers (plus the running fits'
    /// shares, in worker order), and the candidates whose every fold is in. It never goes back.
    pub fn progress(&self) -> SearchProgress {
        let total = self.candidates.len() * self.folds;
        let done: usize = self.done.iter().sum();
        let running: f64 = self.current.iter().sum();
        let finished_fit = |p: usize| {
            self.parts.iter().zip(&self.done).any(|(part, &d)| p >= part.start && p < part.start + d)
        };
        let finished = (0..self.candidates.len())
            .filter(|&c| (0..self.folds).all(|f| finished_fit(f * self.candidates.len() + c)))
            .count();
        let next = (0..total).find(|&p| !finished_fit(p)).unwrap_or(0);
        let (candidate, fold) = piece(next, self.candidates.len());
        SearchProgress {
            candidate,
            candidates: self.candidates.len(),
            fold,
            folds: self.folds,
            fraction: ((done as f64 + running) / total as f64).clamp(self.shown, 1.0),
            best_score: None,
            done,
            finished,
            workers: self.workers(),
        }
    }

    fn join_when_complete<P>(&mut self, now_ms: f64) -> Step<P> {
        if self.outcomes.iter().any(Option::is_none) {
            return Step::Wait;
        }
        let outcomes: Vec<FitOutcome> =
            self.outcomes.iter_mut().flat_map(|o| o.take().unwrap_or_default()).collect();
        let score = SearchOptions::default().score;
        match join_pieces(&self.candidates, self.folds, score, &outcomes, now_ms - self.started_ms) {
            Ok(result) => Step::Done(Box::new(TrainerResponse::Tuned { result: Box::new(result) })),
            Err(err) => Step::Failed(err.to_string()),
        }
    }
}
