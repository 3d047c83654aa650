//! `crimelab profile FILE`: column profiles and the dashboard aggregates.
//!
//! ```text
//! crimelab profile FILE [--json] [--threads N] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//!                  [--divisions 1,8,12] [--crime-types "510;BURGLARY"] [--top N]
//!                  [--sample N] [--seed S]
//! ```
//!
//! With `--json` it prints `{"rows", "rows_selected", "filters", "profile", "dashboard",
//! "profile_ms", "dashboard_ms"}`. `--crime-types` takes `;`-separated `Crm Cd` codes or exact
//! `Crm Cd Desc` texts (descriptions contain commas).

use anyhow::{bail, Context, Result};
use serde::Serialize;

use super::{print_json, Args};
use crate::core::data::load_path;
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

/// Builds the filters from the command-line options.
pub fn filters(args: &Args) -> Result<Filters> {
    let mut f = Filters {
        date_from: args.options.get("from").cloned(),
        date_to: args.options.get("to").cloned(),
        ..Filters::default()
    };
    if let Some(list) = args.options.get("divisions") {
        for d in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let code: i32 = d.parse().with_context(|| format!("--divisions: {d:?} is not an AREA code"))?;
            if !(1..=21).contains(&code) {
                bail!("--divisions: AREA codes run from 1 to 21, not {code}");
            }
            f.divisions.push(code);
        }
    }
    if let Some(list) = args.options.get("crime-types") {
        for t in list.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match t.parse::<i32>() {
                Ok(code) => f.crime_codes.push(code),
                Err(_) => f.crime_descs.push(t.to_owned()),
            }
        }
    }
    Ok(f)
}

/// Runs `profile`.
pub fn run(args: &Args) -> Result<()> {
    args.only(&["threads", "from", "to", "divisions", "crime-types", "top", "sample", "seed"])?;
    let filters = filters(args)?;
    let defaults = Options::default();
    let options = Options {
        top_n: args.get("top", defaults.top_n)?,
        sample_size: args.get("sample", defaults.sample_size)?,
        seed: args.get("seed", defaults.seed)?,
        ..defaults
    };
    let loaded = load_path(&args.file, args.threads()?)
        .with_context(|| format!("cannot load {}", args.file.display()))?;
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
    if args.json {
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
