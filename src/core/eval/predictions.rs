//! [`TestPredictions`]: one run's prediction for every test row, with the facts about each
//! incident ([`TestIncidents`]) that the prediction map, its details and the predictions CSV
//! need.
//!
//! The trainer worker sends them to the page as one binary buffer beside its `Trained`
//! message ([`TestPredictions::layout`], the framing of [`wire`]: a small JSON header, then
//! one raw little-endian block per column), never as per-row JSON. On the full export's
//! ~200,000 test rows × 10 classes that is about 14 MB, 8 of them the probabilities.

use serde::{Deserialize, Serialize};

use super::incidents::TestIncidents;
use crate::core::data::wire::{self, wire_error};
use crate::core::error::Result;
use crate::core::models::argmax_rows;

/// The true class of a row whose class is not known (a saved model applied to a file without
/// the target, or to a row with a blank one).
pub const UNKNOWN_CLASS: u32 = crate::core::features::target::NO_LABEL;

const VERSION: u32 = 1;

/// Every test row's truth, prediction and class probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct TestPredictions {
    /// Class names; classes below are indices into them.
    pub classes: Vec<String>,
    /// Dataset row of each test row.
    pub rows: Vec<u32>,
    /// True class of each test row ([`UNKNOWN_CLASS`] when not known).
    pub actual: Vec<u32>,
    /// Predicted class (the most probable; the first on ties) of each test row.
    pub predicted: Vec<u32>,
    /// Probabilities, row-major `rows × classes`.
    pub proba: Vec<f32>,
    /// `DR_NO`, place, date and premise of each test row.
    pub incidents: TestIncidents,
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    rows: usize,
    classes: Vec<String>,
    premises: Vec<String>,
}

impl TestPredictions {
    /// Predictions from the probabilities `proba` (`rows.len() × classes.len()`).
    pub fn new(
        classes: Vec<String>,
        rows: Vec<u32>,
        actual: Vec<u32>,
        proba: Vec<f32>,
        incidents: TestIncidents,
    ) -> Result<TestPredictions> {
        let predicted = argmax_rows(&proba, classes.len());
        let p = TestPredictions { classes, rows, actual, predicted, proba, incidents };
        p.check()?;
        Ok(p)
    }

    /// Number of test rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no test rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Number of classes.
    pub fn k(&self) -> usize {
        self.classes.len()
    }

    /// The probabilities of test row `i`.
    pub fn proba_of(&self, i: usize) -> &[f32] {
        let k = self.k();
        &self.proba[i * k..(i + 1) * k]
    }

    /// Share of the rows of known class predicted correctly.
    pub fn accuracy(&self) -> f64 {
        let hits = self.actual.iter().zip(&self.predicted).filter(|(a, p)| a == p).count();
        hits as f64 / self.labelled().max(1) as f64
    }

    /// Number of rows whose true class is known.
    pub fn labelled(&self) -> usize {
        self.actual.iter().filter(|&&c| c != UNKNOWN_CLASS).count()
    }

    /// Whether row `i`'s true class is known.
    pub fn is_labelled(&self, i: usize) -> bool {
        self.actual.get(i).is_some_and(|&c| c != UNKNOWN_CLASS)
    }

