//! Joining the encoded parts of one file straight into the final columns.
//!
//! Decoding each part and then [`Dataset::concat`]-ing them copies every value twice (into the
//! part's column, then into the growing joined column, which also reallocates). [`Joiner`] reads
//! every part's header first, sizes each joined column once for all the parts' rows, and copies
//! each part's blocks straight into their place: every value is copied once. Dictionaries and
//! code-list offsets are merged exactly as [`Dataset::concat`] merges them, so the result is the
//! same dataset. Parts whose columns differ in name or kind (an extra column typed differently
//! by different parts) are left to the decode-then-concat path ([`Joiner::start`] says so).

use super::column::{Column, ColumnData};
use super::dataset::Dataset;
use super::dictionary::{Dictionary, MISSING_CODE};
use super::skipped::SkipReport;
use super::wire::{self, BlockKind, Header};
use crate::core::error::Result;

/// The parts' headers, read before any block is copied.
#[derive(Default)]
pub struct Joiner {
    headers: Vec<Header>,
}

/// Joined columns being filled, part after part in file order.
pub struct Joining {
    headers: Vec<Header>,
    columns: Vec<Column>,
    /// Values filled so far in each column's one or two vectors.
    filled: Vec<[usize; 2]>,
    /// Rows of the parts filled so far.
    rows: usize,
    next: usize,
}

impl Joiner {
    /// A joiner with no parts yet.
    pub fn new() -> Joiner {
        Joiner::default()
    }

    /// Reads the header of the next part (in file order).
    pub fn add_header(&mut self, header: &[u8]) -> Result<()> {
        self.headers.push(wire::parse_header(header)?);
        Ok(())
    }

    /// Sizes the joined columns for every part's rows, or `None` when the parts' columns differ
    /// in name or kind (join them with [`Dataset::concat`] then).
    pub fn start(self) -> Result<Option<Joining>> {
        let Some(first) = self.headers.first() else {
            return Ok(None);
        };
        let same_shape = self.headers.iter().all(|h| {
            h.columns.len() == first.columns.len()
                && h.columns.iter().zip(&first.columns).all(|(a, b)| a.kind == b.kind && a.name == b.name)
        });
        if !same_shape {
            return Ok(None);
        }
        let mut rows = 0usize;
        for h in &self.headers {
            rows = rows.checked_add(h.rows).ok_or_else(|| wire::wire_error("too many rows"))?;
        }
        let mut columns = Vec::with_capacity(first.columns.len());
        for (i, col) in first.columns.iter().enumerate() {
            let total = |block: usize| -> Result<usize> {
                self.headers.iter().try_fold(0usize, |sum, h| {
                    let len = h.columns[i]
                        .lens
                        .get(block)
                        .ok_or_else(|| wire::wire_error("missing block length"))?;
                    sum.checked_add(*len).ok_or_else(|| wire::wire_error("too many values"))
                })
            };
            // Zeroed at full length (fresh memory, not written twice), then filled in place.
            let data = match col.kind {
                BlockKind::Int => ColumnData::Int(vec![0; total(0)?]),
                BlockKind::Float => ColumnData::Float(vec![0.0; total(0)?]),
                BlockKind::Date => ColumnData::Date(vec![0; total(0)?]),
                BlockKind::Time => ColumnData::Time(vec![0; total(0)?]),
                BlockKind::Category => ColumnData::Category {
                    codes: vec![0; total(0)?],
                    dict: Dictionary::from_values(col.dict.clone().unwrap_or_default(), col.invalid_utf8),
                },
                BlockKind::CodeList => ColumnData::CodeList {
                    offsets: vec![0; rows.checked_add(1).ok_or_else(|| wire::wire_error("too many rows"))?],
                    values: vec![0; total(1)?],
                },
            };
            columns.push(Column { name: col.name.clone(), official: col.official, data, invalid: 0 });
        }
        let filled = vec![[0, 0]; columns.len()];
        Ok(Some(Joining { headers: self.headers, columns, filled, rows: 0, next: 0 }))
    }
}

