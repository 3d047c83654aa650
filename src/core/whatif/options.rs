//! [`WhatIfOptions`]: what the what-if form offers, computed from the loaded dataset.
//!
//! * every LAPD division with its incidents and the **median** `LAT`/`LON` of its incidents
//!   with a location (so choosing a division places the incident where its incidents are);
//! * premises and weapons by description with their most frequent code, most frequent first;
//! * MO codes, most frequent first.
//!
//! The form resolves what a person typed through [`WhatIfOptions::premise`],
//! [`WhatIfOptions::weapon`] and [`WhatIfOptions::mocode`]: a value the loaded data never shows
//! is refused by name rather than sent as a value no model has seen.

use serde::{Deserialize, Serialize};

use super::DIVISIONS;
use crate::core::data::{ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};
use crate::core::error::{short_list, Error, Result};
use crate::core::features::derive::{LAT_RANGE, LON_RANGE};

/// Most premises, weapons or MO codes listed (the rarest beyond are left out).
pub const MAX_CHOICES: usize = 2_000;

/// Whose settings these are, in messages.
const OWNER: &str = "what-if";

/// A division the form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DivisionChoice {
    /// `AREA` code, 1–21.
    pub area: i32,
    /// `AREA NAME` as the export spells it.
    pub name: String,
    /// Incidents of the division in the dataset.
    pub rows: u64,
    /// Incidents with a location (the centroid's rows).
    pub located: u64,
    /// Median `LAT` of the located incidents (`None` without any).
    pub lat: Option<f64>,
    /// Median `LON` of the located incidents.
    pub lon: Option<f64>,
}

/// A premise or weapon the form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedChoice {
    /// The most frequent `Premis Cd` / `Weapon Used Cd` of this description, if any.
    pub code: Option<i32>,
    /// The description (`Premis Desc`, `Weapon Desc`), or the code when the file has none.
    pub label: String,
    /// Incidents with it.
    pub count: u64,
}

/// An MO code the form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MocodeChoice {
    /// The code (`344` is written `0344`).
    pub code: u16,
    /// Incidents listing it.
    pub count: u64,
}

impl MocodeChoice {
    /// The code as the export writes it, four digits.
    pub fn text(&self) -> String {
        format!("{:04}", self.code)
    }
}

/// Everything the what-if form offers for the loaded dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatIfOptions {
    /// Rows of the dataset.
    pub rows: u64,
    /// The 21 divisions in `AREA` order (those without incidents have no centroid).
    pub divisions: Vec<DivisionChoice>,
    /// Premises, most frequent first.
    pub premises: Vec<CodedChoice>,
    /// Weapons, most frequent first (a blank weapon, "none", is not listed).
    pub weapons: Vec<CodedChoice>,
    /// MO codes, most frequent first.
    pub mocodes: Vec<MocodeChoice>,
}

/// The what-if choices of `ds` (see the module docs).
pub fn options(ds: &Dataset) -> WhatIfOptions {
    WhatIfOptions {
        rows: ds.rows() as u64,
        divisions: divisions(ds),
        premises: coded(ds, Official::PremisDesc, Official::PremisCd),
        weapons: coded(ds, Official::WeaponDesc, Official::WeaponUsedCd),
        mocodes: mocodes(ds),
    }
}

fn ints(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match &ds.official(o)?.data {
        ColumnData::Int(v) => Some(v),
        _ => None,
    }
}

fn floats(ds: &Dataset, o: Official) -> Option<&[f64]> {
    match &ds.official(o)?.data {
        ColumnData::Float(v) => Some(v),
        _ => None,
    }
}

fn category(ds: &Dataset, o: Official) -> Option<(&[u32], &[String])> {
    match &ds.official(o)?.data {
        ColumnData::Category { codes, dict } => Some((codes, dict.values())),
        _ => None,
    }
}

/// The lower median (nearest rank) of `values`, reordering them.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = (values.len() - 1) / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*m)
}

/// The 21 divisions with their incidents and median location.
fn divisions(ds: &Dataset) -> Vec<DivisionChoice> {
    let n = DIVISIONS.len();
    let area = ints(ds, Official::Area).unwrap_or(&[]);
    let names = category(ds, Official::AreaName);
    let (lat, lon) = (floats(ds, Official::Lat), floats(ds, Official::Lon));
    let mut rows = vec![0u64; n + 1];
    let mut lats: Vec<Vec<f64>> = vec![Vec::new(); n + 1];
    let mut lons: Vec<Vec<f64>> = vec![Vec::new(); n + 1];
    // (name code, count) per division, to spell it as the file does.
    let mut name_counts: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n + 1];
    let inside = |v: f64, (lo, hi): (f64, f64)| v.is_finite() && v >= lo && v <= hi;
    for (r, &a) in area.iter().enumerate() {
        if a == MISSING_INT || !(1..=n as i32).contains(&a) {
            continue;
        }
        let a = a as usize;
        rows[a] += 1;
        if let (Some(lat), Some(lon)) = (lat, lon) {
            if inside(lat[r], LAT_RANGE) && inside(lon[r], LON_RANGE) {
                lats[a].push(lat[r]);
                lons[a].push(lon[r]);
            }
        }
        if let Some((codes, _)) = names {
            let code = codes[r];
            if code != MISSING_CODE {
                match name_counts[a].iter_mut().find(|(c, _)| *c == code) {
                    Some((_, count)) => *count += 1,
                    None => name_counts[a].push((code, 1)),
                }
            }
        }
    }
    DIVISIONS
        .iter()
        .map(|&(code, default_name)| {
            let a = code as usize;
            let name = names
                .and_then(|(_, values)| {
                    let best = name_counts[a].iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)))?;
                    values.get(best.0 as usize).cloned()
                })
                .unwrap_or_else(|| default_name.to_owned());
            DivisionChoice {
                area: code,
                name,
                rows: rows[a],
                located: lats[a].len() as u64,
                lat: median(&mut lats[a]),
                lon: median(&mut lons[a]),
            }
        })
        .collect()
}