    /// Lays the predictions out for transfer (no column is copied).
    pub fn layout(&self) -> wire::Layout<'_> {
        let header = Header {
            version: VERSION,
            rows: self.len(),
            classes: self.classes.clone(),
            premises: self.incidents.premises.clone(),
        };
        let header = serde_json::to_vec(&header).expect("predictions header serialises");
        let mut blocks = Vec::with_capacity(12);
        wire::push(&mut blocks, &self.rows);
        wire::push(&mut blocks, &self.actual);
        wire::push(&mut blocks, &self.predicted);
        wire::push(&mut blocks, &self.proba);
        self.incidents.push_blocks(&mut blocks);
        wire::Layout::from_parts(header, blocks)
    }

    /// Encodes into one contiguous buffer (native use and tests).
    pub fn encode(&self) -> Vec<u8> {
        wire::to_bytes(&self.layout())
    }

    /// Decodes what [`TestPredictions::encode`] produced.
    pub fn decode(bytes: &[u8]) -> Result<TestPredictions> {
        wire::read_framed(bytes, |header, fill| TestPredictions::decode_with(header, fill))
    }

    /// Decodes from the header JSON, calling `fill` with each block's destination in order.
    pub fn decode_with(
        header: &[u8],
        mut fill: impl FnMut(&mut [u8]) -> Result<()>,
    ) -> Result<TestPredictions> {
        let header: Header = serde_json::from_slice(header).map_err(|e| wire_error(&e.to_string()))?;
        if header.version != VERSION {
            return Err(wire_error("predictions version mismatch"));
        }
        let n = header.rows;
        let k = header.classes.len();
        let fill = &mut fill;
        let p = TestPredictions {
            rows: wire::block(n, fill)?,
            actual: wire::block(n, fill)?,
            predicted: wire::block(n, fill)?,
            proba: wire::block(n * k, fill)?,
            incidents: TestIncidents::read_blocks(n, header.premises, fill)?,
            classes: header.classes,
        };
        p.check()?;
        Ok(p)
    }

    fn check(&self) -> Result<()> {
        let (n, k) = (self.len(), self.k());
        let lens_ok = self.actual.len() == n
            && self.predicted.len() == n
            && self.proba.len() == n * k
            && self.incidents.len() == n
            && [self.incidents.lat.len(), self.incidents.lon.len(), self.incidents.area.len()]
                .iter()
                .chain(&[self.incidents.date.len(), self.incidents.time.len(), self.incidents.premise.len()])
                .all(|&l| l == n);
        if !lens_ok {
            return Err(wire_error("test predictions: columns of different lengths"));
        }
        let known = self.actual.iter().filter(|&&c| c != UNKNOWN_CLASS);
        if known.chain(&self.predicted).any(|&c| c as usize >= k) {
            return Err(wire_error("test predictions: a class is out of range"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::{MISSING_CODE, MISSING_INT};

    fn sample() -> TestPredictions {
        let incidents = TestIncidents {
            dr_no: vec![200100001, MISSING_INT, 200100003],
            lat: vec![34.05, f32::NAN, 33.9],
            lon: vec![-118.25, f32::NAN, -118.3],
            area: vec![1, 0, 12],
            date: vec![18_300, 18_301, MISSING_INT],
            time: vec![5, MISSING_INT, 1_439],
            premise: vec![1, MISSING_CODE, 0],
            premises: vec!["STREET".into(), "SIDEWALK".into()],
        };
        TestPredictions::new(
            vec!["a".into(), "b".into()],
            vec![7, 3, 11],
            vec![0, 1, 1],
            vec![0.9, 0.1, 0.2, 0.8, 0.6, 0.4],
            incidents,
        )
        .unwrap()
    }

    #[test]
    fn round_trips_through_the_wire_framing() {
        let p = sample();
        assert_eq!(p.predicted, vec![0, 1, 0]);
        assert!((p.accuracy() - 2.0 / 3.0).abs() < 1e-12);
        let bytes = p.encode();
        let back = TestPredictions::decode(&bytes).unwrap();
        // NaN != NaN, so compare the located flags and the rest field by field.
        assert_eq!(back.classes, p.classes);
        assert_eq!((&back.rows, &back.actual, &back.predicted), (&p.rows, &p.actual, &p.predicted));
        assert_eq!(back.proba, p.proba);
        assert_eq!(back.incidents.dr_no, p.incidents.dr_no);
        assert_eq!(back.incidents.area, p.incidents.area);
        assert_eq!(back.incidents.premise_of(0), Some("SIDEWALK"));
        assert_eq!(back.incidents.premise_of(1), None);
        assert!(back.incidents.located(0) && !back.incidents.located(1));
        assert_eq!(back.proba_of(2), &[0.6, 0.4]);
        // Truncated or corrupted buffers are refused.
        assert!(TestPredictions::decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(TestPredictions::decode(&bytes[..5]).is_err());
    }

    #[test]
    fn refuses_inconsistent_columns() {
        let mut p = sample();
        p.actual[0] = 5;
        assert!(p.check().is_err());
        let mut p = sample();
        p.incidents.lat.pop();
        assert!(p.check().is_err());
        assert!(TestPredictions::new(vec!["a".into()], vec![1], vec![0], vec![1.0, 0.0], sample().incidents)
            .is_err());
    }
}
