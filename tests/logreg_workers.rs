//! Logistic regression over several workers that share no memory ([`LogregFit`]): each worker
//! sums its blocks of rows for every evaluation, the page relays the sums (in any order), and
//! the model is the one a plain fit gives, bit for bit, for any worker count and any thread
//! count; sums that do not fit the evaluation are refused by name.

use std::sync::OnceLock;

use crimelab::core::features::{prepare, FeatureConfig, Prepared};
use crimelab::core::models::logreg::fit::{FitStep, LogregFit};
use crimelab::core::models::logreg::objective::{blocks, MAX_BLOCKS};
use crimelab::core::models::logreg::partials::EvalCollector;
use crimelab::core::models::logreg::{LogregModel, LogregParams};
use crimelab::core::models::{quiet, Learner, TrainData, TrainProgress};
use crimelab::core::parallel::Parallelism;
use crimelab::core::rng::Rng;

use crate::support::sample;

/// The sample prepared with the default features (crime group: several outputs).
fn prepared() -> &'static Prepared {
    static P: OnceLock<Prepared> = OnceLock::new();
    P.get_or_init(|| prepare(sample(), &FeatureConfig::default()).expect("sample prepares"))
}

/// A whole fit over `workers` workers as the page drives it: the workers' sums reach an
/// [`EvalCollector`] in a seeded random order, and every worker gets the others' sums back.
fn fit_split(params: &LogregParams, data: &TrainData, workers: usize, seed: u64) -> LogregModel {
    fit_split_reported(params, data, workers, seed, false).0
}

/// [`fit_split`], with the first worker's progress reports; `flush`: each worker does what the
/// browser's does once its sums are sent ([`LogregFit::flush_progress`]).
fn fit_split_reported(
    params: &LogregParams,
    data: &TrainData,
    workers: usize,
    seed: u64,
    flush: bool,
) -> (LogregModel, Vec<TrainProgress>) {
    let mut reports = Vec::new();
    let checked = params.clone().check().expect("valid params");
    let mut rng = Rng::new(seed);
    let mut nodes = Vec::new();
    let mut steps = Vec::new();
    for worker in 0..workers {
        let (node, step) = LogregFit::start(&checked, data, worker, workers).expect("starts");
        nodes.push(node);
        steps.push(Some(step));
    }
    let mut collector = EvalCollector::new(workers);
    loop {
        let mut order: Vec<usize> = (0..workers).collect();
        rng.shuffle(&mut order);
        let mut all = None;
        let mut finished = Vec::new();
        for i in order {
            match steps[i].take().expect("a step") {
                FitStep::Partials(sums) => all = collector.add(i, sums).expect("a worker's sums"),
                FitStep::Finished(model) => finished.push(json(&model)),
            }
        }
        if !finished.is_empty() {
            assert_eq!(finished.len(), workers, "every worker finishes at the same evaluation");
            assert!(finished.windows(2).all(|w| w[0] == w[1]), "the workers' models differ");
            return (serde_json::from_str(&finished[0]).unwrap(), reports);
        }
        let all = all.expect("the last worker's sums complete the evaluation");
        for (i, node) in nodes.iter_mut().enumerate() {
            let others: Vec<&[u8]> =
                all.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, s)| s.as_slice()).collect();
            let mut monitor = |p: &TrainProgress| {
                if i == 0 {
                    reports.push(p.clone());
                }
                true
            };
            steps[i] = Some(node.next(data, &others, &mut monitor).expect("next evaluation"));
            if flush {
                node.flush_progress(data, &mut monitor).expect("flushes");
            }
        }
    }
}

fn json(model: &LogregModel) -> String {
    serde_json::to_string(model).expect("serialises")
}

#[test]
fn any_worker_or_thread_count_gives_the_model_of_one_fit() {
    let p = prepared();
    let rows = p.train_data(3).x.rows;
    assert!(blocks(rows).len() >= 3, "the sample makes several blocks ({rows} rows)");
    let cases = [
        ("defaults", LogregParams { max_iter: 12, ..Default::default() }),
        ("warm start", LogregParams { max_iter: 8, warm_start_rows: 1_000, c: 0.5, ..Default::default() }),
    ];
    for (label, params) in cases {
        let data = p.train_data(3);
        let one = json(&params.fit(&data, &mut quiet()).expect("fits"));
        for threads in [2, 3, 8] {
            let data = TrainData { parallelism: Parallelism::threads(threads), ..p.train_data(3) };
            let threaded = json(&params.fit(&data, &mut quiet()).expect("fits"));
            assert!(one == threaded, "{label}: {threads} threads give another model than one");
        }
        for workers in [1, 2, 3, 4] {
            let split = json(&fit_split(&params, &data, workers, 7 + workers as u64));
            assert!(one == split, "{label}: {workers} workers give another model than one fit");
        }
    }
}

