//! A binary form of a [`Dataset`], for handing parsed parts between Web Workers.
//!
//! A part is sent as one buffer: `[header length: u64 LE][header JSON][block 0][block 1]…`.
//! The small JSON header carries names, kinds, dictionaries and block sizes; each block is one
//! column's values as raw little-endian bytes. Because the blocks are borrowed straight from the
//! columns ([`Layout::blocks`]) and filled straight into new columns ([`decode_with`]), the
//! browser copies every value exactly once on each side (wasm memory ⇄ `ArrayBuffer`).
//! The format is private to one build of the app.

use serde::{Deserialize, Serialize};

use super::column::{Column, ColumnData};
use super::dataset::Dataset;
use super::dictionary::Dictionary;
use super::schema::Official;
use super::skipped::SkipReport;
use crate::core::error::{Error, ErrorKind, Result};

const VERSION: u32 = 1;

/// What precedes a part's blocks: its shape, skip report and dictionaries.
#[derive(Serialize, Deserialize)]
pub(super) struct Header {
    version: u32,
    pub(super) rows: usize,
    pub(super) lines: u64,
    pub(super) skipped: SkipReport,
    pub(super) absent: Vec<Official>,
    pub(super) columns: Vec<ColumnHeader>,
}

/// One column's entry in a [`Header`].
#[derive(Serialize, Deserialize)]
pub(super) struct ColumnHeader {
    pub(super) name: String,
    pub(super) official: Option<Official>,
    pub(super) invalid: u64,
    pub(super) kind: BlockKind,
    /// Element counts of this column's blocks (one, or two for code lists).
    pub(super) lens: Vec<usize>,
    /// Dictionary values, for text columns.
    pub(super) dict: Option<Vec<String>>,
    pub(super) invalid_utf8: u64,
}

/// How a column's values are laid out in its blocks.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq)]
pub(super) enum BlockKind {
    Int,
    Float,
    Date,
    Time,
    Category,
    CodeList,
}

/// A dataset laid out for transfer: a header plus borrowed column blocks.
pub struct Layout<'a> {
    header: Vec<u8>,
    blocks: Vec<&'a [u8]>,
}

