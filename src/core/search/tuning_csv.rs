//! The tuning table as CSV: one row per candidate, best first, with each varied
//! hyper-parameter in its own column, the mean and spread of its scores, every fold's score,
//! its fit time and the complete hyper-parameters as JSON (what `--params` and the page's box
//! take). Written through [`safe_csv`].

use std::collections::BTreeSet;

use super::record::TuningRecord;
use crate::core::error::Result;
use crate::core::safe_csv;

/// The columns of [`tuning_csv`] before the varied hyper-parameters.
pub const TUNING_LEAD: [&str; 1] = ["rank"];

/// The columns of [`tuning_csv`] after the varied hyper-parameters and before the folds.
pub const TUNING_SCORES: [&str; 2] = ["score", "std"];

/// The columns of [`tuning_csv`] after the folds.
pub const TUNING_TAIL: [&str; 3] = ["fit_ms", "error", "params"];

/// The ranked candidates of a search as CSV bytes: `rank`, the varied hyper-parameters (by
/// name, sorted), `score`, `std`, `fold_1`…`fold_<folds>`, `fit_ms`, `error`, `params`.
pub fn tuning_csv(result: &TuningRecord) -> Result<Vec<u8>> {
    let varied: Vec<String> = result
        .candidates
        .iter()
        .flat_map(|c| c.values.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut header: Vec<String> = TUNING_LEAD.iter().map(|h| h.to_string()).collect();
    header.extend(varied.iter().cloned());
    header.extend(TUNING_SCORES.iter().map(|h| h.to_string()));
    header.extend((1..=result.folds).map(|f| format!("fold_{f}")));
    header.extend(TUNING_TAIL.iter().map(|h| h.to_string()));
    let number = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
    let rows = result.candidates.iter().map(|c| {
        let mut row = vec![c.rank.to_string()];
        row.extend(varied.iter().map(|name| c.values.get(name).map_or(String::new(), json_cell)));
        row.push(number(c.score));
        row.push(number(c.std));
        row.extend((0..result.folds).map(|f| number(c.fold_scores.get(f).copied())));
        row.push(format!("{:.1}", c.fit_ms));
        row.push(c.error.clone().unwrap_or_default());
        row.push(c.params.to_string());
        row
    });
    safe_csv::to_bytes(std::iter::once(header).chain(rows))
}

/// A JSON value as a cell: strings without their quotes, the rest as JSON.
fn json_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
