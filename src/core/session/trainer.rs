//! The trainer's session: its own copy of the dataset and the last training matrix (reused
//! while the feature settings stay the same), and every [`TrainerRequest`]. Progress goes to a
//! callback, at most every [`PROGRESS_EVERY_MS`](super::throttle::PROGRESS_EVERY_MS); the
//! callback returning `false` cancels the request ([`ErrorKind::Cancelled`]).

use super::fitted_share::{merge_fitted, FittedShare};
use super::payload::{Outgoing, Payload, Reply};
use super::test_scoring::TestScoring;
use super::throttle::Throttle;
use crate::core::data::Dataset;
use crate::core::eval::{ExportedModel, ImportanceOptions, TestIncidents, TestPredictions};
use crate::core::experiment::{evaluate_fitted, fit_prepared, Fitted, RunConfig, RunEvent};
use crate::core::features::{prepare, FeatureConfig, FeatureSummary, Prepared, TrainMatrix};
use crate::core::models::gbdt::rounds::{output_shares, RoundWorker, WorkerStep};
use crate::core::models::logreg::fit::{FitStep, LogregFit};
use crate::core::models::{AnyModel, Learner, ModelParams, TrainData, TrainProgress};
use crate::core::parallel::Parallelism;
use crate::core::protocol::TrainerRequest;
use crate::core::protocol::TrainerResponse;
use crate::core::search::{tune_pieces, TuneJob, TunePart};
use crate::core::train_shares::{self, Share};
use crate::core::{Error, ErrorKind, Result};

/// The shares of a split run, as [`TrainerRequest::MergeShares`] brings them.
struct SplitFit {
    /// Each share's [`FittedShare`] JSON, in plan order.
    parts: Vec<Vec<u8>>,
    /// The page's wall time of the share phase (ms).
    train_ms: f64,
    /// The other workers' peak memory, summed.
    others_memory_bytes: Option<u64>,
}

/// Where progress messages go; `false` cancels.
pub type Progress<'p> = dyn FnMut(TrainerResponse) -> bool + 'p;

/// A boosted run split over workers, between this worker's rounds.
struct Boosting {
    run: RunConfig,
    share: Share,
    worker: RoundWorker,
    /// Every round's progress so far (the learning curve).
    curve: Vec<TrainProgress>,
    /// Paces the progress messages (every round is recorded, not every one is sent).
    throttle: Throttle,
    /// The test rows' scores, on the worker that holds them (the first).
    scoring: Option<TestScoring>,
}

/// A logistic regression split over workers, between this worker's evaluations.
struct LinearSplit {
    run: RunConfig,
    share: Share,
    fit: LogregFit,
    /// Every iteration's progress so far (the learning curve; the first worker's only).
    curve: Vec<TrainProgress>,
    /// Whether this worker reports progress (the first one does; the others go in step).
    reports: bool,
    /// Paces the progress messages (every iteration is recorded, not every one is sent).
    throttle: Throttle,
}

/// The single-thread training data of `run`'s matrix, which the worker prepared (or received)
/// when the split run started (`what` names the run in the error when it is gone or for other
/// features).
fn step_data<'a>(
    prepared: &'a Option<(FeatureConfig, Prepared)>,
    shared: &'a Option<(FeatureConfig, TrainMatrix)>,
    run: &RunConfig,
    what: &str,
) -> Result<TrainData<'a>> {
    let data = match (prepared, shared) {
        (Some((features, prepared)), _) if *features == run.features => prepared.train_data(run.seed),
        (_, Some((features, shared))) if *features == run.features => shared.train_data(run.seed),
        _ => return Err(Error::missing(format!("the training matrix of {what}"))),
    };
    Ok(TrainData { parallelism: Parallelism::ONE, ..data })
}

