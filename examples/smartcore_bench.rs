//! smartcore beside Crime Lab's own models, on the same matrix at several training sizes
//! (release mode):
//!
//! ```text
//! cargo run --release --example smartcore_bench -- FILE [--rows 10000,100000,all]
//!     [--models tree,forest,logreg,knn,nb,svm] [--test-rows 20000] [--budget 300]
//! ```
//!
//! The matrix is the app's: `prepare` with the default settings (crime-group target, time
//! split, default features, standard scaling), converted with `frame_ndarray`. At each size
//! the training rows are thinned evenly over the training period; the test rows are the same
//! for every size (evenly thinned to `--test-rows`). Each model is trained by both libraries
//! on the same numbers, single-threaded, and scored on the same rows with the project's
//! metrics; one JSON line per (model, library, size) on stdout:
//!
//! * `tree`: CART, Gini, depth ≤ 20, leaves ≥ 10, splits ≥ 20 (our defaults); `forest`: 20
//!   trees (ours default to 50), depth ≤ 20, leaves ≥ 5, splits ≥ 10, √p features per split.
//!   Both on the code matrix (levels as numbers, missing values below all others), ours given
//!   the same numbers as numeric columns. smartcore's `max_depth` counts the root as 1, so it
//!   gets 21.
//! * `logreg`: softmax regression, C = 1, on the one-hot matrix with missing numbers at 0 (the
//!   inputs of our linear models); ours stops at 100 iterations or gradient 1e-4, smartcore at
//!   1000 iterations or 1e-8 (it has no setting for either).
//! * `knn`: 15 neighbours, uniform votes, Euclidean on the one-hot matrix, every training row
//!   kept (ours keeps at most 200,000), at most 2,000 test rows (both search by brute force
//!   or a cover tree: the cost is test rows × training rows).
//! * `nb`: categorical naive Bayes (α = 1) on the categorical columns without missing values.
//! * `svm`: RBF SVM, C = 1, γ = 1 / (inputs × variance), on a binary target (the largest crime
//!   group against the rest: smartcore's `SVC` is binary), at most 3,000 training rows (our
//!   default sample) and 2,000 test rows.
//!
//! `fit_cpu_s` and `predict_cpu_s` are CPU times (this thread), `fit_s` and `predict_s` wall
//! times. Before each run its CPU time (fit and prediction) is projected from the previous
//! sizes (power law through the last two, at least linear); a run projected over `--budget`
//! CPU seconds is skipped and its line says so, because a smartcore fit cannot be
//! interrupted.

#[path = "common/cpu_time.rs"]
mod cpu_time;

use std::collections::HashMap;
use std::time::Instant;

use crimelab::core::eval::{ClassificationReport, ConfusionMatrix};
use crimelab::core::features::{prepare, FeatureConfig, Prepared};
use crimelab::core::frame::{FeatureFrame, FeatureValues};
use crimelab::core::frame_ndarray::{labels_to_array1, Categoricals};
use crimelab::core::models::forest::ForestParams;
use crimelab::core::models::knn::{KnnParams, Weighting};
use crimelab::core::models::logreg::LogregParams;
use crimelab::core::models::naive_bayes::NaiveBayesParams;
use crimelab::core::models::svm_kernel::SvmKernelParams;
use crimelab::core::models::tree::{MaxFeatures, TreeParams};
use crimelab::core::models::{quiet, Learner, Model, TrainData};
use ndarray::{Array1, Array2};
use serde_json::json;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters,
};
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
use smartcore::naive_bayes::categorical::{CategoricalNB, CategoricalNBParameters};
use smartcore::neighbors::knn_classifier::{KNNClassifier, KNNClassifierParameters};
use smartcore::neighbors::KNNWeightFunction;
use smartcore::svm::svc::{SVCParameters, SVC};
use smartcore::svm::Kernels;
use smartcore::tree::decision_tree_classifier::{DecisionTreeClassifier, DecisionTreeClassifierParameters};

use cpu_time::thread_cpu_seconds;

const SMARTCORE: &str = "smartcore 0.7";
const OURS: &str = "crimelab";
/// Test rows for the models whose prediction costs test rows × training rows.
const FEW_TEST_ROWS: usize = 2_000;
/// Largest training sample of the SVM comparison (our kernel SVM's default sample).
const SVM_ROWS: usize = 3_000;
/// Largest sample our k-NN keeps.
const KNN_MAX_SAMPLE: usize = 200_000;
const SEED: u64 = 42;

