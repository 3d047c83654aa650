//! `crimelab profile FILE`: column profiles and the dashboard aggregates.
//!
//! ```sh
//! crimelab profile static/data/sample.csv --json
//! crimelab profile static/data/sample.csv --from 2021-01-01 --to 2021-03-31 --crime-types "510;BURGLARY" --json
//! ```
//!
//! With `--json` it prints `{"rows", "rows_selected", "filters", "profile", "dashboard",
//! "profile_ms", "dashboard_ms"}`. `--crime-types` takes `;`-separated `Crm Cd` codes or exact
//! `Crm Cd Desc` texts (descriptions contain commas).

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::filters::FilterArgs;
use super::{print_json, Input};
use crate::core::eda::{self, Dashboard, Filters, Options, Profile};

/// The JSON printed by `profile --json`.
#[derive(Debug, Serialize)]
pub struct ProfileOutput {
    /// Rows in the file.
    pub rows: u64,
    /// Rows passing the filters.
    pub rows_selected: u64,
    /// The filters applied.
    pub filters: Filters,
    /// One profile per column.
    pub profile: Profile,
    /// The dashboard aggregates.
    pub dashboard: Dashboard,
    /// Time to profile, in ms.
    pub profile_ms: f64,
    /// Time to compute the dashboard, in ms.
    pub dashboard_ms: f64,
}

/// Options of `crimelab profile`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  crimelab profile static/data/sample.csv --json
  crimelab profile static/data/sample.csv --from 2021-01-01 --crime-types \"510;BURGLARY\" --json
  crimelab profile static/data/sample.csv --divisions 8 --top 5

With --json: rows, rows_selected, filters, profile (one entry per column), dashboard,
profile_ms, dashboard_ms.")]
pub struct ProfileArgs {
    /// The file and the output format.
    #[command(flatten)]
    pub input: Input,
    /// Date range, divisions, crime types.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Categories listed in the top-N charts.
    #[arg(long, value_name = "N", default_value_t = Options::default().top_n as u32, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub top: u32,
    /// Rows sampled for the association matrices.
    #[arg(long, value_name = "N", default_value_t = Options::default().sample_size as u32, value_parser = clap::value_parser!(u32).range(100..=1_000_000))]
    pub sample: u32,
    /// Seed of the association sample.
    #[arg(long, value_name = "S", default_value_t = Options::default().seed)]
    pub seed: u64,
}

impl ProfileArgs {
    /// The dashboard options chosen.
    pub fn options(&self) -> Options {
        Options {
            top_n: self.top as usize,
            sample_size: self.sample as usize,
            seed: self.seed,
            ..Options::default()
        }
    }
}

/// Runs `profile`.
pub fn run(args: &ProfileArgs, threads: usize) -> Result<()> {
    let filters = args.filters.filters();
    filters.validate()?;
    let options = args.options();
    options.validate()?;
    let loaded = args.input.load(threads)?;
    let ds = &loaded.dataset;
    let start = web_time::Instant::now();
    let profile = eda::profile(ds, &filters)?;
    let profile_ms = start.elapsed().as_secs_f64() * 1e3;
    let dashboard = eda::dashboard(ds, &filters, &options)?;
    let out = ProfileOutput {
        rows: ds.rows() as u64,
        rows_selected: profile.rows,
        filters,
        dashboard_ms: dashboard.compute_ms,
        profile,
        dashboard,
        profile_ms,
    };
    if args.input.json {
        return print_json(&out);
    }
    print_text(&out);
    Ok(())
}

fn print_text(out: &ProfileOutput) {
    println!(
        "{} of {} rows selected · profile {:.0} ms · dashboard {:.0} ms",
        out.rows_selected, out.rows, out.profile_ms, out.dashboard_ms
    );
    println!("{:<16} {:<12} {:>8} {:>9}  top value", "column", "kind", "missing", "distinct");
    for c in &out.profile.columns {
        let top = c.top.first().map(|t| format!("{} ({})", t.value, t.count)).unwrap_or_default();
        println!("{:<16} {:<12} {:>7.1}% {:>9}  {}", c.name, c.kind.label(), c.missing_pct, c.distinct, top);
        for a in &c.alerts {
            println!("{:<16} ! {}", "", a.message);
        }
    }
}
