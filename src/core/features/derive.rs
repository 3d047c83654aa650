//! Computing one base feature for a list of dataset rows.
//!
//! A [`Derive`] says how a base column is computed (serialisable, with no reference to the
//! dictionary codes of one particular file, so a fitted pipeline can be applied to another
//! file). [`derive()`] evaluates it for the rows asked for into a [`Raw`] column: real values,
//! or codes into a list of value names that fitting turns into levels.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::calendar::DayTable;
use crate::core::data::{ColumnData, Dataset, Dictionary, Official, MISSING_CODE, MISSING_INT};
use crate::core::error::{Error, Result};
use crate::core::frame::MISSING_LEVEL;

/// How one base column is computed from the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "derive", rename_all = "snake_case", deny_unknown_fields)]
pub enum Derive {
    /// Hour of `TIME OCC`.
    Hour,
    /// Minute of `TIME OCC` in four buckets.
    MinuteBucket,
    /// Weekday of `DATE OCC`.
    Weekday,
    /// Month of `DATE OCC`.
    Month,
    /// Year of `DATE OCC`.
    Year,
    /// Day of the year of `DATE OCC`.
    DayOfYear,
    /// `DATE OCC` is a weekend day.
    Weekend,
    /// `DATE OCC` is a federal holiday.
    Holiday,
    /// Days from `DATE OCC` to `Date Rptd`.
    ReportDelay,
    /// Cleaned victim age.
    VictimAge,
    /// Victim age band.
    VictimAgeBand,
    /// `Vict Sex`.
    VictimSex,
    /// `Vict Descent`.
    VictimDescent,
    /// Cleaned latitude.
    Lat,
    /// Cleaned longitude.
    Lon,
    /// Grid cell of LAT/LON.
    GridCell {
        /// Cell size in degrees.
        degrees: f64,
    },
    /// Premise description.
    Premise,
    /// Weapon description (blank = NONE).
    Weapon,
    /// Whether the row's Mocodes include `code`.
    MocodeFlag {
        /// The MO code.
        code: u16,
    },
    /// Number of Mocodes.
    MocodeCount,
    /// Division name.
    Area,
    /// A column of the file as it is.
    Column {
        /// Column name.
        name: String,
    },
}

/// The values of a base column for some rows, before fitting.
#[derive(Debug, Clone)]
pub enum Raw<'a> {
    /// Real values; `NaN` is missing.
    Num(Vec<f32>),
    /// Codes into a fixed, ordered vocabulary that is also the list of levels (weekday,
    /// age band, yes/no…); [`MISSING_LEVEL`] is missing.
    Fixed {
        /// One level code per row.
        codes: Vec<u16>,
        /// The vocabulary.
        names: &'static [&'static str],
    },
    /// Codes into `names`; [`MISSING_CODE`] is missing.
    Cat {
        /// One code per row.
        codes: Vec<u32>,
        /// Value names, indexed by code.
        names: Cow<'a, [String]>,
        /// Whether `names` is in a meaningful order (then every name is a level, in order).
        ordered: bool,
    },
}

/// Shared lookups for deriving many columns of one dataset.
#[derive(Debug, Clone)]
pub struct DeriveCtx {
    days: DayTable,
    /// MO codes with a precomputed membership bit, and the bits of every dataset row.
    mocode_bits: Vec<(u16, u8)>,
    mocode_masks: Vec<u64>,
}

impl DeriveCtx {
    /// Lookups for a dataset.
    pub fn new(ds: &Dataset) -> DeriveCtx {
        let (lo, hi) = ds.date_range().unwrap_or((0, 0));
        DeriveCtx { days: DayTable::new(lo, hi), mocode_bits: Vec::new(), mocode_masks: Vec::new() }
    }

