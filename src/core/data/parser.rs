//! The streaming parser: bytes in, typed columns out.
//!
//! [`parse_part`] reads one byte range of a file through any [`Read`] and appends each record's
//! fields straight into typed column buffers ([`ColumnBuilder`]): no per-field allocation, and
//! never more than [`MAX_RECORD_BYTES`] of one record held ([`RecordReader`]). Ranges let several
//! workers (threads natively, Web Workers in the browser) parse one file together.
//!
//! A part owns every record that starts in `[its first record, the first record start at or after
//! its end)`. The first part starts at the file's start; any other part guesses where its first
//! record starts ([`guess_start`]) and reports what it found ([`PartBounds`]), so that
//! [`reconcile`](super::reconcile::reconcile) can prove the parts tile the file exactly (quoted
//! line endings included) or name the part to parse again. Line numbers count from the part's
//! first record, and [`Dataset::concat`](super::Dataset::concat) offsets them by the lines of the
//! parts before, so the skip report is the same for any split.

use std::io::{Cursor, Read};

use super::boundary::guess_start;
use super::column::Column;
use super::column_builder::{bytes_per_value, ColumnBuilder};
use super::dataset::Dataset;
use super::field;
use super::limits::{MAX_RECORD_BYTES, OVERSIZED, RESERVE_BUDGET_BYTES};
use super::plan::ParsePlan;
use super::reconcile::PartBounds;
use super::records::RecordReader;
use super::skipped::SkipReport;
use crate::core::error::{ErrorKind, Result};

/// Reason recorded for a row with the wrong number of fields.
pub const RAGGED: &str = "wrong number of fields";
/// Reason recorded for an incomplete final row.
pub const TRUNCATED: &str = "truncated last line";

/// Rows between two progress callbacks.
pub const PROGRESS_EVERY: u64 = 1 << 15;

/// Bytes a part reads ahead to guess where its first record starts: enough to see the end of
/// the longest record kept and a few records after it.
pub const GUESS_WINDOW: u64 = MAX_RECORD_BYTES + (64 << 10);

/// The byte range a worker parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// First byte of the range.
    pub start: u64,
    /// One past the last byte of the range.
    pub end: u64,
    /// Size of the whole file (`u64::MAX` when unknown: a stream parsed as one part).
    pub file_len: u64,
    /// Whether `start` is known to be where a record starts (the file's start, or a boundary
    /// found by [`reconcile`](super::reconcile::reconcile)); otherwise the parser guesses the
    /// first record at or after it.
    pub exact: bool,
}

impl Part {
    /// Splits a file of `file_len` bytes into `n` ranges of about equal size.
    pub fn split(file_len: u64, n: usize) -> Vec<Part> {
        let n = n.max(1) as u64;
        Part::at_offsets(file_len, &(1..n).map(|i| file_len * i / n).collect::<Vec<_>>())
    }

    /// Splits a file of `file_len` bytes at the given offsets (increasing, inside the file).
    pub fn at_offsets(file_len: u64, cuts: &[u64]) -> Vec<Part> {
        let bounds: Vec<u64> = std::iter::once(0).chain(cuts.iter().copied()).chain([file_len]).collect();
        bounds.windows(2).map(|w| Part { start: w[0], end: w[1], file_len, exact: w[0] == 0 }).collect()
    }

    /// The whole of a file of `file_len` bytes (`u64::MAX`: unknown) as one part.
    pub fn whole(file_len: u64) -> Part {
        Part { start: 0, end: file_len, file_len, exact: true }
    }

    /// The part `nominal`, parsed from `boundary`, a known record start.
    pub fn at_boundary(boundary: u64, nominal: Part) -> Part {
        Part { start: boundary, exact: true, ..nominal }
    }

    /// Where the reader handed to [`parse_part`] must start: at `start` when it is exact, else
    /// one byte before (so a range that begins exactly at a record start is recognised).
    pub fn read_from(&self) -> u64 {
        if self.exact {
            self.start
        } else {
            self.start.saturating_sub(1)
        }
    }

    /// Bytes of the nominal range.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the nominal range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Progress of one part: bytes consumed within the part and rows parsed so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartProgress {
    /// Bytes of the range consumed.
    pub bytes: u64,
    /// Data rows parsed.
    pub rows: u64,
}

/// A parsed part and where it really began and ended.
#[derive(Debug, Clone)]
pub struct ParsedPart {
    /// Its rows.
    pub dataset: Dataset,
    /// Its record boundaries, for [`reconcile`](super::reconcile::reconcile).
    pub bounds: PartBounds,
}

