//! A compact binary form of a [`Dataset`], for handing parsed parts between Web Workers.
//!
//! Numbers are copied as little-endian blocks (one `memcpy` per column on every platform we
//! build for), so encoding and decoding cost about as much as copying the columns once.
//! The format is private to one build of the app: it carries a magic tag and no versioning.

use super::column::{Column, ColumnData};
use super::dataset::Dataset;
use super::dictionary::Dictionary;
use super::schema::Official;
use super::skipped::SkipReport;
use crate::core::error::{Error, ErrorKind, Result};

const MAGIC: &[u8; 4] = b"CLW1";

/// Encodes a dataset (usually one parsed part).
pub fn encode(dataset: Dataset) -> Vec<u8> {
    let (columns, rows, skipped, lines, absent) = dataset.into_raw();
    let size: usize = columns.iter().map(|c| c.data.heap_bytes() + 64).sum();
    let mut out = Vec::with_capacity(size + 1024);
    out.extend_from_slice(MAGIC);
    put_u64(&mut out, rows as u64);
    put_u64(&mut out, lines);
    put_bytes(
        &mut out,
        &serde_json::to_vec(&skipped).expect("skip report serialises"),
    );
    put_bytes(
        &mut out,
        &serde_json::to_vec(&absent).expect("absent list serialises"),
    );
    put_u64(&mut out, columns.len() as u64);
    for col in columns {
        put_bytes(&mut out, col.name.as_bytes());
        put_bytes(
            &mut out,
            &serde_json::to_vec(&col.official).expect("official serialises"),
        );
        put_u64(&mut out, col.invalid);
        match &col.data {
            ColumnData::Int(v) => put_block(&mut out, 0, v),
            ColumnData::Float(v) => put_block(&mut out, 1, v),
            ColumnData::Date(v) => put_block(&mut out, 2, v),
            ColumnData::Time(v) => put_block(&mut out, 3, v),
            ColumnData::Category { codes, dict } => {
                put_block(&mut out, 4, codes);
                put_u64(&mut out, dict.invalid_utf8());
                put_u64(&mut out, dict.len() as u64);
                for value in dict.values() {
                    put_bytes(&mut out, value.as_bytes());
                }
            }
            ColumnData::CodeList { offsets, values } => {
                put_block(&mut out, 5, offsets);
                put_block(&mut out, 5, values);
            }
        }
    }
    out
}

/// Decodes what [`encode`] produced.
pub fn decode(bytes: &[u8]) -> Result<Dataset> {
    let mut r = Cursor { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(wire_error("bad magic"));
    }
    let rows = r.u64()? as usize;
    let lines = r.u64()?;
    let skipped: SkipReport =
        serde_json::from_slice(r.bytes()?).map_err(|e| wire_error(&e.to_string()))?;
    let absent: Vec<Official> =
        serde_json::from_slice(r.bytes()?).map_err(|e| wire_error(&e.to_string()))?;
    let ncols = r.u64()? as usize;
    let mut columns = Vec::with_capacity(ncols);
    for _ in 0..ncols {
        let name =
            String::from_utf8(r.bytes()?.to_vec()).map_err(|e| wire_error(&e.to_string()))?;
        let official: Option<Official> =
            serde_json::from_slice(r.bytes()?).map_err(|e| wire_error(&e.to_string()))?;
        let invalid = r.u64()?;
        let (tag, _) = r.peek_tag()?;
        let data = match tag {
            0 => ColumnData::Int(r.block()?),
            1 => ColumnData::Float(r.block()?),
            2 => ColumnData::Date(r.block()?),
            3 => ColumnData::Time(r.block()?),
            4 => {
                let codes = r.block()?;
                let invalid_utf8 = r.u64()?;
                let n = r.u64()? as usize;
                let mut values = Vec::with_capacity(n.min(bytes.len()));
                for _ in 0..n {
                    values.push(
                        String::from_utf8(r.bytes()?.to_vec())
                            .map_err(|e| wire_error(&e.to_string()))?,
                    );
                }
                ColumnData::Category {
                    codes,
                    dict: Dictionary::from_values(values, invalid_utf8),
                }
            }
            5 => ColumnData::CodeList {
                offsets: r.block()?,
                values: r.block()?,
            },
            other => return Err(wire_error(&format!("unknown column tag {other}"))),
        };
        if data.len() != rows {
            return Err(wire_error("column length differs from row count"));
        }
        columns.push(Column {
            name,
            official,
            data,
            invalid,
        });
    }
    Ok(Dataset::from_parts(columns, rows, skipped, lines, absent))
}

fn wire_error(msg: &str) -> Error {
    Error::new(ErrorKind::Wire(msg.to_owned()))
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u64(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_block<T: bytemuck::Pod>(out: &mut Vec<u8>, tag: u8, values: &[T]) {
    out.push(tag);
    put_u64(out, values.len() as u64);
    out.extend_from_slice(bytemuck::cast_slice(values));
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| wire_error("truncated"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.u64()? as usize;
        self.take(n)
    }

    fn peek_tag(&self) -> Result<(u8, ())> {
        self.bytes
            .get(self.at)
            .map(|&t| (t, ()))
            .ok_or_else(|| wire_error("truncated"))
    }

    fn block<T: bytemuck::Pod>(&mut self) -> Result<Vec<T>> {
        self.take(1)?;
        let n = self.u64()? as usize;
        let raw = self.take(
            n.checked_mul(std::mem::size_of::<T>())
                .ok_or_else(|| wire_error("overflow"))?,
        )?;
        Ok(bytemuck::pod_collect_to_vec(raw))
    }
}
