//! [`Filters`]: the dashboard's date range, divisions and crime types.
//!
//! [`Filters::select`] turns them into a [`Selection`] in one pass over the three columns
//! involved, using lookup tables (not hash sets) for the division and crime-type tests.

use serde::{Deserialize, Serialize};

use super::columns;
use super::places::DIVISION_NAMES;
use super::selection::Selection;
use crate::core::data::date;
use crate::core::data::{Dataset, Official, MISSING_CODE, MISSING_INT};
use crate::core::error::short_list;
use crate::core::{Error, Result};

/// What the dashboard looks at. Empty fields do not filter.
///
/// Crime types may be given as `Crm Cd` codes, as `Crm Cd Desc` texts, or both: a row matches
/// when its code is listed **or** its description is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// First `DATE OCC` kept, `YYYY-MM-DD` (inclusive).
    pub date_from: Option<String>,
    /// Last `DATE OCC` kept, `YYYY-MM-DD` (inclusive).
    pub date_to: Option<String>,
    /// `AREA` codes kept (1–21); empty keeps all.
    pub divisions: Vec<i32>,
    /// `Crm Cd` codes kept.
    pub crime_codes: Vec<i32>,
    /// `Crm Cd Desc` values kept (exact text).
    pub crime_descs: Vec<String>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.date_from.is_none()
            && self.date_to.is_none()
            && self.divisions.is_empty()
            && self.crime_codes.is_empty()
            && self.crime_descs.is_empty()
    }

    /// The date range as day numbers (`None` = open end). Fails on a malformed date.
    pub fn day_range(&self) -> Result<(Option<i32>, Option<i32>)> {
        let parse = |text: &Option<String>, param: &str| -> Result<Option<i32>> {
            match text.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(t) => date::parse_iso(t).map(Some).ok_or_else(|| {
                    Error::invalid_param("filters", param, format!("\"{t}\""), "a date YYYY-MM-DD")
                }),
            }
        };
        let from = parse(&self.date_from, "date_from")?;
        let to = parse(&self.date_to, "date_to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Error::invalid_param(
                    "filters",
                    "date_to",
                    date::format_iso(t),
                    format!("a date on or after date_from ({}): the range is empty", date::format_iso(f)),
                ));
            }
        }
        Ok((from, to))
    }

    /// Checks every filter, naming the first that is not valid: the dates (`YYYY-MM-DD`, in
    /// order) and the division codes (1–21).
    pub fn validate(&self) -> Result<()> {
        self.day_range()?;
        if let Some(&bad) = self.divisions.iter().find(|&&d| !(1..=DIVISION_NAMES.len() as i32).contains(&d))
        {
            return Err(Error::invalid_param("filters", "divisions", bad, "AREA codes from 1 to 21"));
        }
        if let Some(&bad) = self.crime_codes.iter().find(|&&c| c < 0) {
            return Err(Error::invalid_param("filters", "crime_codes", bad, "Crm Cd codes (0 or more)"));
        }
        Ok(())
    }

    /// The filters for people: `2021-01-01 → 2021-06-30 · West LA · BATTERY - SIMPLE ASSAULT, 510`
    /// (empty when nothing is filtered).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let day =
            |d: &Option<String>| d.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
        match (day(&self.date_from), day(&self.date_to)) {
            (Some(f), Some(t)) => parts.push(format!("{f} → {t}")),
            (Some(f), None) => parts.push(format!("from {f}")),
            (None, Some(t)) => parts.push(format!("until {t}")),
            (None, None) => {}
        }
        if !self.divisions.is_empty() {
            let names: Vec<String> = self
                .divisions
                .iter()
                .map(|&d| {
                    usize::try_from(d - 1)
                        .ok()
                        .and_then(|i| DIVISION_NAMES.get(i))
                        .map_or_else(|| format!("AREA {d}"), |n| (*n).to_owned())
                })
                .collect();
            parts.push(short_list(&names, 5));
        }
        let crimes: Vec<String> =
            self.crime_descs.iter().cloned().chain(self.crime_codes.iter().map(|c| c.to_string())).collect();
        if !crimes.is_empty() {
            parts.push(short_list(&crimes, 3));
        }
        parts.join(" · ")
    }

    /// The rows of `ds` that pass every filter.
    pub fn select(&self, ds: &Dataset) -> Result<Selection> {
        let (from, to) = self.day_range()?;
        if self.is_empty() || (from.is_none() && to.is_none() && self.only_dates()) {
            return Ok(Selection::all(ds.rows()));
        }
        let days = match (from, to) {
            (None, None) => None,
            _ => Some(
                columns::dates(ds, Official::DateOcc)
                    .ok_or_else(|| Error::column_unavailable("the date filter", "DATE OCC"))?,
            ),
        };
        let (from, to) = (from.unwrap_or(i32::MIN + 1), to.unwrap_or(i32::MAX));

        let areas = if self.divisions.is_empty() {
            None
        } else {
            let col = columns::ints(ds, Official::Area)
                .ok_or_else(|| Error::column_unavailable("the division filter", "AREA"))?;
            Some((col, lookup(&self.divisions)))
        };

        let crime = if self.crime_codes.is_empty() && self.crime_descs.is_empty() {
            None
        } else {
            let codes = columns::ints(ds, Official::CrmCd);
            let descs = columns::category(ds, Official::CrmCdDesc);
            if codes.is_none() && descs.is_none() {
                return Err(Error::column_unavailable("the crime-type filter", "Crm Cd or Crm Cd Desc"));
            }
            let desc_table = descs.map(|(codes, dict)| {
                let mut table = vec![false; dict.len()];
                for text in &self.crime_descs {
                    if let Some(c) = dict.code_of(text) {
                        table[c as usize] = true;
                    }
                }
                (codes, table)
            });
            Some((codes.map(|c| (c, lookup(&self.crime_codes))), desc_table))
        };

        let mut rows = Vec::new();
        for row in 0..ds.rows() {
            if let Some(days) = days {
                let d = days[row];
                if d == MISSING_INT || d < from || d > to {
                    continue;
                }
            }
            if let Some((col, table)) = &areas {
                if !hit(table, col[row]) {
                    continue;
                }
            }
            if let Some((codes, descs)) = &crime {
                let by_code = codes.as_ref().is_some_and(|(c, t)| hit(t, c[row]));
                let by_desc = descs.as_ref().is_some_and(|(c, t)| {
                    let code = c[row];
                    code != MISSING_CODE && t[code as usize]
                });
                if !by_code && !by_desc {
                    continue;
                }
            }
            rows.push(row as u32);
        }
        if rows.len() == ds.rows() {
            return Ok(Selection::all(ds.rows()));
        }
        Ok(Selection::from_rows(ds.rows(), rows))
    }

    fn only_dates(&self) -> bool {
        self.divisions.is_empty() && self.crime_codes.is_empty() && self.crime_descs.is_empty()
    }
}

/// A membership table indexed by value, for small non-negative integer codes.
fn lookup(values: &[i32]) -> Vec<bool> {
    let max = values.iter().copied().filter(|&v| (0..1_000_000).contains(&v)).max().unwrap_or(0);
    let mut table = vec![false; max as usize + 1];
    for &v in values {
        if (0..1_000_000).contains(&v) {
            table[v as usize] = true;
        }
    }
    table
}

#[inline]
fn hit(table: &[bool], value: i32) -> bool {
    value >= 0 && (value as usize) < table.len() && table[value as usize]
}
