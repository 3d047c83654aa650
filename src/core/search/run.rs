//! Running a search: fit every candidate on every fold, score, rank.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use web_time::Instant;

use super::folds::{check_folds, Fold};
use super::score::Score;
use super::space::{Candidate, ParamsJson};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::models::{
    Model, ModelKind, ModelParams, Monitor, TrainData, TrainProgress, ValidModelParams,
};
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// Params a search can fit: any serde params type that is checked into a form that trains
/// some [`Model`]. A search checks each candidate once, before any of its folds is built, and
/// fits the checked form on every fold.
pub trait Searchable: ParamsJson + Clone {
    /// The params once checked (for models, [`Valid`](crate::core::models::Valid) params).
    type Checked: Sync;

    /// Checks every value, naming the first out of range.
    fn check_candidate(&self) -> Result<Self::Checked>;

    /// Whether a fit of these params (with its validation predictions) keeps several threads
    /// busy. A search whose candidates all answer no runs its fits side by side instead, one
    /// thread each. Default: yes.
    fn fit_uses_threads(_checked: &Self::Checked) -> bool {
        true
    }

    /// Trains checked params on `data`.
    fn fit_model(
        params: &Self::Checked,
        data: &TrainData,
        monitor: &mut dyn Monitor,
    ) -> Result<Box<dyn Model>>;
}

/// A search space over the params of any model (`{"base": {"model": …, "params": …}, "params": […]}`).
pub type ModelParamsSpace = super::SearchSpace<ModelParams>;

impl ParamsJson for ModelParams {
    const PARAMS_POINTER: &'static str = "/params";
}

impl Searchable for ModelParams {
    type Checked = ValidModelParams;

    fn check_candidate(&self) -> Result<ValidModelParams> {
        self.clone().check()
    }

    fn fit_model(
        params: &ValidModelParams,
        data: &TrainData,
        monitor: &mut dyn Monitor,
    ) -> Result<Box<dyn Model>> {
        Ok(Box::new(params.fit(data, monitor)?))
    }

    /// The MLP, the linear SVM, naive Bayes and the baselines train and predict on one thread.
    fn fit_uses_threads(checked: &ValidModelParams) -> bool {
        !matches!(
            checked.kind(),
            ModelKind::Mlp
                | ModelKind::SvmLinear
                | ModelKind::NaiveBayes
                | ModelKind::Majority
                | ModelKind::Stratified
        )
    }
}

/// The rows a search draws its folds from.
#[derive(Debug, Clone, Copy)]
pub struct SearchData<'a> {
    /// Features of all rows the folds index.
    pub x: &'a FeatureFrame,
    /// Class of each row.
    pub y: &'a [u32],
    /// Number of classes.
    pub n_classes: usize,
    /// Optional weight per row (class weights).
    pub weights: Option<&'a [f32]>,
}

/// Settings of [`search`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchOptions {
    /// Score to rank by (default macro F1).
    pub score: Score,
    /// Seed of the fits; fold `f` uses the same derived seed for every candidate, so candidates
    /// are compared on equal terms.
    pub seed: u64,
    /// Hand each fold's validation rows to the fit for early stopping (default false: the
    /// validation fold then stays unseen until scoring).
    pub early_stopping_on_valid: bool,
    /// Keep the fold frames in memory across candidates while they take at most this many
    /// bytes (default 256 MB); otherwise each fit gathers its rows anew.
    pub fold_cache_bytes: usize,
    /// Threads each fit (and its validation predictions) may use; never decides a result, so
    /// it is not part of the settings' JSON.
    #[serde(skip)]
    pub parallelism: Parallelism,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            score: Score::MacroF1,
            seed: 42,
            early_stopping_on_valid: false,
            fold_cache_bytes: 256 << 20,
            parallelism: Parallelism::ONE,
        }
    }
}

/// Progress of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchProgress {
    /// Candidate being fitted (0-based).
    pub candidate: usize,
    /// Candidates in all.
    pub candidates: usize,
    /// Fold being fitted (0-based).
    pub fold: usize,
    /// Folds per candidate.
    pub folds: usize,
    /// Share of all fits done, 0–1.
    pub fraction: f64,
    /// Best mean score of the candidates finished so far (none on a split search's workers).
    pub best_score: Option<f64>,
    /// Fits finished (of `candidates × folds`, or of a worker's share of them).
    #[serde(default)]
    pub done: usize,
    /// Candidates whose every fold is scored (or failed).
    #[serde(default)]
    pub finished: usize,
    /// Trainer workers sharing the search (0 or 1: one).
    #[serde(default)]
    pub workers: usize,
}

