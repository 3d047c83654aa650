//! Reading the start of a file to decide how to parse all of it.
//!
//! [`ParsePlan::from_head`] looks at the first bytes of a file (a megabyte is plenty): it rejects
//! what is not a CSV, finds the delimiter and the header, maps header names to the official
//! schema, checks the required columns and infers a type for each extra column. The plan is
//! small and serialisable, so one plan is made once and handed to every worker that parses a
//! part of the file.

use serde::{Deserialize, Serialize};

use super::field;
use super::header;
use super::schema::{Kind, Official};
use crate::core::error::{Error, ErrorKind, Result};

/// How many bytes from the start of a file [`ParsePlan::from_head`] wants.
pub const HEAD_BYTES: usize = 1 << 20;

/// How one column of the file is parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// Name as written in the header (trimmed, cut to a hundred characters; duplicates get a
    /// ` (2)` suffix).
    pub name: String,
    /// The official column this is, if any.
    pub official: Option<Official>,
    /// How values are stored; for extra columns, inferred from the first rows.
    pub kind: Kind,
}

/// Everything a worker needs to parse any byte range of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsePlan {
    /// Field delimiter (`,` unless the header says otherwise).
    pub delimiter: u8,
    /// One slot per column of the file, in file order.
    pub slots: Vec<Slot>,
    /// Offset where the header record starts: its first byte that is not a line ending (a
    /// byte-order mark counts as part of it).
    pub header_start: u64,
    /// Length in bytes of the header line, including its line ending (and any byte-order mark).
    pub header_bytes: u64,
    /// Average bytes per data row in the head, to size column buffers.
    pub bytes_per_row: f64,
    /// Official columns absent from the file (none of them required).
    pub absent: Vec<Official>,
}

impl ParsePlan {
    /// Makes a plan from the first bytes of a file. `whole_file` says whether `head` is the
    /// entire file (so a missing last newline is a real end, not a cut).
    pub fn from_head(head: &[u8], whole_file: bool) -> Result<ParsePlan> {
        sniff(head)?;
        let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        let body = &head[bom..];
        let delimiter = detect_delimiter(body);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        let mut record = csv::ByteRecord::new();
        if !reader.read_byte_record(&mut record)? {
            return Err(ErrorKind::Empty { header_only: false }.into());
        }
        let header_bytes = bom as u64 + reader.position().byte();
        header::check_width(record.len())?;
        if !whole_file && !matches!(head.get(header_bytes as usize - 1), Some(b'\n' | b'\r')) {
            return Err(Error::new(ErrorKind::Limit {
                what: "bytes in the header line".into(),
                limit: "1 MiB".into(),
                found: "more than 1 MiB".into(),
            }));
        }
        let names: Vec<String> =
            record.iter().map(|f| String::from_utf8_lossy(field::trim(f)).into_owned()).collect();
        if names.iter().all(|n| n.is_empty()) {
            return Err(ErrorKind::Empty { header_only: false }.into());
        }
        let mut slots = header::map_header(&names)?;

        // Type the extra columns from the values of complete rows (no value is kept).
        let mut guesses: Vec<KindGuess> = vec![KindGuess::default(); slots.len()];
        let mut rows = 0usize;
        let mut last_end = header_bytes;
        loop {
            let more = reader.read_byte_record(&mut record)?;
            if !more {
                break;
            }
            let end = bom as u64 + reader.position().byte();
            let complete = whole_file || (end as usize) < head.len() || head.ends_with(b"\n");
            if !complete || rows >= 5000 {
                break;
            }
            rows += 1;
            last_end = end;
            for ((slot, guess), f) in slots.iter().zip(&mut guesses).zip(record.iter()) {
                if slot.official.is_none() && guess.values < 2000 {
                    guess.add(f);
                }
            }
        }
        if rows == 0 && whole_file {
            return Err(ErrorKind::Empty { header_only: true }.into());
        }
        for (slot, guess) in slots.iter_mut().zip(&guesses) {
            if slot.official.is_none() {
                slot.kind = guess.kind();
            }
        }
        // With no complete row in the head, rows are at least as long as the rest of the head.
        let bytes_per_row = if rows > 0 {
            (last_end - header_bytes) as f64 / rows as f64
        } else {
            (head.len() as u64 - header_bytes).max(250) as f64
        };
        let absent =
            Official::ALL.iter().copied().filter(|o| !slots.iter().any(|s| s.official == Some(*o))).collect();
        let header_start = head.iter().position(|&b| b != b'\n' && b != b'\r').unwrap_or(0) as u64;
        Ok(ParsePlan { delimiter, slots, header_start, header_bytes, bytes_per_row, absent })
    }

