//! Tuning: every fold refits the feature pipeline on its own training rows, so scores on pure
//! noise stay at chance where a matrix prepared once on all training rows looks predictive;
//! the time-split mode scores the validation rows.

use crimelab::core::data::{load_bytes, Dataset};
use crimelab::core::eval::Evaluation;
use crimelab::core::features::{prepare, FeatureConfig, Target};
use crimelab::core::models::{ModelKind, ModelParams};
use crimelab::core::rng::Rng;
use crimelab::core::search::{
    search, stratified_kfold, tune, Candidate, SearchData, SearchOptions, SearchResult, Strategy, TuneConfig,
};

use crate::support::{sample, sample_csv, sample_path, SampleCsv};

/// Noise columns added to the sample's rows.
const NOISE_COLUMNS: usize = 120;

/// The first `rows` incidents of the sample with `NOISE_COLUMNS` pure-noise text columns
/// (`noise_00`…, 10 levels each) and a coin-flip `label` column, all seeded.
fn noise_dataset(rows: usize, seed: u64) -> Dataset {
    let SampleCsv { header, rows: records } = sample_csv();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = header.iter().map(str::to_owned).collect();
    header.extend((0..NOISE_COLUMNS).map(|i| format!("noise_{i:02}")));
    header.push("label".into());
    out.write_record(&header).unwrap();
    let mut rng = Rng::new(seed);
    for record in &records[..rows] {
        let mut fields: Vec<String> = record.iter().map(str::to_owned).collect();
        fields.extend((0..NOISE_COLUMNS).map(|_| format!("level{}", rng.below(10))));
        fields.push(if rng.below(2) == 0 { "no" } else { "yes" }.into());
        out.write_record(&fields).unwrap();
    }
    load_bytes(&out.into_inner().unwrap(), "noise.csv").unwrap().dataset
}

/// Predict the coin flip from the noise columns, keeping the 4 "best" by mutual information.
fn noise_features(encoding: &str) -> FeatureConfig {
    let mut config: FeatureConfig = serde_json::from_value(serde_json::json!({
        "target": "label",
        "split": {"kind": "random", "test_fraction": 0.2, "valid_fraction": 0.0},
        "encoding": encoding,
        "selection": {"keep_top_k": 4},
    }))
    .unwrap();
    config.features = (0..NOISE_COLUMNS).map(|i| format!("column:noise_{i:02}")).collect();
    assert_eq!(config.target, Target::Column("label".into()));
    config
}

/// One logistic-regression candidate, so that the scores compare the features alone.
fn tune_config() -> TuneConfig {
    TuneConfig {
        space: serde_json::from_value(serde_json::json!([{"name": "c", "kind": "values", "values": [1.0]}]))
            .unwrap(),
        strategy: Strategy::Grid,
        folds: 5,
        max_rows: 0,
        ..TuneConfig::default()
    }
}

/// What tuning did before: folds of a matrix prepared once on every training row.
fn tune_on_one_matrix(ds: &Dataset, features: &FeatureConfig) -> SearchResult<ModelParams> {
    let prepared = prepare(ds, features).unwrap();
    let rows: Vec<u32> = (0..prepared.train.rows as u32).collect();
    let folds = stratified_kfold(&rows, &prepared.y_train, 5, 42).unwrap();
    let data = SearchData { x: &prepared.train, y: &prepared.y_train, n_classes: 2, weights: None };
    let candidates =
        vec![Candidate { params: ModelKind::Logreg.default_params(), values: Default::default() }];
    search(&candidates, &data, &folds, &SearchOptions::default(), &mut |_| true).unwrap()
}

