//! [`TestIncidents`]: what the prediction map and the predictions CSV need to know about each
//! test row (its `DR_NO`, place, division, date and premise), copied out of the dataset once
//! so the predictions stay usable after the dataset changes or the trainer is restarted.

use crate::core::data::{wire, ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};
use crate::core::error::Result;

/// Facts about each test row, in the order of the test rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TestIncidents {
    /// `DR_NO` ([`MISSING_INT`] when absent).
    pub dr_no: Vec<i32>,
    /// Latitude (`NaN` for withheld locations, which the file writes as 0/0).
    pub lat: Vec<f32>,
    /// Longitude (`NaN` for withheld locations).
    pub lon: Vec<f32>,
    /// `AREA` code of the division, 1–21 (0 when unknown).
    pub area: Vec<u8>,
    /// `DATE OCC` as days since 1970-01-01 ([`MISSING_INT`] when absent).
    pub date: Vec<i32>,
    /// `TIME OCC` in minutes after midnight ([`MISSING_INT`] when absent).
    pub time: Vec<i32>,
    /// Index into [`TestIncidents::premises`] ([`MISSING_CODE`] when absent).
    pub premise: Vec<u32>,
    /// `Premis Desc` values.
    pub premises: Vec<String>,
}

impl TestIncidents {
    /// Copies the facts of dataset rows `rows` (missing columns give missing values).
    pub fn of_rows(ds: &Dataset, rows: &[u32]) -> TestIncidents {
        let ints = |o: Official| match ds.official(o).map(|c| &c.data) {
            Some(ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v)) => Some(v.as_slice()),
            _ => None,
        };
        let floats = |o: Official| match ds.official(o).map(|c| &c.data) {
            Some(ColumnData::Float(v)) => Some(v.as_slice()),
            _ => None,
        };
        let pick_int = |v: Option<&[i32]>| -> Vec<i32> {
            rows.iter().map(|&r| v.map_or(MISSING_INT, |v| v[r as usize])).collect()
        };
        let pick_float = |v: Option<&[f64]>| -> Vec<f32> {
            rows.iter()
                .map(|&r| match v.map(|v| v[r as usize]) {
                    Some(x) if x.is_finite() && x != 0.0 => x as f32,
                    _ => f32::NAN,
                })
                .collect()
        };
        let mut lat = pick_float(floats(Official::Lat));
        let mut lon = pick_float(floats(Official::Lon));
        // A place needs both coordinates.
        for (a, b) in lat.iter_mut().zip(lon.iter_mut()) {
            if a.is_nan() || b.is_nan() {
                (*a, *b) = (f32::NAN, f32::NAN);
            }
        }
        let area = ints(Official::Area);
        let (premise, premises) = match ds.official(Official::PremisDesc).map(|c| &c.data) {
            Some(ColumnData::Category { codes, dict }) => {
                (rows.iter().map(|&r| codes[r as usize]).collect(), dict.values().to_vec())
            }
            _ => (vec![MISSING_CODE; rows.len()], Vec::new()),
        };
        TestIncidents {
            dr_no: pick_int(ints(Official::DrNo)),
            lat,
            lon,
            area: rows
                .iter()
                .map(|&r| match area.map(|a| a[r as usize]) {
                    Some(a @ 1..=21) => a as u8,
                    _ => 0,
                })
                .collect(),
            date: pick_int(ints(Official::DateOcc)),
            time: pick_int(ints(Official::TimeOcc)),
            premise,
            premises,
        }
    }

    /// The facts of rows `keep` (indices into these rows), in that order.
    pub fn take(&self, keep: &[usize]) -> TestIncidents {
        fn pick<T: Copy>(v: &[T], keep: &[usize]) -> Vec<T> {
            keep.iter().map(|&i| v[i]).collect()
        }
        TestIncidents {
            dr_no: pick(&self.dr_no, keep),
            lat: pick(&self.lat, keep),
            lon: pick(&self.lon, keep),
            area: pick(&self.area, keep),
            date: pick(&self.date, keep),
            time: pick(&self.time, keep),
            premise: pick(&self.premise, keep),
            premises: self.premises.clone(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.dr_no.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.dr_no.is_empty()
    }

    /// Whether row `i` has a location.
    #[inline]
    pub fn located(&self, i: usize) -> bool {
        !self.lat[i].is_nan()
    }

    /// The premise of row `i`, if known.
    pub fn premise_of(&self, i: usize) -> Option<&str> {
        self.premises.get(self.premise[i] as usize).map(String::as_str)
    }

    /// Adds the columns as wire blocks, in the order [`TestIncidents::read_blocks`] reads them.
    pub(crate) fn push_blocks<'a>(&'a self, blocks: &mut Vec<&'a [u8]>) {
        wire::push(blocks, &self.dr_no);
        wire::push(blocks, &self.lat);
        wire::push(blocks, &self.lon);
        wire::push(blocks, &self.area);
        wire::push(blocks, &self.date);
        wire::push(blocks, &self.time);
        wire::push(blocks, &self.premise);
    }

    /// Reads `n` rows written by [`TestIncidents::push_blocks`].
    pub(crate) fn read_blocks(
        n: usize,
        premises: Vec<String>,
        fill: &mut impl FnMut(&mut [u8]) -> Result<()>,
    ) -> Result<TestIncidents> {
        Ok(TestIncidents {
            dr_no: wire::block(n, fill)?,
            lat: wire::block(n, fill)?,
            lon: wire::block(n, fill)?,
            area: wire::block(n, fill)?,
            date: wire::block(n, fill)?,
            time: wire::block(n, fill)?,
            premise: wire::block(n, fill)?,
            premises,
        })
    }
}