/// Parses the records of `part` from `reader`, which must be positioned at
/// [`Part::read_from`]. `progress` is called every [`PROGRESS_EVERY`] rows; returning `false`
/// cancels the parse.
pub fn parse_part<R: Read>(
    mut reader: R,
    plan: &ParsePlan,
    part: Part,
    progress: &mut dyn FnMut(PartProgress) -> bool,
) -> Result<ParsedPart> {
    let ncols = plan.slots.len();
    let mut window = Vec::new();
    let first = if part.exact {
        part.start
    } else {
        let from = part.read_from();
        let want = GUESS_WINDOW.min(part.file_len.saturating_sub(from));
        (&mut reader).take(want).read_to_end(&mut window)?;
        let reaches_eof = (window.len() as u64) < want || from + window.len() as u64 >= part.file_len;
        match guess_start(&window, from, reaches_eof, ncols, plan.delimiter) {
            Some(first) => {
                window.drain(..(first - from) as usize);
                first
            }
            None => {
                let bounds = PartBounds { start: None, end: part.end };
                return Ok(ParsedPart { dataset: empty(plan), bounds });
            }
        }
    };
    let mut records = RecordReader::new(Cursor::new(window).chain(reader), plan.delimiter, first);
    let mut builders: Vec<ColumnBuilder> = {
        let capacity = reserve_rows(plan, part);
        plan.slots.iter().map(|s| ColumnBuilder::new(s.official, s.kind, capacity)).collect()
    };
    let mut skipped = SkipReport::default();
    let mut first_record = true;
    let mut rows: u64 = 0;
    let mut next_report = PROGRESS_EVERY;
    let mut last_short: Option<u64> = None; // line of the last row if it was short
    let stops_early = part.end < part.file_len;
    let (end, at_eof) = loop {
        let Some(start) = records.next_start()? else {
            break (records.offset(), true);
        };
        if start >= part.end && stops_early {
            break (start, false);
        }
        let meta = records.read()?;
        if std::mem::take(&mut first_record) && meta.start == plan.header_start {
            continue; // the header: only ever a part's first record
        }
        last_short = None;
        if meta.oversized {
            skipped.add(OVERSIZED, meta.line);
            continue;
        }
        let len = meta.fields;
        if len != ncols {
            let only_trailing_blanks =
                len > ncols && (ncols..len).all(|i| field::trim(records.field(i)).is_empty());
            if !only_trailing_blanks {
                if len == 1 && field::trim(records.field(0)).is_empty() {
                    continue; // a line of blanks
                }
                skipped.add(RAGGED, meta.line);
                if len < ncols {
                    last_short = Some(meta.line);
                }
                continue;
            }
        }
        for (i, builder) in builders.iter_mut().enumerate() {
            builder.push(records.field(i));
        }
        rows += 1;
        if rows >= next_report {
            next_report += PROGRESS_EVERY;
            let bytes = records.offset().min(part.end).saturating_sub(part.start);
            if !progress(PartProgress { bytes, rows }) {
                return Err(ErrorKind::Cancelled.into());
            }
        }
    };
    if let (Some(line), true) = (last_short, at_eof) {
        // The file's last row was short: it was cut off, not ragged.
        skipped.remove_one(RAGGED, line);
        skipped.add(TRUNCATED, line);
    }
    progress(PartProgress { bytes: part.len(), rows });
    let lines = records.line() - 1;
    let columns = plan
        .slots
        .iter()
        .zip(builders)
        .map(|(slot, b)| {
            let mut data = b.data;
            data.shrink_to_fit();
            Column { name: slot.name.clone(), official: slot.official, data, invalid: b.invalid }
        })
        .collect();
    let dataset = Dataset::from_parts(columns, rows as usize, skipped, lines, plan.absent.clone());
    Ok(ParsedPart { dataset, bounds: PartBounds { start: Some(first), end } })
}

/// A part with no rows (its columns typed as planned).
fn empty(plan: &ParsePlan) -> Dataset {
    let columns = plan
        .slots
        .iter()
        .map(|s| {
            let b = ColumnBuilder::new(s.official, s.kind, 0);
            Column { name: s.name.clone(), official: s.official, data: b.data, invalid: 0 }
        })
        .collect();
    Dataset::from_parts(columns, 0, SkipReport::default(), 0, plan.absent.clone())
}

/// Rows to reserve room for: the part's bytes over the head's bytes per row (a row takes at
/// least a byte per field), never more than [`RESERVE_BUDGET_BYTES`] of columns.
fn reserve_rows(plan: &ParsePlan, part: Part) -> usize {
    if part.file_len == u64::MAX {
        return 1 << 12;
    }
    let row_bytes = plan.bytes_per_row.max(plan.slots.len() as f64).max(16.0);
    let rows = (part.len() as f64 / row_bytes * 1.02) as usize + 16;
    let memory_per_row: usize = plan.slots.iter().map(|s| bytes_per_value(s.kind)).sum();
    rows.min(RESERVE_BUDGET_BYTES / memory_per_row.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::plan::Slot;
    use crate::core::data::schema::Kind;

    fn plan(columns: usize, kind: Kind, bytes_per_row: f64) -> ParsePlan {
        let slots = (0..columns).map(|i| Slot { name: format!("c{i}"), official: None, kind }).collect();
        ParsePlan {
            delimiter: b',',
            slots,
            header_start: 0,
            header_bytes: 0,
            bytes_per_row,
            absent: Vec::new(),
        }
    }

    #[test]
    fn the_reservation_stays_within_its_budget_whatever_the_estimate() {
        let huge = Part { start: 0, end: 1_500_000_000, file_len: 1_500_000_000, exact: true };
        for (columns, kind, per_row) in
            [(1000, Kind::Float, 16.0), (28, Kind::Int, 1.0), (1, Kind::CodeList, 0.0)]
        {
            let p = plan(columns, kind, per_row);
            let bytes = reserve_rows(&p, huge) * columns * bytes_per_value(kind);
            assert!(bytes <= RESERVE_BUDGET_BYTES, "{columns} {kind:?}: {bytes}");
        }
        // The export's shape is reserved in full: no regrowth while parsing.
        let export = plan(28, Kind::Int, 253.0);
        let part = Part { start: 0, end: 127_000_000, file_len: 254_000_000, exact: true };
        assert!(reserve_rows(&export, part) > 127_000_000 / 253);
        // A row takes at least a byte per field, whatever the head says.
        assert!(reserve_rows(&plan(1000, Kind::Int, 16.0), part) <= 127_000_000 / 1000 * 2);
    }
}