    /// Precomputes, in one pass over the Mocodes lists, which of `codes` (up to 64) each row
    /// has, so that MO-code flags cost one bit test per row.
    pub fn with_mocodes(mut self, ds: &Dataset, codes: &[u16]) -> DeriveCtx {
        let Ok((offsets, values)) = mocodes(ds) else {
            return self;
        };
        let codes = &codes[..codes.len().min(64)];
        if codes.is_empty() {
            return self;
        }
        let mut bit_of = vec![0u64; u16::MAX as usize + 1];
        for (i, &c) in codes.iter().enumerate() {
            bit_of[c as usize] |= 1 << i;
        }
        self.mocode_masks = offsets
            .windows(2)
            .map(|w| values[w[0] as usize..w[1] as usize].iter().fold(0u64, |m, &c| m | bit_of[c as usize]))
            .collect();
        self.mocode_bits = codes.iter().enumerate().map(|(i, &c)| (c, i as u8)).collect();
        self
    }
}

/// Latitude range accepted as the Los Angeles area.
pub const LAT_RANGE: (f64, f64) = (33.2, 34.9);
/// Longitude range accepted as the Los Angeles area.
pub const LON_RANGE: (f64, f64) = (-119.0, -117.6);

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MINUTE_BUCKETS: [&str; 4] = [":00", ":30", ":15/:45", "other"];
const AGE_BANDS: [&str; 7] = ["<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
const NO_YES: [&str; 2] = ["no", "yes"];

fn missing_column(official: Official) -> Error {
    Error::column_unavailable("this feature", official.name())
}

fn ints(ds: &Dataset, o: Official) -> Result<&[i32]> {
    match ds.official(o).map(|c| &c.data) {
        Some(ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v)) => Ok(v),
        _ => Err(missing_column(o)),
    }
}

fn floats(ds: &Dataset, o: Official) -> Result<&[f64]> {
    match ds.official(o).map(|c| &c.data) {
        Some(ColumnData::Float(v)) => Ok(v),
        _ => Err(missing_column(o)),
    }
}

fn text(ds: &Dataset, o: Official) -> Option<(&[u32], &Dictionary)> {
    match ds.official(o).map(|c| &c.data) {
        Some(ColumnData::Category { codes, dict }) => Some((codes, dict)),
        _ => None,
    }
}

fn num_from<T: Copy>(rows: &[u32], values: &[T], f: impl Fn(T) -> f32) -> Raw<'static> {
    Raw::Num(rows.iter().map(|&r| f(values[r as usize])).collect())
}

fn cat_fixed(rows: &[u32], names: &'static [&'static str], f: impl Fn(usize) -> u32) -> Raw<'static> {
    Raw::Fixed {
        codes: rows
            .iter()
            .map(|&r| match f(r as usize) {
                MISSING_CODE => MISSING_LEVEL,
                c => c as u16,
            })
            .collect(),
        names,
    }
}

fn dict_codes<'a>(rows: &[u32], codes: &[u32], dict: &'a Dictionary) -> Raw<'a> {
    Raw::Cat {
        codes: rows.iter().map(|&r| codes[r as usize]).collect(),
        names: Cow::Borrowed(dict.values()),
        ordered: false,
    }
}

/// Integer values as text categories (`Premis Cd`, `AREA`…).
fn int_codes(rows: &[u32], values: &[i32]) -> Raw<'static> {
    let mut index: FxHashMap<i32, u32> = FxHashMap::default();
    let mut names = Vec::new();
    let codes = rows
        .iter()
        .map(|&r| {
            let v = values[r as usize];
            if v == MISSING_INT {
                return MISSING_CODE;
            }
            *index.entry(v).or_insert_with(|| {
                names.push(v.to_string());
                names.len() as u32 - 1
            })
        })
        .collect();
    Raw::Cat { codes, names: Cow::Owned(names), ordered: false }
}

fn clean_age(a: i32) -> f32 {
    if a == MISSING_INT || a <= 0 || a > 120 {
        f32::NAN
    } else {
        a as f32
    }
}

fn clean(v: f64, (lo, hi): (f64, f64)) -> f32 {
    if v >= lo && v <= hi {
        v as f32
    } else {
        f32::NAN
    }
}

/// Official columns holding codes rather than quantities: used as categories.
pub fn is_code_column(o: Official) -> bool {
    matches!(
        o,
        Official::Area
            | Official::RptDistNo
            | Official::Part12
            | Official::CrmCd
            | Official::PremisCd
            | Official::WeaponUsedCd
            | Official::CrmCd1
            | Official::CrmCd2
            | Official::CrmCd3
            | Official::CrmCd4
    )
}