#[test]
fn refitting_each_fold_keeps_noise_at_chance() {
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for seed in 1..=4 {
        let ds = noise_dataset(300, seed);
        for encoding in ["one_hot", "target"] {
            let features = noise_features(encoding);
            old.push(tune_on_one_matrix(&ds, &features).candidates[0].mean.unwrap());
            let result = tune(&ds, &features, ModelKind::Logreg, &tune_config(), &mut |_| true).unwrap();
            assert_eq!(result.folds, 5);
            new.push(result.candidates[0].mean.unwrap());
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    println!(
        "macro-F1 on noise, one matrix {old:.3?} (mean {:.3}), refit {new:.3?} (mean {:.3})",
        mean(&old),
        mean(&new)
    );
    // Chance is 0.5: features chosen with the validation labels look predictive; refitted
    // per fold they do not.
    assert!(mean(&old) > 0.58, "{old:?}");
    assert!((mean(&new) - 0.5).abs() < 0.04, "{new:?}");
    assert!(mean(&old) - mean(&new) > 0.06);
}

#[test]
fn tuning_on_the_time_split_scores_the_validation_rows() {
    let features = FeatureConfig::default();
    let prepared = prepare(sample(), &features).unwrap();
    assert!(prepared.valid.rows > 0);
    // The majority baseline fitted on every training row is scored on the validation rows: its
    // macro-F1 is that of always predicting the training majority there.
    let mut counts = vec![0usize; prepared.classes.len()];
    for &y in &prepared.y_train {
        counts[y as usize] += 1;
    }
    let majority = (0..counts.len()).max_by_key(|&c| (counts[c], std::cmp::Reverse(c))).unwrap();
    let k = prepared.classes.len();
    let proba: Vec<f32> =
        prepared.y_valid.iter().flat_map(|_| (0..k).map(move |c| (c == majority) as u8 as f32)).collect();
    let expected = Evaluation::compute(&prepared.y_valid, &proba, &prepared.classes).unwrap().macro_f1;
    let config = TuneConfig { time_split: true, max_rows: 0, strategy: Strategy::Grid, ..Default::default() };
    let result = tune(sample(), &features, ModelKind::Majority, &config, &mut |_| true).unwrap();
    assert_eq!(result.folds, 1);
    assert_eq!(result.candidates[0].fold_scores.len(), 1);
    let got = result.candidates[0].mean.unwrap();
    assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");

    // Decision-tree candidates from a random draw are ranked on the same holdout.
    let config =
        TuneConfig { time_split: true, strategy: Strategy::Random { n: 2, seed: 3 }, ..Default::default() };
    let result = tune(sample(), &features, ModelKind::Tree, &config, &mut |_| true).unwrap();
    assert_eq!(result.folds, 1);
    assert!(result.candidates.len() == 2 && result.candidates.iter().all(|c| c.mean.is_some()));
    assert!(result.candidates[0].mean >= result.candidates[1].mean, "ranked best first");
}

#[test]
fn a_run_trained_from_a_tuning_result_carries_every_candidate_on_its_card() {
    use crimelab::core::eval::ExportedModel;
    use crimelab::core::experiment::{run, RunConfig};
    use crimelab::core::search::TuningRecord;
    let features = FeatureConfig::default();
    let config = TuneConfig { max_rows: 3000, strategy: Strategy::Grid, ..TuneConfig::default() };
    let result = tune(sample(), &features, ModelKind::NaiveBayes, &config, &mut |_| true).unwrap();
    let record = TuningRecord::new(ModelKind::NaiveBayes, &config, &result);
    assert_eq!((record.validation.as_str(), record.folds, record.max_rows), ("3-fold", 3, 3000));
    assert_eq!(record.candidates.len(), 4, "alpha on 4 log steps");
    // Train the runner-up, as a click on its row does.
    let pick = result.candidates[1].params.clone();
    let config = RunConfig { seed: 42, features, model: pick, tuning: Some(record) };
    let output = run(sample(), Some("sample.csv"), &config, &mut |_| true).unwrap();
    let card = ExportedModel::from_json(&output.export().to_json().unwrap()).unwrap().card;
    assert_eq!(card.question.as_deref(), Some("filed-report"), "the card names the question");
    let tuning = card.tuning.expect("the card records the search");
    assert_eq!(tuning.chosen, Some(2));
    assert!(tuning.summary().starts_with("Tuned: candidate 2 of 4, macro-F1 0."), "{}", tuning.summary());
    for (c, r) in tuning.candidates.iter().zip(&result.candidates) {
        assert_eq!((c.rank, c.score, c.std), (r.rank, r.mean, r.std));
        assert_eq!(c.fold_scores.len(), 3);
        let mean = c.fold_scores.iter().sum::<f64>() / 3.0;
        assert!((mean - c.score.unwrap()).abs() < 1e-12);
        assert_eq!(c.params, serde_json::to_value(&r.params).unwrap()["params"]);
    }
    // Params edited after the search are none of the candidates'.
    let mut edited = ModelKind::NaiveBayes.default_params();
    if let ModelParams::NaiveBayes(p) = &mut edited {
        p.alpha = 0.123;
    }
    assert_eq!(tuning.choosing(&edited).chosen, None);
}

/// Runs the `crimelab` binary and parses its JSON.
fn crimelab(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab")).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn crimelab_tune_runs_the_pages_search_and_train_keeps_it_on_the_card() {
    let file = sample_path();
    // Loaded with 3 threads here, with 1 for the core's run below: the results do not depend on it.
    let printed = crimelab(&[
        "tune",
        file,
        "--model",
        "naive-bayes",
        "--rows",
        "3000",
        "--seed",
        "7",
        "--threads",
        "3",
        "--json",
    ]);
    // The page's request for the same choices: base params, seed 7 for split, folds and draws.
    let features = FeatureConfig { seed: 7, ..FeatureConfig::default() };
    let config = TuneConfig {
        base: Some(ModelKind::NaiveBayes.default_params()),
        strategy: Strategy::Random { n: 8, seed: 7 },
        max_rows: 3000,
        seed: 7,
        ..TuneConfig::default()
    };
    let result = tune(sample(), &features, ModelKind::NaiveBayes, &config, &mut |_| true).unwrap();
    let candidates = printed["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), result.candidates.len());
    for (c, r) in candidates.iter().zip(&result.candidates) {
        assert_eq!(c["params"], serde_json::to_value(&r.params).unwrap()["params"]);
        assert_eq!(c["score"].as_f64(), r.mean);
        assert_eq!(c["std"].as_f64(), r.std);
    }
    assert!(candidates.windows(2).all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()), "best first");
    assert_eq!((printed["validation"].as_str(), printed["max_rows"].as_u64()), (Some("3-fold"), Some(3000)));

    // Training from the search trains its best candidate and keeps the search on the card.
    let dir = crate::support::TempDir::new("tune");
    let path = dir.join("search.json");
    std::fs::write(&path, printed.to_string()).unwrap();
    let run = crimelab(&["train", file, "--tuning", path.to_str().unwrap(), "--seed", "7", "--json"]);
    assert_eq!(run["model"], "naive-bayes");
    assert_eq!(run["card"]["params"]["params"], candidates[0]["params"]);
    assert_eq!(run["card"]["tuning"]["chosen"], 1);
    assert_eq!(run["card"]["tuning"]["candidates"], printed["candidates"]);
    assert_eq!(run["card"]["question"], "filed-report");
    // Settings it does not understand are refused by name.
    for (args, says) in [
        (vec!["--cv", "1"], "--cv"),
        (vec!["--strategy", "grid", "--candidates", "5"], "candidates"),
        (vec!["--strategy", "bayes"], "--strategy"),
        (vec!["--question", "when-where", "--features", "hour,mocodes"], "mocodes"),
    ] {
        let mut all = vec!["tune", file, "--model", "naive-bayes"];
        all.extend(args);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab")).args(&all).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says), "{all:?}: {stderr}");
    }
}

#[test]
fn fits_that_keep_to_one_thread_run_side_by_side_with_the_same_table() {
    use crimelab::core::models::mlp::MlpParams;
    use crimelab::core::parallel::Parallelism;
    use crimelab::core::search::tune_with;
    // The MLP trains on one thread, so with several the search runs its fits side by side.
    let config = TuneConfig {
        base: Some(ModelParams::Mlp(MlpParams { hidden: vec![8], max_epochs: 2, ..Default::default() })),
        space: serde_json::from_value(serde_json::json!([
            {"name": "learning_rate", "kind": "values", "values": [0.001, 0.01]},
            {"name": "dropout", "kind": "values", "values": [0.0, 0.2, 7.0]},
        ]))
        .unwrap(),
        strategy: Strategy::Grid,
        folds: 3,
        max_rows: 1500,
        seed: 5,
        ..TuneConfig::default()
    };
    let features = FeatureConfig::default();
    let run = |threads: usize, stop_after: usize| {
        let mut reports = 0;
        let result = tune_with(
            sample(),
            &features,
            ModelKind::Mlp,
            &config,
            Parallelism::threads(threads),
            &mut |p| {
                assert!(p.done <= 18 && p.fraction <= 1.0);
                reports += 1;
                reports < stop_after
            },
        )
        .unwrap();
        let table: Vec<_> = result
            .candidates
            .iter()
            .map(|c| {
                (
                    serde_json::to_string(&c.params).unwrap(),
                    c.mean,
                    c.std,
                    c.fold_scores.clone(),
                    c.error.clone(),
                )
            })
            .collect();
        (table, result.best.map(|b| serde_json::to_string(&b).unwrap()), result.cancelled)
    };
    let one = run(1, usize::MAX);
    assert_eq!(one.0.len(), 6);
    // A dropout of 7 is out of range: those candidates fail by name and fit nothing.
    assert_eq!(one.0.iter().filter(|c| c.4.as_deref().is_some_and(|e| e.contains("dropout"))).count(), 2);
    for threads in [2, 3] {
        assert_eq!(run(threads, usize::MAX), one, "the table with {threads} threads differs from 1 thread's");
    }
    // A cancel keeps the candidates whose every fold had finished, and says so.
    let (table, _, cancelled) = run(3, 7);
    assert!(cancelled && table.len() < 6, "{} candidates after a cancel", table.len());
    assert!(table.iter().all(|c| one.0.contains(c)));
}
