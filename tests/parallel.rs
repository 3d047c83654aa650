//! Training on several threads gives the same model, bit for bit, as on one: every model is
//! trained on the sample with 1, 2, 3 and 8 threads and its JSON compared byte for byte.
//!
//! GBDT trains on the sample's training rows repeated twice (≈ 20,000 rows) so that its
//! row-block passes (gradients, root histograms, scores) cut them into several blocks; the
//! others on the training rows (several 4,096-row chunks for logistic regression, root nodes
//! large enough for feature-parallel histograms for the trees).

use std::sync::OnceLock;

use crimelab::core::features::{prepare, FeatureConfig, Prepared, Target};
use crimelab::core::frame::FeatureFrame;
use crimelab::core::models::{quiet, AnyModel, ModelKind, ModelParams, TrainData};
use crimelab::core::parallel::Parallelism;

use crate::support::{quick_params, sample};

/// Thread counts every model is trained with.
const THREADS: [usize; 4] = [1, 2, 3, 8];

/// The sample prepared for `target` (default features), once per target.
fn prepared(target: Target) -> &'static Prepared {
    static CRIME: OnceLock<Prepared> = OnceLock::new();
    static PART: OnceLock<Prepared> = OnceLock::new();
    let cell = if target == Target::Part12 { &PART } else { &CRIME };
    cell.get_or_init(|| {
        let config = FeatureConfig { target, ..Default::default() };
        prepare(sample(), &config).expect("sample prepares")
    })
}

/// The training rows twice over, with their labels.
fn doubled(p: &Prepared) -> (FeatureFrame, Vec<u32>) {
    let x = p.train.clone().append_rows(&p.train);
    let y = p.y_train.repeat(2);
    (x, y)
}

/// The model's JSON after training with `threads` threads.
fn fitted_json(params: &ModelParams, p: &Prepared, x: &FeatureFrame, y: &[u32], threads: usize) -> String {
    let data = TrainData { x, y, parallelism: Parallelism::threads(threads), ..p.train_data(11) };
    let model: AnyModel = params.fit(&data, &mut quiet()).expect("fits");
    serde_json::to_string(&model).expect("serialises")
}

/// Trains `params` with every thread count in [`THREADS`] and checks the models are identical;
/// on the training rows twice over when `twice` (GBDT: so that its 16,384-row blocks are several).
fn assert_same_for_any_threads(params: ModelParams, target: Target, twice: bool) {
    let p = prepared(target.clone());
    let (x, y) = if twice { doubled(p) } else { (p.train.clone(), p.y_train.clone()) };
    let one = fitted_json(&params, p, &x, &y, 1);
    for &t in &THREADS[1..] {
        let other = fitted_json(&params, p, &x, &y, t);
        assert!(
            one == other,
            "{} on {target:?}: the model with {t} threads differs from 1 thread's",
            params.kind().id()
        );
    }
}

#[test]
fn gbdt_is_identical_for_any_thread_count() {
    use crimelab::core::models::gbdt::GbdtParams;
    let params = GbdtParams {
        n_rounds: 6,
        max_leaves: 15,
        subsample: 0.8,
        colsample_bytree: 0.7,
        ..Default::default()
    };
    assert_same_for_any_threads(ModelParams::Gbdt(params.clone()), Target::CrimeGroup, true);
    assert_same_for_any_threads(ModelParams::Gbdt(params), Target::Part12, true);
}

#[test]
fn forest_is_identical_for_any_thread_count() {
    use crimelab::core::models::forest::ForestParams;
    let params = ForestParams { n_trees: 9, max_depth: 8, ..Default::default() };
    assert_same_for_any_threads(ModelParams::RandomForest(params), Target::CrimeGroup, false);
}

#[test]
fn tree_is_identical_for_any_thread_count() {
    use crimelab::core::models::tree::TreeParams;
    let params = TreeParams { max_depth: 10, ..Default::default() };
    assert_same_for_any_threads(ModelParams::Tree(params), Target::CrimeGroup, false);
}

#[test]
fn every_other_model_is_identical_for_any_thread_count() {
    for &kind in ModelKind::ALL {
        if matches!(kind, ModelKind::Gbdt | ModelKind::RandomForest | ModelKind::Tree) {
            continue;
        }
        assert_same_for_any_threads(quick_params(kind), Target::CrimeGroup, false);
    }
}

