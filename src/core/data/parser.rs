//! The streaming parser: bytes in, typed columns out.
//!
//! [`parse_part`] reads one byte range of a file through any [`Read`] and appends each record's
//! fields straight into typed column buffers: no per-field allocation, one reused
//! [`csv::ByteRecord`]. Ranges let several workers (threads natively, Web Workers in the
//! browser) parse one file together; [`Dataset::concat`](super::Dataset::concat) joins their parts.
//!
//! A range `[start, end)` owns every record whose first byte lies in it. A worker whose range
//! starts mid-line skips to the next line start; a worker whose range ends mid-record finishes
//! that record. Records therefore must not contain raw newlines inside quotes when a file is
//! split (the LA export never does); a single-range parse has no such limit.

use std::io::{BufRead, BufReader, Read};

use super::column::{promote, Column, ColumnData, MISSING_INT};
use super::dataset::Dataset;
use super::dictionary::MISSING_CODE;
use super::field;
use super::plan::ParsePlan;
use super::schema::{Kind, Official};
use super::skipped::SkipReport;
use crate::core::error::{ErrorKind, Result};

/// Reason recorded for a row with the wrong number of fields.
pub const RAGGED: &str = "wrong number of fields";
/// Reason recorded for an incomplete final row.
pub const TRUNCATED: &str = "truncated last line";

/// Rows between two progress callbacks.
pub const PROGRESS_EVERY: u64 = 1 << 15;

/// The byte range a worker parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// First byte of the range.
    pub start: u64,
    /// One past the last byte of the range.
    pub end: u64,
    /// Size of the whole file.
    pub file_len: u64,
}

impl Part {
    /// Splits a file of `file_len` bytes into `n` ranges of about equal size.
    pub fn split(file_len: u64, n: usize) -> Vec<Part> {
        let n = n.max(1) as u64;
        (0..n).map(|i| Part { start: file_len * i / n, end: file_len * (i + 1) / n, file_len }).collect()
    }