/// Descriptions with their most frequent code, most frequent first (codes alone when the file
/// has no description column).
fn coded(ds: &Dataset, desc: Official, code: Official) -> Vec<CodedChoice> {
    let codes = ints(ds, code);
    let mut out: Vec<CodedChoice> = match category(ds, desc) {
        Some((texts, values)) => {
            let mut counts = vec![0u64; values.len()];
            // Codes seen with each description: (code, count), usually one.
            let mut with_code: Vec<Vec<(i32, u64)>> = vec![Vec::new(); values.len()];
            for (r, &t) in texts.iter().enumerate() {
                if t == MISSING_CODE || values[t as usize].trim().is_empty() {
                    continue;
                }
                counts[t as usize] += 1;
                if let Some(c) = codes.map(|c| c[r]).filter(|&c| c != MISSING_INT) {
                    let seen = &mut with_code[t as usize];
                    match seen.iter().position(|(x, _)| *x == c) {
                        Some(i) => seen[i].1 += 1,
                        None if seen.len() < 16 => seen.push((c, 1)),
                        None => {}
                    }
                }
            }
            counts
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(t, &count)| CodedChoice {
                    code: with_code[t].iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|c| c.0),
                    label: values[t].clone(),
                    count,
                })
                .collect()
        }
        None => {
            let mut counts: std::collections::BTreeMap<i32, u64> = Default::default();
            for &c in codes.unwrap_or(&[]).iter().filter(|&&c| c != MISSING_INT) {
                *counts.entry(c).or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(c, count)| CodedChoice { code: Some(c), label: c.to_string(), count })
                .collect()
        }
    };
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out.truncate(MAX_CHOICES);
    out
}

/// MO codes by the number of incidents listing them, most frequent first.
fn mocodes(ds: &Dataset) -> Vec<MocodeChoice> {
    let Some(ColumnData::CodeList { values, .. }) = ds.official(Official::Mocodes).map(|c| &c.data) else {
        return Vec::new();
    };
    let mut counts = vec![0u64; u16::MAX as usize + 1];
    for &c in values {
        counts[c as usize] += 1;
    }
    let mut out: Vec<MocodeChoice> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(code, &count)| MocodeChoice { code: code as u16, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    out.truncate(MAX_CHOICES);
    out
}

impl WhatIfOptions {
    /// The division with an `AREA` code.
    pub fn division(&self, area: i32) -> Option<&DivisionChoice> {
        self.divisions.iter().find(|d| d.area == area)
    }

    /// The premise typed as `text`: a description of the list (any case), or its code.
    /// Empty text is no premise; anything else is refused, naming the field.
    pub fn premise(&self, text: &str) -> Result<Option<&CodedChoice>> {
        resolve(&self.premises, "premise", text)
    }

    /// The weapon typed as `text`, as [`WhatIfOptions::premise`] reads it; empty text (or
    /// `none`) is no weapon.
    pub fn weapon(&self, text: &str) -> Result<Option<&CodedChoice>> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        resolve(&self.weapons, "weapon", text)
    }

    /// The MO code typed as `text` (`0344` or `344`), when the loaded data lists it.
    pub fn mocode(&self, text: &str) -> Result<u16> {
        let t = text.trim();
        let code = t.parse::<u16>().ok().filter(|&c| self.mocodes.iter().any(|m| m.code == c));
        code.ok_or_else(|| {
            let common: Vec<String> = self.mocodes.iter().map(MocodeChoice::text).collect();
            Error::invalid_param(
                OWNER,
                "mocodes",
                format!("\"{t}\""),
                format!("an MO code of the loaded data, e.g. {}", short_list(&common, 5)),
            )
        })
    }
}

/// The choice `text` names in `list`: its label (any case), its code, or `code · label`.
fn resolve<'a>(list: &'a [CodedChoice], field: &str, text: &str) -> Result<Option<&'a CodedChoice>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let label = t.split_once(" · ").map_or(t, |(_, rest)| rest.trim());
    let by_label = list.iter().find(|c| c.label.eq_ignore_ascii_case(label));
    let by_code = || {
        let code: i32 = t.split_once(" · ").map_or(t, |(code, _)| code.trim()).parse().ok()?;
        list.iter().find(|c| c.code == Some(code))
    };
    match by_label.or_else(by_code) {
        Some(c) => Ok(Some(c)),
        None => {
            let common: Vec<&str> = list.iter().map(|c| c.label.as_str()).collect();
            Err(Error::invalid_param(
                OWNER,
                field,
                format!("\"{t}\""),
                format!(
                    "a {field} of the loaded data (type to search the list), e.g. {}",
                    short_list(&common, 3)
                ),
            ))
        }
    }
}
