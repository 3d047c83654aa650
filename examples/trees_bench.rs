//! Benchmark of the tree models (and logistic regression) on the full-size export (release mode):
//!
//! ```text
//! cargo run --release --example trees_bench -- target/bench/full.csv [--out DIR] [--rounds 100]
//!     [--trees 50] [--models gbdt,forest,tree,logreg] [--valid] [--gbdt '{"lambda": 0.5}'] [--binary]
//! ```
//!
//! Builds the features of `common/crime_features.rs`, splits by time (earliest 80% of days
//! train, the rest test), trains each model single-threaded and prints one JSON line per
//! model (seconds, macro-F1, accuracy). With `--out DIR` it also writes the exact matrix
//! (`meta.json`, `X.f32` column-major with categorical codes as numbers and NaN for missing,
//! `y.u32`; training rows first) for `bench/trees_vs_python.py`.

#[path = "common/cpu_time.rs"]
mod cpu_time;
#[path = "common/crime_features.rs"]
mod crime_features;

use std::io::Write;

use cpu_time::thread_cpu_seconds as cpu_seconds;
use crimelab::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};
use crimelab::core::models::forest::ForestParams;
use crimelab::core::models::gbdt::GbdtParams;
use crimelab::core::models::tree::TreeParams;
use crimelab::core::models::{Learner, Model, TrainData, TrainProgress};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or("usage: trees_bench FILE [options]")?;
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned());
    let rounds: usize = opt("--rounds").map_or(Ok(100), |v| v.parse())?;
    let n_trees: usize = opt("--trees").map_or(Ok(50), |v| v.parse())?;
    let models = opt("--models").unwrap_or_else(|| "gbdt,forest".into());
    let use_valid = args.iter().any(|a| a == "--valid");
    // `--threads N`: training and prediction threads (the models are the same for any N).
    let threads: usize = opt("--threads").map_or(Ok(1), |v| v.parse())?;

    let t0 = std::time::Instant::now();
    let loaded = crimelab::core::data::load_path(file.as_ref(), 2)?;
    let built = crime_features::build(&loaded.dataset);
    eprintln!(
        "loaded {} rows, {} features, {} classes in {:.1} s",
        built.x.rows,
        built.x.n_features(),
        built.labels.n_classes(),
        t0.elapsed().as_secs_f64()
    );
    // Time split: sort rows by day (stable), earliest 80% train.
    let mut order: Vec<u32> = (0..built.x.rows as u32).collect();
    order.sort_by_key(|&r| built.day[r as usize]);
    let n_train = built.x.rows * 8 / 10;
    let x = built.x.take(&order);
    // `--binary`: the most common crime code against the rest.
    let binary = args.iter().any(|a| a == "--binary");
    let y: Vec<u32> = order
        .iter()
        .map(|&r| built.labels.y[r as usize])
        .map(|c| if binary { u32::from(c == 0) } else { c })
        .collect();
    let train_rows: Vec<u32> = (0..n_train as u32).collect();
    let test_rows: Vec<u32> = (n_train as u32..x.rows as u32).collect();
    let (xtr, xte) = (x.take(&train_rows), x.take(&test_rows));
    let (ytr, yte) = (&y[..n_train], &y[n_train..]);
    let k = if binary { 2 } else { built.labels.n_classes() };
    if let Some(dir) = opt("--out") {
        write_matrix(&dir, &x, &y, n_train, k)?;
        eprintln!("wrote the matrix to {dir}");
    }
    let data = TrainData {
        x: &xtr,
        y: ytr,
        n_classes: k,
        weights: None,
        valid: use_valid.then_some((&xte, yte)),
        seed: 42,
        prescaled: false,
        parallelism: crimelab::core::parallel::Parallelism::threads(threads),
    };
    let last = std::cell::Cell::new(0usize);
    let mut monitor = |p: &TrainProgress| {
        last.set(p.iteration);
        true
    };
    for model in models.split(',') {
        let t = std::time::Instant::now();
        let c = cpu_seconds();
        let fitted: Box<dyn Model> = match model {
            "gbdt" => {
                // `--gbdt '{"min_child_weight": 0.1}'` overrides defaults.
                let base: GbdtParams = serde_json::from_str(&opt("--gbdt").unwrap_or("{}".into()))?;
                let p = GbdtParams { n_rounds: rounds, early_stopping_rounds: 0, ..base };
                Box::new(p.fit(&data, &mut monitor)?)
            }
            "forest" => {
                let p = ForestParams { n_trees, ..Default::default() };
                Box::new(p.fit(&data, &mut monitor)?)
            }
            "logreg" => {
                let p =
                    crimelab::core::models::logreg::LogregParams { max_iter: rounds, ..Default::default() };
                Box::new(p.fit(&data, &mut monitor)?)
            }
            "tree" => Box::new(TreeParams::default().fit(&data, &mut monitor)?),
            other => return Err(format!("unknown model {other}").into()),
        };
        let fit_s = t.elapsed().as_secs_f64();
        let fit_cpu_s = cpu_seconds() - c;
        let t = std::time::Instant::now();
        let c = cpu_seconds();
        let proba = fitted
            .predict_proba_with(&xte, data.parallelism)
            .expect("the test frame has the training columns");
        let pred = crimelab::core::models::argmax_rows(&proba, k);
        let predict_s = t.elapsed().as_secs_f64();
        let predict_cpu_s = cpu_seconds() - c;
        let f1 = crime_features::macro_f1(&pred, yte, k);
        let acc = pred.iter().zip(yte).filter(|(a, b)| a == b).count() as f64 / yte.len() as f64;
        println!(
            "{{\"model\":\"{model}\",\"train_rows\":{n_train},\"test_rows\":{},\"features\":{},\"classes\":{k},\"threads\":{threads},\"fit_s\":{fit_s:.3},\"fit_cpu_s\":{fit_cpu_s:.3},\"predict_s\":{predict_s:.3},\"predict_cpu_s\":{predict_cpu_s:.3},\"macro_f1\":{f1:.4},\"accuracy\":{acc:.4},\"iterations\":{}}}",
            yte.len(),
            x.n_features(),
            last.get()
        );
    }
    Ok(())
}

fn write_matrix(dir: &str, x: &FeatureFrame, y: &[u32], n_train: usize, k: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/X.f32"))?);
    let mut names = Vec::new();
    let mut categorical = Vec::new();
    for col in &x.columns {
        names.push(format!("\"{}\"", col.name));
        match &col.values {
            FeatureValues::Numeric(v) => {
                categorical.push("false");
                for &value in v {
                    out.write_all(&value.to_le_bytes())?;
                }
            }
            FeatureValues::Categorical { codes, .. } => {
                categorical.push("true");
                for &c in codes {
                    let value = if c == MISSING_LEVEL { f32::NAN } else { c as f32 };
                    out.write_all(&value.to_le_bytes())?;
                }
            }
        }
    }
    out.flush()?;
    let mut ys = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/y.u32"))?);
    for &c in y {
        ys.write_all(&c.to_le_bytes())?;
    }
    ys.flush()?;
    std::fs::write(
        format!("{dir}/meta.json"),
        format!(
            "{{\"rows\":{},\"n_train\":{n_train},\"n_classes\":{k},\"names\":[{}],\"categorical\":[{}]}}\n",
            x.rows,
            names.join(","),
            categorical.join(",")
        ),
    )
}
