//! Adding a second export to a loaded dataset: the union of both, each incident once.
//!
//! Another export with the same columns (the 2010–2019 file next to 2020–present, or two
//! overlapping downloads) is appended with [`Dataset::append`]: columns are matched by name,
//! text dictionaries merged, and the rows whose `DR_NO` is already loaded are counted and
//! dropped. A file with other columns, or one that would take the dataset past [`MAX_ROWS`], is
//! refused by name and the loaded data stays as it was. [`Loaded::append`] does the same and
//! lists both files on the card ([`SourceFile`]).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::card::DatasetCard;
use super::column::{ColumnData, MISSING_INT};
use super::dataset::Dataset;
use super::limits::MAX_ROWS;
use super::loader::Loaded;
use super::schema::Official;
use crate::core::error::{short_list, Error, ErrorKind, Result};
use crate::core::format::thousands;

/// What appending one file did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppendReport {
    /// The file added.
    pub file_name: String,
    /// Data rows the file held.
    pub rows_read: usize,
    /// Rows added to the dataset.
    pub rows_added: usize,
    /// Rows dropped because their `DR_NO` was already loaded.
    pub duplicates: usize,
}

/// One file of a dataset, as the card lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub file_bytes: u64,
    /// Rows it added to the dataset.
    pub rows: usize,
    /// Its rows dropped because their `DR_NO` was already loaded from an earlier file.
    pub duplicates: usize,
    /// Its rows set aside while parsing.
    pub skipped: u64,
}

impl Dataset {
    /// Appends the rows of `other`, read from `file_name`, whose `DR_NO` is not already in
    /// this dataset (rows without a `DR_NO` are always kept).
    ///
    /// Columns are matched by name; an extra column typed differently in the two files is
    /// widened as when parts of one file disagree. Refused, leaving this dataset unchanged,
    /// when the column names differ or the union would exceed [`MAX_ROWS`]. The rows `other`
    /// set aside are added to the skip report under reasons that name `file_name`.
    pub fn append(&mut self, other: Dataset, file_name: &str) -> Result<AppendReport> {
        self.append_capped(other, file_name, MAX_ROWS)
    }

    fn append_capped(&mut self, other: Dataset, file_name: &str, max_rows: usize) -> Result<AppendReport> {
        let order = match_columns(self, &other, file_name)?;
        let keep = new_incidents(self, &other);
        let rows_added = keep.iter().filter(|&&k| k).count();
        if self.rows + rows_added > max_rows {
            return Err(Error::new(ErrorKind::Limit {
                what: "rows".into(),
                limit: thousands(max_rows as u64),
                found: format!("{} with {file_name} added", thousands((self.rows + rows_added) as u64)),
            }));
        }
        let mut theirs: Vec<Option<super::column::Column>> = other.columns.into_iter().map(Some).collect();
        let mut picked = Vec::with_capacity(order.len());
        for (mine, &at) in self.columns.iter().zip(&order) {
            let mut column = theirs[at].take().expect("each column is matched once");
            column.data = column.data.select(&keep);
            if mine.data.list_values() as u64 + column.data.list_values() as u64 >= u64::from(u32::MAX) {
                return Err(Error::new(ErrorKind::Limit {
                    what: format!("codes in {}", mine.name),
                    limit: thousands(u64::from(u32::MAX) - 1),
                    found: format!("more with {file_name} added"),
                }));
            }
            picked.push(column);
        }
        for (mine, column) in self.columns.iter_mut().zip(picked) {
            mine.extend(column);
        }
        for (reason, r) in other.skipped.reasons {
            let entry = self.skipped.reasons.entry(format!("{file_name}: {reason}")).or_default();
            entry.count += r.count;
            entry.lines.extend(r.lines);
        }
        let report = AppendReport {
            file_name: file_name.to_owned(),
            rows_read: other.rows,
            rows_added,
            duplicates: 0,
        };
        self.rows += rows_added;
        Ok(AppendReport { duplicates: other.rows - rows_added, ..report })
    }
}

