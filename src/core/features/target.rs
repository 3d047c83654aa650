//! What to predict: the [`Target`] presets and any column, turned into class labels.
//!
//! [`Target::labels`] reads the target of every row of a [`Dataset`] into [`TargetLabels`]:
//! class names plus one class id per row ([`NO_LABEL`] where the row has no usable value,
//! for example a blank `Status`). The crime-group target also reports the crime codes that the
//! mapping table does not know ([`CodeCount`]); they are labelled "Other".

use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::crime_groups::{self, CrimeGroup};
use crate::core::data::{ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};
use crate::core::error::{Error, ErrorKind, Result};

/// Class id of a row without a usable target value (the row is left out).
pub const NO_LABEL: u32 = u32::MAX;

/// Most classes a free-column target keeps; rarer values are pooled into "Other".
pub const MAX_COLUMN_CLASSES: usize = 30;

/// The prediction target.
///
/// Serialised as its id: `crime-group`, `part-1-2`, `arrest`, `division`, or a column name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Target {
    /// The crime group of `Crm Cd` (multiclass, see [`crime_groups`]).
    CrimeGroup,
    /// FBI UCR Part 1 (serious) vs Part 2 (binary).
    Part12,
    /// Arrest made: `Status` AA (adult arrest) or JA (juvenile arrest) vs anything else (binary).
    Arrest,
    /// The LAPD division (`AREA`, 21 classes).
    Division,
    /// Any column, each distinct value a class.
    Column(String),
}

impl crate::core::listed::Listed for Target {
    const SETTING: &'static str = "target";
    /// The presets; any column name is a target too ([`Target::parse`]).
    const VALUES: &'static [(Target, &'static str, &'static str)] = &[
        (Target::CrimeGroup, "crime-group", "Crime group (10 groups)"),
        (Target::Part12, "part-1-2", "Part 1 vs Part 2 (serious vs less serious)"),
        (Target::Arrest, "arrest", "Arrest made"),
        (Target::Division, "division", "Division (21 LAPD areas)"),
    ];
}

/// A crime code the mapping table does not know, and how many rows have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    /// The `Crm Cd`.
    pub code: i32,
    /// Rows with it.
    pub count: u64,
}

/// The target of every row of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLabels {
    /// Class names, indexed by class id.
    pub classes: Vec<String>,
    /// Class id per dataset row; [`NO_LABEL`] where unknown.
    pub y: Vec<u32>,
    /// Crime codes not in the mapping table (crime-group target only), most frequent first.
    pub unknown_codes: Vec<CodeCount>,
    /// Notes for the user (pooled classes…).
    pub notes: Vec<String>,
}

impl Target {
    /// The preset targets, in menu order.
    pub const PRESETS: [Target; 4] = [Target::CrimeGroup, Target::Part12, Target::Arrest, Target::Division];

    /// Parses an id: a preset id, or else a column name.
    pub fn parse(id: &str) -> Target {
        match id.trim() {
            "crime-group" => Target::CrimeGroup,
            "part-1-2" => Target::Part12,
            "arrest" => Target::Arrest,
            "division" => Target::Division,
            other => Target::Column(other.to_owned()),
        }
    }

    /// The stable id.
    pub fn id(&self) -> &str {
        match self {
            Target::CrimeGroup => "crime-group",
            Target::Part12 => "part-1-2",
            Target::Arrest => "arrest",
            Target::Division => "division",
            Target::Column(name) => name,
        }
    }

    /// A human name.
    pub fn label(&self) -> String {
        match self {
            Target::CrimeGroup => "Crime group".into(),
            Target::Part12 => "Part 1-2 (UCR seriousness)".into(),
            Target::Arrest => "Arrest made".into(),
            Target::Division => "Division (AREA)".into(),
            Target::Column(name) => format!("Column {name}"),
        }
    }

    /// The official columns the target is read from (used by the leakage rules).
    pub fn sources(&self) -> Vec<Official> {
        match self {
            Target::CrimeGroup => vec![Official::CrmCd],
            Target::Part12 => vec![Official::Part12],
            Target::Arrest => vec![Official::Status],
            Target::Division => vec![Official::Area],
            Target::Column(name) => Official::from_header(name).into_iter().collect(),
        }
    }

