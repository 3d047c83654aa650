//! Benchmark of the linear models and the MLP on a full-size export, and the exporter for the
//! scikit-learn comparison (`bench/linear_vs_sklearn.py`).
//!
//! ```text
//! cargo run --release --example linear_bench -- FILE [--target part12|crime]
//!     [--models logreg,svm-linear,mlp] [--export OUT.csv] [--params JSON]
//! ```
//!
//! Builds the simple feature set of `tests/models/frame.rs`, splits by time (the earliest 80 %
//! of `DATE OCC` trains, the rest tests), trains each model single-threaded and prints one JSON
//! line per model: seconds, iterations, accuracy and macro-F1 on the test rows. The MLP trains
//! on the first 90 % of the training period and early-stops on the last 10 %.
//! `--export` writes the features, target and split as CSV for Python (categorical codes as
//! integers, missing as empty).

#[path = "common/cpu_time.rs"]
mod cpu_time;
// The tests' feature set: this example uses only part of it.
#[allow(dead_code)]
#[path = "../tests/models/frame.rs"]
mod frame;

use std::io::Write;

use cpu_time::thread_cpu_seconds;
use crimelab::core::data::{ColumnData, Official};
use crimelab::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};
use crimelab::core::models::Model;
use crimelab::core::models::{ModelKind, ModelParams, TrainData, TrainProgress};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("usage: linear_bench FILE [options]");
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned());
    let target = opt("--target").unwrap_or_else(|| "crime".into());
    let models = opt("--models").unwrap_or_else(|| "logreg,svm-linear,mlp".into());
    let started = web_time::Instant::now();
    let loaded = crimelab::core::data::load_path(std::path::Path::new(path), 2).expect("load");
    let ds = loaded.dataset;
    let load_s = started.elapsed().as_secs_f64();
    let problem = frame::build(&ds);
    let (y, k) = match target.as_str() {
        "part12" => (problem.part12, 2),
        _ => (problem.crime, frame::CRIME_CLASSES),
    };
    let day = match &ds.official(Official::DateOcc).unwrap().data {
        ColumnData::Date(v) => v.clone(),
        _ => unreachable!(),
    };
    let mut sorted = day.clone();
    sorted.sort_unstable();
    let cut = sorted[sorted.len() * 8 / 10];
    let train: Vec<u32> = (0..day.len() as u32).filter(|&r| day[r as usize] < cut).collect();
    let test: Vec<u32> = (0..day.len() as u32).filter(|&r| day[r as usize] >= cut).collect();
    eprintln!(
        "loaded {} rows in {load_s:.1}s; train {} test {} features {} one-hot width {}",
        ds.rows(),
        train.len(),
        test.len(),
        problem.x.n_features(),
        problem.x.one_hot_width()
    );
    if let Some(out) = opt("--export") {
        export(&out, &problem.x, &y, &train).expect("export");
        eprintln!("exported to {out}");
    }
    let train_x = problem.x.take(&train);
    let test_x = problem.x.take(&test);
    let ytr = frame::take(&y, &train);
    let yte = frame::take(&y, &test);
    // Early stopping (MLP) watches the last 10 % of the training period, never the test rows.
    let mut train_days: Vec<i32> = train.iter().map(|&r| day[r as usize]).collect();
    train_days.sort_unstable();
    let cut2 = train_days[train_days.len() * 9 / 10];
    let fit_rows: Vec<u32> = train.iter().copied().filter(|&r| day[r as usize] < cut2).collect();
    let valid_rows: Vec<u32> = train.iter().copied().filter(|&r| day[r as usize] >= cut2).collect();
    let (fit_x, valid_x) = (problem.x.take(&fit_rows), problem.x.take(&valid_rows));
    let (yfit, yvalid) = (frame::take(&y, &fit_rows), frame::take(&y, &valid_rows));
    drop(problem.x);
    for id in models.split(',').filter(|s| !s.is_empty()) {
        let kind = ModelKind::from_id(id).expect("model id");
        let params: ModelParams = match opt(&format!("--{id}")) {
            Some(json) => serde_json::from_str(&format!("{{\"model\":\"{id}\",\"params\":{json}}}"))
                .expect("params JSON"),
            None => kind.default_params(),
        };
        let data = if id == "mlp" {
            TrainData {
                x: &fit_x,
                y: &yfit,
                n_classes: k,
                weights: None,
                valid: Some((&valid_x, yvalid.as_slice())),
                seed: 42,
                prescaled: false,
                parallelism: Default::default(),
            }
        } else {
            TrainData {
                x: &train_x,
                y: &ytr,
                n_classes: k,
                weights: None,
                valid: None,
                seed: 42,
                prescaled: false,
                parallelism: Default::default(),
            }
        };
        let t = web_time::Instant::now();
        let cpu0 = thread_cpu_seconds();
        let mut iterations = 0;
        let model = params
            .fit(&data, &mut |p: &TrainProgress| {
                iterations = p.iteration;
                if id == "mlp" || std::env::var_os("TRACE").is_some() {
                    eprintln!(
                        "  {id} epoch {} train {:?} valid {:?} ({:.1}s)",
                        p.iteration,
                        p.train_loss,
                        p.valid_loss,
                        t.elapsed().as_secs_f64()
                    );
                }
                true
            })
            .expect("fit");
        let fit_s = t.elapsed().as_secs_f64();
        if let crimelab::core::models::AnyModel::Logreg(m) = &model {
            eprintln!("logreg converged: {}", m.converged);
        }
        let fit_cpu = thread_cpu_seconds() - cpu0;
        let t = web_time::Instant::now();
        let cpu0 = thread_cpu_seconds();
        let pred = model.predict(&test_x).expect("the test frame has the training columns");
        let predict_s = t.elapsed().as_secs_f64();
        let predict_cpu = thread_cpu_seconds() - cpu0;
        println!(
            "{}",
            serde_json::json!({
                "model": id,
                "target": target,
                "train_rows": data.y.len(),
                "test_rows": test.len(),
                "fit_seconds": fit_s,
                "fit_cpu_seconds": fit_cpu,
                "predict_seconds": predict_s,
                "predict_cpu_seconds": predict_cpu,
                "iterations": iterations,
                "accuracy": frame::accuracy(&pred, &yte),
                "macro_f1": frame::macro_f1(&pred, &yte, k),
            })
        );
    }
}

/// Writes features, target and a train flag as CSV.
fn export(path: &str, x: &FeatureFrame, y: &[u32], train: &[u32]) -> std::io::Result<()> {
    let mut is_train = vec![false; x.rows];
    for &r in train {
        is_train[r as usize] = true;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut header: Vec<String> = x
        .columns
        .iter()
        .map(|c| match c.values {
            FeatureValues::Numeric(_) => format!("num:{}", c.name),
            FeatureValues::Categorical { .. } => format!("cat:{}", c.name),
        })
        .collect();
    header.push("y".into());
    header.push("train".into());
    writeln!(out, "{}", header.join(","))?;
    for r in 0..x.rows {
        for c in &x.columns {
            match &c.values {
                FeatureValues::Numeric(v) if v[r].is_nan() => write!(out, ",")?,
                FeatureValues::Numeric(v) => write!(out, "{},", v[r])?,
                FeatureValues::Categorical { codes, .. } if codes[r] == MISSING_LEVEL => write!(out, ",")?,
                FeatureValues::Categorical { codes, .. } => write!(out, "{},", codes[r])?,
            }
        }
        writeln!(out, "{},{}", y[r], is_train[r] as u8)?;
    }
    Ok(())
}
