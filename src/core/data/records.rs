//! CSV records from a byte stream, with bounded memory and exact positions.
//!
//! [`RecordReader`] drives `csv-core`'s tokeniser directly over a fixed input buffer. For each
//! record it knows the absolute byte offset where the record starts and its 1-based line (counted
//! in `\n` bytes from where the reader started), which is what lets several parsers of one file
//! agree on record boundaries and line numbers ([`reconcile`](fn@super::reconcile)). A record longer
//! than [`MAX_RECORD_BYTES`] is tokenised in discard mode: its fields are dropped as they arrive,
//! so no row, however long, is ever held in memory.
//!
//! Records are separated by `\n`, `\r\n` or `\r` outside quotes; blank lines between records are
//! not records. A record *starts* at its first byte that is not a line ending: the same definition
//! [`boundary`](super::boundary) uses to guess where a part of a file begins.

use std::io::Read;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::limits::MAX_RECORD_BYTES;
use crate::core::error::Result;

/// Bytes read from the source at a time.
const INPUT_BYTES: usize = 1 << 16;

/// What is known about the record just read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordMeta {
    /// Absolute offset of the record's first byte.
    pub start: u64,
    /// 1-based line of that byte, counted from where the reader started.
    pub line: u64,
    /// Fields in the record.
    pub fields: usize,
    /// Whether the record was longer than [`MAX_RECORD_BYTES`] (its fields were dropped).
    pub oversized: bool,
}

/// Reads CSV records one at a time from any [`Read`].
pub struct RecordReader<R> {
    src: R,
    core: Reader,
    buf: Vec<u8>,
    pos: usize,
    filled: usize,
    /// Absolute offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// No byte has reached the tokeniser yet (see [`RecordReader::new`]).
    fresh: bool,
    strip_bom: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    nfields: usize,
}

impl<R: Read> RecordReader<R> {
    /// A reader of `src`, whose first byte is at absolute offset `offset`. At offset 0 a UTF-8
    /// byte-order mark is skipped; anywhere else a record that happens to begin with those
    /// bytes keeps them, exactly as a reader that started at 0 would.
    pub fn new(src: R, delimiter: u8, offset: u64) -> RecordReader<R> {
        RecordReader {
            src,
            core: ReaderBuilder::new().delimiter(delimiter).build(),
            buf: vec![0; INPUT_BYTES],
            pos: 0,
            filled: 0,
            base: offset,
            eof: false,
            fresh: true,
            strip_bom: offset == 0,
            out: vec![0; 1 << 12],
            ends: vec![0; 64],
            nfields: 0,
        }
    }

    /// Absolute offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Line of the next unread byte (1-based, counted from where the reader started).
    pub fn line(&self) -> u64 {
        self.core.line()
    }

