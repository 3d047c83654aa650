//! Appending one column's raw fields to its typed buffer.
//!
//! Official columns keep their kind: a value that does not parse is stored as missing and counted.
//! Extra columns, whose kind was only guessed from the head, widen instead (integer → number →
//! text, date → text). Text made by widening is *canonical*: a value that parsed under the
//! column's first kind is stored formatted (`007` → `7`, `1.50` → `1.5`, a date as `YYYY-MM-DD`),
//! whether it came before or after the row that widened the column. That makes the result the
//! same however the file was split into parts, since each part widens on its own rows and
//! [`Dataset::concat`](super::Dataset::concat) formats the parts that did not.

use std::io::Write;

use super::column::{promote, ColumnData, MISSING_INT};
use super::dictionary::MISSING_CODE;
use super::field;
use super::schema::{Kind, Official};

/// Bytes a row takes in a column of this kind (to size reservations).
pub fn bytes_per_value(kind: Kind) -> usize {
    match kind {
        Kind::Int | Kind::Date | Kind::Time | Kind::Category => 4,
        Kind::Float => 8,
        Kind::CodeList => 4 + 3 * 2,
    }
}

/// Appends fields of one column to its typed buffer.
pub struct ColumnBuilder {
    /// The values so far.
    pub data: ColumnData,
    /// Non-empty values of an official column that did not parse.
    pub invalid: u64,
    official: Option<Official>,
    /// The kind the plan gave an extra column (what canonical text is parsed as).
    origin: Kind,
    /// Whether text values are stored canonically (an extra column widened to text).
    canonical: bool,
    zero_is_missing: bool,
    collapse: bool,
    scratch: Vec<u8>,
}

impl ColumnBuilder {
    /// An empty column of `kind` with room for `capacity` rows.
    pub fn new(official: Option<Official>, kind: Kind, capacity: usize) -> ColumnBuilder {
        ColumnBuilder {
            data: ColumnData::with_capacity(kind, capacity),
            invalid: 0,
            official,
            origin: kind,
            canonical: false,
            zero_is_missing: official.is_some_and(Official::zero_is_missing),
            collapse: official.is_some_and(Official::collapses_blanks),
            scratch: Vec::new(),
        }
    }

    /// Appends one raw field.
    #[inline]
    pub fn push(&mut self, raw: &[u8]) {
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
                } else if self.canonical {
                    dict.intern(canonical(self.origin, value, &mut self.scratch))
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
                self.canonical = true;
                *codes.last_mut().expect("row pushed") =
                    dict.intern(canonical(self.origin, value, &mut self.scratch))
            }
            _ => unreachable!("promotion targets float or category"),
        }
        self.data = data;
    }
}

/// The text stored for `value` in an extra column of kind `origin` that widened to text: the
/// value formatted as [`ColumnData::format`] would have shown it under `origin` (or under
/// number, for an integer column), or the value itself when it does not parse.
fn canonical<'a>(origin: Kind, value: &'a [u8], scratch: &'a mut Vec<u8>) -> &'a [u8] {
    scratch.clear();
    let written = match origin {
        Kind::Int => match field::parse_i32(value) {
            Some(v) => write!(scratch, "{v}").is_ok(),
            None => field::parse_float(value).is_some_and(|v| write!(scratch, "{v}").is_ok()),
        },
        Kind::Float => field::parse_float(value).is_some_and(|v| write!(scratch, "{v}").is_ok()),
        Kind::Date => super::date::parse_date(value)
            .is_some_and(|d| scratch.write_all(super::date::format_iso(d).as_bytes()).is_ok()),
        Kind::Time | Kind::Category | Kind::CodeList => false,
    };
    if written {
        scratch
    } else {
        value
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(b: &ColumnBuilder) -> Vec<String> {
        (0..b.data.len()).map(|r| b.data.format(r)).collect()
    }

    #[test]
    fn widened_text_is_the_same_before_and_after_the_widening_row() {
        let mut b = ColumnBuilder::new(None, Kind::Int, 4);
        for v in ["007", "1.50", "x", "007", "1.50", "", "+3"] {
            b.push(v.as_bytes());
        }
        assert_eq!(b.data.kind(), Kind::Category);
        assert_eq!(texts(&b), ["7", "1.5", "x", "7", "1.5", "", "3"]);
        let mut d = ColumnBuilder::new(None, Kind::Date, 4);
        for v in ["1/2/2020", "soon", "01/02/2020"] {
            d.push(v.as_bytes());
        }
        assert_eq!(texts(&d), ["2020-01-02", "soon", "2020-01-02"]);
    }

    #[test]
    fn official_columns_keep_their_kind() {
        let mut b = ColumnBuilder::new(Some(Official::VictAge), Kind::Int, 4);
        b.push(b"fifty");
        b.push(b"50");
        assert_eq!(b.invalid, 1);
        assert_eq!(texts(&b), ["", "50"]);
    }
}
