//! Typed column storage.
//!
//! Each [`Column`] is one vector of fixed-width values plus, for text, a [`Dictionary`].
//! Missing values use sentinels instead of a separate bitmap: [`MISSING_INT`] for integers,
//! dates and times, `NaN` for floats, [`MISSING_CODE`] for text, and an empty list for code lists.

use super::date;
use super::dictionary::{Dictionary, MISSING_CODE};
use super::schema::{Kind, Official};

/// Sentinel for a missing integer, date or time.
pub const MISSING_INT: i32 = i32::MIN;

/// The values of a column.
#[derive(Debug, Clone)]
pub enum ColumnData {
    /// Whole numbers; [`MISSING_INT`] marks missing.
    Int(Vec<i32>),
    /// Real numbers; `NaN` marks missing.
    Float(Vec<f64>),
    /// Days since 1970-01-01; [`MISSING_INT`] marks missing.
    Date(Vec<i32>),
    /// Minutes after midnight; [`MISSING_INT`] marks missing.
    Time(Vec<i32>),
    /// Dictionary codes; [`MISSING_CODE`] marks missing.
    Category {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct values.
        dict: Dictionary,
    },
    /// Lists of codes: row `i` holds `values[offsets[i]..offsets[i + 1]]`; an empty list is missing.
    CodeList {
        /// `rows + 1` offsets into `values`.
        offsets: Vec<u32>,
        /// All codes, row after row.
        values: Vec<u16>,
    },
}

/// A named, typed column of the dataset.
#[derive(Debug, Clone)]
pub struct Column {
    /// The name as written in the file's header (trimmed).
    pub name: String,
    /// The official column this is, if any.
    pub official: Option<Official>,
    /// The values.
    pub data: ColumnData,
    /// How many non-empty fields could not be parsed as the column's kind (stored as missing).
    pub invalid: u64,
}

impl ColumnData {
    /// An empty column of a kind, with room for `capacity` rows.
    pub fn with_capacity(kind: Kind, capacity: usize) -> ColumnData {
        match kind {
            Kind::Int => ColumnData::Int(Vec::with_capacity(capacity)),
            Kind::Float => ColumnData::Float(Vec::with_capacity(capacity)),
            Kind::Date => ColumnData::Date(Vec::with_capacity(capacity)),
            Kind::Time => ColumnData::Time(Vec::with_capacity(capacity)),
            Kind::Category => {
                ColumnData::Category { codes: Vec::with_capacity(capacity), dict: Dictionary::new() }
            }
            Kind::CodeList => {
                let mut offsets = Vec::with_capacity(capacity + 1);
                offsets.push(0);
                ColumnData::CodeList { offsets, values: Vec::with_capacity(capacity * 3) }
            }
        }
    }