    /// Index of the file column holding an official column.
    pub fn position(&self, official: Official) -> Option<usize> {
        self.slots.iter().position(|s| s.official == Some(official))
    }
}

/// Rejects input that is plainly not a text CSV, naming what it looks like instead.
fn sniff(head: &[u8]) -> Result<()> {
    if head.is_empty() || head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ErrorKind::Empty { header_only: false }.into());
    }
    let looks_like = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        Some("UTF-16 text; save it again as \"CSV UTF-8\"")
    } else if head.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive (an .xlsx workbook or a zipped download); unzip it or export it as CSV")
    } else if head.starts_with(&[0x1F, 0x8B]) {
        Some("a gzip-compressed file; decompress it first")
    } else if head.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G']) || head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("an image")
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("an old Excel .xls workbook; export it as CSV")
    } else if head.iter().take(4096).any(|&b| b == 0) {
        Some("a binary file")
    } else {
        let trimmed = field::trim(&head[..head.len().min(64)]);
        if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
            Some("JSON; download the CSV export instead")
        } else if trimmed.starts_with(b"<") {
            Some("HTML or XML; download the CSV export instead")
        } else {
            None
        }
    };
    match looks_like {
        Some(what) => Err(ErrorKind::NotCsv { looks_like: what.to_owned() }.into()),
        None => Ok(()),
    }
}

/// Picks `,`, `;` or tab, whichever occurs most in the first line (commas win ties).
fn detect_delimiter(body: &[u8]) -> u8 {
    let line_end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
    let line = &body[..line_end];
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let (commas, semis, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas && tabs > semis {
        b'\t'
    } else {
        b','
    }
}

/// The narrowest kind that holds every non-empty sample: integer, number, date, else category.
pub fn infer_kind(values: &[Vec<u8>]) -> Kind {
    let mut guess = KindGuess::default();
    values.iter().for_each(|v| guess.add(v));
    guess.kind()
}

/// What the values of a column seen so far could all be, updated one value at a time.
#[derive(Debug, Clone, Copy)]
struct KindGuess {
    /// Values seen (empty ones included).
    values: usize,
    present: bool,
    int: bool,
    float: bool,
    date: bool,
}

impl Default for KindGuess {
    fn default() -> KindGuess {
        KindGuess { values: 0, present: false, int: true, float: true, date: true }
    }
}

impl KindGuess {
    fn add(&mut self, value: &[u8]) {
        self.values += 1;
        let value = field::trim(value);
        if value.is_empty() {
            return;
        }
        self.present = true;
        self.int = self.int && field::parse_i32(value).is_some();
        self.float = self.float && field::parse_float(value).is_some();
        self.date = self.date && super::date::parse_date(value).is_some();
    }

    /// The narrowest kind that holds every non-empty value: integer, number, date, else category.
    fn kind(&self) -> Kind {
        match *self {
            KindGuess { present: false, .. } => Kind::Category,
            KindGuess { int: true, .. } => Kind::Int,
            KindGuess { float: true, .. } => Kind::Float,
            KindGuess { date: true, .. } => Kind::Date,
            _ => Kind::Category,
        }
    }
}
