//! `crimelab tune FILE`: the page's hyper-parameter search (the same core function as the
//! trainer worker's Tune, with the same choices), printed as the ranked candidates.
//!
//! ```sh
//! crimelab tune static/data/sample.csv --model naive-bayes --json
//! crimelab tune static/data/sample.csv --model tree --strategy grid --cv time --rows 0 --json
//! ```
//!
//! The defaults are the page's: 8 random candidates of the model's key hyper-parameters,
//! 3-fold cross-validation on a sample of 20,000 training rows, seed 42 (the split's, the
//! folds' and the fits'). `--cv time` scores each candidate once, fitted on (a sample of) the
//! training rows and scored on the validation rows of the time split. Every fold refits the
//! feature pipeline on its own training rows. `--json` prints the search (`candidates`, best
//! first, each with its `params`, mean `score`, `std` and `fold_scores`); `crimelab train …
//! --tuning THAT.json` then trains the best candidate and keeps the search on its run card.

use anyhow::{Context, Result};
use clap::Args;

use super::features::FeatureArgs;
use super::train::params_text;
use super::values::listed;
use super::{print_json, Input};
use crate::core::choices::{StrategyKind, TuneChoices, TuneValidation, MAX_CANDIDATES};
use crate::core::listed::Listed;
use crate::core::models::{ModelKind, ModelParams};
use crate::core::search::{tune_with, TuningRecord};

/// Options of `crimelab tune`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab tune static/data/sample.csv --model naive-bayes --json
  crimelab tune static/data/sample.csv --model tree --strategy grid --cv time --rows 0 --json
  crimelab tune static/data/sample.csv --model logreg --candidates 4 --cv 5 --rows 3000

With --json: candidates (best first, each with params, score: the mean over the folds, std,
fold_scores, fit_ms), and how the search ran (strategy, validation, folds, max_rows, seed).
crimelab train FILE --tuning OUT.json trains the best candidate and keeps the search on the
run card.")]
pub struct TuneArgs {
    /// The file and the output format.
    #[command(flatten)]
    pub input: Input,
    /// The model to tune
    #[arg(long, default_value = "gbdt", value_parser = listed::<ModelKind>(), help_heading = "Model")]
    pub model: String,
    /// Hyper-parameters every candidate starts from, over the model's defaults: a JSON object,
    /// or a file holding one
    #[arg(long, value_name = "JSON|FILE", help_heading = "Model")]
    pub params: Option<String>,
    /// How candidates are drawn [default: random]
    #[arg(long, value_parser = listed::<StrategyKind>(), help_heading = "Search")]
    pub strategy: Option<String>,
    /// Candidates of a random search [default: 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_CANDIDATES as i64),
          help_heading = "Search")]
    pub candidates: Option<u32>,
    /// How candidates are scored [default: 3]
    #[arg(long, value_parser = listed::<TuneValidation>(), help_heading = "Search")]
    pub cv: Option<String>,
    /// Training rows the folds are drawn from (a seeded sample), 0 for every row [default: 20000]
    #[arg(long, value_name = "N", help_heading = "Search")]
    pub rows: Option<usize>,
    /// Target, split and feature options.
    #[command(flatten)]
    pub features: FeatureArgs,
}

/// Runs `tune`.
pub fn run(args: &TuneArgs, threads: usize) -> Result<()> {
    let mut choices = args.features.choices()?;
    choices.model = Some(args.model.clone());
    choices.params = params_text(&args.params)?;
    let run = choices.run()?;
    let search = TuneChoices {
        strategy: args.strategy.clone(),
        candidates: args.candidates.map(|n| n as usize),
        cv: args.cv.clone(),
        rows: args.rows,
    };
    let config = search.tune(&run)?;
    let kind = run.model.kind();
    let loaded = args.input.load(threads)?;
    let quiet = args.input.json;
    let mut last = None;
    let parallelism = crate::core::parallel::Parallelism::threads(threads);
    let result = tune_with(&loaded.dataset, &run.features, kind, &config, parallelism, &mut |p| {
        if !quiet && last != Some((p.candidate, p.fold)) && p.fraction < 1.0 {
            last = Some((p.candidate, p.fold));
            eprintln!(
                "candidate {} of {}, fold {} of {}",
                p.candidate + 1,
                p.candidates,
                p.fold + 1,
                p.folds
            );
        }
        true
    })?;
    let record = TuningRecord::new(kind, &config, &result);
    if args.input.json {
        return print_json(&record);
    }
    println!(
        "{} ranked by {} ({} candidates, {:.0} ms):",
        kind.label(),
        record.score.label(),
        record.candidates.len(),
        record.elapsed_ms
    );
    for c in &record.candidates {
        let values: Vec<String> = c.values.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let score = match (c.score, c.std, &c.error) {
            (Some(m), Some(s), _) => format!("{m:.4} ± {s:.4}"),
            (_, _, Some(e)) => format!("failed: {e}"),
            _ => "–".into(),
        };
        println!("{:>3}. {:<18} {}", c.rank, score, values.join(", "));
    }
    Ok(())
}

/// The search in `path` (what `tune --json` printed, read strictly) and the params to train:
/// the JSON text `params` when given, else the best candidate's.
pub(super) fn from_record(
    path: &std::path::Path,
    params: Option<String>,
) -> Result<(TuningRecord, ModelParams)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let record: TuningRecord = crate::core::strict::from_str("tuning", &text)
        .with_context(|| format!("{} is not the output of crimelab tune --json", path.display()))?;
    let kind = ModelKind::parse("tuning", &record.model)?;
    let params = match params {
        Some(text) => {
            let value: serde_json::Value = crate::core::strict::from_str(kind.id(), &text)?;
            ModelParams::from_json(kind, value)?
        }
        None => {
            let best = record.candidates.iter().find(|c| c.score.is_some());
            let best =
                best.with_context(|| format!("--tuning: no candidate of {} was scored", path.display()))?;
            ModelParams::from_json(kind, best.params.clone())?
        }
    };
    params.validate()?;
    Ok((record, params))
}
