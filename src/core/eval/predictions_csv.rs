//! The predictions CSV: one row per test incident with `DR_NO`, `actual`, `predicted`, then
//! one probability column `p_<class>` per class, so any outside tool can recompute every
//! metric. Written by `crimelab train --predictions OUT.csv`, `crimelab predict`, and the
//! app's download button, through [`SafeWriter`], so a class name such as `=HYPERLINK(…)` stays
//! text in a spreadsheet; `actual` is empty where the true class is not known.

use std::io::Write;

use super::predictions::{TestPredictions, UNKNOWN_CLASS};
use crate::core::data::MISSING_INT;
use crate::core::error::Result;
use crate::core::safe_csv::SafeWriter;

/// Writes the predictions CSV (header and one row per test row) to `out`.
pub fn write_predictions_csv<W: Write>(out: W, p: &TestPredictions) -> Result<()> {
    let mut w = SafeWriter::new(out);
    let mut header = vec!["DR_NO".to_owned(), "actual".to_owned(), "predicted".to_owned()];
    header.extend(p.classes.iter().map(|c| format!("p_{c}")));
    w.write_row(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for i in 0..p.len() {
        record.clear();
        let dr = p.incidents.dr_no[i];
        record.push(if dr == MISSING_INT { String::new() } else { dr.to_string() });
        record.push(match p.actual[i] {
            UNKNOWN_CLASS => String::new(),
            c => p.classes[c as usize].clone(),
        });
        record.push(p.classes[p.predicted[i] as usize].clone());
        record.extend(p.proba_of(i).iter().map(|v| format!("{v:.6}")));
        w.write_row(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// The predictions CSV as bytes.
pub fn predictions_csv(p: &TestPredictions) -> Result<Vec<u8>> {
    // About 10 bytes per probability plus the names: reserve once.
    let mut out = Vec::with_capacity(p.len() * (24 + 10 * p.k()));
    write_predictions_csv(&mut out, p)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::eval::TestIncidents;

    #[test]
    fn writes_one_row_per_test_row() {
        let incidents = TestIncidents {
            dr_no: vec![10, MISSING_INT],
            lat: vec![f32::NAN; 2],
            lon: vec![f32::NAN; 2],
            area: vec![0; 2],
            date: vec![MISSING_INT; 2],
            time: vec![MISSING_INT; 2],
            premise: vec![crate::core::data::MISSING_CODE; 2],
            premises: Vec::new(),
        };
        let p = TestPredictions::new(
            vec!["Theft".into(), "Fraud, identity".into()],
            vec![0, 1],
            vec![1, 1],
            vec![0.25, 0.75, 0.5, 0.5],
            incidents,
        )
        .unwrap();
        let text = String::from_utf8(predictions_csv(&p).unwrap()).unwrap();
        assert_eq!(
            text,
            "DR_NO,actual,predicted,p_Theft,\"p_Fraud, identity\"\n\
             10,\"Fraud, identity\",\"Fraud, identity\",0.250000,0.750000\n\
             ,\"Fraud, identity\",Theft,0.500000,0.500000\n"
        );
    }

    #[test]
    fn class_names_that_look_like_formulas_stay_text() {
        let incidents = TestIncidents {
            dr_no: vec![10],
            lat: vec![f32::NAN],
            lon: vec![f32::NAN],
            area: vec![0],
            date: vec![MISSING_INT],
            time: vec![MISSING_INT],
            premise: vec![crate::core::data::MISSING_CODE],
            premises: Vec::new(),
        };
        let classes = vec!["@SUM(A1)".to_string(), "=HYPERLINK(\"http://x\")".to_string()];
        let p = TestPredictions::new(classes, vec![0], vec![1], vec![0.25, 0.75], incidents).unwrap();
        let text = String::from_utf8(predictions_csv(&p).unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        assert_eq!(&header[3], "p_@SUM(A1)");
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&row[2], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&row[4], "0.750000");
    }
}
