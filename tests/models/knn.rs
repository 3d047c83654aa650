//! k-nearest neighbours.

use crimelab::core::frame::{Feature, FeatureFrame};
use crimelab::core::models::knn::{KnnParams, Weighting};
use crimelab::core::models::{quiet, Learner, Model, ModelParams};

use crate::support::plain_data;

fn params() -> ModelParams {
    ModelParams::Knn(KnnParams { sample_size: 2_000, ..Default::default() })
}

#[test]
fn knn_learns_on_the_sample() {
    super::assert_learns(&params(), [0.05, 0.03]);
}

#[test]
fn knn_is_reproducible_round_trips_and_cancels() {
    super::assert_reproducible_and_round_trips(&params());
    super::assert_cancels(&params());
}

/// Neighbours found by hand on a line: standardised distance keeps the order of raw values.
#[test]
fn knn_votes_the_nearest_rows() {
    let x = FeatureFrame::new(vec![Feature::numeric("a", vec![0.0, 1.0, 2.0, 10.0, 11.0, 12.0])]);
    let y = [0, 0, 0, 1, 1, 1];
    let data = plain_data(&x, &y, 2, 0);
    let p = KnnParams { k: 3, weighting: Weighting::Uniform, ..Default::default() };
    let model = p.fit(&data, &mut quiet()).unwrap();
    assert_eq!(model.sample_size, 6);
    let q = FeatureFrame::new(vec![Feature::numeric("a", vec![1.5, 9.0, 6.4])]);
    // 6.4: nearest are 2 (4.4), 10 (3.6), 11 (4.6) -> 1 vote class 0, 2 votes class 1.
    let proba = model.predict_proba(&q).unwrap();
    assert_eq!(&proba[..4], &[1.0, 0.0, 0.0, 1.0]);
    assert!((proba[4] - 1.0 / 3.0).abs() < 1e-6 && (proba[5] - 2.0 / 3.0).abs() < 1e-6);
}