/// The trainer's dataset and matrix cache.
#[derive(Default)]
pub struct TrainerSession {
    current: Option<(Dataset, String)>,
    prepared: Option<(FeatureConfig, Prepared)>,
    /// Another worker's training matrix ([`TrainerRequest::SetMatrix`]), for the shares of a
    /// split run.
    shared: Option<(FeatureConfig, TrainMatrix)>,
    boosting: Option<Boosting>,
    linear: Option<LinearSplit>,
    /// The test rows' scores of the boosted run this worker finished last, for its merge.
    scored: Option<(RunConfig, TestScoring)>,
}

impl TrainerSession {
    /// A session with no dataset.
    pub fn new() -> TrainerSession {
        TrainerSession::default()
    }

    /// Whether a matrix for `features` is kept for reuse.
    pub fn has_matrix_for(&self, features: &FeatureConfig) -> bool {
        self.prepared.as_ref().is_some_and(|(c, _)| c == features)
    }

    /// Handles one request: progress goes to `progress`, the final answer is returned
    /// (none for [`TrainerRequest::SetDataset`], which is answered by nothing). A failure is a
    /// [`TrainerResponse::Failed`].
    pub fn handle<P: Payload>(
        &mut self,
        request: TrainerRequest,
        received: &[P],
        progress: &mut Progress<'_>,
    ) -> Option<Reply<'_, TrainerResponse>> {
        let reply = match request {
            TrainerRequest::SetDataset { file_name } => match received.first().map(Payload::to_dataset) {
                Some(Ok(dataset)) => {
                    (self.prepared, self.shared) = (None, None);
                    self.current = Some((dataset, file_name));
                    return None;
                }
                Some(Err(err)) => Err(err),
                None => Err(Error::missing("the dataset")),
            },
            TrainerRequest::SetMatrix { features } => match received.first().map(Payload::to_train_matrix) {
                Some(Ok(matrix)) => {
                    self.shared = Some((features, matrix));
                    return None;
                }
                Some(Err(err)) => Err(err),
                None => Err(Error::missing("the training matrix")),
            },
            TrainerRequest::ShareMatrix { features, copies } => {
                self.share_matrix(&features, copies, progress)
            }
            TrainerRequest::Prepare { features } => self
                .prepared_summary(&features)
                .map(|summary| Reply::bare(TrainerResponse::Prepared { summary: Box::new(summary) })),
            TrainerRequest::Tune { features, model, tune } => self.tune(&features, model, &tune, progress),
            TrainerRequest::TunePart { job, part } => self.tune_part(job, part, progress),
            TrainerRequest::Train { run } => self.train(run, None, progress),
            TrainerRequest::FitShare { run, share: share @ Share::Rounds { .. } } => {
                self.start_boosting(run, share, progress)
            }
            TrainerRequest::FitShare { run, share: share @ Share::Blocks { .. } } => {
                self.start_logreg(run, share, progress)
            }
            TrainerRequest::FitShare { run, share } => self.fit_share(run, share, progress),
            TrainerRequest::LogregNext => {
                let sums: Vec<Vec<u8>> = received.iter().map(Payload::to_bytes).collect();
                self.logreg_next(&sums, progress)
            }
            TrainerRequest::BoostNext { trees } => {
                let leaves: Vec<Vec<u8>> = received.iter().map(Payload::to_bytes).collect();
                self.boost_next(trees, &leaves, progress)
            }
            TrainerRequest::MergeShares { run, train_ms, others_memory_bytes } => {
                let parts: Vec<Vec<u8>> = received.iter().map(Payload::to_bytes).collect();
                let split = SplitFit { parts, train_ms, others_memory_bytes };
                self.train(run, Some(split), progress)
            }
            TrainerRequest::Importance { options } => match received.first() {
                Some(model) => self.importance(&model.to_bytes(), &options, progress),
                None => Err(Error::missing("the model to explain")),
            },
            TrainerRequest::WarmUp => {
                crate::core::models::warm_up::warm_up().map(|()| Reply::bare(TrainerResponse::WarmedUp))
            }
            TrainerRequest::Apply { model_name } => match received.first() {
                Some(model) => self.apply(&model.to_bytes(), &model_name, progress),
                None => Err(Error::missing("the model to apply")),
            },
        };
        Some(reply.unwrap_or_else(|err| Reply::bare(TrainerResponse::Failed { message: err.to_string() })))
    }

    fn dataset(&self) -> Result<(&Dataset, &str)> {
        self.current.as_ref().map(|(ds, name)| (ds, name.as_str())).ok_or_else(Error::no_dataset)
    }

    /// Prepares (or reuses) the matrix for `features` and returns its summary.
    fn prepared_summary(&mut self, features: &FeatureConfig) -> Result<FeatureSummary> {
        Ok(self.prepared_for(features)?.summary.clone())
    }

    /// The matrix for `features`, prepared now or reused.
    fn prepared_for(&mut self, features: &FeatureConfig) -> Result<&mut Prepared> {
        if !self.has_matrix_for(features) {
            let prepared = prepare(self.dataset()?.0, features)?;
            self.prepared = Some((features.clone(), prepared));
        }
        Ok(&mut self.prepared.as_mut().expect("prepared above").1)
    }

    /// The single-thread training data of a share of `run`: the matrix another worker sent
    /// ([`TrainerRequest::SetMatrix`]) or, without one, the matrix prepared (or reused) here
    /// and announced.
    fn share_data(&mut self, run: &RunConfig, progress: &mut Progress<'_>) -> Result<TrainData<'_>> {
        if !self.shared.as_ref().is_some_and(|(features, _)| *features == run.features) {
            self.announce_prepared(&run.features, progress)?;
        }
        step_data(&self.prepared, &self.shared, run, "the split run")
    }

    /// Prepares (or reuses) the matrix for `features`, announces it and answers `copies`
    /// copies of its training part for the other workers of a split run.
    fn share_matrix(
        &mut self,
        features: &FeatureConfig,
        copies: usize,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'_, TrainerResponse>> {
        self.announce_prepared(features, progress)?;
        let prepared = self.prepared_for(features)?;
        let payloads = (0..copies).map(|_| Outgoing::Matrix(prepared)).collect();
        Ok(Reply { response: TrainerResponse::MatrixShared, payloads })
    }

    /// Prepares (or reuses) the matrix for `features` and reports its summary; `Cancelled` when
    /// the progress callback says so.
    fn announce_prepared(&mut self, features: &FeatureConfig, progress: &mut Progress<'_>) -> Result<()> {
        let summary = Box::new(self.prepared_summary(features)?);
        match progress(TrainerResponse::Event { event: RunEvent::Prepared { summary } }) {
            true => Ok(()),
            false => Err(ErrorKind::Cancelled.into()),
        }
    }

    /// Prepares (or reuses) the matrix for `features` and answers its summary ahead of a
    /// search; `Cancelled` when the progress callback says so.
    fn report_summary(&mut self, features: &FeatureConfig, progress: &mut Progress<'_>) -> Result<()> {
        let summary = Box::new(self.prepared_summary(features)?);
        match progress(TrainerResponse::Prepared { summary }) {
            true => Ok(()),
            false => Err(ErrorKind::Cancelled.into()),
        }
    }

    fn tune(
        &mut self,
        features: &FeatureConfig,
        model: crate::core::models::ModelKind,
        tune: &crate::core::search::TuneConfig,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        self.report_summary(features, progress)?;
        let mut throttle = Throttle::new();
        let result = crate::core::search::tune(self.dataset()?.0, features, model, tune, &mut |p| {
            !throttle.ready(p.fraction >= 1.0) || progress(TrainerResponse::TuneProgress(p.clone()))
        })?;
        Ok(Reply::bare(TrainerResponse::Tuned { result: Box::new(result) }))
    }

    /// Evaluates this worker's part of a search shared out over workers (one thread). Worker 0
    /// first reports the training matrix's summary as a plain Tune does; the others skip the
    /// matrix, which their fits do not use.
    fn tune_part(
        &mut self,
        job: TuneJob,
        part: TunePart,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        if part.worker == 0 {
            self.report_summary(&job.features, progress)?;
        }
        let mut throttle = Throttle::new();
        let (ds, _) = self.dataset()?;
        let outcomes = tune_pieces(ds, &job.features, job.model, &job.tune, part.range(), &mut |p| {
            !throttle.ready(p.fraction >= 1.0) || progress(TrainerResponse::TuneProgress(p.clone()))
        })?;
        Ok(Reply::bare(TrainerResponse::TunePartDone { job: Box::new(job), part, outcomes }))
    }

    /// Fits one share of a split run on this worker's matrix, exactly as [`fit_prepared`] fits
    /// the whole model (same training data, seed and single thread).
    fn fit_share(
        &mut self,
        run: RunConfig,
        share: Share,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        let data = self.share_data(&run, progress)?;
        let mut throttle = Throttle::new();
        let model = train_shares::fit_share(&run.model, &share, &data, &mut |p: &TrainProgress| {
            !throttle.ready(p.fraction >= 1.0)
                || progress(TrainerResponse::Event { event: RunEvent::Training(p.clone()) })
        })?;
        share_fitted(FittedShare { run, share, model, curve: Vec::new() })
    }

    /// Starts this worker's part of a boosted run split over workers: prepares (or reuses)
    /// the matrix and grows its classes' trees of the first round.
    fn start_boosting(
        &mut self,
        run: RunConfig,
        share: Share,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        self.boosting = None;
        self.scored = None;
        let (ModelParams::Gbdt(params), Share::Rounds { worker, workers }) = (&run.model, &share) else {
            return Err(Error::invalid_param(
                "training",
                "share",
                share.describe(),
                "rounds of a boosted model",
            ));
        };
        // Checked once, before the matrix is built.
        let params = params.clone().check()?;
        let (worker, workers) = (*worker, *workers);
        let data = self.share_data(&run, progress)?;
        let outputs = output_shares(data.n_classes, workers).get(worker).cloned().ok_or_else(|| {
            Error::invalid_param("training", "worker", worker + 1, format!("1 to {workers}"))
        })?;
        let (round_worker, step) = RoundWorker::start(&params, &data, outputs)?;
        // The worker that holds the dataset has the test rows: it scores them between rounds.
        let holds_test = self.prepared.as_ref().is_some_and(|(features, _)| *features == run.features);
        let scoring = (worker == 0 && workers > 1 && holds_test).then(TestScoring::default);
        self.boosting = Some(Boosting {
            run,
            share,
            worker: round_worker,
            curve: Vec::new(),
            throttle: Throttle::new(),
            scoring,
        });
        self.boost_step(step)
    }

    /// Takes a whole round of the boosted run, with the other workers' row leaves (in worker
    /// order), and grows this worker's trees of the next one, or sends the finished model.
    fn boost_next(
        &mut self,
        trees: Vec<crate::core::models::hist::BinTree>,
        leaves: &[Vec<u8>],
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        let Some(boosting) = self.boosting.as_mut() else {
            return Err(Error::missing("the boosted run this round belongs to"));
        };
        let data = step_data(&self.prepared, &self.shared, &boosting.run, "the boosted run")?;
        if let Some(scoring) = &mut boosting.scoring {
            scoring.hold(&trees, boosting.worker.refitting());
        }
        let leaves: Vec<&[u8]> = leaves.iter().map(Vec::as_slice).collect();
        let step = {
            let mut monitor = split_monitor(&mut boosting.curve, true, &mut boosting.throttle, progress);
            boosting.worker.next(&data, trees, &leaves, &mut monitor)
        };
        match step {
            Ok(step) => self.boost_step(step),
            Err(err) => {
                self.boosting = None;
                Err(err)
            }
        }
    }

    /// The reply for a boosting worker's step: its next round's trees, or the whole model.
    fn boost_step(&mut self, step: WorkerStep) -> Result<Reply<'static, TrainerResponse>> {
        match step {
            WorkerStep::Round(trees, leaves) => Ok(Reply {
                response: TrainerResponse::BoostRound { trees },
                payloads: vec![Outgoing::RowLeaves(leaves)],
            }),
            WorkerStep::Finished(model) => {
                let Boosting { run, share, curve, scoring, .. } =
                    self.boosting.take().expect("a boosted run");
                self.scored = scoring.map(|scoring| (run.clone(), scoring));
                share_fitted(FittedShare { run, share, model: AnyModel::Gbdt(*model), curve })
            }
        }
    }

    /// Starts this worker's part of a logistic regression split over workers: prepares (or
    /// reuses) the matrix and sums its blocks of rows at the start point.
    fn start_logreg(
        &mut self,
        run: RunConfig,
        share: Share,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        self.linear = None;
        let (ModelParams::Logreg(params), Share::Blocks { worker, workers }) = (&run.model, &share) else {
            return Err(Error::invalid_param(
                "training",
                "share",
                share.describe(),
                "row blocks of a logistic regression",
            ));
        };
        let params = params.clone().check()?;
        let (worker, workers) = (*worker, *workers);
        let data = self.share_data(&run, progress)?;
        let (fit, step) = LogregFit::start(&params, &data, worker, workers)?;
        self.linear = Some(LinearSplit {
            run,
            share,
            fit,
            curve: Vec::new(),
            reports: worker == 0,
            throttle: Throttle::new(),
        });
        self.logreg_step(step)
    }

    /// Takes the other workers' blocks' sums of the last evaluation (in worker order) and
    /// answers this worker's sums of the next one, or the whole model.
    fn logreg_next(
        &mut self,
        sums: &[Vec<u8>],
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        let Some(linear) = self.linear.as_mut() else {
            return Err(Error::missing("the logistic regression these sums belong to"));
        };
        let data = step_data(&self.prepared, &self.shared, &linear.run, "the logistic regression")?;
        let sums: Vec<&[u8]> = sums.iter().map(Vec::as_slice).collect();
        let step = {
            let mut monitor =
                split_monitor(&mut linear.curve, linear.reports, &mut linear.throttle, progress);
            linear.fit.next(&data, &sums, &mut monitor)
        };
        match step {
            Ok(step) => self.logreg_step(step),
            Err(err) => {
                self.linear = None;
                Err(err)
            }
        }
    }

    /// What a worker does once its reply is on its way, while the other workers of a split run
    /// work on theirs: a logistic-regression worker scores the validation rows for the
    /// iteration it held back ([`LogregFit::flush_progress`]). Optional: the next request does
    /// it otherwise. Work that takes longer waits for [`spare_slice`](Self::spare_slice).
    pub fn after_reply(&mut self, progress: &mut Progress<'_>) {
        let Some(linear) = self.linear.as_mut() else { return };
        let Ok(data) = step_data(&self.prepared, &self.shared, &linear.run, "the logistic regression") else {
            return;
        };
        let failed = {
            let mut monitor =
                split_monitor(&mut linear.curve, linear.reports, &mut linear.throttle, progress);
            linear.fit.flush_progress(&data, &mut monitor).is_err()
        };
        if failed {
            self.linear = None;
        }
    }

    /// Does one short slice (a few milliseconds) of the work a worker keeps for its spare
    /// time: the first worker of a split boosted run adds the rounds it holds to the test
    /// rows' scores ([`TestScoring`]). Returns whether more is left; call it again only when
    /// no request is waiting, since every request does what it needs first. Optional: the
    /// evaluation does what is left.
    pub fn spare_slice(&mut self) -> bool {
        let Some((_, prepared)) = &self.prepared else { return false };
        if let Some(boosting) = &mut self.boosting {
            if let Some(scoring) = &mut boosting.scoring {
                return scoring.step(Some(&boosting.worker), &prepared.test);
            }
        }
        if let Some((_, scoring)) = &mut self.scored {
            return scoring.step(None, &prepared.test);
        }
        false
    }

    /// The reply for a logistic-regression worker's step: its next sums, or the whole model.
    fn logreg_step(&mut self, step: FitStep) -> Result<Reply<'static, TrainerResponse>> {
        match step {
            FitStep::Partials(sums) => {
                Ok(Reply { response: TrainerResponse::BlockSums, payloads: vec![Outgoing::BlockSums(sums)] })
            }
            FitStep::Finished(model) => {
                let LinearSplit { run, share, curve, .. } =
                    self.linear.take().expect("a logistic regression");
                share_fitted(FittedShare { run, share, model: AnyModel::Logreg(*model), curve })
            }
        }
    }

    /// Fits (or, for a split run, merges the shares of) `run`'s model and evaluates it.
    fn train(
        &mut self,
        run: RunConfig,
        split: Option<SplitFit>,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        self.announce_prepared(&run.features, progress)?;
        // The shares are checked before the matrix is taken: a refused share leaves it cached.
        let merged = match &split {
            Some(s) => Some(merge_fitted(&run, &s.parts)?),
            None => None,
        };
        let (_, prepared) = self.prepared.take().expect("prepared above");
        let scored = self.scored.take().filter(|(scored_run, _)| *scored_run == run).map(|(_, s)| s);
        let (dataset, name) = self.dataset()?;
        let mut throttle = Throttle::new();
        let mut on_event = |event: &RunEvent| {
            let send = match event {
                RunEvent::Training(p) => throttle.ready(p.fraction >= 1.0),
                _ => true,
            };
            !send || progress(TrainerResponse::Event { event: event.clone() })
        };
        let mut output = match (merged, &split) {
            (Some((model, curve)), Some(s)) => {
                let test_proba = match (&model, scored) {
                    (AnyModel::Gbdt(gbdt), Some(scoring)) => scoring.proba_of(gbdt, &prepared.test),
                    _ => None,
                };
                let fitted = Fitted { model, curve, train_ms: s.train_ms, test_proba };
                evaluate_fitted(dataset, Some(name), &run, prepared, fitted, Parallelism::ONE, &mut on_event)?
            }
            _ => fit_prepared(dataset, Some(name), &run, prepared, &mut on_event)?,
        };
        let export_json = output.export().to_json()?;
        let proba = std::mem::take(&mut output.test_proba);
        let incidents = TestIncidents::of_rows(dataset, &output.prepared.test_rows);
        let p = &output.prepared;
        let predictions =
            TestPredictions::new(p.classes.clone(), p.test_rows.clone(), p.y_test.clone(), proba, incidents)?;
        output.result.peak_memory_bytes = memory_bytes();
        if let Some(s) = &split {
            let workers = s.parts.len();
            // Every worker that took part holds its own dataset and matrix: their peaks add up.
            output.result.peak_memory_bytes =
                output.result.peak_memory_bytes.map(|mine| mine + s.others_memory_bytes.unwrap_or(0));
            let how = match run.model.kind() {
                crate::core::models::ModelKind::Gbdt => format!(
                    "The trees were grown by {workers} trainer workers (each round's trees shared out by \
                     class; the same model as one worker grows)"
                ),
                crate::core::models::ModelKind::Logreg => format!(
                    "The model was fitted by {workers} trainer workers (each summing its blocks of rows \
                     at every step; the same model as one worker fits)"
                ),
                _ => format!(
                    "The trees were grown by {workers} trainer workers (the same forest as one worker grows)"
                ),
            };
            output.result.notes.push(format!(
                "{how}; training time is the page's wall time from the first worker fitting to the last \
                 share, and peak memory is the sum over the {workers} workers."
            ));
            if output.scored_while_fitting {
                output.result.notes.push(
                    "The first worker scored the test rows in its spare time between rounds, while the \
                     others grew their trees, and added any rounds still unscored at the end (the same \
                     scores as predicting them after the last round)."
                        .to_owned(),
                );
            }
        }
        self.prepared = Some((run.features, output.prepared));
        // The card's metrics are the evaluation: they stay out of the message (the page puts
        // them back), which halves the JSON the page parses when the result arrives.
        let mut result = output.result;
        result.card.metrics = None;
        Ok(Reply {
            response: TrainerResponse::Trained { result: Box::new(result) },
            payloads: vec![
                Outgoing::Predictions(Box::new(predictions)),
                Outgoing::ModelJson(export_json.into_bytes()),
            ],
        })
    }

    fn importance(
        &mut self,
        model: &[u8],
        options: &ImportanceOptions,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        let started = web_time::Instant::now();
        let exported = ExportedModel::from_slice(model)?;
        let features = crate::core::explain::feature_config(&exported)?.clone();
        let prepared = self.prepared_for(&features)?;
        let mut throttle = Throttle::new();
        let importance = crate::core::explain::importance_on(&exported, prepared, options, &mut |p| {
            !throttle.ready(p.done == p.total) || progress(TrainerResponse::ImportanceProgress(p.clone()))
        })?;
        let ms = started.elapsed().as_secs_f64() * 1e3;
        Ok(Reply::bare(TrainerResponse::Importance { importance: Box::new(importance), ms }))
    }

    /// Applies a saved model (its JSON bytes) to every row of the dataset.
    fn apply(
        &mut self,
        model: &[u8],
        model_name: &str,
        progress: &mut Progress<'_>,
    ) -> Result<Reply<'static, TrainerResponse>> {
        let exported =
            ExportedModel::from_slice(model).map_err(|e| Error::file_refused(model_name, "applied", e))?;
        let (dataset, data_name) = self.dataset()?;
        let rows: Vec<u32> = (0..dataset.rows() as u32).collect();
        let mut throttle = Throttle::new();
        let applied =
            crate::core::apply::apply_with_progress(&exported, dataset, &rows, &mut |done, total| {
                !throttle.ready(done == total) || progress(TrainerResponse::ApplyProgress { done, total })
            })?;
        let result = applied.run_result(&exported, data_name).map(|mut r| {
            r.peak_memory_bytes = memory_bytes();
            Box::new(r)
        });
        let payloads = match result {
            Some(_) => vec![Outgoing::Predictions(Box::new(applied.labelled_predictions()?))],
            None => Vec::new(),
        };
        Ok(Reply {
            response: TrainerResponse::Applied { summary: Box::new(applied.summary), result },
            payloads,
        })
    }
}

