//! Benchmark of the evaluation layer on full-size inputs (prints figures; not a test).
//!
//! ```text
//! cargo run --release --example bench_eval [-- target/bench/full.csv]
//! ```
//!
//! Times: the dataset fingerprint of the full export, `Evaluation::compute` on 200,000 rows ×
//! 12 classes, permutation importance bookkeeping (shuffle, swap, score) on 200,000 rows ×
//! 30 features with a constant model, and stratified 5-fold folds plus fold gathering on
//! 800,000 rows. Figures are CPU milliseconds of the benchmark thread (wall time on a shared
//! machine overstates them).

use crimelab::core::data::load_path;
use crimelab::core::eval::importance::{permutation_importance, ImportanceOptions};
use crimelab::core::eval::{fingerprint_hex, Evaluation};
use crimelab::core::frame::{Feature, FeatureFrame};
use crimelab::core::models::{baseline::MajorityParams, quiet, Learner, TrainData};
use crimelab::core::rng::Rng;
use crimelab::core::search::stratified_kfold;
use web_time::Instant;

/// Milliseconds since `t`: CPU time of this thread where Linux tells it (the machine is
/// shared, so wall time overstates), wall time otherwise.
fn ms(t: Start) -> f64 {
    match (cpu_ns(), t.cpu_ns) {
        (Some(now), Some(then)) => (now - then) as f64 / 1e6,
        _ => t.wall.elapsed().as_secs_f64() * 1e3,
    }
}

/// A starting point for [`ms`].
#[derive(Clone, Copy)]
struct Start {
    wall: Instant,
    cpu_ns: Option<u64>,
}

fn now() -> Start {
    Start { wall: Instant::now(), cpu_ns: cpu_ns() }
}

/// Nanoseconds this thread has run on a CPU (Linux `schedstat`).
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/bench/full.csv".to_owned());
    if let Ok(loaded) = load_path(path.as_ref(), 2) {
        let t = now();
        let fp = fingerprint_hex(&loaded.dataset);
        println!(
            "fingerprint: {fp} of {} rows × {} columns in {:.1} ms",
            loaded.dataset.rows(),
            loaded.dataset.columns().len(),
            ms(t)
        );
    } else {
        println!("fingerprint: skipped ({path} not found)");
    }

    // Probabilities of 200k rows × 12 classes, informative but noisy.
    let (n, k) = (200_000usize, 12usize);
    let mut rng = Rng::new(1);
    let y: Vec<u32> = (0..n).map(|_| rng.below(k as u64) as u32).collect();
    let mut proba = vec![0f32; n * k];
    for (r, row) in proba.chunks_exact_mut(k).enumerate() {
        let mut sum = 0.0;
        for (c, p) in row.iter_mut().enumerate() {
            let boost = if c as u32 == y[r] { 1.5 } else { 0.0 };
            *p = ((rng.normal() + boost) as f32).exp();
            sum += *p;
        }
        row.iter_mut().for_each(|p| *p /= sum);
    }
    let classes: Vec<String> = (0..k).map(|c| format!("class {c}")).collect();
    // The machine is shared: report the best of five runs.
    let mut best = f64::MAX;
    let mut e = None;
    for _ in 0..5 {
        let t = now();
        e = Some(Evaluation::compute(&y, &proba, &classes).unwrap());
        best = best.min(ms(t));
    }
    let e = e.unwrap();
    parts(&y, &proba, &classes);
    println!(
        "evaluation: {n} rows × {k} classes in {best:.1} ms, best of 5 \
         (accuracy {:.3}, macro F1 {:.3}, AUC {:.3})",
        e.accuracy,
        e.macro_f1,
        e.roc_auc.unwrap()
    );

    // Permutation importance bookkeeping with a constant model.
    let features: Vec<Feature> = (0..30)
        .map(|j| {
            if j % 2 == 0 {
                Feature::numeric(format!("f{j}"), (0..n).map(|_| rng.f32()).collect())
            } else {
                let codes = (0..n).map(|_| rng.below(50) as u16).collect();
                Feature::categorical(format!("f{j}"), codes, (0..50).map(|l| l.to_string()).collect())
            }
        })
        .collect();
    let mut x = FeatureFrame::new(features);
    let data = TrainData {
        x: &x,
        y: &y,
        n_classes: k,
        weights: None,
        valid: None,
        seed: 1,
        prescaled: false,
        parallelism: Default::default(),
    };
    let model = MajorityParams {}.fit(&data, &mut quiet()).unwrap();
    let options = ImportanceOptions { repeats: 3, ..Default::default() };
    let t = now();
    permutation_importance(&model, &mut x, &y, &options, &mut |_| true).unwrap();
    let total = ms(t);
    println!(
        "permutation importance: 30 features × 3 repeats on {n} rows in {total:.0} ms \
         ({:.1} ms per shuffle, incl. a constant model's predict)",
        total / 90.0
    );

    // Folds on 800k rows.
    let n = 800_000usize;
    let y: Vec<u32> = (0..n).map(|_| rng.below(k as u64) as u32).collect();
    let rows: Vec<u32> = (0..n as u32).collect();
    let t = now();
    let folds = stratified_kfold(&rows, &y, 5, 3).unwrap();
    println!("stratified 5-fold on {n} rows in {:.1} ms", ms(t));
    let big =
        FeatureFrame::new((0..30).map(|j| Feature::numeric(format!("f{j}"), vec![j as f32; n])).collect());
    let t = now();
    let train = big.take(&folds[0].train);
    println!(
        "gathering one training fold ({} rows × 30 features, {:.0} MB) in {:.1} ms",
        train.rows,
        train.heap_bytes() as f64 / 1e6,
        ms(t)
    );
}

/// Times the parts of an evaluation separately (called with `--parts`).
#[allow(dead_code)]
pub fn parts(y: &[u32], proba: &[f32], classes: &[String]) {
    use crimelab::core::eval::curves::one_vs_rest;
    use crimelab::core::eval::{log_loss, top_k_accuracy, Calibration};
    let k = classes.len();
    let t = now();
    one_vs_rest(y, proba, classes, 200);
    println!("  curves {:.1} ms", ms(t));
    let t = now();
    for kk in [2, 3, 5] {
        top_k_accuracy(y, proba, k, kk).unwrap();
    }
    println!("  top-k {:.1} ms", ms(t));
    let t = now();
    log_loss(y, proba, k).unwrap();
    Calibration::compute(y, proba, k, 10).unwrap();
    println!("  log-loss + calibration {:.1} ms", ms(t));
}
