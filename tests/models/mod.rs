//! The models on the real extract: each learns (beats the majority baseline clearly), is
//! reproducible from its seed, can be cancelled, and survives a JSON round trip.

mod frame;
mod knn;
mod logreg;
mod mlp;
mod naive_bayes;
mod svm_kernel;
mod svm_linear;
mod trees;

use std::sync::OnceLock;

use crimelab::core::frame::FeatureFrame;

/// The sample's features and targets with a seeded 75/25 split.
pub struct Fixture {
    pub train_x: FeatureFrame,
    pub test_x: FeatureFrame,
    pub part12: (Vec<u32>, Vec<u32>),
    pub crime: (Vec<u32>, Vec<u32>),
}

/// Loaded once for all model tests.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let problem = frame::build(crate::support::sample());
        let (train, test) = frame::split(problem.x.rows, 0.25, 7);
        Fixture {
            train_x: problem.x.take(&train),
            test_x: problem.x.take(&test),
            part12: (frame::take(&problem.part12, &train), frame::take(&problem.part12, &test)),
            crime: (frame::take(&problem.crime, &train), frame::take(&problem.crime, &test)),
        }
    })
}

use crimelab::core::models::{Model, ModelParams, TrainData, TrainProgress};
use crimelab::core::ErrorKind;

use frame::{accuracy, macro_f1, majority_accuracy, CRIME_CLASSES};

/// Training data for one of the fixture's targets.
pub fn train_data(target: &str, seed: u64, with_valid: bool) -> (TrainData<'static>, &'static [u32], usize) {
    let f = fixture();
    let ((ytr, yte), k) = match target {
        "part12" => (&f.part12, 2),
        _ => (&f.crime, CRIME_CLASSES),
    };
    let valid = with_valid.then_some((&f.test_x, yte.as_slice()));
    let data = TrainData { valid, ..crate::support::plain_data(&f.train_x, ytr, k, seed) };
    (data, yte, k)
}

/// Fits `params` on both targets and checks that test accuracy beats the majority baseline
/// by `min_gain[0]` (Part 1-2) and `min_gain[1]` (crime group), and that macro-F1 beats the
/// majority's (one class with F1 `2s/(1+s)`, the others 0) by at least 0.15.
pub fn assert_learns(params: &ModelParams, min_gain: [f64; 2]) {
    let f = fixture();
    for (target, min_gain) in ["part12", "crime"].into_iter().zip(min_gain) {
        let (data, yte, k) = train_data(target, 3, false);
        let model = params.fit(&data, &mut |_: &TrainProgress| true).unwrap();
        let proba = model.predict_proba(&f.test_x).unwrap();
        assert_eq!(proba.len(), f.test_x.rows * k);
        let pred = model.predict(&f.test_x).unwrap();
        let acc = accuracy(&pred, yte);
        let f1 = macro_f1(&pred, yte, k);
        let base = majority_accuracy(data.y, yte, k);
        // The majority baseline's macro-F1: one class with F1 2s/(1+s), the others 0.
        let base_f1 = 2.0 * base / (1.0 + base) / k as f64;
        eprintln!(
            "{:?} {target}: accuracy {acc:.4} (majority {base:.4}), macro-F1 {f1:.4} (majority {base_f1:.4})",
            params.kind()
        );
        assert!(acc >= base + min_gain, "{target}: accuracy {acc} vs majority {base}");
        assert!(f1 >= base_f1 + 0.15, "{target}: macro-F1 {f1} vs majority {base_f1}");
    }
}

/// Same seed → same probabilities; JSON round trip → identical probabilities.
pub fn assert_reproducible_and_round_trips(params: &ModelParams) {
    let f = fixture();
    let (data, _, _) = train_data("crime", 11, true);
    let a = params.fit(&data, &mut |_: &TrainProgress| true).unwrap();
    let b = params.fit(&data, &mut |_: &TrainProgress| true).unwrap();
    let some: Vec<u32> = (0..600).collect();
    let test_x = f.test_x.take(&some);
    let pa = a.predict_proba(&test_x).unwrap();
    assert_eq!(pa, b.predict_proba(&test_x).unwrap(), "same seed, same model");
    let json = serde_json::to_string(&a).unwrap();
    let back: crimelab::core::models::AnyModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back.kind(), params.kind());
    assert_eq!(pa, back.predict_proba(&test_x).unwrap(), "JSON round trip");
    let pjson = serde_json::to_string(params).unwrap();
    let pback: ModelParams = serde_json::from_str(&pjson).unwrap();
    assert_eq!(&pback, params);
}

/// A monitor that cancels at the first report makes the fit return `Cancelled`, and reports
/// arrive with increasing iterations.
pub fn assert_cancels(params: &ModelParams) {
    let (data, _, _) = train_data("crime", 5, true);
    let mut calls = 0;
    let err = params
        .fit(&data, &mut |_: &TrainProgress| {
            calls += 1;
            false
        })
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Cancelled), "{err}");
    assert_eq!(calls, 1, "stops at the first cancelled report");
}
