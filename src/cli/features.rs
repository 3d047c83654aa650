//! `crimelab features FILE`: build the training matrix and print its summary.
//!
//! ```text
//! crimelab features FILE [--target crime-group|part-1-2|arrest|division|COLUMN]
//!                        [--split time|random] [--test-fraction F] [--valid-fraction F]
//!                        [--split-date YYYY-MM-DD] [--seed N] [--features a,b,column:X]
//!                        [--encoding one_hot|ordinal|frequency|target]
//!                        [--scaling none|standard|min_max] [--keep-top-k K]
//!                        [--rank-by mutual_info|chi2] [--allow-leaky a,b] [--no-guard true]
//!                        [--include-2024 true] [--class-weights true]
//!                        [--resampling none|undersample|oversample] [--config FILE.json]
//!                        [--json] [--threads N]
//! ```

use anyhow::{bail, Context, Result};

use super::{print_json, Args};
use crate::core::data::load_path;
use crate::core::features::{
    prepare, Encoding, FeatureConfig, FeatureSummary, RankMethod, Resampling, Scaling, SplitConfig, Target,
};

pub(super) const OPTIONS: &[&str] = &[
    "threads",
    "target",
    "split",
    "test-fraction",
    "valid-fraction",
    "split-date",
    "seed",
    "features",
    "encoding",
    "scaling",
    "keep-top-k",
    "rank-by",
    "allow-leaky",
    "no-guard",
    "include-2024",
    "class-weights",
    "resampling",
    "config",
];

/// Runs `features`.
pub fn run(args: &Args) -> Result<()> {
    args.only(OPTIONS)?;
    let config = config(args)?;
    let loaded = load_path(&args.file, args.threads()?)
        .with_context(|| format!("cannot load {}", args.file.display()))?;
    let prepared = prepare(&loaded.dataset, &config)?;
    if args.json {
        return print_json(&prepared.summary);
    }
    print_summary(&prepared.summary);
    Ok(())
}

/// The feature configuration from `--config` (JSON) and the individual options.
pub(super) fn config(args: &Args) -> Result<FeatureConfig> {
    let mut c: FeatureConfig = match args.options.get("config") {
        Some(path) => serde_json::from_str(
            &std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?,
        )
        .with_context(|| format!("{path} is not a feature configuration"))?,
        None => FeatureConfig::default(),
    };
    if let Some(t) = args.options.get("target") {
        c.target = Target::parse(t);
    }
    let split_keys = ["split", "test-fraction", "valid-fraction", "split-date"];
    if split_keys.iter().any(|k| args.options.contains_key(*k)) {
        let (kind, test, valid) = match &c.split {
            SplitConfig::Random { test_fraction, valid_fraction } => {
                ("random", *test_fraction, *valid_fraction)
            }
            SplitConfig::Time { test_fraction, valid_fraction, .. } => {
                ("time", *test_fraction, *valid_fraction)
            }
        };
        let test = args.get("test-fraction", test)?;
        let valid = args.get("valid-fraction", valid)?;
        c.split = match args.options.get("split").map_or(kind, String::as_str) {
            "time" => SplitConfig::Time {
                test_fraction: test,
                valid_fraction: valid,
                split_date: args.options.get("split-date").cloned(),
            },
            "random" => SplitConfig::Random { test_fraction: test, valid_fraction: valid },
            other => bail!("--split: use time or random, not {other}"),
        };
    }
    c.seed = args.get("seed", c.seed)?;
    if let Some(list) = args.options.get("features") {
        c.features = list.split(',').map(|s| s.trim().to_owned()).collect();
    }
    if let Some(e) = args.options.get("encoding") {
        c.encoding = enum_value::<Encoding>("encoding", e)?;
    }
    if let Some(s) = args.options.get("scaling") {
        c.scaling = enum_value::<Scaling>("scaling", s)?;
    }
    if let Some(r) = args.options.get("rank-by") {
        c.selection.rank_by = enum_value::<RankMethod>("rank-by", r)?;
    }
    if let Some(r) = args.options.get("resampling") {
        c.resampling = enum_value::<Resampling>("resampling", r)?;
    }
    if args.options.contains_key("keep-top-k") {
        c.selection.keep_top_k = Some(args.get("keep-top-k", 0usize)?);
    }
    if let Some(list) = args.options.get("allow-leaky") {
        c.leakage.allow = list.split(',').map(|s| s.trim().to_owned()).collect();
    }
    if args.get("no-guard", false)? {
        c.leakage.guard = false;
    }
    if args.get("include-2024", false)? {
        c.exclude_records_change = false;
    }
    c.class_weights = args.get("class-weights", c.class_weights)?;
    Ok(c)
}

/// Parses a snake_case enum value through serde.
fn enum_value<T: serde::de::DeserializeOwned>(name: &str, value: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| anyhow::anyhow!("--{name}: cannot use {value:?}"))
}

fn print_summary(s: &FeatureSummary) {
    println!("target: {} ({} classes)", s.target_label, s.classes.len());
    println!(
        "split: {}{}: train {} / valid {} / test {} rows",
        s.split_kind,
        s.split_date.as_ref().map(|d| format!(" (test from {d})")).unwrap_or_default(),
        s.train_rows,
        s.valid_rows,
        s.test_rows
    );
    println!(
        "matrix: {} features (one-hot width {}), {:.1} MB, prepared in {:.0} ms",
        s.n_features,
        s.one_hot_width,
        s.memory_bytes as f64 / 1e6,
        s.prepare_ms
    );
    for c in &s.classes {
        println!("  {:<24} {:>8} {:>8} {:>8}", c.name, c.train, c.valid, c.test);
    }
    for r in s.ranking.iter().take(10) {
        println!(
            "rank: {:<24} mutual information {:.3} (U {:.2}), chi² {:.0}{}",
            r.column,
            r.mutual_info,
            r.uncertainty,
            r.chi2,
            if r.kept { "" } else { "  (dropped)" }
        );
    }
    for l in &s.leakage {
        let state = if l.excluded { "excluded" } else { "KEPT" };
        println!("leakage ({state}): {}: {}", l.column, l.reason);
    }
    for w in &s.warnings {
        println!("WARNING: {w}");
    }
    for n in &s.notes {
        println!("note: {n}");
    }
}