type BoxError = Box<dyn std::error::Error>;

/// The training rows of one size and the fixed test rows.
struct Task {
    train: FeatureFrame,
    y_train: Vec<u32>,
    test: FeatureFrame,
    y_test: Vec<u32>,
    classes: Vec<String>,
}

impl Task {
    fn new(p: &Prepared, train_rows: &[u32], test_rows: &[u32]) -> Task {
        Task {
            train: p.train.take(train_rows),
            y_train: train_rows.iter().map(|&r| p.y_train[r as usize]).collect(),
            test: p.test.take(test_rows),
            y_test: test_rows.iter().map(|&r| p.y_test[r as usize]).collect(),
            classes: p.classes.clone(),
        }
    }

    /// The first `n` test rows only.
    fn fewer_test_rows(&self, n: usize) -> Task {
        let rows: Vec<u32> = (0..self.test.rows.min(n) as u32).collect();
        Task {
            train: self.train.clone(),
            y_train: self.y_train.clone(),
            test: self.test.take(&rows),
            y_test: rows.iter().map(|&r| self.y_test[r as usize]).collect(),
            classes: self.classes.clone(),
        }
    }

    fn data<'a>(&'a self, x: &'a FeatureFrame) -> TrainData<'a> {
        TrainData {
            x,
            y: &self.y_train,
            n_classes: self.classes.len(),
            weights: None,
            valid: None,
            seed: SEED,
            // A prepared matrix: its numeric columns are scaled as the features chose.
            prescaled: true,
            parallelism: Default::default(),
        }
    }

    fn y(&self) -> Array1<usize> {
        labels_to_array1(&self.y_train)
    }
}

fn evenly(total: usize, n: usize) -> Vec<u32> {
    let n = n.min(total);
    (0..n).map(|i| (i * total / n) as u32).collect()
}

/// One-hot matrix with missing numbers at 0: the inputs of our linear models, k-NN and SVM.
fn one_hot(frame: &FeatureFrame) -> Array2<f64> {
    let (mut x, _) = frame.to_array2::<f64>(Categoricals::OneHot);
    x.mapv_inplace(|v| if v.is_nan() { 0.0 } else { v });
    x
}

/// Code matrix with missing values below all others, and the same numbers as a frame.
fn codes(frame: &FeatureFrame) -> (Array2<f64>, FeatureFrame) {
    let (mut x, names) = frame.to_array2::<f64>(Categoricals::Codes);
    x.mapv_inplace(|v| if v.is_nan() { -1e6 } else { v });
    let numeric = FeatureFrame::from_array2(x.view(), &names).expect("finite codes");
    (x, numeric)
}

/// One timed fit and its predictions.
struct Outcome {
    fit_s: f64,
    fit_cpu_s: f64,
    predict_s: f64,
    predict_cpu_s: f64,
    pred: Vec<u32>,
    note: Option<String>,
}

/// Times `fit`, then `predict` on what it returned.
fn timed<M>(fit: impl FnOnce() -> M, predict: impl FnOnce(&M) -> Vec<u32>) -> Outcome {
    let (t, c) = (Instant::now(), thread_cpu_seconds());
    let model = fit();
    let (fit_s, fit_cpu_s) = (t.elapsed().as_secs_f64(), thread_cpu_seconds() - c);
    let (t, c) = (Instant::now(), thread_cpu_seconds());
    let pred = predict(&model);
    let (predict_s, predict_cpu_s) = (t.elapsed().as_secs_f64(), thread_cpu_seconds() - c);
    Outcome { fit_s, fit_cpu_s, predict_s, predict_cpu_s, pred, note: None }
}

fn from_smartcore<T: Copy + Into<f64>>(pred: impl IntoIterator<Item = T>) -> Vec<u32> {
    pred.into_iter().map(|c| c.into() as u32).collect()
}