    /// Reads the target of every row.
    pub fn labels(&self, ds: &Dataset) -> Result<TargetLabels> {
        match self {
            Target::CrimeGroup => crime_group_labels(ds),
            Target::Part12 => part12_labels(ds),
            Target::Arrest => arrest_labels(ds),
            Target::Division => division_labels(ds),
            Target::Column(name) => column_labels(ds, name),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl From<Target> for String {
    fn from(t: Target) -> String {
        t.id().to_owned()
    }
}

impl From<String> for Target {
    fn from(s: String) -> Target {
        Target::parse(&s)
    }
}

impl std::str::FromStr for Target {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> std::result::Result<Target, Self::Err> {
        Ok(Target::parse(s))
    }
}

fn ints<'a>(ds: &'a Dataset, official: Official, target: &str) -> Result<&'a [i32]> {
    match ds.official(official).map(|c| &c.data) {
        Some(ColumnData::Int(v)) => Ok(v),
        Some(_) => Err(Error::new(ErrorKind::ColumnUnavailable {
            needed_by: format!("the {target} target"),
            column: official.name().into(),
            as_type: Some("whole numbers".into()),
            hint: None,
        })),
        None => Err(Error::column_unavailable(format!("the {target} target"), official.name())),
    }
}

fn crime_group_labels(ds: &Dataset) -> Result<TargetLabels> {
    let codes = ints(ds, Official::CrmCd, "crime-group")?;
    let dense = crime_groups::dense_table();
    let other = CrimeGroup::Other as u32;
    let mut unknown: FxHashMap<i32, u64> = FxHashMap::default();
    let y = codes
        .iter()
        .map(|&c| {
            if c == MISSING_INT {
                return NO_LABEL;
            }
            match usize::try_from(c).ok().and_then(|i| dense.get(i).copied().flatten()) {
                Some(g) => g as u32,
                None => {
                    *unknown.entry(c).or_default() += 1;
                    other
                }
            }
        })
        .collect();
    let mut unknown_codes: Vec<CodeCount> =
        unknown.into_iter().map(|(code, count)| CodeCount { code, count }).collect();
    unknown_codes.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    let mut notes = Vec::new();
    if !unknown_codes.is_empty() {
        notes.push(format!(
            "{} crime codes are not in the mapping table (version {}) and were labelled Other",
            unknown_codes.len(),
            crime_groups::MAPPING_VERSION
        ));
    }
    Ok(TargetLabels {
        classes: CrimeGroup::ALL.iter().map(|g| g.label().to_owned()).collect(),
        y,
        unknown_codes,
        notes,
    })
}

fn part12_labels(ds: &Dataset) -> Result<TargetLabels> {
    let parts = ints(ds, Official::Part12, "part-1-2")?;
    let y = parts
        .iter()
        .map(|&p| match p {
            1 => 0,
            2 => 1,
            _ => NO_LABEL,
        })
        .collect();
    Ok(simple(vec!["Part 1".into(), "Part 2".into()], y))
}

fn arrest_labels(ds: &Dataset) -> Result<TargetLabels> {
    let Some(ColumnData::Category { codes, dict }) = ds.official(Official::Status).map(|c| &c.data) else {
        return Err(Error::new(ErrorKind::ColumnUnavailable {
            needed_by: "the arrest target".into(),
            column: Official::Status.name().into(),
            as_type: Some("text".into()),
            hint: None,
        }));
    };
    let map: Vec<u32> = dict
        .values()
        .iter()
        .map(|v| match v.trim() {
            "AA" | "JA" => 1,
            "" => NO_LABEL,
            _ => 0,
        })
        .collect();
    let y = codes.iter().map(|&c| if c == MISSING_CODE { NO_LABEL } else { map[c as usize] }).collect();
    Ok(simple(vec!["No arrest".into(), "Arrest".into()], y))
}

fn division_labels(ds: &Dataset) -> Result<TargetLabels> {
    let areas = ints(ds, Official::Area, "division")?;
    let names = ds.official(Official::AreaName).and_then(|c| match &c.data {
        ColumnData::Category { codes, dict } => Some((codes, dict)),
        _ => None,
    });
    // Distinct area codes in increasing order, named by the first AREA NAME seen.
    let mut name_of: FxHashMap<i32, String> = FxHashMap::default();
    for (row, &a) in areas.iter().enumerate() {
        if a == MISSING_INT || name_of.contains_key(&a) {
            continue;
        }
        let name = names
            .and_then(|(codes, dict)| dict.get(codes[row]))
            .map(|n| format!("{a:02} {n}"))
            .unwrap_or_else(|| format!("{a:02}"));
        name_of.insert(a, name);
    }
    let mut codes: Vec<i32> = name_of.keys().copied().collect();
    codes.sort_unstable();
    let index: FxHashMap<i32, u32> = codes.iter().enumerate().map(|(i, &c)| (c, i as u32)).collect();
    let y = areas.iter().map(|a| index.get(a).copied().unwrap_or(NO_LABEL)).collect();
    let classes = codes.iter().map(|c| name_of[c].clone()).collect();
    Ok(simple(classes, y))
}

fn column_labels(ds: &Dataset, name: &str) -> Result<TargetLabels> {
    let column = ds
        .column(name)
        .or_else(|| Official::from_header(name).and_then(|o| ds.official(o)))
        .ok_or_else(|| {
            Error::invalid_param(
                "features",
                "target",
                format!("{name:?}"),
                "crime-group, part-1-2, arrest, division or a column of the file",
            )
        })?;
    // Text value of each row as a dense code, then classes by frequency.
    let rows = ds.rows();
    let (raw, names): (Vec<u32>, Vec<String>) = match &column.data {
        ColumnData::Category { codes, dict } => (codes.clone(), dict.values().to_vec()),
        ColumnData::Int(v) => {
            let mut index: FxHashMap<i32, u32> = FxHashMap::default();
            let mut names = Vec::new();
            let raw = v
                .iter()
                .map(|&x| {
                    if x == MISSING_INT {
                        return MISSING_CODE;
                    }
                    *index.entry(x).or_insert_with(|| {
                        names.push(x.to_string());
                        names.len() as u32 - 1
                    })
                })
                .collect();
            (raw, names)
        }
        other => {
            return Err(Error::new(ErrorKind::ColumnUnavailable {
                needed_by: "the target".into(),
                column: name.to_owned(),
                as_type: Some(format!("text or codes (it holds {})", other.kind().label())),
                hint: Some("pick a text or code column as the target".into()),
            }))
        }
    };
    let mut counts = vec![0u64; names.len()];
    for &c in &raw {
        if c != MISSING_CODE {
            counts[c as usize] += 1;
        }
    }
    let mut order: Vec<usize> = (0..names.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(names[a].cmp(&names[b])));
    let mut notes = Vec::new();
    let mut remap = vec![NO_LABEL; names.len()];
    let mut classes = Vec::new();
    let pooled = order.len() > MAX_COLUMN_CLASSES;
    let kept = if pooled { MAX_COLUMN_CLASSES - 1 } else { order.len() };
    for (i, &value) in order.iter().enumerate() {
        if i < kept {
            remap[value] = i as u32;
            classes.push(names[value].clone());
        } else {
            remap[value] = kept as u32;
        }
    }
    if pooled {
        classes.push("Other".into());
        notes.push(format!(
            "{name} has {} distinct values: the {} most frequent are classes, the rest are pooled into Other",
            order.len(),
            kept
        ));
    }
    let mut y = Vec::with_capacity(rows);
    y.extend(raw.iter().map(|&c| if c == MISSING_CODE { NO_LABEL } else { remap[c as usize] }));
    Ok(TargetLabels { classes, y, unknown_codes: Vec::new(), notes })
}

fn simple(classes: Vec<String>, y: Vec<u32>) -> TargetLabels {
    TargetLabels { classes, y, unknown_codes: Vec::new(), notes: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids() {
        assert_eq!(Target::parse("crime-group"), Target::CrimeGroup);
        assert_eq!(Target::parse("part-1-2"), Target::Part12);
        assert_eq!(Target::parse("arrest"), Target::Arrest);
        assert_eq!(Target::parse("division"), Target::Division);
        assert_eq!(Target::parse("Vict Sex"), Target::Column("Vict Sex".into()));
        let json = serde_json::to_string(&Target::Part12).unwrap();
        assert_eq!(json, "\"part-1-2\"");
        assert_eq!(serde_json::from_str::<Target>(&json).unwrap(), Target::Part12);
    }
}
