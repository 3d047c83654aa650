//! Boosting a round at a time over several workers ([`Booster`]): each worker grows some
//! outputs' trees of a round, every worker takes the whole round, and the model is the one a
//! single fit gives, bit for bit, for any worker count (the design the browser's trainer
//! workers need: they share no memory, only messages).

use std::ops::Range;
use std::sync::OnceLock;

use crimelab::core::features::{prepare, FeatureConfig, Prepared};
use crimelab::core::models::gbdt::booster::{Booster, RoundEnd};
use crimelab::core::models::gbdt::{GbdtModel, GbdtParams, Refit};
use crimelab::core::models::hist::BinTree;
use crimelab::core::models::{quiet, Learner, TrainData};
use crimelab::core::train_shares::even_ranges;
use crimelab::core::ErrorKind;

use crate::support::sample;

/// The sample prepared with the default features (crime group: one tree per class and round).
fn prepared() -> &'static Prepared {
    static P: OnceLock<Prepared> = OnceLock::new();
    P.get_or_init(|| prepare(sample(), &FeatureConfig::default()).expect("sample prepares"))
}

/// One run with `workers` boosters, each growing its range of outputs; every round's trees are
/// gathered in output order and handed to every booster, as the page would.
fn run_split(params: &GbdtParams, data: &TrainData, window: (f64, f64), workers: usize) -> GbdtModel {
    let mut boosters: Vec<Booster> =
        (0..workers).map(|_| Booster::new(params, data, window).expect("starts")).collect();
    let n_out = boosters[0].n_out();
    let shares: Vec<Range<usize>> = even_ranges(n_out, workers.min(n_out));
    loop {
        let mut round: Vec<BinTree> = Vec::with_capacity(n_out);
        for (b, share) in boosters.iter_mut().zip(&shares) {
            round.extend(b.grow(share.clone()).expect("grows"));
        }
        // Boosters beyond the outputs (more workers than trees) grow nothing but keep step.
        for b in boosters.iter_mut().skip(shares.len()) {
            assert!(b.grow(0..0).expect("grows nothing").is_empty());
        }
        let mut ends = Vec::new();
        for (i, b) in boosters.iter_mut().enumerate() {
            let grown = shares.get(i).cloned().unwrap_or(0..0);
            ends.push(b.finish_round(round.clone(), grown, &mut quiet()).expect("finishes"));
        }
        assert!(ends.windows(2).all(|w| w[0] == w[1]), "the workers disagree on stopping");
        if ends[0] == RoundEnd::Done {
            let mut models: Vec<GbdtModel> = boosters.into_iter().map(Booster::into_model).collect();
            let first = models.remove(0);
            assert!(models.iter().all(|m| *m == first), "the workers' models differ");
            return first;
        }
    }
}

/// A whole fit (first run, then the refit when planned) over `workers` workers.
fn fit_split(params: &GbdtParams, data: &TrainData, workers: usize) -> GbdtModel {
    let first = run_split(params, data, params.first_window(data), workers);
    match params.refit(data, first.rounds) {
        None => first,
        Some(refit) => run_split(&refit.params, &refit.train_data(data), Refit::WINDOW, workers),
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
            let split = json(&fit_split(&params, &data, workers));
            assert!(one == split, "{label}: {workers} workers give another model than one fit");
        }
    }
}

#[test]
fn a_round_of_the_wrong_size_or_with_a_broken_tree_is_refused() {
    let p = prepared();
    let params = GbdtParams { n_rounds: 3, ..Default::default() };
    let data = p.train_data(5);
    let mut booster = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    let n_out = booster.n_out();
    assert!(n_out > 2, "the crime-group target has several classes");
    let round = booster.grow(0..n_out).unwrap();
    let short = round[..n_out - 1].to_vec();
    let err = booster.finish_round(short, 0..n_out, &mut quiet()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::ShapeMismatch { .. }), "{err}");

    // A tree from another worker whose split names a feature the data does not have.
    let mut booster = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    let mut round = booster.grow(0..1).unwrap();
    let mut other = Booster::new(&params, &data, (0.0, 1.0)).unwrap();
    round.extend(other.grow(1..n_out).unwrap());
    let mut json: serde_json::Value = serde_json::to_value(&round[1]).unwrap();
    json["nodes"][0]["feature"] = serde_json::json!(10_000);
    round[1] = serde_json::from_value(json).unwrap();
    let err = booster.finish_round(round, 0..1, &mut quiet()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidModel { .. }), "{err}");
    // A range outside the outputs is refused by name.
    let err = booster.grow(0..n_out + 1).unwrap_err();
    assert!(err.to_string().contains("outputs"), "{err}");
}