    /// Refills the input buffer; false at the end of the input.
    fn refill(&mut self) -> Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.base += self.filled as u64;
        self.pos = 0;
        self.filled = 0;
        loop {
            match self.src.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.filled = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Skips line endings up to the next record and returns where it starts, or `None` at the
    /// end of the input. Calling it again without reading the record returns the same offset.
    pub fn next_start(&mut self) -> Result<Option<u64>> {
        loop {
            while self.pos < self.filled {
                match self.buf[self.pos] {
                    b'\n' => {
                        self.core.set_line(self.core.line() + 1);
                        self.pos += 1;
                    }
                    b'\r' => self.pos += 1,
                    _ => return Ok(Some(self.offset())),
                }
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    /// Reads the record that starts at [`RecordReader::next_start`] (which must have returned
    /// `Some`). Its fields are then available through [`RecordReader::field`] unless it was
    /// oversized.
    pub fn read(&mut self) -> Result<RecordMeta> {
        let start = self.offset();
        let line = self.core.line();
        let (mut outlen, mut endlen) = (0usize, 0usize);
        let mut dropped_fields = 0usize;
        let mut discarding = false;
        loop {
            let mut input = &self.buf[self.pos..self.filled];
            if self.fresh && !self.strip_bom {
                // csv-core strips a byte-order mark from the first input it is handed; one byte
                // at a time can never look like one.
                input = &input[..input.len().min(1)];
            }
            let (result, nin, nout, nend) =
                self.core.read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..]);
            self.fresh &= nin == 0;
            self.pos += nin;
            outlen += nout;
            endlen += nend;
            let consumed = self.offset() - start;
            if !discarding && consumed > MAX_RECORD_BYTES {
                discarding = true;
            }
            match result {
                ReadRecordResult::Record | ReadRecordResult::End => break,
                ReadRecordResult::InputEmpty => {
                    if self.pos == self.filled {
                        // At the end of the input the next call, with no input, ends the record.
                        self.refill()?;
                    }
                }
                ReadRecordResult::OutputFull => {
                    if discarding {
                        outlen = 0;
                    } else {
                        let len = self.out.len() * 2;
                        self.out.resize(len, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if discarding {
                        dropped_fields += endlen;
                        endlen = 0;
                    } else {
                        let len = self.ends.len() * 2;
                        self.ends.resize(len, 0);
                    }
                }
            }
            if discarding {
                // Keep the buffers' sizes; only the count of fields matters now.
                dropped_fields += endlen;
                endlen = 0;
                outlen = 0;
            }
        }
        let oversized = self.offset() - start > MAX_RECORD_BYTES;
        self.nfields = if oversized { 0 } else { endlen };
        Ok(RecordMeta { start, line, fields: dropped_fields + endlen, oversized })
    }

    /// Field `i` of the record just read (`i` below [`RecordMeta::fields`], record not oversized).
    #[inline]
    pub fn field(&self, i: usize) -> &[u8] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.out[from..self.ends[i]]
    }

    /// The fields of the record just read, in order (none when it was oversized).
    pub fn fields(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.nfields).map(move |i| self.field(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8], offset: u64) -> Vec<(RecordMeta, Vec<String>)> {
        let mut reader = RecordReader::new(bytes, b',', offset);
        let mut out = Vec::new();
        while reader.next_start().unwrap().is_some() {
            let meta = reader.read().unwrap();
            let fields = reader.fields().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push((meta, fields));
        }
        out
    }

    #[test]
    fn records_with_positions_lines_and_quoted_newlines() {
        let text = b"a,b\r\n\r\n\"x\ny\",\"q\"\"\"\rlast,1";
        let got = all(text, 0);
        let starts: Vec<u64> = got.iter().map(|(m, _)| m.start).collect();
        let lines: Vec<u64> = got.iter().map(|(m, _)| m.line).collect();
        assert_eq!(starts, vec![0, 7, 19]);
        assert_eq!(lines, vec![1, 3, 4]);
        assert_eq!(got[1].1, vec!["x\ny", "q\""]);
        assert_eq!(got[2].1, vec!["last", "1"]);
    }

    #[test]
    fn a_byte_order_mark_is_skipped_only_at_the_start() {
        let text = "\u{feff}a,b\n\u{feff}c,d\n";
        let got = all(text.as_bytes(), 0);
        assert_eq!(got[0].1, vec!["a", "b"]);
        assert_eq!(got[1].1, vec!["\u{feff}c", "d"]);
        // A reader that starts at the second record keeps its bytes too.
        let from = text.find('\n').unwrap() + 1;
        let got = all(&text.as_bytes()[from..], from as u64);
        assert_eq!(got[0].1, vec!["\u{feff}c", "d"]);
        assert_eq!(got[0].0.start, from as u64);
    }

    #[test]
    fn an_oversized_record_is_counted_and_dropped() {
        let long = "x".repeat(MAX_RECORD_BYTES as usize + 10);
        let text = format!("a,b\n{long},{long}\nc,d");
        let got = all(text.as_bytes(), 0);
        assert_eq!(got.len(), 3);
        assert!(got[1].0.oversized);
        assert_eq!(got[1].0.fields, 2);
        assert!(got[1].1.is_empty());
        assert_eq!(got[2].1, vec!["c", "d"]);
        assert_eq!(got[2].0.line, 3);
    }
}