/// Computes a base column for `rows` of `ds`.
pub fn derive<'a>(ds: &'a Dataset, d: &Derive, rows: &[u32], ctx: &DeriveCtx) -> Result<Raw<'a>> {
    let days = &ctx.days;
    let date = || ints(ds, Official::DateOcc);
    let date_num = |f: &dyn Fn(i32) -> f32| -> Result<Raw<'static>> {
        let v = date()?;
        Ok(num_from(rows, v, |d| if d == MISSING_INT { f32::NAN } else { f(d) }))
    };
    let date_cat = |names: &'static [&'static str], f: &dyn Fn(i32) -> u32| -> Result<Raw<'static>> {
        let v = date()?;
        Ok(cat_fixed(rows, names, |r| {
            let d = v[r];
            if d == MISSING_INT {
                MISSING_CODE
            } else {
                f(d)
            }
        }))
    };
    Ok(match d {
        Derive::Hour => {
            let v = ints(ds, Official::TimeOcc)?;
            num_from(rows, v, |t| if t == MISSING_INT { f32::NAN } else { (t / 60) as f32 })
        }
        Derive::MinuteBucket => {
            let v = ints(ds, Official::TimeOcc)?;
            cat_fixed(rows, &MINUTE_BUCKETS, |r| match v[r] {
                MISSING_INT => MISSING_CODE,
                t => match t % 60 {
                    0 => 0,
                    30 => 1,
                    15 | 45 => 2,
                    _ => 3,
                },
            })
        }
        Derive::Weekday => date_cat(&WEEKDAYS, &|d| days.get(d).weekday as u32)?,
        Derive::Month => date_cat(&MONTHS, &|d| days.get(d).month as u32 - 1)?,
        Derive::Weekend => date_cat(&NO_YES, &|d| (days.get(d).weekday >= 5) as u32)?,
        Derive::Holiday => date_cat(&NO_YES, &|d| days.get(d).holiday as u32)?,
        Derive::Year => date_num(&|d| days.get(d).year as f32)?,
        Derive::DayOfYear => date_num(&|d| days.get(d).day_of_year as f32)?,
        Derive::ReportDelay => {
            let occ = date()?;
            let rptd = ints(ds, Official::DateRptd)?;
            Raw::Num(
                rows.iter()
                    .map(|&r| {
                        let (o, p) = (occ[r as usize], rptd[r as usize]);
                        if o == MISSING_INT || p == MISSING_INT || p < o {
                            f32::NAN
                        } else {
                            (p - o) as f32
                        }
                    })
                    .collect(),
            )
        }
        Derive::VictimAge => num_from(rows, ints(ds, Official::VictAge)?, clean_age),
        Derive::VictimAgeBand => {
            let v = ints(ds, Official::VictAge)?;
            cat_fixed(rows, &AGE_BANDS, |r| {
                let a = clean_age(v[r]);
                if a.is_nan() {
                    return MISSING_CODE;
                }
                match a as i32 {
                    ..=17 => 0,
                    18..=24 => 1,
                    25..=34 => 2,
                    35..=44 => 3,
                    45..=54 => 4,
                    55..=64 => 5,
                    _ => 6,
                }
            })
        }
        Derive::VictimSex => text_feature(ds, Official::VictSex, rows)?,
        Derive::VictimDescent => text_feature(ds, Official::VictDescent, rows)?,
        Derive::Lat => num_from(rows, floats(ds, Official::Lat)?, |v| clean(v, LAT_RANGE)),
        Derive::Lon => num_from(rows, floats(ds, Official::Lon)?, |v| clean(v, LON_RANGE)),
        Derive::GridCell { degrees } => grid(ds, rows, *degrees)?,
        Derive::Premise => match text(ds, Official::PremisDesc) {
            Some((codes, dict)) => dict_codes(rows, codes, dict),
            None => int_codes(rows, ints(ds, Official::PremisCd)?),
        },
        Derive::Weapon => weapon(ds, rows)?,
        Derive::MocodeFlag { code } => {
            if let Some(&(_, bit)) = ctx.mocode_bits.iter().find(|(c, _)| c == code) {
                let masks = &ctx.mocode_masks;
                return Ok(cat_fixed(rows, &NO_YES, |r| ((masks[r] >> bit) & 1) as u32));
            }
            let (offsets, values) = mocodes(ds)?;
            cat_fixed(rows, &NO_YES, |r| {
                let list = &values[offsets[r] as usize..offsets[r + 1] as usize];
                list.contains(code) as u32
            })
        }
        Derive::MocodeCount => {
            let (offsets, _) = mocodes(ds)?;
            Raw::Num(rows.iter().map(|&r| (offsets[r as usize + 1] - offsets[r as usize]) as f32).collect())
        }
        Derive::Area => match text(ds, Official::AreaName) {
            Some((codes, dict)) => dict_codes(rows, codes, dict),
            None => int_codes(rows, ints(ds, Official::Area)?),
        },
        Derive::Column { name } => column(ds, name, rows)?,
    })
}

