//! Training spread over several trainer workers, driven as the page drives it: each worker is
//! a [`TrainerSession`]; worker 0 holds the dataset, builds the training matrix and sends each
//! other worker a copy of it ([`TrainerRequest::ShareMatrix`]); the page's [`SplitRun`] hands
//! out the shares (a forest's trees; a boosted model's classes, round by round; a logistic
//! regression's row blocks, evaluation by evaluation), gathers progress and asks worker 0 to
//! merge. The exported model and the metrics are
//! the same for 1 to 4 workers, the same as one worker's plain `Train`, and the same as the
//! command line's run (`crimelab train --threads 2`).
//!
//! Exported models are compared with their timing fields (`train_ms`, `predict_ms`,
//! `prepare_ms`) removed: the split run's training time is the page's wall time, the rest is
//! byte for byte.

use crimelab::core::data::wire;
use crimelab::core::experiment::{run_with, RunConfig, RunEvent, RunResult};
use crimelab::core::features::{train_matrix, FeatureConfig, TrainMatrix};
use crimelab::core::frame::FeatureValues;
use crimelab::core::models::{forest::ForestParams, ModelKind, ModelParams};
use crimelab::core::parallel::Parallelism;
use crimelab::core::protocol::{TrainerRequest, TrainerResponse};
use crimelab::core::session::split_run::Step;
use crimelab::core::session::{SplitRun, TrainerSession};

use crimelab::core::data::Dataset;

use crate::support::{quick_dataset, quick_params, sample};

const FILE: &str = "head.csv";

fn forest_run(seed: u64) -> RunConfig {
    let params = ForestParams { n_trees: 7, max_depth: 6, ..Default::default() };
    RunConfig {
        features: FeatureConfig::default(),
        model: ModelParams::RandomForest(params),
        seed,
        tuning: None,
    }
}

/// A trainer worker holding the quick dataset.
fn worker() -> TrainerSession {
    worker_of(quick_dataset())
}

/// A trainer worker holding the whole sample (its training rows make several blocks for
/// logistic regression).
fn sample_worker() -> TrainerSession {
    worker_of(sample())
}

fn worker_of(dataset: &Dataset) -> TrainerSession {
    let mut session = TrainerSession::new();
    let sent = vec![wire::encode(dataset)];
    let reply = session.handle(TrainerRequest::SetDataset { file_name: FILE.into() }, &sent, &mut |_| true);
    assert!(reply.is_none());
    session
}

/// Every message `request` makes `session` send (progress, then the answer with its payloads).
fn messages(
    session: &mut TrainerSession,
    request: TrainerRequest,
    sent: &[Vec<u8>],
) -> Vec<(TrainerResponse, Vec<Vec<u8>>)> {
    let mut out = Vec::new();
    let reply = session.handle(request, sent, &mut |r| {
        out.push((r, Vec::new()));
        true
    });
    let reply = reply.expect("an answer");
    let payloads = reply.payloads.iter().map(|p| p.to_bytes(sent)).collect();
    out.push((reply.response, payloads));
    // As the page's worker does once the answer is posted, then a few slices of its spare
    // time (the next request may come before that work is done).
    session.after_reply(&mut |r| {
        out.push((r, Vec::new()));
        true
    });
    for _ in 0..3 {
        if !session.spare_slice() {
            break;
        }
    }
    out
}

/// The result and exported model JSON of a finished run (the last message).
fn trained(mut messages: Vec<(TrainerResponse, Vec<Vec<u8>>)>) -> (RunResult, String) {
    match messages.pop() {
        Some((TrainerResponse::Trained { result }, payloads)) => {
            (*result, String::from_utf8(payloads[1].clone()).expect("UTF-8 model"))
        }
        Some((TrainerResponse::Failed { message }, _)) => panic!("training failed: {message}"),
        other => panic!("unexpected answer {:?}", other.map(|m| m.0)),
    }
}

