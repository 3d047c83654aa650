//! `crimelab train FILE`: prepare features, train a model, evaluate it on the held-out rows.
//!
//! ```sh
//! crimelab train static/data/sample.csv --model naive-bayes --json
//! crimelab train static/data/sample.csv --model gbdt --params '{"n_rounds": 10}' --split random --json
//! ```
//!
//! `--params` sets hyper-parameters over the model's defaults (a JSON object, or a file
//! holding one); a name the model does not have is refused with the valid names.
//! `--predictions` writes one row per test incident: `DR_NO`, `actual`, `predicted`, then
//! `p_<class>` for every class, so any outside tool can recompute every metric.
//! `--export-model` saves the model, its run card and its feature pipeline as the app's export
//! does; `crimelab predict` applies it to other files.
//! `--importance-repeats` also computes permutation importance on (a sample of `M`, default
//! 20,000) test rows, as the app does, and adds `permutation_importance` and `importance_ms`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use super::features::FeatureArgs;
use super::values::listed;
use super::{print_json, Input};
use crate::core::eval::{
    write_predictions_csv, ImportanceOptions, PermutationImportance, TestPredictions, METRICS,
};
use crate::core::experiment::{run_with as run_experiment, RunEvent, RunOutput};
use crate::core::models::ModelKind;
use crate::core::parallel::Parallelism;

/// Options of `crimelab train`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab train static/data/sample.csv --model tree --json
  crimelab train static/data/sample.csv --model gbdt --params '{\"n_rounds\": 10}' --json
  crimelab train static/data/sample.csv --model naive-bayes --predictions predictions.csv
  crimelab train static/data/sample.csv --model tree --split random --importance-repeats 2 --json
  crimelab train static/data/sample.csv --model logreg --from 2021-01-01 --divisions 8 --json

With --json: accuracy, macro_f1, train_ms, train_rows, test_rows, split_date (time split),
evaluation (every metric), card (the run card), warnings…
--params is a JSON object over the model's defaults, e.g. '{\"max_depth\": 8}' for tree or
'{\"c\": 0.5}' for logreg; the page's hyper-parameter box shows every name with its default.")]
pub struct TrainArgs {
    /// The file and the output format.
    #[command(flatten)]
    pub input: Input,
    /// The model to train
    #[arg(long, default_value = "gbdt", value_parser = listed::<ModelKind>(), help_heading = "Model")]
    pub model: String,
    /// Hyper-parameters over the model's defaults: a JSON object, or a file holding one
    #[arg(long, value_name = "JSON|FILE", help_heading = "Model")]
    pub params: Option<String>,
    /// Seed of the model's random choices [default: the --seed of the split]
    #[arg(long, value_name = "N", help_heading = "Model")]
    pub model_seed: Option<u64>,
    /// Predictions CSV to write.
    #[arg(
        long,
        value_name = "OUT.csv",
        help_heading = "Output",
        help = "Also write one row per test incident (DR_NO, actual, predicted, p_<class>…) to this CSV"
    )]
    pub predictions: Option<PathBuf>,
    /// Also write the trained model (the app's model file, for `crimelab predict`) to this JSON file
    #[arg(long, value_name = "MODEL.json", help_heading = "Output")]
    pub export_model: Option<PathBuf>,
    /// Also compute permutation importance with N shuffles per feature
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100), help_heading = "Output")]
    pub importance_repeats: Option<u32>,
    /// Test rows scored by permutation importance (a seeded sample)
    #[arg(long, value_name = "M", default_value_t = 20_000, requires = "importance_repeats",
          value_parser = clap::value_parser!(u32).range(10..), help_heading = "Output")]
    pub importance_rows: u32,
    /// What `crimelab tune --json` printed: train its best candidate (or --params) with its
    /// model, and keep the whole search on the run card
    #[arg(long, value_name = "TUNE.json", conflicts_with = "model", help_heading = "Model")]
    pub tuning: Option<PathBuf>,
    /// Target, split and feature options.
    #[command(flatten)]
    pub features: FeatureArgs,
}

/// The hyper-parameters' JSON text: `--params` itself, or the file it names.
pub(super) fn params_text(params: &Option<String>) -> Result<Option<String>> {
    let Some(params) = params else { return Ok(None) };
    if params.trim_start().starts_with(['{', '[']) || !Path::new(params).exists() && params.contains('"') {
        return Ok(Some(params.clone()));
    }
    let text = std::fs::read_to_string(params)
        .with_context(|| format!("--params: {params} is neither a JSON object nor a readable file"))?;
    Ok(Some(text))
}