fn text_feature<'a>(ds: &'a Dataset, o: Official, rows: &[u32]) -> Result<Raw<'a>> {
    let (codes, dict) = text(ds, o).ok_or_else(|| missing_column(o))?;
    Ok(dict_codes(rows, codes, dict))
}

/// The Mocodes lists.
pub fn mocodes(ds: &Dataset) -> Result<(&[u32], &[u16])> {
    match ds.official(Official::Mocodes).map(|c| &c.data) {
        Some(ColumnData::CodeList { offsets, values }) => Ok((offsets, values)),
        _ => Err(missing_column(Official::Mocodes)),
    }
}

fn weapon<'a>(ds: &'a Dataset, rows: &[u32]) -> Result<Raw<'a>> {
    let raw = match text(ds, Official::WeaponDesc) {
        Some((codes, dict)) => dict_codes(rows, codes, dict),
        None => int_codes(rows, ints(ds, Official::WeaponUsedCd)?),
    };
    let Raw::Cat { mut codes, names, .. } = raw else { unreachable!() };
    // A blank weapon means none was recorded: a value of its own, not a missing one.
    let mut names = names.into_owned();
    let none = names.len() as u32;
    names.push("NONE".into());
    for c in &mut codes {
        if *c == MISSING_CODE {
            *c = none;
        }
    }
    Ok(Raw::Cat { codes, names: Cow::Owned(names), ordered: false })
}

fn grid<'a>(ds: &'a Dataset, rows: &[u32], degrees: f64) -> Result<Raw<'a>> {
    if !(degrees > 0.0 && degrees <= 1.0) {
        return Err(Error::invalid_param("features", "grid_degrees", degrees, "a number in (0, 1]"));
    }
    let lat = floats(ds, Official::Lat)?;
    let lon = floats(ds, Official::Lon)?;
    // Cells of the accepted area, numbered row by row; dense codes in order of appearance.
    // Tiny cells give huge grids: counts saturate, and cells are then keyed by (row, column).
    let cells = |span: f64| ((span / degrees).floor() as usize).saturating_add(1);
    let n_rows = cells(LAT_RANGE.1 - LAT_RANGE.0);
    let n_cols = cells(LON_RANGE.1 - LON_RANGE.0);
    let mut dense: FxHashMap<(usize, usize), u32> = FxHashMap::default();
    let mut table = match n_rows.checked_mul(n_cols) {
        Some(n) if n <= 1 << 22 => vec![MISSING_CODE; n],
        _ => Vec::new(),
    };
    let mut names = Vec::new();
    let name_of = |row: usize, col: usize, names: &mut Vec<String>| {
        names.push(format!("r{row}c{col}"));
        names.len() as u32 - 1
    };
    let codes = rows
        .iter()
        .map(|&r| {
            let (y, x) = (lat[r as usize], lon[r as usize]);
            if clean(y, LAT_RANGE).is_nan() || clean(x, LON_RANGE).is_nan() {
                return MISSING_CODE;
            }
            let row = (((y - LAT_RANGE.0) / degrees) as usize).min(n_rows - 1);
            let col = (((x - LON_RANGE.0) / degrees) as usize).min(n_cols - 1);
            if table.is_empty() {
                return *dense.entry((row, col)).or_insert_with(|| name_of(row, col, &mut names));
            }
            let code = &mut table[row * n_cols + col];
            if *code == MISSING_CODE {
                *code = name_of(row, col, &mut names);
            }
            *code
        })
        .collect();
    Ok(Raw::Cat { codes, names: Cow::Owned(names), ordered: false })
}