/// The model JSON without its timing fields.
fn without_timings(json: &str) -> String {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for key in ["train_ms", "predict_ms", "prepare_ms"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(json).expect("model JSON");
    strip(&mut value);
    value.to_string()
}

/// What each worker answers to its share, worker by worker.
fn fit_shares(
    split: &SplitRun<Vec<u8>>,
    workers: &mut [TrainerSession],
) -> Vec<Vec<(TrainerResponse, Vec<Vec<u8>>)>> {
    workers.iter_mut().enumerate().map(|(i, w)| messages(w, split.request(i), &[])).collect()
}

/// Trains `run` with `count` workers as the page does; the workers' messages reach the page
/// in a scrambled order (last worker first), and a boosting round the page completes goes to
/// every worker. Returns the result, the model JSON and the progress fractions the page showed.
fn train_on_workers(run: &RunConfig, count: usize) -> (RunResult, String, Vec<f64>) {
    train_on(worker, run, count)
}

/// [`train_on_workers`] with workers made by `make`.
fn train_on(make: fn() -> TrainerSession, run: &RunConfig, count: usize) -> (RunResult, String, Vec<f64>) {
    let mut workers: Vec<TrainerSession> = vec![make()];
    let Some(mut split) = SplitRun::<Vec<u8>>::new(run.clone(), count).expect("a valid count") else {
        let (result, json) =
            trained(messages(&mut workers[0], TrainerRequest::Train { run: run.clone() }, &[]));
        return (result, json, Vec::new());
    };
    assert_eq!(split.workers(), count);
    // Worker 0 builds the matrix and sends each other worker a copy, which is all they hold.
    let request = TrainerRequest::ShareMatrix { features: run.features.clone(), copies: count - 1 };
    let mut matrix_messages = messages(&mut workers[0], request, &[]);
    let Some((TrainerResponse::MatrixShared, copies)) = matrix_messages.pop() else {
        panic!("worker 0 did not share its matrix");
    };
    assert_eq!(copies.len(), count - 1);
    for copy in copies {
        let mut worker = TrainerSession::new();
        let set = TrainerRequest::SetMatrix { features: run.features.clone() };
        assert!(worker.handle(set, &[copy], &mut |_| true).is_none(), "a matrix is taken silently");
        workers.push(worker);
    }
    let mut queues = fit_shares(&split, &mut workers);
    queues[0].splice(0..0, matrix_messages);
    let mut shown = Vec::new();
    loop {
        let Some(i) = (0..count).rev().find(|&i| !queues[i].is_empty()) else {
            panic!("every worker is idle but the run did not end");
        };
        let (response, payloads) = queues[i].remove(0);
        match split.on_response(i, response, payloads, 1_000.0 + i as f64) {
            Step::Show(TrainerResponse::Event { event: RunEvent::Training(p) }) => shown.push(p.fraction),
            Step::Show(_) | Step::Wait => {}
            Step::Failed(message) => panic!("worker {i} failed: {message}"),
            Step::Done(response) => panic!("a training run ended as a search: {response:?}"),
            Step::Broadcast(request, leaves) => {
                for (j, (w, queue)) in workers.iter_mut().zip(queues.iter_mut()).enumerate() {
                    let others: Vec<Vec<u8>> =
                        leaves.iter().enumerate().filter(|&(i, _)| i != j).map(|(_, l)| l.clone()).collect();
                    queue.extend(messages(w, (*request).clone(), &others));
                }
            }
            Step::Merge(request, payloads) => {
                assert!(queues.iter().all(Vec::is_empty), "a worker still had messages at the merge");
                let (result, json) = trained(messages(&mut workers[0], *request, &payloads));
                return (result, json, shown);
            }
        }
    }
}

#[test]
fn a_forest_on_one_to_four_workers_is_the_forest_of_one_worker_and_of_the_command_line() {
    let run = forest_run(9);
    let (one, one_json) = trained(messages(&mut worker(), TrainerRequest::Train { run: run.clone() }, &[]));
    let cli =
        run_with(quick_dataset(), Some(FILE), &run, Parallelism::threads(2), &mut |_| true).expect("runs");
    let cli_json = cli.export().to_json().expect("exports");
    assert_eq!(without_timings(&one_json), without_timings(&cli_json), "one worker vs the command line");
    for count in 1..=4 {
        let (result, json, shown) = train_on_workers(&run, count);
        assert_as_one_worker(&format!("{count} workers"), (&result, &json), (&one, &one_json));
        if count > 1 {
            // Progress only grows, and ends at the whole run whatever order the shares finished in.
            assert!(shown.windows(2).all(|w| w[0] <= w[1]) || shown.len() < 2, "{shown:?}");
            assert!(result.notes.iter().any(|n| n.contains(&format!("{count} trainer workers"))));
        }
    }
}

#[test]
fn gbdt_on_one_to_four_workers_is_the_model_of_one_worker_and_of_the_command_line() {
    use crimelab::core::features::Target;
    for target in [Target::CrimeGroup, Target::Part12] {
        let features = FeatureConfig { target: target.clone(), ..Default::default() };
        let run = RunConfig { model: quick_params(ModelKind::Gbdt), features, ..forest_run(4) };
        let (one, one_json) =
            trained(messages(&mut worker(), TrainerRequest::Train { run: run.clone() }, &[]));
        let cli = run_with(quick_dataset(), Some(FILE), &run, Parallelism::threads(2), &mut |_| true)
            .expect("runs");
        let cli_json = cli.export().to_json().expect("exports");
        assert_eq!(
            without_timings(&one_json),
            without_timings(&cli_json),
            "{target:?}: one worker vs the CLI"
        );
        for count in 2..=4 {
            let (result, json, shown) = train_on_workers(&run, count);
            let what = format!("{target:?}: {count} workers");
            assert_as_one_worker(&what, (&result, &json), (&one, &one_json));
            // The learning curve travels with the model: the same rounds as one worker's.
            assert_eq!(result.curve.len(), one.curve.len(), "{target:?}: {count} workers");
            let split = result.notes.iter().any(|n| n.contains(&format!("{count} trainer workers")));
            // Two classes: one tree per round, nothing to share out, one worker trains.
            assert_eq!(split, target == Target::CrimeGroup, "{target:?}: {:?}", result.notes);
            // The first worker scored the test rows between rounds: every figure drawn from their
            // probabilities (curves included) is one worker's.
            let between_rounds = result.notes.iter().any(|n| n.contains("between rounds"));
            assert_eq!(between_rounds, split, "{what}: {:?}", result.notes);
            let evaluation = |r: &RunResult| without_timings(&serde_json::to_string(&r.evaluation).unwrap());
            assert_eq!(evaluation(&result), evaluation(&one), "{what}: the evaluation");
            if split {
                assert!(shown.last().is_some_and(|&f| f > 0.99), "{target:?}: {shown:?}");
            }
        }
    }
    assert!(SplitRun::<Vec<u8>>::new(forest_run(4), 9).is_err(), "nine workers are refused");
}

#[test]
fn logreg_on_one_to_four_workers_is_the_model_of_one_worker_and_of_the_command_line() {
    use crimelab::core::features::Target;
    use crimelab::core::models::logreg::LogregParams;
    for target in [Target::CrimeGroup, Target::Part12] {
        let features = FeatureConfig { target: target.clone(), ..Default::default() };
        let model = ModelParams::Logreg(LogregParams { max_iter: 12, ..Default::default() });
        let run = RunConfig { model, features, ..forest_run(6) };
        let (one, one_json) =
            trained(messages(&mut sample_worker(), TrainerRequest::Train { run: run.clone() }, &[]));
        for threads in [1, 2, 5, 8] {
            let cli = run_with(sample(), Some(FILE), &run, Parallelism::threads(threads), &mut |_| true)
                .expect("runs");
            let cli_json = cli.export().to_json().expect("exports");
            assert_eq!(
                without_timings(&one_json),
                without_timings(&cli_json),
                "{target:?}: one worker vs the CLI with {threads} threads"
            );
        }
        for count in 2..=4 {
            let (result, json, shown) = train_on(sample_worker, &run, count);
            let what = format!("{target:?}: {count} workers");
            assert_as_one_worker(&what, (&result, &json), (&one, &one_json));
            // The learning curve (with its validation scores) is the first worker's: one worker's.
            assert_eq!(result.curve, one.curve, "{target:?}: {count} workers");
            assert!(result.notes.iter().any(|n| n.contains(&format!("fitted by {count} trainer workers"))));
            assert!(shown.windows(2).all(|w| w[0] <= w[1]), "{shown:?}");
            assert!(!shown.is_empty(), "{target:?}: progress was shown");
        }
    }
}

/// Asserts that a run split over workers (`what` names it) exported the same model as one
/// worker's run, without the timings, and scored the same on the test rows.
fn assert_as_one_worker(what: &str, (result, json): (&RunResult, &str), (one, one_json): (&RunResult, &str)) {
    assert_eq!(without_timings(json), without_timings(one_json), "{what} vs one");
    assert_eq!(result.accuracy, one.accuracy, "{what}");
    assert_eq!(result.macro_f1, one.macro_f1, "{what}");
    assert_eq!(result.evaluation.confusion, one.evaluation.confusion, "{what}");
}

/// The shares' payloads of `run` fitted by `count` workers, in plan order.
fn share_payloads(run: &RunConfig, count: usize) -> Vec<Vec<u8>> {
    let split = SplitRun::<Vec<u8>>::new(run.clone(), count).expect("valid").expect("split");
    let mut workers: Vec<TrainerSession> = (0..count).map(|_| worker()).collect();
    fit_shares(&split, &mut workers)
        .into_iter()
        .map(|mut answers| match answers.pop() {
            Some((TrainerResponse::ShareFitted { .. }, mut payloads)) => payloads.remove(0),
            other => panic!("unexpected answer {:?}", other.map(|m| m.0)),
        })
        .collect()
}

fn merge_failure(main: &mut TrainerSession, run: &RunConfig, parts: &[Vec<u8>]) -> String {
    let request = TrainerRequest::MergeShares { run: run.clone(), train_ms: 1.0, others_memory_bytes: None };
    match messages(main, request, parts).pop() {
        Some((TrainerResponse::Failed { message }, _)) => message,
        Some((TrainerResponse::Trained { .. }, _)) => panic!("a bad share was accepted"),
        other => panic!("unexpected answer {:?}", other.map(|m| m.0)),
    }
}

#[test]
fn a_damaged_foreign_or_misplaced_share_is_refused_by_name() {
    let run = forest_run(9);
    let parts = share_payloads(&run, 2);
    let mut main = worker();

    let mut damaged = parts.clone();
    let half = damaged[1].len() / 2;
    damaged[1].truncate(half);
    let message = merge_failure(&mut main, &run, &damaged);
    assert!(message.contains("share 2 of 2") && message.contains("damaged"), "{message}");

    let swapped = vec![parts[1].clone(), parts[0].clone()];
    let message = merge_failure(&mut main, &run, &swapped);
    assert!(
        message.contains("share 1 of 2 holds trees 5 to 7, where trees 1 to 4 was expected"),
        "{message}"
    );

    let foreign = share_payloads(&forest_run(10), 2);
    let message = merge_failure(&mut main, &run, &[parts[0].clone(), foreign[1].clone()]);
    assert!(message.contains("share 2 of 2 was trained for another run"), "{message}");

    // Shares of a three-worker plan do not fit a two-worker one.
    let three = share_payloads(&run, 3);
    let message = merge_failure(&mut main, &run, &three[..2]);
    assert!(
        message.contains("share 1 of 2 holds trees 1 to 3, where trees 1 to 4 was expected"),
        "{message}"
    );

    // A share that claims the right trees but holds another number of them.
    let mut edited: serde_json::Value = serde_json::from_slice(&parts[1]).expect("share JSON");
    let trees = edited["model"]["fitted"]["trees"].as_array_mut().expect("trees");
    trees.pop();
    let short = serde_json::to_vec(&edited).expect("JSON");
    let message = merge_failure(&mut main, &run, &[parts[0].clone(), short]);
    assert!(message.contains("trees in share 2 of 2"), "{message}");

    // After all that, the same worker merges the real shares.
    let request = TrainerRequest::MergeShares { run: run.clone(), train_ms: 1.0, others_memory_bytes: None };
    let (_, json) = trained(messages(&mut main, request, &parts));
    let (_, one_json) = trained(messages(&mut worker(), TrainerRequest::Train { run }, &[]));
    assert_eq!(without_timings(&json), without_timings(&one_json));
}

#[test]
fn the_page_refuses_a_share_other_than_the_one_it_asked_for() {
    let run = forest_run(9);
    let mut split = SplitRun::<Vec<u8>>::new(run.clone(), 2).expect("valid").expect("split");
    let wrong = match split.request(0) {
        TrainerRequest::FitShare { share, .. } => share,
        other => panic!("{other:?}"),
    };
    let step = split.on_response(
        1,
        TrainerResponse::ShareFitted { share: wrong, peak_memory_bytes: None },
        vec![vec![1]],
        5.0,
    );
    match step {
        Step::Failed(message) => assert!(
            message.contains("Training worker 2 of 2 fitted trees 1 to 4 instead of trees 5 to 7"),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
    let step = split.on_response(1, TrainerResponse::Failed { message: "out of memory".into() }, vec![], 6.0);
    assert!(matches!(step, Step::Failed(m) if m == "Training worker 2 of 2: out of memory"));
}

/// Worker 0's copy of its training matrix for one other worker.
fn matrix_copy(worker0: &mut TrainerSession, features: &FeatureConfig) -> Vec<u8> {
    let request = TrainerRequest::ShareMatrix { features: features.clone(), copies: 1 };
    match messages(worker0, request, &[]).pop() {
        Some((TrainerResponse::MatrixShared, mut copies)) if copies.len() == 1 => copies.remove(0),
        other => panic!("unexpected answer {:?}", other.map(|m| m.0)),
    }
}

#[test]
fn a_shared_matrix_comes_back_as_it_was_built() {
    let features = FeatureConfig::default();
    let prepared = crimelab::core::features::prepare(quick_dataset(), &features).expect("prepares");
    let copy = matrix_copy(&mut worker(), &features);
    let matrix = TrainMatrix::decode(&copy).expect("decodes");
    // (Compared as printed: missing values are NaN, which equals nothing.)
    assert!(format!("{matrix:?}") == format!("{:?}", TrainMatrix::of(&prepared)), "the matrix changed");
    assert!(matrix.train.rows > 0 && !matrix.train.columns.is_empty());
}

#[test]
fn a_damaged_matrix_or_one_for_other_features_is_refused_by_name() {
    let features = FeatureConfig::default();
    let mut worker0 = worker();
    let copy = matrix_copy(&mut worker0, &features);
    let refused = |bytes: Vec<u8>| {
        let mut w = TrainerSession::new();
        match w.handle(TrainerRequest::SetMatrix { features: features.clone() }, &[bytes], &mut |_| true) {
            Some(reply) => match reply.response {
                TrainerResponse::Failed { message } => message,
                other => panic!("unexpected answer {other:?}"),
            },
            None => panic!("a damaged matrix was taken"),
        }
    };
    let mut truncated = copy.clone();
    truncated.truncate(copy.len() - 1);
    assert!(refused(truncated).contains("truncated"));

    // A class beyond the class list, then a code beyond its column's levels.
    let prepared = crimelab::core::features::prepare(quick_dataset(), &features).expect("prepares");
    let mut bad = prepared.clone();
    bad.y_train[0] = bad.classes.len() as u32;
    let message = refused(wire::to_bytes(&train_matrix::layout(&bad)));
    assert!(message.contains("classes beyond its class list"), "{message}");
    let mut bad = prepared.clone();
    let codes = bad.train.columns.iter_mut().find_map(|c| match &mut c.values {
        FeatureValues::Categorical { codes, .. } => Some(codes),
        FeatureValues::Numeric(_) => None,
    });
    codes.expect("a categorical column")[0] = 60_000;
    let message = refused(wire::to_bytes(&train_matrix::layout(&bad)));
    assert!(message.contains("codes beyond its levels"), "{message}");

    // A worker holding a matrix for other features has none for this run.
    let mut other = TrainerSession::new();
    let set = TrainerRequest::SetMatrix { features: features.clone() };
    assert!(other.handle(set, &[copy], &mut |_| true).is_none());
    let mut run = forest_run(3);
    run.features.seed = run.features.seed.wrapping_add(1);
    let split = SplitRun::<Vec<u8>>::new(run, 2).expect("valid").expect("split");
    match messages(&mut other, split.request(1), &[]).pop() {
        Some((TrainerResponse::Failed { message }, _)) => {
            assert!(message.contains("dataset") || message.contains("training matrix"), "{message}")
        }
        other => panic!("unexpected answer {:?}", other.map(|m| m.0)),
    }
}
