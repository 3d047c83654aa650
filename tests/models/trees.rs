//! Tree models (GBDT, random forest, decision tree) on a hand-checked toy problem and on the
//! real extract (the model tests' fixture: its features, crime target and seeded split).

use crimelab::core::frame::{Feature, FeatureFrame};
use crimelab::core::models::forest::ForestParams;
use crimelab::core::models::gbdt::{GbdtModel, GbdtParams};
use crimelab::core::models::tree::TreeParams;
use crimelab::core::models::{quiet, Learner, Model, ModelParams, TrainData, TrainProgress};
use crimelab::core::rng::Rng;

use super::frame::CRIME_CLASSES;
use super::{assert_cancels, assert_learns, assert_reproducible_and_round_trips, fixture, train_data};
use crate::support::plain_data;

/// Second-order gain of a split, written out independently of the crate.
fn gain(gl: f64, hl: f64, gr: f64, hr: f64, lambda: f64) -> f64 {
    let s = |g: f64, h: f64| g * g / (h + lambda);
    0.5 * (s(gl, hl) + s(gr, hr) - s(gl + gr, hl + hr))
}

#[test]
fn gbdt_first_split_matches_a_hand_computation() {
    // Two numeric features; labels follow x1 > 3.5 except for one noisy row, x2 is weaker.
    let x1 = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let x2 = [5.0f32, 1.0, 4.0, 2.0, 8.0, 3.0, 7.0, 6.0];
    let y = [0u32, 0, 1, 1, 1, 1, 0, 1];
    let x = FeatureFrame::new(vec![Feature::numeric("x1", x1.to_vec()), Feature::numeric("x2", x2.to_vec())]);
    let (lambda, lr) = (1.0, 0.3);
    let params = GbdtParams {
        n_rounds: 1,
        learning_rate: lr,
        max_leaves: 2,
        min_child_weight: 0.0,
        lambda,
        ..Default::default()
    };
    let data = plain_data(&x, &y, 2, 1);
    let model = params.fit(&data, &mut quiet()).unwrap();

    // By hand: start at the log-odds of the prior 5/8, so p = 0.625 for every row.
    let p = 5.0f64 / 8.0;
    let g: Vec<f64> = y.iter().map(|&c| p - c as f64).collect();
    let h = p * (1.0 - p);
    // Try every threshold of every feature.
    let mut best = (f64::MIN, 0usize, 0.0f32);
    for (f, xs) in [x1, x2].iter().enumerate() {
        let mut sorted = xs.to_vec();
        sorted.sort_by(f32::total_cmp);
        for t in &sorted[..sorted.len() - 1] {
            let (mut gl, mut hl, mut gr, mut hr) = (0.0, 0.0, 0.0, 0.0);
            for (i, &v) in xs.iter().enumerate() {
                if v <= *t {
                    gl += g[i];
                    hl += h;
                } else {
                    gr += g[i];
                    hr += h;
                }
            }
            let gn = gain(gl, hl, gr, hr, lambda);
            if gn > best.0 + 1e-12 {
                best = (gn, f, *t);
            }
        }
    }
    let (best_gain, best_f, best_t) = best;
    // x1 ≤ 2 isolates the two clean negatives: G_L = 1.25, H_L = 0.46875.
    assert_eq!((best_f, best_t), (0, 2.0));
    let root = &model.trees[0].nodes[0];
    assert_eq!(root.feature as usize, best_f);
    assert!((root.gain as f64 - best_gain).abs() < 1e-5, "{} vs {best_gain}", root.gain);
    // Leaf values −G/(H+λ)·lr on each side of the threshold.
    let xs = [x1, x2][best_f];
    let (mut gl, mut hl, mut gr, mut hr) = (0.0, 0.0, 0.0, 0.0);
    for (i, &v) in xs.iter().enumerate() {
        if v <= best_t {
            gl += g[i];
            hl += h;
        } else {
            gr += g[i];
            hr += h;
        }
    }
    let base = (p / (1.0 - p)).ln();
    let scores = model.scores(&x).unwrap();
    for (i, &v) in xs.iter().enumerate() {
        let leaf = if v <= best_t { -gl / (hl + lambda) * lr } else { -gr / (hr + lambda) * lr };
        assert!((scores[i] as f64 - (base + leaf)).abs() < 1e-5);
    }
}

