//! Single-incident "what if" predictions with exported models.
//!
//! An [`Incident`] (what a user fills in a form) becomes a one-row [`Dataset`] through the same
//! CSV loader as any file, then each exported model's own fitted feature pipeline turns it into
//! features, so a prediction here is exactly what the model would say about that row of an
//! export. [`options()`] lists what the form offers for the loaded dataset (divisions with
//! their median location, premises, weapons and MO codes by frequency).

pub mod options;

pub use options::{options, CodedChoice, DivisionChoice, MocodeChoice, WhatIfOptions};

use serde::{Deserialize, Serialize};

use crate::core::data::{load_bytes, Dataset};
use crate::core::error::{Error, Result};
use crate::core::eval::ExportedModel;
use crate::core::models::Model;

/// The 21 LAPD divisions: `AREA` code and `AREA NAME` as the export spells them.
pub const DIVISIONS: [(i32, &str); 21] = [
    (1, "Central"),
    (2, "Rampart"),
    (3, "Southwest"),
    (4, "Hollenbeck"),
    (5, "Harbor"),
    (6, "Hollywood"),
    (7, "Wilshire"),
    (8, "West LA"),
    (9, "Van Nuys"),
    (10, "West Valley"),
    (11, "Northeast"),
    (12, "77th Street"),
    (13, "Newton"),
    (14, "Pacific"),
    (15, "N Hollywood"),
    (16, "Foothill"),
    (17, "Devonshire"),
    (18, "Southeast"),
    (19, "Mission"),
    (20, "Olympic"),
    (21, "Topanga"),
];

/// One incident, as described in the what-if form. Empty fields are missing values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Incident {
    /// Date of occurrence, `YYYY-MM-DD`.
    pub date: String,
    /// Time of occurrence, `HH:MM`.
    pub time: String,
    /// `AREA` code, 1–21.
    pub area: i32,
    /// `Premis Cd`.
    pub premise_code: Option<i32>,
    /// `Premis Desc`.
    pub premise: String,
    /// `Weapon Used Cd`.
    pub weapon_code: Option<i32>,
    /// `Weapon Desc`.
    pub weapon: String,
    /// `Vict Age` (0 = unknown).
    pub victim_age: Option<i32>,
    /// `Vict Sex` (`M`, `F`, `X`).
    pub victim_sex: String,
    /// `Vict Descent` code (`W`, `H`, `B`, `A`, `O`, `X`…).
    pub victim_descent: String,
    /// `LAT` and `LON`.
    pub lat: Option<f64>,
    /// `LON`.
    pub lon: Option<f64>,
    /// `Mocodes`, space-separated.
    pub mocodes: String,
}

/// What one model says about an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The model (label and run number or file name).
    pub model: String,
    /// Class probabilities, most probable first.
    pub classes: Vec<(String, f32)>,
    /// Warnings of the model's pipeline (leakage overrides…).
    pub warnings: Vec<String>,
}

impl Incident {
    /// Checks the fields a form or a JSON file can get wrong, naming the first that is not
    /// valid: the division, the date and the time.
    pub fn validate(&self) -> Result<()> {
        if self.area != 0 && !DIVISIONS.iter().any(|d| d.0 == self.area) {
            return Err(Error::invalid_param(
                "what-if",
                "area",
                self.area,
                "an AREA code from 1 to 21 (0 = not given)",
            ));
        }
        if !self.date.is_empty() {
            us_date(&self.date)?;
        }
        let time = self.time.trim();
        let valid_time = time.split_once(':').is_some_and(|(h, m)| {
            h.len() <= 2
                && m.len() == 2
                && h.parse::<u8>().is_ok_and(|h| h < 24)
                && m.parse::<u8>().is_ok_and(|m| m < 60)
        });
        if !time.is_empty() && !valid_time {
            return Err(Error::invalid_param(
                "what-if",
                "time",
                format!("\"{time}\""),
                "a time HH:MM (00:00–23:59)",
            ));
        }
        Ok(())
    }

    /// The incident as a one-row dataset of the official schema.
    pub fn dataset(&self) -> Result<Dataset> {
        self.validate()?;
        let name = DIVISIONS.iter().find(|d| d.0 == self.area).map_or("", |d| d.1);
        let date = if self.date.is_empty() {
            String::new()
        } else {
            format!("{} 12:00:00 AM", us_date(&self.date)?)
        };
        let time = self.time.replace(':', "");
        let opt = |v: Option<i32>| v.map_or(String::new(), |v| v.to_string());
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let header = "DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA,AREA NAME,Crm Cd,Mocodes,Vict Age,Vict Sex,Vict Descent,Premis Cd,Premis Desc,Weapon Used Cd,Weapon Desc,LAT,LON";
        let row = [
            "0".to_owned(),
            date.clone(),
            date,
            time,
            self.area.to_string(),
            quote(name),
            String::new(),
            quote(&self.mocodes),
            opt(self.victim_age),
            quote(&self.victim_sex),
            quote(&self.victim_descent),
            opt(self.premise_code),
            quote(&self.premise),
            opt(self.weapon_code),
            quote(&self.weapon),
            self.lat.map_or(String::new(), |v| v.to_string()),
            self.lon.map_or(String::new(), |v| v.to_string()),
        ]
        .join(",");
        Ok(load_bytes(format!("{header}\n{row}\n").as_bytes(), "incident")?.dataset)
    }
}

fn us_date(iso: &str) -> Result<String> {
    let days = crate::core::data::date::parse_iso(iso)
        .ok_or_else(|| Error::invalid_param("what-if", "date", format!("\"{iso}\""), "a date YYYY-MM-DD"))?;
    let (y, m, d) = crate::core::data::date::civil_from_days(days);
    Ok(format!("{m:02}/{d:02}/{y:04}"))
}

/// Predicts `incident` with an exported model (its own pipeline builds the features).
pub fn predict(name: &str, exported: &ExportedModel, incident: &Incident) -> Result<Prediction> {
    let pipeline = &exported.pipeline;
    let ds = incident.dataset()?;
    let x = pipeline.transform(&ds, &[0])?;
    let proba = exported.model.predict_proba(&x)?;
    let mut classes: Vec<(String, f32)> = pipeline.classes.iter().cloned().zip(proba).collect();
    classes.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(Prediction { model: name.to_owned(), classes, warnings: pipeline.warnings.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_loads_as_one_row_of_the_export() {
        let incident = Incident {
            date: "2021-03-05".into(),
            time: "21:30".into(),
            area: 8,
            premise_code: Some(501),
            premise: "SINGLE FAMILY DWELLING".into(),
            victim_age: Some(34),
            victim_sex: "F".into(),
            lat: Some(34.05),
            lon: Some(-118.45),
            ..Default::default()
        };
        let ds = incident.dataset().unwrap();
        assert_eq!(ds.rows(), 1);
        assert_eq!(
            ds.date_range().map(|r| crate::core::data::date::format_iso(r.0)).as_deref(),
            Some("2021-03-05")
        );
        assert_eq!(ds.column("TIME OCC").unwrap().data.format(0), "21:30");
        assert_eq!(ds.column("AREA NAME").unwrap().data.format(0), "West LA");
    }
}
