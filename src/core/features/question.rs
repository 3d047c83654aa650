//! [`Question`]: what a model is asked, which decides what it may know.
//!
//! The default features include what officers record while filing a report (MO codes, the
//! victim, the weapon, the reporting delay). With them a model answers "which category does
//! this filed report belong to" — Part 1-2 on the sample's time split reaches macro-F1 ≈ 0.95,
//! mostly from MO codes. "What will happen here at this time" can use only what is known
//! before any report: when (hour, day, month, year, holidays), where (coordinates, grid cell,
//! division) and the kind of premise. Each question has its preset features, and a
//! "forecast" refuses any feature it could not know.

use serde::{Deserialize, Serialize};

use super::catalog::{self, COLUMN_PREFIX};
use crate::core::data::Official;
use crate::core::listed::Listed;

/// The question a model answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Question {
    /// Classify a filed report: any feature, the report's details included (MO codes, victim,
    /// weapon, reporting delay).
    #[default]
    FiledReport,
    /// Forecast from when and where: time, place and premise only, nothing recorded with the
    /// report.
    WhenWhere,
}

/// Derived features known before a report exists: the time, the place, the premise. (The
/// minute bucket is left out: it tells how the time was written down in the report.)
const WHEN_WHERE: &[&str] = &[
    "hour",
    "weekday",
    "month",
    "year",
    "day_of_year",
    "weekend",
    "holiday",
    "lat",
    "lon",
    "grid_cell",
    "area",
    "premise",
];

/// Columns of the export known before a report exists.
const WHEN_WHERE_COLUMNS: &[Official] = &[
    Official::DateOcc,
    Official::TimeOcc,
    Official::Area,
    Official::AreaName,
    Official::RptDistNo,
    Official::PremisCd,
    Official::PremisDesc,
    Official::Lat,
    Official::Lon,
    Official::Location,
    Official::CrossStreet,
];

impl Listed for Question {
    const SETTING: &'static str = "question";
    const VALUES: &'static [(Question, &'static str, &'static str)] = &[
        (Question::FiledReport, "filed-report", "Classify a filed report"),
        (Question::WhenWhere, "when-where", "Forecast from when and where"),
    ];
}

impl Question {
    /// What the question may use, for people.
    pub fn description(self) -> &'static str {
        match self {
            Question::FiledReport => {
                "Every feature, including what officers record with the report (MO codes, victim, weapon, reporting delay): which category does this filed report belong to?"
            }
            Question::WhenWhere => {
                "Only what is known before any report: the time, the place and the premise. What will happen here at this time?"
            }
        }
    }

    /// The preset features of the question.
    pub fn feature_ids(self) -> Vec<String> {
        match self {
            Question::FiledReport => catalog::default_ids(),
            Question::WhenWhere => WHEN_WHERE.iter().map(|id| (*id).to_owned()).collect(),
        }
    }

    /// Why feature `id` cannot answer this question, if it cannot.
    pub fn refuses(self, id: &str) -> Option<String> {
        if self == Question::FiledReport {
            return None;
        }
        let known = match id.strip_prefix(COLUMN_PREFIX) {
            Some(name) => Official::from_header(name).is_some_and(|o| WHEN_WHERE_COLUMNS.contains(&o)),
            None => WHEN_WHERE.contains(&id),
        };
        (!known).then(|| match id.strip_prefix(COLUMN_PREFIX) {
            Some(name) if Official::from_header(name).is_none() => {
                format!("the column {name} is not part of the export, so nothing says it is known before a report")
            }
            _ => format!("{id} is recorded with the report"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forecasts_use_only_what_is_known_before_a_report() {
        let q = Question::WhenWhere;
        assert!(q.feature_ids().iter().all(|id| q.refuses(id).is_none() && catalog::find(id).is_some()));
        for id in ["mocodes", "mocode_count", "victim_age", "weapon", "report_delay_days", "minute_bucket"] {
            assert!(q.refuses(id).is_some(), "{id}");
        }
        assert!(q.refuses("column:Premis Desc").is_none());
        assert!(q.refuses("column:Status").is_some());
        assert!(q.refuses("column:noise").is_some());
        assert!(Question::FiledReport.refuses("mocodes").is_none());
        assert_eq!(Question::FiledReport.feature_ids(), catalog::default_ids());
        for (q, id, _) in Question::VALUES {
            assert_eq!(Question::from_id(id), Some(*q));
            assert_eq!(serde_json::to_value(q).unwrap(), *id);
        }
    }
}
