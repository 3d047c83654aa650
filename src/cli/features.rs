//! `crimelab features FILE`: build the training matrix and print its summary.
//!
//! ```sh
//! crimelab features static/data/sample.csv --json
//! crimelab features static/data/sample.csv --target arrest --split random --encoding target --keep-top-k 10
//! ```
//!
//! [`FeatureArgs`] are the feature and split options shared by `features` and `train`; they
//! fill the core's [`Choices`], the same builder the page's training form uses.

use anyhow::{Context, Result};
use clap::Args;

use super::filters::FilterArgs;
use super::values::{boolean, fraction_from_zero, iso_date, listed, open_fraction};
use super::{print_json, Input};
use crate::core::choices::Choices;
use crate::core::features::{
    prepare, Encoding, FeatureConfig, FeatureSummary, Question, RankMethod, Resampling, Scaling, SplitKind,
    Target,
};
use crate::core::listed::Listed;

/// Options of `crimelab features`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab features static/data/sample.csv --json
  crimelab features static/data/sample.csv --target arrest --encoding target --keep-top-k 10
  crimelab features static/data/sample.csv --features hour,weekday,premise,weapon --json
  crimelab features static/data/sample.csv --from 2021-01-01 --crime-types \"624;330\" --json

Defaults are the recommended setup: the crime-group target, the recommended features, a time
split (the latest 20 % of days test, the 10 % before them validate), rows from the
records-system change (2024-03-07) on left out, the leakage guard on, one-hot encoding and
standard scaling fitted on the training rows.")]
pub struct FeaturesArgs {
    /// The file and the output format.
    #[command(flatten)]
    pub input: Input,
    /// Target, split and feature options.
    #[command(flatten)]
    pub features: FeatureArgs,
}

/// Target, split and feature options (shared by `features` and `train`). Options not given
/// keep the value of `--config`, else the default.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Target, split and features")]
pub struct FeatureArgs {
    /// Question id.
    #[arg(long, value_parser = listed::<Question>(),
          help = with_default("The question asked: classify a filed report (every feature, the report's details included), or forecast from when and where (time, place and premise only; it presets the features and refuses report details)", defaults().question.id()))]
    pub question: Option<String>,
    /// Target id or column name.
    #[arg(long, value_name = "TARGET", help = target_help())]
    pub target: Option<String>,
    /// Split id.
    #[arg(long, value_parser = listed::<SplitKind>(),
          help = with_default("How rows are split into training, validation and test rows", defaults().split.kind()))]
    pub split: Option<String>,
    /// Test share.
    #[arg(long, value_name = "F", value_parser = open_fraction, allow_negative_numbers = true,
          help = with_default("Share of rows in the test set, in (0, 1)", defaults().split.fractions().0))]
    pub test_fraction: Option<f64>,
    /// Validation share.
    #[arg(long, value_name = "F", value_parser = fraction_from_zero, allow_negative_numbers = true,
          help = with_default("Share of rows in the validation set, in [0, 1)", defaults().split.fractions().1))]
    pub valid_fraction: Option<f64>,
    /// First test date of a time split, instead of --test-fraction
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = iso_date)]
    pub split_date: Option<String>,
    /// Seed of the split.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          help = with_default("Seed of the split, folds and resampling (and of the model unless --model-seed)", defaults().seed))]
    pub seed: Option<u64>,
    /// Feature ids.
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        help = "Feature ids, comma-separated: catalog ids (hour, premise, mocodes…) or column:<name> \
                  [default: the recommended set]"
    )]
    pub features: Option<Vec<String>>,
    /// Encoding id.
    #[arg(long, value_parser = listed::<Encoding>(),
          help = with_default("Encoding of categorical features", defaults().encoding.id()))]
    pub encoding: Option<String>,
    /// Scaling id.
    #[arg(long, value_parser = listed::<Scaling>(),
          help = with_default("Scaling of numeric features", defaults().scaling.id()))]
    pub scaling: Option<String>,
    /// Keep only the best K features (ranked on the training rows) [default: all]
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub keep_top_k: Option<u32>,
    /// Ranking id.
    #[arg(long, value_parser = listed::<RankMethod>(),
          help = with_default("Ranking used by --keep-top-k", defaults().selection.rank_by.id()))]
    pub rank_by: Option<String>,
    /// Resampling id.
    #[arg(long, value_parser = listed::<Resampling>(),
          help = with_default("Resampling of the training rows (never of validation or test rows)", defaults().resampling.id()))]
    pub resampling: Option<String>,
    /// Feature ids kept even when the leakage guard flags them (results carry a warning)
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub allow_leaky: Option<Vec<String>>,
    /// Turn the leakage guard off: keep every flagged feature, with warnings
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true", value_parser = boolean)]
    pub no_guard: Option<bool>,
    /// Keep the rows from the records-system change (2024-03-07) on
    #[arg(long = "include-2024", value_name = "true|false", num_args = 0..=1, default_missing_value = "true", value_parser = boolean)]
    pub include_2024: Option<bool>,
    /// Weight training rows so that every class weighs the same in total
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true", value_parser = boolean)]
    pub class_weights: Option<bool>,
    /// A feature configuration (JSON, as in the run card's feature_config) the options above
    /// start from; unknown keys are refused
    #[arg(long, value_name = "FILE.json")]
    pub config: Option<std::path::PathBuf>,
    /// Train on the rows these filters keep (as the dashboard's), left out before the split.
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Help of `--target`: the presets with their labels.
fn target_help() -> String {
    let presets: Vec<String> = Target::VALUES.iter().map(|(_, id, label)| format!("{id}: {label}")).collect();
    with_default(
        &format!("What to predict: a preset ({}), or any column name", presets.join("; ")),
        defaults().target.id(),
    )
}

