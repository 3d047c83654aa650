//! The `crimelab` command line (native only), declared with clap: one module per command.
//!
//! ```sh
//! crimelab load static/data/sample.csv --json
//! crimelab train static/data/sample.csv --model tree --split random --json
//! ```
//!
//! Every command takes the export as `FILE` (or several exports with the same columns, read
//! as one dataset), prints one JSON object on stdout with `--json` and exits 0; on bad input (an unknown or misspelt option, a value out of its range, a
//! setting the core refuses) it prints a clear message on stderr and exits non-zero.
//! `--threads N` is accepted by every command; results never depend on it. Option values
//! listed by `--help` come from the core's lists ([`Listed`](crate::core::listed::Listed)),
//! and feature and model choices go through the same builder as the page's form
//! ([`Choices`](crate::core::choices::Choices)).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::core::data::{load_paths, Loaded};

pub mod features;
pub mod filters;
pub mod load;
pub mod predict;
pub mod profile;
pub mod train;
pub mod tune;
pub mod values;

/// Examples shown at the end of `crimelab --help` (each one is run by the tests).
const EXAMPLES: &str = "\
Examples:
  crimelab load static/data/sample.csv --json
  crimelab profile static/data/sample.csv --from 2021-01-01 --json
  crimelab features static/data/sample.csv --target part-1-2 --json
  crimelab train static/data/sample.csv --model tree --json
  crimelab train static/data/sample.csv --model naive-bayes --export-model model.json --json
  crimelab predict model.json static/data/sample.csv --json
  crimelab tune static/data/sample.csv --model naive-bayes --json

Run `crimelab <COMMAND> --help` for a command's options, their defaults and valid values.";

/// Crime Lab on the command line: load, profile, build features, train models and apply saved
/// ones on the LA crime export, printing the same results as the app.
#[derive(Debug, Parser)]
#[command(name = "crimelab", version, after_help = EXAMPLES)]
pub struct Cli {
    /// Threads that parse the file and train, predict, explain and tune (default: every
    /// core); results never depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse the export and print the dataset card (rows, columns, dates, skipped rows).
    Load(load::LoadArgs),
    /// Column profiles and the dashboard's aggregates, optionally filtered.
    Profile(profile::ProfileArgs),
    /// Build the training matrix (target, split, features, leakage guard) and print its summary.
    Features(features::FeaturesArgs),
    /// Train a model on the training rows and evaluate it on the held-out test rows.
    Train(train::TrainArgs),
    /// Apply a saved model (train --export-model, or the app's export) to a file: predict every
    /// row, and score the rows whose class is known.
    Predict(predict::PredictArgs),
    /// Search a model's key hyper-parameters as the page's Tune does and rank the candidates.
    Tune(tune::TuneArgs),
}

/// The input files and the output format, common to every command.
#[derive(Debug, Clone, Args)]
pub struct Input {
    /// The CSV export ("Crime Data from 2020 to Present", or a filtered or re-saved copy).
    /// Several exports with the same columns are read as one dataset: incidents already read
    /// from an earlier file (same DR_NO) are dropped and counted in `sources`.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object on stdout (progress and notes go to stderr).
    #[arg(long)]
    pub json: bool,
}

impl Input {
    /// Loads the files (one dataset, see [`load_paths`]) with `threads` parser threads.
    pub fn load(&self, threads: usize) -> Result<Loaded> {
        let names: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        load_paths(&self.files, threads).with_context(|| format!("cannot load {}", names.join(" + ")))
    }
}

impl Cli {
    /// Threads for parsing and training: `--threads`, or every core.
    pub fn threads(&self) -> usize {
        self.threads.map_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()), usize::from)
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crimelab: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: &Cli) -> Result<()> {
    let threads = cli.threads();
    match &cli.command {
        Command::Load(args) => load::run(args, threads),
        Command::Profile(args) => profile::run(args, threads),
        Command::Features(args) => features::run(args, threads),
        Command::Train(args) => train::run(args, threads),
        Command::Predict(args) => predict::run(args, threads),
        Command::Tune(args) => tune::run(args, threads),
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }
}
