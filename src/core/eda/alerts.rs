//! [`Alert`]s: what a data scientist should notice about a column before modelling.

use serde::{Deserialize, Serialize};

use crate::core::data::Official;

/// The kind of an [`Alert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Many distinct values (free text such as `LOCATION`, or code lists such as `Mocodes`).
    HighCardinality,
    /// A single distinct value.
    Constant,
    /// Every present value is different (an identifier such as `DR_NO`).
    Unique,
    /// More than half of the values are missing.
    MostlyMissing,
    /// A strongly skewed numeric distribution (|skewness| > 2).
    Skewed,
    /// Values present but impossible (`Vict Age ≤ 0`, unparseable fields).
    InvalidValues,
    /// `LAT`/`LON` given as 0: the location is withheld.
    HiddenLocation,
    /// The column encodes the crime type: it must not be a feature when predicting crime type.
    Leakage,
}

/// One thing worth noticing about a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// What kind of problem.
    pub kind: AlertKind,
    /// Rows concerned, when the alert is about some rows.
    pub count: Option<u64>,
    /// One sentence for people.
    pub message: String,
}

impl Alert {
    /// An alert without a row count.
    pub fn new(kind: AlertKind, message: impl Into<String>) -> Alert {
        Alert { kind, count: None, message: message.into() }
    }

    /// An alert about `count` rows.
    pub fn rows(kind: AlertKind, count: u64, message: impl Into<String>) -> Alert {
        Alert { kind, count: Some(count), message: message.into() }
    }
}

/// Whether an official column gives away the crime type (`Crm Cd`, its description, the
/// `Crm Cd 1–4` list and `Part 1-2`, which is derived from the code).
pub fn leaks_crime_type(o: Official) -> bool {
    matches!(
        o,
        Official::CrmCd
            | Official::CrmCdDesc
            | Official::CrmCd1
            | Official::CrmCd2
            | Official::CrmCd3
            | Official::CrmCd4
            | Official::Part12
    )
}

/// Distinct text values above which a category column is flagged as high-cardinality.
pub const HIGH_CARDINALITY_TEXT: usize = 1000;

/// Distinct codes above which a code-list column is flagged as high-cardinality.
pub const HIGH_CARDINALITY_CODES: usize = 100;

/// |skewness| above which a numeric column is flagged.
pub const SKEW_LIMIT: f64 = 2.0;