#[test]
fn split_progress_has_the_validation_scores_of_one_fit() {
    // The first of several workers scores the validation rows after sending its sums (or at
    // its next step): the reports are the plain fit's, validation scores included.
    let p = prepared();
    let params = LogregParams { max_iter: 25, ..Default::default() };
    let data = p.train_data(3);
    assert!(data.valid.is_some(), "the sample has validation rows");
    let mut one = Vec::new();
    params
        .fit(&data, &mut |p: &TrainProgress| {
            one.push(p.clone());
            true
        })
        .expect("fits");
    let scored = one.iter().filter(|p| p.valid_loss.is_some() && p.valid_accuracy.is_some()).count();
    assert!(scored >= 2, "validation scores every 10 iterations: {scored} of {} reports", one.len());
    for (workers, flush) in [(2, true), (2, false), (3, true)] {
        let (_, reports) = fit_split_reported(&params, &data, workers, 11, flush);
        assert_eq!(reports, one, "{workers} workers (flushed after sending: {flush})");
    }
}

#[test]
fn blocks_are_few_and_depend_on_the_rows_only() {
    assert!(blocks(0).is_empty());
    assert_eq!(blocks(1), vec![0..1]);
    assert_eq!(blocks(3 * 4096 + 1), vec![0..1, 1..2, 2..3, 3..4]);
    let many = blocks(1_000_000);
    assert_eq!(many.len(), MAX_BLOCKS);
    assert_eq!(many.last().unwrap().end, 1_000_000usize.div_ceil(4096));
    assert!(many.windows(2).all(|w| w[0].end == w[1].start));
}

/// A two-worker fit at its first exchange: worker 1's state, and worker 2's first sums.
fn first_exchange(data: &TrainData) -> (LogregFit, Vec<u8>) {
    let params = LogregParams { max_iter: 5, ..Default::default() }.check().unwrap();
    let (first, _) = LogregFit::start(&params, data, 0, 2).unwrap();
    let (_, step) = LogregFit::start(&params, data, 1, 2).unwrap();
    let FitStep::Partials(sums) = step else { panic!("first sums") };
    (first, sums)
}

#[test]
fn sums_that_do_not_fit_the_evaluation_are_refused_by_name() {
    let p = prepared();
    let data = p.train_data(3);
    let (_, good) = first_exchange(&data);
    let refused = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = good.clone();
        edit(&mut bytes);
        let (mut first, _) = first_exchange(&data);
        first.next(&data, &[&bytes], &mut quiet()).unwrap_err().to_string()
    };
    let f64_at =
        |b: &mut Vec<u8>, i: usize, v: f64| b[16 + 8 * i..24 + 8 * i].copy_from_slice(&v.to_le_bytes());
    let message = refused(&|b| b.truncate(b.len() - 1));
    assert!(message.contains("logistic-regression worker 2"), "{message}");
    assert!(refused(&|b| b.push(0)).contains("bytes of the partial sums"), "a long buffer");
    assert!(refused(&|b| b.truncate(9)).contains("too short"), "no header");
    assert!(
        refused(&|b| b[0] = 3).contains("evaluation 4, where evaluation 1 was expected"),
        "another evaluation"
    );
    assert!(refused(&|b| b[4] = 0).contains("blocks from block 1, where"), "another worker's blocks");
    assert!(refused(&|b| b[12] = 1).contains("numbers per block"), "another width");
    assert!(refused(&|b| f64_at(b, 2, f64::NAN)).contains("NaN in block"), "not a number");
    assert!(refused(&|b| f64_at(b, 3, f64::INFINITY)).contains("gradient entry 3"), "an infinite gradient");
    assert!(refused(&|b| f64_at(b, 0, f64::NEG_INFINITY)).contains("its loss"), "a loss of minus infinity");
    let (mut first, _) = first_exchange(&data);
    let message = first.next(&data, &[], &mut quiet()).unwrap_err().to_string();
    assert!(message.contains("other logistic-regression workers"), "{message}");
    // A block whose loss overflowed (+∞) is taken: the step is refused by the line search.
    let (mut first, _) = first_exchange(&data);
    let mut inf = good.clone();
    f64_at(&mut inf, 0, f64::INFINITY);
    assert!(first.next(&data, &[&inf], &mut quiet()).is_err(), "not finite at the start");
    // And the true sums are taken.
    let (mut first, _) = first_exchange(&data);
    assert!(matches!(first.next(&data, &[&good], &mut quiet()).unwrap(), FitStep::Partials(_)));
    let mut collector = EvalCollector::new(2);
    assert!(collector.add(0, good.clone()).unwrap().is_none());
    assert!(collector.add(0, good.clone()).unwrap_err().to_string().contains("twice"));
    assert!(collector.add(5, good).is_err(), "no worker 6");
}

#[test]
fn workers_that_end_with_different_models_are_refused_at_the_merge() {
    use crimelab::core::models::AnyModel;
    use crimelab::core::train_shares::merge;
    let data = prepared().train_data(3);
    let fit =
        |max_iter| LogregParams { max_iter, ..Default::default() }.fit(&data, &mut quiet()).expect("fits");
    let (a, b) = (fit(2), fit(3));
    let parts = vec![AnyModel::Logreg(a.clone()), AnyModel::Logreg(a.clone()), AnyModel::Logreg(b)];
    let err = merge(parts).unwrap_err().to_string();
    assert!(err.contains("logistic-regression workers 1 and 3 ended with different models"), "{err}");
    let agreed = merge(vec![AnyModel::Logreg(a.clone()), AnyModel::Logreg(a.clone())]).expect("they agree");
    assert!(matches!(agreed, AnyModel::Logreg(m) if m == a));
}
