//! Naive Bayes.

use crimelab::core::frame::{Feature, FeatureFrame};
use crimelab::core::models::naive_bayes::NaiveBayesParams;
use crimelab::core::models::{quiet, Learner, Model, ModelParams};

use crate::support::plain_data;

fn params() -> ModelParams {
    ModelParams::NaiveBayes(NaiveBayesParams::default())
}

#[test]
fn naive_bayes_learns_on_the_sample() {
    super::assert_learns(&params(), [0.05, 0.0]);
}

#[test]
fn naive_bayes_is_reproducible_round_trips_and_cancels() {
    super::assert_reproducible_and_round_trips(&params());
    super::assert_cancels(&params());
}

/// Posterior computed by hand: two classes, one numeric and one categorical feature.
#[test]
fn naive_bayes_matches_a_hand_computed_posterior() {
    let x = FeatureFrame::new(vec![
        Feature::numeric("a", vec![1.0, 3.0, 10.0, 14.0]),
        Feature::categorical("c", vec![0, 0, 1, 0], vec!["p".into(), "q".into()]),
    ]);
    let y = [0, 0, 1, 1];
    let data = plain_data(&x, &y, 2, 0);
    let p = NaiveBayesParams { var_smoothing: 0.0, ..Default::default() };
    let model = p.fit(&data, &mut quiet()).unwrap();
    let q = FeatureFrame::new(vec![
        Feature::numeric("a", vec![5.0]),
        Feature::categorical("c", vec![0], vec!["p".into(), "q".into()]),
    ]);
    // Class 0: mean 2, var 1; class 1: mean 12, var 4. P(c=p|0) = 3/4, P(c=p|1) = 2/4.
    let normal =
        |x: f64, m: f64, v: f64| (-(x - m).powi(2) / (2.0 * v)).exp() / (std::f64::consts::TAU * v).sqrt();
    let s0 = 0.5 * normal(5.0, 2.0, 1.0) * 0.75;
    let s1 = 0.5 * normal(5.0, 12.0, 4.0) * 0.5;
    let want = s1 / (s0 + s1);
    let got = model.predict_proba(&q).unwrap()[1] as f64;
    assert!((got - want).abs() < 1e-4, "{got} vs {want}");
}
