//! Tune shared out over several trainer workers, driven as the page drives it: each worker is a
//! [`TrainerSession`] with its own copy of the dataset, the page's [`SplitTune`] hands each a
//! range of the candidate × fold fits, joins their progress and, once every range is in, their
//! outcomes. The joined table (every candidate's params, fold scores, mean and std, rank, error)
//! and the best params are the same, bit for bit, as one worker's plain `Tune` and the core's
//! `tune` (which `crimelab tune` runs), for 1 to 4 workers and any order of the messages; an
//! answer that is not the planned one is refused by name.
//!
//! Timings (`elapsed_ms`, each candidate's `fit_ms`) are wall times and are left out.

use crimelab::core::data::wire;
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::{ModelKind, ModelParams};
use crimelab::core::protocol::{TrainerRequest, TrainerResponse};
use crimelab::core::rng::Rng;
use crimelab::core::search::{tune, FitOutcome, SearchResult, Strategy, TuneConfig, TuneJob, TunePart};
use crimelab::core::session::split_run::Step;
use crimelab::core::session::{SplitTune, TrainerSession};

use crate::support::quick_dataset;

/// A trainer worker holding the quick dataset.
fn worker() -> TrainerSession {
    let mut session = TrainerSession::new();
    let sent = vec![wire::encode(quick_dataset())];
    let reply =
        session.handle(TrainerRequest::SetDataset { file_name: "head.csv".into() }, &sent, &mut |_| true);
    assert!(reply.is_none());
    session
}

/// Every message `request` makes `session` send (progress, then the answer).
fn messages(session: &mut TrainerSession, request: TrainerRequest) -> Vec<TrainerResponse> {
    let mut out = Vec::new();
    let reply = session.handle::<Vec<u8>>(request, &[], &mut |r| {
        out.push(r);
        true
    });
    out.push(reply.expect("an answer").response);
    out
}

/// A small search: a decision tree's depth and leaf size (a leaf size out of range, so three
/// candidates fail their check and must come last however the fits are shared out), 3 folds.
fn tree_job(seed: u64) -> TuneJob {
    let space = serde_json::from_value(serde_json::json!([
        {"name": "max_depth", "kind": "values", "values": [3, 6, 0]},
        {"name": "min_samples_leaf", "kind": "values", "values": [1, 20, 0]}
    ]))
    .unwrap();
    let tune = TuneConfig { space, strategy: Strategy::Grid, folds: 3, seed, ..TuneConfig::default() };
    TuneJob { features: FeatureConfig::default(), model: ModelKind::Tree, tune }
}

/// Logistic regression's default space, 4 random candidates, on the time split's validation rows.
fn logreg_job() -> TuneJob {
    let tune = TuneConfig {
        strategy: Strategy::Random { n: 4, seed: 3 },
        time_split: true,
        max_rows: 1_500,
        ..TuneConfig::default()
    };
    TuneJob { features: FeatureConfig::default(), model: ModelKind::Logreg, tune }
}

/// One worker's plain Tune.
fn tuned_on_one(job: &TuneJob) -> SearchResult<ModelParams> {
    let TuneJob { features, model, tune } = job.clone();
    match messages(&mut worker(), TrainerRequest::Tune { features, model, tune }).pop() {
        Some(TrainerResponse::Tuned { result }) => *result,
        other => panic!("unexpected answer {other:?}"),
    }
}

/// Every worker's messages for its part of `job` on `count` workers.
fn worker_messages(job: &TuneJob, count: usize) -> Vec<Vec<TrainerResponse>> {
    let split = SplitTune::new(job.clone(), count, 0.0).expect("valid").expect("shared out");
    assert_eq!(split.workers(), count);
    (0..count).map(|i| messages(&mut worker(), split.request(i))).collect()
}

/// Runs `job` on `count` workers as the page does, given the workers' messages (`queues`),
/// which reach the page in an order shuffled by `seed` (each worker's own messages stay in
/// order, as they do on a page). Returns the table and the progress the page showed (fraction,
/// fits done, candidates scored).
fn tuned_on_workers(
    job: &TuneJob,
    mut queues: Vec<Vec<TrainerResponse>>,
    seed: u64,
) -> (SearchResult<ModelParams>, Vec<(f64, usize, usize)>) {
    let count = queues.len();
    let mut split = SplitTune::new(job.clone(), count, 0.0).expect("valid").expect("shared out");
    let mut rng = Rng::new(seed);
    let mut shown = Vec::new();
    loop {
        let busy: Vec<usize> = (0..count).filter(|&i| !queues[i].is_empty()).collect();
        assert!(!busy.is_empty(), "every worker is idle but the search did not end");
        let i = busy[rng.below(busy.len() as u64) as usize];
        let response = queues[i].remove(0);
        match split.on_response::<Vec<u8>>(i, response, 10.0) {
            Step::Show(TrainerResponse::TuneProgress(p)) => {
                assert_eq!((p.candidates, p.workers), (split.progress().candidates, count));
                shown.push((p.fraction, p.done, p.finished));
            }
            Step::Show(_) | Step::Wait => {}
            Step::Done(response) => match *response {
                TrainerResponse::Tuned { result } => {
                    assert!(queues.iter().all(Vec::is_empty), "a worker still had messages at the end");
                    return (*result, shown);
                }
                other => panic!("the search ended with {other:?}"),
            },
            Step::Failed(message) => panic!("worker {i} failed: {message}"),
            Step::Merge(..) | Step::Broadcast(..) => panic!("a search asked for a merge"),
        }
    }
}

