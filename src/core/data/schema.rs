//! The official schema of the LA crime export and how header names are matched to it.
//!
//! The export has 28 columns ([`Official::ALL`]). Header names are matched loosely (see
//! [`normalize_name`]) so that `AREA ` with a trailing space, the open-data API's snake_case
//! names (`date_occ`) and spreadsheet re-saves all work. Columns may come in any order; extra
//! columns are kept and typed by inference.

use serde::{Deserialize, Serialize};

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Whole numbers (`i32`).
    Int,
    /// Real numbers (`f64`).
    Float,
    /// Calendar dates (days since 1970-01-01).
    Date,
    /// Time of day in minutes after midnight.
    Time,
    /// Dictionary-encoded text.
    Category,
    /// A list of numeric codes per row (`Mocodes`).
    CodeList,
}

impl Kind {
    /// A short human name for the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Int => "integer",
            Kind::Float => "number",
            Kind::Date => "date",
            Kind::Time => "time of day",
            Kind::Category => "category",
            Kind::CodeList => "code list",
        }
    }
}

macro_rules! official_columns {
    ($($variant:ident => $name:literal, $kind:ident, $required:literal;)*) => {
        /// One of the 28 columns of the official export.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Official { $(#[doc = $name] $variant,)* }

        impl Official {
            /// All official columns, in export order.
            pub const ALL: &'static [Official] = &[$(Official::$variant,)*];

            /// The column's name as the official export spells it.
            pub fn name(self) -> &'static str {
                match self { $(Official::$variant => $name,)* }
            }

            /// How the column is stored.
            pub fn kind(self) -> Kind {
                match self { $(Official::$variant => Kind::$kind,)* }
            }

            /// Whether a file without this column is rejected.
            pub fn required(self) -> bool {
                match self { $(Official::$variant => $required,)* }
            }
        }
    };
}

official_columns! {
    DrNo => "DR_NO", Int, true;
    DateRptd => "Date Rptd", Date, false;
    DateOcc => "DATE OCC", Date, true;
    TimeOcc => "TIME OCC", Time, true;
    Area => "AREA", Int, true;
    AreaName => "AREA NAME", Category, false;
    RptDistNo => "Rpt Dist No", Int, false;
    Part12 => "Part 1-2", Int, false;
    CrmCd => "Crm Cd", Int, true;
    CrmCdDesc => "Crm Cd Desc", Category, false;
    Mocodes => "Mocodes", CodeList, false;
    VictAge => "Vict Age", Int, false;
    VictSex => "Vict Sex", Category, false;
    VictDescent => "Vict Descent", Category, false;
    PremisCd => "Premis Cd", Int, false;
    PremisDesc => "Premis Desc", Category, false;
    WeaponUsedCd => "Weapon Used Cd", Int, false;
    WeaponDesc => "Weapon Desc", Category, false;
    Status => "Status", Category, false;
    StatusDesc => "Status Desc", Category, false;
    CrmCd1 => "Crm Cd 1", Int, false;
    CrmCd2 => "Crm Cd 2", Int, false;
    CrmCd3 => "Crm Cd 3", Int, false;
    CrmCd4 => "Crm Cd 4", Int, false;
    Location => "LOCATION", Category, false;
    CrossStreet => "Cross Street", Category, false;
    Lat => "LAT", Float, false;
    Lon => "LON", Float, false;
}

impl Official {
    /// Finds the official column a header name refers to, if any.
    pub fn from_header(name: &str) -> Option<Official> {
        let wanted = normalize_name(name);
        Official::ALL.iter().copied().find(|o| normalize_name(o.name()) == wanted)
    }

    /// Whether a value of exactly zero means "missing" (hidden locations have LAT = LON = 0).
    pub fn zero_is_missing(self) -> bool {
        matches!(self, Official::Lat | Official::Lon)
    }

    /// Whether runs of blanks inside values are collapsed (`LOCATION` is padded with spaces).
    pub fn collapses_blanks(self) -> bool {
        matches!(self, Official::Location | Official::CrossStreet)
    }
}

/// Normalises a header name for matching: trimmed, upper case, with `_`, `-` and runs of
/// blanks all turned into one space. `"AREA "`, `"area"` and `"Part 1-2"`/`"part_1_2"` match.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending = false;
    for c in name.trim_start_matches('\u{feff}').chars() {
        if c == '_' || c == '-' || c.is_whitespace() {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.extend(c.to_uppercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_28_official_columns() {
        assert_eq!(Official::ALL.len(), 28);
        assert_eq!(Official::ALL[27].name(), "LON");
    }

    #[test]
    fn matches_header_variants() {
        assert_eq!(Official::from_header("AREA "), Some(Official::Area));
        assert_eq!(Official::from_header("area_name"), Some(Official::AreaName));
        assert_eq!(Official::from_header("part_1_2"), Some(Official::Part12));
        assert_eq!(Official::from_header("Crm Cd 1"), Some(Official::CrmCd1));
        assert_eq!(Official::from_header("\u{feff}DR_NO"), Some(Official::DrNo));
        assert_eq!(Official::from_header("weeknum"), None);
    }
}
