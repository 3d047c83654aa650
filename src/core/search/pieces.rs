//! A search's fits shared out over workers that share no memory (the browser's trainer
//! workers): every fit of a candidate on a fold is a piece, numbered fold by fold
//! ([`piece`]: fit `p` is candidate `p % candidates` on fold `p / candidates`), so a worker
//! given a consecutive range of pieces ([`parts`]) builds the frames of few folds and fits a
//! mix of all candidates. A worker evaluates its range ([`search_pieces`]) and sends back one
//! [`FitOutcome`] per piece; the outcomes are checked like any message from another worker
//! ([`check_outcomes`]) and joined ([`join_pieces`]) into the very table [`search_folds`]
//! builds on one thread: the same fits with the same seeds, each fold's scores in fold order,
//! a candidate's first failure in fold order ending its row as it ends the one-thread loop.
//!
//! [`search_folds`]: super::search_folds

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::run::{candidate_result, fold_seeds, ranked, timed_fit, FoldFit, TimedFit};
use super::{
    Candidate, FoldFrames, FoldSource, Score, SearchOptions, SearchProgress, SearchResult, Searchable,
};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::parallel::even_ranges;

/// The candidate and fold of piece `p` of a search of `candidates` candidates.
pub fn piece(p: usize, candidates: usize) -> (usize, usize) {
    (p % candidates.max(1), p / candidates.max(1))
}

/// The pieces of a search of `candidates × folds` fits cut into `workers` consecutive ranges
/// as even as possible (never more ranges than pieces, at least one).
pub fn parts(candidates: usize, folds: usize, workers: usize) -> Vec<Range<usize>> {
    let total = candidates * folds;
    even_ranges(total, workers.clamp(1, total.max(1)))
}

/// What one fit of a candidate on a fold gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitOutcome {
    /// The candidate's position in the candidate list.
    pub candidate: usize,
    /// The fold.
    pub fold: usize,
    /// The validation score; none when the candidate failed on this fold.
    pub score: Option<f64>,
    /// Why the candidate failed (invalid params, a failed fit); none when scored.
    pub error: Option<String>,
    /// Time of the fit and its scoring, milliseconds.
    pub fit_ms: f64,
}

/// Evaluates the pieces `range` of the search of `candidates` over `source`'s folds, in order,
/// building each fold's frames once (a range visits its folds one after the other). `progress`
/// hears of every fit with `done` counting the range's finished pieces and `fraction` the
/// range's share done; returning `false` cancels (an error of kind `Cancelled`). A fold whose
/// frames cannot be built fails the whole range, as it fails the whole one-thread search.
pub fn search_pieces<P: Searchable>(
    candidates: &[Candidate<P>],
    source: &dyn FoldSource,
    options: &SearchOptions,
    range: Range<usize>,
    progress: &mut dyn FnMut(&SearchProgress) -> bool,
) -> Result<Vec<FitOutcome>> {
    let n_folds = source.n_folds();
    let total = candidates.len() * n_folds;
    if range.start > range.end || range.end > total {
        return Err(Error::invalid_param(
            "tune",
            "fits",
            format!("{} to {}", range.start + 1, range.end),
            format!("within the search's {total} fits"),
        ));
    }
    let seeds = fold_seeds(options.seed, n_folds);
    let n_classes = source.n_classes();
    let len = range.len();
    let mut frames: Option<(usize, FoldFrames)> = None;
    let mut outcomes = Vec::with_capacity(len);
    for (k, p) in range.enumerate() {
        let (index, f) = piece(p, candidates.len());
        let checked = match candidates[index].params.check_candidate() {
            Ok(checked) => checked,
            Err(e) => {
                let error = Some(e.to_string());
                outcomes.push(FitOutcome { candidate: index, fold: f, score: None, error, fit_ms: 0.0 });
                continue;
            }
        };
        if frames.as_ref().is_none_or(|(built, _)| *built != f) {
            drop(frames.take()); // one fold's frames in memory at a time
            frames = Some((f, source.frames(f)?));
        }
        let fd = &frames.as_ref().expect("built above").1;
        let report = SearchProgress {
            candidate: index,
            candidates: candidates.len(),
            fold: f,
            folds: n_folds,
            fraction: 0.0,
            best_score: None,
            done: k,
            finished: 0,
            workers: 0,
        };
        let fold = FoldFit { frames: fd, n_classes, seed: seeds[f], prescaled: source.prescaled() };
        let TimedFit { scored, fit_ms, cancelled, done_report } =
            timed_fit::<P>(&checked, &fold, options, &mut *progress, report, (k, len));
        if cancelled {
            return Err(ErrorKind::Cancelled.into());
        }
        let (score, error) = match scored {
            Ok(s) => (Some(s), None),
            Err(e) if matches!(e.kind(), ErrorKind::Cancelled) => return Err(e),
            Err(e) => (None, Some(e.to_string())),
        };
        outcomes.push(FitOutcome { candidate: index, fold: f, score, error, fit_ms });
        if !progress(&done_report) {
            return Err(ErrorKind::Cancelled.into());
        }
    }
    Ok(outcomes)
}