fn column<'a>(ds: &'a Dataset, name: &str, rows: &[u32]) -> Result<Raw<'a>> {
    let col = ds
        .column(name)
        .ok_or_else(|| Error::column_unavailable(format!("the feature column:{name}"), name))?;
    let as_code = col.official.is_some_and(is_code_column);
    Ok(match &col.data {
        ColumnData::Int(v) if as_code => int_codes(rows, v),
        ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => {
            num_from(rows, v, |x| if x == MISSING_INT { f32::NAN } else { x as f32 })
        }
        ColumnData::Float(v) => num_from(rows, v, |x| x as f32),
        ColumnData::Category { codes, dict } => dict_codes(rows, codes, dict),
        ColumnData::CodeList { offsets, .. } => {
            Raw::Num(rows.iter().map(|&r| (offsets[r as usize + 1] - offsets[r as usize]) as f32).collect())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::load_bytes;

    #[test]
    fn derives_cells_ages_and_buckets() {
        let csv = "DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA,Crm Cd,Vict Age,Weapon Desc,LAT,LON\n\
                   1,01/02/2021,01/01/2021,1230,8,624,0,,34.0701,-118.4679\n\
                   2,01/01/2021,01/01/2021,0015,8,624,34,KNIFE,34.0799,-118.4601\n\
                   3,12/30/2020,01/02/2021,2359,8,624,-2,,0,0\n";
        let ds = load_bytes(csv.as_bytes(), "t.csv").unwrap().dataset;
        let ctx = DeriveCtx::new(&ds);
        let rows = [0, 1, 2];
        let Raw::Cat { codes, names, .. } =
            derive(&ds, &Derive::GridCell { degrees: 0.02 }, &rows, &ctx).unwrap()
        else {
            panic!()
        };
        // (34.0701 - 33.2) / 0.02 = 43.5 → row 43; (-118.4679 + 119) / 0.02 = 26.6 → col 26.
        assert_eq!(names[codes[0] as usize], "r43c26");
        assert_eq!(codes[0], codes[1]);
        assert_eq!(codes[2], MISSING_CODE);
        let Raw::Num(age) = derive(&ds, &Derive::VictimAge, &rows, &ctx).unwrap() else { panic!() };
        assert!(age[0].is_nan() && age[1] == 34.0 && age[2].is_nan());
        let Raw::Num(delay) = derive(&ds, &Derive::ReportDelay, &rows, &ctx).unwrap() else { panic!() };
        assert_eq!(delay[0], 1.0);
        assert_eq!(delay[1], 0.0);
        assert!(delay[2].is_nan()); // reported before it occurred
        let Raw::Fixed { codes, names } = derive(&ds, &Derive::MinuteBucket, &rows, &ctx).unwrap() else {
            panic!()
        };
        assert_eq!(names[codes[0] as usize], ":30");
        assert_eq!(names[codes[1] as usize], ":15/:45");
        assert_eq!(names[codes[2] as usize], "other");
        let Raw::Cat { codes, names, .. } = derive(&ds, &Derive::Weapon, &rows, &ctx).unwrap() else {
            panic!()
        };
        assert_eq!(names[codes[0] as usize], "NONE");
        assert_eq!(names[codes[1] as usize], "KNIFE");
        let Raw::Fixed { codes, .. } = derive(&ds, &Derive::Holiday, &rows, &ctx).unwrap() else { panic!() };
        assert_eq!(codes, vec![1, 1, 0]); // New Year's Day
    }
}
