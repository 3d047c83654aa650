//! Rows set aside while parsing, with the reasons.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How many example line numbers are kept per reason.
const EXAMPLES: usize = 5;

/// Why rows were skipped, how many, and the first few line numbers of each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkipReport {
    /// Reason → count and example lines.
    pub reasons: BTreeMap<String, SkipReason>,
}

/// One reason rows were skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkipReason {
    /// Rows skipped for this reason.
    pub count: u64,
    /// 1-based line numbers of the first few.
    pub lines: Vec<u64>,
}

impl SkipReport {
    /// Records one skipped row.
    pub fn add(&mut self, reason: &str, line: u64) {
        let entry = self.reasons.entry(reason.to_owned()).or_default();
        entry.count += 1;
        if entry.lines.len() < EXAMPLES {
            entry.lines.push(line);
        }
    }

    /// Total rows skipped.
    pub fn total(&self) -> u64 {
        self.reasons.values().map(|r| r.count).sum()
    }

    /// Adds another report whose line numbers are offset by `line_offset`.
    pub fn merge(&mut self, other: SkipReport, line_offset: u64) {
        for (reason, r) in other.reasons {
            let entry = self.reasons.entry(reason).or_default();
            entry.count += r.count;
            for line in r.lines {
                if entry.lines.len() < EXAMPLES {
                    entry.lines.push(line + line_offset);
                }
            }
        }
    }

    /// Removes one row from a reason (used when a ragged row turns out to be a truncated end).
    pub(crate) fn remove_one(&mut self, reason: &str, line: u64) {
        if let Some(entry) = self.reasons.get_mut(reason) {
            entry.count -= 1;
            entry.lines.retain(|&l| l != line);
            if entry.count == 0 {
                self.reasons.remove(reason);
            }
        }
    }
}
