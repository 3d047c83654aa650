//! `crimelab load FILE`: parse the export and print the dataset card.

use anyhow::{Context, Result};

use super::{print_json, Args};
use crate::core::data::{load_path, DatasetCard};

/// Runs `load`.
pub fn run(args: &Args) -> Result<()> {
    args.only(&["threads"])?;
    let loaded = load_path(&args.file, args.threads()?)
        .with_context(|| format!("cannot load {}", args.file.display()))?;
    if args.json {
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
    for r in &card.skipped_reasons {
        println!("skipped {} rows: {} (lines {:?})", r.count, r.reason, r.lines);
    }
    for w in &card.warnings {
        println!("note: {w}");
    }
}
