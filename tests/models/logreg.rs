//! Logistic regression: learns, matches scikit-learn on a tiny problem, reproducible, cancels.

use crimelab::core::frame::{Feature, FeatureFrame, MISSING_LEVEL};
use crimelab::core::models::logreg::LogregParams;
use crimelab::core::models::{quiet, Learner, ModelParams, TrainData};

use crate::support::plain_data;

fn params() -> ModelParams {
    ModelParams::Logreg(LogregParams::default())
}

#[test]
fn logreg_learns_on_the_sample() {
    super::assert_learns(&params(), [0.08, 0.08]);
}

#[test]
fn logreg_is_reproducible_round_trips_and_cancels() {
    super::assert_reproducible_and_round_trips(&params());
    super::assert_cancels(&params());
}

/// The tiny problem of `bench/logreg_reference.py`.
fn tiny() -> (FeatureFrame, Vec<u32>) {
    let a = [1.0, 2.0, f32::NAN, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0];
    let b = [0.5, -1.0, 2.0, 0.0, 1.5, -0.5, 3.0, 1.0, -2.0, 0.5, 2.5, -1.5];
    let m = MISSING_LEVEL;
    let cat = vec![0, 1, 2, 0, m, 1, 2, 0, 1, 2, 0, 1];
    let y = vec![0, 0, 1, 0, 1, 2, 1, 2, 2, 1, 2, 0];
    let levels = vec!["p".to_string(), "q".to_string(), "r".to_string()];
    let x = FeatureFrame::new(vec![
        Feature::numeric("a", a.to_vec()),
        Feature::numeric("b", b.to_vec()),
        Feature::categorical("c", cat, levels),
    ]);
    (x, y)
}

/// Coefficients (inputs: a, a missing, b, c=p, c=q, c=r) and intercepts from scikit-learn
/// 1.9.1, `LogisticRegression(C, tol=1e-10, max_iter=10000)` on the same design matrix
/// (printed by `bench/logreg_reference.py`).
#[test]
fn logreg_matches_scikit_learn_on_a_tiny_problem() {
    let (x, y) = tiny();
    let cases: [(f64, [[f32; 6]; 3], [f32; 3]); 2] = [
        (
            1.0,
            [
                [-0.462098, -0.056766, -0.673091, 0.37658, 0.045846, -0.208728],
                [0.009226, 0.158656, 0.646821, -0.752483, -0.386047, 0.671823],
                [0.452873, -0.10189, 0.02627, 0.375902, 0.340201, -0.463095],
            ],
            [-0.161235, 0.130996, 0.030239],
        ),
        (
            0.1,
            [
                [-0.170716, -0.023486, -0.183916, 0.061315, 0.039682, -0.069548],
                [0.025133, 0.050745, 0.219909, -0.126544, -0.093052, 0.15807],
                [0.145583, -0.027259, -0.035994, 0.065229, 0.05337, -0.088523],
            ],
            [-0.021266, 0.017353, 0.003913],
        ),
    ];
    // Tolerance: sklearn prints 6 decimals; our f32 arithmetic agrees to ~1e-5.
    let tol = 2e-4;
    for (c, coef, intercept) in cases {
        let data = plain_data(&x, &y, 3, 0);
        let p = LogregParams { c, tol: 1e-7, max_iter: 1000, ..Default::default() };
        let model = p.fit(&data, &mut quiet()).unwrap();
        eprintln!("C={c}: {} iterations, converged {}", model.iterations, model.converged);
        for (i, coef_row) in coef.iter().enumerate() {
            for (j, &want) in coef_row.iter().enumerate() {
                let got = model.weights()[j * 3 + i];
                assert!((got - want).abs() < tol, "C={c} coef[{i}][{j}] {got} vs {want}");
            }
            assert!((model.bias()[i] - intercept[i]).abs() < tol, "C={c} intercept {i}");
        }
    }
    // Binary (class 2 against the rest) uses one sigmoid output, like scikit-learn.
    let yb: Vec<u32> = y.iter().map(|&c| (c == 2) as u32).collect();
    let data = plain_data(&x, &yb, 2, 0);
    let p = LogregParams { tol: 1e-7, max_iter: 1000, ..Default::default() };
    let model = p.fit(&data, &mut quiet()).unwrap();
    let want = [0.628521, -0.155393, -0.037609, 0.488458, 0.355091, -0.618945];
    for (j, &w) in want.iter().enumerate() {
        assert!((model.weights()[j] - w).abs() < tol, "binary coef {j}: {} vs {w}", model.weights()[j]);
    }
    assert!((model.bias()[0] + 0.881313).abs() < tol);
    let proba = crimelab::core::models::Model::predict_proba(&model, &x).unwrap();
    for (r, want) in [0.188762f32, 0.202443, 0.155393, 0.289791].iter().enumerate() {
        assert!((proba[r * 2 + 1] - want).abs() < tol, "binary proba row {r}");
    }
}

#[test]
fn logreg_class_weights_shift_predictions_and_params_validate() {
    let (x, y) = tiny();
    // Weighting class 1 ten times more makes it more probable everywhere.
    let w: Vec<f32> = y.iter().map(|&c| if c == 1 { 10.0 } else { 1.0 }).collect();
    let plain = plain_data(&x, &y, 3, 0);
    let weighted = TrainData { weights: Some(&w), ..plain };
    let p = LogregParams::default();
    let a = crimelab::core::models::Model::predict_proba(&p.fit(&plain, &mut quiet()).unwrap(), &x).unwrap();
    let b =
        crimelab::core::models::Model::predict_proba(&p.fit(&weighted, &mut quiet()).unwrap(), &x).unwrap();
    for r in 0..y.len() {
        assert!(b[r * 3 + 1] > a[r * 3 + 1]);
    }
    assert!(LogregParams { c: 0.0, ..Default::default() }.validate().is_err());
    assert!(LogregParams { max_iter: 0, ..Default::default() }.validate().is_err());
}
