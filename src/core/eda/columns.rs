//! Typed, read-only access to the official columns the exploratory analysis reads.
//!
//! Each accessor returns `None` when the file lacks the column or it was stored with another
//! kind, so every aggregate degrades to "not available" instead of failing.

use crate::core::data::{ColumnData, Dataset, Dictionary, Official};

/// The `i32` values of an official integer column.
pub(crate) fn ints(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match &ds.official(o)?.data {
        ColumnData::Int(v) => Some(v),
        _ => None,
    }
}

/// The day numbers of an official date column.
pub(crate) fn dates(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match &ds.official(o)?.data {
        ColumnData::Date(v) => Some(v),
        _ => None,
    }
}

/// The minutes after midnight of an official time column.
pub(crate) fn times(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match &ds.official(o)?.data {
        ColumnData::Time(v) => Some(v),
        _ => None,
    }
}

/// The values of an official float column.
pub(crate) fn floats(ds: &Dataset, o: Official) -> Option<&[f64]> {
    match &ds.official(o)?.data {
        ColumnData::Float(v) => Some(v),
        _ => None,
    }
}

/// The codes and dictionary of an official text column.
pub(crate) fn category(ds: &Dataset, o: Official) -> Option<(&[u32], &Dictionary)> {
    match &ds.official(o)?.data {
        ColumnData::Category { codes, dict } => Some((codes, dict)),
        _ => None,
    }
}