#[test]
fn categorical_levels_are_grouped_in_one_split() {
    // Levels 0 and 2 are class 1, levels 1 and 3 class 0: one grouped split separates them,
    // no single level against the rest could.
    let mut rng = Rng::new(3);
    let codes: Vec<u16> = (0..400).map(|_| rng.below(4) as u16).collect();
    let y: Vec<u32> = codes.iter().map(|&c| u32::from(c % 2 == 0)).collect();
    let levels = ["a", "b", "c", "d"].map(String::from).to_vec();
    let x = FeatureFrame::new(vec![Feature::categorical("c", codes, levels)]);
    let data = plain_data(&x, &y, 2, 1);
    let tree = TreeParams { max_depth: 1, min_samples_leaf: 1, min_samples_split: 2, ..Default::default() }
        .fit(&data, &mut quiet())
        .unwrap();
    assert_eq!(tree.predict(&x).unwrap(), y);
    let gbdt = GbdtParams { n_rounds: 5, max_leaves: 2, learning_rate: 0.5, ..Default::default() }
        .fit(&data, &mut quiet())
        .unwrap();
    assert_eq!(gbdt.trees[0].nodes.len(), 1);
    assert_eq!(gbdt.predict(&x).unwrap(), y);
}

/// GBDT, a random forest and a decision tree, each at settings that fit the sample in well
/// under a second.
fn small_params() -> Vec<ModelParams> {
    vec![
        ModelParams::Gbdt(GbdtParams {
            n_rounds: 4,
            max_leaves: 8,
            subsample: 0.7,
            colsample_bytree: 0.7,
            ..Default::default()
        }),
        ModelParams::RandomForest(ForestParams { n_trees: 4, max_depth: 8, ..Default::default() }),
        ModelParams::Tree(TreeParams { max_depth: 6, ..Default::default() }),
    ]
}

#[test]
fn every_tree_model_beats_the_majority_class_on_the_real_extract() {
    let models = [
        ModelParams::Gbdt(GbdtParams {
            n_rounds: 15,
            learning_rate: 0.3,
            max_leaves: 15,
            ..Default::default()
        }),
        ModelParams::RandomForest(ForestParams { n_trees: 8, max_depth: 12, ..Default::default() }),
        ModelParams::Tree(TreeParams::default()),
    ];
    for params in models {
        assert_learns(&params, [0.1, 0.04]);
    }
}

#[test]
fn importances_are_shares_and_probabilities_are_distributions() {
    let f = fixture();
    let (data, _, k) = train_data("crime", 7, false);
    for params in small_params() {
        let model = params.fit(&data, &mut quiet()).unwrap();
        let imp = model.importance().unwrap();
        assert_eq!(imp.len(), f.train_x.n_features(), "{:?}", params.kind());
        assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{:?}", params.kind());
        assert!(imp.iter().all(|&v| v >= 0.0), "{:?}", params.kind());
        let proba = model.predict_proba(&f.test_x).unwrap();
        for row in proba.chunks(k).take(100) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{:?}", params.kind());
        }
    }
}

#[test]
fn seeds_make_models_reproducible_and_json_round_trips_exactly() {
    for params in small_params() {
        assert_reproducible_and_round_trips(&params);
    }
    // Another seed gives another model where the learner draws at random (the plain tree does not).
    let json = |params: &ModelParams, seed| {
        let model = params.fit(&train_data("crime", seed, false).0, &mut quiet()).unwrap();
        serde_json::to_string(&model).unwrap()
    };
    for params in &small_params()[..2] {
        assert_ne!(json(params, 11), json(params, 12), "{:?}", params.kind());
    }
    let empty: GbdtParams = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, GbdtParams::default());
}

#[test]
fn cancel_stops_the_fit() {
    for params in small_params() {
        assert_cancels(&params);
    }
}

#[test]
fn early_stopping_keeps_the_best_round() {
    let (data, _, k) = train_data("crime", 5, true);
    // A high learning rate overfits quickly.
    let params = GbdtParams {
        n_rounds: 200,
        learning_rate: 0.8,
        max_leaves: 31,
        early_stopping_rounds: 5,
        refit_max_rows: 0,
        ..Default::default()
    };
    let mut history = Vec::new();
    let mut monitor = |p: &TrainProgress| {
        history.push(p.clone());
        true
    };
    let model: GbdtModel = params.fit(&data, &mut monitor).unwrap();
    assert!(history.len() < 200, "never stopped");
    let best = history.iter().min_by(|a, b| a.valid_loss.unwrap().total_cmp(&b.valid_loss.unwrap())).unwrap();
    assert_eq!(model.rounds, best.iteration);
    assert_eq!(history.len(), best.iteration + 5);
    assert_eq!(model.trees.len(), model.rounds * k);
    assert!(history.iter().all(|p| p.train_loss.is_some() && p.valid_accuracy.is_some()));
}