#[test]
fn predictions_are_identical_for_any_thread_count() {
    use crimelab::core::models::{forest::ForestParams, gbdt::GbdtParams, Model};
    let p = prepared(Target::CrimeGroup);
    let (x, y) = doubled(p);
    let data = TrainData { x: &x, y: &y, ..p.train_data(3) };
    // The tree models predict in row blocks of their own; k-NN, the SVMs, the MLP and logistic
    // regression in `Parallelism::row_blocks` (the doubled sample's rows make several blocks of
    // the first three, and of the linear models' 16,384 when the frame is large enough).
    let models: Vec<AnyModel> = [
        ModelParams::Gbdt(GbdtParams { n_rounds: 3, max_leaves: 8, ..Default::default() }),
        ModelParams::RandomForest(ForestParams { n_trees: 4, max_depth: 6, ..Default::default() }),
        quick_params(ModelKind::Knn),
        quick_params(ModelKind::SvmKernel),
        quick_params(ModelKind::Mlp),
        quick_params(ModelKind::Logreg),
        quick_params(ModelKind::SvmLinear),
    ]
    .iter()
    .map(|params| params.fit(&data, &mut quiet()).expect("fits"))
    .collect();
    for model in &models {
        let one: Vec<u32> = model.predict_proba(&x).unwrap().iter().map(|v| v.to_bits()).collect();
        for t in THREADS {
            let other: Vec<u32> = model
                .predict_proba_with(&x, Parallelism::threads(t))
                .unwrap()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            assert!(one == other, "{} predicts differently with {t} threads", model.kind().id());
        }
        // A row's probabilities are its own, whatever block it falls in: rows predicted in a
        // frame of their own match the same rows in the whole frame.
        let k = model.n_classes();
        let picked: Vec<u32> = [0, 255, 256, 4095, 4096, x.rows - 1].iter().map(|&r| r as u32).collect();
        let alone = model.predict_proba(&x.take(&picked)).unwrap();
        for (i, &r) in picked.iter().enumerate() {
            let r = r as usize;
            let whole: Vec<u32> = one[r * k..(r + 1) * k].to_vec();
            let own: Vec<u32> = alone[i * k..(i + 1) * k].iter().map(|v| v.to_bits()).collect();
            assert_eq!(whole, own, "{}: row {r} alone differs", model.kind().id());
        }
    }
}

#[test]
fn permutation_importance_is_identical_for_any_thread_count() {
    use crimelab::core::eval::{permutation_importance, permutation_importance_with, ImportanceOptions};
    use crimelab::core::models::{forest::ForestParams, gbdt::GbdtParams};
    let p = prepared(Target::CrimeGroup);
    // GBDT has a column predictor; the forest is predicted on a shuffled copy of the frame.
    for params in [
        ModelParams::Gbdt(GbdtParams { n_rounds: 3, max_leaves: 8, ..Default::default() }),
        ModelParams::RandomForest(ForestParams { n_trees: 3, max_depth: 6, ..Default::default() }),
    ] {
        let model = params.fit(&p.train_data(5), &mut quiet()).expect("fits");
        let options = ImportanceOptions { repeats: 2, per_class: true, ..Default::default() };
        let mut test = p.test.clone();
        let one = permutation_importance(&model, &mut test, &p.y_test, &options, &mut |_| true).unwrap();
        for t in THREADS {
            let mut seen = 0;
            let other = permutation_importance_with(
                &model,
                &mut test,
                &p.y_test,
                &options,
                Parallelism::threads(t),
                &mut |progress| {
                    seen = progress.done;
                    true
                },
            )
            .unwrap();
            assert_eq!(one, other, "{} importance with {t} threads", model.kind().id());
            assert_eq!(seen, test.n_features() * options.repeats, "progress reaches the end");
        }
        assert_eq!(format!("{test:?}"), format!("{:?}", p.test), "the frame is left as it was");
    }
}

#[test]
fn forest_shares_over_workers_merge_into_the_whole_forest() {
    use crimelab::core::models::forest::ForestParams;
    use crimelab::core::train_shares::{fit_share, merge, plan};
    let p = prepared(Target::CrimeGroup);
    let params = ModelParams::RandomForest(ForestParams { n_trees: 7, max_depth: 6, ..Default::default() });
    let data = p.train_data(9);
    let whole = serde_json::to_string(&params.fit(&data, &mut quiet()).unwrap()).unwrap();
    for workers in 1..=4 {
        let shares = plan(&params, workers).unwrap();
        assert_eq!(shares.len(), workers, "one share per worker");
        let parts = shares.iter().map(|s| fit_share(&params, s, &data, &mut quiet()).unwrap()).collect();
        let merged = serde_json::to_string(&merge(parts).unwrap()).unwrap();
        assert!(merged == whole, "the forest merged from {workers} workers' shares differs");
    }
}

#[test]
fn crimelab_train_exports_the_same_model_for_any_thread_count() {
    let sample = crate::support::sample_path();
    let dir = crate::support::TempDir::new("threads");
    for (model, params) in [("gbdt", r#"{"n_rounds": 5}"#), ("random-forest", r#"{"n_trees": 4}"#)] {
        let fitted = |threads: &str| {
            let path = dir.join(format!("{model}-{threads}.json"));
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab"))
                .args(["train", sample, "--model", model, "--params", params, "--threads", threads])
                .args(["--json", "--export-model"])
                .arg(&path)
                .output()
                .expect("crimelab runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            // The card differs only in its timings; the model must not differ at all.
            (exported["model"].to_string(), exported["pipeline"].to_string())
        };
        let one = fitted("1");
        for threads in ["2", "4"] {
            assert!(
                fitted(threads) == one,
                "{model}: the export with --threads {threads} differs from --threads 1"
            );
        }
    }
}
