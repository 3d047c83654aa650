//! The typed, columnar dataset.

use serde::{Deserialize, Serialize};

use super::column::{Column, ColumnData, MISSING_INT};
use super::date;
use super::schema::{Kind, Official};
use super::skipped::SkipReport;

/// A loaded export: typed columns of equal length, plus what was set aside while parsing.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub(super) columns: Vec<Column>,
    pub(super) rows: usize,
    pub(super) skipped: SkipReport,
    /// Lines of the file this dataset (or part) covered, header included for the first part.
    pub(super) lines: u64,
    pub(super) absent: Vec<Official>,
}

/// A page of rows formatted for display.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Index of the first row shown.
    pub offset: usize,
    /// Total rows in the dataset.
    pub total: usize,
    /// Column names.
    pub columns: Vec<String>,
    /// One vector of display strings per row.
    pub rows: Vec<Vec<String>>,
}

impl Dataset {
    /// Assembles a dataset from parsed columns.
    pub(crate) fn from_parts(
        columns: Vec<Column>,
        rows: usize,
        skipped: SkipReport,
        lines: u64,
        absent: Vec<Official>,
    ) -> Dataset {
        debug_assert!(columns.iter().all(|c| c.data.len() == rows));
        Dataset { columns, rows, skipped, lines, absent }
    }

    /// Joins the parts of one file, parsed separately, in file order.
    ///
    /// Text dictionaries are merged, and an extra column typed differently by different parts
    /// is widened to the kind that holds them all.
    pub fn concat(parts: Vec<Dataset>) -> Dataset {
        let mut parts = parts.into_iter();
        let Some(mut out) = parts.next() else {
            return Dataset::default();
        };
        for part in parts {
            let line_offset = out.lines;
            out.skipped.merge(part.skipped, line_offset);
            out.lines += part.lines;
            out.rows += part.rows;
            for (mine, theirs) in out.columns.iter_mut().zip(part.columns) {
                mine.extend(theirs);
            }
        }
        out
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// All columns, in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column with this (exact) name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column holding an official field.
    pub fn official(&self, official: Official) -> Option<&Column> {
        self.columns.iter().find(|c| c.official == Some(official))
    }

    /// Official columns that the file did not have.
    pub fn absent(&self) -> &[Official] {
        &self.absent
    }

    /// Rows set aside while parsing.
    pub fn skipped(&self) -> &SkipReport {
        &self.skipped
    }

    /// Approximate heap bytes held by the columns.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(|c| c.data.heap_bytes() + c.name.len()).sum()
    }

    /// First and last `DATE OCC`, as day numbers.
    pub fn date_range(&self) -> Option<(i32, i32)> {
        let ColumnData::Date(days) = &self.official(Official::DateOcc)?.data else {
            return None;
        };
        let mut present = days.iter().copied().filter(|&d| d != MISSING_INT);
        let first = present.next()?;
        Some(present.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }

    /// Rows `offset..offset + limit` formatted for display.
    pub fn page(&self, offset: usize, limit: usize) -> Page {
        let offset = offset.min(self.rows);
        let end = (offset + limit).min(self.rows);
        Page {
            offset,
            total: self.rows,
            columns: self.columns.iter().map(|c| c.name.clone()).collect(),
            rows: (offset..end).map(|r| self.columns.iter().map(|c| c.data.format(r)).collect()).collect(),
        }
    }

    /// Kind of each column (for summaries).
    pub fn kinds(&self) -> Vec<Kind> {
        self.columns.iter().map(|c| c.data.kind()).collect()
    }

    /// Formats a day number of this dataset as `YYYY-MM-DD`.
    pub fn format_day(day: i32) -> String {
        date::format_iso(day)
    }

    /// Lines of the file this dataset (or part) covered, header included for the first part.
    pub(crate) fn lines(&self) -> u64 {
        self.lines
    }
}
