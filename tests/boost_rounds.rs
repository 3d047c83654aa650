//! Boosting a round at a time over several workers ([`Booster`]): each worker grows some
//! outputs' trees of a round, every worker takes the whole round, and the model is the one a
//! single fit gives, bit for bit, for any worker count (the design the browser's trainer
//! workers need: they share no memory, only messages).

use std::sync::OnceLock;

use crimelab::core::features::{prepare, FeatureConfig, Prepared};
use crimelab::core::models::gbdt::booster::Booster;
use crimelab::core::models::gbdt::rounds::{output_shares, RoundCollector, RoundWorker, WorkerStep};
use crimelab::core::models::gbdt::{GbdtModel, GbdtParams};
use crimelab::core::models::hist::BinTree;
use crimelab::core::models::{quiet, Learner, TrainData};
use crimelab::core::rng::Rng;
use crimelab::core::ErrorKind;

use crate::support::sample;

/// The sample prepared with the default features (crime group: one tree per class and round).
fn prepared() -> &'static Prepared {
    static P: OnceLock<Prepared> = OnceLock::new();
    P.get_or_init(|| prepare(sample(), &FeatureConfig::default()).expect("sample prepares"))
}

/// A whole fit over `workers` workers as the page drives it: each [`RoundWorker`] grows its
/// share of a round, the trees travel as JSON (as messages do) with their row leaves to a
/// [`RoundCollector`] in a seeded random worker order, and every worker gets the whole round
/// back with the other workers' leaves. `watch` sees the first worker as the trainer session
/// does: with the whole round before it takes it, and with none after each of its answers.
fn fit_split(
    params: &GbdtParams,
    data: &TrainData,
    workers: usize,
    seed: u64,
    watch: &mut dyn FnMut(&RoundWorker, Option<&[BinTree]>),
) -> GbdtModel {
    let checked = params.clone().check().expect("valid params");
    let shares = output_shares(data.n_classes, workers);
    let mut collector = RoundCollector::new(workers);
    let mut rng = Rng::new(seed);
    let mut nodes = Vec::new();
    let mut steps = Vec::new();
    for share in &shares {
        let (worker, step) = RoundWorker::start(&checked, data, share.clone()).expect("starts");
        nodes.push(worker);
        steps.push(step);
    }
    watch(&nodes[0], None);
    loop {
        let mut order: Vec<usize> = (0..workers).collect();
        rng.shuffle(&mut order);
        let mut round = None;
        let mut finished = Vec::new();
        for i in order {
            match std::mem::replace(&mut steps[i], WorkerStep::Round(Vec::new(), Vec::new())) {
                WorkerStep::Round(trees, leaves) => {
                    let wire = serde_json::to_string(&trees).unwrap();
                    let trees: Vec<BinTree> = serde_json::from_str(&wire).unwrap();
                    round = collector.add(i, trees, leaves).expect("a worker's trees");
                }
                WorkerStep::Finished(model) => finished.push(json(&model)),
            }
        }
        if !finished.is_empty() {
            assert_eq!(finished.len(), workers, "every worker finishes in the same round");
            assert!(finished.windows(2).all(|w| w[0] == w[1]), "the workers' models differ");
            return serde_json::from_str(&finished[0]).unwrap();
        }
        let (round, leaves) = round.expect("the last worker's trees complete the round");
        watch(&nodes[0], Some(&round));
        for (i, worker) in nodes.iter_mut().enumerate() {
            let others: Vec<&[u8]> =
                leaves.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, l)| l.as_slice()).collect();
            steps[i] = worker.next(data, round.clone(), &others, &mut quiet()).expect("next round");
        }
        watch(&nodes[0], None);
    }
}

fn json(model: &GbdtModel) -> String {
    serde_json::to_string(model).expect("serialises")
}

#[test]
fn any_worker_count_gives_the_model_of_one_fit() {
    let p = prepared();
    let cases = [
        ("defaults (early stopping, refit)", GbdtParams { n_rounds: 6, ..Default::default() }),
        (
            "row and column sampling, no early stopping",
            GbdtParams {
                n_rounds: 5,
                subsample: 0.7,
                colsample_bytree: 0.6,
                early_stopping_rounds: 0,
                ..Default::default()
            },
        ),
    ];
    for (label, params) in cases {
        let data = p.train_data(5);
        let one = json(&params.fit(&data, &mut quiet()).expect("fits"));
        for workers in [2, 3, 12] {
            let split = json(&fit_split(&params, &data, workers, workers as u64, &mut |_, _| {}));
            assert!(one == split, "{label}: {workers} workers give another model than one fit");
        }
    }
}

#[test]
fn a_round_of_the_wrong_size_or_with_a_broken_tree_is_refused() {
    let p = prepared();
    let params = GbdtParams { n_rounds: 3, ..Default::default() }.check().unwrap();
    let data = p.train_data(5);
    let mut booster = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    let n_out = booster.n_out();
    assert!(n_out > 2, "the crime-group target has several classes");
    let round = booster.grow(0..n_out).unwrap();
    let short = round[..n_out - 1].to_vec();
    let err = booster.finish_round(short, 0..n_out, &[], &mut quiet()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::ShapeMismatch { .. }), "{err}");

    // A tree from another worker whose split names a feature the data does not have.
    let mut booster = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    let mut round = booster.grow(0..1).unwrap();
    let mut other = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    round.extend(other.grow(1..n_out).unwrap());
    let mut json: serde_json::Value = serde_json::to_value(&round[1]).unwrap();
    json["nodes"][0]["feature"] = serde_json::json!(10_000);
    round[1] = serde_json::from_value(json).unwrap();
    let err = booster.finish_round(round, 0..1, &[], &mut quiet()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidModel { .. }), "{err}");
    // A range outside the outputs is refused by name.
    let err = booster.grow(0..n_out + 1).unwrap_err();
    assert!(err.to_string().contains("outputs"), "{err}");
}

