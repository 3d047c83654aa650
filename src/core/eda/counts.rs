//! Labelled counts: the data behind every bar chart.

use serde::{Deserialize, Serialize};

use super::selection::Selection;
use super::stats;
use crate::core::data::{Dictionary, MISSING_CODE};

/// A category and how many selected rows have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCount {
    /// Display label.
    pub label: String,
    /// Rows.
    pub count: u64,
}

impl LabelCount {
    /// A labelled count.
    pub fn new(label: impl Into<String>, count: u64) -> LabelCount {
        LabelCount { label: label.into(), count }
    }
}

/// The most frequent values of a text column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TopList {
    /// Column the values come from.
    pub column: String,
    /// Most frequent first.
    pub items: Vec<LabelCount>,
    /// Rows with any other (present) value.
    pub other: u64,
    /// Rows with no value.
    pub missing: u64,
    /// Distinct present values.
    pub distinct: u64,
    /// Selected rows.
    pub total: u64,
}

/// Counts per dictionary code over the selected rows, plus the missing count.
pub fn code_counts(codes: &[u32], dict: &Dictionary, sel: &Selection) -> (Vec<u32>, u64) {
    let mut counts = vec![0u32; dict.len()];
    let mut missing = 0u64;
    sel.for_each(|r| {
        let c = codes[r];
        if c == MISSING_CODE {
            missing += 1;
        } else {
            counts[c as usize] += 1;
        }
    });
    (counts, missing)
}

/// The `n` most frequent values of a text column over the selected rows.
pub fn top_list(column: &str, codes: &[u32], dict: &Dictionary, sel: &Selection, n: usize) -> TopList {
    let (counts, missing) = code_counts(codes, dict, sel);
    let top = stats::top_k(&counts, n);
    let items: Vec<LabelCount> =
        top.iter().map(|&i| LabelCount::new(dict.values()[i].clone(), counts[i] as u64)).collect();
    let shown: u64 = items.iter().map(|i| i.count).sum();
    let total = sel.len() as u64;
    TopList {
        column: column.to_owned(),
        other: total - missing - shown,
        missing,
        distinct: counts.iter().filter(|&&c| c > 0).count() as u64,
        total,
        items,
    }
}