/// Runs fits, skipping those projected over the budget, and prints one line per fit.
struct Runner {
    budget_s: f64,
    /// (model, library) → measured (training rows, fit + predict CPU seconds), in order.
    history: HashMap<(String, &'static str), Vec<(usize, f64)>>,
}

impl Runner {
    /// CPU seconds a fit and prediction with `rows` training rows are projected to take, from
    /// the sizes measured so far.
    fn projected(&self, model: &str, library: &'static str, rows: usize) -> Option<f64> {
        let seen = self.history.get(&(model.to_owned(), library))?;
        let &(n1, t1) = seen.last()?;
        let exponent = match seen.len() {
            1 => 1.0,
            len => {
                let (n0, t0) = seen[len - 2];
                ((t1 / t0).ln() / (n1 as f64 / n0 as f64).ln()).clamp(1.0, 3.0)
            }
        };
        Some(t1 * (rows as f64 / n1 as f64).powf(exponent))
    }

    fn run(&mut self, model: &str, library: &'static str, task: &Task, fit: impl FnOnce() -> Outcome) {
        let rows = task.train.rows;
        let mut line = json!({
            "model": model,
            "library": library,
            "train_rows": rows,
            "test_rows": task.test.rows,
            "features": task.train.n_features(),
            "inputs": task.train.one_hot_width(),
            "classes": task.classes.len(),
        });
        match self.projected(model, library, rows) {
            Some(projected) if projected > self.budget_s => {
                line["skipped"] = json!(format!(
                    "projected fit and prediction {projected:.0} CPU s is over the budget of {:.0} s",
                    self.budget_s
                ));
                line["projected_cpu_s"] = json!(round(projected, 1));
            }
            _ => {
                eprintln!("  {model} {library} {rows} rows");
                let out = fit();
                let m = ConfusionMatrix::from_predictions(&task.y_test, &out.pred, &task.classes)
                    .expect("predictions are class ids");
                let r = ClassificationReport::from_confusion(&m);
                line["fit_s"] = json!(round(out.fit_s, 3));
                line["fit_cpu_s"] = json!(round(out.fit_cpu_s, 3));
                line["predict_s"] = json!(round(out.predict_s, 3));
                line["predict_cpu_s"] = json!(round(out.predict_cpu_s, 3));
                line["accuracy"] = json!(round(r.accuracy, 4));
                line["macro_f1"] = json!(round(r.macro_avg.f1, 4));
                if let Some(note) = out.note {
                    line["note"] = json!(note);
                }
                let cpu = out.fit_cpu_s + out.predict_cpu_s;
                self.history.entry((model.to_owned(), library)).or_default().push((rows, cpu));
            }
        }
        println!("{line}");
    }
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

fn tree(r: &mut Runner, t: &Task) {
    let (x_train, train) = codes(&t.train);
    let (x_test, test) = codes(&t.test);
    r.run("tree", OURS, t, || {
        timed(
            || TreeParams::default().fit(&t.data(&train), &mut quiet()).unwrap(),
            |m| m.predict(&test).expect("the test frame has the training columns"),
        )
    });
    let p = TreeParams::default();
    r.run("tree", SMARTCORE, t, || {
        let params = DecisionTreeClassifierParameters::default()
            .with_max_depth(p.max_depth as u16 + 1)
            .with_min_samples_leaf(p.min_samples_leaf)
            .with_min_samples_split(p.min_samples_split);
        timed(
            || DecisionTreeClassifier::fit(&x_train, &t.y(), params).unwrap(),
            |m| from_smartcore(m.predict(&x_test).unwrap().iter().map(|&c| c as u32)),
        )
    });
}

fn forest(r: &mut Runner, t: &Task) {
    let (x_train, train) = codes(&t.train);
    let (x_test, test) = codes(&t.test);
    let p = ForestParams { n_trees: 20, ..Default::default() };
    r.run("forest", OURS, t, || {
        timed(
            || p.fit(&t.data(&train), &mut quiet()).unwrap(),
            |m| m.predict(&test).expect("the test frame has the training columns"),
        )
    });
    r.run("forest", SMARTCORE, t, || {
        let params = RandomForestClassifierParameters::default()
            .with_n_trees(p.n_trees as u16)
            .with_max_depth(p.max_depth as u16 + 1)
            .with_min_samples_leaf(p.min_samples_leaf)
            .with_min_samples_split(p.min_samples_split)
            .with_m(MaxFeatures::Sqrt.count(train.n_features()))
            .with_seed(SEED);
        timed(
            || RandomForestClassifier::fit(&x_train, &t.y(), params).unwrap(),
            |m| from_smartcore(m.predict(&x_test).unwrap().iter().map(|&c| c as u32)),
        )
    });
}

fn logreg(r: &mut Runner, t: &Task) {
    let p = LogregParams { missing_indicator: false, ..Default::default() };
    r.run("logreg", OURS, t, || {
        timed(
            || p.fit(&t.data(&t.train), &mut quiet()).unwrap(),
            |m| m.predict(&t.test).expect("the test frame has the training columns"),
        )
    });
    r.run("logreg", SMARTCORE, t, || {
        let (x_train, x_test) = (one_hot(&t.train), one_hot(&t.test));
        let params = LogisticRegressionParameters::default().with_alpha(1.0 / p.c);
        timed(
            || LogisticRegression::fit(&x_train, &t.y(), params).unwrap(),
            |m| from_smartcore(m.predict(&x_test).unwrap().iter().map(|&c| c as u32)),
        )
    });
}

fn knn(r: &mut Runner, t: &Task) {
    let t = &t.fewer_test_rows(FEW_TEST_ROWS);
    let p = KnnParams {
        k: 15,
        sample_size: t.train.rows.min(KNN_MAX_SAMPLE),
        weighting: Weighting::Uniform,
        missing_indicator: false,
    };
    r.run("knn", OURS, t, || {
        let mut out = timed(
            || p.fit(&t.data(&t.train), &mut quiet()).unwrap(),
            |m| m.predict(&t.test).expect("the test frame has the training columns"),
        );
        if p.sample_size < t.train.rows {
            out.note = Some(format!("ours keeps a sample of {} rows", p.sample_size));
        }
        out
    });
    r.run("knn", SMARTCORE, t, || {
        let (x_train, x_test) = (one_hot(&t.train), one_hot(&t.test));
        let params = KNNClassifierParameters::default().with_k(p.k).with_weight(KNNWeightFunction::Uniform);
        timed(
            || KNNClassifier::fit(&x_train, &t.y(), params).unwrap(),
            |m| from_smartcore(m.predict(&x_test).unwrap().iter().map(|&c| c as u32)),
        )
    });
}

fn nb(r: &mut Runner, t: &Task) {
    let complete = |f: &FeatureFrame, j: usize| (0..f.rows).all(|row| !f.columns[j].value(row).is_nan());
    let columns: Vec<usize> = (0..t.train.n_features())
        .filter(|&j| matches!(t.train.columns[j].values, FeatureValues::Categorical { .. }))
        .filter(|&j| complete(&t.train, j) && complete(&t.test, j))
        .collect();
    let select =
        |f: &FeatureFrame| FeatureFrame::new(columns.iter().map(|&j| f.columns[j].clone()).collect());
    let (train, test) = (select(&t.train), select(&t.test));
    let note = format!("{} categorical columns without missing values", columns.len());
    r.run("nb", OURS, t, || {
        let mut out = timed(
            || NaiveBayesParams::default().fit(&t.data(&train), &mut quiet()).unwrap(),
            |m| m.predict(&test).expect("the test frame has the training columns"),
        );
        out.note = Some(note.clone());
        out
    });
    r.run("nb", SMARTCORE, t, || {
        let as_codes = |f: &FeatureFrame| f.to_array2::<f64>(Categoricals::Codes).0.mapv(|v| v as usize);
        let (x_train, x_test) = (as_codes(&train), as_codes(&test));
        let mut out = timed(
            || CategoricalNB::fit(&x_train, &t.y(), CategoricalNBParameters::default()).unwrap(),
            |m| from_smartcore(m.predict(&x_test).unwrap().iter().map(|&c| c as u32)),
        );
        out.note = Some(note.clone());
        out
    });
}

/// The SVM task: at most [`SVM_ROWS`] training rows, the largest class against the rest.
fn binary_task(t: &Task) -> Task {
    let sub = t.fewer_test_rows(FEW_TEST_ROWS);
    let rows = evenly(t.train.rows, SVM_ROWS);
    let counts = t.y_train.iter().fold(vec![0usize; t.classes.len()], |mut c, &y| {
        c[y as usize] += 1;
        c
    });
    let largest = (0..counts.len()).max_by_key(|&c| (counts[c], usize::MAX - c)).unwrap_or(0) as u32;
    let binary = |y: &[u32]| y.iter().map(|&c| u32::from(c != largest)).collect::<Vec<u32>>();
    Task {
        train: sub.train.take(&rows),
        y_train: binary(&rows.iter().map(|&r| t.y_train[r as usize]).collect::<Vec<_>>()),
        test: sub.test,
        y_test: binary(&sub.y_test),
        classes: vec![t.classes[largest as usize].clone(), "the rest".into()],
    }
}

fn svm(r: &mut Runner, t: &Task) {
    let x_train = one_hot(&t.train);
    let mean = x_train.mean().unwrap_or(0.0);
    let variance = x_train.mapv(|v| (v - mean) * (v - mean)).mean().unwrap_or(1.0);
    let gamma = 1.0 / (x_train.ncols() as f64 * variance.max(1e-12));
    let p = SvmKernelParams {
        gamma: Some(gamma),
        sample_size: t.train.rows,
        missing_indicator: false,
        ..Default::default()
    };
    r.run("svm", OURS, t, || {
        timed(
            || p.fit(&t.data(&t.train), &mut quiet()).unwrap(),
            |m| m.predict(&t.test).expect("the test frame has the training columns"),
        )
    });
    r.run("svm", SMARTCORE, t, || {
        let x_test = one_hot(&t.test);
        let y = t.y();
        let params = SVCParameters::default()
            .with_c(p.c)
            .with_kernel(Kernels::rbf().with_gamma(gamma))
            .with_seed(Some(SEED));
        timed(|| SVC::fit(&x_train, &y, &params).unwrap(), |m| from_smartcore(m.predict(&x_test).unwrap()))
    });
}

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or("usage: smartcore_bench FILE [options]")?;
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned());
    let sizes = opt("--rows").unwrap_or_else(|| "10000,100000,all".into());
    let models = opt("--models").unwrap_or_else(|| "tree,forest,logreg,knn,nb,svm".into());
    let test_rows: usize = opt("--test-rows").map_or(Ok(20_000), |v| v.parse())?;
    let budget_s: f64 = opt("--budget").map_or(Ok(300.0), |v| v.parse())?;
    for model in models.split(',') {
        if !["tree", "forest", "logreg", "knn", "nb", "svm"].contains(&model) {
            return Err(
                format!("--models: unknown model {model:?}; use tree, forest, logreg, knn, nb, svm").into()
            );
        }
    }