    /// Where the reader handed to [`parse_part`] must start: one byte before the range (so a
    /// range that begins exactly at a line start is recognised), or 0.
    pub fn read_from(&self) -> u64 {
        self.start.saturating_sub(1)
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

/// Parses the records of `part` from `reader`, which must be positioned at
/// [`Part::read_from`]. `progress` is called every [`PROGRESS_EVERY`] rows; returning `false`
/// cancels the parse.
pub fn parse_part<R: Read>(
    reader: R,
    plan: &ParsePlan,
    part: Part,
    progress: &mut dyn FnMut(PartProgress) -> bool,
) -> Result<Dataset> {
    let mut input = BufReader::with_capacity(1 << 16, reader);
    let mut offset = part.read_from();
    if part.start > 0 {
        // Skip to the first line start at or after `part.start`.
        let mut skipped = Vec::new();
        offset += input.read_until(b'\n', &mut skipped)? as u64;
    }
    let first_line_is_header = part.start == 0;
    // Size buffers from the range and the head's bytes per row (unknown length: grow as needed).
    let capacity = if part.file_len == u64::MAX {
        1 << 12
    } else {
        ((part.end - part.start) as f64 / plan.bytes_per_row.max(16.0) * 1.02) as usize + 16
    };
    let mut builders: Vec<Builder> =
        plan.slots.iter().map(|s| Builder::new(s.official, s.kind, capacity)).collect();
    let mut skipped = SkipReport::default();
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(plan.delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let ncols = plan.slots.len();
    let mut rows: u64 = 0;
    let mut next_report = PROGRESS_EVERY;
    let mut pending_short: Option<u64> = None; // line of the last row if it was short
    let mut header_seen = !first_line_is_header;
    let lines_consumed: u64;
    let mut at_eof = false;
    loop {
        let pos_before = csv.position().clone();
        let record_start = offset + pos_before.byte();
        if record_start >= part.end && part.end < part.file_len {
            lines_consumed = pos_before.line() - 1;
            break;
        }
        if !csv.read_byte_record(&mut record)? {
            at_eof = true;
            lines_consumed = csv.position().line().saturating_sub(1);
            break;
        }
        let line = pos_before.line();
        if !header_seen {
            header_seen = true;
            continue;
        }
        pending_short = None;
        let len = record.len();
        if len != ncols {
            let only_trailing_blanks =
                len > ncols && record.iter().skip(ncols).all(|f| field::trim(f).is_empty());
            if !only_trailing_blanks {
                if len == 1 && field::trim(&record[0]).is_empty() {
                    continue; // blank line
                }
                skipped.add(RAGGED, line);
                if len < ncols {
                    pending_short = Some(line);
                }
                continue;
            }
        }
        for (builder, value) in builders.iter_mut().zip(record.iter()) {
            builder.push(value);
        }
        rows += 1;
        if rows >= next_report {
            next_report += PROGRESS_EVERY;
            let bytes = (offset + csv.position().byte()).min(part.end) - part.start.min(part.end);
            if !progress(PartProgress { bytes, rows }) {
                return Err(ErrorKind::Cancelled.into());
            }
        }
    }
    if let (Some(line), true) = (pending_short, at_eof) {
        // The file's last row was short: it was cut off, not ragged.
        skipped.remove_one(RAGGED, line);
        skipped.add(TRUNCATED, line);
    }
    progress(PartProgress { bytes: part.end - part.start, rows });
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
    Ok(Dataset::from_parts(columns, rows as usize, skipped, lines_consumed, plan.absent.clone()))
}

/// Appends fields of one column to its typed buffer.
struct Builder {
    data: ColumnData,
    official: Option<Official>,
    invalid: u64,
    zero_is_missing: bool,
    collapse: bool,
    scratch: Vec<u8>,
}

impl Builder {
    fn new(official: Option<Official>, kind: Kind, capacity: usize) -> Builder {
        Builder {
            data: ColumnData::with_capacity(kind, capacity),
            official,
            invalid: 0,
            zero_is_missing: official.is_some_and(Official::zero_is_missing),
            collapse: official.is_some_and(Official::collapses_blanks),
            scratch: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, raw: &[u8]) {
        let value = field::trim(raw);
        let ok = match &mut self.data {
            ColumnData::Int(v) => push_parsed(v, value, MISSING_INT, field::parse_i32),
            ColumnData::Date(v) => push_parsed(v, value, MISSING_INT, super::date::parse_date),
            ColumnData::Time(v) => push_parsed(v, value, MISSING_INT, field::parse_time_of_day),
            ColumnData::Float(v) => {
                let zero_missing = self.zero_is_missing;
                push_parsed(v, value, f64::NAN, |b| {
                    field::parse_float(b).map(|x| if zero_missing && x == 0.0 { f64::NAN } else { x })
                })
            }
            ColumnData::Category { codes, dict } => {
                let code = if value.is_empty() {
                    MISSING_CODE
                } else if self.collapse {
                    field::collapse_blanks(value, &mut self.scratch);
                    dict.intern(&self.scratch)
                } else {
                    dict.intern(value)
                };
                codes.push(code);
                true
            }
            ColumnData::CodeList { offsets, values } => {
                let ok = field::parse_code_list(value, values);
                offsets.push(values.len() as u32);
                ok
            }
        };
        if !ok {
            self.reject(value);
        }
    }

    /// A non-empty value did not parse: official columns store missing and count it; extra
    /// columns, whose kind was only a guess, widen to a kind that holds the value.
    #[cold]
    fn reject(&mut self, value: &[u8]) {
        if self.official.is_some() {
            self.invalid += 1;
            return;
        }
        let wider = match self.data.kind() {
            Kind::Int if field::parse_float(value).is_some() => Kind::Float,
            _ => Kind::Category,
        };
        let data = std::mem::replace(&mut self.data, ColumnData::Int(Vec::new()));
        let mut data = promote(data, wider);
        // Replace the missing placeholder pushed for this row with the real value.
        match &mut data {
            ColumnData::Float(v) => {
                *v.last_mut().expect("row pushed") = field::parse_float(value).unwrap_or(f64::NAN)
            }
            ColumnData::Category { codes, dict } => {
                *codes.last_mut().expect("row pushed") = dict.intern(value)
            }
            _ => unreachable!("promotion targets float or category"),
        }
        self.data = data;
    }
}

/// Pushes the parsed value, or the missing sentinel; returns false when a non-empty value
/// failed to parse.
#[inline]
fn push_parsed<T: Copy>(
    out: &mut Vec<T>,
    value: &[u8],
    missing: T,
    parse: impl Fn(&[u8]) -> Option<T>,
) -> bool {
    if value.is_empty() {
        out.push(missing);
        return true;
    }
    match parse(value) {
        Some(x) => {
            out.push(x);
            true
        }
        None => {
            out.push(missing);
            false
        }
    }
}
