//! The purpose-built files of `tests/data` (see its README and `make.py`), loaded once each.

use std::sync::OnceLock;

use crimelab::core::data::{load_bytes, Dataset};

/// Path of `tests/data/<name>`.
pub fn path(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Dataset {
    let bytes = std::fs::read(path(name)).unwrap_or_else(|e| panic!("tests/data/{name}: {e}"));
    load_bytes(&bytes, name).unwrap_or_else(|e| panic!("tests/data/{name} loads: {e}")).dataset
}

/// The real AREA codes and names of `several_divisions.csv`, most rows first, with their rows.
pub const DIVISION_ROWS: [(i32, &str, usize); 6] = [
    (8, "West LA", 360),
    (1, "Central", 288),
    (12, "77th Street", 216),
    (3, "Southwest", 72),
    (14, "Pacific", 72),
    (19, "Mission", 72),
];

/// `several_divisions.csv`: 1,080 sample rows spread over six divisions ([`DIVISION_ROWS`]),
/// official header.
pub fn several_divisions() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| load("several_divisions.csv"))
}

/// `records_change.csv`: 648 sample rows moved 171 weeks later, so that their dates run from
/// 2023-06-27 to 2024-11-09, across the 2024-03-07 records-system change; official header.
pub fn records_change() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| load("records_change.csv"))
}

/// A `tests/data` file read with the `csv` crate (independently of the crate's loader).
pub fn records(name: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path(name)).expect("fixture present");
    let header = reader.headers().expect("header").clone();
    (header, reader.records().map(|r| r.expect("record")).collect())
}
