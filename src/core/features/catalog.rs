//! The features a user can pick, each with a stable id.
//!
//! Derived features ([`DERIVED`]) have short ids (`hour`, `premise`, `mocodes`…); any column
//! of the file can also be used as it is, with the id `column:<name>`. [`options`] lists
//! everything available for a dataset (for the UI's checklist), [`default_ids`] the
//! recommended set, and [`sources`] the official columns a feature is computed from (which the
//! leakage rules look at).

use serde::{Deserialize, Serialize};

use crate::core::data::{Dataset, Official};

/// Prefix of the id of a feature that uses a column of the file as it is.
pub const COLUMN_PREFIX: &str = "column:";

/// A derived feature of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureDef {
    /// Stable id.
    pub id: &'static str,
    /// Human name.
    pub label: &'static str,
    /// What it is and how it is computed.
    pub description: &'static str,
    /// Official columns it is computed from (any one of an alternative pair suffices).
    pub sources: &'static [Official],
    /// Whether it is in the recommended set.
    pub default_on: bool,
}

use Official as O;

/// Every derived feature, in display order.
pub const DERIVED: &[FeatureDef] = &[
    def("hour", "Hour", "Hour of TIME OCC, 0–23 (numeric).", &[O::TimeOcc], true),
    def("minute_bucket", "Minute bucket", "Minute of TIME OCC: on the hour, :30, :15/:45 or other. Times rounded to the hour (and 12:00) are often estimates.", &[O::TimeOcc], true),
    def("weekday", "Weekday", "Day of the week of DATE OCC.", &[O::DateOcc], true),
    def("month", "Month", "Month of DATE OCC.", &[O::DateOcc], true),
    def("year", "Year", "Year of DATE OCC (numeric).", &[O::DateOcc], true),
    def("day_of_year", "Day of year", "Day of the year of DATE OCC, 1–366 (numeric).", &[O::DateOcc], true),
    def("weekend", "Weekend", "DATE OCC is a Saturday or Sunday.", &[O::DateOcc], true),
    def("holiday", "Federal holiday", "DATE OCC is a US federal holiday (or the weekday it is observed on).", &[O::DateOcc], true),
    def("report_delay_days", "Reporting delay", "Days from DATE OCC to Date Rptd (negative delays are missing).", &[O::DateRptd, O::DateOcc], true),
    def("victim_age", "Victim age", "Vict Age; 0 and negative ages (unknown, or no person victim) and ages over 120 are missing.", &[O::VictAge], true),
    def("victim_age_band", "Victim age band", "Victim age in bands: under 18, 18–24, 25–34, 35–44, 45–54, 55–64, 65+.", &[O::VictAge], true),
    def("victim_sex", "Victim sex", "Vict Sex (F, M, X, …).", &[O::VictSex], true),
    def("victim_descent", "Victim descent", "Vict Descent code.", &[O::VictDescent], true),
    def("lat", "Latitude", "LAT; 0 and points outside the Los Angeles area are missing.", &[O::Lat], true),
    def("lon", "Longitude", "LON; 0 and points outside the Los Angeles area are missing.", &[O::Lon], true),
    def("grid_cell", "Grid cell", "Square cell of LAT/LON (size set by grid_degrees), rare cells pooled.", &[O::Lat, O::Lon], true),
    def("premise", "Premise", "Premis Desc, the top K premises of the training rows, the rest Other.", &[O::PremisDesc, O::PremisCd], true),
    def("weapon", "Weapon", "Weapon Desc, the top K weapons of the training rows, the rest Other; blank is NONE.", &[O::WeaponDesc, O::WeaponUsedCd], true),
    def("mocodes", "MO codes", "One yes/no feature per modus-operandi code, for the top K codes of the training rows.", &[O::Mocodes], true),
    def("mocode_count", "MO code count", "Number of MO codes recorded.", &[O::Mocodes], true),
    def("area", "Division", "The LAPD division (AREA NAME, or AREA).", &[O::AreaName, O::Area], true),
];

const fn def(
    id: &'static str,
    label: &'static str,
    description: &'static str,
    sources: &'static [Official],
    default_on: bool,
) -> FeatureDef {
    FeatureDef { id, label, description, sources, default_on }
}

/// A feature the user can toggle, as listed for a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureOption {
    /// Stable id.
    pub id: String,
    /// Human name.
    pub label: String,
    /// What it is.
    pub description: String,
    /// Whether it is in the recommended set.
    pub default_on: bool,
    /// Whether the dataset has the columns it needs.
    pub available: bool,
}

/// The catalog entry of a derived id.
pub fn find(id: &str) -> Option<&'static FeatureDef> {
    DERIVED.iter().find(|d| d.id == id)
}

/// Ids of the recommended features.
pub fn default_ids() -> Vec<String> {
    DERIVED.iter().filter(|d| d.default_on).map(|d| d.id.to_owned()).collect()
}

/// The id of the feature that uses column `name` as it is.
pub fn column_id(name: &str) -> String {
    format!("{COLUMN_PREFIX}{name}")
}

/// Official columns a feature id is computed from.
pub fn sources(id: &str) -> Vec<Official> {
    if let Some(name) = id.strip_prefix(COLUMN_PREFIX) {
        return Official::from_header(name).into_iter().collect();
    }
    find(id).map(|d| d.sources.to_vec()).unwrap_or_default()
}

/// Whether a dataset has what a derived feature needs: the first source, or for an
/// alternative pair (description or code) either one; both dates for the reporting delay.
pub fn is_available(ds: &Dataset, id: &str) -> bool {
    if let Some(name) = id.strip_prefix(COLUMN_PREFIX) {
        return ds.column(name).is_some();
    }
    match find(id) {
        None => false,
        Some(d) if d.id == "report_delay_days" || d.id == "grid_cell" => {
            d.sources.iter().all(|&o| ds.official(o).is_some())
        }
        Some(d) => d.sources.iter().any(|&o| ds.official(o).is_some()),
    }
}

/// Every feature available for a dataset: the derived ones, then each column as it is.
pub fn options(ds: &Dataset) -> Vec<FeatureOption> {
    let mut out: Vec<FeatureOption> = DERIVED
        .iter()
        .map(|d| FeatureOption {
            id: d.id.to_owned(),
            label: d.label.to_owned(),
            description: d.description.to_owned(),
            default_on: d.default_on,
            available: is_available(ds, d.id),
        })
        .collect();
    out.extend(ds.columns().iter().map(|c| FeatureOption {
        id: column_id(&c.name),
        label: c.name.clone(),
        description: format!("The column {} as it is ({}).", c.name, c.data.kind().label()),
        default_on: false,
        available: true,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = DERIVED.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), DERIVED.len());
        assert_eq!(sources("column:Crm Cd"), vec![Official::CrmCd]);
        assert_eq!(sources("grid_cell"), vec![Official::Lat, Official::Lon]);
    }
}
