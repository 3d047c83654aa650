//! A training run split over several trainer workers, as the page drives it.
//!
//! Workers share no memory and cannot wait for a message mid-function, so the page runs a
//! split run in two phases (a boosted run's first phase is a round-by-round exchange: each
//! worker sends its trees of a round, and once all are in the page sends the whole round to
//! every worker, [`Step::Broadcast`]; a logistic regression's is an evaluation-by-evaluation
//! exchange of the workers' blocks' sums, relayed the same way): each worker `i` fits share
//! `i` of the plan ([`plan`]) on its own copy of the dataset ([`TrainerRequest::FitShare`]);
//! once every share has arrived, worker 0 merges them and evaluates the model
//! ([`TrainerRequest::MergeShares`]). [`SplitRun`] is the page's bookkeeping between the two:
//! it turns the workers' progress into one progress (the shares' fractions weighted by their
//! tree counts and summed in plan order, so the figure is the same whatever order messages
//! arrive in), checks each answer, and builds the merge request. Payloads stay opaque (`P`):
//! in the browser they are transferred buffers, never copied.

use crate::core::error::Result;
use crate::core::experiment::{RunConfig, RunEvent};
use crate::core::features::Target;
use crate::core::models::gbdt::rounds::RoundCollector;
use crate::core::models::logreg::partials::EvalCollector;
use crate::core::models::{ModelParams, TrainProgress};
use crate::core::protocol::{TrainerRequest, TrainerResponse};
use crate::core::train_shares::{plan, Share};

/// What the page does after a worker's message ([`SplitRun::on_response`]).
#[derive(Debug)]
pub enum Step<P> {
    /// Nothing to show yet.
    Wait,
    /// Show this progress (apply it to the page state like any trainer message).
    Show(TrainerResponse),
    /// The run failed: stop every worker and show this message (results already shown stay).
    Failed(String),
    /// Every share is in: send this request, with these payloads, to worker 0 (boxed: a
    /// request is large beside the other steps).
    Merge(Box<TrainerRequest>, Vec<P>),
    /// A boosting round or a logistic regression's evaluation is complete: send this request
    /// to every worker (0 included), each with the payloads (row leaves or block sums, one per
    /// worker in worker order) of the *other* workers.
    Broadcast(Box<TrainerRequest>, Vec<P>),
    /// The shared work is over (a search's joined table): stop the extra workers and apply this
    /// response to the page state.
    Done(Box<TrainerResponse>),
}

/// The page's side of a run split over workers.
#[derive(Debug)]
pub struct SplitRun<P> {
    run: RunConfig,
    shares: Vec<Share>,
    /// Each share's part of the whole model (its trees over all trees).
    weights: Vec<f64>,
    fractions: Vec<f64>,
    iterations: Vec<usize>,
    fitted: Vec<Option<P>>,
    memory: Vec<Option<u64>>,
    /// When the first worker started fitting (page clock, ms): the run's training time goes
    /// from then to the last share, so it includes the extra workers' late start (receiving
    /// the data, preparing their matrix) as the user waits for it.
    started_ms: Option<f64>,
    /// A boosted run's current round, gathered from the workers.
    rounds: RoundCollector<P>,
    /// A logistic regression's current evaluation: the workers' blocks' sums.
    sums: EvalCollector<P>,
}

impl<P> SplitRun<P> {
    /// The split of `run` over `workers` workers, or none when the plan is one share (every
    /// model but the forest, boosting and logistic regression, one worker, a forest of one
    /// tree) or boosting has one tree per round (a two-class preset target): then the run is a
    /// plain [`TrainerRequest::Train`] on one worker.
    pub fn new(run: RunConfig, workers: usize) -> Result<Option<SplitRun<P>>> {
        let shares = plan(&run.model, workers)?;
        // A two-class target boosts one tree per round: nothing to share out.
        let binary = matches!(run.features.target, Target::Part12 | Target::Arrest);
        if shares.len() < 2 || (binary && matches!(run.model, ModelParams::Gbdt(_))) {
            return Ok(None);
        }
        let total = match &run.model {
            ModelParams::RandomForest(p) => p.n_trees.max(1) as f64,
            _ => 1.0,
        };
        let weights = shares
            .iter()
            .map(|s| match s {
                Share::Trees { start, end } => (end - start) as f64 / total,
                // Every boosting worker goes through every round.
                Share::Rounds { workers, .. } => 1.0 / *workers as f64,
                // Logistic-regression workers go in step; only the first reports progress.
                Share::Blocks { worker, .. } => f64::from(*worker == 0),
                Share::Whole => 1.0,
            })
            .collect();
        let n = shares.len();
        Ok(Some(SplitRun {
            run,
            shares,
            weights,
            fractions: vec![0.0; n],
            iterations: vec![0; n],
            fitted: (0..n).map(|_| None).collect(),
            memory: vec![None; n],
            started_ms: None,
            rounds: RoundCollector::new(n),
            sums: EvalCollector::new(n),
        }))
    }