/// Checks that `outcomes`, which came from another worker, are the pieces `range` of a search
/// of `candidates` candidates: one per piece, in order, each either a finite score or an
/// error, with a finite, non-negative time.
pub fn check_outcomes(outcomes: &[FitOutcome], range: &Range<usize>, candidates: usize) -> Result<()> {
    if outcomes.len() != range.len() {
        return Err(Error::shape("fits in the answer", range.len(), outcomes.len()));
    }
    for (p, o) in range.clone().zip(outcomes) {
        let (candidate, fold) = piece(p, candidates);
        if (o.candidate, o.fold) != (candidate, fold) {
            return Err(Error::shape(
                format!("fit {} of the answer", p - range.start + 1),
                format!("candidate {} on fold {}", candidate + 1, fold + 1),
                format!("candidate {} on fold {}", o.candidate + 1, o.fold + 1),
            ));
        }
        let which = format!("candidate {} on fold {}", candidate + 1, fold + 1);
        match (o.score, &o.error) {
            (Some(s), None) if s.is_finite() => {}
            (None, Some(_)) => {}
            (Some(s), None) => return Err(Error::invalid_param(which, "score", s, "a finite number")),
            _ => return Err(Error::invalid_param(which, "score", "", "either a score or an error")),
        }
        if !(o.fit_ms.is_finite() && o.fit_ms >= 0.0) {
            return Err(Error::invalid_param(which, "fit_ms", o.fit_ms, "a finite number ≥ 0"));
        }
    }
    Ok(())
}

/// The search's table from every piece's outcome (`outcomes[p]` for piece `p`, all of them,
/// checked): per candidate, its fold scores in fold order up to its first failure, as
/// [`search_folds`](super::search_folds) builds it on one thread.
pub fn join_pieces<P: Clone>(
    candidates: &[Candidate<P>],
    n_folds: usize,
    score: Score,
    outcomes: &[FitOutcome],
    elapsed_ms: f64,
) -> Result<SearchResult<P>> {
    if outcomes.len() != candidates.len() * n_folds {
        return Err(Error::shape("fits of the search", candidates.len() * n_folds, outcomes.len()));
    }
    let results = candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| {
            let mut fold_scores = Vec::with_capacity(n_folds);
            let (mut fit_ms, mut error) = (0.0, None);
            for f in 0..n_folds {
                let o = &outcomes[f * candidates.len() + index];
                fit_ms += o.fit_ms;
                match (o.score, &o.error) {
                    (Some(s), None) => fold_scores.push(s),
                    (_, e) => {
                        error = Some(e.clone().unwrap_or_default());
                        break;
                    }
                }
            }
            candidate_result(index, candidate, fold_scores, fit_ms, error)
        })
        .collect();
    Ok(ranked(results, score, n_folds, false, elapsed_ms))
}
