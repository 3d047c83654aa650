//! Times `prepare` (the training matrix) on a full-size export.
//!
//! ```text
//! cargo run --release --example features_bench -- target/bench/full.csv [runs]
//! ```
//!
//! Loading uses all cores; `prepare` itself is single-threaded, as in the browser worker.

use crimelab::core::data::load_path;
use crimelab::core::features::{prepare, FeatureConfig, SplitConfig, Target};
use web_time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "target/bench/full.csv".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let t = Instant::now();
    let ds = load_path(std::path::Path::new(&path), threads).expect("load").dataset;
    println!("loaded {} rows in {:.0} ms", ds.rows(), t.elapsed().as_secs_f64() * 1e3);
    let configs = [
        ("default (crime-group, time split, one-hot)", FeatureConfig::default()),
        (
            "arrest, random split, target encoding, class weights",
            FeatureConfig {
                target: Target::Arrest,
                split: SplitConfig::Random { test_fraction: 0.2, valid_fraction: 0.1 },
                encoding: crimelab::core::features::Encoding::Target,
                class_weights: true,
                ..FeatureConfig::default()
            },
        ),
    ];
    for (name, config) in configs {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let t = Instant::now();
            let p = prepare(&ds, &config).expect("prepare");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            last = Some(p);
        }
        times.sort_by(f64::total_cmp);
        let s = &last.unwrap().summary;
        println!(
            "{name}: median {:.0} ms, best {:.0} ms over {runs} runs; train {} × {} (one-hot width {}), valid {}, test {}, {:.1} MB",
            times[times.len() / 2],
            times[0],
            s.train_rows,
            s.n_features,
            s.one_hot_width,
            s.valid_rows,
            s.test_rows,
            s.memory_bytes as f64 / 1e6
        );
    }
}