/// A split run's progress on one worker: every step into the curve, paced to `progress`, when
/// the worker `reports` (else ignored); `false` cancels.
fn split_monitor<'m, 'p>(
    curve: &'m mut Vec<TrainProgress>,
    reports: bool,
    throttle: &'m mut Throttle,
    progress: &'m mut Progress<'p>,
) -> impl FnMut(&TrainProgress) -> bool + use<'m, 'p> {
    move |p: &TrainProgress| {
        if !reports {
            return true;
        }
        curve.push(p.clone());
        !throttle.ready(p.fraction >= 1.0)
            || progress(TrainerResponse::Event { event: RunEvent::Training(p.clone()) })
    }
}

/// The answer carrying a fitted share: its JSON travels beside [`TrainerResponse::ShareFitted`].
fn share_fitted(fitted: FittedShare) -> Result<Reply<'static, TrainerResponse>> {
    let bytes = fitted.to_bytes()?;
    Ok(Reply {
        response: TrainerResponse::ShareFitted { share: fitted.share, peak_memory_bytes: memory_bytes() },
        payloads: vec![Outgoing::ModelJson(bytes)],
    })
}

/// This worker's wasm linear memory in bytes (it only grows, so this is its peak so far);
/// none in a native build.
fn memory_bytes() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    return Some(core::arch::wasm32::memory_size(0) as u64 * 65_536);
    #[cfg(not(target_arch = "wasm32"))]
    None
}
