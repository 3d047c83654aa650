//! CSV files that cannot attack the spreadsheet that opens them.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
//! treat a leading tab or carriage return that way; a class name or a column value from a
//! dropped file such as `=HYPERLINK("http://…")` would become a live link or worse in every
//! download. [`neutralise`] prefixes such a cell with `'`, which spreadsheets show as text and
//! never evaluate; plain numbers (`-0.25`, `+3`, `1e-5`) stay numbers. [`SafeWriter`] applies it to
//! every cell of every CSV Crime Lab writes, the app's downloads and the CLI's files alike.
//!
//! ```
//! use crimelab::core::safe_csv::neutralise;
//! assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
//! assert_eq!(neutralise("-0.25"), "-0.25");
//! assert_eq!(neutralise("Theft"), "Theft");
//! ```

use std::borrow::Cow;
use std::io::Write;

use crate::core::error::Result;

/// Characters that make a spreadsheet evaluate the cell they start.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell`, prefixed with `'` when a spreadsheet would run it as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if TRIGGERS.contains(&c) && !is_plain_number(cell) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Whether `text` is a decimal number and nothing else: an optional sign, digits with an optional
/// fraction, an optional exponent.
fn is_plain_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// A CSV writer that neutralises every cell it writes (see the module docs).
pub struct SafeWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> SafeWriter<W> {
    /// A writer of comma-separated rows to `out`.
    pub fn new(out: W) -> SafeWriter<W> {
        SafeWriter { inner: csv::Writer::from_writer(out) }
    }

    /// Writes one row.
    pub fn write_row<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.inner.write_field(neutralise(cell.as_ref()).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Flushes what is buffered to the output.
    pub fn flush(&mut self) -> Result<()> {
        self.inner.flush()?;
        Ok(())
    }
}

/// Rows written to a byte vector (for downloads made in a worker).
pub fn to_bytes<R, I, S>(rows: R) -> Result<Vec<u8>>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = Vec::new();
    {
        let mut writer = SafeWriter::new(&mut out);
        for row in rows {
            writer.write_row(row)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for formula in
            ["=1+1", "+A1", "-1+2", "@SUM(A1)", "\tcmd", "\rx", "-", "+", "=", "-inf", "-1e", "--1"]
        {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-0.25", "+3", "1e-5", "-2.5E+10", "12", "", "Theft", "a=b", "'=x", ".5", "-.5"] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn the_writer_neutralises_every_cell_and_quotes_as_csv_does() {
        let bytes = to_bytes([vec!["name", "p"], vec!["=HYPERLINK(\"http://x\",\"a, b\")", "-0.5"]]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "name,p\n\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",-0.5\n");
    }
}
