//! `crimelab train FILE`: prepare features, train a model, evaluate it on the held-out rows.
//!
//! ```text
//! crimelab train FILE --model gbdt|logreg|random-forest|… [--params JSON] [--model-seed N]
//!                     [--predictions OUT.csv] [--export MODEL.json]
//!                     [--importance-repeats N [--importance-rows M]]
//!                     [every option of `crimelab features`] [--json]
//! ```
//!
//! `--params` sets hyper-parameters over the model's defaults, e.g. `'{"rounds": 50}'`.
//! `--predictions` writes one row per test incident: `DR_NO`, `actual`, `predicted`, then
//! `p_<class>` for every class, so any outside tool can recompute every metric.
//! `--importance-repeats` also computes permutation importance on (a sample of `M`, default
//! 20,000) test rows, as the app does, and adds `permutation_importance` and `importance_ms`.

use std::io::Write;

use anyhow::{bail, Context, Result};

use super::{print_json, Args};
use crate::core::data::load_path;
use crate::core::eval::{write_predictions_csv, TestPredictions};
use crate::core::experiment::{run as run_experiment, RunConfig, RunEvent, RunOutput};
use crate::core::models::{ModelKind, ModelParams};

/// Runs `train`.
pub fn run(args: &Args) -> Result<()> {
    let mut known: Vec<&str> = super::features::OPTIONS.to_vec();
    known.extend([
        "model",
        "params",
        "model-seed",
        "predictions",
        "export",
        "importance-repeats",
        "importance-rows",
    ]);
    args.only(&known)?;
    let features = super::features::config(args)?;
    let model = model_params(args)?;
    let seed = args.get("model-seed", features.seed)?;
    let loaded = load_path(&args.file, args.threads()?)
        .with_context(|| format!("cannot load {}", args.file.display()))?;
    let name = loaded.card.file_name.clone();
    let config = RunConfig { features, model, seed };
    let quiet = args.json;
    let mut output = run_experiment(&loaded.dataset, Some(&name), &config, &mut |event| {
        if !quiet {
            report(event);
        }
        true
    })?;
    output.result.peak_memory_bytes = peak_resident_bytes();
    if let Some(path) = args.options.get("predictions") {
        write_predictions(path, &output, &loaded.dataset).with_context(|| format!("cannot write {path}"))?;
    }
    if let Some(path) = args.options.get("export") {
        std::fs::write(path, output.export().to_json()?).with_context(|| format!("cannot write {path}"))?;
    }
    let importance = importance(args, &mut output)?;
    if args.json {
        let mut value = serde_json::to_value(&output.result)?;
        if let (Some((imp, ms)), Some(map)) = (&importance, value.as_object_mut()) {
            map.insert("permutation_importance".into(), serde_json::to_value(imp)?);
            map.insert("importance_ms".into(), (*ms).into());
        }
        return print_json(&value);
    }
    let r = &output.result;
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
    args: &Args,
    output: &mut RunOutput,
) -> Result<Option<(crate::core::eval::PermutationImportance, f64)>> {
    if !args.options.contains_key("importance-repeats") {
        return Ok(None);
    }
    let options = crate::core::eval::ImportanceOptions {
        repeats: args.get("importance-repeats", 5usize)?,
        max_rows: Some(args.get("importance-rows", 20_000usize)?),
        per_class: true,
        ..Default::default()
    };
    let exported = output.export();
    let started = std::time::Instant::now();
    let imp = crate::core::explain::importance_on(&exported, &mut output.prepared, &options, &mut |_| true)?;
    Ok(Some((imp, started.elapsed().as_secs_f64() * 1e3)))
}

fn model_params(args: &Args) -> Result<ModelParams> {
    let id = args.options.get("model").map_or("gbdt", String::as_str);
    let Some(kind) = ModelKind::from_id(id) else {
        let ids: Vec<&str> = ModelKind::ALL.iter().map(|k| k.id()).collect();
        bail!("unknown model {id:?}; choose one of {}", ids.join(", "));
    };
    let Some(params) = args.options.get("params") else { return Ok(kind.default_params()) };
    let text = if params.trim_start().starts_with('{') {
        params.clone()
    } else {
        std::fs::read_to_string(params).with_context(|| format!("cannot read {params}"))?
    };
    let value: serde_json::Value = serde_json::from_str(&text).context("--params is not JSON")?;
    let tagged = serde_json::json!({ "model": id, "params": value });
    serde_json::from_value(tagged).with_context(|| format!("--params do not fit the {id} model"))
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

fn write_predictions(path: &str, output: &RunOutput, dataset: &crate::core::data::Dataset) -> Result<()> {
    let predictions = TestPredictions::of_run(output, dataset)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write_predictions_csv(&mut out, &predictions)?;
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