/// The defaults the options fall back on.
fn defaults() -> FeatureConfig {
    FeatureConfig::default()
}

/// A help line ending with its default.
fn with_default(help: &str, default: impl std::fmt::Display) -> String {
    format!("{help} [default: {default}]")
}

impl FeatureArgs {
    /// The choices these options make (the model choices are left unset).
    pub fn choices(&self) -> Result<Choices> {
        let base = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let config: FeatureConfig = crate::core::strict::from_str("features", &text)
                    .with_context(|| format!("{} is not a usable feature configuration", path.display()))?;
                Some(config)
            }
            None => None,
        };
        Ok(Choices {
            base,
            question: self.question.clone(),
            target: self.target.clone(),
            split: self.split.clone(),
            test_fraction: self.test_fraction,
            valid_fraction: self.valid_fraction,
            split_date: self.split_date.clone(),
            seed: self.seed,
            features: self.features.clone(),
            encoding: self.encoding.clone(),
            scaling: self.scaling.clone(),
            keep_top_k: self.keep_top_k.map(|k| Some(k as usize)),
            rank_by: self.rank_by.clone(),
            resampling: self.resampling.clone(),
            allow_leaky: self.allow_leaky.clone(),
            leakage_guard: self.no_guard.map(|off| !off),
            exclude_records_change: self.include_2024.map(|include| !include),
            class_weights: self.class_weights,
            filters: self.filters.chosen(),
            ..Choices::default()
        })
    }
}

/// Runs `features`.
pub fn run(args: &FeaturesArgs, threads: usize) -> Result<()> {
    let config = args.features.choices()?.features()?;
    let loaded = args.input.load(threads)?;
    let prepared = prepare(&loaded.dataset, &config)?;
    if args.input.json {
        return print_json(&prepared.summary);
    }
    print_summary(&prepared.summary);
    Ok(())
}

fn print_summary(s: &FeatureSummary) {
    println!("question: {}", s.question_label);
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
    if let Some(filter) = &s.row_filter {
        println!("trained on the filtered rows: {filter} ({} rows left out)", s.dropped.filtered);
    }
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