    /// How many workers take part (worker 0 is the one that merges).
    pub fn workers(&self) -> usize {
        self.shares.len()
    }

    /// The request for worker `index`.
    pub fn request(&self, index: usize) -> TrainerRequest {
        TrainerRequest::FitShare { run: self.run.clone(), share: self.shares[index].clone() }
    }

    /// The run being trained.
    pub fn run(&self) -> &RunConfig {
        &self.run
    }

    /// Worker `index` sent `response` with `payloads` beside it, at `now_ms` on the page's clock.
    pub fn on_response(
        &mut self,
        index: usize,
        response: TrainerResponse,
        payloads: Vec<P>,
        now_ms: f64,
    ) -> Step<P> {
        let workers = self.workers();
        if index >= workers {
            return Step::Wait;
        }
        match response {
            TrainerResponse::Event { event: RunEvent::Prepared { summary } } => {
                self.started_ms = Some(self.started_ms.map_or(now_ms, |t| t.min(now_ms)));
                // Every worker builds the same matrix: the first one's summary is shown.
                match index {
                    0 => Step::Show(TrainerResponse::Event { event: RunEvent::Prepared { summary } }),
                    _ => Step::Wait,
                }
            }
            TrainerResponse::Event { event: RunEvent::Training(p) } => {
                self.fractions[index] = p.fraction.clamp(0.0, 1.0);
                self.iterations[index] = p.iteration;
                Step::Show(self.progress())
            }
            TrainerResponse::Event { event: RunEvent::Evaluating } => Step::Wait,
            TrainerResponse::BoostRound { trees } => {
                let Some(leaves) = payloads.into_iter().next() else {
                    return Step::Failed(format!(
                        "Training worker {} of {workers} sent a round without its row leaves; train again.",
                        index + 1
                    ));
                };
                match self.rounds.add(index, trees, leaves) {
                    Ok(Some((trees, leaves))) => {
                        Step::Broadcast(Box::new(TrainerRequest::BoostNext { trees }), leaves)
                    }
                    Ok(None) => Step::Wait,
                    Err(err) => Step::Failed(format!("Training worker {} of {workers}: {err}", index + 1)),
                }
            }
            TrainerResponse::BlockSums => {
                let Some(sums) = payloads.into_iter().next() else {
                    return Step::Failed(format!(
                        "Training worker {} of {workers} sent no block sums; train again.",
                        index + 1
                    ));
                };
                match self.sums.add(index, sums) {
                    Ok(Some(all)) => Step::Broadcast(Box::new(TrainerRequest::LogregNext), all),
                    Ok(None) => Step::Wait,
                    Err(err) => Step::Failed(format!("Training worker {} of {workers}: {err}", index + 1)),
                }
            }
            TrainerResponse::ShareFitted { share, peak_memory_bytes } => {
                if share != self.shares[index] {
                    return Step::Failed(format!(
                        "Training worker {} of {workers} fitted {} instead of {}; train again.",
                        index + 1,
                        share.describe(),
                        self.shares[index].describe()
                    ));
                }
                let Some(payload) = payloads.into_iter().next() else {
                    return Step::Failed(format!(
                        "Training worker {} of {workers} sent no trees; train again.",
                        index + 1
                    ));
                };
                self.fitted[index] = Some(payload);
                self.memory[index] = peak_memory_bytes;
                self.fractions[index] = 1.0;
                self.merge_when_complete(now_ms)
            }
            TrainerResponse::Failed { message } => match index {
                0 => Step::Failed(message),
                _ => Step::Failed(format!("Training worker {} of {workers}: {message}", index + 1)),
            },
            _ => Step::Wait,
        }
    }

    /// The whole run's progress: each share's fraction weighted by its trees, summed in plan
    /// order.
    fn progress(&self) -> TrainerResponse {
        let fraction = self.weights.iter().zip(&self.fractions).fold(0.0, |sum, (w, f)| sum + w * f);
        let iteration = self.iterations.iter().sum();
        let progress = TrainProgress { fraction: fraction.min(1.0), iteration, ..Default::default() };
        TrainerResponse::Event { event: RunEvent::Training(progress) }
    }

    fn merge_when_complete(&mut self, now_ms: f64) -> Step<P> {
        if self.fitted.iter().any(Option::is_none) {
            return Step::Wait;
        }
        let others: Option<u64> = self.memory[1..].iter().copied().sum();
        let request = TrainerRequest::MergeShares {
            run: self.run.clone(),
            train_ms: now_ms - self.started_ms.unwrap_or(now_ms),
            others_memory_bytes: others,
        };
        let payloads = self.fitted.iter_mut().map(|p| p.take().expect("checked above")).collect();
        Step::Merge(Box::new(request), payloads)
    }
}
