//! The dataset card: what the user sees (and the CLI prints) after a load.

use serde::{Deserialize, Serialize};

use super::append::SourceFile;
use super::dataset::Dataset;
use super::date;
use super::schema::Kind;

/// Most warnings a card lists: a file with hundreds of columns gets a short list ending with
/// how many more there are.
pub const MAX_WARNINGS: usize = 10;

/// A summary of a loaded dataset. Serialised with the CLI's JSON keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DatasetCard {
    /// Name of the file loaded.
    pub file_name: String,
    /// Its size in bytes.
    pub file_bytes: u64,
    /// Data rows kept.
    pub rows: usize,
    /// Number of columns.
    pub columns: usize,
    /// First `DATE OCC` (`YYYY-MM-DD`).
    pub date_min: Option<String>,
    /// Last `DATE OCC` (`YYYY-MM-DD`).
    pub date_max: Option<String>,
    /// Rows set aside.
    pub skipped: u64,
    /// Why rows were set aside.
    pub skipped_reasons: Vec<SkippedReason>,
    /// Per-column name, kind, missing and invalid counts.
    pub column_info: Vec<ColumnInfo>,
    /// Time from start of reading to dataset ready, in milliseconds.
    pub parse_ms: f64,
    /// Parsing throughput in MB/s (10⁶ bytes).
    pub mb_per_s: f64,
    /// Heap bytes the columns hold.
    pub memory_bytes: u64,
    /// Where the load time went, by stage (milliseconds).
    pub stages_ms: std::collections::BTreeMap<String, f64>,
    /// Things the user should know (absent optional columns, invalid values, bad encoding).
    pub warnings: Vec<String>,
    /// The files the dataset was read from, in the order they were added (one for a plain
    /// load), with the rows each added and the duplicates each dropped.
    #[serde(default)]
    pub sources: Vec<SourceFile>,
}

/// One skip reason on the card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkippedReason {
    /// Why.
    pub reason: String,
    /// How many rows.
    pub count: u64,
    /// First few 1-based line numbers.
    pub lines: Vec<u64>,
}

/// One column on the card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// Storage kind.
    pub kind: Kind,
    /// Whether it is one of the 28 official columns.
    pub official: bool,
    /// Missing values.
    pub missing: usize,
    /// Values that could not be parsed (stored as missing).
    pub invalid: u64,
    /// Distinct values, for text columns.
    pub distinct: Option<usize>,
}

impl DatasetCard {
    /// Summarises `dataset`, loaded from `file_name` (`file_bytes` long) in `parse_ms`.
    pub fn new(dataset: &Dataset, file_name: &str, file_bytes: u64, parse_ms: f64) -> DatasetCard {
        let range = dataset.date_range();
        let mut warnings = Vec::new();
        if !dataset.absent().is_empty() {
            let names: Vec<&str> = dataset.absent().iter().map(|o| o.name()).collect();
            warnings.push(format!("Optional columns not in the file: {}.", names.join(", ")));
        }
        let column_info: Vec<ColumnInfo> = dataset
            .columns()
            .iter()
            .map(|c| {
                let distinct = match &c.data {
                    super::column::ColumnData::Category { dict, .. } => {
                        if dict.invalid_utf8() > 0 {
                            warnings.push(format!(
                                "{}: {} values were not valid UTF-8 and were read with replacement characters.",
                                c.name,
                                dict.invalid_utf8()
                            ));
                        }
                        Some(dict.len())
                    }
                    _ => None,
                };
                if c.invalid > 0 {
                    warnings.push(format!(
                        "{}: {} values were not valid {} and are treated as missing.",
                        c.name,
                        c.invalid,
                        c.data.kind().label()
                    ));
                }
                ColumnInfo {
                    name: c.name.clone(),
                    kind: c.data.kind(),
                    official: c.official.is_some(),
                    missing: c.data.missing_count(),
                    invalid: c.invalid,
                    distinct,
                }
            })
            .collect();
        if warnings.len() > MAX_WARNINGS {
            let more = warnings.len() - (MAX_WARNINGS - 1);
            warnings.truncate(MAX_WARNINGS - 1);
            warnings.push(format!("And {more} more notes like these on other columns."));
        }
        if dataset.rows() == 0 {
            warnings.push("No rows could be read from the file.".to_owned());
        }
        DatasetCard {
            file_name: file_name.to_owned(),
            file_bytes,
            rows: dataset.rows(),
            columns: dataset.columns().len(),
            date_min: range.map(|r| date::format_iso(r.0)),
            date_max: range.map(|r| date::format_iso(r.1)),
            skipped: dataset.skipped().total(),
            skipped_reasons: dataset
                .skipped()
                .reasons
                .iter()
                .map(|(reason, r)| SkippedReason {
                    reason: reason.clone(),
                    count: r.count,
                    lines: r.lines.clone(),
                })
                .collect(),
            column_info,
            parse_ms,
            mb_per_s: if parse_ms > 0.0 { file_bytes as f64 / 1e6 / (parse_ms / 1e3) } else { 0.0 },
            memory_bytes: dataset.heap_bytes() as u64,
            stages_ms: Default::default(),
            warnings,
            sources: vec![SourceFile {
                file_name: file_name.to_owned(),
                file_bytes,
                rows: dataset.rows(),
                duplicates: 0,
                skipped: dataset.skipped().total(),
            }],
        }
    }
}