/// The table without its wall times, every score as its bits.
fn table(result: &SearchResult<ModelParams>) -> serde_json::Value {
    let bits = |s: Option<f64>| s.map(f64::to_bits);
    serde_json::json!({
        "best": result.best,
        "folds": result.folds,
        "cancelled": result.cancelled,
        "candidates": result.candidates.iter().map(|c| serde_json::json!({
            "rank": c.rank, "index": c.index, "params": c.params, "values": c.values,
            "mean": bits(c.mean), "std": bits(c.std),
            "fold_scores": c.fold_scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
            "error": c.error,
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn a_search_on_one_to_four_workers_is_the_search_of_one_worker_and_of_the_command_line() {
    for job in [tree_job(42), logreg_job()] {
        let one = tuned_on_one(&job);
        let core = tune(quick_dataset(), &job.features, job.model, &job.tune, &mut |_| true).expect("tunes");
        assert_eq!(table(&one), table(&core), "{:?}: one worker vs the core's tune", job.model);
        assert!(one.best.is_some());
        if job.model == ModelKind::Tree {
            // The out-of-range candidates failed their check and come last, with their error.
            let failed: Vec<_> = one.candidates.iter().filter(|c| c.error.is_some()).collect();
            assert_eq!(failed.len(), 3, "{:?}", one.candidates);
            assert!(one.candidates.iter().rev().take(3).all(|c| c.error.is_some()));
        }
        for count in 2..=4 {
            let queues = worker_messages(&job, count);
            for seed in [1, 2, 3] {
                let (joined, shown) = tuned_on_workers(&job, queues.clone(), seed);
                assert_eq!(
                    table(&joined),
                    table(&one),
                    "{:?}: {count} workers (order {seed}) vs one",
                    job.model
                );
                // Progress only grows and counts whole fits and whole candidates.
                assert!(shown.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1 && w[0].2 <= w[1].2));
                assert!(shown.iter().all(|&(f, done, finished)| {
                    (0.0..=1.0).contains(&f)
                        && done <= one.candidates.len() * one.folds
                        && finished <= one.candidates.len()
                }));
            }
        }
    }
}

#[test]
fn one_worker_or_one_fit_is_a_plain_tune_and_bad_counts_are_refused() {
    assert!(SplitTune::new(tree_job(1), 1, 0.0).unwrap().is_none(), "one worker: a plain Tune");
    let mut single = logreg_job();
    single.tune.space =
        serde_json::from_value(serde_json::json!([{"name": "c", "kind": "values", "values": [1.0]}]))
            .unwrap();
    single.tune.strategy = Strategy::Grid;
    assert!(SplitTune::new(single, 4, 0.0).unwrap().is_none(), "a single fit is not shared out");
    // More workers than fits: one range per fit.
    let mut two_fits = logreg_job();
    two_fits.tune.strategy = Strategy::Random { n: 2, seed: 3 };
    assert_eq!(SplitTune::new(two_fits, 8, 0.0).unwrap().expect("shared").workers(), 2);
    for count in [0, 9] {
        let err = SplitTune::new(tree_job(1), count, 0.0).unwrap_err().to_string();
        assert!(err.contains("workers") && err.contains("1 to 8"), "{err}");
    }
}

/// Worker 1's answer to its part of `job` on 2 workers, and the fresh bookkeeping to give it to.
fn second_answer(job: &TuneJob) -> (SplitTune, TuneJob, TunePart, Vec<FitOutcome>) {
    let split = SplitTune::new(job.clone(), 2, 0.0).unwrap().unwrap();
    match messages(&mut worker(), split.request(1)).pop() {
        Some(TrainerResponse::TunePartDone { job, part, outcomes }) => (split, *job, part, outcomes),
        other => panic!("unexpected answer {other:?}"),
    }
}

#[test]
fn answers_that_are_not_the_planned_part_are_refused_by_name() {
    let job = tree_job(42);
    let (_, good_job, part, outcomes) = second_answer(&job);
    let refused = |edit: &dyn Fn(&mut TuneJob, &mut TunePart, &mut Vec<FitOutcome>)| -> String {
        let mut split = SplitTune::new(job.clone(), 2, 0.0).unwrap().unwrap();
        let (mut j, mut p, mut o) = (good_job.clone(), part.clone(), outcomes.clone());
        edit(&mut j, &mut p, &mut o);
        match split.on_response::<Vec<u8>>(
            1,
            TrainerResponse::TunePartDone { job: Box::new(j), part: p, outcomes: o },
            1.0,
        ) {
            Step::Failed(message) => {
                assert!(message.starts_with("Tuning worker 2 of 2: "), "{message}");
                message
            }
            other => panic!("accepted: {other:?}"),
        }
    };
    assert!(refused(&|j, _, _| j.tune.seed = 7).contains("another search"));
    assert!(refused(&|_, p, _| p.start += 1).contains("instead of"));
    assert!(refused(&|_, _, o| {
        o.pop();
    })
    .contains("fits in the answer"));
    assert!(refused(&|_, _, o| o.swap(0, 1)).contains("fit 1 of the answer"));
    let first_scored = outcomes.iter().position(|o| o.score.is_some()).expect("a scored fit");
    assert!(refused(&|_, _, o| o[first_scored].score = Some(f64::NAN)).contains("finite"));
    assert!(refused(&|_, _, o| o[first_scored].error = Some("also failed".into())).contains("either a score"));
    assert!(refused(&|_, _, o| o[first_scored].fit_ms = -1.0).contains("fit_ms"));
    // A NaN cannot travel as JSON: it arrives as neither a score nor an error.
    let json = serde_json::to_string(&FitOutcome { score: Some(f64::NAN), ..outcomes[first_scored].clone() })
        .unwrap();
    let arrived: FitOutcome = serde_json::from_str(&json).unwrap();
    assert!(refused(&|_, _, o| o[first_scored] = arrived.clone()).contains("either a score"));
    // A failing worker ends the search naming it; a message from no such worker is ignored.
    let mut split = SplitTune::new(job.clone(), 2, 0.0).unwrap().unwrap();
    assert!(matches!(
        split.on_response::<Vec<u8>>(5, TrainerResponse::Failed { message: "lost".into() }, 1.0),
        Step::Wait
    ));
    match split.on_response::<Vec<u8>>(1, TrainerResponse::Failed { message: "out of memory".into() }, 1.0) {
        Step::Failed(message) => assert_eq!(message, "Tuning worker 2 of 2: out of memory"),
        other => panic!("{other:?}"),
    }
    // The good answer is taken, and the search waits for worker 1.
    let mut split = SplitTune::new(job, 2, 0.0).unwrap().unwrap();
    let answer = TrainerResponse::TunePartDone { job: Box::new(good_job), part, outcomes };
    assert!(matches!(split.on_response::<Vec<u8>>(1, answer, 1.0), Step::Wait));
    let TrainerRequest::TunePart { part, .. } = split.request(1) else { panic!("a part") };
    assert_eq!(split.progress().done, part.range().len());
}

#[test]
fn the_joined_fraction_never_goes_back_when_the_shares_round() {
    // Three workers part-way through their fits: when the first finishes a fit, its whole fit
    // moves from the running shares to the finished count, and the floating-point sum can come
    // out a hair lower (e.g. 3 + ((1 + 0.255) + 0.495) against 4 + (0.255 + 0.495)).
    let mut rng = Rng::new(7);
    for _ in 0..200 {
        let mut split = SplitTune::new(tree_job(42), 3, 0.0).unwrap().unwrap();
        let len = |i: usize| match split.request(i) {
            TrainerRequest::TunePart { part, .. } => part.range().len(),
            other => panic!("unexpected request {other:?}"),
        };
        let lens: Vec<usize> = (0..3).map(len).collect();
        let mut done = [0usize; 3];
        let mut last = 0.0;
        for _ in 0..40 {
            let i = rng.below(3) as usize;
            if done[i] == lens[i] {
                continue;
            }
            // Inside a fit, or the fit just finished.
            let inner = match rng.below(3) {
                0 => 1.0,
                _ => rng.below(1000) as f64 / 1000.0,
            };
            if inner == 1.0 {
                done[i] += 1;
            }
            let shown_done = done[i];
            let fraction = match inner == 1.0 {
                true => shown_done as f64 / lens[i] as f64,
                false => (shown_done as f64 + inner) / lens[i] as f64,
            };
            let progress = crimelab::core::search::SearchProgress {
                candidate: 0,
                candidates: 9,
                fold: 0,
                folds: 3,
                fraction,
                best_score: None,
                done: shown_done,
                finished: 0,
                workers: 3,
            };
            match split.on_response::<Vec<u8>>(i, TrainerResponse::TuneProgress(progress), 1.0) {
                Step::Show(TrainerResponse::TuneProgress(p)) => {
                    assert!(p.fraction >= last, "{} after {last}", p.fraction);
                    last = p.fraction;
                }
                _ => panic!("progress was not shown"),
            }
        }
    }
}
