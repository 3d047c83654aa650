//! The Scaling choice reaches the models that need scaled inputs (linear models, MLP, k-NN,
//! SVMs: they take the pipeline's values, only centred) and changes nothing for trees and
//! naive Bayes (which the form therefore disables).

use crimelab::core::features::{prepare, FeatureConfig, Prepared, Scaling, Target};
use crimelab::core::models::linear_input::{InputBlock, InputOptions, LinearInput};
use crimelab::core::models::{argmax_rows, quiet, Model, ModelKind, ModelParams, TrainData};

use crate::support::sample;

const SCALINGS: [Scaling; 3] = [Scaling::Standard, Scaling::MinMax, Scaling::None];

fn prepared(scaling: Scaling) -> Prepared {
    let features = ["hour", "day_of_year", "lat", "lon", "victim_age", "premise", "weapon"];
    let config = FeatureConfig {
        target: Target::Part12,
        features: features.iter().map(|f| f.to_string()).collect(),
        scaling,
        ..FeatureConfig::default()
    };
    prepare(sample(), &config).unwrap()
}

fn test_proba(p: &Prepared, params: &ModelParams, data: TrainData) -> Vec<f32> {
    params.fit(&data, &mut quiet()).unwrap().predict_proba(&p.test).unwrap()
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

#[test]
fn each_scaling_changes_what_the_linear_models_see_and_predict() {
    // Regularisation weighs each input by its scale: with a strong penalty the choice shows.
    let mut logreg = ModelKind::Logreg.default_params();
    if let ModelParams::Logreg(p) = &mut logreg {
        p.c = 0.01;
    }
    for kind in
        [ModelKind::Logreg, ModelKind::SvmLinear, ModelKind::SvmKernel, ModelKind::Knn, ModelKind::Mlp]
    {
        assert_eq!(kind.scaling_inert(), None, "the form offers Scaling for {kind:?}");
    }
    let mut probas = Vec::new();
    for scaling in SCALINGS {
        let p = prepared(scaling);
        let data = p.train_data(1);
        assert!(data.prescaled, "a prepared matrix is scaled as the user chose");
        // The inputs the model sees: the mean square of hour's input over the training rows
        // (centred values: their variance).
        let input = LinearInput::fit(&p.train, InputOptions::of(true, &data)).unwrap();
        let at = p.train.columns.iter().position(|c| c.name == "hour").unwrap();
        let InputBlock::Numeric { offset, inv_std, .. } = input.blocks()[at] else {
            panic!("hour is numeric")
        };
        assert_eq!(inv_std, 1.0, "not standardised again");
        let hour = input.mean_squares(&p.train)[offset as usize];
        match scaling {
            Scaling::Standard => assert!((hour - 1.0).abs() < 1e-3, "{hour}"),
            Scaling::MinMax => assert!(hour > 0.02 && hour < 0.25, "{hour}"),
            Scaling::None => assert!(hour > 20.0, "raw hours 0–23 vary by ~{hour}"),
        }
        probas.push(test_proba(&p, &logreg, data));
    }
    // Each choice gives other probabilities.
    assert!(max_diff(&probas[0], &probas[1]) > 1e-2);
    assert!(max_diff(&probas[0], &probas[2]) > 1e-2);
    assert!(max_diff(&probas[1], &probas[2]) > 1e-2);
    // Standard scaling is what the models did on their own before: the same predictions.
    let p = prepared(Scaling::Standard);
    let again = test_proba(&p, &logreg, TrainData { prescaled: false, ..p.train_data(1) });
    assert!(max_diff(&probas[0], &again) < 1e-3);
    // k-NN measures distances on what it sees: min-max and standard scaling disagree.
    let knn = ModelKind::Knn.default_params();
    let (standard, min_max) = (prepared(Scaling::Standard), prepared(Scaling::MinMax));
    let a = test_proba(&standard, &knn, standard.train_data(1));
    let b = test_proba(&min_max, &knn, min_max.train_data(1));
    assert!(max_diff(&a, &b) > 1e-2);
}

#[test]
fn scaling_changes_nothing_for_trees_and_naive_bayes_only_through_var_smoothing() {
    let mut gbdt = ModelKind::Gbdt.default_params();
    if let ModelParams::Gbdt(g) = &mut gbdt {
        g.n_rounds = 20;
    }
    let mut nb = ModelKind::NaiveBayes.default_params();
    if let ModelParams::NaiveBayes(p) = &mut nb {
        p.var_smoothing = 0.0;
    }
    let mut forest = ModelKind::RandomForest.default_params();
    if let ModelParams::RandomForest(f) = &mut forest {
        f.n_trees = 10;
    }
    for params in [gbdt, forest, nb] {
        // The form disables the choice for trees; naive Bayes keeps it for var_smoothing.
        assert_eq!(params.kind().scaling_inert().is_some(), params.kind() != ModelKind::NaiveBayes);
        let classes: Vec<Vec<u32>> = SCALINGS
            .iter()
            .map(|&s| {
                let p = prepared(s);
                argmax_rows(&test_proba(&p, &params, p.train_data(1)), p.classes.len())
            })
            .collect();
        for other in &classes[1..] {
            let same = classes[0].iter().zip(other).filter(|(a, b)| a == b).count();
            assert_eq!(same, other.len(), "{:?}", params.kind());
        }
    }
}
