//! Crime types, premises and weapon use.

use serde::{Deserialize, Serialize};

use super::columns;
use super::counts::{top_list, LabelCount, TopList};
use super::selection::Selection;
use crate::core::data::{Dataset, Official, MISSING_CODE, MISSING_INT};

/// How often a weapon was involved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeaponUse {
    /// Rows with a weapon code (including "unknown weapon").
    pub with_weapon: u64,
    /// Rows without one.
    pub without_weapon: u64,
    /// `with_weapon` as a fraction of the selected rows (0–1).
    pub share: f64,
    /// Most frequent weapons.
    pub top: Vec<LabelCount>,
}

/// The `n` most frequent values of an official text column.
pub fn top_of(ds: &Dataset, sel: &Selection, o: Official, n: usize) -> Option<TopList> {
    let (codes, dict) = columns::category(ds, o)?;
    Some(top_list(o.name(), codes, dict, sel, n))
}

/// Weapon use from `Weapon Used Cd` (or `Weapon Desc` when the code is absent).
pub fn weapon_use(ds: &Dataset, sel: &Selection, n: usize) -> Option<WeaponUse> {
    let desc = columns::category(ds, Official::WeaponDesc);
    let with_weapon = if let Some(codes) = columns::ints(ds, Official::WeaponUsedCd) {
        let mut k = 0u64;
        sel.for_each(|r| k += (codes[r] != MISSING_INT) as u64);
        k
    } else {
        let (codes, _) = desc?;
        let mut k = 0u64;
        sel.for_each(|r| k += (codes[r] != MISSING_CODE) as u64);
        k
    };
    let total = sel.len() as u64;
    Some(WeaponUse {
        with_weapon,
        without_weapon: total - with_weapon,
        share: if total > 0 { with_weapon as f64 / total as f64 } else { 0.0 },
        top: desc.map(|(codes, dict)| top_list("Weapon Desc", codes, dict, sel, n).items).unwrap_or_default(),
    })
}