impl Joining {
    /// Copies the blocks of the next part (in file order) into place: `fill` copies the part's
    /// next block into the slice it is given, as [`wire::read_framed`]'s filler does.
    pub fn fill_part(&mut self, fill: &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<()> {
        let header = self.headers.get_mut(self.next).ok_or_else(|| wire::wire_error("one part too many"))?;
        let first = self.next == 0;
        for ((col, ch), at) in self.columns.iter_mut().zip(&mut header.columns).zip(&mut self.filled) {
            let len =
                |i: usize| ch.lens.get(i).copied().ok_or_else(|| wire::wire_error("missing block length"));
            let n = match &mut col.data {
                ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => {
                    fill_next(v, &mut at[0], len(0)?, fill)?
                }
                ColumnData::Float(v) => fill_next(v, &mut at[0], len(0)?, fill)?,
                ColumnData::Category { codes, dict } => {
                    let from = at[0];
                    let n = fill_next(codes, &mut at[0], len(0)?, fill)?;
                    if !first {
                        let values = ch.dict.take().unwrap_or_default();
                        remap(&mut codes[from..from + n], dict, &values)?;
                        dict.add_invalid_utf8(ch.invalid_utf8);
                    }
                    n
                }
                ColumnData::CodeList { offsets, values } => {
                    // The part's offsets start at 0 and overwrite the last joined offset (the
                    // base), which adding the base restores.
                    let from = at[0];
                    let base = offsets[from];
                    let n = len(0)?.checked_sub(1).ok_or_else(|| wire::wire_error("missing offsets"))?;
                    fill_next(offsets, &mut at[0], n + 1, fill)?;
                    at[0] -= 1;
                    fill_next(values, &mut at[1], len(1)?, fill)?;
                    if base != 0 {
                        for o in &mut offsets[from..=from + n] {
                            *o = o.checked_add(base).ok_or_else(|| wire::wire_error("too many codes"))?;
                        }
                    }
                    n
                }
            };
            if n != header.rows {
                return Err(wire::wire_error("column length differs from row count"));
            }
            col.invalid += ch.invalid;
        }
        self.rows += header.rows;
        self.next += 1;
        Ok(())
    }

    /// The joined dataset, once every part is filled.
    pub fn finish(self) -> Result<Dataset> {
        let complete = self.columns.iter().zip(&self.filled).all(|(c, at)| match &c.data {
            ColumnData::CodeList { values, .. } => at[0] == self.rows && at[1] == values.len(),
            data => at[0] == data.len(),
        });
        if self.next != self.headers.len() || !complete {
            return Err(wire::wire_error("a part is missing"));
        }
        let mut headers = self.headers.into_iter();
        let first = headers.next().expect("start needs a part");
        let (mut skipped, mut lines): (SkipReport, u64) = (first.skipped, first.lines);
        for h in headers {
            skipped.merge(h.skipped, lines);
            lines += h.lines;
        }
        Ok(Dataset::from_parts(self.columns, self.rows, skipped, lines, first.absent))
    }
}

/// Copies the next block (`len` values) into `values` from `*at` on, and moves `*at` past it;
/// returns `len`.
fn fill_next<T: bytemuck::Pod>(
    values: &mut [T],
    at: &mut usize,
    len: usize,
    fill: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<usize> {
    let end = at.checked_add(len).filter(|&e| e <= values.len());
    let end = end.ok_or_else(|| wire::wire_error("a part holds more values than its header said"))?;
    fill(bytemuck::cast_slice_mut(&mut values[*at..end]))?;
    *at = end;
    Ok(len)
}

/// Rewrites a later part's codes into the joined dictionary, interning its values in order
/// (as [`ColumnData::append`] does).
fn remap(codes: &mut [u32], dict: &mut Dictionary, values: &[String]) -> Result<()> {
    let map: Vec<u32> = values.iter().map(|v| dict.intern_str(v)).collect();
    if map.iter().enumerate().all(|(i, &c)| c as usize == i) {
        return Ok(()); // the part's dictionary is a prefix of the joined one
    }
    for c in codes {
        if *c != MISSING_CODE {
            *c = *map.get(*c as usize).ok_or_else(|| wire::wire_error("code outside its dictionary"))?;
        }
    }
    Ok(())
}
