//! The bundled sample (`static/data/sample.csv`, 12,954 real West LA incidents), read from disk
//! once per test binary: as bytes, as text, as the crate's [`Dataset`], and as plain CSV
//! records read with the `csv` crate, independently of the crate's loader.
//!
//! Tests that are about loading itself (the loader, the parse workers, hostile bytes) still call
//! the loader on [`sample_bytes`]; everything else takes [`sample`].

use std::sync::OnceLock;

use crimelab::core::data::{load_bytes, Dataset};

/// Where the bundled sample lives (absolute, so tests and the CLI can run from any folder).
pub fn sample_path() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/sample.csv")
}

/// The sample's bytes, read once.
pub fn sample_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(sample_path()).expect("the bundled sample is present"))
}

/// The sample as text (it is UTF-8).
pub fn sample_text() -> &'static str {
    std::str::from_utf8(sample_bytes()).expect("the bundled sample is UTF-8")
}

/// The sample loaded by the crate, once.
pub fn sample() -> &'static Dataset {
    static SAMPLE: OnceLock<Dataset> = OnceLock::new();
    SAMPLE.get_or_init(|| load_bytes(sample_bytes(), "sample.csv").expect("the sample loads").dataset)
}

/// The header and the first `rows` data lines of the sample, loaded as a file of their own
/// (a small slice for quick fits).
pub fn sample_head(rows: usize) -> Dataset {
    let text = sample_text();
    let end = text.match_indices('\n').nth(rows).map_or(text.len(), |(i, _)| i + 1);
    load_bytes(&text.as_bytes()[..end], "head.csv").expect("head loads").dataset
}

/// The sample's header line and its data lines `from..to`, as the text of a file of its own.
pub fn sample_slice(from: usize, to: usize) -> String {
    let mut lines = sample_text().lines();
    let header = lines.next().expect("header");
    let rows: Vec<&str> = lines.skip(from).take(to - from).collect();
    format!("{header}\n{}\n", rows.join("\n"))
}

/// The sample's header and records as the `csv` crate reads them: an independent reading to
/// check the loader's figures against.
pub struct SampleCsv {
    /// The header line's names.
    pub header: csv::StringRecord,
    /// Every data record, in file order.
    pub rows: Vec<csv::StringRecord>,
}

impl SampleCsv {
    /// Index of the column named `name` (surrounding spaces ignored); panics when absent.
    pub fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h.trim() == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    /// The trimmed values of column `name`, one per record.
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.col(name);
        self.rows.iter().map(move |r| r[i].trim())
    }
}

/// The sample read with the `csv` crate, once.
pub fn sample_csv() -> &'static SampleCsv {
    static CSV: OnceLock<SampleCsv> = OnceLock::new();
    CSV.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(sample_bytes());
        let header = reader.headers().expect("header").clone();
        let rows = reader.records().map(|r| r.expect("record")).collect();
        SampleCsv { header, rows }
    })
}
