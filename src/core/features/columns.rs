//! Which base columns a feature id stands for, and their fit on the training rows.
//!
//! Most feature ids are one base column; `mocodes` expands to one yes/no column per MO code
//! among the most frequent on the training rows ([`top_mocodes`]). [`fit_base`] turns a
//! derived training column into base values, choosing the levels of a categorical one.

use super::catalog::COLUMN_PREFIX;
use super::config::FeatureConfig;
use super::derive::{self, Derive, Raw};
use super::levels::{apply_levels, fit_levels};
use crate::core::data::Dataset;
use crate::core::error::Result;
use crate::core::frame::FeatureValues;

/// The `top_k.mocodes` MO codes most frequent on the training rows (seen at least
/// `min_level_count` times), most frequent first.
pub fn top_mocodes(ds: &Dataset, train: &[u32], config: &FeatureConfig) -> Result<Vec<u16>> {
    let (offsets, values) = derive::mocodes(ds)?;
    let mut counts = vec![0u32; u16::MAX as usize + 1];
    for &r in train {
        for &c in &values[offsets[r as usize] as usize..offsets[r as usize + 1] as usize] {
            counts[c as usize] += 1;
        }
    }
    let mut codes: Vec<u16> =
        (0..=u16::MAX).filter(|&c| counts[c as usize] >= config.min_level_count.max(1)).collect();
    codes.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
    codes.truncate(config.top_k.mocodes);
    Ok(codes)
}

/// The base columns of a feature id: `(name, how to derive, top K)`. MO codes expand to one
/// yes/no column per code of `mocodes`.
pub fn base_columns(id: &str, config: &FeatureConfig, mocodes: &[u16]) -> Vec<(String, Derive, usize)> {
    let top = &config.top_k;
    if let Some(name) = id.strip_prefix(COLUMN_PREFIX) {
        return vec![(name.to_owned(), Derive::Column { name: name.to_owned() }, top.other)];
    }
    let one = |d: Derive, k: usize| vec![(id.to_owned(), d, k)];
    match id {
        "hour" => one(Derive::Hour, 0),
        "minute_bucket" => one(Derive::MinuteBucket, 0),
        "weekday" => one(Derive::Weekday, 0),
        "month" => one(Derive::Month, 0),
        "year" => one(Derive::Year, 0),
        "day_of_year" => one(Derive::DayOfYear, 0),
        "weekend" => one(Derive::Weekend, 0),
        "holiday" => one(Derive::Holiday, 0),
        "report_delay_days" => one(Derive::ReportDelay, 0),
        "victim_age" => one(Derive::VictimAge, 0),
        "victim_age_band" => one(Derive::VictimAgeBand, 0),
        "victim_sex" => one(Derive::VictimSex, top.other),
        "victim_descent" => one(Derive::VictimDescent, top.other),
        "lat" => one(Derive::Lat, 0),
        "lon" => one(Derive::Lon, 0),
        "grid_cell" => one(Derive::GridCell { degrees: config.grid_degrees }, top.grid),
        "premise" => one(Derive::Premise, top.premise),
        "weapon" => one(Derive::Weapon, top.weapon),
        "mocode_count" => one(Derive::MocodeCount, 0),
        "area" => one(Derive::Area, top.other),
        "mocodes" => mocodes
            .iter()
            .map(|&code| (format!("mocode_{code:04}"), Derive::MocodeFlag { code }, 0))
            .collect(),
        _ => Vec::new(),
    }
}

/// Training values of a base column; categorical levels fitted here.
pub fn fit_base(raw: Raw<'_>, top_k: usize, min_count: u32) -> (FeatureValues, Option<Vec<String>>) {
    match raw {
        Raw::Num(v) => (FeatureValues::Numeric(v), None),
        Raw::Fixed { codes, names } => {
            let levels: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
            (FeatureValues::Categorical { codes, levels: levels.clone() }, Some(levels))
        }
        Raw::Cat { codes, names, ordered } => {
            let levels = fit_levels(&codes, &names, ordered, top_k, min_count);
            let level_codes = apply_levels(&codes, &names, &levels);
            (FeatureValues::Categorical { codes: level_codes, levels: levels.clone() }, Some(levels))
        }
    }
}
