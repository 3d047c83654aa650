//! Victims: age histogram (unknown ages apart), sex and descent.
//!
//! `Vict Age` of 0 or below means "unknown" (or no person victim, e.g. a business), so those
//! rows are counted apart instead of piling up in the first bin.

use serde::{Deserialize, Serialize};

use super::columns;
use super::counts::{code_counts, LabelCount};
use super::selection::Selection;
use super::stats::DenseCounts;
use crate::core::data::{Dataset, Dictionary, Official, MISSING_INT};

/// Width of the age bins, in years.
pub const AGE_BIN: u32 = 5;

/// Number of age bins (0–4 … 95+).
pub const AGE_BINS: usize = 20;

/// Victim ages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeHistogram {
    /// Bin width in years; bin `i` holds ages `i·width ..= i·width + width − 1`, the last bin
    /// also every older age.
    pub bin_width: u32,
    /// Rows per bin.
    pub counts: Vec<u64>,
    /// Rows with a known age (> 0).
    pub known: u64,
    /// Rows with age 0, negative or blank: unknown.
    pub unknown: u64,
    /// Median of the known ages.
    pub median: f64,
    /// Mean of the known ages.
    pub mean: f64,
}

/// Victim sex and descent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SexDescent {
    /// Rows per `Vict Sex` value (labels spelled out), most frequent first; blank last.
    pub sex: Vec<LabelCount>,
    /// Rows per `Vict Descent` value (labels spelled out), most frequent first; blank last.
    pub descent: Vec<LabelCount>,
}

/// The victim age histogram.
pub fn ages(ds: &Dataset, sel: &Selection) -> Option<AgeHistogram> {
    let age = columns::ints(ds, Official::VictAge)?;
    let mut counts = vec![0u32; 128];
    let mut unknown = 0u64;
    sel.for_each(|r| {
        let a = age[r];
        if a == MISSING_INT || a <= 0 {
            unknown += 1;
        } else {
            counts[(a as usize).min(127)] += 1;
        }
    });
    let known = counts.iter().map(|&c| c as u64).sum();
    let dense = DenseCounts { min: 0, counts, total: known };
    let summary = dense.summary();
    let mut bins = vec![0u64; AGE_BINS];
    for (a, &c) in dense.counts.iter().enumerate() {
        bins[(a / AGE_BIN as usize).min(AGE_BINS - 1)] += c as u64;
    }
    Some(AgeHistogram {
        bin_width: AGE_BIN,
        counts: bins,
        known,
        unknown,
        median: summary.as_ref().map_or(0.0, |s| s.median),
        mean: summary.as_ref().map_or(0.0, |s| s.mean),
    })
}

/// Victim sex and descent breakdowns.
pub fn sex_descent(ds: &Dataset, sel: &Selection) -> SexDescent {
    let tally = |o: Official, name: fn(&str) -> Option<&'static str>| {
        columns::category(ds, o).map(|(codes, dict)| labelled(codes, dict, sel, name)).unwrap_or_default()
    };
    SexDescent {
        sex: tally(Official::VictSex, sex_name),
        descent: tally(Official::VictDescent, descent_name),
    }
}

fn labelled(
    codes: &[u32],
    dict: &Dictionary,
    sel: &Selection,
    name: fn(&str) -> Option<&'static str>,
) -> Vec<LabelCount> {
    let (counts, missing) = code_counts(codes, dict, sel);
    let mut out: Vec<LabelCount> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            let code = dict.values()[i].as_str();
            let label = match name(code) {
                Some(n) => format!("{n} ({code})"),
                None => format!("code {code}"),
            };
            LabelCount::new(label, c as u64)
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    if missing > 0 {
        out.push(LabelCount::new("blank", missing));
    }
    out
}

/// The meaning of a `Vict Sex` code.
pub fn sex_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "M" => "Male",
        "F" => "Female",
        "X" => "Unknown",
        "H" => "Undocumented",
        _ => return None,
    })
}

/// The meaning of a `Vict Descent` code (LAPD code list).
pub fn descent_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "A" => "Other Asian",
        "B" => "Black",
        "C" => "Chinese",
        "D" => "Cambodian",
        "F" => "Filipino",
        "G" => "Guamanian",
        "H" => "Hispanic/Latin/Mexican",
        "I" => "American Indian/Alaskan Native",
        "J" => "Japanese",
        "K" => "Korean",
        "L" => "Laotian",
        "O" => "Other",
        "P" => "Pacific Islander",
        "S" => "Samoan",
        "U" => "Hawaiian",
        "V" => "Vietnamese",
        "W" => "White",
        "X" => "Unknown",
        "Z" => "Asian Indian",
        _ => return None,
    })
}
