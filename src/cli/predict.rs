//! `crimelab predict MODEL.json FILE`: apply a saved model to a file.
//!
//! ```text
//! crimelab train static/data/sample.csv --model tree --export-model model.json
//! crimelab predict model.json static/data/sample.csv --predictions predictions.csv --json
//! ```
//!
//! The model file (from `crimelab train --export-model` or the app's export) is refused over
//! 256 MB before it is read, and checked whole before use. Every row of FILE is predicted with
//! the model's own feature pipeline; `--predictions` writes them as `crimelab train` does
//! (`actual` empty where the row's class is not known). With `--json` it prints `rows`, and
//! `accuracy` and `macro_f1` (with `evaluation`) when the file has the model's target.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use super::{print_json, Input};
use crate::core::apply::apply;
use crate::core::eval::ExportedModel;

/// Options of `crimelab predict`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab train static/data/sample.csv --model tree --export-model tree.json --json
  crimelab predict tree.json static/data/sample.csv --json
  crimelab predict tree.json static/data/sample.csv --predictions all-rows.csv

With --json: rows, labelled_rows, and accuracy, macro_f1 and evaluation (every metric) when the
file has the model's target, else unscored (why not); model, target, warnings, predict_ms.")]
pub struct PredictArgs {
    /// The model file: from `crimelab train --export-model` or the app's "Export model"
    #[arg(value_name = "MODEL.json")]
    pub model: PathBuf,
    /// The file to predict and the output format.
    #[command(flatten)]
    pub input: Input,
    /// Predictions CSV to write.
    #[arg(
        long,
        value_name = "OUT.csv",
        help_heading = "Output",
        help = "Also write one row per incident (DR_NO, actual, predicted, p_<class>…) to this CSV"
    )]
    pub predictions: Option<PathBuf>,
}

/// Runs `predict`.
pub fn run(args: &PredictArgs, threads: usize) -> Result<()> {
    let exported = read_model(&args.model).with_context(|| format!("cannot use {}", args.model.display()))?;
    let loaded = args.input.load(threads)?;
    let applied = apply(&exported, &loaded.dataset)?;
    if let Some(path) = &args.predictions {
        super::train::save_predictions(path, &applied.predictions)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let s = &applied.summary;
    if args.input.json {
        return print_json(s);
    }
    match (s.accuracy, s.macro_f1) {
        (Some(acc), Some(f1)) => println!(
            "{}: accuracy {acc:.4}, macro-F1 {f1:.4} on the {} of {} rows whose {} is known",
            s.model_label, s.labelled_rows, s.rows, s.target
        ),
        _ => println!(
            "{}: predicted {} rows (not scored: {})",
            s.model_label,
            s.rows,
            s.unscored.as_deref().unwrap_or("no labels")
        ),
    }
    for w in &s.warnings {
        println!("warning: {w}");
    }
    Ok(())
}

/// Reads a model file: its size is checked before it is read.
fn read_model(path: &Path) -> Result<ExportedModel> {
    let size = std::fs::metadata(path)?.len();
    ExportedModel::check_size(size)?;
    let bytes = std::fs::read(path)?;
    Ok(ExportedModel::from_slice(&bytes)?)
}
