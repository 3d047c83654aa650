//! Value parsers for options: lists from the core's [`Listed`] values, numbers in ranges,
//! dates and booleans, so clap refuses a bad value with the option's name and what is valid.

use clap::builder::{PossibleValue, PossibleValuesParser};

use crate::core::listed::Listed;

/// The ids of a [`Listed`] setting as the option's possible values, each with its label
/// (shown by `--help`; clap suggests the nearest id for a misspelt one).
pub fn listed<T: Listed>() -> PossibleValuesParser {
    PossibleValuesParser::new(T::VALUES.iter().map(|(_, id, label)| PossibleValue::new(*id).help(*label)))
}

/// A share strictly between 0 and 1.
pub fn open_fraction(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if v > 0.0 && v < 1.0 {
        Ok(v)
    } else {
        Err(format!("{v} is not in (0, 1): use a share such as 0.2"))
    }
}

/// A share from 0 (included) to 1 (excluded).
pub fn fraction_from_zero(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not in [0, 1): use a share such as 0.1, or 0"))
    }
}

fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{text:?} is not a number"))
}

/// A calendar date `YYYY-MM-DD`, kept as text.
pub fn iso_date(text: &str) -> Result<String, String> {
    let text = text.trim();
    crate::core::data::date::parse_iso(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD"))
}

/// `true` or `false` (also given alone: `--class-weights` means true).
pub fn boolean(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("{other:?} is not true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_dates_and_booleans_are_checked() {
        assert_eq!(open_fraction("0.25"), Ok(0.25));
        assert!(open_fraction("1").is_err() && open_fraction("0").is_err() && open_fraction("x").is_err());
        assert_eq!(fraction_from_zero("0"), Ok(0.0));
        assert!(fraction_from_zero("NaN").is_err() && fraction_from_zero("1").is_err());
        assert_eq!(iso_date("2021-02-28"), Ok("2021-02-28".into()));
        assert!(iso_date("2021-02-30").is_err() && iso_date("28/02/2021").is_err());
        assert_eq!(boolean("false"), Ok(false));
        assert!(boolean("yes").is_err());
    }
}