    let t0 = Instant::now();
    let ds = crimelab::core::data::load_path(file.as_ref(), 2)?.dataset;
    let p = prepare(&ds, &FeatureConfig::default())?;
    drop(ds);
    eprintln!(
        "prepared {} training and {} test rows, {} features ({} one-hot inputs), {} classes in {:.1} s",
        p.train.rows,
        p.test.rows,
        p.train.n_features(),
        p.train.one_hot_width(),
        p.classes.len(),
        t0.elapsed().as_secs_f64()
    );
    let mut counts: Vec<usize> = Vec::new();
    for size in sizes.split(',') {
        let n = match size {
            "all" => p.train.rows,
            n => n.parse::<usize>().map_err(|_| format!("--rows: {n:?} is not a row count or \"all\""))?,
        };
        if n > 0 && !counts.contains(&n.min(p.train.rows)) {
            counts.push(n.min(p.train.rows));
        }
    }
    let test = evenly(p.test.rows, test_rows);
    let mut runner = Runner { budget_s, history: HashMap::new() };
    let mut svm_done = Vec::new();
    for &n in &counts {
        let task = Task::new(&p, &evenly(p.train.rows, n), &test);
        for model in models.split(',') {
            match model {
                "tree" => tree(&mut runner, &task),
                "forest" => forest(&mut runner, &task),
                "logreg" => logreg(&mut runner, &task),
                "knn" => knn(&mut runner, &task),
                "nb" => nb(&mut runner, &task),
                _ => {
                    // The SVM sample stops growing at SVM_ROWS: run each size once.
                    let binary = binary_task(&task);
                    if !svm_done.contains(&binary.train.rows) {
                        svm_done.push(binary.train.rows);
                        svm(&mut runner, &binary);
                    }
                }
            }
        }
    }
    Ok(())
}