#[test]
fn shares_cover_the_outputs_and_the_collector_checks_each_worker() {
    assert_eq!(output_shares(10, 3), vec![0..4, 4..7, 7..10]);
    assert_eq!(output_shares(2, 3), vec![0..1, 1..1, 1..1], "two classes: one tree per round");
    assert_eq!(output_shares(4, 1), vec![0..4]);
    let p = prepared();
    let params = GbdtParams { n_rounds: 2, ..Default::default() }.check().unwrap();
    let data = p.train_data(5);
    let shares = output_shares(data.n_classes, 2);
    let (_, step) = RoundWorker::start(&params, &data, shares[0].clone()).unwrap();
    let WorkerStep::Round(trees, leaves) = step else { panic!("a first round") };
    let mut collector = RoundCollector::new(shares.len());
    assert!(collector.add(0, trees.clone(), leaves.clone()).unwrap().is_none(), "worker 2 is still growing");
    assert!(collector.add(0, trees, leaves).is_err(), "worker 1 sent its round twice");
    assert!(collector.add(7, Vec::new(), Vec::new()).is_err(), "no worker 8");
}

#[test]
fn row_leaves_that_do_not_fit_the_round_are_refused_by_name() {
    let p = prepared();
    let params = GbdtParams { n_rounds: 3, ..Default::default() }.check().unwrap();
    let data = p.train_data(5);
    let shares = output_shares(data.n_classes, 2);
    let (mut first, _) = RoundWorker::start(&params, &data, shares[0].clone()).unwrap();
    let (_, step) = RoundWorker::start(&params, &data, shares[1].clone()).unwrap();
    let WorkerStep::Round(theirs, leaves) = step else { panic!("a first round") };
    assert_eq!(leaves[4], 1, "the worker recorded its first tree's leaves, a byte per row");
    // The first worker's own trees of the round, from a booster in the same state.
    let mut own = Booster::new(&params, &data, params.first_window(&data)).unwrap();
    let mut round = own.grow(shares[0].clone()).unwrap();
    round.extend(theirs);
    // A tree's leaves cover the training rows, then the validation rows.
    let n = data.x.rows + data.valid.map_or(0, |(vx, _)| vx.rows);
    let broken = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = leaves.clone();
        edit(&mut bytes);
        let (mut worker, _) = RoundWorker::start(&params, &data, shares[0].clone()).unwrap();
        worker.next(&data, round.clone(), &[&bytes], &mut quiet()).unwrap_err().to_string()
    };
    assert!(broken(&|b| b.truncate(b.len() - 1)).contains("row leaves of tree"), "a short buffer");
    assert!(broken(&|b| b.push(0)).contains("bytes too many"), "a long buffer");
    assert!(broken(&|b| b[4] = 7).contains("unknown width 7"), "an unknown width");
    assert!(broken(&|b| b[5] = 250).contains("name leaf 250"), "a leaf the tree does not have");
    assert!(
        broken(&|b| {
            b[0] = 1;
            b.truncate(4 + 1 + n);
        })
        .contains("fewer than"),
        "too few trees"
    );
    assert!(broken(&|b| b.clear()).contains("empty"), "no count");
    // Leaves sent as "not recorded" (width 0) are predicted instead: the round is taken.
    let k = shares[1].len();
    let mut bare = (k as u32).to_le_bytes().to_vec();
    bare.extend(std::iter::repeat_n(0u8, k));
    first.next(&data, round.clone(), &[&bare], &mut quiet()).expect("unrecorded leaves are predicted");
    assert!(n > 255, "the sample has more rows than a byte counts");
}

/// The first worker's test-row scores, built up between rounds as the trainer session does
/// (each whole round queued, then added a slice of rows at a time in spare time), are the
/// finished model's predictions bit for bit: with a refit after early stopping (the scores
/// follow the refit) and without one, whether the spare time covers every round or only one
/// slice a round (the rest waits for the evaluation).
#[test]
fn test_rows_scored_between_rounds_are_the_models_predictions() {
    use crimelab::core::models::Model;
    use crimelab::core::session::test_scoring::TestScoring;
    let p = prepared();
    let slice = 1000;
    assert!(p.test.rows > 2 * slice, "a round takes several slices");
    let cases = [
        ("early stopping, then the refit", GbdtParams { n_rounds: 6, ..Default::default() }),
        ("no early stopping", GbdtParams { n_rounds: 5, early_stopping_rounds: 0, ..Default::default() }),
    ];
    for (label, params) in cases {
        for slices in [usize::MAX, 1] {
            let data = p.train_data(5);
            let mut scoring = TestScoring::with_slice_rows(slice);
            let model = fit_split(&params, &data, 2, 3, &mut |first, round| {
                if let Some(round) = round {
                    scoring.hold(round, first.refitting());
                }
                for _ in 0..slices {
                    if !scoring.step(Some(first), &p.test) {
                        break;
                    }
                }
            });
            let proba = scoring.proba_of(&model, &p.test).unwrap_or_else(|| panic!("{label}: scored"));
            let predicted = model.predict_proba(&p.test).unwrap();
            assert!(
                proba.iter().zip(&predicted).all(|(a, b)| a.to_bits() == b.to_bits()),
                "{label}, {slices}"
            );
            assert_eq!(proba.len(), predicted.len());
        }
    }
}