/// How one candidate did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateResult<P> {
    /// 1-based rank (failed candidates come last).
    pub rank: usize,
    /// Position in the candidate list.
    pub index: usize,
    /// The complete params.
    pub params: P,
    /// The varied hyper-parameters.
    pub values: BTreeMap<String, Value>,
    /// Mean validation score over folds (`None` if the fit failed).
    pub mean: Option<f64>,
    /// Standard deviation of the fold scores (population, as scikit-learn's `std_test_score`).
    pub std: Option<f64>,
    /// The score of each fold.
    pub fold_scores: Vec<f64>,
    /// Mean time per fold of the fit and the scoring of its validation rows, milliseconds.
    pub fit_ms: f64,
    /// Why the fit failed (invalid params…).
    pub error: Option<String>,
}

/// The results table of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResult<P> {
    /// Score the candidates are ranked by.
    pub score: Score,
    /// Folds per candidate.
    pub folds: usize,
    /// Candidates, best first.
    pub candidates: Vec<CandidateResult<P>>,
    /// Params of the best candidate (refit them on all training rows).
    pub best: Option<P>,
    /// Whether the search was cancelled (the table then holds the candidates finished before).
    pub cancelled: bool,
    /// Wall time of the search, milliseconds.
    pub elapsed_ms: f64,
}

/// Forwards fit progress as search progress and remembers a cancel.
pub(super) struct Forward<'a, 'b> {
    pub progress: &'a mut dyn FnMut(&SearchProgress) -> bool,
    pub report: SearchProgress,
    pub done: usize,
    pub total: usize,
    pub cancelled: &'b mut bool,
}

impl Monitor for Forward<'_, '_> {
    fn report(&mut self, p: &TrainProgress) -> bool {
        self.report.fraction = (self.done as f64 + p.fraction.clamp(0.0, 1.0)) / self.total as f64;
        if !(self.progress)(&self.report) {
            *self.cancelled = true;
        }
        !*self.cancelled
    }
}

/// One timed fit of a search ([`timed_fit`]).
pub(super) struct TimedFit {
    /// The validation score, or why there is none (kind `Cancelled` for a cancel).
    pub scored: Result<f64>,
    /// Milliseconds the fit and its scoring took.
    pub fit_ms: f64,
    /// Whether the user cancelled during the fit.
    pub cancelled: bool,
    /// The progress to report now that the fit is done.
    pub done_report: SearchProgress,
}

/// Fits and scores `checked` on `fold` as fit `done` of `total`, forwarding its progress to
/// `progress` as `report` with the fraction filled in; times it. The one fit step of the
/// whole search and of a worker's share of it.
pub(super) fn timed_fit<P: Searchable>(
    checked: &P::Checked,
    fold: &FoldFit,
    options: &SearchOptions,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
    report: SearchProgress,
    (done, total): (usize, usize),
) -> TimedFit {
    let mut cancelled = false;
    let mut monitor = Forward { progress, report, done, total, cancelled: &mut cancelled };
    let t0 = Instant::now();
    let scored = fit_and_score::<P>(checked, fold, options, &mut monitor);
    let fit_ms = t0.elapsed().as_secs_f64() * 1e3;
    let done_report =
        SearchProgress { fraction: (done + 1) as f64 / total as f64, done: done + 1, ..monitor.report };
    TimedFit { scored, fit_ms, cancelled, done_report }
}

/// The training and validation frames of one fold, ready for a fit.
#[derive(Debug, Clone)]
pub struct FoldFrames {
    /// Training features.
    pub x: FeatureFrame,
    /// Class of each training row.
    pub y: Vec<u32>,
    /// Weight of each training row (class weights), if any.
    pub weights: Option<Vec<f32>>,
    /// Validation features.
    pub valid_x: FeatureFrame,
    /// Class of each validation row.
    pub valid_y: Vec<u32>,
}

impl FoldFrames {
    /// Bytes held by the frames, labels and weights.
    pub fn heap_bytes(&self) -> usize {
        self.x.heap_bytes()
            + self.valid_x.heap_bytes()
            + 4 * (self.y.len() + self.valid_y.len() + self.weights.as_ref().map_or(0, Vec::len))
    }
}

/// Where a search gets the frames of each fold: slices of one shared frame ([`search`]), or
/// a feature pipeline refitted on each fold's training rows ([`tune`](super::tune())).
pub trait FoldSource {
    /// Number of folds.
    fn n_folds(&self) -> usize;
    /// Number of classes.
    fn n_classes(&self) -> usize;
    /// Builds the frames of fold `f`.
    fn frames(&self, f: usize) -> Result<FoldFrames>;
    /// Whether the frames' numeric columns are already scaled as the user chose (see
    /// [`TrainData::prescaled`]); default false.
    fn prescaled(&self) -> bool {
        false
    }
}

