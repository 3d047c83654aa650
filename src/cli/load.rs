//! `crimelab load FILE`: parse the export and print the dataset card.
//!
//! ```sh
//! crimelab load static/data/sample.csv --json
//! crimelab load static/data/sample.csv --threads 1
//! ```

use anyhow::Result;
use clap::Args;

use super::{print_json, Input};
use crate::core::data::DatasetCard;

/// Options of `crimelab load`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab load static/data/sample.csv --json
  crimelab load static/data/sample.csv --threads 1

With --json: rows, columns, date_min, date_max, skipped (rows set aside) and skipped_reasons,
parse_ms, memory_bytes, warnings, sources (each file: rows added, duplicates dropped)…")]
pub struct LoadArgs {
    /// The file and the output format.
    #[command(flatten)]
    pub input: Input,
}

/// Runs `load`.
pub fn run(args: &LoadArgs, threads: usize) -> Result<()> {
    let loaded = args.input.load(threads)?;
    if args.input.json {
        return print_json(&loaded.card);
    }
    print_card(&loaded.card);
    Ok(())
}

fn print_card(card: &DatasetCard) {
    println!("{}: {} rows × {} columns", card.file_name, card.rows, card.columns);
    println!(
        "DATE OCC {} to {}",
        card.date_min.as_deref().unwrap_or("?"),
        card.date_max.as_deref().unwrap_or("?")
    );
    println!(
        "parsed in {:.0} ms ({:.0} MB/s), {:.1} MB in memory",
        card.parse_ms,
        card.mb_per_s,
        card.memory_bytes as f64 / 1e6
    );
    if card.sources.len() > 1 {
        for s in &card.sources {
            println!("{}: {} rows added, {} already loaded and dropped", s.file_name, s.rows, s.duplicates);
        }
    }
    for r in &card.skipped_reasons {
        println!("skipped {} rows: {} (lines {:?})", r.count, r.reason, r.lines);
    }
    for w in &card.warnings {
        println!("note: {w}");
    }
}