impl<'a> Layout<'a> {
    /// Lays out `dataset` (no column data is copied).
    pub fn new(dataset: &'a Dataset) -> Layout<'a> {
        let mut columns = Vec::new();
        let mut blocks: Vec<&'a [u8]> = Vec::new();
        for col in dataset.columns() {
            let (kind, lens, dict, invalid_utf8) = match &col.data {
                ColumnData::Int(v) => (BlockKind::Int, push(&mut blocks, v), None, 0),
                ColumnData::Float(v) => (BlockKind::Float, push(&mut blocks, v), None, 0),
                ColumnData::Date(v) => (BlockKind::Date, push(&mut blocks, v), None, 0),
                ColumnData::Time(v) => (BlockKind::Time, push(&mut blocks, v), None, 0),
                ColumnData::Category { codes, dict } => (
                    BlockKind::Category,
                    push(&mut blocks, codes),
                    Some(dict.values().to_vec()),
                    dict.invalid_utf8(),
                ),
                ColumnData::CodeList { offsets, values } => {
                    let mut lens = push(&mut blocks, offsets);
                    lens.extend(push(&mut blocks, values));
                    (BlockKind::CodeList, lens, None, 0)
                }
            };
            columns.push(ColumnHeader {
                name: col.name.clone(),
                official: col.official,
                invalid: col.invalid,
                kind,
                lens,
                dict,
                invalid_utf8,
            });
        }
        let header = Header {
            version: VERSION,
            rows: dataset.rows(),
            lines: dataset.lines(),
            skipped: dataset.skipped().clone(),
            absent: dataset.absent().to_vec(),
            columns,
        };
        let header = serde_json::to_vec(&header).expect("wire header serialises");
        Layout { header, blocks }
    }

    /// A layout of any JSON header and blocks: other binary messages (test predictions) use
    /// the same framing, so the browser moves them with the same code.
    pub fn from_parts(header_json: Vec<u8>, blocks: Vec<&'a [u8]>) -> Layout<'a> {
        Layout { header: header_json, blocks }
    }

    /// The header: its length as a little-endian `u64`, then the JSON.
    pub fn header(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.header.len());
        out.extend_from_slice(&(self.header.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.header);
        out
    }

    /// The column blocks, in order, to write after the header.
    pub fn blocks(&self) -> &[&'a [u8]] {
        &self.blocks
    }

    /// Total encoded size in bytes.
    pub fn len(&self) -> usize {
        8 + self.header.len() + self.blocks.iter().map(|b| b.len()).sum::<usize>()
    }

    /// Whether the encoding is empty (never: the header is always present).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Adds `values` as the next block and returns its element count (for the header).
pub fn push<'a, T: bytemuck::Pod>(blocks: &mut Vec<&'a [u8]>, values: &'a [T]) -> Vec<usize> {
    blocks.push(bytemuck::cast_slice(values));
    vec![values.len()]
}

/// Encodes a dataset into one contiguous buffer (native use and tests).
pub fn encode(dataset: &Dataset) -> Vec<u8> {
    to_bytes(&Layout::new(dataset))
}

/// Decodes what [`encode`] produced.
pub fn decode(bytes: &[u8]) -> Result<Dataset> {
    read_framed(bytes, |header, fill| decode_with(header, fill))
}

/// Writes a layout into one contiguous buffer (native use and tests).
pub fn to_bytes(layout: &Layout) -> Vec<u8> {
    let mut out = Vec::with_capacity(layout.len());
    out.extend_from_slice(&layout.header());
    for block in layout.blocks() {
        out.extend_from_slice(block);
    }
    out
}

/// Splits framed bytes (`[header length][header JSON][blocks…]`) and hands the header and a
/// block filler to `decode` (which calls the filler with each block's destination in order).
pub fn read_framed<T>(
    bytes: &[u8],
    decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
) -> Result<T> {
    let header_len = header_len(bytes.get(..8).ok_or_else(|| wire_error("truncated"))?)?;
    let header = bytes.get(8..8 + header_len).ok_or_else(|| wire_error("truncated"))?;
    let mut at = 8 + header_len;
    decode(header, &mut |dst: &mut [u8]| {
        let src = bytes.get(at..at + dst.len()).ok_or_else(|| wire_error("truncated"))?;
        dst.copy_from_slice(src);
        at += dst.len();
        Ok(())
    })
}

/// Reads the header length from the first 8 bytes of an encoded part.
pub fn header_len(first8: &[u8]) -> Result<usize> {
    let raw: [u8; 8] = first8.try_into().map_err(|_| wire_error("truncated"))?;
    Ok(u64::from_le_bytes(raw) as usize)
}

/// Decodes a part from its header JSON, calling `fill` with each block's destination bytes in
/// order (the caller copies the block there from wherever the encoding lives).
pub fn decode_with(header: &[u8], mut fill: impl FnMut(&mut [u8]) -> Result<()>) -> Result<Dataset> {
    let header = parse_header(header)?;
    let mut columns = Vec::with_capacity(header.columns.len());
    for col in header.columns {
        let len = |i: usize| col.lens.get(i).copied().ok_or_else(|| wire_error("missing block length"));
        let data = match col.kind {
            BlockKind::Int => ColumnData::Int(block(len(0)?, &mut fill)?),
            BlockKind::Float => ColumnData::Float(block(len(0)?, &mut fill)?),
            BlockKind::Date => ColumnData::Date(block(len(0)?, &mut fill)?),
            BlockKind::Time => ColumnData::Time(block(len(0)?, &mut fill)?),
            BlockKind::Category => ColumnData::Category {
                codes: block(len(0)?, &mut fill)?,
                dict: Dictionary::from_values(col.dict.unwrap_or_default(), col.invalid_utf8),
            },
            BlockKind::CodeList => ColumnData::CodeList {
                offsets: block(len(0)?, &mut fill)?,
                values: block(len(1)?, &mut fill)?,
            },
        };
        if data.len() != header.rows {
            return Err(wire_error("column length differs from row count"));
        }
        columns.push(Column { name: col.name, official: col.official, data, invalid: col.invalid });
    }
    Ok(Dataset::from_parts(columns, header.rows, header.skipped, header.lines, header.absent))
}

/// Reads a part's header JSON, refusing one written by another version of the format.
pub(super) fn parse_header(header: &[u8]) -> Result<Header> {
    let header: Header = serde_json::from_slice(header).map_err(|e| wire_error(&e.to_string()))?;
    if header.version != VERSION {
        return Err(wire_error("version mismatch"));
    }
    Ok(header)
}

/// A fresh vector of `len` values filled with the next block's bytes.
pub fn block<T: bytemuck::Pod + Default>(
    len: usize,
    fill: &mut impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<Vec<T>> {
    let mut values = vec![T::default(); len];
    fill(bytemuck::cast_slice_mut(&mut values))?;
    Ok(values)
}

/// A wire error with a message.
pub fn wire_error(msg: &str) -> Error {
    Error::new(ErrorKind::Wire(msg.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        let csv = "DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,Mocodes,AREA NAME,LAT,extra\n\
                   1,1/2/2020,5,3,510,0344 1822,Central,34.1,x\n\
                   2,1/3/2020,,4,624,,,0,\n";
        let ds = crate::core::data::load_bytes(csv.as_bytes(), "t").unwrap().dataset;
        let back = decode(&encode(&ds)).unwrap();
        assert_eq!(back.rows(), 2);
        for (a, b) in ds.columns().iter().zip(back.columns()) {
            assert_eq!(a.name, b.name);
            for row in 0..2 {
                assert_eq!(a.data.format(row), b.data.format(row));
            }
        }
        assert!(decode(&encode(&ds)[..20]).is_err());
    }
}