/// Runs `train`.
pub fn run(args: &TrainArgs, threads: usize) -> Result<()> {
    let mut choices = args.features.choices()?;
    choices.model = Some(args.model.clone());
    choices.params = params_text(&args.params)?;
    choices.model_seed = args.model_seed;
    let config = match &args.tuning {
        // The search's model, with its best params (or --params), and the search on the card.
        Some(path) => {
            let (record, params) = super::tune::from_record(path, choices.params.take())?;
            choices.model = Some(record.model.clone());
            let mut config = choices.run()?;
            config.model = params;
            config.tuning = Some(record);
            config
        }
        None => choices.run()?,
    };
    let loaded = args.input.load(threads)?;
    let name = loaded.card.file_name.clone();
    let quiet = args.input.json;
    let mut output =
        run_experiment(&loaded.dataset, Some(&name), &config, Parallelism::threads(threads), &mut |event| {
            if !quiet {
                report(event);
            }
            true
        })?;
    output.result.peak_memory_bytes = peak_resident_bytes();
    if let Some(path) = &args.predictions {
        write_predictions(path, &output, &loaded.dataset)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.export_model {
        std::fs::write(path, output.export().to_json()?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let importance = importance(args, &mut output, threads)?;
    if args.input.json {
        let mut value = serde_json::to_value(&output.result)?;
        if let (Some((imp, ms)), Some(map)) = (&importance, value.as_object_mut()) {
            map.insert("permutation_importance".into(), serde_json::to_value(imp)?);
            map.insert("importance_ms".into(), (*ms).into());
        }
        return print_json(&value);
    }
    let r = &output.result;
    println!("question: {}", r.features.question_label);
    println!(
        "{}: accuracy {:.4}, macro-F1 {:.4} on {} test rows ({} training rows{}), trained in {:.0} ms",
        r.model_label,
        r.accuracy,
        r.macro_f1,
        r.test_rows,
        r.train_rows,
        r.split_date.as_ref().map_or(String::new(), |d| format!(", test from {d}")),
        r.train_ms
    );
    // Every metric of the page's comparison table, written the same way.
    for m in METRICS {
        println!("  {:<16} {}", m.label, m.show(r));
    }
    for w in &r.warnings {
        println!("warning: {w}");
    }
    if let Some((imp, ms)) = &importance {
        println!("permutation importance ({} repeats, {} test rows, {ms:.0} ms):", imp.repeats, imp.rows);
        for f in imp.features.iter().take(15) {
            println!("  {:<28} {:>8.4} ± {:.4}", f.feature, f.mean, f.std);
        }
    }
    Ok(())
}

/// Permutation importance of the trained model when `--importance-repeats` is given, with
/// the milliseconds it took.
fn importance(
    args: &TrainArgs,
    output: &mut RunOutput,
    threads: usize,
) -> Result<Option<(PermutationImportance, f64)>> {
    let Some(repeats) = args.importance_repeats else { return Ok(None) };
    let options = ImportanceOptions {
        repeats: repeats as usize,
        max_rows: Some(args.importance_rows as usize),
        per_class: true,
        ..Default::default()
    };
    let exported = output.export();
    let started = std::time::Instant::now();
    let parallelism = Parallelism::threads(threads);
    let imp = crate::core::explain::importance_on_with(
        &exported,
        &mut output.prepared,
        &options,
        parallelism,
        &mut |_| true,
    )?;
    Ok(Some((imp, started.elapsed().as_secs_f64() * 1e3)))
}

fn report(event: &RunEvent) {
    match event {
        RunEvent::Prepared { summary } => eprintln!(
            "features: {} training × {} features, {} test rows{}",
            summary.train_rows,
            summary.n_features,
            summary.test_rows,
            summary.split_date.as_ref().map_or(String::new(), |d| format!(" (from {d})"))
        ),
        RunEvent::Training(p) => {
            if p.iteration % 10 == 0 || p.fraction >= 1.0 {
                eprintln!(
                    "  iteration {:>4} ({:>3.0}%) train loss {} valid loss {}",
                    p.iteration,
                    p.fraction * 100.0,
                    p.train_loss.map_or("-".into(), |l| format!("{l:.4}")),
                    p.valid_loss.map_or("-".into(), |l| format!("{l:.4}"))
                );
            }
        }
        RunEvent::Evaluating => eprintln!("evaluating on the test rows…"),
    }
}

fn write_predictions(path: &Path, output: &RunOutput, dataset: &crate::core::data::Dataset) -> Result<()> {
    save_predictions(path, &TestPredictions::of_run(output, dataset)?)
}

/// Writes the predictions CSV to `path`.
pub fn save_predictions(path: &Path, predictions: &TestPredictions) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write_predictions_csv(&mut out, predictions)?;
    out.flush()?;
    Ok(())
}

/// This process's peak resident set (`VmHWM` of /proc/self/status), where Linux tells it.
fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}
