//! The leakage guard: features that give the answer away.
//!
//! Two checks, both run before anything is trained:
//!
//! * **Rules** ([`RULES`]): columns known to be recorded from, or to define, the target — the
//!   crime code and its description for the crime group and Part 1-2, `Status` for arrests, the
//!   area, reporting district, address and coordinates for the division, and the record number
//!   `DR_NO` (which encodes year and division) for every target. For a free-column target, the
//!   column itself and its code/description twin.
//! * **Data** ([`measure`]): on the training rows only, the uncertainty coefficient
//!   `U = I(X;Y) / H(Y)` of the target given the feature, with values seen fewer than
//!   [`LeakageConfig::min_rows`] times pooled (so row identifiers do not look predictive).
//!   A feature with `U >= threshold` (default [`DEFAULT_THRESHOLD`] = 0.8: it removes at least
//!   80 % of the uncertainty about the target on its own) nearly determines the target.
//!
//! Flagged features are excluded unless the guard is off or the feature is in
//! [`LeakageConfig::allow`]; a kept leaky feature adds a warning that travels with every result.

use serde::{Deserialize, Serialize};

use super::catalog;
use super::contingency::Contingency;
use super::target::Target;
use crate::core::data::Official;

/// Default uncertainty coefficient from which a feature counts as (nearly) determining the target.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Settings of the leakage guard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeakageConfig {
    /// Exclude flagged features (default true). Off = keep them all, with warnings.
    pub guard: bool,
    /// Feature ids to keep even when flagged (each with a warning).
    pub allow: Vec<String>,
    /// Uncertainty coefficient from which the data check flags a feature, in (0, 1]; default 0.8.
    pub threshold: f64,
    /// Values seen on fewer training rows than this are pooled before measuring; default 5.
    pub min_rows: u64,
}

impl Default for LeakageConfig {
    fn default() -> LeakageConfig {
        LeakageConfig { guard: true, allow: Vec::new(), threshold: DEFAULT_THRESHOLD, min_rows: 5 }
    }
}

/// A flagged feature and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeakageNote {
    /// The feature id.
    pub feature: String,
    /// The output column measured (for multi-column features such as MO codes).
    pub column: String,
    /// The explanation shown to the user.
    pub reason: String,
    /// Whether a rule flagged it (otherwise the data check did).
    pub rule: bool,
    /// Uncertainty coefficient measured on the training rows, when measured.
    pub uncertainty: Option<f64>,
    /// Whether it was excluded (false = kept by the user's override: results carry a warning).
    pub excluded: bool,
}

/// Which target a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleTarget {
    /// Every target.
    Any,
    /// Only this preset.
    Preset(&'static str),
}

use Official as O;
use RuleTarget::{Any, Preset};

/// Known leaks: (target, source column, explanation).
pub const RULES: &[(RuleTarget, Official, &str)] = &[
    (Any, O::DrNo, "DR_NO is the record number: it identifies the row and encodes the year and the division"),
    (Preset("crime-group"), O::CrmCd, "Crm Cd defines the crime group (the group is a lookup of this code)"),
    (
        Preset("crime-group"),
        O::CrmCdDesc,
        "Crm Cd Desc is the text of the crime code, which defines the crime group",
    ),
    (Preset("crime-group"), O::CrmCd1, "Crm Cd 1 is the primary crime code, which defines the crime group"),
    (
        Preset("crime-group"),
        O::CrmCd2,
        "Crm Cd 2 is an additional crime code recorded with the classification",
    ),
    (
        Preset("crime-group"),
        O::CrmCd3,
        "Crm Cd 3 is an additional crime code recorded with the classification",
    ),
    (
        Preset("crime-group"),
        O::CrmCd4,
        "Crm Cd 4 is an additional crime code recorded with the classification",
    ),
    (Preset("crime-group"), O::Part12, "Part 1-2 is derived from the crime code"),
    (Preset("part-1-2"), O::CrmCd, "Part 1-2 is a function of Crm Cd"),
    (Preset("part-1-2"), O::CrmCdDesc, "Part 1-2 is a function of the crime code that Crm Cd Desc describes"),
    (Preset("part-1-2"), O::CrmCd1, "Crm Cd 1 is the primary crime code, which defines Part 1-2"),
    (Preset("part-1-2"), O::CrmCd2, "Crm Cd 2 is an additional crime code recorded with the classification"),
    (Preset("part-1-2"), O::CrmCd3, "Crm Cd 3 is an additional crime code recorded with the classification"),
    (Preset("part-1-2"), O::CrmCd4, "Crm Cd 4 is an additional crime code recorded with the classification"),
    (Preset("arrest"), O::Status, "Status records the arrest itself (AA/JA = arrest)"),
    (Preset("arrest"), O::StatusDesc, "Status Desc is the text of Status, which records the arrest"),
    (Preset("division"), O::Area, "AREA is the division"),
    (Preset("division"), O::AreaName, "AREA NAME is the division's name"),
    (
        Preset("division"),
        O::RptDistNo,
        "reporting districts nest inside divisions: Rpt Dist No determines AREA",
    ),
    (Preset("division"), O::Lat, "the coordinates place the crime inside one division"),
    (Preset("division"), O::Lon, "the coordinates place the crime inside one division"),
    (Preset("division"), O::Location, "the street address places the crime inside one division"),
    (Preset("division"), O::CrossStreet, "the cross street places the crime inside one division"),
];

/// Columns that say the same thing (a code and its description).
const TWINS: &[&[Official]] = &[
    &[O::CrmCd, O::CrmCdDesc, O::CrmCd1],
    &[O::Status, O::StatusDesc],
    &[O::Area, O::AreaName],
    &[O::PremisCd, O::PremisDesc],
    &[O::WeaponUsedCd, O::WeaponDesc],
];

/// The rule explanation flagging feature `id` for `target`, if a rule does.
pub fn rule_reason(target: &Target, id: &str) -> Option<String> {
    let sources = catalog::sources(id);
    if let Some(s) = sources.iter().find(|s| target.sources().contains(s)) {
        return Some(format!("{} is the column the target is read from", s.name()));
    }
    if let Target::Column(name) = target {
        if id.strip_prefix(catalog::COLUMN_PREFIX) == Some(name.as_str()) {
            return Some(format!("{name} is the target column itself"));
        }
        let target_sources = target.sources();
        for &t in &target_sources {
            let twins: &[Official] = TWINS.iter().find(|g| g.contains(&t)).copied().unwrap_or(&[]);
            if let Some(s) = sources.iter().find(|s| **s == t || twins.contains(s)) {
                return Some(format!("{} records the same thing as the target column {name}", s.name()));
            }
        }
    }
    RULES
        .iter()
        .find(|(rt, source, _)| {
            let applies = match rt {
                Any => true,
                Preset(p) => *p == target.id(),
            };
            applies && sources.contains(source)
        })
        .map(|(_, source, reason)| {
            if id.starts_with(catalog::COLUMN_PREFIX) {
                (*reason).to_owned()
            } else {
                format!("{reason} (this feature is computed from {})", source.name())
            }
        })
}

/// The data check: the uncertainty coefficient of the target given a feature (training rows).
pub fn measure(table: &Contingency, config: &LeakageConfig) -> f64 {
    table.pooled(config.min_rows).uncertainty()
}