#[test]
fn after_early_stopping_the_refit_trains_the_chosen_rounds_on_every_row() {
    let f = fixture();
    let (data, y_valid, _) = train_data("crime", 5, true);
    let params =
        GbdtParams { n_rounds: 200, learning_rate: 0.8, early_stopping_rounds: 5, ..Default::default() };
    assert!(f.train_x.rows + f.test_x.rows <= params.refit_max_rows, "the default refits this many rows");
    let mut history = Vec::new();
    let mut monitor = |p: &TrainProgress| {
        history.push(p.clone());
        true
    };
    let refit: GbdtModel = params.fit(&data, &mut monitor).unwrap();
    let stopped = GbdtParams { refit_max_rows: 0, ..params.clone() }.fit(&data, &mut quiet()).unwrap();
    assert_eq!(refit.rounds, stopped.rounds, "the round count early stopping chose");
    // It is exactly a fit of that many rounds on training + validation rows.
    let x = f.train_x.clone().append_rows(&f.test_x);
    let y: Vec<u32> = data.y.iter().chain(y_valid).copied().collect();
    let all = TrainData { x: &x, y: &y, valid: None, ..data };
    let plain = GbdtParams { n_rounds: stopped.rounds, early_stopping_rounds: 0, ..params }
        .fit(&all, &mut quiet())
        .unwrap();
    let proba = |m: &GbdtModel| m.predict_proba(&f.test_x).unwrap();
    assert_eq!(proba(&refit), proba(&plain));
    assert_ne!(proba(&refit), proba(&stopped));
    // Progress runs to 1 once; the learning curve keeps the losses of the run that chose.
    assert!(history.windows(2).all(|w| w[0].fraction <= w[1].fraction));
    assert_eq!(history.last().unwrap().fraction, 1.0);
    let scored = history.iter().filter(|p| p.valid_loss.is_some()).count();
    assert_eq!(scored, stopped.rounds + 5);
    assert_eq!(history.len(), scored + stopped.rounds);
}

#[test]
fn class_weights_shift_predictions_towards_heavy_classes() {
    let f = fixture();
    let (data, _, _) = train_data("crime", 1, false);
    let rare = CRIME_CLASSES as u32 - 2;
    let w: Vec<f32> = data.y.iter().map(|&c| if c == rare { 20.0 } else { 1.0 }).collect();
    let fit = |weights| {
        GbdtParams { n_rounds: 4, max_leaves: 6, learning_rate: 0.3, ..Default::default() }
            .fit(&TrainData { weights, ..data }, &mut quiet())
            .unwrap()
    };
    let count = |m: &GbdtModel| m.predict(&f.test_x).unwrap().iter().filter(|&&c| c == rare).count();
    assert!(count(&fit(Some(&w))) > 2 * count(&fit(None)).max(1));
}

#[test]
fn invalid_params_are_rejected() {
    let bad = [
        GbdtParams { learning_rate: 0.0, ..Default::default() },
        GbdtParams { max_bins: 300, ..Default::default() },
        GbdtParams { subsample: 1.5, ..Default::default() },
    ];
    for p in bad {
        assert!(p.validate().is_err());
    }
    assert!(ForestParams { n_trees: 0, ..Default::default() }.validate().is_err());
}

#[test]
fn gbdt_training_scores_agree_with_prediction() {
    // Training updates scores through the leaves' row ranges (and tree walks for rows left
    // out by subsampling); prediction walks the stored trees. Both must give the same loss.
    let f = fixture();
    let (data, _, k) = train_data("crime", 3, false);
    let mut last = None;
    let mut monitor = |p: &TrainProgress| {
        last = p.train_loss;
        true
    };
    let model =
        GbdtParams { n_rounds: 4, max_leaves: 12, subsample: 0.6, learning_rate: 0.3, ..Default::default() }
            .fit(&data, &mut monitor)
            .unwrap();
    let proba = model.predict_proba(&f.train_x).unwrap();
    let y = data.y;
    let loss: f64 =
        y.iter().enumerate().map(|(r, &c)| -(proba[r * k + c as usize].max(1e-15) as f64).ln()).sum::<f64>()
            / y.len() as f64;
    let trained = last.unwrap();
    assert!((loss - trained).abs() < 1e-4, "{loss} vs {trained}");
}
