//! From a header's names to the columns of the dataset: official columns recognised, names
//! made unique, hostile headers refused.
//!
//! Every step is linear in the header's size: a header of [`MAX_COLUMNS`] names, all the same,
//! is mapped in well under a millisecond. Duplicate names get ` (2)`, ` (3)`… in file order,
//! skipping any suffixed name the file already has, so names are unique and the same for the
//! same header.

use std::collections::{HashMap, HashSet};

use super::limits::{MAX_COLUMNS, MAX_NAME_CHARS};
use super::plan::Slot;
use super::schema::{Kind, Official};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::format::thousands;

/// Names of the header shown in an error about it.
const NAMES_IN_ERRORS: usize = 8;

/// Refuses a header with more than [`MAX_COLUMNS`] fields.
pub fn check_width(fields: usize) -> Result<()> {
    if fields > MAX_COLUMNS {
        return Err(Error::new(ErrorKind::Limit {
            what: "columns".into(),
            limit: thousands(MAX_COLUMNS as u64),
            found: format!("{} in the header", thousands(fields as u64)),
        }));
    }
    Ok(())
}

/// The dataset's columns for a header (trimmed names, in file order): official columns
/// recognised (the first of each), every name unique. Fails when a required official column is
/// missing, naming it and the first few names found.
pub fn map_header(names: &[String]) -> Result<Vec<Slot>> {
    check_width(names.len())?;
    let mut seen = [false; 28];
    debug_assert_eq!(Official::ALL.len(), seen.len());
    let mut taken: HashSet<String> = HashSet::with_capacity(names.len());
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut slots: Vec<Slot> = Vec::with_capacity(names.len());
    for (i, raw) in names.iter().enumerate() {
        let mut name = if raw.is_empty() { format!("column {}", i + 1) } else { shorten(raw) };
        let official = Official::from_header(&name).filter(|o| !seen[*o as usize]);
        if let Some(o) = official {
            seen[o as usize] = true;
            name = o.name().to_owned();
        }
        let name = unique(name, &mut taken, &mut next_suffix);
        slots.push(Slot { name, official, kind: official.map_or(Kind::Category, Official::kind) });
    }
    let missing: Vec<String> = Official::ALL
        .iter()
        .filter(|o| o.required() && !seen[**o as usize])
        .map(|o| o.name().to_owned())
        .collect();
    if !missing.is_empty() {
        let found = names.iter().take(NAMES_IN_ERRORS).map(|n| shorten(n)).collect();
        return Err(Error::new(ErrorKind::MissingColumns { missing, found, found_total: names.len() }));
    }
    Ok(slots)
}

/// `name`, or `name (n)` with the smallest `n ≥ 2` not taken yet; marks it taken. Amortised
/// constant time: each name's next suffix is remembered.
fn unique(name: String, taken: &mut HashSet<String>, next_suffix: &mut HashMap<String, usize>) -> String {
    if !taken.contains(&name) {
        taken.insert(name.clone());
        return name;
    }
    let n = next_suffix.entry(name.clone()).or_insert(2);
    loop {
        let candidate = format!("{name} ({n})");
        *n += 1;
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// A name cut to [`MAX_NAME_CHARS`] characters (ending with `…` when cut).
fn shorten(name: &str) -> String {
    match name.char_indices().nth(MAX_NAME_CHARS - 1) {
        Some((cut, _)) if name.chars().count() > MAX_NAME_CHARS => format!("{}…", &name[..cut]),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        let mut all: Vec<String> =
            ["DR_NO", "DATE OCC", "TIME OCC", "AREA", "Crm Cd"].map(String::from).to_vec();
        all.extend(list.iter().map(|s| s.to_string()));
        all
    }

    fn mapped(list: &[&str]) -> Vec<String> {
        map_header(&names(list)).unwrap().into_iter().skip(5).map(|s| s.name).collect()
    }

    #[test]
    fn duplicates_get_stable_unique_suffixes() {
        assert_eq!(mapped(&["x", "x", "x"]), ["x", "x (2)", "x (3)"]);
        assert_eq!(mapped(&["x", "x (2)", "x"]), ["x", "x (2)", "x (3)"]);
        assert_eq!(mapped(&["x", "x", "x (2)"]), ["x", "x (2)", "x (2) (2)"]);
        assert_eq!(mapped(&["", "", "column 6"]), ["column 6", "column 7", "column 6 (2)"]);
        // A second official name is an extra column under its own name.
        assert_eq!(mapped(&["DATE OCC", "date_occ"]), ["DATE OCC (2)", "date_occ"]);
    }

    #[test]
    fn a_wide_header_is_refused_by_name_and_a_long_name_is_cut() {
        let wide: Vec<String> = (0..MAX_COLUMNS + 1).map(|i| format!("c{i}")).collect();
        let err = map_header(&wide).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Limit { .. }));
        assert_eq!(
            err.to_string(),
            "Too many columns: 1,001 in the header, where Crime Lab accepts at most 1,000."
        );
        let long = "n".repeat(5000);
        let got = mapped(&[&long]);
        assert_eq!(got[0].chars().count(), MAX_NAME_CHARS);
        assert!(got[0].ends_with('…'));
    }

    #[test]
    fn a_thousand_identical_names_map_fast_and_unique() {
        let same = vec!["dup"; MAX_COLUMNS - 5];
        let got = mapped(&same);
        assert_eq!(got.len(), MAX_COLUMNS - 5);
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), got.len());
        assert_eq!(got.last().unwrap(), &format!("dup ({})", MAX_COLUMNS - 5));
    }

    #[test]
    fn the_missing_columns_error_stays_short() {
        let many: Vec<String> = (0..900).map(|i| format!("{}{i}", "long name ".repeat(30))).collect();
        let err = map_header(&many).unwrap_err();
        let text = err.to_string();
        assert!(text.len() < 1000, "{} chars", text.len());
        assert!(text.ends_with("and 892 more."), "{text}");
        match err.kind() {
            ErrorKind::MissingColumns { found, found_total, .. } => {
                assert_eq!((found.len(), *found_total), (NAMES_IN_ERRORS, 900));
            }
            other => panic!("{other:?}"),
        }
    }
}
