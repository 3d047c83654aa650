//! [`ClassBalance`]: the classes of the chosen target before any feature is built — how many
//! usable rows each class has in the training, validation and test rows of the split — so the
//! form can draw the balance as soon as a target is chosen.
//!
//! It runs only the first two steps of [`prepare`](super::prepare()) ([`plan_rows`]: target,
//! row filters, usable rows, split), a few milliseconds on the full export. The counts are
//! before resampling; the feature summary of a prepared matrix gives them after.

use serde::{Deserialize, Serialize};

use super::config::FeatureConfig;
use super::rows::plan_rows;
use super::summary::{ClassCount, DroppedRows};
use crate::core::data::date::format_iso;
use crate::core::data::Dataset;
use crate::core::error::Result;

/// The classes of a target over the usable rows, per set of the split.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassBalance {
    /// Target id.
    pub target: String,
    /// Target name.
    pub target_label: String,
    /// Each class with its training, validation and test rows, in class order.
    pub classes: Vec<ClassCount>,
    /// Rows in the dataset.
    pub total_rows: usize,
    /// Rows left out before the split, by reason (row filters, no target, records change…).
    pub dropped: DroppedRows,
    /// `time` or `random`.
    pub split_kind: String,
    /// First test date of a time split (`YYYY-MM-DD`).
    pub split_date: Option<String>,
}

impl ClassBalance {
    /// Usable rows (training, validation and test together).
    pub fn rows(&self) -> usize {
        self.classes.iter().map(|c| c.train + c.valid + c.test).sum()
    }
}

/// The class balance `config` would train on (see the module docs).
pub fn class_balance(ds: &Dataset, config: &FeatureConfig) -> Result<ClassBalance> {
    let plan = plan_rows(ds, config)?;
    let mut classes: Vec<ClassCount> = plan
        .classes
        .iter()
        .map(|name| ClassCount { name: name.clone(), train: 0, valid: 0, test: 0, weight: None })
        .collect();
    let count = |rows: &[u32], classes: &mut Vec<ClassCount>, set: fn(&mut ClassCount) -> &mut usize| {
        for &r in rows {
            *set(&mut classes[plan.y[r as usize] as usize]) += 1;
        }
    };
    count(&plan.split.train, &mut classes, |c| &mut c.train);
    count(&plan.split.valid, &mut classes, |c| &mut c.valid);
    count(&plan.split.test, &mut classes, |c| &mut c.test);
    Ok(ClassBalance {
        target: config.target.id().to_owned(),
        target_label: config.target.label(),
        classes,
        total_rows: ds.rows(),
        dropped: plan.dropped,
        split_kind: config.split.kind().to_owned(),
        split_date: plan.split.split_date.filter(|_| config.split.kind() == "time").map(format_iso),
    })
}