/// For each of `mine`'s columns, the index of the column of `other` with the same name;
/// refuses (naming the differences) when the two files do not have the same column names.
fn match_columns(mine: &Dataset, other: &Dataset, file_name: &str) -> Result<Vec<usize>> {
    let index: FxHashMap<&str, usize> =
        other.columns.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
    let lacks: Vec<&str> =
        mine.columns.iter().map(|c| c.name.as_str()).filter(|n| !index.contains_key(n)).collect();
    let names: FxHashSet<&str> = mine.columns.iter().map(|c| c.name.as_str()).collect();
    let extra: Vec<&str> =
        other.columns.iter().map(|c| c.name.as_str()).filter(|n| !names.contains(n)).collect();
    if lacks.is_empty() && extra.is_empty() {
        return Ok(mine.columns.iter().map(|c| index[c.name.as_str()]).collect());
    }
    let mut found = Vec::new();
    if !lacks.is_empty() {
        found.push(format!("{file_name} lacks {}", short_list(&lacks, 8)));
    }
    if !extra.is_empty() {
        found.push(format!("has {} that the loaded data does not", short_list(&extra, 8)));
    }
    Err(Error::shape(
        format!("columns of {file_name} and of the loaded data"),
        "the same column names (add an export with the same columns)",
        found.join(" and "),
    ))
}

/// One flag per row of `other`: false where its `DR_NO` is already in `mine`.
fn new_incidents(mine: &Dataset, other: &Dataset) -> Vec<bool> {
    let dr_numbers = |ds: &Dataset| match ds.official(Official::DrNo).map(|c| &c.data) {
        Some(ColumnData::Int(values)) => Some(values.clone()),
        _ => None,
    };
    let (Some(loaded), Some(added)) = (dr_numbers(mine), dr_numbers(other)) else {
        return vec![true; other.rows];
    };
    let loaded: FxHashSet<i32> = loaded.into_iter().filter(|&d| d != MISSING_INT).collect();
    added.iter().map(|d| *d == MISSING_INT || !loaded.contains(d)).collect()
}

impl Loaded {
    /// Appends `other` (another file, loaded on its own) with [`Dataset::append`] and remakes
    /// the card: its counts are the union's, its `sources` list every file, its name joins the
    /// files' names. Refused, leaving this unchanged, as [`Dataset::append`] is.
    pub fn append(&mut self, other: Loaded) -> Result<AppendReport> {
        let report = self.dataset.append(other.dataset, &other.card.file_name)?;
        let mut sources = std::mem::take(&mut self.card.sources);
        sources.push(SourceFile {
            file_name: other.card.file_name,
            file_bytes: other.card.file_bytes,
            rows: report.rows_added,
            duplicates: report.duplicates,
            skipped: other.card.skipped,
        });
        let name = sources.iter().map(|s| s.file_name.as_str()).collect::<Vec<_>>().join(" + ");
        let bytes = sources.iter().map(|s| s.file_bytes).sum();
        let mut card =
            DatasetCard::new(&self.dataset, &name, bytes, self.card.parse_ms + other.card.parse_ms);
        card.stages_ms = other.card.stages_ms;
        card.sources = sources;
        self.card = card;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::load_bytes;

    fn tiny(rows: &[&str]) -> Loaded {
        let mut csv = String::from("DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON,Mocodes\n");
        for r in rows {
            csv.push_str(r);
            csv.push('\n');
        }
        load_bytes(csv.as_bytes(), "tiny.csv").unwrap()
    }

    #[test]
    fn a_union_past_the_row_cap_is_refused_and_the_data_stays() {
        let mut a = tiny(&["1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46,0416 1822"]);
        let b = tiny(&[
            "1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46,0416",
            "2,10/16/2020 12:00:00 AM,2000,8,624,34.07,-118.46,0416",
            "3,10/17/2020 12:00:00 AM,2000,8,624,34.07,-118.46,",
        ]);
        let err = a.dataset.append_capped(b.dataset.clone(), "b.csv", 2).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Limit { .. }), "{err}");
        assert!(err.to_string().contains("3 with b.csv added"), "{err}");
        assert_eq!(a.dataset.rows(), 1);
        // The duplicate DR_NO 1 does not count against the cap.
        let report = a.dataset.append_capped(b.dataset, "b.csv", 3).unwrap();
        assert_eq!((report.rows_added, report.duplicates), (2, 1));
        assert_eq!(a.dataset.official(Official::Mocodes).unwrap().data.format(1), "0416");
        assert_eq!(a.dataset.official(Official::Mocodes).unwrap().data.format(2), "");
    }
}
