//! `crimelab`: Crime Lab's native command line, the benchmark and reproducibility harness.
//!
//! ```text
//! crimelab load FILE [--json] [--threads N]
//! ```
//!
//! With `--json` each command prints one JSON object on stdout and exits 0; on bad input it
//! prints a clear message on stderr and exits non-zero.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use anyhow::{bail, Context, Result};
    use crimelab::core::data::{load_path, DatasetCard};

    const USAGE: &str = "usage: crimelab load FILE [--json] [--threads N]";

    /// Arguments as given, before validation.
    struct Args {
        command: String,
        file: PathBuf,
        json: bool,
        threads: usize,
    }

    pub fn main() -> ExitCode {
        match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("crimelab: {err:#}");
                ExitCode::from(2)
            }
        }
    }

    fn parse_args() -> Result<Args> {
        let mut raw = std::env::args().skip(1);
        let command = raw.next().context(USAGE)?;
        let mut file = None;
        let mut json = false;
        let mut threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        while let Some(arg) = raw.next() {
            match arg.as_str() {
                "--json" => json = true,
                "--threads" => {
                    threads = raw.next().context("--threads needs a number")?.parse().context("--threads needs a number")?
                }
                "-h" | "--help" => bail!("{USAGE}"),
                flag if flag.starts_with("--") => bail!("unknown option {flag}\n{USAGE}"),
                path if file.is_none() => file = Some(PathBuf::from(path)),
                extra => bail!("unexpected argument {extra}\n{USAGE}"),
            }
        }
        Ok(Args { command, file: file.context(USAGE)?, json, threads })
    }

    fn run() -> Result<()> {
        let args = parse_args()?;
        match args.command.as_str() {
            "load" => {
                let loaded = load_path(&args.file, args.threads)
                    .with_context(|| format!("cannot load {}", args.file.display()))?;
                print_card(&loaded.card, args.json)
            }
            other => bail!("unknown command {other}\n{USAGE}"),
        }
    }

    fn print_card(card: &DatasetCard, json: bool) -> Result<()> {
        if json {
            println!("{}", serde_json::to_string_pretty(card)?);
            return Ok(());
        }
        println!("{}: {} rows × {} columns", card.file_name, card.rows, card.columns);
        println!(
            "DATE OCC {} to {}",
            card.date_min.as_deref().unwrap_or("?"),
            card.date_max.as_deref().unwrap_or("?")
        );
        println!("parsed in {:.0} ms ({:.0} MB/s), {:.1} MB in memory", card.parse_ms, card.mb_per_s, card.memory_bytes as f64 / 1e6);
        for r in &card.skipped_reasons {
            println!("skipped {} rows: {} (lines {:?})", r.count, r.reason, r.lines);
        }
        for w in &card.warnings {
            println!("note: {w}");
        }
        Ok(())
    }
}
