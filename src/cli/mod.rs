//! The `crimelab` command line (native only): raw arguments → validated options → core calls.
//!
//! ```text
//! crimelab load     FILE [--json] [--threads N]
//! crimelab features FILE [--target T] [--split time|random] [--json] [options]
//! crimelab profile  FILE [--json] [--threads N] [--from D] [--to D] [--divisions L] …
//! crimelab train    FILE --model gbdt|logreg|… [--predictions OUT.csv] [features options] [--json]
//! ```
//!
//! Every command prints one JSON object on stdout with `--json` and exits 0; on bad input it
//! prints a clear message on stderr and exits non-zero. Each command lives in its own module.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod features;
mod load;
mod profile;
mod train;

/// Usage text.
pub const USAGE: &str = "\
usage: crimelab <command> FILE [options]

commands:
  load FILE      parse the export and print the dataset card
  features FILE  build the training matrix and print its summary
  train FILE     train a model (--model gbdt|logreg|…) and evaluate it on held-out rows
                 (--target crime-group|part-1-2|arrest|division|COLUMN, --split time|random,
                  --seed N, --features a,b,column:X, --encoding, --scaling, --keep-top-k K,
                  --allow-leaky a,b, --include-2024 true, --class-weights true, --config F)
  profile FILE   column profiles and dashboard aggregates
options:
  --json         print one JSON object on stdout
  --threads N    parser threads (default: all cores)
profile options:
  --from DATE --to DATE       DATE OCC range (YYYY-MM-DD, inclusive)
  --divisions 1,8,12          AREA codes
  --crime-types \"510;BURGLARY\" Crm Cd codes or Crm Cd Desc texts, ;-separated
  --top N --sample N --seed S top-N size, association sample size and seed";

/// Arguments as given: the command, the input file, `--json`, and every other `--key value`.
#[derive(Debug, Clone)]
pub struct Args {
    /// The subcommand.
    pub command: String,
    /// The input file.
    pub file: PathBuf,
    /// Whether to print JSON.
    pub json: bool,
    /// Other options, by name without dashes.
    pub options: BTreeMap<String, String>,
}

impl Args {
    /// Parses raw arguments (without the program name).
    pub fn parse(raw: impl IntoIterator<Item = String>) -> Result<Args> {
        let mut raw = raw.into_iter();
        let command = raw.next().context(USAGE)?;
        if command == "-h" || command == "--help" {
            bail!("{USAGE}");
        }
        let mut file = None;
        let mut json = false;
        let mut options = BTreeMap::new();
        while let Some(arg) = raw.next() {
            if arg == "--json" {
                json = true;
            } else if let Some(name) = arg.strip_prefix("--") {
                let value = raw.next().with_context(|| format!("--{name} needs a value"))?;
                options.insert(name.to_owned(), value);
            } else if file.is_none() {
                file = Some(PathBuf::from(arg));
            } else {
                bail!("unexpected argument {arg}\n{USAGE}");
            }
        }
        Ok(Args { command, file: file.context(USAGE)?, json, options })
    }

    /// An option parsed as `T`, or `default` when absent.
    pub fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T> {
        match self.options.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| anyhow::anyhow!("--{name}: cannot use {v:?}")),
        }
    }

    /// Fails on options the command does not know.
    pub fn only(&self, known: &[&str]) -> Result<()> {
        for name in self.options.keys() {
            if !known.contains(&name.as_str()) {
                bail!("unknown option --{name} for {}\n{USAGE}", self.command);
            }
        }
        Ok(())
    }

    /// Number of parser threads.
    pub fn threads(&self) -> Result<usize> {
        self.get("threads", std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    match Args::parse(std::env::args().skip(1)).and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crimelab: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command.
pub fn run(args: &Args) -> Result<()> {
    match args.command.as_str() {
        "load" => load::run(args),
        "features" => features::run(args),
        "train" => train::run(args),
        "profile" => profile::run(args),
        other => bail!("unknown command {other}\n{USAGE}"),
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