/// Folds as row lists into one frame that every fold shares.
struct SharedFrame<'a> {
    data: &'a SearchData<'a>,
    folds: &'a [Fold],
}

impl FoldSource for SharedFrame<'_> {
    fn n_folds(&self) -> usize {
        self.folds.len()
    }

    fn n_classes(&self) -> usize {
        self.data.n_classes
    }

    fn frames(&self, f: usize) -> Result<FoldFrames> {
        let (data, fold) = (self.data, &self.folds[f]);
        Ok(FoldFrames {
            x: data.x.take(&fold.train),
            y: fold.train.iter().map(|&r| data.y[r as usize]).collect(),
            weights: data.weights.map(|w| fold.train.iter().map(|&r| w[r as usize]).collect()),
            valid_x: data.x.take(&fold.valid),
            valid_y: fold.valid.iter().map(|&r| data.y[r as usize]).collect(),
        })
    }
}

/// Fits every candidate on every fold and ranks them by mean validation score.
///
/// Folds are checked first ([`check_folds`]): a row in both the training and validation list
/// of a fold is an error. A candidate whose fit fails (for example invalid params) is kept in
/// the table with its error and ranked last. `progress` is called during and after every fit;
/// returning `false` stops the search at once, and the result (with `cancelled: true`) holds
/// the candidates finished before.
pub fn search<P: Searchable>(
    candidates: &[Candidate<P>],
    data: &SearchData,
    folds: &[Fold],
    options: &SearchOptions,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<SearchResult<P>> {
    if data.y.len() != data.x.rows {
        return Err(Error::shape(
            "search's rows and labels",
            format!("{} labels", data.x.rows),
            data.y.len(),
        ));
    }
    if data.weights.is_some_and(|w| w.len() != data.x.rows) {
        return Err(Error::shape(
            "search's rows and weights",
            format!("{} weights", data.x.rows),
            data.weights.map_or(0, |w| w.len()),
        ));
    }
    check_folds(folds, data.x.rows)?;
    search_folds(candidates, &SharedFrame { data, folds }, options, progress)
}

/// [`search`] over the folds of any [`FoldSource`]. Each fold's frames are built once and
/// kept across candidates while all kept folds take at most
/// [`SearchOptions::fold_cache_bytes`]; the others are built anew for each candidate. A fold
/// whose frames cannot be built fails the whole search (it is not the candidate's fault).
pub fn search_folds<P: Searchable>(
    candidates: &[Candidate<P>],
    source: &dyn FoldSource,
    options: &SearchOptions,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<SearchResult<P>> {
    let started = Instant::now();
    let n_folds = source.n_folds();
    if n_folds == 0 {
        return Err(Error::invalid_param("search", "folds", "none", "at least one fold"));
    }
    if let Some(result) = search_side_by_side(candidates, source, options, progress)? {
        return Ok(result);
    }
    let n_classes = source.n_classes();
    let mut cache: Vec<Option<FoldFrames>> = (0..n_folds).map(|_| None).collect();
    let mut cached_bytes = 0usize;
    let seeds = fold_seeds(options.seed, n_folds);
    let total = candidates.len() * n_folds;
    let mut results: Vec<CandidateResult<P>> = Vec::with_capacity(candidates.len());
    let mut best_score: Option<f64> = None;
    let mut cancelled = false;
    'candidates: for (index, candidate) in candidates.iter().enumerate() {
        let mut fold_scores = Vec::with_capacity(n_folds);
        let mut fit_ms = 0.0;
        let mut error = None;
        // Checked once, before any fold is built: a candidate out of range does no work.
        let checked = match candidate.params.check_candidate() {
            Ok(checked) => Some(checked),
            Err(e) => {
                error = Some(e.to_string());
                None
            }
        };
        for f in 0..n_folds {
            let Some(checked) = &checked else { break };
            let owned;
            let fd = match &cache[f] {
                Some(fd) => fd,
                None => {
                    let built = source.frames(f)?;
                    let bytes = built.heap_bytes();
                    if candidates.len() > 1 && cached_bytes + bytes <= options.fold_cache_bytes {
                        cached_bytes += bytes;
                        cache[f].insert(built)
                    } else {
                        owned = built;
                        &owned
                    }
                }
            };
            let done = index * n_folds + f;
            let report = SearchProgress {
                candidate: index,
                candidates: candidates.len(),
                fold: f,
                folds: n_folds,
                fraction: 0.0,
                best_score,
                done,
                finished: index,
                workers: 1,
            };
            let fold = FoldFit { frames: fd, n_classes, seed: seeds[f], prescaled: source.prescaled() };
            let TimedFit { scored, fit_ms: ms, cancelled: stopped, done_report } =
                timed_fit::<P>(checked, &fold, options, &mut *progress, report, (done, total));
            fit_ms += ms;
            if stopped {
                cancelled = true;
                break 'candidates;
            }
            match scored {
                Ok(s) => fold_scores.push(s),
                Err(e) if matches!(e.kind(), ErrorKind::Cancelled) => {
                    cancelled = true;
                    break 'candidates;
                }
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
            if !progress(&done_report) {
                cancelled = true;
                break 'candidates;
            }
        }
        let result = candidate_result(index, candidate, fold_scores, fit_ms, error);
        if let Some(mean) = result.mean {
            best_score = Some(best_score.map_or(mean, |b: f64| b.max(mean)));
        }
        results.push(result);
    }
    Ok(ranked(results, options.score, n_folds, cancelled, started.elapsed().as_secs_f64() * 1e3))
}

/// [`search_folds`] with its fits side by side, one thread each, when several threads are
/// allowed, every candidate's fit keeps to one thread ([`Searchable::fit_uses_threads`]) and
/// every fold's frames fit in [`SearchOptions::fold_cache_bytes`] at once; `None` otherwise.
/// The table is the one [`search_folds`] makes on one thread (each fit's score does not
/// depend on where it ran; a candidate's first failing fold ends it, as there). Progress comes
/// as each fit ends, in fit order; a cancel stops at the next fit, and the table then holds
/// the candidates whose every fold had finished.
fn search_side_by_side<P: Searchable>(
    candidates: &[Candidate<P>],
    source: &dyn FoldSource,
    options: &SearchOptions,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<Option<SearchResult<P>>> {
    let started = Instant::now();
    let threads = options.parallelism.get();
    let checked: Vec<Result<P::Checked>> = candidates.iter().map(|c| c.params.check_candidate()).collect();
    let fits = candidates.len() * source.n_folds();
    if threads < 2 || fits < 2 || checked.iter().flatten().any(P::fit_uses_threads) {
        return Ok(None);
    }
    let n_folds = source.n_folds();
    let mut frames = Vec::with_capacity(n_folds);
    let mut bytes = 0usize;
    for f in 0..n_folds {
        let built = source.frames(f)?;
        bytes += built.heap_bytes();
        if bytes > options.fold_cache_bytes {
            return Ok(None);
        }
        frames.push(built);
    }
    let (n_classes, prescaled) = (source.n_classes(), source.prescaled());
    let seeds = fold_seeds(options.seed, n_folds);
    let one = SearchOptions { parallelism: Parallelism::ONE, ..options.clone() };
    // Fit `i` is candidate `i / n_folds` on fold `i % n_folds`; a candidate out of range fits
    // nothing.
    let stop = std::sync::atomic::AtomicBool::new(false);
    // Each fit's score or its error message (none for a candidate out of range), its time,
    // and whether it was cancelled.
    type Fitted = (Option<std::result::Result<f64, String>>, f64, bool);
    let fit = |_: &mut (), i: usize| -> Fitted {
        let Ok(params) = &checked[i / n_folds] else { return (None, 0.0, false) };
        let fold = FoldFit { frames: &frames[i % n_folds], n_classes, seed: seeds[i % n_folds], prescaled };
        let t0 = Instant::now();
        let mut monitor = |_: &TrainProgress| !stop.load(std::sync::atomic::Ordering::Relaxed);
        let scored = fit_and_score::<P>(params, &fold, &one, &mut monitor);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        match scored {
            Ok(s) => (Some(Ok(s)), ms, false),
            Err(e) => (Some(Err(e.to_string())), ms, matches!(e.kind(), ErrorKind::Cancelled)),
        }
    };
    let mut finished: Vec<Fitted> = Vec::with_capacity(fits);
    let mut best_score: Option<f64> = None;
    let mut cancelled = false;
    let done = |count: usize, result: &Fitted| {
        if result.2 {
            cancelled = true;
            return false;
        }
        finished.push(result.clone());
        let i = count - 1;
        if count % n_folds == 0 {
            let scores: Vec<f64> = finished[count - n_folds..]
                .iter()
                .filter_map(|(r, _, _)| r.as_ref()?.as_ref().ok().copied())
                .collect();
            if scores.len() == n_folds {
                let mean = scores.iter().sum::<f64>() / n_folds as f64;
                best_score = Some(best_score.map_or(mean, |b: f64| b.max(mean)));
            }
        }
        let report = SearchProgress {
            candidate: i / n_folds,
            candidates: candidates.len(),
            fold: i % n_folds,
            folds: n_folds,
            fraction: count as f64 / fits as f64,
            best_score,
            done: count,
            finished: count / n_folds,
            workers: 1,
        };
        if progress(&report) {
            return true;
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        cancelled = true;
        false
    };
    options.parallelism.run_tasks(fits, || (), fit, done);
    let mut results = Vec::with_capacity(candidates.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let Some(fold_fits) = finished.get(index * n_folds..(index + 1) * n_folds) else { break };
        let mut fold_scores = Vec::with_capacity(n_folds);
        let mut fit_ms = 0.0;
        let mut error = checked[index].as_ref().err().map(|e| e.to_string());
        for (scored, ms, _) in fold_fits {
            if error.is_some() {
                break;
            }
            fit_ms += ms;
            match scored {
                Some(Ok(s)) => fold_scores.push(*s),
                Some(Err(e)) => error = Some(e.clone()),
                None => {}
            }
        }
        results.push(candidate_result(index, candidate, fold_scores, fit_ms, error));
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
    Ok(Some(ranked(results, options.score, n_folds, cancelled, elapsed_ms)))
}

/// One fold's frames and what a fit on them needs besides the params.
pub(super) struct FoldFit<'a> {
    /// The fold's training and validation frames.
    pub frames: &'a FoldFrames,
    /// Number of classes.
    pub n_classes: usize,
    /// The fold's seed (the same for every candidate).
    pub seed: u64,
    /// Whether the frames are already scaled ([`FoldSource::prescaled`]).
    pub prescaled: bool,
}

/// Fits checked params on a fold's training rows and scores its validation rows: the one fit
/// of a search, wherever it runs (an error of kind `Cancelled` is a cancel, any other one the
/// candidate's failure).
pub(super) fn fit_and_score<P: Searchable>(
    checked: &P::Checked,
    fold: &FoldFit,
    options: &SearchOptions,
    monitor: &mut dyn Monitor,
) -> Result<f64> {
    let fd = fold.frames;
    let train = TrainData {
        x: &fd.x,
        y: &fd.y,
        n_classes: fold.n_classes,
        weights: fd.weights.as_deref(),
        valid: options.early_stopping_on_valid.then_some((&fd.valid_x, fd.valid_y.as_slice())),
        seed: fold.seed,
        prescaled: fold.prescaled,
        parallelism: options.parallelism,
    };
    let model = P::fit_model(checked, &train, monitor)?;
    let proba = model.predict_proba_with(&fd.valid_x, options.parallelism)?;
    options.score.of(&fd.valid_y, &proba, fold.n_classes)
}

/// The seed of each fold's fits: fold `f` uses the same one for every candidate.
pub(super) fn fold_seeds(seed: u64, n_folds: usize) -> Vec<u64> {
    (0..n_folds).map(|f| Rng::new(seed).fork(f as u64).next_u64()).collect()
}

/// A candidate's row of the table (rank 0 until [`ranked`]): the mean and population std of
/// its fold scores unless it failed, and its mean fit time over the folds scored.
pub(super) fn candidate_result<P: Clone>(
    index: usize,
    candidate: &Candidate<P>,
    fold_scores: Vec<f64>,
    fit_ms: f64,
    error: Option<String>,
) -> CandidateResult<P> {
    let (mean, std) = if error.is_none() {
        let n = fold_scores.len() as f64;
        let mean = fold_scores.iter().sum::<f64>() / n;
        let var = fold_scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        (Some(mean), Some(var.sqrt()))
    } else {
        (None, None)
    };
    CandidateResult {
        rank: 0,
        index,
        params: candidate.params.clone(),
        values: candidate.values.clone(),
        mean,
        std,
        fit_ms: fit_ms / fold_scores.len().max(1) as f64,
        fold_scores,
        error,
    }
}

/// The table: candidates best first (by mean score, then list position; failed ones last),
/// ranked from 1, with the best params.
pub(super) fn ranked<P: Clone>(
    mut results: Vec<CandidateResult<P>>,
    score: Score,
    folds: usize,
    cancelled: bool,
    elapsed_ms: f64,
) -> SearchResult<P> {
    results.sort_by(|a, b| match (a.mean, b.mean) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.index.cmp(&b.index)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.index.cmp(&b.index),
    });
    for (i, r) in results.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    let best = results.first().filter(|r| r.mean.is_some()).map(|r| r.params.clone());
    SearchResult { score, folds, candidates: results, best, cancelled, elapsed_ms }
}