    /// The storage kind.
    pub fn kind(&self) -> Kind {
        match self {
            ColumnData::Int(_) => Kind::Int,
            ColumnData::Float(_) => Kind::Float,
            ColumnData::Date(_) => Kind::Date,
            ColumnData::Time(_) => Kind::Time,
            ColumnData::Category { .. } => Kind::Category,
            ColumnData::CodeList { .. } => Kind::CodeList,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Category { codes, .. } => codes.len(),
            ColumnData::CodeList { offsets, .. } => offsets.len() - 1,
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether row `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match self {
            ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v[row] == MISSING_INT,
            ColumnData::Float(v) => v[row].is_nan(),
            ColumnData::Category { codes, .. } => codes[row] == MISSING_CODE,
            ColumnData::CodeList { offsets, .. } => offsets[row] == offsets[row + 1],
        }
    }

    /// Number of missing rows.
    pub fn missing_count(&self) -> usize {
        match self {
            ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => {
                v.iter().filter(|&&x| x == MISSING_INT).count()
            }
            ColumnData::Float(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnData::Category { codes, .. } => codes.iter().filter(|&&c| c == MISSING_CODE).count(),
            ColumnData::CodeList { offsets, .. } => offsets.windows(2).filter(|w| w[0] == w[1]).count(),
        }
    }

    /// Row `row` as display text (empty when missing).
    pub fn format(&self, row: usize) -> String {
        if self.is_missing(row) {
            return String::new();
        }
        match self {
            ColumnData::Int(v) => v[row].to_string(),
            ColumnData::Float(v) => v[row].to_string(),
            ColumnData::Date(v) => date::format_iso(v[row]),
            ColumnData::Time(v) => format!("{:02}:{:02}", v[row] / 60, v[row] % 60),
            ColumnData::Category { codes, dict } => dict.get(codes[row]).unwrap_or("").to_owned(),
            ColumnData::CodeList { offsets, values } => values
                [offsets[row] as usize..offsets[row + 1] as usize]
                .iter()
                .map(|c| format!("{c:04}"))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Approximate heap bytes used.
    pub fn heap_bytes(&self) -> usize {
        match self {
            ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v.capacity() * 4,
            ColumnData::Float(v) => v.capacity() * 8,
            ColumnData::Category { codes, dict } => codes.capacity() * 4 + dict.heap_bytes(),
            ColumnData::CodeList { offsets, values } => offsets.capacity() * 4 + values.capacity() * 2,
        }
    }

    /// Releases spare capacity left by growth during parsing.
    pub fn shrink_to_fit(&mut self) {
        match self {
            ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v.shrink_to_fit(),
            ColumnData::Float(v) => v.shrink_to_fit(),
            ColumnData::Category { codes, .. } => codes.shrink_to_fit(),
            ColumnData::CodeList { offsets, values } => {
                offsets.shrink_to_fit();
                values.shrink_to_fit();
            }
        }
    }

    /// Converts this column to text, formatting each value (used when an inferred numeric
    /// or date column turns out to hold text further down the file).
    pub fn into_category(self) -> ColumnData {
        if let ColumnData::Category { .. } = self {
            return self;
        }
        let rows = self.len();
        let mut dict = Dictionary::new();
        let codes = (0..rows)
            .map(|row| if self.is_missing(row) { MISSING_CODE } else { dict.intern_str(&self.format(row)) })
            .collect();
        ColumnData::Category { codes, dict }
    }

    /// Converts an integer column to floats (used when an inferred integer column turns out
    /// to hold decimals or values beyond `i32`).
    pub fn into_float(self) -> ColumnData {
        match self {
            ColumnData::Int(v) => ColumnData::Float(
                v.into_iter().map(|x| if x == MISSING_INT { f64::NAN } else { x as f64 }).collect(),
            ),
            other => other,
        }
    }

    /// The rows `r` with `keep[r]`, in order (`keep` has one flag per row).
    pub fn select(self, keep: &[bool]) -> ColumnData {
        debug_assert_eq!(keep.len(), self.len());
        if keep.iter().all(|&k| k) {
            return self;
        }
        fn pick<T: Copy>(values: Vec<T>, keep: &[bool]) -> Vec<T> {
            values.into_iter().zip(keep).filter(|(_, &k)| k).map(|(v, _)| v).collect()
        }
        match self {
            ColumnData::Int(v) => ColumnData::Int(pick(v, keep)),
            ColumnData::Float(v) => ColumnData::Float(pick(v, keep)),
            ColumnData::Date(v) => ColumnData::Date(pick(v, keep)),
            ColumnData::Time(v) => ColumnData::Time(pick(v, keep)),
            ColumnData::Category { codes, dict } => ColumnData::Category { codes: pick(codes, keep), dict },
            ColumnData::CodeList { offsets, values } => {
                let mut kept_offsets = vec![0u32];
                let mut kept_values = Vec::new();
                for (row, _) in keep.iter().enumerate().filter(|(_, &k)| k) {
                    kept_values.extend_from_slice(&values[offsets[row] as usize..offsets[row + 1] as usize]);
                    kept_offsets.push(kept_values.len() as u32);
                }
                ColumnData::CodeList { offsets: kept_offsets, values: kept_values }
            }
        }
    }

    /// How many list entries a code-list column holds (0 for other kinds): its offsets are
    /// 32-bit, so two columns are only joined while the sum stays below `u32::MAX`.
    pub fn list_values(&self) -> usize {
        match self {
            ColumnData::CodeList { values, .. } => values.len(),
            _ => 0,
        }
    }

    /// Appends the rows of `other` (of the same kind) to this column.
    ///
    /// Text codes are remapped into this column's dictionary.
    pub fn append(&mut self, other: ColumnData) {
        match (self, other) {
            (ColumnData::Int(a), ColumnData::Int(b))
            | (ColumnData::Date(a), ColumnData::Date(b))
            | (ColumnData::Time(a), ColumnData::Time(b)) => a.extend_from_slice(&b),
            (ColumnData::Float(a), ColumnData::Float(b)) => a.extend_from_slice(&b),
            (
                ColumnData::Category { codes, dict },
                ColumnData::Category { codes: other_codes, dict: other_dict },
            ) => {
                let remap: Vec<u32> = other_dict.values().iter().map(|v| dict.intern_str(v)).collect();
                dict.add_invalid_utf8(other_dict.invalid_utf8());
                codes.extend(other_codes.iter().map(
                    |&c| {
                        if c == MISSING_CODE {
                            c
                        } else {
                            remap[c as usize]
                        }
                    },
                ));
            }
            (ColumnData::CodeList { offsets, values }, ColumnData::CodeList { offsets: o2, values: v2 }) => {
                let base = *offsets.last().unwrap_or(&0);
                offsets.extend(o2[1..].iter().map(|&o| o + base));
                values.extend_from_slice(&v2);
            }
            (a, b) => panic!("append of {:?} to {:?}", b.kind(), a.kind()),
        }
    }
}

impl Column {
    /// Appends the rows of `other` (a column of the same name from another part or file),
    /// widening this column's kind when `other` holds values it cannot (see [`unify_kinds`]).
    pub fn extend(&mut self, other: Column) {
        let kind = unify_kinds(self.data.kind(), other.data.kind());
        if self.data.kind() != kind {
            let data = std::mem::replace(&mut self.data, ColumnData::Int(Vec::new()));
            self.data = promote(data, kind);
        }
        self.invalid += other.invalid;
        self.data.append(promote(other.data, kind));
    }
}

/// The most general of two kinds, used when parts of a file disagree about an extra column.
pub fn unify_kinds(a: Kind, b: Kind) -> Kind {
    match (a, b) {
        _ if a == b => a,
        (Kind::Int, Kind::Float) | (Kind::Float, Kind::Int) => Kind::Float,
        _ => Kind::Category,
    }
}

/// Converts a column to `kind` (one of the promotions of [`unify_kinds`]).
pub fn promote(data: ColumnData, kind: Kind) -> ColumnData {
    match kind {
        _ if data.kind() == kind => data,
        Kind::Float => data.into_float(),
        Kind::Category => data.into_category(),
        other => panic!("cannot promote {:?} to {other:?}", data.kind()),
    }
}
